/*
 * The translog module's internal interface: the node store behind a log.
 * A log keeps the hash of every complete (perfect) subtree: node (level, index)
 * covers leaves [index·2^level, (index+1)·2^level). The in-memory store is in
 * log.c; a SQLite-backed store (the registry's events table) plugs in here.
 * SPDX-License-Identifier: MIT
 */
#ifndef DS_TRANSLOG_INTERNAL_H
#define DS_TRANSLOG_INTERNAL_H

#include <stdint.h>

#include "datasset/translog.h"
#include "internal/crypto.h"

typedef struct ds__translog_store {
	void *ctx;
	/* Read node (level, index) into @hash (ds_hash_size bytes). DS_ENOTFOUND
	 * when absent; other errors pass up. */
	int (*get_node)(void *ctx, unsigned int level, uint64_t index, unsigned char *hash);
	/* Write node (level, index). Nodes past the committed size may be
	 * overwritten later: a failed append leaves such strays, never a changed tree. */
	int (*put_node)(void *ctx, unsigned int level, uint64_t index, const unsigned char *hash);
	/* The committed number of leaves, and committing a new one (the last step of an append). */
	uint64_t (*get_size)(void *ctx);
	int (*set_size)(void *ctx, uint64_t size);
	/* Release @ctx (called by ds_translog_free). */
	void (*dispose)(void *ctx);
} ds__translog_store;

/* A log over @store (which the log owns from then on, even on failure). */
int ds__translog_new_with_store(ds_translog **out, ds_hash_alg alg, const ds__translog_store *store);

/* The number of node reads since the log was created (tests check O(log n)). */
uint64_t ds__translog_node_reads(const ds_translog *log);

/* The stored hash of complete subtree (level, index): DS_ERANGE when that
 * subtree is not complete in the log. */
int ds__translog_node(ds_hash *out, ds_translog *log, unsigned int level, uint64_t index);

#endif
