/*
 * The C side of bench/python/bench.py: the time of one cheap library call
 * made from C, to compare with the same call made through the Python binding.
 *   add:   ds_decimal_add(r, a, b) on existing decimals (1234.56 + 0.01);
 *   parse: ds_decimal_parse of "1234.56" into an existing decimal, then
 *          ds_decimal_to_string and free (the round trip of datasset.parse).
 * Prints "add_ns N" and "parse_ns N": nanoseconds per call, best of 5 runs.
 * SPDX-License-Identifier: MIT
 */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include <datasset/datasset.h>

static double now_seconds(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
	long iterations = argc > 1 ? atol(argv[1]) : 1000000, i;
	ds_decimal *a = NULL, *b = NULL, *r = NULL;
	double best_add = 1e9, best_parse = 1e9, start, t;
	char *text = NULL;
	int run;

	if (iterations <= 0 || ds_decimal_new(&a) || ds_decimal_new(&b) || ds_decimal_new(&r) ||
	    ds_decimal_parse(a, "1234.56", 0) || ds_decimal_parse(b, "0.01", 0))
		return 1;
	for (run = 0; run < 5; run++) {
		start = now_seconds();
		for (i = 0; i < iterations; i++)
			if (ds_decimal_add(r, a, b))
				return 1;
		t = (now_seconds() - start) * 1e9 / (double)iterations;
		best_add = t < best_add ? t : best_add;

		start = now_seconds();
		for (i = 0; i < iterations; i++) {
			if (ds_decimal_parse(r, "1234.56", 0) || ds_decimal_to_string(&text, r, 0))
				return 1;
			ds_free(text);
		}
		t = (now_seconds() - start) * 1e9 / (double)iterations;
		best_parse = t < best_parse ? t : best_parse;
	}
	if (ds_decimal_to_string(&text, r, 0))
		return 1;
	printf("result %s\n", text);
	ds_free(text);
	printf("iterations %ld\n", iterations);
	printf("add_ns %.1f\n", best_add);
	printf("parse_ns %.1f\n", best_parse);
	ds_decimal_free(a);
	ds_decimal_free(b);
	ds_decimal_free(r);
	return 0;
}
