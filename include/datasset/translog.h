/** @file
 * libdatasset — trust: signing keys, an append-only Merkle transparency log
 * (RFC 6962 / RFC 9162), inclusion and consistency proofs, and signed tree
 * heads in the C2SP checkpoint (signed note) format.
 * SPDX-License-Identifier: MIT
 *
 * Two profiles exist throughout:
 * - international: Ed25519 signatures and SHA-256 digests (the default);
 * - 国密 (gm): SM2 signatures with SM3 (GB/T 32918, GB/T 32905) and the
 *   standard user ID "1234567812345678" (GM/T 0009), and SM3 digests.
 *
 * Hashing (RFC 6962 §2.1, RFC 9162 §2.1.1): leaf hash = H(0x00 || entry),
 * node hash = H(0x01 || left || right), the root of the empty tree is H("").
 *
 * Thread-safety: every function is reentrant. A ds_key may be used by several
 * threads at once for signing and verifying; a ds_translog and a ds_checkpoint
 * are used by one thread at a time.
 */
#ifndef DATASSET_TRANSLOG_H
#define DATASSET_TRANSLOG_H

#include <stdint.h>

#include "common.h"

#ifdef __cplusplus
extern "C" {
#endif

/** Digest algorithms. */
typedef enum ds_hash_alg {
	DS_HASH_SHA256 = 1, /**< SHA-256 (FIPS 180-4); the default */
	DS_HASH_SM3 = 2	    /**< SM3 (GB/T 32905-2016); the 国密 profile */
} ds_hash_alg;

/** Signature algorithms. */
typedef enum ds_sig_alg {
	DS_SIG_ED25519 = 1, /**< Ed25519 (RFC 8032); the default */
	DS_SIG_SM2_SM3 = 2  /**< SM2 with SM3 and user ID 1234567812345678 (国密) */
} ds_sig_alg;

/** The largest digest a ds_hash holds, in bytes. */
#define DS_HASH_MAX 64

/**
 * A digest as a value: @c size bytes of @c bytes are meaningful. Both supported
 * algorithms produce 32 bytes; other sizes only arise from untrusted input
 * (a proof element or root of the wrong length), which verification rejects.
 */
typedef struct ds_hash {
	unsigned int size;		  /**< number of bytes used, 0 to DS_HASH_MAX */
	unsigned char bytes[DS_HASH_MAX]; /**< the digest */
} ds_hash;

/**
 * The size in bytes of @p alg's digests.
 * @return 32 for DS_HASH_SHA256 and DS_HASH_SM3, 0 for an unknown algorithm.
 */
DS_EXTERN unsigned int ds_hash_size(ds_hash_alg alg);

/**
 * Parse a digest written in hexadecimal (upper or lower case).
 *
 * @param out  receives the digest; unchanged on failure.
 * @param hex  NUL-terminated text of 0 to 2 × DS_HASH_MAX hex digits; not NULL.
 * @return DS_OK; DS_EPARSE for a character that is not a hex digit or an odd
 *         length (column set); DS_ERANGE when longer than DS_HASH_MAX bytes.
 */
DS_EXTERN int ds_hash_from_hex(ds_hash *out, const char *hex);

/**
 * Write a digest in lower-case hexadecimal.
 * @param out receives a new string; free with ds_free().
 * @return DS_OK, DS_EINVAL for NULL or a size past DS_HASH_MAX, or DS_ENOMEM.
 */
DS_EXTERN int ds_hash_to_hex(char **out, const ds_hash *hash);

/** 1 when @p a and @p b have the same size and bytes, else 0 (NULL equals nothing). */
DS_EXTERN int ds_hash_equal(const ds_hash *a, const ds_hash *b);

/**
 * The digest of @p len bytes at @p data.
 * @param out receives the digest; unchanged on failure.
 * @param data may be NULL when @p len is 0.
 * @return DS_OK, DS_EINVAL for an unknown algorithm or NULL, DS_EINTERNAL when OpenSSL fails.
 */
DS_EXTERN int ds_hash_data(ds_hash *out, ds_hash_alg alg, const void *data, size_t len);

/* ------------------------------------------------------------------ keys */

/** A signing key pair, or a public key alone. Opaque. */
typedef struct ds_key ds_key;

/**
 * Generate a new key pair.
 * @param out receives the key; free with ds_key_free().
 * @param alg DS_SIG_ED25519 or DS_SIG_SM2_SM3.
 * @return DS_OK, DS_EINVAL for an unknown algorithm, DS_EINTERNAL when OpenSSL fails
 *         (ds_error_last()->cause_code holds its ERR_get_error() code).
 */
DS_EXTERN int ds_key_generate(ds_key **out, ds_sig_alg alg);

/**
 * Load a key from a PEM file: a private key ("PRIVATE KEY", PKCS #8) or a
 * public key ("PUBLIC KEY", SubjectPublicKeyInfo). A private key file must
 * not be accessible by group or others (mode 0600 or stricter): such a file
 * is refused, since the key may already be compromised. Encrypted private
 * keys are not supported (no passphrase prompt ever happens). The file must
 * be a regular file, not a symbolic link, of at most 64 KiB: it is opened
 * without following a link and without blocking, so a FIFO or device put in
 * its place fails at once instead of waiting for a writer.
 *
 * @param out  receives the key; free with ds_key_free(); unchanged on failure.
 * @param path the file; not NULL.
 * @return DS_OK; DS_EIO when the file cannot be read or is not a regular file
 *         (a symbolic link, FIFO, directory, socket or device); DS_ERANGE for a
 *         file larger than 64 KiB; DS_ESTATE for a private key
 *         file readable by group or others; DS_EPARSE when it holds no key;
 *         DS_EUNSUPPORTED for a key that is neither Ed25519 nor SM2.
 *         Messages name the file, never the key material.
 */
DS_EXTERN int ds_key_load(ds_key **out, const char *path);

/**
 * Parse a key from PEM text held in memory (private or public, as ds_key_load()).
 * @return as ds_key_load(), without the file checks.
 */
DS_EXTERN int ds_key_parse(ds_key **out, const char *pem, size_t len);

/**
 * Write the private key to a new file as unencrypted PKCS #8 PEM with mode 0600.
 * An existing file is never overwritten.
 * @return DS_OK; DS_EINVAL when @p key has no private half; DS_EEXISTS when @p path
 *         exists; DS_EIO when it cannot be written (a partial file is removed).
 */
DS_EXTERN int ds_key_save_private(const ds_key *key, const char *path);

/**
 * The public key as PEM ("-----BEGIN PUBLIC KEY-----", SubjectPublicKeyInfo).
 * @param out receives a new string; free with ds_free().
 * @return DS_OK, DS_EINVAL for NULL, DS_ENOMEM, DS_EINTERNAL.
 */
DS_EXTERN int ds_key_public_pem(char **out, const ds_key *key);

/**
 * The key identifier: the lower-case hex digest of the DER SubjectPublicKeyInfo,
 * SHA-256 for an Ed25519 key and SM3 for an SM2 key (64 hex digits).
 * @param out receives a new string; free with ds_free().
 * @return DS_OK, DS_EINVAL for NULL, DS_ENOMEM, DS_EINTERNAL.
 */
DS_EXTERN int ds_key_id(char **out, const ds_key *key);

/** The key's algorithm, or 0 for NULL. */
DS_EXTERN ds_sig_alg ds_key_alg(const ds_key *key);

/** 1 when @p key holds a private key (can sign), else 0. */
DS_EXTERN int ds_key_is_private(const ds_key *key);

/** The digest that goes with @p key's algorithm: SHA-256 for Ed25519, SM3 for SM2. */
DS_EXTERN ds_hash_alg ds_key_hash_alg(const ds_key *key);

/**
 * Sign @p len bytes at @p data: Ed25519 (64 bytes), or SM2 with SM3 and the user
 * ID 1234567812345678 (DER SEQUENCE { r, s }, at most 72 bytes).
 * @param sig  receives a new buffer; free with ds_free().
 * @param sig_len receives its length.
 * @return DS_OK; DS_EINVAL when @p key has no private half; DS_EINTERNAL.
 */
DS_EXTERN int ds_key_sign(unsigned char **sig, size_t *sig_len, const ds_key *key, const void *data, size_t len);

/**
 * Verify a signature made by ds_key_sign() (or by any standard implementation).
 * @return DS_OK when it verifies; DS_EVERIFY when it does not; DS_EINVAL for NULL.
 */
DS_EXTERN int ds_key_verify(const ds_key *key, const void *data, size_t len, const unsigned char *sig, size_t sig_len);

/** Free a key (wiping the private half). @param key the key, or NULL (no-op). */
DS_EXTERN void ds_key_free(ds_key *key);

/* ------------------------------------------------------------ Merkle proofs */

/**
 * The leaf hash of an entry: H(0x00 || entry).
 * @param entry may be NULL when @p len is 0.
 * @return DS_OK, DS_EINVAL for an unknown algorithm or NULL @p out, DS_EINTERNAL.
 */
DS_EXTERN int ds_merkle_leaf_hash(ds_hash *out, ds_hash_alg alg, const void *entry, size_t len);

/**
 * The interior node hash: H(0x01 || left || right).
 * @return DS_OK; DS_EINVAL for an unknown algorithm, NULL, or a child whose size
 *         is not the algorithm's digest size.
 */
DS_EXTERN int ds_merkle_node_hash(ds_hash *out, ds_hash_alg alg, const ds_hash *left, const ds_hash *right);

/**
 * Verify an inclusion proof (audit path, RFC 9162 §2.1.3.2): that the leaf
 * with hash @p leaf_hash is at @p index in the tree of @p size leaves whose root is @p root.
 *
 * @param proof   @p proof_len hashes, leaf side first; may be NULL when @p proof_len is 0.
 * @return DS_OK when the proof verifies; DS_EVERIFY otherwise, with a message
 *         saying why (index past the size, a hash of the wrong length, a proof
 *         too long or too short, a root mismatch); DS_EINVAL for an unknown
 *         algorithm or a NULL hash.
 */
DS_EXTERN int ds_merkle_verify_inclusion(ds_hash_alg alg, uint64_t index, uint64_t size, const ds_hash *leaf_hash,
					 const ds_hash *proof, size_t proof_len, const ds_hash *root);

/**
 * Verify a consistency proof (RFC 9162 §2.1.4.2): that the tree of @p size1
 * leaves with root @p root1 is a prefix of the tree of @p size2 leaves with root
 * @p root2. When the sizes are equal the proof must be empty and the roots equal
 * (and, for size 0, be the empty tree's hash); a proof from size 0 to a larger
 * size proves nothing and is refused.
 * @return DS_OK when it verifies; DS_EVERIFY with the reason; DS_EINVAL as above.
 */
DS_EXTERN int ds_merkle_verify_consistency(ds_hash_alg alg, uint64_t size1, uint64_t size2, const ds_hash *root1,
					   const ds_hash *root2, const ds_hash *proof, size_t proof_len);

/* ------------------------------------------------------------------ the log */

/** An append-only Merkle log. Opaque. */
typedef struct ds_translog ds_translog;

/** Options for a new log. */
typedef struct ds_translog_options {
	unsigned int version; /**< DS_TRANSLOG_OPTIONS_VERSION */
	ds_hash_alg hash;     /**< DS_HASH_SHA256 (default) or DS_HASH_SM3 */
} ds_translog_options;

/** The current layout of ::ds_translog_options: the value for its @c version field. */
#define DS_TRANSLOG_OPTIONS_VERSION 1
/** An initialiser for a ::ds_translog_options: the current @c version and the defaults. */
#define DS_TRANSLOG_OPTIONS_INIT                            \
	{                                                   \
		DS_TRANSLOG_OPTIONS_VERSION, DS_HASH_SHA256 \
	}

/**
 * Initialise @p opts to the defaults (for bindings that cannot use the macro).
 * @return DS_OK, or DS_EINVAL for NULL or a version this library does not know.
 */
DS_EXTERN int ds_translog_options_init(ds_translog_options *opts, unsigned int version);

/**
 * Create an empty log held in memory. It stores every complete subtree's hash
 * (2n hashes for n entries), so appending, roots of any earlier size and proofs
 * read O(log n) hashes and never recompute from the leaves.
 * @param out  receives the log; free with ds_translog_free().
 * @param opts NULL for the defaults.
 * @return DS_OK, DS_EINVAL for a bad option, DS_ENOMEM.
 */
DS_EXTERN int ds_translog_new_memory(ds_translog **out, const ds_translog_options *opts);

/** Free a log. @param log the log, or NULL (no-op). */
DS_EXTERN void ds_translog_free(ds_translog *log);

/** The log's digest algorithm, or 0 for NULL. */
DS_EXTERN ds_hash_alg ds_translog_hash_alg(const ds_translog *log);

/** The number of entries, 0 for NULL. */
DS_EXTERN uint64_t ds_translog_size(const ds_translog *log);

/**
 * Append an entry (its leaf hash H(0x00 || entry) is stored; the entry is not).
 * @param index receives the new entry's 0-based index; may be NULL.
 * @param entry may be NULL when @p len is 0.
 * @return DS_OK; DS_EINVAL for NULL; DS_ENOMEM (the log is then unchanged).
 */
DS_EXTERN int ds_translog_append(uint64_t *index, ds_translog *log, const void *entry, size_t len);

/**
 * Append an entry given by its leaf hash (e.g. a registry event hashed elsewhere).
 * @return as ds_translog_append(); DS_EINVAL for a hash of the wrong size.
 */
DS_EXTERN int ds_translog_append_leaf_hash(uint64_t *index, ds_translog *log, const ds_hash *leaf_hash);

/** The leaf hash at @p index. @return DS_OK or DS_ERANGE for an index past the end. */
DS_EXTERN int ds_translog_leaf_hash(ds_hash *out, ds_translog *log, uint64_t index);

/**
 * The root hash of the tree of the first @p size entries (any size up to the
 * current one; 0 gives the empty tree's hash).
 * @return DS_OK or DS_ERANGE for a size past the end.
 */
DS_EXTERN int ds_translog_root(ds_hash *out, ds_translog *log, uint64_t size);

/**
 * The inclusion proof of entry @p index in the tree of the first @p size entries.
 * @param proof receives a new array of hashes (free with ds_free(); NULL when empty).
 * @param count receives the number of hashes.
 * @return DS_OK; DS_ERANGE unless index < size <= the log's size; DS_ENOMEM.
 */
DS_EXTERN int ds_translog_inclusion_proof(ds_hash **proof, size_t *count, ds_translog *log, uint64_t index,
					  uint64_t size);

/**
 * The consistency proof between the trees of the first @p size1 and @p size2 entries.
 * @return DS_OK (an empty proof when the sizes are equal); DS_ERANGE unless
 *         0 < size1 <= size2 <= the log's size; DS_ENOMEM.
 */
DS_EXTERN int ds_translog_consistency_proof(ds_hash **proof, size_t *count, ds_translog *log, uint64_t size1,
					    uint64_t size2);

/* -------------------------------------------------- checkpoints (signed tree heads) */

/**
 * A signed tree head in the C2SP checkpoint format, a signed note:
 *
 *     `<origin>`\n`<tree size, decimal>`\n`<root hash, base64>`\n[extension lines]\n
 *     \n
 *     — `<key name>` <base64(4-byte key hash || signature)>\n
 *
 * The signature covers the text up to and including the newline before the
 * blank line. Ed25519 follows the signed-note spec exactly (key hash =
 * SHA-256(name || 0x0A || 0x01 || 32-byte public key)[:4]), so Go's
 * golang.org/x/mod/sumdb/note verifies it with the verifier key from
 * ds_key_note_verifier(). SM2 has no signature type in that spec; we use the
 * escape type 0xFF followed by the ASCII identifier "sm2-sm3" and the DER
 * SubjectPublicKeyInfo: key hash = SHA-256(name || 0x0A || 0xFF || "sm2-sm3" || SPKI)[:4],
 * signature = DER SM2 signature with SM3 and the standard user ID.
 * Opaque.
 */
typedef struct ds_checkpoint ds_checkpoint;

/**
 * Sign a checkpoint.
 * @param out      receives the note text (NUL-terminated); free with ds_free().
 * @param origin   the log's origin line, a non-empty string of printable
 *                 characters (UTF-8) with no newline; e.g. "registry.example.cn/log".
 * @param size     tree size.
 * @param root     the root hash of that tree (32 bytes).
 * @param timestamp when not 0, an extension line "timestamp `<seconds since 1970 UTC>`"
 *                 is added (registration.md: tree heads carry a timestamp).
 * @param key_name the signer's name in the signature line: non-empty, no spaces, no '+'.
 * @param key      a private key.
 * @return DS_OK; DS_EINVAL for a bad origin, name, root or a key with no private half.
 */
DS_EXTERN int ds_checkpoint_sign(char **out, const char *origin, uint64_t size, const ds_hash *root, int64_t timestamp,
				 const char *key_name, const ds_key *key);

/**
 * Parse a checkpoint and verify its signature by (@p key_name, @p key).
 * Every syntactic error is DS_EPARSE with the line named: a missing blank line,
 * an empty or non-UTF-8 text, control characters, a size with leading zeros or
 * past 2^64-1, a root that is not canonical base64 of 32 bytes, a signature line
 * that does not start with "— ", a name with a space, bad base64, a signature
 * shorter than 5 bytes, more than 100 signatures, a note over 1 MiB.
 * When no signature line carries @p key_name and @p key's hash: DS_EVERIFY
 * ("no signature by ..."); when that signature does not verify: DS_EVERIFY.
 * Other signers' lines are ignored, as the note spec requires.
 * @param out receives the checkpoint; free with ds_checkpoint_free(); unchanged on failure.
 * @param note the text; @p len bytes (no NUL needed).
 */
DS_EXTERN int ds_checkpoint_open(ds_checkpoint **out, const char *note, size_t len, const char *key_name,
				 const ds_key *key);

/** The origin line (borrowed; valid until ds_checkpoint_free()). NULL for NULL. */
DS_EXTERN const char *ds_checkpoint_origin(const ds_checkpoint *cp);

/** The tree size, 0 for NULL. */
DS_EXTERN uint64_t ds_checkpoint_size(const ds_checkpoint *cp);

/** The root hash. @return DS_OK or DS_EINVAL for NULL. */
DS_EXTERN int ds_checkpoint_root(ds_hash *out, const ds_checkpoint *cp);

/** The timestamp extension (seconds since 1970 UTC), 0 when absent. */
DS_EXTERN int64_t ds_checkpoint_timestamp(const ds_checkpoint *cp);

/** Free a checkpoint. @param cp the checkpoint, or NULL (no-op). */
DS_EXTERN void ds_checkpoint_free(ds_checkpoint *cp);

/**
 * The verifier key of the signed-note spec: "`<name>`+`<hex key hash>`+<base64(type || public key)>",
 * which Go's note.NewVerifier() accepts for an Ed25519 key.
 * @param out receives a new string; free with ds_free().
 * @return DS_OK; DS_EINVAL for a bad name or NULL.
 */
DS_EXTERN int ds_key_note_verifier(char **out, const ds_key *key, const char *key_name);

#ifdef __cplusplus
}
#endif

#endif
