/*
 * The running library's version.
 * SPDX-License-Identifier: MIT
 */
#include "config.h"

#include "internal/core.h"

const char *ds_version(int *major, int *minor, int *patch)
{
	if (major)
		*major = DS_VERSION_MAJOR;
	if (minor)
		*minor = DS_VERSION_MINOR;
	if (patch)
		*patch = DS_VERSION_PATCH;
	return DS_VERSION_STRING;
}
