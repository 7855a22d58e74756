/*
 * Hex and base64 (RFC 4648 §4, canonical form only), and the ds_hash helpers.
 * SPDX-License-Identifier: MIT
 */
#include "config.h"

#include <string.h>

#include "internal/crypto.h"

static const char hex_digits[] = "0123456789abcdef";
static const char b64_alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

void ds__hex_encode(char *out, const unsigned char *data, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++) {
		out[2 * i] = hex_digits[data[i] >> 4];
		out[2 * i + 1] = hex_digits[data[i] & 15];
	}
	out[2 * len] = '\0';
}

static int hex_value(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

long ds__hex_decode(unsigned char *out, size_t max, const char *hex, size_t hex_len, size_t *bad)
{
	size_t i;

	for (i = 0; i < hex_len; i++)
		if (hex_value(hex[i]) < 0) {
			*bad = i;
			return -1;
		}
	if (hex_len % 2 || hex_len / 2 > max) {
		*bad = hex_len % 2 ? hex_len : 2 * max;
		return -1;
	}
	for (i = 0; i < hex_len / 2; i++)
		out[i] = (unsigned char)(hex_value(hex[2 * i]) << 4 | hex_value(hex[2 * i + 1]));
	return (long)(hex_len / 2);
}

size_t ds__base64_len(size_t len)
{
	return (len + 2) / 3 * 4;
}

void ds__base64_encode(char *out, const unsigned char *data, size_t len)
{
	size_t i, o = 0;

	for (i = 0; i + 2 < len; i += 3) {
		unsigned long v = (unsigned long)data[i] << 16 | (unsigned long)data[i + 1] << 8 | data[i + 2];
		out[o++] = b64_alphabet[v >> 18 & 63];
		out[o++] = b64_alphabet[v >> 12 & 63];
		out[o++] = b64_alphabet[v >> 6 & 63];
		out[o++] = b64_alphabet[v & 63];
	}
	if (len - i == 1) {
		unsigned long v = (unsigned long)data[i] << 16;
		out[o++] = b64_alphabet[v >> 18 & 63];
		out[o++] = b64_alphabet[v >> 12 & 63];
		out[o++] = '=';
		out[o++] = '=';
	} else if (len - i == 2) {
		unsigned long v = (unsigned long)data[i] << 16 | (unsigned long)data[i + 1] << 8;
		out[o++] = b64_alphabet[v >> 18 & 63];
		out[o++] = b64_alphabet[v >> 12 & 63];
		out[o++] = b64_alphabet[v >> 6 & 63];
		out[o++] = '=';
	}
	out[o] = '\0';
}

static int b64_value(char c)
{
	const char *p = c ? strchr(b64_alphabet, c) : NULL;
	return p ? (int)(p - b64_alphabet) : -1;
}

long ds__base64_decode(unsigned char *out, const char *text, size_t text_len)
{
	size_t i, o = 0;

	if (text_len % 4)
		return -1;
	for (i = 0; i < text_len; i += 4) {
		int v[4], k, pad = 0;
		int last = i + 4 == text_len;
		for (k = 0; k < 4; k++) {
			if (text[i + k] == '=' && last && k >= 2) {
				v[k] = 0;
				pad++;
			} else if (pad || (v[k] = b64_value(text[i + k])) < 0) {
				return -1;
			}
		}
		/* Canonical form: the bits that padding leaves unused must be zero. */
		if ((pad == 1 && (v[2] & 3)) || (pad == 2 && (v[1] & 15)))
			return -1;
		out[o++] = (unsigned char)(v[0] << 2 | v[1] >> 4);
		if (pad < 2)
			out[o++] = (unsigned char)((v[1] & 15) << 4 | v[2] >> 2);
		if (pad < 1)
			out[o++] = (unsigned char)((v[2] & 3) << 6 | v[3]);
	}
	return (long)o;
}

int ds_hash_from_hex(ds_hash *out, const char *hex)
{
	unsigned char bytes[DS_HASH_MAX];
	size_t len, bad = 0;
	long n;

	if (!out || !hex)
		return ds__error(DS_EINVAL, "ds_hash_from_hex: NULL argument");
	len = strlen(hex);
	if ((n = ds__hex_decode(bytes, sizeof bytes, hex, len, &bad)) < 0) {
		if (len % 2 == 0 && len / 2 > DS_HASH_MAX && bad == 2 * DS_HASH_MAX)
			return ds__error(DS_ERANGE, "hash: %zu hex digits is longer than %d bytes", len, DS_HASH_MAX);
		return ds__error_at(DS_EPARSE, 0, (int)bad + 1, NULL,
				    bad < len ? "hash: character %zu is not a hex digit" :
						"hash: odd number of hex digits (%zu)",
				    bad < len ? bad + 1 : len);
	}
	out->size = (unsigned int)n;
	memcpy(out->bytes, bytes, (size_t)n);
	return DS_OK;
}

int ds_hash_to_hex(char **out, const ds_hash *hash)
{
	char *text;

	if (!out || !hash || hash->size > DS_HASH_MAX)
		return ds__error(DS_EINVAL, "ds_hash_to_hex: NULL argument or bad size");
	if (!(text = ds__malloc(2 * hash->size + 1)))
		return ds__enomem();
	ds__hex_encode(text, hash->bytes, hash->size);
	*out = text;
	return DS_OK;
}

int ds_hash_equal(const ds_hash *a, const ds_hash *b)
{
	return a && b && a->size == b->size && a->size <= DS_HASH_MAX && memcmp(a->bytes, b->bytes, a->size) == 0;
}
