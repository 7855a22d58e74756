/*
 * datasset value: 数据资产评估 from the command line — quick forms for one
 * approach (income, cost, market) that print the value rounded to the fen on
 * the first line and the calculation trace after it.
 * SPDX-License-Identifier: MIT
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <datasset/datasset.h>

#include "cli.h"
#include "cli_tables.h"

#define CMD "value"
#define MAX_LIST 1000

enum {
	OPT_RATE = 1,
	OPT_FLOWS,
	OPT_REVENUE,
	OPT_SHARE,
	OPT_INCOME,
	OPT_CONTRIB,
	OPT_WITH,
	OPT_WITHOUT,
	OPT_TIMING,
	OPT_TERMINAL,
	OPT_PRECISION,
	OPT_NO_TRACE,
	OPT_SENSITIVITY,
	OPT_COMPONENTS,
	OPT_DELTA,
	OPT_ELAPSED,
	OPT_REMAINING,
	OPT_DEPRECIATION,
	OPT_TOTAL,
	OPT_RETURN,
	OPT_QUALITY,
	OPT_CIRCULATION,
	OPT_MONOPOLY,
	OPT_RISK,
	OPT_COMPARABLE,
	OPT_WEIGHTS,
	OPT_ALLOW_ABOVE_1,
	OPT_FORMAT
};

static const cli_option income_options[] = { { "rate", 1, OPT_RATE },
					     { "flows", 1, OPT_FLOWS },
					     { "revenue", 1, OPT_REVENUE },
					     { "share", 1, OPT_SHARE },
					     { "income", 1, OPT_INCOME },
					     { "contrib", 1, OPT_CONTRIB },
					     { "with", 1, OPT_WITH },
					     { "without", 1, OPT_WITHOUT },
					     { "timing", 1, OPT_TIMING },
					     { "terminal", 1, OPT_TERMINAL },
					     { "precision", 1, OPT_PRECISION },
					     { "no-trace", 0, OPT_NO_TRACE },
					     { "sensitivity", 0, OPT_SENSITIVITY },
					     { "allow-rate-above-1", 0, OPT_ALLOW_ABOVE_1 },
					     { "format", 1, OPT_FORMAT },
					     CLI_TABLE_OPTIONS,
					     { NULL, 0, 0 } };

static const cli_option cost_options[] = { { "components", 1, OPT_COMPONENTS },
					   { "delta", 1, OPT_DELTA },
					   { "elapsed", 1, OPT_ELAPSED },
					   { "remaining", 1, OPT_REMAINING },
					   { "depreciation", 1, OPT_DEPRECIATION },
					   { "total", 1, OPT_TOTAL },
					   { "return", 1, OPT_RETURN },
					   { "quality", 1, OPT_QUALITY },
					   { "circulation", 1, OPT_CIRCULATION },
					   { "monopoly", 1, OPT_MONOPOLY },
					   { "risk", 1, OPT_RISK },
					   { "no-trace", 0, OPT_NO_TRACE },
					   { "allow-rate-above-1", 0, OPT_ALLOW_ABOVE_1 },
					   { "format", 1, OPT_FORMAT },
					   CLI_TABLE_OPTIONS,
					   { NULL, 0, 0 } };

static const cli_option market_options[] = { { "comparable", 1, OPT_COMPARABLE },
					     { "weights", 1, OPT_WEIGHTS },
					     { "no-trace", 0, OPT_NO_TRACE },
					     { "format", 1, OPT_FORMAT },
					     CLI_TABLE_OPTIONS,
					     { NULL, 0, 0 } };

static const cli_option document_options[] = { { "format", 1, OPT_FORMAT }, CLI_TABLE_OPTIONS, { NULL, 0, 0 } };

static void print_help(void)
{
	fputs(_("Usage: datasset value income|cost|market [options]\n"
		"       datasset value [--format text|xml|csv|xlsx] [--out FILE] FILE.xml\n"
		"\n"
		"With FILE.xml (a <valuation> document, urn:datasset:valuation:1), compute every\n"
		"approach it holds, the conclusion and the sensitivity table, and print a\n"
		"readable report (--format text, the default) or the <valuationResult>\n"
		"document (--format xml), or its tables (--format csv|xlsx: 评估结论, 输入,\n"
		"计算过程 and 敏感性分析). See docs/valuation.md.\n"
		"\n"
		"Value a data asset (数据资产评估) by one approach. The first line of the output\n"
		"is the value rounded HALF_UP to the fen; the calculation trace follows, one\n"
		"line per quantity with its formula, exact value and rounded display.\n"
		"Rates and coefficients are decimals (0.12) or percentages (12%); a rate above 1\n"
		"must be written with % (1000%) or allowed with --allow-rate-above-1. Lists hold\n"
		"one value per period, separated by ';' or spaces (\"1,000,000;1,200,000\");\n"
		"',' only groups digits in threes. Numbers may have an exponent (1.5e6).\n"
		"\n"
		"收益法 income approach, P = Σ F_t / (1 + i)^t:\n"
		"  datasset value income --rate R --flows F1;F2;...           (直接 direct: F = R)\n"
		"  datasset value income --rate R --revenue R1;... --share K[;K2;...]   (分成 share)\n"
		"  datasset value income --rate R --income R1;... --contrib C1;...      (超额 excess)\n"
		"  datasset value income --rate R --with A1;... --without B1;...        (增量 incremental)\n"
		"    --rate R[;R2;...]     one discount rate, or one per period\n"
		"    --allow-rate-above-1  accept a rate above 1 written without %\n"
		"    --timing end|mid      end of period (default, exact) or mid-period (t − 0.5)\n"
		"    --terminal TV         a terminal value at the end of the last period\n"
		"    --precision N         significant digits of √(1+i) for mid-period (30-1000, default 40)\n"
		"    --sensitivity         also print values for i ± 1 %, ± 2 % and F ± 10 %\n"
		"\n"
		"成本法 cost approach:\n"
		"  datasset value cost --components \"C1;...;C5\" --delta D     (2023: P = C × δ)\n"
		"  datasset value cost --components C1;... --elapsed E --remaining L   (δ = L/(E+L))\n"
		"  datasset value cost --components C1;... --quality Q | --depreciation D\n"
		"    components: 前期费用, 直接成本, 间接成本, 机会成本, 相关税费 (1 to 5)\n"
		"  datasset value cost --total TC --return R --quality A --circulation B\n"
		"                      --monopoly L --risk S        (2019: P = TC(1+R)·αβ(1+l)(1−r))\n"
		"\n"
		"市场法 market approach, P_i = C_i × α × β × γ × δ × ε:\n"
		"  datasset value market --comparable PRICE:α:β:γ:δ:ε [--comparable ...] [--weights W1;...]\n"
		"    α 质量 quality, β 供求 supply and demand, γ 期日 date, δ 容量 volume, ε 其他 other\n"
		"\n"
		"Common options:\n"
		"  --no-trace    print the value only\n"
		"  --format text|csv|xlsx  the value and its trace (default), or the tables 输入,\n"
		"                计算过程 and, with --sensitivity, 敏感性分析 (csv: one table per file)\n"),
	      stdout);
	fputs(_(CLI_TABLE_HELP), stdout);
	fputs(_("  -h, --help    show this help\n"
		"\n"
		"Examples (valuation.xml is in examples/data/):\n"
		"  datasset value income --rate 10% --flows \"1,000,000;1,200,000;1,300,000\"\n"
		"  datasset value cost --components \"120000;300000;80000;0;6000\" --delta 0.9 --no-trace\n"
		"  datasset value market --comparable 1000000:1.1:1:1:0.95:1 --comparable 1200000:1:1.05:1:1:1\n"
		"  datasset value valuation.xml\n"
		"  datasset value valuation.xml --format xlsx --out 评估.xlsx\n"
		"  datasset value income --rate 10% --flows \"1,000,000;1,200,000\" --sensitivity --format csv --table 敏感性分析\n"),
	      stdout);
}

/* The name of option @id in @table. */
static const char *option_name(const cli_option *table, int id)
{
	for (; table->name; table++)
		if (table->id == id)
			return table->name;
	return "?";
}

/* ---------------------------------------------------------------- numbers */

typedef struct numbers {
	ds_decimal *d[MAX_LIST];
	size_t n;
} numbers;

static void numbers_free(numbers *l)
{
	while (l->n)
		ds_decimal_free(l->d[--l->n]);
}

/* How a number is read: an amount (grouped digits, exponent), a coefficient
 * (also a percentage) or a rate (a percentage; above 1 only when marked). */
enum { AMOUNT = 0, COEFFICIENT = 1, RATE = 2 };

/* Set by --allow-rate-above-1 before the rates are read. */
static int allow_rate_above_1;

/* Look for --allow-rate-above-1 before the options are read, so that it
 * applies wherever it stands on the command line. */
static void scan_allow_rate_above_1(int argc, char **argv)
{
	int i;

	allow_rate_above_1 = 0;
	for (i = 0; i < argc && strcmp(argv[i], "--") != 0; i++)
		if (strcmp(argv[i], "--allow-rate-above-1") == 0)
			allow_rate_above_1 = 1;
}

static unsigned int number_flags(int kind)
{
	unsigned int flags = DS_DECIMAL_GROUPED | DS_DECIMAL_EXPONENT;
	if (kind == COEFFICIENT)
		flags |= DS_DECIMAL_PERCENT;
	if (kind == RATE)
		flags |= DS_DECIMAL_RATE | (allow_rate_above_1 ? DS_DECIMAL_RATE_ABOVE_1 : 0);
	return flags;
}

static void number_error(const char *option, int kind)
{
	const ds_error *e = ds_error_last();
	cli_error(CMD, "--%s: %s%s", option, e->message,
		  kind == RATE && e->code == DS_ERANGE && strstr(e->message, "above 1") ? " (--allow-rate-above-1)" :
											  "");
}

/* Parse one number of @kind from the @len bytes at @text. */
static int parse_number(ds_decimal **out, const char *text, size_t len, int kind, const char *option)
{
	char buf[256];
	ds_decimal *d = NULL;

	if (len >= sizeof buf) {
		cli_error(CMD, _("--%s: '%.20s...' is too long for a number"), option, text);
		return -1;
	}
	memcpy(buf, text, len);
	buf[len] = '\0';
	if (ds_decimal_new(&d) < 0 || ds_decimal_parse(d, buf, number_flags(kind)) < 0) {
		number_error(option, kind);
		ds_decimal_free(d);
		return -1;
	}
	*out = d;
	return 0;
}

/* Append the numbers of @text (separated by ';' or blanks, ds_decimal_parse_list) to @l. */
static int parse_numbers(numbers *l, const char *text, int kind, const char *option)
{
	ds_decimal **list = NULL;
	size_t n = 0, i;

	if (ds_decimal_parse_list(&list, &n, text, number_flags(kind)) < 0) {
		number_error(option, kind);
		return -1;
	}
	if (n > MAX_LIST - l->n) {
		cli_error(CMD, _("--%s: more than %d values"), option, MAX_LIST);
		ds_decimal_list_free(list, n);
		return -1;
	}
	for (i = 0; i < n; i++)
		l->d[l->n++] = list[i];
	ds_free(list);
	return 0;
}

/* ---------------------------------------------------------------- output */

static int print_result(const ds_valuation *v, int trace)
{
	char *value = NULL, *text = NULL;
	int status = CLI_EXIT_OK;

	if (ds_decimal_to_string_scaled(&value, ds_valuation_value(v), 2, DS_ROUND_HALF_UP, 0) < 0 ||
	    (trace && ds_valuation_trace_to_text(&text, v) < 0)) {
		status = cli_library_error(CMD);
		goto done;
	}
	printf("%s\n", value);
	if (text)
		fputs(text, stdout);
done:
	ds_free(value);
	ds_free(text);
	return status;
}

/* ---------------------------------------------------------------- income */

/* The sensitivity grid of the quick income form: i ± 1 %, ± 2 % by F ± 10 %. */
static int sensitivity_grid(numbers *rates, numbers *incomes, numbers *table, const ds_valuation_income_params *p,
			    const ds_valuation_options *opts)
{
	static const char *const rate_text[] = { "-0.02", "-0.01", "0", "0.01", "0.02" };
	static const char *const income_text[] = { "-0.1", "0", "0.1" };
	size_t r, c;

	for (r = 0; r < 5; r++)
		if (parse_number(&rates->d[rates->n++], rate_text[r], strlen(rate_text[r]), 0, "sensitivity") < 0)
			return CLI_EXIT_FAILURE;
	for (c = 0; c < 3; c++)
		if (parse_number(&incomes->d[incomes->n++], income_text[c], strlen(income_text[c]), 0, "sensitivity") <
		    0)
			return CLI_EXIT_FAILURE;
	for (r = 0; r < 15; r++)
		if (ds_decimal_new(&table->d[table->n++]) < 0)
			return cli_library_error(CMD);
	if (ds_valuation_sensitivity(table->d, p, rates->d, 5, incomes->d, 3, opts) < 0)
		return cli_library_error(CMD);
	return CLI_EXIT_OK;
}

static int print_sensitivity(const ds_valuation_income_params *p, const ds_valuation_options *opts)
{
	numbers rates = { { 0 }, 0 }, incomes = { { 0 }, 0 }, table = { { 0 }, 0 };
	char *cell = NULL;
	size_t r, c;
	int status;

	if ((status = sensitivity_grid(&rates, &incomes, &table, p, opts)) != CLI_EXIT_OK)
		goto done;
	printf(_("敏感性分析 sensitivity (rows: discount rate change; columns: income change)\n"));
	printf("%-8s %20s %20s %20s\n", "Δi \\ ΔF", "-10%", "0", "+10%");
	for (r = 0; r < 5; r++) {
		printf("%-8s", r == 2 ? "0" : (r < 2 ? (r == 0 ? "-2%" : "-1%") : (r == 3 ? "+1%" : "+2%")));
		for (c = 0; c < 3; c++) {
			if (ds_decimal_to_string_scaled(&cell, table.d[r * 3 + c], 2, DS_ROUND_HALF_UP,
							DS_DECIMAL_GROUPED) < 0) {
				status = cli_library_error(CMD);
				goto done;
			}
			printf(" %20s", cell);
			ds_free(cell);
			cell = NULL;
		}
		printf("\n");
	}
done:
	numbers_free(&rates);
	numbers_free(&incomes);
	numbers_free(&table);
	return status;
}

/* --format and the table options of the quick forms and documents. */
enum { FORMAT_TEXT = 0, FORMAT_XML, FORMAT_CSV, FORMAT_XLSX };
static int table_format;
static cli_table_opts table_opts;

static void tabular_init(void)
{
	table_format = FORMAT_TEXT;
	cli_table_opts_init(&table_opts);
}

/* An option of the tabular group: CLI_EXIT_OK, or CLI_EXIT_USAGE after a message. */
static int tabular_option(int opt, const char *value, int xml_allowed)
{
	if (opt == OPT_FORMAT) {
		if (strcmp(value, "text") == 0)
			table_format = FORMAT_TEXT;
		else if (strcmp(value, "csv") == 0)
			table_format = FORMAT_CSV;
		else if (strcmp(value, "xlsx") == 0)
			table_format = FORMAT_XLSX;
		else if (xml_allowed && strcmp(value, "xml") == 0)
			table_format = FORMAT_XML;
		else
			return xml_allowed ?
				       cli_usage_error(CMD, _("--format must be text, xml, csv or xlsx, not '%s'"),
						       value) :
				       cli_usage_error(CMD, _("--format must be text, csv or xlsx, not '%s'"), value);
		return CLI_EXIT_OK;
	}
	return cli_table_option(CMD, &table_opts, opt, value) == 1 ? CLI_EXIT_OK : CLI_EXIT_USAGE;
}

/* The table options need --format csv or xlsx. */
static int tabular_check(void)
{
	if (table_format != FORMAT_CSV && table_format != FORMAT_XLSX &&
	    (table_opts.out || table_opts.bom_given || cli_table_opts_given(&table_opts)))
		return cli_usage_error(CMD, _("--out, --table, --bom, --no-bom, --encoding and --excel-text need "
					      "--format csv or xlsx"));
	return CLI_EXIT_OK;
}

/* Write tables as --format says and free them. */
static int tabular_emit(ds_tables *tables)
{
	int status = cli_tables_emit(CMD, tables, table_format == FORMAT_XLSX, &table_opts);

	ds_tables_free(tables);
	return status;
}

/* The result of a quick form: the value and its trace as text, or its tables;
 * @p (income only) adds the sensitivity grid. */
static int quick_result(const ds_valuation *v, int trace, const ds_valuation_income_params *p,
			const ds_valuation_options *opts)
{
	numbers rates = { { 0 }, 0 }, incomes = { { 0 }, 0 }, grid = { { 0 }, 0 };
	ds_tables *tables = NULL;
	int status;

	if (table_format == FORMAT_TEXT) {
		status = print_result(v, trace);
		if (status == CLI_EXIT_OK && p)
			status = print_sensitivity(p, opts);
		return status;
	}
	if (p && (status = sensitivity_grid(&rates, &incomes, &grid, p, opts)) != CLI_EXIT_OK)
		goto done;
	status = ds_valuation_tables(&tables, v, p ? grid.d : NULL, rates.d, rates.n, incomes.d, incomes.n) < 0 ?
			 cli_library_error(CMD) :
			 tabular_emit(tables);
done:
	numbers_free(&rates);
	numbers_free(&incomes);
	numbers_free(&grid);
	return status;
}

/* ---------------------------------------------------------------- income */

static int value_income(int argc, char **argv)
{
	ds_valuation_income_params p = DS_VALUATION_INCOME_PARAMS_INIT;
	ds_valuation_options opts = DS_VALUATION_OPTIONS_INIT;
	numbers rates = { { 0 }, 0 }, first = { { 0 }, 0 }, second = { { 0 }, 0 }, terminal = { { 0 }, 0 };
	const char *value, *first_option = NULL, *second_option = NULL;
	ds_valuation *v = NULL;
	int opt, method = -1, sensitivity = 0, status = CLI_EXIT_OK;
	long precision;
	cli_args args;

	scan_allow_rate_above_1(argc, argv);
	tabular_init();
	cli_args_init(&args, CMD, income_options, argc, argv);
	while ((opt = cli_next(&args, &value)) != CLI_DONE) {
		int this_method = -1, is_second = 0;
		switch (opt) {
		case CLI_HELP: print_help(); goto done;
		case CLI_USAGE: status = CLI_EXIT_USAGE; goto done;
		case OPT_RATE:
			if (rates.n) {
				status = cli_usage_error(CMD, _("--rate given twice"));
				goto done;
			}
			if (parse_numbers(&rates, value, RATE, "rate") < 0)
				goto fail;
			break;
		case OPT_FLOWS: this_method = DS_INCOME_DIRECT; break;
		case OPT_REVENUE: this_method = DS_INCOME_SHARE; break;
		case OPT_SHARE:
			this_method = DS_INCOME_SHARE;
			is_second = 1;
			break;
		case OPT_INCOME: this_method = DS_INCOME_EXCESS; break;
		case OPT_CONTRIB:
			this_method = DS_INCOME_EXCESS;
			is_second = 1;
			break;
		case OPT_WITH: this_method = DS_INCOME_INCREMENTAL; break;
		case OPT_WITHOUT:
			this_method = DS_INCOME_INCREMENTAL;
			is_second = 1;
			break;
		case OPT_TIMING:
			if (strcmp(value, "end") == 0)
				p.timing = DS_TIMING_END;
			else if (strcmp(value, "mid") == 0)
				p.timing = DS_TIMING_MID;
			else {
				status = cli_usage_error(CMD, _("--timing must be end or mid, not '%s'"), value);
				goto done;
			}
			break;
		case OPT_TERMINAL:
			if (terminal.n || parse_numbers(&terminal, value, AMOUNT, "terminal") < 0 || terminal.n != 1) {
				if (terminal.n > 1)
					cli_error(CMD, _("--terminal takes one amount"));
				goto fail;
			}
			break;
		case OPT_PRECISION:
			if (cli_parse_int(value, DS_VALUATION_MIN_PRECISION, DS_VALUATION_MAX_PRECISION, &precision) <
			    0) {
				status = cli_usage_error(CMD,
							 _("--precision must be an integer from %d to %d, not '%s'"),
							 DS_VALUATION_MIN_PRECISION, DS_VALUATION_MAX_PRECISION, value);
				goto done;
			}
			opts.precision = (unsigned int)precision;
			break;
		case OPT_NO_TRACE: opts.no_trace = 1; break;
		case OPT_FORMAT:
		case CLI_T_OUT:
		case CLI_T_BOM:
		case CLI_T_NO_BOM:
		case CLI_T_ENCODING:
		case CLI_T_TABLE:
		case CLI_T_EXCEL_TEXT:
			if ((status = tabular_option(opt, value, 0)) != CLI_EXIT_OK)
				goto done;
			break;
		case OPT_SENSITIVITY: sensitivity = 1; break;
		case OPT_ALLOW_ABOVE_1: break;
		}
		if (this_method >= 0) {
			const char *option = option_name(income_options, opt);
			if (method >= 0 && method != this_method) {
				status = cli_usage_error(CMD, _("--%s cannot be combined with --%s"), option,
							 first_option ? first_option : second_option);
				goto done;
			}
			method = this_method;
			if (is_second) {
				if (second.n) {
					status = cli_usage_error(CMD, _("--%s given twice"), option);
					goto done;
				}
				second_option = option;
				if (parse_numbers(&second, value, opt == OPT_SHARE ? COEFFICIENT : AMOUNT,
						  second_option) < 0)
					goto fail;
			} else {
				if (first.n) {
					status = cli_usage_error(CMD, _("--%s given twice"), option);
					goto done;
				}
				first_option = option;
				if (parse_numbers(&first, value, AMOUNT, first_option) < 0)
					goto fail;
			}
		}
	}
	if (args.operand_count) {
		status = cli_usage_error(CMD, _("unexpected argument '%s'"), cli_operands(&args)[0]);
		goto done;
	}
	if (method < 0) {
		status = cli_usage_error(CMD, _("income needs --flows, --revenue/--share, --income/--contrib or "
						"--with/--without"));
		goto done;
	}
	if (!rates.n) {
		status = cli_usage_error(CMD, _("income needs --rate"));
		goto done;
	}
	if (!first.n || (method != DS_INCOME_DIRECT && !second.n)) {
		static const char *const needs[] = { "--flows", "--revenue and --share", "--income and --contrib",
						     "--with and --without" };
		status = cli_usage_error(CMD, _("the %s form needs %s"),
					 method == DS_INCOME_SHARE	 ? "share" :
					 method == DS_INCOME_EXCESS	 ? "excess" :
					 method == DS_INCOME_INCREMENTAL ? "incremental" :
									   "direct",
					 needs[method]);
		goto done;
	}
	if ((method == DS_INCOME_EXCESS || method == DS_INCOME_INCREMENTAL) && second.n != first.n) {
		cli_error(CMD, _("--%s has %zu values for %zu periods"), second_option, second.n, first.n);
		goto fail;
	}
	p.method = (ds_income_method)method;
	p.periods = first.n;
	p.income = first.d;
	p.rates = rates.d;
	p.n_rates = rates.n;
	p.terminal_value = terminal.n ? terminal.d[0] : NULL;
	if (method == DS_INCOME_SHARE) {
		p.shares = second.d;
		p.n_shares = second.n;
	} else if (method == DS_INCOME_EXCESS) {
		p.contributions = second.d;
		p.n_contributors = 1;
		p.contributor_names = NULL;
	} else if (method == DS_INCOME_INCREMENTAL) {
		p.baseline = second.d;
	}
	if ((status = tabular_check()) != CLI_EXIT_OK)
		goto done;
	if (opts.no_trace && table_format != FORMAT_TEXT) {
		status = cli_usage_error(CMD, _("--no-trace has no tables: --format csv and xlsx write the trace"));
		goto done;
	}
	if (ds_valuation_new(&v) < 0 || ds_valuation_income(v, &p, &opts) < 0) {
		status = cli_library_error(CMD);
		goto done;
	}
	status = quick_result(v, !opts.no_trace, sensitivity ? &p : NULL, &opts);
	goto done;
fail:
	status = CLI_EXIT_FAILURE;
done:
	ds_valuation_free(v);
	numbers_free(&rates);
	numbers_free(&first);
	numbers_free(&second);
	numbers_free(&terminal);
	return status;
}

/* ---------------------------------------------------------------- cost */

static int value_cost(int argc, char **argv)
{
	ds_valuation_options opts = DS_VALUATION_OPTIONS_INIT;
	numbers lists[OPT_RISK + 1];
	const char *value;
	ds_valuation *v = NULL;
	cli_args args;
	int opt, i, status = CLI_EXIT_OK, rc;

	memset(lists, 0, sizeof lists);
	scan_allow_rate_above_1(argc, argv);
	tabular_init();
	cli_args_init(&args, CMD, cost_options, argc, argv);
	while ((opt = cli_next(&args, &value)) != CLI_DONE) {
		const char *name;
		if (opt == CLI_HELP) {
			print_help();
			goto done;
		}
		if (opt == CLI_USAGE) {
			status = CLI_EXIT_USAGE;
			goto done;
		}
		if (opt == OPT_NO_TRACE) {
			opts.no_trace = 1;
			continue;
		}
		if (opt == OPT_ALLOW_ABOVE_1)
			continue;
		if (opt == OPT_FORMAT || opt >= CLI_T_OUT) {
			if ((status = tabular_option(opt, value, 0)) != CLI_EXIT_OK)
				goto done;
			continue;
		}
		name = option_name(cost_options, opt);
		if (lists[opt].n) {
			status = cli_usage_error(CMD, _("--%s given twice"), name);
			goto done;
		}
		if (parse_numbers(&lists[opt], value,
				  opt == OPT_RETURN ? RATE :
				  opt != OPT_COMPONENTS && opt != OPT_TOTAL && opt != OPT_ELAPSED &&
						  opt != OPT_REMAINING ?
						      COEFFICIENT :
						      AMOUNT,
				  name) < 0)
			goto fail;
		if (opt != OPT_COMPONENTS && opt != OPT_TOTAL && lists[opt].n != 1) {
			cli_error(CMD, _("--%s takes one value"), name);
			goto fail;
		}
	}
	if (args.operand_count) {
		status = cli_usage_error(CMD, _("unexpected argument '%s'"), cli_operands(&args)[0]);
		goto done;
	}
	if ((status = tabular_check()) != CLI_EXIT_OK)
		goto done;
	if (opts.no_trace && table_format != FORMAT_TEXT) {
		status = cli_usage_error(CMD, _("--no-trace has no tables: --format csv and xlsx write the trace"));
		goto done;
	}
	if (lists[OPT_TOTAL].n) {
		ds_valuation_cost2019_params p = DS_VALUATION_COST2019_PARAMS_INIT;
		static const int need[] = { OPT_RETURN, OPT_QUALITY, OPT_CIRCULATION, OPT_MONOPOLY, OPT_RISK };
		static const char *const need_name[] = { "return", "quality", "circulation", "monopoly", "risk" };
		if (lists[OPT_COMPONENTS].n || lists[OPT_DELTA].n || lists[OPT_ELAPSED].n || lists[OPT_REMAINING].n ||
		    lists[OPT_DEPRECIATION].n) {
			status = cli_usage_error(CMD,
						 _("--total (2019 form) cannot be combined with the 2023 form's "
						   "--components, --delta, --elapsed, --remaining or --depreciation"));
			goto done;
		}
		for (i = 0; i < 5; i++)
			if (!lists[need[i]].n) {
				status = cli_usage_error(CMD, _("the 2019 form needs --%s"), need_name[i]);
				goto done;
			}
		p.costs = lists[OPT_TOTAL].d;
		p.n_costs = lists[OPT_TOTAL].n;
		p.return_rate = lists[OPT_RETURN].d[0];
		p.quality = lists[OPT_QUALITY].d[0];
		p.circulation = lists[OPT_CIRCULATION].d[0];
		p.monopoly = lists[OPT_MONOPOLY].d[0];
		p.risk = lists[OPT_RISK].d[0];
		rc = ds_valuation_new(&v) < 0 ? -1 : ds_valuation_cost2019(v, &p, &opts);
	} else {
		ds_valuation_cost_params p = DS_VALUATION_COST_PARAMS_INIT;
		int ways = (lists[OPT_DELTA].n > 0) + (lists[OPT_ELAPSED].n || lists[OPT_REMAINING].n) +
			   (lists[OPT_QUALITY].n > 0) + (lists[OPT_DEPRECIATION].n > 0);
		if (lists[OPT_RETURN].n || lists[OPT_CIRCULATION].n || lists[OPT_MONOPOLY].n || lists[OPT_RISK].n) {
			status = cli_usage_error(CMD,
						 _("--return, --circulation, --monopoly and --risk belong to the 2019 "
						   "form, which needs --total"));
			goto done;
		}
		if (!lists[OPT_COMPONENTS].n) {
			status = cli_usage_error(CMD, _("cost needs --components (2023 form) or --total (2019 form)"));
			goto done;
		}
		if (ways != 1) {
			status = cli_usage_error(CMD,
						 _("give exactly one of --delta, --elapsed with --remaining, --quality "
						   "or --depreciation"));
			goto done;
		}
		if ((lists[OPT_ELAPSED].n || lists[OPT_REMAINING].n) &&
		    !(lists[OPT_ELAPSED].n && lists[OPT_REMAINING].n)) {
			status = cli_usage_error(CMD, _("--elapsed and --remaining go together"));
			goto done;
		}
		p.components = lists[OPT_COMPONENTS].d;
		p.n_components = lists[OPT_COMPONENTS].n;
		if (lists[OPT_DELTA].n) {
			p.adjustment = DS_ADJUST_GIVEN;
			p.delta = lists[OPT_DELTA].d[0];
		} else if (lists[OPT_ELAPSED].n) {
			p.adjustment = DS_ADJUST_LIFE;
			p.elapsed_life = lists[OPT_ELAPSED].d[0];
			p.remaining_life = lists[OPT_REMAINING].d[0];
		} else if (lists[OPT_QUALITY].n) {
			p.adjustment = DS_ADJUST_QUALITY;
			p.quality = lists[OPT_QUALITY].d[0];
		} else {
			p.adjustment = DS_ADJUST_DEPRECIATION;
			p.depreciation = lists[OPT_DEPRECIATION].d[0];
		}
		rc = ds_valuation_new(&v) < 0 ? -1 : ds_valuation_cost(v, &p, &opts);
	}
	if (rc < 0) {
		status = cli_library_error(CMD);
		goto done;
	}
	status = quick_result(v, !opts.no_trace, NULL, &opts);
	goto done;
fail:
	status = CLI_EXIT_FAILURE;
done:
	ds_valuation_free(v);
	for (i = 0; i <= OPT_RISK; i++)
		numbers_free(&lists[i]);
	return status;
}

/* ---------------------------------------------------------------- market */

#define MAX_COMPARABLES 100

static int value_market(int argc, char **argv)
{
	static const char *const names[] = { "quality", "supply_demand", "date", "volume", "other" };
	ds_valuation_options opts = DS_VALUATION_OPTIONS_INIT;
	ds_valuation_market_params p = DS_VALUATION_MARKET_PARAMS_INIT;
	ds_market_comparable comparables[MAX_COMPARABLES];
	ds_market_coefficient coefficients[MAX_COMPARABLES][5];
	numbers values[MAX_COMPARABLES], weights = { { 0 }, 0 };
	const char *value;
	ds_valuation *v = NULL;
	size_t n = 0, i, k;
	cli_args args;
	int opt, status = CLI_EXIT_OK;

	memset(values, 0, sizeof values);
	tabular_init();
	cli_args_init(&args, CMD, market_options, argc, argv);
	while ((opt = cli_next(&args, &value)) != CLI_DONE) {
		switch (opt) {
		case CLI_HELP: print_help(); goto done;
		case CLI_USAGE: status = CLI_EXIT_USAGE; goto done;
		case OPT_NO_TRACE: opts.no_trace = 1; break;
		case OPT_FORMAT:
		case CLI_T_OUT:
		case CLI_T_BOM:
		case CLI_T_NO_BOM:
		case CLI_T_ENCODING:
		case CLI_T_TABLE:
		case CLI_T_EXCEL_TEXT:
			if ((status = tabular_option(opt, value, 0)) != CLI_EXIT_OK)
				goto done;
			break;
		case OPT_WEIGHTS:
			if (weights.n) {
				status = cli_usage_error(CMD, _("--weights given twice"));
				goto done;
			}
			if (parse_numbers(&weights, value, COEFFICIENT, "weights") < 0)
				goto fail;
			break;
		case OPT_COMPARABLE: {
			const char *part = value;
			if (n == MAX_COMPARABLES) {
				status = cli_usage_error(CMD, _("at most %d comparables"), MAX_COMPARABLES);
				goto done;
			}
			/* PRICE:α:β:γ:δ:ε */
			for (;;) {
				size_t len = strcspn(part, ":");
				if (values[n].n == 6) {
					cli_error(CMD, _("--comparable '%s': expected PRICE:α:β:γ:δ:ε (6 fields)"),
						  value);
					goto fail;
				}
				if (parse_number(&values[n].d[values[n].n], part, len,
						 values[n].n > 0 ? COEFFICIENT : AMOUNT, "comparable") < 0)
					goto fail;
				values[n].n++;
				if (!part[len])
					break;
				part += len + 1;
			}
			if (values[n].n != 6) {
				cli_error(CMD, _("--comparable '%s': expected PRICE:α:β:γ:δ:ε (6 fields), got %zu"),
					  value, values[n].n);
				goto fail;
			}
			n++;
			break;
		}
		}
	}
	if (args.operand_count) {
		status = cli_usage_error(CMD, _("unexpected argument '%s'"), cli_operands(&args)[0]);
		goto done;
	}
	if (n == 0) {
		status = cli_usage_error(CMD, _("market needs at least one --comparable PRICE:α:β:γ:δ:ε"));
		goto done;
	}
	if (weights.n && weights.n != n) {
		cli_error(CMD, _("--weights has %zu values for %zu comparables"), weights.n, n);
		goto fail;
	}
	for (i = 0; i < n; i++) {
		comparables[i].label = NULL;
		comparables[i].price = values[i].d[0];
		comparables[i].coefficients = coefficients[i];
		comparables[i].n_coefficients = 5;
		comparables[i].weight = weights.n ? weights.d[i] : NULL;
		for (k = 0; k < 5; k++) {
			coefficients[i][k].name = names[k];
			coefficients[i][k].value = values[i].d[k + 1];
			coefficients[i][k].subject = coefficients[i][k].comparable = NULL;
		}
	}
	p.comparables = comparables;
	p.n_comparables = n;
	if ((status = tabular_check()) != CLI_EXIT_OK)
		goto done;
	if (opts.no_trace && table_format != FORMAT_TEXT) {
		status = cli_usage_error(CMD, _("--no-trace has no tables: --format csv and xlsx write the trace"));
		goto done;
	}
	if (ds_valuation_new(&v) < 0 || ds_valuation_market(v, &p, &opts) < 0) {
		status = cli_library_error(CMD);
		goto done;
	}
	status = quick_result(v, !opts.no_trace, NULL, &opts);
	goto done;
fail:
	status = CLI_EXIT_FAILURE;
done:
	ds_valuation_free(v);
	for (i = 0; i < MAX_COMPARABLES; i++)
		numbers_free(&values[i]);
	numbers_free(&weights);
	return status;
}

/* ---------------------------------------------------------------- documents */

static int value_document(const char *path)
{
	ds_valuation_report *report = NULL;
	ds_tables *tables = NULL;
	char *text = NULL;
	int status = CLI_EXIT_OK;

	if (ds_valuation_report_load(&report, path, NULL) < 0) {
		status = cli_library_error(CMD);
		goto done;
	}
	if (table_format == FORMAT_CSV || table_format == FORMAT_XLSX) {
		status =
			ds_valuation_report_tables(&tables, report) < 0 ? cli_library_error(CMD) : tabular_emit(tables);
		goto done;
	}
	if ((table_format == FORMAT_XML ? ds_valuation_report_to_xml(&text, report) :
					  ds_valuation_report_to_text(&text, report)) < 0) {
		status = cli_library_error(CMD);
		goto done;
	}
	fputs(text, stdout);
done:
	ds_free(text);
	ds_valuation_report_free(report);
	return status;
}

int cmd_value(int argc, char **argv)
{
	cli_args args;
	const char *value;
	int opt, status;

	if (argc >= 2 && strcmp(argv[1], "income") == 0)
		return value_income(argc - 1, argv + 1);
	if (argc >= 2 && strcmp(argv[1], "cost") == 0)
		return value_cost(argc - 1, argv + 1);
	if (argc >= 2 && strcmp(argv[1], "market") == 0)
		return value_market(argc - 1, argv + 1);
	tabular_init();
	cli_args_init(&args, CMD, document_options, argc, argv);
	while ((opt = cli_next(&args, &value)) != CLI_DONE) {
		switch (opt) {
		case CLI_HELP: print_help(); return CLI_EXIT_OK;
		case CLI_USAGE: return CLI_EXIT_USAGE;
		default:
			if ((status = tabular_option(opt, value, 1)) != CLI_EXIT_OK)
				return status;
		}
	}
	if (args.operand_count == 0)
		return cli_usage_error(CMD, _("missing FILE.xml or the approach (income, cost or market)"));
	if (args.operand_count > 1)
		return cli_usage_error(CMD, _("expected one FILE.xml, got %d arguments"), args.operand_count);
	if ((status = tabular_check()) != CLI_EXIT_OK)
		return status;
	return value_document(cli_operands(&args)[0]);
}
