/*
 * Tabular output shared by the commands that have tables (ledger, value,
 * policy): --format csv|xlsx, --out FILE, --no-bom, --bom (accepted, the
 * default), --encoding utf-8|gbk, --table N|NAME, --excel-text no.
 * SPDX-License-Identifier: MIT
 */
#ifndef DATASSET_CLI_TABLES_H
#define DATASSET_CLI_TABLES_H

#include <datasset/datasset.h>

#include "cli.h"

/* Option ids, above every command's own. */
enum { CLI_T_OUT = 200, CLI_T_BOM, CLI_T_NO_BOM, CLI_T_ENCODING, CLI_T_TABLE, CLI_T_EXCEL_TEXT };

#define CLI_TABLE_OPTIONS                                                                \
	{ "out", 1, CLI_T_OUT }, { "bom", 0, CLI_T_BOM }, { "no-bom", 0, CLI_T_NO_BOM }, \
		{ "encoding", 1, CLI_T_ENCODING }, { "table", 1, CLI_T_TABLE },          \
	{                                                                                \
		"excel-text", 1, CLI_T_EXCEL_TEXT                                        \
	}

/* The help lines of those options. */
#define CLI_TABLE_HELP                                                                                            \
	N_("  --format csv             one table as CSV (UTF-8 with a byte order mark, text Excel would\n"        \
	   "                           turn into a number or a date written as =\"text\"; docs/tables.md)\n"      \
	   "  --format xlsx --out FILE an Excel workbook, one sheet per table (needs libxlsxwriter)\n"            \
	   "  --out FILE               write to FILE; CSV of several tables: one file per table, FILE's\n"        \
	   "                           name with -NAME before its extension (out.csv: out-表1.csv, ...)\n"       \
	   "  --table N|NAME           CSV of that table only (1-based number or name)\n"                         \
	   "  --no-bom                 CSV without the byte order mark (for machines; --bom, the\n"               \
	   "                           default, is still accepted)\n"                                             \
	   "  --encoding utf-8|gbk     CSV in GBK for 用友/金蝶 imports (a character GBK lacks is refused)\n" \
	   "  --excel-text yes|no      no: write every text cell as it is (default yes)\n")

typedef struct cli_table_opts {
	const char *out, *table, *encoding;
	int no_bom, excel_text, bom_given;
} cli_table_opts;

void cli_table_opts_init(cli_table_opts *o);

/* Handle option @opt if it is one of CLI_TABLE_OPTIONS: 1 handled, 0 not one of
 * them, or CLI_EXIT_USAGE after reporting a bad value. */
int cli_table_option(const char *command, cli_table_opts *o, int opt, const char *value);

/* 1 when an option only tables take was given (for "needs --format csv or xlsx"). */
int cli_table_opts_given(const cli_table_opts *o);

/* Write @tables as CSV (@xlsx 0) or a workbook (@xlsx 1) as @o says; frees
 * nothing. Returns a CLI exit status. */
int cli_tables_emit(const char *command, const ds_tables *tables, int xlsx, const cli_table_opts *o);

#endif
