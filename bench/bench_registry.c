/*
 * Registry throughput: N registrations taken from application to REGISTERED
 * (apply + four transitions, certificate number and query code each), against
 * a minimal loop of raw SQLite prepared-statement inserts of the same rows
 * (one registration, five transitions, seven events per registration) in the
 * same run. Prints "key value" lines; bench/registry_ref.py adds Python's
 * sqlite3 doing the same inserts and prints the ratios.
 * Usage: bench_registry [N [DIR]]   (the only floating point is timing)
 * SPDX-License-Identifier: MIT
 */
#define _POSIX_C_SOURCE 200809L
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
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

/* Registrations per second with @batch registrations per transaction. */
static double run_registry(const char *dir, long n, long batch, ds_registry_sync sync)
{
	ds_registry_options opts = DS_REGISTRY_OPTIONS_INIT;
	ds_registry *reg = NULL;
	ds_registration *last = NULL;
	char path[512], expected[32], *key_id = NULL;
	double start, elapsed;
	long i;

	snprintf(path, sizeof path, "%s/bench-%ld-%d.db", dir, batch, (int)sync);
	unlink(path);
	opts.synchronous = sync;
	/* Registering issues a signed certificate (Ed25519): a registry needs its key. */
	if (ds_registry_create(&reg, path, "bench", "370100", &opts) < 0 ||
	    ds_registry_key_generate(&key_id, reg, DS_SIG_ED25519) < 0 ||
	    ds_registry_subject_add(reg, SUBJECT, "基准企业", DS_SUBJECT_UNSPECIFIED) < 0)
		die("create");
	start = now();
	for (i = 0; i < n; i++) {
		if (i % batch == 0 && ds_registry_begin(reg) < 0)
			die("begin");
		one(reg);
		if ((i % batch == batch - 1 || i == n - 1) && ds_registry_commit(reg) < 0)
			die("commit");
	}
	elapsed = now() - start;
	/* The last certificate number proves every registration got one, without gaps. */
	if (ds_registry_get(&last, reg, n) < 0)
		die("get");
	snprintf(expected, sizeof expected, "370100-2025-P-%08ld-", n);
	if (strncmp(last->certificate, expected, 22) != 0) {
		fprintf(stderr, "bench_registry: last certificate %s, expected %s?\n", last->certificate, expected);
		exit(1);
	}
	ds_free(last);
	ds_registry_free(reg);
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

/* The reference: the same rows through bare prepared statements, 1,000 per transaction. */
static double run_raw(const char *dir, long n)
{
	sqlite3 *db = NULL;
	sqlite3_stmt *reg_stmt, *tr_stmt, *ev_stmt;
	char path[512], number[48];
	double start, elapsed;
	long i;
	int k;

	snprintf(path, sizeof path, "%s/bench-raw.db", dir);
	unlink(path);
	if (sqlite3_open(path, &db) != SQLITE_OK)
		exit(1);
	exec(db,
	     "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;"
	     "CREATE TABLE registrations (id INTEGER PRIMARY KEY, subject TEXT, kind INTEGER, right_ INTEGER,"
	     " type INTEGER, state INTEGER, entry_id TEXT, entry_title TEXT, entry_xml TEXT, applied TEXT, updated TEXT,"
	     " publicity_start TEXT, publicity_end TEXT, registered TEXT, certificate TEXT UNIQUE, query_code TEXT UNIQUE);"
	     "CREATE TABLE transitions (seq INTEGER PRIMARY KEY, registration INTEGER, from_state INTEGER,"
	     " to_state INTEGER, actor TEXT, at TEXT, date TEXT, reason TEXT, evidence TEXT);"
	     "CREATE INDEX transitions_registration ON transitions (registration);"
	     "CREATE TABLE events (seq INTEGER PRIMARY KEY AUTOINCREMENT, type TEXT, registration INTEGER, at TEXT,"
	     " body TEXT);");
	sqlite3_prepare_v2(db,
			   "INSERT INTO registrations VALUES (?, '" SUBJECT "', 1, 2, 0, 6, 'B-1', '基准', \"" ENTRY
			   "\","
			   " '2025-03-03', '2025-03-19T01:00:00Z', '2025-03-03', '2025-03-17', '2025-03-19', ?, ?)",
			   -1, &reg_stmt, NULL);
	sqlite3_prepare_v2(db,
			   "INSERT INTO transitions (registration, from_state, to_state, actor, at, date, reason)"
			   " VALUES (?, ?, ?, 'bench', '2025-03-03T02:00:00Z', '2025-03-03', 'bench')",
			   -1, &tr_stmt, NULL);
	sqlite3_prepare_v2(db,
			   "INSERT INTO events (type, registration, at, body) VALUES ('transition', ?, "
			   "'2025-03-03T02:00:00Z', ?)",
			   -1, &ev_stmt, NULL);
	start = now();
	for (i = 1; i <= n; i++) {
		if (i % 1000 == 1)
			exec(db, "BEGIN IMMEDIATE");
		snprintf(number, sizeof number, "370100-2025-P-%08ld-X", i);
		sqlite3_bind_int64(reg_stmt, 1, i);
		sqlite3_bind_text(reg_stmt, 2, number, -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(reg_stmt, 3, number + 7, -1, SQLITE_TRANSIENT);
		sqlite3_step(reg_stmt);
		sqlite3_reset(reg_stmt);
		for (k = 0; k < 5; k++) {
			sqlite3_bind_int64(tr_stmt, 1, i);
			sqlite3_bind_int(tr_stmt, 2, k);
			sqlite3_bind_int(tr_stmt, 3, k + 1);
			sqlite3_step(tr_stmt);
			sqlite3_reset(tr_stmt);
		}
		for (k = 0; k < 7; k++) {
			sqlite3_bind_int64(ev_stmt, 1, i);
			sqlite3_bind_text(
				ev_stmt, 2,
				"{\"actor\":\"bench\",\"at\":\"2025-03-03T02:00:00Z\",\"date\":\"2025-03-03\","
				"\"event\":\"transition\",\"from\":\"accepted\",\"reason\":\"bench\",\"to\":\"review\"}",
				-1, SQLITE_STATIC);
			sqlite3_step(ev_stmt);
			sqlite3_reset(ev_stmt);
		}
		if (i % 1000 == 0 || i == n)
			exec(db, "COMMIT");
	}
	elapsed = now() - start;
	sqlite3_finalize(reg_stmt);
	sqlite3_finalize(tr_stmt);
	sqlite3_finalize(ev_stmt);
	sqlite3_close(db);
	unlink(path);
	return (double)n / elapsed;
}

int main(int argc, char **argv)
{
	long n = argc > 1 ? atol(argv[1]) : 100000;
	const char *dir = argc > 2 ? argv[2] : ".";
	long single = n / 20 > 0 ? n / 20 : 1;
	double raw, batched, normal, full;

	if (n < 1)
		return 2;
	raw = run_raw(dir, n);
	batched = run_registry(dir, n, 1000, DS_REGISTRY_SYNC_NORMAL);
	/* One transaction per registration is bounded by fsync: a smaller sample says the same. */
	normal = run_registry(dir, single, 1, DS_REGISTRY_SYNC_NORMAL);
	full = run_registry(dir, single, 1, DS_REGISTRY_SYNC_FULL);
	printf("registrations %ld\n", n);
	printf("raw_per_s %.0f\n", raw);
	printf("batched_per_s %.0f\n", batched);
	printf("single_sample %ld\n", single);
	printf("single_normal_per_s %.0f\n", normal);
	printf("single_full_per_s %.0f\n", full);
	return 0;
}
