/*
 * Trust through the registry, both profiles (Ed25519/SHA-256, SM2/SM3):
 *  - certificates issued per second: the REGISTERED transition of a
 *    registration in publicity, which allocates the number, builds the
 *    certificate and appends its log entry; the transaction's end signs a
 *    checkpoint (one for the documents waiting: up to 32 in a batch), proves
 *    inclusion, signs the certificate and stores it; one transaction each
 *    (synchronous NORMAL) and 1,000 per transaction;
 *  - certificates verified per second: read back from the registry and
 *    checked offline with the public key (ds_certificate_verify: XSD, check
 *    characters, two signatures, inclusion);
 *  - raw signatures per second through the same key (ds_key_sign/verify);
 *  - inclusion and consistency proofs at LOG_ENTRIES entries of the registry's
 *    own log in its SQLite file (log_nodes), made and verified.
 * Prints "key value" lines; bench/trust_ref.py runs `openssl speed ed25519
 * sm2` in the same run (the raw signature rate: the physical limit) and
 * prints the ratios. Usage: bench_trust [CERTIFICATES [LOG_ENTRIES [DIR]]]
 * (the only floating point is timing).
 * SPDX-License-Identifier: MIT
 */
#define _POSIX_C_SOURCE 200809L
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <datasset/datasset.h>

#define SUBJECT "91350100M000100Y43"
#define ENTRY                                                                                   \
	"<resource xmlns='urn:datasset:catalog:1'><identifier>370100-DP-2025-0042</identifier>" \
	"<title>企业用电量月度指数</title><abstract>按行业汇总的企业月度用电量指数</abstract></resource>"
/* 2025-03-03 09:00 China Standard Time; publicity ends 2025-03-17. */
#define T0 ((int64_t)1740963600)

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void die(const char *what)
{
	fprintf(stderr, "bench_trust: %s: %s\n", what, ds_error_last()->message);
	exit(1);
}

static uint64_t next_random(uint64_t *state)
{
	*state ^= *state << 13;
	*state ^= *state >> 7;
	*state ^= *state << 17;
	return *state;
}

/* A registry of @profile in @dir with its key and registrant. */
static ds_registry *open_registry(const char *path, ds_sig_alg alg, ds_registry_sync sync, char **key_id)
{
	ds_registry_options opts = DS_REGISTRY_OPTIONS_INIT;
	ds_registry *reg = NULL;

	unlink(path);
	opts.synchronous = sync;
	opts.log_hash = alg == DS_SIG_SM2_SM3 ? DS_HASH_SM3 : DS_HASH_SHA256;
	if (ds_registry_create(&reg, path, "济南市数据资产登记平台", "370100", &opts) < 0 ||
	    ds_registry_key_generate(key_id, reg, alg) < 0 ||
	    ds_registry_subject_add(reg, SUBJECT, "济南某数据科技有限公司", DS_SUBJECT_ENTERPRISE) < 0)
		die("create");
	return reg;
}

static void close_registry(ds_registry *reg, const char *path, char *key_id)
{
	char file[600];

	ds_registry_free(reg);
	unlink(path);
	snprintf(file, sizeof file, "%s.%.16s.key.pem", path, key_id);
	unlink(file);
	snprintf(file, sizeof file, "%s.%.16s.pub.pem", path, key_id);
	unlink(file);
	ds_free(key_id);
}

/* @n registrations taken to PUBLICITY in one batch (not timed); their ids are 1..n. */
static void to_publicity(ds_registry *reg, long n)
{
	static const ds_reg_state steps[] = { DS_STATE_ACCEPTED, DS_STATE_REVIEW, DS_STATE_PUBLICITY };
	ds_registration_request req = DS_REGISTRATION_REQUEST_INIT;
	ds_transition_request t = DS_TRANSITION_REQUEST_INIT;
	int64_t id;
	long i;
	int k;

	req.subject = SUBJECT;
	req.kind = DS_REG_PRODUCT;
	req.right = DS_RIGHT_OPERATING;
	req.entry_xml = ENTRY;
	req.scope = "全国范围内经营";
	req.term = "2025-03-20/2030-03-19";
	req.at = T0;
	t.actor = "审核员";
	t.reason = "材料齐全";
	t.at = T0 + 3600;
	if (ds_registry_begin(reg) < 0)
		die("begin");
	for (i = 0; i < n; i++) {
		if (ds_registry_apply(&id, reg, &req) < 0)
			die("apply");
		for (k = 0; k < 3; k++)
			if (ds_registry_advance(reg, id, steps[k], &t) < 0)
				die("advance");
	}
	if (ds_registry_commit(reg) < 0)
		die("commit");
}

/* Issue @n certificates (REGISTERED), @batch per transaction; certificates per second. */
static double issue(ds_registry *reg, long n, long batch)
{
	ds_transition_request t = DS_TRANSITION_REQUEST_INIT;
	double start;
	long i;

	t.actor = "登记员";
	t.reason = "公示期满无异议";
	t.at = T0 + 16 * 86400;
	start = now();
	for (i = 1; i <= n; i++) {
		if (batch > 1 && i % batch == 1 && ds_registry_begin(reg) < 0)
			die("begin");
		if (ds_registry_advance(reg, i, DS_STATE_REGISTERED, &t) < 0)
			die("registered");
		if (batch > 1 && (i % batch == 0 || i == n) && ds_registry_commit(reg) < 0)
			die("commit");
	}
	return (double)n / (now() - start);
}

/* Read back and verify @n certificates with the public key; per second. */
static double verify(ds_registry *reg, long n, size_t *bytes)
{
	ds_key *pub = NULL;
	char *pem = NULL, *xml = NULL;
	double start, elapsed;
	long i;

	if (ds_registry_public_key(&pem, reg, NULL) < 0 || ds_key_parse(&pub, pem, strlen(pem)) < 0)
		die("public key");
	start = now();
	for (i = 1; i <= n; i++) {
		ds_certificate_report *report = NULL;
		if (ds_registry_certificate(&xml, reg, i) < 0)
			die("certificate");
		if (ds_certificate_verify(&report, xml, strlen(xml), pub, NULL) < 0)
			die("verify");
		*bytes = strlen(xml);
		ds_certificate_report_free(report);
		ds_free(xml);
	}
	elapsed = now() - start;
	ds_key_free(pub);
	ds_free(pem);
	return (double)n / elapsed;
}

/* The raw signature rate through the registry's own key (a certificate-sized message). */
static void raw_signatures(ds_registry *reg, const char *name, long rounds, size_t bytes)
{
	ds_key *key = NULL;
	unsigned char *sig = NULL, *message;
	size_t sig_len = 0;
	double start, sign_s, verify_s;
	long i;

	if (!(message = calloc(bytes ? bytes : 1, 1)) || ds_registry_key_load(&key, reg, NULL) < 0)
		die("key");
	start = now();
	for (i = 0; i < rounds; i++) {
		ds_free(sig);
		if (ds_key_sign(&sig, &sig_len, key, message, bytes) < 0)
			die("sign");
	}
	sign_s = now() - start;
	start = now();
	for (i = 0; i < rounds; i++)
		if (ds_key_verify(key, message, bytes, sig, sig_len) < 0)
			die("verify signature");
	verify_s = now() - start;
	printf("%s_sign_per_s %.1f\n", name, (double)rounds / sign_s);
	printf("%s_verify_per_s %.1f\n", name, (double)rounds / verify_s);
	ds_free(sig);
	free(message);
	ds_key_free(key);
}

/* Proofs at @entries entries of the registry's log in its SQLite file. The
 * leaves are appended straight to the log (in one transaction): what is
 * measured is proving over the stored nodes, whatever the entries are. */
static void proofs(ds_registry *reg, const char *name, uint64_t entries, int queries)
{
	ds_translog *log = NULL;
	ds_hash leaf, root, old_root, *proof = NULL;
	ds_hash_alg alg;
	size_t count = 0;
	uint64_t i, size, state = 88172645463325252ull;
	double start, build_s, incl_gen = 0, incl_ver = 0, cons_gen = 0, cons_ver = 0, t;
	int q;

	if (ds_registry_log(&log, reg) < 0)
		die("log");
	alg = ds_translog_hash_alg(log);
	start = now();
	if (ds_registry_begin(reg) < 0)
		die("begin");
	for (i = ds_translog_size(log); i < entries; i++) {
		char entry[48];
		int n = snprintf(entry, sizeof entry, "registry event %" PRIu64, i);
		if (ds_merkle_leaf_hash(&leaf, alg, entry, (size_t)n) < 0 ||
		    ds_translog_append_leaf_hash(NULL, log, &leaf) < 0)
			die("append");
	}
	if (ds_registry_commit(reg) < 0)
		die("commit");
	build_s = now() - start;
	size = ds_translog_size(log);
	if (ds_translog_root(&root, log, size) < 0)
		die("root");
	for (q = 0; q < queries; q++) {
		uint64_t index = next_random(&state) % size, old = 1 + next_random(&state) % size;
		t = now();
		if (ds_translog_inclusion_proof(&proof, &count, log, index, size) < 0)
			die("inclusion proof");
		incl_gen += now() - t;
		if (ds_translog_leaf_hash(&leaf, log, index) < 0)
			die("leaf");
		t = now();
		if (ds_merkle_verify_inclusion(alg, index, size, &leaf, proof, count, &root) < 0)
			die("inclusion verify");
		incl_ver += now() - t;
		ds_free(proof);
		if (ds_translog_root(&old_root, log, old) < 0)
			die("old root");
		t = now();
		if (ds_translog_consistency_proof(&proof, &count, log, old, size) < 0)
			die("consistency proof");
		cons_gen += now() - t;
		t = now();
		if (ds_merkle_verify_consistency(alg, old, size, &old_root, &root, proof, count) < 0)
			die("consistency verify");
		cons_ver += now() - t;
		ds_free(proof);
	}
	printf("%s_log_entries %" PRIu64 "\n", name, size);
	printf("%s_log_build_s %.2f\n", name, build_s);
	printf("%s_inclusion_proof_us %.2f\n", name, incl_gen * 1e6 / queries);
	printf("%s_inclusion_verify_us %.2f\n", name, incl_ver * 1e6 / queries);
	printf("%s_consistency_proof_us %.2f\n", name, cons_gen * 1e6 / queries);
	printf("%s_consistency_verify_us %.2f\n", name, cons_ver * 1e6 / queries);
}

static void profile(const char *dir, ds_sig_alg alg, const char *name, long n, uint64_t entries)
{
	ds_registry *reg;
	char path[512], *key_id = NULL;
	size_t bytes = 0;
	double single, batched, verified;

	/* One transaction per certificate. */
	snprintf(path, sizeof path, "%s/trust-%s-1.db", dir, name);
	reg = open_registry(path, alg, DS_REGISTRY_SYNC_NORMAL, &key_id);
	to_publicity(reg, n);
	single = issue(reg, n, 1);
	verified = verify(reg, n, &bytes);
	raw_signatures(reg, name, n * 4, bytes);
	close_registry(reg, path, key_id);
	/* 1,000 per transaction, then the proofs over the same file's log. */
	key_id = NULL;
	snprintf(path, sizeof path, "%s/trust-%s-1000.db", dir, name);
	reg = open_registry(path, alg, DS_REGISTRY_SYNC_NORMAL, &key_id);
	to_publicity(reg, n);
	batched = issue(reg, n, 1000);
	if (ds_registry_log_verify(NULL, reg) < 0)
		die("log verify");
	printf("%s_certificates %ld\n", name, n);
	printf("%s_certificate_bytes %zu\n", name, bytes);
	printf("%s_issue_single_per_s %.1f\n", name, single);
	printf("%s_issue_batched_per_s %.1f\n", name, batched);
	printf("%s_cert_verify_per_s %.1f\n", name, verified);
	proofs(reg, name, entries, 2000);
	close_registry(reg, path, key_id);
}

int main(int argc, char **argv)
{
	long n = argc > 1 ? atol(argv[1]) : 2000;
	uint64_t entries = argc > 2 ? strtoull(argv[2], NULL, 10) : 1000000;
	const char *dir = argc > 3 ? argv[3] : ".";

	if (n < 1 || entries < 1)
		return 2;
	profile(dir, DS_SIG_ED25519, "ed25519", n, entries);
	profile(dir, DS_SIG_SM2_SM3, "sm2", n, entries);
	return 0;
}
