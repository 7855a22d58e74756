/*
 * DCAT import (docs/catalog.md, "DCAT-AP 3"): the document is parsed by the
 * rdf layer into an interned graph, and each dcat:Dataset node is mapped to an
 * entry by the inverse of dcat.c's mapping, working on the graph only. Nodes
 * sharing a dct:identifier are one entry, mapped from one of them (join_same).
 *
 * Nothing is lost: the description of a dataset (its triples, those of the
 * blank nodes and non-dataset IRIs it reaches, series included, of its
 * catalogue records, and of the other nodes with its identifier) is compared
 * with what export would write for the entry just built; every triple export
 * would not write again goes, as N-Triples, into the entry's
 * "urn:datasset:dcat:1" "triples" extension, which export writes back.
 * Blank nodes there are labelled canonically (by a digest of what they say),
 * and every choice among several values (identifier, title language,
 * publisher, theme, distribution) depends on the graph only, never on the
 * order of the document, so two serialisations give the same entry.
 * SPDX-License-Identifier: MIT
 */
#include "config.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include <sqlite3.h>

#include "catalog/dcat_internal.h"
#include "internal/xml.h"

#define IMPORT_BASE "urn:datasset:catalog:" /* the export's default base */

typedef struct term {
	ds__rdf_kind kind;
	char *value, *lang, *datatype; /* in the graph's string arena */
} term;

/* Strings of the graph, allocated in large chunks and freed together: a term's
 * text is never freed alone, and a malloc per term was a tenth of the import. */
typedef struct arena_chunk {
	struct arena_chunk *next;
	size_t used, cap;
	char data[];
} arena_chunk;

typedef struct graph {
	term *terms;
	size_t nterms, capterms;
	size_t *slots; /* term index + 1 */
	size_t nslots;
	size_t (*tr)[3];
	size_t ntr, captr;
	size_t *tslots; /* triple index + 1: the set of triples (dropped once parsed) */
	size_t ntslots;
	size_t *first; /* CSR by subject: triples of term t are idx[first[t] .. first[t+1]) */
	size_t *idx;
	arena_chunk *arena;
	size_t last_subject; /* the previous statement's subject + 1 (documents group by subject) */
	int failed;
} graph;

/* ---------------------------------------------------------------- the graph */

/* The order-free digest of a term (blank-node labels and identifiers depend on it: never change it). */
static uint64_t term_hash(ds__rdf_kind kind, const char *v, const char *lang, const char *dt)
{
	uint64_t h = dcat__hash(v, strlen(v), (uint64_t)kind);

	if (lang)
		h = dcat__hash(lang, strlen(lang), h ^ 0x51);
	if (dt)
		h = dcat__hash(dt, strlen(dt), h ^ 0x77);
	return h;
}

/* A fast hash for the lookup tables and sets only (8 bytes a step; nothing depends on its values). */
static uint64_t bytes_hash(const char *text, size_t len, uint64_t h)
{
	size_t i;
	uint64_t w;

	h ^= (uint64_t)len * 0x9E3779B97F4A7C15ULL;
	for (i = 0; i + 8 <= len; i += 8) {
		memcpy(&w, text + i, 8);
		h = (h ^ w) * 0xFF51AFD7ED558CCDULL;
		h ^= h >> 32;
	}
	w = 0;
	memcpy(&w, text + i, len - i);
	h = (h ^ w) * 0xC4CEB9FE1A85EC53ULL;
	h ^= h >> 29;
	h *= 0xFF51AFD7ED558CCDULL;
	h ^= h >> 32;
	return h ? h : 1;
}

static uint64_t table_hash(const char *text, uint64_t h)
{
	return bytes_hash(text, strlen(text), h);
}

static uint64_t term_key(ds__rdf_kind kind, const char *v, const char *lang, const char *dt)
{
	uint64_t h = table_hash(v, (uint64_t)kind);

	if (lang)
		h = table_hash(lang, h ^ 0x51);
	if (dt)
		h = table_hash(dt, h ^ 0x77);
	return h;
}

static char *arena_copy(graph *g, const char *s)
{
	size_t n = strlen(s) + 1;
	char *p;

	if (!g->arena || g->arena->cap - g->arena->used < n) {
		size_t cap = n > 65536 / 4 ? n : 65536 - sizeof(arena_chunk);
		arena_chunk *c = ds__malloc(sizeof *c + cap);
		if (!c)
			return NULL;
		c->cap = cap;
		c->used = 0;
		if (g->arena && n > 65536 / 4) { /* a large string: a chunk of its own, behind the current one */
			c->next = g->arena->next;
			g->arena->next = c;
		} else {
			c->next = g->arena;
			g->arena = c;
		}
		p = c->data + c->used;
		c->used += n;
		return memcpy(p, s, n);
	}
	p = g->arena->data + g->arena->used;
	g->arena->used += n;
	return memcpy(p, s, n);
}

static int same(const char *a, const char *b)
{
	return a == b || (a && b && strcmp(a, b) == 0);
}

/* The index of a term; inserted when @insert. (size_t)-1 when absent or on failure. */
static size_t intern(graph *g, const ds__rdf_term *t, int insert)
{
	uint64_t h = term_key(t->kind, t->value, t->lang, t->datatype);
	size_t i, k;
	term *n;

	if (insert && 2 * (g->nterms + 1) > g->nslots) {
		size_t cap = g->nslots ? g->nslots * 2 : 1024;
		size_t *slots = ds__calloc(cap, sizeof *slots);
		if (!slots) {
			g->failed = 1;
			return (size_t)-1;
		}
		for (k = 0; k < g->nterms; k++) {
			term *x = &g->terms[k];
			for (i = (size_t)(term_key(x->kind, x->value, x->lang, x->datatype) & (cap - 1)); slots[i];
			     i = (i + 1) & (cap - 1))
				;
			slots[i] = k + 1;
		}
		ds__free(g->slots);
		g->slots = slots;
		g->nslots = cap;
	}
	if (!g->nslots)
		return (size_t)-1;
	for (i = (size_t)(h & (g->nslots - 1)); g->slots[i]; i = (i + 1) & (g->nslots - 1)) {
		term *x = &g->terms[g->slots[i] - 1];
		if (x->kind == t->kind && strcmp(x->value, t->value) == 0 && same(x->lang, t->lang) &&
		    same(x->datatype, t->datatype))
			return g->slots[i] - 1;
	}
	if (!insert)
		return (size_t)-1;
	if (g->nterms == g->capterms) {
		size_t cap = g->capterms ? g->capterms * 2 : 1024;
		term *grown = ds__realloc(g->terms, cap * sizeof *grown);
		if (!grown) {
			g->failed = 1;
			return (size_t)-1;
		}
		g->terms = grown;
		g->capterms = cap;
	}
	n = &g->terms[g->nterms];
	n->kind = t->kind;
	n->lang = n->datatype = NULL;
	/* tags and datatypes repeat: share the previous literal's copy when it is the same */
	if (t->lang) {
		const term *prev = g->nterms ? &g->terms[g->nterms - 1] : NULL;
		n->lang = prev && prev->lang && strcmp(prev->lang, t->lang) == 0 ? prev->lang : arena_copy(g, t->lang);
	} else if (t->datatype) {
		const term *prev = g->nterms ? &g->terms[g->nterms - 1] : NULL;
		n->datatype = prev && prev->datatype && strcmp(prev->datatype, t->datatype) == 0 ?
				      prev->datatype :
				      arena_copy(g, t->datatype);
	}
	n->value = arena_copy(g, t->value);
	if (!n->value || (t->lang && !n->lang) || (t->datatype && !t->lang && !n->datatype)) {
		g->failed = 1;
		return (size_t)-1;
	}
	g->slots[i] = ++g->nterms;
	return g->nterms - 1;
}

static size_t iri_id(graph *g, const char *iri)
{
	ds__rdf_term t = { DS__RDF_IRI, iri, NULL, NULL };

	return intern(g, &t, 0);
}

static uint64_t triple_hash(size_t a, size_t b, size_t c)
{
	uint64_t h = (uint64_t)a * 0x9E3779B97F4A7C15ULL;

	h ^= (uint64_t)b * 0xC2B2AE3D27D4EB4FULL + (h << 6);
	h ^= (uint64_t)c * 0x165667B19E3779F9ULL + (h >> 2);
	return h ^ (h >> 29);
}

static int add_triple(void *ctx, const ds__rdf_term *s, const ds__rdf_term *p, const ds__rdf_term *o)
{
	graph *g = ctx;
	size_t a, b, c;

	uint64_t h;
	size_t i;

	/* the subject of the previous statement again (RDF/XML and Turtle group by subject) */
	if (g->last_subject && g->terms[g->last_subject - 1].kind == s->kind &&
	    strcmp(g->terms[g->last_subject - 1].value, s->value) == 0)
		a = g->last_subject - 1;
	else
		a = intern(g, s, 1);
	b = intern(g, p, 1);
	c = intern(g, o, 1);
	if (g->failed)
		return ds__enomem();
	g->last_subject = a + 1;
	/* a graph is a set: a triple stated again (a publisher described with every dataset) is
	 * kept once, which keeps each dataset's description small */
	if (2 * (g->ntr + 1) > g->ntslots) {
		size_t cap = g->ntslots ? g->ntslots * 2 : 2048, k;
		size_t *slots = ds__calloc(cap, sizeof *slots);
		if (!slots)
			return ds__enomem();
		for (k = 0; k < g->ntr; k++) {
			for (i = (size_t)(triple_hash(g->tr[k][0], g->tr[k][1], g->tr[k][2]) & (cap - 1)); slots[i];
			     i = (i + 1) & (cap - 1))
				;
			slots[i] = k + 1;
		}
		ds__free(g->tslots);
		g->tslots = slots;
		g->ntslots = cap;
	}
	h = triple_hash(a, b, c);
	for (i = (size_t)(h & (g->ntslots - 1)); g->tslots[i]; i = (i + 1) & (g->ntslots - 1)) {
		const size_t *x = g->tr[g->tslots[i] - 1];
		if (x[0] == a && x[1] == b && x[2] == c)
			return DS_OK;
	}
	g->tslots[i] = g->ntr + 1;
	if (g->ntr == g->captr) {
		size_t cap = g->captr ? g->captr * 2 : 1024;
		size_t(*grown)[3] = ds__realloc(g->tr, cap * sizeof *grown);
		if (!grown)
			return ds__enomem();
		g->tr = grown;
		g->captr = cap;
	}
	g->tr[g->ntr][0] = a;
	g->tr[g->ntr][1] = b;
	g->tr[g->ntr][2] = c;
	g->ntr++;
	return DS_OK;
}

static int index_graph(graph *g)
{
	size_t i;

	if (!(g->first = ds__calloc(g->nterms + 1, sizeof *g->first)) ||
	    !(g->idx = ds__malloc((g->ntr ? g->ntr : 1) * sizeof *g->idx)))
		return ds__enomem();
	/* the set of triples is not needed once the document is read */
	ds__free(g->tslots);
	g->tslots = NULL;
	g->ntslots = 0;
	for (i = 0; i < g->ntr; i++)
		g->first[g->tr[i][0] + 1]++;
	for (i = 0; i < g->nterms; i++)
		g->first[i + 1] += g->first[i];
	{
		size_t *fill = ds__malloc((g->nterms + 1) * sizeof *fill);
		if (!fill)
			return ds__enomem();
		memcpy(fill, g->first, (g->nterms + 1) * sizeof *fill);
		for (i = 0; i < g->ntr; i++)
			g->idx[fill[g->tr[i][0]]++] = i;
		ds__free(fill);
	}
	return DS_OK;
}

static void graph_dispose(graph *g)
{
	while (g->arena) {
		arena_chunk *next = g->arena->next;
		ds__free(g->arena);
		g->arena = next;
	}
	ds__free(g->terms);
	ds__free(g->slots);
	ds__free(g->tr);
	ds__free(g->tslots);
	ds__free(g->first);
	ds__free(g->idx);
}

/* Iterate the objects of (@s, @p): for (k = g->first[s]; ...) with a predicate filter. */
#define EACH(g, s, k, t) for ((k) = (g)->first[s]; (k) < (g)->first[(s) + 1] && ((t) = (g)->tr[(g)->idx[k]], 1); (k)++)

static int has_type(const graph *g, size_t s, size_t type_p, size_t type)
{
	size_t k;
	const size_t *t;

	if (s == (size_t)-1 || type_p == (size_t)-1 || type == (size_t)-1)
		return 0;
	EACH(g, s, k, t)
	if (t[1] == type_p && t[2] == type)
		return 1;
	return 0;
}

/* ---------------------------------------------------------------- choosing values */

/* The classes import looks up for every node it reaches, as bits of importer.classes
 * (an index: a node with many triples, such as the catalogue, is not scanned again). */
enum { CLASS_DATASET = 1, CLASS_CATALOG = 2, CLASS_SCHEME = 8, CLASS_RECORD = 16 };
#define CLASS_STOPS (CLASS_DATASET | CLASS_CATALOG | CLASS_SCHEME) /* a series is entered: stops() */

typedef struct importer {
	graph g;
	ds_catalog *catalog;
	/* predicate and class ids (or -1) */
	size_t p_type, c_dataset, c_catalog, c_record, c_scheme, p_topic, p_extension;
	size_t *ids_term; /* dataset term per dataset index */
	char **ids;	  /* identifier per dataset index */
	size_t ndatasets;
	size_t *id_slots; /* identifier hash -> dataset index + 1 (the first with that identifier) */
	size_t nid_slots;
	size_t *same_next;	/* per dataset index: the next one with the same identifier + 1, or 0 */
	size_t *primary;	/* per first dataset index of an identifier: the index of its entry's node */
	unsigned *mark;		/* per term: the dataset number that visited it */
	unsigned char *classes; /* per term: the CLASS_ bits of its rdf:type */
	size_t *brank;		/* per term: its canonical blank label number in the dataset being read, or 0 */
	size_t *dindex;		/* per term: its dataset index + 1, or 0 */
	size_t *tfirst, *tidx;	/* foaf:primaryTopic triples by object (CSR) */
	unsigned stamp;
	ds__buf tmp, tmp2;
	const char *name;
	char *base; /* the base the document's catalogue was exported with: IRIs it mints are not kept */
	ds__buf minted;
	/* where a mapped entry goes: NULL adds it to @catalog; else called with it: a return above 0
	 * says it took the entry, else the entry is still the caller's and the return is the
	 * importer's result (the streamed import writes it, or keeps it to be written in order) */
	int (*emit)(void *ctx, ds_resource *r);
	void *emit_ctx;
	int rc;
} importer;

static const char *minted(importer *im, const char *path)
{
	ds__buf_clear(&im->minted);
	ds__buf_puts(&im->minted, im->base);
	ds__buf_puts(&im->minted, path);
	return im->minted.data;
}

static size_t P(importer *im, const char *iri)
{
	return iri_id(&im->g, iri);
}

/* The classes and predicates every import looks up, once the graph is indexed. */
static void intern_classes(importer *im)
{
	im->p_type = P(im, DCAT_RDF "type");
	im->c_dataset = P(im, DCAT_NS "Dataset");
	im->c_catalog = P(im, DCAT_NS "Catalog");
	im->c_record = P(im, DCAT_NS "CatalogRecord");
	im->c_scheme = P(im, DCAT_SKOS "ConceptScheme");
	im->p_topic = P(im, DCAT_FOAF "primaryTopic");
	im->p_extension = P(im, DCAT_DS "extension");
}

static int lang_is(const char *tag, const char *want)
{
	size_t n = strlen(want);

	if (!tag || !want)
		return !tag && !want;
	return strncasecmp(tag, want, n) == 0 && (tag[n] == '\0' || tag[n] == '-') && strlen(tag) == strlen(want);
}

static int is_zh(const char *tag)
{
	return tag && strncasecmp(tag, "zh", 2) == 0 && (tag[2] == '\0' || tag[2] == '-');
}

/* The literal of (@s, @p) in language @lang (NULL: untagged); else untagged; else the
 * smallest tag. Among equals the smallest text. */
static const term *pick_term(importer *im, size_t s, const char *predicate, const char *lang);

static const char *pick_literal(importer *im, size_t s, const char *predicate, const char *lang)
{
	const term *best = pick_term(im, s, predicate, lang);

	return best ? best->value : NULL;
}

/* The literal pick_literal() reads, or NULL. */
static const term *pick_term(importer *im, size_t s, const char *predicate, const char *lang)
{
	graph *g = &im->g;
	size_t p = P(im, predicate), k;
	const size_t *t;
	const term *best = NULL;
	int best_rank = 9;

	if (s == (size_t)-1 || p == (size_t)-1)
		return NULL;
	EACH(g, s, k, t)
	{
		const term *o = &g->terms[t[2]];
		int rank;
		if (t[1] != p || o->kind != DS__RDF_LITERAL)
			continue;
		rank = lang && o->lang && strcasecmp(o->lang, lang) == 0 ? 0 : !o->lang ? 1 : 2;
		if (!lang && !o->lang)
			rank = 0;
		if (!best || rank < best_rank ||
		    (rank == best_rank && rank == 2 && strcasecmp(o->lang, best->lang) < 0) ||
		    (rank == best_rank && (rank < 2 || strcasecmp(o->lang, best->lang) == 0) &&
		     strcmp(o->value, best->value) < 0)) {
			best = o;
			best_rank = rank;
		}
	}
	return best;
}

/* The smallest non-literal object of (@s, @p) (IRIs before blank nodes), or -1. */
static size_t pick_node(importer *im, size_t s, const char *predicate)
{
	graph *g = &im->g;
	size_t p = P(im, predicate), k, best = (size_t)-1;
	const size_t *t;

	if (s == (size_t)-1 || p == (size_t)-1)
		return best;
	EACH(g, s, k, t)
	{
		const term *o = &g->terms[t[2]];
		if (t[1] != p || o->kind == DS__RDF_LITERAL)
			continue;
		if (best == (size_t)-1 || (o->kind < g->terms[best].kind) ||
		    (o->kind == g->terms[best].kind && strcmp(o->value, g->terms[best].value) < 0))
			best = t[2];
	}
	return best;
}

/* An IRI or literal value of (@s, @p): IRIs first, the smallest. */
static const char *pick_value(importer *im, size_t s, const char *predicate)
{
	size_t n = pick_node(im, s, predicate);

	if (n != (size_t)-1 && im->g.terms[n].kind == DS__RDF_IRI)
		return im->g.terms[n].value;
	return pick_literal(im, s, predicate, NULL);
}

/* A label for a node: the literal of the first of the given properties that has one. */
static const char *label_of(importer *im, size_t node, const char *lang)
{
	static const char *const props[] = { DCAT_FOAF "name", DCAT_SKOS "prefLabel",	       DCAT_RDFS "label",
					     DCAT_VCARD "fn",  DCAT_VCARD "organization-name", DCAT_DCT "title" };
	const char *v;
	size_t i;

	for (i = 0; i < sizeof props / sizeof props[0]; i++)
		if ((v = pick_literal(im, node, props[i], lang)) != NULL)
			return v;
	return NULL;
}

static int has_literal_in(importer *im, size_t s, const char *predicate, const char *lang)
{
	graph *g = &im->g;
	size_t p = P(im, predicate), k;
	const size_t *t;

	if (p == (size_t)-1)
		return 0;
	EACH(g, s, k, t)
	if (t[1] == p && g->terms[t[2]].lang && strcasecmp(g->terms[t[2]].lang, lang) == 0)
		return 1;
	return 0;
}

/* The entry's primary language (docs/catalog.md): NULL for untagged. */
static const char *primary_language(importer *im, size_t d)
{
	graph *g = &im->g;
	size_t p_title = P(im, DCAT_DCT "title"), p_desc = P(im, DCAT_DCT "description"),
	       p_kw = P(im, DCAT_NS "keyword"), p_lang = P(im, DCAT_DCT "language"), k, j;
	const size_t *t, *u;
	const char *best = NULL, *declared = NULL;
	size_t best_n = 0;
	int any_tag = 0;

	EACH(g, d, k, t)
	{
		const term *o = &g->terms[t[2]];
		if (t[1] == p_title && o->kind == DS__RDF_LITERAL && is_zh(o->lang) &&
		    (!best || strcmp(o->lang, best) < 0))
			best = o->lang;
	}
	if (best)
		return best;
	EACH(g, d, k, t)
	{
		const char *tag;
		if (t[1] != p_lang || !(tag = dcat__language_tag(g->terms[t[2]].value)))
			continue;
		EACH(g, d, j, u)
		if (u[1] == p_title && g->terms[u[2]].lang && lang_is(g->terms[u[2]].lang, tag) &&
		    (!declared || strcmp(g->terms[u[2]].lang, declared) < 0))
			declared = g->terms[u[2]].lang;
	}
	if (declared)
		return declared;
	EACH(g, d, k, t)
	{
		const term *o = &g->terms[t[2]];
		size_t n = 0;
		if ((t[1] != p_title && t[1] != p_desc && t[1] != p_kw) || o->kind != DS__RDF_LITERAL || !o->lang)
			continue;
		any_tag = 1;
		EACH(g, d, j, u)
		if ((u[1] == p_title || u[1] == p_desc || u[1] == p_kw) && g->terms[u[2]].lang &&
		    strcasecmp(g->terms[u[2]].lang, o->lang) == 0)
			n++;
		if (n > best_n || (n == best_n && best && strcmp(o->lang, best) < 0)) {
			best = o->lang;
			best_n = n;
		}
	}
	/* a title only untagged keeps the untagged text primary */
	if (pick_literal(im, d, DCAT_DCT "title", NULL) && best && !has_literal_in(im, d, DCAT_DCT "title", best))
		return NULL;
	return any_tag ? best : NULL;
}

/* ---------------------------------------------------------------- identity */

/* A digest of what a node says (its literals and IRIs, sorted), for blank nodes. */
static uint64_t node_digest(importer *im, size_t n, int depth)
{
	graph *g = &im->g;
	uint64_t sum = 0x9e3779b97f4a7c15ULL, x;
	size_t k;
	const size_t *t;

	EACH(g, n, k, t)
	{
		const term *p = &g->terms[t[1]], *o = &g->terms[t[2]];
		x = dcat__hash(p->value, strlen(p->value), 3);
		if (o->kind == DS__RDF_BLANK)
			x ^= depth < 3 && t[2] != n ? node_digest(im, t[2], depth + 1) * 31 : 0x5bd1e995;
		else
			x = term_hash(o->kind, o->value, o->lang, o->datatype) ^ (x * 1099511628211ULL);
		sum += x * 0x2545F4914F6CDD1DULL; /* order-free */
	}
	return sum;
}

static char *identifier_of(importer *im, size_t d)
{
	const char *id = pick_literal(im, d, DCAT_DCT "identifier", NULL);
	char buf[48];

	if (id && *id)
		return ds__strdup(id);
	if (im->g.terms[d].kind == DS__RDF_IRI)
		return ds__strdup(im->g.terms[d].value);
	snprintf(buf, sizeof buf, "_:%016llx", (unsigned long long)node_digest(im, d, 0));
	return ds__strdup(buf);
}

static uint64_t id_hash(const char *id)
{
	return table_hash(id, 11);
}

/* The first dataset index with identifier @id, or -1. */
static size_t find_id(importer *im, const char *id)
{
	size_t i;

	if (!im->nid_slots)
		return (size_t)-1;
	for (i = (size_t)(id_hash(id) & (im->nid_slots - 1)); im->id_slots[i]; i = (i + 1) & (im->nid_slots - 1))
		if (strcmp(im->ids[im->id_slots[i] - 1], id) == 0)
			return im->id_slots[i] - 1;
	return (size_t)-1;
}

/* The label export gives blank dataset node number @j ("_:ds…", dcat__dataset_label). */
static void dataset_node_label(importer *im, ds__buf *b, size_t j)
{
	size_t head = find_id(im, im->ids[j]);
	char digest[24];

	if (head == (size_t)-1 || im->primary[head] == j) {
		dcat__dataset_label(b, im->ids[j], NULL);
		return;
	}
	snprintf(digest, sizeof digest, "%016llx", (unsigned long long)node_digest(im, im->ids_term[j], 0));
	dcat__dataset_label(b, im->ids[j], digest);
}

static const char *related_iri(void *ctx, const char *id)
{
	importer *im = ctx;
	size_t i = find_id(im, id);

	if (i == (size_t)-1)
		return NULL;
	i = im->primary[i];
	if (im->g.terms[im->ids_term[i]].kind == DS__RDF_IRI)
		return im->g.terms[im->ids_term[i]].value;
	ds__buf_clear(&im->tmp2);
	dataset_node_label(im, &im->tmp2, i);
	return im->tmp2.oom ? NULL : im->tmp2.data;
}

/* ---------------------------------------------------------------- a dataset's description */

typedef struct closure {
	size_t *triples, count, cap;
	size_t *nodes, nnodes, capnodes;
} closure;

static int push(size_t **a, size_t *n, size_t *cap, size_t v)
{
	if (*n == *cap) {
		size_t c = *cap ? *cap * 2 : 64;
		size_t *grown = ds__realloc(*a, c * sizeof *grown);
		if (!grown)
			return ds__enomem();
		*a = grown;
		*cap = c;
	}
	(*a)[(*n)++] = v;
	return DS_OK;
}

/* The nodes a description does not enter: other datasets (entries of their own), catalogues
 * and concept schemes. A dcat:DatasetSeries a dataset reaches (dcat:inSeries) is entered: the
 * native model has no series, so its triples are kept with each member's residual triples and
 * written once per document (an IRI series; export's shared set). */
static int stops(importer *im, size_t node)
{
	return (im->classes[node] & CLASS_STOPS) != 0;
}

static int visit(importer *im, closure *c, size_t node)
{
	if (im->mark[node] == im->stamp)
		return DS_OK;
	im->mark[node] = im->stamp;
	return push(&c->nodes, &c->nnodes, &c->capnodes, node);
}

/* 1 when the triple (@n, p, @o) of a node @n that dataset @d's description entered is left to
 * another entry's description: @o is a dataset of another identifier that links to @n itself,
 * so its description enters @n and keeps the triple. A series listing its members (or an agent
 * its datasets) is then not copied whole into every member's residual triples. */
static int left_to_other(importer *im, size_t d, size_t n, size_t o)
{
	graph *g = &im->g;
	size_t k;
	const size_t *t;

	if (n == d || o == d || im->dindex[n] || !im->dindex[o] ||
	    strcmp(im->ids[im->dindex[o] - 1], im->ids[im->dindex[d] - 1]) == 0)
		return 0;
	EACH(g, o, k, t)
	if (t[2] == n)
		return 1;
	return 0;
}

/* The triples describing dataset @d: its own, those of every blank node and every IRI that is
 * not a dataset or catalogue it reaches, and those of its catalogue records; never those of
 * ds:extension nodes (native extensions). */
static int describe(importer *im, closure *c, size_t d, const size_t *records, size_t nrecords)
{
	graph *g = &im->g;
	size_t i, k;
	const size_t *t;
	int rc = DS_OK;

	im->stamp++;
	c->count = c->nnodes = 0;
	if ((rc = visit(im, c, d)) < 0)
		return rc;
	for (i = 0; i < nrecords && rc == DS_OK; i++)
		rc = visit(im, c, records[i]);
	for (i = 0; i < c->nnodes && rc == DS_OK; i++) {
		size_t n = c->nodes[i];
		EACH(g, n, k, t)
		{
			if ((t[1] == im->p_extension && n == d) || left_to_other(im, d, n, t[2]))
				continue;
			if ((rc = push(&c->triples, &c->count, &c->cap, g->idx[k])) < 0)
				break;
			if (g->terms[t[2]].kind != DS__RDF_LITERAL && t[2] != d &&
			    g->first[t[2] + 1] > g->first[t[2]] && !stops(im, t[2]) && (rc = visit(im, c, t[2])) < 0)
				break;
		}
	}
	return rc;
}

/* Canonical labels of the blank nodes of a description: "self" for the dataset, "nK" for the
 * others in the order of their digests. */
typedef struct labels {
	size_t *node;
	uint64_t *digest;
	size_t n;
} labels;

static _Thread_local const labels *sort_labels;

static int by_digest(const void *a, const void *b)
{
	size_t i = *(const size_t *)a, j = *(const size_t *)b;
	uint64_t x = sort_labels->digest[i], y = sort_labels->digest[j];

	return x < y ? -1 : x > y ? 1 : (i > j) - (i < j);
}

static void term_text(importer *im, ds__buf *b, size_t id, size_t d, const labels *l, const size_t *rank)
{
	const term *x = &im->g.terms[id];
	ds__rdf_term t = { x->kind, x->value, x->lang, x->datatype };

	(void)l;
	(void)rank;
	if (x->kind == DS__RDF_BLANK) {
		if (id == d) {
			ds__buf_puts(b, "_:self");
			return;
		}
		if (im->dindex[id]) { /* another blank dataset node: the label export gives it */
			dataset_node_label(im, b, im->dindex[id] - 1);
			return;
		}
		if (im->brank[id]) {
			ds__buf_printf(b, "_:n%zu", im->brank[id]);
			return;
		}
	}
	ds__rdf_term_nt(b, &t);
}

/* ---------------------------------------------------------------- mapping one dataset */

static const char *kept_ref(importer *im, size_t node, size_t d, const labels *l, const size_t *rank,
			    const char *minted_prefix)
{
	ds__buf_clear(&im->tmp);
	term_text(im, &im->tmp, node, d, l, rank);
	if (!im->tmp.data || im->tmp.oom)
		return NULL;
	if (im->tmp.data[0] == '<') { /* an IRI: without its brackets, unless the export mints it */
		im->tmp.data[im->tmp.len - 1] = '\0';
		if (minted_prefix && strncmp(im->tmp.data + 1, minted_prefix, strlen(minted_prefix)) == 0)
			return NULL;
		return im->tmp.data + 1;
	}
	return im->tmp.data;
}

static void set_field(importer *im, ds_resource *r, ds_field f, const char *v)
{
	int rc;

	if (im->rc < 0 || !v || r->fields[f])
		return;
	if ((rc = ds_resource_set(r, f, v)) == DS_EPARSE)
		return; /* a control character: the triple stays in the extension */
	im->rc = rc;
}

static void set_ext(importer *im, ds_resource *r, const char *key, const char *v)
{
	if (im->rc == DS_OK && v && *v)
		im->rc = ds_resource_extension_set(r, DCAT_EXT, key, v);
}

/* The datatype of the literal field @f was read from, when export would write another one:
 * export writes the field as the source had it (extension "<key>-datatype": the datatype IRI, or
 * "none" for a plain literal), so that it is not written once mapped and again from the
 * residual triples in its source form. Only when the field holds the literal's text unchanged. */
static void keep_datatype(importer *im, ds_resource *r, size_t d, const char *predicate, ds_field f, const char *key,
			  const char *exported)
{
	const term *o = pick_term(im, d, predicate, NULL);
	char name[64];

	if (im->rc < 0 || !o || o->lang || !r->fields[f] || strcmp(r->fields[f], o->value) != 0)
		return;
	if (o->datatype ? exported && strcmp(o->datatype, exported) == 0 : !exported)
		return;
	snprintf(name, sizeof name, "%s-datatype", key);
	set_ext(im, r, name, o->datatype ? o->datatype : "none");
}

/* The label @f of @node was read from a @predicate literal whose language tag is not the one
 * export writes it with (the entry's language @lang, none when NULL): extension "<key>-lang"
 * (the source's tag, or "none" for an untagged literal) has export write it as the source
 * did, not in its own form and again in the source's from the residual triples. */
static void keep_lang(importer *im, ds_resource *r, size_t node, const char *predicate, ds_field f, const char *key,
		      const char *lang)
{
	const term *o = pick_term(im, node, predicate, lang);
	char name[64];

	if (im->rc < 0 || !o || o->datatype || !r->fields[f] || strcmp(r->fields[f], o->value) != 0)
		return;
	if (o->lang ? lang && strcmp(o->lang, lang) == 0 : !lang)
		return;
	snprintf(name, sizeof name, "%s-lang", key);
	set_ext(im, r, name, o->lang ? o->lang : "none");
}

static const char *date_part(const char *value, char *buf)
{
	if (value && strlen(value) > 10 && value[4] == '-' && value[7] == '-' && value[10] == 'T') {
		memcpy(buf, value, 10);
		buf[10] = '\0';
		return buf;
	}
	return value;
}

/* A code-list value given as a literal or as a concept (its skos:prefLabel). */
static const char *concept_value(importer *im, size_t s, const char *predicate)
{
	size_t n = pick_node(im, s, predicate);
	const char *v = pick_literal(im, s, predicate, "zh");

	if (v)
		return v;
	return n != (size_t)-1 ? pick_literal(im, n, DCAT_SKOS "prefLabel", "zh") : NULL;
}

static int is_eu(const char *iri, const char *table)
{
	size_t n = strlen(DCAT_EU);

	return iri && strncmp(iri, DCAT_EU, n) == 0 && strncmp(iri + n, table, strlen(table)) == 0;
}

/* 1 when export would write @iri for its term anyway (then it need not be kept). */
static int exported_as(importer *im, int (*to_iri)(ds__buf *, const char *), const char *iri)
{
	const char *name = NULL;

	if (to_iri == dcat__frequency_iri)
		name = dcat__frequency_term(iri);
	else if (to_iri == dcat__access_iri)
		name = dcat__access_term(iri);
	else
		name = dcat__file_type_term(iri);
	return name && to_iri(&im->tmp2, name) == 1 && strcmp(im->tmp2.data, iri) == 0;
}

static void read_distribution(importer *im, ds_resource *r, size_t dist, const char *lang)
{
	graph *g = &im->g;
	size_t fmt = pick_node(im, dist, DCAT_DCT "format"), svc, schema, k;
	const char *v = pick_literal(im, dist, DCAT_DS "format", "zh");
	const size_t *t;

	if (!v && fmt != (size_t)-1) {
		v = dcat__file_type_term(g->terms[fmt].value);
		if (!v)
			v = dcat__file_type_term(label_of(im, fmt, NULL));
	}
	if (!v && (v = pick_literal(im, dist, DCAT_DCT "format", NULL)) != NULL)
		v = dcat__file_type_term(v);
	if (!v)
		v = dcat__file_type_term(pick_value(im, dist, DCAT_NS "mediaType"));
	set_field(im, r, DS_FIELD_FORMAT, v);
	if (fmt != (size_t)-1 && is_eu(g->terms[fmt].value, "file-type/") &&
	    dcat__file_type_term(g->terms[fmt].value) && !exported_as(im, dcat__file_type_iri, g->terms[fmt].value))
		set_ext(im, r, "file-type", g->terms[fmt].value);
	if ((svc = pick_node(im, dist, DCAT_NS "accessService")) != (size_t)-1) {
		set_field(im, r, DS_FIELD_SERVICE_ADDRESS, pick_value(im, svc, DCAT_NS "endpointURL"));
		set_field(im, r, DS_FIELD_SERVICE_ADDRESS, pick_literal(im, svc, DCAT_DS "serviceAddress", NULL));
		set_field(im, r, DS_FIELD_SERVICE_TYPE, pick_literal(im, svc, DCAT_DS "serviceType", NULL));
	}
	/* the access URL is the online link, unless it is the service's endpoint (export's fallback) */
	if ((v = pick_value(im, dist, DCAT_NS "accessURL")) != NULL && !same(v, r->fields[DS_FIELD_SERVICE_ADDRESS]))
		set_field(im, r, DS_FIELD_ONLINE_LINK, v);
	if ((schema = pick_node(im, dist, DCAT_DCT "conformsTo")) != (size_t)-1 &&
	    has_type(g, schema, im->p_type, P(im, DCAT_CSVW "Schema"))) {
		/* columns in the order of their IRIs' numbers (…/column/N) */
		size_t p_col = P(im, DCAT_CSVW "column"), *cols = NULL, ncols = 0, cap = 0, i, j;
		EACH(g, schema, k, t)
		if (t[1] == p_col && push(&cols, &ncols, &cap, t[2]) < 0)
			im->rc = ds__enomem();
		for (i = 1; i < ncols; i++)
			for (j = i; j > 0; j--) {
				const char *a = g->terms[cols[j - 1]].value, *b = g->terms[cols[j]].value;
				size_t la = strlen(a), lb = strlen(b);
				if (la < lb || (la == lb && strcmp(a, b) <= 0))
					break;
				k = cols[j - 1], cols[j - 1] = cols[j], cols[j] = k;
			}
		for (i = 0; i < ncols && im->rc == DS_OK; i++) {
			const char *name = pick_literal(im, cols[i], DCAT_CSVW "name", lang);
			const char *type = pick_literal(im, cols[i], DCAT_DS "itemType", NULL);
			const char *len = pick_literal(im, cols[i], DCAT_CSVW "maxLength", NULL);
			int rc;
			if (!type)
				type = concept_value(im, cols[i], DCAT_DCT "type");
			if (!name)
				continue;
			rc = ds_resource_item_insert(r, (size_t)-1, name, type, len ? strtol(len, NULL, 10) : 0,
						     pick_literal(im, cols[i], DCAT_DCT "description", lang));
			if (rc < 0 && rc != DS_EEXISTS && rc != DS_ERANGE && rc != DS_EPARSE)
				im->rc = rc;
		}
		ds__free(cols);
	}
}

/* The distribution whose fields the entry holds: the one with the smallest access URL, then
 * the smallest digest (independent of the document's order). */
static size_t main_distribution(importer *im, size_t d)
{
	graph *g = &im->g;
	size_t p = P(im, DCAT_NS "distribution"), k, best = (size_t)-1;
	const size_t *t;
	const char *best_url = NULL;
	uint64_t best_digest = 0;

	if (p == (size_t)-1)
		return best;
	EACH(g, d, k, t)
	{
		const char *url;
		uint64_t digest;
		int better;
		if (t[1] != p || g->terms[t[2]].kind == DS__RDF_LITERAL)
			continue;
		url = pick_value(im, t[2], DCAT_NS "accessURL");
		digest = g->terms[t[2]].kind == DS__RDF_BLANK ?
				 node_digest(im, t[2], 0) :
				 dcat__hash(g->terms[t[2]].value, strlen(g->terms[t[2]].value), 5);
		better = best == (size_t)-1 || (url && !best_url) || (url && best_url && strcmp(url, best_url) < 0) ||
			 (same(url, best_url) && digest < best_digest);
		if (better) {
			best = t[2];
			best_url = url;
			best_digest = digest;
		}
	}
	return best;
}

typedef struct lines {
	char **v;
	size_t n, cap;
} lines;

/* What export writes for an entry, as a set of line hashes; one buffer for every line. */
typedef struct collector {
	dcat_set *set;
	ds__buf *line;
} collector;

static int collect_line(void *ctx, const ds__rdf_term *s, const ds__rdf_term *p, const ds__rdf_term *o)
{
	collector *c = ctx;
	ds__buf *b = c->line;
	int rc;

	ds__buf_clear(b);
	ds__rdf_term_nt(b, s);
	ds__buf_putc(b, ' ');
	ds__rdf_term_nt(b, p);
	ds__buf_putc(b, ' ');
	ds__rdf_term_nt(b, o);
	rc = b->oom ? ds__enomem() : dcat__set_add(c->set, bytes_hash(b->data, b->len, 1));
	return rc < 0 ? rc : DS_OK;
}

static int by_string(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

/* Push the catalogue records about dataset node @d (foaf:primaryTopic d). */
static int push_records(importer *im, size_t **records, size_t *n, size_t *cap, size_t d)
{
	graph *g = &im->g;
	size_t k;
	int rc;

	for (k = im->tfirst[d]; k < im->tfirst[d + 1]; k++)
		if ((im->classes[g->tr[im->tidx[k]][0]] & CLASS_RECORD) &&
		    (rc = push(records, n, cap, g->tr[im->tidx[k]][0])) < 0)
			return rc;
	return DS_OK;
}

/* Keyword literals by text (RDF has no order), the tagged one first among equal texts. */
static int by_keyword(const void *a, const void *b)
{
	const term *x = *(const term *const *)a, *y = *(const term *const *)b;
	int c = strcmp(x->value, y->value);

	return c ? c : (x->lang == NULL) - (y->lang == NULL);
}

/* The keywords in the primary language @lang and the untagged ones. The native list has no
 * language per keyword and export tags every keyword with the entry's language, so when @lang
 * is set the keywords that came untagged are listed (one a line) in the extension
 * "untagged-keywords", and export writes them untagged: the keyword is then neither tagged nor
 * kept a second time in the residual triples. A keyword both untagged and tagged is kept
 * tagged (the untagged literal stays in the residual triples). */
static void read_keywords(importer *im, ds_resource *r, size_t d, const char *lang)
{
	graph *g = &im->g;
	size_t p_kw = P(im, DCAT_NS "keyword"), k, nk = 0, i;
	const size_t *t;
	const term **kws = NULL;
	ds_list list = DS_LIST_KEYWORDS;
	ds__buf untagged = DS__BUF_INIT;

	if (im->rc < 0 || p_kw == (size_t)-1)
		return;
	EACH(g, d, k, t)
	if (t[1] == p_kw && g->terms[t[2]].kind == DS__RDF_LITERAL &&
	    (!g->terms[t[2]].lang || (lang && strcasecmp(g->terms[t[2]].lang, lang) == 0)))
		nk++;
	if (!nk)
		return;
	if (!(kws = ds__malloc(nk * sizeof *kws))) {
		im->rc = ds__enomem();
		return;
	}
	nk = 0;
	EACH(g, d, k, t)
	if (t[1] == p_kw && g->terms[t[2]].kind == DS__RDF_LITERAL &&
	    (!g->terms[t[2]].lang || (lang && strcasecmp(g->terms[t[2]].lang, lang) == 0)))
		kws[nk++] = &g->terms[t[2]];
	if (nk > 1)
		qsort(kws, nk, sizeof *kws, by_keyword);
	for (i = 0; i < nk && im->rc == DS_OK; i++) {
		size_t before = r->lists[list].count;
		int rc = ds_resource_list_add(r, list, kws[i]->value);
		if (rc < 0 && rc != DS_EEXISTS && rc != DS_EINVAL && rc != DS_EPARSE)
			im->rc = rc;
		if (rc == DS_OK && lang && !kws[i]->lang && r->lists[list].count > before &&
		    !strchr(r->lists[list].values[before], '\n')) {
			ds__buf_puts(&untagged, r->lists[list].values[before]);
			ds__buf_putc(&untagged, '\n');
		}
	}
	if (untagged.oom)
		im->rc = ds__enomem();
	else if (untagged.len && im->rc == DS_OK) {
		untagged.data[--untagged.len] = '\0';
		set_ext(im, r, "untagged-keywords", untagged.data);
	}
	ds__buf_dispose(&untagged);
	ds__free(kws);
}

static void read_dataset(importer *im, size_t di)
{
	graph *g = &im->g;
	size_t d = im->ids_term[im->primary[di]], k, i, n, nrecords = 0, caprec = 0, *records = NULL, agent, theme,
	       dist, rec, nown;
	const size_t *t;
	const char *lang, *v;
	char date[16];
	closure c;
	labels l;
	size_t *order = NULL, *rank = NULL;
	ds_resource *r = NULL;
	dcat_gen gen;
	dcat_set g0;
	collector col;
	ds__buf line = DS__BUF_INIT, all = DS__BUF_INIT;
	lines out = { NULL, 0, 0 };
	ds__rdf_term self;

	memset(&c, 0, sizeof c);
	memset(&l, 0, sizeof l);
	memset(&gen, 0, sizeof gen);
	memset(&g0, 0, sizeof g0);
	/* catalogue records about d (foaf:primaryTopic d), then the other nodes with d's identifier
	 * and their records */
	if ((im->rc = push_records(im, &records, &nrecords, &caprec, d)) < 0)
		goto done;
	nown = nrecords;
	for (i = di + 1; i != 0; i = im->same_next[i - 1])
		if (i - 1 != im->primary[di] &&
		    ((im->rc = push(&records, &nrecords, &caprec, im->ids_term[i - 1])) < 0 ||
		     (im->rc = push_records(im, &records, &nrecords, &caprec, im->ids_term[i - 1])) < 0))
			goto done;
	if ((im->rc = describe(im, &c, d, records, nrecords)) < 0)
		goto done;
	/* canonical blank labels */
	for (i = 0; i < c.nnodes; i++)
		if (g->terms[c.nodes[i]].kind == DS__RDF_BLANK && c.nodes[i] != d)
			l.n++;
	if (!(l.node = ds__malloc((l.n + 1) * sizeof *l.node)) ||
	    !(l.digest = ds__malloc((l.n + 1) * sizeof *l.digest)) ||
	    !(order = ds__malloc((l.n + 1) * sizeof *order)) || !(rank = ds__malloc((l.n + 1) * sizeof *rank))) {
		im->rc = ds__enomem();
		goto done;
	}
	for (i = 0, n = 0; i < c.nnodes; i++)
		if (g->terms[c.nodes[i]].kind == DS__RDF_BLANK && c.nodes[i] != d) {
			l.node[n] = c.nodes[i];
			l.digest[n] = node_digest(im, c.nodes[i], 0);
			order[n] = n;
			n++;
		}
	sort_labels = &l;
	if (l.n > 1)
		qsort(order, l.n, sizeof *order, by_digest);
	for (i = 0; i < l.n; i++)
		rank[order[i]] = i;
	for (i = 0; i < l.n; i++)
		im->brank[l.node[i]] = rank[i] + 1;

	if ((im->rc = ds_resource_new(&r)) < 0)
		goto done;
	lang = primary_language(im, d);
	set_field(im, r, DS_FIELD_IDENTIFIER, im->ids[di]);
	keep_datatype(im, r, d, DCAT_DCT "identifier", DS_FIELD_IDENTIFIER, "identifier", NULL);
	if (g->terms[d].kind == DS__RDF_IRI) {
		set_ext(im, r, "iri", kept_ref(im, d, d, &l, rank, minted(im, "dataset/")));
	} else { /* a blank node: exported as one */
		ds__buf_clear(&im->tmp);
		dataset_node_label(im, &im->tmp, im->primary[di]);
		set_ext(im, r, "iri", im->tmp.oom ? NULL : im->tmp.data);
	}
	if (!lang)
		set_ext(im, r, "lang", "none");
	else if (strcmp(lang, "zh") != 0)
		set_ext(im, r, "lang", lang);
	set_field(im, r, DS_FIELD_TITLE, pick_literal(im, d, DCAT_DCT "title", lang));
	set_field(im, r, DS_FIELD_ABSTRACT, pick_literal(im, d, DCAT_DCT "description", lang));
	if ((agent = pick_node(im, d, DCAT_DCT "publisher")) != (size_t)-1) {
		set_ext(im, r, "publisher", kept_ref(im, agent, d, &l, rank, minted(im, "agent/")));
		set_field(im, r, DS_FIELD_PROVIDER_NAME, label_of(im, agent, lang));
		keep_lang(im, r, agent, DCAT_FOAF "name", DS_FIELD_PROVIDER_NAME, "publisher-name", lang);
		set_field(im, r, DS_FIELD_PROVIDER_CODE, pick_literal(im, agent, DCAT_DCT "identifier", NULL));
	} else {
		set_field(im, r, DS_FIELD_PROVIDER_NAME, pick_literal(im, d, DCAT_DCT "publisher", lang));
	}
	set_field(im, r, DS_FIELD_PROVIDER_DEPARTMENT, pick_literal(im, d, DCAT_DS "providerDepartment", lang));
	if ((theme = pick_node(im, d, DCAT_NS "theme")) != (size_t)-1) {
		const char *notation = pick_literal(im, theme, DCAT_SKOS "notation", NULL);
		set_ext(im, r, "theme", kept_ref(im, theme, d, &l, rank, minted(im, "category/")));
		if (g->terms[theme].kind == DS__RDF_IRI)
			set_field(im, r, DS_FIELD_CATEGORY_CODE, notation ? notation : g->terms[theme].value);
		v = pick_literal(im, theme, DCAT_SKOS "prefLabel", lang);
		if (!same(v, r->fields[DS_FIELD_CATEGORY_CODE])) /* export labels a nameless category by its code */
			set_field(im, r, DS_FIELD_CATEGORY_NAME, v);
		keep_lang(im, r, theme, DCAT_SKOS "prefLabel", DS_FIELD_CATEGORY_NAME, "theme-label", lang);
		set_field(im, r, DS_FIELD_CATEGORY_SCHEME, pick_literal(im, theme, DCAT_DS "categoryScheme", lang));
	}
	read_keywords(im, r, d, lang);
	set_field(im, r, DS_FIELD_ONLINE_LINK, pick_value(im, d, DCAT_NS "landingPage"));
	set_field(im, r, DS_FIELD_UPDATE_CYCLE, concept_value(im, d, DCAT_DS "updateCycle"));
	if ((v = pick_value(im, d, DCAT_DCT "accrualPeriodicity")) != NULL) {
		set_field(im, r, DS_FIELD_UPDATE_CYCLE, dcat__frequency_term(v));
		if (is_eu(v, "frequency/") && dcat__frequency_term(v) && !exported_as(im, dcat__frequency_iri, v))
			set_ext(im, r, "frequency", v);
	}
	set_field(im, r, DS_FIELD_OPEN_TYPE, pick_literal(im, d, DCAT_DS "openType", "zh"));
	if ((v = pick_value(im, d, DCAT_DCT "accessRights")) != NULL) {
		if (dcat__access_term(v)) {
			set_field(im, r, DS_FIELD_OPEN_TYPE, dcat__access_term(v));
			if (!exported_as(im, dcat__access_iri, v))
				set_ext(im, r, "access-rights", v);
		} else {
			set_field(im, r, DS_FIELD_OPEN_TYPE, concept_value(im, d, DCAT_DCT "accessRights"));
		}
	}
	set_field(im, r, DS_FIELD_OPEN_CONDITION, pick_literal(im, d, DCAT_DS "openCondition", lang));
	set_field(im, r, DS_FIELD_SHARE_TYPE, concept_value(im, d, DCAT_DS "shareType"));
	set_field(im, r, DS_FIELD_SHARE_CONDITION, pick_literal(im, d, DCAT_DS "shareCondition", lang));
	set_field(im, r, DS_FIELD_SHARE_MODE, concept_value(im, d, DCAT_DS "shareMode"));
	set_field(im, r, DS_FIELD_PUBLISHED, date_part(pick_literal(im, d, DCAT_DCT "issued", NULL), date));
	keep_datatype(im, r, d, DCAT_DCT "issued", DS_FIELD_PUBLISHED, "issued", DCAT_XSD "date");
	set_field(im, r, DS_FIELD_SECURITY_CLASS, concept_value(im, d, DCAT_DS "securityClass"));
	set_field(im, r, DS_FIELD_PERSONAL_INFO, pick_literal(im, d, DCAT_DS "personalInformation", NULL));
	set_field(im, r, DS_FIELD_METADATA_ID, pick_literal(im, d, DCAT_DS "metadataId", NULL));
	set_field(im, r, DS_FIELD_METADATA_CONTACT, pick_literal(im, d, DCAT_DS "metadataContact", lang));
	if ((dist = main_distribution(im, d)) != (size_t)-1) {
		set_ext(im, r, "distribution", kept_ref(im, dist, d, &l, rank, minted(im, "dataset/")));
		read_distribution(im, r, dist, lang);
	} else if (r->fields[DS_FIELD_ONLINE_LINK]) {
		/* the landing page alone does not make export invent a distribution */
		set_ext(im, r, "distribution", "none");
	}
	for (i = 0, rec = (size_t)-1; i < nown; i++)
		if (rec == (size_t)-1 || strcmp(g->terms[records[i]].value, g->terms[rec].value) < 0)
			rec = records[i];
	if (rec != (size_t)-1) {
		set_ext(im, r, "record", kept_ref(im, rec, d, &l, rank, minted(im, "record/")));
		set_field(im, r, DS_FIELD_METADATA_ID, pick_literal(im, rec, DCAT_DCT "identifier", NULL));
		set_field(im, r, DS_FIELD_METADATA_DATE,
			  date_part(pick_literal(im, rec, DCAT_DCT "modified", NULL), date));
		set_field(im, r, DS_FIELD_METADATA_CONTACT, pick_literal(im, rec, DCAT_DS "metadataContact", lang));
	}
	{
		size_t p_rel = P(im, DCAT_DCT "relation");
		char **rels = NULL;
		size_t nr = 0, j;
		EACH(g, d, k, t)
		if (t[1] == p_rel && im->dindex[t[2]])
			nr++;
		if (nr && !(rels = ds__malloc(nr * sizeof *rels))) {
			im->rc = ds__enomem();
			goto done;
		}
		nr = 0;
		EACH(g, d, k, t)
		if (t[1] == p_rel && (j = im->dindex[t[2]]) != 0)
			rels[nr++] = im->ids[j - 1];
		if (nr > 1)
			qsort(rels, nr, sizeof *rels, by_string);
		for (j = 0; j < nr && im->rc == DS_OK; j++) {
			int rc = ds_resource_list_add(r, DS_LIST_RELATED, rels[j]);
			if (rc < 0 && rc != DS_EEXISTS)
				im->rc = rc;
		}
		ds__free(rels);
	}
	EACH(g, d, k, t)
	if (t[1] == im->p_extension && im->rc == DS_OK) {
		const char *ns = pick_literal(im, t[2], DCAT_DS "namespace", NULL);
		const char *key = pick_literal(im, t[2], DCAT_DS "key", NULL);
		const char *value = pick_literal(im, t[2], DCAT_RDF "value", lang);
		if (ns && key && value && *ns && *key && strcmp(ns, DCAT_EXT) != 0)
			im->rc = ds_resource_extension_set(r, ns, key, value);
	}
	if (im->rc < 0)
		goto done;

	/* What export writes for this entry, and what of the description it does not. */
	if (g->terms[d].kind == DS__RDF_IRI) {
		self.kind = DS__RDF_IRI;
		self.value = g->terms[d].value;
	} else {
		self.kind = DS__RDF_BLANK;
		self.value = "self";
	}
	self.lang = self.datatype = NULL;
	gen.base = im->base;
	gen.emit = collect_line;
	col.set = &g0;
	col.line = &line;
	gen.ctx = &col;
	gen.blank_prefix = "";
	gen.related_iri = related_iri;
	gen.related_ctx = im;
	if ((im->rc = dcat__entry(&gen, r, &self)) < 0)
		goto done;
	for (i = 0; i < c.count; i++) {
		const size_t *x = g->tr[c.triples[i]];
		const term *o = &g->terms[x[2]];
		size_t mark;
		ds__buf_clear(&line);
		term_text(im, &line, x[0], d, &l, rank);
		ds__buf_putc(&line, ' ');
		term_text(im, &line, x[1], d, &l, rank);
		ds__buf_putc(&line, ' ');
		mark = line.len;
		term_text(im, &line, x[2], d, &l, rank);
		if (line.oom) {
			im->rc = ds__enomem();
			goto done;
		}
		if (o->kind == DS__RDF_LITERAL &&
		    (is_space(o->value[0]) || (*o->value && is_space(o->value[strlen(o->value) - 1])))) {
			/* the native fields keep text trimmed: compare trimmed */
			ds__buf trimmed = DS__BUF_INIT;
			const char *a = o->value, *z = o->value + strlen(o->value);
			ds__rdf_term tt = { o->kind, NULL, o->lang, o->datatype };
			char *copy;
			while (a < z && is_space(*a))
				a++;
			while (z > a && is_space(z[-1]))
				z--;
			copy = ds__strndup(a, (size_t)(z - a));
			tt.value = copy ? copy : "";
			ds__buf_put(&trimmed, line.data, mark);
			ds__rdf_term_nt(&trimmed, &tt);
			if (dcat__set_add(&g0, bytes_hash(trimmed.data ? trimmed.data : "", trimmed.len, 1)) == 0) {
				ds__free(copy);
				ds__buf_dispose(&trimmed);
				continue;
			}
			ds__free(copy);
			ds__buf_dispose(&trimmed);
		} else if (dcat__set_add(&g0, bytes_hash(line.data, line.len, 1)) == 0) {
			continue; /* export writes it */
		}
		ds__buf_puts(&line, " .");
		{
			char *copy = ds__strdup(line.data);
			if (!copy || push((size_t **)(void *)&out.v, &out.n, &out.cap, (size_t)copy) < 0) {
				ds__free(copy);
				im->rc = ds__enomem();
				goto done;
			}
		}
	}
	if (out.n > 1)
		qsort(out.v, out.n, sizeof *out.v, by_string);
	for (i = 0; i < out.n; i++) {
		if (i && strcmp(out.v[i], out.v[i - 1]) == 0)
			continue;
		ds__buf_puts(&all, out.v[i]);
		ds__buf_putc(&all, '\n');
	}
	if (all.oom) {
		im->rc = ds__enomem();
		goto done;
	}
	if (all.len) {
		int rc = ds_resource_extension_set(r, DCAT_EXT, "triples", all.data);
		if (rc < 0)
			im->rc = rc;
	}
	if (im->rc < 0)
		goto done;
	if (im->emit) {
		if ((im->rc = im->emit(im->emit_ctx, r)) > 0) { /* taken */
			im->rc = DS_OK;
			r = NULL;
		}
	} else if ((im->rc = ds_catalog_add(im->catalog, r)) == DS_OK)
		r = NULL;
done:
	for (i = 0; l.node && i < l.n; i++)
		im->brank[l.node[i]] = 0;
	ds_resource_free(r);
	for (i = 0; i < out.n; i++)
		ds__free(out.v[i]);
	ds__free(out.v);
	ds__buf_dispose(&line);
	ds__buf_dispose(&all);
	dcat__set_dispose(&g0);
	ds__buf_dispose(&gen.a);
	ds__buf_dispose(&gen.b);
	ds__buf_dispose(&gen.c);
	ds__free(records);
	ds__free(c.triples);
	ds__free(c.nodes);
	ds__free(l.node);
	ds__free(l.digest);
	ds__free(order);
	ds__free(rank);
}

/* ---------------------------------------------------------------- documents */

static int has_any(const graph *g, size_t p, size_t o)
{
	size_t i;

	for (i = 0; i < g->ntr && p != (size_t)-1; i++)
		if (g->tr[i][1] == p && g->tr[i][2] == o)
			return 1;
	return 0;
}

/* 1 when dataset node @a is a better entry node than @b: an IRI before a blank node, then the
 * smaller IRI or digest (the graph decides, not the document's order). */
static int better_node(importer *im, size_t a, size_t b)
{
	const term *x = &im->g.terms[a], *y = &im->g.terms[b];

	if (x->kind != y->kind)
		return x->kind == DS__RDF_IRI;
	if (x->kind == DS__RDF_IRI)
		return strcmp(x->value, y->value) < 0;
	return node_digest(im, a, 0) < node_digest(im, b, 0);
}

/* Dataset index @i has the identifier of the first index @first: chained after it, and the
 * entry's node (primary) is the better of the two. Nodes sharing a dct:identifier are one
 * dataset described more than once (docs/catalog.md): one entry, mapped from the primary node;
 * the others' triples are kept whole, with their own IRIs, in the residual triples. */
static void join_same(importer *im, size_t first, size_t i)
{
	im->same_next[i] = im->same_next[first];
	im->same_next[first] = i + 1;
	if (better_node(im, im->ids_term[i], im->ids_term[im->primary[first]]))
		im->primary[first] = i;
}

static int import_graph(ds_catalog **out, importer *im)
{
	graph *g = &im->g;
	size_t i, k, p_title;
	int rc;

	if ((rc = index_graph(g)) < 0 || (rc = ds_catalog_new(&im->catalog)) < 0)
		return rc;
	if (!(im->base = ds__strdup(IMPORT_BASE)))
		return ds__enomem();
	intern_classes(im);
	p_title = P(im, DCAT_DCT "title");
	if (!(im->mark = ds__calloc(g->nterms + 1, sizeof *im->mark)) ||
	    !(im->classes = ds__calloc(g->nterms + 1, sizeof *im->classes)) ||
	    !(im->brank = ds__calloc(g->nterms + 1, sizeof *im->brank)) ||
	    !(im->ids_term = ds__malloc((g->ntr + 1) * sizeof *im->ids_term)))
		return ds__enomem();
	/* the catalogue's title: the smallest zh (else any) title of the first catalogue; an IRI
	 * "B catalog" says the base B it was exported with */
	for (i = 0; i < g->ntr; i++)
		if (g->tr[i][1] == im->p_type && g->tr[i][2] == im->c_catalog && im->c_catalog != (size_t)-1) {
			const term *cat = &g->terms[g->tr[i][0]];
			size_t n = strlen(cat->value);
			if (cat->kind == DS__RDF_IRI && n > 7 && strcmp(cat->value + n - 7, "catalog") == 0) {
				ds__free(im->base);
				if (!(im->base = ds__strndup(cat->value, n - 7)))
					return ds__enomem();
			}
			const char *title = pick_literal(im, g->tr[i][0], DCAT_DCT "title", "zh");
			if (title && (rc = ds_catalog_set_title(im->catalog, title)) < 0 && rc != DS_EPARSE)
				return rc;
			break;
		}
	(void)p_title;
	for (i = 0; i < g->ntr; i++)
		if (g->tr[i][1] == im->p_type) {
			size_t o = g->tr[i][2];
			im->classes[g->tr[i][0]] |= o == im->c_dataset ? CLASS_DATASET :
						    o == im->c_catalog ? CLASS_CATALOG :
						    o == im->c_scheme  ? CLASS_SCHEME :
						    o == im->c_record  ? CLASS_RECORD :
									 0;
		}
	/* distinct dataset nodes, in the order of their first rdf:type dcat:Dataset */
	im->stamp = 1;
	for (i = 0; i < g->ntr; i++)
		if (g->tr[i][1] == im->p_type && g->tr[i][2] == im->c_dataset && im->c_dataset != (size_t)-1 &&
		    im->mark[g->tr[i][0]] != im->stamp) {
			im->mark[g->tr[i][0]] = im->stamp;
			im->ids_term[im->ndatasets++] = g->tr[i][0];
		}
	if (!im->ndatasets && (im->c_catalog == (size_t)-1 || !has_any(g, im->p_type, im->c_catalog)))
		return ds__error(DS_EPARSE, "%s: no dcat:Dataset or dcat:Catalog in the document (%zu triples)",
				 im->name, g->ntr);
	if (!(im->dindex = ds__calloc(g->nterms + 1, sizeof *im->dindex)) ||
	    !(im->tfirst = ds__calloc(g->nterms + 2, sizeof *im->tfirst)) ||
	    !(im->tidx = ds__malloc((g->ntr + 1) * sizeof *im->tidx)))
		return ds__enomem();
	for (i = 0; i < im->ndatasets; i++)
		im->dindex[im->ids_term[i]] = i + 1;
	for (i = 0; i < g->ntr; i++)
		if (g->tr[i][1] == im->p_topic)
			im->tfirst[g->tr[i][2] + 1]++;
	for (i = 0; i < g->nterms; i++)
		im->tfirst[i + 1] += im->tfirst[i];
	{
		size_t *fill = ds__malloc((g->nterms + 1) * sizeof *fill);
		if (!fill)
			return ds__enomem();
		memcpy(fill, im->tfirst, (g->nterms + 1) * sizeof *fill);
		for (i = 0; i < g->ntr; i++)
			if (g->tr[i][1] == im->p_topic)
				im->tidx[fill[g->tr[i][2]]++] = i;
		ds__free(fill);
	}
	if (!(im->ids = ds__calloc(im->ndatasets + 1, sizeof *im->ids)))
		return ds__enomem();
	for (im->nid_slots = 16; im->nid_slots < 2 * im->ndatasets + 2;)
		im->nid_slots *= 2;
	if (!(im->id_slots = ds__calloc(im->nid_slots, sizeof *im->id_slots)))
		return ds__enomem();
	if (!(im->same_next = ds__calloc(im->ndatasets + 1, sizeof *im->same_next)) ||
	    !(im->primary = ds__calloc(im->ndatasets + 1, sizeof *im->primary)))
		return ds__enomem();
	for (i = 0; i < im->ndatasets; i++) {
		size_t first;
		if (!(im->ids[i] = identifier_of(im, im->ids_term[i])))
			return ds__enomem();
		im->primary[i] = i;
		if ((first = find_id(im, im->ids[i])) == (size_t)-1) {
			for (k = (size_t)(id_hash(im->ids[i]) & (im->nid_slots - 1)); im->id_slots[k];
			     k = (k + 1) & (im->nid_slots - 1))
				;
			im->id_slots[k] = i + 1;
		} else {
			join_same(im, first, i);
		}
	}
	/* one entry per identifier, in the order of its first node */
	for (i = 0; i < im->ndatasets && im->rc == DS_OK; i++)
		if (find_id(im, im->ids[i]) == i)
			read_dataset(im, i);
	if (im->rc < 0)
		return im->rc;
	*out = im->catalog;
	im->catalog = NULL;
	return DS_OK;
}

static void importer_dispose(importer *im)
{
	size_t i;

	for (i = 0; im->ids && i < im->ndatasets; i++)
		ds__free(im->ids[i]);
	ds__free(im->ids);
	ds__free(im->ids_term);
	ds__free(im->id_slots);
	ds__free(im->same_next);
	ds__free(im->primary);
	ds__free(im->mark);
	ds__free(im->classes);
	ds__free(im->brank);
	ds__free(im->dindex);
	ds__free(im->tfirst);
	ds__free(im->tidx);
	ds__buf_dispose(&im->tmp);
	ds__buf_dispose(&im->tmp2);
	ds__buf_dispose(&im->minted);
	ds__free(im->base);
	ds_catalog_free(im->catalog);
	graph_dispose(&im->g);
}

static int parse(ds_catalog **out, const char *data, size_t len, FILE *f, const char *base, const char *name)
{
	importer im;
	int rc;

	memset(&im, 0, sizeof im);
	im.name = name;
	if (f)
		rc = ds__rdf_parse_stream(DS__RDF_GUESS, f, base, name, add_triple, &im.g);
	else
		rc = ds__rdf_parse(DS__RDF_GUESS, data, len, base, name, add_triple, &im.g);
	if (rc == DS_OK)
		rc = import_graph(out, &im);
	importer_dispose(&im);
	return rc;
}

int ds_catalog_parse_dcat(ds_catalog **out, const char *data, size_t len, const char *name)
{
	if (!out || !data)
		return ds__error(DS_EINVAL, "ds_catalog_parse_dcat: NULL argument");
	return parse(out, data, len, NULL, NULL, name ? name : "dcat");
}

int ds_catalog_load_dcat(ds_catalog **out, const char *path)
{
	ds__buf base = DS__BUF_INIT;
	FILE *f;
	int rc;

	if (!out || !path)
		return ds__error(DS_EINVAL, "ds_catalog_load_dcat: NULL argument");
	if (!(f = fopen(path, "rb")))
		return ds__error(DS_EIO, "%s: cannot open", path);
	ds__buf_puts(&base, "file://");
	if (path[0] != '/')
		ds__buf_puts(&base, "/");
	ds__buf_puts(&base, path);
	rc = base.oom ? ds__enomem() : parse(out, NULL, 0, f, base.data, path);
	fclose(f);
	ds__buf_dispose(&base);
	return rc;
}

/* ================================================================ the streamed import
 *
 * ds_catalog_import_dcat_file() (docs/catalog.md "Large catalogues"): the same mapping
 * (read_dataset) over a graph that holds, for one entry at a time, only what the mapping reads.
 * raptor streams the statements into a private temporary SQLite database: runs of statements
 * with one subject (as RDF/XML and Turtle write them), the rdf:type statements naming the
 * classes import looks up, and the foaf:primaryTopic statements (catalogue records by the
 * dataset they describe). Then every dcat:Dataset node, in the order of its first typing, is
 * given its identifier (its triples read back by subject), the nodes with one identifier are
 * joined as import_graph() joins them, and each entry is mapped from a small graph of the nodes
 * its description reaches (read back by subject, the shared ones through a bounded cache) and
 * written to the output at once. A node's statements are read back in document order and a
 * statement repeated is kept once, where it first came, as the in-memory graph keeps it, so
 * the entries and the document are the same bytes as ds_catalog_load_dcat() and
 * ds_catalog_to_xml() give. */

enum {
	RUN_MAX = 65536,	 /* a run longer than this is split (a catalogue listing 10^6 datasets) */
	BLOOM_BITS = 1u << 25,	 /* 4 MiB: the nodes with a class import looks up */
	TOPIC_BITS = 1u << 22,	 /* 512 KiB: the nodes a catalogue record is about */
	SUBJECT_BITS = 1u << 25, /* 4 MiB: the nodes with statements */
	SEEN_SLOTS = 1024,	 /* the runs remembered by the writer (direct-mapped) */
	SEEN_MAX = 2048,	 /* at most this much of a subject's statements remembered */
	NODE_SLOTS = 4096,	 /* the cache of nodes' statements (direct-mapped) */
	CLASS_SLOTS = 1024,	 /* the cache of nodes' classes */
	CACHE_BYTES = 8u << 20,	 /* at most this much cached statement text */
	CACHED_MAX = 1u << 20,	 /* a node's statements larger than this are not cached */
	LEVEL_FULL = 1,		 /* a node the description may enter: every node it links to is read */
	LEVEL_DIGEST = 2,	 /* a node only digested: its blank nodes are read, 3 deep */
	LEVEL_LAST = LEVEL_DIGEST + 3
};

/* The statements of one subject: deduplicated (predicate, object) pairs, encoded as
 * predicate NUL, object kind byte, object value NUL, and for a literal 'L' tag NUL, 'D'
 * datatype NUL or a NUL byte. */
typedef struct node_pairs {
	uint64_t h;
	char *key; /* 'I' or 'B' and the node's value */
	char *pairs;
	size_t len;
	size_t score; /* the runs read for it, less one for every other node that wanted its slot */
} node_pairs;

/* A subject whose statements the writer has stored: some of them (pairs as in runs). */
typedef struct seen_run {
	uint64_t h;
	char *key;
	ds__buf pairs;
	size_t score; /* the runs it spared, less one for every other subject that wanted its slot */
} seen_run;

typedef struct class_slot {
	uint64_t h;
	char *key;
	unsigned bits;
} class_slot;

typedef struct tstore {
	sqlite3 *db;
	sqlite3_stmt *ins_run, *ins_type, *ins_topic, *ins_ident, *sel_idents, *sel_runs, *sel_type, *sel_topic,
		*ins_ds, *sel_ds_ident, *set_prim, *sel_ds_idx, *sel_ds_key, *sel_members;
	ds__buf run;	/* the current run: its subject's key, NUL, then its pairs */
	size_t run_key; /* the length of the run's key and NUL; 0: no run */
	unsigned char *bloom;
	unsigned char *topics;	 /* a filter of the objects of foaf:primaryTopic statements */
	unsigned char *subjects; /* a filter of the subjects of statements */
	node_pairs *nodes, scratch;
	size_t cached;
	class_slot *classes;
	seen_run *seen;
	ds__buf key, key2;
	const char *name;
} tstore;

static int st_error(tstore *st, int rc, const char *what)
{
	if (rc == SQLITE_NOMEM)
		return ds__enomem();
	return ds__error(DS_EIO, "%s: the temporary store of statements: %s: %s", st->name, what,
			 st->db ? sqlite3_errmsg(st->db) : sqlite3_errstr(rc));
}

static uint64_t key_hash(const char *key)
{
	return bytes_hash(key, strlen(key), 7);
}

static void put_key(ds__buf *b, ds__rdf_kind kind, const char *value)
{
	ds__buf_clear(b);
	ds__buf_putc(b, kind == DS__RDF_BLANK ? 'B' : 'I');
	ds__buf_puts(b, value);
}

static void bloom_bits(uint64_t h, size_t bit[3])
{
	bit[0] = (size_t)(h % BLOOM_BITS);
	bit[1] = (size_t)((h >> 21) * 0x9E3779B97F4A7C15ULL % BLOOM_BITS);
	bit[2] = (size_t)((h >> 42 ^ h) * 0xC2B2AE3D27D4EB4FULL % BLOOM_BITS);
}

/* A filter of @nbits bits (a power of 2) at @f: @set adds key hash @h; else 1 when @h may
 * be in it (0: certainly not). */
static int filter_bits(unsigned char *f, size_t nbits, uint64_t h, int set)
{
	size_t a = (size_t)(h & (nbits - 1)), b = (size_t)(((h >> 32) * 0x9E3779B97F4A7C15ULL >> 20) & (nbits - 1));

	if (set) {
		f[a / 8] |= (unsigned char)(1u << (a % 8));
		f[b / 8] |= (unsigned char)(1u << (b % 8));
	}
	return (f[a / 8] & (1u << (a % 8))) && (f[b / 8] & (1u << (b % 8)));
}

static int topic_bits(tstore *st, uint64_t h, int set)
{
	return filter_bits(st->topics, TOPIC_BITS, h, set);
}

static const char *const st_schema =
	"PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF; PRAGMA locking_mode=EXCLUSIVE;"
	"PRAGMA cache_size=-4096; PRAGMA temp_store=FILE;"
	"CREATE TABLE runs (h INTEGER, data BLOB);"
	"CREATE TABLE types (h INTEGER, bits INTEGER, key BLOB);"
	"CREATE TABLE topics (h INTEGER, okey BLOB, skey BLOB);"
	"CREATE TABLE idents (h INTEGER, data BLOB);"
	"CREATE TABLE ds (idx INTEGER PRIMARY KEY, h INTEGER, key BLOB, ident TEXT, ih INTEGER, head INTEGER,"
	" prim INTEGER, digest INTEGER, bits INTEGER);"
	"CREATE INDEX ds_ident ON ds (ih);"
	"BEGIN";

static int st_prepare(tstore *st, sqlite3_stmt **stmt, const char *sql)
{
	int rc = sqlite3_prepare_v2(st->db, sql, -1, stmt, NULL);

	return rc == SQLITE_OK ? DS_OK : st_error(st, rc, sql);
}

static int st_open(tstore *st, const char *name)
{
	int rc;

	memset(st, 0, sizeof *st);
	st->name = name;
	if (!(st->bloom = ds__calloc(BLOOM_BITS / 8, 1)) || !(st->topics = ds__calloc(TOPIC_BITS / 8, 1)) ||
	    !(st->subjects = ds__calloc(SUBJECT_BITS / 8, 1)) ||
	    !(st->seen = ds__calloc(SEEN_SLOTS, sizeof *st->seen)) ||
	    !(st->nodes = ds__calloc(NODE_SLOTS, sizeof *st->nodes)) ||
	    !(st->classes = ds__calloc(CLASS_SLOTS, sizeof *st->classes)))
		return ds__enomem();
	/* "": a private temporary database on disk, deleted when it is closed */
	if ((rc = sqlite3_open_v2("", &st->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL)) != SQLITE_OK)
		return st_error(st, rc, "open");
	if ((rc = sqlite3_exec(st->db, st_schema, NULL, NULL, NULL)) != SQLITE_OK)
		return st_error(st, rc, "create");
	if ((rc = st_prepare(st, &st->ins_run, "INSERT INTO runs (h, data) VALUES (?1, ?2)")) < 0 ||
	    (rc = st_prepare(st, &st->ins_type, "INSERT INTO types (h, bits, key) VALUES (?1, ?2, ?3)")) < 0 ||
	    (rc = st_prepare(st, &st->ins_topic, "INSERT INTO topics (h, okey, skey) VALUES (?1, ?2, ?3)")) < 0 ||
	    (rc = st_prepare(st, &st->ins_ident, "INSERT INTO idents (h, data) VALUES (?1, ?2)")) < 0)
		return rc;
	return DS_OK;
}

static void node_clear(node_pairs *n)
{
	ds__free(n->key);
	ds__free(n->pairs);
	memset(n, 0, sizeof *n);
}

static void st_close(tstore *st)
{
	size_t i;

	sqlite3_finalize(st->ins_run);
	sqlite3_finalize(st->ins_type);
	sqlite3_finalize(st->ins_topic);
	sqlite3_finalize(st->ins_ident);
	sqlite3_finalize(st->sel_idents);
	sqlite3_finalize(st->sel_runs);
	sqlite3_finalize(st->sel_type);
	sqlite3_finalize(st->sel_topic);
	sqlite3_finalize(st->ins_ds);
	sqlite3_finalize(st->sel_ds_ident);
	sqlite3_finalize(st->set_prim);
	sqlite3_finalize(st->sel_ds_idx);
	sqlite3_finalize(st->sel_ds_key);
	sqlite3_finalize(st->sel_members);
	sqlite3_close(st->db);
	for (i = 0; st->nodes && i < NODE_SLOTS; i++)
		node_clear(&st->nodes[i]);
	for (i = 0; st->classes && i < CLASS_SLOTS; i++)
		ds__free(st->classes[i].key);
	for (i = 0; st->seen && i < SEEN_SLOTS; i++) {
		ds__free(st->seen[i].key);
		ds__buf_dispose(&st->seen[i].pairs);
	}
	ds__free(st->seen);
	node_clear(&st->scratch);
	ds__free(st->nodes);
	ds__free(st->classes);
	ds__free(st->bloom);
	ds__free(st->topics);
	ds__free(st->subjects);
	ds__buf_dispose(&st->run);
	ds__buf_dispose(&st->key);
	ds__buf_dispose(&st->key2);
}

static size_t decode_pair(const char *x, ds__rdf_term *p, ds__rdf_term *o);

/* 1 when the encoded pair @x (@len bytes) is among @pairs. */
static int has_pair(const ds__buf *pairs, const char *x, size_t len)
{
	size_t at, n;

	for (at = 0; at < pairs->len; at += n) {
		ds__rdf_term p, o;
		n = decode_pair(pairs->data + at, &p, &o);
		if (n == len && memcmp(pairs->data + at, x, len) == 0)
			return 1;
	}
	return 0;
}

/* Whether the current run adds nothing to what is stored of its subject: every statement of it
 * already is (a publisher, a licence, a contact point each dataset describes again). Reading a
 * node keeps each statement once, where it first came, so such a run changes nothing read
 * back: it is not stored. Else the run's statements are remembered (within SEEN_MAX). */
static int st_seen(tstore *st, uint64_t h)
{
	seen_run *slot = &st->seen[h & (SEEN_SLOTS - 1)];
	const char *pairs = st->run.data + st->run_key;
	size_t len = st->run.len - st->run_key, at, n;
	int all = 1;

	if (slot->key && slot->h == h && strcmp(slot->key, st->run.data) == 0) {
		for (at = 0; at < len && all; at += n) {
			ds__rdf_term p, o;
			n = decode_pair(pairs + at, &p, &o);
			all = has_pair(&slot->pairs, pairs + at, n);
		}
		if (all) {
			slot->score++;
			return 1;
		}
		for (at = 0; at < len; at += n) { /* remember the new ones */
			ds__rdf_term p, o;
			n = decode_pair(pairs + at, &p, &o);
			if (slot->pairs.len + n <= SEEN_MAX && !has_pair(&slot->pairs, pairs + at, n))
				ds__buf_put(&slot->pairs, pairs + at, n);
		}
		if (slot->pairs.oom) { /* forget it */
			ds__free(slot->key);
			ds__buf_dispose(&slot->pairs);
			memset(slot, 0, sizeof *slot);
		}
		return 0;
	}
	if (slot->key && slot->score) {
		slot->score--;
		return 0;
	}
	if (len > SEEN_MAX)
		return 0;
	ds__free(slot->key);
	ds__buf_clear(&slot->pairs);
	slot->h = h;
	slot->score = 0;
	if (!(slot->key = ds__strdup(st->run.data)) || ds__buf_put(&slot->pairs, pairs, len) < 0) {
		ds__free(slot->key);
		ds__buf_dispose(&slot->pairs);
		memset(slot, 0, sizeof *slot);
	}
	return 0;
}

static int st_flush(tstore *st)
{
	uint64_t h;
	int rc;

	if (!st->run_key)
		return DS_OK;
	if (st->run.oom)
		return ds__enomem();
	h = bytes_hash(st->run.data, st->run_key - 1, 7);
	filter_bits(st->subjects, SUBJECT_BITS, h, 1);
	if (st_seen(st, h)) {
		ds__buf_clear(&st->run);
		st->run_key = 0;
		return DS_OK;
	}
	sqlite3_bind_int64(st->ins_run, 1, (sqlite3_int64)h);
	sqlite3_bind_blob(st->ins_run, 2, st->run.data, (int)st->run.len, SQLITE_STATIC);
	rc = sqlite3_step(st->ins_run);
	sqlite3_reset(st->ins_run);
	ds__buf_clear(&st->run);
	st->run_key = 0;
	return rc == SQLITE_DONE ? DS_OK : st_error(st, rc, "insert");
}

static unsigned class_bit(const char *iri)
{
	return strcmp(iri, DCAT_NS "Dataset") == 0	   ? CLASS_DATASET :
	       strcmp(iri, DCAT_NS "Catalog") == 0	   ? CLASS_CATALOG :
	       strcmp(iri, DCAT_SKOS "ConceptScheme") == 0 ? CLASS_SCHEME :
	       strcmp(iri, DCAT_NS "CatalogRecord") == 0   ? CLASS_RECORD :
							     0;
}

static int st_insert(tstore *st, sqlite3_stmt *stmt, uint64_t h, int bits, const char *a, size_t alen, const char *b,
		     size_t blen)
{
	int rc, col = 1;

	sqlite3_bind_int64(stmt, col++, (sqlite3_int64)h);
	if (bits)
		sqlite3_bind_int(stmt, col++, bits);
	sqlite3_bind_blob(stmt, col++, a, (int)alen, SQLITE_STATIC);
	if (b)
		sqlite3_bind_blob(stmt, col++, b, (int)blen, SQLITE_STATIC);
	rc = sqlite3_step(stmt);
	sqlite3_reset(stmt);
	return rc == SQLITE_DONE ? DS_OK : st_error(st, rc, "insert");
}

/* The statement sink of the parse. */
static int st_statement(void *ctx, const ds__rdf_term *s, const ds__rdf_term *p, const ds__rdf_term *o)
{
	tstore *st = ctx;
	ds__buf *b = &st->run;
	size_t at;
	int rc;

	if (!st->run_key || b->len > RUN_MAX || b->data[0] != (s->kind == DS__RDF_BLANK ? 'B' : 'I') ||
	    strcmp(b->data + 1, s->value) != 0) {
		if ((rc = st_flush(st)) < 0)
			return rc;
		put_key(b, s->kind, s->value);
		ds__buf_putc(b, '\0');
		st->run_key = b->len;
	}
	at = b->len;
	ds__buf_put(b, p->value, strlen(p->value) + 1);
	ds__buf_putc(b, (char)o->kind);
	ds__buf_put(b, o->value, strlen(o->value) + 1);
	if (o->kind == DS__RDF_LITERAL) {
		if (o->lang) {
			ds__buf_putc(b, 'L');
			ds__buf_put(b, o->lang, strlen(o->lang) + 1);
		} else if (o->datatype) {
			ds__buf_putc(b, 'D');
			ds__buf_put(b, o->datatype, strlen(o->datatype) + 1);
		} else {
			ds__buf_putc(b, '\0');
		}
	}
	if (b->oom)
		return ds__enomem();
	if (o->kind == DS__RDF_LITERAL && strcmp(p->value, DCAT_DCT "identifier") == 0) {
		/* also alone, as a run of one statement: an IRI dataset's identity reads only these */
		ds__buf_clear(&st->key2);
		ds__buf_put(&st->key2, b->data, st->run_key);
		ds__buf_put(&st->key2, b->data + at, b->len - at);
		if (st->key2.oom)
			return ds__enomem();
		if ((rc = st_insert(st, st->ins_ident, bytes_hash(b->data, st->run_key - 1, 7), 0, st->key2.data,
				    st->key2.len, NULL, 0)) < 0)
			return rc;
	}
	if (o->kind == DS__RDF_IRI && strcmp(p->value, DCAT_RDF "type") == 0) {
		unsigned bit = class_bit(o->value);
		if (bit) {
			uint64_t h = bytes_hash(b->data, st->run_key - 1, 7);
			size_t bits[3];
			bloom_bits(h, bits);
			st->bloom[bits[0] / 8] |= (unsigned char)(1u << (bits[0] % 8));
			st->bloom[bits[1] / 8] |= (unsigned char)(1u << (bits[1] % 8));
			st->bloom[bits[2] / 8] |= (unsigned char)(1u << (bits[2] % 8));
			if ((rc = st_insert(st, st->ins_type, h, (int)bit, b->data, st->run_key - 1, NULL, 0)) < 0)
				return rc;
		}
	}
	if (o->kind != DS__RDF_LITERAL && strcmp(p->value, DCAT_FOAF "primaryTopic") == 0) {
		put_key(&st->key, o->kind, o->value);
		if (st->key.oom)
			return ds__enomem();
		uint64_t h = key_hash(st->key.data);
		topic_bits(st, h, 1);
		if ((rc = st_insert(st, st->ins_topic, h, 0, st->key.data, st->key.len, b->data, st->run_key - 1)) < 0)
			return rc;
	}
	return DS_OK;
}

/* After the parse: the indexes, and the statements that read back. */
static int st_index(tstore *st)
{
	int rc;

	if ((rc = st_flush(st)) < 0)
		return rc;
	if ((rc = sqlite3_exec(st->db,
			       "CREATE INDEX runs_h ON runs (h); CREATE INDEX types_h ON types (h);"
			       "CREATE INDEX topics_h ON topics (h); CREATE INDEX idents_h ON idents (h);",
			       NULL, NULL, NULL)) != SQLITE_OK)
		return st_error(st, rc, "index");
	if ((rc = st_prepare(st, &st->sel_runs, "SELECT data FROM runs WHERE h = ?1 ORDER BY rowid")) < 0 ||
	    (rc = st_prepare(st, &st->sel_idents, "SELECT data FROM idents WHERE h = ?1 ORDER BY rowid")) < 0 ||
	    (rc = st_prepare(st, &st->sel_type, "SELECT bits, key FROM types WHERE h = ?1")) < 0 ||
	    (rc = st_prepare(st, &st->sel_topic, "SELECT okey, skey FROM topics WHERE h = ?1 ORDER BY rowid")) < 0 ||
	    (rc = st_prepare(st, &st->ins_ds,
			     "INSERT INTO ds (idx, h, key, ident, ih, head, prim, digest, bits) "
			     "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)")) < 0 ||
	    (rc = st_prepare(st, &st->sel_ds_ident,
			     "SELECT idx, prim FROM ds WHERE ih = ?1 AND ident = ?2 AND head = idx")) < 0 ||
	    (rc = st_prepare(st, &st->set_prim, "UPDATE ds SET prim = ?2 WHERE idx = ?1")) < 0 ||
	    (rc = st_prepare(st, &st->sel_ds_idx, "SELECT key, ident, head, prim, digest FROM ds WHERE idx = ?1")) < 0)
		return rc;
	return DS_OK;
}

/* The length of the encoded pair at @x; @p and @o receive it. */
static size_t decode_pair(const char *x, ds__rdf_term *p, ds__rdf_term *o)
{
	const char *start = x;

	memset(p, 0, sizeof *p);
	memset(o, 0, sizeof *o);
	p->kind = DS__RDF_IRI;
	p->value = x;
	x += strlen(x) + 1;
	o->kind = (ds__rdf_kind)(unsigned char)*x++;
	o->value = x;
	x += strlen(x) + 1;
	if (o->kind == DS__RDF_LITERAL) {
		char f = *x++;
		if (f == 'L') {
			o->lang = x;
			x += strlen(x) + 1;
		} else if (f == 'D') {
			o->datatype = x;
			x += strlen(x) + 1;
		}
	}
	return (size_t)(x - start);
}

/* ---------------------------------------------------------------- the parse on two threads
 *
 * raptor's parse (on the calling thread) and the writing of its statements into the store (on
 * a second thread) overlap: the statements go, encoded as below, in chunks through a ring of
 * FEED_SLOTS buffers, and the writer calls st_statement() for each, in document order, so the
 * store is what the parse on one thread writes. Without a second thread (pthread_create
 * failing) the statements go to st_statement() directly. */

enum { FEED_SLOTS = 4, FEED_CHUNK = 256u << 10 };

/* An error of the other thread, raised again on the calling one (errors are per thread). */
typedef struct failure {
	int code, line, column;
	long cause_code;
	char field[256], message[1024], cause_library[16];
} failure;

static void failure_keep(failure *f, int rc)
{
	const ds_error *e = ds_error_last();

	f->code = rc;
	f->line = e->line;
	f->column = e->column;
	snprintf(f->field, sizeof f->field, "%s", e->field);
	snprintf(f->message, sizeof f->message, "%s", e->message);
	snprintf(f->cause_library, sizeof f->cause_library, "%s", e->cause_library);
	f->cause_code = e->cause_code;
}

static int failure_raise(const failure *f)
{
	ds__error_at(f->code, f->line, f->column, f->field[0] ? f->field : NULL, "%s", f->message);
	if (f->cause_library[0] || f->cause_code)
		ds__error_cause(f->cause_library, f->cause_code);
	return f->code;
}

typedef struct feed {
	tstore *st;
	pthread_t thread;
	pthread_mutex_t mu;
	pthread_cond_t cv;
	ds__buf slot[FEED_SLOTS]; /* full chunks from head on, count of them */
	size_t head, count;
	ds__buf cur; /* the chunk being filled */
	int done;    /* no more chunks */
	int abandon; /* the parse failed: the chunks left are not written */
	int rc;	     /* the writer's failure (its error in fail) */
	failure fail;
} feed;

static void feed_put(ds__buf *b, const char *s)
{
	ds__buf_put(b, s, strlen(s) + 1);
}

/* A statement in a chunk: the subject's kind byte and value NUL, then the predicate and object
 * encoded as a run's pairs are (decode_pair()). */
static void feed_encode(ds__buf *b, const ds__rdf_term *s, const ds__rdf_term *p, const ds__rdf_term *o)
{
	ds__buf_putc(b, (char)s->kind);
	feed_put(b, s->value);
	feed_put(b, p->value);
	ds__buf_putc(b, (char)o->kind);
	feed_put(b, o->value);
	if (o->kind == DS__RDF_LITERAL) {
		if (o->lang) {
			ds__buf_putc(b, 'L');
			feed_put(b, o->lang);
		} else if (o->datatype) {
			ds__buf_putc(b, 'D');
			feed_put(b, o->datatype);
		} else {
			ds__buf_putc(b, '\0');
		}
	}
}

/* The statements of one chunk into the store. */
static int feed_chunk(tstore *st, const ds__buf *b)
{
	size_t x = 0;
	int rc = DS_OK;

	while (x < b->len && rc == DS_OK) {
		ds__rdf_term s, p, o;
		memset(&s, 0, sizeof s);
		s.kind = (ds__rdf_kind)(unsigned char)b->data[x++];
		s.value = b->data + x;
		x += strlen(s.value) + 1;
		x += decode_pair(b->data + x, &p, &o);
		rc = st_statement(st, &s, &p, &o);
	}
	return rc;
}

static void *feed_main(void *arg)
{
	feed *fd = arg;
	int rc = DS_OK, skip = 0;

	pthread_mutex_lock(&fd->mu);
	for (;;) {
		while (!fd->count && !fd->done)
			pthread_cond_wait(&fd->cv, &fd->mu);
		if (!fd->count)
			break;
		skip = fd->abandon; /* the parse failed: the chunks left are not written */
		pthread_mutex_unlock(&fd->mu);
		if (rc == DS_OK && !skip && (rc = feed_chunk(fd->st, &fd->slot[fd->head])) < 0)
			failure_keep(&fd->fail, rc);
		pthread_mutex_lock(&fd->mu);
		ds__buf_clear(&fd->slot[fd->head]);
		fd->head = (fd->head + 1) % FEED_SLOTS;
		fd->count--;
		if (rc < 0)
			fd->rc = rc;
		pthread_cond_broadcast(&fd->cv);
	}
	pthread_mutex_unlock(&fd->mu);
	return NULL;
}

/* Hand the current chunk to the writer (waiting for a free slot); its failure, raised here. */
static int feed_push(feed *fd)
{
	ds__buf t;
	size_t i;
	int rc;

	pthread_mutex_lock(&fd->mu);
	while (fd->count == FEED_SLOTS && !fd->rc)
		pthread_cond_wait(&fd->cv, &fd->mu);
	if (!(rc = fd->rc)) {
		i = (fd->head + fd->count) % FEED_SLOTS;
		t = fd->slot[i]; /* an empty buffer, kept for its room */
		fd->slot[i] = fd->cur;
		fd->cur = t;
		fd->count++;
		pthread_cond_broadcast(&fd->cv);
	}
	pthread_mutex_unlock(&fd->mu);
	return rc < 0 ? failure_raise(&fd->fail) : DS_OK;
}

/* The statement sink of the parse: into the current chunk. */
static int feed_statement(void *ctx, const ds__rdf_term *s, const ds__rdf_term *p, const ds__rdf_term *o)
{
	feed *fd = ctx;

	feed_encode(&fd->cur, s, p, o);
	if (fd->cur.oom)
		return ds__enomem();
	return fd->cur.len >= FEED_CHUNK ? feed_push(fd) : DS_OK;
}

/* ---------------------------------------------------------------- the parse in parts
 *
 * A large RDF/XML file is split (ds__rdf_split_file) into parts of whole top-level elements,
 * parsed by the calling thread and a second one at once (each with its own raptor world),
 * each taking the next part; a third thread writes the statements into the store part after
 * part, so the store is what the one parser writes. A part parsed ahead of the writer keeps its
 * statements in chunks until the writer comes to it; no part starts more than SPLIT_AHEAD
 * parts ahead of the writer, which bounds the memory. The first failure in document order is
 * the one raised: the writer stops at the first part that failed. */

enum {
	SPLIT_MIN = 8u << 20,	     /* a smaller file is parsed whole (any file with one processor online) */
	SPLIT_PART = 2u << 20,	     /* the least bytes of a part */
	SPLIT_AHEAD = 2,	     /* parts parsed ahead of the one written */
	SPLIT_RING = SPLIT_AHEAD + 1 /* the parts in flight: from the one written on */
};

typedef struct part_q {
	ds__buf *chunks; /* [head, n) wait for the writer */
	size_t n, cap, head;
	int done, rc;
	failure fail;
} part_q;

typedef struct splitter {
	tstore *st;
	const ds__rdf_split *sp;
	int fd;
	const char *base, *name;
	pthread_mutex_t mu;
	pthread_cond_t cv;
	part_q q[SPLIT_RING];	   /* part i's in q[i % SPLIT_RING] */
	size_t next;		   /* the next part to parse */
	size_t writing;		   /* the part the writer is on */
	int stop;		   /* a failure: no more parts are started */
	ds__rdf_handlers handlers; /* the calling thread's libxml2 error handlers, for the second */
	size_t failed;		   /* the part the writer stopped at, or nparts */
	int wrc;		   /* the writer's failure (in wfail) */
	failure wfail;
} splitter;

typedef struct part_sink {
	splitter *sx;
	size_t i;
	ds__buf cur;
} part_sink;

/* Hand @ps's chunk to part @i's queue; the writer's failure stops the parse. */
static int part_push(part_sink *ps)
{
	splitter *sx = ps->sx;
	part_q *q = &sx->q[ps->i % SPLIT_RING];
	ds__buf *grown = NULL;
	int rc = DS_OK;

	pthread_mutex_lock(&sx->mu);
	if (sx->wrc) {
		rc = DS_EINTERNAL; /* never raised: the writer's failure is */
	} else if (q->n == q->cap && !(grown = ds__realloc(q->chunks, (q->cap ? q->cap * 2 : 16) * sizeof *grown))) {
		rc = DS_ENOMEM;
	} else {
		if (q->n == q->cap) {
			q->chunks = grown;
			q->cap = q->cap ? q->cap * 2 : 16;
		}
		q->chunks[q->n++] = ps->cur;
		memset(&ps->cur, 0, sizeof ps->cur);
		pthread_cond_broadcast(&sx->cv);
	}
	pthread_mutex_unlock(&sx->mu);
	return rc == DS_ENOMEM ? ds__enomem() : rc;
}

static int part_statement(void *ctx, const ds__rdf_term *s, const ds__rdf_term *p, const ds__rdf_term *o)
{
	part_sink *ps = ctx;

	feed_encode(&ps->cur, s, p, o);
	if (ps->cur.oom)
		return ds__enomem();
	return ps->cur.len >= FEED_CHUNK ? part_push(ps) : DS_OK;
}

/* Parse parts on @lane until none is left (or one failed). */
static void split_work(splitter *sx, int lane)
{
	for (;;) {
		part_sink ps;
		size_t i;
		int rc;

		pthread_mutex_lock(&sx->mu);
		while (!sx->stop && sx->next < sx->sp->nparts && sx->next > sx->writing + SPLIT_AHEAD)
			pthread_cond_wait(&sx->cv, &sx->mu);
		if (sx->stop || sx->next >= sx->sp->nparts) {
			pthread_mutex_unlock(&sx->mu);
			return;
		}
		i = sx->next++;
		pthread_mutex_unlock(&sx->mu);
		memset(&ps, 0, sizeof ps);
		ps.sx = sx;
		ps.i = i;
		rc = ds__rdf_parse_part(sx->sp, i, sx->fd, lane, sx->base, sx->name, part_statement, &ps);
		if (rc == DS_OK && ps.cur.len)
			rc = part_push(&ps);
		ds__buf_dispose(&ps.cur);
		if (rc < 0)
			failure_keep(&sx->q[i % SPLIT_RING].fail, rc);
		pthread_mutex_lock(&sx->mu);
		sx->q[i % SPLIT_RING].done = 1;
		if (rc < 0) {
			sx->q[i % SPLIT_RING].rc = rc;
			sx->stop = 1;
		}
		pthread_cond_broadcast(&sx->cv);
		pthread_mutex_unlock(&sx->mu);
	}
}

static void *split_main(void *arg)
{
	splitter *sx = arg;

	ds__rdf_handlers_set(&sx->handlers); /* XML errors worded as on the calling thread */
	split_work(sx, 1);
	return NULL;
}

/* The writer: every part's statements into the store, in order, up to the first failed part. */
static void *split_writer(void *arg)
{
	splitter *sx = arg;
	size_t w;

	pthread_mutex_lock(&sx->mu);
	sx->failed = sx->sp->nparts;
	for (w = 0; w < sx->sp->nparts && !sx->wrc; w++) {
		part_q *q = &sx->q[w % SPLIT_RING];
		sx->writing = w;
		pthread_cond_broadcast(&sx->cv);
		for (;;) {
			while (q->head == q->n && !q->done)
				pthread_cond_wait(&sx->cv, &sx->mu);
			if (q->head < q->n) {
				ds__buf chunk = q->chunks[q->head];
				int rc;
				memset(&q->chunks[q->head++], 0, sizeof chunk);
				pthread_mutex_unlock(&sx->mu);
				rc = feed_chunk(sx->st, &chunk);
				ds__buf_dispose(&chunk);
				if (rc < 0)
					failure_keep(&sx->wfail, rc);
				pthread_mutex_lock(&sx->mu);
				if (rc < 0) {
					sx->wrc = rc;
					sx->stop = 1;
					pthread_cond_broadcast(&sx->cv);
					break;
				}
				continue;
			}
			break; /* done, every chunk written */
		}
		if (q->rc < 0 || sx->wrc) {
			sx->failed = w;
			break;
		}
		/* the slot is part w + SPLIT_RING's once the writer is on part w + 1 */
		q->n = q->head = 0;
		q->done = 0;
	}
	sx->writing = sx->sp->nparts;
	pthread_cond_broadcast(&sx->cv);
	pthread_mutex_unlock(&sx->mu);
	return NULL;
}

/* Parse the parts of @sp into @st; 1 when the threads could not start (nothing was parsed). */
static int split_parse(tstore *st, const ds__rdf_split *sp, int fd, const char *base, const char *name)
{
	splitter sx;
	pthread_t helper, writer;
	size_t i, j;
	int rc = DS_OK, have_helper;

	memset(&sx, 0, sizeof sx);
	sx.st = st;
	sx.sp = sp;
	sx.fd = fd;
	sx.base = base;
	sx.name = name;
	ds__rdf_handlers_get(&sx.handlers);
	if (pthread_mutex_init(&sx.mu, NULL) != 0)
		return 1;
	if (pthread_cond_init(&sx.cv, NULL) != 0) {
		pthread_mutex_destroy(&sx.mu);
		return 1;
	}
	if (pthread_create(&writer, NULL, split_writer, &sx) != 0) {
		rc = 1;
	} else {
		have_helper = pthread_create(&helper, NULL, split_main, &sx) == 0;
		split_work(&sx, 0);
		if (have_helper)
			pthread_join(helper, NULL);
		pthread_join(writer, NULL);
		if (sx.wrc < 0)
			rc = failure_raise(&sx.wfail);
		else if (sx.failed < sp->nparts)
			rc = failure_raise(&sx.q[sx.failed % SPLIT_RING].fail);
	}
	for (i = 0; i < SPLIT_RING; i++) {
		for (j = sx.q[i].head; j < sx.q[i].n; j++)
			ds__buf_dispose(&sx.q[i].chunks[j]);
		ds__free(sx.q[i].chunks);
	}
	pthread_cond_destroy(&sx.cv);
	pthread_mutex_destroy(&sx.mu);
	return rc;
}

/* The part size DATASSET_DCAT_SPLIT_BYTES asks for (any file is then split; tests use it to
 * split small documents), or 0. */
static size_t split_bytes_asked(void)
{
	const char *v = getenv("DATASSET_DCAT_SPLIT_BYTES");
	char *end;
	unsigned long long n;

	if (!v || !*v)
		return 0;
	n = strtoull(v, &end, 10);
	return *end || !n ? 0 : (size_t)n;
}

/* Parse @f into the store @st: DS_OK once every statement is in it. */
static int feed_parse(tstore *st, FILE *f, const char *base, const char *name)
{
	feed fd;
	size_t i, asked = split_bytes_asked();
	int rc, wrc;
	struct stat sb;

	if (fstat(fileno(f), &sb) == 0 && S_ISREG(sb.st_mode) &&
	    (asked || ((long long)sb.st_size >= (long long)SPLIT_MIN && sysconf(_SC_NPROCESSORS_ONLN) >= 2))) {
		ds__rdf_split sp;
		if ((rc = ds__rdf_split_file(&sp, fileno(f), asked ? asked : SPLIT_PART)) < 0)
			return rc;
		if (sp.nparts) {
			rc = split_parse(st, &sp, fileno(f), base, name);
			ds__rdf_split_dispose(&sp);
			if (rc != 1)
				return rc;
		}
	}
	memset(&fd, 0, sizeof fd);
	fd.st = st;
	if (pthread_mutex_init(&fd.mu, NULL) != 0)
		return ds__rdf_parse_stream(DS__RDF_GUESS, f, base, name, st_statement, st);
	if (pthread_cond_init(&fd.cv, NULL) != 0) {
		pthread_mutex_destroy(&fd.mu);
		return ds__rdf_parse_stream(DS__RDF_GUESS, f, base, name, st_statement, st);
	}
	if (pthread_create(&fd.thread, NULL, feed_main, &fd) != 0) {
		rc = ds__rdf_parse_stream(DS__RDF_GUESS, f, base, name, st_statement, st);
	} else {
		rc = ds__rdf_parse_stream(DS__RDF_GUESS, f, base, name, feed_statement, &fd);
		if (rc == DS_OK && fd.cur.len)
			rc = feed_push(&fd);
		pthread_mutex_lock(&fd.mu);
		fd.done = 1;
		fd.abandon = rc < 0;
		pthread_cond_broadcast(&fd.cv);
		pthread_mutex_unlock(&fd.mu);
		pthread_join(fd.thread, NULL);
		wrc = fd.rc;
		if (rc == DS_OK && wrc < 0)
			rc = failure_raise(&fd.fail);
	}
	pthread_cond_destroy(&fd.cv);
	pthread_mutex_destroy(&fd.mu);
	for (i = 0; i < FEED_SLOTS; i++)
		ds__buf_dispose(&fd.slot[i]);
	ds__buf_dispose(&fd.cur);
	return rc;
}

/* The statements of node @key (those with predicate @only when it is not NULL; its
 * dct:identifier statements only, from their own table, when @only is DCAT_IDENTIFIER), each
 * pair once in the order it first came: borrowed until the next call. */
static const char DCAT_IDENTIFIER[] = DCAT_DCT "identifier";

static int st_node(const node_pairs **out, tstore *st, const char *key, const char *only)
{
	sqlite3_stmt *sel = only == DCAT_IDENTIFIER ? st->sel_idents : st->sel_runs;
	uint64_t h = key_hash(key);
	size_t keylen = strlen(key), *slots = NULL, nslots = 0, n = 0, i, runs = 0;
	node_pairs *slot = only ? &st->scratch : &st->nodes[h & (NODE_SLOTS - 1)];
	ds__buf pairs = DS__BUF_INIT;
	size_t *offs = NULL, noffs = 0, capoffs = 0;
	int rc;

	if (!only && slot->key && slot->h == h && strcmp(slot->key, key) == 0) {
		*out = slot;
		return DS_OK;
	}
	if (!filter_bits(st->subjects, SUBJECT_BITS, h, 0)) { /* no statement about it (a class, a value) */
		node_clear(&st->scratch);
		*out = &st->scratch;
		return DS_OK;
	}
	sqlite3_bind_int64(sel, 1, (sqlite3_int64)h);
	while ((rc = sqlite3_step(sel)) == SQLITE_ROW) {
		const char *blob = sqlite3_column_blob(sel, 0);
		size_t len = (size_t)sqlite3_column_bytes(sel, 0), x;
		if (len <= keylen || memcmp(blob, key, keylen + 1) != 0)
			continue;
		runs++;
		for (x = keylen + 1; x < len;) {
			ds__rdf_term p, o;
			size_t plen = decode_pair(blob + x, &p, &o);
			if (!only || strcmp(p.value, only) == 0) {
				uint64_t ph = bytes_hash(blob + x, plen, 3);
				int dup = 0;
				if (2 * (n + 1) > nslots) { /* the set of pairs seen */
					size_t cap = nslots ? nslots * 2 : 64, k;
					size_t *grown = ds__calloc(cap, sizeof *grown);
					if (!grown) {
						rc = SQLITE_NOMEM;
						break;
					}
					for (i = 0; i < noffs; i++) {
						uint64_t eh = bytes_hash(pairs.data + offs[2 * i], offs[2 * i + 1], 3);
						for (k = (size_t)(eh & (cap - 1)); grown[k]; k = (k + 1) & (cap - 1))
							;
						grown[k] = i + 1;
					}
					ds__free(slots);
					slots = grown;
					nslots = cap;
				}
				for (i = (size_t)(ph & (nslots - 1)); slots[i]; i = (i + 1) & (nslots - 1)) {
					size_t e = slots[i] - 1;
					if (offs[2 * e + 1] == plen &&
					    memcmp(pairs.data + offs[2 * e], blob + x, plen) == 0) {
						dup = 1;
						break;
					}
				}
				if (!dup) {
					if (noffs == capoffs) {
						size_t cap = capoffs ? capoffs * 2 : 32;
						size_t *grown = ds__realloc(offs, 2 * cap * sizeof *grown);
						if (!grown) {
							rc = SQLITE_NOMEM;
							break;
						}
						offs = grown;
						capoffs = cap;
					}
					offs[2 * noffs] = pairs.len;
					offs[2 * noffs + 1] = plen;
					slots[i] = ++noffs;
					n++;
					ds__buf_put(&pairs, blob + x, plen);
				}
			}
			x += plen;
		}
		if (rc == SQLITE_NOMEM)
			break;
	}
	sqlite3_reset(sel);
	ds__free(slots);
	ds__free(offs);
	if (rc != SQLITE_DONE || pairs.oom) {
		ds__buf_dispose(&pairs);
		return pairs.oom ? ds__enomem() : st_error(st, rc, "read");
	}
	/* A node read from many runs (a publisher each dataset describes again) is costly to read
	 * again: it keeps its slot against nodes read from fewer runs until they have asked for it
	 * as many times (its score ages by one each time). */
	if (!only && slot->key && slot->score > runs + 1) {
		slot->score--;
		slot = &st->scratch;
	}
	if (!only && (pairs.len > CACHED_MAX || st->cached - slot->len + pairs.len > CACHE_BYTES))
		slot = &st->scratch; /* too large to keep */
	if (slot != &st->scratch)
		st->cached -= slot->len;
	node_clear(slot);
	slot->h = h;
	slot->len = pairs.len;
	slot->pairs = pairs.data;
	slot->score = runs + 1;
	if (!(slot->key = ds__strdup(key))) {
		node_clear(slot);
		return ds__enomem();
	}
	if (slot != &st->scratch)
		st->cached += slot->len;
	*out = slot;
	return DS_OK;
}

/* The CLASS_ bits of node @key. */
static int st_class(unsigned *bits, tstore *st, const char *key)
{
	uint64_t h = key_hash(key);
	size_t b[3];
	class_slot *slot = &st->classes[h & (CLASS_SLOTS - 1)];
	unsigned found = 0;
	int rc;

	*bits = 0;
	bloom_bits(h, b);
	if (!(st->bloom[b[0] / 8] & (1u << (b[0] % 8))) || !(st->bloom[b[1] / 8] & (1u << (b[1] % 8))) ||
	    !(st->bloom[b[2] / 8] & (1u << (b[2] % 8))))
		return DS_OK;
	if (slot->key && slot->h == h && strcmp(slot->key, key) == 0) {
		*bits = slot->bits;
		return DS_OK;
	}
	sqlite3_bind_int64(st->sel_type, 1, (sqlite3_int64)h);
	while ((rc = sqlite3_step(st->sel_type)) == SQLITE_ROW)
		if ((size_t)sqlite3_column_bytes(st->sel_type, 1) == strlen(key) &&
		    memcmp(sqlite3_column_blob(st->sel_type, 1), key, strlen(key)) == 0)
			found |= (unsigned)sqlite3_column_int(st->sel_type, 0);
	sqlite3_reset(st->sel_type);
	if (rc != SQLITE_DONE)
		return st_error(st, rc, "read");
	ds__free(slot->key);
	if (!(slot->key = ds__strdup(key)))
		return ds__enomem();
	slot->h = h;
	slot->bits = found;
	*bits = found;
	return DS_OK;
}

/* ---------------------------------------------------------------- one entry's graph */

typedef struct lnode {
	unsigned char level, loaded, classed;
	unsigned bits;
	size_t from, to; /* its statements in the local graph */
	size_t li;	 /* its index in the local table of datasets + 1, or 0 */
} lnode;

typedef struct local {
	importer im; /* its graph holds what the mapping of one entry reads */
	lnode *nodes;
	size_t cap;
	size_t *queue, nq, capq;
	size_t nlocal, caplocal; /* the local table of datasets (im.ids, im.ids_term, ...) */
} local;

static int local_grow(local *l)
{
	size_t need = l->im.g.nterms + 1;

	if (need > l->cap) {
		size_t cap = l->cap ? l->cap : 256;
		lnode *grown;
		while (cap < need)
			cap *= 2;
		if (!(grown = ds__realloc(l->nodes, cap * sizeof *grown)))
			return ds__enomem();
		memset(grown + l->cap, 0, (cap - l->cap) * sizeof *grown);
		l->nodes = grown;
		l->cap = cap;
	}
	return DS_OK;
}

static void local_dispose(local *l)
{
	size_t i;

	for (i = 0; l->im.ids && i < l->nlocal; i++)
		ds__free(l->im.ids[i]);
	ds__free(l->im.ids);
	ds__free(l->im.ids_term);
	ds__free(l->im.id_slots);
	ds__free(l->im.same_next);
	ds__free(l->im.primary);
	ds__free(l->im.mark);
	ds__free(l->im.classes);
	ds__free(l->im.brank);
	ds__free(l->im.dindex);
	ds__free(l->im.tfirst);
	ds__free(l->im.tidx);
	ds__buf_dispose(&l->im.tmp);
	ds__buf_dispose(&l->im.tmp2);
	ds__buf_dispose(&l->im.minted);
	graph_dispose(&l->im.g);
	ds__free(l->nodes);
	ds__free(l->queue);
	memset(l, 0, sizeof *l);
}

/* The term of node @key in the local graph (added when new). */
static int local_term(size_t *id, local *l, const char *key)
{
	ds__rdf_term t = { key[0] == 'B' ? DS__RDF_BLANK : DS__RDF_IRI, key + 1, NULL, NULL };

	if ((*id = intern(&l->im.g, &t, 1)) == (size_t)-1)
		return ds__enomem();
	return local_grow(l);
}

static const char *node_key(tstore *st, const local *l, size_t t)
{
	put_key(&st->key, l->im.g.terms[t].kind, l->im.g.terms[t].value);
	return st->key.oom ? NULL : st->key.data;
}

/* Add the statements of node @t (once). */
static int local_load(local *l, tstore *st, size_t t, const char *only)
{
	graph *g = &l->im.g;
	const node_pairs *np = NULL;
	ds__rdf_term s = { g->terms[t].kind, g->terms[t].value, NULL, NULL };
	size_t x;
	int rc;

	if (l->nodes[t].loaded)
		return DS_OK;
	if (!node_key(st, l, t))
		return ds__enomem();
	if ((rc = st_node(&np, st, st->key.data, only)) < 0)
		return rc;
	l->nodes[t].from = g->ntr;
	for (x = 0; x < np->len;) {
		ds__rdf_term p, o;
		x += decode_pair(np->pairs + x, &p, &o);
		if ((rc = add_triple(g, &s, &p, &o)) < 0)
			return rc;
	}
	if ((rc = local_grow(l)) < 0)
		return rc;
	l->nodes[t].to = g->ntr;
	l->nodes[t].loaded = 1;
	return DS_OK;
}

static int local_class(unsigned *bits, local *l, tstore *st, size_t t)
{
	int rc;

	if (!l->nodes[t].classed) {
		if (!node_key(st, l, t))
			return ds__enomem();
		if ((rc = st_class(&l->nodes[t].bits, st, st->key.data)) < 0)
			return rc;
		l->nodes[t].classed = 1;
	}
	*bits = l->nodes[t].bits;
	return DS_OK;
}

static int local_push(local *l, size_t t, unsigned level)
{
	return push(&l->queue, &l->nq, &l->capq, t * 8 + level);
}

/* Read every node the mapping may read from the nodes queued: the description enters the nodes
 * a LEVEL_FULL node links to, except datasets, catalogues and concept schemes (stops()), whose
 * statements are read only for their digest and their links (a dataset, a scheme or a blank
 * node: an IRI catalogue, which lists every dataset, is never read); a digest reads blank nodes
 * 3 deep (node_digest). */
static int local_reach(local *l, tstore *st)
{
	graph *g = &l->im.g;
	int rc;

	while (l->nq) {
		size_t v = l->queue[--l->nq], t = v / 8, k;
		unsigned level = (unsigned)(v % 8);
		if (l->nodes[t].level && l->nodes[t].level <= level)
			continue;
		l->nodes[t].level = (unsigned char)level;
		if ((rc = local_load(l, st, t, NULL)) < 0)
			return rc;
		for (k = l->nodes[t].from; k < l->nodes[t].to; k++) {
			size_t o = g->tr[k][2];
			ds__rdf_kind kind = g->terms[o].kind;
			unsigned bits;
			if (kind == DS__RDF_LITERAL || o == t)
				continue;
			if (level == LEVEL_FULL) {
				if ((rc = local_class(&bits, l, st, o)) < 0)
					return rc;
				if (bits & CLASS_DATASET)
					rc = local_push(l, o, LEVEL_DIGEST);
				else if (bits & (CLASS_CATALOG | CLASS_SCHEME))
					rc = kind == DS__RDF_BLANK || (bits & CLASS_SCHEME) ?
						     local_push(l, o, LEVEL_DIGEST) :
						     DS_OK;
				else
					rc = local_push(l, o, LEVEL_FULL);
			} else if (kind == DS__RDF_BLANK && level < LEVEL_LAST) {
				rc = local_push(l, o, level + 1);
			}
			if (rc < 0)
				return rc;
		}
	}
	return DS_OK;
}

/* The importer of the local graph, once every term is in it. */
static int local_index(local *l, const importer *global)
{
	importer *im = &l->im;
	graph *g = &im->g;
	int rc;

	if ((rc = index_graph(g)) < 0)
		return rc;
	im->name = global->name;
	im->base = global->base;
	intern_classes(im);
	im->stamp = 1;
	if (!(im->mark = ds__calloc(g->nterms + 1, sizeof *im->mark)) ||
	    !(im->classes = ds__calloc(g->nterms + 1, sizeof *im->classes)) ||
	    !(im->brank = ds__calloc(g->nterms + 1, sizeof *im->brank)) ||
	    !(im->dindex = ds__calloc(g->nterms + 1, sizeof *im->dindex)))
		return ds__enomem();
	return DS_OK;
}

/* A dataset node in the local table: local index @li. */
static int local_dataset(size_t *li, local *l, size_t node, const char *ident)
{
	importer *im = &l->im;

	if (l->nlocal == l->caplocal) {
		size_t cap = l->caplocal ? l->caplocal * 2 : 8;
		size_t *terms = ds__realloc(im->ids_term, cap * sizeof *terms);
		char **ids;
		if (terms)
			im->ids_term = terms;
		if (!terms || !(ids = ds__realloc(im->ids, cap * sizeof *ids)))
			return ds__enomem();
		im->ids = ids;
		l->caplocal = cap;
	}
	if (!(im->ids[l->nlocal] = ds__strdup(ident)))
		return ds__enomem();
	im->ids_term[l->nlocal] = node;
	*li = l->nlocal++;
	return DS_OK;
}

/* ---------------------------------------------------------------- the passes */

typedef struct streamer {
	tstore st;
	importer im; /* the document's: base, name */
	cat_ids *ids;
	ds__xml_writer w;
	FILE *out;
	const char *out_name;
	size_t count;
	sqlite3_stmt *sel_members;
} streamer;

typedef struct ds_row {
	sqlite3_int64 idx, head, prim;
	uint64_t digest;
	char *key, *ident;
} ds_row;

static void row_dispose(ds_row *r)
{
	ds__free(r->key);
	ds__free(r->ident);
	memset(r, 0, sizeof *r);
}

static char *column_text(sqlite3_stmt *stmt, int col)
{
	const char *v = sqlite3_column_blob(stmt, col);

	return ds__strndup(v ? v : "", (size_t)sqlite3_column_bytes(stmt, col));
}

/* The row of dataset @idx, or of node @key when @key is set (row->idx -1 when it is none). */
static int st_row(ds_row *row, tstore *st, sqlite3_int64 idx, const char *key)
{
	sqlite3_stmt *q = key ? st->sel_ds_key : st->sel_ds_idx;
	int rc;

	memset(row, 0, sizeof *row);
	row->idx = -1;
	if (key) {
		sqlite3_bind_int64(q, 1, (sqlite3_int64)key_hash(key));
		sqlite3_bind_blob(q, 2, key, (int)strlen(key), SQLITE_STATIC);
	} else {
		sqlite3_bind_int64(q, 1, idx);
	}
	if ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		row->key = column_text(q, 0);
		row->ident = column_text(q, 1);
		row->head = sqlite3_column_int64(q, 2);
		row->prim = sqlite3_column_int64(q, 3);
		row->digest = (uint64_t)sqlite3_column_int64(q, 4);
		row->idx = key ? sqlite3_column_int64(q, 5) : idx;
		rc = row->key && row->ident ? SQLITE_DONE : SQLITE_NOMEM;
	}
	sqlite3_reset(q);
	if (rc != SQLITE_DONE) {
		row_dispose(row);
		return st_error(st, rc, "read");
	}
	return DS_OK;
}

/* 1 when dataset node @a (its key and digest) is a better entry node than @b (better_node()). */
static int better_key(const char *a, uint64_t da, const char *b, uint64_t db)
{
	if (a[0] != b[0])
		return a[0] == 'I';
	if (a[0] == 'I')
		return strcmp(a + 1, b + 1) < 0;
	return da < db;
}

/* First pass: every dataset node in the order of its first typing, its identifier and the
 * node its entry is mapped from (import_graph() and join_same()). */
static int stream_identities(streamer *sm, size_t *count)
{
	tstore *st = &sm->st;
	sqlite3_stmt *q = NULL;
	sqlite3_int64 i = 0;
	int rc, step;

	/* the CLASS_ bits of each (one bit per row): kept with it, so that the mapping need not
	 * look them up again */
	if ((rc = st_prepare(st, &q,
			     "SELECT key, SUM(DISTINCT bits) FROM types GROUP BY key HAVING MAX(bits = 1) "
			     "ORDER BY MIN(CASE WHEN bits = 1 THEN rowid END)")) < 0)
		return rc;
	while (rc == DS_OK && (step = sqlite3_step(q)) == SQLITE_ROW) {
		local l;
		size_t t;
		char *key = column_text(q, 0), *ident = NULL;
		uint64_t digest = 0;
		ds_row head;
		memset(&l, 0, sizeof l);
		memset(&head, 0, sizeof head);
		if (!key)
			rc = ds__enomem();
		else if ((rc = local_term(&t, &l, key)) == DS_OK &&
			 (key[0] == 'I' ? /* identifier_of() reads only its dct:identifier statements */
				  (rc = local_load(&l, st, t, DCAT_IDENTIFIER)) :
				  (rc = local_push(&l, t, LEVEL_DIGEST)) == DS_OK ? (rc = local_reach(&l, st)) : rc) ==
				 DS_OK &&
			 (rc = index_graph(&l.im.g)) == DS_OK) {
			if (!(ident = identifier_of(&l.im, t)))
				rc = ds__enomem();
			else if (key[0] == 'B')
				digest = node_digest(&l.im, t, 0);
		}
		if (rc == DS_OK) {
			sqlite3_int64 h = i, prim = i;
			uint64_t ih = id_hash(ident);
			sqlite3_bind_int64(st->sel_ds_ident, 1, (sqlite3_int64)ih);
			sqlite3_bind_text(st->sel_ds_ident, 2, ident, -1, SQLITE_STATIC);
			if ((step = sqlite3_step(st->sel_ds_ident)) == SQLITE_ROW) {
				h = sqlite3_column_int64(st->sel_ds_ident, 0);
				prim = sqlite3_column_int64(st->sel_ds_ident, 1);
				step = SQLITE_DONE;
			}
			sqlite3_reset(st->sel_ds_ident);
			if (step != SQLITE_DONE)
				rc = st_error(st, step, "read");
			else if (h != i && (rc = st_row(&head, st, prim, NULL)) == DS_OK &&
				 better_key(key, digest, head.key, head.digest)) {
				sqlite3_bind_int64(st->set_prim, 1, h);
				sqlite3_bind_int64(st->set_prim, 2, i);
				step = sqlite3_step(st->set_prim);
				sqlite3_reset(st->set_prim);
				if (step != SQLITE_DONE)
					rc = st_error(st, step, "update");
			}
			if (rc == DS_OK) {
				sqlite3_stmt *ins = st->ins_ds;
				sqlite3_bind_int64(ins, 1, i);
				sqlite3_bind_int64(ins, 2, (sqlite3_int64)key_hash(key));
				sqlite3_bind_blob(ins, 3, key, (int)strlen(key), SQLITE_STATIC);
				sqlite3_bind_text(ins, 4, ident, -1, SQLITE_STATIC);
				sqlite3_bind_int64(ins, 5, (sqlite3_int64)ih);
				sqlite3_bind_int64(ins, 6, h);
				sqlite3_bind_int64(ins, 7, i);
				sqlite3_bind_int64(ins, 8, (sqlite3_int64)digest);
				sqlite3_bind_int64(ins, 9, sqlite3_column_int64(q, 1));
				step = sqlite3_step(ins);
				sqlite3_reset(ins);
				if (step != SQLITE_DONE)
					rc = st_error(st, step, "insert");
			}
			i++;
		}
		row_dispose(&head);
		ds__free(ident);
		ds__free(key);
		local_dispose(&l);
	}
	if (rc == DS_OK && step != SQLITE_DONE)
		rc = st_error(st, step, "read");
	sqlite3_finalize(q);
	if (rc == DS_OK &&
	    (step = sqlite3_exec(st->db, "CREATE INDEX ds_h ON ds (h); CREATE INDEX ds_head ON ds (head)", NULL, NULL,
				 NULL)) != SQLITE_OK)
		rc = st_error(st, step, "index");
	if (rc == DS_OK &&
	    ((rc = st_prepare(st, &st->sel_ds_key,
			      "SELECT key, ident, head, prim, digest, idx FROM ds WHERE h = ?1 AND key = ?2")) < 0 ||
	     (rc = st_prepare(st, &st->sel_members, "SELECT idx, key, bits FROM ds WHERE head = ?1 ORDER BY idx")) < 0))
		return rc;
	*count = (size_t)i;
	return rc;
}

static int sm_write(void *ctx, const char *text, size_t len)
{
	streamer *sm = ctx;

	if (fwrite(text, 1, len, sm->out) != len)
		return ds__error(DS_EIO, "%s: write error", sm->out_name);
	return DS_OK;
}

/* Where read_dataset() hands an entry: ds_catalog_add()'s duplicate check, then the output. */
static int sm_emit(void *ctx, ds_resource *r)
{
	streamer *sm = ctx;
	const char *id = r->fields[DS_FIELD_IDENTIFIER];
	size_t first;
	int rc;

	if (id && (rc = cat__ids_add(&first, sm->ids, id, sm->count)) < 0)
		return rc == DS_EEXISTS ? cat__duplicate(id, first) : rc;
	cat__xml_write_entry(&sm->w, r);
	sm->count++;
	return ds__xmlw_drain(&sm->w, sm_write, sm);
}

typedef struct member {
	sqlite3_int64 idx;
	size_t term;
} member;

/* The graph of the entry of the dataset nodes whose first is @head into @l (zeroed by the
 * caller, who disposes of it), ready for read_dataset() as import_graph() maps it. */
static int stream_entry(local *l, streamer *sm, const ds_row *head)
{
	tstore *st = &sm->st;
	importer *im = &l->im;
	member *m = NULL;
	size_t nm = 0, capm = 0, i, k, *recs = NULL, nrecs = 0, caprecs = 0;
	sqlite3_int64 *gidx = NULL, *gprim = NULL;
	int rc = DS_OK, step;

	/* the nodes of the entry and their catalogue records: where the description starts */
	sqlite3_bind_int64(st->sel_members, 1, head->idx);
	while (rc == DS_OK && (step = sqlite3_step(st->sel_members)) == SQLITE_ROW) {
		char *key = column_text(st->sel_members, 1);
		if (nm == capm) {
			size_t cap = capm ? capm * 2 : 4;
			member *grown = ds__realloc(m, cap * sizeof *grown);
			if (!grown) {
				ds__free(key);
				rc = ds__enomem();
				break;
			}
			m = grown;
			capm = cap;
		}
		m[nm].idx = sqlite3_column_int64(st->sel_members, 0);
		if (!key) {
			rc = ds__enomem();
		} else if ((rc = local_term(&m[nm].term, l, key)) == DS_OK) {
			l->nodes[m[nm].term].bits = (unsigned)sqlite3_column_int64(st->sel_members, 2);
			l->nodes[m[nm].term].classed = 1;
			rc = local_push(l, m[nm++].term, LEVEL_FULL);
		}
		ds__free(key);
	}
	sqlite3_reset(st->sel_members);
	if (rc == DS_OK && step != SQLITE_DONE)
		rc = st_error(st, step, "read");
	for (i = 0; i < nm && rc == DS_OK; i++) {
		const char *key = node_key(st, l, m[i].term);
		char *copy = key ? ds__strdup(key) : NULL;
		if (!copy) {
			rc = ds__enomem();
			break;
		}
		uint64_t h = key_hash(copy);
		if (!topic_bits(st, h, 0)) { /* no catalogue record is about it */
			ds__free(copy);
			continue;
		}
		sqlite3_bind_int64(st->sel_topic, 1, (sqlite3_int64)h);
		while (rc == DS_OK && (step = sqlite3_step(st->sel_topic)) == SQLITE_ROW) {
			char *okey = column_text(st->sel_topic, 0), *skey = column_text(st->sel_topic, 1);
			size_t rt;
			unsigned bits;
			if (!okey || !skey)
				rc = ds__enomem();
			else if (strcmp(okey, copy) == 0 && (rc = local_term(&rt, l, skey)) == DS_OK &&
				 (rc = local_class(&bits, l, st, rt)) == DS_OK && (bits & CLASS_RECORD)) {
				for (k = 0; k < nrecs && !(recs[k] == rt && recs[k + 1] == m[i].term); k += 2)
					;
				if (k == nrecs && ((rc = push(&recs, &nrecs, &caprecs, rt)) < 0 ||
						   (rc = push(&recs, &nrecs, &caprecs, m[i].term)) < 0 ||
						   (rc = local_push(l, rt, LEVEL_FULL)) < 0))
					break;
			}
			ds__free(okey);
			ds__free(skey);
		}
		sqlite3_reset(st->sel_topic);
		if (rc == DS_OK && step != SQLITE_DONE)
			rc = st_error(st, step, "read");
		ds__free(copy);
	}
	if (rc == DS_OK)
		rc = local_reach(l, st);
	/* the local table of datasets: the entry's nodes first (the first of them, then the
	 * others as join_same() chains them: the latest first), then every other dataset node the
	 * graph holds, and the entry node of each of their identifiers */
	for (i = 0; i < nm && rc == DS_OK; i++) {
		size_t j = i == 0 ? 0 : nm - i, li;
		if ((rc = local_dataset(&li, l, m[j].term, head->ident)) == DS_OK)
			l->nodes[m[j].term].li = li + 1;
	}
	for (k = 0; k < im->g.nterms && rc == DS_OK; k++) {
		unsigned bits;
		ds_row row, hrow, prim;
		size_t li, pt;
		if (im->g.terms[k].kind == DS__RDF_LITERAL || l->nodes[k].li ||
		    (!l->nodes[k].loaded && !l->nodes[k].level))
			continue;
		if ((rc = local_class(&bits, l, st, k)) < 0 || !(bits & CLASS_DATASET))
			continue;
		if ((rc = st_row(&row, st, 0, node_key(st, l, k))) < 0)
			break;
		memset(&prim, 0, sizeof prim);
		memset(&hrow, 0, sizeof hrow);
		if (row.idx >= 0 && (rc = local_dataset(&li, l, k, row.ident)) == DS_OK) {
			l->nodes[k].li = li + 1;
			/* the node its identifier's entry is mapped from */
			if ((rc = st_row(&hrow, st, row.head, NULL)) == DS_OK &&
			    (rc = st_row(&prim, st, hrow.prim, NULL)) == DS_OK &&
			    (rc = local_term(&pt, l, prim.key)) == DS_OK && !l->nodes[pt].li &&
			    (rc = local_dataset(&li, l, pt, prim.ident)) == DS_OK)
				l->nodes[pt].li = li + 1;
		}
		row_dispose(&row);
		row_dispose(&hrow);
		row_dispose(&prim);
	}
	/* the classes of every node */
	for (k = 0; k < im->g.nterms && rc == DS_OK; k++)
		if (im->g.terms[k].kind != DS__RDF_LITERAL) {
			unsigned bits;
			rc = local_class(&bits, l, st, k);
		}
	if (rc == DS_OK)
		rc = local_index(l, &sm->im);
	if (rc == DS_OK &&
	    (!(im->same_next = ds__calloc(l->nlocal + 1, sizeof *im->same_next)) ||
	     !(im->primary = ds__calloc(l->nlocal + 1, sizeof *im->primary)) ||
	     !(gidx = ds__calloc(l->nlocal + 1, sizeof *gidx)) || !(gprim = ds__calloc(l->nlocal + 1, sizeof *gprim)) ||
	     !(im->tfirst = ds__calloc(im->g.nterms + 2, sizeof *im->tfirst)) ||
	     !(im->tidx = ds__malloc((nrecs / 2 + 1) * sizeof *im->tidx))))
		rc = ds__enomem();
	if (rc == DS_OK) {
		im->ndatasets = l->nlocal;
		for (k = 0; k < im->g.nterms; k++) {
			im->classes[k] = (unsigned char)l->nodes[k].bits;
			im->dindex[k] = l->nodes[k].li;
		}
		for (im->nid_slots = 16; im->nid_slots < 2 * l->nlocal + 2;)
			im->nid_slots *= 2;
		if (!(im->id_slots = ds__calloc(im->nid_slots, sizeof *im->id_slots)))
			rc = ds__enomem();
	}
	for (i = 0; i < l->nlocal && rc == DS_OK; i++) { /* each node's global index and its entry node's */
		ds_row row, h;
		if (i < nm) { /* the entry's own nodes, in the order the local table has them */
			gidx[i] = m[i == 0 ? 0 : nm - i].idx;
			gprim[i] = head->prim;
			continue;
		}
		if ((rc = st_row(&row, st, 0, node_key(st, l, im->ids_term[i]))) < 0)
			break;
		gidx[i] = row.idx;
		if ((rc = st_row(&h, st, row.head, NULL)) == DS_OK)
			gprim[i] = h.prim;
		row_dispose(&row);
		row_dispose(&h);
	}
	for (i = 0; i < l->nlocal && rc == DS_OK; i++) {
		size_t first = find_id(im, im->ids[i]), j;
		if (first != (size_t)-1)
			continue;
		for (k = (size_t)(id_hash(im->ids[i]) & (im->nid_slots - 1)); im->id_slots[k];
		     k = (k + 1) & (im->nid_slots - 1))
			;
		im->id_slots[k] = i + 1;
		im->primary[i] = i;
		for (j = 0; j < l->nlocal; j++)
			if (gidx[j] == gprim[i])
				im->primary[i] = j;
	}
	if (rc == DS_OK)
		for (i = 0; i + 1 < nm; i++) /* the entry's chain */
			im->same_next[i] = i + 2;
	/* catalogue records by the dataset they describe, in the order of their statements */
	for (i = 0; i < nrecs && rc == DS_OK; i += 2)
		im->tfirst[recs[i + 1] + 1]++;
	for (k = 0; k < im->g.nterms && rc == DS_OK; k++)
		im->tfirst[k + 1] += im->tfirst[k];
	if (rc == DS_OK) {
		size_t *fill = ds__malloc((im->g.nterms + 1) * sizeof *fill);
		if (!fill)
			rc = ds__enomem();
		else
			memcpy(fill, im->tfirst, (im->g.nterms + 1) * sizeof *fill);
		for (i = 0; fill && i < nrecs; i += 2) {
			size_t rt = recs[i], d = recs[i + 1], found = 0;
			for (k = l->nodes[rt].from; k < l->nodes[rt].to; k++)
				if (im->g.tr[k][1] == im->p_topic && im->g.tr[k][2] == d)
					found = k;
			im->tidx[fill[d]++] = found;
		}
		ds__free(fill);
	}
	ds__free(m);
	ds__free(recs);
	ds__free(gidx);
	ds__free(gprim);
	return rc;
}

/* ---------------------------------------------------------------- the mapping on two threads
 *
 * Each entry's graph is read from the store (stream_entry(), on the calling thread, which
 * alone uses the store); a second thread writes the entries in order (sm_emit(), which alone
 * uses the output and the identifier index). The mapping itself (read_dataset()) is done by
 * the second thread, or by the calling thread when the second has MAP_BEHIND entries or more
 * waiting (then the entry goes over mapped): both threads stay busy. At most MAP_SLOTS entries
 * wait, with at most MAP_TRIPLES statements together (one larger graph goes alone). Without a
 * second thread the calling thread does everything, entry by entry. */

enum { MAP_SLOTS = 64, MAP_WAKE = 8, MAP_BEHIND = 16, MAP_TRIPLES = 1u << 16 };

typedef struct map_item {
	local *l;	/* a graph to map, or NULL */
	ds_resource *r; /* else the entry mapped */
	size_t triples; /* its weight */
} map_item;

typedef struct mapper {
	streamer *sm;
	int threaded;
	pthread_t thread;
	pthread_mutex_t mu;
	pthread_cond_t cv;
	map_item slot[MAP_SLOTS];
	size_t head, count, triples;
	int done, rc;
	int blocked; /* the calling thread waits for room */
	failure fail;
} mapper;

/* read_dataset()'s emit on the calling thread: the entry is taken (1), to be written in order. */
static int keep_entry(void *ctx, ds_resource *r)
{
	*(ds_resource **)ctx = r;
	return 1;
}

/* Map the entry of graph @l, disposed of here: written at once (@kept NULL) or kept in @kept. */
static int map_entry(local *l, streamer *sm, ds_resource **kept)
{
	importer *im = &l->im;
	int rc;

	im->emit = kept ? keep_entry : sm_emit;
	im->emit_ctx = kept ? (void *)kept : (void *)sm;
	read_dataset(im, 0);
	rc = im->rc;
	im->base = NULL; /* borrowed */
	local_dispose(l);
	return rc;
}

static void *mapper_main(void *arg)
{
	mapper *mp = arg;
	int rc = DS_OK;

	pthread_mutex_lock(&mp->mu);
	for (;;) {
		map_item it[MAP_WAKE];
		size_t n, i, triples = 0;
		/* woken for MAP_WAKE entries at a time, and takes them together: a wake-up or a
		 * contended lock costs more than a small entry's writing */
		while (!mp->count || (mp->count < MAP_WAKE && !mp->done && !mp->blocked)) {
			if (!mp->count && mp->done)
				break;
			pthread_cond_wait(&mp->cv, &mp->mu);
		}
		if (!mp->count)
			break;
		n = mp->count < MAP_WAKE ? mp->count : MAP_WAKE;
		for (i = 0; i < n; i++)
			it[i] = mp->slot[(mp->head + i) % MAP_SLOTS];
		pthread_mutex_unlock(&mp->mu);
		for (i = 0; i < n; i++) {
			if (rc == DS_OK)
				rc = it[i].l ? map_entry(it[i].l, mp->sm, NULL) : sm_emit(mp->sm, it[i].r);
			else if (it[i].l)
				local_dispose(it[i].l);
			if (rc < 0 && !mp->fail.code)
				failure_keep(&mp->fail, rc);
			ds__free(it[i].l);
			ds_resource_free(it[i].r);
			triples += it[i].triples;
		}
		pthread_mutex_lock(&mp->mu);
		mp->head = (mp->head + n) % MAP_SLOTS;
		mp->count -= n;
		mp->triples -= triples;
		if (rc < 0)
			mp->rc = rc;
		if (mp->blocked || rc < 0)
			pthread_cond_broadcast(&mp->cv);
	}
	pthread_mutex_unlock(&mp->mu);
	return NULL;
}

static void mapper_start(mapper *mp, streamer *sm)
{
	memset(mp, 0, sizeof *mp);
	mp->sm = sm;
	if (pthread_mutex_init(&mp->mu, NULL) != 0)
		return;
	if (pthread_cond_init(&mp->cv, NULL) != 0) {
		pthread_mutex_destroy(&mp->mu);
		return;
	}
	if (pthread_create(&mp->thread, NULL, mapper_main, mp) != 0) {
		pthread_cond_destroy(&mp->cv);
		pthread_mutex_destroy(&mp->mu);
		return;
	}
	mp->threaded = 1;
}

/* Map and write the entry of graph @l (taken: freed here or by the second thread). A failure
 * of the second thread is raised here. */
static int mapper_put(mapper *mp, local *l)
{
	map_item it = { l, NULL, l->im.g.ntr };
	int rc;

	if (!mp->threaded) {
		rc = map_entry(l, mp->sm, NULL);
		ds__free(l);
		return rc;
	}
	pthread_mutex_lock(&mp->mu);
	if (mp->count >= MAP_BEHIND && !mp->rc) {
		pthread_mutex_unlock(&mp->mu);
		rc = map_entry(l, mp->sm, &it.r);
		ds__free(l);
		it.l = NULL;
		it.triples = 1;
		if (rc < 0 || !it.r) {
			ds_resource_free(it.r);
			return rc;
		}
		pthread_mutex_lock(&mp->mu);
	}
	while (!mp->rc && (mp->count == MAP_SLOTS || (mp->count && mp->triples + it.triples > MAP_TRIPLES))) {
		mp->blocked = 1;
		pthread_cond_broadcast(&mp->cv);
		pthread_cond_wait(&mp->cv, &mp->mu);
	}
	mp->blocked = 0;
	if (!(rc = mp->rc)) {
		mp->slot[(mp->head + mp->count) % MAP_SLOTS] = it;
		mp->count++;
		mp->triples += it.triples;
		if (mp->count >= MAP_WAKE)
			pthread_cond_broadcast(&mp->cv);
	}
	pthread_mutex_unlock(&mp->mu);
	if (rc < 0) {
		if (it.l) {
			local_dispose(it.l);
			ds__free(it.l);
		}
		ds_resource_free(it.r);
		return failure_raise(&mp->fail);
	}
	return DS_OK;
}

/* Wait until the entries handed over are written; @rc: the calling thread's result. The first
 * failure in the order of the entries wins: one of the entries handed over before, else @rc
 * (its error still the calling thread's). */
static int mapper_finish(mapper *mp, int rc)
{
	if (!mp->threaded)
		return rc;
	pthread_mutex_lock(&mp->mu);
	mp->done = 1;
	pthread_cond_broadcast(&mp->cv);
	pthread_mutex_unlock(&mp->mu);
	pthread_join(mp->thread, NULL);
	pthread_cond_destroy(&mp->cv);
	pthread_mutex_destroy(&mp->mu);
	mp->threaded = 0;
	if (mp->rc < 0)
		rc = failure_raise(&mp->fail);
	return rc;
}

/* The first catalogue's base and title, as import_graph() reads them. */
static int stream_catalogue(streamer *sm, ds_catalog *catalog, int *found)
{
	tstore *st = &sm->st;
	sqlite3_stmt *q = NULL;
	int rc, step;

	*found = 0;
	if ((rc = st_prepare(st, &q, "SELECT key FROM types WHERE bits = 2 ORDER BY rowid LIMIT 1")) < 0)
		return rc;
	if ((step = sqlite3_step(q)) == SQLITE_ROW) {
		char *key = column_text(q, 0);
		local l;
		size_t t, n;
		memset(&l, 0, sizeof l);
		*found = 1;
		if (!key) {
			rc = ds__enomem();
		} else {
			n = strlen(key + 1);
			if (key[0] == 'I' && n > 7 && strcmp(key + 1 + n - 7, "catalog") == 0) {
				ds__free(sm->im.base);
				if (!(sm->im.base = ds__strndup(key + 1, n - 7)))
					rc = ds__enomem();
			}
			if (rc == DS_OK && (rc = local_term(&t, &l, key)) == DS_OK &&
			    (rc = local_load(&l, st, t, DCAT_DCT "title")) == DS_OK &&
			    (rc = index_graph(&l.im.g)) == DS_OK) {
				const char *title = pick_literal(&l.im, t, DCAT_DCT "title", "zh");
				if (title && (rc = ds_catalog_set_title(catalog, title)) == DS_EPARSE)
					rc = DS_OK; /* a title the native format cannot hold is left out, as in memory */
			}
		}
		ds__free(key);
		local_dispose(&l);
	} else if (step != SQLITE_DONE) {
		rc = st_error(st, step, "read");
	}
	sqlite3_finalize(q);
	return rc;
}

static int stream_import(streamer *sm, const char *catalog_path, const char *dcat_path, const char *base)
{
	tstore *st = &sm->st;
	ds_catalog *head = NULL;
	sqlite3_stmt *q = NULL;
	size_t ndatasets = 0;
	int rc, found = 0, step;
	mapper mp;
	FILE *f;

	memset(&mp, 0, sizeof mp);
	if (!(f = fopen(dcat_path, "rb")))
		return ds__error(DS_EIO, "%s: cannot open", dcat_path);
	rc = st_open(st, dcat_path);
	if (rc == DS_OK)
		rc = feed_parse(st, f, base, dcat_path);
	fclose(f);
	if (rc < 0)
		return rc;
	if ((rc = st_index(st)) < 0 || (rc = ds_catalog_new(&head)) < 0)
		return rc;
	if (!(sm->im.base = ds__strdup(IMPORT_BASE)))
		rc = ds__enomem();
	if (rc == DS_OK)
		rc = stream_catalogue(sm, head, &found);
	if (rc == DS_OK)
		rc = stream_identities(sm, &ndatasets);
	if (rc == DS_OK && !ndatasets && !found) {
		/* the in-memory import's refusal, with its count of distinct triples */
		ds_catalog *c = NULL;
		ds_catalog_free(head);
		rc = ds_catalog_load_dcat(&c, dcat_path);
		ds_catalog_free(c);
		return rc < 0 ? rc : ds__error(DS_EINTERNAL, "%s: no dataset and no catalogue", dcat_path);
	}
	if (rc == DS_OK)
		rc = cat__ids_open(&sm->ids);
	if (rc == DS_OK && !(sm->out = fopen(catalog_path, "wb")))
		rc = ds__error(DS_EIO, "%s: cannot create", catalog_path);
	if (rc == DS_OK && (rc = ds__xmlw_begin(&sm->w, "catalog", "urn:datasset:catalog:1")) == DS_OK &&
	    ds_catalog_title(head))
		ds__xmlw_element(&sm->w, "title", ds_catalog_title(head));
	ds_catalog_free(head);
	if (rc == DS_OK)
		rc = st_prepare(st, &q,
				"SELECT key, ident, head, prim, digest, idx FROM ds WHERE head = idx ORDER BY idx");
	if (rc == DS_OK)
		mapper_start(&mp, sm);
	while (rc == DS_OK && (step = sqlite3_step(q)) == SQLITE_ROW) {
		ds_row row;
		local *l = ds__calloc(1, sizeof *l);
		row.key = column_text(q, 0);
		row.ident = column_text(q, 1);
		row.head = sqlite3_column_int64(q, 2);
		row.prim = sqlite3_column_int64(q, 3);
		row.digest = (uint64_t)sqlite3_column_int64(q, 4);
		row.idx = sqlite3_column_int64(q, 5);
		rc = l && row.key && row.ident ? stream_entry(l, sm, &row) : ds__enomem();
		if (rc == DS_OK) {
			rc = mapper_put(&mp, l);
		} else if (l) {
			local_dispose(l);
			ds__free(l);
		}
		row_dispose(&row);
	}
	if (rc == DS_OK && step != SQLITE_DONE)
		rc = st_error(st, step, "read");
	rc = mapper_finish(&mp, rc);
	sqlite3_finalize(q);
	if (rc == DS_OK) {
		char *rest = NULL;
		if ((rc = ds__xmlw_finish(&rest, &sm->w)) == DS_OK)
			rc = sm_write(sm, rest, strlen(rest));
		ds__free(rest);
	}
	return rc;
}

int ds_catalog_import_dcat_file(size_t *entries, const char *catalog_path, const char *dcat_path)
{
	streamer sm;
	ds__buf base = DS__BUF_INIT;
	int rc;

	if (!catalog_path || !dcat_path)
		return ds__error(DS_EINVAL, "ds_catalog_import_dcat_file: NULL argument");
	memset(&sm, 0, sizeof sm);
	sm.im.name = dcat_path;
	sm.out_name = catalog_path;
	ds__buf_puts(&base, "file://");
	if (dcat_path[0] != '/')
		ds__buf_puts(&base, "/");
	ds__buf_puts(&base, dcat_path);
	rc = base.oom ? ds__enomem() : stream_import(&sm, catalog_path, dcat_path, base.data);
	ds__xmlw_dispose(&sm.w);
	if (sm.out && fclose(sm.out) != 0 && rc == DS_OK)
		rc = ds__error(DS_EIO, "%s: write error", catalog_path);
	if (sm.out && rc < 0)
		remove(catalog_path);
	if (rc == DS_OK && entries)
		*entries = sm.count;
	cat__ids_free(sm.ids);
	st_close(&sm.st);
	ds__free(sm.im.base);
	ds__buf_dispose(&base);
	return rc;
}
