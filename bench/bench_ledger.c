/*
 * Benchmark: a book of N data-resource intangibles (default 10,000), each with
 * a 120-month life starting between 2020-01 and 2024-12; every 10th impaired in
 * 2024-06, every 20th sold in 2025-09. For the year 2025 it computes the full
 * schedules, the journal entries and both disclosure tables (ds_ledger_report_new),
 * then writes the entries as CSV and the tables as text. Prints the figures (so
 * bench/ledger_ref.py can check them against its own computation), the time of
 * each step and the peak memory. bench/ledger_ref.py runs it and the same
 * workload in Python, in the same run, and prints the ratio.
 * SPDX-License-Identifier: MIT
 */
#define _POSIX_C_SOURCE 200809L
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#include <datasset/datasset.h>

static double now_seconds(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int fail(const char *what)
{
	fprintf(stderr, "bench_ledger: %s: %s\n", what, ds_error_last()->message);
	return 1;
}

int main(int argc, char **argv)
{
	long n = argc > 1 ? atol(argv[1]) : 10000, i;
	ds_ledger *book = NULL;
	ds_ledger_report *r = NULL;
	ds_ledger_figures f;
	ds_decimal *amount = NULL;
	char *text = NULL;
	double t0, t1, t2, t3;
	size_t bytes = 0;
	struct rusage usage;

	if (ds_ledger_new(&book) || ds_decimal_new(&amount))
		return fail("setup");
	t0 = now_seconds();
	for (i = 0; i < n; i++) {
		ds_ledger_asset a = DS_LEDGER_ASSET_INIT;
		ds_ledger_cost c = DS_LEDGER_COST_INIT;
		char id[24], date[16], cost[32];
		long month = i % 60;				       /* 2020-01 .. 2024-12 */
		long fen = 10000000 + (i * 7919) % 90000000 + i % 100; /* 100,000.00 .. 1,000,000.99 */

		snprintf(id, sizeof id, "A%06ld", i);
		snprintf(date, sizeof date, "%04ld-%02ld-15", 2020 + month / 12, month % 12 + 1);
		a.id = id;
		a.asset_class = DS_LEDGER_INTANGIBLE;
		a.origin = (ds_ledger_origin)(1 + i % 3);
		a.acquired = date;
		a.available = date;
		a.useful_life_months = 120;
		a.use = (ds_ledger_use)(i % 4);
		if (a.origin == DS_LEDGER_SELF_BUILT) {
			static const char *const evidence[DS_LEDGER_CONDITIONS] = { "立项书", "决议", "使用方案",
										    "预算", "费用归集" };
			int k;
			a.conditions_met = date;
			for (k = 0; k < DS_LEDGER_CONDITIONS; k++)
				a.conditions_evidence[k] = evidence[k];
		}
		if (ds_ledger_add_asset(book, &a))
			return fail("add asset");
		snprintf(cost, sizeof cost, "%ld.%02ld", fen / 100, fen % 100);
		c.date = date;
		c.category = a.origin == DS_LEDGER_SELF_BUILT ? DS_LEDGER_COST_RD : DS_LEDGER_COST_PRICE;
		c.phase = a.origin == DS_LEDGER_SELF_BUILT ? DS_LEDGER_PHASE_DEVELOPMENT : DS_LEDGER_PHASE_NONE;
		c.amount = amount;
		if (ds_decimal_parse(amount, cost, 0) || ds_ledger_add_cost(book, id, &c))
			return fail("add cost");
		if (i % 10 == 0 && month <= 53) {
			/* Written down to a quarter of its cost at the end of 2024-06. */
			snprintf(cost, sizeof cost, "%ld.%02ld", fen / 400, fen / 4 % 100);
			if (ds_decimal_parse(amount, cost, 0) ||
			    ds_ledger_add_impairment(book, id, "2024-06-30", amount))
				return fail("add impairment");
		}
		if (i % 20 == 5 && ds_ledger_dispose(book, id, "2025-09-10", DS_LEDGER_DISPOSE_SALE, NULL, NULL))
			return fail("dispose");
	}
	t1 = now_seconds();
	if (ds_ledger_report_new(&r, book, "2025-01", "2025-12"))
		return fail("report");
	t2 = now_seconds();
	if (ds_ledger_report_write(&text, r, DS_LEDGER_PART_ENTRIES, DS_LEDGER_FORMAT_CSV, 0))
		return fail("write entries");
	bytes += strlen(text);
	ds_free(text);
	if (ds_ledger_report_write(&text, r, DS_LEDGER_PART_DISCLOSURE, DS_LEDGER_FORMAT_TEXT, 0))
		return fail("write disclosure");
	bytes += strlen(text);
	ds_free(text);
	t3 = now_seconds();
	ds_ledger_report_figures(&f, r);
	getrusage(RUSAGE_SELF, &usage);
	printf("assets %ld\n", n);
	printf("entries %zu\n", ds_ledger_report_entry_count(r));
	printf("amortisation %" PRId64 "\n", f.amortisation);
	printf("intangible %" PRId64 "\n", f.intangible);
	printf("build_s %.4f\n", t1 - t0);
	printf("report_s %.4f\n", t2 - t1);
	printf("write_s %.4f\n", t3 - t2);
	printf("output_bytes %zu\n", bytes);
	printf("peak_rss_kb %ld\n", usage.ru_maxrss);
	ds_ledger_report_free(r);
	ds_ledger_free(book);
	ds_decimal_free(amount);
	return 0;
}
