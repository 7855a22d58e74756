/*
 * A ledger report's and a schedule's tables (include/datasset/table.h): the
 * schedule lines, the journal entries in voucher layout, disclosure tables (1)
 * and (2) laid out as the note tables, the other disclosures and the listed
 * items, the balance-sheet lines. The CSV and xlsx writers both read these.
 * SPDX-License-Identifier: MIT
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "internal/table.h"
#include "ledger_report.h"

static void month_text(char *buf, size_t size, int year, int month)
{
	snprintf(buf, size, "%04d-%02d", year, month);
}

/* ---------------------------------------------------------------- schedule */

static void schedule_table(ds_tables *ts, const ds_ledger_schedule_line *lines,
			   const ds__ledger_report_line *report_lines, char *const *ids, size_t count)
{
	static const char *const headers[] = { "月份",	   "期初账面价值", "本月摊销", "累计摊销",
					       "减值损失", "期末账面价值", "尾差调整" };
	size_t first = report_lines ? 1 : 0, i, row = 0, top = 0;
	int64_t charge = 0, impairment = 0;
	ds__table *t = ds__tables_add(ts, "摊销明细", "数据资源无形资产摊销明细", first + 7);

	if (!t)
		return;
	if (report_lines)
		ds__table_column(t, 0, "资产编号", 0);
	for (i = 0; i < 7; i++)
		ds__table_column(t, first + i, headers[i], i >= 1 && i <= 5);
	for (i = 0; i < count; i++) {
		const ds_ledger_schedule_line *l = report_lines ? &report_lines[i].line : &lines[i];
		char month[16];
		row = ds__table_row(t);
		if (report_lines)
			ds__table_text(t, row, 0, ids[report_lines[i].asset], 0);
		month_text(month, sizeof month, l->year, l->month);
		ds__table_text(t, row, first, month, 0);
		ds__table_amount(t, row, first + 1, l->opening);
		ds__table_amount(t, row, first + 2, l->charge);
		ds__table_amount(t, row, first + 3, l->accumulated);
		ds__table_amount(t, row, first + 4, l->impairment);
		ds__table_amount(t, row, first + 5, l->closing);
		ds__table_text(t, row, first + 6, l->true_up ? "是" : "", 0);
		charge += l->charge;
		impairment += l->impairment;
	}
	if (!count)
		return;
	row = ds__table_row(t);
	ds__table_bold(t, row);
	ds__table_text(t, row, 0, "合计", 0);
	ds__table_sum(t, row, first + 2, charge, top, first + 2, row - 1, first + 2);
	ds__table_sum(t, row, first + 4, impairment, top, first + 4, row - 1, first + 4);
}

/* ---------------------------------------------------------------- journal entries */

/* One sheet in voucher layout: each voucher's postings (凭证号, date and 摘要 on
 * every line, so the CSV file imports line by line) and its 合计 line, the sum
 * of its debits and of its credits. */
static void entries_table(ds_tables *ts, const ds_ledger_report *r)
{
	static const char *const headers[] = { "凭证号",   "日期",     "资产编号", "摘要",
					       "科目编码", "科目名称", "借方金额", "贷方金额" };
	ds__table *t = ds__tables_add(ts, "记账凭证", "记账凭证（分录）", 8);
	size_t i, j, c;

	if (!t)
		return;
	for (c = 0; c < 8; c++)
		ds__table_column(t, c, headers[c], c >= 6);
	for (i = 0; i < r->entry_count; i++) {
		const ds_ledger_entry *e = &r->entries[i];
		char date[32], number[32];
		int64_t debit = 0, credit = 0;
		size_t top = t->nrows, row;
		snprintf(date, sizeof date, "%04d-%02d-%02d", e->year, e->month, e->day);
		snprintf(number, sizeof number, "记-%zu", i + 1);
		for (j = 0; j < e->posting_count; j++) {
			const ds_ledger_posting *p = &e->postings[j];
			row = ds__table_row(t);
			ds__table_text(t, row, 0, number, 0);
			ds__table_text(t, row, 1, date, 0);
			ds__table_text(t, row, 2, e->asset_id, 0);
			ds__table_text(t, row, 3, e->event, 0);
			ds__table_text(t, row, 4, p->code, 0);
			ds__table_text(t, row, 5, p->name, p->debit ? 0 : 1);
			if (p->debit)
				ds__table_amount(t, row, 6, p->amount), debit += p->amount;
			else
				ds__table_amount(t, row, 7, p->amount), credit += p->amount;
		}
		row = ds__table_row(t);
		ds__table_bold(t, row);
		ds__table_text(t, row, 0, number, 0);
		ds__table_text(t, row, 5, "合计", 0);
		if (e->posting_count) {
			ds__table_sum(t, row, 6, debit, top, 6, row - 1, 6);
			ds__table_sum(t, row, 7, credit, top, 7, row - 1, 7);
		}
	}
}

/* ---------------------------------------------------------------- 科目汇总表 */

/* The trial balance by account (trial.c): one line per account, then the 合计 line
 * whose debit and credit are sums over the lines (formulas in a workbook). */
static void trial_table(ds_tables *ts, const ds_ledger_report *r)
{
	static const char *const headers[] = { "科目编码", "科目名称", "借方金额", "贷方金额" };
	ds__table *t = ds__tables_add(ts, "科目汇总表", "科目汇总表", 4);
	size_t i, c, row;

	if (!t)
		return;
	for (c = 0; c < 4; c++)
		ds__table_column(t, c, headers[c], c >= 2);
	for (i = 0; i < r->trial_count; i++) {
		row = ds__table_row(t);
		ds__table_text(t, row, 0, r->trial[i].code, 0);
		ds__table_text(t, row, 1, r->trial[i].name, 0);
		ds__table_amount(t, row, 2, r->trial[i].debit);
		ds__table_amount(t, row, 3, r->trial[i].credit);
	}
	row = ds__table_row(t);
	ds__table_bold(t, row);
	ds__table_text(t, row, 0, "合计", 0);
	if (r->trial_count) {
		ds__table_sum(t, row, 2, r->trial_total, 0, 2, row - 1, 2);
		ds__table_sum(t, row, 3, r->trial_total, 0, 3, row - 1, 3);
	} else {
		ds__table_amount(t, row, 2, 0);
		ds__table_amount(t, row, 3, 0);
	}
}

/* ---------------------------------------------------------------- disclosure tables */

static unsigned int label_indent(const char *label, const char **text)
{
	size_t spaces = strspn(label, " ");

	*text = label + spaces;
	return spaces == 0 ? 1 : spaces <= 2 ? 2 : 3;
}

/* Table (1) or (2) as the note lays it out: 项目 and 合计 over two header rows,
 * the three ways of acquisition under one merged header, a row of its own for
 * each section (一、账面原值 …), 其中 rows indented. 合计 is the SUM of the row's
 * three columns; 本期增加/减少金额 is the SUM of its 其中 rows where those add up
 * to it (they do when the 其中 rows are complete, "其他" included). */
static void disclosure_table(ds_tables *ts, const char *name, const char *title, const char *group,
			     const int64_t (*v)[DS_LEDGER_COL_COUNT], const ds__ledger_label *labels, size_t count,
			     const char *const *columns)
{
	ds__table *t = ds__tables_add(ts, name, title, 1 + DS_LEDGER_COL_COUNT);
	size_t body[64]; /* the body row of each label (28 and 21 labels) */
	size_t i, c, k;

	if (!t || count > sizeof body / sizeof body[0])
		return;
	ds__table_column(t, 0, "项目", 0);
	for (c = 0; c < DS_LEDGER_COL_COUNT; c++)
		ds__table_column(t, 1 + c, columns[c], 1);
	ds__table_header(t, 1, DS_LEDGER_COL_COUNT - 1, group);
	for (i = 0; i < count; i++) {
		const char *text;
		unsigned int indent = label_indent(labels[i].label, &text);
		size_t row;
		if (labels[i].section) {
			row = ds__table_row(t);
			ds__table_text(t, row, 0, labels[i].section, 0);
			ds__table_span(t, row);
			ds__table_bold(t, row);
		}
		body[i] = row = ds__table_row(t);
		ds__table_text(t, row, 0, text, indent);
		for (c = 0; c < DS_LEDGER_COL_COUNT; c++)
			ds__table_amount(t, row, 1 + c, v[i][c]);
	}
	for (i = 0; i < count; i++) {
		size_t children = 0;
		int64_t sum[DS_LEDGER_COL_COUNT] = { 0 };
		int add_up = 1;
		if (labels[i].label[0] == ' ')
			continue;
		for (k = i + 1; k < count && labels[k].label[0] == ' ' && !labels[k].section; k++, children++)
			for (c = 0; c < DS_LEDGER_COL_COUNT; c++)
				sum[c] += v[k][c];
		for (c = 0; c < DS_LEDGER_COL_COUNT; c++)
			if (sum[c] != v[i][c])
				add_up = 0;
		for (c = 0; c < DS_LEDGER_COL_COUNT; c++) {
			if (children && add_up)
				ds__table_sum(t, body[i], 1 + c, v[i][c], body[i + 1], 1 + c, body[i + children],
					      1 + c);
			else if (c == DS_LEDGER_COL_TOTAL && v[i][DS_LEDGER_COL_PURCHASED] +
									     v[i][DS_LEDGER_COL_SELF_BUILT] +
									     v[i][DS_LEDGER_COL_OTHER] ==
								     v[i][c])
				ds__table_sum(t, body[i], 1 + c, v[i][c], body[i], 1, body[i], DS_LEDGER_COL_COUNT - 1);
		}
	}
	for (k = 0; k < count; k++)
		if (labels[k].label[0] == ' ' &&
		    v[k][DS_LEDGER_COL_PURCHASED] + v[k][DS_LEDGER_COL_SELF_BUILT] + v[k][DS_LEDGER_COL_OTHER] ==
			    v[k][DS_LEDGER_COL_TOTAL])
			ds__table_sum(t, body[k], DS_LEDGER_COL_COUNT, v[k][DS_LEDGER_COL_TOTAL], body[k], 1, body[k],
				      DS_LEDGER_COL_COUNT - 1);
}

static void figures_table(ds_tables *ts, const ds_ledger_report *r, int balance)
{
	ds__ledger_figure f[10];
	size_t n = ds__ledger_figures_of(f, r, balance), i;
	ds__table *t = balance ? ds__tables_add(ts, "资产负债表", "资产负债表 其中：数据资源", 2) :
				 ds__tables_add(ts, "其他披露", "(3) 其他披露", 2);

	if (!t)
		return;
	ds__table_column(t, 0, "项目", 0);
	ds__table_column(t, 1, balance ? "期末余额" : "金额或项数", 1);
	for (i = 0; i < n; i++) {
		size_t row = ds__table_row(t);
		ds__table_text(t, row, 0, f[i].label, 0);
		if (f[i].count)
			ds__table_count(t, row, 1, f[i].value);
		else
			ds__table_amount(t, row, 1, f[i].value);
	}
}

static void items_table(ds_tables *ts, const ds_ledger_report *r)
{
	static const char *const headers[] = { "类别", "资产编号", "名称", "账面价值", "剩余摊销期（月）", "受限情况" };
	ds__table *t = ds__tables_add(ts, "披露明细", "重要的、受限的和使用寿命不确定的数据资源", 6);
	size_t kind, i, c;

	if (!t)
		return;
	for (c = 0; c < 6; c++)
		ds__table_column(t, c, headers[c], c == 3 || c == 4);
	for (kind = 0; kind < DS__LEDGER_ITEM_KINDS; kind++)
		for (i = 0; i < r->id_count; i++) {
			const ds_ledger_asset_figures *x = &r->assets[i];
			size_t row;
			if (!ds__ledger_item_listed(x, kind))
				continue;
			row = ds__table_row(t);
			ds__table_text(t, row, 0, ds__ledger_item_kinds[kind].title, 0);
			ds__table_text(t, row, 1, x->id, 0);
			ds__table_text(t, row, 2, x->name ? x->name : "", 0);
			ds__table_amount(t, row, 3, x->carrying);
			if (x->asset_class == DS_LEDGER_INTANGIBLE && x->remaining_months >= 0)
				ds__table_count(t, row, 4, x->remaining_months);
			ds__table_text(t, row, 5, x->restricted ? x->restricted : "", 0);
		}
}

int ds_ledger_report_tables(ds_tables **out, const ds_ledger_report *r, ds_ledger_part part)
{
	ds_tables *ts;

	if (!out || !r)
		return ds__error(DS_EINVAL, "ds_ledger_report_tables: NULL argument");
	if (part != DS_LEDGER_PART_SCHEDULE && part != DS_LEDGER_PART_ENTRIES && part != DS_LEDGER_PART_DISCLOSURE &&
	    part != DS_LEDGER_PART_BALANCE && part != DS_LEDGER_PART_TRIAL_BALANCE)
		return ds__error_at(DS_EINVAL, 0, 0, "part", "part: unknown report part %d", (int)part);
	if (!(ts = ds__tables_new()))
		return DS_ENOMEM;
	switch (part) {
	case DS_LEDGER_PART_SCHEDULE: schedule_table(ts, NULL, r->lines, r->ids, r->line_count); break;
	case DS_LEDGER_PART_ENTRIES: entries_table(ts, r); break;
	case DS_LEDGER_PART_DISCLOSURE:
		disclosure_table(ts, "表1", "(1) 确认为无形资产的数据资源", "数据资源无形资产",
				 (const int64_t(*)[DS_LEDGER_COL_COUNT])r->table1, ds__ledger_table1_rows,
				 DS_LEDGER_R1_COUNT, ds__ledger_table1_columns);
		disclosure_table(ts, "表2", "(2) 确认为存货的数据资源", "数据资源存货",
				 (const int64_t(*)[DS_LEDGER_COL_COUNT])r->table2, ds__ledger_table2_rows,
				 DS_LEDGER_R2_COUNT, ds__ledger_table2_columns);
		figures_table(ts, r, 0);
		items_table(ts, r);
		break;
	case DS_LEDGER_PART_BALANCE: figures_table(ts, r, 1); break;
	case DS_LEDGER_PART_TRIAL_BALANCE: trial_table(ts, r); break;
	}
	return ds__tables_finish(out, ts);
}

int ds_ledger_schedule_tables(ds_tables **out, const ds_ledger_schedule *s)
{
	ds_tables *ts;

	if (!out || !s)
		return ds__error(DS_EINVAL, "ds_ledger_schedule_tables: NULL argument");
	if (!(ts = ds__tables_new()))
		return DS_ENOMEM;
	schedule_table(ts, s->lines, NULL, NULL, s->count);
	return ds__tables_finish(out, ts);
}
