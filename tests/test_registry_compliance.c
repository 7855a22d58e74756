/*
 * The registry's compliance gate (lib/registry/compliance.c): assessments
 * required by kind (registry configuration), recorded, logged and acting on
 * the workflow as compliance.md's outcome rule 5 says, with the worked
 * examples E1 (proceeds), E2 (proceeds domestic-only, restriction on the
 * certificate) and E3 (rejected with R03/P02/P01); a required kind without an
 * assessment refused with nothing changed; evidence expired at the
 * assessment date; a stale assessment after a probe finds an ID-card column.
 * Runs on SQLite files, and on PostgreSQL when tests/registry_postgresql.sh
 * sets DS_TEST_PG.
 * SPDX-License-Identifier: MIT
 */
#define _POSIX_C_SOURCE 200809L
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "datasset/compliance.h"
#include "datasset/registry.h"
#include "internal/core.h"
#include "internal/store.h"
#include "internal/xml.h"
#include "registry/registry_internal.h"
#include "testutil.h"
#include "registry_fixture.h"

#define SELLER "91350100M000100Y43"

static const char *path_of(const char *sub, const char *name)
{
	static char path[4][1024];
	static int n;
	const char *src = getenv("top_srcdir");
	n = (n + 1) % 4;
	snprintf(path[n], sizeof path[n], "%s/tests/fixtures/%s/%s", src ? src : ".", sub, name);
	return path[n];
}

static void setup(void)
{
	registry_fixture_create("compreg", 1);
	ck_assert_ds_ok(ds_registry_subject_add(reg, SELLER, "测试企业", DS_SUBJECT_UNSPECIFIED));
	/* Registry configuration: products are listed (挂牌), resources registered. */
	ck_assert_ds_ok(ds_registry_compliance_require(reg, DS_REG_PRODUCT, "list", "cn-2025", "平台管理员"));
	ck_assert_ds_ok(ds_registry_compliance_require(reg, DS_REG_RESOURCE, "register", "cn-2025", "平台管理员"));
}

static ds_transition_request who(int64_t when)
{
	ds_transition_request t = DS_TRANSITION_REQUEST_INIT;
	t.actor = "审核员 张三";
	t.reason = "材料齐全";
	t.at = when;
	return t;
}

/* A registration of @kind applied on 2025-06-02 09:00 and taken to @state. */
static int64_t application(ds_reg_kind kind, ds_reg_state state)
{
	ds_registration_request req = DS_REGISTRATION_REQUEST_INIT;
	ds_transition_request t;
	int64_t id = 0;
	req.subject = SELLER;
	req.kind = kind;
	req.right = DS_RIGHT_OPERATING;
	req.entry_path = path_of("registry", "entry.xml");
	req.at = at(2025, 6, 2, 9);
	ck_assert_ds_ok(ds_registry_apply(&id, reg, &req));
	if (state >= DS_STATE_ACCEPTED) {
		t = who(at(2025, 6, 2, 10));
		ck_assert_ds_ok(ds_registry_advance(reg, id, DS_STATE_ACCEPTED, &t));
	}
	if (state >= DS_STATE_REVIEW) {
		t = who(at(2025, 6, 2, 11));
		ck_assert_ds_ok(ds_registry_advance(reg, id, DS_STATE_REVIEW, &t));
	}
	return id;
}

static ds_assessment *assess(const char *entry_name, const char *evidence_name, const char *evidence_xml,
			     const char *date)
{
	ds_checklist *c = NULL;
	ds_compliance_entry *e = NULL;
	ds_evidence *ev = NULL;
	ds_assessment *r = NULL;
	ds_compliance_options opts = DS_COMPLIANCE_OPTIONS_INIT;

	ck_assert_ds_ok(ds_checklist_bundled(&c, "cn-2025"));
	ck_assert_ds_ok(ds_compliance_entry_load(&e, path_of("compliance", entry_name)));
	if (evidence_name)
		ck_assert_ds_ok(ds_evidence_load(&ev, path_of("compliance", evidence_name)));
	else if (evidence_xml)
		ck_assert_ds_ok(ds_evidence_parse(&ev, evidence_xml, strlen(evidence_xml), "inline"));
	opts.date = date;
	opts.time = "2025-06-02T12:00:00+08:00";
	opts.evaluator = "合规审查员 李四";
	ck_assert_ds_ok(ds_compliance_assess(&r, c, e, ev, &opts));
	ds_evidence_free(ev);
	ds_compliance_entry_free(e);
	ds_checklist_free(c);
	return r;
}

static ds_reg_state state_of(int64_t id)
{
	ds_registration *r = NULL;
	ds_reg_state s;
	ck_assert_ds_ok(ds_registry_get(&r, reg, id));
	s = r->state;
	ds_free(r);
	return s;
}

static int add(ds_compliance_workflow *effect, int64_t id, const ds_assessment *a, int64_t when)
{
	ds_transition_request t = who(when);
	t.reason = NULL;
	return ds_registry_assessment_add(NULL, effect, reg, id, a, &t);
}

static void register_it(int64_t id)
{
	ds_transition_request t = who(at(2025, 6, 20, 9));
	ck_assert_ds_ok(ds_registry_advance(reg, id, DS_STATE_REGISTERED, &t));
}

/* ---------------------------------------------------------------- worked examples */

START_TEST(e1_proceeds)
{
	int64_t id = application(DS_REG_RESOURCE, DS_STATE_REVIEW), events = count_rows("events");
	ds_assessment *a = assess("e1-entry.xml", "e1-evidence.xml", NULL, "2025-06-01");
	ds_compliance_workflow effect = DS_COMPLIANCE_REJECT;
	ds_assessment_record *rec = NULL;
	size_t n = 0;
	char *xml = NULL, *doc = NULL;

	ck_assert_int_eq(ds_assessment_outcome(a), DS_COMPLIANCE_PASS);
	ck_assert_ds_ok(add(&effect, id, a, at(2025, 6, 2, 12)));
	ck_assert_int_eq(effect, DS_COMPLIANCE_PROCEED);
	/* PASS: REVIEW → PUBLICITY in the same call; assessment event + transition event. */
	ck_assert_int_eq(state_of(id), DS_STATE_PUBLICITY);
	ck_assert_int_eq(count_rows("events"), events + 2);
	ck_assert_ds_ok(ds_registry_assessment_list(&rec, &n, reg, id));
	ck_assert_uint_eq(n, 1);
	ck_assert_str_eq(rec[0].checklist, "cn-2025");
	ck_assert_str_eq(rec[0].purpose, "register");
	ck_assert_str_eq(rec[0].restrictions, "");
	ck_assert_str_eq(rec[0].evaluator, "合规审查员 李四");
	ck_assert_str_eq(rec[0].assessed, "2025-06-01");
	ck_assert_ptr_null(rec[0].stale);
	ck_assert_int_eq(rec[0].log_index, events);
	/* The stored document is the result, digest and all. */
	ck_assert_ds_ok(ds_assessment_write(&xml, a, DS_COMPLIANCE_XML));
	ck_assert_ds_ok(ds_registry_document(&doc, reg, id, DS_DOCUMENT_ASSESSMENT));
	ck_assert_str_eq(doc, xml);
	{
		ds_hash h;
		char *hex = NULL, want[80];
		ck_assert_ds_ok(ds_hash_data(&h, DS_HASH_SHA256, doc, strlen(doc)));
		ck_assert_ds_ok(ds_hash_to_hex(&hex, &h));
		snprintf(want, sizeof want, "sha256:%s", hex);
		ck_assert_str_eq(rec[0].digest, want);
		ds_free(hex);
	}
	ds_free(rec);
	ds_free(xml);
	ds_free(doc);
	register_it(id);
	ck_assert_ds_ok(ds_registry_certificate(&xml, reg, id));
	ck_assert_ptr_null(strstr(xml, "useRestrictions"));
	ds_free(xml);
	ck_assert_ds_ok(ds_registry_log_verify(NULL, reg));
	ds_assessment_free(a);
}
END_TEST

START_TEST(e2_proceeds_domestic_only)
{
	int64_t id = application(DS_REG_PRODUCT, DS_STATE_REVIEW);
	ds_assessment *a = assess("e2-entry.xml", "e2-evidence.xml", NULL, "2025-03-20");
	ds_compliance_workflow effect = DS_COMPLIANCE_REJECT;
	ds_registration *r = NULL;
	ds_certificate_report *report = NULL;
	ds_key *key = NULL;
	char *xml = NULL, *summary = NULL;
	ds_certificate *cert = NULL;

	ck_assert_int_eq(ds_assessment_outcome(a), DS_COMPLIANCE_CONDITIONAL);
	ck_assert_ds_ok(add(&effect, id, a, at(2025, 6, 2, 12)));
	ck_assert_int_eq(effect, DS_COMPLIANCE_PROCEED);
	ck_assert_ds_ok(ds_registry_get(&r, reg, id));
	ck_assert_int_eq(r->state, DS_STATE_PUBLICITY);
	ck_assert_str_eq(r->restrictions, "no_outbound: 限境内使用，不得向境外提供");
	ds_free(r);
	register_it(id);
	ck_assert_ds_ok(ds_registry_certificate(&xml, reg, id));
	ck_assert_ptr_nonnull(strstr(
		xml,
		"<useRestrictions>\n    <restriction code=\"no_outbound\">限境内使用，不得向境外提供</restriction>"));
	ck_assert_ds_ok(ds_registry_key_load(&key, reg, NULL));
	ck_assert_ds_ok(ds_certificate_verify(&report, xml, strlen(xml), key, NULL));
	ds_certificate_report_free(report);
	ck_assert_ds_ok(ds_certificate_parse(&cert, xml, strlen(xml)));
	ck_assert_ds_ok(ds_certificate_summary(&summary, cert));
	ck_assert_ptr_nonnull(strstr(summary, "use restriction: 限境内使用，不得向境外提供 (no_outbound)"));
	ds_free(summary);
	ds_certificate_free(cert);
	ds_key_free(key);
	ds_free(xml);
	ds_assessment_free(a);
	/* `registry copy` carries the requirements and the assessment, proven row for row. */
	{
		char to[1300], *copied = NULL;
		if (pg_base)
			snprintf(to, sizeof to, "%s&registry=%s_copy&keys=%s/copy", pg_base, strrchr(dir, '-') + 1,
				 dir);
		else
			snprintf(to, sizeof to, "%s/copy.db", dir);
		if (pg_base) {
			char mk[1400];
			snprintf(mk, sizeof mk, "mkdir -p '%s/copy'", dir);
			ck_assert_int_eq(system(mk), 0);
		}
		ck_assert_ds_ok(ds_registry_copy(&copied, db, to));
		ck_assert_ptr_nonnull(strstr(copied, "\nassessments: 1 rows, identical\n"));
		ck_assert_ptr_nonnull(strstr(copied, "\ncompliance_requirements: 2 rows, identical\n"));
		ds_free(copied);
	}
}
END_TEST

START_TEST(e3_rejected_with_reasons)
{
	int64_t id = application(DS_REG_PRODUCT, DS_STATE_REVIEW);
	ds_assessment *a = assess("e3-entry.xml", "e3-evidence.xml", NULL, "2025-06-01");
	ds_compliance_workflow effect = DS_COMPLIANCE_PROCEED;
	ds_transition *h = NULL;
	ds_assessment_record *rec = NULL;
	size_t n = 0;

	ck_assert_int_eq(ds_assessment_outcome(a), DS_COMPLIANCE_FAIL);
	ck_assert_ds_ok(add(&effect, id, a, at(2025, 6, 2, 12)));
	ck_assert_int_eq(effect, DS_COMPLIANCE_REJECT);
	ck_assert_int_eq(state_of(id), DS_STATE_REJECTED);
	ck_assert_ds_ok(ds_registry_history(&h, &n, reg, id));
	ck_assert_int_eq(h[n - 1].to, DS_STATE_REJECTED);
	ck_assert_ptr_nonnull(strstr(h[n - 1].reason, "R03 授权链完整 NOT_SATISFIED"));
	ck_assert_ptr_nonnull(strstr(h[n - 1].reason, "P02 向他人提供的单独同意 NOT_SATISFIED"));
	ck_assert_ptr_nonnull(strstr(h[n - 1].reason, "P01 处理的合法性基础 NOT_SATISFIED"));
	ck_assert_ptr_null(strstr(h[n - 1].reason, "P04")); /* MISSING, not a failing item */
	ck_assert_ptr_nonnull(strstr(h[n - 1].evidence, "sha256:"));
	ds_free(h);
	ck_assert_ds_ok(ds_registry_assessment_list(&rec, &n, reg, id));
	/* In the checklist's order. */
	ck_assert_str_eq(rec[0].reasons, "R03 授权链完整 NOT_SATISFIED\nP01 处理的合法性基础 NOT_SATISFIED\n"
					 "P02 向他人提供的单独同意 NOT_SATISFIED\n");
	ds_free(rec);
	ds_assessment_free(a);
}
END_TEST

/* Inside a batch (ds_registry_begin) the gate's finding is kept for REGISTERED
 * (one read of the assessment per registration): a refusal undoes only its
 * call, an assessment recorded after an earlier 公示 (through objection) still
 * puts its restrictions on the certificate, one without restrictions puts
 * none, and REGISTERED writes the state, the number and the query code at once. */
START_TEST(batch_gate_and_registered)
{
	int64_t plain, objected, refused, events;
	ds_assessment *e1 = assess("e1-entry.xml", "e1-evidence.xml", NULL, "2025-06-01"),
		      *e2 = assess("e2-entry.xml", "e2-evidence.xml", NULL, "2025-03-20");
	ds_compliance_workflow effect = DS_COMPLIANCE_REJECT;
	ds_transition_request t;
	ds_registration *r = NULL, *found = NULL;
	char *xml = NULL;

	ck_assert_ds_ok(ds_registry_begin(reg));
	/* Required and missing: refused, the batch goes on. */
	refused = application(DS_REG_PRODUCT, DS_STATE_REVIEW);
	events = count_rows("events");
	t = who(at(2025, 6, 2, 12));
	ck_assert_ds_err(ds_registry_advance(reg, refused, DS_STATE_PUBLICITY, &t), DS_ESTATE);
	ck_assert_str_eq(ds_error_last()->field, "assessment");
	ck_assert_ptr_nonnull(strstr(ds_error_last()->message, "none is recorded"));
	ck_assert_int_eq(count_rows("events"), events);
	ck_assert_int_eq(state_of(refused), DS_STATE_REVIEW);
	/* A pass without restrictions: none on the certificate. */
	plain = application(DS_REG_RESOURCE, DS_STATE_REVIEW);
	ck_assert_ds_ok(add(&effect, plain, e1, at(2025, 6, 2, 12)));
	ck_assert_int_eq(effect, DS_COMPLIANCE_PROCEED);
	ck_assert_int_eq(state_of(plain), DS_STATE_PUBLICITY);
	/* No requirement and no assessment: 公示 passes the gate with nothing to print... */
	objected = application(DS_REG_ASSET, DS_STATE_REVIEW);
	t = who(at(2025, 6, 2, 13));
	ck_assert_ds_ok(ds_registry_advance(reg, objected, DS_STATE_PUBLICITY, &t));
	/* ...then an objection, a conditional assessment with a restriction, 公示 again. */
	t = who(at(2025, 6, 3, 9));
	ck_assert_ds_ok(ds_registry_advance(reg, objected, DS_STATE_OBJECTION, &t));
	ck_assert_ds_ok(add(&effect, objected, e2, at(2025, 6, 3, 10)));
	ck_assert_int_eq(state_of(objected), DS_STATE_OBJECTION);
	t = who(at(2025, 6, 3, 11));
	ck_assert_ds_ok(ds_registry_advance(reg, objected, DS_STATE_REVIEW, &t));
	t = who(at(2025, 6, 3, 12));
	ck_assert_ds_ok(ds_registry_advance(reg, objected, DS_STATE_PUBLICITY, &t));
	/* REGISTERED: the transition, the certificate number and its document, in order. */
	events = count_rows("events");
	t = who(at(2025, 6, 30, 9));
	ck_assert_ds_ok(ds_registry_advance(reg, plain, DS_STATE_REGISTERED, &t));
	ck_assert_int_eq(count_rows("events"), events + 3);
	t = who(at(2025, 6, 30, 10));
	ck_assert_ds_ok(ds_registry_advance(reg, objected, DS_STATE_REGISTERED, &t));
	ck_assert_int_eq(count_rows("events"), events + 6);
	ck_assert_ds_ok(ds_registry_commit(reg));
	{
		static const char *const types[] = { "transition", "certificate", "certificate_document" };
		int i;
		for (i = 0; i < 6; i++) {
			char sql[200];
			snprintf(sql, sizeof sql,
				 "SELECT COUNT(*) FROM (SELECT type FROM events ORDER BY seq LIMIT 1 OFFSET %lld) e"
				 " WHERE type = '%s'",
				 (long long)(events + i), types[i % 3]);
			ck_assert_int_eq(query_int(sql), 1);
		}
	}
	ck_assert_ds_ok(ds_registry_get(&r, reg, plain));
	ck_assert_int_eq(r->state, DS_STATE_REGISTERED);
	ck_assert_str_eq(r->registered, "2025-06-30");
	ck_assert_ptr_nonnull(r->certificate);
	ck_assert_uint_eq(strlen(r->query_code), 19);
	ck_assert_ds_ok(ds_registry_find_query_code(&found, reg, r->query_code));
	ck_assert_int_eq(found->id, plain);
	ck_assert_str_eq(found->certificate, r->certificate);
	ds_free(found);
	ds_free(r);
	ck_assert_ds_ok(ds_registry_certificate(&xml, reg, plain));
	ck_assert_ptr_null(strstr(xml, "useRestrictions"));
	ds_free(xml);
	ck_assert_ds_ok(ds_registry_get(&r, reg, objected));
	ck_assert_int_eq(r->state, DS_STATE_REGISTERED);
	ck_assert_uint_eq(strlen(r->query_code), 19);
	ds_free(r);
	ck_assert_ds_ok(ds_registry_certificate(&xml, reg, objected));
	ck_assert_ptr_nonnull(strstr(
		xml,
		"<useRestrictions>\n    <restriction code=\"no_outbound\">限境内使用，不得向境外提供</restriction>"));
	ds_free(xml);
	ck_assert_int_eq(state_of(refused), DS_STATE_REVIEW);
	ck_assert_ds_ok(ds_registry_log_verify(NULL, reg));
	ds_assessment_free(e1);
	ds_assessment_free(e2);
}
END_TEST

/* ---------------------------------------------------------------- refusals */

START_TEST(required_without_assessment)
{
	int64_t id = application(DS_REG_PRODUCT, DS_STATE_REVIEW), events = count_rows("events");
	ds_transition_request t = who(at(2025, 6, 2, 12));
	ds_registration *r = NULL;

	ck_assert_ds_err(ds_registry_advance(reg, id, DS_STATE_PUBLICITY, &t), DS_ESTATE);
	ck_assert_str_eq(ds_error_last()->field, "assessment");
	ck_assert_ptr_nonnull(strstr(ds_error_last()->message,
				     "a product (数据产品) registration needs a compliance assessment (purpose 'list',"
				     " checklist cn-2025)"));
	ck_assert_ptr_nonnull(strstr(ds_error_last()->message, "none is recorded"));
	ck_assert_int_eq(count_rows("events"), events);
	ck_assert_ds_ok(ds_registry_get(&r, reg, id));
	ck_assert_int_eq(r->state, DS_STATE_REVIEW);
	ck_assert_ptr_null(r->publicity_start);
	ds_free(r);
	/* A kind nobody configured needs none. */
	id = application(DS_REG_ASSET, DS_STATE_REVIEW);
	ck_assert_ds_ok(ds_registry_advance(reg, id, DS_STATE_PUBLICITY, &t));
	/* Removing the requirement is configuration too, and logged. */
	events = count_rows("events");
	ck_assert_ds_ok(ds_registry_compliance_require(reg, DS_REG_PRODUCT, NULL, NULL, "平台管理员"));
	ck_assert_ds_err(ds_registry_compliance_requirement(NULL, NULL, reg, DS_REG_PRODUCT), DS_ENOTFOUND);
	ck_assert_int_eq(count_rows("events"), events + 1);
}
END_TEST

START_TEST(wrong_purpose_refused)
{
	int64_t id = application(DS_REG_PRODUCT, DS_STATE_REVIEW), events = count_rows("events");
	ds_assessment *a = assess("e1-entry.xml", "e1-evidence.xml", NULL, "2025-06-01");
	ck_assert_ds_err(add(NULL, id, a, at(2025, 6, 2, 12)), DS_EINVAL);
	ck_assert_str_eq(ds_error_last()->field, "purpose");
	ck_assert_ptr_nonnull(strstr(ds_error_last()->message, "need an assessment for purpose 'list'"));
	ck_assert_int_eq(count_rows("events"), events);
	ck_assert_int_eq(count_rows("assessments"), 0);
	ck_assert_int_eq(state_of(id), DS_STATE_REVIEW);
	/* Bad configuration is refused by name. */
	ck_assert_ds_err(ds_registry_compliance_require(reg, DS_REG_PRODUCT, "li st", "cn-2025", "x"), DS_EINVAL);
	ck_assert_str_eq(ds_error_last()->field, "purpose");
	ck_assert_ds_err(ds_registry_compliance_require(reg, DS_REG_PRODUCT, "list", NULL, "x"), DS_EINVAL);
	ck_assert_str_eq(ds_error_last()->field, "checklist");
	ck_assert_int_eq(count_rows("events"), events);
	ds_assessment_free(a);
}
END_TEST

/* Rule 5: a CONDITIONAL with missing items keeps the entry in REVIEW and
 * reports every missing item at once. */
START_TEST(hold_lists_every_missing_item)
{
	int64_t id = application(DS_REG_RESOURCE, DS_STATE_REVIEW);
	ds_assessment *a =
		assess("e1-entry.xml", NULL, "<evidence-list xmlns=\"urn:datasset:compliance:1\"/>", "2025-06-01");
	ds_compliance_workflow effect = DS_COMPLIANCE_PROCEED;
	ds_transition_request t = who(at(2025, 6, 2, 13));
	ds_assessment_record *rec = NULL;
	int64_t events;
	size_t n = 0;

	ck_assert_ds_ok(add(&effect, id, a, at(2025, 6, 2, 12)));
	ck_assert_int_eq(effect, DS_COMPLIANCE_HOLD);
	ck_assert_int_eq(state_of(id), DS_STATE_REVIEW);
	ck_assert_ds_ok(ds_registry_assessment_list(&rec, &n, reg, id));
	ck_assert_str_eq(rec[0].reasons, "S01 主体资格 MISSING\nR01 数据来源说明 MISSING\nR04 权属无争议 MISSING\n"
					 "C01 分类分级 MISSING\nC02 非核心数据 MISSING\n");
	ds_free(rec);
	events = count_rows("events");
	ck_assert_ds_err(ds_registry_advance(reg, id, DS_STATE_PUBLICITY, &t), DS_ESTATE);
	ck_assert_ptr_nonnull(
		strstr(ds_error_last()->message,
		       "补正 (supply) every item before 公示, then re-assess: S01 主体资格 MISSING;R01"
		       " 数据来源说明 MISSING;R04 权属无争议 MISSING;C01 分类分级 MISSING;C02 非核心数据 MISSING"));
	ck_assert_int_eq(count_rows("events"), events);
	ds_assessment_free(a);
	/* Re-run on the full evidence: the new assessment is the one on file. */
	a = assess("e1-entry.xml", "e1-evidence.xml", NULL, "2025-06-01");
	ck_assert_ds_ok(add(&effect, id, a, at(2025, 6, 2, 14)));
	ck_assert_int_eq(effect, DS_COMPLIANCE_PROCEED);
	ck_assert_int_eq(state_of(id), DS_STATE_PUBLICITY);
	ds_assessment_free(a);
}
END_TEST

/* Evidence past its expiry at the assessment date counts as absent (rule 1). */
START_TEST(expired_evidence_at_assessment_date)
{
	static const char evidence[] =
		"<evidence-list xmlns=\"urn:datasset:compliance:1\">"
		"<evidence id=\"e1\" kind=\"business_licence\" digest=\"sha256:"
		"ad24c0e1d36bf2d2818ae806331beeb8a4bce9e16ea94814574fd797dc806fcb\" issued=\"2020-03-01\" "
		"expires=\"2025-05-31\"/>"
		"<evidence id=\"e3\" kind=\"source_statement\" digest=\"sha256:"
		"e98daef9cc4c9708a9648c18d633984ece489deff35806cb19a061b0b6b0545a\" issued=\"2025-01-10\"/>"
		"<evidence id=\"e4\" kind=\"ownership_declaration\" digest=\"sha256:"
		"d242de15561fc9e39618006a2cc60740b641979d488a29a7ae08e16c7288097e\" issued=\"2025-01-10\"/>"
		"<evidence id=\"e5\" kind=\"fingerprint_log\" digest=\"sha256:"
		"d3a12627a0e076e9f0ec09ba0c7ab73804a7f1d910f57abd1340cb1c85444fe3\" issued=\"2025-01-12\"/>"
		"<evidence id=\"e6\" kind=\"grading_record\" digest=\"sha256:"
		"b12a7f68741984dea2053613e3d4d20a9e39d9014561d8ef35218a28b6055688\" issued=\"2025-01-05\"/>"
		"</evidence-list>";
	int64_t id = application(DS_REG_RESOURCE, DS_STATE_REVIEW), other;
	ds_assessment *a = assess("e1-entry.xml", NULL, evidence, "2025-06-01");
	ds_compliance_workflow effect = DS_COMPLIANCE_PROCEED;
	ds_assessment_record *rec = NULL;
	size_t n = 0;

	/* The licence expired the day before the assessment date: S01 missing, held. */
	ck_assert_ds_ok(add(&effect, id, a, at(2025, 6, 2, 12)));
	ck_assert_int_eq(effect, DS_COMPLIANCE_HOLD);
	ck_assert_int_eq(state_of(id), DS_STATE_REVIEW);
	ck_assert_ds_ok(ds_registry_assessment_list(&rec, &n, reg, id));
	ck_assert_str_eq(rec[0].reasons, "S01 主体资格 MISSING\n");
	ds_free(rec);
	ds_assessment_free(a);
	/* Assessed on its last valid day, the same evidence lets it proceed. */
	other = application(DS_REG_RESOURCE, DS_STATE_REVIEW);
	a = assess("e1-entry.xml", NULL, evidence, "2025-05-31");
	ck_assert_ds_ok(add(&effect, other, a, at(2025, 6, 2, 12)));
	ck_assert_int_eq(effect, DS_COMPLIANCE_PROCEED);
	ck_assert_int_eq(state_of(other), DS_STATE_PUBLICITY);
	ds_assessment_free(a);
}
END_TEST

/* A later probe that finds an ID-card column the assessment did not declare
 * (E1 declared pi=none) makes it stale: stored, logged, and no longer enough. */
START_TEST(stale_after_probe_finds_id_cards)
{
	int64_t id = application(DS_REG_RESOURCE, DS_STATE_ACCEPTED), events;
	ds_assessment *a = assess("e1-entry.xml", "e1-evidence.xml", NULL, "2025-06-01");
	ds_compliance_workflow effect = DS_COMPLIANCE_REJECT;
	ds_transition_request t;
	ds_assessment_record *rec = NULL;
	ds_probe *probe = NULL, *clean = NULL;
	int stale = -1;
	size_t n = 0;

	/* Recorded before REVIEW: the effect waits for REVIEW → PUBLICITY. */
	ck_assert_ds_ok(add(&effect, id, a, at(2025, 6, 2, 10)));
	ck_assert_int_eq(effect, DS_COMPLIANCE_PROCEED);
	ck_assert_int_eq(state_of(id), DS_STATE_ACCEPTED);
	t = who(at(2025, 6, 2, 11));
	ck_assert_ds_ok(ds_registry_advance(reg, id, DS_STATE_REVIEW, &t));
	/* A probe without personal information changes nothing. */
	ck_assert_ds_ok(
		ds_probe_memory(&clean, "时间,读数\n2025-01-01,3.5\n2025-01-02,4.5\n", 40, "readings.csv", NULL));
	events = count_rows("events");
	t = who(at(2025, 6, 2, 12));
	ck_assert_ds_ok(ds_registry_assessment_check_probe(&stale, reg, id, clean, NULL, &t));
	ck_assert_int_eq(stale, 0);
	ck_assert_int_eq(count_rows("events"), events);
	/* The CSV with a 身份证号 column. */
	ck_assert_ds_ok(ds_probe_file(&probe, path_of("compliance", "persons.csv"), NULL));
	ck_assert_ds_ok(ds_registry_assessment_check_probe(&stale, reg, id, probe, NULL, &t));
	ck_assert_int_eq(stale, 1);
	ck_assert_int_eq(count_rows("events"), events + 1);
	ck_assert_ds_ok(ds_registry_assessment_list(&rec, &n, reg, id));
	ck_assert_ptr_nonnull(rec[0].stale);
	ck_assert_ptr_nonnull(strstr(rec[0].stale, "pi none → pi"));
	ck_assert_ptr_nonnull(strstr(rec[0].stale, "身份证号 (id-card)"));
	ds_free(rec);
	/* Checked again: still stale, nothing more written. */
	ck_assert_ds_ok(ds_registry_assessment_check_probe(&stale, reg, id, probe, NULL, &t));
	ck_assert_int_eq(stale, 1);
	ck_assert_int_eq(count_rows("events"), events + 1);
	/* No longer satisfies the requirement. */
	t = who(at(2025, 6, 2, 13));
	ck_assert_ds_err(ds_registry_advance(reg, id, DS_STATE_PUBLICITY, &t), DS_ESTATE);
	ck_assert_ptr_nonnull(strstr(ds_error_last()->message, "is stale (pi none → pi"));
	ck_assert_int_eq(count_rows("events"), events + 1);
	ck_assert_int_eq(state_of(id), DS_STATE_REVIEW);
	/* Audit and log still agree with the tables. */
	{
		ds_audit_finding *f = NULL;
		size_t fc = 0;
		ck_assert_ds_ok(ds_registry_audit(&f, &fc, reg, NULL, NULL));
		ck_assert_uint_eq(fc, 0);
		ds_free(f);
	}
	ds_probe_free(probe);
	ds_probe_free(clean);
	ds_assessment_free(a);
}
END_TEST

/* The audit rebuilds the assessments from their events: an edited outcome,
 * an edited document and an edited stale mark are each named. */
START_TEST(audit_names_edited_assessments)
{
	int64_t id = application(DS_REG_PRODUCT, DS_STATE_REVIEW);
	ds_assessment *a = assess("e3-entry.xml", "e3-evidence.xml", NULL, "2025-06-01");
	ds_audit_finding *f = NULL;
	size_t n = 0, i;
	int seen_outcome = 0, seen_xml = 0;

	ck_assert_ds_ok(add(NULL, id, a, at(2025, 6, 2, 12)));
	ck_assert_ds_ok(ds_registry_audit(&f, &n, reg, NULL, NULL));
	ck_assert_uint_eq(n, 0);
	ds_free(f);
	/* Someone turns the failed assessment into a pass and edits its document. */
	ck_assert_ds_ok(ds__store_exec(reg->store, "UPDATE assessments SET outcome = 0, workflow = 0,"
						   " xml = replace(xml, 'result=\"fail\"', 'result=\"pass\"')"));
	ck_assert_ds_err(ds_registry_audit(&f, &n, reg, NULL, NULL), DS_EVERIFY);
	for (i = 0; i < n; i++) {
		if (strcmp(f[i].table, "assessments") != 0)
			continue;
		if (f[i].field && strcmp(f[i].field, "outcome") == 0)
			seen_outcome = 1;
		if (f[i].field && strcmp(f[i].field, "xml") == 0)
			seen_xml = 1;
	}
	ck_assert_msg(seen_outcome && seen_xml, "findings: %zu, outcome %d, xml %d (%s)", n, seen_outcome, seen_xml,
		      n ? f[0].message : "");
	ds_free(f);
	ds_assessment_free(a);
}
END_TEST

/* A new registry is at version 10 (compliance), after 9 (pledges); the
 * migrations run in increasing order. */
START_TEST(migrations_in_order)
{
	int version = 0, i;
	ck_assert_ds_ok(ds__store_schema_version(reg->store, &version));
	ck_assert_int_eq(version, 10);
	ck_assert_int_eq(ds__registry_migrations[ds__registry_migration_count - 1].version, 10);
	for (i = 1; i < ds__registry_migration_count; i++)
		ck_assert_int_lt(ds__registry_migrations[i - 1].version, ds__registry_migrations[i].version);
}
END_TEST

static Suite *suite(void)
{
	Suite *s = suite_create("registry compliance");
	TCase *tc = tcase_create("gate");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, e1_proceeds);
	tcase_add_test(tc, e2_proceeds_domestic_only);
	tcase_add_test(tc, e3_rejected_with_reasons);
	tcase_add_test(tc, batch_gate_and_registered);
	tcase_add_test(tc, required_without_assessment);
	tcase_add_test(tc, wrong_purpose_refused);
	tcase_add_test(tc, hold_lists_every_missing_item);
	tcase_add_test(tc, expired_evidence_at_assessment_date);
	tcase_add_test(tc, stale_after_probe_finds_id_cards);
	tcase_add_test(tc, audit_names_edited_assessments);
	tcase_add_test(tc, migrations_in_order);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	registry_fixture_init();
	return tu_run(suite());
}
