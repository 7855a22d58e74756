/*
 * The registry's transparency log: the translog node store kept in the
 * registry's database (tables log_nodes and log_state, schema version 3), and
 * the append of every event, in the transaction that writes the event.
 * SPDX-License-Identifier: MIT
 */
#include "config.h"

#include <string.h>

#include "registry_internal.h"
#include "translog/translog_internal.h"

#define NODE 32u

/* The node store, with a cache for appends. Inside a transaction the log
 * cannot change under this connection (the write lock), so the size and, per
 * level, the two nodes of highest index seen (written or read) are kept while
 * the store's generation stays the same (ds__store_generation: it moves at
 * every outermost begin and at every rollback). Those are the nodes an append
 * reads (the left siblings of the new leaf's path) and the inclusion proof of
 * the newest entry consists of (the tree's right edge before it): a batch
 * reads them from SQL once instead of once per event. Outside a transaction
 * nothing is cached.
 * While ds__registry_log_event appends, committing the new size records the
 * event's seq in the same UPDATE (pending_seq).
 * The window (ds__registry_log_window) keeps, while documents of the
 * transaction wait for their signature, every node written since the first of
 * them: per level the nodes of one run of consecutive indexes (appends write
 * each level's nodes in index order). The inclusion proofs those documents
 * get at commit read the nodes right of their entries from it, not from SQL.
 * At most WINDOW_MAX nodes are kept; past that, proofs read the database. */
#define WINDOW_MAX (1u << 20)

typedef struct node_run {
	uint64_t base; /* index of the first node kept */
	size_t count, cap;
	unsigned char *hash; /* count nodes */
} node_run;

typedef struct cached_node {
	uint64_t generation; /* 0: empty */
	uint64_t index;
	unsigned char hash[NODE];
} cached_node;

struct ds__registry_log_store {
	ds__store *store;
	int64_t pending_seq; /* > 0: the seq to record with the new size */
	int edge;	     /* read the right edge with the size (read_edge): a remote store */
	ds__stmt *ahead;     /* read_edge's statement sent ahead (ds__registry_log_prefetch) */
	uint64_t ahead_generation;
	/* read_edge found the events table ending where the log ends (its
	 * last seq is the size) in this generation: the next event is seq size
	 * + 1 (ds__registry_log_next_seq). */
	uint64_t aligned_generation;
	uint64_t size_generation;
	uint64_t size;
	/* Inside a transaction a new size is kept here and written by
	 * ds__registry_log_sync at commit (the store's observer): one UPDATE per
	 * transaction instead of one per entry. A rollback moves the generation,
	 * and with it what was kept goes; a savepoint rolled back gets back what
	 * was kept when it opened (levels, by depth). */
	int dirty;
	uint64_t dirty_generation;
	int64_t dirty_seq; /* > 0: the last event logged, to write with the size */
	struct {
		int noted;	  /* level_begin noted this open savepoint (never in flat mode) */
		int known, dirty; /* the size was known, and not yet written */
		uint64_t size;
		int64_t dirty_seq;
	} levels[64];
	cached_node nodes[64][2]; /* per level, the highest index first */
	int window_on;
	uint64_t window_generation; /* the generation its nodes belong to */
	size_t window_nodes;	    /* kept in all levels */
	node_run window[64];
};
typedef struct ds__registry_log_store sql_store;

/* The generation the cache may use now, or 0 outside a transaction. */
static uint64_t cache_generation(const sql_store *s)
{
	return ds__store_depth(s->store) > 0 ? ds__store_generation(s->store) : 0;
}

static const cached_node *cache_find(const sql_store *s, unsigned int level, uint64_t index)
{
	uint64_t generation = cache_generation(s);
	int i;

	if (!generation || level >= 64)
		return NULL;
	for (i = 0; i < 2; i++)
		if (s->nodes[level][i].generation == generation && s->nodes[level][i].index == index)
			return &s->nodes[level][i];
	return NULL;
}

static void cache_keep(sql_store *s, unsigned int level, uint64_t index, const unsigned char *hash)
{
	uint64_t generation = cache_generation(s);
	cached_node *slot = NULL, *n;

	if (!generation || level >= 64)
		return;
	n = s->nodes[level];
	if (n[0].generation == generation && n[0].index == index)
		slot = &n[0];
	else if (n[1].generation == generation && n[1].index == index)
		slot = &n[1];
	else if (n[0].generation != generation || index > n[0].index) {
		n[1] = n[0];
		slot = &n[0];
	} else if (n[1].generation != generation || index > n[1].index) {
		slot = &n[1];
	}
	if (!slot)
		return;
	slot->generation = generation;
	slot->index = index;
	memcpy(slot->hash, hash, NODE);
}

static void window_clear(sql_store *s)
{
	int level;

	for (level = 0; level < 64; level++)
		s->window[level].count = 0;
	s->window_nodes = 0;
	s->window_generation = cache_generation(s);
}

void ds__registry_log_window(ds_registry *reg, int on)
{
	sql_store *s = reg->log_store;

	if (!s)
		return;
	window_clear(s);
	s->window_on = on;
}

static const unsigned char *window_find(const sql_store *s, unsigned int level, uint64_t index)
{
	const node_run *run;

	if (!s->window_on || level >= 64 || s->window_generation != cache_generation(s) || !s->window_generation)
		return NULL;
	run = &s->window[level];
	return run->count && index >= run->base && index - run->base < run->count ?
		       run->hash + (size_t)(index - run->base) * NODE :
		       NULL;
}

/* Keep a node just written. A rollback moved the generation: what the window
 * held may be gone from the database, so it starts again. */
static void window_keep(sql_store *s, unsigned int level, uint64_t index, const unsigned char *hash)
{
	node_run *run;

	if (!s->window_on || level >= 64 || !cache_generation(s))
		return;
	if (s->window_generation != cache_generation(s))
		window_clear(s);
	run = &s->window[level];
	if (run->count && index >= run->base && index - run->base < run->count) {
		memcpy(run->hash + (size_t)(index - run->base) * NODE, hash, NODE);
		return;
	}
	if (run->count && index != run->base + run->count)
		return; /* not the next of the run: left to the database */
	if (s->window_nodes >= WINDOW_MAX)
		return;
	if (run->count == run->cap) {
		size_t cap = run->cap ? run->cap * 2 : 64;
		unsigned char *grown = ds__realloc(run->hash, cap * NODE);
		if (!grown)
			return; /* a cache: the database still has the node */
		run->hash = grown;
		run->cap = cap;
	}
	if (!run->count)
		run->base = index;
	memcpy(run->hash + run->count * NODE, hash, NODE);
	run->count++;
	s->window_nodes++;
}

/* One stored node's hex text as @hash. */
static int node_hex(unsigned char *hash, const char *hex, unsigned int level, uint64_t index)
{
	size_t bad = 0;

	if (!hex || strlen(hex) != 2 * NODE || ds__hex_decode(hash, NODE, hex, 2 * NODE, &bad) != (long)NODE)
		return ds__error(DS_EVERIFY, "log node (%u, %llu) in the database is not a %u-byte hex hash", level,
				 (unsigned long long)index, NODE);
	return DS_OK;
}

/* Node (level, index) as stored in the database. */
static int read_node(ds__store *store, unsigned int level, uint64_t index, unsigned char *hash)
{
	ds__stmt *stmt = NULL;
	int rc;

	if ((rc = ds__store_prepare(&stmt, store, "SELECT hash FROM log_nodes WHERE level = ? AND idx = ?")) < 0)
		return rc;
	if ((rc = ds__stmt_bind_int(stmt, 1, level)) < 0 || (rc = ds__stmt_bind_int(stmt, 2, (int64_t)index)) < 0)
		goto done;
	if ((rc = ds__stmt_step(stmt)) < 0)
		goto done;
	if (rc == 0) {
		rc = ds__error(DS_ENOTFOUND, "log node (%u, %llu) is not stored", level, (unsigned long long)index);
		goto done;
	}
	rc = node_hex(hash, ds__stmt_text(stmt, 0), level, index);
done:
	ds__stmt_finalize(stmt);
	return rc;
}

static int sql_get(void *ctx, unsigned int level, uint64_t index, unsigned char *hash)
{
	sql_store *s = ctx;
	const cached_node *cached = cache_find(s, level, index);
	const unsigned char *kept;
	int rc;

	if (cached) {
		memcpy(hash, cached->hash, NODE);
		return DS_OK;
	}
	if ((kept = window_find(s, level, index))) {
		memcpy(hash, kept, NODE);
		return DS_OK;
	}
	if ((rc = read_node(s->store, level, index, hash)) == DS_OK)
		cache_keep(s, level, index, hash);
	return rc;
}

static int sql_put(void *ctx, unsigned int level, uint64_t index, const unsigned char *hash)
{
	sql_store *s = ctx;
	ds__stmt *stmt = NULL;
	char hex[2 * NODE + 1];
	int rc;

	ds__hex_encode(hex, hash, NODE);
	if ((rc = ds__store_prepare(&stmt, s->store,
				    "INSERT INTO log_nodes (level, idx, hash) VALUES (?, ?, ?)"
				    " ON CONFLICT (level, idx) DO UPDATE SET hash = excluded.hash")) < 0)
		return rc;
	if ((rc = ds__stmt_bind_int(stmt, 1, level)) >= 0 && (rc = ds__stmt_bind_int(stmt, 2, (int64_t)index)) >= 0 &&
	    (rc = ds__stmt_bind_text_static(stmt, 3, hex)) >= 0 && (rc = ds__stmt_step(stmt)) >= 0) {
		cache_keep(s, level, index, hash);
		window_keep(s, level, index, hash);
		rc = DS_OK;
	}
	ds__stmt_finalize(stmt);
	return rc;
}

/* The size and, in the same statement, the tree's right edge: per set bit l
 * of the size, node (l, (size >> l) - 1), the root of a complete subtree.
 * Those are every node the next appends read (the left siblings on the new
 * leaf's path), the root of the tree as it stands and the inclusion proof of
 * the newest entry consist of: a transaction that appends reads them in this
 * one round trip instead of one statement per node (PostgreSQL: every
 * statement is a round trip to the server, made while the registry's lock is
 * held). Read in the transaction, so they belong to its generation.
 * With them, whether the events table ends where the log does: the row of
 * the size there and none at size + 1 (ds__registry_log_next_seq). Two
 * lookups by the whole primary key: a MAX, or a range "seq > size", is a
 * scan of the registry's rows in a plan made on a nearly empty table (the
 * generic plan of a prepared statement), under the registry's lock.
 * PostgreSQL's SQL (generate_series; each node by a subquery, so that its
 * lookup uses the whole primary key whatever the table's statistics say):
 * only a remote store reads it. */
#define EDGE_SQL                                                                                         \
	"SELECT s.size, e.l, e.i, (SELECT n.hash FROM log_nodes n WHERE n.level = e.l AND n.idx = e.i)," \
	" NOT EXISTS (SELECT 1 FROM events WHERE seq = s.size + 1)"                                      \
	" AND (s.size = 0 OR EXISTS (SELECT 1 FROM events WHERE seq = s.size))"                          \
	" FROM log_state s LEFT JOIN LATERAL"                                                            \
	" (SELECT l::bigint AS l, (s.size >> l) - 1 AS i FROM generate_series(0, 62) l"                  \
	" WHERE ((s.size >> l) & 1) = 1) e ON true WHERE s.id = 1"

/* Forget a statement sent ahead (its transaction ended unread). */
static void ahead_drop(sql_store *s)
{
	ds__stmt_finalize(s->ahead);
	s->ahead = NULL;
}

static int read_edge(sql_store *s, int64_t *value)
{
	ds__stmt *stmt = NULL;
	unsigned char hash[NODE];
	int rc;

	/* Sent ahead in this transaction: its rows are the ones to read. */
	if (s->ahead && s->ahead_generation == cache_generation(s)) {
		stmt = s->ahead;
		s->ahead = NULL;
	} else {
		ahead_drop(s);
		if ((rc = ds__store_prepare(&stmt, s->store, EDGE_SQL)) < 0)
			return rc;
	}
	s->aligned_generation = 0;
	while ((rc = ds__stmt_step(stmt)) > 0) {
		*value = ds__stmt_int(stmt, 0);
		if (ds__stmt_int(stmt, 4) == 1)
			s->aligned_generation = cache_generation(s);
		/* A node missing here is reported by the read that needs it. */
		if (ds__stmt_is_null(stmt, 1) || ds__stmt_is_null(stmt, 3))
			continue;
		if ((rc = node_hex(hash, ds__stmt_text(stmt, 3), (unsigned int)ds__stmt_int(stmt, 1),
				   (uint64_t)ds__stmt_int(stmt, 2))) < 0)
			break;
		cache_keep(s, (unsigned int)ds__stmt_int(stmt, 1), (uint64_t)ds__stmt_int(stmt, 2), hash);
	}
	ds__stmt_finalize(stmt);
	return rc < 0 ? rc : DS_OK;
}

/* The committed size, with errors (a missing state row is DS_EVERIFY). */
static int read_size(sql_store *s, uint64_t *size)
{
	uint64_t generation = cache_generation(s);
	ds__stmt *stmt = NULL;
	int64_t value = -1;
	int rc;

	if (generation && s->size_generation == generation) {
		*size = s->size;
		return DS_OK;
	}
	if (generation && s->edge) {
		if ((rc = read_edge(s, &value)) < 0)
			return rc;
	} else {
		if ((rc = ds__store_prepare(&stmt, s->store, "SELECT size FROM log_state WHERE id = 1")) < 0)
			return rc;
		if ((rc = ds__stmt_step(stmt)) > 0)
			value = ds__stmt_int(stmt, 0);
		ds__stmt_finalize(stmt);
		if (rc < 0)
			return rc;
	}
	if (value < 0)
		return ds__error(DS_EVERIFY, "registry: the log state row is missing");
	*size = (uint64_t)value;
	s->size = *size;
	s->size_generation = generation;
	return DS_OK;
}

void ds__registry_log_prefetch(ds_registry *reg)
{
	sql_store *s = reg->log_store;
	uint64_t generation;

	if (!s || !s->edge || ds__store_depth(s->store) != 1)
		return;
	generation = cache_generation(s);
	if (s->size_generation == generation || (s->ahead && s->ahead_generation == generation))
		return;
	ahead_drop(s);
	/* A failure here is met again by the read that needs the size. */
	if (ds__store_prepare(&s->ahead, s->store, EDGE_SQL) < 0)
		return;
	if (ds__stmt_send(s->ahead) < 0) {
		ahead_drop(s);
		return;
	}
	s->ahead_generation = generation;
}

int ds__registry_log_next_seq(ds_registry *reg, int64_t *seq)
{
	sql_store *s = reg->log_store;
	uint64_t size = 0;
	int rc;

	if (!s || !s->edge || !cache_generation(s))
		return 0;
	if ((rc = read_size(s, &size)) < 0)
		return rc;
	if (s->aligned_generation != cache_generation(s) || size >= INT64_MAX)
		return 0;
	*seq = (int64_t)size + 1;
	return 1;
}

int ds__registry_log_size(ds_registry *reg, uint64_t *size)
{
	if (!reg->log_store)
		return ds__error(DS_EINTERNAL, "registry: no log");
	return read_size(reg->log_store, size);
}

static uint64_t sql_get_size(void *ctx)
{
	uint64_t size = 0;

	/* The interface has no error path here: an unreadable size reads as 0,
	 * and the next node read or write reports the database's failure. */
	return read_size(ctx, &size) == DS_OK ? size : 0;
}

/* UPDATE log_state with @size and, when @seq > 0, the last event logged. */
static int write_size(sql_store *s, uint64_t size, int64_t seq)
{
	ds__stmt *stmt = NULL;
	int rc;

	if ((rc = ds__store_prepare(&stmt, s->store,
				    seq > 0 ? "UPDATE log_state SET size = ?, last_seq = ? WHERE id = 1" :
					      "UPDATE log_state SET size = ? WHERE id = 1")) < 0)
		return rc;
	if ((rc = ds__stmt_bind_int(stmt, 1, (int64_t)size)) >= 0 &&
	    (seq <= 0 || (rc = ds__stmt_bind_int(stmt, 2, seq)) >= 0) && (rc = ds__stmt_step(stmt)) >= 0)
		rc = DS_OK;
	ds__stmt_finalize(stmt);
	return rc;
}

static int sql_set_size(void *ctx, uint64_t size)
{
	sql_store *s = ctx;
	uint64_t generation = cache_generation(s);
	int rc;

	if (size > INT64_MAX)
		return ds__error(DS_ERANGE, "log size %llu does not fit the database", (unsigned long long)size);
	if (generation) {
		if (!s->dirty || s->dirty_generation != generation)
			s->dirty_seq = 0;
		if (s->pending_seq > 0)
			s->dirty_seq = s->pending_seq;
		s->dirty = 1;
		s->dirty_generation = generation;
		s->size = size;
		s->size_generation = generation;
		return DS_OK;
	}
	if ((rc = write_size(s, size, s->pending_seq)) < 0)
		return rc;
	s->size = size;
	s->size_generation = 0;
	return DS_OK;
}

int ds__registry_log_sync(ds_registry *reg)
{
	sql_store *s = reg->log_store;
	int rc;

	if (!s || !s->dirty)
		return DS_OK;
	if (s->dirty_generation != cache_generation(s)) {
		s->dirty = 0; /* rolled back since */
		return DS_OK;
	}
	if ((rc = write_size(s, s->size, s->dirty_seq)) < 0)
		return rc;
	s->dirty = 0;
	return DS_OK;
}

int ds__registry_log_level_begin(ds_registry *reg, int depth)
{
	sql_store *s = reg->log_store;
	uint64_t generation;

	if (!s)
		return DS_OK;
	/* Too deep to note: the database holds the size instead. */
	if (depth >= 64)
		return ds__registry_log_sync(reg);
	generation = cache_generation(s);
	s->levels[depth].noted = 1;
	s->levels[depth].known = generation && s->size_generation == generation;
	s->levels[depth].size = s->size;
	s->levels[depth].dirty = s->dirty && s->dirty_generation == generation;
	s->levels[depth].dirty_seq = s->dirty_seq;
	return DS_OK;
}

void ds__registry_log_level_end(ds_registry *reg, int depth, int committed)
{
	sql_store *s = reg->log_store;
	uint64_t generation;

	/* Only a savepoint noted when it opened is undone by its rollback: a
	 * level of a bulk batch is not (what it logged stays). */
	if (!s || depth <= 1 || depth >= 64 || !s->levels[depth].noted)
		return;
	s->levels[depth].noted = 0;
	if (committed)
		return;
	generation = cache_generation(s);
	if (s->levels[depth].known) {
		s->size = s->levels[depth].size;
		s->size_generation = generation;
	}
	/* Not dirty then: the database held the size, and still does after ROLLBACK TO. */
	s->dirty = s->levels[depth].dirty;
	s->dirty_generation = generation;
	s->dirty_seq = s->levels[depth].dirty_seq;
}

static void sql_dispose(void *ctx)
{
	sql_store *s = ctx;
	int level;

	ahead_drop(s);
	for (level = 0; level < 64; level++)
		ds__free(s->window[level].hash);
	ds__free(s);
}

/* The log's digest, as log_state records it. */
static int log_alg(ds__store *store, ds_hash_alg *alg)
{
	ds__stmt *stmt = NULL;
	int rc;

	if ((rc = ds__store_prepare(&stmt, store, "SELECT hash FROM log_state WHERE id = 1")) < 0)
		return rc;
	if ((rc = ds__stmt_step(stmt)) > 0) {
		const char *name = ds__stmt_text(stmt, 0);
		if (name && strcmp(name, "sha256") == 0)
			*alg = DS_HASH_SHA256, rc = DS_OK;
		else if (name && strcmp(name, "sm3") == 0)
			*alg = DS_HASH_SM3, rc = DS_OK;
		else
			rc = ds__error(DS_EUNSUPPORTED, "registry: unknown log digest '%s'", name ? name : "");
	} else if (rc == 0) {
		rc = ds__error(DS_EVERIFY, "registry: the log state row is missing");
	}
	ds__stmt_finalize(stmt);
	return rc;
}

/* A node store over @store's log tables (owned by the log made with it). */
static int sql_log_new(ds_translog **out, sql_store **ctx_out, ds__store *store)
{
	ds__translog_store ops = { NULL, sql_get, sql_put, sql_get_size, sql_set_size, sql_dispose };
	ds_hash_alg alg = DS_HASH_SHA256;
	sql_store *ctx;
	int rc;

	if ((rc = log_alg(store, &alg)) < 0)
		return rc;
	if (!(ctx = ds__calloc(1, sizeof *ctx)))
		return ds__enomem();
	ctx->store = store;
	ctx->edge = ds__store_remote(store);
	ops.ctx = ctx;
	if ((rc = ds__translog_new_with_store(out, alg, &ops)) < 0)
		return rc; /* ctx went with it */
	*ctx_out = ctx;
	return DS_OK;
}

int ds__registry_log_migrate(ds__store *store)
{
	ds_translog *log = NULL;
	sql_store *ctx = NULL;
	ds__stmt *stmt = NULL;
	int64_t last = 0;
	int rc;

	if ((rc = sql_log_new(&log, &ctx, store)) < 0)
		return rc;
	if ((rc = ds__store_prepare(&stmt, store, "SELECT seq, body FROM events ORDER BY seq")) < 0)
		goto done;
	while ((rc = ds__stmt_step(stmt)) > 0) {
		const char *body = ds__stmt_text(stmt, 1);
		int64_t seq = ds__stmt_int(stmt, 0);
		/* Entry i is event i + 1: a gap could never be logged that way. */
		if (seq != last + 1) {
			rc = ds__error(DS_EVERIFY,
				       "registry: event %lld follows event %lld: events numbered with a gap cannot be "
				       "logged (entry i is event i + 1); the file is left at schema version 2",
				       (long long)seq, (long long)last);
			goto done;
		}
		if ((rc = ds_translog_append(NULL, log, body, strlen(body))) < 0)
			goto done;
		last = seq;
	}
	if (rc < 0)
		goto done;
	/* Inside the migration's transaction the size is kept in memory, and no
	 * observer writes it at commit (none is attached while the store opens):
	 * write it here, with the last event logged. */
	rc = write_size(ctx, ds_translog_size(log), last);
done:
	ds__stmt_finalize(stmt);
	ds_translog_free(log);
	return rc;
}

int ds__registry_log_open(ds_registry *reg)
{
	int rc;

	/* Nothing is written here: events are logged with their own write, or
	 * by the migration from version 2 (ds__registry_log_migrate). One in the
	 * table and not in the log is an integrity error (ds__registry_log_check),
	 * never logged later. */
	if ((rc = sql_log_new(&reg->log, &reg->log_store, reg->store)) < 0) {
		reg->log = NULL;
		reg->log_store = NULL;
	}
	return rc;
}

/* The first event in the table past log entry @size - 1 and below seq @below
 * (0: any), or 0. */
static int first_unlogged(int64_t *seq, ds__store *store, uint64_t size, int64_t below)
{
	ds__stmt *stmt = NULL;
	int rc;

	*seq = 0;
	if ((rc = ds__store_prepare(&stmt, store,
				    "SELECT MIN(seq) FROM events WHERE seq > ?1 AND (?2 = 0 OR seq < ?2)")) < 0)
		return rc;
	if ((rc = ds__stmt_bind_int(stmt, 1, (int64_t)size)) >= 0 && (rc = ds__stmt_bind_int(stmt, 2, below)) >= 0 &&
	    (rc = ds__stmt_step(stmt)) >= 0) {
		if (rc > 0)
			*seq = ds__stmt_int(stmt, 0);
		rc = DS_OK;
	}
	ds__stmt_finalize(stmt);
	return rc;
}

static int unlogged_error(int64_t seq)
{
	return ds__error(DS_EVERIFY,
			 "registry: event %lld is in the events table but not in the log (it was not written by "
			 "the registry): nothing is written or signed until it is removed (docs/registry.md)",
			 (long long)seq);
}

int ds__registry_log_check(ds_registry *reg, uint64_t *bad)
{
	ds__stmt *stmt = NULL;
	int64_t size = 0, last = 0, max = 0, seq = 0;
	int rc;

	if ((rc = ds__store_prepare(&stmt, reg->store,
				    "SELECT size, last_seq, (SELECT COALESCE(MAX(seq), 0) FROM events)"
				    " FROM log_state WHERE id = 1")) < 0)
		return rc;
	if ((rc = ds__stmt_step(stmt)) > 0) {
		size = ds__stmt_int(stmt, 0);
		last = ds__stmt_int(stmt, 1);
		max = ds__stmt_int(stmt, 2);
		rc = DS_OK;
	} else if (rc == 0) {
		rc = ds__error(DS_EVERIFY, "registry: the log state row is missing");
	}
	ds__stmt_finalize(stmt);
	if (rc < 0)
		return rc;
	if (max > last) {
		if ((rc = first_unlogged(&seq, reg->store, (uint64_t)last, 0)) < 0)
			return rc;
		if (bad)
			*bad = (uint64_t)(seq - 1);
		return unlogged_error(seq);
	}
	if (max < last) {
		if (bad)
			*bad = (uint64_t)max;
		return ds__error(DS_EVERIFY,
				 "registry: the log holds events up to seq %lld but the events table ends at seq %lld",
				 (long long)last, (long long)max);
	}
	if (size != last) {
		if (bad)
			*bad = (uint64_t)(size < last ? size : last);
		return ds__error(DS_EVERIFY, "registry: the log has %lld entries but its last event is seq %lld",
				 (long long)size, (long long)last);
	}
	return DS_OK;
}

int ds__registry_log_event(ds_registry *reg, int64_t seq, const char *body, size_t len)
{
	uint64_t size = 0, index = 0;
	int rc;

	/* The store's size callback cannot report a failure (it reads as 0), so
	 * read the size here with errors checked and insist the entry lands there:
	 * otherwise the caller's transaction is rolled back, never a leaf overwritten. */
	if ((rc = read_size(reg->log_store, &size)) < 0)
		return rc;
	if (seq <= 0)
		return ds__error(DS_EINTERNAL, "registry: event seq %lld", (long long)seq);
	/* Entry i is event i + 1. A later seq means rows were added to the events
	 * table past the registry (or its sequence moved): refused, so that no
	 * write goes on over an event the log does not hold. */
	if ((uint64_t)seq != size + 1) {
		int64_t first = 0;
		if ((uint64_t)seq > size + 1 && (rc = first_unlogged(&first, reg->store, size, seq)) < 0)
			return rc;
		if (first > 0)
			return unlogged_error(first);
		return ds__error(DS_EVERIFY,
				 "registry: the new event is seq %lld but the log's next entry is for event %llu: the "
				 "events table's sequence was changed past the registry (docs/registry.md)",
				 (long long)seq, (unsigned long long)size + 1);
	}
	/* The append commits size + 1 and @seq as the last event logged in one UPDATE. */
	reg->log_store->pending_seq = seq;
	rc = ds_translog_append(&index, reg->log, body, len);
	reg->log_store->pending_seq = 0;
	if (rc < 0)
		return rc;
	if (index != size)
		return ds__error(DS_EINTERNAL, "registry: the log entry landed at %llu, not at %llu",
				 (unsigned long long)index, (unsigned long long)size);
	return DS_OK;
}

/* Compare the stored node (level, index) with @expected. */
static int check_node(ds_registry *reg, unsigned int level, uint64_t index, const unsigned char *expected,
		      uint64_t *bad)
{
	unsigned char stored[NODE];
	int rc;

	/* From the database, never from the append cache: this is the check of what is stored. */
	if ((rc = read_node(reg->store, level, index, stored)) < 0)
		return rc;
	if (memcmp(stored, expected, NODE) != 0) {
		if (bad)
			*bad = level == 0 ? index : index << level;
		if (level == 0)
			return ds__error(DS_EVERIFY,
					 "log entry %llu (event %llu): the stored leaf hash does not match the event",
					 (unsigned long long)index, (unsigned long long)index + 1);
		return ds__error(DS_EVERIFY,
				 "log node (level %u, index %llu, entries %llu-%llu) does not match its leaves", level,
				 (unsigned long long)index, (unsigned long long)(index << level),
				 (unsigned long long)(((index + 1) << level) - 1));
	}
	return DS_OK;
}

int ds__registry_log_verify(ds_registry *reg, uint64_t *bad)
{
	ds_translog_options opts;
	ds_translog *fresh = NULL;
	ds__stmt *stmt = NULL;
	int64_t expected_seq = 1;
	uint64_t size, i;
	unsigned int level;
	int rc;

	/* The database, not memory, is what is checked: write what memory holds first. */
	if ((rc = ds__registry_log_sync(reg)) < 0 || (rc = ds__store_begin_read(reg->store)) < 0)
		return rc;
	/* Read with its errors: ds_translog_size() gives 0 for a size it could
	 * not read (out of memory), which would read as a log emptied. */
	if ((rc = ds__registry_log_size(reg, &size)) < 0 || (rc = ds__registry_log_check(reg, bad)) < 0)
		goto done;
	ds_translog_options_init(&opts, DS_TRANSLOG_OPTIONS_VERSION);
	opts.hash = ds_translog_hash_alg(reg->log);
	if ((rc = ds_translog_new_memory(&fresh, &opts)) < 0)
		goto done;
	if ((rc = ds__store_prepare(&stmt, reg->store, "SELECT seq, body FROM events ORDER BY seq")) < 0)
		goto done;
	while ((rc = ds__stmt_step(stmt)) > 0) {
		const char *body = ds__stmt_text(stmt, 1);
		if (ds__stmt_int(stmt, 0) != expected_seq) {
			if (bad)
				*bad = ds_translog_size(fresh);
			rc = ds__error(DS_EVERIFY, "log entry %llu: event seq %lld is missing (found %lld)",
				       (unsigned long long)ds_translog_size(fresh), (long long)expected_seq,
				       (long long)ds__stmt_int(stmt, 0));
			goto done;
		}
		expected_seq++;
		if ((rc = ds_translog_append(NULL, fresh, body, strlen(body))) < 0)
			goto done;
	}
	if (rc < 0)
		goto done;
	if (ds_translog_size(fresh) != size) {
		rc = ds__error(DS_EVERIFY, "the log has %llu entries but the events table %llu",
			       (unsigned long long)size, (unsigned long long)ds_translog_size(fresh));
		goto done;
	}
	/* Every stored node, leaves first, against the recomputed tree. */
	for (level = 0; level < 64 && (size >> level) > 0; level++)
		for (i = 0; i < (size >> level); i++) {
			unsigned char expected[NODE];
			ds_hash h;
			if (level == 0) {
				if ((rc = ds_translog_leaf_hash(&h, fresh, i)) < 0)
					goto done;
			} else if ((rc = ds__translog_node(&h, fresh, level, i)) < 0) {
				goto done;
			}
			memcpy(expected, h.bytes, NODE);
			if ((rc = check_node(reg, level, i, expected, bad)) < 0)
				goto done;
		}
	rc = DS_OK;
done:
	ds__stmt_finalize(stmt);
	ds_translog_free(fresh);
	ds__store_rollback(reg->store);
	return rc;
}

/* ---------------------------------------------------------------- public */

int ds_registry_log(ds_translog **out, ds_registry *reg)
{
	if (!out || !reg)
		return ds__error(DS_EINVAL, "ds_registry_log: NULL argument");
	*out = reg->log;
	return DS_OK;
}

int ds_registry_log_origin(char **out, ds_registry *reg)
{
	ds__buf b = DS__BUF_INIT;

	if (!out || !reg)
		return ds__error(DS_EINVAL, "ds_registry_log_origin: NULL argument");
	if (!reg->region)
		return ds__error(DS_ENOTFOUND, "registry: the database holds no registry");
	ds__buf_printf(&b, "datasset-registry/%s", reg->region);
	if (ds__buf_detach(out, &b) < 0) {
		ds__buf_dispose(&b);
		return ds__enomem();
	}
	return DS_OK;
}

int ds_registry_log_head(char **checkpoint, ds_registry *reg, int64_t timestamp)
{
	ds_key *key = NULL;
	char *origin = NULL;
	ds_hash root;
	uint64_t size = 0;
	int rc;

	if (!checkpoint || !reg)
		return ds__error(DS_EINVAL, "ds_registry_log_head: NULL argument");
	if (timestamp < 0)
		return ds__error_at(DS_EINVAL, 0, 0, "timestamp", "log head: a negative timestamp");
	if ((rc = ds_registry_log_origin(&origin, reg)) < 0 || (rc = ds_registry_key_load(&key, reg, NULL)) < 0)
		goto done;
	if (ds_key_hash_alg(key) != ds_translog_hash_alg(reg->log)) {
		rc = ds__error(
			DS_EUNSUPPORTED,
			"log head: the current key's digest (%s) is not the log's (%s); create the registry with "
			"the key's profile",
			ds_key_hash_alg(key) == DS_HASH_SM3 ? "SM3" : "SHA-256",
			ds_translog_hash_alg(reg->log) == DS_HASH_SM3 ? "SM3" : "SHA-256");
		goto done;
	}
	/* Size and root from one snapshot, in which the log holds every event
	 * (the size kept in memory inside a batch written first, as at commit). */
	if ((rc = ds__registry_log_sync(reg)) < 0 || (rc = ds__store_begin_read(reg->store)) < 0)
		goto done;
	if ((rc = ds__registry_log_size(reg, &size)) >= 0 && (rc = ds__registry_log_check(reg, NULL)) >= 0)
		rc = ds_translog_root(&root, reg->log, size);
	ds__store_rollback(reg->store);
	if (rc < 0)
		goto done;
	rc = ds_checkpoint_sign(checkpoint, origin, size, &root, timestamp, origin, key);
done:
	ds_key_free(key);
	ds__free(origin);
	return rc;
}

int ds_registry_log_verify(uint64_t *bad_index, ds_registry *reg)
{
	if (!reg)
		return ds__error(DS_EINVAL, "ds_registry_log_verify: NULL argument");
	return ds__registry_log_verify(reg, bad_index);
}
