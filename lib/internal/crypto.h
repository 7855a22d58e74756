/*
 * Internal crypto layer (OpenSSL 3 EVP): SHA-256 and SM3 digests, Ed25519 and
 * SM2-with-SM3 keys and signatures, PEM files, hex and base64. The public face
 * of keys and digests is in include/datasset/translog.h; this header adds what
 * other modules need inside the library. Never installed.
 * SPDX-License-Identifier: MIT
 */
#ifndef DS_INTERNAL_CRYPTO_H
#define DS_INTERNAL_CRYPTO_H

#include <stddef.h>
#include <stdint.h>

#include <openssl/evp.h>

#include "datasset/translog.h"
#include "internal/core.h"

/* GM/T 0009-2012 §10: the default user ID for SM2 signatures. */
#define DS__SM2_DEFAULT_ID "1234567812345678"

struct ds_key {
	EVP_PKEY *pkey;
	ds_sig_alg alg;
	int is_private;
	/* ds_key_id(), computed once when the key is made: encoding the public
	 * key is most of the cost, and a certificate needs the id several times. */
	char id[65];
	/* A private key's signing context, initialised once when the key is made
	 * and copied for every signature (initialising one per signature cost a
	 * tenth of an Ed25519 signature); never used directly, so a key may sign
	 * in several threads at once as before. NULL for a public key. */
	EVP_MD_CTX *sign_base;
};

/* Record the OpenSSL error queue's first code as the cause of the current
 * error, then clear the queue. Call right after ds__error(). */
void ds__openssl_cause(void);
/* ds__error(code, ...) followed by ds__openssl_cause(); returns @code. */
int ds__openssl_error(int code, const char *fmt, ...) DS__PRINTF(2, 3);

/* ---- digests (lib/crypto/digest.c) ---- */
/* The EVP_MD of @alg (fetched once, cached; never freed by the caller), or NULL. */
const EVP_MD *ds__md(ds_hash_alg alg);
/* A reusable hashing context for hot paths (Merkle hashing). */
typedef struct ds__hasher {
	ds_hash_alg alg;
	const EVP_MD *md;
	EVP_MD_CTX *ctx;
	unsigned int size;
} ds__hasher;
int ds__hasher_init(ds__hasher *h, ds_hash_alg alg);
void ds__hasher_dispose(ds__hasher *h);
/* H(prefix || a || b): @prefix < 0 means no prefix byte; @b may be NULL. */
int ds__hasher_digest(ds__hasher *h, unsigned char *out, int prefix, const void *a, size_t alen, const void *b,
		      size_t blen);

/* ---- keys (lib/crypto/key.c) ---- */
/* An Ed25519 key from its raw 32-byte secret seed (RFC 8032) or raw public key. */
int ds__key_ed25519_private(ds_key **out, const unsigned char seed[32]);
int ds__key_ed25519_public(ds_key **out, const unsigned char pub[32]);
/* An SM2 key pair from its raw private scalar (big-endian, 32 bytes); the
 * public point is derived (d × G). */
int ds__key_sm2_private(ds_key **out, const unsigned char d[32]);
/* The raw public key: 32 bytes for Ed25519, or the DER SubjectPublicKeyInfo
 * for SM2 (what the signed-note key hash covers). New buffer (ds_free). */
int ds__key_public_bytes(unsigned char **out, size_t *len, const ds_key *key);
/* The DER SubjectPublicKeyInfo (ds_free). */
int ds__key_spki(unsigned char **out, size_t *len, const ds_key *key);
/* DER SEQUENCE { INTEGER r, INTEGER s } from two 32-byte big-endian integers
 * (to verify SM2 signatures published as r and s). @out holds at least 72 bytes. */
size_t ds__sm2_signature_der(unsigned char *out, const unsigned char r[32], const unsigned char s[32]);

/* ---- encodings (lib/crypto/encode.c) ---- */
/* Lower-case hex of @len bytes into @out (2·len + 1 bytes, NUL-terminated). */
void ds__hex_encode(char *out, const unsigned char *data, size_t len);
/* Decode exactly 2·@max or fewer hex digits: returns the byte count, or -1
 * (with the 0-based offset of the bad character in *bad) when not hex / odd / too long. */
long ds__hex_decode(unsigned char *out, size_t max, const char *hex, size_t hex_len, size_t *bad);
/* Standard base64 with padding (RFC 4648 §4). Encoded length of @len bytes. */
size_t ds__base64_len(size_t len);
/* Writes ds__base64_len(len) characters and a NUL. */
void ds__base64_encode(char *out, const unsigned char *data, size_t len);
/* Decode canonical base64 (padding required, no whitespace, zero unused bits);
 * returns the byte count or -1. @out holds at least text_len / 4 * 3 bytes. */
long ds__base64_decode(unsigned char *out, const char *text, size_t text_len);

#endif
