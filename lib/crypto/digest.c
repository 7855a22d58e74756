/*
 * Digests (SHA-256, SM3) through OpenSSL 3 EVP, and the OpenSSL error bridge.
 * SPDX-License-Identifier: MIT
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include <openssl/err.h>

#include "internal/crypto.h"

void ds__openssl_cause(void)
{
	unsigned long code = ERR_get_error();

	ds__error_cause("openssl", (long)code);
	ERR_clear_error();
}

int ds__openssl_error(int code, const char *fmt, ...)
{
	char message[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(message, sizeof message, fmt, ap);
	va_end(ap);
	ds__error(code, "%s", message);
	ds__openssl_cause();
	return code;
}

const EVP_MD *ds__md(ds_hash_alg alg)
{
	switch (alg) {
	case DS_HASH_SHA256: return EVP_sha256();
	case DS_HASH_SM3: return EVP_sm3();
	default: return NULL;
	}
}

static const char *md_name(ds_hash_alg alg)
{
	return alg == DS_HASH_SHA256 ? "SHA256" : alg == DS_HASH_SM3 ? "SM3" : NULL;
}

unsigned int ds_hash_size(ds_hash_alg alg)
{
	return alg == DS_HASH_SHA256 || alg == DS_HASH_SM3 ? 32u : 0u;
}

int ds__hasher_init(ds__hasher *h, ds_hash_alg alg)
{
	memset(h, 0, sizeof *h);
	if (!md_name(alg))
		return ds__error(DS_EINVAL, "unknown digest algorithm %d", (int)alg);
	h->alg = alg;
	h->size = ds_hash_size(alg);
	/* An explicit fetch once per context: EVP_sha256() would fetch implicitly on every init. */
	if (!(h->md = EVP_MD_fetch(NULL, md_name(alg), NULL)) || !(h->ctx = EVP_MD_CTX_new())) {
		ds__hasher_dispose(h);
		return ds__openssl_error(DS_EINTERNAL, "OpenSSL has no %s digest", md_name(alg));
	}
	return DS_OK;
}

void ds__hasher_dispose(ds__hasher *h)
{
	if (!h)
		return;
	EVP_MD_CTX_free(h->ctx);
	EVP_MD_free((EVP_MD *)h->md);
	h->ctx = NULL;
	h->md = NULL;
}

int ds__hasher_digest(ds__hasher *h, unsigned char *out, int prefix, const void *a, size_t alen, const void *b,
		      size_t blen)
{
	unsigned char byte = (unsigned char)prefix;
	unsigned int len = 0;

	if (!EVP_DigestInit_ex2(h->ctx, h->md, NULL) || (prefix >= 0 && !EVP_DigestUpdate(h->ctx, &byte, 1)) ||
	    (alen && !EVP_DigestUpdate(h->ctx, a, alen)) || (b && blen && !EVP_DigestUpdate(h->ctx, b, blen)) ||
	    !EVP_DigestFinal_ex(h->ctx, out, &len) || len != h->size)
		return ds__openssl_error(DS_EINTERNAL, "%s digest failed", md_name(h->alg));
	return DS_OK;
}

int ds_hash_data(ds_hash *out, ds_hash_alg alg, const void *data, size_t len)
{
	unsigned char digest[EVP_MAX_MD_SIZE];
	unsigned int size = 0;

	if (!out || (!data && len))
		return ds__error(DS_EINVAL, "ds_hash_data: NULL argument");
	if (!ds__md(alg))
		return ds__error(DS_EINVAL, "unknown digest algorithm %d", (int)alg);
	if (!EVP_Digest(len ? data : "", len, digest, &size, ds__md(alg), NULL) || size != ds_hash_size(alg))
		return ds__openssl_error(DS_EINTERNAL, "%s digest failed", md_name(alg));
	out->size = size;
	memcpy(out->bytes, digest, size);
	return DS_OK;
}
