/*
 * libFuzzer harness for public-sector books (ds_ledger_gov_parse): a book that
 * reads must report over its whole span and write every part in every format.
 * SPDX-License-Identifier: MIT
 */
#include <datasset/datasset.h>

#include "fuzz_util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	ds_ledger_gov *book = NULL;
	ds_ledger_gov_report *report = NULL;

	if (ds_ledger_gov_parse(&book, (const char *)data, size, "fuzz") == DS_OK) {
		int rc = ds_ledger_gov_report_new(&report, book, "2000-01", "2040-12");
		FUZZ_CHECK(rc == DS_OK || (rc < 0 && ds_error_last()->message[0] != '\0'));
		if (rc == DS_OK) {
			unsigned int part, format;
			for (part = 0; part <= DS_LEDGER_GOV_PART_FIGURES; part++)
				for (format = 0; format <= DS_LEDGER_FORMAT_XML; format++) {
					char *text = NULL;
					FUZZ_CHECK(ds_ledger_gov_report_write(&text, report, (ds_ledger_gov_part)part,
									      (ds_ledger_format)format, 0) == DS_OK);
					ds_free(text);
				}
		}
	}
	ds_ledger_gov_report_free(report);
	ds_ledger_gov_free(book);
	return 0;
}
