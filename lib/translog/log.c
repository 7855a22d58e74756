/*
 * The append-only Merkle log: appending, roots of any size, and inclusion and
 * consistency proofs (RFC 9162 §2.1.3.1, §2.1.4.1) over a node store that keeps
 * every complete subtree's hash, so each operation reads O(log n) nodes.
 * SPDX-License-Identifier: MIT
 */
#include "config.h"

#include <string.h>

#include "translog_internal.h"

#define NODE 32u /* both supported digests are 32 bytes */
#define MAX_LEVELS 64u

struct ds_translog {
	ds_hash_alg alg;
	ds__hasher hasher;
	ds__translog_store store;
	uint64_t reads;
};

/* ---------------------------------------------------------------- memory store */

typedef struct memory_level {
	unsigned char *hashes;
	uint64_t count; /* nodes held */
	uint64_t cap;
} memory_level;

typedef struct memory_store {
	memory_level levels[MAX_LEVELS];
	uint64_t size;
} memory_store;

static int memory_get(void *ctx, unsigned int level, uint64_t index, unsigned char *hash)
{
	memory_store *m = ctx;

	if (level >= MAX_LEVELS || index >= m->levels[level].count)
		return ds__error(DS_ENOTFOUND, "log node (%u, %llu) is not stored", level, (unsigned long long)index);
	memcpy(hash, m->levels[level].hashes + index * NODE, NODE);
	return DS_OK;
}

static int memory_put(void *ctx, unsigned int level, uint64_t index, const unsigned char *hash)
{
	memory_store *m = ctx;
	memory_level *l;

	if (level >= MAX_LEVELS)
		return ds__error(DS_ERANGE, "log level %u is out of range", level);
	l = &m->levels[level];
	if (index > l->count)
		return ds__error(DS_EINTERNAL, "log node (%u, %llu) written out of order", level,
				 (unsigned long long)index);
	if (index == l->cap) {
		uint64_t cap = l->cap ? l->cap * 2 : 64;
		unsigned char *grown;
		if (cap > SIZE_MAX / NODE || !(grown = ds__realloc(l->hashes, (size_t)(cap * NODE))))
			return ds__enomem();
		l->hashes = grown;
		l->cap = cap;
	}
	memcpy(l->hashes + index * NODE, hash, NODE);
	if (index == l->count)
		l->count++;
	return DS_OK;
}

static uint64_t memory_get_size(void *ctx)
{
	return ((memory_store *)ctx)->size;
}

static int memory_set_size(void *ctx, uint64_t size)
{
	memory_store *m = ctx;
	unsigned int level;

	m->size = size;
	/* Forget stray nodes a failed append may have left past the new size. */
	for (level = 0; level < MAX_LEVELS; level++)
		if (m->levels[level].count > (size >> level))
			m->levels[level].count = size >> level;
	return DS_OK;
}

static void memory_dispose(void *ctx)
{
	memory_store *m = ctx;
	unsigned int level;

	if (!m)
		return;
	for (level = 0; level < MAX_LEVELS; level++)
		ds__free(m->levels[level].hashes);
	ds__free(m);
}

/* ---------------------------------------------------------------- the log */

int ds__translog_new_with_store(ds_translog **out, ds_hash_alg alg, const ds__translog_store *store)
{
	ds_translog *log = NULL;
	int rc;

	if (!(log = ds__calloc(1, sizeof *log))) {
		store->dispose(store->ctx);
		return ds__enomem();
	}
	log->store = *store;
	log->alg = alg;
	if ((rc = ds__hasher_init(&log->hasher, alg)) < 0) {
		ds_translog_free(log);
		return rc;
	}
	*out = log;
	return DS_OK;
}

int ds_translog_options_init(ds_translog_options *opts, unsigned int version)
{
	if (!opts || version != DS_TRANSLOG_OPTIONS_VERSION)
		return ds__error(DS_EINVAL, "ds_translog_options_init: NULL or unknown version %u", version);
	opts->version = version;
	opts->hash = DS_HASH_SHA256;
	return DS_OK;
}

int ds_translog_new_memory(ds_translog **out, const ds_translog_options *opts)
{
	ds__translog_store store = { NULL, memory_get, memory_put, memory_get_size, memory_set_size, memory_dispose };
	ds_hash_alg alg = DS_HASH_SHA256;

	if (!out)
		return ds__error(DS_EINVAL, "ds_translog_new_memory: NULL argument");
	if (opts) {
		if (opts->version != DS_TRANSLOG_OPTIONS_VERSION)
			return ds__error(DS_EINVAL, "translog options: unknown version %u", opts->version);
		if (opts->hash != DS_HASH_SHA256 && opts->hash != DS_HASH_SM3)
			return ds__error(DS_EINVAL, "translog options: unknown digest algorithm %d", (int)opts->hash);
		alg = opts->hash;
	}
	if (!(store.ctx = ds__calloc(1, sizeof(memory_store))))
		return ds__enomem();
	return ds__translog_new_with_store(out, alg, &store);
}

void ds_translog_free(ds_translog *log)
{
	if (!log)
		return;
	ds__hasher_dispose(&log->hasher);
	if (log->store.dispose)
		log->store.dispose(log->store.ctx);
	ds__free(log);
}

ds_hash_alg ds_translog_hash_alg(const ds_translog *log)
{
	return log ? log->alg : (ds_hash_alg)0;
}

uint64_t ds_translog_size(const ds_translog *log)
{
	return log ? log->store.get_size(log->store.ctx) : 0;
}

uint64_t ds__translog_node_reads(const ds_translog *log)
{
	return log->reads;
}

static int get_node(ds_translog *log, unsigned int level, uint64_t index, unsigned char *hash)
{
	int rc = log->store.get_node(log->store.ctx, level, index, hash);

	log->reads++;
	if (rc == DS_ENOTFOUND)
		return ds__error(DS_EINTERNAL, "log node (%u, %llu) is missing from the store", level,
				 (unsigned long long)index);
	return rc;
}

static int append_hash(uint64_t *index, ds_translog *log, const unsigned char *leaf)
{
	unsigned char hash[NODE], left[NODE];
	uint64_t size = log->store.get_size(log->store.ctx), i = size;
	unsigned int level = 0;
	int rc;

	if (size == UINT64_MAX)
		return ds__error(DS_ERANGE, "the log is full");
	memcpy(hash, leaf, NODE);
	if ((rc = log->store.put_node(log->store.ctx, 0, i, hash)) < 0)
		return rc;
	/* Each time the new node is a right child, its parent's subtree is complete. */
	while (i & 1) {
		if ((rc = get_node(log, level, i - 1, left)) < 0 ||
		    (rc = ds__hasher_digest(&log->hasher, hash, 0x01, left, NODE, hash, NODE)) < 0)
			return rc;
		level++;
		i >>= 1;
		if ((rc = log->store.put_node(log->store.ctx, level, i, hash)) < 0)
			return rc;
	}
	if ((rc = log->store.set_size(log->store.ctx, size + 1)) < 0)
		return rc;
	if (index)
		*index = size;
	return DS_OK;
}

int ds_translog_append(uint64_t *index, ds_translog *log, const void *entry, size_t len)
{
	unsigned char leaf[NODE];
	int rc;

	if (!log || (!entry && len))
		return ds__error(DS_EINVAL, "ds_translog_append: NULL argument");
	if ((rc = ds__hasher_digest(&log->hasher, leaf, 0x00, entry, len, NULL, 0)) < 0)
		return rc;
	return append_hash(index, log, leaf);
}

int ds_translog_append_leaf_hash(uint64_t *index, ds_translog *log, const ds_hash *leaf_hash)
{
	if (!log || !leaf_hash)
		return ds__error(DS_EINVAL, "ds_translog_append_leaf_hash: NULL argument");
	if (leaf_hash->size != NODE)
		return ds__error(DS_EINVAL, "a leaf hash has %u bytes, not %u", leaf_hash->size, NODE);
	return append_hash(index, log, leaf_hash->bytes);
}

int ds_translog_leaf_hash(ds_hash *out, ds_translog *log, uint64_t index)
{
	int rc;

	if (!out || !log)
		return ds__error(DS_EINVAL, "ds_translog_leaf_hash: NULL argument");
	if (index >= ds_translog_size(log))
		return ds__error(DS_ERANGE, "log index %llu is past the end (size %llu)", (unsigned long long)index,
				 (unsigned long long)ds_translog_size(log));
	if ((rc = get_node(log, 0, index, out->bytes)) == DS_OK)
		out->size = NODE;
	return rc;
}

/* MTH of leaves [begin, end), where begin is a multiple of the largest power of
 * two not above end - begin (true of every subtree of an RFC 6962 tree): the
 * range splits into complete subtrees of decreasing size, one per set bit of
 * end - begin; the hash folds them from the right. */
static int range_hash(ds_translog *log, uint64_t begin, uint64_t end, unsigned char *out)
{
	unsigned char parts[MAX_LEVELS][NODE];
	unsigned int count = 0, level;
	uint64_t pos = begin;
	int rc;

	if (begin == end)
		return ds__hasher_digest(&log->hasher, out, -1, NULL, 0, NULL, 0);
	for (level = MAX_LEVELS; level-- > 0;) {
		uint64_t width = (uint64_t)1 << level;
		if (((end - begin) & width) == 0)
			continue;
		if ((rc = get_node(log, level, pos >> level, parts[count])) < 0)
			return rc;
		count++;
		pos += width;
	}
	memcpy(out, parts[count - 1], NODE);
	while (--count > 0)
		if ((rc = ds__hasher_digest(&log->hasher, out, 0x01, parts[count - 1], NODE, out, NODE)) < 0)
			return rc;
	return DS_OK;
}

int ds_translog_root(ds_hash *out, ds_translog *log, uint64_t size)
{
	int rc;

	if (!out || !log)
		return ds__error(DS_EINVAL, "ds_translog_root: NULL argument");
	if (size > ds_translog_size(log))
		return ds__error(DS_ERANGE, "tree size %llu is past the log's size %llu", (unsigned long long)size,
				 (unsigned long long)ds_translog_size(log));
	if ((rc = range_hash(log, 0, size, out->bytes)) == DS_OK)
		out->size = NODE;
	return rc;
}

static uint64_t largest_power_below(uint64_t n)
{
	uint64_t k = 1;

	while (k < n - k) /* k·2 < n without overflow */
		k <<= 1;
	return k;
}

/* Collect proof nodes top-down into @nodes, then reverse (proofs list the leaf side first). */
typedef struct proof_builder {
	ds_hash nodes[2 * MAX_LEVELS];
	size_t count;
} proof_builder;

static int push_range(proof_builder *b, ds_translog *log, uint64_t begin, uint64_t end)
{
	int rc = range_hash(log, begin, end, b->nodes[b->count].bytes);

	b->nodes[b->count].size = NODE;
	b->count++;
	return rc;
}

static int finish_proof(ds_hash **proof, size_t *count, proof_builder *b)
{
	ds_hash *copy = NULL;
	size_t i;

	if (b->count && !(copy = ds__malloc(b->count * sizeof *copy)))
		return ds__enomem();
	for (i = 0; i < b->count; i++)
		copy[i] = b->nodes[b->count - 1 - i];
	*proof = copy;
	*count = b->count;
	return DS_OK;
}

int ds_translog_inclusion_proof(ds_hash **proof, size_t *count, ds_translog *log, uint64_t index, uint64_t size)
{
	proof_builder *b;
	uint64_t lo = 0, hi = size;
	int rc = DS_OK;

	if (!proof || !count || !log)
		return ds__error(DS_EINVAL, "ds_translog_inclusion_proof: NULL argument");
	if (size > ds_translog_size(log) || index >= size)
		return ds__error(DS_ERANGE, "no inclusion proof for index %llu in tree size %llu (log size %llu)",
				 (unsigned long long)index, (unsigned long long)size,
				 (unsigned long long)ds_translog_size(log));
	if (!(b = ds__calloc(1, sizeof *b)))
		return ds__enomem();
	/* RFC 9162 §2.1.3.1 PATH(m, D[lo:hi]), unrolled from the top. */
	while (rc == DS_OK && hi - lo > 1) {
		uint64_t k = largest_power_below(hi - lo);
		if (index < lo + k) {
			rc = push_range(b, log, lo + k, hi);
			hi = lo + k;
		} else {
			rc = push_range(b, log, lo, lo + k);
			lo += k;
		}
	}
	if (rc == DS_OK)
		rc = finish_proof(proof, count, b);
	ds__free(b);
	return rc;
}

int ds_translog_consistency_proof(ds_hash **proof, size_t *count, ds_translog *log, uint64_t size1, uint64_t size2)
{
	proof_builder *b;
	uint64_t lo = 0, hi = size2, m = size1;
	int complete = 1, rc = DS_OK;

	if (!proof || !count || !log)
		return ds__error(DS_EINVAL, "ds_translog_consistency_proof: NULL argument");
	if (size1 == 0 || size1 > size2 || size2 > ds_translog_size(log))
		return ds__error(DS_ERANGE, "no consistency proof from size %llu to %llu (log size %llu)",
				 (unsigned long long)size1, (unsigned long long)size2,
				 (unsigned long long)ds_translog_size(log));
	if (!(b = ds__calloc(1, sizeof *b)))
		return ds__enomem();
	/* RFC 9162 §2.1.4.1 SUBPROOF(m, D[lo:hi], complete), unrolled from the top. */
	while (rc == DS_OK && m != hi - lo) {
		uint64_t k = largest_power_below(hi - lo);
		if (m <= k) {
			rc = push_range(b, log, lo + k, hi);
			hi = lo + k;
		} else {
			rc = push_range(b, log, lo, lo + k);
			lo += k;
			m -= k;
			complete = 0;
		}
	}
	if (rc == DS_OK && !complete)
		rc = push_range(b, log, lo, hi);
	if (rc == DS_OK)
		rc = finish_proof(proof, count, b);
	ds__free(b);
	return rc;
}

int ds__translog_node(ds_hash *out, ds_translog *log, unsigned int level, uint64_t index)
{
	int rc;

	if (level >= MAX_LEVELS || index >= (ds_translog_size(log) >> level))
		return ds__error(DS_ERANGE, "log node (%u, %llu) is not a complete subtree", level,
				 (unsigned long long)index);
	if ((rc = get_node(log, level, index, out->bytes)) == DS_OK)
		out->size = NODE;
	return rc;
}
