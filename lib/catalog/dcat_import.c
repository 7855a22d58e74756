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

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "catalog/dcat_internal.h"

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
	if ((im->rc = ds_catalog_add(im->catalog, r)) == DS_OK)
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
	im->p_type = P(im, DCAT_RDF "type");
	im->c_dataset = P(im, DCAT_NS "Dataset");
	im->c_catalog = P(im, DCAT_NS "Catalog");
	im->c_record = P(im, DCAT_NS "CatalogRecord");
	im->c_scheme = P(im, DCAT_SKOS "ConceptScheme");
	im->p_topic = P(im, DCAT_FOAF "primaryTopic");
	im->p_extension = P(im, DCAT_DS "extension");
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
