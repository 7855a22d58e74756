/*
 * The running library's version and the directory its data files were installed to.
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

#ifndef DS_DATA_DIR
#error "DS_DATA_DIR (the installed data directory) is defined by Makefile.am"
#endif

const char *ds_data_dir(void)
{
	return DS_DATA_DIR;
}
