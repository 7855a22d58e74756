/*
 * Internal core helpers shared by every module: errors, allocation, string
 * building, one-time initialisation. Never installed; never in include/.
 * SPDX-License-Identifier: MIT
 */
#ifndef DS_INTERNAL_CORE_H
#define DS_INTERNAL_CORE_H

#include <stdarg.h>
#include <stddef.h>

#include "datasset/common.h"

#if defined(__GNUC__)
#define DS__PRINTF(fmt, args) __attribute__((format(printf, fmt, args)))
#else
#define DS__PRINTF(fmt, args)
#endif

/* ---- errors (lib/core/error.c) ----
 * Set the calling thread's error where the problem is detected, and return
 * @code so a caller can write `return ds__error(DS_EINVAL, "...")`. */
int ds__error(int code, const char *fmt, ...) DS__PRINTF(2, 3);
/* The same with a location: @line/@column 1-based or 0, @field a path or NULL. */
int ds__error_at(int code, int line, int column, const char *field, const char *fmt, ...) DS__PRINTF(5, 6);
/* Record the failing dependency's own code on the current error. */
void ds__error_cause(const char *library, long code);
/* Prefix the current error's message with context ("calc: "). */
void ds__error_prefix(const char *prefix);
/* Shorthand for a failed allocation. */
int ds__enomem(void);

/* ---- allocation (lib/core/alloc.c) ----
 * Every allocation the library itself makes goes through these, so that
 * allocation-failure injection and accounting have one place to hook. */
void *ds__malloc(size_t size);
void *ds__calloc(size_t count, size_t size);
void *ds__realloc(void *ptr, size_t size);
void ds__free(void *ptr);
/* Tests only (lib/core/alloc.c): make the @nth allocation from now fail (and
 * every later one when @persistent); 0 disarms. Counting reports how many
 * allocations a workload makes, so a test can fail each one in turn. */
void ds__fault_arm(long nth, int persistent);
void ds__fault_count_start(void);
unsigned long ds__fault_count_stop(void);
/* How many of the library's allocations have failed on this thread so far:
 * a check that turns every failure into a finding (a verification) compares
 * it before and after, so that out of memory is DS_ENOMEM, not a finding. */
unsigned long ds__alloc_failures(void);
char *ds__strdup(const char *s);
char *ds__strndup(const char *s, size_t n);

/* ---- string building (lib/core/buf.c) ----
 * A growable NUL-terminated byte string. After any failure the buffer
 * remembers it (oom), further appends are no-ops and ds__buf_detach fails. */
typedef struct ds__buf {
	char *data;
	size_t len;
	size_t cap;
	int oom;
} ds__buf;

#define DS__BUF_INIT          \
	{                     \
		NULL, 0, 0, 0 \
	}

int ds__buf_grow(ds__buf *b, size_t extra);
int ds__buf_put(ds__buf *b, const char *s, size_t n);
int ds__buf_puts(ds__buf *b, const char *s);
int ds__buf_putc(ds__buf *b, char c);
int ds__buf_printf(ds__buf *b, const char *fmt, ...) DS__PRINTF(2, 3);
/* Hand the string to the caller (ds_free) and reset the buffer. */
int ds__buf_detach(char **out, ds__buf *b);
void ds__buf_clear(ds__buf *b);
void ds__buf_dispose(ds__buf *b);

/* ---- one-time initialisation (lib/core/init.c) ----
 * Initialise libxml2 and ICU once, thread-safely. Call before first use of
 * either; cheap after the first call. */
int ds__init(void);

/* ---- UTF-8 (lib/core/utf8.c) ---- */
/* Decode one code point at s (at most n bytes); returns its length, or 0 when
 * the bytes there are not valid UTF-8 (overlong, surrogate, truncated). */
size_t ds__utf8_decode(const char *s, size_t n, unsigned int *cp);

#endif
