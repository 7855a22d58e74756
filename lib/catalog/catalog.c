/*
 * Catalogues: an ordered set of entries with a hash index on the identifier,
 * and the diff of two catalogues.
 * SPDX-License-Identifier: MIT
 */
#include "config.h"

#include <string.h>

#include "catalog/catalog_internal.h"

/* FNV-1a: simple, and good enough for identifiers of a few dozen bytes. */
static size_t hash_text(const char *s)
{
	size_t h = (size_t)14695981039346656037ull;

	for (; *s; s++) {
		h ^= (unsigned char)*s;
		h *= (size_t)1099511628211ull;
	}
	return h;
}

static const char *identifier_of(const ds_resource *r)
{
	return r->fields[DS_FIELD_IDENTIFIER];
}

/* The slot holding @id, or the empty slot where it would go. */
static size_t probe(const ds_catalog *c, const char *id)
{
	size_t mask = c->slot_count - 1, i = hash_text(id) & mask;

	while (c->slots[i] && strcmp(identifier_of(c->entries[c->slots[i] - 1]), id) != 0)
		i = (i + 1) & mask;
	return i;
}

/* Index of the entry with @id, or (size_t)-1. */
static size_t lookup(const ds_catalog *c, const char *id)
{
	size_t slot;

	if (!c->slot_count || !id)
		return (size_t)-1;
	slot = probe(c, id);
	return c->slots[slot] ? c->slots[slot] - 1 : (size_t)-1;
}

/* Build the index for the first @count entries into a table of @slot_count slots. */
static int build_index(ds_catalog *c, size_t slot_count)
{
	size_t *slots = ds__calloc(slot_count, sizeof *slots), *old = c->slots, i;

	if (!slots)
		return ds__enomem();
	c->slots = slots;
	c->slot_count = slot_count;
	for (i = 0; i < c->count; i++)
		if (identifier_of(c->entries[i]))
			c->slots[probe(c, identifier_of(c->entries[i]))] = i + 1;
	ds__free(old);
	return DS_OK;
}

size_t cat__lookup(const ds_catalog *c, const char *id)
{
	return lookup(c, id);
}

int cat__reindex(ds_catalog *c)
{
	size_t size = 32;

	while (size < 2 * (c->count + 1))
		size *= 2;
	return build_index(c, size);
}

int ds_catalog_new(ds_catalog **out)
{
	ds_catalog *c;

	if (!out)
		return ds__error(DS_EINVAL, "ds_catalog_new: NULL argument");
	if (!(c = ds__calloc(1, sizeof *c)))
		return ds__enomem();
	*out = c;
	return DS_OK;
}

void ds_catalog_free(ds_catalog *c)
{
	size_t i;

	if (!c)
		return;
	for (i = 0; i < c->count; i++)
		ds_resource_free(c->entries[i]);
	ds__free(c->entries);
	ds__free(c->slots);
	ds__free(c->title);
	ds__free(c);
}

int ds_catalog_set_title(ds_catalog *c, const char *title)
{
	char *text = NULL;
	int rc;

	if (!c)
		return ds__error(DS_EINVAL, "ds_catalog_set_title: NULL catalogue");
	if ((rc = cat__text(&text, title, "catalogue title")) < 0)
		return rc;
	ds__free(c->title);
	c->title = text;
	return DS_OK;
}

const char *ds_catalog_title(const ds_catalog *c)
{
	return c ? c->title : NULL;
}

int cat__duplicate(const char *id, size_t first)
{
	return ds__error_at(DS_EEXISTS, 0, 0, "identifier",
			    "信息资源代码 (identifier) '%s' is already in the catalogue (entry %zu)", id, first + 1);
}

int ds_catalog_add(ds_catalog *c, ds_resource *r)
{
	const char *id;

	if (!c || !r)
		return ds__error(DS_EINVAL, "ds_catalog_add: NULL argument");
	id = identifier_of(r);
	if (id && lookup(c, id) != (size_t)-1)
		return cat__duplicate(id, lookup(c, id));
	if (c->count == c->cap) {
		size_t cap = c->cap ? c->cap * 2 : 16;
		ds_resource **entries = ds__realloc(c->entries, cap * sizeof *entries);
		if (!entries)
			return ds__enomem();
		c->entries = entries;
		c->cap = cap;
	}
	/* Keep the table at most half full so probes stay short. */
	if (id && (c->count + 1) * 2 > c->slot_count) {
		int rc = build_index(c, c->slot_count ? c->slot_count * 2 : 32);
		if (rc < 0)
			return rc;
	}
	c->entries[c->count++] = r;
	if (id)
		c->slots[probe(c, id)] = c->count;
	return DS_OK;
}

int ds_catalog_replace(ds_catalog *c, size_t index, ds_resource *r)
{
	const char *id;
	size_t other;
	ds_resource *old;
	int rc;

	if (!c || !r)
		return ds__error(DS_EINVAL, "ds_catalog_replace: NULL argument");
	if (index >= c->count)
		return ds__error(DS_ERANGE, "no entry at index %zu (the catalogue has %zu)", index, c->count);
	id = identifier_of(r);
	if (id && (other = lookup(c, id)) != (size_t)-1 && other != index)
		return ds__error_at(DS_EEXISTS, 0, 0, "identifier",
				    "信息资源代码 (identifier) '%s' is already in the catalogue (entry %zu)", id,
				    other + 1);
	old = c->entries[index];
	c->entries[index] = r;
	/* Rebuilding is O(n) but keeps deletion out of the open-addressing table. */
	if ((rc = cat__reindex(c)) < 0) {
		c->entries[index] = old;
		return rc;
	}
	ds_resource_free(old);
	return DS_OK;
}

int ds_catalog_remove(ds_catalog *c, size_t index)
{
	ds_resource *old;
	int rc;

	if (!c)
		return ds__error(DS_EINVAL, "ds_catalog_remove: NULL catalogue");
	if (index >= c->count)
		return ds__error(DS_ERANGE, "no entry at index %zu (the catalogue has %zu)", index, c->count);
	old = c->entries[index];
	memmove(&c->entries[index], &c->entries[index + 1], (c->count - index - 1) * sizeof *c->entries);
	c->count--;
	if ((rc = cat__reindex(c)) < 0) {
		memmove(&c->entries[index + 1], &c->entries[index], (c->count - index) * sizeof *c->entries);
		c->entries[index] = old;
		c->count++;
		return rc;
	}
	ds_resource_free(old);
	return DS_OK;
}

size_t ds_catalog_count(const ds_catalog *c)
{
	return c ? c->count : 0;
}

int ds_catalog_at(const ds_resource **out, const ds_catalog *c, size_t index)
{
	if (!out || !c)
		return ds__error(DS_EINVAL, "ds_catalog_at: NULL argument");
	if (index >= c->count)
		return ds__error(DS_ERANGE, "no entry at index %zu (the catalogue has %zu)", index, c->count);
	*out = c->entries[index];
	return DS_OK;
}

int ds_catalog_find(size_t *index, const ds_catalog *c, const char *identifier)
{
	char *id = NULL;
	size_t found;
	int rc;

	if (!index || !c || !identifier)
		return ds__error(DS_EINVAL, "ds_catalog_find: NULL argument");
	if ((rc = cat__text(&id, identifier, "identifier")) < 0)
		return rc;
	found = lookup(c, id);
	if (found == (size_t)-1)
		rc = ds__error(DS_ENOTFOUND, "no entry with identifier '%s'", identifier);
	else
		*index = found;
	ds__free(id);
	return rc;
}

/* ---------------------------------------------------------------- diff */

typedef struct diff_entry {
	ds_change change;
	char *identifier;
	char *fields;
} diff_entry;

struct ds_catalog_diff {
	diff_entry *entries;
	size_t count, cap;
};

static const char *const extra_part_names[4] = { "keywords", "related", "items", "extensions" };

static int diff_push(ds_catalog_diff *d, ds_change change, const char *id, unsigned long parts)
{
	ds__buf names = DS__BUF_INIT;
	diff_entry e = { change, NULL, NULL };
	int p, rc;

	for (p = 0; p < CAT_PART_COUNT; p++) {
		if (!(parts & (1ul << p)))
			continue;
		if (names.len)
			ds__buf_putc(&names, ',');
		ds__buf_puts(&names,
			     p < DS_FIELD_COUNT ? ds_field_name((ds_field)p) : extra_part_names[p - DS_FIELD_COUNT]);
	}
	if (!names.len)
		ds__buf_puts(&names, "");
	if ((rc = ds__buf_detach(&e.fields, &names)) < 0)
		goto fail;
	if (!(e.identifier = ds__strdup(id))) {
		rc = ds__enomem();
		goto fail;
	}
	if (d->count == d->cap) {
		size_t cap = d->cap ? d->cap * 2 : 16;
		diff_entry *list = ds__realloc(d->entries, cap * sizeof *list);
		if (!list) {
			rc = ds__enomem();
			goto fail;
		}
		d->entries = list;
		d->cap = cap;
	}
	d->entries[d->count++] = e;
	return DS_OK;
fail:
	ds__buf_dispose(&names);
	ds__free(e.fields);
	ds__free(e.identifier);
	return rc;
}

int ds_catalog_diff_new(ds_catalog_diff **out, const ds_catalog *old_catalog, const ds_catalog *new_catalog)
{
	ds_catalog_diff *d;
	size_t i, j;
	int rc = DS_OK;

	if (!out || !old_catalog || !new_catalog)
		return ds__error(DS_EINVAL, "ds_catalog_diff_new: NULL argument");
	if (!(d = ds__calloc(1, sizeof *d)))
		return ds__enomem();
	for (i = 0; i < old_catalog->count && rc == DS_OK; i++) {
		const ds_resource *a = old_catalog->entries[i];
		const char *id = identifier_of(a);
		if (!id)
			continue;
		j = lookup(new_catalog, id);
		if (j == (size_t)-1) {
			rc = diff_push(d, DS_CHANGE_REMOVED, id, 0);
		} else {
			unsigned long parts = cat__resource_differences(a, new_catalog->entries[j]);
			if (parts)
				rc = diff_push(d, DS_CHANGE_CHANGED, id, parts);
		}
	}
	for (j = 0; j < new_catalog->count && rc == DS_OK; j++) {
		const char *id = identifier_of(new_catalog->entries[j]);
		if (id && lookup(old_catalog, id) == (size_t)-1)
			rc = diff_push(d, DS_CHANGE_ADDED, id, 0);
	}
	if (rc < 0) {
		ds_catalog_diff_free(d);
		return rc;
	}
	*out = d;
	return DS_OK;
}

void ds_catalog_diff_free(ds_catalog_diff *d)
{
	size_t i;

	if (!d)
		return;
	for (i = 0; i < d->count; i++) {
		ds__free(d->entries[i].identifier);
		ds__free(d->entries[i].fields);
	}
	ds__free(d->entries);
	ds__free(d);
}

size_t ds_catalog_diff_count(const ds_catalog_diff *d)
{
	return d ? d->count : 0;
}

int ds_catalog_diff_at(ds_catalog_change *out, const ds_catalog_diff *d, size_t index)
{
	if (!out || !d)
		return ds__error(DS_EINVAL, "ds_catalog_diff_at: NULL argument");
	if (index >= d->count)
		return ds__error(DS_ERANGE, "no change at index %zu (the diff has %zu)", index, d->count);
	out->kind = d->entries[index].change;
	out->identifier = d->entries[index].identifier;
	out->fields = d->entries[index].fields;
	return DS_OK;
}

/* ---------------------------------------------------------------- merge */

int ds_catalog_merge(ds_catalog_diff **diff, ds_catalog *target, const ds_catalog *update, unsigned int flags)
{
	ds_catalog *merged = NULL;
	ds_catalog_diff *changes = NULL;
	ds_resource *copy = NULL;
	size_t i, j;
	int rc;

	if (!target || !update || (flags & ~DS_MERGE_REMOVE_MISSING))
		return ds__error(DS_EINVAL, "ds_catalog_merge: NULL catalogue or unknown flags 0x%x", flags);
	/* Build the result beside the target and swap it in at the end, so that a
	 * failure half-way leaves the target as it was. */
	if ((rc = ds_catalog_new(&merged)) < 0)
		return rc;
	for (i = 0; i < target->count; i++) {
		const ds_resource *old = target->entries[i], *source = old;
		const char *id = identifier_of(old);
		if (id) {
			j = lookup(update, id);
			if (j == (size_t)-1 && (flags & DS_MERGE_REMOVE_MISSING))
				continue;
			if (j != (size_t)-1 && cat__resource_differences(old, update->entries[j]))
				source = update->entries[j];
		}
		if ((rc = ds_resource_dup(&copy, source)) < 0 || (rc = ds_catalog_add(merged, copy)) < 0)
			goto fail;
		copy = NULL;
	}
	for (j = 0; j < update->count; j++) {
		const char *id = identifier_of(update->entries[j]);
		if (!id || lookup(target, id) != (size_t)-1)
			continue;
		if ((rc = ds_resource_dup(&copy, update->entries[j])) < 0 || (rc = ds_catalog_add(merged, copy)) < 0)
			goto fail;
		copy = NULL;
	}
	if (diff && (rc = ds_catalog_diff_new(&changes, target, merged)) < 0)
		goto fail;
	/* Swap the entries and the index; the title stays the target's. */
	{
		ds_resource **entries = target->entries;
		size_t count = target->count, cap = target->cap, *slots = target->slots,
		       slot_count = target->slot_count;
		target->entries = merged->entries;
		target->count = merged->count;
		target->cap = merged->cap;
		target->slots = merged->slots;
		target->slot_count = merged->slot_count;
		merged->entries = entries;
		merged->count = count;
		merged->cap = cap;
		merged->slots = slots;
		merged->slot_count = slot_count;
	}
	ds_catalog_free(merged);
	if (diff)
		*diff = changes;
	return DS_OK;
fail:
	ds_resource_free(copy);
	ds_catalog_free(merged);
	ds_catalog_diff_free(changes);
	return rc;
}
