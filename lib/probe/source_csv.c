/*
 * CSV/TSV files as a probe source: RFC 4180 quoting with CR, LF or CRLF line
 * ends, any one-byte delimiter, UTF-8 (with or without BOM), GB18030/GBK and
 * UTF-16, in bounded memory.
 *
 * The parser works on UTF-8 text in a window [p, end). For UTF-8 input the
 * window is the input itself (the memory given, or the fixed read buffer),
 * so nothing is copied but the record's own fields. Other encodings go
 * through ICU converters chunk by chunk into a fixed text buffer.
 *
 * Encoding detection (options.encoding NULL or "auto"):
 *   1. a byte-order mark decides: EF BB BF UTF-8, FF FE UTF-16LE, FE FF UTF-16BE;
 *   2. else when the first 64 KiB read as UTF-8 -- valid (a sequence cut by
 *      the sample's end allowed), or with invalid sequences at most 1 % of
 *      the valid multi-byte ones (a stray byte in a UTF-8 file) -- and do not
 *      look like UTF-16 (at least one byte in 8 a NUL, three quarters of them
 *      on one parity), UTF-8: ICU's confidence on short samples is poor, and
 *      a valid UTF-8 sample of any length is almost never anything else;
 *   3. else ICU's detector (ucsdet) over the sample, the most confident of
 *      its matches among GB18030, UTF-16LE and UTF-16BE -- UTF-16 only when
 *      the sample has NULs (CSV's ASCII punctuation, a line end at least,
 *      gives UTF-16 one per 256 characters), mostly on that byte order's
 *      parity: ICU's confidence on short samples is poor;
 *   4. else, when the sample's NUL bytes sit mostly at odd (even) offsets,
 *      UTF-16LE (UTF-16BE) -- CSV punctuation is ASCII, so BOM-less UTF-16
 *      shows that pattern; otherwise GB18030 (a superset of GBK and GB2312).
 *
 * Invalid sequences in the encoding become U+FFFD and are reported with
 * their line and column. UTF-8 input is validated here; for converted input
 * ICU's to-Unicode callback writes the noncharacter U+FDD0 in their place,
 * which the parser turns into U+FFFD and reports (a genuine U+FDD0 in
 * converted input, a noncharacter not meant for interchange, is reported too).
 *
 * Lines that are entirely empty are skipped (they hold no record; Python's
 * csv.DictReader does the same).
 * SPDX-License-Identifier: MIT
 */
#define _POSIX_C_SOURCE 200809L
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include <unicode/ucnv.h>
#include <unicode/ucnv_cb.h>
#include <unicode/ucsdet.h>

#include "probe/source_internal.h"

/* The read buffer for files, and the converted text buffer. */
#define RAW_SIZE (256u * 1024)
#define TEXT_SIZE (256u * 1024)
/* How much of the start the encoding is detected from. */
#define SAMPLE_SIZE (64u * 1024)
/* Lines looked at to detect the delimiter. */
#define DELIM_LINES 20
#define PIVOT_SIZE 1024

/* U+FDD0 in UTF-8: what the to-Unicode callback writes for invalid input. */
#define MARK0 0xEF
#define MARK1 0xB7
#define MARK2 0x90

enum { C_PLAIN = 0, C_DELIM, C_QUOTE, C_LF, C_CR, C_NUL, C_HIGH };

typedef struct csv_source {
	ds__source base;
	ds__recbuild rb;
	/* input */
	int fd;			  /* the file, or -1 for memory */
	const unsigned char *mem; /* the memory given */
	size_t mem_len;
	unsigned char *raw;  /* the file's read buffer */
	size_t raw_len;	     /* bytes in raw */
	size_t raw_pos;	     /* converted mode: bytes of raw given to the converter */
	uint64_t raw_offset; /* input offset of raw[0] (or of the memory's start: 0) */
	int raw_eof;	     /* the file has no more bytes */
	/* the UTF-8 text window */
	const unsigned char *p, *end;
	int eof;	      /* nothing beyond end */
	int converted;	      /* the text comes from ICU */
	unsigned char *text;  /* converted text buffer */
	const char *src_next; /* converted mode: next input byte for the converter */
	const char *src_limit;
	UConverter *from, *to;
	UChar pivot[PIVOT_SIZE];
	UChar *pivot_source, *pivot_target;
	int conv_started;
	int flushed;
	/* parsing */
	unsigned char cls[256];	 /* byte classes outside quotes */
	unsigned char qcls[256]; /* inside quotes */
	long line;		 /* the current physical line */
	long number;		 /* data records delivered */
	int in_header;		 /* reading the header record */
	int pending;		 /* the first record (headerless) is read, not yet delivered */
	long pending_line;
} csv_source;

/* ---------------------------------------------------------------- input */

static int read_more(csv_source *cs, unsigned char *into, size_t room, size_t *got)
{
	ssize_t n;

	*got = 0;
	while (room > 0) {
		n = read(cs->fd, into + *got, room);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			ds__error_at(DS_EIO, (int)cs->line, 0, NULL, "%s: read failed: %s", cs->base.location,
				     strerror(errno));
			ds__error_cause("errno", errno);
			return DS_EIO;
		}
		if (n == 0) {
			cs->raw_eof = 1;
			break;
		}
		*got += (size_t)n;
		room -= (size_t)n;
	}
	return DS_OK;
}

/* Converted mode: convert more input into text[keep...]. */
static int convert_more(csv_source *cs, size_t keep)
{
	char *target = (char *)cs->text + keep, *limit = (char *)cs->text + TEXT_SIZE;
	UErrorCode err;
	int rc;

	while (target == (char *)cs->text + keep && !cs->flushed) {
		int flush;
		if (cs->fd >= 0 && cs->src_next == cs->src_limit && !cs->raw_eof) {
			size_t got;
			if ((rc = read_more(cs, cs->raw, RAW_SIZE, &got)) < 0)
				return rc;
			cs->raw_offset += cs->raw_len;
			cs->raw_len = got;
			cs->src_next = (const char *)cs->raw;
			cs->src_limit = (const char *)cs->raw + got;
		}
		flush = cs->fd < 0 || cs->raw_eof;
		err = U_ZERO_ERROR;
		ucnv_convertEx(cs->to, cs->from, &target, limit, &cs->src_next, cs->src_limit, cs->pivot,
			       &cs->pivot_source, &cs->pivot_target, cs->pivot + PIVOT_SIZE, !cs->conv_started, flush,
			       &err);
		cs->conv_started = 1;
		if (err == U_BUFFER_OVERFLOW_ERROR)
			break;
		if (U_FAILURE(err)) {
			ds__error_at(DS_EINTERNAL, (int)cs->line, 0, NULL, "%s: converting from %s failed: %s",
				     cs->base.location, cs->base.encoding, u_errorName(err));
			ds__error_cause("icu", (long)err);
			return DS_EINTERNAL;
		}
		if (flush && cs->src_next == cs->src_limit)
			cs->flushed = 1;
	}
	cs->p = cs->text;
	cs->end = (const unsigned char *)target;
	if (cs->end == cs->p && cs->flushed)
		cs->eof = 1;
	return DS_OK;
}

/* Add text to the window, keeping [p, end): the number of bytes added, 0 at
 * the end of the input, or a negative code. */
static int refill(csv_source *cs)
{
	size_t keep = (size_t)(cs->end - cs->p), before = keep, got;
	int rc;

	if (cs->eof)
		return 0;
	if (cs->converted) {
		memmove(cs->text, cs->p, keep);
		if ((rc = convert_more(cs, keep)) < 0)
			return rc;
		return (int)(cs->end - cs->p - before);
	}
	if (cs->fd < 0 || cs->raw_eof) {
		cs->eof = 1;
		return 0;
	}
	cs->raw_offset += (uint64_t)(cs->p - cs->raw);
	memmove(cs->raw, cs->p, keep);
	if ((rc = read_more(cs, cs->raw + keep, RAW_SIZE - keep, &got)) < 0)
		return rc;
	cs->raw_len = keep + got;
	cs->p = cs->raw;
	cs->end = cs->raw + cs->raw_len;
	if (got == 0)
		cs->eof = 1;
	return (int)got;
}

/* At least @n bytes in the window unless the input ends first: the bytes
 * available (up to @n), or a negative code. */
static int need(csv_source *cs, size_t n)
{
	int rc;

	while ((size_t)(cs->end - cs->p) < n) {
		if ((rc = refill(cs)) < 0)
			return rc;
		if (rc == 0)
			break;
	}
	return (size_t)(cs->end - cs->p) < n ? (int)(cs->end - cs->p) : (int)n;
}

static void update_progress(csv_source *cs)
{
	if (cs->converted)
		cs->base.bytes_done = cs->fd >= 0 ? cs->raw_offset + (uint64_t)(cs->src_next - (const char *)cs->raw) :
						    (uint64_t)(cs->src_next - (const char *)cs->mem);
	else if (cs->fd >= 0)
		cs->base.bytes_done = cs->raw_offset + (uint64_t)(cs->p - cs->raw);
	else
		cs->base.bytes_done = (uint64_t)(cs->p - cs->mem);
}

/* ---------------------------------------------------------------- scanning */

#define ONES 0x0101010101010101u
#define HIGHS 0x8080808080808080u
#define HAS_ZERO(v) (((v)-ONES) & ~(v)&HIGHS)

/*
 * The first byte at or after @p whose class in @cls is not plain: a high
 * bit, a NUL, CR, LF, the quote or @delim (the quote again inside quotes).
 * Sixteen bytes at a time with SSE2, else eight with word arithmetic; a
 * block with none of them is skipped whole.
 */
static inline const unsigned char *scan(const unsigned char *p, const unsigned char *end, const unsigned char *cls,
					unsigned char delim)
{
#if defined(__SSE2__)
	const __m128i vdelim = _mm_set1_epi8((char)delim), vquote = _mm_set1_epi8('"'), vlf = _mm_set1_epi8('\n'),
		      vcr = _mm_set1_epi8('\r'), vzero = _mm_setzero_si128();

	while (end - p >= 16) {
		__m128i v = _mm_loadu_si128((const __m128i *)(const void *)p);
		__m128i m = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, vdelim), _mm_cmpeq_epi8(v, vquote)),
					 _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, vlf), _mm_cmpeq_epi8(v, vcr)),
						      _mm_cmpeq_epi8(v, vzero)));
		/* the high bit of v itself flags the non-ASCII bytes */
		unsigned int bits = (unsigned int)_mm_movemask_epi8(_mm_or_si128(m, v));
		if (bits)
			return p + __builtin_ctz(bits);
		p += 16;
	}
#else
	const uint64_t kdelim = ONES * delim, kquote = ONES * '"', klf = ONES * '\n', kcr = ONES * '\r';

	while (end - p >= 8) {
		uint64_t v, m;
		memcpy(&v, p, 8);
		m = (v & HIGHS) | HAS_ZERO(v) | HAS_ZERO(v ^ kdelim) | HAS_ZERO(v ^ kquote) | HAS_ZERO(v ^ klf) |
		    HAS_ZERO(v ^ kcr);
		if (m)
			break; /* the byte loop finds which */
		p += 8;
	}
#endif
	while (p < end && !cls[*p])
		p++;
	return p;
}

static int is_mark(const unsigned char *p)
{
	return p[0] == MARK0 && p[1] == MARK1 && p[2] == MARK2;
}

/*
 * Append the text from the window up to the next byte that needs attention
 * (per @cls), valid multi-byte characters included: the fast path.
 */
static inline int take_run(csv_source *cs, const unsigned char *cls, unsigned char delim)
{
	const unsigned char *p = cs->p, *end = cs->end, *run = p;
	uint64_t cont = 0;
	int k;

	for (;;) {
		p = scan(p, end, cls, delim);
		/* characters in a row (CJK text) without going back to scan */
		while (p < end && *p >= 0x80) {
			if (end - p < 4 && !cs->eof)
				goto done; /* maybe cut by the window: need() it */
			/* most CJK: a lead byte E1..EC or EE..EF and two continuations */
			if (end - p >= 3 && p[0] >= 0xE1 && p[0] <= 0xEF && p[0] != 0xED &&
			    ((p[1] & p[2]) & 0xC0) == 0x80 && ((p[1] | p[2]) & 0x40) == 0 && !cs->converted) {
				p += 3;
				cont += 2;
				continue;
			}
			k = ds__utf8_seq(p, (size_t)(end - p));
			if (k <= 0 || (k == 3 && cs->converted && is_mark(p)))
				goto done;
			p += k;
			cont += (uint64_t)k - 1;
		}
		if (p == end || cls[*p])
			break;
	}
done:
	cs->p = p;
	if (p == run)
		return DS_OK;
	return ds__rb_append(&cs->rb, (const char *)run, (size_t)(p - run), (uint64_t)(p - run) - cont);
}

/* The byte at p is a NUL or starts a multi-byte sequence that take_run left. */
static int take_special(csv_source *cs)
{
	ds__recbuild *rb = &cs->rb;
	int rc, k;

	if (*cs->p == 0) {
		ds__source_problem(&cs->base, DS__SRC_NUL_BYTE, cs->line, (long)rb->nfields + 1, rb->record,
				   "NUL byte dropped");
		cs->p++;
		return DS_OK;
	}
	if ((rc = need(cs, 4)) < 0)
		return rc;
	k = ds__utf8_seq(cs->p, (size_t)(cs->end - cs->p));
	if (k > 0 && !(k == 3 && cs->converted && is_mark(cs->p))) {
		rc = ds__rb_append(rb, (const char *)cs->p, (size_t)k, 1);
		cs->p += k;
		return rc;
	}
	if (k > 0) {
		ds__source_problem(&cs->base, DS__SRC_INVALID_BYTES, cs->line, (long)rb->nfields + 1, rb->record,
				   "a byte sequence invalid in %s: replaced by U+FFFD", cs->base.encoding);
	} else {
		ds__source_problem(&cs->base, DS__SRC_INVALID_BYTES, cs->line, (long)rb->nfields + 1, rb->record,
				   "invalid UTF-8 byte 0x%02X: replaced by U+FFFD", *cs->p);
		k = -k;
	}
	cs->p += k;
	return ds__rb_append(rb, DS__REPLACEMENT, 3, 1);
}

/* After a CR: consume the LF of a CRLF. */
static int eat_lf(csv_source *cs)
{
	int rc = need(cs, 1);
	if (rc > 0 && *cs->p == '\n')
		cs->p++;
	return rc < 0 ? rc : DS_OK;
}

/* Read one record into the builder: 1, 0 at the end of the input, or a
 * negative code. @start_line receives where it starts. */
static int read_record(csv_source *cs, long *start_line)
{
	ds__recbuild *rb = &cs->rb;
	long quote_line;
	int rc;

	/* skip empty lines */
	for (;;) {
		if (cs->p == cs->end) {
			if ((rc = refill(cs)) < 0)
				return rc;
			if (rc == 0)
				return 0;
		}
		if (*cs->p == '\n') {
			cs->p++;
		} else if (*cs->p == '\r') {
			cs->p++;
			if ((rc = eat_lf(cs)) < 0)
				return rc;
		} else {
			break;
		}
		cs->line++;
	}
	*start_line = cs->line;
	ds__rb_begin(rb, cs->in_header ? 0 : cs->number + 1);

next_field:
	if ((rc = ds__rb_field_begin(rb, cs->line)) < 0)
		return rc;
	if ((rc = need(cs, 1)) < 0)
		return rc;
	if (rc == 0)
		goto end_record;
	if (*cs->p == '"') {
		cs->p++;
		goto quoted;
	}
unquoted:
	for (;;) {
		if ((rc = take_run(cs, cs->cls, (unsigned char)cs->base.delimiter)) < 0)
			return rc;
		if (cs->p == cs->end) {
			if ((rc = refill(cs)) < 0)
				return rc;
			if (rc == 0)
				goto end_record;
			continue;
		}
		switch (cs->cls[*cs->p]) {
		case C_DELIM:
			cs->p++;
			if ((rc = ds__rb_field_end(rb)) < 0)
				return rc;
			goto next_field;
		case C_LF:
			cs->p++;
			cs->line++;
			goto end_record;
		case C_CR:
			cs->p++;
			cs->line++;
			if ((rc = eat_lf(cs)) < 0)
				return rc;
			goto end_record;
		case C_QUOTE:
			ds__source_problem(&cs->base, DS__SRC_STRAY_QUOTE, cs->line, (long)rb->nfields + 1, rb->record,
					   "a quote inside an unquoted field: kept as text");
			cs->p++;
			if ((rc = ds__rb_append(rb, "\"", 1, 1)) < 0)
				return rc;
			break;
		default:
			if ((rc = take_special(cs)) < 0)
				return rc;
			break;
		}
	}

quoted:
	quote_line = cs->line;
	for (;;) {
		if ((rc = take_run(cs, cs->qcls, '"')) < 0)
			return rc;
		if (cs->p == cs->end) {
			if ((rc = refill(cs)) < 0)
				return rc;
			if (rc == 0) {
				ds__source_problem(&cs->base, DS__SRC_UNTERMINATED_QUOTE, quote_line,
						   (long)rb->nfields + 1, rb->record,
						   "the quoted field is still open at the end of the input");
				goto end_record;
			}
			continue;
		}
		switch (cs->qcls[*cs->p]) {
		case C_QUOTE:
			if ((rc = need(cs, 2)) < 0)
				return rc;
			if (rc == 2 && cs->p[1] == '"') {
				cs->p += 2;
				if ((rc = ds__rb_append(rb, "\"", 1, 1)) < 0)
					return rc;
				break;
			}
			cs->p++;
			goto after_quote;
		case C_LF:
			cs->p++;
			cs->line++;
			if ((rc = ds__rb_append(rb, "\n", 1, 1)) < 0)
				return rc;
			break;
		case C_CR:
			cs->p++;
			cs->line++;
			if ((rc = need(cs, 1)) < 0)
				return rc;
			if (rc > 0 && *cs->p == '\n') {
				cs->p++;
				rc = ds__rb_append(rb, "\r\n", 2, 2);
			} else {
				rc = ds__rb_append(rb, "\r", 1, 1);
			}
			if (rc < 0)
				return rc;
			break;
		default:
			if ((rc = take_special(cs)) < 0)
				return rc;
			break;
		}
	}

after_quote:
	if ((rc = need(cs, 1)) < 0)
		return rc;
	if (rc == 0)
		goto end_record;
	switch (cs->cls[*cs->p]) {
	case C_DELIM:
		cs->p++;
		if ((rc = ds__rb_field_end(rb)) < 0)
			return rc;
		goto next_field;
	case C_LF:
		cs->p++;
		cs->line++;
		goto end_record;
	case C_CR:
		cs->p++;
		cs->line++;
		if ((rc = eat_lf(cs)) < 0)
			return rc;
		goto end_record;
	default:
		/* text after the closing quote is kept, as Python's csv does */
		ds__source_problem(&cs->base, DS__SRC_STRAY_QUOTE, cs->line, (long)rb->nfields + 1, rb->record,
				   "text after a closing quote: kept");
		goto unquoted;
	}

end_record:
	if ((rc = ds__rb_field_end(rb)) < 0)
		return rc;
	if (rb->dropped)
		ds__source_problem(&cs->base, DS__SRC_RAGGED_ROW, *start_line, 0, rb->record,
				   "%llu fields: only the first %u are kept",
				   (unsigned long long)(rb->nfields + rb->dropped), (unsigned)DS__SOURCE_MAX_FIELDS);
	else if (!cs->in_header && cs->base.ncolumns && rb->nfields != cs->base.ncolumns)
		ds__source_problem(&cs->base, DS__SRC_RAGGED_ROW, *start_line, 0, rb->record,
				   "%zu fields, the header has %zu", rb->nfields, cs->base.ncolumns);
	return 1;
}

static int csv_next(ds__source *s, ds__record *rec)
{
	csv_source *cs = (csv_source *)s;
	long line = 0;
	int rc;

	if (cs->pending) {
		cs->pending = 0;
		line = cs->pending_line;
		rc = 1;
	} else {
		rc = read_record(cs, &line);
	}
	update_progress(cs);
	if (rc <= 0)
		return rc;
	cs->number++;
	ds__rb_deliver(&cs->rb, rec, line, cs->number);
	return 1;
}

static void csv_close(ds__source *s)
{
	csv_source *cs = (csv_source *)s;

	if (cs->fd >= 0)
		close(cs->fd);
	if (cs->from)
		ucnv_close(cs->from);
	if (cs->to)
		ucnv_close(cs->to);
	ds__free(cs->raw);
	ds__free(cs->text);
	ds__rb_dispose(&cs->rb);
	ds__source_free_common(s);
	ds__free(cs);
}

static const ds__source_ops csv_ops = { csv_next, csv_close };

/* ---------------------------------------------------------------- detection */

/* The to-Unicode callback: an invalid or unmappable sequence becomes U+FDD0,
 * which the parser reports with its place and replaces by U+FFFD. */
static void mark_invalid(const void *context, UConverterToUnicodeArgs *args, const char *units, int32_t length,
			 UConverterCallbackReason reason, UErrorCode *err)
{
	static const UChar mark = 0xFDD0;
	(void)context;
	(void)units;
	(void)length;
	if (reason > UCNV_IRREGULAR)
		return;
	*err = U_ZERO_ERROR;
	ucnv_cbToUWriteUChars(args, &mark, 1, 0, err);
}

/* Whether @p[@n] reads as UTF-8, a sequence cut by the end allowed when @cut:
 * valid, or with invalid sequences (maximal ill-formed subparts) at most 1 %
 * of the valid multi-byte sequences -- one stray byte in a UTF-8 file does not
 * make it GB18030, while GBK/GB18030 text, whose double-byte characters rarely
 * form valid UTF-8, has far more invalid than valid sequences. The invalid
 * bytes are then reported like any other (line, column) while reading. */
static int reads_as_utf8(const unsigned char *p, size_t n, int cut)
{
	const unsigned char *end = p + n;
	uint64_t valid = 0, invalid = 0;
	int k;

	while (p < end) {
		/* ASCII eight bytes at a time */
		while (end - p >= 8) {
			uint64_t v;
			memcpy(&v, p, 8);
			if (v & HIGHS)
				break;
			p += 8;
		}
		if (p == end)
			break;
		if (*p < 0x80) {
			p++;
			continue;
		}
		k = ds__utf8_seq(p, (size_t)(end - p));
		if (k > 0) {
			valid++;
			p += k;
			continue;
		}
		/* a prefix of a valid sequence cut by the sample's end */
		if (cut && p - k == end)
			break;
		invalid++;
		p -= k;
	}
	return invalid * 100 <= valid;
}

static int detect_encoding(csv_source *cs, const unsigned char *sample, size_t n, int whole)
{
	static const char *const candidates[] = { "GB18030", "UTF-16LE", "UTF-16BE" };
	UCharsetDetector *det = NULL;
	const UCharsetMatch **matches;
	int32_t nmatches = 0, i, best = -1, best_conf = 0;
	UErrorCode err = U_ZERO_ERROR;
	size_t j, zero_even = 0, zero_odd = 0;
	int looks_utf16;

	for (j = 0; j < n; j++) {
		if (sample[j] == 0) {
			if (j & 1)
				zero_odd++;
			else
				zero_even++;
		}
	}
	/* NULs are valid UTF-8, but many of them on one parity are UTF-16's
	 * zero high bytes of ASCII */
	looks_utf16 = (zero_odd + zero_even) * 8 >= n && (zero_odd >= 3 * zero_even || zero_even >= 3 * zero_odd);
	if (!looks_utf16 && reads_as_utf8(sample, n, !whole)) {
		strcpy(cs->base.encoding, "UTF-8");
		return DS_OK;
	}
	det = ucsdet_open(&err);
	if (U_SUCCESS(err))
		ucsdet_setText(det, (const char *)sample, (int32_t)n, &err);
	if (U_SUCCESS(err))
		matches = ucsdet_detectAll(det, &nmatches, &err);
	if (U_SUCCESS(err)) {
		for (i = 0; i < nmatches; i++) {
			const char *name = ucsdet_getName(matches[i], &err);
			int32_t conf = ucsdet_getConfidence(matches[i], &err);
			size_t c;
			if (U_FAILURE(err))
				break;
			for (c = 0; c < sizeof candidates / sizeof *candidates; c++) {
				/* UTF-16 only with the zero bytes CSV punctuation
				 * gives it (one per line at least), on its parity */
				if (c == 1 && !(zero_odd > zero_even && (zero_odd + zero_even) * 512 >= n))
					continue;
				if (c == 2 && !(zero_even > zero_odd && (zero_odd + zero_even) * 512 >= n))
					continue;
				if (strcmp(name, candidates[c]) == 0 && conf > best_conf) {
					best = (int32_t)c;
					best_conf = conf;
				}
			}
		}
	}
	ucsdet_close(det);
	if (best >= 0) {
		strcpy(cs->base.encoding, candidates[best]);
		return DS_OK;
	}
	if (zero_odd > 4 * zero_even && zero_odd * 16 >= n)
		strcpy(cs->base.encoding, "UTF-16LE");
	else if (zero_even > 4 * zero_odd && zero_even * 16 >= n)
		strcpy(cs->base.encoding, "UTF-16BE");
	else
		strcpy(cs->base.encoding, "GB18030");
	return DS_OK;
}

/* For "utf-16" without a BOM: the byte order from where the NULs sit (ASCII
 * punctuation has a zero high byte), big-endian when undecided (RFC 2781). */
static const char *utf16_order(const unsigned char *sample, size_t n)
{
	size_t j, zero_even = 0, zero_odd = 0;
	for (j = 0; j < n; j++)
		if (sample[j] == 0) {
			if (j & 1)
				zero_odd++;
			else
				zero_even++;
		}
	return zero_odd > zero_even ? "UTF-16LE" : "UTF-16BE";
}

/*
 * Pick the delimiter from the first lines of text. Per line, each candidate
 * is counted outside quotes; a quote opens a quoted field only at the start
 * of a line or right after a candidate (a quote inside an unquoted field is
 * text), and "" inside quotes is an escaped quote. The candidate whose most
 * common per-line count (> 0) holds on the most lines wins, then the larger
 * count, then the order , TAB ; | -- a ragged row or two does not mislead
 * it. With no such candidate, the most frequent overall; "," when none occurs.
 */
static char detect_delimiter(const unsigned char *p, const unsigned char *end, int eof)
{
	static const char cand[4] = { ',', '\t', ';', '|' };
	size_t counts[4][DELIM_LINES], count[4] = { 0 }, total[4] = { 0 };
	size_t best_lines = 0, best_mode = 0, i, j;
	int lines = 0, in_quotes = 0, field_start = 1, c, best = -1;
	const unsigned char *q;

	for (q = p; q < end && lines < DELIM_LINES; q++) {
		int is_cand = 0, line_end;
		if (in_quotes) {
			if (*q == '"') {
				if (q + 1 < end && q[1] == '"')
					q++;
				else
					in_quotes = 0;
			}
			continue;
		}
		if (*q == '"' && field_start) {
			in_quotes = 1;
			field_start = 0;
			continue;
		}
		for (c = 0; c < 4; c++) {
			if (*q == (unsigned char)cand[c]) {
				count[c]++;
				is_cand = 1;
			}
		}
		line_end = *q == '\n' || *q == '\r';
		field_start = is_cand || line_end;
		if (!line_end && !(q + 1 == end && eof))
			continue;
		if (*q == '\r' && q + 1 < end && q[1] == '\n')
			q++;
		for (c = 0; c < 4; c++) {
			counts[c][lines] = count[c];
			total[c] += count[c];
			count[c] = 0;
		}
		lines++;
	}
	for (c = 0; c < 4; c++) {
		/* the most common count on the lines, and on how many */
		for (i = 0; i < (size_t)lines; i++) {
			size_t agree = 0;
			if (counts[c][i] == 0)
				continue;
			for (j = 0; j < (size_t)lines; j++)
				agree += counts[c][j] == counts[c][i];
			if (agree > best_lines || (agree == best_lines && counts[c][i] > best_mode)) {
				best = c;
				best_lines = agree;
				best_mode = counts[c][i];
			}
		}
	}
	if (best >= 0)
		return cand[best];
	/* no complete line: the partial first one */
	for (c = 0; c < 4; c++) {
		total[c] += count[c];
		if (total[c] > 0 && (best < 0 || total[c] > total[best]))
			best = c;
	}
	return best >= 0 ? cand[best] : ',';
}

/* ---------------------------------------------------------------- opening */

static int parse_encoding(const char *name, const char **icu_name)
{
	static const struct {
		const char *given, *icu;
	} names[] = {
		{ "auto", NULL },	  { "utf-8", "UTF-8" },	      { "utf8", "UTF-8" },
		{ "gb18030", "GB18030" }, { "gbk", "GB18030" },	      { "gb2312", "GB18030" },
		{ "utf-16", "UTF-16" },	  { "utf-16le", "UTF-16LE" }, { "utf-16be", "UTF-16BE" },
	};
	size_t i;

	*icu_name = NULL;
	if (!name)
		return DS_OK;
	for (i = 0; i < sizeof names / sizeof *names; i++) {
		if (strcasecmp(name, names[i].given) == 0) {
			*icu_name = names[i].icu;
			return DS_OK;
		}
	}
	return ds__error_at(DS_EINVAL, 0, 0, "encoding",
			    "unknown encoding '%.40s': use auto, utf-8, gb18030 (gbk), utf-16, utf-16le or utf-16be",
			    name);
}

static void set_classes(csv_source *cs, char delim)
{
	unsigned int c;

	memset(cs->cls, C_PLAIN, sizeof cs->cls);
	for (c = 0x80; c < 256; c++)
		cs->cls[c] = C_HIGH;
	cs->cls[0] = C_NUL;
	cs->cls['\n'] = C_LF;
	cs->cls['\r'] = C_CR;
	cs->cls['"'] = C_QUOTE;
	memcpy(cs->qcls, cs->cls, sizeof cs->qcls);
	cs->cls[(unsigned char)delim] = C_DELIM;
}

/* Read the header (or, headerless, the first record) and name the columns. */
static int read_header(csv_source *cs, const ds__csv_options *opt)
{
	char **names = NULL;
	long line = 0;
	size_t i;
	int rc;

	cs->in_header = !opt->no_header;
	rc = read_record(cs, &line);
	cs->in_header = 0;
	if (rc < 0)
		return rc;
	if (rc == 0)
		return ds__error_at(DS_EINVAL, 1, 0, NULL, "%s: empty file (only empty lines)", cs->base.location);
	if (!(names = ds__calloc(cs->rb.nfields, sizeof *names)))
		return ds__enomem();
	if (!opt->no_header) {
		for (i = 0; i < cs->rb.nfields; i++) {
			if (!(names[i] = ds__strdup(cs->rb.buf + cs->rb.off[i]))) {
				while (i-- > 0)
					ds__free(names[i]);
				ds__free(names);
				return ds__enomem();
			}
		}
	} else {
		cs->pending = 1;
		cs->pending_line = line;
	}
	cs->base.header = !opt->no_header;
	return ds__source_set_names(&cs->base, names, cs->rb.nfields, opt->no_header ? 0 : line);
}

static int open_common(csv_source *cs, const ds__csv_options *opt)
{
	static const ds__csv_options defaults = { NULL, 0, 0 };
	const unsigned char *start, *sample;
	const char *given = NULL;
	size_t avail, skip = 0;
	int rc, whole;

	if (!opt)
		opt = &defaults;
	if ((rc = parse_encoding(opt->encoding, &given)) < 0)
		return rc;
	if (opt->delimiter == '"' || opt->delimiter == '\n' || opt->delimiter == '\r' ||
	    (unsigned char)opt->delimiter >= 0x80)
		return ds__error_at(DS_EINVAL, 0, 0, "delimiter",
				    "the delimiter 0x%02X cannot be used: a quote, CR, LF or a non-ASCII byte",
				    (unsigned char)opt->delimiter);
	if ((rc = ds__init()) < 0)
		return rc;
	if (cs->fd >= 0) {
		if (!(cs->raw = ds__malloc(RAW_SIZE)))
			return ds__enomem();
		if ((rc = read_more(cs, cs->raw, RAW_SIZE, &cs->raw_len)) < 0)
			return rc;
		start = cs->raw;
		avail = cs->raw_len;
		whole = cs->raw_eof;
	} else {
		start = cs->mem;
		avail = cs->mem_len;
		whole = 1;
	}
	/* a byte-order mark: decides when detecting or for "utf-16", and is
	 * skipped when it agrees with the encoding given; a mark contradicting
	 * the caller's encoding is left as text */
	if (avail >= 3 && start[0] == 0xEF && start[1] == 0xBB && start[2] == 0xBF &&
	    (!given || strcmp(given, "UTF-8") == 0)) {
		skip = 3;
		given = "UTF-8";
	} else if (avail >= 2 && start[0] == 0xFF && start[1] == 0xFE &&
		   (!given || strcmp(given, "UTF-16") == 0 || strcmp(given, "UTF-16LE") == 0)) {
		skip = 2;
		given = "UTF-16LE";
	} else if (avail >= 2 && start[0] == 0xFE && start[1] == 0xFF &&
		   (!given || strcmp(given, "UTF-16") == 0 || strcmp(given, "UTF-16BE") == 0)) {
		skip = 2;
		given = "UTF-16BE";
	}
	cs->base.bom = skip > 0;
	if (avail == skip)
		return ds__error_at(DS_EINVAL, 1, 0, NULL, "%s: empty file", cs->base.location);
	sample = start + skip;
	cs->base.encoding_detected = !opt->encoding || strcasecmp(opt->encoding, "auto") == 0;
	if (given && strcmp(given, "UTF-16") == 0)
		given = utf16_order(sample, avail - skip < SAMPLE_SIZE ? avail - skip : SAMPLE_SIZE);
	if (given)
		snprintf(cs->base.encoding, sizeof cs->base.encoding, "%s", given);
	else if (avail - skip <= SAMPLE_SIZE)
		detect_encoding(cs, sample, avail - skip, whole);
	else
		detect_encoding(cs, sample, SAMPLE_SIZE, 0);

	if (strcmp(cs->base.encoding, "UTF-8") == 0) {
		cs->p = sample;
		cs->end = start + avail;
		cs->eof = whole;
	} else {
		UErrorCode err = U_ZERO_ERROR;
		cs->converted = 1;
		if (!(cs->text = ds__malloc(TEXT_SIZE)))
			return ds__enomem();
		cs->from = ucnv_open(cs->base.encoding, &err);
		if (U_SUCCESS(err))
			cs->to = ucnv_open("UTF-8", &err);
		if (U_SUCCESS(err))
			ucnv_setToUCallBack(cs->from, mark_invalid, NULL, NULL, NULL, &err);
		if (U_FAILURE(err)) {
			ds__error(DS_EINTERNAL, "ICU cannot open a %s converter: %s", cs->base.encoding,
				  u_errorName(err));
			ds__error_cause("icu", (long)err);
			return DS_EINTERNAL;
		}
		cs->pivot_source = cs->pivot_target = cs->pivot;
		cs->src_next = (const char *)sample;
		cs->src_limit = (const char *)start + avail;
		cs->p = cs->end = cs->text;
		if ((rc = convert_more(cs, 0)) < 0)
			return rc;
		if (cs->fd >= 0 && !cs->raw_eof) /* a fuller window for the delimiter */
			need(cs, TEXT_SIZE / 2);
	}
	cs->base.delimiter = opt->delimiter ? opt->delimiter : detect_delimiter(cs->p, cs->end, cs->eof);
	set_classes(cs, cs->base.delimiter);
	cs->line = 1;
	if ((rc = read_header(cs, opt)) < 0)
		return rc;
	update_progress(cs);
	return DS_OK;
}

static int new_source(csv_source **out, const char *location)
{
	csv_source *cs = ds__calloc(1, sizeof *cs);

	if (!cs)
		return ds__enomem();
	cs->base.ops = &csv_ops;
	cs->base.kind = "csv";
	cs->fd = -1;
	ds__rb_init(&cs->rb, &cs->base);
	if (!(cs->base.location = ds__strdup(location))) {
		ds__free(cs);
		return ds__enomem();
	}
	*out = cs;
	return DS_OK;
}

int ds__source_open_csv(ds__source **out, const char *path, const ds__csv_options *opt)
{
	csv_source *cs = NULL;
	struct stat st;
	int rc;

	*out = NULL;
	if (!path)
		return ds__error_at(DS_EINVAL, 0, 0, "path", "no path given");
	if ((rc = new_source(&cs, path)) < 0)
		return rc;
	cs->fd = open(path, O_RDONLY | O_CLOEXEC);
	if (cs->fd < 0) {
		rc = ds__error(DS_EIO, "%s: cannot open: %s", path, strerror(errno));
		ds__error_cause("errno", errno);
		goto done;
	}
	if (fstat(cs->fd, &st) == 0 && S_ISREG(st.st_mode))
		cs->base.bytes_total = (uint64_t)st.st_size;
	if ((rc = open_common(cs, opt)) < 0)
		goto done;
	*out = &cs->base;
	cs = NULL;
done:
	if (cs)
		csv_close(&cs->base);
	return rc;
}

int ds__source_open_csv_memory(ds__source **out, const char *data, size_t len, const char *name,
			       const ds__csv_options *opt)
{
	csv_source *cs = NULL;
	int rc;

	*out = NULL;
	if (!data && len)
		return ds__error_at(DS_EINVAL, 0, 0, "data", "no data given");
	if ((rc = new_source(&cs, name ? name : "(memory)")) < 0)
		return rc;
	cs->mem = (const unsigned char *)(data ? data : "");
	cs->mem_len = len;
	cs->base.bytes_total = len;
	if ((rc = open_common(cs, opt)) < 0)
		goto done;
	*out = &cs->base;
	cs = NULL;
done:
	if (cs)
		csv_close(&cs->base);
	return rc;
}
