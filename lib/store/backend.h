/*
 * What the store's backends (sqlite.c, postgresql.c) implement, and the state
 * every store shares (store.c keeps the transaction levels, flat mode, the
 * generation and the observer; a backend runs the statements).
 * SPDX-License-Identifier: MIT
 */
#ifndef DS_STORE_BACKEND_H
#define DS_STORE_BACKEND_H

#include "internal/store.h"

typedef struct ds__store_ops {
	/* Open @path and bring the schema up to date (ds__store_open's contract);
	 * *out is the backend's store, its ds__store header zeroed but for ops. */
	int (*open)(ds__store **out, const char *path, const ds__store_config *config,
		    const ds__store_migration *migrations, int migration_count);
	void (*close)(ds__store *store); /* rolls back an open transaction */
	int (*schema_version)(ds__store *store, int *version);
	/* The outermost transaction: for writing (the registry's write lock) or
	 * for reading (a consistent snapshot). */
	int (*begin)(ds__store *store, int read);
	/* A transaction-control statement (COMMIT, SAVEPOINT ds_N, RELEASE ds_N,
	 * ROLLBACK, ROLLBACK TO ds_N); @quiet: on a rollback path, errors ignored. */
	int (*control)(ds__store *store, const char *sql, int quiet);
	int (*exec)(ds__store *store, const char *sql);
	int (*prepare)(ds__stmt **out, ds__store *store, const char *sql);
	void (*finalize)(ds__stmt *stmt);
	int (*bind_text)(ds__stmt *stmt, int index, const char *value, int copy);
	int (*bind_int)(ds__stmt *stmt, int index, int64_t value);
	int (*bind_null)(ds__stmt *stmt, int index);
	int (*step)(ds__stmt *stmt);
	const char *(*text)(ds__stmt *stmt, int column);
	int64_t (*column_int)(ds__stmt *stmt, int column);
	int (*is_null)(ds__stmt *stmt, int column);
	int64_t (*last_id)(ds__store *store);
	int (*send)(ds__stmt *stmt); /* NULL: the step runs the statement */
	/* NULL: all 0 (ds__store_lock_times) */
	void (*lock_times)(const ds__store *store, uint64_t *waited, uint64_t *held, uint64_t *transactions);
} ds__store_ops;

/* The head of every backend's store. */
struct ds__store {
	const ds__store_ops *ops;
	int depth;
	int flat;	      /* nested begins take no savepoint (ds__store_set_flat) */
	int broken;	      /* flat: a nested level was rolled back, and could not be undone alone */
	uint64_t read_levels; /* flat: bit d set while nested level d only reads (begin_read) */
	uint64_t generation;  /* ds__store_generation() */
	char application[32];
	char *files; /* ds__store_files() */
	ds__store_observer observer;
	/* NULL, or (set by a backend that pipelines statements): wait for every
	 * statement sent but not yet answered and return the first failure among
	 * them. Called when a nested level of a bulk batch ends, which runs no
	 * statement of its own. */
	int (*flush)(ds__store *store);
};

/* The head of every backend's statement. */
struct ds__stmt {
	ds__store *store;
	int constraint; /* the last step failed on a uniqueness constraint */
	int unchecked;	/* ds__stmt_unchecked() since the last prepare */
};

extern const ds__store_ops ds__store_sqlite_ops;
#ifdef HAVE_LIBPQ
extern const ds__store_ops ds__store_postgresql_ops;
#endif

#endif
