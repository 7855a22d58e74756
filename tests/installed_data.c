/*
 * Run by tests/installed.sh against an installed libdatasset, built with
 * pkg-config alone: the data directory pkg-config reports is the one
 * ds_data_dir() returns, and a profile, a policy and a calendar load from it.
 * Usage: installed_data DATADIR WORKDIR (WORKDIR: an empty scratch folder).
 * SPDX-License-Identifier: MIT
 */
#include <stdio.h>
#include <string.h>

#include <datasset/datasset.h>

static int failed;

static void fail(const char *what, int rc)
{
	printf("FAIL: %s: %s: %s\n", what, ds_strerror(rc), ds_error_last()->message);
	failed++;
}

int main(int argc, char **argv)
{
	char path[4096], db[4096];
	ds_profile *profile = NULL;
	ds_policy *policy = NULL;
	ds_registry *reg = NULL;
	size_t days = 0;
	int rc;

	if (argc != 3) {
		fprintf(stderr, "usage: installed_data DATADIR WORKDIR\n");
		return 2;
	}
	if (strcmp(ds_data_dir(), argv[1]) != 0) {
		printf("FAIL: ds_data_dir() is '%s', pkg-config says '%s'\n", ds_data_dir(), argv[1]);
		failed++;
	}

	snprintf(path, sizeof path, "%s/profiles/jinan.xml", argv[1]);
	if ((rc = ds_profile_load(&profile, path)) < 0)
		fail(path, rc);
	else if (strcmp(ds_profile_name(profile), "jinan") != 0)
		printf("FAIL: %s: profile name '%s'\n", path, ds_profile_name(profile)), failed++;

	snprintf(path, sizeof path, "%s/policies/jinan-2025.xml", argv[1]);
	if ((rc = ds_policy_load(&policy, path)) < 0)
		fail(path, rc);
	else if (strcmp(ds_policy_id(policy), "jinan-2025") != 0)
		printf("FAIL: %s: policy id '%s'\n", path, ds_policy_id(policy)), failed++;

	snprintf(path, sizeof path, "%s/calendars/cn-2024-2025-sample.xml", argv[1]);
	snprintf(db, sizeof db, "%s/registry.db", argv[2]);
	if ((rc = ds_registry_create(&reg, db, "测试登记机构", "370100", NULL)) < 0)
		fail(db, rc);
	else if ((rc = ds_registry_load_calendar(&days, reg, path)) < 0)
		fail(path, rc);
	else if (days == 0)
		printf("FAIL: %s: no days loaded\n", path), failed++;

	ds_registry_free(reg);
	ds_policy_free(policy);
	ds_profile_free(profile);
	ds_cleanup();
	if (failed == 0)
		printf("data: %s: a profile, a policy and %zu calendar days\n", ds_data_dir(), days);
	return failed == 0 ? 0 : 1;
}
