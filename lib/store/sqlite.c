/*
 * The store's embedded backend: one SQLite file in WAL mode.
 * SPDX-License-Identifier: MIT
 */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <sqlite3.h>

#include "backend.h"

typedef struct sq_stmt {
	ds__stmt base;
	sqlite3_stmt *handle;
	char *sql;
	const char *last_text; /* the caller's text when it last matched (a literal, usually) */
	unsigned long hash;    /* of sql, so the cache compares text only on a likely match */
	int in_use;
	struct sq_stmt *next;
} sq_stmt;

/* Slots of the statement last found for a text address (see sq_prepare). */
#define SQ_SLOTS 256

typedef struct sq_store {
	ds__store base;
	sqlite3 *db;
	sq_stmt *cache;
	sq_stmt *slots[SQ_SLOTS];
} sq_store;

static size_t slot_of(const char *sql)
{
	return (size_t)(((uintptr_t)sql >> 3) % SQ_SLOTS);
}

#define SQ(store) ((sq_store *)(store))
#define ST(stmt) ((sq_stmt *)(stmt))

/* Record SQLite's failure as DS_EDB with its extended code and message. */
static int db_error(sq_store *store, int rc, const char *what)
{
	int extended = store && store->db ? sqlite3_extended_errcode(store->db) : rc;
	const char *message = store && store->db ? sqlite3_errmsg(store->db) : sqlite3_errstr(rc);
	int code = DS_EDB;

	if ((rc & 0xff) == SQLITE_CANTOPEN)
		code = DS_EIO;
	ds__error(code, "%s%sdatabase: %s: %s", store ? store->base.application : "",
		  store && *store->base.application ? " " : "", what, message);
	ds__error_cause("sqlite", extended);
	return code;
}

static int sq_exec(ds__store *store, const char *sql)
{
	char *message = NULL;
	int rc = sqlite3_exec(SQ(store)->db, sql, NULL, NULL, &message);

	sqlite3_free(message);
	if (rc != SQLITE_OK)
		return db_error(SQ(store), rc, sql);
	return DS_OK;
}

static int sq_schema_version(ds__store *base, int *version)
{
	sq_store *store = SQ(base);
	sqlite3_stmt *stmt = NULL;
	int rc = sqlite3_prepare_v2(store->db, "PRAGMA user_version", -1, &stmt, NULL);

	if (rc == SQLITE_OK && (rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		*version = sqlite3_column_int(stmt, 0);
		rc = SQLITE_OK;
	}
	sqlite3_finalize(stmt);
	return rc == SQLITE_OK ? DS_OK : db_error(store, rc, "reading the schema version");
}

static int migrate(ds__store *store, const ds__store_migration *migrations, int count, int create)
{
	int version = 0, i, rc;
	char pragma[64];

	if ((rc = sq_schema_version(store, &version)) < 0)
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
		if ((rc = sq_schema_version(store, &version)) < 0)
			goto fail;
		if (migrations[i].version <= version) {
			if ((rc = ds__store_commit(store)) < 0)
				return rc;
			continue;
		}
		snprintf(pragma, sizeof pragma, "PRAGMA user_version = %d", migrations[i].version);
		if ((rc = sq_exec(store, migrations[i].sql)) < 0 ||
		    (migrations[i].apply && (rc = migrations[i].apply(store)) < 0) || (rc = sq_exec(store, pragma)) < 0)
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

static int sq_open(ds__store **out, const char *path, const ds__store_config *config,
		   const ds__store_migration *migrations, int migration_count)
{
	sq_store *store = NULL;
	int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX;
	int rc, timeout = config && config->busy_timeout_ms > 0 ? config->busy_timeout_ms : 10000;
	ds__store_sync sync = config && config->sync ? config->sync : DS__STORE_SYNC_FULL;

	if (config && config->create)
		flags |= SQLITE_OPEN_CREATE;
	if (!(store = ds__calloc(1, sizeof *store)))
		return ds__enomem();
	store->base.ops = &ds__store_sqlite_ops;
	snprintf(store->base.application, sizeof store->base.application, "%s",
		 config && config->application ? config->application : "");
	if (!(store->base.files = ds__strdup(path))) {
		ds__free(store);
		return ds__enomem();
	}
	rc = sqlite3_open_v2(path, &store->db, flags, NULL);
	if (rc != SQLITE_OK) {
		if ((rc & 0xff) == SQLITE_CANTOPEN && !(flags & SQLITE_OPEN_CREATE))
			rc = ds__error(DS_ENOTFOUND, "%s database '%s' does not exist or cannot be opened",
				       store->base.application, path);
		else
			rc = db_error(store, rc, path);
		goto fail;
	}
	sqlite3_extended_result_codes(store->db, 1);
	sqlite3_busy_timeout(store->db, timeout);
	if ((rc = sq_exec(&store->base, "PRAGMA foreign_keys = ON")) < 0)
		goto fail;
	/* 16 MiB of page cache: a batch of a thousand registrations stays in memory
	 * instead of spilling dirty pages to the WAL mid-transaction. */
	if ((rc = sq_exec(&store->base, "PRAGMA cache_size = -16384")) < 0)
		goto fail;
	/* Savepoint and statement journals in memory, not in temporary files. */
	if ((rc = sq_exec(&store->base, "PRAGMA temp_store = MEMORY")) < 0)
		goto fail;
	if ((rc = sq_exec(&store->base, "PRAGMA journal_mode = WAL")) < 0)
		goto fail;
	if ((rc = sq_exec(&store->base, sync == DS__STORE_SYNC_NORMAL ? "PRAGMA synchronous = NORMAL" :
									"PRAGMA synchronous = FULL")) < 0)
		goto fail;
	if ((rc = migrate(&store->base, migrations, migration_count, config && config->create)) < 0)
		goto fail;
	*out = &store->base;
	return DS_OK;
fail:
	ds__store_close(&store->base);
	return rc;
}

static void sq_close(ds__store *base)
{
	sq_store *store = SQ(base);
	sq_stmt *s, *next;

	for (s = store->cache; s; s = next) {
		next = s->next;
		sqlite3_finalize(s->handle);
		ds__free(s->sql);
		ds__free(s);
	}
	if (store->db) {
		if (base->depth > 0)
			sqlite3_exec(store->db, "ROLLBACK", NULL, NULL, NULL);
		sqlite3_close_v2(store->db);
	}
	ds__free(base->files);
	ds__free(store);
}

/* Run a transaction-control statement through the statement cache: batches
 * open and release a savepoint per operation, and parsing it each time costs
 * more than the work it frames. */
static int sq_control(ds__store *store, const char *sql, int quiet)
{
	ds__stmt *stmt = NULL;
	int rc;

	if (quiet) {
		sqlite3_exec(SQ(store)->db, sql, NULL, NULL, NULL);
		return DS_OK;
	}
	if ((rc = ds__store_prepare(&stmt, store, sql)) < 0)
		return rc;
	rc = ds__stmt_step(stmt);
	ds__stmt_finalize(stmt);
	return rc < 0 ? rc : DS_OK;
}

/* Writers take the file's write lock at once (BEGIN IMMEDIATE): the one
 * writer per file that makes the certificate numbers and the log gap-free. */
static int sq_begin(ds__store *store, int read)
{
	return sq_control(store, read ? "BEGIN DEFERRED" : "BEGIN IMMEDIATE", 0);
}

static unsigned long hash_text(const char *text)
{
	unsigned long h = 2166136261UL; /* FNV-1a */

	for (; *text; text++)
		h = (h ^ (unsigned char)*text) * 16777619UL;
	return h;
}

static int sq_prepare(ds__stmt **out, ds__store *base, const char *sql)
{
	sq_store *store = SQ(base);
	unsigned long hash;
	sq_stmt *s;
	int rc;

	/* Callers pass string literals: a statement last found for the same
	 * address is the likely match, and comparing the text (the address may
	 * have been reused for other text) is cheaper than hashing it. The slot
	 * of the address finds it without walking the cache (a registration
	 * prepares some fifty statements of a hundred cached). */
	s = store->slots[slot_of(sql)];
	if (s && !s->in_use && s->last_text == sql && strcmp(s->sql, sql) == 0) {
		s->in_use = 1;
		s->base.constraint = 0;
		*out = &s->base;
		return DS_OK;
	}
	for (s = store->cache; s; s = s->next) {
		if (!s->in_use && s->last_text == sql && strcmp(s->sql, sql) == 0) {
			s->in_use = 1;
			s->base.constraint = 0;
			store->slots[slot_of(sql)] = s;
			*out = &s->base;
			return DS_OK;
		}
	}
	hash = hash_text(sql);
	for (s = store->cache; s; s = s->next) {
		if (!s->in_use && s->hash == hash && strcmp(s->sql, sql) == 0) {
			s->in_use = 1;
			s->base.constraint = 0;
			s->last_text = sql;
			store->slots[slot_of(sql)] = s;
			*out = &s->base;
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
	s->base.store = base;
	s->hash = hash;
	s->last_text = sql;
	s->in_use = 1;
	s->next = store->cache;
	store->cache = s;
	store->slots[slot_of(sql)] = s;
	*out = &s->base;
	return DS_OK;
}

static void sq_finalize(ds__stmt *stmt)
{
	sqlite3_reset(ST(stmt)->handle);
	sqlite3_clear_bindings(ST(stmt)->handle);
	ST(stmt)->in_use = 0;
}

static int bind_result(ds__stmt *stmt, int rc)
{
	return rc == SQLITE_OK ? DS_OK : db_error(SQ(stmt->store), rc, "binding a parameter");
}

static int sq_bind_text(ds__stmt *stmt, int index, const char *value, int copy)
{
	/* Without a copy: ds__stmt_finalize() clears the bindings, so SQLite
	 * never holds @value past it. */
	return bind_result(
		stmt, sqlite3_bind_text(ST(stmt)->handle, index, value, -1, copy ? SQLITE_TRANSIENT : SQLITE_STATIC));
}

static int sq_bind_int(ds__stmt *stmt, int index, int64_t value)
{
	return bind_result(stmt, sqlite3_bind_int64(ST(stmt)->handle, index, (sqlite3_int64)value));
}

static int sq_bind_null(ds__stmt *stmt, int index)
{
	return bind_result(stmt, sqlite3_bind_null(ST(stmt)->handle, index));
}

static int sq_step(ds__stmt *stmt)
{
	int rc = sqlite3_step(ST(stmt)->handle);

	stmt->constraint = 0;
	if (rc == SQLITE_ROW)
		return 1;
	if (rc == SQLITE_DONE)
		return 0;
	rc = sqlite3_extended_errcode(SQ(stmt->store)->db);
	stmt->constraint = rc == SQLITE_CONSTRAINT_UNIQUE || rc == SQLITE_CONSTRAINT_PRIMARYKEY;
	rc = db_error(SQ(stmt->store), rc, "executing a statement");
	sqlite3_reset(ST(stmt)->handle);
	return rc;
}

static const char *sq_text(ds__stmt *stmt, int column)
{
	return (const char *)sqlite3_column_text(ST(stmt)->handle, column);
}

static int64_t sq_int(ds__stmt *stmt, int column)
{
	return (int64_t)sqlite3_column_int64(ST(stmt)->handle, column);
}

static int sq_is_null(ds__stmt *stmt, int column)
{
	return sqlite3_column_type(ST(stmt)->handle, column) == SQLITE_NULL;
}

static int64_t sq_last_id(ds__store *store)
{
	return (int64_t)sqlite3_last_insert_rowid(SQ(store)->db);
}

const ds__store_ops ds__store_sqlite_ops = {
	sq_open,    sq_close,	 sq_schema_version, sq_begin,	 sq_control,   sq_exec,
	sq_prepare, sq_finalize, sq_bind_text,	    sq_bind_int, sq_bind_null, sq_step,
	sq_text,    sq_int,	 sq_is_null,	    sq_last_id,	 NULL,	       NULL,
};
