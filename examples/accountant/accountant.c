/*
 * The accountant's program: read a ledger document (urn:datasset:ledger:1, the
 * book of data resources) and print, for each reporting period it names (or
 * the one given), the amortisation schedule and the two disclosure tables of
 * 财会〔2023〕11号 — (1) 确认为无形资产的数据资源 and (2) 确认为存货的数据资源 —
 * laid out from their cells, each table checked to tie out before it is shown:
 * 期末 = 期初 + 本期增加 − 本期减少 for every block, 账面价值 = 原值 − 累计摊销 −
 * 减值准备 (table (2): 原值 − 跌价准备), 合计 = Σ columns.
 *
 * Build against an installed libdatasset with pkg-config alone:
 *   cc -o accountant accountant.c $(pkg-config --cflags --libs datasset)
 *   ./accountant LEDGER.xml [START END]      (months YYYY-MM, both included)
 * Exit status 0, or 1 when the book cannot be read or a table does not tie out.
 * SPDX-License-Identifier: MIT
 */
#include <stdio.h>
#include <string.h>

#include <datasset/datasset.h>

/* Table (1): the row labels, and which rows form each block's opening, increase,
 * decrease and closing. */
static const char *const rows1[DS_LEDGER_R1_COUNT] = {
	"一、账面原值  1.期初余额",
	"  2.本期增加金额",
	"    其中：购入",
	"          内部研发",
	"          其他增加",
	"  3.本期减少金额",
	"    其中：处置",
	"          失效且终止确认的部分",
	"          其他减少",
	"  4.期末余额",
	"二、累计摊销  1.期初余额",
	"  2.本期增加金额",
	"    其中：计提",
	"  3.本期减少金额",
	"    其中：处置",
	"          失效且终止确认的部分",
	"          其他减少",
	"  4.期末余额",
	"三、减值准备  1.期初余额",
	"  2.本期增加金额",
	"    其中：计提",
	"  3.本期减少金额",
	"    其中：处置",
	"          失效且终止确认的部分",
	"          其他减少",
	"  4.期末余额",
	"四、账面价值  1.期末账面价值",
	"  2.期初账面价值",
};
static const unsigned int blocks1[][4] = {
	{ DS_LEDGER_R1_COST_OPENING, DS_LEDGER_R1_COST_INCREASE, DS_LEDGER_R1_COST_DECREASE,
	  DS_LEDGER_R1_COST_CLOSING },
	{ DS_LEDGER_R1_AMORT_OPENING, DS_LEDGER_R1_AMORT_INCREASE, DS_LEDGER_R1_AMORT_DECREASE,
	  DS_LEDGER_R1_AMORT_CLOSING },
	{ DS_LEDGER_R1_IMP_OPENING, DS_LEDGER_R1_IMP_INCREASE, DS_LEDGER_R1_IMP_DECREASE, DS_LEDGER_R1_IMP_CLOSING },
};
static const char *const rows2[DS_LEDGER_R2_COUNT] = {
	"一、账面原值  1.期初余额",
	"  2.本期增加金额",
	"    其中：购入",
	"          采集加工",
	"          其他增加",
	"  3.本期减少金额",
	"    其中：出售",
	"          失效且终止确认的部分",
	"          其他减少",
	"  4.期末余额",
	"二、存货跌价准备  1.期初余额",
	"  2.本期增加金额",
	"    其中：计提",
	"          其他增加",
	"  3.本期减少金额",
	"    其中：转回",
	"          转销",
	"          其他减少",
	"  4.期末余额",
	"三、账面价值  1.期末账面价值",
	"  2.期初账面价值",
};
static const unsigned int blocks2[][4] = {
	{ DS_LEDGER_R2_COST_OPENING, DS_LEDGER_R2_COST_INCREASE, DS_LEDGER_R2_COST_DECREASE,
	  DS_LEDGER_R2_COST_CLOSING },
	{ DS_LEDGER_R2_PROV_OPENING, DS_LEDGER_R2_PROV_INCREASE, DS_LEDGER_R2_PROV_DECREASE,
	  DS_LEDGER_R2_PROV_CLOSING },
};

/* Display width of UTF-8 text: a CJK character (3 bytes or more) takes two columns. */
static int width_of(const char *text)
{
	const unsigned char *p = (const unsigned char *)text;
	int width = 0;
	for (; *p; p++)
		if ((*p & 0xC0) != 0x80)
			width += *p >= 0xE0 ? 2 : 1;
	return width;
}

/* Print @text in @width columns, left- or right-aligned. */
static void padded(const char *text, int width, int right)
{
	int pad = width - width_of(text);
	if (pad < 0)
		pad = 0;
	if (right)
		printf("%*s%s", pad, "", text);
	else
		printf("%s%*s", text, pad, "");
}

static const char *const headings[2][DS_LEDGER_COL_COUNT] = { { "外购", "自行开发", "其他方式取得", "合计" },
							      { "外购", "自行加工", "其他方式取得", "合计" } };

static int64_t cell(const ds_ledger_report *r, ds_ledger_table table, unsigned int row, int column)
{
	int64_t v = 0;
	/* Rows and columns come from the enumerations: the call cannot fail. */
	ds_ledger_report_cell(&v, r, table, row, (ds_ledger_column)column);
	return v;
}

/* Print a table from its cells; return the number of identities that fail. */
static int print_table(const ds_ledger_report *r, ds_ledger_table table)
{
	const char *const *labels = table == DS_LEDGER_TABLE_1 ? rows1 : rows2;
	unsigned int nrows = table == DS_LEDGER_TABLE_1 ? DS_LEDGER_R1_COUNT : DS_LEDGER_R2_COUNT;
	size_t nblocks = table == DS_LEDGER_TABLE_1 ? 3 : 2, b;
	unsigned int row;
	int col, bad = 0;

	printf("(%d) %s\n", (int)table,
	       table == DS_LEDGER_TABLE_1 ? "确认为无形资产的数据资源" : "确认为存货的数据资源");
	padded("项目", 32, 0);
	for (col = 0; col < DS_LEDGER_COL_COUNT; col++)
		padded(headings[table == DS_LEDGER_TABLE_1 ? 0 : 1][col], 19, 1);
	printf("\n");
	for (row = 0; row < nrows; row++) {
		padded(labels[row], 32, 0);
		for (col = 0; col < DS_LEDGER_COL_COUNT; col++) {
			char *text = NULL;
			if (ds_decimal_fen_to_string(&text, cell(r, table, row, col), DS_DECIMAL_GROUPED) < 0)
				return 1;
			padded(text, 19, 1);
			ds_free(text);
		}
		printf("\n");
	}
	/* The table ties out: each block, the carrying amounts, the totals. */
	for (col = 0; col < DS_LEDGER_COL_COUNT; col++) {
		int64_t carrying_closing = 0;
		int64_t carrying_opening = 0;
		for (b = 0; b < nblocks; b++) {
			const unsigned int *k = table == DS_LEDGER_TABLE_1 ? blocks1[b] : blocks2[b];
			int64_t opening = cell(r, table, k[0], col), closing = cell(r, table, k[3], col);
			if (opening + cell(r, table, k[1], col) - cell(r, table, k[2], col) != closing)
				bad++;
			carrying_closing += b == 0 ? closing : -closing;
			carrying_opening += b == 0 ? opening : -opening;
		}
		if (table == DS_LEDGER_TABLE_1 ?
			    cell(r, table, DS_LEDGER_R1_CARRYING_CLOSING, col) != carrying_closing ||
				    cell(r, table, DS_LEDGER_R1_CARRYING_OPENING, col) != carrying_opening :
			    cell(r, table, DS_LEDGER_R2_CARRYING_CLOSING, col) != carrying_closing ||
				    cell(r, table, DS_LEDGER_R2_CARRYING_OPENING, col) != carrying_opening)
			bad++;
	}
	for (row = 0; row < nrows; row++)
		if (cell(r, table, row, DS_LEDGER_COL_PURCHASED) + cell(r, table, row, DS_LEDGER_COL_SELF_BUILT) +
			    cell(r, table, row, DS_LEDGER_COL_OTHER) !=
		    cell(r, table, row, DS_LEDGER_COL_TOTAL))
			bad++;
	printf("table (%d): %s\n\n", (int)table, bad ? "DOES NOT TIE OUT" : "ties out");
	return bad;
}

static int period(const ds_ledger *book, const char *start, const char *end)
{
	ds_ledger_report *r = NULL;
	char *schedule = NULL;
	int rc, bad = 0;

	if ((rc = ds_ledger_report_new(&r, book, start, end)) < 0 ||
	    (rc = ds_ledger_report_write(&schedule, r, DS_LEDGER_PART_SCHEDULE, DS_LEDGER_FORMAT_TEXT, 0)) < 0) {
		fprintf(stderr, "accountant: %s..%s: %s: %s\n", start, end, ds_strerror(rc), ds_error_last()->message);
		ds_ledger_report_free(r);
		return 1;
	}
	printf("== %s to %s\n\n摊销明细 (amortisation schedule)\n%s\n", start, end, schedule);
	bad += print_table(r, DS_LEDGER_TABLE_1);
	bad += print_table(r, DS_LEDGER_TABLE_2);
	ds_free(schedule);
	ds_ledger_report_free(r);
	return bad ? 1 : 0;
}

int main(int argc, char **argv)
{
	ds_ledger *book = NULL;
	size_t i;
	int rc, status = 0;

	if (argc != 2 && argc != 4) {
		fprintf(stderr, "usage: accountant LEDGER.xml [START END]\n");
		return 2;
	}
	if ((rc = ds_ledger_load(&book, argv[1])) < 0) {
		fprintf(stderr, "accountant: %s: %s: %s\n", argv[1], ds_strerror(rc), ds_error_last()->message);
		return 1;
	}
	printf("会计主体: %s\n\n", ds_ledger_entity(book) ? ds_ledger_entity(book) : "(not named)");
	if (argc == 4) {
		status = period(book, argv[2], argv[3]);
	} else {
		for (i = 0; i < ds_ledger_period_count(book); i++) {
			const char *start = NULL, *end = NULL;
			if (ds_ledger_period_at(&start, &end, book, i) == DS_OK && period(book, start, end))
				status = 1;
		}
	}
	ds_ledger_free(book);
	return status;
}
