/*
 * The native catalogue document (urn:datasset:catalog:1, schemas/catalog.xsd):
 * streaming import one <resource> at a time, export with the shared writer,
 * and CSV export.
 * SPDX-License-Identifier: MIT
 */
#include "config.h"

#include <string.h>

#include "catalog/catalog_internal.h"
#include "internal/catalog.h"
#include "internal/xml.h"

#define CATALOG_NS "urn:datasset:catalog:1"
#define CATALOG_XSD "catalog.xsd"

/* Where each text field lives in a <resource>: an element, and an attribute of
 * it or (NULL) its text. Rows sharing an element are adjacent; the element
 * order is the XSD's sequence. LIST_* rows stand for the repeated elements. */
enum { ROW_FIELD, ROW_KEYWORDS, ROW_RELATED };

static const struct layout {
	int kind;
	ds_field field;
	const char *element;
	const char *attr;
} layout[] = {
	{ ROW_FIELD, DS_FIELD_IDENTIFIER, "identifier", NULL },
	{ ROW_FIELD, DS_FIELD_METADATA_ID, "metadata-id", NULL },
	{ ROW_FIELD, DS_FIELD_TITLE, "title", NULL },
	{ ROW_FIELD, DS_FIELD_ABSTRACT, "abstract", NULL },
	{ ROW_FIELD, DS_FIELD_PROVIDER_CODE, "provider", "code" },
	{ ROW_FIELD, DS_FIELD_PROVIDER_DEPARTMENT, "provider", "department" },
	{ ROW_FIELD, DS_FIELD_PROVIDER_NAME, "provider", NULL },
	{ ROW_FIELD, DS_FIELD_CATEGORY_SCHEME, "category", "scheme" },
	{ ROW_FIELD, DS_FIELD_CATEGORY_CODE, "category", "code" },
	{ ROW_FIELD, DS_FIELD_CATEGORY_NAME, "category", NULL },
	{ ROW_FIELD, DS_FIELD_FORMAT, "format", NULL },
	{ ROW_KEYWORDS, DS_FIELD_COUNT, "keyword", NULL },
	{ ROW_FIELD, DS_FIELD_ONLINE_LINK, "online-link", NULL },
	{ ROW_FIELD, DS_FIELD_SERVICE_TYPE, "service", "type" },
	{ ROW_FIELD, DS_FIELD_SERVICE_ADDRESS, "service", NULL },
	{ ROW_FIELD, DS_FIELD_METADATA_CONTACT, "metadata-contact", NULL },
	{ ROW_FIELD, DS_FIELD_METADATA_DATE, "metadata-date", NULL },
	{ ROW_FIELD, DS_FIELD_SHARE_TYPE, "share", "type" },
	{ ROW_FIELD, DS_FIELD_SHARE_MODE, "share", "mode" },
	{ ROW_FIELD, DS_FIELD_SHARE_CONDITION, "share", NULL },
	{ ROW_FIELD, DS_FIELD_OPEN_TYPE, "open", "type" },
	{ ROW_FIELD, DS_FIELD_OPEN_CONDITION, "open", NULL },
	{ ROW_FIELD, DS_FIELD_UPDATE_CYCLE, "update-cycle", NULL },
	{ ROW_FIELD, DS_FIELD_PUBLISHED, "published", NULL },
	{ ROW_FIELD, DS_FIELD_SECURITY_CLASS, "security", "class" },
	{ ROW_FIELD, DS_FIELD_PERSONAL_INFO, "security", "personal-info" },
	{ ROW_RELATED, DS_FIELD_COUNT, "related", NULL },
};
#define LAYOUT_ROWS (sizeof layout / sizeof layout[0])

/* ---------------------------------------------------------------- reading */

/* Re-raise a setter's error at @node, keeping its code and message. */
static int at_node(int rc, xmlNodePtr node, const char *attr)
{
	char message[768];

	snprintf(message, sizeof message, "%s", ds_error_last()->message);
	return ds__xml_error(rc, node, attr, "%s", message);
}

static int read_field(ds_resource *r, xmlNodePtr element, const struct layout *row)
{
	char *text = NULL;
	int rc;

	/* The XML layer gives valid, trimmed NFC text, and XML 1.0 cannot carry the
	 * control characters ds_resource_set() refuses. */
	if ((rc = ds__xml_text(&text, element, row->attr)) < 0)
		return rc;
	if ((rc = ds__catalog_value_check(text, ds_field_name(row->field))) < 0) {
		ds__free(text);
		return at_node(rc, element, row->attr);
	}
	cat__resource_take(r, row->field, text);
	return DS_OK;
}

static int read_list(ds_resource *r, xmlNodePtr element, ds_list list)
{
	char *text = NULL;
	int rc;

	if ((rc = ds__xml_text(&text, element, NULL)) < 0)
		return rc;
	if (!text || !*text)
		rc = ds__xml_error(DS_EPARSE, element, NULL, "empty %s", cat__list_names[list]);
	else if ((rc = cat__list_append_take(r, list, text)) == DS_OK)
		return DS_OK;
	else
		rc = at_node(rc, element, NULL);
	ds__free(text);
	return rc;
}

static int read_items(ds_resource *r, xmlNodePtr items)
{
	xmlNodePtr item;
	char *name = NULL, *type = NULL, *description = NULL;
	long length;
	int rc = DS_OK;

	for (item = ds__xml_child(items, "item"); item && rc == DS_OK; item = ds__xml_next(item, "item")) {
		length = 0;
		if ((rc = ds__xml_text_required(&name, item, "name")) == DS_OK &&
		    (rc = ds__xml_text(&type, item, "type")) == DS_OK &&
		    (!xmlHasProp(item, (const xmlChar *)"length") ||
		     (rc = ds__xml_long(&length, item, "length", 0, 1000000000L)) == DS_OK) &&
		    (rc = ds__xml_text(&description, item, NULL)) == DS_OK) {
			if (!*name)
				rc = ds__xml_error(DS_EPARSE, item, "name", "empty 信息项 name");
			else if ((rc = cat__item_append_take(r, name, type, length, description)) == DS_OK)
				name = type = description = NULL; /* the entry owns them now */
			else
				rc = at_node(rc, item, "name");
		}
		ds__free(name);
		ds__free(type);
		ds__free(description);
		name = type = description = NULL;
	}
	return rc;
}

static int read_extension(ds_resource *r, xmlNodePtr element)
{
	char *ns = NULL, *key = NULL, *value = NULL;
	int rc;

	if ((rc = ds__xml_text_required(&ns, element, "ns")) == DS_OK &&
	    (rc = ds__xml_text_required(&key, element, "key")) == DS_OK &&
	    (rc = ds__xml_text(&value, element, NULL)) == DS_OK) {
		if (ds_resource_extension_get(r, ns, key))
			rc = ds__xml_error(DS_EEXISTS, element, "key", "extension %s %s is given twice", ns, key);
		else if (value && (rc = ds_resource_extension_set(r, ns, key, value)) < 0)
			rc = at_node(rc, element, NULL);
	}
	ds__free(ns);
	ds__free(key);
	ds__free(value);
	return rc;
}

/* Build an entry from an expanded <resource> element. */
static int read_resource(ds_resource **out, xmlNodePtr node)
{
	ds_resource *r = NULL;
	xmlNodePtr child;
	size_t row;
	int rc;

	if ((rc = ds_resource_new(&r)) < 0)
		return rc;
	for (child = ds__xml_child(node, NULL); child && rc == DS_OK; child = ds__xml_next(child, NULL)) {
		const char *tag = (const char *)child->name;
		if (strcmp(tag, "items") == 0) {
			rc = read_items(r, child);
			continue;
		}
		if (strcmp(tag, "extension") == 0) {
			rc = read_extension(r, child);
			continue;
		}
		for (row = 0; row < LAYOUT_ROWS && rc == DS_OK; row++) {
			if (strcmp(layout[row].element, tag) != 0)
				continue;
			if (layout[row].kind == ROW_KEYWORDS)
				rc = read_list(r, child, DS_LIST_KEYWORDS);
			else if (layout[row].kind == ROW_RELATED)
				rc = read_list(r, child, DS_LIST_RELATED);
			else
				rc = read_field(r, child, &layout[row]);
		}
	}
	if (rc < 0) {
		ds_resource_free(r);
		return rc;
	}
	*out = r;
	return DS_OK;
}

/* An error found while the entry sat inside the temporary <catalog> wrapper
 * names "catalog/resource/..."; name it from the entry's own root. */
static int unwrap_error(int rc)
{
	const ds_error *e = ds_error_last();
	static const char prefix[] = "catalog/";
	char field[256], message[1024];
	const char *in_message;

	if (strncmp(e->field, prefix, sizeof prefix - 1) != 0)
		return rc;
	snprintf(field, sizeof field, "%s", e->field + sizeof prefix - 1);
	if ((in_message = strstr(e->message, e->field)) != NULL)
		snprintf(message, sizeof message, "%.*s%s%s", (int)(in_message - e->message), e->message, field,
			 in_message + strlen(e->field));
	else
		snprintf(message, sizeof message, "%s", e->message);
	return ds__error_at(rc, e->line, e->column, field, "%s", message);
}

int ds__catalog_resource_from_doc(ds_resource **out, xmlDocPtr doc, const char *name)
{
	xmlNodePtr root = doc ? xmlDocGetRootElement(doc) : NULL, wrapper;
	xmlNsPtr ns;
	int rc;

	if (!out || !root)
		return ds__error(DS_EINVAL, "catalogue entry: NULL argument");
	if (!name)
		name = "entry";
	if (strcmp((const char *)root->name, "resource") != 0 || !root->ns ||
	    strcmp((const char *)root->ns->href, CATALOG_NS) != 0)
		return ds__xml_error(DS_EPARSE, root, NULL, "%s is not a catalogue entry: expected <resource> in %s",
				     name, CATALOG_NS);
	/* catalog.xsd declares only <catalog> globally: validate the entry as
	 * the one <resource> of a catalogue, moving (not copying) it under a
	 * temporary root so lines stay its own, then put it back. */
	if (!(wrapper = xmlNewDocNode(doc, NULL, (const xmlChar *)"catalog", NULL)))
		return ds__enomem();
	if (!(ns = xmlNewNs(wrapper, (const xmlChar *)CATALOG_NS, NULL))) {
		xmlFreeNode(wrapper);
		return ds__enomem();
	}
	xmlSetNs(wrapper, ns);
	xmlDocSetRootElement(doc, wrapper);
	xmlAddChild(wrapper, root);
	rc = ds__xml_validate(doc, CATALOG_XSD, name);
	if (rc == DS_OK)
		rc = read_resource(out, root);
	if (rc < 0)
		rc = unwrap_error(rc);
	xmlUnlinkNode(root);
	xmlDocSetRootElement(doc, root);
	xmlFreeNode(wrapper);
	return rc;
}

/* Walk a document: the catalogue's <title> goes to @title, every <resource>
 * to @each (which takes ownership of it). */
typedef int (*entry_sink)(ds_resource *r, xmlNodePtr node, size_t index, void *context);

/* The streaming reader frees earlier siblings, so a path computed from the
 * tree says "catalog/resource" or a wrong index; put the entry's position in it. */
static int locate_in_entry(int rc, size_t index)
{
	const ds_error *e = ds_error_last();
	static const char prefix[] = "catalog/resource";
	char field[256], message[1024];
	const char *in_message, *rest;

	if (strncmp(e->field, prefix, sizeof prefix - 1) != 0)
		return rc;
	rest = e->field + sizeof prefix - 1;
	/* The path's own index counts the <resource> siblings still in the tree: the streaming
	   reader frees the entries already read and may have the next one, so it can say [1]
	   for entry 901. The walk's count is the real position. */
	if (*rest == '[' && (rest = strchr(rest, ']')) != NULL)
		rest++;
	if (!rest || (*rest != '/' && *rest != '\0'))
		return rc;
	snprintf(field, sizeof field, "%s[%zu]%s", prefix, index + 1, rest);
	if ((in_message = strstr(e->message, e->field)) != NULL)
		snprintf(message, sizeof message, "%.*s%s%s", (int)(in_message - e->message), e->message, field,
			 in_message + strlen(e->field));
	else
		snprintf(message, sizeof message, "%s", e->message);
	return ds__error_at(rc, e->line, e->column, field, "%s", message);
}

static int walk(ds__xml_stream *stream, char **title, entry_sink each, void *context)
{
	const char *name;
	xmlNodePtr node;
	ds_resource *r;
	size_t index = 0;
	int depth, rc;

	while ((rc = ds__xml_stream_next(stream, &depth, &name)) > 0) {
		if (depth != 1)
			continue;
		if ((rc = ds__xml_stream_expand(stream, &node)) < 0)
			return rc;
		if (strcmp(name, "title") == 0) {
			ds__free(*title);
			if ((rc = ds__xml_text(title, node, NULL)) < 0)
				return rc;
		} else if (strcmp(name, "resource") == 0) {
			if ((rc = read_resource(&r, node)) < 0 || (rc = each(r, node, index, context)) < 0)
				return locate_in_entry(rc, index);
			index++;
		}
	}
	return rc;
}

static int add_to_catalog(ds_resource *r, xmlNodePtr node, size_t index, void *context)
{
	int rc;

	(void)index;
	if ((rc = ds_catalog_add(context, r)) < 0) {
		ds_resource_free(r);
		if (rc == DS_EEXISTS)
			rc = at_node(rc, ds__xml_child(node, "identifier"), NULL);
	}
	return rc;
}

static int load(ds_catalog **out, ds__xml_stream *stream)
{
	ds_catalog *c = NULL;
	char *title = NULL;
	int rc;

	if ((rc = ds_catalog_new(&c)) < 0)
		goto done;
	if ((rc = walk(stream, &title, add_to_catalog, c)) < 0)
		goto done;
	c->title = title;
	title = NULL;
	*out = c;
	c = NULL;
done:
	ds__free(title);
	ds_catalog_free(c);
	ds__xml_stream_free(stream);
	return rc;
}

int ds_catalog_load(ds_catalog **out, const char *path)
{
	ds__xml_stream *stream = NULL;
	int rc;

	if (!out || !path)
		return ds__error(DS_EINVAL, "ds_catalog_load: NULL argument");
	if ((rc = ds__xml_stream_open_file(&stream, path, CATALOG_XSD)) < 0)
		return rc;
	return load(out, stream);
}

int ds_catalog_parse(ds_catalog **out, const char *data, size_t len, const char *name)
{
	ds__xml_stream *stream = NULL;
	int rc;

	if (!out || !data)
		return ds__error(DS_EINVAL, "ds_catalog_parse: NULL argument");
	if ((rc = ds__xml_stream_open_memory(&stream, data, len, name ? name : "catalogue", CATALOG_XSD)) < 0)
		return rc;
	return load(out, stream);
}

typedef struct each_context {
	ds_resource_callback callback;
	void *context;
	int (*on_title)(void *context, const char *title); /* before the first entry; NULL: none */
	char **title;					   /* the title read so far */
	int told;
} each_context;

static int hand_over(ds_resource *r, xmlNodePtr node, size_t index, void *context)
{
	each_context *each = context;
	int rc = DS_OK;

	(void)node;
	if (each->on_title && !each->told) {
		each->told = 1;
		rc = each->on_title(each->context, *each->title);
	}
	if (rc == DS_OK)
		rc = each->callback(r, index, each->context);
	ds_resource_free(r);
	return rc;
}

typedef struct stream_context {
	cat_ids *ids;
	int (*each)(ds_resource *r, size_t index, void *context);
	void *context;
	size_t count;
} stream_context;

static int stream_entry(ds_resource *r, xmlNodePtr node, size_t index, void *context)
{
	stream_context *s = context;
	const char *id = r->fields[DS_FIELD_IDENTIFIER];
	size_t first;
	int rc = DS_OK;

	s->count = index + 1;
	if (s->ids && id && (rc = cat__ids_add(&first, s->ids, id, index)) == DS_EEXISTS) {
		cat__duplicate(id, first); /* as add_to_catalog() reports it */
		rc = at_node(DS_EEXISTS, ds__xml_child(node, "identifier"), NULL);
	}
	if (rc == DS_OK && s->each)
		rc = s->each(r, index, s->context);
	ds_resource_free(r);
	return rc;
}

int cat__stream(size_t *count, const char *path, cat_ids *ids, int (*each)(ds_resource *r, size_t index, void *context),
		void *context)
{
	ds__xml_stream *stream = NULL;
	char *title = NULL;
	stream_context s = { ids, each, context, 0 };
	int rc;

	*count = 0;
	if ((rc = ds__xml_stream_open_file(&stream, path, CATALOG_XSD)) < 0)
		return rc;
	rc = walk(stream, &title, stream_entry, &s);
	ds__xml_stream_free(stream);
	ds__free(title);
	*count = s.count;
	return rc;
}

int cat__load_each_titled(const char *path, int (*on_title)(void *context, const char *title),
			  ds_resource_callback callback, void *context)
{
	ds__xml_stream *stream = NULL;
	char *catalog_title = NULL;
	each_context each = { callback, context, on_title, &catalog_title, 0 };
	int rc;

	if ((rc = ds__xml_stream_open_file(&stream, path, CATALOG_XSD)) < 0)
		return rc;
	rc = walk(stream, &catalog_title, hand_over, &each);
	ds__xml_stream_free(stream);
	if (rc == DS_OK && !each.told)
		rc = on_title(context, catalog_title);
	ds__free(catalog_title);
	return rc;
}

int ds_catalog_load_each(char **title, const char *path, ds_resource_callback callback, void *context)
{
	ds__xml_stream *stream = NULL;
	char *catalog_title = NULL;
	each_context each = { callback, context, NULL, &catalog_title, 0 };
	int rc;

	if (!path || !callback)
		return ds__error(DS_EINVAL, "ds_catalog_load_each: NULL argument");
	if ((rc = ds__xml_stream_open_file(&stream, path, CATALOG_XSD)) < 0)
		return rc;
	rc = walk(stream, &catalog_title, hand_over, &each);
	ds__xml_stream_free(stream);
	if (rc == DS_OK && title) {
		*title = catalog_title;
		catalog_title = NULL;
	}
	ds__free(catalog_title);
	return rc;
}

/* ---------------------------------------------------------------- writing */

/* The content of a <resource>: the writer's current element is it. */
static void write_resource_body(ds__xml_writer *w, const ds_resource *r)
{
	size_t row = 0, end, i;

	while (row < LAYOUT_ROWS) {
		const char *element = layout[row].element;
		const char *text = NULL;
		int present = 0;
		for (end = row; end < LAYOUT_ROWS && strcmp(layout[end].element, element) == 0; end++)
			if (layout[end].kind == ROW_FIELD && r->fields[layout[end].field])
				present = 1;
		if (layout[row].kind != ROW_FIELD) {
			ds_list list = layout[row].kind == ROW_KEYWORDS ? DS_LIST_KEYWORDS : DS_LIST_RELATED;
			for (i = 0; i < r->lists[list].count; i++)
				ds__xmlw_element(w, element, r->lists[list].values[i]);
		} else if (present) {
			ds__xmlw_start(w, element);
			for (i = row; i < end; i++) {
				if (layout[i].attr)
					ds__xmlw_attr(w, layout[i].attr, r->fields[layout[i].field]);
				else
					text = r->fields[layout[i].field];
			}
			ds__xmlw_text(w, text);
			ds__xmlw_end(w);
		}
		row = end;
	}
	if (r->item_count) {
		ds__xmlw_start(w, "items");
		for (i = 0; i < r->item_count; i++) {
			const cat_item *item = &r->items[i];
			ds__xmlw_start(w, "item");
			ds__xmlw_attr(w, "name", item->name);
			ds__xmlw_attr(w, "type", item->type);
			if (item->length)
				ds__xmlw_attrf(w, "length", "%ld", item->length);
			ds__xmlw_text(w, item->description);
			ds__xmlw_end(w);
		}
		ds__xmlw_end(w);
	}
	for (i = 0; i < r->extension_count; i++) {
		ds__xmlw_start(w, "extension");
		ds__xmlw_attr(w, "ns", r->extensions[i].ns);
		ds__xmlw_attr(w, "key", r->extensions[i].key);
		ds__xmlw_text(w, r->extensions[i].value);
		ds__xmlw_end(w);
	}
}

static void write_resource(ds__xml_writer *w, const ds_resource *r)
{
	ds__xmlw_start(w, "resource");
	write_resource_body(w, r);
	ds__xmlw_end(w);
}

void cat__xml_write_entry(struct ds__xml_writer *w, const ds_resource *r)
{
	write_resource(w, r);
}

int ds_resource_to_xml(char **out, const ds_resource *resource)
{
	ds__xml_writer w;
	char *text = NULL;
	int rc;

	if (!out || !resource)
		return ds__error(DS_EINVAL, "ds_resource_to_xml: NULL argument");
	if ((rc = ds__xmlw_begin(&w, "resource", CATALOG_NS)) < 0) {
		ds__xmlw_dispose(&w);
		return rc;
	}
	write_resource_body(&w, resource);
	if ((rc = ds__xmlw_finish(&text, &w)) < 0)
		return rc;
	*out = text;
	return DS_OK;
}

int ds_catalog_entry_xml(char **out, const ds_catalog *catalog, const char *identifier)
{
	size_t index;
	int rc;

	if (!out || !catalog || !identifier)
		return ds__error(DS_EINVAL, "ds_catalog_entry_xml: NULL argument");
	if ((rc = ds_catalog_find(&index, catalog, identifier)) < 0)
		return rc;
	return ds_resource_to_xml(out, catalog->entries[index]);
}

int ds_catalog_to_xml(char **out, const ds_catalog *c)
{
	ds__xml_writer w;
	size_t i;
	int rc;

	if (!out || !c)
		return ds__error(DS_EINVAL, "ds_catalog_to_xml: NULL argument");
	if ((rc = ds__xmlw_begin(&w, "catalog", CATALOG_NS)) < 0) {
		ds__xmlw_dispose(&w);
		return rc;
	}
	if (c->title)
		ds__xmlw_element(&w, "title", c->title);
	for (i = 0; i < c->count; i++)
		write_resource(&w, c->entries[i]);
	return ds__xmlw_finish(out, &w);
}

/* ---------------------------------------------------------------- CSV */

static void csv_joined(ds__buf *b, char **values, size_t count)
{
	ds__buf joined = DS__BUF_INIT;
	size_t i;

	ds__buf_puts(&joined, "");
	for (i = 0; i < count; i++) {
		if (i)
			ds__buf_putc(&joined, ';');
		ds__buf_puts(&joined, values[i]);
	}
	if (joined.oom)
		b->oom = 1;
	ds__csv_field(b, joined.data ? joined.data : "", 0);
	ds__buf_dispose(&joined);
}

int ds_catalog_to_csv(char **out, const ds_catalog *c, int bom)
{
	ds__buf b = DS__BUF_INIT;
	size_t i, k;
	int f;

	if (!out || !c)
		return ds__error(DS_EINVAL, "ds_catalog_to_csv: NULL argument");
	ds__buf_puts(&b, bom ? DS__CSV_BOM : "");
	for (f = 0; f < DS_FIELD_COUNT; f++)
		ds__csv_field(&b, ds_field_name((ds_field)f), f == 0);
	ds__csv_field(&b, "keywords", 0);
	ds__csv_field(&b, "related", 0);
	ds__csv_field(&b, "items", 0);
	ds__csv_end_row(&b);
	for (i = 0; i < c->count && !b.oom; i++) {
		const ds_resource *r = c->entries[i];
		char **names;
		for (f = 0; f < DS_FIELD_COUNT; f++)
			ds__csv_field(&b, r->fields[f] ? r->fields[f] : "", f == 0);
		csv_joined(&b, r->lists[DS_LIST_KEYWORDS].values, r->lists[DS_LIST_KEYWORDS].count);
		csv_joined(&b, r->lists[DS_LIST_RELATED].values, r->lists[DS_LIST_RELATED].count);
		if (!(names = ds__calloc(r->item_count + 1, sizeof *names))) {
			b.oom = 1;
			break;
		}
		for (k = 0; k < r->item_count; k++)
			names[k] = r->items[k].name;
		csv_joined(&b, names, r->item_count);
		ds__free(names);
		ds__csv_end_row(&b);
	}
	if (b.oom) {
		ds__buf_dispose(&b);
		return ds__enomem();
	}
	return ds__buf_detach(out, &b);
}
