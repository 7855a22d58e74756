/*
 * The tables API (include/datasset/table.h) through a schedule and a report:
 * list access and its errors, CSV options (BOM, Excel text guards, GBK and
 * its refusals with line/row/column), and the workbook writer or its absence.
 * The workbooks' contents are read back by tests/cli_tables.sh with openpyxl.
 * SPDX-License-Identifier: MIT
 */
#define _POSIX_C_SOURCE 200809L
#include <check.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "testutil.h"

static ds_tables *schedule_tables(const char *cost, const char *start, long months)
{
	ds_decimal *c = tu_dec(cost);
	ds_ledger_schedule *s = NULL;
	ds_tables *t = NULL;

	ck_assert_ds_ok(ds_ledger_schedule_new(&s, c, start, months, NULL));
	ck_assert_ds_ok(ds_ledger_schedule_tables(&t, s));
	ds_ledger_schedule_free(s);
	ds_decimal_free(c);
	return t;
}

START_TEST(list_access)
{
	ds_tables *t = schedule_tables("100", "2024-12", 3);
	const char *name = "unchanged", *title = "unchanged";
	size_t index = 99;

	ck_assert_uint_eq(ds_tables_count(t), 1);
	ck_assert_uint_eq(ds_tables_count(NULL), 0);
	ck_assert_ds_ok(ds_tables_at(&name, &title, t, 0));
	ck_assert_str_eq(name, "摊销明细");
	ck_assert_ds_ok(ds_tables_at(NULL, NULL, t, 0));
	name = title = "unchanged";
	ck_assert_ds_err(ds_tables_at(&name, &title, t, 1), DS_ERANGE);
	ck_assert_str_eq(name, "unchanged");
	ck_assert_str_eq(title, "unchanged");
	ck_assert_ptr_nonnull(strstr(ds_error_last()->message, "index 1, but there are 1 tables"));
	ck_assert_ds_err(ds_tables_at(&name, &title, NULL, 0), DS_EINVAL);
	ck_assert_ds_ok(ds_tables_find(&index, t, "摊销明细"));
	ck_assert_uint_eq(index, 0);
	index = 99;
	ck_assert_ds_err(ds_tables_find(&index, t, "表1"), DS_ENOTFOUND);
	ck_assert_uint_eq(index, 99);
	ck_assert_ptr_nonnull(strstr(ds_error_last()->message, "(the tables: 摊销明细)"));
	ck_assert_ds_err(ds_tables_find(NULL, t, "x"), DS_EINVAL);
	ds_tables_free(t);
	ds_tables_free(NULL);
}
END_TEST

START_TEST(csv_options)
{
	ds_tables *t = schedule_tables("100", "2024-12", 3);
	ds_csv_options o;
	char *csv = NULL, *keep = (char *)"unchanged";

	ck_assert_ds_ok(ds_csv_options_init(&o));
	ck_assert_int_eq(o.bom, 1);
	ck_assert_int_eq(o.excel_text, 1);
	ck_assert_ds_err(ds_csv_options_init(NULL), DS_EINVAL);
	/* defaults: BOM, months guarded, a 合计 line whose sums are the column's */
	ck_assert_ds_ok(ds_tables_to_csv(&csv, t, 0, NULL));
	ck_assert_str_eq(csv, "\xEF\xBB\xBF月份,期初账面价值,本月摊销,累计摊销,减值损失,期末账面价值,尾差调整\r\n"
			      "\"=\"\"2024-12\"\"\",100.00,33.33,33.33,0.00,66.67,\r\n"
			      "\"=\"\"2025-01\"\"\",66.67,33.33,66.66,0.00,33.34,\r\n"
			      "\"=\"\"2025-02\"\"\",33.34,33.34,100.00,0.00,0.00,是\r\n"
			      "合计,,100.00,,0.00,,\r\n");
	ds_free(csv);
	o.bom = 0;
	o.excel_text = 0;
	ck_assert_ds_ok(ds_tables_to_csv(&csv, t, 0, &o));
	ck_assert_int_eq(strncmp(csv, "月份,", strlen("月份,")), 0);
	ck_assert_ptr_nonnull(strstr(csv, "\r\n2024-12,100.00,"));
	ds_free(csv);
	/* GBK: no BOM, the bytes of GBK */
	o.bom = 1;
	o.encoding = "gbk";
	ck_assert_ds_ok(ds_tables_to_csv(&csv, t, 0, &o));
	ck_assert_int_eq(strncmp(csv, "\xD4\xC2\xB7\xDD,", 5), 0); /* 月份 */
	ds_free(csv);
	/* errors leave the output unchanged */
	csv = keep;
	o.encoding = "latin1";
	ck_assert_ds_err(ds_tables_to_csv(&csv, t, 0, &o), DS_EINVAL);
	ck_assert_str_eq(ds_error_last()->field, "encoding");
	o.encoding = NULL;
	o.version = 99;
	ck_assert_ds_err(ds_tables_to_csv(&csv, t, 0, &o), DS_EINVAL);
	ck_assert_ds_err(ds_tables_to_csv(&csv, t, 1, NULL), DS_ERANGE);
	ck_assert_ds_err(ds_tables_to_csv(&csv, NULL, 0, NULL), DS_EINVAL);
	ck_assert_ptr_eq(csv, keep);
	ds_tables_free(t);
}
END_TEST

/* A character GBK lacks, in a table's body: refused, naming the file line,
 * the row and the column (and nothing returned). */
START_TEST(gbk_refusal)
{
	static const char book[] = "<ledger xmlns=\"urn:datasset:ledger:1\">"
				   "<entity name=\"x\" credit-code=\"91370100MA3EXAMPLE\"/>"
				   "<period start=\"2024-01\" end=\"2024-12\"/>"
				   "<asset id=\"A\" name=\"한국 데이터\" class=\"intangible\" origin=\"purchased\""
				   " acquired=\"2024-01-05\" life=\"12\" restricted=\"质押\">"
				   "<cost date=\"2024-01-05\" category=\"price\" amount=\"1200.00\"/></asset></ledger>";
	ds_ledger *b = NULL;
	ds_ledger_report *r = NULL;
	ds_tables *t = NULL;
	ds_csv_options o = DS_CSV_OPTIONS_INIT;
	char *csv = NULL;
	size_t items;

	ck_assert_ds_ok(ds_ledger_parse(&b, book, sizeof book - 1, "book.xml"));
	ck_assert_ds_ok(ds_ledger_report_new(&r, b, "2024-01", "2024-12"));
	ck_assert_ds_ok(ds_ledger_report_tables(&t, r, DS_LEDGER_PART_DISCLOSURE));
	ck_assert_uint_eq(ds_tables_count(t), 4);
	ck_assert_ds_ok(ds_tables_find(&items, t, "披露明细"));
	o.encoding = "GBK";
	ck_assert_ds_err(ds_tables_to_csv(&csv, t, items, &o), DS_EINVAL);
	ck_assert_ptr_null(csv);
	ck_assert_int_eq(ds_error_last()->line, 2);
	ck_assert_int_eq(ds_error_last()->column, 3);
	ck_assert_str_eq(ds_error_last()->field, "名称");
	ck_assert_ptr_nonnull(strstr(ds_error_last()->message, "line 2 (row 1), column 3 (名称): '한' (U+D55C)"));
	o.encoding = NULL;
	ck_assert_ds_ok(ds_tables_to_csv(&csv, t, items, &o));
	ck_assert_ptr_nonnull(strstr(csv, "한국 데이터"));
	ds_free(csv);
	ck_assert_ds_err(ds_ledger_report_tables(&t, r, (ds_ledger_part)9), DS_EINVAL);
	ck_assert_ds_err(ds_ledger_report_tables(NULL, r, DS_LEDGER_PART_ENTRIES), DS_EINVAL);
	ds_tables_free(t);
	ds_ledger_report_free(r);
	ds_ledger_free(b);
}
END_TEST

START_TEST(workbook)
{
	ds_tables *t = schedule_tables("1000000", "2024-03", 36);
	char path[] = "/tmp/ds-tables-XXXXXX";
	int fd = mkstemp(path);
	FILE *f;
	char magic[2] = { 0 };

	ck_assert_int_ge(fd, 0);
	close(fd);
	if (!ds_tables_xlsx_supported()) {
		ck_assert_ds_err(ds_tables_save_xlsx(t, path), DS_EUNSUPPORTED);
		ck_assert_ptr_nonnull(strstr(ds_error_last()->message, "built without libxlsxwriter"));
	} else {
		ck_assert_ds_ok(ds_tables_save_xlsx(t, path));
		f = fopen(path, "rb");
		ck_assert_ptr_nonnull(f);
		ck_assert_uint_eq(fread(magic, 1, 2, f), 2);
		fclose(f);
		ck_assert_int_eq(memcmp(magic, "PK", 2), 0); /* a zip container */
		ck_assert_ds_err(ds_tables_save_xlsx(t, "/nonexistent/dir/x.xlsx"), DS_EIO);
	}
	ck_assert_ds_err(ds_tables_save_xlsx(NULL, path), DS_EINVAL);
	ck_assert_ds_err(ds_tables_save_xlsx(t, NULL), DS_EINVAL);
	remove(path);
	ds_tables_free(t);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("tables");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, list_access);
	tcase_add_test(tc, csv_options);
	tcase_add_test(tc, gbk_refusal);
	tcase_add_test(tc, workbook);
	suite_add_tcase(s, tc);
	return tu_run(s);
}
