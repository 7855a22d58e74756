/*
 * datasset registry require-assessment | assess | assessments: compliance
 * assessments (数据合规) in the registry (registry.h, "compliance").
 * cmd_registry() hands these subcommands over before parsing its own options.
 * SPDX-License-Identifier: MIT
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <datasset/datasset.h>

#include "cli.h"

#define CMD "registry"

enum {
	OPT_DB = 1,
	OPT_KIND,
	OPT_PURPOSE,
	OPT_CHECKLIST,
	OPT_NONE,
	OPT_BY,
	OPT_AT,
	OPT_ENTRY,
	OPT_EVIDENCE,
	OPT_DATE,
	OPT_EVALUATOR,
	OPT_PROBE,
	OPT_REASON,
	OPT_PUBLICITY_DAYS,
	OPT_XML,
	MAX_OPT
};

_Static_assert(MAX_OPT <= CLI_MAX_OPTIONS, "an option id past cli_values");

static const cli_option options[] = {
	{ "db", 1, OPT_DB },
	{ "kind", 1, OPT_KIND },
	{ "purpose", 1, OPT_PURPOSE },
	{ "checklist", 1, OPT_CHECKLIST },
	{ "none", 0, OPT_NONE },
	{ "by", 1, OPT_BY },
	{ "at", 1, OPT_AT },
	{ "entry", 1, OPT_ENTRY },
	{ "evidence", 1, OPT_EVIDENCE },
	{ "date", 1, OPT_DATE },
	{ "evaluator", 1, OPT_EVALUATOR },
	{ "probe", 1, OPT_PROBE },
	{ "reason", 1, OPT_REASON },
	{ "publicity-days", 1, OPT_PUBLICITY_DAYS },
	{ "xml", 0, OPT_XML },
	{ NULL, 0, 0 },
};

static void print_help(void)
{
	fputs(_("Usage: datasset registry require-assessment --kind K (--purpose P [--checklist ID] | --none) --by WHO\n"
		"       datasset registry assess ID --entry ENTRY.xml [--evidence EVIDENCE.xml] [--checklist ID|FILE]\n"
		"                                 [--date D] [--evaluator NAME] --by WHO [--at T] [--reason TEXT]\n"
		"       datasset registry assess ID --probe REPORT.xml|DATA --by WHO [--at T] [--checklist FILE]\n"
		"       datasset registry assessments ID [--xml]\n"
		"\n"
		"Compliance assessments (数据合规) in the registry. require-assessment makes\n"
		"registrations of kind K (resource, product, asset, ip) need an assessment with\n"
		"outcome pass or conditional on file before 公示, made for purpose P (the\n"
		"checklist's purpose flag: register, or list for 挂牌) with checklist ID\n"
		"(default cn-2025); --none removes the requirement. Logged.\n"
		"\n"
		"assess ID --entry evaluates the entry and evidence (as `datasset compliance\n"
		"assess`, plus the facts of the probe report stored with the registration) and\n"
		"records the result against registration ID: stored, digested, logged. In\n"
		"review, pass or conditional-with-restrictions-only moves it to publicity (the\n"
		"restriction codes written into its restrictions and, at registration, onto the\n"
		"certificate), fail moves it to rejected with the failing items as the reason,\n"
		"and any other conditional keeps it in review listing every item to supply.\n"
		"Exit status 0 for proceed, 3 for hold, 4 for reject.\n"
		"\n"
		"assess ID --probe checks the assessment on file against a later probe report\n"
		"(urn:datasset:probe:1, a .xml file) or a data file probed now: personal\n"
		"information it did not declare marks it stale (stored, logged; exit 5), and a\n"
		"stale assessment no longer lets the registration enter publicity.\n"
		"\n"
		"assessments ID lists the assessments recorded against ID; --xml prints the\n"
		"latest one's document.\n"
		"\n"
		"Options: --db PATH (default $DATASSET_DB, else ./registry.db), -h, --help.\n"
		"\n"
		"Examples:\n"
		"  datasset registry require-assessment --kind product --purpose list --by 平台管理员\n"
		"  datasset registry assess 1 --entry e2-entry.xml --evidence e2-evidence.xml --date 2025-03-20 --by 合规审查员\n"
		"  datasset registry assess 1 --probe persons.csv --by 合规审查员\n"
		"  datasset registry assessments 1\n"),
	      stdout);
}

static int is_file(const char *name)
{
	size_t n = strlen(name);
	return strchr(name, '/') || (n > 4 && strcmp(name + n - 4, ".xml") == 0);
}

static int require(ds_registry *reg, const char *const *v)
{
	const char *checklist = v[OPT_CHECKLIST] ? v[OPT_CHECKLIST] : "cn-2025";
	int kind;

	if (!v[OPT_KIND] || !v[OPT_BY] || (!v[OPT_PURPOSE] == !v[OPT_NONE]))
		return cli_usage_error(CMD, _("require-assessment needs --kind, --by and one of --purpose or --none"));
	if (ds_registry_code_parse(&kind, DS_CODE_KIND, v[OPT_KIND]) < 0 ||
	    ds_registry_compliance_require(reg, (ds_reg_kind)kind, v[OPT_PURPOSE], checklist, v[OPT_BY]) < 0)
		return cli_library_error(CMD);
	if (v[OPT_PURPOSE])
		printf(_("%s: an assessment for purpose %s (checklist %s) is required before publicity\n"),
		       ds_registry_code_name(DS_CODE_KIND, kind), v[OPT_PURPOSE], checklist);
	else
		printf(_("%s: no assessment required\n"), ds_registry_code_name(DS_CODE_KIND, kind));
	return CLI_EXIT_OK;
}

static void print_record(const ds_assessment_record *r)
{
	printf(_("assessment %lld: %s, %s (checklist %s version %s, purpose %s, assessed %s by %s)\n"),
	       (long long)r->id, ds_compliance_outcome_name(r->outcome),
	       r->workflow == DS_COMPLIANCE_PROCEED ? _("proceed") :
	       r->workflow == DS_COMPLIANCE_HOLD    ? _("hold (补正)") :
						      _("reject (不予登记)"),
	       r->checklist, r->checklist_version, *r->purpose ? r->purpose : "-", r->assessed, r->evaluator);
	printf(_("  digest %s, log entry %lld, recorded %s by %s\n"), r->digest, (long long)r->log_index, r->recorded,
	       r->actor);
	if (*r->restrictions) {
		const char *p = r->restrictions;
		while (*p) {
			const char *tab = strchr(p, '\t'), *nl = strchr(p, '\n');
			if (!tab || !nl)
				break;
			printf(_("  restriction %.*s: %.*s\n"), (int)(tab - p), p, (int)(nl - tab - 1), tab + 1);
			p = nl + 1;
		}
	}
	if (*r->reasons) {
		const char *p = r->reasons;
		while (*p) {
			const char *nl = strchr(p, '\n');
			if (!nl)
				break;
			printf("  %s %.*s\n", r->workflow == DS_COMPLIANCE_HOLD ? _("supply") : _("failed"),
			       (int)(nl - p), p);
			p = nl + 1;
		}
	}
	if (r->stale)
		printf(_("  STALE since %s: %s\n"), r->stale_at, r->stale);
}

static int latest(ds_registry *reg, int64_t id)
{
	ds_assessment_record *list = NULL;
	size_t n = 0;

	if (ds_registry_assessment_list(&list, &n, reg, id) < 0)
		return cli_library_error(CMD);
	if (n)
		print_record(&list[n - 1]);
	ds_free(list);
	return CLI_EXIT_OK;
}

static int check_probe(ds_registry *reg, int64_t id, const char *const *v, ds_transition_request *t)
{
	ds_probe *probe = NULL;
	ds_checklist *checklist = NULL;
	int stale = 0, status = CLI_EXIT_OK;

	if ((is_file(v[OPT_PROBE]) && strlen(v[OPT_PROBE]) > 4 &&
	     strcmp(v[OPT_PROBE] + strlen(v[OPT_PROBE]) - 4, ".xml") == 0) ?
		    ds_probe_load(&probe, v[OPT_PROBE]) < 0 :
		    ds_probe_file(&probe, v[OPT_PROBE], NULL) < 0)
		return cli_library_error(CMD);
	if (v[OPT_CHECKLIST] && (is_file(v[OPT_CHECKLIST]) ? ds_checklist_load(&checklist, v[OPT_CHECKLIST]) :
							     ds_checklist_bundled(&checklist, v[OPT_CHECKLIST])) < 0) {
		status = cli_library_error(CMD);
		goto done;
	}
	if (ds_registry_assessment_check_probe(&stale, reg, id, probe, checklist, t) < 0) {
		status = cli_library_error(CMD);
		goto done;
	}
	if ((status = latest(reg, id)) != CLI_EXIT_OK)
		goto done;
	if (!stale)
		puts(_("the probe report finds nothing the assessment did not declare"));
	status = stale ? 5 : CLI_EXIT_OK;
done:
	ds_checklist_free(checklist);
	ds_probe_free(probe);
	return status;
}

static int assess(ds_registry *reg, int64_t id, const char *const *v)
{
	ds_transition_request t = DS_TRANSITION_REQUEST_INIT;
	ds_compliance_options opts = DS_COMPLIANCE_OPTIONS_INIT;
	const char *checklist_name = v[OPT_CHECKLIST] ? v[OPT_CHECKLIST] : NULL;
	ds_checklist *checklist = NULL;
	ds_compliance_entry *entry = NULL;
	ds_evidence *evidence = NULL;
	ds_probe *probe = NULL;
	ds_assessment *a = NULL;
	ds_compliance_workflow effect = DS_COMPLIANCE_HOLD;
	char *stored = NULL, *purpose = NULL, *required = NULL;
	ds_registration *r = NULL;
	int status = CLI_EXIT_OK;

	if (!v[OPT_BY])
		return cli_usage_error(CMD, _("assess needs --by WHO"));
	if (!v[OPT_ENTRY] == !v[OPT_PROBE])
		return cli_usage_error(
			CMD, _("assess needs one of --entry (a new assessment) or --probe (a staleness check)"));
	t.actor = v[OPT_BY];
	t.time = v[OPT_AT];
	t.reason = v[OPT_REASON];
	if (v[OPT_PROBE])
		return check_probe(reg, id, v, &t);
	/* The checklist the registration's kind requires, unless named. */
	if (!checklist_name) {
		if (ds_registry_get(&r, reg, id) < 0)
			return cli_library_error(CMD);
		if (ds_registry_compliance_requirement(&purpose, &required, reg, r->kind) < 0)
			required = NULL;
		ds_free(r);
		checklist_name = required ? required : "cn-2025";
	}
	if ((is_file(checklist_name) ? ds_checklist_load(&checklist, checklist_name) :
				       ds_checklist_bundled(&checklist, checklist_name)) < 0 ||
	    ds_compliance_entry_load(&entry, v[OPT_ENTRY]) < 0 ||
	    (v[OPT_EVIDENCE] && ds_evidence_load(&evidence, v[OPT_EVIDENCE]) < 0)) {
		status = cli_library_error(CMD);
		goto done;
	}
	/* The probe report stored with the registration raises what it finds. */
	if (ds_registry_document(&stored, reg, id, DS_DOCUMENT_PROBE) == DS_OK &&
	    (ds_probe_parse(&probe, stored, strlen(stored), "stored probe report") < 0 ||
	     ds_compliance_entry_set_probe(entry, probe) < 0)) {
		status = cli_library_error(CMD);
		goto done;
	}
	opts.date = v[OPT_DATE];
	opts.time = v[OPT_AT];
	opts.evaluator = v[OPT_EVALUATOR] ? v[OPT_EVALUATOR] : v[OPT_BY];
	if (ds_compliance_assess(&a, checklist, entry, evidence, &opts) < 0 ||
	    ds_registry_assessment_add(NULL, &effect, reg, id, a, &t) < 0) {
		status = cli_library_error(CMD);
		goto done;
	}
	if ((status = latest(reg, id)) != CLI_EXIT_OK)
		goto done;
	if (ds_registry_get(&r, reg, id) == DS_OK) {
		printf(_("registration %lld: %s (%s)\n"), (long long)id, ds_registry_code_name(DS_CODE_STATE, r->state),
		       ds_registry_code_label(DS_CODE_STATE, r->state));
		ds_free(r);
	}
	status = effect == DS_COMPLIANCE_PROCEED ? CLI_EXIT_OK : effect == DS_COMPLIANCE_HOLD ? 3 : 4;
done:
	ds_assessment_free(a);
	ds_probe_free(probe);
	ds_evidence_free(evidence);
	ds_compliance_entry_free(entry);
	ds_checklist_free(checklist);
	ds_free(stored);
	ds_free(purpose);
	ds_free(required);
	return status;
}

static int list(ds_registry *reg, int64_t id, int xml)
{
	ds_assessment_record *records = NULL;
	char *doc = NULL;
	size_t n = 0, i;

	if (xml) {
		if (ds_registry_document(&doc, reg, id, DS_DOCUMENT_ASSESSMENT) < 0)
			return cli_library_error(CMD);
		fputs(doc, stdout);
		ds_free(doc);
		return CLI_EXIT_OK;
	}
	if (ds_registry_assessment_list(&records, &n, reg, id) < 0)
		return cli_library_error(CMD);
	if (!n)
		printf(_("registration %lld: no compliance assessment recorded\n"), (long long)id);
	for (i = 0; i < n; i++)
		print_record(&records[i]);
	ds_free(records);
	return CLI_EXIT_OK;
}

/* The first operand of argv (skipping the options and the values of those that take one). */
static const char *subcommand(int argc, char **argv)
{
	int i, k;

	for (i = 1; i < argc; i++) {
		const char *arg = argv[i];
		if (strcmp(arg, "--") == 0)
			return i + 1 < argc ? argv[i + 1] : NULL;
		if (arg[0] != '-' || !arg[1])
			return arg;
		if (strchr(arg, '='))
			continue;
		for (k = 0; options[k].name; k++)
			if (options[k].takes_value && strcmp(arg + 2, options[k].name) == 0)
				i++;
	}
	return NULL;
}

int cmd_registry_compliance(int argc, char **argv)
{
	const char *sub = subcommand(argc, argv);
	cli_values v;
	ds_registry *reg = NULL;
	int64_t id = 0;
	int status;

	if (!sub || (strcmp(sub, "require-assessment") && strcmp(sub, "assess") && strcmp(sub, "assessments")))
		return CLI_NOT_MINE;
	status = cli_read_options(&v, CMD, options, print_help, argc, argv);
	if (status == CLI_HELP)
		return CLI_EXIT_OK;
	if (status == CLI_USAGE)
		return CLI_EXIT_USAGE;
	if (strcmp(sub, "require-assessment") == 0 ? v.operand_count != 1 :
						     (v.operand_count != 2 || cli_parse_id(v.operands[1], &id) < 0))
		return cli_usage_error(CMD, "%s %s", sub,
				       strcmp(sub, "require-assessment") == 0 ? _("takes no operand") :
										_("needs one registration ID"));
	if ((status = cli_open_registry(&reg, CMD, v.value[OPT_DB], v.value[OPT_PUBLICITY_DAYS])) != CLI_EXIT_OK)
		return status;
	if (strcmp(sub, "require-assessment") == 0)
		status = require(reg, v.value);
	else if (strcmp(sub, "assess") == 0)
		status = assess(reg, id, v.value);
	else
		status = list(reg, id, v.value[OPT_XML] != NULL);
	ds_registry_free(reg);
	return status;
}
