/*
 * libFuzzer harness for decimal text (ds_decimal_parse): the first byte's low
 * three bits are the DS_DECIMAL_* flags, the rest is the text. Whatever parses
 * must print as plain text that parses back to the same value, always: the
 * fuzzer's first finding was "5e1000", which parsed but printed 1,001 digits
 * that no literal may have; the parser now bounds a number written out to
 * DS_DECIMAL_MAX_LITERAL_DIGITS before and after the point (the input is kept
 * in fuzz/regressions/fuzz_decimal/). As a fraction it must parse back when
 * within the literal limits (1e-1000 is 1/10^1000, a 1,001-digit denominator).
 * SPDX-License-Identifier: MIT
 */
#include <datasset/datasset.h>

#include "fuzz_util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	ds_decimal *d = NULL, *back = NULL;
	char *text, *fraction = NULL, *plain = NULL;

	if (size < 1)
		return 0;
	text = fuzz_text(data + 1, size - 1);
	FUZZ_CHECK(ds_decimal_new(&d) == DS_OK && ds_decimal_new(&back) == DS_OK);
	if (ds_decimal_parse(d, text, data[0] & 7u) == DS_OK) {
		FUZZ_CHECK(ds_decimal_to_fraction(&fraction, d) == DS_OK);
		if (strlen(fraction) <= DS_DECIMAL_MAX_LITERAL_DIGITS) {
			FUZZ_CHECK(ds_decimal_parse(back, fraction, DS_DECIMAL_FRACTION) == DS_OK);
			FUZZ_CHECK(ds_decimal_cmp(back, d) == 0);
		}
		if (ds_decimal_terminates(d)) {
			FUZZ_CHECK(ds_decimal_to_string(&plain, d, data[0] & DS_DECIMAL_GROUPED) == DS_OK);
			FUZZ_CHECK(ds_decimal_parse(back, plain, DS_DECIMAL_GROUPED) == DS_OK);
			FUZZ_CHECK(ds_decimal_cmp(back, d) == 0);
		}
	}
	ds_free(plain);
	ds_free(fraction);
	ds_decimal_free(back);
	ds_decimal_free(d);
	free(text);
	return 0;
}
