/*
 * Core: status names, thread-local error details, version, memory.
 * SPDX-License-Identifier: MIT
 */
#include <pthread.h>

#include "testutil.h"

START_TEST(strerror_names_every_code)
{
	static const struct {
		int code;
		const char *name;
	} rows[] = {
		{ DS_OK, "DS_OK" },
		{ DS_EINVAL, "DS_EINVAL" },
		{ DS_ENOMEM, "DS_ENOMEM" },
		{ DS_EPARSE, "DS_EPARSE" },
		{ DS_ERANGE, "DS_ERANGE" },
		{ DS_EDIVZERO, "DS_EDIVZERO" },
		{ DS_ENOTFOUND, "DS_ENOTFOUND" },
		{ DS_EEXISTS, "DS_EEXISTS" },
		{ DS_ESTATE, "DS_ESTATE" },
		{ DS_EVERIFY, "DS_EVERIFY" },
		{ DS_EIO, "DS_EIO" },
		{ DS_EDB, "DS_EDB" },
		{ DS_EUNSUPPORTED, "DS_EUNSUPPORTED" },
		{ DS_EINEXACT, "DS_EINEXACT" },
		{ DS_EINTERNAL, "DS_EINTERNAL" },
		{ -999, "DS_EUNKNOWN" },
		{ 7, "DS_EUNKNOWN" },
	};
	size_t i;

	for (i = 0; i < sizeof rows / sizeof rows[0]; i++)
		ck_assert_str_eq(ds_strerror(rows[i].code), rows[i].name);
	/* Codes are ABI: their values never change. */
	ck_assert_int_eq(DS_EINVAL, -1);
	ck_assert_int_eq(DS_EINTERNAL, -14);
}
END_TEST

START_TEST(error_last_is_never_null_and_clears)
{
	const ds_error *e = ds_error_last();
	ds_decimal *d = NULL;

	ck_assert_ptr_nonnull(e);
	ck_assert_ptr_nonnull(e->message);
	ck_assert_ptr_nonnull(e->field);
	ck_assert_ptr_nonnull(e->cause_library);
	ck_assert_ds_ok(ds_decimal_new(&d));
	ck_assert_ds_err(ds_decimal_parse(d, "12x", 0), DS_EPARSE);
	e = ds_error_last();
	ck_assert_int_eq(e->code, DS_EPARSE);
	ck_assert_int_eq(e->column, 3);
	ck_assert_msg(strstr(e->message, "position 3") != NULL, "message: %s", e->message);
	/* A successful call leaves the last error alone... */
	ck_assert_ds_ok(ds_decimal_parse(d, "1", 0));
	ck_assert_int_eq(ds_error_last()->code, DS_EPARSE);
	/* ...and ds_error_clear() resets it. */
	ds_error_clear();
	e = ds_error_last();
	ck_assert_int_eq(e->code, DS_OK);
	ck_assert_int_eq(e->column, 0);
	ck_assert_str_eq(e->message, "no error");
	ck_assert_str_eq(e->field, "");
	ds_decimal_free(d);
}
END_TEST

static void *fail_in_thread(void *arg)
{
	ds_decimal *d = NULL;
	int *seen = arg;

	/* A new thread starts with no error. */
	seen[0] = ds_error_last()->code;
	ds_decimal_new(&d);
	ds_decimal_parse(d, "", 0);
	seen[1] = ds_error_last()->code;
	ds_decimal_free(d);
	return NULL;
}

START_TEST(errors_are_per_thread)
{
	pthread_t thread;
	int seen[2] = { 1, 1 };
	ds_decimal *d = NULL;

	ck_assert_ds_ok(ds_decimal_new(&d));
	ck_assert_ds_err(ds_decimal_div(d, d, d), DS_EDIVZERO);
	ck_assert_int_eq(pthread_create(&thread, NULL, fail_in_thread, seen), 0);
	ck_assert_int_eq(pthread_join(thread, NULL), 0);
	ck_assert_int_eq(seen[0], DS_OK);
	ck_assert_int_eq(seen[1], DS_EPARSE);
	/* The other thread's failure did not touch this thread's error. */
	ck_assert_int_eq(ds_error_last()->code, DS_EDIVZERO);
	ds_decimal_free(d);
}
END_TEST

START_TEST(version_matches_macros)
{
	int major = -1, minor = -1, patch = -1;
	const char *text = ds_version(&major, &minor, &patch);
	char expected[32];

	ck_assert_int_eq(major, DS_VERSION_MAJOR);
	ck_assert_int_eq(minor, DS_VERSION_MINOR);
	ck_assert_int_eq(patch, DS_VERSION_PATCH);
	snprintf(expected, sizeof expected, "%d.%d.%d", major, minor, patch);
	ck_assert_str_eq(text, expected);
	ck_assert_str_eq(text, DS_VERSION_STRING);
	ck_assert_int_eq(DS_VERSION_NUMBER, major * 10000 + minor * 100 + patch);
	/* Every out-parameter may be NULL. */
	ck_assert_str_eq(ds_version(NULL, NULL, NULL), DS_VERSION_STRING);
}
END_TEST

START_TEST(free_accepts_null)
{
	ds_free(NULL);
	ds_decimal_free(NULL);
}
END_TEST

static Suite *suite(void)
{
	Suite *s = suite_create("core");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, strerror_names_every_code);
	tcase_add_test(tc, error_last_is_never_null_and_clears);
	tcase_add_test(tc, errors_are_per_thread);
	tcase_add_test(tc, version_matches_macros);
	tcase_add_test(tc, free_accepts_null);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return tu_run(suite());
}
