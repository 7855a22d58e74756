/*
 * Kill tests (issue 17): a child process runs one registry operation and is
 * killed with SIGKILL at a random moment inside it; the parent then checks
 * that what is on disk is whole:
 *   init        either no registry, or a registry whose current key loads
 *               (never a registry without its key, never key files alone);
 *   rotate-key  every private key file under its final name belongs to a
 *               recorded key; the current key loads; the log verifies;
 *   register    the registration is in publicity, or registered with its
 *               certificate; the log verifies.
 * Usage: tests/crash [KILLS]  (default 60, spread over the three operations;
 * 'make crash-long' runs 240). Exit status 0 when every check held.
 * SPDX-License-Identifier: MIT
 */
#define _POSIX_C_SOURCE 200809L
#include <dirent.h>
#include <errno.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <datasset/datasset.h>

#define SELLER "91350100M000100Y43"

static char top[1024], work[512];
static int failures;

#define CHECK(cond, ...)                                  \
	do {                                              \
		if (!(cond)) {                            \
			failures++;                       \
			fprintf(stderr, "crash: FAIL: "); \
			fprintf(stderr, __VA_ARGS__);     \
			fprintf(stderr, "\n");            \
		}                                         \
	} while (0)

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static ds_registry_options options(void)
{
	ds_registry_options opts = DS_REGISTRY_OPTIONS_INIT;
	opts.signing = DS_REGISTRY_SIGN_CALLER;
	return opts;
}

/* ---------------------------------------------------------------- the operations (children) */

enum { OP_INIT, OP_ROTATE, OP_REGISTER, OP_COUNT };
static const char *const op_names[OP_COUNT] = { "init", "rotate-key", "register" };

static int op_init(const char *db)
{
	ds_registry_options opts = options();
	ds_registry *reg = NULL;
	int rc;
	opts.key = DS_SIG_ED25519;
	rc = ds_registry_create(&reg, db, "崩溃测试", "370100", &opts);
	ds_registry_free(reg);
	return rc;
}

static int op_rotate(const char *db)
{
	ds_registry_options opts = options();
	ds_registry *reg = NULL;
	int rc;
	if ((rc = ds_registry_open(&reg, db, &opts)) == DS_OK)
		rc = ds_registry_key_generate(NULL, reg, DS_SIG_ED25519);
	ds_registry_free(reg);
	return rc;
}

static int64_t target; /* the registration the next OP_REGISTER takes to registered */

static int op_register(const char *db)
{
	ds_registry_options opts = options();
	ds_transition_request t = DS_TRANSITION_REQUEST_INIT;
	ds_registry *reg = NULL;
	int rc;
	t.actor = "审核员";
	t.reason = "公示期满";
	t.at = 1737334800 + 40 * 86400;
	if ((rc = ds_registry_open(&reg, db, &opts)) == DS_OK)
		rc = ds_registry_advance(reg, target, DS_STATE_REGISTERED, &t);
	ds_registry_free(reg);
	return rc;
}

static int run_op(int op, const char *db)
{
	return op == OP_INIT ? op_init(db) : op == OP_ROTATE ? op_rotate(db) : op_register(db);
}

/* Run @op in a child, killed after @delay seconds (never, when negative).
 * Returns 1 when it was killed, 0 when it finished first. */
static int run_killed(int op, const char *db, double delay)
{
	pid_t pid = fork();
	int status = 0;

	if (pid < 0) {
		perror("fork");
		exit(2);
	}
	if (pid == 0)
		_exit(run_op(op, db) == DS_OK ? 0 : 1);
	if (delay >= 0) {
		struct timespec ts = { (time_t)delay, (long)((delay - (double)(time_t)delay) * 1e9) };
		nanosleep(&ts, NULL);
		kill(pid, SIGKILL);
	}
	waitpid(pid, &status, 0);
	if (WIFSIGNALED(status))
		return 1;
	CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0, "%s finished but failed (status %d)", op_names[op],
	      status);
	return 0;
}

/* ---------------------------------------------------------------- the checks */

/* Every private key file under its final name (DB.ID16.key.pem) in @dir is a
 * key the registry recorded; returns how many. With @reg NULL there must be none. */
static int key_files_recorded(const char *dir, ds_registry *reg, const char *what)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	int n = 0;

	if (!d)
		return 0;
	while ((e = readdir(d))) {
		size_t len = strlen(e->d_name);
		char path[1100], *id = NULL, *pem = NULL;
		ds_key *key = NULL;
		if (len < 8 || strcmp(e->d_name + len - 8, ".key.pem") != 0)
			continue;
		n++;
		snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
		CHECK(reg != NULL, "%s: %s is a key file without a registry", what, path);
		if (!reg)
			continue;
		CHECK(ds_key_load(&key, path) == DS_OK && ds_key_id(&id, key) == DS_OK, "%s: %s does not load: %s",
		      what, path, ds_error_last()->message);
		if (id)
			CHECK(ds_registry_public_key(&pem, reg, id) == DS_OK,
			      "%s: %s is not recorded (orphan key file)", what, path);
		ds_free(pem);
		ds_free(id);
		ds_key_free(key);
	}
	closedir(d);
	return n;
}

/* The registry at @db opens, its log verifies, its current key loads, and
 * every key file is recorded. Returns the open handle (or NULL when @may_be_absent
 * and there is no registry). */
static ds_registry *check_registry(const char *dir, const char *db, int may_be_absent, const char *what)
{
	ds_registry_options opts = options();
	ds_registry *reg = NULL;
	ds_key *key = NULL;
	uint64_t bad = 0;
	struct stat st;
	int rc;

	rc = stat(db, &st) == 0 ? ds_registry_open(&reg, db, &opts) : DS_ENOTFOUND;
	if (rc != DS_OK) {
		CHECK(may_be_absent && rc == DS_ENOTFOUND, "%s: the registry does not open: %s", what,
		      ds_error_last()->message);
		key_files_recorded(dir, NULL, what);
		return NULL;
	}
	CHECK(ds_registry_log_verify(&bad, reg) == DS_OK, "%s: the log does not verify: %s", what,
	      ds_error_last()->message);
	CHECK(ds_registry_key_load(&key, reg, NULL) == DS_OK, "%s: the current key does not load: %s", what,
	      ds_error_last()->message);
	ds_key_free(key);
	key_files_recorded(dir, reg, what);
	return reg;
}

/* ---------------------------------------------------------------- setup */

static void fixture(char *out, size_t size, const char *rel)
{
	snprintf(out, size, "%s/%s", top, rel);
}

/* A registry at @db with one registration in publicity (returned). */
static int64_t new_in_publicity(ds_registry *reg)
{
	ds_registration_request req = DS_REGISTRATION_REQUEST_INIT;
	ds_transition_request t = DS_TRANSITION_REQUEST_INIT;
	static const ds_reg_state steps[] = { DS_STATE_ACCEPTED, DS_STATE_REVIEW, DS_STATE_PUBLICITY };
	char entry[1100];
	int64_t id = 0;
	size_t i;

	fixture(entry, sizeof entry, "tests/fixtures/registry/entry.xml");
	req.subject = SELLER;
	req.kind = DS_REG_PRODUCT;
	req.right = DS_RIGHT_OPERATING;
	req.entry_path = entry;
	req.at = 1737334800;
	if (ds_registry_apply(&id, reg, &req) != DS_OK)
		goto fail;
	t.actor = "审核员";
	t.reason = "ok";
	for (i = 0; i < sizeof steps / sizeof steps[0]; i++) {
		t.at = req.at + (int64_t)(i + 1) * 86400;
		if (ds_registry_advance(reg, id, steps[i], &t) != DS_OK)
			goto fail;
	}
	return id;
fail:
	fprintf(stderr, "crash: setup: %s\n", ds_error_last()->message);
	exit(2);
}

static void setup_registry(const char *db)
{
	ds_registry_options opts = options();
	ds_registry *reg = NULL;
	char calendar[1100];

	opts.key = DS_SIG_ED25519;
	fixture(calendar, sizeof calendar, "schemas/calendars/cn-2024-2025-sample.xml");
	if (ds_registry_create(&reg, db, "崩溃测试", "370100", &opts) != DS_OK ||
	    ds_registry_load_calendar(NULL, reg, calendar) != DS_OK ||
	    ds_registry_subject_add(reg, SELLER, "测试企业", DS_SUBJECT_UNSPECIFIED) != DS_OK) {
		fprintf(stderr, "crash: setup: %s\n", ds_error_last()->message);
		exit(2);
	}
	target = new_in_publicity(reg);
	ds_registry_free(reg);
}

/* ---------------------------------------------------------------- main */

int main(int argc, char **argv)
{
	int kills = argc > 1 ? atoi(argv[1]) : 60, op, i, killed[OP_COUNT] = { 0 }, finished[OP_COUNT] = { 0 };
	double duration[OP_COUNT];
	char db[700], dir[600], cmd[1200];
	const char *src = getenv("top_srcdir");

	snprintf(top, sizeof top, "%s", src ? src : ".");
	snprintf(work, sizeof work, "%s/ds-crash-XXXXXX", getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
	if (!mkdtemp(work)) {
		perror("mkdtemp");
		return 2;
	}
	srand((unsigned int)(getenv("DS_CRASH_SEED") ? atoi(getenv("DS_CRASH_SEED")) : (int)time(NULL)));
	/* How long each operation takes uninterrupted: kills are spread over it. */
	snprintf(dir, sizeof dir, "%s/timing", work);
	mkdir(dir, 0700);
	snprintf(db, sizeof db, "%s/r.db", dir);
	for (op = 0; op < OP_COUNT; op++) {
		double start;
		if (op == OP_ROTATE)
			setup_registry(db);
		start = now();
		if (op == OP_INIT) {
			char init_db[700];
			snprintf(init_db, sizeof init_db, "%s/i.db", dir);
			run_killed(OP_INIT, init_db, -1);
		} else {
			run_killed(op, db, -1);
		}
		duration[op] = now() - start;
	}
	/* The kills, each at a random moment within the operation's uninterrupted length. */
	snprintf(dir, sizeof dir, "%s/shared", work);
	mkdir(dir, 0700);
	snprintf(db, sizeof db, "%s/r.db", dir);
	setup_registry(db);
	for (i = 0; i < kills; i++) {
		double delay;
		op = i % OP_COUNT;
		delay = duration[op] * rand() / RAND_MAX;
		if (op == OP_INIT) {
			char init_dir[700], init_db[800], what[64];
			ds_registry *reg;
			snprintf(init_dir, sizeof init_dir, "%s/init-%d", work, i);
			mkdir(init_dir, 0700);
			snprintf(init_db, sizeof init_db, "%s/r.db", init_dir);
			if (run_killed(OP_INIT, init_db, delay))
				killed[op]++;
			else
				finished[op]++;
			snprintf(what, sizeof what, "init kill %d", i);
			reg = check_registry(init_dir, init_db, 1, what);
			ds_registry_free(reg);
		} else {
			char what[64];
			ds_registry *reg;
			if (run_killed(op, db, delay))
				killed[op]++;
			else
				finished[op]++;
			snprintf(what, sizeof what, "%s kill %d", op_names[op], i);
			reg = check_registry(dir, db, 0, what);
			if (reg && op == OP_REGISTER) {
				ds_registration *r = NULL;
				CHECK(ds_registry_get(&r, reg, target) == DS_OK &&
					      (r->state == DS_STATE_PUBLICITY ||
					       (r->state == DS_STATE_REGISTERED && r->certificate)),
				      "%s: registration %lld is neither in publicity nor registered with a certificate",
				      what, (long long)target);
				if (r && r->state == DS_STATE_REGISTERED)
					target = new_in_publicity(reg);
				ds_free(r);
			}
			ds_registry_free(reg);
		}
	}
	/* A rotation after all that sweeps every .tmp file a kill left. */
	run_killed(OP_ROTATE, db, -1);
	{
		DIR *d = opendir(dir);
		struct dirent *e;
		while (d && (e = readdir(d))) {
			size_t len = strlen(e->d_name);
			CHECK(len < 4 || strcmp(e->d_name + len - 4, ".tmp") != 0, "%s left after a clean rotation",
			      e->d_name);
		}
		if (d)
			closedir(d);
	}
	for (op = 0; op < OP_COUNT; op++)
		printf("crash: %-10s %3d killed, %3d finished first (takes %.1f ms)\n", op_names[op], killed[op],
		       finished[op], duration[op] * 1000);
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", work);
	if (system(cmd) != 0)
		fprintf(stderr, "crash: could not remove %s\n", work);
	printf("crash: %d kills, %d failures\n", kills, failures);
	return failures ? 1 : 0;
}
