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
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#ifdef HAVE_ZLIB
#include <zlib.h>
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
	int stream;		  /* the text comes through the read buffer (a file, or gzip) */
	const unsigned char *mem; /* the memory given */
	size_t mem_len;
	unsigned char *raw;  /* the file's read buffer */
	size_t raw_len;	     /* bytes in raw */
	size_t raw_pos;	     /* converted mode: bytes of raw given to the converter */
	uint64_t raw_offset; /* input offset of raw[0] (or of the memory's start: 0) */
	int raw_eof;	     /* the file has no more bytes */
#ifdef HAVE_ZLIB
	/* gzip input: the compressed bytes (file or memory) inflated into raw */
	int gz;
	z_stream zs;
	unsigned char *gzin; /* compressed read buffer (files) */
	int gz_in_eof;	     /* no more compressed bytes */
	uint64_t gz_in_read; /* compressed bytes given to zlib so far */
	uint64_t gz_members; /* gzip members finished */
#endif
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
	int comment;	   /* the comment byte (lines starting with it are skipped), or 0 */
	uint64_t comments; /* comment lines skipped after the header */
	int comments_warned;
	size_t skipped; /* records skipped before the header */
	/* parallel parsing (csv_chunks_begin): the input cut into chunks */
	int chunked;
	struct ds__chunk *chunks; /* [nchunks] the chunks read and not yet settled */
	size_t nchunks;
	unsigned char *carry; /* streams: bytes read, not yet in a chunk (from carry_off) */
	size_t carry_off, carry_len;
	size_t mem_pos;		/* memory: where the next chunk starts */
	uint64_t stream_pos;	/* streams: text bytes handed out in chunks (for progress) */
	uint64_t chunk_next_id; /* the id the next chunk read gets */
	int64_t serial_chunk;	/* the last chunk in the window of next()'s reader (-1: none) */
	uint64_t win_off;	/* streams: the text offset of raw[0] */
} csv_source;

/* A chunk of the input (see ds__source_ops.chunks_begin). */
struct ds__chunk {
	csv_source *owner;
	int used;  /* read, not yet settled */
	int final; /* it ends the input */
	int cut;   /* it does not end after a line end: never parsed on its own */
	int ok;	   /* chunk_parse read it whole, as records, with no problem */
	uint64_t id;
	uint64_t start;	    /* the text offset of its first byte */
	unsigned char *buf; /* streams: its bytes (memory: in place) */
	const unsigned char *data;
	size_t len;
	uint64_t done; /* bytes_done once it is read */
	long lines;    /* line ends in it (ok) */
	long records;  /* records in it (ok) */
	/* the parse on a thread: one record at a time, its fields in place */
	size_t cap;		/* fields the arrays below hold */
	const char **text;	/* [cap] */
	size_t *flen;		/* [cap] */
	uint64_t *fbytes;	/* [cap] */
	uint64_t *fchars;	/* [cap] */
	unsigned char *scratch; /* quoted fields with "" undone, back to back */
};

/* The size of the chunks parsed in parallel; the tests lower it. */
#define CHUNK_SIZE (128u * 1024)
size_t ds__csv_chunk_size = CHUNK_SIZE;

/* ---------------------------------------------------------------- input */

static int read_fd(csv_source *cs, unsigned char *into, size_t room, size_t *got);

#ifdef HAVE_ZLIB
/* gzip input: inflate into @into[@room] (several members one after the
 * other, as gzip -d reads them); a corrupt or cut stream is an error. */
static int gz_read(csv_source *cs, unsigned char *into, size_t room, size_t *got)
{
	int rc, zrc;

	*got = 0;
	while (room > *got && !cs->raw_eof) {
		if (cs->zs.avail_in == 0 && !cs->gz_in_eof) {
			size_t n;
			int eof_before = cs->raw_eof;
			if ((rc = read_fd(cs, cs->gzin, RAW_SIZE, &n)) < 0)
				return rc;
			cs->gz_in_eof = cs->raw_eof;
			cs->raw_eof = eof_before;
			cs->zs.next_in = cs->gzin;
			cs->zs.avail_in = (uInt)n;
			cs->gz_in_read += n;
		}
		cs->zs.next_out = into + *got;
		cs->zs.avail_out = (uInt)(room - *got);
		zrc = inflate(&cs->zs, Z_NO_FLUSH);
		*got = room - cs->zs.avail_out;
		if (zrc == Z_STREAM_END) {
			cs->gz_members++;
			if (cs->zs.avail_in == 0 && !cs->gz_in_eof) {
				size_t n;
				int eof_before = cs->raw_eof;
				if ((rc = read_fd(cs, cs->gzin, RAW_SIZE, &n)) < 0)
					return rc;
				cs->gz_in_eof = cs->raw_eof;
				cs->raw_eof = eof_before;
				cs->zs.next_in = cs->gzin;
				cs->zs.avail_in = (uInt)n;
				cs->gz_in_read += n;
			}
			if (cs->zs.avail_in == 0) {
				cs->raw_eof = 1;
				break;
			}
			if (cs->zs.next_in[0] != 0x1F) {
				/* bytes after the last member (padding): gzip -d ignores them too */
				ds__source_warn(
					&cs->base, "compression",
					"the bytes after the last gzip member (from compressed byte %llu) are not "
					"gzip data: ignored, as gzip -d does",
					(unsigned long long)(cs->gz_in_read - cs->zs.avail_in));
				cs->raw_eof = 1;
				break;
			}
			inflateReset(&cs->zs); /* the next member */
			continue;
		}
		if (zrc == Z_BUF_ERROR && cs->zs.avail_in == 0 && cs->gz_in_eof)
			return ds__error_at(DS_EINVAL, (int)cs->line, 0, NULL,
					    "%s: the gzip data is cut short (%llu compressed bytes read)",
					    cs->base.location, (unsigned long long)cs->gz_in_read);
		if (zrc != Z_OK && zrc != Z_BUF_ERROR)
			return ds__error_at(DS_EINVAL, (int)cs->line, 0, NULL,
					    "%s: corrupt gzip data after %llu compressed bytes: %s", cs->base.location,
					    (unsigned long long)(cs->gz_in_read - cs->zs.avail_in),
					    cs->zs.msg ? cs->zs.msg : "inflate failed");
	}
	return DS_OK;
}
#endif

static int read_more(csv_source *cs, unsigned char *into, size_t room, size_t *got)
{
#ifdef HAVE_ZLIB
	if (cs->gz)
		return gz_read(cs, into, room, got);
#endif
	return read_fd(cs, into, room, got);
}

/* Read the file (or, for gzip from memory, nothing more: the memory is given at once). */
static int read_fd(csv_source *cs, unsigned char *into, size_t room, size_t *got)
{
	ssize_t n;

	*got = 0;
	if (cs->fd < 0) {
		cs->raw_eof = 1;
		return DS_OK;
	}
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
		if (cs->stream && cs->src_next == cs->src_limit && !cs->raw_eof) {
			size_t got;
			if ((rc = read_more(cs, cs->raw, RAW_SIZE, &got)) < 0)
				return rc;
			cs->raw_offset += cs->raw_len;
			cs->raw_len = got;
			cs->src_next = (const char *)cs->raw;
			cs->src_limit = (const char *)cs->raw + got;
		}
		flush = !cs->stream || cs->raw_eof;
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

static int chunk_refill(csv_source *cs);

/* Add text to the window, keeping [p, end): the number of bytes added, 0 at
 * the end of the input, or a negative code. */
static int refill(csv_source *cs)
{
	size_t keep = (size_t)(cs->end - cs->p), before = keep, got;
	int rc;

	if (cs->eof)
		return 0;
	if (cs->chunked)
		return chunk_refill(cs);
	if (cs->converted) {
		memmove(cs->text, cs->p, keep);
		if ((rc = convert_more(cs, keep)) < 0)
			return rc;
		return (int)(cs->end - cs->p - before);
	}
	if (!cs->stream || cs->raw_eof) {
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
	if (cs->chunked && cs->stream) /* set as the chunks are read */
		return;
#ifdef HAVE_ZLIB
	if (cs->gz) /* the compressed bytes consumed: bytes_total is the compressed size */
		cs->base.bytes_done = cs->gz_in_read - cs->zs.avail_in;
	else
#endif
		if (cs->converted)
		cs->base.bytes_done = cs->stream ? cs->raw_offset + (uint64_t)(cs->src_next - (const char *)cs->raw) :
						   (uint64_t)(cs->src_next - (const char *)cs->mem);
	else if (cs->stream)
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
 * The run of non-ASCII characters at @q (*q >= 0x80) up to @end: where it ends,
 * its continuation bytes added to *@cont; NULL at an invalid sequence. Most CJK
 * (a lead byte E1..EC or EE..EF and two continuations, the test take_run makes
 * too) without ds__utf8_seq's range checks; the same answer as it for any input.
 */
static inline const unsigned char *utf8_run(const unsigned char *q, const unsigned char *end, uint64_t *cont)
{
	uint64_t n = 0;
	int k;

	do {
		if (end - q >= 3 && q[0] >= 0xE1 && q[0] <= 0xEF && q[0] != 0xED && ((q[1] & q[2]) & 0xC0) == 0x80 &&
		    ((q[1] | q[2]) & 0x40) == 0) {
			q += 3;
			n += 2;
			continue;
		}
		if ((k = ds__utf8_seq(q, (size_t)(end - q))) <= 0)
			return NULL;
		q += k;
		n += (uint64_t)k - 1;
	} while (q < end && *q >= 0x80);
	*cont += n;
	return q;
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
/* Skip the rest of the line (a comment) and its line end: 0 at the end of the input. */
static int skip_line(csv_source *cs)
{
	int rc;

	for (;;) {
		const unsigned char *q = cs->p;
		while (q < cs->end && *q != '\n' && *q != '\r')
			q++;
		cs->p = q;
		if (q < cs->end)
			break;
		if ((rc = refill(cs)) <= 0)
			return rc;
	}
	if (*cs->p++ == '\r' && (rc = eat_lf(cs)) < 0)
		return rc;
	cs->line++;
	return 1;
}

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
		if (cs->comment && *cs->p == (unsigned char)cs->comment) {
			if ((rc = skip_line(cs)) <= 0)
				return rc;
			cs->comments++;
			continue;
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
	if (rc == 0 && cs->comments && !cs->comments_warned) {
		cs->comments_warned = 1;
		ds__source_warn(&cs->base, "comment",
				"%llu line%s starting with '%c' after the header skipped as comments (the preamble's "
				"lines start with it); give --skip 0 to read them as records",
				(unsigned long long)cs->comments, cs->comments == 1 ? "" : "s", cs->comment);
	}
	if (rc <= 0)
		return rc;
	cs->number++;
	ds__rb_deliver(&cs->rb, rec, line, cs->number);
	return 1;
}

/* ---------------------------------------------------------------- chunks */

/*
 * Parallel parsing (docs/probe.md "Threads"). The text after the header is cut
 * into chunks of about ds__csv_chunk_size bytes, each ending after its last LF
 * (the bytes after it start the next chunk). A thread parses a chunk
 * (chunk_records) guessing that it starts a record outside quotes, the
 * well-formed case only. The guess and the parse are used only when the
 * reading thread's own reader stands exactly at the chunk's start between
 * records (everything before was read, as chunks or by it) and the parse read
 * the whole chunk: then the records are exactly those the reader would
 * deliver, and it jumps to the chunk's end. Otherwise the reader reads on
 * through the chunks' bytes (refill takes the next chunk, or reads a chunk of
 * its own when none is waiting), which keeps every problem, line and record
 * number as one thread reads them: a quoted field across a chunk's end, a
 * character or a CRLF cut by a chunk without a line end, a bad byte or a
 * ragged row all go that way.
 */

/*
 * Where to end a chunk of @d[@n]: after the last LF with an even number of
 * quotes before it in the chunk (outside quotes when the chunk starts outside
 * them: then the next chunk's guess is right too), else after the last LF, or 0
 * when there is none. The quotes' parity over the whole chunk first, sixty-four
 * bytes at a time (the parity of a count of bits is that of the XOR of their
 * masks); then back from the end, where the record's last LF is usually met
 * within a record, each quote passed flipping the parity before it.
 */
static size_t chunk_cut(const unsigned char *d, size_t n)
{
	size_t i = 0, j, any = 0;
	unsigned odd = 0;

#if defined(__SSE2__)
	const __m128i vq = _mm_set1_epi8('"');
	unsigned acc = 0;
	for (; n - i >= 64; i += 64) {
		__m128i a = _mm_cmpeq_epi8(_mm_loadu_si128((const __m128i *)(const void *)(d + i)), vq);
		__m128i b = _mm_cmpeq_epi8(_mm_loadu_si128((const __m128i *)(const void *)(d + i + 16)), vq);
		__m128i c = _mm_cmpeq_epi8(_mm_loadu_si128((const __m128i *)(const void *)(d + i + 32)), vq);
		__m128i e = _mm_cmpeq_epi8(_mm_loadu_si128((const __m128i *)(const void *)(d + i + 48)), vq);
		acc ^= (unsigned)_mm_movemask_epi8(_mm_xor_si128(_mm_xor_si128(a, b), _mm_xor_si128(c, e)));
	}
	odd = (unsigned)__builtin_popcount(acc) & 1u;
#endif
	for (; i < n; i++)
		odd ^= d[i] == '"';
	/* odd: the parity of the quotes in d[0..j) */
	for (j = n; j > 0; j--) {
		if (d[j - 1] == '"') {
			odd ^= 1;
		} else if (d[j - 1] == '\n') {
			if (!any)
				any = j;
			if (!odd)
				return j;
		}
	}
	return any;
}

static int chunk_fill(csv_source *cs, unsigned char *buf, const unsigned char **data, size_t *len, int *final, int *cut)
{
	/* the text offset of the next chunk: stream_pos, or mem_pos */
	size_t cap = ds__csv_chunk_size < CHUNK_SIZE ? ds__csv_chunk_size : CHUNK_SIZE, n, got = 0, k;
	int rc;

	if (cap == 0)
		cap = 1;
	*cut = 0;
	if (!cs->stream) { /* memory: in place */
		const unsigned char *d = cs->mem + cs->mem_pos;
		n = cs->mem_len - cs->mem_pos < cap ? cs->mem_len - cs->mem_pos : cap;
		*final = cs->mem_pos + n == cs->mem_len;
		if (!*final) {
			k = chunk_cut(d, n);
			if (k)
				n = k;
			else
				*cut = 1;
		}
		cs->mem_pos += n;
		*data = d;
		*len = n;
		return DS_OK;
	}
	n = cs->carry_len < cap ? cs->carry_len : cap;
	memcpy(buf, cs->carry + cs->carry_off, n);
	cs->carry_off += n;
	cs->carry_len -= n;
	if (cs->carry_len == 0)
		cs->carry_off = 0;
	if (n < cap && !cs->raw_eof) {
		if ((rc = read_more(cs, buf + n, cap - n, &got)) < 0)
			return rc;
		n += got;
	}
	*final = cs->carry_len == 0 && cs->raw_eof;
	if (!*final) {
		k = chunk_cut(buf, n);
		if (k == 0) {
			*cut = 1;
		} else if (k < n) { /* the bytes after the last LF go back before the rest */
			if (cs->carry_len == 0) {
				memcpy(cs->carry, buf + k, n - k);
				cs->carry_off = 0;
				cs->carry_len = n - k;
			} else { /* all of it came from the carry */
				cs->carry_off -= n - k;
				cs->carry_len += n - k;
			}
			n = k;
		}
	}
	cs->stream_pos += n;
	*data = buf;
	*len = n;
	return DS_OK;
}

/* bytes_done once the text up to stream_pos is read */
static uint64_t chunk_done(csv_source *cs)
{
#ifdef HAVE_ZLIB
	if (cs->gz)
		return cs->gz_in_read - cs->zs.avail_in;
#endif
	return cs->stream ? cs->stream_pos : cs->mem_pos;
}

static int csv_chunk_read(ds__source *s, ds__chunk **out)
{
	csv_source *cs = (csv_source *)s;
	ds__chunk *c = NULL;
	size_t i;
	int rc;

	*out = NULL;
	for (i = 0; i < cs->nchunks && !c; i++)
		if (!cs->chunks[i].used)
			c = &cs->chunks[i];
	if (!c)
		return ds__error(DS_EINTERNAL, "%s: more chunks read than the %zu asked for", s->location, cs->nchunks);
	c->start = cs->stream ? cs->stream_pos : cs->mem_pos;
	if ((rc = chunk_fill(cs, c->buf, &c->data, &c->len, &c->final, &c->cut)) < 0)
		return rc;
	if (c->len == 0)
		return 0;
	c->used = 1;
	c->ok = 0;
	c->id = cs->chunk_next_id++;
	c->done = chunk_done(cs);
	*out = c;
	return 1;
}

/* next()'s reader in chunk mode: the next chunk's bytes after what is kept of
 * the window (a chunk read but not settled, or one read now). */
static int chunk_refill(csv_source *cs)
{
	const unsigned char *data = NULL;
	size_t keep = (size_t)(cs->end - cs->p), len = 0, i;
	uint64_t id = (uint64_t)(cs->serial_chunk + 1);
	int final, cut, rc;

	for (i = 0; i < cs->nchunks; i++)
		if (cs->chunks[i].used && cs->chunks[i].id == id)
			break;
	if (i < cs->nchunks) {
		data = cs->chunks[i].data;
		len = cs->chunks[i].len;
		if (cs->stream)
			cs->base.bytes_done = cs->chunks[i].done;
	} else {
		if (cs->stream) {
			if (keep > RAW_SIZE - CHUNK_SIZE)
				return ds__error(DS_EINTERNAL, "%s: %zu bytes kept in the window", cs->base.location,
						 keep);
			memmove(cs->raw, cs->p, keep);
			cs->win_off += (uint64_t)(cs->p - cs->raw);
			cs->p = cs->raw;
			cs->end = cs->raw + keep;
			if ((rc = chunk_fill(cs, cs->raw + keep, &data, &len, &final, &cut)) < 0)
				return rc;
			cs->base.bytes_done = chunk_done(cs);
		} else {
			(void)chunk_fill(cs, NULL, &data, &len, &final, &cut); /* memory: cannot fail */
		}
		if (len == 0) {
			cs->eof = 1;
			return 0;
		}
		cs->chunk_next_id++;
	}
	cs->serial_chunk = (int64_t)id;
	if (!cs->stream) { /* memory: the chunks follow each other in place */
		cs->end = data + len;
		return (int)len;
	}
	if (data != cs->raw + keep) {
		if (keep > RAW_SIZE - CHUNK_SIZE)
			return ds__error(DS_EINTERNAL, "%s: %zu bytes kept in the window", cs->base.location, keep);
		memmove(cs->raw, cs->p, keep);
		cs->win_off += (uint64_t)(cs->p - cs->raw);
		memcpy(cs->raw + keep, data, len);
	}
	cs->p = cs->raw;
	cs->end = cs->raw + keep + len;
	return (int)len;
}

/*
 * The parse of a chunk on a thread: the well-formed case only, fields left in
 * place (a quoted field with "" undone goes to the scratch buffer). Anything
 * next()'s reader would report or treat specially -- a NUL, an invalid UTF-8
 * sequence, a stray quote, text after a closing quote, a quote still open,
 * another field count than the header's, a comment line, a record the chunk's
 * end cuts -- stops it: the chunk is then read by next()'s reader. A record
 * is what read_record() delivers for the same bytes: the text between the
 * quotes as it is (line ends included), characters counted, empty lines
 * skipped, CR, LF and CRLF each one line end. @return 1 when it read the
 * chunk whole, 0 when it stopped, or a negative code.
 */
static int chunk_records(ds__chunk *c, ds__record_fn emit, void *ctx)
{
	csv_source *cs = c->owner;
	const unsigned char *p = c->data, *end = c->data + c->len, *cls = cs->cls, *qcls = cs->qcls;
	unsigned char delim = (unsigned char)cs->base.delimiter, *scr = c->scratch;
	size_t ncols = cs->base.ncolumns, nf;
	long lines = 0, records = 0;
	ds__record rec;
	int rc;

	memset(&rec, 0, sizeof rec);
	rec.text = c->text;
	rec.len = c->flen;
	rec.bytes = c->fbytes;
	rec.chars = c->fchars;
	for (;;) {
		/* empty lines; a comment line stops */
		while (p < end && (*p == '\n' || *p == '\r')) {
			if (*p++ == '\r' && p < end && *p == '\n')
				p++;
			lines++;
		}
		if (p == end)
			break;
		if (cs->comment && *p == (unsigned char)cs->comment)
			return 0;
		nf = 0;
		for (;;) { /* a field */
			const unsigned char *s, *q;
			uint64_t cont = 0;
			size_t n;
			if (nf == ncols || nf == c->cap)
				return 0; /* more fields than the header's */
			if (*p == '"') {
				unsigned char *out = NULL; /* the undone copy, once a "" is met */
				s = q = ++p;
				for (;;) {
					q = scan(q, end, qcls, '"');
					if (q == end)
						return 0; /* still open */
					if (*q == '"') {
						if (q + 1 < end && q[1] == '"') { /* "" is one quote */
							if (!out) {
								out = scr;
								memcpy(out, s, (size_t)(q - s));
								out += q - s;
							} else {
								memcpy(out, s, (size_t)(q - s));
								out += q - s;
							}
							*out++ = '"';
							q += 2;
							s = q;
							continue;
						}
						break;
					}
					if (*q == '\n') {
						lines++;
						q++;
					} else if (*q == '\r') {
						lines++;
						q++;
						if (q < end && *q == '\n')
							q++;
					} else if (*q == 0) {
						return 0;
					} else if (!(q = utf8_run(q, end, &cont))) { /* >= 0x80 */
						return 0;
					}
				}
				if (out) {
					memcpy(out, s, (size_t)(q - s));
					out += q - s;
					n = (size_t)(out - scr);
					c->text[nf] = (const char *)scr;
					scr = out;
				} else {
					n = (size_t)(q - s);
					c->text[nf] = (const char *)s;
				}
				p = q + 1; /* after the closing quote */
				if (p < end && *p != delim && *p != '\n' && *p != '\r')
					return 0; /* text after the closing quote */
			} else {
				s = q = p;
				for (;;) {
					q = scan(q, end, cls, delim);
					if (q == end || *q == delim || *q == '\n' || *q == '\r')
						break;
					if (*q < 0x80)
						return 0; /* a quote, a NUL */
					/* a run of non-ASCII characters (Chinese text) without a scan each */
					if (!(q = utf8_run(q, end, &cont)))
						return 0;
				}
				n = (size_t)(q - s);
				c->text[nf] = (const char *)s;
				p = q;
			}
			if (n >= DS__SOURCE_MAX_FIELD)
				return 0;
			c->flen[nf] = n;
			c->fbytes[nf] = n;
			c->fchars[nf] = n - cont;
			nf++;
			if (p < end && *p == delim) {
				p++;
				if (p == end) { /* a delimiter last: one more, empty, field */
					if (!c->final || nf == ncols || nf == c->cap)
						return 0;
					c->text[nf] = (const char *)p;
					c->flen[nf] = c->fbytes[nf] = c->fchars[nf] = 0;
					nf++;
					break;
				}
				continue;
			}
			break;
		}
		/* the record's end: a line end, or the input's */
		if (p < end) {
			if (*p++ == '\r' && p < end && *p == '\n')
				p++;
			lines++;
		} else if (!c->final) {
			return 0;
		}
		if (nf != ncols)
			return 0;
		rec.nfields = nf;
		records++;
		if ((rc = emit(ctx, &rec)) != 0)
			return rc < 0 ? rc : 0;
		scr = c->scratch;
	}
	c->lines = lines;
	c->records = records;
	return 1;
}

static int csv_chunk_parse(ds__chunk *c, ds__record_fn emit, void *ctx)
{
	int rc;

	c->ok = 0;
	if (c->cut)
		return DS_OK;
	if ((rc = chunk_records(c, emit, ctx)) < 0)
		return rc;
	c->ok = rc == 1;
	return DS_OK;
}

static int csv_next(ds__source *s, ds__record *rec);

static int csv_chunk_settle(ds__source *s, ds__chunk *c, ds__record_fn emit, void *ctx)
{
	csv_source *cs = (csv_source *)s;
	int64_t id = (int64_t)c->id;
	ds__record rec;
	int rc, accepted = 0;

	for (;;) {
		if (!cs->pending) {
			/* where the reader stands, between records */
			uint64_t at =
				cs->stream ? cs->win_off + (uint64_t)(cs->p - cs->raw) : (uint64_t)(cs->p - cs->mem);
			if (at == c->start && c->ok) {
				/* at the chunk's start: its parse stands; the reader jumps to its end */
				cs->line += c->lines;
				cs->number += c->records;
				cs->base.bytes_done = c->done;
				if (cs->serial_chunk >= id) { /* its bytes are in the window */
					cs->p += c->len;
				} else {
					cs->serial_chunk = id;
					if (cs->stream) {
						cs->p = cs->end = cs->raw;
						cs->win_off = c->start + c->len;
					} else {
						cs->p = cs->end = c->data + c->len;
					}
				}
				accepted = 1;
				break;
			}
			/* the next record starts after the chunk: done */
			if (at >= c->start + c->len)
				break;
		}
		if ((rc = csv_next(s, &rec)) < 0)
			return rc;
		if (rc == 0)
			break;
		if ((rc = emit(ctx, &rec)) < 0)
			return rc;
	}
	c->used = 0;
	return accepted;
}

static int csv_chunks_begin(ds__source *s, size_t inflight)
{
	csv_source *cs = (csv_source *)s;
	size_t i;

	if (cs->converted || cs->chunked || inflight == 0 || cs->in_header)
		return 0;
	/* a small input is read on one thread (its size unknown: in chunks) */
	if (cs->base.bytes_total && cs->base.bytes_total < 4 * (uint64_t)ds__csv_chunk_size)
		return 0;
	if (!(cs->chunks = ds__calloc(inflight, sizeof *cs->chunks)))
		return ds__enomem();
	cs->nchunks = inflight;
	for (i = 0; i < inflight; i++) {
		ds__chunk *c = &cs->chunks[i];
		c->owner = cs;
		c->cap = cs->base.ncolumns + 1;
		if ((cs->stream && !(c->buf = ds__malloc(CHUNK_SIZE))) || !(c->scratch = ds__malloc(CHUNK_SIZE)) ||
		    !(c->text = ds__calloc(c->cap, sizeof *c->text)) ||
		    !(c->flen = ds__calloc(c->cap, sizeof *c->flen)) ||
		    !(c->fbytes = ds__calloc(c->cap, sizeof *c->fbytes)) ||
		    !(c->fchars = ds__calloc(c->cap, sizeof *c->fchars)))
			return ds__enomem();
	}
	/* what the window holds after the header starts the first chunk */
	if (cs->stream) {
		size_t keep = (size_t)(cs->end - cs->p);
		if (!(cs->carry = ds__malloc(RAW_SIZE)))
			return ds__enomem();
		memcpy(cs->carry, cs->p, keep);
		cs->carry_len = keep;
		cs->stream_pos = cs->raw_offset + (uint64_t)(cs->p - cs->raw);
		cs->p = cs->end = cs->raw;
		cs->win_off = cs->stream_pos;
		cs->eof = cs->raw_eof && keep == 0;
	} else {
		cs->mem_pos = (size_t)(cs->p - cs->mem);
		cs->end = cs->p;
		cs->eof = cs->mem_pos == cs->mem_len;
	}
	cs->serial_chunk = -1;
	cs->chunked = 1;
	return 1;
}

static void csv_close(ds__source *s)
{
	csv_source *cs = (csv_source *)s;
	size_t i;

	for (i = 0; i < cs->nchunks; i++) {
		ds__free(cs->chunks[i].buf);
		ds__free(cs->chunks[i].scratch);
		ds__free(cs->chunks[i].text);
		ds__free(cs->chunks[i].flen);
		ds__free(cs->chunks[i].fbytes);
		ds__free(cs->chunks[i].fchars);
	}
	ds__free(cs->chunks);
	ds__free(cs->carry);

	if (cs->fd >= 0)
		close(cs->fd);
#ifdef HAVE_ZLIB
	if (cs->gz)
		inflateEnd(&cs->zs);
	ds__free(cs->gzin);
#endif
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

static const ds__source_ops csv_ops = { .next = csv_next,
					.close = csv_close,
					.chunks_begin = csv_chunks_begin,
					.chunk_read = csv_chunk_read,
					.chunk_parse = csv_chunk_parse,
					.chunk_settle = csv_chunk_settle };

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

/* ---- binary formats: refused with their name, never read as text ---- */

typedef struct magic {
	const char *bytes;
	size_t len;
	const char *name;
} magic;

/* The format a sample starts with, or NULL. A zip archive is named by what
 * its first member says it holds (xl/ for .xlsx, word/ for .docx, ...). */
static const char *binary_format(const unsigned char *s, size_t n)
{
	static const magic magics[] = {
		{ "\x1F\x8B", 2, "a gzip-compressed file" },
		{ "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8, "an OLE2 compound document (Excel .xls, Word .doc)" },
		{ "%PDF-", 5, "a PDF document" },
		{ "\x89PNG\r\n\x1A\n", 8, "a PNG image" },
		{ "\xFF\xD8\xFF", 3, "a JPEG image" },
		{ "GIF87a", 6, "a GIF image" },
		{ "GIF89a", 6, "a GIF image" },
		{ "BZh", 3, NULL }, /* checked below: BZh + a digit */
		{ "\xFD"
		  "7zXZ\0",
		  6, "an xz-compressed file" },
		{ "\x28\xB5\x2F\xFD", 4, "a zstd-compressed file" },
		{ "7z\xBC\xAF\x27\x1C", 6, "a 7-Zip archive" },
		{ "Rar!\x1A\x07", 6, "a RAR archive" },
		{ "SQLite format 3", 16, "a SQLite database (probe it as sqlite:PATH#TABLE)" },
		{ "PAR1", 4, "a Parquet file" },
		{ "ARROW1", 6, "an Arrow IPC file" },
		{ "\x7F"
		  "ELF",
		  4, "an ELF executable" },
		{ "Obj\x01", 4, "an Avro container file" },
		{ "ORC", 3, "an ORC file" },
	};
	size_t i;

	for (i = 0; i < sizeof magics / sizeof *magics; i++) {
		if (n < magics[i].len || memcmp(s, magics[i].bytes, magics[i].len) != 0)
			continue;
		if (!magics[i].name) {
			if (n > 3 && s[3] >= '1' && s[3] <= '9')
				return "a bzip2-compressed file";
			continue;
		}
		return magics[i].name;
	}
	if (n >= 4 && memcmp(s, "PK\x03\x04", 4) == 0) {
		/* the first member's name starts at offset 30 */
		size_t nl = n >= 30 ? (size_t)s[26] | (size_t)s[27] << 8 : 0;
		const char *name = (const char *)s + 30;
		if (n < 30 + nl) /* a name cut off by the sample: no name to compare (the fuzzer found this) */
			nl = 0;
		if (nl >= 3 && (memcmp(name, "xl/", 3) == 0))
			return "a zip archive (an Excel .xlsx workbook)";
		if (nl >= 5 && memcmp(name, "word/", 5) == 0)
			return "a zip archive (a Word .docx document)";
		if (nl >= 8 && memcmp(name, "mimetype", 8) == 0)
			return "a zip archive (an OpenDocument file)";
		if (nl >= 19 && memcmp(name, "[Content_Types].xml", 19) == 0)
			return "a zip archive (an Office Open XML file: .xlsx, .docx or .pptx)";
		return "a zip archive";
	}
	return NULL;
}

/*
 * Control bytes text does not hold: C0 controls other than TAB, LF, VT, FF,
 * CR, SUB (a DOS end-of-file mark) and ESC (ISO-2022 escapes), and DEL; a
 * NUL counts unless it ends a field (a delimiter, a line end or another NUL
 * follows: NUL-terminated fields are text with NULs, dropped and reported).
 */
static size_t control_bytes(const unsigned char *s, size_t n)
{
	size_t i, count = 0;

	for (i = 0; i < n; i++) {
		unsigned char c = s[i];
		if (c == 0) {
			unsigned char next = i + 1 < n ? s[i + 1] : '\n';
			if (!(next == 0 || next == '\n' || next == '\r' || next == '\t' ||
			      (next >= 0x20 && next < 0x7F && !(next >= '0' && next <= '9') &&
			       !((next | 0x20) >= 'a' && (next | 0x20) <= 'z'))))
				count++;
		} else if ((c < 0x20 && c != '\t' && c != '\n' && c != 0x0B && c != 0x0C && c != '\r' && c != 0x1A &&
			    c != 0x1B) ||
			   c == 0x7F) {
			count++;
		}
	}
	return count;
}

/* ---- UTF-16 without a byte-order mark ---- */

/*
 * Whether the sample reads as plausible UTF-16 in that byte order: no
 * unpaired surrogate, a line end as a code unit when the bytes hold one
 * (CSV lines end with U+000A or U+000D: NUL-terminated ASCII fields have the
 * line-end byte on the wrong side of a unit), and at least 95 % of the
 * units in scripts text is written in (ASCII, Latin, Greek, Cyrillic, CJK,
 * kana, Hangul, punctuation and full-width forms). The share in percent, or
 * 0 when not plausible.
 */
static unsigned utf16_plausible(const unsigned char *s, size_t n, int le)
{
	size_t i, units = 0, good = 0, lf_units = 0, lf_bytes = 0;

	for (i = 0; i < n; i++)
		lf_bytes += s[i] == '\n' || s[i] == '\r';
	for (i = 0; i + 1 < n; i += 2) {
		unsigned u = le ? (unsigned)s[i] | (unsigned)s[i + 1] << 8 : (unsigned)s[i] << 8 | s[i + 1];
		units++;
		if (u >= 0xD800 && u <= 0xDBFF) {
			unsigned v;
			if (i + 3 >= n)
				break; /* cut by the sample's end */
			v = le ? (unsigned)s[i + 2] | (unsigned)s[i + 3] << 8 : (unsigned)s[i + 2] << 8 | s[i + 3];
			if (v < 0xDC00 || v > 0xDFFF)
				return 0;
			i += 2;
			good++;
			continue;
		}
		if (u >= 0xDC00 && u <= 0xDFFF)
			return 0;
		if (u == '\n' || u == '\r')
			lf_units++;
		if ((u >= 0x20 && u < 0x7F) || u == '\t' || u == '\n' || u == '\r' || (u >= 0xA0 && u <= 0x24F) ||
		    (u >= 0x370 && u <= 0x52F) || (u >= 0x2000 && u <= 0x206F) || (u >= 0x3000 && u <= 0x30FF) ||
		    (u >= 0x4E00 && u <= 0x9FFF) || (u >= 0xAC00 && u <= 0xD7AF) || (u >= 0xFF00 && u <= 0xFFEF) ||
		    (u >= 0x3400 && u <= 0x4DBF) || (u >= 0x2E80 && u <= 0x2FDF) || u == 0xFEFF)
			good++;
	}
	if (units == 0 || (lf_bytes && !lf_units) || good * 100 < units * 95)
		return 0;
	/* ASCII text with a few NULs (NUL-padded fields): fewer zeros than one
	 * byte in four, and nine in ten of the others printable ASCII, is not
	 * UTF-16 (ASCII in UTF-16 is half zeros; other scripts' units are not
	 * mostly ASCII bytes) */
	{
		size_t zeros = 0, ascii = 0;
		for (i = 0; i < n; i++) {
			zeros += s[i] == 0;
			ascii += (s[i] >= 0x20 && s[i] < 0x7F) || s[i] == '\t' || s[i] == '\n' || s[i] == '\r';
		}
		if (zeros * 4 < n && ascii * 10 >= (n - zeros) * 9)
			return 0;
	}
	return (unsigned)(good * 100 / units);
}

/* ---- UTF-8 ---- */

/* Valid multi-byte sequences and invalid ones (maximal ill-formed subparts)
 * in @p[@n]; a sequence cut by the end is neither when @cut. */
static void utf8_counts(const unsigned char *p, size_t n, int cut, uint64_t *valid, uint64_t *invalid, uint64_t *shaped,
			size_t *first)
{
	const unsigned char *start = p, *end = p + n;
	int k;

	*valid = *invalid = *shaped = 0;
	*first = n;
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
			(*valid)++;
			p += k;
			continue;
		}
		/* a prefix of a valid sequence cut by the sample's end */
		if (cut && p - k == end)
			break;
		if (*invalid == 0)
			*first = (size_t)(p - start);
		(*invalid)++;
		/* a multi-byte sequence cut short (a lead byte and its continuation
		 * bytes), or FE/FF, which no text encoding of Latin letters uses
		 * twice in a row nor alone among ASCII: UTF-8 damaged, not legacy text */
		if (k <= -2 || *p >= 0xFE)
			(*shaped)++;
		p -= k;
	}
}

/* ---- legacy encodings ---- */

/* Counts invalid or unmappable input seen by an ICU converter. */
static void count_invalid(const void *context, UConverterToUnicodeArgs *args, const char *units, int32_t length,
			  UConverterCallbackReason reason, UErrorCode *err)
{
	static const UChar fffd = 0xFFFD;
	(void)units;
	(void)length;
	if (reason > UCNV_IRREGULAR)
		return;
	(*(uint64_t *)(uintptr_t)context)++;
	*err = U_ZERO_ERROR;
	ucnv_cbToUWriteUChars(args, &fffd, 1, 0, err);
}

/* Invalid sequences when the sample is read in @name (a sequence cut by the
 * end does not count unless @whole); UINT64_MAX when ICU has no converter. */
static uint64_t legacy_invalid(const char *name, const unsigned char *s, size_t n, int whole)
{
	UErrorCode err = U_ZERO_ERROR;
	UConverter *conv = ucnv_open(name, &err);
	UChar buf[4096];
	const char *src = (const char *)s, *limit = (const char *)s + n;
	uint64_t bad = 0;

	if (U_FAILURE(err))
		return UINT64_MAX;
	ucnv_setToUCallBack(conv, count_invalid, &bad, NULL, NULL, &err);
	while (U_SUCCESS(err)) {
		UChar *target = buf;
		ucnv_toUnicode(conv, &target, buf + sizeof buf / sizeof *buf, &src, limit, NULL, (UBool)whole, &err);
		if (err != U_BUFFER_OVERFLOW_ERROR)
			break;
		err = U_ZERO_ERROR; /* the buffer is full: go on */
	}
	ucnv_close(conv);
	return U_FAILURE(err) ? UINT64_MAX : bad;
}

/*
 * Whether GB18030 bytes read as plausible Chinese: of the double-byte
 * characters, at least 90 % in GB2312 (lead A1-A9 symbols or B0-F7 hanzi,
 * trail A1-FE), and of the hanzi at least 60 % among the 3,755 common ones
 * of level 1 (lead B0-D7), which cover about 99 % of modern Chinese text.
 * Text in a single-byte encoding read as GB18030 fails: an accented letter
 * before an ASCII byte is not a GB2312 pair, and Greek or Cyrillic lower
 * case falls outside level 1 (lead D8 and above).
 */
static int gb_plausible(const unsigned char *s, size_t n)
{
	size_t i = 0, dbl = 0, gb2312 = 0, hanzi = 0, level1 = 0;

	while (i < n) {
		unsigned c = s[i];
		if (c < 0x80) {
			i++;
			continue;
		}
		if (i + 1 >= n)
			break;
		if (c >= 0x81 && c <= 0xFE && s[i + 1] >= 0x30 && s[i + 1] <= 0x39) {
			i += 4; /* a four-byte sequence: rare characters */
			dbl++;
			continue;
		}
		dbl++;
		if (s[i + 1] >= 0xA1 && s[i + 1] <= 0xFE) {
			if (c >= 0xA1 && c <= 0xA9)
				gb2312++;
			else if (c >= 0xB0 && c <= 0xF7) {
				gb2312++;
				hanzi++;
				level1 += c <= 0xD7;
			}
		}
		i += 2;
	}
	return dbl > 0 && gb2312 * 10 >= dbl * 9 && level1 * 10 >= hanzi * 6;
}

/*
 * Whether Shift_JIS bytes read as plausible Japanese: every non-ASCII byte
 * in a valid double-byte pair (lead 81-9F or E0-EF, trail 40-7E or 80-FC)
 * or a half-width katakana (A1-DF), at least two pairs, half-width katakana
 * at most one per ten pairs, and at least one pair in five with a trail byte
 * in the ASCII range (Japanese text has them throughout; GB2312 and EUC
 * text never, a single-byte text rarely: its accented letters stand before
 * spaces, punctuation and digits too, which no pair allows), and at least
 * half of the pairs next to another pair (Japanese words are two characters
 * or more; an accented letter and the ASCII byte after it make a lone pair).
 */
static int sjis_plausible(const unsigned char *s, size_t n)
{
	size_t i = 0, pairs = 0, kana = 0, low = 0, run = 0, in_runs = 0;

	while (i < n) {
		unsigned c = s[i];
		if (c < 0x80) {
			run = 0;
			i++;
			continue;
		}
		if (c >= 0xA1 && c <= 0xDF) {
			kana++;
			run = 0;
			i++;
			continue;
		}
		if (!((c >= 0x81 && c <= 0x9F) || (c >= 0xE0 && c <= 0xEF)))
			return 0;
		if (i + 1 >= n)
			break; /* cut by the sample's end */
		if (s[i + 1] < 0x40 || s[i + 1] == 0x7F || s[i + 1] > 0xFC)
			return 0;
		pairs++;
		low += s[i + 1] < 0x7F;
		in_runs += run == 1 ? 2 : run > 1;
		run++;
		i += 2;
	}
	return pairs >= 2 && kana * 10 <= pairs && low * 5 >= pairs && in_runs * 2 >= pairs;
}

/*
 * Whether a Cyrillic single-byte encoding reads the sample as Cyrillic
 * words: at least four in five of the non-ASCII bytes in that encoding's
 * 64 letters (ISO-8859-5 B0-EF, KOI8-R and windows-1251 C0-FF, IBM866
 * 80-AF and E0-EF). A file of other letters (Shift_JIS bytes, Latin-1 ý
 * repeated) lands elsewhere. 1 for an encoding that is not one of these.
 */
static int cyrillic_plausible(const char *name, const unsigned char *s, size_t n)
{
	size_t i, high = 0, letters = 0;
	int kind;

	if (strcmp(name, "ISO-8859-5") == 0)
		kind = 5;
	else if (strcmp(name, "KOI8-R") == 0 || strcmp(name, "windows-1251") == 0)
		kind = 1;
	else if (strcmp(name, "IBM866") == 0)
		kind = 8;
	else
		return 1;
	for (i = 0; i < n; i++) {
		unsigned c = s[i];
		if (c < 0x80)
			continue;
		high++;
		letters += kind == 5 ? (c >= 0xB0 && c <= 0xEF) :
			   kind == 1 ? c >= 0xC0 :
				       (c <= 0xAF || (c >= 0xE0 && c <= 0xEF));
	}
	return letters * 5 >= high * 4;
}

/* Whether the sample holds none of the six bytes where ISO-8859-9 (Turkish)
 * differs from ISO-8859-1 (D0 DD DE F0 FD FE): then it reads the same in
 * Latin-1, the name the file is much more likely meant by. */
static int reads_as_latin1(const unsigned char *s, size_t n)
{
	size_t i;
	for (i = 0; i < n; i++)
		if (s[i] == 0xD0 || s[i] == 0xDD || s[i] == 0xDE || s[i] == 0xF0 || s[i] == 0xFD || s[i] == 0xFE)
			return 0;
	return 1;
}

typedef struct enc_candidate {
	char name[32];
	unsigned conf;
} enc_candidate;

/* The order among equally confident candidates: Chinese first (the
 * project's data), then Western European. */
static int enc_rank(const char *name)
{
	static const char *const order[] = { "GB18030", "windows-1252", "ISO-8859-1", "Big5", "Shift_JIS" };
	size_t i;
	for (i = 0; i < sizeof order / sizeof *order; i++)
		if (strcmp(name, order[i]) == 0)
			return (int)i;
	return 99;
}

/*
 * ICU's charset detector over the sample, its matches kept only when the
 * sample decodes in them without an error; GB18030 only when plausible
 * Chinese (else its confidence is at most 5). Sorted by confidence, then
 * enc_rank. Returns the number kept (at most @cap).
 */
static size_t legacy_candidates(enc_candidate *out, size_t cap, const unsigned char *s, size_t n, int whole)
{
	UCharsetDetector *det;
	const UCharsetMatch **matches = NULL;
	UErrorCode err = U_ZERO_ERROR;
	int32_t nmatches = 0, i;
	size_t count = 0, a, b;
	int have_gb = 0, have_latin1 = 0, gb_ok = gb_plausible(s, n), sjis_ok = sjis_plausible(s, n), latin1_same = -1;

	det = ucsdet_open(&err);
	if (U_SUCCESS(err))
		ucsdet_setText(det, (const char *)s, (int32_t)n, &err);
	if (U_SUCCESS(err))
		matches = ucsdet_detectAll(det, &nmatches, &err);
	for (i = 0; U_SUCCESS(err) && i < nmatches && count < cap; i++) {
		const char *name = ucsdet_getName(matches[i], &err);
		unsigned conf = (unsigned)ucsdet_getConfidence(matches[i], &err);
		if (U_FAILURE(err))
			break;
		/* Unicode forms are decided before; EBCDIC is not CSV text */
		if (strncmp(name, "UTF-", 4) == 0 || strncmp(name, "IBM4", 4) == 0)
			continue;
		if (legacy_invalid(name, s, n, whole) != 0)
			continue;
		if (strcmp(name, "GB18030") == 0) {
			have_gb = 1;
			if (!gb_ok && conf > 5)
				conf = 5;
		}
		if (strcmp(name, "Shift_JIS") == 0 && sjis_ok && conf < 60)
			conf = 60;
		if (!cyrillic_plausible(name, s, n) && conf > 5)
			conf = 5;
		if (strcmp(name, "ISO-8859-9") == 0 || strcmp(name, "windows-1254") == 0) {
			if (latin1_same < 0)
				latin1_same = reads_as_latin1(s, n);
			if (latin1_same) /* the same text as in Latin-1: named so */
				name = name[0] == 'I' ? "ISO-8859-1" : "windows-1252";
		}
		if (strcmp(name, "ISO-8859-1") == 0 || strcmp(name, "windows-1252") == 0) {
			size_t d;
			for (d = 0; d < count && strcmp(out[d].name, name) != 0; d++)
				;
			if (d < count)
				continue; /* named twice (renamed above) */
			have_latin1 = 1;
		}
		snprintf(out[count].name, sizeof out[count].name, "%s", name);
		out[count++].conf = conf;
	}
	ucsdet_close(det);
	/* ICU leaves GB18030 out when it finds no common character */
	if (!have_gb && count < cap && legacy_invalid("GB18030", s, n, whole) == 0) {
		strcpy(out[count].name, "GB18030");
		out[count++].conf = gb_ok ? 10 : 1;
	}
	/* nor Shift_JIS when ... it is plausible Japanese (ICU leaves it out on short samples) */
	if (sjis_ok && count < cap && legacy_invalid("Shift_JIS", s, n, whole) == 0) {
		size_t d;
		for (d = 0; d < count && strcmp(out[d].name, "Shift_JIS") != 0; d++)
			;
		if (d == count) {
			strcpy(out[count].name, "Shift_JIS");
			out[count++].conf = 60;
		}
	}
	/* and Latin-1, which reads every byte, at a low confidence: what is left
	 * when the encodings ICU names are implausible */
	if (!have_latin1 && count < cap) {
		strcpy(out[count].name,
		       legacy_invalid("windows-1252", s, n, whole) == 0 ? "windows-1252" : "ISO-8859-1");
		out[count++].conf = 10;
	}
	for (a = 1; a < count; a++) /* insertion sort: a handful */
		for (b = a;
		     b > 0 && (out[b].conf > out[b - 1].conf ||
			       (out[b].conf == out[b - 1].conf && enc_rank(out[b].name) < enc_rank(out[b - 1].name)));
		     b--) {
			enc_candidate t = out[b];
			out[b] = out[b - 1];
			out[b - 1] = t;
		}
	return count;
}

/* Below this confidence, or with a runner-up this close, a detected
 * encoding is reported with a warning. */
#define ENC_SURE 50
/* UTF-8 damaged in at most this many places (sequences cut short, FE/FF
 * bytes) and no valid multi-byte character is still read as UTF-8. */
#define UTF8_FEW 16
#define ENC_MARGIN 10

static void set_encoding(csv_source *cs, const char *name, unsigned conf, const char *runner, unsigned rconf)
{
	snprintf(cs->base.encoding, sizeof cs->base.encoding, "%s", name);
	cs->base.encoding_confidence = conf > 100 ? 100 : conf;
	snprintf(cs->base.runner_up, sizeof cs->base.runner_up, "%s", runner ? runner : "");
	cs->base.runner_up_confidence = runner ? (rconf > 100 ? 100 : rconf) : 0;
}

/*
 * Detect the encoding of a sample with no byte-order mark (docs/probe-sources.md
 * "Encodings"): UTF-16 from a consistent zero-byte pattern whose text is
 * plausible; binary data refused; UTF-8 when valid, or when its invalid
 * sequences are fewer than its valid multi-byte ones (stray bytes, reported);
 * else the most confident legacy encoding that decodes the sample, GB18030
 * only as plausible Chinese; a close call or a low confidence is warned.
 */
static int detect_encoding(csv_source *cs, const unsigned char *sample, size_t n, int whole)
{
	enc_candidate cand[16];
	size_t j, zero_even = 0, zero_odd = 0, ncand, controls;
	uint64_t valid, invalid, shaped;
	size_t first;

	for (j = 0; j < n; j++) {
		if (sample[j] == 0) {
			if (j & 1)
				zero_odd++;
			else
				zero_even++;
		}
	}
	/* UTF-16: the zeros (high bytes of ASCII) on one parity, at least one
	 * per 256 bytes (a line end's), and text that makes sense */
	if ((zero_odd + zero_even) * 256 >= n && (zero_odd >= 4 * zero_even || zero_even >= 4 * zero_odd)) {
		int le = zero_odd > zero_even;
		unsigned share = utf16_plausible(sample, n, le);
		if (share) {
			set_encoding(cs, le ? "UTF-16LE" : "UTF-16BE", share, NULL, 0);
			return DS_OK;
		}
	}
	controls = control_bytes(sample, n);
	if (controls >= 4 && controls * 100 > n)
		return ds__error_at(DS_EINVAL, 1, 0, NULL,
				    "%s: binary data, not CSV text: %zu control bytes in the first %zu bytes",
				    cs->base.location, controls, n);
	utf8_counts(sample, n, !whole, &valid, &invalid, &shaped, &first);
	if (invalid == 0) {
		set_encoding(cs, "UTF-8", 100, NULL, 0);
		return DS_OK;
	}
	ncand = legacy_candidates(cand, sizeof cand / sizeof *cand, sample, n, whole);
	if (valid >= invalid || (shaped == invalid && invalid <= UTF8_FEW)) {
		/* stray bytes in UTF-8: each is reported (invalid-bytes) with its place */
		unsigned conf = valid >= invalid ? (unsigned)(valid * 100 / (valid + invalid)) : 50;
		size_t b, line = 1, col = 1;
		for (b = 0; b < first; b++) {
			col++;
			if (sample[b] == '\n' || (sample[b] == '\r' && (b + 1 == n || sample[b + 1] != '\n'))) {
				line++;
				col = 1;
			}
		}
		set_encoding(cs, "UTF-8", conf, ncand ? cand[0].name : NULL, ncand ? cand[0].conf : 0);
		ds__source_warn(
			&cs->base, "encoding",
			"read as UTF-8 with %llu invalid byte sequence%s (replaced by U+FFFD, see invalid-bytes; the "
			"first at line %zu, byte %zu of the line) against %llu valid multi-byte characters in the "
			"first %zu bytes%s%s; give --encoding if it is another encoding",
			(unsigned long long)invalid, invalid == 1 ? "" : "s", line, col, (unsigned long long)valid, n,
			ncand ? "; next best " : "", ncand ? cand[0].name : "");
		return DS_OK;
	}
	if (ncand == 0) {
		set_encoding(cs, "UTF-8", 0, NULL, 0);
		ds__source_warn(&cs->base, "encoding",
				"no encoding reads the first %zu bytes without errors: read as UTF-8 with %llu invalid "
				"byte sequences replaced by U+FFFD (see invalid-bytes); give --encoding",
				n, (unsigned long long)invalid);
		return DS_OK;
	}
	set_encoding(cs, cand[0].name, cand[0].conf, ncand > 1 ? cand[1].name : NULL, ncand > 1 ? cand[1].conf : 0);
	if (cand[0].conf < ENC_SURE || (ncand > 1 && cand[1].conf + ENC_MARGIN >= cand[0].conf)) {
		if (ncand > 1)
			ds__source_warn(&cs->base, "encoding",
					"encoding uncertain: read as %s (confidence %u), next best %s (%u); give "
					"--encoding if it is another",
					cand[0].name, cand[0].conf, cand[1].name, cand[1].conf);
		else
			ds__source_warn(&cs->base, "encoding",
					"encoding uncertain: read as %s (confidence %u, no other encoding reads it "
					"without errors); give --encoding if it is another",
					cand[0].name, cand[0].conf);
	}
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

/* ---- records of the sample: delimiter and header detection ---- */

/* Records looked at to detect the delimiter and the header. */
#define SNIFF_RECORDS 50
/* Columns whose types the header detection looks at. */
#define SNIFF_COLUMNS 256

typedef struct sniff_fn {
	/* a field of record @rec (0-based), column @col; @s[@n] is the text
	 * (inside the quotes for a quoted field, "" not undone) */
	void (*field)(void *ctx, size_t rec, size_t col, const unsigned char *s, size_t n);
	void *ctx;
} sniff_fn;

/*
 * Split the text window into records with @delim as the reader does (a
 * quote opens a quoted field at its start; "" inside is a quote; text after
 * the closing quote stays in the field; empty lines hold no record): the
 * number of fields of each of the first @max records into @nfields. A record
 * the window's end cuts (unless @eof) is not counted, except when it is the
 * first: then *@cut is set. Returns the number of records.
 */
static size_t sniff_records(const unsigned char *p, const unsigned char *end, int eof, unsigned char delim, size_t max,
			    size_t *nfields, const sniff_fn *fn, int *cut)
{
	size_t rec = 0, col;

	*cut = 0;
	while (rec < max) {
		while (p < end && (*p == '\n' || *p == '\r'))
			p++;
		if (p == end)
			break;
		col = 0;
		for (;;) {
			const unsigned char *s = p, *e = NULL;
			if (p < end && *p == '"') {
				s = ++p;
				for (;;) {
					while (p < end && *p != '"')
						p++;
					if (p + 1 < end && p[1] == '"') {
						p += 2;
						continue;
					}
					break;
				}
				e = p;
				if (p < end)
					p++;
			}
			while (p < end && *p != delim && *p != '\n' && *p != '\r')
				p++;
			if (!e)
				e = p;
			if (p == end && !eof) {
				if (rec == 0) {
					*cut = 1;
					nfields[rec++] = col + 1;
				}
				return rec;
			}
			if (fn)
				fn->field(fn->ctx, rec, col, s, (size_t)(e - s));
			col++;
			if (p < end && *p == delim) {
				p++;
				if (p == end && !eof) {
					if (rec == 0) {
						*cut = 1;
						nfields[rec++] = col + 1;
					}
					return rec;
				}
				if (p < end && *p != '\n' && *p != '\r')
					continue;
				/* a delimiter at the end of the line: one more, empty field */
				if (fn)
					fn->field(fn->ctx, rec, col, p, 0);
				col++;
			}
			break;
		}
		nfields[rec++] = col;
	}
	return rec;
}

/* Delimiter candidates, in order of preference. */
static const char delim_candidates[] = ",\t;|:^~!#$%&*+-./<=>?@\\_`'()[]{} ";
#define PRIMARY_DELIMS 4 /* , TAB ; | */

/*
 * Pick the delimiter from the first records of text (docs/probe-sources.md
 * "Delimiter"): for each candidate, the window split as the reader would;
 * its most common field count above one and the records that agree with it.
 * , TAB ; | win on the most agreeing records (then the larger count, then
 * that order); another byte only when every record agrees and it beats
 * them. @warn receives why the result is uncertain.
 */
static char detect_delimiter(csv_source *cs, const unsigned char *p, const unsigned char *end, int eof)
{
	size_t nfields[SNIFF_RECORDS], c, i, j, best = (size_t)-1, best_agree = 0, best_mode = 0, best_n = 0;
	size_t ncand = sizeof delim_candidates - 1;
	int cut, any = 0;

	for (c = 0; c < ncand; c++) {
		unsigned char d = (unsigned char)delim_candidates[c];
		size_t n = sniff_records(p, end, eof, d, SNIFF_RECORDS, nfields, NULL, &cut), mode = 0, agree = 0;
		int primary = c < PRIMARY_DELIMS;
		for (i = 0; i < n; i++) {
			size_t a = 0;
			if (nfields[i] < 2)
				continue;
			any = 1;
			for (j = 0; j < n; j++)
				a += nfields[j] == nfields[i];
			if (a > agree || (a == agree && nfields[i] > mode)) {
				agree = a;
				mode = nfields[i];
			}
		}
		if (agree == 0)
			continue;
		/* another byte: every record, and the space only when all else fails */
		if (!primary && (agree < n || n < 2 || (d == ' ' && best != (size_t)-1)))
			continue;
		if (best == (size_t)-1 || agree > best_agree || (agree == best_agree && primary && mode > best_mode)) {
			best = c;
			best_agree = agree;
			best_mode = mode;
			best_n = n;
		}
	}
	if (best == (size_t)-1) {
		/* none occurs: one column, as the file says; some do, but none
		 * holds from record to record: warned */
		if (any)
			ds__source_warn(&cs->base, "delimiter",
					"no delimiter splits the first records consistently (candidates: , TAB ; | and "
					"the other printable ASCII punctuation and space): read as one column; give "
					"--delimiter");
		return ',';
	}
	if (best_agree * 2 < best_n)
		ds__source_warn(&cs->base, "delimiter",
				"delimiter uncertain: '%c' gives %zu fields on only %zu of the first %zu records; give "
				"--delimiter",
				delim_candidates[best], best_mode, best_agree, best_n);
	return delim_candidates[best];
}

/* Types the header detection tells apart (a small classifier of its own:
 * the reader infers nothing else about values). */
enum { ST_EMPTY = 0, ST_NUMBER, ST_DATE, ST_BOOL, ST_TEXT };

static int digits(const unsigned char *s, size_t n, size_t *i)
{
	size_t start = *i;
	while (*i < n && s[*i] >= '0' && s[*i] <= '9')
		(*i)++;
	return (int)(*i - start);
}

static int sniff_type(const unsigned char *s, size_t n)
{
	static const char *const nulls[] = { "NA", "N/A", "NULL", "null", "None", "NaN", "nan", "-", "\\N" };
	static const char *const bools[] = { "true", "false", "yes", "no", "t", "f" };
	size_t i = 0, k;
	int a, b, c;

	while (n && (s[n - 1] == ' '))
		n--;
	while (i < n && s[i] == ' ')
		i++;
	s += i;
	n -= i;
	i = 0;
	if (n == 0)
		return ST_EMPTY;
	for (k = 0; k < sizeof nulls / sizeof *nulls; k++)
		if (strlen(nulls[k]) == n && memcmp(nulls[k], s, n) == 0)
			return ST_EMPTY;
	for (k = 0; k < sizeof bools / sizeof *bools; k++)
		if (strlen(bools[k]) == n && strncasecmp(bools[k], (const char *)s, n) == 0)
			return ST_BOOL;
	if ((n == 3 && (memcmp(s, "\xE6\x98\xAF", 3) == 0 || memcmp(s, "\xE5\x90\xA6", 3) == 0)))
		return ST_BOOL; /* 是 否 */
	/* number: [+-] digits [. digits] [e [+-] digits], or [+-] . digits */
	if (s[i] == '+' || s[i] == '-')
		i++;
	a = digits(s, n, &i);
	b = 0;
	if (i < n && s[i] == '.') {
		i++;
		b = digits(s, n, &i);
	}
	if (a + b > 0 && i < n && (s[i] == 'e' || s[i] == 'E')) {
		size_t save = i++;
		if (i < n && (s[i] == '+' || s[i] == '-'))
			i++;
		if (!digits(s, n, &i))
			i = save;
	}
	if (a + b > 0 && i == n)
		return ST_NUMBER;
	/* date: digits sep digits sep digits, then optionally a time */
	i = 0;
	a = digits(s, n, &i);
	if (a >= 1 && a <= 4 && i < n && (s[i] == '-' || s[i] == '/' || s[i] == '.')) {
		unsigned char sep = s[i++];
		b = digits(s, n, &i);
		if (b >= 1 && b <= 2 && i < n && s[i] == sep) {
			i++;
			c = digits(s, n, &i);
			if ((a == 4 && c >= 1 && c <= 2) || (a <= 2 && (c == 4 || c == 2))) {
				if (i == n)
					return ST_DATE;
				if (s[i] == ' ' || s[i] == 'T') {
					i++;
					if (digits(s, n, &i) && i < n && s[i] == ':')
						return ST_DATE;
				}
			}
		}
	}
	if (n >= 7 && digits(s, n, &i) == 0) {
		i = 0;
		if (digits(s, n, &i) == 4 && i + 1 < n && memcmp(s + i, "\xE5\xB9\xB4", 3) == 0)
			return ST_DATE; /* 2024年... */
	}
	/* a time of day */
	i = 0;
	a = digits(s, n, &i);
	if (a >= 1 && a <= 2 && i < n && s[i] == ':') {
		i++;
		if (digits(s, n, &i) == 2 && (i == n || s[i] == ':' || s[i] == '.'))
			return ST_DATE;
	}
	return ST_TEXT;
}

typedef struct header_sniff {
	int first[SNIFF_COLUMNS]; /* the first record's types */
	int rest[SNIFF_COLUMNS];  /* the common type of the others (ST_EMPTY: none yet; ST_TEXT: mixed) */
	const unsigned char *first_text[SNIFF_COLUMNS];
	size_t first_len[SNIFF_COLUMNS];
	unsigned char repeated[SNIFF_COLUMNS]; /* the first record's value occurs again below */
	size_t ncols;
} header_sniff;

static void header_field(void *ctx, size_t rec, size_t col, const unsigned char *s, size_t n)
{
	header_sniff *h = ctx;
	int t;

	if (col >= SNIFF_COLUMNS)
		return;
	t = sniff_type(s, n);
	if (rec == 0) {
		h->first[col] = t;
		h->first_text[col] = s;
		h->first_len[col] = n;
		if (col + 1 > h->ncols)
			h->ncols = col + 1;
		return;
	}
	if (col < h->ncols && n && n == h->first_len[col] && memcmp(s, h->first_text[col], n) == 0)
		h->repeated[col] = 1;
	if (t == ST_EMPTY)
		return;
	if (h->rest[col] == ST_EMPTY)
		h->rest[col] = t;
	else if (h->rest[col] != t)
		h->rest[col] = ST_TEXT;
}

/*
 * Whether the first record is a header, from the types of the first
 * records (as DuckDB's sniffer decides): a header when, in some column,
 * the values below all share a type (number, date, boolean) that the first
 * record's value does not have; no header when no column says so and some
 * column's first value has the type of the values below; a header when
 * every column is text (the first record cannot be told from data by type:
 * warned when one of its values occurs again below it or is empty). One
 * record is a header unless a value is a number, a date or a boolean.
 */
static int detect_header(csv_source *cs, const unsigned char *p, const unsigned char *end, int eof)
{
	size_t nfields[SNIFF_RECORDS], n, c, says_header = 0, says_data = 0;
	header_sniff *h = ds__calloc(1, sizeof *h);
	sniff_fn fn;
	int cut, result = 1;

	if (!h)
		return 1; /* the default; out of memory shows up again at once */
	fn.field = header_field;
	fn.ctx = h;
	n = sniff_records(p, end, eof, (unsigned char)cs->base.delimiter, SNIFF_RECORDS, nfields, &fn, &cut);
	if (cut)
		goto done;
	if (n < 2) {
		/* one record: a header-only file, unless a value is a number,
		 * a date or a boolean (a single line of data, as DuckDB reads it) */
		for (c = 0; c < h->ncols; c++)
			if (h->first[c] != ST_EMPTY && h->first[c] != ST_TEXT)
				result = 0;
		goto done;
	}
	for (c = 0; c < h->ncols; c++) {
		int r = h->rest[c], f = h->first[c];
		if (r == ST_EMPTY || r == ST_TEXT || f == ST_EMPTY)
			continue;
		if (f == r)
			says_data++;
		else if (f == ST_TEXT)
			says_header++;
	}
	if (says_header)
		goto done;
	if (says_data) {
		result = 0;
		goto done;
	}

	for (c = 0; c < h->ncols; c++) {
		if (h->repeated[c] || h->first[c] == ST_EMPTY) {
			const unsigned char *t = h->first_text[c];
			size_t len = h->first_len[c] > 40 ? 40 : h->first_len[c];
			while (len && (t[len - 1] & 0xC0) == 0x80)
				len--; /* not inside a character */
			if (len && len < h->first_len[c] && t[len - 1] >= 0xC0)
				len--;
			/* DuckDB takes it as the header too: warned */
			ds__source_warn(
				&cs->base, "header",
				"header uncertain: every column is text, and the first record's value '%.*s' in "
				"column %zu %s; taken as the header: give --header no if it is data",
				(int)len, (const char *)t, c + 1,
				h->repeated[c] ? "occurs again below it" : "is empty");
			break;
		}
	}
done:
	ds__free(h);
	return result;
}

/* ---- preamble: lines before the header ---- */

/* Records a preamble may have at most. */
#define PREAMBLE_MAX 20

typedef struct preamble_sniff {
	unsigned char first[SNIFF_RECORDS]; /* each record's first byte (0 when empty) */
	const unsigned char *text[SNIFF_RECORDS];
	size_t len[SNIFF_RECORDS];
	size_t last_len[SNIFF_RECORDS]; /* the length of each record's last field */
} preamble_sniff;

static void preamble_field(void *ctx, size_t rec, size_t col, const unsigned char *s, size_t n)
{
	preamble_sniff *ps = ctx;
	if (rec >= SNIFF_RECORDS)
		return;
	ps->last_len[rec] = n;
	if (col != 0)
		return;
	ps->first[rec] = n ? s[0] : 0;
	ps->text[rec] = s;
	ps->len[rec] = n;
}

/* Whether record @j has @m fields, or @m and an empty one after them (a
 * delimiter at the end of the line: a header without it has @m names). */
static int fits(const size_t *nfields, const preamble_sniff *ps, size_t j, size_t m)
{
	return nfields[j] == m || (nfields[j] == m + 1 && ps->last_len[j] == 0);
}

/*
 * The records before the header that are not part of the table (a title,
 * notes, comments: DuckDB's sniffer skips them too): the smallest k such
 * that record k has m >= 2 fields, every record before it fewer, the record
 * after it m too, and at least three in four records from k on m (each
 * counted also with one more, empty, field: data rows ending in a
 * delimiter). k is 0 when the first record qualifies (no preamble); at most
 * PREAMBLE_MAX; and a single record is skipped only when it is one field (a
 * header one field short, as R writes row names, stays the header).
 * @comment receives '#' when every skipped record starts with it.
 */
static size_t detect_preamble(csv_source *cs, int *comment, const unsigned char **first_text, size_t *first_len)
{
	size_t nfields[SNIFF_RECORDS], n, i, j, m = 0, k, most = 0;
	preamble_sniff ps;
	sniff_fn fn;
	int cut;

	memset(&ps, 0, sizeof ps);
	fn.field = preamble_field;
	fn.ctx = &ps;
	*comment = 0;
	n = sniff_records(cs->p, cs->end, cs->eof, (unsigned char)cs->base.delimiter, SNIFF_RECORDS, nfields, &fn,
			  &cut);
	if (cut || n < 3)
		return 0;
	for (k = 0; k <= PREAMBLE_MAX && k + 1 < n; k++) {
		size_t agree = 0;
		m = nfields[k];
		if (k > 0 && nfields[k - 1] > most)
			most = nfields[k - 1];
		if (m < 2 || (k > 0 && most >= m) || !fits(nfields, &ps, k + 1, m))
			continue;
		for (j = k; j < n; j++)
			agree += fits(nfields, &ps, j, m);
		if (agree * 4 >= (n - k) * 3)
			break;
	}
	if (k == 0 || k > PREAMBLE_MAX || k + 1 >= n)
		return 0;
	if (k == 1 && nfields[0] != 1)
		return 0;
	*comment = '#';
	for (i = 0; i < k; i++)
		if (ps.first[i] != '#')
			*comment = 0;
	*first_text = ps.text[0];
	*first_len = ps.len[0];
	return k;
}

/* The first bytes of @t[@n], at most 40, not cutting a UTF-8 character. */
static int clip40(const unsigned char *t, size_t n)
{
	size_t len = n > 40 ? 40 : n;
	while (len < n && len && (t[len] & 0xC0) == 0x80)
		len--;
	return (int)len;
}

/* Skip the preamble, given or detected (warned). */
static int skip_preamble(csv_source *cs, const ds__csv_options *opt)
{
	const unsigned char *text = NULL;
	size_t len = 0, k, i;
	char first[48];
	long line;
	int rc, comment = 0;

	if (opt->skip_given)
		k = (size_t)opt->skip;
	else if (opt->header == DS__CSV_HEADER_AUTO) /* a header given is the first record */
		k = detect_preamble(cs, &comment, &text, &len);
	else
		k = 0;
	if (k == 0)
		return DS_OK;
	if (text)
		snprintf(first, sizeof first, "%.*s", clip40(text, len), (const char *)text);
	for (i = 0; i < k; i++) {
		if ((rc = read_record(cs, &line)) < 0)
			return rc;
		if (rc == 0)
			return ds__error_at(DS_EINVAL, (int)cs->line, 0, "skip",
					    "%s: only %zu record%s: none left after skipping %zu", cs->base.location, i,
					    i == 1 ? "" : "s", k);
	}
	cs->skipped = k;
	if (!opt->skip_given) {
		cs->comment = comment;
		ds__source_warn(&cs->base, "preamble",
				"%ld line%s skipped before the header: %zu record%s with fewer fields than the "
				"table's (a title, notes or comments; the first is '%s'); give --skip 0 to read "
				"them as records",
				cs->line - 1, cs->line - 1 == 1 ? "" : "s", k, k == 1 ? "" : "s", first);
	}
	return DS_OK;
}

/* ---------------------------------------------------------------- opening */

/* The encoding given: NULL for auto, else the name the reader uses (the
 * common names mapped; any other name ICU's converters know, by its IANA
 * or MIME name). */
static int parse_encoding(const char *name, char *buf, size_t size, const char **icu_name)
{
	static const struct {
		const char *given, *icu;
	} names[] = {
		{ "auto", NULL },	  { "utf-8", "UTF-8" },	      { "utf8", "UTF-8" },
		{ "gb18030", "GB18030" }, { "gbk", "GB18030" },	      { "gb2312", "GB18030" },
		{ "utf-16", "UTF-16" },	  { "utf-16le", "UTF-16LE" }, { "utf-16be", "UTF-16BE" },
	};
	UErrorCode err = U_ZERO_ERROR;
	UConverter *conv;
	const char *std;
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
	conv = strlen(name) < 40 ? ucnv_open(name, &err) : NULL;
	if (!conv || U_FAILURE(err)) {
		if (conv)
			ucnv_close(conv);
		return ds__error_at(DS_EINVAL, 0, 0, "encoding",
				    "unknown encoding '%.40s': use auto, utf-8, gb18030 (gbk), utf-16, utf-16le, "
				    "utf-16be or another name ICU knows (latin1, windows-1252, shift_jis, ...)",
				    name);
	}
	err = U_ZERO_ERROR;
	std = ucnv_getStandardName(ucnv_getName(conv, &err), "MIME", &err);
	if (!std || U_FAILURE(err)) {
		err = U_ZERO_ERROR;
		std = ucnv_getStandardName(ucnv_getName(conv, &err), "IANA", &err);
	}
	if (!std || U_FAILURE(err)) {
		err = U_ZERO_ERROR;
		std = ucnv_getName(conv, &err);
	}
	snprintf(buf, size, "%.31s", std && U_SUCCESS(err) ? std : name);
	ucnv_close(conv);
	*icu_name = buf;
	return DS_OK;
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
static int read_header(csv_source *cs, int header)
{
	char **names = NULL;
	long line = 0;
	size_t i;
	int rc;

	cs->in_header = header;
	rc = read_record(cs, &line);
	cs->in_header = 0;
	if (rc < 0)
		return rc;
	if (rc == 0 && cs->skipped)
		return ds__error_at(DS_EINVAL, (int)cs->line, 0, "skip", "%s: no record left after the %zu skipped",
				    cs->base.location, cs->skipped);
	if (rc == 0)
		return ds__error_at(DS_EINVAL, 1, 0, NULL, "%s: empty file (only empty lines)", cs->base.location);
	if (!(names = ds__calloc(cs->rb.nfields, sizeof *names)))
		return ds__enomem();
	if (header) {
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
	cs->base.header = header;
	return ds__source_set_names(&cs->base, names, cs->rb.nfields, header ? line : 0);
}

static int open_common(csv_source *cs, const ds__csv_options *opt)
{
	static const ds__csv_options defaults = { NULL, 0, DS__CSV_HEADER_AUTO, 0, 0 };
	const unsigned char *start, *sample;
	const char *given = NULL, *format;
	char given_buf[40];
	size_t avail, skip = 0, nsample;
	int rc, whole, header;

	if (!opt)
		opt = &defaults;
	if (opt->skip_given && opt->skip < 0)
		return ds__error_at(DS_EINVAL, 0, 0, "skip", "skip: %ld records is negative", opt->skip);
	if (opt->header < DS__CSV_HEADER_AUTO || opt->header > DS__CSV_HEADER_NO)
		return ds__error_at(DS_EINVAL, 0, 0, "header", "header: %d is not auto (0), yes (1) or no (2)",
				    opt->header);
	if ((rc = ds__init()) < 0)
		return rc;
	if ((rc = parse_encoding(opt->encoding, given_buf, sizeof given_buf, &given)) < 0)
		return rc;
	if (opt->delimiter == '"' || opt->delimiter == '\n' || opt->delimiter == '\r' ||
	    (unsigned char)opt->delimiter >= 0x80)
		return ds__error_at(DS_EINVAL, 0, 0, "delimiter",
				    "the delimiter 0x%02X cannot be used: a quote, CR, LF or a non-ASCII byte",
				    (unsigned char)opt->delimiter);
	cs->stream = cs->fd >= 0;
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
#ifdef HAVE_ZLIB
	/* gzip: the text is what it holds, inflated through the read buffer */
	if (avail >= 2 && start[0] == 0x1F && start[1] == 0x8B) {
		if (inflateInit2(&cs->zs, 15 + 16) != Z_OK)
			return ds__enomem();
		cs->gz = 1;
		if (cs->fd >= 0) {
			if (!(cs->gzin = ds__malloc(RAW_SIZE)))
				return ds__enomem();
			memcpy(cs->gzin, cs->raw, cs->raw_len);
			cs->zs.next_in = cs->gzin;
			cs->zs.avail_in = (uInt)cs->raw_len;
			cs->gz_in_read = cs->raw_len;
			cs->gz_in_eof = cs->raw_eof;
		} else {
			if (cs->mem_len > UINT_MAX)
				return ds__error_at(DS_EINVAL, 0, 0, "len",
						    "%s: gzip data in memory above 4 GiB: give it as a file",
						    cs->base.location);
			if (!(cs->raw = ds__malloc(RAW_SIZE)))
				return ds__enomem();
			/* zlib's next_in is not const before 1.2.9's ZLIB_CONST */
			cs->zs.next_in = (Bytef *)(uintptr_t)cs->mem;
			cs->zs.avail_in = (uInt)cs->mem_len;
			cs->gz_in_read = cs->mem_len;
			cs->gz_in_eof = 1;
		}
		cs->stream = 1;
		cs->raw_eof = 0;
		if ((rc = read_more(cs, cs->raw, RAW_SIZE, &cs->raw_len)) < 0)
			return rc;
		start = cs->raw;
		avail = cs->raw_len;
		whole = cs->raw_eof;
		if ((format = binary_format(start, avail)) != NULL)
			return ds__error_at(DS_EINVAL, 1, 0, NULL,
					    "%s: a gzip-compressed file holding %s, not CSV text", cs->base.location,
					    format);
	}
#endif
	/* a binary format is refused whatever the encoding given */
	if ((format = binary_format(start, avail)) != NULL)
		return ds__error_at(DS_EINVAL, 1, 0, NULL, "%s: %s, not CSV text", cs->base.location, format);
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
	nsample = avail - skip < SAMPLE_SIZE ? avail - skip : SAMPLE_SIZE;
	cs->base.encoding_detected = !opt->encoding || strcasecmp(opt->encoding, "auto") == 0;
	if (given && strcmp(given, "UTF-16") == 0)
		given = utf16_order(sample, nsample);
	if (given) {
		snprintf(cs->base.encoding, sizeof cs->base.encoding, "%.31s", given);
		cs->base.encoding_confidence = 100;
	} else if ((rc = detect_encoding(cs, sample, nsample, whole && avail - skip <= SAMPLE_SIZE)) < 0) {
		return rc;
	}

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
		if (cs->stream && !cs->raw_eof) /* a fuller window for the delimiter */
			need(cs, TEXT_SIZE / 2);
	}
	cs->base.delimiter_detected = opt->delimiter == 0;
	cs->base.delimiter = opt->delimiter ? opt->delimiter : detect_delimiter(cs, cs->p, cs->end, cs->eof);
	set_classes(cs, cs->base.delimiter);
	cs->line = 1;
	if ((rc = skip_preamble(cs, opt)) < 0)
		return rc;
	cs->base.header_detected = opt->header == DS__CSV_HEADER_AUTO;
	if (opt->header == DS__CSV_HEADER_AUTO)
		header = detect_header(cs, cs->p, cs->end, cs->eof);
	else
		header = opt->header == DS__CSV_HEADER_YES;
	if ((rc = read_header(cs, header)) < 0)
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
