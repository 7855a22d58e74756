/*
 * Benchmark: a valuation-shaped workload — the present value of a 10-period
 * cash flow at 8.5 %, discounted exactly and rounded to the fen — repeated
 * many times. Prints the result (so the reference can check it) and the time
 * per valuation. bench/decimal_ref.py runs this and Python's decimal and
 * fractions on the same workload and prints the ratios.
 * SPDX-License-Identifier: MIT
 */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include <datasset/datasset.h>

static const char *const cash_flows[] = {
	"1250000.00", "1312500.00", "1378125.00", "1447031.25", "1519382.81",
	"1595351.95", "1675119.55", "1758875.53", "1846819.31", "1939160.28",
};
#define PERIODS 10

static double now_seconds(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
	long iterations = argc > 1 ? atol(argv[1]) : 200000, i;
	ds_decimal *flows[PERIODS], *growth = NULL, *factor = NULL, *term = NULL, *sum = NULL, *one = NULL;
	char *text = NULL;
	double start, elapsed;
	int t;

	if (ds_decimal_new(&growth) || ds_decimal_new(&factor) || ds_decimal_new(&term) || ds_decimal_new(&sum) ||
	    ds_decimal_new(&one) || ds_decimal_parse(growth, "1.085", 0) || ds_decimal_set_int64(one, 1))
		return 1;
	for (t = 0; t < PERIODS; t++)
		if (ds_decimal_new(&flows[t]) || ds_decimal_parse(flows[t], cash_flows[t], 0))
			return 1;

	start = now_seconds();
	for (i = 0; i < iterations; i++) {
		ds_decimal_set_int64(sum, 0);
		ds_decimal_set(factor, one);
		for (t = 0; t < PERIODS; t++) {
			ds_decimal_mul(factor, factor, growth); /* (1 + i)^t */
			ds_decimal_div(term, flows[t], factor); /* F_t / (1 + i)^t */
			ds_decimal_add(sum, sum, term);
		}
		ds_decimal_round(sum, sum, 2, DS_ROUND_HALF_UP);
	}
	elapsed = now_seconds() - start;
	if (ds_decimal_to_string_scaled(&text, sum, 2, DS_ROUND_HALF_UP, 0))
		return 1;
	printf("result %s\n", text);
	printf("iterations %ld\n", iterations);
	printf("us_per_valuation %.4f\n", elapsed * 1e6 / (double)iterations);
	ds_free(text);

	/* The same valuation through ds_decimal_present_value (common denominator). */
	{
		ds_decimal *rate_list[1];
		ds_decimal *rate = NULL;
		if (ds_decimal_new(&rate) || ds_decimal_parse(rate, "0.085", 0))
			return 1;
		rate_list[0] = rate;
		start = now_seconds();
		for (i = 0; i < iterations; i++) {
			ds_decimal_present_value(sum, flows, PERIODS, rate_list, 1);
			ds_decimal_round(sum, sum, 2, DS_ROUND_HALF_UP);
		}
		elapsed = now_seconds() - start;
		if (ds_decimal_to_string_scaled(&text, sum, 2, DS_ROUND_HALF_UP, 0))
			return 1;
		printf("pv_result %s\n", text);
		printf("pv_us_per_valuation %.4f\n", elapsed * 1e6 / (double)iterations);
		ds_free(text);
		ds_decimal_free(rate);
	}
	for (t = 0; t < PERIODS; t++)
		ds_decimal_free(flows[t]);
	ds_decimal_free(growth);
	ds_decimal_free(factor);
	ds_decimal_free(term);
	ds_decimal_free(sum);
	ds_decimal_free(one);
	return 0;
}
