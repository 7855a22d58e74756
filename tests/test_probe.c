/*
 * Check suite for the probe (自动探查): the value classifier and recognisers,
 * column inference (widening, leading zeros, date lock, semantic types),
 * statistics (exact distinct, HLL error, top values), quality fractions,
 * fingerprints, the report round trip and its schema, every change event,
 * the catalogue draft, options and errors. The analysis is driven through an
 * in-memory source (a test double of lib/internal/probe_source.h), so it does
 * not depend on CSV parsing; a few tests go through the CSV reader too.
 * SPDX-License-Identifier: MIT
 */
#include "config.h"

#include <stdint.h>

#include <time.h>
#include <dirent.h>
#include <sys/stat.h>
#include <unistd.h>

#include "testutil.h"

#include "../lib/probe/probe_internal.h"

/* ------------------------------------------------------------------ in-memory source */

#define MAXC 16

typedef struct mem_src {
	ds__source base;
	const char *const *cells; /* rows × ncolumns; NULL is SQL NULL */
	size_t rows, at;
	/* a generator instead of cells: fills buf for row r */
	void (*gen)(struct mem_src *m, size_t row);
	char genbuf[MAXC][64];
	const char *ptrs[MAXC];
	size_t lens[MAXC];
	uint64_t bytes[MAXC], chars[MAXC];
	unsigned char nulls[MAXC], trunc[MAXC];
	char *names[MAXC];
} mem_src;

static uint64_t utf8_chars(const char *s, size_t n)
{
	uint64_t c = 0;
	size_t i;

	for (i = 0; i < n; i++)
		c += ((unsigned char)s[i] & 0xC0) != 0x80;
	return c;
}

static int mem_next(ds__source *s, ds__record *rec)
{
	mem_src *m = (mem_src *)s;
	size_t i, nc = s->ncolumns;

	if (m->at >= m->rows)
		return 0;
	if (m->gen)
		m->gen(m, m->at);
	for (i = 0; i < nc; i++) {
		const char *v = m->gen ? m->genbuf[i] : m->cells[m->at * nc + i];
		m->nulls[i] = v == NULL;
		m->ptrs[i] = v ? v : "";
		m->lens[i] = strlen(m->ptrs[i]);
		m->bytes[i] = m->lens[i];
		m->chars[i] = utf8_chars(m->ptrs[i], m->lens[i]);
		m->trunc[i] = 0;
	}
	rec->nfields = nc;
	rec->text = m->ptrs;
	rec->len = m->lens;
	rec->bytes = m->bytes;
	rec->chars = m->chars;
	rec->null = m->nulls;
	rec->truncated = m->trunc;
	m->at++;
	rec->line = (long)m->at + 1;
	rec->number = (long)m->at;
	s->bytes_done = m->at;
	return 1;
}

static void mem_close(ds__source *s)
{
	(void)s;
}

static const ds__source_ops mem_ops = { .next = mem_next, .close = mem_close };

static void mem_init(mem_src *m, const char *const *names, size_t ncols, const char *const *cells, size_t rows)
{
	size_t i;

	memset(m, 0, sizeof *m);
	m->base.ops = &mem_ops;
	m->base.kind = "csv";
	m->base.location = (char *)"test.csv";
	m->base.ncolumns = ncols;
	for (i = 0; i < ncols; i++)
		m->names[i] = (char *)names[i];
	m->base.names = m->names;
	strcpy(m->base.encoding, "UTF-8");
	m->base.delimiter = ',';
	m->base.header = 1;
	m->base.bytes_total = rows;
	m->cells = cells;
	m->rows = rows;
}

/* Probe an in-memory table. */
static ds_probe *probe_cells(const char *const *names, size_t ncols, const char *const *cells, size_t rows,
			     const ds_probe_options *opts)
{
	mem_src m;
	ds_probe *p = NULL;

	mem_init(&m, names, ncols, cells, rows);
	ck_assert_ds_ok(ds__probe_run(&p, &m.base, opts));
	return p;
}

/* One column's values. */
static ds_probe *probe_column_values(const char *const *values, size_t n)
{
	static const char *const name[] = { "c" };
	return probe_cells(name, 1, values, n, NULL);
}

static ds_probe_column_info col(const ds_probe *p, size_t i)
{
	ds_probe_column_info c;
	ck_assert_ds_ok(ds_probe_column_at(&c, p, i));
	return c;
}

/* ------------------------------------------------------------------ classifier */

typedef struct classify_case {
	const char *value;
	unsigned int flags;
	int format;
	unsigned int shape, valid;
} classify_case;

#define S(k) (1u << (k))

static const classify_case classify_cases[] = {
	{ "123", VAL_INT, 0, 0, 0 },
	{ "-5", VAL_INT, 0, 0, 0 },
	{ "+7", VAL_INT, 0, 0, 0 },
	{ "0", VAL_INT, 0, 0, 0 },
	{ "050000", 0, 0, 0, 0 }, /* leading zero: a code */
	{ "1.50", VAL_DEC, 0, 0, 0 },
	/* 18 characters that are not an ID number: still numbers (or an e-mail address) */
	{ "116.39748311234567", VAL_DEC, 0, 0, 0 },
	{ "-16.39748311234567", VAL_DEC, 0, 0, 0 },
	{ "12345678@qq.com.cn", 0, 0, 1u << DS_SEMANTIC_EMAIL, 1u << DS_SEMANTIC_EMAIL },
	{ "0.5", VAL_DEC, 0, 0, 0 },
	{ "-0.25", VAL_DEC, 0, 0, 0 },
	{ "00.5", 0, 0, 0, 0 },
	{ ".5", 0, 0, 0, 0 },
	{ "5.", 0, 0, 0, 0 },
	{ "1e5", 0, 0, 0, 0 },
	{ "1,234.5", 0, 0, 0, 0 },
	{ " 12", 0, 0, 0, 0 },
	{ "-", 0, 0, 0, 0 },
	{ "是", VAL_BOOL, 0, 0, 0 },
	{ "否", VAL_BOOL, 0, 0, 0 },
	{ "true", VAL_BOOL, 0, 0, 0 },
	{ "FALSE", VAL_BOOL, 0, 0, 0 },
	{ "Y", VAL_BOOL, 0, 0, 0 },
	{ "n", VAL_BOOL, 0, 0, 0 },
	{ "yes", 0, 0, 0, 0 },
	{ "1", VAL_INT, 0, 0, 0 }, /* 0 and 1 are integers, not booleans */
	{ "2024-01-31", VAL_DATE, FMT_DASH, 0, 0 },
	{ "2024/1/31", VAL_DATE, FMT_SLASH, 0, 0 },
	{ "2024.01.31", VAL_DATE, FMT_DOT, 0, 0 },
	{ "2024年1月31日", VAL_DATE, FMT_CJK, 0, 0 },
	{ "2024-02-29", VAL_DATE, FMT_DASH, 0, 0 },
	{ "2023-02-29", 0, 0, 0, 0 },
	{ "2024-13-01", 0, 0, 0, 0 },
	{ "2024-1-", 0, 0, 0, 0 },
	{ "2024年1月", 0, 0, 0, 0 },
	{ "20240131", VAL_INT | VAL_COMPACT, 0, 0, 0 },
	{ "20241331", VAL_INT, 0, 0, 0 },
	{ "2024-01-31 08:00:00", VAL_DATETIME, FMT_DASH_SPACE, 0, 0 },
	{ "2024-01-31T08:00", VAL_DATETIME, FMT_DASH_T, 0, 0 },
	{ "2024/01/31 08:00:00.123", VAL_DATETIME, FMT_SLASH_SPACE, 0, 0 },
	{ "2024/01/31T8:05", VAL_DATETIME, FMT_SLASH_T, 0, 0 },
	{ "2024-01-31 25:00", 0, 0, 0, 0 },
	{ "2024-01-31 08:60", 0, 0, 0, 0 },
	{ "2024-01-31 08:00+08:00", 0, 0, 0, 0 },
	/* 居民身份证号: GB 11643 check digits */
	{ "11010519491231002X", 0, 0, S(DS_SEMANTIC_ID_CARD) | S(DS_SEMANTIC_CREDIT_CODE), S(DS_SEMANTIC_ID_CARD) },
	{ "11010519491231002x", 0, 0, S(DS_SEMANTIC_ID_CARD), S(DS_SEMANTIC_ID_CARD) },
	{ "110105194912310021", VAL_INT, 0, S(DS_SEMANTIC_ID_CARD) | S(DS_SEMANTIC_CREDIT_CODE), 0 },
	{ "440524188001010014", VAL_INT, 0, S(DS_SEMANTIC_ID_CARD) | S(DS_SEMANTIC_CREDIT_CODE),
	  S(DS_SEMANTIC_ID_CARD) },
	{ "110105194913310021", VAL_INT, 0, S(DS_SEMANTIC_ID_CARD) | S(DS_SEMANTIC_CREDIT_CODE),
	  0 }, /* right check digit, month 13 */
	{ "990105194912310023", VAL_INT, 0, S(DS_SEMANTIC_ID_CARD) | S(DS_SEMANTIC_CREDIT_CODE),
	  0 },										   /* no province 99 */
	{ "110105491231002", VAL_INT, 0, S(DS_SEMANTIC_ID_CARD), S(DS_SEMANTIC_ID_CARD) }, /* 15-digit form */
	{ "110105491331002", VAL_INT, 0, S(DS_SEMANTIC_ID_CARD), 0 },
	/* 统一社会信用代码: GB 32100 check character */
	{ "91350100M000100Y43", 0, 0, S(DS_SEMANTIC_CREDIT_CODE), S(DS_SEMANTIC_CREDIT_CODE) },
	{ "91350100M000100Y44", 0, 0, S(DS_SEMANTIC_CREDIT_CODE), 0 },
	{ "91350100I000100Y43", 0, 0, 0, 0 }, /* I is not in the alphabet */
	{ "9135A100M000100Y43", 0, 0, 0, 0 }, /* positions 3-8 must be digits */
	/* mobile numbers */
	{ "13812345678", VAL_INT, 0, S(DS_SEMANTIC_MOBILE), S(DS_SEMANTIC_MOBILE) },
	{ "19912345678", VAL_INT, 0, S(DS_SEMANTIC_MOBILE), S(DS_SEMANTIC_MOBILE) },
	{ "12812345678", VAL_INT, 0, 0, 0 },
	{ "1381234567", VAL_INT, 0, 0, 0 },
	{ "+8613812345678", 0, 0, S(DS_SEMANTIC_MOBILE), S(DS_SEMANTIC_MOBILE) },
	{ "+86 13812345678", 0, 0, S(DS_SEMANTIC_MOBILE), S(DS_SEMANTIC_MOBILE) },
	{ "+86-13812345678", 0, 0, S(DS_SEMANTIC_MOBILE), S(DS_SEMANTIC_MOBILE) },
	{ "+86 12812345678", 0, 0, 0, 0 },
	/* 行政区划代码 */
	{ "370102", VAL_INT, 0, S(DS_SEMANTIC_REGION), S(DS_SEMANTIC_REGION) },
	{ "110000", VAL_INT, 0, S(DS_SEMANTIC_REGION), S(DS_SEMANTIC_REGION) },
	{ "990102", VAL_INT, 0, 0, 0 },
	{ "250000", VAL_INT, 0, 0, 0 },
	/* e-mail */
	{ "a@b.com", 0, 0, S(DS_SEMANTIC_EMAIL), S(DS_SEMANTIC_EMAIL) },
	{ "zhang.san+x@mail.example.cn", 0, 0, S(DS_SEMANTIC_EMAIL), S(DS_SEMANTIC_EMAIL) },
	{ "123@qq.com", 0, 0, S(DS_SEMANTIC_EMAIL), S(DS_SEMANTIC_EMAIL) },
	{ "a@b", 0, 0, 0, 0 },
	{ "@b.com", 0, 0, 0, 0 },
	{ "a@b.c", 0, 0, 0, 0 },
	{ "a@-b.com", 0, 0, 0, 0 },
	{ "a@b..com", 0, 0, 0, 0 },
	{ "a b@c.com", 0, 0, 0, 0 },
	{ "a@b.com.", 0, 0, 0, 0 }, /* an empty last label */
	{ "a@.com", 0, 0, 0, 0 },
	{ "a@b-.com", 0, 0, 0, 0 },
	{ "a@b.c-m", 0, 0, 0, 0 },
	{ "a@b.c0m", 0, 0, 0, 0 },
	{ "ab@cd.ef@g.com", 0, 0, 0, 0 },
	/* 18 characters, not a code: the first is outside the credit code's alphabet, or the '@' */
	{ "u12345@example.com", 0, 0, S(DS_SEMANTIC_EMAIL), S(DS_SEMANTIC_EMAIL) },
	{ "U12345@example.com", 0, 0, S(DS_SEMANTIC_EMAIL), S(DS_SEMANTIC_EMAIL) },
	/* 18 digits: a number unless a leading zero makes it a code */
	{ "370126197710200010", VAL_INT, 0, S(DS_SEMANTIC_ID_CARD) | S(DS_SEMANTIC_CREDIT_CODE),
	  S(DS_SEMANTIC_ID_CARD) },
	{ "012345678901234567", 0, 0, S(DS_SEMANTIC_ID_CARD) | S(DS_SEMANTIC_CREDIT_CODE), 0 },
	/* 29 February: leap years by the Gregorian rule */
	{ "2000-02-29", VAL_DATE, FMT_DASH, 0, 0 },
	{ "1900-02-29", 0, 0, 0, 0 },
	{ "2023-02-29", 0, 0, 0, 0 },
	{ "2000-02-29 23:59:59", VAL_DATETIME, FMT_DASH_SPACE, 0, 0 },
	{ "2100-02-29 00:00:00", 0, 0, 0, 0 },
	{ "20000229", VAL_INT | VAL_COMPACT, 0, 0, 0 },
	{ "19000229", VAL_INT, 0, 0, 0 },
	{ "张三", 0, 0, 0, 0 },
};

START_TEST(test_classify)
{
	size_t i;

	for (i = 0; i < sizeof classify_cases / sizeof classify_cases[0]; i++) {
		const classify_case *c = &classify_cases[i];
		value_info vi;
		ds__probe_classify(&vi, c->value, strlen(c->value));
		ck_assert_msg(vi.flags == c->flags, "'%s': flags %#x, expected %#x", c->value, vi.flags, c->flags);
		if (c->flags & (VAL_DATE | VAL_DATETIME))
			ck_assert_msg(vi.format == c->format, "'%s': format %d, expected %d", c->value, vi.format,
				      c->format);
		ck_assert_msg(vi.shape == c->shape, "'%s': shape %#x, expected %#x", c->value, vi.shape, c->shape);
		ck_assert_msg(vi.valid == c->valid, "'%s': valid %#x, expected %#x", c->value, vi.valid, c->valid);
	}
}
END_TEST

/* Numbers of 18 digits (the ID number column's) are read whole: the value as an integer. */
START_TEST(test_classify_18_digits)
{
	static const struct {
		const char *value;
		int64_t mantissa;
	} cases[] = {
		{ "370126197710200010", INT64_C(370126197710200010) },
		{ "999999999999999999", INT64_C(999999999999999999) },
		{ "100000000000000000", INT64_C(100000000000000000) },
		{ "110105194912310021", INT64_C(110105194912310021) },
	};
	size_t i;

	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		value_info vi;
		ds__probe_classify(&vi, cases[i].value, 18);
		ck_assert_uint_eq(vi.flags, VAL_INT);
		ck_assert_int_eq(vi.int_digits, 18);
		ck_assert_int_eq(vi.frac_digits, 0);
#if defined(__SIZEOF_INT128__)
		ck_assert_int_eq(vi.mantissa_ok, 1);
		ck_assert_msg(vi.mantissa == cases[i].mantissa, "'%s': mantissa %lld", cases[i].value,
			      (long long)vi.mantissa);
#endif
	}
}
END_TEST

START_TEST(test_numcmp)
{
	static const struct {
		const char *a, *b;
		int sign;
	} cases[] = {
		{ "1", "2", -1 },
		{ "10", "9", 1 },
		{ "-3", "2", -1 },
		{ "-10", "-9", -1 },
		{ "1.50", "1.5", 0 },
		{ "0", "-0", 0 },
		{ "0.001", "0", 1 },
		{ "-0.5", "0", -1 },
		{ "2.05", "2.1", -1 },
		{ "+7", "7", 0 },
		{ "99.99", "100", -1 },
		{ "-1.25", "-1.2", -1 },
		{ "123456789012345678901234567890", "123456789012345678901234567891", -1 },
	};
	size_t i;

	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		int r = ds__probe_numcmp(cases[i].a, strlen(cases[i].a), cases[i].b, strlen(cases[i].b));
		r = r < 0 ? -1 : r > 0;
		ck_assert_msg(r == cases[i].sign, "%s vs %s: %d", cases[i].a, cases[i].b, r);
		r = ds__probe_numcmp(cases[i].b, strlen(cases[i].b), cases[i].a, strlen(cases[i].a));
		r = r < 0 ? -1 : r > 0;
		ck_assert_int_eq(r, -cases[i].sign);
	}
}
END_TEST

/* ------------------------------------------------------------------ inference */

typedef struct infer_case {
	const char *values[6]; /* NULL-terminated list; "" is an empty field */
	ds_probe_type type;
	const char *format;
	int precision, scale;
	const char *min, *max;
} infer_case;

static const infer_case infer_cases[] = {
	{ { "1", "2", "30", NULL }, DS_PROBE_INTEGER, NULL, 2, 0, "1", "30" },
	{ { "1", "2.5", NULL }, DS_PROBE_DECIMAL, NULL, 2, 1, "1", "2.5" },	/* integer → decimal */
	{ { "1", "2.5", "abc", NULL }, DS_PROBE_TEXT, NULL, 0, 0, NULL, NULL }, /* decimal → text */
	{ { "abc", "1", NULL }, DS_PROBE_TEXT, NULL, 0, 0, NULL, NULL },	/* text stays text */
	{ { "-123.45", "6.789", "100", NULL }, DS_PROBE_DECIMAL, NULL, 6, 3, "-123.45", "100" },
	{ { "10.5", "9.75", "-3", "100", NULL }, DS_PROBE_DECIMAL, NULL, 5, 2, "-3", "100" },
	{ { "050000", "050001", NULL }, DS_PROBE_TEXT, NULL, 0, 0, NULL, NULL }, /* leading zeros */
	{ { "1", "050000", NULL }, DS_PROBE_TEXT, NULL, 0, 0, NULL, NULL },
	{ { "是", "否", "", NULL }, DS_PROBE_BOOLEAN, NULL, 0, 0, NULL, NULL },
	{ { "true", "1", NULL }, DS_PROBE_TEXT, NULL, 0, 0, NULL, NULL }, /* boolean and integer */
	{ { "2024-01-31", "2023-12-01", NULL }, DS_PROBE_DATE, "YYYY-MM-DD", 0, 0, "2023-12-01", "2024-01-31" },
	{ { "2024/1/5", "2024/12/25", NULL }, DS_PROBE_DATE, "YYYY/MM/DD", 0, 0, "2024-01-05", "2024-12-25" },
	{ { "2024年1月5日", NULL }, DS_PROBE_DATE, "YYYY年MM月DD日", 0, 0, "2024-01-05", "2024-01-05" },
	{ { "2024-01-31", "2024/02/01", NULL }, DS_PROBE_TEXT, NULL, 0, 0, NULL, NULL }, /* date lock */
	{ { "2024-01-31", "2024-01-31 08:00", NULL }, DS_PROBE_TEXT, NULL, 0, 0, NULL, NULL },
	{ { "20240131", "20231201", NULL }, DS_PROBE_DATE, "YYYYMMDD", 0, 0, "2023-12-01", "2024-01-31" },
	{ { "20240131", "12", NULL }, DS_PROBE_INTEGER, NULL, 8, 0, "12", "20240131" },
	{ { "2024-01-31 08:00:00", "2024-01-31T09:00", NULL }, DS_PROBE_TEXT, NULL, 0, 0, NULL, NULL },
	{ { "2024-01-31 08:00:00", "2024-02-01 07:30", NULL },
	  DS_PROBE_DATETIME,
	  "YYYY-MM-DD HH:MM:SS",
	  0,
	  0,
	  "2024-01-31T08:00:00",
	  "2024-02-01T07:30:00" },
	{ { "", "", NULL }, DS_PROBE_EMPTY, NULL, 0, 0, NULL, NULL },
	{ { "0.5", "0.25", NULL }, DS_PROBE_DECIMAL, NULL, 2, 2, "0.25", "0.5" },
};

START_TEST(test_infer)
{
	size_t i, n;

	for (i = 0; i < sizeof infer_cases / sizeof infer_cases[0]; i++) {
		const infer_case *c = &infer_cases[i];
		ds_probe *p;
		ds_probe_column_info info;
		for (n = 0; c->values[n]; n++)
			;
		p = probe_column_values(c->values, n);
		info = col(p, 0);
		ck_assert_msg(info.type == c->type, "case %zu (%s...): type %s, expected %s", i, c->values[0],
			      ds_probe_type_name(info.type), ds_probe_type_name(c->type));
		if (c->format)
			ck_assert_str_eq(info.format, c->format);
		else
			ck_assert_ptr_null(info.format);
		if (c->type == DS_PROBE_DECIMAL || c->type == DS_PROBE_INTEGER) {
			ck_assert_msg(info.precision == c->precision && info.scale == c->scale,
				      "case %zu: (%d,%d), expected (%d,%d)", i, info.precision, info.scale,
				      c->precision, c->scale);
		}
		if (c->min) {
			ck_assert_str_eq(info.min, c->min);
			ck_assert_str_eq(info.max, c->max);
		} else {
			ck_assert_ptr_null(info.min);
		}
		ds_probe_free(p);
	}
}
END_TEST

/* The date lock is per column: another column's format does not change this one's. */
/* A column named as a code keeps integer-looking values as text; the same values under
 * another name are integers. */
START_TEST(test_code_names)
{
	static const char *const names[] = { "邮编", "单位编码", "Postcode", "ZIP", "缴存人数", "编码说明" };
	static const char *const cells[] = { "250001", "1001", "250014", "10001", "12", "3",
					     "250022", "1002", "250100", "10002", "15", "4" };
	ds_probe *p = probe_cells(names, 6, cells, 2, NULL);
	size_t i;

	for (i = 0; i < 4; i++) {
		ck_assert_int_eq(col(p, i).type, DS_PROBE_TEXT);
		ck_assert_int_eq(col(p, i).dominant, DS_PROBE_INTEGER);
	}
	ck_assert_int_eq(col(p, 4).type, DS_PROBE_INTEGER);
	ck_assert_int_eq(col(p, 5).type, DS_PROBE_INTEGER); /* 编码 not at the end of the name */
	ds_probe_free(p);
}
END_TEST

START_TEST(test_date_lock_per_column)
{
	static const char *const names[] = { "a", "b" };
	static const char *const cells[] = { "2024-01-31", "2024/01/31", "2024-02-01", "2024/02/01" };
	ds_probe *p = probe_cells(names, 2, cells, 2, NULL);

	ck_assert_int_eq(col(p, 0).type, DS_PROBE_DATE);
	ck_assert_str_eq(col(p, 0).format, "YYYY-MM-DD");
	ck_assert_int_eq(col(p, 1).type, DS_PROBE_DATE);
	ck_assert_str_eq(col(p, 1).format, "YYYY/MM/DD");
	ds_probe_free(p);
}
END_TEST

START_TEST(test_semantic)
{
	static const char *const names[] = { "id", "mobile", "region", "code", "email", "zip" };
	static const char *const cells[] = {
		"11010519491231002X",
		"13812345678",
		"370102",
		"91350100M000100Y43",
		"a@b.com",
		"050000",
		"440524188001010014",
		"+86 13912345678",
		"370103",
		"91350100M000100Y43",
		"c@d.cn",
		"250000",
		"110105194912310021",
		"15012345678",
		"110101",
		"91350100M000100Y44",
		"x.y@z.org",
		"050001",
		"",
		"",
		"",
		"",
		"",
		"",
	};
	ds_probe *p = probe_cells(names, 6, cells, 4, NULL);
	ds_probe_column_info c;
	uint64_t n, d;

	c = col(p, 0);
	ck_assert_int_eq(c.semantic, DS_SEMANTIC_ID_CARD);
	ck_assert_int_eq(c.type, DS_PROBE_TEXT);
	ck_assert_int_eq(c.personal_info, 1);
	ck_assert_uint_eq(c.semantic_shape, 3);
	ck_assert_uint_eq(c.semantic_valid, 2);
	/* 规范性: the wrong check digit counts against it */
	ck_assert_ds_ok(ds_probe_quality_fraction(&n, &d, p, DS_QUALITY_CONFORMANCE, 0));
	ck_assert_uint_eq(n, 2);
	ck_assert_uint_eq(d, 3);
	c = col(p, 1);
	ck_assert_int_eq(c.semantic, DS_SEMANTIC_MOBILE);
	ck_assert_int_eq(c.personal_info, 1);
	c = col(p, 2);
	ck_assert_int_eq(c.semantic, DS_SEMANTIC_REGION);
	ck_assert_int_eq(c.type, DS_PROBE_TEXT); /* a recognised code stays text */
	ck_assert_int_eq(c.personal_info, 0);
	c = col(p, 3);
	ck_assert_int_eq(c.semantic, DS_SEMANTIC_CREDIT_CODE);
	ck_assert_int_eq(c.personal_info, 0);
	ck_assert_uint_eq(c.conforming, 2);
	c = col(p, 4);
	ck_assert_int_eq(c.semantic, DS_SEMANTIC_EMAIL);
	ck_assert_int_eq(c.personal_info, 1);
	c = col(p, 5);
	ck_assert_int_eq(c.semantic, DS_SEMANTIC_NONE);
	ck_assert_int_eq(c.type, DS_PROBE_TEXT);
	ds_probe_free(p);
}
END_TEST

/* A column that only sometimes has an identifier's shape gets no semantic type. */
START_TEST(test_semantic_threshold)
{
	static const char *const values[] = { "13812345678", "13912345678", "hello", "world" };
	ds_probe *p = probe_column_values(values, 4);

	ck_assert_int_eq(col(p, 0).semantic, DS_SEMANTIC_NONE);
	ck_assert_int_eq(col(p, 0).personal_info, 0);
	ds_probe_free(p);
}
END_TEST

/* ------------------------------------------------------------------ statistics */

static void gen_mod(mem_src *m, size_t row)
{
	snprintf(m->genbuf[0], sizeof m->genbuf[0], "v%zu", row % 500);
	snprintf(m->genbuf[1], sizeof m->genbuf[1], "%zu", row % 3);
}

START_TEST(test_distinct_exact_and_top)
{
	static const char *const names[] = { "v", "k" };
	mem_src m;
	ds_probe *p = NULL;
	ds_probe_column_info c;
	const char *value;
	uint64_t count;

	mem_init(&m, names, 2, NULL, 1000);
	m.gen = gen_mod;
	ck_assert_ds_ok(ds__probe_run(&p, &m.base, NULL));
	c = col(p, 0);
	ck_assert_uint_eq(c.distinct, 500);
	ck_assert_int_eq(c.distinct_exact, 1);
	ck_assert_int_eq(c.unique, 0);
	ck_assert_uint_eq(c.top_count, 10);
	c = col(p, 1);
	ck_assert_uint_eq(c.distinct, 3);
	ck_assert_uint_eq(c.top_count, 3);
	ck_assert_ds_ok(ds_probe_top_at(&value, &count, p, 1, 0));
	ck_assert_str_eq(value, "0"); /* 334 zeros, 333 ones, 333 twos */
	ck_assert_uint_eq(count, 334);
	ck_assert_ds_ok(ds_probe_top_at(&value, &count, p, 1, 2));
	ck_assert_str_eq(value, "2");
	ck_assert_uint_eq(count, 333);
	/* A rank or column past the end: DS_ERANGE naming index and count, outputs unchanged. */
	ck_assert_ds_err(ds_probe_top_at(&value, &count, p, 1, 3), DS_ERANGE);
	ck_assert_msg(strstr(ds_error_last()->message, "rank 3") && strstr(ds_error_last()->message, "3 top values"),
		      "%s", ds_error_last()->message);
	ck_assert_str_eq(value, "2");
	ck_assert_uint_eq(count, 333);
	ck_assert_ds_err(ds_probe_top_at(&value, &count, p, 2, 0), DS_ERANGE);
	ck_assert_msg(strstr(ds_error_last()->message, "index 2") && strstr(ds_error_last()->message, "2 columns"),
		      "%s", ds_error_last()->message);
	ck_assert_str_eq(value, "2");
	ck_assert_uint_eq(count, 333);
	ck_assert_ds_err(ds_probe_top_at(&value, &count, NULL, 0, 0), DS_EINVAL);
	/* ds_probe_column_at past the end. */
	{
		ds_probe_column_info before = c;
		ck_assert_ds_err(ds_probe_column_at(&c, p, 2), DS_ERANGE);
		ck_assert_msg(strstr(ds_error_last()->message, "index 2") &&
				      strstr(ds_error_last()->message, "2 columns"),
			      "%s", ds_error_last()->message);
		ck_assert_mem_eq(&c, &before, sizeof c);
		ck_assert_ds_err(ds_probe_column_at(NULL, p, 0), DS_EINVAL);
		ck_assert_ds_err(ds_probe_column_at(&c, NULL, 0), DS_EINVAL);
	}
	/* ds_probe_quality_fraction on a column past the end: an index error, not "not assessed". */
	{
		uint64_t n = 7, d = 9;
		ck_assert_ds_err(ds_probe_quality_fraction(&n, &d, p, DS_QUALITY_CONFORMANCE, 2), DS_ERANGE);
		ck_assert_msg(strstr(ds_error_last()->message, "index 2") &&
				      strstr(ds_error_last()->message, "2 columns"),
			      "%s", ds_error_last()->message);
		ck_assert_uint_eq(n, 7);
		ck_assert_uint_eq(d, 9);
	}
	ds_probe_free(p);
}
END_TEST

static void gen_unique(mem_src *m, size_t row)
{
	snprintf(m->genbuf[0], sizeof m->genbuf[0], "key-%zu", row * 7919 + 13);
}

/* 1,000,000 distinct values past the exact bound: the HLL estimate is within 3 standard
 * errors (3 × 0.81 %); the top values are dropped (too many distinct). */
START_TEST(test_hll_error)
{
	static const char *const names[] = { "k" };
	ds_probe_options opts = DS_PROBE_OPTIONS_INIT;
	mem_src m;
	ds_probe *p = NULL;
	ds_probe_column_info c;
	uint64_t truth = 1000000, err;

	opts.distinct_bound = 1000;
	mem_init(&m, names, 1, NULL, (size_t)truth);
	m.gen = gen_unique;
	ck_assert_ds_ok(ds__probe_run(&p, &m.base, &opts));
	c = col(p, 0);
	ck_assert_int_eq(c.distinct_exact, 0);
	err = c.distinct > truth ? c.distinct - truth : truth - c.distinct;
	ck_assert_msg(err * 10000 <= truth * 243, "HLL estimate %llu for %llu distinct", (unsigned long long)c.distinct,
		      (unsigned long long)truth);
	ck_assert_uint_eq(c.top_count, 0);
	ck_assert_int_eq(c.unique, 0); /* not provable without the exact set */
	ds_probe_free(p);
}
END_TEST

/* Small cardinalities past the bound are estimated closely too (linear counting). */
START_TEST(test_hll_small)
{
	static const char *const names[] = { "k" };
	ds_probe_options opts = DS_PROBE_OPTIONS_INIT;
	mem_src m;
	ds_probe *p = NULL;
	uint64_t d;

	opts.distinct_bound = 100;
	mem_init(&m, names, 1, NULL, 5000);
	m.gen = gen_unique;
	ck_assert_ds_ok(ds__probe_run(&p, &m.base, &opts));
	d = col(p, 0).distinct;
	ck_assert_msg(d >= 4900 && d <= 5100, "estimate %llu for 5000", (unsigned long long)d);
	ds_probe_free(p);
}
END_TEST

/* Between ~11,500 and 2.5·m = 40,960 distinct the raw HLL estimate is biased upwards
 * (a third too high at 16,000); Flajolet's rule keeps linear counting there. */
START_TEST(test_hll_mid)
{
	static const char *const names[] = { "k" };
	static const uint64_t truths[] = { 12000, 16000, 20000, 30000, 40000, 45000, 60000 };
	ds_probe_options opts = DS_PROBE_OPTIONS_INIT;
	size_t i;

	opts.distinct_bound = 1000;
	for (i = 0; i < sizeof truths / sizeof truths[0]; i++) {
		mem_src m;
		ds_probe *p = NULL;
		uint64_t d, err;

		mem_init(&m, names, 1, NULL, (size_t)truths[i]);
		m.gen = gen_unique;
		ck_assert_ds_ok(ds__probe_run(&p, &m.base, &opts));
		d = col(p, 0).distinct;
		ck_assert_int_eq(col(p, 0).distinct_exact, 0);
		err = d > truths[i] ? d - truths[i] : truths[i] - d;
		ck_assert_msg(err * 100 <= truths[i] * 3, "estimate %llu for %llu distinct", (unsigned long long)d,
			      (unsigned long long)truths[i]);
		ds_probe_free(p);
	}
}
END_TEST

/* A table wider than mem_src: ncols columns, value of column j in row r from gen. */
typedef struct wide_src {
	ds__source base;
	size_t rows, at;
	int distinct_long; /* 1: 60-byte values distinct per row; 0: "v<r % 3>" */
	char *buf;	   /* ncols × 64 */
	const char **ptrs;
	size_t *lens;
	uint64_t *bytes, *chars;
	unsigned char *nulls, *trunc;
} wide_src;

static int wide_next(ds__source *s, ds__record *rec)
{
	wide_src *w = (wide_src *)s;
	size_t j, nc = s->ncolumns;

	if (w->at >= w->rows)
		return 0;
	for (j = 0; j < nc; j++) {
		char *b = w->buf + j * 64;
		if (w->distinct_long)
			snprintf(b, 64, "value-%08u-of-column-%06u-padded-to-sixty-bytes-xx",
				 (unsigned)(w->at % 100000000u), (unsigned)(j % 1000000u));
		else
			snprintf(b, 64, "v%zu", w->at % 3);
		w->ptrs[j] = b;
		w->lens[j] = strlen(b);
		w->bytes[j] = w->chars[j] = w->lens[j];
	}
	rec->nfields = nc;
	rec->text = w->ptrs;
	rec->len = w->lens;
	rec->bytes = w->bytes;
	rec->chars = w->chars;
	rec->null = w->nulls;
	rec->truncated = w->trunc;
	w->at++;
	rec->line = (long)w->at + 1;
	rec->number = (long)w->at;
	s->bytes_done = w->at;
	return 1;
}

static const ds__source_ops wide_ops = { .next = wide_next, .close = mem_close };

/* Column names for probe_wide: "c<j>", or (control_names) "n" and three C0 controls from
 * j, names that all become "n\uFFFD\uFFFD\uFFFD" in the report (up to 28³ columns). */
static void wide_name(char *name, size_t size, size_t j, int control_names)
{
	static const char controls[] = "\x01\x02\x03\x04\x05\x06\x07\x08\x0b\x0c\x0e\x0f\x10\x11"
				       "\x12\x13\x14\x15\x16\x17\x18\x19\x1a\x1b\x1c\x1d\x1e\x1f";

	if (control_names)
		snprintf(name, size, "n%c%c%c", controls[j % 28], controls[j / 28 % 28], controls[j / 784 % 28]);
	else
		snprintf(name, size, "c%zu", j);
}

static ds_probe *probe_wide_named(size_t ncols, size_t rows, int distinct_long, int control_names)
{
	wide_src w;
	ds_probe *p = NULL;
	size_t j;

	memset(&w, 0, sizeof w);
	w.base.ops = &wide_ops;
	w.base.kind = "csv";
	w.base.location = (char *)"wide.csv";
	w.base.ncolumns = ncols;
	w.base.names = calloc(ncols, sizeof *w.base.names);
	w.buf = calloc(ncols, 64);
	w.ptrs = calloc(ncols, sizeof *w.ptrs);
	w.lens = calloc(ncols, sizeof *w.lens);
	w.bytes = calloc(ncols, sizeof *w.bytes);
	w.chars = calloc(ncols, sizeof *w.chars);
	w.nulls = calloc(ncols, 1);
	w.trunc = calloc(ncols, 1);
	ck_assert(w.base.names && w.buf && w.ptrs && w.lens && w.bytes && w.chars && w.nulls && w.trunc);
	for (j = 0; j < ncols; j++) {
		char name[32];
		wide_name(name, sizeof name, j, control_names);
		w.base.names[j] = malloc(strlen(name) + 1);
		ck_assert_ptr_nonnull(w.base.names[j]);
		strcpy(w.base.names[j], name);
		ck_assert_ptr_nonnull(w.base.names[j]);
	}
	strcpy(w.base.encoding, "UTF-8");
	w.base.delimiter = ',';
	w.base.header = 1;
	w.base.bytes_total = rows;
	w.rows = rows;
	w.distinct_long = distinct_long;
	ck_assert_ds_ok(ds__probe_run(&p, &w.base, NULL));
	for (j = 0; j < ncols; j++)
		free(w.base.names[j]);
	free(w.base.names);
	free(w.buf);
	free(w.ptrs);
	free(w.lens);
	free(w.bytes);
	free(w.chars);
	free(w.nulls);
	free(w.trunc);
	return p;
}

static ds_probe *probe_wide(size_t ncols, size_t rows, int distinct_long)
{
	return probe_wide_named(ncols, rows, distinct_long, 0);
}

/* The slot ds__topk_add gives holds the value until the table grows (moves changes). */
START_TEST(test_topk_slot)
{
	topk t;
	char v[32];
	size_t i, slot = 0, slot_a = 0, again = 0;
	uint32_t moves;
	int rc;

	memset(&t, 0, sizeof t);
	ck_assert_int_eq(ds__topk_add(&t, 11, "a", 1, &slot_a), 1);
	moves = t.moves;
	ck_assert_int_eq(ds__topk_add(&t, 12, "b", 1, &slot), 1);
	ck_assert_uint_ne(slot, slot_a);
	ck_assert_int_eq(ds__topk_add(&t, 11, "a", 1, &again), 0);
	ck_assert_uint_eq(again, slot_a);
	ck_assert_uint_eq(t.slots[slot_a].count, 2);
	ck_assert_str_eq(t.arena + t.slots[slot_a].offset, "a");
	ck_assert_uint_eq(t.moves, moves);
	/* more values: the table grows, and says so */
	for (i = 0; i < 40; i++) {
		snprintf(v, sizeof v, "v%zu", i);
		rc = ds__topk_add(&t, 100 + i, v, strlen(v), &slot);
		ck_assert_int_eq(rc, 1);
	}
	ck_assert_uint_gt(t.moves, moves);
	ck_assert_int_eq(ds__topk_add(&t, 11, "a", 1, &slot), 0);
	ck_assert_uint_eq(t.slots[slot].count, 3);
	ck_assert_str_eq(t.arena + t.slots[slot].offset, "a");
	ds__topk_dispose(&t);
}
END_TEST

/* A top-value table never holds more than its budget: it gives up instead. */
START_TEST(test_topk_budget)
{
	topk t;
	char v[64];
	size_t i, kept = 0;
	int rc = 0;

	memset(&t, 0, sizeof t);
	t.budget = 8192;
	for (i = 0; i < 1000; i++) {
		snprintf(v, sizeof v, "value-%08zu-padded-to-sixty-bytes-xxxxxxxxxxxxxxxxxxxxxxxxx", i);
		rc = ds__topk_add(&t, (uint64_t)i * 0x9E3779B97F4A7C15u + 1, v, strlen(v), NULL);
		ck_assert_int_ge(rc, -1);
		ck_assert_uint_le(ds__topk_bytes(&t), t.budget);
		if (rc != 1)
			break;
		kept++;
	}
	ck_assert_int_eq(rc, -1);
	ck_assert_uint_gt(kept, 20);
	ck_assert_uint_lt(kept, 200);
	ck_assert_uint_eq(t.count, kept); /* the value refused was not added */
	ds__topk_dispose(&t);
}
END_TEST

/* Many columns × many distinct long values: every column's share of TOPK_BUDGET is
 * small, so the tables give up (before: ~117 KiB per column, 352 MB for 3000 columns);
 * distinct counts stay exact through the hash sets. Few short values keep their tables. */
START_TEST(test_topk_wide)
{
	ds_probe *p = probe_wide(3000, 300, 1);
	ds_probe_column_info c;
	size_t j;

	for (j = 0; j < 3000; j += 499) {
		ck_assert_ds_ok(ds_probe_column_at(&c, p, j));
		ck_assert_uint_eq(c.top_count, 0);
		ck_assert_uint_eq(c.distinct, 300);
		ck_assert_int_eq(c.distinct_exact, 1);
	}
	ds_probe_free(p);
	p = probe_wide(3000, 30, 0);
	for (j = 0; j < 3000; j += 499) {
		ck_assert_ds_ok(ds_probe_column_at(&c, p, j));
		ck_assert_uint_eq(c.top_count, 3);
	}
	ds_probe_free(p);
}
END_TEST

/* ------------------------------------------------------------------ quality */

START_TEST(test_quality)
{
	static const char *const names[] = { "id", "name", "day" };
	static const char *const cells[] = {
		"1", "a", "2024-01-01", "2", "", "2024-01-15", "1", "a", "2024-01-01", "3", "c", NULL,
	};
	ds_probe_options opts = DS_PROBE_OPTIONS_INIT;
	ds_probe *p;
	uint64_t n, d;
	ds_decimal *score = NULL;

	opts.update_cycle = "每周";
	opts.as_of = "2024-01-29";
	p = probe_cells(names, 3, cells, 4, &opts);
	/* 完整性: column "name" 3/4; overall the cells that hold a value, 10/12
	 * (records without an empty field, 2/4, are the records' "complete") */
	ck_assert_ds_ok(ds_probe_quality_fraction(&n, &d, p, DS_QUALITY_COMPLETENESS, 1));
	ck_assert_uint_eq(n, 3);
	ck_assert_uint_eq(d, 4);
	ck_assert_ds_ok(ds_probe_quality_fraction(&n, &d, p, DS_QUALITY_COMPLETENESS, (size_t)-1));
	ck_assert_uint_eq(n, 10);
	ck_assert_uint_eq(d, 12);
	{
		ds_probe_records r;
		ck_assert_ds_ok(ds_probe_record_stats(&r, p));
		ck_assert_uint_eq(r.complete, 2);
		ck_assert_uint_eq(r.rows, 4);
	}
	/* 准确性: record 3 duplicates record 1 */
	ck_assert_ds_ok(ds_probe_quality_fraction(&n, &d, p, DS_QUALITY_ACCURACY, (size_t)-1));
	ck_assert_uint_eq(n, 3);
	ck_assert_uint_eq(d, 4);
	ck_assert_ds_err(ds_probe_quality_fraction(&n, &d, p, DS_QUALITY_ACCURACY, 0), DS_ENOTFOUND);
	/* 规范性: all values conform */
	ck_assert_ds_ok(ds_probe_quality_fraction(&n, &d, p, DS_QUALITY_CONFORMANCE, (size_t)-1));
	ck_assert_uint_eq(n, 10);
	ck_assert_uint_eq(d, 10);
	/* 时效性: latest 2024-01-15, 14 days before the as-of date, 每周 allows 7: 7/14 */
	ck_assert_ds_ok(ds_probe_quality_fraction(&n, &d, p, DS_QUALITY_TIMELINESS, (size_t)-1));
	ck_assert_uint_eq(n, 7);
	ck_assert_uint_eq(d, 14);
	ck_assert_ds_ok(ds_decimal_new(&score));
	ck_assert_ds_ok(ds_probe_quality(score, p, DS_QUALITY_TIMELINESS, (size_t)-1));
	ck_assert_dec_eq(score, "50");
	ck_assert_ds_ok(ds_probe_quality(score, p, DS_QUALITY_COMPLETENESS, (size_t)-1));
	ck_assert_dec_eq(score, "250/3"); /* 100 × 10/12, exact: no rounding in the score */
	ck_assert_ds_ok(ds_probe_quality(score, p, DS_QUALITY_ACCURACY, (size_t)-1));
	ck_assert_dec_eq(score, "75");
	/* unchanged on failure */
	ck_assert_ds_err(ds_probe_quality(score, p, DS_QUALITY_TIMELINESS, 0), DS_ENOTFOUND);
	ck_assert_dec_eq(score, "75");
	ds_decimal_free(score);
	ds_probe_free(p);

	/* on time: 每月 and 10 days late is within 31 */
	opts.update_cycle = "每月";
	p = probe_cells(names, 3, cells, 4, &opts);
	ck_assert_ds_ok(ds_probe_quality_fraction(&n, &d, p, DS_QUALITY_TIMELINESS, (size_t)-1));
	ck_assert_uint_eq(n, 1);
	ck_assert_uint_eq(d, 1);
	ds_probe_free(p);
	/* 不定期: not assessed; no cycle: not assessed */
	opts.update_cycle = "不定期";
	p = probe_cells(names, 3, cells, 4, &opts);
	ck_assert_ds_err(ds_probe_quality_fraction(&n, &d, p, DS_QUALITY_TIMELINESS, (size_t)-1), DS_ENOTFOUND);
	ds_probe_free(p);
	p = probe_cells(names, 3, cells, 4, NULL);
	ck_assert_ds_err(ds_probe_quality_fraction(&n, &d, p, DS_QUALITY_TIMELINESS, (size_t)-1), DS_ENOTFOUND);
	ds_probe_free(p);
}
END_TEST

/* The scores feed the valuation module's quality coefficient (数据质量系数) directly. */
START_TEST(test_quality_to_valuation)
{
	static const char *const names[] = { "id", "name", "day" };
	static const char *const cells[] = {
		"1", "a", "2024-01-01", "2", "", "2024-01-15", "1", "a", "2024-01-01", "3", "c", "2024-01-20",
	};
	static const char *const dims[] = { "规范性", "完整性", "准确性", "时效性" };
	ds_probe_options opts = DS_PROBE_OPTIONS_INIT;
	ds_valuation_quality_params qp = DS_VALUATION_QUALITY_PARAMS_INIT;
	ds_decimal *scores[4], *weights[4], *full = tu_dec("100");
	ds_valuation *v = NULL;
	ds_probe *p;
	int k;

	opts.update_cycle = "每月";
	opts.as_of = "2024-02-01";
	p = probe_cells(names, 3, cells, 4, &opts);
	for (k = 0; k < 4; k++) {
		ck_assert_ds_ok(ds_decimal_new(&scores[k]));
		ck_assert_ds_ok(ds_probe_quality(scores[k], p, (ds_probe_dimension)k, (size_t)-1));
		weights[k] = tu_dec("0.25");
	}
	qp.n = 4;
	qp.names = dims;
	qp.scores = scores;
	qp.weights = weights;
	qp.full_score = full;
	ck_assert_ds_ok(ds_valuation_new(&v));
	ck_assert_ds_ok(ds_valuation_quality(v, &qp, NULL));
	/* (1 + 11/12 + 3/4 + 1) / 4: conformance 1, completeness 11/12 (one empty cell of 12),
	 * accuracy 3/4, timeliness 1 */
	ck_assert_dec_eq(ds_valuation_value(v), "11/12");
	ds_valuation_free(v);
	for (k = 0; k < 4; k++) {
		ds_decimal_free(scores[k]);
		ds_decimal_free(weights[k]);
	}
	ds_decimal_free(full);
	ds_probe_free(p);
}
END_TEST

/* A text column that is mostly dates: the odd values count against 规范性. */
START_TEST(test_quality_dominant)
{
	static const char *const values[] = { "2024-01-01", "2024-01-02", "2024-01-03", "2024-01-04", "2024-01-05",
					      "2024-01-06", "2024-01-07", "2024-01-08", "2024-01-09", "N/A" };
	ds_probe *p = probe_column_values(values, 10);
	ds_probe_column_info c = col(p, 0);

	ck_assert_int_eq(c.type, DS_PROBE_TEXT);
	ck_assert_int_eq(c.dominant, DS_PROBE_DATE);
	ck_assert_uint_eq(c.dominant_count, 9);
	ck_assert_uint_eq(c.conforming, 9);
	ds_probe_free(p);
}
END_TEST

/* ------------------------------------------------------------------ fingerprint */

START_TEST(test_fingerprint)
{
	static const char *const names[] = { "a", "b" };
	static const char *const names2[] = { "a", "c" };
	static const char *const cells[] = { "1", "x", "2", "y" };
	static const char *const changed[] = { "1", "x", "2", "z" };
	static const char *const moved[] = { "1", "x2", "", "y" }; /* same bytes, other cells */
	ds_probe *p1 = probe_cells(names, 2, cells, 2, NULL), *p2 = probe_cells(names, 2, cells, 2, NULL);
	ds_probe *p3 = probe_cells(names, 2, changed, 2, NULL), *p4 = probe_cells(names2, 2, cells, 2, NULL);
	ds_probe *p5 = probe_cells(names, 2, moved, 2, NULL);
	const char *s1, *c1, *s2, *c2;

	ck_assert_ds_ok(ds_probe_fingerprint(&s1, &c1, p1));
	ck_assert_int_eq((int)strlen(s1), 64);
	ck_assert_ds_ok(ds_probe_fingerprint(&s2, &c2, p2));
	ck_assert_str_eq(s1, s2);
	ck_assert_str_eq(c1, c2);
	ck_assert_ds_ok(ds_probe_fingerprint(&s2, &c2, p3));
	ck_assert_str_eq(s1, s2);
	ck_assert_str_ne(c1, c2);
	ck_assert_ds_ok(ds_probe_fingerprint(&s2, &c2, p4));
	ck_assert_str_ne(s1, s2);
	ck_assert_str_eq(c1, c2);
	ck_assert_ds_ok(ds_probe_fingerprint(&s2, &c2, p5));
	ck_assert_str_ne(c1, c2);
	ds_probe_free(p1);
	ds_probe_free(p2);
	ds_probe_free(p3);
	ds_probe_free(p4);
	ds_probe_free(p5);
}
END_TEST

/* ------------------------------------------------------------------ report */

static const char mixed_csv[] = "id,名称,金额,日期,手机,flag\n"
				"1,张三,12.50,2024-01-31,13812345678,是\n"
				"2,\"李,四\",3,2024-02-01,13912345678,否\n"
				"3,王五,,2024-02-29,15012345678\n"
				"4,\"tab\there\",7.125,2024-03-01,15112345678,是,extra\n";

/* How the source was read: detection, warnings, and the report's version 2
 * <detection>; a version 1 report (no detection) still loads and writes back
 * byte for byte. */
START_TEST(test_detection_report)
{
	static const char in[] = "编号,名称\n1,a\n2,b\xff\n";
	ds_probe_options opts = DS_PROBE_OPTIONS_INIT, v1 = DS_PROBE_OPTIONS_INIT;
	ds_probe *p = NULL, *q = NULL;
	ds_probe_detection_info det;
	ds_probe_source_info src;
	const char *kind = "x", *message = "x";
	char *xml = NULL, *again = NULL, *old = NULL, *cut;
	size_t n;

	ck_assert_ds_ok(ds_probe_memory(&p, in, sizeof in - 1, "stray.csv", &opts));
	ck_assert_ds_ok(ds_probe_detection(&det, p));
	ck_assert_int_eq(det.encoding_detected, 1);
	ck_assert_uint_lt(det.encoding_confidence, 100);
	ck_assert_int_eq(det.delimiter_detected, 1);
	ck_assert_int_eq(det.header_detected, 1);
	ck_assert_uint_eq(ds_probe_warning_count(p), 1);
	ck_assert_ds_ok(ds_probe_warning_at(&kind, &message, p, 0));
	ck_assert_str_eq(kind, "encoding");
	ck_assert_ptr_nonnull(strstr(message, "UTF-8"));
	kind = message = "unchanged";
	ck_assert_ds_err(ds_probe_warning_at(&kind, &message, p, 1), DS_ERANGE);
	ck_assert_str_eq(kind, "unchanged");
	ck_assert_ptr_nonnull(strstr(ds_error_last()->message, "1 warnings"));
	ck_assert_uint_eq(ds_probe_warning_count(NULL), 0);
	ck_assert_ds_err(ds_probe_detection(NULL, p), DS_EINVAL);

	ck_assert_ds_ok(ds_probe_to_xml(&xml, p));
	ck_assert_ptr_nonnull(strstr(xml, "version=\"2\""));
	ck_assert_ptr_nonnull(strstr(xml, "<detection encoding=\"detected\""));
	ck_assert_ds_ok(ds_probe_parse(&q, xml, strlen(xml), "v2.xml"));
	ck_assert_ds_ok(ds_probe_to_xml(&again, q));
	ck_assert_str_eq(again, xml);
	ck_assert_uint_eq(ds_probe_warning_count(q), 1);
	ds_probe_free(q);
	q = NULL;
	ds_free(again);
	again = NULL;

	/* a version 1 report: the same without <detection> */
	old = malloc(strlen(xml) + 1);
	ck_assert_ptr_nonnull(old);
	strcpy(old, xml);
	cut = strstr(old, "<detection");
	n = strlen(strstr(cut, "</detection>") + strlen("</detection>"));
	memmove(cut, strstr(cut, "</detection>") + strlen("</detection>"), n + 1);
	while (cut > old && (cut[-1] == ' ' || cut[-1] == '\n'))
		memmove(cut - 1, cut, strlen(cut) + 1), cut--;
	memcpy(strstr(old, "version=\"2\""), "version=\"1\"", 11);
	ck_assert_ds_ok(ds_probe_parse(&q, old, strlen(old), "v1.xml"));
	ck_assert_ds_err(ds_probe_detection(&det, q), DS_ENOTFOUND);
	ck_assert_uint_eq(ds_probe_warning_count(q), 0);
	ck_assert_ds_ok(ds_probe_to_xml(&again, q));
	ck_assert_str_eq(again, old);
	ds_probe_free(q);
	q = NULL;
	/* a version 2 report without <detection>, or version 1 with it: refused */
	memcpy(strstr(old, "version=\"1\""), "version=\"2\"", 11);
	ck_assert_ds_err(ds_probe_parse(&q, old, strlen(old), "v2.xml"), DS_EINVAL);
	memcpy(strstr(xml, "version=\"2\""), "version=\"1\"", 11);
	ck_assert_ds_err(ds_probe_parse(&q, xml, strlen(xml), "v1.xml"), DS_EINVAL);
	ck_assert_ptr_null(q);

	/* options version 1 (no header field): the first record is the header, as then */
	v1.version = 1;
	ds_probe_free(p);
	p = NULL;
	ck_assert_ds_ok(ds_probe_memory(&p, "1,2\n3,4\n", 8, "n.csv", &v1));
	ck_assert_ds_ok(ds_probe_source(&src, p));
	ck_assert_int_eq(src.header, 1);
	ds_probe_free(p);
	p = NULL;
	ck_assert_ds_ok(ds_probe_memory(&p, "1,2\n3,4\n", 8, "n.csv", &opts));
	ck_assert_ds_ok(ds_probe_source(&src, p));
	ck_assert_int_eq(src.header, 0);
	ck_assert_uint_eq(src.rows, 2);
	opts.header = (ds_probe_header)7;
	ds_probe_free(p);
	p = NULL;
	ck_assert_ds_err(ds_probe_memory(&p, "1,2\n", 4, "n.csv", &opts), DS_EINVAL);
	ck_assert_str_eq(ds_error_last()->field, "header");
	ds_free(xml);
	ds_free(again);
	free(old);
}
END_TEST

/* Linear in columns (issue 20): two rows of 65,536 empty fields (131 KB)
 * took over 20 s of CPU through ds_probe_quality_fraction's loop over every
 * column, and the report's load, diff and catalogue draft as long again
 * through per-column scans. The whole path now takes a few seconds at most,
 * measured in CPU time so that a loaded machine does not make it fail;
 * a quadratic step anywhere would take minutes. */
START_TEST(test_wide_is_linear)
{
	/* rows of 65,537 characters: 65,536 commas and a line end (under valgrind 4,097, the
	 * same code); the first row's x replaces a comma, so it has 65,536 fields, the
	 * columns, and the second one more */
	size_t nf = tu_under_valgrind() ? 4097 : 65537, n = nf - 1, len = 2 * nf, i;
	char *in = malloc(len), *xml = NULL, last[32];
	ds_probe_options opts = DS_PROBE_OPTIONS_INIT;
	ds_probe *p = NULL, *q = NULL;
	ds_probe_diff *diff = NULL;
	ds_resource *entry = NULL;
	clock_t start = clock();
	double cpu;

	ck_assert_ptr_nonnull(in);
	for (i = 0; i < len; i++)
		in[i] = (i % nf) == nf - 1 ? '\n' : ',';
	in[n / 2] = 'x'; /* one value, so that the column is not all empty */
	opts.header = DS_PROBE_HEADER_NO;
	ck_assert_ds_ok(ds_probe_memory(&p, in, len, "wide.csv", &opts));
	ck_assert_uint_eq(ds_probe_column_count(p), n);
	ck_assert_ds_ok(ds_probe_to_xml(&xml, p));
	ck_assert_ds_ok(ds_probe_parse(&q, xml, strlen(xml), "wide.xml"));
	ck_assert_ds_ok(ds_probe_diff_new(&diff, p, q, NULL));
	ck_assert_uint_eq(ds_probe_diff_count(diff), 0);
	ck_assert_ds_ok(ds_probe_to_resource(&entry, q));
	ck_assert_uint_eq(ds_resource_item_count(entry), n);
	/* the entry's name index: a repeat is still refused, at the end or inside,
	 * and a name freed by a removal can be taken again */
	snprintf(last, sizeof last, "column_%zu", n);
	ck_assert_ds_err(ds_resource_item_insert(entry, (size_t)-1, last, NULL, 0, NULL), DS_EEXISTS);
	ck_assert_ds_err(ds_resource_item_insert(entry, 3, "column_7", NULL, 0, NULL), DS_EEXISTS);
	ck_assert_ds_ok(ds_resource_item_insert(entry, 3, "extra", NULL, 0, NULL));
	ck_assert_ds_err(ds_resource_item_insert(entry, (size_t)-1, "extra", NULL, 0, NULL), DS_EEXISTS);
	ck_assert_ds_ok(ds_resource_item_remove(entry, 3));
	ck_assert_ds_ok(ds_resource_item_insert(entry, (size_t)-1, "extra", NULL, 0, NULL));
	cpu = (double)(clock() - start) / CLOCKS_PER_SEC;
	/* under valgrind (or a sanitizer build, 40 s seen) every instruction costs many times more: the
	 * bound is checked on the ordinary build, where a quadratic step would take minutes */
	ck_assert_msg(cpu < 30 || tu_under_valgrind() || tu_sanitized(), "65,537 columns × 2 rows took %.1f s of CPU",
		      cpu);
	ds_resource_free(entry);
	ds_probe_diff_free(diff);
	ds_probe_free(q);
	ds_probe_free(p);
	ds_free(xml);
	free(in);
}
END_TEST

START_TEST(test_report_round_trip)
{
	ds_probe_options opts = DS_PROBE_OPTIONS_INIT;
	ds_probe *p = NULL, *q = NULL;
	char *x1 = NULL, *x2 = NULL;
	uint64_t count;
	size_t samples;
	long line;

	opts.update_cycle = "每月";
	opts.as_of = "2024-03-15";
	ck_assert_ds_ok(ds_probe_memory(&p, mixed_csv, strlen(mixed_csv), "mixed.csv", &opts));
	ck_assert_ds_ok(ds_probe_problem(&count, &samples, p, DS_PROBLEM_RAGGED_ROW));
	ck_assert_uint_eq(count, 2);
	ck_assert_uint_eq(samples, 2);
	ck_assert_ds_ok(ds_probe_problem_sample_at(&line, NULL, NULL, p, DS_PROBLEM_RAGGED_ROW, 0));
	ck_assert_int_eq(line, 4);
	{
		/* Past the samples kept: DS_ERANGE naming index and count, outputs unchanged. */
		long column = -7;
		const char *message = "unchanged";
		ck_assert_ds_err(ds_probe_problem_sample_at(&line, &column, &message, p, DS_PROBLEM_RAGGED_ROW, 2),
				 DS_ERANGE);
		ck_assert_msg(strstr(ds_error_last()->message, "index 2") &&
				      strstr(ds_error_last()->message, "2 ragged-row samples"),
			      "%s", ds_error_last()->message);
		ck_assert_int_eq(line, 4);
		ck_assert_int_eq(column, -7);
		ck_assert_str_eq(message, "unchanged");
		ck_assert_ds_err(ds_probe_problem_sample_at(&line, &column, &message, NULL, DS_PROBLEM_RAGGED_ROW, 0),
				 DS_EINVAL);
	}
	ck_assert_ds_ok(ds_probe_to_xml(&x1, p));
	ck_assert_ptr_nonnull(strstr(x1, "urn:datasset:probe:1"));
	ck_assert_ds_ok(ds_probe_parse(&q, x1, strlen(x1), "r.xml"));
	ck_assert_ds_ok(ds_probe_to_xml(&x2, q));
	ck_assert_str_eq(x1, x2);
	ck_assert_str_eq(col(q, 1).name, "名称");
	ck_assert_int_eq(col(q, 2).type, DS_PROBE_DECIMAL);
	ck_assert_int_eq(col(q, 4).personal_info, 1);
	ds_free(x1);
	ds_free(x2);
	ds_probe_free(p);
	ds_probe_free(q);
}
END_TEST

/* Found by fuzz/fuzz_probe: names and messages that XML cannot carry as they are
 * (controls, U+FFFF, a message cut inside a character, names equal once cleaned, a
 * blank name the catalogue trims away) still give a report that loads back, and a draft. */
START_TEST(test_report_unsafe_text)
{
	static const char *const names[] = { "\x01"
					     "a",
					     "\x02"
					     "a",
					     "\t", "\xEF\xBF\xBFx", "a\xEF\xBF\xBD" };
	static const char *const cells[] = { "1", "2", "3", "4", "\x01" };
	mem_src m;
	ds_probe *p = NULL, *q = NULL;
	ds_resource *r = NULL;
	char *x1 = NULL, *x2 = NULL;
	ds_item item;

	mem_init(&m, names, 5, cells, 1);
	m.base.location = (char *)"bad\xFF.csv";
	m.base.problems.count[DS__SRC_INVALID_BYTES] = 1;
	m.base.problems.nsamples[DS__SRC_INVALID_BYTES] = 1;
	strcpy(m.base.problems.samples[DS__SRC_INVALID_BYTES][0].message, "line 1: cut \xE4\xB8");
	ck_assert_ds_ok(ds__probe_run(&p, &m.base, NULL));
	ck_assert_str_eq(col(p, 0).name, "\xEF\xBF\xBD"
					 "a");
	ck_assert_str_eq(col(p, 1).name, "\xEF\xBF\xBD"
					 "a_2");
	ck_assert_str_eq(col(p, 3).name, "\xEF\xBF\xBD"
					 "x");
	ck_assert_str_eq(col(p, 4).name, "a\xEF\xBF\xBD");
	ck_assert_uint_eq(col(p, 4).top_count, 0); /* a control character: no top values */
	ck_assert_ds_ok(ds_probe_to_xml(&x1, p));
	ck_assert_ds_ok(ds_probe_parse(&q, x1, strlen(x1), "r.xml"));
	ck_assert_ds_ok(ds_probe_to_xml(&x2, q));
	ck_assert_str_eq(x1, x2);
	ck_assert_ds_ok(ds_probe_to_resource(&r, q));
	ck_assert_uint_eq(ds_resource_item_count(r), 5);
	ck_assert_ds_ok(ds_resource_item_at(&item, r, 2));
	ck_assert_str_eq(item.name, "column_3");
	ds_resource_free(r);
	ds_free(x1);
	ds_free(x2);
	ds_probe_free(p);
	ds_probe_free(q);
}
END_TEST

static char *replace(const char *text, const char *from, const char *to)
{
	const char *at = strstr(text, from);
	size_t n = strlen(text) - strlen(from) + strlen(to) + 1;
	char *out = malloc(n);

	ck_assert_ptr_nonnull(at);
	memcpy(out, text, (size_t)(at - text));
	strcpy(out + (at - text), to);
	strcat(out, at + strlen(from));
	return out;
}

/* A stored report that contradicts itself is refused, each rule with its
 * message and the line of the element (the registry keeps these reports
 * and the certificate's figures come from them). */
START_TEST(test_report_consistency_rules)
{
	static const struct {
		const char *from, *to, *message;
	} cases[] = {
		{ "nulls=\"1\" non-empty=\"3\"", "nulls=\"2\" non-empty=\"3\"",
		  "nulls + non-empty must equal the rows" },
		{ "non-empty=\"4\" conforming=\"4\" max-length=\"10\"",
		  "non-empty=\"4\" conforming=\"5\" max-length=\"10\"", "more conforming values than non-empty ones" },
		{ "nullable=\"false\" nulls=\"0\" non-empty=\"4\" conforming=\"4\" max-length=\"10\"",
		  "nullable=\"true\" nulls=\"0\" non-empty=\"4\" conforming=\"4\" max-length=\"10\"",
		  "nullable must say whether there are nulls" },
		{ "max-length=\"10\" distinct=\"4\"", "max-length=\"10\" distinct=\"5\"",
		  "more distinct values than non-empty ones" },
		{ "unique=\"true\" min=\"2023-01-05\"", "unique=\"false\" min=\"2023-01-05\"",
		  "unique must say whether every value is distinct" },
		{ "<top value=\"2023-01-05\" count=\"1\"/>", "<top value=\"2023-01-05\" count=\"9\"/>",
		  "the top values are counted more often than the column's values" },
		{ "top-k=\"10\"", "top-k=\"2\"", "more top values than top-k" },
		{ "top-k=\"10\"", "top-k=\"101\"", "top-k is at most 100" },
		{ "precision=\"6\" scale=\"2\"", "precision=\"1\" scale=\"2\"",
		  "the scale is more than the precision" },
		{ " max=\"1200.00\"", "", "min and max go together" },
		{ "min=\"414.20\"", "min=\"1414.20\"", "min is above max" },
		{ "min=\"414.20\"", "min=\"four\"", "'four' does not read as" },
		{ "complete=\"3\"", "complete=\"9\"", "complete, duplicate-window and duplicates must fit the rows" },
		{ "latest-date=\"2024-12-25\"", "latest-date=\"2024-02-30\"", "'2024-02-30' is not a real date" },
		{ "name=\"单位名称\"", "name=\"缴存日期\"", "column name '缴存日期' repeated" },
		{ "numerator=\"11\" denominator=\"11\"", "numerator=\"10\" denominator=\"11\"",
		  "the indicator does not follow from the counts" },
		{ "column=\"缴存日期\"", "column=\"无此列\"", "an indicator for a column the report does not have" },
		{ "delimiter=\",\"", "delimiter=\"；\"", "the delimiter must be one ASCII character" },
		{ "distinct-exact=\"true\" unique=\"true\" min=\"2023-01-05\"",
		  "semantic-shape=\"9\" distinct-exact=\"true\" unique=\"true\" min=\"2023-01-05\"",
		  "semantic counts exceed the values" },
		{ "duplicates=\"0\"", "duplicates=\"9\"",
		  "complete, duplicate-window and duplicates must fit the rows" },
		{ " min=\"414.20\"", "", "min and max go together" },
		{ "max=\"1200.00\"", "max=\"twelve\"", "'twelve' does not read as" },
	};
	char *xml = NULL, *bad;
	ds_probe *q = (ds_probe *)0x1;
	size_t i, len;
	FILE *f;
	char path[1024];
	const char *src = getenv("top_srcdir");

	snprintf(path, sizeof path, "%s/tests/fixtures/registry/probe.xml", src ? src : ".");
	ck_assert_ptr_nonnull(f = fopen(path, "rb"));
	ck_assert_ptr_nonnull(xml = calloc(1, 1 << 16));
	len = fread(xml, 1, (1 << 16) - 1, f);
	fclose(f);
	ck_assert_uint_gt(len, 0);
	ck_assert_ds_ok(ds_probe_parse(&q, xml, len, "probe.xml"));
	ds_probe_free(q);
	q = (ds_probe *)0x1;
	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		ck_assert_msg(strstr(xml, cases[i].from), "case %zu: '%s' is not in the fixture", i, cases[i].from);
		bad = replace(xml, cases[i].from, cases[i].to);
		ck_assert_msg(ds_probe_parse(&q, bad, strlen(bad), "bad.xml") == DS_EINVAL, "case %zu (%s): %s", i,
			      cases[i].to, ds_error_last()->message);
		ck_assert_msg(strstr(ds_error_last()->message, cases[i].message) != NULL, "case %zu: %s", i,
			      ds_error_last()->message);
		ck_assert_msg(ds_error_last()->line > 0, "case %zu: no line: %s", i, ds_error_last()->message);
		ck_assert_ptr_eq(q, (ds_probe *)0x1);
		free(bad);
	}
	free(xml);
}
END_TEST

START_TEST(test_report_rejects)
{
	static const char *const names[] = { "a", "b" };
	static const char *const cells[] = { "1", "x", "2", "" };
	ds_probe *p = probe_cells(names, 2, cells, 2, NULL), *q = (ds_probe *)0x1;
	char *xml = NULL, *bad;

	ck_assert_ds_ok(ds_probe_to_xml(&xml, p));
	/* fails the schema: an unknown type */
	bad = replace(xml, "type=\"integer\"", "type=\"number\"");
	ck_assert_ds_err(ds_probe_parse(&q, bad, strlen(bad), "bad.xml"), DS_EPARSE);
	ck_assert_int_gt(ds_error_last()->line, 0);
	ck_assert_ptr_eq(q, (ds_probe *)0x1); /* unchanged */
	free(bad);
	/* a digest that is not 64 hex digits */
	bad = replace(xml, "content=\"", "content=\"zz");
	ck_assert_ds_err(ds_probe_parse(&q, bad, strlen(bad), "bad.xml"), DS_EPARSE);
	free(bad);
	/* counts that contradict each other */
	bad = replace(xml, "nulls=\"1\"", "nulls=\"2\"");
	ck_assert_ds_err(ds_probe_parse(&q, bad, strlen(bad), "bad.xml"), DS_EINVAL);
	free(bad);
	/* an indicator that does not follow from the counts */
	bad = replace(xml, "numerator=\"1\" denominator=\"2\"", "numerator=\"2\" denominator=\"2\"");
	ck_assert_ds_err(ds_probe_parse(&q, bad, strlen(bad), "bad.xml"), DS_EINVAL);
	free(bad);
	/* not well-formed */
	ck_assert_ds_err(ds_probe_parse(&q, "<probe", 6, "bad.xml"), DS_EPARSE);
	ck_assert_ds_err(ds_probe_load(&q, "/nonexistent/probe.xml"), DS_EIO);
	ck_assert_ptr_eq(q, (ds_probe *)0x1);
	ds_free(xml);
	ds_probe_free(p);
}
END_TEST

/* Parse xml with one substitution; expect DS_EINVAL with a message that names the file
 * and a line and contains what. */
static void reject_tampered(const char *xml, const char *from, const char *to, const char *what)
{
	char *bad = replace(xml, from, to);
	ds_probe *q = (ds_probe *)0x1;
	const char *msg;

	ck_assert_ds_err(ds_probe_parse(&q, bad, strlen(bad), "t.xml"), DS_EINVAL);
	msg = ds_error_last()->message;
	ck_assert_msg(strncmp(msg, "t.xml: line ", 12) == 0 && strstr(msg, what),
		      "%s -> %s: message '%s', expected the file, a line and '%s'", from, to, msg, what);
	ck_assert_int_gt(ds_error_last()->line, 0);
	ck_assert_ptr_eq(q, (ds_probe *)0x1);
	free(bad);
}

/* Tampered reports whose content contradicts itself are refused, naming file and line. */
START_TEST(test_report_consistency)
{
	static const char *const names[] = { "id", "amt", "name", "day" };
	static const char *const cells[] = { "1", "1.50", "a", "2024-01-02", "2", "2.25", "b", "2024-01-03" };
	ds_probe *p = probe_cells(names, 4, cells, 2, NULL), *q = NULL;
	char *xml = NULL;

	ck_assert_ds_ok(ds_probe_to_xml(&xml, p));
	ck_assert_ds_ok(ds_probe_parse(&q, xml, strlen(xml), "t.xml")); /* the untouched report loads */
	ds_probe_free(q);
	reject_tampered(xml, "distinct=\"2\"", "distinct=\"5\"", "more distinct values than non-empty ones");
	reject_tampered(xml, "unique=\"true\"", "unique=\"false\"", "unique must say");
	reject_tampered(xml, "min=\"1.50\" max=\"2.25\"", "min=\"zzz\" max=\"-7\"", "'zzz' does not read as decimal");
	reject_tampered(xml, "min=\"1.50\" max=\"2.25\"", "min=\"1.50\" max=\"2.2.5\"",
			"'2.2.5' does not read as decimal");
	reject_tampered(xml, "min=\"1.50\" max=\"2.25\"", "min=\"3.5\" max=\"2.25\"", "min is above max");
	reject_tampered(xml, "min=\"1\" max=\"2\"", "min=\"1.5\" max=\"2\"", "'1.5' does not read as integer");
	reject_tampered(xml, "type=\"integer\" precision=\"1\" scale=\"0\"",
			"type=\"integer\" precision=\"1\" scale=\"2\"", "an integer column has scale 0");
	reject_tampered(xml, "precision=\"3\" scale=\"2\"", "precision=\"1\" scale=\"2\"",
			"the scale is more than the precision");
	reject_tampered(xml, "min=\"2024-01-02\"", "min=\"2024-02-30\"", "'2024-02-30' does not read as date");
	reject_tampered(xml, "max=\"2024-01-03\"", "max=\"2024-01-01\"", "min is above max");
	reject_tampered(xml, "min=\"2024-01-02\" max=\"2024-01-03\"", "min=\"2024-01-02\"", "min and max go together");
	reject_tampered(xml, "unique=\"true\">\n      <top value=\"a\"",
			"unique=\"true\" min=\"a\" max=\"b\">\n      <top value=\"a\"", "'a' does not read as text");
	reject_tampered(xml, "<top value=\"1\" count=\"1\"/>", "<top value=\"1\" count=\"2\"/>",
			"the top values are counted more often");
	reject_tampered(xml, "name=\"amt\"", "name=\"id\"", "column name 'id' repeated");
	/* rows × columns past 64 bits (the rest made to fit the rows) */
	reject_tampered(xml,
			"rows=\"2\" complete=\"2\" duplicate-window=\"2\" duplicates=\"0\" duplicates-exact=\"true\"",
			"rows=\"18446744073709551615\" complete=\"2\" duplicate-window=\"2\" duplicates=\"0\" "
			"duplicates-exact=\"false\"",
			"rows × columns do not fit 64 bits");
	ds_free(xml);
	ds_probe_free(p);
}
END_TEST

/* ------------------------------------------------------------------ change report */

static int has_event(const ds_probe_diff *d, ds_probe_change change, const char *column, ds_probe_severity severity,
		     int stale)
{
	size_t i;

	for (i = 0; i < ds_probe_diff_count(d); i++) {
		ds_probe_event e;
		ck_assert_ds_ok(ds_probe_diff_at(&e, d, i));
		if (e.change == change && e.severity == severity && e.catalog_stale == stale &&
		    ((column == NULL && e.column == NULL) || (column && e.column && strcmp(column, e.column) == 0)))
			return 1;
	}
	return 0;
}

START_TEST(test_diff_events)
{
	static const char *const old_names[] = { "a", "b", "c", "d", "e" };
	static const char *const old_cells[] = {
		"1", "x", "7", "x", "1", "2", "y", "8", "y", "2", "3", "z", "9", "z", "3", "4", "w", "10", "w", "4",
	};
	/* a widens to decimal, b renamed to b2, c dropped, d narrows text → integer and gains nulls,
	 * e unchanged, f added; one row fewer */
	static const char *const new_names[] = { "a", "b2", "d", "e", "f" };
	static const char *const new_cells[] = {
		"1.5", "x", "1", "1", "n", "2", "y", "", "2", "n", "3", "z", "", "3", "n",
	};
	ds_probe *o = probe_cells(old_names, 5, old_cells, 4, NULL), *n = probe_cells(new_names, 5, new_cells, 3, NULL);
	ds_probe_diff *d = NULL;
	ds_probe_diff_options opts;
	ds_probe_event e;

	ck_assert_ds_ok(ds_probe_diff_options_init(&opts, DS_PROBE_DIFF_OPTIONS_VERSION));
	ck_assert_ds_ok(ds_probe_diff_new(&d, o, n, &opts));
	ck_assert(has_event(d, DS_CHANGE_TYPE_WIDEN, "a", DS_PROBE_WARNING, 1));
	ck_assert(has_event(d, DS_CHANGE_RENAME, "b2", DS_PROBE_BREAKING, 1));
	ck_assert(has_event(d, DS_CHANGE_DROP, "c", DS_PROBE_BREAKING, 1));
	ck_assert(has_event(d, DS_CHANGE_TYPE_NARROW, "d", DS_PROBE_WARNING, 1));
	ck_assert(has_event(d, DS_CHANGE_NULLABILITY, "d", DS_PROBE_WARNING, 0));
	ck_assert(has_event(d, DS_CHANGE_STATS_DRIFT, "d", DS_PROBE_INFO, 0)); /* null share 0 → 2/3 */
	ck_assert(has_event(d, DS_CHANGE_ADD, "f", DS_PROBE_INFO, 1));
	ck_assert(has_event(d, DS_CHANGE_STATS_DRIFT, NULL, DS_PROBE_INFO, 0)); /* 4 → 3 rows */
	ck_assert(has_event(d, DS_CHANGE_CONTENT, NULL, DS_PROBE_INFO, 0));
	ck_assert(has_event(d, DS_CHANGE_QUALITY, NULL, DS_PROBE_WARNING, 0)); /* 完整性 1 → 13/15 */
	ck_assert(!has_event(d, DS_CHANGE_TYPE_WIDEN, "e", DS_PROBE_WARNING, 1));
	ck_assert_int_eq(ds_probe_diff_catalog_stale(d), 1);
	ck_assert_ds_ok(ds_probe_diff_at(&e, d, 0));
	ck_assert_int_eq(e.change, DS_CHANGE_DROP);
	ck_assert_str_eq(e.old_value, "c");
	{
		/* a byte pattern (padding included, so memory checkers see it defined) that a failed call must leave */
		ds_probe_event before;
		memset(&e, 0xa5, sizeof e);
		memset(&before, 0xa5, sizeof before);
		ck_assert_ds_err(ds_probe_diff_at(&e, d, ds_probe_diff_count(d)), DS_ERANGE);
		char expect[96];
		snprintf(expect, sizeof expect, "index %zu is out of range; the report has %zu events",
			 ds_probe_diff_count(d), ds_probe_diff_count(d));
		ck_assert_msg(strstr(ds_error_last()->message, expect) != NULL, "%s", ds_error_last()->message);
		ck_assert_mem_eq(&e, &before, sizeof e);
		ck_assert_ds_err(ds_probe_diff_at(NULL, d, 0), DS_EINVAL);
		ck_assert_ds_err(ds_probe_diff_at(&e, NULL, 0), DS_EINVAL);
	}
	ds_probe_diff_free(d);

	/* the same probe twice: no events */
	ck_assert_ds_ok(ds_probe_diff_new(&d, o, o, NULL));
	ck_assert_uint_eq(ds_probe_diff_count(d), 0);
	ck_assert_int_eq(ds_probe_diff_catalog_stale(d), 0);
	ds_probe_diff_free(d);
	opts.version = 99;
	ck_assert_ds_err(ds_probe_diff_new(&d, o, n, &opts), DS_EINVAL);
	ds_probe_free(o);
	ds_probe_free(n);
}
END_TEST

/* A rename after a dropped column: positions count from the columns matched by name (counted
 * from the start, phone would sit under name), and a recognised identifier pairs with its own kind. */
START_TEST(test_diff_rename_after_drop)
{
	static const char *const old_names[] = { "id", "flag", "name", "phone", "note" };
	static const char *const old_cells[] = {
		"1", "是", "张三", "13812345678", "a", "2", "否", "李四", "13912345678", "",
	};
	static const char *const new_names[] = { "id", "name", "mobile", "mode" };
	static const char *const new_cells[] = {
		"1", "张三", "13812345678", "汇缴", "2", "李四", "13912345678", "补缴",
	};
	ds_probe *o = probe_cells(old_names, 5, old_cells, 2, NULL), *n = probe_cells(new_names, 4, new_cells, 2, NULL);
	ds_probe_diff *d = NULL;

	ck_assert_ds_ok(ds_probe_diff_new(&d, o, n, NULL));
	ck_assert(has_event(d, DS_CHANGE_DROP, "flag", DS_PROBE_BREAKING, 1));
	/* note (text) and mode (text) share the gap after the renamed column: a rename by the rule */
	ck_assert(has_event(d, DS_CHANGE_RENAME, "mode", DS_PROBE_BREAKING, 1));
	ck_assert(has_event(d, DS_CHANGE_RENAME, "mobile", DS_PROBE_BREAKING, 1));
	ck_assert(!has_event(d, DS_CHANGE_ADD, "mobile", DS_PROBE_INFO, 1));
	ck_assert(!has_event(d, DS_CHANGE_DROP, "phone", DS_PROBE_BREAKING, 1));
	ds_probe_diff_free(d);
	ds_probe_free(o);
	ds_probe_free(n);
}
END_TEST

/* The event of that kind for that column (fails when there is none). */
static ds_probe_event event_of(const ds_probe_diff *d, ds_probe_change change, const char *column)
{
	size_t i;
	ds_probe_event e;

	for (i = 0; i < ds_probe_diff_count(d); i++) {
		ck_assert_ds_ok(ds_probe_diff_at(&e, d, i));
		if (e.change == change && e.column && strcmp(e.column, column) == 0)
			return e;
	}
	ck_abort_msg("no %s event for %s", ds_probe_change_name(change), column);
	return e;
}

/* Changes that leave the base type alone but make the catalogue draft stale: a semantic
 * type / personal-info mark lost, decimal precision/scale grown or shrunk, values longer
 * than the 信息项 length. Shorter values change nothing. */
START_TEST(test_diff_catalog_changes)
{
	static const char *const names[] = { "id", "amt", "rate", "note", "k" };
	static const char *const old_cells[] = {
		"11010519491231002X", "1.25", "1.255", "ab", "abcdef", "440524188001010014", "10.50", "2.5", "cd", "x",
	};
	static const char *const new_cells[] = {
		"X1010519491231002X", "1.25", "1.25", "abcdef", "ab", "A40524188001010014", "1000.50", "2.5", "x", "y",
	};
	ds_probe *o = probe_cells(names, 5, old_cells, 2, NULL), *n = probe_cells(names, 5, new_cells, 2, NULL);
	ds_probe_diff *d = NULL;
	ds_probe_event e;

	ck_assert_ds_ok(ds_probe_diff_new(&d, o, n, NULL));
	e = event_of(d, DS_CHANGE_TYPE_WIDEN, "id");
	ck_assert_str_eq(e.old_value, "text[id-card, personal]");
	ck_assert_str_eq(e.new_value, "text");
	ck_assert_int_eq(e.catalog_stale, 1);
	e = event_of(d, DS_CHANGE_TYPE_WIDEN, "amt");
	ck_assert_str_eq(e.old_value, "decimal(4,2)");
	ck_assert_str_eq(e.new_value, "decimal(6,2)");
	ck_assert_int_eq(e.catalog_stale, 1);
	e = event_of(d, DS_CHANGE_TYPE_NARROW, "rate");
	ck_assert_str_eq(e.old_value, "decimal(4,3)");
	ck_assert_str_eq(e.new_value, "decimal(3,2)");
	e = event_of(d, DS_CHANGE_STATS_DRIFT, "note");
	ck_assert_str_eq(e.old_value, "length 2");
	ck_assert_str_eq(e.new_value, "length 6");
	ck_assert_int_eq(e.catalog_stale, 1);
	ck_assert_int_eq(e.severity, DS_PROBE_WARNING);
	ck_assert(!has_event(d, DS_CHANGE_STATS_DRIFT, "k", DS_PROBE_WARNING, 1));
	ck_assert_int_eq(ds_probe_diff_catalog_stale(d), 1);
	ds_probe_diff_free(d);
	/* the other way round: a semantic type gained narrows */
	ck_assert_ds_ok(ds_probe_diff_new(&d, n, o, NULL));
	e = event_of(d, DS_CHANGE_TYPE_NARROW, "id");
	ck_assert_str_eq(e.old_value, "text");
	ck_assert_str_eq(e.new_value, "text[id-card, personal]");
	ds_probe_diff_free(d);
	ds_probe_free(o);
	ds_probe_free(n);
}
END_TEST

/* Probes of different sources: still compared, but the first event and the flag say so. */
START_TEST(test_diff_other_source)
{
	static const char *const names[] = { "a" };
	static const char *const cells[] = { "1", "2" };
	ds_probe *o = probe_cells(names, 1, cells, 2, NULL), *n = probe_cells(names, 1, cells, 2, NULL);
	ds_probe_diff *d = NULL;
	ds_probe_event e;

	ck_assert_ds_ok(ds_probe_diff_new(&d, o, n, NULL));
	ck_assert_int_eq(ds_probe_diff_same_source(d), 1);
	ck_assert_uint_eq(ds_probe_diff_count(d), 0);
	ds_probe_diff_free(d);
	/* another file of the same kind: info, the catalogue entry still holds */
	ds__free(n->location);
	ck_assert_ptr_nonnull(n->location = ds__strdup("other.csv"));
	ck_assert_ds_ok(ds_probe_diff_new(&d, o, n, NULL));
	ck_assert_int_eq(ds_probe_diff_same_source(d), 0);
	ck_assert_ds_ok(ds_probe_diff_at(&e, d, 0));
	ck_assert_int_eq(e.change, DS_CHANGE_SOURCE);
	ck_assert_str_eq(ds_probe_change_name(e.change), "SOURCE");
	ck_assert_int_eq(e.severity, DS_PROBE_INFO);
	ck_assert_str_eq(e.old_value, "csv:test.csv");
	ck_assert_str_eq(e.new_value, "csv:other.csv");
	ck_assert_int_eq(ds_probe_diff_catalog_stale(d), 0);
	ds_probe_diff_free(d);
	/* another kind: a warning, and the 资源格式 changes */
	ds__free(n->kind);
	ck_assert_ptr_nonnull(n->kind = ds__strdup("sqlite"));
	ck_assert_ds_ok(ds_probe_diff_new(&d, o, n, NULL));
	ck_assert_ds_ok(ds_probe_diff_at(&e, d, 0));
	ck_assert_int_eq(e.change, DS_CHANGE_SOURCE);
	ck_assert_int_eq(e.severity, DS_PROBE_WARNING);
	ck_assert_str_eq(e.new_value, "sqlite:other.csv");
	ck_assert_int_eq(ds_probe_diff_catalog_stale(d), 1);
	ds_probe_diff_free(d);
	ck_assert_int_eq(ds_probe_diff_same_source(NULL), 0);
	ds_probe_free(o);
	ds_probe_free(n);
}
END_TEST

/* 20,000 columns whose names all become the same in XML (suffixes _2 … _20000), a report
 * round trip and a diff: linear in the number of columns (name indexes), a few seconds. */
START_TEST(test_many_columns)
{
	/* under valgrind 2,000 columns: the same code, a tenth of the time */
	const size_t N = tu_under_valgrind() ? 2000 : 20000;
	clock_t start = clock();
	ds_probe *p = probe_wide_named(N, 3, 0, 1), *q = NULL;
	char last[64];
	ds_probe_diff *d = NULL;
	ds_probe_column_info c;
	char *xml = NULL;
	clock_t used;

	ck_assert_ds_ok(ds_probe_column_at(&c, p, 0));
	ck_assert_str_eq(c.name, "n\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD");
	ck_assert_ds_ok(ds_probe_column_at(&c, p, 1));
	ck_assert_str_eq(c.name, "n\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD_2");
	ck_assert_ds_ok(ds_probe_column_at(&c, p, N - 1));
	snprintf(last, sizeof last, "n\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD_%zu", N);
	ck_assert_str_eq(c.name, last);
	ck_assert_ds_ok(ds_probe_to_xml(&xml, p));
	ck_assert_ds_ok(ds_probe_parse(&q, xml, strlen(xml), "wide.xml"));
	ck_assert_uint_eq(ds_probe_column_count(q), N);
	ck_assert_ds_ok(ds_probe_diff_new(&d, p, q, NULL));
	ck_assert_uint_eq(ds_probe_diff_count(d), 0);
	ds_probe_diff_free(d);
	used = clock() - start;
	if (!tu_under_valgrind()) /* valgrind runs code tens of times slower */
		ck_assert_msg(used < 30 * CLOCKS_PER_SEC, "20,000 columns took %ld ms of CPU",
			      (long)(used / (CLOCKS_PER_SEC / 1000)));
	ds_free(xml);
	ds_probe_free(p);
	ds_probe_free(q);
}
END_TEST

/* Only the content changed; nullability gone is info; and a diff of loaded probes. */
/* Two files that differ only after the first 1 MiB of a field (the kept text):
 * the digest, the distinct count and the change report see the whole field. */
START_TEST(test_fingerprint_long_field)
{
	size_t big = 2000000, len;
	char *a = malloc(2 * big + 128), *b = malloc(big + 64);
	ds_probe *pa = NULL, *pb = NULL, *pab = NULL;
	ds_probe_diff *d = NULL;
	const char *sa, *ca, *sb, *cb;
	ds_probe_column_info col;
	ds_probe_records r;

	len = (size_t)sprintf(a, "a,b\n");
	memset(a + len, 'x', big);
	len += big;
	len += (size_t)sprintf(a + len, "A,1\n");
	memcpy(b, a, len);
	b[len - 4] = 'B';
	ck_assert_ds_ok(ds_probe_memory(&pa, a, len, "A.csv", NULL));
	ck_assert_ds_ok(ds_probe_memory(&pb, b, len, "B.csv", NULL));
	ck_assert_ds_ok(ds_probe_fingerprint(&sa, &ca, pa));
	ck_assert_ds_ok(ds_probe_fingerprint(&sb, &cb, pb));
	ck_assert_str_eq(sa, sb);
	ck_assert_str_ne(ca, cb);
	ck_assert_ds_ok(ds_probe_diff_new(&d, pa, pb, NULL));
	ck_assert(has_event(d, DS_CHANGE_CONTENT, NULL, DS_PROBE_INFO, 0));
	ds_probe_diff_free(d);
	/* both rows in one file: two distinct values, no duplicate record */
	memcpy(a + len, b + 4, len - 4);
	ck_assert_ds_ok(ds_probe_memory(&pab, a, 2 * len - 4, "AB.csv", NULL));
	ck_assert_ds_ok(ds_probe_column_at(&col, pab, 0));
	ck_assert_uint_eq(col.distinct, 2);
	ck_assert_ds_ok(ds_probe_record_stats(&r, pab));
	ck_assert_uint_eq(r.rows, 2);
	ck_assert_uint_eq(r.duplicates, 0);
	ds_probe_free(pa);
	ds_probe_free(pb);
	ds_probe_free(pab);
	free(a);
	free(b);
}
END_TEST

/* The reviewer's record: 20 fields of 1.1 MB pass DS__SOURCE_MAX_RECORD; the
 * fields past it are cut to nothing but are values, not nulls. */
START_TEST(test_long_record_not_null)
{
	/* fields over 1 MiB in a record over the batch's bound; under valgrind 3 of them */
	size_t nf = tu_under_valgrind() ? 3 : 20, flen = 1100000, len = 0, i;
	char *in = malloc(nf * (flen + 8) + 256);
	ds_probe *p = NULL;
	ds_probe_column_info col;
	ds_probe_records r;

	for (i = 0; i < nf; i++)
		len += (size_t)sprintf(in + len, "c%zu%c", i, i + 1 < nf ? ',' : '\n');
	for (i = 0; i < nf; i++) {
		memset(in + len, 'a', flen);
		len += flen;
		in[len++] = i + 1 < nf ? ',' : '\n';
	}
	for (i = 0; i < nf; i++)
		len += (size_t)sprintf(in + len, "b%c", i + 1 < nf ? ',' : '\n');
	ck_assert_ds_ok(ds_probe_memory(&p, in, len, "bigrec.csv", NULL));
	for (i = 0; i < nf; i++) {
		ck_assert_ds_ok(ds_probe_column_at(&col, p, i));
		ck_assert_uint_eq(col.nulls, 0);
		ck_assert_uint_eq(col.non_empty, 2);
		ck_assert_uint_eq(col.max_length, flen);
		ck_assert_uint_eq(col.distinct, 2);
	}
	ck_assert_ds_ok(ds_probe_record_stats(&r, p));
	ck_assert_uint_eq(r.complete, 2);
	ds_probe_free(p);
	free(in);
}
END_TEST

START_TEST(test_diff_loaded)
{
	static const char *const names[] = { "a", "b" };
	static const char *const c1[] = { "1", "", "2", "p" };
	static const char *const c2[] = { "1", "x", "2", "q" };
	ds_probe *o = probe_cells(names, 2, c1, 2, NULL), *n = probe_cells(names, 2, c2, 2, NULL), *lo = NULL,
		 *ln = NULL;
	ds_probe_diff *d = NULL;
	char *xo = NULL, *xn = NULL;

	ck_assert_ds_ok(ds_probe_to_xml(&xo, o));
	ck_assert_ds_ok(ds_probe_to_xml(&xn, n));
	ck_assert_ds_ok(ds_probe_parse(&lo, xo, strlen(xo), "old.xml"));
	ck_assert_ds_ok(ds_probe_parse(&ln, xn, strlen(xn), "new.xml"));
	ck_assert_ds_ok(ds_probe_diff_new(&d, lo, ln, NULL));
	ck_assert(has_event(d, DS_CHANGE_NULLABILITY, "b", DS_PROBE_INFO, 0));
	ck_assert(has_event(d, DS_CHANGE_CONTENT, NULL, DS_PROBE_INFO, 0));
	ck_assert(has_event(d, DS_CHANGE_QUALITY, NULL, DS_PROBE_INFO, 0)); /* 完整性 1/2 → 1 */
	ck_assert_int_eq(ds_probe_diff_catalog_stale(d), 0);
	ds_probe_diff_free(d);
	ds_free(xo);
	ds_free(xn);
	ds_probe_free(o);
	ds_probe_free(n);
	ds_probe_free(lo);
	ds_probe_free(ln);
}
END_TEST

/* ------------------------------------------------------------------ catalogue draft */

START_TEST(test_to_resource)
{
	ds_probe_options opts = DS_PROBE_OPTIONS_INIT;
	ds_probe *p = NULL;
	ds_resource *r = NULL;
	ds_catalog *cat = NULL, *back = NULL;
	ds_profile *profile = NULL;
	ds_catalog_report *report = NULL;
	const ds_resource *entry, *back_entry;
	ds_item item;
	char *xml = NULL;
	size_t i;

	opts.update_cycle = "每月";
	ck_assert_ds_ok(ds_probe_memory(&p, mixed_csv, strlen(mixed_csv), "/data/gjj-deposits.csv", &opts));
	ck_assert_ds_ok(ds_probe_to_resource(&r, p));
	ck_assert_str_eq(ds_resource_get(r, DS_FIELD_TITLE), "gjj-deposits");
	ck_assert_str_eq(ds_resource_get(r, DS_FIELD_FORMAT), "电子表格");
	ck_assert_str_eq(ds_resource_get(r, DS_FIELD_PERSONAL_INFO), "true");
	ck_assert_str_eq(ds_resource_get(r, DS_FIELD_UPDATE_CYCLE), "每月");
	ck_assert_uint_eq(ds_resource_item_count(r), 6);
	ck_assert_ds_ok(ds_resource_item_at(&item, r, 0));
	ck_assert_str_eq(item.name, "id");
	ck_assert_str_eq(item.type, "I");
	ck_assert_ds_ok(ds_resource_item_at(&item, r, 2));
	ck_assert_str_eq(item.type, "N");
	ck_assert_int_eq(item.length, 5);
	ck_assert_ptr_nonnull(strstr(item.description, "decimal(5,3)"));
	ck_assert_ds_ok(ds_resource_item_at(&item, r, 3));
	ck_assert_str_eq(item.type, "D");
	ck_assert_ds_ok(ds_resource_item_at(&item, r, 4));
	ck_assert_str_eq(item.type, "C");
	ck_assert_int_eq(item.length, 11);
	ck_assert_ptr_nonnull(strstr(item.description, "个人信息"));
	ck_assert_ds_ok(ds_resource_item_at(&item, r, 5));
	ck_assert_str_eq(item.type, "L");
	/* The draft survives the catalogue's own document and schema, and the profile finds
	 * nothing wrong with what the probe filled in (items, format, cycle, personal info). */
	ck_assert_ds_ok(ds_catalog_new(&cat));
	ck_assert_ds_ok(ds_catalog_add(cat, r));
	ck_assert_ds_ok(ds_catalog_to_xml(&xml, cat));
	ck_assert_ds_ok(ds_catalog_parse(&back, xml, strlen(xml), "draft.xml"));
	ck_assert_ds_ok(ds_catalog_at(&entry, cat, 0));
	ck_assert_ds_ok(ds_catalog_at(&back_entry, back, 0));
	ck_assert_int_eq(ds_resource_equal(entry, back_entry), 1);
	ck_assert_ds_ok(ds_profile_load(&profile, "jinan"));
	ck_assert_ds_ok(ds_catalog_validate(&report, cat, profile));
	ck_assert_uint_gt(ds_catalog_report_errors(report), 0); /* a draft: the title etc. are left to the user */
	for (i = 0; i < ds_catalog_report_count(report); i++) {
		ds_catalog_problem pr;
		ck_assert_ds_ok(ds_catalog_report_at(&pr, report, i));
		ck_assert_msg(!strstr(pr.field, "item") && !strstr(pr.field, "format") &&
				      !strstr(pr.field, "update_cycle") && !strstr(pr.field, "personal_info"),
			      "profile problem with a probed field: %s (%s)", pr.field, pr.message);
	}
	ds_catalog_report_free(report);
	ds_profile_free(profile);
	ds_free(xml);
	ds_catalog_free(cat);
	ds_catalog_free(back);
	ds_probe_free(p);
}
END_TEST

/* ------------------------------------------------------------------ options and errors */

START_TEST(test_options)
{
	ds_probe_options opts;
	ds_probe *p = (ds_probe *)0x1;

	ck_assert_ds_ok(ds_probe_options_init(&opts, DS_PROBE_OPTIONS_VERSION));
	ck_assert_ds_err(ds_probe_options_init(&opts, 0), DS_EINVAL);
	ck_assert_ds_err(ds_probe_options_init(NULL, DS_PROBE_OPTIONS_VERSION), DS_EINVAL);
	opts.update_cycle = "每两周";
	ck_assert_ds_err(ds_probe_memory(&p, "a\n1\n", 4, "x.csv", &opts), DS_EINVAL);
	ck_assert_str_eq(ds_error_last()->field, "update_cycle");
	opts.update_cycle = NULL;
	opts.as_of = "2024-02-30";
	ck_assert_ds_err(ds_probe_memory(&p, "a\n1\n", 4, "x.csv", &opts), DS_EINVAL);
	ck_assert_str_eq(ds_error_last()->field, "as_of");
	opts.as_of = NULL;
	opts.distinct_bound = 100000000;
	ck_assert_ds_err(ds_probe_memory(&p, "a\n1\n", 4, "x.csv", &opts), DS_EINVAL);
	opts.distinct_bound = 0;
	opts.top_k = 1000;
	ck_assert_ds_err(ds_probe_memory(&p, "a\n1\n", 4, "x.csv", &opts), DS_EINVAL);
	opts.top_k = 0;
	opts.skip = -2;
	ck_assert_ds_err(ds_probe_memory(&p, "a\n1\n", 4, "x.csv", &opts), DS_EINVAL);
	ck_assert_str_eq(ds_error_last()->field, "skip");
	opts.skip = 1; /* the title line skipped: no preamble warning when given */
	ck_assert_ds_ok(ds_probe_memory(&p, "title\na,b\n1,2\n3,4\n", 18, "x.csv", &opts));
	ck_assert_uint_eq(ds_probe_column_count(p), 2);
	ck_assert_uint_eq(ds_probe_warning_count(p), 0);
	ds_probe_free(p);
	p = (ds_probe *)0x1;
	opts.skip = DS_PROBE_SKIP_AUTO;
	{
		/* an older caller's version: accepted, only its fields written */
		ds_probe_options old;
		memset(&old, 0x5A, sizeof old);
		ck_assert_ds_ok(ds_probe_options_init(&old, 2));
		ck_assert_uint_eq(old.version, 2);
		ck_assert_int_eq(old.header, DS_PROBE_HEADER_AUTO);
		ck_assert_ds_err(ds_probe_options_init(&old, DS_PROBE_OPTIONS_VERSION + 1), DS_EINVAL);
	}
	opts.version = 7;
	ck_assert_ds_err(ds_probe_memory(&p, "a\n1\n", 4, "x.csv", &opts), DS_EINVAL);
	ck_assert_ds_err(ds_probe_file(&p, "/nonexistent/x.csv", NULL), DS_EIO);
	ck_assert_ds_err(ds_probe_memory(&p, "", 0, "empty.csv", NULL), DS_EINVAL);
	ck_assert_ds_err(ds_probe_sqlite(&p, "/nonexistent/x.db", "t", NULL), DS_EIO);
	ck_assert_ptr_eq(p, (ds_probe *)0x1);
	ck_assert_ds_err(ds_probe_file(NULL, "x", NULL), DS_EINVAL);
	ck_assert_ds_err(ds_probe_to_xml(NULL, NULL), DS_EINVAL);
	ck_assert_uint_eq(ds_probe_column_count(NULL), 0);
	ck_assert_str_eq(ds_probe_type_name(DS_PROBE_DATETIME), "datetime");
	ck_assert_ptr_null(ds_probe_type_name((ds_probe_type)99));
	ck_assert_str_eq(ds_probe_semantic_name(DS_SEMANTIC_ID_CARD), "id-card");
	ck_assert_str_eq(ds_probe_change_name(DS_CHANGE_TYPE_NARROW), "TYPE_NARROW");
	ck_assert_str_eq(ds_probe_severity_name(DS_PROBE_BREAKING), "breaking");
	ck_assert_str_eq(ds_probe_dimension_name(DS_QUALITY_TIMELINESS), "时效性");
	ck_assert_str_eq(ds_probe_problem_name(DS_PROBLEM_RAGGED_ROW), "ragged-row");
	ds_probe_free(NULL);
	ds_probe_diff_free(NULL);
}
END_TEST

typedef struct progress_log {
	unsigned calls;
	uint64_t last_done, last_total;
	int monotonic;
} progress_log;

static void on_progress(uint64_t done, uint64_t total, void *context)
{
	progress_log *log = context;

	if (done < log->last_done)
		log->monotonic = 0;
	log->calls++;
	log->last_done = done;
	log->last_total = total;
}

START_TEST(test_progress)
{
	ds_probe_options opts = DS_PROBE_OPTIONS_INIT;
	progress_log log = { 0, 0, 0, 1 };
	ds__buf b = DS__BUF_INIT;
	ds_probe *p = NULL;
	int i;

	ds__buf_puts(&b, "n,s\n");
	for (i = 0; i < 200000; i++)
		ds__buf_printf(&b, "%d,row %d\n", i, i % 37);
	opts.distinct_bound = 262144;
	opts.progress = on_progress;
	opts.progress_context = &log;
	ck_assert_ds_ok(ds_probe_memory(&p, b.data, b.len, "big.csv", &opts));
	ck_assert_msg(log.calls >= 2 && log.calls <= 102, "%u progress calls", log.calls);
	ck_assert_int_eq(log.monotonic, 1);
	ck_assert_uint_eq(log.last_done, log.last_total);
	ck_assert_uint_eq(col(p, 0).distinct, 200000);
	ck_assert_int_eq(col(p, 0).unique, 1);
	ds_probe_free(p);
	ds__buf_dispose(&b);
}
END_TEST

/* ------------------------------------------------------------------ threads */

/* The report of @data probed with @threads threads and batches of at most @text
 * bytes / @fields fields (0, 0: the library's own limits); caller frees it. */
static char *report_threads(const char *data, size_t len, unsigned threads, size_t text, size_t fields,
			    uint64_t distinct_bound, int *rc)
{
	ds_probe_options opts = DS_PROBE_OPTIONS_INIT;
	size_t saved_text = ds__probe_batch_text, saved_fields = ds__probe_batch_fields;
	ds_probe *p = NULL;
	char *xml = NULL;

	opts.threads = threads;
	opts.distinct_bound = distinct_bound;
	if (text)
		ds__probe_batch_text = text;
	if (fields)
		ds__probe_batch_fields = fields;
	*rc = ds_probe_memory(&p, data, len, "threads.csv", &opts);
	ds__probe_batch_text = saved_text;
	ds__probe_batch_fields = saved_fields;
	if (*rc == DS_OK) {
		ck_assert_ds_ok(ds_probe_to_xml(&xml, p));
		ds_probe_free(p);
	}
	return xml;
}

/* A CSV that exercises every order-dependent statistic: quoted fields with
 * newlines, commas and quotes in every third record (so they straddle every batch
 * boundary), ragged records, empty fields, a column whose first date locks its
 * format and later dates in another format, top values, many distinct values
 * (the exact set, then HLL with a low bound), equal minima written differently
 * (1.0 and 1.00: the first one kept), duplicates, and records longer than a batch. */
static char *threads_csv(size_t rows, size_t *len)
{
	size_t cap = rows * 160 + 300000, n = 0, i;
	char *s = malloc(cap);

	ck_assert_ptr_nonnull(s);
	n += (size_t)sprintf(s + n, "id,名称,金额,日期,备注,code,flag\n");
	for (i = 0; i < rows; i++) {
		unsigned long r = (unsigned long)(i * 2654435761u % 1000003u);
		if (i % 97 == 5) { /* a duplicate of the previous record */
			n += (size_t)sprintf(s + n, "dup,甲,1.0,2024-01-01,\"x\ny\",1,是\n");
			continue;
		}
		n += (size_t)sprintf(s + n, "%zu,", i);
		n += (size_t)sprintf(s + n, "%s,",
				     i % 11 == 0 ? "" : (const char *[]){ "甲", "乙", "丙", "丁" }[r % 4]);
		n += (size_t)sprintf(s + n, "%s,", i % 13 == 3 ? "1.0" : i % 13 == 4 ? "1.00" : i % 5 ? "12.5" : "300");
		if (i < 50 || i % 7)
			n += (size_t)sprintf(s + n, "2024-%02lu-%02lu,", 1 + r % 12, 1 + r % 28);
		else
			n += (size_t)sprintf(s + n, "2024/%lu/%lu,", 1 + r % 12, 1 + r % 28);
		if (i % 3 == 0)
			n += (size_t)sprintf(s + n, "\"第%zu行\n续, \"\"引号\"\"\r\n末\",", i);
		else
			n += (size_t)sprintf(s + n, "note %lu,", r % 50);
		n += (size_t)sprintf(s + n, "%lu,%s", r % 5000, i % 2 ? "是" : "否");
		if (i % 211 == 7)
			n += (size_t)sprintf(s + n, ",extra,\"more\nlines\"");
		if (i % 389 == 11) /* a short record */
			n = (size_t)(strrchr(s, ',') - s);
		if (i % 1500 == 1499) { /* a record longer than a small batch */
			memset(s + n, 'z', 70000);
			s[n] = ',';
			n += 70000;
		}
		s[n++] = '\n';
	}
	s[n] = '\0';
	*len = n;
	return s;
}

START_TEST(test_threads_identical)
{
	static const struct {
		size_t text, fields;
	} limits[] = { { 0, 0 }, { 4096, 64 }, { 300, 9 }, { 1, 1 } };
	static const unsigned threads[] = { 1, 2, 3, 4, 8 };
	size_t len, i, k, b;
	char *csv = threads_csv(6000, &len), *one = NULL, *xml;
	int rc;

	for (b = 0; b < 2; b++) {
		uint64_t bound = b ? 300 : 0; /* 300: the code column passes to HLL */
		one = report_threads(csv, len, 1, 0, 0, bound, &rc);
		ck_assert_ds_ok(rc);
		/* the file does exercise what it should */
		ck_assert_ptr_nonnull(strstr(one, "ragged-row"));
		if (b)
			ck_assert_ptr_nonnull(strstr(one, "distinct-exact=\"false\""));
		for (i = 0; i < sizeof limits / sizeof limits[0]; i++)
			for (k = 0; k < sizeof threads / sizeof threads[0]; k++) {
				xml = report_threads(csv, len, threads[k], limits[i].text, limits[i].fields, bound,
						     &rc);
				ck_assert_ds_ok(rc);
				ck_assert_msg(
					strcmp(xml, one) == 0,
					"threads %u, batches of %zu bytes / %zu fields, bound %llu: the report differs",
					threads[k], limits[i].text, limits[i].fields, (unsigned long long)bound);
				ds_free(xml);
			}
		ds_free(one);
	}
	free(csv);
}
END_TEST

/* Every file of the conformance corpus: the same report (or the same error) with 1, 2
 * and 4 threads, batches of a few records so that small files go through many, and
 * parsed in parallel chunks of a few bytes (chunk ends everywhere). */
static int corpus_failures;

static void corpus_one(const char *path)
{
	FILE *f = fopen(path, "rb");
	char *data;
	long size;
	size_t i, n;
	char *xml[5];
	int rc[5];
	/* 1 thread; 2 and 4 in small batches; 2 and 3 in chunks of 61 and 5 bytes */
	static const unsigned threads[] = { 1, 2, 4, 2, 3 };
	static const size_t chunk[] = { 0, 0, 0, 61, 5 };
	size_t saved = ds__csv_chunk_size;

	if (!f)
		return;
	fseek(f, 0, SEEK_END);
	size = ftell(f);
	fseek(f, 0, SEEK_SET);
	data = malloc((size_t)size + 1);
	n = fread(data, 1, (size_t)size, f);
	fclose(f);
	for (i = 0; i < 5; i++) {
		if (chunk[i])
			ds__csv_chunk_size = chunk[i];
		xml[i] = report_threads(data, n, threads[i], i == 1 || i == 2 ? 200 : 0, i == 1 || i == 2 ? 7 : 0, 0,
					&rc[i]);
		ds__csv_chunk_size = saved;
	}
	for (i = 1; i < 5; i++)
		if (rc[i] != rc[0] || (xml[0] && (!xml[i] || strcmp(xml[0], xml[i]) != 0))) {
			fprintf(stderr, "%s: %u threads (chunks of %zu bytes) give another report\n", path, threads[i],
				chunk[i]);
			corpus_failures++;
		}
	for (i = 0; i < 5; i++)
		ds_free(xml[i]);
	free(data);
}

static int corpus_walk(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	int files = 0;

	ck_assert_msg(d != NULL, "cannot open %s", dir);
	while ((e = readdir(d)) != NULL) {
		char path[4096];
		struct stat st;
		if (e->d_name[0] == '.')
			continue;
		snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
		if (stat(path, &st) != 0)
			continue;
		if (S_ISDIR(st.st_mode)) {
			files += corpus_walk(path);
		} else if (S_ISREG(st.st_mode) && st.st_size < 4000000) {
			corpus_one(path);
			files++;
		}
	}
	closedir(d);
	return files;
}

START_TEST(test_threads_corpus)
{
	const char *src = getenv("top_srcdir");
	char dir[4096];
	int files;

	snprintf(dir, sizeof dir, "%s/tests/fixtures/probe-corpus", src ? src : ".");
	corpus_failures = 0;
	files = corpus_walk(dir);
	ck_assert_int_gt(files, 200);
	ck_assert_int_eq(corpus_failures, 0);
}
END_TEST

/* ------------------------------------------------------------------ chunks */

/* The report of @data probed with @threads threads and chunks of @chunk bytes
 * (0: the library's), from memory or (@file) from a file; header given when
 * @header. Returns the XML, or NULL with *rc the failure. */
static char *report_chunks(const char *data, size_t len, unsigned threads, size_t chunk, int file,
			   ds_probe_header header, int *rc)
{
	ds_probe_options opts = DS_PROBE_OPTIONS_INIT;
	size_t saved = ds__csv_chunk_size;
	ds_probe *p = NULL;
	char *xml = NULL;

	opts.threads = threads;
	opts.header = header;
	if (chunk)
		ds__csv_chunk_size = chunk;
	if (file) {
		char path[64];
		FILE *f;
		snprintf(path, sizeof path, "/tmp/ds_chunks_%ld.csv", (long)getpid());
		f = fopen(path, "wb");
		ck_assert_ptr_nonnull(f);
		ck_assert_uint_eq(fwrite(data, 1, len, f), len);
		ck_assert_int_eq(fclose(f), 0);
		*rc = ds_probe_file(&p, path, &opts);
		unlink(path);
	} else {
		*rc = ds_probe_memory(&p, data, len, "chunks.csv", &opts);
	}
	ds__csv_chunk_size = saved;
	if (*rc == DS_OK) {
		ck_assert_ds_ok(ds_probe_to_xml(&xml, p));
		ds_probe_free(p);
	}
	return xml;
}

/* The file/memory location differs: compare the reports from the same kind. */
static void check_chunks(const char *what, const char *data, size_t len, const size_t *chunks, size_t nchunks,
			 ds_probe_header header)
{
	static const unsigned threads[] = { 2, 3, 4, 8 };
	size_t i, k;
	int file, rc0, rc;

	for (file = 0; file < 2; file++) {
		char *one = report_chunks(data, len, 1, 0, file, header, &rc0), *xml;
		for (i = 0; i < nchunks; i++)
			for (k = 0; k < sizeof threads / sizeof threads[0]; k++) {
				xml = report_chunks(data, len, threads[k], chunks[i], file, header, &rc);
				ck_assert_msg(rc == rc0 && (!one || (xml && strcmp(xml, one) == 0)),
					      "%s (%s): %u threads, chunks of %zu bytes: another report", what,
					      file ? "file" : "memory", threads[k], chunks[i]);
				ds_free(xml);
			}
		ds_free(one);
	}
}

/* Chunk ends at every place in small inputs: inside quoted fields (one chunk
 * wholly inside one field), between CR and LF, inside UTF-8 and GB18030
 * characters, at the first record of a headerless file, with CR line ends. */
START_TEST(test_chunks_boundaries)
{
	static const size_t small[] = { 1, 2, 3, 4, 5, 6, 7, 9, 11, 13, 17, 31, 64, 200 };
	char *s = malloc(200000);
	size_t n = 0, i;

	ck_assert_ptr_nonnull(s);
	/* quoted fields with line ends (LF, CRLF, CR) longer than many chunks */
	n = (size_t)sprintf(s, "id,text,n\r\n");
	for (i = 0; i < 60; i++) {
		size_t j;
		n += (size_t)sprintf(s + n, "%zu,\"", i);
		for (j = 0; j < (i % 7) * 9; j++)
			n += (size_t)sprintf(s + n, "%s",
					     (const char *[]){ "a\n", "b\r\n", "\"\"", "c\r", "é", "𝄞" }[(i + j) % 6]);
		n += (size_t)sprintf(s + n, "\",%zu\r\n", i * 7);
	}
	check_chunks("quoted line ends", s, n, small, sizeof small / sizeof *small, DS_PROBE_HEADER_AUTO);
	/* CRLF records and multibyte characters (2, 3 and 4 bytes) at every offset */
	n = (size_t)sprintf(s, "名称,code,备注\r\n");
	for (i = 0; i < 120; i++)
		n += (size_t)sprintf(s + n, "%.*s甲乙,%zu,ü𝄞%zu\r\n", (int)(i % 4), "xyz", i, i % 9);
	check_chunks("CRLF and UTF-8", s, n, small, sizeof small / sizeof *small, DS_PROBE_HEADER_AUTO);
	/* no header: the first record waits while the chunks start */
	check_chunks("no header", s, n, small, sizeof small / sizeof *small, DS_PROBE_HEADER_NO);
	/* CR line ends only: no chunk ends after an LF */
	for (i = 0; i < n; i++)
		if (s[i] == '\n')
			s[i] = ' ';
	check_chunks("CR line ends", s, n, small, sizeof small / sizeof *small, DS_PROBE_HEADER_AUTO);
	/* GB18030 (converted: read on one thread, still the same) */
	n = 0;
	n += (size_t)sprintf(s + n, "\xC3\xFB\xB3\xC6,n\n"); /* 名称 */
	for (i = 0; i < 300; i++)
		n += (size_t)sprintf(s + n, "\"\xD5\xC5\xC8\xFD\n\xC0\xEE\xCB\xC4\",%zu\n", i); /* 张三\n李四 */
	check_chunks("GB18030", s, n, small, sizeof small / sizeof *small, DS_PROBE_HEADER_AUTO);
	free(s);
}
END_TEST

/* Problems in a later chunk are reported as one thread reads them: the same
 * samples with the same line numbers, and the ones checked here by hand. */
START_TEST(test_chunks_problems)
{
	static const size_t sizes[] = { 7, 100, 4096, 0 };
	size_t n = 0, i;
	char *s = malloc(400000), *xml;
	long line = 1;
	int rc;

	ck_assert_ptr_nonnull(s);
	n = (size_t)sprintf(s, "id,name,amount\n");
	for (i = 0; i < 5000; i++) {
		line++;
		if (i == 1234) {
			n += (size_t)sprintf(s + n, "%zu,\"two\nlines\",1\n", i);
			line++;
		} else if (i == 3000) { /* line 3003: a ragged row */
			ck_assert_int_eq(line, 3003);
			n += (size_t)sprintf(s + n, "%zu,short\n", i);
		} else if (i == 4000) { /* line 4003: an invalid byte in column 2 */
			ck_assert_int_eq(line, 4003);
			n += (size_t)sprintf(s + n, "%zu,bad\xFF,2\n", i);
		} else if (i == 4500) { /* line 4503: a stray quote in column 2 */
			n += (size_t)sprintf(s + n, "%zu,a\"b,3\n", i);
		} else {
			n += (size_t)sprintf(s + n, "%zu,名%zu,%zu.5\n", i, i % 17, i);
		}
	}
	check_chunks("problems", s, n, sizes, sizeof sizes / sizeof *sizes, DS_PROBE_HEADER_AUTO);
	for (i = 0; i < 2; i++) {
		xml = report_chunks(s, n, 4, i ? 0 : 7, 0, DS_PROBE_HEADER_AUTO, &rc);
		ck_assert_ds_ok(rc);
		ck_assert_ptr_nonnull(strstr(xml, "line 3003: 2 fields, the header has 3"));
		ck_assert_ptr_nonnull(strstr(xml, "line 4003, column 2: invalid UTF-8 byte 0xFF"));
		ck_assert_ptr_nonnull(strstr(xml, "line 4503, column 2: a quote inside an unquoted field"));
		ds_free(xml);
	}
	/* an unterminated quote opened in a later chunk, reported at its line */
	n = (size_t)sprintf(s, "id,name\n");
	for (i = 0; i < 3000; i++)
		n += (size_t)sprintf(s + n, "%zu,x%zu\n", i, i);
	n += (size_t)sprintf(s + n, "3000,\"open\n3001,y\n");
	check_chunks("unterminated", s, n, sizes, sizeof sizes / sizeof *sizes, DS_PROBE_HEADER_AUTO);
	xml = report_chunks(s, n, 2, 64, 1, DS_PROBE_HEADER_AUTO, &rc);
	ck_assert_ds_ok(rc);
	ck_assert_ptr_nonnull(strstr(xml, "line 3002, column 2: the quoted field is still open"));
	ds_free(xml);
	free(s);
}
END_TEST

/* The big test file of the threads: the same report with chunks of any size. */
START_TEST(test_chunks_threads_csv)
{
	static const size_t sizes[] = { 3, 61, 1000, 5000, 70001, 0 };
	size_t len;
	char *csv = threads_csv(1600, &len);

	check_chunks("threads_csv", csv, len, sizes, sizeof sizes / sizeof *sizes, DS_PROBE_HEADER_AUTO);
	free(csv);
}
END_TEST

START_TEST(test_threads_option)
{
	ds_probe_options opts = DS_PROBE_OPTIONS_INIT, old;
	ds_probe *p = (ds_probe *)0x1;

	ck_assert_uint_eq(opts.threads, 0);
	opts.threads = DS_PROBE_MAX_THREADS + 1;
	ck_assert_ds_err(ds_probe_memory(&p, "a\n1\n", 4, "x.csv", &opts), DS_EINVAL);
	ck_assert_str_eq(ds_error_last()->field, "threads");
	ck_assert_ptr_nonnull(strstr(ds_error_last()->message, "threads 65 is above 64"));
	ck_assert_ptr_eq(p, (ds_probe *)0x1);
	opts.threads = 1000000;
	ck_assert_ds_err(ds_probe_file(&p, "/nonexistent/x.csv", &opts), DS_EINVAL);
	ck_assert_str_eq(ds_error_last()->field, "threads");
	opts.threads = DS_PROBE_MAX_THREADS;
	ck_assert_ds_ok(ds_probe_memory(&p, "a\n1\n", 4, "x.csv", &opts));
	ds_probe_free(p);
	/* a version 3 caller's struct ends before threads: never written, never read */
	memset(&old, 0x5A, sizeof old);
	ck_assert_ds_ok(ds_probe_options_init(&old, 3));
	ck_assert_int_eq(old.skip, DS_PROBE_SKIP_AUTO);
	ck_assert_uint_eq(old.threads, 0x5A5A5A5Au);
	ck_assert_ds_ok(ds_probe_memory(&p, "a\n1\n", 4, "x.csv", &old));
	ds_probe_free(p);
	ck_assert_ds_err(ds_probe_options_init(&old, DS_PROBE_OPTIONS_VERSION + 1), DS_EINVAL);
}
END_TEST

static Suite *probe_suite(void)
{
	Suite *s = suite_create("probe");
	TCase *tc = tcase_create("core");

	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, test_classify);
	tcase_add_test(tc, test_classify_18_digits);
	tcase_add_test(tc, test_numcmp);
	tcase_add_test(tc, test_infer);
	tcase_add_test(tc, test_date_lock_per_column);
	tcase_add_test(tc, test_code_names);
	tcase_add_test(tc, test_semantic);
	tcase_add_test(tc, test_semantic_threshold);
	tcase_add_test(tc, test_distinct_exact_and_top);
	tcase_add_test(tc, test_hll_error);
	tcase_add_test(tc, test_hll_small);
	tcase_add_test(tc, test_hll_mid);
	tcase_add_test(tc, test_topk_slot);
	tcase_add_test(tc, test_topk_budget);
	tcase_add_test(tc, test_topk_wide);
	tcase_add_test(tc, test_quality);
	tcase_add_test(tc, test_quality_dominant);
	tcase_add_test(tc, test_quality_to_valuation);
	tcase_add_test(tc, test_fingerprint);
	tcase_add_test(tc, test_fingerprint_long_field);
	tcase_add_test(tc, test_long_record_not_null);
	tcase_add_test(tc, test_report_round_trip);
	tcase_add_test(tc, test_detection_report);
	tcase_add_test(tc, test_wide_is_linear);
	tcase_add_test(tc, test_report_rejects);
	tcase_add_test(tc, test_report_consistency);
	tcase_add_test(tc, test_report_unsafe_text);
	tcase_add_test(tc, test_diff_events);
	tcase_add_test(tc, test_diff_rename_after_drop);
	tcase_add_test(tc, test_diff_loaded);
	tcase_add_test(tc, test_diff_catalog_changes);
	tcase_add_test(tc, test_diff_other_source);
	tcase_add_test(tc, test_many_columns);
	tcase_add_test(tc, test_to_resource);
	tcase_add_test(tc, test_options);
	tcase_add_test(tc, test_progress);
	tcase_add_test(tc, test_report_consistency_rules);
	tcase_add_test(tc, test_threads_identical);
	tcase_add_test(tc, test_threads_corpus);
	tcase_add_test(tc, test_threads_option);
	tcase_add_test(tc, test_chunks_boundaries);
	tcase_add_test(tc, test_chunks_problems);
	tcase_add_test(tc, test_chunks_threads_csv);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return tu_run(probe_suite());
}
