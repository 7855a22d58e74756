/*
 * DCAT import: RDF/XML (as this library exports it, or as CKAN-style portals
 * publish it) read into triples by a small RDF/XML reader, then mapped back to
 * catalogue entries (the inverse of dcat.c's mapping).
 *
 * The RDF/XML reader covers the syntax DCAT publishers use: typed node
 * elements and rdf:Description, rdf:about / rdf:nodeID / anonymous nodes,
 * property attributes, property elements with rdf:resource, rdf:nodeID,
 * nested node elements, rdf:parseType="Resource", and literals with xml:lang
 * and rdf:datatype. It does not resolve relative URIs against xml:base, and it
 * treats rdf:parseType="Literal" and "Collection" content as plain text.
 * SPDX-License-Identifier: MIT
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "catalog/catalog_internal.h"
#include "internal/xml.h"

#define RDF "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
#define DCAT "http://www.w3.org/ns/dcat#"
#define DCT "http://purl.org/dc/terms/"
#define FOAF "http://xmlns.com/foaf/0.1/"
#define SKOS "http://www.w3.org/2004/02/skos/core#"
#define CSVW "http://www.w3.org/ns/csvw#"
#define DSNS "urn:datasset:catalog:1#"
#define EU_FREQUENCY "http://publications.europa.eu/resource/authority/frequency/"
#define EU_ACCESS "http://publications.europa.eu/resource/authority/access-right/"

enum { OBJ_URI, OBJ_BLANK, OBJ_LITERAL };

typedef struct triple {
	char *subject; /* a URI, or "_:name" for a blank node */
	char *predicate;
	int kind;
	char *object; /* URI, "_:name" or the literal's text */
	char *lang;   /* literal language, or NULL */
	size_t order; /* document order */
} triple;

typedef struct graph {
	triple *triples;
	size_t count, cap;
	size_t blanks;	    /* for fresh blank node names */
	size_t *by_subject; /* indexes of triples sorted by subject, then document order */
	size_t *topics;	    /* indexes of foaf:primaryTopic triples sorted by object */
	size_t topic_count;
	int failed;
} graph;

static char *join2(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b);
	char *s = ds__malloc(la + lb + 1);

	if (s) {
		memcpy(s, a, la);
		memcpy(s + la, b, lb + 1);
	}
	return s;
}

static char *qname(xmlNodePtr node)
{
	return join2(node->ns && node->ns->href ? (const char *)node->ns->href : "", (const char *)node->name);
}

static char *attr_qname(xmlAttrPtr a)
{
	return join2(a->ns && a->ns->href ? (const char *)a->ns->href : "", (const char *)a->name);
}

static void add(graph *g, const char *subject, const char *predicate, int kind, const char *object, const char *lang)
{
	triple *t;

	if (g->failed)
		return;
	if (g->count == g->cap) {
		size_t cap = g->cap ? g->cap * 2 : 256;
		triple *grown = ds__realloc(g->triples, cap * sizeof *grown);
		if (!grown) {
			g->failed = 1;
			return;
		}
		g->triples = grown;
		g->cap = cap;
	}
	t = &g->triples[g->count];
	memset(t, 0, sizeof *t);
	t->kind = kind;
	t->order = g->count;
	t->subject = ds__strdup(subject);
	t->predicate = ds__strdup(predicate);
	t->object = ds__strdup(object);
	t->lang = lang ? ds__strdup(lang) : NULL;
	g->count++;
	if (!t->subject || !t->predicate || !t->object || (lang && !t->lang))
		g->failed = 1;
}

static char *fresh_blank(graph *g)
{
	char name[32];

	snprintf(name, sizeof name, "_:b%zu", ++g->blanks);
	return ds__strdup(name);
}

static int is_rdf(const char *name, const char *local)
{
	return strncmp(name, RDF, sizeof RDF - 1) == 0 && strcmp(name + sizeof RDF - 1, local) == 0;
}

static char *rdf_attr(xmlNodePtr node, const char *local)
{
	xmlChar *value = xmlGetNsProp(node, (const xmlChar *)local, (const xmlChar *)RDF);
	char *copy = NULL;

	if (value) {
		copy = ds__strdup((const char *)value);
		xmlFree(value);
	}
	return copy;
}

/* The xml:lang in scope at @node, or NULL. */
static char *lang_of(xmlNodePtr node)
{
	xmlChar *lang = xmlNodeGetLang(node);
	char *copy = NULL;

	if (lang) {
		copy = *lang ? ds__strdup((const char *)lang) : NULL;
		xmlFree(lang);
	}
	return copy;
}

static char *node_element(graph *g, xmlNodePtr node);

/* The property elements of the node @subject: children of @parent. */
static void property_elements(graph *g, const char *subject, xmlNodePtr parent)
{
	xmlNodePtr prop;

	for (prop = ds__xml_child(parent, NULL); prop && !g->failed; prop = ds__xml_next(prop, NULL)) {
		char *predicate = qname(prop), *about = rdf_attr(prop, "resource"), *node_id = rdf_attr(prop, "nodeID");
		char *parse_type = rdf_attr(prop, "parseType");
		xmlNodePtr child = ds__xml_child(prop, NULL);

		if (!predicate) {
			g->failed = 1;
		} else if (about) {
			add(g, subject, predicate, OBJ_URI, about, NULL);
		} else if (node_id) {
			char *name = join2("_:", node_id);
			if (name)
				add(g, subject, predicate, OBJ_BLANK, name, NULL);
			else
				g->failed = 1;
			ds__free(name);
		} else if (parse_type && strcmp(parse_type, "Resource") == 0) {
			char *blank = fresh_blank(g);
			if (!blank) {
				g->failed = 1;
			} else {
				add(g, subject, predicate, OBJ_BLANK, blank, NULL);
				property_elements(g, blank, prop);
			}
			ds__free(blank);
		} else if (child && !(parse_type && strcmp(parse_type, "Literal") == 0)) {
			char *object = node_element(g, child);
			if (object)
				add(g, subject, predicate, object[0] == '_' && object[1] == ':' ? OBJ_BLANK : OBJ_URI,
				    object, NULL);
			ds__free(object);
		} else {
			xmlChar *text = xmlNodeGetContent(prop);
			char *lang = lang_of(prop);
			add(g, subject, predicate, OBJ_LITERAL, text ? (const char *)text : "", lang);
			if (text)
				xmlFree(text);
			ds__free(lang);
		}
		ds__free(predicate);
		ds__free(about);
		ds__free(node_id);
		ds__free(parse_type);
	}
}

/* Read a node element: its triples, and its subject (a new string) as the result. */
static char *node_element(graph *g, xmlNodePtr node)
{
	char *subject = rdf_attr(node, "about"), *node_id = rdf_attr(node, "nodeID"), *type = qname(node);
	xmlAttrPtr a;

	if (!subject && node_id)
		subject = join2("_:", node_id);
	else if (!subject)
		subject = fresh_blank(g);
	if (!subject || !type) {
		g->failed = 1;
		goto done;
	}
	if (!is_rdf(type, "Description"))
		add(g, subject, RDF "type", OBJ_URI, type, NULL);
	for (a = node->properties; a; a = a->next) {
		char *name = attr_qname(a);
		xmlChar *value;
		if (!name) {
			g->failed = 1;
			break;
		}
		if (strncmp(name, RDF, sizeof RDF - 1) != 0 &&
		    strncmp(name, "http://www.w3.org/XML/1998/namespace", 36) != 0 && a->ns) {
			value = xmlNodeListGetString(node->doc, a->children, 1);
			add(g, subject, name, OBJ_LITERAL, value ? (const char *)value : "", NULL);
			if (value)
				xmlFree(value);
		}
		ds__free(name);
	}
	property_elements(g, subject, node);
done:
	ds__free(node_id);
	ds__free(type);
	if (g->failed) {
		ds__free(subject);
		return NULL;
	}
	return subject;
}

/* qsort has no context argument in C11: the graph being sorted, per thread. */
static _Thread_local const graph *sort_graph;

static int by_subject(const void *pa, const void *pb)
{
	const triple *a = &sort_graph->triples[*(const size_t *)pa], *b = &sort_graph->triples[*(const size_t *)pb];
	int c = strcmp(a->subject, b->subject);

	return c ? c : (a->order > b->order) - (a->order < b->order);
}

static void graph_dispose(graph *g)
{
	size_t i;

	for (i = 0; i < g->count; i++) {
		ds__free(g->triples[i].subject);
		ds__free(g->triples[i].predicate);
		ds__free(g->triples[i].object);
		ds__free(g->triples[i].lang);
	}
	ds__free(g->triples);
	ds__free(g->by_subject);
	ds__free(g->topics);
}

static int by_object(const void *pa, const void *pb)
{
	const triple *a = &sort_graph->triples[*(const size_t *)pa], *b = &sort_graph->triples[*(const size_t *)pb];
	int c = strcmp(a->object, b->object);

	return c ? c : (a->order > b->order) - (a->order < b->order);
}

static int graph_index(graph *g)
{
	size_t i;

	if (!(g->by_subject = ds__malloc((g->count ? g->count : 1) * sizeof *g->by_subject)))
		return ds__enomem();
	for (i = 0; i < g->count; i++)
		g->by_subject[i] = i;
	sort_graph = g;
	qsort(g->by_subject, g->count, sizeof *g->by_subject, by_subject);
	/* foaf:primaryTopic links, by object, to find a dataset's catalogue record. */
	for (i = 0; i < g->count; i++)
		if (g->triples[i].kind != OBJ_LITERAL && strcmp(g->triples[i].predicate, FOAF "primaryTopic") == 0)
			g->topic_count++;
	if (!(g->topics = ds__malloc((g->topic_count ? g->topic_count : 1) * sizeof *g->topics)))
		return ds__enomem();
	g->topic_count = 0;
	for (i = 0; i < g->count; i++)
		if (g->triples[i].kind != OBJ_LITERAL && strcmp(g->triples[i].predicate, FOAF "primaryTopic") == 0)
			g->topics[g->topic_count++] = i;
	qsort(g->topics, g->topic_count, sizeof *g->topics, by_object);
	return DS_OK;
}

/* The range [*first, *end) of by_subject for @subject. */
static void subject_range(const graph *g, const char *subject, size_t *first, size_t *end)
{
	size_t lo = 0, hi = g->count;

	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		if (strcmp(g->triples[g->by_subject[mid]].subject, subject) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	*first = lo;
	while (lo < g->count && strcmp(g->triples[g->by_subject[lo]].subject, subject) == 0)
		lo++;
	*end = lo;
}

/* The @n-th object (0-based, document order) of @subject @predicate, or NULL. */
static const triple *object_n(const graph *g, const char *subject, const char *predicate, size_t n)
{
	size_t first, end;

	if (!subject)
		return NULL;
	subject_range(g, subject, &first, &end);
	for (; first < end; first++) {
		const triple *t = &g->triples[g->by_subject[first]];
		if (strcmp(t->predicate, predicate) == 0 && n-- == 0)
			return t;
	}
	return NULL;
}

/* A literal value, preferring xml:lang "zh" (or "zh-*"), then no language, then any. */
static const char *literal(const graph *g, const char *subject, const char *predicate)
{
	const triple *t, *plain = NULL, *any = NULL;
	size_t n;

	for (n = 0; (t = object_n(g, subject, predicate, n)) != NULL; n++) {
		if (t->kind != OBJ_LITERAL)
			continue;
		if (t->lang && strncmp(t->lang, "zh", 2) == 0 && (t->lang[2] == '\0' || t->lang[2] == '-'))
			return t->object;
		if (!t->lang && !plain)
			plain = t;
		if (!any)
			any = t;
	}
	return plain ? plain->object : (any ? any->object : NULL);
}

static const char *resource(const graph *g, const char *subject, const char *predicate)
{
	const triple *t;
	size_t n;

	for (n = 0; (t = object_n(g, subject, predicate, n)) != NULL; n++)
		if (t->kind != OBJ_LITERAL)
			return t->object;
	return NULL;
}

static int has_type(const graph *g, const char *subject, const char *type)
{
	const triple *t;
	size_t n;

	for (n = 0; (t = object_n(g, subject, RDF "type", n)) != NULL; n++)
		if (t->kind == OBJ_URI && strcmp(t->object, type) == 0)
			return 1;
	return 0;
}

/* A code-list value: the concept's skos:prefLabel, else a literal object, else the URI's last segment. */
static const char *concept_value(const graph *g, const char *subject, const char *predicate, char **scratch)
{
	const triple *t;
	const char *label, *slash;
	size_t n;

	for (n = 0; (t = object_n(g, subject, predicate, n)) != NULL; n++) {
		if (t->kind == OBJ_LITERAL)
			return t->object;
		if ((label = literal(g, t->object, SKOS "prefLabel")) != NULL)
			return label;
		if (t->kind == OBJ_URI && (slash = strrchr(t->object, '/')) && slash[1]) {
			ds__free(*scratch);
			*scratch = ds__strdup(slash + 1);
			return *scratch;
		}
	}
	return NULL;
}

static const struct {
	const char *cycle, *frequency;
} frequencies[] = {
	{ "实时", "UPDATE_CONT" }, { "实时", "CONT" },	      { "每日", "DAILY" },	{ "每周", "WEEKLY" },
	{ "每月", "MONTHLY" },	   { "每季度", "QUARTERLY" }, { "每半年", "ANNUAL_2" }, { "每年", "ANNUAL" },
	{ "不定期", "IRREG" },	   { "其他", "OTHER" },
};

static const struct {
	const char *open_type, *access;
} access_rights[] = { { "无条件开放", "PUBLIC" }, { "有条件开放", "RESTRICTED" }, { "不予开放", "NON_PUBLIC" } };

/* ---------------------------------------------------------------- mapping to entries */

typedef struct importer {
	graph *g;
	ds_catalog *catalog;
	char *scratch;
	int rc;
} importer;

static void set(importer *im, ds_resource *r, ds_field field, const char *value)
{
	if (im->rc == DS_OK && value && !r->fields[field])
		im->rc = ds_resource_set(r, field, value);
}

static const char *date_part(const char *value, char *buf)
{
	/* dct:issued may be an xsd:dateTime ("2024-01-15T08:00:00Z"): keep the date. */
	if (value && strlen(value) > 10 && value[4] == '-' && value[7] == '-' && value[10] == 'T') {
		memcpy(buf, value, 10);
		buf[10] = '\0';
		return buf;
	}
	return value;
}

/* The identifier a dataset subject maps to. */
static const char *dataset_identifier(const graph *g, const char *subject)
{
	const char *id = literal(g, subject, DCT "identifier");

	return id ? id : subject;
}

static void read_items(importer *im, ds_resource *r, const char *schema)
{
	const graph *g = im->g;
	const triple *t;
	size_t n;

	for (n = 0; im->rc == DS_OK && (t = object_n(g, schema, CSVW "column", n)) != NULL; n++) {
		const char *name = literal(g, t->object, CSVW "name"),
			   *length = literal(g, t->object, CSVW "maxLength");
		const char *type = concept_value(g, t->object, DCT "type", &im->scratch);
		char *type_copy = type ? ds__strdup(type) : NULL;
		long len = length ? strtol(length, NULL, 10) : 0;
		if (!name || (type && !type_copy)) {
			ds__free(type_copy);
			continue;
		}
		im->rc = ds_resource_item_insert(r, (size_t)-1, name, type_copy, len,
						 literal(g, t->object, DCT "description"));
		if (im->rc == DS_EEXISTS || im->rc == DS_ERANGE)
			im->rc = DS_OK; /* a harvested schema may repeat a column name: keep the first */
		ds__free(type_copy);
	}
}

static void read_dataset(importer *im, const char *subject, const char *record)
{
	const graph *g = im->g;
	ds_resource *r = NULL;
	const char *agent, *theme, *distribution, *service, *value, *schema;
	const triple *t;
	char date[16];
	size_t n, k;

	if ((im->rc = ds_resource_new(&r)) < 0)
		return;
	set(im, r, DS_FIELD_IDENTIFIER, dataset_identifier(g, subject));
	set(im, r, DS_FIELD_TITLE, literal(g, subject, DCT "title"));
	set(im, r, DS_FIELD_ABSTRACT, literal(g, subject, DCT "description"));
	if ((agent = resource(g, subject, DCT "publisher")) != NULL) {
		set(im, r, DS_FIELD_PROVIDER_NAME, literal(g, agent, FOAF "name"));
		set(im, r, DS_FIELD_PROVIDER_CODE, literal(g, agent, DCT "identifier"));
	} else {
		set(im, r, DS_FIELD_PROVIDER_NAME, literal(g, subject, DCT "publisher"));
	}
	set(im, r, DS_FIELD_PROVIDER_DEPARTMENT, literal(g, subject, DSNS "providerDepartment"));
	if ((theme = resource(g, subject, DCAT "theme")) != NULL) {
		set(im, r, DS_FIELD_CATEGORY_CODE, literal(g, theme, SKOS "notation"));
		set(im, r, DS_FIELD_CATEGORY_CODE, theme);
		set(im, r, DS_FIELD_CATEGORY_NAME, literal(g, theme, SKOS "prefLabel"));
		set(im, r, DS_FIELD_CATEGORY_SCHEME, literal(g, theme, DSNS "categoryScheme"));
	}
	for (n = 0; im->rc == DS_OK && (t = object_n(g, subject, DCAT "keyword", n)) != NULL; n++) {
		if (t->kind == OBJ_LITERAL && *t->object && ds_resource_list_add(r, DS_LIST_KEYWORDS, t->object) < 0 &&
		    ds_error_last()->code != DS_EEXISTS && ds_error_last()->code != DS_EINVAL)
			im->rc = ds_error_last()->code;
	}
	set(im, r, DS_FIELD_ONLINE_LINK, resource(g, subject, DCAT "landingPage"));
	set(im, r, DS_FIELD_UPDATE_CYCLE, concept_value(g, subject, DSNS "updateCycle", &im->scratch));
	if ((value = resource(g, subject, DCT "accrualPeriodicity")) != NULL &&
	    strncmp(value, EU_FREQUENCY, sizeof EU_FREQUENCY - 1) == 0)
		for (k = 0; k < sizeof frequencies / sizeof frequencies[0]; k++)
			if (strcmp(value + sizeof EU_FREQUENCY - 1, frequencies[k].frequency) == 0)
				set(im, r, DS_FIELD_UPDATE_CYCLE, frequencies[k].cycle);
	if ((value = resource(g, subject, DCT "accessRights")) != NULL &&
	    strncmp(value, EU_ACCESS, sizeof EU_ACCESS - 1) == 0) {
		for (k = 0; k < sizeof access_rights / sizeof access_rights[0]; k++)
			if (strcmp(value + sizeof EU_ACCESS - 1, access_rights[k].access) == 0)
				set(im, r, DS_FIELD_OPEN_TYPE, access_rights[k].open_type);
	} else {
		set(im, r, DS_FIELD_OPEN_TYPE, concept_value(g, subject, DCT "accessRights", &im->scratch));
	}
	set(im, r, DS_FIELD_OPEN_CONDITION, literal(g, subject, DSNS "openCondition"));
	set(im, r, DS_FIELD_SHARE_TYPE, concept_value(g, subject, DSNS "shareType", &im->scratch));
	set(im, r, DS_FIELD_SHARE_CONDITION, literal(g, subject, DSNS "shareCondition"));
	set(im, r, DS_FIELD_SHARE_MODE, concept_value(g, subject, DSNS "shareMode", &im->scratch));
	set(im, r, DS_FIELD_PUBLISHED, date_part(literal(g, subject, DCT "issued"), date));
	set(im, r, DS_FIELD_SECURITY_CLASS, concept_value(g, subject, DSNS "securityClass", &im->scratch));
	set(im, r, DS_FIELD_PERSONAL_INFO, literal(g, subject, DSNS "personalInformation"));

	if ((distribution = resource(g, subject, DCAT "distribution")) != NULL) {
		set(im, r, DS_FIELD_FORMAT, concept_value(g, distribution, DCT "format", &im->scratch));
		set(im, r, DS_FIELD_ONLINE_LINK, resource(g, distribution, DCAT "accessURL"));
		if ((service = resource(g, distribution, DCAT "accessService")) != NULL) {
			set(im, r, DS_FIELD_SERVICE_ADDRESS, resource(g, service, DCAT "endpointURL"));
			set(im, r, DS_FIELD_SERVICE_ADDRESS, literal(g, service, DSNS "serviceAddress"));
			set(im, r, DS_FIELD_SERVICE_TYPE, literal(g, service, DSNS "serviceType"));
		}
		if ((schema = resource(g, distribution, DCT "conformsTo")) != NULL &&
		    has_type(g, schema, CSVW "Schema"))
			read_items(im, r, schema);
	}
	if (record) {
		set(im, r, DS_FIELD_METADATA_ID, literal(g, record, DCT "identifier"));
		set(im, r, DS_FIELD_METADATA_DATE, date_part(literal(g, record, DCT "modified"), date));
		set(im, r, DS_FIELD_METADATA_CONTACT, literal(g, record, DSNS "metadataContact"));
	}
	for (n = 0; im->rc == DS_OK && (t = object_n(g, subject, DCT "relation", n)) != NULL; n++)
		if (t->kind != OBJ_LITERAL && has_type(g, t->object, DCAT "Dataset") &&
		    ds_resource_list_add(r, DS_LIST_RELATED, dataset_identifier(g, t->object)) < 0 &&
		    ds_error_last()->code != DS_EEXISTS)
			im->rc = ds_error_last()->code;
	for (n = 0; im->rc == DS_OK && (t = object_n(g, subject, DSNS "extension", n)) != NULL; n++) {
		const char *ns = literal(g, t->object, DSNS "namespace"), *key = literal(g, t->object, DSNS "key");
		const char *v = literal(g, t->object, RDF "value");
		if (ns && key && v && *ns && *key)
			im->rc = ds_resource_extension_set(r, ns, key, v);
	}
	if (im->rc == DS_OK && (im->rc = ds_catalog_add(im->catalog, r)) == DS_OK)
		r = NULL;
	ds_resource_free(r);
}

/* The dcat:CatalogRecord whose foaf:primaryTopic is @dataset, or NULL. */
static const char *record_of(const graph *g, const char *dataset)
{
	size_t lo = 0, hi = g->topic_count;

	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		if (strcmp(g->triples[g->topics[mid]].object, dataset) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (; lo < g->topic_count && strcmp(g->triples[g->topics[lo]].object, dataset) == 0; lo++)
		if (has_type(g, g->triples[g->topics[lo]].subject, DCAT "CatalogRecord"))
			return g->triples[g->topics[lo]].subject;
	return NULL;
}

static int import_graph(ds_catalog **out, graph *g)
{
	importer im = { g, NULL, NULL, DS_OK };
	size_t i;

	if ((im.rc = graph_index(g)) < 0 || (im.rc = ds_catalog_new(&im.catalog)) < 0)
		goto done;
	for (i = 0; i < g->count && im.rc == DS_OK; i++) {
		const triple *t = &g->triples[i];
		if (t->kind == OBJ_URI && strcmp(t->predicate, RDF "type") == 0 &&
		    strcmp(t->object, DCAT "Catalog") == 0)
			im.rc = ds_catalog_set_title(im.catalog, literal(g, t->subject, DCT "title"));
	}
	/* Entries in the document order of their rdf:type dcat:Dataset. */
	for (i = 0; i < g->count && im.rc == DS_OK; i++) {
		const triple *t = &g->triples[i];
		if (t->kind == OBJ_URI && strcmp(t->predicate, RDF "type") == 0 &&
		    strcmp(t->object, DCAT "Dataset") == 0)
			read_dataset(&im, t->subject, record_of(g, t->subject));
	}
done:
	ds__free(im.scratch);
	if (im.rc < 0) {
		ds_catalog_free(im.catalog);
		return im.rc;
	}
	*out = im.catalog;
	return DS_OK;
}

int ds_catalog_parse_dcat(ds_catalog **out, const char *data, size_t len, const char *name)
{
	xmlDocPtr doc = NULL;
	xmlNodePtr root, node;
	graph g;
	int rc;

	if (!out || !data)
		return ds__error(DS_EINVAL, "ds_catalog_parse_dcat: NULL argument");
	memset(&g, 0, sizeof g);
	if ((rc = ds__xml_load_memory(&doc, data, len, name ? name : "dcat", NULL)) < 0)
		return rc;
	root = xmlDocGetRootElement(doc);
	{
		char *root_name = qname(root);
		int is_rdf_root = root_name && is_rdf(root_name, "RDF");
		ds__free(root_name);
		if (!is_rdf_root) {
			rc = ds__xml_error(DS_EPARSE, root, NULL, "the root element is not rdf:RDF");
			goto done;
		}
	}
	for (node = ds__xml_child(root, NULL); node && !g.failed; node = ds__xml_next(node, NULL))
		ds__free(node_element(&g, node));
	if (g.failed) {
		rc = ds__enomem();
		goto done;
	}
	rc = import_graph(out, &g);
done:
	graph_dispose(&g);
	xmlFreeDoc(doc);
	return rc;
}

int ds_catalog_load_dcat(ds_catalog **out, const char *path)
{
	FILE *f;
	char *data = NULL;
	size_t len = 0, cap = 0, n;
	int rc;

	if (!out || !path)
		return ds__error(DS_EINVAL, "ds_catalog_load_dcat: NULL argument");
	if (!(f = fopen(path, "rb")))
		return ds__error(DS_EIO, "%s: cannot open", path);
	for (;;) {
		if (len + 65536 > cap) {
			char *grown;
			cap = cap ? cap * 2 : 1 << 20;
			if (cap > DS__XML_MAX_DOM_BYTES + 65536u) {
				rc = ds__error(DS_ERANGE, "%s: larger than the %u bytes a DCAT document may have", path,
					       DS__XML_MAX_DOM_BYTES);
				goto done;
			}
			if (!(grown = ds__realloc(data, cap))) {
				rc = ds__enomem();
				goto done;
			}
			data = grown;
		}
		n = fread(data + len, 1, cap - len, f);
		len += n;
		if (n == 0)
			break;
	}
	if (ferror(f)) {
		rc = ds__error(DS_EIO, "%s: read error", path);
		goto done;
	}
	rc = ds_catalog_parse_dcat(out, data, len, path);
done:
	fclose(f);
	ds__free(data);
	return rc;
}
