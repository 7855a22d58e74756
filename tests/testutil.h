/*
 * Helpers shared by the Check suites.
 * SPDX-License-Identifier: MIT
 */
#ifndef DS_TESTUTIL_H
#define DS_TESTUTIL_H

#include <check.h>
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

/* Run one suite and exit with automake's convention (0 pass, 1 fail). */
static inline int tu_run(Suite *s)
{
	SRunner *sr = srunner_create(s);
	int failed;
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}

#endif
