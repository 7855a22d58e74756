/*
 * The one XML layer: safe loading, XSD validation, streaming, DOM helpers with
 * field paths, and writing. Every document type in the library goes through it.
 * SPDX-License-Identifier: MIT
 *
 * Safety, for documents from untrusted parties:
 * - no network (XML_PARSE_NONET), no external DTD or entity loading, no entity
 *   substitution, and any DOCTYPE is refused outright, so neither an XXE nor a
 *   billion-laughs document gets further than its declaration;
 * - nesting deeper than DS__XML_MAX_DEPTH and whole-document loads larger than
 *   DS__XML_MAX_DOM_BYTES are refused (stream larger inputs);
 * - errors are collected per parser/validator context: libxml2's global error
 *   handlers, which belong to the host program, are never touched.
 */
#define _POSIX_C_SOURCE 200809L /* fileno */
#include "config.h"

#include <errno.h>
#include <limits.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <libxml/parser.h>
#include <libxml/xmlreader.h>
#include <libxml/xmlschemas.h>

#include "internal/xml.h"

#define XML_OPTIONS (XML_PARSE_NONET | XML_PARSE_NOCDATA)

/* The first error a parser or validator reported. */
typedef struct error_state {
	int code; /* DS_OK until an error is recorded */
	int line;
	int column;
	char field[256];
	char message[512];
	const char *name; /* the document's name, for messages */
} error_state;

static void record(error_state *state, int code, int line, int column, xmlNodePtr node, const char *message)
{
	size_t len;

	if (state->code != DS_OK)
		return;
	state->code = code;
	state->line = line;
	state->column = column;
	state->field[0] = '\0';
	if (node && node->type == XML_ELEMENT_NODE) {
		ds__xml_path(state->field, sizeof state->field, node, NULL);
		if (!line)
			state->line = (int)xmlGetLineNo(node);
	}
	snprintf(state->message, sizeof state->message, "%s", message ? message : "unknown XML error");
	len = strlen(state->message);
	while (len > 0 && (state->message[len - 1] == '\n' || state->message[len - 1] == ' '))
		state->message[--len] = '\0';
}

static int raise_state(const error_state *state)
{
	if (state->field[0])
		return ds__error_at(state->code, state->line, state->column, state->field, "%s: line %d, %s: %s",
				    state->name, state->line, state->field, state->message);
	return ds__error_at(state->code, state->line, state->column, NULL, "%s: line %d: %s", state->name, state->line,
			    state->message);
}

/* Schema and validation errors: the document is not a valid document of its type. */
static void on_schema_error(void *data, xmlErrorPtr error)
{
	if (error->level >= XML_ERR_ERROR)
		record(data, DS_EPARSE, error->line, error->int2, (xmlNodePtr)error->node, error->message);
}

/* Parser errors arrive with the parser context as data; our state is in _private. */
static void on_parser_error(void *data, xmlErrorPtr error)
{
	xmlParserCtxtPtr ctxt = data;

	if (error->level >= XML_ERR_ERROR)
		record(ctxt->_private, DS_EPARSE, error->line, error->int2, NULL, error->message);
}

static void refuse_doctype(void *data, const xmlChar *name, const xmlChar *external_id, const xmlChar *system_id)
{
	xmlParserCtxtPtr ctxt = data;
	(void)name;
	(void)external_id;
	(void)system_id;
	record(ctxt->_private, DS_EPARSE, xmlSAX2GetLineNumber(ctxt), 0, NULL,
	       "document type declarations (DOCTYPE) are not accepted");
	xmlStopParser(ctxt);
}

static int check_depth(xmlNodePtr node, int depth, error_state *state)
{
	xmlNodePtr child;

	if (depth > DS__XML_MAX_DEPTH) {
		record(state, DS_ERANGE, (int)xmlGetLineNo(node), 0, NULL, "elements are nested too deeply");
		return state->code;
	}
	for (child = node->children; child; child = child->next)
		if (child->type == XML_ELEMENT_NODE && check_depth(child, depth + 1, state) < 0)
			return state->code;
	return DS_OK;
}

/* ---------------------------------------------------------------- limits */

/* Text values are bounded by what each format may hold: the catalogue's
 * 100,000-character text (catalog.xsd's maxLength) takes at most 400,000 bytes
 * of UTF-8; the other documents hold names, figures and short texts. */
static const ds__xml_limits limits_table[] = {
	{ "catalog.xsd", "catalogue", 256u << 20, 400000, 0, DS__XML_MAX_DEPTH },
	{ "valuation.xsd", "valuation document", 16u << 20, 64u << 10, 200000, DS__XML_MAX_DEPTH },
	{ "ledger.xsd", "ledger", 64u << 20, 64u << 10, 2000000, DS__XML_MAX_DEPTH },
	{ "ledger-gov.xsd", "public-sector book", 64u << 20, 64u << 10, 2000000, DS__XML_MAX_DEPTH },
	{ "certificate.xsd", "certificate", 4u << 20, 1u << 20, 20000, DS__XML_MAX_DEPTH },
	{ "policy.xsd", "policy", 4u << 20, 64u << 10, 100000, DS__XML_MAX_DEPTH },
	{ "compliance.xsd", "compliance document", 16u << 20, 64u << 10, 200000, DS__XML_MAX_DEPTH },
	{ "profile.xsd", "profile", 4u << 20, 64u << 10, 100000, DS__XML_MAX_DEPTH },
	{ "probe.xsd", "probe report", 64u << 20, 1u << 20, 2000000, DS__XML_MAX_DEPTH },
	{ "registry.xsd", "calendar", 4u << 20, 64u << 10, 100000, DS__XML_MAX_DEPTH },
	{ "applications.xsd", "applications document", 256u << 20, 64u << 10, 0, DS__XML_MAX_DEPTH },
	{ "applications-1.xsd", "applications document", 256u << 20, 64u << 10, 0, DS__XML_MAX_DEPTH },
};
static const ds__xml_limits default_limits = { NULL,	  "document", DS__XML_MAX_DOM_BYTES,
					       16u << 20, 10000000u,  DS__XML_MAX_DEPTH };

const ds__xml_limits *ds__xml_limits_for(const char *schema)
{
	size_t i;

	for (i = 0; schema && i < sizeof limits_table / sizeof limits_table[0]; i++)
		if (strcmp(limits_table[i].schema, schema) == 0)
			return &limits_table[i];
	return &default_limits;
}

/*
 * A byte-level scan of the markup, run on the raw bytes before libxml2 parses
 * them (a whole document) or as a stream hands them over. It is not a parser:
 * it only counts what the limits bound (elements, nesting, the length of a text
 * run, attribute value, comment, CDATA section or processing instruction) and
 * spots "<!DOCTYPE" anywhere in the prolog; well-formedness stays libxml2's.
 * Bounding a text run before libxml2 sees it also bounds the reader's cost on
 * one long text node, which grows quadratically with its length.
 */
enum { SCAN_TEXT, SCAN_LT, SCAN_TAG, SCAN_ENDTAG, SCAN_BANG, SCAN_COMMENT, SCAN_CDATA, SCAN_PI, SCAN_DECL };

typedef struct limit_scan {
	const ds__xml_limits *limits;
	int state;
	char quote; /* inside an attribute value: its quote */
	unsigned char prev, prev2;
	size_t run; /* bytes of the current bounded value */
	size_t elements;
	int depth;
	int line;     /* lines before the bytes being fed; after an error, the error's line */
	char bang[8]; /* the bytes after "<!", to tell a comment, CDATA or declaration */
	size_t bang_len;
	int off; /* the input is not in an ASCII-compatible encoding: not scanned */
	int code;
	char message[256];
} limit_scan;

static void scan_init(limit_scan *scan, const ds__xml_limits *limits, const char *head, size_t n)
{
	memset(scan, 0, sizeof *scan);
	scan->limits = limits;
	scan->line = 1;
	/* UTF-16/UTF-32 (a BOM or a NUL among the first bytes): the byte scan does
	 * not apply; the DOM checks after parsing still bound depth and count. */
	if (n >= 2 &&
	    (((unsigned char)head[0] == 0xFE && (unsigned char)head[1] == 0xFF) ||
	     ((unsigned char)head[0] == 0xFF && (unsigned char)head[1] == 0xFE) || head[0] == 0 || head[1] == 0))
		scan->off = 1;
}

static int scan_fail(limit_scan *scan, int code, const char *fmt, ...) DS__PRINTF(3, 4);
static int scan_fail(limit_scan *scan, int code, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(scan->message, sizeof scan->message, fmt, ap);
	va_end(ap);
	scan->code = code;
	return code;
}

static int scan_value_byte(limit_scan *scan)
{
	if (++scan->run > scan->limits->max_text)
		return scan_fail(scan, DS_ERANGE,
				 "a text, attribute value, comment or instruction longer than %zu bytes "
				 "(the %s's text-length limit)",
				 scan->limits->max_text, scan->limits->what);
	return DS_OK;
}

static int scan_element(limit_scan *scan)
{
	if (scan->limits->max_elements && ++scan->elements > scan->limits->max_elements)
		return scan_fail(scan, DS_ERANGE, "more than %zu elements (the %s's element-count limit)",
				 scan->limits->max_elements, scan->limits->what);
	if (++scan->depth > scan->limits->max_depth)
		return scan_fail(scan, DS_ERANGE,
				 "elements are nested too deeply: more than %d levels (the %s's depth limit)",
				 scan->limits->max_depth, scan->limits->what);
	return DS_OK;
}

/* The bytes that end a run inside a tag, outside quotes. */
static const unsigned char tag_stop[256] = { ['"'] = 1, ['\''] = 1, ['>'] = 1 };

static int count_newlines(const char *data, size_t n)
{
	const char *end = data + n;
	int lines = 0;

	while (data < end && (data = memchr(data, '\n', (size_t)(end - data))) != NULL) {
		lines++;
		data++;
	}
	return lines;
}

/* The first byte from @i that ends a run inside a tag (a quote or '>'), or @n:
 * eight bytes at a time while none of them does (a zero byte of the word XORed
 * with the byte sought marks it), then byte by byte. */
#define SCAN_ONES 0x0101010101010101ull
#define SCAN_HAS_ZERO(v) (((v)-SCAN_ONES) & ~(v) & (SCAN_ONES << 7))
static size_t tag_run_end(const char *data, size_t i, size_t n)
{
	while (n - i >= 8) {
		uint64_t w;
		memcpy(&w, data + i, 8);
		if (SCAN_HAS_ZERO(w ^ (SCAN_ONES * '"')) | SCAN_HAS_ZERO(w ^ (SCAN_ONES * '\'')) |
		    SCAN_HAS_ZERO(w ^ (SCAN_ONES * '>')))
			break;
		i += 8;
	}
	while (i < n && !tag_stop[(unsigned char)data[i]])
		i++;
	return i;
}

/* The common shapes of markup from @i, in one loop: text up to '<', a start
 * tag's names and quoted values up to its '>', an end tag. Anything else (a
 * comment, CDATA, an instruction, a limit about to be reached, a shape cut by
 * the piece's end) is left at a boundary, in the state the byte-by-byte code of
 * scan_feed continues from. Never fails; returns the position reached. */
static size_t scan_quick(limit_scan *scan, const char *data, size_t i, size_t n)
{
	const ds__xml_limits *limits = scan->limits;
	const size_t start = i;

	while (i < n) {
		if (scan->state == SCAN_TEXT) {
			size_t room = limits->max_text - scan->run, window = n - i < room ? n - i : room;
			const char *lt = memchr(data + i, '<', window), *gt;
			unsigned char c;
			if (!lt) {
				scan->run += window;
				i += window;
				break;
			}
			scan->run += (size_t)(lt - (data + i));
			i = (size_t)(lt - data);
			if (i + 1 >= n)
				break;
			c = (unsigned char)data[i + 1];
			if (c == '/') {
				if (!(gt = memchr(data + i + 2, '>', n - i - 2)))
					break;
				scan->depth--;
				scan->run = 0;
				i = (size_t)(gt - data) + 1;
				continue;
			}
			if (c == '!' || c == '?' || c == '>' ||
			    (limits->max_elements && scan->elements >= limits->max_elements) ||
			    scan->depth >= limits->max_depth)
				break;
			if (limits->max_elements)
				scan->elements++;
			scan->depth++;
			scan->state = SCAN_TAG;
			scan->run = 0;
			i += 2;
		}
		/* In a tag, outside quotes. */
		for (;;) {
			const char *close;
			size_t window;
			i = tag_run_end(data, i, n);
			if (i == n || data[i] == '>')
				break;
			window = n - i - 1;
			if (window > limits->max_text + 1)
				window = limits->max_text + 1;
			if (!(close = memchr(data + i + 1, data[i], window)))
				goto done; /* at the opening quote */
			i = (size_t)(close - data) + 1;
		}
		if (i == n)
			break;
		if ((i > start ? (unsigned char)data[i - 1] : scan->prev) == '/')
			scan->depth--;
		scan->state = SCAN_TEXT;
		scan->run = 0;
		i++;
	}
done:
	if (i > start) {
		scan->prev2 = i - start >= 2 ? (unsigned char)data[i - 2] : scan->prev;
		scan->prev = (unsigned char)data[i - 1];
	}
	return i;
}

/* Feed @n bytes; DS_OK, or the error (kept in @scan). Lines are not counted
 * byte by byte: after an error, those of the bytes fed up to the one that
 * broke the limit; otherwise, those of the whole piece, once, at its end. */
static int scan_feed(limit_scan *scan, const char *data, size_t n)
{
	size_t i;

	if (scan->off || scan->code)
		return scan->code;
	for (i = 0; i < n; i++) {
		unsigned char c;

		if (scan->state == SCAN_TEXT || (scan->state == SCAN_TAG && !scan->quote)) {
			i = scan_quick(scan, data, i, n);
			if (i == n)
				break;
		}
		/* Runs of ordinary bytes (text, an attribute value, the rest of a tag)
		 * change only the run's length (and the line, counted later): a tight loop skips
		 * them, stopping before a byte that would pass the text limit so that
		 * the byte-by-byte code below reports it. */
		if (scan->state == SCAN_TEXT || scan->state == SCAN_TAG) {
			int counted = scan->state == SCAN_TEXT || scan->quote;
			size_t j = i, end = n;
			if (counted && end - i > scan->limits->max_text - scan->run)
				end = i + (scan->limits->max_text - scan->run);
			if (scan->state == SCAN_TEXT || scan->quote) {
				const char *stop =
					memchr(data + i, scan->state == SCAN_TEXT ? '<' : scan->quote, end - i);
				j = stop ? (size_t)(stop - data) : end;
			} else {
				while (j < end && !tag_stop[(unsigned char)data[j]])
					j++;
			}
			if (j > i) {
				if (counted)
					scan->run += j - i;
				scan->prev2 = j - i >= 2 ? (unsigned char)data[j - 2] : scan->prev;
				scan->prev = (unsigned char)data[j - 1];
				i = j;
				if (i == n)
					break;
			}
		}
		c = (unsigned char)data[i];
		switch (scan->state) {
		case SCAN_TEXT:
			if (c == '<') {
				scan->state = SCAN_LT;
				scan->run = 0;
			} else {
				scan_value_byte(scan);
			}
			break;
		case SCAN_LT:
			if (c == '/') {
				scan->state = SCAN_ENDTAG;
			} else if (c == '!') {
				scan->state = SCAN_BANG;
				scan->bang_len = 0;
			} else if (c == '?') {
				scan->state = SCAN_PI;
			} else {
				scan->state = SCAN_TAG;
				if (scan_element(scan) == DS_OK && c == '>')
					scan->state = SCAN_TEXT;
			}
			break;
		case SCAN_TAG:
			if (scan->quote) {
				if (c == (unsigned char)scan->quote)
					scan->quote = 0;
				else
					scan_value_byte(scan);
			} else if (c == '"' || c == '\'') {
				scan->quote = (char)c;
				scan->run = 0;
			} else if (c == '>') {
				if (scan->prev == '/')
					scan->depth--;
				scan->state = SCAN_TEXT;
				scan->run = 0;
			}
			break;
		case SCAN_ENDTAG:
			if (c == '>') {
				scan->depth--;
				scan->state = SCAN_TEXT;
				scan->run = 0;
			}
			break;
		case SCAN_BANG:
			scan->bang[scan->bang_len++] = (char)c;
			if (scan->bang_len == 2 && memcmp(scan->bang, "--", 2) == 0) {
				scan->state = SCAN_COMMENT;
				scan->run = 0;
				c = 0; /* "<!--->" does not close the comment */
			} else if (scan->bang_len == 7 && memcmp(scan->bang, "[CDATA[", 7) == 0) {
				scan->state = SCAN_CDATA;
				scan->run = 0;
				c = 0;
			} else if (scan->bang_len == 7 && memcmp(scan->bang, "DOCTYPE", 7) == 0) {
				scan_fail(scan, DS_EPARSE, "document type declarations (DOCTYPE) are not accepted");
			} else if (memcmp(scan->bang, "--", scan->bang_len < 2 ? scan->bang_len : 2) != 0 &&
				   memcmp(scan->bang, "[CDATA[", scan->bang_len) != 0 &&
				   memcmp(scan->bang, "DOCTYPE", scan->bang_len) != 0) {
				scan->state = SCAN_DECL; /* not well-formed: libxml2 says so */
			}
			break;
		case SCAN_COMMENT:
			if (c == '>' && scan->prev == '-' && scan->prev2 == '-')
				scan->state = SCAN_TEXT, scan->run = 0;
			else
				scan_value_byte(scan);
			break;
		case SCAN_CDATA:
			if (c == '>' && scan->prev == ']' && scan->prev2 == ']')
				scan->state = SCAN_TEXT, scan->run = 0;
			else
				scan_value_byte(scan);
			break;
		case SCAN_PI:
			if (c == '>' && scan->prev == '?')
				scan->state = SCAN_TEXT, scan->run = 0;
			else
				scan_value_byte(scan);
			break;
		default: /* SCAN_DECL */
			if (c == '>')
				scan->state = SCAN_TEXT, scan->run = 0;
			break;
		}
		scan->prev2 = scan->prev;
		scan->prev = c;
		if (scan->code != DS_OK) {
			scan->line += count_newlines(data, i + 1);
			return scan->code;
		}
	}
	scan->line += count_newlines(data, n);
	return DS_OK;
}

/* The scan's error as the current error, for document @name. */
static int scan_raise(const limit_scan *scan, const char *name)
{
	return ds__error_at(scan->code, scan->line, 0, NULL, "%s: line %d: %s", name, scan->line, scan->message);
}

int ds__xml_limits_check(const char *data, size_t len, const char *name, const ds__xml_limits *limits, size_t piece)
{
	limit_scan scan;
	size_t at, step;

	scan_init(&scan, limits, data, piece && piece < len ? piece : len);
	for (at = 0; at < len; at += step) {
		step = piece && piece < len - at ? piece : len - at;
		if (scan_feed(&scan, data + at, step) < 0)
			return scan_raise(&scan, name);
	}
	return DS_OK;
}

/* ---------------------------------------------------------------- schemas */

static int compile_schema(xmlSchemaPtr *out, const char *xsd, size_t xsd_len, const char *schema_name)
{
	error_state state = { DS_OK, 0, 0, "", "", schema_name };
	xmlSchemaParserCtxtPtr parser;

	if (xsd_len > (size_t)0x7fffffff)
		return ds__error(DS_ERANGE, "schema %s is too large", schema_name);
	parser = xmlSchemaNewMemParserCtxt(xsd, (int)xsd_len);
	if (!parser)
		return ds__enomem();
	xmlSchemaSetParserStructuredErrors(parser, on_schema_error, &state);
	*out = xmlSchemaParse(parser);
	xmlSchemaFreeParserCtxt(parser);
	if (!*out) {
		if (state.code == DS_OK)
			record(&state, DS_EINTERNAL, 0, 0, NULL, "the schema could not be compiled");
		state.code = DS_EINTERNAL; /* a bundled schema that does not compile is our bug */
		return raise_state(&state);
	}
	return DS_OK;
}

/*
 * Compiled bundled schemas, shared for the life of the process: compiling an
 * XSD costs far more than validating a small document with it (~600 µs against
 * ~70 µs for a certificate). A compiled xmlSchema is only read while
 * validating, so threads share it, each with its own validation context.
 * The cache holds at most one schema per bundled file.
 */
#define SCHEMA_CACHE_SIZE 32
static struct {
	char name[64];
	xmlSchemaPtr schema;
} schema_cache[SCHEMA_CACHE_SIZE];
static pthread_mutex_t schema_cache_lock = PTHREAD_MUTEX_INITIALIZER;

/* What a schema validation's @result (libxml2's: 0 valid, > 0 invalid, < 0 an internal error)
 * returns, the first error @state recorded raised. */
static int validation_result(error_state *state, int result)
{
	if (result == 0)
		return DS_OK;
	if (state->code == DS_OK)
		record(state, result < 0 ? DS_EINTERNAL : DS_EPARSE, 0, 0, NULL, "the document is not valid");
	return raise_state(state);
}
/* *out is shared: never free it. */
static int bundled_schema(xmlSchemaPtr *out, const char *schema)
{
	const char *xsd;
	size_t xsd_len, i;
	xmlSchemaPtr compiled = NULL;
	int rc;

	pthread_mutex_lock(&schema_cache_lock);
	for (i = 0; i < SCHEMA_CACHE_SIZE && schema_cache[i].schema; i++) {
		if (strcmp(schema_cache[i].name, schema) == 0) {
			*out = schema_cache[i].schema;
			pthread_mutex_unlock(&schema_cache_lock);
			return DS_OK;
		}
	}
	if ((rc = ds__resource(schema, &xsd, &xsd_len)) < 0 ||
	    (rc = compile_schema(&compiled, xsd, xsd_len, schema)) < 0)
		goto done;
	if (i < SCHEMA_CACHE_SIZE && strlen(schema) < sizeof schema_cache[i].name) {
		snprintf(schema_cache[i].name, sizeof schema_cache[i].name, "%s", schema);
		schema_cache[i].schema = compiled;
	}
	/* A name too long or a full cache cannot happen with the bundled files;
	 * the schema then stays compiled for the process rather than leak per call. */
	*out = compiled;
done:
	pthread_mutex_unlock(&schema_cache_lock);
	return rc;
}

void ds__xml_cleanup(void)
{
	size_t i;

	pthread_mutex_lock(&schema_cache_lock);
	for (i = 0; i < SCHEMA_CACHE_SIZE && schema_cache[i].schema; i++) {
		xmlSchemaFree(schema_cache[i].schema);
		schema_cache[i].schema = NULL;
		schema_cache[i].name[0] = '\0';
	}
	pthread_mutex_unlock(&schema_cache_lock);
}

static int validate_with(xmlDocPtr doc, xmlSchemaPtr schema, const char *name)
{
	error_state state = { DS_OK, 0, 0, "", "", name };
	xmlSchemaValidCtxtPtr validator = xmlSchemaNewValidCtxt(schema);
	int result;

	if (!validator)
		return ds__enomem();
	xmlSchemaSetValidStructuredErrors(validator, on_schema_error, &state);
	result = xmlSchemaValidateDoc(validator, doc);
	xmlSchemaFreeValidCtxt(validator);
	return validation_result(&state, result);
}

int ds__xml_validate_xsd(xmlDocPtr doc, const char *xsd, size_t xsd_len, const char *name)
{
	xmlSchemaPtr schema = NULL;
	int rc;

	if ((rc = ds__init()) < 0 || (rc = compile_schema(&schema, xsd, xsd_len, "schema")) < 0)
		return rc;
	rc = validate_with(doc, schema, name);
	xmlSchemaFree(schema);
	return rc;
}

int ds__xml_validate(xmlDocPtr doc, const char *schema_name, const char *name)
{
	xmlSchemaPtr schema = NULL;
	int rc;

	if ((rc = ds__init()) < 0 || (rc = bundled_schema(&schema, schema_name)) < 0)
		return rc;
	return validate_with(doc, schema, name);
}

int ds__xml_validate_memory(const char *data, size_t len, const char *schema_name, const char *name)
{
	error_state state = { DS_OK, 0, 0, "", "", name };
	xmlSchemaPtr schema = NULL;
	xmlSchemaValidCtxtPtr validator = NULL;
	xmlParserInputBufferPtr input = NULL;
	int rc, result;

	if ((rc = ds__init()) < 0 || (rc = bundled_schema(&schema, schema_name)) < 0)
		return rc;
	if (len > INT_MAX)
		return ds__error(DS_ERANGE, "%s: %zu bytes is too large to validate", name, len);
	if (!(validator = xmlSchemaNewValidCtxt(schema)) ||
	    !(input = xmlParserInputBufferCreateMem(data, (int)len, XML_CHAR_ENCODING_UTF8))) {
		xmlSchemaFreeValidCtxt(validator);
		return ds__enomem();
	}
	xmlSchemaSetValidStructuredErrors(validator, on_schema_error, &state);
	/* The parser context it makes takes the input buffer and frees it. */
	result = xmlSchemaValidateStream(validator, input, XML_CHAR_ENCODING_UTF8, NULL, NULL);
	xmlSchemaFreeValidCtxt(validator);
	return validation_result(&state, result);
}

/* ---------------------------------------------------------------- whole documents */

/* Elements below @node, for the element-count limit of documents the byte scan skipped. */
static size_t count_elements(xmlNodePtr node, size_t limit)
{
	size_t n = 0;
	xmlNodePtr child;

	for (child = node->children; child && n <= limit; child = child->next)
		if (child->type == XML_ELEMENT_NODE)
			n += 1 + count_elements(child, limit);
	return n;
}

int ds__xml_load_memory(xmlDocPtr *out, const char *data, size_t len, const char *name, const char *schema)
{
	return ds__xml_load_memory_limited(out, data, len, name, schema, ds__xml_limits_for(schema));
}

int ds__xml_load_memory_limited(xmlDocPtr *out, const char *data, size_t len, const char *name, const char *schema,
				const ds__xml_limits *limits)
{
	error_state state = { DS_OK, 0, 0, "", "", name ? name : "document" };
	xmlParserCtxtPtr ctxt = NULL;
	xmlDocPtr doc = NULL;
	limit_scan scan;
	long consumed;
	int rc;

	if ((rc = ds__init()) < 0)
		return rc;
	if (len > limits->max_bytes || len > DS__XML_MAX_DOM_BYTES)
		return ds__error(DS_ERANGE, "%s: %zu bytes is more than the %zu a %s may have (its size limit)",
				 state.name, len, limits->max_bytes, limits->what);
	/* The limits first, on the bytes: nothing is built for a document over them. */
	scan_init(&scan, limits, data, len);
	if (scan_feed(&scan, data, len) < 0)
		return scan_raise(&scan, state.name);
	ctxt = xmlNewParserCtxt();
	if (!ctxt)
		return ds__enomem();
	ctxt->_private = &state;
	ctxt->sax->serror = on_parser_error;
	ctxt->sax->initialized = XML_SAX2_MAGIC;
	ctxt->sax->internalSubset = refuse_doctype;
	ctxt->sax->externalSubset = refuse_doctype;
	doc = xmlCtxtReadMemory(ctxt, data, (int)len, state.name, NULL, XML_OPTIONS);
	if (state.code == DS_OK && (!doc || !ctxt->wellFormed))
		record(&state, DS_EPARSE, ctxt->input ? ctxt->input->line : 0, 0, NULL,
		       "the document is not well-formed");
	if (state.code == DS_OK && !xmlDocGetRootElement(doc))
		record(&state, DS_EPARSE, 0, 0, NULL, "the document has no root element");
	/* libxml2 stops at a NUL byte as at the end of the input: whatever
	 * follows the root element (a NUL and garbage) must be refused here. */
	if (state.code == DS_OK && (consumed = xmlByteConsumed(ctxt)) >= 0 && (size_t)consumed < len) {
		char message[160];
		snprintf(message, sizeof message, "content after the root element at byte %ld%s", consumed + 1,
			 data[consumed] == '\0' ? " (a NUL byte)" : "");
		record(&state, DS_EPARSE, ctxt->input ? ctxt->input->line : 0, 0, NULL, message);
	}
	if (state.code == DS_OK)
		check_depth(xmlDocGetRootElement(doc), 1, &state);
	if (state.code == DS_OK && scan.off && limits->max_elements &&
	    1 + count_elements(xmlDocGetRootElement(doc), limits->max_elements) > limits->max_elements) {
		char message[160];
		snprintf(message, sizeof message, "more than %zu elements (the %s's element-count limit)",
			 limits->max_elements, limits->what);
		record(&state, DS_ERANGE, 0, 0, NULL, message);
	}
	if (state.code != DS_OK) {
		rc = raise_state(&state);
		goto done;
	}
	if (schema && (rc = ds__xml_validate(doc, schema, state.name)) < 0)
		goto done;
	*out = doc;
	doc = NULL;
done:
	if (doc)
		xmlFreeDoc(doc);
	xmlFreeParserCtxt(ctxt);
	return rc;
}

/* Read a whole file into memory, bounded by @limit. */
static int read_file(char **out, size_t *len, const char *path, const ds__xml_limits *limits)
{
	size_t limit = limits->max_bytes;
	FILE *f = fopen(path, "rb");
	struct stat st;
	char *data = NULL;
	size_t got;
	int rc = DS_OK;

	if (!f)
		return ds__error(DS_EIO, "%s: cannot open: %s", path, strerror(errno));
	if (fstat(fileno(f), &st) != 0 || !S_ISREG(st.st_mode)) {
		rc = ds__error(DS_EIO, "%s: not a regular file", path);
		goto done;
	}
	if ((unsigned long long)st.st_size > limit) {
		rc = ds__error(DS_ERANGE, "%s: %lld bytes is more than the %zu a %s may have (its size limit)", path,
			       (long long)st.st_size, limit, limits->what);
		goto done;
	}
	data = ds__malloc((size_t)st.st_size + 1);
	if (!data) {
		rc = ds__enomem();
		goto done;
	}
	got = fread(data, 1, (size_t)st.st_size, f);
	if (ferror(f)) {
		rc = ds__error(DS_EIO, "%s: read failed: %s", path, strerror(errno));
		goto done;
	}
	data[got] = '\0';
	*out = data;
	*len = got;
	data = NULL;
done:
	ds__free(data);
	fclose(f);
	return rc;
}

int ds__resource_bundled(char name[128], const char *dir, const char *id, const char **data, size_t *len)
{
	if (strlen(id) > 64 || strchr(id, '/') || strlen(dir) > 32)
		return DS_ENOTFOUND;
	snprintf(name, 128, "%s/%s.xml", dir, id);
	return ds__resource(name, data, len) < 0 ? DS_ENOTFOUND : DS_OK;
}

int ds__xml_read_file(char **out, size_t *len, const char *path, const char *schema)
{
	return read_file(out, len, path, ds__xml_limits_for(schema));
}

int ds__xml_load_file(xmlDocPtr *out, const char *path, const char *schema)
{
	char *data = NULL;
	size_t len = 0;
	int rc;

	if ((rc = read_file(&data, &len, path, ds__xml_limits_for(schema))) < 0)
		return rc;
	rc = ds__xml_load_memory(out, data, len, path, schema);
	ds__free(data);
	return rc;
}

/* ---------------------------------------------------------------- streaming */

struct ds__xml_stream {
	xmlTextReaderPtr reader;
	xmlSchemaPtr schema;
	error_state state;
	int expanded; /* the current element was expanded: skip its subtree next */
	int finished;
	char name[256];
	/* The input, read through read_input so that the limit scan sees every
	 * byte before libxml2 parses it: a file, or memory. */
	FILE *file;
	const char *data;
	size_t len, pos;
	int scan_started;
	limit_scan scan;
};

static void on_reader_error(void *data, xmlErrorPtr error)
{
	ds__xml_stream *s = data;

	if (error->level >= XML_ERR_ERROR)
		record(&s->state, DS_EPARSE, error->line, error->int2, (xmlNodePtr)error->node, error->message);
}

/* libxml2's input callback: the next bytes, scanned against the limits first.
 * A DOCTYPE, a text run too long or nesting too deep stops the input before
 * libxml2 sees those bytes (so its schema validator never meets a DTD). */
static int read_input(void *context, char *buffer, int size)
{
	ds__xml_stream *s = context;
	size_t got;

	if (s->state.code != DS_OK)
		return -1;
	if (s->file) {
		got = fread(buffer, 1, (size_t)size, s->file);
		if (ferror(s->file)) {
			char message[300];
			snprintf(message, sizeof message, "read failed: %s", strerror(errno));
			record(&s->state, DS_EIO, 0, 0, NULL, message);
			return -1;
		}
	} else {
		got = s->len - s->pos < (size_t)size ? s->len - s->pos : (size_t)size;
		memcpy(buffer, s->data + s->pos, got);
		s->pos += got;
	}
	if (!s->scan_started) {
		scan_init(&s->scan, s->scan.limits, buffer, got);
		s->scan_started = 1;
	}
	if (scan_feed(&s->scan, buffer, got) < 0) {
		record(&s->state, s->scan.code, s->scan.line, 0, NULL, s->scan.message);
		return -1;
	}
	return (int)got;
}

static int close_input(void *context)
{
	(void)context; /* the stream closes its file itself */
	return 0;
}

static int stream_setup(ds__xml_stream *s, const char *schema)
{
	int rc;

	xmlTextReaderSetStructuredErrorHandler(s->reader, on_reader_error, s);
	if (schema) {
		if ((rc = bundled_schema(&s->schema, schema)) < 0)
			return rc;
		if (xmlTextReaderSetSchema(s->reader, s->schema) != 0)
			return ds__error(DS_EINTERNAL, "%s: could not attach schema %s", s->state.name, schema);
	}
	return DS_OK;
}

static int stream_open(ds__xml_stream **out, const char *data, size_t len, const char *name, const char *path,
		       const char *schema)
{
	ds__xml_stream *s;
	int rc;

	if ((rc = ds__init()) < 0)
		return rc;
	s = ds__calloc(1, sizeof *s);
	if (!s)
		return ds__enomem();
	snprintf(s->name, sizeof s->name, "%s", path ? path : (name ? name : "document"));
	s->state.code = DS_OK;
	s->state.name = s->name;
	s->scan.limits = ds__xml_limits_for(schema);
	if (path) {
		struct stat st;
		if (!(s->file = fopen(path, "rb"))) {
			rc = ds__error(DS_EIO, "%s: cannot open: %s", path, strerror(errno));
			goto fail;
		}
		if (fstat(fileno(s->file), &st) != 0 || S_ISDIR(st.st_mode)) {
			rc = ds__error(DS_EIO, "%s: not a file", path);
			goto fail;
		}
	} else {
		s->data = data;
		s->len = len;
	}
	s->reader = xmlReaderForIO(read_input, close_input, s, s->name, NULL, XML_OPTIONS);
	if (!s->reader && s->state.code == DS_OK) {
		rc = ds__error(DS_EIO, "%s: cannot start reading", s->name);
		goto fail;
	}
	/* An error in the first bytes: opened, but failed; the first
	 * ds__xml_stream_next reports it, as for one found later. */
	if (s->reader && (rc = stream_setup(s, schema)) < 0)
		goto fail;
	*out = s;
	return DS_OK;
fail:
	ds__xml_stream_free(s);
	return rc;
}

int ds__xml_stream_open_file(ds__xml_stream **out, const char *path, const char *schema)
{
	return stream_open(out, NULL, 0, NULL, path, schema);
}

int ds__xml_stream_open_memory(ds__xml_stream **out, const char *data, size_t len, const char *name, const char *schema)
{
	return stream_open(out, data, len, name, NULL, schema);
}

int ds__xml_stream_next(ds__xml_stream *s, int *depth, const char **local_name)
{
	int result, type, node_depth;

	if (s->state.code != DS_OK)
		return raise_state(&s->state);
	if (s->finished)
		return 0;
	for (;;) {
		if (s->expanded) {
			s->expanded = 0;
			result = xmlTextReaderNext(s->reader);
		} else {
			result = xmlTextReaderRead(s->reader);
		}
		if (s->state.code != DS_OK)
			return raise_state(&s->state);
		if (result < 0) {
			record(&s->state, DS_EPARSE, xmlTextReaderGetParserLineNumber(s->reader), 0, NULL,
			       "the document is not well-formed");
			return raise_state(&s->state);
		}
		if (result == 0) {
			s->finished = 1;
			if (s->schema && xmlTextReaderIsValid(s->reader) != 1) {
				record(&s->state, DS_EPARSE, xmlTextReaderGetParserLineNumber(s->reader), 0, NULL,
				       "the document is not valid against its schema");
				return raise_state(&s->state);
			}
			return 0;
		}
		type = xmlTextReaderNodeType(s->reader);
		if (type == XML_READER_TYPE_DOCUMENT_TYPE) {
			record(&s->state, DS_EPARSE, xmlTextReaderGetParserLineNumber(s->reader), 0, NULL,
			       "document type declarations (DOCTYPE) are not accepted");
			return raise_state(&s->state);
		}
		if (type != XML_READER_TYPE_ELEMENT)
			continue;
		node_depth = xmlTextReaderDepth(s->reader);
		if (node_depth >= DS__XML_MAX_DEPTH) {
			record(&s->state, DS_ERANGE, xmlTextReaderGetParserLineNumber(s->reader), 0, NULL,
			       "elements are nested too deeply");
			return raise_state(&s->state);
		}
		if (depth)
			*depth = node_depth;
		if (local_name)
			*local_name = (const char *)xmlTextReaderConstLocalName(s->reader);
		return 1;
	}
}

const char *ds__xml_stream_namespace(ds__xml_stream *s)
{
	const xmlChar *uri = s && s->reader ? xmlTextReaderConstNamespaceUri(s->reader) : NULL;
	return uri ? (const char *)uri : "";
}

int ds__xml_stream_expand(ds__xml_stream *s, xmlNodePtr *node)
{
	xmlNodePtr expanded = xmlTextReaderExpand(s->reader);

	if (s->state.code != DS_OK)
		return raise_state(&s->state);
	if (!expanded) {
		record(&s->state, DS_EPARSE, xmlTextReaderGetParserLineNumber(s->reader), 0, NULL,
		       "the element could not be read");
		return raise_state(&s->state);
	}
	if (check_depth(expanded, xmlTextReaderDepth(s->reader) + 1, &s->state) < 0)
		return raise_state(&s->state);
	s->expanded = 1;
	*node = expanded;
	return DS_OK;
}

void ds__xml_stream_free(ds__xml_stream *s)
{
	if (!s)
		return;
	if (s->reader)
		xmlFreeTextReader(s->reader);
	if (s->file)
		fclose(s->file);
	/* s->schema is the shared compiled schema: not ours to free. */
	ds__free(s);
}

/* ---------------------------------------------------------------- events */

typedef struct events_run {
	ds__xml_stream input; /* the input, its name, its limit scan and the parser's first error */
	xmlParserCtxtPtr ctxt;
	const ds__xml_events *events;
	void *ctx;
	int rc; /* a callback's error: it is already the current error */
	int depth;
	ds__xml_attr *attrs;
	size_t cap;
} events_run;

static int events_line(const events_run *run)
{
	return run->ctxt && run->ctxt->input ? run->ctxt->input->line : 0;
}

/* Whether to go on: not after a parser error or a callback's error. */
static int events_going(events_run *run)
{
	if (run->rc == DS_OK && run->input.state.code == DS_OK)
		return 1;
	xmlStopParser(run->ctxt);
	return 0;
}

static void events_stop(events_run *run, int rc)
{
	if (rc < 0 && run->rc == DS_OK)
		run->rc = rc;
	if (rc < 0)
		xmlStopParser(run->ctxt);
}

static void on_events_start(void *data, const xmlChar *local, const xmlChar *prefix, const xmlChar *uri,
			    int nb_namespaces, const xmlChar **namespaces, int nb_attributes, int nb_defaulted,
			    const xmlChar **attributes)
{
	events_run *run = data;
	size_t i, n = (size_t)(nb_attributes > 0 ? nb_attributes : 0);

	(void)prefix;
	(void)nb_namespaces;
	(void)namespaces;
	(void)nb_defaulted;
	if (!events_going(run))
		return;
	if (++run->depth > DS__XML_MAX_DEPTH) {
		record(&run->input.state, DS_ERANGE, events_line(run), 0, NULL, "elements are nested too deeply");
		xmlStopParser(run->ctxt);
		return;
	}
	if (n > run->cap) {
		ds__xml_attr *grown = ds__realloc(run->attrs, n * sizeof *grown);
		if (!grown) {
			events_stop(run, ds__enomem());
			return;
		}
		run->attrs = grown;
		run->cap = n;
	}
	for (i = 0; i < n; i++) {
		run->attrs[i].local = (const char *)attributes[5 * i];
		run->attrs[i].uri = (const char *)attributes[5 * i + 2];
		run->attrs[i].value = (const char *)attributes[5 * i + 3];
		run->attrs[i].len = (size_t)(attributes[5 * i + 4] - attributes[5 * i + 3]);
	}
	if (run->events->start)
		events_stop(run, run->events->start(run->ctx, (const char *)local, uri ? (const char *)uri : "",
						    events_line(run), run->attrs, n));
}

static void on_events_end(void *data, const xmlChar *local, const xmlChar *prefix, const xmlChar *uri)
{
	events_run *run = data;

	(void)prefix;
	(void)uri;
	if (!events_going(run))
		return;
	run->depth--;
	if (run->events->end)
		events_stop(run, run->events->end(run->ctx, (const char *)local, events_line(run)));
}

static void on_events_text(void *data, const xmlChar *text, int len)
{
	events_run *run = data;

	if (events_going(run) && run->events->text && len > 0)
		events_stop(run, run->events->text(run->ctx, (const char *)text, (size_t)len, events_line(run)));
}

/* The parser's user data is the run: errors and the DOCTYPE refusal find the state there. */
static void on_events_error(void *data, xmlErrorPtr error)
{
	events_run *run = data;

	if (error->level >= XML_ERR_ERROR)
		record(&run->input.state, DS_EPARSE, error->line, error->int2, NULL, error->message);
}

static void events_refuse_doctype(void *data, const xmlChar *name, const xmlChar *external_id, const xmlChar *system_id)
{
	events_run *run = data;

	(void)name;
	(void)external_id;
	(void)system_id;
	record(&run->input.state, DS_EPARSE, events_line(run), 0, NULL,
	       "document type declarations (DOCTYPE) are not accepted");
	xmlStopParser(run->ctxt);
}

int ds__xml_events_run(const char *data, size_t len, const char *name, const char *path, const char *limits_schema,
		       const ds__xml_events *events, void *ctx)
{
	events_run run;
	xmlSAXHandler sax;
	char *buffer = NULL;
	int rc;

	if ((rc = ds__init()) < 0)
		return rc;
	memset(&run, 0, sizeof run);
	run.events = events;
	run.ctx = ctx;
	snprintf(run.input.name, sizeof run.input.name, "%s", path ? path : (name ? name : "document"));
	run.input.state.code = DS_OK;
	run.input.state.name = run.input.name;
	run.input.scan.limits = ds__xml_limits_for(limits_schema);
	if (path) {
		struct stat st;
		if (!(run.input.file = fopen(path, "rb")))
			return ds__error(DS_EIO, "%s: cannot open: %s", path, strerror(errno));
		if (fstat(fileno(run.input.file), &st) != 0 || S_ISDIR(st.st_mode)) {
			fclose(run.input.file);
			return ds__error(DS_EIO, "%s: not a file", path);
		}
		/* libxml2 asks for 4 KB at a time: read the file in larger pieces
		 * (glibc ignores the size without a buffer of ours). */
		if ((buffer = ds__malloc(256u << 10)) != NULL)
			setvbuf(run.input.file, buffer, _IOFBF, 256u << 10);
	} else {
		run.input.data = data;
		run.input.len = len;
	}
	memset(&sax, 0, sizeof sax);
	sax.initialized = XML_SAX2_MAGIC;
	sax.startElementNs = on_events_start;
	sax.endElementNs = on_events_end;
	sax.characters = on_events_text;
	sax.ignorableWhitespace = on_events_text;
	sax.serror = on_events_error;
	sax.internalSubset = events_refuse_doctype;
	sax.externalSubset = events_refuse_doctype;
	run.ctxt = xmlCreateIOParserCtxt(&sax, &run, read_input, close_input, &run.input, XML_CHAR_ENCODING_NONE);
	if (!run.ctxt) {
		if (run.input.state.code == DS_OK)
			rc = ds__error(DS_EIO, "%s: cannot start reading", run.input.name);
		else
			rc = raise_state(&run.input.state);
		goto done;
	}
	xmlCtxtUseOptions(run.ctxt, XML_OPTIONS);
	xmlParseDocument(run.ctxt);
	if (run.input.state.code != DS_OK) {
		rc = raise_state(&run.input.state); /* the parser's error came first */
	} else if (run.rc < 0) {
		rc = run.rc;
	} else if (!run.ctxt->wellFormed) {
		record(&run.input.state, DS_EPARSE, events_line(&run), 0, NULL, "the document is not well-formed");
		rc = raise_state(&run.input.state);
	} else {
		rc = DS_OK;
	}
done:
	if (run.ctxt) {
		if (run.ctxt->myDoc)
			xmlFreeDoc(run.ctxt->myDoc);
		xmlFreeParserCtxt(run.ctxt);
	}
	if (run.input.file)
		fclose(run.input.file);
	ds__free(buffer);
	ds__free(run.attrs);
	return rc;
}

/* ---------------------------------------------------------------- DOM reading */

static int name_is(xmlNodePtr node, const char *name)
{
	return node->type == XML_ELEMENT_NODE && (!name || strcmp((const char *)node->name, name) == 0);
}

xmlNodePtr ds__xml_next(xmlNodePtr node, const char *name)
{
	for (node = node ? node->next : NULL; node; node = node->next)
		if (name_is(node, name))
			return node;
	return NULL;
}

xmlNodePtr ds__xml_child(xmlNodePtr parent, const char *name)
{
	xmlNodePtr node;

	for (node = parent ? parent->children : NULL; node; node = node->next)
		if (name_is(node, name))
			return node;
	return NULL;
}

size_t ds__xml_count(xmlNodePtr parent, const char *name)
{
	size_t count = 0;
	xmlNodePtr node;

	for (node = ds__xml_child(parent, name); node; node = ds__xml_next(node, name))
		count++;
	return count;
}

void ds__xml_path(char *buf, size_t size, xmlNodePtr node, const char *attr)
{
	char segment[128], rest[512];
	xmlNodePtr sibling;
	size_t index = 0, same = 0;

	if (!size)
		return;
	buf[0] = '\0';
	if (!node || node->type != XML_ELEMENT_NODE)
		return;
	for (sibling = node->parent ? node->parent->children : node; sibling; sibling = sibling->next) {
		if (sibling->type == XML_ELEMENT_NODE && xmlStrEqual(sibling->name, node->name)) {
			same++;
			if (sibling == node)
				index = same;
		}
	}
	if (same > 1)
		snprintf(segment, sizeof segment, "%s[%zu]", (const char *)node->name, index);
	else
		snprintf(segment, sizeof segment, "%s", (const char *)node->name);
	rest[0] = '\0';
	if (node->parent && node->parent->type == XML_ELEMENT_NODE)
		ds__xml_path(rest, sizeof rest, node->parent, NULL);
	snprintf(buf, size, "%s%s%s%s%s", rest, rest[0] ? "/" : "", segment, attr ? "/@" : "", attr ? attr : "");
}

int ds__xml_error(int code, xmlNodePtr node, const char *attr, const char *fmt, ...)
{
	char path[256], message[768];
	va_list ap;
	int line = node ? (int)xmlGetLineNo(node) : 0;

	ds__xml_path(path, sizeof path, node, attr);
	va_start(ap, fmt);
	vsnprintf(message, sizeof message, fmt, ap);
	va_end(ap);
	if (line > 0)
		return ds__error_at(code, line, 0, path, "line %d, %s: %s", line, path, message);
	return ds__error_at(code, 0, 0, path, "%s: %s", path, message);
}

int ds__xml_relocate(int rc, xmlNodePtr node, const char *attr)
{
	char message[512];

	snprintf(message, sizeof message, "%s", ds_error_last()->message);
	return ds__xml_error(rc, node, attr, "%s", message);
}

int ds__xml_lookup(const char *text, const char *const *names)
{
	int i;

	for (i = 0; text && names[i]; i++)
		if (strcmp(text, names[i]) == 0)
			return i;
	return -1;
}

static int is_xml_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

int ds__xml_text(char **out, xmlNodePtr node, const char *attr)
{
	xmlChar *raw;
	const char *start, *end;
	int rc;

	*out = NULL;
	raw = attr ? xmlGetNoNsProp(node, (const xmlChar *)attr) : xmlNodeGetContent(node);
	if (!raw)
		return DS_OK;
	start = (const char *)raw;
	end = start + strlen(start);
	while (start < end && is_xml_space(*start))
		start++;
	while (end > start && is_xml_space(end[-1]))
		end--;
	rc = ds__nfc(out, start, (size_t)(end - start));
	xmlFree(raw);
	if (rc < 0)
		return ds__xml_error(rc, node, attr, "%s", ds_error_last()->message);
	return DS_OK;
}

int ds__xml_text_required(char **out, xmlNodePtr node, const char *attr)
{
	int rc = ds__xml_text(out, node, attr);

	if (rc < 0)
		return rc;
	if (!*out)
		return ds__xml_error(DS_EINVAL, node, attr, "missing attribute '%s'", attr ? attr : "");
	return DS_OK;
}

void ds__xml_name_refusal(char *buf, size_t size, size_t position, unsigned int cp)
{
	snprintf(buf, size,
		 "character %zu is a bidirectional control character (U+%04X), not allowed in a name or identifier",
		 position, cp);
}

int ds__xml_name(char **out, xmlNodePtr node, const char *attr, int required)
{
	char message[160];
	size_t position = 0;
	unsigned int cp = 0;
	int rc = required ? ds__xml_text_required(out, node, attr) : ds__xml_text(out, node, attr);

	if (rc < 0 || !ds__text_find_bidi(*out, &position, &cp))
		return rc;
	ds__free(*out);
	*out = NULL;
	ds__xml_name_refusal(message, sizeof message, position, cp);
	return ds__xml_error(DS_EINVAL, node, attr, "%s", message);
}

int ds__long_parse(long *out, const char *text, long min, long max)
{
	const char *p = text;
	long value = 0;
	int negative = 0, digits = 0, overflow = 0;

	if (*p == '-' || *p == '+')
		negative = *p++ == '-';
	for (; *p >= '0' && *p <= '9'; p++, digits++) {
		if (value > (LONG_MAX - 9) / 10)
			overflow = 1;
		else
			value = value * 10 + (*p - '0');
	}
	if (negative)
		value = -value;
	if (!digits || *p)
		return DS_EINVAL;
	if (overflow || value < min || value > max)
		return DS_ERANGE;
	*out = value;
	return DS_OK;
}

int ds__xml_long_refusal(char *buf, size_t size, int rc, const char *text, long min, long max)
{
	if (rc == DS_EINVAL)
		snprintf(buf, size, "'%s' is not an integer", text);
	else
		snprintf(buf, size, "%s is outside %ld to %ld", text, min, max);
	return rc;
}

int ds__xml_long(long *out, xmlNodePtr node, const char *attr, long min, long max)
{
	char *text = NULL;
	int rc;

	if ((rc = ds__xml_text_required(&text, node, attr)) < 0)
		return rc;
	if ((rc = ds__long_parse(out, text, min, max)) < 0) {
		char message[768]; /* as ds__xml_error's, so that a long value is cut where it was */
		rc = ds__xml_error(ds__xml_long_refusal(message, sizeof message, rc, text, min, max), node, attr, "%s",
				   message);
	}
	ds__free(text);
	return rc;
}

int ds__xml_date(ds__date *out, xmlNodePtr node, const char *attr)
{
	char *text = NULL;
	int rc;

	if ((rc = ds__xml_text_required(&text, node, attr)) < 0)
		return rc;
	if ((rc = ds__date_parse(out, text)) < 0)
		rc = ds__xml_error(rc, node, attr, "%s", ds_error_last()->message);
	ds__free(text);
	return rc;
}

/* ---------------------------------------------------------------- writing */

int ds__xmlw_begin(ds__xml_writer *w, const char *root, const char *ns)
{
	int rc;

	memset(w, 0, sizeof *w);
	if ((rc = ds__init()) < 0)
		return rc;
	w->buffer = xmlBufferCreate();
	if (!w->buffer)
		return ds__enomem();
	w->writer = xmlNewTextWriterMemory(w->buffer, 0);
	if (!w->writer) {
		xmlBufferFree(w->buffer);
		w->buffer = NULL;
		return ds__enomem();
	}
	xmlTextWriterSetIndent(w->writer, 1);
	xmlTextWriterSetIndentString(w->writer, (const xmlChar *)"  ");
	if (xmlTextWriterStartDocument(w->writer, NULL, "UTF-8", NULL) < 0)
		w->failed = 1;
	ds__xmlw_start(w, root);
	if (ns)
		ds__xmlw_attr(w, "xmlns", ns);
	return w->failed ? ds__enomem() : DS_OK;
}

void ds__xmlw_start(ds__xml_writer *w, const char *name)
{
	if (!w->failed && xmlTextWriterStartElement(w->writer, (const xmlChar *)name) < 0)
		w->failed = 1;
}

void ds__xmlw_end(ds__xml_writer *w)
{
	if (!w->failed && xmlTextWriterEndElement(w->writer) < 0)
		w->failed = 1;
}

void ds__xmlw_attr(ds__xml_writer *w, const char *name, const char *value)
{
	if (!w->failed && value &&
	    xmlTextWriterWriteAttribute(w->writer, (const xmlChar *)name, (const xmlChar *)value) < 0)
		w->failed = 1;
}

void ds__xmlw_attrf(ds__xml_writer *w, const char *name, const char *fmt, ...)
{
	char value[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(value, sizeof value, fmt, ap);
	va_end(ap);
	ds__xmlw_attr(w, name, value);
}

void ds__xmlw_text(ds__xml_writer *w, const char *text)
{
	if (!w->failed && text && xmlTextWriterWriteString(w->writer, (const xmlChar *)text) < 0)
		w->failed = 1;
}

void ds__xmlw_element(ds__xml_writer *w, const char *name, const char *text)
{
	if (!w->failed &&
	    xmlTextWriterWriteElement(w->writer, (const xmlChar *)name, (const xmlChar *)(text ? text : "")) < 0)
		w->failed = 1;
}

int ds__xmlw_drain(ds__xml_writer *w, int (*out)(void *ctx, const char *text, size_t len), void *ctx)
{
	int rc = DS_OK;
	size_t len;

	if (!w->failed && xmlTextWriterFlush(w->writer) < 0)
		w->failed = 1;
	if (w->failed)
		return ds__error(DS_ENOMEM, "writing the XML document failed");
	len = (size_t)xmlBufferLength(w->buffer);
	if (len)
		rc = out(ctx, (const char *)xmlBufferContent(w->buffer), len);
	xmlBufferEmpty(w->buffer);
	return rc;
}

int ds__xmlw_finish(char **out, ds__xml_writer *w)
{
	int rc = DS_OK;

	if (!w->failed && (xmlTextWriterEndDocument(w->writer) < 0 || xmlTextWriterFlush(w->writer) < 0))
		w->failed = 1;
	if (w->failed) {
		rc = ds__error(DS_ENOMEM, "writing the XML document failed");
	} else {
		*out = ds__strdup((const char *)xmlBufferContent(w->buffer));
		if (!*out)
			rc = ds__enomem();
	}
	ds__xmlw_dispose(w);
	return rc;
}

void ds__xmlw_dispose(ds__xml_writer *w)
{
	if (w->writer)
		xmlFreeTextWriter(w->writer);
	if (w->buffer)
		xmlBufferFree(w->buffer);
	w->writer = NULL;
	w->buffer = NULL;
}
