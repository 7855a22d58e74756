/*
 * DCAT-AP 3 export (docs/catalog.md, "DCAT-AP 3"): the catalogue as RDF/XML,
 * Turtle or N-Triples through the rdf layer, written entry by entry so that
 * memory does not grow with the catalogue (ds_catalog_stream_dcat).
 *
 * URI rules, all under the base URI B (percent-encoded identifiers, so that a
 * code such as "30201/1137...-00001" is one path segment); an entry imported
 * from DCAT keeps the IRIs it came with (its "urn:datasset:dcat:1" extensions):
 *   B catalog                          the dcat:Catalog;  B publisher  its publisher
 *   B dataset/{identifier}             the dcat:Dataset (the resource itself)
 *   B record/{identifier}              its dcat:CatalogRecord (元数据标识符, 元数据更新日期)
 *   B dataset/{identifier}/distribution   its dcat:Distribution
 *   B dataset/{identifier}/service     its dcat:DataService (when it has a service address)
 *   B dataset/{identifier}/schema      its 信息项 as a csvw:Schema (dct:conformsTo)
 *   B agent/{provider code, else name} the provider (foaf:Agent)
 *   B category, B category/{code}      the theme taxonomy and its skos:Concepts
 * Code-list values map to the EU vocabularies DCAT-AP requires (frequency,
 * access right, file type, language; dcat_vocab.c), the Chinese term kept as a
 * ds: literal. Entries without an identifier have no stable URI and are not
 * exported.
 * SPDX-License-Identifier: MIT
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "catalog/dcat_internal.h"
#include "internal/xml.h"

#define DEFAULT_BASE "urn:datasset:catalog:"

static const char *const namespaces[] = { "rdf",    DCAT_RDF,	"rdfs",	   DCAT_RDFS, "dcat",	 DCAT_NS, "dct",
					  DCAT_DCT, "foaf",	DCAT_FOAF, "skos",    DCAT_SKOS, "csvw",  DCAT_CSVW,
					  "vcard",  DCAT_VCARD, "xsd",	   DCAT_XSD,  "ds",	 DCAT_DS, NULL };

int ds_dcat_options_init(ds_dcat_options *opts, unsigned int version)
{
	static const ds_dcat_options defaults = DS_DCAT_OPTIONS_INIT;

	if (!opts || version < 1 || version > DS_DCAT_OPTIONS_VERSION)
		return ds__error(DS_EINVAL, "ds_dcat_options_init: NULL options or unknown version %u", version);
	if (version == 1) {
		opts->version = 1;
		opts->base_uri = NULL;
	} else {
		*opts = defaults;
	}
	return DS_OK;
}

/* ---------------------------------------------------------------- helpers */

uint64_t dcat__hash(const char *text, size_t len, uint64_t seed)
{
	uint64_t h = 14695981039346656037ULL ^ seed;
	size_t i;

	for (i = 0; i < len; i++) {
		h ^= (unsigned char)text[i];
		h *= 1099511628211ULL;
	}
	return h ? h : 1;
}

int dcat__set_add(dcat_set *s, uint64_t h)
{
	size_t i;

	if (!h)
		h = 1;
	if (2 * (s->count + 1) > s->cap) {
		size_t cap = s->cap ? s->cap * 2 : 256, k;
		uint64_t *slots = ds__calloc(cap, sizeof *slots);
		if (!slots)
			return ds__enomem();
		for (k = 0; k < s->cap; k++)
			if (s->slots[k]) {
				for (i = (size_t)(s->slots[k] & (cap - 1)); slots[i]; i = (i + 1) & (cap - 1))
					;
				slots[i] = s->slots[k];
			}
		ds__free(s->slots);
		s->slots = slots;
		s->cap = cap;
	}
	for (i = (size_t)(h & (s->cap - 1)); s->slots[i]; i = (i + 1) & (s->cap - 1))
		if (s->slots[i] == h)
			return 0;
	s->slots[i] = h;
	s->count++;
	return 1;
}

void dcat__set_dispose(dcat_set *s)
{
	ds__free(s->slots);
	memset(s, 0, sizeof *s);
}

void dcat__put_encoded(ds__buf *b, const char *text)
{
	static const char hex[] = "0123456789ABCDEF";
	const unsigned char *s;

	for (s = (const unsigned char *)text; *s; s++) {
		if ((*s >= 'A' && *s <= 'Z') || (*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') || *s == '-' ||
		    *s == '.' || *s == '_' || *s == '~') {
			ds__buf_putc(b, (char)*s);
		} else {
			ds__buf_putc(b, '%');
			ds__buf_putc(b, hex[*s >> 4]);
			ds__buf_putc(b, hex[*s & 15]);
		}
	}
}

int dcat__valid_uri(const char *text)
{
	const char *s = text;

	if (!text || !((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z')))
		return 0;
	while ((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') || (*s >= '0' && *s <= '9') || *s == '+' ||
	       *s == '-' || *s == '.')
		s++;
	if (*s != ':' || !s[1])
		return 0;
	for (s++; *s; s++)
		if ((unsigned char)*s <= ' ' || strchr("\"<>\\^`{|}", *s) || (unsigned char)*s == 0x7f)
			return 0;
	return 1;
}

int dcat__valid_date(const char *text)
{
	ds__date date;

	return text && strlen(text) == 10 && ds__date_parse(&date, text) == DS_OK;
}

static const char *ext(const ds_resource *r, const char *key)
{
	return ds_resource_extension_get(r, DCAT_EXT, key);
}

/* 1 for a blank-node dataset's label: "ds" and 16 hex digits (then, for a node merged into
 * another one's entry, "s" and more). */
static int dataset_label(const char *label)
{
	size_t i;

	if (strncmp(label, "ds", 2) != 0)
		return 0;
	for (i = 2; i < 18; i++)
		if (!strchr("0123456789abcdef", label[i]) || !label[i])
			return 0;
	return label[18] == '\0' || label[18] == 's';
}

int dcat__blank_dataset(const char *ref)
{
	return ref && ref[0] == '_' && ref[1] == ':' && dataset_label(ref + 2);
}

void dcat__dataset_label(ds__buf *out, const char *identifier, const char *secondary)
{
	ds__buf_printf(out, "_:ds%016llx", (unsigned long long)dcat__hash(identifier, strlen(identifier), 13));
	if (secondary)
		ds__buf_printf(out, "s%s", secondary);
}

void dcat__dataset_iri(ds__buf *out, const char *base, const ds_resource *r)
{
	const char *iri = ext(r, "iri");

	ds__buf_clear(out);
	if (iri && (dcat__valid_uri(iri) || dcat__blank_dataset(iri))) {
		ds__buf_puts(out, iri);
	} else {
		ds__buf_puts(out, base);
		ds__buf_puts(out, "dataset/");
		dcat__put_encoded(out, r->fields[DS_FIELD_IDENTIFIER]);
	}
}

/* ---------------------------------------------------------------- the generator */

static const ds__rdf_term *T(ds__rdf_term *t, ds__rdf_kind kind, const char *value)
{
	memset(t, 0, sizeof *t);
	t->kind = kind;
	t->value = value;
	return t;
}

static void emit(dcat_gen *g, const ds__rdf_term *s, const char *predicate, const ds__rdf_term *o)
{
	ds__rdf_term p;

	if (g->rc < 0)
		return;
	g->rc = g->emit(g->ctx, s, T(&p, DS__RDF_IRI, predicate), o);
}

static void link_iri(dcat_gen *g, const ds__rdf_term *s, const char *predicate, const char *iri)
{
	ds__rdf_term o;

	if (iri)
		emit(g, s, predicate, T(&o, DS__RDF_IRI, iri));
}

static void literal(dcat_gen *g, const ds__rdf_term *s, const char *predicate, const char *text, const char *lang,
		    const char *datatype)
{
	ds__rdf_term o;

	if (!text)
		return;
	T(&o, DS__RDF_LITERAL, text);
	o.lang = lang;
	o.datatype = datatype;
	emit(g, s, predicate, &o);
}

/* A node reference kept on an entry: "_:label" (a blank node of its triples) or an IRI. */
static const ds__rdf_term *node_ref(dcat_gen *g, ds__rdf_term *t, ds__buf *scratch, const char *ref)
{
	if (ref[0] == '_' && ref[1] == ':') {
		ds__buf_clear(scratch);
		ds__buf_puts(scratch, g->blank_prefix);
		ds__buf_puts(scratch, ref + 2);
		return T(t, DS__RDF_BLANK, scratch->data ? scratch->data : "");
	}
	return T(t, DS__RDF_IRI, ref);
}

/* 1 when the node @key was not written yet (always 1 without a shared set). */
static int first_time(dcat_gen *g, const char *kind, const char *key)
{
	int rc;

	if (!g->shared)
		return 1;
	rc = dcat__set_add(g->shared, dcat__hash(key, strlen(key), dcat__hash(kind, strlen(kind), 0)));
	if (rc < 0)
		g->rc = rc;
	return rc == 1;
}

/* "@node a @type" once per document. */
static void typed(dcat_gen *g, const char *node, const char *type)
{
	ds__rdf_term s;

	if (first_time(g, type, node))
		link_iri(g, T(&s, DS__RDF_IRI, node), DCAT_RDF "type", type);
}

/* The EU concept for a code-list value: the one kept on the entry when it still maps to the
 * value (the value was not edited since import), else the table's. NULL: none. */
static const char *eu_concept(ds__buf *out, const ds_resource *r, const char *key, const char *value,
			      int (*to_iri)(ds__buf *, const char *), const char *(*to_term)(const char *))
{
	const char *kept = ext(r, key);

	if (!value)
		return NULL;
	if (kept && to_term(kept) && strcmp(to_term(kept), value) == 0)
		return kept;
	return to_iri(out, value) == 1 ? out->data : NULL;
}

static void write_residual(dcat_gen *g, const ds_resource *r, const ds__rdf_term *self);

/* The language tag to write label @key with: the source literal's when import kept it
 * ("<key>-lang": a tag, or "none" for an untagged literal), else @lang. */
static const char *kept_lang(const ds_resource *r, const char *key, const char *lang)
{
	char name[64];
	const char *kept;

	snprintf(name, sizeof name, "%s-lang", key);
	kept = ext(r, name);
	if (!kept || strspn(kept, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-") != strlen(kept))
		return lang; /* not a language tag (an edited file): the entry's */
	return strcmp(kept, "none") == 0 ? NULL : kept;
}

static void agent(dcat_gen *g, const ds_resource *r, const ds__rdf_term *self, const char *lang)
{
	const char *name = r->fields[DS_FIELD_PROVIDER_NAME], *code = r->fields[DS_FIELD_PROVIDER_CODE];
	const char *kept = ext(r, "publisher"), *key = code ? code : name;
	ds__rdf_term a;
	ds__buf blank = DS__BUF_INIT;

	if (!kept && !key)
		return;
	ds__buf_clear(&g->a);
	if (kept && kept[0] == '_' && kept[1] == ':') {
		/* a blank-node publisher: the label its triples use */
		node_ref(g, &a, &blank, kept);
		if (blank.oom) {
			g->rc = ds__enomem();
		} else {
			emit(g, self, DCAT_DCT "publisher", &a);
			if (first_time(g, "agent", a.value)) {
				link_iri(g, &a, DCAT_RDF "type", DCAT_FOAF "Agent");
				literal(g, &a, DCAT_FOAF "name", name, kept_lang(r, "publisher-name", lang), NULL);
				literal(g, &a, DCAT_DCT "identifier", code, NULL, NULL);
			}
		}
		ds__buf_dispose(&blank);
		return;
	}
	if (kept) {
		ds__buf_puts(&g->a, kept);
	} else {
		ds__buf_puts(&g->a, g->base);
		ds__buf_puts(&g->a, "agent/");
		dcat__put_encoded(&g->a, key);
	}
	if (g->a.oom) {
		g->rc = ds__enomem();
		return;
	}
	link_iri(g, self, DCAT_DCT "publisher", g->a.data);
	if (!first_time(g, "agent", g->a.data))
		return;
	T(&a, DS__RDF_IRI, g->a.data);
	link_iri(g, &a, DCAT_RDF "type", DCAT_FOAF "Agent");
	literal(g, &a, DCAT_FOAF "name", name, kept_lang(r, "publisher-name", lang), NULL);
	literal(g, &a, DCAT_DCT "identifier", code, NULL, NULL);
}

static void theme(dcat_gen *g, const ds_resource *r, const ds__rdf_term *self, const char *lang)
{
	const char *code = r->fields[DS_FIELD_CATEGORY_CODE], *name = r->fields[DS_FIELD_CATEGORY_NAME];
	const char *kept = ext(r, "theme");
	ds__rdf_term t;

	if (!code)
		return;
	ds__buf_clear(&g->a);
	if (kept) {
		ds__buf_puts(&g->a, kept);
	} else {
		ds__buf_puts(&g->a, g->base);
		ds__buf_puts(&g->a, "category/");
		dcat__put_encoded(&g->a, code);
	}
	if (g->a.oom) {
		g->rc = ds__enomem();
		return;
	}
	link_iri(g, self, DCAT_NS "theme", g->a.data);
	if (!first_time(g, "theme", g->a.data))
		return;
	T(&t, DS__RDF_IRI, g->a.data);
	link_iri(g, &t, DCAT_RDF "type", DCAT_SKOS "Concept");
	literal(g, &t, DCAT_SKOS "prefLabel", name ? name : code, name ? kept_lang(r, "theme-label", lang) : lang,
		NULL);
	if (strcmp(code, g->a.data) != 0)
		literal(g, &t, DCAT_SKOS "notation", code, NULL, NULL);
	literal(g, &t, DCAT_DS "categoryScheme", r->fields[DS_FIELD_CATEGORY_SCHEME], lang, NULL);
	if (!kept) {
		ds__buf_clear(&g->b);
		ds__buf_printf(&g->b, "%scategory", g->base);
		link_iri(g, &t, DCAT_SKOS "inScheme", g->b.data);
	}
}

static void distribution(dcat_gen *g, const ds_resource *r, const ds__rdf_term *self, const char *id, const char *lang)
{
	const char *kept = ext(r, "distribution"), *link = r->fields[DS_FIELD_ONLINE_LINK];
	const char *service = r->fields[DS_FIELD_SERVICE_ADDRESS], *format = r->fields[DS_FIELD_FORMAT], *ft;
	ds__rdf_term d, o, col;
	ds__buf dist = DS__BUF_INIT, scratch = DS__BUF_INIT;
	size_t i;

	if (kept && strcmp(kept, "none") == 0) {
		/* imported without a distribution: none is made up for the landing page alone */
		if (!format && !service && !r->item_count)
			return;
		kept = NULL;
	}
	if (!kept && !format && !dcat__valid_uri(link) && !service && !r->item_count)
		return;
	if (kept) {
		node_ref(g, &d, &scratch, kept);
		ds__buf_puts(&dist, d.value);
		d.value = dist.data ? dist.data : "";
	} else {
		ds__buf_printf(&dist, "%sdataset/", g->base);
		dcat__put_encoded(&dist, id);
		ds__buf_puts(&dist, "/distribution");
		T(&d, DS__RDF_IRI, dist.data ? dist.data : "");
	}
	emit(g, self, DCAT_NS "distribution", &d);
	link_iri(g, &d, DCAT_RDF "type", DCAT_NS "Distribution");
	if (!kept) {
		/* DCAT-AP: an access URL is mandatory; the online link, else the service address */
		if (dcat__valid_uri(link))
			link_iri(g, &d, DCAT_NS "accessURL", link);
		else if (dcat__valid_uri(service))
			link_iri(g, &d, DCAT_NS "accessURL", service);
	}
	if ((ft = eu_concept(&g->c, r, "file-type", format, dcat__file_type_iri, dcat__file_type_term)) != NULL) {
		ds__buf_clear(&scratch);
		ds__buf_puts(&scratch, ft);
		link_iri(g, &d, DCAT_DCT "format", scratch.data);
		typed(g, scratch.data, DCAT_DCT "MediaTypeOrExtent");
	}
	literal(g, &d, DCAT_DS "format", format, "zh", NULL);
	if (service) {
		ds__buf_clear(&g->b);
		ds__buf_printf(&g->b, "%sdataset/", g->base);
		dcat__put_encoded(&g->b, id);
		ds__buf_puts(&g->b, "/service");
		link_iri(g, &d, DCAT_NS "accessService", g->b.data);
	}
	if (r->item_count) {
		ds__buf schema = DS__BUF_INIT, column = DS__BUF_INIT;
		ds__buf_printf(&schema, "%sdataset/", g->base);
		dcat__put_encoded(&schema, id);
		ds__buf_puts(&schema, "/schema");
		T(&o, DS__RDF_IRI, schema.data ? schema.data : "");
		emit(g, &d, DCAT_DCT "conformsTo", &o);
		link_iri(g, &o, DCAT_RDF "type", DCAT_CSVW "Schema");
		link_iri(g, &o, DCAT_RDF "type", DCAT_DCT "Standard");
		for (i = 0; i < r->item_count && g->rc == DS_OK; i++) {
			char number[48];
			ds__buf_clear(&column);
			ds__buf_printf(&column, "%s/column/%zu", schema.data ? schema.data : "", i + 1);
			T(&col, DS__RDF_IRI, column.data ? column.data : "");
			emit(g, &o, DCAT_CSVW "column", &col);
			link_iri(g, &col, DCAT_RDF "type", DCAT_CSVW "Column");
			literal(g, &col, DCAT_CSVW "name", r->items[i].name, lang, NULL);
			literal(g, &col, DCAT_DS "itemType", r->items[i].type, NULL, NULL);
			if (r->items[i].length) {
				snprintf(number, sizeof number, "%ld", r->items[i].length);
				literal(g, &col, DCAT_CSVW "maxLength", number, NULL, DCAT_XSD "integer");
			}
			literal(g, &col, DCAT_DCT "description", r->items[i].description, lang, NULL);
		}
		if (schema.oom || column.oom)
			g->rc = ds__enomem();
		ds__buf_dispose(&schema);
		ds__buf_dispose(&column);
	}
	if (dist.oom || scratch.oom)
		g->rc = ds__enomem();
	ds__buf_dispose(&dist);
	ds__buf_dispose(&scratch);
}

/* The language tag of a keyword: the entry's, unless import listed the keyword in
 * "untagged-keywords" (it came without a tag): then none. */
static const char *keyword_lang(const ds_resource *r, const char *keyword, const char *lang)
{
	const char *list = ext(r, "untagged-keywords"), *line, *end;
	size_t n = strlen(keyword);

	for (line = list; line && *line; line = *end ? end + 1 : end) {
		if (!(end = strchr(line, '\n')))
			end = line + strlen(line);
		if ((size_t)(end - line) == n && strncmp(line, keyword, n) == 0)
			return NULL;
	}
	return lang;
}

/* The datatype to write field @key with: the source literal's when import kept it
 * ("<key>-datatype", "none" for a plain literal), else @datatype. */
static const char *kept_datatype(const ds_resource *r, const char *key, const char *datatype)
{
	char name[64];
	const char *kept;

	snprintf(name, sizeof name, "%s-datatype", key);
	if (!(kept = ext(r, name)))
		return datatype;
	if (strcmp(kept, "none") == 0)
		return NULL;
	return dcat__valid_uri(kept) ? kept : datatype;
}

int dcat__entry(dcat_gen *g, const ds_resource *r, const ds__rdf_term *self)
{
	const char *id = r->fields[DS_FIELD_IDENTIFIER], *lang = ext(r, "lang") ? ext(r, "lang") : "zh", *v;
	ds__buf node = DS__BUF_INIT;
	ds__rdf_term t, x;
	size_t i;

	if (strcmp(lang, "none") == 0) /* imported with untagged text only: written untagged */
		lang = NULL;
	link_iri(g, self, DCAT_RDF "type", DCAT_NS "Dataset");
	literal(g, self, DCAT_DCT "identifier", id, NULL, kept_datatype(r, "identifier", NULL));
	literal(g, self, DCAT_DCT "title", r->fields[DS_FIELD_TITLE], lang, NULL);
	literal(g, self, DCAT_DCT "description", r->fields[DS_FIELD_ABSTRACT], lang, NULL);
	if (dcat__language_iri(&g->c, lang) == 1) {
		ds__buf_clear(&node);
		ds__buf_puts(&node, g->c.data);
		link_iri(g, self, DCAT_DCT "language", node.data);
		typed(g, node.data, DCAT_DCT "LinguisticSystem");
	}
	agent(g, r, self, lang);
	literal(g, self, DCAT_DS "providerDepartment", r->fields[DS_FIELD_PROVIDER_DEPARTMENT], lang, NULL);
	theme(g, r, self, lang);
	for (i = 0; i < r->lists[DS_LIST_KEYWORDS].count; i++)
		literal(g, self, DCAT_NS "keyword", r->lists[DS_LIST_KEYWORDS].values[i],
			keyword_lang(r, r->lists[DS_LIST_KEYWORDS].values[i], lang), NULL);
	if (dcat__valid_uri(r->fields[DS_FIELD_ONLINE_LINK])) {
		link_iri(g, self, DCAT_NS "landingPage", r->fields[DS_FIELD_ONLINE_LINK]);
		link_iri(g, T(&t, DS__RDF_IRI, r->fields[DS_FIELD_ONLINE_LINK]), DCAT_RDF "type", DCAT_FOAF "Document");
	}
	if ((v = eu_concept(&g->c, r, "frequency", r->fields[DS_FIELD_UPDATE_CYCLE], dcat__frequency_iri,
			    dcat__frequency_term)) != NULL) {
		ds__buf_clear(&node);
		ds__buf_puts(&node, v);
		link_iri(g, self, DCAT_DCT "accrualPeriodicity", node.data);
		typed(g, node.data, DCAT_DCT "Frequency");
	}
	literal(g, self, DCAT_DS "updateCycle", r->fields[DS_FIELD_UPDATE_CYCLE], "zh", NULL);
	if ((v = eu_concept(&g->c, r, "access-rights", r->fields[DS_FIELD_OPEN_TYPE], dcat__access_iri,
			    dcat__access_term)) != NULL) {
		ds__buf_clear(&node);
		ds__buf_puts(&node, v);
		link_iri(g, self, DCAT_DCT "accessRights", node.data);
		typed(g, node.data, DCAT_DCT "RightsStatement");
	}
	literal(g, self, DCAT_DS "openType", r->fields[DS_FIELD_OPEN_TYPE], "zh", NULL);
	literal(g, self, DCAT_DS "openCondition", r->fields[DS_FIELD_OPEN_CONDITION], lang, NULL);
	literal(g, self, DCAT_DS "shareType", r->fields[DS_FIELD_SHARE_TYPE], "zh", NULL);
	literal(g, self, DCAT_DS "shareCondition", r->fields[DS_FIELD_SHARE_CONDITION], lang, NULL);
	literal(g, self, DCAT_DS "shareMode", r->fields[DS_FIELD_SHARE_MODE], "zh", NULL);
	if (dcat__valid_date(r->fields[DS_FIELD_PUBLISHED]))
		literal(g, self, DCAT_DCT "issued", r->fields[DS_FIELD_PUBLISHED], NULL,
			kept_datatype(r, "issued", DCAT_XSD "date"));
	literal(g, self, DCAT_DS "securityClass", r->fields[DS_FIELD_SECURITY_CLASS], "zh", NULL);
	if ((v = r->fields[DS_FIELD_PERSONAL_INFO]) != NULL && (strcmp(v, "true") == 0 || strcmp(v, "false") == 0))
		literal(g, self, DCAT_DS "personalInformation", v, NULL, DCAT_XSD "boolean");
	for (i = 0; i < r->lists[DS_LIST_RELATED].count && g->rc == DS_OK; i++) {
		const char *rel = r->lists[DS_LIST_RELATED].values[i];
		const char *iri = g->related_iri ? g->related_iri(g->related_ctx, rel) : NULL;
		if (g->related_iri && !iri)
			continue; /* names no entry */
		ds__buf_clear(&node);
		if (iri) {
			ds__buf_puts(&node, iri);
		} else {
			ds__buf_printf(&node, "%sdataset/", g->base);
			dcat__put_encoded(&node, rel);
		}
		if (dcat__blank_dataset(node.data)) /* a blank-node dataset: its label, never prefixed */
			emit(g, self, DCAT_DCT "relation", T(&t, DS__RDF_BLANK, node.data + 2));
		else
			link_iri(g, self, DCAT_DCT "relation", node.data);
	}
	for (i = 0; i < r->extension_count && g->rc == DS_OK; i++) {
		if (strcmp(r->extensions[i].ns, DCAT_EXT) == 0)
			continue;
		ds__buf_clear(&node);
		ds__buf_printf(&node, "%sx%zu", g->blank_prefix, i + 1);
		T(&x, DS__RDF_BLANK, node.data ? node.data : "");
		emit(g, self, DCAT_DS "extension", &x);
		literal(g, &x, DCAT_DS "namespace", r->extensions[i].ns, NULL, NULL);
		literal(g, &x, DCAT_DS "key", r->extensions[i].key, NULL, NULL);
		literal(g, &x, DCAT_RDF "value", r->extensions[i].value, lang, NULL);
	}
	distribution(g, r, self, id, lang);
	if (r->fields[DS_FIELD_SERVICE_ADDRESS]) {
		ds__buf_clear(&node);
		ds__buf_printf(&node, "%sdataset/", g->base);
		dcat__put_encoded(&node, id);
		ds__buf_puts(&node, "/service");
		T(&t, DS__RDF_IRI, node.data ? node.data : "");
		link_iri(g, &t, DCAT_RDF "type", DCAT_NS "DataService");
		literal(g, &t, DCAT_DCT "title", r->fields[DS_FIELD_TITLE], lang, NULL);
		if (dcat__valid_uri(r->fields[DS_FIELD_SERVICE_ADDRESS]))
			link_iri(g, &t, DCAT_NS "endpointURL", r->fields[DS_FIELD_SERVICE_ADDRESS]);
		else
			literal(g, &t, DCAT_DS "serviceAddress", r->fields[DS_FIELD_SERVICE_ADDRESS], NULL, NULL);
		literal(g, &t, DCAT_DS "serviceType", r->fields[DS_FIELD_SERVICE_TYPE], NULL, NULL);
		emit(g, &t, DCAT_NS "servesDataset", self);
	}
	/* The catalogue record: DCAT-AP requires its dct:modified, so it is written when the
	 * entry has a metadata date (or came with a record); else the metadata id and contact
	 * stay on the dataset. */
	if (ext(r, "record") || dcat__valid_date(r->fields[DS_FIELD_METADATA_DATE])) {
		ds__buf scratch = DS__BUF_INIT;
		if (ext(r, "record")) {
			node_ref(g, &t, &scratch, ext(r, "record"));
		} else {
			ds__buf_clear(&node);
			ds__buf_printf(&node, "%srecord/", g->base);
			dcat__put_encoded(&node, id);
			T(&t, DS__RDF_IRI, node.data ? node.data : "");
		}
		link_iri(g, &t, DCAT_RDF "type", DCAT_NS "CatalogRecord");
		emit(g, &t, DCAT_FOAF "primaryTopic", self);
		literal(g, &t, DCAT_DCT "identifier", r->fields[DS_FIELD_METADATA_ID], NULL, NULL);
		if (dcat__valid_date(r->fields[DS_FIELD_METADATA_DATE]))
			literal(g, &t, DCAT_DCT "modified", r->fields[DS_FIELD_METADATA_DATE], NULL, DCAT_XSD "date");
		literal(g, &t, DCAT_DS "metadataContact", r->fields[DS_FIELD_METADATA_CONTACT], lang, NULL);
		ds__buf_dispose(&scratch);
	} else {
		literal(g, self, DCAT_DS "metadataId", r->fields[DS_FIELD_METADATA_ID], NULL, NULL);
		literal(g, self, DCAT_DS "metadataContact", r->fields[DS_FIELD_METADATA_CONTACT], lang, NULL);
	}
	if (node.oom && g->rc == DS_OK)
		g->rc = ds__enomem();
	ds__buf_dispose(&node);
	if (g->with_residual && g->rc == DS_OK)
		write_residual(g, r, self);
	return g->rc;
}

/* ---------------------------------------------------------------- what DCAT had beyond the fields */

typedef struct residual {
	dcat_gen *g;
	const ds__rdf_term *self;
	ds__buf s, o, line;
} residual;

static const ds__rdf_term *relabel(residual *x, const ds__rdf_term *t, ds__rdf_term *out, ds__buf *b)
{
	if (t->kind != DS__RDF_BLANK)
		return t;
	if (strcmp(t->value, "self") == 0)
		return x->self;
	if (dataset_label(t->value))
		return t; /* another dataset's node: one label in the whole document */
	ds__buf_clear(b);
	ds__buf_puts(b, x->g->blank_prefix);
	ds__buf_puts(b, t->value);
	return T(out, DS__RDF_BLANK, b->data ? b->data : "");
}

static int residual_triple(void *ctx, const ds__rdf_term *s, const ds__rdf_term *p, const ds__rdf_term *o)
{
	residual *x = ctx;
	ds__rdf_term s2, o2;
	const ds__rdf_term *ss = relabel(x, s, &s2, &x->s), *oo = relabel(x, o, &o2, &x->o);

	/* Shared nodes (a publisher many datasets name) once per document. */
	if (ss->kind == DS__RDF_IRI && x->g->shared &&
	    !(x->self->kind == DS__RDF_IRI && strcmp(ss->value, x->self->value) == 0)) {
		int rc;
		ds__buf_clear(&x->line);
		ds__rdf_term_nt(&x->line, ss);
		ds__rdf_term_nt(&x->line, p);
		ds__rdf_term_nt(&x->line, oo);
		if (x->line.oom)
			return ds__enomem();
		if ((rc = dcat__set_add(x->g->shared, dcat__hash(x->line.data, x->line.len, 7))) < 0)
			return rc;
		if (rc == 0)
			return DS_OK;
	}
	return x->g->emit(x->g->ctx, ss, p, oo);
}

static void write_residual(dcat_gen *g, const ds_resource *r, const ds__rdf_term *self)
{
	const char *text = ext(r, "triples");
	residual x;

	if (!text)
		return;
	memset(&x, 0, sizeof x);
	x.g = g;
	x.self = self;
	g->rc = ds__rdf_parse(DS__RDF_NTRIPLES, text, strlen(text), NULL, "triples extension", residual_triple, &x);
	ds__buf_dispose(&x.s);
	ds__buf_dispose(&x.o);
	ds__buf_dispose(&x.line);
}

/* ---------------------------------------------------------------- documents */

typedef struct exporter {
	ds__rdf_writer *w;
	dcat_gen g;
	dcat_set shared;
	const ds_catalog *catalog; /* NULL when streaming */
	cat_ids *ids;		   /* streaming: every identifier with its entry's dataset IRI */
	ds__buf self, catalog_iri, tmp;
	size_t entries;
	/* output */
	ds__buf *out_buf;
	FILE *out_file;
	const char *out_name;
	const ds_dcat_options *opts;
} exporter;

static int to_writer(void *ctx, const ds__rdf_term *s, const ds__rdf_term *p, const ds__rdf_term *o)
{
	return ds__rdf_writer_add(ctx, s, p, o);
}

static int output(void *ctx, const char *data, size_t len)
{
	exporter *e = ctx;

	if (e->out_file) {
		if (fwrite(data, 1, len, e->out_file) != len)
			return ds__error(DS_EIO, "%s: write error", e->out_name);
		return DS_OK;
	}
	return ds__buf_put(e->out_buf, data, len) < 0 ? ds__enomem() : DS_OK;
}

static const char *related_in_catalog(void *ctx, const char *identifier)
{
	exporter *e = ctx;
	size_t i = cat__lookup(e->catalog, identifier);

	if (i == (size_t)-1)
		return NULL;
	dcat__dataset_iri(&e->tmp, e->g.base, e->catalog->entries[i]);
	return e->tmp.data;
}

static int begin(exporter *e, const ds_dcat_options *opts, const char *title)
{
	static const ds_dcat_options defaults = DS_DCAT_OPTIONS_INIT;
	ds__rdf_syntax syntax = DS__RDF_RDFXML;
	const char *description = NULL, *publisher = NULL;
	ds__rdf_term c, t, pub;
	ds__buf b = DS__BUF_INIT;
	int rc;

	if (!opts)
		opts = &defaults;
	if (opts->version < 1 || opts->version > DS_DCAT_OPTIONS_VERSION)
		return ds__error(DS_EINVAL, "ds_dcat_options: unknown version %u", opts->version);
	if (opts->version >= 2) {
		if (opts->syntax == DS_DCAT_TURTLE)
			syntax = DS__RDF_TURTLE;
		else if (opts->syntax == DS_DCAT_NTRIPLES)
			syntax = DS__RDF_NTRIPLES;
		else if (opts->syntax != DS_DCAT_RDFXML)
			return ds__error_at(DS_EINVAL, 0, 0, "syntax", "unknown DCAT syntax %d", (int)opts->syntax);
		description = opts->description;
		publisher = opts->publisher;
	}
	e->g.base = opts->base_uri ? opts->base_uri : DEFAULT_BASE;
	if (!dcat__valid_uri(e->g.base))
		return ds__error_at(DS_EINVAL, 0, 0, "base_uri", "base URI '%s' is not an absolute URI", e->g.base);
	e->g.emit = to_writer;
	e->g.shared = &e->shared;
	e->g.blank_prefix = "";
	e->g.with_residual = 1;
	if ((rc = ds__rdf_writer_new(&e->w, syntax, namespaces, output, e)) < 0)
		return rc;
	e->g.ctx = e->w;
	/* The catalogue: DCAT-AP requires a title, a description and a publisher. */
	ds__buf_printf(&e->catalog_iri, "%scatalog", e->g.base);
	T(&c, DS__RDF_IRI, e->catalog_iri.data ? e->catalog_iri.data : "");
	link_iri(&e->g, &c, DCAT_RDF "type", DCAT_NS "Catalog");
	title = title ? title : "政务信息资源目录";
	literal(&e->g, &c, DCAT_DCT "title", title, "zh", NULL);
	literal(&e->g, &c, DCAT_DCT "description", description ? description : title, "zh", NULL);
	ds__buf_printf(&b, "%spublisher", e->g.base);
	T(&pub, DS__RDF_IRI, b.data ? b.data : "");
	emit(&e->g, &c, DCAT_DCT "publisher", &pub);
	link_iri(&e->g, &pub, DCAT_RDF "type", DCAT_FOAF "Agent");
	literal(&e->g, &pub, DCAT_FOAF "name", publisher ? publisher : title, "zh", NULL);
	ds__buf_clear(&b);
	ds__buf_printf(&b, "%scategory", e->g.base);
	T(&t, DS__RDF_IRI, b.data ? b.data : "");
	emit(&e->g, &c, DCAT_NS "themeTaxonomy", &t);
	link_iri(&e->g, &t, DCAT_RDF "type", DCAT_SKOS "ConceptScheme");
	literal(&e->g, &t, DCAT_DCT "title", "信息资源分类", "zh", NULL);
	literal(&e->g, &t, DCAT_SKOS "prefLabel", "信息资源分类", "zh", NULL);
	if (b.oom || e->catalog_iri.oom)
		e->g.rc = ds__enomem();
	ds__buf_dispose(&b);
	if (e->g.rc == DS_OK)
		e->g.rc = ds__rdf_writer_block(e->w);
	return e->g.rc;
}

static int entry(exporter *e, const ds_resource *r)
{
	const char *id = r->fields[DS_FIELD_IDENTIFIER];
	ds__rdf_term self, c;
	ds__buf b = DS__BUF_INIT;
	char prefix[32];

	if (!id)
		return DS_OK;
	e->entries++;
	snprintf(prefix, sizeof prefix, "e%zu", e->entries);
	e->g.blank_prefix = prefix;
	dcat__dataset_iri(&e->self, e->g.base, r);
	if (e->self.oom)
		return ds__enomem();
	if (dcat__blank_dataset(e->self.data))
		T(&self, DS__RDF_BLANK, e->self.data + 2);
	else
		T(&self, DS__RDF_IRI, e->self.data);
	T(&c, DS__RDF_IRI, e->catalog_iri.data);
	emit(&e->g, &c, DCAT_NS "dataset", &self);
	if (ext(r, "record") == NULL && dcat__valid_date(r->fields[DS_FIELD_METADATA_DATE])) {
		ds__buf_printf(&b, "%srecord/", e->g.base);
		dcat__put_encoded(&b, id);
		link_iri(&e->g, &c, DCAT_NS "record", b.data);
	}
	if (r->fields[DS_FIELD_SERVICE_ADDRESS]) {
		ds__buf_clear(&b);
		ds__buf_printf(&b, "%sdataset/", e->g.base);
		dcat__put_encoded(&b, id);
		ds__buf_puts(&b, "/service");
		link_iri(&e->g, &c, DCAT_NS "service", b.data);
	}
	if (b.oom && e->g.rc == DS_OK)
		e->g.rc = ds__enomem();
	ds__buf_dispose(&b);
	if (e->g.rc == DS_OK)
		dcat__entry(&e->g, r, &self);
	if (e->g.rc == DS_OK)
		e->g.rc = ds__rdf_writer_block(e->w);
	return e->g.rc;
}

static void dispose(exporter *e)
{
	ds__rdf_writer_free(e->w);
	dcat__set_dispose(&e->shared);
	ds__buf_dispose(&e->self);
	ds__buf_dispose(&e->catalog_iri);
	ds__buf_dispose(&e->tmp);
	ds__buf_dispose(&e->g.a);
	ds__buf_dispose(&e->g.b);
	ds__buf_dispose(&e->g.c);
}

int ds_catalog_to_dcat(char **out, size_t *triples, const ds_catalog *c, const ds_dcat_options *opts)
{
	exporter e;
	ds__buf text = DS__BUF_INIT;
	size_t i;
	int rc;

	if (!out || !c)
		return ds__error(DS_EINVAL, "ds_catalog_to_dcat: NULL argument");
	memset(&e, 0, sizeof e);
	e.out_buf = &text;
	e.catalog = c;
	e.g.related_iri = related_in_catalog;
	e.g.related_ctx = &e;
	if ((rc = begin(&e, opts, c->title)) == DS_OK) {
		for (i = 0; i < c->count && rc == DS_OK; i++)
			rc = entry(&e, c->entries[i]);
		if (rc == DS_OK)
			rc = ds__rdf_writer_finish(e.w);
	}
	if (rc == DS_OK && (rc = ds__buf_detach(out, &text)) == DS_OK && triples)
		*triples = ds__rdf_writer_count(e.w);
	dispose(&e);
	ds__buf_dispose(&text);
	return rc;
}

static int stream_entry(const ds_resource *r, size_t index, void *ctx)
{
	(void)index;
	return entry(ctx, r);
}

static int stream_title(void *ctx, const char *title)
{
	exporter *e = ctx;

	return begin(e, e->opts, title);
}

/* First pass: every identifier, and the original IRI or blank label an entry's "iri"
 * extension keeps (what dcat__dataset_iri() writes for it), into the temporary index. */
static int record_iri(ds_resource *r, size_t index, void *ctx)
{
	const char *iri = ext(r, "iri"), *id = r->fields[DS_FIELD_IDENTIFIER];

	(void)index;
	if (id && iri && (dcat__valid_uri(iri) || dcat__blank_dataset(iri)))
		return cat__ids_set_iri(ctx, id, iri);
	return DS_OK;
}

/* related_in_catalog() for a file: the same node, found in the first pass's index. */
static const char *related_in_file(void *ctx, const char *identifier)
{
	exporter *e = ctx;
	size_t i;

	if (e->g.rc < 0)
		return NULL;
	if ((e->g.rc = cat__ids_find_iri(&i, &e->tmp, e->ids, identifier)) < 0 || i == (size_t)-1)
		return NULL;
	if (!e->tmp.len) {
		ds__buf_printf(&e->tmp, "%sdataset/", e->g.base);
		dcat__put_encoded(&e->tmp, identifier);
	}
	if (e->tmp.oom)
		e->g.rc = ds__enomem();
	return e->g.rc < 0 ? NULL : e->tmp.data;
}

int ds_catalog_stream_dcat(size_t *triples, const char *dcat_path, const char *catalog_path,
			   const ds_dcat_options *opts)
{
	exporter e;
	size_t count;
	int rc;

	if (!dcat_path || !catalog_path)
		return ds__error(DS_EINVAL, "ds_catalog_stream_dcat: NULL argument");
	memset(&e, 0, sizeof e);
	e.out_name = dcat_path;
	e.opts = opts;
	/* Two passes so that a dct:relation names the related entry's node (its original IRI or
	 * blank label) exactly as ds_catalog_to_dcat() does, with memory bounded by the index. */
	if ((rc = cat__ids_open(&e.ids)) < 0 ||
	    (rc = cat__stream(&count, catalog_path, e.ids, record_iri, e.ids)) < 0) {
		cat__ids_free(e.ids);
		return rc;
	}
	e.g.related_iri = related_in_file;
	e.g.related_ctx = &e;
	if (!(e.out_file = fopen(dcat_path, "wb"))) {
		cat__ids_free(e.ids);
		return ds__error(DS_EIO, "%s: cannot create", dcat_path);
	}
	rc = cat__load_each_titled(catalog_path, stream_title, stream_entry, &e);
	if (rc == DS_OK)
		rc = ds__rdf_writer_finish(e.w);
	if (fclose(e.out_file) != 0 && rc == DS_OK)
		rc = ds__error(DS_EIO, "%s: write error", dcat_path);
	if (rc == DS_OK && triples)
		*triples = ds__rdf_writer_count(e.w);
	if (rc < 0)
		remove(dcat_path);
	cat__ids_free(e.ids);
	dispose(&e);
	return rc;
}
