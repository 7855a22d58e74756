/*
 * ds_decimal_eval: values, precedence, associativity, limits and errors.
 * SPDX-License-Identifier: MIT
 */
#include "testutil.h"

/* ---------------------------------------------------------------- values */

static const struct {
	const char *expr;
	const char *expected; /* as ds_decimal_to_fraction() writes it */
} values[] = {
	/* literals */
	{ "0", "0" },
	{ "007", "7" },
	{ "0.000", "0" },
	{ "1.50", "3/2" },
	{ "0.1", "1/10" },
	{ "12345678901234567890", "12345678901234567890" },
	/* precedence */
	{ "1+2", "3" },
	{ "1+2*3", "7" },
	{ "(1+2)*3", "9" },
	{ "2*3+4*5", "26" },
	{ "1+2^3*2", "17" },
	{ "2*3^2", "18" },
	{ "0.1+0.2", "3/10" },
	{ "1/3", "1/3" },
	{ "1/3+1/6", "1/2" },
	{ "1/7*7", "1" },
	{ "12345678901234567890*98765432109876543210", "1219326311370217952237463801111263526900" },
	/* left associativity of + - * / */
	{ "10-4-3", "3" },
	{ "3-5", "-2" },
	{ "100/10/5", "2" },
	{ "2*3/4", "3/2" },
	{ "1-2+3", "2" },
	/* '^': right-associative, tighter than unary minus, integer exponents */
	{ "2^10", "1024" },
	{ "2^3^2", "512" },
	{ "(2^3)^2", "64" },
	{ "-2^2", "-4" },
	{ "(-2)^2", "4" },
	{ "-2^3", "-8" },
	{ "(-2)^3", "-8" },
	{ "2^-2", "1/4" },
	{ "2^-3^2", "1/512" },
	{ "-2^-2", "-1/4" },
	{ "1.1^-3", "1000/1331" },
	{ "0.5^-2", "4" },
	{ "2^-1*4", "2" },
	{ "0^0", "1" },
	{ "0^5", "0" },
	{ "2^(6/3)", "4" },
	{ "2^(1-1)", "1" },
	{ "2^2.0", "4" },
	{ "10^-3", "1/1000" },
	/* unary signs */
	{ "-1", "-1" },
	{ "+5", "5" },
	{ "--2", "2" },
	{ "-+-2", "2" },
	{ "- - - 2", "-2" },
	{ "-(2+3)", "-5" },
	{ "2*-3", "-6" },
	{ "2--3", "5" },
	{ "2/-4", "-1/2" },
	{ "-0", "0" },
	/* nesting */
	{ "((((1))))", "1" },
	{ "((1+2)*(3+4))/((5))", "21/5" },
	{ "2*(3+(4-(5*(6/(7)))))", "38/7" },
	/* whitespace */
	{ " 1 +\t2 ", "3" },
	{ "\t( 1+ 2 ) *3\t", "9" },
	{ "2 ^ - 1", "1/2" },
	/* exponent literals (DS_DECIMAL_EXPONENT), as ds_decimal_parse reads them */
	{ "1e-3", "1/1000" },
	{ "1.5E+6", "1500000" },
	{ "1.5e6*2", "3000000" },
	{ "-2.5e-1", "-1/4" },
	{ "1e3^2", "1000000" },
	{ "2e-3^1", "1/500" },
	{ "0e1000", "0" },
	{ "1e999/1e999", "1" },
	{ "1E0", "1" },
};

START_TEST(eval_value)
{
	ds_decimal *r = NULL;

	ck_assert_ds_ok(ds_decimal_new(&r));
	ck_assert_msg(ds_decimal_eval(r, values[_i].expr) == DS_OK, "'%s': %s", values[_i].expr,
		      ds_error_last()->message);
	ck_assert_dec_eq(r, values[_i].expected);
	ds_decimal_free(r);
}
END_TEST

/* ---------------------------------------------------------------- errors */

static const struct {
	const char *expr;
	int code;
	int column; /* 1-based character position in ds_error_last() */
} errors[] = {
	{ "", DS_EPARSE, 1 },
	{ "   ", DS_EPARSE, 1 },
	{ "1+", DS_EPARSE, 3 },
	{ "(1", DS_EPARSE, 3 },
	{ "1)", DS_EPARSE, 2 },
	{ "(1+2))", DS_EPARSE, 6 },
	{ "()", DS_EPARSE, 2 },
	{ "1 2", DS_EPARSE, 3 },
	{ "1*/2", DS_EPARSE, 3 },
	{ "2^", DS_EPARSE, 3 },
	{ "1/0", DS_EDIVZERO, 2 },
	{ "1/(2-2)", DS_EDIVZERO, 2 },
	{ "1 + 1 / 0.000", DS_EDIVZERO, 7 },
	{ "2^0.5", DS_EINVAL, 2 },
	{ "2^(1/2)", DS_EINVAL, 2 },
	{ "0^-1", DS_EDIVZERO, 2 },
	{ "1..2", DS_EPARSE, 3 },
	{ "1.", DS_EPARSE, 3 },
	{ "1.+2", DS_EPARSE, 3 },
	{ ".5", DS_EPARSE, 1 },
	{ "3*.5", DS_EPARSE, 3 },
	{ "abc", DS_EPARSE, 1 },
	{ "1e", DS_EPARSE, 2 }, /* 'e' without digits is not an exponent */
	{ "1e+", DS_EPARSE, 2 },
	{ "1e1001", DS_ERANGE, 3 }, /* the literal exponent bound of decimal.h */
	{ "1e-1001", DS_ERANGE, 4 },
	{ "1.e3", DS_EPARSE, 3 },
	{ "2E3.5", DS_EPARSE, 4 },
	{ "1,5", DS_EPARSE, 2 }, /* no grouping either */
	{ "2**3", DS_EPARSE, 3 },
	{ "2^10001", DS_ERANGE, 2 },
	{ "2^-10001", DS_ERANGE, 2 },
	{ "2^100000000000000000000000", DS_ERANGE, 2 },
	{ "9^9^9", DS_ERANGE, 2 },	    /* 9^9 is fine, 9^387420489 is not */
	{ "\xef\xbc\x91+1", DS_EPARSE, 1 }, /* full-width 1 */
	{ "1+\xef\xbc\x91", DS_EPARSE, 3 }, /* positions count characters, not bytes */
	{ "(\xe4\xb8\x80)", DS_EPARSE, 2 },
	{ "1+\xff", DS_EPARSE, 3 }, /* invalid UTF-8 */
	{ "1\n", DS_EPARSE, 2 },    /* only spaces and tabs are blanks */
};

START_TEST(eval_error)
{
	ds_decimal *r = NULL;
	int rc;

	ck_assert_ds_ok(ds_decimal_new(&r));
	ck_assert_ds_ok(ds_decimal_set_int64(r, 42));
	rc = ds_decimal_eval(r, errors[_i].expr);
	ck_assert_msg(rc == errors[_i].code, "'%s' returned %s, expected %s (%s)", errors[_i].expr, ds_strerror(rc),
		      ds_strerror(errors[_i].code), ds_error_last()->message);
	ck_assert_int_eq(ds_error_last()->code, errors[_i].code);
	ck_assert_msg(ds_error_last()->column == errors[_i].column, "'%s': column %d, expected %d (%s)",
		      errors[_i].expr, ds_error_last()->column, errors[_i].column, ds_error_last()->message);
	ck_assert_dec_eq(r, "42");
	ds_decimal_free(r);
}
END_TEST

/* The message names the position the way the CLI shows it. */
START_TEST(eval_messages)
{
	static const struct {
		const char *expr;
		const char *message;
	} cases[] = {
		{ "(1+2))", "position 6: unexpected ')'" },
		{ "1+", "position 3: unexpected end of expression, expected a number or '('" },
		{ "(1", "position 3: unexpected end of expression, expected ')'" },
		{ "", "position 1: empty expression" },
		{ "1/0", "position 2: division by zero" },
		{ "2^0.5", "position 2: exponent must be an integer" },
		{ "1..2", "position 3: unexpected '.', expected a digit after '.'" },
		{ "1e", "position 2: unexpected 'e'" },
		{ "1e1001", "position 3: exponent magnitude exceeds 1000" },
	};
	ds_decimal *r = NULL;
	size_t i;

	ck_assert_ds_ok(ds_decimal_new(&r));
	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		ck_assert(ds_decimal_eval(r, cases[i].expr) < 0);
		ck_assert_str_eq(ds_error_last()->message, cases[i].message);
	}
	ds_decimal_free(r);
}
END_TEST

/* ---------------------------------------------------------------- limits */

/* Evaluate @expr into a decimal holding 42 and check the code, the column
 * (unless @column is -1) and the value afterwards. */
static void check_limit(const char *expr, int code, int column, const char *expected)
{
	ds_decimal *r = NULL;
	int rc;

	ck_assert_ds_ok(ds_decimal_new(&r));
	ck_assert_ds_ok(ds_decimal_set_int64(r, 42));
	rc = ds_decimal_eval(r, expr);
	ck_assert_msg(rc == code, "returned %s, expected %s (%s)", ds_strerror(rc), ds_strerror(code),
		      ds_error_last()->message);
	if (code != DS_OK && column != -1)
		ck_assert_int_eq(ds_error_last()->column, column);
	ck_assert_dec_eq(r, expected);
	ds_decimal_free(r);
}

/* "((...(1)...))" with @depth pairs of parentheses. */
static char *nested(int depth)
{
	char *s = malloc((size_t)depth * 2 + 2);
	int i;

	ck_assert_ptr_nonnull(s);
	for (i = 0; i < depth; i++) {
		s[i] = '(';
		s[depth + 1 + i] = ')';
	}
	s[depth] = '1';
	s[2 * depth + 1] = '\0';
	return s;
}

START_TEST(nesting_limit)
{
	char *s = nested(200);

	check_limit(s, DS_OK, 0, "1");
	free(s);
	s = nested(201);
	check_limit(s, DS_ERANGE, 201, "42");
	free(s);
}
END_TEST

/* Exponents nest too: "1^1^...^1" with 200 carets is fine, 201 is too deep. */
START_TEST(exponent_chain_limit)
{
	char s[2 * 201 + 2];
	int i;

	for (i = 0; i < 200; i++)
		memcpy(s + 2 * i, "1^", 2);
	strcpy(s + 2 * 200, "1");
	check_limit(s, DS_OK, 0, "1");
	for (i = 0; i < 201; i++)
		memcpy(s + 2 * i, "1^", 2);
	strcpy(s + 2 * 201, "1");
	check_limit(s, DS_ERANGE, 402, "42");
}
END_TEST

/* Signs are not nesting: thousands of them are fine within the length limit. */
START_TEST(many_signs)
{
	char s[5002];

	memset(s, '-', 5000);
	strcpy(s + 5000, "7");
	check_limit(s, DS_OK, 0, "7");
	s[0] = '+';
	check_limit(s, DS_OK, 0, "-7");
}
END_TEST

/* 10,000 characters is the limit; the 10,001st is refused wherever it is. */
START_TEST(length_limit)
{
	char *s = malloc(10002);
	int i;

	ck_assert_ptr_nonnull(s);
	s[0] = '1';
	for (i = 1; i < 9999; i += 2)
		memcpy(s + i, "+1", 2);
	s[9999] = ' ';
	s[10000] = '\0';
	check_limit(s, DS_OK, 0, "5000");
	s[10000] = ' ';
	s[10001] = '\0';
	check_limit(s, DS_ERANGE, 10001, "42");
	free(s);
}
END_TEST

/* A literal obeys ds_decimal_parse's limits, reported at its place in the expression. */
START_TEST(literal_limit)
{
	char s[2 + DS_DECIMAL_MAX_LITERAL_DIGITS + 2];

	memcpy(s, "0*", 2);
	memset(s + 2, '9', DS_DECIMAL_MAX_LITERAL_DIGITS);
	s[2 + DS_DECIMAL_MAX_LITERAL_DIGITS] = '\0';
	check_limit(s, DS_OK, 0, "0");
	s[2 + DS_DECIMAL_MAX_LITERAL_DIGITS] = '9';
	s[2 + DS_DECIMAL_MAX_LITERAL_DIGITS + 1] = '\0';
	check_limit(s, DS_ERANGE, 2 + DS_DECIMAL_MAX_LITERAL_DIGITS + 1, "42");
}
END_TEST

/* A result past DS_DECIMAL_MAX_DIGITS is refused at the operator that makes it. */
START_TEST(result_limit)
{
	check_limit("7^10000 * 7^10000 * 7^10000 * 7^10000 * 7^10000 * 7^10000 * 7^10000 * 7^10000 * 7^10000 * "
		    "7^10000 * 7^10000 * 7^10000 * 7^10000",
		    DS_ERANGE, -1, "42");
	ck_assert_int_gt(ds_error_last()->column, 1);
	ck_assert_msg(strncmp(ds_error_last()->message, "position ", 9) == 0, "%s", ds_error_last()->message);
}
END_TEST

/* ---------------------------------------------------------------- API */

START_TEST(null_arguments)
{
	ds_decimal *r = tu_dec("42");

	ck_assert_ds_err(ds_decimal_eval(NULL, "1"), DS_EINVAL);
	ck_assert_ds_err(ds_decimal_eval(r, NULL), DS_EINVAL);
	ck_assert_dec_eq(r, "42");
	ds_decimal_free(r);
}
END_TEST

/* The result object is overwritten, not accumulated into, and is reusable after an error. */
START_TEST(reuse)
{
	ds_decimal *r = tu_dec("42");

	ck_assert_ds_ok(ds_decimal_eval(r, "1/3"));
	ck_assert_dec_eq(r, "1/3");
	ck_assert_ds_err(ds_decimal_eval(r, "1/0"), DS_EDIVZERO);
	ck_assert_dec_eq(r, "1/3");
	ck_assert_ds_ok(ds_decimal_eval(r, "2.5*2"));
	ck_assert_dec_eq(r, "5");
	ds_decimal_free(r);
}
END_TEST

static Suite *suite(void)
{
	Suite *s = suite_create("expr");
	TCase *tc;

	tc = tcase_create("values");
	tcase_add_loop_test(tc, eval_value, 0, (int)(sizeof values / sizeof values[0]));
	suite_add_tcase(s, tc);

	tc = tcase_create("errors");
	tcase_add_loop_test(tc, eval_error, 0, (int)(sizeof errors / sizeof errors[0]));
	tcase_add_test(tc, eval_messages);
	suite_add_tcase(s, tc);

	tc = tcase_create("limits");
	tcase_set_timeout(tc, 30);
	tcase_add_test(tc, nesting_limit);
	tcase_add_test(tc, exponent_chain_limit);
	tcase_add_test(tc, many_signs);
	tcase_add_test(tc, length_limit);
	tcase_add_test(tc, literal_limit);
	tcase_add_test(tc, result_limit);
	suite_add_tcase(s, tc);

	tc = tcase_create("api");
	tcase_add_test(tc, null_arguments);
	tcase_add_test(tc, reuse);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return tu_run(suite());
}
