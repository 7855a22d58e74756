/*
 * Registry throughput on PostgreSQL (bench/registry_pg.sh starts a throwaway
 * server and runs this beside bench_registry's SQLite figures): N
 * registrations from application to REGISTERED (as bench_registry.c: apply,
 * four transitions, certificate number, query code, signed Ed25519
 * certificate logged and stored), 1,000 per transaction and in bulk batches,
 * against raw libpq prepared-statement inserts of the same rows in the same
 * run (per registration: the registration row, five transitions, eight
 * events, the log nodes those entries add, the sequence row upsert and a
 * certificate document of the size the registry wrote; one round trip per
 * row, 1,000 registrations per transaction; nothing hashed or signed).
 * Prints "key value" lines: each phase's rate, and where its time went (wall
 * seconds, this client's CPU seconds, the server's CPU seconds from /proc
 * when DS_TEST_PG_DIR names its directory, and with pg_stat_statements loaded
 * the server's execution time, statement count and, as "# " lines, its top
 * statements: DS_BENCH_PG_TOP of them, default 12).
 * Usage: bench_registry_pg URI N    (URI: postgresql://…?host=…&port=… with
 * its query begun; registries and the raw tables are made fresh)
 * SPDX-License-Identifier: MIT
 */
#define _POSIX_C_SOURCE 200809L
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <dirent.h>
#include <sys/resource.h>

#include <libpq-fe.h>

#include <datasset/datasset.h>

#define SUBJECT "91350100M000100Y43"
#define ENTRY "<resource xmlns='urn:datasset:catalog:1'><identifier>B-1</identifier><title>基准</title></resource>"
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
	fprintf(stderr, "bench_registry_pg: %s: %s\n", what, ds_error_last()->message);
	exit(1);
}

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

static size_t certificate_bytes;

/* Where a phase's time went: the client's CPU (getrusage: this process,
 * which builds, hashes and signs everything), the server's CPU (every
 * process of the throwaway server, from /proc: utime + stime of the
 * postmaster named in DS_TEST_PG_DIR/data/postmaster.pid and its children),
 * and, when the server loaded pg_stat_statements, its statements ranked by
 * total execution time. */
typedef struct cost {
	double wall, client, server;
} cost;

static long postmaster = -1;

static double client_cpu(void)
{
	struct rusage ru;
	getrusage(RUSAGE_SELF, &ru);
	return (double)ru.ru_utime.tv_sec + (double)ru.ru_utime.tv_usec / 1e6 + (double)ru.ru_stime.tv_sec +
	       (double)ru.ru_stime.tv_usec / 1e6;
}

/* utime + stime of @pid in seconds; *ppid its parent. -1 when unreadable. */
static double proc_cpu(long pid, long *ppid)
{
	char path[64], buf[1024], *p;
	unsigned long ut = 0, st = 0;
	FILE *f;
	size_t n;

	snprintf(path, sizeof path, "/proc/%ld/stat", pid);
	if (!(f = fopen(path, "r")))
		return -1;
	n = fread(buf, 1, sizeof buf - 1, f);
	fclose(f);
	buf[n] = '\0';
	/* After the command's closing parenthesis: state ppid ... utime (14) stime (15). */
	if (!(p = strrchr(buf, ')')) ||
	    sscanf(p + 2, "%*c %ld %*d %*d %*d %*d %*u %*u %*u %*u %*u %lu %lu", ppid, &ut, &st) != 3)
		return -1;
	return (double)(ut + st) / (double)sysconf(_SC_CLK_TCK);
}

static double server_cpu(void)
{
	char path[1200];
	double total = 0;
	long pid;
	FILE *f;
	DIR *d;
	const char *dir = getenv("DS_TEST_PG_DIR");

	if (postmaster < 0) {
		postmaster = 0;
		snprintf(path, sizeof path, "%s/data/postmaster.pid", dir ? dir : "");
		if (dir && (f = fopen(path, "r"))) {
			if (fscanf(f, "%ld", &pid) == 1)
				postmaster = pid;
			fclose(f);
		}
	}
	if (postmaster <= 0)
		return 0;
	/* The server's processes: the postmaster and its children. */
	if ((d = opendir("/proc"))) {
		struct dirent *e;
		long ppid;
		double c;

		while ((e = readdir(d))) {
			pid = atol(e->d_name);
			if (pid > 0 && (c = proc_cpu(pid, &ppid)) >= 0 && (pid == postmaster || ppid == postmaster))
				total += c;
		}
		closedir(d);
	}
	return total;
}

static PGconn *stats; /* NULL: the server has no pg_stat_statements */

static void stats_open(const char *base)
{
	PGresult *r;

	stats = PQconnectdb(base);
	if (PQstatus(stats) != CONNECTION_OK) {
		PQfinish(stats);
		stats = NULL;
		return;
	}
	r = PQexec(stats, "SET client_min_messages = warning; CREATE EXTENSION IF NOT EXISTS pg_stat_statements;"
			  " SELECT pg_stat_statements_reset()");
	if (PQresultStatus(r) != PGRES_TUPLES_OK) {
		PQfinish(stats);
		stats = NULL;
	}
	PQclear(r);
}

static void phase_start(cost *c)
{
	if (stats)
		PQclear(PQexec(stats, "SELECT pg_stat_statements_reset()"));
	c->wall = now();
	c->client = client_cpu();
	c->server = server_cpu();
}

/* Print the phase's figures as "key value" lines prefixed @name, and with
 * pg_stat_statements the top statements as "# " lines. */
static void phase_end(cost *c, const char *name, long n)
{
	const char *top = getenv("DS_BENCH_PG_TOP"); /* how many statements to list (12) */
	char sql[512];
	PGresult *r;
	int i;

	c->wall = now() - c->wall;
	c->client = client_cpu() - c->client;
	c->server = server_cpu() - c->server;
	printf("%s_wall_s %.2f\n%s_client_cpu_s %.2f\n%s_server_cpu_s %.2f\n", name, c->wall, name, c->client, name,
	       c->server);
	if (!stats)
		return;
	r = PQexec(stats, "SELECT round(sum(total_exec_time)::numeric, 0), sum(calls) FROM pg_stat_statements"
			  " WHERE query NOT LIKE '%pg_stat_statements%'");
	if (PQresultStatus(r) == PGRES_TUPLES_OK && PQntuples(r) == 1)
		printf("%s_server_exec_ms %s\n%s_statements %s\n", name, PQgetvalue(r, 0, 0), name,
		       PQgetvalue(r, 0, 1));
	PQclear(r);
	snprintf(sql, sizeof sql,
		 "SELECT round(total_exec_time::numeric, 0), calls, round(mean_exec_time::numeric, 3),"
		 " regexp_replace(left(query, 110), '\\s+', ' ', 'g') FROM pg_stat_statements"
		 " WHERE query NOT LIKE '%%pg_stat_statements%%' ORDER BY total_exec_time DESC LIMIT %d",
		 top ? atoi(top) : 12);
	r = PQexec(stats, sql);
	if (PQresultStatus(r) == PGRES_TUPLES_OK)
		for (i = 0; i < PQntuples(r); i++)
			printf("# %s %8s ms %7.2f calls/reg %7s ms/call  %s\n", name, PQgetvalue(r, i, 0),
			       atof(PQgetvalue(r, i, 1)) / (double)n, PQgetvalue(r, i, 2), PQgetvalue(r, i, 3));
	PQclear(r);
}

static double run_registry(const char *base, const char *dir, long n, int bulk)
{
	ds_registry_options opts = DS_REGISTRY_OPTIONS_INIT;
	ds_registry *reg = NULL;
	char uri[1200], *xml = NULL;
	cost c;
	long i;

	snprintf(uri, sizeof uri, "%s&registry=bench_%s_%d_%ld&keys=%s", base, bulk ? "bulk" : "batched", (int)getpid(),
		 (long)time(NULL), dir);
	opts.synchronous = DS_REGISTRY_SYNC_NORMAL;
	opts.key = DS_SIG_ED25519;
	if (ds_registry_create(&reg, uri, "bench", "370100", &opts) < 0 ||
	    ds_registry_subject_add(reg, SUBJECT, "基准企业", DS_SUBJECT_UNSPECIFIED) < 0)
		die("create");
	phase_start(&c);
	for (i = 0; i < n; i++) {
		if (i % 1000 == 0 && (bulk ? ds_registry_begin_bulk(reg) : ds_registry_begin(reg)) < 0)
			die("begin");
		one(reg);
		if ((i % 1000 == 999 || i == n - 1) && ds_registry_commit(reg) < 0)
			die("commit");
	}
	phase_end(&c, bulk ? "pg_bulk" : "pg_batched", n);
	if (ds_registry_certificate(&xml, reg, n) < 0)
		die("certificate");
	certificate_bytes = strlen(xml);
	ds_free(xml);
	ds_registry_free(reg);
	return (double)n / c.wall;
}

static void exec(PGconn *c, const char *sql)
{
	PGresult *r = PQexec(c, sql);
	if (PQresultStatus(r) != PGRES_COMMAND_OK && PQresultStatus(r) != PGRES_TUPLES_OK) {
		fprintf(stderr, "bench_registry_pg: %s: %s\n", sql, PQerrorMessage(c));
		exit(1);
	}
	PQclear(r);
}

static void prepare(PGconn *c, const char *name, const char *sql)
{
	PGresult *r = PQprepare(c, name, sql, 0, NULL);
	if (PQresultStatus(r) != PGRES_COMMAND_OK) {
		fprintf(stderr, "bench_registry_pg: %s: %s\n", sql, PQerrorMessage(c));
		exit(1);
	}
	PQclear(r);
}

static void run(PGconn *c, const char *name, int count, const char *const *values)
{
	PGresult *r = PQexecPrepared(c, name, count, values, NULL, NULL, 0);
	if (PQresultStatus(r) != PGRES_COMMAND_OK && PQresultStatus(r) != PGRES_TUPLES_OK) {
		fprintf(stderr, "bench_registry_pg: %s: %s\n", name, PQerrorMessage(c));
		exit(1);
	}
	PQclear(r);
}

#define EVENT_BODY                                                                                               \
	"{\"actor\":\"bench\",\"at\":\"2025-03-03T02:00:00Z\",\"date\":\"2025-03-03\",\"event\":\"transition\"," \
	"\"from\":\"accepted\",\"reason\":\"bench\",\"registration\":1,\"to\":\"review\"}"
#define NODE_HASH "5a0b3c1d9e8f7a6b5c4d3e2f1a0b9c8d7e6f5a4b3c2d1e0f9a8b7c6d5e4f3a2b"

/* The reference: the same rows through libpq prepared statements, 1,000
 * registrations per transaction, in plain tables of a schema of its own. */
static double run_raw(const char *base, long n, const char *name)
{
	char conninfo[1200], number[48], id[24], a[24], b[24], leafs[24], *document, *entry;
	const char *v[4];
	PGconn *c;
	cost phase;
	long i, leaf = 0;
	int k;

	/* The URI without our parameters is libpq's own. */
	snprintf(conninfo, sizeof conninfo, "%s", base);
	c = PQconnectdb(conninfo);
	if (PQstatus(c) != CONNECTION_OK) {
		fprintf(stderr, "bench_registry_pg: %s\n", PQerrorMessage(c));
		exit(1);
	}
	if (!(document = malloc(certificate_bytes + 1)) || !(entry = malloc(certificate_bytes * 2 / 3 + 1)))
		exit(1);
	memset(document, 'c', certificate_bytes);
	document[certificate_bytes] = '\0';
	memset(entry, 'e', certificate_bytes * 2 / 3);
	entry[certificate_bytes * 2 / 3] = '\0';
	exec(c,
	     "SET client_min_messages = warning; SET synchronous_commit = off;"
	     "DROP SCHEMA IF EXISTS bench_raw CASCADE; CREATE SCHEMA bench_raw; SET search_path = bench_raw;"
	     "CREATE TABLE registrations (id bigint PRIMARY KEY, subject text, kind bigint, right_ bigint,"
	     " type bigint, changes bigint, state bigint, entry_id text, entry_title text, entry_xml text, scope text,"
	     " term text, restrictions text, applied text, updated text, probe_xml text, valuation_xml text,"
	     " publicity_start text, publicity_end text, registered text, certificate text UNIQUE,"
	     " query_code text UNIQUE);"
	     "CREATE INDEX ON registrations (subject); CREATE INDEX ON registrations (state);"
	     "CREATE TABLE transitions (seq bigserial PRIMARY KEY, registration bigint, from_state bigint,"
	     " to_state bigint, actor text, at text, date text, reason text, evidence text);"
	     "CREATE INDEX ON transitions (registration);"
	     "CREATE TABLE events (seq bigserial PRIMARY KEY, type text, registration bigint, at text, body text);"
	     "CREATE TABLE log_nodes (level bigint NOT NULL, idx bigint NOT NULL, hash text NOT NULL,"
	     " PRIMARY KEY (level, idx));"
	     "CREATE TABLE certificate_sequences (year bigint NOT NULL, kind bigint NOT NULL, last bigint NOT NULL,"
	     " PRIMARY KEY (year, kind));"
	     "CREATE TABLE certificates (registration bigint PRIMARY KEY, number text NOT NULL UNIQUE,"
	     " log_index bigint NOT NULL, xml text NOT NULL);");
	prepare(c, "reg",
		"INSERT INTO registrations VALUES ($1, '" SUBJECT "', 1, 2, 0, NULL, 6, 'B-1', '基准', $4,"
		" NULL, NULL, NULL, '2025-03-03', '2025-03-19T01:00:00Z', NULL, NULL, '2025-03-03',"
		" '2025-03-17', '2025-03-19', $2, $3)");
	prepare(c, "tr",
		"INSERT INTO transitions (registration, from_state, to_state, actor, at, date, reason)"
		" VALUES ($1, $2, $3, 'bench', '2025-03-03T02:00:00Z', '2025-03-03', 'bench')");
	prepare(c, "ev",
		"INSERT INTO events (type, registration, at, body) VALUES ('transition', $1, '2025-03-03T02:00:00Z', $2)");
	prepare(c, "node",
		"INSERT INTO log_nodes (level, idx, hash) VALUES ($1, $2, '" NODE_HASH
		"') ON CONFLICT (level, idx) DO UPDATE SET hash = excluded.hash");
	prepare(c, "seq",
		"INSERT INTO certificate_sequences AS s (year, kind, last) VALUES (2025, 1, 1)"
		" ON CONFLICT (year, kind) DO UPDATE SET last = s.last + 1");
	prepare(c, "cert", "INSERT INTO certificates VALUES ($1, $2, $3, $4)");
	phase_start(&phase);
	for (i = 1; i <= n; i++) {
		if (i % 1000 == 1)
			exec(c, "BEGIN");
		snprintf(number, sizeof number, "370100-2025-P-%08ld-X", i);
		snprintf(id, sizeof id, "%ld", i);
		v[0] = id, v[1] = number, v[2] = number + 7, v[3] = ENTRY;
		run(c, "reg", 4, v);
		for (k = 0; k < 5; k++) {
			snprintf(a, sizeof a, "%d", k);
			snprintf(b, sizeof b, "%d", k + 1);
			v[0] = id, v[1] = a, v[2] = b;
			run(c, "tr", 3, v);
		}
		for (k = 0; k < 8; k++) {
			long level, width;
			v[0] = id, v[1] = k == 7 ? entry : EVENT_BODY;
			run(c, "ev", 2, v);
			for (level = 0, width = 1; level == 0 || (leaf + 1) % width == 0; level++, width *= 2) {
				snprintf(a, sizeof a, "%ld", level);
				snprintf(b, sizeof b, "%ld", level == 0 ? leaf : (leaf + 1) / width - 1);
				v[0] = a, v[1] = b;
				run(c, "node", 2, v);
			}
			leaf++;
		}
		run(c, "seq", 0, v);
		snprintf(leafs, sizeof leafs, "%ld", leaf - 1);
		v[0] = id, v[1] = number, v[2] = leafs, v[3] = document;
		run(c, "cert", 4, v);
		if (i % 1000 == 0 || i == n)
			exec(c, "COMMIT");
	}
	phase_end(&phase, name, n);
	exec(c, "DROP SCHEMA bench_raw CASCADE");
	PQfinish(c);
	free(document);
	free(entry);
	return (double)n / phase.wall;
}

int main(int argc, char **argv)
{
	const char *base = argc > 1 ? argv[1] : getenv("DS_TEST_PG");
	long n = argc > 2 ? atol(argv[2]) : 10000;
	const char *dir = argc > 3 ? argv[3] : ".";
	double batched, bulk, raw_first, raw_last;

	if (!base || n < 1) {
		fprintf(stderr, "usage: bench_registry_pg URI N [KEYDIR]\n");
		return 2;
	}
	stats_open(base);
	batched = run_registry(base, dir, n, 0);
	raw_first = run_raw(base, n, "pg_raw_first");
	bulk = run_registry(base, dir, n, 1);
	raw_last = run_raw(base, n, "pg_raw_last");
	printf("pg_registrations %ld\n", n);
	printf("pg_batched_per_s %.0f\n", batched);
	printf("pg_bulk_per_s %.0f\n", bulk);
	printf("pg_raw_first_per_s %.0f\n", raw_first);
	printf("pg_raw_last_per_s %.0f\n", raw_last);
	printf("pg_raw_per_s %.0f\n", (raw_first + raw_last) / 2);
	if (stats)
		PQfinish(stats);
	ds_cleanup();
	return 0;
}
