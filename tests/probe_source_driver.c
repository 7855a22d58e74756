/*
 * Drives a probe source (lib/internal/probe_source.h) for the Python tests:
 * prints what it read as one JSON document, or times a read.
 *
 *   probe_source_driver [--encoding E] [--delimiter C|tab] [--no-header] FILE
 *   probe_source_driver --memory [...] FILE     read FILE from memory instead
 *   probe_source_driver --sqlite DB TABLE
 *   probe_source_driver --time [--repeat N] [...] FILE
 *                        read it all (N times: the fastest counts), print bytes, seconds, MB/s
 *
 * The JSON: {"kind", "encoding", "detected", "bom", "delimiter", "header",
 * "names": [...], "records": [[field, ...], ...], "lines": [...],
 * "nulls": [[i, ...]...], "truncated": [...], "bytes_done", "bytes_total",
 * "problems": {name: count}, "samples": [{"kind", "line", "column",
 * "record", "message"}]}. Exit 0, or 1 with the error on stderr.
 * SPDX-License-Identifier: MIT
 */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "internal/probe_source.h"
#include "datasset/common.h"

static void json_string(const char *s, size_t n)
{
	size_t i;

	putchar('"');
	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c == '"' || c == '\\')
			printf("\\%c", c);
		else if (c < 0x20)
			printf("\\u%04x", c);
		else
			putchar(c);
	}
	putchar('"');
}

static char *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *data = NULL;
	long n;

	if (!f)
		return NULL;
	if (fseek(f, 0, SEEK_END) == 0 && (n = ftell(f)) >= 0 && fseek(f, 0, SEEK_SET) == 0 &&
	    (data = malloc((size_t)n + 1)) != NULL) {
		*len = fread(data, 1, (size_t)n, f);
		if (*len != (size_t)n) {
			free(data);
			data = NULL;
		}
	}
	fclose(f);
	return data;
}

int main(int argc, char **argv)
{
	ds__csv_options opt = { NULL, 0, DS__CSV_HEADER_YES, 0, 0 };
	const char *sqlite_table = NULL;
	int memory = 0, timing = 0, repeat = 1, i, rc, k;
	char *data = NULL;
	size_t len = 0, n;
	ds__source *s = NULL;
	ds__record rec;
	struct timespec t0, t1;
	double best = 0;
	uint64_t nrecords = 0, nfields = 0;

	for (i = 1; i < argc && argv[i][0] == '-' && argv[i][1] == '-'; i++) {
		if (strcmp(argv[i], "--encoding") == 0 && i + 1 < argc)
			opt.encoding = argv[++i];
		else if (strcmp(argv[i], "--delimiter") == 0 && i + 1 < argc) {
			i++;
			opt.delimiter = strcmp(argv[i], "tab") == 0 ? '\t' : argv[i][0];
		} else if (strcmp(argv[i], "--no-header") == 0)
			opt.header = DS__CSV_HEADER_NO;
		else if (strcmp(argv[i], "--header-auto") == 0)
			opt.header = DS__CSV_HEADER_AUTO;
		else if (strcmp(argv[i], "--memory") == 0)
			memory = 1;
		else if (strcmp(argv[i], "--time") == 0)
			timing = 1;
		else if (strcmp(argv[i], "--repeat") == 0 && i + 1 < argc)
			repeat = atoi(argv[++i]);
		else if (strcmp(argv[i], "--sqlite") == 0)
			sqlite_table = "";
		else {
			fprintf(stderr, "probe_source_driver: unknown option %s\n", argv[i]);
			return 2;
		}
	}
	if (sqlite_table ? argc - i != 2 : argc - i != 1) {
		fprintf(stderr, "usage: probe_source_driver [options] FILE | --sqlite DB TABLE\n");
		return 2;
	}
	if (memory && !(data = slurp(argv[i], &len))) {
		fprintf(stderr, "probe_source_driver: cannot read %s\n", argv[i]);
		return 1;
	}
	for (;;) {
		clock_gettime(CLOCK_MONOTONIC, &t0);
		if (sqlite_table)
			rc = ds__source_open_sqlite(&s, argv[i], argv[i + 1]);
		else if (memory)
			rc = ds__source_open_csv_memory(&s, data, len, argv[i], &opt);
		else
			rc = ds__source_open_csv(&s, argv[i], &opt);
		if (rc < 0) {
			const ds_error *e = ds_error_last();
			fprintf(stderr, "error %s line %d field %s: %s\n", ds_strerror(rc), e->line,
				e->field ? e->field : "-", e->message);
			free(data);
			return 1;
		}
		if (!timing)
			break;
		nrecords = nfields = 0;
		while ((rc = ds__source_next(s, &rec)) > 0) {
			nrecords++;
			nfields += rec.nfields;
		}
		clock_gettime(CLOCK_MONOTONIC, &t1);
		if (rc == 0) {
			double secs = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
			if (secs < best || best == 0)
				best = secs;
		}
		if (rc < 0 || --repeat <= 0) {
			if (rc == 0)
				printf("%s %s: %llu bytes, %llu records, %llu fields, %.3f s, %.0f MB/s\n", s->location,
				       s->encoding, (unsigned long long)s->bytes_done, (unsigned long long)nrecords,
				       (unsigned long long)nfields, best, (double)s->bytes_done / best / 1e6);
			goto done;
		}
		ds__source_close(s);
		s = NULL;
	}
	printf("{\"kind\": \"%s\", \"encoding\": \"%s\", \"detected\": %d, \"bom\": %d, \"delimiter\": ", s->kind,
	       s->encoding, s->encoding_detected, s->bom);
	json_string(&s->delimiter, s->delimiter ? 1 : 0);
	printf(", \"header\": %d, \"names\": [", s->header);
	for (n = 0; n < s->ncolumns; n++) {
		printf(n ? ", " : "");
		json_string(s->names[n], strlen(s->names[n]));
	}
	printf("], \"declared\": [");
	for (n = 0; n < s->ncolumns; n++) {
		printf(n ? ", " : "");
		if (s->declared && s->declared[n])
			json_string(s->declared[n], strlen(s->declared[n]));
		else
			printf("null");
	}
	printf("],\n\"records\": [");
	while ((rc = ds__source_next(s, &rec)) > 0) {
		printf(nrecords ? ",\n" : "\n");
		printf("{\"line\": %ld, \"number\": %ld, \"fields\": [", rec.line, rec.number);
		for (n = 0; n < rec.nfields; n++) {
			printf(n ? ", " : "");
			if (rec.null[n])
				printf("null");
			else
				json_string(rec.text[n], rec.len[n]);
			if (strlen(rec.text[n]) != rec.len[n]) {
				fprintf(stderr, "field %zu of record %ld: NUL inside\n", n, rec.number);
				rc = -1;
			}
		}
		printf("], \"bytes\": [");
		for (n = 0; n < rec.nfields; n++)
			printf("%s%llu", n ? ", " : "", (unsigned long long)rec.bytes[n]);
		printf("], \"chars\": [");
		for (n = 0; n < rec.nfields; n++)
			printf("%s%llu", n ? ", " : "", (unsigned long long)rec.chars[n]);
		printf("], \"truncated\": [");
		for (n = 0; n < rec.nfields; n++)
			printf("%s%d", n ? ", " : "", rec.truncated[n]);
		printf("]}");
		nrecords++;
		if (rc < 0)
			break;
	}
	printf("],\n\"bytes_done\": %llu, \"bytes_total\": %llu, \"problems\": {", (unsigned long long)s->bytes_done,
	       (unsigned long long)s->bytes_total);
	for (k = 0; k < DS__SRC_PROBLEM_KINDS; k++)
		printf("%s\"%s\": %llu", k ? ", " : "", ds__source_problem_name((ds__source_problem_kind)k),
		       (unsigned long long)s->problems.count[k]);
	printf("},\n\"samples\": [");
	nfields = 0;
	for (k = 0; k < DS__SRC_PROBLEM_KINDS; k++) {
		for (n = 0; n < s->problems.nsamples[k]; n++) {
			const ds__source_sample *sm = &s->problems.samples[k][n];
			printf("%s{\"kind\": \"%s\", \"line\": %ld, \"column\": %ld, \"record\": %ld, \"message\": ",
			       nfields++ ? ",\n" : "\n", ds__source_problem_name((ds__source_problem_kind)k), sm->line,
			       sm->column, sm->record);
			json_string(sm->message, strlen(sm->message));
			printf("}");
		}
	}
	printf("]}\n");
done:
	if (rc < 0) {
		fprintf(stderr, "error %s: %s\n", ds_strerror(rc), ds_error_last()->message);
		rc = 1;
	}
	ds__source_close(s);
	free(data);
	return rc < 0 ? 1 : rc;
}
