/*
 * The settlement statement: MAR (F1, F2), the yearly tiers (F3), the period
 * excess and its deduction schedule (F4), each pool's fee (F5) and its
 * allocation by weights (F6) with the rounding and remainder order (F7) and
 * each line's destination (F8). Every sum is checked before the statement is
 * handed out.
 * SPDX-License-Identifier: MIT
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "settlement_internal.h"

/* Scratch decimals of one computation. */
typedef struct scratch {
	ds_decimal *a, *b, *c, *d;
} scratch;

static int scratch_new(scratch *t)
{
	memset(t, 0, sizeof *t);
	if (ds_decimal_new(&t->a) < 0 || ds_decimal_new(&t->b) < 0 || ds_decimal_new(&t->c) < 0 ||
	    ds_decimal_new(&t->d) < 0)
		return ds__enomem();
	return DS_OK;
}

static void scratch_free(scratch *t)
{
	ds_decimal_free(t->a);
	ds_decimal_free(t->b);
	ds_decimal_free(t->c);
	ds_decimal_free(t->d);
}

static char *dup_or_null(const char *s)
{
	return s ? ds__strdup(s) : NULL;
}

/* HALF_UP of a / b for a >= 0, b > 0 (fen). */
static int64_t div_half_up(int64_t a, int64_t b)
{
	return a / b + ((a % b) * 2 >= b ? 1 : 0);
}

/* ---------------------------------------------------------------- MAR (F1, F2) */

static int compute_mar(ds_settlement_statement *st, const ds_settlement *s, scratch *t)
{
	size_t i;
	int rc;

	st->has_mar = 1;
	for (i = 0; i < s->cost_count; i++)
		st->mar.cost_items += s->costs[i];
	for (i = 0; i < s->subsidy_count; i++)
		st->mar.subsidies += s->subsidies[i];
	st->mar.cost = st->mar.cost_items - st->mar.subsidies;
	st->mar.taxes = s->taxes;
	/* r = y + m; P = HALF_UP₂(C × r). */
	if ((rc = ds_decimal_add(t->a, s->bond_yield, s->markup)) < 0 ||
	    (rc = ds__settlement_yuan(t->b, st->mar.cost)) < 0 || (rc = ds_decimal_mul(t->b, t->b, t->a)) < 0 ||
	    (rc = ds__settlement_round_fen(&st->mar.profit, t->b, "mar/profit")) < 0)
		return rc;
	st->mar.mar = st->mar.cost + st->mar.profit + st->mar.taxes;
	if ((rc = ds__settlement_exact_text(&st->rate, t->a)) < 0 ||
	    (rc = ds__settlement_exact_text(&st->bond_yield, s->bond_yield)) < 0 ||
	    (rc = ds__settlement_exact_text(&st->markup, s->markup)) < 0 ||
	    !(st->bond_yield_source = ds__strdup(s->bond_yield_source)))
		return rc < 0 ? rc : ds__enomem();
	st->mar.rate = st->rate;
	st->mar.bond_yield = st->bond_yield;
	st->mar.markup = st->markup;
	st->mar.bond_yield_source = st->bond_yield_source;
	if (st->mar.mar != st->mar.cost + st->mar.profit + st->mar.taxes || st->mar.mar <= 0)
		return ds__error(DS_EINTERNAL, "settlement: MAR is not the sum of its parts");
	if (!(st->costs = ds__calloc(s->cost_count, sizeof *st->costs)) ||
	    !(st->cost_names = ds__calloc(s->cost_count, sizeof *st->cost_names)) ||
	    (s->subsidy_count && !(st->subsidies = ds__calloc(s->subsidy_count, sizeof *st->subsidies))))
		return ds__enomem();
	st->cost_count = s->cost_count;
	st->subsidy_count = s->subsidy_count;
	for (i = 0; i < s->cost_count; i++) {
		st->costs[i] = s->costs[i];
		if (s->cost_names[i] && !(st->cost_names[i] = ds__strdup(s->cost_names[i])))
			return ds__enomem();
	}
	for (i = 0; i < s->subsidy_count; i++)
		st->subsidies[i] = s->subsidies[i];
	return DS_OK;
}

/* ---------------------------------------------------------------- years and period (F3, F4) */

static int compute_years(ds_settlement_statement *st, const ds_settlement *s, scratch *t)
{
	ds_settlement_period *p = &st->pf;
	int64_t scheduled_each, carry = 0, scheduled_sum = 0, deducted_sum = 0;
	size_t i, n, cap;
	int rc;

	if (!(st->years = ds__calloc(s->year_count, sizeof *st->years)))
		return ds__enomem();
	st->year_count = s->year_count;
	for (i = 0; i < s->year_count; i++) {
		st_year_out *y = &st->years[i];
		int64_t mar, dev, mag;
		if (!s->years[i].has_mar && !s->has_mar)
			return ds__error_at(DS_EINVAL, 0, 0, "year", "year %d: no MAR (set the MAR or the year's own)",
					    s->years[i].year);
		mar = s->years[i].has_mar ? s->years[i].mar : st->mar.mar;
		dev = s->years[i].actual - mar;
		mag = dev < 0 ? -dev : dev;
		y->year.year = s->years[i].year;
		y->year.actual = s->years[i].actual;
		y->year.mar = mar;
		y->year.deviation = dev;
		/* "10%及以下" includes 10 % and "超过" excludes it (民法典 art. 1259):
		 * |A − MAR| / MAR ≤ 1/10 ⟺ 10 × |A − MAR| ≤ MAR, decided exactly. */
		y->year.tier = mag * 10 <= mar ? DS_SETTLEMENT_OPERATOR_ADJUSTS : DS_SETTLEMENT_AUTHORITY_ADJUSTS;
		if ((rc = ds_decimal_set_int64(t->a, dev)) < 0 || (rc = ds_decimal_set_int64(t->b, mar)) < 0 ||
		    (rc = ds_decimal_div(t->a, t->a, t->b)) < 0 ||
		    (rc = ds__settlement_exact_text(&y->ratio, t->a)) < 0 ||
		    (rc = ds_decimal_set_int64(t->b, 100)) < 0 || (rc = ds_decimal_mul(t->a, t->a, t->b)) < 0 ||
		    (rc = ds_decimal_to_string_scaled(&y->percent, t->a, 2, DS_ROUND_HALF_UP, 0)) < 0)
			return rc;
		y->year.ratio = y->ratio;
		y->year.percent = y->percent;
		p->actual += y->year.actual;
		p->mar += mar;
	}
	st->has_period = 1;
	p->excess = p->actual > p->mar ? p->actual - p->mar : 0;
	p->smoothing_years = s->deduction_years;
	p->next_mar = s->has_next_mar ? s->next_mar : s->has_mar ? st->mar.mar : st->years[st->year_count - 1].year.mar;
	if (p->excess == 0)
		return DS_OK;
	/* Years needed: k, plus the years a capped deduction carries into. */
	n = s->deduction_years;
	cap = n;
	if (!(st->deductions = ds__calloc(cap, sizeof *st->deductions)))
		return ds__enomem();
	/* Each of the k years HALF_UP₂(E / k); the last takes E minus the others. */
	scheduled_each = div_half_up(p->excess, (int64_t)n);
	for (i = 0;; i++) {
		ds_settlement_deduction *d;
		int64_t total;
		if (i >= n && carry == 0)
			break;
		if (i == ST_MAX_DEDUCTION_YEARS)
			return ds__error_at(
				DS_ERANGE, 0, 0, "deduction",
				"deduction: the excess would take more than %d years to deduct from a MAR of "
				"%lld fen",
				ST_MAX_DEDUCTION_YEARS, (long long)p->next_mar);
		if (i == cap) {
			ds_settlement_deduction *grown;
			cap *= 2;
			if (!(grown = ds__realloc(st->deductions, cap * sizeof *grown)))
				return ds__enomem();
			st->deductions = grown;
		}
		d = &st->deductions[i];
		memset(d, 0, sizeof *d);
		d->year = (unsigned int)i + 1;
		if (i + 1 < n)
			d->scheduled = scheduled_each;
		else if (i + 1 == n)
			d->scheduled = p->excess - scheduled_each * (int64_t)(n - 1);
		d->carried_in = carry;
		total = d->scheduled + carry;
		/* A deduction above that year's MAR is capped at MAR; the rest carries (our rule). */
		d->deducted = total > p->next_mar ? p->next_mar : total;
		carry = total - d->deducted;
		d->net_mar = p->next_mar - d->deducted;
		scheduled_sum += d->scheduled;
		deducted_sum += d->deducted;
		st->deduction_count = i + 1;
	}
	if (scheduled_sum != p->excess || deducted_sum != p->excess)
		return ds__error(DS_EINTERNAL, "settlement: the deductions do not sum to the excess");
	return DS_OK;
}

/* ---------------------------------------------------------------- pools (F5–F8) */

typedef struct order_item {
	const st_party *party;
	ds_settlement_destination destination;
	size_t index;
} order_item;

/* F7: retained lines first, then treasury lines; inside each group by exact
 * amount descending (the weight, F being common), then party id ascending. */
static int order_cmp(const void *pa, const void *pb)
{
	const order_item *a = pa, *b = pb;
	int c;

	if (a->destination != b->destination)
		return a->destination == DS_SETTLEMENT_RETAIN ? -1 : 1;
	if ((c = ds_decimal_cmp(a->party->weight, b->party->weight)) != 0)
		return -c;
	return strcmp(a->party->id, b->party->id);
}

/* F8: where a party's line goes. */
static int destination(ds_settlement_destination *out, const ds_settlement *s, const st_pool *p, const st_party *party)
{
	switch (party->kind) {
	case DS_SETTLEMENT_ADMIN_UNIT:
	case DS_SETTLEMENT_AUTHORITY: *out = DS_SETTLEMENT_TREASURY; return DS_OK;
	case DS_SETTLEMENT_INST_UNIT:
		/* 财资〔2024〕1号: disposal income of both kinds of unit goes to the treasury;
		 * a 事业单位's use income as the same-level finance bureau rules. */
		if (p->income_kind == DS_SETTLEMENT_DISPOSAL) {
			*out = DS_SETTLEMENT_TREASURY;
			return DS_OK;
		}
		if (s->inst == DS_SETTLEMENT_INST_UNSET)
			return ds__error_at(
				DS_EINVAL, 0, 0, "inst_use_income",
				"inst_use_income: pool '%s' has 事业单位 party '%s'; say whether its use income "
				"is remitted or retained",
				p->id, party->id);
		*out = s->inst == DS_SETTLEMENT_INST_REMIT ? DS_SETTLEMENT_TREASURY : DS_SETTLEMENT_RETAIN;
		return DS_OK;
	case DS_SETTLEMENT_PUBLIC_ENTERPRISE:
	case DS_SETTLEMENT_COMPANY: *out = DS_SETTLEMENT_RETAIN; return DS_OK;
	}
	return ds__error(DS_EINTERNAL, "settlement: unknown party kind");
}

static int pool_fee(int64_t *fee, st_pool_out *po, const st_pool *p, scratch *t)
{
	char field[128];
	size_t i;
	int rc;

	switch (p->type) {
	case DS_SETTLEMENT_SHARE:
		/* F = HALF_UP₂(G × k). */
		if ((rc = ds__settlement_yuan(t->a, p->income)) < 0 || (rc = ds_decimal_mul(t->a, t->a, p->share)) < 0)
			return rc;
		snprintf(field, sizeof field, "pool '%s'/share", p->id);
		return ds__settlement_round_fen(fee, t->a, field);
	case DS_SETTLEMENT_PER_CALL:
		/* F = Σ products HALF_UP₂(rate × chargeable calls). */
		if (p->product_count == 0) {
			snprintf(field, sizeof field, "pool '%s'/product", p->id);
			return ds__error_at(DS_EINVAL, 0, 0, field, "%s: a per_call pool needs a charged product",
					    field);
		}
		*fee = 0;
		for (i = 0; i < p->product_count; i++) {
			int64_t part;
			snprintf(field, sizeof field, "pool '%s'/product[%zu]", p->id, i + 1);
			if ((rc = ds_decimal_set_int64(t->b, (int64_t)p->products[i].calls)) < 0 ||
			    (rc = ds_decimal_mul(t->a, p->products[i].rate, t->b)) < 0 ||
			    (rc = ds__settlement_round_fen(&part, t->a, field)) < 0)
				return rc;
			po->product_fees[i] = part;
			*fee += part;
			if (*fee >= ST_AMOUNT_MAX)
				return ds__error_at(DS_ERANGE, 0, 0, field, "%s: the pool's fee reaches 10^13 yuan",
						    field);
		}
		return DS_OK;
	case DS_SETTLEMENT_FIXED: *fee = p->amount; return DS_OK;
	}
	return ds__error(DS_EINTERNAL, "settlement: unknown pool type");
}

static int compute_pool(st_pool_out *po, const ds_settlement *s, const st_pool *p, scratch *t)
{
	ds_settlement_pool_figures *f = &po->figures;
	order_item *order = NULL;
	int64_t fee = 0, sum = 0;
	size_t i, taker = SIZE_MAX;
	char field[128];
	int rc;

	if (!(po->id = ds__strdup(p->id)) || (p->product && !(po->product = ds__strdup(p->product))) ||
	    (p->agreement && !(po->agreement = ds__strdup(p->agreement))))
		return ds__enomem();
	f->id = po->id;
	f->product = po->product;
	f->agreement = po->agreement;
	f->type = p->type;
	f->income_kind = p->income_kind;
	f->has_income = p->has_income;
	f->income = p->income;
	if (p->share) {
		if ((rc = ds__settlement_exact_text(&po->share, p->share)) < 0)
			return rc;
		f->share = po->share;
	}
	if (p->product_count) {
		if (!(po->products = ds__calloc(p->product_count, sizeof *po->products)) ||
		    !(po->product_fees = ds__calloc(p->product_count, sizeof *po->product_fees)))
			return ds__enomem();
		po->product_count = p->product_count;
		for (i = 0; i < p->product_count; i++) {
			po->products[i].calls = p->products[i].calls;
			f->charged_calls += p->products[i].calls;
			if ((p->products[i].name && !(po->products[i].name = ds__strdup(p->products[i].name))) ||
			    (rc = ds_decimal_dup(&po->products[i].rate, p->products[i].rate)) < 0)
				return ds__enomem();
		}
	}
	if (p->free_count) {
		if (!(po->frees = ds__calloc(p->free_count, sizeof *po->frees)))
			return ds__enomem();
		po->free_count = p->free_count;
		for (i = 0; i < p->free_count; i++) {
			po->frees[i] = p->frees[i];
			po->frees[i].user = NULL;
			f->free_calls += p->frees[i].calls;
			if (!(po->frees[i].user = ds__strdup(p->frees[i].user)))
				return ds__enomem();
		}
	}
	if ((rc = pool_fee(&fee, po, p, t)) < 0)
		return rc;
	f->fee = fee;
	/* F ≤ G: the fee comes out of the income. */
	if (p->has_income && fee > p->income) {
		snprintf(field, sizeof field, "pool '%s'/income", p->id);
		return ds__error_at(DS_EINVAL, 0, 0, field, "%s: the fee (%lld fen) is above the income (%lld fen)",
				    field, (long long)fee, (long long)p->income);
	}
	f->operator_keeps = p->has_income ? p->income - fee : 0;
	snprintf(field, sizeof field, "pool '%s'/party", p->id);
	if (p->party_count == 0)
		return ds__error_at(DS_EINVAL, 0, 0, field, "%s: a pool needs at least one party", field);
	/* F6: Σ w > 0. */
	ds_decimal_set_int64(t->c, 0);
	for (i = 0; i < p->party_count; i++)
		if ((rc = ds_decimal_add(t->c, t->c, p->parties[i].weight)) < 0)
			return rc;
	if (ds_decimal_is_zero(t->c))
		return ds__error_at(DS_EINVAL, 0, 0, field, "%s: the weights are all zero", field);
	if (!(order = ds__calloc(p->party_count, sizeof *order)) ||
	    !(po->lines = ds__calloc(p->party_count, sizeof *po->lines))) {
		ds__free(order);
		return ds__enomem();
	}
	f->line_count = p->party_count;
	for (i = 0; i < p->party_count; i++) {
		order[i].party = &p->parties[i];
		order[i].index = i;
		if ((rc = destination(&order[i].destination, s, p, &p->parties[i])) < 0)
			goto done;
	}
	qsort(order, p->party_count, sizeof *order, order_cmp);
	/* The remainder goes to the last line in this order with a share above zero
	 * (a zero-weight party is never paid a rounding difference: our rule). */
	for (i = 0; i < p->party_count; i++)
		if (ds_decimal_sign(order[i].party->weight) > 0)
			taker = i;
	if ((rc = ds__settlement_yuan(t->d, fee)) < 0)
		goto done;
	ds_decimal_set_int64(t->b, 0); /* Σ shares */
	for (i = 0; i < p->party_count; i++) {
		st_line_out *lo = &po->lines[i];
		const st_party *party = order[i].party;
		int64_t rounded;
		snprintf(field, sizeof field, "pool '%s'/party '%s'", p->id, party->id);
		lo->line.kind = party->kind;
		lo->line.destination = order[i].destination;
		if (!(lo->party = ds__strdup(party->id)) || (party->name && !(lo->name = ds__strdup(party->name))) ||
		    (party->role && !(lo->role = ds__strdup(party->role)))) {
			rc = ds__enomem();
			goto done;
		}
		/* s_i = w_i / Σ w, exact; the exact amount F × s_i. */
		if ((rc = ds_decimal_div(t->a, party->weight, t->c)) < 0 ||
		    (rc = ds_decimal_add(t->b, t->b, t->a)) < 0 ||
		    (rc = ds__settlement_exact_text(&lo->share, t->a)) < 0 ||
		    (rc = ds__settlement_exact_text(&lo->weight, party->weight)) < 0 ||
		    (rc = ds_decimal_mul(t->a, t->a, t->d)) < 0 ||
		    (rc = ds__settlement_exact_text(&lo->exact, t->a)) < 0 ||
		    (rc = ds__settlement_round_fen(&rounded, t->a, field)) < 0)
			goto done;
		lo->line.amount = rounded;
		if (i != taker)
			sum += rounded;
	}
	/* The last line takes F minus the others, so the lines sum to F exactly. */
	po->lines[taker].line.amount = fee - sum;
	{
		int64_t rounded_taker = 0;
		const st_party *party = order[taker].party;
		if ((rc = ds_decimal_div(t->a, party->weight, t->c)) < 0 ||
		    (rc = ds_decimal_mul(t->a, t->a, t->d)) < 0 ||
		    (rc = ds__settlement_round_fen(&rounded_taker, t->a, field)) < 0)
			goto done;
		po->lines[taker].line.remainder = po->lines[taker].line.amount - rounded_taker;
	}
	po->lines[taker].line.took_remainder = 1;
	sum = 0;
	for (i = 0; i < p->party_count; i++) {
		st_line_out *lo = &po->lines[i];
		lo->line.party = lo->party;
		lo->line.name = lo->name;
		lo->line.role = lo->role;
		lo->line.weight = lo->weight;
		lo->line.share = lo->share;
		lo->line.exact = lo->exact;
		sum += lo->line.amount;
		if (lo->line.destination == DS_SETTLEMENT_TREASURY)
			f->to_treasury += lo->line.amount;
		else
			f->retained += lo->line.amount;
	}
	ds_decimal_set_int64(t->a, 1);
	if (sum != fee || ds_decimal_cmp(t->b, t->a) != 0 || f->to_treasury + f->retained != fee) {
		rc = ds__error(DS_EINTERNAL, "settlement: pool '%s' lines do not sum to the fee", p->id);
		goto done;
	}
	rc = DS_OK;
done:
	ds__free(order);
	return rc;
}

/* ---------------------------------------------------------------- the statement */

void ds_settlement_statement_free(ds_settlement_statement *st)
{
	size_t i, j;

	if (!st)
		return;
	ds__free(st->title);
	ds__free(st->period);
	ds__free(st->rate);
	ds__free(st->bond_yield);
	ds__free(st->bond_yield_source);
	ds__free(st->markup);
	for (i = 0; st->cost_names && i < st->cost_count; i++)
		ds__free(st->cost_names[i]);
	ds__free(st->cost_names);
	ds__free(st->costs);
	ds__free(st->subsidies);
	for (i = 0; st->years && i < st->year_count; i++) {
		ds__free(st->years[i].ratio);
		ds__free(st->years[i].percent);
	}
	ds__free(st->years);
	ds__free(st->deductions);
	for (i = 0; st->pools && i < st->pool_count; i++) {
		st_pool_out *po = &st->pools[i];
		for (j = 0; po->lines && j < po->figures.line_count; j++) {
			st_line_out *lo = &po->lines[j];
			ds__free(lo->party);
			ds__free(lo->name);
			ds__free(lo->role);
			ds__free(lo->weight);
			ds__free(lo->share);
			ds__free(lo->exact);
		}
		for (j = 0; po->products && j < po->product_count; j++) {
			ds__free(po->products[j].name);
			ds_decimal_free(po->products[j].rate);
		}
		for (j = 0; po->frees && j < po->free_count; j++)
			ds__free(po->frees[j].user);
		ds__free(po->lines);
		ds__free(po->products);
		ds__free(po->product_fees);
		ds__free(po->frees);
		ds__free(po->id);
		ds__free(po->product);
		ds__free(po->agreement);
		ds__free(po->share);
	}
	ds__free(st->pools);
	ds__free(st);
}

int ds_settlement_compute(ds_settlement_statement **out, const ds_settlement *s)
{
	ds_settlement_statement *st = NULL;
	scratch t;
	size_t i;
	int rc;

	if (!out || !s)
		return ds__error(DS_EINVAL, "settlement: NULL output or settlement");
	if ((rc = scratch_new(&t)) < 0)
		goto done;
	if (!(st = ds__calloc(1, sizeof *st))) {
		rc = ds__enomem();
		goto done;
	}
	if ((s->title && !(st->title = ds__strdup(s->title))) ||
	    (s->period && !(st->period = dup_or_null(s->period)))) {
		rc = ds__enomem();
		goto done;
	}
	if (s->has_mar && (rc = compute_mar(st, s, &t)) < 0)
		goto done;
	if (s->year_count && (rc = compute_years(st, s, &t)) < 0)
		goto done;
	if (s->pool_count) {
		if (!(st->pools = ds__calloc(s->pool_count, sizeof *st->pools))) {
			rc = ds__enomem();
			goto done;
		}
		st->pool_count = s->pool_count;
		for (i = 0; i < s->pool_count; i++)
			if ((rc = compute_pool(&st->pools[i], s, &s->pools[i], &t)) < 0)
				goto done;
	}
	*out = st;
	st = NULL;
	rc = DS_OK;
done:
	ds_settlement_statement_free(st);
	scratch_free(&t);
	return rc;
}

/* ---------------------------------------------------------------- reading it */

int ds_settlement_statement_mar(ds_settlement_mar_figures *out, const ds_settlement_statement *st)
{
	if (!out || !st)
		return ds__error(DS_EINVAL, "settlement: NULL output or statement");
	if (!st->has_mar)
		return ds__error_at(DS_ENOTFOUND, 0, 0, "mar", "mar: the settlement has no MAR");
	*out = st->mar;
	return DS_OK;
}

size_t ds_settlement_year_count(const ds_settlement_statement *st)
{
	return st ? st->year_count : 0;
}

int ds_settlement_year_at(ds_settlement_year *out, const ds_settlement_statement *st, size_t index)
{
	if (!out || !st)
		return ds__error(DS_EINVAL, "settlement: NULL output or statement");
	if (index >= st->year_count)
		return ds__error_at(DS_ERANGE, 0, 0, "year", "year index %zu is out of range (%zu years)", index,
				    st->year_count);
	*out = st->years[index].year;
	return DS_OK;
}

int ds_settlement_statement_period(ds_settlement_period *out, const ds_settlement_statement *st)
{
	if (!out || !st)
		return ds__error(DS_EINVAL, "settlement: NULL output or statement");
	if (!st->has_period)
		return ds__error_at(DS_ENOTFOUND, 0, 0, "year", "the settlement has no evaluation period");
	*out = st->pf;
	return DS_OK;
}

size_t ds_settlement_deduction_count(const ds_settlement_statement *st)
{
	return st ? st->deduction_count : 0;
}

int ds_settlement_deduction_at(ds_settlement_deduction *out, const ds_settlement_statement *st, size_t index)
{
	if (!out || !st)
		return ds__error(DS_EINVAL, "settlement: NULL output or statement");
	if (index >= st->deduction_count)
		return ds__error_at(DS_ERANGE, 0, 0, "deduction", "deduction index %zu is out of range (%zu years)",
				    index, st->deduction_count);
	*out = st->deductions[index];
	return DS_OK;
}

size_t ds_settlement_pool_count(const ds_settlement_statement *st)
{
	return st ? st->pool_count : 0;
}

int ds_settlement_pool_at(ds_settlement_pool_figures *out, const ds_settlement_statement *st, size_t index)
{
	if (!out || !st)
		return ds__error(DS_EINVAL, "settlement: NULL output or statement");
	if (index >= st->pool_count)
		return ds__error_at(DS_ERANGE, 0, 0, "pool", "pool index %zu is out of range (%zu pools)", index,
				    st->pool_count);
	*out = st->pools[index].figures;
	return DS_OK;
}

int ds_settlement_line_at(ds_settlement_line *out, const ds_settlement_statement *st, size_t pool, size_t line)
{
	if (!out || !st)
		return ds__error(DS_EINVAL, "settlement: NULL output or statement");
	if (pool >= st->pool_count)
		return ds__error_at(DS_ERANGE, 0, 0, "pool", "pool index %zu is out of range (%zu pools)", pool,
				    st->pool_count);
	if (line >= st->pools[pool].figures.line_count)
		return ds__error_at(DS_ERANGE, 0, 0, "line", "line index %zu is out of range (%zu lines)", line,
				    st->pools[pool].figures.line_count);
	*out = st->pools[pool].lines[line].line;
	return DS_OK;
}
