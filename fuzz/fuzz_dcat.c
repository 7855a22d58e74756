/*
 * libFuzzer harness for DCAT import (ds_catalog_parse_dcat): whatever imports
 * must hold only what the native format can (it exports, and the export
 * parses back with the same number of entries).
 * SPDX-License-Identifier: MIT
 */
#include <datasset/datasset.h>

#include "fuzz_util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	ds_catalog *c = NULL, *again = NULL;
	char *xml = NULL;

	if (ds_catalog_parse_dcat(&c, (const char *)data, size, "fuzz") == DS_OK) {
		FUZZ_CHECK(ds_catalog_to_xml(&xml, c) == DS_OK);
		FUZZ_CHECK(ds_catalog_parse(&again, xml, strlen(xml), "export") == DS_OK);
		FUZZ_CHECK(ds_catalog_count(again) == ds_catalog_count(c));
	}
	ds_catalog_free(again);
	ds_free(xml);
	ds_catalog_free(c);
	return 0;
}
