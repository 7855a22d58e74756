/*
 * Writing a public-sector report: entries (both bases), the asset ledger (台账)
 * and the period's figures, as text, CSV (Chinese column names, CRLF rows) or
 * XML in urn:datasset:ledger-gov:1 (schemas/ledger-gov.xsd).
 * SPDX-License-Identifier: MIT
 */
#include "config.h"

#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "gov_internal.h"

#define GOV_NS "urn:datasset:ledger-gov:1"

static const char *const basis_names[] = { "财务会计", "预算会计" };
static const char *const basis_keys[] = { "financial", "budget" };
static const char *const status_names[] = { "入账", "台账(memo)", "在建", "已核销/处置" };
static const char *const status_keys[] = { "on-balance-sheet", "memo", "in-progress", "closed" };

/* An amount of a report's struct, as it is labelled (text, CSV) and keyed (XML). */
typedef struct amount_row {
	const char *label, *key;
	size_t offset; /* into the struct, an int64_t */
} amount_row;

/* The int64_t at @offset into @base (an amount_row's). */
static int64_t amount_at(const void *base, size_t offset)
{
	int64_t v;

	memcpy(&v, (const char *)base + offset, sizeof v);
	return v;
}

#define F(label, key, field)                                       \
	{                                                          \
		label, key, offsetof(ds_ledger_gov_figures, field) \
	}
static const amount_row figure_rows[] = {
	F("无形资产—数据资产 期末余额 (1701)", "intangible", intangible),
	F("无形资产累计摊销—数据资产 期末余额 (1702)", "accumulated", accumulated),
	F("数据资产账面价值 (1701 − 1702)", "carrying", carrying),
	F("研发支出—开发支出 期末余额 (1703.02)", "development", development),
	F("本期研究支出转费用", "research-expensed", research_expensed),
	F("本期开发支出转费用 (未形成资产)", "development-expensed", development_expensed),
	F("本期确认无形资产", "capitalised", capitalised),
	F("本期摊销", "amortisation", amortisation),
	F("本期有偿使用收入 应缴国库 (2103)", "use-income-treasury", use_income_treasury),
	F("本期有偿使用收入 单位留用", "use-income-retained", use_income_retained),
	F("本期处置净收入 应缴国库 (2103)", "disposal-net", disposal_net),
	F("本期资产处置费用 (5301)", "disposal-expense", disposal_expense),
	F("本期上缴国库 (非税收入)", "remitted", remitted),
	F("应缴财政款 期末余额 (2103)", "payable", payable),
	F("本期预算支出 (7101/7201)", "budget-outlay", budget_outlay),
	F("本期其他预算收入 (6609)", "budget-revenue", budget_revenue),
};
#undef F

static void put_fen(ds__buf *b, int64_t fen)
{
	ds__ledger_put_fen(b, fen, 1);
}

static void csv_fen(ds__buf *b, int64_t fen, int first)
{
	char text[DS__FEN_TEXT];

	ds__fen_text(text, fen, 0);
	ds__csv_field(b, text, first);
}

static void xml_fen(ds__xml_writer *w, const char *name, int64_t fen)
{
	char text[DS__FEN_TEXT];

	ds__fen_text(text, fen, 0);
	ds__xmlw_attr(w, name, text);
}

static const char *or_empty(const char *s)
{
	return s ? s : "";
}

/* ---------------------------------------------------------------- entries */

static void entries_text(ds__buf *b, const ds_ledger_gov_report *r)
{
	size_t i, k;

	ds__buf_printf(b, "会计分录 — %s\n", or_empty(r->unit));
	for (i = 0; i < r->entry_count; i++) {
		const ds_ledger_gov_entry *e = &r->entries[i];
		ds__buf_printf(b, "%04d-%02d-%02d  %s  %s  %s\n", e->year, e->month, e->day, basis_names[e->basis],
			       e->asset_id, e->event);
		for (k = 0; k < e->posting_count; k++) {
			const ds_ledger_posting *p = &e->postings[k];
			ds__buf_printf(b, "    %s %s %s  ", p->debit ? "借" : "  贷", p->code, p->name);
			put_fen(b, p->amount);
			ds__buf_putc(b, '\n');
		}
	}
}

static void entries_csv(ds__buf *b, const ds_ledger_gov_report *r)
{
	static const char *const headers[] = { "日期", "会计",	   "资产编号", "事项",
					       "借贷", "科目代码", "科目名称", "金额" };
	size_t i, k;
	char date[16];

	for (i = 0; i < sizeof headers / sizeof *headers; i++)
		ds__csv_field(b, headers[i], i == 0);
	ds__csv_end_row(b);
	for (i = 0; i < r->entry_count; i++) {
		const ds_ledger_gov_entry *e = &r->entries[i];
		snprintf(date, sizeof date, "%04d-%02d-%02d", e->year, e->month, e->day);
		for (k = 0; k < e->posting_count; k++) {
			const ds_ledger_posting *p = &e->postings[k];
			ds__csv_field(b, date, 1);
			ds__csv_field(b, basis_names[e->basis], 0);
			ds__csv_field(b, e->asset_id, 0);
			ds__csv_field(b, e->event, 0);
			ds__csv_field(b, p->debit ? "借" : "贷", 0);
			ds__csv_field(b, p->code, 0);
			ds__csv_field(b, p->name, 0);
			csv_fen(b, p->amount, 0);
			ds__csv_end_row(b);
		}
	}
}

static void entries_xml(ds__xml_writer *w, const ds_ledger_gov_report *r)
{
	size_t i, k;

	ds__xmlw_start(w, "entries");
	for (i = 0; i < r->entry_count; i++) {
		const ds_ledger_gov_entry *e = &r->entries[i];
		ds__xmlw_start(w, "entry");
		ds__xmlw_attrf(w, "date", "%04d-%02d-%02d", e->year, e->month, e->day);
		ds__xmlw_attr(w, "basis", basis_keys[e->basis]);
		ds__xmlw_attr(w, "asset", e->asset_id);
		ds__xmlw_attr(w, "event", e->event);
		for (k = 0; k < e->posting_count; k++) {
			const ds_ledger_posting *p = &e->postings[k];
			ds__xmlw_start(w, "posting");
			ds__xmlw_attr(w, "side", p->debit ? "debit" : "credit");
			ds__xmlw_attr(w, "code", p->code);
			ds__xmlw_attr(w, "name", p->name);
			xml_fen(w, "amount", p->amount);
			ds__xmlw_end(w);
		}
		ds__xmlw_end(w);
	}
	ds__xmlw_end(w);
}

/* ---------------------------------------------------------------- cards */

#define C(label, key, field)                                    \
	{                                                       \
		label, key, offsetof(ds_ledger_gov_card, field) \
	}
static const amount_row card_amounts[] = {
	C("原值", "cost", cost),
	C("累计摊销", "accumulated", accumulated),
	C("账面余额", "carrying", carrying),
	C("月摊销额", "monthly", monthly),
	C("有偿使用收入(国库)", "use-income-treasury", use_income_treasury),
	C("有偿使用收入(留用)", "use-income-retained", use_income_retained),
	C("处置净收入", "disposal-net", disposal_net),
	C("已上缴国库", "remitted", remitted),
	C("参考评估价值", "reference-value", reference_value),
};
#undef C

static void cards_text(ds__buf *b, const ds_ledger_gov_report *r)
{
	size_t i, k;

	ds__buf_printf(b, "数据资产台账 — %s%s%s%s\n", or_empty(r->unit), r->credit_code ? " (" : "",
		       or_empty(r->credit_code), r->credit_code ? ")" : "");
	for (i = 0; i < r->card_count; i++) {
		const gov_card_data *d = &r->cards[i];
		const ds_ledger_gov_card *c = &d->card;
		ds__buf_printf(b, "\n卡片 %s  %s  [%s]\n", c->id, or_empty(c->name), status_names[c->status]);
		if (c->number)
			ds__buf_printf(b, "  卡片编号 %s\n", c->number);
		ds__buf_printf(b, "  形成方式 %s", or_empty(d->formation));
		if (d->in_use)
			ds__buf_printf(b, "  投入使用 %s", d->in_use);
		if (d->life)
			ds__buf_printf(b, "  使用年限(月) %s  %s  费用科目 %s", d->life, or_empty(d->method),
				       or_empty(d->expense));
		ds__buf_putc(b, '\n');
		for (k = 0; k < GT_COUNT; k++)
			if (d->text[k])
				ds__buf_printf(b, "  %s: %s\n", ds__gov_card_labels[k], d->text[k]);
		for (k = 0; k < sizeof card_amounts / sizeof *card_amounts; k++) {
			int64_t v = amount_at(c, card_amounts[k].offset);
			if (!v && k > 2)
				continue;
			ds__buf_printf(b, "  %s ", card_amounts[k].label);
			put_fen(b, v);
			ds__buf_putc(b, '\n');
		}
		if (c->remaining_months >= 0 && c->status == DS_LEDGER_GOV_ON_BOOKS)
			ds__buf_printf(b, "  剩余摊销月数 %ld\n", c->remaining_months);
		if (c->approval)
			ds__buf_printf(b, "  处置批准文件 %s\n", c->approval);
	}
}

static void cards_csv(ds__buf *b, const ds_ledger_gov_report *r)
{
	size_t i, k;
	char months[32];

	ds__csv_field(b, "资产编号", 1);
	ds__csv_field(b, "卡片编号", 0);
	ds__csv_field(b, "名称", 0);
	ds__csv_field(b, "状态", 0);
	ds__csv_field(b, "形成方式", 0);
	ds__csv_field(b, "投入使用日期", 0);
	ds__csv_field(b, "使用年限(月)", 0);
	ds__csv_field(b, "摊销方法", 0);
	ds__csv_field(b, "费用科目", 0);
	for (k = 0; k < GT_COUNT; k++)
		ds__csv_field(b, ds__gov_card_labels[k], 0);
	for (k = 0; k < sizeof card_amounts / sizeof *card_amounts; k++)
		ds__csv_field(b, card_amounts[k].label, 0);
	ds__csv_field(b, "剩余摊销月数", 0);
	ds__csv_field(b, "处置批准文件", 0);
	ds__csv_end_row(b);
	for (i = 0; i < r->card_count; i++) {
		const gov_card_data *d = &r->cards[i];
		const ds_ledger_gov_card *c = &d->card;
		ds__csv_field(b, c->id, 1);
		ds__csv_field(b, or_empty(c->number), 0);
		ds__csv_field(b, or_empty(c->name), 0);
		ds__csv_field(b, status_keys[c->status], 0);
		ds__csv_field(b, or_empty(d->formation), 0);
		ds__csv_field(b, or_empty(d->in_use), 0);
		ds__csv_field(b, or_empty(d->life), 0);
		ds__csv_field(b, or_empty(d->method), 0);
		ds__csv_field(b, or_empty(d->expense), 0);
		for (k = 0; k < GT_COUNT; k++)
			ds__csv_field(b, or_empty(d->text[k]), 0);
		for (k = 0; k < sizeof card_amounts / sizeof *card_amounts; k++)
			csv_fen(b, amount_at(c, card_amounts[k].offset), 0);
		snprintf(months, sizeof months, "%ld", c->remaining_months);
		ds__csv_field(b, months, 0);
		ds__csv_field(b, or_empty(c->approval), 0);
		ds__csv_end_row(b);
	}
}

static void cards_xml(ds__xml_writer *w, const ds_ledger_gov_report *r)
{
	size_t i, k;

	ds__xmlw_start(w, "cards");
	for (i = 0; i < r->card_count; i++) {
		const gov_card_data *d = &r->cards[i];
		const ds_ledger_gov_card *c = &d->card;
		ds__xmlw_start(w, "card");
		ds__xmlw_attr(w, "id", c->id);
		if (c->number)
			ds__xmlw_attr(w, "number", c->number);
		if (c->name)
			ds__xmlw_attr(w, "name", c->name);
		ds__xmlw_attr(w, "status", status_keys[c->status]);
		for (k = 0; k < GT_COUNT; k++)
			if (d->text[k])
				ds__xmlw_attr(w, ds__gov_card_fields[k], d->text[k]);
		if (d->in_use)
			ds__xmlw_attr(w, "in-use", d->in_use);
		for (k = 0; k < sizeof card_amounts / sizeof *card_amounts; k++)
			xml_fen(w, card_amounts[k].key, amount_at(c, card_amounts[k].offset));
		ds__xmlw_attrf(w, "remaining-months", "%ld", c->remaining_months);
		if (c->approval)
			ds__xmlw_attr(w, "approval", c->approval);
		ds__xmlw_end(w);
	}
	ds__xmlw_end(w);
}

/* ---------------------------------------------------------------- figures */

static void figures_text(ds__buf *b, const ds_ledger_gov_report *r)
{
	size_t i;

	ds__buf_printf(b, "数据资产 本期数据 — %s (%04d-%02d 至 %04d-%02d)\n", or_empty(r->unit), r->start / 12,
		       r->start % 12 + 1, r->end / 12, r->end % 12 + 1);
	for (i = 0; i < sizeof figure_rows / sizeof *figure_rows; i++) {
		ds__buf_printf(b, "  %s  ", figure_rows[i].label);
		put_fen(b, amount_at(&r->figures, figure_rows[i].offset));
		ds__buf_putc(b, '\n');
	}
	ds__buf_printf(b, "  入账卡片 %zu  台账(memo) %zu\n", r->figures.on_books_count, r->figures.memo_count);
	if (r->figures.unsupported_income_count)
		ds__buf_printf(b, "  警示: %zu 笔有偿使用收入未注明授权协议 (严禁变相虚增财政收入, 财资〔2024〕1号)\n",
			       r->figures.unsupported_income_count);
	ds__buf_puts(b,
		     "  核对: 每笔财务会计分录借贷平衡; 每笔预算会计分录借贷平衡; 入账卡片账面余额合计 = 1701 − 1702; "
		     "应缴财政款余额 = 应缴收入 − 已上缴\n");
}

/* A row of figures_csv() for a count: label, key, the number. */
static void csv_count(ds__buf *b, const char *label, const char *key, size_t count)
{
	char n[32];

	snprintf(n, sizeof n, "%zu", count);
	ds__csv_field(b, label, 1);
	ds__csv_field(b, key, 0);
	ds__csv_field(b, n, 0);
	ds__csv_end_row(b);
}

static void figures_csv(ds__buf *b, const ds_ledger_gov_report *r)
{
	size_t i;

	ds__csv_field(b, "项目", 1);
	ds__csv_field(b, "键", 0);
	ds__csv_field(b, "金额", 0);
	ds__csv_end_row(b);
	for (i = 0; i < sizeof figure_rows / sizeof *figure_rows; i++) {
		ds__csv_field(b, figure_rows[i].label, 1);
		ds__csv_field(b, figure_rows[i].key, 0);
		csv_fen(b, amount_at(&r->figures, figure_rows[i].offset), 0);
		ds__csv_end_row(b);
	}
	csv_count(b, "入账卡片数", "on-books-count", r->figures.on_books_count);
	csv_count(b, "台账(memo)行数", "memo-count", r->figures.memo_count);
	csv_count(b, "未注明授权协议的有偿使用收入笔数", "unsupported-income-count",
		  r->figures.unsupported_income_count);
}

static void figures_xml(ds__xml_writer *w, const ds_ledger_gov_report *r)
{
	size_t i;

	ds__xmlw_start(w, "figures");
	for (i = 0; i < sizeof figure_rows / sizeof *figure_rows; i++) {
		ds__xmlw_start(w, "figure");
		ds__xmlw_attr(w, "key", figure_rows[i].key);
		xml_fen(w, "amount", amount_at(&r->figures, figure_rows[i].offset));
		ds__xmlw_end(w);
	}
	ds__xmlw_start(w, "counts");
	ds__xmlw_attrf(w, "on-books", "%zu", r->figures.on_books_count);
	ds__xmlw_attrf(w, "memo", "%zu", r->figures.memo_count);
	ds__xmlw_attrf(w, "unsupported-income", "%zu", r->figures.unsupported_income_count);
	ds__xmlw_end(w);
	ds__xmlw_end(w);
}

/* Each part's writers, by ds_ledger_gov_part. */
static const struct part_writers {
	void (*text)(ds__buf *, const ds_ledger_gov_report *);
	void (*csv)(ds__buf *, const ds_ledger_gov_report *);
	void (*xml)(ds__xml_writer *, const ds_ledger_gov_report *);
} part_writers[] = {
	[DS_LEDGER_GOV_PART_ENTRIES] = { entries_text, entries_csv, entries_xml },
	[DS_LEDGER_GOV_PART_CARDS] = { cards_text, cards_csv, cards_xml },
	[DS_LEDGER_GOV_PART_FIGURES] = { figures_text, figures_csv, figures_xml },
};

int ds_ledger_gov_report_write(char **out, const ds_ledger_gov_report *r, ds_ledger_gov_part part,
			       ds_ledger_format format, unsigned int flags)
{
	if (!out || !r)
		return ds__error(DS_EINVAL, "ds_ledger_gov_report_write: NULL argument");
	if ((unsigned int)part > DS_LEDGER_GOV_PART_FIGURES)
		return ds__error(DS_EINVAL, "ds_ledger_gov_report_write: unknown part %d", (int)part);
	if ((unsigned int)format > DS_LEDGER_FORMAT_XML)
		return ds__error(DS_EINVAL, "ds_ledger_gov_report_write: unknown format %d", (int)format);
	if (flags & ~DS_LEDGER_BOM || ((flags & DS_LEDGER_BOM) && format != DS_LEDGER_FORMAT_CSV))
		return ds__error(DS_EINVAL, "ds_ledger_gov_report_write: flags 0x%x (DS_LEDGER_BOM is for CSV only)",
				 flags);
	if (format == DS_LEDGER_FORMAT_XML) {
		ds__xml_writer w;
		int rc;
		if ((rc = ds__xmlw_begin(&w, "public-sector-report", GOV_NS)) < 0)
			return rc;
		ds__xmlw_attr(&w, "unit", or_empty(r->unit));
		ds__xmlw_attrf(&w, "start", "%04d-%02d", r->start / 12, r->start % 12 + 1);
		ds__xmlw_attrf(&w, "end", "%04d-%02d", r->end / 12, r->end % 12 + 1);
		part_writers[part].xml(&w, r);
		return ds__xmlw_finish(out, &w);
	} else {
		ds__buf b = DS__BUF_INIT;
		if (flags & DS_LEDGER_BOM)
			ds__buf_puts(&b, "\xEF\xBB\xBF");
		if (format == DS_LEDGER_FORMAT_CSV)
			part_writers[part].csv(&b, r);
		else
			part_writers[part].text(&b, r);
		return ds__buf_detach(out, &b);
	}
}
