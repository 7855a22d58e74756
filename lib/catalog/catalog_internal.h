/*
 * The catalogue module's private structures and helpers, shared by the files
 * of lib/catalog/. Never installed.
 * SPDX-License-Identifier: MIT
 */
#ifndef DS_CATALOG_INTERNAL_H
#define DS_CATALOG_INTERNAL_H

#include <stddef.h>

#include "datasset/catalog.h"
#include "internal/core.h"

/* A growable array of owned strings. */
typedef struct cat_strings {
	char **values;
	size_t count;
	size_t cap;
} cat_strings;

typedef struct cat_item {
	char *name;
	char *type;
	long length;
	char *description;
} cat_item;

typedef struct cat_extension {
	char *ns;
	char *key;
	char *value;
} cat_extension;

/* Search keys, built once per entry on the first search (search.c). */
typedef struct cat_keys {
	char *folded;		 /* NFKC-casefolded title, abstract and keywords, separated by U+0001 */
	char *pinyin;		 /* full pinyin of the title without spaces, lower case */
	char *initials;		 /* the first letter of each pinyin syllable of the title */
	char *provider;		 /* NFKC-casefolded provider name */
	char *category;		 /* NFKC-casefolded category name */
	unsigned char *sort_key; /* ICU "zh" collation key of the title */
	size_t sort_key_len;
} cat_keys;

struct ds_resource {
	char *fields[DS_FIELD_COUNT];
	cat_strings lists[2]; /* DS_LIST_KEYWORDS, DS_LIST_RELATED */
	cat_item *items;
	size_t item_count, item_cap;
	/* open-addressing hash of item name -> index + 1 (0 = empty), built on
	 * the first lookup past a few items and dropped when items move, so that
	 * adding n 信息项 one by one stays linear (a probe of 65,536 columns) */
	size_t *item_slots;
	size_t item_slot_count; /* a power of two, at least twice the items indexed */
	cat_extension *extensions;
	size_t extension_count, extension_cap;
	cat_keys *keys; /* NULL until the first search */
};

struct ds_catalog {
	char *title;
	ds_resource **entries;
	size_t count, cap;
	/* open-addressing hash of identifier -> entry index + 1 (0 = empty slot) */
	size_t *slots;
	size_t slot_count; /* a power of two, at least twice the indexed entries */
};

/* Validate UTF-8 and NFC-normalise @value into a new string; NULL or "" gives
 * *out = NULL. @what names the value in the error message. */
int cat__text(char **out, const char *value, const char *what);

/* Set @field to @text, which the XML layer has already validated, trimmed and
 * NFC-normalised, taking ownership of it ("" is freed and clears the field).
 * Saves normalising every value twice on import. */
void cat__resource_take(ds_resource *r, ds_field field, char *text);

/* The same for a list value and for a 信息项 (name not empty; "" type or
 * description means unset): on success the entry owns the strings; on failure
 * (DS_EEXISTS for a repeated value or item name, DS_ENOMEM) the caller still does. */
int cat__list_append_take(ds_resource *r, ds_list list, char *text);
int cat__item_append_take(ds_resource *r, char *name, char *type, long length, char *description);

/* ds_catalog_load_each() that also hands the catalogue's title (NULL when it has none) to
 * @on_title once, before the first entry (or at the end when there is none). */
int cat__load_each_titled(const char *path, int (*on_title)(void *context, const char *title),
			  ds_resource_callback callback, void *context);

/* Write @r as a catalogue document's <resource> element (ds_catalog_to_xml() writes each entry
 * so), the writer's current element being the <catalog>. */
struct ds__xml_writer;
void cat__xml_write_entry(struct ds__xml_writer *w, const ds_resource *r);

/* DS_EEXISTS for identifier @id, which entry @first (0-based) already has: ds_catalog_add()'s error. */
int cat__duplicate(const char *id, size_t first);

/* The identifiers of a catalogue read entry by entry (ids.c): an exact index in a private
 * temporary SQLite database, so that memory does not grow with the entries. Errors: DS_EIO
 * (the temporary file), DS_ENOMEM. */
typedef struct cat_ids cat_ids;
int cat__ids_open(cat_ids **out);
/* Add @id of entry @index: DS_OK, or DS_EEXISTS (no error set) with *first the entry that has it. */
int cat__ids_add(size_t *first, cat_ids *ids, const char *id, size_t index);
/* *index receives the entry with identifier @id, or (size_t)-1 when there is none. */
int cat__ids_find(size_t *index, cat_ids *ids, const char *id);
/* Record @iri (copied) as the dataset IRI of the entry with identifier @id (already added). */
int cat__ids_set_iri(cat_ids *ids, const char *id, const char *iri);
/* *index receives the entry with identifier @id or (size_t)-1; @iri (cleared first) the IRI
 * recorded for it, empty when none. */
int cat__ids_find_iri(size_t *index, ds__buf *iri, cat_ids *ids, const char *id);
void cat__ids_free(cat_ids *ids);

/* Read a native document entry by entry exactly as ds_catalog_load() reads it (the same
 * errors, a repeated identifier included when @ids is given: every identifier is added to
 * it), handing each entry to @each (may be NULL), which may change it; it is freed after.
 * *count receives the number of entries read (also on failure). */
int cat__stream(size_t *count, const char *path, cat_ids *ids, int (*each)(ds_resource *r, size_t index, void *context),
		void *context);

/* Characters (code points) in valid UTF-8 text. */
size_t cat__utf8_length(const char *text);

/* Drop the cached search keys of an entry. */
void cat__keys_free(cat_keys *keys);

/* The index of the entry with identifier @id (NFC), or (size_t)-1; sets no error. */
size_t cat__lookup(const ds_catalog *catalog, const char *id);

/* Rebuild the catalogue's identifier index after entries moved (sort). */
int cat__reindex(ds_catalog *catalog);

/* The parts of two entries that differ, as a bit set: bit f for field f, then
 * keywords, related, items and extensions (bits DS_FIELD_COUNT + 0..3). */
unsigned long cat__resource_differences(const ds_resource *a, const ds_resource *b);
#define CAT_PART_COUNT (DS_FIELD_COUNT + 4)

/* The element names of the native XML document for the list kinds. */
extern const char *const cat__list_names[2];

#endif
