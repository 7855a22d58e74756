/*
 * Helpers shared by the trust commands (cert, log).
 * SPDX-License-Identifier: MIT
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "trust_cli.h"

#define FILE_MAX (16L * 1024 * 1024)

char *trust_read_file(const char *command, const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *data = NULL;
	size_t got = 0, cap = 0;

	if (!f) {
		cli_error(command, "%s: %s", path, strerror(errno));
		return NULL;
	}
	for (;;) {
		size_t n;
		if (got + 4096 + 1 > cap) {
			char *grown;
			cap = cap ? cap * 2 : 8192;
			if ((long)cap > FILE_MAX + 8192 || !(grown = realloc(data, cap))) {
				cli_error(command, _("%s: too large or out of memory"), path);
				free(data);
				fclose(f);
				return NULL;
			}
			data = grown;
		}
		n = fread(data + got, 1, cap - got - 1, f);
		got += n;
		if (n == 0)
			break;
	}
	if (ferror(f)) {
		cli_error(command, _("%s: read error"), path);
		free(data);
		fclose(f);
		return NULL;
	}
	fclose(f);
	data[got] = '\0';
	*len = got;
	return data;
}

int trust_read_proof(const char *command, const char *path, ds_hash **proof, size_t *count)
{
	size_t len = 0, n = 0, line_no = 0;
	char *text = trust_read_file(command, path, &len), *line, *save = NULL;
	ds_hash *hashes;

	*proof = NULL;
	*count = 0;
	if (!text)
		return -1;
	if (!(hashes = calloc(len / 2 + 1, sizeof *hashes))) {
		cli_error(command, _("out of memory"));
		free(text);
		return -1;
	}
	for (line = text; line && *line; line = save) {
		char *end = strchr(line, '\n');
		save = end ? end + 1 : NULL;
		if (end)
			*end = '\0';
		line_no++;
		if (end && end > line && end[-1] == '\r')
			end[-1] = '\0';
		if (*line == '\0')
			continue;
		if (ds_hash_from_hex(&hashes[n], line) < 0 || hashes[n].size != 32) {
			cli_error(command, _("%s: line %zu is not a 32-byte hash in hex"), path, line_no);
			free(hashes);
			free(text);
			return -1;
		}
		n++;
	}
	free(text);
	*proof = hashes;
	*count = n;
	return 0;
}

ds_key *trust_load_key(const char *command, const char *path)
{
	ds_key *key = NULL;

	if (ds_key_load(&key, path) < 0) {
		cli_library_error(command);
		return NULL;
	}
	return key;
}
