/*
 * The library's one allocator. Dependencies (GMP, ICU, libxml2, SQLite,
 * OpenSSL) keep their own allocators: the host program owns those globals.
 * SPDX-License-Identifier: MIT
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "internal/core.h"

void *ds__malloc(size_t size)
{
	return malloc(size ? size : 1);
}

void *ds__calloc(size_t count, size_t size)
{
	return calloc(count ? count : 1, size ? size : 1);
}

void *ds__realloc(void *ptr, size_t size)
{
	return realloc(ptr, size ? size : 1);
}

void ds__free(void *ptr)
{
	free(ptr);
}

char *ds__strndup(const char *s, size_t n)
{
	char *copy = ds__malloc(n + 1);
	if (copy) {
		memcpy(copy, s, n);
		copy[n] = '\0';
	}
	return copy;
}

char *ds__strdup(const char *s)
{
	return ds__strndup(s, strlen(s));
}

void ds_free(void *ptr)
{
	ds__free(ptr);
}
