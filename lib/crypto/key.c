/*
 * Keys and signatures through OpenSSL 3 EVP: Ed25519 (RFC 8032) and SM2 with
 * SM3 and the GM/T 0009 default user ID; PEM files with the private key kept
 * at mode 0600. A private key never appears in an error message.
 * SPDX-License-Identifier: MIT
 */
#define _POSIX_C_SOURCE 200809L /* O_CLOEXEC, fchmod */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <openssl/bio.h>
#include <openssl/core_names.h>
#include <openssl/ec.h>
#include <openssl/err.h>
#include <openssl/param_build.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

#include "internal/crypto.h"

#define PEM_MAX_BYTES (64 * 1024)

/* Whether @len bytes at @data contain @needle (memmem is a GNU extension). */
static int contains(const char *data, size_t len, const char *needle)
{
	size_t n = strlen(needle), i;

	for (i = 0; i + n <= len; i++)
		if (memcmp(data + i, needle, n) == 0)
			return 1;
	return 0;
}

/* The key identifier: the hex digest (the key's profile) of the DER SubjectPublicKeyInfo. */
static int key_digest_id(ds_key *key)
{
	unsigned char *spki = NULL;
	size_t len = 0;
	ds_hash digest;
	char *hex = NULL;
	int rc;

	if ((rc = ds__key_spki(&spki, &len, key)) < 0)
		return rc;
	if ((rc = ds_hash_data(&digest, ds_key_hash_alg(key), spki, len)) == DS_OK &&
	    (rc = ds_hash_to_hex(&hex, &digest)) == DS_OK) {
		snprintf(key->id, sizeof key->id, "%s", hex);
		ds__free(hex);
	}
	ds__free(spki);
	return rc;
}

static int init_md_ctx(EVP_MD_CTX *ctx, const ds_key *key, int sign);

static int key_wrap(ds_key **out, EVP_PKEY *pkey, int is_private)
{
	ds_key *key;
	int rc;

	if (EVP_PKEY_is_a(pkey, "ED25519")) {
		if (!(key = ds__calloc(1, sizeof *key)))
			return ds__enomem();
		key->alg = DS_SIG_ED25519;
	} else if (EVP_PKEY_is_a(pkey, "SM2")) {
		if (!(key = ds__calloc(1, sizeof *key)))
			return ds__enomem();
		key->alg = DS_SIG_SM2_SM3;
	} else {
		return ds__error(DS_EUNSUPPORTED, "key type %s is not supported (Ed25519 or SM2 only)",
				 EVP_PKEY_get0_type_name(pkey) ? EVP_PKEY_get0_type_name(pkey) : "unknown");
	}
	key->pkey = pkey;
	key->is_private = is_private;
	if ((rc = key_digest_id(key)) < 0) {
		ds__free(key); /* the caller still owns @pkey */
		return rc;
	}
	if (is_private && (!(key->sign_base = EVP_MD_CTX_new()) || !init_md_ctx(key->sign_base, key, 1))) {
		rc = ds__openssl_error(DS_EINTERNAL, "cannot prepare the key for signing");
		EVP_MD_CTX_free(key->sign_base);
		ds__free(key); /* the caller still owns @pkey */
		return rc;
	}
	*out = key;
	return DS_OK;
}

void ds_key_free(ds_key *key)
{
	if (!key)
		return;
	EVP_MD_CTX_free(key->sign_base);
	EVP_PKEY_free(key->pkey); /* OpenSSL clears private key material on free */
	ds__free(key);
}

int ds_key_generate(ds_key **out, ds_sig_alg alg)
{
	EVP_PKEY_CTX *ctx = NULL;
	EVP_PKEY *pkey = NULL;
	int rc;

	if (!out)
		return ds__error(DS_EINVAL, "ds_key_generate: NULL argument");
	if (alg != DS_SIG_ED25519 && alg != DS_SIG_SM2_SM3)
		return ds__error(DS_EINVAL, "unknown signature algorithm %d", (int)alg);
	if (!(ctx = EVP_PKEY_CTX_new_from_name(NULL, alg == DS_SIG_ED25519 ? "ED25519" : "SM2", NULL)) ||
	    EVP_PKEY_keygen_init(ctx) <= 0 || EVP_PKEY_generate(ctx, &pkey) <= 0) {
		rc = ds__openssl_error(DS_EINTERNAL, "key generation failed");
		goto done;
	}
	if ((rc = key_wrap(out, pkey, 1)) == DS_OK)
		pkey = NULL;
done:
	EVP_PKEY_free(pkey);
	EVP_PKEY_CTX_free(ctx);
	return rc;
}

int ds__key_ed25519_private(ds_key **out, const unsigned char seed[32])
{
	EVP_PKEY *pkey = EVP_PKEY_new_raw_private_key_ex(NULL, "ED25519", NULL, seed, 32);
	int rc;

	if (!pkey)
		return ds__openssl_error(DS_EINTERNAL, "cannot make an Ed25519 key");
	if ((rc = key_wrap(out, pkey, 1)) < 0)
		EVP_PKEY_free(pkey);
	return rc;
}

int ds__key_ed25519_public(ds_key **out, const unsigned char pub[32])
{
	EVP_PKEY *pkey = EVP_PKEY_new_raw_public_key_ex(NULL, "ED25519", NULL, pub, 32);
	int rc;

	if (!pkey)
		return ds__openssl_error(DS_EINVAL, "not an Ed25519 public key");
	if ((rc = key_wrap(out, pkey, 0)) < 0)
		EVP_PKEY_free(pkey);
	return rc;
}

/* The public point d×G uses EC_POINT arithmetic: EVP has no "derive the public
 * key from a raw private scalar" call in OpenSSL 3.0. Only raw-key import needs it. */
int ds__key_sm2_private(ds_key **out, const unsigned char d[32])
{
	EC_GROUP *group = NULL;
	EC_POINT *point = NULL;
	BIGNUM *priv = NULL;
	OSSL_PARAM_BLD *bld = NULL;
	OSSL_PARAM *params = NULL;
	EVP_PKEY_CTX *ctx = NULL;
	EVP_PKEY *pkey = NULL;
	unsigned char pub[65];
	int rc = DS_OK;

	if (!(group = EC_GROUP_new_by_curve_name_ex(NULL, NULL, NID_sm2)) || !(point = EC_POINT_new(group)) ||
	    !(priv = BN_bin2bn(d, 32, NULL)) || !EC_POINT_mul(group, point, priv, NULL, NULL, NULL) ||
	    EC_POINT_point2oct(group, point, POINT_CONVERSION_UNCOMPRESSED, pub, sizeof pub, NULL) != sizeof pub ||
	    !(bld = OSSL_PARAM_BLD_new()) ||
	    !OSSL_PARAM_BLD_push_utf8_string(bld, OSSL_PKEY_PARAM_GROUP_NAME, "SM2", 0) ||
	    !OSSL_PARAM_BLD_push_octet_string(bld, OSSL_PKEY_PARAM_PUB_KEY, pub, sizeof pub) ||
	    !OSSL_PARAM_BLD_push_BN(bld, OSSL_PKEY_PARAM_PRIV_KEY, priv) || !(params = OSSL_PARAM_BLD_to_param(bld)) ||
	    !(ctx = EVP_PKEY_CTX_new_from_name(NULL, "SM2", NULL)) || EVP_PKEY_fromdata_init(ctx) <= 0 ||
	    EVP_PKEY_fromdata(ctx, &pkey, EVP_PKEY_KEYPAIR, params) <= 0) {
		rc = ds__openssl_error(DS_EINVAL, "not an SM2 private key");
		goto done;
	}
	if ((rc = key_wrap(out, pkey, 1)) == DS_OK)
		pkey = NULL;
done:
	EVP_PKEY_free(pkey);
	EVP_PKEY_CTX_free(ctx);
	OSSL_PARAM_free(params);
	OSSL_PARAM_BLD_free(bld);
	BN_clear_free(priv);
	EC_POINT_free(point);
	EC_GROUP_free(group);
	return rc;
}

/* Never prompt for a passphrase: an encrypted key is refused. */
static int no_passphrase(char *buf, int size, int rwflag, void *u)
{
	(void)buf;
	(void)size;
	(void)rwflag;
	(void)u;
	return -1;
}

static int parse_pem(ds_key **out, const char *pem, size_t len, const char *name)
{
	BIO *bio = NULL;
	EVP_PKEY *pkey = NULL;
	int rc, is_private = 0;

	if (len > PEM_MAX_BYTES)
		return ds__error(DS_ERANGE, "%s: a key file of %zu bytes is too large", name, len);
	if (!(bio = BIO_new_mem_buf(pem, (int)len)))
		return ds__enomem();
	/* A private key is recognised by its PEM label; the key material is never echoed. */
	if (contains(pem, len, "PRIVATE KEY-----")) {
		is_private = 1;
		pkey = PEM_read_bio_PrivateKey(bio, NULL, no_passphrase, NULL);
	} else {
		pkey = PEM_read_bio_PUBKEY(bio, NULL, no_passphrase, NULL);
	}
	if (!pkey) {
		rc = ds__openssl_error(DS_EPARSE,
				       "%s: no readable %s key in PEM form (encrypted keys are not supported)", name,
				       is_private ? "private" : "public");
		goto done;
	}
	if ((rc = key_wrap(out, pkey, is_private)) == DS_OK)
		pkey = NULL;
done:
	EVP_PKEY_free(pkey);
	BIO_free(bio);
	return rc;
}

int ds_key_parse(ds_key **out, const char *pem, size_t len)
{
	if (!out || !pem)
		return ds__error(DS_EINVAL, "ds_key_parse: NULL argument");
	return parse_pem(out, pem, len, "key");
}

int ds_key_load(ds_key **out, const char *path)
{
	char *data = NULL;
	struct stat st;
	ssize_t got;
	size_t total = 0;
	int fd = -1, rc;

	if (!out || !path)
		return ds__error(DS_EINVAL, "ds_key_load: NULL argument");
	/* O_NONBLOCK: a FIFO or a device put in the key's place must not block
	 * the caller (who may be about to take a lock); O_NOFOLLOW: a symbolic
	 * link in its place is refused rather than followed. */
	if ((fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK | O_NOCTTY)) < 0) {
		rc = errno == ELOOP ?
			     ds__error(DS_EIO, "%s: is a symbolic link; a key file must be a regular file", path) :
			     ds__error(DS_EIO, "%s: cannot open: %s", path, strerror(errno));
		goto done;
	}
	if (fstat(fd, &st) < 0) {
		rc = ds__error(DS_EIO, "%s: cannot open: %s", path, strerror(errno));
		goto done;
	}
	if (!S_ISREG(st.st_mode)) {
		rc = ds__error(DS_EIO, "%s: not a regular file (a %s); a key file must be a regular file", path,
			       S_ISFIFO(st.st_mode) ? "FIFO" :
			       S_ISDIR(st.st_mode)  ? "directory" :
			       S_ISSOCK(st.st_mode) ? "socket" :
						      "device");
		goto done;
	}
	if (st.st_size > PEM_MAX_BYTES) {
		rc = ds__error(DS_ERANGE, "%s: a key file of %lld bytes is larger than the %d allowed", path,
			       (long long)st.st_size, PEM_MAX_BYTES);
		goto done;
	}
	if (!(data = ds__malloc((size_t)st.st_size + 1))) {
		rc = ds__enomem();
		goto done;
	}
	while (total < (size_t)st.st_size && (got = read(fd, data + total, (size_t)st.st_size - total)) != 0) {
		if (got < 0 && errno == EINTR)
			continue;
		if (got < 0) {
			rc = ds__error(DS_EIO, "%s: cannot read: %s", path, strerror(errno));
			goto done;
		}
		total += (size_t)got;
	}
	data[total] = '\0';
	if (contains(data, total, "PRIVATE KEY-----") && (st.st_mode & 077)) {
		rc = ds__error(DS_ESTATE,
			       "%s: private key file is accessible by group or others (mode %04o); "
			       "it may be compromised — restrict it with chmod 600",
			       path, (unsigned int)(st.st_mode & 07777));
		goto done;
	}
	rc = parse_pem(out, data, total, path);
done:
	if (data) {
		OPENSSL_cleanse(data, total);
		ds__free(data);
	}
	if (fd >= 0)
		close(fd);
	return rc;
}

static int bio_to_string(char **out, BIO *bio)
{
	char *mem = NULL, *copy;
	long len = BIO_get_mem_data(bio, &mem);

	if (len < 0 || !(copy = ds__strndup(mem, (size_t)len)))
		return ds__enomem();
	*out = copy;
	return DS_OK;
}

int ds_key_save_private(const ds_key *key, const char *path)
{
	BIO *bio = NULL;
	char *mem = NULL;
	long len;
	size_t written = 0;
	int fd = -1, rc = DS_OK;

	if (!key || !path)
		return ds__error(DS_EINVAL, "ds_key_save_private: NULL argument");
	if (!key->is_private)
		return ds__error(DS_EINVAL, "%s: the key has no private half to save", path);
	if (!(bio = BIO_new(BIO_s_secmem())) || !PEM_write_bio_PrivateKey(bio, key->pkey, NULL, NULL, 0, NULL, NULL)) {
		rc = ds__openssl_error(DS_EINTERNAL, "cannot encode the private key");
		goto done;
	}
	len = BIO_get_mem_data(bio, &mem);
	if ((fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600)) < 0) {
		rc = ds__error(errno == EEXIST ? DS_EEXISTS : DS_EIO, "%s: cannot create: %s", path, strerror(errno));
		goto done;
	}
	/* The umask can only remove bits; make the mode exactly 0600 regardless. */
	if (fchmod(fd, 0600) < 0)
		rc = ds__error(DS_EIO, "%s: cannot set mode 0600: %s", path, strerror(errno));
	while (rc == DS_OK && written < (size_t)len) {
		ssize_t n = write(fd, mem + written, (size_t)len - written);
		if (n <= 0)
			rc = ds__error(DS_EIO, "%s: cannot write: %s", path, strerror(errno));
		else
			written += (size_t)n;
	}
	if (rc == DS_OK && fsync(fd) < 0)
		rc = ds__error(DS_EIO, "%s: cannot write: %s", path, strerror(errno));
	if (close(fd) < 0 && rc == DS_OK)
		rc = ds__error(DS_EIO, "%s: cannot write: %s", path, strerror(errno));
	fd = -1;
	if (rc < 0)
		unlink(path);
done:
	if (fd >= 0)
		close(fd);
	BIO_free(bio);
	return rc;
}

int ds_key_public_pem(char **out, const ds_key *key)
{
	BIO *bio = NULL;
	int rc;

	if (!out || !key)
		return ds__error(DS_EINVAL, "ds_key_public_pem: NULL argument");
	if (!(bio = BIO_new(BIO_s_mem())) || !PEM_write_bio_PUBKEY(bio, key->pkey)) {
		rc = ds__openssl_error(DS_EINTERNAL, "cannot encode the public key");
		goto done;
	}
	rc = bio_to_string(out, bio);
done:
	BIO_free(bio);
	return rc;
}

int ds__key_spki(unsigned char **out, size_t *len, const ds_key *key)
{
	unsigned char *der = NULL, *copy;
	int n = i2d_PUBKEY(key->pkey, &der);

	if (n <= 0)
		return ds__openssl_error(DS_EINTERNAL, "cannot encode the public key");
	if (!(copy = ds__malloc((size_t)n))) {
		OPENSSL_free(der);
		return ds__enomem();
	}
	memcpy(copy, der, (size_t)n);
	OPENSSL_free(der);
	*out = copy;
	*len = (size_t)n;
	return DS_OK;
}

int ds__key_public_bytes(unsigned char **out, size_t *len, const ds_key *key)
{
	unsigned char *raw;
	size_t n = 32;

	if (key->alg != DS_SIG_ED25519)
		return ds__key_spki(out, len, key);
	if (!(raw = ds__malloc(n)))
		return ds__enomem();
	if (!EVP_PKEY_get_raw_public_key(key->pkey, raw, &n) || n != 32) {
		ds__free(raw);
		return ds__openssl_error(DS_EINTERNAL, "cannot read the Ed25519 public key");
	}
	*out = raw;
	*len = n;
	return DS_OK;
}

ds_hash_alg ds_key_hash_alg(const ds_key *key)
{
	return !key ? (ds_hash_alg)0 : key->alg == DS_SIG_SM2_SM3 ? DS_HASH_SM3 : DS_HASH_SHA256;
}

int ds_key_id(char **out, const ds_key *key)
{
	if (!out || !key)
		return ds__error(DS_EINVAL, "ds_key_id: NULL argument");
	return (*out = ds__strdup(key->id)) ? DS_OK : ds__enomem();
}

ds_sig_alg ds_key_alg(const ds_key *key)
{
	return key ? key->alg : (ds_sig_alg)0;
}

int ds_key_is_private(const ds_key *key)
{
	return key && key->is_private;
}

/* SM2 signatures hash Z_A || M with SM3, where Z_A binds the user ID and the
 * public key. OpenSSL 3.0 takes the ID only after the init (it refuses it while
 * initialising), and before the first update computes Z_A. */
static int init_md_ctx(EVP_MD_CTX *ctx, const ds_key *key, int sign)
{
	OSSL_PARAM params[2] = { OSSL_PARAM_END, OSSL_PARAM_END };
	const char *digest = key->alg == DS_SIG_SM2_SM3 ? "SM3" : NULL;
	int ok;

	if (sign)
		ok = EVP_DigestSignInit_ex(ctx, NULL, digest, NULL, NULL, key->pkey, NULL) > 0;
	else
		ok = EVP_DigestVerifyInit_ex(ctx, NULL, digest, NULL, NULL, key->pkey, NULL) > 0;
	if (ok && key->alg == DS_SIG_SM2_SM3) {
		params[0] = OSSL_PARAM_construct_octet_string(OSSL_PKEY_PARAM_DIST_ID, (void *)DS__SM2_DEFAULT_ID,
							      strlen(DS__SM2_DEFAULT_ID));
		ok = EVP_PKEY_CTX_set_params(EVP_MD_CTX_get_pkey_ctx(ctx), params) > 0;
	}
	return ok;
}

int ds_key_sign(unsigned char **sig, size_t *sig_len, const ds_key *key, const void *data, size_t len)
{
	EVP_MD_CTX *ctx = NULL;
	unsigned char *buf = NULL;
	size_t n = 0;
	int rc = DS_OK;

	if (!sig || !sig_len || !key || (!data && len))
		return ds__error(DS_EINVAL, "ds_key_sign: NULL argument");
	if (!key->is_private)
		return ds__error(DS_EINVAL, "signing needs a private key; this is a public key");
	if (!(ctx = EVP_MD_CTX_new()) || !EVP_MD_CTX_copy_ex(ctx, key->sign_base) ||
	    EVP_DigestSign(ctx, NULL, &n, (const unsigned char *)(len ? data : ""), len) <= 0) {
		rc = ds__openssl_error(DS_EINTERNAL, "signing failed");
		goto done;
	}
	if (!(buf = ds__malloc(n))) {
		rc = ds__enomem();
		goto done;
	}
	if (EVP_DigestSign(ctx, buf, &n, (const unsigned char *)(len ? data : ""), len) <= 0) {
		rc = ds__openssl_error(DS_EINTERNAL, "signing failed");
		goto done;
	}
	*sig = buf;
	*sig_len = n;
	buf = NULL;
done:
	ds__free(buf);
	EVP_MD_CTX_free(ctx);
	return rc;
}

int ds_key_verify(const ds_key *key, const void *data, size_t len, const unsigned char *sig, size_t sig_len)
{
	EVP_MD_CTX *ctx = NULL;
	int rc = DS_OK, ok;

	if (!key || (!data && len) || (!sig && sig_len))
		return ds__error(DS_EINVAL, "ds_key_verify: NULL argument");
	if (!(ctx = EVP_MD_CTX_new()) || !init_md_ctx(ctx, key, 0)) {
		rc = ds__openssl_error(DS_EINTERNAL, "cannot start verifying");
		goto done;
	}
	ok = EVP_DigestVerify(ctx, sig_len ? sig : (const unsigned char *)"", sig_len,
			      (const unsigned char *)(len ? data : ""), len);
	if (ok != 1) {
		rc = ds__error(DS_EVERIFY, "the %s signature does not verify with this key",
			       key->alg == DS_SIG_ED25519 ? "Ed25519" : "SM2");
		ds__openssl_cause();
	}
done:
	EVP_MD_CTX_free(ctx);
	return rc;
}

/* DER INTEGER of a 32-byte big-endian unsigned value: minimal length, with a
 * leading zero byte when the top bit is set. */
static size_t der_integer(unsigned char *out, const unsigned char v[32])
{
	size_t skip = 0, n;

	while (skip < 31 && v[skip] == 0)
		skip++;
	n = 32 - skip;
	out[0] = 0x02;
	if (v[skip] & 0x80) {
		out[1] = (unsigned char)(n + 1);
		out[2] = 0;
		memcpy(out + 3, v + skip, n);
		return n + 3;
	}
	out[1] = (unsigned char)n;
	memcpy(out + 2, v + skip, n);
	return n + 2;
}

size_t ds__sm2_signature_der(unsigned char *out, const unsigned char r[32], const unsigned char s[32])
{
	size_t n = der_integer(out + 2, r);

	n += der_integer(out + 2 + n, s);
	out[0] = 0x30;
	out[1] = (unsigned char)n;
	return n + 2;
}
