/*
 * The public-sector book (政府会计): the worked example of docs/ledger-gov.md
 * to the fen (research expensed at month ends, development capitalised at
 * completion, 24,000.00 a month, use income to 2103 and remitted, the 2026
 * transfer with Dr 5301 1,104,000.00 and net 992,000.00 to the treasury), a
 * 事业单位 that retains use income (4609 with the budget entry 8001/6609),
 * next-month start, units of output, memo rows, and every refusal with the
 * field it names.
 * SPDX-License-Identifier: MIT
 */
#define _POSIX_C_SOURCE 200809L
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testutil.h"

#define HEAD "<public-sector-book xmlns='urn:datasset:ledger-gov:1'>"

/* Parse a book made of @unit attributes and @body (assets). */
static int parse(ds_ledger_gov **out, const char *unit, const char *body)
{
	char xml[8192];

	snprintf(xml, sizeof xml, HEAD "<unit name='某单位' %s/>%s</public-sector-book>", unit, body);
	return ds_ledger_gov_parse(out, xml, strlen(xml), "t.xml");
}

static ds_ledger_gov *load_example(void)
{
	char path[512];
	const char *srcdir = getenv("top_srcdir");
	ds_ledger_gov *b = NULL;

	snprintf(path, sizeof path, "%s/examples/data/public-sector-book.xml", srcdir ? srcdir : ".");
	ck_assert_ds_ok(ds_ledger_gov_load(&b, path));
	return b;
}

static ds_ledger_gov_figures figures(const ds_ledger_gov *b, const char *start, const char *end)
{
	ds_ledger_gov_report *r = NULL;
	ds_ledger_gov_figures f;

	ck_assert_ds_ok(ds_ledger_gov_report_new(&r, b, start, end));
	ck_assert_ds_ok(ds_ledger_gov_report_figures(&f, r));
	ds_ledger_gov_report_free(r);
	return f;
}

/* The amount of the posting to @code on @side in the first entry of the report named @event. */
static int64_t posting(const ds_ledger_gov_report *r, const char *event, ds_ledger_gov_basis basis, const char *code,
		       int debit)
{
	size_t i, k;
	ds_ledger_gov_entry e;

	for (i = 0; i < ds_ledger_gov_report_entry_count(r); i++) {
		ck_assert_ds_ok(ds_ledger_gov_report_entry_at(&e, r, i));
		if (strcmp(e.event, event) != 0 || e.basis != basis)
			continue;
		for (k = 0; k < e.posting_count; k++)
			if (strcmp(e.postings[k].code, code) == 0 && e.postings[k].debit == debit)
				return e.postings[k].amount;
		return -1;
	}
	return -2;
}

START_TEST(worked_example)
{
	ds_ledger_gov *b = load_example();
	ds_ledger_gov_report *r = NULL;
	ds_ledger_gov_figures f;
	ds_ledger_gov_card c;
	ds_ledger_gov_entry e;
	size_t i, budget = 0;

	ck_assert_str_eq(ds_ledger_gov_unit(b), "济南市某局");
	ck_assert_uint_eq(ds_ledger_gov_period_count(b), 3);
	/* 2024: research 280,000.00 expensed month by month; budget 7101/8001. */
	f = figures(b, "2024-01", "2024-12");
	ck_assert_int_eq(f.research_expensed, 28000000);
	ck_assert_int_eq(f.budget_outlay, 28000000);
	ck_assert_int_eq(f.intangible, 0);
	ck_assert_int_eq(f.development, 0);
	/* 2025: development 1,440,000.00 → 1701 on 2025-04-10; 9 × 24,000.00. */
	ck_assert_ds_ok(ds_ledger_gov_report_new(&r, b, "2025-01", "2025-12"));
	ck_assert_ds_ok(ds_ledger_gov_report_figures(&f, r));
	ck_assert_int_eq(f.capitalised, 144000000);
	ck_assert_int_eq(f.intangible, 144000000);
	ck_assert_int_eq(f.amortisation, 21600000);
	ck_assert_int_eq(f.accumulated, 21600000);
	ck_assert_int_eq(f.carrying, 122400000);
	ck_assert_int_eq(f.use_income_treasury, 15000000);
	ck_assert_int_eq(f.remitted, 15000000);
	ck_assert_int_eq(f.payable, 0);
	ck_assert_int_eq(f.budget_outlay, 144000000);
	ck_assert_int_eq(f.budget_revenue, 0);
	ck_assert_int_eq(posting(r, "开发完成形成资产", DS_LEDGER_GOV_FINANCIAL, "1701", 1), 144000000);
	ck_assert_int_eq(posting(r, "开发完成形成资产", DS_LEDGER_GOV_FINANCIAL, "1703.02", 0), 144000000);
	ck_assert_int_eq(posting(r, "摊销", DS_LEDGER_GOV_FINANCIAL, "5001", 1), 2400000);
	ck_assert_int_eq(posting(r, "摊销", DS_LEDGER_GOV_FINANCIAL, "1702", 0), 2400000);
	ck_assert_int_eq(posting(r, "有偿使用收入", DS_LEDGER_GOV_FINANCIAL, "2103", 0), 15000000);
	ck_assert_int_eq(posting(r, "有偿使用收入", DS_LEDGER_GOV_BUDGET, "8001", 1), -2); /* no budget entry */
	ck_assert_int_eq(posting(r, "上缴国库", DS_LEDGER_GOV_FINANCIAL, "2103", 1), 15000000);
	/* the first amortisation is April (当月开始), dated the month end */
	for (i = 0; i < ds_ledger_gov_report_entry_count(r); i++) {
		ck_assert_ds_ok(ds_ledger_gov_report_entry_at(&e, r, i));
		budget += e.basis == DS_LEDGER_GOV_BUDGET;
		if (strcmp(e.event, "摊销") == 0)
			break;
	}
	ck_assert_int_eq(e.month, 4);
	ck_assert_int_eq(e.day, 30);
	ck_assert_uint_eq(budget, 3);
	ck_assert_ds_ok(ds_ledger_gov_report_card_at(&c, r, 0));
	ck_assert_int_eq(c.status, DS_LEDGER_GOV_ON_BOOKS);
	ck_assert_int_eq(c.monthly, 2400000);
	ck_assert_int_eq(c.carrying, 122400000);
	ck_assert_int_eq(c.remaining_months, 51);
	/* 11370100MB00000007 2024 000001: Σ value × 3^(k−1) mod 31 = 0 → check '0' (GB 32100, 31 written as 0) */
	ck_assert_str_eq(c.number, "11370100MB00000007-2024-000001-0");
	ck_assert_ds_err(ds_ledger_gov_report_card_at(&c, r, 1), DS_ERANGE);
	ck_assert_ptr_nonnull(strstr(ds_error_last()->message, "index 1"));
	ck_assert_ds_err(ds_ledger_gov_report_entry_at(&e, r, ds_ledger_gov_report_entry_count(r)), DS_ERANGE);
	ds_ledger_gov_report_free(r);
	/* 2026: 5 months to May, then the transfer on 2026-06-15 (none in June). */
	ck_assert_ds_ok(ds_ledger_gov_report_new(&r, b, "2026-01", "2026-12"));
	ck_assert_ds_ok(ds_ledger_gov_report_figures(&f, r));
	ck_assert_int_eq(f.amortisation, 12000000);
	ck_assert_int_eq(posting(r, "处置", DS_LEDGER_GOV_FINANCIAL, "5301", 1), 110400000);
	ck_assert_int_eq(posting(r, "处置", DS_LEDGER_GOV_FINANCIAL, "1702", 1), 33600000);
	ck_assert_int_eq(posting(r, "处置", DS_LEDGER_GOV_FINANCIAL, "1701", 0), 144000000);
	ck_assert_int_eq(posting(r, "处置收入", DS_LEDGER_GOV_FINANCIAL, "1002", 1), 100000000);
	ck_assert_int_eq(posting(r, "处置收入", DS_LEDGER_GOV_FINANCIAL, "2103", 0), 99200000);
	ck_assert_int_eq(f.disposal_net, 99200000);
	ck_assert_int_eq(f.remitted, 99200000);
	ck_assert_int_eq(f.intangible, 0);
	ck_assert_int_eq(f.accumulated, 0);
	ck_assert_int_eq(f.payable, 0);
	ck_assert_ds_ok(ds_ledger_gov_report_card_at(&c, r, 0));
	ck_assert_int_eq(c.status, DS_LEDGER_GOV_CLOSED);
	ck_assert_int_eq(c.remitted, 114200000); /* 150,000.00 + 992,000.00 */
	ck_assert_str_eq(c.approval, "济财资〔2026〕XX号 (illustrative)");
	ds_ledger_gov_report_free(r);
	/* the month before the remittance: 992,000.00 owed */
	f = figures(b, "2026-06", "2026-06");
	ck_assert_int_eq(f.payable, 0);
	f = figures(b, "2026-01", "2026-05");
	ck_assert_int_eq(f.payable, 0);
	ck_assert_int_eq(f.carrying, 144000000 - 33600000);
	ds_ledger_gov_free(b);
}
END_TEST

START_TEST(institution_retains)
{
	ds_ledger_gov *b = NULL;
	ds_ledger_gov_report *r = NULL;
	ds_ledger_gov_figures f;

	ck_assert_ds_ok(parse(&b, "kind='inst_unit' inst-use-income='retain' amortisation-start='next-month'",
			      "<asset id='A' status='on-balance-sheet' formation='purchased' acquired='2025-01-05' "
			      "in-use='2025-01-20' life='36' life-basis='estimate' expense='admin'>"
			      "<purchase date='2025-01-05' amount='100000.00' funding='bank'/>"
			      "<use-income date='2025-03-01' amount='5000.00'/>"
			      "</asset>"));
	ck_assert_ds_ok(ds_ledger_gov_report_new(&r, b, "2025-01", "2025-12"));
	ck_assert_ds_ok(ds_ledger_gov_report_figures(&f, r));
	/* next-month start: Feb–Dec = 11 months of 2,777.78 */
	ck_assert_int_eq(f.amortisation, 11 * 277778);
	ck_assert_int_eq(posting(r, "购入", DS_LEDGER_GOV_FINANCIAL, "1002", 0), 10000000);
	ck_assert_int_eq(posting(r, "购入", DS_LEDGER_GOV_BUDGET, "7201", 1), 10000000);
	ck_assert_int_eq(posting(r, "摊销", DS_LEDGER_GOV_FINANCIAL, "5101", 1), 277778);
	ck_assert_int_eq(posting(r, "有偿使用收入", DS_LEDGER_GOV_FINANCIAL, "4609", 0), 500000);
	ck_assert_int_eq(posting(r, "有偿使用收入", DS_LEDGER_GOV_BUDGET, "6609", 0), 500000);
	ck_assert_int_eq(f.use_income_retained, 500000);
	ck_assert_int_eq(f.use_income_treasury, 0);
	ck_assert_int_eq(f.budget_revenue, 500000);
	ck_assert_uint_eq(f.unsupported_income_count, 1); /* no agreement: flagged */
	ds_ledger_gov_report_free(r);
	ds_ledger_gov_free(b);
}
END_TEST

START_TEST(memo_units_and_not_formed)
{
	ds_ledger_gov *b = NULL;
	ds_ledger_gov_report *r = NULL;
	ds_ledger_gov_figures f;
	ds_ledger_gov_card c;
	char *out = NULL;

	ck_assert_ds_ok(
		parse(&b, "kind='admin_unit'",
		      "<asset id='M' status='memo' formation='transferred-in' acquired='2024-01-01' "
		      "reference-value='2500000.00' reference='估值报告 1'/>"
		      "<asset id='U' status='on-balance-sheet' formation='purchased' acquired='2025-01-01' "
		      "in-use='2025-01-01' life='3' life-basis='law' method='units-of-output'>"
		      "<units>1 1 1</units><purchase date='2025-01-01' amount='100.00'/></asset>"
		      "<asset id='X' status='on-balance-sheet' formation='self-built' acquired='2025-01-01' "
		      "life='12' life-basis='estimate'>"
		      "<development date='2025-01-02' amount='50.00'/><completed date='2025-02-01' formed='false'/>"
		      "</asset>"));
	ck_assert_ds_ok(ds_ledger_gov_report_new(&r, b, "2025-01", "2025-12"));
	ck_assert_ds_ok(ds_ledger_gov_report_figures(&f, r));
	ck_assert_uint_eq(f.memo_count, 1);
	ck_assert_int_eq(f.development_expensed, 5000);
	ck_assert_int_eq(f.amortisation, 10000); /* 33.33, 33.33, 33.34 */
	ck_assert_ds_ok(ds_ledger_gov_report_card_at(&c, r, 0));
	ck_assert_int_eq(c.status, DS_LEDGER_GOV_MEMO);
	ck_assert_ptr_null(c.number); /* no credit code: no card number */
	ck_assert_int_eq(c.reference_value, 250000000);
	ck_assert_ds_ok(ds_ledger_gov_report_card_at(&c, r, 2));
	ck_assert_int_eq(c.status, DS_LEDGER_GOV_CLOSED);
	ck_assert_ds_ok(
		ds_ledger_gov_report_write(&out, r, DS_LEDGER_GOV_PART_CARDS, DS_LEDGER_FORMAT_CSV, DS_LEDGER_BOM));
	ck_assert_int_eq((unsigned char)out[0], 0xEF);
	ds_free(out);
	ck_assert_ds_err(
		ds_ledger_gov_report_write(&out, r, DS_LEDGER_GOV_PART_CARDS, DS_LEDGER_FORMAT_XML, DS_LEDGER_BOM),
		DS_EINVAL);
	ck_assert_ds_err(ds_ledger_gov_report_write(&out, r, (ds_ledger_gov_part)7, DS_LEDGER_FORMAT_XML, 0),
			 DS_EINVAL);
	ds_ledger_gov_report_free(r);
	ds_ledger_gov_free(b);
}
END_TEST

/* Each refusal: the code and a field path naming the element or attribute. */
static void refused(const char *unit, const char *body, int code, const char *field)
{
	ds_ledger_gov *b = NULL;

	ck_assert_ds_err(parse(&b, unit, body), code);
	ck_assert_ptr_null(b);
	ck_assert_msg(ds_error_last()->field && strstr(ds_error_last()->field, field), "field '%s' not in '%s' (%s)",
		      field, ds_error_last()->field ? ds_error_last()->field : "(none)", ds_error_last()->message);
}

#define SELF "<asset id='A' status='on-balance-sheet' formation='self-built' acquired='2025-01-01' life='60' "
#define BOUGHT                                                                                                     \
	"<asset id='B' status='on-balance-sheet' formation='purchased' acquired='2025-01-01' in-use='2025-02-01' " \
	"life='24' life-basis='estimate'>"

START_TEST(refusals)
{
	const char *admin = "kind='admin_unit'";

	refused(admin, BOUGHT "<purchase date='2025-01-01' amount='10.00'/><pledge creditor='某银行'/></asset>",
		DS_EINVAL, "asset/pledge");
	ck_assert_ptr_nonnull(strstr(ds_error_last()->message, "财资〔2024〕1号"));
	refused(admin,
		BOUGHT "<purchase date='2025-01-01' amount='10.00'/><disposal date='2025-06-01' kind='sale' "
		       "valuation='V'/></asset>",
		DS_EINVAL, "disposal/@approval");
	refused(admin,
		BOUGHT "<purchase date='2025-01-01' amount='10.00'/><disposal date='2025-06-01' kind='transfer' "
		       "approval='批复'/></asset>",
		DS_EINVAL, "disposal/@valuation");
	refused(admin,
		BOUGHT "<purchase date='2025-01-01' amount='10.00'/><disposal date='2025-06-01' kind='write-off' "
		       "approval='批复' proceeds='1.00'/></asset>",
		DS_EINVAL, "disposal/@proceeds");
	refused(admin,
		BOUGHT "<purchase date='2025-01-01' amount='10.00'/><use-income date='2025-03-01' amount='5.00'/>"
		       "<remit date='2025-03-02' amount='5.01'/></asset>",
		DS_ESTATE, "remit/@amount");
	refused(admin,
		BOUGHT "<purchase date='2025-01-01' amount='10.00'/><disposal date='2025-06-01' kind='write-off' "
		       "approval='批复'/><use-income date='2025-07-01' amount='5.00'/></asset>",
		DS_ESTATE, "use-income");
	refused(admin, BOUGHT "<purchase date='2025-03-01' amount='10.00'/></asset>", DS_EINVAL, "purchase/@date");
	refused(admin, BOUGHT "</asset>", DS_EINVAL, "asset");
	refused(admin, BOUGHT "<research date='2025-01-02' amount='10.00'/></asset>", DS_EINVAL, "research");
	refused(admin, SELF "life-basis='registration'/>", DS_EINVAL, "asset/@life-basis");
	refused(admin, SELF "/>", DS_EINVAL, "asset/@life-basis");
	refused(admin,
		"<asset id='A' status='on-balance-sheet' formation='self-built' acquired='2025-01-01' life='72' "
		"life-basis='contract' use-mode='authorised-operation'/>",
		DS_EINVAL, "asset/@life");
	refused(admin, "<asset id='A' status='on-balance-sheet' formation='self-built' acquired='2025-01-01'/>",
		DS_EINVAL, "asset/@life");
	refused(admin,
		SELF "life-basis='estimate'><research date='2025-01-02' amount='10.00'/>"
		     "<completed date='2025-02-01' formed='true'/></asset>",
		DS_EINVAL, "completed/@formed");
	refused(admin,
		SELF
		"life-basis='estimate'><development date='2025-01-02' amount='10.00'/>"
		"<completed date='2025-02-01' formed='true'/><development date='2025-03-01' amount='1.00'/></asset>",
		DS_ESTATE, "development[2]/@date");
	refused(admin,
		"<asset id='M' status='memo' formation='other' acquired='2025-01-01'>"
		"<use-income date='2025-03-01' amount='5.00'/></asset>",
		DS_EINVAL, "use-income");
	refused(admin, "<asset id='D' status='on-balance-sheet' formation='donated' acquired='2025-01-01' life='10'/>",
		DS_EINVAL, "asset/@formation");
	refused(admin, BOUGHT "<purchase date='2025-01-01' amount='10.001'/></asset>", DS_EINVAL, "purchase/@amount");
	refused(admin, BOUGHT "<purchase date='2025-01-01' amount='10,00.00'/></asset>", DS_EINVAL, "purchase/@amount");
	refused(admin, BOUGHT "<purchase date='2025-01-01' amount='-10'/></asset>", DS_EINVAL, "purchase/@amount");
	refused("kind='admin_unit' inst-use-income='retain'", "", DS_EINVAL, "unit/@inst-use-income");
	refused("kind='inst_unit'", "", DS_EINVAL, "unit/@inst-use-income");
	refused("kind='admin_unit' credit-code='11370100MB0000000T'", "", DS_EINVAL, "unit/@credit-code");
	refused(admin,
		BOUGHT "<purchase date='2025-01-01' amount='10.00'/></asset>" BOUGHT
		       "<purchase date='2025-01-01' amount='10.00'/></asset>",
		DS_EEXISTS, "asset[2]/@id");
	refused(admin, BOUGHT "<purchase date='2025-01-01' amount='20000000000000.00'/></asset>", DS_ERANGE,
		"purchase/@amount");
}
END_TEST

/* A book whose amounts add up past 2 × 10^16 yuan is refused, so no sum can overflow. */
START_TEST(magnitude_bound)
{
	size_t cap = 4000 * 90 + 512, len, i;
	char *xml = malloc(cap);
	ds_ledger_gov *b = NULL;

	ck_assert_ptr_nonnull(xml);
	len = (size_t)snprintf(xml, cap,
			       HEAD "<unit name='U' kind='admin_unit'/><asset id='A' status='on-balance-sheet' "
				    "formation='purchased' acquired='2025-01-01' in-use='2025-01-01' life='12' "
				    "life-basis='estimate'>");
	for (i = 0; i < 2100; i++)
		len += (size_t)snprintf(xml + len, cap - len,
					"<purchase date='2025-01-01' amount='9999999999999.99'/>");
	len += (size_t)snprintf(xml + len, cap - len, "</asset></public-sector-book>");
	ck_assert_ds_err(ds_ledger_gov_parse(&b, xml, len, "big.xml"), DS_ERANGE);
	ck_assert_ptr_nonnull(strstr(ds_error_last()->field, "purchase[2001]"));
	ck_assert_ptr_null(b);
	free(xml);
}
END_TEST

START_TEST(bad_arguments)
{
	ds_ledger_gov *b = load_example();
	ds_ledger_gov_report *r = NULL;
	const char *s, *e;

	ck_assert_ds_err(ds_ledger_gov_report_new(&r, b, "2025-13", "2025-12"), DS_EINVAL);
	ck_assert_str_eq(ds_error_last()->field, "period");
	ck_assert_ds_err(ds_ledger_gov_report_new(&r, b, "2025-12", "2025-01"), DS_EINVAL);
	ck_assert_ds_err(ds_ledger_gov_report_new(NULL, b, "2025-01", "2025-12"), DS_EINVAL);
	ck_assert_ds_err(ds_ledger_gov_period_at(&s, &e, b, 3), DS_ERANGE);
	ck_assert_ds_ok(ds_ledger_gov_period_at(&s, &e, b, 2));
	ck_assert_str_eq(s, "2026-01");
	ck_assert_ds_err(ds_ledger_gov_load(&b, "/nonexistent/book.xml"), DS_EIO);
	ck_assert_ds_err(ds_ledger_gov_parse(&b, "<x/>", 4, NULL), DS_EPARSE);
	ck_assert_uint_eq(ds_ledger_gov_report_entry_count(NULL), 0);
	ck_assert_uint_eq(ds_ledger_gov_report_card_count(NULL), 0);
	ck_assert_ptr_null(ds_ledger_gov_unit(NULL));
	ds_ledger_gov_report_free(NULL);
	ds_ledger_gov_free(NULL);
	ds_ledger_gov_free(b);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("ledger_gov");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, worked_example);
	tcase_add_test(tc, institution_retains);
	tcase_add_test(tc, memo_units_and_not_formed);
	tcase_add_test(tc, refusals);
	tcase_add_test(tc, magnitude_bound);
	tcase_add_test(tc, bad_arguments);
	suite_add_tcase(s, tc);
	return tu_run(s);
}
