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

/* Check every identity of a disclosure table (DS_EINTERNAL naming the one that fails). */
int ds__ledger_verify_table(int64_t (*t)[DS_LEDGER_COL_COUNT], int table, int rows, int carrying_closing,
			    int carrying_opening);

#endif
