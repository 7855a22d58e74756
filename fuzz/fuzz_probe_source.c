/*
 * libFuzzer harness for the probe's CSV source (lib/probe/source_csv.c): the
 * first byte picks the encoding given (or detection), the delimiter and the
 * header option; the rest is the file. Every record is read and checked for
 * the interface's promises: NUL-terminated text of len bytes, valid UTF-8,
 * kept text below DS__SOURCE_MAX_FIELD, full sizes at least the kept ones.
 * When bit 6 of the first byte is set, the same bytes are also read from a
 * file (the windowed reader) and must give the same records and problems.
 *
 * Build with fuzz/build_probe_source.sh (clang's libFuzzer, ASan, UBSan), then
 *   ./fuzz/fuzz_probe_source -max_total_time=60 /tmp/corpus-csv
 * SPDX-License-Identifier: MIT
 */
#define _POSIX_C_SOURCE 200809L
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "internal/probe_source.h"

/* Whether @s[@n] is valid UTF-8 (strict). */
static int valid_utf8(const unsigned char *s, size_t n)
{
	size_t i = 0;
	while (i < n) {
		unsigned int c = s[i], len, lo = 0x80, hi = 0xBF, k;
		if (c < 0x80) {
			i++;
			continue;
		}
		if (c >= 0xC2 && c <= 0xDF)
			len = 2;
		else if (c >= 0xE0 && c <= 0xEF)
			len = 3, lo = c == 0xE0 ? 0xA0 : 0x80, hi = c == 0xED ? 0x9F : 0xBF;
		else if (c >= 0xF0 && c <= 0xF4)
			len = 4, lo = c == 0xF0 ? 0x90 : 0x80, hi = c == 0xF4 ? 0x8F : 0xBF;
		else
			return 0;
		if (i + len > n || s[i + 1] < lo || s[i + 1] > hi)
			return 0;
		for (k = 2; k < len; k++)
			if ((s[i + k] & 0xC0) != 0x80)
				return 0;
		i += len;
	}
	return 1;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* A digest of everything a source delivers (FNV-1a over fields and sizes). */
static uint64_t digest(ds__source *s)
{
	uint64_t h = 14695981039346656037u;
	ds__record rec;
	size_t i, k;

#define MIX(p, n)                 \
	for (k = 0; k < (n); k++) \
	h = (h ^ ((const unsigned char *)(p))[k]) * 1099511628211u
	for (i = 0; i < s->ncolumns; i++)
		MIX(s->names[i], strlen(s->names[i]) + 1);
	while (ds__source_next(s, &rec) > 0) {
		MIX(&rec.nfields, sizeof rec.nfields);
		MIX(&rec.line, sizeof rec.line);
		for (i = 0; i < rec.nfields; i++) {
			MIX(rec.text[i], rec.len[i] + 1);
			MIX(&rec.bytes[i], sizeof rec.bytes[i]);
			MIX(&rec.chars[i], sizeof rec.chars[i]);
		}
	}
	MIX(s->problems.count, sizeof s->problems.count);
	MIX(s->encoding, strlen(s->encoding));
	MIX(&s->delimiter, 1);
#undef MIX
	return h;
}

static void compare_with_file(const uint8_t *data, size_t size, const ds__csv_options *opt)
{
	static char path[64];
	ds__source *s = NULL;
	uint64_t from_memory, from_file;
	FILE *f;

	if (!path[0])
		snprintf(path, sizeof path, "/tmp/fuzz-probe-source-%ld.csv", (long)getpid());
	if (!(f = fopen(path, "wb")))
		return;
	fwrite(data, 1, size, f);
	fclose(f);
	if (ds__source_open_csv_memory(&s, (const char *)data, size, "fuzz", opt) < 0)
		return;
	from_memory = digest(s);
	ds__source_close(s);
	if (ds__source_open_csv(&s, path, opt) < 0)
		abort(); /* the memory read opened */
	from_file = digest(s);
	ds__source_close(s);
	if (from_memory != from_file)
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const encodings[] = { NULL,	     "utf-8",	 "gb18030", "utf-16",
						 "utf-16le", "utf-16be", "auto",    NULL };
	static const char delimiters[] = { 0, ',', '\t', ';', '|', 0, ',', 0 };
	ds__csv_options opt = { NULL, 0, 0, 0, 0 };
	ds__source *s = NULL;
	ds__record rec;
	size_t i;
	int rc;

	if (size < 1)
		return 0;
	opt.encoding = encodings[data[0] & 7];
	opt.delimiter = delimiters[(data[0] >> 3) & 7];
	opt.header = data[0] >> 7 ? DS__CSV_HEADER_NO : DS__CSV_HEADER_AUTO;
	if (ds__source_open_csv_memory(&s, (const char *)data + 1, size - 1, "fuzz", &opt) < 0)
		return 0;
	for (i = 0; i < s->ncolumns; i++)
		if (!valid_utf8((const unsigned char *)s->names[i], strlen(s->names[i])))
			abort();
	while ((rc = ds__source_next(s, &rec)) > 0) {
		for (i = 0; i < rec.nfields; i++) {
			if (strlen(rec.text[i]) != rec.len[i] || rec.len[i] >= DS__SOURCE_MAX_FIELD ||
			    rec.bytes[i] < rec.len[i] || rec.chars[i] > rec.bytes[i] ||
			    (!rec.truncated[i] && rec.bytes[i] != rec.len[i]) ||
			    !valid_utf8((const unsigned char *)rec.text[i], rec.len[i]))
				abort();
		}
	}
	if (rc < 0 || s->bytes_done != s->bytes_total)
		abort();
	ds__source_close(s);
	if (data[0] & 0x40)
		compare_with_file(data + 1, size - 1, &opt);
	return 0;
}
