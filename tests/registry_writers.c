/*
 * Many processes registering into one registry at once (any backend; the
 * PostgreSQL test and benchmark use it):
 *
 *   registry_writers LOCATION PROCESSES COUNT ACKDIR [BATCH] [kill|terminate]
 *
 * creates the registry at LOCATION when it does not exist (Ed25519 key,
 * tests/fixtures sample calendar from $top_srcdir, one registrant), forks
 * PROCESSES writers that each take COUNT applications to REGISTERED (each
 * call its own transaction, or BATCH registrations per batch), every writer
 * appending the id of each registration whose commit returned to
 * ACKDIR/ack.N. "kill": one writer is killed (SIGKILL) in the middle;
 * "terminate": the server ends the connection of one writer in the middle
 * (pg_terminate_backend), which goes on after connecting again. Then checks:
 * the certificate numbers are exactly 1..n (n the registered ones: all of
 * them unless a writer was killed), none repeated; the log verifies; every
 * acknowledged registration is REGISTERED. Prints the figures and the
 * wall-clock rate, and on PostgreSQL a "lock:" line: the writers' time from
 * BEGIN to the registry's lock and from there to each transaction's end
 * (ds__store_lock_times). Exit 0 when every check passes.
 * SPDX-License-Identifier: MIT
 */
#define _POSIX_C_SOURCE 200809L
#define _DEFAULT_SOURCE
#include <errno.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <sys/wait.h>

#include <datasset/datasset.h>

#include "internal/store.h"
#include "registry/registry_internal.h"

#define SUBJECT "91350100M000100Y43"

static const char *srcdir(void)
{
	const char *s = getenv("top_srcdir");
	return s && *s ? s : ".";
}

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void die(const char *what)
{
	fprintf(stderr, "registry_writers: %s: %s\n", what, ds_error_last()->message);
	exit(1);
}

/* Unix seconds of a China Standard Time date at 10:00. */
static int64_t cst(int y, int m, int d)
{
	long era, yoe, doy, doe;
	y -= m <= 2;
	era = y / 400;
	yoe = y - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return (int64_t)(era * 146097 + doe - 719468) * 86400 + 2 * 3600;
}

static int ensure_registry(const char *location)
{
	ds_registry *reg = NULL;
	ds_registry_options opts = DS_REGISTRY_OPTIONS_INIT;
	char calendar[1024];

	if (ds_registry_open(&reg, location, NULL) == DS_OK) {
		ds_registry_free(reg);
		return 0;
	}
	opts.key = DS_SIG_ED25519;
	opts.synchronous = DS_REGISTRY_SYNC_NORMAL;
	if (ds_registry_create(&reg, location, "并发登记测试", "370100", &opts) < 0)
		die("create");
	snprintf(calendar, sizeof calendar, "%s/schemas/calendars/cn-2024-2025-sample.xml", srcdir());
	if (ds_registry_load_calendar(NULL, reg, calendar) < 0 ||
	    ds_registry_subject_add(reg, SUBJECT, "并发测试企业", DS_SUBJECT_UNSPECIFIED) < 0)
		die("setup");
	ds_registry_free(reg);
	return 0;
}

/* Take one registration from its current state to REGISTERED. */
static int to_registered(ds_registry *reg, int64_t id)
{
	static const ds_reg_state path[] = { DS_STATE_ACCEPTED, DS_STATE_REVIEW, DS_STATE_PUBLICITY,
					     DS_STATE_REGISTERED };
	ds_transition_request t = DS_TRANSITION_REQUEST_INIT;
	ds_registration *r = NULL;
	size_t i = 0;
	int rc;

	if ((rc = ds_registry_get(&r, reg, id)) < 0)
		return rc;
	/* Where it stands: submitted (0), or after path[i - 1]. */
	while (i < sizeof path / sizeof path[0] && r->state != DS_STATE_SUBMITTED && path[i] != r->state)
		i++;
	if (r->state != DS_STATE_SUBMITTED)
		i++;
	ds_free(r);
	t.actor = "审核员";
	t.reason = "材料齐全";
	for (; i < sizeof path / sizeof path[0]; i++) {
		t.at = path[i] == DS_STATE_REGISTERED ? cst(2025, 4, 21) : cst(2025, 3, 3);
		if ((rc = ds_registry_advance(reg, id, path[i], &t)) < 0)
			return rc;
	}
	return DS_OK;
}

static int apply(ds_registry *reg, int64_t *id)
{
	ds_registration_request req = DS_REGISTRATION_REQUEST_INIT;
	char entry[1024];

	snprintf(entry, sizeof entry, "%s/tests/fixtures/registry/entry.xml", srcdir());
	req.subject = SUBJECT;
	req.kind = DS_REG_PRODUCT;
	req.right = DS_RIGHT_OPERATING;
	req.entry_path = entry;
	req.at = cst(2025, 3, 3) - 3600;
	return ds_registry_apply(id, reg, &req);
}

static void ack(FILE *f, const int64_t *ids, size_t n)
{
	size_t i;
	for (i = 0; i < n; i++)
		fprintf(f, "%lld\n", (long long)ids[i]);
	fflush(f);
}

/* The writer's time waiting for and holding the registry's lock
 * (ds__store_lock_times: PostgreSQL only), into ACKFILE.lock for main(). */
static void keep_lock_times(ds_registry *reg, const char *ackfile)
{
	char path[1100];
	uint64_t waited, held, transactions;
	FILE *f;

	ds__store_lock_times(reg->store, &waited, &held, &transactions);
	snprintf(path, sizeof path, "%s.lock", ackfile);
	if ((f = fopen(path, "w"))) {
		fprintf(f, "%llu %llu %llu\n", (unsigned long long)waited, (unsigned long long)held,
			(unsigned long long)transactions);
		fclose(f);
	}
}

/* One writer: @count registrations; a lost connection is retried (the
 * registration picks up from the state it reached). */
static int writer(const char *location, int count, int batch, const char *ackfile)
{
	ds_registry *reg = NULL;
	ds_registry_options opts = DS_REGISTRY_OPTIONS_INIT;
	FILE *f = fopen(ackfile, "w");
	int64_t ids[1000];
	int done = 0, retries = 0, in_batch = 0;

	opts.synchronous = DS_REGISTRY_SYNC_NORMAL;
	opts.busy_timeout_ms = 120000;
	if (!f || ds_registry_open(&reg, location, &opts) < 0)
		die("writer open");
	if (batch > 1000)
		batch = 1000;
	while (done < count) {
		int64_t id = 0;
		int rc;

		if (batch > 1 && in_batch == 0 && ds_registry_begin(reg) < 0)
			goto failed;
		if ((rc = apply(reg, &id)) < 0 || (rc = to_registered(reg, id)) < 0) {
			/* A lost connection: the transaction is gone; go on from
			 * what was committed. */
			if (ds_error_last()->code == DS_EIO && retries++ < 20) {
				if (batch > 1) {
					ds_registry_rollback(reg);
					in_batch = 0;
				} else if (id > 0 && to_registered(reg, id) == DS_OK) {
					ack(f, &id, 1);
					done++;
				}
				usleep(20000);
				continue;
			}
			goto failed;
		}
		if (batch > 1) {
			ids[in_batch++] = id;
			if (in_batch == batch || done + in_batch == count) {
				if (ds_registry_commit(reg) < 0) {
					if (ds_error_last()->code == DS_EIO && retries++ < 20) {
						in_batch = 0;
						continue;
					}
					goto failed;
				}
				ack(f, ids, (size_t)in_batch);
				done += in_batch;
				in_batch = 0;
			}
		} else {
			ack(f, &id, 1);
			done++;
		}
	}
	fclose(f);
	keep_lock_times(reg, ackfile);
	ds_registry_free(reg);
	return 0;
failed:
	fprintf(stderr, "registry_writers: writer %d: %s\n", (int)getpid(), ds_error_last()->message);
	return 1;
}

/* End one writer's connection from the server side. */
static void terminate_one(const char *location)
{
	ds__store *store = NULL;
	ds__store_config config = { 0, 0, DS__STORE_SYNC_FULL, "terminator" };

	if (ds__store_open(&store, location, &config, NULL, 0) < 0 ||
	    ds__store_exec(store, "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname ="
				  " current_database() AND pid <> pg_backend_pid() AND backend_type = 'client backend'"
				  " AND state = 'idle in transaction' LIMIT 1") < 0)
		die("terminate");
	ds__store_close(store);
}

static int compare_i64(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
	return x < y ? -1 : x > y;
}

int main(int argc, char **argv)
{
	const char *location, *ackdir, *mode = argc > 6 ? argv[6] : "";
	int processes, count, batch, i, status, failures = 0;
	pid_t pids[64];
	double start, elapsed;
	ds_registry *reg = NULL;
	ds_registration *rows = NULL;
	ds_registry_query q;
	size_t n = 0, k, registered = 0, acked = 0, missing = 0;
	int64_t *numbers, max_id = 0;
	unsigned char *is_registered;
	ds_translog *log = NULL;
	uint64_t bad = 0;
	char path[1024];

	if (argc < 5) {
		fprintf(stderr, "usage: registry_writers LOCATION PROCESSES COUNT ACKDIR [BATCH] [kill|terminate]\n");
		return 2;
	}
	location = argv[1];
	processes = atoi(argv[2]);
	count = atoi(argv[3]);
	ackdir = argv[4];
	batch = argc > 5 ? atoi(argv[5]) : 1;
	if (processes < 1 || processes > 64 || count < 1)
		return 2;
	ensure_registry(location);
	start = now();
	for (i = 0; i < processes; i++) {
		snprintf(path, sizeof path, "%s/ack.%d", ackdir, i);
		if ((pids[i] = fork()) == 0)
			_exit(writer(location, count, batch, path));
		if (pids[i] < 0)
			return 1;
	}
	if (*mode) {
		/* In the middle: once writer 0 has acknowledged a tenth of its work. */
		snprintf(path, sizeof path, "%s/ack.0", ackdir);
		for (;;) {
			FILE *f = fopen(path, "r");
			int lines = 0, c;
			while (f && (c = getc(f)) != EOF)
				lines += c == '\n';
			if (f)
				fclose(f);
			if (lines >= count / 10)
				break;
			usleep(20000);
		}
		if (strcmp(mode, "kill") == 0)
			kill(pids[0], SIGKILL);
		else
			for (i = 0; i < 3; i++) {
				terminate_one(location);
				usleep(200000);
			}
	}
	for (i = 0; i < processes; i++) {
		if (waitpid(pids[i], &status, 0) < 0)
			return 1;
		if (!(WIFEXITED(status) && WEXITSTATUS(status) == 0) && !(strcmp(mode, "kill") == 0 && i == 0)) {
			fprintf(stderr, "registry_writers: writer %d failed\n", i);
			failures++;
		}
	}
	elapsed = now() - start;

	if (ds_registry_open(&reg, location, NULL) < 0)
		die("open");
	ds_registry_query_init(&q, DS_REGISTRY_QUERY_VERSION);
	if (ds_registry_list(&rows, &n, reg, &q) < 0)
		die("list");
	numbers = calloc(n + 1, sizeof *numbers);
	for (k = 0; k < n; k++)
		if (rows[k].id > max_id)
			max_id = rows[k].id;
	is_registered = calloc((size_t)max_id + 1, 1);
	if (!numbers || !is_registered)
		return 1;
	for (k = 0; k < n; k++)
		if (rows[k].state == DS_STATE_REGISTERED && rows[k].certificate) {
			numbers[registered++] = strtoll(rows[k].certificate + 14, NULL, 10);
			is_registered[rows[k].id] = 1;
		}
	qsort(numbers, registered, sizeof *numbers, compare_i64);
	for (k = 0; k < registered; k++)
		if (numbers[k] != (int64_t)k + 1) {
			fprintf(stderr, "registry_writers: certificate sequence %zu is %lld (a gap or a repeat)\n",
				k + 1, (long long)numbers[k]);
			failures++;
			break;
		}
	if (ds_registry_log(&log, reg) < 0)
		die("log");
	if (ds_registry_log_verify(&bad, reg) < 0) {
		fprintf(stderr, "registry_writers: log verify: %s\n", ds_error_last()->message);
		failures++;
	}
	for (i = 0; i < processes; i++) {
		FILE *f;
		long long id;
		snprintf(path, sizeof path, "%s/ack.%d", ackdir, i);
		if (!(f = fopen(path, "r")))
			continue;
		while (fscanf(f, "%lld", &id) == 1) {
			acked++;
			if (id < 1 || id > max_id || !is_registered[id])
				missing++;
		}
		fclose(f);
	}
	if (missing) {
		fprintf(stderr, "registry_writers: %zu acknowledged registrations are not registered\n", missing);
		failures++;
	}
	if (!*mode && registered != (size_t)processes * (size_t)count) {
		fprintf(stderr, "registry_writers: %zu registered, expected %d\n", registered, processes * count);
		failures++;
	}
	printf("writers: %d processes x %d%s%s: %zu registered (certificate numbers 1..%zu, none repeated), "
	       "%zu acknowledged all registered, log of %llu entries verified; %.1f s, %.0f registrations/s\n",
	       processes, count, batch > 1 ? " in batches" : "",
	       *mode ? (strcmp(mode, "kill") == 0 ? ", one killed" : ", connections terminated") : "", registered,
	       registered, acked, (unsigned long long)ds_translog_size(log), elapsed, (double)registered / elapsed);
	{
		/* Summed over the writers (PostgreSQL): the share of their time
		 * spent waiting for the registry's lock and holding it. */
		unsigned long long w = 0, h = 0, t = 0, a, b, c;
		for (i = 0; i < processes; i++) {
			FILE *f;
			snprintf(path, sizeof path, "%s/ack.%d.lock", ackdir, i);
			if (!(f = fopen(path, "r")))
				continue;
			if (fscanf(f, "%llu %llu %llu", &a, &b, &c) == 3) {
				w += a;
				h += b;
				t += c;
			}
			fclose(f);
		}
		if (t)
			printf("lock: %llu write transactions; of the writers' %.1f s, %.1f s (%.0f%%) from BEGIN to the lock's"
			       " result (waiting, and the server's reads under it), %.1f s (%.0f%%) from there to the end\n",
			       t, elapsed * processes, (double)w / 1e9, 100.0 * (double)w / 1e9 / (elapsed * processes),
			       (double)h / 1e9, 100.0 * (double)h / 1e9 / (elapsed * processes));
	}
	free(numbers);
	free(is_registered);
	ds_free(rows);
	ds_registry_free(reg);
	ds_cleanup();
	return failures ? 1 : 0;
}
