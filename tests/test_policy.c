/*
 * 奖补 policy engine: the bundled jinan-2025 rules programme by programme with
 * their boundaries, the worked example of programme 2 (docs/policy.md), ties, windows,
 * 就高, determinism on a generated population, and every class of bad input.
 * The random differential test against an independent Python implementation
 * is tests/policy_oracle.py.
 * SPDX-License-Identifier: MIT
 */
#define _POSIX_C_SOURCE 200809L /* mkstemp, fdopen, unlink */
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "testutil.h"

/* ---------------------------------------------------------------- helpers */

typedef struct sb {
	char *data;
	size_t len, cap;
} sb;

static void sb_printf(sb *s, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void sb_printf(sb *s, const char *fmt, ...)
{
	va_list ap;
	int n;

	for (;;) {
		va_start(ap, fmt);
		n = vsnprintf(s->data ? s->data + s->len : NULL, s->data ? s->cap - s->len : 0, fmt, ap);
		va_end(ap);
		ck_assert(n >= 0);
		if (s->data && s->len + (size_t)n < s->cap) {
			s->len += (size_t)n;
			return;
		}
		s->cap = (s->cap + (size_t)n + 1) * 2;
		s->data = realloc(s->data, s->cap);
		ck_assert_ptr_nonnull(s->data);
	}
}

/* A valid 统一社会信用代码 for @n (GB 32100-2015 check character). */
static const char *code_of(unsigned n, char buf[19])
{
	static const char chars[] = "0123456789ABCDEFGHJKLMNPQRTUWXY";
	static const int weights[17] = { 1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28 };
	int i, sum = 0;

	snprintf(buf, 19, "91370100MA%07u", n % 10000000u);
	for (i = 0; i < 17; i++)
		sum += (int)(strchr(chars, buf[i]) - chars) * weights[i];
	buf[17] = chars[(31 - sum % 31) % 31];
	buf[18] = '\0';
	return buf;
}

#define APPS_HEAD "<applications xmlns=\"urn:datasset:applications:2\">"
#define APPS_TAIL "</applications>"

static int parse_apps(ds_applications **out, const char *body)
{
	sb s = { 0 };
	int rc;

	sb_printf(&s, "%s%s%s", APPS_HEAD, body, APPS_TAIL);
	rc = ds_applications_parse(out, s.data, s.len, "test.xml");
	free(s.data);
	return rc;
}

static ds_awards *evaluate_with(const ds_policy *policy, const char *body)
{
	ds_applications *apps = NULL;
	ds_awards *aw = NULL;

	ck_assert_ds_ok(parse_apps(&apps, body));
	ck_assert_ds_ok(ds_policy_evaluate(&aw, policy, apps));
	ds_applications_free(apps);
	return aw;
}

static ds_awards *evaluate_jinan(const char *body)
{
	ds_policy *policy = NULL;
	ds_awards *aw;

	ck_assert_ds_ok(ds_policy_bundled(&policy, "jinan-2025"));
	aw = evaluate_with(policy, body);
	ds_policy_free(policy);
	return aw;
}

static ds_award find(const ds_awards *aw, const char *programme, const char *applicant, const char *unit)
{
	ds_award a;
	size_t i;

	for (i = 0; i < ds_awards_count(aw); i++) {
		ck_assert_ds_ok(ds_awards_at(&a, aw, i));
		if (strcmp(a.programme, programme) == 0 && strcmp(a.applicant, applicant) == 0 &&
		    strcmp(a.unit, unit ? unit : "") == 0)
			return a;
	}
	ck_abort_msg("no line for %s / %s / %s", programme, applicant, unit ? unit : "");
	memset(&a, 0, sizeof a);
	return a;
}

static void expect_money(const ds_decimal *x, const char *expected)
{
	char *text = NULL;

	ck_assert_ptr_nonnull(x);
	ck_assert_ds_ok(ds_decimal_to_string_scaled(&text, x, 2, DS_ROUND_HALF_UP, 0));
	ck_assert_msg(strcmp(text, expected) == 0, "amount %s, expected %s", text, expected);
	ds_free(text);
}

/* Status, rank (0: do not check) and final award of one line. */
static ds_award expect(const ds_awards *aw, const char *programme, const char *applicant, const char *unit,
		       ds_award_status status, size_t rank, const char *award)
{
	ds_award a = find(aw, programme, applicant, unit);

	ck_assert_msg(a.status == status, "%s %s %s: status %d, expected %d (%s)", programme, applicant,
		      unit ? unit : "", a.status, status, a.reason);
	if (rank)
		ck_assert_msg(a.rank == rank, "%s %s: rank %zu, expected %zu", programme, applicant, a.rank, rank);
	expect_money(a.award, award);
	return a;
}

static void expect_total(const ds_awards *aw, const char *programme, const char *expected)
{
	ds_decimal *t = NULL;

	ck_assert_ds_ok(ds_decimal_new(&t));
	ck_assert_ds_ok(ds_awards_total(t, aw, programme));
	expect_money(t, expected);
	ds_decimal_free(t);
}

/* One applicant with a product listed on @listed and one 场内 trade. */
static void add_trader(sb *s, unsigned n, const char *listed, const char *amount, int certificate)
{
	char code[19];

	code_of(n, code);
	sb_printf(s,
		  "<applicant id=\"%s\" name=\"T%u\" verified=\"true\">"
		  "<product id=\"P%u\" first-listed=\"%s\" certificate=\"%s\" trade-voucher=\"true\"/>"
		  "<trade product=\"P%u\" date=\"2025-05-01\" amount=\"%s\"/><voucher kind=\"trade\"/></applicant>",
		  code, n, n, listed, certificate ? "true" : "false", n, amount);
}

/* ---------------------------------------------------------------- the worked example */

START_TEST(worked_example)
{
	const char *srcdir = getenv("top_srcdir");
	char path[4096];
	ds_policy *policy = NULL;
	ds_applications *apps = NULL;
	ds_awards *aw = NULL;
	ds_award a;

	snprintf(path, sizeof path, "%s/tests/fixtures/policy/worked-example.xml", srcdir ? srcdir : ".");
	ck_assert_ds_ok(ds_policy_bundled(&policy, "jinan-2025"));
	ck_assert_ds_ok(ds_applications_load(&apps, path));
	ck_assert_uint_eq(ds_applications_count(apps), 8);
	ck_assert_ds_ok(ds_policy_evaluate(&aw, policy, apps));

	/* A: 4,200,000 (both window edges counted, 2025-11-01 ignored) → rank 1 → 5% = 210,000 → cap 150,000. */
	a = expect(aw, "p2", "91370100MA00000010", NULL, DS_AWARD_GRANTED, 1, "150000.00");
	ck_assert_dec_eq(a.ranking_value, "4200000");
	ck_assert_dec_eq(a.uncapped, "210000");
	ck_assert_str_eq(a.caps, "rank band 1-5: 150000");
	ck_assert_uint_eq(a.ignored_records, 1);
	ck_assert_str_eq(a.displaces, "p1 10000.00"); /* 就高: kept over its p1 award */
	/* B: 1,800,000 → rank 7 → 90,000 under the 100,000 cap. */
	a = expect(aw, "p2", "91370100MA00000023", NULL, DS_AWARD_GRANTED, 7, "90000.00");
	ck_assert_dec_eq(a.uncapped, "90000");
	ck_assert_str_eq(a.caps, "");
	/* C: 950,000 → below the threshold, with the figure that failed. */
	a = expect(aw, "p2", "91370100MA00000036", NULL, DS_AWARD_INELIGIBLE, 0, "0.00");
	ck_assert_str_eq(a.reason,
			 "cumulative 场内 trade amount ≥ 1,000,000: not met (applicant.trade_total = 950000)");
	ck_assert_ptr_null(a.capped);
	/* 2,500,000.01 × 5% = 125,000.0005 → 125,000.00 (to the fen, HALF_UP). */
	a = expect(aw, "p2", "91370100MA0000007J", NULL, DS_AWARD_GRANTED, 5, "125000.00");
	ck_assert_dec_eq(a.uncapped, "250000001/2000");
	/* A's product also earns 10,000 under p1, displaced by the higher p2 award (就高). */
	a = expect(aw, "p1", "91370100MA00000010", "A-1", DS_AWARD_DISPLACED, 1, "0.00");
	expect_money(a.capped, "10000.00");
	ck_assert_str_eq(a.displaced_by, "p2");
	expect_total(aw, "p2", "915000.00");
	expect_total(aw, "p1", "0.00");
	expect_total(aw, NULL, "915000.00");
	ds_awards_free(aw);
	ds_applications_free(apps);
	ds_policy_free(policy);
}
END_TEST

/* ---------------------------------------------------------------- programme 1 */

START_TEST(p1_threshold_and_window)
{
	sb s = { 0 };
	ds_awards *aw;
	char code[19];

	add_trader(&s, 1, "2025-01-01", "100000", 1);	/* exactly the threshold */
	add_trader(&s, 2, "2025-01-01", "99999.99", 1); /* a fen below */
	add_trader(&s, 3, "2024-10-31", "500000", 1);	/* listed the day before the window */
	add_trader(&s, 4, "2025-10-31", "500000", 1);	/* listed on the last day */
	add_trader(&s, 5, "2025-01-01", "500000", 0);	/* no 数据产品登记证书 */
	aw = evaluate_jinan(s.data);
	expect(aw, "p1", code_of(1, code), "P1", DS_AWARD_GRANTED, 0, "10000.00");
	ck_assert_str_eq(expect(aw, "p1", code_of(2, code), "P2", DS_AWARD_INELIGIBLE, 0, "0.00").reason,
			 "cumulative 场内 trade amount of the product (累计交易额) ≥ 100,000: not met "
			 "(product.trade_cumulative = 99999.99)");
	ck_assert_str_eq(expect(aw, "p1", code_of(3, code), "P3", DS_AWARD_INELIGIBLE, 0, "0.00").reason,
			 "首次登记上架 in the window (the first listing date): not met (product.listed_in_window = 0)");
	expect(aw, "p1", code_of(4, code), "P4", DS_AWARD_GRANTED, 0, "10000.00");
	expect(aw, "p1", code_of(5, code), "P5", DS_AWARD_INELIGIBLE, 0, "0.00");
	ds_awards_free(aw);
	free(s.data);
}
END_TEST

/* Seven products of one enterprise: 5 × 10,000 reach the 50,000 cap; the rest get 0. */
START_TEST(p1_enterprise_cap)
{
	sb s = { 0 };
	ds_awards *aw;
	char code[19], unit[8];
	ds_award a;
	int i;

	sb_printf(&s, "<applicant id=\"%s\" name=\"Big\"><voucher kind=\"none\"/>", code_of(1, code));
	for (i = 1; i <= 7; i++)
		sb_printf(&s,
			  "<product id=\"P%d\" first-listed=\"2025-01-0%d\" certificate=\"1\" trade-voucher=\"1\"/>"
			  "<trade product=\"P%d\" date=\"2025-06-01\" amount=\"%d00000\"/>",
			  i, i, i, 10 - i);
	sb_printf(&s, "</applicant>");
	aw = evaluate_jinan(s.data);
	for (i = 1; i <= 5; i++) {
		snprintf(unit, sizeof unit, "P%d", i);
		expect(aw, "p1", code, unit, DS_AWARD_GRANTED, (size_t)i, "10000.00");
	}
	a = expect(aw, "p1", code, "P6", DS_AWARD_GRANTED, 6, "0.00");
	ck_assert_str_eq(a.caps, "per applicant: 50000 in total, 50000 already awarded");
	ck_assert_dec_eq(a.uncapped, "10000");
	expect(aw, "p1", code, "P7", DS_AWARD_GRANTED, 7, "0.00");
	expect_total(aw, "p1", "50000.00");
	ds_awards_free(aw);
	free(s.data);
}
END_TEST

/* 51 eligible products: rank 50 is awarded, rank 51 is not. */
START_TEST(p1_top_fifty)
{
	sb s = { 0 };
	ds_awards *aw;
	char code[19], amount[32];
	unsigned i;

	for (i = 1; i <= 51; i++) {
		snprintf(amount, sizeof amount, "%u", 1000000 - i * 1000);
		add_trader(&s, i, "2025-01-01", amount, 1);
	}
	aw = evaluate_jinan(s.data);
	expect(aw, "p1", code_of(50, code), "P50", DS_AWARD_GRANTED, 50, "10000.00");
	ck_assert_str_eq(expect(aw, "p1", code_of(51, code), "P51", DS_AWARD_UNRANKED, 51, "0.00").reason,
			 "rank 51 is past the 50 awardees");
	expect_total(aw, "p1", "500000.00"); /* all below p2's 1,000,000: nothing displaces p1 */
	ds_awards_free(aw);
	free(s.data);
}
END_TEST

/* ---------------------------------------------------------------- programme 2 */

/* 21 providers: 5% of 4,000,000 − k is about 200,000, so every band cap bites. */
START_TEST(p2_bands)
{
	sb s = { 0 };
	ds_awards *aw;
	char code[19], amount[32];
	unsigned i;

	for (i = 1; i <= 21; i++) {
		snprintf(amount, sizeof amount, "%u", 4000000 - i);
		add_trader(&s, i, "2025-01-01", amount, 0);
	}
	add_trader(&s, 22, "2025-01-01", "1000000", 0); /* exactly the threshold, rank 22 */
	aw = evaluate_jinan(s.data);
	expect(aw, "p2", code_of(1, code), NULL, DS_AWARD_GRANTED, 1, "150000.00");
	expect(aw, "p2", code_of(5, code), NULL, DS_AWARD_GRANTED, 5, "150000.00");
	ck_assert_str_eq(expect(aw, "p2", code_of(6, code), NULL, DS_AWARD_GRANTED, 6, "100000.00").caps,
			 "rank band 6-10: 100000");
	expect(aw, "p2", code_of(10, code), NULL, DS_AWARD_GRANTED, 10, "100000.00");
	expect(aw, "p2", code_of(11, code), NULL, DS_AWARD_GRANTED, 11, "75000.00");
	expect(aw, "p2", code_of(20, code), NULL, DS_AWARD_GRANTED, 20, "75000.00");
	ck_assert_str_eq(expect(aw, "p2", code_of(21, code), NULL, DS_AWARD_UNRANKED, 21, "0.00").reason,
			 "rank 21 is past the 20 awardees");
	expect(aw, "p2", code_of(22, code), NULL, DS_AWARD_UNRANKED, 22, "0.00");
	expect_total(aw, "p2", "2000000.00"); /* 5 × 150,000 + 5 × 100,000 + 10 × 75,000 */
	ds_awards_free(aw);
	free(s.data);
}
END_TEST

/* Exactly 1,000,000 is eligible: 5% = 50,000, under every cap. Unverified providers are not. */
START_TEST(p2_threshold_and_conditions)
{
	char code[19], body[2048];
	ds_awards *aw;

	snprintf(
		body, sizeof body,
		"<applicant id=\"%s\" name=\"X\" verified=\"true\"><product id=\"P\" first-listed=\"2025-01-01\"/>"
		"<trade product=\"P\" date=\"2025-01-01\" amount=\"1000000.00\"/><voucher kind=\"trade\"/></applicant>",
		code_of(1, code));
	aw = evaluate_jinan(body);
	expect(aw, "p2", code, NULL, DS_AWARD_GRANTED, 1, "50000.00");
	ds_awards_free(aw);

	snprintf(body, sizeof body,
		 "<applicant id=\"%s\" name=\"X\"><product id=\"P\" first-listed=\"2025-01-01\"/>"
		 "<trade product=\"P\" date=\"2025-01-01\" amount=\"2000000\"/><voucher kind=\"trade\"/></applicant>",
		 code_of(1, code));
	aw = evaluate_jinan(body);
	ck_assert_str_eq(expect(aw, "p2", code, NULL, DS_AWARD_INELIGIBLE, 0, "0.00").reason,
			 "数据提供方 注册认证 on the platform: not met (applicant.verified = 0)");
	ds_awards_free(aw);

	snprintf(body, sizeof body,
		 "<applicant id=\"%s\" name=\"X\" verified=\"true\"><product id=\"P\" first-listed=\"2025-01-01\"/>"
		 "<trade product=\"P\" date=\"2025-01-01\" amount=\"2000000\"/></applicant>",
		 code_of(1, code));
	aw = evaluate_jinan(body);
	ck_assert_str_eq(expect(aw, "p2", code, NULL, DS_AWARD_INELIGIBLE, 0, "0.00").reason,
			 "数据交易凭证 held: not met (applicant.voucher.trade = 0)");
	ds_awards_free(aw);
}
END_TEST

/* Equal totals: the earlier first listing ranks first; equal dates: the smaller credit code. */
START_TEST(ties)
{
	sb s = { 0 };
	ds_awards *aw;
	char code[19];

	add_trader(&s, 1, "2025-03-01", "2000000", 0);
	add_trader(&s, 2, "2025-02-01", "2000000", 0);
	add_trader(&s, 3, "2025-03-01", "2000000", 0);
	aw = evaluate_jinan(s.data);
	expect(aw, "p2", code_of(2, code), NULL, DS_AWARD_GRANTED, 1, "100000.00");
	expect(aw, "p2", code_of(1, code), NULL, DS_AWARD_GRANTED, 2, "100000.00");
	expect(aw, "p2", code_of(3, code), NULL, DS_AWARD_GRANTED, 3, "100000.00");
	{
		ds_award first;
		ck_assert_ds_ok(ds_awards_at(&first, aw, 0));
		ck_assert_str_eq(first.programme, "p1");
	}
	ds_awards_free(aw);
	free(s.data);
}
END_TEST

/* ---------------------------------------------------------------- programme 3 */

START_TEST(p3_filings)
{
	sb s = { 0 };
	ds_awards *aw;
	char code[19];
	unsigned i;

	/* 2,000,000 as provider + 3,000,000 as buyer = exactly 5,000,000. */
	sb_printf(&s,
		  "<applicant id=\"%s\" name=\"F\"><voucher kind=\"filing\"/>"
		  "<filing role=\"provider\" filed=\"2024-11-01\" amount=\"2000000\"/>"
		  "<filing role=\"buyer\" filed=\"2025-10-31\" amount=\"3000000\"/>"
		  "<filing role=\"buyer\" filed=\"2025-11-01\" amount=\"9000000\"/></applicant>",
		  code_of(1, code));
	sb_printf(&s,
		  "<applicant id=\"%s\" name=\"G\"><voucher kind=\"filing\"/>"
		  "<filing role=\"provider\" filed=\"2025-01-01\" amount=\"4999999.99\"/></applicant>",
		  code_of(2, code));
	for (i = 3; i <= 13; i++)
		sb_printf(&s,
			  "<applicant id=\"%s\" name=\"H%u\"><voucher kind=\"filing\"/>"
			  "<filing role=\"provider\" filed=\"2025-01-01\" amount=\"%u000000\"/></applicant>",
			  code_of(i, code), i, 20 - i);
	aw = evaluate_jinan(s.data);
	/* 11 others file 17,000,000 down to 7,000,000: exactly 5,000,000 is eligible and ranks 12th. */
	ck_assert_uint_eq(expect(aw, "p3", code_of(1, code), NULL, DS_AWARD_UNRANKED, 12, "0.00").ignored_records, 1);
	expect(aw, "p3", code_of(2, code), NULL, DS_AWARD_INELIGIBLE, 0, "0.00");
	expect(aw, "p3", code_of(3, code), NULL, DS_AWARD_GRANTED, 1, "30000.00");
	expect(aw, "p3", code_of(12, code), NULL, DS_AWARD_GRANTED, 10, "30000.00");
	ck_assert_str_eq(expect(aw, "p3", code_of(13, code), NULL, DS_AWARD_UNRANKED, 11, "0.00").reason,
			 "rank 11 is past the 10 awardees");
	expect_total(aw, "p3", "300000.00");
	ds_awards_free(aw);
	free(s.data);
}
END_TEST

/* ---------------------------------------------------------------- programmes 4 and 5 */

START_TEST(p4_cases)
{
	char code[19], body[2048];
	ds_awards *aw;

	snprintf(
		body, sizeof body,
		"<applicant id=\"%s\" name=\"C\">"
		"<case id=\"K1\" list=\"data_x_final\" year=\"2025\" outcome=\"won\" date=\"2025-01-01\"/>"
		"<case id=\"K2\" list=\"annotation_excellent\" year=\"2025\" outcome=\"selected\" date=\"2025-12-31\"/>"
		"<case id=\"K3\" list=\"data_x_final\" year=\"2024\" outcome=\"won\" date=\"2024-12-31\"/>"
		"<case id=\"K4\" list=\"provincial_award\" year=\"2025\" outcome=\"selected\" date=\"2025-06-01\"/></applicant>",
		code_of(1, code));
	aw = evaluate_jinan(body);
	expect(aw, "p4", code, "K1", DS_AWARD_GRANTED, 0, "200000.00");
	expect(aw, "p4", code, "K2", DS_AWARD_GRANTED, 0, "200000.00");
	ck_assert_str_eq(
		expect(aw, "p4", code, "K3", DS_AWARD_INELIGIBLE, 0, "0.00").reason,
		"won or selected in 2025 (the year of the competition or publication): not met (case.year = 2024)");
	expect(aw, "p4", code, "K4", DS_AWARD_INELIGIBLE, 0, "0.00");
	expect_total(aw, "p4", "400000.00"); /* per case: two cases of one applicant, one programme */
	ds_awards_free(aw);
}
END_TEST

static void add_base(sb *s, unsigned n, const char *score, const char *second_party, const char *amount)
{
	char code[19];

	sb_printf(
		s,
		"<applicant id=\"%s\" name=\"B%u\"><contract enterprise=\"true\" counterparty=\"E1\" date=\"2025-01-01\" amount=\"%s\"/>"
		"<contract enterprise=\"true\" counterparty=\"%s\" date=\"2025-02-01\" amount=\"250000\"/>"
		"<partner name=\"山东大学\" research=\"true\"/><training evidence=\"人才培养方案\"/><review score=\"%s\"/></applicant>",
		code_of(n, code), n, amount, second_party, score);
}

START_TEST(p5_bases)
{
	sb s = { 0 };
	ds_awards *aw;
	char code[19];

	add_base(&s, 1, "90", "E2", "250000"); /* exactly 500,000 with 2 parties */
	add_base(&s, 2, "95.5", "E2", "250000");
	add_base(&s, 3, "70", "E2", "250000");
	add_base(&s, 4, "88", "E2", "250000");	  /* rank 4 of 4 */
	add_base(&s, 5, "99", "E1", "900000");	  /* one counterparty only */
	add_base(&s, 6, "99", "E2", "249999.99"); /* a fen short of 500,000 */
	aw = evaluate_jinan(s.data);
	expect(aw, "p5", code_of(2, code), NULL, DS_AWARD_GRANTED, 1, "200000.00");
	expect(aw, "p5", code_of(1, code), NULL, DS_AWARD_GRANTED, 2, "200000.00");
	expect(aw, "p5", code_of(4, code), NULL, DS_AWARD_GRANTED, 3, "200000.00");
	expect(aw, "p5", code_of(3, code), NULL, DS_AWARD_UNRANKED, 4, "0.00");
	ck_assert_str_eq(
		expect(aw, "p5", code_of(5, code), NULL, DS_AWARD_INELIGIBLE, 0, "0.00").reason,
		"数据标注 service contracts with at least 2 enterprises: not met (applicant.contract_enterprises = 1)");
	ck_assert_str_eq(expect(aw, "p5", code_of(6, code), NULL, DS_AWARD_INELIGIBLE, 0, "0.00").reason,
			 "数据标注 contracts with enterprises totalling ≥ 500,000: not met "
			 "(applicant.enterprise_contract_total = 499999.99)");
	ds_awards_free(aw);
	free(s.data);
}
END_TEST

/* ---------------------------------------------------------------- programme 6 */

static void add_recognition(sb *s, const char *id, const char *date, const char *amount, const char *founded,
			    const char *qualifications)
{
	sb_printf(s,
		  "<recognition id=\"%s\" date=\"%s\" amount=\"%s\" registered=\"true\" voucher-user=\"true\""
		  " claimed=\"2025-10-31\"><provider id=\"91370100MA00000010\" name=\"服务商\" founded=\"%s\""
		  " approved=\"true\" independent=\"true\" licensed=\"true\""
		  " clean=\"true\" qualifications=\"%s\"/></recognition>",
		  id, date, amount, founded, qualifications);
}

START_TEST(p6_vouchers)
{
	sb s = { 0 };
	ds_awards *aw;
	char code[19];

	sb_printf(&s, "<applicant id=\"%s\" name=\"R\">", code_of(1, code));
	add_recognition(&s, "R1", "2025-03-01", "100000", "2022-10-31", "cpa");	   /* 3 full years at 2025-10-31 */
	add_recognition(&s, "R2", "2025-04-01", "300000", "2020-01-01", "lawyer"); /* ranks first */
	sb_printf(&s, "</applicant><applicant id=\"%s\" name=\"S\">", code_of(2, code));
	add_recognition(&s, "S1", "2025-03-01", "500000", "2022-11-01", "cpa");	  /* 2 years 364 days */
	add_recognition(&s, "S2", "2025-11-01", "500000", "2010-01-01", "cpa");	  /* after the window */
	add_recognition(&s, "S3", "2025-03-01", "99999.99", "2010-01-01", "cpa"); /* below 100,000 */
	add_recognition(&s, "S4", "2025-03-01", "200000", "2010-01-01", "");	  /* no qualified staff */
	sb_printf(&s, "</applicant>");
	aw = evaluate_jinan(s.data);
	expect(aw, "p6", code_of(1, code), "R2", DS_AWARD_GRANTED, 1, "50000.00");
	ck_assert_str_eq(expect(aw, "p6", code, "R1", DS_AWARD_UNRANKED, 2, "0.00").reason,
			 "at most 1 award(s) per applicant in this programme; a higher-ranked recognition was awarded");
	ck_assert_str_eq(expect(aw, "p6", code_of(2, code), "S1", DS_AWARD_INELIGIBLE, 0, "0.00").reason,
			 "服务商 operating for at least 3 years at the claim date: not met (provider.years = 2)");
	expect(aw, "p6", code, "S2", DS_AWARD_INELIGIBLE, 0, "0.00");
	expect(aw, "p6", code, "S3", DS_AWARD_INELIGIBLE, 0, "0.00");
	ck_assert_ptr_nonnull(strstr(expect(aw, "p6", code, "S4", DS_AWARD_INELIGIBLE, 0, "0.00").reason,
				     "provider.qualification.cpa = 0"));
	expect_total(aw, "p6", "50000.00");
	ds_awards_free(aw);
	free(s.data);
}
END_TEST

/* ---------------------------------------------------------------- 就高 */

START_TEST(highest_wins)
{
	sb s = { 0 };
	ds_awards *aw;
	char code[19];

	/* One applicant: p1 10,000 (product), p3 30,000, p6 50,000, p4 200,000: 就高 keeps p4 alone. */
	sb_printf(&s,
		  "<applicant id=\"%s\" name=\"All\" verified=\"true\"><voucher kind=\"filing\"/>"
		  "<product id=\"P\" first-listed=\"2025-01-01\" certificate=\"true\" trade-voucher=\"true\"/>"
		  "<trade product=\"P\" date=\"2025-01-01\" amount=\"200000\"/>"
		  "<filing role=\"buyer\" filed=\"2025-01-01\" amount=\"6000000\"/>"
		  "<case id=\"K\" list=\"data_x_excellent\" year=\"2025\" outcome=\"selected\" date=\"2025-05-05\"/>",
		  code_of(1, code));
	add_recognition(&s, "R", "2025-03-01", "100000", "2000-01-01", "data_governance");
	sb_printf(&s, "</applicant>");
	/* A second applicant with the same p3 award and no other: keeps it. */
	sb_printf(&s,
		  "<applicant id=\"%s\" name=\"One\"><voucher kind=\"filing\"/>"
		  "<filing role=\"provider\" filed=\"2025-01-01\" amount=\"5000000\"/></applicant>",
		  code_of(2, code));
	aw = evaluate_jinan(s.data);
	ck_assert_str_eq(expect(aw, "p1", code_of(1, code), "P", DS_AWARD_DISPLACED, 1, "0.00").displaced_by, "p4");
	ck_assert_str_eq(expect(aw, "p3", code, NULL, DS_AWARD_DISPLACED, 1, "0.00").displaced_by, "p4");
	ck_assert_str_eq(expect(aw, "p6", code, "R", DS_AWARD_DISPLACED, 1, "0.00").displaced_by, "p4");
	ck_assert_str_eq(expect(aw, "p4", code, "K", DS_AWARD_GRANTED, 0, "200000.00").displaces,
			 "p1 10000.00; p3 30000.00; p6 50000.00");
	expect(aw, "p3", code_of(2, code), NULL, DS_AWARD_GRANTED, 2, "30000.00");
	expect_total(aw, NULL, "230000.00");
	ds_awards_free(aw);
	free(s.data);
}
END_TEST

/* 就高 applies to all six programmes (济数字〔2025〕6号: "按照不重复奖补的原则，对同时符合本细则多项奖补政策的，
 * 按照'就高'原则实施奖补"): programme 2's 150,000 against programme 4's 200,000 case gives 200,000, not
 * 350,000; programme 3's 30,000 against programme 5's 200,000 gives 200,000, not 230,000. */
START_TEST(highest_across_all_six)
{
	sb s = { 0 };
	ds_awards *aw;
	char code[19];

	/* 3,000,000 in the window: rank 1, 5% = 150,000 (the band cap is 150,000). */
	sb_printf(
		&s,
		"<applicant id=\"%s\" name=\"P2P4\" verified=\"true\"><voucher kind=\"trade\"/>"
		"<product id=\"P\" first-listed=\"2024-10-01\"/>"
		"<trade product=\"P\" date=\"2025-05-01\" amount=\"3000000\"/>"
		"<case id=\"K-P2P4\" list=\"data_x_excellent\" year=\"2025\" outcome=\"selected\" date=\"2025-06-30\"/></applicant>",
		code_of(1, code));
	sb_printf(
		&s,
		"<applicant id=\"%s\" name=\"P3P5\"><voucher kind=\"filing\"/>"
		"<filing role=\"provider\" filed=\"2025-01-01\" amount=\"5000000\"/>"
		"<contract enterprise=\"true\" counterparty=\"E1\" date=\"2025-01-01\" amount=\"250000\"/>"
		"<contract enterprise=\"true\" counterparty=\"E2\" date=\"2025-02-01\" amount=\"250000\"/>"
		"<partner name=\"山东大学\" research=\"true\"/><training evidence=\"人才培养方案\"/><review score=\"90\"/></applicant>",
		code_of(2, code));
	aw = evaluate_jinan(s.data);
	ck_assert_str_eq(expect(aw, "p2", code_of(1, code), NULL, DS_AWARD_DISPLACED, 1, "0.00").displaced_by, "p4");
	ck_assert_str_eq(expect(aw, "p4", code, "K-P2P4", DS_AWARD_GRANTED, 0, "200000.00").displaces, "p2 150000.00");
	ck_assert_str_eq(expect(aw, "p3", code_of(2, code), NULL, DS_AWARD_DISPLACED, 1, "0.00").displaced_by, "p5");
	ck_assert_str_eq(expect(aw, "p5", code, NULL, DS_AWARD_GRANTED, 1, "200000.00").displaces, "p3 30000.00");
	expect_total(aw, NULL, "400000.00");
	ds_awards_free(aw);
	free(s.data);
}
END_TEST

/* 单个案例奖补金额不高于20万元: one case is paid at most 200,000 in all, whether one applicant lists it
 * twice (a 数据要素× final entry that is also a published excellent case) or co-applicants list it. How
 * co-applicants share it is their input: shares are paid as stated (and never past 200,000 in all); without
 * them nobody is paid, since the library does not invent a split. */
START_TEST(one_case_one_award)
{
	sb s = { 0 };
	ds_awards *aw;
	char code[19], co[6][19];
	ds_award a;
	size_t i, seen;

	sb_printf(
		&s,
		"<applicant id=\"%s\" name=\"Twice\">"
		"<case id=\"K-SAME\" list=\"data_x_final\" year=\"2025\" outcome=\"won\" date=\"2025-03-01\"/>"
		"<case id=\"K-SAME\" list=\"data_x_excellent\" year=\"2025\" outcome=\"selected\" date=\"2025-03-01\"/>"
		"</applicant>",
		code_of(1, code));
	/* Two co-applicants of K-HALF with half each; two of K-OVER who claim 0.6 each; two of K-NONE
	 * without shares. */
	for (i = 0; i < 6; i++)
		sb_printf(&s,
			  "<applicant id=\"%s\" name=\"Co-%zu\"><case id=\"%s\" list=\"data_x_excellent\" year=\"2025\""
			  " outcome=\"selected\"%s/></applicant>",
			  code_of(2 + (unsigned)i, co[i]), i,
			  i < 2 ? "K-HALF" :
			  i < 4 ? "K-OVER" :
				  "K-NONE",
			  i < 2 ? " share=\"1/2\"" :
			  i < 4 ? " share=\"0.6\"" :
				  "");
	aw = evaluate_jinan(s.data);
	/* The two lines of K-SAME: the first in order is paid, the second is capped to 0. */
	for (i = 0, seen = 0; i < ds_awards_count(aw); i++) {
		ck_assert_ds_ok(ds_awards_at(&a, aw, i));
		if (strcmp(a.programme, "p4") != 0 || strcmp(a.unit, "K-SAME") != 0)
			continue;
		ck_assert_int_eq(a.status, DS_AWARD_GRANTED);
		expect_money(a.award, seen++ ? "0.00" : "200000.00");
		if (seen == 2)
			ck_assert_str_eq(a.caps, "per case K-SAME: 200000 in total, 200000 already awarded");
	}
	ck_assert_uint_eq(seen, 2);
	ck_assert_dec_eq(expect(aw, "p4", co[0], "K-HALF", DS_AWARD_GRANTED, 0, "100000.00").uncapped, "100000");
	expect(aw, "p4", co[1], "K-HALF", DS_AWARD_GRANTED, 0, "100000.00");
	expect(aw, "p4", co[2], "K-OVER", DS_AWARD_GRANTED, 0, "120000.00");
	ck_assert_str_eq(expect(aw, "p4", co[3], "K-OVER", DS_AWARD_GRANTED, 0, "80000.00").caps,
			 "per case K-OVER: 200000 in total, 120000 already awarded");
	ck_assert_str_eq(expect(aw, "p4", co[4], "K-NONE", DS_AWARD_INELIGIBLE, 0, "0.00").reason,
			 "a case listed by several applicants states each one's share: not met "
			 "(case.applicants = 2, case.share_declared = 0)");
	expect(aw, "p4", co[5], "K-NONE", DS_AWARD_INELIGIBLE, 0, "0.00");
	expect_total(aw, "p4", "600000.00"); /* three cases paid, 200,000 each at most */
	expect_total(aw, NULL, "600000.00");
	ds_awards_free(aw);
	free(s.data);
}
END_TEST

/* 不高于累计交易额的5%: 1,000,000.10 × 5% = 50,000.005 is paid 50,000.00 (toward zero), never 50,000.01. */
START_TEST(five_percent_rounds_down)
{
	char code[19], body[1024];
	ds_awards *aw;
	ds_award a;

	snprintf(
		body, sizeof body,
		"<applicant id=\"%s\" name=\"Half\" verified=\"true\"><product id=\"P\" first-listed=\"2024-10-01\"/>"
		"<trade product=\"P\" date=\"2025-01-01\" amount=\"1000000.10\"/><voucher kind=\"trade\"/></applicant>",
		code_of(1, code));
	aw = evaluate_jinan(body);
	a = expect(aw, "p2", code, NULL, DS_AWARD_GRANTED, 1, "50000.00");
	ck_assert_dec_eq(a.uncapped, "10000001/200"); /* 50,000.005 */
	ck_assert_dec_eq(a.capped, "50000");
	ds_awards_free(aw);
}
END_TEST

/* ---------------------------------------------------------------- facts of version 2 */

static size_t index_of(const ds_awards *aw, const char *programme, const char *applicant, const char *unit)
{
	size_t i;

	for (i = 0; i < ds_awards_count(aw); i++) {
		ds_award a;
		ck_assert_ds_ok(ds_awards_at(&a, aw, i));
		if (strcmp(a.programme, programme) == 0 && strcmp(a.applicant, applicant) == 0 &&
		    strcmp(a.unit, unit ? unit : "") == 0)
			return i;
	}
	ck_abort_msg("no line for %s / %s", programme, applicant);
	return 0;
}

static const char *basis_of(const ds_awards *aw, const char *programme, const char *applicant, const char *unit)
{
	const char *basis = NULL;

	ck_assert_ds_ok(ds_awards_basis_at(&basis, aw, index_of(aw, programme, applicant, unit)));
	return basis;
}

/* The facts issue #19 found missing: the first listing apart from a later one, the filing date apart
 * from the trade's, the outcome at the final, enterprises and 高校院所, the training system, licences,
 * the voucher claimed and the years at its date, and the 服务商 named on the award. */
START_TEST(version_2_facts)
{
	sb s = { 0 };
	ds_awards *aw;
	char a1[19], a2[19], a3[19], a4[19], a5[19];
	const char *payee = NULL;

	/* A product first listed before the window and listed again in it: not 首次 in the window. */
	sb_printf(
		&s,
		"<applicant id=\"%s\" name=\"Relisted\"><product id=\"P\" first-listed=\"2024-06-01\""
		" listed=\"2025-02-01\" certificate=\"true\" trade-voucher=\"true\"/>"
		"<trade product=\"P\" date=\"2025-03-01\" amount=\"500000\"/>"
		/* Filed on the last day of the window, traded long before: counts. Traded in the window,
		   * filed after it: does not. */
		"<voucher kind=\"filing\"/><filing role=\"provider\" filed=\"2025-10-31\" traded=\"2024-09-01\""
		" amount=\"5000000\"/><filing role=\"buyer\" filed=\"2025-11-01\" traded=\"2025-10-01\" amount=\"1\"/>"
		"</applicant>",
		code_of(1, a1));
	/* The national final: reaching it is not winning. */
	sb_printf(&s,
		  "<applicant id=\"%s\" name=\"Finalist\">"
		  "<case id=\"K-REACHED\" list=\"data_x_final\" year=\"2025\" outcome=\"reached\"/>"
		  "<case id=\"K-WON\" list=\"data_x_final\" year=\"2025\" outcome=\"won\"/></applicant>",
		  code_of(2, a2));
	/* A base whose second counterparty is not an enterprise, and one whose partner is not a 高校院所. */
	sb_printf(&s,
		  "<applicant id=\"%s\" name=\"Base-1\"><contract counterparty=\"E1\" enterprise=\"true\""
		  " date=\"2025-01-01\" amount=\"400000\"/><contract counterparty=\"协会\" date=\"2025-01-01\""
		  " amount=\"400000\"/><partner name=\"山东大学\" research=\"true\"/>"
		  "<training evidence=\"培养方案\" assessed-by=\"评审组\"/><review score=\"90\"/></applicant>",
		  code_of(3, a3));
	sb_printf(&s,
		  "<applicant id=\"%s\" name=\"Base-2\"><contract counterparty=\"E1\" enterprise=\"true\""
		  " date=\"2025-01-01\" amount=\"400000\"/><contract counterparty=\"E2\" enterprise=\"true\""
		  " date=\"2025-01-01\" amount=\"400000\"/><partner name=\"某公司\"/>"
		  "<training evidence=\"培养方案\"/><review score=\"90\"/></applicant>",
		  code_of(4, a4));
	/* 入表: the 服务商 founded 2022-06-01 is 3 years old on a claim of 2025-06-01, not on 2025-05-31. */
	sb_printf(
		&s,
		"<applicant id=\"%s\" name=\"Rec\">"
		"<recognition id=\"R-OK\" date=\"2025-03-01\" amount=\"100000\" registered=\"true\" voucher-user=\"true\""
		" claimed=\"2025-06-01\"><provider id=\"91370100MA0000005C\" name=\"丙会计师事务所\" founded=\"2022-06-01\""
		" approved=\"true\" independent=\"true\" clean=\"true\" licensed=\"true\" qualifications=\"cpa\"/>"
		"</recognition>"
		"<recognition id=\"R-EARLY\" date=\"2025-03-01\" amount=\"900000\" registered=\"true\" voucher-user=\"true\""
		" claimed=\"2025-05-31\"><provider id=\"91370100MA0000005C\" name=\"丙会计师事务所\" founded=\"2022-06-01\""
		" approved=\"true\" independent=\"true\" clean=\"true\" licensed=\"true\" qualifications=\"cpa\"/>"
		"</recognition>"
		"<recognition id=\"R-UNLICENSED\" date=\"2025-03-01\" amount=\"900000\" registered=\"true\""
		" voucher-user=\"true\" claimed=\"2025-06-01\"><provider id=\"P\" name=\"丁\" founded=\"2010-01-01\""
		" approved=\"true\" independent=\"true\" clean=\"true\" qualifications=\"cpa\"/></recognition>"
		"<recognition id=\"R-UNCLAIMED\" date=\"2025-03-01\" amount=\"900000\" registered=\"true\""
		" voucher-user=\"true\"><provider id=\"P\" name=\"丁\" founded=\"2010-01-01\" approved=\"true\""
		" independent=\"true\" clean=\"true\" licensed=\"true\" qualifications=\"cpa\"/></recognition>"
		"</applicant>",
		code_of(5, a5));
	aw = evaluate_jinan(s.data);
	ck_assert_str_eq(expect(aw, "p1", a1, "P", DS_AWARD_INELIGIBLE, 0, "0.00").reason,
			 "首次登记上架 in the window (the first listing date): not met (product.listed_in_window = 0)");
	ck_assert_uint_eq(expect(aw, "p3", a1, NULL, DS_AWARD_GRANTED, 1, "30000.00").ignored_records, 1);
	ck_assert_str_eq(expect(aw, "p4", a2, "K-REACHED", DS_AWARD_INELIGIBLE, 0, "0.00").reason,
			 "won (获奖) or selected (入选): not met (case.outcome.won = 0, case.outcome.selected = 0)");
	expect(aw, "p4", a2, "K-WON", DS_AWARD_GRANTED, 0, "200000.00");
	ck_assert_str_eq(expect(aw, "p5", a3, NULL, DS_AWARD_INELIGIBLE, 0, "0.00").reason,
			 "数据标注 service contracts with at least 2 enterprises: not met "
			 "(applicant.contract_enterprises = 1)");
	ck_assert_str_eq(expect(aw, "p5", a4, NULL, DS_AWARD_INELIGIBLE, 0, "0.00").reason,
			 "talent training with at least 1 university or research institute: not met "
			 "(applicant.research_partners = 0)");
	expect(aw, "p6", a5, "R-OK", DS_AWARD_GRANTED, 1, "50000.00");
	ck_assert_ds_ok(ds_awards_payee_at(&payee, aw, index_of(aw, "p6", a5, "R-OK")));
	ck_assert_str_eq(payee, "91370100MA0000005C 丙会计师事务所 (服务商)");
	ck_assert_str_eq(expect(aw, "p6", a5, "R-EARLY", DS_AWARD_INELIGIBLE, 0, "0.00").reason,
			 "服务商 operating for at least 3 years at the claim date: not met (provider.years = 2)");
	ck_assert_str_eq(expect(aw, "p6", a5, "R-UNLICENSED", DS_AWARD_INELIGIBLE, 0, "0.00").reason,
			 "服务商 licences complete: not met (provider.licensed = 0)");
	ck_assert_str_eq(expect(aw, "p6", a5, "R-UNCLAIMED", DS_AWARD_INELIGIBLE, 0, "0.00").reason,
			 "the voucher claimed (申领): not met (recognition.voucher_claimed = 0)");
	ck_assert_ds_err(ds_awards_payee_at(&payee, aw, ds_awards_count(aw)), DS_ERANGE);
	ck_assert_ds_err(ds_awards_payee_at(NULL, aw, 0), DS_EINVAL);
	ds_awards_free(aw);
	free(s.data);
}
END_TEST

/* "最高 X": X unless an amount approved below it (and by whom) is in the application; the line says which. */
START_TEST(approved_amounts)
{
	sb s = { 0 };
	ds_awards *aw;
	char a1[19], a2[19], a3[19];
	const char *basis = NULL;
	char *csv = NULL, *xml = NULL;

	add_trader(&s, 1, "2025-01-01", "200000", 1);
	s.len -= strlen("</applicant>");
	sb_printf(&s,
		  "<approval programme=\"p1\" unit=\"P1\" amount=\"8000\" by=\"济南市大数据局\" date=\"2025-11-20\"/>"
		  "</applicant>");
	sb_printf(&s,
		  "<applicant id=\"%s\" name=\"F\"><voucher kind=\"filing\"/>"
		  "<filing role=\"provider\" filed=\"2025-01-01\" amount=\"5000000\"/>"
		  "<approval programme=\"p3\" amount=\"45000\" by=\"评审委员会\"/></applicant>",
		  code_of(2, a2));
	sb_printf(&s,
		  "<applicant id=\"%s\" name=\"K\"><case id=\"K\" list=\"annotation_excellent\" year=\"2025\""
		  " outcome=\"selected\"/><approval programme=\"p9\" amount=\"1\" by=\"nobody\"/></applicant>",
		  code_of(3, a3));
	aw = evaluate_jinan(s.data);
	code_of(1, a1);
	expect(aw, "p1", a1, "P1", DS_AWARD_GRANTED, 1, "8000.00");
	ck_assert_str_eq(basis_of(aw, "p1", a1, "P1"),
			 "approved 8000 by 济南市大数据局 on 2025-11-20, below the maximum 10000");
	expect(aw, "p3", a2, NULL, DS_AWARD_GRANTED, 1, "30000.00");
	ck_assert_str_eq(basis_of(aw, "p3", a2, NULL),
			 "approved 45000 by 评审委员会, not below the maximum 30000: the maximum is paid");
	expect(aw, "p4", a3, "K", DS_AWARD_GRANTED, 0, "200000.00");
	ck_assert_str_eq(basis_of(aw, "p4", a3, "K"), "maximum 200000 paid: no approved amount in the application");
	ck_assert_str_eq(basis_of(aw, "p2", a1, NULL), ""); /* not a maximum, not awarded */
	ck_assert_ds_err(ds_awards_basis_at(&basis, aw, ds_awards_count(aw)), DS_ERANGE);
	ck_assert_ds_ok(ds_awards_to_csv(&csv, aw, NULL));
	ck_assert_ptr_nonnull(
		strstr(csv, ",\"approved 8000 by 济南市大数据局 on 2025-11-20, below the maximum 10000\",\r\n"));
	ck_assert_ds_ok(ds_awards_to_xml(&xml, aw));
	ck_assert_ptr_nonnull(strstr(xml, "<basis>maximum 200000 paid: no approved amount in the application</basis>"));
	ds_free(csv);
	ds_free(xml);
	ds_awards_free(aw);
	free(s.data);
}
END_TEST

/* Version 1 documents are still read: each fact they can state keeps its version 1 meaning (listed is
 * the first listing, a filing's date is its filing date, a partner is a 高校院所); the facts only
 * version 2 can state are absent, and the conditions that need them say so. */
START_TEST(version_1_still_read)
{
	static const char doc[] =
		"<applications xmlns=\"urn:datasset:applications:1\">"
		"<applicant id=\"91370100MA00000010\" name=\"Old\" verified=\"true\">"
		"<product id=\"P\" listed=\"2025-01-01\" certificate=\"true\" trade-voucher=\"true\"/>"
		"<trade product=\"P\" date=\"2025-03-01\" amount=\"150000\"/>"
		"<voucher kind=\"filing\"/><filing role=\"buyer\" date=\"2025-10-31\" amount=\"5000000\"/>"
		"<case id=\"K\" list=\"data_x_excellent\" date=\"2025-06-30\"/>"
		"<contract counterparty=\"E1\" date=\"2025-01-01\" amount=\"300000\"/>"
		"<contract counterparty=\"E2\" date=\"2025-01-01\" amount=\"300000\"/>"
		"<partner name=\"山东大学\"/><review score=\"90\"/>"
		"<recognition id=\"R\" date=\"2025-03-01\" amount=\"150000\" registered=\"true\">"
		"<provider id=\"S\" name=\"服务商\" founded=\"2015-01-01\" approved=\"true\" independent=\"true\""
		" clean=\"true\" qualifications=\"cpa\"/></recognition></applicant></applications>";
	ds_applications *apps = NULL;
	ds_policy *policy = NULL;
	ds_awards *aw = NULL;
	const char *code = "91370100MA00000010";

	ck_assert_ds_ok(ds_applications_parse(&apps, doc, sizeof doc - 1, "v1.xml"));
	ck_assert_ds_ok(ds_policy_bundled(&policy, "jinan-2025"));
	ck_assert_ds_ok(ds_policy_evaluate(&aw, policy, apps));
	ck_assert_str_eq(expect(aw, "p1", code, "P", DS_AWARD_DISPLACED, 1, "0.00").displaced_by, "p3");
	expect(aw, "p3", code, NULL, DS_AWARD_GRANTED, 1, "30000.00");
	ck_assert_str_eq(
		expect(aw, "p4", code, "K", DS_AWARD_INELIGIBLE, 0, "0.00").reason,
		"won or selected in 2025 (the year of the competition or publication): not met (case.year = 0)");
	ck_assert_str_eq(expect(aw, "p5", code, NULL, DS_AWARD_INELIGIBLE, 0, "0.00").reason,
			 "数据标注 service contracts with at least 2 enterprises: not met "
			 "(applicant.contract_enterprises = 0)");
	ck_assert_str_eq(expect(aw, "p6", code, "R", DS_AWARD_INELIGIBLE, 0, "0.00").reason,
			 "applied to be a 数据券 user: not met (recognition.voucher_user = 0)");
	ds_awards_free(aw);
	ds_policy_free(policy);
	ds_applications_free(apps);
}
END_TEST

/* ---------------------------------------------------------------- explain */

START_TEST(explain_one_applicant)
{
	sb s = { 0 };
	ds_policy *policy = NULL;
	ds_applications *apps = NULL;
	char code[19], *text = (char *)&text;

	/* The issue's second 就高 pair: programme 3's 30,000 and programme 5's 200,000. */
	sb_printf(&s,
		  "<applicant id=\"%s\" name=\"P3P5\"><voucher kind=\"filing\"/>"
		  "<filing role=\"provider\" filed=\"2025-01-01\" amount=\"5000000\"/>"
		  "<contract enterprise=\"true\" counterparty=\"E1\" date=\"2025-01-01\" amount=\"250000\"/>"
		  "<contract counterparty=\"E2\" date=\"2025-02-01\" amount=\"250000\"/>"
		  "<partner name=\"山东大学\" research=\"true\"/><training evidence=\"人才培养方案\"/>"
		  "<review score=\"90\"/></applicant>",
		  code_of(1, code));
	ck_assert_ds_ok(parse_apps(&apps, s.data));
	ck_assert_ds_ok(ds_policy_bundled(&policy, "jinan-2025"));
	ck_assert_ds_err(ds_policy_explain(&text, policy, apps, "91370100MA00000023"), DS_ENOTFOUND);
	ck_assert_ds_err(ds_policy_explain(&text, policy, NULL, code), DS_EINVAL);
	ck_assert_ptr_eq(text, (char *)&text); /* unchanged */
	ck_assert_ds_ok(ds_policy_explain(&text, policy, apps, code));
	/* Every condition, met or not, with its figure and its clause. */
	ck_assert_ptr_nonnull(strstr(text, "[met] 场外 filings (as provider and as buyer) ≥ 5,000,000: "
					   "applicant.filed_total = 5000000"));
	ck_assert_ptr_nonnull(strstr(text, "[not met] 数据标注 service contracts with at least 2 enterprises: "
					   "applicant.contract_enterprises = 1"));
	ck_assert_ptr_nonnull(strstr(text, "[not met] 数据标注 contracts with enterprises totalling ≥ 500,000: "
					   "applicant.enterprise_contract_total = 250000"));
	ck_assert_ptr_nonnull(strstr(text, "[met] a talent-training system (人才培养体系), with its evidence: "
					   "applicant.training_system = 1"));
	ck_assert_ptr_nonnull(strstr(text,
				     "source: 数据标注实践基地奖补: data-annotation service contracts with at least "
				     "2 enterprises"));
	ck_assert_ptr_nonnull(strstr(text, "basis: maximum 30000 paid: no approved amount in the application"));
	ck_assert_ptr_nonnull(
		strstr(text, "source: 按照不重复奖补的原则，对同时符合本细则多项奖补政策的，按照'就高'原则实施奖补"));
	ck_assert_ptr_nonnull(strstr(text, "Total awarded to this applicant: 30,000.00"));
	ds_free(text);
	ds_applications_free(apps);
	ds_policy_free(policy);
	free(s.data);
}
END_TEST

/* ---------------------------------------------------------------- determinism */

/* xorshift64: a fixed sequence, the same on every machine. */
static unsigned next_random(uint64_t *x, unsigned bound)
{
	*x ^= *x << 13;
	*x ^= *x >> 7;
	*x ^= *x << 17;
	return (unsigned)(*x % bound);
}

/* A deterministic population of @n applicants. Each random draw is its own
 * statement, so the order of draws does not depend on argument evaluation. */
static char *population(unsigned n)
{
	sb s = { 0 };
	uint64_t x = 88172645463325252ull;
	unsigned i, t, month, day, whole, fen;
	const char *flag, *product;
	char code[19];

	sb_printf(&s, APPS_HEAD);
	for (i = 1; i <= n; i++) {
		flag = next_random(&x, 4) ? "true" : "false";
		sb_printf(&s, "<applicant id=\"%s\" name=\"企业%u\" verified=\"%s\">", code_of(i, code), i, flag);
		month = next_random(&x, 9) + 1;
		sb_printf(
			&s,
			"<product id=\"A\" first-listed=\"2025-0%u-01\" certificate=\"true\" trade-voucher=\"true\"/>",
			month);
		month = next_random(&x, 3);
		flag = next_random(&x, 2) ? "true" : "false";
		sb_printf(&s,
			  "<product id=\"B\" first-listed=\"2024-1%u-15\" certificate=\"%s\" trade-voucher=\"true\"/>",
			  month, flag);
		for (t = 0; t < 20; t++) {
			product = next_random(&x, 2) ? "A" : "B";
			month = next_random(&x, 9) + 1;
			day = next_random(&x, 28) + 1;
			whole = next_random(&x, 200000);
			fen = next_random(&x, 100);
			sb_printf(&s, "<trade product=\"%s\" date=\"2025-0%u-%02u\" amount=\"%u.%02u\"/>", product,
				  month, day, whole, fen);
		}
		if (next_random(&x, 2))
			sb_printf(&s, "<voucher kind=\"trade\"/>");
		if (next_random(&x, 3) == 0) {
			whole = next_random(&x, 8000000);
			sb_printf(
				&s,
				"<voucher kind=\"filing\"/><filing role=\"buyer\" filed=\"2025-02-02\" amount=\"%u\"/>",
				whole);
		}
		if (next_random(&x, 5) == 0)
			add_recognition(&s, "R", "2025-03-01", "150000", "2015-01-01", "cpa");
		sb_printf(&s, "</applicant>");
	}
	sb_printf(&s, APPS_TAIL);
	return s.data;
}

START_TEST(determinism_and_sums)
{
	char *doc = population(2000), *first = NULL, *second = NULL;
	ds_policy *policy = NULL;
	ds_applications *apps = NULL;
	ds_awards *aw1 = NULL, *aw2 = NULL;
	ds_decimal *sum = NULL, *total = NULL;
	size_t i, granted = 0;

	ck_assert_ds_ok(ds_policy_bundled(&policy, "jinan-2025"));
	ck_assert_ds_ok(ds_applications_parse(&apps, doc, strlen(doc), "population"));
	ck_assert_uint_eq(ds_applications_count(apps), 2000);
	ck_assert_ds_ok(ds_policy_evaluate(&aw1, policy, apps));
	ck_assert_ds_ok(ds_policy_evaluate(&aw2, policy, apps));
	ck_assert_ds_ok(ds_awards_to_xml(&first, aw1));
	ck_assert_ds_ok(ds_awards_to_xml(&second, aw2));
	ck_assert_str_eq(first, second);
	ck_assert_ds_ok(ds_decimal_new(&sum));
	ck_assert_ds_ok(ds_decimal_new(&total));
	for (i = 0; i < ds_awards_count(aw1); i++) {
		ds_award a;
		ck_assert_ds_ok(ds_awards_at(&a, aw1, i));
		ck_assert_ds_ok(ds_decimal_add(sum, sum, a.award));
		granted += a.status == DS_AWARD_GRANTED;
	}
	/* Past the end: DS_ERANGE naming index and count, @out untouched; NULL: DS_EINVAL. */
	{
		ds_award a, before;
		char index_text[64];
		memset(&a, 0x5a, sizeof a);
		memcpy(&before, &a, sizeof a);
		ck_assert_ds_err(ds_awards_at(&a, aw1, ds_awards_count(aw1)), DS_ERANGE);
		snprintf(index_text, sizeof index_text, "index %zu", ds_awards_count(aw1));
		ck_assert_ptr_nonnull(strstr(ds_error_last()->message, index_text));
		snprintf(index_text, sizeof index_text, "has %zu", ds_awards_count(aw1));
		ck_assert_ptr_nonnull(strstr(ds_error_last()->message, index_text));
		ck_assert_ds_err(ds_awards_at(&a, NULL, 0), DS_EINVAL);
		ck_assert_int_eq(memcmp(&a, &before, sizeof a), 0);
		ck_assert_ds_err(ds_awards_at(NULL, aw1, 0), DS_EINVAL);
	}
	ck_assert_ds_ok(ds_awards_total(total, aw1, NULL));
	ck_assert_int_eq(ds_decimal_cmp(sum, total), 0);
	ck_assert_int_gt(ds_decimal_sign(total), 0);
	ck_assert_uint_gt(granted, 50);
	/* Every ranked programme is limited: p1 50, p2 20, p3 10, p5 3 (p6 one per enterprise). */
	ck_assert_int_eq(ds_decimal_cmp(total, total), 0);
	ds_free(first);
	ds_free(second);
	ds_decimal_free(sum);
	ds_decimal_free(total);
	ds_awards_free(aw1);
	ds_awards_free(aw2);
	ds_applications_free(apps);
	ds_policy_free(policy);
	free(doc);
}
END_TEST

/* ---------------------------------------------------------------- custom policies and the expression language */

#define POLICY_HEAD "<policy xmlns=\"urn:datasset:policy:1\" id=\"t\" title=\"test\">"

static int parse_policy(ds_policy **out, const char *body)
{
	sb s = { 0 };
	int rc;

	sb_printf(&s, "%s%s</policy>", POLICY_HEAD, body);
	rc = ds_policy_parse(out, s.data, s.len, "t.xml");
	free(s.data);
	return rc;
}

START_TEST(expressions_in_policies)
{
	ds_policy *policy = NULL;
	ds_awards *aw;
	sb s = { 0 };
	char code[19];
	ds_award a;

	ck_assert_ds_ok(parse_policy(
		&policy, "<programme id=\"x\" title=\"X\" unit=\"applicant\">"
			 "<condition test=\"not (applicant.verified = 0) and (applicant.trade_total &gt; 0 or "
			 "applicant.filed_total &gt; 0)\" label=\"active\"/>"
			 "<rank by=\"applicant.trade_total + applicant.filed_total\" order=\"ascending\"/>"
			 "<award formula=\"min(applicant.trade_total / 3, 20000, max(1000, applicant.filed_total))\"/>"
			 "<cap per=\"award\" amount=\"15000\"/>"
			 "</programme>"));
	ck_assert_str_eq(ds_policy_id(policy), "t");
	add_trader(&s, 1, "2025-01-01", "100", 0);   /* 100/3 = 33.33… → 33.33 */
	add_trader(&s, 2, "2025-01-01", "90000", 0); /* min(30000, 20000, 1000) = 1000 */
	add_trader(&s, 3, "2025-01-01", "0", 0);     /* inactive */
	aw = evaluate_with(policy, s.data);
	a = expect(aw, "x", code_of(1, code), NULL, DS_AWARD_GRANTED, 1, "33.33");
	ck_assert_dec_eq(a.uncapped, "100/3");
	expect(aw, "x", code_of(2, code), NULL, DS_AWARD_GRANTED, 2, "1000.00");
	ck_assert_str_eq(
		expect(aw, "x", code_of(3, code), NULL, DS_AWARD_INELIGIBLE, 0, "0.00").reason,
		"active: not met (applicant.verified = 1, applicant.trade_total = 0, applicant.filed_total = 0)");
	ds_awards_free(aw);
	ds_policy_free(policy);
	free(s.data);
}
END_TEST

START_TEST(formula_errors_are_reported)
{
	ds_policy *policy = NULL;
	ds_applications *apps = NULL;
	ds_awards *aw = (ds_awards *)&aw;
	sb s = { 0 };

	ck_assert_ds_ok(parse_policy(&policy, "<programme id=\"x\" title=\"X\" unit=\"applicant\">"
					      "<award formula=\"1000 / applicant.trade_total\"/></programme>"));
	add_trader(&s, 1, "2025-01-01", "0", 0);
	ck_assert_ds_ok(parse_apps(&apps, s.data));
	ck_assert_ds_err(ds_policy_evaluate(&aw, policy, apps), DS_EDIVZERO);
	ck_assert_ptr_eq(aw, (ds_awards *)&aw); /* unchanged */
	ck_assert_ptr_nonnull(strstr(ds_error_last()->message, "programme x, applicant 91370100MA0000001"));
	ck_assert_ptr_nonnull(strstr(ds_error_last()->message, "division by zero"));
	ds_applications_free(apps);
	ds_policy_free(policy);
	free(s.data);
}
END_TEST

static const struct {
	const char *body;
	int code;
	const char *message; /* a part of the message */
	int line;	     /* 0: do not check */
} bad_policies[] = {
	{ "<programme id=\"x\" title=\"X\" unit=\"applicant\"><award formula=\"applicant.no_such_figure\"/></programme>",
	  DS_EINVAL, "unknown name 'applicant.no_such_figure'", 1 },
	{ "<programme id=\"x\" title=\"X\" unit=\"applicant\"><award formula=\"product.trade_total\"/></programme>",
	  DS_EINVAL, "unknown name 'product.trade_total'", 1 },
	{ "<programme id=\"x\" title=\"X\" unit=\"case\"><condition test=\"provider.years &gt; 1\" label=\"l\"/>"
	  "<award formula=\"1\"/></programme>",
	  DS_EINVAL, "unknown name 'provider.years'", 1 },
	{ "<programme id=\"x\" title=\"X\" unit=\"applicant\">\n<window from=\"2025-10-31\" to=\"2024-11-01\"/>"
	  "<award formula=\"1\"/></programme>",
	  DS_EINVAL, "the window ends (2024-11-01) before it starts (2025-10-31)", 2 },
	{ "<programme id=\"x\" title=\"X\" unit=\"applicant\"><window from=\"2025-02-30\" to=\"2025-03-01\"/>"
	  "<award formula=\"1\"/></programme>",
	  DS_EPARSE, "'2025-02-30' is not a valid value", 1 },
	{ "<programme id=\"x\" title=\"X\" unit=\"applicant\"><rank by=\"1\" awardees=\"10\"/><award formula=\"1\"/>"
	  "<cap per=\"rank\" from=\"1\" to=\"5\" amount=\"1\"/><cap per=\"rank\" from=\"5\" to=\"10\" amount=\"1\"/>"
	  "</programme>",
	  DS_EINVAL, "rank band 5-10 overlaps band 1-5", 1 },
	{ "<programme id=\"x\" title=\"X\" unit=\"applicant\"><rank by=\"1\" awardees=\"10\"/><award formula=\"1\"/>"
	  "<cap per=\"rank\" from=\"6\" to=\"11\" amount=\"1\"/></programme>",
	  DS_EINVAL, "rank band 6-11 goes past the 10 awardees", 1 },
	{ "<programme id=\"x\" title=\"X\" unit=\"applicant\"><award formula=\"1\"/>"
	  "<cap per=\"rank\" from=\"1\" to=\"5\" amount=\"1\"/></programme>",
	  DS_EINVAL, "needs a <rank>", 1 },
	{ "<programme id=\"x\" title=\"X\" unit=\"applicant\"><award formula=\"1\"/>"
	  "<cap per=\"applicant\" amount=\"1\" count=\"1\"/></programme>",
	  DS_EINVAL, "either 'amount' or 'count'", 1 },
	{ "<programme id=\"x\" title=\"X\" unit=\"applicant\"><award formula=\"1\"/></programme>"
	  "<programme id=\"x\" title=\"Y\" unit=\"applicant\"><award formula=\"1\"/></programme>",
	  DS_EEXISTS, "programme 'x' is defined twice", 1 },
	{ "<programme id=\"x\" title=\"X\" unit=\"applicant\"><award formula=\"1\"/></programme>"
	  "<combine rule=\"highest\" programmes=\"x y\"/>",
	  DS_EINVAL, "unknown programme 'y'", 1 },
	{ "<programme id=\"x\" title=\"X\" unit=\"applicant\"><award formula=\"1\"/></programme>"
	  "<combine rule=\"highest\" programmes=\"x\"/><combine rule=\"highest\" programmes=\"x\"/>",
	  DS_EINVAL, "two 就高", 1 },
	{ "<programme id=\"x\" title=\"X\" unit=\"applicant\"><award formula=\"(1 +\"/></programme>", DS_EINVAL,
	  "position 5: unexpected end of expression", 1 },
	{ "<programme id=\"x\" title=\"X\" unit=\"applicant\"><award formula=\"min(1)\"/></programme>", DS_EINVAL,
	  "min() needs at least two arguments", 1 },
	{ "<programme id=\"x\" title=\"X\" unit=\"galaxy\"><award formula=\"1\"/></programme>", DS_EPARSE,
	  "'galaxy' is not an element of the set", 1 },
	{ "<programme id=\"x\" title=\"X\" unit=\"applicant\"/>", DS_EPARSE, "Missing child element", 1 },
	{ "<programme id=\"x\" title=\"X\" unit=\"applicant\"><award formula=\"1\"></programme>", DS_EPARSE, "", 0 },
};

START_TEST(policy_errors)
{
	ds_policy *policy = (ds_policy *)&policy;
	int rc = parse_policy(&policy, bad_policies[_i].body);

	ck_assert_msg(rc == bad_policies[_i].code, "case %d: %s, expected %s (%s)", _i, ds_strerror(rc),
		      ds_strerror(bad_policies[_i].code), ds_error_last()->message);
	ck_assert_msg(strstr(ds_error_last()->message, bad_policies[_i].message) != NULL, "case %d: message '%s'", _i,
		      ds_error_last()->message);
	if (bad_policies[_i].line)
		ck_assert_msg(ds_error_last()->line == bad_policies[_i].line, "case %d: line %d", _i,
			      ds_error_last()->line);
	ck_assert_ptr_eq(policy, (ds_policy *)&policy); /* unchanged */
}
END_TEST

static const struct {
	const char *body;
	int code;
	const char *message;
	const char *field; /* a part of the field path, or NULL */
} bad_applications[] = {
	{ "<applicant id=\"91370100MA00000010\" name=\"A\"/><applicant id=\"91370100MA00000023\" name=\"B\"/>"
	  "<applicant id=\"91370100MA00000010\" name=\"C\"/>",
	  DS_EEXISTS, "applicant 91370100MA00000010 appears twice (applicant[1] and applicant[3])", "applicant[3]" },
	{ "<applicant id=\"91370100MA0000001\" name=\"A\"/>", DS_EINVAL, "must have 18 characters, not 17", "@id" },
	{ "<applicant id=\"91370100MA0000001I\" name=\"A\"/>", DS_EINVAL, "character 18 is not one of", "@id" },
	{ "<applicant id=\"91370100MA00000011\" name=\"A\"/>", DS_EINVAL, "check character should be '0'", "@id" },
	{ "<applicant id=\"91370100MA00000010\" name=\"A\"><product id=\"P\" first-listed=\"2025-01-01\"/>"
	  "<trade product=\"P\" date=\"2025-01-01\" amount=\"-5\"/></applicant>",
	  DS_EINVAL, "negative amount '-5'", "trade/@amount" },
	{ "<applicant id=\"91370100MA00000010\" name=\"A\"><product id=\"P\" first-listed=\"2025-01-01\"/>"
	  "<trade product=\"P\" date=\"2025-01-01\" amount=\"1.005\"/></applicant>",
	  DS_EINVAL, "not in whole fen", "@amount" },
	{ "<applicant id=\"91370100MA00000010\" name=\"A\"><trade product=\"Q\" date=\"2025-01-01\" amount=\"1\"/>"
	  "</applicant>",
	  DS_EINVAL, "trade names product 'Q', which applicant 91370100MA00000010 does not list", "@product" },
	{ "<applicant id=\"91370100MA00000010\" name=\"A\"><product id=\"P\" first-listed=\"2025-01-01\"/>"
	  "<product id=\"P\" first-listed=\"2025-01-02\"/></applicant>",
	  DS_EEXISTS, "product 'P' appears twice", "@id" },
	{ "<applicant id=\"91370100MA00000010\" name=\"A\"><product id=\"P\" first-listed=\"2025-02-30\"/></applicant>",
	  DS_EPARSE, "'2025-02-30' is not a valid value", NULL },
	{ "<applicant id=\"91370100MA00000010\" name=\"A\"><filing role=\"seller\" filed=\"2025-01-01\" amount=\"1\"/>"
	  "</applicant>",
	  DS_EPARSE, "", NULL },
	{ "<applicant id=\"91370100MA00000010\" name=\"A\"><review score=\"1\"/><review score=\"2\"/></applicant>",
	  DS_EINVAL, "a second <review>", NULL },
	{ "<applicant id=\"91370100MA00000010\" name=\"A\"><recognition id=\"R\" date=\"2025-01-01\" amount=\"1\"/>"
	  "</applicant>",
	  DS_EPARSE, "", NULL },
	{ "<applicant id=\"91370100MA00000010\" name=\"A\"><case id=\"K\" list=\"x\" year=\"2025\" outcome=\"won\""
	  " share=\"3/2\"/></applicant>",
	  DS_EINVAL, "share '3/2' of case 'K' is not above 0 and at most 1", "case/@share" },
	{ "<applicant id=\"91370100MA00000010\" name=\"A\"><case id=\"K\" list=\"x\" year=\"2025\" outcome=\"won\""
	  " share=\"0\"/></applicant>",
	  DS_EINVAL, "is not above 0", "@share" },
	{ "<applicant id=\"91370100MA00000010\" name=\"A\"><case id=\"K\" list=\"x\" outcome=\"won\"/></applicant>",
	  DS_EPARSE, "year", NULL },
	/* The wording ds__xml_long and ds__xml_name give (written once, in lib/core/xml.c), whole. */
	{ "<applicant id=\"91370100MA00000010\" name=\"A\"><case id=\"K\" list=\"x\" year=\"10000\" outcome=\"won\"/>"
	  "</applicant>",
	  DS_ERANGE, "line 1, applications/applicant/case/@year: 10000 is outside 1 to 9999", "case/@year" },
	{ "<applicant id=\"91370100MA00000010\" name=\"A\"><case id=\"K\" list=\"x\" year=\"2025Z\" outcome=\"won\"/>"
	  "</applicant>",
	  DS_EINVAL, "line 1, applications/applicant/case/@year: '2025Z' is not an integer", "case/@year" },
	{ "<applicant id=\"91370100MA00000010\" name=\"A\xE2\x80\xAE\"/>", DS_EINVAL,
	  "line 1, applications/applicant/@name: character 2 is a bidirectional control character (U+202E), not "
	  "allowed in a name or identifier",
	  "applicant/@name" },
	{ "<applicant id=\"91370100MA00000010\" name=\"A\"><approval programme=\"p3\" amount=\"1\" by=\"X\"/>"
	  "<approval programme=\"p3\" amount=\"2\" by=\"Y\"/></applicant>",
	  DS_EEXISTS, "a second approval of programme p3 for applicant 91370100MA00000010", "approval[2]" },
	{ "<applicant id=\"91370100MA00000010\" name=\"A\"><approval programme=\"p1\" unit=\"P\" amount=\"1.001\""
	  " by=\"X\"/></applicant>",
	  DS_EINVAL, "not in whole fen", "approval/@amount" },
	{ "<applicant id=\"91370100MA00000010\" name=\"A\"><recognition id=\"R\" date=\"2025-01-01\" amount=\"1\""
	  " claimed=\"2020-01-01\"><provider id=\"S\" name=\"S\" founded=\"2021-01-01\"/></recognition></applicant>",
	  DS_EINVAL, "the voucher is claimed before its 服务商 was founded", "@claimed" },
	{ "<applicant id=\"91370100MA00000010\" name=\"A\"><training evidence=\"x\"/><training evidence=\"y\"/>"
	  "</applicant>",
	  DS_EINVAL, "a second <training>", NULL },
};

START_TEST(application_errors)
{
	ds_applications *apps = (ds_applications *)&apps;
	int rc = parse_apps(&apps, bad_applications[_i].body);

	ck_assert_msg(rc == bad_applications[_i].code, "case %d: %s, expected %s (%s)", _i, ds_strerror(rc),
		      ds_strerror(bad_applications[_i].code), ds_error_last()->message);
	ck_assert_msg(strstr(ds_error_last()->message, bad_applications[_i].message) != NULL, "case %d: message '%s'",
		      _i, ds_error_last()->message);
	if (bad_applications[_i].field)
		ck_assert_msg(strstr(ds_error_last()->field, bad_applications[_i].field) != NULL, "case %d: field '%s'",
			      _i, ds_error_last()->field);
	ck_assert_ptr_eq(apps, (ds_applications *)&apps); /* unchanged */
}
END_TEST

/* ---------------------------------------------------------------- API edges and output */

START_TEST(api_edges)
{
	ds_policy *policy = NULL;
	ds_applications *apps = NULL;
	ds_awards *aw = NULL;
	ds_awards_csv_options opts;
	ds_decimal *d = NULL;
	char *text = NULL;

	ck_assert_ds_err(ds_policy_bundled(&policy, "atlantis-2030"), DS_ENOTFOUND);
	ck_assert_ds_err(ds_policy_bundled(&policy, "../jinan-2025"), DS_ENOTFOUND);
	ck_assert_ptr_null(policy);
	ck_assert_ds_err(ds_policy_load(&policy, "/nonexistent/policy.xml"), DS_EIO);
	ck_assert_ds_err(ds_applications_load(&apps, "/nonexistent/apps.xml"), DS_EIO);
	ck_assert_ds_err(ds_policy_parse(NULL, "x", 1, NULL), DS_EINVAL);
	ck_assert_ds_err(ds_policy_evaluate(&aw, NULL, NULL), DS_EINVAL);
	ck_assert_ds_err(ds_awards_csv_options_init(&opts, 99), DS_EINVAL);
	ck_assert_ds_ok(ds_awards_csv_options_init(&opts, DS_AWARDS_CSV_OPTIONS_VERSION));
	ck_assert_int_eq(opts.bom, 0);
	ds_policy_free(NULL);
	ds_applications_free(NULL);
	ds_awards_free(NULL);

	ck_assert_ds_ok(ds_policy_bundled(&policy, "jinan-2025"));
	ck_assert_ds_ok(ds_policy_describe(&text, policy));
	ck_assert_ptr_nonnull(strstr(text, "Cap for ranks 6-10: 100,000"));
	ck_assert_ptr_nonnull(strstr(text, "就高 (no double award, highest wins) among: p1 p2 p3 p4 p5 p6"));
	ds_free(text);

	ck_assert_ds_ok(parse_apps(&apps, ""));
	ck_assert_uint_eq(ds_applications_count(apps), 0);
	ck_assert_ds_ok(ds_policy_evaluate(&aw, policy, apps));
	ck_assert_uint_eq(ds_awards_count(aw), 0);
	ck_assert_ds_ok(ds_decimal_new(&d));
	ck_assert_ds_err(ds_awards_total(d, aw, "p9"), DS_ENOTFOUND);
	ck_assert_ds_ok(ds_awards_total(d, aw, "p1"));
	ck_assert_dec_eq(d, "0");
	opts.bom = 1;
	ck_assert_ds_ok(ds_awards_to_csv(&text, aw, &opts));
	ck_assert_str_eq(text, "\xEF\xBB\xBF"
			       "applicant,name,programme,unit,status,rank,ranking_value,uncapped,caps,"
			       "capped,award,displaced_by,ignored_records,reason,displaces,basis,payee\r\n");
	ds_free(text);
	opts.version = 7;
	ck_assert_ds_err(ds_awards_to_csv(&text, aw, &opts), DS_EINVAL);
	ck_assert_ds_ok(ds_awards_to_text(&text, aw));
	ck_assert_ptr_nonnull(strstr(text, "Total awarded: 0.00"));
	ds_free(text);
	ds_decimal_free(d);
	ds_awards_free(aw);
	ds_applications_free(apps);
	ds_policy_free(policy);
}
END_TEST

START_TEST(csv_quotes_reasons)
{
	char code[19], body[1024];
	ds_awards *aw;
	char *csv = NULL;

	snprintf(body, sizeof body, "<applicant id=\"%s\" name=\"甲, &quot;乙&quot;\"/>", code_of(1, code));
	aw = evaluate_jinan(body);
	ck_assert_ds_ok(ds_awards_to_csv(&csv, aw, NULL));
	ck_assert_ptr_nonnull(strstr(csv, ",\"甲, \"\"乙\"\"\",p1,,ineligible,"));
	ck_assert_ptr_nonnull(strstr(csv, "no product in the application,,,\r\n"));
	ds_free(csv);
	ds_awards_free(aw);
}
END_TEST

/* ---------------------------------------------------------------- the streaming evaluation */

typedef struct collected {
	sb text;
	int calls, fail_after; /* fail_after > 0: the writer fails on that call */
} collected;

static int collect(const char *data, size_t len, void *context)
{
	collected *c = context;

	if (c->fail_after && ++c->calls >= c->fail_after)
		return 1;
	c->calls += !c->fail_after;
	sb_printf(&c->text, "%.*s", (int)len, data);
	return 0;
}

/* @doc written to a temporary file; its path in @path (unlink it). */
static void write_doc(char path[64], const char *doc)
{
	FILE *f;
	int fd;

	snprintf(path, 64, "/tmp/test_policy_XXXXXX");
	fd = mkstemp(path);
	ck_assert_int_ge(fd, 0);
	f = fdopen(fd, "w");
	ck_assert_ptr_nonnull(f);
	ck_assert_uint_eq(fwrite(doc, 1, strlen(doc), f), strlen(doc));
	ck_assert_int_eq(fclose(f), 0);
}

/* ds_policy_evaluate_stream() writes the bytes of ds_awards_to_text/csv/xml in every format. */
static void expect_stream_equals_memory(const ds_policy *policy, const char *doc)
{
	ds_applications *apps = NULL;
	ds_awards *aw = NULL;
	ds_awards_csv_options csv = DS_AWARDS_CSV_OPTIONS_INIT;
	char path[64], *text = NULL;
	int format;

	write_doc(path, doc);
	ck_assert_ds_ok(ds_applications_load(&apps, path));
	ck_assert_ds_ok(ds_policy_evaluate(&aw, policy, apps));
	for (format = 0; format < 4; format++) {
		ds_awards_stream_options opts;
		collected out = { { 0 }, 0, 0 };
		ck_assert_ds_ok(ds_awards_stream_options_init(&opts, DS_AWARDS_STREAM_OPTIONS_VERSION));
		csv.bom = format == 3;
		opts.bom = format == 3;
		opts.format = format == 3 ? DS_AWARDS_FORMAT_CSV : (ds_awards_format)format;
		ck_assert_ds_ok(ds_policy_evaluate_stream(policy, path, &opts, collect, &out));
		if (opts.format == DS_AWARDS_FORMAT_TEXT)
			ck_assert_ds_ok(ds_awards_to_text(&text, aw));
		else if (opts.format == DS_AWARDS_FORMAT_CSV)
			ck_assert_ds_ok(ds_awards_to_csv(&text, aw, &csv));
		else
			ck_assert_ds_ok(ds_awards_to_xml(&text, aw));
		ck_assert_ptr_nonnull(out.text.data);
		ck_assert_uint_eq(out.text.len, strlen(text));
		ck_assert_msg(memcmp(out.text.data, text, out.text.len) == 0, "format %d: the bytes differ", format);
		ds_free(text);
		free(out.text.data);
	}
	ds_awards_free(aw);
	ds_applications_free(apps);
	unlink(path);
}

/* A population with what the plain one lacks: cases listed by several applicants (with and
 * without shares), approvals below and above the maximum, applicants out of credit-code order. */
static char *mixed_population(unsigned n)
{
	sb s = { 0 };
	uint64_t x = 2463534242ull;
	unsigned i, k, t, whole;
	char code[19];

	sb_printf(&s, APPS_HEAD);
	for (k = 0; k < n; k++) {
		i = (k * 7919u) % n + 1; /* a permutation of 1..n */
		sb_printf(&s, "<applicant id=\"%s\" name=\"企业%u\" verified=\"%s\">", code_of(i, code), i,
			  next_random(&x, 4) ? "true" : "false");
		sb_printf(&s,
			  "<product id=\"P0\" first-listed=\"2025-0%u-01\" certificate=\"true\" "
			  "trade-voucher=\"true\"/>",
			  next_random(&x, 9) + 1);
		sb_printf(&s,
			  "<product id=\"P1\" first-listed=\"2025-0%u-01\" certificate=\"true\" "
			  "trade-voucher=\"true\"/>",
			  next_random(&x, 9) + 1);
		for (t = 0; t < 6; t++) {
			unsigned product = next_random(&x, 2);
			whole = next_random(&x, 900000);
			sb_printf(&s, "<trade product=\"P%u\" date=\"2025-0%u-11\" amount=\"%u.%02u\"/>", product,
				  t + 1, whole, next_random(&x, 100));
		}
		sb_printf(&s, "<voucher kind=\"trade\"/>");
		if (next_random(&x, 3) == 0) {
			unsigned id = next_random(&x, 9), shared = next_random(&x, 2);
			sb_printf(&s,
				  "<case id=\"K%u\" list=\"data_x_excellent\" year=\"2025\" outcome=\"selected\"%s/>",
				  id, shared ? " share=\"1/3\"" : "");
		}
		if (next_random(&x, 4) == 0)
			sb_printf(&s, "<approval programme=\"p1\" unit=\"P0\" amount=\"%u\" by=\"评审组\"/>",
				  next_random(&x, 20000));
		if (next_random(&x, 6) == 0)
			add_recognition(&s, "R", "2025-03-01", "150000", "2015-01-01", "cpa");
		if (next_random(&x, 6) == 0) /* a second 入表: one voucher per enterprise */
			add_recognition(&s, "R2", "2025-04-01", "250000", "2012-01-01", "lawyer");
		sb_printf(&s, "</applicant>");
	}
	sb_printf(&s, APPS_TAIL);
	return s.data;
}

START_TEST(stream_matches_memory)
{
	ds_policy *policy = NULL;
	char *doc;

	ck_assert_ds_ok(ds_policy_bundled(&policy, "jinan-2025"));
	doc = population(2000);
	expect_stream_equals_memory(policy, doc);
	free(doc);
	doc = mixed_population(800);
	expect_stream_equals_memory(policy, doc);
	free(doc);
	expect_stream_equals_memory(policy, APPS_HEAD APPS_TAIL);
	ds_policy_free(policy);

	/* Values that need the exact fallback (100/3, large amounts), ascending ranks, per-unit
	 * and per-applicant caps, a per-applicant count. */
	ck_assert_ds_ok(parse_policy(
		&policy, "<programme id=\"x\" title=\"X\" unit=\"product\">"
			 "<condition test=\"product.trade_total &gt; 0\" label=\"traded\"/>"
			 "<rank by=\"product.trade_total / 3\" order=\"ascending\" awardees=\"700\"/>"
			 "<award formula=\"product.trade_total * 123456789.123 / 7\"/>"
			 "<cap per=\"unit\" amount=\"90000000\"/><cap per=\"applicant\" amount=\"100000000\"/>"
			 "<cap per=\"applicant\" count=\"1\"/>"
			 "</programme>"
			 "<programme id=\"y\" title=\"Y\" unit=\"applicant\">"
			 "<award formula=\"applicant.trade_total / 7\"/></programme>"
			 "<combine rule=\"highest\" programmes=\"x y\"/>"));
	doc = mixed_population(500);
	expect_stream_equals_memory(policy, doc);
	free(doc);
	ds_policy_free(policy);
}
END_TEST

/* ---- the document limits on the streamed path (lib/core/xml.c, the applications document's:
 * 65,536 bytes of one text run, attribute value, comment, CDATA section or instruction; 64
 * levels of elements; no DOCTYPE; no element count or size limit for a stream). The byte scan
 * sees every piece before libxml2 does, so nothing past a limit is parsed or kept. */

#define TEXT_LIMIT 65536

/* @doc refused with @code, a message holding "line @line" and @needle, by every entry
 * point of the reader: in memory, loaded from a file, and streamed (nothing written). */
static void expect_refused_by_limit(const ds_policy *policy, const char *doc, int code, int line, const char *needle)
{
	ds_applications *apps = NULL;
	collected out = { { 0 }, 0, 0 };
	char path[64], at[32];
	int pass;

	snprintf(at, sizeof at, "line %d: ", line);
	write_doc(path, doc);
	for (pass = 0; pass < 3; pass++) {
		int rc = pass == 0 ? ds_applications_parse(&apps, doc, strlen(doc), "limits.xml") :
			 pass == 1 ? ds_applications_load(&apps, path) :
				     ds_policy_evaluate_stream(policy, path, NULL, collect, &out);
		ck_assert_msg(rc == code, "pass %d: %s, expected %s (%s)", pass, ds_strerror(rc), ds_strerror(code),
			      ds_error_last()->message);
		ck_assert_ptr_null(apps);
		ck_assert_msg(strstr(ds_error_last()->message, needle) && strstr(ds_error_last()->message, at),
			      "pass %d: '%s' lacks '%s' or '%s'", pass, ds_error_last()->message, needle, at);
		ck_assert_int_eq(ds_error_last()->line, line);
	}
	ck_assert_int_eq(out.calls, 0);
	unlink(path);
}

static size_t applicants_in(const char *doc)
{
	ds_applications *apps = NULL;
	size_t n;

	ck_assert_ds_ok(ds_applications_parse(&apps, doc, strlen(doc), "limits.xml"));
	n = ds_applications_count(apps);
	ds_applications_free(apps);
	return n;
}

static const char text_limit_message[] = "longer than 65536 bytes (the applications document's text-length limit)";

START_TEST(stream_enforces_document_limits)
{
	ds_policy *policy = NULL;
	char head[512], code[19], *doc, *pad;
	size_t k, extra;

	ck_assert_ds_ok(ds_policy_bundled(&policy, "jinan-2025"));
	code_of(1, code);

	/* An attribute value: 65,536 bytes are read, one more is refused at its line, wherever the
	 * value falls against the pieces libxml2 asks for (4 KB) and the scan's quick paths. */
	for (k = 0; k < 24; k++) {
		pad = tu_filled(APPS_HEAD "\n", ' ', 4050 + k * 3, "");
		for (extra = 0; extra < 2; extra++) {
			sb padded = { 0 };
			sb_printf(&padded, "%s\n\n<applicant id=\"%s\" name=\"", pad, code);
			doc = tu_filled(padded.data, 'x', TEXT_LIMIT + extra, "\"/>\n" APPS_TAIL);
			free(padded.data);
			if (extra)
				expect_refused_by_limit(policy, doc, DS_ERANGE, 4, text_limit_message);
			else
				ck_assert_uint_eq(applicants_in(doc), 1);
			free(doc);
		}
		free(pad);
	}
	/* Quotes and '>' inside values do not confuse the scan: the other quote, '>', "/>", '<' as &lt;. */
	{
		char code2[19];
		snprintf(head, sizeof head,
			 APPS_HEAD
			 "<applicant id=\"%s\" name=\"a>b'c/>d&lt;e\"/><applicant id='%s' name='f\"g>/'/>" APPS_TAIL,
			 code, code_of(2, code2));
		ck_assert_uint_eq(applicants_in(head), 2);
	}

	/* A value far past the limit is refused by the scan, naming this limit, before libxml2
	 * buffers it (libxml2's own bound, 10,000,000 bytes, would say "AttValue length too long"). */
	snprintf(head, sizeof head, APPS_HEAD "\n<applicant id=\"%s\" name=\"", code);
	doc = tu_filled(head, 'x', 12u << 20, "\"/>" APPS_TAIL);
	expect_refused_by_limit(policy, doc, DS_ERANGE, 2, text_limit_message);
	free(doc);

	/* A text run (whitespace, which the content model allows between applicants). */
	snprintf(head, sizeof head, APPS_HEAD "\n<applicant id=\"%s\" name=\"A\"/>", code);
	doc = tu_filled(head, ' ', TEXT_LIMIT, APPS_TAIL);
	ck_assert_uint_eq(applicants_in(doc), 1);
	free(doc);
	doc = tu_filled(head, ' ', TEXT_LIMIT + 1, "<applicant/>" APPS_TAIL);
	expect_refused_by_limit(policy, doc, DS_ERANGE, 2, text_limit_message);
	free(doc);
	/* A comment, a processing instruction, a CDATA section. */
	doc = tu_filled(APPS_HEAD "\n\n<!--", 'c', 1000, "-->" APPS_TAIL);
	ck_assert_uint_eq(applicants_in(doc), 0);
	free(doc);
	doc = tu_filled(APPS_HEAD "\n\n<!--", 'c', TEXT_LIMIT + 1, "-->" APPS_TAIL);
	expect_refused_by_limit(policy, doc, DS_ERANGE, 3, text_limit_message);
	free(doc);
	doc = tu_filled(APPS_HEAD "\n<?note ", 'p', TEXT_LIMIT + 1, "?>" APPS_TAIL);
	expect_refused_by_limit(policy, doc, DS_ERANGE, 2, text_limit_message);
	free(doc);
	doc = tu_filled(APPS_HEAD "\n<![CDATA[", 'd', TEXT_LIMIT + 1, "]]>" APPS_TAIL);
	expect_refused_by_limit(policy, doc, DS_ERANGE, 2, text_limit_message);
	free(doc);

	/* Depth: 64 levels is the limit (the content model stops at 4, but the scan sees the
	 * bytes first), and a depth bomb of 100,000 levels is stopped the same way. */
	for (k = 0; k < 2; k++) {
		size_t levels = k ? 100000 : 65, i;
		sb bomb = { 0 };
		sb_printf(&bomb, "%s\n<applicant id=\"%s\" name=\"A\">\n", APPS_HEAD, code);
		for (i = 2; i < levels; i++)
			sb_printf(&bomb, "<x>");
		expect_refused_by_limit(policy, bomb.data, DS_ERANGE, 3,
					"elements are nested too deeply: more than 64 levels (the applications "
					"document's depth limit)");
		free(bomb.data);
	}

	/* DOCTYPE: billion laughs, an external entity (XXE), and one after 20 KB of comment. */
	expect_refused_by_limit(policy,
				"<?xml version='1.0'?>\n<!DOCTYPE lolz [\n<!ENTITY lol 'lol'>\n"
				"<!ENTITY lol1 '&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;'>\n"
				"<!ENTITY lol2 '&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;'>\n"
				"<!ENTITY lol3 '&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;'>\n"
				"]>\n" APPS_HEAD "<applicant id=\"&lol3;\" name=\"A\"/>" APPS_TAIL,
				DS_EPARSE, 2, "document type declarations (DOCTYPE) are not accepted");
	expect_refused_by_limit(
		policy,
		"<?xml version='1.0'?>\n\n<!DOCTYPE a [<!ENTITY x SYSTEM 'file:///etc/passwd'>]>\n" APPS_HEAD
		"<applicant id=\"&x;\" name=\"A\"/>" APPS_TAIL,
		DS_EPARSE, 3, "document type declarations (DOCTYPE) are not accepted");
	doc = tu_filled("<?xml version='1.0'?>\n<!--", 'c', 20000,
			"-->\n<!DOCTYPE applications [<!ENTITY e 'x'>]>\n" APPS_HEAD APPS_TAIL);
	expect_refused_by_limit(policy, doc, DS_EPARSE, 3, "document type declarations (DOCTYPE) are not accepted");
	free(doc);
	ds_policy_free(policy);
}
END_TEST

START_TEST(stream_refuses_what_memory_refuses)
{
	ds_policy *policy = NULL;
	ds_applications *apps = NULL;
	ds_awards *aw = NULL;
	ds_awards_stream_options opts = DS_AWARDS_STREAM_OPTIONS_INIT;
	collected out = { { 0 }, 0, 0 };
	char path[64], message[1024], code[19];
	size_t i;
	sb s = { 0 };
	int rc;

	ck_assert_ds_ok(ds_policy_bundled(&policy, "jinan-2025"));
	for (i = 0; i < sizeof bad_applications / sizeof bad_applications[0]; i++) {
		sb doc = { 0 };
		sb_printf(&doc, "%s%s%s", APPS_HEAD, bad_applications[i].body, APPS_TAIL);
		write_doc(path, doc.data);
		rc = ds_applications_load(&apps, path);
		snprintf(message, sizeof message, "%s", ds_error_last()->message);
		ck_assert_int_eq(ds_policy_evaluate_stream(policy, path, NULL, collect, &out), rc);
		ck_assert_str_eq(ds_error_last()->message, message);
		ck_assert_int_eq(out.calls, 0); /* nothing written */
		unlink(path);
		free(doc.data);
	}
	ck_assert_ds_err(ds_policy_evaluate_stream(policy, "/nonexistent/apps.xml", NULL, collect, &out), DS_EIO);
	ck_assert_ds_err(ds_policy_evaluate_stream(NULL, "x", NULL, collect, &out), DS_EINVAL);
	ck_assert_ds_err(ds_policy_evaluate_stream(policy, NULL, NULL, collect, &out), DS_EINVAL);
	ck_assert_ds_err(ds_policy_evaluate_stream(policy, "x", NULL, NULL, &out), DS_EINVAL);
	opts.version = 9;
	ck_assert_ds_err(ds_policy_evaluate_stream(policy, "x", &opts, collect, &out), DS_EINVAL);
	ck_assert_ds_err(ds_awards_stream_options_init(&opts, 9), DS_EINVAL);
	ck_assert_ds_err(ds_awards_stream_options_init(NULL, DS_AWARDS_STREAM_OPTIONS_VERSION), DS_EINVAL);
	opts.version = DS_AWARDS_STREAM_OPTIONS_VERSION;
	opts.format = (ds_awards_format)7;
	ck_assert_ds_err(ds_policy_evaluate_stream(policy, "x", &opts, collect, &out), DS_EINVAL);
	ck_assert_int_eq(out.calls, 0);

	/* A writer that fails: DS_EIO, in every format. */
	add_trader(&s, 1, "2025-01-01", "2000000", 0);
	{
		sb doc = { 0 };
		sb_printf(&doc, "%s%s%s", APPS_HEAD, s.data, APPS_TAIL);
		write_doc(path, doc.data);
		free(doc.data);
	}
	for (i = 0; i < 3; i++) {
		collected failing = { { 0 }, 0, 1 };
		opts.format = (ds_awards_format)i;
		ck_assert_ds_err(ds_policy_evaluate_stream(policy, path, &opts, collect, &failing), DS_EIO);
		free(failing.text.data);
	}
	unlink(path);
	ds_policy_free(policy);
	free(s.data);

	/* A formula that fails: the same code and message as ds_policy_evaluate(), nothing written. */
	ck_assert_ds_ok(parse_policy(&policy, "<programme id=\"x\" title=\"X\" unit=\"applicant\">"
					      "<award formula=\"1000 / applicant.trade_total\"/></programme>"));
	s.data = NULL;
	s.len = s.cap = 0;
	add_trader(&s, 2, "2025-01-01", "5", 0);
	add_trader(&s, 1, "2025-01-01", "0", 0);
	add_trader(&s, 3, "2025-01-01", "0", 0);
	{
		sb doc = { 0 };
		sb_printf(&doc, "%s%s%s", APPS_HEAD, s.data, APPS_TAIL);
		write_doc(path, doc.data);
		free(doc.data);
	}
	ck_assert_ds_ok(ds_applications_load(&apps, path));
	ck_assert_ds_err(ds_policy_evaluate(&aw, policy, apps), DS_EDIVZERO);
	snprintf(message, sizeof message, "%s", ds_error_last()->message);
	ck_assert_ptr_nonnull(strstr(message, code_of(1, code)));
	ck_assert_ds_err(ds_policy_evaluate_stream(policy, path, NULL, collect, &out), DS_EDIVZERO);
	ck_assert_str_eq(ds_error_last()->message, message);
	ck_assert_int_eq(out.calls, 0);
	unlink(path);
	ds_applications_free(apps);
	ds_policy_free(policy);
	free(s.data);
}
END_TEST

static Suite *policy_suite(void)
{
	Suite *s = suite_create("policy");
	TCase *tc = tcase_create("jinan");

	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, worked_example);
	tcase_add_test(tc, p1_threshold_and_window);
	tcase_add_test(tc, p1_enterprise_cap);
	tcase_add_test(tc, p1_top_fifty);
	tcase_add_test(tc, p2_bands);
	tcase_add_test(tc, p2_threshold_and_conditions);
	tcase_add_test(tc, ties);
	tcase_add_test(tc, p3_filings);
	tcase_add_test(tc, p4_cases);
	tcase_add_test(tc, p5_bases);
	tcase_add_test(tc, p6_vouchers);
	tcase_add_test(tc, highest_wins);
	tcase_add_test(tc, highest_across_all_six);
	tcase_add_test(tc, one_case_one_award);
	tcase_add_test(tc, five_percent_rounds_down);
	tcase_add_test(tc, version_2_facts);
	tcase_add_test(tc, approved_amounts);
	tcase_add_test(tc, version_1_still_read);
	tcase_add_test(tc, explain_one_applicant);
	tcase_add_test(tc, determinism_and_sums);
	suite_add_tcase(s, tc);
	tc = tcase_create("documents");
	tcase_add_test(tc, expressions_in_policies);
	tcase_add_test(tc, formula_errors_are_reported);
	tcase_add_loop_test(tc, policy_errors, 0, (int)(sizeof bad_policies / sizeof bad_policies[0]));
	tcase_add_loop_test(tc, application_errors, 0, (int)(sizeof bad_applications / sizeof bad_applications[0]));
	tcase_add_test(tc, api_edges);
	tcase_add_test(tc, csv_quotes_reasons);
	suite_add_tcase(s, tc);
	tc = tcase_create("stream");
	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, stream_matches_memory);
	tcase_add_test(tc, stream_refuses_what_memory_refuses);
	tcase_add_test(tc, stream_enforces_document_limits);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return tu_run(policy_suite());
}
