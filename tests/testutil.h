/*
 * Helpers shared by the Check suites.
 * SPDX-License-Identifier: MIT
 */
#ifndef DS_TESTUTIL_H
#define DS_TESTUTIL_H

#include <check.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <datasset/datasset.h>

/* Assert a call returned DS_OK, printing the library's message when it did not. */
#define ck_assert_ds_ok(expr)                                                                    \
	do {                                                                                     \
		int ck_rc_ = (expr);                                                             \
		ck_assert_msg(ck_rc_ == DS_OK, "%s returned %s: %s", #expr, ds_strerror(ck_rc_), \
			      ds_error_last()->message);                                         \
	} while (0)

/* Assert a call failed with exactly @code. */
#define ck_assert_ds_err(expr, code)                                                                            \
	do {                                                                                                    \
		int ck_rc_ = (expr);                                                                            \
		ck_assert_msg(ck_rc_ == (code), "%s returned %s, expected %s (%s)", #expr, ds_strerror(ck_rc_), \
			      ds_strerror(code), ds_error_last()->message);                                     \
	} while (0)

/* A new decimal parsed from plain text (any DS_DECIMAL_* flags), or the test fails. */
static inline ds_decimal *tu_dec(const char *text)
{
	ds_decimal *d = NULL;
	ck_assert_ds_ok(ds_decimal_new(&d));
	ck_assert_ds_ok(ds_decimal_parse(d, text, DS_DECIMAL_EXPONENT | DS_DECIMAL_FRACTION));
	return d;
}

/* Assert that @d's exact reduced value, as ds_decimal_to_fraction() writes it, is @expected. */
#define ck_assert_dec_eq(d, expected)                                                                      \
	do {                                                                                               \
		char *ck_s_ = NULL;                                                                        \
		ck_assert_ds_ok(ds_decimal_to_fraction(&ck_s_, (d)));                                      \
		ck_assert_msg(strcmp(ck_s_, (expected)) == 0, "value %s, expected %s", ck_s_, (expected)); \
		ds_free(ck_s_);                                                                            \
	} while (0)

/* A new string: @before, @n copies of @fill, @after (free() it), or the test fails. */
static inline char *tu_filled(const char *before, char fill, size_t n, const char *after)
{
	size_t b = strlen(before), a = strlen(after);
	char *text = malloc(b + n + a + 1);

	ck_assert_ptr_nonnull(text);
	memcpy(text, before, b);
	memset(text + b, fill, n);
	memcpy(text + b + n, after, a + 1);
	return text;
}

/* A growing text buffer for dumps and generated documents; data is malloc'd (free it). */
typedef struct tu_buf {
	char *data;
	size_t len, cap;
} tu_buf;

/* Append printf-style text to @b, or the test fails. */
static inline void tu_buf_printf(tu_buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static inline void tu_buf_printf(tu_buf *b, const char *fmt, ...)
{
	va_list ap;
	int need;

	va_start(ap, fmt);
	need = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	ck_assert_int_ge(need, 0);
	if (b->len + (size_t)need + 1 > b->cap) {
		b->cap = 2 * (b->len + (size_t)need + 1);
		b->data = realloc(b->data, b->cap);
		ck_assert_ptr_nonnull(b->data);
	}
	va_start(ap, fmt);
	vsnprintf(b->data + b->len, (size_t)need + 1, fmt, ap);
	va_end(ap);
	b->len += (size_t)need;
}

/* 1 when the tests run under valgrind (`make check-valgrind` sets DS_VALGRIND=1):
 * peak-RSS checks mean nothing there (valgrind's own heap and shadow memory). */
static inline int tu_under_valgrind(void)
{
	const char *v = getenv("DS_VALGRIND");
	return v && *v && strcmp(v, "0") != 0;
}

/* 1 in a build with AddressSanitizer or ThreadSanitizer: CPU-time bounds mean nothing there. */
static inline int tu_sanitized(void)
{
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
	return 1;
#elif defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(thread_sanitizer)
	return 1;
#else
	return 0;
#endif
#else
	return 0;
#endif
}

/* How many rounds a randomised property test runs: @n, or a tenth of it under
 * valgrind (the same code paths, in a minute instead of a quarter of an hour). */
static inline size_t tu_iterations(size_t n)
{
	return tu_under_valgrind() ? (n + 9) / 10 : n;
}

/* Run one suite and exit with automake's convention (0 pass, 1 fail). Ends with
 * ds_cleanup(), so that under `make check-valgrind` (CK_FORK=no: the tests run in
 * this process) what ICU and libxml2 keep for the process is not reported. */
static inline int tu_run(Suite *s)
{
	SRunner *sr = srunner_create(s);
	int failed;
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	ds_cleanup();
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}

#endif
