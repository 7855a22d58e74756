/*
 * datasset settle: the settlement statement of a settlement document —
 * 最高准许收入 (发改价格〔2025〕65号), the yearly tiers, the period excess and its
 * deduction, and each data-use fee pool's lines with their destinations.
 * SPDX-License-Identifier: MIT
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include <datasset/datasset.h>

#include "cli.h"

#define COMMAND "settle"

enum { OPT_FORMAT = 1, OPT_BOM, OPT_NO_BOM, OPT_REGISTRY };

static const cli_option options[] = { { "format", 1, OPT_FORMAT },
				      { "bom", 0, OPT_BOM },
				      { "no-bom", 0, OPT_NO_BOM },
				      { "registry", 1, OPT_REGISTRY },
				      { NULL, 0, 0 } };

static const char *const format_names[] = { "text", "csv", "xml", NULL };

static void print_help(void)
{
	fputs(_("Usage: datasset settle FILE.xml [--format text|csv|xml] [--no-bom] [--registry DB]\n"
		"\n"
		"公共数据授权运营收益分配: read a settlement document (urn:datasset:settlement:1)\n"
		"and write its statement:\n"
		"  - 最高准许收入 MAR = C + P + T, C the operating cost net of subsidies,\n"
		"    P = C × (bond yield + markup ≤ 6 points) rounded half-up to the fen;\n"
		"  - each year's deviation d = (A − MAR) / MAR and its tier (|d| ≤ 10%: the\n"
		"    operator adjusts its prices; above: the 授权主体 adjusts the ceilings);\n"
		"  - the period excess E and its deduction from the next period's MAR (all\n"
		"    in the first year, or smoothed over k years, summing exactly);\n"
		"  - each 有偿使用费 pool's fee F and its lines by weight, retained lines first,\n"
		"    treasury lines last; the last line takes the rounding remainder.\n"
		"\n"
		"  --format text|csv|xml    text for people (default), CSV (RFC 4180, one row\n"
		"                           per record) or XML (<statement>, schemas/settlement.xsd)\n"
		"  --no-bom                 CSV without the UTF-8 byte order mark it starts with\n"
		"                           by default (so that Excel reads it as UTF-8); --bom is\n"
		"                           accepted and changes nothing\n"
		"  --registry DB            also append the statement to the registry's transparency\n"
		"                           log (a \"settlement\" event); its entry index goes to stderr\n"
		"\n"
		"Exit status: 0 success, 1 the library refused the document (the message names\n"
		"the line and field), 2 usage error.\n"
		"\n"
		"Examples (the documents are in examples/data/):\n"
		"  datasset settle settlement-mar.xml\n"
		"  datasset settle settlement-share.xml --format csv > statement.csv\n"),
	      stdout);
}

int cmd_settle(int argc, char **argv)
{
	cli_args args;
	ds_settlement *s = NULL;
	ds_settlement_statement *st = NULL;
	const char *value, *registry = NULL;
	ds_registry *reg = NULL;
	int64_t index = -1;
	char *text = NULL;
	int opt, format = 0, status = CLI_EXIT_OK, bom = -1, no_bom = 0;
	unsigned int flags = 0;

	cli_args_init(&args, COMMAND, options, argc, argv);
	while ((opt = cli_next(&args, &value)) != CLI_DONE) {
		switch (opt) {
		case CLI_HELP: print_help(); goto done;
		case CLI_USAGE: status = CLI_EXIT_USAGE; goto done;
		case OPT_FORMAT:
			if ((format = cli_index_of(value, format_names)) < 0) {
				status = cli_usage_error(COMMAND, _("--format must be text, csv or xml, not '%s'"),
							 value);
				goto done;
			}
			break;
		case OPT_BOM: bom = 1; break;
		case OPT_NO_BOM:
			bom = 0;
			no_bom = 1;
			break;
		case OPT_REGISTRY: registry = value; break;
		}
	}
	if ((status = cli_one_file(&args, COMMAND)) != CLI_EXIT_OK)
		goto done;
	if ((bom == 1 || no_bom) && format != DS_SETTLEMENT_FORMAT_CSV) {
		status = cli_usage_error(COMMAND, no_bom ? _("--no-bom applies to --format csv only") :
							   _("--bom applies to --format csv only"));
		goto done;
	}
	/* CSV is for Excel unless told otherwise: with a byte order mark, as the
	 * ledger's and the policy's CSV (docs/tables.md). */
	if (format == DS_SETTLEMENT_FORMAT_CSV && !no_bom)
		flags |= DS_SETTLEMENT_BOM;
	if (ds_settlement_load(&s, cli_operands(&args)[0]) < 0 || ds_settlement_compute(&st, s) < 0 ||
	    ds_settlement_statement_write(&text, st, (ds_settlement_format)format, flags) < 0) {
		status = cli_library_error(COMMAND);
		goto done;
	}
	if (registry &&
	    (ds_registry_open(&reg, registry, NULL) < 0 || ds_registry_settlement_record(&index, reg, st) < 0)) {
		ds_free(text);
		status = cli_library_error(COMMAND);
		goto done;
	}
	fputs(text, stdout);
	ds_free(text);
	if (registry)
		fprintf(stderr, _("datasset settle: logged as entry %lld of %s\n"), (long long)index, registry);
done:
	ds_registry_free(reg);
	ds_settlement_statement_free(st);
	ds_settlement_free(s);
	return status;
}
