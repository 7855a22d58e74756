/*
 * Compliance checklists and assessments: the three worked examples of the
 * compliance specification item by item, every item's applies-when boundary,
 * the outbound thresholds at exactly 1,000,000 / 100,000 / 10,000 / 1 persons
 * (以上 includes the number), expired and not-yet-issued evidence, facts from
 * catalogue entries and probes, every class of bad input, and the accessors.
 * SPDX-License-Identifier: MIT
 */
#include <stdarg.h>

#include "testutil.h"

static const char *fixtures(void)
{
	static char path[1024];
	const char *top = getenv("top_srcdir");
	snprintf(path, sizeof path, "%s/tests/fixtures/compliance", top ? top : ".");
	return path;
}

static ds_checklist *cn2025(void)
{
	ds_checklist *c = NULL;
	ck_assert_ds_ok(ds_checklist_bundled(&c, "cn-2025"));
	return c;
}

static ds_assessment *assess_files(const char *entry_name, const char *evidence_name, const char *date)
{
	char a[1200], b[1200];
	ds_checklist *c = cn2025();
	ds_compliance_entry *e = NULL;
	ds_evidence *ev = NULL;
	ds_assessment *r = NULL;
	ds_compliance_options opts = DS_COMPLIANCE_OPTIONS_INIT;

	snprintf(a, sizeof a, "%s/%s", fixtures(), entry_name);
	snprintf(b, sizeof b, "%s/%s", fixtures(), evidence_name);
	ck_assert_ds_ok(ds_compliance_entry_load(&e, a));
	ck_assert_ds_ok(ds_evidence_load(&ev, b));
	opts.date = date;
	opts.time = "2025-06-01T09:00:00+08:00";
	ck_assert_ds_ok(ds_compliance_assess(&r, c, e, ev, &opts));
	ds_evidence_free(ev);
	ds_compliance_entry_free(e);
	ds_checklist_free(c);
	return r;
}

static ds_compliance_status status_of(const ds_assessment *r, const char *id)
{
	ds_compliance_item it;
	for (size_t i = 0; i < ds_assessment_item_count(r); i++) {
		ck_assert_ds_ok(ds_assessment_item_at(&it, r, i));
		if (strcmp(it.id, id) == 0)
			return it.status;
	}
	ck_abort_msg("no item %s", id);
	return DS_COMPLIANCE_NOT_APPLICABLE;
}

static const char *flag_of(const ds_assessment *r, const char *name)
{
	const char *n, *v;
	for (size_t i = 0; i < ds_assessment_flag_count(r); i++) {
		ck_assert_ds_ok(ds_assessment_flag_at(&n, &v, NULL, r, i));
		if (strcmp(n, name) == 0)
			return v;
	}
	ck_abort_msg("no flag %s", name);
	return NULL;
}

/* Check every item: @expected lists "ID=S" (S: S satisfied, N not satisfied, M missing);
 * every item not listed must be NOT_APPLICABLE. */
static void expect_items(const ds_assessment *r, const char *expected)
{
	ds_compliance_item it;
	for (size_t i = 0; i < ds_assessment_item_count(r); i++) {
		char key[16];
		const char *p;
		ds_compliance_status want = DS_COMPLIANCE_NOT_APPLICABLE;
		ck_assert_ds_ok(ds_assessment_item_at(&it, r, i));
		snprintf(key, sizeof key, "%s=", it.id);
		if ((p = strstr(expected, key)))
			want = p[4] == 'S' ? DS_COMPLIANCE_SATISFIED :
			       p[4] == 'N' ? DS_COMPLIANCE_NOT_SATISFIED :
					     DS_COMPLIANCE_MISSING;
		ck_assert_msg(it.status == want, "item %s: %s, expected %s", it.id,
			      ds_compliance_status_name(it.status), ds_compliance_status_name(want));
	}
}

START_TEST(example_e1_pass)
{
	ds_assessment *r = assess_files("e1-entry.xml", "e1-evidence.xml", "2025-06-01");
	char *text = NULL;
	/* Applicable: S01 S02 S03 R01 R04 R05 C01 C02; S02 has no evidence (warning MISSING). */
	expect_items(r, "S01=S S02=M S03=S R01=S R04=S R05=S C01=S C02=S");
	ck_assert_int_eq(ds_assessment_outcome(r), DS_COMPLIANCE_PASS);
	ck_assert_int_eq(ds_assessment_workflow(r), DS_COMPLIANCE_PROCEED);
	ck_assert_uint_eq(ds_assessment_restriction_count(r), 0);
	ck_assert_ds_ok(ds_assessment_write(&text, r, DS_COMPLIANCE_TEXT));
	ck_assert_ptr_nonnull(strstr(text, "observation: S02 无重大违法记录 MISSING"));
	ck_assert_ptr_nonnull(strstr(text, "Outcome: pass"));
	ds_free(text);
	ds_assessment_free(r);
}
END_TEST

START_TEST(example_e2_conditional)
{
	ds_assessment *r = assess_files("e2-entry.xml", "e2-evidence.xml", "2025-06-01");
	const char *code, *text;
	ds_compliance_item it;
	expect_items(r, "S01=S S02=S S03=S R01=S R03=S R04=S R05=S P01=S P02=S P03=S P04=S P06=M C01=S C02=S "
			"G01=S G03=S G04=S G05=S G06=S X01=N X02=N X03=N T01=S T02=S T03=S T04=S");
	ck_assert_str_eq(flag_of(r, "state_organ_pi"), "true");
	ck_assert_str_eq(flag_of(r, "xb_path"), "assessment");
	ck_assert_int_eq(ds_assessment_outcome(r), DS_COMPLIANCE_CONDITIONAL);
	ck_assert_int_eq(ds_assessment_workflow(r), DS_COMPLIANCE_PROCEED); /* domestic-only */
	ck_assert_uint_eq(ds_assessment_restriction_count(r), 1);
	ck_assert_ds_ok(ds_assessment_restriction_at(&code, &text, r, 0));
	ck_assert_str_eq(code, "no_outbound");
	ck_assert_str_eq(text, "限境内使用，不得向境外提供");
	/* R05 is blocking for public data; the agreement decides R03 and G01 alike. */
	for (size_t i = 0; i < ds_assessment_item_count(r); i++) {
		ck_assert_ds_ok(ds_assessment_item_at(&it, r, i));
		if (strcmp(it.id, "R05") == 0)
			ck_assert_int_eq(it.severity, DS_COMPLIANCE_BLOCKING);
		if (strcmp(it.id, "R03") == 0 || strcmp(it.id, "G01") == 0)
			ck_assert_ptr_nonnull(
				strstr(it.decided_by, "evidence ao authorised_operation_agreement (sha256:"));
		if (strcmp(it.id, "X01") == 0)
			ck_assert_str_eq(it.on_unmet, "restrict:no_outbound");
	}
	ds_assessment_free(r);
}
END_TEST

START_TEST(example_e3_fail)
{
	ds_assessment *r = assess_files("e3-entry.xml", "e3-evidence.xml", "2025-06-01");
	char *xml = NULL;
	ck_assert_int_eq(status_of(r, "R03"), DS_COMPLIANCE_NOT_SATISFIED);
	ck_assert_int_eq(status_of(r, "P02"), DS_COMPLIANCE_NOT_SATISFIED);
	ck_assert_int_eq(status_of(r, "P01"), DS_COMPLIANCE_NOT_SATISFIED);
	ck_assert_int_eq(status_of(r, "P04"), DS_COMPLIANCE_MISSING);
	ck_assert_int_eq(ds_assessment_outcome(r), DS_COMPLIANCE_FAIL);
	ck_assert_int_eq(ds_assessment_workflow(r), DS_COMPLIANCE_REJECT);
	ck_assert_ds_ok(ds_assessment_write(&xml, r, DS_COMPLIANCE_XML));
	ck_assert_ptr_nonnull(strstr(xml, "<reason item=\"R03\" kind=\"failure\">"));
	ck_assert_ptr_nonnull(strstr(xml, "<reason item=\"P01\" kind=\"failure\">"));
	ck_assert_ptr_nonnull(strstr(xml, "<reason item=\"P02\" kind=\"failure\">"));
	ck_assert_ptr_null(strstr(xml, "<reason item=\"P04\" kind=\"failure\">"));
	ds_free(xml);
	ds_assessment_free(r);
}
END_TEST

/* ---------------------------------------------------------------- entries built in code */

typedef struct ev_spec {
	const char *kind, *issued, *expires;
} ev_spec;

static ds_evidence *evidence_of(const ev_spec *specs, size_t n)
{
	char doc[16384];
	size_t len;
	ds_evidence *ev = NULL;

	len = (size_t)snprintf(doc, sizeof doc, "<evidence-list xmlns=\"urn:datasset:compliance:1\">");
	for (size_t i = 0; i < n; i++)
		len += (size_t)snprintf(
			doc + len, sizeof doc - len,
			"<evidence id=\"x%zu\" kind=\"%s\" digest=\"sha256:%064zx\" issued=\"%s\"%s%s%s/>", i,
			specs[i].kind, i + 1, specs[i].issued, specs[i].expires ? " expires=\"" : "",
			specs[i].expires ? specs[i].expires : "", specs[i].expires ? "\"" : "");
	snprintf(doc + len, sizeof doc - len, "</evidence-list>");
	ck_assert_ds_ok(ds_evidence_parse(&ev, doc, strlen(doc), "test"));
	return ev;
}

/* Assess an entry of the base flags (an enterprise registering its own general-grade data)
 * plus NULL-terminated name/value pairs. */
static ds_assessment *assess_flags(const ds_evidence *ev, const char *date, ...)
{
	ds_checklist *c = cn2025();
	ds_compliance_entry *e = NULL;
	ds_assessment *r = NULL;
	ds_compliance_options opts = DS_COMPLIANCE_OPTIONS_INIT;
	const char *name;
	va_list ap;

	ck_assert_ds_ok(ds_compliance_entry_new(&e));
	ck_assert_ds_ok(ds_compliance_entry_set_registrant(e, "91350100M000100Y43", "测试企业", "enterprise"));
	ck_assert_ds_ok(ds_compliance_entry_set(e, "purpose", "register"));
	ck_assert_ds_ok(ds_compliance_entry_set(e, "grade", "general"));
	ck_assert_ds_ok(ds_compliance_entry_set(e, "source", "self_generated"));
	va_start(ap, date);
	while ((name = va_arg(ap, const char *)))
		ck_assert_ds_ok(ds_compliance_entry_set(e, name, va_arg(ap, const char *)));
	va_end(ap);
	opts.date = date;
	opts.time = "2025-06-01T00:00:00Z";
	ck_assert_ds_ok(ds_compliance_assess(&r, c, e, ev, &opts));
	ds_compliance_entry_free(e);
	ds_checklist_free(c);
	return r;
}

START_TEST(variant_core_fails_on_c02)
{
	static const ev_spec e1[] = {
		{ "business_licence", "2020-03-01", NULL }, { "security_policy", "2024-12-01", NULL },
		{ "source_statement", "2025-01-10", NULL }, { "ownership_declaration", "2025-01-10", NULL },
		{ "fingerprint_log", "2025-01-12", NULL },  { "grading_record", "2025-01-05", NULL },
		{ "credit_report", "2025-01-05", NULL }
	};
	ds_evidence *ev = evidence_of(e1, 7);
	ds_assessment *r = assess_flags(ev, "2025-06-01", "grade", "核心", NULL);
	char *xml = NULL;
	ck_assert_int_eq(status_of(r, "C01"), DS_COMPLIANCE_SATISFIED);
	ck_assert_int_eq(status_of(r, "C02"), DS_COMPLIANCE_NOT_SATISFIED);
	ck_assert_int_eq(ds_assessment_outcome(r), DS_COMPLIANCE_FAIL);
	ck_assert_ds_ok(ds_assessment_write(&xml, r, DS_COMPLIANCE_XML));
	ck_assert_ptr_nonnull(strstr(xml, "<reason item=\"C02\" kind=\"failure\">"));
	ck_assert_ptr_null(strstr(xml, "kind=\"condition\""));
	ds_free(xml);
	ds_assessment_free(r);
	/* The same evidence with 一般 passes with no observation. */
	r = assess_flags(ev, "2025-06-01", NULL);
	ck_assert_int_eq(ds_assessment_outcome(r), DS_COMPLIANCE_PASS);
	ds_assessment_free(r);
	ds_evidence_free(ev);
}
END_TEST

/* The outbound path at every threshold. */
static const struct {
	const char *pi, *sensitive, *exemption, *ciio, *pi_level, *grade, *path;
} paths[] = {
	{ "0", "0", "false", "false", "pi", "general", "exempt" },
	{ "99999", "0", "false", "false", "pi", "general", "exempt" },
	{ "100000", "0", "false", "false", "pi", "general", "contract_or_cert" },
	{ "100001", "0", "false", "false", "pi", "general", "contract_or_cert" },
	{ "999999", "0", "false", "false", "pi", "general", "contract_or_cert" },
	{ "1000000", "0", "false", "false", "pi", "general", "assessment" },
	{ "0", "1", "false", "false", "sensitive", "general", "contract_or_cert" },
	{ "0", "9999", "false", "false", "sensitive", "general", "contract_or_cert" },
	{ "0", "10000", "false", "false", "sensitive", "general", "assessment" },
	{ "100000", "0", "true", "false", "pi", "general", "exempt" }, /* art. 35(4)-(7) exemption */
	{ "0", "1", "true", "false", "sensitive", "general", "exempt" },
	{ "1000000", "0", "true", "false", "pi", "general", "assessment" }, /* exemption only lowers contract_or_cert */
	{ "0", "10000", "true", "false", "sensitive", "general", "assessment" },
	{ "0", "0", "false", "true", "pi", "general", "assessment" }, /* CIIO with PI */
	{ "0", "0", "false", "true", "none", "general", "exempt" },   /* CIIO without PI or important data */
	{ "0", "0", "false", "true", "none", "important", "assessment" },
	{ "0", "0", "false", "false", "none", "important", "assessment" }, /* important data */
};

START_TEST(outbound_thresholds)
{
	static const ev_spec filed[] = { { "standard_contract_filing", "2025-01-01", NULL } };
	ds_evidence *ev = evidence_of(filed, 1);
	ds_assessment *r =
		assess_flags(ev, "2025-06-01", "cross_border", "true", "xb_pi_ytd", paths[_i].pi, "xb_sensitive_ytd",
			     paths[_i].sensitive, "xb_exemption", paths[_i].exemption, "ciio", paths[_i].ciio, "pi",
			     paths[_i].pi_level, "grade", paths[_i].grade, NULL);
	ck_assert_msg(strcmp(flag_of(r, "xb_path"), paths[_i].path) == 0, "row %d: xb_path %s, expected %s", _i,
		      flag_of(r, "xb_path"), paths[_i].path);
	/* A filed standard contract satisfies X01 on the contract path only. */
	ck_assert_int_eq(status_of(r, "X01"), strcmp(paths[_i].path, "contract_or_cert") == 0 ?
						      DS_COMPLIANCE_SATISFIED :
						      DS_COMPLIANCE_NOT_SATISFIED);
	ds_assessment_free(r);
	ds_evidence_free(ev);
}
END_TEST

/* Each item's applies-when: the flags that make it apply, and the nearest flags that do not. */
static const struct {
	const char *item;
	const char *on[10];  /* name, value pairs, NULL-terminated */
	const char *off[10]; /* the same entry one step away */
} boundaries[] = {
	{ "S01", { "holder_kind", "admin_unit", NULL }, { NULL } }, /* always applies */
	{ "S03", { "holder_kind", "inst_unit", NULL }, { NULL } },
	{ "R01", { "source", "public_open", NULL }, { NULL } },
	{ "R04", { "purpose", "list", NULL }, { NULL } },
	{ "R05", { "public_data", "false", NULL }, { NULL } },
	{ "S02", { "purpose", "register", NULL }, { "holder_kind", "inst_unit", NULL } },
	{ "S02", { "holder_kind", "operator", NULL }, { "holder_kind", "admin_unit", NULL } },
	{ "R02", { "source", "web_collected", NULL }, { "source", "public_open", NULL } },
	{ "R02", { "source", "from_individuals licensed_in", NULL }, { "source", "licensed_in self_generated", NULL } },
	{ "R03", { "source", "licensed_in", NULL }, { "source", "self_generated web_collected", NULL } },
	{ "P01", { "pi", "pi", NULL }, { "pi", "none", NULL } },
	{ "P02", { "pi", "pi", "delivers_pi", "true", NULL }, { "pi", "pi", "delivers_pi", "false", NULL } },
	{ "P02", { "pi", "sensitive", "delivers_pi", "true", NULL }, { "pi", "none", "delivers_pi", "true", NULL } },
	{ "P03", { "pi", "sensitive", NULL }, { "pi", "pi", NULL } },
	{ "P03", { "pi", "pi", "minor_u14", "true", NULL }, { "pi", "none", "minor_u14", "true", NULL } },
	{ "P04", { "pi", "pi", "purpose", "list", NULL }, { "pi", "pi", "purpose", "register", NULL } },
	{ "P04", { "pi", "pi", "provides_data", "true", NULL }, { "pi", "none", "provides_data", "true", NULL } },
	{ "P04", { "pi", "pi", "publishes", "true", NULL }, { "pi", "pi", "publishes", "false", NULL } },
	{ "P04", { "pi", "pi", "cross_border", "true", NULL }, { "pi", "pi", "cross_border", "false", NULL } },
	{ "P04", { "pi", "sensitive", NULL }, { "pi", "pi", NULL } },
	{ "P04", { "pi", "pi", "minor_u14", "true", NULL }, { "pi", "pi", "minor_u14", "false", NULL } },
	{ "P05", { "anonymised_claim", "true", NULL }, { "anonymised_claim", "false", NULL } },
	{ "P06", { "pi", "pi", NULL }, { "pi", "none", NULL } },
	{ "P06", { "pi", "pi", "anonymised_claim", "true", NULL }, { "pi", "none", "anonymised_claim", "true", NULL } },
	{ "C01", { "grade", "unknown", NULL }, { NULL } }, /* always applies */
	{ "C02", { "grade", "core", NULL }, { NULL } },
	{ "I01", { "grade", "important", NULL }, { "grade", "general", NULL } },
	{ "I02", { "grade", "important", NULL }, { "grade", "general", NULL } },
	{ "I02", { "pi", "pi", "pi_persons", "10000000", NULL }, { "pi", "pi", "pi_persons", "9999999", NULL } },
	{ "I03",
	  { "grade", "important", "purpose", "list", NULL },
	  { "grade", "important", "purpose", "register", NULL } },
	{ "I03",
	  { "grade", "important", "provides_data", "true", NULL },
	  { "grade", "general", "provides_data", "true", NULL } },
	{ "I03",
	  { "grade", "important", "provides_data", "true", NULL },
	  { "pi_persons", "10000000", "provides_data", "true", NULL } }, /* important_handler but not important data */
	{ "I04", { "grade", "important", NULL }, { "grade", "core", NULL } },
	{ "G01", { "public_channel", "authorised_operation", NULL }, { "public_channel", "holder", NULL } },
	{ "G02", { "public_channel", "shared_in", NULL }, { "public_channel", "authorised_operation", NULL } },
	{ "G02", { "uses_shared_data", "true", NULL }, { "uses_shared_data", "false", NULL } },
	{ "G03",
	  { "public_data", "true", "purpose", "list", NULL },
	  { "public_data", "true", "purpose", "register", NULL } },
	{ "G03",
	  { "public_data", "true", "purpose", "list", NULL },
	  { "public_data", "false", "purpose", "list", NULL } },
	{ "G04", { "public_data", "true", NULL }, { "public_data", "false", NULL } },
	{ "G05", { "public_data", "true", "purpose", "list", NULL }, { "public_data", "true", NULL } },
	{ "G06", { "holder_kind", "operator", NULL }, { "holder_kind", "enterprise", NULL } },
	{ "X01", { "cross_border", "true", NULL }, { "cross_border", "false", NULL } },
	{ "X02", { "cross_border", "true", "pi", "pi", NULL }, { "cross_border", "true", "pi", "none", NULL } },
	{ "X03",
	  { "cross_border", "true", "pi", "pi", "holder_kind", "admin_unit", NULL },
	  { "cross_border", "true", "pi", "none", "holder_kind", "admin_unit", NULL } },
	{ "X03",
	  { "cross_border", "true", "pi", "pi", "public_function_body", "true", NULL },
	  { "cross_border", "true", "pi", "pi", "holder_kind", "inst_unit", NULL } },
	{ "X03",
	  { "cross_border", "true", "pi", "pi", "public_data", "true", "pi_from_state_organ", "true", NULL },
	  { "cross_border", "true", "pi", "pi", "pi_from_state_organ", "true", NULL } },
	{ "X04",
	  { "cross_border", "true", "grade", "important", NULL },
	  { "cross_border", "false", "grade", "important", NULL } },
	{ "T01", { "purpose", "list", NULL }, { "purpose", "register", NULL } },
	{ "T02", { "purpose", "list", NULL }, { "purpose", "register", NULL } },
	{ "T03", { "purpose", "list", NULL }, { "purpose", "register", NULL } },
	{ "T04", { "purpose", "list", NULL }, { "purpose", "register", NULL } },
};

static ds_assessment *assess_list(const char *const *pairs)
{
	ds_checklist *c = cn2025();
	ds_compliance_entry *e = NULL;
	ds_assessment *r = NULL;
	ds_compliance_options opts = DS_COMPLIANCE_OPTIONS_INIT;

	ck_assert_ds_ok(ds_compliance_entry_new(&e));
	ck_assert_ds_ok(ds_compliance_entry_set_registrant(e, "91350100M000100Y43", NULL, "enterprise"));
	ck_assert_ds_ok(ds_compliance_entry_set(e, "purpose", "register"));
	ck_assert_ds_ok(ds_compliance_entry_set(e, "grade", "general"));
	for (size_t i = 0; pairs[i]; i += 2)
		ck_assert_ds_ok(ds_compliance_entry_set(e, pairs[i], pairs[i + 1]));
	opts.date = "2025-06-01";
	ck_assert_ds_ok(ds_compliance_assess(&r, c, e, NULL, &opts));
	ds_compliance_entry_free(e);
	ds_checklist_free(c);
	return r;
}

START_TEST(applies_when_boundaries)
{
	ds_assessment *r = assess_list(boundaries[_i].on);
	ck_assert_msg(status_of(r, boundaries[_i].item) != DS_COMPLIANCE_NOT_APPLICABLE, "row %d: %s should apply", _i,
		      boundaries[_i].item);
	ds_assessment_free(r);
	if (!boundaries[_i].off[0])
		return;
	r = assess_list(boundaries[_i].off);
	ck_assert_msg(status_of(r, boundaries[_i].item) == DS_COMPLIANCE_NOT_APPLICABLE, "row %d: %s should not apply",
		      _i, boundaries[_i].item);
	ds_assessment_free(r);
}
END_TEST

START_TEST(anonymisation_gate)
{
	static const ev_spec anon[] = { { "anonymisation_report", "2025-01-01", NULL } };
	ds_evidence *ev = evidence_of(anon, 1);
	/* P05 SATISFIED: pi_effective none, P01-P04 and X02 drop out; P06 still applies (pi itself is unchanged). */
	ds_assessment *r = assess_flags(ev, "2025-06-01", "pi", "sensitive", "anonymised_claim", "true", "purpose",
					"list", "cross_border", "true", NULL);
	ck_assert_str_eq(flag_of(r, "pi_effective"), "none");
	ck_assert_int_eq(status_of(r, "P05"), DS_COMPLIANCE_SATISFIED);
	ck_assert_int_eq(status_of(r, "P01"), DS_COMPLIANCE_NOT_APPLICABLE);
	ck_assert_int_eq(status_of(r, "P03"), DS_COMPLIANCE_NOT_APPLICABLE);
	ck_assert_int_eq(status_of(r, "P04"), DS_COMPLIANCE_NOT_APPLICABLE);
	ck_assert_int_eq(status_of(r, "X02"), DS_COMPLIANCE_NOT_APPLICABLE);
	ck_assert_int_eq(status_of(r, "P06"), DS_COMPLIANCE_MISSING);
	ds_assessment_free(r);
	/* The report expired: P05 MISSING, pi_effective = pi, P01-P04 apply; the gate itself is no condition. */
	r = assess_flags(ev, "2025-06-01", "pi", "sensitive", "anonymised_claim", "true", NULL);
	ck_assert_str_eq(flag_of(r, "pi_effective"), "none");
	ds_assessment_free(r);
	ds_evidence_free(ev);
	ev = evidence_of((const ev_spec[]){ { "anonymisation_report", "2024-01-01", "2025-05-31" } }, 1);
	r = assess_flags(ev, "2025-06-01", "pi", "sensitive", "anonymised_claim", "true", NULL);
	ck_assert_int_eq(status_of(r, "P05"), DS_COMPLIANCE_MISSING);
	ck_assert_str_eq(flag_of(r, "pi_effective"), "sensitive");
	ck_assert_int_eq(status_of(r, "P01"), DS_COMPLIANCE_MISSING);
	ck_assert_int_eq(status_of(r, "P03"), DS_COMPLIANCE_MISSING);
	ds_assessment_free(r);
	ds_evidence_free(ev);
}
END_TEST

START_TEST(expiry_at_assessment_date)
{
	static const ev_spec base[] = { { "business_licence", "2020-03-01", NULL },
					{ "security_policy", "2024-12-01", NULL },
					{ "source_statement", "2025-01-10", NULL },
					{ "ownership_declaration", "2025-01-10", NULL },
					{ "fingerprint_log", "2025-01-12", NULL },
					{ "grading_record", "2024-06-01", "2025-05-31" },
					{ "credit_report", "2025-01-05", NULL },
					{ "important_data_declaration", "2024-06-01", NULL },
					{ "security_officer_appointment", "2024-06-01", NULL },
					{ "annual_risk_report", "2024-06-01", NULL } };
	ds_evidence *ev = evidence_of(base, 10);
	ds_compliance_item it;
	ds_assessment *r;

	/* On its expiry date the grading record still counts (expiry inclusive); the day after it is absent. */
	r = assess_flags(ev, "2025-05-31", NULL);
	ck_assert_int_eq(status_of(r, "C01"), DS_COMPLIANCE_SATISFIED);
	ck_assert_int_eq(ds_assessment_outcome(r), DS_COMPLIANCE_PASS);
	ds_assessment_free(r);
	r = assess_flags(ev, "2025-06-01", NULL);
	ck_assert_int_eq(status_of(r, "C01"), DS_COMPLIANCE_MISSING);
	ck_assert_int_eq(status_of(r, "C02"), DS_COMPLIANCE_MISSING);
	ck_assert_int_eq(ds_assessment_outcome(r), DS_COMPLIANCE_CONDITIONAL);
	ck_assert_int_eq(ds_assessment_workflow(r), DS_COMPLIANCE_HOLD);
	ck_assert_ds_ok(ds_assessment_item_at(&it, r, 14));
	ck_assert_str_eq(it.id, "C01");
	ck_assert_ptr_nonnull(strstr(it.note, "x5 expired on 2025-05-31"));
	ds_assessment_free(r);
	/* Evidence issued after the assessment date does not count yet. */
	r = assess_flags(ev, "2020-02-29", NULL);
	ck_assert_int_eq(status_of(r, "S01"), DS_COMPLIANCE_MISSING);
	ds_assessment_free(r);
	/* I04 counts for 12 months: issued 2024-06-01, valid on 2025-05-31, not on 2025-06-01. */
	r = assess_flags(ev, "2025-05-31", "grade", "important", NULL);
	ck_assert_int_eq(status_of(r, "I04"), DS_COMPLIANCE_SATISFIED);
	ds_assessment_free(r);
	r = assess_flags(ev, "2025-06-01", "grade", "important", NULL);
	ck_assert_int_eq(status_of(r, "I04"), DS_COMPLIANCE_MISSING);
	ds_assessment_free(r);
	ds_evidence_free(ev);
}
END_TEST

START_TEST(facts_raise_flags)
{
	/* A probe that finds an ID-card column raises pi from the declared none; a catalogue's 重要数据 raises grade. */
	static const char csv[] =
		"name,id\n张三,11010519491231002X\n李四,110105198001010016\n王五,370102199005150036\n赵六,370102197508080042\n";
	ds_checklist *c = cn2025();
	ds_compliance_entry *e = NULL;
	ds_resource *res = NULL;
	ds_probe *probe = NULL;
	ds_assessment *r = NULL;
	const char *name, *value, *origin;

	ck_assert_ds_ok(ds_probe_memory(&probe, csv, sizeof csv - 1, "people.csv", NULL));
	ck_assert_ds_ok(ds_resource_new(&res));
	ck_assert_ds_ok(ds_resource_set(res, DS_FIELD_SECURITY_CLASS, "重要数据"));
	ck_assert_ds_ok(ds_compliance_entry_new(&e));
	ck_assert_ds_ok(
		ds_compliance_entry_set_registrant(e, "９１３５０１００ｍ０００１００ｙ４３", NULL, "enterprise"));
	ck_assert_ds_ok(ds_compliance_entry_set(e, "purpose", "register"));
	ck_assert_ds_ok(ds_compliance_entry_set(e, "pi", "none"));
	ck_assert_ds_ok(ds_compliance_entry_set(e, "grade", "一般"));
	ck_assert_ds_ok(ds_compliance_entry_set_probe(e, probe));
	ck_assert_ds_ok(ds_compliance_entry_set_resource(e, res));
	ck_assert_ds_ok(ds_compliance_assess(&r, c, e, NULL, NULL));
	ck_assert_ds_ok(ds_assessment_flag_at(&name, &value, &origin, r, 2));
	ck_assert_str_eq(name, "pi");
	ck_assert_str_eq(value, "pi");
	ck_assert_str_eq(origin, "declared; raised by fact probe.personal_info");
	ck_assert_str_eq(flag_of(r, "grade"), "important");
	ck_assert_int_eq(status_of(r, "P01"), DS_COMPLIANCE_MISSING);
	ck_assert_int_eq(status_of(r, "I01"), DS_COMPLIANCE_MISSING);
	ds_assessment_free(r);
	ds_compliance_entry_free(e);
	ds_resource_free(res);
	ds_probe_free(probe);
	ds_checklist_free(c);
}
END_TEST

/* ---------------------------------------------------------------- bad input */

static const char checklist_head[] =
	"<checklist xmlns=\"urn:datasset:compliance:1\" id=\"t\" version=\"1\">"
	"<flag name=\"purpose\" type=\"enum\"><value id=\"register\"/><value id=\"list\"/></flag>"
	"<flag name=\"n\" type=\"integer\" default=\"0\"/>";

static const struct {
	const char *body; /* after the head, before </checklist> */
	int code;
	const char *message; /* a part of the message */
	int line;	     /* 0: not checked */
} bad_checklists[] = {
	{ "<item id=\"A\" name=\"a\" applies=\"nope\" severity=\"warning\"><basis>b</basis></item>", DS_EINVAL,
	  "unknown name 'nope'", 1 },
	{ "<item id=\"A\" name=\"a\" applies=\"purpose.sell\" severity=\"warning\"><basis>b</basis></item>", DS_EINVAL,
	  "purpose.sell", 1 },
	{ "<item id=\"A\" name=\"a\" applies=\"1\" severity=\"warning\"><basis>b</basis></item>"
	  "<item id=\"A\" name=\"b\" applies=\"1\" severity=\"warning\"><basis>b</basis></item>",
	  DS_EEXISTS, "item 'A' is defined twice", 1 },
	{ "<item id=\"A\" name=\"a\" applies=\"1\" severity=\"blocking\" on-unmet=\"restrict:abroad\"><basis>b</basis></item>",
	  DS_EINVAL, "no <restriction code=\"abroad\">", 1 },
	{ "<item id=\"A\" name=\"a\" applies=\"1\" severity=\"blocking\"><basis>b</basis></item>", DS_EINVAL,
	  "needs on-unmet", 1 },
	{ "<derive name=\"d\" when=\"n &gt; 1\"/>"
	  "<item id=\"G\" name=\"g\" applies=\"d\" severity=\"gate\"><basis>b</basis></item>",
	  DS_EINVAL, "unknown name 'd'", 1 },
	{ "<derive name=\"d\" when=\"e\"/><derive name=\"e\" when=\"1\"/>"
	  "<item id=\"A\" name=\"a\" applies=\"1\" severity=\"warning\"><basis>b</basis></item>",
	  DS_EINVAL, "unknown name 'e'", 1 },
	{ "<derive name=\"n\" when=\"1\"/><item id=\"A\" name=\"a\" applies=\"1\" severity=\"warning\"><basis>b</basis></item>",
	  DS_EEXISTS, "defined twice", 1 },
	{ "<item id=\"A\" name=\"a\" applies=\"(1\" severity=\"warning\"><basis>b</basis></item>", DS_EINVAL, "'(1'",
	  1 },
	{ "<item id=\"A\" name=\"a\" applies=\"1\" severity=\"sometimes\"><basis>b</basis></item>", DS_EPARSE,
	  "severity", 1 },
	{ "<item id=\"A\" name=\"a\" applies=\"1\" severity=\"warning\"/>", DS_EPARSE, "basis", 1 },
	{ "<item id=\"A\" name=\"a\" applies=\"1\" severity=\"warning\"><basis>b</basis></item", DS_EPARSE, "", 0 },
};

START_TEST(bad_checklist)
{
	char doc[4096];
	ds_checklist *c = (ds_checklist *)&doc; /* a sentinel that must survive */
	const ds_error *err;

	snprintf(doc, sizeof doc, "%s%s</checklist>", checklist_head, bad_checklists[_i].body);
	ck_assert_ds_err(ds_checklist_parse(&c, doc, strlen(doc), "bad.xml"), bad_checklists[_i].code);
	ck_assert_ptr_eq(c, (ds_checklist *)&doc);
	err = ds_error_last();
	ck_assert_msg(strstr(err->message, bad_checklists[_i].message) != NULL, "row %d: '%s' lacks '%s'", _i,
		      err->message, bad_checklists[_i].message);
	if (bad_checklists[_i].line)
		ck_assert_int_eq(err->line, bad_checklists[_i].line);
}
END_TEST

static const struct {
	const char *doc;
	int code;
	const char *message;
	const char *field;
} bad_entries[] = {
	{ "<entry xmlns=\"urn:datasset:compliance:1\"><registrant code=\"91350100M000100Y44\"/></entry>", DS_EINVAL,
	  "position 18", "entry/registrant/@code" },
	{ "<entry xmlns=\"urn:datasset:compliance:1\"><flag name=\"pi\" value=\"pi\"/><flag name=\"pi\" value=\"none\"/></entry>",
	  DS_EEXISTS, "flag 'pi' is given twice", "entry/flag[2]/@name" },
	{ "<entry xmlns=\"urn:datasset:compliance:1\"><flag name=\"pi\"/></entry>", DS_EPARSE, "value", NULL },
	{ "<evidence-list xmlns=\"urn:datasset:compliance:1\"/>", DS_EPARSE, "expected <entry>", NULL },
	{ "<entry xmlns=\"urn:datasset:other:1\"/>", DS_EPARSE, "", NULL },
	{ "<entry xmlns=\"urn:datasset:compliance:1\"><flag name=\"1pi\" value=\"x\"/></entry>", DS_EPARSE, "name",
	  NULL },
};

START_TEST(bad_entry)
{
	ds_compliance_entry *e = (ds_compliance_entry *)&bad_entries;
	const ds_error *err;

	ck_assert_ds_err(ds_compliance_entry_parse(&e, bad_entries[_i].doc, strlen(bad_entries[_i].doc), "entry.xml"),
			 bad_entries[_i].code);
	ck_assert_ptr_eq(e, (ds_compliance_entry *)&bad_entries);
	err = ds_error_last();
	ck_assert_msg(strstr(err->message, bad_entries[_i].message) != NULL, "row %d: '%s'", _i, err->message);
	ck_assert_int_eq(err->line, 1);
	if (bad_entries[_i].field)
		ck_assert_str_eq(err->field, bad_entries[_i].field);
}
END_TEST

#define DIGEST "sha256:0000000000000000000000000000000000000000000000000000000000000001"
static const struct {
	const char *body;
	int code;
	const char *message;
} bad_evidence[] = {
	{ "<evidence id=\"a\" kind=\"k\" digest=\"" DIGEST "\" issued=\"2025-02-30\"/>", DS_EINVAL, "2025-02-30" },
	{ "<evidence id=\"a\" kind=\"k\" digest=\"" DIGEST "\" issued=\"2025-02-03\" expires=\"2025-02-02\"/>",
	  DS_EINVAL, "expires before it was issued" },
	{ "<evidence id=\"a\" kind=\"k\" digest=\"" DIGEST "\" issued=\"2025-02-03\"/>"
	  "<evidence id=\"a\" kind=\"k\" digest=\"" DIGEST "\" issued=\"2025-02-03\"/>",
	  DS_EEXISTS, "evidence 'a' is listed twice" },
	{ "<evidence id=\"a\" kind=\"k\" digest=\"md5:00\" issued=\"2025-02-03\"/>", DS_EPARSE, "digest" },
	{ "<evidence id=\"a\" kind=\"k\" digest=\"" DIGEST
	  "\" issued=\"2025-02-03\"><issuer name=\"x\" code=\"123\"/></evidence>",
	  DS_EINVAL, "issuer 统一社会信用代码" },
	{ "<evidence id=\"a\" kind=\"k\" digest=\"" DIGEST "\" issued=\"2025-02-03\" finding=\"maybe\"/>", DS_EPARSE,
	  "finding" },
	{ "<review item=\"P01\" status=\"not_satisfied\" reviewer=\"r\" date=\"2025-01-01\"/>"
	  "<review item=\"P01\" status=\"satisfied\" reviewer=\"r\" date=\"2025-01-02\"/>",
	  DS_EEXISTS, "item 'P01' is reviewed twice" },
	{ "<review item=\"P01\" status=\"rejected\" reviewer=\"r\" date=\"2025-01-01\"/>", DS_EPARSE, "status" },
};

START_TEST(bad_evidence_list)
{
	char doc[4096];
	ds_evidence *ev = (ds_evidence *)&doc;
	const ds_error *err;

	snprintf(doc, sizeof doc, "<evidence-list xmlns=\"urn:datasset:compliance:1\">\n%s</evidence-list>",
		 bad_evidence[_i].body);
	ck_assert_ds_err(ds_evidence_parse(&ev, doc, strlen(doc), "ev.xml"), bad_evidence[_i].code);
	ck_assert_ptr_eq(ev, (ds_evidence *)&doc);
	err = ds_error_last();
	ck_assert_msg(strstr(err->message, bad_evidence[_i].message) != NULL, "row %d: '%s'", _i, err->message);
	ck_assert_int_eq(err->line, 2);
}
END_TEST

static const struct {
	const char *flag, *value;
	const char *message, *field;
} bad_flags[] = {
	{ "colour", "red", "flag 'colour' is not declared by checklist cn-2025", "colour" },
	{ "xb_path", "exempt", "flag 'xb_path' is derived", "xb_path" },
	{ "pi", "maybe", "flag 'pi' (declared): 'maybe' is not one of its values (none, pi, sensitive)", "pi" },
	{ "grade", "机密", "'机密' is not one of its values", "grade" },
	{ "source", "self_generated stolen", "'stolen' is not one of its values", "source" },
	{ "pi_persons", "-1", "'-1' is not a whole number", "pi_persons" },
	{ "pi_persons", "1e6", "'1e6' is not a whole number", "pi_persons" },
	{ "pi_persons", "1,000,000", "is not a whole number", "pi_persons" },
	{ "cross_border", "yes", "'yes' is not true or false", "cross_border" },
	{ "purpose", NULL, "flag 'purpose' has no value", "purpose" },
};

START_TEST(bad_flag_values)
{
	ds_checklist *c = cn2025();
	ds_compliance_entry *e = NULL;
	ds_assessment *r = (ds_assessment *)&bad_flags;
	const ds_error *err;

	ck_assert_ds_ok(ds_compliance_entry_new(&e));
	ck_assert_ds_ok(ds_compliance_entry_set(e, "purpose", "list"));
	ck_assert_ds_ok(ds_compliance_entry_set(e, "holder_kind", "enterprise"));
	ck_assert_ds_ok(ds_compliance_entry_set(e, bad_flags[_i].flag, bad_flags[_i].value));
	ck_assert_ds_err(ds_compliance_assess(&r, c, e, NULL, NULL), DS_EINVAL);
	ck_assert_ptr_eq(r, (ds_assessment *)&bad_flags);
	err = ds_error_last();
	ck_assert_msg(strstr(err->message, bad_flags[_i].message) != NULL, "row %d: '%s'", _i, err->message);
	ck_assert_str_eq(err->field, bad_flags[_i].field);
	ds_compliance_entry_free(e);
	ds_checklist_free(c);
}
END_TEST

START_TEST(bad_arguments)
{
	ds_checklist *c = cn2025(), *none = NULL;
	ds_compliance_entry *e = NULL;
	ds_evidence *ev = NULL;
	ds_assessment *r = NULL;
	ds_compliance_options opts = DS_COMPLIANCE_OPTIONS_INIT;
	ds_compliance_item it;
	const char *code = "unchanged";
	static const char review[] =
		"<evidence-list xmlns=\"urn:datasset:compliance:1\">"
		"<review item=\"Z99\" status=\"satisfied\" reviewer=\"r\" date=\"2025-01-01\"/></evidence-list>";

	ck_assert_ds_err(ds_checklist_bundled(&none, "cn-2030"), DS_ENOTFOUND);
	ck_assert_ds_err(ds_checklist_bundled(&none, "../policies/jinan-2025"), DS_ENOTFOUND);
	ck_assert_ds_err(ds_checklist_load(&none, "/nonexistent/checklist.xml"), DS_EIO);
	ck_assert_ptr_null(none);
	ck_assert_ds_ok(ds_compliance_entry_new(&e));
	ck_assert_ds_ok(ds_compliance_entry_set(e, "purpose", "list"));
	ck_assert_ds_ok(ds_compliance_entry_set(e, "holder_kind", "admin_unit"));
	ck_assert_ds_err(ds_compliance_entry_set(e, NULL, "x"), DS_EINVAL);
	ck_assert_ds_err(ds_compliance_entry_set_registrant(e, "91350100M000100Y4", NULL, NULL), DS_EINVAL);
	ck_assert_str_eq(ds_error_last()->field, "code");
	{
		/* A refused registrant leaves the entry as it was: the earlier kind still applies. */
		ds_compliance_entry *k = NULL;
		ck_assert_ds_ok(ds_compliance_entry_new(&k));
		ck_assert_ds_ok(ds_compliance_entry_set(k, "purpose", "list"));
		ck_assert_ds_ok(ds_compliance_entry_set_registrant(k, "91350100M000100Y43", "A", "operator"));
		ck_assert_ds_err(ds_compliance_entry_set_registrant(k, "91350100M000100Y43 X", "B", "enterprise"),
				 DS_EINVAL);
		ck_assert_ds_ok(ds_compliance_assess(&r, c, k, NULL, NULL));
		ck_assert_str_eq(flag_of(r, "holder_kind"), "operator");
		ds_assessment_free(r);
		r = NULL;
		ds_compliance_entry_free(k);
	}
	ck_assert_ds_err(ds_compliance_assess(&r, NULL, e, NULL, NULL), DS_EINVAL);
	opts.date = "2025-13-01";
	ck_assert_ds_err(ds_compliance_assess(&r, c, e, NULL, &opts), DS_EINVAL);
	opts.date = NULL;
	opts.time = "yesterday";
	ck_assert_ds_err(ds_compliance_assess(&r, c, e, NULL, &opts), DS_EINVAL);
	opts.time = NULL;
	opts.version = 99;
	ck_assert_ds_err(ds_compliance_assess(&r, c, e, NULL, &opts), DS_EINVAL);
	ck_assert_ds_err(ds_compliance_options_init(&opts, 99), DS_EINVAL);
	ck_assert_ds_ok(ds_compliance_options_init(&opts, DS_COMPLIANCE_OPTIONS_VERSION));
	ck_assert_ds_ok(ds_evidence_parse(&ev, review, sizeof review - 1, NULL));
	ck_assert_ds_err(ds_compliance_assess(&r, c, e, ev, NULL), DS_EINVAL);
	ck_assert_ptr_nonnull(strstr(ds_error_last()->message, "item 'Z99'"));
	ck_assert_ptr_null(r);
	/* Accessors: DS_ERANGE past the end, outputs unchanged. */
	ck_assert_ds_ok(ds_compliance_assess(&r, c, e, NULL, NULL));
	ck_assert_uint_eq(ds_assessment_item_count(r), 34);
	it.id = "unchanged";
	ck_assert_ds_err(ds_assessment_item_at(&it, r, 34), DS_ERANGE);
	ck_assert_ptr_nonnull(strstr(ds_error_last()->message, "index 34, but the assessment has 34 items"));
	ck_assert_str_eq(it.id, "unchanged");
	ck_assert_ds_err(ds_assessment_restriction_at(&code, NULL, r, 0), DS_ERANGE);
	ck_assert_str_eq(code, "unchanged");
	ck_assert_ds_err(ds_assessment_flag_at(&code, NULL, NULL, r, 1000), DS_ERANGE);
	ck_assert_ds_err(ds_assessment_item_at(NULL, r, 0), DS_EINVAL);
	{
		char *text = NULL;
		ck_assert_ds_err(ds_assessment_write(&text, r, (ds_compliance_format)7), DS_EINVAL);
		ck_assert_ptr_null(text);
	}
	ck_assert_str_eq(ds_compliance_outcome_name(DS_COMPLIANCE_CONDITIONAL), "conditional");
	ck_assert_ptr_null(ds_compliance_status_name((ds_compliance_status)9));
	ck_assert_str_eq(ds_checklist_id(c), "cn-2025");
	ck_assert_int_eq(strncmp(ds_checklist_digest(c), "sha256:", 7), 0);
	ck_assert_uint_eq(ds_evidence_count(ev), 0);
	ds_assessment_free(r);
	ds_evidence_free(ev);
	ds_compliance_entry_free(e);
	ds_checklist_free(c);
}
END_TEST

START_TEST(writers)
{
	ds_assessment *r = assess_files("e2-entry.xml", "e2-evidence.xml", "2025-06-01");
	char *csv = NULL, *xml = NULL;
	ck_assert_ds_ok(ds_assessment_write(&csv, r, DS_COMPLIANCE_CSV));
	ck_assert_int_eq(strncmp(csv, "id,name,status,severity,on_unmet,decided_by,note,basis\r\n", 56), 0);
	ck_assert_ptr_nonnull(strstr(csv, "\r\nX01,出境路径,NOT_SATISFIED,blocking,restrict:no_outbound,"));
	ck_assert_ds_ok(ds_assessment_write(&xml, r, DS_COMPLIANCE_XML));
	ck_assert_ptr_nonnull(strstr(xml, "<outcome result=\"conditional\" workflow=\"proceed\">"));
	ck_assert_ptr_nonnull(strstr(xml, "<restriction code=\"no_outbound\" text=\"限境内使用，不得向境外提供\"/>"));
	ck_assert_ptr_nonnull(strstr(xml, "time=\"2025-06-01T01:00:00Z\""));
	ds_free(csv);
	ds_free(xml);
	ds_assessment_free(r);
}
END_TEST

static Suite *compliance_suite(void)
{
	Suite *s = suite_create("compliance");
	TCase *tc = tcase_create("compliance");

	tcase_add_test(tc, example_e1_pass);
	tcase_add_test(tc, example_e2_conditional);
	tcase_add_test(tc, example_e3_fail);
	tcase_add_test(tc, variant_core_fails_on_c02);
	tcase_add_loop_test(tc, outbound_thresholds, 0, (int)(sizeof paths / sizeof paths[0]));
	tcase_add_loop_test(tc, applies_when_boundaries, 0, (int)(sizeof boundaries / sizeof boundaries[0]));
	tcase_add_test(tc, anonymisation_gate);
	tcase_add_test(tc, expiry_at_assessment_date);
	tcase_add_test(tc, facts_raise_flags);
	tcase_add_loop_test(tc, bad_checklist, 0, (int)(sizeof bad_checklists / sizeof bad_checklists[0]));
	tcase_add_loop_test(tc, bad_entry, 0, (int)(sizeof bad_entries / sizeof bad_entries[0]));
	tcase_add_loop_test(tc, bad_evidence_list, 0, (int)(sizeof bad_evidence / sizeof bad_evidence[0]));
	tcase_add_loop_test(tc, bad_flag_values, 0, (int)(sizeof bad_flags / sizeof bad_flags[0]));
	tcase_add_test(tc, bad_arguments);
	tcase_add_test(tc, writers);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return tu_run(compliance_suite());
}
