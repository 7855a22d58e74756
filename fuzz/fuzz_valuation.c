/*
 * libFuzzer harness for valuation documents (ds_valuation_report_parse): a
 * document that reads must write as XML and as text.
 * SPDX-License-Identifier: MIT
 */
#include <datasset/datasset.h>

#include "fuzz_util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	ds_valuation_report *r = NULL;
	char *xml = NULL, *text = NULL;

	if (ds_valuation_report_parse(&r, (const char *)data, size, "fuzz", NULL) == DS_OK) {
		FUZZ_CHECK(ds_valuation_report_to_xml(&xml, r) == DS_OK);
		FUZZ_CHECK(ds_valuation_report_to_text(&text, r) == DS_OK);
	}
	ds_free(text);
	ds_free(xml);
	ds_valuation_report_free(r);
	return 0;
}
