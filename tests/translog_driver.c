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
