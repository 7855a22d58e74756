/*
 * The library's one allocator. Dependencies (GMP, ICU, libxml2, SQLite,
 * OpenSSL) keep their own allocators: the host program owns those globals.
 * SPDX-License-Identifier: MIT
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "internal/core.h"

/*
 * Fault injection for the tests (tests/test_fault.c), after SQLite's
 * SQLITE_TESTCTRL_FAULT_INSTALL: when armed, the Nth allocation from now fails
 * (and, when persistent, every one after it). Disarmed it costs one relaxed
 * atomic load per allocation. Allocations are counted while armed or counting.
 */
static long fault_countdown;	  /* 0: disarmed; N: the Nth allocation fails */
static int fault_persistent;	  /* keep failing after the first */
static unsigned long fault_count; /* allocations seen while counting or armed */
static int fault_counting;

void ds__fault_arm(long nth, int persistent)
{
	__atomic_store_n(&fault_persistent, persistent, __ATOMIC_RELAXED);
	__atomic_store_n(&fault_count, 0, __ATOMIC_RELAXED);
	__atomic_store_n(&fault_countdown, nth, __ATOMIC_RELAXED);
}

void ds__fault_count_start(void)
{
	__atomic_store_n(&fault_count, 0, __ATOMIC_RELAXED);
	__atomic_store_n(&fault_counting, 1, __ATOMIC_RELAXED);
}

unsigned long ds__fault_count_stop(void)
{
	__atomic_store_n(&fault_counting, 0, __ATOMIC_RELAXED);
	__atomic_store_n(&fault_countdown, 0, __ATOMIC_RELAXED);
	return __atomic_load_n(&fault_count, __ATOMIC_RELAXED);
}

/* Whether this allocation is to fail. */
static int fault(void)
{
	long left;

	if (__atomic_load_n(&fault_counting, __ATOMIC_RELAXED))
		__atomic_add_fetch(&fault_count, 1, __ATOMIC_RELAXED);
	if (!__atomic_load_n(&fault_countdown, __ATOMIC_RELAXED))
		return 0;
	left = __atomic_sub_fetch(&fault_countdown, 1, __ATOMIC_RELAXED);
	if (left == 0) {
		/* Stay at 1 when persistent, so every later allocation fails too. */
		if (__atomic_load_n(&fault_persistent, __ATOMIC_RELAXED))
			__atomic_store_n(&fault_countdown, 1, __ATOMIC_RELAXED);
		__atomic_add_fetch(&fault_count, 1, __ATOMIC_RELAXED);
		return 1;
	}
	if (left < 0) {
		__atomic_store_n(&fault_countdown, 0, __ATOMIC_RELAXED);
		return 0;
	}
	return 0;
}

/* Allocations of this thread that failed (injected or real), for a caller
 * that must tell "out of memory" from a result (ds__alloc_failures). */
static _Thread_local unsigned long failures;

static void *counted(void *p)
{
	if (!p)
		failures++;
	return p;
}

unsigned long ds__alloc_failures(void)
{
	return failures;
}

void *ds__malloc(size_t size)
{
	return counted(fault() ? NULL : malloc(size ? size : 1));
}

void *ds__calloc(size_t count, size_t size)
{
	return counted(fault() ? NULL : calloc(count ? count : 1, size ? size : 1));
}

void *ds__realloc(void *ptr, size_t size)
{
	return counted(fault() ? NULL : realloc(ptr, size ? size : 1));
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
