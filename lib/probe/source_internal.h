/*
 * What the source implementations share (lib/probe/source*.c): the record
 * builder that keeps the current record in one reused buffer, cuts long
 * fields at a character boundary and counts their full size, and strict
 * UTF-8 sequence checking. Private to the sources; the analysis sees only
 * lib/internal/probe_source.h.
 * SPDX-License-Identifier: MIT
 */
#ifndef DS_PROBE_SOURCE_INTERNAL_H
#define DS_PROBE_SOURCE_INTERNAL_H

#include <stdint.h>
#include <string.h>

#include "internal/core.h"
#include "internal/probe_source.h"

/* The current record: fields' text back to back in buf, each NUL-terminated. */
typedef struct ds__recbuild {
	ds__source *src;   /* where problems are recorded */
	char *buf;	   /* the fields' text */
	size_t len, cap;   /* bytes used (the current field's text ends at len) */
	size_t nfields;	   /* fields finished in this record */
	size_t cap_fields; /* capacity of the arrays below */
	size_t *off;	   /* [nfields] start of each field's text in buf */
	size_t *flen;
	uint64_t *fbytes;
	uint64_t *fchars;
	unsigned char *fnull;
	unsigned char *ftrunc;
	unsigned char *fempty;	   /* an empty field that is a value (an empty BLOB) */
	unsigned char (*fsha)[32]; /* SHA-256 of a cut field's full bytes */
	const char **ptrs;
	void *md; /* EVP_MD_CTX hashing the current cut field (reused) */
	/* the field being read */
	size_t cur_off;	    /* its start in buf */
	uint64_t cur_bytes; /* its full size so far */
	uint64_t cur_chars;
	int cur_trunc;	     /* cut: further text is counted, not kept */
	int cur_null;	     /* SQL NULL */
	int cur_empty_value; /* empty but a value (an empty BLOB) */
	int cur_drop;	     /* past DS__SOURCE_MAX_FIELDS: counted, not kept */
	uint64_t dropped;    /* fields dropped in this record */
	long line;	     /* where the field started, for problems */
	long record;	     /* the record's number (0: the header) */
} ds__recbuild;

void ds__rb_init(ds__recbuild *rb, ds__source *src);
void ds__rb_dispose(ds__recbuild *rb);
/* Start a new record (forgetting the previous one). */
void ds__rb_begin(ds__recbuild *rb, long record);
/* Room for @n more fields in the arrays; room for @need bytes in buf. */
int ds__rb_grow_fields(ds__recbuild *rb);
int ds__rb_reserve(ds__recbuild *rb, size_t need);
/* Append @n bytes of valid UTF-8 holding @nchars characters to the current
 * field, when it does not fit the limits (the inline version's slow path). */
int ds__rb_append_slow(ds__recbuild *rb, const char *p, size_t n, uint64_t nchars);
/* Append bytes that may be invalid UTF-8 or hold NULs: invalid sequences are
 * replaced by U+FFFD and NULs dropped, each recorded as a problem at @line. */
int ds__rb_append_checked(ds__recbuild *rb, const char *p, size_t n, long line);
/* Finish the digest of the cut field about to become field @i. */
int ds__rb_digest_end(ds__recbuild *rb, size_t i);
/* Point @rec at the finished record (valid until the next ds__rb_begin). */
void ds__rb_deliver(ds__recbuild *rb, ds__record *rec, long line, long number);

/* The most text a record keeps: DS__SOURCE_MAX_RECORD with room for the NULs. */
#define DS__RB_TEXT_LIMIT (DS__SOURCE_MAX_RECORD - DS__SOURCE_MAX_FIELDS)

/* Append valid UTF-8 (@nchars characters) to the current field. */
static inline int ds__rb_append(ds__recbuild *rb, const char *p, size_t n, uint64_t nchars)
{
	if (rb->cur_trunc || rb->cur_drop || rb->len - rb->cur_off + n >= DS__SOURCE_MAX_FIELD ||
	    rb->len + n >= DS__RB_TEXT_LIMIT || rb->len + n + 1 > rb->cap)
		return ds__rb_append_slow(rb, p, n, nchars);
	memcpy(rb->buf + rb->len, p, n);
	rb->len += n;
	rb->cur_bytes += n;
	rb->cur_chars += nchars;
	return DS_OK;
}

/* Start a field that begins on @line. */
static inline int ds__rb_field_begin(ds__recbuild *rb, long line)
{
	rb->cur_off = rb->len;
	rb->cur_bytes = 0;
	rb->cur_chars = 0;
	rb->cur_trunc = 0;
	rb->cur_null = 0;
	rb->cur_empty_value = 0;
	rb->cur_drop = rb->nfields >= DS__SOURCE_MAX_FIELDS;
	rb->line = line;
	if (rb->cur_drop)
		rb->dropped++;
	else if (rb->nfields == rb->cap_fields)
		return ds__rb_grow_fields(rb);
	return DS_OK;
}

/* Finish the current field. */
static inline int ds__rb_field_end(ds__recbuild *rb)
{
	size_t i = rb->nfields;
	int rc;

	if (rb->cur_drop)
		return DS_OK;
	if (rb->len + 1 > rb->cap && (rc = ds__rb_reserve(rb, rb->len + 1)) < 0)
		return rc;
	rb->buf[rb->len] = '\0';
	rb->off[i] = rb->cur_off;
	rb->flen[i] = rb->len - rb->cur_off;
	rb->fbytes[i] = rb->cur_bytes;
	rb->fchars[i] = rb->cur_chars;
	rb->fnull[i] = (unsigned char)rb->cur_null;
	rb->fempty[i] = (unsigned char)rb->cur_empty_value;
	rb->ftrunc[i] = (unsigned char)rb->cur_trunc;
	if (rb->cur_trunc && (rc = ds__rb_digest_end(rb, i)) < 0)
		return rc;
	rb->len++;
	rb->nfields++;
	return DS_OK;
}

/* U+FFFD, what an invalid sequence becomes. */
#define DS__REPLACEMENT "\xEF\xBF\xBD"

/*
 * The strict UTF-8 sequence (RFC 3629) at @p, whose first byte is >= 0x80,
 * with @n bytes available: its length (2 to 4) when valid, else minus the
 * length of its maximal ill-formed subpart (Unicode 15, 3.9 "U+FFFD
 * Substitution of Maximal Subparts": one U+FFFD per subpart, as Python and
 * ICU do).
 */
static inline int ds__utf8_seq(const unsigned char *p, size_t n)
{
	unsigned int c = p[0], lo = 0x80, hi = 0xBF;
	int len, i;

	if (c >= 0xC2 && c <= 0xDF) {
		len = 2;
	} else if (c >= 0xE0 && c <= 0xEF) {
		len = 3;
		if (c == 0xE0)
			lo = 0xA0;
		else if (c == 0xED)
			hi = 0x9F;
	} else if (c >= 0xF0 && c <= 0xF4) {
		len = 4;
		if (c == 0xF0)
			lo = 0x90;
		else if (c == 0xF4)
			hi = 0x8F;
	} else {
		return -1;
	}
	if (n < 2 || p[1] < lo || p[1] > hi)
		return -1;
	for (i = 2; i < len; i++)
		if ((size_t)i >= n || (p[i] & 0xC0) != 0x80)
			return -i;
	return len;
}

/* Free what every source owns in its common part (not the source itself). */
void ds__source_free_common(ds__source *s);
/* Take @names[@n] (each owned) as the column names: NULL ones (no header)
 * become column_N silently, empty ones column_N too but reported, repeated ones NAME_2, NAME_3, ... (each
 * reported as a DS__SRC_DUPLICATE_NAME problem at @line, 0 if none). Takes
 * ownership of the array and its strings, also on failure. */
int ds__source_set_names(ds__source *s, char **names, size_t n, long line);

#endif
