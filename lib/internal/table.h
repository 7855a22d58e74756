/*
 * The table model shared by the CSV and the xlsx writers (lib/core/table.c,
 * lib/core/table_xlsx.c). Modules build their tables here (ledger, valuation,
 * policy); the writers only lay them out, so a CSV file and a sheet of one
 * result hold the same figures.
 * SPDX-License-Identifier: MIT
 */
#ifndef DS_INTERNAL_TABLE_H
#define DS_INTERNAL_TABLE_H

#include <stdint.h>

#include "datasset/table.h"
#include "internal/core.h"

typedef enum ds__cell_kind {
	DS__CELL_EMPTY = 0,
	DS__CELL_TEXT,	 /* text; @indent levels of indentation in xlsx */
	DS__CELL_AMOUNT, /* money in fen: CSV "1234.50", xlsx a number in #,##0.00 */
	DS__CELL_COUNT,	 /* an integer: months, items */
	DS__CELL_NUMBER, /* an exact decimal given as text ("0.085"): CSV as it is, xlsx a number */
	DS__CELL_SUM	 /* an amount that is the sum of a range: xlsx =SUM(range) cached as the figure */
} ds__cell_kind;

typedef struct ds__cell {
	ds__cell_kind kind;
	char *text;	       /* TEXT, NUMBER */
	int64_t value;	       /* AMOUNT, SUM (fen), COUNT */
	unsigned int indent;   /* TEXT */
	size_t r0, c0, r1, c1; /* SUM: the body rows and columns summed, inclusive */
} ds__cell;

typedef struct ds__table_grouping {
	size_t first, last; /* columns spanned by a merged header above the column names */
	char *text;
} ds__table_grouping;

typedef struct ds__table {
	char *name, *title;
	size_t ncols;
	char **columns;		   /* [ncols] column names: the CSV header row */
	unsigned char *is_numeric; /* [ncols] */
	ds__table_grouping *groups;
	size_t group_count;
	ds__cell *cells; /* [nrows * ncols] body rows */
	unsigned char *row_bold, *row_span;
	size_t nrows, cap;
	int oom;
} ds__table;

struct ds_tables {
	ds__table **items;
	size_t count, cap;
	int oom;
};

/* A new, empty list (NULL on OOM, error set). */
ds_tables *ds__tables_new(void);
/* Add a table of @ncols columns; NULL on OOM (error set). */
ds__table *ds__tables_add(ds_tables *ts, const char *name, const char *title, size_t ncols);
/* Column @col's name and whether it holds figures. */
void ds__table_column(ds__table *t, size_t col, const char *name, int numeric);
/* A merged header over columns @first..@last (xlsx; CSV has the column names only). */
void ds__table_header(ds__table *t, size_t first, size_t last, const char *text);
/* Append an empty body row; returns its index. */
size_t ds__table_row(ds__table *t);
/* Mark row @row bold (totals), or as a heading whose first cell spans the row in xlsx. */
void ds__table_bold(ds__table *t, size_t row);
void ds__table_span(ds__table *t, size_t row);
void ds__table_text(ds__table *t, size_t row, size_t col, const char *text, unsigned int indent);
void ds__table_amount(ds__table *t, size_t row, size_t col, int64_t fen);
void ds__table_count(ds__table *t, size_t row, size_t col, int64_t n);
void ds__table_number(ds__table *t, size_t row, size_t col, const char *decimal);
/* An exact decimal @plain ("-1234.5"): a number when a spreadsheet keeps it
 * exactly (at most 15 significant digits), else text. */
void ds__table_decimal(ds__table *t, size_t row, size_t col, const char *plain);
/* An amount @fen that is the sum of body cells rows @r0..@r1, columns @c0..@c1. */
void ds__table_sum(ds__table *t, size_t row, size_t col, int64_t fen, size_t r0, size_t c0, size_t r1, size_t c1);
/* Finish: DS_ENOMEM when a step failed; DS_EINTERNAL when a sum is not the sum of
 * its range (a builder's bug: the writers would then disagree with the figure).
 * On success *out receives @ts; on failure @ts is freed. */
int ds__tables_finish(ds_tables **out, ds_tables *ts);

/* Sheet cell reference ("B7") of 0-based @row, @col. */
void ds__table_ref(char *out, size_t row, size_t col);

#endif
