/*
 * The representation of a period report, shared by report.c (computation)
 * and write.c (text, CSV, XML). Never installed.
 * SPDX-License-Identifier: MIT
 */
#ifndef DS_LEDGER_REPORT_H
#define DS_LEDGER_REPORT_H

#include "ledger_internal.h"

typedef struct ds__ledger_report_line {
	size_t asset; /* index into ids */
	ds_ledger_schedule_line line;
} ds__ledger_report_line;

struct ds_ledger_report {
	int start, end; /* month indexes, both included */
	int64_t table1[DS_LEDGER_R1_COUNT][DS_LEDGER_COL_COUNT];
	int64_t table2[DS_LEDGER_R2_COUNT][DS_LEDGER_COL_COUNT];
	ds_ledger_figures figures;
	ledger_account_name accounts[DS_LEDGER_ACC_COUNT];
	char **ids;
	size_t id_count;
	ds_ledger_entry *entries;
	size_t entry_count;
	ds_ledger_posting *postings;
	size_t posting_count, posting_cap;
	ds_ledger_asset_figures *assets; /* per asset at period end (id/name/restricted borrowed from names) */
	char **names, **restrictions;	 /* copies, per asset (NULL when none) */
	ds__ledger_report_line *lines;	 /* amortisation lines in the period */
	size_t line_count, line_cap;
	ds_ledger_trial_line *trial; /* 科目汇总表 (trial.c); code and name borrowed from accounts */
	size_t trial_count;
	int64_t trial_total; /* Σ debits = Σ credits */
};

/* Sum the entries by account into r->trial, checking that they balance (trial.c). */
int ds__ledger_trial_build(ds_ledger_report *r);
/* The 科目汇总表 as text, CSV or XML (format and flags already checked). */
int ds__ledger_trial_write(char **out, const ds_ledger_report *r, ds_ledger_format format, unsigned int flags);

/* The labels of the disclosure tables, their figures and listed items
 * (write.c), shared by the text/CSV/XML writers and the tables (tables.c). */
typedef struct ds__ledger_label {
	const char *section; /* printed on its own line before the row in text, or NULL */
	const char *label;   /* leading spaces: a 其中 row */
	const char *key;     /* the row's name in XML */
} ds__ledger_label;
extern const ds__ledger_label ds__ledger_table1_rows[DS_LEDGER_R1_COUNT];
extern const ds__ledger_label ds__ledger_table2_rows[DS_LEDGER_R2_COUNT];
extern const char *const ds__ledger_table1_columns[DS_LEDGER_COL_COUNT];
extern const char *const ds__ledger_table2_columns[DS_LEDGER_COL_COUNT];

typedef struct ds__ledger_figure {
	const char *label, *key;
	int64_t value;
	int count; /* 1: a count, not an amount */
} ds__ledger_figure;
/* The balance-sheet lines (@balance) or the other disclosures, into @f (10 slots). */
size_t ds__ledger_figures_of(ds__ledger_figure *f, const ds_ledger_report *r, int balance);

#define DS__LEDGER_ITEM_KINDS 3
typedef struct ds__ledger_item_kind {
	const char *title, *key;
} ds__ledger_item_kind;
extern const ds__ledger_item_kind ds__ledger_item_kinds[DS__LEDGER_ITEM_KINDS];
/* 1 when asset @x is listed under item kind @kind. */
int ds__ledger_item_listed(const ds_ledger_asset_figures *x, size_t kind);

/* Check every identity of a disclosure table (DS_EINTERNAL naming the one that fails). */
int ds__ledger_verify_table(int64_t (*t)[DS_LEDGER_COL_COUNT], int table, int rows, int carrying_closing,
			    int carrying_opening);

#endif
