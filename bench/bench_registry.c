/*
 * Registry throughput: N registrations taken from application to REGISTERED
 * (apply + four transitions; certificate number, query code and the signed
 * Ed25519 certificate each — a registry refuses REGISTERED without a signing
 * key), against a minimal loop of raw SQLite prepared-statement inserts of the
 * same rows in the same run: per registration one registration row (its final
 * values), five transitions, eight events (application, five transitions,
 * certificate number, the certificate's canonical log entry), the log's nodes
 * for those eight entries (leaf and completed parents, as the registry stores
 * them), the sequence row and the certificate document (of the size the
 * registry wrote). The raw side hashes and signs nothing: signing is not an
 * insert, so the ratio includes everything the certificate costs. Its query
 * codes are random like the registry's (the same alphabet and form, from a
 * cheap generator rather than the system's random source), so both sides'
 * UNIQUE index on them takes inserts at random places.
 * Rates are by the wall clock and, for the batched runs and the raw loop,
 * by the process's CPU time too (steadier on a shared machine). Batches sign
 * on a helper thread (the default, DS_REGISTRY_SIGN_BACKGROUND), so their CPU
 * time counts both threads; one more bulk run signs on the calling thread
 * (DS_REGISTRY_SIGN_CALLER) for the one-thread figure.
 * Both sides report the database's size per registration (the file after its
 * connection closed, so the WAL is checkpointed into it).
 * With DS_BENCH_REGISTRY_LARGE=1 in the environment (the scale of a
 * province's year: make bench-registry-large, N = 10^6) only the batched run
 * (1,000 per transaction) and the raw loop (once) run, and the batched database is
 * kept open at the end for what an operator does with it: a full
 * ds_registry_log_verify() (every event rehashed, every stored node
 * compared), and a sample of certificates spread over the run read back and
 * verified (signature, checkpoint, inclusion proof) with the log's inclusion
 * proof of their entries in the final tree checked too.
 * Prints "key value" lines; bench/registry_ref.py adds Python's sqlite3 doing
 * the same inserts and prints the ratios.
 * Usage: bench_registry [N [DIR]]   (the only floating point is timing)
 * SPDX-License-Identifier: MIT
 */
#define _POSIX_C_SOURCE 200809L
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <sqlite3.h>

#include <datasset/datasset.h>

#define SUBJECT "91350100M000100Y43"
#define ENTRY "<resource xmlns='urn:datasset:catalog:1'><identifier>B-1</identifier><title>基准</title></resource>"

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* CPU seconds of the process: on a shared machine the wall clock also counts
 * other programs' time slices; CPU time (user + system, so the raw side's
 * writes count too) is the steadier comparison. */
static double cpu_now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void die(const char *what)
{
	fprintf(stderr, "bench_registry: %s: %s\n", what, ds_error_last()->message);
	exit(1);
}

/* 2025-03-03 09:00 China Standard Time; publicity ends 2025-03-17. */
#define T0 ((int64_t)1740963600)

static void one(ds_registry *reg)
{
	static const ds_reg_state steps[] = { DS_STATE_ACCEPTED, DS_STATE_REVIEW, DS_STATE_PUBLICITY,
					      DS_STATE_REGISTERED };
	ds_registration_request req = DS_REGISTRATION_REQUEST_INIT;
	ds_transition_request t = DS_TRANSITION_REQUEST_INIT;
	int64_t id;
	int i;
	req.subject = SUBJECT;
	req.kind = DS_REG_PRODUCT;
	req.right = DS_RIGHT_OPERATING;
	req.entry_xml = ENTRY;
	req.at = T0;
	if (ds_registry_apply(&id, reg, &req) < 0)
		die("apply");
	t.actor = "bench";
	t.reason = "bench";
	for (i = 0; i < 4; i++) {
		t.at = i < 3 ? T0 + 3600 : T0 + 16 * 86400;
		if (ds_registry_advance(reg, id, steps[i], &t) < 0)
			die("advance");
	}
}

/* The key files ds_registry_key_generate() wrote beside @db. */
static void remove_keys(const char *db, const char *key_id)
{
	char file[600];
	snprintf(file, sizeof file, "%s.%.16s.key.pem", db, key_id);
	unlink(file);
	snprintf(file, sizeof file, "%s.%.16s.pub.pem", db, key_id);
	unlink(file);
}

/* The size of the last certificate document (the raw side stores as much). */
static size_t certificate_bytes;

/* Bytes of the database file at @path (its connection closed: no WAL left). */
static long long file_bytes(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0 ? (long long)st.st_size : -1;
}

/* The last batched run's database size, and (large mode) the checks on it. */
static long long registry_db_bytes, raw_db_bytes;
static double verify_seconds, proofs_seconds;
static long proofs_checked;

/* What an operator does with a year's registry (large mode): the whole log
 * verified, then @samples certificates spread over the run verified with the
 * registry's key (signature, checkpoint and the inclusion proof they carry),
 * and the inclusion proof of each one's log entry in the final tree. */
static void check_registry(ds_registry *reg, long n, long samples)
{
	ds_translog *log = NULL;
	ds_key *key = NULL;
	ds_hash root, leaf, *proof = NULL;
	uint64_t bad = 0, size;
	size_t proof_len = 0;
	double start = now();
	long k;

	if (ds_registry_log_verify(&bad, reg) < 0)
		die("log verify");
	verify_seconds = now() - start;
	start = now();
	if (ds_registry_log(&log, reg) < 0 || ds_registry_key_load(&key, reg, NULL) < 0)
		die("log");
	size = ds_translog_size(log);
	if (ds_translog_root(&root, log, size) < 0)
		die("root");
	for (k = 0; k < samples; k++) {
		ds_certificate_report *report = NULL;
		ds_certificate *cert = NULL;
		int64_t id = 1 + (int64_t)((n - 1) * k / (samples > 1 ? samples - 1 : 1));
		char *xml = NULL;
		unsigned char *entry = NULL;
		size_t entry_len = 0;
		uint64_t index;
		if (ds_registry_certificate(&xml, reg, id) < 0)
			die("certificate");
		if (ds_certificate_verify(&report, xml, strlen(xml), key, NULL) < 0)
			die("certificate verify");
		ds_certificate_report_free(report);
		/* Registration id's entries are the 8 after the registry's own
		 * (size - 8n of them): its certificate's is the last; the leaf is
		 * hashed here from the document read back, not taken from the log. */
		index = size - 8 * (uint64_t)n + 8 * (uint64_t)id - 1;
		if (ds_certificate_parse(&cert, xml, strlen(xml)) < 0 ||
		    ds_certificate_log_entry(&entry, &entry_len, cert) < 0 ||
		    ds_merkle_leaf_hash(&leaf, ds_translog_hash_alg(log), entry, entry_len) < 0)
			die("certificate entry");
		if (ds_translog_inclusion_proof(&proof, &proof_len, log, index, size) < 0 ||
		    ds_merkle_verify_inclusion(ds_translog_hash_alg(log), index, size, &leaf, proof, proof_len, &root) <
			    0)
			die("inclusion proof in the final tree");
		ds_free(entry);
		ds_free(proof);
		ds_certificate_free(cert);
		ds_free(xml);
		proofs_checked++;
	}
	proofs_seconds = now() - start;
	ds_key_free(key);
}

/* Registrations per second with @batch registrations per transaction (bulk:
 * ds_registry_begin_bulk, no savepoint per call), signing as @signing says;
 * *@cpu_rate by CPU time. */
static double run_registry(const char *dir, long n, long batch, ds_registry_sync sync, int bulk,
			   ds_registry_signing signing, double *cpu_rate, long samples)
{
	double cpu_start;
	ds_registry_options opts = DS_REGISTRY_OPTIONS_INIT;
	ds_registry *reg = NULL;
	ds_registration *last = NULL;
	char path[512], expected[32], *key_id = NULL, *xml = NULL;
	double start, elapsed;
	long i;

	snprintf(path, sizeof path, "%s/bench-%ld-%d-%d.db", dir, batch, (int)sync, bulk);
	unlink(path);
	opts.synchronous = sync;
	opts.signing = signing;
	/* Registering issues a signed certificate (Ed25519): a registry needs its key. */
	if (ds_registry_create(&reg, path, "bench", "370100", &opts) < 0 ||
	    ds_registry_key_generate(&key_id, reg, DS_SIG_ED25519) < 0 ||
	    ds_registry_subject_add(reg, SUBJECT, "基准企业", DS_SUBJECT_UNSPECIFIED) < 0)
		die("create");
	cpu_start = cpu_now();
	start = now();
	for (i = 0; i < n; i++) {
		if (i % batch == 0 && (bulk ? ds_registry_begin_bulk(reg) : ds_registry_begin(reg)) < 0)
			die("begin");
		one(reg);
		if ((i % batch == batch - 1 || i == n - 1) && ds_registry_commit(reg) < 0)
			die("commit");
	}
	elapsed = now() - start;
	if (cpu_rate)
		*cpu_rate = (double)n / (cpu_now() - cpu_start);
	/* The last certificate number proves every registration got one, without gaps. */
	if (ds_registry_get(&last, reg, n) < 0 || ds_registry_certificate(&xml, reg, n) < 0)
		die("get");
	snprintf(expected, sizeof expected, "370100-2025-P-%08ld-", n);
	if (strncmp(last->certificate, expected, 22) != 0) {
		fprintf(stderr, "bench_registry: last certificate %s, expected %s?\n", last->certificate, expected);
		exit(1);
	}
	certificate_bytes = strlen(xml);
	ds_free(xml);
	ds_free(last);
	if (samples > 0)
		check_registry(reg, n, samples);
	ds_registry_free(reg);
	registry_db_bytes = file_bytes(path);
	unlink(path);
	remove_keys(path, key_id);
	ds_free(key_id);
	return (double)n / elapsed;
}

static void exec(sqlite3 *db, const char *sql)
{
	if (sqlite3_exec(db, sql, NULL, NULL, NULL) != SQLITE_OK) {
		fprintf(stderr, "bench_registry: %s: %s\n", sql, sqlite3_errmsg(db));
		exit(1);
	}
}

#define EVENT_BODY                                                                                               \
	"{\"actor\":\"bench\",\"at\":\"2025-03-03T02:00:00Z\",\"date\":\"2025-03-03\",\"event\":\"transition\"," \
	"\"from\":\"accepted\",\"reason\":\"bench\",\"registration\":1,\"to\":\"review\"}"
/* A query code of the registry's form (16 characters of the credit-code
 * alphabet in four groups), from xorshift64*: the same key distribution as
 * the registry's, not its cost (the registry reads the system's random source). */
static void raw_query_code(char out[20], uint64_t *state)
{
	static const char alphabet[] = "0123456789ABCDEFGHJKLMNPQRTUWXY";
	int n;

	for (n = 0; n < 16; n++) {
		uint64_t x = *state;
		x ^= x >> 12;
		x ^= x << 25;
		x ^= x >> 27;
		*state = x;
		*out++ = alphabet[((x * UINT64_C(2685821657736338717)) >> 33) % 31];
		if (n % 4 == 3 && n < 15)
			*out++ = '-';
	}
	*out = '\0';
}

#define NODE_HASH "5a0b3c1d9e8f7a6b5c4d3e2f1a0b9c8d7e6f5a4b3c2d1e0f9a8b7c6d5e4f3a2b"

/* The reference: the same rows through bare prepared statements, 1,000 per transaction. */
static double run_raw(const char *dir, long n, double *cpu_rate)
{
	double cpu_start;
	sqlite3 *db = NULL;
	sqlite3_stmt *reg_stmt, *tr_stmt, *ev_stmt, *node_stmt, *seq_stmt, *cert_stmt;
	char path[512], number[48], *document, *entry;
	double start, elapsed;
	long i, leaf = 0;
	uint64_t random_state = UINT64_C(0x9E3779B97F4A7C15);
	char query[20];
	int k;

	/* A certificate document and its log entry (the document without evidence
	 * and signature: about two thirds of it) of the sizes the registry wrote. */
	if (!(document = malloc(certificate_bytes + 1)) || !(entry = malloc(certificate_bytes * 2 / 3 + 1)))
		exit(1);
	memset(document, 'c', certificate_bytes);
	document[certificate_bytes] = '\0';
	memset(entry, 'e', certificate_bytes * 2 / 3);
	entry[certificate_bytes * 2 / 3] = '\0';
	snprintf(path, sizeof path, "%s/bench-raw.db", dir);
	unlink(path);
	if (sqlite3_open(path, &db) != SQLITE_OK)
		exit(1);
	exec(db,
	     "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;"
	     "CREATE TABLE registrations (id INTEGER PRIMARY KEY, subject TEXT, kind INTEGER, right_ INTEGER,"
	     " type INTEGER, changes INTEGER, state INTEGER, entry_id TEXT, entry_title TEXT, entry_xml TEXT, scope TEXT,"
	     " term TEXT, restrictions TEXT, applied TEXT, updated TEXT, probe_xml TEXT, valuation_xml TEXT,"
	     " publicity_start TEXT, publicity_end TEXT, registered TEXT, certificate TEXT UNIQUE, query_code TEXT UNIQUE);"
	     "CREATE INDEX registrations_subject ON registrations (subject);"
	     "CREATE INDEX registrations_state ON registrations (state);"
	     "CREATE TABLE transitions (seq INTEGER PRIMARY KEY, registration INTEGER, from_state INTEGER,"
	     " to_state INTEGER, actor TEXT, at TEXT, date TEXT, reason TEXT, evidence TEXT);"
	     "CREATE INDEX transitions_registration ON transitions (registration);"
	     "CREATE TABLE events (seq INTEGER PRIMARY KEY AUTOINCREMENT, type TEXT, registration INTEGER, at TEXT,"
	     " body TEXT);"
	     "CREATE TABLE log_nodes (level INTEGER NOT NULL, idx INTEGER NOT NULL, hash TEXT NOT NULL,"
	     " PRIMARY KEY (level, idx)) WITHOUT ROWID;"
	     "CREATE TABLE certificate_sequences (year INTEGER NOT NULL, kind INTEGER NOT NULL, last INTEGER NOT NULL,"
	     " PRIMARY KEY (year, kind));"
	     "CREATE TABLE certificates (registration INTEGER PRIMARY KEY, number TEXT NOT NULL UNIQUE,"
	     " log_index INTEGER NOT NULL, xml TEXT NOT NULL);");
	sqlite3_prepare_v2(db,
			   "INSERT INTO registrations VALUES (?, '" SUBJECT
			   "', 1, 2, 0, NULL, 6, 'B-1', '基准', \"" ENTRY
			   "\", NULL, NULL, NULL, '2025-03-03', '2025-03-19T01:00:00Z', NULL, NULL, '2025-03-03',"
			   " '2025-03-17', '2025-03-19', ?, ?)",
			   -1, &reg_stmt, NULL);
	sqlite3_prepare_v2(db,
			   "INSERT INTO transitions (registration, from_state, to_state, actor, at, date, reason)"
			   " VALUES (?, ?, ?, 'bench', '2025-03-03T02:00:00Z', '2025-03-03', 'bench')",
			   -1, &tr_stmt, NULL);
	sqlite3_prepare_v2(db,
			   "INSERT INTO events (type, registration, at, body) VALUES ('transition', ?, "
			   "'2025-03-03T02:00:00Z', ?)",
			   -1, &ev_stmt, NULL);
	sqlite3_prepare_v2(db, "INSERT OR REPLACE INTO log_nodes (level, idx, hash) VALUES (?, ?, '" NODE_HASH "')", -1,
			   &node_stmt, NULL);
	sqlite3_prepare_v2(db,
			   "INSERT INTO certificate_sequences (year, kind, last) VALUES (2025, 1, 1)"
			   " ON CONFLICT (year, kind) DO UPDATE SET last = last + 1",
			   -1, &seq_stmt, NULL);
	sqlite3_prepare_v2(db, "INSERT INTO certificates VALUES (?, ?, ?, ?)", -1, &cert_stmt, NULL);
	cpu_start = cpu_now();
	start = now();
	for (i = 1; i <= n; i++) {
		if (i % 1000 == 1)
			exec(db, "BEGIN IMMEDIATE");
		snprintf(number, sizeof number, "370100-2025-P-%08ld-X", i);
		sqlite3_bind_int64(reg_stmt, 1, i);
		sqlite3_bind_text(reg_stmt, 2, number, -1, SQLITE_TRANSIENT);
		raw_query_code(query, &random_state);
		sqlite3_bind_text(reg_stmt, 3, query, -1, SQLITE_TRANSIENT);
		sqlite3_step(reg_stmt);
		sqlite3_reset(reg_stmt);
		for (k = 0; k < 5; k++) {
			sqlite3_bind_int64(tr_stmt, 1, i);
			sqlite3_bind_int(tr_stmt, 2, k);
			sqlite3_bind_int(tr_stmt, 3, k + 1);
			sqlite3_step(tr_stmt);
			sqlite3_reset(tr_stmt);
		}
		for (k = 0; k < 8; k++) {
			long level, width;
			sqlite3_bind_int64(ev_stmt, 1, i);
			sqlite3_bind_text(ev_stmt, 2, k == 7 ? entry : EVENT_BODY, -1, SQLITE_STATIC);
			sqlite3_step(ev_stmt);
			sqlite3_reset(ev_stmt);
			/* The leaf and every parent it completes. */
			for (level = 0, width = 1; level == 0 || (leaf + 1) % width == 0; level++, width *= 2) {
				sqlite3_bind_int64(node_stmt, 1, level);
				sqlite3_bind_int64(node_stmt, 2, level == 0 ? leaf : (leaf + 1) / width - 1);
				sqlite3_step(node_stmt);
				sqlite3_reset(node_stmt);
			}
			leaf++;
		}
		sqlite3_step(seq_stmt);
		sqlite3_reset(seq_stmt);
		sqlite3_bind_int64(cert_stmt, 1, i);
		sqlite3_bind_text(cert_stmt, 2, number, -1, SQLITE_TRANSIENT);
		sqlite3_bind_int64(cert_stmt, 3, leaf - 1);
		sqlite3_bind_text(cert_stmt, 4, document, -1, SQLITE_STATIC);
		sqlite3_step(cert_stmt);
		sqlite3_reset(cert_stmt);
		if (i % 1000 == 0 || i == n)
			exec(db, "COMMIT");
	}
	elapsed = now() - start;
	*cpu_rate = (double)n / (cpu_now() - cpu_start);
	sqlite3_finalize(reg_stmt);
	sqlite3_finalize(tr_stmt);
	sqlite3_finalize(ev_stmt);
	sqlite3_finalize(node_stmt);
	sqlite3_finalize(seq_stmt);
	sqlite3_finalize(cert_stmt);
	sqlite3_close(db);
	raw_db_bytes = file_bytes(path);
	unlink(path);
	free(document);
	free(entry);
	return (double)n / elapsed;
}

int main(int argc, char **argv)
{
	long n = argc > 1 ? atol(argv[1]) : 100000;
	const char *dir = argc > 2 ? argv[2] : ".";
	const char *large_env = getenv("DS_BENCH_REGISTRY_LARGE");
	int large = large_env && strcmp(large_env, "1") == 0;
	long single = n / 20 > 0 ? n / 20 : 1, samples = n < 100 ? n : 100;
	double raw, raw_first, raw_last, batched, bulk = 0, caller = 0, normal = 0, full = 0, raw_cpu = 0,
						  raw_cpu_first = 0, batched_cpu = 0, bulk_cpu = 0, caller_cpu = 0;
	long long batched_db_bytes;

	if (n < 1)
		return 2;
	/* The raw loop runs twice, between and after the batched runs, and its
	 * mean is the reference: a shared machine's load drifts over a minute
	 * (once in large mode). */
	batched = run_registry(dir, n, 1000, DS_REGISTRY_SYNC_NORMAL, 0, DS_REGISTRY_SIGN_BACKGROUND, &batched_cpu,
			       large ? samples : 0);
	batched_db_bytes = registry_db_bytes;
	raw_first = run_raw(dir, n, &raw_cpu_first);
	/* At a large N the raw loop runs once (minutes, and gigabytes written). */
	raw_last = raw_first;
	raw_cpu = raw_cpu_first;
	if (!large) {
		bulk = run_registry(dir, n, 1000, DS_REGISTRY_SYNC_NORMAL, 1, DS_REGISTRY_SIGN_BACKGROUND, &bulk_cpu,
				    0);
		raw_last = run_raw(dir, n, &raw_cpu);
		caller =
			run_registry(dir, n, 1000, DS_REGISTRY_SYNC_NORMAL, 1, DS_REGISTRY_SIGN_CALLER, &caller_cpu, 0);
		/* One transaction per registration is bounded by fsync: a smaller sample says the same. */
		normal = run_registry(dir, single, 1, DS_REGISTRY_SYNC_NORMAL, 0, DS_REGISTRY_SIGN_BACKGROUND, NULL, 0);
		full = run_registry(dir, single, 1, DS_REGISTRY_SYNC_FULL, 0, DS_REGISTRY_SIGN_BACKGROUND, NULL, 0);
	}
	raw = (raw_first + raw_last) / 2;
	raw_cpu = (raw_cpu_first + raw_cpu) / 2;
	printf("registrations %ld\n", n);
	printf("large %d\n", large);
	printf("certificate_bytes %zu\n", certificate_bytes);
	printf("batched_db_bytes %lld\n", batched_db_bytes);
	printf("raw_db_bytes %lld\n", raw_db_bytes);
	printf("raw_per_s %.0f\n", raw);
	printf("raw_first_per_s %.0f\n", raw_first);
	printf("raw_last_per_s %.0f\n", raw_last);
	printf("raw_cpu_per_s %.0f\n", raw_cpu);
	printf("batched_cpu_per_s %.0f\n", batched_cpu);
	printf("batched_per_s %.0f\n", batched);
	if (large) {
		printf("log_verify_s %.2f\n", verify_seconds);
		printf("proofs_checked %ld\n", proofs_checked);
		printf("proofs_s %.3f\n", proofs_seconds);
		return 0;
	}
	printf("bulk_cpu_per_s %.0f\n", bulk_cpu);
	printf("bulk_per_s %.0f\n", bulk);
	printf("bulk_caller_per_s %.0f\n", caller);
	printf("bulk_caller_cpu_per_s %.0f\n", caller_cpu);
	printf("single_sample %ld\n", single);
	printf("single_normal_per_s %.0f\n", normal);
	printf("single_full_per_s %.0f\n", full);
	return 0;
}
