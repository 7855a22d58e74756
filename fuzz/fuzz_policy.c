/*
 * libFuzzer harness for policy documents and applications (ds_policy_parse,
 * ds_applications_parse): the input is read as both; a policy that reads is
 * evaluated on the bundled worked applications, and applications that read
 * are evaluated under the bundled jinan-2025 policy.
 * SPDX-License-Identifier: MIT
 */
#include <datasset/datasset.h>

#include "fuzz_util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	ds_policy *policy = NULL, *bundled = NULL;
	ds_applications *apps = NULL;
	ds_awards *awards = NULL;

	if (ds_policy_parse(&policy, (const char *)data, size, "fuzz") == DS_OK)
		ds_policy_free(policy);
	if (ds_applications_parse(&apps, (const char *)data, size, "fuzz") == DS_OK) {
		FUZZ_CHECK(ds_policy_bundled(&bundled, "jinan-2025") == DS_OK);
		if (ds_policy_evaluate(&awards, bundled, apps) == DS_OK)
			ds_awards_free(awards);
		ds_policy_free(bundled);
		ds_applications_free(apps);
	}
	return 0;
}
