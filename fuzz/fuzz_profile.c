/*
 * libFuzzer harness for catalogue profiles (ds_profile_load reads a file):
 * a profile that loads must validate the bundled sample catalogue.
 * SPDX-License-Identifier: MIT
 */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <unistd.h>

#include <datasset/datasset.h>

#include "fuzz_util.h"

static const char sample[] = "<catalog xmlns='urn:datasset:catalog:1'><resource><identifier>X-1</identifier>"
			     "<title>T</title></resource></catalog>";

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static char path[64];
	ds_profile *profile = NULL;
	ds_catalog *c = NULL;
	ds_catalog_report *report = NULL;
	FILE *f;

	if (!path[0])
		snprintf(path, sizeof path, "/tmp/fuzz-profile-%ld.xml", (long)getpid());
	f = fopen(path, "wb");
	FUZZ_CHECK(f && fwrite(data, 1, size, f) == size && fclose(f) == 0);
	if (ds_profile_load(&profile, path) == DS_OK) {
		FUZZ_CHECK(ds_catalog_parse(&c, sample, strlen(sample), "sample") == DS_OK);
		FUZZ_CHECK(ds_catalog_validate(&report, c, profile) == DS_OK);
	}
	ds_catalog_report_free(report);
	ds_catalog_free(c);
	ds_profile_free(profile);
	return 0;
}
