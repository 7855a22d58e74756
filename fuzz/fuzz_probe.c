/*
 * libFuzzer harness for the probe: the input is probed as a CSV (the reader and
 * the whole analysis) and also parsed as a probe report. Whatever probes must
 * write a report that loads back and writes the same text, diff against itself
 * with no events and give a catalogue draft. Build and run (see docs/probe.md):
 *   sh fuzz/build_probe.sh && mkdir -p /tmp/probe-corpus &&
 *   ./fuzz/fuzz_probe -max_total_time=60 /tmp/probe-corpus
 * SPDX-License-Identifier: MIT
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <datasset/datasset.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void round_trip(const ds_probe *p)
{
	ds_probe *again = NULL;
	ds_probe_diff *diff = NULL;
	ds_resource *entry = NULL;
	char *xml = NULL, *xml2 = NULL;

	if (ds_probe_to_xml(&xml, p) != DS_OK)
		abort();
	if (ds_probe_parse(&again, xml, strlen(xml), "report") != DS_OK)
		abort();
	if (ds_probe_to_xml(&xml2, again) != DS_OK || strcmp(xml, xml2) != 0)
		abort();
	if (ds_probe_diff_new(&diff, p, again, NULL) != DS_OK || ds_probe_diff_count(diff) != 0)
		abort();
	if (ds_probe_to_resource(&entry, again) != DS_OK)
		abort();
	ds_resource_free(entry);
	ds_probe_diff_free(diff);
	ds_free(xml);
	ds_free(xml2);
	ds_probe_free(again);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	ds_probe_options opts = DS_PROBE_OPTIONS_INIT;
	ds_probe *p = NULL;

	opts.update_cycle = "每月";
	opts.as_of = "2024-06-30";
	opts.distinct_bound = 8; /* reach the hash set and HLL with small inputs */
	if (ds_probe_memory(&p, (const char *)data, size, "fuzz.csv", &opts) == DS_OK) {
		round_trip(p);
		ds_probe_free(p);
	}
	if (ds_probe_parse(&p, (const char *)data, size, "fuzz.xml") == DS_OK) {
		round_trip(p);
		ds_probe_free(p);
	}
	return 0;
}
