/*
 * The table model (lib/internal/table.h) and its CSV writer: one table per
 * file, RFC 4180 with CRLF rows, a UTF-8 byte order mark by default, GBK on
 * request through ICU, and text Excel would reinterpret written as ="text".
 * SPDX-License-Identifier: MIT
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include <unicode/ucnv.h>

#include "internal/table.h"
#include "internal/xml.h"

/* ---------------------------------------------------------------- the model */

static void table_free(ds__table *t)
{
	size_t i;

	if (!t)
		return;
	for (i = 0; i < t->nrows * t->ncols; i++)
		ds__free(t->cells[i].text);
	for (i = 0; i < t->ncols; i++)
		ds__free(t->columns[i]);
	for (i = 0; i < t->group_count; i++)
		ds__free(t->groups[i].text);
	ds__free(t->groups);
	ds__free(t->columns);
	ds__free(t->is_numeric);
	ds__free(t->cells);
	ds__free(t->row_bold);
	ds__free(t->row_span);
	ds__free(t->name);
	ds__free(t->title);
	ds__free(t);
}

void ds_tables_free(ds_tables *ts)
{
	size_t i;

	if (!ts)
		return;
	for (i = 0; i < ts->count; i++)
		table_free(ts->items[i]);
	ds__free(ts->items);
	ds__free(ts);
}

ds_tables *ds__tables_new(void)
{
	ds_tables *ts = ds__calloc(1, sizeof *ts);

	if (!ts)
		ds__enomem();
	return ts;
}

ds__table *ds__tables_add(ds_tables *ts, const char *name, const char *title, size_t ncols)
{
	ds__table *t = NULL;

	if (ts->count == ts->cap) {
		size_t cap = ts->cap ? 2 * ts->cap : 4;
		ds__table **items = ds__realloc(ts->items, cap * sizeof *items);
		if (!items)
			goto oom;
		ts->items = items;
		ts->cap = cap;
	}
	if (!(t = ds__calloc(1, sizeof *t)) || !(t->name = ds__strdup(name)) || !(t->title = ds__strdup(title)) ||
	    !(t->columns = ds__calloc(ncols, sizeof *t->columns)) || !(t->is_numeric = ds__calloc(ncols, 1)))
		goto oom;
	t->ncols = ncols;
	ts->items[ts->count++] = t;
	return t;
oom:
	table_free(t);
	ts->oom = 1;
	ds__enomem();
	return NULL;
}

void ds__table_column(ds__table *t, size_t col, const char *name, int numeric)
{
	ds__free(t->columns[col]);
	if (!(t->columns[col] = ds__strdup(name)))
		t->oom = 1;
	t->is_numeric[col] = numeric != 0;
}

void ds__table_header(ds__table *t, size_t first, size_t last, const char *text)
{
	ds__table_grouping *g = ds__realloc(t->groups, (t->group_count + 1) * sizeof *g);

	if (!g) {
		t->oom = 1;
		return;
	}
	t->groups = g;
	g += t->group_count;
	g->first = first;
	g->last = last;
	if (!(g->text = ds__strdup(text))) {
		t->oom = 1;
		return;
	}
	t->group_count++;
}

size_t ds__table_row(ds__table *t)
{
	if (t->oom)
		return 0;
	if (t->nrows == t->cap) {
		size_t cap = t->cap ? 2 * t->cap : 16;
		ds__cell *cells = ds__realloc(t->cells, cap * t->ncols * sizeof *cells);
		unsigned char *bold, *span;
		if (cells)
			t->cells = cells;
		bold = cells ? ds__realloc(t->row_bold, cap) : NULL;
		if (bold)
			t->row_bold = bold;
		span = bold ? ds__realloc(t->row_span, cap) : NULL;
		if (!span) {
			t->oom = 1;
			return 0;
		}
		t->row_span = span;
		t->cap = cap;
	}
	memset(&t->cells[t->nrows * t->ncols], 0, t->ncols * sizeof *t->cells);
	t->row_bold[t->nrows] = 0;
	t->row_span[t->nrows] = 0;
	return t->nrows++;
}

static ds__cell *cell_at(ds__table *t, size_t row, size_t col)
{
	ds__cell *c;

	if (t->oom || row >= t->nrows || col >= t->ncols)
		return NULL;
	c = &t->cells[row * t->ncols + col];
	ds__free(c->text);
	memset(c, 0, sizeof *c);
	return c;
}

void ds__table_bold(ds__table *t, size_t row)
{
	if (!t->oom && row < t->nrows)
		t->row_bold[row] = 1;
}

void ds__table_span(ds__table *t, size_t row)
{
	if (!t->oom && row < t->nrows)
		t->row_span[row] = 1;
}

void ds__table_text(ds__table *t, size_t row, size_t col, const char *text, unsigned int indent)
{
	ds__cell *c = cell_at(t, row, col);

	if (!c || !text)
		return;
	c->kind = DS__CELL_TEXT;
	c->indent = indent;
	if (!(c->text = ds__strdup(text))) {
		c->kind = DS__CELL_EMPTY;
		t->oom = 1;
	}
}

void ds__table_amount(ds__table *t, size_t row, size_t col, int64_t fen)
{
	ds__cell *c = cell_at(t, row, col);

	if (c)
		c->kind = DS__CELL_AMOUNT, c->value = fen;
}

void ds__table_count(ds__table *t, size_t row, size_t col, int64_t n)
{
	ds__cell *c = cell_at(t, row, col);

	if (c)
		c->kind = DS__CELL_COUNT, c->value = n;
}

void ds__table_number(ds__table *t, size_t row, size_t col, const char *decimal)
{
	ds__cell *c = cell_at(t, row, col);

	if (!c || !decimal)
		return;
	c->kind = DS__CELL_NUMBER;
	if (!(c->text = ds__strdup(decimal))) {
		c->kind = DS__CELL_EMPTY;
		t->oom = 1;
	}
}

void ds__table_decimal(ds__table *t, size_t row, size_t col, const char *plain)
{
	const char *p = plain;
	size_t digits = 0, leading = 1;
	int ok = 1;

	if (*p == '-')
		p++;
	if (!*p)
		ok = 0;
	for (; *p && ok; p++) {
		if (*p >= '0' && *p <= '9') {
			if (*p != '0')
				leading = 0;
			if (!leading)
				digits++;
		} else if (*p != '.' || strchr(p + 1, '.'))
			ok = 0;
	}
	if (ok && digits <= 15)
		ds__table_number(t, row, col, plain);
	else
		ds__table_text(t, row, col, plain, 0);
}

void ds__table_sum(ds__table *t, size_t row, size_t col, int64_t fen, size_t r0, size_t c0, size_t r1, size_t c1)
{
	ds__cell *c = cell_at(t, row, col);

	if (!c)
		return;
	c->kind = DS__CELL_SUM;
	c->value = fen;
	c->r0 = r0, c->c0 = c0, c->r1 = r1, c->c1 = c1;
}

/* A sum must be the sum of the amounts in its range: the xlsx formula
 * recomputes it, the CSV file carries the figure, and the two must agree. */
static int check_sums(const ds__table *t)
{
	size_t i, r, c;

	for (i = 0; i < t->nrows * t->ncols; i++) {
		const ds__cell *s = &t->cells[i];
		int64_t total = 0;
		if (s->kind != DS__CELL_SUM)
			continue;
		if (s->r1 >= t->nrows || s->c1 >= t->ncols || s->r0 > s->r1 || s->c0 > s->c1)
			return ds__error(DS_EINTERNAL, "table %s: a total's range is outside the table", t->name);
		for (r = s->r0; r <= s->r1; r++)
			for (c = s->c0; c <= s->c1; c++) {
				const ds__cell *x = &t->cells[r * t->ncols + c];
				if (x == s)
					return ds__error(DS_EINTERNAL, "table %s: a total sums itself", t->name);
				if (x->kind == DS__CELL_AMOUNT || x->kind == DS__CELL_SUM)
					total += x->value;
			}
		if (total != s->value)
			return ds__error(DS_EINTERNAL, "table %s, row %zu: a total is not the sum of its range",
					 t->name, i / t->ncols + 1);
	}
	return DS_OK;
}

int ds__tables_finish(ds_tables **out, ds_tables *ts)
{
	size_t i;
	int rc = DS_OK;

	if (!ts)
		return ds__enomem();
	if (ts->oom)
		rc = ds__enomem();
	for (i = 0; rc == DS_OK && i < ts->count; i++)
		rc = ts->items[i]->oom ? ds__enomem() : check_sums(ts->items[i]);
	if (rc < 0) {
		ds_tables_free(ts);
		return rc;
	}
	*out = ts;
	return DS_OK;
}

void ds__table_ref(char *out, size_t row, size_t col)
{
	char letters[8];
	size_t n = 0, i;

	col++;
	while (col && n < sizeof letters) {
		letters[n++] = (char)('A' + (col - 1) % 26);
		col = (col - 1) / 26;
	}
	for (i = 0; i < n; i++)
		out[i] = letters[n - 1 - i];
	sprintf(out + n, "%zu", row + 1);
}

/* ---------------------------------------------------------------- the list */

size_t ds_tables_count(const ds_tables *ts)
{
	return ts ? ts->count : 0;
}

int ds_tables_at(const char **name, const char **title, const ds_tables *ts, size_t index)
{
	if (!ts)
		return ds__error(DS_EINVAL, "ds_tables_at: NULL tables");
	if (index >= ts->count)
		return ds__error_at(DS_ERANGE, 0, 0, "index", "ds_tables_at: index %zu, but there are %zu tables",
				    index, ts->count);
	if (name)
		*name = ts->items[index]->name;
	if (title)
		*title = ts->items[index]->title;
	return DS_OK;
}

int ds_tables_find(size_t *index, const ds_tables *ts, const char *name)
{
	ds__buf names = DS__BUF_INIT;
	size_t i;
	int rc;

	if (!index || !ts || !name)
		return ds__error(DS_EINVAL, "ds_tables_find: NULL argument");
	for (i = 0; i < ts->count; i++)
		if (!strcmp(ts->items[i]->name, name)) {
			*index = i;
			return DS_OK;
		}
	for (i = 0; i < ts->count; i++)
		ds__buf_printf(&names, "%s%s", i ? ", " : "", ts->items[i]->name);
	rc = ds__error_at(DS_ENOTFOUND, 0, 0, "table", "no table named '%s' (the tables: %s)", name,
			  names.data ? names.data : "none");
	ds__buf_dispose(&names);
	return rc;
}

int ds_csv_options_init(ds_csv_options *opts)
{
	static const ds_csv_options defaults = DS_CSV_OPTIONS_INIT;

	if (!opts)
		return ds__error(DS_EINVAL, "ds_csv_options_init: NULL options");
	*opts = defaults;
	return DS_OK;
}

/* ---------------------------------------------------------------- CSV */

/* Excel, opening a CSV file, turns text that looks like a number, a date or a
 * formula into one: "(1)" becomes -1 (accounting negatives), "2024-01" the
 * date Jan-24, "0101" loses its zero, an 18-digit code its last digits, "1.50"
 * becomes 1.5, "=..." is evaluated. Such a cell is written ="text", which
 * Excel evaluates to the text itself and keeps (docs/tables.md gives the
 * sources: Microsoft's support article on numbers in CSV files changed by
 * Excel, and OWASP's "CSV Injection" for cells starting with = + - @). A
 * string of digits alone (an account code, a count) keeps its value as a
 * number and is written as it is, unless it starts with 0 or is longer than
 * Excel's 15 significant digits. Text holding a letter or a Chinese character
 * other than 年月日 is never converted, so it is written as it is. */
static int excel_would_convert(const char *s)
{
	const char *p;
	size_t digits = 0;
	int other = 0;

	if (!*s)
		return 0;
	if (strchr("=+-@\t\r", *s))
		return 1;
	for (p = s; *p; p++) {
		if (*p >= '0' && *p <= '9')
			digits++;
		else if (strchr(".,()/:%$ -+", *p))
			other = 1;
		else if (!strncmp(p, "年", 3) || !strncmp(p, "月", 3) || !strncmp(p, "日", 3))
			p += 2, other = 1;
		else if ((*p == 'e' || *p == 'E') && p != s)
			other = 1;
		else
			return 0;
	}
	if (!digits)
		return 0;
	return other || (s[0] == '0' && digits > 1) || digits > 15;
}

/* ASCII case-insensitive equality (encoding names). */
static int same_name(const char *a, const char *b)
{
	for (; *a && *b; a++, b++) {
		char x = *a >= 'A' && *a <= 'Z' ? (char)(*a + 32) : *a,
		     y = *b >= 'A' && *b <= 'Z' ? (char)(*b + 32) : *b;
		if (x != y)
			return 0;
	}
	return *a == *b;
}

typedef struct csv_writer {
	ds__buf b;
	UConverter *gbk; /* NULL for UTF-8 */
	int excel_text;
	const ds__table *t;
} csv_writer;

/* Append @text converted to GBK, refusing a character GBK lacks. @line is the
 * file line (the header is line 1), @col the 0-based column. */
static int put_gbk(csv_writer *w, const char *text, size_t line, size_t col)
{
	size_t n = strlen(text), i = 0, step;
	unsigned int cp;

	while (i < n) {
		UChar u[2];
		char bytes[8];
		int32_t len, ulen = 0;
		UErrorCode status = U_ZERO_ERROR;
		step = ds__utf8_decode(text + i, n - i, &cp);
		if (!step)
			return ds__error_at(DS_EINVAL, (int)line, (int)col + 1, w->t->columns[col],
					    "line %zu, column %zu (%s): invalid UTF-8", line, col + 1,
					    w->t->columns[col]);
		if (cp < 0x80) {
			ds__buf_putc(&w->b, (char)cp);
			i += step;
			continue;
		}
		U16_APPEND_UNSAFE(u, ulen, cp);
		ucnv_resetFromUnicode(w->gbk);
		len = ucnv_fromUChars(w->gbk, bytes, (int32_t)sizeof bytes, u, ulen, &status);
		if (U_FAILURE(status) || len <= 0) {
			if (line == 1)
				return ds__error_at(DS_EINVAL, (int)line, (int)col + 1, w->t->columns[col],
						    "line 1 (the header), column %zu: '%.*s' (U+%04X) has no GBK code; "
						    "write UTF-8 instead",
						    col + 1, (int)step, text + i, cp);
			return ds__error_at(DS_EINVAL, (int)line, (int)col + 1, w->t->columns[col],
					    "line %zu (row %zu), column %zu (%s): '%.*s' (U+%04X) has no GBK code; "
					    "write UTF-8 instead",
					    line, line - 1, col + 1, w->t->columns[col], (int)step, text + i, cp);
		}
		ds__buf_put(&w->b, bytes, (size_t)len);
		i += step;
	}
	return DS_OK;
}

static int put_text(csv_writer *w, const char *text, size_t line, size_t col)
{
	return w->gbk ? put_gbk(w, text, line, col) : ds__buf_puts(&w->b, text) < 0 ? ds__enomem() : DS_OK;
}

/* One RFC 4180 field; @guard writes ="text" (text of digits and punctuation only). */
static int csv_field(csv_writer *w, const char *value, size_t line, size_t col, int guard)
{
	const char *p;
	int rc = DS_OK;

	if (col)
		ds__buf_putc(&w->b, ',');
	if (guard) {
		ds__buf_puts(&w->b, "\"=\"\"");
		for (p = value; *p && rc == DS_OK; p++) {
			char one[2] = { *p, 0 };
			rc = put_text(w, *p == '"' ? "\"\"\"\"" : one, line, col);
		}
		ds__buf_puts(&w->b, "\"\"\"");
		return rc;
	}
	if (!value[strcspn(value, ",\"\r\n")])
		return put_text(w, value, line, col);
	ds__buf_putc(&w->b, '"');
	for (p = value; *p && rc == DS_OK; p++) {
		if (*p == '"')
			ds__buf_putc(&w->b, '"');
		if ((unsigned char)*p < 0x80)
			ds__buf_putc(&w->b, *p);
		else {
			const char *start = p;
			size_t len;
			char *piece;
			while (p[1] && (unsigned char)p[1] >= 0x80)
				p++;
			len = (size_t)(p - start) + 1;
			if (!(piece = ds__malloc(len + 1)))
				return ds__enomem();
			memcpy(piece, start, len);
			piece[len] = '\0';
			rc = put_text(w, piece, line, col);
			ds__free(piece);
		}
	}
	ds__buf_putc(&w->b, '"');
	return rc;
}

/* Plain decimal text of fen: "-1234.50". */
static void fen_plain(char *out, int64_t fen)
{
	uint64_t magnitude = fen < 0 ? (uint64_t)0 - (uint64_t)fen : (uint64_t)fen;

	sprintf(out, "%s%llu.%02llu", fen < 0 ? "-" : "", (unsigned long long)(magnitude / 100),
		(unsigned long long)(magnitude % 100));
}

int ds_tables_to_csv(char **out, const ds_tables *ts, size_t index, const ds_csv_options *opts)
{
	static const ds_csv_options defaults = DS_CSV_OPTIONS_INIT;
	csv_writer w = { DS__BUF_INIT, NULL, 1, NULL };
	const ds__table *t;
	size_t row, col;
	int rc = DS_OK;

	if (!out || !ts)
		return ds__error(DS_EINVAL, "ds_tables_to_csv: NULL argument");
	if (index >= ts->count)
		return ds__error_at(DS_ERANGE, 0, 0, "index", "ds_tables_to_csv: index %zu, but there are %zu tables",
				    index, ts->count);
	if (!opts)
		opts = &defaults;
	if (opts->version != DS_CSV_OPTIONS_VERSION)
		return ds__error_at(DS_EINVAL, 0, 0, "version", "ds_csv_options: version %u, expected %u",
				    opts->version, (unsigned int)DS_CSV_OPTIONS_VERSION);
	if (opts->encoding && !same_name(opts->encoding, "UTF-8") && !same_name(opts->encoding, "UTF8") &&
	    !same_name(opts->encoding, "GBK"))
		return ds__error_at(DS_EINVAL, 0, 0, "encoding", "encoding: '%s' is not UTF-8 or GBK", opts->encoding);
	t = ts->items[index];
	w.t = t;
	w.excel_text = opts->excel_text != 0;
	if (opts->encoding && same_name(opts->encoding, "GBK")) {
		UErrorCode status = U_ZERO_ERROR;
		if ((rc = ds__init()) < 0)
			return rc;
		w.gbk = ucnv_open("GBK", &status);
		if (U_FAILURE(status)) {
			ds__error(DS_EINTERNAL, "ICU could not open its GBK converter (%s)", u_errorName(status));
			ds__error_cause("ICU", (long)status);
			return DS_EINTERNAL;
		}
		ucnv_setFromUCallBack(w.gbk, UCNV_FROM_U_CALLBACK_STOP, NULL, NULL, NULL, &status);
	} else if (opts->bom)
		ds__buf_puts(&w.b, DS__CSV_BOM);
	for (col = 0; col < t->ncols && rc == DS_OK; col++)
		rc = csv_field(&w, t->columns[col] ? t->columns[col] : "", 1, col,
			       w.excel_text && t->columns[col] && excel_would_convert(t->columns[col]));
	ds__csv_end_row(&w.b);
	for (row = 0; row < t->nrows && rc == DS_OK; row++) {
		for (col = 0; col < t->ncols && rc == DS_OK; col++) {
			const ds__cell *c = &t->cells[row * t->ncols + col];
			char number[32];
			switch (c->kind) {
			case DS__CELL_TEXT:
				rc = csv_field(&w, c->text, row + 2, col, w.excel_text && excel_would_convert(c->text));
				break;
			case DS__CELL_AMOUNT:
			case DS__CELL_SUM:
				fen_plain(number, c->value);
				rc = csv_field(&w, number, row + 2, col, 0);
				break;
			case DS__CELL_COUNT:
				snprintf(number, sizeof number, "%lld", (long long)c->value);
				rc = csv_field(&w, number, row + 2, col, 0);
				break;
			case DS__CELL_NUMBER: rc = csv_field(&w, c->text, row + 2, col, 0); break;
			case DS__CELL_EMPTY: rc = csv_field(&w, "", row + 2, col, 0); break;
			}
		}
		ds__csv_end_row(&w.b);
	}
	if (w.gbk)
		ucnv_close(w.gbk);
	if (rc < 0) {
		ds__buf_dispose(&w.b);
		return rc;
	}
	return ds__buf_detach(out, &w.b);
}
