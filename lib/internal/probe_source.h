/*
 * The probe's data sources (自动探查): one interface that delivers a source's
 * column names and then its records one at a time, as UTF-8 text, in bounded
 * memory whatever the source's size. CSV/TSV files (lib/probe/source_csv.c)
 * and SQLite tables (lib/probe/source_sqlite.c) implement it today; a
 * PostgreSQL table is one more implementation of ds__source_ops, nothing else
 * changes. Never installed.
 *
 * Division of labour: a source reads and decodes; it reports problems of the
 * bytes and the record structure (invalid byte sequences, NUL bytes, ragged
 * rows, unterminated quotes, oversized fields, duplicate column names) as
 * counted, sampled ds__source_problem entries and keeps going where it can.
 * It infers nothing about values: that is the analysis (lib/probe/probe.c).
 *
 * Thread-safety: a source is used by one thread at a time, except that
 * chunk_parse may run on other threads for chunks read and not yet settled;
 * different sources are independent.
 * SPDX-License-Identifier: MIT
 */
#ifndef DS_INTERNAL_PROBE_SOURCE_H
#define DS_INTERNAL_PROBE_SOURCE_H

#include <stddef.h>
#include <stdint.h>

/* The longest field a source keeps: longer ones are delivered cut at a UTF-8
 * character boundary below this size, with ds__record.truncated set and their
 * full size still counted in bytes[] and chars[] (and a DS__SRC_LONG_FIELD
 * problem recorded). Keeps memory bounded for a 100 MB single field. */
#define DS__SOURCE_MAX_FIELD (1u << 20)
/* The most fields a record keeps (the rest are read, counted and dropped, and
 * the record reported as a ragged row) and the most text a record keeps
 * (fields past it are cut as for DS__SOURCE_MAX_FIELD): with the field limit,
 * they bound the current record's memory whatever the input. */
#define DS__SOURCE_MAX_FIELDS (1u << 16)
#define DS__SOURCE_MAX_RECORD (1u << 24)
/* Samples kept per problem kind (the count goes on beyond it). */
#define DS__SOURCE_MAX_SAMPLES 10

/* Kinds of problems a source reports; the probe completes despite each. */
typedef enum ds__source_problem_kind {
	DS__SRC_INVALID_BYTES = 0,  /* a byte sequence invalid in the encoding: replaced by U+FFFD */
	DS__SRC_NUL_BYTE,	    /* a NUL byte (U+0000) in the text: dropped */
	DS__SRC_RAGGED_ROW,	    /* a record with more or fewer fields than the header */
	DS__SRC_UNTERMINATED_QUOTE, /* a quoted field still open at the end of the input (the record is
				       delivered with what was read) */
	DS__SRC_STRAY_QUOTE,	    /* a quote inside an unquoted field, or text after a closing quote
				       (kept as text) */
	DS__SRC_LONG_FIELD,	    /* a field longer than DS__SOURCE_MAX_FIELD (cut) */
	DS__SRC_DUPLICATE_NAME,	    /* a header name repeated (renamed NAME_2, NAME_3, ...) or empty
				       (named column_N) */
	DS__SRC_PROBLEM_KINDS
} ds__source_problem_kind;

typedef struct ds__source_sample {
	long line;	   /* 1-based physical line of the input (0: not line-based, e.g. SQLite) */
	long column;	   /* 1-based field number (0: the whole record) */
	long record;	   /* 1-based data record (0: the header) */
	char message[160]; /* "line 7, column 3: 4 fields, the header has 5" style, NUL-terminated */
} ds__source_sample;

typedef struct ds__source_problems {
	uint64_t count[DS__SRC_PROBLEM_KINDS];
	size_t nsamples[DS__SRC_PROBLEM_KINDS];
	ds__source_sample samples[DS__SRC_PROBLEM_KINDS][DS__SOURCE_MAX_SAMPLES];
} ds__source_problems;

/* One record, valid until the next call to next() or close(). */
typedef struct ds__record {
	size_t nfields;			/* as read; may differ from the column count (ragged row) */
	const char *const *text;	/* [nfields] UTF-8, NFC not applied, each NUL-terminated */
	const size_t *len;		/* [nfields] bytes held in text[i] (without the NUL) */
	const uint64_t *bytes;		/* [nfields] full size in UTF-8 bytes (> len[i] only when truncated) */
	const uint64_t *chars;		/* [nfields] full size in Unicode characters */
	const unsigned char *null;	/* [nfields] 1 for SQL NULL; CSV never sets it (an empty field is "") */
	const unsigned char *truncated; /* [nfields] 1 when text[i] was cut at DS__SOURCE_MAX_FIELD */
	/* [nfields] SHA-256 of the field's full UTF-8 bytes (all bytes[i] of them, as
	 * decoded), meaningful only where truncated[i]: what a cut field is compared
	 * and fingerprinted by. The source hashes the bytes past the cut as they
	 * stream by, so normal fields cost nothing and memory stays bounded. May be
	 * NULL (then no field is truncated). */
	const unsigned char (*full_sha256)[32];
	/* [nfields] 1 when an empty field is a value all the same (an empty SQLite
	 * BLOB: only SQL NULL is a null there); may be NULL (none is). */
	const unsigned char *empty_value;
	long line;   /* 1-based physical line where the record starts (0 for SQLite) */
	long number; /* 1-based data record number */
} ds__record;

/* How a source was read, when the reader had to decide (CSV): kept with the
 * probe so that a guess is never silent. */
#define DS__SOURCE_MAX_WARNINGS 8
typedef struct ds__source_warning {
	char kind[16];	   /* "encoding", "delimiter", "header" */
	char message[256]; /* one sentence naming the choice, the evidence and the option that overrides it */
} ds__source_warning;

typedef struct ds__source ds__source;

/* A piece of the input parsed apart from the others (see chunks_begin). */
typedef struct ds__chunk ds__chunk;
/* Where a chunk's records go: 0 to go on, > 0 to stop (the chunk's parse is
 * then not used), or a negative DS_E code. */
typedef int (*ds__record_fn)(void *ctx, const ds__record *rec);

typedef struct ds__source_ops {
	/* Read the next record: 1 with *rec filled, 0 at the end, or a negative
	 * DS_E code with the error set (a fatal failure: I/O, a database error).
	 * Recoverable problems are recorded in the source's problems, not returned. */
	int (*next)(ds__source *s, ds__record *rec);
	/* Release everything. */
	void (*close)(ds__source *s);
	/*
	 * Parallel parsing (optional: NULL in a source without it). The input is
	 * cut into chunks, each ending after a line end where one is near; each
	 * chunk is parsed on any thread on the guess that it starts a record
	 * outside quotes; the chunks are then settled in order on the reading
	 * thread: a chunk whose guess was right (the true parse reached exactly its
	 * start) and whose parse met no problem at all keeps its records; any other
	 * is read by next()'s own reader, which delivers exactly what next() would
	 * (problems, line and record numbers included). The records are the same, in
	 * the same order, as next() alone gives.
	 *
	 * chunks_begin: once, after opening, before any next(): 1 when the source
	 * reads in chunks from now on (at most @inflight read and not yet settled),
	 * 0 when it cannot (then use next() alone), or a negative code.
	 * chunk_read (reading thread): 1 with the next chunk, 0 at the end of the
	 * input, or a negative code.
	 * chunk_parse (any thread, one chunk per thread at a time): the chunk's
	 * records, as guessed, through @emit; their text is not NUL-terminated
	 * (len[] says where it ends), and null, truncated, full_sha256 and
	 * empty_value are NULL (a chunk with such fields is not parsed this way).
	 * DS_OK or a negative code.
	 * chunk_settle (reading thread, the chunks in the order read, each after its
	 * chunk_parse returned): 1 when the chunk's parse stands, after the records
	 * before it that the guesses missed went through @emit; 0 when it does not
	 * (the records from the last settled chunk's end to this one's went through
	 * @emit instead); or a negative code. Releases the chunk. After the last
	 * chunk, next() gives what is left (then 0).
	 */
	int (*chunks_begin)(ds__source *s, size_t inflight);
	int (*chunk_read)(ds__source *s, ds__chunk **out);
	int (*chunk_parse)(ds__chunk *c, ds__record_fn emit, void *ctx);
	int (*chunk_settle)(ds__source *s, ds__chunk *c, ds__record_fn emit, void *ctx);
} ds__source_ops;

/* Common part of every source; an implementation embeds it first. */
struct ds__source {
	const ds__source_ops *ops;
	const char *kind;  /* "csv" or "sqlite" */
	char *location;	   /* what was opened: the path, or "PATH#TABLE" (owned) */
	size_t ncolumns;   /* from the header (or the widest of the first record, headerless) */
	char **names;	   /* [ncolumns] UTF-8 column names, unique, owned */
	char **declared;   /* [ncolumns] SQLite declared types, or NULL for CSV; entries may be NULL */
	char encoding[32]; /* the encoding read: "UTF-8", "GB18030", "UTF-16LE", "UTF-16BE" (CSV); "UTF-8" (SQLite) */
	int encoding_detected;	       /* 1 when detected, 0 when the caller gave it */
	int bom;		       /* 1 when the input began with a byte-order mark */
	char delimiter;		       /* CSV: the field delimiter used; 0 for SQLite */
	int header;		       /* CSV: 1 when the first record was taken as the header */
	unsigned encoding_confidence;  /* 0-100: how sure the detector is (100 when given or certain) */
	char runner_up[32];	       /* the next most likely encoding ("" for none) */
	unsigned runner_up_confidence; /* its confidence, 0-100 */
	int delimiter_detected;	       /* CSV: 1 when detected, 0 when given */
	int header_detected;	       /* CSV: 1 when the header decision was detected, 0 when given */
	ds__source_warning warnings[DS__SOURCE_MAX_WARNINGS];
	size_t nwarnings;
	uint64_t bytes_total; /* the input's size in bytes, 0 when unknown */
	uint64_t bytes_done;  /* bytes consumed so far (for progress), updated by next() */
	ds__source_problems problems;
};

/* CSV options. Zero-initialised means: detect the encoding, detect the
 * delimiter, the first record is the header. */
typedef struct ds__csv_options {
	const char *encoding; /* NULL or "auto": detect (docs/probe-sources.md "Encodings");
				 else "utf-8", "gb18030" (also read for "gbk", "gb2312"),
				 "utf-16" (BOM or detection decides the byte order),
				 "utf-16le", "utf-16be", or any other name ICU's converters
				 know ("latin1", "windows-1252", "shift_jis", ...) */
	char delimiter;	      /* 0: detect over the documented candidates by row consistency; else the byte */
	int header;	      /* 0: detect; 1: the first record is the header; 2: there is no
				 header (columns are named column_1 ...) */
	int skip_given;	      /* 0: detect a preamble (lines before the header); 1: skip @skip records */
	long skip;	      /* with skip_given: the records (non-empty lines) before the header to skip */
} ds__csv_options;

#define DS__CSV_HEADER_AUTO 0
#define DS__CSV_HEADER_YES 1
#define DS__CSV_HEADER_NO 2

/* The size of the chunks a CSV source is parsed in by several threads
 * (chunks_begin; 128 KiB, at most that; an input under four chunks is read
 * on one thread); the tests lower it to put chunk ends everywhere. */
extern size_t ds__csv_chunk_size;

/*
 * Open a CSV/TSV file for streaming. Reads the start of the file to detect the
 * encoding and delimiter, then reads the header. Memory stays bounded: a fixed
 * read buffer plus the current record (fields cut at DS__SOURCE_MAX_FIELD).
 *
 * @return DS_OK; DS_EIO (cannot open/read, naming the path and errno text);
 *         DS_EINVAL for an empty file (no bytes, or only a BOM: "empty file",
 *         line 1) or an unknown encoding name (field "encoding"); DS_ENOMEM.
 *         A header-only file opens and then yields no records.
 */
int ds__source_open_csv(ds__source **out, const char *path, const ds__csv_options *opt);
/* The same over bytes in memory (not copied: keep them alive until close);
 * @name is used in messages and as the location. */
int ds__source_open_csv_memory(ds__source **out, const char *data, size_t len, const char *name,
			       const ds__csv_options *opt);

/*
 * Open a SQLite table read-only (SQLITE_OPEN_READONLY, no URI, the table name
 * quoted as an identifier). Columns and declared types from PRAGMA table_info;
 * values as text (integers and reals as SQLite prints them, blobs as lower-case
 * hex), SQL NULL flagged in ds__record.null.
 *
 * @return DS_OK; DS_EIO when the file cannot be opened as a database;
 *         DS_ENOTFOUND for a missing table (field "table"); DS_EDB for other
 *         SQLite failures (cause recorded).
 */
int ds__source_open_sqlite(ds__source **out, const char *path, const char *table);

static inline int ds__source_next(ds__source *s, ds__record *rec)
{
	return s->ops->next(s, rec);
}

/* Close any source; NULL is fine. */
void ds__source_close(ds__source *s);

/* Record a problem (used by implementations): counts it, keeps the sample
 * when fewer than DS__SOURCE_MAX_SAMPLES are kept for its kind. The sample's
 * message starts with the place ("line 7, column 3: ", or "record 12,
 * column 3: " when @line is 0); @fmt gives the rest. */
void ds__source_problem(ds__source *s, ds__source_problem_kind kind, long line, long column, long record,
			const char *fmt, ...)
#if defined(__GNUC__)
	__attribute__((format(printf, 6, 7)))
#endif
	;

/* Stable lower-case names for the kinds, used in reports: "invalid-bytes",
 * "nul-byte", "ragged-row", "unterminated-quote", "stray-quote", "long-field",
 * "duplicate-name". */
const char *ds__source_problem_name(ds__source_problem_kind kind);

/* Record a warning about a choice the reader made (the first
 * DS__SOURCE_MAX_WARNINGS are kept). */
void ds__source_warn(ds__source *s, const char *kind, const char *fmt, ...)
#if defined(__GNUC__)
	__attribute__((format(printf, 3, 4)))
#endif
	;

#endif
