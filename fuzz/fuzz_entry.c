/*
 * libFuzzer harness for the registry's catalogue entry (the document 'registry
 * apply --entry' stores verbatim): the XML layer, then the catalogue's reading
 * of one <resource>. An entry that reads must copy.
 * SPDX-License-Identifier: MIT
 */
#include <datasset/datasset.h>

#include "fuzz_util.h"
#include "internal/catalog.h"
#include "internal/xml.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	xmlDocPtr doc = NULL;
	ds_resource *r = NULL, *copy = NULL;

	if (ds__xml_load_memory(&doc, (const char *)data, size, "entry", NULL) == DS_OK &&
	    ds__catalog_resource_from_doc(&r, doc, "entry") == DS_OK) {
		FUZZ_CHECK(ds_resource_dup(&copy, r) == DS_OK && ds_resource_equal(copy, r));
	}
	ds_resource_free(copy);
	ds_resource_free(r);
	if (doc)
		xmlFreeDoc(doc);
	return 0;
}
