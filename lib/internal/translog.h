/*
 * Translog internals other modules use (the certificate module reads the
 * checkpoint it embeds). Never installed.
 * SPDX-License-Identifier: MIT
 */
#ifndef DS_INTERNAL_TRANSLOG_H
#define DS_INTERNAL_TRANSLOG_H

#include "datasset/translog.h"

/* ds_checkpoint_open(), except that with @key NULL the signature lines are
 * only checked for syntax (@key_name is then ignored and may be NULL). */
int ds__checkpoint_parse(ds_checkpoint **out, const char *note, size_t len, const char *key_name, const ds_key *key);

/* The root that an inclusion proof gives: RFC 9162 §2.1.3.2 with the
 * comparison left out. Issuing a certificate for the newest entry takes the
 * root from the proof it needs anyway instead of reading the tree's right
 * edge a second time. DS_EVERIFY when the proof's length does not fit
 * @index and @size; DS_EINVAL for NULL or an unknown @alg. */
int ds__merkle_inclusion_root(ds_hash *root, ds_hash_alg alg, uint64_t index, uint64_t size, const ds_hash *leaf_hash,
			      const ds_hash *proof, size_t proof_len);

#endif
