/*
 * Internals the policy module relies on: the extended expression language of
 * lib/decimal/expr.c (names, comparisons, and/or/not, min/max; compile once,
 * run many times), and the awards document against schemas/awards.xsd.
 * SPDX-License-Identifier: MIT
 */
#include "config.h"

#include "testutil.h"

#include "internal/decimal.h"
#include "internal/xml.h"

/* Names a, b, c, flag.x are slots 0..3; anything else is unknown. */
static int resolve(void *ctx, const char *name, size_t len)
{
	static const char *const names[] = { "a", "b", "c", "flag.x" };
	size_t i;

	(void)ctx;
	for (i = 0; i < 4; i++)
		if (strlen(names[i]) == len && memcmp(names[i], name, len) == 0)
			return (int)i;
	return DS_EINVAL;
}

/* Compile @text, run it with a = 2, b = 3/2, c = 0, flag.x = 1, and give the result as a fraction. */
static int run(const char *text, char **out)
{
	ds__expr *e = NULL;
	ds_decimal *vars[4], *stack[64], *r = NULL;
	size_t i, need = 0;
	int rc;

	for (i = 0; i < 4; i++)
		ck_assert_ds_ok(ds_decimal_new(&vars[i]));
	ck_assert_ds_ok(ds_decimal_set_int64(vars[0], 2));
	ck_assert_ds_ok(ds_decimal_parse(vars[1], "1.5", 0));
	ck_assert_ds_ok(ds_decimal_set_int64(vars[3], 1));
	ck_assert_ds_ok(ds_decimal_new(&r));
	ck_assert_ds_ok(ds_decimal_set_int64(r, 42));
	rc = ds__expr_compile(&e, text, resolve, NULL);
	if (rc == DS_OK) {
		need = ds__expr_stack_need(e);
		ck_assert_uint_le(need, 64);
		for (i = 0; i < need; i++)
			ck_assert_ds_ok(ds_decimal_new(&stack[i]));
		rc = ds__expr_eval(r, e, (const ds_decimal *const *)vars, stack);
		if (rc != DS_OK)
			ck_assert_dec_eq(r, "42"); /* unchanged on failure */
		ck_assert_str_eq(ds__expr_text(e), text);
	}
	if (rc == DS_OK)
		ck_assert_ds_ok(ds_decimal_to_fraction(out, r));
	for (i = 0; i < need; i++)
		ds_decimal_free(stack[i]);
	for (i = 0; i < 4; i++)
		ds_decimal_free(vars[i]);
	ds_decimal_free(r);
	ds__expr_free(e);
	return rc;
}

static const struct {
	const char *text;
	const char *value;
} values[] = {
	{ "a", "2" },
	{ "a * b", "3" },
	{ "a / b + c", "4/3" },
	{ "a ^ 3 - b", "13/2" },
	{ "-a^2", "-4" },
	{ "flag.x", "1" },
	{ "a > b", "1" },
	{ "a < b", "0" },
	{ "a >= 2", "1" },
	{ "a <= 1.99", "0" },
	{ "a = 2.000", "1" },
	{ "a != 2", "0" },
	{ "b = 3/2", "1" },
	{ "1 + 1 = 2", "1" }, /* arithmetic binds tighter than comparison */
	{ "a > 1 and b > 1", "1" },
	{ "a > 1 and c > 1", "0" },
	{ "c > 1 or a > 1", "1" },
	{ "c or c", "0" },
	{ "not c", "1" },
	{ "not a", "0" },
	{ "not not a", "1" },
	{ "not c and c", "0" },	 /* not binds tighter than and */
	{ "c and c or a", "1" }, /* and binds tighter than or */
	{ "c and (c or a)", "0" },
	{ "(a > 1) * 10000", "10000" }, /* a condition used as a number */
	{ "min(a, b)", "3/2" },
	{ "max(a, b, 7, -1)", "7" },
	{ "min(a * 0.05, 100000)", "1/10" },
	{ "max(min(a, b), c)", "3/2" },
	{ "min(a > b, 5)", "1" },
	{ "2 * min(1, 2) ^ 2", "2" },
	{ "a+b", "7/2" },
	{ "\ta\t>\t1", "1" },
};

START_TEST(extended_values)
{
	char *value = NULL;

	ck_assert_msg(run(values[_i].text, &value) == DS_OK, "'%s': %s", values[_i].text, ds_error_last()->message);
	ck_assert_msg(strcmp(value, values[_i].value) == 0, "'%s' = %s, expected %s", values[_i].text, value,
		      values[_i].value);
	ds_free(value);
}
END_TEST

static const struct {
	const char *text;
	int code;
	const char *message;
} errors[] = {
	{ "d", DS_EINVAL, "position 1: unknown name 'd'" },
	{ "a + flag.y", DS_EINVAL, "position 5: unknown name 'flag.y'" },
	{ "a >", DS_EPARSE, "position 4: unexpected end of expression, expected a number, a name or '('" },
	{ "a > > b", DS_EPARSE, "position 5: unexpected '>'" },
	{ "a < b < c", DS_EPARSE, "position 7: unexpected '<'" }, /* comparisons do not chain */
	{ "and a", DS_EPARSE, "position 1: unexpected 'a'" },
	{ "a and", DS_EPARSE, "position 6: unexpected end of expression, expected a number, a name or '('" },
	{ "min(a)", DS_EPARSE, "position 1: min() needs at least two arguments" },
	{ "max a", DS_EPARSE, "position 5: unexpected 'a'" },
	{ "min(a, )", DS_EPARSE, "position 8: unexpected ')'" },
	{ "min(a b)", DS_EPARSE, "position 7: unexpected 'b'" },
	{ "a / c", DS_EDIVZERO, "position 3: division by zero" },
	{ "min(1, a / (b - 1.5))", DS_EDIVZERO, "position 10: division by zero" },
	{ "a ^ b", DS_EINVAL, "position 3: exponent must be an integer" },
	{ "a == b", DS_EPARSE, "position 4: unexpected '='" },
	{ "", DS_EPARSE, "position 1: empty expression" },
};

START_TEST(extended_errors)
{
	char *value = NULL;
	int rc = run(errors[_i].text, &value);

	ck_assert_msg(rc == errors[_i].code, "'%s': %s, expected %s (%s)", errors[_i].text, ds_strerror(rc),
		      ds_strerror(errors[_i].code), ds_error_last()->message);
	ck_assert_str_eq(ds_error_last()->message, errors[_i].message);
	ck_assert_ptr_null(value);
}
END_TEST

/* Bounded like ds_decimal_eval: 200 levels of nesting (not and functions count), 10,000 characters. */
START_TEST(extended_limits)
{
	char *text = malloc(20000), *value = NULL;
	size_t i;

	ck_assert_ptr_nonnull(text);
	text[0] = '\0';
	for (i = 0; i < 201; i++)
		strcat(text, "not ");
	strcat(text, "a");
	ck_assert_ds_err(run(text, &value), DS_ERANGE);
	text[0] = '\0';
	for (i = 0; i < 200; i++)
		strcat(text, "not ");
	strcat(text, "a");
	ck_assert_ds_ok(run(text, &value));
	ck_assert_str_eq(value, "1");
	ds_free(value);
	value = NULL;
	text[0] = '\0';
	for (i = 0; i < 201; i++)
		strcat(text, "min(1,");
	strcat(text, "a");
	for (i = 0; i < 201; i++)
		strcat(text, ")");
	ck_assert_ds_err(run(text, &value), DS_ERANGE);
	memset(text, ' ', 10001);
	text[0] = 'a';
	text[10001] = '\0';
	ck_assert_ds_err(run(text, &value), DS_ERANGE);
	free(text);
}
END_TEST

/* One compiled program runs for many values, and reports which slots it reads. */
START_TEST(compile_once_run_many)
{
	ds__expr *e = NULL;
	ds_decimal *vars[4], *stack[8], *r = NULL;
	size_t i, need;
	int64_t v;

	ck_assert_ds_ok(ds__expr_compile(&e, "min(a * 0.05, 150000) + (b >= 1000000) * 1", resolve, NULL));
	ck_assert_int_eq(ds__expr_uses(e, 0), 1);
	ck_assert_int_eq(ds__expr_uses(e, 1), 1);
	ck_assert_int_eq(ds__expr_uses(e, 2), 0);
	need = ds__expr_stack_need(e);
	ck_assert_uint_le(need, 8);
	for (i = 0; i < 4; i++)
		ck_assert_ds_ok(ds_decimal_new(&vars[i]));
	for (i = 0; i < need; i++)
		ck_assert_ds_ok(ds_decimal_new(&stack[i]));
	ck_assert_ds_ok(ds_decimal_new(&r));
	for (i = 0; i < 1000; i++) {
		ck_assert_ds_ok(ds_decimal_set_int64(vars[0], (int64_t)i * 10000));
		ck_assert_ds_ok(ds_decimal_set_int64(vars[1], (int64_t)i * 2000));
		ck_assert_ds_ok(ds__expr_eval(r, e, (const ds_decimal *const *)vars, stack));
		ck_assert_ds_ok(ds_decimal_to_int64(&v, r));
		ck_assert_int_eq(v, (int64_t)(i * 500 < 150000 ? i * 500 : 150000) + (i >= 500));
	}
	for (i = 0; i < need; i++)
		ds_decimal_free(stack[i]);
	for (i = 0; i < 4; i++)
		ds_decimal_free(vars[i]);
	ds_decimal_free(r);
	ds__expr_free(e);
	ds__expr_free(NULL);
}
END_TEST

/* The awards document the library writes is valid against the schema it ships. */
START_TEST(awards_document_is_valid)
{
	const char *srcdir = getenv("top_srcdir");
	char path[4096], *xml = NULL;
	ds_policy *policy = NULL;
	ds_applications *apps = NULL;
	ds_awards *aw = NULL;
	xmlDocPtr doc = NULL;

	snprintf(path, sizeof path, "%s/tests/fixtures/policy/worked-example.xml", srcdir ? srcdir : ".");
	ck_assert_ds_ok(ds_policy_bundled(&policy, "jinan-2025"));
	ck_assert_ds_ok(ds_applications_load(&apps, path));
	ck_assert_ds_ok(ds_policy_evaluate(&aw, policy, apps));
	ck_assert_ds_ok(ds_awards_to_xml(&xml, aw));
	ck_assert_ds_ok(ds__xml_load_memory(&doc, xml, strlen(xml), "awards.xml", "awards.xsd"));
	xmlFreeDoc(doc);
	ds_free(xml);
	ds_awards_free(aw);
	ds_applications_free(apps);
	ds_policy_free(policy);
}
END_TEST

static Suite *internal_suite(void)
{
	Suite *s = suite_create("policy internals");
	TCase *tc = tcase_create("expressions");

	tcase_add_loop_test(tc, extended_values, 0, (int)(sizeof values / sizeof values[0]));
	tcase_add_loop_test(tc, extended_errors, 0, (int)(sizeof errors / sizeof errors[0]));
	tcase_add_test(tc, extended_limits);
	tcase_add_test(tc, compile_once_run_many);
	suite_add_tcase(s, tc);
	tc = tcase_create("documents");
	tcase_add_test(tc, awards_document_is_valid);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return tu_run(internal_suite());
}
