/*
 * Exact decimals: parsing, arithmetic, rounding, formatting, bounds.
 * The random differential test against Python is tests/oracle.py.
 * SPDX-License-Identifier: MIT
 */
#include <stdint.h>

#include "testutil.h"

static const char *const mode_names[] = { "HALF_UP", "HALF_EVEN", "HALF_DOWN", "UP", "DOWN", "CEILING", "FLOOR" };

/* Assert that @d still holds @expected (as a fraction): the "changes nothing" check. */
#define ck_assert_unchanged(d, expected) ck_assert_dec_eq(d, expected)

/* ---------------------------------------------------------------- parsing */

static const struct {
	const char *text;
	unsigned int flags;
	const char *value;
} parse_ok[] = {
	{ "0", 0, "0" },
	{ "-0", 0, "0" },
	{ "+0.000", 0, "0" },
	{ "0.1", 0, "1/10" },
	{ "-1234.50", 0, "-2469/2" },
	{ "+7", 0, "7" },
	{ "007.250", 0, "29/4" },
	{ "1,234.50", DS_DECIMAL_GROUPED, "2469/2" },
	{ "1,234,567.89", DS_DECIMAL_GROUPED, "123456789/100" },
	{ "-999", DS_DECIMAL_GROUPED, "-999" },
	{ "1234.5", DS_DECIMAL_GROUPED, "2469/2" },
	{ "1.5e3", DS_DECIMAL_EXPONENT, "1500" },
	{ "2E-2", DS_DECIMAL_EXPONENT, "1/50" },
	{ "-2.5e+1", DS_DECIMAL_EXPONENT, "-25" },
	{ "1e999", DS_DECIMAL_EXPONENT, NULL }, /* 1,000 digits written out: the most a literal has */
	{ "1/3", DS_DECIMAL_FRACTION, "1/3" },
	{ "-6/4", DS_DECIMAL_FRACTION, "-3/2" },
	{ "0/5", DS_DECIMAL_FRACTION, "0" },
	{ "0.1", DS_DECIMAL_FRACTION, "1/10" },
};

START_TEST(parse_accepts)
{
	size_t i;
	ds_decimal *d = NULL;

	ck_assert_ds_ok(ds_decimal_new(&d));
	for (i = 0; i < sizeof parse_ok / sizeof parse_ok[0]; i++) {
		ck_assert_msg(ds_decimal_parse(d, parse_ok[i].text, parse_ok[i].flags) == DS_OK, "'%s': %s",
			      parse_ok[i].text, ds_error_last()->message);
		if (parse_ok[i].value)
			ck_assert_dec_eq(d, parse_ok[i].value);
	}
	ds_decimal_free(d);
}
END_TEST

static const struct {
	const char *text;
	unsigned int flags;
	int code;
	int column;
} parse_bad[] = {
	{ "", 0, DS_EPARSE, 1 },
	{ "-", 0, DS_EPARSE, 2 },
	{ "+", 0, DS_EPARSE, 2 },
	{ " 1", 0, DS_EPARSE, 1 },
	{ "1 ", 0, DS_EPARSE, 2 },
	{ "1.", 0, DS_EPARSE, 3 },
	{ ".5", 0, DS_EPARSE, 1 },
	{ "1..2", 0, DS_EPARSE, 3 },
	{ "--1", 0, DS_EPARSE, 2 },
	{ "1,234.50", 0, DS_EPARSE, 2 },
	{ "12,34.5", DS_DECIMAL_GROUPED, DS_EPARSE, 6 },
	{ "1234,567", DS_DECIMAL_GROUPED, DS_EPARSE, 5 },
	{ "1,2345", DS_DECIMAL_GROUPED, DS_EPARSE, 6 },
	{ "1,,234", DS_DECIMAL_GROUPED, DS_EPARSE, 3 },
	{ ",123", DS_DECIMAL_GROUPED, DS_EPARSE, 1 },
	{ "1,234.5,6", DS_DECIMAL_GROUPED, DS_EPARSE, 8 },
	{ "1e3", 0, DS_EPARSE, 2 },
	{ "1e", DS_DECIMAL_EXPONENT, DS_EPARSE, 3 },
	{ "1e+", DS_DECIMAL_EXPONENT, DS_EPARSE, 4 },
	{ "1e1001", DS_DECIMAL_EXPONENT, DS_ERANGE, 3 },
	{ "1e-99999999999999999999", DS_DECIMAL_EXPONENT, DS_ERANGE, 4 },
	{ "1/3", 0, DS_EPARSE, 2 },
	{ "1/0", DS_DECIMAL_FRACTION, DS_EDIVZERO, 3 },
	{ "1/-3", DS_DECIMAL_FRACTION, DS_EPARSE, 3 },
	{ "1.5/3", DS_DECIMAL_FRACTION, DS_EPARSE, 4 },
	{ "1/3/4", DS_DECIMAL_FRACTION, DS_EPARSE, 4 },
	{ "¥12", 0, DS_EPARSE, 1 },
	{ "１２", 0, DS_EPARSE, 1 },
	{ "12元", 0, DS_EPARSE, 3 },
	{ "1\xff", 0, DS_EPARSE, 2 },
	{ "0x10", 0, DS_EPARSE, 2 },
	{ "NaN", 0, DS_EPARSE, 1 },
	{ "Infinity", 0, DS_EPARSE, 1 },
};

START_TEST(parse_rejects_and_changes_nothing)
{
	size_t i;
	ds_decimal *d = tu_dec("42.5");

	for (i = 0; i < sizeof parse_bad / sizeof parse_bad[0]; i++) {
		int rc = ds_decimal_parse(d, parse_bad[i].text, parse_bad[i].flags);
		ck_assert_msg(rc == parse_bad[i].code, "'%s': got %s, expected %s (%s)", parse_bad[i].text,
			      ds_strerror(rc), ds_strerror(parse_bad[i].code), ds_error_last()->message);
		ck_assert_msg(ds_error_last()->column == parse_bad[i].column, "'%s': column %d, expected %d (%s)",
			      parse_bad[i].text, ds_error_last()->column, parse_bad[i].column,
			      ds_error_last()->message);
		ck_assert_unchanged(d, "85/2");
	}
	ck_assert_ds_err(ds_decimal_parse(d, "1", 0x100), DS_EINVAL);
	ck_assert_ds_err(ds_decimal_parse(d, NULL, 0), DS_EINVAL);
	ck_assert_ds_err(ds_decimal_parse(NULL, "1", 0), DS_EINVAL);
	ck_assert_unchanged(d, "85/2");
	ds_decimal_free(d);
}
END_TEST

START_TEST(literal_limits)
{
	ds_decimal *d = tu_dec("1");
	char *text;

	text = tu_filled("", '9', DS_DECIMAL_MAX_LITERAL_DIGITS, "");
	ck_assert_ds_ok(ds_decimal_parse(d, text, 0));
	free(text);
	text = tu_filled("", '9', DS_DECIMAL_MAX_LITERAL_DIGITS + 1, "");
	ck_assert_ds_err(ds_decimal_parse(d, text, 0), DS_ERANGE);
	ck_assert_int_eq(ds_error_last()->column, DS_DECIMAL_MAX_LITERAL_DIGITS + 1);
	free(text);
	/* Leading zeros are not significant and cost nothing. */
	text = tu_filled("", '0', 100000, "1");
	ck_assert_ds_ok(ds_decimal_parse(d, text, 0));
	ck_assert_dec_eq(d, "1");
	free(text);
	/* Fractional digits are bounded too (their count sets the scale). */
	text = tu_filled("0.", '0', DS_DECIMAL_MAX_LITERAL_DIGITS - 1, "1");
	ck_assert_ds_ok(ds_decimal_parse(d, text, 0));
	free(text);
	text = tu_filled("0.", '0', DS_DECIMAL_MAX_LITERAL_DIGITS, "1");
	ck_assert_ds_err(ds_decimal_parse(d, text, 0), DS_ERANGE);
	free(text);
	ck_assert_ds_ok(ds_decimal_parse(d, "1e-1000", DS_DECIMAL_EXPONENT));
	ck_assert_ds_err(ds_decimal_parse(d, "1e-1001", DS_DECIMAL_EXPONENT), DS_ERANGE);
	/* Written out, a number must be a literal: 1,000 digits before and after
	 * the point (fuzz_decimal's first finding: "5e1000" printed 1,001 digits
	 * that nothing could read back). @d is left alone. */
	ck_assert_ds_ok(ds_decimal_parse(d, "7", 0));
	ck_assert_ds_err(ds_decimal_parse(d, "5e1000", DS_DECIMAL_EXPONENT), DS_ERANGE);
	ck_assert_str_eq(ds_error_last()->message,
			 "position 3: written out, the number has 1001 digits before the point, more than 1000");
	ck_assert_int_eq(ds_error_last()->column, 3);
	ck_assert_ds_err(ds_decimal_parse(d, "12.5e999", DS_DECIMAL_EXPONENT), DS_ERANGE);
	ck_assert_ds_err(ds_decimal_parse(d, "1.5e-1000", DS_DECIMAL_EXPONENT), DS_ERANGE);
	ck_assert_str_eq(ds_error_last()->message,
			 "position 5: written out, the number has 1001 digits after the point, more than 1000");
	ck_assert_dec_eq(d, "7");
	/* The bounds themselves, and zero with any exponent, are accepted, and
	 * print as text that reads back. */
	{
		static const char *const edge[] = { "9.99e997", "1e999",  "1e-1000",   "0.001e-997",
						    "0e1000",	"-5e999", "1.00e-999", "100e-1000" };
		size_t i;
		for (i = 0; i < sizeof edge / sizeof edge[0]; i++) {
			ds_decimal *back = tu_dec("0");
			ck_assert_msg(ds_decimal_parse(d, edge[i], DS_DECIMAL_EXPONENT) == DS_OK, "%s: %s", edge[i],
				      ds_error_last()->message);
			text = NULL;
			ck_assert_ds_ok(ds_decimal_to_string(&text, d, 0));
			ck_assert_msg(ds_decimal_parse(back, text, 0) == DS_OK, "%s printed does not read back: %s",
				      edge[i], ds_error_last()->message);
			ck_assert_int_eq(ds_decimal_cmp(back, d), 0);
			ds_free(text);
			ds_decimal_free(back);
		}
	}
	ds_decimal_free(d);
}
END_TEST

/* ---------------------------------------------------------------- arithmetic */

START_TEST(arithmetic_is_exact)
{
	ds_decimal *a = tu_dec("0.1"), *b = tu_dec("0.2"), *r = NULL, *third = tu_dec("1/3");

	ck_assert_ds_ok(ds_decimal_new(&r));
	ck_assert_ds_ok(ds_decimal_add(r, a, b));
	ck_assert_dec_eq(r, "3/10");
	ck_assert_ds_ok(ds_decimal_sub(r, a, b));
	ck_assert_dec_eq(r, "-1/10");
	ck_assert_ds_ok(ds_decimal_mul(r, a, b));
	ck_assert_dec_eq(r, "1/50");
	ck_assert_ds_ok(ds_decimal_div(r, a, b));
	ck_assert_dec_eq(r, "1/2");
	/* 1/3 × 3 is exactly 1, and 1/3 + 1/3 + 1/3 too. */
	ck_assert_ds_ok(ds_decimal_set_int64(b, 3));
	ck_assert_ds_ok(ds_decimal_mul(r, third, b));
	ck_assert_dec_eq(r, "1");
	ck_assert_ds_ok(ds_decimal_add(r, third, third));
	ck_assert_ds_ok(ds_decimal_add(r, r, third));
	ck_assert_dec_eq(r, "1");
	ck_assert_int_eq(ds_decimal_is_integer(r), 1);
	ck_assert_int_eq(ds_decimal_terminates(r), 1);
	/* Aliasing: the result may be an operand. */
	ck_assert_ds_ok(ds_decimal_add(a, a, a));
	ck_assert_dec_eq(a, "1/5");
	ck_assert_ds_ok(ds_decimal_mul(a, a, a));
	ck_assert_dec_eq(a, "1/25");
	ck_assert_ds_ok(ds_decimal_div(a, a, a));
	ck_assert_dec_eq(a, "1");
	ck_assert_ds_ok(ds_decimal_sub(a, a, a));
	ck_assert_dec_eq(a, "0");
	ck_assert_int_eq(ds_decimal_is_zero(a), 1);
	ds_decimal_free(a);
	ds_decimal_free(b);
	ds_decimal_free(r);
	ds_decimal_free(third);
}
END_TEST

START_TEST(division_by_zero_changes_nothing)
{
	ds_decimal *a = tu_dec("5"), *zero = tu_dec("0"), *r = tu_dec("7");

	ck_assert_ds_err(ds_decimal_div(r, a, zero), DS_EDIVZERO);
	ck_assert_unchanged(r, "7");
	ck_assert_ds_err(ds_decimal_pow(r, zero, -1), DS_EDIVZERO);
	ck_assert_unchanged(r, "7");
	ck_assert_ds_ok(ds_decimal_pow(r, zero, 0));
	ck_assert_dec_eq(r, "1");
	ck_assert_ds_ok(ds_decimal_pow(r, zero, 3));
	ck_assert_dec_eq(r, "0");
	ds_decimal_free(a);
	ds_decimal_free(zero);
	ds_decimal_free(r);
}
END_TEST

START_TEST(powers)
{
	static const struct {
		const char *base;
		long k;
		const char *value;
	} rows[] = {
		{ "1.1", -3, "1000/1331" }, { "1.1", 3, "1331/1000" }, { "-2", 3, "-8" },
		{ "-2", -3, "-1/8" },	    { "0.5", -2, "4" },	       { "2/3", 2, "4/9" },
		{ "-2/3", -1, "-3/2" },	    { "7", 0, "1" },	       { "10", 20, "100000000000000000000" },
	};
	size_t i;
	ds_decimal *r = NULL;

	ck_assert_ds_ok(ds_decimal_new(&r));
	for (i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		ds_decimal *x = tu_dec(rows[i].base);
		ck_assert_ds_ok(ds_decimal_pow(r, x, rows[i].k));
		ck_assert_dec_eq(r, rows[i].value);
		ds_decimal_free(x);
	}
	ds_decimal_free(r);
}
END_TEST

START_TEST(result_bounds)
{
	ds_decimal *x = tu_dec("1.0001"), *big = tu_dec("1e999"), *r = tu_dec("3"), *s = NULL;
	int i, rc = DS_OK;

	/* |k| ≤ 10,000 is accepted when the result is small enough... */
	ck_assert_ds_ok(ds_decimal_pow(r, x, DS_DECIMAL_MAX_POW));
	ck_assert_ds_ok(ds_decimal_pow(r, x, -DS_DECIMAL_MAX_POW));
	/* ...and refused past it, leaving the result alone. */
	ck_assert_ds_ok(ds_decimal_set_int64(r, 3));
	ck_assert_ds_err(ds_decimal_pow(r, x, DS_DECIMAL_MAX_POW + 1), DS_ERANGE);
	ck_assert_ds_err(ds_decimal_pow(r, x, -DS_DECIMAL_MAX_POW - 1), DS_ERANGE);
	ck_assert_ds_err(ds_decimal_pow(r, big, 200), DS_ERANGE);
	ck_assert_unchanged(r, "3");
	/* Repeated squaring must stop at the digit bound, not exhaust memory. */
	ck_assert_ds_ok(ds_decimal_dup(&s, big));
	for (i = 0; i < 40 && rc == DS_OK; i++)
		rc = ds_decimal_mul(s, s, s);
	ck_assert_int_eq(rc, DS_ERANGE);
	ck_assert_int_lt(i, 40);
	ds_decimal_free(x);
	ds_decimal_free(big);
	ds_decimal_free(r);
	ds_decimal_free(s);
}
END_TEST

START_TEST(compare_sign_min_max)
{
	ds_decimal *a = tu_dec("1/3"), *b = tu_dec("0.3333333333333333333333333333"), *r = NULL, *neg = tu_dec("-2.50");

	ck_assert_ds_ok(ds_decimal_new(&r));
	ck_assert_int_eq(ds_decimal_cmp(a, b), 1);
	ck_assert_int_eq(ds_decimal_cmp(b, a), -1);
	ck_assert_int_eq(ds_decimal_cmp(a, a), 0);
	ck_assert_int_eq(ds_decimal_cmp(neg, a), -1);
	ck_assert_int_eq(ds_decimal_sign(neg), -1);
	ck_assert_int_eq(ds_decimal_sign(a), 1);
	ck_assert_ds_ok(ds_decimal_min(r, a, b));
	ck_assert_dec_eq(r, "3333333333333333333333333333/10000000000000000000000000000");
	ck_assert_ds_ok(ds_decimal_max(r, a, neg));
	ck_assert_dec_eq(r, "1/3");
	ck_assert_ds_ok(ds_decimal_neg(r, neg));
	ck_assert_dec_eq(r, "5/2");
	ck_assert_ds_ok(ds_decimal_abs(r, neg));
	ck_assert_dec_eq(r, "5/2");
	ck_assert_int_eq(ds_decimal_is_integer(neg), 0);
	ck_assert_int_eq(ds_decimal_terminates(neg), 1);
	ck_assert_int_eq(ds_decimal_terminates(a), 0);
	/* Equal values written differently compare equal. */
	ds_decimal_parse(a, "2.500", 0);
	ds_decimal_parse(b, "5/2", DS_DECIMAL_FRACTION);
	ck_assert_int_eq(ds_decimal_cmp(a, b), 0);
	ds_decimal_free(a);
	ds_decimal_free(b);
	ds_decimal_free(r);
	ds_decimal_free(neg);
}
END_TEST

START_TEST(int64_conversion)
{
	ds_decimal *d = NULL;
	int64_t v = 5;

	ck_assert_ds_ok(ds_decimal_new(&d));
	ck_assert_ds_ok(ds_decimal_set_int64(d, INT64_MIN));
	ck_assert_dec_eq(d, "-9223372036854775808");
	ck_assert_ds_ok(ds_decimal_to_int64(&v, d));
	ck_assert(v == INT64_MIN);
	ck_assert_ds_ok(ds_decimal_set_int64(d, INT64_MAX));
	ck_assert_ds_ok(ds_decimal_to_int64(&v, d));
	ck_assert(v == INT64_MAX);
	ck_assert_ds_ok(ds_decimal_parse(d, "9223372036854775808", 0));
	v = 5;
	ck_assert_ds_err(ds_decimal_to_int64(&v, d), DS_ERANGE);
	ck_assert_ds_ok(ds_decimal_parse(d, "-9223372036854775809", 0));
	ck_assert_ds_err(ds_decimal_to_int64(&v, d), DS_ERANGE);
	ck_assert_ds_ok(ds_decimal_parse(d, "1e999", DS_DECIMAL_EXPONENT));
	ck_assert_ds_err(ds_decimal_to_int64(&v, d), DS_ERANGE);
	ck_assert_ds_ok(ds_decimal_parse(d, "1.5", 0));
	ck_assert_ds_err(ds_decimal_to_int64(&v, d), DS_EINEXACT);
	ck_assert(v == 5);
	ck_assert_ds_ok(ds_decimal_parse(d, "1.5e2", DS_DECIMAL_EXPONENT));
	ck_assert_ds_ok(ds_decimal_to_int64(&v, d));
	ck_assert(v == 150);
	ds_decimal_free(d);
}
END_TEST

/* ---------------------------------------------------------------- rounding */

/* domain/amounts.md's table, every mode, plus ties hidden behind long runs. */
static const struct {
	const char *value;
	int scale;
	const char *expected[7]; /* HALF_UP, HALF_EVEN, HALF_DOWN, UP, DOWN, CEILING, FLOOR */
} rounding_rows[] = {
	{ "2.345", 2, { "2.35", "2.34", "2.34", "2.35", "2.34", "2.35", "2.34" } },
	{ "-2.345", 2, { "-2.35", "-2.34", "-2.34", "-2.35", "-2.34", "-2.34", "-2.35" } },
	{ "2.355", 2, { "2.36", "2.36", "2.35", "2.36", "2.35", "2.36", "2.35" } },
	{ "-2.355", 2, { "-2.36", "-2.36", "-2.35", "-2.36", "-2.35", "-2.35", "-2.36" } },
	{ "2.3450000000000000000000001", 2, { "2.35", "2.35", "2.35", "2.35", "2.34", "2.35", "2.34" } },
	{ "-2.3450000000000000000000001", 2, { "-2.35", "-2.35", "-2.35", "-2.35", "-2.34", "-2.34", "-2.35" } },
	{ "2.3449999999999999999999999", 2, { "2.34", "2.34", "2.34", "2.35", "2.34", "2.35", "2.34" } },
	{ "0.5", 0, { "1", "0", "0", "1", "0", "1", "0" } },
	{ "1.5", 0, { "2", "2", "1", "2", "1", "2", "1" } },
	{ "-0.5", 0, { "-1", "0", "0", "-1", "0", "0", "-1" } },
	{ "-0.004", 2, { "0.00", "0.00", "0.00", "-0.01", "0.00", "0.00", "-0.01" } },
	{ "0.004", 2, { "0.00", "0.00", "0.00", "0.01", "0.00", "0.01", "0.00" } },
	{ "1/3", 2, { "0.33", "0.33", "0.33", "0.34", "0.33", "0.34", "0.33" } },
	{ "-2/3", 3, { "-0.667", "-0.667", "-0.667", "-0.667", "-0.666", "-0.666", "-0.667" } },
	{ "1/8", 2, { "0.13", "0.12", "0.12", "0.13", "0.12", "0.13", "0.12" } },
	{ "1234567.125",
	  2,
	  { "1234567.13", "1234567.12", "1234567.12", "1234567.13", "1234567.12", "1234567.13", "1234567.12" } },
	{ "7", 3, { "7.000", "7.000", "7.000", "7.000", "7.000", "7.000", "7.000" } },
	{ "0", 2, { "0.00", "0.00", "0.00", "0.00", "0.00", "0.00", "0.00" } },
};

START_TEST(rounding_modes)
{
	size_t i;
	int mode;
	ds_decimal *r = NULL, *check = NULL;

	ck_assert_ds_ok(ds_decimal_new(&r));
	ck_assert_ds_ok(ds_decimal_new(&check));
	for (i = 0; i < sizeof rounding_rows / sizeof rounding_rows[0]; i++) {
		ds_decimal *x = tu_dec(rounding_rows[i].value);
		for (mode = 0; mode < 7; mode++) {
			char *text = NULL;
			ck_assert_ds_ok(
				ds_decimal_to_string_scaled(&text, x, rounding_rows[i].scale, (ds_rounding)mode, 0));
			ck_assert_msg(strcmp(text, rounding_rows[i].expected[mode]) == 0, "%s %s: %s, expected %s",
				      rounding_rows[i].value, mode_names[mode], text, rounding_rows[i].expected[mode]);
			ds_free(text);
			/* ds_decimal_round gives the same value. */
			ck_assert_ds_ok(ds_decimal_round(r, x, rounding_rows[i].scale, (ds_rounding)mode));
			ck_assert_ds_ok(ds_decimal_parse(check, rounding_rows[i].expected[mode], 0));
			ck_assert_int_eq(ds_decimal_cmp(r, check), 0);
		}
		ds_decimal_free(x);
	}
	ds_decimal_free(r);
	ds_decimal_free(check);
}
END_TEST

START_TEST(rounding_arguments)
{
	ds_decimal *x = tu_dec("1.25"), *r = tu_dec("9");
	char *text = NULL;

	ck_assert_ds_err(ds_decimal_round(r, x, -1, DS_ROUND_HALF_UP), DS_EINVAL);
	ck_assert_ds_err(ds_decimal_round(r, x, DS_DECIMAL_MAX_SCALE + 1, DS_ROUND_HALF_UP), DS_EINVAL);
	ck_assert_ds_err(ds_decimal_round(r, x, 2, (ds_rounding)7), DS_EINVAL);
	ck_assert_ds_err(ds_decimal_round(r, x, 2, (ds_rounding)-1), DS_EINVAL);
	ck_assert_unchanged(r, "9");
	ck_assert_ds_err(ds_decimal_to_string_scaled(&text, x, -1, DS_ROUND_HALF_UP, 0), DS_EINVAL);
	ck_assert_ptr_null(text);
	/* Rounding in place. */
	ck_assert_ds_ok(ds_decimal_round(x, x, 1, DS_ROUND_HALF_EVEN));
	ck_assert_dec_eq(x, "6/5");
	ds_decimal_free(x);
	ds_decimal_free(r);
}
END_TEST

/* ---------------------------------------------------------------- text */

START_TEST(exact_text)
{
	static const struct {
		const char *value;
		unsigned int flags;
		const char *text;
	} rows[] = {
		{ "2.50", 0, "2.5" },
		{ "-3.000", 0, "-3" },
		{ "1/8", 0, "0.125" },
		{ "-0.0", 0, "0" },
		{ "1e3", 0, "1000" },
		{ "1.5e-3", 0, "0.0015" },
		{ "-1234567.5", DS_DECIMAL_GROUPED, "-1,234,567.5" },
		{ "123456", DS_DECIMAL_GROUPED, "123,456" },
		{ "0.001", DS_DECIMAL_GROUPED, "0.001" },
		{ "3/4", 0, "0.75" },
		{ "1/1024", 0, "0.0009765625" },
	};
	size_t i;

	for (i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		ds_decimal *x = tu_dec(rows[i].value);
		char *text = NULL;
		ck_assert_ds_ok(ds_decimal_to_string(&text, x, rows[i].flags));
		ck_assert_str_eq(text, rows[i].text);
		ds_free(text);
		ds_decimal_free(x);
	}
}
END_TEST

START_TEST(non_terminating_text)
{
	ds_decimal *x = tu_dec("1/3");
	char *text = NULL;

	ck_assert_ds_err(ds_decimal_to_string(&text, x, 0), DS_EINEXACT);
	ck_assert_ptr_null(text);
	ck_assert_msg(strstr(ds_error_last()->message, "scale") != NULL, "%s", ds_error_last()->message);
	ck_assert_ds_ok(ds_decimal_to_string_scaled(&text, x, 5, DS_ROUND_HALF_UP, 0));
	ck_assert_str_eq(text, "0.33333");
	ds_free(text);
	ck_assert_ds_ok(ds_decimal_to_fraction(&text, x));
	ck_assert_str_eq(text, "1/3");
	ds_free(text);
	ds_decimal_free(x);
}
END_TEST

START_TEST(scaled_text_grouped)
{
	ds_decimal *x = tu_dec("-1234567.891");
	char *text = NULL;

	ck_assert_ds_ok(ds_decimal_to_string_scaled(&text, x, 2, DS_ROUND_HALF_UP, DS_DECIMAL_GROUPED));
	ck_assert_str_eq(text, "-1,234,567.89");
	ds_free(text);
	ck_assert_ds_ok(ds_decimal_to_string_scaled(&text, x, 0, DS_ROUND_HALF_UP, DS_DECIMAL_GROUPED));
	ck_assert_str_eq(text, "-1,234,568");
	ds_free(text);
	ds_decimal_free(x);
}
END_TEST

/* Amounts in fen as yuan. The expected texts are worked out by hand:
 * INT64_MAX = 9223372036854775807 fen, INT64_MIN = -9223372036854775808 fen. */
static const struct {
	int64_t fen;
	const char *plain, *grouped;
} fen_texts[] = {
	{ 0, "0.00", "0.00" },
	{ 5, "0.05", "0.05" },
	{ -5, "-0.05", "-0.05" },
	{ 100, "1.00", "1.00" },
	{ 99999, "999.99", "999.99" },
	{ -100000, "-1000.00", "-1,000.00" },
	{ 123456789, "1234567.89", "1,234,567.89" },
	{ INT64_MAX, "92233720368547758.07", "92,233,720,368,547,758.07" },
	{ INT64_MIN, "-92233720368547758.08", "-92,233,720,368,547,758.08" },
};

START_TEST(fen_to_string)
{
	size_t i;
	ds_decimal *d = NULL, *hundred = tu_dec("100");
	char *text = NULL, *check = NULL;

	ck_assert_ds_ok(ds_decimal_new(&d));
	for (i = 0; i < sizeof fen_texts / sizeof fen_texts[0]; i++) {
		ck_assert_ds_ok(ds_decimal_fen_to_string(&text, fen_texts[i].fen, 0));
		ck_assert_str_eq(text, fen_texts[i].plain);
		/* The same through the exact decimal path: fen / 100 to two places. */
		ck_assert_ds_ok(ds_decimal_set_int64(d, fen_texts[i].fen));
		ck_assert_ds_ok(ds_decimal_div(d, d, hundred));
		ck_assert_ds_ok(ds_decimal_to_string_scaled(&check, d, 2, DS_ROUND_HALF_UP, 0));
		ck_assert_str_eq(text, check);
		ds_free(text);
		ds_free(check);
		ck_assert_ds_ok(ds_decimal_fen_to_string(&text, fen_texts[i].fen, DS_DECIMAL_GROUPED));
		ck_assert_str_eq(text, fen_texts[i].grouped);
		ck_assert_ds_ok(ds_decimal_to_string_scaled(&check, d, 2, DS_ROUND_HALF_UP, DS_DECIMAL_GROUPED));
		ck_assert_str_eq(text, check);
		ds_free(text);
		ds_free(check);
	}
	/* NULL out and unknown flags: DS_EINVAL, *out unchanged. */
	ck_assert_ds_err(ds_decimal_fen_to_string(NULL, 100, 0), DS_EINVAL);
	text = NULL;
	ck_assert_ds_err(ds_decimal_fen_to_string(&text, 100, DS_DECIMAL_EXPONENT), DS_EINVAL);
	ck_assert_ptr_null(text);
	ds_decimal_free(d);
	ds_decimal_free(hundred);
}
END_TEST

START_TEST(fraction_round_trip)
{
	static const char *const values[] = { "0", "-7", "1/3", "-22/7", "0.125", "123456789012345678901234567890/7" };
	size_t i;
	ds_decimal *back = NULL;

	ck_assert_ds_ok(ds_decimal_new(&back));
	for (i = 0; i < sizeof values / sizeof values[0]; i++) {
		ds_decimal *x = tu_dec(values[i]);
		char *text = NULL;
		ck_assert_ds_ok(ds_decimal_to_fraction(&text, x));
		ck_assert_ds_ok(ds_decimal_parse(back, text, DS_DECIMAL_FRACTION));
		ck_assert_int_eq(ds_decimal_cmp(back, x), 0);
		ds_free(text);
		ds_decimal_free(x);
	}
	ds_decimal_free(back);
}
END_TEST

/* ---------------------------------------------------------------- present value */

START_TEST(present_value_exact)
{
	ds_decimal *flows[3], *rate = tu_dec("0.1"), *r = NULL, *rates[3];
	char *text = NULL;

	flows[0] = tu_dec("110");
	flows[1] = tu_dec("121");
	flows[2] = tu_dec("133.1");
	ck_assert_ds_ok(ds_decimal_new(&r));
	/* 110/1.1 + 121/1.21 + 133.1/1.331 = 300 exactly. */
	ck_assert_ds_ok(ds_decimal_present_value(r, flows, 3, &rate, 1));
	ck_assert_dec_eq(r, "300");
	/* Per-period rates: 110/1.1 + 121/(1.1·1.2) + 133.1/(1.1·1.2·1.3). */
	rates[0] = tu_dec("0.1");
	rates[1] = tu_dec("0.2");
	rates[2] = tu_dec("0.3");
	ck_assert_ds_ok(ds_decimal_present_value(r, flows, 3, rates, 3));
	ck_assert_dec_eq(r, "3500/13");
	/* A non-terminating rate takes the general path and stays exact. */
	ds_decimal_parse(rates[1], "1/3", DS_DECIMAL_FRACTION);
	ck_assert_ds_ok(ds_decimal_present_value(r, flows, 3, rates, 3));
	ck_assert_ds_ok(ds_decimal_to_string_scaled(&text, r, 2, DS_ROUND_HALF_UP, 0));
	ck_assert_str_eq(text, "252.31");
	ds_free(text);
	ds_decimal_free(flows[0]);
	ds_decimal_free(flows[1]);
	ds_decimal_free(flows[2]);
	ds_decimal_free(rates[0]);
	ds_decimal_free(rates[1]);
	ds_decimal_free(rates[2]);
	ds_decimal_free(rate);
	ds_decimal_free(r);
}
END_TEST

START_TEST(present_value_errors)
{
	ds_decimal *flows[2], *rates[2], *r = tu_dec("5");

	flows[0] = tu_dec("100");
	flows[1] = tu_dec("100");
	rates[0] = tu_dec("-1");
	rates[1] = tu_dec("0.1");
	ck_assert_ds_err(ds_decimal_present_value(r, flows, 2, rates, 1), DS_ERANGE);
	ck_assert_ds_err(ds_decimal_present_value(r, flows, 2, rates, 2), DS_ERANGE);
	ck_assert_ds_err(ds_decimal_present_value(r, flows, 0, rates, 1), DS_EINVAL);
	ck_assert_ds_err(ds_decimal_present_value(r, flows, 2, (rates + 1), 3), DS_EINVAL);
	ck_assert_ds_err(ds_decimal_present_value(r, NULL, 2, rates, 1), DS_EINVAL);
	ck_assert_unchanged(r, "5");
	ds_decimal_free(flows[0]);
	ds_decimal_free(flows[1]);
	ds_decimal_free(rates[0]);
	ds_decimal_free(rates[1]);
	ds_decimal_free(r);
}
END_TEST

/* ---------------------------------------------------------------- batches */

/* A small deterministic generator (xorshift64*): the same cases on every run. */
static uint64_t batch_rng(uint64_t *state)
{
	*state ^= *state >> 12;
	*state ^= *state << 25;
	*state ^= *state >> 27;
	return *state * 2685821657736338717ULL;
}

/* ds_decimal_present_values() against ds_decimal_present_value() + ds_decimal_round()
 * one series at a time: amounts of 0 to 30 digits (past the 128-bit path), both
 * signs, 0 to 6 decimals; one rate, a rate per period (some non-terminating) or
 * per series and period; every mode and scales 0 to 4. */
START_TEST(present_values_differential)
{
	enum { COUNT = 40, N = 7 };
	ds_decimal *amounts[COUNT * N], *rates[COUNT * N], *out[COUNT], *one = NULL;
	ds_decimal *ref_sum = tu_dec("0"), *ref_den = tu_dec("1"), *ref_term = tu_dec("0");
	uint64_t state = 0x9E3779B97F4A7C15ULL;
	char text[64];
	size_t i, k, n_rates;
	int round_no, scale, mode;

	for (i = 0; i < COUNT * N; i++) {
		ck_assert_ds_ok(ds_decimal_new(&amounts[i]));
		ck_assert_ds_ok(ds_decimal_new(&rates[i]));
	}
	for (i = 0; i < COUNT; i++)
		ck_assert_ds_ok(ds_decimal_new(&out[i]));
	ck_assert_ds_ok(ds_decimal_new(&one));
	for (round_no = 0; round_no < 60; round_no++) {
		for (i = 0; i < COUNT * N; i++) {
			uint64_t r = batch_rng(&state);
			unsigned digits = (unsigned)(r % 31), decimals = (unsigned)((r >> 8) % 7), d;
			size_t at = 0;
			if ((r >> 16) & 1)
				text[at++] = '-';
			text[at++] = (char)('1' + (r >> 20) % 9);
			for (d = 1; d < digits; d++)
				text[at++] = (char)('0' + batch_rng(&state) % 10);
			text[at] = '\0';
			ck_assert_ds_ok(ds_decimal_parse(amounts[i], text, 0));
			snprintf(text, sizeof text, "1e-%u", decimals);
			ck_assert_ds_ok(ds_decimal_parse(one, text, DS_DECIMAL_EXPONENT));
			ck_assert_ds_ok(ds_decimal_mul(amounts[i], amounts[i], one));
			/* rates from -0.5 to 0.5 with up to 4 decimals, some p/q */
			if ((r >> 40) % 7 == 0) {
				snprintf(text, sizeof text, "%d/%u", (int)((r >> 44) % 9),
					 3u + (unsigned)((r >> 50) % 5) * 4u);
			} else {
				long units = (long)((r >> 44) % 10001) - 5000; /* −0.5000 to 0.5000 */
				snprintf(text, sizeof text, "%s0.%04ld", units < 0 ? "-" : "",
					 units < 0 ? -units : units);
			}
			ck_assert_ds_ok(ds_decimal_parse(rates[i], text, DS_DECIMAL_FRACTION));
		}
		n_rates = round_no % 3 == 0 ? 1 : round_no % 3 == 1 ? N : COUNT * N;
		scale = round_no % 5;
		mode = round_no % 7;
		ck_assert_ds_ok(
			ds_decimal_present_values(out, amounts, COUNT, N, rates, n_rates, scale, (ds_rounding)mode));
		for (k = 0; k < COUNT; k++) {
			ds_decimal *const *own = n_rates == COUNT * N ? rates + k * N : rates;
			char *want = NULL, *got = NULL;
			size_t t;
			ck_assert_ds_ok(ds_decimal_present_value(one, amounts + k * N, N, own,
								 n_rates == COUNT * N ? N : n_rates));
			/* The reference, op by op: Σ F_t / Π_{s<=t} (1 + i_s), no kernel of either function. */
			ck_assert_ds_ok(ds_decimal_set_int64(ref_sum, 0));
			ck_assert_ds_ok(ds_decimal_set_int64(ref_den, 1));
			for (t = 0; t < N; t++) {
				ck_assert_ds_ok(ds_decimal_set_int64(ref_term, 1));
				ck_assert_ds_ok(ds_decimal_add(ref_term, ref_term, own[n_rates == 1 ? 0 : t]));
				ck_assert_ds_ok(ds_decimal_mul(ref_den, ref_den, ref_term));
				ck_assert_ds_ok(ds_decimal_div(ref_term, amounts[k * N + t], ref_den));
				ck_assert_ds_ok(ds_decimal_add(ref_sum, ref_sum, ref_term));
			}
			ck_assert_msg(ds_decimal_cmp(one, ref_sum) == 0, "round %d series %zu: present_value differs",
				      round_no, k);
			ck_assert_ds_ok(ds_decimal_round(one, one, scale, (ds_rounding)mode));
			ck_assert_msg(ds_decimal_cmp(out[k], one) == 0, "round %d series %zu differs", round_no, k);
			/* Rounded by the formatter's own (GMP) path. */
			ck_assert_ds_ok(ds_decimal_to_string_scaled(&want, ref_sum, scale, (ds_rounding)mode, 0));
			ck_assert_ds_ok(ds_decimal_to_string_scaled(&got, out[k], scale, (ds_rounding)mode, 0));
			ck_assert_str_eq(got, want);
			ds_free(want);
			ds_free(got);
		}
	}
	for (i = 0; i < COUNT * N; i++) {
		ds_decimal_free(amounts[i]);
		ds_decimal_free(rates[i]);
	}
	for (i = 0; i < COUNT; i++)
		ds_decimal_free(out[i]);
	ds_decimal_free(one);
	ds_decimal_free(ref_sum);
	ds_decimal_free(ref_den);
	ds_decimal_free(ref_term);
}
END_TEST

START_TEST(present_values_cases)
{
	ds_decimal *flows[4], *rate = tu_dec("0.1"), *out[2];
	char *text = NULL;

	flows[0] = tu_dec("110");
	flows[1] = tu_dec("121");
	flows[2] = tu_dec("100");
	flows[3] = tu_dec("-100");
	out[0] = tu_dec("7");
	out[1] = tu_dec("8");
	/* 110/1.1 + 121/1.21 = 200; 100/1.1 − 100/1.21 = 8.264... */
	ck_assert_ds_ok(ds_decimal_present_values(out, flows, 2, 2, &rate, 1, 2, DS_ROUND_HALF_UP));
	ck_assert_ds_ok(ds_decimal_list_to_string_scaled(&text, out, 2, 2, DS_ROUND_HALF_UP, 0));
	ck_assert_str_eq(text, "200.00;8.26");
	ds_free(text);
	/* One series of four periods; a whole-yuan scale rounds the half up. */
	ck_assert_ds_ok(ds_decimal_present_values(out, flows, 1, 4, &rate, 1, 0, DS_ROUND_DOWN));
	ck_assert_dec_eq(out[0], "206");
	ck_assert_dec_eq(out[1], "413/50"); /* untouched: one series only */
	/* Ties and signs under every mode: 0.125 and −0.125 (rate 0) to two places. */
	{
		static const struct {
			ds_rounding mode;
			const char *pos, *neg;
		} ties[] = {
			{ DS_ROUND_HALF_UP, "13/100", "-13/100" }, { DS_ROUND_HALF_EVEN, "3/25", "-3/25" },
			{ DS_ROUND_HALF_DOWN, "3/25", "-3/25" },   { DS_ROUND_UP, "13/100", "-13/100" },
			{ DS_ROUND_DOWN, "3/25", "-3/25" },	   { DS_ROUND_CEILING, "13/100", "-3/25" },
			{ DS_ROUND_FLOOR, "3/25", "-13/100" },
		};
		ds_decimal *half[2] = { tu_dec("0.125"), tu_dec("-0.125") }, *zero = tu_dec("0");
		size_t k;
		for (k = 0; k < sizeof ties / sizeof ties[0]; k++) {
			ck_assert_ds_ok(ds_decimal_present_values(out, half, 2, 1, &zero, 1, 2, ties[k].mode));
			ck_assert_dec_eq(out[0], ties[k].pos);
			ck_assert_dec_eq(out[1], ties[k].neg);
		}
		ds_decimal_free(half[0]);
		ds_decimal_free(half[1]);
		ds_decimal_free(zero);
	}
	ds_decimal_free(flows[0]);
	ds_decimal_free(flows[1]);
	ds_decimal_free(flows[2]);
	ds_decimal_free(flows[3]);
	ds_decimal_free(out[0]);
	ds_decimal_free(out[1]);
	ds_decimal_free(rate);
}
END_TEST

START_TEST(present_values_errors)
{
	ds_decimal *flows[4], *rates[4], *out[2], *none[2] = { NULL, NULL };
	size_t i;

	for (i = 0; i < 4; i++)
		flows[i] = tu_dec("100");
	rates[0] = tu_dec("0.1");
	rates[1] = tu_dec("0.2");
	rates[2] = tu_dec("-1");
	rates[3] = tu_dec("0.1");
	out[0] = tu_dec("7");
	out[1] = tu_dec("8");
	ck_assert_ds_err(ds_decimal_present_values(NULL, flows, 2, 2, rates, 1, 2, DS_ROUND_HALF_UP), DS_EINVAL);
	ck_assert_ds_err(ds_decimal_present_values(out, NULL, 2, 2, rates, 1, 2, DS_ROUND_HALF_UP), DS_EINVAL);
	ck_assert_ds_err(ds_decimal_present_values(out, flows, 2, 2, NULL, 1, 2, DS_ROUND_HALF_UP), DS_EINVAL);
	ck_assert_ds_err(ds_decimal_present_values(out, flows, 0, 2, rates, 1, 2, DS_ROUND_HALF_UP), DS_EINVAL);
	ck_assert_ds_err(ds_decimal_present_values(out, flows, 2, 0, rates, 1, 2, DS_ROUND_HALF_UP), DS_EINVAL);
	ck_assert_ds_err(ds_decimal_present_values(out, flows, 2, 2, rates, 3, 2, DS_ROUND_HALF_UP), DS_EINVAL);
	ck_assert(strstr(ds_error_last()->message, "3 rates for 2 series of 2 periods") != NULL);
	ck_assert_ds_err(ds_decimal_present_values(out, flows, 2, 2, rates, 1, -1, DS_ROUND_HALF_UP), DS_EINVAL);
	ck_assert_ds_err(ds_decimal_present_values(out, flows, 2, 2, rates, 1, 2, (ds_rounding)7), DS_EINVAL);
	ck_assert_ds_err(ds_decimal_present_values(none, flows, 2, 2, rates, 1, 2, DS_ROUND_HALF_UP), DS_EINVAL);
	ck_assert(strstr(ds_error_last()->message, "output 1 is NULL") != NULL);
	ck_assert_ds_err(ds_decimal_present_values(out, (ds_decimal *const *)none, 1, 2, rates, 1, 2, DS_ROUND_HALF_UP),
			 DS_EINVAL);
	ck_assert(strstr(ds_error_last()->message, "series 1, period 1 is NULL") != NULL);
	ck_assert_ds_err(ds_decimal_present_values(out, flows, SIZE_MAX / 2, 3, rates, 1, 2, DS_ROUND_HALF_UP),
			 DS_ERANGE);
	/* Rate −1 in series 2, period 1 (rates per series and period): found before any output is written. */
	ck_assert_ds_err(ds_decimal_present_values(out, flows, 2, 2, rates, 4, 2, DS_ROUND_HALF_UP), DS_ERANGE);
	ck_assert(strstr(ds_error_last()->message, "series 2, period 1") != NULL);
	ck_assert_unchanged(out[0], "7");
	ck_assert_unchanged(out[1], "8");
	for (i = 0; i < 4; i++) {
		ds_decimal_free(flows[i]);
		ds_decimal_free(rates[i]);
	}
	ds_decimal_free(out[0]);
	ds_decimal_free(out[1]);
}
END_TEST

START_TEST(list_to_string)
{
	ds_decimal *items[4], **back = NULL;
	char *text = NULL;
	size_t n = 0, i;

	items[0] = tu_dec("1234567.125");
	items[1] = tu_dec("-0.005");
	items[2] = tu_dec("1/3");
	items[3] = tu_dec("0");
	ck_assert_ds_ok(ds_decimal_list_to_string_scaled(&text, items, 4, 2, DS_ROUND_HALF_UP, 0));
	ck_assert_str_eq(text, "1234567.13;-0.01;0.33;0.00");
	ds_free(text);
	ck_assert_ds_ok(ds_decimal_list_to_string_scaled(&text, items, 4, 2, DS_ROUND_HALF_EVEN, DS_DECIMAL_GROUPED));
	ck_assert_str_eq(text, "1,234,567.12;0.00;0.33;0.00");
	/* The list reader takes it back. */
	ck_assert_ds_ok(ds_decimal_parse_list(&back, &n, text, DS_DECIMAL_GROUPED));
	ck_assert_uint_eq(n, 4);
	ck_assert_dec_eq(back[0], "30864178/25");
	ds_decimal_list_free(back, n);
	ds_free(text);
	ck_assert_ds_ok(ds_decimal_list_to_string_scaled(&text, items, 0, 0, DS_ROUND_HALF_UP, 0));
	ck_assert_str_eq(text, "");
	ds_free(text);
	text = NULL;
	ck_assert_ds_err(ds_decimal_list_to_string_scaled(NULL, items, 1, 2, DS_ROUND_HALF_UP, 0), DS_EINVAL);
	ck_assert_ds_err(ds_decimal_list_to_string_scaled(&text, NULL, 1, 2, DS_ROUND_HALF_UP, 0), DS_EINVAL);
	ck_assert_ds_err(ds_decimal_list_to_string_scaled(&text, items, 1, 1001, DS_ROUND_HALF_UP, 0), DS_EINVAL);
	ck_assert_ds_err(ds_decimal_list_to_string_scaled(&text, items, 1, 2, DS_ROUND_HALF_UP, 0x2), DS_EINVAL);
	ck_assert_ptr_null(text);
	for (i = 0; i < 4; i++)
		ds_decimal_free(items[i]);
}
END_TEST

START_TEST(null_arguments)
{
	ds_decimal *x = tu_dec("1");
	char *text = NULL;
	int64_t v;

	ck_assert_ds_err(ds_decimal_new(NULL), DS_EINVAL);
	ck_assert_ds_err(ds_decimal_dup(NULL, x), DS_EINVAL);
	ck_assert_ds_err(ds_decimal_add(x, NULL, x), DS_EINVAL);
	ck_assert_ds_err(ds_decimal_sub(NULL, x, x), DS_EINVAL);
	ck_assert_ds_err(ds_decimal_mul(x, x, NULL), DS_EINVAL);
	ck_assert_ds_err(ds_decimal_div(x, NULL, x), DS_EINVAL);
	ck_assert_ds_err(ds_decimal_pow(NULL, x, 2), DS_EINVAL);
	ck_assert_ds_err(ds_decimal_round(x, NULL, 2, DS_ROUND_HALF_UP), DS_EINVAL);
	ck_assert_ds_err(ds_decimal_to_string(NULL, x, 0), DS_EINVAL);
	ck_assert_ds_err(ds_decimal_to_string(&text, NULL, 0), DS_EINVAL);
	ck_assert_ds_err(ds_decimal_to_fraction(&text, NULL), DS_EINVAL);
	ck_assert_ds_err(ds_decimal_to_int64(&v, NULL), DS_EINVAL);
	ck_assert_ds_err(ds_decimal_set_int64(NULL, 1), DS_EINVAL);
	ck_assert_int_eq(ds_decimal_sign(NULL), 0);
	ck_assert_int_eq(ds_decimal_is_zero(NULL), 0);
	ck_assert_dec_eq(x, "1");
	ds_decimal_free(x);
}
END_TEST

/* ---------------------------------------------------------------- rates, lists */

START_TEST(percent_and_rate)
{
	ds_decimal *d = tu_dec("42.5");

	ck_assert_ds_ok(ds_decimal_parse(d, "12.5%", DS_DECIMAL_PERCENT));
	ck_assert_dec_eq(d, "1/8");
	ck_assert_ds_ok(ds_decimal_parse(d, "1e1%", DS_DECIMAL_PERCENT | DS_DECIMAL_EXPONENT));
	ck_assert_dec_eq(d, "1/10");
	ck_assert_ds_ok(ds_decimal_parse(d, "0.1", DS_DECIMAL_RATE));
	ck_assert_dec_eq(d, "1/10");
	ck_assert_ds_ok(ds_decimal_parse(d, "1", DS_DECIMAL_RATE)); /* 100 % is not above 1 */
	ck_assert_dec_eq(d, "1");
	ck_assert_ds_ok(ds_decimal_parse(d, "1000%", DS_DECIMAL_RATE));
	ck_assert_dec_eq(d, "10");
	ck_assert_ds_ok(ds_decimal_parse(d, "10", DS_DECIMAL_RATE | DS_DECIMAL_RATE_ABOVE_1));
	ck_assert_dec_eq(d, "10");
	ck_assert_ds_ok(ds_decimal_parse(d, "-5", DS_DECIMAL_RATE));
	ck_assert_dec_eq(d, "-5");

	/* the guard: "10" for ten per cent is refused, and d is unchanged */
	ck_assert_ds_ok(ds_decimal_parse(d, "42.5", 0));
	ck_assert_ds_err(ds_decimal_parse(d, "10", DS_DECIMAL_RATE), DS_ERANGE);
	ck_assert_str_eq(ds_error_last()->message,
			 "rate 10 is above 1, that is 1000 %; write 10% for a percentage, or mark a rate above 1 "
			 "as intended");
	ck_assert_unchanged(d, "85/2");
	ck_assert_ds_err(ds_decimal_parse(d, "1.5e0", DS_DECIMAL_RATE | DS_DECIMAL_EXPONENT), DS_ERANGE);
	ck_assert_str_eq(ds_error_last()->message,
			 "rate 1.5e0 is above 1, that is 150 %; write 1.5e0% for a percentage, or mark a rate above "
			 "1 as intended");
	ck_assert_unchanged(d, "85/2");
	/* '%' only with the flag, and only at the end */
	ck_assert_ds_err(ds_decimal_parse(d, "5%", 0), DS_EPARSE);
	ck_assert_ds_err(ds_decimal_parse(d, "%", DS_DECIMAL_PERCENT), DS_EPARSE);
	ck_assert_str_eq(ds_error_last()->message, "empty number");
	ck_assert_ds_err(ds_decimal_parse(d, "5%%", DS_DECIMAL_PERCENT), DS_EPARSE);
	ck_assert_int_eq(ds_error_last()->column, 2);
	ck_assert_unchanged(d, "85/2");
	ds_decimal_free(d);
}
END_TEST

START_TEST(list_separators)
{
	static const struct {
		const char *text;
		unsigned int flags;
		const char *items[4];
	} good[] = {
		{ "1;2;3", 0, { "1", "2", "3", NULL } },
		{ "1 2\t3", 0, { "1", "2", "3", NULL } },
		{ " 1 ; 2 ;3 ", 0, { "1", "2", "3", NULL } },
		{ "1,000,000", DS_DECIMAL_GROUPED, { "1000000", NULL } }, /* one grouped amount, read whole */
		{ "1,000,000;1,200,000", DS_DECIMAL_GROUPED, { "1000000", "1200000", NULL } },
		{ "1e-3 1.5E+6", DS_DECIMAL_EXPONENT, { "1/1000", "1500000", NULL } },
		{ "10%;12.5%", DS_DECIMAL_RATE, { "1/10", "1/8", NULL } },
	};
	static const struct {
		const char *text;
		unsigned int flags;
		int code, column;
		const char *message;
	} bad[] = {
		{ "1,000,000", 0, DS_EPARSE, 2,
		  "item 1 '1,000,000': position 2: unexpected ',', expected a digit or the end of the number (items are "
		  "separated by ';' or blanks; ',' only groups digits in threes)" },
		{ "1000000,1200000", DS_DECIMAL_GROUPED, DS_EPARSE, 8,
		  "item 1 '1000000,1200000': position 8: unexpected ',', digit groups must have three digits (items are "
		  "separated by ';' or blanks; ',' only groups digits in threes)" },
		{ "1; 2x", 0, DS_EPARSE, 5,
		  "item 2 '2x': position 2: unexpected 'x', expected a digit or the end of the number" },
		{ "1;;2", 0, DS_EPARSE, 3, "position 3: item 2 is empty" },
		{ "1;", 0, DS_EPARSE, 3, "position 3: item 2 is empty" },
		{ ";1", 0, DS_EPARSE, 1, "position 1: item 1 is empty" },
		{ "", 0, DS_EPARSE, 1, "empty list" },
		{ " \t", 0, DS_EPARSE, 3, "empty list" },
		{ "0.1 10", DS_DECIMAL_RATE, DS_ERANGE, 5,
		  "item 2 '10': rate 10 is above 1, that is 1000 %; write 10% for a percentage, or mark a rate above 1 "
		  "as intended" },
		{ "1e1001", DS_DECIMAL_EXPONENT, DS_ERANGE, 3,
		  "item 1 '1e1001': position 3: exponent magnitude exceeds 1000" },
	};
	ds_decimal **list = NULL, **untouched = (ds_decimal **)&list;
	size_t i, j, n = 0;

	for (i = 0; i < sizeof good / sizeof good[0]; i++) {
		ck_assert_msg(ds_decimal_parse_list(&list, &n, good[i].text, good[i].flags) == DS_OK, "'%s': %s",
			      good[i].text, ds_error_last()->message);
		for (j = 0; good[i].items[j]; j++) {
			ck_assert_uint_lt(j, n);
			ck_assert_dec_eq(list[j], good[i].items[j]);
		}
		ck_assert_uint_eq(j, n);
		ds_decimal_list_free(list, n);
	}
	for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		list = untouched;
		n = 7;
		ck_assert_ds_err(ds_decimal_parse_list(&list, &n, bad[i].text, bad[i].flags), bad[i].code);
		ck_assert_str_eq(ds_error_last()->message, bad[i].message);
		ck_assert_msg(ds_error_last()->column == bad[i].column, "'%s': column %d, expected %d", bad[i].text,
			      ds_error_last()->column, bad[i].column);
		ck_assert_ptr_eq(list, untouched);
		ck_assert_uint_eq(n, 7);
	}
	ck_assert_ds_err(ds_decimal_parse_list(NULL, &n, "1", 0), DS_EINVAL);
	ck_assert_ds_err(ds_decimal_parse_list(&list, NULL, "1", 0), DS_EINVAL);
	ck_assert_ds_err(ds_decimal_parse_list(&list, &n, NULL, 0), DS_EINVAL);
	ck_assert_ds_err(ds_decimal_parse_list(&list, &n, "1", 0x1000), DS_EINVAL);
	ds_decimal_list_free(NULL, 3);
}
END_TEST

START_TEST(list_limit)
{
	size_t count = DS_DECIMAL_MAX_LIST_ITEMS + 1, i, n = 0;
	char *text = malloc(2 * count);
	ds_decimal **list = NULL;

	ck_assert_ptr_nonnull(text);
	for (i = 0; i < count; i++) {
		text[2 * i] = '1';
		text[2 * i + 1] = ';';
	}
	text[2 * count - 1] = '\0';
	ck_assert_ds_err(ds_decimal_parse_list(&list, &n, text, 0), DS_ERANGE);
	ck_assert_str_eq(ds_error_last()->message, "more than 100000 items");
	ck_assert_ptr_null(list);
	text[2 * count - 3] = '\0';
	ck_assert_ds_ok(ds_decimal_parse_list(&list, &n, text, 0));
	ck_assert_uint_eq(n, DS_DECIMAL_MAX_LIST_ITEMS);
	ds_decimal_list_free(list, n);
	free(text);
}
END_TEST

static Suite *suite(void)
{
	Suite *s = suite_create("decimal");
	TCase *tc = tcase_create("decimal");

	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, parse_accepts);
	tcase_add_test(tc, parse_rejects_and_changes_nothing);
	tcase_add_test(tc, literal_limits);
	tcase_add_test(tc, arithmetic_is_exact);
	tcase_add_test(tc, division_by_zero_changes_nothing);
	tcase_add_test(tc, powers);
	tcase_add_test(tc, result_bounds);
	tcase_add_test(tc, compare_sign_min_max);
	tcase_add_test(tc, int64_conversion);
	tcase_add_test(tc, rounding_modes);
	tcase_add_test(tc, rounding_arguments);
	tcase_add_test(tc, exact_text);
	tcase_add_test(tc, non_terminating_text);
	tcase_add_test(tc, scaled_text_grouped);
	tcase_add_test(tc, fen_to_string);
	tcase_add_test(tc, fraction_round_trip);
	tcase_add_test(tc, present_value_exact);
	tcase_add_test(tc, present_value_errors);
	tcase_add_test(tc, present_values_differential);
	tcase_add_test(tc, present_values_cases);
	tcase_add_test(tc, present_values_errors);
	tcase_add_test(tc, list_to_string);
	tcase_add_test(tc, null_arguments);
	tcase_add_test(tc, percent_and_rate);
	tcase_add_test(tc, list_separators);
	tcase_add_test(tc, list_limit);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return tu_run(suite());
}
