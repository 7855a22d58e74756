/*
 * datasset compliance: assess an entry with its evidence against a checklist, or show a checklist.
 * SPDX-License-Identifier: MIT
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include <datasset/datasset.h>

#include "cli.h"

enum {
	OPT_EVIDENCE = 1,
	OPT_CHECKLIST,
	OPT_AT,
	OPT_FORMAT,
	OPT_CATALOG,
	OPT_RESOURCE,
	OPT_PROBE,
	OPT_TIME,
	OPT_EVALUATOR
};

static const cli_option compliance_options[] = { { "evidence", 1, OPT_EVIDENCE },
						 { "checklist", 1, OPT_CHECKLIST },
						 { "at", 1, OPT_AT },
						 { "format", 1, OPT_FORMAT },
						 { "catalog", 1, OPT_CATALOG },
						 { "resource", 1, OPT_RESOURCE },
						 { "probe", 1, OPT_PROBE },
						 { "time", 1, OPT_TIME },
						 { "evaluator", 1, OPT_EVALUATOR },
						 { NULL, 0, 0 } };

static void print_help(void)
{
	fputs(_("Usage: datasset compliance assess ENTRY.xml [--evidence EVIDENCE.xml] [--checklist cn-2025|FILE]\n"
		"                              [--at YYYY-MM-DD] [--format text|xml|csv]\n"
		"                              [--catalog CATALOG.xml [--resource ID]] [--probe REPORT.xml]\n"
		"                              [--time ISO8601] [--evaluator NAME]\n"
		"       datasset compliance show [cn-2025|FILE]\n"
		"\n"
		"assess  evaluate the entry (urn:datasset:compliance:1 <entry>: registrant, declared flags)\n"
		"        with its evidence list (<evidence-list>) against the checklist: every item's\n"
		"        status (SATISFIED, NOT_SATISFIED, MISSING, NOT_APPLICABLE) with the evidence\n"
		"        that decided it and its legal basis, then the outcome (pass, conditional with\n"
		"        restriction codes, fail) and what it does to a registration in REVIEW.\n"
		"        The exit status is 0 whatever the outcome; read it from the output.\n"
		"show    print the checklist: sources, flags, derived flags, restrictions, items.\n"
		"\n"
		"A checklist is a bundled name (cn-2025, the default) or a checklist document;\n"
		"a name containing '/' or ending in .xml is a file.\n"
		"\n"
		"Options:\n"
		"  --evidence F    the evidence list (default: none)\n"
		"  --checklist C   the checklist (default cn-2025)\n"
		"  --at DATE       the assessment date at which evidence expiry is checked\n"
		"                  (default: today, China Standard Time)\n"
		"  --format F      text (default), xml (<assessment>) or csv (one row per item)\n"
		"  --catalog F     add the facts of a catalogue entry (catalog.FIELD): the catalogue's\n"
		"                  only entry, or the one --resource names by identifier\n"
		"  --probe F       add the facts of a probe report (probe.personal_info, ...)\n"
		"  --time T        the evaluation time recorded (default: now)\n"
		"  --evaluator N   who evaluated, recorded (default: datasset)\n"
		"  -h, --help      show this help\n"
		"\n"
		"Examples (the worked example E1 of docs/compliance.md is in examples/data/):\n"
		"  datasset compliance show cn-2025\n"
		"  datasset compliance assess compliance-entry.xml --evidence compliance-evidence.xml --at 2025-06-01\n"
		"  datasset compliance assess compliance-entry.xml --evidence compliance-evidence.xml --at 2025-06-01 --format xml\n"),
	      stdout);
}

static int is_file(const char *name)
{
	size_t n = strlen(name);
	return strchr(name, '/') || (n > 4 && strcmp(name + n - 4, ".xml") == 0);
}

static int open_checklist(ds_checklist **out, const char *name)
{
	return is_file(name) ? ds_checklist_load(out, name) : ds_checklist_bundled(out, name);
}

/* Add the facts of the catalogue entry @id (or the only one) of @path to @entry. */
static int add_catalog(ds_compliance_entry *entry, const char *path, const char *id)
{
	ds_catalog *catalog = NULL;
	const ds_resource *resource = NULL;
	size_t index = 0;
	int rc;

	if ((rc = ds_catalog_load(&catalog, path)) < 0)
		goto done;
	if (id) {
		if ((rc = ds_catalog_find(&index, catalog, id)) < 0)
			goto done;
	} else if (ds_catalog_count(catalog) != 1) {
		cli_error("compliance", _("%s holds %zu entries: name one with --resource ID"), path,
			  ds_catalog_count(catalog));
		rc = 1;
		goto done;
	}
	if ((rc = ds_catalog_at(&resource, catalog, index)) < 0)
		goto done;
	rc = ds_compliance_entry_set_resource(entry, resource);
done:
	ds_catalog_free(catalog);
	return rc;
}

int cmd_compliance(int argc, char **argv)
{
	cli_args args;
	const char *value, *checklist_name = "cn-2025", *format = "text", *evidence_path = NULL, *catalog_path = NULL,
			   *resource_id = NULL, *probe_path = NULL;
	ds_compliance_options opts = DS_COMPLIANCE_OPTIONS_INIT;
	ds_checklist *checklist = NULL;
	ds_compliance_entry *entry = NULL;
	ds_evidence *evidence = NULL;
	ds_probe *probe = NULL;
	ds_assessment *assessment = NULL;
	ds_compliance_format fmt = DS_COMPLIANCE_TEXT;
	char *text = NULL, **operands;
	int opt, status = CLI_EXIT_OK, rc;

	cli_args_init(&args, "compliance", compliance_options, argc, argv);
	while ((opt = cli_next(&args, &value)) != CLI_DONE) {
		switch (opt) {
		case CLI_HELP: print_help(); goto done;
		case CLI_USAGE: status = CLI_EXIT_USAGE; goto done;
		case OPT_EVIDENCE: evidence_path = value; break;
		case OPT_CHECKLIST: checklist_name = value; break;
		case OPT_AT: opts.date = value; break;
		case OPT_TIME: opts.time = value; break;
		case OPT_EVALUATOR: opts.evaluator = value; break;
		case OPT_CATALOG: catalog_path = value; break;
		case OPT_RESOURCE: resource_id = value; break;
		case OPT_PROBE: probe_path = value; break;
		case OPT_FORMAT:
			if (strcmp(value, "text") != 0 && strcmp(value, "xml") != 0 && strcmp(value, "csv") != 0) {
				status = cli_usage_error("compliance", _("unknown format '%s' (valid: text, xml, csv)"),
							 value);
				goto done;
			}
			format = value;
			break;
		}
	}
	operands = cli_operands(&args);
	if (args.operand_count == 0) {
		status = cli_usage_error("compliance", _("missing action (assess or show)"));
		goto done;
	}
	if (strcmp(operands[0], "show") == 0) {
		if (args.operand_count > 2) {
			status = cli_usage_error("compliance", _("show takes at most one checklist"));
			goto done;
		}
		if (args.operand_count == 2)
			checklist_name = operands[1];
		if (open_checklist(&checklist, checklist_name) < 0 || ds_checklist_describe(&text, checklist) < 0) {
			status = cli_library_error("compliance");
			goto done;
		}
		fputs(text, stdout);
		goto done;
	}
	if (strcmp(operands[0], "assess") != 0) {
		status = cli_usage_error("compliance", _("unknown action '%s' (assess or show)"), operands[0]);
		goto done;
	}
	if (args.operand_count != 2) {
		status = cli_usage_error("compliance", _("assess needs exactly one ENTRY.xml"));
		goto done;
	}
	if (resource_id && !catalog_path) {
		status = cli_usage_error("compliance", _("--resource needs --catalog"));
		goto done;
	}
	fmt = strcmp(format, "xml") == 0 ? DS_COMPLIANCE_XML :
	      strcmp(format, "csv") == 0 ? DS_COMPLIANCE_CSV :
					   DS_COMPLIANCE_TEXT;
	if (open_checklist(&checklist, checklist_name) < 0 || ds_compliance_entry_load(&entry, operands[1]) < 0 ||
	    (evidence_path && ds_evidence_load(&evidence, evidence_path) < 0)) {
		status = cli_library_error("compliance");
		goto done;
	}
	if (catalog_path && (rc = add_catalog(entry, catalog_path, resource_id)) != 0) {
		status = rc < 0 ? cli_library_error("compliance") : CLI_EXIT_FAILURE;
		goto done;
	}
	if (probe_path && (ds_probe_load(&probe, probe_path) < 0 || ds_compliance_entry_set_probe(entry, probe) < 0)) {
		status = cli_library_error("compliance");
		goto done;
	}
	if (ds_compliance_assess(&assessment, checklist, entry, evidence, &opts) < 0 ||
	    ds_assessment_write(&text, assessment, fmt) < 0) {
		status = cli_library_error("compliance");
		goto done;
	}
	fputs(text, stdout);
done:
	ds_free(text);
	ds_assessment_free(assessment);
	ds_probe_free(probe);
	ds_evidence_free(evidence);
	ds_compliance_entry_free(entry);
	ds_checklist_free(checklist);
	return status;
}
