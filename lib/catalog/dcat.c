/*
 * DCAT v3 export as RDF/XML (metadata.md, "Interchange"), with stable URIs and
 * code-list values as SKOS concepts in concept schemes the export contains.
 *
 * URI rules, all under the base URI B (percent-encoded identifiers, so that a
 * code such as "30201/1137...-00001" is one path segment):
 *   B catalog                          the dcat:Catalog
 *   B dataset/{identifier}             the dcat:Dataset (the resource itself)
 *   B record/{identifier}              its dcat:CatalogRecord (the metadata about it:
 *                                      元数据标识符, 元数据更新日期, 元数据维护方)
 *   B dataset/{identifier}/distribution   its dcat:Distribution
 *   B dataset/{identifier}/service     its dcat:DataService (when it has a service address)
 *   B dataset/{identifier}/schema      its 信息项 as a csvw:Schema (dct:conformsTo)
 *   B agent/{provider code, else name} the provider (foaf:Agent)
 *   B category                         the skos:ConceptScheme of categories (dcat:themeTaxonomy)
 *   B category/{category code}         a category (skos:Concept)
 *   B codelist/{list}                  a code list (skos:ConceptScheme): format, share_type,
 *                                      share_mode, open_type, update_cycle, security_class, item_type
 *   B codelist/{list}/{value}          one value (skos:Concept, skos:prefLabel in Chinese)
 * Entries without an identifier have no stable URI and are not exported.
 * SPDX-License-Identifier: MIT
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "catalog/catalog_internal.h"
#include "internal/xml.h"

#define RDF_NS "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
#define DS_RDF_NS "urn:datasset:catalog:1#"
#define XSD_NS "http://www.w3.org/2001/XMLSchema#"
#define EU_FREQUENCY "http://publications.europa.eu/resource/authority/frequency/"
#define DEFAULT_BASE "urn:datasset:catalog:"

static const struct {
	const char *prefix, *uri;
} namespaces[] = {
	{ "rdf", RDF_NS },
	{ "rdfs", "http://www.w3.org/2000/01/rdf-schema#" },
	{ "dcat", "http://www.w3.org/ns/dcat#" },
	{ "dct", "http://purl.org/dc/terms/" },
	{ "foaf", "http://xmlns.com/foaf/0.1/" },
	{ "skos", "http://www.w3.org/2004/02/skos/core#" },
	{ "csvw", "http://www.w3.org/ns/csvw#" },
	{ "ds", DS_RDF_NS },
};

/* 更新周期 to the EU frequency vocabulary (dct:accrualPeriodicity). */
static const struct {
	const char *cycle, *frequency;
} frequencies[] = {
	{ "实时", "UPDATE_CONT" }, { "每日", "DAILY" },	      { "每周", "WEEKLY" },
	{ "每月", "MONTHLY" },	   { "每季度", "QUARTERLY" }, { "每半年", "ANNUAL_2" },
	{ "每年", "ANNUAL" },	   { "不定期", "IRREG" },     { "其他", "OTHER" },
};

/* The code lists exported as concept schemes, and the fields that use them. */
enum {
	LIST_FORMAT,
	LIST_SHARE_TYPE,
	LIST_SHARE_MODE,
	LIST_OPEN_TYPE,
	LIST_UPDATE_CYCLE,
	LIST_SECURITY,
	LIST_ITEM_TYPE,
	LIST_COUNT
};
static const char *const list_names[LIST_COUNT] = { "format",	    "share_type",     "share_mode", "open_type",
						    "update_cycle", "security_class", "item_type" };
static const char *const list_labels[LIST_COUNT] = { "信息资源格式", "共享类型", "共享方式",	  "开放属性",
						     "更新周期",     "分类分级", "信息项数据类型" };

int ds_dcat_options_init(ds_dcat_options *opts, unsigned int version)
{
	static const ds_dcat_options defaults = DS_DCAT_OPTIONS_INIT;

	if (!opts || version != DS_DCAT_OPTIONS_VERSION)
		return ds__error(DS_EINVAL, "ds_dcat_options_init: NULL options or unknown version %u", version);
	*opts = defaults;
	return DS_OK;
}

/* ---------------------------------------------------------------- the writer */

typedef struct dcat {
	ds__xml_writer w;
	const char *base;
	size_t triples;
	ds__buf uri; /* scratch for building URIs */
	/* distinct values seen per code list, in order of first use */
	char **values[LIST_COUNT];
	size_t value_count[LIST_COUNT], value_cap[LIST_COUNT];
	int failed;
} dcat;

/* Append @text percent-encoded (RFC 3986: everything but unreserved characters). */
static void put_encoded(ds__buf *b, const char *text)
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

/* B + @path + encoded @segment (NULL: none) + @suffix (NULL: none), in d->uri. */
static const char *uri(dcat *d, const char *path, const char *segment, const char *suffix)
{
	ds__buf_clear(&d->uri);
	ds__buf_puts(&d->uri, d->base);
	ds__buf_puts(&d->uri, path);
	if (segment)
		put_encoded(&d->uri, segment);
	if (suffix)
		ds__buf_puts(&d->uri, suffix);
	if (d->uri.oom)
		d->failed = 1;
	return d->uri.data ? d->uri.data : "";
}

/* A typed node element (one rdf:type triple) with rdf:about. */
static void node(dcat *d, const char *type, const char *about)
{
	ds__xmlw_start(&d->w, type);
	ds__xmlw_attr(&d->w, "rdf:about", about);
	d->triples++;
}

static void end(dcat *d)
{
	ds__xmlw_end(&d->w);
}

static void link_to(dcat *d, const char *property, const char *target)
{
	ds__xmlw_start(&d->w, property);
	ds__xmlw_attr(&d->w, "rdf:resource", target);
	ds__xmlw_end(&d->w);
	d->triples++;
}

/* A literal, language-tagged "zh" when @chinese, typed when @datatype. */
static void literal(dcat *d, const char *property, const char *text, int chinese, const char *datatype)
{
	if (!text)
		return;
	ds__xmlw_start(&d->w, property);
	if (chinese)
		ds__xmlw_attr(&d->w, "xml:lang", "zh");
	if (datatype)
		ds__xmlw_attrf(&d->w, "rdf:datatype", "%s%s", XSD_NS, datatype);
	ds__xmlw_text(&d->w, text);
	ds__xmlw_end(&d->w);
	d->triples++;
}

/* Remember a code-list value so that its concept is written at the end, and link to it. */
static void concept_link(dcat *d, const char *property, int list, const char *value)
{
	size_t i;

	if (!value)
		return;
	for (i = 0; i < d->value_count[list]; i++)
		if (strcmp(d->values[list][i], value) == 0)
			break;
	if (i == d->value_count[list]) {
		if (d->value_count[list] == d->value_cap[list]) {
			size_t cap = d->value_cap[list] ? d->value_cap[list] * 2 : 8;
			char **grown = ds__realloc(d->values[list], cap * sizeof *grown);
			if (!grown) {
				d->failed = 1;
				return;
			}
			d->values[list] = grown;
			d->value_cap[list] = cap;
		}
		if (!(d->values[list][i] = ds__strdup(value))) {
			d->failed = 1;
			return;
		}
		d->value_count[list]++;
	}
	{
		ds__buf path = DS__BUF_INIT;
		ds__buf_printf(&path, "codelist/%s/", list_names[list]);
		link_to(d, property, uri(d, path.data ? path.data : "", value, NULL));
		ds__buf_dispose(&path);
	}
}

static int valid_uri(const char *text)
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

static int valid_date(const char *text)
{
	ds__date date;

	return text && strlen(text) == 10 && ds__date_parse(&date, text) == DS_OK;
}

static const char *agent_key(const ds_resource *r)
{
	return r->fields[DS_FIELD_PROVIDER_CODE] ? r->fields[DS_FIELD_PROVIDER_CODE] :
						   r->fields[DS_FIELD_PROVIDER_NAME];
}

/* ---------------------------------------------------------------- one entry */

static void write_dataset(dcat *d, const ds_catalog *c, const ds_resource *r)
{
	const char *id = r->fields[DS_FIELD_IDENTIFIER];
	char *dataset = NULL;
	size_t i, k;

	if (!(dataset = ds__strdup(uri(d, "dataset/", id, NULL)))) {
		d->failed = 1;
		return;
	}
	node(d, "dcat:Dataset", dataset);
	literal(d, "dct:identifier", id, 0, NULL);
	literal(d, "dct:title", r->fields[DS_FIELD_TITLE], 1, NULL);
	literal(d, "dct:description", r->fields[DS_FIELD_ABSTRACT], 1, NULL);
	if (agent_key(r))
		link_to(d, "dct:publisher", uri(d, "agent/", agent_key(r), NULL));
	literal(d, "ds:providerDepartment", r->fields[DS_FIELD_PROVIDER_DEPARTMENT], 1, NULL);
	if (r->fields[DS_FIELD_CATEGORY_CODE])
		link_to(d, "dcat:theme", uri(d, "category/", r->fields[DS_FIELD_CATEGORY_CODE], NULL));
	for (i = 0; i < r->lists[DS_LIST_KEYWORDS].count; i++)
		literal(d, "dcat:keyword", r->lists[DS_LIST_KEYWORDS].values[i], 1, NULL);
	if (valid_uri(r->fields[DS_FIELD_ONLINE_LINK]))
		link_to(d, "dcat:landingPage", r->fields[DS_FIELD_ONLINE_LINK]);
	if (r->fields[DS_FIELD_UPDATE_CYCLE]) {
		for (k = 0; k < sizeof frequencies / sizeof frequencies[0]; k++)
			if (strcmp(frequencies[k].cycle, r->fields[DS_FIELD_UPDATE_CYCLE]) == 0)
				break;
		if (k < sizeof frequencies / sizeof frequencies[0]) {
			ds__buf f = DS__BUF_INIT;
			ds__buf_printf(&f, "%s%s", EU_FREQUENCY, frequencies[k].frequency);
			link_to(d, "dct:accrualPeriodicity", f.data ? f.data : "");
			ds__buf_dispose(&f);
		}
		concept_link(d, "ds:updateCycle", LIST_UPDATE_CYCLE, r->fields[DS_FIELD_UPDATE_CYCLE]);
	}
	concept_link(d, "dct:accessRights", LIST_OPEN_TYPE, r->fields[DS_FIELD_OPEN_TYPE]);
	literal(d, "ds:openCondition", r->fields[DS_FIELD_OPEN_CONDITION], 1, NULL);
	concept_link(d, "ds:shareType", LIST_SHARE_TYPE, r->fields[DS_FIELD_SHARE_TYPE]);
	literal(d, "ds:shareCondition", r->fields[DS_FIELD_SHARE_CONDITION], 1, NULL);
	concept_link(d, "ds:shareMode", LIST_SHARE_MODE, r->fields[DS_FIELD_SHARE_MODE]);
	if (valid_date(r->fields[DS_FIELD_PUBLISHED]))
		literal(d, "dct:issued", r->fields[DS_FIELD_PUBLISHED], 0, "date");
	concept_link(d, "ds:securityClass", LIST_SECURITY, r->fields[DS_FIELD_SECURITY_CLASS]);
	if (r->fields[DS_FIELD_PERSONAL_INFO] && (strcmp(r->fields[DS_FIELD_PERSONAL_INFO], "true") == 0 ||
						  strcmp(r->fields[DS_FIELD_PERSONAL_INFO], "false") == 0))
		literal(d, "ds:personalInformation", r->fields[DS_FIELD_PERSONAL_INFO], 0, "boolean");
	for (i = 0; i < r->lists[DS_LIST_RELATED].count; i++)
		if (cat__lookup(c, r->lists[DS_LIST_RELATED].values[i]) != (size_t)-1)
			link_to(d, "dct:relation", uri(d, "dataset/", r->lists[DS_LIST_RELATED].values[i], NULL));
	for (i = 0; i < r->extension_count; i++) {
		ds__xmlw_start(&d->w, "ds:extension");
		ds__xmlw_attr(&d->w, "rdf:parseType", "Resource");
		d->triples++;
		literal(d, "ds:namespace", r->extensions[i].ns, 0, NULL);
		literal(d, "ds:key", r->extensions[i].key, 0, NULL);
		literal(d, "rdf:value", r->extensions[i].value, 1, NULL);
		ds__xmlw_end(&d->w);
	}

	/* The distribution: format, access URL, the 信息项 schema, and the service for APIs. */
	ds__xmlw_start(&d->w, "dcat:distribution");
	d->triples++;
	node(d, "dcat:Distribution", uri(d, "dataset/", id, "/distribution"));
	concept_link(d, "dct:format", LIST_FORMAT, r->fields[DS_FIELD_FORMAT]);
	if (valid_uri(r->fields[DS_FIELD_ONLINE_LINK]))
		link_to(d, "dcat:accessURL", r->fields[DS_FIELD_ONLINE_LINK]);
	if (r->fields[DS_FIELD_SERVICE_ADDRESS])
		link_to(d, "dcat:accessService", uri(d, "dataset/", id, "/service"));
	if (r->item_count) {
		ds__xmlw_start(&d->w, "dct:conformsTo");
		d->triples++;
		node(d, "csvw:Schema", uri(d, "dataset/", id, "/schema"));
		for (i = 0; i < r->item_count; i++) {
			char number[48];
			snprintf(number, sizeof number, "/schema/column/%zu", i + 1);
			ds__xmlw_start(&d->w, "csvw:column");
			d->triples++;
			node(d, "csvw:Column", uri(d, "dataset/", id, number));
			literal(d, "csvw:name", r->items[i].name, 1, NULL);
			concept_link(d, "dct:type", LIST_ITEM_TYPE, r->items[i].type);
			if (r->items[i].length) {
				snprintf(number, sizeof number, "%ld", r->items[i].length);
				literal(d, "csvw:maxLength", number, 0, "integer");
			}
			literal(d, "dct:description", r->items[i].description, 1, NULL);
			end(d);
			ds__xmlw_end(&d->w);
		}
		end(d);
		ds__xmlw_end(&d->w);
	}
	end(d);
	ds__xmlw_end(&d->w);
	end(d);

	if (r->fields[DS_FIELD_SERVICE_ADDRESS]) {
		node(d, "dcat:DataService", uri(d, "dataset/", id, "/service"));
		literal(d, "dct:title", r->fields[DS_FIELD_TITLE], 1, NULL);
		if (valid_uri(r->fields[DS_FIELD_SERVICE_ADDRESS]))
			link_to(d, "dcat:endpointURL", r->fields[DS_FIELD_SERVICE_ADDRESS]);
		else
			literal(d, "ds:serviceAddress", r->fields[DS_FIELD_SERVICE_ADDRESS], 0, NULL);
		literal(d, "ds:serviceType", r->fields[DS_FIELD_SERVICE_TYPE], 0, NULL);
		link_to(d, "dcat:servesDataset", dataset);
		end(d);
	}

	node(d, "dcat:CatalogRecord", uri(d, "record/", id, NULL));
	link_to(d, "foaf:primaryTopic", dataset);
	literal(d, "dct:identifier", r->fields[DS_FIELD_METADATA_ID], 0, NULL);
	if (valid_date(r->fields[DS_FIELD_METADATA_DATE]))
		literal(d, "dct:modified", r->fields[DS_FIELD_METADATA_DATE], 0, "date");
	literal(d, "ds:metadataContact", r->fields[DS_FIELD_METADATA_CONTACT], 1, NULL);
	end(d);
	ds__free(dataset);
}

/* ---------------------------------------------------------------- the document */

static void write_agents_and_categories(dcat *d, const ds_catalog *c)
{
	size_t i, j;

	/* Each provider and each category once, at its first use. */
	for (i = 0; i < c->count; i++) {
		const ds_resource *r = c->entries[i];
		const char *key = agent_key(r);
		int seen = 0;
		if (!r->fields[DS_FIELD_IDENTIFIER] || !key)
			continue;
		for (j = 0; j < i && !seen; j++)
			seen = c->entries[j]->fields[DS_FIELD_IDENTIFIER] && agent_key(c->entries[j]) &&
			       strcmp(agent_key(c->entries[j]), key) == 0;
		if (seen)
			continue;
		node(d, "foaf:Agent", uri(d, "agent/", key, NULL));
		literal(d, "foaf:name", r->fields[DS_FIELD_PROVIDER_NAME], 1, NULL);
		literal(d, "dct:identifier", r->fields[DS_FIELD_PROVIDER_CODE], 0, NULL);
		end(d);
	}
	node(d, "skos:ConceptScheme", uri(d, "category", NULL, NULL));
	literal(d, "skos:prefLabel", "信息资源分类", 1, NULL);
	end(d);
	for (i = 0; i < c->count; i++) {
		const ds_resource *r = c->entries[i];
		const char *code = r->fields[DS_FIELD_CATEGORY_CODE];
		int seen = 0;
		if (!r->fields[DS_FIELD_IDENTIFIER] || !code)
			continue;
		for (j = 0; j < i && !seen; j++)
			seen = c->entries[j]->fields[DS_FIELD_IDENTIFIER] &&
			       c->entries[j]->fields[DS_FIELD_CATEGORY_CODE] &&
			       strcmp(c->entries[j]->fields[DS_FIELD_CATEGORY_CODE], code) == 0;
		if (seen)
			continue;
		node(d, "skos:Concept", uri(d, "category/", code, NULL));
		literal(d, "skos:notation", code, 0, NULL);
		literal(d, "skos:prefLabel", r->fields[DS_FIELD_CATEGORY_NAME], 1, NULL);
		literal(d, "ds:categoryScheme", r->fields[DS_FIELD_CATEGORY_SCHEME], 1, NULL);
		link_to(d, "skos:inScheme", uri(d, "category", NULL, NULL));
		end(d);
	}
}

static void write_code_lists(dcat *d)
{
	ds__buf path = DS__BUF_INIT;
	char *scheme;
	size_t i;
	int list;

	for (list = 0; list < LIST_COUNT; list++) {
		if (!d->value_count[list])
			continue;
		ds__buf_clear(&path);
		ds__buf_printf(&path, "codelist/%s", list_names[list]);
		if (!(scheme = ds__strdup(uri(d, path.data ? path.data : "", NULL, NULL)))) {
			d->failed = 1;
			break;
		}
		node(d, "skos:ConceptScheme", scheme);
		literal(d, "skos:prefLabel", list_labels[list], 1, NULL);
		literal(d, "skos:notation", list_names[list], 0, NULL);
		end(d);
		ds__buf_putc(&path, '/');
		for (i = 0; i < d->value_count[list]; i++) {
			node(d, "skos:Concept", uri(d, path.data ? path.data : "", d->values[list][i], NULL));
			literal(d, "skos:prefLabel", d->values[list][i], 1, NULL);
			link_to(d, "skos:inScheme", scheme);
			end(d);
		}
		ds__free(scheme);
	}
	ds__buf_dispose(&path);
}

int ds_catalog_to_dcat(char **out, size_t *triples, const ds_catalog *c, const ds_dcat_options *opts)
{
	static const ds_dcat_options defaults = DS_DCAT_OPTIONS_INIT;
	dcat d;
	size_t i, n;
	int rc, list;

	if (!out || !c)
		return ds__error(DS_EINVAL, "ds_catalog_to_dcat: NULL argument");
	if (!opts)
		opts = &defaults;
	if (opts->version != DS_DCAT_OPTIONS_VERSION)
		return ds__error(DS_EINVAL, "ds_catalog_to_dcat: unknown options version %u", opts->version);
	memset(&d, 0, sizeof d);
	d.base = opts->base_uri ? opts->base_uri : DEFAULT_BASE;
	if (!valid_uri(d.base))
		return ds__error_at(DS_EINVAL, 0, 0, "base_uri", "base URI '%s' is not an absolute URI", d.base);
	if ((rc = ds__xmlw_begin(&d.w, "rdf:RDF", NULL)) < 0)
		goto done;
	for (n = 0; n < sizeof namespaces / sizeof namespaces[0]; n++) {
		char name[32];
		snprintf(name, sizeof name, "xmlns:%s", namespaces[n].prefix);
		ds__xmlw_attr(&d.w, name, namespaces[n].uri);
	}
	node(&d, "dcat:Catalog", uri(&d, "catalog", NULL, NULL));
	literal(&d, "dct:title", c->title, 1, NULL);
	link_to(&d, "dcat:themeTaxonomy", uri(&d, "category", NULL, NULL));
	for (i = 0; i < c->count; i++) {
		const char *id = c->entries[i]->fields[DS_FIELD_IDENTIFIER];
		if (!id)
			continue;
		link_to(&d, "dcat:dataset", uri(&d, "dataset/", id, NULL));
		link_to(&d, "dcat:record", uri(&d, "record/", id, NULL));
		if (c->entries[i]->fields[DS_FIELD_SERVICE_ADDRESS])
			link_to(&d, "dcat:service", uri(&d, "dataset/", id, "/service"));
	}
	end(&d);
	write_agents_and_categories(&d, c);
	for (i = 0; i < c->count && !d.failed; i++)
		if (c->entries[i]->fields[DS_FIELD_IDENTIFIER])
			write_dataset(&d, c, c->entries[i]);
	write_code_lists(&d);
	if (d.failed) {
		rc = ds__enomem();
		goto done;
	}
	rc = ds__xmlw_finish(out, &d.w);
	if (rc == DS_OK && triples)
		*triples = d.triples;
done:
	ds__xmlw_dispose(&d.w);
	ds__buf_dispose(&d.uri);
	for (list = 0; list < LIST_COUNT; list++) {
		for (i = 0; i < d.value_count[list]; i++)
			ds__free(d.values[list][i]);
		ds__free(d.values[list]);
	}
	return rc;
}
