/*
 * 入表 ledger: schedules (the worked example of accounting.md, the 36-month
 * true-up, impairment, derecognition), the capitalisation engine, inventory
 * write-downs, journal entries, both disclosure tables on a generated book of
 * 1,000 assets, outputs, and every class of bad input.
 * The random differential test against Python is tests/ledger_oracle.py.
 * SPDX-License-Identifier: MIT
 */
#include <limits.h>
#include <stdint.h>

#include "testutil.h"

#include <libxml/parser.h>

#include "internal/xml.h"
#include "ledger/ledger_internal.h"

/* ---------------------------------------------------------------- helpers */

static const char *const evidence[DS_LEDGER_CONDITIONS] = { "立项书与可行性研究报告", "董事会决议：完成后自用",
							    "内部使用方案", "项目预算与人员配置",
							    "研发费用按项目归集" };

static void check_identities(const ds_ledger_report *r);

static ds_ledger *new_book(void)
{
	ds_ledger *book = NULL;
	ck_assert_ds_ok(ds_ledger_new(&book));
	return book;
}

static void add_asset(ds_ledger *book, const char *id, ds_ledger_class cls, ds_ledger_origin origin,
		      const char *acquired, const char *available, long life)
{
	ds_ledger_asset a = DS_LEDGER_ASSET_INIT;
	a.id = id;
	a.asset_class = cls;
	a.origin = origin;
	a.acquired = acquired;
	a.available = available;
	a.useful_life_months = cls == DS_LEDGER_INTANGIBLE ? life : 0;
	ck_assert_ds_ok(ds_ledger_add_asset(book, &a));
}

static void add_cost(ds_ledger *book, const char *id, const char *date, ds_ledger_category category,
		     ds_ledger_phase phase, const char *amount, const char *vat)
{
	ds_ledger_cost c = DS_LEDGER_COST_INIT;
	ds_decimal *amt = tu_dec(amount), *tax = vat ? tu_dec(vat) : NULL;
	c.date = date;
	c.category = category;
	c.phase = phase;
	c.amount = amt;
	c.vat = tax;
	ck_assert_ds_ok(ds_ledger_add_cost(book, id, &c));
	ds_decimal_free(amt);
	ds_decimal_free(tax);
}

static ds_ledger_schedule_line line_at(const ds_ledger_schedule *s, size_t i)
{
	ds_ledger_schedule_line l;
	ck_assert_ds_ok(ds_ledger_schedule_at(&l, s, i));
	return l;
}

static int64_t cell(const ds_ledger_report *r, ds_ledger_table table, unsigned int row, ds_ledger_column col)
{
	int64_t v;
	ck_assert_ds_ok(ds_ledger_report_cell(&v, r, table, row, col));
	return v;
}

/* Every entry of @r balances and has postings > 0; returns the number of entries of @event. */
static size_t check_entries(const ds_ledger_report *r, const char *event)
{
	size_t i, j, n = ds_ledger_report_entry_count(r), matching = 0;
	for (i = 0; i < n; i++) {
		ds_ledger_entry e;
		int64_t debit = 0, credit = 0;
		ck_assert_ds_ok(ds_ledger_report_entry_at(&e, r, i));
		ck_assert_uint_ge(e.posting_count, 2);
		for (j = 0; j < e.posting_count; j++) {
			ck_assert_int_gt(e.postings[j].amount, 0);
			if (e.postings[j].debit)
				debit += e.postings[j].amount;
			else
				credit += e.postings[j].amount;
		}
		ck_assert_msg(debit == credit, "entry %zu (%s %s) does not balance", i + 1, e.asset_id, e.event);
		if (event && strcmp(e.event, event) == 0)
			matching++;
	}
	return matching;
}

/* The error's field contains @part. */
#define ck_assert_field(part)                                                                       \
	ck_assert_msg(strstr(ds_error_last()->field, (part)) != NULL, "field '%s' lacks '%s' (%s)", \
		      ds_error_last()->field, (part), ds_error_last()->message)

/* ---------------------------------------------------------------- schedules */

START_TEST(true_up_36_months)
{
	ds_decimal *cost = tu_dec("1000000");
	ds_ledger_schedule *s = NULL;
	ds_ledger_schedule_line l;
	int64_t total = 0;
	size_t i;

	ck_assert_ds_ok(ds_ledger_schedule_new(&s, cost, "2024-03", 36, NULL));
	ck_assert_uint_eq(ds_ledger_schedule_count(s), 36);
	for (i = 0; i < 35; i++) {
		l = line_at(s, i);
		ck_assert_int_eq(l.charge, 2777778); /* 27,777.78 */
		ck_assert_int_eq(l.true_up, 0);
		total += l.charge;
	}
	l = line_at(s, 35);
	ck_assert_int_eq(l.charge, 2777770); /* 27,777.70: the last month takes the difference */
	ck_assert_int_eq(l.true_up, 1);
	ck_assert_int_eq(l.year, 2027);
	ck_assert_int_eq(l.month, 2);
	ck_assert_int_eq(l.accumulated, 100000000);
	ck_assert_int_eq(l.closing, 0);
	ck_assert_int_eq(total + l.charge, 100000000);
	l = line_at(s, 0);
	ck_assert_int_eq(l.year, 2024);
	ck_assert_int_eq(l.month, 3);
	ck_assert_int_eq(l.opening, 100000000);
	ck_assert_ds_err(ds_ledger_schedule_at(&l, s, 36), DS_ERANGE);
	ds_ledger_schedule_free(s);
	ds_decimal_free(cost);
}
END_TEST

START_TEST(residual_units_and_derecognition)
{
	ds_decimal *cost = tu_dec("1000.00"), *residual = tu_dec("100.00");
	ds_decimal *u[3];
	ds_ledger_schedule_options opts;
	ds_ledger_schedule *s = NULL;
	int i;

	ck_assert_ds_ok(ds_ledger_schedule_options_init(&opts, DS_LEDGER_SCHEDULE_OPTIONS_VERSION));
	opts.residual = residual;
	ck_assert_ds_ok(ds_ledger_schedule_new(&s, cost, "2024-11", 7, &opts));
	/* 900 / 7 = 128.571... → 128.57 × 6, last 128.58 */
	ck_assert_int_eq(line_at(s, 0).charge, 12857);
	ck_assert_int_eq(line_at(s, 6).charge, 12858);
	ck_assert_int_eq(line_at(s, 6).closing, 10000);
	ck_assert_int_eq(line_at(s, 2).year, 2025);
	ck_assert_int_eq(line_at(s, 2).month, 1);
	ds_ledger_schedule_free(s);
	s = NULL;

	/* 当月减少当月不再摊销: derecognised in 2025-02, the last charge is 2025-01. */
	opts.derecognised = "2025-02";
	ck_assert_ds_ok(ds_ledger_schedule_new(&s, cost, "2024-11", 7, &opts));
	ck_assert_uint_eq(ds_ledger_schedule_count(s), 3);
	ck_assert_int_eq(line_at(s, 2).month, 1);
	ck_assert_int_eq(line_at(s, 2).true_up, 0);
	ds_ledger_schedule_free(s);
	s = NULL;

	/* Units of benefit 1:2:3 of 900 → 150, 300, 450 */
	for (i = 0; i < 3; i++) {
		char text[4];
		snprintf(text, sizeof text, "%d", i + 1);
		u[i] = tu_dec(text);
	}
	opts.derecognised = NULL;
	opts.method = DS_LEDGER_UNITS_OF_BENEFIT;
	opts.units = u;
	opts.unit_count = 3;
	ck_assert_ds_ok(ds_ledger_schedule_new(&s, cost, "2024-01", 3, &opts));
	ck_assert_int_eq(line_at(s, 0).charge, 15000);
	ck_assert_int_eq(line_at(s, 1).charge, 30000);
	ck_assert_int_eq(line_at(s, 2).charge, 45000);
	ds_ledger_schedule_free(s);
	for (i = 0; i < 3; i++)
		ds_decimal_free(u[i]);
	ds_decimal_free(cost);
	ds_decimal_free(residual);
}
END_TEST

START_TEST(rounding_never_overcharges)
{
	/* 1.00 over 200 months rounds to 0.01 a month: the charges stop when it is
	 * used up instead of going negative in the last month. */
	ds_decimal *cost = tu_dec("1.00");
	ds_ledger_schedule *s = NULL;
	size_t i;

	ck_assert_ds_ok(ds_ledger_schedule_new(&s, cost, "2024-01", 200, NULL));
	for (i = 0; i < 200; i++) {
		ds_ledger_schedule_line l = line_at(s, i);
		ck_assert_int_eq(l.charge, i < 100 ? 1 : 0);
		ck_assert_int_ge(l.closing, 0);
	}
	ds_ledger_schedule_free(s);
	ds_decimal_free(cost);
}
END_TEST

static const struct {
	const char *cost, *start, *residual, *derecognised;
	long months;
	int method, unit_count;
	int code;
	const char *field;
} schedule_bad[] = {
	{ "-1", "2024-01", NULL, NULL, 12, 0, 0, DS_EINVAL, "cost" },
	{ "1.005", "2024-01", NULL, NULL, 12, 0, 0, DS_EINVAL, "cost" },
	{ "10000000000000", "2024-01", NULL, NULL, 12, 0, 0, DS_ERANGE, "cost" },
	{ "100", "2024-13", NULL, NULL, 12, 0, 0, DS_EINVAL, "start" },
	{ "100", "2024-1", NULL, NULL, 12, 0, 0, DS_EINVAL, "start" },
	{ "100", "2024-01", NULL, NULL, 0, 0, 0, DS_EINVAL, "months" },
	{ "100", "2024-01", NULL, NULL, -12, 0, 0, DS_EINVAL, "months" },
	{ "100", "2024-01", NULL, NULL, 1201, 0, 0, DS_EINVAL, "months" },
	{ "100", "2024-01", "100.01", NULL, 12, 0, 0, DS_EINVAL, "residual" },
	{ "100", "2024-01", "-1", NULL, 12, 0, 0, DS_EINVAL, "residual" },
	{ "100", "2024-01", NULL, NULL, 12, 7, 0, DS_EINVAL, "method" },
	{ "100", "2024-01", NULL, NULL, 12, 1, 11, DS_EINVAL, "units" },
	{ "100", "2024-05", NULL, "2024-04", 12, 0, 0, DS_EINVAL, "derecognised" },
	{ "100", "2024-05", NULL, "2024-04-01", 12, 0, 0, DS_EINVAL, "derecognised" },
};

START_TEST(schedule_rejects_and_changes_nothing)
{
	ds_ledger_schedule *s = (ds_ledger_schedule *)&s; /* a sentinel that must survive */
	ds_decimal *units[12];
	size_t i;

	for (i = 0; i < 12; i++)
		units[i] = tu_dec("1");
	for (i = 0; i < sizeof schedule_bad / sizeof schedule_bad[0]; i++) {
		ds_ledger_schedule_options opts = DS_LEDGER_SCHEDULE_OPTIONS_INIT;
		ds_decimal *cost = tu_dec(schedule_bad[i].cost);
		ds_decimal *residual = schedule_bad[i].residual ? tu_dec(schedule_bad[i].residual) : NULL;
		int rc;
		opts.residual = residual;
		opts.method = (ds_ledger_method)schedule_bad[i].method;
		opts.units = units;
		opts.unit_count = (size_t)schedule_bad[i].unit_count;
		opts.derecognised = schedule_bad[i].derecognised;
		rc = ds_ledger_schedule_new(&s, cost, schedule_bad[i].start, schedule_bad[i].months, &opts);
		ck_assert_msg(rc == schedule_bad[i].code, "case %zu: %s, expected %s (%s)", i, ds_strerror(rc),
			      ds_strerror(schedule_bad[i].code), ds_error_last()->message);
		ck_assert_str_eq(ds_error_last()->field, schedule_bad[i].field);
		ck_assert_msg(strstr(ds_error_last()->message, schedule_bad[i].field) != NULL, "message '%s'",
			      ds_error_last()->message);
		ck_assert_ptr_eq(s, (ds_ledger_schedule *)&s);
		ds_decimal_free(cost);
		ds_decimal_free(residual);
	}
	for (i = 0; i < 12; i++)
		ds_decimal_free(units[i]);
	ck_assert_ds_err(ds_ledger_schedule_new(NULL, NULL, "2024-01", 1, NULL), DS_EINVAL);
	ck_assert_ds_err(ds_ledger_schedule_options_init(NULL, 1), DS_EINVAL);
	ck_assert_uint_eq(ds_ledger_schedule_count(NULL), 0);
	ds_ledger_schedule_free(NULL);
}
END_TEST

/* ---------------------------------------------------------------- the worked example */

START_TEST(worked_example_to_the_fen)
{
	ds_ledger *book = new_book();
	ds_ledger_report *r = NULL;
	ds_ledger_schedule *s = NULL;
	ds_ledger_figures f;
	int64_t cost;
	int capitalised;
	const char *rule;
	size_t i;

	/* Bought 2024-03-15: 1,200,000.00 + 36,000.00 清洗/标注 + 12,000.00 质量评估/登记结算; VAT excluded. */
	add_asset(book, "D1", DS_LEDGER_INTANGIBLE, DS_LEDGER_PURCHASED, "2024-03-15", NULL, 60);
	add_cost(book, "D1", "2024-03-15", DS_LEDGER_COST_PRICE, DS_LEDGER_PHASE_NONE, "1200000.00", "72000.00");
	add_cost(book, "D1", "2024-03-15", DS_LEDGER_COST_CLEAN, DS_LEDGER_PHASE_NONE, "20000.00", "1200.00");
	add_cost(book, "D1", "2024-03-15", DS_LEDGER_COST_LABEL, DS_LEDGER_PHASE_NONE, "16000.00", NULL);
	add_cost(book, "D1", "2024-03-15", DS_LEDGER_COST_QUALITY, DS_LEDGER_PHASE_NONE, "7000.00", NULL);
	add_cost(book, "D1", "2024-03-15", DS_LEDGER_COST_REGISTRATION, DS_LEDGER_PHASE_NONE, "5000.00", NULL);
	ck_assert_ds_ok(ds_ledger_asset_cost(&cost, book, "D1"));
	ck_assert_int_eq(cost, 124800000);
	ck_assert_ds_ok(ds_ledger_cost_rule(&capitalised, &rule, book, "D1", 1));
	ck_assert_int_eq(capitalised, 1);
	ck_assert_str_eq(rule, "外购 清洗 → 计入成本");

	ck_assert_ds_ok(ds_ledger_asset_schedule(&s, book, "D1"));
	ck_assert_uint_eq(ds_ledger_schedule_count(s), 60);
	for (i = 0; i < 60; i++)
		ck_assert_int_eq(line_at(s, i).charge, 2080000); /* 20,800.00 */
	ck_assert_int_eq(line_at(s, 0).year * 100 + line_at(s, 0).month, 202403);
	ck_assert_int_eq(line_at(s, 59).year * 100 + line_at(s, 59).month, 202902);
	ds_ledger_schedule_free(s);

	ck_assert_ds_ok(ds_ledger_report_new(&r, book, "2024-01", "2024-12"));
	ck_assert_int_eq(cell(r, DS_LEDGER_TABLE_1, DS_LEDGER_R1_AMORT_CLOSING, DS_LEDGER_COL_PURCHASED),
			 20800000); /* 208,000.00 */
	ck_assert_int_eq(cell(r, DS_LEDGER_TABLE_1, DS_LEDGER_R1_CARRYING_CLOSING, DS_LEDGER_COL_TOTAL),
			 104000000); /* 1,040,000.00 */
	ck_assert_int_eq(cell(r, DS_LEDGER_TABLE_1, DS_LEDGER_R1_COST_INC_PURCHASED, DS_LEDGER_COL_PURCHASED),
			 124800000);
	ck_assert_int_eq(cell(r, DS_LEDGER_TABLE_1, DS_LEDGER_R1_COST_OPENING, DS_LEDGER_COL_TOTAL), 0);
	ck_assert_ds_ok(ds_ledger_report_figures(&f, r));
	ck_assert_int_eq(f.intangible, 104000000);
	ck_assert_int_eq(f.amortisation, 20800000);
	ck_assert_uint_eq(check_entries(r, "摊销"), 10);
	ck_assert_uint_eq(check_entries(r, "购入"), 5);
	{
		ds_ledger_entry e;
		ck_assert_ds_ok(ds_ledger_report_entry_at(&e, r, 0));
		ck_assert_str_eq(e.event, "购入");
		ck_assert_uint_eq(e.posting_count, 3);
		ck_assert_str_eq(e.postings[0].code, "1701");
		ck_assert_str_eq(e.postings[0].name, "无形资产—数据资源");
		ck_assert_int_eq(e.postings[0].amount, 120000000);
		ck_assert_str_eq(e.postings[1].code, "2221");
		ck_assert_int_eq(e.postings[1].amount, 7200000);
		ck_assert_str_eq(e.postings[2].code, "1002");
		ck_assert_int_eq(e.postings[2].debit, 0);
		ck_assert_int_eq(e.postings[2].amount, 127200000);
		ck_assert_ds_ok(ds_ledger_report_entry_at(&e, r, ds_ledger_report_entry_count(r) - 1));
		ck_assert_str_eq(e.event, "摊销");
		ck_assert_int_eq(e.year * 10000 + e.month * 100 + e.day, 20241231);
		ck_assert_str_eq(e.postings[0].code, "6602");
		ck_assert_str_eq(e.postings[1].code, "1702");
	}
	ds_ledger_report_free(r);
	r = NULL;
	/* The next year opens where this one closed. */
	ck_assert_ds_ok(ds_ledger_report_new(&r, book, "2025-01", "2025-12"));
	ck_assert_int_eq(cell(r, DS_LEDGER_TABLE_1, DS_LEDGER_R1_CARRYING_OPENING, DS_LEDGER_COL_TOTAL), 104000000);
	ck_assert_int_eq(cell(r, DS_LEDGER_TABLE_1, DS_LEDGER_R1_AMORT_INC_CHARGED, DS_LEDGER_COL_TOTAL), 24960000);
	ds_ledger_report_free(r);
	ds_ledger_free(book);
}
END_TEST

/* ---------------------------------------------------------------- impairment */

START_TEST(impairment_then_prospective_amortisation)
{
	ds_ledger *book = new_book();
	ds_ledger_schedule *s = NULL, *before = NULL;
	ds_ledger_report *r = NULL;
	ds_decimal *recoverable = tu_dec("600000"), *higher = tu_dec("700000"), *negative = tu_dec("-1");
	size_t i;

	add_asset(book, "I1", DS_LEDGER_INTANGIBLE, DS_LEDGER_PURCHASED, "2024-01-10", NULL, 60);
	add_cost(book, "I1", "2024-01-10", DS_LEDGER_COST_PRICE, DS_LEDGER_PHASE_NONE, "1200000", NULL);
	{
		/* A test that finds no loss changes nothing, not even the rounding of later months. */
		ds_decimal *cost = tu_dec("3.94"), *above = tu_dec("3.10");
		ds_ledger_schedule *plain = NULL, *tested = NULL;
		add_asset(book, "T1", DS_LEDGER_INTANGIBLE, DS_LEDGER_PURCHASED, "2004-08-01", NULL, 167);
		add_cost(book, "T1", "2004-08-01", DS_LEDGER_COST_PRICE, DS_LEDGER_PHASE_NONE, "3.94", NULL);
		ck_assert_ds_ok(ds_ledger_asset_schedule(&plain, book, "T1"));
		ck_assert_ds_ok(ds_ledger_add_impairment(book, "T1", "2008-10-28", above)); /* carrying 2.92 */
		ck_assert_ds_ok(ds_ledger_asset_schedule(&tested, book, "T1"));
		ck_assert_uint_eq(ds_ledger_schedule_count(plain), ds_ledger_schedule_count(tested));
		for (i = 0; i < ds_ledger_schedule_count(plain); i++)
			ck_assert_int_eq(line_at(plain, i).charge, line_at(tested, i).charge);
		ck_assert_int_eq(line_at(tested, 166).charge, 62); /* 394 − 166 × 2 fen */
		ds_ledger_schedule_free(plain);
		ds_ledger_schedule_free(tested);
		ds_decimal_free(cost);
		ds_decimal_free(above);
	}
	/* After 12 months: 累计摊销 240,000, carrying 960,000, written down to 600,000. */
	ck_assert_ds_ok(ds_ledger_add_impairment(book, "I1", "2024-12-31", recoverable));
	ck_assert_ds_ok(ds_ledger_asset_schedule(&s, book, "I1"));
	ck_assert_int_eq(line_at(s, 11).impairment, 36000000);
	ck_assert_int_eq(line_at(s, 11).closing, 60000000);
	for (i = 12; i < 60; i++)
		ck_assert_int_eq(line_at(s, i).charge, 1250000); /* 600,000 / 48 = 12,500.00 */
	ck_assert_int_eq(line_at(s, 59).closing, 0);

	/* A higher recoverable amount later would reverse the impairment: refused (CAS 8). */
	ck_assert_ds_err(ds_ledger_add_impairment(book, "I1", "2025-06-30", higher), DS_ESTATE);
	ck_assert_msg(strstr(ds_error_last()->message, "CAS 8") != NULL, "%s", ds_error_last()->message);
	ck_assert_ds_err(ds_ledger_add_impairment(book, "I1", "2025-06-30", negative), DS_EINVAL);
	ck_assert_field("recoverable");
	ck_assert_ds_err(ds_ledger_add_impairment(book, "I1", "2023-12-31", recoverable), DS_EINVAL);
	ck_assert_field("date");
	ck_assert_ds_err(ds_ledger_add_impairment(book, "nope", "2025-06-30", recoverable), DS_ENOTFOUND);
	/* Nothing changed. */
	ck_assert_ds_ok(ds_ledger_asset_schedule(&before, book, "I1"));
	ck_assert_uint_eq(ds_ledger_schedule_count(before), 60);
	for (i = 0; i < 60; i++)
		ck_assert_int_eq(line_at(before, i).charge, line_at(s, i).charge);

	ck_assert_ds_ok(ds_ledger_report_new(&r, book, "2024-01", "2024-12"));
	ck_assert_int_eq(cell(r, DS_LEDGER_TABLE_1, DS_LEDGER_R1_IMP_INC_CHARGED, DS_LEDGER_COL_PURCHASED), 36000000);
	ck_assert_int_eq(cell(r, DS_LEDGER_TABLE_1, DS_LEDGER_R1_CARRYING_CLOSING, DS_LEDGER_COL_TOTAL), 60000000);
	ck_assert_uint_eq(check_entries(r, "减值"), 1);
	ds_ledger_report_free(r);
	ds_ledger_schedule_free(s);
	ds_ledger_schedule_free(before);
	ds_decimal_free(recoverable);
	ds_decimal_free(higher);
	ds_decimal_free(negative);
	ds_ledger_free(book);
}
END_TEST

/* ---------------------------------------------------------------- disposal mid-life */

START_TEST(disposal_mid_life)
{
	ds_ledger *book = new_book();
	ds_ledger_report *r = NULL;
	ds_ledger_schedule *s = NULL;
	ds_decimal *proceeds = tu_dec("500000"), *vat = tu_dec("30000");
	ds_ledger_entry e;
	size_t i, n;

	add_asset(book, "X1", DS_LEDGER_INTANGIBLE, DS_LEDGER_PURCHASED, "2024-01-05", NULL, 36);
	add_cost(book, "X1", "2024-01-05", DS_LEDGER_COST_PRICE, DS_LEDGER_PHASE_NONE, "720000", NULL);
	/* Sold 2025-07-20: charged 2024-01 .. 2025-06 (18 × 20,000), not July (当月减少当月不再摊销). */
	ck_assert_ds_ok(ds_ledger_dispose(book, "X1", "2025-07-20", DS_LEDGER_DISPOSE_SALE, proceeds, vat));
	ck_assert_ds_err(ds_ledger_dispose(book, "X1", "2025-08-20", DS_LEDGER_DISPOSE_SALE, proceeds, vat), DS_ESTATE);
	ck_assert_ds_ok(ds_ledger_asset_schedule(&s, book, "X1"));
	ck_assert_uint_eq(ds_ledger_schedule_count(s), 18);
	ck_assert_int_eq(line_at(s, 17).month, 6);
	ck_assert_int_eq(line_at(s, 17).accumulated, 36000000);
	ds_ledger_schedule_free(s);

	ck_assert_ds_ok(ds_ledger_report_new(&r, book, "2025-01", "2025-12"));
	ck_assert_int_eq(cell(r, DS_LEDGER_TABLE_1, DS_LEDGER_R1_COST_DEC_DISPOSED, DS_LEDGER_COL_TOTAL), 72000000);
	ck_assert_int_eq(cell(r, DS_LEDGER_TABLE_1, DS_LEDGER_R1_AMORT_DEC_DISPOSED, DS_LEDGER_COL_TOTAL), 36000000);
	ck_assert_int_eq(cell(r, DS_LEDGER_TABLE_1, DS_LEDGER_R1_AMORT_INC_CHARGED, DS_LEDGER_COL_TOTAL), 12000000);
	ck_assert_int_eq(cell(r, DS_LEDGER_TABLE_1, DS_LEDGER_R1_CARRYING_CLOSING, DS_LEDGER_COL_TOTAL), 0);
	ck_assert_uint_eq(check_entries(r, "摊销"), 6);
	n = ds_ledger_report_entry_count(r);
	for (i = 0; i < n; i++) {
		ck_assert_ds_ok(ds_ledger_report_entry_at(&e, r, i));
		if (strcmp(e.event, "处置") == 0)
			break;
	}
	ck_assert_uint_lt(i, n);
	/* Dr 银行存款 530,000; Dr 累计摊销 360,000; Cr 无形资产 720,000; Cr 应交税费 30,000; Cr 资产处置损益 140,000 */
	ck_assert_uint_eq(e.posting_count, 5);
	ck_assert_str_eq(e.postings[4].code, "6115");
	ck_assert_int_eq(e.postings[4].debit, 0);
	ck_assert_int_eq(e.postings[4].amount, 14000000);
	ds_ledger_report_free(r);
	ds_decimal_free(proceeds);
	ds_decimal_free(vat);
	ds_ledger_free(book);
}
END_TEST

/* ---------------------------------------------------------------- research / development */

START_TEST(research_development_split)
{
	ds_ledger *book = new_book();
	ds_ledger_asset a = DS_LEDGER_ASSET_INIT;
	ds_ledger_report *r = NULL;
	ds_ledger_figures f;
	static const struct {
		const char *date;
		ds_ledger_phase phase;
		const char *amount;
		int capitalised;
		const char *rule;
	} items[] = {
		{ "2024-02-10", DS_LEDGER_PHASE_RESEARCH, "100000", 0, "研究阶段 → 费用化" },
		{ "2024-03-10", DS_LEDGER_PHASE_DEVELOPMENT, "50000", 0,
		  "开发阶段 before all five CAS 6 conditions were met → 费用化" },
		{ "2024-04-01", DS_LEDGER_PHASE_DEVELOPMENT, "300000", 1,
		  "开发阶段 with all five CAS 6 conditions met → 资本化" },
		{ "2024-05-10", DS_LEDGER_PHASE_UNSPLIT, "20000", 0, "无法区分研究阶段和开发阶段 → 费用化" },
		{ "2024-06-10", DS_LEDGER_PHASE_DEVELOPMENT, "60000", 1,
		  "开发阶段 with all five CAS 6 conditions met → 资本化" },
		{ "2024-08-10", DS_LEDGER_PHASE_DEVELOPMENT, "9000", 0, "达到预定用途后发生的支出 → 费用化" },
	};
	size_t i;
	int64_t cost;

	a.id = "R1";
	a.asset_class = DS_LEDGER_INTANGIBLE;
	a.origin = DS_LEDGER_SELF_BUILT;
	a.acquired = "2024-01-02";
	a.available = "2024-07-01";
	a.conditions_met = "2024-04-01";
	a.useful_life_months = 24;
	/* Claiming the conditions without the evidence of each is refused. */
	ck_assert_ds_err(ds_ledger_add_asset(book, &a), DS_EINVAL);
	ck_assert_field("conditions_met");
	ck_assert_msg(strstr(ds_error_last()->message, "condition 1") != NULL, "%s", ds_error_last()->message);
	for (i = 0; i < DS_LEDGER_CONDITIONS - 1; i++)
		a.conditions_evidence[i] = evidence[i];
	ck_assert_ds_err(ds_ledger_add_asset(book, &a), DS_EINVAL);
	ck_assert_msg(strstr(ds_error_last()->message, "condition 5") != NULL, "%s", ds_error_last()->message);
	a.conditions_evidence[4] = evidence[4];
	a.use = DS_LEDGER_USE_MAIN_COST;
	ck_assert_ds_ok(ds_ledger_add_asset(book, &a));
	for (i = 0; i < sizeof items / sizeof items[0]; i++) {
		int capitalised;
		const char *rule;
		add_cost(book, "R1", items[i].date, DS_LEDGER_COST_RD, items[i].phase, items[i].amount, NULL);
		ck_assert_ds_ok(ds_ledger_cost_rule(&capitalised, &rule, book, "R1", i));
		ck_assert_int_eq(capitalised, items[i].capitalised);
		ck_assert_str_eq(rule, items[i].rule);
	}
	ck_assert_ds_ok(ds_ledger_asset_cost(&cost, book, "R1"));
	ck_assert_int_eq(cost, 36000000);
	{
		const char *text;
		ck_assert_ds_ok(ds_ledger_asset_condition(&text, book, "R1", 3));
		ck_assert_str_eq(text, "内部使用方案");
		ck_assert_ds_err(ds_ledger_asset_condition(&text, book, "R1", 6), DS_ERANGE);
		ck_assert_str_eq(text, "内部使用方案");
		ck_assert_ds_err(ds_ledger_asset_condition(&text, book, "R1", 0), DS_ERANGE);
		ck_assert_ds_err(ds_ledger_asset_condition(NULL, book, "R1", 1), DS_EINVAL);
		ck_assert_ds_err(ds_ledger_asset_condition(&text, book, "R9", 1), DS_ENOTFOUND);
	}

	/* At 2024-06: 开发支出 360,000, nothing in 无形资产 yet. */
	ck_assert_ds_ok(ds_ledger_report_new(&r, book, "2024-01", "2024-06"));
	ck_assert_ds_ok(ds_ledger_report_figures(&f, r));
	ck_assert_int_eq(f.development, 36000000);
	ck_assert_int_eq(f.intangible, 0);
	ck_assert_int_eq(f.rd_expensed, 17000000);
	ck_assert_int_eq(f.rd_capitalised, 36000000);
	ck_assert_uint_eq(check_entries(r, "研发费用结转"), 1);
	ds_ledger_report_free(r);
	r = NULL;

	/* The year: ready for use in July, 6 months of 15,000.00 to 主营业务成本. */
	ck_assert_ds_ok(ds_ledger_report_new(&r, book, "2024-01", "2024-12"));
	ck_assert_ds_ok(ds_ledger_report_figures(&f, r));
	ck_assert_int_eq(f.development, 0);
	ck_assert_int_eq(cell(r, DS_LEDGER_TABLE_1, DS_LEDGER_R1_COST_INC_DEVELOPED, DS_LEDGER_COL_SELF_BUILT),
			 36000000);
	ck_assert_int_eq(cell(r, DS_LEDGER_TABLE_1, DS_LEDGER_R1_AMORT_CLOSING, DS_LEDGER_COL_SELF_BUILT), 9000000);
	ck_assert_int_eq(f.rd_expensed, 17900000);
	ck_assert_uint_eq(check_entries(r, "达到预定用途"), 1);
	{
		ds_ledger_entry e;
		size_t n = ds_ledger_report_entry_count(r);
		for (i = 0; i < n; i++) {
			ck_assert_ds_ok(ds_ledger_report_entry_at(&e, r, i));
			if (strcmp(e.event, "摊销") == 0) {
				ck_assert_str_eq(e.postings[0].code, "6401");
				ck_assert_int_eq(e.postings[0].amount, 1500000);
			}
		}
	}
	ds_ledger_report_free(r);
	ds_ledger_free(book);
}
END_TEST

/* ---------------------------------------------------------------- inventory */

START_TEST(inventory_writedown_and_reversal)
{
	ds_ledger *book = new_book();
	ds_ledger_report *r = NULL;
	ds_decimal *down = tu_dec("100000"), *back = tu_dec("40000"), *too_much = tu_dec("70000");
	ds_decimal *huge = tu_dec("600000"), *price = tu_dec("800000"), *vat = tu_dec("48000");

	add_asset(book, "V1", DS_LEDGER_INVENTORY, DS_LEDGER_PURCHASED, "2024-02-01", NULL, 0);
	add_cost(book, "V1", "2024-02-01", DS_LEDGER_COST_PRICE, DS_LEDGER_PHASE_NONE, "480000", "28800");
	add_cost(book, "V1", "2024-02-05", DS_LEDGER_COST_RIGHTS, DS_LEDGER_PHASE_NONE, "20000", NULL);
	ck_assert_ds_ok(ds_ledger_add_writedown(book, "V1", "2024-06-30", down, 0));
	ck_assert_ds_ok(ds_ledger_add_writedown(book, "V1", "2024-09-30", back, 1));
	/* Only 60,000 remains written down: a 70,000 reversal is refused. */
	ck_assert_ds_err(ds_ledger_add_writedown(book, "V1", "2024-10-31", too_much, 1), DS_ESTATE);
	ck_assert_field("amount");
	/* A reversal dated before the write-down is refused too. */
	ck_assert_ds_err(ds_ledger_add_writedown(book, "V1", "2024-03-31", back, 1), DS_ESTATE);
	/* A write-down above the carrying amount (440,000) is refused. */
	ck_assert_ds_err(ds_ledger_add_writedown(book, "V1", "2024-10-31", huge, 0), DS_EINVAL);
	ck_assert_ds_err(ds_ledger_add_impairment(book, "V1", "2024-10-31", down), DS_EINVAL);

	ck_assert_ds_ok(ds_ledger_report_new(&r, book, "2024-01", "2024-12"));
	ck_assert_int_eq(cell(r, DS_LEDGER_TABLE_2, DS_LEDGER_R2_COST_INC_PURCHASED, DS_LEDGER_COL_PURCHASED),
			 50000000);
	ck_assert_int_eq(cell(r, DS_LEDGER_TABLE_2, DS_LEDGER_R2_PROV_INC_CHARGED, DS_LEDGER_COL_PURCHASED), 10000000);
	ck_assert_int_eq(cell(r, DS_LEDGER_TABLE_2, DS_LEDGER_R2_PROV_DEC_REVERSED, DS_LEDGER_COL_PURCHASED), 4000000);
	ck_assert_int_eq(cell(r, DS_LEDGER_TABLE_2, DS_LEDGER_R2_PROV_CLOSING, DS_LEDGER_COL_TOTAL), 6000000);
	ck_assert_int_eq(cell(r, DS_LEDGER_TABLE_2, DS_LEDGER_R2_CARRYING_CLOSING, DS_LEDGER_COL_TOTAL), 44000000);
	ck_assert_uint_eq(check_entries(r, "跌价准备转回"), 1);
	ds_ledger_report_free(r);
	r = NULL;

	/* Sold in 2025: cost out, the provision 转销. */
	ck_assert_ds_ok(ds_ledger_dispose(book, "V1", "2025-03-15", DS_LEDGER_DISPOSE_SALE, price, vat));
	ck_assert_ds_ok(ds_ledger_report_new(&r, book, "2025-01", "2025-12"));
	ck_assert_int_eq(cell(r, DS_LEDGER_TABLE_2, DS_LEDGER_R2_COST_OPENING, DS_LEDGER_COL_TOTAL), 50000000);
	ck_assert_int_eq(cell(r, DS_LEDGER_TABLE_2, DS_LEDGER_R2_COST_DEC_SOLD, DS_LEDGER_COL_TOTAL), 50000000);
	ck_assert_int_eq(cell(r, DS_LEDGER_TABLE_2, DS_LEDGER_R2_PROV_DEC_WRITTEN_OFF, DS_LEDGER_COL_TOTAL), 6000000);
	ck_assert_int_eq(cell(r, DS_LEDGER_TABLE_2, DS_LEDGER_R2_CARRYING_CLOSING, DS_LEDGER_COL_TOTAL), 0);
	ck_assert_uint_eq(check_entries(r, "出售"), 1);
	ck_assert_uint_eq(check_entries(r, "结转成本"), 1);
	ds_ledger_report_free(r);
	ds_decimal_free(down);
	ds_decimal_free(back);
	ds_decimal_free(too_much);
	ds_decimal_free(huge);
	ds_decimal_free(price);
	ds_decimal_free(vat);
	ds_ledger_free(book);
}
END_TEST

START_TEST(inventory_nrv_tests)
{
	ds_ledger *book = new_book();
	ds_ledger_report *r = NULL;
	ds_decimal *low = tu_dec("400000"), *mid = tu_dec("460000"), *high = tu_dec("600000"), *neg = tu_dec("-1");

	add_asset(book, "V2", DS_LEDGER_INVENTORY, DS_LEDGER_SELF_BUILT, "2024-01-10", NULL, 0);
	add_cost(book, "V2", "2024-01-10", DS_LEDGER_COST_COLLECT, DS_LEDGER_PHASE_NONE, "300000", NULL);
	add_cost(book, "V2", "2024-02-10", DS_LEDGER_COST_LABEL, DS_LEDGER_PHASE_NONE, "200000", NULL);
	/* Lower of cost (500,000) and NRV: provision 100,000, then 40,000, then 0 — never negative. */
	ck_assert_ds_ok(ds_ledger_add_nrv_test(book, "V2", "2024-06-30", low));
	ck_assert_ds_ok(ds_ledger_add_nrv_test(book, "V2", "2024-09-30", mid));
	ck_assert_ds_ok(ds_ledger_add_nrv_test(book, "V2", "2024-12-31", high));
	ck_assert_ds_err(ds_ledger_add_nrv_test(book, "V2", "2024-12-31", neg), DS_EINVAL);
	ck_assert_field("nrv/value");
	ck_assert_ds_err(ds_ledger_add_nrv_test(book, "V2", "2023-12-31", low), DS_EINVAL);
	ck_assert_field("nrv/date");
	ck_assert_ds_ok(ds_ledger_report_new(&r, book, "2024-01", "2024-12"));
	check_identities(r);
	ck_assert_int_eq(cell(r, DS_LEDGER_TABLE_2, DS_LEDGER_R2_COST_INC_PROCESSED, DS_LEDGER_COL_SELF_BUILT),
			 50000000);
	ck_assert_int_eq(cell(r, DS_LEDGER_TABLE_2, DS_LEDGER_R2_PROV_INC_CHARGED, DS_LEDGER_COL_SELF_BUILT), 10000000);
	ck_assert_int_eq(cell(r, DS_LEDGER_TABLE_2, DS_LEDGER_R2_PROV_DEC_REVERSED, DS_LEDGER_COL_SELF_BUILT),
			 10000000);
	ck_assert_int_eq(cell(r, DS_LEDGER_TABLE_2, DS_LEDGER_R2_PROV_CLOSING, DS_LEDGER_COL_TOTAL), 0);
	ck_assert_uint_eq(check_entries(r, "跌价准备转回"), 2);
	ck_assert_uint_eq(check_entries(r, "计提跌价准备"), 1);
	ck_assert_uint_eq(check_entries(r, "加工"), 2);
	ds_ledger_report_free(r);
	/* An intangible is impaired, not measured at NRV. */
	add_asset(book, "I9", DS_LEDGER_INTANGIBLE, DS_LEDGER_PURCHASED, "2024-01-10", NULL, 12);
	ck_assert_ds_err(ds_ledger_add_nrv_test(book, "I9", "2024-06-30", low), DS_EINVAL);
	ds_decimal_free(low);
	ds_decimal_free(mid);
	ds_decimal_free(high);
	ds_decimal_free(neg);
	ds_ledger_free(book);
}
END_TEST

START_TEST(licence_revenue)
{
	ds_ledger *book = new_book();
	ds_ledger_report *r = NULL;
	ds_ledger_schedule *s = NULL;
	ds_ledger_figures f;
	ds_decimal *fee = tu_dec("100000"), *vat = tu_dec("6000"), *zero = tu_dec("0");
	size_t i, n;

	add_asset(book, "D1", DS_LEDGER_INTANGIBLE, DS_LEDGER_PURCHASED, "2024-03-15", NULL, 60);
	add_cost(book, "D1", "2024-03-15", DS_LEDGER_COST_PRICE, DS_LEDGER_PHASE_NONE, "1248000.00", NULL);
	add_asset(book, "V1", DS_LEDGER_INVENTORY, DS_LEDGER_PURCHASED, "2024-03-15", NULL, 0);
	ck_assert_ds_ok(ds_ledger_add_licence(book, "D1", "2024-06-01", fee, vat));
	ck_assert_ds_err(ds_ledger_add_licence(book, "V1", "2024-06-01", fee, vat), DS_EINVAL);
	ck_assert_ds_err(ds_ledger_add_licence(book, "D1", "2024-03-01", fee, vat), DS_EINVAL);
	ck_assert_field("licence/date");
	ck_assert_ds_err(ds_ledger_add_licence(book, "D1", "2024-06-01", zero, NULL), DS_EINVAL);
	ck_assert_field("licence/fee");
	/* The schedule is unchanged by a licence. */
	ck_assert_ds_ok(ds_ledger_asset_schedule(&s, book, "D1"));
	ck_assert_int_eq(line_at(s, 3).charge, 2080000);
	ds_ledger_schedule_free(s);
	ck_assert_ds_ok(ds_ledger_report_new(&r, book, "2024-01", "2024-12"));
	ck_assert_ds_ok(ds_ledger_report_figures(&f, r));
	ck_assert_int_eq(f.licence_revenue, 10000000);
	ck_assert_int_eq(f.intangible, 104000000);
	ck_assert_uint_eq(check_entries(r, "授权使用收入"), 1);
	n = ds_ledger_report_entry_count(r);
	for (i = 0; i < n; i++) {
		ds_ledger_entry e;
		ck_assert_ds_ok(ds_ledger_report_entry_at(&e, r, i));
		if (strcmp(e.event, "授权使用收入") != 0)
			continue;
		ck_assert_uint_eq(e.posting_count, 3);
		ck_assert_str_eq(e.postings[0].code, "1122");
		ck_assert_int_eq(e.postings[0].amount, 10600000);
		ck_assert_str_eq(e.postings[1].code, "6051");
		ck_assert_str_eq(e.postings[1].name, "其他业务收入");
		ck_assert_int_eq(e.postings[1].amount, 10000000);
		ck_assert_str_eq(e.postings[2].code, "2221");
	}
	ds_ledger_report_free(r);
	ds_decimal_free(fee);
	ds_decimal_free(vat);
	ds_decimal_free(zero);
	ds_ledger_free(book);
}
END_TEST

/* ---------------------------------------------------------------- a generated book */

static uint64_t rng_state;
static unsigned int rnd(unsigned int n)
{
	rng_state = rng_state * 6364136223846793005u + 1442695040888963407u;
	return (unsigned int)((rng_state >> 33) % n);
}

static void date_text(char *buf, int year, int month, int day)
{
	snprintf(buf, 11, "%04u-%02u-%02u", (unsigned)year % 10000u, (unsigned)month % 100u, (unsigned)day % 100u);
}

/* A book of @n assets of every kind with costs, impairments, write-downs and disposals. */
static ds_ledger *generated_book(size_t n)
{
	ds_ledger *book = new_book();
	size_t i;

	rng_state = 20261123;
	for (i = 0; i < n; i++) {
		ds_ledger_asset a = DS_LEDGER_ASSET_INIT;
		char id[24], acquired[11], available[11], conditions[11], date[11], amount[32];
		int year = 2021 + (int)rnd(4), month = 1 + (int)rnd(12), k, items = 1 + (int)rnd(4);
		int inventory = rnd(4) == 0, explicit_writedowns = 0;
		ds_decimal *value;

		snprintf(id, sizeof id, "A%05zu", i);
		date_text(acquired, year, month, 1 + (int)rnd(28));
		a.id = id;
		a.asset_class = inventory ? DS_LEDGER_INVENTORY : DS_LEDGER_INTANGIBLE;
		a.origin = (ds_ledger_origin)(1 + rnd(3));
		a.acquired = acquired;
		if (!inventory) {
			int avail_month = month + 2 + (int)rnd(4);
			date_text(available, year + (avail_month - 1) / 12, (avail_month - 1) % 12 + 1, 28);
			a.available = available;
			a.indefinite_life = rnd(10) == 0;
			a.useful_life_months = a.indefinite_life ? 0 : 12 + (long)rnd(109);
			a.use = (ds_ledger_use)rnd(4);
			if (a.origin == DS_LEDGER_SELF_BUILT) {
				date_text(conditions, year, month, 1);
				a.conditions_met = conditions;
				for (k = 0; k < DS_LEDGER_CONDITIONS; k++)
					a.conditions_evidence[k] = evidence[k];
			}
		}
		a.restricted = rnd(20) == 0 ? "质押" : NULL;
		ck_assert_ds_ok(ds_ledger_add_asset(book, &a));
		for (k = 0; k < items; k++) {
			ds_ledger_cost c = DS_LEDGER_COST_INIT;
			ds_decimal *amt;
			date_text(date, year, month, 1 + (int)rnd(28));
			snprintf(amount, sizeof amount, "%u.%02u", 1000 + rnd(5000000), rnd(100));
			amt = tu_dec(amount);
			c.date = date;
			c.category = (ds_ledger_category)(1 + rnd(17));
			if (!inventory && a.origin == DS_LEDGER_SELF_BUILT)
				c.phase = (ds_ledger_phase)(1 + rnd(3));
			c.amount = amt;
			ck_assert_ds_ok(ds_ledger_add_cost(book, id, &c));
			ds_decimal_free(amt);
		}
		if (!inventory && !a.indefinite_life && rnd(6) == 0) {
			ds_decimal *fee = tu_dec("8888.88");
			date_text(date, year + 2 + (int)rnd(2), 1 + (int)rnd(12), 3);
			ck_assert_ds_ok(ds_ledger_add_licence(book, id, date, fee, NULL));
			ds_decimal_free(fee);
		}
		if (!inventory && rnd(5) == 0) {
			int64_t cost;
			ck_assert_ds_ok(ds_ledger_asset_cost(&cost, book, id));
			date_text(date, year + 2 + (int)rnd(2), 1 + (int)rnd(12), 15);
			snprintf(amount, sizeof amount, "%lld.%02lld", (long long)(cost / 400),
				 (long long)(cost % 100));
			value = tu_dec(amount);
			ck_assert_ds_ok(ds_ledger_add_impairment(book, id, date, value));
			ds_decimal_free(value);
		}
		if (inventory && (explicit_writedowns = rnd(3) == 0)) {
			int64_t cost;
			ck_assert_ds_ok(ds_ledger_asset_cost(&cost, book, id));
			if (cost > 100) {
				date_text(date, year + 1, 1 + (int)rnd(12), 10);
				snprintf(amount, sizeof amount, "%lld.%02lld", (long long)(cost / 300),
					 (long long)(cost / 7 % 100));
				value = tu_dec(amount);
				ck_assert_ds_ok(ds_ledger_add_writedown(book, id, date, value, 0));
				ds_decimal_free(value);
				date_text(date, year + 2, 1 + (int)rnd(12), 10);
				snprintf(amount, sizeof amount, "%lld.%02lld", (long long)(cost / 900), 0LL);
				value = tu_dec(amount);
				ck_assert_ds_ok(ds_ledger_add_writedown(book, id, date, value, 1));
				ds_decimal_free(value);
			}
		}
		if (inventory && !explicit_writedowns && rnd(2) == 0) {
			int t;
			for (t = 0; t < 3; t++) {
				date_text(date, year + 1 + t, 1 + (int)rnd(12), 12);
				snprintf(amount, sizeof amount, "%u.%02u", rnd(20000000), rnd(100));
				value = tu_dec(amount);
				ck_assert_ds_ok(ds_ledger_add_nrv_test(book, id, date, value));
				ds_decimal_free(value);
			}
		}
		if (rnd(4) == 0) {
			ds_decimal *proceeds = tu_dec(rnd(2) ? "12345.67" : "0");
			date_text(date, year + 4, 1 + (int)rnd(12), 20);
			ck_assert_ds_ok(
				ds_ledger_dispose(book, id, date, (ds_ledger_disposal)(1 + rnd(3)), proceeds, NULL));
			ds_decimal_free(proceeds);
		}
	}
	return book;
}

/* The identities, checked here independently of the library's own check. */
static void check_identities(const ds_ledger_report *r)
{
	static const int sections1[3][8] = {
		{ DS_LEDGER_R1_COST_OPENING, DS_LEDGER_R1_COST_INCREASE, DS_LEDGER_R1_COST_INC_PURCHASED,
		  DS_LEDGER_R1_COST_INC_OTHER, DS_LEDGER_R1_COST_DECREASE, DS_LEDGER_R1_COST_DEC_DISPOSED,
		  DS_LEDGER_R1_COST_DEC_OTHER, DS_LEDGER_R1_COST_CLOSING },
		{ DS_LEDGER_R1_AMORT_OPENING, DS_LEDGER_R1_AMORT_INCREASE, DS_LEDGER_R1_AMORT_INC_CHARGED,
		  DS_LEDGER_R1_AMORT_INC_CHARGED, DS_LEDGER_R1_AMORT_DECREASE, DS_LEDGER_R1_AMORT_DEC_DISPOSED,
		  DS_LEDGER_R1_AMORT_DEC_OTHER, DS_LEDGER_R1_AMORT_CLOSING },
		{ DS_LEDGER_R1_IMP_OPENING, DS_LEDGER_R1_IMP_INCREASE, DS_LEDGER_R1_IMP_INC_CHARGED,
		  DS_LEDGER_R1_IMP_INC_CHARGED, DS_LEDGER_R1_IMP_DECREASE, DS_LEDGER_R1_IMP_DEC_DISPOSED,
		  DS_LEDGER_R1_IMP_DEC_OTHER, DS_LEDGER_R1_IMP_CLOSING },
	};
	static const int sections2[2][8] = {
		{ DS_LEDGER_R2_COST_OPENING, DS_LEDGER_R2_COST_INCREASE, DS_LEDGER_R2_COST_INC_PURCHASED,
		  DS_LEDGER_R2_COST_INC_OTHER, DS_LEDGER_R2_COST_DECREASE, DS_LEDGER_R2_COST_DEC_SOLD,
		  DS_LEDGER_R2_COST_DEC_OTHER, DS_LEDGER_R2_COST_CLOSING },
		{ DS_LEDGER_R2_PROV_OPENING, DS_LEDGER_R2_PROV_INCREASE, DS_LEDGER_R2_PROV_INC_CHARGED,
		  DS_LEDGER_R2_PROV_INC_OTHER, DS_LEDGER_R2_PROV_DECREASE, DS_LEDGER_R2_PROV_DEC_REVERSED,
		  DS_LEDGER_R2_PROV_DEC_OTHER, DS_LEDGER_R2_PROV_CLOSING },
	};
	int table, s, col, k, row;

	for (table = 1; table <= 2; table++) {
		int nsections = table == 1 ? 3 : 2, rows = table == 1 ? DS_LEDGER_R1_COUNT : DS_LEDGER_R2_COUNT;
		for (col = 0; col < 4; col++) {
			int64_t close_carrying = 0, open_carrying = 0;
			for (s = 0; s < nsections; s++) {
				const int *x = table == 1 ? sections1[s] : sections2[s];
				int64_t inc = 0, dec = 0;
				for (k = x[2]; k <= x[3]; k++) {
					ck_assert_int_le(cell(r, table, k, col), cell(r, table, x[1], col));
					inc += cell(r, table, k, col);
				}
				for (k = x[5]; k <= x[6]; k++) {
					ck_assert_int_le(cell(r, table, k, col), cell(r, table, x[4], col));
					dec += cell(r, table, k, col);
				}
				ck_assert_int_eq(inc, cell(r, table, x[1], col));
				ck_assert_int_eq(dec, cell(r, table, x[4], col));
				ck_assert_int_eq(cell(r, table, x[7], col), cell(r, table, x[0], col) +
										    cell(r, table, x[1], col) -
										    cell(r, table, x[4], col));
				close_carrying += (s == 0 ? 1 : -1) * cell(r, table, x[7], col);
				open_carrying += (s == 0 ? 1 : -1) * cell(r, table, x[0], col);
			}
			ck_assert_int_eq(cell(r, table, rows - 2, col), close_carrying);
			ck_assert_int_eq(cell(r, table, rows - 1, col), open_carrying);
		}
		for (row = 0; row < rows; row++)
			ck_assert_int_eq(cell(r, table, row, 3),
					 cell(r, table, row, 0) + cell(r, table, row, 1) + cell(r, table, row, 2));
	}
}

START_TEST(generated_book_of_1000_assets)
{
	ds_ledger *book = generated_book(1000);
	ds_ledger_report *prev = NULL, *r = NULL;
	int year;

	ck_assert_uint_eq(ds_ledger_count(book), 1000);
	for (year = 2021; year <= 2030; year++) {
		char start[8], end[8];
		int row, col;
		snprintf(start, sizeof start, "%04d-01", year % 10000);
		snprintf(end, sizeof end, "%04d-12", year % 10000);
		ck_assert_ds_ok(ds_ledger_report_new(&r, book, start, end));
		check_identities(r);
		check_entries(r, NULL);
		{
			/* The per-asset figures add up to the tables' closing balances. */
			ds_ledger_figures f;
			ds_ledger_asset_figures x;
			int64_t intangible = 0, inventory = 0;
			size_t k, indefinite = 0;
			ck_assert_ds_ok(ds_ledger_report_figures(&f, r));
			for (k = 0; k < 1000; k++) {
				ck_assert_ds_ok(ds_ledger_report_asset_at(&x, r, k));
				ck_assert_int_eq(x.carrying, x.cost - x.accumulated - x.allowance);
				if (x.asset_class == DS_LEDGER_INTANGIBLE)
					intangible += x.carrying;
				else
					inventory += x.carrying;
				indefinite += x.on_books && x.remaining_months < 0;
			}
			ck_assert_int_eq(intangible, f.intangible);
			ck_assert_int_eq(inventory, f.inventory);
			ck_assert_uint_eq(indefinite, f.indefinite_count);
		}
		/* This year opens with last year's closing balances. */
		if (prev) {
			static const int pairs1[][2] = { { DS_LEDGER_R1_COST_OPENING, DS_LEDGER_R1_COST_CLOSING },
							 { DS_LEDGER_R1_AMORT_OPENING, DS_LEDGER_R1_AMORT_CLOSING },
							 { DS_LEDGER_R1_IMP_OPENING, DS_LEDGER_R1_IMP_CLOSING },
							 { DS_LEDGER_R1_CARRYING_OPENING,
							   DS_LEDGER_R1_CARRYING_CLOSING } };
			static const int pairs2[][2] = { { DS_LEDGER_R2_COST_OPENING, DS_LEDGER_R2_COST_CLOSING },
							 { DS_LEDGER_R2_PROV_OPENING, DS_LEDGER_R2_PROV_CLOSING },
							 { DS_LEDGER_R2_CARRYING_OPENING,
							   DS_LEDGER_R2_CARRYING_CLOSING } };
			for (col = 0; col < 4; col++) {
				for (row = 0; row < 4; row++)
					ck_assert_int_eq(cell(r, DS_LEDGER_TABLE_1, pairs1[row][0], col),
							 cell(prev, DS_LEDGER_TABLE_1, pairs1[row][1], col));
				for (row = 0; row < 3; row++)
					ck_assert_int_eq(cell(r, DS_LEDGER_TABLE_2, pairs2[row][0], col),
							 cell(prev, DS_LEDGER_TABLE_2, pairs2[row][1], col));
			}
		}
		ds_ledger_report_free(prev);
		prev = r;
		r = NULL;
	}
	ds_ledger_report_free(prev);
	ds_ledger_free(book);
}
END_TEST

/* The whole-range report's amortisation equals the sum of every asset's schedule. */
START_TEST(report_amortisation_matches_schedules)
{
	ds_ledger *book = generated_book(300);
	ds_ledger_report *r = NULL;
	ds_ledger_figures f;
	int64_t total = 0;
	size_t i, j;

	ck_assert_ds_ok(ds_ledger_report_new(&r, book, "2000-01", "2200-12"));
	ck_assert_ds_ok(ds_ledger_report_figures(&f, r));
	for (i = 0; i < 300; i++) {
		char id[16];
		ds_ledger_schedule *s = NULL;
		snprintf(id, sizeof id, "A%05zu", i);
		if (ds_ledger_asset_schedule(&s, book, id) == DS_EINVAL)
			continue; /* inventory */
		for (j = 0; j < ds_ledger_schedule_count(s); j++)
			total += line_at(s, j).charge;
		ds_ledger_schedule_free(s);
	}
	ck_assert_int_eq(f.amortisation, total);
	ck_assert_int_eq(cell(r, DS_LEDGER_TABLE_1, DS_LEDGER_R1_AMORT_INC_CHARGED, 3), total);
	ds_ledger_report_free(r);
	ds_ledger_free(book);
}
END_TEST

/* ---------------------------------------------------------------- bad input to the book */

START_TEST(book_rejects_and_changes_nothing)
{
	ds_ledger *book = new_book();
	ds_ledger_asset a = DS_LEDGER_ASSET_INIT;
	ds_ledger_cost c = DS_LEDGER_COST_INIT;
	ds_ledger_report *r = (ds_ledger_report *)&r;
	ds_decimal *amount = tu_dec("100");
	int64_t cost;

	add_asset(book, "OK", DS_LEDGER_INTANGIBLE, DS_LEDGER_PURCHASED, "2024-03-01", NULL, 12);
	a.id = "B1";
	a.asset_class = DS_LEDGER_INTANGIBLE;
	a.origin = DS_LEDGER_PURCHASED;
	a.acquired = "2024-03-01";
	a.useful_life_months = -5;
	ck_assert_ds_err(ds_ledger_add_asset(book, &a), DS_EINVAL);
	ck_assert_field("useful_life_months");
	a.useful_life_months = 12;
	a.available = "2024-02-28";
	ck_assert_ds_err(ds_ledger_add_asset(book, &a), DS_EINVAL);
	ck_assert_field("available");
	a.available = "2024-02-30";
	ck_assert_ds_err(ds_ledger_add_asset(book, &a), DS_EINVAL);
	ck_assert_field("available");
	a.available = NULL;
	a.method = (ds_ledger_method)9;
	ck_assert_ds_err(ds_ledger_add_asset(book, &a), DS_EINVAL);
	ck_assert_field("method");
	a.method = DS_LEDGER_UNITS_OF_BENEFIT;
	ck_assert_ds_err(ds_ledger_add_asset(book, &a), DS_EINVAL);
	ck_assert_field("units");
	a.method = DS_LEDGER_STRAIGHT_LINE;
	a.conditions_evidence[0] = "立项书";
	ck_assert_ds_err(ds_ledger_add_asset(book, &a), DS_EINVAL);
	ck_assert_field("conditions_evidence[1]");
	a.conditions_evidence[0] = NULL;
	a.conditions_met = "2024-03-01";
	ck_assert_ds_err(ds_ledger_add_asset(book, &a), DS_EINVAL);
	ck_assert_field("conditions_met");
	a.conditions_met = NULL;
	a.asset_class = (ds_ledger_class)0;
	ck_assert_ds_err(ds_ledger_add_asset(book, &a), DS_EINVAL);
	ck_assert_field("class");
	a.asset_class = DS_LEDGER_INTANGIBLE;
	a.origin = (ds_ledger_origin)4;
	ck_assert_ds_err(ds_ledger_add_asset(book, &a), DS_EINVAL);
	ck_assert_field("origin");
	a.origin = DS_LEDGER_PURCHASED;
	a.acquired = NULL;
	ck_assert_ds_err(ds_ledger_add_asset(book, &a), DS_EINVAL);
	ck_assert_field("acquired");
	a.acquired = "2024-03-01";
	a.id = "OK";
	ck_assert_ds_err(ds_ledger_add_asset(book, &a), DS_EEXISTS);
	a.id = "";
	ck_assert_ds_err(ds_ledger_add_asset(book, &a), DS_EINVAL);
	ck_assert_uint_eq(ds_ledger_count(book), 1);

	/* Cost items. */
	c.date = "2024-03-01";
	c.amount = amount;
	ck_assert_ds_err(ds_ledger_add_cost(book, "OK", &c), DS_EINVAL);
	ck_assert_field("category");
	ck_assert_msg(strstr(ds_error_last()->message, "category") != NULL, "%s", ds_error_last()->message);
	c.category = DS_LEDGER_COST_PRICE;
	c.phase = DS_LEDGER_PHASE_RESEARCH;
	ck_assert_ds_err(ds_ledger_add_cost(book, "OK", &c), DS_EINVAL);
	ck_assert_field("phase");
	c.phase = DS_LEDGER_PHASE_NONE;
	c.date = "2024/03/01";
	ck_assert_ds_err(ds_ledger_add_cost(book, "OK", &c), DS_EINVAL);
	ck_assert_field("date");
	c.date = "2024-03-01";
	ck_assert_ds_err(ds_ledger_add_cost(book, "missing", &c), DS_ENOTFOUND);
	ds_decimal_free(amount);
	amount = tu_dec("-5");
	c.amount = amount;
	ck_assert_ds_err(ds_ledger_add_cost(book, "OK", &c), DS_EINVAL);
	ck_assert_field("amount");
	ds_decimal_free(amount);
	amount = tu_dec("0.001");
	c.amount = amount;
	ck_assert_ds_err(ds_ledger_add_cost(book, "OK", &c), DS_EINVAL);
	ck_assert_field("amount");
	ck_assert_ds_ok(ds_ledger_asset_cost(&cost, book, "OK"));
	ck_assert_int_eq(cost, 0);

	/* A residual value above the capitalised cost is refused when the schedule is computed. */
	{
		ds_ledger *other = new_book();
		ds_ledger_asset b = DS_LEDGER_ASSET_INIT;
		ds_ledger_schedule *s = NULL;
		ds_decimal *residual = tu_dec("500");
		b.id = "RV";
		b.asset_class = DS_LEDGER_INTANGIBLE;
		b.origin = DS_LEDGER_PURCHASED;
		b.acquired = "2024-03-01";
		b.useful_life_months = 12;
		b.residual = residual;
		ck_assert_ds_ok(ds_ledger_add_asset(other, &b));
		add_cost(other, "RV", "2024-03-01", DS_LEDGER_COST_PRICE, DS_LEDGER_PHASE_NONE, "100", NULL);
		ck_assert_ds_err(ds_ledger_asset_schedule(&s, other, "RV"), DS_EINVAL);
		ck_assert_field("residual");
		ck_assert_ds_err(ds_ledger_report_new(&r, other, "2024-01", "2024-12"), DS_EINVAL);
		ck_assert_field("residual");
		ck_assert_ptr_null(s);
		ds_decimal_free(residual);
		ds_ledger_free(other);
	}

	/* Periods. */
	ck_assert_ds_err(ds_ledger_report_new(&r, book, "2024-12", "2024-01"), DS_EINVAL);
	ck_assert_field("period");
	ck_assert_ds_err(ds_ledger_report_new(&r, book, "2024-00", "2024-12"), DS_EINVAL);
	ck_assert_field("period/start");
	ck_assert_ptr_eq(r, (ds_ledger_report *)&r);

	/* Materiality. */
	ds_decimal_free(amount);
	amount = tu_dec("0");
	ck_assert_ds_err(ds_ledger_set_materiality(book, amount), DS_EINVAL);
	ck_assert_field("materiality");
	ck_assert_ds_ok(ds_ledger_set_materiality(book, NULL));

	/* Accounts. */
	ck_assert_ds_err(ds_ledger_set_account(book, DS_LEDGER_ACC_COUNT, "1", "x"), DS_EINVAL);
	ck_assert_ds_err(ds_ledger_set_account(book, DS_LEDGER_ACC_BANK, "", "x"), DS_EINVAL);
	/* Names and identifiers refuse bidirectional controls (Trojan Source). */
	ck_assert_ds_err(ds_ledger_set_account(book, DS_LEDGER_ACC_BANK, "1002\u2067", "x"), DS_EINVAL);
	ck_assert_field("code");
	ck_assert_str_eq(ds_error_last()->message, "code: character 5 is a bidirectional control character (U+2067), "
						   "not allowed in a name or identifier");
	ck_assert_ds_err(ds_ledger_set_account(book, DS_LEDGER_ACC_BANK, "1002", "银行\u202e存款"), DS_EINVAL);
	ck_assert_field("name");
	ck_assert_ds_err(ds_ledger_dispose(book, "OK", "2024-03-05", (ds_ledger_disposal)0, NULL, NULL), DS_EINVAL);
	ck_assert_ds_err(ds_ledger_dispose(book, "OK", "2024-02-05", DS_LEDGER_DISPOSE_SALE, NULL, NULL), DS_EINVAL);
	ck_assert_field("disposal/date");
	ds_decimal_free(amount);
	ds_ledger_free(book);
	ds_ledger_free(NULL);
	ds_ledger_report_free(NULL);
}
END_TEST

/* The book bounds the magnitudes it accepts so that no sum can overflow. */
START_TEST(book_bound_and_null_arguments)
{
	ds_ledger *book = new_book();
	ds_ledger_report *r = NULL;
	ds_ledger_cost c = DS_LEDGER_COST_INIT;
	ds_decimal *big = tu_dec("9999999999999.99");
	int64_t cost, v;
	int rc = DS_OK, i;
	ds_ledger_entry e;
	ds_ledger_figures f;
	ds_ledger_asset_figures x;
	ds_ledger_schedule_line l;
	const char *text;
	char *out = NULL;

	add_asset(book, "BIG", DS_LEDGER_INVENTORY, DS_LEDGER_PURCHASED, "2024-01-01", NULL, 0);
	c.date = "2024-01-01";
	c.category = DS_LEDGER_COST_PRICE;
	c.amount = big;
	for (i = 0; i < 2100 && (rc = ds_ledger_add_cost(book, "BIG", &c)) == DS_OK; i++)
		;
	ck_assert_int_eq(rc, DS_ERANGE);
	ck_assert_int_eq(i, 2000);
	ck_assert_ds_ok(ds_ledger_asset_cost(&cost, book, "BIG"));
	ck_assert_int_eq(cost, INT64_C(999999999999999) * 2000);
	ck_assert_ds_ok(ds_ledger_report_new(&r, book, "2024-01", "2024-12"));
	ck_assert_int_eq(cell(r, DS_LEDGER_TABLE_2, DS_LEDGER_R2_CARRYING_CLOSING, DS_LEDGER_COL_TOTAL), cost);
	check_entries(r, NULL);

	/* NULL arguments: DS_EINVAL, never a crash. */
	ck_assert_ds_err(ds_ledger_new(NULL), DS_EINVAL);
	ck_assert_ds_err(ds_ledger_add_asset(NULL, NULL), DS_EINVAL);
	ck_assert_ds_err(ds_ledger_add_asset(book, NULL), DS_EINVAL);
	ck_assert_ds_err(ds_ledger_add_cost(NULL, "BIG", &c), DS_EINVAL);
	ck_assert_ds_err(ds_ledger_add_cost(book, NULL, &c), DS_EINVAL);
	ck_assert_ds_err(ds_ledger_add_cost(book, "BIG", NULL), DS_EINVAL);
	ck_assert_ds_err(ds_ledger_add_impairment(NULL, "BIG", "2024-01-01", big), DS_EINVAL);
	ck_assert_ds_err(ds_ledger_add_writedown(book, NULL, "2024-01-01", big, 0), DS_EINVAL);
	ck_assert_ds_err(ds_ledger_add_writedown(book, "BIG", NULL, big, 0), DS_EINVAL);
	ck_assert_ds_err(ds_ledger_add_writedown(book, "BIG", "2024-06-01", NULL, 0), DS_EINVAL);
	ck_assert_ds_err(ds_ledger_add_nrv_test(book, "BIG", "2024-06-01", NULL), DS_EINVAL);
	ck_assert_ds_err(ds_ledger_add_licence(book, "BIG", "2024-06-01", NULL, NULL), DS_EINVAL);
	ck_assert_ds_err(ds_ledger_dispose(NULL, "BIG", "2024-06-01", DS_LEDGER_DISPOSE_SALE, NULL, NULL), DS_EINVAL);
	ck_assert_ds_err(ds_ledger_set_account(NULL, DS_LEDGER_ACC_BANK, "1", "x"), DS_EINVAL);
	ck_assert_ds_err(ds_ledger_set_materiality(NULL, NULL), DS_EINVAL);
	ck_assert_ds_err(ds_ledger_cost_rule(NULL, NULL, NULL, "BIG", 0), DS_EINVAL);
	ck_assert_ds_err(ds_ledger_cost_rule(NULL, &text, book, "BIG", 5000), DS_ERANGE);
	ck_assert_ds_err(ds_ledger_cost_rule(NULL, &text, book, "nope", 0), DS_ENOTFOUND);
	ck_assert_ds_err(ds_ledger_asset_cost(NULL, book, "BIG"), DS_EINVAL);
	ck_assert_ds_err(ds_ledger_asset_cost(&v, book, "nope"), DS_ENOTFOUND);
	ck_assert_ds_err(ds_ledger_asset_schedule(NULL, book, "BIG"), DS_EINVAL);
	ck_assert_ds_err(ds_ledger_report_new(NULL, book, "2024-01", "2024-12"), DS_EINVAL);
	ck_assert_ds_err(ds_ledger_report_new(&r, NULL, "2024-01", "2024-12"), DS_EINVAL);
	ck_assert_ds_err(ds_ledger_report_new(&r, book, NULL, "2024-12"), DS_EINVAL);
	ck_assert_ds_err(ds_ledger_report_cell(NULL, r, DS_LEDGER_TABLE_1, 0, DS_LEDGER_COL_PURCHASED), DS_EINVAL);
	ck_assert_ds_err(ds_ledger_report_cell(&v, NULL, DS_LEDGER_TABLE_1, 0, DS_LEDGER_COL_PURCHASED), DS_EINVAL);
	ck_assert_ds_err(ds_ledger_report_figures(NULL, r), DS_EINVAL);
	ck_assert_ds_err(ds_ledger_report_figures(&f, NULL), DS_EINVAL);
	ck_assert_ds_err(ds_ledger_report_asset_at(&x, NULL, 0), DS_EINVAL);
	ck_assert_ds_err(ds_ledger_report_entry_at(&e, NULL, 0), DS_EINVAL);
	ck_assert_ds_err(ds_ledger_report_entry_at(NULL, r, 0), DS_EINVAL);
	ck_assert_ds_err(ds_ledger_report_asset_at(NULL, r, 0), DS_EINVAL);
	ck_assert_ds_err(ds_ledger_report_write(NULL, r, DS_LEDGER_PART_ENTRIES, DS_LEDGER_FORMAT_TEXT, 0), DS_EINVAL);
	ck_assert_ds_err(ds_ledger_report_write(&out, r, DS_LEDGER_PART_ENTRIES, DS_LEDGER_FORMAT_CSV, 0x10),
			 DS_EINVAL);
	ck_assert_ds_err(ds_ledger_schedule_write(&out, NULL, DS_LEDGER_FORMAT_TEXT, 0), DS_EINVAL);
	ck_assert_ds_err(ds_ledger_schedule_at(&l, NULL, 0), DS_EINVAL);
	ck_assert_ds_err(ds_ledger_schedule_at(NULL, NULL, 0), DS_EINVAL);
	ck_assert_ds_err(ds_ledger_load(NULL, "x.xml"), DS_EINVAL);
	ck_assert_ds_err(ds_ledger_parse(NULL, "x", 1, NULL), DS_EINVAL);
	ck_assert_ds_err(ds_ledger_period_at(&text, &text, NULL, 0), DS_EINVAL);
	ck_assert_ds_err(ds_ledger_period_at(NULL, &text, book, 0), DS_EINVAL);
	ck_assert_ds_err(ds_ledger_period_at(&text, NULL, book, 0), DS_EINVAL);
	ck_assert_ds_err(ds_ledger_asset_init(NULL, DS_LEDGER_ASSET_VERSION), DS_EINVAL);
	ck_assert_ds_err(ds_ledger_cost_init(NULL, DS_LEDGER_COST_VERSION), DS_EINVAL);
	ck_assert_ptr_null(out);
	ck_assert_ptr_null(ds_ledger_entity(NULL));
	ck_assert_ptr_null(ds_ledger_entity(book));
	ck_assert_uint_eq(ds_ledger_period_count(NULL), 0);
	ck_assert_uint_eq(ds_ledger_count(NULL), 0);
	ck_assert_uint_eq(ds_ledger_report_entry_count(NULL), 0);
	ck_assert_uint_eq(ds_ledger_report_asset_count(NULL), 0);
	{
		ds_ledger_asset a;
		ds_ledger_cost k;
		ck_assert_ds_ok(ds_ledger_asset_init(&a, DS_LEDGER_ASSET_VERSION));
		ck_assert_int_eq(a.method, DS_LEDGER_STRAIGHT_LINE);
		ck_assert_ds_err(ds_ledger_asset_init(&a, 99), DS_EINVAL);
		ck_assert_ds_ok(ds_ledger_cost_init(&k, DS_LEDGER_COST_VERSION));
		k.version = 99;
		ck_assert_ds_err(ds_ledger_add_cost(book, "BIG", &k), DS_EINVAL);
		a.version = 99;
		ck_assert_ds_err(ds_ledger_add_asset(book, &a), DS_EINVAL);
	}
	ds_ledger_report_free(r);
	ds_decimal_free(big);
	ds_ledger_free(book);
}
END_TEST

/* Text kept by the book is NFC: an id given decomposed is found precomposed, and the other way. */
START_TEST(ids_are_nfc)
{
	ds_ledger *book = new_book();
	ds_ledger_report *r = NULL;
	ds_ledger_asset_figures x;
	int64_t cost;

	add_asset(book, "数据A\xCC\x8A", DS_LEDGER_INTANGIBLE, DS_LEDGER_PURCHASED, "2024-01-01", NULL,
		  12); /* A + ring */
	add_cost(book, "数据\xC3\x85", "2024-01-01", DS_LEDGER_COST_PRICE, DS_LEDGER_PHASE_NONE, "1200",
		 NULL); /* Å precomposed */
	ck_assert_ds_ok(ds_ledger_asset_cost(&cost, book, "数据A\xCC\x8A"));
	ck_assert_int_eq(cost, 120000);
	ck_assert_ds_ok(ds_ledger_report_new(&r, book, "2024-01", "2024-12"));
	ck_assert_ds_ok(ds_ledger_report_asset_at(&x, r, 0));
	ck_assert_str_eq(x.id, "数据\xC3\x85");
	ds_ledger_report_free(r);
	{
		ds_ledger_asset a = DS_LEDGER_ASSET_INIT;
		a.id = "数据\xC3\x85";
		a.asset_class = DS_LEDGER_INVENTORY;
		a.origin = DS_LEDGER_PURCHASED;
		a.acquired = "2024-01-01";
		ck_assert_ds_err(ds_ledger_add_asset(book, &a), DS_EEXISTS);
		a.id = "bad\xff";
		ck_assert_ds_err(ds_ledger_add_asset(book, &a), DS_EINVAL);
	}
	ds_ledger_free(book);
}
END_TEST

/* Indexed access: the normal case, DS_ERANGE at the count with every output unchanged and
 * the index and count in the message, DS_EINVAL for a NULL output. */
static void ck_range_message(const char *index, const char *count)
{
	ck_assert_int_eq(ds_error_last()->code, DS_ERANGE);
	ck_assert_msg(strstr(ds_error_last()->message, index) != NULL, "%s", ds_error_last()->message);
	ck_assert_msg(strstr(ds_error_last()->message, count) != NULL, "%s", ds_error_last()->message);
}

START_TEST(indexed_access_ranges)
{
	ds_ledger *book = new_book();
	ds_ledger_asset a = DS_LEDGER_ASSET_INIT;
	ds_ledger_report *r = NULL;
	ds_ledger_schedule *s = NULL;
	ds_ledger_schedule_line line, line_before;
	ds_ledger_asset_figures x, x_before;
	ds_ledger_entry e, e_before;
	const char *text, *rule;
	int64_t v;
	int capitalised;
	size_t i, n;

	add_asset(book, "D1", DS_LEDGER_INTANGIBLE, DS_LEDGER_PURCHASED, "2024-03-15", NULL, 60);
	add_cost(book, "D1", "2024-03-15", DS_LEDGER_COST_PRICE, DS_LEDGER_PHASE_NONE, "1248000.00", "72000.00");
	add_asset(book, "V1", DS_LEDGER_INVENTORY, DS_LEDGER_SELF_BUILT, "2024-02-01", NULL, 0);
	add_cost(book, "V1", "2024-02-01", DS_LEDGER_COST_COLLECT, DS_LEDGER_PHASE_NONE, "3000.00", NULL);
	a.id = "R1";
	a.asset_class = DS_LEDGER_INTANGIBLE;
	a.origin = DS_LEDGER_SELF_BUILT;
	a.acquired = "2024-01-02";
	a.available = "2024-07-01";
	a.conditions_met = "2024-04-01";
	a.useful_life_months = 24;
	for (i = 0; i < DS_LEDGER_CONDITIONS; i++)
		a.conditions_evidence[i] = evidence[i];
	ck_assert_ds_ok(ds_ledger_add_asset(book, &a));
	add_cost(book, "R1", "2024-04-10", DS_LEDGER_COST_RD, DS_LEDGER_PHASE_DEVELOPMENT, "240000", NULL);
	ck_assert_ds_ok(ds_ledger_report_new(&r, book, "2024-01", "2024-12"));

	/* ds_ledger_report_cell: typed table, row and column. */
	ck_assert_ds_ok(ds_ledger_report_cell(&v, r, DS_LEDGER_TABLE_1, DS_LEDGER_R1_COST_INC_PURCHASED,
					      DS_LEDGER_COL_PURCHASED));
	ck_assert_int_eq(v, 124800000);
	ck_assert_ds_ok(
		ds_ledger_report_cell(&v, r, DS_LEDGER_TABLE_2, DS_LEDGER_R2_COST_CLOSING, DS_LEDGER_COL_TOTAL));
	ck_assert_int_eq(v, 300000);
	ck_assert_ds_ok(
		ds_ledger_report_cell(&v, r, DS_LEDGER_TABLE_1, DS_LEDGER_R1_COUNT - 1, DS_LEDGER_COL_COUNT - 1));
	v = 42;
	ck_assert_ds_err(ds_ledger_report_cell(&v, r, (ds_ledger_table)3, 0, DS_LEDGER_COL_TOTAL), DS_ERANGE);
	ck_assert_field("table");
	ck_assert_ds_err(ds_ledger_report_cell(&v, r, (ds_ledger_table)0, 0, DS_LEDGER_COL_TOTAL), DS_ERANGE);
	ck_assert_ds_err(ds_ledger_report_cell(&v, r, DS_LEDGER_TABLE_1, DS_LEDGER_R1_COUNT, DS_LEDGER_COL_TOTAL),
			 DS_ERANGE);
	ck_assert_field("row");
	ck_range_message("index 28", "28 rows");
	/* A row of table (1) past the end of table (2). */
	ck_assert_ds_err(ds_ledger_report_cell(&v, r, DS_LEDGER_TABLE_2, DS_LEDGER_R2_COUNT, DS_LEDGER_COL_TOTAL),
			 DS_ERANGE);
	ck_range_message("index 21", "21 rows");
	ck_assert_ds_err(ds_ledger_report_cell(&v, r, DS_LEDGER_TABLE_1, 0, DS_LEDGER_COL_COUNT), DS_ERANGE);
	ck_assert_field("column");
	ck_range_message("index 4", "4 columns");
	ck_assert_ds_err(ds_ledger_report_cell(&v, r, DS_LEDGER_TABLE_1, 0, (ds_ledger_column)-1), DS_ERANGE);
	ck_assert_int_eq(v, 42);
	ck_assert_ds_err(ds_ledger_report_cell(NULL, r, DS_LEDGER_TABLE_1, 0, DS_LEDGER_COL_TOTAL), DS_EINVAL);

	/* ds_ledger_report_asset_count / _asset_at. */
	n = ds_ledger_report_asset_count(r);
	ck_assert_uint_eq(n, 3);
	ck_assert_uint_eq(n, ds_ledger_count(book));
	ck_assert_ds_ok(ds_ledger_report_asset_at(&x, r, 0));
	ck_assert_str_eq(x.id, "D1");
	ck_assert_ds_ok(ds_ledger_report_asset_at(&x, r, n - 1));
	ck_assert_str_eq(x.id, "R1");
	x_before = x;
	ck_assert_ds_err(ds_ledger_report_asset_at(&x, r, n), DS_ERANGE);
	ck_range_message("index 3", "3 assets");
	ck_assert_mem_eq(&x, &x_before, sizeof x);
	ck_assert_ds_err(ds_ledger_report_asset_at(&x, r, SIZE_MAX), DS_ERANGE);
	ck_assert_ds_err(ds_ledger_report_asset_at(NULL, r, 0), DS_EINVAL);
	ck_assert_ds_err(ds_ledger_report_asset_at(&x, NULL, 0), DS_EINVAL);

	/* ds_ledger_report_entry_at: a copy whose postings stay borrowed from the report. */
	n = ds_ledger_report_entry_count(r);
	ck_assert_uint_gt(n, 2);
	for (i = 0; i < n; i++) {
		ck_assert_ds_ok(ds_ledger_report_entry_at(&e, r, i));
		if (strcmp(e.asset_id, "D1") == 0 && strcmp(e.event, "购入") == 0)
			break;
	}
	ck_assert_uint_lt(i, n);
	ck_assert_int_eq(e.year * 10000 + e.month * 100 + e.day, 20240315);
	ck_assert_uint_eq(e.posting_count, 3);
	ck_assert_str_eq(e.postings[0].code, "1701");
	ck_assert_int_eq(e.postings[0].amount, 124800000);
	ck_assert_int_eq(e.postings[2].amount, 132000000);
	{
		ds_ledger_entry again;
		ck_assert_ds_ok(ds_ledger_report_entry_at(&again, r, i));
		ck_assert_ptr_eq(again.postings, e.postings); /* borrowed, not copied */
	}
	ck_assert_ds_ok(ds_ledger_report_entry_at(&e, r, n - 1));
	e_before = e;
	ck_assert_ds_err(ds_ledger_report_entry_at(&e, r, n), DS_ERANGE);
	{
		char index[32], count[48];
		snprintf(index, sizeof index, "index %zu", n);
		snprintf(count, sizeof count, "%zu entries", n);
		ck_range_message(index, count);
	}
	ck_assert_mem_eq(&e, &e_before, sizeof e);
	ck_assert_ds_err(ds_ledger_report_entry_at(NULL, r, 0), DS_EINVAL);
	ck_assert_ds_err(ds_ledger_report_entry_at(&e, NULL, 0), DS_EINVAL);

	/* ds_ledger_asset_condition: 1 to 5. */
	ck_assert_ds_ok(ds_ledger_asset_condition(&text, book, "R1", 1));
	ck_assert_str_eq(text, evidence[0]);
	ck_assert_ds_ok(ds_ledger_asset_condition(&text, book, "R1", DS_LEDGER_CONDITIONS));
	ck_assert_str_eq(text, evidence[4]);
	ck_assert_ds_ok(ds_ledger_asset_condition(&text, book, "D1", 2));
	ck_assert_ptr_null(text);
	text = "unchanged";
	ck_assert_ds_err(ds_ledger_asset_condition(&text, book, "R1", 0), DS_ERANGE);
	ck_assert_field("condition");
	ck_assert_ds_err(ds_ledger_asset_condition(&text, book, "R1", 6), DS_ERANGE);
	ck_assert_ds_err(ds_ledger_asset_condition(&text, book, "R1", UINT_MAX), DS_ERANGE);
	ck_assert_str_eq(text, "unchanged");
	ck_assert_ds_err(ds_ledger_asset_condition(&text, book, "nope", 1), DS_ENOTFOUND);
	ck_assert_ds_err(ds_ledger_asset_condition(NULL, book, "R1", 1), DS_EINVAL);

	/* ds_ledger_cost_rule: an index past the asset's cost items; an unknown asset. */
	ck_assert_ds_ok(ds_ledger_cost_rule(&capitalised, &rule, book, "R1", 0));
	ck_assert_int_eq(capitalised, 1);
	rule = "unchanged";
	capitalised = 7;
	ck_assert_ds_err(ds_ledger_cost_rule(&capitalised, &rule, book, "R1", 1), DS_ERANGE);
	ck_range_message("index 1", "1 cost items");
	ck_assert_int_eq(capitalised, 7);
	ck_assert_str_eq(rule, "unchanged");
	ck_assert_ds_err(ds_ledger_cost_rule(&capitalised, &rule, book, "nope", 0), DS_ENOTFOUND);

	/* ds_ledger_schedule_at. */
	ck_assert_ds_ok(ds_ledger_asset_schedule(&s, book, "D1"));
	n = ds_ledger_schedule_count(s);
	ck_assert_uint_eq(n, 60);
	ck_assert_ds_ok(ds_ledger_schedule_at(&line, s, n - 1));
	ck_assert_int_eq(line.closing, 0);
	line_before = line;
	ck_assert_ds_err(ds_ledger_schedule_at(&line, s, n), DS_ERANGE);
	ck_range_message("index 60", "60 lines");
	ck_assert_mem_eq(&line, &line_before, sizeof line);
	ck_assert_ds_err(ds_ledger_schedule_at(NULL, s, 0), DS_EINVAL);

	/* ds_ledger_period_at on a book built through the API: no periods. */
	ck_assert_uint_eq(ds_ledger_period_count(book), 0);
	text = "unchanged";
	rule = "unchanged";
	ck_assert_ds_err(ds_ledger_period_at(&text, &rule, book, 0), DS_ERANGE);
	ck_range_message("index 0", "0 periods");
	ck_assert_str_eq(text, "unchanged");
	ck_assert_str_eq(rule, "unchanged");

	ds_ledger_schedule_free(s);
	ds_ledger_report_free(r);
	ds_ledger_free(book);
}
END_TEST

/* Amounts in fen as text, plain and grouped. */
static const struct {
	int64_t fen;
	const char *plain, *grouped;
} fen_texts[] = {
	{ 0, "0.00", "0.00" },
	{ 5, "0.05", "0.05" },
	{ -5, "-0.05", "-0.05" },
	{ 100, "1.00", "1.00" },
	{ 99999, "999.99", "999.99" },
	{ 100000, "1000.00", "1,000.00" },
	{ -123456789, "-1234567.89", "-1,234,567.89" },
	{ 100000000, "1000000.00", "1,000,000.00" },
	{ INT64_MAX, "92233720368547758.07", "92,233,720,368,547,758.07" },
	{ INT64_MIN, "-92233720368547758.08", "-92,233,720,368,547,758.08" },
};

START_TEST(fen_text)
{
	char text[DS__FEN_TEXT];
	size_t i;

	for (i = 0; i < sizeof fen_texts / sizeof fen_texts[0]; i++) {
		ck_assert_uint_eq(ds__fen_text(text, fen_texts[i].fen, 0), strlen(fen_texts[i].plain));
		ck_assert_str_eq(text, fen_texts[i].plain);
		ds__fen_text(text, fen_texts[i].fen, 1);
		ck_assert_str_eq(text, fen_texts[i].grouped);
	}
}
END_TEST

/* ---------------------------------------------------------------- outputs */

START_TEST(outputs_text_csv_xml)
{
	ds_ledger *book = new_book();
	ds_ledger_report *r = NULL;
	ds_ledger_schedule *s = NULL;
	ds_decimal *cost = tu_dec("1000000");
	char *text = NULL;
	xmlDocPtr doc = NULL;
	ds_ledger_entry e;
	int part;

	ck_assert_ds_ok(ds_ledger_schedule_new(&s, cost, "2024-03", 36, NULL));
	ck_assert_ds_ok(ds_ledger_schedule_write(&text, s, DS_LEDGER_FORMAT_CSV, DS_LEDGER_BOM));
	ck_assert_msg(
		strncmp(text,
			"\xEF\xBB\xBF月份,期初账面价值,本月摊销,累计摊销,减值损失,期末账面价值,尾差调整\r\n"
			"2024-03,1000000.00,27777.78,27777.78,0.00,972222.22,\r\n",
			strlen("\xEF\xBB\xBF月份,期初账面价值,本月摊销,累计摊销,减值损失,期末账面价值,尾差调整\r\n"
			       "2024-03,1000000.00,27777.78,27777.78,0.00,972222.22,\r\n")) == 0,
		"%s", text);
	ck_assert_ptr_nonnull(strstr(text, "2027-02,27777.70,27777.70,1000000.00,0.00,0.00,是\r\n"));
	ds_free(text);
	text = NULL;
	ck_assert_ds_ok(ds_ledger_schedule_write(&text, s, DS_LEDGER_FORMAT_TEXT, 0));
	ck_assert_ptr_nonnull(strstr(
		text,
		"2027-02           27,777.70         27,777.70      1,000,000.00              0.00              0.00  尾差调整\n"));
	ds_free(text);
	text = NULL;
	ck_assert_ds_ok(ds_ledger_schedule_write(&text, s, DS_LEDGER_FORMAT_XML, 0));
	ck_assert_ds_ok(ds__xml_load_memory(&doc, text, strlen(text), "schedule.xml", "ledger.xsd"));
	xmlFreeDoc(doc);
	ds_free(text);
	text = NULL;
	ck_assert_ds_err(ds_ledger_schedule_write(&text, s, DS_LEDGER_FORMAT_TEXT, DS_LEDGER_BOM), DS_EINVAL);
	ck_assert_ds_err(ds_ledger_schedule_write(&text, s, (ds_ledger_format)3, 0), DS_EINVAL);
	ck_assert_ptr_null(text);

	/* A renamed account appears in the entries. */
	ck_assert_ds_ok(
		ds_ledger_set_account(book, DS_LEDGER_ACC_INTANGIBLE, "170101", "无形资产—数据资源—客户画像库"));
	add_asset(book, "D1", DS_LEDGER_INTANGIBLE, DS_LEDGER_PURCHASED, "2024-03-15", NULL, 60);
	add_cost(book, "D1", "2024-03-15", DS_LEDGER_COST_PRICE, DS_LEDGER_PHASE_NONE, "1248000.00", NULL);
	add_asset(book, "V1", DS_LEDGER_INVENTORY, DS_LEDGER_SELF_BUILT, "2024-02-01", NULL, 0);
	add_cost(book, "V1", "2024-02-01", DS_LEDGER_COST_COLLECT, DS_LEDGER_PHASE_NONE, "3000.00", NULL);
	ck_assert_ds_ok(ds_ledger_report_new(&r, book, "2024-01", "2024-12"));
	ck_assert_ds_ok(ds_ledger_report_entry_at(&e, r, 1));
	ck_assert_str_eq(e.postings[0].code, "170101");
	ck_assert_str_eq(e.postings[0].name, "无形资产—数据资源—客户画像库");
	ck_assert_ds_ok(ds_ledger_report_entry_at(&e, r, 0));
	ck_assert_str_eq(e.event, "加工");
	ck_assert_str_eq(e.postings[0].code, "5001");
	for (part = 0; part < 4; part++) {
		ck_assert_ds_ok(ds_ledger_report_write(&text, r, (ds_ledger_part)part, DS_LEDGER_FORMAT_XML, 0));
		ck_assert_msg(ds__xml_load_memory(&doc, text, strlen(text), "report.xml", "ledger.xsd") == DS_OK,
			      "part %d: %s\n%s", part, ds_error_last()->message, text);
		xmlFreeDoc(doc);
		ds_free(text);
		ck_assert_ds_ok(ds_ledger_report_write(&text, r, (ds_ledger_part)part, DS_LEDGER_FORMAT_TEXT, 0));
		ck_assert_uint_gt(strlen(text), 10);
		ds_free(text);
		ck_assert_ds_ok(ds_ledger_report_write(&text, r, (ds_ledger_part)part, DS_LEDGER_FORMAT_CSV, 0));
		ck_assert_uint_gt(strlen(text), 10);
		ds_free(text);
	}
	ck_assert_ds_ok(ds_ledger_report_write(&text, r, DS_LEDGER_PART_ENTRIES, DS_LEDGER_FORMAT_CSV, 0));
	ck_assert_msg(strncmp(text, "凭证号,日期,资产编号,摘要,科目编码,科目名称,借方金额,贷方金额\r\n", 10) == 0, "%s",
		      text);
	ck_assert_ptr_nonnull(strstr(text, "2,2024-03-15,D1,购入,170101,无形资产—数据资源—客户画像库,1248000.00,\r\n"));
	ds_free(text);
	ck_assert_ds_ok(ds_ledger_report_write(&text, r, DS_LEDGER_PART_BALANCE, DS_LEDGER_FORMAT_TEXT, 0));
	ck_assert_ptr_nonnull(strstr(text, "1,040,000.00"));
	ck_assert_ptr_nonnull(strstr(text, "3,000.00"));
	ds_free(text);
	text = NULL;
	ck_assert_ds_err(ds_ledger_report_write(&text, r, (ds_ledger_part)9, DS_LEDGER_FORMAT_TEXT, 0), DS_EINVAL);
	ck_assert_ptr_null(text);
	ds_ledger_report_free(r);
	ds_ledger_schedule_free(s);
	ds_decimal_free(cost);
	ds_ledger_free(book);
}
END_TEST

/* ---------------------------------------------------------------- documents */

static char *fixture_path(const char *name)
{
	const char *srcdir = getenv("top_srcdir");
	size_t n = strlen(srcdir ? srcdir : ".") + strlen(name) + 32;
	char *path = malloc(n);
	ck_assert_ptr_nonnull(path);
	snprintf(path, n, "%s/tests/fixtures/ledger/%s", srcdir ? srcdir : ".", name);
	return path;
}

START_TEST(document_fixture)
{
	char *path = fixture_path("book.xml");
	ds_ledger *book = NULL;
	ds_ledger_report *r = NULL;
	ds_ledger_figures f;
	const char *start, *end;
	ds_ledger_entry e;

	ck_assert_ds_ok(ds_ledger_load(&book, path));
	ck_assert_str_eq(ds_ledger_entity(book), "济南示例数据科技有限公司");
	ck_assert_uint_eq(ds_ledger_count(book), 5);
	ck_assert_uint_eq(ds_ledger_period_count(book), 2);
	ck_assert_ds_ok(ds_ledger_period_at(&start, &end, book, 1));
	ck_assert_str_eq(start, "2025-01");
	ck_assert_str_eq(end, "2025-12");
	{
		const char *s0 = "s", *e0 = "e";
		ck_assert_ds_err(ds_ledger_period_at(&s0, &e0, book, 2), DS_ERANGE);
		ck_assert_str_eq(s0, "s");
		ck_assert_str_eq(e0, "e");
		ck_assert_ptr_nonnull(strstr(ds_error_last()->message, "index 2"));
		ck_assert_ptr_nonnull(strstr(ds_error_last()->message, "2 periods"));
	}
	ck_assert_ds_ok(ds_ledger_period_at(&start, &end, book, 0));
	ck_assert_ds_ok(ds_ledger_report_new(&r, book, start, end));
	check_identities(r);
	check_entries(r, NULL);
	ck_assert_ds_ok(ds_ledger_report_figures(&f, r));
	/* D1 1,040,000 + R1 270,000 + I1 600,000 + X1 480,000 */
	ck_assert_int_eq(f.intangible, 239000000);
	ck_assert_int_eq(f.inventory, 44000000);
	ck_assert_int_eq(f.rd_expensed, 15000000);
	ck_assert_int_eq(f.restricted_count, 1);
	ck_assert_int_eq(f.material_count, 2);
	{
		ds_ledger_asset_figures x;
		ck_assert_ds_ok(ds_ledger_report_asset_at(&x, r, 0));
		ck_assert_str_eq(x.id, "D1");
		ck_assert_str_eq(x.name, "企业征信数据集");
		ck_assert_str_eq(x.restricted, "质押给济南某银行");
		ck_assert_int_eq(x.on_books, 1);
		ck_assert_int_eq(x.cost, 124800000);
		ck_assert_int_eq(x.accumulated, 20800000);
		ck_assert_int_eq(x.carrying, 104000000);
		ck_assert_int_eq(x.remaining_months, 50);
		ck_assert_int_eq(x.material, 1);
		ck_assert_ds_ok(ds_ledger_report_asset_at(&x, r, 2)); /* I1 */
		ck_assert_int_eq(x.allowance, 36000000);
		ck_assert_int_eq(x.carrying, 60000000);
		ck_assert_int_eq(x.remaining_months, 48);
		ck_assert_int_eq(x.material, 1);
		ck_assert_ds_ok(ds_ledger_report_asset_at(&x, r, 3)); /* V1: inventory */
		ck_assert_int_eq(x.allowance, 6000000);
		ck_assert_int_eq(x.carrying, 44000000);
		ck_assert_int_eq(x.material, 0);
		ck_assert_uint_eq(ds_ledger_report_asset_count(r), 5);
		ck_assert_ds_err(ds_ledger_report_asset_at(&x, r, 5), DS_ERANGE);
		ck_assert_int_eq(x.carrying, 44000000); /* unchanged: still V1 */
	}
	ck_assert_ds_ok(ds_ledger_report_entry_at(&e, r, 0));
	ck_assert_str_eq(e.postings[1].code, "100201");
	ck_assert_str_eq(e.postings[1].name, "银行存款—工商银行");
	ds_ledger_report_free(r);
	r = NULL;
	ck_assert_ds_ok(ds_ledger_report_new(&r, book, "2025-01", "2025-12"));
	check_identities(r);
	ck_assert_int_eq(cell(r, DS_LEDGER_TABLE_2, DS_LEDGER_R2_COST_DEC_SOLD, 3), 50000000);
	ck_assert_int_eq(cell(r, DS_LEDGER_TABLE_1, DS_LEDGER_R1_COST_DEC_DISPOSED, 3), 72000000);
	ds_ledger_report_free(r);
	ds_ledger_free(book);
	free(path);
}
END_TEST

#define DOC_HEAD "<ledger xmlns=\"urn:datasset:ledger:1\">\n<entity name=\"E\"/>\n"
#define ASSET_I "<asset id=\"A\" class=\"intangible\" origin=\"purchased\" acquired=\"2024-01-01\" life=\"60\">\n"
#define ASSET_V "<asset id=\"V\" class=\"inventory\" origin=\"purchased\" acquired=\"2024-01-01\">\n"
#define COST "<cost date=\"2024-01-01\" category=\"price\" amount=\"1200000\"/>\n"

static const struct {
	const char *body;
	int code, line;
	const char *field;
} bad_documents[] = {
	/* negative useful life */
	{ "<asset id=\"A\" class=\"intangible\" origin=\"purchased\" acquired=\"2024-01-01\" life=\"-5\"/>\n",
	  DS_EINVAL, 3, "ledger/asset" },
	/* availability before acquisition */
	{ "<asset id=\"A\" class=\"intangible\" origin=\"purchased\" acquired=\"2024-03-01\" available=\"2024-02-01\" "
	  "life=\"12\"/>\n",
	  DS_EINVAL, 3, "ledger/asset" },
	/* amortisation method unknown */
	{ "<asset id=\"A\" class=\"intangible\" origin=\"purchased\" acquired=\"2024-01-01\" life=\"12\" "
	  "method=\"declining\"/>\n",
	  DS_EPARSE, 3, "ledger/asset" },
	/* life neither months nor indefinite */
	{ "<asset id=\"A\" class=\"intangible\" origin=\"purchased\" acquired=\"2024-01-01\" life=\"5y\"/>\n",
	  DS_EINVAL, 3, "ledger/asset/@life" },
	/* reversal of an intangible impairment */
	{ ASSET_I COST "<impairment date=\"2024-12-31\" recoverable=\"600000\"/>\n"
		       "<impairment date=\"2025-06-30\" recoverable=\"900000\"/>\n</asset>\n",
	  DS_ESTATE, 6, "ledger/asset/impairment[2]" },
	/* impairment above the carrying amount */
	{ ASSET_I COST "<impairment date=\"2024-12-31\" recoverable=\"-1\"/>\n</asset>\n", DS_EINVAL, 5,
	  "ledger/asset/impairment" },
	/* cost item without a category */
	{ ASSET_I "<cost date=\"2024-01-01\" amount=\"1200000\"/>\n</asset>\n", DS_EPARSE, 4, "ledger/asset/cost" },
	/* cost item with a date that does not exist */
	{ ASSET_I "<cost date=\"2024-02-30\" category=\"price\" amount=\"1\"/>\n</asset>\n", DS_EINVAL, 4,
	  "ledger/asset/cost" },
	/* an amount below the fen */
	{ ASSET_I "<cost date=\"2024-01-01\" category=\"price\" amount=\"1.005\"/>\n</asset>\n", DS_EINVAL, 4,
	  "ledger/asset/cost/@amount" },
	/* wrong amounts: named by element, attribute and line, never by a schema pattern */
	{ ASSET_I "<cost date=\"2024-01-01\" category=\"price\" amount=\"800,00.00\"/>\n</asset>\n", DS_EINVAL, 4,
	  "ledger/asset/cost/@amount" },
	{ ASSET_I "<cost date=\"2024-01-01\" category=\"price\" amount=\"1\" vat=\"六万\"/>\n</asset>\n", DS_EINVAL, 4,
	  "ledger/asset/cost/@vat" },
	{ ASSET_I COST "<licence date=\"2024-06-01\" fee=\"\"/>\n</asset>\n", DS_EINVAL, 5,
	  "ledger/asset/licence/@fee" },
	{ "<materiality amount=\"1.000.000\"/>\n", DS_EINVAL, 3, "ledger/materiality/@amount" },
	{ ASSET_I COST "<disposal date=\"2024-06-30\" kind=\"sale\" proceeds=\"¥100\"/>\n</asset>\n", DS_EINVAL, 5,
	  "ledger/asset/disposal/@proceeds" },
	/* a period that ends before it starts */
	{ "<period start=\"2024-12\" end=\"2024-01\"/>\n", DS_EINVAL, 3, "ledger/period/@end" },
	/* an inventory write-down reversed beyond the amount written down */
	{ ASSET_V COST "<writedown date=\"2024-06-30\" amount=\"100\"/>\n<reversal date=\"2024-07-31\" "
		       "amount=\"200\"/>\n</asset>\n",
	  DS_ESTATE, 6, "ledger/asset/reversal" },
	/* a write-down above the carrying amount */
	{ ASSET_V COST "<writedown date=\"2024-06-30\" amount=\"1200000.01\"/>\n</asset>\n", DS_EINVAL, 5,
	  "ledger/asset/writedown" },
	/* conditions met without the evidence of all five */
	{ "<asset id=\"A\" class=\"intangible\" origin=\"self-built\" acquired=\"2024-01-01\" life=\"12\" "
	  "conditions-met=\"2024-02-01\">\n<condition n=\"1\" evidence=\"x\"/>\n</asset>\n",
	  DS_EINVAL, 3, "ledger/asset" },
	/* a condition given twice */
	{ "<asset id=\"A\" class=\"intangible\" origin=\"self-built\" acquired=\"2024-01-01\" life=\"12\">\n"
	  "<condition n=\"2\" evidence=\"x\"/>\n<condition n=\"2\" evidence=\"y\"/>\n</asset>\n",
	  DS_EINVAL, 5, "ledger/asset/condition[2]/@n" },
	/* a negative net realisable value */
	{ ASSET_V COST "<nrv date=\"2024-06-30\" value=\"-5\"/>\n</asset>\n", DS_EINVAL, 5, "ledger/asset/nrv" },
	/* the same id twice */
	{ ASSET_I "</asset>\n" ASSET_I "</asset>\n", DS_EPARSE, 5, "ledger/asset[2]" },
	/* a disposal before the asset was ready for use */
	{ ASSET_I COST "<disposal date=\"2023-06-30\" kind=\"sale\"/>\n</asset>\n", DS_EINVAL, 5,
	  "ledger/asset/disposal" },
};

/* The same book written with grouped, plain and exponent amounts gives the same entries:
 * documents read amounts as the CLI's --cost does (DS_DECIMAL_AMOUNT). */
static char *entries_of(const char *cost, const char *vat, const char *threshold)
{
	char doc[2048], *out = NULL;
	ds_ledger *book = NULL;
	ds_ledger_report *r = NULL;

	snprintf(doc, sizeof doc,
		 DOC_HEAD "<period start=\"2024-01\" end=\"2024-12\"/>\n<materiality amount=\"%s\"/>\n" ASSET_I
			  "<cost date=\"2024-01-01\" category=\"price\" amount=\"%s\" vat=\"%s\"/>\n"
			  "<licence date=\"2024-05-10\" fee=\"%s\" vat=\"%s\"/>\n</asset>\n</ledger>\n",
		 threshold, cost, vat, cost, vat);
	ck_assert_ds_ok(ds_ledger_parse(&book, doc, strlen(doc), "grouped.xml"));
	ck_assert_ds_ok(ds_ledger_report_new(&r, book, "2024-01", "2024-12"));
	ck_assert_ds_ok(ds_ledger_report_write(&out, r, DS_LEDGER_PART_ENTRIES, DS_LEDGER_FORMAT_CSV, 0));
	ds_ledger_report_free(r);
	ds_ledger_free(book);
	return out;
}

START_TEST(document_grouped_amounts)
{
	char *plain = entries_of("800000.00", "48000", "500000"),
	     *grouped = entries_of("800,000.00", "48,000.00", "500,000"), *exponent = entries_of("8e5", "4.8e4", "5e5");

	ck_assert_str_eq(plain, grouped);
	ck_assert_str_eq(plain, exponent);
	ck_assert_ptr_nonnull(strstr(plain, "800000.00"));
	ds_free(plain);
	ds_free(grouped);
	ds_free(exponent);
}
END_TEST

/* Input VAT on a purchase, output VAT on a licence fee, under the chart @accounts. */
static char *vat_entries(const char *accounts)
{
	char doc[2048], *out = NULL;
	ds_ledger *book = NULL;
	ds_ledger_report *r = NULL;

	snprintf(doc, sizeof doc,
		 DOC_HEAD "%s" ASSET_I "<cost date=\"2024-01-01\" category=\"price\" amount=\"1000\" vat=\"60\"/>\n"
			  "<licence date=\"2024-05-10\" fee=\"500\" vat=\"30\"/>\n</asset>\n</ledger>\n",
		 accounts);
	ck_assert_ds_ok(ds_ledger_parse(&book, doc, strlen(doc), "vat.xml"));
	ck_assert_ds_ok(ds_ledger_report_new(&r, book, "2024-01", "2024-05"));
	ck_assert_ds_ok(ds_ledger_report_write(&out, r, DS_LEDGER_PART_ENTRIES, DS_LEDGER_FORMAT_CSV, 0));
	ds_ledger_report_free(r);
	ds_ledger_free(book);
	return out;
}

START_TEST(vat_input_and_output)
{
	char *out = vat_entries("");
	ds_ledger *book = NULL;
	ds_ledger_report *r = NULL;
	ds_decimal *amount, *vat;
	ds_ledger_entry e;

	/* the defaults: 进项税额 debited on the purchase, 销项税额 credited on the licence */
	ck_assert_ptr_nonnull(strstr(out, "2221,应交税费—应交增值税（进项税额）,60.00,"));
	ck_assert_ptr_nonnull(strstr(out, "2221,应交税费—应交增值税（销项税额）,,30.00"));
	ds_free(out);
	/* each column mapped on its own */
	out = vat_entries("<accounts><account role=\"vat-input\" code=\"22210101\" name=\"进项\"/>"
			  "<account role=\"vat-output\" code=\"22210102\" name=\"销项\"/></accounts>\n");
	ck_assert_ptr_nonnull(strstr(out, "22210101,进项,60.00,"));
	ck_assert_ptr_nonnull(strstr(out, "22210102,销项,,30.00"));
	ds_free(out);
	/* an earlier book's single role: both columns on the one account, as before */
	out = vat_entries("<accounts><account role=\"vat\" code=\"222101\" name=\"应交增值税\"/></accounts>\n");
	ck_assert_ptr_nonnull(strstr(out, "222101,应交增值税,60.00,"));
	ck_assert_ptr_nonnull(strstr(out, "222101,应交增值税,,30.00"));
	ck_assert_ptr_null(strstr(out, "税额"));
	ds_free(out);
	/* the single role beside a column is ambiguous: refused at the element, nothing built */
	{
		const char *doc = DOC_HEAD "<accounts>\n<account role=\"vat-output\" code=\"1\" name=\"a\"/>\n"
					   "<account role=\"vat\" code=\"2\" name=\"b\"/>\n</accounts>\n</ledger>\n";
		ds_ledger *bad = (ds_ledger *)&bad;
		ck_assert_ds_err(ds_ledger_parse(&bad, doc, strlen(doc), "mixed.xml"), DS_EINVAL);
		ck_assert_ptr_eq(bad, (ds_ledger *)&bad);
		ck_assert_int_eq(ds_error_last()->line, 5);
		ck_assert_str_eq(ds_error_last()->field, "ledger/accounts/account[2]/@role");
		ck_assert_ptr_nonnull(strstr(ds_error_last()->message, "cannot be combined"));
	}
	/* the API: DS_LEDGER_ACC_VAT maps both, a column maps itself */
	ck_assert_ds_ok(ds_ledger_new(&book));
	ck_assert_ds_ok(ds_ledger_set_account(book, DS_LEDGER_ACC_VAT, "2221", "应交增值税"));
	ck_assert_ds_ok(ds_ledger_set_account(book, DS_LEDGER_ACC_VAT_OUTPUT, "222102", "销项"));
	add_asset(book, "A", DS_LEDGER_INTANGIBLE, DS_LEDGER_PURCHASED, "2024-01-01", NULL, 60);
	add_cost(book, "A", "2024-01-01", DS_LEDGER_COST_PRICE, DS_LEDGER_PHASE_NONE, "1000", "60");
	amount = tu_dec("1000");
	vat = tu_dec("60");
	ck_assert_ds_ok(ds_ledger_add_licence(book, "A", "2024-02-01", amount, vat));
	ck_assert_ds_ok(ds_ledger_report_new(&r, book, "2024-01", "2024-02"));
	ck_assert_ds_ok(ds_ledger_report_entry_at(&e, r, 0));
	ck_assert_str_eq(e.postings[1].code, "2221");
	ck_assert_str_eq(e.postings[1].name, "应交增值税");
	ck_assert_ds_ok(ds_ledger_report_entry_at(&e, r, 2));
	ck_assert_str_eq(e.postings[2].code, "222102");
	ck_assert_int_eq(e.postings[2].debit, 0);
	ds_ledger_report_free(r);
	ds_ledger_free(book);
	ds_decimal_free(amount);
	ds_decimal_free(vat);
}
END_TEST

/* 科目汇总表: on both periods of the fixture book, every line is the sum of the postings
 * to its account, the lines are in code order, Σ debits = Σ credits = the entries' totals. */
START_TEST(trial_balance)
{
	char *path = fixture_path("book.xml"), *text = NULL;
	ds_ledger *book = NULL;
	size_t p;

	ck_assert_ds_ok(ds_ledger_load(&book, path));
	for (p = 0; p < ds_ledger_period_count(book); p++) {
		ds_ledger_report *r = NULL;
		const char *start, *end;
		int64_t debit = -1, credit = -1, entries_debit = 0, entries_credit = 0, lines_debit = 0,
			lines_credit = 0;
		size_t i, j, k, n;
		ds_ledger_trial_line l, prev = { "", "", 0, 0 };
		ds_ledger_entry e;

		ck_assert_ds_ok(ds_ledger_period_at(&start, &end, book, p));
		ck_assert_ds_ok(ds_ledger_report_new(&r, book, start, end));
		n = ds_ledger_report_trial_count(r);
		ck_assert_uint_gt(n, 3);
		for (i = 0; i < n; i++) {
			int64_t d = 0, c = 0;
			ck_assert_ds_ok(ds_ledger_report_trial_at(&l, r, i));
			ck_assert_int_gt(
				strcmp(l.code, prev.code) ? strcmp(l.code, prev.code) : strcmp(l.name, prev.name), 0);
			ck_assert(l.debit > 0 || l.credit > 0);
			for (j = 0; j < ds_ledger_report_entry_count(r); j++) {
				ck_assert_ds_ok(ds_ledger_report_entry_at(&e, r, j));
				for (k = 0; k < e.posting_count; k++)
					if (!strcmp(e.postings[k].code, l.code) && !strcmp(e.postings[k].name, l.name))
						*(e.postings[k].debit ? &d : &c) += e.postings[k].amount;
			}
			ck_assert_int_eq(l.debit, d);
			ck_assert_int_eq(l.credit, c);
			lines_debit += l.debit;
			lines_credit += l.credit;
			prev = l;
		}
		for (j = 0; j < ds_ledger_report_entry_count(r); j++) {
			ck_assert_ds_ok(ds_ledger_report_entry_at(&e, r, j));
			for (k = 0; k < e.posting_count; k++)
				*(e.postings[k].debit ? &entries_debit : &entries_credit) += e.postings[k].amount;
		}
		ck_assert_ds_ok(ds_ledger_report_trial_totals(&debit, &credit, r));
		ck_assert_int_eq(debit, credit);
		ck_assert_int_eq(debit, lines_debit);
		ck_assert_int_eq(credit, lines_credit);
		ck_assert_int_eq(debit, entries_debit);
		ck_assert_int_eq(credit, entries_credit);
		ck_assert_ds_ok(ds_ledger_report_trial_totals(NULL, &credit, r));
		/* past the end: the index and the count named, the output untouched */
		l.code = "x";
		ck_assert_ds_err(ds_ledger_report_trial_at(&l, r, n), DS_ERANGE);
		ck_assert_str_eq(l.code, "x");
		ck_assert_ptr_nonnull(strstr(ds_error_last()->message, "index"));
		ck_assert_ds_err(ds_ledger_report_trial_at(NULL, r, 0), DS_EINVAL);
		ck_assert_ds_err(ds_ledger_report_trial_at(&l, NULL, 0), DS_EINVAL);
		ck_assert_ds_err(ds_ledger_report_trial_totals(&debit, &credit, NULL), DS_EINVAL);
		/* the written forms carry the 合计 */
		ck_assert_ds_ok(ds_ledger_report_write(&text, r, DS_LEDGER_PART_TRIAL_BALANCE, DS_LEDGER_FORMAT_CSV,
						       DS_LEDGER_BOM));
		ck_assert_int_eq((unsigned char)text[0], 0xEF);
		ck_assert_ptr_nonnull(strstr(text, "科目编码,科目名称,借方金额,贷方金额\r\n"));
		ck_assert_ptr_nonnull(strstr(text, "\r\n合计,,"));
		ds_free(text);
		ck_assert_ds_ok(
			ds_ledger_report_write(&text, r, DS_LEDGER_PART_TRIAL_BALANCE, DS_LEDGER_FORMAT_TEXT, 0));
		ck_assert_ptr_nonnull(strstr(text, "科目汇总表"));
		ds_free(text);
		ck_assert_ds_ok(
			ds_ledger_report_write(&text, r, DS_LEDGER_PART_TRIAL_BALANCE, DS_LEDGER_FORMAT_XML, 0));
		ck_assert_ptr_nonnull(strstr(text, "<trial-balance"));
		ds_free(text);
		ds_ledger_report_free(r);
	}
	ck_assert_uint_eq(ds_ledger_report_trial_count(NULL), 0);
	ds_ledger_free(book);
	free(path);
}
END_TEST

START_TEST(document_rejects_with_line_and_field)
{
	size_t i;

	for (i = 0; i < sizeof bad_documents / sizeof bad_documents[0]; i++) {
		ds_ledger *book = (ds_ledger *)&book;
		char doc[2048];
		int rc;
		snprintf(doc, sizeof doc, "%s%s</ledger>\n", DOC_HEAD, bad_documents[i].body);
		rc = ds_ledger_parse(&book, doc, strlen(doc), "bad.xml");
		ck_assert_msg(rc == bad_documents[i].code, "case %zu: %s, expected %s (%s)", i, ds_strerror(rc),
			      ds_strerror(bad_documents[i].code), ds_error_last()->message);
		ck_assert_msg(ds_error_last()->line == bad_documents[i].line, "case %zu: line %d, expected %d (%s)", i,
			      ds_error_last()->line, bad_documents[i].line, ds_error_last()->message);
		ck_assert_msg(strcmp(ds_error_last()->field, bad_documents[i].field) == 0,
			      "case %zu: field '%s', expected '%s' (%s)", i, ds_error_last()->field,
			      bad_documents[i].field, ds_error_last()->message);
		ck_assert_msg(strstr(ds_error_last()->message, "pattern") == NULL, "case %zu: a schema pattern (%s)", i,
			      ds_error_last()->message);
		ck_assert_ptr_eq(book, (ds_ledger *)&book);
	}
	{
		ds_ledger *book = NULL;
		const char *other = "<schedule xmlns=\"urn:datasset:ledger:1\"/>";
		ck_assert_ds_err(ds_ledger_parse(&book, other, strlen(other), "s.xml"), DS_EPARSE);
		ck_assert_ds_err(ds_ledger_load(&book, "/nonexistent/book.xml"), DS_EIO);
		ck_assert_ds_err(ds_ledger_parse(&book, "<ledger", 7, "t.xml"), DS_EPARSE);
		ck_assert_ptr_null(book);
	}
}
END_TEST

static Suite *suite(void)
{
	Suite *s = suite_create("ledger");
	TCase *tc = tcase_create("ledger");

	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, true_up_36_months);
	tcase_add_test(tc, residual_units_and_derecognition);
	tcase_add_test(tc, rounding_never_overcharges);
	tcase_add_test(tc, schedule_rejects_and_changes_nothing);
	tcase_add_test(tc, worked_example_to_the_fen);
	tcase_add_test(tc, impairment_then_prospective_amortisation);
	tcase_add_test(tc, disposal_mid_life);
	tcase_add_test(tc, research_development_split);
	tcase_add_test(tc, inventory_writedown_and_reversal);
	tcase_add_test(tc, inventory_nrv_tests);
	tcase_add_test(tc, licence_revenue);
	tcase_add_test(tc, generated_book_of_1000_assets);
	tcase_add_test(tc, report_amortisation_matches_schedules);
	tcase_add_test(tc, book_rejects_and_changes_nothing);
	tcase_add_test(tc, book_bound_and_null_arguments);
	tcase_add_test(tc, ids_are_nfc);
	tcase_add_test(tc, indexed_access_ranges);
	tcase_add_test(tc, fen_text);
	tcase_add_test(tc, outputs_text_csv_xml);
	tcase_add_test(tc, document_fixture);
	tcase_add_test(tc, document_rejects_with_line_and_field);
	tcase_add_test(tc, document_grouped_amounts);
	tcase_add_test(tc, vat_input_and_output);
	tcase_add_test(tc, trial_balance);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return tu_run(suite());
}
