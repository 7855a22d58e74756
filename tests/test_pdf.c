/*
 * The QR verification payload (DSC1): built from issued certificates of both
 * profiles, parsed back, verified against the key and the certificate, every
 * field changed by one digit refused naming that field, every class of bad
 * text refused by the parser naming the field and column; and the PDF entry
 * points (a PDF, or DS_EUNSUPPORTED in a build without cairo/pango/libqrencode).
 * SPDX-License-Identifier: MIT
 */
#include <stdint.h>

#include "testutil.h"

static const ds_certificate_right rights[] = {
	{ DS_RIGHT_HOLDING, "全量数据资源的持有", "2025-03-01", NULL, NULL },
};

static void fields_for(ds_certificate_fields *f, const ds_key *key, char *number, size_t size)
{
	char *n = NULL;

	ck_assert_ds_ok(ds_certificate_fields_init(f, DS_CERTIFICATE_FIELDS_VERSION));
	ck_assert_ds_ok(ds_certificate_number_format(&n, "370100", 2025, 'R', 7));
	snprintf(number, size, "%s", n);
	ds_free(n);
	f->number = number;
	f->registrant_name = "济南住房公积金中心";
	f->registrant_credit_code = "91350100M000100Y43";
	f->rights = rights;
	f->right_count = 1;
	f->object_name = "住房公积金缴存数据";
	f->object_code = "370100-DR-2025-0007";
	f->object_description = "缴存单位与个人缴存明细（脱敏）";
	f->data_source = "业务系统";
	f->scale_records = 1000;
	f->scale_fields = 12;
	f->scale_bytes = 65536;
	f->data_format = "CSV";
	f->update_frequency = "每日";
	f->coverage_region = "济南市";
	f->coverage_period = "2020-01 至 2025-01";
	f->quality_summary = "完整性 99";
	f->security_class = DS_SECURITY_IMPORTANT;
	f->personal_information = 1;
	f->scenarios = "公积金贷款审批";
	f->metadata_fingerprint = ds_key_hash_alg(key) == DS_HASH_SM3 ?
					  "sm3:66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0" :
					  "sha256:ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";
	f->application_date = "2025-02-10";
	f->publicity_start = "2025-02-14";
	f->publicity_end = "2025-02-28";
	f->registration_date = "2025-03-10";
	f->registry_name = "济南市数据资产登记平台";
	f->registry_key = key;
}

/* A certificate issued as entry 3 of a log of 4, its document and key. */
typedef struct issued {
	ds_key *key;
	ds_certificate *cert;
	char *xml;
	char number[32];
} issued;

static void issue(issued *out, ds_sig_alg alg, int logged)
{
	ds_translog_options opts = DS_TRANSLOG_OPTIONS_INIT;
	ds_translog *log = NULL;
	ds_certificate_fields f;
	int i;

	memset(out, 0, sizeof *out);
	ck_assert_ds_ok(ds_key_generate(&out->key, alg));
	fields_for(&f, out->key, out->number, sizeof out->number);
	ck_assert_ds_ok(ds_certificate_build(&out->cert, &f));
	if (logged) {
		opts.hash = ds_key_hash_alg(out->key);
		ck_assert_ds_ok(ds_translog_new_memory(&log, &opts));
		for (i = 0; i < 3; i++)
			ck_assert_ds_ok(ds_translog_append(NULL, log, "registry event", 14));
		ck_assert_ds_ok(
			ds_certificate_issue(NULL, out->cert, log, "registry.jinan.example", 1764000000, out->key));
		ds_translog_free(log);
	}
	ck_assert_ds_ok(ds_certificate_to_xml(&out->xml, out->cert));
}

static void release(issued *c)
{
	ds_free(c->xml);
	ds_certificate_free(c->cert);
	ds_key_free(c->key);
}

static int passed(const ds_certificate_report *r, const char *name)
{
	ds_certificate_check check;
	size_t i;

	for (i = 0; i < ds_certificate_report_count(r); i++) {
		ck_assert_ds_ok(ds_certificate_report_at(&check, r, i));
		if (strcmp(check.name, name) == 0)
			return check.passed;
	}
	return -2;
}

static void round_trip(ds_sig_alg alg)
{
	issued c;
	ds_certificate_payload p;
	ds_certificate_report *report = NULL;
	char *payload = NULL, *key_id = NULL;
	size_t i;

	issue(&c, alg, 1);
	ck_assert_ds_ok(ds_certificate_to_payload(&payload, c.cert));
	ck_assert_msg(strncmp(payload, "DSC1:", 5) == 0, "%s", payload);
	/* Upper case only: a QR code stores it in alphanumeric mode. */
	for (i = 0; payload[i]; i++)
		ck_assert_msg(strchr("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ:-", payload[i]) != NULL, "%s", payload);
	ck_assert_ds_ok(ds_certificate_payload_parse(&p, payload, strlen(payload), NULL));
	ck_assert_uint_eq(p.version, 1);
	ck_assert_str_eq(p.number, c.number);
	ck_assert_int_eq(p.digest_alg, ds_key_hash_alg(c.key));
	ck_assert_ds_ok(ds_key_id(&key_id, c.key));
	ck_assert_str_eq(p.key_id, key_id);
	ck_assert_uint_eq(p.index, 3);
	ck_assert_uint_eq(p.tree_size, 4);
	ck_assert_uint_eq(strlen(p.digest), 64);
	ck_assert_uint_eq(strlen(p.root_hash), 64);

	ck_assert_ds_ok(ds_certificate_verify_payload(&report, payload, strlen(payload), c.key, c.xml, strlen(c.xml)));
	ck_assert_int_eq(passed(report, "payload"), 1);
	ck_assert_int_eq(passed(report, "inclusion"), 1);
	ck_assert_int_eq(passed(report, "payload_digest"), 1);
	ck_assert_int_eq(passed(report, "payload_root_hash"), 1);
	ds_certificate_report_free(report);
	report = NULL;
	/* Without the certificate: form and key only, the rest not checked. */
	ck_assert_ds_ok(ds_certificate_verify_payload(&report, payload, strlen(payload), c.key, NULL, 0));
	ck_assert_int_eq(passed(report, "payload_key_id"), 1);
	ck_assert_int_eq(passed(report, "payload_digest"), -1);
	ck_assert_int_eq(passed(report, "signature"), -2);
	ds_certificate_report_free(report);
	ds_free(key_id);
	ds_free(payload);
	release(&c);
}

START_TEST(round_trip_ed25519)
{
	round_trip(DS_SIG_ED25519);
}
END_TEST

START_TEST(round_trip_sm2)
{
	round_trip(DS_SIG_SM2_SM3);
}
END_TEST

/* Change one character of every field in turn (a digit or hex digit to the
 * next one): the payload still parses where the change keeps its form, and
 * verification fails naming the field; the number's check character refuses
 * a changed digit already in the parser. */
START_TEST(one_changed_digit)
{
	static const struct {
		int field; /* 1-based field, after "DSC1" = 0 */
		const char *check;
		const char *error_field;
	} cases[] = {
		{ 3, "payload_digest", "digest" },	{ 4, "payload_key_id", "keyId" },
		{ 5, "payload_index", "index" },	{ 6, "payload_tree_size", "treeSize" },
		{ 7, "payload_root_hash", "rootHash" },
	};
	issued c;
	char *payload = NULL, changed[512];
	size_t i;

	issue(&c, DS_SIG_ED25519, 1);
	ck_assert_ds_ok(ds_certificate_to_payload(&payload, c.cert));
	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		ds_certificate_report *report = NULL, *untouched = (ds_certificate_report *)&c;
		char *at = changed;
		int field = 0;
		snprintf(changed, sizeof changed, "%s", payload);
		while (field < cases[i].field)
			if (*at++ == ':')
				field++;
		/* index 3 -> 2 keeps it below the tree size; tree size 4 -> 5 keeps it above the index */
		if (cases[i].field == 5)
			*at = '2';
		else
			*at = *at == '9' ? '0' : *at == 'F' ? '0' : (char)(*at + 1);
		ck_assert_ds_err(
			ds_certificate_verify_payload(&report, changed, strlen(changed), c.key, c.xml, strlen(c.xml)),
			DS_EVERIFY);
		ck_assert_ptr_nonnull(report);
		ck_assert_msg(passed(report, cases[i].check) == 0, "%s: %s", cases[i].check, changed);
		ck_assert_str_eq(ds_error_last()->field, cases[i].error_field);
		ck_assert_msg(strstr(ds_error_last()->message, cases[i].check) != NULL, "%s", ds_error_last()->message);
		/* The certificate itself still verifies: only the payload is wrong. */
		ck_assert_int_eq(passed(report, "signature"), 1);
		ds_certificate_report_free(report);
		(void)untouched;
	}
	/* A digit of the number: its check character catches it in the parser. */
	snprintf(changed, sizeof changed, "%s", payload);
	changed[5 + 13] = changed[5 + 13] == '9' ? '0' : (char)(changed[5 + 13] + 1);
	{
		ds_certificate_report *report = NULL;
		ck_assert_ds_err(
			ds_certificate_verify_payload(&report, changed, strlen(changed), c.key, c.xml, strlen(c.xml)),
			DS_EVERIFY);
		ck_assert_int_eq(passed(report, "payload"), 0);
		ck_assert_str_eq(ds_error_last()->field, "number");
		ds_certificate_report_free(report);
	}
	ds_free(payload);
	release(&c);
}
END_TEST

#define H64 "0BDCFB7E9D8930420F22BE5F22FEBD7A0C52E42839BE273B204A927A65676674"
#define GOOD "DSC1:370100-2025-P-00000123-3:SHA256:" H64 ":" H64 ":5:6:" H64

/* Every class of bad text: the status, the field named and the column. */
START_TEST(parse_errors)
{
	static const struct {
		const char *text;
		int rc;
		const char *field;
		int column;
	} cases[] = {
		{ "", DS_EPARSE, "version", 1 },
		{ "\n", DS_EPARSE, "version", 1 },
		{ "hello", DS_EPARSE, "version", 1 },
		{ "DSC", DS_EPARSE, "version", 1 },
		{ "DSCX:1", DS_EPARSE, "version", 4 },
		{ "DSC01:a", DS_EPARSE, "version", 4 },
		{ "DSC2:anything", DS_EUNSUPPORTED, "version", 4 },
		{ "DSC1", DS_EPARSE, "number", 5 },
		{ "DSC1:370100-2025-P-00000123-3", DS_EPARSE, "digestAlgorithm", 30 },
		{ "DSC1:370100-2025-P-00000123-3:SHA256:" H64 ":" H64 ":5:6", DS_EPARSE, "rootHash", 171 },
		{ GOOD ":extra", DS_EPARSE, NULL, 236 },
		{ "DSC1:370100-2025-P-00000123-4:SHA256:" H64 ":" H64 ":5:6:" H64, DS_EPARSE, "number", 29 },
		{ "DSC1:370100-2025-P-0000123-3:SHA256:" H64 ":" H64 ":5:6:" H64, DS_EPARSE, "number", 27 },
		{ "DSC1:370100-2025-P-00000123-3333333333:SHA256:" H64 ":" H64 ":5:6:" H64, DS_EPARSE, "number", 6 },
		{ "DSC1:370100-2025-P-00000123-3:MD5:" H64 ":" H64 ":5:6:" H64, DS_EPARSE, "digestAlgorithm", 31 },
		{ "DSC1:370100-2025-P-00000123-3:SHA256:" H64 "0:" H64 ":5:6:" H64, DS_EPARSE, "digest", 38 },
		{ "DSC1:370100-2025-P-00000123-3:SHA256:0BDC:" H64 ":5:6:" H64, DS_EPARSE, "digest", 38 },
		{ "DSC1:370100-2025-P-00000123-3:SHA256:" H64 ":G" H64 ":5:6:" H64, DS_EPARSE, "keyId", 103 },
		{ "DSC1:370100-2025-P-00000123-3:SHA256:" H64 ":" H64 "::6:" H64, DS_EPARSE, "index", 168 },
		{ "DSC1:370100-2025-P-00000123-3:SHA256:" H64 ":" H64 ":-5:6:" H64, DS_EPARSE, "index", 168 },
		{ "DSC1:370100-2025-P-00000123-3:SHA256:" H64 ":" H64 ":05:6:" H64, DS_EPARSE, "index", 168 },
		{ "DSC1:370100-2025-P-00000123-3:SHA256:" H64 ":" H64 ":5:9223372036854775808:" H64, DS_EPARSE,
		  "treeSize", 170 },
		{ "DSC1:370100-2025-P-00000123-3:SHA256:" H64 ":" H64 ":6:6:" H64, DS_EPARSE, "index", 168 },
		{ "DSC1:370100-2025-P-00000123-3:SHA256:" H64 ":" H64 ":5:6:" H64 "\t", DS_EPARSE, NULL, 236 },
		{ "DSC1:370100-2025-P-00000123-3:SHA256:" H64 ":" H64 ":5:6:\xe4\xb8\x80", DS_EPARSE, NULL, 172 },
	};
	ds_certificate_payload p, before;
	size_t i;

	memset(&p, 0x5a, sizeof p);
	before = p;
	ck_assert_ds_ok(ds_certificate_payload_parse(&p, GOOD "\r\n", strlen(GOOD) + 2, NULL));
	ck_assert_str_eq(p.root_hash, "0bdcfb7e9d8930420f22be5f22febd7a0c52e42839be273b204a927a65676674");
	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		int rc = ds_certificate_payload_parse(&before, cases[i].text, strlen(cases[i].text), "QR code");
		const ds_error *e = ds_error_last();
		ck_assert_msg(rc == cases[i].rc, "case %zu: rc %d, want %d (%s)", i, rc, cases[i].rc, e->message);
		if (cases[i].field)
			ck_assert_msg(e->field && strcmp(e->field, cases[i].field) == 0,
				      "case %zu: field %s, want %s (%s)", i, e->field ? e->field : "(none)",
				      cases[i].field, e->message);
		ck_assert_msg(e->column == cases[i].column, "case %zu: column %d, want %d (%s)", i, e->column,
			      cases[i].column, e->message);
		ck_assert_msg(strncmp(e->message, "QR code", 7) == 0, "case %zu: %s", i, e->message);
	}
	/* Nothing was written on failure. */
	memset(&p, 0x5a, sizeof p);
	ck_assert_mem_eq(&before, &p, sizeof p);
	/* A NUL inside the length is refused, not a shorter payload. */
	ck_assert_ds_err(ds_certificate_payload_parse(&p, GOOD "\0", strlen(GOOD) + 1, NULL), DS_EPARSE);
	ck_assert_ds_err(ds_certificate_payload_parse(NULL, GOOD, strlen(GOOD), NULL), DS_EINVAL);
	ck_assert_ds_err(ds_certificate_payload_parse(&p, NULL, 0, NULL), DS_EINVAL);
}
END_TEST

START_TEST(payload_errors)
{
	issued c;
	ds_certificate_report *report = NULL;
	char *payload = (char *)"unchanged";

	/* A certificate that was never logged has no payload. */
	issue(&c, DS_SIG_ED25519, 0);
	ck_assert_ds_err(ds_certificate_to_payload(&payload, c.cert), DS_EINVAL);
	ck_assert_str_eq(ds_error_last()->field, "logEvidence");
	ck_assert_str_eq(payload, "unchanged");
	ck_assert_ds_err(ds_certificate_to_payload(NULL, c.cert), DS_EINVAL);
	ck_assert_ds_err(ds_certificate_to_payload(&payload, NULL), DS_EINVAL);
	ck_assert_ds_err(ds_certificate_verify_payload(NULL, GOOD, strlen(GOOD), c.key, NULL, 0), DS_EINVAL);
	ck_assert_ds_err(ds_certificate_verify_payload(&report, GOOD, strlen(GOOD), NULL, NULL, 0), DS_EINVAL);
	ck_assert_ptr_null(report);
	/* A payload of another registry's key. */
	ck_assert_ds_err(ds_certificate_verify_payload(&report, GOOD, strlen(GOOD), c.key, NULL, 0), DS_EVERIFY);
	ck_assert_int_eq(passed(report, "payload_key_id"), 0);
	ck_assert_str_eq(ds_error_last()->field, "keyId");
	ds_certificate_report_free(report);
	report = NULL;
	/* Garbage in place of the certificate: the certificate's checks fail, the payload's are not made. */
	ck_assert_ds_err(ds_certificate_verify_payload(&report, GOOD, strlen(GOOD), c.key, "<x/>", 4), DS_EVERIFY);
	ck_assert_int_eq(passed(report, "structure"), 0);
	ck_assert_int_eq(passed(report, "payload_digest"), -1);
	ds_certificate_report_free(report);
	release(&c);
}
END_TEST

static const char book_xml[] = "<ledger xmlns=\"urn:datasset:ledger:1\">\n<entity name=\"济南示例数据科技有限公司\"/>\n"
			       "<asset id=\"D1\" name=\"企业征信数据集\" class=\"intangible\" origin=\"purchased\""
			       " acquired=\"2025-01-15\" life=\"60\" use=\"main-cost\">\n"
			       "<cost date=\"2025-01-15\" category=\"price\" amount=\"1200000.00\" vat=\"72000.00\"/>\n"
			       "</asset>\n</ledger>\n";

START_TEST(pdf_entry_points)
{
	issued c;
	ds_pdf_options opts;
	ds_ledger *book = NULL;
	ds_ledger_report *report = NULL;
	unsigned char *pdf = (unsigned char *)"unchanged";
	size_t len = 7;

	ck_assert_ds_ok(ds_pdf_options_init(&opts, DS_PDF_OPTIONS_VERSION));
	ck_assert_ptr_null(opts.sans_font);
	ck_assert_ds_err(ds_pdf_options_init(&opts, 99), DS_EINVAL);
	ck_assert_ds_err(ds_pdf_options_init(NULL, DS_PDF_OPTIONS_VERSION), DS_EINVAL);
	issue(&c, DS_SIG_ED25519, 1);
	if (!ds_pdf_supported()) {
		ck_assert_ds_err(ds_certificate_print_pdf(&pdf, &len, c.cert, NULL), DS_EUNSUPPORTED);
		ck_assert_msg(strstr(ds_error_last()->message, "built without PDF support") != NULL, "%s",
			      ds_error_last()->message);
		ck_assert_uint_eq(len, 7);
		release(&c);
		return;
	}
	ck_assert_ds_ok(ds_certificate_print_pdf(&pdf, &len, c.cert, NULL));
	ck_assert_uint_gt(len, 1000);
	ck_assert_mem_eq(pdf, "%PDF-", 5);
	ds_free(pdf);
	pdf = (unsigned char *)"unchanged";
	len = 7;
	opts.version = 2;
	ck_assert_ds_err(ds_certificate_print_pdf(&pdf, &len, c.cert, &opts), DS_EINVAL);
	ck_assert_ds_err(ds_certificate_print_pdf(NULL, &len, c.cert, NULL), DS_EINVAL);
	ck_assert_uint_eq(len, 7);
	release(&c);
	/* An unlogged certificate is not printed: it could not be verified. */
	issue(&c, DS_SIG_ED25519, 0);
	ck_assert_ds_err(ds_certificate_print_pdf(&pdf, &len, c.cert, NULL), DS_EINVAL);
	ck_assert_str_eq(ds_error_last()->field, "logEvidence");
	release(&c);

	ck_assert_ds_ok(ds_ledger_parse(&book, book_xml, sizeof book_xml - 1, "book.xml"));
	ck_assert_ds_ok(ds_ledger_report_new(&report, book, "2025-01", "2025-03"));
	opts.version = DS_PDF_OPTIONS_VERSION;
	opts.preparer = "张三";
	ck_assert_ds_ok(ds_ledger_write_vouchers_pdf(&pdf, &len, report, &opts));
	ck_assert_mem_eq(pdf, "%PDF-", 5);
	ds_free(pdf);
	ck_assert_ds_err(ds_ledger_write_vouchers_pdf(&pdf, &len, NULL, NULL), DS_EINVAL);
	ds_ledger_report_free(report);
	ds_ledger_free(book);
}
END_TEST

/* Under AddressSanitizer: what fontconfig 2.14.1 and cairo 1.16.0 (Debian 12)
 * lose themselves (tests/fixtures/lsan-pdf.supp says why; valgrind has the same
 * two in tools/datasset.supp). LeakSanitizer calls this hook when it is linked in. */
const char *__asan_default_options(void);
const char *__asan_default_options(void)
{
	/* Whole stacks at malloc: the fast unwinder stops inside libraries built
	 * without frame pointers, short of the function names matched below. */
	return "fast_unwind_on_malloc=0";
}

const char *__lsan_default_suppressions(void);
const char *__lsan_default_suppressions(void)
{
	return "leak:FcInitLoadConfigAndFonts\nleak:FcConfigParseAndLoad\nleak:cairo_surface_finish\n";
}

static Suite *pdf_suite(void)
{
	Suite *s = suite_create("pdf");
	TCase *tc = tcase_create("core");

	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, round_trip_ed25519);
	tcase_add_test(tc, round_trip_sm2);
	tcase_add_test(tc, one_changed_digit);
	tcase_add_test(tc, parse_errors);
	tcase_add_test(tc, payload_errors);
	tcase_add_test(tc, pdf_entry_points);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return tu_run(pdf_suite());
}
