/*
 * The store's embedded backend: one SQLite file in WAL mode.
 * SPDX-License-Identifier: MIT
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include <sqlite3.h>

#include "internal/store.h"

struct ds__stmt {
	sqlite3_stmt *handle;
	ds__store *store;
	char *sql;
	const char *last_text; /* the caller's text when it last matched (a literal, usually) */
	unsigned long hash;    /* of sql, so the cache compares text only on a likely match */
	int in_use;
	int constraint; /* the last step failed on a uniqueness constraint */
	struct ds__stmt *next;
};

struct ds__store {
	sqlite3 *db;
	int depth;
	int flat;	      /* nested begins take no savepoint (ds__store_set_flat) */
	int broken;	      /* flat: a nested level was rolled back, and could not be undone alone */
	uint64_t read_levels; /* flat: bit d set while nested level d only reads (begin_read) */
	uint64_t generation;  /* ds__store_generation() */
	char application[32];
	ds__stmt *cache;
	ds__store_observer observer; /* ds__store_set_observer */
};

/* Record SQLite's failure as DS_EDB with its extended code and message. */
static int db_error(ds__store *store, int rc, const char *what)
{
	int extended = store && store->db ? sqlite3_extended_errcode(store->db) : rc;
	const char *message = store && store->db ? sqlite3_errmsg(store->db) : sqlite3_errstr(rc);
	int code = DS_EDB;

	if ((rc & 0xff) == SQLITE_CANTOPEN)
		code = DS_EIO;
	ds__error(code, "%s%sdatabase: %s: %s", store ? store->application : "",
		  store && *store->application ? " " : "", what, message);
	ds__error_cause("sqlite", extended);
	return code;
}

static int exec(ds__store *store, const char *sql)
{
	char *message = NULL;
	int rc = sqlite3_exec(store->db, sql, NULL, NULL, &message);

	sqlite3_free(message);
	if (rc != SQLITE_OK)
		return db_error(store, rc, sql);
	return DS_OK;
}

int ds__store_exec(ds__store *store, const char *sql)
{
	return exec(store, sql);
}

static int read_version(ds__store *store, int *version)
{
	sqlite3_stmt *stmt = NULL;
	int rc = sqlite3_prepare_v2(store->db, "PRAGMA user_version", -1, &stmt, NULL);

	if (rc == SQLITE_OK && (rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		*version = sqlite3_column_int(stmt, 0);
		rc = SQLITE_OK;
	}
	sqlite3_finalize(stmt);
	return rc == SQLITE_OK ? DS_OK : db_error(store, rc, "reading the schema version");
}

int ds__store_schema_version(ds__store *store, int *version)
{
	return read_version(store, version);
}

static int migrate(ds__store *store, const ds__store_migration *migrations, int count, int create)
{
	int version = 0, i, rc;
	char pragma[64];

	if ((rc = read_version(store, &version)) < 0)
		return rc;
	/* Opening (not creating) must never turn someone else's database into ours. */
	if (version == 0 && !create)
		return ds__error(DS_ENOTFOUND, "the file holds no %s database (schema version 0)", store->application);
	if (count > 0 && version > migrations[count - 1].version)
		return ds__error(
			DS_EUNSUPPORTED,
			"%s database: schema version %d is newer than this library's %d; use a newer libdatasset",
			store->application, version, migrations[count - 1].version);
	for (i = 0; i < count; i++) {
		if (migrations[i].version <= version)
			continue;
		if ((rc = ds__store_begin(store)) < 0)
			return rc;
		/* Another process may have migrated while we waited for the lock. */
		if ((rc = read_version(store, &version)) < 0)
			goto fail;
		if (migrations[i].version <= version) {
			if ((rc = ds__store_commit(store)) < 0)
				return rc;
			continue;
		}
		snprintf(pragma, sizeof pragma, "PRAGMA user_version = %d", migrations[i].version);
		if ((rc = exec(store, migrations[i].sql)) < 0 ||
		    (migrations[i].apply && (rc = migrations[i].apply(store)) < 0) || (rc = exec(store, pragma)) < 0)
			goto fail;
		if ((rc = ds__store_commit(store)) < 0)
			return rc;
		version = migrations[i].version;
	}
	return DS_OK;
fail:
	ds__store_rollback(store);
	return rc;
}

int ds__store_open(ds__store **out, const char *path, const ds__store_config *config,
		   const ds__store_migration *migrations, int migration_count)
{
	ds__store *store = NULL;
	int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX;
	int rc, timeout = config && config->busy_timeout_ms > 0 ? config->busy_timeout_ms : 10000;
	ds__store_sync sync = config && config->sync ? config->sync : DS__STORE_SYNC_FULL;

	if (!out || !path || !*path)
		return ds__error(DS_EINVAL, "store: a database path is required");
	if (config && config->create)
		flags |= SQLITE_OPEN_CREATE;
	if (!(store = ds__calloc(1, sizeof *store)))
		return ds__enomem();
	snprintf(store->application, sizeof store->application, "%s",
		 config && config->application ? config->application : "");
	rc = sqlite3_open_v2(path, &store->db, flags, NULL);
	if (rc != SQLITE_OK) {
		if ((rc & 0xff) == SQLITE_CANTOPEN && !(flags & SQLITE_OPEN_CREATE))
			rc = ds__error(DS_ENOTFOUND, "%s database '%s' does not exist or cannot be opened",
				       store->application, path);
		else
			rc = db_error(store, rc, path);
		goto fail;
	}
	sqlite3_extended_result_codes(store->db, 1);
	sqlite3_busy_timeout(store->db, timeout);
	if ((rc = exec(store, "PRAGMA foreign_keys = ON")) < 0)
		goto fail;
	/* 16 MiB of page cache: a batch of a thousand registrations stays in memory
	 * instead of spilling dirty pages to the WAL mid-transaction. */
	if ((rc = exec(store, "PRAGMA cache_size = -16384")) < 0)
		goto fail;
	/* Savepoint and statement journals in memory, not in temporary files. */
	if ((rc = exec(store, "PRAGMA temp_store = MEMORY")) < 0)
		goto fail;
	if ((rc = exec(store, "PRAGMA journal_mode = WAL")) < 0)
		goto fail;
	if ((rc = exec(store, sync == DS__STORE_SYNC_NORMAL ? "PRAGMA synchronous = NORMAL" :
							      "PRAGMA synchronous = FULL")) < 0)
		goto fail;
	if ((rc = migrate(store, migrations, migration_count, config && config->create)) < 0)
		goto fail;
	*out = store;
	return DS_OK;
fail:
	ds__store_close(store);
	return rc;
}

void ds__store_close(ds__store *store)
{
	ds__stmt *s, *next;

	if (!store)
		return;
	for (s = store->cache; s; s = next) {
		next = s->next;
		sqlite3_finalize(s->handle);
		ds__free(s->sql);
		ds__free(s);
	}
	if (store->db) {
		if (store->depth > 0)
			sqlite3_exec(store->db, "ROLLBACK", NULL, NULL, NULL);
		sqlite3_close_v2(store->db);
	}
	ds__free(store);
}

/* Run a transaction-control statement through the statement cache: batches
 * open and release a savepoint per operation, and parsing it each time costs
 * more than the work it frames. */
/* "SAVEPOINT ds_N" / "RELEASE ds_N" for level @n: a literal for the first
 * levels (the statement cache finds a literal by its address first), else
 * written into @buf. */
static const char *savepoint_sql(char *buf, size_t size, int release, int n)
{
	static const char *const open[] = { "SAVEPOINT ds_0", "SAVEPOINT ds_1", "SAVEPOINT ds_2", "SAVEPOINT ds_3" };
	static const char *const done[] = { "RELEASE ds_0", "RELEASE ds_1", "RELEASE ds_2", "RELEASE ds_3" };

	if (n >= 0 && n < 4)
		return release ? done[n] : open[n];
	snprintf(buf, size, release ? "RELEASE ds_%d" : "SAVEPOINT ds_%d", n);
	return buf;
}

static int control(ds__store *store, const char *sql)
{
	ds__stmt *stmt = NULL;
	int rc;

	if ((rc = ds__store_prepare(&stmt, store, sql)) < 0)
		return rc;
	rc = ds__stmt_step(stmt);
	ds__stmt_finalize(stmt);
	return rc < 0 ? rc : DS_OK;
}

/* Let the observer write what it keeps in memory. */
static int sync_observer(ds__store *store)
{
	return store->observer.sync ? store->observer.sync(store->observer.ctx) : DS_OK;
}

/* Tell the observer that level @depth is about to begin. */
static int level_beginning(ds__store *store, int depth)
{
	return store->observer.level_begin ? store->observer.level_begin(store->observer.ctx, depth) : DS_OK;
}

/* Tell the observer that level @depth ended. */
static void level_ended(ds__store *store, int depth, int committed)
{
	if (store->observer.level_end)
		store->observer.level_end(store->observer.ctx, depth, committed);
}

/* A nested level in flat mode: no SQL; refused once a level failed. A level
 * that only reads (@read) ends without harm either way. */
static int flat_begin(ds__store *store, int read)
{
	if (store->broken)
		return ds__error(DS_ESTATE,
				 "%s%sa call failed earlier in this bulk batch, whose changes cannot be "
				 "undone alone: roll the batch back",
				 store->application, *store->application ? ": " : "");
	store->depth++;
	if (store->depth < 64) {
		uint64_t bit = (uint64_t)1 << store->depth;
		store->read_levels = read ? store->read_levels | bit : store->read_levels & ~bit;
	}
	return DS_OK;
}

/* Open a level: the transaction (BEGIN IMMEDIATE, or DEFERRED for @read) or a
 * savepoint inside it. */
static int begin_level(ds__store *store, int read)
{
	char buf[48];
	const char *sql;
	int rc;

	if (store->depth > 0 && store->flat)
		return flat_begin(store, read);
	if (store->depth == 0) {
		store->generation++;
		sql = read ? "BEGIN DEFERRED" : "BEGIN IMMEDIATE";
	} else {
		if ((rc = level_beginning(store, store->depth + 1)) < 0)
			return rc;
		sql = savepoint_sql(buf, sizeof buf, 0, store->depth);
	}
	if ((rc = control(store, sql)) < 0) {
		/* The savepoint did not open: nothing of the level is to undo. */
		if (store->depth > 0)
			level_ended(store, store->depth + 1, 1);
		return rc;
	}
	store->depth++;
	return DS_OK;
}

int ds__store_begin(ds__store *store)
{
	return begin_level(store, 0);
}

int ds__store_begin_read(ds__store *store)
{
	return begin_level(store, 1);
}

int ds__store_commit(ds__store *store)
{
	char buf[48];
	const char *sql;
	int rc;

	if (store->depth <= 0)
		return ds__error(DS_EINTERNAL, "store: commit without a transaction");
	if (store->depth > 1 && store->flat) {
		level_ended(store, store->depth--, 1);
		return DS_OK;
	}
	if (store->depth == 1 && store->broken) {
		ds__store_rollback(store);
		return ds__error(DS_ESTATE, "%s%sa call failed inside this bulk batch: the whole batch was rolled back",
				 store->application, *store->application ? ": " : "");
	}
	if (store->depth == 1 &&
	    ((store->observer.before_commit && (rc = store->observer.before_commit(store->observer.ctx)) < 0) ||
	     (rc = sync_observer(store)) < 0)) {
		ds__store_rollback(store);
		return rc;
	}
	sql = store->depth == 1 ? "COMMIT" : savepoint_sql(buf, sizeof buf, 1, store->depth - 1);
	if ((rc = control(store, sql)) < 0) {
		ds__store_rollback(store);
		return rc;
	}
	level_ended(store, store->depth--, 1);
	return DS_OK;
}

void ds__store_rollback(ds__store *store)
{
	char sql[48];

	if (!store || store->depth <= 0)
		return;
	if (store->depth == 1) {
		store->generation++;
		sqlite3_exec(store->db, "ROLLBACK", NULL, NULL, NULL);
		store->broken = 0;
	} else if (store->flat) {
		/* Without a savepoint the level's changes stay (so what this
		 * connection knows of the database stays true: the generation does
		 * not move): only the whole batch can go. A level that only read
		 * changed nothing. */
		if (store->depth >= 64 || !(store->read_levels & ((uint64_t)1 << store->depth)))
			store->broken = 1;
	} else {
		store->generation++;
		snprintf(sql, sizeof sql, "ROLLBACK TO ds_%d", store->depth - 1);
		sqlite3_exec(store->db, sql, NULL, NULL, NULL);
		snprintf(sql, sizeof sql, "RELEASE ds_%d", store->depth - 1);
		sqlite3_exec(store->db, sql, NULL, NULL, NULL);
	}
	level_ended(store, store->depth--, 0);
}

int ds__store_depth(const ds__store *store)
{
	return store ? store->depth : 0;
}

uint64_t ds__store_generation(const ds__store *store)
{
	return store->generation;
}

void ds__store_set_observer(ds__store *store, const ds__store_observer *observer)
{
	static const ds__store_observer none = { NULL, NULL, NULL, NULL, NULL };

	store->observer = observer ? *observer : none;
}

void ds__store_set_flat(ds__store *store, int flat)
{
	store->flat = flat;
	store->read_levels = 0;
	if (!flat)
		store->broken = 0;
}

int ds__store_broken(const ds__store *store)
{
	return store->broken;
}

static unsigned long hash_text(const char *text)
{
	unsigned long h = 2166136261UL; /* FNV-1a */

	for (; *text; text++)
		h = (h ^ (unsigned char)*text) * 16777619UL;
	return h;
}

int ds__store_prepare(ds__stmt **out, ds__store *store, const char *sql)
{
	unsigned long hash;
	ds__stmt *s;
	int rc;

	/* Callers pass string literals: a statement last found for the same
	 * address is the likely match, and comparing the text (the address may
	 * have been reused for other text) is cheaper than hashing it. */
	for (s = store->cache; s; s = s->next) {
		if (!s->in_use && s->last_text == sql && strcmp(s->sql, sql) == 0) {
			s->in_use = 1;
			s->constraint = 0;
			*out = s;
			return DS_OK;
		}
	}
	hash = hash_text(sql);
	for (s = store->cache; s; s = s->next) {
		if (!s->in_use && s->hash == hash && strcmp(s->sql, sql) == 0) {
			s->in_use = 1;
			s->constraint = 0;
			s->last_text = sql;
			*out = s;
			return DS_OK;
		}
	}
	if (!(s = ds__calloc(1, sizeof *s)) || !(s->sql = ds__strdup(sql))) {
		ds__free(s);
		return ds__enomem();
	}
	rc = sqlite3_prepare_v3(store->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &s->handle, NULL);
	if (rc != SQLITE_OK) {
		rc = db_error(store, rc, "preparing a statement");
		sqlite3_finalize(s->handle);
		ds__free(s->sql);
		ds__free(s);
		return rc;
	}
	s->store = store;
	s->hash = hash;
	s->last_text = sql;
	s->in_use = 1;
	s->next = store->cache;
	store->cache = s;
	*out = s;
	return DS_OK;
}

void ds__stmt_finalize(ds__stmt *stmt)
{
	if (!stmt)
		return;
	sqlite3_reset(stmt->handle);
	sqlite3_clear_bindings(stmt->handle);
	stmt->in_use = 0;
}

static int bind_result(ds__stmt *stmt, int rc)
{
	return rc == SQLITE_OK ? DS_OK : db_error(stmt->store, rc, "binding a parameter");
}

int ds__stmt_bind_text(ds__stmt *stmt, int index, const char *value)
{
	if (!value)
		return ds__stmt_bind_null(stmt, index);
	return bind_result(stmt, sqlite3_bind_text(stmt->handle, index, value, -1, SQLITE_TRANSIENT));
}

int ds__stmt_bind_text_static(ds__stmt *stmt, int index, const char *value)
{
	if (!value)
		return ds__stmt_bind_null(stmt, index);
	/* ds__stmt_finalize() clears the bindings: SQLite never holds @value past it. */
	return bind_result(stmt, sqlite3_bind_text(stmt->handle, index, value, -1, SQLITE_STATIC));
}

int ds__stmt_bind_int(ds__stmt *stmt, int index, int64_t value)
{
	return bind_result(stmt, sqlite3_bind_int64(stmt->handle, index, (sqlite3_int64)value));
}

int ds__stmt_bind_null(ds__stmt *stmt, int index)
{
	return bind_result(stmt, sqlite3_bind_null(stmt->handle, index));
}

int ds__stmt_step(ds__stmt *stmt)
{
	int rc = sqlite3_step(stmt->handle);

	stmt->constraint = 0;
	if (rc == SQLITE_ROW)
		return 1;
	if (rc == SQLITE_DONE)
		return 0;
	rc = sqlite3_extended_errcode(stmt->store->db);
	stmt->constraint = rc == SQLITE_CONSTRAINT_UNIQUE || rc == SQLITE_CONSTRAINT_PRIMARYKEY;
	rc = db_error(stmt->store, rc, "executing a statement");
	sqlite3_reset(stmt->handle);
	return rc;
}

int ds__stmt_constraint(const ds__stmt *stmt)
{
	return stmt->constraint;
}

const char *ds__stmt_text(ds__stmt *stmt, int column)
{
	return (const char *)sqlite3_column_text(stmt->handle, column);
}

int64_t ds__stmt_int(ds__stmt *stmt, int column)
{
	return (int64_t)sqlite3_column_int64(stmt->handle, column);
}

int ds__stmt_is_null(ds__stmt *stmt, int column)
{
	return sqlite3_column_type(stmt->handle, column) == SQLITE_NULL;
}

int64_t ds__store_last_id(ds__store *store)
{
	return (int64_t)sqlite3_last_insert_rowid(store->db);
}
