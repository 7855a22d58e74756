/*
 * Evaluation: figures per unit, conditions, ranking with the documented
 * tie-breaks, formula, caps in order, 就高 across programmes, totals.
 * O(n log n) in units (one sort per programme, one for 就高, one for output)
 * and linear in records.
 * SPDX-License-Identifier: MIT
 */
#include "config.h"

#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal/xml.h"
#include "policy/model.h"

typedef struct eval_ctx {
	const ds_policy *policy;
	const ds_applications *apps;
	ds_awards *aw;
	ds_decimal **vars;  /* one per slot */
	ds_decimal **stack; /* policy->stack_need scratch values */
	ds_decimal *cent, *value, *room, *approved;
	size_t *id_at, *name_at; /* per applicant, in the arena */
	ds__buf scratch;
	size_t last_reason_at; /* the previous reason: identical reasons share one string */
} eval_ctx;

typedef struct candidate {
	size_t line;
	const ds_decimal *key; /* NULL when the programme does not rank */
	long tie_date;	       /* first-listing date; LONG_MAX when none */
	const char *applicant, *unit;
	int ascending;
} candidate;

/* ---------------------------------------------------------------- result building */

static int arena_put(ds_awards *aw, size_t *at, const char *s)
{
	*at = aw->arena.len;
	ds__buf_puts(&aw->arena, s);
	ds__buf_putc(&aw->arena, '\0');
	return aw->arena.oom ? ds__enomem() : DS_OK;
}

/* A copy of @value owned by the line that points to it (freed with the result). */
static int keep_decimal(const ds_decimal **out, const ds_decimal *value)
{
	ds_decimal *copy = NULL;
	int rc;

	if ((rc = ds_decimal_dup(&copy, value)) < 0)
		return rc;
	*out = copy;
	return DS_OK;
}

/* Drop a line's uncapped amount (an unranked unit is not awarded). */
static void drop_uncapped(line *l)
{
	ds_decimal_free((ds_decimal *)(uintptr_t)l->pub.uncapped);
	l->pub.uncapped = NULL;
}

static int new_line(eval_ctx *c, line **out, size_t applicant_index, size_t programme_index, const char *unit)
{
	ds_awards *aw = c->aw;
	line *l;
	int rc;

	if ((rc = ds__policy_grow(&aw->lines, &aw->cap_lines, aw->n_lines + 1, sizeof *aw->lines)) < 0)
		return rc;
	l = &aw->lines[aw->n_lines];
	memset(l, 0, sizeof *l);
	l->applicant = applicant_index;
	l->programme = programme_index;
	l->seq = aw->n_lines;
	l->id_at = c->id_at[applicant_index];
	l->name_at = c->name_at[applicant_index];
	l->pub.award = aw->zero;
	if (unit && *unit && (rc = arena_put(aw, &l->unit_at, unit)) < 0)
		return rc;
	aw->n_lines++;
	*out = l;
	return DS_OK;
}

static void put_value(ds__buf *b, const ds_decimal *x)
{
	char *text = NULL;
	int rc = ds_decimal_to_string(&text, x, 0);

	/* A fraction only for a value with no finite decimal form: out of
	 * memory is the explanation's failure, not another way to write it. */
	if (rc == DS_EINEXACT)
		rc = ds_decimal_to_fraction(&text, x);
	if (rc == DS_OK)
		ds__buf_puts(b, text);
	else
		b->oom = 1;
	ds_free(text);
}

/* ---------------------------------------------------------------- figures */

static int in_window(const prog_def *g, long date)
{
	return !g->has_window || (date >= g->from && date <= g->to);
}

static int set_fen(eval_ctx *c, size_t slot, int64_t fen)
{
	int rc;

	if ((rc = ds_decimal_set_int64(c->vars[slot], fen)) < 0)
		return rc;
	return ds_decimal_mul(c->vars[slot], c->vars[slot], c->cent);
}

static int add_fen(int64_t *sum, int64_t fen)
{
	if (__builtin_add_overflow(*sum, fen, sum))
		return ds__error(DS_ERANGE, "a total of amounts passes 9.2 × 10^16 fen");
	return DS_OK;
}

static int compare_strings(const void *x, const void *y)
{
	return strcmp(*(const char *const *)x, *(const char *const *)y);
}

/* Full years from @from to @to (both days since 1970): a birthday-style count. */
static long full_years(long from, long to)
{
	ds__date a = ds__date_from_days(from), b = ds__date_from_days(to);
	long years = b.year - a.year;

	if (b.month < a.month || (b.month == a.month && b.day < a.day))
		years--;
	return years;
}

static int has_word(const char *list, const char *word)
{
	size_t n = strlen(word);
	const char *s = list;

	while (s && *s) {
		while (*s == ' ')
			s++;
		if (strncmp(s, word, n) == 0 && (s[n] == ' ' || s[n] == '\0'))
			return 1;
		while (*s && *s != ' ')
			s++;
	}
	return 0;
}

static int applicant_figures(eval_ctx *c, const prog_def *g, const applicant *a, size_t *ignored)
{
	const unsigned char *uses = g->uses;
	int64_t trades = 0, as_provider = 0, as_buyer = 0, contracts = 0, with_enterprises = 0;
	size_t i, listed = 0, parties = 0, enterprises = 0, n_in = 0, n_ent = 0;
	const char **names = NULL, **ent_names = NULL;
	int rc = DS_OK;

	if (uses[F_APPLICANT_VERIFIED])
		rc = ds_decimal_set_int64(c->vars[F_APPLICANT_VERIFIED], a->verified);
	if (rc == DS_OK && uses[F_APPLICANT_LISTED_PRODUCTS]) {
		for (i = 0; i < a->n_products; i++)
			if (!g->has_window || a->products[i].listed <= g->to)
				listed++;
		rc = ds_decimal_set_int64(c->vars[F_APPLICANT_LISTED_PRODUCTS], (int64_t)listed);
	}
	if (rc == DS_OK && uses[F_APPLICANT_TRADE_TOTAL]) {
		for (i = 0; i < a->n_trades && rc == DS_OK; i++) {
			if (in_window(g, a->trades[i].date))
				rc = add_fen(&trades, a->trades[i].fen);
			else
				(*ignored)++;
		}
		if (rc == DS_OK)
			rc = set_fen(c, F_APPLICANT_TRADE_TOTAL, trades);
	}
	if (rc == DS_OK && (uses[F_APPLICANT_FILED_AS_PROVIDER] || uses[F_APPLICANT_FILED_AS_BUYER] ||
			    uses[F_APPLICANT_FILED_TOTAL])) {
		for (i = 0; i < a->n_filings && rc == DS_OK; i++) {
			if (!in_window(g, a->filings[i].date))
				(*ignored)++;
			else
				rc = add_fen(a->filings[i].as_buyer ? &as_buyer : &as_provider, a->filings[i].fen);
		}
		if (rc == DS_OK)
			rc = set_fen(c, F_APPLICANT_FILED_AS_PROVIDER, as_provider);
		if (rc == DS_OK)
			rc = set_fen(c, F_APPLICANT_FILED_AS_BUYER, as_buyer);
		if (rc == DS_OK)
			rc = ds_decimal_add(c->vars[F_APPLICANT_FILED_TOTAL], c->vars[F_APPLICANT_FILED_AS_PROVIDER],
					    c->vars[F_APPLICANT_FILED_AS_BUYER]);
	}
	if (rc == DS_OK && (uses[F_APPLICANT_CONTRACT_TOTAL] || uses[F_APPLICANT_CONTRACT_PARTIES] ||
			    uses[F_APPLICANT_CONTRACT_ENTERPRISES] || uses[F_APPLICANT_ENTERPRISE_CONTRACT_TOTAL])) {
		if (a->n_contracts && (!(names = ds__malloc(a->n_contracts * sizeof *names)) ||
				       !(ent_names = ds__malloc(a->n_contracts * sizeof *ent_names)))) {
			ds__free(names);
			return ds__enomem();
		}
		for (i = 0; i < a->n_contracts && rc == DS_OK; i++) {
			if (!in_window(g, a->contracts[i].date)) {
				(*ignored)++;
				continue;
			}
			names[n_in++] = a->contracts[i].counterparty;
			rc = add_fen(&contracts, a->contracts[i].fen);
			if (rc == DS_OK && a->contracts[i].enterprise) {
				ent_names[n_ent++] = a->contracts[i].counterparty;
				rc = add_fen(&with_enterprises, a->contracts[i].fen);
			}
		}
		if (n_in)
			qsort(names, n_in, sizeof *names, compare_strings);
		for (i = 0; i < n_in; i++)
			if (i == 0 || strcmp(names[i], names[i - 1]) != 0)
				parties++;
		if (n_ent)
			qsort(ent_names, n_ent, sizeof *ent_names, compare_strings);
		for (i = 0; i < n_ent; i++)
			if (i == 0 || strcmp(ent_names[i], ent_names[i - 1]) != 0)
				enterprises++;
		ds__free(names);
		ds__free(ent_names);
		if (rc == DS_OK)
			rc = set_fen(c, F_APPLICANT_CONTRACT_TOTAL, contracts);
		if (rc == DS_OK)
			rc = ds_decimal_set_int64(c->vars[F_APPLICANT_CONTRACT_PARTIES], (int64_t)parties);
		if (rc == DS_OK)
			rc = set_fen(c, F_APPLICANT_ENTERPRISE_CONTRACT_TOTAL, with_enterprises);
		if (rc == DS_OK)
			rc = ds_decimal_set_int64(c->vars[F_APPLICANT_CONTRACT_ENTERPRISES], (int64_t)enterprises);
	}
	if (rc == DS_OK && uses[F_APPLICANT_TRAINING_SYSTEM])
		rc = ds_decimal_set_int64(c->vars[F_APPLICANT_TRAINING_SYSTEM], a->training != NULL);
	if (rc == DS_OK && uses[F_APPLICANT_RESEARCH_PARTNERS])
		rc = ds_decimal_set_int64(c->vars[F_APPLICANT_RESEARCH_PARTNERS], (int64_t)a->research_partners);
	if (rc == DS_OK && uses[F_APPLICANT_REVIEWED])
		rc = ds_decimal_set_int64(c->vars[F_APPLICANT_REVIEWED], a->review_score != NULL);
	if (rc == DS_OK && uses[F_APPLICANT_REVIEW_SCORE])
		rc = a->review_score ? ds_decimal_set(c->vars[F_APPLICANT_REVIEW_SCORE], a->review_score) :
				       ds_decimal_set_int64(c->vars[F_APPLICANT_REVIEW_SCORE], 0);
	for (i = 0; rc == DS_OK && i < c->policy->n_tags; i++) {
		const tag *t = &c->policy->tags[i];
		size_t count = 0, v;
		if (t->family != TAG_VOUCHER || !uses[F_FIXED_COUNT + i])
			continue;
		for (v = 0; v < a->n_vouchers; v++)
			if (strcmp(a->vouchers[v], t->name) == 0)
				count++;
		rc = ds_decimal_set_int64(c->vars[F_FIXED_COUNT + i], (int64_t)count);
	}
	return rc;
}

static int unit_figures(eval_ctx *c, const prog_def *g, const applicant *a, size_t unit, size_t *ignored)
{
	const unsigned char *uses = g->uses;
	int64_t total = 0;
	size_t i;
	int rc = DS_OK;

	if (g->unit == UNIT_PRODUCT) {
		const app_product *p = &a->products[unit];
		int64_t cumulative = 0;
		for (i = 0; i < a->n_trades && rc == DS_OK; i++) {
			if (a->trades[i].product != unit)
				continue;
			/* 累计交易额 counts every trade of the product; the window bounds the ranking figure. */
			if ((rc = add_fen(&cumulative, a->trades[i].fen)) < 0)
				break;
			if (in_window(g, a->trades[i].date))
				rc = add_fen(&total, a->trades[i].fen);
			else
				(*ignored)++;
		}
		if (rc == DS_OK && uses[F_PRODUCT_TRADE_TOTAL])
			rc = set_fen(c, F_PRODUCT_TRADE_TOTAL, total);
		if (rc == DS_OK && uses[F_PRODUCT_TRADE_CUMULATIVE])
			rc = set_fen(c, F_PRODUCT_TRADE_CUMULATIVE, cumulative);
		if (rc == DS_OK)
			rc = ds_decimal_set_int64(c->vars[F_PRODUCT_LISTED_IN_WINDOW], in_window(g, p->listed));
		if (rc == DS_OK)
			rc = ds_decimal_set_int64(c->vars[F_PRODUCT_CERTIFICATE], p->certificate);
		if (rc == DS_OK)
			rc = ds_decimal_set_int64(c->vars[F_PRODUCT_TRADE_VOUCHER], p->trade_voucher);
	} else if (g->unit == UNIT_CASE) {
		const app_case *k = &a->cases[unit];
		rc = ds_decimal_set_int64(c->vars[F_CASE_IN_WINDOW], k->date != LONG_MIN && in_window(g, k->date));
		if (rc == DS_OK)
			rc = ds_decimal_set_int64(c->vars[F_CASE_YEAR], k->year);
		if (rc == DS_OK)
			rc = ds_decimal_set_int64(c->vars[F_CASE_APPLICANTS], (int64_t)k->holders);
		if (rc == DS_OK)
			rc = k->share ? ds_decimal_set(c->vars[F_CASE_SHARE], k->share) :
					ds_decimal_set_int64(c->vars[F_CASE_SHARE], 1);
		if (rc == DS_OK)
			rc = ds_decimal_set_int64(c->vars[F_CASE_SHARE_DECLARED], k->share != NULL);
		for (i = 0; rc == DS_OK && i < c->policy->n_tags; i++) {
			const tag *t = &c->policy->tags[i];
			if (!uses[F_FIXED_COUNT + i])
				continue;
			if (t->family == TAG_CASE_LIST)
				rc = ds_decimal_set_int64(c->vars[F_FIXED_COUNT + i], strcmp(k->list, t->name) == 0);
			else if (t->family == TAG_OUTCOME)
				rc = ds_decimal_set_int64(c->vars[F_FIXED_COUNT + i],
							  k->outcome && strcmp(k->outcome, t->name) == 0);
		}
	} else if (g->unit == UNIT_RECOGNITION) {
		const app_recognition *r = &a->recognitions[unit];
		rc = set_fen(c, F_RECOGNITION_AMOUNT, r->fen);
		if (rc == DS_OK)
			rc = ds_decimal_set_int64(c->vars[F_RECOGNITION_IN_WINDOW], in_window(g, r->date));
		if (rc == DS_OK)
			rc = ds_decimal_set_int64(c->vars[F_RECOGNITION_REGISTERED], r->registered);
		if (rc == DS_OK)
			rc = ds_decimal_set_int64(c->vars[F_PROVIDER_APPROVED], r->approved);
		if (rc == DS_OK)
			rc = ds_decimal_set_int64(c->vars[F_PROVIDER_INDEPENDENT], r->independent);
		if (rc == DS_OK)
			rc = ds_decimal_set_int64(c->vars[F_PROVIDER_CLEAN], r->clean);
		if (rc == DS_OK)
			rc = ds_decimal_set_int64(c->vars[F_PROVIDER_LICENSED], r->licensed);
		if (rc == DS_OK)
			rc = ds_decimal_set_int64(c->vars[F_RECOGNITION_VOUCHER_USER], r->voucher_user);
		if (rc == DS_OK)
			rc = ds_decimal_set_int64(c->vars[F_RECOGNITION_VOUCHER_CLAIMED], r->claimed != LONG_MIN);
		/* 持续正常经营满三年 is measured at the claim date; without one, at the window's end. */
		if (rc == DS_OK)
			rc = ds_decimal_set_int64(
				c->vars[F_PROVIDER_YEARS],
				full_years(r->provider_founded,
					   r->claimed != LONG_MIN ? r->claimed : (g->has_window ? g->to : r->date)));
		for (i = 0; rc == DS_OK && i < c->policy->n_tags; i++)
			if (c->policy->tags[i].family == TAG_QUALIFICATION && uses[F_FIXED_COUNT + i])
				rc = ds_decimal_set_int64(c->vars[F_FIXED_COUNT + i],
							  has_word(r->qualifications, c->policy->tags[i].name));
	}
	return rc;
}

/* ---------------------------------------------------------------- one prog_def */

static int run_expr(eval_ctx *c, ds_decimal *r, const ds__expr *e, const prog_def *g, const applicant *a)
{
	char message[1024];
	int rc = ds__expr_eval(r, e, (const ds_decimal *const *)c->vars, c->stack);

	if (rc < 0 && rc != DS_ENOMEM) {
		snprintf(message, sizeof message, "%s", ds_error_last()->message);
		rc = ds__error(rc, "programme %s, applicant %s: '%s': %s", g->id, a->id, ds__expr_text(e), message);
	}
	return rc;
}

/* Store the reason in c->scratch, sharing the string with the previous reason
 * when they are the same (most ineligible units fail the same way). */
static int put_reason(eval_ctx *c, size_t *at)
{
	int rc;

	if (c->scratch.oom)
		return ds__enomem();
	if (c->last_reason_at && strcmp(arena_str(c->aw, c->last_reason_at), c->scratch.data) == 0) {
		*at = c->last_reason_at;
		return DS_OK;
	}
	if ((rc = arena_put(c->aw, at, c->scratch.data)) == DS_OK)
		c->last_reason_at = *at;
	return rc;
}

/* "label: not met (figure = value, ...)" for the first condition that fails. */
static int failure_reason(eval_ctx *c, const prog_def *g, const condition *cond, size_t *at)
{
	ds__buf *b = &c->scratch;
	size_t slot, shown = 0;

	ds__buf_clear(b);
	ds__buf_printf(b, "%s: not met (", cond->label);
	for (slot = 0; slot < policy_slots(c->policy); slot++) {
		if (!ds__expr_uses(cond->test, slot))
			continue;
		if (shown++)
			ds__buf_puts(b, ", ");
		if (slot < F_FIXED_COUNT)
			ds__buf_puts(b, ds__policy_figures[slot].name);
		else
			ds__buf_printf(b, "%s%s", ds__policy_tag_prefix[c->policy->tags[slot - F_FIXED_COUNT].family],
				       c->policy->tags[slot - F_FIXED_COUNT].name);
		ds__buf_puts(b, " = ");
		put_value(b, c->vars[slot]);
	}
	ds__buf_puts(b, shown ? ")" : "condition false)");
	(void)g;
	return put_reason(c, at);
}

static size_t unit_count(const prog_def *g, const applicant *a)
{
	switch (g->unit) {
	case UNIT_PRODUCT: return a->n_products;
	case UNIT_CASE: return a->n_cases;
	case UNIT_RECOGNITION: return a->n_recognitions;
	default: return 1;
	}
}

static const char *unit_id(const prog_def *g, const applicant *a, size_t unit, long *date)
{
	switch (g->unit) {
	case UNIT_PRODUCT: *date = a->products[unit].listed; return a->products[unit].id;
	case UNIT_CASE:
		*date = a->cases[unit].date == LONG_MIN ? LONG_MAX : a->cases[unit].date;
		return a->cases[unit].id;
	case UNIT_RECOGNITION: *date = a->recognitions[unit].date; return a->recognitions[unit].id;
	default: *date = a->first_listed; return "";
	}
}

static int compare_candidates(const void *x, const void *y)
{
	const candidate *a = x, *b = y;
	int c;

	if (a->key && b->key && (c = ds_decimal_cmp(a->key, b->key)) != 0)
		return a->ascending ? c : -c;
	if (a->tie_date != b->tie_date)
		return a->tie_date < b->tie_date ? -1 : 1;
	if ((c = strcmp(a->applicant, b->applicant)) != 0)
		return c;
	if ((c = strcmp(a->unit, b->unit)) != 0)
		return c;
	/* The same unit listed twice by one applicant: the order of the application. */
	return a->line < b->line ? -1 : a->line > b->line;
}

/* Take what a shared limit still allows: @amount is cut to @limit − *@spent (noting
 * "@what: LIMIT in total, SPENT already awarded"), then added to *@spent. */
static int shared_limit(eval_ctx *c, ds_decimal *amount, const ds_decimal *limit, ds_decimal **spent, const char *what)
{
	ds__buf *b = &c->scratch;
	int rc;

	if (!*spent && (rc = ds_decimal_new(spent)) < 0)
		return rc;
	if ((rc = ds_decimal_sub(c->room, limit, *spent)) < 0)
		return rc;
	if (ds_decimal_cmp(amount, c->room) > 0) {
		ds__buf_printf(b, "%s%s: ", b->len ? "; " : "", what);
		put_value(b, limit);
		ds__buf_puts(b, " in total, ");
		put_value(b, *spent);
		ds__buf_puts(b, " already awarded");
		if ((rc = ds_decimal_set(amount, c->room)) < 0)
			return rc;
	}
	return ds_decimal_add(*spent, *spent, amount);
}

/* Caps in the documented order: floor at 0, per award, rank band, rounding to
 * the fen (the programme's mode), per unit across applicants, per-applicant
 * total. Notes go to c->scratch. */
static int apply_caps(eval_ctx *c, const prog_def *g, ds_decimal *amount, size_t rank, ds_decimal **used,
		      size_t applicant_index, ds_decimal **unit_spent, const char *unit)
{
	ds__buf *b = &c->scratch;
	size_t k;
	int rc;

	ds__buf_clear(b);
	if (ds_decimal_sign(amount) < 0) {
		ds__buf_puts(b, "floor: 0");
		if ((rc = ds_decimal_set_int64(amount, 0)) < 0)
			return rc;
	}
	if (g->cap_award && ds_decimal_cmp(amount, g->cap_award) > 0) {
		ds__buf_printf(b, "%sper award: ", b->len ? "; " : "");
		put_value(b, g->cap_award);
		if ((rc = ds_decimal_set(amount, g->cap_award)) < 0)
			return rc;
	}
	for (k = 0; k < g->n_bands; k++) {
		const rank_band *band = &g->bands[k];
		if ((long)rank < band->first || (long)rank > band->last || ds_decimal_cmp(amount, band->amount) <= 0)
			continue;
		ds__buf_printf(b, "%srank band %ld-%ld: ", b->len ? "; " : "", band->first, band->last);
		put_value(b, band->amount);
		if ((rc = ds_decimal_set(amount, band->amount)) < 0)
			return rc;
	}
	/* 金额以元为单位，精确到分: each award is rounded once, in the programme's mode
	 * (toward zero for a 不高于 amount, so that it never passes its bound). */
	if ((rc = ds_decimal_round(amount, amount, 2, g->rounding)) < 0)
		return rc;
	if (g->cap_unit) {
		char what[96];
		snprintf(what, sizeof what, "per %s %s", ds__policy_unit_name(g->unit), unit);
		if ((rc = shared_limit(c, amount, g->cap_unit, unit_spent, what)) < 0)
			return rc;
	}
	if (g->cap_applicant &&
	    (rc = shared_limit(c, amount, g->cap_applicant, &used[applicant_index], "per applicant")) < 0)
		return rc;
	return b->oom ? ds__enomem() : DS_OK;
}

typedef struct unit_ref {
	const char *unit;
	size_t k;
} unit_ref;

static int compare_unit_refs(const void *x, const void *y)
{
	const unit_ref *a = x, *b = y;
	int c = strcmp(a->unit, b->unit);
	return c ? c : (a->k < b->k ? -1 : a->k > b->k);
}

/* For a per-unit cap: group[k] numbers the distinct unit identifiers of the
 * ranked candidates (the same case under several applicants, or twice under one). */
static int unit_groups(const candidate *cands, size_t n, size_t **group, size_t *n_groups)
{
	unit_ref *refs = ds__malloc(n * sizeof *refs);
	size_t k;

	if (!refs || !(*group = ds__malloc(n * sizeof **group))) {
		ds__free(refs);
		return ds__enomem();
	}
	for (k = 0; k < n; k++) {
		refs[k].unit = cands[k].unit;
		refs[k].k = k;
	}
	qsort(refs, n, sizeof *refs, compare_unit_refs);
	*n_groups = 0;
	for (k = 0; k < n; k++) {
		if (k > 0 && strcmp(refs[k].unit, refs[k - 1].unit) != 0)
			(*n_groups)++;
		(*group)[refs[k].k] = *n_groups;
	}
	(*n_groups)++;
	ds__free(refs);
	return DS_OK;
}

/* "最高 X" (<award maximum="true">): the formula's value X is paid unless the
 * application carries an amount approved for this programme and unit below it;
 * the line's basis says which, and who approved it. */
static int apply_approval(eval_ctx *c, const prog_def *g, const applicant *a, const char *unit, ds_decimal *amount,
			  size_t *basis_at)
{
	ds__buf *b = &c->scratch;
	const app_approval *ap = NULL;
	char date[16];
	size_t i;
	int rc;

	for (i = 0; i < a->n_approvals && !ap; i++)
		if (strcmp(a->approvals[i].programme, g->id) == 0 && strcmp(a->approvals[i].unit, unit) == 0)
			ap = &a->approvals[i];
	ds__buf_clear(b);
	if (!ap) {
		ds__buf_puts(b, "maximum ");
		put_value(b, amount);
		ds__buf_puts(b, " paid: no approved amount in the application");
		return put_reason(c, basis_at);
	}
	if ((rc = ds_decimal_set_int64(c->approved, ap->fen)) < 0 ||
	    (rc = ds_decimal_mul(c->approved, c->approved, c->cent)) < 0)
		return rc;
	ds__buf_puts(b, "approved ");
	put_value(b, c->approved);
	ds__buf_printf(b, " by %s", ap->by);
	if (ap->date != LONG_MIN) {
		ds__date_format(date, ds__date_from_days(ap->date));
		ds__buf_printf(b, " on %s", date);
	}
	if (ds_decimal_cmp(c->approved, amount) < 0) {
		ds__buf_puts(b, ", below the maximum ");
		put_value(b, amount);
		if ((rc = ds_decimal_set(amount, c->approved)) < 0)
			return rc;
	} else {
		ds__buf_puts(b, ", not below the maximum ");
		put_value(b, amount);
		ds__buf_puts(b, ": the maximum is paid");
	}
	return put_reason(c, basis_at);
}

static int evaluate_programme(eval_ctx *c, size_t gi)
{
	const prog_def *g = &c->policy->programmes[gi];
	const ds_applications *apps = c->apps;
	ds_awards *aw = c->aw;
	candidate *cands = NULL;
	size_t n_cands = 0, cap_cands = 0, ai, u, k, n_units, cond, *count = NULL, *group = NULL, n_groups = 0;
	ds_decimal **used = NULL, **unit_spent = NULL;
	char note[160];
	int rc = DS_OK;

	if (g->cap_applicant && !(used = ds__calloc(apps->n ? apps->n : 1, sizeof *used)))
		return ds__enomem();
	if (g->cap_applicant_count && !(count = ds__calloc(apps->n ? apps->n : 1, sizeof *count))) {
		rc = ds__enomem();
		goto done;
	}
	for (ai = 0; ai < apps->n; ai++) {
		const applicant *a = &apps->applicants[ai];
		size_t applicant_ignored = 0;
		line *l;

		if ((rc = applicant_figures(c, g, a, &applicant_ignored)) < 0)
			goto done;
		n_units = unit_count(g, a);
		if (n_units == 0) {
			if ((rc = new_line(c, &l, ai, gi, NULL)) < 0)
				goto done;
			ds__buf_clear(&c->scratch);
			ds__buf_printf(&c->scratch, "no %s in the application", ds__policy_unit_name(g->unit));
			if ((rc = put_reason(c, &l->reason_at)) < 0)
				goto done;
			l->pub.ignored_records = applicant_ignored;
			aw->ignored[gi] += applicant_ignored;
			continue;
		}
		for (u = 0; u < n_units; u++) {
			size_t ignored = u == 0 ? applicant_ignored : 0;
			long date;
			const char *id = unit_id(g, a, u, &date);

			if ((rc = unit_figures(c, g, a, u, &ignored)) < 0)
				goto done;
			if ((rc = new_line(c, &l, ai, gi, id)) < 0)
				goto done;
			if (g->payee_provider) {
				const app_recognition *r = &a->recognitions[u];
				ds__buf_clear(&c->scratch);
				ds__buf_printf(&c->scratch, "%s %s (服务商)", r->provider_id, r->provider_name);
				if ((rc = put_reason(c, &l->payee_at)) < 0)
					goto done;
			}
			l->pub.ignored_records = ignored;
			aw->ignored[gi] += ignored;
			for (cond = 0; cond < g->n_conditions; cond++) {
				if ((rc = run_expr(c, c->value, g->conditions[cond].test, g, a)) < 0)
					goto done;
				if (ds_decimal_is_zero(c->value))
					break;
			}
			if (cond < g->n_conditions) {
				if ((rc = failure_reason(c, g, &g->conditions[cond], &l->reason_at)) < 0)
					goto done;
				continue;
			}
			l->pub.status = DS_AWARD_GRANTED;
			if ((rc = run_expr(c, c->value, g->formula, g, a)) < 0 ||
			    (rc = keep_decimal(&l->pub.uncapped, c->value)) < 0)
				goto done;
			if (g->rank_by) {
				if ((rc = run_expr(c, c->value, g->rank_by, g, a)) < 0 ||
				    (rc = keep_decimal(&l->pub.ranking_value, c->value)) < 0)
					goto done;
			}
			if ((rc = ds__policy_grow(&cands, &cap_cands, n_cands + 1, sizeof *cands)) < 0)
				goto done;
			cands[n_cands].line = aw->n_lines - 1;
			cands[n_cands].tie_date = date;
			cands[n_cands].applicant = a->id;
			cands[n_cands].unit = id;
			cands[n_cands].ascending = g->ascending;
			n_cands++;
		}
	}
	/* Keys are set only now: aw->lines may have moved while it grew. */
	for (k = 0; k < n_cands; k++)
		cands[k].key = aw->lines[cands[k].line].pub.ranking_value;
	if (n_cands)
		qsort(cands, n_cands, sizeof *cands, compare_candidates);
	if (g->cap_unit && n_cands) {
		if ((rc = unit_groups(cands, n_cands, &group, &n_groups)) < 0)
			goto done;
		if (!(unit_spent = ds__calloc(n_groups, sizeof *unit_spent))) {
			rc = ds__enomem();
			goto done;
		}
	}
	for (k = 0; k < n_cands; k++) {
		line *l = &aw->lines[cands[k].line];
		size_t rank = k + 1;

		l->pub.rank = rank;
		if (g->awardees && (long)rank > g->awardees) {
			l->pub.status = DS_AWARD_UNRANKED;
			drop_uncapped(l);
			snprintf(note, sizeof note, "rank %zu is past the %ld awardees", rank, g->awardees);
			if ((rc = arena_put(aw, &l->reason_at, note)) < 0)
				goto done;
			continue;
		}
		if (count && count[l->applicant] >= (size_t)g->cap_applicant_count) {
			l->pub.status = DS_AWARD_UNRANKED;
			drop_uncapped(l);
			snprintf(note, sizeof note,
				 "at most %ld award(s) per applicant in this programme; a higher-ranked %s was awarded",
				 g->cap_applicant_count, ds__policy_unit_name(g->unit));
			if ((rc = arena_put(aw, &l->reason_at, note)) < 0)
				goto done;
			continue;
		}
		if (count)
			count[l->applicant]++;
		if ((rc = ds_decimal_set(c->value, l->pub.uncapped)) < 0)
			goto done;
		if (g->maximum && (rc = apply_approval(c, g, &apps->applicants[l->applicant], cands[k].unit, c->value,
						       &l->basis_at)) < 0)
			goto done;
		if ((rc = apply_caps(c, g, c->value, rank, used, l->applicant,
				     unit_spent ? &unit_spent[group[k]] : NULL, cands[k].unit)) < 0)
			goto done;
		if (c->scratch.len && (rc = arena_put(aw, &l->caps_at, c->scratch.data)) < 0)
			goto done;
		if ((rc = keep_decimal(&l->pub.capped, c->value)) < 0)
			goto done;
		l->pub.award = l->pub.capped;
		aw->granted[gi]++;
	}
done:
	if (used)
		for (ai = 0; ai < apps->n; ai++)
			ds_decimal_free(used[ai]);
	ds__free(used);
	if (unit_spent)
		for (k = 0; k < n_groups; k++)
			ds_decimal_free(unit_spent[k]);
	ds__free(unit_spent);
	ds__free(group);
	ds__free(count);
	ds__free(cands);
	return rc;
}

/* ---------------------------------------------------------------- 就高 */

typedef struct group_entry {
	size_t group, applicant, programme, line;
} group_entry;

static int compare_entries(const void *x, const void *y)
{
	const group_entry *a = x, *b = y;

	if (a->group != b->group)
		return a->group < b->group ? -1 : 1;
	if (a->applicant != b->applicant)
		return a->applicant < b->applicant ? -1 : 1;
	if (a->programme != b->programme)
		return a->programme < b->programme ? -1 : 1;
	return a->line < b->line ? -1 : a->line > b->line;
}

/* An applicant in several programmes of a 就高 group keeps only the programme
 * with the highest total (ties: the earlier programme in the policy). */
static int apply_highest(eval_ctx *c)
{
	ds_awards *aw = c->aw;
	group_entry *entries = NULL;
	size_t n = 0, cap = 0, i, start, end, k, best, displaces_at;
	ds_decimal *sum = NULL, *best_sum = NULL;
	char *text = NULL;
	int rc = DS_OK;

	if (c->policy->n_groups == 0)
		return DS_OK;
	for (i = 0; i < aw->n_lines; i++) {
		const line *l = &aw->lines[i];
		int group = c->policy->programmes[l->programme].group;
		if (group < 0 || l->pub.status != DS_AWARD_GRANTED || ds_decimal_is_zero(l->pub.capped))
			continue;
		if ((rc = ds__policy_grow(&entries, &cap, n + 1, sizeof *entries)) < 0)
			goto done;
		entries[n].group = (size_t)group;
		entries[n].applicant = l->applicant;
		entries[n].programme = l->programme;
		entries[n].line = i;
		n++;
	}
	if (n)
		qsort(entries, n, sizeof *entries, compare_entries);
	if ((rc = ds_decimal_new(&sum)) < 0 || (rc = ds_decimal_new(&best_sum)) < 0)
		goto done;
	for (start = 0; start < n; start = end) {
		for (end = start; end < n && entries[end].group == entries[start].group &&
				  entries[end].applicant == entries[start].applicant;
		     end++)
			;
		if (entries[end - 1].programme == entries[start].programme)
			continue; /* one programme only: nothing to choose */
		best = entries[start].programme;
		ds_decimal_set_int64(best_sum, -1);
		for (k = start; k < end;) {
			size_t prog = entries[k].programme;
			ds_decimal_set_int64(sum, 0);
			for (; k < end && entries[k].programme == prog; k++)
				if ((rc = ds_decimal_add(sum, sum, aw->lines[entries[k].line].pub.capped)) < 0)
					goto done;
			if (ds_decimal_cmp(sum, best_sum) > 0) {
				best = prog;
				if ((rc = ds_decimal_set(best_sum, sum)) < 0)
					goto done;
			}
		}
		/* The kept lines name what they displaced: "p1 10000.00; p3 30000.00". */
		ds__buf_clear(&c->scratch);
		for (k = start; k < end;) {
			size_t prog = entries[k].programme;
			ds_decimal_set_int64(sum, 0);
			for (; k < end && entries[k].programme == prog; k++)
				if ((rc = ds_decimal_add(sum, sum, aw->lines[entries[k].line].pub.capped)) < 0)
					goto done;
			if (prog == best)
				continue;
			if ((rc = ds_decimal_to_string_scaled(&text, sum, 2, DS_ROUND_HALF_UP, 0)) < 0)
				goto done;
			ds__buf_printf(&c->scratch, "%s%s %s", c->scratch.len ? "; " : "",
				       arena_str(aw, aw->programme_id_at[prog]), text);
			ds_free(text);
			text = NULL;
		}
		if (c->scratch.oom || (rc = arena_put(aw, &displaces_at, c->scratch.data)) < 0) {
			rc = rc < 0 ? rc : ds__enomem();
			goto done;
		}
		for (k = start; k < end; k++) {
			line *l = &aw->lines[entries[k].line];
			if (entries[k].programme == best) {
				l->displaces_at = displaces_at;
				continue;
			}
			l->pub.status = DS_AWARD_DISPLACED;
			l->pub.award = aw->zero;
			l->displaced_at = aw->programme_id_at[best];
			aw->granted[l->programme]--;
		}
	}
done:
	ds_free(text);
	ds_decimal_free(sum);
	ds_decimal_free(best_sum);
	ds__free(entries);
	return rc;
}

/* ---------------------------------------------------------------- ordering, totals */

static int compare_lines(const void *x, const void *y)
{
	const line *a = x, *b = y;
	int c;

	if (a->programme != b->programme)
		return a->programme < b->programme ? -1 : 1;
	if ((a->pub.rank == 0) != (b->pub.rank == 0))
		return a->pub.rank == 0 ? 1 : -1;
	if (a->pub.rank != b->pub.rank)
		return a->pub.rank < b->pub.rank ? -1 : 1;
	/* Both unranked: by credit code, then unit (strings already fixed up). */
	if ((c = strcmp(a->pub.applicant, b->pub.applicant)) != 0)
		return c;
	if ((c = strcmp(a->pub.unit, b->pub.unit)) != 0)
		return c;
	return a->seq < b->seq ? -1 : a->seq > b->seq; /* a unit listed twice: document order */
}

static void fix_up(ds_awards *aw)
{
	size_t i;

	for (i = 0; i < aw->n_lines; i++) {
		line *l = &aw->lines[i];
		l->pub.applicant = arena_str(aw, l->id_at);
		l->pub.applicant_name = arena_str(aw, l->name_at);
		l->pub.programme = arena_str(aw, aw->programme_id_at[l->programme]);
		l->pub.unit = arena_str(aw, l->unit_at);
		l->pub.reason = arena_str(aw, l->reason_at);
		l->pub.caps = arena_str(aw, l->caps_at);
		l->pub.displaced_by = arena_str(aw, l->displaced_at);
		l->pub.displaces = arena_str(aw, l->displaces_at);
	}
}

static int totals(ds_awards *aw)
{
	size_t i;
	int rc;

	for (i = 0; i <= aw->n_programmes; i++)
		if ((rc = ds_decimal_new(&aw->totals[i])) < 0)
			return rc;
	for (i = 0; i < aw->n_lines; i++) {
		const line *l = &aw->lines[i];
		if ((rc = ds_decimal_add(aw->totals[l->programme], aw->totals[l->programme], l->pub.award)) < 0 ||
		    (rc = ds_decimal_add(aw->totals[aw->n_programmes], aw->totals[aw->n_programmes], l->pub.award)) < 0)
			return rc;
	}
	return DS_OK;
}

/* ---------------------------------------------------------------- entry point */

/* The result has exactly one line per unit (or per applicant without units) and
 * programme: allocate them at once, so that a large evaluation does not hold
 * the doubled and the old array while it grows. */
static int reserve_lines(ds_awards *aw, const ds_policy *policy, const ds_applications *apps)
{
	size_t g, i, units, lines = 0;

	for (g = 0; g < policy->n_programmes; g++)
		for (i = 0; i < apps->n; i++) {
			units = unit_count(&policy->programmes[g], &apps->applicants[i]);
			lines += units ? units : 1;
		}
	if (lines == 0)
		lines = 1;
	if (lines > SIZE_MAX / sizeof *aw->lines || !(aw->lines = ds__malloc(lines * sizeof *aw->lines)))
		return ds__enomem();
	aw->cap_lines = lines;
	return DS_OK;
}

static int setup(eval_ctx *c, const ds_policy *policy, const ds_applications *apps)
{
	ds_awards *aw = c->aw;
	size_t i, slots = policy_slots(policy);
	int rc;

	if ((rc = ds_decimal_new(&aw->zero)) < 0 || (rc = ds_decimal_new(&c->cent)) < 0 ||
	    (rc = ds_decimal_new(&c->value)) < 0 || (rc = ds_decimal_new(&c->room)) < 0 ||
	    (rc = ds_decimal_new(&c->approved)) < 0 || (rc = ds_decimal_parse(c->cent, "0.01", 0)) < 0)
		return rc;
	ds__buf_putc(&aw->arena, '\0'); /* offset 0 is "" */
	if ((rc = arena_put(aw, &aw->policy_id_at, policy->id)) < 0)
		return rc;
	aw->n_programmes = policy->n_programmes;
	aw->n_applicants = apps->n;
	if (!(aw->programme_id_at = ds__calloc(policy->n_programmes + 1, sizeof(size_t))) ||
	    !(aw->programme_title_at = ds__calloc(policy->n_programmes + 1, sizeof(size_t))) ||
	    !(aw->totals = ds__calloc(policy->n_programmes + 1, sizeof *aw->totals)) ||
	    !(aw->granted = ds__calloc(policy->n_programmes + 1, sizeof(size_t))) ||
	    !(aw->ignored = ds__calloc(policy->n_programmes + 1, sizeof(size_t))) ||
	    !(c->vars = ds__calloc(slots, sizeof *c->vars)) ||
	    !(c->stack = ds__calloc(policy->stack_need + 1, sizeof *c->stack)) ||
	    !(c->id_at = ds__calloc(apps->n + 1, sizeof(size_t))) ||
	    !(c->name_at = ds__calloc(apps->n + 1, sizeof(size_t))))
		return ds__enomem();
	if ((rc = reserve_lines(aw, policy, apps)) < 0)
		return rc;
	for (i = 0; i < policy->n_programmes; i++)
		if ((rc = arena_put(aw, &aw->programme_id_at[i], policy->programmes[i].id)) < 0 ||
		    (rc = arena_put(aw, &aw->programme_title_at[i], policy->programmes[i].title)) < 0)
			return rc;
	for (i = 0; i < slots; i++)
		if ((rc = ds_decimal_new(&c->vars[i])) < 0)
			return rc;
	for (i = 0; i < policy->stack_need; i++)
		if ((rc = ds_decimal_new(&c->stack[i])) < 0)
			return rc;
	for (i = 0; i < apps->n; i++)
		if ((rc = arena_put(aw, &c->id_at[i], apps->applicants[i].id)) < 0 ||
		    (rc = arena_put(aw, &c->name_at[i], apps->applicants[i].name)) < 0)
			return rc;
	return DS_OK;
}

void ds_awards_free(ds_awards *aw)
{
	size_t i;

	if (!aw)
		return;
	for (i = 0; i < aw->n_lines; i++) {
		/* The line owns these three; award is one of them or the shared zero. */
		ds_decimal_free((ds_decimal *)(uintptr_t)aw->lines[i].pub.ranking_value);
		ds_decimal_free((ds_decimal *)(uintptr_t)aw->lines[i].pub.uncapped);
		ds_decimal_free((ds_decimal *)(uintptr_t)aw->lines[i].pub.capped);
	}
	if (aw->totals)
		for (i = 0; i <= aw->n_programmes; i++)
			ds_decimal_free(aw->totals[i]);
	ds__free(aw->totals);
	ds__free(aw->lines);
	ds__buf_dispose(&aw->arena);
	ds_decimal_free(aw->zero);
	ds__free(aw->programme_id_at);
	ds__free(aw->programme_title_at);
	ds__free(aw->granted);
	ds__free(aw->ignored);
	ds__free(aw);
}

static void ctx_dispose(eval_ctx *c)
{
	size_t i;

	if (c->vars)
		for (i = 0; i < policy_slots(c->policy); i++)
			ds_decimal_free(c->vars[i]);
	ds__free(c->vars);
	if (c->stack)
		for (i = 0; i < c->policy->stack_need; i++)
			ds_decimal_free(c->stack[i]);
	ds__free(c->stack);
	ds_decimal_free(c->cent);
	ds_decimal_free(c->value);
	ds_decimal_free(c->room);
	ds_decimal_free(c->approved);
	ds__free(c->id_at);
	ds__free(c->name_at);
	ds__buf_dispose(&c->scratch);
	ds_awards_free(c->aw);
}

/* The whole evaluation into c->aw (c is disposed by the caller). */
static int evaluate_all(eval_ctx *c, const ds_policy *policy, const ds_applications *apps)
{
	size_t i;
	int rc;

	memset(c, 0, sizeof *c);
	c->policy = policy;
	c->apps = apps;
	c->scratch = (ds__buf)DS__BUF_INIT;
	if (!(c->aw = ds__calloc(1, sizeof *c->aw)))
		return ds__enomem();
	if ((rc = setup(c, policy, apps)) < 0)
		return rc;
	for (i = 0; i < policy->n_programmes; i++)
		if ((rc = evaluate_programme(c, i)) < 0)
			return rc;
	if ((rc = apply_highest(c)) < 0)
		return rc;
	fix_up(c->aw);
	if (c->aw->n_lines)
		qsort(c->aw->lines, c->aw->n_lines, sizeof *c->aw->lines, compare_lines);
	return totals(c->aw);
}

int ds_policy_evaluate(ds_awards **out, const ds_policy *policy, const ds_applications *apps)
{
	eval_ctx c;
	int rc;

	if (!out || !policy || !apps)
		return ds__error(DS_EINVAL, "ds_policy_evaluate: NULL argument");
	if ((rc = evaluate_all(&c, policy, apps)) == DS_OK) {
		*out = c.aw;
		c.aw = NULL;
	}
	ctx_dispose(&c);
	return rc;
}

/* ---------------------------------------------------------------- explain */

static void put_money(ds__buf *b, const ds_decimal *x)
{
	char *text = NULL;

	if (x && ds_decimal_to_string_scaled(&text, x, 2, DS_ROUND_HALF_UP, DS_DECIMAL_GROUPED) == DS_OK)
		ds__buf_puts(b, text);
	else if (x)
		b->oom = 1;
	ds_free(text);
}

/* "INDENT  source[ of the WHAT]: CLAUSE" when the policy names the clause. */
static void put_clause(ds__buf *b, const char *indent, const char *what, const char *clause)
{
	if (clause)
		ds__buf_printf(b, "%s  source%s%s: %s\n", indent, what ? " of the " : "", what ? what : "", clause);
}

/* "figure = value, ..." for the slots @e reads. */
static void put_figures(eval_ctx *c, ds__buf *b, const ds__expr *e)
{
	size_t slot, shown = 0;

	for (slot = 0; slot < policy_slots(c->policy); slot++) {
		if (!ds__expr_uses(e, slot))
			continue;
		if (shown++)
			ds__buf_puts(b, ", ");
		if (slot < F_FIXED_COUNT)
			ds__buf_puts(b, ds__policy_figures[slot].name);
		else
			ds__buf_printf(b, "%s%s", ds__policy_tag_prefix[c->policy->tags[slot - F_FIXED_COUNT].family],
				       c->policy->tags[slot - F_FIXED_COUNT].name);
		ds__buf_puts(b, " = ");
		put_value(b, c->vars[slot]);
	}
	if (!shown)
		ds__buf_puts(b, "no figures");
}

static const char *const explain_status[] = { "not eligible", "eligible but not awarded", "granted",
					      "displaced (就高)" };

/* What became of one line: status, rank, amounts, basis, caps, payee, 就高. */
static void put_outcome(const ds_awards *aw, ds__buf *b, const line *l)
{
	const ds_award *a = &l->pub;

	ds__buf_printf(b, "    outcome: %s", explain_status[a->status]);
	if (a->rank)
		ds__buf_printf(b, ", rank %zu", a->rank);
	if (a->ranking_value) {
		ds__buf_puts(b, " (ranking figure ");
		put_value(b, a->ranking_value);
		ds__buf_puts(b, ")");
	}
	ds__buf_puts(b, "\n");
	if (a->status == DS_AWARD_UNRANKED)
		ds__buf_printf(b, "      %s\n", a->reason);
	if (a->uncapped) {
		ds__buf_puts(b, "      formula: ");
		put_value(b, a->uncapped);
		ds__buf_puts(b, "\n");
	}
	if (l->basis_at)
		ds__buf_printf(b, "      basis: %s\n", arena_str(aw, l->basis_at));
	if (*a->caps)
		ds__buf_printf(b, "      caps: %s\n", a->caps);
	if (a->capped) {
		ds__buf_puts(b, "      after caps: ");
		put_money(b, a->capped);
		ds__buf_puts(b, "\n");
	}
	if (a->status == DS_AWARD_DISPLACED)
		ds__buf_printf(b, "      就高: displaced by %s\n", a->displaced_by);
	if (*a->displaces)
		ds__buf_printf(b, "      就高: kept over %s\n", a->displaces);
	if (l->payee_at)
		ds__buf_printf(b, "      paid to: %s\n", arena_str(aw, l->payee_at));
	ds__buf_puts(b, "      award: ");
	put_money(b, a->award);
	ds__buf_puts(b, "\n");
}

static int compare_line_ptrs(const void *x, const void *y)
{
	const line *a = *(const line *const *)x, *b = *(const line *const *)y;
	return a->seq < b->seq ? -1 : a->seq > b->seq;
}

/* One programme for applicant @ai: every unit, every condition with its figures and clause, and
 * the outcome of the evaluation. */
static int explain_programme(eval_ctx *c, ds__buf *b, size_t gi, size_t ai, ds_decimal *total)
{
	const prog_def *g = &c->policy->programmes[gi];
	const applicant *a = &c->apps->applicants[ai];
	const ds_awards *aw = c->aw;
	const line **mine = NULL;
	size_t n_mine = 0, i, u, cond, n_units, ignored = 0;
	char from[16], to[16];
	long date;
	int rc = DS_OK;

	for (i = 0; i < aw->n_lines; i++)
		if (aw->lines[i].applicant == ai && aw->lines[i].programme == gi)
			n_mine++;
	if (!(mine = ds__malloc((n_mine ? n_mine : 1) * sizeof *mine)))
		return ds__enomem();
	for (i = 0, n_mine = 0; i < aw->n_lines; i++)
		if (aw->lines[i].applicant == ai && aw->lines[i].programme == gi)
			mine[n_mine++] = &aw->lines[i];
	/* Lines were created unit by unit: creation order is unit order. */
	qsort(mine, n_mine, sizeof *mine, compare_line_ptrs);

	ds__buf_printf(b, "\n%s %s\n", g->id, g->title);
	put_clause(b, "", NULL, g->clause);
	if (g->has_window) {
		ds__date_format(from, ds__date_from_days(g->from));
		ds__date_format(to, ds__date_from_days(g->to));
		ds__buf_printf(b, "  window: %s to %s inclusive\n", from, to);
		put_clause(b, "  ", "window", g->window_clause);
	}
	if ((rc = applicant_figures(c, g, a, &ignored)) < 0)
		goto done;
	n_units = unit_count(g, a);
	if (n_units == 0) {
		ds__buf_printf(b, "  no %s in the application\n", ds__policy_unit_name(g->unit));
		goto done;
	}
	for (u = 0; u < n_units && u < n_mine; u++) {
		const char *id = unit_id(g, a, u, &date);
		if (g->unit != UNIT_APPLICANT)
			ds__buf_printf(b, "  %s %s\n", ds__policy_unit_name(g->unit), id);
		if ((rc = unit_figures(c, g, a, u, &ignored)) < 0)
			goto done;
		for (cond = 0; cond < g->n_conditions; cond++) {
			const condition *k = &g->conditions[cond];
			if ((rc = run_expr(c, c->value, k->test, g, a)) < 0)
				goto done;
			ds__buf_printf(b, "    [%s] %s: ", ds_decimal_is_zero(c->value) ? "not met" : "met", k->label);
			put_figures(c, b, k->test);
			ds__buf_printf(b, "  (test: %s)\n", ds__expr_text(k->test));
			put_clause(b, "    ", NULL, k->clause);
		}
		put_outcome(aw, b, mine[u]);
		if (mine[u]->pub.status == DS_AWARD_GRANTED || mine[u]->pub.status == DS_AWARD_DISPLACED) {
			if (g->rank_by)
				put_clause(b, "    ", "ranking", g->rank_clause);
			put_clause(b, "    ", "award", g->award_clause);
			if (*mine[u]->pub.caps) {
				const char *caps = mine[u]->pub.caps;
				if (strstr(caps, "per award"))
					put_clause(b, "    ", "cap", g->cap_award_clause);
				for (i = 0; i < g->n_bands; i++)
					if ((long)mine[u]->pub.rank >= g->bands[i].first &&
					    (long)mine[u]->pub.rank <= g->bands[i].last && strstr(caps, "rank band"))
						put_clause(b, "    ", "cap", g->bands[i].clause);
				if (g->cap_unit && strstr(caps, ds__policy_unit_name(g->unit)))
					put_clause(b, "    ", "cap", g->cap_unit_clause);
				if (strstr(caps, "per applicant"))
					put_clause(b, "    ", "cap", g->cap_applicant_clause);
			}
		}
		if (mine[u]->pub.status == DS_AWARD_UNRANKED && g->cap_applicant_count)
			put_clause(b, "    ", "cap", g->cap_count_clause);
		if ((rc = ds_decimal_add(total, total, mine[u]->pub.award)) < 0)
			goto done;
	}
done:
	ds__free(mine);
	return rc;
}

int ds_policy_explain(char **out, const ds_policy *policy, const ds_applications *apps, const char *applicant_id)
{
	eval_ctx c;
	ds__buf b = DS__BUF_INIT;
	ds_decimal *total = NULL;
	size_t ai, gi, k;
	int rc;

	if (!out || !policy || !apps || !applicant_id)
		return ds__error(DS_EINVAL, "ds_policy_explain: NULL argument");
	for (ai = 0; ai < apps->n; ai++)
		if (strcmp(apps->applicants[ai].id, applicant_id) == 0)
			break;
	if (ai == apps->n)
		return ds__error(DS_ENOTFOUND, "no applicant %s in the applications", applicant_id);
	if ((rc = evaluate_all(&c, policy, apps)) < 0 || (rc = ds_decimal_new(&total)) < 0)
		goto done;
	ds__buf_printf(&b, "%s %s under %s (%s)\n", apps->applicants[ai].id, apps->applicants[ai].name, policy->title,
		       policy->id);
	if (policy->source)
		ds__buf_printf(&b, "Source: %s\n", policy->source);
	ds__buf_puts(&b, "Every condition of every programme, with the figures it reads and the clause it comes from; "
			 "ranks are among all applicants.\n");
	for (gi = 0; gi < policy->n_programmes; gi++)
		if ((rc = explain_programme(&c, &b, gi, ai, total)) < 0)
			goto done;
	for (k = 0; k < policy->n_groups; k++) {
		ds__buf_puts(&b, "\n就高 (no double award, highest wins) among:");
		for (gi = 0; gi < policy->n_programmes; gi++)
			if (policy->programmes[gi].group == (int)k)
				ds__buf_printf(&b, " %s", policy->programmes[gi].id);
		ds__buf_puts(&b, "\n");
		put_clause(&b, "", NULL, policy->group_clauses[k]);
	}
	ds__buf_puts(&b, "\nTotal awarded to this applicant: ");
	put_money(&b, total);
	ds__buf_puts(&b, "\n");
	if (b.oom) {
		rc = ds__enomem();
		goto done;
	}
	rc = ds__buf_detach(out, &b);
done:
	ds__buf_dispose(&b);
	ds_decimal_free(total);
	ctx_dispose(&c);
	return rc;
}
