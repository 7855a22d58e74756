/*
 * The rdf layer: RDF/XML, Turtle and N-Triples in and out, over raptor2
 * (DESIGN.md section 2: internal, used by catalog). Parsers never touch the
 * network or the file system (raptor's NO_NET and NO_FILE options, a URI
 * filter that refuses every URI, no external entities), so a document can
 * only describe, never fetch. Never installed.
 * SPDX-License-Identifier: MIT
 */
#ifndef DS_INTERNAL_RDF_H
#define DS_INTERNAL_RDF_H

#include <stddef.h>
#include <stdio.h>

#include "internal/core.h"

typedef enum ds__rdf_kind { DS__RDF_IRI = 1, DS__RDF_BLANK, DS__RDF_LITERAL } ds__rdf_kind;

/* One RDF term. Strings are borrowed for the duration of a callback. */
typedef struct ds__rdf_term {
	ds__rdf_kind kind;
	const char *value;    /* the IRI, the blank node's label (no "_:") or the literal's text */
	const char *lang;     /* a literal's language tag, or NULL */
	const char *datatype; /* a literal's datatype IRI, or NULL */
} ds__rdf_term;

typedef enum ds__rdf_syntax {
	DS__RDF_GUESS = 0, /* RDF/XML when the text starts with '<' and a name, else Turtle */
	DS__RDF_RDFXML,
	DS__RDF_TURTLE, /* Turtle, and N-Triples (a subset of it) */
	DS__RDF_NTRIPLES
} ds__rdf_syntax;

/* A statement callback: DS_OK to go on, a negative code to stop the parse with it. */
typedef int (*ds__rdf_sink)(void *ctx, const ds__rdf_term *s, const ds__rdf_term *p, const ds__rdf_term *o);

/* The syntax @data looks like (DS__RDF_RDFXML or DS__RDF_TURTLE); DS_EUNSUPPORTED for JSON. */
int ds__rdf_guess(ds__rdf_syntax *out, const char *data, size_t len);

/* Parse @len bytes; relative IRIs resolve against @base (NULL: "urn:datasset:base").
 * @name labels errors. DS_EPARSE with the line on a syntax error. */
int ds__rdf_parse(ds__rdf_syntax syntax, const char *data, size_t len, const char *base, const char *name,
		  ds__rdf_sink sink, void *ctx);

/* The same, reading @f in chunks (memory does not grow with the file). */
int ds__rdf_parse_stream(ds__rdf_syntax syntax, FILE *f, const char *base, const char *name, ds__rdf_sink sink,
			 void *ctx);

/* A large RDF/XML file split into parts that parse on their own, each a run of whole top-level
 * node elements of rdf:RDF (lib/rdf/split.c says when a file is not split). Part i is parsed
 * as @head (for i > 0), the file's bytes [start, end) (end -1: to the end of the file) and
 * @tail (for i < nparts - 1): together they give the one parser's statements in its order. */
typedef struct ds__rdf_part {
	long long start, end;
	size_t lines; /* the newlines before start */
} ds__rdf_part;

typedef struct ds__rdf_split {
	char *head; /* the prolog and the root's start tag, as in the file */
	size_t head_len, head_lines;
	char *tail; /* the root's end tag */
	size_t tail_len;
	ds__rdf_part *parts;
	size_t nparts; /* 0: not split */
} ds__rdf_split;

/* Split the regular file @fd (read with pread, position untouched) at boundaries between
 * top-level elements, each part at least @part_bytes long save the last: *out->nparts is 0
 * when the file is not split (too small, or anything the scan does not expect: the one parser
 * reads it and names any fault). DS_ENOMEM only. Free with ds__rdf_split_dispose(). */
int ds__rdf_split_file(ds__rdf_split *out, int fd, size_t part_bytes);
void ds__rdf_split_dispose(ds__rdf_split *sp);
/* Parse part @i of @sp from @fd with raptor world @lane (0 or 1: two threads parse at once on
 * different lanes; a lane's world is locked for the parse). Blank nodes raptor names are
 * named per lane so parts never share one; rdf:nodeID labels stay as written. Error lines are
 * the file's. Errors as ds__rdf_parse_stream(). */
int ds__rdf_parse_part(const ds__rdf_split *sp, size_t i, int fd, int lane, const char *base, const char *name,
		       ds__rdf_sink sink, void *ctx);
/* libxml2's error handlers are per thread, and raptor installs its own on the thread that opens
 * a world: the messages of an XML error depend on them. A thread parsing for another takes the
 * other's: ds__rdf_handlers_get() on that thread, ds__rdf_handlers_set() on the new one (both
 * open raptor's worlds first, if not yet open, so the handlers read are the ones it parses with). */
typedef struct ds__rdf_handlers {
	void (*structured)(void);
	void *structured_ctx;
	void (*generic)(void);
	void *generic_ctx;
} ds__rdf_handlers;

void ds__rdf_handlers_get(ds__rdf_handlers *out);
void ds__rdf_handlers_set(const ds__rdf_handlers *h);
/* Output callback for the writer: DS_OK or a negative code. */
typedef int (*ds__rdf_output)(void *ctx, const char *data, size_t len);

typedef struct ds__rdf_writer ds__rdf_writer;

/* A writer of RDF/XML or Turtle (abbreviated) or N-Triples. @namespaces is
 * { prefix, uri, prefix, uri, ..., NULL }. Triples are written block by block:
 * ds__rdf_writer_block() serialises those added since the previous block and
 * hands the text to @output, so memory is bounded by the largest block. */
int ds__rdf_writer_new(ds__rdf_writer **out, ds__rdf_syntax syntax, const char *const *namespaces,
		       ds__rdf_output output, void *ctx);
int ds__rdf_writer_add(ds__rdf_writer *w, const ds__rdf_term *s, const ds__rdf_term *p, const ds__rdf_term *o);
int ds__rdf_writer_block(ds__rdf_writer *w);
/* End the document (writes the last block). */
int ds__rdf_writer_finish(ds__rdf_writer *w);
/* The number of triples added so far. */
size_t ds__rdf_writer_count(const ds__rdf_writer *w);
void ds__rdf_writer_free(ds__rdf_writer *w);

/* Append @t in N-Triples form (<iri>, _:label, "text"@lang or "text"^^<dt>). */
void ds__rdf_term_nt(ds__buf *b, const ds__rdf_term *t);

#endif
