/*
 * The one internal XML layer (libxml2) that every document type uses:
 * safe loading (no network, no DTD, no entities, bounded depth and size),
 * XSD validation against the bundled schemas, streaming for large inputs,
 * errors with line and field path, and writing. Part of core: it knows
 * nothing of decimals (their XML helpers are in internal/decimal_xml.h). Never installed.
 * SPDX-License-Identifier: MIT
 */
#ifndef DS_INTERNAL_XML_H
#define DS_INTERNAL_XML_H

#include <stddef.h>

#include <libxml/tree.h>
#include <libxml/xmlwriter.h>

#include "internal/core.h"

/* ---- dates (lib/core/date.c) ---- */
typedef struct ds__date {
	int year, month, day;
} ds__date;
/* Every date the library reads or computes lies in years 1000 to 9999: four
 * digits, so that text order is date order and no computed month runs past
 * 9999-12 into a five-digit year. */
#define DS__YEAR_MIN 1000
#define DS__YEAR_MAX 9999
/* Parse "YYYY-MM-DD" strictly (a real Gregorian date, year DS__YEAR_MIN..DS__YEAR_MAX). DS_EINVAL with a message naming what is wrong. */
int ds__date_parse(ds__date *out, const char *text);
/* Parse "YYYY-MM" (day set to 1). */
int ds__month_parse(ds__date *out, const char *text);
/* Days in @month of @year (proleptic Gregorian), 0 for a month outside 1..12. */
static inline int ds__days_in_month(int year, int month)
{
	static const unsigned char days[13] = { 0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };

	if (month < 1 || month > 12)
		return 0;
	return days[month] + (month == 2 && year % 4 == 0 && (year % 100 != 0 || year % 400 == 0));
}
/* A real Gregorian date, year DS__YEAR_MIN..DS__YEAR_MAX. Inline: the probe tests the date
 * of every date, datetime and ID number value it reads (days up to 28 need no month length). */
static inline int ds__date_valid(int year, int month, int day)
{
	if (year < DS__YEAR_MIN || year > DS__YEAR_MAX || day < 1)
		return 0;
	return day <= 28 ? month >= 1 && month <= 12 : day <= ds__days_in_month(year, month);
}
/* Days since 1970-01-01 (proleptic Gregorian); and back. */
long ds__date_to_days(ds__date d);
ds__date ds__date_from_days(long days);
/* Compare: <0, 0, >0. */
int ds__date_cmp(ds__date a, ds__date b);
/* "YYYY-MM-DD" into buf (at least 11 bytes). */
void ds__date_format(char *buf, ds__date d);
/* Months from a to b (b.year*12+b.month − a.year*12−a.month). */
long ds__months_between(ds__date a, ds__date b);

/* Limits applied to every document read. */
#define DS__XML_MAX_DEPTH 64			     /* element nesting */
#define DS__XML_MAX_DOM_BYTES (256u * 1024u * 1024u) /* whole-document (DOM) loads; stream larger inputs */

/* Each document type's limits, checked while the bytes are read: before a
 * DOM is built (a whole document is scanned first) or as a stream reads them.
 * Every error names the limit it enforces ("size limit", "depth limit",
 * "text-length limit", "element-count limit"). The table is in xml.c. */
typedef struct ds__xml_limits {
	const char *schema;  /* the bundled schema the limits go with (NULL: any other document) */
	const char *what;    /* the document type, in messages: "valuation document" */
	size_t max_bytes;    /* a whole (DOM) document; streams are not bounded in size */
	size_t max_text;     /* bytes of one text node, attribute value, comment or PI */
	size_t max_elements; /* elements in a whole document; 0: no limit (streams) */
	int max_depth;	     /* element nesting, the root at depth 1 */
} ds__xml_limits;
/* The limits of documents validated against @schema (NULL or unknown: the defaults). */
const ds__xml_limits *ds__xml_limits_for(const char *schema);
/* Parse like ds__xml_load_memory() under explicit @limits (DCAT import uses
 * the native catalogue's). */
int ds__xml_load_memory_limited(xmlDocPtr *out, const char *data, size_t len, const char *name, const char *schema,
				const ds__xml_limits *limits);

/* For tests: check @data against @limits as a whole-document load does before
 * parsing, the bytes fed to the check in pieces of @piece bytes (0: all at once),
 * as a stream feeds them. DS_OK, or the load's error (naming the limit and line). */
int ds__xml_limits_check(const char *data, size_t len, const char *name, const ds__xml_limits *limits, size_t piece);

/* ---- bundled resources (schemas/, embedded at build time; lib/core/resources.c) ----
 * @name is the path under schemas/: "valuation.xsd", "policies/jinan-2025.xml".
 * Returns DS_OK with a NUL-terminated buffer (static; do not free), or DS_ENOTFOUND. */
int ds__resource(const char *name, const char **data, size_t *len);
/* A bundled document by id under @dir ("policies", "compliance"): @dir/@id.xml, its
 * path written to @name (the parse's name for errors). An id of more than 64 bytes or
 * holding '/' is never a bundled one. DS_OK, or DS_ENOTFOUND (no error set: the
 * caller names what is bundled). */
int ds__resource_bundled(char name[128], const char *dir, const char *id, const char **data, size_t *len);

/* ---- whole documents (lib/core/xml.c) ----
 * Parse a document held in memory or in a file, refuse any DOCTYPE, check depth,
 * and, when @schema names a bundled XSD, validate against it. @name is the file
 * name used in messages. Errors: DS_EPARSE (not well-formed, DTD present, or
 * fails the schema), with line/column set and the message naming the line and
 * element; DS_EIO for a file that cannot be read; DS_ERANGE for size/depth.
 * (A document that fails its schema is not a document of that type: DS_EPARSE.
 * Domain rules checked afterwards give DS_EINVAL.)
 * On success *out is a new document: free with xmlFreeDoc(). */
int ds__xml_load_memory(xmlDocPtr *out, const char *data, size_t len, const char *name, const char *schema);
int ds__xml_load_file(xmlDocPtr *out, const char *path, const char *schema);
/* Read a whole regular file under @schema's size limit into a new NUL-terminated
 * buffer (ds__free), for a caller that needs the bytes too (to digest them).
 * DS_EIO naming the path; DS_ERANGE past the limit. */
int ds__xml_read_file(char **out, size_t *len, const char *path, const char *schema);
/* Validate an already-built document (e.g. one a writer produced) against a bundled XSD,
 * or against an XSD held in memory. */
int ds__xml_validate(xmlDocPtr doc, const char *schema, const char *name);
int ds__xml_validate_xsd(xmlDocPtr doc, const char *xsd, size_t xsd_len, const char *name);
/* Validate @len bytes of a document written by the library itself against a
 * bundled XSD, streamed through the parser (no tree is built). For trusted
 * text only (no size or depth limits are applied). Errors as ds__xml_validate. */
int ds__xml_validate_memory(const char *data, size_t len, const char *schema, const char *name);
/* Free the compiled bundled schemas kept for the process (ds_cleanup()); the
 * next validation compiles them again. No validation or stream may be running. */
void ds__xml_cleanup(void);

/* ---- streaming (large inputs: catalogues, probes) ----
 * The reader validates against @schema as it goes (when given), refuses a DOCTYPE
 * and nesting deeper than DS__XML_MAX_DEPTH, and never holds more than the
 * current record in memory. */
typedef struct ds__xml_stream ds__xml_stream;
int ds__xml_stream_open_file(ds__xml_stream **out, const char *path, const char *schema);
int ds__xml_stream_open_memory(ds__xml_stream **out, const char *data, size_t len, const char *name,
			       const char *schema);
/* Advance to the next element start tag. Returns 1 positioned on it (with its
 * depth, 0 for the root, and local name), 0 at the end of the document, or an error. */
int ds__xml_stream_next(ds__xml_stream *s, int *depth, const char **local_name);
/* The namespace URI of the current element ("" when it has none). */
const char *ds__xml_stream_namespace(ds__xml_stream *s);
/* Expand the current element into a DOM subtree (valid until the next call to
 * ds__xml_stream_next); use the DOM helpers below on it. */
int ds__xml_stream_expand(ds__xml_stream *s, xmlNodePtr *node);
/* After the last ds__xml_stream_next returned 0: DS_OK when the whole document
 * was valid, else the validation error. Called by ds__xml_stream_next itself at the end. */
void ds__xml_stream_free(ds__xml_stream *s);

/* ---- event reading (large inputs whose content model the caller checks) ----
 * The document is parsed with libxml2's SAX2 interface, no tree built and no
 * schema attached: the caller's callbacks see each element's start (local name,
 * namespace URI, line, attributes), end and character data, and enforce the
 * content model themselves. The same safety as the stream: no network, DOCTYPE
 * refused, the byte scan of the limits of @limits_schema (ds__xml_limits_for)
 * before libxml2 sees the bytes, nesting bounded by DS__XML_MAX_DEPTH.
 * A callback returns DS_OK to go on, or a negative code with the error already
 * set (ds__error_at), which stops the parse and is returned as it is. */
typedef struct ds__xml_attr {
	const char *local; /* NUL-terminated */
	const char *uri;   /* the attribute's namespace, NULL when it has none */
	const char *value; /* NOT NUL-terminated: @len bytes, entity and character references replaced */
	size_t len;
} ds__xml_attr;
typedef struct ds__xml_events {
	int (*start)(void *ctx, const char *local, const char *uri, int line, const ds__xml_attr *attrs, size_t n);
	int (*end)(void *ctx, const char *local, int line);
	int (*text)(void *ctx, const char *text, size_t len, int line);
} ds__xml_events;
/* Read @path (when not NULL) or @data/@len named @name. DS_OK, the callback's
 * error, or DS_EPARSE/DS_ERANGE/DS_EIO naming the document and line. */
int ds__xml_events_run(const char *data, size_t len, const char *name, const char *path, const char *limits_schema,
		       const ds__xml_events *events, void *ctx);

/* ---- reading a DOM ---- */
/* First child element / next sibling element with local name @name (NULL: any name). */
xmlNodePtr ds__xml_child(xmlNodePtr parent, const char *name);
xmlNodePtr ds__xml_next(xmlNodePtr node, const char *name);
/* Number of child elements named @name. */
size_t ds__xml_count(xmlNodePtr parent, const char *name);
/* The field path of @node, e.g. "valuation/approach[2]/flow[3]" (with "/@attr" when
 * @attr is not NULL), into buf; indexes are 1-based and shown when siblings share the name. */
void ds__xml_path(char *buf, size_t size, xmlNodePtr node, const char *attr);
/* Set an error located at @node (line, field path) and return @code. */
int ds__xml_error(int code, xmlNodePtr node, const char *attr, const char *fmt, ...) DS__PRINTF(4, 5);
/* Re-locate the error an API call just set at @node/@attr (line and field path),
 * keeping its code @rc and its message; returns @rc. Used by document loaders
 * that feed each element through the public checks. */
int ds__xml_relocate(int rc, xmlNodePtr node, const char *attr);
/* Index of @text in @names (NULL-terminated), or -1 (also for NULL @text): maps an
 * enumerated attribute value to its enum. */
int ds__xml_lookup(const char *text, const char *const *names);
/* Text of an attribute (attr != NULL) or of the element's content (attr == NULL),
 * NFC-normalised and trimmed of XML whitespace, as a new string (ds_free).
 * *out is NULL when the attribute is absent (not an error). */
int ds__xml_text(char **out, xmlNodePtr node, const char *attr);
/* The same, but absence is an error ("missing attribute 'x'"). */
int ds__xml_text_required(char **out, xmlNodePtr node, const char *attr);
/* A name or an identifier (ds__xml_text, or _required when @required): a
 * bidirectional control character in it is DS_EINVAL at its line and path
 * (ds__text_refuse_bidi); *out is NULL on failure. */
int ds__xml_name(char **out, xmlNodePtr node, const char *attr, int required);
/* Parse @text as a decimal integer (optional sign, digits only) in [min, max]: DS_OK with *out
 * set; DS_EINVAL when it is not an integer, DS_ERANGE when it overflows or lies outside; on
 * error *out is unchanged and no error is recorded (the caller names the field). */
int ds__long_parse(long *out, const char *text, long min, long max);
/* The wording of ds__xml_name's and ds__xml_long's refusals, written once for them and
 * for the readers that check names and integers without a DOM (lib/policy/applications.c):
 * into @buf (at most @size bytes, NUL-terminated), for the caller to locate at its line
 * and field path. _name: the bidirectional control character @cp at character @position
 * (ds__text_find_bidi). _long: @rc is what ds__long_parse returned for @text (DS_EINVAL
 * or DS_ERANGE); returns @rc. */
void ds__xml_name_refusal(char *buf, size_t size, size_t position, unsigned int cp);
int ds__xml_long_refusal(char *buf, size_t size, int rc, const char *text, long min, long max);
/* Parse an integer in [min, max] / a date "YYYY-MM-DD" from an attribute or content. */
int ds__xml_long(long *out, xmlNodePtr node, const char *attr, long min, long max);
int ds__xml_date(ds__date *out, xmlNodePtr node, const char *attr);

/* ---- writing ---- */
typedef struct ds__xml_writer {
	xmlBufferPtr buffer;
	xmlTextWriterPtr writer;
	int failed; /* any libxml2 writer call failed */
} ds__xml_writer;
/* Start a document (UTF-8, indented) whose root element is @root in namespace @ns. */
int ds__xmlw_begin(ds__xml_writer *w, const char *root, const char *ns);
void ds__xmlw_start(ds__xml_writer *w, const char *name);
void ds__xmlw_end(ds__xml_writer *w);
void ds__xmlw_attr(ds__xml_writer *w, const char *name, const char *value);
void ds__xmlw_attrf(ds__xml_writer *w, const char *name, const char *fmt, ...) DS__PRINTF(3, 4);
void ds__xmlw_text(ds__xml_writer *w, const char *text);
/* <name>text</name> */
void ds__xmlw_element(ds__xml_writer *w, const char *name, const char *text);
/* Hand the text written so far to @out and forget it (a document written to a file piece by
 * piece: the pieces put together are the text ds__xmlw_finish() would give). DS_ENOMEM when
 * the writer failed, or @out's negative code. */
int ds__xmlw_drain(ds__xml_writer *w, int (*out)(void *ctx, const char *text, size_t len), void *ctx);
/* Finish: close all elements and hand the document text to the caller (ds_free). */
int ds__xmlw_finish(char **out, ds__xml_writer *w);
/* Release without output (on an error path). Safe after finish. */
void ds__xmlw_dispose(ds__xml_writer *w);

/* ---- text (lib/core/text.c) ---- */
/* Validate UTF-8 and normalise to NFC (ICU) into a new string (ds_free).
 * DS_EPARSE for invalid UTF-8, naming the byte offset. */
int ds__nfc(char **out, const char *text, size_t len);
/* DS_EINVAL (field @what, column = the character's position) when @text holds
 * a bidirectional control character, U+202A–U+202E or U+2066–U+2069: names
 * and identifiers refuse them. NULL is accepted. */
int ds__text_refuse_bidi(const char *text, const char *what);
/* Whether @text (NULL: no) holds such a character: its 1-based character
 * position and code point. */
int ds__text_find_bidi(const char *text, size_t *position, unsigned int *cp);
/* DS_ERANGE (field @what) when @text has more than @max_chars characters:
 * "WHAT: N characters, more than the M allowed (LIMIT)". NULL is accepted. */
int ds__text_limit(const char *text, size_t max_chars, const char *what, const char *limit);

/* ---- CSV, RFC 4180 (lib/core/csv.c) ---- */
#define DS__CSV_BOM "\xEF\xBB\xBF" /* UTF-8 byte order mark, for Excel */
/* Append one field (quoted when it holds a comma, quote, CR or LF; quotes doubled),
 * preceded by a comma unless it is the first of its row. */
void ds__csv_field(ds__buf *b, const char *value, int first);
/* End a row with CRLF. */
void ds__csv_end_row(ds__buf *b);

#endif
