/*
 * The internal store interface (DESIGN.md §7): one database behind a small
 * set of calls, so that a PostgreSQL backend can replace the embedded SQLite
 * one without touching the modules that keep their state in it. Modules never
 * call sqlite3_* themselves. Never installed.
 * SPDX-License-Identifier: MIT
 *
 * Errors: every function returns DS_OK or a negative DS_E... code and sets the
 * thread's error; a database failure gives DS_EDB with the backend's own
 * (extended) code recorded through ds__error_cause("sqlite", code). A write
 * that could not take the lock within the busy timeout is DS_EDB too.
 */
#ifndef DS_INTERNAL_STORE_H
#define DS_INTERNAL_STORE_H

#include <stdint.h>

#include "internal/core.h"

typedef struct ds__store ds__store;
typedef struct ds__stmt ds__stmt;

/* One forward migration: the statements that take the schema from version
 * @version - 1 to @version, then @apply (NULL: none), for what SQL alone
 * cannot do, in the same transaction: when it fails the migration is rolled
 * back. Migrations are listed in order from version 1. @sql is SQLite's
 * dialect; @pg_sql the same change for the PostgreSQL backend, whose tables
 * carry the registry key (docs/registry.md, "PostgreSQL"). */
typedef struct ds__store_migration {
	int version;
	const char *sql;
	int (*apply)(ds__store *store);
	const char *pg_sql;
} ds__store_migration;

/* Durability of a commit (PRAGMA synchronous under WAL). */
typedef enum ds__store_sync { DS__STORE_SYNC_NORMAL = 1, DS__STORE_SYNC_FULL = 2 } ds__store_sync;

typedef struct ds__store_config {
	int create;		 /* 1: create the file when it does not exist; 0: DS_ENOTFOUND */
	int busy_timeout_ms;	 /* how long a writer waits for another's lock; 0: 10000 */
	ds__store_sync sync;	 /* 0: FULL */
	const char *application; /* a name for messages ("registry") */
} ds__store_config;

/* Whether @location names a PostgreSQL database (postgresql:// or
 * postgres://) rather than a SQLite file. */
int ds__store_is_uri(const char *location);

/*
 * Open (and with config->create, create) the database at @path (a file, or
 * a postgresql:// URI: lib/store/postgresql.c): WAL journal,
 * foreign keys on, busy timeout, then bring the schema up to the last of
 * @migrations, each migration (its SQL, then its apply) in its own IMMEDIATE
 * transaction that also sets user_version. A file whose user_version is newer
 * than the last migration is refused with DS_EUNSUPPORTED (a newer library
 * wrote it) and left untouched; without config->create, a file at schema
 * version 0 (empty, or another program's database) is refused with
 * DS_ENOTFOUND and left untouched.
 * *out is a new store: close with ds__store_close().
 */
int ds__store_open(ds__store **out, const char *path, const ds__store_config *config,
		   const ds__store_migration *migrations, int migration_count);
void ds__store_close(ds__store *store);
/* Whether every statement is a round trip to a database server
 * (PostgreSQL), rather than a call into the process (SQLite): then a
 * statement that reads more rows at once is worth more than several small
 * ones. */
int ds__store_remote(const ds__store *store);
/* Where files kept beside the database go: the file's own path for SQLite
 * (NAME.ID.key.pem beside NAME), DIR/REGISTRY for PostgreSQL (the URI's
 * keys= directory, default "."). Borrowed: valid until close. */
const char *ds__store_files(const ds__store *store);
/* The schema version in the file (after open: the last migration applied). */
int ds__store_schema_version(ds__store *store, int *version);

/* Transactions. begin() takes the write lock at once (BEGIN IMMEDIATE); when a
 * transaction is already open it opens a savepoint inside it instead, so an
 * operation that fails inside a caller's batch undoes only itself. Every
 * begin() is matched by exactly one commit() or rollback(). */
int ds__store_begin(ds__store *store);
/* The same for a transaction that only reads: a consistent snapshot (BEGIN
 * DEFERRED) that does not take the write lock. End it with rollback(). */
int ds__store_begin_read(ds__store *store);
int ds__store_commit(ds__store *store);
/* Never fails in a way the caller can act on; returns void. */
void ds__store_rollback(ds__store *store);
/* Nesting depth: 0 outside any transaction. */
int ds__store_depth(const ds__store *store);
/* A number that changes whenever what this connection may assume about the
 * database changes: at every outermost begin (another process may have
 * written since the last transaction) and at every rollback, of a savepoint
 * too. A cache of rows this connection wrote or read stays valid while the
 * depth is above 0 and the generation is the one it was filled under. */
uint64_t ds__store_generation(const ds__store *store);
/* Where this connection's write transactions spent their time, for the
 * benchmarks (bench/registry_pg.sh): *waited the nanoseconds from sending
 * BEGIN and the registry's lock to reading the lock's result (the wait for
 * the lock, and the round trip in which the server, holding it, runs the
 * statements sent with it), *held from then to the end of the transaction
 * (COMMIT or ROLLBACK returned), *transactions how many such transactions
 * ended. PostgreSQL only; SQLite's lock is taken inside sqlite3 and all
 * three are 0. Any output may be NULL. */
void ds__store_lock_times(const ds__store *store, uint64_t *waited, uint64_t *held, uint64_t *transactions);
/* Flat mode (a caller's bulk batch): nested begin()s take no savepoint, so a
 * nested rollback() cannot undo its level alone; it marks the transaction
 * broken instead: every later begin() is DS_ESTATE, and the outermost commit()
 * rolls everything back and returns DS_ESTATE. Setting 0 clears the mark. */
void ds__store_set_flat(ds__store *store, int flat);
/* Whether a flat transaction is broken (a nested level failed): its commit
 * will roll everything back. A nested level opened with begin_read() that is
 * rolled back does not break it (it changed nothing). */
int ds__store_broken(const ds__store *store);

/* Work that belongs to a transaction but is done at its end (the registry
 * signs the certificates of a batch under one checkpoint at commit, and
 * writes the log's size once, not once per entry). At the outermost commit(),
 * before COMMIT: before_commit(ctx), then sync(ctx); when either fails the
 * whole transaction is rolled back and commit() returns its error. Before a
 * savepoint opens (not in flat mode): level_begin(ctx, depth), @depth the
 * level about to begin (2 or more), so that an observer can note what it keeps
 * in memory and restore it if that level is rolled back; a failing
 * level_begin fails that begin() (nothing opened), and a savepoint that then
 * fails to open is ended as committed (nothing to undo). After every level ends:
 * level_end(ctx, depth, committed), @depth the level that ended (1: the whole
 * transaction; in flat mode nested levels too) and @committed whether its
 * changes stay (released into the level below, or committed); a level rolled
 * back with SQL moved the generation first. Any function pointer may be NULL;
 * NULL @observer removes it. */
typedef struct ds__store_observer {
	int (*before_commit)(void *ctx);
	int (*sync)(void *ctx);
	int (*level_begin)(void *ctx, int depth);
	void (*level_end)(void *ctx, int depth, int committed);
	void *ctx;
} ds__store_observer;
void ds__store_set_observer(ds__store *store, const ds__store_observer *observer);

/* Run statements that return no rows (schema changes, pragmas). */
int ds__store_exec(ds__store *store, const char *sql);

/* Prepared statements. Parameters are numbered from 1; columns from 0. A text
 * parameter is copied. Statements are cached by their SQL text: prepare()
 * hands back a reset statement, finalize() returns it to the cache. */
int ds__store_prepare(ds__stmt **out, ds__store *store, const char *sql);
void ds__stmt_finalize(ds__stmt *stmt);
int ds__stmt_bind_text(ds__stmt *stmt, int index, const char *value); /* NULL binds SQL NULL */
/* The same without SQLite's copy of the text: @value must stay alive and
 * unchanged until ds__stmt_finalize(stmt). For the large texts of hot paths
 * (an event's body, a log node, a certificate). */
int ds__stmt_bind_text_static(ds__stmt *stmt, int index, const char *value);
int ds__stmt_bind_int(ds__stmt *stmt, int index, int64_t value);
int ds__stmt_bind_null(ds__stmt *stmt, int index);
/* Send a bound statement that returns rows ahead of its first step, where
 * the backend can: PostgreSQL inside a transaction queues it in the pipeline,
 * so that it reaches the server with the next statement whose result is
 * needed, in the same round trip; its first ds__stmt_step() then reads its
 * rows (and a failure of it, or of anything queued before it, is returned
 * by whichever step or commit reads the queue first). Elsewhere (SQLite,
 * outside a transaction) it does nothing and the step runs the statement as
 * usual. Not for an INSERT whose id is read. */
int ds__stmt_send(ds__stmt *stmt);
/* The caller of this statement (just prepared, no rows) reads neither its
 * outcome's details (ds__stmt_constraint) nor the id it allocates: PostgreSQL
 * inside a transaction sends it without waiting, whatever it writes, and any
 * failure of it (DS_EDB) is returned by the next call that reads the queue,
 * before its level ends; the server runs nothing of the transaction after
 * it, so nothing of it commits. SQLite runs it at the step as usual. */
void ds__stmt_unchecked(ds__stmt *stmt);
/* Step: 1 when a row is ready, 0 when done, or an error (a constraint
 * violation is DS_EDB with the extended code; callers that expect one check
 * ds__stmt_constraint() to turn it into DS_EEXISTS with their own message). */
int ds__stmt_step(ds__stmt *stmt);
int ds__stmt_constraint(const ds__stmt *stmt); /* the last step failed on a UNIQUE/PRIMARY KEY constraint */
/* Column values of the current row; text is NULL for SQL NULL and is valid
 * until the next step or finalize. */
const char *ds__stmt_text(ds__stmt *stmt, int column);
int64_t ds__stmt_int(ds__stmt *stmt, int column);
int ds__stmt_is_null(ds__stmt *stmt, int column);
/* The rowid of the last row inserted through this store. */
int64_t ds__store_last_id(ds__store *store);

#endif
