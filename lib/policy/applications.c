/*
 * Applications: streamed from a document one applicant at a time and checked
 * (统一社会信用代码, duplicates, product references, amounts in whole fen).
 * SPDX-License-Identifier: MIT
 */
#include "config.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "internal/codes.h"
#include "internal/decimal_xml.h"
#include "policy/model.h"

/* 统一社会信用代码 (GB 32100-2015) exactly as written: lib/core/codes.c. */
static int check_credit_code(xmlNodePtr node, const char *code)
{
	char expected = 0;
	int position = 0;

	switch (ds__uscc_validate(code, &position, &expected)) {
	case DS__USCC_VALID: return DS_OK;
	case DS__USCC_LENGTH:
		return ds__xml_error(DS_EINVAL, node, "id", "统一社会信用代码 '%s' must have 18 characters, not %zu",
				     code, strlen(code));
	case DS__USCC_CHARACTER:
		return ds__xml_error(
			DS_EINVAL, node, "id",
			"统一社会信用代码 '%s': character %d is not one of 0-9 and A-Y without I, O, S, V, Z", code,
			position);
	case DS__USCC_REGION:
		return ds__xml_error(
			DS_EINVAL, node, "id",
			"统一社会信用代码 '%s': character %d: the region code (characters 3-8) must be digits", code,
			position);
	case DS__USCC_CHECK: break;
	}
	return ds__xml_error(DS_EINVAL, node, "id", "统一社会信用代码 '%s': check character should be '%c'", code,
			     expected);
}

/* An amount in whole fen, in the forms of DS_DECIMAL_AMOUNT ("800000.00",
 * "800,000.00"), not negative, at most 15 digits of yuan. */
static int read_fen(int64_t *out, xmlNodePtr node, const char *attr)
{
	ds_decimal *d = NULL, *hundred = NULL;
	int rc;

	if ((rc = ds_decimal_new(&d)) < 0 || (rc = ds_decimal_new(&hundred)) < 0)
		goto done;
	/* Checked: whole fen below 10^15 yuan, so × 100 is an integer an int64_t holds. */
	if ((rc = ds__xml_amount(d, node, attr, DS__AMOUNT_NONNEGATIVE | DS__AMOUNT_FEN | DS__AMOUNT_15_DIGITS)) ==
		    DS_OK &&
	    (rc = ds_decimal_set_int64(hundred, 100)) == DS_OK && (rc = ds_decimal_mul(d, d, hundred)) == DS_OK)
		rc = ds_decimal_to_int64(out, d);
done:
	ds_decimal_free(hundred);
	ds_decimal_free(d);
	return rc;
}

static int read_days(long *out, xmlNodePtr node, const char *attr)
{
	ds__date d;
	int rc;

	if ((rc = ds__xml_date(&d, node, attr)) < 0)
		return rc;
	*out = ds__date_to_days(d);
	return DS_OK;
}

/* xs:boolean: "true"/"1" or "false"/"0"; absent is false. */
static int read_flag(int *out, xmlNodePtr node, const char *attr)
{
	char *text = NULL;
	int rc;

	if ((rc = ds__xml_text(&text, node, attr)) < 0)
		return rc;
	*out = text && (strcmp(text, "true") == 0 || strcmp(text, "1") == 0);
	ds__free(text);
	return DS_OK;
}

void ds__policy_applicant_dispose(applicant *a)
{
	size_t i;

	ds__free(a->id);
	ds__free(a->name);
	for (i = 0; i < a->n_products; i++)
		ds__free(a->products[i].id);
	ds__free(a->products);
	ds__free(a->trades);
	ds__free(a->filings);
	for (i = 0; i < a->n_vouchers; i++)
		ds__free(a->vouchers[i]);
	ds__free(a->vouchers);
	for (i = 0; i < a->n_cases; i++) {
		ds__free(a->cases[i].id);
		ds__free(a->cases[i].list);
		ds__free(a->cases[i].outcome);
		ds_decimal_free(a->cases[i].share);
	}
	for (i = 0; i < a->n_approvals; i++) {
		ds__free(a->approvals[i].programme);
		ds__free(a->approvals[i].unit);
		ds__free(a->approvals[i].by);
	}
	ds__free(a->approvals);
	ds__free(a->training);
	ds__free(a->training_by);
	ds__free(a->cases);
	for (i = 0; i < a->n_contracts; i++)
		ds__free(a->contracts[i].counterparty);
	ds__free(a->contracts);
	for (i = 0; i < a->n_recognitions; i++) {
		app_recognition *r = &a->recognitions[i];
		ds__free(r->id);
		ds__free(r->provider_id);
		ds__free(r->provider_name);
		ds__free(r->qualifications);
	}
	ds__free(a->recognitions);
	ds_decimal_free(a->review_score);
}

void ds_applications_free(ds_applications *apps)
{
	size_t i;

	if (!apps)
		return;
	for (i = 0; i < apps->n; i++)
		ds__policy_applicant_dispose(&apps->applicants[i]);
	ds__free(apps->applicants);
	ds__free(apps);
}

size_t ds_applications_count(const ds_applications *apps)
{
	return apps ? apps->n : 0;
}

static int find_product(const applicant *a, const char *id, size_t *index)
{
	size_t i;

	for (i = 0; i < a->n_products; i++)
		if (strcmp(a->products[i].id, id) == 0) {
			*index = i;
			return 1;
		}
	return 0;
}

/* An optional date: LONG_MIN when absent. */
static int read_optional_days(long *out, xmlNodePtr node, const char *attr)
{
	*out = LONG_MIN;
	return xmlHasProp(node, (const xmlChar *)attr) ? read_days(out, node, attr) : DS_OK;
}

/* Products first, so that trades may come before the product they name.
 * Version 1 has one date, listed, taken as the first listing; version 2 says
 * first-listed (首次登记上架) apart from a later listing. */
static int read_products(applicant *a, xmlNodePtr node, int version)
{
	xmlNodePtr c;
	size_t cap = 0, other;
	int rc;

	for (c = ds__xml_child(node, "product"); c; c = ds__xml_next(c, "product")) {
		app_product *p;
		if ((rc = ds__policy_grow(&a->products, &cap, a->n_products + 1, sizeof *a->products)) < 0)
			return rc;
		p = &a->products[a->n_products];
		memset(p, 0, sizeof *p);
		if ((rc = ds__xml_name(&p->id, c, "id", 1)) < 0)
			return rc;
		a->n_products++;
		if ((rc = read_days(&p->listed, c, version == 1 ? "listed" : "first-listed")) < 0 ||
		    (rc = read_flag(&p->certificate, c, "certificate")) < 0 ||
		    (rc = read_flag(&p->trade_voucher, c, "trade-voucher")) < 0)
			return rc;
		a->n_products--;
		if (find_product(a, p->id, &other)) {
			rc = ds__xml_error(DS_EEXISTS, c, "id", "product '%s' appears twice for applicant %s", p->id,
					   a->id);
			a->n_products++;
			return rc;
		}
		a->n_products++;
		if (p->listed < a->first_listed)
			a->first_listed = p->listed;
	}
	return DS_OK;
}

static int read_recognition(app_recognition *r, xmlNodePtr c, int version)
{
	xmlNodePtr provider = ds__xml_child(c, "provider");
	int rc;

	if ((rc = ds__xml_name(&r->id, c, "id", 1)) < 0 || (rc = read_days(&r->date, c, "date")) < 0 ||
	    (rc = read_fen(&r->fen, c, "amount")) < 0 || (rc = read_flag(&r->registered, c, "registered")) < 0)
		return rc;
	if (!provider)
		return ds__xml_error(DS_EINVAL, c, NULL, "recognition '%s' has no <provider> (服务商)", r->id);
	if ((rc = ds__xml_name(&r->provider_id, provider, "id", 1)) < 0 ||
	    (rc = ds__xml_name(&r->provider_name, provider, "name", 1)) < 0 ||
	    (rc = read_days(&r->provider_founded, provider, "founded")) < 0 ||
	    (rc = read_flag(&r->approved, provider, "approved")) < 0 ||
	    (rc = read_flag(&r->independent, provider, "independent")) < 0 ||
	    (rc = read_flag(&r->clean, provider, "clean")) < 0 ||
	    (rc = ds__xml_text(&r->qualifications, provider, "qualifications")) < 0)
		return rc;
	/* Version 1 cannot say these: they stay unknown (0, no claim). */
	r->claimed = LONG_MIN;
	if (version >= 2 && ((rc = read_flag(&r->voucher_user, c, "voucher-user")) < 0 ||
			     (rc = read_optional_days(&r->claimed, c, "claimed")) < 0 ||
			     (rc = read_flag(&r->licensed, provider, "licensed")) < 0))
		return rc;
	if (r->claimed != LONG_MIN && r->claimed < r->provider_founded)
		return ds__xml_error(DS_EINVAL, c, "claimed",
				     "recognition '%s': the voucher is claimed before its 服务商 was founded", r->id);
	return DS_OK;
}

/* <case>: version 2 states the year and the outcome, and a share when several applicants
 * list the case; version 1 has only a date and a list (year 0, outcome unknown). */
static int read_case(app_case *k, xmlNodePtr c, int version)
{
	int rc;

	k->date = LONG_MIN;
	if ((rc = ds__xml_name(&k->id, c, "id", 1)) < 0 || (rc = ds__xml_text_required(&k->list, c, "list")) < 0)
		return rc;
	if (version == 1)
		return read_days(&k->date, c, "date");
	if ((rc = read_optional_days(&k->date, c, "date")) < 0 ||
	    (rc = ds__xml_long(&k->year, c, "year", 1, 9999)) < 0 ||
	    (rc = ds__xml_text_required(&k->outcome, c, "outcome")) < 0)
		return rc;
	if (xmlHasProp(c, (const xmlChar *)"share")) {
		char *text = NULL;
		ds_decimal *one = NULL;
		if ((rc = ds_decimal_new(&k->share)) < 0 || (rc = ds_decimal_new(&one)) < 0 ||
		    (rc = ds_decimal_set_int64(one, 1)) < 0 || (rc = ds__xml_text_required(&text, c, "share")) < 0) {
			ds_decimal_free(one);
			return rc;
		}
		rc = ds_decimal_parse(k->share, text, DS_DECIMAL_FRACTION);
		if (rc == DS_OK && (ds_decimal_sign(k->share) <= 0 || ds_decimal_cmp(k->share, one) > 0))
			rc = DS_EINVAL;
		ds_decimal_free(one);
		if (rc < 0 && rc != DS_ENOMEM)
			rc = ds__xml_error(DS_EINVAL, c, "share",
					   "share '%s' of case '%s' is not above 0 and at most 1", text, k->id);
		ds__free(text);
	}
	return rc;
}

static int read_approval(applicant *a, app_approval *ap, xmlNodePtr c)
{
	size_t i;
	int rc;

	ap->date = LONG_MIN;
	if ((rc = ds__xml_text_required(&ap->programme, c, "programme")) < 0 ||
	    (rc = ds__xml_text(&ap->unit, c, "unit")) < 0 || (rc = ds__xml_text_required(&ap->by, c, "by")) < 0 ||
	    (rc = read_fen(&ap->fen, c, "amount")) < 0 || (rc = read_optional_days(&ap->date, c, "date")) < 0)
		return rc;
	if (!ap->unit && !(ap->unit = ds__strdup("")))
		return ds__enomem();
	for (i = 0; i + 1 < a->n_approvals; i++)
		if (strcmp(a->approvals[i].programme, ap->programme) == 0 &&
		    strcmp(a->approvals[i].unit, ap->unit) == 0)
			return ds__xml_error(DS_EEXISTS, c, "unit",
					     "a second approval of programme %s%s%s for applicant %s", ap->programme,
					     *ap->unit ? ", unit " : "", ap->unit, a->id);
	return DS_OK;
}

static int read_applicant(applicant *a, xmlNodePtr node, int version)
{
	size_t cap_trades = 0, cap_filings = 0, cap_vouchers = 0, cap_cases = 0, cap_contracts = 0, cap_recs = 0,
	       cap_approvals = 0;
	xmlNodePtr c;
	char *text = NULL;
	int rc = DS_OK;

	a->first_listed = LONG_MAX;
	if ((rc = ds__xml_name(&a->id, node, "id", 1)) < 0 || (rc = ds__xml_name(&a->name, node, "name", 1)) < 0 ||
	    (rc = read_flag(&a->verified, node, "verified")) < 0)
		return rc;
	if ((rc = check_credit_code(node, a->id)) < 0 || (rc = read_products(a, node, version)) < 0)
		return rc;
	for (c = ds__xml_child(node, NULL); c; c = ds__xml_next(c, NULL)) {
		const char *name = (const char *)c->name;
		if (strcmp(name, "trade") == 0) {
			app_trade *t;
			if ((rc = ds__policy_grow(&a->trades, &cap_trades, a->n_trades + 1, sizeof *a->trades)) < 0)
				break;
			t = &a->trades[a->n_trades];
			if ((rc = ds__xml_text_required(&text, c, "product")) < 0)
				break;
			if (!find_product(a, text, &t->product)) {
				rc = ds__xml_error(DS_EINVAL, c, "product",
						   "trade names product '%s', which applicant %s does not list", text,
						   a->id);
				break;
			}
			ds__free(text);
			text = NULL;
			if ((rc = read_days(&t->date, c, "date")) < 0 || (rc = read_fen(&t->fen, c, "amount")) < 0)
				break;
			a->n_trades++;
		} else if (strcmp(name, "filing") == 0) {
			app_filing *f;
			if ((rc = ds__policy_grow(&a->filings, &cap_filings, a->n_filings + 1, sizeof *a->filings)) < 0)
				break;
			f = &a->filings[a->n_filings];
			if ((rc = ds__xml_text_required(&text, c, "role")) < 0)
				break;
			f->as_buyer = strcmp(text, "buyer") == 0;
			ds__free(text);
			text = NULL;
			f->traded = LONG_MIN;
			if ((rc = read_days(&f->date, c, version == 1 ? "date" : "filed")) < 0 ||
			    (rc = read_fen(&f->fen, c, "amount")) < 0)
				break;
			if (version >= 2 && (rc = read_optional_days(&f->traded, c, "traded")) < 0)
				break;
			a->n_filings++;
		} else if (strcmp(name, "voucher") == 0) {
			if ((rc = ds__policy_grow(&a->vouchers, &cap_vouchers, a->n_vouchers + 1,
						  sizeof *a->vouchers)) < 0)
				break;
			if ((rc = ds__xml_text_required(&a->vouchers[a->n_vouchers], c, "kind")) < 0)
				break;
			a->n_vouchers++;
		} else if (strcmp(name, "case") == 0) {
			app_case *k;
			if ((rc = ds__policy_grow(&a->cases, &cap_cases, a->n_cases + 1, sizeof *a->cases)) < 0)
				break;
			k = &a->cases[a->n_cases];
			memset(k, 0, sizeof *k);
			a->n_cases++;
			if ((rc = read_case(k, c, version)) < 0)
				break;
		} else if (strcmp(name, "contract") == 0) {
			app_contract *k;
			if ((rc = ds__policy_grow(&a->contracts, &cap_contracts, a->n_contracts + 1,
						  sizeof *a->contracts)) < 0)
				break;
			k = &a->contracts[a->n_contracts];
			memset(k, 0, sizeof *k);
			a->n_contracts++;
			if ((rc = ds__xml_text_required(&k->counterparty, c, "counterparty")) < 0 ||
			    (rc = read_days(&k->date, c, "date")) < 0 || (rc = read_fen(&k->fen, c, "amount")) < 0)
				break;
			/* Version 1 cannot say whether the counterparty is an enterprise. */
			if (version >= 2 && (rc = read_flag(&k->enterprise, c, "enterprise")) < 0)
				break;
		} else if (strcmp(name, "partner") == 0) {
			/* Version 1 defined every partner as a university or research institute. */
			int research = 1;
			if (version >= 2 && (rc = read_flag(&research, c, "research")) < 0)
				break;
			a->research_partners += (size_t)research;
		} else if (strcmp(name, "training") == 0) {
			if (a->training) {
				rc = ds__xml_error(DS_EINVAL, c, NULL, "a second <training> for applicant %s", a->id);
				break;
			}
			if ((rc = ds__xml_text_required(&a->training, c, "evidence")) < 0 ||
			    (rc = ds__xml_text(&a->training_by, c, "assessed-by")) < 0)
				break;
		} else if (strcmp(name, "approval") == 0) {
			app_approval *ap;
			if ((rc = ds__policy_grow(&a->approvals, &cap_approvals, a->n_approvals + 1,
						  sizeof *a->approvals)) < 0)
				break;
			ap = &a->approvals[a->n_approvals];
			memset(ap, 0, sizeof *ap);
			a->n_approvals++;
			if ((rc = read_approval(a, ap, c)) < 0)
				break;
		} else if (strcmp(name, "review") == 0) {
			if (a->review_score) {
				rc = ds__xml_error(DS_EINVAL, c, NULL, "a second <review> for applicant %s", a->id);
				break;
			}
			if ((rc = ds_decimal_new(&a->review_score)) < 0 ||
			    (rc = ds__xml_decimal(a->review_score, c, "score", 0)) < 0)
				break;
		} else if (strcmp(name, "recognition") == 0) {
			app_recognition *r;
			if ((rc = ds__policy_grow(&a->recognitions, &cap_recs, a->n_recognitions + 1,
						  sizeof *a->recognitions)) < 0)
				break;
			r = &a->recognitions[a->n_recognitions];
			memset(r, 0, sizeof *r);
			a->n_recognitions++;
			if ((rc = read_recognition(r, c, version)) < 0)
				break;
		}
	}
	ds__free(text);
	/* Trades are most of an application's memory: give back what doubling reserved. */
	if (rc == DS_OK && a->n_trades && a->n_trades < cap_trades) {
		app_trade *fitted = ds__realloc(a->trades, a->n_trades * sizeof *a->trades);
		if (fitted)
			a->trades = fitted;
	}
	return rc;
}

static int compare_ids(const void *x, const void *y)
{
	const applicant *const *a = x, *const *b = y;
	return strcmp((*a)->id, (*b)->id);
}

typedef struct case_ref {
	const char *id;
	size_t applicant;
	app_case *k;
} case_ref;

static int compare_case_refs(const void *x, const void *y)
{
	const case_ref *a = x, *b = y;
	int c = strcmp(a->id, b->id);
	return c ? c : (a->applicant < b->applicant ? -1 : a->applicant > b->applicant);
}

/* case.applicants: how many distinct applicants list each case id (O(n log n) in cases). */
static int count_case_holders(ds_applications *apps)
{
	case_ref *refs;
	size_t n = 0, i, j, k, holders;

	for (i = 0; i < apps->n; i++)
		n += apps->applicants[i].n_cases;
	if (n == 0)
		return DS_OK;
	if (!(refs = ds__malloc(n * sizeof *refs)))
		return ds__enomem();
	for (i = 0, n = 0; i < apps->n; i++)
		for (k = 0; k < apps->applicants[i].n_cases; k++) {
			refs[n].id = apps->applicants[i].cases[k].id;
			refs[n].applicant = i;
			refs[n++].k = &apps->applicants[i].cases[k];
		}
	qsort(refs, n, sizeof *refs, compare_case_refs);
	for (i = 0; i < n; i = j) {
		holders = 0;
		for (j = i; j < n && strcmp(refs[j].id, refs[i].id) == 0; j++)
			if (j == i || refs[j].applicant != refs[j - 1].applicant)
				holders++;
		for (k = i; k < j; k++)
			refs[k].k->holders = holders;
	}
	ds__free(refs);
	return DS_OK;
}

/* Read the applicants one at a time, handing each to @each (which owns it from then on). */
static int each_applicant(ds__xml_stream *s, int version, ds__policy_applicant_fn each, void *ctx)
{
	const char *name;
	xmlNodePtr node;
	size_t index = 0;
	applicant a;
	int depth, rc;

	while ((rc = ds__xml_stream_next(s, &depth, &name)) > 0) {
		if (depth != 1 || strcmp(name, "applicant") != 0)
			continue;
		if ((rc = ds__xml_stream_expand(s, &node)) < 0)
			return rc;
		memset(&a, 0, sizeof a);
		if ((rc = read_applicant(&a, node, version)) < 0) {
			ds__policy_applicant_dispose(&a);
			return rc;
		}
		if ((rc = each(ctx, &a, index++)) < 0)
			return rc;
	}
	return rc;
}

static int append_applicant(void *ctx, applicant *a, size_t index)
{
	ds_applications *apps = ctx;
	int rc;

	(void)index;
	if ((rc = ds__policy_grow(&apps->applicants, &apps->cap, apps->n + 1, sizeof *apps->applicants)) < 0) {
		ds__policy_applicant_dispose(a);
		return rc;
	}
	apps->applicants[apps->n++] = *a;
	return DS_OK;
}

static int read_stream(ds_applications *apps, ds__xml_stream *s)
{
	size_t i;
	applicant **sorted = NULL;
	int rc;

	if ((rc = each_applicant(s, apps->version, append_applicant, apps)) < 0 || (rc = count_case_holders(apps)) < 0)
		return rc;
	/* Duplicates: sort pointers by credit code, compare neighbours (O(n log n)). */
	if (apps->n > 1) {
		if (!(sorted = ds__malloc(apps->n * sizeof *sorted)))
			return ds__enomem();
		for (i = 0; i < apps->n; i++)
			sorted[i] = &apps->applicants[i];
		qsort(sorted, apps->n, sizeof *sorted, compare_ids);
		for (i = 1; i < apps->n; i++)
			if (strcmp(sorted[i]->id, sorted[i - 1]->id) == 0) {
				size_t first = (size_t)(sorted[i - 1] < sorted[i] ? sorted[i - 1] : sorted[i]) -
					       (size_t)apps->applicants,
				       second = (size_t)(sorted[i - 1] < sorted[i] ? sorted[i] : sorted[i - 1]) -
						(size_t)apps->applicants;
				char field[64];
				first /= sizeof *apps->applicants;
				second /= sizeof *apps->applicants;
				snprintf(field, sizeof field, "applications/applicant[%zu]/@id", second + 1);
				rc = ds__error_at(DS_EEXISTS, 0, 0, field,
						  "applicant %s appears twice (applicant[%zu] and applicant[%zu])",
						  sorted[i]->id, first + 1, second + 1);
				break;
			}
		ds__free(sorted);
	}
	return rc;
}

static int open_stream(ds__xml_stream **s, const char *data, size_t len, const char *name, const char *path,
		       const char *schema)
{
	return path ? ds__xml_stream_open_file(s, path, schema) :
		      ds__xml_stream_open_memory(s, data, len, name ? name : "applications", schema);
}

/* The version is the root element's namespace: urn:datasset:applications:2 (the
 * current one, schemas/applications.xsd) or :1 (schemas/applications-1.xsd). The
 * root is read once without a schema to choose it; anything else is validated
 * against the current schema, which names what it expects. */
static int document_version(int *version, const char *data, size_t len, const char *name, const char *path)
{
	ds__xml_stream *s = NULL;
	const char *local;
	int depth, rc;

	*version = 2;
	if ((rc = open_stream(&s, data, len, name, path, NULL)) < 0)
		return rc;
	if (ds__xml_stream_next(s, &depth, &local) > 0 && strcmp(local, "applications") == 0 &&
	    strcmp(ds__xml_stream_namespace(s), "urn:datasset:applications:1") == 0)
		*version = 1;
	ds__xml_stream_free(s);
	return DS_OK; /* a document that cannot be read fails again, with its message, when validated */
}

static int parse(ds_applications **out, const char *data, size_t len, const char *name, const char *path)
{
	ds__xml_stream *s = NULL;
	ds_applications *apps = NULL;
	int rc, version;

	if (!out || (!data && !path))
		return ds__error(DS_EINVAL, "applications: NULL argument");
	if ((rc = document_version(&version, data, len, name, path)) < 0 ||
	    (rc = open_stream(&s, data, len, name, path, version == 1 ? "applications-1.xsd" : "applications.xsd")) < 0)
		goto done;
	if (!(apps = ds__calloc(1, sizeof *apps))) {
		rc = ds__enomem();
		goto done;
	}
	apps->version = version;
	if ((rc = read_stream(apps, s)) < 0)
		goto done;
	*out = apps;
	apps = NULL;
done:
	ds_applications_free(apps);
	ds__xml_stream_free(s);
	return rc;
}

int ds__policy_applications_each(const char *data, size_t len, const char *name, const char *path,
				 ds__policy_applicant_fn each, void *ctx)
{
	ds__xml_stream *s = NULL;
	int rc, version;

	if ((rc = document_version(&version, data, len, name, path)) < 0 ||
	    (rc = open_stream(&s, data, len, name, path, version == 1 ? "applications-1.xsd" : "applications.xsd")) < 0)
		goto done;
	rc = each_applicant(s, version, each, ctx);
done:
	ds__xml_stream_free(s);
	return rc;
}

int ds_applications_parse(ds_applications **out, const char *data, size_t len, const char *name)
{
	return parse(out, data, len, name, NULL);
}

int ds_applications_load(ds_applications **out, const char *path)
{
	return parse(out, NULL, 0, NULL, path);
}
