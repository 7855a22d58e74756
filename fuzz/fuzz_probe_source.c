/*
 * libFuzzer harness for the probe's CSV source (lib/probe/source_csv.c): the
 * first byte picks the encoding given (or detection), the delimiter and the
 * header option; the rest is the file. Every record is read and checked for
 * the interface's promises: NUL-terminated text of len bytes, valid UTF-8,
 * kept text below DS__SOURCE_MAX_FIELD, full sizes at least the kept ones.
 *
 * Build with fuzz/build_probe_source.sh (clang's libFuzzer, ASan, UBSan), then
 *   ./fuzz/fuzz_probe_source -max_total_time=60 /tmp/corpus-csv
 * SPDX-License-Identifier: MIT
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

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

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const encodings[] = { NULL,	     "utf-8",	 "gb18030", "utf-16",
						 "utf-16le", "utf-16be", "auto",    NULL };
	static const char delimiters[] = { 0, ',', '\t', ';', '|', 0, ',', 0 };
	ds__csv_options opt = { NULL, 0, 0 };
	ds__source *s = NULL;
	ds__record rec;
	size_t i;
	int rc;

	if (size < 1)
		return 0;
	opt.encoding = encodings[data[0] & 7];
	opt.delimiter = delimiters[(data[0] >> 3) & 7];
	opt.no_header = data[0] >> 7;
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
	return 0;
}
