/*
 * Benchmark of the probe (自动探查), driven by bench/probe_ref.py:
 *   bench_probe generate PATH MIB     write the generated CSV (tests/probe_gen.h), 11 columns
 *   bench_probe generate-bytes PATH BYTES  the same, at least BYTES bytes
 *   bench_probe narrow PATH ROWS      a narrow CSV: 4 columns (integer id, decimal amount, date,
 *                                     Chinese name), ROWS data rows
 *   bench_probe read PATH             the floor: read(2) in 1 MiB blocks, counting lines
 *   bench_probe probe PATH [ENCODING|-] [THREADS]
 *                                     ds_probe_file() (THREADS 0: the default); rows, seconds, peak RSS
 *   bench_probe cores                 the round trip of a cache line between CPUs 0 and 1 (two
 *                                     threads, one pinned to each, passing a counter back and
 *                                     forth): how far apart the host placed the machine's cores
 * Each prints "key value" lines.
 * SPDX-License-Identifier: MIT
 */
#define _GNU_SOURCE /* pthread_setaffinity_np, CPU_SET */
#include "config.h"

#include <fcntl.h>
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

#include <datasset/datasset.h>

#include "../tests/probe_gen.h"

static double now_seconds(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* User + system CPU time of this process: the measure that a busy machine does not distort. */
static double cpu_seconds(void)
{
	struct rusage ru;

	getrusage(RUSAGE_SELF, &ru);
	return (double)ru.ru_utime.tv_sec + (double)ru.ru_utime.tv_usec / 1e6 + (double)ru.ru_stime.tv_sec +
	       (double)ru.ru_stime.tv_usec / 1e6;
}

/* CPU time of the calling thread alone (the reader, and the tasks it ran itself). */
static double thread_cpu_seconds(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int generate(const char *path, unsigned long long bytes)
{
	FILE *f = fopen(path, "wb");
	long long rows;

	if (!f) {
		perror(path);
		return 1;
	}
	rows = gen_csv(f, bytes);
	if (fclose(f) != 0 || rows < 0) {
		perror(path);
		return 1;
	}
	printf("rows %lld\n", rows);
	return 0;
}

/* The narrow file: 4 columns, @rows rows, the same kinds of values as the wide one. */
static int narrow(const char *path, long long rows)
{
	static const char *const names[] = { "王伟", "李芳", "张娜", "刘敏", "陈静", "杨丽", "赵强", "黄磊" };
	FILE *f = fopen(path, "wb");
	long long i;

	if (!f) {
		perror(path);
		return 1;
	}
	fputs("序号,缴存金额,缴存日期,姓名\n", f);
	for (i = 1; i <= rows; i++) {
		uint32_t r = gen_rand(), s = gen_rand();
		fprintf(f, "%lld,%u.%02u,%04d-%02d-%02d,%s\n", i, (s >> 8) % 50000, s % 100, 2015 + (int)(r % 10),
			1 + (int)((r >> 4) % 12), 1 + (int)((r >> 8) % 28), names[(r >> 12) % 8]);
	}
	if (fclose(f) != 0) {
		perror(path);
		return 1;
	}
	printf("rows %lld\n", rows);
	return 0;
}

static int bare_read(const char *path)
{
	static char block[1 << 20];
	double start = now_seconds();
	long long lines = 0, bytes = 0;
	ssize_t n;
	int fd = open(path, O_RDONLY);

	if (fd < 0) {
		perror(path);
		return 1;
	}
	while ((n = read(fd, block, sizeof block)) > 0) {
		const char *p = block, *end = block + n;
		bytes += n;
		while ((p = memchr(p, '\n', (size_t)(end - p))) != NULL) {
			lines++;
			p++;
		}
	}
	close(fd);
	printf("lines %lld\nbytes %lld\nseconds %.6f\n", lines, bytes, now_seconds() - start);
	return 0;
}

static int probe(const char *path, const char *encoding, unsigned threads)
{
	ds_probe_options opts = DS_PROBE_OPTIONS_INIT;
	ds_probe_source_info info;
	ds_probe *p = NULL;
	double start = now_seconds(), seconds;

	opts.encoding = encoding;
	opts.threads = threads;
	if (ds_probe_file(&p, path, &opts) < 0) {
		fprintf(stderr, "bench_probe: %s\n", ds_error_last()->message);
		return 1;
	}
	seconds = now_seconds() - start;
	ds_probe_source(&info, p);
	printf("rows %llu\nbytes %llu\nseconds %.6f\ncpu_seconds %.6f\nmain_cpu_seconds %.6f\nmaxrss_kib %ld\n",
	       (unsigned long long)info.rows, (unsigned long long)info.bytes, seconds, cpu_seconds(),
	       thread_cpu_seconds(), gen_peak_kib());
	ds_probe_free(p);
	return 0;
}

/* ---- cores: a cache line's round trip between two CPUs ---- */

#define PINGPONG_TRIPS 200000L

static _Alignas(64) atomic_long pingpong_line;
static atomic_int pingpong_refused; /* the second CPU could not be had */

static int pin_to(int cpu)
{
	cpu_set_t set;

	CPU_ZERO(&set);
	CPU_SET(cpu, &set);
	return pthread_setaffinity_np(pthread_self(), sizeof set, &set);
}

/* The second CPU's side: answers each odd value with the next even one (or says it
 * cannot run there: two threads on one CPU would take turns by time slices). */
static void *pong(void *arg)
{
	long i;

	if (pin_to(*(const int *)arg) != 0) {
		atomic_store(&pingpong_refused, 1);
		return NULL;
	}
	for (i = 0; i < PINGPONG_TRIPS; i++) {
		while (atomic_load_explicit(&pingpong_line, memory_order_acquire) != 2 * i + 1)
			;
		atomic_store_explicit(&pingpong_line, 2 * i + 2, memory_order_release);
	}
	return NULL;
}

/* The first two CPUs this process may run on: the round trip between them, or 0. */
static int cores(void)
{
	cpu_set_t allowed;
	pthread_t t;
	double start, seconds;
	long i;
	int cpu[2], n = 0, c;

	if (sched_getaffinity(0, sizeof allowed, &allowed) != 0)
		CPU_ZERO(&allowed);
	for (c = 0; c < CPU_SETSIZE && n < 2; c++)
		if (CPU_ISSET(c, &allowed))
			cpu[n++] = c;
	if (n < 2 || pin_to(cpu[0]) != 0) {
		printf("round_trip_ns 0\n"); /* one CPU: nothing to measure */
		return 0;
	}
	atomic_store(&pingpong_line, 0);
	if (pthread_create(&t, NULL, pong, &cpu[1]) != 0) {
		fprintf(stderr, "bench_probe: cannot start a thread\n");
		return 1;
	}
	start = now_seconds();
	for (i = 0; i < PINGPONG_TRIPS && !atomic_load(&pingpong_refused); i++) {
		atomic_store_explicit(&pingpong_line, 2 * i + 1, memory_order_release);
		while (atomic_load_explicit(&pingpong_line, memory_order_acquire) != 2 * i + 2)
			if (atomic_load_explicit(&pingpong_refused, memory_order_relaxed))
				break;
	}
	seconds = now_seconds() - start;
	pthread_join(t, NULL);
	printf("round_trip_ns %.1f\n", i == PINGPONG_TRIPS ? seconds * 1e9 / PINGPONG_TRIPS : 0.0);
	return 0;
}

int main(int argc, char **argv)
{
	if (argc == 2 && strcmp(argv[1], "cores") == 0)
		return cores();
	if (argc == 4 && strcmp(argv[1], "generate") == 0)
		return generate(argv[2], strtoull(argv[3], NULL, 10) << 20);
	if (argc == 4 && strcmp(argv[1], "generate-bytes") == 0)
		return generate(argv[2], strtoull(argv[3], NULL, 10));
	if (argc == 4 && strcmp(argv[1], "narrow") == 0)
		return narrow(argv[2], strtoll(argv[3], NULL, 10));
	if (argc == 3 && strcmp(argv[1], "read") == 0)
		return bare_read(argv[2]);
	if (argc >= 3 && argc <= 5 && strcmp(argv[1], "probe") == 0)
		return probe(argv[2], argc >= 4 && strcmp(argv[3], "-") != 0 ? argv[3] : NULL,
			     argc == 5 ? (unsigned)strtoul(argv[4], NULL, 10) : 0);
	fprintf(stderr,
		"usage: bench_probe generate PATH MIB | generate-bytes PATH BYTES | narrow PATH ROWS | read PATH | probe PATH [ENCODING|-] [THREADS] | cores\n");
	return 2;
}
