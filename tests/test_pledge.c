/*
 * 质押: pledges of registered data rights (docs/pledge.md). pledge.md's
 * worked example to the letter (A 2,065,000.00 / B 935,000.00; the variant's
 * C 276,666.66 / D 138,333.34), priority with three pledges and a tie, every
 * refused operation on a pledged right with its message and nothing changed,
 * the 事业单位 and due-date refusals, the workflow's refused transitions, the
 * pledge number's check character, a signed 质押登记证明 verified and a
 * tampered one refused, versions, queries, and the 权利限制 line of a
 * superseding certificate. Runs on SQLite files, and on PostgreSQL with
 * DS_TEST_PG set (tests/registry_postgresql.sh).
 * SPDX-License-Identifier: MIT
 */
#define _POSIX_C_SOURCE 200809L
#include <stdint.h>
#include <stdlib.h>
#include <unistd.h>

#include "testutil.h"
#include "registry_fixture.h"
#include "datasset/certificate.h"
#include "internal/codes.h"
#include "internal/store.h"
#include "internal/xml.h"
#include "registry/registry_internal.h"

#define HOLDER "91350100M000100Y43"
#define BANK "91370100MA00000010"
#define LENDER "91370100MA00000023"
#define LENDER_C "91370100MA00000036"
#define LENDER_D "91370100MA00000049"
#define BUYER "91370100MA3C5EJQ3J"
#define INSTITUTION "12370100MB00000017"

static void setup(void)
{
	registry_fixture_create("pledge", 1);
	ck_assert_ds_ok(ds_registry_load_calendar(NULL, reg, sample_calendar()));
	ck_assert_ds_ok(ds_registry_subject_add(reg, HOLDER, "某电力数据公司", DS_SUBJECT_UNSPECIFIED));
	ck_assert_ds_ok(ds_registry_subject_add(reg, BANK, "某银行济南分行", DS_SUBJECT_ENTERPRISE));
	ck_assert_ds_ok(ds_registry_subject_add(reg, LENDER, "某小额贷款公司", DS_SUBJECT_ENTERPRISE));
	ck_assert_ds_ok(ds_registry_subject_add(reg, LENDER_C, "丙贷款公司", DS_SUBJECT_ENTERPRISE));
	ck_assert_ds_ok(ds_registry_subject_add(reg, LENDER_D, "丁贷款公司", DS_SUBJECT_ENTERPRISE));
	ck_assert_ds_ok(ds_registry_subject_add(reg, BUYER, "买方企业", DS_SUBJECT_ENTERPRISE));
	ck_assert_ds_ok(ds_registry_subject_add(reg, INSTITUTION, "某事业单位", DS_SUBJECT_UNSPECIFIED));
}

static int advance(int64_t id, ds_reg_state to, int64_t when)
{
	ds_transition_request t = DS_TRANSITION_REQUEST_INIT;
	t.actor = "审核员";
	t.reason = "材料齐全";
	t.at = when;
	return ds_registry_advance(reg, id, to, &t);
}

/* A data product of @holder, valid to 2028-03-31, registered on 2024-12-20. */
static int64_t product(const char *holder, ds_reg_type type, int64_t changes, int64_t when)
{
	ds_registration_request req = DS_REGISTRATION_REQUEST_INIT;
	int64_t id = 0;
	req.subject = holder;
	req.kind = DS_REG_PRODUCT;
	req.right = DS_RIGHT_OPERATING;
	req.type = type;
	req.changes = changes;
	req.entry_path = fixture("entry.xml");
	req.scope = "全国范围内经营";
	req.term = "2024-12-20/2028-03-31";
	req.at = when;
	ck_assert_ds_ok(ds_registry_apply(&id, reg, &req));
	return id;
}

static void to_registered(int64_t id, int64_t start, int64_t end)
{
	ck_assert_ds_ok(advance(id, DS_STATE_ACCEPTED, start));
	ck_assert_ds_ok(advance(id, DS_STATE_REVIEW, start));
	ck_assert_ds_ok(advance(id, DS_STATE_PUBLICITY, start));
	ck_assert_ds_ok(advance(id, DS_STATE_REGISTERED, end));
}

static int64_t registered_product(const char *holder)
{
	int64_t id = product(holder, DS_REG_FIRST, 0, at(2024, 12, 2, 9));
	to_registered(id, at(2024, 12, 2, 10), at(2024, 12, 20, 9));
	return id;
}

static ds_transition_request trans(const char *actor, int64_t when)
{
	ds_transition_request t = DS_TRANSITION_REQUEST_INIT;
	t.actor = actor;
	t.reason = "依申请";
	t.at = when;
	return t;
}

/* Apply for a pledge and take it through review; *passed as the review says. */
static int64_t pledge_full(int *passed, int64_t registration, const char *pledgor, const char *pledgee,
			   const char *principal, const char *due, const char *external, const char *contract,
			   int64_t when)
{
	ds_pledge_request req = DS_PLEDGE_REQUEST_INIT;
	ds_transition_request t;
	ds_decimal *amount = tu_dec(principal);
	int64_t id = 0;

	req.registration = registration;
	req.pledgor = pledgor;
	req.pledgee = pledgee;
	req.pledgee_kind = strcmp(pledgee, BANK) == 0 ? "bank" : "lender";
	req.claim_type = "借款";
	req.principal = amount;
	req.due_date = due;
	req.main_contract = "借款合同";
	req.pledge_contract = contract;
	if (external) {
		req.external_system = "统一登记系统";
		req.external_number = contract;
		req.external_time = external;
	}
	req.at = when;
	ck_assert_ds_ok(ds_registry_pledge_add(&id, reg, &req));
	ds_decimal_free(amount);
	t = trans("登记员", when + 60);
	ck_assert_ds_ok(ds_registry_pledge_advance(reg, id, DS_PLEDGE_ACCEPTED, &t));
	ck_assert_ds_ok(ds_registry_pledge_advance(reg, id, DS_PLEDGE_REVIEW, &t));
	t.at = when + 120;
	ck_assert_ds_ok(ds_registry_pledge_review(passed, reg, id, &t));
	return id;
}

static int64_t pledge(int64_t registration, const char *pledgee, const char *principal, const char *due,
		      const char *external, const char *contract, int64_t when)
{
	int passed = -1;
	int64_t id = pledge_full(&passed, registration, HOLDER, pledgee, principal, due, external, contract, when);
	if (!passed) {
		ds_pledge *p = NULL;
		ck_assert_ds_ok(ds_registry_pledge_get(&p, reg, id));
		ck_abort_msg("pledge %lld rejected: %s", (long long)id, p->reasons);
	}
	return id;
}

static void enforce(int64_t id, const char *claim, int64_t when)
{
	ds_transition_request t = trans(BANK, when);
	ds_decimal *c = tu_dec(claim);
	ck_assert_ds_ok(ds_registry_pledge_enforce(reg, id, c, &t));
	ds_decimal_free(c);
}

/* ---------------------------------------------------------------- the worked example */

START_TEST(worked_example)
{
	int64_t r = registered_product(HOLDER), a, b, events;
	ds_trade_request trade = DS_TRADE_REQUEST_INIT;
	ds_transition_request t;
	ds_decimal *n = tu_dec("3000000.00"), *left = tu_dec("0"), *amount = tu_dec("5000000.00");
	ds_pledge_share *shares = NULL;
	ds_pledge *p = NULL;
	size_t count = 0;
	const char *msg;

	a = pledge(r, BANK, "2000000.00", "2026-03-14", "2025-03-03T09:00:00+08:00", "甲质押合同", at(2025, 3, 3, 9));
	b = pledge(r, LENDER, "1500000.00", "2026-03-31", "2025-05-12T09:00:00+08:00", "乙质押合同",
		   at(2025, 5, 12, 9));
	/* Both pass review: ACTIVE, with numbers of kind Z whose check characters verify. */
	ck_assert_ds_ok(ds_registry_pledge_get(&p, reg, a));
	ck_assert_int_eq(p->state, DS_PLEDGE_ACTIVE);
	/* The check character computed by hand (GB 32100 weights over the 19 characters, Z = 31). */
	ck_assert_str_eq(p->pledge_no, "370100-2025-Z-00000001-7");
	ck_assert_ds_ok(ds__pledge_number_verify(p->pledge_no, DS_EPARSE, DS_EVERIFY));
	ck_assert_int_eq(p->rank, 1);
	ds_free(p);
	ck_assert_ds_ok(ds_registry_pledge_get(&p, reg, b));
	ck_assert_int_eq(p->rank, 2);
	ds_free(p);

	/* 2025-08: the holder asks to transfer the product: refused until A and B consent. */
	trade.seller = HOLDER;
	trade.buyer = BUYER;
	trade.registration = r;
	trade.amount = amount;
	trade.date = "2025-08-01";
	trade.voucher = "JY-2025-001";
	events = count_rows("events");
	ck_assert_ds_err(ds_registry_trade_add(NULL, reg, &trade), DS_EENCUMBERED);
	msg = ds_error_last()->message;
	ck_assert_ptr_nonnull(strstr(msg, "有质押"));
	ck_assert_ptr_nonnull(strstr(msg, "transfer (转移)"));
	ck_assert_ptr_nonnull(strstr(msg, BANK));
	ck_assert_ptr_nonnull(strstr(msg, LENDER));
	ck_assert_str_eq(ds_strerror(DS_EENCUMBERED), "DS_EENCUMBERED");
	ck_assert_unchanged(events);
	ck_assert_int_eq(count_rows("trades"), 0);

	/* 2026-04: both in default; N = 3,000,000.00. */
	enforce(a, "2065000.00", at(2026, 4, 1, 9));
	enforce(b, "1520000.00", at(2026, 4, 1, 9));
	t = trans("法院", at(2026, 4, 20, 9));
	ck_assert_ds_ok(ds_registry_pledge_distribute(&shares, &count, left, reg, r, n, &t));
	ck_assert_uint_eq(count, 2);
	ck_assert_int_eq(shares[0].pledge, a);
	ck_assert_int_eq(shares[0].rank, 1);
	ck_assert_str_eq(shares[0].claim, "2065000.00");
	ck_assert_str_eq(shares[0].paid, "2065000.00");
	ck_assert_str_eq(shares[0].shortfall, "0.00");
	ck_assert_int_eq(shares[1].pledge, b);
	ck_assert_int_eq(shares[1].rank, 2);
	ck_assert_str_eq(shares[1].paid, "935000.00");
	ck_assert_str_eq(shares[1].shortfall, "585000.00");
	ck_assert_dec_eq(left, "0");
	ds_free(shares);
	ck_assert_ds_ok(ds_registry_pledge_get(&p, reg, a));
	ck_assert_int_eq(p->state, DS_PLEDGE_ENFORCED);
	ck_assert_int_eq(p->rank, 0);
	ds_free(p);
	ck_assert_ds_ok(ds_registry_pledge_get(&p, reg, b));
	ck_assert_int_eq(p->state, DS_PLEDGE_ENFORCED);
	ds_free(p);
	/* Extinguished: the registration is no longer encumbered. */
	{
		char *text = NULL;
		ck_assert_ds_ok(ds_registry_encumbrance(&text, reg, r, 0));
		ck_assert_str_eq(text, "无质押\n");
		ds_free(text);
	}
	ck_assert_ds_ok(ds_registry_log_verify(NULL, reg));
	/* A copy (to a SQLite file) carries the pledges, their versions and certificates. */
	{
		char to[1400], *report = NULL;
		ds_registry *copy = NULL;
		ds_pledge *list = NULL;
		snprintf(to, sizeof to, "%s/copy.db", dir);
		ck_assert_ds_ok(ds_registry_copy(&report, db, to));
		ds_free(report);
		ck_assert_ds_ok(ds_registry_open(&copy, to, NULL));
		ck_assert_ds_ok(ds_registry_pledge_list(&list, &count, copy, r, NULL));
		ck_assert_uint_eq(count, 2);
		ck_assert_str_eq(list[1].pledgee, LENDER);
		ds_free(list);
		ds_registry_free(copy);
	}
	ds_decimal_free(n);
	ds_decimal_free(left);
	ds_decimal_free(amount);
}
END_TEST

START_TEST(worked_example_variant)
{
	int64_t r = registered_product(HOLDER), a, b, c, d;
	ds_transition_request t;
	ds_decimal *n = tu_dec("4000000.00"), *left = tu_dec("0");
	ds_pledge_share *shares = NULL;
	size_t count = 0;
	int64_t sum_check;

	a = pledge(r, BANK, "2000000.00", "2026-03-14", "2025-03-03T09:00:00+08:00", "A", at(2025, 3, 3, 9));
	b = pledge(r, LENDER, "1500000.00", "2026-03-31", "2025-05-12T09:00:00+08:00", "B", at(2025, 5, 12, 9));
	/* C and D recorded but never registered externally: the last rank. */
	c = pledge(r, LENDER_C, "333333.33", "2026-03-31", NULL, "C", at(2025, 6, 2, 9));
	d = pledge(r, LENDER_D, "166666.67", "2026-03-31", NULL, "D", at(2025, 6, 3, 9));
	enforce(a, "2065000.00", at(2026, 4, 1, 9));
	enforce(b, "1520000.00", at(2026, 4, 1, 9));
	enforce(c, "333333.33", at(2026, 4, 1, 9));
	enforce(d, "166666.67", at(2026, 4, 1, 9));
	t = trans("法院", at(2026, 4, 20, 9));
	ck_assert_ds_ok(ds_registry_pledge_distribute(&shares, &count, left, reg, r, n, &t));
	ck_assert_uint_eq(count, 4);
	ck_assert_int_eq(shares[0].pledge, a);
	ck_assert_str_eq(shares[0].paid, "2065000.00");
	ck_assert_int_eq(shares[1].pledge, b);
	ck_assert_str_eq(shares[1].paid, "1520000.00");
	ck_assert_str_eq(shares[1].shortfall, "0.00");
	/* 415,000 × 333,333.33 / 500,000 = 276,666.6639… → 276,666.66; D takes the remainder. */
	ck_assert_int_eq(shares[2].pledge, c);
	ck_assert_int_eq(shares[2].rank, 3);
	ck_assert_ptr_null(shares[2].perfection);
	ck_assert_str_eq(shares[2].paid, "276666.66");
	ck_assert_int_eq(shares[3].pledge, d);
	ck_assert_int_eq(shares[3].rank, 3);
	ck_assert_str_eq(shares[3].paid, "138333.34");
	ck_assert_str_eq(shares[3].shortfall, "28333.33");
	ck_assert_dec_eq(left, "0");
	sum_check = 0;
	for (size_t i = 0; i < count; i++) {
		ds_decimal *x = tu_dec(shares[i].paid);
		int64_t fen = 0;
		ds_decimal *h = tu_dec("100");
		ck_assert_ds_ok(ds_decimal_mul(x, x, h));
		ck_assert_ds_ok(ds_decimal_to_int64(&fen, x));
		sum_check += fen;
		ds_decimal_free(x);
		ds_decimal_free(h);
	}
	ck_assert_int_eq(sum_check, 400000000);
	ds_free(shares);
	ds_decimal_free(n);
	ds_decimal_free(left);
}
END_TEST

/* Three pledges applied in one order and perfected in another: ranks by
 * perfection time; two with the same time share a rank pro rata; a surplus
 * goes back to the pledgor. */
START_TEST(priority_three_pledges)
{
	int64_t r = registered_product(HOLDER), p1, p2, p3;
	ds_transition_request t;
	ds_decimal *n = tu_dec("1000000.00"), *left = tu_dec("0");
	ds_pledge_share *shares = NULL;
	size_t count = 0;

	/* Applied 1, 2, 3; perfected 3 (March), 1 (June), 2 (June, same second as 1). */
	p1 = pledge(r, BANK, "300000.00", "2026-01-31", "2025-06-01T10:00:00+08:00", "P1", at(2025, 2, 3, 9));
	p2 = pledge(r, LENDER, "600000.00", "2026-01-31", "2025-06-01T10:00:00+08:00", "P2", at(2025, 2, 4, 9));
	p3 = pledge(r, LENDER_C, "200000.00", "2026-01-31", "2025-03-01T10:00:00+08:00", "P3", at(2025, 2, 5, 9));
	{
		ds_pledge *list = NULL;
		size_t k;
		ck_assert_ds_ok(ds_registry_pledge_list(&list, &count, reg, r, NULL));
		ck_assert_uint_eq(count, 3);
		for (k = 0; k < count; k++)
			ck_assert_int_eq(list[k].rank, list[k].id == p3 ? 1 : 2);
		ds_free(list);
		/* By pledgee. */
		ck_assert_ds_ok(ds_registry_pledge_list(&list, &count, reg, 0, LENDER));
		ck_assert_uint_eq(count, 1);
		ck_assert_int_eq(list[0].id, p2);
		ck_assert_str_eq(list[0].pledgee_name, "某小额贷款公司");
		ds_free(list);
	}
	enforce(p1, "300000.01", at(2026, 2, 2, 9));
	enforce(p2, "600000.00", at(2026, 2, 2, 9));
	enforce(p3, "200000.00", at(2026, 2, 2, 9));
	t = trans("法院", at(2026, 2, 10, 9));
	ck_assert_ds_ok(ds_registry_pledge_distribute(&shares, &count, left, reg, r, n, &t));
	ck_assert_uint_eq(count, 3);
	/* Rank 1: P3 whole. Rank 2 shares 800,000.00 by 600,000.00 : 300,000.01, the larger first. */
	ck_assert_int_eq(shares[0].pledge, p3);
	ck_assert_str_eq(shares[0].paid, "200000.00");
	ck_assert_int_eq(shares[1].pledge, p2);
	ck_assert_int_eq(shares[1].rank, 2);
	/* 800000 × 600000 / 900000.01 = 533333.3274… → 533333.33 */
	ck_assert_str_eq(shares[1].paid, "533333.33");
	ck_assert_int_eq(shares[2].pledge, p1);
	ck_assert_str_eq(shares[2].paid, "266666.67");
	ck_assert_dec_eq(left, "0");
	ds_free(shares);
	ds_decimal_free(n);
	ds_decimal_free(left);
}
END_TEST

/* Proceeds above every claim: the surplus is the pledgor's (民法典 art. 438). */
START_TEST(surplus_to_pledgor)
{
	int64_t r = registered_product(HOLDER), p1;
	ds_transition_request t;
	ds_decimal *n = tu_dec("1000000.00"), *left = tu_dec("0");
	ds_pledge_share *shares = NULL;
	size_t count = 0;

	p1 = pledge(r, BANK, "300000.00", "2026-01-31", "2025-06-01T10:00:00+08:00", "P1", at(2025, 2, 3, 9));
	t = trans("法院", at(2026, 2, 10, 9));
	/* Not enforcing yet: refused, nothing changed. */
	ck_assert_ds_err(ds_registry_pledge_distribute(&shares, &count, left, reg, r, n, &t), DS_ESTATE);
	ck_assert_ptr_nonnull(strstr(ds_error_last()->message, "start its enforcement"));
	enforce(p1, "310000.00", at(2026, 2, 2, 9));
	ck_assert_ds_ok(ds_registry_pledge_distribute(&shares, &count, left, reg, r, n, &t));
	ck_assert_str_eq(shares[0].paid, "310000.00");
	ck_assert_dec_eq(left, "690000");
	ds_free(shares);
	ds_decimal_free(n);
	ds_decimal_free(left);
}
END_TEST

/* ---------------------------------------------------------------- refusals */

/* Every operation refused on a pledged right, each with its message and nothing changed. */
START_TEST(refused_on_pledged_right)
{
	int64_t r = registered_product(HOLDER), a, b, events, id = 0;
	ds_registration_request req = DS_REGISTRATION_REQUEST_INIT;
	ds_trade_request trade = DS_TRADE_REQUEST_INIT;
	ds_transition_request t;
	ds_decimal *amount = tu_dec("100.00");
	char *text = NULL, *cert = NULL;

	a = pledge(r, BANK, "2000000.00", "2026-03-14", "2025-03-03T09:00:00+08:00", "甲", at(2025, 3, 3, 9));
	b = pledge(r, LENDER, "1500000.00", "2026-03-31", "2025-05-12T09:00:00+08:00", "乙", at(2025, 5, 12, 9));
	events = count_rows("events");
	/* 注销 directly. */
	ck_assert_ds_err(advance(r, DS_STATE_CANCELLED, at(2025, 8, 1, 9)), DS_EENCUMBERED);
	ck_assert_ptr_nonnull(
		strstr(ds_error_last()->message, "注销 (cancellation) is refused until every pledge is released"));
	ck_assert_unchanged(events);
	/* 注销登记. */
	req.subject = HOLDER;
	req.kind = DS_REG_PRODUCT;
	req.right = DS_RIGHT_OPERATING;
	req.type = DS_REG_CANCELLATION;
	req.changes = r;
	req.entry_path = fixture("entry.xml");
	req.at = at(2025, 8, 1, 9);
	ck_assert_ds_err(ds_registry_apply(&id, reg, &req), DS_EENCUMBERED);
	ck_assert_ptr_nonnull(strstr(ds_error_last()->message, "注销"));
	ck_assert_str_eq(ds_error_last()->field, "registration");
	ck_assert_unchanged(events);
	/* 变更 (narrowing the scope). */
	req.type = DS_REG_CHANGE;
	req.scope = "山东省内经营";
	ck_assert_ds_err(ds_registry_apply(&id, reg, &req), DS_EENCUMBERED);
	ck_assert_ptr_nonnull(strstr(ds_error_last()->message, "a change (变更)"));
	ck_assert_unchanged(events);
	/* 转移 (a trade). */
	trade.seller = HOLDER;
	trade.buyer = BUYER;
	trade.registration = r;
	trade.amount = amount;
	trade.date = "2025-08-01";
	trade.voucher = "V1";
	ck_assert_ds_err(ds_registry_trade_add(NULL, reg, &trade), DS_EENCUMBERED);
	ck_assert_unchanged(events);
	/* One consent is not enough: every pledgee's. */
	t = trans(BANK, at(2025, 8, 2, 9));
	t.evidence = "同意转让函";
	ck_assert_ds_ok(ds_registry_pledge_consent(reg, a, DS_PLEDGE_ACTION_TRANSFER, &t));
	events = count_rows("events");
	ck_assert_ds_err(ds_registry_trade_add(NULL, reg, &trade), DS_EENCUMBERED);
	ck_assert_ptr_nonnull(strstr(ds_error_last()->message, LENDER));
	ck_assert_ptr_null(strstr(ds_error_last()->message, BANK));
	ck_assert_unchanged(events);
	/* A consent to transfer does not allow 注销. */
	t.actor = LENDER;
	ck_assert_ds_ok(ds_registry_pledge_consent(reg, b, DS_PLEDGE_ACTION_TRANSFER, &t));
	events = count_rows("events");
	ck_assert_ds_err(advance(r, DS_STATE_CANCELLED, at(2025, 8, 3, 9)), DS_EENCUMBERED);
	ck_assert_unchanged(events);
	/* With both: the trade goes through and uses the consents; a second needs new ones. */
	ck_assert_ds_ok(ds_registry_trade_add(NULL, reg, &trade));
	trade.voucher = "V2";
	ck_assert_ds_err(ds_registry_trade_add(NULL, reg, &trade), DS_EENCUMBERED);
	ck_assert_int_eq(query_int("SELECT COUNT(*) FROM pledge_consents WHERE used_by = 'V1'"), 2);
	/* The public answer shows the encumbrance without amounts; the parties' with them. */
	ck_assert_ds_ok(ds_registry_encumbrance(&text, reg, r, 0));
	ck_assert_int_eq(strncmp(text, "有质押\n", strlen("有质押\n")), 0);
	ck_assert_ptr_nonnull(strstr(text, "顺位 1"));
	ck_assert_ptr_nonnull(strstr(text, "顺位 2"));
	ck_assert_ptr_null(strstr(text, "2000000.00"));
	ds_free(text);
	ck_assert_ds_ok(ds_registry_encumbrance(&text, reg, r, 1));
	ck_assert_ptr_nonnull(strstr(text, "主债权 2000000.00"));
	ds_free(text);
	/* A consented change: registered, the pledges move to it, its certificate lists them (权利限制). */
	t.actor = BANK;
	ck_assert_ds_ok(ds_registry_pledge_consent(reg, a, DS_PLEDGE_ACTION_CHANGE, &t));
	t.actor = LENDER;
	ck_assert_ds_ok(ds_registry_pledge_consent(reg, b, DS_PLEDGE_ACTION_CHANGE, &t));
	req.at = at(2025, 9, 1, 9);
	ck_assert_ds_ok(ds_registry_apply(&id, reg, &req));
	to_registered(id, at(2025, 9, 1, 10), at(2025, 9, 20, 9));
	ck_assert_ds_ok(ds_registry_certificate(&cert, reg, id));
	ck_assert_ptr_nonnull(strstr(cert, "权利限制: 质押 370100-2025-Z-00000001-"));
	ck_assert_ptr_nonnull(strstr(cert, "某小额贷款公司"));
	ds_free(cert);
	ck_assert_int_eq(
		query_int("SELECT COUNT(*) FROM pledges WHERE registration = (SELECT MAX(id) FROM registrations)"), 2);
	/* Release both (the pledgees apply); then 注销 is allowed. */
	t = trans(BANK, at(2025, 10, 1, 9));
	ck_assert_ds_ok(ds_registry_pledge_advance(reg, a, DS_PLEDGE_RELEASED, &t));
	/* The pledgor alone needs a judgment or notarised proof. */
	t.actor = HOLDER;
	ck_assert_ds_err(ds_registry_pledge_advance(reg, b, DS_PLEDGE_RELEASED, &t), DS_EINVAL);
	ck_assert_str_eq(ds_error_last()->field, "evidence");
	t.evidence = "（2025）鲁0102民初1号判决书";
	ck_assert_ds_ok(ds_registry_pledge_advance(reg, b, DS_PLEDGE_RELEASED, &t));
	ck_assert_ds_ok(advance(id, DS_STATE_CANCELLED, at(2025, 10, 2, 9)));
	ck_assert_ds_ok(ds_registry_log_verify(NULL, reg));
	ds_decimal_free(amount);
}
END_TEST

/* pledge.md's refusal tests: a 事业单位 holder (check 6) and a debt due after
 * the validity (check 3): REJECTED with the reasons, no number, no certificate. */
START_TEST(review_refusals)
{
	int64_t inst = registered_product(INSTITUTION), r = registered_product(HOLDER), p1, p2;
	int passed = -1;
	ds_pledge *p = NULL;
	char *xml = NULL;

	p1 = pledge_full(&passed, inst, INSTITUTION, BANK, "1000000.00", "2026-03-14", NULL, "X1", at(2025, 3, 3, 9));
	ck_assert_int_eq(passed, 0);
	ck_assert_ds_ok(ds_registry_pledge_get(&p, reg, p1));
	ck_assert_int_eq(p->state, DS_PLEDGE_REJECTED);
	ck_assert_ptr_null(p->pledge_no);
	ck_assert_ptr_nonnull(strstr(p->reasons, "check 6"));
	ck_assert_ptr_nonnull(strstr(p->reasons, "行政事业单位"));
	ck_assert_ptr_nonnull(strstr(p->reasons, "事业单位"));
	ds_free(p);
	ck_assert_ds_err(ds_registry_pledge_certificate(&xml, reg, p1), DS_ENOTFOUND);
	passed = -1;
	p2 = pledge_full(&passed, r, HOLDER, BANK, "1000000.00", "2028-06-30", NULL, "X2", at(2025, 3, 3, 9));
	ck_assert_int_eq(passed, 0);
	ck_assert_ds_ok(ds_registry_pledge_get(&p, reg, p2));
	ck_assert_int_eq(p->state, DS_PLEDGE_REJECTED);
	ck_assert_ptr_nonnull(strstr(p->reasons, "check 3: the debt is due 2028-06-30, after the registration's "
						 "validity ends on 2028-03-31"));
	ck_assert_ptr_null(strstr(p->reasons, "check 6"));
	ds_free(p);
	/* A pledgor who is not the holder (check 1), with several reasons at once. */
	passed = -1;
	p2 = pledge_full(&passed, r, LENDER_C, BANK, "1000000.00", "2029-01-01", NULL, "X3", at(2025, 3, 3, 9));
	ck_assert_int_eq(passed, 0);
	ck_assert_ds_ok(ds_registry_pledge_get(&p, reg, p2));
	ck_assert_ptr_nonnull(strstr(p->reasons, "check 1"));
	ck_assert_ptr_nonnull(strstr(p->reasons, "check 3"));
	ds_free(p);
	/* Not encumbered by rejected pledges. */
	ck_assert_ds_ok(ds_registry_encumbrance(&xml, reg, r, 0));
	ck_assert_str_eq(xml, "无质押\n");
	ds_free(xml);
}
END_TEST

/* The policy: no further pledge while one is ACTIVE (check 11). */
START_TEST(policy_refuses_subsequent)
{
	int64_t r = registered_product(HOLDER), p2;
	int passed = -1;
	ds_pledge *p = NULL;

	ck_assert_ds_ok(ds_registry_pledge_policy(reg, 0, 0));
	(void)pledge(r, BANK, "100.00", "2026-01-01", NULL, "Q1", at(2025, 3, 3, 9));
	p2 = pledge_full(&passed, r, HOLDER, LENDER, "100.00", "2026-01-01", NULL, "Q2", at(2025, 3, 4, 9));
	ck_assert_int_eq(passed, 0);
	ck_assert_ds_ok(ds_registry_pledge_get(&p, reg, p2));
	ck_assert_ptr_nonnull(strstr(p->reasons, "check 11"));
	ds_free(p);
	ck_assert_ds_ok(ds_registry_pledge_policy(reg, 1, 1));
	ck_assert_ds_err(ds_registry_pledge_policy(reg, 2, 1), DS_EINVAL);
}
END_TEST

/* Bad input of every class: a clear error naming the field, nothing written. */
START_TEST(bad_requests)
{
	int64_t r = registered_product(HOLDER), events = count_rows("events"), id = 0;
	ds_pledge_request req = DS_PLEDGE_REQUEST_INIT;
	ds_decimal *ok = tu_dec("100.00"), *fen = tu_dec("100.001"), *neg = tu_dec("-1");

	req.registration = r;
	req.pledgor = HOLDER;
	req.pledgee = BANK;
	req.claim_type = "借款";
	req.principal = ok;
	req.due_date = "2026-01-01";
	req.pledgee = HOLDER;
	ck_assert_ds_err(ds_registry_pledge_add(&id, reg, &req), DS_EINVAL);
	ck_assert_str_eq(ds_error_last()->field, "pledgee");
	req.pledgee = "91370100MA00000011";
	ck_assert_ds_err(ds_registry_pledge_add(&id, reg, &req), DS_EINVAL);
	ck_assert_ptr_nonnull(strstr(ds_error_last()->message, "pledgee: "));
	req.pledgee = BANK;
	req.principal = fen;
	ck_assert_ds_err(ds_registry_pledge_add(&id, reg, &req), DS_EINVAL);
	ck_assert_ptr_nonnull(strstr(ds_error_last()->message, "principal: "));
	req.principal = neg;
	ck_assert_ds_err(ds_registry_pledge_add(&id, reg, &req), DS_EINVAL);
	req.principal = NULL;
	ck_assert_ds_err(ds_registry_pledge_add(&id, reg, &req), DS_EINVAL);
	req.principal = ok;
	req.due_date = "2026-02-30";
	ck_assert_ds_err(ds_registry_pledge_add(&id, reg, &req), DS_EINVAL);
	ck_assert_str_eq(ds_error_last()->field, "due_date");
	req.due_date = NULL;
	ck_assert_ds_err(ds_registry_pledge_add(&id, reg, &req), DS_EINVAL);
	req.due_date = "2026-01-01";
	req.debt_start = "2026-06-01";
	ck_assert_ds_err(ds_registry_pledge_add(&id, reg, &req), DS_EINVAL);
	req.debt_start = NULL;
	req.pledgee_kind = "pawnshop";
	ck_assert_ds_err(ds_registry_pledge_add(&id, reg, &req), DS_EINVAL);
	ck_assert_str_eq(ds_error_last()->field, "pledgee_kind");
	req.pledgee_kind = NULL;
	req.external_number = "N1";
	ck_assert_ds_err(ds_registry_pledge_add(&id, reg, &req), DS_EINVAL);
	ck_assert_str_eq(ds_error_last()->field, "external_system");
	req.external_number = NULL;
	req.claim_type = "借\x01款";
	ck_assert_ds_err(ds_registry_pledge_add(&id, reg, &req), DS_EINVAL);
	req.claim_type = "借款";
	req.registration = 99;
	ck_assert_ds_err(ds_registry_pledge_add(&id, reg, &req), DS_ENOTFOUND);
	req.registration = r;
	req.pledgee = LENDER_D;
	req.pledgor = INSTITUTION;
	req.pledgee = "91370100MA0000005C";
	ck_assert_ds_err(ds_registry_pledge_add(&id, reg, &req), DS_ENOTFOUND);
	ck_assert_str_eq(ds_error_last()->field, "pledgee");
	ck_assert_unchanged(events);
	ck_assert_int_eq(count_rows("pledges"), 0);
	ds_decimal_free(ok);
	ds_decimal_free(fen);
	ds_decimal_free(neg);
}
END_TEST

/* Transitions the workflow does not list are DS_ESTATE; versions and records. */
START_TEST(workflow_and_versions)
{
	int64_t r = registered_product(HOLDER), id = 0, events;
	ds_pledge_request req = DS_PLEDGE_REQUEST_INIT;
	ds_transition_request t = trans("登记员", at(2025, 3, 3, 10));
	ds_decimal *ok = tu_dec("100.00");
	char *xml = NULL;
	ds_pledge *p = NULL;

	req.registration = r;
	req.pledgor = HOLDER;
	req.pledgee = BANK;
	req.claim_type = "借款";
	req.principal = ok;
	req.due_date = "2026-01-01";
	req.draft = 1;
	req.at = at(2025, 3, 3, 9);
	ck_assert_ds_ok(ds_registry_pledge_add(&id, reg, &req));
	events = count_rows("events");
	ck_assert_ds_err(ds_registry_pledge_advance(reg, id, DS_PLEDGE_ACCEPTED, &t), DS_ESTATE);
	ck_assert_ptr_nonnull(strstr(ds_error_last()->message, "cannot go from draft (草稿) to accepted (受理)"));
	ck_assert_ds_err(ds_registry_pledge_advance(reg, id, DS_PLEDGE_ACTIVE, &t), DS_ESTATE);
	ck_assert_ds_err(ds_registry_pledge_review(NULL, reg, id, &t), DS_ESTATE);
	ck_assert_ds_err(ds_registry_pledge_enforce(reg, id, ok, &t), DS_ESTATE);
	ck_assert_ds_err(ds_registry_pledge_consent(reg, id, DS_PLEDGE_ACTION_LICENCE, &t), DS_ESTATE);
	ck_assert_unchanged(events);
	ck_assert_ds_ok(ds_registry_pledge_advance(reg, id, DS_PLEDGE_SUBMITTED, &t));
	ck_assert_ds_ok(ds_registry_pledge_advance(reg, id, DS_PLEDGE_WITHDRAWN, &t));
	events = count_rows("events");
	ck_assert_ds_err(ds_registry_pledge_advance(reg, id, DS_PLEDGE_RELEASED, &t), DS_ESTATE);
	t.at = at(2025, 3, 1, 9);
	ck_assert_ds_err(ds_registry_pledge_advance(reg, id, DS_PLEDGE_SUBMITTED, &t), DS_ESTATE);
	ck_assert_unchanged(events);
	ck_assert_ds_ok(ds_registry_pledge_get(&p, reg, id));
	ck_assert_int_eq(p->version, 3);
	ck_assert_int_eq(p->state, DS_PLEDGE_WITHDRAWN);
	ds_free(p);
	ck_assert_ds_ok(ds_registry_pledge_record(&xml, reg, id, 1));
	ck_assert_ptr_nonnull(strstr(xml, "state=\"draft\""));
	ck_assert_ptr_nonnull(strstr(xml, "urn:datasset:pledge:1"));
	ds_free(xml);
	ck_assert_ds_ok(ds_registry_pledge_record(&xml, reg, id, 0));
	ck_assert_ptr_nonnull(strstr(xml, "state=\"withdrawn\""));
	ck_assert_ptr_nonnull(strstr(xml, "version=\"3\""));
	ds_free(xml);
	ck_assert_ds_err(ds_registry_pledge_record(&xml, reg, id, 4), DS_ENOTFOUND);
	ck_assert_int_eq(query_int("SELECT COUNT(*) FROM events WHERE type = 'PLEDGE_WITHDRAWN'"), 1);
	ds_decimal_free(ok);
}
END_TEST

/* ACTIVE → ACTIVE: principal, due date and (an assigned claim) the pledgee change; a new version. */
START_TEST(change_active_pledge)
{
	int64_t r = registered_product(HOLDER), a, events;
	ds_pledge_request ch = DS_PLEDGE_REQUEST_INIT;
	ds_transition_request t = trans(BANK, at(2025, 6, 1, 9));
	ds_decimal *more = tu_dec("2500000.00");
	ds_pledge *p = NULL;
	char *xml = NULL;
	int passed = -1;

	a = pledge(r, BANK, "2000000.00", "2026-03-14", "2025-03-03T09:00:00+08:00", "甲", at(2025, 3, 3, 9));
	/* Reviewing an active pledge again is not a transition of the workflow. */
	ck_assert_ds_err(ds_registry_pledge_review(&passed, reg, a, &t), DS_ESTATE);
	ck_assert_int_eq(passed, -1);
	events = count_rows("events");
	ck_assert_ds_err(ds_registry_pledge_change(reg, a, &ch, &t), DS_EINVAL);
	ch.claim_type = "x";
	ck_assert_ds_err(ds_registry_pledge_change(reg, a, &ch, &t), DS_EINVAL);
	ck_assert_str_eq(ds_error_last()->field, "changes");
	ch.claim_type = NULL;
	ch.due_date = "2028-06-30";
	ck_assert_ds_err(ds_registry_pledge_change(reg, a, &ch, &t), DS_EINVAL);
	ck_assert_str_eq(ds_error_last()->field, "due_date");
	ch.due_date = "2027-03-14";
	ch.pledgee = HOLDER;
	ck_assert_ds_err(ds_registry_pledge_change(reg, a, &ch, &t), DS_EINVAL);
	ck_assert_unchanged(events);
	ch.pledgee = LENDER;
	ch.principal = more;
	ck_assert_ds_ok(ds_registry_pledge_change(reg, a, &ch, &t));
	ck_assert_ds_ok(ds_registry_pledge_get(&p, reg, a));
	ck_assert_int_eq(p->state, DS_PLEDGE_ACTIVE);
	ck_assert_str_eq(p->principal, "2500000.00");
	ck_assert_str_eq(p->due_date, "2027-03-14");
	ck_assert_str_eq(p->pledgee, LENDER);
	ck_assert_int_eq(p->rank, 1);
	ds_free(p);
	ck_assert_int_eq(query_int("SELECT COUNT(*) FROM events WHERE type = 'PLEDGE_CHANGED' AND body LIKE"
				   " '%principal 2000000.00 → 2500000.00%'"),
			 1);
	ck_assert_ds_ok(ds_registry_pledge_record(&xml, reg, a, 0));
	ck_assert_ptr_nonnull(strstr(xml, "principal=\"2500000.00\""));
	ds_free(xml);
	/* Not once it is released. */
	t.at = at(2025, 7, 1, 9);
	ck_assert_ds_ok(ds_registry_pledge_advance(reg, a, DS_PLEDGE_RELEASED, &t));
	ch.pledgee = NULL;
	ck_assert_ds_err(ds_registry_pledge_change(reg, a, &ch, &t), DS_ESTATE);
	ds_decimal_free(more);
}
END_TEST

/* The pledge number: kind letter Z, check character like a certificate number's (Z counting 31). */
START_TEST(pledge_numbers)
{
	char out[25];
	ck_assert_ds_ok(ds__pledge_number_format(out, "370100", 2025, 7));
	/* pledge.md's shape "370100-2025-Z-00000007-c"; c by hand: Σ value × 3^(k−1) mod 31 over the 19 characters. */
	ck_assert_str_eq(out, "370100-2025-Z-00000007-E");
	ck_assert_ds_ok(ds__pledge_number_verify(out, DS_EPARSE, DS_EVERIFY));
	out[23] = out[23] == 'A' ? 'B' : 'A';
	ck_assert_ds_err(ds__pledge_number_verify(out, DS_EPARSE, DS_EVERIFY), DS_EVERIFY);
	ck_assert_ds_err(ds__pledge_number_verify("370100-2025-P-00000007-K", DS_EPARSE, DS_EVERIFY), DS_EPARSE);
}
END_TEST

/* The 质押登记证明 verifies with the registry's key; a tampered copy does not. */
START_TEST(pledge_certificate_verifies)
{
	int64_t r = registered_product(HOLDER), a;
	char *xml = NULL, *bad = NULL, *pos;
	ds_key *key = NULL;
	ds_certificate_report *report = NULL;

	a = pledge(r, BANK, "2000000.00", "2026-03-14", "2025-03-03T09:00:00+08:00", "甲", at(2025, 3, 3, 9));
	ck_assert_ds_ok(ds_registry_pledge_certificate(&xml, reg, a));
	ck_assert_ptr_nonnull(strstr(xml, "<pledgeCertificate"));
	ck_assert_ptr_nonnull(strstr(xml, "principal=\"2000000.00\""));
	ck_assert_ptr_nonnull(strstr(xml, "本登记为登记机构记载事项"));
	ck_assert_ptr_nonnull(strstr(xml, "<logEvidence"));
	ck_assert_ds_ok(ds_registry_key_load(&key, reg, NULL));
	ck_assert_ds_ok(ds_certificate_verify(&report, xml, strlen(xml), key, NULL));
	ds_certificate_report_free(report);
	bad = strdup(xml);
	pos = strstr(bad, "2000000.00");
	pos[0] = '3';
	ck_assert_ds_err(ds_certificate_verify(&report, bad, strlen(bad), key, NULL), DS_EVERIFY);
	ck_assert_ptr_nonnull(strstr(ds_error_last()->message, "pledge certificate does not verify: signature"));
	ds_certificate_report_free(report);
	free(bad);
	ds_free(xml);
	ds_key_free(key);
	/* Under statutory_registry = self the statement says the pledge arises on registration. */
	ck_assert_ds_ok(ds_registry_pledge_policy(reg, 1, 1));
	a = pledge(r, LENDER, "100.00", "2026-03-14", NULL, "乙", at(2025, 4, 3, 9));
	ck_assert_ds_ok(ds_registry_pledge_certificate(&xml, reg, a));
	ck_assert_ptr_nonnull(strstr(xml, "质权自登记之日起设立"));
	ds_free(xml);
	{
		ds_pledge *p = NULL;
		ck_assert_ds_ok(ds_registry_pledge_get(&p, reg, a));
		ck_assert_ptr_nonnull(p->perfection);
		ck_assert_int_eq(p->rank, 2);
		ds_free(p);
	}
	ck_assert_ds_ok(ds_registry_log_verify(NULL, reg));
	{
		ds_audit_finding *findings = NULL;
		size_t n = 0;
		ck_assert_ds_ok(ds_registry_audit(&findings, &n, reg, NULL, NULL));
		ck_assert_uint_eq(n, 0);
		ds_free(findings);
	}
}
END_TEST

/* Schema 9 holds the pledge tables (both backends). */
START_TEST(schema_version_9)
{
	ck_assert_int_ge(ds__registry_migration_count, 9);
	ck_assert_int_eq(count_rows("pledges"), 0);
	ck_assert_int_eq(count_rows("pledge_versions"), 0);
	ck_assert_int_eq(count_rows("pledge_consents"), 0);
	ck_assert_int_eq(count_rows("pledge_certificates"), 0);
	ck_assert_int_eq(count_rows("pledge_policy"), 0);
}
END_TEST

/* What a first registration's certificate relies on to list no pledge without
 * reading the pledges (issue.c, pledge_restrictions): a pledge on a
 * registration that is not yet REGISTERED is refused at review (check 2), so
 * when the registration then becomes REGISTERED its certificate lists none. */
START_TEST(no_pledge_before_registered)
{
	int64_t r = product(HOLDER, DS_REG_FIRST, 0, at(2024, 12, 2, 9)), p1;
	int passed = -1;
	ds_pledge *p = NULL;
	char *cert = NULL;

	ck_assert_ds_ok(advance(r, DS_STATE_ACCEPTED, at(2024, 12, 2, 10)));
	ck_assert_ds_ok(advance(r, DS_STATE_REVIEW, at(2024, 12, 2, 10)));
	ck_assert_ds_ok(advance(r, DS_STATE_PUBLICITY, at(2024, 12, 2, 10)));
	p1 = pledge_full(&passed, r, HOLDER, BANK, "1000000.00", "2026-03-14", NULL, "EARLY", at(2024, 12, 3, 9));
	ck_assert_int_eq(passed, 0);
	ck_assert_ds_ok(ds_registry_pledge_get(&p, reg, p1));
	ck_assert_int_eq(p->state, DS_PLEDGE_REJECTED);
	ck_assert_ptr_nonnull(strstr(p->reasons, "check 2"));
	ds_free(p);
	ck_assert_ds_ok(advance(r, DS_STATE_REGISTERED, at(2024, 12, 20, 9)));
	ck_assert_ds_ok(ds_registry_certificate(&cert, reg, r));
	ck_assert_ptr_null(strstr(cert, "质押"));
	ds_free(cert);
}
END_TEST

static Suite *pledge_suite(void)
{
	Suite *s = suite_create("pledge");
	TCase *tc = tcase_create("pledge");
	tcase_set_timeout(tc, 120);
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, worked_example);
	tcase_add_test(tc, worked_example_variant);
	tcase_add_test(tc, priority_three_pledges);
	tcase_add_test(tc, surplus_to_pledgor);
	tcase_add_test(tc, refused_on_pledged_right);
	tcase_add_test(tc, review_refusals);
	tcase_add_test(tc, policy_refuses_subsequent);
	tcase_add_test(tc, bad_requests);
	tcase_add_test(tc, workflow_and_versions);
	tcase_add_test(tc, no_pledge_before_registered);
	tcase_add_test(tc, change_active_pledge);
	tcase_add_test(tc, pledge_numbers);
	tcase_add_test(tc, pledge_certificate_verifies);
	tcase_add_test(tc, schema_version_9);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	registry_fixture_init();
	return tu_run(pledge_suite());
}
