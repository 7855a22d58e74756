/*
 * The probe's data sources (lib/internal/probe_source.h): CSV quoting, line
 * ends, delimiters and their detection, headers, byte-order marks, encoding
 * detection and explicit encodings, every class of bad input with its line
 * and column, long fields in bounded memory, reads across the read buffer's
 * boundaries, progress counters, and SQLite tables.
 * The random differential test against Python's csv module is
 * tests/probe_source_oracle.py; csv-spectrum's cases are tests/csv_spectrum.py.
 * SPDX-License-Identifier: MIT
 */
#define _POSIX_C_SOURCE 200809L
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

#include <sys/resource.h>

#include <sqlite3.h>
#include <unicode/ucnv.h>

#include "testutil.h"
#include "internal/probe_source.h"

/* The CSV source's read buffer (RAW_SIZE in lib/probe/source_csv.c). */
#define READ_BUFFER (256 * 1024)

static char dir[256];

static void setup(void)
{
	snprintf(dir, sizeof dir, "%s/ds-source-XXXXXX", getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
	ck_assert_ptr_nonnull(mkdtemp(dir));
}

static void teardown(void)
{
	char cmd[300];
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	ck_assert_int_eq(system(cmd), 0);
}

static const char *tmp_path(const char *name)
{
	static char path[2][512];
	static int which;
	which = !which;
	snprintf(path[which], sizeof path[which], "%s/%s", dir, name);
	return path[which];
}

static void write_file(const char *path, const void *data, size_t len)
{
	FILE *f = fopen(path, "wb");
	ck_assert_ptr_nonnull(f);
	ck_assert_uint_eq(fwrite(data, 1, len, f), len);
	ck_assert_int_eq(fclose(f), 0);
}

/* @utf8 converted to @charset with ICU (caller frees). */
static char *encode(const char *utf8, const char *charset, size_t *len)
{
	UErrorCode err = U_ZERO_ERROR;
	size_t cap = strlen(utf8) * 4 + 16;
	char *out = malloc(cap);
	int32_t n;

	ck_assert_ptr_nonnull(out);
	n = ucnv_convert(charset, "UTF-8", out, (int32_t)cap, utf8, (int32_t)strlen(utf8), &err);
	ck_assert_msg(U_SUCCESS(err), "ucnv_convert %s: %s", charset, u_errorName(err));
	*len = (size_t)n;
	return out;
}

/* Everything a source delivers, as "[f1][f2]\n" per record (NULL as <NULL>). */
static char *read_all(ds__source *s)
{
	size_t cap = 1 << 16, len = 0, i;
	char *out = malloc(cap);
	ds__record rec;
	int rc;

	ck_assert_ptr_nonnull(out);
	out[0] = '\0';
	while ((rc = ds__source_next(s, &rec)) > 0) {
		for (i = 0; i < rec.nfields; i++) {
			size_t need = len + rec.len[i] + 16;
			if (need > cap) {
				while (cap < need)
					cap *= 2;
				out = realloc(out, cap);
				ck_assert_ptr_nonnull(out);
			}
			ck_assert_uint_eq(strlen(rec.text[i]), rec.len[i]);
			if (rec.null[i])
				len += (size_t)sprintf(out + len, "<NULL>");
			else
				len += (size_t)sprintf(out + len, "[%s]", rec.text[i]);
		}
		if (len + 2 > cap) {
			cap *= 2;
			out = realloc(out, cap);
			ck_assert_ptr_nonnull(out);
		}
		out[len++] = '\n';
		out[len] = '\0';
	}
	ck_assert_msg(rc == 0, "next failed: %s", ds_error_last()->message);
	return out;
}

static char *names_of(const ds__source *s)
{
	static char out[4096];
	size_t i, len = 0;
	out[0] = '\0';
	for (i = 0; i < s->ncolumns && len < sizeof out - 100; i++)
		len += (size_t)snprintf(out + len, sizeof out - len, "[%s]", s->names[i]);
	return out;
}

static ds__source *open_mem(const char *data, size_t len, const ds__csv_options *opt)
{
	ds__source *s = NULL;
	ck_assert_ds_ok(ds__source_open_csv_memory(&s, data, len, "test.csv", opt));
	return s;
}

/* ---------------------------------------------------------------- parsing */

static const struct parse_case {
	const char *input;
	char delimiter; /* given; 0 = detect */
	int no_header;
	char expect_delimiter;
	const char *names;
	const char *records;
} parse_cases[] = {
	{ "a,b\n1,2\n", 0, 0, ',', "[a][b]", "[1][2]\n" },
	{ "a,b\r\n1,2\r\n3,4", 0, 0, ',', "[a][b]", "[1][2]\n[3][4]\n" },
	{ "a,b\r1,2\r3,4\r", 0, 0, ',', "[a][b]", "[1][2]\n[3][4]\n" },
	{ "a,b\n\"x,y\",\"say \"\"hi\"\"\"\n", 0, 0, ',', "[a][b]", "[x,y][say \"hi\"]\n" },
	{ "a,b\n\"1\n2\",\"3\r\n4\"\n\"5\r6\",\"\"\n", 0, 0, ',', "[a][b]", "[1\n2][3\r\n4]\n[5\r6][]\n" },
	{ "a,b,c\n1,,\n,,\n", 0, 0, ',', "[a][b][c]", "[1][][]\n[][][]\n" },
	{ "a,b\n\n1,2\n\r\n\r\n3,4\n\n", 0, 0, ',', "[a][b]", "[1][2]\n[3][4]\n" },
	{ "a\tb\tc\n1\t2,5\t3\n", 0, 0, '\t', "[a][b][c]", "[1][2,5][3]\n" },
	{ "a;b;c\n1,5;2;3\n4;5;6\n", 0, 0, ';', "[a][b][c]", "[1,5][2][3]\n[4][5][6]\n" },
	{ "a|b\n1|2\n", 0, 0, '|', "[a][b]", "[1][2]\n" },
	{ "a,b|c\n1,2|3\n", '|', 0, '|', "[a,b][c]", "[1,2][3]\n" },
	{ "x:y\n1:2\n", ':', 0, ':', "[x][y]", "[1][2]\n" },
	/* a comma only inside quotes does not count for detection */
	{ "\"a,b\";c\n\"1,2\";3\n", 0, 0, ';', "[a,b][c]", "[1,2][3]\n" },
	/* a ragged row and a quote inside an unquoted field do not mislead detection */
	{ "a|b|c\n1|2|3\n4|5\n6|x\"y,z|7\n8|9|10\n", 0, 0, '|', "[a][b][c]",
	  "[1][2][3]\n[4][5]\n[6][x\"y,z][7]\n[8][9][10]\n" },
	{ "a|b\n1,1,1|2\n3,3,3|4\n5\n", 0, 0, '|', "[a][b]", "[1,1,1][2]\n[3,3,3][4]\n[5]\n" },
	{ "1,2\n3,4\n", 0, 1, ',', "[column_1][column_2]", "[1][2]\n[3][4]\n" },
	{ "only\n", 0, 1, ',', "[column_1]", "[only]\n" },
	{ "h1,h2\n", 0, 0, ',', "[h1][h2]", "" },
	{ "h1,h2", 0, 0, ',', "[h1][h2]", "" },
	{ "\xEF\xBB\xBFid,名称\n1,数据\n", 0, 0, ',', "[id][名称]", "[1][数据]\n" },
	{ "a,b\n\"x\"\n", 0, 0, ',', "[a][b]", "[x]\n" },
	{ "a\n\"\"\n", 0, 0, ',', "[a]", "[]\n" },
};

START_TEST(test_parse_table)
{
	const struct parse_case *c = &parse_cases[_i];
	ds__csv_options opt = { NULL, c->delimiter, c->no_header ? DS__CSV_HEADER_NO : DS__CSV_HEADER_YES, 0, 0 };
	ds__source *s = open_mem(c->input, strlen(c->input), &opt);
	char *got;

	ck_assert_msg(s->delimiter == c->expect_delimiter, "case %d: delimiter '%c'", _i, s->delimiter);
	ck_assert_str_eq(names_of(s), c->names);
	ck_assert_int_eq(s->header, !c->no_header);
	ck_assert_str_eq(s->kind, "csv");
	ck_assert_str_eq(s->location, "test.csv");
	ck_assert_ptr_null(s->declared);
	got = read_all(s);
	ck_assert_msg(strcmp(got, c->records) == 0, "case %d: got\n%s\nexpected\n%s", _i, got, c->records);
	free(got);
	ck_assert_uint_eq(s->bytes_done, strlen(c->input));
	ck_assert_uint_eq(s->bytes_total, strlen(c->input));
	ck_assert_int_eq(s->bom, c->input[0] == '\xEF');
	ds__source_close(s);
}
END_TEST

START_TEST(test_record_fields)
{
	const char *in = "name,note\n中文,\"a\nb\"\n\n\"x\",😀é\n";
	ds__source *s = open_mem(in, strlen(in), NULL);
	ds__record rec;

	ck_assert_int_eq(ds__source_next(s, &rec), 1);
	ck_assert_uint_eq(rec.nfields, 2);
	ck_assert_int_eq(rec.line, 2);
	ck_assert_int_eq(rec.number, 1);
	ck_assert_uint_eq(rec.bytes[0], 6);
	ck_assert_uint_eq(rec.chars[0], 2);
	ck_assert_uint_eq(rec.len[0], 6);
	ck_assert_uint_eq(rec.chars[1], 3);
	ck_assert_int_eq(rec.null[0] | rec.null[1] | rec.truncated[0] | rec.truncated[1], 0);
	ck_assert_int_eq(ds__source_next(s, &rec), 1);
	ck_assert_int_eq(rec.line, 5); /* the quoted newline and the empty line count */
	ck_assert_int_eq(rec.number, 2);
	ck_assert_str_eq(rec.text[1], "😀é");
	ck_assert_uint_eq(rec.bytes[1], 6);
	ck_assert_uint_eq(rec.chars[1], 2);
	ck_assert_int_eq(ds__source_next(s, &rec), 0);
	ck_assert_int_eq(ds__source_next(s, &rec), 0); /* stays at the end */
	ck_assert_uint_eq(s->problems.count[DS__SRC_RAGGED_ROW], 0);
	ds__source_close(s);
}
END_TEST

/* ---------------------------------------------------------------- encodings */

static const char *chinese_csv(void)
{
	static char text[8192];
	size_t len = 0;
	int i;
	len += (size_t)snprintf(text, sizeof text, "名称,金额,备注\n");
	for (i = 0; i < 40; i++)
		len += (size_t)snprintf(text + len, sizeof text - len,
					"数据资产登记第%d号,%d.50,统一社会信用代码与居民身份证号码\n", i, i * 100);
	return text;
}

static void check_chinese(ds__source *s, const char *encoding, int detected, int bom)
{
	ds__record rec;
	int n = 0;

	ck_assert_str_eq(s->encoding, encoding);
	ck_assert_int_eq(s->encoding_detected, detected);
	ck_assert_int_eq(s->bom, bom);
	ck_assert_int_eq(s->delimiter, ',');
	ck_assert_str_eq(names_of(s), "[名称][金额][备注]");
	while (ds__source_next(s, &rec) > 0) {
		char want[128];
		snprintf(want, sizeof want, "数据资产登记第%d号", n);
		ck_assert_str_eq(rec.text[0], want);
		ck_assert_str_eq(rec.text[2], "统一社会信用代码与居民身份证号码");
		ck_assert_uint_eq(rec.chars[2], 16);
		ck_assert_uint_eq(rec.bytes[2], 48);
		n++;
	}
	ck_assert_int_eq(n, 40);
	ck_assert_uint_eq(s->problems.count[DS__SRC_INVALID_BYTES], 0);
	ck_assert_uint_eq(s->bytes_done, s->bytes_total);
}

static const struct {
	const char *charset; /* ICU name to write with */
	const char *bom;
	size_t bom_len;
	const char *expect;
} detect_cases[] = {
	{ "UTF-8", "", 0, "UTF-8" },
	{ "UTF-8", "\xEF\xBB\xBF", 3, "UTF-8" },
	{ "GB18030", "", 0, "GB18030" },
	{ "UTF-16LE", "", 0, "UTF-16LE" },
	{ "UTF-16BE", "", 0, "UTF-16BE" },
	{ "UTF-16LE", "\xFF\xFE", 2, "UTF-16LE" },
	{ "UTF-16BE", "\xFE\xFF", 2, "UTF-16BE" },
};

START_TEST(test_detect_encoding)
{
	size_t len;
	char *body = encode(chinese_csv(), detect_cases[_i].charset, &len);
	char *data = malloc(len + 4);
	ds__source *s = NULL;

	memcpy(data, detect_cases[_i].bom, detect_cases[_i].bom_len);
	memcpy(data + detect_cases[_i].bom_len, body, len);
	len += detect_cases[_i].bom_len;
	/* from memory, and from a file */
	s = open_mem(data, len, NULL);
	check_chinese(s, detect_cases[_i].expect, 1, detect_cases[_i].bom_len > 0);
	ds__source_close(s);
	write_file(tmp_path("enc.csv"), data, len);
	ck_assert_ds_ok(ds__source_open_csv(&s, tmp_path("enc.csv"), NULL));
	check_chinese(s, detect_cases[_i].expect, 1, detect_cases[_i].bom_len > 0);
	ds__source_close(s);
	free(body);
	free(data);
}
END_TEST

/* A GB18030 file written by another program (bytes from Python's codec), short. */
START_TEST(test_detect_gb18030_literal)
{
	static const char gb[] = "\xc3\xfb\xb3\xc6,\xbd\xf0\xb6\xee,\xb1\xb8\xd7\xa2\n"
				 "\xca\xfd\xbe\xdd\xd7\xca\xb2\xfa\xb5\xc7\xbc\xc7,100.50,"
				 "\xcd\xb3\xd2\xbb\xc9\xe7\xbb\xe1\xd0\xc5\xd3\xc3\xb4\xfa\xc2\xeb\n";
	ds__source *s = open_mem(gb, sizeof gb - 1, NULL);
	ds__record rec;

	ck_assert_str_eq(s->encoding, "GB18030");
	ck_assert_str_eq(names_of(s), "[名称][金额][备注]");
	ck_assert_int_eq(ds__source_next(s, &rec), 1);
	ck_assert_str_eq(rec.text[0], "数据资产登记");
	ck_assert_str_eq(rec.text[2], "统一社会信用代码");
	ck_assert_int_eq(ds__source_next(s, &rec), 0);
	ds__source_close(s);
}
END_TEST

START_TEST(test_explicit_encoding)
{
	static const struct {
		const char *given, *charset, *expect;
	} cases[] = {
		{ "gbk", "GB18030", "GB18030" },	{ "GB18030", "GB18030", "GB18030" },
		{ "utf-16le", "UTF-16LE", "UTF-16LE" }, { "UTF-16BE", "UTF-16BE", "UTF-16BE" },
		{ "utf-16", "UTF-16LE", "UTF-16LE" },	{ "utf-16", "UTF-16BE", "UTF-16BE" },
		{ "utf-8", "UTF-8", "UTF-8" },		{ "auto", "UTF-16LE", "UTF-16LE" },
	};
	size_t i, len;

	for (i = 0; i < sizeof cases / sizeof *cases; i++) {
		char *data = encode(chinese_csv(), cases[i].charset, &len);
		ds__csv_options opt = { cases[i].given, 0, DS__CSV_HEADER_YES, 0, 0 };
		ds__source *s = open_mem(data, len, &opt);
		check_chinese(s, cases[i].expect, strcmp(cases[i].given, "auto") == 0, 0);
		ds__source_close(s);
		free(data);
	}
}
END_TEST

START_TEST(test_bom_with_given_encoding)
{
	static const struct {
		const char *given, *charset, *bom, *expect;
		int skipped;
	} cases[] = {
		{ "utf-16", "UTF-16BE", "\xFE\xFF", "UTF-16BE", 1 },
		{ "utf-16", "UTF-16LE", "\xFF\xFE", "UTF-16LE", 1 },
		{ "utf-16le", "UTF-16LE", "\xFF\xFE", "UTF-16LE", 1 },
		{ "utf-8", "UTF-8", "\xEF\xBB\xBF", "UTF-8", 1 },
	};
	size_t i, len;

	for (i = 0; i < sizeof cases / sizeof *cases; i++) {
		char *body = encode(chinese_csv(), cases[i].charset, &len);
		size_t bl = strlen(cases[i].bom);
		char *data = malloc(len + bl);
		ds__csv_options opt = { cases[i].given, 0, DS__CSV_HEADER_YES, 0, 0 };
		ds__source *s;

		memcpy(data, cases[i].bom, bl);
		memcpy(data + bl, body, len);
		s = open_mem(data, len + bl, &opt);
		check_chinese(s, cases[i].expect, 0, cases[i].skipped);
		ds__source_close(s);
		free(body);
		free(data);
	}
}
END_TEST

/* An encoding ICU knows by another name is read through it; an unknown one,
 * or a name of 40 characters or more, is refused naming the field. */
START_TEST(test_other_icu_encodings)
{
	static const struct {
		const char *given, *data, *expect;
	} cases[] = {
		{ "latin1", "name,city\nJos\xE9,Z\xFCrich\n", "[Jos\xC3\xA9][Z\xC3\xBCrich]\n" },
		{ "windows-1252",
		  "item,price\ncoffee,\x80"
		  "3\n",
		  "[coffee][\xE2\x82\xAC"
		  "3]\n" },
		{ "shift_jis", "a,b\n\x93\xFA,\x96\x7B\n", "[\xE6\x97\xA5][\xE6\x9C\xAC]\n" },
		{ "iso-8859-7", "a,b\n\xE1,\xE2\n", "[\xCE\xB1][\xCE\xB2]\n" },
	};
	size_t i;

	for (i = 0; i < sizeof cases / sizeof *cases; i++) {
		ds__csv_options opt = { cases[i].given, ',', DS__CSV_HEADER_YES, 0, 0 };
		ds__source *s = NULL;
		char *got;
		ck_assert_msg(ds__source_open_csv_memory(&s, cases[i].data, strlen(cases[i].data), "x.csv", &opt) ==
				      DS_OK,
			      "%s: %s", cases[i].given, ds_error_last()->message);
		got = read_all(s);
		ck_assert_msg(strcmp(got, cases[i].expect) == 0, "%s: got %s", cases[i].given, got);
		free(got);
		ds__source_close(s);
	}
	{
		ds__csv_options opt = { "an-encoding-name-of-forty-characters-xyz", ',', DS__CSV_HEADER_YES, 0, 0 };
		ds__source *s = NULL;
		ck_assert_ds_err(ds__source_open_csv_memory(&s, "a\n1\n", 4, "x.csv", &opt), DS_EINVAL);
		ck_assert_str_eq(ds_error_last()->field, "encoding");
		ck_assert_ptr_nonnull(strstr(ds_error_last()->message, "unknown encoding 'an-encoding-name-of-forty"));
		ck_assert_ptr_null(s);
	}
}
END_TEST

START_TEST(test_bad_options)
{
	ds__csv_options opt = { "klingon-8", 0, DS__CSV_HEADER_YES, 0, 0 };
	ds__source *s = (ds__source *)&opt;

	ck_assert_ds_err(ds__source_open_csv_memory(&s, "a\n", 2, "x", &opt), DS_EINVAL);
	ck_assert_str_eq(ds_error_last()->field, "encoding");
	ck_assert_ptr_null(s);
	opt.encoding = NULL;
	opt.delimiter = '"';
	ck_assert_ds_err(ds__source_open_csv_memory(&s, "a\n", 2, "x", &opt), DS_EINVAL);
	ck_assert_str_eq(ds_error_last()->field, "delimiter");
	opt.delimiter = '\n';
	ck_assert_ds_err(ds__source_open_csv_memory(&s, "a\n", 2, "x", &opt), DS_EINVAL);
	opt.delimiter = (char)0xE4;
	ck_assert_ds_err(ds__source_open_csv_memory(&s, "a\n", 2, "x", &opt), DS_EINVAL);
	ck_assert_ds_err(ds__source_open_csv(&s, tmp_path("missing.csv"), NULL), DS_EIO);
	ck_assert_ptr_nonnull(strstr(ds_error_last()->message, "missing.csv"));
	ck_assert_ptr_null(s);
	ck_assert_ds_err(ds__source_open_csv(&s, dir, NULL), DS_EIO); /* a directory */
}
END_TEST

START_TEST(test_empty_files)
{
	ds__source *s = NULL;
	ds__record rec;

	ck_assert_ds_err(ds__source_open_csv_memory(&s, "", 0, "e.csv", NULL), DS_EINVAL);
	ck_assert_ptr_nonnull(strstr(ds_error_last()->message, "empty file"));
	ck_assert_int_eq(ds_error_last()->line, 1);
	ck_assert_ds_err(ds__source_open_csv_memory(&s, "\xEF\xBB\xBF", 3, "e.csv", NULL), DS_EINVAL);
	ck_assert_ds_err(ds__source_open_csv_memory(&s, "\xFF\xFE", 2, "e.csv", NULL), DS_EINVAL);
	ck_assert_ds_err(ds__source_open_csv_memory(&s, "\n\r\n\n", 4, "e.csv", NULL), DS_EINVAL);
	write_file(tmp_path("empty.csv"), "", 0);
	ck_assert_ds_err(ds__source_open_csv(&s, tmp_path("empty.csv"), NULL), DS_EINVAL);
	ck_assert_int_eq(ds_error_last()->line, 1);
	ck_assert_ptr_null(s);
	/* header only: opens, no records */
	write_file(tmp_path("header.csv"), "a,b,c\r\n", 7);
	ck_assert_ds_ok(ds__source_open_csv(&s, tmp_path("header.csv"), NULL));
	ck_assert_uint_eq(s->ncolumns, 3);
	ck_assert_int_eq(ds__source_next(s, &rec), 0);
	ck_assert_uint_eq(s->bytes_done, 7);
	ds__source_close(s);
	ds__source_close(NULL);
}
END_TEST

/* ---------------------------------------------------------------- bad input */

static void assert_sample(const ds__source *s, ds__source_problem_kind kind, size_t i, long line, long column,
			  long record, const char *text)
{
	const ds__source_sample *sm;
	ck_assert_msg(s->problems.nsamples[kind] > i, "no sample %zu of %s", i, ds__source_problem_name(kind));
	sm = &s->problems.samples[kind][i];
	ck_assert_msg(sm->line == line && sm->column == column && sm->record == record,
		      "%s sample %zu at line %ld column %ld record %ld: %s", ds__source_problem_name(kind), i, sm->line,
		      sm->column, sm->record, sm->message);
	ck_assert_msg(strstr(sm->message, text) != NULL, "message '%s' lacks '%s'", sm->message, text);
}

START_TEST(test_ragged_rows)
{
	const char *in = "a,b,c\n1,2,3\n1,2\n1,2,3,4\n\"x\ny\",2,3\n";
	ds__source *s = open_mem(in, strlen(in), NULL);
	char *got = read_all(s);

	ck_assert_str_eq(got, "[1][2][3]\n[1][2]\n[1][2][3][4]\n[x\ny][2][3]\n");
	ck_assert_uint_eq(s->problems.count[DS__SRC_RAGGED_ROW], 2);
	assert_sample(s, DS__SRC_RAGGED_ROW, 0, 3, 0, 2, "line 3: 2 fields, the header has 3");
	assert_sample(s, DS__SRC_RAGGED_ROW, 1, 4, 0, 3, "4 fields");
	free(got);
	ds__source_close(s);
}
END_TEST

START_TEST(test_unterminated_quote)
{
	const char *in = "a,b\n1,2\n3,\"open\nstill open,4\n";
	ds__source *s = open_mem(in, strlen(in), NULL);
	char *got = read_all(s);

	ck_assert_str_eq(got, "[1][2]\n[3][open\nstill open,4\n]\n");
	ck_assert_uint_eq(s->problems.count[DS__SRC_UNTERMINATED_QUOTE], 1);
	assert_sample(s, DS__SRC_UNTERMINATED_QUOTE, 0, 3, 2, 2, "line 3, column 2: the quoted field is still open");
	free(got);
	ds__source_close(s);
}
END_TEST

START_TEST(test_stray_quotes)
{
	const char *in = "a,b\n1,ab\"c\n\"x\"y,2\n";
	ds__source *s = open_mem(in, strlen(in), NULL);
	char *got = read_all(s);

	ck_assert_str_eq(got, "[1][ab\"c]\n[xy][2]\n");
	ck_assert_uint_eq(s->problems.count[DS__SRC_STRAY_QUOTE], 2);
	assert_sample(s, DS__SRC_STRAY_QUOTE, 0, 2, 2, 1, "a quote inside an unquoted field");
	assert_sample(s, DS__SRC_STRAY_QUOTE, 1, 3, 1, 2, "text after a closing quote");
	free(got);
	ds__source_close(s);
}
END_TEST

START_TEST(test_invalid_utf8)
{
	/* a lone continuation byte, a truncated 3-byte sequence, an overlong
	 * form, a surrogate, and bytes above U+10FFFF; one U+FFFD per maximal
	 * subpart, as Python's decode(errors="replace") gives */
	const char in[] = "a,b\nok,x\x80y\n\xE4\xB8,\xC0\xAF\n\xED\xA0\x80,\xF5\x80z\n";
	ds__source *s = open_mem(in, sizeof in - 1, NULL);
	char *got = read_all(s);

	/* mostly invalid UTF-8: detection moves on, and says it is unsure */
	ck_assert_str_ne(s->encoding, "UTF-8");
	ck_assert_uint_ge(s->nwarnings, 1);
	ck_assert_str_eq(s->warnings[0].kind, "encoding");
	ds__source_close(s);
	free(got);
	{
		ds__csv_options opt = { "utf-8", 0, DS__CSV_HEADER_YES, 0, 0 };
		s = open_mem(in, sizeof in - 1, &opt);
	}
	got = read_all(s);
	ck_assert_str_eq(got, "[ok][x\xEF\xBF\xBDy]\n"
			      "[\xEF\xBF\xBD][\xEF\xBF\xBD\xEF\xBF\xBD]\n"
			      "[\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD][\xEF\xBF\xBD\xEF\xBF\xBDz]\n");
	ck_assert_uint_eq(s->problems.count[DS__SRC_INVALID_BYTES], 9);
	assert_sample(s, DS__SRC_INVALID_BYTES, 0, 2, 2, 1, "line 2, column 2: invalid UTF-8 byte 0x80");
	assert_sample(s, DS__SRC_INVALID_BYTES, 1, 3, 1, 2, "0xE4");
	assert_sample(s, DS__SRC_INVALID_BYTES, 2, 3, 2, 2, "0xC0");
	assert_sample(s, DS__SRC_INVALID_BYTES, 4, 4, 1, 3, "0xED");
	free(got);
	ds__source_close(s);
}
END_TEST

/* A UTF-8 Chinese file with one stray byte stays UTF-8 (invalid sequences at
 * most 1 % of the valid multi-byte ones): the names read intact, the byte is
 * one invalid-bytes problem with its place. A sample that is mostly invalid
 * (as above) still moves on. */
START_TEST(test_stray_byte_stays_utf8)
{
	char in[2048];
	size_t len = 0;
	ds__source *s;
	ds__record rec;
	int i;

	len += (size_t)sprintf(in + len, "姓名,城市\n");
	for (i = 0; i < 40; i++)
		len += (size_t)sprintf(in + len, "张三丰,北京市\n");
	len += (size_t)sprintf(in + len, "李\xe9四,上海\n");
	s = open_mem(in, len, NULL);
	ck_assert_str_eq(s->encoding, "UTF-8");
	ck_assert_int_eq(s->encoding_detected, 1);
	ck_assert_str_eq(s->names[0], "姓名");
	ck_assert_str_eq(s->names[1], "城市");
	for (i = 0; i < 41; i++)
		ck_assert_int_eq(ds__source_next(s, &rec), 1);
	ck_assert_str_eq(rec.text[0], "李\xEF\xBF\xBD四");
	ck_assert_int_eq(ds__source_next(s, &rec), 0);
	ck_assert_uint_eq(s->problems.count[DS__SRC_INVALID_BYTES], 1);
	assert_sample(s, DS__SRC_INVALID_BYTES, 0, 42, 1, 41, "line 42, column 1: invalid UTF-8 byte 0xE9");
	ds__source_close(s);
}
END_TEST

/* ---------------------------------------------------------------- never misread silently */

/* The reproductions of issue 20: each was misread with no warning. */
START_TEST(test_short_utf8_with_stray_byte)
{
	static const char in[] = "编号,名称\n1,a\n2,b\xff\n";
	ds__source *s = open_mem(in, sizeof in - 1, NULL);
	ds__record rec;

	ck_assert_str_eq(s->encoding, "UTF-8");
	ck_assert_str_eq(names_of(s), "[编号][名称]");
	ck_assert_uint_lt(s->encoding_confidence, 100);
	ck_assert_uint_eq(s->nwarnings, 1);
	ck_assert_str_eq(s->warnings[0].kind, "encoding");
	ck_assert_ptr_nonnull(strstr(s->warnings[0].message, "1 invalid byte sequence"));
	ck_assert_int_eq(ds__source_next(s, &rec), 1);
	ck_assert_int_eq(ds__source_next(s, &rec), 1);
	ck_assert_str_eq(rec.text[1], "b\xEF\xBF\xBD");
	assert_sample(s, DS__SRC_INVALID_BYTES, 0, 3, 2, 2, "0xFF");
	ds__source_close(s);
}
END_TEST

START_TEST(test_latin1_pipe)
{
	static const char in[] = "name|city|n\nJos\xe9|M\xe1laga|10\nAna|C\xe1"
				 "diz|7\n";
	ds__source *s = open_mem(in, sizeof in - 1, NULL);
	char *got = read_all(s);

	ck_assert_msg(strcmp(s->encoding, "ISO-8859-1") == 0 || strcmp(s->encoding, "windows-1252") == 0, "read as %s",
		      s->encoding);
	ck_assert_int_eq(s->delimiter, '|');
	ck_assert_str_eq(got, "[José][Málaga][10]\n[Ana][Cádiz][7]\n");
	ck_assert_uint_eq(s->problems.count[DS__SRC_INVALID_BYTES], 0);
	free(got);
	ds__source_close(s);
}
END_TEST

/* Legacy encodings written by ICU: detected and named, never GB18030. */
START_TEST(test_legacy_encodings)
{
	static const struct {
		const char *charset, *text, *expect;
	} cases[] = {
		{ "windows-1252",
		  "nom;ville;montant\nFrançois Lefèvre;Besançon;12\nHélène Müller;Zürich;7\n"
		  "Jérôme Dupré;Nîmes;30\nAurélie Bécaud;Orléans;5\nŒuvre “spéciale”;Évreux;9\n",
		  "windows-1252" },
		{ "ISO-8859-7",
		  "όνομα,πόλη,ποσό\nΓιώργος Παπαδόπουλος,Αθήνα,12\nΜαρία Κωνσταντίνου,Θεσσαλονίκη,7\n"
		  "Νίκος Αλεξίου,Πάτρα,30\nΕλένη Γεωργίου,Ηράκλειο,5\nΔημήτρης Ιωάννου,Λάρισα,9\n",
		  "ISO-8859-7" },
		{ "Shift_JIS",
		  "名前,都市,金額\n山田太郎,東京都,12\n鈴木花子,大阪府,7\n佐藤一郎,名古屋市,30\n"
		  "田中美咲,札幌市,5\nこんにちは、データです,横浜市,9\n",
		  "Shift_JIS" },
	};
	size_t i, len;

	for (i = 0; i < sizeof cases / sizeof *cases; i++) {
		char *data = encode(cases[i].text, cases[i].charset, &len);
		ds__source *s = open_mem(data, len, NULL);
		char *got = read_all(s);
		ck_assert_msg(strcmp(s->encoding, cases[i].expect) == 0, "case %zu: read as %s (%u), next %s (%u)", i,
			      s->encoding, s->encoding_confidence, s->runner_up, s->runner_up_confidence);
		ck_assert_uint_eq(s->problems.count[DS__SRC_INVALID_BYTES], 0);
		ck_assert_ptr_nonnull(strstr(cases[i].text, s->names[0]));
		ck_assert_uint_eq(s->ncolumns, 3);
		free(got);
		ds__source_close(s);
		free(data);
	}
	/* a sample longer than the checker's conversion buffer (4096 units) */
	for (i = 0; i < sizeof cases / sizeof *cases; i++) {
		const char *rows = strchr(cases[i].text, '\n') + 1;
		size_t hl = (size_t)(rows - cases[i].text), rl = strlen(rows), k;
		char *big = malloc(hl + 200 * rl + 1), *data;
		ds__source *s;
		memcpy(big, cases[i].text, hl);
		for (k = 0; k < 200; k++)
			memcpy(big + hl + k * rl, rows, rl);
		big[hl + 200 * rl] = '\0';
		data = encode(big, cases[i].charset, &len);
		ck_assert_uint_gt(len, 16384);
		s = open_mem(data, len, NULL);
		ck_assert_msg(strcmp(s->encoding, cases[i].expect) == 0, "case %zu, long: read as %s", i, s->encoding);
		ds__source_close(s);
		free(data);
		free(big);
	}
}
END_TEST

START_TEST(test_nul_terminated_ascii)
{
	static const char in[] = "id\0,cd\0\n10\0,AB\0\n";
	ds__source *s = open_mem(in, sizeof in - 1, NULL);
	char *got = read_all(s);

	ck_assert_str_eq(s->encoding, "UTF-8");
	ck_assert_str_eq(names_of(s), "[id][cd]");
	ck_assert_str_eq(got, "[10][AB]\n");
	ck_assert_uint_eq(s->problems.count[DS__SRC_NUL_BYTE], 4);
	free(got);
	ds__source_close(s);
}
END_TEST

START_TEST(test_binary_refused)
{
	static const struct {
		const char *data;
		size_t len;
		const char *named;
	} cases[] = {
	/* the length from the literal itself, so it cannot overstate it */
#define BINARY_CASE(literal, named) { literal, sizeof(literal) - 1, named }
		BINARY_CASE("\x1F\x8B\x08\x00\x00\x00\x00\x00\x00\x03", "gzip"),
		BINARY_CASE(
			"PK\x03\x04\x14\x00\x00\x00\x08\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00"
			"\x0f\x00\x00\x00xl/workbook.xml",
			".xlsx"),
		BINARY_CASE("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1\x00\x00", ".xls"),
		BINARY_CASE("%PDF-1.7\n", "PDF"),
		BINARY_CASE("a,b\n\x01\x02\x03\x04,\x05\x06\x07\x08\n\x0e\x0f,\x10\x11\n", "binary data"),
	/* Every kind the first bytes tell, named as the message names it. */
#define ZIP_HEAD "PK\x03\x04\x14\x00\x00\x00\x08\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00"
		BINARY_CASE(ZIP_HEAD "\x11\x00\x00\x00word/document.xml", "a zip archive (a Word .docx document)"),
		BINARY_CASE(ZIP_HEAD "\x08\x00\x00\x00mimetype", "a zip archive (an OpenDocument file)"),
		BINARY_CASE(ZIP_HEAD "\x13\x00\x00\x00[Content_Types].xml",
			    "a zip archive (an Office Open XML file: .xlsx, .docx or .pptx)"),
		BINARY_CASE(ZIP_HEAD "\x05\x00\x00\x00a.csv", "a zip archive"),
		BINARY_CASE(ZIP_HEAD "\x40\x00\x00\x00xl/", "a zip archive"), /* the name cut off by the sample */
#undef ZIP_HEAD
		BINARY_CASE("BZh91AY&SY\x01\x02", "a bzip2-compressed file"),
		BINARY_CASE("\x89PNG\r\n\x1A\n\x00\x00", "a PNG image"),
		BINARY_CASE("\xFF\xD8\xFF\xE0\x00\x10JFIF", "a JPEG image"),
		BINARY_CASE("GIF89a\x01\x00", "a GIF image"),
		BINARY_CASE("\xFD"
			    "7zXZ\x00\x00\x04",
			    "an xz-compressed file"),
		BINARY_CASE("\x28\xB5\x2F\xFD\x00\x00", "a zstd-compressed file"),
		BINARY_CASE("7z\xBC\xAF\x27\x1C\x00\x04", "a 7-Zip archive"),
		BINARY_CASE("Rar!\x1A\x07\x00", "a RAR archive"),
		BINARY_CASE("SQLite format 3\x00\x10\x00", "a SQLite database (probe it as sqlite:PATH#TABLE)"),
		BINARY_CASE("PAR1\x15\x04", "a Parquet file"),
		BINARY_CASE("ARROW1\x00\x00", "an Arrow IPC file"),
		BINARY_CASE("\x7F"
			    "ELF\x02\x01\x01",
			    "an ELF executable"),
		BINARY_CASE("Obj\x01\x04\x14", "an Avro container file"),
		BINARY_CASE("ORC\x0A\x03", "an ORC file"),
#undef BINARY_CASE
	};
	size_t i;

	for (i = 0; i < sizeof cases / sizeof *cases; i++) {
		ds__source *s = NULL;
		ds__csv_options opt = { "utf-8", ',', DS__CSV_HEADER_YES, 0, 0 };
		ck_assert_ds_err(ds__source_open_csv_memory(&s, cases[i].data, cases[i].len, "x.csv", NULL), DS_EINVAL);
		ck_assert_msg(strstr(ds_error_last()->message, cases[i].named) != NULL, "case %zu: %s", i,
			      ds_error_last()->message);
		ck_assert_ptr_null(s);
		if (i < 4) /* whatever the encoding given */
			ck_assert_ds_err(ds__source_open_csv_memory(&s, cases[i].data, cases[i].len, "x.csv", &opt),
					 DS_EINVAL);
	}
}
END_TEST

START_TEST(test_other_delimiters)
{
	static const struct {
		const char *in;
		char delim;
		size_t ncols;
	} cases[] = {
		{ "city:region:pop\nBoston:MA:600000\nConcord:NH:42605\n", ':', 3 },
		{ "a+b+c\n1+2+3\n4+5+6\n", '+', 3 },
		{ "a?b\n1?2\n3?4\n", '?', 2 },
		{ "a b c\n1 2 3\n4 5 6\n", ' ', 3 },
		{ "a^b\n1^2\n", '^', 2 },
		/* the primary ones win a tie, and "." inside numbers is no delimiter */
		{ "x,y\n1.5,2.5\n3.5,4.5\n", ',', 2 },
		{ "t;v\n08:00;1\n09:30;2\n", ';', 2 },
		{ "\"a:b\",c\n\"1:2\",3\n", ',', 2 },
		/* a one-column file of dates: the header has no '-' */
		{ "date\n2024-01-31\n2024-02-01\n", ',', 1 },
		/* one line: no other byte can prove itself */
		{ "2019-06-05\n", ',', 1 },
	};
	size_t i;

	for (i = 0; i < sizeof cases / sizeof *cases; i++) {
		ds__source *s = open_mem(cases[i].in, strlen(cases[i].in), NULL);
		ck_assert_msg(s->delimiter == cases[i].delim && s->ncolumns == cases[i].ncols,
			      "case %zu: '%c', %zu columns", i, s->delimiter, s->ncolumns);
		ck_assert_int_eq(s->delimiter_detected, 1);
		ds__source_close(s);
	}
}
END_TEST

START_TEST(test_no_delimiter_warned)
{
	/* nothing that could be a delimiter: one column, nothing to warn */
	static const char one[] = "name\nalpha\nbeta\n";
	/* candidates that hold on no two records: one column, warned */
	static const char ragged[] = "a;b\nc:d:e\nf+g+h+i\nj\n";
	ds__source *s = open_mem(one, sizeof one - 1, NULL);

	ck_assert_uint_eq(s->ncolumns, 1);
	ck_assert_uint_eq(s->nwarnings, 0);
	ds__source_close(s);
	s = open_mem(ragged, sizeof ragged - 1, NULL);
	ck_assert_uint_eq(s->nwarnings, 1);
	ck_assert_str_eq(s->warnings[0].kind, "delimiter");
	ds__source_close(s);
}
END_TEST

START_TEST(test_header_detection)
{
	static const struct {
		const char *in;
		int header; /* expected */
		int warned;
		const char *names;
	} cases[] = {
		{ "1,2\n3,4\n5,6\n", 0, 0, "[column_1][column_2]" },
		{ "a,b\n1,2\n3,4\n", 1, 0, "[a][b]" },
		{ "id,date\n7,2024-01-31\n8,2024-02-01\n", 1, 0, "[id][date]" },
		{ "7,2024-01-31\n8,2024-02-01\n", 0, 0, "[column_1][column_2]" },
		{ "Boston,MA,600000\nConcord,NH,42605\n", 0, 0, "[column_1][column_2][column_3]" },
		{ "name,city\nAnn,Rome\nBob,Oslo\n", 1, 0, "[name][city]" },
		{ "Ann,Rome\nBob,Rome\n", 1, 1, "[Ann][Rome]" },
		{ ",city\nAnn,Rome\nBob,Oslo\n", 1, 1, "[column_1][city]" },
		{ "a,b\n", 1, 0, "[a][b]" },
		{ "1,2\n", 0, 0, "[column_1][column_2]" },
		/* as DuckDB's sniffer: the first record has the types of the
		 * records below (text, number, number), so it is data */
		{ "x,2020,2021\nA,1,2\nB,3,4\n", 0, 0, "[column_1][column_2][column_3]" },
	};
	size_t i;

	for (i = 0; i < sizeof cases / sizeof *cases; i++) {
		ds__source *s = open_mem(cases[i].in, strlen(cases[i].in), NULL);
		ck_assert_msg(s->header == cases[i].header, "case %zu: header %d", i, s->header);
		ck_assert_int_eq(s->header_detected, 1);
		ck_assert_str_eq(names_of(s), cases[i].names);
		ck_assert_msg((s->nwarnings > 0) == cases[i].warned, "case %zu: %zu warnings", i, s->nwarnings);
		ds__source_close(s);
	}
	{
		ds__csv_options yes = { NULL, 0, DS__CSV_HEADER_YES, 0, 0 }, bad = { NULL, 0, 3, 0, 0 };
		ds__source *s = open_mem("1,2\n3,4\n", 8, &yes);
		ck_assert_int_eq(s->header, 1);
		ck_assert_int_eq(s->header_detected, 0);
		ck_assert_str_eq(names_of(s), "[1][2]");
		ds__source_close(s);
		s = NULL;
		ck_assert_ds_err(ds__source_open_csv_memory(&s, "a\n", 2, "x", &bad), DS_EINVAL);
		ck_assert_str_eq(ds_error_last()->field, "header");
	}
}
END_TEST

START_TEST(test_given_encoding_icu_name)
{
	static const char in[] = "name;city\nJos\xe9;M\xe1laga\n";
	ds__csv_options opt = { "latin1", 0, DS__CSV_HEADER_YES, 0, 0 };
	ds__source *s = open_mem(in, sizeof in - 1, &opt);
	char *got = read_all(s);

	ck_assert_str_eq(s->encoding, "ISO-8859-1");
	ck_assert_int_eq(s->encoding_detected, 0);
	ck_assert_uint_eq(s->encoding_confidence, 100);
	ck_assert_str_eq(got, "[José][Málaga]\n");
	free(got);
	ds__source_close(s);
}
END_TEST

/* Invalid sequences right after valid CJK text (the 3-byte fast path) agree
 * with Python's decode(errors="replace"). */
START_TEST(test_invalid_after_cjk)
{
	static const struct {
		const char *in, *want;
		int count;
	} cases[] = {
		{ "数\xF5\x80\x80", "数\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD", 3 },
		{ "数\xF0\x9F\x98\x80数", "数😀数", 0 },
		{ "数\xED\xA0\x80", "数\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD", 3 },
		{ "数\xE0\x80\x80", "数\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD", 3 },
		{ "数\xE4\xB8\xC0", "数\xEF\xBF\xBD\xEF\xBF\xBD", 2 },
		{ "数\xEF\xBF", "数\xEF\xBF\xBD", 1 },
		{ "数\xF4\x90\x80\x80", "数\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD", 4 },
	};
	ds__csv_options opt = { "utf-8", ',', DS__CSV_HEADER_NO, 0, 0 };
	size_t i;

	for (i = 0; i < sizeof cases / sizeof *cases; i++) {
		ds__source *s = open_mem(cases[i].in, strlen(cases[i].in), &opt);
		ds__record rec;
		ck_assert_int_eq(ds__source_next(s, &rec), 1);
		ck_assert_msg(strcmp(rec.text[0], cases[i].want) == 0, "case %zu", i);
		ck_assert_uint_eq(s->problems.count[DS__SRC_INVALID_BYTES], (uint64_t)cases[i].count);
		ds__source_close(s);
	}
}
END_TEST

START_TEST(test_invalid_converted)
{
	/* GB18030: 0x81 followed by a byte that cannot continue it; UTF-16LE: a lone high surrogate */
	const char gb[] = "\xc3\xfb,b\n\x81\x20x,\xca\xfd\n";
	const char u16[] = "a\0,\0b\0\n\0x\0\x00\xD8,\0y\0\n\0";
	ds__csv_options opt = { "gb18030", 0, DS__CSV_HEADER_YES, 0, 0 };
	ds__source *s = open_mem(gb, sizeof gb - 1, &opt);
	char *got = read_all(s);
	int ok;

	ck_assert_str_eq(names_of(s), "[名][b]");
	ok = strcmp(got, "[\xEF\xBF\xBD x][数]\n") == 0 || strcmp(got, "[\xEF\xBF\xBDx][数]\n") == 0;
	ck_assert_msg(ok, "got %s", got);
	ck_assert_uint_ge(s->problems.count[DS__SRC_INVALID_BYTES], 1);
	assert_sample(s, DS__SRC_INVALID_BYTES, 0, 2, 1, 1, "invalid in GB18030");
	free(got);
	ds__source_close(s);

	opt.encoding = "utf-16le";
	s = open_mem(u16, sizeof u16 - 1, &opt);
	got = read_all(s);
	ck_assert_str_eq(got, "[x\xEF\xBF\xBD][y]\n");
	ck_assert_uint_eq(s->problems.count[DS__SRC_INVALID_BYTES], 1);
	assert_sample(s, DS__SRC_INVALID_BYTES, 0, 2, 1, 1, "invalid in UTF-16LE");
	free(got);
	ds__source_close(s);
}
END_TEST

START_TEST(test_nul_bytes)
{
	const char in[] = "a,b\n1\0,2\n\"x\0y\",3\n";
	ds__source *s = open_mem(in, sizeof in - 1, NULL);
	char *got = read_all(s);

	ck_assert_str_eq(s->encoding, "UTF-8");
	ck_assert_str_eq(got, "[1][2]\n[xy][3]\n");
	ck_assert_uint_eq(s->problems.count[DS__SRC_NUL_BYTE], 2);
	assert_sample(s, DS__SRC_NUL_BYTE, 0, 2, 1, 1, "NUL byte dropped");
	assert_sample(s, DS__SRC_NUL_BYTE, 1, 3, 1, 2, "NUL");
	free(got);
	ds__source_close(s);
}
END_TEST

START_TEST(test_nul_converted)
{
	/* U+0000 in UTF-16 is a NUL byte once converted: dropped and reported */
	const char u16[] = "a\0,\0b\0\n\0x\0\0\0y\0,\0z\0\n\0";
	ds__csv_options opt = { "utf-16le", 0, DS__CSV_HEADER_YES, 0, 0 };
	ds__source *s = open_mem(u16, sizeof u16 - 1, &opt);
	char *got = read_all(s);

	ck_assert_str_eq(got, "[xy][z]\n");
	ck_assert_uint_eq(s->problems.count[DS__SRC_NUL_BYTE], 1);
	assert_sample(s, DS__SRC_NUL_BYTE, 0, 2, 1, 1, "NUL byte dropped");
	free(got);
	ds__source_close(s);
}
END_TEST

START_TEST(test_duplicate_names)
{
	const char *in = "a,a,,b,a_2,a\n1,2,3,4,5,6\n";
	ds__source *s = open_mem(in, strlen(in), NULL);

	ck_assert_str_eq(names_of(s), "[a][a_3][column_3][b][a_2][a_4]");
	ck_assert_uint_eq(s->problems.count[DS__SRC_DUPLICATE_NAME], 3);
	assert_sample(s, DS__SRC_DUPLICATE_NAME, 0, 1, 2, 0, "'a' repeated: renamed 'a_3'");
	assert_sample(s, DS__SRC_DUPLICATE_NAME, 1, 1, 3, 0, "empty column name: named 'column_3'");
	assert_sample(s, DS__SRC_DUPLICATE_NAME, 2, 1, 6, 0, "renamed 'a_4'");
	ds__source_close(s);
}
END_TEST

/* 30,000 repeats of one name: the suffix search goes on where the previous
 * repeat stopped, so this is linear (it took minutes when every repeat
 * restarted at _2). Names given keep priority: a literal a_5 stays. */
START_TEST(test_many_duplicate_names)
{
	size_t n = 30000, len = 0, i;
	char *in = malloc(n * 4 + 16);
	struct timespec t0, t1;
	double secs; /* elapsed time only, not a quantity of the domain */
	ds__source *s;
	char want[32];

	for (i = 0; i < n; i++)
		len += (size_t)sprintf(in + len, "%s%c", i == 10 ? "a_5" : "a", i + 1 < n ? ',' : '\n');
	clock_gettime(CLOCK_MONOTONIC, &t0);
	s = open_mem(in, len, NULL);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	secs = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
	if (!tu_under_valgrind()) /* valgrind runs code tens of times slower */
		ck_assert_msg(secs < 5.0, "30,000 repeated names took %.1f s", secs);
	ck_assert_uint_eq(s->ncolumns, n);
	ck_assert_str_eq(s->names[0], "a");
	ck_assert_str_eq(s->names[1], "a_2");
	ck_assert_str_eq(s->names[4], "a_6"); /* a_5 is column 11's own */
	ck_assert_str_eq(s->names[5], "a_7");
	ck_assert_str_eq(s->names[10], "a_5");
	sprintf(want, "a_%zu", n);
	ck_assert_str_eq(s->names[n - 1], want);
	ck_assert_uint_eq(s->problems.count[DS__SRC_DUPLICATE_NAME], n - 2);
	ds__source_close(s);
	free(in);
}
END_TEST

START_TEST(test_problem_samples_bounded)
{
	size_t cap = 200 * 8 + 16, len = 0;
	char *in = malloc(cap);
	ds__source *s;
	int i;

	len += (size_t)sprintf(in, "a,b\n");
	for (i = 0; i < 200; i++)
		len += (size_t)sprintf(in + len, "%d\n", i % 10);
	s = open_mem(in, len, NULL);
	free(read_all(s));
	ck_assert_uint_eq(s->problems.count[DS__SRC_RAGGED_ROW], 200);
	ck_assert_uint_eq(s->problems.nsamples[DS__SRC_RAGGED_ROW], DS__SOURCE_MAX_SAMPLES);
	assert_sample(s, DS__SRC_RAGGED_ROW, 9, 11, 0, 10, "1 fields, the header has 2");
	ck_assert_str_eq(ds__source_problem_name(DS__SRC_INVALID_BYTES), "invalid-bytes");
	ck_assert_str_eq(ds__source_problem_name(DS__SRC_DUPLICATE_NAME), "duplicate-name");
	ck_assert_str_eq(ds__source_problem_name(DS__SRC_PROBLEM_KINDS), "unknown");
	ds__source_close(s);
	free(in);
}
END_TEST

START_TEST(test_too_many_fields)
{
	size_t n = DS__SOURCE_MAX_FIELDS + 1000, len;
	char *in = malloc(n + 16);
	ds__csv_options opt = { NULL, ',', DS__CSV_HEADER_NO, 0, 0 };
	ds__source *s;
	ds__record rec;

	memset(in, ',', n);
	len = n;
	memcpy(in + len, "\nx\n", 3);
	len += 3;
	s = open_mem(in, len, &opt);
	ck_assert_uint_eq(s->ncolumns, DS__SOURCE_MAX_FIELDS);
	ck_assert_uint_eq(s->problems.count[DS__SRC_RAGGED_ROW], 1);
	assert_sample(s, DS__SRC_RAGGED_ROW, 0, 1, 0, 1, "65536 are kept");
	ck_assert_int_eq(ds__source_next(s, &rec), 1);
	ck_assert_uint_eq(rec.nfields, DS__SOURCE_MAX_FIELDS);
	ck_assert_int_eq(ds__source_next(s, &rec), 1);
	ck_assert_uint_eq(rec.nfields, 1);
	ck_assert_str_eq(rec.text[0], "x");
	ck_assert_int_eq(ds__source_next(s, &rec), 0);
	ds__source_close(s);
	free(in);
}
END_TEST

/* ---------------------------------------------------------------- long fields */

START_TEST(test_long_field)
{
	/* 1.5 MiB of a 3-byte character, quoted, then a short field */
	size_t chars = 512 * 1024, len = 0, i;
	char *in = malloc(chars * 3 + 64);
	ds__source *s;
	ds__record rec;

	len += (size_t)sprintf(in, "big,small\n\"");
	for (i = 0; i < chars; i++) {
		memcpy(in + len, "数", 3);
		len += 3;
	}
	len += (size_t)sprintf(in + len, "\",tail\n");
	s = open_mem(in, len, NULL);
	ck_assert_int_eq(ds__source_next(s, &rec), 1);
	ck_assert_int_eq(rec.truncated[0], 1);
	ck_assert_int_eq(rec.truncated[1], 0);
	ck_assert_uint_eq(rec.bytes[0], chars * 3);
	ck_assert_uint_eq(rec.chars[0], chars);
	ck_assert_uint_lt(rec.len[0], DS__SOURCE_MAX_FIELD);
	ck_assert_uint_ge(rec.len[0], DS__SOURCE_MAX_FIELD - 3);
	ck_assert_uint_eq(rec.len[0] % 3, 0); /* cut at a character boundary */
	ck_assert_uint_eq(strlen(rec.text[0]), rec.len[0]);
	ck_assert_str_eq(rec.text[1], "tail");
	ck_assert_uint_eq(s->problems.count[DS__SRC_LONG_FIELD], 1);
	assert_sample(s, DS__SRC_LONG_FIELD, 0, 2, 1, 1, "field longer than");
	ck_assert_int_eq(ds__source_next(s, &rec), 0);
	ds__source_close(s);
	free(in);
}
END_TEST

START_TEST(test_long_record)
{
	/* 20 fields of 1 MiB: the record keeps DS__SOURCE_MAX_RECORD at most */
	size_t nf = 20, flen = 1024 * 1024, len = 0, i;
	char *in = malloc(nf * (flen + 1) + 16);
	ds__csv_options opt = { NULL, ',', DS__CSV_HEADER_NO, 0, 0 };
	ds__source *s;
	ds__record rec;
	size_t kept = 0;

	for (i = 0; i < nf; i++) {
		memset(in + len, 'a' + (int)i, flen);
		len += flen;
		in[len++] = i + 1 < nf ? ',' : '\n';
	}
	s = open_mem(in, len, &opt);
	ck_assert_int_eq(ds__source_next(s, &rec), 1);
	ck_assert_uint_eq(rec.nfields, nf);
	for (i = 0; i < nf; i++) {
		ck_assert_uint_eq(rec.bytes[i], flen);
		ck_assert_int_eq(rec.truncated[i], 1);
		kept += rec.len[i];
	}
	ck_assert_uint_lt(kept + nf, DS__SOURCE_MAX_RECORD);
	ck_assert_uint_eq(rec.len[nf - 1], 0);
	ck_assert_uint_eq(s->problems.count[DS__SRC_LONG_FIELD], nf);
	ck_assert_uint_eq(rec.len[nf - 2], 0);
	ck_assert_uint_gt(rec.len[0], 0);
	ds__source_close(s);
	free(in);
}
END_TEST

static long peak_rss_kib(void)
{
	struct rusage ru;
	getrusage(RUSAGE_SELF, &ru);
	return ru.ru_maxrss;
}

START_TEST(test_huge_field_streams)
{
	/* a 100 MB single field read from a file must not need 100 MB */
	const char *path = tmp_path("huge.csv");
	static char chunk[1 << 16];
	size_t total = 100u * 1000 * 1000, done = 0;
	FILE *f = fopen(path, "wb");
	ds__source *s;
	ds__record rec;
	long before, after;

	ck_assert_ptr_nonnull(f);
	memset(chunk, 'x', sizeof chunk);
	fputs("id,blob\n1,\"", f);
	while (done < total) {
		size_t n = total - done < sizeof chunk ? total - done : sizeof chunk;
		ck_assert_uint_eq(fwrite(chunk, 1, n, f), n);
		done += n;
	}
	fputs("\"\n2,small\n", f);
	ck_assert_int_eq(fclose(f), 0);

	before = peak_rss_kib();
	ck_assert_ds_ok(ds__source_open_csv(&s, path, NULL));
	ck_assert_int_eq(ds__source_next(s, &rec), 1);
	ck_assert_uint_eq(rec.bytes[1], total);
	ck_assert_uint_eq(rec.chars[1], total);
	ck_assert_int_eq(rec.truncated[1], 1);
	ck_assert_uint_eq(rec.len[1], DS__SOURCE_MAX_FIELD - 1);
	ck_assert_int_eq(ds__source_next(s, &rec), 1);
	ck_assert_str_eq(rec.text[1], "small");
	ck_assert_int_eq(rec.line, 3);
	ck_assert_int_eq(ds__source_next(s, &rec), 0);
	ck_assert_uint_eq(s->bytes_done, s->bytes_total);
	ds__source_close(s);
	after = peak_rss_kib();
	if (!tu_under_valgrind())
		ck_assert_msg(after - before < 32 * 1024, "peak RSS grew by %ld KiB reading a 100 MB field",
			      after - before);
}
END_TEST

/* ---------------------------------------------------------------- buffer boundaries */

/*
 * Put a tricky sequence exactly across the file reader's buffer boundary, at
 * every shift: the file must read as the same bytes from memory (one window).
 */
START_TEST(test_buffer_boundaries)
{
	static const char *const tricky[] = {
		"\"a\"\"b\"", /* a doubled quote */
		"x\r\ny",     /* CRLF between records */
		"\"p\r\nq\"", /* CRLF inside quotes */
		"数😀",	      /* 3- and 4-byte characters */
		"\xE4\xB8z",  /* an invalid sequence */
		"\"q\"z",     /* text after a closing quote */
		"\r",	      /* a CR alone */
	};
	size_t t, shift;

	for (t = 0; t < sizeof tricky / sizeof *tricky; t++) {
		for (shift = 0; shift < 8; shift++) {
			size_t pad = READ_BUFFER - 4 + shift, len = 0, tl = strlen(tricky[t]);
			char *in = malloc(pad + 64);
			ds__csv_options opt = { "utf-8", ',', DS__CSV_HEADER_YES, 0, 0 };
			ds__source *s;
			char *from_mem, *from_file;
			uint64_t problems_mem[DS__SRC_PROBLEM_KINDS], last = 0;
			ds__record rec;
			int k;

			len += (size_t)sprintf(in, "a,b\n");
			memset(in + len, 'p', pad - len - 2);
			len = pad - 2;
			in[len++] = ',';
			in[len++] = ',';
			memcpy(in + len, tricky[t], tl);
			len += tl;
			len += (size_t)sprintf(in + len, ",end\nlast,1\n");

			s = open_mem(in, len, &opt);
			from_mem = read_all(s);
			memcpy(problems_mem, s->problems.count, sizeof problems_mem);
			ds__source_close(s);

			write_file(tmp_path("edge.csv"), in, len);
			ck_assert_ds_ok(ds__source_open_csv(&s, tmp_path("edge.csv"), &opt));
			from_file = read_all(s);
			ck_assert_msg(strcmp(from_mem, from_file) == 0, "case %zu shift %zu differs", t, shift);
			for (k = 0; k < DS__SRC_PROBLEM_KINDS; k++)
				ck_assert_uint_eq(s->problems.count[k], problems_mem[k]);
			ds__source_close(s);

			/* progress only grows and ends at the size */
			ck_assert_ds_ok(ds__source_open_csv(&s, tmp_path("edge.csv"), &opt));
			ck_assert_uint_eq(s->bytes_total, len);
			while (ds__source_next(s, &rec) > 0) {
				ck_assert_uint_ge(s->bytes_done, last);
				last = s->bytes_done;
			}
			ck_assert_uint_eq(s->bytes_done, len);
			ds__source_close(s);
			free(from_mem);
			free(from_file);
			free(in);
		}
	}
}
END_TEST

/* A converted (UTF-16) file longer than the buffers: the same records as UTF-8. */
START_TEST(test_converted_long_file)
{
	size_t cap = 3 * 1024 * 1024, len = 0, u16len;
	char *text = malloc(cap), *u16, *a, *b;
	ds__source *s;
	int i;

	len += (size_t)sprintf(text, "编号,名称,说明\n");
	for (i = 0; len < cap - 200; i++)
		len += (size_t)sprintf(text + len, "%d,数据资产%d,\"多行\r\n说明😀 %d\"\n", i, i, i);
	text[len] = '\0';
	u16 = encode(text, "UTF-16BE", &u16len);
	write_file(tmp_path("u16.csv"), u16, u16len);
	s = open_mem(text, len, NULL);
	a = read_all(s);
	ds__source_close(s);
	ck_assert_ds_ok(ds__source_open_csv(&s, tmp_path("u16.csv"), NULL));
	ck_assert_str_eq(s->encoding, "UTF-16BE");
	b = read_all(s);
	ck_assert_uint_eq(s->bytes_done, u16len);
	ck_assert_uint_eq(s->problems.count[DS__SRC_RAGGED_ROW], 0);
	ds__source_close(s);
	ck_assert_msg(strcmp(a, b) == 0, "UTF-16BE read differs from UTF-8");
	free(a);
	free(b);
	free(u16);
	free(text);
}
END_TEST

/* ---------------------------------------------------------------- SQLite */

static const char *make_db(void)
{
	static char path[512];
	sqlite3 *db = NULL;
	char *err = NULL;

	snprintf(path, sizeof path, "%s", tmp_path("t.db"));
	ck_assert_int_eq(sqlite3_open(path, &db), SQLITE_OK);
	ck_assert_msg(
		sqlite3_exec(db,
			     "CREATE TABLE \"my \"\"table\"\" 1\" (id INTEGER, amount REAL, name TEXT, data BLOB, "
			     "note, \"\" TEXT);"
			     "INSERT INTO \"my \"\"table\"\" 1\" VALUES (1, 12.5, '数据资产', x'00ff10', 7, 'e');"
			     "INSERT INTO \"my \"\"table\"\" 1\" VALUES (NULL, NULL, NULL, NULL, NULL, NULL);"
			     "INSERT INTO \"my \"\"table\"\" 1\" VALUES (-9223372036854775808, 1e100, '', x'', "
			     "'x', CAST(x'41ff42' AS TEXT));"
			     "CREATE TABLE plain (a);",
			     NULL, NULL, &err) == SQLITE_OK,
		"%s", err ? err : "");
	ck_assert_int_eq(sqlite3_close(db), SQLITE_OK);
	return path;
}

START_TEST(test_sqlite_table)
{
	const char *path = make_db();
	ds__source *s = NULL;
	ds__record rec;

	ck_assert_ds_ok(ds__source_open_sqlite(&s, path, "my \"table\" 1"));
	ck_assert_str_eq(s->kind, "sqlite");
	ck_assert_str_eq(s->encoding, "UTF-8");
	ck_assert_int_eq(s->delimiter, 0);
	ck_assert_str_eq(names_of(s), "[id][amount][name][data][note][column_6]");
	ck_assert_uint_eq(s->problems.count[DS__SRC_DUPLICATE_NAME], 1);
	ck_assert_str_eq(s->declared[0], "INTEGER");
	ck_assert_str_eq(s->declared[3], "BLOB");
	ck_assert_ptr_null(s->declared[4]);
	ck_assert_ptr_nonnull(strstr(s->location, "#my \"table\" 1"));

	ck_assert_int_eq(ds__source_next(s, &rec), 1);
	ck_assert_int_eq(rec.number, 1);
	ck_assert_int_eq(rec.line, 0);
	ck_assert_uint_eq(rec.nfields, 6);
	ck_assert_str_eq(rec.text[0], "1");
	ck_assert_str_eq(rec.text[1], "12.5");
	ck_assert_str_eq(rec.text[2], "数据资产");
	ck_assert_uint_eq(rec.chars[2], 4);
	ck_assert_uint_eq(rec.bytes[2], 12);
	ck_assert_str_eq(rec.text[3], "00ff10");
	ck_assert_str_eq(rec.text[4], "7");
	ck_assert_int_eq(rec.null[0] | rec.null[3], 0);

	ck_assert_int_eq(ds__source_next(s, &rec), 1);
	ck_assert_int_eq(rec.null[0] & rec.null[1] & rec.null[2] & rec.null[3] & rec.null[4], 1);
	ck_assert_str_eq(rec.text[0], "");
	ck_assert_uint_eq(rec.len[2], 0);

	ck_assert_int_eq(ds__source_next(s, &rec), 1);
	ck_assert_str_eq(rec.text[0], "-9223372036854775808");
	ck_assert_str_eq(rec.text[1], "1.0e+100");
	ck_assert_str_eq(rec.text[2], "");
	ck_assert_int_eq(rec.null[2], 0); /* empty text is not NULL */
	ck_assert_str_eq(rec.text[3], "");
	ck_assert_int_eq(rec.null[3], 0);
	ck_assert_int_eq(rec.empty_value[3], 1); /* an empty BLOB is a value */
	ck_assert_int_eq(rec.empty_value[2], 0); /* empty text is empty, as in CSV */
	ck_assert_str_eq(rec.text[5], "A\xEF\xBF\xBD"
				      "B");
	ck_assert_uint_eq(s->problems.count[DS__SRC_INVALID_BYTES], 1);
	assert_sample(s, DS__SRC_INVALID_BYTES, 0, 0, 6, 3, "record 3, column 6: invalid UTF-8 byte 0xFF");
	ck_assert_int_eq(ds__source_next(s, &rec), 0);
	ck_assert_uint_gt(s->bytes_done, 0);
	ds__source_close(s);
}
END_TEST

/* The probe over SQLite: only SQL NULL is a null in a BLOB column, an empty
 * BLOB is a value. */
START_TEST(test_sqlite_empty_blob_probe)
{
	const char *path = make_db();
	ds_probe *p = NULL;
	ds_probe_column_info col;

	ck_assert_ds_ok(ds_probe_sqlite(&p, path, "my \"table\" 1", NULL));
	ck_assert_ds_ok(ds_probe_column_at(&col, p, 3));
	ck_assert_str_eq(col.name, "data");
	ck_assert_uint_eq(col.nulls, 1);
	ck_assert_uint_eq(col.non_empty, 2);
	ck_assert_uint_eq(col.distinct, 2);
	ck_assert_ds_ok(ds_probe_column_at(&col, p, 2)); /* empty TEXT stays a null */
	ck_assert_uint_eq(col.nulls, 2);
	ds_probe_free(p);
}
END_TEST

START_TEST(test_sqlite_errors)
{
	const char *path = make_db();
	ds__source *s = NULL;
	sqlite3 *db;
	sqlite3_stmt *st;

	ck_assert_ds_err(ds__source_open_sqlite(&s, path, "missing"), DS_ENOTFOUND);
	ck_assert_str_eq(ds_error_last()->field, "table");
	ck_assert_ptr_null(s);
	ck_assert_ds_err(ds__source_open_sqlite(&s, path, "plain\"; DROP TABLE plain; --"), DS_ENOTFOUND);
	ck_assert_ds_err(ds__source_open_sqlite(&s, path, ""), DS_EINVAL);
	ck_assert_ds_err(ds__source_open_sqlite(&s, tmp_path("none.db"), "plain"), DS_EIO);
	write_file(tmp_path("text.db"), "this is not a database, just text of some length................", 64);
	ck_assert_ds_err(ds__source_open_sqlite(&s, tmp_path("text.db"), "plain"), DS_EIO);
	ck_assert_ptr_null(s);
	ck_assert_int_eq(access(tmp_path("none.db"), F_OK), -1); /* read-only: nothing created */

	/* the read changed nothing, and the table is still there */
	ck_assert_ds_ok(ds__source_open_sqlite(&s, path, "plain"));
	ds__source_close(s);
	ck_assert_int_eq(sqlite3_open(path, &db), SQLITE_OK);
	ck_assert_int_eq(sqlite3_prepare_v2(db, "SELECT count(*) FROM plain", -1, &st, NULL), SQLITE_OK);
	ck_assert_int_eq(sqlite3_step(st), SQLITE_ROW);
	sqlite3_finalize(st);
	sqlite3_close(db);
}
END_TEST

START_TEST(test_sqlite_long_value)
{
	const char *path = tmp_path("long.db");
	sqlite3 *db = NULL;
	ds__source *s = NULL;
	ds__record rec;

	ck_assert_int_eq(sqlite3_open(path, &db), SQLITE_OK);
	ck_assert_int_eq(
		sqlite3_exec(db,
			     "CREATE TABLE t (v TEXT, b BLOB);"
			     "INSERT INTO t VALUES (replace(hex(zeroblob(1100000)), '00', '数'), zeroblob(600000));",
			     NULL, NULL, NULL),
		SQLITE_OK);
	sqlite3_close(db);
	ck_assert_ds_ok(ds__source_open_sqlite(&s, path, "t"));
	ck_assert_int_eq(ds__source_next(s, &rec), 1);
	ck_assert_int_eq(rec.truncated[0], 1);
	ck_assert_uint_eq(rec.chars[0], 1100000);
	ck_assert_uint_eq(rec.bytes[0], 3300000);
	ck_assert_uint_eq(rec.len[0] % 3, 0);
	ck_assert_int_eq(rec.truncated[1], 1); /* 1.2 million hex digits */
	ck_assert_uint_eq(rec.bytes[1], 1200000);
	ck_assert_uint_eq(s->problems.count[DS__SRC_LONG_FIELD], 2);
	ds__source_close(s);
}
END_TEST

/* which warning kinds the source has, joined by ',' */
static const char *warning_kinds(const ds__source *s)
{
	static char out[256];
	size_t i, len = 0;
	out[0] = '\0';
	for (i = 0; i < s->nwarnings && len < sizeof out - 40; i++)
		len += (size_t)snprintf(out + len, sizeof out - len, "%s%s", i ? "," : "", s->warnings[i].kind);
	return out;
}

START_TEST(test_preamble)
{
	static const struct {
		const char *in, *names, *rows, *warnings;
	} cases[] = {
		/* a title and a blank line (DuckDB's auto/skip_row.csv shape) */
		{ "some notes...\n\nnumber,text\n1,a\n2,b\n", "[number][text]", "[1][a]\n[2][b]\n", "preamble" },
		/* two lines of notes, the second with fewer fields than the table */
		{ "notes\nmore notes,...\na,b,c\n1,2,3\n4,5,6\n", "[a][b][c]", "[1][2][3]\n[4][5][6]\n", "preamble" },
		/* '#' comments before the header: later '#' lines are skipped too, and warned */
		{ "# a comment\nid,name\n1,x\n# another\n2,y\n", "[id][name]", "[1][x]\n[2][y]\n", "preamble,comment" },
		/* data rows ending in a delimiter: the header has one name less */
		{ "Vendor\tX\nDate\t1\na\tb\tc\n1\t2\t3\t\n4\t5\t6\t\n", "[a][b][c]", "[1][2][3][]\n[4][5][6][]\n",
		  "delimiter,preamble" },
		/* a header one field short (R's row names) is not a preamble */
		{ "\"a\",\"b\"\n\"1\",1,2\n\"2\",3,4\n", "[a][b]", "[1][1][2]\n[2][3][4]\n", "" },
		/* one row after a one-field line is not enough */
		{ "Value\n68,527.00\n", "[Value]", "[68][527.00]\n", "" },
		/* a '#' in the data without a preamble is data */
		{ "id,name\n1,x\n#2,y\n", "[id][name]", "[1][x]\n[#2][y]\n", "" },
	};
	size_t i;

	for (i = 0; i < sizeof cases / sizeof *cases; i++) {
		ds__source *s = open_mem(cases[i].in, strlen(cases[i].in), NULL);
		char *got;
		ck_assert_msg(strcmp(names_of(s), cases[i].names) == 0, "case %zu: names %s", i, names_of(s));
		got = read_all(s);
		ck_assert_msg(strcmp(got, cases[i].rows) == 0, "case %zu: rows %s", i, got);
		ck_assert_msg(strcmp(warning_kinds(s), cases[i].warnings) == 0, "case %zu: warnings %s", i,
			      warning_kinds(s));
		if (strstr(cases[i].warnings, "preamble"))
			ck_assert_ptr_nonnull(strstr(
				s->warnings[s->nwarnings > 1 && strcmp(s->warnings[0].kind, "delimiter") == 0].message,
				"skipped before the header"));
		free(got);
		ds__source_close(s);
	}
}
END_TEST

START_TEST(test_skip_given)
{
	static const char in[] = "title\na,b\n1,2\n";
	ds__csv_options none = { NULL, 0, DS__CSV_HEADER_AUTO, 1, 0 }, one = { NULL, ',', DS__CSV_HEADER_AUTO, 1, 1 },
			too_many = { NULL, ',', DS__CSV_HEADER_AUTO, 1, 3 },
			negative = { NULL, 0, DS__CSV_HEADER_AUTO, 1, -1 };
	ds__source *s = open_mem(in, sizeof in - 1, &none);
	char *got;

	ck_assert_str_eq(names_of(s), "[title]");
	ck_assert_uint_eq(s->nwarnings, 0);
	ds__source_close(s);
	s = open_mem(in, sizeof in - 1, &one);
	ck_assert_str_eq(names_of(s), "[a][b]");
	ck_assert_uint_eq(s->nwarnings, 0); /* given: not warned */
	got = read_all(s);
	ck_assert_str_eq(got, "[1][2]\n");
	free(got);
	ds__source_close(s);
	s = NULL;
	ck_assert_ds_err(ds__source_open_csv_memory(&s, in, sizeof in - 1, "x.csv", &too_many), DS_EINVAL);
	ck_assert_ptr_nonnull(strstr(ds_error_last()->message, "no record left after the 3 skipped"));
	ck_assert_ds_err(ds__source_open_csv_memory(&s, in, sizeof in - 1, "x.csv", &negative), DS_EINVAL);
	ck_assert_str_eq(ds_error_last()->field, "skip");
	ck_assert_ptr_null(s);
}
END_TEST

START_TEST(test_encoding_misreads)
{
	static const struct {
		const char *in, *encoding, *names;
		int warned;
	} cases[] = {
		/* Shift_JIS (ICU's detector says KOI8-R on DuckDB's encodings/shift_jis.csv) */
		{ "\x96\xbc\x91\x4f,\x94\x4e\x97\xee\r\n\x8e\x52\x93\x63,30\r\n\x97\xe9\x96\xd8,32\r\n", "Shift_JIS",
		  "[\xe5\x90\x8d\xe5\x89\x8d][\xe5\xb9\xb4\xe9\xbd\xa2]", 0 },
		/* a Latin-1 file of y-acute: not ISO-8859-5 (Cyrillic letters sit elsewhere) */
		{ "\xfd\xfd\xfd,\xfd\n\xfd\xfd,\xd8\n\xfd\xfd\xfd,\xf0\xfd\n", "windows-1252",
		  "[\xc3\xbd\xc3\xbd\xc3\xbd][\xc3\xbd]", 1 },
		/* ISO-8859-9 without its six Turkish letters is Latin-1 */
		{ "a,b,c\n1,2,3\n4,5,\xa9\n", "ISO-8859-1", "[a][b][c]", 1 },
		/* ASCII with a UTF-8 sequence cut short: UTF-8, warned (DuckDB's test/invalid_utf.csv) */
		{ "042|42|\xe2\x82(\n", "UTF-8", "[column_1][column_2][column_3]", 1 },
		/* FF FF in ASCII: UTF-8, warned */
		{ "a,b\nvalid,invalid_\xff\xff_part\n", "UTF-8", "[a][b]", 1 },
		/* ASCII with NULs padding fields is not UTF-16 (DuckDB's nullterm.csv) */
		{ "hello\n\0world\0\n", "UTF-8", "[hello]", 0 },
	};
	size_t i;

	for (i = 0; i < sizeof cases / sizeof *cases; i++) {
		ds__source *s = open_mem(cases[i].in, strlen(cases[i].in) + (i == 5 ? 8 : 0), NULL);
		char *got;
		ck_assert_msg(strcmp(s->encoding, cases[i].encoding) == 0, "case %zu: %s", i, s->encoding);
		got = read_all(s);
		ck_assert_msg(strcmp(names_of(s), cases[i].names) == 0, "case %zu: names %s", i, names_of(s));
		ck_assert_msg((strstr(warning_kinds(s), "encoding") != NULL) == cases[i].warned,
			      "case %zu: warnings %s", i, warning_kinds(s));
		if (i == 3) {
			ck_assert_ptr_nonnull(strstr(s->warnings[0].message, "1 invalid byte sequence"));
			ck_assert_ptr_nonnull(strstr(s->warnings[0].message, "the first at line 1, byte 8"));
			ck_assert_uint_eq(s->problems.count[DS__SRC_INVALID_BYTES], 1);
			ck_assert_str_eq(got, "[042][42][\xef\xbf\xbd(]\n");
		}
		free(got);
		ds__source_close(s);
	}
}
END_TEST

START_TEST(test_gzip)
{
#ifdef HAVE_ZLIB
	/* "id,n\n1,2\n" and "3,4\n", each gzip -c (two members, as cat a.gz b.gz) */
	static const unsigned char member1[] = { 0x1f, 0x8b, 0x08, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x03,
						 0xcb, 0x4c, 0xd1, 0xc9, 0xe3, 0x32, 0xd4, 0x31, 0xe2, 0x02,
						 0x00, 0x5c, 0x35, 0x5e, 0x46, 0x09, 0x00, 0x00, 0x00 };
	static const unsigned char member2[] = {
		0x1f, 0x8b, 0x08, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x03, 0x33, 0xd6,
		0x31, 0xe1, 0x02, 0x00, 0x3e, 0x2d, 0x72, 0xa9, 0x04, 0x00, 0x00, 0x00
	};
	unsigned char both[sizeof member1 + sizeof member2];
	ds__source *s;
	char *got;
	size_t cut;

	memcpy(both, member1, sizeof member1);
	memcpy(both + sizeof member1, member2, sizeof member2);
	s = open_mem((const char *)both, sizeof both, NULL);
	ck_assert_str_eq(names_of(s), "[id][n]");
	got = read_all(s);
	ck_assert_str_eq(got, "[1][2]\n[3][4]\n");
	ck_assert_uint_eq(s->bytes_done, sizeof both);
	free(got);
	ds__source_close(s);
	/* cut anywhere inside the stream: an error naming gzip, never a short read */
	for (cut = 11; cut < sizeof member1; cut++) {
		ds__source *t = NULL;
		int rc = ds__source_open_csv_memory(&t, (const char *)member1, cut, "cut.csv.gz", NULL);
		if (rc == DS_OK) {
			ds__record rec;
			while ((rc = ds__source_next(t, &rec)) > 0)
				;
			ds__source_close(t);
		}
		ck_assert_msg(rc == DS_EINVAL, "cut at %zu: %d", cut, rc);
		ck_assert_ptr_nonnull(strstr(ds_error_last()->message, "gzip"));
	}
#endif
}
END_TEST

static Suite *suite(void)
{
	Suite *s = suite_create("probe_source");
	TCase *tc = tcase_create("csv");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 120);
	tcase_add_loop_test(tc, test_parse_table, 0, (int)(sizeof parse_cases / sizeof *parse_cases));
	tcase_add_test(tc, test_record_fields);
	tcase_add_loop_test(tc, test_detect_encoding, 0, (int)(sizeof detect_cases / sizeof *detect_cases));
	tcase_add_test(tc, test_detect_gb18030_literal);
	tcase_add_test(tc, test_explicit_encoding);
	tcase_add_test(tc, test_bom_with_given_encoding);
	tcase_add_test(tc, test_bad_options);
	tcase_add_test(tc, test_empty_files);
	tcase_add_test(tc, test_ragged_rows);
	tcase_add_test(tc, test_unterminated_quote);
	tcase_add_test(tc, test_stray_quotes);
	tcase_add_test(tc, test_invalid_utf8);
	tcase_add_test(tc, test_stray_byte_stays_utf8);
	tcase_add_test(tc, test_short_utf8_with_stray_byte);
	tcase_add_test(tc, test_latin1_pipe);
	tcase_add_test(tc, test_legacy_encodings);
	tcase_add_test(tc, test_nul_terminated_ascii);
	tcase_add_test(tc, test_binary_refused);
	tcase_add_test(tc, test_other_icu_encodings);
	tcase_add_test(tc, test_other_delimiters);
	tcase_add_test(tc, test_no_delimiter_warned);
	tcase_add_test(tc, test_header_detection);
	tcase_add_test(tc, test_given_encoding_icu_name);
	tcase_add_test(tc, test_invalid_after_cjk);
	tcase_add_test(tc, test_invalid_converted);
	tcase_add_test(tc, test_nul_bytes);
	tcase_add_test(tc, test_nul_converted);
	tcase_add_test(tc, test_duplicate_names);
	tcase_add_test(tc, test_many_duplicate_names);
	tcase_add_test(tc, test_problem_samples_bounded);
	tcase_add_test(tc, test_too_many_fields);
	tcase_add_test(tc, test_long_field);
	tcase_add_test(tc, test_long_record);
	tcase_add_test(tc, test_huge_field_streams);
	tcase_add_test(tc, test_buffer_boundaries);
	tcase_add_test(tc, test_converted_long_file);
	tcase_add_test(tc, test_preamble);
	tcase_add_test(tc, test_skip_given);
	tcase_add_test(tc, test_encoding_misreads);
	tcase_add_test(tc, test_gzip);
	suite_add_tcase(s, tc);

	tc = tcase_create("sqlite");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_sqlite_table);
	tcase_add_test(tc, test_sqlite_errors);
	tcase_add_test(tc, test_sqlite_empty_blob_probe);
	tcase_add_test(tc, test_sqlite_long_value);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return tu_run(suite());
}
