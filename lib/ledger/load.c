/*
 * Reading a ledger document (urn:datasset:ledger:1) into a book: the schema
 * checks the shape, then every value goes through the public ds_ledger_add_*
 * checks, and a refusal is reported at the element's line and field path.
 * SPDX-License-Identifier: MIT
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "ledger_internal.h"

#define SCHEMA "ledger.xsd"

static const char *const account_roles[] = { "bank",	      "receivable",   "inventory",	    "inventory-reserve",
					     "intangible",    "amortisation", "impairment-reserve", "vat",
					     "production",    "rd-expensed",  "rd-capitalised",	    "revenue",
					     "disposal-gain", "main-cost",    "other-cost",	    "selling",
					     "admin",	      "rd-expense",   "impairment-loss",    "nonoperating",
					     "other-revenue", "vat-input",    "vat-output",	    NULL };
/* The single role "vat" of earlier books maps both VAT columns; with "vat-input" or
 * "vat-output" beside it one of the two mappings would silently win, so that is refused.
 * @seen accumulates 1 for "vat", 2 for either column. */
static int vat_roles_consistent(xmlNodePtr node, const char *role, unsigned *seen)
{
	unsigned bit = strcmp(role, "vat") == 0 ? 1u : strncmp(role, "vat-", 4) == 0 ? 2u : 0u;

	*seen |= bit;
	if (bit && *seen == 3u)
		return ds__xml_error(DS_EINVAL, node, "role",
				     "role 'vat' (the single VAT account of earlier books, used for both 进项税额 and "
				     "销项税额) cannot be combined with 'vat-input' or 'vat-output': map either 'vat' "
				     "alone or the two columns");
	return DS_OK;
}

static const char *const classes[] = { "", "intangible", "inventory", NULL };
static const char *const origins[] = { "", "purchased", "self-built", "other", NULL };
static const char *const methods[] = { "straight-line", "units-of-benefit", NULL };
static const char *const uses[] = { "admin", "main-cost", "other-cost", "selling", NULL };
static const char *const categories[] = { "",	     "price",	"tax",		"collect",  "desensitise",
					  "clean",   "label",	"integrate",	"analyse",  "visualise",
					  "rights",  "quality", "registration", "security", "insurance",
					  "service", "rd",	"other",	NULL };
static const char *const phases[] = { "", "research", "development", "unsplit", NULL };
static const char *const disposals[] = { "", "sale", "expiry", "other", NULL };

/* The attributes of one element, as strings (NULL when absent); freed by attrs_free. */
typedef struct attrs {
	char *value[16];
	size_t count;
} attrs;

static int attrs_read(attrs *a, xmlNodePtr node, const char *const *names)
{
	int rc;

	memset(a, 0, sizeof *a);
	for (a->count = 0; names[a->count]; a->count++)
		if ((rc = ds__xml_text(&a->value[a->count], node, names[a->count])) < 0)
			return rc;
	return DS_OK;
}

static void attrs_free(attrs *a)
{
	size_t i;

	for (i = 0; i < a->count; i++)
		ds__free(a->value[i]);
}

static int is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

/* <units>: whitespace-separated decimals (an xs:list). */
static int read_units(ds_decimal ***out, size_t *count, xmlNodePtr node)
{
	char *text = NULL, *p;
	ds_decimal **units = NULL;
	size_t n = 0, cap = 0;
	int rc;

	if ((rc = ds__xml_text_required(&text, node, NULL)) < 0)
		return rc;
	for (p = text; *p;) {
		char *token;
		while (is_space(*p))
			p++;
		if (!*p)
			break;
		token = p;
		while (*p && !is_space(*p))
			p++;
		if (*p)
			*p++ = '\0';
		if (n == cap) {
			ds_decimal **grown;
			cap = cap ? cap * 2 : 16;
			if (!(grown = ds__realloc(units, cap * sizeof *grown))) {
				rc = ds__enomem();
				goto fail;
			}
			units = grown;
		}
		units[n] = NULL;
		if ((rc = ds_decimal_new(&units[n])) < 0)
			goto fail;
		n++;
		if ((rc = ds_decimal_parse(units[n - 1], token, DS_DECIMAL_EXPONENT)) < 0) {
			rc = ds__xml_error(rc, node, NULL, "'%s' is not a number", token);
			goto fail;
		}
	}
	ds__free(text);
	*out = units;
	*count = n;
	return DS_OK;
fail:
	while (n)
		ds_decimal_free(units[--n]);
	ds__free(units);
	ds__free(text);
	return rc;
}

static int read_costs(ds_ledger *book, const char *id, xmlNodePtr asset)
{
	static const char *const names[] = { "date", "category", "phase", "amount", "vat", "evidence", NULL };
	xmlNodePtr node;
	int rc = DS_OK;

	for (node = ds__xml_child(asset, "cost"); node && rc == DS_OK; node = ds__xml_next(node, "cost")) {
		ds_ledger_cost c = DS_LEDGER_COST_INIT;
		ds_decimal *amount = NULL, *vat = NULL;
		attrs a;
		if ((rc = attrs_read(&a, node, names)) == DS_OK &&
		    (rc = ds__xml_amount_attr(&amount, node, "amount", DS__AMOUNT_FEN)) == DS_OK &&
		    (rc = ds__xml_amount_attr(&vat, node, "vat", DS__AMOUNT_FEN)) == DS_OK) {
			c.date = a.value[0];
			c.category = (ds_ledger_category)(a.value[1] ? ds__xml_lookup(a.value[1], categories) : 0);
			c.phase = (ds_ledger_phase)(a.value[2] ? ds__xml_lookup(a.value[2], phases) : 0);
			c.amount = amount;
			c.vat = vat;
			c.evidence = a.value[5];
			if ((int)c.category < 0 || (int)c.phase < 0)
				rc = ds__xml_error(DS_EPARSE, node, NULL, "unknown category or phase");
			else if ((rc = ds_ledger_add_cost(book, id, &c)) < 0)
				rc = ds__xml_relocate(rc, node, NULL);
		}
		ds_decimal_free(amount);
		ds_decimal_free(vat);
		attrs_free(&a);
	}
	return rc;
}

/* One event element: impairment, writedown, reversal, nrv, licence or disposal. */
static int read_event(ds_ledger *book, const char *id, xmlNodePtr node)
{
	const char *name = (const char *)node->name;
	int impairment = strcmp(name, "impairment") == 0, reversal = strcmp(name, "reversal") == 0;
	int nrv = strcmp(name, "nrv") == 0, licence = strcmp(name, "licence") == 0;
	ds_decimal *amount = NULL, *vat = NULL;
	char *date = NULL, *kind = NULL;
	int rc;

	if ((rc = ds__xml_text_required(&date, node, "date")) < 0)
		goto next;
	if (strcmp(name, "disposal") == 0) {
		if ((rc = ds__xml_text_required(&kind, node, "kind")) < 0 ||
		    (rc = ds__xml_amount_attr(&amount, node, "proceeds", DS__AMOUNT_FEN)) < 0 ||
		    (rc = ds__xml_amount_attr(&vat, node, "vat", DS__AMOUNT_FEN)) < 0)
			goto next;
		rc = ds_ledger_dispose(book, id, date, (ds_ledger_disposal)ds__xml_lookup(kind, disposals), amount,
				       vat);
	} else if (licence) {
		if ((rc = ds__xml_amount_attr(&amount, node, "fee", DS__AMOUNT_FEN)) < 0 ||
		    (rc = ds__xml_amount_attr(&vat, node, "vat", DS__AMOUNT_FEN)) < 0)
			goto next;
		rc = ds_ledger_add_licence(book, id, date, amount, vat);
	} else if (nrv) {
		if ((rc = ds__xml_amount_attr(&amount, node, "value", DS__AMOUNT_FEN)) < 0)
			goto next;
		rc = ds_ledger_add_nrv_test(book, id, date, amount);
	} else if (impairment) {
		if ((rc = ds__xml_amount_attr(&amount, node, "recoverable", DS__AMOUNT_FEN)) < 0)
			goto next;
		rc = ds_ledger_add_impairment(book, id, date, amount);
	} else {
		if ((rc = ds__xml_amount_attr(&amount, node, "amount", DS__AMOUNT_FEN)) < 0)
			goto next;
		rc = ds_ledger_add_writedown(book, id, date, amount, reversal);
	}
	if (rc < 0)
		rc = ds__xml_relocate(rc, node, NULL);
next:
	ds_decimal_free(amount);
	ds_decimal_free(vat);
	ds__free(date);
	ds__free(kind);
	return rc;
}

static int is_event(xmlNodePtr node)
{
	static const char *const names[] = {
		"impairment", "writedown", "reversal", "nrv", "licence", "disposal", NULL
	};
	return ds__xml_lookup((const char *)node->name, names) >= 0;
}

/* The events in date order (stable; the schema puts the disposal last), because
 * a book checks each event against the history before it: a document may list
 * them in any order. */
static int read_events(ds_ledger *book, const char *id, xmlNodePtr asset)
{
	xmlNodePtr node, *events = NULL;
	xmlChar **dates = NULL;
	size_t n = 0, i, j;
	int rc = DS_OK;

	for (node = ds__xml_child(asset, NULL); node; node = ds__xml_next(node, NULL))
		n += (size_t)is_event(node);
	if (!n)
		return DS_OK;
	if (!(events = ds__calloc(n, sizeof *events)) || !(dates = ds__calloc(n, sizeof *dates))) {
		rc = ds__enomem();
		goto done;
	}
	for (node = ds__xml_child(asset, NULL), n = 0; node; node = ds__xml_next(node, NULL)) {
		xmlChar *date;
		if (!is_event(node))
			continue;
		date = xmlGetProp(node, (const xmlChar *)"date");
		/* Insertion sort by date text (YYYY-MM-DD sorts as dates); equal dates keep document order. */
		for (j = n; j > 0 && date && dates[j - 1] && xmlStrcmp(dates[j - 1], date) > 0; j--) {
			events[j] = events[j - 1];
			dates[j] = dates[j - 1];
		}
		events[j] = node;
		dates[j] = date;
		n++;
	}
	for (i = 0; i < n && rc == DS_OK; i++)
		rc = read_event(book, id, events[i]);
done:
	for (i = 0; dates && i < n; i++)
		xmlFree(dates[i]);
	ds__free(dates);
	ds__free(events);
	return rc;
}

static int read_asset(ds_ledger *book, xmlNodePtr node)
{
	static const char *const names[] = { "id",   "name",   "class", "origin",	  "acquired",	"available",
					     "life", "method", "use",	"conditions-met", "restricted", NULL };
	ds_ledger_asset spec = DS_LEDGER_ASSET_INIT;
	ds_decimal *residual = NULL, **units = NULL;
	char *evidence[DS_LEDGER_CONDITIONS] = { NULL, NULL, NULL, NULL, NULL };
	size_t unit_count = 0, i;
	xmlNodePtr units_node, condition;
	attrs a;
	int rc;

	if ((rc = attrs_read(&a, node, names)) < 0 ||
	    (rc = ds__xml_amount_attr(&residual, node, "residual", DS__AMOUNT_FEN)) < 0)
		goto done;
	if ((units_node = ds__xml_child(node, "units")) && (rc = read_units(&units, &unit_count, units_node)) < 0)
		goto done;
	spec.id = a.value[0];
	spec.name = a.value[1];
	spec.asset_class = (ds_ledger_class)ds__xml_lookup(a.value[2], classes);
	spec.origin = (ds_ledger_origin)ds__xml_lookup(a.value[3], origins);
	spec.acquired = a.value[4];
	spec.available = a.value[5];
	if (a.value[6] && strcmp(a.value[6], "indefinite") == 0) {
		spec.indefinite_life = 1;
	} else if (a.value[6]) {
		char *end = NULL;
		long life = strtol(a.value[6], &end, 10);
		if (!*a.value[6] || *end) {
			rc = ds__xml_error(DS_EINVAL, node, "life",
					   "'%s' is neither a number of months nor 'indefinite'", a.value[6]);
			goto done;
		}
		spec.useful_life_months = life;
	}
	spec.method = a.value[7] ? (ds_ledger_method)ds__xml_lookup(a.value[7], methods) : DS_LEDGER_STRAIGHT_LINE;
	spec.use = a.value[8] ? (ds_ledger_use)ds__xml_lookup(a.value[8], uses) : DS_LEDGER_USE_ADMIN;
	spec.conditions_met = a.value[9];
	spec.restricted = a.value[10];
	for (condition = ds__xml_child(node, "condition"); condition;
	     condition = ds__xml_next(condition, "condition")) {
		long n;
		if ((rc = ds__xml_long(&n, condition, "n", 1, DS_LEDGER_CONDITIONS)) < 0)
			goto done;
		if (evidence[n - 1]) {
			rc = ds__xml_error(DS_EINVAL, condition, "n", "condition %ld is given twice", n);
			goto done;
		}
		if ((rc = ds__xml_text_required(&evidence[n - 1], condition, "evidence")) < 0)
			goto done;
		spec.conditions_evidence[n - 1] = evidence[n - 1];
	}
	spec.residual = residual;
	spec.units = units;
	spec.unit_count = unit_count;
	if ((rc = ds_ledger_add_asset(book, &spec)) < 0) {
		rc = ds__xml_relocate(rc, node, NULL);
		goto done;
	}
	if ((rc = read_costs(book, spec.id, node)) < 0)
		goto done;
	rc = read_events(book, spec.id, node);
done:
	for (i = 0; i < unit_count; i++)
		ds_decimal_free(units[i]);
	ds__free(units);
	for (i = 0; i < DS_LEDGER_CONDITIONS; i++)
		ds__free(evidence[i]);
	ds_decimal_free(residual);
	attrs_free(&a);
	return rc;
}

static int read_book(ds_ledger *book, xmlNodePtr root)
{
	xmlNodePtr node;
	unsigned vat_roles = 0;
	int rc;

	if (!root || strcmp((const char *)root->name, "ledger") != 0)
		return ds__xml_error(DS_EPARSE, root, NULL,
				     "not a ledger document (the root element must be 'ledger')");
	if ((rc = ds__xml_name(&book->entity, ds__xml_child(root, "entity"), "name", 1)) < 0)
		return rc;
	book->period_count = ds__xml_count(root, "period");
	if (book->period_count && !(book->periods = ds__calloc(book->period_count, sizeof *book->periods)))
		return ds__enomem();
	book->period_count = 0;
	for (node = ds__xml_child(root, "period"); node; node = ds__xml_next(node, "period")) {
		char *start = NULL, *end = NULL;
		if ((rc = ds__xml_text_required(&start, node, "start")) == DS_OK &&
		    (rc = ds__xml_text_required(&end, node, "end")) == DS_OK) {
			/* The schema fixes the form YYYY-MM, so text order is month order. */
			if (strcmp(end, start) < 0)
				rc = ds__xml_error(DS_EINVAL, node, "end", "the period ends (%s) before it starts (%s)",
						   end, start);
			snprintf(book->periods[book->period_count][0], 8, "%s", start);
			snprintf(book->periods[book->period_count][1], 8, "%s", end);
			book->period_count++;
		}
		ds__free(start);
		ds__free(end);
		if (rc < 0)
			return rc;
	}
	if ((node = ds__xml_child(root, "materiality"))) {
		ds_decimal *threshold = NULL;
		if ((rc = ds__xml_amount_attr(&threshold, node, "amount", DS__AMOUNT_FEN)) == DS_OK &&
		    (rc = ds_ledger_set_materiality(book, threshold)) < 0)
			rc = ds__xml_relocate(rc, node, NULL);
		ds_decimal_free(threshold);
		if (rc < 0)
			return rc;
	}
	for (node = ds__xml_child(ds__xml_child(root, "accounts"), "account"); node;
	     node = ds__xml_next(node, "account")) {
		char *role = NULL, *code = NULL, *name = NULL;
		if ((rc = ds__xml_text_required(&role, node, "role")) == DS_OK &&
		    (rc = vat_roles_consistent(node, role, &vat_roles)) == DS_OK &&
		    (rc = ds__xml_name(&code, node, "code", 1)) == DS_OK &&
		    (rc = ds__xml_name(&name, node, "name", 1)) == DS_OK &&
		    (rc = ds_ledger_set_account(book, (ds_ledger_account)ds__xml_lookup(role, account_roles), code,
						name)) < 0)
			rc = ds__xml_relocate(rc, node, NULL);
		ds__free(role);
		ds__free(code);
		ds__free(name);
		if (rc < 0)
			return rc;
	}
	for (node = ds__xml_child(root, "asset"); node; node = ds__xml_next(node, "asset"))
		if ((rc = read_asset(book, node)) < 0)
			return rc;
	return DS_OK;
}

static int load(ds_ledger **out, xmlDocPtr doc)
{
	ds_ledger *book = NULL;
	int rc;

	if ((rc = ds_ledger_new(&book)) == DS_OK && (rc = read_book(book, xmlDocGetRootElement(doc))) == DS_OK) {
		*out = book;
		book = NULL;
	}
	ds_ledger_free(book);
	xmlFreeDoc(doc);
	return rc;
}

int ds_ledger_load(ds_ledger **out, const char *path)
{
	xmlDocPtr doc = NULL;
	int rc;

	if (!out || !path)
		return ds__error(DS_EINVAL, "ds_ledger_load: NULL argument");
	if ((rc = ds__xml_load_file(&doc, path, SCHEMA)) < 0)
		return rc;
	return load(out, doc);
}

int ds_ledger_parse(ds_ledger **out, const char *data, size_t len, const char *name)
{
	xmlDocPtr doc = NULL;
	int rc;

	if (!out || !data)
		return ds__error(DS_EINVAL, "ds_ledger_parse: NULL argument");
	if ((rc = ds__xml_load_memory(&doc, data, len, name ? name : "ledger.xml", SCHEMA)) < 0)
		return rc;
	return load(out, doc);
}

const char *ds_ledger_entity(const ds_ledger *book)
{
	return book ? book->entity : NULL;
}

size_t ds_ledger_period_count(const ds_ledger *book)
{
	return book ? book->period_count : 0;
}

int ds_ledger_period_at(const char **start, const char **end, const ds_ledger *book, size_t index)
{
	if (!start || !end || !book)
		return ds__error(DS_EINVAL, "ds_ledger_period_at: NULL argument");
	if (index >= book->period_count)
		return ds__error(DS_ERANGE,
				 "ds_ledger_period_at: index %zu is out of range; the document names %zu periods",
				 index, book->period_count);
	*start = book->periods[index][0];
	*end = book->periods[index][1];
	return DS_OK;
}
