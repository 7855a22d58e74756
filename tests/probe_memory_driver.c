/*
 * The probe's bounded memory, end to end: generate a large CSV streaming
 * (tests/probe_gen.h) into a temporary file, probe it with ds_probe_file(),
 * check every row was read and that the process's peak RSS stayed under the
 * limit, then delete the file. Run by tests/probe_slow.sh.
 * Usage: probe_memory_driver PATH MIB LIMIT_MIB
 * SPDX-License-Identifier: MIT
 */
#define _POSIX_C_SOURCE 200809L
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

#include <datasset/datasset.h>

#include "probe_gen.h"

int main(int argc, char **argv)
{
	ds_probe *probe = NULL;
	ds_probe_source_info info;
	long peak;
	FILE *f;
	long long rows;
	long limit_kib;
	int status = 1;

	if (argc != 4) {
		fprintf(stderr, "usage: probe_memory_driver PATH MIB LIMIT_MIB\n");
		return 2;
	}
	limit_kib = atol(argv[3]) * 1024;
	if (!(f = fopen(argv[1], "wb"))) {
		perror(argv[1]);
		return 1;
	}
	rows = gen_csv(f, strtoull(argv[2], NULL, 10) << 20);
	if (fclose(f) != 0 || rows < 0) {
		perror(argv[1]);
		goto done;
	}
	if (ds_probe_file(&probe, argv[1], NULL) < 0) {
		fprintf(stderr, "probe: %s\n", ds_error_last()->message);
		goto done;
	}
	ds_probe_source(&info, probe);
	peak = gen_peak_kib();
	printf("generated %lld rows (%s MiB); probed %llu rows of %llu bytes; peak RSS %ld KiB (limit %ld KiB)\n", rows,
	       argv[2], (unsigned long long)info.rows, (unsigned long long)info.bytes, peak, limit_kib);
	if ((long long)info.rows != rows)
		fprintf(stderr, "FAIL: %llu rows probed, %lld generated\n", (unsigned long long)info.rows, rows);
	else if (peak >= limit_kib)
		fprintf(stderr, "FAIL: peak RSS %ld KiB is over the limit\n", peak);
	else
		status = 0;
done:
	ds_probe_free(probe);
	unlink(argv[1]);
	return status;
}
