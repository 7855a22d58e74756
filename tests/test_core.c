/*
 * Core: status names, thread-local error details, version, memory, ds_cleanup().
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

/* ds_cleanup() releases libxml2, ICU and the compiled schemas; the library then
 * initialises them again on the next call that needs them, as often as asked. */
START_TEST(cleanup_then_use_again)
{
	static const char bad_policy[] = "<policy xmlns='urn:datasset:policy:1'><oops/></policy>";
	int round;

	ds_cleanup(); /* before any use: nothing to release */
	for (round = 0; round < 3; round++) {
		ds_profile *profile = NULL;
		ds_policy *policy = NULL;
		ds_decimal *amount = tu_dec("1680.32");
		char *text = NULL;

		/* libxml2 and a bundled XSD (compiled again after each cleanup) */
		ck_assert_ds_ok(ds_profile_load(&profile, "jinan"));
		ck_assert_str_eq(ds_profile_name(profile), "jinan");
		ds_profile_free(profile);
		ck_assert_ds_ok(ds_policy_bundled(&policy, "jinan-2025"));
		ds_policy_free(policy);
		policy = NULL;
		ck_assert_ds_err(ds_policy_parse(&policy, bad_policy, sizeof bad_policy - 1, "bad.xml"), DS_EPARSE);
		ck_assert_ptr_null(policy);
		/* ICU: a rule-based number format, a transliterator, the date words */
		ck_assert_ds_ok(ds_decimal_to_rmb_words(&text, amount, NULL));
		ck_assert_str_eq(text, "人民币壹仟陆佰捌拾元零叁角贰分");
		ds_free(text);
		ck_assert_ds_ok(ds_text_pinyin(&text, "济南"));
		ck_assert_str_eq(text, "ji nan");
		ds_free(text);
		ck_assert_ds_ok(ds_date_to_words(&text, 2025, 1, 1));
		ck_assert_str_eq(text, "贰零贰伍年零壹月零壹日");
		ds_free(text);
		ds_decimal_free(amount);
		ds_cleanup();
	}
	ds_cleanup();					    /* twice in a row */
	ck_assert_int_eq(ds_error_last()->code, DS_EPARSE); /* the thread's error survives */
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
	tcase_add_test(tc, cleanup_then_use_again);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return tu_run(suite());
}
