/*
 * libFuzzer harness for the calc expression evaluator (ds_decimal_eval): any
 * text either fails with an error or gives a value that prints.
 * SPDX-License-Identifier: MIT
 */
#include <datasset/datasset.h>

#include "fuzz_util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	ds_decimal *d = NULL;
	char *text = fuzz_text(data, size), *out = NULL;
	int rc;

	FUZZ_CHECK(ds_decimal_new(&d) == DS_OK);
	rc = ds_decimal_eval(d, text);
	if (rc == DS_OK)
		FUZZ_CHECK(ds_decimal_to_fraction(&out, d) == DS_OK);
	else
		FUZZ_CHECK(rc < 0 && ds_error_last()->message[0] != '\0');
	ds_free(out);
	ds_decimal_free(d);
	free(text);
	return 0;
}
