/*
 * Evaluation: figures per unit, conditions, ranking with the documented
 * tie-breaks, formula, caps in order, 就高 across programmes, totals.
 * O(n log n) in units (one sort per programme, one for 就高, one for output)
 * and linear in records.
 * SPDX-License-Identifier: MIT
 */
#define _POSIX_C_SOURCE 200809L /* fileno, pread */
#include "config.h"

#include <errno.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <unistd.h>

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

/* "label: not met (figure = value, ...)" for the first condition that fails, in c->scratch. */
static void failure_text(eval_ctx *c, const condition *cond)
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
}

static int failure_reason(eval_ctx *c, const condition *cond, size_t *at)
{
	failure_text(c, cond);
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
static int approval_text(eval_ctx *c, const prog_def *g, const applicant *a, const char *unit, ds_decimal *amount)
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
		return DS_OK;
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
	return DS_OK;
}

static int apply_approval(eval_ctx *c, const prog_def *g, const applicant *a, const char *unit, ds_decimal *amount,
			  size_t *basis_at)
{
	int rc = approval_text(c, g, a, unit, amount);
	return rc < 0 ? rc : put_reason(c, basis_at);
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
				if ((rc = failure_reason(c, &g->conditions[cond], &l->reason_at)) < 0)
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

/* ---------------------------------------------------------------- streaming
 *
 * ds_policy_evaluate_stream(): the applications are read one applicant at a time
 * and evaluated in every programme as they come (figures, conditions, formula,
 * ranking figure, basis). What ranking, caps and 就高 need of an eligible unit is
 * kept in a compact candidate (exact values in 8 bytes when they fit, 10^-6
 * steps below 2^61); an ineligible unit is final at once and its line (unit,
 * reason, payee, ignored records) is appended to a temporary file, one record
 * per applicant. After the document: ranking, caps in rank order and 就高 over
 * the candidates, totals; then the lines are written in the order of
 * ds_awards_at() through the same writers as ds_awards_to_*(), the ineligible
 * ones read back from the file in credit-code order. Memory: the applicants'
 * codes and names, the candidates, and one offset per applicant. */

typedef uint64_t cval; /* 0: none; odd: small; even: an owned ds_decimal * */
#define CVAL_SCALE 6
#define CVAL_LIMIT ((int64_t)1 << 60)

enum { ST_ELIGIBLE, ST_GRANTED, ST_PAST_AWARDEES, ST_PAST_COUNT };

typedef struct cand {
	cval key, uncapped, approved; /* approved: the amount after an approval below the maximum, or 0 */
	uint32_t applicant, ext;      /* ext: 1 + index of its outcome once granted, or 0 */
	int32_t tie_date;	      /* INT32_MAX: undated */
	uint32_t unit_at, payee_at, basis_at;
	uint32_t ignored;
	uint8_t status;
} cand;

typedef struct cand_ext {
	cval capped;
	uint32_t caps_at, displaces_at;
	uint32_t displaced_by; /* 1 + programme, or 0 */
	int displaced;
} cand_ext;

/* A case unit of a programme that reads case.applicants (how many applicants list the
 * case), which is known only once every applicant has been read: the unit's figures
 * are kept and its conditions run after the document. */
typedef struct waiting {
	uint32_t applicant, unit_at; /* unit_at: the case identifier */
	int32_t tie_date;
	uint32_t ignored;
	size_t values_at; /* its figures: the programme's used slots, in slot order */
	size_t holders;
	int has_approval;      /* the applicant's approval for this programme and case */
	app_approval approval; /* its programme and unit are the programme's and the case's */
	uint32_t by_at;
} waiting;

typedef struct deferral {
	waiting *units;
	size_t n, cap;
	cval *values;
	size_t n_values, cap_values;
	size_t *slots; /* the used slots */
	size_t n_slots;
	/* the ineligible lines found after the document: per applicant with any, its block */
	uint32_t *late_applicant;
	uint64_t *late_at;
	uint32_t *late_len;
	size_t n_late, cap_late, cap_late_at, cap_late_len;
} deferral;

typedef struct stream_ctx {
	eval_ctx c; /* figures, expressions and scratch; c.aw unused */
	const ds_policy *policy;
	mpz_t n, d;
	ds_decimal *micro, *zero, *dec[6];
	size_t n_applicants, cap_name_at, cap_spill_at;
	ds__buf names;	 /* "code\0name\0" per applicant */
	size_t *name_at; /* per applicant */
	ds__buf strings; /* of the candidates; offset 0 is "" */
	size_t last_basis, last_payee;
	ds__buf payee;
	cand **cands;
	size_t *n_cands, *cap_cands;
	uint32_t **order; /* per programme: candidates in rank order */
	cand_ext *exts;
	size_t n_exts, cap_exts;
	FILE *spill;
	uint64_t spill_len, *spill_at; /* per applicant, and the end */
	ds__buf rec;
	char *window; /* the spill file read back */
	uint64_t window_at;
	size_t window_len, window_cap;
	size_t *ignored, *granted;
	ds_decimal **totals;
	deferral **defer; /* per programme: its units wait for case.applicants, or NULL */
	int err;	  /* the first evaluation failure, in the in-memory order (programme, applicant) */
	size_t err_g, err_a;
	char err_message[1024];
	uint32_t *by_code; /* applicants in credit-code order */
	ds_awards_write_callback write;
	void *context;
	int write_failed;
	ds__buf out;
} stream_ctx;

static int cval_put(stream_ctx *s, cval *out, const ds_decimal *x)
{
	ds_decimal *copy = NULL;
	long exp;
	int rc;

	if (ds__decimal_reduce(s->n, s->d, &exp, x) && exp >= -CVAL_SCALE && exp <= 18) {
		ds__mpz_mul_pow10(s->n, s->n, (unsigned long)(exp + CVAL_SCALE));
		if (mpz_fits_slong_p(s->n)) {
			long v = mpz_get_si(s->n);
			if (v > -CVAL_LIMIT && v < CVAL_LIMIT) {
				*out = ((uint64_t)(int64_t)v << 1) | 1u;
				return DS_OK;
			}
		}
	}
	if ((rc = ds_decimal_dup(&copy, x)) < 0)
		return rc;
	*out = (cval)(uintptr_t)copy;
	return DS_OK;
}

static int64_t cval_small(cval v)
{
	return (int64_t)(v - 1) / 2;
}

/* The value of @v in @r (a decimal of the context), or NULL for none. */
static const ds_decimal *cval_get(stream_ctx *s, ds_decimal *r, cval v)
{
	if (!v)
		return NULL;
	if (!(v & 1))
		return (const ds_decimal *)(uintptr_t)v;
	if (ds_decimal_set_int64(r, cval_small(v)) < 0 || ds_decimal_mul(r, r, s->micro) < 0)
		return NULL;
	return r;
}

static void cval_free(cval v)
{
	if (v && !(v & 1))
		ds_decimal_free((ds_decimal *)(uintptr_t)v);
}

static int cval_cmp(stream_ctx *s, cval a, cval b)
{
	if ((a & 1) && (b & 1)) {
		int64_t x = cval_small(a), y = cval_small(b);
		return x < y ? -1 : x > y;
	}
	return ds_decimal_cmp(cval_get(s, s->dec[4], a), cval_get(s, s->dec[5], b));
}

/* A string kept for the candidates; @last: the previous one of its kind, shared when equal. */
static int strings_put(stream_ctx *s, uint32_t *at, const char *text, size_t *last)
{
	if (!*text) {
		*at = 0;
		return DS_OK;
	}
	if (last && *last && strcmp(s->strings.data + *last, text) == 0) {
		*at = (uint32_t)*last;
		return DS_OK;
	}
	if (s->strings.len > UINT32_MAX - strlen(text) - 1)
		return ds__error(DS_ERANGE, "the evaluation's texts pass 4 GiB");
	*at = (uint32_t)s->strings.len;
	ds__buf_puts(&s->strings, text);
	ds__buf_putc(&s->strings, '\0');
	if (last)
		*last = *at;
	return s->strings.oom ? ds__enomem() : DS_OK;
}

static const char *code_of(const stream_ctx *s, size_t ai)
{
	return s->names.data + s->name_at[ai];
}

static const char *name_of(const stream_ctx *s, size_t ai)
{
	const char *code = code_of(s, ai);
	return code + strlen(code) + 1;
}

/* ---- reading and evaluating, one applicant at a time */

/* An evaluation failure: kept when it is the one the in-memory evaluation would report
 * first (the lowest programme, then applicant), and reported once the whole document has
 * been read and checked. Out of memory stops at once. */
static int defer_failure(stream_ctx *s, int rc, size_t gi, size_t ai)
{
	if (rc == DS_ENOMEM || rc >= 0)
		return rc;
	if (!s->err || gi < s->err_g || (gi == s->err_g && ai < s->err_a)) {
		s->err = rc;
		s->err_g = gi;
		s->err_a = ai;
		snprintf(s->err_message, sizeof s->err_message, "%s", ds_error_last()->message);
	}
	return DS_OK;
}

static void spill_line(stream_ctx *s, const char *unit, const char *reason, const char *payee, size_t ignored)
{
	uint64_t n = ignored;

	ds__buf_put(&s->rec, unit, strlen(unit) + 1);
	ds__buf_put(&s->rec, reason, strlen(reason) + 1);
	ds__buf_put(&s->rec, payee, strlen(payee) + 1);
	ds__buf_put(&s->rec, (const char *)&n, sizeof n);
}

static int add_candidate(stream_ctx *s, size_t gi, const prog_def *g, const applicant *a, size_t ai, const char *unit,
			 long date, size_t ignored)
{
	eval_ctx *c = &s->c;
	cand *x;
	int rc;

	if ((rc = ds__policy_grow(&s->cands[gi], &s->cap_cands[gi], s->n_cands[gi] + 1, sizeof *x)) < 0)
		return rc;
	x = &s->cands[gi][s->n_cands[gi]];
	memset(x, 0, sizeof *x);
	x->applicant = (uint32_t)ai;
	x->tie_date = date == LONG_MAX ? INT32_MAX : (int32_t)date;
	x->ignored = ignored > UINT32_MAX ? UINT32_MAX : (uint32_t)ignored;
	s->n_cands[gi]++;
	if ((rc = strings_put(s, &x->unit_at, unit, NULL)) < 0)
		return rc;
	if (g->payee_provider && (rc = strings_put(s, &x->payee_at, s->payee.data, &s->last_payee)) < 0)
		return rc;
	if ((rc = run_expr(c, c->value, g->formula, g, a)) < 0 || (rc = cval_put(s, &x->uncapped, c->value)) < 0)
		return rc;
	if (g->rank_by &&
	    ((rc = run_expr(c, s->dec[0], g->rank_by, g, a)) < 0 || (rc = cval_put(s, &x->key, s->dec[0])) < 0))
		return rc;
	if (g->maximum) {
		if ((rc = ds_decimal_set(s->dec[0], c->value)) < 0 ||
		    (rc = approval_text(c, g, a, unit, s->dec[0])) < 0)
			return rc;
		if (c->scratch.oom)
			return ds__enomem();
		if ((rc = strings_put(s, &x->basis_at, c->scratch.data, &s->last_basis)) < 0)
			return rc;
		if (ds_decimal_cmp(s->dec[0], c->value) != 0 && (rc = cval_put(s, &x->approved, s->dec[0])) < 0)
			return rc;
	}
	return DS_OK;
}

static int defer_unit(stream_ctx *s, size_t gi, const applicant *a, size_t ai, const char *id, long date,
		      size_t ignored)
{
	deferral *d = s->defer[gi];
	const prog_def *g = &s->policy->programmes[gi];
	waiting *w;
	size_t i;
	int rc;

	if ((rc = ds__policy_grow(&d->units, &d->cap, d->n + 1, sizeof *d->units)) < 0 ||
	    (rc = ds__policy_grow(&d->values, &d->cap_values, d->n_values + d->n_slots, sizeof *d->values)) < 0)
		return rc;
	w = &d->units[d->n];
	memset(w, 0, sizeof *w);
	w->applicant = (uint32_t)ai;
	w->tie_date = date == LONG_MAX ? INT32_MAX : (int32_t)date;
	w->ignored = ignored > UINT32_MAX ? UINT32_MAX : (uint32_t)ignored;
	w->values_at = d->n_values;
	d->n++;
	if ((rc = strings_put(s, &w->unit_at, id, NULL)) < 0)
		return rc;
	for (i = 0; i < d->n_slots; i++) {
		d->values[d->n_values + i] = 0;
		if ((rc = cval_put(s, &d->values[d->n_values + i], s->c.vars[d->slots[i]])) < 0)
			return rc;
	}
	d->n_values += d->n_slots;
	for (i = 0; i < a->n_approvals; i++)
		if (strcmp(a->approvals[i].programme, g->id) == 0 && strcmp(a->approvals[i].unit, id) == 0) {
			w->has_approval = 1;
			w->approval = a->approvals[i];
			return strings_put(s, &w->by_at, a->approvals[i].by, NULL);
		}
	return DS_OK;
}

typedef struct holder_ref {
	const char *id;
	uint32_t applicant;
	size_t unit;
} holder_ref;

static int compare_holder_refs(const void *x, const void *y)
{
	const holder_ref *a = x, *b = y;
	int c = strcmp(a->id, b->id);
	return c ? c : (a->applicant < b->applicant ? -1 : a->applicant > b->applicant);
}

/* case.applicants of every waiting unit: distinct applicants listing its identifier. */
static int count_holders(stream_ctx *s, deferral *d)
{
	holder_ref *refs;
	size_t i, j, k, holders;

	if (d->n == 0)
		return DS_OK;
	if (!(refs = ds__malloc(d->n * sizeof *refs)))
		return ds__enomem();
	for (i = 0; i < d->n; i++) {
		refs[i].id = s->strings.data + d->units[i].unit_at;
		refs[i].applicant = d->units[i].applicant;
		refs[i].unit = i;
	}
	qsort(refs, d->n, sizeof *refs, compare_holder_refs);
	for (i = 0; i < d->n; i = j) {
		holders = 0;
		for (j = i; j < d->n && strcmp(refs[j].id, refs[i].id) == 0; j++)
			if (j == i || refs[j].applicant != refs[j - 1].applicant)
				holders++;
		for (k = i; k < j; k++)
			d->units[refs[k].unit].holders = holders;
	}
	ds__free(refs);
	return DS_OK;
}

static int add_candidate(stream_ctx *s, size_t gi, const prog_def *g, const applicant *a, size_t ai, const char *unit,
			 long date, size_t ignored);

/* The late block of an applicant: its ineligible waiting units, appended to the spill file. */
static int late_block(stream_ctx *s, deferral *d, uint32_t ai)
{
	int rc;

	if (!s->rec.len)
		return DS_OK;
	if (s->rec.oom)
		return ds__enomem();
	if ((rc = ds__policy_grow(&d->late_applicant, &d->cap_late, d->n_late + 1, sizeof *d->late_applicant)) < 0 ||
	    (rc = ds__policy_grow(&d->late_at, &d->cap_late_at, d->n_late + 1, sizeof *d->late_at)) < 0 ||
	    (rc = ds__policy_grow(&d->late_len, &d->cap_late_len, d->n_late + 1, sizeof *d->late_len)) < 0)
		return rc;
	if (fwrite(s->rec.data, 1, s->rec.len, s->spill) != s->rec.len)
		return ds__error(DS_EIO, "cannot write the evaluation's temporary file: %s", strerror(errno));
	d->late_applicant[d->n_late] = ai;
	d->late_at[d->n_late] = s->spill_len;
	d->late_len[d->n_late++] = (uint32_t)s->rec.len;
	s->spill_len += s->rec.len;
	ds__buf_clear(&s->rec);
	return DS_OK;
}

/* The waiting units of programme @gi, in creation order, now that case.applicants is known. */
static int run_deferred(stream_ctx *s, size_t gi)
{
	eval_ctx *c = &s->c;
	deferral *d = s->defer[gi];
	const prog_def *g = &s->policy->programmes[gi];
	applicant a;
	size_t i, k, cond;
	int rc;

	if ((rc = count_holders(s, d)) < 0)
		return rc;
	ds__buf_clear(&s->rec);
	memset(&a, 0, sizeof a);
	for (i = 0; i < d->n; i++) {
		waiting *w = &d->units[i];
		const char *id = s->strings.data + w->unit_at;

		if (i > 0 && w->applicant != d->units[i - 1].applicant &&
		    (rc = late_block(s, d, d->units[i - 1].applicant)) < 0)
			return rc;
		/* What run_expr and approval_text read of the applicant: its code and this approval. */
		a.id = (char *)(uintptr_t)code_of(s, w->applicant);
		a.approvals = &w->approval;
		a.n_approvals = (size_t)w->has_approval;
		w->approval.programme = g->id;
		w->approval.unit = (char *)(uintptr_t)id;
		w->approval.by = s->strings.data + w->by_at;
		for (k = 0; k < d->n_slots; k++)
			if ((rc = ds_decimal_set(c->vars[d->slots[k]],
						 cval_get(s, s->dec[0], d->values[w->values_at + k]))) < 0)
				return rc;
		if ((rc = ds_decimal_set_int64(c->vars[F_CASE_APPLICANTS], (int64_t)w->holders)) < 0)
			return rc;
		for (cond = 0; cond < g->n_conditions; cond++) {
			if ((rc = run_expr(c, c->value, g->conditions[cond].test, g, &a)) < 0)
				break;
			if (ds_decimal_is_zero(c->value))
				break;
		}
		if (rc == DS_OK && cond < g->n_conditions) {
			failure_text(c, &g->conditions[cond]);
			spill_line(s, id, c->scratch.data ? c->scratch.data : "", "", w->ignored);
			continue;
		}
		if (rc == DS_OK)
			rc = add_candidate(s, gi, g, &a, w->applicant, id,
					   w->tie_date == INT32_MAX ? LONG_MAX : w->tie_date, w->ignored);
		if ((rc = defer_failure(s, rc, gi, w->applicant)) < 0)
			return rc;
	}
	if (d->n && (rc = late_block(s, d, d->units[d->n - 1].applicant)) < 0)
		return rc;
	return c->scratch.oom ? ds__enomem() : DS_OK;
}

/* One programme for one applicant: its block of the spill record (ineligible lines) and its candidates. */
static int stream_programme(stream_ctx *s, size_t gi, const applicant *a, size_t ai)
{
	eval_ctx *c = &s->c;
	const prog_def *g = &s->policy->programmes[gi];
	size_t block = s->rec.len, applicant_ignored = 0, n_units, u, cond, ignored;
	uint32_t len;
	long date;
	int rc;

	ds__buf_put(&s->rec, "\0\0\0\0", 4);
	if ((rc = applicant_figures(c, g, a, &applicant_ignored)) < 0)
		goto done;
	n_units = unit_count(g, a);
	if (n_units == 0) {
		ds__buf_clear(&c->scratch);
		ds__buf_printf(&c->scratch, "no %s in the application", ds__policy_unit_name(g->unit));
		spill_line(s, "", c->scratch.data ? c->scratch.data : "", "", applicant_ignored);
		s->ignored[gi] += applicant_ignored;
	}
	for (u = 0; u < n_units; u++) {
		const char *id = unit_id(g, a, u, &date);
		ignored = u == 0 ? applicant_ignored : 0;
		if ((rc = unit_figures(c, g, a, u, &ignored)) < 0)
			goto done;
		ds__buf_clear(&s->payee);
		if (g->payee_provider)
			ds__buf_printf(&s->payee, "%s %s (服务商)", a->recognitions[u].provider_id,
				       a->recognitions[u].provider_name);
		else
			ds__buf_puts(&s->payee, "");
		s->ignored[gi] += ignored;
		if (s->defer[gi]) {
			if ((rc = defer_unit(s, gi, a, ai, id, date, ignored)) < 0)
				goto done;
			continue;
		}
		for (cond = 0; cond < g->n_conditions; cond++) {
			if ((rc = run_expr(c, c->value, g->conditions[cond].test, g, a)) < 0)
				goto done;
			if (ds_decimal_is_zero(c->value))
				break;
		}
		if (cond < g->n_conditions) {
			failure_text(c, &g->conditions[cond]);
			spill_line(s, id, c->scratch.data ? c->scratch.data : "", s->payee.data, ignored);
			continue;
		}
		if ((rc = add_candidate(s, gi, g, a, ai, id, date, ignored)) < 0)
			goto done;
	}
done:
	len = (uint32_t)(s->rec.len - block - 4);
	if (!s->rec.oom)
		memcpy(s->rec.data + block, &len, 4);
	if (s->payee.oom || c->scratch.oom)
		return ds__enomem();
	return defer_failure(s, rc, gi, ai);
}

static int stream_applicant(void *ctx, applicant *a, size_t ai)
{
	stream_ctx *s = ctx;
	size_t gi;
	int rc = DS_OK;

	if (ai >= UINT32_MAX) {
		rc = ds__error(DS_ERANGE, "more than %u applicants", (unsigned)UINT32_MAX - 1);
		goto done;
	}
	if ((rc = ds__policy_grow(&s->name_at, &s->cap_name_at, ai + 2, sizeof *s->name_at)) < 0 ||
	    (rc = ds__policy_grow(&s->spill_at, &s->cap_spill_at, ai + 2, sizeof *s->spill_at)) < 0)
		goto done;
	s->name_at[ai] = s->names.len;
	ds__buf_put(&s->names, a->id, strlen(a->id) + 1);
	ds__buf_put(&s->names, a->name, strlen(a->name) + 1);
	s->n_applicants = ai + 1;
	ds__buf_clear(&s->rec);
	for (gi = 0; gi < s->policy->n_programmes && rc == DS_OK; gi++)
		rc = stream_programme(s, gi, a, ai);
	if (rc == DS_OK && (s->names.oom || s->rec.oom))
		rc = ds__enomem();
	if (rc == DS_OK) {
		s->spill_at[ai] = s->spill_len;
		if (fwrite(s->rec.data, 1, s->rec.len, s->spill) != s->rec.len)
			rc = ds__error(DS_EIO, "cannot write the evaluation's temporary file: %s", strerror(errno));
		s->spill_len += s->rec.len;
		s->spill_at[ai + 1] = s->spill_len;
	}
done:
	ds__policy_applicant_dispose(a);
	return rc;
}

/* ---- after the document: duplicates, ranking, caps, 就高, totals */

/* A stable merge sort of @n indices with a comparison that takes a context. */
typedef int (*index_cmp)(void *ctx, uint32_t a, uint32_t b);

static int sort_indices(uint32_t *a, size_t n, index_cmp cmp, void *ctx)
{
	uint32_t *tmp, *from = a, *to, *swap;
	size_t width, i, lo, mid, hi, x, y, k;

	if (n < 2)
		return DS_OK;
	if (!(tmp = ds__malloc(n * sizeof *tmp)))
		return ds__enomem();
	to = tmp;
	for (width = 1; width < n; width *= 2) {
		for (i = 0; i < n; i += 2 * width) {
			lo = i;
			mid = i + width < n ? i + width : n;
			hi = i + 2 * width < n ? i + 2 * width : n;
			for (x = lo, y = mid, k = lo; k < hi; k++)
				to[k] = (x < mid && (y >= hi || cmp(ctx, from[x], from[y]) <= 0)) ? from[x++] :
												    from[y++];
		}
		swap = from;
		from = to;
		to = swap;
	}
	if (from != a)
		memcpy(a, from, n * sizeof *a);
	ds__free(tmp);
	return DS_OK;
}

static int compare_codes(void *ctx, uint32_t a, uint32_t b)
{
	const stream_ctx *s = ctx;
	return strcmp(code_of(s, a), code_of(s, b));
}

/* Applicants in credit-code order; a code listed twice is refused as ds_applications_load() does. */
static int order_applicants(stream_ctx *s)
{
	size_t i, first, second;
	char field[64];
	int rc;

	if (!(s->by_code = ds__malloc((s->n_applicants ? s->n_applicants : 1) * sizeof *s->by_code)))
		return ds__enomem();
	for (i = 0; i < s->n_applicants; i++)
		s->by_code[i] = (uint32_t)i;
	if ((rc = sort_indices(s->by_code, s->n_applicants, compare_codes, s)) < 0)
		return rc;
	for (i = 1; i < s->n_applicants; i++)
		if (strcmp(code_of(s, s->by_code[i]), code_of(s, s->by_code[i - 1])) == 0) {
			first = s->by_code[i - 1] < s->by_code[i] ? s->by_code[i - 1] : s->by_code[i];
			second = s->by_code[i - 1] < s->by_code[i] ? s->by_code[i] : s->by_code[i - 1];
			snprintf(field, sizeof field, "applications/applicant[%zu]/@id", second + 1);
			return ds__error_at(DS_EEXISTS, 0, 0, field,
					    "applicant %s appears twice (applicant[%zu] and applicant[%zu])",
					    code_of(s, first), first + 1, second + 1);
		}
	return DS_OK;
}

typedef struct rank_ctx {
	stream_ctx *s;
	const cand *cands;
	int ascending, ranks;
} rank_ctx;

/* compare_candidates() over compact candidates (the index is the creation order). */
static int compare_cands(void *ctx, uint32_t x, uint32_t y)
{
	const rank_ctx *r = ctx;
	const cand *a = &r->cands[x], *b = &r->cands[y];
	int c;

	if (r->ranks && (c = cval_cmp(r->s, a->key, b->key)) != 0)
		return r->ascending ? c : -c;
	if (a->tie_date != b->tie_date)
		return a->tie_date < b->tie_date ? -1 : 1;
	if ((c = strcmp(code_of(r->s, a->applicant), code_of(r->s, b->applicant))) != 0)
		return c;
	if ((c = strcmp(r->s->strings.data + a->unit_at, r->s->strings.data + b->unit_at)) != 0)
		return c;
	return x < y ? -1 : x > y;
}

static int compare_cand_units(void *ctx, uint32_t x, uint32_t y)
{
	const rank_ctx *r = ctx;
	return strcmp(r->s->strings.data + r->cands[x].unit_at, r->s->strings.data + r->cands[y].unit_at);
}

static int new_ext(stream_ctx *s, cand *x)
{
	int rc;

	if ((rc = ds__policy_grow(&s->exts, &s->cap_exts, s->n_exts + 1, sizeof *s->exts)) < 0)
		return rc;
	memset(&s->exts[s->n_exts], 0, sizeof *s->exts);
	x->ext = (uint32_t)++s->n_exts;
	return DS_OK;
}

/* evaluate_programme()'s second half: ranks, awardees, per-applicant count, caps in rank order. */
static int rank_programme(stream_ctx *s, size_t gi)
{
	eval_ctx *c = &s->c;
	const prog_def *g = &s->policy->programmes[gi];
	cand *cands = s->cands[gi];
	size_t n = s->n_cands[gi], k, n_groups = 0, *group = NULL;
	uint32_t *order, *by_unit = NULL, *count = NULL;
	ds_decimal **used = NULL, **unit_spent = NULL;
	rank_ctx r = { s, cands, g->ascending, g->rank_by != NULL };
	int rc = DS_OK;

	if (!(order = s->order[gi] = ds__malloc((n ? n : 1) * sizeof *order)))
		return ds__enomem();
	for (k = 0; k < n; k++)
		order[k] = (uint32_t)k;
	if ((rc = sort_indices(order, n, compare_cands, &r)) < 0)
		return rc;
	if (g->cap_applicant && !(used = ds__calloc(s->n_applicants ? s->n_applicants : 1, sizeof *used)))
		return ds__enomem();
	if (g->cap_applicant_count && !(count = ds__calloc(s->n_applicants ? s->n_applicants : 1, sizeof *count))) {
		rc = ds__enomem();
		goto done;
	}
	if (g->cap_unit && n) {
		/* group[k]: the distinct unit identifier of the k-th ranked candidate */
		if (!(by_unit = ds__malloc(n * sizeof *by_unit)) || !(group = ds__malloc(n * sizeof *group))) {
			rc = ds__enomem();
			goto done;
		}
		memcpy(by_unit, order, n * sizeof *by_unit);
		if ((rc = sort_indices(by_unit, n, compare_cand_units, &r)) < 0)
			goto done;
		{
			size_t *rank_of = ds__malloc(n * sizeof *rank_of);
			if (!rank_of) {
				rc = ds__enomem();
				goto done;
			}
			for (k = 0; k < n; k++)
				rank_of[order[k]] = k;
			for (k = 0; k < n; k++) {
				if (k > 0 && compare_cand_units(&r, by_unit[k], by_unit[k - 1]) != 0)
					n_groups++;
				group[rank_of[by_unit[k]]] = n_groups;
			}
			n_groups++;
			ds__free(rank_of);
		}
		if (!(unit_spent = ds__calloc(n_groups, sizeof *unit_spent))) {
			rc = ds__enomem();
			goto done;
		}
	}
	for (k = 0; k < n; k++) {
		cand *x = &cands[order[k]];
		size_t rank = k + 1;
		cand_ext *e;

		if (g->awardees && (long)rank > g->awardees) {
			x->status = ST_PAST_AWARDEES;
			continue;
		}
		if (count && count[x->applicant] >= (size_t)g->cap_applicant_count) {
			x->status = ST_PAST_COUNT;
			continue;
		}
		if (count)
			count[x->applicant]++;
		if ((rc = ds_decimal_set(c->value, cval_get(s, s->dec[0], x->approved ? x->approved : x->uncapped))) <
		    0)
			goto done;
		if ((rc = apply_caps(c, g, c->value, rank, used, x->applicant,
				     unit_spent ? &unit_spent[group[k]] : NULL, s->strings.data + x->unit_at)) < 0)
			goto done;
		if ((rc = new_ext(s, x)) < 0)
			goto done;
		e = &s->exts[x->ext - 1];
		if (c->scratch.len && (rc = strings_put(s, &e->caps_at, c->scratch.data, NULL)) < 0)
			goto done;
		if ((rc = cval_put(s, &e->capped, c->value)) < 0)
			goto done;
		x->status = ST_GRANTED;
		s->granted[gi]++;
	}
done:
	if (used)
		for (k = 0; k < s->n_applicants; k++)
			ds_decimal_free(used[k]);
	ds__free(used);
	if (unit_spent)
		for (k = 0; k < n_groups; k++)
			ds_decimal_free(unit_spent[k]);
	ds__free(unit_spent);
	ds__free(group);
	ds__free(by_unit);
	ds__free(count);
	return rc;
}

/* apply_highest() over the candidates. */
static int stream_highest(stream_ctx *s)
{
	eval_ctx *c = &s->c;
	group_entry *entries = NULL;
	size_t n = 0, cap = 0, gi, i, start, end, k, best;
	uint32_t displaces_at;
	ds_decimal *sum = s->dec[1], *best_sum = s->dec[2];
	char *text = NULL;
	int rc = DS_OK;

	if (s->policy->n_groups == 0)
		return DS_OK;
	for (gi = 0; gi < s->policy->n_programmes; gi++) {
		int group = s->policy->programmes[gi].group;
		if (group < 0)
			continue;
		for (i = 0; i < s->n_cands[gi]; i++) {
			const cand *x = &s->cands[gi][i];
			if (x->status != ST_GRANTED)
				continue;
			if (ds_decimal_is_zero(cval_get(s, s->dec[0], s->exts[x->ext - 1].capped)))
				continue;
			if ((rc = ds__policy_grow(&entries, &cap, n + 1, sizeof *entries)) < 0)
				goto done;
			entries[n].group = (size_t)group;
			entries[n].applicant = x->applicant;
			entries[n].programme = gi;
			entries[n].line = i;
			n++;
		}
	}
	if (n)
		qsort(entries, n, sizeof *entries, compare_entries);
	for (start = 0; start < n; start = end) {
		for (end = start; end < n && entries[end].group == entries[start].group &&
				  entries[end].applicant == entries[start].applicant;
		     end++)
			;
		if (entries[end - 1].programme == entries[start].programme)
			continue;
		best = entries[start].programme;
		ds_decimal_set_int64(best_sum, -1);
		for (k = start; k < end;) {
			size_t prog = entries[k].programme;
			ds_decimal_set_int64(sum, 0);
			for (; k < end && entries[k].programme == prog; k++)
				if ((rc = ds_decimal_add(
					     sum, sum,
					     cval_get(s, s->dec[0],
						      s->exts[s->cands[prog][entries[k].line].ext - 1].capped))) < 0)
					goto done;
			if (ds_decimal_cmp(sum, best_sum) > 0) {
				best = prog;
				if ((rc = ds_decimal_set(best_sum, sum)) < 0)
					goto done;
			}
		}
		ds__buf_clear(&c->scratch);
		for (k = start; k < end;) {
			size_t prog = entries[k].programme;
			ds_decimal_set_int64(sum, 0);
			for (; k < end && entries[k].programme == prog; k++)
				if ((rc = ds_decimal_add(
					     sum, sum,
					     cval_get(s, s->dec[0],
						      s->exts[s->cands[prog][entries[k].line].ext - 1].capped))) < 0)
					goto done;
			if (prog == best)
				continue;
			if ((rc = ds_decimal_to_string_scaled(&text, sum, 2, DS_ROUND_HALF_UP, 0)) < 0)
				goto done;
			ds__buf_printf(&c->scratch, "%s%s %s", c->scratch.len ? "; " : "",
				       s->policy->programmes[prog].id, text);
			ds_free(text);
			text = NULL;
		}
		if (c->scratch.oom) {
			rc = ds__enomem();
			goto done;
		}
		if ((rc = strings_put(s, &displaces_at, c->scratch.data ? c->scratch.data : "", NULL)) < 0)
			goto done;
		for (k = start; k < end; k++) {
			cand_ext *e = &s->exts[s->cands[entries[k].programme][entries[k].line].ext - 1];
			if (entries[k].programme == best) {
				e->displaces_at = displaces_at;
				continue;
			}
			e->displaced = 1;
			e->displaced_by = (uint32_t)best + 1;
			s->granted[entries[k].programme]--;
		}
	}
done:
	ds_free(text);
	ds__free(entries);
	return rc;
}

static int stream_totals(stream_ctx *s)
{
	size_t gi, i, n = s->policy->n_programmes;
	int rc;

	for (gi = 0; gi < n; gi++)
		for (i = 0; i < s->n_cands[gi]; i++) {
			const cand *x = &s->cands[gi][i];
			const ds_decimal *v;
			if (x->status != ST_GRANTED || s->exts[x->ext - 1].displaced)
				continue;
			v = cval_get(s, s->dec[0], s->exts[x->ext - 1].capped);
			if ((rc = ds_decimal_add(s->totals[gi], s->totals[gi], v)) < 0 ||
			    (rc = ds_decimal_add(s->totals[n], s->totals[n], v)) < 0)
				return rc;
		}
	return DS_OK;
}

/* ---- writing */

static int flush_out(stream_ctx *s, int all)
{
	if (s->out.oom)
		return ds__enomem();
	if (s->out.len && (all || s->out.len >= ((size_t)1 << 16))) {
		if (!s->write_failed && s->write(s->out.data, s->out.len, s->context) != 0)
			s->write_failed = 1;
		ds__buf_clear(&s->out);
	}
	return s->write_failed ? ds__error(DS_EIO, "ds_policy_evaluate_stream: the writer failed") : DS_OK;
}

static int xml_out(void *context, const char *buffer, int len)
{
	stream_ctx *s = context;

	if (s->write_failed || (len > 0 && s->write(buffer, (size_t)len, s->context) != 0)) {
		s->write_failed = 1;
		return -1;
	}
	return len;
}

static int xml_close(void *context)
{
	(void)context;
	return 0;
}

typedef struct sink {
	stream_ctx *s;
	ds_awards_format format;
	ds__xml_writer w;
} sink;

static int sink_line(sink *k, const ds_award *a, const char *basis, const char *payee)
{
	switch (k->format) {
	case DS_AWARDS_FORMAT_XML: return ds__awards_xml_line(&k->w, a, basis, payee);
	case DS_AWARDS_FORMAT_CSV: ds__awards_csv_line(&k->s->out, a, basis, payee); break;
	default: ds__awards_text_line(&k->s->out, a, basis, payee); break;
	}
	return flush_out(k->s, 0);
}

static int write_candidate(sink *k, size_t gi, size_t rank, const cand *x)
{
	stream_ctx *s = k->s;
	const prog_def *g = &s->policy->programmes[gi];
	const cand_ext *e = x->ext ? &s->exts[x->ext - 1] : NULL;
	const char *strings = s->strings.data;
	char note[160];
	ds_award a;

	memset(&a, 0, sizeof a);
	a.applicant = code_of(s, x->applicant);
	a.applicant_name = name_of(s, x->applicant);
	a.programme = g->id;
	a.unit = strings + x->unit_at;
	a.rank = rank;
	a.ranking_value = g->rank_by ? cval_get(s, s->dec[0], x->key) : NULL;
	a.award = s->zero;
	a.reason = a.caps = a.displaced_by = a.displaces = "";
	a.ignored_records = x->ignored;
	if (x->status == ST_PAST_AWARDEES) {
		a.status = DS_AWARD_UNRANKED;
		snprintf(note, sizeof note, "rank %zu is past the %ld awardees", rank, g->awardees);
		a.reason = note;
	} else if (x->status == ST_PAST_COUNT) {
		a.status = DS_AWARD_UNRANKED;
		snprintf(note, sizeof note,
			 "at most %ld award(s) per applicant in this programme; a higher-ranked %s was awarded",
			 g->cap_applicant_count, ds__policy_unit_name(g->unit));
		a.reason = note;
	} else {
		a.status = e->displaced ? DS_AWARD_DISPLACED : DS_AWARD_GRANTED;
		a.uncapped = cval_get(s, s->dec[1], x->uncapped);
		a.capped = cval_get(s, s->dec[2], e->capped);
		a.caps = strings + e->caps_at;
		a.displaces = strings + e->displaces_at;
		if (e->displaced)
			a.displaced_by = s->policy->programmes[e->displaced_by - 1].id;
		else
			a.award = a.capped;
	}
	return sink_line(k, &a, a.status == DS_AWARD_UNRANKED ? "" : strings + x->basis_at, strings + x->payee_at);
}

/* The bytes [at, at + len) of the spill file, through a window read ahead (the document's
 * order is often the credit-code order, so that most reads are sequential). */
static int spill_read(stream_ctx *s, const char **out, uint64_t at, size_t len)
{
	size_t want;
	ssize_t got;

	if (at >= s->window_at && at + len <= s->window_at + s->window_len) {
		*out = s->window + (at - s->window_at);
		return DS_OK;
	}
	want = len > ((size_t)1 << 20) ? len : ((size_t)1 << 20);
	if (want > s->window_cap) {
		char *bigger = ds__realloc(s->window, want);
		if (!bigger)
			return ds__enomem();
		s->window = bigger;
		s->window_cap = want;
	}
	got = pread(fileno(s->spill), s->window, want, (off_t)at);
	if (got < 0 || (size_t)got < len)
		return ds__error(DS_EIO, "cannot read the evaluation's temporary file back");
	s->window_at = at;
	s->window_len = (size_t)got;
	*out = s->window;
	return DS_OK;
}

typedef struct spilled {
	const char *unit, *reason, *payee;
	uint64_t ignored;
	size_t seq;
} spilled;

static int compare_spilled(const void *x, const void *y)
{
	const spilled *a = x, *b = y;
	int c = strcmp(a->unit, b->unit);
	return c ? c : (a->seq < b->seq ? -1 : a->seq > b->seq);
}

static int compare_u32(const void *x, const void *y)
{
	uint32_t a = *(const uint32_t *)x, b = *(const uint32_t *)y;
	return a < b ? -1 : a > b;
}

static const uint32_t *find_late(const deferral *d, uint32_t ai)
{
	return d->n_late ? bsearch(&ai, d->late_applicant, d->n_late, sizeof ai, compare_u32) : NULL;
}

/* The ineligible lines of programme @gi, by credit code, then unit, then document order. */
static int write_ineligible(sink *k, size_t gi)
{
	stream_ctx *s = k->s;
	spilled *lines = NULL;
	size_t cap = 0, n, i, ai, g;
	const char *rec = NULL, *p, *end;
	const uint32_t *late;
	uint32_t len;
	ds_award a;
	int rc = DS_OK;

	for (i = 0; i < s->n_applicants && rc == DS_OK; i++) {
		ai = s->by_code[i];
		if ((rc = spill_read(s, &rec, s->spill_at[ai], (size_t)(s->spill_at[ai + 1] - s->spill_at[ai]))) < 0)
			break;
		p = rec;
		for (g = 0;; g++) {
			memcpy(&len, p, 4);
			p += 4;
			if (g == gi)
				break;
			p += len;
		}
		if (len == 0 && s->defer[gi] && (late = find_late(s->defer[gi], (uint32_t)ai)) != NULL) {
			/* The lines of its waiting units, evaluated after the document. */
			size_t at = (size_t)(late - s->defer[gi]->late_applicant);
			if ((rc = spill_read(s, &p, s->defer[gi]->late_at[at], s->defer[gi]->late_len[at])) < 0)
				break;
			len = s->defer[gi]->late_len[at];
		}
		for (end = p + len, n = 0; p < end; n++) {
			if ((rc = ds__policy_grow(&lines, &cap, n + 1, sizeof *lines)) < 0)
				goto done;
			lines[n].unit = p;
			p += strlen(p) + 1;
			lines[n].reason = p;
			p += strlen(p) + 1;
			lines[n].payee = p;
			p += strlen(p) + 1;
			memcpy(&lines[n].ignored, p, sizeof lines[n].ignored);
			p += sizeof lines[n].ignored;
			lines[n].seq = n;
		}
		if (n > 1)
			qsort(lines, n, sizeof *lines, compare_spilled);
		for (g = 0; g < n && rc == DS_OK; g++) {
			memset(&a, 0, sizeof a);
			a.applicant = code_of(s, ai);
			a.applicant_name = name_of(s, ai);
			a.programme = s->policy->programmes[gi].id;
			a.unit = lines[g].unit;
			a.status = DS_AWARD_INELIGIBLE;
			a.reason = lines[g].reason;
			a.caps = a.displaced_by = a.displaces = "";
			a.award = s->zero;
			a.ignored_records = (size_t)lines[g].ignored;
			rc = sink_line(k, &a, "", lines[g].payee);
		}
	}
done:
	ds__free(lines);
	return rc;
}

static int xml_writer_open(sink *k)
{
	xmlOutputBufferPtr ob = xmlOutputBufferCreateIO(xml_out, xml_close, k->s, NULL);

	memset(&k->w, 0, sizeof k->w);
	if (!ob)
		return ds__enomem();
	if (!(k->w.writer = xmlNewTextWriter(ob))) {
		xmlOutputBufferClose(ob);
		return ds__enomem();
	}
	xmlTextWriterSetIndent(k->w.writer, 1);
	xmlTextWriterSetIndentString(k->w.writer, (const xmlChar *)"  ");
	if (xmlTextWriterStartDocument(k->w.writer, NULL, "UTF-8", NULL) < 0)
		k->w.failed = 1;
	ds__xmlw_start(&k->w, "awards");
	ds__xmlw_attr(&k->w, "xmlns", "urn:datasset:awards:1");
	return k->w.failed ? ds__enomem() : DS_OK;
}

static int write_all(stream_ctx *s, ds_awards_format format, int bom)
{
	size_t gi, i, n = s->policy->n_programmes;
	sink k;
	int rc = DS_OK;

	memset(&k, 0, sizeof k);
	k.s = s;
	k.format = format;
	if (format == DS_AWARDS_FORMAT_XML) {
		if ((rc = xml_writer_open(&k)) < 0 ||
		    (rc = ds__awards_xml_begin(&k.w, s->policy->id, s->n_applicants, s->totals[n])) < 0)
			goto done;
	} else if (format == DS_AWARDS_FORMAT_CSV) {
		ds__awards_csv_begin(&s->out, bom);
	} else {
		ds__awards_text_begin(&s->out, s->policy->id, s->n_applicants);
	}
	for (gi = 0; gi < n && rc == DS_OK; gi++) {
		const prog_def *g = &s->policy->programmes[gi];
		if (format == DS_AWARDS_FORMAT_XML)
			rc = ds__awards_xml_programme(&k.w, g->id, g->title, s->totals[gi], s->granted[gi],
						      s->ignored[gi]);
		else if (format == DS_AWARDS_FORMAT_TEXT)
			ds__awards_text_programme(&s->out, g->id, g->title, s->totals[gi], s->granted[gi],
						  s->ignored[gi]);
		for (i = 0; i < s->n_cands[gi] && rc == DS_OK; i++)
			rc = write_candidate(&k, gi, i + 1, &s->cands[gi][s->order[gi][i]]);
		if (rc == DS_OK)
			rc = write_ineligible(&k, gi);
		if (format == DS_AWARDS_FORMAT_XML)
			ds__xmlw_end(&k.w);
	}
	if (rc < 0)
		goto done;
	if (format == DS_AWARDS_FORMAT_XML) {
		if (!k.w.failed && (xmlTextWriterEndDocument(k.w.writer) < 0 || xmlTextWriterFlush(k.w.writer) < 0))
			k.w.failed = 1;
		if (s->write_failed)
			rc = ds__error(DS_EIO, "ds_policy_evaluate_stream: the writer failed");
		else if (k.w.failed)
			rc = ds__error(DS_ENOMEM, "writing the XML document failed");
	} else {
		if (format == DS_AWARDS_FORMAT_TEXT)
			ds__awards_text_end(&s->out, s->totals[n]);
		rc = flush_out(s, 1);
	}
done:
	if (k.w.writer)
		xmlFreeTextWriter(k.w.writer);
	return rc;
}

/* ---- entry point */

static int stream_setup(stream_ctx *s, const ds_policy *policy)
{
	eval_ctx *c = &s->c;
	size_t i, slots = policy_slots(policy), n = policy->n_programmes;
	int rc;

	c->policy = policy;
	c->scratch = (ds__buf)DS__BUF_INIT;
	s->policy = policy;
	mpz_init(s->n);
	mpz_init(s->d);
	if ((rc = ds_decimal_new(&c->cent)) < 0 || (rc = ds_decimal_new(&c->value)) < 0 ||
	    (rc = ds_decimal_new(&c->room)) < 0 || (rc = ds_decimal_new(&c->approved)) < 0 ||
	    (rc = ds_decimal_parse(c->cent, "0.01", 0)) < 0 || (rc = ds_decimal_new(&s->micro)) < 0 ||
	    (rc = ds_decimal_parse(s->micro, "0.000001", 0)) < 0 || (rc = ds_decimal_new(&s->zero)) < 0)
		return rc;
	for (i = 0; i < sizeof s->dec / sizeof s->dec[0]; i++)
		if ((rc = ds_decimal_new(&s->dec[i])) < 0)
			return rc;
	if (!(c->vars = ds__calloc(slots, sizeof *c->vars)) ||
	    !(c->stack = ds__calloc(policy->stack_need + 1, sizeof *c->stack)) ||
	    !(s->cands = ds__calloc(n + 1, sizeof *s->cands)) || !(s->n_cands = ds__calloc(n + 1, sizeof(size_t))) ||
	    !(s->cap_cands = ds__calloc(n + 1, sizeof(size_t))) || !(s->order = ds__calloc(n + 1, sizeof *s->order)) ||
	    !(s->ignored = ds__calloc(n + 1, sizeof(size_t))) || !(s->granted = ds__calloc(n + 1, sizeof(size_t))) ||
	    !(s->totals = ds__calloc(n + 1, sizeof *s->totals)))
		return ds__enomem();
	for (i = 0; i < slots; i++)
		if ((rc = ds_decimal_new(&c->vars[i])) < 0)
			return rc;
	for (i = 0; i < policy->stack_need; i++)
		if ((rc = ds_decimal_new(&c->stack[i])) < 0)
			return rc;
	for (i = 0; i <= n; i++)
		if ((rc = ds_decimal_new(&s->totals[i])) < 0)
			return rc;
	ds__buf_putc(&s->strings, '\0'); /* offset 0 is "" */
	if (s->strings.oom)
		return ds__enomem();
	if (!(s->defer = ds__calloc(n + 1, sizeof *s->defer)))
		return ds__enomem();
	for (i = 0; i < n; i++) {
		const prog_def *g = &policy->programmes[i];
		size_t slot;
		if (g->unit != UNIT_CASE || !g->uses[F_CASE_APPLICANTS])
			continue;
		if (!(s->defer[i] = ds__calloc(1, sizeof *s->defer[i])) ||
		    !(s->defer[i]->slots = ds__calloc(slots, sizeof(size_t))))
			return ds__enomem();
		for (slot = 0; slot < slots; slot++)
			if (g->uses[slot] && slot != F_CASE_APPLICANTS)
				s->defer[i]->slots[s->defer[i]->n_slots++] = slot;
	}
	if (!(s->spill = tmpfile()))
		return ds__error(DS_EIO, "cannot create the evaluation's temporary file: %s", strerror(errno));
	return DS_OK;
}

static void stream_dispose(stream_ctx *s)
{
	eval_ctx *c = &s->c;
	size_t i, k, n = s->policy ? s->policy->n_programmes : 0;

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
	ds__buf_dispose(&c->scratch);
	if (s->policy) {
		mpz_clear(s->n);
		mpz_clear(s->d);
	}
	ds_decimal_free(s->micro);
	ds_decimal_free(s->zero);
	for (i = 0; i < sizeof s->dec / sizeof s->dec[0]; i++)
		ds_decimal_free(s->dec[i]);
	ds__buf_dispose(&s->names);
	ds__free(s->name_at);
	ds__buf_dispose(&s->strings);
	ds__buf_dispose(&s->payee);
	if (s->cands)
		for (i = 0; i < n; i++) {
			for (k = 0; k < s->n_cands[i]; k++) {
				cval_free(s->cands[i][k].key);
				cval_free(s->cands[i][k].uncapped);
				cval_free(s->cands[i][k].approved);
			}
			ds__free(s->cands[i]);
		}
	ds__free(s->cands);
	if (s->order)
		for (i = 0; i < n; i++)
			ds__free(s->order[i]);
	ds__free(s->order);
	ds__free(s->n_cands);
	ds__free(s->cap_cands);
	for (i = 0; i < s->n_exts; i++)
		cval_free(s->exts[i].capped);
	ds__free(s->exts);
	if (s->spill)
		fclose(s->spill);
	ds__free(s->spill_at);
	ds__buf_dispose(&s->rec);
	ds__free(s->window);
	ds__free(s->ignored);
	ds__free(s->granted);
	if (s->totals)
		for (i = 0; i <= n; i++)
			ds_decimal_free(s->totals[i]);
	ds__free(s->totals);
	if (s->defer)
		for (i = 0; i < n; i++) {
			deferral *d = s->defer[i];
			if (!d)
				continue;
			for (k = 0; k < d->n_values; k++)
				cval_free(d->values[k]);
			ds__free(d->values);
			ds__free(d->units);
			ds__free(d->slots);
			ds__free(d->late_applicant);
			ds__free(d->late_at);
			ds__free(d->late_len);
			ds__free(d);
		}
	ds__free(s->defer);
	ds__free(s->by_code);
	ds__buf_dispose(&s->out);
}

int ds_awards_stream_options_init(ds_awards_stream_options *opts, unsigned int version)
{
	if (!opts || version != DS_AWARDS_STREAM_OPTIONS_VERSION)
		return ds__error(DS_EINVAL, "ds_awards_stream_options_init: NULL options or unknown version %u",
				 version);
	memset(opts, 0, sizeof *opts);
	opts->version = version;
	opts->format = DS_AWARDS_FORMAT_TEXT;
	return DS_OK;
}

int ds_policy_evaluate_stream(const ds_policy *policy, const char *path, const ds_awards_stream_options *opts,
			      ds_awards_write_callback write, void *context)
{
	stream_ctx s;
	ds_awards_format format = opts ? opts->format : DS_AWARDS_FORMAT_TEXT;
	size_t gi;
	int rc;

	if (!policy || !path || !write)
		return ds__error(DS_EINVAL, "ds_policy_evaluate_stream: NULL argument");
	if (opts && opts->version != DS_AWARDS_STREAM_OPTIONS_VERSION)
		return ds__error(DS_EINVAL, "ds_policy_evaluate_stream: unknown options version %u", opts->version);
	if (format != DS_AWARDS_FORMAT_TEXT && format != DS_AWARDS_FORMAT_CSV && format != DS_AWARDS_FORMAT_XML)
		return ds__error(DS_EINVAL, "ds_policy_evaluate_stream: unknown format %d", (int)format);
	memset(&s, 0, sizeof s);
	s.write = write;
	s.context = context;
	if ((rc = stream_setup(&s, policy)) < 0)
		goto done;
	if ((rc = ds__policy_applications_each(NULL, 0, NULL, path, stream_applicant, &s)) < 0 ||
	    (rc = order_applicants(&s)) < 0)
		goto done;
	for (gi = 0; gi < policy->n_programmes; gi++)
		if (s.defer[gi] && (rc = run_deferred(&s, gi)) < 0)
			goto done;
	if (s.err) {
		rc = ds__error(s.err, "%s", s.err_message);
		goto done;
	}
	if (fflush(s.spill) != 0) {
		rc = ds__error(DS_EIO, "cannot write the evaluation's temporary file: %s", strerror(errno));
		goto done;
	}
	for (gi = 0; gi < policy->n_programmes; gi++)
		if ((rc = rank_programme(&s, gi)) < 0)
			goto done;
	if ((rc = stream_highest(&s)) < 0 || (rc = stream_totals(&s)) < 0)
		goto done;
	rc = write_all(&s, format, opts && format == DS_AWARDS_FORMAT_CSV ? opts->bom : 0);
done:
	stream_dispose(&s);
	return rc;
}
