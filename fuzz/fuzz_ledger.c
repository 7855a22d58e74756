/*
 * libFuzzer harness for ledger documents (ds_ledger_parse): a book that reads
 * must report over its whole span.
 * SPDX-License-Identifier: MIT
 */
#include <datasset/datasset.h>

#include "fuzz_util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	ds_ledger *book = NULL;
	ds_ledger_report *report = NULL;

	if (ds_ledger_parse(&book, (const char *)data, size, "fuzz") == DS_OK) {
		int rc = ds_ledger_report_new(&report, book, "2000-01", "2040-12");
		FUZZ_CHECK(rc == DS_OK || (rc < 0 && ds_error_last()->message[0] != '\0'));
	}
	ds_ledger_report_free(report);
	ds_ledger_free(book);
	return 0;
}
