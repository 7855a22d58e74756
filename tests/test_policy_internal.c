/*
 * Internals the policy module relies on: the extended expression language of
 * lib/decimal/expr.c (names, comparisons, and/or/not, min/max; compile once,
 * run many times), and the awards document against schemas/awards.xsd.
 * SPDX-License-Identifier: MIT
 */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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

/* ---------------------------------------------------------------- the applications reader against the XSD */

/*
 * lib/policy/applications.c checks what schemas/applications.xsd and
 * applications-1.xsd say from its own tables, without libxml2's validator.
 * Here both judge the same documents: the shipped ones, and mutants of a
 * document that uses every element and attribute (values from a pool of
 * edge cases, attributes and elements removed, added, renamed or moved, text
 * and markup inserted). For each: when the XSD refuses, the reader refuses;
 * when the XSD accepts, the reader raises no schema refusal (DS_EPARSE) and,
 * if it refuses, it is for one of the library's own checks after the schema
 * (credit codes, amounts, product references, duplicates).
 */
typedef struct tnode {
	const char *name;
	int depth;
	const char *attrs[12][2];
	size_t n_attrs;
	const char *text; /* inserted after the start tag, or NULL */
} tnode;

#define V2_NS "urn:datasset:applications:2"
static const tnode base_v2[] = {
	{ "applications", 0, { { "xmlns", V2_NS } }, 1, NULL },
	{ "applicant", 1, { { "id", "91370100MA00000010" }, { "name", "A" }, { "verified", "true" } }, 3, NULL },
	{ "product",
	  2,
	  { { "id", "P-1" },
	    { "first-listed", "2025-01-01" },
	    { "listed", "2025-02-01" },
	    { "certificate", "1" },
	    { "trade-voucher", "false" } },
	  5,
	  NULL },
	{ "trade", 2, { { "product", "P-1" }, { "date", "2025-03-01" }, { "amount", "1,200.50" } }, 3, NULL },
	{ "filing",
	  2,
	  { { "role", "buyer" }, { "filed", "2025-03-02" }, { "traded", "2025-03-01" }, { "amount", "5" } },
	  4,
	  NULL },
	{ "voucher", 2, { { "kind", "trade" }, { "number", "V 1" } }, 2, NULL },
	{ "case",
	  2,
	  { { "id", "K1" },
	    { "list", "x_1" },
	    { "year", "2025" },
	    { "outcome", "won" },
	    { "share", "1/2" },
	    { "date", "2025-05-01" },
	    { "title", "T" } },
	  7,
	  NULL },
	{ "contract",
	  2,
	  { { "counterparty", "C" }, { "enterprise", "true" }, { "date", "2025-01-02" }, { "amount", "8e5" } },
	  4,
	  NULL },
	{ "partner", 2, { { "name", "U" }, { "research", "0" } }, 2, NULL },
	{ "training", 2, { { "evidence", "E" }, { "assessed-by", "X" } }, 2, NULL },
	{ "review", 2, { { "score", "-1.5" } }, 1, NULL },
	{ "recognition",
	  2,
	  { { "id", "R" },
	    { "date", "2025-06-01" },
	    { "amount", "100" },
	    { "registered", "true" },
	    { "voucher-user", "true" },
	    { "claimed", "2025-06-02" } },
	  6,
	  NULL },
	{ "provider",
	  3,
	  { { "id", "S" },
	    { "name", "S" },
	    { "founded", "2020-01-01" },
	    { "approved", "true" },
	    { "independent", "1" },
	    { "clean", "true" },
	    { "licensed", "false" },
	    { "qualifications", "a b_2" } },
	  8,
	  NULL },
	{ "approval",
	  2,
	  { { "programme", "p3" }, { "unit", "P-1" }, { "amount", "10" }, { "by", "B" }, { "date", "2025-07-01" } },
	  5,
	  NULL },
	{ "applicant", 1, { { "id", "91370100MA00000023" }, { "name", "B" } }, 2, NULL },
	{ "product", 2, { { "id", "Q" }, { "first-listed", "2024-02-29" } }, 2, NULL },
};
static const tnode base_v1[] = {
	{ "applications", 0, { { "xmlns", "urn:datasset:applications:1" } }, 1, NULL },
	{ "applicant", 1, { { "id", "91370100MA00000010" }, { "name", "A" } }, 2, NULL },
	{ "product", 2, { { "id", "P" }, { "listed", "2025-01-01" }, { "certificate", "true" } }, 3, NULL },
	{ "trade", 2, { { "product", "P" }, { "date", "2025-03-01" }, { "amount", "1200.50" } }, 3, NULL },
	{ "filing", 2, { { "role", "provider" }, { "date", "2025-03-02" }, { "amount", "5" } }, 3, NULL },
	{ "case", 2, { { "id", "K" }, { "list", "x" }, { "date", "2025-05-01" } }, 3, NULL },
	{ "contract", 2, { { "counterparty", "C" }, { "date", "2025-01-02" }, { "amount", "8" } }, 3, NULL },
	{ "partner", 2, { { "name", "U" } }, 1, NULL },
	{ "review", 2, { { "score", "80" } }, 1, NULL },
	{ "recognition", 2, { { "id", "R" }, { "date", "2025-06-01" }, { "amount", "100" } }, 3, NULL },
	{ "provider",
	  3,
	  { { "id", "S" }, { "name", "S" }, { "founded", "2020-01-01" }, { "qualifications", "" } },
	  4,
	  NULL },
};

static const char *const value_pool[] = {
	"",
	" ",
	"x",
	"X",
	"_x",
	"1x",
	"x_1",
	"a-b",
	"a.b",
	"a b",
	" a  b ",
	"a\tb",
	"p3",
	"P-1",
	"Q",
	"K1",
	"2025-02-29",
	"2024-02-29",
	"2025-13-01",
	"2025-00-10",
	"2025-04-31",
	" 2025-01-01",
	"2025-01-01 ",
	"2025-1-01",
	"2025-01-01Z",
	"2025-01-01+14:00",
	"2025-01-01+14:01",
	"2025-01-01-05:30",
	"-2025-01-01",
	"02025-01-01",
	"12025-01-01",
	"0000-01-01",
	"0999-12-31",
	"true",
	"false",
	"1",
	"0",
	" true",
	"TRUE",
	"yes",
	"2025",
	"02025",
	"-0001",
	"2025Z",
	"99999",
	"0",
	"1.5",
	"-1",
	"-1.5",
	"1e5",
	"1,000.00",
	"1.005",
	"1/2",
	"0.5/1",
	"3/2",
	"1/0",
	"provider",
	"buyer",
	"seller",
	"Provider",
	"\xe5\x90\x8d",
	"\xe2\x80\xaex", /* U+202E, then x */
	"&amp;",
	"&#x20;x",
	"&lt;",
	"123456789012345678901",
	"1.123456789012345678901",
	"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
	"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
	"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
	"91370100MA00000010",
	"91370100MA00000011",
};
static const char *const name_pool[] = {
	"applicant",
	"product",
	"trade",
	"filing",
	"voucher",
	"case",
	"contract",
	"partner",
	"training",
	"review",
	"recognition",
	"provider",
	"approval",
	"applications",
	"bogus",
	"id",
	"date",
	"amount",
	"listed",
	"first-listed",
	"claimed",
	"licensed",
	"xsi:schemaLocation",
	"xsi:type",
	"xsi:nil",
	"xml:lang",
	"q:x",
	"research",
	"share",
	"year",
};
static const char *const text_pool[] = {
	" ", "\n  ", "x", "&#x20;", "&#xA0;", "<!-- c -->", "<?pi x?>", "<![CDATA[ ]]>", "<![CDATA[x]]>", "&amp;"
};

static unsigned long long rng_state;
static size_t rnd(size_t n)
{
	rng_state = rng_state * 6364136223846793005ULL + 1442695040888963407ULL;
	return (size_t)((rng_state >> 33) % n);
}

/* Serialise @nodes (a flat list in document order, by depth). */
static void serialise(tu_buf *out, const tnode *nodes, size_t n)
{
	const char *open[8];
	int depth = -1;
	size_t i, k;

	tu_buf_printf(out, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
	for (i = 0; i < n; i++) {
		while (depth >= nodes[i].depth)
			tu_buf_printf(out, "</%s>\n", open[depth--]);
		tu_buf_printf(out, "<%s", nodes[i].name);
		if (i == 0 || strchr(nodes[i].name, ':'))
			tu_buf_printf(out,
				      " xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" xmlns:q=\"urn:q\"");
		for (k = 0; k < nodes[i].n_attrs; k++)
			tu_buf_printf(out, " %s=\"%s\"", nodes[i].attrs[k][0], nodes[i].attrs[k][1]);
		tu_buf_printf(out, ">%s", nodes[i].text ? nodes[i].text : "");
		open[++depth] = nodes[i].name;
	}
	while (depth >= 0)
		tu_buf_printf(out, "</%s>\n", open[depth--]);
}

/* One random change to @nodes (room for one more). */
static size_t mutate(tnode *nodes, size_t n)
{
	size_t i = rnd(n), k, j;
	tnode *t = &nodes[i];

	switch (rnd(8)) {
	case 0: /* a value from the pool */
	case 1:
		if (t->n_attrs && !(i == 0 && t->n_attrs == 1))
			t->attrs[i == 0 ? 1 + rnd(t->n_attrs - 1) : rnd(t->n_attrs)][1] =
				value_pool[rnd(sizeof value_pool / sizeof value_pool[0])];
		break;
	case 2: /* an attribute removed */
		if (t->n_attrs && i > 0) {
			k = rnd(t->n_attrs);
			memmove(&t->attrs[k], &t->attrs[k + 1], (t->n_attrs - k - 1) * sizeof t->attrs[0]);
			t->n_attrs--;
		}
		break;
	case 3: /* an attribute added (a duplicate name is a well-formedness error: both refuse) */
		if (t->n_attrs < 12) {
			t->attrs[t->n_attrs][0] = name_pool[rnd(sizeof name_pool / sizeof name_pool[0])];
			t->attrs[t->n_attrs++][1] = value_pool[rnd(sizeof value_pool / sizeof value_pool[0])];
		}
		break;
	case 4: /* an element renamed */ t->name = name_pool[rnd(14 + 1)]; break;
	case 5: /* an element copied, at its depth or one deeper */
		j = 1 + rnd(n - 1);
		memmove(&nodes[j + 1], &nodes[j], (n - j) * sizeof *nodes);
		nodes[j] = nodes[1 + rnd(n - 1)];
		if (nodes[j].depth > nodes[j - 1].depth + 1 || rnd(4) == 0)
			nodes[j].depth = nodes[j - 1].depth + 1;
		if (nodes[j].depth < 1)
			nodes[j].depth = 1;
		return n + 1;
	case 6: /* an element removed (its children move up to its parent's level: still a tree) */
		if (i > 0) {
			memmove(&nodes[i], &nodes[i + 1], (n - i - 1) * sizeof *nodes);
			for (j = i; j < n - 1 && nodes[j].depth > (i < n - 1 ? nodes[i - 1].depth : 0) + 1; j++)
				nodes[j].depth--;
			return n - 1;
		}
		break;
	default: /* text or markup inside an element */
		t->text = text_pool[rnd(sizeof text_pool / sizeof text_pool[0])];
		break;
	}
	return n;
}

/* Both judges on one document: @what names it in a failure. */
static void judge(const char *data, size_t len, const char *what)
{
	const char *schema = strstr(data, "urn:datasset:applications:1") ? "applications-1.xsd" : "applications.xsd";
	ds_applications *apps = NULL;
	xmlDocPtr doc = NULL;
	char xsd_message[1024];
	int xsd, rc;

	/* The version is the root's namespace; anything else is judged by the current schema. */
	xsd = ds__xml_load_memory(&doc, data, len, "doc.xml", schema);
	snprintf(xsd_message, sizeof xsd_message, "%s", xsd == DS_OK ? "valid" : ds_error_last()->message);
	if (doc)
		xmlFreeDoc(doc);
	rc = ds_applications_parse(&apps, data, len, "doc.xml");
	ds_applications_free(apps);
	if (xsd != DS_OK)
		ck_assert_msg(rc != DS_OK, "%s: the XSD refuses (%s), the reader accepts:\n%s", what, xsd_message,
			      data);
	else
		ck_assert_msg(rc != DS_EPARSE, "%s: the XSD accepts, the reader refuses (%s):\n%s", what,
			      ds_error_last()->message, data);
}

START_TEST(applications_match_schema)
{
	static const struct {
		const tnode *nodes;
		size_t n;
	} bases[] = { { base_v2, sizeof base_v2 / sizeof base_v2[0] },
		      { base_v1, sizeof base_v1 / sizeof base_v1[0] } };
	const char *srcdir = getenv("top_srcdir");
	static const char *const shipped[] = { "tests/fixtures/policy/worked-example.xml",
					       "examples/data/applications.xml" };
	tnode nodes[64];
	size_t b, i, m, n, rounds;
	char path[4096], what[64];

	for (i = 0; i < sizeof shipped / sizeof shipped[0]; i++) {
		char *data = NULL;
		size_t len = 0;
		snprintf(path, sizeof path, "%s/%s", srcdir ? srcdir : ".", shipped[i]);
		ck_assert_ds_ok(ds__xml_read_file(&data, &len, path, "applications.xsd"));
		judge(data, len, shipped[i]);
		ds_free(data);
	}
	rng_state = 20261207;
	for (b = 0; b < sizeof bases / sizeof bases[0]; b++) {
		tu_buf doc = { 0 };
		serialise(&doc, bases[b].nodes, bases[b].n);
		judge(doc.data, doc.len, b ? "base v1" : "base v2");
		{ /* the bases are valid and read */
			ds_applications *apps = NULL;
			ck_assert_ds_ok(ds_applications_parse(&apps, doc.data, doc.len, "base"));
			ds_applications_free(apps);
		}
		free(doc.data);
		for (m = 0; m < tu_iterations(3000); m++) {
			n = bases[b].n;
			memcpy(nodes, bases[b].nodes, n * sizeof *nodes);
			for (rounds = 1 + rnd(3); rounds > 0 && n + 1 < 64; rounds--)
				n = mutate(nodes, n);
			doc.data = NULL;
			doc.len = doc.cap = 0;
			serialise(&doc, nodes, n);
			snprintf(what, sizeof what, "base %zu, mutant %zu", b, m);
			judge(doc.data, doc.len, what);
			free(doc.data);
		}
	}
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
	tcase_add_test(tc, applications_match_schema);
	tcase_set_timeout(tc, 120);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return tu_run(internal_suite());
}
