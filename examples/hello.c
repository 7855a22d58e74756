/*
 * The smallest complete libdatasset program: exact arithmetic, rounding to the
 * fen, and the amount in 人民币大写.
 *   cc hello.c $(pkg-config --cflags --libs datasset)
 * SPDX-License-Identifier: MIT
 */
#include <stdio.h>

#include <datasset/datasset.h>

int main(void)
{
	ds_decimal *price = NULL, *quantity = NULL, *total = NULL;
	char *plain = NULL, *words = NULL;
	int rc;

	if ((rc = ds_decimal_new(&price)) < 0 || (rc = ds_decimal_new(&quantity)) < 0 ||
	    (rc = ds_decimal_new(&total)) < 0)
		goto done;
	if ((rc = ds_decimal_parse(price, "420.08", 0)) < 0 || (rc = ds_decimal_parse(quantity, "4", 0)) < 0)
		goto done;
	if ((rc = ds_decimal_mul(total, price, quantity)) < 0)
		goto done;
	if ((rc = ds_decimal_to_string_scaled(&plain, total, 2, DS_ROUND_HALF_UP, 0)) < 0 ||
	    (rc = ds_decimal_to_rmb_words(&words, total, NULL)) < 0)
		goto done;
	printf("%s = %s\n", plain, words);
done:
	if (rc < 0)
		fprintf(stderr, "hello: %s: %s\n", ds_strerror(rc), ds_error_last()->message);
	ds_free(plain);
	ds_free(words);
	ds_decimal_free(price);
	ds_decimal_free(quantity);
	ds_decimal_free(total);
	return rc < 0 ? 1 : 0;
}
