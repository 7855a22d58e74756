/*
 * The store's PostgreSQL backend (libpq). docs/registry.md, "PostgreSQL",
 * says what each guarantee rests on; in short:
 *
 * - A location is a libpq URI (postgresql://…) with two parameters of ours,
 *   taken out before libpq sees it: registry=KEY (which registry of the
 *   database, default "default") and keys=DIR (where its key files go,
 *   default "."). A password in the URI is refused: libpq reads it from
 *   PGPASSFILE (~/.pgpass) or a service file, never from a command line.
 * - Every table (schema "datasset") carries the registry key, first in every
 *   key; the statements the registry prepares run against views (schema
 *   "datasset_registry") that select one registry, the connection's
 *   (SET datasset.registry), so no statement reads or writes another's rows.
 * - Writers of one registry take turns: a write transaction starts by locking
 *   the registry's row in datasset.writers (SELECT … FOR UPDATE) and runs at
 *   READ COMMITTED, so every statement after the lock sees everything the
 *   previous writer committed (the same one-writer rule as SQLite's BEGIN
 *   IMMEDIATE, per registry). Ids are MAX + 1 under that lock; certificate
 *   numbers come from a counter row updated in the same transaction. Once
 *   the registry's row is known to exist, BEGIN and the lock are queued in
 *   the pipeline and reach the server with the transaction's first statement
 *   whose result is needed: the server runs that statement (and any sent
 *   ahead, ds__stmt_send) after taking the lock, in the same round trip.
 * - A read transaction is REPEATABLE READ: one snapshot.
 * - The schema version is in datasset.meta; migrations run under an advisory
 *   lock, each in its own transaction.
 * - Inside a write transaction, statements whose outcome the caller cannot
 *   read (no rows; no uniqueness constraint their written columns could break;
 *   for an INSERT, an id the caller has never asked for) and SAVEPOINTs are
 *   sent in libpq's pipeline mode without waiting; the next statement whose
 *   result is needed, every level's end (RELEASE, COMMIT, a nested level of a
 *   bulk batch) and ds__store_last_id() send a sync and read every result in
 *   order, so a failure is reported, with its own message, by the call whose
 *   statement failed, before that call's level ends (docs/registry.md). A
 *   COMMIT goes with the statements still queued, in the same round trip.
 * - Plans made while the tables were nearly empty are dropped (DISCARD PLANS)
 *   as the connection's inserts double (replan_due).
 * SPDX-License-Identifier: MIT
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <time.h>

#include <libpq-fe.h>

#include "backend.h"

#define MAX_PARAMS 32

typedef struct pg_stmt {
	ds__stmt base;
	char *sql;	       /* the caller's text (the cache key) */
	char *pg;	       /* translated: $N parameters, the registry in conflict targets */
	const char *last_text; /* the caller's text when it last matched (a literal, usually) */
	unsigned long hash;
	char name[16];
	int prepared;
	int nparams;
	int returns_id;	    /* an INSERT given RETURNING the id it allocated */
	int deferrable;	    /* -1 not known yet; 1: its outcome can wait for the next sync (see defer_rule) */
	int id_read;	    /* the caller read ds__store_last_id() after it once: never deferred */
	unsigned long want; /* the queued run whose rows the caller reads (its ticket), or 0 */
	long runs;
	int in_use;
	const char *values[MAX_PARAMS];
	char *owned[MAX_PARAMS];
	char ints[MAX_PARAMS][24];
	PGresult *result;
	int row, rows; /* the current row (-1 before the first step), rows in result */
	struct pg_stmt *next;
} pg_stmt;

typedef struct pg_store {
	ds__store base;
	PGconn *conn;
	char *conninfo; /* the URI without our parameters */
	char registry[64];
	char settings[512]; /* the session's SET statements (again after a reconnect) */
	int migrating;	    /* begin() takes the migration lock, not the registry's */
	int writer_row;	    /* the registry's row in datasset.writers was found: begin() may queue its lock */
	int commit_undone;  /* the COMMIT just read answered ROLLBACK */
	int64_t last_id;
	unsigned counter;
	pg_stmt *cache;
	/* Pipeline mode: statements sent whose results are not read yet. */
	int piped;
	size_t queued, queue_cap;
	struct queued {
		pg_stmt *stmt;	      /* NULL: a SAVEPOINT or RELEASE */
		unsigned long ticket; /* Q_WANT: matched with stmt->want */
		int kind;	      /* Q_PLAIN, Q_ID (sets last_id), Q_WANT (the caller reads its rows), Q_PREP,
				  Q_LOCK (the registry's lock: one row), Q_COMMIT */
	} * queue;
	int id_pending; /* last_id waits for a queued INSERT's result */
	unsigned long tickets;
	pg_stmt *id_stmt;
	/* A failure found where it could not be returned (ds__store_last_id):
	 * returned by the next call that can. */
	int late_rc;
	long late_cause;
	char late_message[600];
	/* "|table:col,col|..." the columns (besides the registry key) of each
	 * unique index of the schema (the rule for deferring a statement). */
	char *unique;
	/* Rows this connection inserted, and the count at which the server's
	 * cached plans are dropped next (replan_due). */
	unsigned long inserts, replan_at;
	/* ds__store_lock_times: when the lock was sent and when its result came
	 * (0: no write transaction holds it), and the sums, in nanoseconds. */
	uint64_t lock_sent, lock_got, lock_waited, lock_held, lock_transactions;
} pg_store;

enum { Q_PLAIN, Q_ID, Q_WANT, Q_PREP, Q_LOCK, Q_COMMIT };
/* The first count of inserted rows at which cached plans are dropped; then
 * each time the count doubles (replan_due). */
#define REPLAN_FIRST 64UL
/* At most this many statements wait for a sync (their results stay small,
 * so neither side's socket buffer fills). */
#define QUEUE_MAX 256

#define PG(store) ((pg_store *)(store))

static uint64_t monotonic_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

/* The registry's lock: its result read (held from now), and released. */
static void lock_taken(pg_store *store)
{
	store->lock_got = monotonic_ns();
	store->lock_waited += store->lock_got - store->lock_sent;
}

static void lock_released(pg_store *store)
{
	if (!store->lock_got)
		return;
	store->lock_held += monotonic_ns() - store->lock_got;
	store->lock_transactions++;
	store->lock_got = 0;
}

static void pg_lock_times(const ds__store *base, uint64_t *waited, uint64_t *held, uint64_t *transactions)
{
	const pg_store *store = (const pg_store *)base;

	*waited = store->lock_waited;
	*held = store->lock_held;
	*transactions = store->lock_transactions;
}

#define PS(stmt) ((pg_stmt *)(stmt))

/* PostgreSQL's own integer form of a SQLSTATE (MAKE_SQLSTATE in its
 * sources: six bits a character), for ds_error_last()->cause_code. */
static long sqlstate_code(const char *state)
{
	long code = 0;
	int i;

	for (i = 0; state && i < 5 && state[i]; i++)
		code += (long)((state[i] - '0') & 0x3f) << (6 * i);
	return code;
}

/* Record a failure: DS_EDB with the SQLSTATE (in the message and as the
 * cause), DS_EIO when the connection is gone. */
static int pg_error(pg_store *store, const PGresult *res, const char *what)
{
	const char *state = res ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : NULL;
	const char *message = res ? PQresultErrorField(res, PG_DIAG_MESSAGE_PRIMARY) : NULL;
	char text[512];
	size_t n;
	int code = DS_EDB;

	if (!message || !*message)
		message = store->conn ? PQerrorMessage(store->conn) : "no connection";
	snprintf(text, sizeof text, "%s", message);
	for (n = strlen(text); n > 0 && (text[n - 1] == '\n' || text[n - 1] == ' '); n--)
		text[n - 1] = '\0';
	if (!store->conn || PQstatus(store->conn) == CONNECTION_BAD) {
		code = DS_EIO;
		ds__error(code, "%s database: %s: the connection to the PostgreSQL server was lost: %s",
			  store->base.application, what, text);
	} else if (state && strcmp(state, "55P03") == 0) {
		ds__error(code,
			  "%s database: %s: another writer held the registry's lock longer than the busy timeout "
			  "(SQLSTATE %s)",
			  store->base.application, what, state);
	} else {
		ds__error(code, "%s database: %s: %s (SQLSTATE %s)", store->base.application, what, text,
			  state ? state : "none");
	}
	ds__error_cause("postgresql", sqlstate_code(state));
	return code;
}

static int pipeline_sync(pg_store *store, int quiet);
static void forget_statements(pg_store *store);

/* Run @sql (one or more statements, no parameters) and check the last result. */
static int run(pg_store *store, const char *sql, PGresult **out)
{
	PGresult *res;
	ExecStatusType st;
	int rc;

	if ((rc = pipeline_sync(store, 0)) < 0)
		return rc;
	res = PQexec(store->conn, sql);
	st = res ? PQresultStatus(res) : PGRES_FATAL_ERROR;
	if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK) {
		rc = pg_error(store, res, sql);
		PQclear(res);
		return rc;
	}
	if (out)
		*out = res;
	else
		PQclear(res);
	return DS_OK;
}

/* A failure found where it could not be returned (ds__store_last_id) is
 * kept, and returned by the next call that can return one. */
static void keep_late(pg_store *store)
{
	const ds_error *e = ds_error_last();

	store->late_rc = e->code < 0 ? e->code : DS_EDB;
	store->late_cause = e->cause_code;
	snprintf(store->late_message, sizeof store->late_message, "%s", e->message);
}

static int take_late(pg_store *store)
{
	int rc = store->late_rc;

	if (!rc)
		return DS_OK;
	store->late_rc = 0;
	ds__error(rc, "%s", store->late_message);
	ds__error_cause("postgresql", store->late_cause);
	return rc;
}

/* Make room for one more queued statement (before sending it, so that what
 * was sent is always in the queue). */
static int queue_room(pg_store *store)
{
	if (store->queued == store->queue_cap) {
		size_t cap = store->queue_cap ? store->queue_cap * 2 : 64;
		struct queued *q = ds__realloc(store->queue, cap * sizeof *q);

		if (!q)
			return ds__enomem();
		store->queue = q;
		store->queue_cap = cap;
	}
	if (!store->piped) {
		if (!PQenterPipelineMode(store->conn))
			return pg_error(store, NULL, "entering pipeline mode");
		store->piped = 1;
	}
	return DS_OK;
}

static void queue_push(pg_store *store, pg_stmt *stmt, int kind)
{
	store->queue[store->queued].stmt = stmt;
	store->queue[store->queued].kind = kind;
	store->queue[store->queued].ticket = 0;
	if (kind == Q_WANT)
		store->queue[store->queued].ticket = stmt->want = ++store->tickets;
	store->queued++;
}

/* A statement's result arrived: keep it for the caller's steps, and the id a
 * plain INSERT allocated. */
static void accept_result(pg_store *store, pg_stmt *s, PGresult *res, int keep)
{
	int rows = PQresultStatus(res) == PGRES_TUPLES_OK ? PQntuples(res) : 0;

	if (s->returns_id) {
		if (!s->base.unchecked && rows == 1 && !PQgetisnull(res, 0, 0))
			store->last_id = strtoll(PQgetvalue(res, 0, 0), NULL, 10);
		rows = 0;
	}
	if (keep) {
		s->result = res;
		s->rows = rows;
	} else {
		PQclear(res);
	}
}

/* Send a sync and read the result of every statement queued since the last
 * one, in order; leave pipeline mode. The first failure is recorded (unless
 * @quiet: a rollback path, whose caller's error stands) and returned; the
 * statements after it were not run (PGRES_PIPELINE_ABORTED), and the server's
 * transaction is aborted until the caller rolls its level back. A Q_WANT
 * statement keeps its result for the caller's steps. */
static int pipeline_sync(pg_store *store, int quiet)
{
	PGresult *res;
	size_t i;
	int rc = DS_OK, lost = 0;

	if (!store->piped)
		return DS_OK;
	if (!PQpipelineSync(store->conn))
		lost = 1;
	for (i = 0; i < store->queued && !lost; i++) {
		pg_stmt *s = store->queue[i].stmt;
		int kind = store->queue[i].kind, got = 0;

		while ((res = PQgetResult(store->conn))) {
			ExecStatusType st = PQresultStatus(res);

			got = 1;
			if (kind == Q_LOCK)
				lock_taken(store);
			if (st == PGRES_TUPLES_OK && kind == Q_LOCK && PQntuples(res) != 1 && rc == DS_OK)
				/* Never: the row is made at the registry's first write, never deleted. */
				rc = ds__error(DS_EINTERNAL,
					       "%s database: the registry's row in datasset.writers is gone",
					       store->base.application);
			if (st == PGRES_COMMAND_OK && kind == Q_COMMIT)
				store->commit_undone = strcmp(PQcmdStatus(res), "ROLLBACK") == 0;
			if ((st == PGRES_COMMAND_OK || st == PGRES_TUPLES_OK) && s && kind != Q_PREP) {
				/* Kept for the run the caller reads (not one of a statement
				 * finalized, or run again, since). */
				accept_result(store, s, res,
					      kind == Q_WANT && rc == DS_OK && !s->result &&
						      store->queue[i].ticket == s->want);
				continue;
			}
			if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK) {
				if (s && kind == Q_PREP)
					s->prepared = 0;
				if (st != PGRES_PIPELINE_ABORTED && rc == DS_OK) {
					const char *state = PQresultErrorField(res, PG_DIAG_SQLSTATE);

					if (s && kind == Q_WANT)
						s->base.constraint = state && strcmp(state, "23505") == 0;
					rc = quiet ? DS_EDB :
						     pg_error(store, res,
							      kind == Q_PREP ? "preparing a statement" :
							      s		     ? "executing a statement" :
									       "a transaction-control statement");
				} else if (rc == DS_OK) {
					rc = DS_EDB; /* aborted: cannot happen without a failure before it */
				}
			}
			PQclear(res);
		}
		if (!got && PQstatus(store->conn) == CONNECTION_BAD)
			lost = 1;
	}
	/* The sync's own result ends the pipeline's results. */
	while (!lost && (res = PQgetResult(store->conn))) {
		ExecStatusType st = PQresultStatus(res);

		PQclear(res);
		if (st == PGRES_PIPELINE_SYNC)
			break;
	}
	if (lost || PQstatus(store->conn) == CONNECTION_BAD) {
		if (rc == DS_OK || !quiet)
			rc = quiet ? DS_EIO : pg_error(store, NULL, "sending statements");
		forget_statements(store);
	} else if (!PQexitPipelineMode(store->conn)) {
		/* Results left over (none expected): drop them, then leave. */
		while ((res = PQgetResult(store->conn)))
			PQclear(res);
		PQexitPipelineMode(store->conn);
	}
	store->piped = 0;
	store->queued = 0;
	store->id_pending = 0;
	return rc;
}

static int pg_flush(ds__store *base)
{
	pg_store *store = PG(base);
	int rc = take_late(store);

	return rc < 0 ? rc : pipeline_sync(store, 0);
}

static int pg_exec(ds__store *store, const char *sql)
{
	return run(PG(store), sql, NULL);
}

static int pg_schema_version(ds__store *base, int *version)
{
	PGresult *res = NULL;
	int rc;

	*version = 0;
	if ((rc = run(PG(base), "SELECT to_regclass('datasset.meta') IS NOT NULL", &res)) < 0)
		return rc;
	if (PQntuples(res) != 1 || strcmp(PQgetvalue(res, 0, 0), "t") != 0) {
		PQclear(res);
		return DS_OK;
	}
	PQclear(res);
	if ((rc = run(PG(base), "SELECT version FROM datasset.meta", &res)) < 0)
		return rc;
	*version = PQntuples(res) == 1 && !PQgetisnull(res, 0, 0) ? atoi(PQgetvalue(res, 0, 0)) : 0;
	PQclear(res);
	return DS_OK;
}

static int migrate(pg_store *store, const ds__store_migration *migrations, int count, int create)
{
	int version = 0, i, rc;
	char sql[96];

	if ((rc = pg_schema_version(&store->base, &version)) < 0)
		return rc;
	/* Opening (not creating) must never turn someone else's database into ours. */
	if (version == 0 && !create)
		return ds__error(DS_ENOTFOUND, "the database holds no %s schema (schema version 0)",
				 store->base.application);
	if (count > 0 && version > migrations[count - 1].version)
		return ds__error(
			DS_EUNSUPPORTED,
			"%s database: schema version %d is newer than this library's %d; use a newer libdatasset",
			store->base.application, version, migrations[count - 1].version);
	store->migrating = 1;
	for (i = 0; i < count; i++) {
		if (migrations[i].version <= version)
			continue;
		if (!migrations[i].pg_sql) {
			rc = ds__error(DS_EINTERNAL, "store: migration %d has no PostgreSQL form",
				       migrations[i].version);
			goto done;
		}
		if ((rc = ds__store_begin(&store->base)) < 0)
			goto done;
		/* Another process may have migrated while we waited for the lock. */
		if ((rc = pg_schema_version(&store->base, &version)) < 0)
			goto fail;
		if (migrations[i].version <= version) {
			if ((rc = ds__store_commit(&store->base)) < 0)
				goto done;
			continue;
		}
		snprintf(sql, sizeof sql, "UPDATE datasset.meta SET version = %d", migrations[i].version);
		if ((rc = run(store, migrations[i].pg_sql, NULL)) < 0 ||
		    (migrations[i].apply && (rc = migrations[i].apply(&store->base)) < 0) ||
		    (rc = run(store, sql, NULL)) < 0)
			goto fail;
		if ((rc = ds__store_commit(&store->base)) < 0)
			goto done;
		version = migrations[i].version;
	}
	rc = DS_OK;
	goto done;
fail:
	ds__store_rollback(&store->base);
done:
	store->migrating = 0;
	return rc;
}

/* Take our parameters (registry=, keys=) out of @uri's query string into
 * @registry and @keys; refuse a password. *conninfo is a new string. */
static int split_uri(char **conninfo, char *registry, size_t registry_size, char **keys, const char *uri)
{
	const char *query = strchr(uri, '?'), *authority = strstr(uri, "://") + 3, *p, *end;
	const char *at = NULL;
	ds__buf b = DS__BUF_INIT;
	size_t i;
	int first = 1;

	snprintf(registry, registry_size, "default");
	*keys = NULL;
	/* user:password@host: the password would be on a command line. */
	for (p = authority; *p && *p != '/' && *p != '?'; p++)
		if (*p == '@')
			at = p;
	if (at && memchr(authority, ':', (size_t)(at - authority)))
		return ds__error_at(DS_EINVAL, 0, 0, "password",
				    "registry URI: a password in the URI is refused (it would show on command "
				    "lines and in process lists): put it in ~/.pgpass (PGPASSFILE) or a service file");
	ds__buf_put(&b, uri, query ? (size_t)(query - uri) : strlen(uri));
	for (p = query ? query + 1 : NULL; p && *p; p = *end ? end + 1 : end) {
		size_t len;

		end = strchr(p, '&');
		if (!end)
			end = p + strlen(p);
		len = (size_t)(end - p);
		if (len > 9 && strncmp(p, "registry=", 9) == 0) {
			if (len - 9 >= registry_size || len == 9)
				goto bad_registry;
			for (i = 9; i < len; i++)
				if (!((p[i] >= 'a' && p[i] <= 'z') || (p[i] >= 'A' && p[i] <= 'Z') ||
				      (p[i] >= '0' && p[i] <= '9') || p[i] == '_' || p[i] == '-'))
					goto bad_registry;
			memcpy(registry, p + 9, len - 9);
			registry[len - 9] = '\0';
		} else if (len > 5 && strncmp(p, "keys=", 5) == 0) {
			ds__free(*keys);
			if (!(*keys = ds__strndup(p + 5, len - 5)))
				goto nomem;
		} else if (len >= 9 && strncmp(p, "password=", 9) == 0) {
			ds__buf_dispose(&b);
			ds__free(*keys);
			*keys = NULL;
			return ds__error_at(
				DS_EINVAL, 0, 0, "password",
				"registry URI: a password in the URI is refused (it would show on command "
				"lines and in process lists): put it in ~/.pgpass (PGPASSFILE) or a service "
				"file");
		} else if (len > 0) {
			ds__buf_puts(&b, first ? "?" : "&");
			ds__buf_put(&b, p, len);
			first = 0;
		}
	}
	if (ds__buf_detach(conninfo, &b) < 0)
		goto nomem;
	return DS_OK;
bad_registry:
	ds__buf_dispose(&b);
	ds__free(*keys);
	*keys = NULL;
	return ds__error_at(DS_EINVAL, 0, 0, "registry",
			    "registry URI: registry= takes 1 to %d letters, digits, '_' or '-'",
			    (int)registry_size - 1);
nomem:
	ds__buf_dispose(&b);
	ds__free(*keys);
	*keys = NULL;
	return ds__enomem();
}

/* The server's notices (a connection ended by an administrator, ...) are
 * reported through the error they cause, never printed by the library. */
static void quiet_notices(void *arg, const char *message)
{
	(void)arg;
	(void)message;
}

/* Connect and set the session up (again after a lost connection). */
static int connect_session(pg_store *store, const char *shown)
{
	if (store->conn)
		PQfinish(store->conn);
	/* Nothing sent on the old connection waits for an answer on the new. */
	store->piped = 0;
	store->queued = 0;
	store->id_pending = 0;
	store->conn = PQconnectdb(store->conninfo);
	if (!store->conn || PQstatus(store->conn) != CONNECTION_OK) {
		char text[400];
		size_t n;

		snprintf(text, sizeof text, "%s", store->conn ? PQerrorMessage(store->conn) : "out of memory");
		for (n = strlen(text); n > 0 && (text[n - 1] == '\n' || text[n - 1] == ' '); n--)
			text[n - 1] = '\0';
		ds__error(DS_EIO, "%s database '%s': cannot connect to PostgreSQL: %s", store->base.application, shown,
			  text);
		ds__error_cause("postgresql", 0);
		return DS_EIO;
	}
	PQsetNoticeProcessor(store->conn, quiet_notices, NULL);
	return run(store, store->settings, NULL);
}

/* The columns of every unique index of the schema, for defer_rule: "|table:
 * col,col|" (the registry key left out: every index has it); "*" for an
 * index on an expression. */
static int read_unique(pg_store *store)
{
	PGresult *res = NULL;
	ds__buf b = DS__BUF_INIT;
	int i, rc;

	if ((rc = run(store,
		      "SELECT c.relname, i.indexprs IS NOT NULL,"
		      " string_agg(a.attname, ',' ORDER BY a.attname) FILTER (WHERE a.attname <> 'registry')"
		      " FROM pg_index i JOIN pg_class c ON c.oid = i.indrelid"
		      " JOIN pg_namespace n ON n.oid = c.relnamespace AND n.nspname = 'datasset'"
		      " LEFT JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY (i.indkey)"
		      " WHERE i.indisunique GROUP BY c.relname, i.indexrelid, i.indexprs IS NOT NULL",
		      &res)) < 0)
		return rc;
	ds__buf_putc(&b, '|');
	for (i = 0; i < PQntuples(res); i++)
		ds__buf_printf(&b, "%s:%s|", PQgetvalue(res, i, 0),
			       strcmp(PQgetvalue(res, i, 1), "t") == 0 || PQgetisnull(res, i, 2) ?
				       "*" :
				       PQgetvalue(res, i, 2));
	PQclear(res);
	ds__free(store->unique);
	store->unique = NULL;
	if (ds__buf_detach(&store->unique, &b) < 0) {
		ds__buf_dispose(&b);
		return ds__enomem();
	}
	return DS_OK;
}

static int pg_open(ds__store **out, const char *path, const ds__store_config *config,
		   const ds__store_migration *migrations, int migration_count)
{
	pg_store *store = NULL;
	char *keys = NULL;
	int rc, timeout = config && config->busy_timeout_ms > 0 ? config->busy_timeout_ms : 10000;
	ds__store_sync sync = config && config->sync ? config->sync : DS__STORE_SYNC_FULL;
	ds__buf files = DS__BUF_INIT;

	if (!(store = ds__calloc(1, sizeof *store)))
		return ds__enomem();
	store->base.ops = &ds__store_postgresql_ops;
	store->base.flush = pg_flush;
	snprintf(store->base.application, sizeof store->base.application, "%s",
		 config && config->application ? config->application : "");
	if ((rc = split_uri(&store->conninfo, store->registry, sizeof store->registry, &keys, path)) < 0)
		goto fail;
	ds__buf_printf(&files, "%s/%s", keys && *keys ? keys : ".", store->registry);
	ds__free(keys);
	if (ds__buf_detach(&store->base.files, &files) < 0) {
		ds__buf_dispose(&files);
		rc = ds__enomem();
		goto fail;
	}
	/* The registry key is checked above (letters, digits, '_', '-'): it
	 * can be written into the statement. The schema's views select by it. */
	snprintf(store->settings, sizeof store->settings,
		 "SET datasset.registry = '%s'; SET search_path = datasset_registry, pg_catalog;"
		 " SET lock_timeout = %d; SET synchronous_commit = %s; SET TIME ZONE 'UTC';"
		 " SET client_min_messages = warning",
		 store->registry, timeout, sync == DS__STORE_SYNC_NORMAL ? "off" : "on");
	if ((rc = connect_session(store, store->conninfo)) < 0)
		goto fail;
	if ((rc = migrate(store, migrations, migration_count, config && config->create)) < 0)
		goto fail;
	if ((rc = read_unique(store)) < 0)
		goto fail;
	/* The schema's own functions: what a new registry needs (the SQLite
	 * file gets it from its migrations), or whether this one exists. */
	if (config && config->create) {
		if ((rc = run(store, "SELECT datasset.registry_init()", NULL)) < 0)
			goto fail;
	} else {
		PGresult *res = NULL;
		int exists;

		if ((rc = run(store, "SELECT datasset.registry_exists()", &res)) < 0)
			goto fail;
		exists = PQntuples(res) == 1 && strcmp(PQgetvalue(res, 0, 0), "t") == 0;
		PQclear(res);
		if (!exists) {
			rc = ds__error(DS_ENOTFOUND, "%s database: no registry '%s' in this database (registry=%s)",
				       store->base.application, store->registry, store->registry);
			goto fail;
		}
	}
	*out = &store->base;
	return DS_OK;
fail:
	ds__store_close(&store->base);
	return rc;
}

/* The connection is gone: nothing prepared or queued on it stays. */
static void forget_statements(pg_store *store)
{
	pg_stmt *s;

	for (s = store->cache; s; s = s->next)
		s->prepared = 0;
	store->piped = 0;
	store->queued = 0;
	store->id_pending = 0;
}

static void pg_close(ds__store *base)
{
	pg_store *store = PG(base);
	pg_stmt *s, *next;
	int i;

	for (s = store->cache; s; s = next) {
		next = s->next;
		PQclear(s->result);
		for (i = 0; i < MAX_PARAMS; i++)
			ds__free(s->owned[i]);
		ds__free(s->sql);
		ds__free(s->pg);
		ds__free(s);
	}
	if (store->conn) {
		pipeline_sync(store, 1);
		if (base->depth > 0)
			PQclear(PQexec(store->conn, "ROLLBACK"));
		PQfinish(store->conn);
	}
	ds__free(store->queue);
	ds__free(store->unique);
	ds__free(store->conninfo);
	ds__free(base->files);
	ds__free(store);
}

static int pg_control(ds__store *base, const char *sql, int quiet)
{
	pg_store *store = PG(base);
	PGresult *res = NULL;
	int rc, undone;

	if (quiet) {
		/* A rollback: what was queued is void (its failure, if any, is
		 * what the caller is rolling back for). */
		pipeline_sync(store, 1);
		store->late_rc = 0;
		PQclear(PQexec(store->conn, sql));
		if (strcmp(sql, "ROLLBACK") == 0)
			lock_released(store);
		return DS_OK;
	}
	if ((rc = take_late(store)) < 0)
		return rc;
	/* A savepoint opens without waiting; a level's end (RELEASE) goes with
	 * the level's queued statements and waits for all of them: a failure
	 * among them fails this commit, and the store rolls the level back. */
	if (strncmp(sql, "SAVEPOINT ", 10) == 0 || strncmp(sql, "RELEASE ", 8) == 0) {
		if ((rc = queue_room(store)) < 0)
			return rc;
		if (!PQsendQueryParams(store->conn, sql, 0, NULL, NULL, NULL, NULL, 0))
			return pg_error(store, NULL, sql);
		queue_push(store, NULL, Q_PLAIN);
		return sql[0] == 'R' || store->queued >= QUEUE_MAX ? pipeline_sync(store, 0) : DS_OK;
	}
	if (strcmp(sql, "COMMIT") == 0 && store->piped) {
		/* Behind the statements still queued: one round trip for all of
		 * them and the COMMIT (which does not run when one of them failed). */
		if ((rc = queue_room(store)) < 0)
			return rc;
		if (!PQsendQueryParams(store->conn, sql, 0, NULL, NULL, NULL, NULL, 0))
			return pg_error(store, NULL, sql);
		queue_push(store, NULL, Q_COMMIT);
		store->commit_undone = 0;
		if ((rc = pipeline_sync(store, 0)) < 0)
			return rc;
		undone = store->commit_undone;
	} else {
		if ((rc = run(store, sql, &res)) < 0)
			return rc;
		undone = strcmp(sql, "COMMIT") == 0 && strcmp(PQcmdStatus(res), "ROLLBACK") == 0;
		PQclear(res);
	}
	if (strcmp(sql, "COMMIT") == 0)
		lock_released(store);
	/* COMMIT of a transaction an error aborted rolls back: say so. */
	if (undone)
		return ds__error(DS_EDB, "%s database: the transaction was rolled back (a statement in it failed)",
				 base->application);
	return DS_OK;
}

/* The outermost transaction. Writing: lock the registry's row (writers of one
 * registry take turns; other registries' writers are not held up). */
static int pg_begin(ds__store *base, int read)
{
	pg_store *store = PG(base);
	PGresult *res = NULL;
	char sql[384];
	int rc;

	/* A connection lost since the last transaction: connect again (nothing
	 * was open on it, so nothing is lost). */
	if (PQstatus(store->conn) == CONNECTION_BAD) {
		if ((rc = connect_session(store, store->conninfo)) < 0)
			return rc;
		forget_statements(store);
	}
	if (read)
		return run(store, "BEGIN ISOLATION LEVEL REPEATABLE READ", NULL);
	if (store->migrating)
		return run(store, "BEGIN; SELECT pg_advisory_xact_lock(7162844513)", NULL);
	snprintf(sql, sizeof sql, "SELECT 1 FROM datasset.writers WHERE registry = '%s' FOR UPDATE", store->registry);
	if (store->writer_row) {
		/* BEGIN and the lock are queued: they go to the server with the
		 * transaction's first statement whose result is needed (or its
		 * COMMIT), in one round trip, and the server runs that statement
		 * once it holds the lock. The lock is held one round trip less. */
		if ((rc = queue_room(store)) < 0)
			return rc;
		if (!PQsendQueryParams(store->conn, "BEGIN", 0, NULL, NULL, NULL, NULL, 0))
			goto unsent;
		queue_push(store, NULL, Q_PLAIN);
		if ((rc = queue_room(store)) < 0)
			goto unsent;
		if (!PQsendQueryParams(store->conn, sql, 0, NULL, NULL, NULL, NULL, 0))
			goto unsent;
		queue_push(store, NULL, Q_LOCK);
		store->lock_sent = monotonic_ns();
		return DS_OK;
	}
	snprintf(sql, sizeof sql, "BEGIN; SELECT 1 FROM datasset.writers WHERE registry = '%s' FOR UPDATE",
		 store->registry);
	store->lock_sent = monotonic_ns();
	if ((rc = run(store, sql, &res)) < 0)
		return rc;
	if (PQntuples(res) == 1) {
		PQclear(res);
		store->writer_row = 1;
		lock_taken(store);
		return DS_OK;
	}
	PQclear(res);
	/* The registry's first write: make its row, then lock it. */
	snprintf(sql, sizeof sql,
		 "INSERT INTO datasset.writers (registry) VALUES ('%s') ON CONFLICT DO NOTHING;"
		 " SELECT 1 FROM datasset.writers WHERE registry = '%s' FOR UPDATE",
		 store->registry, store->registry);
	if ((rc = run(store, sql, NULL)) < 0) {
		PQclear(PQexec(store->conn, "ROLLBACK"));
		return rc;
	}
	store->writer_row = 1;
	lock_taken(store);
	return DS_OK;
unsent:
	rc = pg_error(store, NULL, "BEGIN");
	pipeline_sync(store, 1);
	PQclear(PQexec(store->conn, "ROLLBACK"));
	return rc;
}

static unsigned long hash_text(const char *text)
{
	unsigned long h = 2166136261UL; /* FNV-1a */

	for (; *text; text++)
		h = (h ^ (unsigned char)*text) * 16777619UL;
	return h;
}

/* SQLite's text to PostgreSQL's: ? and ?N become $N; a conflict target gets
 * the registry key first (every unique key starts with it); a plain INSERT
 * returns the id the table's default allocated (ds__store_last_id). */
static int translate(pg_stmt *s)
{
	const char *p = s->sql;
	int next = 0, max = 0, quote = 0, conflict = 0;
	ds__buf b = DS__BUF_INIT;

	for (; *p; p++) {
		if (quote) {
			ds__buf_put(&b, p, 1);
			if (*p == '\'')
				quote = 0;
			continue;
		}
		if (*p == '\'') {
			quote = 1;
			ds__buf_put(&b, p, 1);
		} else if (*p == '?') {
			int n;

			if (p[1] >= '0' && p[1] <= '9') {
				n = 0;
				while (p[1] >= '0' && p[1] <= '9')
					n = n * 10 + (*++p - '0');
			} else {
				n = ++next;
			}
			if (n > max)
				max = n;
			/* A parameter tested for NULL is text (PostgreSQL cannot tell
			 * its type from IS NULL alone); SQLite's LIMIT -1 (no limit)
			 * is LIMIT NULL here. */
			if (strncmp(p + 1, " IS NULL", 8) == 0)
				ds__buf_printf(&b, "$%d::text", n);
			else if (b.len >= 6 && strcmp(b.data + b.len - 6, "LIMIT ") == 0)
				ds__buf_printf(&b, "NULLIF($%d::bigint, -1)", n);
			else
				ds__buf_printf(&b, "$%d", n);
		} else if (strncmp(p, "ON CONFLICT (", 13) == 0) {
			ds__buf_puts(&b, "ON CONFLICT (registry, ");
			p += 12;
			conflict = 1;
		} else {
			ds__buf_put(&b, p, 1);
		}
	}
	if (strncmp(s->sql, "INSERT INTO ", 12) == 0 && !conflict && !strstr(s->sql, "RETURNING")) {
		ds__buf_puts(&b, " RETURNING current_setting('datasset.last_id', true)");
		s->returns_id = 1;
	}
	if (max > MAX_PARAMS) {
		ds__buf_dispose(&b);
		return ds__error(DS_EINTERNAL, "store: more than %d parameters", MAX_PARAMS);
	}
	s->nparams = max;
	if (ds__buf_detach(&s->pg, &b) < 0) {
		ds__buf_dispose(&b);
		return ds__enomem();
	}
	return DS_OK;
}

static int pg_prepare(ds__stmt **out, ds__store *base, const char *sql)
{
	pg_store *store = PG(base);
	unsigned long hash;
	pg_stmt *s;
	int rc;

	for (s = store->cache; s; s = s->next)
		if (!s->in_use && s->last_text == sql && strcmp(s->sql, sql) == 0)
			goto found;
	hash = hash_text(sql);
	for (s = store->cache; s; s = s->next)
		if (!s->in_use && s->hash == hash && strcmp(s->sql, sql) == 0)
			goto found;
	if (!(s = ds__calloc(1, sizeof *s)) || !(s->sql = ds__strdup(sql))) {
		ds__free(s);
		return ds__enomem();
	}
	if ((rc = translate(s)) < 0) {
		ds__free(s->sql);
		ds__free(s);
		return rc;
	}
	s->base.store = base;
	s->hash = hash;
	s->deferrable = -1;
	snprintf(s->name, sizeof s->name, "ds%u", ++store->counter);
	s->next = store->cache;
	store->cache = s;
found:
	if ((rc = take_late(store)) < 0)
		return rc;
	if (!s->prepared && store->piped) {
		/* Prepared in the pipeline, ahead of its first execution. */
		if ((rc = queue_room(store)) < 0)
			return rc;
		if (!PQsendPrepare(store->conn, s->name, s->pg, 0, NULL))
			return pg_error(store, NULL, "preparing a statement");
		queue_push(store, s, Q_PREP);
		s->prepared = 1;
	}
	if (!s->prepared) {
		PGresult *res = PQprepare(store->conn, s->name, s->pg, 0, NULL);

		if (!res || PQresultStatus(res) != PGRES_COMMAND_OK) {
			rc = pg_error(store, res, "preparing a statement");
			PQclear(res);
			return rc;
		}
		PQclear(res);
		s->prepared = 1;
	}
	s->last_text = sql;
	s->in_use = 1;
	s->base.constraint = 0;
	s->base.unchecked = 0;
	s->row = -1;
	s->rows = 0;
	*out = &s->base;
	return DS_OK;
}

static void pg_finalize(ds__stmt *stmt)
{
	pg_stmt *s = PS(stmt);
	int i;

	PQclear(s->result);
	s->result = NULL;
	s->want = 0;
	for (i = 0; i < s->nparams; i++) {
		ds__free(s->owned[i]);
		s->owned[i] = NULL;
		s->values[i] = NULL;
	}
	s->in_use = 0;
}

static int param(pg_stmt *s, int index)
{
	if (index < 1 || index > s->nparams)
		return ds__error(DS_EINTERNAL, "store: parameter %d of %d", index, s->nparams);
	ds__free(s->owned[index - 1]);
	s->owned[index - 1] = NULL;
	return DS_OK;
}

static int pg_bind_text(ds__stmt *stmt, int index, const char *value, int copy)
{
	pg_stmt *s = PS(stmt);
	int rc;

	if ((rc = param(s, index)) < 0)
		return rc;
	if (copy) {
		if (!(s->owned[index - 1] = ds__strdup(value)))
			return ds__enomem();
		value = s->owned[index - 1];
	}
	s->values[index - 1] = value;
	return DS_OK;
}

static int pg_bind_int(ds__stmt *stmt, int index, int64_t value)
{
	pg_stmt *s = PS(stmt);
	int rc;

	if ((rc = param(s, index)) < 0)
		return rc;
	snprintf(s->ints[index - 1], sizeof s->ints[index - 1], "%lld", (long long)value);
	s->values[index - 1] = s->ints[index - 1];
	return DS_OK;
}

static int pg_bind_null(ds__stmt *stmt, int index)
{
	pg_stmt *s = PS(stmt);
	int rc;

	if ((rc = param(s, index)) < 0)
		return rc;
	s->values[index - 1] = NULL;
	return DS_OK;
}

/* Up to @max names of a comma-separated list ("a, b = ?, c") into @names
 * (each the identifier that starts an item); *end after the list (at @stop,
 * a character outside parentheses, or the string's end). 0: not understood. */
#define NAME_MAX_LEN 64
static int name_list(char names[][NAME_MAX_LEN], int max, int *count, const char *p, const char **end, char stop)
{
	int depth = 0, n = 0, start = 1;

	for (; *p; p++) {
		if (*p == '\'')
			return 0; /* a literal: not worth reading */
		if (depth == 0 && *p == stop)
			break;
		if (*p == '(')
			depth++;
		else if (*p == ')')
			depth--;
		else if (depth == 0 && *p == ',')
			start = 1;
		else if (start && *p != ' ') {
			size_t len = 0;

			if (n == max)
				return 0;
			while ((p[len] >= 'a' && p[len] <= 'z') || p[len] == '_' || (p[len] >= '0' && p[len] <= '9'))
				len++;
			if (len == 0 || len >= NAME_MAX_LEN)
				return 0;
			memcpy(names[n], p, len);
			names[n++][len] = '\0';
			p += len - 1;
			start = 0;
		}
	}
	*count = n;
	*end = p;
	return depth == 0;
}

static int in_list(char names[][NAME_MAX_LEN], int count, const char *name, size_t len)
{
	int i;

	for (i = 0; i < count; i++)
		if (strlen(names[i]) == len && strncmp(names[i], name, len) == 0)
			return 1;
	return 0;
}

/* Whether a statement's outcome may wait for the next sync: it returns no
 * rows to the caller, and it cannot fail on a uniqueness constraint (the one
 * failure a caller turns into a status of its own, DS_EEXISTS, through
 * ds__stmt_constraint), because none of the columns it writes is in a unique
 * index of its table other than an upsert's own conflict target. Any other
 * failure is DS_EDB whenever it is read, with the same message. So: a DELETE;
 * an INSERT with its column list, or an UPDATE, whose written columns miss
 * every unique index of the table (store->unique, read from the schema),
 * without RETURNING. Anything not understood runs at once. */
static int defer_rule(const pg_store *store, const char *sql)
{
	char written[48][NAME_MAX_LEN], target[8][NAME_MAX_LEN], table[NAME_MAX_LEN + 2];
	int n = 0, targets = 0, more = 0;
	const char *p, *end, *u;
	size_t len;

	if (!store->unique || strstr(sql, "RETURNING") || strstr(sql, "SELECT"))
		return 0;
	if (strncmp(sql, "DELETE FROM ", 12) == 0)
		return 1;
	if (strncmp(sql, "INSERT INTO ", 12) == 0)
		p = sql + 12;
	else if (strncmp(sql, "UPDATE ", 7) == 0)
		p = sql + 7;
	else
		return 0;
	for (len = 0; (p[len] >= 'a' && p[len] <= 'z') || p[len] == '_' || (p[len] >= '0' && p[len] <= '9'); len++)
		;
	if (len == 0 || len >= NAME_MAX_LEN)
		return 0;
	snprintf(table, sizeof table, "|%.*s:", (int)len, p);
	p += len;
	if (sql[0] == 'I') {
		if (strncmp(p, " (", 2) != 0 || !name_list(written, 48, &n, p + 2, &end, ')') || *end != ')')
			return 0;
		if ((p = strstr(end, "ON CONFLICT ("))) {
			if (!name_list(target, 8, &targets, p + 13, &end, ')') || *end != ')')
				return 0;
			if (strncmp(end, ") DO NOTHING", 12) != 0) {
				if (strncmp(end, ") DO UPDATE SET ", 16) != 0 ||
				    !name_list(written + n, 48 - n, &more, end + 16, &end, 'W'))
					return 0;
				n += more;
			}
		}
	} else {
		if (strncmp(p, " SET ", 5) != 0 || !name_list(written, 48, &n, p + 5, &end, 'W'))
			return 0;
	}
	/* Every unique index of the table: "|table:col,col|". */
	for (u = store->unique; (u = strstr(u, table)); u += strlen(table)) {
		const char *c = u + strlen(table), *stop = strchr(c, '|');
		int touched = 0, same = targets > 0, cols = 0;

		if (!stop)
			return 0;
		if (*c == '*')
			return 0; /* an index on an expression: not read here */
		while (c < stop) {
			const char *e = c;

			while (e < stop && *e != ',')
				e++;
			cols++;
			if (in_list(written, n, c, (size_t)(e - c)))
				touched = 1;
			if (!in_list(target, targets, c, (size_t)(e - c)))
				same = 0;
			c = e < stop ? e + 1 : e;
		}
		if (touched && !(same && cols == targets))
			return 0;
	}
	return 1;
}

/* Plans made while the tables were nearly empty are dropped as the
 * connection's inserts double (64, 128, 256, ... rows): DISCARD PLANS, sent
 * ahead of the statement about to run (in the pipeline: no round trip of its
 * own). The server keeps a prepared statement's generic plan, a foreign-key
 * check's plan and a PL/pgSQL function's plans for the whole connection, and
 * a plan made on an empty table cannot tell the primary key (registry, id)
 * from another index that starts with the registry (every row costs the same
 * in an empty table): kept while one transaction adds thousands of rows, such
 * a plan reads every row of the registry for each lookup by id, quadratic
 * over a batch. Replanned at twice the size, the primary key wins, and the
 * plans stay right from there; the doubling keeps the replanning to a few
 * dozen statements per doubling of the connection's rows. Statements are not
 * dropped, only their plans (and DISCARD PLANS is allowed in a transaction). */
static int replan_due(pg_store *store, const pg_stmt *s)
{
	int rc;

	if (strncmp(s->sql, "INSERT INTO ", 12) != 0)
		return DS_OK;
	if (!store->replan_at)
		store->replan_at = REPLAN_FIRST;
	if (++store->inserts < store->replan_at)
		return DS_OK;
	store->replan_at *= 2;
	if ((rc = queue_room(store)) < 0)
		return rc;
	if (!PQsendQueryParams(store->conn, "DISCARD PLANS", 0, NULL, NULL, NULL, NULL, 0))
		return pg_error(store, NULL, "DISCARD PLANS");
	queue_push(store, NULL, Q_PLAIN);
	return DS_OK;
}

static int pg_step(ds__stmt *stmt)
{
	pg_stmt *s = PS(stmt);
	pg_store *store = PG(stmt->store);
	int rc;

	stmt->constraint = 0;
	if (s->row < 0 && !s->result && s->want) {
		/* Sent (pg_send) and not answered yet: read everything queued. */
		if ((rc = pipeline_sync(store, 0)) < 0) {
			PQclear(s->result);
			s->result = NULL;
			s->want = 0;
			return rc;
		}
		s->want = 0;
		if (!s->result)
			return ds__error(DS_EDB,
					 "%s database: a statement sent ahead was not run (one before it failed)",
					 store->base.application);
	}
	if (s->row < 0 && !s->result) {
		if ((rc = take_late(store)) < 0)
			return rc;
		if (s->deferrable < 0)
			s->deferrable = defer_rule(store, s->sql);
		if ((rc = replan_due(store, s)) < 0)
			return rc;
		/* Nothing to read from it: send it and go on (inside a transaction
		 * only: its level's end reads its outcome). An INSERT runs at once
		 * until it is known that the caller never asks for its id. A
		 * statement the caller does not check (ds__stmt_unchecked) always
		 * waits. */
		if (store->base.depth > 0 && stmt->unchecked) {
			if ((rc = queue_room(store)) < 0)
				return rc;
			if (!PQsendQueryPrepared(store->conn, s->name, s->nparams, s->values, NULL, NULL, 0))
				return pg_error(store, NULL, "executing a statement");
			queue_push(store, s, Q_PLAIN);
			s->runs++;
			s->row = s->rows = 0;
			return store->queued >= QUEUE_MAX ? pipeline_sync(store, 0) : 0;
		}
		if (store->base.depth > 0 && s->deferrable && (!s->returns_id || (s->runs > 0 && !s->id_read))) {
			if ((rc = queue_room(store)) < 0)
				return rc;
			if (!PQsendQueryPrepared(store->conn, s->name, s->nparams, s->values, NULL, NULL, 0))
				return pg_error(store, NULL, "executing a statement");
			queue_push(store, s, s->returns_id ? Q_ID : Q_PLAIN);
			s->runs++;
			if (s->returns_id) {
				store->id_pending = 1;
				store->id_stmt = s;
			}
			s->row = s->rows = 0;
			return store->queued >= QUEUE_MAX ? pipeline_sync(store, 0) : 0;
		}
		s->runs++;
		if (store->piped) {
			/* Behind queued statements: one round trip for all of them. */
			if ((rc = queue_room(store)) < 0)
				return rc;
			if (!PQsendQueryPrepared(store->conn, s->name, s->nparams, s->values, NULL, NULL, 0))
				return pg_error(store, NULL, "executing a statement");
			queue_push(store, s, Q_WANT);
			if ((rc = pipeline_sync(store, 0)) < 0) {
				PQclear(s->result);
				s->result = NULL;
				return rc;
			}
			if (!s->result)
				return ds__error(DS_EINTERNAL, "store: a pipelined statement returned no result");
		} else {
			PGresult *res = PQexecPrepared(store->conn, s->name, s->nparams, s->values, NULL, NULL, 0);
			ExecStatusType st = res ? PQresultStatus(res) : PGRES_FATAL_ERROR;

			if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK) {
				const char *state = res ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : NULL;

				stmt->constraint = state && strcmp(state, "23505") == 0;
				rc = pg_error(store, res, "executing a statement");
				PQclear(res);
				if (PQstatus(store->conn) == CONNECTION_BAD)
					forget_statements(store);
				return rc;
			}
			accept_result(store, s, res, 1);
		}
		if (s->returns_id && !stmt->unchecked) {
			store->id_stmt = s;
			store->id_pending = 0;
		}
	}
	if (s->row + 1 < s->rows) {
		s->row++;
		return 1;
	}
	s->row = s->rows;
	return 0;
}

/* Send @stmt inside a write or read transaction without waiting: its rows
 * come with the next sync, and its first step reads them (see above). */
static int pg_send(ds__stmt *stmt)
{
	pg_stmt *s = PS(stmt);
	pg_store *store = PG(stmt->store);
	int rc;

	if (store->base.depth == 0 || s->result || s->row >= 0 || s->returns_id)
		return DS_OK; /* the step runs it */
	if ((rc = take_late(store)) < 0 || (rc = queue_room(store)) < 0)
		return rc;
	if (!PQsendQueryPrepared(store->conn, s->name, s->nparams, s->values, NULL, NULL, 0))
		return pg_error(store, NULL, "executing a statement");
	queue_push(store, s, Q_WANT);
	s->runs++;
	return store->queued >= QUEUE_MAX ? pipeline_sync(store, 0) : DS_OK;
}

static const char *pg_text(ds__stmt *stmt, int column)
{
	pg_stmt *s = PS(stmt);

	if (!s->result || s->row < 0 || s->row >= s->rows || column >= PQnfields(s->result) ||
	    PQgetisnull(s->result, s->row, column))
		return NULL;
	return PQgetvalue(s->result, s->row, column);
}

static int64_t pg_int(ds__stmt *stmt, int column)
{
	const char *text = pg_text(stmt, column);

	if (!text)
		return 0;
	/* A comparison or EXISTS is a boolean here, an integer in SQLite. */
	if (text[0] == 't' && !text[1])
		return 1;
	if (text[0] == 'f' && !text[1])
		return 0;
	return (int64_t)strtoll(text, NULL, 10);
}

static int pg_is_null(ds__stmt *stmt, int column)
{
	return pg_text(stmt, column) == NULL;
}

/* The id of the last plain INSERT: waits for it when it was queued (a
 * failure then is returned by the next call that can return one). The
 * statement is then never queued again. */
static int64_t pg_last_id(ds__store *base)
{
	pg_store *store = PG(base);

	if (store->id_stmt)
		store->id_stmt->id_read = 1;
	if (store->id_pending && pipeline_sync(store, 0) < 0) {
		keep_late(store);
		return 0;
	}
	return store->last_id;
}

const ds__store_ops ds__store_postgresql_ops = {
	pg_open,    pg_close,	 pg_schema_version, pg_begin,	 pg_control,   pg_exec,
	pg_prepare, pg_finalize, pg_bind_text,	    pg_bind_int, pg_bind_null, pg_step,
	pg_text,    pg_int,	 pg_is_null,	    pg_last_id,	 pg_send,      pg_lock_times,
};
