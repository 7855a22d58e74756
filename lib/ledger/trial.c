/*
 * 科目汇总表 (trial balance by account) of a period: the journal entries of the
 * report summed by account (code and name), debits and credits, checked to
 * balance before the report exists; and its text, CSV and XML forms.
 * SPDX-License-Identifier: MIT
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ledger_report.h"

#define LEDGER_NS "urn:datasset:ledger:1"

/* Order of the lines: by code (byte order, which for the numeric codes of a
 * chart of accounts is their order), then by name (明细 under one code). */
static int line_order(const void *a, const void *b)
{
	const ds_ledger_trial_line *x = a, *y = b;
	int c = strcmp(x->code, y->code);
	return c ? c : strcmp(x->name, y->name);
}

int ds__ledger_trial_build(ds_ledger_report *r)
{
	ds_ledger_trial_line *lines = NULL;
	size_t n = 0, i, j;
	int64_t debit = 0, credit = 0;

	if (r->posting_count && !(lines = ds__calloc(r->posting_count, sizeof *lines)))
		return DS_ENOMEM;
	/* Every posting as a line of its own, then sorted and merged: n log n on the postings. */
	for (i = 0; i < r->entry_count; i++)
		for (j = 0; j < r->entries[i].posting_count; j++) {
			const ds_ledger_posting *p = &r->entries[i].postings[j];
			lines[n].code = p->code;
			lines[n].name = p->name;
			lines[n].debit = p->debit ? p->amount : 0;
			lines[n].credit = p->debit ? 0 : p->amount;
			n++;
			if (p->debit)
				debit += p->amount;
			else
				credit += p->amount;
		}
	if (n)
		qsort(lines, n, sizeof *lines, line_order);
	for (i = 0, j = 0; i < n; i++) {
		if (j && line_order(&lines[j - 1], &lines[i]) == 0) {
			lines[j - 1].debit += lines[i].debit;
			lines[j - 1].credit += lines[i].credit;
		} else
			lines[j++] = lines[i];
	}
	n = j;
	/* Each entry balances (checked when it was recorded), so the sums must too; and the
	 * lines must add up to the postings they were made from. */
	{
		int64_t d = 0, c = 0;
		for (i = 0; i < n; i++) {
			d += lines[i].debit;
			c += lines[i].credit;
		}
		if (debit != credit || d != debit || c != credit) {
			ds__free(lines);
			return ds__error(
				DS_EINTERNAL,
				"科目汇总表: debits %lld and credits %lld do not balance (lines: %lld and %lld)",
				(long long)debit, (long long)credit, (long long)d, (long long)c);
		}
	}
	r->trial = lines;
	r->trial_count = n;
	r->trial_total = debit;
	return DS_OK;
}

size_t ds_ledger_report_trial_count(const ds_ledger_report *r)
{
	return r ? r->trial_count : 0;
}

int ds_ledger_report_trial_at(ds_ledger_trial_line *out, const ds_ledger_report *r, size_t index)
{
	if (!out || !r)
		return ds__error(DS_EINVAL, "ds_ledger_report_trial_at: NULL argument");
	if (index >= r->trial_count)
		return ds__error(
			DS_ERANGE,
			"ds_ledger_report_trial_at: index %zu is out of range; the trial balance has %zu lines", index,
			r->trial_count);
	*out = r->trial[index];
	return DS_OK;
}

int ds_ledger_report_trial_totals(int64_t *debit, int64_t *credit, const ds_ledger_report *r)
{
	if (!r)
		return ds__error(DS_EINVAL, "ds_ledger_report_trial_totals: NULL argument");
	if (debit)
		*debit = r->trial_total;
	if (credit)
		*credit = r->trial_total;
	return DS_OK;
}

/* ---------------------------------------------------------------- writing */

/* Display width of UTF-8 text as write.c counts it (CJK two columns; — and − one). */
static size_t width_of(const char *s)
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

static void put_cell(ds__buf *b, const char *text, size_t width, int right)
{
	size_t w = width_of(text);

	if (right)
		for (; w < width; w++)
			ds__buf_putc(b, ' ');
	ds__buf_puts(b, text);
	if (!right)
		for (; w < width; w++)
			ds__buf_putc(b, ' ');
}

#define W_CODE 10
#define W_NAME 44
#define W_AMOUNT 18

int ds__ledger_trial_write(char **out, const ds_ledger_report *r, ds_ledger_format format, unsigned int flags)
{
	ds__buf b = DS__BUF_INIT;
	char amount[40], start[16], end[16];
	size_t i;

	snprintf(start, sizeof start, "%04d-%02d", r->start / 12, r->start % 12 + 1);
	snprintf(end, sizeof end, "%04d-%02d", r->end / 12, r->end % 12 + 1);
	if (format == DS_LEDGER_FORMAT_XML) {
		ds__xml_writer w;
		int rc;
		if ((rc = ds__xmlw_begin(&w, "trial-balance", LEDGER_NS)) < 0)
			return rc;
		ds__xmlw_attr(&w, "start", start);
		ds__xmlw_attr(&w, "end", end);
		ds__fen_text(amount, r->trial_total, 0);
		ds__xmlw_attr(&w, "debit", amount);
		ds__xmlw_attr(&w, "credit", amount);
		for (i = 0; i < r->trial_count; i++) {
			const ds_ledger_trial_line *l = &r->trial[i];
			ds__xmlw_start(&w, "account");
			ds__xmlw_attr(&w, "code", l->code);
			ds__xmlw_attr(&w, "name", l->name);
			ds__fen_text(amount, l->debit, 0);
			ds__xmlw_attr(&w, "debit", amount);
			ds__fen_text(amount, l->credit, 0);
			ds__xmlw_attr(&w, "credit", amount);
			ds__xmlw_end(&w);
		}
		rc = ds__xmlw_finish(out, &w);
		ds__xmlw_dispose(&w);
		return rc;
	}
	if (format == DS_LEDGER_FORMAT_CSV) {
		static const char *const headers[] = { "科目编码", "科目名称", "借方金额", "贷方金额" };
		if (flags & DS_LEDGER_BOM)
			ds__buf_puts(&b, DS__CSV_BOM);
		for (i = 0; i < 4; i++)
			ds__csv_field(&b, headers[i], i == 0);
		ds__csv_end_row(&b);
		for (i = 0; i <= r->trial_count; i++) {
			const ds_ledger_trial_line *l = i < r->trial_count ? &r->trial[i] : NULL;
			ds__csv_field(&b, l ? l->code : "合计", 1);
			ds__csv_field(&b, l ? l->name : "", 0);
			ds__fen_text(amount, l ? l->debit : r->trial_total, 0);
			ds__csv_field(&b, amount, 0);
			ds__fen_text(amount, l ? l->credit : r->trial_total, 0);
			ds__csv_field(&b, amount, 0);
			ds__csv_end_row(&b);
		}
		return ds__buf_detach(out, &b);
	}
	ds__buf_printf(&b, "科目汇总表  %s 至 %s\n", start, end);
	put_cell(&b, "科目编码", W_CODE, 0);
	put_cell(&b, "科目名称", W_NAME, 0);
	put_cell(&b, "借方金额", W_AMOUNT, 1);
	put_cell(&b, "贷方金额", W_AMOUNT, 1);
	ds__buf_putc(&b, '\n');
	for (i = 0; i <= r->trial_count; i++) {
		const ds_ledger_trial_line *l = i < r->trial_count ? &r->trial[i] : NULL;
		put_cell(&b, l ? l->code : "合计", W_CODE, 0);
		put_cell(&b, l ? l->name : "", W_NAME, 0);
		ds__fen_text(amount, l ? l->debit : r->trial_total, 1);
		put_cell(&b, amount, W_AMOUNT, 1);
		ds__fen_text(amount, l ? l->credit : r->trial_total, 1);
		put_cell(&b, amount, W_AMOUNT, 1);
		ds__buf_putc(&b, '\n');
	}
	return ds__buf_detach(out, &b);
}
