/*
 * Benchmark: the bundled jinan-2025 policy over a generated population of
 * applicants with ~20 场内 trades each (plus filings, cases, contracts and 入表
 * recognitions for some). For each size it writes the applications document,
 * then times loading it (streaming), evaluating, and writing the CSV; it
 * prints the time per applicant at each size (flat or slowly growing means
 * O(n log n)), the total awarded (so the reference can check it) and the
 * peak resident memory (getrusage). bench/policy_ref.py runs this and the
 * independent Python implementation on the same file and prints the ratio.
 *
 * Usage: bench_policy DIR [N...]   (default sizes 25000 100000; files DIR/apps-N.xml)
 * SPDX-License-Identifier: MIT
 */
#define _POSIX_C_SOURCE 200809L
#include <stdint.h>
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

static uint64_t state = 88172645463325252ull;

static unsigned next(unsigned bound)
{
	state ^= state << 13;
	state ^= state >> 7;
	state ^= state << 17;
	return (unsigned)(state % bound);
}

static void credit_code(char buf[19], unsigned n)
{
	static const char chars[] = "0123456789ABCDEFGHJKLMNPQRTUWXY";
	static const int weights[17] = { 1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28 };
	int i, sum = 0;

	snprintf(buf, 19, "91370100MA%07u", n);
	for (i = 0; i < 17; i++)
		sum += (int)(strchr(chars, buf[i]) - chars) * weights[i];
	buf[17] = chars[(31 - sum % 31) % 31];
	buf[18] = '\0';
}

/* A date from 2024-09-01 to 2025-12-28 (some outside the window). */
static void date(char buf[11])
{
	unsigned m = next(16);
	snprintf(buf, 11, "%04u-%02u-%02u", m < 4 ? 2024u : 2025u, (m < 4 ? m + 9 : m - 3) % 100u,
		 (next(28) + 1) % 100u);
}

static int generate(const char *path, unsigned n)
{
	FILE *f = fopen(path, "w");
	char code[19], d[11];
	unsigned i, t;

	if (!f)
		return -1;
	fputs("<applications xmlns=\"urn:datasset:applications:2\">\n", f);
	for (i = 1; i <= n; i++) {
		credit_code(code, i);
		fprintf(f, "<applicant id=\"%s\" name=\"企业%u\" verified=\"%s\">", code, i,
			next(5) ? "true" : "false");
		date(d);
		fprintf(f, "<product id=\"A\" first-listed=\"%s\" certificate=\"true\" trade-voucher=\"true\"/>", d);
		date(d);
		fprintf(f, "<product id=\"B\" first-listed=\"%s\" certificate=\"%s\" trade-voucher=\"true\"/>", d,
			next(2) ? "true" : "false");
		for (t = 0; t < 20; t++) {
			date(d);
			fprintf(f, "<trade product=\"%s\" date=\"%s\" amount=\"%u.%02u\"/>", next(2) ? "A" : "B", d,
				next(150000), next(100));
		}
		if (next(2))
			fputs("<voucher kind=\"trade\"/>", f);
		if (next(4) == 0) {
			date(d);
			fprintf(f, "<voucher kind=\"filing\"/><filing role=\"%s\" filed=\"%s\" amount=\"%u\"/>",
				next(2) ? "provider" : "buyer", d, next(9000000));
		}
		if (next(20) == 0) {
			date(d);
			fprintf(f,
				"<case id=\"K%u\" list=\"data_x_excellent\" year=\"%.4s\" outcome=\"selected\" date=\"%s\"/>",
				i, d, d);
		}
		if (next(20) == 0) {
			fprintf(f,
				"<contract counterparty=\"E1\" enterprise=\"true\" date=\"2025-01-01\" amount=\"300000\"/>"
				"<contract counterparty=\"E2\" enterprise=\"true\" date=\"2025-02-01\" amount=\"%u\"/>"
				"<partner name=\"山东大学\" research=\"true\"/><training evidence=\"人才培养方案\"/><review score=\"%u.%u\"/>",
				next(400000), 60 + next(40), next(10));
		}
		if (next(8) == 0) {
			date(d);
			fprintf(f,
				"<recognition id=\"R\" date=\"%s\" amount=\"%u\" registered=\"true\" voucher-user=\"true\" claimed=\"2025-10-31\"><provider id=\"S\" "
				"name=\"服务商\" founded=\"20%02u-06-01\" approved=\"true\" independent=\"true\" clean=\"true\" licensed=\"true\" "
				"qualifications=\"cpa\"/></recognition>",
				d, 50000 + next(500000), 10 + next(15));
		}
		fputs("</applicant>\n", f);
	}
	fputs("</applications>\n", f);
	return fclose(f) == 0 ? 0 : -1;
}

int main(int argc, char **argv)
{
	static const unsigned default_sizes[] = { 25000, 100000 };
	const char *dir = argc > 1 ? argv[1] : ".";
	unsigned sizes[16], n_sizes = 0, s;
	ds_policy *policy = NULL;
	struct rusage usage;
	char path[4096];

	for (s = 2; s < (unsigned)argc && n_sizes < 16; s++)
		sizes[n_sizes++] = (unsigned)strtoul(argv[s], NULL, 10);
	if (n_sizes == 0)
		for (s = 0; s < 2; s++)
			sizes[n_sizes++] = default_sizes[s];
	if (ds_policy_bundled(&policy, "jinan-2025") < 0) {
		fprintf(stderr, "bench_policy: %s\n", ds_error_last()->message);
		return 1;
	}
	for (s = 0; s < n_sizes; s++) {
		ds_applications *apps = NULL;
		ds_awards *awards = NULL;
		ds_decimal *total = NULL;
		char *csv = NULL, *total_text = NULL;
		double t0, t1, t2, t3;

		snprintf(path, sizeof path, "%s/apps-%u.xml", dir, sizes[s]);
		if (generate(path, sizes[s]) < 0) {
			fprintf(stderr, "bench_policy: cannot write %s\n", path);
			return 1;
		}
		t0 = now_seconds();
		if (ds_applications_load(&apps, path) < 0)
			goto fail;
		t1 = now_seconds();
		if (ds_policy_evaluate(&awards, policy, apps) < 0)
			goto fail;
		t2 = now_seconds();
		if (ds_awards_to_csv(&csv, awards, NULL) < 0)
			goto fail;
		t3 = now_seconds();
		if (ds_decimal_new(&total) < 0 || ds_awards_total(total, awards, NULL) < 0 ||
		    ds_decimal_to_string_scaled(&total_text, total, 2, DS_ROUND_HALF_UP, 0) < 0)
			goto fail;
		printf("size %u file %s lines %zu load_s %.3f evaluate_s %.3f csv_s %.3f evaluate_us_per_applicant %.3f "
		       "total %s\n",
		       sizes[s], path, ds_awards_count(awards), t1 - t0, t2 - t1, t3 - t2, (t2 - t1) * 1e6 / sizes[s],
		       total_text);
		fflush(stdout);
		ds_free(total_text);
		ds_decimal_free(total);
		ds_free(csv);
		ds_awards_free(awards);
		ds_applications_free(apps);
		continue;
fail:
		fprintf(stderr, "bench_policy: %s\n", ds_error_last()->message);
		return 1;
	}
	getrusage(RUSAGE_SELF, &usage);
	printf("maxrss_kb %ld\n", usage.ru_maxrss);
	ds_policy_free(policy);
	return 0;
}
