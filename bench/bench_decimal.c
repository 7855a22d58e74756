/*
 * Benchmark: a valuation-shaped workload — the present value of a 10-period
 * cash flow at 8.5 %, discounted and rounded HALF_UP to the fen — repeated
 * many times: by libdatasset's exact operations one at a time (op by op), by
 * ds_decimal_present_value (one call), and, when built with libmpdec
 * (make bench-decimal with MPDEC_SRC; bench/libmpdec/README.md), by libmpdec
 * in C at precision 28 and 50 (the C library under Python's decimal: the same
 * steps, each rounded to the precision, HALF_EVEN as Python's default
 * context), all in this one process. Times are CPU time, the best of 5 runs
 * (the machine is shared). Prints each result (so the reference can check it)
 * and the time per valuation; bench/decimal_ref.py runs this and Python's
 * decimal and fractions on the same workload and prints the ratios.
 * SPDX-License-Identifier: MIT
 */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include <datasset/datasset.h>
#ifdef DS_BENCH_MPDEC
#include <mpdecimal.h>
#endif

static const char *const cash_flows[] = {
	"1250000.00", "1312500.00", "1378125.00", "1447031.25", "1519382.81",
	"1595351.95", "1675119.55", "1758875.53", "1846819.31", "1939160.28",
};
#define PERIODS 10
#define ROUNDS 5
/* The long horizon: the same flows repeated to 60 periods, where the exact
 * denominator 1.085^t grows to ~213 digits while libmpdec keeps 50. */
#define LONG_PERIODS 60

static double now_seconds(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static ds_decimal *flows[LONG_PERIODS], *growth, *factor, *term, *sum, *one, *rate;
static int periods = PERIODS;

/* One valuation op by op: factor = (1 + i)^t, term = F_t / factor, sum += term. */
static void op_by_op(void)
{
	int t;

	ds_decimal_set_int64(sum, 0);
	ds_decimal_set(factor, one);
	for (t = 0; t < periods; t++) {
		ds_decimal_mul(factor, factor, growth); /* (1 + i)^t */
		ds_decimal_div(term, flows[t], factor); /* F_t / (1 + i)^t */
		ds_decimal_add(sum, sum, term);
	}
	ds_decimal_round(sum, sum, 2, DS_ROUND_HALF_UP);
}

/* The same valuation through ds_decimal_present_value (common denominator). */
static void present_value(void)
{
	ds_decimal *rate_list[1];

	rate_list[0] = rate;
	ds_decimal_present_value(sum, flows, (size_t)periods, rate_list, 1);
	ds_decimal_round(sum, sum, 2, DS_ROUND_HALF_UP);
}

/* Best CPU time per call of @fn over ROUNDS runs of @iterations, in microseconds. */
static double best_us(void (*fn)(void), long iterations)
{
	double best = 0;
	long i;
	int k;

	for (k = 0; k < ROUNDS; k++) {
		double start = now_seconds(), elapsed;
		for (i = 0; i < iterations; i++)
			fn();
		elapsed = now_seconds() - start;
		if (k == 0 || elapsed < best)
			best = elapsed;
	}
	return best * 1e6 / (double)iterations;
}

static int print_sum(const char *name)
{
	char *text = NULL;

	if (ds_decimal_to_string_scaled(&text, sum, 2, DS_ROUND_HALF_UP, 0))
		return 1;
	printf("%s %s\n", name, text);
	ds_free(text);
	return 0;
}

#ifdef DS_BENCH_MPDEC
static mpd_context_t mctx, mctx_quantize;
static mpd_t *m_flows[LONG_PERIODS], *m_growth, *m_factor, *m_term, *m_sum, *m_cent;

/* The same valuation in libmpdec at mctx.prec digits, HALF_EVEN, then quantized HALF_UP to the fen. */
static void mpdec_op_by_op(void)
{
	uint32_t status = 0;
	int t;

	mpd_qset_i32(m_sum, 0, &mctx, &status);
	mpd_qset_i32(m_factor, 1, &mctx, &status);
	for (t = 0; t < periods; t++) {
		mpd_qmul(m_factor, m_factor, m_growth, &mctx, &status);
		mpd_qdiv(m_term, m_flows[t], m_factor, &mctx, &status);
		mpd_qadd(m_sum, m_sum, m_term, &mctx, &status);
	}
	mpd_qquantize(m_sum, m_sum, m_cent, &mctx_quantize, &status);
}

static int mpdec_run(long iterations, int prec, const char *prefix)
{
	uint32_t status = 0;
	char *text;
	double us;
	int t;

	mpd_defaultcontext(&mctx); /* HALF_EVEN, as Python's decimal */
	mpd_qsetprec(&mctx, prec);
	mctx_quantize = mctx;
	mpd_qsetround(&mctx_quantize, MPD_ROUND_HALF_UP);
	m_growth = mpd_qnew();
	m_factor = mpd_qnew();
	m_term = mpd_qnew();
	m_sum = mpd_qnew();
	m_cent = mpd_qnew();
	if (!m_growth || !m_factor || !m_term || !m_sum || !m_cent)
		return 1;
	mpd_qset_string(m_growth, "1.085", &mctx, &status);
	mpd_qset_string(m_cent, "0.01", &mctx, &status);
	for (t = 0; t < LONG_PERIODS; t++) {
		if (!(m_flows[t] = mpd_qnew()))
			return 1;
		mpd_qset_string(m_flows[t], cash_flows[t % PERIODS], &mctx, &status);
	}
	us = best_us(mpdec_op_by_op, iterations);
	if (status & MPD_Malloc_error)
		return 1;
	if (!(text = mpd_to_sci(m_sum, 0)))
		return 1;
	printf("%smpd%d_result %s\n", prefix, prec, text);
	printf("%smpd%d_us_per_valuation %.4f\n", prefix, prec, us);
	mpd_free(text);
	for (t = 0; t < LONG_PERIODS; t++)
		mpd_del(m_flows[t]);
	mpd_del(m_growth);
	mpd_del(m_factor);
	mpd_del(m_term);
	mpd_del(m_sum);
	mpd_del(m_cent);
	return 0;
}
#endif

int main(int argc, char **argv)
{
	long iterations = argc > 1 ? atol(argv[1]) : 200000;
	double us;
	int t;

	if (iterations < 1)
		iterations = 1;
	if (ds_decimal_new(&growth) || ds_decimal_new(&factor) || ds_decimal_new(&term) || ds_decimal_new(&sum) ||
	    ds_decimal_new(&one) || ds_decimal_new(&rate) || ds_decimal_parse(growth, "1.085", 0) ||
	    ds_decimal_set_int64(one, 1) || ds_decimal_parse(rate, "0.085", 0))
		return 1;
	for (t = 0; t < LONG_PERIODS; t++)
		if (ds_decimal_new(&flows[t]) || ds_decimal_parse(flows[t], cash_flows[t % PERIODS], 0))
			return 1;

	printf("iterations %ld\n", iterations);
	us = best_us(op_by_op, iterations);
	if (print_sum("result"))
		return 1;
	printf("us_per_valuation %.4f\n", us);
	us = best_us(present_value, iterations);
	if (print_sum("pv_result"))
		return 1;
	printf("pv_us_per_valuation %.4f\n", us);
#ifdef DS_BENCH_MPDEC
	printf("mpd_version %s\n", mpd_version());
	if (mpdec_run(iterations, 28, "") || mpdec_run(iterations, 50, ""))
		return 1;
#endif
	/* The long horizon, a tenth as many valuations. */
	periods = LONG_PERIODS;
	iterations = iterations / 10 > 0 ? iterations / 10 : 1;
	printf("long_periods %d\n", LONG_PERIODS);
	us = best_us(op_by_op, iterations);
	if (print_sum("long_result"))
		return 1;
	printf("long_us_per_valuation %.4f\n", us);
	us = best_us(present_value, iterations);
	if (print_sum("long_pv_result"))
		return 1;
	printf("long_pv_us_per_valuation %.4f\n", us);
#ifdef DS_BENCH_MPDEC
	if (mpdec_run(iterations, 50, "long_"))
		return 1;
#endif
	for (t = 0; t < LONG_PERIODS; t++)
		ds_decimal_free(flows[t]);
	ds_decimal_free(growth);
	ds_decimal_free(factor);
	ds_decimal_free(term);
	ds_decimal_free(sum);
	ds_decimal_free(one);
	ds_decimal_free(rate);
	return 0;
}
