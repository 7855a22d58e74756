/*
 * RFC 6962 / RFC 9162 Merkle hashing and proof verification.
 * SPDX-License-Identifier: MIT
 */
#include "config.h"

#include <string.h>

#include "internal/translog.h"
#include "translog_internal.h"

int ds_merkle_leaf_hash(ds_hash *out, ds_hash_alg alg, const void *entry, size_t len)
{
	ds__hasher h;
	int rc;

	if (!out || (!entry && len))
		return ds__error(DS_EINVAL, "ds_merkle_leaf_hash: NULL argument");
	if ((rc = ds__hasher_init(&h, alg)) < 0)
		return rc;
	/* RFC 9162 §2.1.1: MTH({d(0)}) = HASH(0x00 || d(0)). */
	if ((rc = ds__hasher_digest(&h, out->bytes, 0x00, entry, len, NULL, 0)) == DS_OK)
		out->size = h.size;
	ds__hasher_dispose(&h);
	return rc;
}

int ds_merkle_node_hash(ds_hash *out, ds_hash_alg alg, const ds_hash *left, const ds_hash *right)
{
	ds__hasher h;
	int rc;

	if (!out || !left || !right)
		return ds__error(DS_EINVAL, "ds_merkle_node_hash: NULL argument");
	if (!ds_hash_size(alg))
		return ds__error(DS_EINVAL, "unknown digest algorithm %d", (int)alg);
	if (left->size != ds_hash_size(alg) || right->size != ds_hash_size(alg))
		return ds__error(DS_EINVAL, "a child hash has %u bytes, not %u",
				 left->size != ds_hash_size(alg) ? left->size : right->size, ds_hash_size(alg));
	if ((rc = ds__hasher_init(&h, alg)) < 0)
		return rc;
	/* RFC 9162 §2.1.1: MTH(D[n]) = HASH(0x01 || MTH(D[0:k]) || MTH(D[k:n])). */
	if ((rc = ds__hasher_digest(&h, out->bytes, 0x01, left->bytes, left->size, right->bytes, right->size)) == DS_OK)
		out->size = h.size;
	ds__hasher_dispose(&h);
	return rc;
}

static int check_proof_hashes(const ds_hash *proof, size_t proof_len, unsigned int size, const char *what)
{
	size_t i;

	for (i = 0; i < proof_len; i++)
		if (proof[i].size != size)
			return ds__error(DS_EVERIFY, "%s proof: element %zu has %u bytes, not %u", what, i + 1,
					 proof[i].size, size);
	return DS_OK;
}

/* RFC 9162 §2.1.3.2: the root that @proof and @leaf_hash give for @index in
 * @size (*@r, hsize bytes); DS_EVERIFY when the proof's length does not fit. */
static int inclusion_root(unsigned char *r, ds_hash_alg alg, uint64_t index, uint64_t size, const ds_hash *leaf_hash,
			  const ds_hash *proof, size_t proof_len)
{
	uint64_t fn = index, sn;
	unsigned int hsize = ds_hash_size(alg);
	ds__hasher h;
	size_t i;
	int rc;

	if (index >= size)
		return ds__error(DS_EVERIFY, "inclusion proof: index %llu is not below the tree size %llu",
				 (unsigned long long)index, (unsigned long long)size);
	if (leaf_hash->size != hsize)
		return ds__error(DS_EVERIFY, "inclusion proof: the leaf hash has %u bytes, not %u", leaf_hash->size,
				 hsize);
	if ((rc = check_proof_hashes(proof, proof_len, hsize, "inclusion")) < 0)
		return rc;
	if ((rc = ds__hasher_init(&h, alg)) < 0)
		return rc;
	sn = size - 1;
	memcpy(r, leaf_hash->bytes, hsize);
	for (i = 0; i < proof_len; i++) {
		if (sn == 0) {
			rc = ds__error(DS_EVERIFY,
				       "inclusion proof: %zu hashes is too long for index %llu in size %llu", proof_len,
				       (unsigned long long)index, (unsigned long long)size);
			goto done;
		}
		if ((fn & 1) || fn == sn) {
			if ((rc = ds__hasher_digest(&h, r, 0x01, proof[i].bytes, hsize, r, hsize)) < 0)
				goto done;
			if (!(fn & 1))
				while (fn != 0 && !(fn & 1)) {
					fn >>= 1;
					sn >>= 1;
				}
		} else if ((rc = ds__hasher_digest(&h, r, 0x01, r, hsize, proof[i].bytes, hsize)) < 0) {
			goto done;
		}
		fn >>= 1;
		sn >>= 1;
	}
	if (sn != 0)
		rc = ds__error(DS_EVERIFY, "inclusion proof: %zu hashes is too short for index %llu in size %llu",
			       proof_len, (unsigned long long)index, (unsigned long long)size);
done:
	ds__hasher_dispose(&h);
	return rc;
}

int ds__merkle_inclusion_root(ds_hash *root, ds_hash_alg alg, uint64_t index, uint64_t size, const ds_hash *leaf_hash,
			      const ds_hash *proof, size_t proof_len)
{
	int rc;

	if (!root || !leaf_hash || (!proof && proof_len))
		return ds__error(DS_EINVAL, "ds__merkle_inclusion_root: NULL argument");
	if (!ds_hash_size(alg))
		return ds__error(DS_EINVAL, "unknown digest algorithm %d", (int)alg);
	if ((rc = inclusion_root(root->bytes, alg, index, size, leaf_hash, proof, proof_len)) == DS_OK)
		root->size = ds_hash_size(alg);
	return rc;
}

int ds_merkle_verify_inclusion(ds_hash_alg alg, uint64_t index, uint64_t size, const ds_hash *leaf_hash,
			       const ds_hash *proof, size_t proof_len, const ds_hash *root)
{
	unsigned char r[DS_HASH_MAX];
	unsigned int hsize = ds_hash_size(alg);
	int rc;

	if (!leaf_hash || !root || (!proof && proof_len))
		return ds__error(DS_EINVAL, "ds_merkle_verify_inclusion: NULL argument");
	if (!hsize)
		return ds__error(DS_EINVAL, "unknown digest algorithm %d", (int)alg);
	if (index >= size)
		return ds__error(DS_EVERIFY, "inclusion proof: index %llu is not below the tree size %llu",
				 (unsigned long long)index, (unsigned long long)size);
	if (leaf_hash->size != hsize)
		return ds__error(DS_EVERIFY, "inclusion proof: the leaf hash has %u bytes, not %u", leaf_hash->size,
				 hsize);
	if (root->size != hsize)
		return ds__error(DS_EVERIFY, "inclusion proof: the root hash has %u bytes, not %u", root->size, hsize);
	if ((rc = inclusion_root(r, alg, index, size, leaf_hash, proof, proof_len)) < 0)
		return rc;
	if (memcmp(r, root->bytes, hsize) != 0)
		return ds__error(DS_EVERIFY, "inclusion proof: the computed root does not match the expected root");
	return DS_OK;
}

int ds_merkle_verify_consistency(ds_hash_alg alg, uint64_t size1, uint64_t size2, const ds_hash *root1,
				 const ds_hash *root2, const ds_hash *proof, size_t proof_len)
{
	unsigned char fr[DS_HASH_MAX], sr[DS_HASH_MAX];
	unsigned int hsize = ds_hash_size(alg);
	uint64_t fn, sn;
	ds__hasher h;
	size_t i, start;
	int rc;

	if (!root1 || !root2 || (!proof && proof_len))
		return ds__error(DS_EINVAL, "ds_merkle_verify_consistency: NULL argument");
	if (!hsize)
		return ds__error(DS_EINVAL, "unknown digest algorithm %d", (int)alg);
	if (size1 > size2)
		return ds__error(DS_EVERIFY, "consistency proof: the first size %llu is larger than the second %llu",
				 (unsigned long long)size1, (unsigned long long)size2);
	if (size1 == size2) {
		if (proof_len)
			return ds__error(DS_EVERIFY,
					 "consistency proof: equal sizes need an empty proof, not %zu hashes",
					 proof_len);
		if (!ds_hash_equal(root1, root2))
			return ds__error(DS_EVERIFY, "consistency proof: equal sizes but the roots differ");
		if (size1 == 0) {
			ds_hash empty;
			if ((rc = ds_hash_data(&empty, alg, NULL, 0)) < 0)
				return rc;
			if (!ds_hash_equal(root1, &empty))
				return ds__error(DS_EVERIFY,
						 "consistency proof: the root of size 0 is not the empty tree's hash");
		}
		return DS_OK;
	}
	if (size1 == 0)
		return ds__error(DS_EVERIFY, "consistency proof: a proof from the empty tree proves nothing");
	if (proof_len == 0)
		return ds__error(DS_EVERIFY, "consistency proof: the proof is empty");
	if (root1->size != hsize || root2->size != hsize)
		return ds__error(DS_EVERIFY, "consistency proof: a root hash has %u bytes, not %u",
				 root1->size != hsize ? root1->size : root2->size, hsize);
	if ((rc = check_proof_hashes(proof, proof_len, hsize, "consistency")) < 0)
		return rc;
	if ((rc = ds__hasher_init(&h, alg)) < 0)
		return rc;
	/* RFC 9162 §2.1.4.2. When size1 is a power of two its root is the first node of the path. */
	if ((size1 & (size1 - 1)) == 0) {
		memcpy(fr, root1->bytes, hsize);
		start = 0;
	} else {
		memcpy(fr, proof[0].bytes, hsize);
		start = 1;
	}
	memcpy(sr, fr, hsize);
	fn = size1 - 1;
	sn = size2 - 1;
	while (fn & 1) {
		fn >>= 1;
		sn >>= 1;
	}
	for (i = start; i < proof_len; i++) {
		if (sn == 0) {
			rc = ds__error(DS_EVERIFY, "consistency proof: %zu hashes is too long for sizes %llu and %llu",
				       proof_len, (unsigned long long)size1, (unsigned long long)size2);
			goto done;
		}
		if ((fn & 1) || fn == sn) {
			if ((rc = ds__hasher_digest(&h, fr, 0x01, proof[i].bytes, hsize, fr, hsize)) < 0 ||
			    (rc = ds__hasher_digest(&h, sr, 0x01, proof[i].bytes, hsize, sr, hsize)) < 0)
				goto done;
			if (!(fn & 1))
				while (fn != 0 && !(fn & 1)) {
					fn >>= 1;
					sn >>= 1;
				}
		} else if ((rc = ds__hasher_digest(&h, sr, 0x01, sr, hsize, proof[i].bytes, hsize)) < 0) {
			goto done;
		}
		fn >>= 1;
		sn >>= 1;
	}
	if (sn != 0)
		rc = ds__error(DS_EVERIFY, "consistency proof: %zu hashes is too short for sizes %llu and %llu",
			       proof_len, (unsigned long long)size1, (unsigned long long)size2);
	else if (memcmp(fr, root1->bytes, hsize) != 0)
		rc = ds__error(DS_EVERIFY, "consistency proof: the computed old root does not match the first root");
	else if (memcmp(sr, root2->bytes, hsize) != 0)
		rc = ds__error(DS_EVERIFY, "consistency proof: the computed new root does not match the second root");
done:
	ds__hasher_dispose(&h);
	return rc;
}
