/*
 * Writing schedules and reports: text laid out like the note tables, CSV with
 * Chinese column names for ERP import (RFC 4180 through ds__csv_*), and XML in
 * urn:datasset:ledger:1 (schemas/ledger.xsd).
 * SPDX-License-Identifier: MIT
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "ledger_report.h"

#define LEDGER_NS "urn:datasset:ledger:1"

/* ---------------------------------------------------------------- labels */

const ds__ledger_label ds__ledger_table1_rows[DS_LEDGER_R1_COUNT] = {
	{ "一、账面原值", "1.期初余额", "cost-opening" },
	{ NULL, "2.本期增加金额", "cost-increase" },
	{ NULL, "  其中：购入", "cost-increase-purchased" },
	{ NULL, "        内部研发", "cost-increase-developed" },
	{ NULL, "        其他增加", "cost-increase-other" },
	{ NULL, "3.本期减少金额", "cost-decrease" },
	{ NULL, "  其中：处置", "cost-decrease-disposed" },
	{ NULL, "        失效且终止确认的部分", "cost-decrease-expired" },
	{ NULL, "        其他减少", "cost-decrease-other" },
	{ NULL, "4.期末余额", "cost-closing" },
	{ "二、累计摊销", "1.期初余额", "amortisation-opening" },
	{ NULL, "2.本期增加金额", "amortisation-increase" },
	{ NULL, "  其中：计提", "amortisation-increase-charged" },
	{ NULL, "3.本期减少金额", "amortisation-decrease" },
	{ NULL, "  其中：处置", "amortisation-decrease-disposed" },
	{ NULL, "        失效且终止确认的部分", "amortisation-decrease-expired" },
	{ NULL, "        其他减少", "amortisation-decrease-other" },
	{ NULL, "4.期末余额", "amortisation-closing" },
	{ "三、减值准备", "1.期初余额", "impairment-opening" },
	{ NULL, "2.本期增加金额", "impairment-increase" },
	{ NULL, "  其中：计提", "impairment-increase-charged" },
	{ NULL, "3.本期减少金额", "impairment-decrease" },
	{ NULL, "  其中：处置", "impairment-decrease-disposed" },
	{ NULL, "        失效且终止确认的部分", "impairment-decrease-expired" },
	{ NULL, "        其他减少", "impairment-decrease-other" },
	{ NULL, "4.期末余额", "impairment-closing" },
	{ "四、账面价值", "1.期末账面价值", "carrying-closing" },
	{ NULL, "2.期初账面价值", "carrying-opening" },
};

const ds__ledger_label ds__ledger_table2_rows[DS_LEDGER_R2_COUNT] = {
	{ "一、账面原值", "1.期初余额", "cost-opening" },
	{ NULL, "2.本期增加金额", "cost-increase" },
	{ NULL, "  其中：购入", "cost-increase-purchased" },
	{ NULL, "        采集加工", "cost-increase-processed" },
	{ NULL, "        其他增加", "cost-increase-other" },
	{ NULL, "3.本期减少金额", "cost-decrease" },
	{ NULL, "  其中：出售", "cost-decrease-sold" },
	{ NULL, "        失效且终止确认的部分", "cost-decrease-expired" },
	{ NULL, "        其他减少", "cost-decrease-other" },
	{ NULL, "4.期末余额", "cost-closing" },
	{ "二、存货跌价准备", "1.期初余额", "provision-opening" },
	{ NULL, "2.本期增加金额", "provision-increase" },
	{ NULL, "  其中：计提", "provision-increase-charged" },
	{ NULL, "        其他增加", "provision-increase-other" },
	{ NULL, "3.本期减少金额", "provision-decrease" },
	{ NULL, "  其中：转回", "provision-decrease-reversed" },
	{ NULL, "        转销", "provision-decrease-written-off" },
	{ NULL, "        其他减少", "provision-decrease-other" },
	{ NULL, "4.期末余额", "provision-closing" },
	{ "三、账面价值", "1.期末账面价值", "carrying-closing" },
	{ NULL, "2.期初账面价值", "carrying-opening" },
};

const char *const ds__ledger_table1_columns[DS_LEDGER_COL_COUNT] = { "外购的数据资源无形资产",
								     "自行开发的数据资源无形资产",
								     "其他方式取得的数据资源无形资产", "合计" };
const char *const ds__ledger_table2_columns[DS_LEDGER_COL_COUNT] = { "外购的数据资源存货", "自行加工的数据资源存货",
								     "其他方式取得的数据资源存货", "合计" };
static const char *const column_keys[] = { "purchased", "self-built", "other", "total" };

/* ---------------------------------------------------------------- text layout */

/* Display width of UTF-8 text: characters from U+1100 on (CJK, full-width
 * punctuation) take two columns, others one. */
static size_t display_width(const char *s)
{
	size_t n = strlen(s), i = 0, width = 0, step;
	unsigned int cp;

	while (i < n) {
		if (!(step = ds__utf8_decode(s + i, n - i, &cp)))
			step = 1, cp = '?';
		width += cp >= 0x1100 && cp != 0x2014 && cp != 0x2212 ? 2 : 1;
		i += step;
	}
	return width;
}

static void pad(ds__buf *b, size_t count)
{
	while (count--)
		ds__buf_putc(b, ' ');
}

/* @text left-aligned (right = 0) or right-aligned in @width display columns. */
static void cell(ds__buf *b, const char *text, size_t width, int right)
{
	size_t w = display_width(text);

	if (right && w < width)
		pad(b, width - w);
	ds__buf_puts(b, text);
	if (!right && w < width)
		pad(b, width - w);
}

static void month_text(char *buf, int year, int month)
{
	snprintf(buf, 16, "%04d-%02d", year, month);
}

/* Start a buffer, with the BOM for CSV when asked. */
static int check_format(ds_ledger_format format, unsigned int flags)
{
	if (format != DS_LEDGER_FORMAT_TEXT && format != DS_LEDGER_FORMAT_CSV && format != DS_LEDGER_FORMAT_XML)
		return ds__error_at(DS_EINVAL, 0, 0, "format", "format: unknown output format %d", (int)format);
	if (flags & ~DS_LEDGER_BOM)
		return ds__error_at(DS_EINVAL, 0, 0, "flags", "flags: unknown flags 0x%x", flags & ~DS_LEDGER_BOM);
	if ((flags & DS_LEDGER_BOM) && format != DS_LEDGER_FORMAT_CSV)
		return ds__error_at(DS_EINVAL, 0, 0, "flags", "flags: a byte order mark applies to CSV only");
	return DS_OK;
}

/* ---------------------------------------------------------------- schedule lines */

#define W_MONTH 9
#define W_AMOUNT 18

static const char *const schedule_headers[] = { "月份",	    "期初账面价值", "本月摊销",
						"累计摊销", "减值损失",	    "期末账面价值" };

static void schedule_text_header(ds__buf *b, int with_asset)
{
	size_t i;

	if (with_asset)
		cell(b, "资产编号", 16, 0);
	cell(b, schedule_headers[0], W_MONTH, 0);
	for (i = 1; i < 6; i++)
		cell(b, schedule_headers[i], W_AMOUNT, 1);
	ds__buf_putc(b, '\n');
}

static void schedule_text_line(ds__buf *b, const char *asset, const ds_ledger_schedule_line *l)
{
	char month[16], amount[40];
	const int64_t values[5] = { l->opening, l->charge, l->accumulated, l->impairment, l->closing };
	size_t i;

	if (asset)
		cell(b, asset, 16, 0);
	month_text(month, l->year, l->month);
	cell(b, month, W_MONTH, 0);
	for (i = 0; i < 5; i++) {
		ds__fen_text(amount, values[i], 1);
		cell(b, amount, W_AMOUNT, 1);
	}
	if (l->true_up)
		ds__buf_puts(b, "  尾差调整");
	ds__buf_putc(b, '\n');
}

static void schedule_csv_header(ds__buf *b, int with_asset)
{
	size_t i;

	if (with_asset)
		ds__csv_field(b, "资产编号", 1);
	for (i = 0; i < 6; i++)
		ds__csv_field(b, schedule_headers[i], i == 0 && !with_asset);
	ds__csv_field(b, "尾差调整", 0);
	ds__csv_end_row(b);
}

static void schedule_csv_line(ds__buf *b, const char *asset, const ds_ledger_schedule_line *l)
{
	char month[16], amount[40];
	const int64_t values[5] = { l->opening, l->charge, l->accumulated, l->impairment, l->closing };
	size_t i;

	if (asset)
		ds__csv_field(b, asset, 1);
	month_text(month, l->year, l->month);
	ds__csv_field(b, month, !asset);
	for (i = 0; i < 5; i++) {
		ds__fen_text(amount, values[i], 0);
		ds__csv_field(b, amount, 0);
	}
	ds__csv_field(b, l->true_up ? "是" : "", 0);
	ds__csv_end_row(b);
}

static void schedule_xml_line(ds__xml_writer *w, const char *asset, const ds_ledger_schedule_line *l)
{
	static const char *const names[] = { "opening", "charge", "accumulated", "impairment", "closing" };
	const int64_t values[5] = { l->opening, l->charge, l->accumulated, l->impairment, l->closing };
	char month[16], amount[40];
	size_t i;

	ds__xmlw_start(w, "line");
	if (asset)
		ds__xmlw_attr(w, "asset", asset);
	month_text(month, l->year, l->month);
	ds__xmlw_attr(w, "month", month);
	for (i = 0; i < 5; i++) {
		ds__fen_text(amount, values[i], 0);
		ds__xmlw_attr(w, names[i], amount);
	}
	if (l->true_up)
		ds__xmlw_attr(w, "trueUp", "true");
	ds__xmlw_end(w);
}

/* Write @count lines (with their asset ids when @assets is not NULL). */
static int write_lines(char **out, ds_ledger_format format, unsigned int flags, const ds_ledger_schedule_line *lines,
		       const ds__ledger_report_line *report_lines, char *const *ids, size_t count)
{
	ds__buf b = DS__BUF_INIT;
	int64_t total_charge = 0, total_impairment = 0;
	size_t i;

	if (format == DS_LEDGER_FORMAT_XML) {
		ds__xml_writer w;
		int rc;
		if ((rc = ds__xmlw_begin(&w, "schedule", LEDGER_NS)) < 0)
			return rc;
		for (i = 0; i < count; i++)
			schedule_xml_line(&w, report_lines ? ids[report_lines[i].asset] : NULL,
					  report_lines ? &report_lines[i].line : &lines[i]);
		rc = ds__xmlw_finish(out, &w);
		ds__xmlw_dispose(&w);
		return rc;
	}
	if (flags & DS_LEDGER_BOM)
		ds__buf_puts(&b, DS__CSV_BOM);
	if (format == DS_LEDGER_FORMAT_CSV)
		schedule_csv_header(&b, report_lines != NULL);
	else
		schedule_text_header(&b, report_lines != NULL);
	for (i = 0; i < count; i++) {
		const ds_ledger_schedule_line *l = report_lines ? &report_lines[i].line : &lines[i];
		const char *asset = report_lines ? ids[report_lines[i].asset] : NULL;
		total_charge += l->charge;
		total_impairment += l->impairment;
		if (format == DS_LEDGER_FORMAT_CSV)
			schedule_csv_line(&b, asset, l);
		else
			schedule_text_line(&b, asset, l);
	}
	if (format == DS_LEDGER_FORMAT_TEXT) {
		char amount[DS__FEN_TEXT];
		if (report_lines)
			cell(&b, "", 16, 0);
		cell(&b, "合计", W_MONTH + W_AMOUNT, 0);
		ds__fen_text(amount, total_charge, 1);
		cell(&b, amount, W_AMOUNT, 1);
		cell(&b, "", W_AMOUNT, 1);
		ds__fen_text(amount, total_impairment, 1);
		cell(&b, amount, W_AMOUNT, 1);
		ds__buf_putc(&b, '\n');
	}
	return ds__buf_detach(out, &b);
}

int ds_ledger_schedule_write(char **out, const ds_ledger_schedule *s, ds_ledger_format format, unsigned int flags)
{
	int rc;

	if (!out || !s)
		return ds__error(DS_EINVAL, "ds_ledger_schedule_write: NULL argument");
	if ((rc = check_format(format, flags)) < 0)
		return rc;
	return write_lines(out, format, flags, s->lines, NULL, NULL, s->count);
}

/* ---------------------------------------------------------------- journal entries */

static int write_entries(char **out, const ds_ledger_report *r, ds_ledger_format format, unsigned int flags)
{
	ds__buf b = DS__BUF_INIT;
	char date[11], amount[40], number[24];
	size_t i, j;

	if (format == DS_LEDGER_FORMAT_XML) {
		ds__xml_writer w;
		int rc;
		if ((rc = ds__xmlw_begin(&w, "entries", LEDGER_NS)) < 0)
			return rc;
		for (i = 0; i < r->entry_count; i++) {
			const ds_ledger_entry *e = &r->entries[i];
			ds__xmlw_start(&w, "entry");
			ds__xmlw_attrf(&w, "number", "%zu", i + 1);
			ds__xmlw_attrf(&w, "date", "%04d-%02d-%02d", e->year, e->month, e->day);
			ds__xmlw_attr(&w, "asset", e->asset_id);
			ds__xmlw_attr(&w, "event", e->event);
			for (j = 0; j < e->posting_count; j++) {
				const ds_ledger_posting *p = &e->postings[j];
				ds__xmlw_start(&w, p->debit ? "debit" : "credit");
				ds__xmlw_attr(&w, "code", p->code);
				ds__xmlw_attr(&w, "name", p->name);
				ds__fen_text(amount, p->amount, 0);
				ds__xmlw_attr(&w, "amount", amount);
				ds__xmlw_end(&w);
			}
			ds__xmlw_end(&w);
		}
		rc = ds__xmlw_finish(out, &w);
		ds__xmlw_dispose(&w);
		return rc;
	}
	if (flags & DS_LEDGER_BOM)
		ds__buf_puts(&b, DS__CSV_BOM);
	if (format == DS_LEDGER_FORMAT_CSV) {
		static const char *const headers[] = { "凭证号",   "日期",     "资产编号", "摘要",
						       "科目编码", "科目名称", "借方金额", "贷方金额" };
		for (j = 0; j < 8; j++)
			ds__csv_field(&b, headers[j], j == 0);
		ds__csv_end_row(&b);
	}
	for (i = 0; i < r->entry_count; i++) {
		const ds_ledger_entry *e = &r->entries[i];
		snprintf(date, sizeof date, "%04d-%02d-%02d", e->year, e->month, e->day);
		snprintf(number, sizeof number, "%zu", i + 1);
		if (format == DS_LEDGER_FORMAT_TEXT)
			ds__buf_printf(&b, "#%zu  %s  %s  %s\n", i + 1, date, e->asset_id, e->event);
		for (j = 0; j < e->posting_count; j++) {
			const ds_ledger_posting *p = &e->postings[j];
			if (format == DS_LEDGER_FORMAT_CSV) {
				ds__csv_field(&b, number, 1);
				ds__csv_field(&b, date, 0);
				ds__csv_field(&b, e->asset_id, 0);
				ds__csv_field(&b, e->event, 0);
				ds__csv_field(&b, p->code, 0);
				ds__csv_field(&b, p->name, 0);
				ds__fen_text(amount, p->amount, 0);
				ds__csv_field(&b, p->debit ? amount : "", 0);
				ds__csv_field(&b, p->debit ? "" : amount, 0);
				ds__csv_end_row(&b);
				continue;
			}
			ds__buf_puts(&b, p->debit ? "    借 " : "      贷 ");
			cell(&b, p->code, 8, 0);
			cell(&b, p->name, p->debit ? 36 : 34, 0);
			ds__fen_text(amount, p->amount, 1);
			if (!p->debit)
				pad(&b, W_AMOUNT);
			cell(&b, amount, W_AMOUNT, 1);
			ds__buf_putc(&b, '\n');
		}
	}
	return ds__buf_detach(out, &b);
}

/* ---------------------------------------------------------------- tables and figures */

static void table_text(ds__buf *b, const char *title, int64_t (*t)[DS_LEDGER_COL_COUNT], const ds__ledger_label *rows,
		       int count, const char *const *columns)
{
	char amount[DS__FEN_TEXT];
	int row, col;

	ds__buf_printf(b, "%s\n", title);
	cell(b, "项目", 30, 0);
	for (col = 0; col < DS_LEDGER_COL_COUNT; col++) {
		ds__buf_puts(b, "  ");
		cell(b, columns[col], col == DS_LEDGER_COL_TOTAL ? W_AMOUNT : 32, 1);
	}
	ds__buf_putc(b, '\n');
	for (row = 0; row < count; row++) {
		if (rows[row].section)
			ds__buf_printf(b, "%s\n", rows[row].section);
		cell(b, rows[row].label, 30, 0);
		for (col = 0; col < DS_LEDGER_COL_COUNT; col++) {
			ds__fen_text(amount, t[row][col], 1);
			ds__buf_puts(b, "  ");
			cell(b, amount, col == DS_LEDGER_COL_TOTAL ? W_AMOUNT : 32, 1);
		}
		ds__buf_putc(b, '\n');
	}
}

static void table_csv(ds__buf *b, const char *table, int64_t (*t)[DS_LEDGER_COL_COUNT], const ds__ledger_label *rows,
		      int count, const char *const *columns)
{
	char amount[DS__FEN_TEXT];
	const char *section = "";
	int row, col;

	ds__csv_field(b, "表", 1);
	ds__csv_field(b, "项目", 0);
	ds__csv_field(b, "明细", 0);
	for (col = 0; col < DS_LEDGER_COL_COUNT; col++)
		ds__csv_field(b, columns[col], 0);
	ds__csv_end_row(b);
	for (row = 0; row < count; row++) {
		const char *label = rows[row].label;
		if (rows[row].section)
			section = rows[row].section;
		while (*label == ' ')
			label++;
		ds__csv_field(b, table, 1);
		ds__csv_field(b, section, 0);
		ds__csv_field(b, label, 0);
		for (col = 0; col < DS_LEDGER_COL_COUNT; col++) {
			ds__fen_text(amount, t[row][col], 0);
			ds__csv_field(b, amount, 0);
		}
		ds__csv_end_row(b);
	}
}

static void table_xml(ds__xml_writer *w, int number, int64_t (*t)[DS_LEDGER_COL_COUNT], const ds__ledger_label *rows,
		      int count)
{
	char amount[DS__FEN_TEXT];
	int row, col;

	ds__xmlw_start(w, "table");
	ds__xmlw_attrf(w, "number", "%d", number);
	for (row = 0; row < count; row++) {
		ds__xmlw_start(w, "row");
		ds__xmlw_attr(w, "item", rows[row].key);
		for (col = 0; col < DS_LEDGER_COL_COUNT; col++) {
			ds__fen_text(amount, t[row][col], 0);
			ds__xmlw_attr(w, column_keys[col], amount);
		}
		ds__xmlw_end(w);
	}
	ds__xmlw_end(w);
}

/* The figures: balance-sheet lines (@balance) or the other disclosures. */
size_t ds__ledger_figures_of(ds__ledger_figure *f, const ds_ledger_report *r, int balance)
{
	const ds_ledger_figures *x = &r->figures;
	size_t n = 0;

#define FIG(l, k, v, c) (f[n].label = (l), f[n].key = (k), f[n].value = (int64_t)(v), f[n].count = (c), n++)
	if (balance) {
		FIG("存货—其中：数据资源", "inventory", x->inventory, 0);
		FIG("无形资产—其中：数据资源", "intangible", x->intangible, 0);
		FIG("开发支出—其中：数据资源", "development", x->development, 0);
		return n;
	}
	FIG("本期费用化研发支出", "rd-expensed", x->rd_expensed, 0);
	FIG("本期资本化研发支出", "rd-capitalised", x->rd_capitalised, 0);
	FIG("本期摊销", "amortisation", x->amortisation, 0);
	FIG("本期授权使用收入", "licence-revenue", x->licence_revenue, 0);
	FIG("所有权或使用权受限的数据资源（项）", "restricted", x->restricted_count, 1);
	FIG("使用寿命不确定的数据资源（项，每年减值测试）", "indefinite", x->indefinite_count, 1);
	FIG("重要的单项数据资源（项）", "material", x->material_count, 1);
#undef FIG
	return n;
}

/* The assets listed in the other disclosures: individually material, restricted,
 * indefinite life (on the books at the end of the period). */
const ds__ledger_item_kind ds__ledger_item_kinds[DS__LEDGER_ITEM_KINDS] = {
	{ "重要的单项数据资源", "material" },
	{ "所有权或使用权受限的数据资源", "restricted" },
	{ "使用寿命不确定的数据资源（每年进行减值测试）", "indefinite" },
};

int ds__ledger_item_listed(const ds_ledger_asset_figures *x, size_t kind)
{
	if (!x->on_books)
		return 0;
	return kind == 0 ? x->material : kind == 1 ? x->restricted != NULL : x->remaining_months < 0;
}

static void items_write(ds__buf *b, ds__xml_writer *w, const ds_ledger_report *r, ds_ledger_format format)
{
	char amount[DS__FEN_TEXT], months[24];
	size_t kind, i;

	if (format == DS_LEDGER_FORMAT_CSV) {
		static const char *const headers[] = { "类别",	   "资产编号",	       "名称",
						       "账面价值", "剩余摊销期（月）", "受限情况" };
		for (i = 0; i < 6; i++)
			ds__csv_field(b, headers[i], i == 0);
		ds__csv_end_row(b);
	}
	for (kind = 0; kind < DS__LEDGER_ITEM_KINDS; kind++) {
		int any = 0;
		for (i = 0; i < r->id_count; i++) {
			const ds_ledger_asset_figures *x = &r->assets[i];
			if (!ds__ledger_item_listed(x, kind))
				continue;
			ds__fen_text(amount, x->carrying, format == DS_LEDGER_FORMAT_TEXT);
			if (x->asset_class == DS_LEDGER_INTANGIBLE && x->remaining_months >= 0)
				snprintf(months, sizeof months, "%ld", x->remaining_months);
			else
				months[0] = '\0';
			if (format == DS_LEDGER_FORMAT_XML) {
				ds__xmlw_start(w, "item");
				ds__xmlw_attr(w, "kind", ds__ledger_item_kinds[kind].key);
				ds__xmlw_attr(w, "asset", x->id);
				ds__xmlw_attr(w, "name", x->name);
				ds__xmlw_attr(w, "carrying", amount);
				if (months[0])
					ds__xmlw_attr(w, "remaining-months", months);
				ds__xmlw_attr(w, "restricted", x->restricted);
				ds__xmlw_end(w);
			} else if (format == DS_LEDGER_FORMAT_CSV) {
				ds__csv_field(b, ds__ledger_item_kinds[kind].title, 1);
				ds__csv_field(b, x->id, 0);
				ds__csv_field(b, x->name ? x->name : "", 0);
				ds__csv_field(b, amount, 0);
				ds__csv_field(b, months, 0);
				ds__csv_field(b, x->restricted ? x->restricted : "", 0);
				ds__csv_end_row(b);
			} else {
				if (!any)
					ds__buf_printf(b, "\n%s\n", ds__ledger_item_kinds[kind].title);
				ds__buf_puts(b, "  ");
				cell(b, x->id, 14, 0);
				cell(b, x->name ? x->name : "", 30, 0);
				cell(b, amount, W_AMOUNT, 1);
				if (months[0])
					ds__buf_printf(b, "  剩余 %s 个月", months);
				if (x->restricted)
					ds__buf_printf(b, "  %s", x->restricted);
				ds__buf_putc(b, '\n');
			}
			any = 1;
		}
	}
}

static int write_figures(char **out, const ds_ledger_report *r, int balance, ds_ledger_format format,
			 unsigned int flags, int with_tables)
{
	ds__buf b = DS__BUF_INIT;
	ds__ledger_figure f[10];
	char amount[DS__FEN_TEXT];
	size_t n = ds__ledger_figures_of(f, r, balance), i;

	if (format == DS_LEDGER_FORMAT_XML) {
		ds__xml_writer w;
		int rc;
		if ((rc = ds__xmlw_begin(&w, balance ? "balance" : "disclosure", LEDGER_NS)) < 0)
			return rc;
		if (with_tables) {
			table_xml(&w, 1, (int64_t(*)[DS_LEDGER_COL_COUNT])r->table1, ds__ledger_table1_rows,
				  DS_LEDGER_R1_COUNT);
			table_xml(&w, 2, (int64_t(*)[DS_LEDGER_COL_COUNT])r->table2, ds__ledger_table2_rows,
				  DS_LEDGER_R2_COUNT);
		}
		for (i = 0; i < n; i++) {
			ds__xmlw_start(&w, "figure");
			ds__xmlw_attr(&w, "item", f[i].key);
			if (f[i].count)
				ds__xmlw_attrf(&w, "count", "%lld", (long long)f[i].value);
			else {
				ds__fen_text(amount, f[i].value, 0);
				ds__xmlw_attr(&w, "amount", amount);
			}
			ds__xmlw_end(&w);
		}
		if (with_tables)
			items_write(NULL, &w, r, format);
		rc = ds__xmlw_finish(out, &w);
		ds__xmlw_dispose(&w);
		return rc;
	}
	if (flags & DS_LEDGER_BOM)
		ds__buf_puts(&b, DS__CSV_BOM);
	if (with_tables && format == DS_LEDGER_FORMAT_TEXT) {
		table_text(&b, "(1) 确认为无形资产的数据资源", (int64_t(*)[DS_LEDGER_COL_COUNT])r->table1,
			   ds__ledger_table1_rows, DS_LEDGER_R1_COUNT, ds__ledger_table1_columns);
		ds__buf_putc(&b, '\n');
		table_text(&b, "(2) 确认为存货的数据资源", (int64_t(*)[DS_LEDGER_COL_COUNT])r->table2,
			   ds__ledger_table2_rows, DS_LEDGER_R2_COUNT, ds__ledger_table2_columns);
		ds__buf_puts(&b, "\n(3) 其他披露\n");
	} else if (with_tables) {
		table_csv(&b, "(1)", (int64_t(*)[DS_LEDGER_COL_COUNT])r->table1, ds__ledger_table1_rows,
			  DS_LEDGER_R1_COUNT, ds__ledger_table1_columns);
		table_csv(&b, "(2)", (int64_t(*)[DS_LEDGER_COL_COUNT])r->table2, ds__ledger_table2_rows,
			  DS_LEDGER_R2_COUNT, ds__ledger_table2_columns);
	}
	if (format == DS_LEDGER_FORMAT_CSV) {
		ds__csv_field(&b, "项目", 1);
		ds__csv_field(&b, balance ? "期末余额" : "金额或项数", 0);
		ds__csv_end_row(&b);
	}
	for (i = 0; i < n; i++) {
		if (f[i].count)
			snprintf(amount, sizeof amount, "%lld", (long long)f[i].value);
		else
			ds__fen_text(amount, f[i].value, format == DS_LEDGER_FORMAT_TEXT);
		if (format == DS_LEDGER_FORMAT_CSV) {
			ds__csv_field(&b, f[i].label, 1);
			ds__csv_field(&b, amount, 0);
			ds__csv_end_row(&b);
		} else {
			cell(&b, f[i].label, 48, 0);
			cell(&b, amount, W_AMOUNT, 1);
			ds__buf_putc(&b, '\n');
		}
	}
	if (with_tables)
		items_write(&b, NULL, r, format);
	return ds__buf_detach(out, &b);
}

int ds_ledger_report_write(char **out, const ds_ledger_report *r, ds_ledger_part part, ds_ledger_format format,
			   unsigned int flags)
{
	int rc;

	if (!out || !r)
		return ds__error(DS_EINVAL, "ds_ledger_report_write: NULL argument");
	if ((rc = check_format(format, flags)) < 0)
		return rc;
	switch (part) {
	case DS_LEDGER_PART_SCHEDULE: return write_lines(out, format, flags, NULL, r->lines, r->ids, r->line_count);
	case DS_LEDGER_PART_ENTRIES: return write_entries(out, r, format, flags);
	case DS_LEDGER_PART_DISCLOSURE: return write_figures(out, r, 0, format, flags, 1);
	case DS_LEDGER_PART_BALANCE: return write_figures(out, r, 1, format, flags, 0);
	case DS_LEDGER_PART_TRIAL_BALANCE: return ds__ledger_trial_write(out, r, format, flags);
	}
	return ds__error_at(DS_EINVAL, 0, 0, "part", "part: unknown report part %d", (int)part);
}
