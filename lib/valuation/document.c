/*
 * The <valuation> input document (urn:datasset:valuation:1): read it through
 * the shared XML layer (schema first, then the domain rules with the line and
 * field path of the element at fault), compute every approach, the conclusion
 * and the sensitivity table.
 * SPDX-License-Identifier: MIT
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "internal/decimal_xml.h"
#include "valuation_document.h"

/* ---------------------------------------------------------------- helpers */

static int dvec_new(dvec *v, ds_decimal **out)
{
	if (v->n == v->cap) {
		size_t cap = v->cap ? 2 * v->cap : 64;
		ds_decimal **d = ds__realloc(v->d, cap * sizeof *d);
		if (!d)
			return ds__enomem();
		v->d = d;
		v->cap = cap;
	}
	if (ds_decimal_new(&v->d[v->n]) < 0)
		return ds__enomem();
	*out = v->d[v->n++];
	return DS_OK;
}

static void dvec_free(dvec *v)
{
	while (v->n)
		ds_decimal_free(v->d[--v->n]);
	ds__free(v->d);
	memset(v, 0, sizeof *v);
}

typedef struct ctx {
	ds_valuation_report *r;
	dvec pool;
	const ds_valuation_options *opts;
	xmlNodePtr sensitivity; /* the <sensitivity> element, or NULL */
	int sensitivity_done;
} ctx;

/* The next whitespace-separated token of *cursor (NUL-terminated in place), or NULL. */
static char *next_token(char **cursor)
{
	char *p = *cursor, *start;

	while (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n')
		p++;
	if (!*p)
		return NULL;
	start = p;
	while (*p && *p != ' ' && *p != '\t' && *p != '\r' && *p != '\n')
		p++;
	if (*p)
		*p++ = '\0';
	*cursor = p;
	return start;
}

static int has(xmlNodePtr node, const char *attr)
{
	return xmlHasProp(node, (const xmlChar *)attr) != NULL;
}

/* A new decimal (owned by the parse) from an attribute, or from the content when @attr is NULL;
 * for an element of an input array (ds_decimal *const *). */
static int new_number(ctx *c, ds_decimal **out, xmlNodePtr node, const char *attr, int percent_ok)
{
	ds_decimal *d;
	int rc;

	if ((rc = dvec_new(&c->pool, &d)) < 0 || (rc = ds__xml_decimal(d, node, attr, percent_ok)) < 0)
		return rc;
	*out = d;
	return DS_OK;
}

/* The same for a single input (const ds_decimal *). */
static int number(ctx *c, const ds_decimal **out, xmlNodePtr node, const char *attr, int percent_ok)
{
	ds_decimal *d;
	int rc;

	if ((rc = new_number(c, &d, node, attr, percent_ok)) < 0)
		return rc;
	*out = d;
	return DS_OK;
}

static int attr_is(xmlNodePtr node, const char *attr, const char *value)
{
	xmlChar *text = xmlGetNoNsProp(node, (const xmlChar *)attr);
	int same = text && strcmp((const char *)text, value) == 0;
	xmlFree(text);
	return same;
}

/* The @index-th (0-based) child element named @name. */
static xmlNodePtr nth(xmlNodePtr parent, const char *name, size_t index)
{
	xmlNodePtr node = ds__xml_child(parent, name);
	while (node && index--)
		node = ds__xml_next(node, name);
	return node;
}

/* Re-raise the library's error (set by a computation on parameters built
 * from @element) at the element or attribute the field names. */
typedef struct locator {
	const char *field_prefix; /* "rates" */
	const char *child;	  /* the child element holding item k ("period"), NULL for @element itself */
	const char *attr;	  /* its attribute ("rate") */
	int indexed;		  /* a list: "rates[k]" is the k-th child, "rates" the element itself */
} locator;

static int relocate(int rc, xmlNodePtr element, const locator *map, size_t n_map)
{
	char message[1024], field[256];
	size_t m, len;
	unsigned long index = 0, inner = 0;

	snprintf(message, sizeof message, "%s", ds_error_last()->message);
	snprintf(field, sizeof field, "%s", ds_error_last()->field);
	for (m = 0; m < n_map; m++) {
		xmlNodePtr node = element;
		len = strlen(map[m].field_prefix);
		if (strncmp(field, map[m].field_prefix, len) != 0 ||
		    (field[len] != '[' && field[len] != '\0' && field[len] != '/'))
			continue;
		if (field[len] == '[')
			sscanf(field + len, "[%lu][%lu]", &index, &inner);
		if (map[m].indexed && field[len] != '[') {
			/* The list as a whole ("weights: they sum to 0.9"): the element itself. */
			return ds__xml_error(rc, element, NULL, "%s", message);
		}
		if (map[m].child) {
			node = nth(element, map[m].child, index ? index - 1 : 0);
			if (node && inner && strcmp(map[m].child, "period") == 0)
				node = nth(node, "contribution", inner - 1);
			if (node && strncmp(field + len, "]/", 2) != 0 && strstr(field, "/coefficients[")) {
				unsigned long k = 0;
				sscanf(strstr(field, "/coefficients[") + 14, "%lu", &k);
				node = nth(node, "coefficient", k ? k - 1 : 0);
			}
		}
		if (!node)
			break;
		return ds__xml_error(rc, node, has(node, map[m].attr ? map[m].attr : "") ? map[m].attr : NULL, "%s",
				     message);
	}
	return ds__xml_error(rc, element, NULL, "%s", message);
}

static int add_item(ctx *c, xmlNodePtr element, const char *default_id, const char *kind, ds_valuation **out,
		    int counts)
{
	ds_valuation_report *r = c->r;
	report_item *item;
	char *id = NULL;
	size_t i;
	int rc;

	if (r->count == DS_VALUATION_REPORT_MAX)
		return ds__xml_error(DS_ERANGE, element, NULL, "at most %d approaches", DS_VALUATION_REPORT_MAX);
	if ((rc = ds__xml_name(&id, element, counts ? "id" : NULL, 0)) < 0)
		return rc;
	if (!counts) {
		ds__free(id);
		id = NULL;
	}
	if (!id && !(id = ds__strdup(default_id)))
		return ds__enomem();
	for (i = 0; i < r->count; i++)
		if (strcmp(r->items[i].id, id) == 0) {
			rc = ds__xml_error(DS_EINVAL, element, counts ? "id" : NULL,
					   "approach id '%s' is used twice (give each approach its own id)", id);
			ds__free(id);
			return rc;
		}
	item = &r->items[r->count];
	if ((rc = ds_valuation_new(&item->v)) < 0) {
		ds__free(id);
		return rc;
	}
	item->id = id;
	item->kind = kind;
	item->counts = counts;
	r->count++;
	*out = item->v;
	return DS_OK;
}

/* ---------------------------------------------------------------- income */

static const locator income_map[] = {
	{ "rates", "period", "rate", 1 },
	{ "shares", "period", "share", 1 },
	{ "income", "period", "income", 1 },
	{ "baseline", "period", "baseline", 1 },
	{ "contributions", "period", "amount", 1 },
	{ "periods", NULL, NULL, 0 },
	{ "options/precision", NULL, "precision", 0 },
};

static int sensitivity_for(ctx *c, const ds_valuation_income_params *p, const ds_valuation_options *opts,
			   const char *id)
{
	ds_valuation_report *r = c->r;
	char *wanted = NULL, *text = NULL;
	const char *attrs[2] = { "rateChanges", "incomeChanges" };
	dvec *lists[2] = { &r->rate_changes, &r->income_changes };
	size_t i, k;
	int rc;

	if (!c->sensitivity || c->sensitivity_done)
		return DS_OK;
	if ((rc = ds__xml_text(&wanted, c->sensitivity, "approach")) < 0)
		return rc;
	if (wanted && strcmp(wanted, id) != 0) {
		ds__free(wanted);
		return DS_OK;
	}
	ds__free(wanted);
	c->sensitivity_done = 1;
	if (!(r->sensitivity_id = ds__strdup(id)))
		return ds__enomem();
	for (i = 0; i < 2; i++) {
		char *tok, *cursor;
		if ((rc = ds__xml_text_required(&text, c->sensitivity, attrs[i])) < 0)
			return rc;
		for (cursor = text; (tok = next_token(&cursor));) {
			ds_decimal *d, *hundred = NULL;
			size_t len = strlen(tok);
			int percent = len > 1 && tok[len - 1] == '%';
			if (percent)
				tok[len - 1] = '\0';
			if ((rc = dvec_new(lists[i], &d)) < 0 ||
			    (rc = ds_decimal_parse(d, tok, DS_DECIMAL_EXPONENT)) < 0 ||
			    (percent &&
			     ((rc = ds_decimal_new(&hundred)) < 0 || (rc = ds_decimal_set_int64(hundred, 100)) < 0 ||
			      (rc = ds_decimal_div(d, d, hundred)) < 0))) {
				char message[512];
				/* The message names @tok, which lives in @text: format it first. */
				snprintf(message, sizeof message, "%s", ds_error_last()->message);
				ds_decimal_free(hundred);
				rc = ds__xml_error(rc, c->sensitivity, attrs[i], "'%s': %s", tok, message);
				ds__free(text);
				return rc;
			}
			ds_decimal_free(hundred);
		}
		ds__free(text);
		text = NULL;
		if (lists[i]->n == 0 || lists[i]->n > 100)
			return ds__xml_error(DS_ERANGE, c->sensitivity, attrs[i], "give 1 to 100 changes");
	}
	for (k = 0; k < r->rate_changes.n * r->income_changes.n; k++) {
		ds_decimal *d;
		if ((rc = dvec_new(&r->table, &d)) < 0)
			return rc;
	}
	rc = ds_valuation_sensitivity(r->table.d, p, r->rate_changes.d, r->rate_changes.n, r->income_changes.d,
				      r->income_changes.n, opts);
	if (rc < 0) {
		char message[1024];
		snprintf(message, sizeof message, "%s", ds_error_last()->message);
		return ds__xml_error(rc, c->sensitivity, NULL, "%s", message);
	}
	return DS_OK;
}

static int parse_income(ctx *c, xmlNodePtr el)
{
	static const char *const methods[] = { "direct", "share", "excess", "incremental" };
	ds_valuation_income_params p = DS_VALUATION_INCOME_PARAMS_INIT;
	ds_valuation_options opts = DS_VALUATION_OPTIONS_INIT;
	ds_decimal **income = NULL, **rates = NULL, **shares = NULL, **baseline = NULL, **contrib = NULL;
	char **names = NULL;
	xmlNodePtr period, node, first_contrib;
	ds_valuation *v = NULL;
	size_t n, t, j, k = 0;
	long precision;
	int rc = DS_OK, m;

	if (c->opts)
		opts = *c->opts;
	opts.no_trace = 0;
	for (m = 0; m < 4; m++)
		if (attr_is(el, "method", methods[m]))
			p.method = (ds_income_method)m;
	p.timing = attr_is(el, "timing", "mid") ? DS_TIMING_MID : DS_TIMING_END;
	if (has(el, "precision")) {
		if ((rc = ds__xml_long(&precision, el, "precision", DS_VALUATION_MIN_PRECISION,
				       DS_VALUATION_MAX_PRECISION)) < 0)
			return rc;
		opts.precision = (unsigned int)precision;
	}
	n = ds__xml_count(el, "period");
	if (n == 0)
		return ds__xml_error(DS_EINVAL, el, NULL, "no periods (收益期 must be at least 1)");
	first_contrib = ds__xml_child(ds__xml_child(el, "period"), "contribution");
	if (p.method == DS_INCOME_EXCESS) {
		k = ds__xml_count(ds__xml_child(el, "period"), "contribution");
		if (k == 0)
			return ds__xml_error(
				DS_EINVAL, ds__xml_child(el, "period"), NULL,
				"excess earnings need the contributory returns (<contribution>) of each period");
	}
	if (!(income = ds__calloc(n, sizeof *income)) || !(rates = ds__calloc(n, sizeof *rates)) ||
	    !(shares = ds__calloc(n, sizeof *shares)) || !(baseline = ds__calloc(n, sizeof *baseline)) ||
	    !(contrib = ds__calloc(n * (k ? k : 1), sizeof *contrib)) ||
	    !(names = ds__calloc(k ? k : 1, sizeof *names))) {
		rc = ds__enomem();
		goto done;
	}
	if (has(el, "rate") && (rc = new_number(c, &rates[0], el, "rate", 1)) < 0)
		goto done;
	if (has(el, "share")) {
		if (p.method != DS_INCOME_SHARE) {
			rc = ds__xml_error(DS_EINVAL, el, "share", "a share rate applies only to method=\"share\"");
			goto done;
		}
		if ((rc = new_number(c, &shares[0], el, "share", 1)) < 0)
			goto done;
	}
	for (j = 0, node = first_contrib; j < k; j++, node = ds__xml_next(node, "contribution"))
		if ((rc = ds__xml_name(&names[j], node, "name", 1)) < 0)
			goto done;
	for (t = 0, period = ds__xml_child(el, "period"); period; t++, period = ds__xml_next(period, "period")) {
		if ((rc = new_number(c, &income[t], period, "income", 0)) < 0)
			goto done;
		if (has(period, "rate") && has(el, "rate")) {
			rc = ds__xml_error(
				DS_EINVAL, period, "rate",
				"the discount rate is given on <income>; give it there or on every <period>, not both");
			goto done;
		}
		if (!has(el, "rate")) {
			if (!has(period, "rate")) {
				rc = ds__xml_error(
					DS_EINVAL, period, "rate",
					"missing discount rate (give rate on <income> or on every <period>)");
				goto done;
			}
			if ((rc = new_number(c, &rates[t], period, "rate", 1)) < 0)
				goto done;
		}
		if (has(period, "share")) {
			if (p.method != DS_INCOME_SHARE || has(el, "share")) {
				rc = ds__xml_error(
					DS_EINVAL, period, "share",
					p.method != DS_INCOME_SHARE ?
						"a share rate applies only to method=\"share\"" :
						"the share rate is given on <income>; give it there or on every <period>, not both");
				goto done;
			}
			if ((rc = new_number(c, &shares[t], period, "share", 1)) < 0)
				goto done;
		} else if (p.method == DS_INCOME_SHARE && !has(el, "share")) {
			rc = ds__xml_error(DS_EINVAL, period, "share",
					   "missing share rate (give share on <income> or on every <period>)");
			goto done;
		}
		if (has(period, "baseline") != (p.method == DS_INCOME_INCREMENTAL)) {
			rc = ds__xml_error(DS_EINVAL, period, "baseline",
					   p.method == DS_INCOME_INCREMENTAL ?
						   "missing the income without the data asset" :
						   "a baseline applies only to method=\"incremental\"");
			goto done;
		}
		if (p.method == DS_INCOME_INCREMENTAL && (rc = new_number(c, &baseline[t], period, "baseline", 0)) < 0)
			goto done;
		if (p.method != DS_INCOME_EXCESS && ds__xml_child(period, "contribution")) {
			rc = ds__xml_error(DS_EINVAL, ds__xml_child(period, "contribution"), NULL,
					   "contributory returns apply only to method=\"excess\"");
			goto done;
		}
		if (p.method == DS_INCOME_EXCESS) {
			if (ds__xml_count(period, "contribution") != k) {
				rc = ds__xml_error(
					DS_EINVAL, period, NULL,
					"%zu contributory returns; every period needs the same %zu as the first",
					ds__xml_count(period, "contribution"), k);
				goto done;
			}
			for (j = 0, node = ds__xml_child(period, "contribution"); node;
			     j++, node = ds__xml_next(node, "contribution")) {
				if (!attr_is(node, "name", names[j])) {
					rc = ds__xml_error(
						DS_EINVAL, node, "name",
						"expected contributory asset '%s' here (same order in every period)",
						names[j]);
					goto done;
				}
				if ((rc = new_number(c, &contrib[t * k + j], node, "amount", 0)) < 0)
					goto done;
			}
		}
	}
	if ((node = ds__xml_child(el, "terminalValue")) && (rc = number(c, &p.terminal_value, node, NULL, 0)) < 0)
		goto done;
	p.periods = n;
	p.income = income;
	p.rates = rates;
	p.n_rates = has(el, "rate") ? 1 : n;
	p.shares = shares;
	p.n_shares = has(el, "share") ? 1 : n;
	p.baseline = baseline;
	p.contributions = contrib;
	p.contributor_names = (const char *const *)names;
	p.n_contributors = k;
	if ((rc = add_item(c, el, "income", "income", &v, 1)) < 0)
		goto done;
	if ((rc = ds_valuation_income(v, &p, &opts)) < 0) {
		locator map[sizeof income_map / sizeof income_map[0]];
		memcpy(map, income_map, sizeof map);
		/* A rate or share rate given once is on <income> itself. */
		if (has(el, "rate"))
			map[0].child = NULL;
		if (has(el, "share"))
			map[1].child = NULL;
		rc = relocate(rc, el, map, sizeof map / sizeof map[0]);
		goto done;
	}
	rc = sensitivity_for(c, &p, &opts, c->r->items[c->r->count - 1].id);
done:
	for (j = 0; names && j < k; j++)
		ds__free(names[j]);
	ds__free(names);
	ds__free(income);
	ds__free(rates);
	ds__free(shares);
	ds__free(baseline);
	ds__free(contrib);
	return rc;
}

/* ---------------------------------------------------------------- quality, cost */

static const locator quality_map[] = {
	{ "scores", "dimension", "score", 1 },
	{ "weights", "dimension", "weight", 1 },
	{ "matrix", NULL, NULL, 0 },
	{ "full_score", NULL, "fullScore", 0 },
	{ "n", NULL, NULL, 0 },
};

/* A quality coefficient from <quality>; *out is its value (owned by the report). */
static int parse_quality(ctx *c, xmlNodePtr el, const char *owner_id, const ds_decimal **out)
{
	ds_valuation_quality_params p = DS_VALUATION_QUALITY_PARAMS_INIT;
	ds_valuation_options opts = DS_VALUATION_OPTIONS_INIT;
	ds_decimal *scores[DS_AHP_MAX] = { 0 }, *weights[DS_AHP_MAX] = { 0 }, *matrix[DS_AHP_MAX * DS_AHP_MAX] = { 0 };
	char *names[DS_AHP_MAX] = { 0 }, id[96], *row_text = NULL;
	xmlNodePtr node, ahp = ds__xml_child(el, "ahp"), row;
	ds_valuation *v = NULL;
	size_t n = ds__xml_count(el, "dimension"), k, weighted = 0, j;
	long precision;
	int rc = DS_OK;

	if (c->opts)
		opts = *c->opts;
	opts.no_trace = 0;
	for (k = 0, node = ds__xml_child(el, "dimension"); node; k++, node = ds__xml_next(node, "dimension")) {
		if ((rc = ds__xml_name(&names[k], node, "name", 1)) < 0 ||
		    (rc = new_number(c, &scores[k], node, "score", 0)) < 0)
			goto done;
		if (has(node, "weight")) {
			weighted++;
			if ((rc = new_number(c, &weights[k], node, "weight", 1)) < 0)
				goto done;
		} else if (!ahp) {
			rc = ds__xml_error(DS_EINVAL, node, "weight",
					   "missing weight (give every dimension a weight, or an <ahp> matrix)");
			goto done;
		}
	}
	if (ahp && weighted) {
		rc = ds__xml_error(DS_EINVAL, ahp, NULL, "give weights on the dimensions or an <ahp> matrix, not both");
		goto done;
	}
	if (has(el, "fullScore") && (rc = number(c, &p.full_score, el, "fullScore", 0)) < 0)
		goto done;
	if (ahp) {
		if (ds__xml_count(ahp, "row") != n) {
			rc = ds__xml_error(DS_EINVAL, ahp, NULL, "%zu rows for %zu dimensions",
					   ds__xml_count(ahp, "row"), n);
			goto done;
		}
		opts.accept_inconsistent =
			attr_is(ahp, "acceptInconsistent", "true") || attr_is(ahp, "acceptInconsistent", "1");
		if (has(ahp, "precision")) {
			if ((rc = ds__xml_long(&precision, ahp, "precision", DS_VALUATION_MIN_PRECISION,
					       DS_VALUATION_MAX_PRECISION)) < 0)
				goto done;
			opts.precision = (unsigned int)precision;
		}
		for (k = 0, row = ds__xml_child(ahp, "row"); row; k++, row = ds__xml_next(row, "row")) {
			char *tok, *cursor;
			if ((rc = ds__xml_text(&row_text, row, NULL)) < 0)
				goto done;
			for (j = 0, cursor = row_text ? row_text : (char *)""; (tok = next_token(&cursor)); j++) {
				ds_decimal *d;
				if (j == n) {
					j++;
					break;
				}
				if ((rc = dvec_new(&c->pool, &d)) < 0)
					goto done;
				if ((rc = ds_decimal_parse(d, tok, DS_DECIMAL_FRACTION | DS_DECIMAL_EXPONENT)) < 0) {
					rc = ds__xml_error(rc, row, NULL, "'%s' is not a number or ratio", tok);
					goto done;
				}
				matrix[k * n + j] = d;
			}
			ds__free(row_text);
			row_text = NULL;
			if (j != n) {
				rc = ds__xml_error(DS_EINVAL, row, NULL, "a row needs %zu entries, one per dimension",
						   n);
				goto done;
			}
		}
		p.matrix = matrix;
	} else {
		p.weights = weights;
	}
	p.n = n;
	p.scores = scores;
	p.names = (const char *const *)names;
	snprintf(id, sizeof id, "%s-quality", owner_id);
	if ((rc = add_item(c, el, id, "quality", &v, 0)) < 0)
		goto done;
	if ((rc = ds_valuation_quality(v, &p, &opts)) < 0) {
		const char *field = ds_error_last()->field;
		if (ahp && strncmp(field, "matrix", 6) == 0) {
			unsigned long i = 0;
			char message[1024];
			snprintf(message, sizeof message, "%s", ds_error_last()->message);
			sscanf(field, "matrix[%lu]", &i);
			rc = ds__xml_error(rc, i ? nth(ahp, "row", i - 1) : ahp, NULL, "%s", message);
		} else {
			rc = relocate(rc, el, quality_map, sizeof quality_map / sizeof quality_map[0]);
		}
		goto done;
	}
	*out = ds_valuation_value(v);
done:
	ds__free(row_text);
	for (k = 0; k < DS_AHP_MAX; k++)
		ds__free(names[k]);
	return rc;
}

static const locator cost_map[] = {
	{ "components", "component", "amount", 0 },    { "delta", "delta", "value", 0 },
	{ "elapsed_life", "life", "elapsed", 0 },      { "remaining_life", "life", "remaining", 0 },
	{ "depreciation", "depreciation", "rate", 0 }, { "quality", "quality", NULL, 0 },
};

static int parse_cost(ctx *c, xmlNodePtr el)
{
	static const char *const kinds[] = { "preliminary", "direct", "indirect", "opportunity", "taxes" };
	ds_valuation_cost_params p = DS_VALUATION_COST_PARAMS_INIT;
	ds_decimal *components[5] = { 0 };
	ds_decimal *zero;
	xmlNodePtr node;
	ds_valuation *v = NULL;
	char *id = NULL;
	size_t k;
	int rc;

	if ((rc = dvec_new(&c->pool, &zero)) < 0)
		return rc;
	for (node = ds__xml_child(el, "component"); node; node = ds__xml_next(node, "component")) {
		for (k = 0; k < 5 && !attr_is(node, "kind", kinds[k]); k++)
			;
		if (k == 5)
			return ds__xml_error(DS_EINVAL, node, "kind", "unknown cost component");
		if (components[k])
			return ds__xml_error(DS_EINVAL, node, "kind", "cost component given twice");
		if ((rc = new_number(c, &components[k], node, "amount", 0)) < 0)
			return rc;
	}
	for (k = 0; k < 5; k++)
		if (!components[k])
			components[k] = zero; /* an absent component is 0 */
	p.components = components;
	p.n_components = 5;
	if ((node = ds__xml_child(el, "delta"))) {
		p.adjustment = DS_ADJUST_GIVEN;
		rc = number(c, &p.delta, node, "value", 1);
	} else if ((node = ds__xml_child(el, "life"))) {
		p.adjustment = DS_ADJUST_LIFE;
		if ((rc = number(c, &p.elapsed_life, node, "elapsed", 0)) == DS_OK)
			rc = number(c, &p.remaining_life, node, "remaining", 0);
	} else if ((node = ds__xml_child(el, "depreciation"))) {
		p.adjustment = DS_ADJUST_DEPRECIATION;
		rc = number(c, &p.depreciation, node, "rate", 1);
	} else if ((node = ds__xml_child(el, "quality"))) {
		p.adjustment = DS_ADJUST_QUALITY;
		if ((rc = ds__xml_name(&id, el, "id", 0)) < 0)
			return rc;
		rc = parse_quality(c, node, id ? id : "cost", &p.quality);
		ds__free(id);
	}
	if (rc < 0)
		return rc;
	if ((rc = add_item(c, el, "cost", "cost", &v, 1)) < 0)
		return rc;
	if ((rc = ds_valuation_cost(v, &p, c->opts)) < 0) {
		unsigned long index = 0;
		/* components[k] is the component of the k-th kind, wherever it stands. */
		if (sscanf(ds_error_last()->field, "components[%lu]", &index) == 1 && index >= 1 && index <= 5) {
			char message[1024];
			snprintf(message, sizeof message, "%s", ds_error_last()->message);
			for (node = ds__xml_child(el, "component"); node; node = ds__xml_next(node, "component"))
				if (attr_is(node, "kind", kinds[index - 1]))
					return ds__xml_error(rc, node, "amount", "%s", message);
		}
		return relocate(rc, el, cost_map, sizeof cost_map / sizeof cost_map[0]);
	}
	return DS_OK;
}

static const locator cost2019_map[] = {
	{ "costs", "cost", "amount", 1 },    { "return_rate", NULL, "return", 0 },
	{ "quality", NULL, "quality", 0 },   { "circulation", NULL, "circulation", 0 },
	{ "monopoly", NULL, "monopoly", 0 }, { "risk", NULL, "risk", 0 },
};

static int parse_cost2019(ctx *c, xmlNodePtr el)
{
	ds_valuation_cost2019_params p = DS_VALUATION_COST2019_PARAMS_INIT;
	ds_decimal *costs[3] = { 0 };
	xmlNodePtr node;
	ds_valuation *v = NULL;
	size_t k = 0;
	int rc;

	for (node = ds__xml_child(el, "cost"); node; node = ds__xml_next(node, "cost"))
		if ((rc = new_number(c, &costs[k++], node, "amount", 0)) < 0)
			return rc;
	p.costs = costs;
	p.n_costs = k;
	if ((rc = number(c, &p.return_rate, el, "return", 1)) < 0 ||
	    (rc = number(c, &p.quality, el, "quality", 1)) < 0 ||
	    (rc = number(c, &p.circulation, el, "circulation", 1)) < 0 ||
	    (rc = number(c, &p.monopoly, el, "monopoly", 1)) < 0 || (rc = number(c, &p.risk, el, "risk", 1)) < 0)
		return rc;
	if ((rc = add_item(c, el, "cost2019", "cost2019", &v, 1)) < 0)
		return rc;
	if ((rc = ds_valuation_cost2019(v, &p, c->opts)) < 0)
		return relocate(rc, el, cost2019_map, sizeof cost2019_map / sizeof cost2019_map[0]);
	return DS_OK;
}

/* ---------------------------------------------------------------- market */

static int parse_market(ctx *c, xmlNodePtr el)
{
	ds_valuation_market_params p = DS_VALUATION_MARKET_PARAMS_INIT;
	ds_market_comparable *cmp = NULL;
	ds_market_coefficient *co = NULL;
	char **strings = NULL;
	size_t n = ds__xml_count(el, "comparable"), total = 0, i, k, s = 0;
	xmlNodePtr node, child;
	ds_valuation *v = NULL;
	int rc = DS_OK;

	for (node = ds__xml_child(el, "comparable"); node; node = ds__xml_next(node, "comparable"))
		total += ds__xml_count(node, "coefficient");
	if (!(cmp = ds__calloc(n, sizeof *cmp)) || !(co = ds__calloc(total ? total : 1, sizeof *co)) ||
	    !(strings = ds__calloc(n + total + 1, sizeof *strings))) {
		rc = ds__enomem();
		goto done;
	}
	for (i = 0, k = 0, node = ds__xml_child(el, "comparable"); node; i++, node = ds__xml_next(node, "comparable")) {
		if ((rc = ds__xml_text(&strings[s], node, "label")) < 0)
			goto done;
		cmp[i].label = strings[s++];
		if ((rc = number(c, &cmp[i].price, node, "price", 0)) < 0)
			goto done;
		if (has(node, "weight") && (rc = number(c, &cmp[i].weight, node, "weight", 1)) < 0)
			goto done;
		cmp[i].coefficients = co + k;
		for (child = ds__xml_child(node, "coefficient"); child;
		     child = ds__xml_next(child, "coefficient"), k++) {
			if ((rc = ds__xml_name(&strings[s], child, "name", 1)) < 0)
				goto done;
			co[k].name = strings[s++];
			if (has(child, "value")) {
				if (has(child, "subject") || has(child, "comparable")) {
					rc = ds__xml_error(
						DS_EINVAL, child, "value",
						"give the coefficient's value, or subject and comparable, not both");
					goto done;
				}
				if ((rc = number(c, &co[k].value, child, "value", 1)) < 0)
					goto done;
			} else {
				if ((rc = number(c, &co[k].subject, child, "subject", 0)) < 0 ||
				    (rc = number(c, &co[k].comparable, child, "comparable", 0)) < 0)
					goto done;
			}
			cmp[i].n_coefficients++;
		}
	}
	p.comparables = cmp;
	p.n_comparables = n;
	if ((rc = add_item(c, el, "market", "market", &v, 1)) < 0)
		goto done;
	if ((rc = ds_valuation_market(v, &p, c->opts)) < 0) {
		/* "comparables[i]/coefficients[k]/value" → comparable i, coefficient k, @value */
		char field[256], message[1024];
		const char *attr, *inner;
		unsigned long ci = 0, ki = 0;
		xmlNodePtr at = el;
		snprintf(field, sizeof field, "%s", ds_error_last()->field);
		snprintf(message, sizeof message, "%s", ds_error_last()->message);
		attr = strrchr(field, '/');
		if (sscanf(field, "comparables[%lu]", &ci) == 1 && ci > 0 && (at = nth(el, "comparable", ci - 1))) {
			inner = strstr(field, "/coefficients[");
			if (inner && sscanf(inner, "/coefficients[%lu]", &ki) == 1 && ki > 0 &&
			    nth(at, "coefficient", ki - 1))
				at = nth(at, "coefficient", ki - 1);
		} else {
			at = el;
		}
		attr = attr && at != el ? attr + 1 : NULL;
		if (attr && (strchr(attr, '[') || !has(at, attr)))
			attr = NULL;
		rc = ds__xml_error(rc, at, attr, "%s", message);
	}
done:
	for (i = 0; strings && i < s; i++)
		ds__free(strings[i]);
	ds__free(strings);
	ds__free(cmp);
	ds__free(co);
	return rc;
}

/* ---------------------------------------------------------------- conclusion */

static const char *approach_zh(const char *kind)
{
	if (strcmp(kind, "income") == 0)
		return "收益法";
	if (strcmp(kind, "market") == 0)
		return "市场法";
	return "成本法";
}

static int parse_conclusion(ctx *c, xmlNodePtr root)
{
	ds_valuation_report *r = c->r;
	ds_valuation_reconcile_params p = DS_VALUATION_RECONCILE_PARAMS_INIT;
	/* values[] are the approaches' results (const, ds_valuation_value()); the reconciliation only reads them. */
	const ds_decimal *values[DS_VALUATION_REPORT_MAX];
	ds_decimal *weights[DS_VALUATION_REPORT_MAX];
	const char *labels[DS_VALUATION_REPORT_MAX], *shown[DS_VALUATION_REPORT_MAX];
	char names[DS_VALUATION_REPORT_MAX][96];
	xmlNodePtr el = ds__xml_child(root, "conclusion"), w;
	ds_decimal *zero;
	char *chosen = NULL;
	size_t i, n = 0;
	int rc, weighted;

	if ((rc = dvec_new(&c->pool, &zero)) < 0)
		return rc;
	for (i = 0; i < r->count; i++)
		if (r->items[i].counts) {
			values[n] = ds_valuation_value(r->items[i].v);
			labels[n] = r->items[i].id;
			/* The trace names each result by approach and id: "收益法 [income]". */
			snprintf(names[n], sizeof names[n], "%s [%s]", approach_zh(r->items[i].kind), r->items[i].id);
			shown[n] = names[n];
			weights[n] = zero;
			n++;
		}
	weighted = el && ds__xml_child(el, "weight");
	if (el && (rc = ds__xml_text(&chosen, el, "approach")) < 0)
		return rc;
	if (chosen && weighted) {
		rc = ds__xml_error(DS_EINVAL, el, "approach", "choose one approach or give weights, not both");
		goto done;
	}
	if (weighted) {
		for (w = ds__xml_child(el, "weight"); w; w = ds__xml_next(w, "weight")) {
			for (i = 0; i < n && !attr_is(w, "approach", labels[i]); i++)
				;
			if (i == n) {
				rc = ds__xml_error(DS_EINVAL, w, "approach", "no approach has this id");
				goto done;
			}
			if (weights[i] != zero) {
				rc = ds__xml_error(DS_EINVAL, w, "approach", "this approach is weighted twice");
				goto done;
			}
			if ((rc = new_number(c, &weights[i], w, "value", 1)) < 0)
				goto done;
		}
		p.weights = weights;
	} else if (chosen) {
		for (i = 0; i < n && strcmp(labels[i], chosen) != 0; i++)
			;
		if (i == n) {
			rc = ds__xml_error(DS_EINVAL, el, "approach", "no approach has the id '%s'", chosen);
			goto done;
		}
		p.chosen = i;
	} else if (n > 1) {
		rc = ds__xml_error(DS_EINVAL, root, NULL,
				   "%zu approaches need a <conclusion> that chooses one or weights them", n);
		goto done;
	}
	p.n = n;
	p.values = (ds_decimal *const *)values;
	p.labels = shown;
	if ((rc = ds_valuation_new(&r->conclusion)) < 0)
		goto done;
	if ((rc = ds_valuation_reconcile(r->conclusion, &p, c->opts)) < 0) {
		char message[1024];
		snprintf(message, sizeof message, "%s", ds_error_last()->message);
		rc = ds__xml_error(rc, el ? el : root, NULL, "%s", message);
	}
	if (rc == DS_OK) {
		/* The result document writes the conclusion in 大写 as well, and 人民币大写 stops below
		 * 10^16 元: a conclusion it cannot write is refused here, so that a report that reads
		 * always writes (fuzz_valuation found one of 1.2 × 10^24 元 that read and did not write). */
		char *words = NULL;
		if ((rc = ds_decimal_to_rmb_words(&words, ds_valuation_value(r->conclusion), NULL)) < 0) {
			char message[1024];
			snprintf(message, sizeof message, "%s", ds_error_last()->message);
			rc = ds__xml_error(rc, el ? el : root, NULL, "the conclusion cannot be written in 大写 (%s)",
					   message);
		}
		ds_free(words);
	}
done:
	ds__free(chosen);
	return rc;
}

/* ---------------------------------------------------------------- the document */

static int parse_document(ds_valuation_report *r, xmlDocPtr doc, const ds_valuation_options *opts)
{
	ctx c = { r, { NULL, 0, 0 }, opts, NULL, 0 };
	xmlNodePtr root = xmlDocGetRootElement(doc), el;
	ds_valuation_options checked = DS_VALUATION_OPTIONS_INIT;
	int rc;

	if (opts) {
		/* Refuse bad options before reading anything. */
		vopts o;
		if ((rc = ds__val_opts(&o, opts)) < 0)
			return rc;
		checked = *opts;
		checked.no_trace = 0;
		c.opts = &checked;
	}
	if (!xmlStrEqual(root->name, (const xmlChar *)"valuation"))
		return ds__xml_error(DS_EPARSE, root, NULL, "expected a <valuation> document");
	c.sensitivity = ds__xml_child(root, "sensitivity");
	if ((rc = ds__xml_name(&r->name, ds__xml_child(root, "subject"), "name", 1)) < 0 ||
	    (rc = ds__xml_text(&r->holder, ds__xml_child(root, "subject"), "holder")) < 0 ||
	    (rc = ds__xml_name(&r->code, ds__xml_child(root, "subject"), "code", 0)) < 0 ||
	    (rc = ds__xml_text(&r->right, ds__xml_child(root, "right"), NULL)) < 0 ||
	    (rc = ds__xml_text(&r->base_date, ds__xml_child(root, "baseDate"), NULL)) < 0)
		goto done;
	for (el = ds__xml_child(root, NULL); el; el = ds__xml_next(el, NULL)) {
		if (xmlStrEqual(el->name, (const xmlChar *)"income"))
			rc = parse_income(&c, el);
		else if (xmlStrEqual(el->name, (const xmlChar *)"cost"))
			rc = parse_cost(&c, el);
		else if (xmlStrEqual(el->name, (const xmlChar *)"cost2019"))
			rc = parse_cost2019(&c, el);
		else if (xmlStrEqual(el->name, (const xmlChar *)"market"))
			rc = parse_market(&c, el);
		if (rc < 0)
			goto done;
	}
	if (c.sensitivity && !c.sensitivity_done) {
		rc = ds__xml_error(DS_EINVAL, c.sensitivity, has(c.sensitivity, "approach") ? "approach" : NULL,
				   "a sensitivity table needs an income approach");
		goto done;
	}
	rc = parse_conclusion(&c, root);
done:
	dvec_free(&c.pool);
	return rc;
}

static int report_from(ds_valuation_report **out, xmlDocPtr doc, const ds_valuation_options *opts)
{
	ds_valuation_report *r;
	int rc;

	if (!(r = ds__calloc(1, sizeof *r)))
		return ds__enomem();
	if ((rc = parse_document(r, doc, opts)) < 0) {
		ds_valuation_report_free(r);
		return rc;
	}
	*out = r;
	return DS_OK;
}

int ds_valuation_report_parse(ds_valuation_report **out, const char *data, size_t len, const char *name,
			      const ds_valuation_options *opts)
{
	xmlDocPtr doc = NULL;
	int rc;

	if (!out || !data)
		return ds__error(DS_EINVAL, "ds_valuation_report_parse: NULL argument");
	if ((rc = ds__xml_load_memory(&doc, data, len, name ? name : "valuation", "valuation.xsd")) < 0)
		return rc;
	rc = report_from(out, doc, opts);
	xmlFreeDoc(doc);
	return rc;
}

int ds_valuation_report_load(ds_valuation_report **out, const char *path, const ds_valuation_options *opts)
{
	xmlDocPtr doc = NULL;
	int rc;

	if (!out || !path)
		return ds__error(DS_EINVAL, "ds_valuation_report_load: NULL argument");
	if ((rc = ds__xml_load_file(&doc, path, "valuation.xsd")) < 0)
		return rc;
	rc = report_from(out, doc, opts);
	xmlFreeDoc(doc);
	return rc;
}

void ds_valuation_report_free(ds_valuation_report *r)
{
	size_t i;

	if (!r)
		return;
	for (i = 0; i < r->count; i++) {
		ds__free(r->items[i].id);
		ds_valuation_free(r->items[i].v);
	}
	ds_valuation_free(r->conclusion);
	ds__free(r->name);
	ds__free(r->holder);
	ds__free(r->code);
	ds__free(r->right);
	ds__free(r->base_date);
	ds__free(r->sensitivity_id);
	dvec_free(&r->rate_changes);
	dvec_free(&r->income_changes);
	dvec_free(&r->table);
	ds__free(r);
}

const ds_valuation *ds_valuation_report_conclusion(const ds_valuation_report *r)
{
	return r ? r->conclusion : NULL;
}

size_t ds_valuation_report_approach_count(const ds_valuation_report *r)
{
	return r ? r->count : 0;
}

int ds_valuation_report_approach_at(const ds_valuation **out, const char **id, const char **kind,
				    const ds_valuation_report *r, size_t index)
{
	if (!out || !r)
		return ds__error(DS_EINVAL, "ds_valuation_report_approach_at: NULL argument");
	if (index >= r->count)
		return ds__error(
			DS_ERANGE,
			"ds_valuation_report_approach_at: index %zu is out of range; the report has %zu approaches",
			index, r->count);
	*out = r->items[index].v;
	if (id)
		*id = r->items[index].id;
	if (kind)
		*kind = r->items[index].kind;
	return DS_OK;
}
