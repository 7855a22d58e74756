/*
 * DCAT-AP 3 mapping shared by export (dcat.c), import (dcat_import.c) and the
 * vocabulary tables (dcat_vocab.c). Never installed.
 * SPDX-License-Identifier: MIT
 */
#ifndef DS_DCAT_INTERNAL_H
#define DS_DCAT_INTERNAL_H

#include <stdint.h>

#include "catalog/catalog_internal.h"
#include "internal/rdf.h"

#define DCAT_RDF "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
#define DCAT_NS "http://www.w3.org/ns/dcat#"
#define DCAT_DCT "http://purl.org/dc/terms/"
#define DCAT_FOAF "http://xmlns.com/foaf/0.1/"
#define DCAT_SKOS "http://www.w3.org/2004/02/skos/core#"
#define DCAT_CSVW "http://www.w3.org/ns/csvw#"
#define DCAT_VCARD "http://www.w3.org/2006/vcard/ns#"
#define DCAT_RDFS "http://www.w3.org/2000/01/rdf-schema#"
#define DCAT_XSD "http://www.w3.org/2001/XMLSchema#"
#define DCAT_DS "urn:datasset:catalog:1#"
#define DCAT_EU "http://publications.europa.eu/resource/authority/"

/* The extension namespace for what DCAT carries and the native fields do not:
 * keys "iri" (the dataset's IRI, or "_:ds…" for a blank-node dataset), "lang" (the
 * entry's primary language), "publisher", "theme", "distribution", "record" (node
 * references: an IRI or "_:label" of a node in "triples"; distribution "none": the
 * source had none), "frequency", "access-rights", "file-type" (the exact EU concepts),
 * "untagged-keywords" (keywords written without a language tag, one a line),
 * "triples" (N-Triples of the rest). */
#define DCAT_EXT "urn:datasset:dcat:1"

/* Triple callback of the generator. */
typedef int (*dcat_emit_fn)(void *ctx, const ds__rdf_term *s, const ds__rdf_term *p, const ds__rdf_term *o);

/* A set of 64-bit hashes (shared nodes written once). */
typedef struct dcat_set {
	uint64_t *slots;
	size_t count, cap;
} dcat_set;

/* Insert; 1 when new, 0 when present, DS_ENOMEM. */
int dcat__set_add(dcat_set *s, uint64_t h);
void dcat__set_dispose(dcat_set *s);
uint64_t dcat__hash(const char *text, size_t len, uint64_t seed);

typedef struct dcat_gen {
	const char *base;
	dcat_emit_fn emit;
	void *ctx;
	dcat_set *shared; /* NULL: write shared nodes every time (import's comparison) */
	/* the IRI of a related entry (NULL: mint one from the identifier) */
	const char *(*related_iri)(void *ctx, const char *identifier);
	void *related_ctx;
	const char *blank_prefix; /* prefix for the entry's blank node labels ("" at import) */
	int with_residual;	  /* also write the entry's "triples" extension */
	int rc;
	ds__buf a, b, c; /* scratch */
} dcat_gen;

/* Every triple of one entry (with an identifier), its dataset node @self. */
int dcat__entry(dcat_gen *g, const ds_resource *r, const ds__rdf_term *self);
/* The dataset node an entry is exported as: its "iri" extension (an IRI or a blank-node
 * dataset's "_:ds…" label) or base + dataset/ + id. */
void dcat__dataset_iri(ds__buf *out, const char *base, const ds_resource *r);
/* A dataset imported from a blank node is exported as one, labelled "_:ds" and 16 hex digits
 * of a digest of its identifier (its "iri" extension); a blank node merged into another node's
 * entry (same identifier) has that label, "s" and its own digest. dcat__blank_dataset: 1 for
 * such a reference (as dcat__dataset_iri gives it); dcat__dataset_label appends one to @out
 * (@secondary NULL for the entry's own node). */
int dcat__blank_dataset(const char *ref);
void dcat__dataset_label(ds__buf *out, const char *identifier, const char *secondary);
/* Append @text percent-encoded as one path segment. */
void dcat__put_encoded(ds__buf *b, const char *text);
int dcat__valid_uri(const char *text);
int dcat__valid_date(const char *text);

/* Vocabularies (dcat_vocab.c): *_iri write the EU concept for a Chinese term into @out and
 * return 1 (0 when the term has none); *_term give the Chinese term of an EU concept. */
int dcat__frequency_iri(ds__buf *out, const char *cycle);
const char *dcat__frequency_term(const char *iri_or_literal);
int dcat__access_iri(ds__buf *out, const char *open_type);
const char *dcat__access_term(const char *iri);
int dcat__file_type_iri(ds__buf *out, const char *format);
const char *dcat__file_type_term(const char *iri_or_literal);
int dcat__language_iri(ds__buf *out, const char *tag);
const char *dcat__language_tag(const char *iri);

#endif
