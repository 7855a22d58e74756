/*
 * Benchmark: income valuations (收益法, direct forecast) of 10 periods at 12 %,
 * exact, rounded HALF_UP to the fen, through ds_valuation_income() with the
 * trace off (the fast path), with the full trace recorded (values and formula
 * references; formatted on first read), and with the full trace recorded and
 * read as text (ds_valuation_trace_to_text). Each valuation takes its
 * own cash flows (the base flows scaled by 1 + k/1000), so nothing is reused
 * between valuations but the numbers' memory. Prints the last result and a
 * checksum of all results (so the reference can check them) and the time per
 * valuation (CPU time, the best of 5 runs). bench/valuation_ref.py runs this
 * and Python's decimal on the same workload and prints the ratios.
 * SPDX-License-Identifier: MIT
 */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include <datasset/datasset.h>

#define PERIODS 10
#define VARIANTS 1000
#define ROUNDS 5

static const char *const base_flows[PERIODS] = {
	"1250000.00", "1312500.00", "1378125.00", "1447031.25", "1519382.81",
	"1595351.95", "1675119.55", "1758875.53", "1846819.31", "1939160.28",
};

/* CPU time of this process: the machine is shared, so wall time would measure the neighbours. */
static double now_seconds(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Run @iterations valuations (trace 0: off, 1: recorded, 2: recorded and read as
 * text); the rounded results are summed into @checksum. */
static int run(long iterations, ds_decimal *const (*flows)[PERIODS], ds_decimal *rate, int trace, ds_decimal *checksum,
	       double *seconds)
{
	ds_valuation_income_params p = DS_VALUATION_INCOME_PARAMS_INIT;
	ds_valuation_options opts = DS_VALUATION_OPTIONS_INIT;
	ds_valuation *v = NULL;
	ds_decimal *rounded = NULL;
	double start;
	long i;
	int rc;

	if ((rc = ds_valuation_new(&v)) < 0 || (rc = ds_decimal_new(&rounded)) < 0)
		goto done;
	opts.no_trace = !trace;
	p.periods = PERIODS;
	p.rates = &rate;
	p.n_rates = 1;
	ds_decimal_set_int64(checksum, 0);
	start = now_seconds();
	for (i = 0; i < iterations; i++) {
		p.income = flows[i % VARIANTS];
		if (trace == 2) {
			char *text = NULL;
			if ((rc = ds_valuation_income(v, &p, &opts)) < 0 ||
			    (rc = ds_valuation_trace_to_text(&text, v)) < 0)
				goto done;
			ds_free(text);
		}
		if ((trace != 2 && (rc = ds_valuation_income(v, &p, &opts)) < 0) ||
		    (rc = ds_decimal_round(rounded, ds_valuation_value(v), 2, DS_ROUND_HALF_UP)) < 0 ||
		    (rc = ds_decimal_add(checksum, checksum, rounded)) < 0)
			goto done;
	}
	*seconds = now_seconds() - start;
done:
	ds_valuation_free(v);
	ds_decimal_free(rounded);
	return rc;
}

int main(int argc, char **argv)
{
	long iterations = argc > 1 ? atol(argv[1]) : 100000, trace_iterations, text_iterations;
	static ds_decimal *flows[VARIANTS][PERIODS];
	ds_decimal *rate = NULL, *scale = NULL, *base = NULL, *checksum = NULL;
	char *text = NULL;
	double seconds = 0, trace_seconds = 0;
	int k, t, mode, status = 1;

	if (iterations < 1)
		iterations = 1;
	trace_iterations = iterations / 10 > 0 ? iterations / 10 : 1;
	text_iterations = iterations / 100 > 0 ? iterations / 100 : 1;
	if (ds_decimal_new(&rate) || ds_decimal_parse(rate, "0.12", 0) || ds_decimal_new(&scale) ||
	    ds_decimal_new(&base) || ds_decimal_new(&checksum))
		return 1;
	for (k = 0; k < VARIANTS; k++) {
		char factor[16];
		snprintf(factor, sizeof factor, "1.%03d", k);
		if (ds_decimal_parse(scale, factor, 0))
			return 1;
		for (t = 0; t < PERIODS; t++)
			if (ds_decimal_new(&flows[k][t]) || ds_decimal_parse(base, base_flows[t], 0) ||
			    ds_decimal_mul(flows[k][t], base, scale))
				return 1;
	}
	/* The best of ROUNDS runs: the machine is shared, and interference only ever adds time. */
	for (k = 0; k < ROUNDS; k++) {
		double round_seconds = 0;
		if (run(iterations, flows, rate, 0, checksum, &round_seconds) < 0) {
			fprintf(stderr, "bench_valuation: %s\n", ds_error_last()->message);
			goto done;
		}
		if (k == 0 || round_seconds < seconds)
			seconds = round_seconds;
	}
	if (ds_decimal_to_string(&text, checksum, 0) < 0)
		goto done;
	printf("iterations %ld\n", iterations);
	printf("checksum %s\n", text);
	printf("us_per_valuation %.4f\n", seconds * 1e6 / (double)iterations);
	ds_free(text);
	text = NULL;
	for (mode = 1; mode <= 2; mode++) {
		long n = mode == 1 ? trace_iterations : text_iterations;
		for (k = 0; k < ROUNDS; k++) {
			double round_seconds = 0;
			if (run(n, flows, rate, mode, checksum, &round_seconds) < 0) {
				fprintf(stderr, "bench_valuation: %s\n", ds_error_last()->message);
				goto done;
			}
			if (k == 0 || round_seconds < trace_seconds)
				trace_seconds = round_seconds;
		}
		if (ds_decimal_to_string(&text, checksum, 0) < 0)
			goto done;
		printf("%s_iterations %ld\n", mode == 1 ? "trace" : "text", n);
		printf("%s_checksum %s\n", mode == 1 ? "trace" : "text", text);
		printf("%s_us_per_valuation %.4f\n", mode == 1 ? "trace" : "text", trace_seconds * 1e6 / (double)n);
		ds_free(text);
		text = NULL;
	}
	status = 0;
done:
	ds_free(text);
	for (k = 0; k < VARIANTS; k++)
		for (t = 0; t < PERIODS; t++)
			ds_decimal_free(flows[k][t]);
	ds_decimal_free(rate);
	ds_decimal_free(scale);
	ds_decimal_free(base);
	ds_decimal_free(checksum);
	return status;
}
