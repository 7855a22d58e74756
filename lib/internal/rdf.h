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
