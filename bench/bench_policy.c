/*
 * Benchmark: the bundled jinan-2025 policy over a generated population of
 * applicants with ~20 场内 trades each (plus filings, cases, contracts and 入表
 * recognitions for some). For each size it writes the applications document,
 * then, each in its own child process so that each has its own peak memory
 * (getrusage ru_maxrss):
 *   memory  ds_applications_load, ds_policy_evaluate, ds_awards_to_csv: wall and
 *           CPU time of each phase (sizes up to DS_BENCH_POLICY_MEMORY_MAX,
 *           default 100000: past it the in-memory result alone passes 1 GiB);
 *   stream  ds_policy_evaluate_stream to CSV (the bytes hashed, not kept);
 *   read    the same streaming call with a one-programme policy whose award is 0:
 *           what reading and checking the document costs (the load of the stream).
 * Each prints its times, peak memory and the FNV-1a hash of the CSV, so that
 * bench/policy_ref.py can check that both paths wrote the same bytes and that
 * the Python implementation finds the same total.
 *
 * Usage: bench_policy DIR [N...]   (default sizes 25000 100000, and 1000000 when
 * DS_BENCH_POLICY_LARGE=1; files DIR/apps-N.xml)
 * SPDX-License-Identifier: MIT
 */
#define _POSIX_C_SOURCE 200809L
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>
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

static double cpu_seconds(void)
{
	struct rusage u;
	getrusage(RUSAGE_SELF, &u);
	return (double)u.ru_utime.tv_sec + (double)u.ru_utime.tv_usec / 1e6 + (double)u.ru_stime.tv_sec +
	       (double)u.ru_stime.tv_usec / 1e6;
}

static long maxrss_kb(void)
{
	struct rusage u;
	getrusage(RUSAGE_SELF, &u);
	return u.ru_maxrss;
}

typedef struct hashed {
	uint64_t hash, bytes;
} hashed;

static void fnv(hashed *h, const char *data, size_t len)
{
	size_t i;
	for (i = 0; i < len; i++) {
		h->hash ^= (unsigned char)data[i];
		h->hash *= 1099511628211ull;
	}
	h->bytes += len;
}

static int hash_out(const char *data, size_t len, void *context)
{
	fnv(context, data, len);
	return 0;
}

static int fail(void)
{
	fprintf(stderr, "bench_policy: %s\n", ds_error_last()->message);
	return 1;
}

static int run_memory(const ds_policy *policy, const char *path, unsigned n)
{
	ds_applications *apps = NULL;
	ds_awards *awards = NULL;
	ds_decimal *total = NULL;
	char *csv = NULL, *total_text = NULL;
	double w0, w1, w2, w3, c0, c1, c2, c3;
	hashed h = { 14695981039346656037ull, 0 };

	w0 = now_seconds(), c0 = cpu_seconds();
	if (ds_applications_load(&apps, path) < 0)
		return fail();
	w1 = now_seconds(), c1 = cpu_seconds();
	if (ds_policy_evaluate(&awards, policy, apps) < 0)
		return fail();
	w2 = now_seconds(), c2 = cpu_seconds();
	if (ds_awards_to_csv(&csv, awards, NULL) < 0)
		return fail();
	w3 = now_seconds(), c3 = cpu_seconds();
	fnv(&h, csv, strlen(csv));
	if (ds_decimal_new(&total) < 0 || ds_awards_total(total, awards, NULL) < 0 ||
	    ds_decimal_to_string_scaled(&total_text, total, 2, DS_ROUND_HALF_UP, 0) < 0)
		return fail();
	printf("size %u mode memory file %s lines %zu load_s %.3f load_cpu_s %.3f evaluate_s %.3f evaluate_cpu_s %.3f "
	       "csv_s %.3f csv_cpu_s %.3f evaluate_us_per_applicant %.3f maxrss_kb %ld bytes %llu hash %016llx "
	       "total %s\n",
	       n, path, ds_awards_count(awards), w1 - w0, c1 - c0, w2 - w1, c2 - c1, w3 - w2, c3 - c2,
	       (c2 - c1) * 1e6 / n, maxrss_kb(), (unsigned long long)h.bytes, (unsigned long long)h.hash, total_text);
	return 0;
}

static int run_stream(const ds_policy *policy, const char *path, unsigned n, const char *mode)
{
	ds_awards_stream_options opts = DS_AWARDS_STREAM_OPTIONS_INIT;
	hashed h = { 14695981039346656037ull, 0 };
	double w0 = now_seconds(), c0 = cpu_seconds();

	opts.format = DS_AWARDS_FORMAT_CSV;
	if (ds_policy_evaluate_stream(policy, path, &opts, hash_out, &h) < 0)
		return fail();
	printf("size %u mode %s file %s wall_s %.3f cpu_s %.3f maxrss_kb %ld bytes %llu hash %016llx\n", n, mode, path,
	       now_seconds() - w0, cpu_seconds() - c0, maxrss_kb(), (unsigned long long)h.bytes,
	       (unsigned long long)h.hash);
	return 0;
}

/* Run @what in a child process, so that its peak memory is its own. */
static int in_child(int what, const ds_policy *policy, const char *path, unsigned n)
{
	int status = 0;
	pid_t pid;

	fflush(stdout);
	pid = fork();
	if (pid < 0)
		return 1;
	if (pid == 0) {
		int rc = what == 0 ? run_memory(policy, path, n) :
				     run_stream(policy, path, n, what == 1 ? "stream" : "read");
		fflush(stdout);
		_exit(rc);
	}
	if (waitpid(pid, &status, 0) < 0 || !WIFEXITED(status))
		return 1;
	return WEXITSTATUS(status);
}

static const char read_only_policy[] =
	"<policy xmlns=\"urn:datasset:policy:1\" id=\"read\" title=\"read and check only\">"
	"<programme id=\"r\" title=\"R\" unit=\"applicant\"><award formula=\"0\"/></programme></policy>";

int main(int argc, char **argv)
{
	const char *dir = argc > 1 ? argv[1] : ".", *env;
	unsigned sizes[16], n_sizes = 0, s, memory_max = 100000;
	ds_policy *policy = NULL, *reader = NULL;
	char path[4096];

	for (s = 2; s < (unsigned)argc && n_sizes < 16; s++)
		sizes[n_sizes++] = (unsigned)strtoul(argv[s], NULL, 10);
	if (n_sizes == 0) {
		sizes[n_sizes++] = 25000;
		sizes[n_sizes++] = 100000;
		if ((env = getenv("DS_BENCH_POLICY_LARGE")) && strcmp(env, "1") == 0)
			sizes[n_sizes++] = 1000000;
	}
	if ((env = getenv("DS_BENCH_POLICY_MEMORY_MAX")))
		memory_max = (unsigned)strtoul(env, NULL, 10);
	if (ds_policy_bundled(&policy, "jinan-2025") < 0 ||
	    ds_policy_parse(&reader, read_only_policy, strlen(read_only_policy), "read-only") < 0)
		return fail();
	for (s = 0; s < n_sizes; s++) {
		snprintf(path, sizeof path, "%s/apps-%u.xml", dir, sizes[s]);
		if (generate(path, sizes[s]) < 0) {
			fprintf(stderr, "bench_policy: cannot write %s\n", path);
			return 1;
		}
		if ((sizes[s] <= memory_max && in_child(0, policy, path, sizes[s]) != 0) ||
		    in_child(1, policy, path, sizes[s]) != 0 || in_child(2, reader, path, sizes[s]) != 0)
			return 1;
		if (getenv("DS_BENCH_POLICY_KEEP") == NULL)
			remove(path);
	}
	ds_policy_free(reader);
	ds_policy_free(policy);
	return 0;
}
