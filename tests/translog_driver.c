/*
 * A line-oriented driver over the public translog API, for the differential
 * test tests/translog_oracle.py (Python's hashlib and the openssl tool).
 *
 * Commands, one per line, fields separated by single spaces (HEX "-" = empty):
 *   log sha256|sm3                          start a new, empty log          -> ok
 *   add HEX                                 append an entry                  -> its index
 *   root SIZE                               root of the first SIZE entries   -> hex
 *   incl INDEX SIZE                         inclusion proof                  -> hex,hex,... or none
 *   cons SIZE1 SIZE2                        consistency proof                -> hex,... or none
 *   vincl ALG INDEX SIZE LEAF PROOF ROOT    verify an inclusion proof        -> ok or ERR <code>
 *   vcons ALG SIZE1 SIZE2 ROOT1 ROOT2 PROOF verify a consistency proof       -> ok or ERR <code>
 *   note ed25519|sm2 DIR NAME ORIGIN SIZE ROOT  sign a checkpoint with a new key, write DIR/note,
 *                                           DIR/pub.pem and DIR/vkey          -> ok
 *   cert ed25519|sm2 DIR                    issue a certificate into a fresh log (5 events before it,
 *                                           10 after) and write the fixtures the CLI tests use:
 *                                           DIR/pub.pem key.pem cert.xml entry cert.checkpoint
 *                                           inclusion.proof index newer.checkpoint consistency.proof
 *                                           old.checkpoint (size 3, for replay tests)      -> ok
 * PROOF is "none" or comma-separated hex. Errors answer "ERR <code name>".
 * SPDX-License-Identifier: MIT
 */
#define _POSIX_C_SOURCE 200809L /* strtok_r */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <datasset/datasset.h>

#define MAX_PROOF 130

static ds_hash_alg alg_of(const char *name)
{
	return strcmp(name, "sm3") == 0 ? DS_HASH_SM3 : strcmp(name, "sha256") == 0 ? DS_HASH_SHA256 : (ds_hash_alg)0;
}

static int parse_hash(ds_hash *out, const char *text)
{
	return ds_hash_from_hex(out, strcmp(text, "-") == 0 ? "" : text);
}

static int parse_proof(ds_hash *proof, size_t *count, char *text)
{
	char *item, *save = NULL;
	int rc;

	*count = 0;
	if (strcmp(text, "none") == 0)
		return DS_OK;
	for (item = strtok_r(text, ",", &save); item; item = strtok_r(NULL, ",", &save)) {
		if (*count == MAX_PROOF)
			return DS_ERANGE;
		if ((rc = parse_hash(&proof[(*count)++], item)) < 0)
			return rc;
	}
	return DS_OK;
}

static void print_proof(FILE *out, const ds_hash *proof, size_t count)
{
	size_t i;
	char *hex = NULL;

	if (count == 0)
		fputs("none", out);
	for (i = 0; i < count; i++) {
		if (ds_hash_to_hex(&hex, &proof[i]) == DS_OK)
			fprintf(out, "%s%s", i ? "," : "", hex);
		ds_free(hex);
	}
	fputc('\n', out);
}

typedef struct ds__proof_text {
	char data[MAX_PROOF * 66 + 1];
	size_t len;
} ds__proof_text;

static int write_file(const char *dir, const char *name, const char *text)
{
	char path[1024];
	FILE *f;

	snprintf(path, sizeof path, "%s/%s", dir, name);
	if (!(f = fopen(path, "w")))
		return DS_EIO;
	fputs(text, f);
	return fclose(f) == 0 ? DS_OK : DS_EIO;
}

static int note(char **args)
{
	ds_key *key = NULL;
	ds_hash root;
	char *text = NULL, *pem = NULL, *vkey = NULL;
	int rc;

	if ((rc = ds_key_generate(&key, strcmp(args[0], "sm2") == 0 ? DS_SIG_SM2_SM3 : DS_SIG_ED25519)) < 0 ||
	    (rc = parse_hash(&root, args[5])) < 0 ||
	    (rc = ds_checkpoint_sign(&text, args[3], strtoull(args[4], NULL, 10), &root, 0, args[2], key)) < 0 ||
	    (rc = ds_key_public_pem(&pem, key)) < 0 || (rc = ds_key_note_verifier(&vkey, key, args[2])) < 0)
		goto done;
	if ((rc = write_file(args[1], "note", text)) == DS_OK && (rc = write_file(args[1], "pub.pem", pem)) == DS_OK)
		rc = write_file(args[1], "vkey", vkey);
done:
	ds_free(text);
	ds_free(pem);
	ds_free(vkey);
	ds_key_free(key);
	return rc;
}

static int write_proof(const char *dir, const char *name, const ds_hash *proof, size_t count)
{
	ds__proof_text text;
	size_t i;
	char *hex = NULL;
	int rc = DS_OK;

	text.len = 0;
	text.data[0] = '\0';
	for (i = 0; i < count && rc == DS_OK; i++) {
		if ((rc = ds_hash_to_hex(&hex, &proof[i])) == DS_OK)
			text.len += (size_t)snprintf(text.data + text.len, sizeof text.data - text.len, "%s\n", hex);
		ds_free(hex);
		hex = NULL;
	}
	return rc == DS_OK ? write_file(dir, name, text.data) : rc;
}

static const char *const fixture_fields[] = { "济南某数据科技有限公司", "企业用电量月度指数", "370100-DP-2025-0042" };

static int cert_fixtures(const char *kind, const char *dir)
{
	ds_certificate_right right = { DS_RIGHT_HOLDING, "全量数据资源的持有", "2025-03-01", NULL, NULL };
	ds_certificate_fields f;
	ds_translog_options opts = DS_TRANSLOG_OPTIONS_INIT;
	ds_translog *log = NULL;
	ds_certificate *cert = NULL;
	ds_key *key = NULL;
	ds_hash root, *proof = NULL;
	size_t count = 0, entry_len = 0;
	unsigned char *entry = NULL;
	char *xml = NULL, *pem = NULL, *head = NULL, path[1024], *n = NULL, text[64];
	uint64_t index = 0;
	int rc, i;
	FILE *fp;

	if ((rc = ds_key_generate(&key, strcmp(kind, "sm2") == 0 ? DS_SIG_SM2_SM3 : DS_SIG_ED25519)) < 0)
		goto done;
	opts.hash = ds_key_hash_alg(key);
	snprintf(path, sizeof path, "%s/key.pem", dir);
	remove(path);
	if ((rc = ds_translog_new_memory(&log, &opts)) < 0 || (rc = ds_key_save_private(key, path)) < 0 ||
	    (rc = ds_key_public_pem(&pem, key)) < 0 || (rc = write_file(dir, "pub.pem", pem)) < 0 ||
	    (rc = ds_certificate_number_format(&n, "370100", 2025, 'P', 123)) < 0 ||
	    (rc = ds_certificate_fields_init(&f, DS_CERTIFICATE_FIELDS_VERSION)) < 0)
		goto done;
	f.number = n;
	f.registrant_name = fixture_fields[0];
	f.registrant_credit_code = "91350100M000100Y43";
	f.rights = &right;
	f.right_count = 1;
	f.object_name = fixture_fields[1];
	f.object_code = fixture_fields[2];
	f.object_description = "按行业汇总的企业月度用电量指数";
	f.data_source = "供电公司授权数据";
	f.scale_records = 1250000;
	f.scale_fields = 18;
	f.scale_bytes = 734003200;
	f.data_format = "CSV";
	f.update_frequency = "每月";
	f.coverage_region = "济南市";
	f.coverage_period = "2020-01 至 2025-01";
	f.quality_summary = "完整性 98; 准确性 97";
	f.security_class = DS_SECURITY_GENERAL;
	f.scenarios = "信贷风控";
	f.metadata_fingerprint = opts.hash == DS_HASH_SM3 ?
					 "sm3:66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0" :
					 "sha256:ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";
	f.application_date = "2025-02-10";
	f.publicity_start = "2025-02-14";
	f.publicity_end = "2025-02-28";
	f.registration_date = "2025-03-10";
	f.registry_name = "济南市数据资产登记平台";
	f.registry_key = key;
	for (i = 0; i < 5; i++)
		if ((rc = ds_translog_append(NULL, log, &i, sizeof i)) < 0)
			goto done;
	if ((rc = ds_certificate_build(&cert, &f)) < 0 ||
	    (rc = ds_certificate_log_entry(&entry, &entry_len, cert)) < 0 ||
	    (rc = ds_certificate_issue(&index, cert, log, "registry.jinan.example", 1764000000, key)) < 0 ||
	    (rc = ds_certificate_to_xml(&xml, cert)) < 0 || (rc = write_file(dir, "cert.xml", xml)) < 0)
		goto done;
	snprintf(path, sizeof path, "%s/entry", dir);
	if (!(fp = fopen(path, "wb")) || fwrite(entry, 1, entry_len, fp) != entry_len || fclose(fp) != 0) {
		rc = DS_EIO;
		goto done;
	}
	snprintf(text, sizeof text, "%" PRIu64 "\n", index);
	if ((rc = write_file(dir, "index", text)) < 0 || (rc = ds_translog_root(&root, log, index + 1)) < 0 ||
	    (rc = ds_checkpoint_sign(&head, "registry.jinan.example", index + 1, &root, 0, "registry.jinan.example",
				     key)) < 0 ||
	    (rc = write_file(dir, "cert.checkpoint", head)) < 0 ||
	    (rc = ds_translog_inclusion_proof(&proof, &count, log, index, index + 1)) < 0 ||
	    (rc = write_proof(dir, "inclusion.proof", proof, count)) < 0)
		goto done;
	ds_free(head);
	ds_free(proof);
	head = NULL;
	proof = NULL;
	for (i = 0; i < 10; i++)
		if ((rc = ds_translog_append(NULL, log, &i, sizeof i)) < 0)
			goto done;
	if ((rc = ds_translog_root(&root, log, 16)) < 0 ||
	    (rc = ds_checkpoint_sign(&head, "registry.jinan.example", 16, &root, 0, "registry.jinan.example", key)) <
		    0 ||
	    (rc = write_file(dir, "newer.checkpoint", head)) < 0 ||
	    (rc = ds_translog_consistency_proof(&proof, &count, log, index + 1, 16)) < 0 ||
	    (rc = write_proof(dir, "consistency.proof", proof, count)) < 0)
		goto done;
	ds_free(head);
	head = NULL;
	if ((rc = ds_translog_root(&root, log, 3)) < 0 ||
	    (rc = ds_checkpoint_sign(&head, "registry.jinan.example", 3, &root, 0, "registry.jinan.example", key)) < 0)
		goto done;
	rc = write_file(dir, "old.checkpoint", head);
done:
	ds_free(xml);
	ds_free(pem);
	ds_free(head);
	ds_free(proof);
	ds_free(n);
	ds_free(entry);
	ds_certificate_free(cert);
	ds_translog_free(log);
	ds_key_free(key);
	return rc;
}

static int answer(FILE *out, ds_translog **log, char **args, int nargs)
{
	static ds_hash proof[MAX_PROOF];
	ds_hash a, b, c, *made = NULL;
	size_t count = 0;
	uint64_t index;
	char *hex = NULL;
	int rc;

	if (nargs == 2 && strcmp(args[0], "log") == 0) {
		ds_translog_options opts = DS_TRANSLOG_OPTIONS_INIT;
		opts.hash = alg_of(args[1]);
		ds_translog_free(*log);
		*log = NULL;
		if ((rc = ds_translog_new_memory(log, &opts)) == DS_OK)
			fputs("ok\n", out);
		return rc;
	}
	if (nargs == 7 && strcmp(args[0], "note") == 0) {
		if ((rc = note(args + 1)) == DS_OK)
			fputs("ok\n", out);
		return rc;
	}
	if (nargs == 3 && strcmp(args[0], "cert") == 0) {
		if ((rc = cert_fixtures(args[1], args[2])) == DS_OK)
			fputs("ok\n", out);
		return rc;
	}
	if (nargs == 7 && strcmp(args[0], "vincl") == 0) {
		if ((rc = parse_hash(&a, args[4])) < 0 || (rc = parse_proof(proof, &count, args[5])) < 0 ||
		    (rc = parse_hash(&b, args[6])) < 0)
			return rc;
		rc = ds_merkle_verify_inclusion(alg_of(args[1]), strtoull(args[2], NULL, 10),
						strtoull(args[3], NULL, 10), &a, proof, count, &b);
		if (rc == DS_OK)
			fputs("ok\n", out);
		return rc;
	}
	if (nargs == 7 && strcmp(args[0], "vcons") == 0) {
		if ((rc = parse_hash(&a, args[4])) < 0 || (rc = parse_hash(&b, args[5])) < 0 ||
		    (rc = parse_proof(proof, &count, args[6])) < 0)
			return rc;
		rc = ds_merkle_verify_consistency(alg_of(args[1]), strtoull(args[2], NULL, 10),
						  strtoull(args[3], NULL, 10), &a, &b, proof, count);
		if (rc == DS_OK)
			fputs("ok\n", out);
		return rc;
	}
	if (!*log)
		return DS_ESTATE;
	if (nargs == 2 && strcmp(args[0], "add") == 0) {
		if ((rc = parse_hash(&c, args[1])) < 0 || (rc = ds_translog_append(&index, *log, c.bytes, c.size)) < 0)
			return rc;
		fprintf(out, "%" PRIu64 "\n", index);
		return DS_OK;
	}
	if (nargs == 2 && strcmp(args[0], "root") == 0) {
		if ((rc = ds_translog_root(&a, *log, strtoull(args[1], NULL, 10))) < 0 ||
		    (rc = ds_hash_to_hex(&hex, &a)) < 0)
			return rc;
		fprintf(out, "%s\n", hex);
		ds_free(hex);
		return DS_OK;
	}
	if (nargs == 3 && (strcmp(args[0], "incl") == 0 || strcmp(args[0], "cons") == 0)) {
		if (strcmp(args[0], "incl") == 0)
			rc = ds_translog_inclusion_proof(&made, &count, *log, strtoull(args[1], NULL, 10),
							 strtoull(args[2], NULL, 10));
		else
			rc = ds_translog_consistency_proof(&made, &count, *log, strtoull(args[1], NULL, 10),
							   strtoull(args[2], NULL, 10));
		if (rc == DS_OK)
			print_proof(out, made, count);
		ds_free(made);
		return rc;
	}
	return DS_EINVAL;
}

int main(void)
{
	static char line[1 << 16];
	ds_translog *log = NULL;
	char *args[8], *save;
	int nargs, rc;

	while (fgets(line, sizeof line, stdin)) {
		line[strcspn(line, "\n")] = '\0';
		nargs = 0;
		for (args[nargs] = strtok_r(line, " ", &save); args[nargs] && nargs < 7;)
			args[++nargs] = strtok_r(NULL, " ", &save);
		if ((rc = answer(stdout, &log, args, nargs)) < 0)
			printf("ERR %s\n", ds_strerror(rc));
	}
	ds_translog_free(log);
	return 0;
}
