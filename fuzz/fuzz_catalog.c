/*
 * libFuzzer harness for the catalogue's two parsers: the native document and
 * DCAT RDF/XML. Whatever parses must export, re-import equal (native), validate
 * and export to DCAT without failing. Build and run (see docs/catalog.md):
 *   sh fuzz/build.sh && mkdir -p /tmp/corpus &&
 *   ./fuzz/fuzz_catalog -max_total_time=60 /tmp/corpus tests/fixtures/catalog
 * SPDX-License-Identifier: MIT
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <datasset/datasset.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void exercise(ds_catalog *c)
{
	ds_catalog *again = NULL;
	ds_profile *profile = NULL;
	ds_catalog_report *report = NULL;
	char *xml = NULL, *rdf = NULL;
	size_t i;

	if (ds_catalog_to_xml(&xml, c) != DS_OK)
		abort();
	if (ds_catalog_parse(&again, xml, strlen(xml), "export") != DS_OK ||
	    ds_catalog_count(again) != ds_catalog_count(c))
		abort();
	for (i = 0; i < ds_catalog_count(c); i++) {
		const ds_resource *a, *b;
		if (ds_catalog_at(&a, c, i) != DS_OK || ds_catalog_at(&b, again, i) != DS_OK ||
		    !ds_resource_equal(a, b))
			abort();
	}
	if (ds_profile_load(&profile, "jinan") != DS_OK || ds_catalog_validate(&report, c, profile) != DS_OK)
		abort();
	if (ds_catalog_to_dcat(&rdf, NULL, c, NULL) != DS_OK)
		abort();
	ds_free(rdf);
	ds_catalog_report_free(report);
	ds_profile_free(profile);
	ds_catalog_free(again);
	ds_free(xml);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	ds_catalog *c = NULL;

	if (ds_catalog_parse(&c, (const char *)data, size, "fuzz") == DS_OK) {
		exercise(c);
		ds_catalog_free(c);
		c = NULL;
	}
	if (ds_catalog_parse_dcat(&c, (const char *)data, size, "fuzz") == DS_OK) {
		exercise(c);
		ds_catalog_free(c);
	}
	return 0;
}
