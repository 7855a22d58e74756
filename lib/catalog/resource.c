/*
 * Catalogue entries (信息资源): text fields, keyword and related lists,
 * 信息项 and extension fields.
 * SPDX-License-Identifier: MIT
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "catalog/catalog_internal.h"
#include "internal/catalog.h"
#include "internal/xml.h"

static const char *const field_names[DS_FIELD_COUNT] = {
	"identifier",	  "metadata_id",	 "title",	    "abstract",	      "provider_name",
	"provider_code",  "provider_department", "category_scheme", "category_code",  "category_name",
	"format",	  "online_link",	 "service_address", "service_type",   "metadata_contact",
	"metadata_date",  "share_type",		 "share_condition", "share_mode",     "open_type",
	"open_condition", "update_cycle",	 "published",	    "security_class", "personal_info",
};

const char *const cat__list_names[2] = { "keyword", "related" };

#define MAX_ITEM_LENGTH 1000000000L

const char *ds_field_name(ds_field field)
{
	if ((int)field < 0 || field >= DS_FIELD_COUNT)
		return NULL;
	return field_names[field];
}

int ds_field_from_name(ds_field *out, const char *name)
{
	int i;

	if (!out || !name)
		return ds__error(DS_EINVAL, "ds_field_from_name: NULL argument");
	for (i = 0; i < DS_FIELD_COUNT; i++) {
		if (strcmp(field_names[i], name) == 0) {
			*out = (ds_field)i;
			return DS_OK;
		}
	}
	return ds__error(DS_ENOTFOUND, "unknown field '%s'", name);
}

static int is_xml_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/* Text is trimmed of XML whitespace (as the XML reader trims it, so that every
 * value survives export and import) and may not hold control characters, which
 * XML 1.0 cannot carry. */
/* Free text, where mixed-direction writing may need the bidirectional controls. */
static int is_free_text(const char *what)
{
	static const char *const free_text[] = { "abstract",	     "share_condition",	 "open_condition",
						 "metadata_contact", "item description", "extension value" };
	size_t i;

	for (i = 0; i < sizeof free_text / sizeof free_text[0]; i++)
		if (strcmp(what, free_text[i]) == 0)
			return 1;
	return 0;
}

int ds__catalog_value_check(const char *value, const char *what)
{
	int rc;

	if ((rc = ds__text_limit(value, DS__CATALOG_MAX_TEXT, what, "the catalogue's text-length limit")) < 0)
		return rc;
	return is_free_text(what) ? DS_OK : ds__text_refuse_bidi(value, what);
}

int cat__text(char **out, const char *value, const char *what)
{
	const char *start, *end, *s;
	int rc;

	*out = NULL;
	if (!value)
		return DS_OK;
	start = value;
	end = value + strlen(value);
	while (start < end && is_xml_space(*start))
		start++;
	while (end > start && is_xml_space(end[-1]))
		end--;
	if (start == end)
		return DS_OK;
	for (s = start; s < end; s++)
		if ((unsigned char)*s < 0x20 && !is_xml_space(*s))
			return ds__error_at(DS_EPARSE, 0, (int)(s - value) + 1, what,
					    "%s: byte %d is a control character (U+%04X)", what, (int)(s - value) + 1,
					    (unsigned int)(unsigned char)*s);
	if ((rc = ds__nfc(out, start, (size_t)(end - start))) < 0) {
		char message[512];
		snprintf(message, sizeof message, "%s", ds_error_last()->message);
		return ds__error_at(rc, 0, ds_error_last()->column, what, "%s: %s", what, message);
	}
	if ((rc = ds__catalog_value_check(*out, what)) < 0) {
		ds__free(*out);
		*out = NULL;
	}
	return rc;
}

size_t cat__utf8_length(const char *text)
{
	size_t n = 0;

	for (; *text; text++)
		if (((unsigned char)*text & 0xC0) != 0x80)
			n++;
	return n;
}

/* ---------------------------------------------------------------- lifetime */

static void strings_dispose(cat_strings *s)
{
	size_t i;

	for (i = 0; i < s->count; i++)
		ds__free(s->values[i]);
	ds__free(s->values);
	memset(s, 0, sizeof *s);
}

static void item_dispose(cat_item *item)
{
	ds__free(item->name);
	ds__free(item->type);
	ds__free(item->description);
}

static void extension_dispose(cat_extension *e)
{
	ds__free(e->ns);
	ds__free(e->key);
	ds__free(e->value);
}

static void invalidate(ds_resource *r)
{
	cat__keys_free(r->keys);
	r->keys = NULL;
}

int ds_resource_new(ds_resource **out)
{
	ds_resource *r;

	if (!out)
		return ds__error(DS_EINVAL, "ds_resource_new: NULL argument");
	if (!(r = ds__calloc(1, sizeof *r)))
		return ds__enomem();
	*out = r;
	return DS_OK;
}

void ds_resource_free(ds_resource *r)
{
	size_t i;

	if (!r)
		return;
	for (i = 0; i < DS_FIELD_COUNT; i++)
		ds__free(r->fields[i]);
	strings_dispose(&r->lists[0]);
	strings_dispose(&r->lists[1]);
	for (i = 0; i < r->item_count; i++)
		item_dispose(&r->items[i]);
	ds__free(r->items);
	ds__free(r->item_slots);
	for (i = 0; i < r->extension_count; i++)
		extension_dispose(&r->extensions[i]);
	ds__free(r->extensions);
	cat__keys_free(r->keys);
	ds__free(r);
}

/* Copy a possibly NULL string; 0 on success, -1 when memory ran out. */
static int copy_opt(char **out, const char *s)
{
	*out = NULL;
	if (!s)
		return 0;
	return (*out = ds__strdup(s)) ? 0 : -1;
}

int ds_resource_dup(ds_resource **out, const ds_resource *src)
{
	ds_resource *r = NULL;
	size_t i, l;
	int rc;

	if (!out || !src)
		return ds__error(DS_EINVAL, "ds_resource_dup: NULL argument");
	if ((rc = ds_resource_new(&r)) < 0)
		return rc;
	for (i = 0; i < DS_FIELD_COUNT; i++)
		if (copy_opt(&r->fields[i], src->fields[i]) < 0)
			goto nomem;
	for (l = 0; l < 2; l++) {
		const cat_strings *s = &src->lists[l];
		if (s->count) {
			if (!(r->lists[l].values = ds__calloc(s->count, sizeof(char *))))
				goto nomem;
			r->lists[l].cap = s->count;
			for (i = 0; i < s->count; i++, r->lists[l].count++)
				if (copy_opt(&r->lists[l].values[i], s->values[i]) < 0)
					goto nomem;
		}
	}
	if (src->item_count) {
		if (!(r->items = ds__calloc(src->item_count, sizeof *r->items)))
			goto nomem;
		r->item_cap = src->item_count;
		for (i = 0; i < src->item_count; i++, r->item_count++) {
			cat_item *d = &r->items[i];
			const cat_item *s = &src->items[i];
			d->length = s->length;
			if (copy_opt(&d->name, s->name) < 0 || copy_opt(&d->type, s->type) < 0 ||
			    copy_opt(&d->description, s->description) < 0) {
				r->item_count++; /* dispose the partial item too */
				goto nomem;
			}
		}
	}
	if (src->extension_count) {
		if (!(r->extensions = ds__calloc(src->extension_count, sizeof *r->extensions)))
			goto nomem;
		r->extension_cap = src->extension_count;
		for (i = 0; i < src->extension_count; i++, r->extension_count++) {
			cat_extension *d = &r->extensions[i];
			const cat_extension *s = &src->extensions[i];
			if (copy_opt(&d->ns, s->ns) < 0 || copy_opt(&d->key, s->key) < 0 ||
			    copy_opt(&d->value, s->value) < 0) {
				r->extension_count++;
				goto nomem;
			}
		}
	}
	*out = r;
	return DS_OK;
nomem:
	ds_resource_free(r);
	return ds__enomem();
}

/* ---------------------------------------------------------------- text fields */

int ds_resource_set(ds_resource *r, ds_field field, const char *value)
{
	char *text = NULL;
	int rc;

	if (!r)
		return ds__error(DS_EINVAL, "ds_resource_set: NULL resource");
	if ((int)field < 0 || field >= DS_FIELD_COUNT)
		return ds__error(DS_EINVAL, "ds_resource_set: unknown field %d", (int)field);
	if ((rc = cat__text(&text, value, field_names[field])) < 0)
		return rc;
	ds__free(r->fields[field]);
	r->fields[field] = text;
	invalidate(r);
	return DS_OK;
}

void cat__resource_take(ds_resource *r, ds_field field, char *text)
{
	if (text && !*text) {
		ds__free(text);
		text = NULL;
	}
	ds__free(r->fields[field]);
	r->fields[field] = text;
	invalidate(r);
}

const char *ds_resource_get(const ds_resource *r, ds_field field)
{
	if (!r || (int)field < 0 || field >= DS_FIELD_COUNT)
		return NULL;
	return r->fields[field];
}

/* ---------------------------------------------------------------- lists */

static cat_strings *list_of(ds_resource *r, ds_list list)
{
	return (int)list == DS_LIST_KEYWORDS || list == DS_LIST_RELATED ? &r->lists[list] : NULL;
}

int cat__list_append_take(ds_resource *r, ds_list list, char *text)
{
	cat_strings *s = &r->lists[list];
	size_t i;

	for (i = 0; i < s->count; i++)
		if (strcmp(s->values[i], text) == 0)
			return ds__error(DS_EEXISTS, "%s: '%s' is in the list already", cat__list_names[list], text);
	if (s->count == s->cap) {
		size_t cap = s->cap ? s->cap * 2 : 4;
		char **values = ds__realloc(s->values, cap * sizeof *values);
		if (!values)
			return ds__enomem();
		s->values = values;
		s->cap = cap;
	}
	s->values[s->count++] = text;
	invalidate(r);
	return DS_OK;
}

int ds_resource_list_add(ds_resource *r, ds_list list, const char *value)
{
	cat_strings *s;
	char *text = NULL;
	size_t i;
	int rc;

	if (!r || !(s = list_of(r, list)))
		return ds__error(DS_EINVAL, "ds_resource_list_add: NULL resource or unknown list");
	if (!value || !*value)
		return ds__error(DS_EINVAL, "%s: empty value", cat__list_names[list]);
	if ((rc = cat__text(&text, value, cat__list_names[list])) < 0)
		return rc;
	for (i = 0; i < s->count; i++) {
		if (strcmp(s->values[i], text) == 0) {
			rc = ds__error(DS_EEXISTS, "%s: '%s' is in the list already", cat__list_names[list], text);
			ds__free(text);
			return rc;
		}
	}
	if (s->count == s->cap) {
		size_t cap = s->cap ? s->cap * 2 : 4;
		char **values = ds__realloc(s->values, cap * sizeof *values);
		if (!values) {
			ds__free(text);
			return ds__enomem();
		}
		s->values = values;
		s->cap = cap;
	}
	s->values[s->count++] = text;
	invalidate(r);
	return DS_OK;
}

int ds_resource_list_remove(ds_resource *r, ds_list list, size_t index)
{
	cat_strings *s;

	if (!r || !(s = list_of(r, list)))
		return ds__error(DS_EINVAL, "ds_resource_list_remove: NULL resource or unknown list");
	if (index >= s->count)
		return ds__error(DS_ERANGE, "%s: no value at index %zu (the list has %zu)", cat__list_names[list],
				 index, s->count);
	ds__free(s->values[index]);
	memmove(&s->values[index], &s->values[index + 1], (s->count - index - 1) * sizeof *s->values);
	s->count--;
	invalidate(r);
	return DS_OK;
}

size_t ds_resource_list_count(const ds_resource *r, ds_list list)
{
	if (!r || ((int)list != DS_LIST_KEYWORDS && list != DS_LIST_RELATED))
		return 0;
	return r->lists[list].count;
}

int ds_resource_list_at(const char **out, const ds_resource *r, ds_list list, size_t index)
{
	const cat_strings *s;

	if (!out || !r || ((int)list != DS_LIST_KEYWORDS && list != DS_LIST_RELATED))
		return ds__error(DS_EINVAL, "ds_resource_list_at: NULL argument or unknown list");
	s = &r->lists[list];
	if (index >= s->count)
		return ds__error(DS_ERANGE, "%s: no value at index %zu (the list has %zu)", cat__list_names[list],
				 index, s->count);
	*out = s->values[index];
	return DS_OK;
}

/* ---------------------------------------------------------------- 信息项 */

/* Below this many items a name is looked up by a scan. */
#define ITEM_INDEX_MIN 32

static size_t item_hash(const char *s)
{
	uint64_t h = 14695981039346656037u; /* FNV-1a */
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211u;
	return (size_t)(h ^ (h >> 29));
}

static void item_index_drop(ds_resource *r)
{
	ds__free(r->item_slots);
	r->item_slots = NULL;
	r->item_slot_count = 0;
}

/* Put item @i into the index (which has room). */
static void item_index_put(ds_resource *r, size_t i)
{
	size_t mask = r->item_slot_count - 1, k = item_hash(r->items[i].name) & mask;
	while (r->item_slots[k])
		k = (k + 1) & mask;
	r->item_slots[k] = i + 1;
}

/* (Re)build the index for @want items: DS_OK, or DS_ENOMEM (the index is
 * then absent and lookups scan). */
static int item_index_build(ds_resource *r, size_t want)
{
	size_t n = 64, i;

	while (n < 2 * want)
		n *= 2;
	item_index_drop(r);
	if (!(r->item_slots = ds__calloc(n, sizeof *r->item_slots)))
		return ds__enomem();
	r->item_slot_count = n;
	for (i = 0; i < r->item_count; i++)
		item_index_put(r, i);
	return DS_OK;
}

/* Whether an item is named @name. */
static int item_named(ds_resource *r, const char *name)
{
	size_t i, mask, k;

	if (r->item_count >= ITEM_INDEX_MIN && !r->item_slots)
		(void)item_index_build(r, r->item_count + 1); /* out of memory: scan */
	if (!r->item_slots) {
		for (i = 0; i < r->item_count; i++)
			if (strcmp(r->items[i].name, name) == 0)
				return 1;
		return 0;
	}
	mask = r->item_slot_count - 1;
	for (k = item_hash(name) & mask; r->item_slots[k]; k = (k + 1) & mask)
		if (strcmp(r->items[r->item_slots[k] - 1].name, name) == 0)
			return 1;
	return 0;
}

/* Item @i was just appended: index it (or drop the index when it cannot grow). */
static void item_index_appended(ds_resource *r, size_t i)
{
	if (!r->item_slots)
		return;
	if (2 * (i + 1) > r->item_slot_count) {
		(void)item_index_build(r, i + 1); /* out of memory: no index, lookups scan */
		return;
	}
	item_index_put(r, i);
}

int ds_resource_item_insert(ds_resource *r, size_t position, const char *name, const char *type, long length,
			    const char *description)
{
	cat_item item = { NULL, NULL, 0, NULL };
	int rc;

	if (!r || !name)
		return ds__error(DS_EINVAL, "ds_resource_item_insert: NULL argument");
	if (position == (size_t)-1)
		position = r->item_count;
	if (position > r->item_count)
		return ds__error(DS_ERANGE, "item: position %zu is past the end (the entry has %zu items)", position,
				 r->item_count);
	if ((rc = cat__text(&item.name, name, "item name")) < 0)
		goto fail;
	if (!item.name) {
		rc = ds__error(DS_EINVAL, "item: empty name");
		goto fail;
	}
	if (length < 0 || length > MAX_ITEM_LENGTH) {
		rc = ds__error(DS_ERANGE, "item '%s': length %ld is outside 0 to %ld", item.name, length,
			       MAX_ITEM_LENGTH);
		goto fail;
	}
	if (item_named(r, item.name)) {
		rc = ds__error(DS_EEXISTS, "item: the entry has an item named '%s' already", item.name);
		goto fail;
	}
	if ((rc = cat__text(&item.type, type, "item type")) < 0 ||
	    (rc = cat__text(&item.description, description, "item description")) < 0)
		goto fail;
	item.length = length;
	if (r->item_count == r->item_cap) {
		size_t cap = r->item_cap ? r->item_cap * 2 : 8;
		cat_item *items = ds__realloc(r->items, cap * sizeof *items);
		if (!items) {
			rc = ds__enomem();
			goto fail;
		}
		r->items = items;
		r->item_cap = cap;
	}
	memmove(&r->items[position + 1], &r->items[position], (r->item_count - position) * sizeof *r->items);
	r->items[position] = item;
	r->item_count++;
	if (position + 1 == r->item_count)
		item_index_appended(r, position);
	else
		item_index_drop(r); /* the indices after it moved */
	invalidate(r);
	return DS_OK;
fail:
	item_dispose(&item);
	return rc;
}

int cat__item_append_take(ds_resource *r, char *name, char *type, long length, char *description)
{
	cat_item *item;

	if (item_named(r, name))
		return ds__error(DS_EEXISTS, "item: the entry has an item named '%s' already", name);
	if (r->item_count == r->item_cap) {
		size_t cap = r->item_cap ? r->item_cap * 2 : 8;
		cat_item *items = ds__realloc(r->items, cap * sizeof *items);
		if (!items)
			return ds__enomem();
		r->items = items;
		r->item_cap = cap;
	}
	item = &r->items[r->item_count++];
	item->name = name;
	item_index_appended(r, r->item_count - 1);
	item->type = type && *type ? type : NULL;
	item->length = length;
	item->description = description && *description ? description : NULL;
	if (type && !*type)
		ds__free(type);
	if (description && !*description)
		ds__free(description);
	return DS_OK;
}

int ds_resource_item_remove(ds_resource *r, size_t index)
{
	if (!r)
		return ds__error(DS_EINVAL, "ds_resource_item_remove: NULL resource");
	if (index >= r->item_count)
		return ds__error(DS_ERANGE, "item: no item at index %zu (the entry has %zu)", index, r->item_count);
	item_dispose(&r->items[index]);
	memmove(&r->items[index], &r->items[index + 1], (r->item_count - index - 1) * sizeof *r->items);
	r->item_count--;
	item_index_drop(r);
	invalidate(r);
	return DS_OK;
}

int ds_resource_item_move(ds_resource *r, size_t from, size_t to)
{
	cat_item moved;

	if (!r)
		return ds__error(DS_EINVAL, "ds_resource_item_move: NULL resource");
	if (from >= r->item_count || to >= r->item_count)
		return ds__error(DS_ERANGE, "item: cannot move %zu to %zu (the entry has %zu items)", from, to,
				 r->item_count);
	moved = r->items[from];
	if (from < to)
		memmove(&r->items[from], &r->items[from + 1], (to - from) * sizeof *r->items);
	else
		memmove(&r->items[to + 1], &r->items[to], (from - to) * sizeof *r->items);
	r->items[to] = moved;
	item_index_drop(r);
	return DS_OK;
}

size_t ds_resource_item_count(const ds_resource *r)
{
	return r ? r->item_count : 0;
}

int ds_resource_item_at(ds_item *out, const ds_resource *r, size_t index)
{
	if (!out || !r)
		return ds__error(DS_EINVAL, "ds_resource_item_at: NULL argument");
	if (index >= r->item_count)
		return ds__error(DS_ERANGE, "item: no item at index %zu (the entry has %zu)", index, r->item_count);
	out->name = r->items[index].name;
	out->type = r->items[index].type;
	out->length = r->items[index].length;
	out->description = r->items[index].description;
	return DS_OK;
}

/* ---------------------------------------------------------------- extensions */

static cat_extension *find_extension(const ds_resource *r, const char *ns, const char *key, size_t *index)
{
	size_t i;

	for (i = 0; i < r->extension_count; i++) {
		if (strcmp(r->extensions[i].ns, ns) == 0 && strcmp(r->extensions[i].key, key) == 0) {
			if (index)
				*index = i;
			return &r->extensions[i];
		}
	}
	return NULL;
}

int ds_resource_extension_set(ds_resource *r, const char *ns, const char *key, const char *value)
{
	cat_extension e = { NULL, NULL, NULL }, *existing;
	size_t index = 0;
	int rc;

	if (!r || !ns || !key || !*ns || !*key)
		return ds__error(DS_EINVAL, "extension: NULL resource or empty namespace or key");
	if ((rc = cat__text(&e.ns, ns, "extension namespace")) < 0 ||
	    (rc = cat__text(&e.key, key, "extension key")) < 0 ||
	    (rc = cat__text(&e.value, value, "extension value")) < 0)
		goto done;
	existing = find_extension(r, e.ns, e.key, &index);
	if (!e.value) {
		if (existing) {
			extension_dispose(existing);
			memmove(&r->extensions[index], &r->extensions[index + 1],
				(r->extension_count - index - 1) * sizeof *r->extensions);
			r->extension_count--;
		}
		goto done;
	}
	if (existing) {
		ds__free(existing->value);
		existing->value = e.value;
		e.value = NULL;
		goto done;
	}
	if (r->extension_count == r->extension_cap) {
		size_t cap = r->extension_cap ? r->extension_cap * 2 : 4;
		cat_extension *list = ds__realloc(r->extensions, cap * sizeof *list);
		if (!list) {
			rc = ds__enomem();
			goto done;
		}
		r->extensions = list;
		r->extension_cap = cap;
	}
	r->extensions[r->extension_count++] = e;
	memset(&e, 0, sizeof e);
done:
	extension_dispose(&e);
	return rc;
}

const char *ds_resource_extension_get(const ds_resource *r, const char *ns, const char *key)
{
	cat_extension *e;

	if (!r || !ns || !key)
		return NULL;
	e = find_extension(r, ns, key, NULL);
	return e ? e->value : NULL;
}

size_t ds_resource_extension_count(const ds_resource *r)
{
	return r ? r->extension_count : 0;
}

int ds_resource_extension_at(ds_extension *out, const ds_resource *r, size_t index)
{
	if (!out || !r)
		return ds__error(DS_EINVAL, "ds_resource_extension_at: NULL argument");
	if (index >= r->extension_count)
		return ds__error(DS_ERANGE, "extension: no extension at index %zu (the entry has %zu)", index,
				 r->extension_count);
	out->ns = r->extensions[index].ns;
	out->key = r->extensions[index].key;
	out->value = r->extensions[index].value;
	return DS_OK;
}

/* ---------------------------------------------------------------- equality */

static int same(const char *a, const char *b)
{
	return a == b || (a && b && strcmp(a, b) == 0);
}

static int items_equal(const ds_resource *a, const ds_resource *b)
{
	size_t i;

	if (a->item_count != b->item_count)
		return 0;
	for (i = 0; i < a->item_count; i++)
		if (!same(a->items[i].name, b->items[i].name) || !same(a->items[i].type, b->items[i].type) ||
		    a->items[i].length != b->items[i].length || !same(a->items[i].description, b->items[i].description))
			return 0;
	return 1;
}

static int list_equal(const cat_strings *a, const cat_strings *b)
{
	size_t i;

	if (a->count != b->count)
		return 0;
	for (i = 0; i < a->count; i++)
		if (strcmp(a->values[i], b->values[i]) != 0)
			return 0;
	return 1;
}

static int extensions_equal(const ds_resource *a, const ds_resource *b)
{
	size_t i;

	if (a->extension_count != b->extension_count)
		return 0;
	for (i = 0; i < a->extension_count; i++)
		if (!same(a->extensions[i].ns, b->extensions[i].ns) ||
		    !same(a->extensions[i].key, b->extensions[i].key) ||
		    !same(a->extensions[i].value, b->extensions[i].value))
			return 0;
	return 1;
}

/* The parts of two entries that differ, as a bit set: bit f for field f, then
 * the two lists, the items and the extensions (diff.c names them). */
unsigned long cat__resource_differences(const ds_resource *a, const ds_resource *b)
{
	unsigned long bits = 0;
	int f;

	for (f = 0; f < DS_FIELD_COUNT; f++)
		if (!same(a->fields[f], b->fields[f]))
			bits |= 1ul << f;
	if (!list_equal(&a->lists[0], &b->lists[0]))
		bits |= 1ul << DS_FIELD_COUNT;
	if (!list_equal(&a->lists[1], &b->lists[1]))
		bits |= 1ul << (DS_FIELD_COUNT + 1);
	if (!items_equal(a, b))
		bits |= 1ul << (DS_FIELD_COUNT + 2);
	if (!extensions_equal(a, b))
		bits |= 1ul << (DS_FIELD_COUNT + 3);
	return bits;
}

int ds_resource_equal(const ds_resource *a, const ds_resource *b)
{
	if (!a || !b)
		return 0;
	return cat__resource_differences(a, b) == 0;
}
