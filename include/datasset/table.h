/**
 * @file table.h
 * Tables for people's spreadsheets: CSV that opens right in Chinese Excel and
 * .xlsx workbooks (through libxlsxwriter, when the library was built with it).
 *
 * A ds_tables is a list of tables built from a result (a ledger report or
 * schedule, a valuation report, a subsidy award list: see
 * ds_ledger_report_tables(), ds_ledger_schedule_tables(),
 * ds_valuation_report_tables(), ds_awards_tables()). Both writers read the same
 * tables, so a CSV file and a workbook of one result cannot disagree: every
 * figure of a sheet is the figure of the CSV file of the same table.
 *
 * CSV (ds_tables_to_csv()) writes one table per file: RFC 4180, CRLF rows, a
 * header row of Chinese column names, and by default a UTF-8 byte order mark
 * (without it Chinese Excel reads UTF-8 as the ANSI code page, GBK, and shows
 * mojibake) and text cells Excel would turn into numbers or dates ("(1)",
 * "2024-01", "1001") written as ="(1)" so that Excel keeps them as text.
 * GBK output (用友/金蝶 imports) refuses a character GBK lacks, naming the row
 * and the column.
 *
 * Workbooks (ds_tables_save_xlsx()) have one sheet per table: a merged title,
 * merged group headers, 其中 rows indented, amounts as numbers in `#,##0.00`,
 * totals as SUM formulas whose cached value is the exact figure.
 *
 * Thread-safety: a ds_tables is immutable once built; several threads may
 * write the same tables at once.
 */
#ifndef DATASSET_TABLE_H
#define DATASSET_TABLE_H

#include "common.h"

#ifdef __cplusplus
extern "C" {
#endif

/** A list of tables. Opaque; free with ds_tables_free(). */
typedef struct ds_tables ds_tables;

/** Free @p tables (NULL is accepted). */
DS_EXTERN void ds_tables_free(ds_tables *tables);

/** The number of tables (0 for NULL). Indexes ds_tables_at(). */
DS_EXTERN size_t ds_tables_count(const ds_tables *tables);

/**
 * The name and the title of table @p index.
 * @param name  receives the table's short name (the sheet name, e.g. "表1"), or NULL;
 *              borrowed: valid until the tables are freed.
 * @param title receives the table's title (e.g. "(1) 确认为无形资产的数据资源"), or NULL;
 *              borrowed: valid until the tables are freed.
 * @return DS_OK; DS_ERANGE for @p index >= ds_tables_count() (the message names the
 *         index and the count; outputs unchanged); DS_EINVAL for NULL @p tables.
 */
DS_EXTERN int ds_tables_at(const char **name, const char **title, const ds_tables *tables, size_t index);

/**
 * Find a table by its name.
 * @param index receives the table's index; unchanged on failure.
 * @return DS_OK; DS_ENOTFOUND when no table has that name (the message lists the
 *         names); DS_EINVAL for NULL.
 */
DS_EXTERN int ds_tables_find(size_t *index, const ds_tables *tables, const char *name);

/** Options of ds_tables_to_csv(). Initialise with DS_CSV_OPTIONS_INIT or ds_csv_options_init(). */
typedef struct ds_csv_options {
	unsigned int version; /**< DS_CSV_OPTIONS_VERSION */
	int bom;	      /**< 1 (default): start UTF-8 output with a byte order mark, for Excel; 0 for machines */
	int excel_text;	      /**< 1 (default): write text Excel would reinterpret as ="text"; 0: as it is */
	const char *encoding; /**< NULL or "UTF-8" (default), or "GBK" (no byte order mark) */
} ds_csv_options;

/** The current layout of ::ds_csv_options: the value for its @c version field. */
#define DS_CSV_OPTIONS_VERSION 1
/** An initialiser for a ::ds_csv_options with the defaults (BOM, Excel text guards, UTF-8). */
#define DS_CSV_OPTIONS_INIT                        \
	{                                          \
		DS_CSV_OPTIONS_VERSION, 1, 1, NULL \
	}

/** Initialise @p opts to the defaults (BOM, Excel text guards, UTF-8). @return DS_OK or DS_EINVAL for NULL. */
DS_EXTERN int ds_csv_options_init(ds_csv_options *opts);

/**
 * Write table @p index as CSV (RFC 4180, CRLF rows, a header row).
 * @param out    receives a new string (UTF-8 or GBK bytes, NUL-terminated; GBK
 *               has no NUL byte); caller-owned; free with ds_free(). Unchanged on failure.
 * @param opts   NULL for the defaults.
 * @return DS_OK; DS_ERANGE for an index out of range; DS_EINVAL for NULL, an
 *         unknown option version or encoding, or a character the encoding lacks
 *         (the message and ds_error_last() name the file line, the row and the
 *         column); DS_ENOMEM.
 */
DS_EXTERN int ds_tables_to_csv(char **out, const ds_tables *tables, size_t index, const ds_csv_options *opts);

/**
 * Write every table as one sheet of an .xlsx workbook at @p path (replaced if it
 * exists). libxlsxwriter 1.1.4 writes to a file name only (its workbook options
 * have no output buffer), so the workbook goes to a file.
 * Amounts are numbers: the exact fen are converted to a double only here, and
 * only after checking that the double reads back, at two decimals, as the
 * same fen.
 * @return DS_OK; DS_EUNSUPPORTED when the library was built without libxlsxwriter
 *         ("built without libxlsxwriter"); DS_EIO when the file cannot be written;
 *         DS_ERANGE for an amount a double cannot carry to the fen; DS_EINVAL for NULL.
 */
DS_EXTERN int ds_tables_save_xlsx(const ds_tables *tables, const char *path);

/** 1 when the library was built with libxlsxwriter (ds_tables_save_xlsx() works), else 0. */
DS_EXTERN int ds_tables_xlsx_supported(void);

#ifdef __cplusplus
}
#endif

#endif
