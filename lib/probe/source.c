/*
 * What every probe source shares: closing, problems (counted, sampled with
 * their place), column names made unique, and the record builder.
 * SPDX-License-Identifier: MIT
 */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include <openssl/evp.h>

#include "internal/crypto.h"
#include "probe/source_internal.h"

void ds__source_close(ds__source *s)
{
	if (s)
		s->ops->close(s);
}

void ds__source_free_common(ds__source *s)
{
	size_t i;

	for (i = 0; i < s->ncolumns; i++) {
		if (s->names)
			ds__free(s->names[i]);
		if (s->declared)
			ds__free(s->declared[i]);
	}
	ds__free(s->names);
	ds__free(s->declared);
	ds__free(s->location);
	s->names = NULL;
	s->declared = NULL;
	s->location = NULL;
	s->ncolumns = 0;
}

/* The message is prefixed with the place: "line 7, column 3: " for
 * line-based sources, "record 12, column 3: " otherwise. */
void ds__source_problem(ds__source *s, ds__source_problem_kind kind, long line, long column, long record,
			const char *fmt, ...)
{
	ds__source_sample *sample;
	va_list ap;
	int n;

	if ((unsigned)kind >= DS__SRC_PROBLEM_KINDS)
		return;
	s->problems.count[kind]++;
	if (s->problems.nsamples[kind] >= DS__SOURCE_MAX_SAMPLES)
		return;
	sample = &s->problems.samples[kind][s->problems.nsamples[kind]++];
	sample->line = line;
	sample->column = column;
	sample->record = record;
	if (line > 0 && column > 0)
		n = snprintf(sample->message, sizeof sample->message, "line %ld, column %ld: ", line, column);
	else if (line > 0)
		n = snprintf(sample->message, sizeof sample->message, "line %ld: ", line);
	else if (column > 0)
		n = snprintf(sample->message, sizeof sample->message, "record %ld, column %ld: ", record, column);
	else
		n = snprintf(sample->message, sizeof sample->message, "record %ld: ", record);
	if (n < 0 || (size_t)n >= sizeof sample->message)
		return;
	va_start(ap, fmt);
	vsnprintf(sample->message + n, sizeof sample->message - (size_t)n, fmt, ap);
	va_end(ap);
}

const char *ds__source_problem_name(ds__source_problem_kind kind)
{
	static const char *const names[DS__SRC_PROBLEM_KINDS] = {
		"invalid-bytes", "nul-byte",   "ragged-row",	 "unterminated-quote",
		"stray-quote",	 "long-field", "duplicate-name",
	};
	if ((unsigned)kind >= DS__SRC_PROBLEM_KINDS)
		return "unknown";
	return names[kind];
}

void ds__source_warn(ds__source *s, const char *kind, const char *fmt, ...)
{
	ds__source_warning *w;
	va_list ap;

	if (s->nwarnings >= DS__SOURCE_MAX_WARNINGS)
		return;
	w = &s->warnings[s->nwarnings++];
	snprintf(w->kind, sizeof w->kind, "%s", kind);
	va_start(ap, fmt);
	vsnprintf(w->message, sizeof w->message, fmt, ap);
	va_end(ap);
}

/* ---------------------------------------------------------------- names */

/* An open-addressing set of the names taken so far: a header can have
 * DS__SOURCE_MAX_FIELDS columns, too many to compare pairwise. */
typedef struct name_set {
	const char **slot;
	size_t *next; /* [slot] for a name given: the next suffix to try for its repeats */
	size_t mask;
} name_set;

static uint64_t name_hash(const char *s)
{
	uint64_t h = 14695981039346656037u; /* FNV-1a */
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211u;
	return h;
}

static int name_set_has(const name_set *set, const char *name)
{
	size_t i = (size_t)name_hash(name) & set->mask;
	for (; set->slot[i]; i = (i + 1) & set->mask)
		if (strcmp(set->slot[i], name) == 0)
			return 1;
	return 0;
}

static void name_set_add(name_set *set, const char *name)
{
	size_t i = (size_t)name_hash(name) & set->mask;
	while (set->slot[i])
		i = (i + 1) & set->mask;
	set->slot[i] = name;
}

int ds__source_set_names(ds__source *s, char **names, size_t n, long line)
{
	name_set set = { NULL, NULL, 0 };
	size_t size = 16, i;
	int rc = DS_OK;

	while (size < 2 * n + 2)
		size *= 2;
	set.slot = ds__calloc(size, sizeof *set.slot);
	set.next = ds__calloc(size, sizeof *set.next);
	set.mask = size - 1;
	if (!set.slot || !set.next) {
		rc = ds__enomem();
		goto done;
	}
	/* Names given keep priority over generated ones: a later "a" is
	 * renamed, an earlier literal "a_2" is not. */
	for (i = 0; i < n; i++) {
		if (names[i] && names[i][0] && !name_set_has(&set, names[i]))
			name_set_add(&set, names[i]);
	}
	for (i = 0; i < n; i++) {
		char *fresh = NULL;
		size_t suffix;
		ds__buf b = DS__BUF_INIT;

		if (names[i] && names[i][0]) {
			/* the first holder of a name keeps it */
			size_t j = (size_t)name_hash(names[i]) & set.mask;
			while (set.slot[j] && strcmp(set.slot[j], names[i]) != 0)
				j = (j + 1) & set.mask;
			if (set.slot[j] == names[i])
				continue;
			/* the suffix search goes on where the last repeat of this
			 * name stopped: linear in the number of repeats overall */
			for (suffix = set.next[j] ? set.next[j] : 2;; suffix++) {
				ds__buf_clear(&b);
				ds__buf_printf(&b, "%s_%zu", names[i], suffix);
				if (b.oom || !name_set_has(&set, b.data))
					break;
			}
			set.next[j] = suffix + 1;
			if (!b.oom)
				ds__source_problem(s, DS__SRC_DUPLICATE_NAME, line, (long)i + 1, 0,
						   "column name '%.60s' repeated: renamed '%.60s'", names[i], b.data);
		} else {
			for (suffix = i + 1;; suffix++) {
				ds__buf_clear(&b);
				ds__buf_printf(&b, "column_%zu", suffix);
				if (b.oom || !name_set_has(&set, b.data))
					break;
			}
			if (!b.oom && names[i])
				ds__source_problem(s, DS__SRC_DUPLICATE_NAME, line, (long)i + 1, 0,
						   "empty column name: named '%s'", b.data);
		}
		if (ds__buf_detach(&fresh, &b) < 0) {
			ds__buf_dispose(&b);
			rc = ds__enomem();
			goto done;
		}
		ds__free(names[i]);
		names[i] = fresh;
		name_set_add(&set, fresh);
	}
done:
	ds__free(set.slot);
	ds__free(set.next);
	if (rc < 0) {
		for (i = 0; i < n; i++)
			ds__free(names[i]);
		ds__free(names);
		return rc;
	}
	s->names = names;
	s->ncolumns = n;
	return DS_OK;
}

/* ---------------------------------------------------------------- records */

void ds__rb_init(ds__recbuild *rb, ds__source *src)
{
	memset(rb, 0, sizeof *rb);
	rb->src = src;
}

void ds__rb_dispose(ds__recbuild *rb)
{
	ds__free(rb->buf);
	ds__free(rb->off);
	ds__free(rb->flen);
	ds__free(rb->fbytes);
	ds__free(rb->fchars);
	ds__free(rb->fnull);
	ds__free(rb->ftrunc);
	ds__free(rb->fsha);
	ds__free(rb->fempty);
	ds__free(rb->ptrs);
	EVP_MD_CTX_free(rb->md);
	memset(rb, 0, sizeof *rb);
}

void ds__rb_begin(ds__recbuild *rb, long record)
{
	rb->len = 0;
	rb->nfields = 0;
	rb->dropped = 0;
	rb->record = record;
}

int ds__rb_grow_fields(ds__recbuild *rb)
{
	size_t n = rb->cap_fields ? rb->cap_fields * 2 : 64;
	void *p;

#define GROW(field)                                                       \
	do {                                                              \
		if (!(p = ds__realloc(rb->field, n * sizeof *rb->field))) \
			return ds__enomem();                              \
		rb->field = p;                                            \
	} while (0)
	GROW(off);
	GROW(flen);
	GROW(fbytes);
	GROW(fchars);
	GROW(fnull);
	GROW(ftrunc);
	GROW(fsha);
	GROW(fempty);
	GROW(ptrs);
#undef GROW
	rb->cap_fields = n;
	return DS_OK;
}

int ds__rb_reserve(ds__recbuild *rb, size_t need)
{
	size_t cap = rb->cap ? rb->cap : 4096;
	char *p;

	if (need <= rb->cap)
		return DS_OK;
	while (cap < need)
		cap *= 2;
	if (!(p = ds__realloc(rb->buf, cap)))
		return ds__enomem();
	rb->buf = p;
	rb->cap = cap;
	return DS_OK;
}

int ds__rb_append_slow(ds__recbuild *rb, const char *p, size_t n, uint64_t nchars)
{
	size_t field_len, room, record_room, keep;
	int rc, by_record;

	rb->cur_bytes += n;
	rb->cur_chars += nchars;
	if (rb->cur_drop)
		return DS_OK;
	if (rb->cur_trunc) {
		/* past the cut: only into the full-bytes digest */
		if (n && EVP_DigestUpdate(rb->md, p, n) != 1)
			return ds__openssl_error(DS_EINTERNAL, "field digest: SHA-256 update failed");
		return DS_OK;
	}
	field_len = rb->len - rb->cur_off;
	/* Kept text stays below both limits; the record's leaves room for the
	 * NULs of the fields still to come. */
	room = DS__SOURCE_MAX_FIELD - 1 - field_len;
	record_room = rb->len < DS__RB_TEXT_LIMIT ? DS__RB_TEXT_LIMIT - rb->len : 0;
	by_record = record_room < room;
	if (by_record)
		room = record_room;
	keep = n;
	if (keep > room) {
		keep = room;
		/* back to a character boundary: the text is valid UTF-8 */
		while (keep > 0 && ((unsigned char)p[keep] & 0xC0) == 0x80)
			keep--;
		rb->cur_trunc = 1;
	}
	if ((rc = ds__rb_reserve(rb, rb->len + keep + 1)) < 0)
		return rc;
	memcpy(rb->buf + rb->len, p, keep);
	rb->len += keep;
	if (rb->cur_trunc) {
		/* the full-bytes digest: the kept text, then the rest as it comes */
		if (!rb->md && !(rb->md = EVP_MD_CTX_new()))
			return ds__enomem();
		if (EVP_DigestInit_ex(rb->md, ds__md(DS_HASH_SHA256), NULL) != 1 ||
		    EVP_DigestUpdate(rb->md, rb->buf + rb->cur_off, rb->len - rb->cur_off) != 1 ||
		    (n > keep && EVP_DigestUpdate(rb->md, p + keep, n - keep) != 1))
			return ds__openssl_error(DS_EINTERNAL, "field digest: SHA-256 failed");
		if (by_record)
			ds__source_problem(rb->src, DS__SRC_LONG_FIELD, rb->line, (long)rb->nfields + 1, rb->record,
					   "the record is longer than %u bytes: field cut",
					   (unsigned)DS__RB_TEXT_LIMIT);
		else
			ds__source_problem(rb->src, DS__SRC_LONG_FIELD, rb->line, (long)rb->nfields + 1, rb->record,
					   "field longer than %u bytes: cut", (unsigned)DS__SOURCE_MAX_FIELD - 1);
	}
	return DS_OK;
}

int ds__rb_append_checked(ds__recbuild *rb, const char *text, size_t n, long line)
{
	const unsigned char *p = (const unsigned char *)text, *end = p + n, *run = p;
	uint64_t cont = 0;
	int rc, k = 0;

	while (p < end) {
		if (*p >= 0x80) {
			k = ds__utf8_seq(p, (size_t)(end - p));
			if (k > 0) {
				p += k;
				cont += (uint64_t)k - 1;
				continue;
			}
		} else if (*p) {
			p++;
			continue;
		}
		if (p > run &&
		    (rc = ds__rb_append(rb, (const char *)run, (size_t)(p - run), (uint64_t)(p - run) - cont)) < 0)
			return rc;
		cont = 0;
		if (*p == 0) {
			ds__source_problem(rb->src, DS__SRC_NUL_BYTE, line, (long)rb->nfields + 1, rb->record,
					   "NUL byte dropped");
			p++;
		} else {
			ds__source_problem(rb->src, DS__SRC_INVALID_BYTES, line, (long)rb->nfields + 1, rb->record,
					   "invalid UTF-8 byte 0x%02X: replaced by U+FFFD", *p);
			if ((rc = ds__rb_append(rb, DS__REPLACEMENT, 3, 1)) < 0)
				return rc;
			p += -k;
		}
		run = p;
	}
	if (p > run)
		return ds__rb_append(rb, (const char *)run, (size_t)(p - run), (uint64_t)(p - run) - cont);
	return DS_OK;
}

int ds__rb_digest_end(ds__recbuild *rb, size_t i)
{
	unsigned int len = 0;

	if (EVP_DigestFinal_ex(rb->md, rb->fsha[i], &len) != 1 || len != 32)
		return ds__openssl_error(DS_EINTERNAL, "field digest: SHA-256 final failed");
	return DS_OK;
}

void ds__rb_deliver(ds__recbuild *rb, ds__record *rec, long line, long number)
{
	size_t i;

	for (i = 0; i < rb->nfields; i++)
		rb->ptrs[i] = rb->buf + rb->off[i];
	rec->nfields = rb->nfields;
	rec->text = rb->ptrs;
	rec->len = rb->flen;
	rec->bytes = rb->fbytes;
	rec->chars = rb->fchars;
	rec->null = rb->fnull;
	rec->truncated = rb->ftrunc;
	rec->full_sha256 = (const unsigned char(*)[32])rb->fsha;
	rec->empty_value = rb->fempty;
	rec->line = line;
	rec->number = number;
}
