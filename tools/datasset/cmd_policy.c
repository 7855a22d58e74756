/*
 * datasset policy: evaluate 奖补 applications against a policy, or show a policy's rules.
 * SPDX-License-Identifier: MIT
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include <datasset/datasset.h>

#include "cli.h"
#include "cli_tables.h"

enum { OPT_POLICY = 1, OPT_FORMAT, OPT_STREAM };

static const cli_option policy_options[] = { { "policy", 1, OPT_POLICY },
					     { "format", 1, OPT_FORMAT },
					     { "stream", 0, OPT_STREAM },
					     CLI_TABLE_OPTIONS,
					     { NULL, 0, 0 } };

static void print_help(void)
{
	fputs(_("Usage: datasset policy evaluate [--policy jinan-2025|FILE] [--format text|xml|csv|xlsx] [--out FILE] APPLICATIONS.xml\n"
		"       datasset policy explain [--policy jinan-2025|FILE] APPLICANT APPLICATIONS.xml\n"
		"       datasset policy show [jinan-2025|FILE]\n"
		"\n"
		"evaluate  rank and award every applicant of APPLICATIONS.xml (urn:datasset:applications:1)\n"
		"          under the policy: eligibility with the failed condition and its figures,\n"
		"          rank, uncapped amount, caps applied, 就高 and the final award, with totals.\n"
		"explain   for one applicant (its 统一社会信用代码): every condition of every programme,\n"
		"          met or not, with the figures it reads and the clause it comes from, then\n"
		"          the outcome (rank, basis, caps, 就高, award).\n"
		"show      print the policy's rules in plain words.\n"
		"\n"
		"A policy is a bundled name (jinan-2025, the default) or a policy document\n"
		"(urn:datasset:policy:1); a name containing '/' or ending in .xml is a file.\n"
		"\n"
		"Options:\n"
		"  --policy P    the policy (default jinan-2025)\n"
		"  --format F    text (default), xml (urn:datasset:awards:1), csv or xlsx: the tables\n"
		"                1 奖补名单 (every line) and 2 奖补汇总 (totals), or machine-csv\n"
		"                (the former csv: English column names, one row per line, no BOM)\n"),
	      stdout);
	fputs(_(CLI_TABLE_HELP), stdout);
	fputs(_("  --stream      evaluate: read the applications one at a time and write the\n"
		"                result as it goes (text, xml or machine-csv: the same bytes,\n"
		"                in bounded memory)\n"
		"  -h, --help    show this help\n"
		"\n"
		"Examples:\n"
		"  datasset policy show jinan-2025\n"
		"  datasset policy evaluate --format csv --table 奖补名单 applications.xml > awards.csv\n"
		"  datasset policy evaluate --format xlsx --out 奖补.xlsx applications.xml\n"
		"  datasset policy explain 91370100MA00000010 applications.xml\n"),
	      stdout);
}

static int is_file(const char *name)
{
	size_t n = strlen(name);
	return strchr(name, '/') || (n > 4 && strcmp(name + n - 4, ".xml") == 0);
}

static int open_policy(ds_policy **out, const char *name)
{
	return is_file(name) ? ds_policy_load(out, name) : ds_policy_bundled(out, name);
}

static int write_stdout(const char *data, size_t len, void *context)
{
	(void)context;
	return fwrite(data, 1, len, stdout) == len ? 0 : -1;
}

int cmd_policy(int argc, char **argv)
{
	cli_args args;
	const char *value, *policy_name = "jinan-2025", *format = "text", *action;
	ds_policy *policy = NULL;
	ds_applications *apps = NULL;
	ds_awards *awards = NULL;
	ds_awards_csv_options csv = DS_AWARDS_CSV_OPTIONS_INIT;
	ds_tables *tables = NULL;
	cli_table_opts topts;
	char *text = NULL, **operands;
	int opt, status = CLI_EXIT_OK, rc, stream = 0;

	cli_table_opts_init(&topts);
	cli_args_init(&args, "policy", policy_options, argc, argv);
	while ((opt = cli_next(&args, &value)) != CLI_DONE) {
		switch (opt) {
		case CLI_HELP: print_help(); goto done;
		case CLI_USAGE: status = CLI_EXIT_USAGE; goto done;
		case OPT_POLICY: policy_name = value; break;
		case OPT_FORMAT:
			if (strcmp(value, "text") != 0 && strcmp(value, "xml") != 0 && strcmp(value, "csv") != 0 &&
			    strcmp(value, "xlsx") != 0 && strcmp(value, "machine-csv") != 0) {
				status = cli_usage_error(
					"policy", _("unknown format '%s' (valid: text, xml, csv, xlsx, machine-csv)"),
					value);
				goto done;
			}
			format = value;
			break;
		case OPT_STREAM: stream = 1; break;
		default:
			if (cli_table_option("policy", &topts, opt, value) != 1) {
				status = CLI_EXIT_USAGE;
				goto done;
			}
		}
	}
	operands = cli_operands(&args);
	if (args.operand_count == 0) {
		status = cli_usage_error("policy", _("missing action (evaluate, explain or show)"));
		goto done;
	}
	action = operands[0];
	if (strcmp(action, "show") == 0) {
		if (args.operand_count > 2) {
			status = cli_usage_error("policy", _("show takes at most one policy"));
			goto done;
		}
		if (args.operand_count == 2)
			policy_name = operands[1];
		if (open_policy(&policy, policy_name) < 0 || ds_policy_describe(&text, policy) < 0) {
			status = cli_library_error("policy");
			goto done;
		}
		fputs(text, stdout);
		goto done;
	}
	if (strcmp(action, "explain") == 0) {
		if (args.operand_count != 3) {
			status = cli_usage_error("policy", _("explain needs an APPLICANT and an APPLICATIONS.xml"));
			goto done;
		}
		if (open_policy(&policy, policy_name) < 0 || ds_applications_load(&apps, operands[2]) < 0 ||
		    ds_policy_explain(&text, policy, apps, operands[1]) < 0) {
			status = cli_library_error("policy");
			goto done;
		}
		fputs(text, stdout);
		goto done;
	}
	if (strcmp(action, "evaluate") != 0) {
		status = cli_usage_error("policy", _("unknown action '%s' (evaluate, explain or show)"), action);
		goto done;
	}
	if (args.operand_count != 2) {
		status = cli_usage_error("policy", _("evaluate needs exactly one APPLICATIONS.xml"));
		goto done;
	}
	if ((topts.bom_given || topts.out || cli_table_opts_given(&topts)) && strcmp(format, "csv") != 0 &&
	    strcmp(format, "xlsx") != 0) {
		status = topts.bom_given ? cli_usage_error("policy", _("--bom needs --format csv")) :
					   cli_usage_error("policy", _("--out, --table, --no-bom, --encoding and "
								       "--excel-text need --format csv or xlsx"));
		goto done;
	}
	if (stream) {
		ds_awards_stream_options so = DS_AWARDS_STREAM_OPTIONS_INIT;
		if (strcmp(format, "text") != 0 && strcmp(format, "xml") != 0 && strcmp(format, "machine-csv") != 0) {
			status = cli_usage_error("policy", _("--stream writes text, xml or machine-csv, not %s"),
						 format);
			goto done;
		}
		so.format = strcmp(format, "xml") == 0	       ? DS_AWARDS_FORMAT_XML :
			    strcmp(format, "machine-csv") == 0 ? DS_AWARDS_FORMAT_CSV :
								 DS_AWARDS_FORMAT_TEXT;
		if (open_policy(&policy, policy_name) < 0 ||
		    ds_policy_evaluate_stream(policy, operands[1], &so, write_stdout, NULL) < 0)
			status = cli_library_error("policy");
		goto done;
	}
	if (open_policy(&policy, policy_name) < 0 || ds_applications_load(&apps, operands[1]) < 0 ||
	    ds_policy_evaluate(&awards, policy, apps) < 0) {
		status = cli_library_error("policy");
		goto done;
	}
	if (strcmp(format, "csv") == 0 || strcmp(format, "xlsx") == 0) {
		if (ds_awards_tables(&tables, awards) < 0) {
			status = cli_library_error("policy");
			goto done;
		}
		/* One table to stdout without --table: the award list. */
		if (strcmp(format, "csv") == 0 && !topts.out && !topts.table)
			topts.table = "奖补名单";
		status = cli_tables_emit("policy", tables, strcmp(format, "xlsx") == 0, &topts);
		goto done;
	}
	if (strcmp(format, "xml") == 0)
		rc = ds_awards_to_xml(&text, awards);
	else if (strcmp(format, "machine-csv") == 0)
		rc = ds_awards_to_csv(&text, awards, &csv);
	else
		rc = ds_awards_to_text(&text, awards);
	if (rc < 0) {
		status = cli_library_error("policy");
		goto done;
	}
	fputs(text, stdout);
done:
	ds_free(text);
	ds_tables_free(tables);
	ds_awards_free(awards);
	ds_applications_free(apps);
	ds_policy_free(policy);
	return status;
}
