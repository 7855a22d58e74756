/*
 * Fault injection (issue 17). Allocation: each representative workload (parse a
 * catalogue, value an asset, build a schedule, evaluate a policy, issue a
 * certificate; load a ledger and write its report, value every approach,
 * settle, explain a policy, probe a CSV file, calculate and write 大写, audit
 * a registry against a head, verify a certificate and a tampered copy and
 * summarise it, validate a catalogue against a profile) runs once counting the library's allocations, then once per
 * allocation N with the Nth failing: every run must give DS_ENOMEM, change
 * nothing (the registration stays in publicity, the log verifies), and leak
 * nothing (the ASan build of the suite checks leaks). I/O: a full disk
 * (RLIMIT_FSIZE) and a VFS shim whose writes fail with EIO must give DS_EDB or
 * DS_EIO and leave a registry that reopens consistent.
 * SPDX-License-Identifier: MIT
 */
#define _POSIX_C_SOURCE 200809L
#include <signal.h>
#include <sqlite3.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include "testutil.h"
#include "internal/core.h"

#define SELLER "91350100M000100Y43"

static const char *src_path(const char *rel)
{
	static char path[4][1024];
	static int next;
	const char *src = getenv("top_srcdir");
	char *p = path[next++ % 4];
	snprintf(p, sizeof path[0], "%s/%s", src ? src : ".", rel);
	return p;
}

/* A workload gives its result as text: a run with a failed allocation must
 * either fail with DS_ENOMEM or succeed with exactly the fault-free result
 * (an allocation that is only an optimisation, such as shrinking an array to
 * fit, may fail without failing the call). */
typedef int (*workload)(char **out);

/* Run @work with each of its allocations failing in turn; returns how many. */
static unsigned long walk(const char *name, workload work)
{
	unsigned long total, n, failed = 0;
	char *expected = NULL, *got = NULL;
	int rc;

	ds__fault_count_start();
	rc = work(&expected);
	total = ds__fault_count_stop();
	ck_assert_msg(rc == DS_OK, "%s: %s (%s)", name, ds_strerror(rc), ds_error_last()->message);
	ck_assert_msg(total > 0, "%s: no allocation counted", name);
	for (n = 1; n <= total; n++) {
		ds__fault_arm((long)n, 0);
		rc = work(&got);
		ds__fault_arm(0, 0);
		ck_assert_msg(rc == DS_ENOMEM || (rc == DS_OK && strcmp(got, expected) == 0),
			      "%s: allocation %lu of %lu failed, and the call returned %s (%s)%s", name, n, total,
			      ds_strerror(rc), ds_error_last()->message, rc == DS_OK ? " with another result" : "");
		failed += rc == DS_ENOMEM;
		ds_free(got);
		got = NULL;
	}
	/* And once more without faults: nothing was left half-done. */
	ck_assert_msg(work(&got) == DS_OK && strcmp(got, expected) == 0, "%s after the walk: %s", name,
		      ds_error_last()->message);
	ds_free(got);
	ds_free(expected);
	fprintf(stderr, "fault: %s: %lu allocations, %lu failures gave DS_ENOMEM\n", name, total, failed);
	return total;
}

static int parse_catalogue(char **out)
{
	ds_catalog *c = NULL;
	int rc;
	if ((rc = ds_catalog_load(&c, src_path("tests/fixtures/catalog/valid.xml"))) == DS_OK)
		rc = ds_catalog_to_xml(out, c);
	ds_catalog_free(c);
	return rc;
}

static int value_asset(char **out)
{
	ds_valuation_report *r = NULL;
	int rc;
	if ((rc = ds_valuation_report_load(&r, src_path("tests/fixtures/valuation/example.xml"), NULL)) == DS_OK)
		rc = ds_valuation_report_to_text(out, r);
	ds_valuation_report_free(r);
	return rc;
}

static int build_schedule(char **out)
{
	ds_decimal *cost = NULL;
	ds_ledger_schedule *s = NULL;
	ds_ledger_schedule_line line;
	char buf[64];
	int rc;
	if ((rc = ds_decimal_new(&cost)) == DS_OK && (rc = ds_decimal_parse(cost, "1000000.00", 0)) == DS_OK &&
	    (rc = ds_ledger_schedule_new(&s, cost, "2024-03", 36, NULL)) == DS_OK &&
	    (rc = ds_ledger_schedule_at(&line, s, 35)) == DS_OK) {
		snprintf(buf, sizeof buf, "%zu %lld", ds_ledger_schedule_count(s), (long long)line.charge);
		rc = (*out = ds__strdup(buf)) ? DS_OK : DS_ENOMEM;
	}
	ds_ledger_schedule_free(s);
	ds_decimal_free(cost);
	return rc;
}

static int evaluate_policy(char **out)
{
	ds_policy *policy = NULL;
	ds_applications *apps = NULL;
	ds_awards *awards = NULL;
	int rc;
	if ((rc = ds_policy_bundled(&policy, "jinan-2025")) == DS_OK &&
	    (rc = ds_applications_load(&apps, src_path("tests/fixtures/policy/worked-example.xml"))) == DS_OK &&
	    (rc = ds_policy_evaluate(&awards, policy, apps)) == DS_OK)
		rc = ds_awards_to_xml(out, awards);
	ds_awards_free(awards);
	ds_applications_free(apps);
	ds_policy_free(policy);
	return rc;
}

static int assess_compliance(char **out)
{
	ds_checklist *checklist = NULL;
	ds_compliance_entry *entry = NULL;
	ds_evidence *evidence = NULL;
	ds_assessment *assessment = NULL;
	ds_compliance_options opts = DS_COMPLIANCE_OPTIONS_INIT;
	int rc;

	opts.date = "2025-06-01";
	opts.time = "2025-06-01T00:00:00Z";
	if ((rc = ds_checklist_bundled(&checklist, "cn-2025")) == DS_OK &&
	    (rc = ds_compliance_entry_load(&entry, src_path("tests/fixtures/compliance/e2-entry.xml"))) == DS_OK &&
	    (rc = ds_evidence_load(&evidence, src_path("tests/fixtures/compliance/e2-evidence.xml"))) == DS_OK &&
	    (rc = ds_compliance_assess(&assessment, checklist, entry, evidence, &opts)) == DS_OK)
		rc = ds_assessment_write(out, assessment, DS_COMPLIANCE_XML);
	ds_assessment_free(assessment);
	ds_evidence_free(evidence);
	ds_compliance_entry_free(entry);
	ds_checklist_free(checklist);
	return rc;
}

START_TEST(allocation_failures_parse_value_schedule_policy)
{
	walk("catalogue", parse_catalogue);
	walk("valuation", value_asset);
	walk("schedule", build_schedule);
	walk("policy", evaluate_policy);
	walk("compliance", assess_compliance);
}
END_TEST

/* ---------------------------------------------------------------- more readers */

/* One part a workload wrote (@rc its status): appended to @b when written, and
 * freed. Returns @rc. */
static int take_part(ds__buf *b, int rc, char **part)
{
	if (rc == DS_OK)
		ds__buf_puts(b, *part);
	ds_free(*part);
	*part = NULL;
	return rc;
}

static int run_ledger(char **out)
{
	ds_ledger *book = NULL;
	ds_ledger_report *r = NULL;
	ds__buf b = DS__BUF_INIT;
	char *part = NULL;
	int rc, k;
	if ((rc = ds_ledger_load(&book, src_path("tests/fixtures/ledger/book.xml"))) == DS_OK &&
	    (rc = ds_ledger_report_new(&r, book, "2024-01", "2024-12")) == DS_OK) {
		int f;
		for (k = DS_LEDGER_PART_SCHEDULE; k <= DS_LEDGER_PART_BALANCE && rc == DS_OK; k++)
			for (f = DS_LEDGER_FORMAT_TEXT; f <= DS_LEDGER_FORMAT_XML && rc == DS_OK; f++)
				rc = take_part(&b,
					       ds_ledger_report_write(&part, r, (ds_ledger_part)k, (ds_ledger_format)f,
								      f == DS_LEDGER_FORMAT_CSV ? DS_LEDGER_BOM : 0),
					       &part);
	}
	if (rc == DS_OK)
		rc = ds__buf_detach(out, &b) < 0 ? DS_ENOMEM : DS_OK;
	ds__buf_dispose(&b);
	ds_ledger_report_free(r);
	ds_ledger_free(book);
	return rc;
}

static int value_all_forms(char **out)
{
	ds_valuation_report *r = NULL;
	int rc;
	char *xml = NULL, *text = NULL;
	ds__buf b = DS__BUF_INIT;
	if ((rc = ds_valuation_report_load(&r, src_path("tests/fixtures/valuation/all-forms.xml"), NULL)) == DS_OK &&
	    (rc = ds_valuation_report_to_xml(&xml, r)) == DS_OK &&
	    (rc = ds_valuation_report_to_text(&text, r)) == DS_OK) {
		ds__buf_puts(&b, xml);
		ds__buf_puts(&b, text);
		rc = ds__buf_detach(out, &b) < 0 ? DS_ENOMEM : DS_OK;
	}
	ds__buf_dispose(&b);
	ds_free(xml);
	ds_free(text);
	ds_valuation_report_free(r);
	return rc;
}

static const char *settle_file = "examples/data/settlement-mar.xml";

static int settle(char **out)
{
	ds_settlement *s = NULL;
	ds_settlement_statement *st = NULL;
	int rc;
	char *part = NULL;
	ds__buf b = DS__BUF_INIT;
	int f;
	if ((rc = ds_settlement_load(&s, src_path(settle_file))) == DS_OK &&
	    (rc = ds_settlement_compute(&st, s)) == DS_OK) {
		for (f = DS_SETTLEMENT_FORMAT_TEXT; f <= DS_SETTLEMENT_FORMAT_XML && rc == DS_OK; f++)
			rc = take_part(&b, ds_settlement_statement_write(&part, st, (ds_settlement_format)f, 0), &part);
		if (rc == DS_OK)
			rc = ds__buf_detach(out, &b) < 0 ? DS_ENOMEM : DS_OK;
	}
	ds__buf_dispose(&b);
	ds_settlement_statement_free(st);
	ds_settlement_free(s);
	return rc;
}

static int explain_policy(char **out)
{
	ds_policy *policy = NULL;
	ds_applications *apps = NULL;
	int rc;
	if ((rc = ds_policy_bundled(&policy, "jinan-2025")) == DS_OK &&
	    (rc = ds_applications_load(&apps, src_path("tests/fixtures/policy/worked-example.xml"))) == DS_OK)
		rc = ds_policy_explain(out, policy, apps, "91370100MA00000010");
	ds_applications_free(apps);
	ds_policy_free(policy);
	return rc;
}

static int probe_csv(char **out)
{
	ds_probe *p = NULL;
	int rc;
	if ((rc = ds_probe_file(&p, src_path("tests/fixtures/probe-corpus/csvkit/blanks.csv"), NULL)) == DS_OK)
		rc = ds_probe_to_xml(out, p);
	ds_probe_free(p);
	return rc;
}

static int calc_and_words(char **out)
{
	ds_decimal *d = NULL, *back = NULL;
	char *words = NULL, *text = NULL, *date = NULL;
	ds__buf b = DS__BUF_INIT;
	int rc;
	if ((rc = ds_decimal_new(&d)) == DS_OK && (rc = ds_decimal_new(&back)) == DS_OK &&
	    (rc = ds_decimal_eval(d, "(1.5e3 + 2^10) * 7 / 3 - 0.125")) == DS_OK &&
	    (rc = ds_decimal_round(d, d, 2, DS_ROUND_HALF_UP)) == DS_OK &&
	    (rc = ds_decimal_to_string_scaled(&text, d, 2, DS_ROUND_HALF_UP, DS_DECIMAL_GROUPED)) == DS_OK &&
	    (rc = ds_decimal_to_rmb_words(&words, d, NULL)) == DS_OK &&
	    (rc = ds_decimal_parse_rmb_words(back, words)) == DS_OK &&
	    (rc = ds_date_to_words(&date, 2025, 10, 31)) == DS_OK) {
		ds__buf_printf(&b, "%s %s %s %d", text, words, date, ds_decimal_cmp(back, d));
		rc = ds__buf_detach(out, &b) < 0 ? DS_ENOMEM : DS_OK;
	}
	ds__buf_dispose(&b);
	ds_free(date);
	ds_free(words);
	ds_free(text);
	ds_decimal_free(back);
	ds_decimal_free(d);
	return rc;
}

static int search_catalogue(char **out)
{
	static const char *const queries[] = { "gjj", "zhufang", "公积金", "数据" };
	ds_catalog *c = NULL;
	ds_search_options o = DS_SEARCH_OPTIONS_INIT;
	ds__buf b = DS__BUF_INIT;
	size_t *hits = NULL, count = 0, i, k;
	int rc;

	if ((rc = ds_catalog_load(&c, src_path("tests/fixtures/catalog/valid.xml"))) < 0)
		goto done;
	for (k = 0; k < sizeof queries / sizeof queries[0] && rc == DS_OK; k++) {
		o.text = queries[k];
		o.category = k == 3 ? "1" : NULL;
		if ((rc = ds_catalog_search(&hits, &count, c, &o)) == DS_OK) {
			ds__buf_printf(&b, "%s:", queries[k]);
			for (i = 0; i < count; i++)
				ds__buf_printf(&b, " %zu", hits[i]);
			ds__buf_putc(&b, '\n');
		}
		ds_free(hits);
		hits = NULL;
	}
	if (rc == DS_OK)
		rc = ds__buf_detach(out, &b) < 0 ? DS_ENOMEM : DS_OK;
done:
	ds__buf_dispose(&b);
	ds_catalog_free(c);
	return rc;
}

static int probe_diff(char **out)
{
	ds_probe *a = NULL, *b = NULL;
	ds_probe_diff *d = NULL;
	ds_probe_event e;
	ds__buf t = DS__BUF_INIT;
	size_t i;
	int rc;

	if ((rc = ds_probe_file(&a, src_path("tests/fixtures/probe-corpus/csvkit/dummy.csv"), NULL)) == DS_OK &&
	    (rc = ds_probe_file(&b, src_path("tests/fixtures/probe-corpus/csvkit/dummy_col_shuffled.csv"), NULL)) ==
		    DS_OK &&
	    (rc = ds_probe_diff_new(&d, a, b, NULL)) == DS_OK) {
		for (i = 0; i < ds_probe_diff_count(d) && ds_probe_diff_at(&e, d, i) == DS_OK; i++)
			ds__buf_printf(&t, "%s %s %s %s\n", ds_probe_change_name(e.change), e.column ? e.column : "-",
				       e.old_value ? e.old_value : "-", e.new_value ? e.new_value : "-");
		ds__buf_printf(&t, "%d %d\n", ds_probe_diff_catalog_stale(d), ds_probe_diff_same_source(d));
		rc = ds__buf_detach(out, &t) < 0 ? DS_ENOMEM : DS_OK;
	}
	ds__buf_dispose(&t);
	ds_probe_diff_free(d);
	ds_probe_free(b);
	ds_probe_free(a);
	return rc;
}

static int run_gov_ledger(char **out)
{
	ds_ledger_gov *book = NULL;
	ds_ledger_gov_report *r = NULL;
	ds__buf b = DS__BUF_INIT;
	char *part = NULL;
	int rc, k, f;

	if ((rc = ds_ledger_gov_load(&book, src_path("examples/data/public-sector-book.xml"))) == DS_OK &&
	    (rc = ds_ledger_gov_report_new(&r, book, "2025-01", "2025-12")) == DS_OK) {
		for (k = DS_LEDGER_GOV_PART_ENTRIES; k <= DS_LEDGER_GOV_PART_FIGURES && rc == DS_OK; k++)
			for (f = DS_LEDGER_FORMAT_TEXT; f <= DS_LEDGER_FORMAT_XML && rc == DS_OK; f++)
				rc = take_part(&b,
					       ds_ledger_gov_report_write(&part, r, (ds_ledger_gov_part)k,
									  (ds_ledger_format)f, 0),
					       &part);
	}
	if (rc == DS_OK)
		rc = ds__buf_detach(out, &b) < 0 ? DS_ENOMEM : DS_OK;
	ds__buf_dispose(&b);
	ds_ledger_gov_report_free(r);
	ds_ledger_gov_free(book);
	return rc;
}

START_TEST(allocation_failures_more_readers)
{
	walk("ledger", run_ledger);
	walk("valuation (all forms)", value_all_forms);
	walk("settlement (最高准许收入)", settle);
	settle_file = "examples/data/settlement-share-remit.xml";
	walk("settlement (shares, remitted)", settle);
	walk("policy explain", explain_policy);
	walk("probe", probe_csv);
	walk("calc and 大写", calc_and_words);
	walk("catalogue search (pinyin)", search_catalogue);
	walk("probe diff", probe_diff);
	walk("public-sector book, every part in every format", run_gov_ledger);
}
END_TEST

/* ---------------------------------------------------------------- the registry */

typedef struct registry_case {
	char dir[256], db[300];
	ds_registry *reg;
	int64_t id;
	int registered; /* the successful run has happened */
} registry_case;

static void registry_setup(registry_case *rc_)
{
	ds_registry_options opts = DS_REGISTRY_OPTIONS_INIT;
	ds_registration_request req = DS_REGISTRATION_REQUEST_INIT;
	ds_transition_request t = DS_TRANSITION_REQUEST_INIT;
	static const ds_reg_state steps[] = { DS_STATE_ACCEPTED, DS_STATE_REVIEW, DS_STATE_PUBLICITY };
	size_t i;

	snprintf(rc_->dir, sizeof rc_->dir, "%s/ds-fault-XXXXXX", getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
	ck_assert_ptr_nonnull(mkdtemp(rc_->dir));
	snprintf(rc_->db, sizeof rc_->db, "%s/r.db", rc_->dir);
	opts.synchronous = DS_REGISTRY_SYNC_NORMAL;
	opts.signing = DS_REGISTRY_SIGN_CALLER;
	opts.key = DS_SIG_ED25519;
	ck_assert_ds_ok(ds_registry_create(&rc_->reg, rc_->db, "故障注入", "370100", &opts));
	ck_assert_ds_ok(
		ds_registry_load_calendar(NULL, rc_->reg, src_path("schemas/calendars/cn-2024-2025-sample.xml")));
	ck_assert_ds_ok(ds_registry_subject_add(rc_->reg, SELLER, "测试企业", DS_SUBJECT_UNSPECIFIED));
	req.subject = SELLER;
	req.kind = DS_REG_PRODUCT;
	req.right = DS_RIGHT_OPERATING;
	req.entry_path = src_path("tests/fixtures/registry/entry.xml");
	req.at = 1737334800; /* 2025-01-20T09:00+08:00 */
	ck_assert_ds_ok(ds_registry_apply(&rc_->id, rc_->reg, &req));
	t.actor = "审核员";
	t.reason = "ok";
	for (i = 0; i < sizeof steps / sizeof steps[0]; i++) {
		t.at = req.at + (int64_t)(i + 1) * 86400;
		ck_assert_ds_ok(ds_registry_advance(rc_->reg, rc_->id, steps[i], &t));
	}
}

/* The transition publicity -> registered: the publicity period over, 30 days
 * after the application. */
static ds_transition_request publicity_over(void)
{
	ds_transition_request t = DS_TRANSITION_REQUEST_INIT;

	t.actor = "审核员";
	t.reason = "公示期满";
	t.at = 1737334800 + 30 * 86400;
	return t;
}

static void registry_teardown(registry_case *rc_)
{
	char cmd[400];
	ds_registry_free(rc_->reg);
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", rc_->dir);
	ck_assert_int_eq(system(cmd), 0);
}

/* Issue the certificate: publicity -> registered, on a freshly opened handle
 * (so every run loads the key and makes the same allocations). A run that
 * succeeds (the counting one) is undone by restoring the database copy. */
static int issue_certificate(void *ctx)
{
	registry_case *c = ctx;
	ds_transition_request t = publicity_over();
	ds_registry_options opts = DS_REGISTRY_OPTIONS_INIT;
	ds_registry *reg = NULL;
	int rc;

	opts.synchronous = DS_REGISTRY_SYNC_NORMAL;
	opts.signing = DS_REGISTRY_SIGN_CALLER;
	if ((rc = ds_registry_open(&reg, c->db, &opts)) == DS_OK)
		rc = ds_registry_advance(reg, c->id, DS_STATE_REGISTERED, &t);
	ds_registry_free(reg);
	return rc;
}

static int still_in_publicity(void *ctx)
{
	registry_case *c = ctx;
	ds_registration *r = NULL;
	uint64_t bad = 0;
	int ok;

	ds__fault_arm(0, 0);
	ok = ds_registry_get(&r, c->reg, c->id) == DS_OK && r->state == DS_STATE_PUBLICITY && !r->certificate &&
	     ds_registry_log_verify(&bad, c->reg) == DS_OK;
	ds_free(r);
	return ok;
}

/* The audit (read only) on a registry whose registrant's name was edited in
 * its table, against a head published before: findings or DS_ENOMEM, and
 * the same findings every time. */
static const char *audit_db;
static const char *audit_head;

static int audit_registry(char **out)
{
	ds_registry *reg = NULL;
	ds_audit_finding *f = NULL;
	size_t count = 0, i;
	ds__buf b = DS__BUF_INIT;
	int rc;

	if ((rc = ds_registry_open(&reg, audit_db, NULL)) == DS_OK) {
		rc = ds_registry_audit(&f, &count, reg, audit_head, NULL);
		if (rc == DS_EVERIFY) {
			ds__buf_printf(&b, "%zu:", count);
			for (i = 0; i < count; i++)
				ds__buf_printf(&b, " %s/%s/%s/%lld", f[i].table, f[i].row ? f[i].row : "-",
					       f[i].field ? f[i].field : "-", (long long)f[i].event);
			rc = ds__buf_detach(out, &b) < 0 ? DS_ENOMEM : DS_OK;
		}
	}
	ds__buf_dispose(&b);
	ds_free(f);
	ds_registry_free(reg);
	return rc;
}

START_TEST(allocation_failures_audit)
{
	registry_case c;
	char *head = NULL;
	sqlite3 *db = NULL;

	memset(&c, 0, sizeof c);
	registry_setup(&c);
	ck_assert_ds_ok(ds_registry_log_head(&head, c.reg, 0));
	ds_registry_free(c.reg);
	c.reg = NULL;
	ck_assert_int_eq(sqlite3_open(c.db, &db), SQLITE_OK);
	ck_assert_int_eq(sqlite3_exec(db, "UPDATE subjects SET name = '别的企业'", NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(db);
	audit_db = c.db;
	audit_head = head;
	walk("audit", audit_registry);
	ds_free(head);
	ck_assert_ds_ok(ds_registry_open(&c.reg, c.db, NULL));
	registry_teardown(&c);
}
END_TEST

/* A certificate the registry issued, verified with the registry's public key;
 * and a tampered copy, whose report names the failed checks. */
static char *cert_xml;
static char *cert_pem;

static int verify_certificate(char **out)
{
	ds_key *key = NULL;
	ds_certificate *cert = NULL;
	ds_certificate_report *report = NULL;
	char *text = NULL, *summary = NULL, *tampered = NULL, *at;
	ds__buf b = DS__BUF_INIT;
	int rc;

	if ((rc = ds_key_parse(&key, cert_pem, strlen(cert_pem))) < 0)
		goto done;
	if ((rc = ds_certificate_verify(&report, cert_xml, strlen(cert_xml), key, NULL)) < 0 ||
	    (rc = ds_certificate_report_to_text(&text, report)) < 0)
		goto done;
	ds__buf_puts(&b, text);
	ds_free(text);
	text = NULL;
	ds_certificate_report_free(report);
	report = NULL;
	if ((rc = ds_certificate_parse(&cert, cert_xml, strlen(cert_xml))) < 0 ||
	    (rc = ds_certificate_summary(&summary, cert)) < 0)
		goto done;
	ds__buf_puts(&b, summary);
	/* The registrant's name changed: the signature and the inclusion fail. */
	if (!(tampered = ds__strdup(cert_xml))) {
		rc = DS_ENOMEM;
		goto done;
	}
	if ((at = strstr(tampered, "测试企业")))
		memcpy(at, "测试公司", strlen("测试公司"));
	rc = ds_certificate_verify(&report, tampered, strlen(tampered), key, NULL);
	if (rc != DS_EVERIFY) {
		rc = rc < 0 ? rc : DS_EINTERNAL;
		goto done;
	}
	if ((rc = ds_certificate_report_to_text(&text, report)) < 0)
		goto done;
	ds__buf_puts(&b, text);
	rc = ds__buf_detach(out, &b) < 0 ? DS_ENOMEM : DS_OK;
done:
	ds__buf_dispose(&b);
	ds_free(tampered);
	ds_free(summary);
	ds_free(text);
	ds_certificate_report_free(report);
	ds_certificate_free(cert);
	ds_key_free(key);
	return rc;
}

static int validate_catalogue(char **out)
{
	ds_catalog *c = NULL;
	ds_profile *profile = NULL;
	ds_catalog_report *report = NULL;
	ds_catalog_problem problem;
	ds__buf b = DS__BUF_INIT;
	char *csv = NULL;
	size_t i;
	int rc;

	if ((rc = ds_catalog_load(&c, src_path("tests/fixtures/catalog/valid.xml"))) < 0 ||
	    (rc = ds_profile_load(&profile, src_path("schemas/profiles/gbt21063.xml"))) < 0 ||
	    (rc = ds_catalog_validate(&report, c, profile)) < 0 || (rc = ds_catalog_to_csv(&csv, c, 1)) < 0)
		goto done;
	ds__buf_printf(&b, "%zu %zu\n%s", ds_catalog_report_count(report), ds_catalog_report_errors(report), csv);
	for (i = 0; i < ds_catalog_report_count(report) && ds_catalog_report_at(&problem, report, i) == DS_OK; i++)
		ds__buf_printf(&b, "%s\n", problem.message);
	rc = ds__buf_detach(out, &b) < 0 ? DS_ENOMEM : DS_OK;
done:
	ds__buf_dispose(&b);
	ds_free(csv);
	ds_catalog_report_free(report);
	ds_profile_free(profile);
	ds_catalog_free(c);
	return rc;
}

START_TEST(allocation_failures_verify_validate)
{
	registry_case c;
	ds_transition_request t = publicity_over();

	memset(&c, 0, sizeof c);
	registry_setup(&c);
	ck_assert_ds_ok(ds_registry_advance(c.reg, c.id, DS_STATE_REGISTERED, &t));
	ck_assert_ds_ok(ds_registry_certificate(&cert_xml, c.reg, c.id));
	ck_assert_ds_ok(ds_registry_public_key(&cert_pem, c.reg, NULL));
	walk("certificate verification", verify_certificate);
	ds_free(cert_xml);
	ds_free(cert_pem);
	registry_teardown(&c);
	walk("catalogue validation", validate_catalogue);
}
END_TEST

/* Reads of a registry with a registered product and a trade: lists, history,
 * the stored entry, the applications export. */
static const char *reads_db;
static int64_t reads_id;

static int registry_reads(char **out)
{
	ds_registry *reg = NULL;
	ds_registration *list = NULL, *one = NULL;
	ds_transition *history = NULL;
	ds_subject *subjects = NULL;
	ds_registry_query q = DS_REGISTRY_QUERY_INIT;
	char *apps = NULL, *entry = NULL, *cert = NULL;
	size_t n = 0, h = 0, ns = 0;
	ds__buf b = DS__BUF_INIT;
	int rc;

	q.subject = SELLER;
	if ((rc = ds_registry_open(&reg, reads_db, NULL)) == DS_OK &&
	    (rc = ds_registry_list(&list, &n, reg, &q)) == DS_OK &&
	    (rc = ds_registry_get(&one, reg, reads_id)) == DS_OK &&
	    (rc = ds_registry_history(&history, &h, reg, reads_id)) == DS_OK &&
	    (rc = ds_registry_subject_list(&subjects, &ns, reg, 0, 10)) == DS_OK &&
	    (rc = ds_registry_document(&entry, reg, reads_id, DS_DOCUMENT_ENTRY)) == DS_OK &&
	    (rc = ds_registry_certificate(&cert, reg, reads_id)) == DS_OK &&
	    (rc = ds_registry_export_applications(&apps, reg, "2025-01-01", "2025-12-31")) == DS_OK) {
		ds__buf_printf(&b, "%zu %zu %zu %s %s %zu\n%s", n, h, ns, one->certificate, history[h - 1].actor,
			       strlen(cert), apps);
		rc = ds__buf_detach(out, &b) < 0 ? DS_ENOMEM : DS_OK;
	}
	ds__buf_dispose(&b);
	ds_free(apps);
	ds_free(entry);
	ds_free(cert);
	ds_free(subjects);
	ds_free(history);
	ds_free(one);
	ds_free(list);
	ds_registry_free(reg);
	return rc;
}

START_TEST(allocation_failures_registry_reads)
{
	registry_case c;
	ds_transition_request t = publicity_over();
	ds_trade_request tr = DS_TRADE_REQUEST_INIT;
	ds_decimal *amount = NULL;

	memset(&c, 0, sizeof c);
	registry_setup(&c);
	ck_assert_ds_ok(ds_registry_subject_add(c.reg, "91370100MA3C5EJQ3J", "买方企业", DS_SUBJECT_ENTERPRISE));
	ck_assert_ds_ok(ds_registry_advance(c.reg, c.id, DS_STATE_REGISTERED, &t));
	ck_assert_ds_ok(ds_decimal_new(&amount));
	ck_assert_ds_ok(ds_decimal_parse(amount, "12000.50", 0));
	tr.seller = SELLER;
	tr.buyer = "91370100MA3C5EJQ3J";
	tr.registration = c.id;
	tr.amount = amount;
	tr.date = "2025-03-01";
	tr.venue = DS_VENUE_OFF;
	tr.voucher = "BA-1";
	ck_assert_ds_ok(ds_registry_trade_add(NULL, c.reg, &tr));
	ds_decimal_free(amount);
	reads_db = c.db;
	reads_id = c.id;
	walk("registry reads", registry_reads);
	registry_teardown(&c);
}
END_TEST

START_TEST(allocation_failures_issue_certificate)
{
	registry_case c;
	char cmd[1400];
	unsigned long total, n, survived = 0;
	ds_registration *r = NULL;
	int rc;

	memset(&c, 0, sizeof c);
	registry_setup(&c);
	/* Count on a copy, so that the real database stays in publicity (closed
	 * first: the last connection's close checkpoints the WAL into the file). */
	ds_registry_free(c.reg);
	c.reg = NULL;
	snprintf(cmd, sizeof cmd, "cp '%s' '%s.saved'", c.db, c.db);
	ck_assert_int_eq(system(cmd), 0);
	ds__fault_count_start();
	rc = issue_certificate(&c);
	total = ds__fault_count_stop();
	ck_assert_msg(rc == DS_OK, "%s", ds_error_last()->message);
	snprintf(cmd, sizeof cmd, "rm -f '%s-wal' '%s-shm' && cp '%s.saved' '%s'", c.db, c.db, c.db, c.db);
	ck_assert_int_eq(system(cmd), 0);
	ck_assert_ds_ok(ds_registry_open(&c.reg, c.db, NULL));
	ck_assert(still_in_publicity(&c));
	for (n = 1; n <= total; n++) {
		ds__fault_arm((long)n, 0);
		rc = issue_certificate(&c);
		ds__fault_arm(0, 0);
		if (rc == DS_OK) {
			/* An allocation only a cache needed (the log's node window): the
			 * call succeeded, and must have registered completely. */
			uint64_t bad = 0;
			ck_assert_ds_ok(ds_registry_get(&r, c.reg, c.id));
			ck_assert_msg(r->state == DS_STATE_REGISTERED && r->certificate,
				      "certificate: allocation %lu of %lu: DS_OK but not registered", n, total);
			ds_free(r);
			r = NULL;
			ck_assert_ds_ok(ds_registry_log_verify(&bad, c.reg));
			ds_registry_free(c.reg);
			c.reg = NULL;
			ck_assert_int_eq(system(cmd), 0); /* back to publicity */
			ck_assert_ds_ok(ds_registry_open(&c.reg, c.db, NULL));
			survived++;
			continue;
		}
		ck_assert_msg(rc == DS_ENOMEM,
			      "certificate: allocation %lu of %lu failed, but the call returned %s (%s)", n, total,
			      ds_strerror(rc), ds_error_last()->message);
		ck_assert_msg(still_in_publicity(&c), "certificate: allocation %lu of %lu left state changed", n,
			      total);
	}
	ck_assert_ds_ok(issue_certificate(&c));
	ck_assert_ds_ok(ds_registry_get(&r, c.reg, c.id));
	ck_assert_int_eq(r->state, DS_STATE_REGISTERED);
	ds_free(r);
	fprintf(stderr, "fault: certificate: %lu allocations, %lu failures gave DS_ENOMEM\n", total, total - survived);
	registry_teardown(&c);
}
END_TEST

/* ---------------------------------------------------------------- I/O faults */

static int apply_one(ds_registry *reg, int64_t *id)
{
	ds_registration_request req = DS_REGISTRATION_REQUEST_INIT;
	req.subject = SELLER;
	req.kind = DS_REG_PRODUCT;
	req.right = DS_RIGHT_OPERATING;
	req.entry_path = src_path("tests/fixtures/registry/entry.xml");
	req.at = 1737334800;
	return ds_registry_apply(id, reg, &req);
}

/* The registry reopens, its log verifies, and it holds registrations 1..@last only. */
static void consistent(const char *db, int64_t last)
{
	ds_registry *reg = NULL;
	ds_registration *r = NULL;
	uint64_t bad = 0;

	ck_assert_ds_ok(ds_registry_open(&reg, db, NULL));
	ck_assert_ds_ok(ds_registry_log_verify(&bad, reg));
	if (last > 0) {
		ck_assert_ds_ok(ds_registry_get(&r, reg, last));
		ds_free(r);
	}
	ck_assert_ds_err(ds_registry_get(&r, reg, last + 1), DS_ENOTFOUND);
	ds_registry_free(reg);
}

/* A full disk: the database may not grow past its size + 256 KiB
 * (RLIMIT_FSIZE, in a child process). Registrations go in until one fails
 * with DS_EDB or DS_EIO; the registry then holds exactly those before it. */
START_TEST(full_disk)
{
	registry_case c;
	char last_path[320];
	pid_t pid;
	int status;
	long long last = -1;
	FILE *f;

	memset(&c, 0, sizeof c);
	registry_setup(&c);
	ds_registry_free(c.reg);
	c.reg = NULL;
	snprintf(last_path, sizeof last_path, "%s/last", c.dir);
	pid = fork();
	ck_assert_int_ge(pid, 0);
	if (pid == 0) {
		struct rlimit limit;
		ds_registry *reg = NULL;
		int64_t id = 0, good = 1; /* registration 1 exists from the setup */
		int rc = DS_OK, i;
		FILE *out;

		signal(SIGXFSZ, SIG_IGN); /* write(2) fails with EFBIG instead of killing us */
		if (ds_registry_open(&reg, c.db, NULL) != DS_OK)
			_exit(2);
		limit.rlim_cur = limit.rlim_max = 4u << 20; /* the WAL and database files: 4 MiB each */
		if (setrlimit(RLIMIT_FSIZE, &limit) != 0)
			_exit(3);
		for (i = 0; i < 100000 && (rc = apply_one(reg, &id)) == DS_OK; i++)
			good = id;
		out = fopen(last_path, "w");
		fprintf(out, "%lld %d %s\n", (long long)good, rc, ds_error_last()->message);
		fclose(out);
		ds_registry_free(reg);
		_exit(rc == DS_EDB || rc == DS_EIO ? 0 : 1);
	}
	ck_assert_int_eq(waitpid(pid, &status, 0), pid);
	f = fopen(last_path, "r");
	ck_assert_ptr_nonnull(f);
	ck_assert_int_eq(fscanf(f, "%lld", &last), 1);
	fclose(f);
	ck_assert_msg(WIFEXITED(status) && WEXITSTATUS(status) == 0,
		      "the full disk did not give DS_EDB/DS_EIO (status %d)", status);
	fprintf(stderr, "fault: full disk after registration %lld\n", last);
	consistent(c.db, last);
	registry_teardown(&c);
}
END_TEST

/* A VFS shim over the default one whose writes and syncs fail with EIO on demand. */
static sqlite3_vfs *real_vfs;
static sqlite3_vfs shim_vfs;
static int fail_io;
typedef struct shim_file {
	sqlite3_file base;
	sqlite3_file *real; /* follows this struct in the same allocation */
} shim_file;
static sqlite3_io_methods shim_methods;

static int shim_write(sqlite3_file *f, const void *data, int n, sqlite3_int64 off)
{
	shim_file *s = (shim_file *)f;
	return fail_io ? SQLITE_IOERR_WRITE : s->real->pMethods->xWrite(s->real, data, n, off);
}
static int shim_sync(sqlite3_file *f, int flags)
{
	shim_file *s = (shim_file *)f;
	return fail_io ? SQLITE_IOERR_FSYNC : s->real->pMethods->xSync(s->real, flags);
}
#define FORWARD(name, sig, args)                        \
	static int shim_##name sig                      \
	{                                               \
		shim_file *s = (shim_file *)f;          \
		return s->real->pMethods->x##name args; \
	}
FORWARD(Read, (sqlite3_file * f, void *d, int n, sqlite3_int64 o), (s->real, d, n, o))
FORWARD(Truncate, (sqlite3_file * f, sqlite3_int64 size), (s->real, size))
FORWARD(FileSize, (sqlite3_file * f, sqlite3_int64 *size), (s->real, size))
FORWARD(Lock, (sqlite3_file * f, int l), (s->real, l))
FORWARD(Unlock, (sqlite3_file * f, int l), (s->real, l))
FORWARD(CheckReservedLock, (sqlite3_file * f, int *out), (s->real, out))
FORWARD(FileControl, (sqlite3_file * f, int op, void *arg), (s->real, op, arg))
FORWARD(SectorSize, (sqlite3_file * f), (s->real))
FORWARD(DeviceCharacteristics, (sqlite3_file * f), (s->real))
FORWARD(ShmMap, (sqlite3_file * f, int pg, int sz, int ext, void volatile **p), (s->real, pg, sz, ext, p))
FORWARD(ShmLock, (sqlite3_file * f, int off, int n, int flags), (s->real, off, n, flags))
FORWARD(ShmUnmap, (sqlite3_file * f, int del), (s->real, del))
static void shim_ShmBarrier(sqlite3_file *f)
{
	shim_file *s = (shim_file *)f;
	s->real->pMethods->xShmBarrier(s->real);
}
static int shim_close(sqlite3_file *f)
{
	shim_file *s = (shim_file *)f;
	return s->real->pMethods ? s->real->pMethods->xClose(s->real) : SQLITE_OK;
}
static int shim_open(sqlite3_vfs *vfs, const char *name, sqlite3_file *f, int flags, int *out_flags)
{
	shim_file *s = (shim_file *)f;
	int rc;
	(void)vfs;
	s->real = (sqlite3_file *)(s + 1);
	rc = real_vfs->xOpen(real_vfs, name, s->real, flags, out_flags);
	f->pMethods = rc == SQLITE_OK ? &shim_methods : NULL;
	return rc;
}

static void shim_install(void)
{
	if (real_vfs)
		return;
	real_vfs = sqlite3_vfs_find(NULL);
	shim_vfs = *real_vfs;
	shim_vfs.zName = "ds-fault-shim";
	shim_vfs.szOsFile = (int)sizeof(shim_file) + real_vfs->szOsFile;
	shim_vfs.xOpen = shim_open;
	shim_methods = (sqlite3_io_methods){ 3,
					     shim_close,
					     shim_Read,
					     shim_write,
					     shim_Truncate,
					     shim_sync,
					     shim_FileSize,
					     shim_Lock,
					     shim_Unlock,
					     shim_CheckReservedLock,
					     shim_FileControl,
					     shim_SectorSize,
					     shim_DeviceCharacteristics,
					     shim_ShmMap,
					     shim_ShmLock,
					     shim_ShmBarrier,
					     shim_ShmUnmap,
					     NULL,
					     NULL };
	ck_assert_int_eq(sqlite3_vfs_register(&shim_vfs, 1), SQLITE_OK);
}

/* EIO on every write and sync: registrations and transitions fail with DS_EDB
 * or DS_EIO, and the registry reopens as it was. */
START_TEST(eio_from_the_vfs)
{
	registry_case c;
	ds_transition_request t = publicity_over();
	int64_t id = 0;
	int rc;

	shim_install();
	memset(&c, 0, sizeof c);
	registry_setup(&c);
	fail_io = 1;
	rc = apply_one(c.reg, &id);
	ck_assert_msg(rc == DS_EDB || rc == DS_EIO, "apply under EIO: %s (%s)", ds_strerror(rc),
		      ds_error_last()->message);
	rc = ds_registry_advance(c.reg, c.id, DS_STATE_REGISTERED, &t);
	ck_assert_msg(rc == DS_EDB || rc == DS_EIO, "advance under EIO: %s (%s)", ds_strerror(rc),
		      ds_error_last()->message);
	fail_io = 0;
	ds_registry_free(c.reg);
	c.reg = NULL;
	consistent(c.db, 1);
	ck_assert_ds_ok(ds_registry_open(&c.reg, c.db, NULL));
	ck_assert(still_in_publicity(&c));
	registry_teardown(&c);
}
END_TEST

static void add_case(Suite *s, const char *name, const TTest *test)
{
	TCase *tc = tcase_create(name);
	tcase_set_timeout(tc, 600);
	tcase_add_test(tc, test);
	suite_add_tcase(s, tc);
}

int main(void)
{
	Suite *s = suite_create("fault");
	SRunner *runner;
	int failed;

	/* One case each, so that CK_RUN_CASE=certificate runs one walk alone. */
	add_case(s, "allocation", allocation_failures_parse_value_schedule_policy);
	add_case(s, "readers", allocation_failures_more_readers);
	add_case(s, "certificate", allocation_failures_issue_certificate);
	add_case(s, "audit", allocation_failures_audit);
	add_case(s, "verify", allocation_failures_verify_validate);
	add_case(s, "reads", allocation_failures_registry_reads);
	add_case(s, "full_disk", full_disk);
	add_case(s, "eio", eio_from_the_vfs);
	runner = srunner_create(s);
	srunner_run_all(runner, CK_NORMAL);
	failed = srunner_ntests_failed(runner);
	srunner_free(runner);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
