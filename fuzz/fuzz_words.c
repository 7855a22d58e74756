/*
 * libFuzzer harness for 人民币大写 (ds_decimal_parse_rmb_words): whatever reads
 * as an amount must be written back in words that read as the same amount.
 * SPDX-License-Identifier: MIT
 */
#include <datasset/datasset.h>

#include "fuzz_util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	ds_decimal *d = NULL, *back = NULL;
	char *text = fuzz_text(data, size), *words = NULL;

	FUZZ_CHECK(ds_decimal_new(&d) == DS_OK && ds_decimal_new(&back) == DS_OK);
	if (ds_decimal_parse_rmb_words(d, text) == DS_OK && ds_decimal_to_rmb_words(&words, d, NULL) == DS_OK) {
		FUZZ_CHECK(ds_decimal_parse_rmb_words(back, words) == DS_OK);
		FUZZ_CHECK(ds_decimal_cmp(back, d) == 0);
	}
	ds_free(words);
	ds_decimal_free(back);
	ds_decimal_free(d);
	free(text);
	return 0;
}
