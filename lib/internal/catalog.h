/*
 * Catalogue internals other modules use (the registry reads the one entry a
 * registration is about). Never installed.
 * SPDX-License-Identifier: MIT
 */
#ifndef DS_INTERNAL_CATALOG_H
#define DS_INTERNAL_CATALOG_H

#include <libxml/tree.h>

#include "datasset/catalog.h"

/* Read one catalogue entry from a parsed document whose root element is
 * <resource> in urn:datasset:catalog:1 (schemas/catalog.xsd's c:resource):
 * the root is checked, the entry is validated against the catalogue schema and
 * read with the catalogue's own rules (the same as for each <resource> of a
 * catalogue document). @name is the document's name used in messages.
 * Errors: DS_EPARSE (wrong root, fails the schema, empty keyword or item name,
 * ...), DS_EEXISTS (an extension given twice), DS_ENOMEM; line, column and a
 * field path starting with "resource" (e.g. "resource/items/item[2]/@name")
 * are set. @doc is left as it was. On success *out is a new entry
 * (ds_resource_free). */
int ds__catalog_resource_from_doc(ds_resource **out, xmlDocPtr doc, const char *name);

/* The native catalogue format's limits on one value, shared by every way a
 * value enters a catalogue (the native reader, ds_resource_set() and the
 * setters, DCAT import), so that no catalogue is built that the native format
 * cannot hold: at most DS__CATALOG_MAX_TEXT characters (catalog.xsd's
 * maxLength), and in names and identifiers no bidirectional control
 * character. @what is the field's name ("title", "item name", "keyword").
 * DS_ERANGE or DS_EINVAL with the field set; DS_OK for NULL. */
#define DS__CATALOG_MAX_TEXT 100000
int ds__catalog_value_check(const char *value, const char *what);

#endif
