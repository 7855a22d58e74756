/*
 * datasset: the command-line face of libdatasset, git-style
 * (`datasset [--version | --help] <command> [options]`).
 * SPDX-License-Identifier: MIT
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <datasset/datasset.h>

#include "cli.h"

typedef struct command {
	const char *name;
	const char *summary;
	int (*run)(int argc, char **argv);
} command;

static const command commands[] = {
	{ "calc", N_("evaluate an arithmetic expression exactly"), cmd_calc },
	{ "catalog", N_("validate, list, search, export and diff 政务元数据 catalogues"), cmd_catalog },
	{ "words", N_("write an amount or a date in 人民币大写, or read an amount back"), cmd_words },
	{ "value", N_("value a data asset (数据资产评估): income, cost or market approach"), cmd_value },
	{ "registry", N_("register data rights: registrants, applications, workflow, trades"), cmd_registry },
	{ "policy", N_("evaluate 奖补 applications against a subsidy policy, or show its rules"), cmd_policy },
	{ "ledger", N_("入表: amortisation schedules, journal entries and disclosure tables"), cmd_ledger },
	{ "settle", N_("公共数据授权运营: MAR, yearly tiers, period excess and the settlement of fee pools"),
	  cmd_settle },
	{ "cert", N_("issue, show and verify 登记凭证 (certificates) and 注销 records offline"), cmd_cert },
	{ "log", N_("verify transparency-log checkpoints and proofs offline"), cmd_log },
	{ "compliance", N_("数据合规: assess an entry and its evidence against a checklist, or show one"),
	  cmd_compliance },
	{ "probe", N_("自动探查: infer a CSV or SQLite table's schema, statistics and quality; diff probes"),
	  cmd_probe },
	{ NULL, NULL, NULL },
};

static void print_help(void)
{
	const command *c;

	fputs(_("Usage: datasset [--version | --help] <command> [options]\n"
		"\n"
		"Commands:\n"),
	      stdout);
	for (c = commands; c->name; c++)
		printf("  %-8s %s\n", c->name, _(c->summary));
	fputs(_("\n"
		"Run 'datasset <command> --help' for a command's options.\n"
		"Exit status: 0 success, 1 failure, 2 usage error.\n"),
	      stdout);
}

static const command *find_command(const char *name)
{
	const command *c;

	for (c = commands; c->name; c++)
		if (strcmp(c->name, name) == 0)
			return c;
	return NULL;
}

static int run(int argc, char **argv)
{
	const command *c;

	if (argc < 2)
		return cli_usage_error(NULL, _("no command given"));
	if (strcmp(argv[1], "--version") == 0) {
		printf("datasset %s\n", ds_version(NULL, NULL, NULL));
		return CLI_EXIT_OK;
	}
	if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
		print_help();
		return CLI_EXIT_OK;
	}
	if (argv[1][0] == '-')
		return cli_usage_error(NULL, _("unknown option '%s'"), argv[1]);
	if (!(c = find_command(argv[1])))
		return cli_usage_error(NULL, _("unknown command '%s'"), argv[1]);
	return c->run(argc - 1, argv + 1);
}

int main(int argc, char **argv)
{
	int status;

	cli_i18n_init();
	status = run(argc, argv);

	/* A result that could not be written is a failure ("datasset calc 1 >/dev/full"). */
	if (fflush(stdout) != 0 || ferror(stdout)) {
		cli_error(NULL, _("cannot write the output: %s"), strerror(errno));
		if (status == CLI_EXIT_OK)
			status = CLI_EXIT_FAILURE;
	}
	return status;
}
