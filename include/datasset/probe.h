/** @file
 * libdatasset — automatic discovery (自动探查): probe a CSV/TSV file or a
 * SQLite table once, streaming, and learn its schema (one inferred 信息项 per
 * column, with evidence), statistics, semantic types (统一社会信用代码,
 * 居民身份证号, mobile numbers, 行政区划代码, e-mail) with personal-information
 * flags, GB/T 36344 quality indicators, and a fingerprint; keep the result as
 * a probe report document (urn:datasset:probe:1, schemas/probe.xsd, version 2;
 * version 1 reports still load); compare
 * two probes of one source (change report); turn a probe into a catalogue
 * entry draft. docs/probe.md explains every rule; the essentials are here.
 * SPDX-License-Identifier: MIT
 *
 * Inference. Every non-empty value of a column is classified; the column's
 * type is the narrowest one that every value fits, widening on conflict
 * (integer → decimal → text; any other mix → text), so the type is
 * guaranteed, not guessed from a sample. An empty field (or SQL NULL) is a
 * null. Integers: optional sign, digits, no leading zero ("050000" is text:
 * a code, not a number; so is an integer column whose name ends in 编码,
 * 代码, 邮编, 号码, 编号, 账号, 帐号, 卡号, 证号, 电话, "code" or "zip"). Decimals: digits with one '.', exact precision and
 * scale (no floating point). Booleans: 是/否, true/false (any case), Y/N;
 * 0 and 1 are integers. Dates (year first, as Chinese usage writes them):
 * 2024-01-31, 2024/1/31, 2024.01.31, 2024年1月31日, and 20240131 when every
 * value of an integer column is such a date (1900–2099); datetimes: those
 * date forms with '-' or '/' followed by ' ' or 'T' and HH:MM[:SS[.fff]].
 * A column's date format is locked by its first date: a value that is a date
 * only in another format makes the column text. Columns whose values are
 * recognised identifiers (90 % or more of the non-empty values have the
 * identifier's shape) are reported as text with that semantic type.
 *
 * Statistics. Distinct counts are exact while a column has at most 1000
 * distinct values of at most 64 bytes (counted by value, which also gives the
 * top values with exact counts), then up to a bound (a set of 64-bit hashes of
 * the values: two different values collide with probability ~n²/2^65), then
 * estimated by HyperLogLog with 2^14 one-byte registers (16 KiB per column),
 * computed in integer arithmetic: linear counting while the raw estimate is at
 * most 2.5·2^14 = 40,960 and a register is zero (standard error below 1 %),
 * the raw estimate above (standard error 1.04/√16384 ≈ 0.81 %).
 *
 * Memory is bounded whatever the number of rows: a column's state is at most
 * its value table (≤ 1000 values of ≤ 64 bytes; all columns' tables share
 * 16 MiB, a column past its share gives its top values up), its hash set (all columns'
 * sets share 24 MiB) or its HLL registers (16 KiB); the duplicate check keeps
 * at most 16 MiB. Peak memory grows with the number of columns only.
 *
 * Thread-safety: every function is reentrant; a ds_probe or ds_probe_diff is
 * used by one thread at a time (a finished probe may be read by several).
 */
#ifndef DATASSET_PROBE_H
#define DATASSET_PROBE_H

#include <stddef.h>
#include <stdint.h>

#include "catalog.h"
#include "common.h"
#include "decimal.h"

#ifdef __cplusplus
extern "C" {
#endif

/** The result of probing one source. Opaque; ds_probe_file(), ds_probe_sqlite(), ds_probe_load(). */
typedef struct ds_probe ds_probe;
/** The change report between two probes. Opaque; ds_probe_diff_new(). */
typedef struct ds_probe_diff ds_probe_diff;

/**
 * Called while a source is read with the bytes consumed so far and the
 * source's size (0 when unknown): at most about 100 times per probe, and once
 * more at the end with done == total.
 */
typedef void (*ds_probe_progress_fn)(uint64_t done, uint64_t total, void *context);

/** Whether a CSV's first record is its header (ds_probe_options.header). Values are part of the ABI. */
typedef enum ds_probe_header {
	DS_PROBE_HEADER_AUTO = 0, /**< detect it from the types of the first records (docs/probe-sources.md) */
	DS_PROBE_HEADER_YES = 1,  /**< the first record is the header */
	DS_PROBE_HEADER_NO = 2	  /**< there is no header: the columns are named column_1 ... */
} ds_probe_header;

/** Options for ds_probe_file() and ds_probe_sqlite(). */
typedef struct ds_probe_options {
	unsigned int version;	  /**< DS_PROBE_OPTIONS_VERSION (1 is still read: it has no @c header, and
				       a first record that is not @c no_header is the header, as then) */
	const char *encoding;	  /**< CSV: NULL or "auto" (detect), "utf-8", "gb18030", "gbk", "utf-16",
				       "utf-16le", "utf-16be", or any other name ICU knows ("latin1",
				       "windows-1252", "shift_jis", "iso-8859-7", ...) */
	char delimiter;		  /**< CSV: 0 to detect (any printable ASCII punctuation, space or TAB by
				       row consistency; docs/probe-sources.md); else the delimiter byte */
	int no_header;		  /**< CSV: 1 when the first record is data (as @c header DS_PROBE_HEADER_NO) */
	const char *update_cycle; /**< 更新周期 declared for the source (实时, 每日, 每周, 每月, 每季度,
				       每半年, 每年, 不定期), or NULL: 时效性 is then not assessed */
	const char *as_of;	  /**< the date 时效性 is judged at, YYYY-MM-DD, or NULL (not assessed) */
	uint64_t distinct_bound;  /**< distinct values counted exactly per column (as 64-bit hashes)
				       before the HLL estimate takes over: 0 for the default 65536;
				       1 to 4194304; lowered when all columns' sets would pass 24 MiB
				       (columns with at most 1000 short values stay exact anyway) */
	unsigned int top_k;	  /**< top values kept per low-cardinality column: 0 for the default 10; at most 100 */
	ds_probe_progress_fn progress; /**< progress callback, or NULL */
	void *progress_context;	       /**< passed to @c progress */
	ds_probe_header header;	       /**< CSV (version 2): detect the header (the default), or say
					    whether there is one; @c no_header 1 wins */
	long skip;	      /**< CSV (version 3): DS_PROBE_SKIP_AUTO (-1, the default) to detect a preamble (a title,
			notes or comment lines before the header, skipped with a warning; docs/probe-sources.md),
			or the number of records (non-empty lines) before the header to skip, 0 for none.
			A version 2 struct is read as DS_PROBE_SKIP_AUTO. */
	unsigned int threads; /**< (version 4) threads parsing and analysing the records: 0 for the
				   default, the online CPUs at most 4; 1 for the calling thread alone;
				   at most DS_PROBE_MAX_THREADS. The probe is the same byte for byte
				   whatever the number (docs/probe.md, "Threads"); a small input (under
				   about half a megabyte) is read and analysed on the calling thread.
				   A version 3 struct is read as 0. */
} ds_probe_options;

/** The most threads ds_probe_options.threads may ask for. */
#define DS_PROBE_MAX_THREADS 64u

/** ds_probe_options.skip: detect a preamble before the header. */
#define DS_PROBE_SKIP_AUTO (-1L)
/** The current layout of ::ds_probe_options: the value for its @c version field. */
#define DS_PROBE_OPTIONS_VERSION 4
/** An initialiser for a ::ds_probe_options: the current @c version and the defaults. */
#define DS_PROBE_OPTIONS_INIT                                                                             \
	{                                                                                                 \
		DS_PROBE_OPTIONS_VERSION, NULL, 0, 0, NULL, NULL, 0, 0, NULL, NULL, DS_PROBE_HEADER_AUTO, \
			DS_PROBE_SKIP_AUTO, 0                                                             \
	}

/**
 * Initialise @p opts to the defaults.
 * @param version DS_PROBE_OPTIONS_VERSION (an older version, 1 to 3, writes only the fields that
 *                version has).
 * @return DS_OK, or DS_EINVAL for NULL or an unknown version.
 * Thread-safety: reentrant.
 */
DS_EXTERN int ds_probe_options_init(ds_probe_options *opts, unsigned int version);

/**
 * Probe a CSV or TSV file (RFC 4180; encoding and delimiter detected or given),
 * reading it once, in bounded memory.
 * Problems of the bytes or the record structure (invalid byte sequences, ragged
 * rows, unterminated quotes, ...) do not stop the probe: they are counted, with
 * samples naming line and column, and kept in the probe (ds_probe_problem()).
 * @param out  receives the probe; free it with ds_probe_free(). Unchanged on failure.
 * @param path the file.
 * @param opts options, or NULL for the defaults.
 * Nothing is misread silently: a file that is not text (gzip, zip/xlsx, xls,
 * PDF, images, other binary data) is refused naming its format; a detected
 * encoding, delimiter or header decision that is uncertain comes with a
 * warning (ds_probe_warning_at()) and how sure the detector was
 * (ds_probe_detection()).
 * @return DS_OK; DS_EIO when the file cannot be read; DS_EINVAL for an empty
 *         file, binary input (the message names the format), an unknown
 *         encoding, a bad options version, a header mode out of range, an update cycle not
 *         in the list (field "update_cycle"), an as-of date that is not
 *         YYYY-MM-DD (field "as_of"), a distinct bound, top-k or threads (field "threads") out of range;
 *         DS_ENOMEM.
 */
DS_EXTERN int ds_probe_file(ds_probe **out, const char *path, const ds_probe_options *opts);

/**
 * Probe a CSV held in memory (as ds_probe_file(); @p name is used in messages
 * and as the source's location). The bytes are not copied and not kept.
 * @return as ds_probe_file().
 */
DS_EXTERN int ds_probe_memory(ds_probe **out, const char *data, size_t len, const char *name,
			      const ds_probe_options *opts);

/**
 * Probe a SQLite table (opened read-only). SQL NULL is a null; values are read
 * as SQLite prints them. The CSV options of @p opts are ignored.
 * @return DS_OK; DS_EIO when the file is not a database; DS_ENOTFOUND for a
 *         missing table; DS_EDB for other SQLite failures; the option errors of
 *         ds_probe_file(); DS_ENOMEM.
 */
DS_EXTERN int ds_probe_sqlite(ds_probe **out, const char *path, const char *table, const ds_probe_options *opts);

/** Free a probe. @param probe the probe, or NULL (no-op). */
DS_EXTERN void ds_probe_free(ds_probe *probe);

/** An inferred column type. Values are part of the ABI. */
typedef enum ds_probe_type {
	DS_PROBE_EMPTY = 0,    /**< no non-empty value seen */
	DS_PROBE_BOOLEAN = 1,  /**< 是/否, true/false, Y/N */
	DS_PROBE_INTEGER = 2,  /**< whole numbers without leading zeros */
	DS_PROBE_DECIMAL = 3,  /**< exact decimals; precision and scale in ds_probe_column_at */
	DS_PROBE_DATE = 4,     /**< dates in the column's locked format */
	DS_PROBE_DATETIME = 5, /**< dates with a time of day */
	DS_PROBE_TEXT = 6      /**< anything else */
} ds_probe_type;

/** A recognised identifier kind (semantic type). Values are part of the ABI. */
typedef enum ds_probe_semantic {
	DS_SEMANTIC_NONE = 0,
	DS_SEMANTIC_CREDIT_CODE = 1, /**< 统一社会信用代码 (GB 32100 check character) */
	DS_SEMANTIC_ID_CARD = 2,     /**< 居民身份证号 (GB 11643 check digit; 15-digit old form); 个人信息 */
	DS_SEMANTIC_MOBILE = 3,	     /**< mobile number 1[3-9] + 9 digits, optional +86; 个人信息 */
	DS_SEMANTIC_REGION = 4,	     /**< 行政区划代码: 6 digits with a GB/T 2260 province prefix */
	DS_SEMANTIC_EMAIL = 5	     /**< e-mail address; 个人信息 */
} ds_probe_semantic;

/** The stable name of a type ("integer", "decimal", ...), or NULL for an unknown value. */
DS_EXTERN const char *ds_probe_type_name(ds_probe_type type);
/** The stable name of a semantic type ("credit-code", "id-card", "mobile", "region", "email"; "" for none), or NULL. */
DS_EXTERN const char *ds_probe_semantic_name(ds_probe_semantic semantic);

/** How a CSV was read where the reader had to decide; ds_probe_detection(). */
typedef struct ds_probe_detection_info {
	int encoding_detected;		   /**< 1 when the encoding was detected, 0 when given (or SQLite) */
	unsigned int encoding_confidence;  /**< 0-100: how sure the detector is (100 when given, certain,
					       or valid UTF-8) */
	const char *runner_up;		   /**< the next most likely encoding, or NULL (borrowed) */
	unsigned int runner_up_confidence; /**< its confidence, 0-100 (0 without a runner-up) */
	int delimiter_detected;		   /**< 1 when the delimiter was detected, 0 when given (or SQLite) */
	int header_detected;		   /**< 1 when the header decision was detected, 0 when given (or SQLite) */
} ds_probe_detection_info;

/**
 * How the source was read: detected or given, the encoding detector's
 * confidence and runner-up.
 * @return DS_OK; DS_ENOTFOUND for a probe loaded from a version 1 report
 *         (which does not record it); DS_EINVAL for NULL.
 * Thread-safety: reads the probe only.
 */
DS_EXTERN int ds_probe_detection(ds_probe_detection_info *out, const ds_probe *probe);

/** The number of warnings about how the source was read (0 for NULL). */
DS_EXTERN size_t ds_probe_warning_count(const ds_probe *probe);

/**
 * Warning @p index: a choice the reader made that may be wrong (an uncertain
 * encoding, delimiter or header decision, UTF-8 with invalid bytes), with the
 * evidence and the option that overrides it.
 * @param kind    receives "encoding", "delimiter", "header", "preamble" (lines before the header
 *                skipped), "comment" (comment lines after it skipped) or "compression" (bytes after
 *                the last gzip member ignored) (borrowed); may be NULL.
 * @param message receives the sentence (borrowed, valid while the probe lives); may be NULL.
 * @return DS_OK; DS_ERANGE for @p index >= ds_probe_warning_count() (the message
 *         names the index and the count; outputs unchanged); DS_EINVAL for NULL.
 */
DS_EXTERN int ds_probe_warning_at(const char **kind, const char **message, const ds_probe *probe, size_t index);

/** Where the probe's data came from; borrowed strings valid while the probe lives. */
typedef struct ds_probe_source_info {
	const char *kind;     /**< "csv" or "sqlite" */
	const char *location; /**< the path, or "PATH#TABLE" */
	const char *encoding; /**< "UTF-8", "GB18030", "UTF-16LE", "UTF-16BE", or another ICU/IANA name
				   ("windows-1252", "ISO-8859-1", "Shift_JIS", ...) */
	char delimiter;	      /**< CSV delimiter, 0 for SQLite */
	int header;	      /**< 1 when the first record was the header */
	int bom;	      /**< 1 when the input began with a byte-order mark */
	uint64_t bytes;	      /**< the input's size (0 when unknown) */
	uint64_t rows;	      /**< data records read */
	size_t columns;	      /**< number of columns */
} ds_probe_source_info;

/**
 * Describe the probed source.
 * @return DS_OK, or DS_EINVAL for NULL.
 */
DS_EXTERN int ds_probe_source(ds_probe_source_info *out, const ds_probe *probe);

/** One column's inference and statistics, as ds_probe_column_at() shows it. */
typedef struct ds_probe_column_info {
	const char *name;	    /**< column name */
	ds_probe_type type;	    /**< the guaranteed type (text when a semantic type is recognised) */
	int precision;		    /**< DS_PROBE_DECIMAL / DS_PROBE_INTEGER: most significant digits seen */
	int scale;		    /**< DS_PROBE_DECIMAL: most fractional digits seen */
	const char *format;	    /**< dates: "YYYY-MM-DD", "YYYY/MM/DD", "YYYY.MM.DD", "YYYY年MM月DD日",
					  "YYYYMMDD", "YYYY-MM-DD HH:MM:SS", "YYYY-MM-DDTHH:MM:SS",
					  "YYYY/MM/DD HH:MM:SS", "YYYY/MM/DDTHH:MM:SS"; else NULL */
	ds_probe_semantic semantic; /**< recognised identifier kind */
	int personal_info;	    /**< 1 for 个人信息 (ID card, mobile, e-mail) */
	int nullable;		    /**< 1 when a null was seen */
	uint64_t nulls;		    /**< empty fields and SQL NULLs */
	uint64_t non_empty;	    /**< values that are not null */
	uint64_t conforming;	    /**< 规范性: values matching the type or recogniser (see docs) */
	ds_probe_type dominant; /**< text columns: the non-text type more than half the values parse as (EMPTY: none) */
	uint64_t dominant_count; /**< values that parse as @c dominant */
	uint64_t semantic_shape; /**< values with the semantic type's shape */
	uint64_t semantic_valid; /**< of those, values whose check character/digit is right */
	uint64_t max_length;	 /**< longest value in Unicode characters */
	uint64_t distinct;	 /**< distinct non-empty values (exact or estimated) */
	int distinct_exact;	 /**< 1 when @c distinct is exact, 0 for the HLL estimate */
	int unique;		 /**< 1 for a key candidate: no nulls and every value distinct (exactly) */
	const char *min;	 /**< ordered types: the smallest value (dates as ISO 8601), else NULL */
	const char *max;	 /**< the largest value, or NULL */
	size_t top_count; /**< number of top values kept (0 when not kept: too many distinct, too many columns / values too long) */
} ds_probe_column_info;

/** The number of columns (0 for NULL). */
DS_EXTERN size_t ds_probe_column_count(const ds_probe *probe);

/**
 * Copy the view of column @p index (0-based) into @p out; its strings are borrowed:
 * valid while the probe lives. @p out is unchanged on failure.
 * @return DS_OK; DS_ERANGE for @p index >= ds_probe_column_count() (the message
 *         names the index and the count); DS_EINVAL for NULL.
 */
DS_EXTERN int ds_probe_column_at(ds_probe_column_info *out, const ds_probe *probe, size_t index);

/**
 * Top value @p rank (0 = most frequent; ties in byte order of the value) of a column.
 * @param value receives the value (borrowed, valid while the probe lives); may be NULL.
 * @param count receives its exact count; may be NULL.
 * Both outputs are unchanged on failure.
 * @return DS_OK; DS_ERANGE for a column index past the last column or a rank at
 *         or past the column's top_count (the message names the index and the
 *         count); DS_EINVAL for NULL.
 */
DS_EXTERN int ds_probe_top_at(const char **value, uint64_t *count, const ds_probe *probe, size_t column, size_t rank);

/** Record-level statistics. */
typedef struct ds_probe_records {
	uint64_t rows;		   /**< data records */
	uint64_t complete;	   /**< records without a null field */
	uint64_t duplicate_window; /**< records checked for duplicates (the first ones, up to a bound) */
	uint64_t duplicates;	   /**< records in that window equal to an earlier one (128-bit record hashes) */
	int duplicates_exact;	   /**< 1 when the window is every record */
	const char *latest_date;   /**< the latest date in any date/datetime column (YYYY-MM-DD), or NULL */
	const char *update_cycle;  /**< the declared 更新周期, or NULL */
	const char *as_of;	   /**< the as-of date, or NULL */
} ds_probe_records;

/** Record statistics; borrowed strings valid while the probe lives. @return DS_OK or DS_EINVAL. */
DS_EXTERN int ds_probe_record_stats(ds_probe_records *out, const ds_probe *probe);

/** GB/T 36344-2018 dimensions the probe measures. Values are part of the ABI. */
typedef enum ds_probe_dimension {
	DS_QUALITY_CONFORMANCE = 0,  /**< 规范性: conforming values / non-empty values */
	DS_QUALITY_COMPLETENESS = 1, /**< 完整性: non-null values / rows (column); non-null cells / cells (overall) */
	DS_QUALITY_ACCURACY = 2,     /**< 准确性 proxy: records that are not duplicates / records checked */
	DS_QUALITY_TIMELINESS = 3    /**< 时效性: 1 when the latest date is within the update cycle's
					  allowance before the as-of date, else allowance / lag (overall only) */
} ds_probe_dimension;

/** The dimension's Chinese name ("规范性"), or NULL for an unknown value. */
DS_EXTERN const char *ds_probe_dimension_name(ds_probe_dimension dimension);

/**
 * A quality indicator as an exact fraction.
 * @param numerator, denominator receive the fraction (denominator > 0).
 * @param column  a column index, or (size_t)-1 for the whole source.
 * @return DS_OK; DS_ENOTFOUND when the indicator is not assessed (no rows, no
 *         non-empty value, 时效性 without an update cycle, as-of date and date
 *         column, 不定期, or 时效性/准确性 asked per column); DS_ERANGE for a column
 *         index past the last column (the message names the index and the count)
 *         or when the sums of the counts would not fit 64 bits; DS_EINVAL for NULL.
 */
DS_EXTERN int ds_probe_quality_fraction(uint64_t *numerator, uint64_t *denominator, const ds_probe *probe,
					ds_probe_dimension dimension, size_t column);

/**
 * A quality score from 0 to 100: exactly 100 × the fraction (not rounded; round
 * for display with ds_decimal_round(), as the report does to 2 places HALF_UP).
 * The scores fit ds_valuation_quality_params.scores with full_score 100.
 * @param score an existing decimal; receives the score; unchanged on failure.
 * @return as ds_probe_quality_fraction(); DS_ENOMEM.
 */
DS_EXTERN int ds_probe_quality(ds_decimal *score, const ds_probe *probe, ds_probe_dimension dimension, size_t column);

/**
 * The fingerprint: lower-case hex SHA-256 digests (64 characters, borrowed).
 * The schema digest covers the column names and base types in order; the
 * content digest covers every record's fields (lengths and bytes) in order.
 * @param schema, content receive the digests; either may be NULL.
 * @return DS_OK, or DS_EINVAL for NULL.
 */
DS_EXTERN int ds_probe_fingerprint(const char **schema, const char **content, const ds_probe *probe);

/** Kinds of source problems (counted by the reader; the probe completes despite each). */
typedef enum ds_probe_problem_kind {
	DS_PROBLEM_INVALID_BYTES = 0,	   /**< "invalid-bytes": replaced by U+FFFD */
	DS_PROBLEM_NUL_BYTE = 1,	   /**< "nul-byte": dropped */
	DS_PROBLEM_RAGGED_ROW = 2,	   /**< "ragged-row": more or fewer fields than the header */
	DS_PROBLEM_UNTERMINATED_QUOTE = 3, /**< "unterminated-quote" */
	DS_PROBLEM_STRAY_QUOTE = 4,	   /**< "stray-quote" */
	DS_PROBLEM_LONG_FIELD = 5,	   /**< "long-field": cut at 1 MiB */
	DS_PROBLEM_DUPLICATE_NAME = 6,	   /**< "duplicate-name": a header name repeated or empty */
	DS_PROBLEM_KINDS = 7		   /**< the number of kinds; not a kind */
} ds_probe_problem_kind;

/**
 * How often a kind of problem occurred, and its samples.
 * @param count   receives the count; may be NULL.
 * @param samples receives the number of samples kept (at most 10); may be NULL.
 * @return DS_OK; DS_EINVAL for NULL or an unknown kind.
 */
DS_EXTERN int ds_probe_problem(uint64_t *count, size_t *samples, const ds_probe *probe, ds_probe_problem_kind kind);

/**
 * One sample of a kind of problem.
 * @param line, column receive the 1-based line and field (0 when not known); may be NULL.
 * @param message receives the message (borrowed); may be NULL.
 * Every output is unchanged on failure.
 * @return DS_OK; DS_ERANGE for @p index at or past the number of samples kept
 *         (ds_probe_problem(); the message names the index and the count);
 *         DS_EINVAL for NULL or an unknown kind.
 */
DS_EXTERN int ds_probe_problem_sample_at(long *line, long *column, const char **message, const ds_probe *probe,
					 ds_probe_problem_kind kind, size_t index);

/** The stable name of a problem kind ("ragged-row"), or NULL. */
DS_EXTERN const char *ds_probe_problem_name(ds_probe_problem_kind kind);

/* ------------------------------------------------------------------ documents */

/**
 * Write the probe report (namespace urn:datasset:probe:1, schemas/probe.xsd).
 * Loading the result and writing it again gives the same text.
 * @param out receives the document; free it with ds_free().
 * @return DS_OK; DS_EINVAL for NULL; DS_ENOMEM; DS_EINTERNAL when libxml2's writer fails.
 */
DS_EXTERN int ds_probe_to_xml(char **out, const ds_probe *probe);

/**
 * Read a probe report, validated against schemas/probe.xsd and then for
 * consistency (counts that add up, digests of 64 hex digits).
 * @param out receives the probe; free it with ds_probe_free(). Unchanged on failure.
 * @return DS_OK; DS_EIO when the file cannot be read; DS_EPARSE for XML that is
 *         not well-formed or fails the schema (line and field in ds_error_last());
 *         DS_EINVAL for counts that contradict each other; DS_ENOMEM.
 */
DS_EXTERN int ds_probe_load(ds_probe **out, const char *path);

/** As ds_probe_load() for a document in memory; @p name is used in messages (may be NULL). */
DS_EXTERN int ds_probe_parse(ds_probe **out, const char *data, size_t len, const char *name);

/* ------------------------------------------------------------------ catalogue */

/**
 * A catalogue entry draft (信息资源) from a probe: one 信息项 per column (name;
 * type code I integer, N decimal, D date, T datetime, L boolean, C text, M text
 * longer than 4000 characters; length = the longest value in characters, or the
 * precision of a decimal; a description naming the semantic type, 个人信息 and the
 * decimal's precision/scale), format 电子表格 (CSV) or 数据库 (SQLite),
 * personal_info "true" or "false", the title from the source's name and the
 * declared update cycle. The other mandatory fields are left for the user.
 * @param out receives the entry; free it with ds_resource_free().
 * @return DS_OK; DS_EINVAL for NULL; DS_ENOMEM.
 */
DS_EXTERN int ds_probe_to_resource(ds_resource **out, const ds_probe *probe);

/* ------------------------------------------------------------------ change report */

/** Kinds of change events. Values are part of the ABI. */
typedef enum ds_probe_change {
	DS_CHANGE_ADD = 0,	   /**< a column appeared */
	DS_CHANGE_DROP = 1,	   /**< a column disappeared */
	DS_CHANGE_RENAME = 2,	   /**< same position and type, different name (neither name matched) */
	DS_CHANGE_TYPE_WIDEN = 3,  /**< the type widened (integer → decimal → text, empty → any, any → text),
				       or, same base type, a semantic type / personal-info mark was lost or a
				       decimal's precision/scale grew ("decimal(4,2)" → "decimal(6,2)") */
	DS_CHANGE_TYPE_NARROW = 4, /**< the type narrowed or changed otherwise (a semantic type gained or
				       changed, a decimal's integer digits or scale shrunk) */
	DS_CHANGE_NULLABILITY = 5, /**< nulls appeared or disappeared */
	DS_CHANGE_STATS_DRIFT = 6, /**< the row count changed (no column), or a column's null share or
				       distinct count moved beyond its threshold, or (a warning that makes the
				       catalogue entry stale) its longest value grew past the 信息项 length */
	DS_CHANGE_CONTENT = 7,	   /**< the content digest differs */
	DS_CHANGE_QUALITY = 8,	   /**< an overall quality score moved beyond its threshold */
	DS_CHANGE_SOURCE = 9	   /**< the two probes are of different sources (kind or location differ; no
				       column): old/new "kind:location"; the comparison still runs; a warning
				       and stale when the kind differs (the catalogue's 资源格式), info when
				       only the location does */
} ds_probe_change;

/** How much an event matters. */
typedef enum ds_probe_severity {
	DS_PROBE_INFO = 0,
	DS_PROBE_WARNING = 1,
	DS_PROBE_BREAKING = 2 /**< consumers of the old schema break (a column dropped or renamed) */
} ds_probe_severity;

/** The stable name of an event kind ("ADD", "TYPE_WIDEN", ...), or NULL. */
DS_EXTERN const char *ds_probe_change_name(ds_probe_change change);
/** The stable name of a severity ("info", "warning", "breaking"), or NULL. */
DS_EXTERN const char *ds_probe_severity_name(ds_probe_severity severity);

/** Thresholds for ds_probe_diff_new(); integers so that comparisons are exact. */
typedef struct ds_probe_diff_options {
	unsigned int version;		/**< DS_PROBE_DIFF_OPTIONS_VERSION */
	unsigned int null_share_points; /**< STATS_DRIFT when a null share moves by more than this many
					     percentage points (default 5) */
	unsigned int distinct_percent;	/**< STATS_DRIFT when a distinct count moves by more than this
					     percent of the old count (default 20) */
	unsigned int quality_points;	/**< QUALITY when an overall score moves by more than this many
					     points of 100 (default 5) */
} ds_probe_diff_options;

/** The current layout of ::ds_probe_diff_options: the value for its @c version field. */
#define DS_PROBE_DIFF_OPTIONS_VERSION 1
/** An initialiser for a ::ds_probe_diff_options: the current @c version and the defaults. */
#define DS_PROBE_DIFF_OPTIONS_INIT                      \
	{                                               \
		DS_PROBE_DIFF_OPTIONS_VERSION, 5, 20, 5 \
	}

/** Initialise @p opts to the defaults. @return DS_OK, or DS_EINVAL for NULL or an unknown version. */
DS_EXTERN int ds_probe_diff_options_init(ds_probe_diff_options *opts, unsigned int version);

/** One change event, as ds_probe_diff_at() shows it (borrowed strings, valid while the diff lives). */
typedef struct ds_probe_event {
	ds_probe_change change;	    /**< what changed */
	ds_probe_severity severity; /**< how much it matters */
	const char *column;	    /**< the column's (new) name, or NULL for a source-level event */
	const char *old_value;	    /**< the old name, type, count, share or digest, or NULL */
	const char *new_value;	    /**< the new one, or NULL */
	int catalog_stale;	    /**< 1 when the catalogue entry's 信息项 no longer describe the source */
} ds_probe_event;

/**
 * Compare two probes of one source (fresh or loaded). Columns are matched by
 * name; an unmatched old and new column at the same position with the same type
 * is a RENAME; other unmatched columns are DROP and ADD. Events come in this
 * order: a DS_CHANGE_SOURCE event when the probes are of different sources (they
 * are still compared), column events by new position (drops by old position), then the
 * source-level row count, content and quality events.
 * @param out  receives the report; free it with ds_probe_diff_free().
 * @param opts thresholds, or NULL for the defaults.
 * @return DS_OK; DS_EINVAL for NULL or a bad options version; DS_ENOMEM.
 */
DS_EXTERN int ds_probe_diff_new(ds_probe_diff **out, const ds_probe *old_probe, const ds_probe *new_probe,
				const ds_probe_diff_options *opts);

/** Free a change report (NULL is fine). */
DS_EXTERN void ds_probe_diff_free(ds_probe_diff *diff);

/** The number of events (0 for NULL). */
DS_EXTERN size_t ds_probe_diff_count(const ds_probe_diff *diff);

/**
 * Copy event @p index (0-based) into @p out; its strings are borrowed (valid while
 * the diff lives). @p out is unchanged on failure.
 * @return DS_OK; DS_ERANGE for @p index >= ds_probe_diff_count() (the message
 *         names the index and the count); DS_EINVAL for NULL.
 */
DS_EXTERN int ds_probe_diff_at(ds_probe_event *out, const ds_probe_diff *diff, size_t index);

/** 1 when any event makes the catalogue entry out of date (a 信息项 added, dropped, renamed or retyped). */
DS_EXTERN int ds_probe_diff_catalog_stale(const ds_probe_diff *diff);

/**
 * 1 when the two probes compared read the same kind of source at the same
 * location (as recorded in the reports: the path as given, "PATH#TABLE"), 0 when
 * not (the report then starts with a DS_CHANGE_SOURCE event) or for NULL.
 * Thread-safety: reads the report only.
 */
DS_EXTERN int ds_probe_diff_same_source(const ds_probe_diff *diff);

#ifdef __cplusplus
}
#endif

#endif
