/*
 * Signed tree heads as C2SP checkpoints (c2sp.org/tlog-checkpoint), which are
 * signed notes (c2sp.org/signed-note): sign, parse, verify.
 * SPDX-License-Identifier: MIT
 */
#include "config.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "internal/translog.h"
#include "translog_internal.h"

#define NOTE_MAX_BYTES (1024 * 1024)
#define NOTE_MAX_SIGNATURES 100
#define EM_DASH_SPACE "\xE2\x80\x94 " /* "— ": U+2014 and a space start every signature line */
#define SM2_TYPE_NAME "sm2-sm3"

struct ds_checkpoint {
	char *origin;
	uint64_t size;
	ds_hash root;
	int64_t timestamp;
};

void ds_checkpoint_free(ds_checkpoint *cp)
{
	if (!cp)
		return;
	ds__free(cp->origin);
	ds__free(cp);
}

const char *ds_checkpoint_origin(const ds_checkpoint *cp)
{
	return cp ? cp->origin : NULL;
}

uint64_t ds_checkpoint_size(const ds_checkpoint *cp)
{
	return cp ? cp->size : 0;
}

int ds_checkpoint_root(ds_hash *out, const ds_checkpoint *cp)
{
	if (!out || !cp)
		return ds__error(DS_EINVAL, "ds_checkpoint_root: NULL argument");
	*out = cp->root;
	return DS_OK;
}

int64_t ds_checkpoint_timestamp(const ds_checkpoint *cp)
{
	return cp ? cp->timestamp : 0;
}

/* A key name: non-empty UTF-8 with no space, '+' or control character (signed-note §"Signatures"). */
static int valid_name(const char *name, size_t len)
{
	size_t i = 0;
	unsigned int cp;

	if (len == 0)
		return 0;
	while (i < len) {
		size_t n = ds__utf8_decode(name + i, len - i, &cp);
		if (n == 0 || cp <= 0x20 || cp == '+' || cp == 0x7F || cp == 0x85 || cp == 0xA0 || cp == 0x1680 ||
		    (cp >= 0x2000 && cp <= 0x200A) || cp == 0x2028 || cp == 0x2029 || cp == 0x202F || cp == 0x205F ||
		    cp == 0x3000)
			return 0;
		i += n;
	}
	return 1;
}

/* Text lines: valid UTF-8, no control characters besides the newline. */
static int valid_text(const char *text, size_t len, size_t *bad)
{
	size_t i = 0;
	unsigned int cp;

	while (i < len) {
		size_t n = ds__utf8_decode(text + i, len - i, &cp);
		if (n == 0 || (cp < 0x20 && cp != '\n') || cp == 0x7F) {
			*bad = i;
			return 0;
		}
		i += n;
	}
	return 1;
}

/* The signature type bytes and public key the signed-note key hash covers. */
static int note_key_material(unsigned char **out, size_t *len, const ds_key *key)
{
	unsigned char *pub = NULL, *buf;
	size_t pub_len = 0, type_len = key->alg == DS_SIG_ED25519 ? 1 : 1 + strlen(SM2_TYPE_NAME);
	int rc;

	if ((rc = ds__key_public_bytes(&pub, &pub_len, key)) < 0)
		return rc;
	if (!(buf = ds__malloc(type_len + pub_len))) {
		ds__free(pub);
		return ds__enomem();
	}
	if (key->alg == DS_SIG_ED25519) {
		buf[0] = 0x01;
	} else {
		buf[0] = 0xFF;
		memcpy(buf + 1, SM2_TYPE_NAME, strlen(SM2_TYPE_NAME));
	}
	memcpy(buf + type_len, pub, pub_len);
	ds__free(pub);
	*out = buf;
	*len = type_len + pub_len;
	return DS_OK;
}

/* key hash = SHA-256(name || 0x0A || type || public key)[:4] */
static int note_key_hash(unsigned char hash[4], const ds_key *key, const char *name)
{
	unsigned char *material = NULL, digest[32];
	size_t material_len = 0;
	ds__hasher h;
	int rc;

	if ((rc = note_key_material(&material, &material_len, key)) < 0)
		return rc;
	if ((rc = ds__hasher_init(&h, DS_HASH_SHA256)) == DS_OK) {
		/* name || '\n' is hashed as one run, then the key material. */
		size_t name_len = strlen(name);
		char *prefix = ds__malloc(name_len + 1);
		if (!prefix) {
			rc = ds__enomem();
		} else {
			memcpy(prefix, name, name_len);
			prefix[name_len] = '\n';
			rc = ds__hasher_digest(&h, digest, -1, prefix, name_len + 1, material, material_len);
			ds__free(prefix);
		}
		ds__hasher_dispose(&h);
	}
	ds__free(material);
	if (rc == DS_OK)
		memcpy(hash, digest, 4);
	return rc;
}

int ds_key_note_verifier(char **out, const ds_key *key, const char *key_name)
{
	unsigned char *material = NULL, hash[4];
	size_t material_len = 0;
	char hex[9], *b64 = NULL;
	ds__buf b = DS__BUF_INIT;
	int rc;

	if (!out || !key || !key_name)
		return ds__error(DS_EINVAL, "ds_key_note_verifier: NULL argument");
	if (!valid_name(key_name, strlen(key_name)))
		return ds__error(DS_EINVAL, "key name '%s' is empty or holds a space, '+' or control character",
				 key_name);
	if ((rc = note_key_hash(hash, key, key_name)) < 0 ||
	    (rc = note_key_material(&material, &material_len, key)) < 0)
		goto done;
	if (!(b64 = ds__malloc(ds__base64_len(material_len) + 1))) {
		rc = ds__enomem();
		goto done;
	}
	ds__base64_encode(b64, material, material_len);
	ds__hex_encode(hex, hash, 4);
	ds__buf_printf(&b, "%s+%s+%s", key_name, hex, b64);
	rc = ds__buf_detach(out, &b);
done:
	ds__buf_dispose(&b);
	ds__free(material);
	ds__free(b64);
	return rc;
}

int ds_checkpoint_sign(char **out, const char *origin, uint64_t size, const ds_hash *root, int64_t timestamp,
		       const char *key_name, const ds_key *key)
{
	ds__buf b = DS__BUF_INIT;
	unsigned char *sig = NULL, *blob = NULL, hash[4];
	size_t sig_len = 0, text_len, bad = 0;
	char root64[(DS_HASH_MAX + 2) / 3 * 4 + 1], *blob64 = NULL;
	int rc;

	if (!out || !origin || !root || !key_name || !key)
		return ds__error(DS_EINVAL, "ds_checkpoint_sign: NULL argument");
	if (!*origin || !valid_text(origin, strlen(origin), &bad) || strchr(origin, '\n'))
		return ds__error(DS_EINVAL, "checkpoint origin must be a non-empty line of printable UTF-8");
	if (!valid_name(key_name, strlen(key_name)))
		return ds__error(DS_EINVAL, "key name '%s' is empty or holds a space, '+' or control character",
				 key_name);
	if (root->size != 32)
		return ds__error(DS_EINVAL, "checkpoint root hash has %u bytes, not 32", root->size);
	if (!key->is_private)
		return ds__error(DS_EINVAL, "signing a checkpoint needs a private key");
	ds__base64_encode(root64, root->bytes, root->size);
	ds__buf_printf(&b, "%s\n%" PRIu64 "\n%s\n", origin, size, root64);
	if (timestamp)
		ds__buf_printf(&b, "timestamp %" PRId64 "\n", timestamp);
	if (b.oom) {
		rc = ds__enomem();
		goto done;
	}
	text_len = b.len;
	if ((rc = ds_key_sign(&sig, &sig_len, key, b.data, text_len)) < 0 ||
	    (rc = note_key_hash(hash, key, key_name)) < 0)
		goto done;
	if (!(blob = ds__malloc(4 + sig_len)) || !(blob64 = ds__malloc(ds__base64_len(4 + sig_len) + 1))) {
		rc = ds__enomem();
		goto done;
	}
	memcpy(blob, hash, 4);
	memcpy(blob + 4, sig, sig_len);
	ds__base64_encode(blob64, blob, 4 + sig_len);
	ds__buf_printf(&b, "\n" EM_DASH_SPACE "%s %s\n", key_name, blob64);
	rc = ds__buf_detach(out, &b);
done:
	ds__buf_dispose(&b);
	ds__free(sig);
	ds__free(blob);
	ds__free(blob64);
	return rc;
}

/* Parse a decimal tree size: digits only, no leading zero (except "0"), at most 2^64-1. */
static int parse_size(uint64_t *out, const char *s, size_t len)
{
	uint64_t v = 0;
	size_t i;

	if (len == 0 || (len > 1 && s[0] == '0'))
		return -1;
	for (i = 0; i < len; i++) {
		if (s[i] < '0' || s[i] > '9' || v > (UINT64_MAX - (uint64_t)(s[i] - '0')) / 10)
			return -1;
		v = v * 10 + (uint64_t)(s[i] - '0');
	}
	*out = v;
	return 0;
}

static int parse_timestamp(int64_t *out, const char *s, size_t len)
{
	uint64_t v;

	if (parse_size(&v, s, len) < 0 || v > INT64_MAX)
		return -1;
	*out = (int64_t)v;
	return 0;
}

#define FAIL(line, ...)                                                             \
	do {                                                                        \
		rc = ds__error_at(DS_EPARSE, (line), 0, "checkpoint", __VA_ARGS__); \
		goto done;                                                          \
	} while (0)

int ds_checkpoint_open(ds_checkpoint **out, const char *note, size_t len, const char *key_name, const ds_key *key)
{
	if (!out || !note || !key_name || !key)
		return ds__error(DS_EINVAL, "ds_checkpoint_open: NULL argument");
	return ds__checkpoint_parse(out, note, len, key_name, key);
}

int ds__checkpoint_parse(ds_checkpoint **out, const char *note, size_t len, const char *key_name, const ds_key *key)
{
	ds_checkpoint *cp = NULL;
	unsigned char want_hash[4], *blob = NULL;
	const char *p, *end, *text_end = NULL, *line_end;
	size_t text_len, bad = 0, i;
	int rc = DS_OK, line = 1, signatures = 0, found = 0;

	if (len > NOTE_MAX_BYTES)
		return ds__error(DS_ERANGE, "checkpoint: %zu bytes is over the 1 MiB limit", len);
	if (!valid_text(note, len, &bad)) {
		int bad_line = 1;
		for (i = 0; i < bad; i++)
			bad_line += note[i] == '\n';
		return ds__error_at(DS_EPARSE, bad_line, 0, "checkpoint",
				    "checkpoint line %d: invalid UTF-8 or a control character", bad_line);
	}
	/* The text ends at the last blank line ("\n\n"); signature lines follow. */
	for (i = len; i >= 2; i--)
		if (note[i - 1] == '\n' && note[i - 2] == '\n') {
			text_end = note + i - 1;
			break;
		}
	if (!text_end)
		return ds__error_at(DS_EPARSE, 0, 0, "checkpoint", "checkpoint: no blank line before the signatures");
	text_len = (size_t)(text_end - note);
	if (!(cp = ds__calloc(1, sizeof *cp)))
		return ds__enomem();

	/* Text: origin, size, root, then extension lines; no empty line inside. */
	p = note;
	end = text_end;
	for (line = 1; p < end; line++, p = line_end + 1) {
		size_t n;
		line_end = memchr(p, '\n', (size_t)(end - p));
		n = (size_t)(line_end - p);
		if (n == 0)
			FAIL(line, "checkpoint line %d: empty line in the text", line);
		if (line == 1) {
			if (!(cp->origin = ds__strndup(p, n))) {
				rc = ds__enomem();
				goto done;
			}
		} else if (line == 2) {
			if (parse_size(&cp->size, p, n) < 0)
				FAIL(line,
				     "checkpoint line 2: the tree size '%.*s' is not a decimal number below 2^64 "
				     "without leading zeros",
				     (int)(n > 40 ? 40 : n), p);
		} else if (line == 3) {
			unsigned char root[DS_HASH_MAX + 3];
			long got = n <= ds__base64_len(DS_HASH_MAX) ? ds__base64_decode(root, p, n) : -1;
			if (got != 32)
				FAIL(line, "checkpoint line 3: the root hash is not canonical base64 of 32 bytes");
			cp->root.size = 32;
			memcpy(cp->root.bytes, root, 32);
		} else if (n > 10 && memcmp(p, "timestamp ", 10) == 0) {
			if (cp->timestamp || parse_timestamp(&cp->timestamp, p + 10, n - 10) < 0 || !cp->timestamp)
				FAIL(line, "checkpoint line %d: bad or repeated timestamp", line);
		}
	}
	if (line <= 3)
		FAIL(line, "checkpoint: the text needs an origin, a tree size and a root hash (%d lines found)",
		     line - 1);

	/* Signature lines: "— <name> <base64(key hash || signature)>\n" each. */
	if (key && (rc = note_key_hash(want_hash, key, key_name)) < 0)
		goto done;
	line++; /* the blank line */
	p = text_end + 1;
	end = note + len;
	if (p == end)
		FAIL(line, "checkpoint: no signature lines");
	for (; p < end; line++, p = line_end + 1) {
		const char *name, *space, *b64;
		long blob_len;
		size_t n, name_len, b64_len;
		if (!(line_end = memchr(p, '\n', (size_t)(end - p))))
			FAIL(line, "checkpoint line %d: the last signature line does not end with a newline", line);
		n = (size_t)(line_end - p);
		if (++signatures > NOTE_MAX_SIGNATURES)
			FAIL(line, "checkpoint: more than %d signatures", NOTE_MAX_SIGNATURES);
		if (n < 4 || memcmp(p, EM_DASH_SPACE, 4) != 0)
			FAIL(line, "checkpoint line %d: a signature line must start with an em dash and a space", line);
		name = p + 4;
		if (!(space = memchr(name, ' ', (size_t)(line_end - name))))
			FAIL(line, "checkpoint line %d: no space between the key name and the signature", line);
		name_len = (size_t)(space - name);
		b64 = space + 1;
		b64_len = (size_t)(line_end - b64);
		if (!valid_name(name, name_len))
			FAIL(line, "checkpoint line %d: the key name is empty or holds a '+' or space", line);
		ds__free(blob);
		if (!(blob = ds__malloc(b64_len / 4 * 3 + 3))) {
			rc = ds__enomem();
			goto done;
		}
		if ((blob_len = ds__base64_decode(blob, b64, b64_len)) < 0)
			FAIL(line, "checkpoint line %d: the signature is not canonical base64", line);
		if (blob_len < 5)
			FAIL(line, "checkpoint line %d: the signature is shorter than a key hash and one byte", line);
		/* The first line by this name and key hash decides (as Go's note.Open). */
		if (key && !found && name_len == strlen(key_name) && memcmp(name, key_name, name_len) == 0 &&
		    memcmp(blob, want_hash, 4) == 0) {
			found = 1;
			if ((rc = ds_key_verify(key, note, text_len, blob + 4, (size_t)blob_len - 4)) < 0) {
				ds__error_at(DS_EVERIFY, line, 0, "checkpoint",
					     "checkpoint line %d: the signature by '%s' does not verify", line,
					     key_name);
				goto done;
			}
		}
	}
	if (key && !found) {
		rc = ds__error_at(DS_EVERIFY, 0, 0, "checkpoint", "checkpoint: no signature by '%s' with this key",
				  key_name);
		goto done;
	}
	*out = cp;
	cp = NULL;
done:
	ds__free(blob);
	ds_checkpoint_free(cp);
	return rc;
}
