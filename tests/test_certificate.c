/*
 * 登记凭证: numbers and check characters, building with every class of bad
 * field, issuing into a log and verifying offline with both profiles, and
 * tampering: every byte of the signed content, the key, the log evidence, an
 * old tree head replayed, a forked log.
 * SPDX-License-Identifier: MIT
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include <libxml/c14n.h>
#include <libxml/parser.h>

#include "testutil.h"
#include "certificate/certificate_internal.h"
#include "internal/xml.h"

static const ds_certificate_right default_rights[] = {
	{ DS_RIGHT_HOLDING, "全量数据资源的持有", "2025-03-01", NULL, NULL },
	{ DS_RIGHT_OPERATING, "面向金融机构的数据产品经营", "2025-03-01", "2030-02-28", "不得向境外提供" },
};

static char number[32], superseded[32];

static void default_fields(ds_certificate_fields *f, const ds_key *key)
{
	char *n = NULL;

	ck_assert_ds_ok(ds_certificate_fields_init(f, DS_CERTIFICATE_FIELDS_VERSION));
	ck_assert_ds_ok(ds_certificate_number_format(&n, "370100", 2025, 'P', 123));
	snprintf(number, sizeof number, "%s", n);
	ds_free(n);
	f->number = number;
	f->registrant_name = "济南某数据科技有限公司";
	f->registrant_credit_code = "91350100M000100Y43";
	f->rights = default_rights;
	f->right_count = 2;
	f->object_name = "企业用电量月度指数";
	f->object_code = "370100-DP-2025-0042";
	f->object_description = "按行业汇总的企业月度用电量指数 & 同比 <脱敏>";
	f->data_source = "供电公司授权数据, 依协议合法采集";
	f->scale_records = 1250000;
	f->scale_fields = 18;
	f->scale_bytes = 734003200;
	f->data_format = "CSV";
	f->update_frequency = "每月";
	f->coverage_region = "济南市";
	f->coverage_period = "2020-01 至 2025-01";
	f->quality_summary = "完整性 98; 准确性 97; 一致性 99; 规范性 100; 时效性 95; 可访问性 100";
	f->security_class = DS_SECURITY_GENERAL;
	f->personal_information = 0;
	f->scenarios = "信贷风控; 产业分析";
	f->metadata_fingerprint = ds_key_hash_alg(key) == DS_HASH_SM3 ?
					  "sm3:66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0" :
					  "sha256:ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";
	f->data_fingerprint = NULL;
	f->application_date = "2025-02-10";
	f->publicity_start = "2025-02-14";
	f->publicity_end = "2025-02-28";
	f->registration_date = "2025-03-10";
	f->registry_name = "济南市数据资产登记平台";
	f->registry_key = key;
}

/* Build, issue into @log (with a few other events around it) and return the document. */
static char *issue(ds_translog *log, const ds_key *key, uint64_t *index)
{
	ds_certificate_fields f;
	ds_certificate *cert = NULL;
	char *xml = NULL;
	int i;

	for (i = 0; i < 5; i++)
		ck_assert_ds_ok(ds_translog_append(NULL, log, "registry event", 14));
	default_fields(&f, key);
	ck_assert_ds_ok(ds_certificate_build(&cert, &f));
	ck_assert_str_eq(ds_certificate_number(cert), number);
	ck_assert_ds_ok(ds_certificate_issue(index, cert, log, "registry.jinan.example", 1764000000, key));
	ck_assert_ds_ok(ds_certificate_to_xml(&xml, cert));
	ds_certificate_free(cert);
	return xml;
}

static ds_translog *log_for(const ds_key *key)
{
	ds_translog_options opts = DS_TRANSLOG_OPTIONS_INIT;
	ds_translog *log = NULL;
	opts.hash = ds_key_hash_alg(key);
	ck_assert_ds_ok(ds_translog_new_memory(&log, &opts));
	return log;
}

static int check_passed(const ds_certificate_report *r, const char *name)
{
	ds_certificate_check check;
	size_t i;
	for (i = 0; i < ds_certificate_report_count(r); i++) {
		ck_assert_ds_ok(ds_certificate_report_at(&check, r, i));
		if (strcmp(check.name, name) == 0)
			return check.passed;
	}
	return -2; /* absent */
}

/* ---------------------------------------------------------------- numbers */

START_TEST(check_characters)
{
	char check = 0, *n = NULL;
	int position = 0;

	/* The credit code example of registration.md: 91350100M000100Y43. */
	ck_assert_int_eq(ds__uscc_validate("91350100M000100Y44", &position, &check), DS__USCC_CHECK);
	ck_assert_int_eq(position, 18);
	ck_assert_int_eq(check, '3');
	ck_assert_ds_ok(ds__credit_code_check("91350100M000100Y43"));
	ck_assert_ds_err(ds__credit_code_check("91350100M000100Y44"), DS_EINVAL);
	ck_assert_int_eq(ds_error_last()->column, 18);
	ck_assert_ds_err(ds__credit_code_check("91350100M00O100Y43"), DS_EINVAL);
	ck_assert_int_eq(ds_error_last()->column, 12);
	ck_assert_ds_err(ds__credit_code_check("9135"), DS_EINVAL);
	/* Positions 3-8 are the region code (GB/T 2260): digits. */
	ck_assert_ds_err(ds__credit_code_check("913A0100M000100Y43"), DS_EINVAL);
	ck_assert_int_eq(ds_error_last()->column, 4);
	/* As written: lower case is the registry's normalisation, not a certificate's content. */
	ck_assert_ds_err(ds__credit_code_check("91350100m000100y43"), DS_EINVAL);
	ck_assert_int_eq(ds_error_last()->column, 9);

	ck_assert_ds_ok(ds_certificate_number_format(&n, "370100", 2025, 'P', 123));
	ck_assert_int_eq(strlen(n), 24);
	/* Expected values computed independently (Python) with the convention of certificate.h. */
	ck_assert_str_eq(n, "370100-2025-P-00000123-3");
	ck_assert_ds_ok(ds_certificate_number_check(n));
	/* Each position changed is caught (digits changed to another digit). */
	{
		size_t i;
		for (i = 0; i < 22; i++) {
			char copy[32];
			if (n[i] < '0' || n[i] > '9')
				continue;
			snprintf(copy, sizeof copy, "%s", n);
			copy[i] = copy[i] == '9' ? '0' : (char)(copy[i] + 1);
			ck_assert_msg(ds_certificate_number_check(copy) == DS_EVERIFY, "%s accepted", copy);
			ck_assert_int_eq(ds_error_last()->column, 24);
		}
	}
	ds_free(n);
	ck_assert_ds_ok(ds_certificate_number_format(&n, "110000", 2026, 'I', 99999999));
	ck_assert_str_eq(n, "110000-2026-I-99999999-2");
	ck_assert_ds_ok(ds_certificate_number_check(n));
	ds_free(n);
	/* I counts 18, like J; R counts 25 (not 27 as its place in the Latin alphabet + 9). */
	ck_assert_ds_ok(ds_certificate_number_format(&n, "370100", 2025, 'I', 1));
	ck_assert_str_eq(n, "370100-2025-I-00000001-N");
	ds_free(n);
	ck_assert_ds_ok(ds_certificate_number_format(&n, "370100", 2025, 'R', 99999999));
	ck_assert_str_eq(n, "370100-2025-R-99999999-T");
	ds_free(n);
	n = NULL;
	ck_assert_ds_err(ds_certificate_number_format(&n, "3701", 2025, 'P', 1), DS_EINVAL);
	ck_assert_ds_err(ds_certificate_number_format(&n, "370100", 999, 'P', 1), DS_EINVAL);
	ck_assert_ds_err(ds_certificate_number_format(&n, "370100", 2025, 'X', 1), DS_EINVAL);
	ck_assert_ds_err(ds_certificate_number_format(&n, "370100", 2025, 'P', 0), DS_EINVAL);
	ck_assert_ds_err(ds_certificate_number_format(&n, "370100", 2025, 'P', 100000000), DS_EINVAL);
	ck_assert_ptr_null(n);
}
END_TEST

static const struct {
	const char *text;
	int column;
} bad_numbers[] = {
	{ "370100-2025-X-00000123-K", 13 },
	{ "37010-2025-P-00000123-K", 6 },
	{ "370100_2025-P-00000123-K", 7 },
	{ "370100-2025-P-0000012A-K", 22 },
	{ "370100-2025-P-00000123-I", 24 },
	{ "370100-2025-P-00000123-KK", 25 },
	{ "", 1 },
};

START_TEST(number_errors)
{
	size_t i;
	for (i = 0; i < sizeof bad_numbers / sizeof bad_numbers[0]; i++) {
		ck_assert_msg(ds_certificate_number_check(bad_numbers[i].text) == DS_EPARSE, "%s", bad_numbers[i].text);
		ck_assert_msg(ds_error_last()->column == bad_numbers[i].column, "%s: column %d, expected %d",
			      bad_numbers[i].text, ds_error_last()->column, bad_numbers[i].column);
		ck_assert_str_eq(ds_error_last()->field, "number");
	}
}
END_TEST

/* ---------------------------------------------------------------- building */

START_TEST(build_errors)
{
	ds_key *key = NULL, *gm = NULL;
	ds_certificate_fields f;
	ds_certificate *cert = NULL;
	ds_certificate_right bad_right = { (ds_right)9, "x", "2025-01-01", NULL, NULL };
	ds_certificate_right bad_term = { DS_RIGHT_HOLDING, "x", "2025-01-01", "2024-12-31", NULL };

	ck_assert_ds_ok(ds_key_generate(&key, DS_SIG_ED25519));
	ck_assert_ds_ok(ds_key_generate(&gm, DS_SIG_SM2_SM3));
#define EXPECT_FIELD(mutation, field_prefix)                                                                         \
	do {                                                                                                         \
		default_fields(&f, key);                                                                             \
		mutation;                                                                                            \
		ck_assert_ds_err(ds_certificate_build(&cert, &f), DS_EINVAL);                                        \
		ck_assert_msg(strncmp(ds_error_last()->field, field_prefix, strlen(field_prefix)) == 0,              \
			      "%s: field '%s', expected '%s' (%s)", #mutation, ds_error_last()->field, field_prefix, \
			      ds_error_last()->message);                                                             \
		ck_assert_ptr_null(cert);                                                                            \
	} while (0)
	EXPECT_FIELD(f.number = "370100-2025-P-00000123-0", "number");
	EXPECT_FIELD(f.number = NULL, "number");
	EXPECT_FIELD(f.supersedes = "370100-2024-P-00000001-0", "number");
	EXPECT_FIELD(f.registrant_credit_code = "91350100M000100Y44", "registrant/creditCode");
	EXPECT_FIELD(f.registrant_name = "", "registrant/name");
	EXPECT_FIELD(f.object_name = NULL, "object/name");
	EXPECT_FIELD(f.scenarios = NULL, "object/scenarios");
	EXPECT_FIELD(f.coverage_region = "", "object/coverage/region");
	EXPECT_FIELD(f.registry_name = NULL, "registry/name");
	EXPECT_FIELD(f.right_count = 0, "rights");
	EXPECT_FIELD((f.rights = &bad_right, f.right_count = 1), "rights/right[1]");
	EXPECT_FIELD((f.rights = &bad_term, f.right_count = 1), "rights/right[1]");
	EXPECT_FIELD(f.security_class = (ds_security_class)0, "object/security");
	EXPECT_FIELD(f.metadata_fingerprint = "sm3:66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0",
		     "fingerprint/metadata");
	EXPECT_FIELD(f.metadata_fingerprint = "sha256:BA7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
		     "fingerprint/metadata");
	EXPECT_FIELD(f.data_fingerprint = "sha256:00", "fingerprint/data");
	EXPECT_FIELD(f.application_date = "2025-02-30", "dates/application");
	EXPECT_FIELD(f.registration_date = "2025-02-27", "dates");
	EXPECT_FIELD(f.registry_key = NULL, "registry");
	EXPECT_FIELD(f.object_description = "bad \xC3\x28 utf-8", "object/description");
	/* Characters XML 1.0 does not allow: the document could not be read back. */
	EXPECT_FIELD(f.object_name = "bell \x07 in a name", "object/name");
	EXPECT_FIELD(f.registry_name = "escape \x1b in an attribute", "registry/name");
	EXPECT_FIELD(f.scenarios = "\xEF\xBF\xBE is a noncharacter", "object/scenarios");
	/* A 国密 key needs sm3 fingerprints. */
	EXPECT_FIELD(f.registry_key = gm, "fingerprint/metadata");
	/* The schema is checked on the way out: a description longer than
	 * certificate.xsd's 4,000 characters is refused, and nothing is built. */
	{
		static char long_text[4002];
		memset(long_text, 'x', 4001);
		default_fields(&f, key);
		f.object_description = long_text;
		ck_assert_int_lt(ds_certificate_build(&cert, &f), 0);
		ck_assert_ptr_null(cert);
		ck_assert_ptr_nonnull(strstr(ds_error_last()->message, "description"));
	}
	/* Use restrictions (version 2): a code of [A-Za-z0-9._-] and its wording. */
	{
		ds_certificate_restriction bad[] = { { "no outbound", "限境内使用" } }, empty[] = { { "x", "" } };
		default_fields(&f, key);
		f.use_restrictions = bad;
		f.use_restriction_count = 1;
		ck_assert_ds_err(ds_certificate_build(&cert, &f), DS_EINVAL);
		ck_assert_str_eq(ds_error_last()->field, "useRestrictions/restriction/code");
		f.use_restrictions = empty;
		ck_assert_ds_err(ds_certificate_build(&cert, &f), DS_EINVAL);
		ck_assert_str_eq(ds_error_last()->field, "useRestrictions/restriction");
		f.use_restrictions = NULL;
		ck_assert_ds_err(ds_certificate_build(&cert, &f), DS_EINVAL);
		/* A version 1 struct has no such fields: they are not read. */
		f.version = 1;
		ck_assert_ds_ok(ds_certificate_build(&cert, &f));
		ds_certificate_free(cert);
		cert = NULL;
	}
	default_fields(&f, key);
	f.version = 3;
	ck_assert_ds_err(ds_certificate_build(&cert, &f), DS_EINVAL);
	ck_assert_ds_err(ds_certificate_fields_init(&f, 3), DS_EINVAL);
	ds_key_free(key);
	ds_key_free(gm);
}
END_TEST

/* ---------------------------------------------------------------- issue and verify */

static void issue_and_verify(ds_sig_alg alg)
{
	ds_key *key = NULL, *pub = NULL, *other = NULL;
	ds_translog *log;
	ds_certificate_report *report = NULL;
	ds_certificate *parsed = NULL;
	ds_certificate_check check, before;
	char *xml, *pem = NULL, *text = NULL, *again = NULL;
	uint64_t index = 99;
	size_t i;

	ck_assert_ds_ok(ds_key_generate(&key, alg));
	ck_assert_ds_ok(ds_key_generate(&other, alg));
	ck_assert_ds_ok(ds_key_public_pem(&pem, key));
	ck_assert_ds_ok(ds_key_parse(&pub, pem, strlen(pem)));
	log = log_for(key);
	xml = issue(log, key, &index);
	ck_assert_uint_eq(index, 5);
	ck_assert_ptr_nonnull(strstr(xml, "<number kind=\"product\">370100-2025-P-00000123-"));
	ck_assert_ptr_nonnull(strstr(xml, "贰零贰伍年叁月零壹拾日"));
	ck_assert_ptr_nonnull(strstr(xml, "&amp; 同比 &lt;脱敏&gt;"));

	/* Verifies with the public key alone; every check passed and named. */
	ck_assert_ds_ok(ds_certificate_verify(&report, xml, strlen(xml), pub, NULL));
	ck_assert_uint_eq(ds_certificate_report_count(report), 9);
	for (i = 0; i < ds_certificate_report_count(report); i++) {
		ck_assert_ds_ok(ds_certificate_report_at(&check, report, i));
		ck_assert_msg(check.passed == 1, "%s: %s", check.name, check.detail);
	}
	/* Past the end: DS_ERANGE naming index and count, @out untouched; NULL: DS_EINVAL. */
	memcpy(&before, &check, sizeof check);
	ck_assert_ds_err(ds_certificate_report_at(&check, report, 9), DS_ERANGE);
	ck_assert_ptr_nonnull(strstr(ds_error_last()->message, "index 9"));
	ck_assert_ptr_nonnull(strstr(ds_error_last()->message, "has 9"));
	ck_assert_ds_err(ds_certificate_report_at(&check, NULL, 0), DS_EINVAL);
	ck_assert_int_eq(memcmp(&check, &before, sizeof check), 0);
	ck_assert_ds_err(ds_certificate_report_at(NULL, report, 0), DS_EINVAL);
	ck_assert_ds_ok(ds_certificate_report_to_text(&text, report));
	ck_assert_ptr_nonnull(strstr(text, "ok   inclusion: entry 5 is in the tree of size 6"));
	ds_free(text);
	ds_certificate_report_free(report);

	/* Parse and write back: the same document, still verifying. */
	ck_assert_ds_ok(ds_certificate_parse(&parsed, xml, strlen(xml)));
	ck_assert_ds_ok(ds_certificate_to_xml(&again, parsed));
	ck_assert_str_eq(again, xml);
	/* Key rotation: the certificate names its key, so a verifier picks it among several. */
	ck_assert_ds_ok(ds_key_id(&text, other));
	ck_assert_str_ne(ds_certificate_key_id(parsed), text);
	ds_free(text);
	ck_assert_ds_ok(ds_key_id(&text, pub));
	ck_assert_str_eq(ds_certificate_key_id(parsed), text);
	ds_free(text);
	ck_assert_ptr_null(ds_certificate_key_id(NULL));
	ck_assert_ds_ok(ds_certificate_summary(&text, parsed));
	ck_assert_ptr_nonnull(strstr(text, "\nright: 数据产品经营权 (operating), 2025-03-01 to 2030-02-28\n"));
	ck_assert_ptr_nonnull(strstr(text, "\n  restrictions: 不得向境外提供\n"));
	ck_assert_ptr_nonnull(strstr(text, "\nlog index: 5\nlog tree size: 6\n"));
	ck_assert_ptr_nonnull(strstr(text, "\ndescription: 按行业汇总的企业月度用电量指数 & 同比 <脱敏>\n"));
	ds_free(text);
	ck_assert_ds_err(ds_certificate_summary(&text, NULL), DS_EINVAL);
	ds_free(again);
	ds_certificate_free(parsed);

	/* Another key: the key is not the one named, and the signature fails. */
	ck_assert_ds_err(ds_certificate_verify(&report, xml, strlen(xml), other, NULL), DS_EVERIFY);
	ck_assert_int_eq(check_passed(report, "registry_key"), 0);
	ck_assert_int_eq(check_passed(report, "signature"), 0);
	ck_assert_int_eq(check_passed(report, "checkpoint"), 0);
	ck_assert_int_eq(check_passed(report, "inclusion"), -1);
	ck_assert_int_eq(check_passed(report, "structure"), 1);
	ck_assert_ptr_nonnull(strstr(ds_error_last()->message, "registry_key"));
	ds_certificate_report_free(report);

	ds_free(xml);
	ds_free(pem);
	ds_translog_free(log);
	ds_key_free(key);
	ds_key_free(pub);
	ds_key_free(other);
}

START_TEST(issue_ed25519)
{
	issue_and_verify(DS_SIG_ED25519);
}
END_TEST

START_TEST(issue_sm2)
{
	issue_and_verify(DS_SIG_SM2_SM3);
}
END_TEST

/* Flip every byte of the document's signed part (from <number> to the end of
 * <logEvidence>): the certificate must fail unless the change leaves the
 * canonical content identical (whitespace inside a tag, quote style), in which
 * case it is the same certificate and must still verify. */
START_TEST(tamper_every_byte)
{
	ds_key *key = NULL;
	ds_translog *log;
	ds_certificate_report *report = NULL;
	char *xml, *copy;
	unsigned char *canonical = NULL;
	size_t canonical_len = 0, start, end, i, rejected = 0, neutral = 0;
	xmlDocPtr doc = NULL;

	ck_assert_ds_ok(ds_key_generate(&key, DS_SIG_ED25519));
	log = log_for(key);
	xml = issue(log, key, NULL);
	ck_assert_ds_ok(ds__xml_load_memory(&doc, xml, strlen(xml), "c", NULL));
	ck_assert_ds_ok(ds__certificate_canonical(&canonical, &canonical_len, doc, 0));
	xmlFreeDoc(doc);
	start = (size_t)(strstr(xml, "<number") - xml);
	end = (size_t)(strstr(xml, "</logEvidence>") - xml) + 14;
	copy = ds__strdup(xml);
	for (i = start; i < end; i++) {
		unsigned char *c2 = NULL;
		size_t c2_len = 0;
		int same, rc;
		char saved = copy[i];
		copy[i] = (saved >= '0' && saved <= '9') ? (char)('0' + (saved - '0' + 1) % 10) :
			  (saved >= 'a' && saved <= 'z') ? (char)('a' + (saved - 'a' + 1) % 26) :
			  saved == ' '			 ? '\t' :
			  saved == '"'			 ? '\'' :
							   'Z';
		doc = NULL;
		same = ds__xml_load_memory(&doc, copy, strlen(copy), "c", NULL) == DS_OK &&
		       ds__certificate_canonical(&c2, &c2_len, doc, 0) == DS_OK && c2_len == canonical_len &&
		       memcmp(c2, canonical, c2_len) == 0;
		xmlFreeDoc(doc);
		ds__free(c2);
		rc = ds_certificate_verify(&report, copy, strlen(copy), key, NULL);
		if (same) {
			neutral++;
		} else {
			ck_assert_msg(rc == DS_EVERIFY, "byte %zu ('%c' -> '%c') changed the content but verified", i,
				      saved, copy[i]);
			rejected++;
		}
		ds_certificate_report_free(report);
		report = NULL;
		copy[i] = saved;
	}
	ck_assert_uint_gt(rejected, 1000);
	printf("tamper: %zu changed bytes rejected, %zu changes with the same canonical form\n", rejected, neutral);
	ds__free(copy);
	ds__free(canonical);
	ds_free(xml);
	ds_translog_free(log);
	ds_key_free(key);
}
END_TEST

/* Evidence that is validly signed but wrong: a proof for the wrong index. */
START_TEST(wrong_evidence)
{
	ds_key *key = NULL;
	ds_translog *log;
	ds_certificate_fields f;
	ds_certificate *cert = NULL;
	ds_certificate_report *report = NULL;
	ds_hash root, *proof = NULL;
	unsigned char *entry = NULL;
	size_t entry_len = 0, proof_len = 0;
	char *checkpoint = NULL, *xml = NULL;
	uint64_t at = 0;
	int i;

	ck_assert_ds_ok(ds_key_generate(&key, DS_SIG_ED25519));
	log = log_for(key);
	default_fields(&f, key);
	ck_assert_ds_ok(ds_certificate_build(&cert, &f));
	for (i = 0; i < 6; i++)
		ck_assert_ds_ok(ds_translog_append(NULL, log, "x", 1));
	ck_assert_ds_ok(ds_certificate_log_entry(&entry, &entry_len, cert));
	ck_assert_ds_ok(ds_translog_append(&at, log, entry, entry_len));
	ck_assert_ds_ok(ds_translog_append(NULL, log, "y", 1));
	ck_assert_ds_ok(ds_translog_root(&root, log, 8));
	ck_assert_ds_ok(ds_checkpoint_sign(&checkpoint, "log.example", 8, &root, 0, "log.example", key));
	ck_assert_ds_ok(ds_translog_inclusion_proof(&proof, &proof_len, log, at, 8));

	/* Unsigned, no evidence. */
	ck_assert_ds_ok(ds_certificate_to_xml(&xml, cert));
	ck_assert_ds_err(ds_certificate_verify(&report, xml, strlen(xml), key, NULL), DS_EVERIFY);
	ck_assert_int_eq(check_passed(report, "signature"), 0);
	ck_assert_int_eq(check_passed(report, "checkpoint"), 0);
	ck_assert_int_eq(check_passed(report, "inclusion"), -1);
	ds_certificate_report_free(report);
	ds_free(xml);

	/* The right proof at the wrong index, signed: only inclusion fails. */
	ck_assert_ds_ok(ds_certificate_set_log_evidence(cert, at + 1, checkpoint, proof, proof_len));
	ck_assert_ds_ok(ds_certificate_sign(cert, key));
	ck_assert_ds_ok(ds_certificate_to_xml(&xml, cert));
	ck_assert_ds_err(ds_certificate_verify(&report, xml, strlen(xml), key, NULL), DS_EVERIFY);
	ck_assert_int_eq(check_passed(report, "signature"), 1);
	ck_assert_int_eq(check_passed(report, "checkpoint"), 1);
	ck_assert_int_eq(check_passed(report, "inclusion"), 0);
	ds_certificate_report_free(report);
	ds_free(xml);

	/* Corrected: verifies. Evidence replaced, signature replaced. */
	ck_assert_ds_ok(ds_certificate_set_log_evidence(cert, at, checkpoint, proof, proof_len));
	ck_assert_ds_ok(ds_certificate_sign(cert, key));
	ck_assert_ds_ok(ds_certificate_to_xml(&xml, cert));
	ck_assert_ds_ok(ds_certificate_verify(&report, xml, strlen(xml), key, NULL));
	ck_assert_int_eq((int)(strstr(xml, "<signature") != NULL), 1);
	ck_assert_ptr_null(strstr(strstr(xml, "<signature") + 1, "<signature"));
	ds_certificate_report_free(report);
	ds_free(xml);

	/* Bad evidence input is refused and changes nothing. */
	ck_assert_ds_err(ds_certificate_set_log_evidence(cert, 8, checkpoint, proof, proof_len), DS_EINVAL);
	ck_assert_ds_err(ds_certificate_set_log_evidence(cert, 0, "not a checkpoint", proof, proof_len), DS_EINVAL);
	ck_assert_str_eq(ds_error_last()->field, "logEvidence/checkpoint");
	proof[0].size = 20;
	ck_assert_ds_err(ds_certificate_set_log_evidence(cert, at, checkpoint, proof, proof_len), DS_EINVAL);
	ck_assert_ds_ok(ds_certificate_to_xml(&xml, cert));
	ck_assert_ds_ok(ds_certificate_verify(&report, xml, strlen(xml), key, NULL));
	ds_certificate_report_free(report);
	ds_free(xml);
	{
		/* Signing with a key the certificate does not name. */
		ds_key *other = NULL;
		ck_assert_ds_ok(ds_key_generate(&other, DS_SIG_ED25519));
		ck_assert_ds_err(ds_certificate_sign(cert, other), DS_EINVAL);
		ds_key_free(other);
	}

	ds__free(entry);
	ds_free(proof);
	ds_free(checkpoint);
	ds_certificate_free(cert);
	ds_translog_free(log);
	ds_key_free(key);
}
END_TEST

/* A newer tree head: consistency proved; an old head replayed or a forked log caught. */
START_TEST(newer_checkpoint)
{
	ds_key *key = NULL;
	ds_translog *log, *fork;
	ds_certificate_report *report = NULL;
	ds_certificate_newer_head newer = { NULL, NULL, 0 };
	ds_hash root, *proof = NULL;
	size_t proof_len = 0;
	char *xml, *head = NULL, *old_head = NULL, *fork_head = NULL;
	int i;

	ck_assert_ds_ok(ds_key_generate(&key, DS_SIG_SM2_SM3));
	log = log_for(key);
	xml = issue(log, key, NULL); /* size 6 */
	for (i = 0; i < 27; i++)
		ck_assert_ds_ok(ds_translog_append(NULL, log, &i, sizeof i));
	ck_assert_ds_ok(ds_translog_root(&root, log, 33));
	ck_assert_ds_ok(
		ds_checkpoint_sign(&head, "registry.jinan.example", 33, &root, 0, "registry.jinan.example", key));
	ck_assert_ds_ok(ds_translog_consistency_proof(&proof, &proof_len, log, 6, 33));
	newer.checkpoint = head;
	newer.consistency_proof = proof;
	newer.proof_len = proof_len;
	ck_assert_ds_ok(ds_certificate_verify(&report, xml, strlen(xml), key, &newer));
	ck_assert_uint_eq(ds_certificate_report_count(report), 10);
	ck_assert_int_eq(check_passed(report, "consistency"), 1);
	ds_certificate_report_free(report);

	/* An older head replayed as "newer". */
	ck_assert_ds_ok(ds_translog_root(&root, log, 4));
	ck_assert_ds_ok(
		ds_checkpoint_sign(&old_head, "registry.jinan.example", 4, &root, 0, "registry.jinan.example", key));
	newer.checkpoint = old_head;
	ck_assert_ds_err(ds_certificate_verify(&report, xml, strlen(xml), key, &newer), DS_EVERIFY);
	ck_assert_int_eq(check_passed(report, "consistency"), 0);
	ck_assert_ptr_nonnull(strstr(ds_error_last()->message, "replayed"));
	ds_certificate_report_free(report);

	/* A fork: the same first 5 events, then a different history, signed by the same key. */
	fork = log_for(key);
	for (i = 0; i < 5; i++)
		ck_assert_ds_ok(ds_translog_append(NULL, fork, "registry event", 14));
	for (i = 0; i < 28; i++)
		ck_assert_ds_ok(ds_translog_append(NULL, fork, "rewritten", 9));
	ck_assert_ds_ok(ds_translog_root(&root, fork, 33));
	ck_assert_ds_ok(
		ds_checkpoint_sign(&fork_head, "registry.jinan.example", 33, &root, 0, "registry.jinan.example", key));
	newer.checkpoint = fork_head;
	ck_assert_ds_err(ds_certificate_verify(&report, xml, strlen(xml), key, &newer), DS_EVERIFY);
	ck_assert_int_eq(check_passed(report, "consistency"), 0);
	ck_assert_int_eq(check_passed(report, "inclusion"), 1);
	ds_certificate_report_free(report);

	/* Garbage is a structure failure with everything else not checked. */
	ck_assert_ds_err(ds_certificate_verify(&report, "<certificate/>", 14, key, &newer), DS_EVERIFY);
	ck_assert_int_eq(check_passed(report, "structure"), 0);
	ck_assert_int_eq(check_passed(report, "signature"), -1);
	ck_assert_int_eq(check_passed(report, "consistency"), -1);
	ds_certificate_report_free(report);
	ck_assert_ds_err(ds_certificate_verify(NULL, xml, strlen(xml), key, NULL), DS_EINVAL);
	{
		ds_certificate *cert = NULL;
		ck_assert_ds_err(ds_certificate_parse(&cert, "<certificate xmlns='urn:datasset:certificate:1'/>", 49),
				 DS_EPARSE);
		ck_assert_ptr_null(cert);
	}

	ds_free(xml);
	ds_free(head);
	ds_free(old_head);
	ds_free(fork_head);
	ds_free(proof);
	ds_translog_free(log);
	ds_translog_free(fork);
	ds_key_free(key);
}
END_TEST

/* ---------------------------------------------------------------- sealing */

/* Exclusive C14N of the whole document @xml (signature included). */
static char *canonical_whole(const char *xml)
{
	xmlDocPtr doc = xmlReadMemory(xml, (int)strlen(xml), NULL, NULL, XML_PARSE_NONET);
	xmlChar *c14n = NULL;
	char *copy;
	int n;

	ck_assert_ptr_nonnull(doc);
	n = xmlC14NDocDumpMemory(doc, NULL, XML_C14N_EXCLUSIVE_1_0, NULL, 0, &c14n);
	ck_assert_int_gt(n, 0);
	copy = ds__strndup((const char *)c14n, (size_t)n);
	xmlFree(c14n);
	xmlFreeDoc(doc);
	return copy;
}

/* The registry's path (ds__certificate_seal: the logged entry with evidence and
 * signature made on a skeleton) gives the document the tree path gives
 * (set_log_evidence + sign + to_xml): the same canonical form, byte for byte
 * when the signature is deterministic (Ed25519); it is in canonical form
 * after its XML declaration, and it verifies. */
static void seal_matches(ds_sig_alg alg, const char *origin)
{
	static const char declaration[] = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
	ds_certificate_fields f;
	ds_certificate *cert = NULL;
	ds_certificate_report *report = NULL;
	ds_translog *log;
	ds_key *key = NULL;
	ds_hash root, *proof = NULL;
	unsigned char *entry = NULL;
	char *checkpoint = NULL, *tree_xml = NULL, *sealed = NULL, *a, *b, *body;
	size_t entry_len = 0, proof_len = 0;
	uint64_t index, size;
	int i;

	ck_assert_ds_ok(ds_key_generate(&key, alg));
	log = log_for(key);
	for (i = 0; i < 5; i++)
		ck_assert_ds_ok(ds_translog_append(NULL, log, "registry event", 14));
	default_fields(&f, key);
	ck_assert_ds_ok(ds_certificate_build(&cert, &f));
	ck_assert_ds_ok(ds_certificate_log_entry(&entry, &entry_len, cert));
	ck_assert_ds_ok(ds_translog_append(&index, log, entry, entry_len));
	for (i = 0; i < 3; i++) /* the checkpoint is of a later tree, as at a batch's end */
		ck_assert_ds_ok(ds_translog_append(NULL, log, "later event", 11));
	size = ds_translog_size(log);
	ck_assert_ds_ok(ds_translog_root(&root, log, size));
	ck_assert_ds_ok(ds_checkpoint_sign(&checkpoint, origin, size, &root, 1764000000, origin, key));
	ck_assert_ds_ok(ds_translog_inclusion_proof(&proof, &proof_len, log, index, size));

	ck_assert_ds_ok(ds__certificate_seal(&sealed, (const char *)entry, entry_len, index, checkpoint, proof,
					     proof_len, key));
	ck_assert_ds_ok(ds_certificate_set_log_evidence(cert, index, checkpoint, proof, proof_len));
	ck_assert_ds_ok(ds_certificate_sign(cert, key));
	ck_assert_ds_ok(ds_certificate_to_xml(&tree_xml, cert));

	ck_assert_ds_ok(ds_certificate_verify(&report, sealed, strlen(sealed), key, NULL));
	ds_certificate_report_free(report);
	ck_assert_int_eq(strncmp(sealed, declaration, strlen(declaration)), 0);
	body = sealed + strlen(declaration);
	a = canonical_whole(sealed);
	ck_assert_int_eq(strlen(body), strlen(a) + 1); /* and a final newline */
	ck_assert_int_eq(strncmp(body, a, strlen(a)), 0);
	b = canonical_whole(tree_xml);
	if (alg == DS_SIG_ED25519) {
		ck_assert_str_eq(a, b);
	} else { /* SM2 signs with a random k: equal up to the signature value */
		char *sa = strstr(a, "<signature"), *sb = strstr(b, "<signature");
		ck_assert_ptr_nonnull(sa);
		ck_assert_ptr_nonnull(sb);
		ck_assert_int_eq(sa - a, sb - b);
		ck_assert_int_eq(strncmp(a, b, (size_t)(sa - a)), 0);
	}
	ds_free(a);
	ds_free(b);

	/* Refusals: evidence past the checkpoint, and an entry that is not a document. */
	ds_free(sealed);
	sealed = NULL;
	ck_assert_ds_err(
		ds__certificate_seal(&sealed, (const char *)entry, entry_len, size, checkpoint, proof, proof_len, key),
		DS_EINVAL);
	ck_assert_ds_err(ds__certificate_seal(&sealed, "<other xmlns=\"x\"></other>", 26, index, checkpoint, proof,
					      proof_len, key),
			 DS_EINTERNAL);
	ck_assert_ds_err(ds__certificate_seal(&sealed, (const char *)entry, entry_len - 1, index, checkpoint, proof,
					      proof_len, key),
			 DS_EINTERNAL);
	/* An entry cut inside its root's name: no byte past it is read (ASan). */
	{
		char *cut = ds__malloc(8); /* exactly the bytes given, no terminator */
		ck_assert_ptr_nonnull(cut);
		memcpy(cut, entry, 8);
		ck_assert_ds_err(ds__certificate_seal(&sealed, cut, 8, index, checkpoint, proof, proof_len, key),
				 DS_EINTERNAL);
		ck_assert_ds_err(ds__certificate_seal(&sealed, cut, 1, index, checkpoint, proof, proof_len, key),
				 DS_EINTERNAL);
		ds_free(cut);
	}
	ck_assert_ptr_null(sealed);
	ds_free(entry);
	ds_free(checkpoint);
	ds_free(proof);
	ds_free(tree_xml);
	ds_certificate_free(cert);
	ds_translog_free(log);
	ds_key_free(key);
}

START_TEST(seal_ed25519)
{
	seal_matches(DS_SIG_ED25519, "registry.jinan.example");
	/* Markup in the checkpoint's text: escaped as C14N escapes it. */
	seal_matches(DS_SIG_ED25519, "济南<登记>&\"平台\"]]>'x'");
}
END_TEST

START_TEST(seal_sm2)
{
	seal_matches(DS_SIG_SM2_SM3, "registry&<sm2>");
}
END_TEST

/* ---------------------------------------------------------------- the log entry written directly */

/* A deterministic generator (xorshift64*), so a failure names a reproducible case. */
static uint64_t rng_state;

static uint64_t rng(void)
{
	rng_state ^= rng_state >> 12;
	rng_state ^= rng_state << 25;
	rng_state ^= rng_state >> 27;
	return rng_state * UINT64_C(2685821657736338717);
}

/* Random text from pieces that exercise canonicalisation and NFC: markup
 * characters, whitespace C14N escapes in attributes, CJK, a decomposed é
 * (NFC composes it), astral characters; now and then (when @bad) a byte XML
 * refuses or invalid UTF-8, or (when @long_ok) more than the schema's 4,000
 * characters. */
static char *random_text(int bad, int long_ok)
{
	static const char *const pieces[] = { "a",
					      "Z",
					      "0",
					      " ",
					      "&",
					      "<",
					      ">",
					      "\"",
					      "'",
					      "\t",
					      "\n",
					      "\r",
					      "&amp;",
					      "]]>",
					      "数据",
					      "登记",
					      "e\xCC\x81",
					      "\xC3\xA9",
					      "\xF0\x9F\x98\x80",
					      "；",
					      "—",
					      "\xE2\x80\xA8",
					      "x y" };
	ds__buf b = DS__BUF_INIT;
	size_t n = 1 + rng() % 12, i;
	char *out = NULL;

	if (long_ok && rng() % 40 == 0)
		n = 4200;
	for (i = 0; i < n; i++)
		ds__buf_puts(&b, pieces[rng() % (sizeof pieces / sizeof *pieces)]);
	if (bad && rng() % 25 == 0)
		ds__buf_puts(&b, rng() % 2 ? "\x07" : "\xC3\x28");
	ck_assert_int_eq(ds__buf_detach(&out, &b), 0);
	return out;
}

/* The registry's writer does not validate what it writes (canonical.c says
 * why): every entry it gives here is validated against certificate.xsd with
 * libxml2 (streamed, as the writer used to), and, when DS_CERT_XSD_DUMP names
 * a directory, written there for tests/certificate_xsd.sh to validate with
 * validators that are not libxml2. */
static int dumped;

static void entry_schema_valid(const char *entry, size_t len, int round)
{
	const char *dir = getenv("DS_CERT_XSD_DUMP");

	ck_assert_msg(ds__xml_validate_memory(entry, len, "certificate.xsd", "certificate") == DS_OK,
		      "round %d: the written entry is not valid against certificate.xsd: %s\n%s", round,
		      ds_error_last()->message, entry);
	if (dir && *dir) {
		char path[4096];
		FILE *fp;
		snprintf(path, sizeof path, "%s/entry-%05d.xml", dir, dumped++);
		ck_assert_ptr_nonnull(fp = fopen(path, "wb"));
		ck_assert_uint_eq(fwrite(entry, 1, len, fp), len);
		ck_assert_int_eq(fclose(fp), 0);
	}
}

/* ds__certificate_write_entry (the registry's path) gives, for random fields,
 * the bytes ds_certificate_build + ds_certificate_log_entry give, or fails
 * where it fails, with the same status and field; what it writes is valid
 * against certificate.xsd and is its own exclusive C14N. */
START_TEST(entry_matches_tree)
{
	ds_key *keys[2] = { NULL, NULL };
	int round, built = 0, refused = 0;
	const int rounds = (int)tu_iterations(1000);

	ck_assert_ds_ok(ds_key_generate(&keys[0], DS_SIG_ED25519));
	ck_assert_ds_ok(ds_key_generate(&keys[1], DS_SIG_SM2_SM3));
	rng_state = UINT64_C(0x2545F4914F6CDD1D);
	for (round = 0; round < rounds; round++) {
		ds_certificate_fields f;
		ds_certificate *cert = NULL;
		ds_certificate_right rights[3];
		ds_certificate_restriction use[3];
		const ds_key *key = keys[rng() % 2];
		char *texts[24], *direct = NULL, tree_field[64];
		unsigned char *entry = NULL;
		size_t entry_len = 0, direct_len = 0, i, t = 0;
		int tree_rc, direct_rc, tree_code;

		for (i = 0; i < 24; i++)
			texts[i] = random_text(1, 1);
		default_fields(&f, key);
		{
			/* Every kind of number, and of the number it supersedes. */
			char *n = NULL;
			ck_assert_ds_ok(ds_certificate_number_format(&n, "370100", 2025, "RPAI"[rng() % 4],
								     (int64_t)(1 + rng() % 99999999)));
			snprintf(number, sizeof number, "%s", n);
			ds_free(n);
			ck_assert_ds_ok(ds_certificate_number_format(&n, "110000", 2024, "RPAI"[rng() % 4],
								     (int64_t)(1 + rng() % 99999999)));
			snprintf(superseded, sizeof superseded, "%s", n);
			ds_free(n);
		}
		f.registrant_name = texts[t++];
		f.right_count = 1 + rng() % 3;
		for (i = 0; i < f.right_count; i++) {
			rights[i] = default_rights[rng() % 2];
			rights[i].right = (ds_right)(rng() % 3);
			rights[i].scope = texts[t++];
			rights[i].term_end = rng() % 2 ? "2031-12-31" : NULL;
			rights[i].restrictions = rng() % 2 ? texts[t++] : NULL;
		}
		f.rights = rights;
		f.object_name = texts[t++];
		f.object_code = texts[t++];
		f.object_description = texts[t++];
		f.data_source = texts[t++];
		f.scale_records = rng() % 3 ? rng() % 100000 : UINT64_MAX;
		f.scale_fields = rng() % 500;
		f.scale_bytes = rng();
		f.data_format = texts[t++];
		f.update_frequency = texts[t++];
		f.coverage_region = texts[t++];
		f.coverage_period = texts[t++];
		f.quality_summary = texts[t++];
		f.security_class = (ds_security_class)(1 + rng() % 3);
		f.personal_information = (int)(rng() % 2);
		f.scenarios = texts[t++];
		f.registry_name = texts[t++];
		if (rng() % 2)
			f.data_fingerprint =
				ds_key_hash_alg(key) == DS_HASH_SM3 ?
					"sm3:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef" :
					"sha256:fedcba9876543210fedcba9876543210fedcba9876543210fedcba9876543210";
		if (rng() % 3 == 0)
			f.supersedes = superseded;
		if (rng() % 3 == 0) {
			static const char *const codes[] = { "no_outbound", "research.only", "A-1" };
			f.use_restriction_count = 1 + rng() % 3;
			for (i = 0; i < f.use_restriction_count; i++) {
				use[i].code = codes[i];
				use[i].text = texts[t++];
			}
			f.use_restrictions = use;
		}
		ck_assert_uint_le(t, 24);

		tree_rc = ds_certificate_build(&cert, &f);
		tree_code = tree_rc < 0 ? ds_error_last()->code : 0;
		snprintf(tree_field, sizeof tree_field, "%s", tree_rc < 0 ? ds_error_last()->field : "");
		direct_rc = ds__certificate_write_entry(&direct, &direct_len, &f);
		if (tree_rc < 0) {
			ck_assert_msg(direct_rc == tree_rc, "round %d: tree %d (%s), direct %d", round, tree_rc,
				      tree_field, direct_rc);
			ck_assert_int_eq(ds_error_last()->code, tree_code);
			ck_assert_str_eq(ds_error_last()->field, tree_field);
			ck_assert_ptr_null(direct);
			refused++;
		} else {
			ck_assert_msg(direct_rc == DS_OK, "round %d: direct %d: %s", round, direct_rc,
				      ds_error_last()->message);
			ck_assert_ds_ok(ds_certificate_log_entry(&entry, &entry_len, cert));
			ck_assert_uint_eq(direct_len, entry_len);
			ck_assert_uint_eq(strlen(direct), direct_len);
			ck_assert_msg(memcmp(direct, entry, entry_len) == 0, "round %d: the entries differ:\n%s\n%.*s",
				      round, direct, (int)entry_len, (const char *)entry);
			entry_schema_valid(direct, direct_len, round);
			/* Its own canonical form (parsed back by libxml2, canonicalised again). */
			{
				char *again = canonical_whole(direct);
				ck_assert_str_eq(again, direct);
				ds_free(again);
			}
			built++;
		}
		ds_free(entry);
		ds_free(direct);
		ds_certificate_free(cert);
		for (i = 0; i < 24; i++)
			ds_free(texts[i]);
	}
	/* Both outcomes were exercised. */
	ck_assert_int_gt(built, rounds * 3 / 10);
	ck_assert_int_gt(refused, rounds / 40);
	ds_key_free(keys[0]);
	ds_key_free(keys[1]);
}
END_TEST

/* The one facet of certificate.xsd the C checks do not enforce before
 * writing is a text's length (at most 4,000 characters, counted as XML Schema
 * counts: code points, after NFC, which may shorten a text). Every text field
 * at 4,000 characters is written and valid; at 4,001 both paths refuse it with
 * the schema's status and field, and nothing is written. The longest of
 * everything else too: three rights with every optional part, 32 use
 * restrictions with 64-character codes, the largest scale, both fingerprints,
 * a superseded number, both profiles. */
static char *text_of(size_t chars, const char *tail)
{
	ds__buf b = DS__BUF_INIT;
	char *out = NULL;
	size_t i;

	/* Markup to escape, CJK, an astral character and a decomposed é (two
	 * code points that NFC makes one), then @tail (one character each). */
	ds__buf_puts(&b, "&<>\"'\t\r\n");
	for (i = 8; i + 2 < chars; i++)
		ds__buf_puts(&b, i % 3 == 0 ? "数" : i % 3 == 1 ? "\xF0\x9F\x98\x80" : "e\xCC\x81");
	ds__buf_puts(&b, tail);
	ck_assert_int_eq(ds__buf_detach(&out, &b), 0);
	return out;
}

START_TEST(entry_text_limits)
{
	ds_key *keys[2] = { NULL, NULL };
	char *n99 = NULL;
	int k;

	ck_assert_ds_ok(ds_key_generate(&keys[0], DS_SIG_ED25519));
	ck_assert_ds_ok(ds_key_generate(&keys[1], DS_SIG_SM2_SM3));
	ck_assert_ds_ok(ds_certificate_number_format(&n99, "110000", 2024, 'I', 99999999));
	snprintf(superseded, sizeof superseded, "%s", n99);
	ds_free(n99);
	for (k = 0; k < 2; k++) {
		char *at = text_of(4000, "]]"), *over = text_of(4001, "]]"), codes[32][65], ascii_at[4001],
		     ascii_over[4002];
		ds_certificate_fields f;
		ds_certificate_right rights[3];
		ds_certificate_restriction use[32];
		size_t field, i;

		memset(ascii_at, 'x', 4000);
		memcpy(ascii_at, "&<>\"\t\r\n]]>", 10);
		ascii_at[4000] = '\0';
		memcpy(ascii_over, ascii_at, 4000);
		memcpy(ascii_over + 4000, "x", 2);
		for (field = 0;; field++) {
			const char **slot[20];
			size_t n = 0;
			char *direct = NULL, tree_field[64];
			ds_certificate *cert = NULL;
			size_t direct_len = 0;
			int tree_rc, direct_rc, tree_code;

			default_fields(&f, keys[k]);
			for (i = 0; i < 3; i++) {
				rights[i] = default_rights[1];
				rights[i].right = (ds_right)i;
			}
			f.rights = rights;
			f.right_count = 3;
			for (i = 0; i < 32; i++) {
				memset(codes[i], "aZ9._-"[i % 6], 64);
				codes[i][0] = (char)('A' + i % 26);
				codes[i][64] = '\0';
				use[i].code = codes[i];
				use[i].text = "限境内使用";
			}
			f.use_restrictions = use;
			f.use_restriction_count = 32;
			f.scale_records = f.scale_fields = f.scale_bytes = UINT64_MAX;
			f.data_fingerprint = f.metadata_fingerprint;
			f.supersedes = superseded;
			f.personal_information = 1;
			f.security_class = DS_SECURITY_CORE;
			slot[n++] = &f.registrant_name;
			for (i = 0; i < 3; i++) {
				slot[n++] = &rights[i].scope;
				slot[n++] = &rights[i].restrictions;
			}
			slot[n++] = &f.object_name;
			slot[n++] = &f.object_code;
			slot[n++] = &f.object_description;
			slot[n++] = &f.data_source;
			slot[n++] = &f.data_format;
			slot[n++] = &f.update_frequency;
			slot[n++] = &f.coverage_region;
			slot[n++] = &f.coverage_period;
			slot[n++] = &f.quality_summary;
			slot[n++] = &f.scenarios;
			slot[n++] = &f.registry_name;
			slot[n++] = &use[31].text;
			if (field == 2 * n)
				break;
			/* Fields 0..n-1 at the limit, n..2n-1 one over it. */
			*slot[field % n] = field < n ? at : over;
			/* A use restriction's wording is taken as it is (no NFC) and
			 * refused over 6,000 bytes: ASCII reaches 4,001 characters. */
			if (field % n == n - 1)
				*slot[field % n] = field < n ? ascii_at : ascii_over;

			tree_rc = ds_certificate_build(&cert, &f);
			tree_code = tree_rc < 0 ? ds_error_last()->code : 0;
			snprintf(tree_field, sizeof tree_field, "%s", tree_rc < 0 ? ds_error_last()->field : "");
			direct_rc = ds__certificate_write_entry(&direct, &direct_len, &f);
			if (field < n) {
				ck_assert_msg(tree_rc == DS_OK, "field %zu: %s", field, ds_error_last()->message);
				ck_assert_msg(direct_rc == DS_OK, "field %zu: %s", field, ds_error_last()->message);
				entry_schema_valid(direct, direct_len, (int)field);
			} else {
				ck_assert_msg(tree_rc == DS_EPARSE, "field %zu: %d", field, tree_rc);
				ck_assert_int_eq(direct_rc, tree_rc);
				ck_assert_int_eq(ds_error_last()->code, tree_code);
				ck_assert_str_eq(ds_error_last()->field, tree_field);
				ck_assert_ptr_null(direct);
			}
			ds_free(direct);
			ds_certificate_free(cert);
		}
		ds_free(at);
		ds_free(over);
	}
	ds_key_free(keys[0]);
	ds_key_free(keys[1]);
}
END_TEST

static Suite *certificate_suite(void)
{
	Suite *s = suite_create("certificate");
	TCase *tc = tcase_create("core");

	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, check_characters);
	tcase_add_test(tc, number_errors);
	tcase_add_test(tc, build_errors);
	tcase_add_test(tc, issue_ed25519);
	tcase_add_test(tc, issue_sm2);
	tcase_add_test(tc, tamper_every_byte);
	tcase_add_test(tc, wrong_evidence);
	tcase_add_test(tc, newer_checkpoint);
	tcase_add_test(tc, seal_ed25519);
	tcase_add_test(tc, seal_sm2);
	tcase_add_test(tc, entry_matches_tree);
	tcase_add_test(tc, entry_text_limits);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return tu_run(certificate_suite());
}
