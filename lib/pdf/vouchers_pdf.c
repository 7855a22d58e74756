/*
 * 记账凭证: the journal entries of a ledger report printed one voucher per A4
 * page (docs/ledger.md, "Printed vouchers").
 * SPDX-License-Identifier: MIT
 */
#include "config.h"

#ifdef HAVE_PDF /* else nopdf.c */

#include <stdio.h>
#include <string.h>

#include "internal/decimal.h"
#include "pdf_internal.h"

#define MARGIN (20 * DS__PDF_MM)
#define BODY_WIDTH (DS__PDF_A4_WIDTH - 2 * MARGIN)
#define COL_SUMMARY (40 * DS__PDF_MM)
#define COL_ACCOUNT (70 * DS__PDF_MM)
#define COL_AMOUNT ((BODY_WIDTH - COL_SUMMARY - COL_ACCOUNT) / 2)
#define ROW_HEIGHT (10 * DS__PDF_MM)
#define MIN_ROWS 5 /* a printed voucher has at least five posting lines */
#define PAD 3.0
#define TEXT_SIZE 9.5

/* The asset's name (or, without one, its id) for the 摘要. */
static const char *asset_label(const ds_ledger_report *report, const char *id)
{
	ds_ledger_asset_figures asset;
	size_t i;

	for (i = 0; i < ds_ledger_report_asset_count(report); i++)
		if (ds_ledger_report_asset_at(&asset, report, i) == DS_OK && strcmp(asset.id, id) == 0)
			return asset.name ? asset.name : id;
	return id;
}

/* 人民币大写 of @fen, from its exact decimal text (no floating point). */
static int amount_words(char **out, int64_t fen)
{
	ds_decimal *x = NULL;
	char text[40];
	int rc;

	ds__fen_text(text, fen, 0);
	if ((rc = ds_decimal_new(&x)) == DS_OK && (rc = ds_decimal_eval(x, text)) == DS_OK)
		rc = ds_decimal_to_rmb_words(out, x, NULL);
	ds_decimal_free(x);
	return rc;
}

static void cell(ds__pdf *pdf, double x, double y, double w, double h, double size, int bold, ds__pdf_align align,
		 const char *text)
{
	double th = ds__pdf_text_height(pdf, w - 2 * PAD, NULL, size, bold, text);

	ds__pdf_text(pdf, x + PAD, y + (h - th) / 2, w - 2 * PAD, NULL, size, bold, align, text);
}

/* One voucher on the current page. */
static int voucher(ds__pdf *pdf, const ds_ledger_report *report, const ds_ledger_entry *e, int number,
		   const ds_pdf_options *opts)
{
	double x_account = MARGIN + COL_SUMMARY, x_debit = x_account + COL_ACCOUNT, x_credit = x_debit + COL_AMOUNT;
	double y = 22 * DS__PDF_MM, top, line_y;
	size_t rows = e->posting_count > MIN_ROWS ? e->posting_count : MIN_ROWS, i;
	int64_t debits = 0, credits = 0;
	char text[512], amount[40], *words = NULL;
	int rc;

	ds__pdf_text(pdf, MARGIN, y, BODY_WIDTH, pdf->serif, 22, 1, DS__PDF_CENTRE, "记 账 凭 证");
	line_y = y + 32;
	ds__pdf_line(pdf, DS__PDF_A4_WIDTH / 2 - 70, line_y, DS__PDF_A4_WIDTH / 2 + 70, line_y, 0.8);
	ds__pdf_line(pdf, DS__PDF_A4_WIDTH / 2 - 70, line_y + 2.5, DS__PDF_A4_WIDTH / 2 + 70, line_y + 2.5, 0.8);
	y += 44;
	snprintf(text, sizeof text, "核算单位：%s", opts && opts->entity ? opts->entity : "");
	y += ds__pdf_text(pdf, MARGIN, y, BODY_WIDTH, NULL, 10, 0, DS__PDF_LEFT, text) + 4;
	snprintf(text, sizeof text, "%04d 年 %02d 月 %02d 日", e->year, e->month, e->day);
	ds__pdf_text(pdf, MARGIN + BODY_WIDTH / 3, y, BODY_WIDTH / 3, NULL, 10, 0, DS__PDF_CENTRE, text);
	snprintf(text, sizeof text, "记字第 %d 号", number);
	ds__pdf_text(pdf, MARGIN + 2 * BODY_WIDTH / 3, y, BODY_WIDTH / 3, NULL, 10, 0, DS__PDF_RIGHT, text);
	y += 20;

	/* Header row. */
	top = y;
	cell(pdf, MARGIN, y, COL_SUMMARY, ROW_HEIGHT, 10, 1, DS__PDF_CENTRE, "摘  要");
	cell(pdf, x_account, y, COL_ACCOUNT, ROW_HEIGHT, 10, 1, DS__PDF_CENTRE, "会 计 科 目");
	cell(pdf, x_debit, y, COL_AMOUNT, ROW_HEIGHT, 10, 1, DS__PDF_CENTRE, "借方金额");
	cell(pdf, x_credit, y, COL_AMOUNT, ROW_HEIGHT, 10, 1, DS__PDF_CENTRE, "贷方金额");
	y += ROW_HEIGHT;
	ds__pdf_line(pdf, MARGIN, y, MARGIN + BODY_WIDTH, y, 0.5);

	for (i = 0; i < rows; i++) {
		if (i < e->posting_count) {
			const ds_ledger_posting *p = &e->postings[i];
			if (i == 0) {
				snprintf(text, sizeof text, "%s %s", e->event, asset_label(report, e->asset_id));
				cell(pdf, MARGIN, y, COL_SUMMARY, ROW_HEIGHT, TEXT_SIZE, 0, DS__PDF_LEFT, text);
			}
			/* 借 lines start at the column's edge, 贷 lines indented: the usual way a
			 * voucher shows the side of each account. */
			snprintf(text, sizeof text, "%s%s %s", p->debit ? "" : "    ", p->code, p->name);
			cell(pdf, x_account, y, COL_ACCOUNT, ROW_HEIGHT, TEXT_SIZE, 0, DS__PDF_LEFT, text);
			ds__fen_text(amount, p->amount, 1);
			cell(pdf, p->debit ? x_debit : x_credit, y, COL_AMOUNT, ROW_HEIGHT, TEXT_SIZE, 0, DS__PDF_RIGHT,
			     amount);
			if (p->debit)
				debits += p->amount;
			else
				credits += p->amount;
		}
		y += ROW_HEIGHT;
		ds__pdf_line(pdf, MARGIN, y, MARGIN + BODY_WIDTH, y, 0.5);
	}
	/* 合计: in figures in the amount columns, in 大写 across the first two. */
	if ((rc = amount_words(&words, debits)) < 0)
		return rc;
	snprintf(text, sizeof text, "合  计：%s", words);
	ds__free(words);
	cell(pdf, MARGIN, y, COL_SUMMARY + COL_ACCOUNT, ROW_HEIGHT, TEXT_SIZE, 1, DS__PDF_LEFT, text);
	ds__fen_text(amount, debits, 1);
	cell(pdf, x_debit, y, COL_AMOUNT, ROW_HEIGHT, TEXT_SIZE, 1, DS__PDF_RIGHT, amount);
	ds__fen_text(amount, credits, 1);
	cell(pdf, x_credit, y, COL_AMOUNT, ROW_HEIGHT, TEXT_SIZE, 1, DS__PDF_RIGHT, amount);
	y += ROW_HEIGHT;
	ds__pdf_rect(pdf, MARGIN, top, BODY_WIDTH, y - top, 1.0);
	ds__pdf_line(pdf, x_account, top, x_account, y - ROW_HEIGHT, 0.5);
	ds__pdf_line(pdf, x_debit, top, x_debit, y, 0.5);
	ds__pdf_line(pdf, x_credit, top, x_credit, y, 0.5);

	/* 附件: a month's amortisation is computed, not evidenced by a document. */
	snprintf(text, sizeof text, "附件 %d 张", strcmp(e->event, "摊销") == 0 ? 0 : 1);
	ds__pdf_text(pdf, MARGIN, y + 6, BODY_WIDTH, NULL, 10, 0, DS__PDF_RIGHT, text);
	y += 30;
	snprintf(text, sizeof text, "会计主管：__________    记账：__________    审核：%s    制单：%s",
		 opts && opts->reviewer ? opts->reviewer : "__________",
		 opts && opts->preparer ? opts->preparer : "__________");
	ds__pdf_text(pdf, MARGIN, y, BODY_WIDTH, NULL, 10, 0, DS__PDF_LEFT, text);
	return DS_OK;
}

int ds_ledger_write_vouchers_pdf(unsigned char **out, size_t *len, const ds_ledger_report *report,
				 const ds_pdf_options *opts)
{
	ds__pdf pdf;
	ds_ledger_entry e;
	size_t i, count;
	int number = 0, year = 0, month = 0, rc;

	memset(&pdf, 0, sizeof pdf);
	if (!out || !len || !report)
		return ds__error(DS_EINVAL, "ds_ledger_write_vouchers_pdf: NULL argument");
	if ((rc = ds__pdf_begin(&pdf, opts, "记账凭证")) < 0)
		return rc;
	count = ds_ledger_report_entry_count(report);
	if (count == 0)
		ds__pdf_text(&pdf, MARGIN, 40 * DS__PDF_MM, BODY_WIDTH, NULL, 12, 0, DS__PDF_CENTRE,
			     "本期无记账凭证（the period has no journal entries）");
	for (i = 0; i < count; i++) {
		if ((rc = ds_ledger_report_entry_at(&e, report, i)) < 0)
			goto fail;
		/* Vouchers are numbered from 1 in each month. */
		if (e.year != year || e.month != month) {
			year = e.year;
			month = e.month;
			number = 0;
		}
		number++;
		if (i > 0)
			cairo_show_page(pdf.cr);
		if ((rc = voucher(&pdf, report, &e, number, opts)) < 0)
			goto fail;
	}
	return ds__pdf_end(out, len, &pdf);
fail:
	ds__pdf_end(NULL, NULL, &pdf);
	return rc;
}

#endif /* HAVE_PDF */
