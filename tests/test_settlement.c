/*
 * The settlement module: both worked examples of revenue-sharing.md to the fen
 * (MAR and the yearly tiers with the exactly-10 % boundary, the refused markup,
 * the period excess and its deduction; an agreed share settled in both
 * remainder orders), deduction cap-and-carry, per-call and fixed pools, every
 * class of bad input (code, field, nothing changed), documents and outputs.
 * SPDX-License-Identifier: MIT
 */
#define _POSIX_C_SOURCE 200809L
#include "config.h"

#include <stdlib.h>

#include "testutil.h"

/* ---- building example 1 through the API */

static ds_settlement *example1(const char *markup)
{
	ds_settlement *s = NULL;
	ds_decimal *costs[2] = { tu_dec("7400000.00"), tu_dec("600000.00") };
	const char *names[2] = { "运营成本", "获取公共数据资源的相关支出" };
	ds_decimal *y = tu_dec("0.017"), *m = tu_dec(markup), *t = tu_dec("120000.00");
	ds_settlement_mar mar;

	ck_assert_ds_ok(ds_settlement_new(&s));
	ck_assert_ds_ok(ds_settlement_mar_init(&mar, DS_SETTLEMENT_MAR_VERSION));
	mar.costs = costs;
	mar.cost_names = names;
	mar.cost_count = 2;
	mar.bond_yield = y;
	mar.bond_yield_source = "illustrative";
	mar.markup = m;
	mar.taxes = t;
	if (ds_settlement_set_mar(s, &mar) < 0) {
		ds_settlement_free(s);
		s = NULL;
	}
	ds_decimal_free(costs[0]);
	ds_decimal_free(costs[1]);
	ds_decimal_free(y);
	ds_decimal_free(m);
	ds_decimal_free(t);
	return s;
}

static void add_year(ds_settlement *s, int year, const char *actual)
{
	ds_decimal *a = tu_dec(actual);
	ck_assert_ds_ok(ds_settlement_add_year(s, year, a, NULL));
	ds_decimal_free(a);
}

START_TEST(mar_and_tiers)
{
	ds_settlement *s = example1("0.04");
	ds_settlement_statement *st = NULL;
	ds_settlement_mar_figures mf;
	ds_settlement_year y;
	ds_settlement_period p;
	ds_settlement_deduction d;
	static const struct {
		int64_t actual;
		const char *percent;
		ds_settlement_tier tier;
	} want[3] = { { 930000000, "8.44", DS_SETTLEMENT_OPERATOR_ADJUSTS },
		      { 950000000, "10.77", DS_SETTLEMENT_AUTHORITY_ADJUSTS },
		      { 760000000, "-11.38", DS_SETTLEMENT_AUTHORITY_ADJUSTS } };
	size_t i;

	ck_assert_ptr_nonnull(s);
	add_year(s, 2025, "9300000.00");
	add_year(s, 2026, "9500000.00");
	add_year(s, 2027, "7600000.00");
	ck_assert_ds_ok(ds_settlement_set_deduction(s, 3, NULL));
	ck_assert_ds_ok(ds_settlement_compute(&st, s));
	ck_assert_ds_ok(ds_settlement_statement_mar(&mf, st));
	ck_assert_int_eq(mf.cost, 800000000);
	ck_assert_str_eq(mf.rate, "0.057");
	ck_assert_int_eq(mf.profit, 45600000);
	ck_assert_int_eq(mf.taxes, 12000000);
	ck_assert_int_eq(mf.mar, 857600000);
	ck_assert_int_eq(mf.mar, mf.cost + mf.profit + mf.taxes);
	ck_assert_uint_eq(ds_settlement_year_count(st), 3);
	for (i = 0; i < 3; i++) {
		ck_assert_ds_ok(ds_settlement_year_at(&y, st, i));
		ck_assert_int_eq(y.actual, want[i].actual);
		ck_assert_str_eq(y.percent, want[i].percent);
		ck_assert_int_eq(y.tier, want[i].tier);
	}
	ck_assert_ds_ok(ds_settlement_year_at(&y, st, 0));
	ck_assert_str_eq(y.ratio, "181/2144"); /* 724,000 / 8,576,000 */
	ck_assert_ds_ok(ds_settlement_statement_period(&p, st));
	ck_assert_int_eq(p.actual, 2640000000);
	ck_assert_int_eq(p.mar, 2572800000);
	ck_assert_int_eq(p.excess, 67200000);
	ck_assert_uint_eq(ds_settlement_deduction_count(st), 3);
	for (i = 0; i < 3; i++) {
		ck_assert_ds_ok(ds_settlement_deduction_at(&d, st, i));
		ck_assert_int_eq(d.deducted, 22400000);
		ck_assert_int_eq(d.net_mar, 835200000);
	}
	ck_assert_ds_err(ds_settlement_deduction_at(&d, st, 3), DS_ERANGE);
	ck_assert_ds_err(ds_settlement_year_at(&y, st, 3), DS_ERANGE);
	ds_settlement_statement_free(st);
	ds_settlement_free(s);
}
END_TEST

/* A = 9,433,600.00 gives d = exactly 10 %: the lower tier; one fen more is the upper. */
START_TEST(boundary_ten_percent)
{
	static const struct {
		const char *actual;
		ds_settlement_tier tier;
		const char *percent;
	} rows[] = { { "9433600.00", DS_SETTLEMENT_OPERATOR_ADJUSTS, "10.00" },
		     { "9433600.01", DS_SETTLEMENT_AUTHORITY_ADJUSTS, "10.00" },
		     { "7718400.00", DS_SETTLEMENT_OPERATOR_ADJUSTS, "-10.00" },
		     { "7718399.99", DS_SETTLEMENT_AUTHORITY_ADJUSTS, "-10.00" },
		     { "8576000.00", DS_SETTLEMENT_OPERATOR_ADJUSTS, "0.00" } };
	size_t i;

	for (i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		ds_settlement *s = example1("0.04");
		ds_settlement_statement *st = NULL;
		ds_settlement_year y;
		ds_settlement_period p;
		add_year(s, 2025, rows[i].actual);
		ck_assert_ds_ok(ds_settlement_compute(&st, s));
		ck_assert_ds_ok(ds_settlement_year_at(&y, st, 0));
		ck_assert_msg(y.tier == rows[i].tier, "A = %s", rows[i].actual);
		ck_assert_str_eq(y.percent, rows[i].percent);
		ck_assert_ds_ok(ds_settlement_statement_period(&p, st));
		/* one year, default deduction: all of E in the next period's first year */
		ck_assert_uint_eq(ds_settlement_deduction_count(st), p.excess ? 1 : 0);
		ds_settlement_statement_free(st);
		ds_settlement_free(s);
	}
}
END_TEST

START_TEST(markup_bound)
{
	ds_settlement *s = example1("0.06");
	ck_assert_ptr_nonnull(s); /* six points exactly is allowed */
	ds_settlement_free(s);
	ck_assert_ptr_null(example1("0.0601"));
	ck_assert_int_eq(ds_error_last()->code, DS_EINVAL);
	ck_assert_str_eq(ds_error_last()->field, "mar/markup");
	ck_assert_ptr_null(example1("-0.01"));
	ck_assert_str_eq(ds_error_last()->field, "mar/markup");
}
END_TEST

/* A refused MAR leaves the one set before. */
START_TEST(mar_refusal_changes_nothing)
{
	ds_settlement *s = example1("0.04");
	ds_settlement_statement *st = NULL;
	ds_settlement_mar_figures mf;
	ds_decimal *c = tu_dec("100.00"), *sub = tu_dec("100.00"), *y = tu_dec("0.02"), *m = tu_dec("0.01");
	ds_settlement_mar mar = DS_SETTLEMENT_MAR_INIT;

	mar.costs = &c;
	mar.cost_count = 1;
	mar.subsidies = &sub;
	mar.subsidy_count = 1;
	mar.bond_yield = y;
	mar.bond_yield_source = "x";
	mar.markup = m;
	ck_assert_ds_err(ds_settlement_set_mar(s, &mar), DS_EINVAL); /* C = 0 */
	ck_assert_str_eq(ds_error_last()->field, "mar/cost");
	mar.subsidy_count = 0;
	mar.bond_yield_source = NULL;
	ck_assert_ds_err(ds_settlement_set_mar(s, &mar), DS_EINVAL);
	ck_assert_str_eq(ds_error_last()->field, "mar/bond_yield_source");
	ck_assert_ds_ok(ds_settlement_compute(&st, s));
	ck_assert_ds_ok(ds_settlement_statement_mar(&mf, st));
	ck_assert_int_eq(mf.mar, 857600000);
	ds_settlement_statement_free(st);
	ds_settlement_free(s);
	ds_decimal_free(c);
	ds_decimal_free(sub);
	ds_decimal_free(y);
	ds_decimal_free(m);
}
END_TEST

/* A deduction above the next MAR is capped at it and the rest carried. */
START_TEST(deduction_cap_and_carry)
{
	ds_settlement *s = NULL;
	ds_settlement_statement *st = NULL;
	ds_settlement_deduction d;
	ds_decimal *a = tu_dec("100.00"), *mar = tu_dec("10.00"), *next = tu_dec("30.00");
	static const int64_t deducted[] = { 3000, 3000, 3000 }, carried[] = { 0, 1500, 3000 };
	int64_t sum = 0;
	size_t i;

	ck_assert_ds_ok(ds_settlement_new(&s));
	ck_assert_ds_ok(ds_settlement_add_year(s, 2025, a, mar)); /* E = 90.00 */
	ck_assert_ds_ok(ds_settlement_set_deduction(s, 2, next)); /* 45.00 + 45.00, capped at 30.00 */
	ck_assert_ds_ok(ds_settlement_compute(&st, s));
	ck_assert_uint_eq(ds_settlement_deduction_count(st), 3);
	for (i = 0; i < 3; i++) {
		ck_assert_ds_ok(ds_settlement_deduction_at(&d, st, i));
		ck_assert_int_eq(d.deducted, deducted[i]);
		ck_assert_int_eq(d.carried_in, carried[i]);
		sum += d.deducted;
	}
	ck_assert_int_eq(sum, 9000);
	ds_settlement_statement_free(st);
	ds_settlement_free(s);
	/* 100.00 over 3 years: 33.33, 33.33, 33.34 */
	ck_assert_ds_ok(ds_settlement_new(&s));
	ds_decimal_free(a);
	a = tu_dec("110.00");
	ck_assert_ds_ok(ds_settlement_add_year(s, 2025, a, mar));
	ck_assert_ds_ok(ds_settlement_set_deduction(s, 3, next));
	ck_assert_ds_ok(ds_settlement_compute(&st, s));
	ck_assert_ds_ok(ds_settlement_deduction_at(&d, st, 0));
	ck_assert_int_eq(d.scheduled, 3333);
	ck_assert_ds_ok(ds_settlement_deduction_at(&d, st, 2));
	ck_assert_int_eq(d.scheduled, 3334);
	ds_settlement_statement_free(st);
	ds_settlement_free(s);
	ds_decimal_free(a);
	ds_decimal_free(mar);
	ds_decimal_free(next);
}
END_TEST

START_TEST(period_limits)
{
	ds_settlement *s = NULL;
	ds_decimal *a = tu_dec("1.00");
	ds_settlement_statement *st = NULL;

	ck_assert_ds_ok(ds_settlement_new(&s));
	ck_assert_ds_ok(ds_settlement_add_year(s, 2025, a, NULL));
	ck_assert_ds_err(ds_settlement_add_year(s, 2025, a, NULL), DS_EINVAL);
	ck_assert_ds_err(ds_settlement_add_year(s, 2027, a, NULL), DS_EINVAL);
	ck_assert_ds_ok(ds_settlement_add_year(s, 2026, a, NULL));
	ck_assert_ds_ok(ds_settlement_add_year(s, 2027, a, NULL));
	ck_assert_ds_err(ds_settlement_add_year(s, 2028, a, NULL), DS_ESTATE);
	ck_assert_ds_err(ds_settlement_set_deduction(s, 0, NULL), DS_EINVAL);
	ck_assert_str_eq(ds_error_last()->field, "deduction/years");
	/* years without any MAR */
	ck_assert_ds_err(ds_settlement_compute(&st, s), DS_EINVAL);
	ck_assert_ptr_null(st);
	ds_settlement_free(s);
	ds_decimal_free(a);
}
END_TEST

/* ---- example 2 */

static ds_settlement *example2(ds_settlement_inst_income inst)
{
	static const struct {
		const char *id, *name, *weight;
		ds_settlement_kind kind;
	} parties[] = { { "H01", "某市属医院", "1000", DS_SETTLEMENT_INST_UNIT },
			{ "G01", "市公安局", "5000", DS_SETTLEMENT_ADMIN_UNIT },
			{ "G02", "市卫健委", "3000", DS_SETTLEMENT_ADMIN_UNIT } };
	ds_settlement *s = NULL;
	ds_settlement_pool pool;
	ds_decimal *g = tu_dec("1234567.89"), *k = tu_dec("0.12");
	size_t i;

	ck_assert_ds_ok(ds_settlement_new(&s));
	ck_assert_ds_ok(ds_settlement_set_inst_income(s, inst));
	ck_assert_ds_ok(ds_settlement_pool_init(&pool, DS_SETTLEMENT_POOL_VERSION));
	pool.id = "P";
	pool.type = DS_SETTLEMENT_SHARE;
	pool.income = g;
	pool.share = k;
	ck_assert_ds_ok(ds_settlement_add_pool(s, &pool));
	for (i = 0; i < 3; i++) {
		ds_settlement_party p;
		ds_decimal *w = tu_dec(parties[i].weight);
		ck_assert_ds_ok(ds_settlement_party_init(&p, DS_SETTLEMENT_PARTY_VERSION));
		p.id = parties[i].id;
		p.name = parties[i].name;
		p.kind = parties[i].kind;
		p.weight = w;
		ck_assert_ds_ok(ds_settlement_add_party(s, "P", &p));
		ds_decimal_free(w);
	}
	ck_assert_ds_ok(ds_settlement_add_free_use(s, "P", "市医保局", DS_SETTLEMENT_PUBLIC_GOVERNANCE, 2000));
	ds_decimal_free(g);
	ds_decimal_free(k);
	return s;
}

static void check_lines(ds_settlement_inst_income inst, const char *const *ids, const int64_t *amounts,
			const ds_settlement_destination *dest, int64_t treasury)
{
	ds_settlement *s = example2(inst);
	ds_settlement_statement *st = NULL;
	ds_settlement_pool_figures f;
	ds_settlement_line l;
	size_t i;

	ck_assert_ds_ok(ds_settlement_compute(&st, s));
	ck_assert_ds_ok(ds_settlement_pool_at(&f, st, 0));
	ck_assert_int_eq(f.fee, 14814815);
	ck_assert_int_eq(f.to_treasury, treasury);
	ck_assert_int_eq(f.operator_keeps, 108641974);
	ck_assert_uint_eq(f.free_calls, 2000);
	ck_assert_uint_eq(f.line_count, 3);
	for (i = 0; i < 3; i++) {
		ck_assert_ds_ok(ds_settlement_line_at(&l, st, 0, i));
		ck_assert_str_eq(l.party, ids[i]);
		ck_assert_int_eq(l.amount, amounts[i]);
		ck_assert_int_eq(l.destination, dest[i]);
		ck_assert_int_eq(l.took_remainder, i == 2);
		ck_assert_int_eq(l.remainder, i == 2 ? -1 : 0);
	}
	ck_assert_ds_ok(ds_settlement_line_at(&l, st, 0, 0));
	ck_assert_ds_err(ds_settlement_line_at(&l, st, 0, 3), DS_ERANGE);
	ck_assert_ds_err(ds_settlement_line_at(&l, st, 1, 0), DS_ERANGE);
	ck_assert_ds_err(ds_settlement_pool_at(&f, st, 1), DS_ERANGE);
	ds_settlement_statement_free(st);
	ds_settlement_free(s);
}

START_TEST(share_retain_order)
{
	static const char *const ids[] = { "H01", "G01", "G02" };
	static const int64_t amounts[] = { 1646091, 8230453, 4938271 };
	static const ds_settlement_destination dest[] = { DS_SETTLEMENT_RETAIN, DS_SETTLEMENT_TREASURY,
							  DS_SETTLEMENT_TREASURY };
	check_lines(DS_SETTLEMENT_INST_RETAIN, ids, amounts, dest, 13168724);
}
END_TEST

START_TEST(share_remit_order)
{
	static const char *const ids[] = { "G01", "G02", "H01" };
	static const int64_t amounts[] = { 8230453, 4938272, 1646090 };
	static const ds_settlement_destination dest[] = { DS_SETTLEMENT_TREASURY, DS_SETTLEMENT_TREASURY,
							  DS_SETTLEMENT_TREASURY };
	check_lines(DS_SETTLEMENT_INST_REMIT, ids, amounts, dest, 14814815);
}
END_TEST

START_TEST(exact_shares)
{
	ds_settlement *s = example2(DS_SETTLEMENT_INST_RETAIN);
	ds_settlement_statement *st = NULL;
	ds_settlement_line l;

	ck_assert_ds_ok(ds_settlement_compute(&st, s));
	ck_assert_ds_ok(ds_settlement_line_at(&l, st, 0, 0));
	ck_assert_str_eq(l.share, "1/9");
	ck_assert_str_eq(l.exact, "2962963/180"); /* 16,460.9055… */
	ck_assert_str_eq(l.weight, "1000");
	ds_settlement_statement_free(st);
	ds_settlement_free(s);
}
END_TEST

/* A 事业单位 party with inst_use_income unset is refused; disposal income goes to the treasury regardless. */
START_TEST(inst_income_rule)
{
	ds_settlement *s = example2(DS_SETTLEMENT_INST_UNSET);
	ds_settlement_statement *st = NULL;

	ck_assert_ds_err(ds_settlement_compute(&st, s), DS_EINVAL);
	ck_assert_str_eq(ds_error_last()->field, "inst_use_income");
	ck_assert_ptr_null(st);
	ck_assert_ds_err(ds_settlement_set_inst_income(s, (ds_settlement_inst_income)7), DS_EINVAL);
	ds_settlement_free(s);
}
END_TEST

static ds_settlement *one_pool(ds_settlement_pool_type type, const char *income, const char *share, const char *amount)
{
	ds_settlement *s = NULL;
	ds_settlement_pool pool = DS_SETTLEMENT_POOL_INIT;
	ds_decimal *g = income ? tu_dec(income) : NULL, *k = share ? tu_dec(share) : NULL,
		   *a = amount ? tu_dec(amount) : NULL;
	int rc;

	ck_assert_ds_ok(ds_settlement_new(&s));
	pool.id = "P";
	pool.type = type;
	pool.income = g;
	pool.share = k;
	pool.amount = a;
	rc = ds_settlement_add_pool(s, &pool);
	ds_decimal_free(g);
	ds_decimal_free(k);
	ds_decimal_free(a);
	if (rc < 0) {
		ds_settlement_free(s);
		return NULL;
	}
	return s;
}

static int party(ds_settlement *s, const char *id, ds_settlement_kind kind, const char *weight)
{
	ds_settlement_party p = DS_SETTLEMENT_PARTY_INIT;
	ds_decimal *w = weight ? tu_dec(weight) : NULL;
	int rc;

	p.id = id;
	p.kind = kind;
	p.weight = w;
	rc = ds_settlement_add_party(s, "P", &p);
	ds_decimal_free(w);
	return rc;
}

START_TEST(bad_pools)
{
	ds_settlement *s;
	ds_settlement_statement *st = NULL;

	ck_assert_ptr_null(one_pool(DS_SETTLEMENT_SHARE, "100.00", "1.01", NULL));
	ck_assert_str_eq(ds_error_last()->field, "pool 'P'/share");
	ck_assert_ptr_null(one_pool(DS_SETTLEMENT_SHARE, "100.00", "0", NULL));
	ck_assert_str_eq(ds_error_last()->field, "pool 'P'/share");
	ck_assert_ptr_null(one_pool(DS_SETTLEMENT_SHARE, NULL, "0.5", NULL));
	ck_assert_str_eq(ds_error_last()->field, "pool 'P'/income");
	ck_assert_ptr_null(one_pool(DS_SETTLEMENT_FIXED, "100.00", NULL, "100.01"));
	ck_assert_str_eq(ds_error_last()->field, "pool 'P'/amount");
	ck_assert_ptr_null(one_pool(DS_SETTLEMENT_FIXED, "100.00", NULL, "1.001"));
	ck_assert_str_eq(ds_error_last()->field, "pool 'P'/amount");
	ck_assert_ptr_null(one_pool((ds_settlement_pool_type)9, NULL, NULL, NULL));
	ck_assert_str_eq(ds_error_last()->field, "pool 'P'/type");
	/* share = 1 is allowed */
	s = one_pool(DS_SETTLEMENT_SHARE, "100.00", "1", NULL);
	ck_assert_ptr_nonnull(s);
	ck_assert_ds_err(party(s, "A", DS_SETTLEMENT_COMPANY, "-1"), DS_EINVAL);
	ck_assert_str_eq(ds_error_last()->field, "pool 'P'/party 'A'/weight");
	ck_assert_ds_err(party(s, "A", (ds_settlement_kind)0, "1"), DS_EINVAL);
	ck_assert_str_eq(ds_error_last()->field, "pool 'P'/party 'A'/kind");
	/* no party yet */
	ck_assert_ds_err(ds_settlement_compute(&st, s), DS_EINVAL);
	ck_assert_str_eq(ds_error_last()->field, "pool 'P'/party");
	ck_assert_ds_ok(party(s, "A", DS_SETTLEMENT_COMPANY, "0"));
	ck_assert_ds_ok(party(s, "B", DS_SETTLEMENT_ADMIN_UNIT, "0.0"));
	ck_assert_ds_err(party(s, "A", DS_SETTLEMENT_COMPANY, "1"), DS_EEXISTS);
	ck_assert_ds_err(ds_settlement_compute(&st, s), DS_EINVAL);
	ck_assert_str_eq(ds_error_last()->field, "pool 'P'/party");
	ck_assert_ptr_null(st);
	{
		ds_settlement_pool dup = DS_SETTLEMENT_POOL_INIT;
		ds_decimal *g = tu_dec("1.00"), *k = tu_dec("0.5");
		dup.id = "P";
		dup.type = DS_SETTLEMENT_SHARE;
		dup.income = g;
		dup.share = k;
		ck_assert_ds_err(ds_settlement_add_pool(s, &dup), DS_EEXISTS);
		ds_decimal_free(g);
		ds_decimal_free(k);
	}
	ck_assert_ds_err(party(s, "C", DS_SETTLEMENT_COMPANY, NULL), DS_EINVAL);
	ck_assert_ds_err(ds_settlement_add_free_use(s, "nope", "x", DS_SETTLEMENT_PUBLIC_WELFARE, 1), DS_ENOTFOUND);
	ck_assert_ds_err(ds_settlement_add_free_use(s, "P", "x", (ds_settlement_purpose)5, 1), DS_EINVAL);
	ds_settlement_free(s);
}
END_TEST

/* per_call: F = Σ HALF_UP₂(rate × calls); above the income: refused naming the income. */
START_TEST(per_call_pool)
{
	ds_settlement *s = one_pool(DS_SETTLEMENT_PER_CALL, "10.00", NULL, NULL);
	ds_settlement_statement *st = NULL;
	ds_settlement_pool_figures f;
	ds_settlement_line l;
	ds_decimal *r1 = tu_dec("0.0125"), *r2 = tu_dec("0.003");

	ck_assert_ds_ok(ds_settlement_add_product(s, "P", "核验", r1, 333));  /* 4.1625 → 4.16 */
	ck_assert_ds_ok(ds_settlement_add_product(s, "P", "查询", r2, 1005)); /* 3.015 → 3.02 */
	ck_assert_ds_ok(party(s, "A", DS_SETTLEMENT_PUBLIC_ENTERPRISE, "1"));
	ck_assert_ds_ok(party(s, "B", DS_SETTLEMENT_AUTHORITY, "2"));
	ck_assert_ds_ok(ds_settlement_compute(&st, s));
	ck_assert_ds_ok(ds_settlement_pool_at(&f, st, 0));
	ck_assert_int_eq(f.fee, 718);
	ck_assert_uint_eq(f.charged_calls, 1338);
	ck_assert_ds_ok(ds_settlement_line_at(&l, st, 0, 0)); /* retained first */
	ck_assert_str_eq(l.party, "A");
	ck_assert_int_eq(l.amount, 239); /* 2.3933… */
	ck_assert_ds_ok(ds_settlement_line_at(&l, st, 0, 1));
	ck_assert_int_eq(l.amount, 479);
	ck_assert_int_eq(l.took_remainder, 1);
	ds_settlement_statement_free(st);
	ck_assert_ds_ok(ds_settlement_add_product(s, "P", "大额", r1, 300)); /* + 3.75 = 10.93 > 10.00 */
	ck_assert_ds_err(ds_settlement_compute(&st, s), DS_EINVAL);
	ck_assert_str_eq(ds_error_last()->field, "pool 'P'/income");
	ds_settlement_free(s);
	s = one_pool(DS_SETTLEMENT_SHARE, "10.00", "0.5", NULL);
	ck_assert_ds_err(ds_settlement_add_product(s, "P", "x", r1, 1), DS_EINVAL);
	ds_settlement_free(s);
	ds_decimal_free(r1);
	ds_decimal_free(r2);
}
END_TEST

/* Zero-weight parties are lines of 0.00 and never take the remainder. */
START_TEST(zero_weight_never_takes_remainder)
{
	ds_settlement *s = one_pool(DS_SETTLEMENT_FIXED, NULL, NULL, "0.10");
	ds_settlement_statement *st = NULL;
	ds_settlement_line l;

	ck_assert_ds_ok(party(s, "A", DS_SETTLEMENT_ADMIN_UNIT, "1"));
	ck_assert_ds_ok(party(s, "B", DS_SETTLEMENT_ADMIN_UNIT, "2"));
	ck_assert_ds_ok(party(s, "Z", DS_SETTLEMENT_ADMIN_UNIT, "0"));
	ck_assert_ds_ok(ds_settlement_compute(&st, s));
	ck_assert_ds_ok(ds_settlement_line_at(&l, st, 0, 2));
	ck_assert_str_eq(l.party, "Z");
	ck_assert_int_eq(l.amount, 0);
	ck_assert_int_eq(l.took_remainder, 0);
	ck_assert_ds_ok(ds_settlement_line_at(&l, st, 0, 1));
	ck_assert_str_eq(l.party, "A");
	ck_assert_int_eq(l.took_remainder, 1);
	ck_assert_int_eq(l.amount, 3); /* 0.10 − 0.07 */
	ds_settlement_statement_free(st);
	ds_settlement_free(s);
}
END_TEST

/* ---- documents */

static int parse(ds_settlement **out, const char *body)
{
	return ds_settlement_parse(out, body, strlen(body), "test.xml");
}

START_TEST(documents)
{
	static const struct {
		const char *doc;
		int code;
		int line;
		const char *field;
	} bad[] = {
		{ "<settlement xmlns='urn:datasset:settlement:1'>\n<pool id='P' type='share' income='1.00' "
		  "share='1.5'/></settlement>",
		  DS_EINVAL, 2, "settlement/pool/@share" },
		{ "<settlement xmlns='urn:datasset:settlement:1'>\n<pool id='P' type='fixed' income='1.00' "
		  "amount='2.00'/></settlement>",
		  DS_EINVAL, 2, "settlement/pool/@amount" },
		{ "<settlement xmlns='urn:datasset:settlement:1'>\n<pool id='P' type='fixed' amount='2.00'>\n"
		  "<party id='A' kind='company' weight='1'/>\n<party id='B' kind='company' weight='-3'/></pool></settlement>",
		  DS_EINVAL, 4, "settlement/pool/party[2]/@weight" },
		{ "<settlement xmlns='urn:datasset:settlement:1'>\n<mar><cost amount='1.00'/>\n<bond-yield rate='1%' "
		  "source='x'/>\n<markup rate='6.01%'/></mar></settlement>",
		  DS_EINVAL, 4, "settlement/mar/markup/@rate" },
		{ "<settlement xmlns='urn:datasset:settlement:1'>\n<evaluation><year year='2025' actual='1.00'/>\n<year "
		  "year='2026' actual='1.00'/>\n<year year='2027' actual='1.00'/>\n<year year='2028' "
		  "actual='1.00'/></evaluation></settlement>",
		  DS_ESTATE, 5, "settlement/evaluation/year[4]/@year" },
		{ "<settlement xmlns='urn:datasset:settlement:1'>\n<pool id='P' type='wrong'/></settlement>", DS_EPARSE,
		  2, NULL },
		{ "<statement xmlns='urn:datasset:settlement:1'/>", DS_EPARSE, 1, NULL },
	};
	ds_settlement *s = NULL;
	size_t i;

	for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		ck_assert_ds_err(parse(&s, bad[i].doc), bad[i].code);
		ck_assert_ptr_null(s);
		ck_assert_msg(ds_error_last()->line == bad[i].line, "case %zu: line %d", i, ds_error_last()->line);
		if (bad[i].field)
			ck_assert_msg(ds_error_last()->field && strcmp(ds_error_last()->field, bad[i].field) == 0,
				      "case %zu: field %s", i, ds_error_last()->field);
	}
}
END_TEST

static void example_file(const char *name, int64_t fee_or_mar)
{
	char path[512], *xml = NULL, *csv = NULL, *text = NULL;
	ds_settlement *s = NULL;
	ds_settlement_statement *st = NULL;
	ds_settlement_mar_figures mf;
	ds_settlement_pool_figures f;

	const char *srcdir = getenv("top_srcdir");

	snprintf(path, sizeof path, "%s/examples/data/%s", srcdir ? srcdir : ".", name);
	ck_assert_ds_ok(ds_settlement_load(&s, path));
	ck_assert_ds_ok(ds_settlement_compute(&st, s));
	if (ds_settlement_statement_mar(&mf, st) == DS_OK)
		ck_assert_int_eq(mf.mar, fee_or_mar);
	else {
		ck_assert_ds_ok(ds_settlement_pool_at(&f, st, 0));
		ck_assert_int_eq(f.fee, fee_or_mar);
	}
	ck_assert_ds_ok(ds_settlement_statement_write(&xml, st, DS_SETTLEMENT_FORMAT_XML, 0));
	ck_assert_ds_ok(ds_settlement_statement_write(&csv, st, DS_SETTLEMENT_FORMAT_CSV, DS_SETTLEMENT_BOM));
	ck_assert_ds_ok(ds_settlement_statement_write(&text, st, DS_SETTLEMENT_FORMAT_TEXT, 0));
	ck_assert(strncmp(csv, "\xEF\xBB\xBF", 3) == 0);
	ck_assert_ptr_nonnull(strstr(xml, "urn:datasset:settlement:1"));
	ck_assert_ds_err(ds_settlement_statement_write(&text, st, DS_SETTLEMENT_FORMAT_TEXT, DS_SETTLEMENT_BOM),
			 DS_EINVAL);
	ck_assert_ds_err(ds_settlement_statement_write(&text, st, (ds_settlement_format)3, 0), DS_EINVAL);
	ds_free(xml);
	ds_free(csv);
	ds_free(text);
	ds_settlement_statement_free(st);
	ds_settlement_free(s);
}

START_TEST(bundled_examples)
{
	example_file("settlement-mar.xml", 857600000);
	example_file("settlement-share.xml", 14814815);
	example_file("settlement-share-remit.xml", 14814815);
}
END_TEST

START_TEST(null_arguments)
{
	ds_settlement_statement *st = NULL;
	ds_settlement_mar_figures mf;

	ck_assert_ds_err(ds_settlement_new(NULL), DS_EINVAL);
	ck_assert_ds_err(ds_settlement_compute(&st, NULL), DS_EINVAL);
	ck_assert_ds_err(ds_settlement_statement_mar(&mf, NULL), DS_EINVAL);
	ck_assert_uint_eq(ds_settlement_pool_count(NULL), 0);
	ck_assert_uint_eq(ds_settlement_year_count(NULL), 0);
	ck_assert_uint_eq(ds_settlement_deduction_count(NULL), 0);
	ck_assert_ds_err(ds_settlement_mar_init(NULL, DS_SETTLEMENT_MAR_VERSION), DS_EINVAL);
	ds_settlement_free(NULL);
	ds_settlement_statement_free(NULL);
}
END_TEST

/* The statement goes into the registry's Merkle log as one "settlement" event. */
START_TEST(registry_log)
{
	char dir[256], db[300], cmd[400];
	ds_registry *reg = NULL;
	ds_translog *log = NULL;
	ds_settlement *s = example2(DS_SETTLEMENT_INST_REMIT);
	ds_settlement_statement *st = NULL;
	uint64_t before, bad = 0;
	int64_t index = -1;
	ds_hash leaf;

	snprintf(dir, sizeof dir, "%s/ds-settle-XXXXXX", getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
	ck_assert_ptr_nonnull(mkdtemp(dir));
	snprintf(db, sizeof db, "%s/r.db", dir);
	ck_assert_ds_ok(ds_registry_create(&reg, db, "济南市数据资产登记平台", "370100", NULL));
	ck_assert_ds_ok(ds_settlement_compute(&st, s));
	ck_assert_ds_ok(ds_registry_log(&log, reg));
	before = ds_translog_size(log);
	ck_assert_ds_ok(ds_registry_settlement_record(&index, reg, st));
	ck_assert_uint_eq(ds_translog_size(log), before + 1);
	ck_assert_int_eq(index, (int64_t)before);
	ck_assert_ds_ok(ds_translog_leaf_hash(&leaf, log, (uint64_t)index));
	ck_assert_ds_ok(ds_registry_settlement_record(NULL, reg, st));
	ck_assert_uint_eq(ds_translog_size(log), before + 2);
	ck_assert_ds_ok(ds_registry_log_verify(&bad, reg));
	ck_assert_ds_err(ds_registry_settlement_record(&index, reg, NULL), DS_EINVAL);
	ck_assert_ds_err(ds_registry_settlement_record(&index, NULL, st), DS_EINVAL);
	ck_assert_uint_eq(ds_translog_size(log), before + 2);
	ds_settlement_statement_free(st);
	ds_settlement_free(s);
	ds_registry_free(reg);
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	ck_assert_int_eq(system(cmd), 0);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("settlement");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, mar_and_tiers);
	tcase_add_test(tc, boundary_ten_percent);
	tcase_add_test(tc, markup_bound);
	tcase_add_test(tc, mar_refusal_changes_nothing);
	tcase_add_test(tc, deduction_cap_and_carry);
	tcase_add_test(tc, period_limits);
	tcase_add_test(tc, share_retain_order);
	tcase_add_test(tc, share_remit_order);
	tcase_add_test(tc, exact_shares);
	tcase_add_test(tc, inst_income_rule);
	tcase_add_test(tc, bad_pools);
	tcase_add_test(tc, per_call_pool);
	tcase_add_test(tc, zero_weight_never_takes_remainder);
	tcase_add_test(tc, documents);
	tcase_add_test(tc, bundled_examples);
	tcase_add_test(tc, null_arguments);
	tcase_add_test(tc, registry_log);
	suite_add_tcase(s, tc);
	return tu_run(s);
}
