/*
 * The xlsx writer of the table model (lib/internal/table.h), through
 * libxlsxwriter: one sheet per table, a merged title, merged group headers,
 * 其中 rows indented, amounts in #,##0.00, totals as SUM formulas cached with
 * their exact figure. Without libxlsxwriter every entry point says so.
 * SPDX-License-Identifier: MIT
 */
#include "config.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal/table.h"

#ifdef HAVE_XLSXWRITER
#include <xlsxwriter.h>

int ds_tables_xlsx_supported(void)
{
	return 1;
}

/* Display width of UTF-8 text in Excel's character units: CJK counts two. */
static double text_width(const char *s)
{
	double width = 0;
	size_t n = strlen(s), i = 0, step;
	unsigned int cp;

	while (i < n) {
		if (!(step = ds__utf8_decode(s + i, n - i, &cp)))
			step = 1, cp = '?';
		width += cp >= 0x1100 ? 2.1 : 1.1;
		i += step;
	}
	return width;
}

/* The exact fen become a double only here: the nearest double to fen/100 is
 * written, after checking that it reads back, rounded to two decimals, as the
 * same fen (true for every |fen| below 2^53; the check makes it a guarantee). */
static int fen_double(double *out, int64_t fen, const ds__table *t, size_t row)
{
	double d = (double)fen / 100.0;

	if (fen > (INT64_C(1) << 53) || fen < -(INT64_C(1) << 53) || llround(d * 100.0) != fen)
		return ds__error_at(DS_ERANGE, (int)row + 1, 0, t->name,
				    "table %s, row %zu: the amount is too large for a spreadsheet number to the fen",
				    t->name, row + 1);
	*out = d;
	return DS_OK;
}

/* An exact decimal's text as a double, checked to print back as the same
 * digits at its own scale. */
static int decimal_double(double *out, const char *text, const ds__table *t, size_t row)
{
	const char *point = strchr(text, '.');
	int scale = point ? (int)strlen(point + 1) : 0;
	char back[64];
	double d = strtod(text, NULL);

	snprintf(back, sizeof back, "%.*f", scale, d);
	if (strcmp(back, text) && !(text[0] == '-' && !strcmp(back, text + 1) && d == 0))
		return ds__error_at(DS_ERANGE, (int)row + 1, 0, t->name,
				    "table %s, row %zu: %s cannot be written as a spreadsheet number", t->name, row + 1,
				    text);
	*out = d;
	return DS_OK;
}

typedef struct formats {
	lxw_format *title, *header, *text[4], *bold_text, *money, *bold_money, *count, *number;
} formats;

static void make_formats(formats *f, lxw_workbook *wb)
{
	unsigned int i;

	f->title = workbook_add_format(wb);
	format_set_bold(f->title);
	format_set_font_size(f->title, 14);
	format_set_align(f->title, LXW_ALIGN_CENTER);
	f->header = workbook_add_format(wb);
	format_set_bold(f->header);
	format_set_align(f->header, LXW_ALIGN_CENTER);
	format_set_align(f->header, LXW_ALIGN_VERTICAL_CENTER);
	format_set_text_wrap(f->header);
	format_set_border(f->header, LXW_BORDER_THIN);
	for (i = 0; i < 4; i++) {
		f->text[i] = workbook_add_format(wb);
		format_set_border(f->text[i], LXW_BORDER_THIN);
		format_set_indent(f->text[i], (uint8_t)(2 * i));
		format_set_num_format(f->text[i], "@");
	}
	f->bold_text = workbook_add_format(wb);
	format_set_bold(f->bold_text);
	format_set_border(f->bold_text, LXW_BORDER_THIN);
	format_set_num_format(f->bold_text, "@");
	f->money = workbook_add_format(wb);
	format_set_num_format(f->money, "#,##0.00");
	format_set_border(f->money, LXW_BORDER_THIN);
	f->bold_money = workbook_add_format(wb);
	format_set_num_format(f->bold_money, "#,##0.00");
	format_set_bold(f->bold_money);
	format_set_border(f->bold_money, LXW_BORDER_THIN);
	f->count = workbook_add_format(wb);
	format_set_num_format(f->count, "0");
	format_set_border(f->count, LXW_BORDER_THIN);
	f->number = workbook_add_format(wb);
	format_set_num_format(f->number, "General");
	format_set_border(f->number, LXW_BORDER_THIN);
}

static int write_sheet(lxw_workbook *wb, const formats *f, const ds__table *t)
{
	lxw_worksheet *ws = workbook_add_worksheet(wb, t->name);
	double *widths = NULL;
	size_t header_rows = t->group_count ? 2 : 1, first = 1 + header_rows, row, col, g;
	int rc = DS_OK;

	if (!ws)
		return ds__error(DS_EINVAL, "table %s: not a valid sheet name", t->name);
	if (!(widths = ds__calloc(t->ncols, sizeof *widths)))
		return ds__enomem();
	if (t->ncols > 1)
		worksheet_merge_range(ws, 0, 0, 0, (lxw_col_t)(t->ncols - 1), t->title, f->title);
	else
		worksheet_write_string(ws, 0, 0, t->title, f->title);
	/* Headers: a group spans its columns on the first header row; a column in
	 * no group has its name merged down both header rows. */
	for (col = 0; col < t->ncols; col++) {
		const char *name = t->columns[col] ? t->columns[col] : "";
		int grouped = 0;
		for (g = 0; g < t->group_count; g++)
			if (col >= t->groups[g].first && col <= t->groups[g].last)
				grouped = 1;
		if (header_rows == 2 && !grouped)
			worksheet_merge_range(ws, 1, (lxw_col_t)col, 2, (lxw_col_t)col, name, f->header);
		else
			worksheet_write_string(ws, (lxw_row_t)header_rows, (lxw_col_t)col, name, f->header);
		widths[col] = text_width(name) / (header_rows == 2 && grouped ? 1.0 : 1.0);
	}
	for (g = 0; g < t->group_count; g++) {
		if (t->groups[g].first == t->groups[g].last)
			worksheet_write_string(ws, 1, (lxw_col_t)t->groups[g].first, t->groups[g].text, f->header);
		else
			worksheet_merge_range(ws, 1, (lxw_col_t)t->groups[g].first, 1, (lxw_col_t)t->groups[g].last,
					      t->groups[g].text, f->header);
	}
	for (row = 0; row < t->nrows && rc == DS_OK; row++) {
		lxw_row_t r = (lxw_row_t)(first + row);
		int bold = t->row_bold[row];
		if (t->row_span[row] && t->ncols > 1) {
			const ds__cell *c = &t->cells[row * t->ncols];
			worksheet_merge_range(ws, r, 0, r, (lxw_col_t)(t->ncols - 1),
					      c->kind == DS__CELL_TEXT ? c->text : "", f->bold_text);
			continue;
		}
		for (col = 0; col < t->ncols && rc == DS_OK; col++) {
			const ds__cell *c = &t->cells[row * t->ncols + col];
			double d = 0, w = 0;
			char formula[64], from[16], to[16];
			switch (c->kind) {
			case DS__CELL_EMPTY:
				worksheet_write_blank(ws, r, (lxw_col_t)col,
						      t->is_numeric[col] ? (bold ? f->bold_money : f->money) :
									   f->text[0]);
				break;
			case DS__CELL_TEXT:
				worksheet_write_string(ws, r, (lxw_col_t)col, c->text,
						       bold ? f->bold_text : f->text[c->indent > 3 ? 3 : c->indent]);
				w = text_width(c->text) + 2.0 * c->indent;
				break;
			case DS__CELL_AMOUNT:
				if ((rc = fen_double(&d, c->value, t, row)) == DS_OK)
					worksheet_write_number(ws, r, (lxw_col_t)col, d,
							       bold ? f->bold_money : f->money);
				w = 4 + 1.4 * log10(fabs(d) + 1);
				break;
			case DS__CELL_SUM:
				if ((rc = fen_double(&d, c->value, t, row)) < 0)
					break;
				ds__table_ref(from, first + c->r0, c->c0);
				ds__table_ref(to, first + c->r1, c->c1);
				snprintf(formula, sizeof formula, "=SUM(%s:%s)", from, to);
				worksheet_write_formula_num(ws, r, (lxw_col_t)col, formula,
							    bold ? f->bold_money : f->money, d);
				w = 4 + 1.4 * log10(fabs(d) + 1);
				break;
			case DS__CELL_COUNT:
				worksheet_write_number(ws, r, (lxw_col_t)col, (double)c->value, f->count);
				w = 6;
				break;
			case DS__CELL_NUMBER:
				if ((rc = decimal_double(&d, c->text, t, row)) == DS_OK)
					worksheet_write_number(ws, r, (lxw_col_t)col, d, f->number);
				w = text_width(c->text);
				break;
			}
			if (w > widths[col])
				widths[col] = w;
		}
	}
	for (col = 0; col < t->ncols; col++)
		worksheet_set_column(ws, (lxw_col_t)col, (lxw_col_t)col,
				     widths[col] + 2 > 60 ? 60 :
				     widths[col] + 2 < 8  ? 8 :
							    widths[col] + 2,
				     NULL);
	worksheet_freeze_panes(ws, (lxw_row_t)first, 0);
	ds__free(widths);
	return rc;
}

int ds_tables_save_xlsx(const ds_tables *ts, const char *path)
{
	lxw_workbook *wb;
	lxw_error err;
	formats f;
	char *partial = NULL;
	size_t i;
	int rc = DS_OK;

	if (!ts || !path)
		return ds__error(DS_EINVAL, "ds_tables_save_xlsx: NULL argument");
	if (!ts->count)
		return ds__error(DS_EINVAL, "ds_tables_save_xlsx: no tables to write");
	/* The workbook is written beside @path and renamed over it only when
	 * whole: a failure leaves an existing file as it was. */
	if (!(partial = ds__malloc(strlen(path) + sizeof ".partial")))
		return ds__enomem();
	sprintf(partial, "%s.partial", path);
	/* libxlsxwriter reports a file it cannot create on stderr; the library
	 * never prints, so the file is tried here first. */
	{
		FILE *probe = fopen(partial, "wb");
		if (!probe) {
			rc = ds__error_at(DS_EIO, 0, 0, "path", "%s: cannot write the workbook (%s)", path,
					  strerror(errno));
			goto done;
		}
		fclose(probe);
	}
	if (!(wb = workbook_new(partial))) {
		rc = ds__error(DS_EIO, "%s: cannot start a workbook", path);
		goto done;
	}
	make_formats(&f, wb);
	for (i = 0; i < ts->count && rc == DS_OK; i++)
		rc = write_sheet(wb, &f, ts->items[i]);
	err = workbook_close(wb);
	if (rc == DS_OK && err != LXW_NO_ERROR) {
		rc = ds__error_at(DS_EIO, 0, 0, "path", "%s: cannot write the workbook (%s)", path, lxw_strerror(err));
		ds__error_cause("libxlsxwriter", (long)err);
	}
	if (rc == DS_OK && rename(partial, path) != 0)
		rc = ds__error_at(DS_EIO, 0, 0, "path", "%s: cannot write the workbook", path);
	if (rc < 0)
		remove(partial);
done:
	ds__free(partial);
	return rc;
}

#else

int ds_tables_xlsx_supported(void)
{
	return 0;
}

int ds_tables_save_xlsx(const ds_tables *ts, const char *path)
{
	if (!ts || !path)
		return ds__error(DS_EINVAL, "ds_tables_save_xlsx: NULL argument");
	return ds__error(DS_EUNSUPPORTED, "xlsx: built without libxlsxwriter (configure --with-xlsxwriter)");
}

#endif
