/*
 * libFuzzer harness for working-day calendars (ds_registry_load_calendar reads
 * a file into a registry): a calendar that loads gives a working day 10 days
 * after any date of its years.
 * SPDX-License-Identifier: MIT
 */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <unistd.h>

#include <datasset/datasset.h>

#include "fuzz_util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static char path[64], db[64];
	static ds_registry *reg;
	size_t count = 0;
	char out[11];
	FILE *f;

	if (!reg) {
		ds_registry_options opts = DS_REGISTRY_OPTIONS_INIT;
		opts.synchronous = DS_REGISTRY_SYNC_NORMAL;
		snprintf(path, sizeof path, "/tmp/fuzz-calendar-%ld.xml", (long)getpid());
		snprintf(db, sizeof db, "/tmp/fuzz-calendar-%ld.db", (long)getpid());
		unlink(db);
		FUZZ_CHECK(ds_registry_create(&reg, db, "fuzz", "370100", &opts) == DS_OK);
	}
	f = fopen(path, "wb");
	FUZZ_CHECK(f && fwrite(data, 1, size, f) == size && fclose(f) == 0);
	if (ds_registry_load_calendar(&count, reg, path) == DS_OK) {
		int rc = ds_registry_add_working_days(out, reg, "2025-01-01", 10);
		FUZZ_CHECK(rc == DS_OK || (rc < 0 && ds_error_last()->message[0] != '\0'));
	}
	return 0;
}
