/*
 * datasset ledger: 入表 — amortisation schedules, and the journal entries,
 * disclosure tables and balance-sheet lines of a ledger document for a period.
 * SPDX-License-Identifier: MIT
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include <datasset/datasset.h>

#include "cli.h"
#include "cli_tables.h"
#include "print_cli.h"

#define COMMAND "ledger"

enum { OPT_COST = 1, OPT_MONTHS, OPT_START, OPT_RESIDUAL, OPT_DERECOGNISED, OPT_FORMAT, OPT_PERIOD, OPT_WHAT };

static const cli_option schedule_options[] = { { "cost", 1, OPT_COST },
					       { "months", 1, OPT_MONTHS },
					       { "start", 1, OPT_START },
					       { "residual", 1, OPT_RESIDUAL },
					       { "derecognised", 1, OPT_DERECOGNISED },
					       { "format", 1, OPT_FORMAT },
					       CLI_TABLE_OPTIONS,
					       { NULL, 0, 0 } };

static const cli_option run_options[] = { { "period", 1, OPT_PERIOD },
					  { "what", 1, OPT_WHAT },
					  { "format", 1, OPT_FORMAT },
					  CLI_TABLE_OPTIONS,
					  { NULL, 0, 0 } };

static const char *const format_names[] = { "text", "csv", "xml", "xlsx", NULL };
enum { FORMAT_XLSX = 3 };
static const char *const part_names[] = { "schedule",	   "entries", "disclosure", "balance",
					  "trial-balance", "cards",   "figures",    NULL };
enum { PART_CARDS = 5, PART_FIGURES = 6 };

static void print_help(void)
{
	fputs(_("Usage: datasset ledger schedule --cost AMOUNT --months N --start YYYY-MM [options]\n"
		"       datasset ledger run FILE.xml [--period PERIOD] [--what PART] [--format FORMAT] [--out FILE]\n"
		"       datasset ledger vouchers FILE.xml [--period PERIOD] --out FILE.pdf [--preparer NAME] [--reviewer NAME]\n"
		"\n"
		"入表 of data resources under 财会〔2023〕11号.\n"
		"\n"
		"schedule: the monthly amortisation of AMOUNT (yuan, to the fen; 1,000,000 or\n"
		"1000000) over N months from YYYY-MM (当月增加当月开始摊销), straight-line, each\n"
		"month rounded half-up to the fen; the last month takes the difference so the\n"
		"total is exact, and is marked 尾差调整.\n"
		"  --residual AMOUNT        residual value (default 0)\n"
		"  --derecognised YYYY-MM   the month the asset leaves the books: no charge from it on\n"
		"\n"
		"run: read a ledger document (urn:datasset:ledger:1) and write, for a period,\n"
		"  --what schedule          the amortisation lines of the period, asset by asset\n"
		"         entries           the journal entries (借/贷, account codes and names)\n"
		"         disclosure        附注 tables (1) and (2) and other disclosures (the default)\n"
		"         balance           the balance-sheet 其中：数据资源 lines\n"
		"         trial-balance     科目汇总表: the period's entries summed by account, 合计 balanced\n"
		"  --period YYYY            a calendar year; or YYYY-MM..YYYY-MM (both months included);\n"
		"                           default: the period the document names, if it names one\n"
		"\n"
		"run on a public-sector book (urn:datasset:ledger-gov:1, 政府会计 of a 行政单位 or\n"
		"事业单位; docs/ledger-gov.md) writes:\n"
		"  --what entries           financial and budget entries (平行记账)\n"
		"         cards             the asset ledger (台账): every card at the period's end\n"
		"         figures           the period's figures and the checks that held (the default;\n"
		"                           'disclosure' and 'balance' are the same here)\n"
		"\n"
		"vouchers: the period's journal entries as 记账凭证 (PDF), one A4 page each: 记字第 N\n"
		"号 from 1 in each month, date, 摘要, accounts, debit and credit, 合计 in figures and\n"
		"大写, 附件张数, and the 会计主管/记账/审核/制单 lines (--reviewer and --preparer fill the\n"
		"last two); --out FILE.pdf is required. Needs a build with PDF support.\n"
		"\n"
		"Both:\n"
		"  --format text|csv|xml|xlsx  text laid out like the note tables (default), CSV with\n"
		"                           Chinese column names, XML, or an Excel workbook; the\n"
		"                           disclosure is four tables: 1 表1, 2 表2, 3 其他披露, 4 披露明细\n"),
	      stdout);
	fputs(_(CLI_TABLE_HELP), stdout);
	fputs(_("  -h, --help               show this help\n"
		"\n"
		"Examples (ledger-book.xml and public-sector-book.xml are in examples/data/):\n"
		"  datasset ledger schedule --cost 1000000 --months 36 --start 2024-03\n"
		"  datasset ledger run ledger-book.xml --period 2024 --what entries --format csv > entries.csv\n"
		"  datasset ledger run ledger-book.xml --period 2024 --format xlsx --out 附注.xlsx\n"
		"  datasset ledger run ledger-book.xml --period 2024 --format csv --table 表1 --encoding gbk > 表1.csv\n"
		"  datasset ledger run ledger-book.xml --period 2024\n"
		"  datasset ledger run public-sector-book.xml --period 2025 --what cards\n"),
	      stdout);
}

/* The table options against --format: @gov 1 for a public-sector book (CSV
 * through its own writer, no workbook yet). Returns a CLI status. */
static int check_table_options(const cli_table_opts *o, int format)
{
	if (format == DS_LEDGER_FORMAT_CSV || format == FORMAT_XLSX)
		return CLI_EXIT_OK;
	if (o->bom_given)
		return cli_usage_error(COMMAND, _("--bom applies to --format csv only"));
	if (o->out || cli_table_opts_given(o))
		return cli_usage_error(COMMAND,
				       _("--out, --table, --no-bom, --encoding and --excel-text are for --format "
					 "csv or xlsx"));
	return CLI_EXIT_OK;
}

/* Write tables (from the library) as CSV or xlsx and free them. */
static int emit_tables(ds_tables *tables, int format, const cli_table_opts *o)
{
	int status = cli_tables_emit(COMMAND, tables, format == FORMAT_XLSX, o);

	ds_tables_free(tables);
	return status;
}

/* Print @text (the library's output) and free it. */
static int emit(char *text)
{
	fputs(text, stdout);
	ds_free(text);
	return CLI_EXIT_OK;
}

/* --format: its index in format_names into *format, or a usage error. */
static int parse_format(int *format, const char *value)
{
	if ((*format = cli_index_of(value, format_names)) < 0)
		return cli_usage_error(COMMAND, _("--format must be text, csv, xml or xlsx, not '%s'"), value);
	return CLI_EXIT_OK;
}

static int parse_amount(ds_decimal **out, const char *option, const char *text)
{
	if (ds_decimal_new(out) < 0)
		return cli_library_error(COMMAND);
	if (ds_decimal_parse(*out, text, DS_DECIMAL_AMOUNT) < 0)
		return cli_usage_error(COMMAND, _("--%s must be an amount in yuan (1,000,000.00), not '%s'"), option,
				       text);
	return CLI_EXIT_OK;
}

static int schedule(int argc, char **argv)
{
	cli_args args;
	ds_decimal *cost = NULL, *residual = NULL;
	ds_ledger_schedule_options opts = DS_LEDGER_SCHEDULE_OPTIONS_INIT;
	ds_ledger_schedule *s = NULL;
	const char *value, *start = NULL;
	char *text = NULL;
	long months = -1;
	ds_tables *tables = NULL;
	cli_table_opts topts;
	int opt, format = 0, status = CLI_EXIT_OK;

	cli_table_opts_init(&topts);
	cli_args_init(&args, COMMAND, schedule_options, argc, argv);
	while ((opt = cli_next(&args, &value)) != CLI_DONE) {
		switch (opt) {
		case CLI_HELP: print_help(); goto done;
		case CLI_USAGE: status = CLI_EXIT_USAGE; goto done;
		case OPT_COST:
			ds_decimal_free(cost);
			cost = NULL;
			if ((status = parse_amount(&cost, "cost", value)) != CLI_EXIT_OK)
				goto done;
			break;
		case OPT_RESIDUAL:
			ds_decimal_free(residual);
			residual = NULL;
			if ((status = parse_amount(&residual, "residual", value)) != CLI_EXIT_OK)
				goto done;
			break;
		case OPT_MONTHS:
			if (cli_parse_int(value, 1, 1200, &months) < 0) {
				status = cli_usage_error(
					COMMAND, _("--months must be an integer from 1 to 1200, not '%s'"), value);
				goto done;
			}
			break;
		case OPT_START: start = value; break;
		case OPT_DERECOGNISED: opts.derecognised = value; break;
		case OPT_FORMAT:
			if ((status = parse_format(&format, value)) != CLI_EXIT_OK)
				goto done;
			break;
		default:
			if (cli_table_option(COMMAND, &topts, opt, value) != 1) {
				status = CLI_EXIT_USAGE;
				goto done;
			}
		}
	}
	if (args.operand_count > 0) {
		status = cli_usage_error(COMMAND, _("schedule takes no operands ('%s')"), cli_operands(&args)[0]);
		goto done;
	}
	if (!cost || months < 0 || !start) {
		status = cli_usage_error(COMMAND, _("schedule needs --cost, --months and --start"));
		goto done;
	}
	if ((status = check_table_options(&topts, format)) != CLI_EXIT_OK)
		goto done;
	opts.residual = residual;
	if (ds_ledger_schedule_new(&s, cost, start, months, &opts) < 0) {
		status = cli_library_error(COMMAND);
		goto done;
	}
	if (format == DS_LEDGER_FORMAT_CSV || format == FORMAT_XLSX) {
		status = ds_ledger_schedule_tables(&tables, s) < 0 ? cli_library_error(COMMAND) :
								     emit_tables(tables, format, &topts);
		goto done;
	}
	if (ds_ledger_schedule_write(&text, s, (ds_ledger_format)format, 0) < 0) {
		status = cli_library_error(COMMAND);
		goto done;
	}
	status = emit(text);
done:
	ds_ledger_schedule_free(s);
	ds_decimal_free(cost);
	ds_decimal_free(residual);
	return status;
}

/* --period: "YYYY" or "YYYY-MM..YYYY-MM" into start and end (the library checks the months). */
int ledger_parse_period(const char *text, char *start, char *end)
{
	const char *dots = strstr(text, "..");
	long year;

	if (!dots) {
		if (cli_parse_int(text, 1, 9999, &year) < 0)
			return -1;
		snprintf(start, 16, "%04ld-01", year);
		snprintf(end, 16, "%04ld-12", year);
		return 0;
	}
	if (dots - text > 15 || strlen(dots + 2) > 15)
		return -1;
	snprintf(start, 16, "%.*s", (int)(dots - text), text);
	snprintf(end, 16, "%s", dots + 2);
	return 0;
}

/* 1 when @path names a public-sector book: its namespace appears in the first
 * 4 KiB (the root element's declaration). The loader then checks the whole
 * document; anything else goes to the enterprise ledger's loader. */
static int is_gov_book(const char *path)
{
	char head[4097];
	size_t n;
	FILE *f = fopen(path, "rb");

	if (!f)
		return 0;
	n = fread(head, 1, sizeof head - 1, f);
	fclose(f);
	head[n] = '\0';
	return memchr(head, '\0', n) == NULL && strstr(head, "urn:datasset:ledger-gov:1") != NULL;
}

/* run on a public-sector book. */
static int run_gov(const char *path, const char *period, char *start, char *end, int part, int format,
		   unsigned int flags)
{
	ds_ledger_gov *book = NULL;
	ds_ledger_gov_report *r = NULL;
	const char *first, *last;
	char *text = NULL;
	int status = CLI_EXIT_OK;
	ds_ledger_gov_part what = DS_LEDGER_GOV_PART_FIGURES;

	if (part == DS_LEDGER_PART_SCHEDULE)
		return cli_usage_error(COMMAND, _("a public-sector book has no 'schedule' part: use --what cards "
						  "(each card's monthly charge and remaining months) or entries"));
	if (part == DS_LEDGER_PART_TRIAL_BALANCE)
		return cli_usage_error(COMMAND,
				       _("--what trial-balance is for an enterprise book (urn:datasset:ledger:1)"));
	if (part == DS_LEDGER_PART_ENTRIES)
		what = DS_LEDGER_GOV_PART_ENTRIES;
	else if (part == PART_CARDS)
		what = DS_LEDGER_GOV_PART_CARDS;
	if (ds_ledger_gov_load(&book, path) < 0) {
		status = cli_library_error(COMMAND);
		goto done;
	}
	if (!period) {
		if (ds_ledger_gov_period_count(book) != 1) {
			cli_error(COMMAND, _("%s names %zu reporting periods: choose one with --period"), path,
				  ds_ledger_gov_period_count(book));
			status = CLI_EXIT_FAILURE;
			goto done;
		}
		ds_ledger_gov_period_at(&first, &last, book, 0);
		snprintf(start, 16, "%s", first);
		snprintf(end, 16, "%s", last);
	}
	if (ds_ledger_gov_report_new(&r, book, start, end) < 0 ||
	    ds_ledger_gov_report_write(&text, r, what, (ds_ledger_format)format, flags) < 0) {
		status = cli_library_error(COMMAND);
		goto done;
	}
	status = emit(text);
done:
	ds_ledger_gov_report_free(r);
	ds_ledger_gov_free(book);
	return status;
}

static int run(int argc, char **argv)
{
	cli_args args;
	ds_ledger *book = NULL;
	ds_ledger_report *r = NULL;
	const char *value, *period = NULL, *first, *last;
	char start[16], end[16], *text = NULL;
	ds_tables *tables = NULL;
	cli_table_opts topts;
	int opt, format = 0, part = DS_LEDGER_PART_DISCLOSURE, status = CLI_EXIT_OK;

	cli_table_opts_init(&topts);
	cli_args_init(&args, COMMAND, run_options, argc, argv);
	while ((opt = cli_next(&args, &value)) != CLI_DONE) {
		switch (opt) {
		case CLI_HELP: print_help(); goto done;
		case CLI_USAGE: status = CLI_EXIT_USAGE; goto done;
		case OPT_PERIOD:
			period = value;
			if (ledger_parse_period(value, start, end) < 0) {
				status = cli_usage_error(
					COMMAND, _("--period must be YYYY or YYYY-MM..YYYY-MM, not '%s'"), value);
				goto done;
			}
			break;
		case OPT_WHAT:
			if ((part = cli_index_of(value, part_names)) < 0) {
				status = cli_usage_error(
					COMMAND,
					_("--what must be schedule, entries, disclosure, balance, trial-balance, "
					  "cards or figures, not '%s'"),
					value);
				goto done;
			}
			break;
		case OPT_FORMAT:
			if ((status = parse_format(&format, value)) != CLI_EXIT_OK)
				goto done;
			break;
		default:
			if (cli_table_option(COMMAND, &topts, opt, value) != 1) {
				status = CLI_EXIT_USAGE;
				goto done;
			}
		}
	}
	if ((status = cli_one_file(&args, COMMAND)) != CLI_EXIT_OK)
		goto done;
	if ((status = check_table_options(&topts, format)) != CLI_EXIT_OK)
		goto done;
	if (is_gov_book(cli_operands(&args)[0])) {
		/* The public-sector book's CSV is its own writer's (a BOM unless
		 * --no-bom); it has no tables for a workbook yet. */
		if (format == FORMAT_XLSX || topts.out || topts.table || topts.encoding || !topts.excel_text) {
			status = cli_usage_error(COMMAND, _("a public-sector book is written as text, csv or xml "
							    "(--out, --table, --encoding, --excel-text and xlsx are "
							    "for the enterprise book)"));
			goto done;
		}
		status = run_gov(cli_operands(&args)[0], period, start, end, part, format,
				 format == DS_LEDGER_FORMAT_CSV && !topts.no_bom ? DS_LEDGER_BOM : 0);
		goto done;
	}
	if (part == PART_CARDS || part == PART_FIGURES) {
		status =
			cli_usage_error(COMMAND, _("--what %s is for a public-sector book (urn:datasset:ledger-gov:1)"),
					part_names[part]);
		goto done;
	}
	if (ds_ledger_load(&book, cli_operands(&args)[0]) < 0) {
		status = cli_library_error(COMMAND);
		goto done;
	}
	if (!period) {
		if (ds_ledger_period_count(book) != 1) {
			cli_error(COMMAND, _("%s names %zu reporting periods: choose one with --period"),
				  cli_operands(&args)[0], ds_ledger_period_count(book));
			status = CLI_EXIT_FAILURE;
			goto done;
		}
		ds_ledger_period_at(&first, &last, book, 0);
		snprintf(start, sizeof start, "%s", first);
		snprintf(end, sizeof end, "%s", last);
	}
	if (ds_ledger_report_new(&r, book, start, end) < 0) {
		status = cli_library_error(COMMAND);
		goto done;
	}
	if (format == DS_LEDGER_FORMAT_CSV || format == FORMAT_XLSX) {
		status = ds_ledger_report_tables(&tables, r, (ds_ledger_part)part) < 0 ?
				 cli_library_error(COMMAND) :
				 emit_tables(tables, format, &topts);
		goto done;
	}
	if (ds_ledger_report_write(&text, r, (ds_ledger_part)part, (ds_ledger_format)format, 0) < 0) {
		status = cli_library_error(COMMAND);
		goto done;
	}
	status = emit(text);
done:
	ds_ledger_report_free(r);
	ds_ledger_free(book);
	return status;
}

int cmd_ledger(int argc, char **argv)
{
	if (argc < 2)
		return cli_usage_error(COMMAND, _("missing subcommand: schedule or run"));
	if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
		print_help();
		return CLI_EXIT_OK;
	}
	if (strcmp(argv[1], "schedule") == 0)
		return schedule(argc - 1, argv + 1);
	if (strcmp(argv[1], "run") == 0)
		return run(argc - 1, argv + 1);
	if (strcmp(argv[1], "vouchers") == 0)
		return ledger_vouchers(argc - 1, argv + 1);
	return cli_usage_error(COMMAND, _("unknown subcommand '%s' (schedule, run or vouchers)"), argv[1]);
}
