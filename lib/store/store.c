/*
 * The store: picks the backend from the location (a postgresql:// URI or a
 * file path) and keeps what both share: transaction levels with savepoints,
 * flat (bulk) mode, the generation and the observer.
 * SPDX-License-Identifier: MIT
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "backend.h"

int ds__store_is_uri(const char *location)
{
	return location && (strncmp(location, "postgresql://", 13) == 0 || strncmp(location, "postgres://", 11) == 0);
}

int ds__store_open(ds__store **out, const char *path, const ds__store_config *config,
		   const ds__store_migration *migrations, int migration_count)
{
	const ds__store_ops *ops = &ds__store_sqlite_ops;

	if (!out || !path || !*path)
		return ds__error(DS_EINVAL, "store: a database path is required");
	if (ds__store_is_uri(path)) {
#ifdef HAVE_LIBPQ
		ops = &ds__store_postgresql_ops;
#else
		return ds__error(DS_EUNSUPPORTED,
				 "%s: this libdatasset was built without PostgreSQL (libpq): rebuild it with "
				 "the Debian package libpq-dev installed, or use a file path",
				 config && config->application ? config->application : "store");
#endif
	}
	return ops->open(out, path, config, migrations, migration_count);
}

void ds__store_close(ds__store *store)
{
	if (store)
		store->ops->close(store);
}

int ds__store_remote(const ds__store *store)
{
#ifdef HAVE_LIBPQ
	return store->ops == &ds__store_postgresql_ops;
#else
	(void)store;
	return 0;
#endif
}

const char *ds__store_files(const ds__store *store)
{
	return store->files;
}

int ds__store_schema_version(ds__store *store, int *version)
{
	return store->ops->schema_version(store, version);
}

int ds__store_exec(ds__store *store, const char *sql)
{
	return store->ops->exec(store, sql);
}

/* "SAVEPOINT ds_N" / "RELEASE ds_N" for level @n: a literal for the first
 * levels (the SQLite statement cache finds a literal by its address first),
 * else written into @buf. */
static const char *savepoint_sql(char *buf, size_t size, int release, int n)
{
	static const char *const open[] = { "SAVEPOINT ds_0", "SAVEPOINT ds_1", "SAVEPOINT ds_2", "SAVEPOINT ds_3" };
	static const char *const done[] = { "RELEASE ds_0", "RELEASE ds_1", "RELEASE ds_2", "RELEASE ds_3" };

	if (n >= 0 && n < 4)
		return release ? done[n] : open[n];
	snprintf(buf, size, release ? "RELEASE ds_%d" : "SAVEPOINT ds_%d", n);
	return buf;
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

/* Open a level: the transaction (the backend's write or read transaction) or
 * a savepoint inside it. */
static int begin_level(ds__store *store, int read)
{
	char buf[48];
	int rc;

	if (store->depth > 0 && store->flat)
		return flat_begin(store, read);
	if (store->depth == 0) {
		store->generation++;
		if ((rc = store->ops->begin(store, read)) < 0)
			return rc;
	} else {
		if ((rc = level_beginning(store, store->depth + 1)) < 0)
			return rc;
		if ((rc = store->ops->control(store, savepoint_sql(buf, sizeof buf, 0, store->depth), 0)) < 0) {
			/* The savepoint did not open: nothing of the level is to undo. */
			level_ended(store, store->depth + 1, 1);
			return rc;
		}
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
		/* A statement of this level still unanswered may have failed: then
		 * the level failed, and cannot be undone alone. */
		if (store->flush && (rc = store->flush(store)) < 0) {
			store->broken = 1;
			level_ended(store, store->depth--, 0);
			return rc;
		}
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
	if ((rc = store->ops->control(store, sql, 0)) < 0) {
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
		store->ops->control(store, "ROLLBACK", 1);
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
		store->ops->control(store, sql, 1);
		snprintf(sql, sizeof sql, "RELEASE ds_%d", store->depth - 1);
		store->ops->control(store, sql, 1);
	}
	level_ended(store, store->depth--, 0);
}

int ds__store_depth(const ds__store *store)
{
	return store ? store->depth : 0;
}

void ds__store_lock_times(const ds__store *store, uint64_t *waited, uint64_t *held, uint64_t *transactions)
{
	uint64_t w = 0, h = 0, n = 0;

	if (store && store->ops->lock_times)
		store->ops->lock_times(store, &w, &h, &n);
	if (waited)
		*waited = w;
	if (held)
		*held = h;
	if (transactions)
		*transactions = n;
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

int ds__store_prepare(ds__stmt **out, ds__store *store, const char *sql)
{
	return store->ops->prepare(out, store, sql);
}

void ds__stmt_finalize(ds__stmt *stmt)
{
	if (stmt)
		stmt->store->ops->finalize(stmt);
}

int ds__stmt_bind_text(ds__stmt *stmt, int index, const char *value)
{
	if (!value)
		return stmt->store->ops->bind_null(stmt, index);
	return stmt->store->ops->bind_text(stmt, index, value, 1);
}

int ds__stmt_bind_text_static(ds__stmt *stmt, int index, const char *value)
{
	if (!value)
		return stmt->store->ops->bind_null(stmt, index);
	return stmt->store->ops->bind_text(stmt, index, value, 0);
}

int ds__stmt_bind_int(ds__stmt *stmt, int index, int64_t value)
{
	return stmt->store->ops->bind_int(stmt, index, value);
}

int ds__stmt_bind_null(ds__stmt *stmt, int index)
{
	return stmt->store->ops->bind_null(stmt, index);
}

void ds__stmt_unchecked(ds__stmt *stmt)
{
	stmt->unchecked = 1;
}

int ds__stmt_send(ds__stmt *stmt)
{
	return stmt->store->ops->send ? stmt->store->ops->send(stmt) : DS_OK;
}

int ds__stmt_step(ds__stmt *stmt)
{
	return stmt->store->ops->step(stmt);
}

int ds__stmt_constraint(const ds__stmt *stmt)
{
	return stmt->constraint;
}

const char *ds__stmt_text(ds__stmt *stmt, int column)
{
	return stmt->store->ops->text(stmt, column);
}

int64_t ds__stmt_int(ds__stmt *stmt, int column)
{
	return stmt->store->ops->column_int(stmt, column);
}

int ds__stmt_is_null(ds__stmt *stmt, int column)
{
	return stmt->store->ops->is_null(stmt, column);
}

int64_t ds__store_last_id(ds__store *store)
{
	return store->ops->last_id(store);
}
