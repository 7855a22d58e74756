/*
 * datasset registry: registrants, registrations, the workflow, trades and
 * the applications export, over one registry database.
 * SPDX-License-Identifier: MIT
 */
#include "config.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <datasset/datasset.h>

#include "cli.h"
#include "trust_cli.h"

#define CMD "registry"

enum {
	OPT_DB = 1,
	OPT_NAME,
	OPT_REGION,
	OPT_CODE,
	OPT_TYPE,
	OPT_SUBJECT,
	OPT_KIND,
	OPT_RIGHT,
	OPT_ENTRY,
	OPT_ENTRY_ID,
	OPT_CHANGES,
	OPT_SCOPE,
	OPT_TERM,
	OPT_RESTRICTIONS,
	OPT_TO,
	OPT_BY,
	OPT_REASON,
	OPT_AT,
	OPT_EVIDENCE,
	OPT_STATE,
	OPT_SELLER,
	OPT_BUYER,
	OPT_PRODUCT,
	OPT_AMOUNT,
	OPT_DATE,
	OPT_VENUE,
	OPT_VOUCHER,
	OPT_WINDOW,
	OPT_FROM,
	OPT_OFFSET,
	OPT_LIMIT,
	OPT_PUBLICITY_DAYS,
	OPT_DRAFT,
	OPT_PROBE,
	OPT_VALUATION,
	OPT_PROFILE,
	OPT_KEY_ID,
	OPT_OUT,
	OPT_REGISTRATION,
	OPT_FILING,
	OPT_PROVIDER,
	OPT_FOUNDED,
	OPT_APPROVED,
	OPT_INDEPENDENT,
	OPT_CLEAN,
	OPT_QUALIFICATIONS,
	OPT_WEEKENDS_ONLY,
	OPT_CATALOG,
	OPT_RECORDS,
	OPT_FIELDS,
	OPT_BYTES,
	OPT_COVERAGE_REGION,
	OPT_COVERAGE_PERIOD,
	OPT_QUALITY,
	OPT_HEAD,
	OPT_KEY
};

static const cli_option options[] = {
	{ "db", 1, OPT_DB },
	{ "name", 1, OPT_NAME },
	{ "region", 1, OPT_REGION },
	{ "code", 1, OPT_CODE },
	{ "type", 1, OPT_TYPE },
	{ "subject", 1, OPT_SUBJECT },
	{ "kind", 1, OPT_KIND },
	{ "right", 1, OPT_RIGHT },
	{ "entry", 1, OPT_ENTRY },
	{ "entry-id", 1, OPT_ENTRY_ID },
	{ "changes", 1, OPT_CHANGES },
	{ "scope", 1, OPT_SCOPE },
	{ "term", 1, OPT_TERM },
	{ "restrictions", 1, OPT_RESTRICTIONS },
	{ "to", 1, OPT_TO },
	{ "by", 1, OPT_BY },
	{ "reason", 1, OPT_REASON },
	{ "at", 1, OPT_AT },
	{ "evidence", 1, OPT_EVIDENCE },
	{ "state", 1, OPT_STATE },
	{ "seller", 1, OPT_SELLER },
	{ "buyer", 1, OPT_BUYER },
	{ "product", 1, OPT_PRODUCT },
	{ "amount", 1, OPT_AMOUNT },
	{ "date", 1, OPT_DATE },
	{ "venue", 1, OPT_VENUE },
	{ "voucher", 1, OPT_VOUCHER },
	{ "window", 1, OPT_WINDOW },
	{ "from", 1, OPT_FROM },
	{ "offset", 1, OPT_OFFSET },
	{ "limit", 1, OPT_LIMIT },
	{ "publicity-days", 1, OPT_PUBLICITY_DAYS },
	{ "draft", 0, OPT_DRAFT },
	{ "probe", 1, OPT_PROBE },
	{ "valuation", 1, OPT_VALUATION },
	{ "profile", 1, OPT_PROFILE },
	{ "key-id", 1, OPT_KEY_ID },
	{ "out", 1, OPT_OUT },
	{ "registration", 1, OPT_REGISTRATION },
	{ "filing", 1, OPT_FILING },
	{ "provider", 1, OPT_PROVIDER },
	{ "founded", 1, OPT_FOUNDED },
	{ "approved", 0, OPT_APPROVED },
	{ "independent", 0, OPT_INDEPENDENT },
	{ "clean", 0, OPT_CLEAN },
	{ "qualifications", 1, OPT_QUALIFICATIONS },
	{ "weekends-only", 0, OPT_WEEKENDS_ONLY },
	{ "catalog", 1, OPT_CATALOG },
	{ "records", 1, OPT_RECORDS },
	{ "fields", 1, OPT_FIELDS },
	{ "bytes", 1, OPT_BYTES },
	{ "coverage-region", 1, OPT_COVERAGE_REGION },
	{ "coverage-period", 1, OPT_COVERAGE_PERIOD },
	{ "quality", 1, OPT_QUALITY },
	{ "head", 1, OPT_HEAD },
	{ "key", 1, OPT_KEY },
	{ NULL, 0, 0 },
};

#define MAX_OPT (OPT_KEY + 1)

static void print_help(void)
{
	fputs(_("Usage: datasset registry <subcommand> [--db PATH] [options]\n"
		"\n"
		"Keep a registry (产权登记) of registrants, registrations of the three data\n"
		"rights, their workflow and trades. --db defaults to $DATASSET_DB, else\n"
		"./registry.db; either may be a SQLite file or a PostgreSQL URI,\n"
		"postgresql://[user@]host/db?registry=KEY&keys=DIR (never a password: libpq\n"
		"reads it from ~/.pgpass or a service file). --at takes ISO 8601 (YYYY-MM-DD[THH:MM[:SS]][Z|+HH:MM]);\n"
		"without an offset it is China Standard Time (UTC+8).\n"
		"\n"
		"Subcommands:\n"
		"  init --name NAME --region CODE [--profile intl|gm] [--weekends-only]\n"
		"                                          create a registry and its signing key: Ed25519\n"
		"                                          (intl, default) or SM2/SM3 (gm), PEM files beside\n"
		"                                          the database (DB.ID16.key.pem, mode 0600; .pub.pem).\n"
		"                                          A mainland region starts with the official\n"
		"                                          holiday calendar (2020 on); --weekends-only counts\n"
		"                                          Saturdays and Sundays alone, and no calendar\n"
		"  rotate-key [--profile intl|gm]          a new current signing key (old ones are kept)\n"
		"  pubkey [--key-id ID]                    print the current (or that) public key PEM\n"
		"  calendar [FILE]                         load a working-day calendar (holidays, 调休);\n"
		"                                          without FILE, the bundled official one\n"
		"  subject add --code USCC --name NAME [--type agency|institution|enterprise|other]\n"
		"  subject show USCC | subject list [--offset N] [--limit N]\n"
		"  apply --subject USCC --kind resource|product|asset|ip --right 持有权|加工使用权|经营权\n"
		"        (--entry ENTRY.xml [--entry-id ID] | --catalog FILE --entry-id ID)\n"
		"        [--type first|change|correction|cancellation\n"
		"        --changes ID] [--scope S] [--term T] [--restrictions R] [--draft] [--at T]\n"
		"        [--probe REPORT.xml] [--valuation RESULT.xml]\n"
		"        [--records N] [--fields N] [--bytes N] [--coverage-region TEXT]\n"
		"        [--coverage-period FROM/TO] [--quality TEXT]\n"
		"                                          the certificate's scale, coverage and quality\n"
		"                                          as declared; with --probe they come from the\n"
		"                                          report, and a declared figure that contradicts\n"
		"                                          it is refused (--quality: only without --probe)\n"
		"                                          apply; prints the new registration's id\n"
		"  advance ID --to STATE --by WHO --reason TEXT [--evidence TEXT] [--at YYYY-MM-DD[THH:MM]]\n"
		"                                          prints the new state (and certificate, query code)\n"
		"  show ID | history ID | query CODE | entry ID | probe ID | valuation ID\n"
		"  certificate ID [--out FILE]             the signed certificate (登记凭证) issued at\n"
		"                                          registration (also `datasset cert issue ID`);\n"
		"                                          check it with `datasset cert verify`\n"
		"  cancellation ID [--out FILE]            the signed cancellation record (注销) issued when\n"
		"                                          ID (or the 注销登记 ID) cancelled a registration\n"
		"  list [--state S] [--subject USCC] [--kind K] [--right R] [--from D] [--to D]\n"
		"       [--offset N] [--limit N]\n"
		"  trade add --seller USCC --buyer USCC --product ID --amount A --date D --venue on|off\n"
		"            --voucher NO                  record a trade (场内) or filing (场外备案)\n"
		"  recognition add --registration ID --date D --amount A --filing NO --provider USCC\n"
		"            --founded D [--approved] [--independent] [--clean]\n"
		"            [--qualifications cpa,appraiser,data_governance,lawyer]\n"
		"                                          record a 入表 filing of a registered data asset\n"
		"                                          with its 服务商 (subsidy programme 6)\n"
		"  export-applications --window FROM:TO    the subsidy engine's applications document\n"
		"  audit [--head CHECKPOINT [--key PUB.pem]]\n"
		"                                          replay the signed log and compare the tables and\n"
		"                                          stored certificates with it; --head: a head\n"
		"                                          published earlier (`datasset log head --out`)\n"
		"                                          that the log must extend (a removed tail or a\n"
		"                                          restored older file); exit 1 on a difference\n"
		"  copy --from A --to B                    copy the registry at A into B (each a file or a\n"
		"                                          postgresql:// URI: between backends either way)\n"
		"                                          and prove it: every row the same, key files\n"
		"                                          copied, the same log root at the same size\n"
		"  require-assessment --kind K (--purpose register|list [--checklist ID] | --none) --by WHO\n"
		"                                          registrations of kind K need a compliance\n"
		"                                          assessment (数据合规) on file before publicity\n"
		"  assess ID --entry ENTRY.xml [--evidence EV.xml] [--checklist ID|FILE] [--date D] --by WHO\n"
		"                                          assess and record it; in review: pass or\n"
		"                                          restrictions only → publicity (exit 0), other\n"
		"                                          conditional stays, naming every item (exit 3),\n"
		"                                          fail → rejected (exit 4)\n"
		"  assess ID --probe REPORT.xml|DATA --by WHO\n"
		"                                          undeclared personal information makes the\n"
		"                                          assessment on file stale (exit 5)\n"
		"  assessments ID [--xml]                  the assessments recorded (`assess --help`)\n"
		"  pledge add|review|release|consent|enforce|distribute|show|list|certificate|status ...\n"
		"                                          pledges (质押) of registered rights: see\n"
		"                                          `datasset registry pledge --help`\n"
		"  check-number NUMBER                     validate a certificate number\n"
		"  check-code USCC                         validate a 统一社会信用代码\n"
		"\n"
		"States: submitted accepted review publicity objection registered rejected withdrawn\n"
		"changed corrected cancelled (or the Chinese names: 受理 公示 登记 ...).\n"
		"Options: --publicity-days N (default 10), -h, --help.\n"
		"\n"
		"Examples: from a new registry to a registered resource and its certificate, in a\n"
		"directory holding catalog-jinan.xml (examples/data/); ./registry.db is created:\n"
		"  datasset registry init --name 济南市数据资产登记平台 --region 370100\n"
		"  datasset registry subject add --code 11370100004191340F --name 济南住房公积金中心 --type institution\n"
		"  datasset registry apply --subject 11370100004191340F --kind resource --right 持有权 --catalog catalog-jinan.xml --entry-id 30201/11370100004191340F-00001 --at 2025-03-03T09:00\n"
		"  datasset registry advance 1 --to accepted --by 审核员 --reason 材料齐全 --at 2025-03-03T10:00\n"
		"  datasset registry advance 1 --to review --by 审核员 --reason 受理 --at 2025-03-03T10:00\n"
		"  datasset registry advance 1 --to publicity --by 审核员 --reason 审核通过 --at 2025-03-03T10:00\n"
		"  datasset registry advance 1 --to registered --by 审核员 --reason 公示期满无异议 --at 2025-03-20\n"
		"  datasset registry certificate 1 --out certificate.xml\n"
		"  datasset registry pubkey > registry.pub.pem\n"
		"  datasset registry list --state registered\n"),
	      stdout);
}

_Static_assert(MAX_OPT <= CLI_MAX_OPTIONS, "an option id past cli_values");

static int need(const cli_values *a, int opt, const char *name)
{
	return cli_need(CMD, a->value[opt], name);
}

/* --amount as an exact decimal (grouping allowed): CLI_EXIT_OK with *out to
 * free with ds_decimal_free(), or the exit status after saying why. */
static int parse_amount(ds_decimal **out, const char *text)
{
	ds_decimal *amount = NULL;

	if (ds_decimal_new(&amount) < 0)
		return cli_library_error(CMD);
	if (ds_decimal_parse(amount, text, DS_DECIMAL_AMOUNT) < 0) {
		cli_error(CMD, _("--amount '%s' is not an amount: %s"), text, ds_error_last()->message);
		ds_decimal_free(amount);
		return CLI_EXIT_FAILURE;
	}
	*out = amount;
	return CLI_EXIT_OK;
}

/* --at: ISO 8601, China Standard Time without an offset (ds_time_parse()); checked here so a bad
 * time is a usage error. */
static int check_at(const char *text)
{
	int64_t seconds;
	return ds_time_parse(&seconds, text);
}

static int code_of(ds_registry_code code, const char *text, int *value)
{
	if (ds_registry_code_parse(value, code, text) < 0) {
		cli_usage_error(CMD, "%s", ds_error_last()->message);
		return -1;
	}
	return 0;
}

/* ---------------------------------------------------------------- subcommands */

static int profile_of(const cli_values *a, ds_sig_alg *alg)
{
	const char *p = a->value[OPT_PROFILE];

	if (!p || strcmp(p, "intl") == 0)
		*alg = DS_SIG_ED25519;
	else if (strcmp(p, "gm") == 0)
		*alg = DS_SIG_SM2_SM3;
	else {
		cli_usage_error(CMD, _("--profile must be intl or gm, not '%s'"), p);
		return -1;
	}
	return 0;
}

static int new_key(ds_registry *reg, ds_sig_alg alg)
{
	char *id = NULL;

	if (ds_registry_key_generate(&id, reg, alg) < 0)
		return cli_library_error(CMD);
	printf(_("key %s\n"), id);
	ds_free(id);
	return CLI_EXIT_OK;
}

/* "key ID" of the registry's current key. */
static int print_current_key(ds_registry *reg)
{
	char *pem = NULL, *id = NULL;
	ds_key *key = NULL;
	int status = CLI_EXIT_OK;

	if (ds_registry_public_key(&pem, reg, NULL) < 0 || ds_key_parse(&key, pem, strlen(pem)) < 0 ||
	    ds_key_id(&id, key) < 0)
		status = cli_library_error(CMD);
	else
		printf(_("key %s\n"), id);
	ds_free(id);
	ds_key_free(key);
	ds_free(pem);
	return status;
}

static int do_init(const cli_values *a)
{
	const char *path = cli_db_path(a->value[OPT_DB]);
	ds_registry *reg = NULL;
	ds_sig_alg alg;
	int status;
	if (need(a, OPT_NAME, "name") || need(a, OPT_REGION, "region"))
		return CLI_EXIT_USAGE;
	ds_registry_options opts = DS_REGISTRY_OPTIONS_INIT;

	if (profile_of(a, &alg) < 0)
		return CLI_EXIT_USAGE;
	/* The log's digest goes with the key's: SM3 for the 国密 profile. */
	opts.log_hash = alg == DS_SIG_SM2_SM3 ? DS_HASH_SM3 : DS_HASH_SHA256;
	opts.calendar =
		a->value[OPT_WEEKENDS_ONLY] ? DS_REGISTRY_CALENDAR_WEEKENDS_ONLY : DS_REGISTRY_CALENDAR_OFFICIAL;
	/* The first key is made in the creating transaction: a registry never exists without it. */
	opts.key = alg;
	if (ds_registry_create(&reg, path, a->value[OPT_NAME], a->value[OPT_REGION], &opts) < 0)
		return cli_library_error(CMD);
	printf("%s\n", path);
	status = print_current_key(reg);
	ds_registry_free(reg);
	return status;
}

static int do_rotate_key(ds_registry *reg, const cli_values *a)
{
	ds_sig_alg alg;

	if (profile_of(a, &alg) < 0)
		return CLI_EXIT_USAGE;
	return new_key(reg, alg);
}

static int do_pubkey(ds_registry *reg, const cli_values *a)
{
	char *pem = NULL;

	if (ds_registry_public_key(&pem, reg, a->value[OPT_KEY_ID]) < 0)
		return cli_library_error(CMD);
	fputs(pem, stdout);
	ds_free(pem);
	return CLI_EXIT_OK;
}

/* certificate ID / cancellation ID [--out FILE]: a signed document of the registry. */
static int do_certificate(ds_registry *reg, const cli_values *a)
{
	char *xml = NULL;
	FILE *out = stdout;
	int64_t id;
	int status = CLI_EXIT_OK, cancellation = strcmp(a->operands[0], "cancellation") == 0;

	if (a->operand_count != 2 || cli_parse_id(a->operands[1], &id) < 0)
		return cli_usage_error(CMD, _("%s needs one registration ID"), a->operands[0]);
	if ((cancellation ? ds_registry_cancellation(&xml, reg, id) : ds_registry_certificate(&xml, reg, id)) < 0)
		return cli_library_error(CMD);
	if (a->value[OPT_OUT] && !(out = fopen(a->value[OPT_OUT], "wb"))) {
		fprintf(stderr, _("datasset %s: cannot write '%s'\n"), CMD, a->value[OPT_OUT]);
		ds_free(xml);
		return CLI_EXIT_FAILURE;
	}
	fputs(xml, out);
	if (out != stdout && fclose(out) != 0) {
		fprintf(stderr, _("datasset %s: cannot write '%s'\n"), CMD, a->value[OPT_OUT]);
		status = CLI_EXIT_FAILURE;
	}
	ds_free(xml);
	return status;
}

static void print_subject(const ds_subject *s)
{
	printf("%s\t%s\t%s\t%s\n", s->code, s->name, ds_registry_code_name(DS_CODE_SUBJECT_TYPE, s->type), s->region);
}

static int do_subject(ds_registry *reg, const cli_values *a)
{
	ds_subject *subjects = NULL;
	size_t count = 0, i;
	long offset = 0, limit = 0;
	int type = DS_SUBJECT_UNSPECIFIED;
	const char *verb = a->operand_count > 1 ? a->operands[1] : "";

	if (strcmp(verb, "add") == 0) {
		if (need(a, OPT_CODE, "code") || need(a, OPT_NAME, "name"))
			return CLI_EXIT_USAGE;
		if (a->value[OPT_TYPE] && code_of(DS_CODE_SUBJECT_TYPE, a->value[OPT_TYPE], &type))
			return CLI_EXIT_USAGE;
		if (ds_registry_subject_add(reg, a->value[OPT_CODE], a->value[OPT_NAME], (ds_subject_type)type) < 0 ||
		    ds_registry_subject_get(&subjects, reg, a->value[OPT_CODE]) < 0)
			return cli_library_error(CMD);
		print_subject(subjects);
	} else if (strcmp(verb, "show") == 0) {
		if (a->operand_count != 3)
			return cli_usage_error(CMD, _("subject show needs one USCC"));
		if (ds_registry_subject_get(&subjects, reg, a->operands[2]) < 0)
			return cli_library_error(CMD);
		print_subject(subjects);
	} else if (strcmp(verb, "list") == 0) {
		if ((a->value[OPT_OFFSET] && cli_parse_int(a->value[OPT_OFFSET], 0, 2147483647L, &offset) < 0) ||
		    (a->value[OPT_LIMIT] && cli_parse_int(a->value[OPT_LIMIT], 1, 2147483647L, &limit) < 0))
			return cli_usage_error(CMD, _("--offset and --limit must be non-negative integers"));
		if (ds_registry_subject_list(&subjects, &count, reg, (size_t)offset, (size_t)limit) < 0)
			return cli_library_error(CMD);
		for (i = 0; i < count; i++)
			print_subject(&subjects[i]);
	} else {
		return cli_usage_error(CMD, _("subject needs add, show or list"));
	}
	ds_free(subjects);
	return CLI_EXIT_OK;
}

static int do_apply(ds_registry *reg, const cli_values *a)
{
	ds_registration_request req = DS_REGISTRATION_REQUEST_INIT;
	int kind, right, type = DS_REG_FIRST;
	int64_t id;

	ds_catalog *catalog = NULL;
	size_t index;
	int status;

	if (need(a, OPT_SUBJECT, "subject") || need(a, OPT_KIND, "kind") || need(a, OPT_RIGHT, "right"))
		return CLI_EXIT_USAGE;
	if (!a->value[OPT_ENTRY] == !a->value[OPT_CATALOG])
		return cli_usage_error(CMD, _("give the entry as --entry ENTRY.xml or --catalog FILE --entry-id ID"));
	if (a->value[OPT_CATALOG] && !a->value[OPT_ENTRY_ID])
		return cli_usage_error(CMD, _("--catalog needs --entry-id ID (the entry to register)"));
	if (code_of(DS_CODE_KIND, a->value[OPT_KIND], &kind) || code_of(DS_CODE_RIGHT, a->value[OPT_RIGHT], &right) ||
	    (a->value[OPT_TYPE] && code_of(DS_CODE_TYPE, a->value[OPT_TYPE], &type)))
		return CLI_EXIT_USAGE;
	if (a->value[OPT_CHANGES] && cli_parse_id(a->value[OPT_CHANGES], &req.changes) < 0)
		return cli_usage_error(CMD, _("--changes must be a registration id"));
	if (a->value[OPT_AT] && check_at(a->value[OPT_AT]) < 0)
		return cli_usage_error(CMD, _("--at: %s"), ds_error_last()->message);
	req.time = a->value[OPT_AT];
	req.subject = a->value[OPT_SUBJECT];
	req.kind = (ds_reg_kind)kind;
	req.right = (ds_right)right;
	req.type = (ds_reg_type)type;
	req.entry_path = a->value[OPT_ENTRY];
	req.entry_id = a->value[OPT_ENTRY_ID];
	req.scope = a->value[OPT_SCOPE];
	req.term = a->value[OPT_TERM];
	req.restrictions = a->value[OPT_RESTRICTIONS];
	req.draft = a->value[OPT_DRAFT] != NULL;
	req.probe_path = a->value[OPT_PROBE];
	req.valuation_path = a->value[OPT_VALUATION];
	{
		/* Declared scale: positive integers. */
		static const int scale_opts[3] = { OPT_RECORDS, OPT_FIELDS, OPT_BYTES };
		static const char *const scale_names[3] = { "records", "fields", "bytes" };
		uint64_t *scale[3] = { &req.scale_records, &req.scale_fields, &req.scale_bytes };
		int k;
		for (k = 0; k < 3; k++) {
			long v;
			if (!a->value[scale_opts[k]])
				continue;
			if (cli_parse_int(a->value[scale_opts[k]], 1, LONG_MAX, &v) < 0)
				return cli_usage_error(CMD, _("--%s must be a positive integer, not '%s'"),
						       scale_names[k], a->value[scale_opts[k]]);
			*scale[k] = (uint64_t)v;
		}
	}
	req.coverage_region = a->value[OPT_COVERAGE_REGION];
	req.coverage_period = a->value[OPT_COVERAGE_PERIOD];
	req.quality_summary = a->value[OPT_QUALITY];
	if (a->value[OPT_CATALOG]) {
		/* One entry of a catalogue, taken as the object: no text is cut. */
		const ds_resource *entry = NULL;
		req.entry_path = NULL;
		req.entry_id = NULL;
		if (ds_catalog_load(&catalog, a->value[OPT_CATALOG]) < 0 ||
		    ds_catalog_find(&index, catalog, a->value[OPT_ENTRY_ID]) < 0 ||
		    ds_catalog_at(&entry, catalog, index) < 0) {
			ds_catalog_free(catalog);
			return cli_library_error(CMD);
		}
		req.entry = entry;
	}
	status = ds_registry_apply(&id, reg, &req) < 0 ? CLI_EXIT_FAILURE : CLI_EXIT_OK;
	if (status != CLI_EXIT_OK) {
		ds_catalog *whole = NULL;
		int parse = ds_error_last()->code == DS_EPARSE;
		size_t len = strlen(ds_error_last()->message) + 1;
		char *message = malloc(len);
		if (!message) {
			ds_catalog_free(catalog);
			cli_error(CMD, _("out of memory"));
			return CLI_EXIT_FAILURE;
		}
		memcpy(message, ds_error_last()->message, len);
		/* A whole catalogue given as --entry: say how to register one of its entries. */
		if (parse && a->value[OPT_ENTRY] && ds_catalog_load(&whole, a->value[OPT_ENTRY]) == DS_OK &&
		    ds_catalog_count(whole) > 0)
			cli_error(
				CMD,
				_("%s is a catalogue of %zu entries, not one entry: register one of them with --catalog %s --entry-id ID"),
				a->value[OPT_ENTRY], ds_catalog_count(whole), a->value[OPT_ENTRY]);
		else
			cli_error(CMD, "%s", message);
		ds_catalog_free(whole);
		free(message);
	}
	ds_catalog_free(catalog);
	if (status == CLI_EXIT_OK)
		printf("%lld\n", (long long)id);
	return status;
}

static int do_advance(ds_registry *reg, const cli_values *a)
{
	ds_transition_request t = DS_TRANSITION_REQUEST_INIT;
	ds_registration *r = NULL;
	int64_t id;
	int state;

	if (a->operand_count != 2 || cli_parse_id(a->operands[1], &id) < 0)
		return cli_usage_error(CMD, _("advance needs one registration ID"));
	if (need(a, OPT_TO, "to") || need(a, OPT_BY, "by") || need(a, OPT_REASON, "reason"))
		return CLI_EXIT_USAGE;
	if (code_of(DS_CODE_STATE, a->value[OPT_TO], &state))
		return CLI_EXIT_USAGE;
	if (a->value[OPT_AT] && check_at(a->value[OPT_AT]) < 0)
		return cli_usage_error(CMD, _("--at: %s"), ds_error_last()->message);
	t.time = a->value[OPT_AT];
	t.actor = a->value[OPT_BY];
	t.reason = a->value[OPT_REASON];
	t.evidence = a->value[OPT_EVIDENCE];
	if (ds_registry_advance(reg, id, (ds_reg_state)state, &t) < 0 || ds_registry_get(&r, reg, id) < 0)
		return cli_library_error(CMD);
	printf("%s\n", ds_registry_code_name(DS_CODE_STATE, r->state));
	if (r->state == DS_STATE_REGISTERED)
		printf("%s\n%s\n", r->certificate, r->query_code);
	ds_free(r);
	return CLI_EXIT_OK;
}

static void field(const char *name, const char *value)
{
	if (value)
		printf("%-16s %s\n", name, value);
}

static void print_registration(const ds_registration *r)
{
	char changes[32];

	printf("%-16s %lld\n", "id", (long long)r->id);
	printf("%-16s %s (%s)\n", "state", ds_registry_code_name(DS_CODE_STATE, r->state),
	       ds_registry_code_label(DS_CODE_STATE, r->state));
	printf("%-16s %s %s\n", "subject", r->subject, r->subject_name);
	printf("%-16s %s\n", "kind", ds_registry_code_name(DS_CODE_KIND, r->kind));
	printf("%-16s %s\n", "right", ds_registry_code_label(DS_CODE_RIGHT, r->right));
	printf("%-16s %s\n", "type", ds_registry_code_name(DS_CODE_TYPE, r->type));
	if (r->changes) {
		snprintf(changes, sizeof changes, "%lld", (long long)r->changes);
		field("changes", changes);
	}
	field("entry", r->entry_id);
	field("title", r->entry_title);
	field("scope", r->scope);
	field("term", r->term);
	field("restrictions", r->restrictions);
	field("applied", r->applied);
	field("publicity", r->publicity_start);
	field("publicity-end", r->publicity_end);
	field("registered", r->registered);
	field("certificate", r->certificate);
	field("query-code", r->query_code);
}

static int do_show(ds_registry *reg, const cli_values *a, int by_query)
{
	ds_registration *r = NULL;
	int64_t id;

	if (a->operand_count != 2)
		return cli_usage_error(CMD, _("%s needs one %s"), a->operands[0], by_query ? "CODE" : "ID");
	if (by_query) {
		if (ds_registry_find_query_code(&r, reg, a->operands[1]) < 0)
			return cli_library_error(CMD);
	} else {
		if (cli_parse_id(a->operands[1], &id) < 0)
			return cli_usage_error(CMD, _("'%s' is not a registration ID"), a->operands[1]);
		if (ds_registry_get(&r, reg, id) < 0)
			return cli_library_error(CMD);
	}
	print_registration(r);
	/* The public encumbrance section (docs/pledge.md): 有质押 or 无质押 and the active pledges. */
	{
		char *text = NULL, *line, *next;
		if (ds_registry_encumbrance(&text, reg, r->id, 0) < 0) {
			ds_free(r);
			return cli_library_error(CMD);
		}
		for (line = text; line && *line; line = next) {
			next = strchr(line, '\n');
			if (next)
				*next++ = '\0';
			printf("%-16s %s\n", line == text ? "encumbrance" : "pledge", line);
		}
		ds_free(text);
	}
	ds_free(r);
	return CLI_EXIT_OK;
}

static int do_document(ds_registry *reg, const cli_values *a)
{
	const char *sub = a->operands[0];
	ds_registry_document_kind kind = strcmp(sub, "entry") == 0 ? DS_DOCUMENT_ENTRY :
					 strcmp(sub, "probe") == 0 ? DS_DOCUMENT_PROBE :
								     DS_DOCUMENT_VALUATION;
	char *xml = NULL;
	int64_t id;

	if (a->operand_count != 2 || cli_parse_id(a->operands[1], &id) < 0)
		return cli_usage_error(CMD, _("%s needs one registration ID"), sub);
	if (ds_registry_document(&xml, reg, id, kind) < 0)
		return cli_library_error(CMD);
	fputs(xml, stdout);
	ds_free(xml);
	return CLI_EXIT_OK;
}

static int do_history(ds_registry *reg, const cli_values *a)
{
	ds_transition *t = NULL;
	size_t count = 0, i;
	int64_t id;

	if (a->operand_count != 2 || cli_parse_id(a->operands[1], &id) < 0)
		return cli_usage_error(CMD, _("history needs one registration ID"));
	if (ds_registry_history(&t, &count, reg, id) < 0)
		return cli_library_error(CMD);
	for (i = 0; i < count; i++)
		printf("%s\t%s\t%s\t%s\t%s\t%s\n", t[i].at, t[i].date,
		       t[i].from < 0 ? "-" : ds_registry_code_name(DS_CODE_STATE, t[i].from),
		       ds_registry_code_name(DS_CODE_STATE, t[i].to), t[i].actor, t[i].reason);
	ds_free(t);
	return CLI_EXIT_OK;
}

static int do_list(ds_registry *reg, const cli_values *a)
{
	ds_registry_query q = DS_REGISTRY_QUERY_INIT;
	ds_registration *r = NULL;
	size_t count = 0, i;
	long offset = 0, limit = 0;

	if ((a->value[OPT_STATE] && code_of(DS_CODE_STATE, a->value[OPT_STATE], &q.state)) ||
	    (a->value[OPT_KIND] && code_of(DS_CODE_KIND, a->value[OPT_KIND], &q.kind)) ||
	    (a->value[OPT_RIGHT] && code_of(DS_CODE_RIGHT, a->value[OPT_RIGHT], &q.right)))
		return CLI_EXIT_USAGE;
	if ((a->value[OPT_OFFSET] && cli_parse_int(a->value[OPT_OFFSET], 0, 2147483647L, &offset) < 0) ||
	    (a->value[OPT_LIMIT] && cli_parse_int(a->value[OPT_LIMIT], 1, 2147483647L, &limit) < 0))
		return cli_usage_error(CMD, _("--offset and --limit must be non-negative integers"));
	q.subject = a->value[OPT_SUBJECT];
	q.from = a->value[OPT_FROM];
	q.to = a->value[OPT_TO];
	q.offset = (size_t)offset;
	q.limit = (size_t)limit;
	if (ds_registry_list(&r, &count, reg, &q) < 0)
		return cli_library_error(CMD);
	for (i = 0; i < count; i++)
		printf("%lld\t%s\t%s\t%s\t%s\t%s\t%s\n", (long long)r[i].id,
		       ds_registry_code_name(DS_CODE_STATE, r[i].state), r[i].subject,
		       ds_registry_code_name(DS_CODE_KIND, r[i].kind), ds_registry_code_name(DS_CODE_RIGHT, r[i].right),
		       r[i].entry_id, r[i].certificate ? r[i].certificate : "-");
	ds_free(r);
	return CLI_EXIT_OK;
}

static int do_trade(ds_registry *reg, const cli_values *a)
{
	ds_trade_request t = DS_TRADE_REQUEST_INIT;
	ds_decimal *amount = NULL;
	int64_t id;
	int status = CLI_EXIT_OK;

	if (a->operand_count != 2 || strcmp(a->operands[1], "add") != 0)
		return cli_usage_error(CMD, _("trade needs add"));
	if (need(a, OPT_SELLER, "seller") || need(a, OPT_BUYER, "buyer") || need(a, OPT_PRODUCT, "product") ||
	    need(a, OPT_AMOUNT, "amount") || need(a, OPT_DATE, "date") || need(a, OPT_VENUE, "venue") ||
	    need(a, OPT_VOUCHER, "voucher"))
		return CLI_EXIT_USAGE;
	if (cli_parse_id(a->value[OPT_PRODUCT], &t.registration) < 0)
		return cli_usage_error(CMD, _("--product must be a registration id"));
	if (strcmp(a->value[OPT_VENUE], "on") == 0 || strcmp(a->value[OPT_VENUE], "场内") == 0)
		t.venue = DS_VENUE_ON;
	else if (strcmp(a->value[OPT_VENUE], "off") == 0 || strcmp(a->value[OPT_VENUE], "场外") == 0)
		t.venue = DS_VENUE_OFF;
	else
		return cli_usage_error(CMD, _("--venue must be on or off, not '%s'"), a->value[OPT_VENUE]);
	if ((status = parse_amount(&amount, a->value[OPT_AMOUNT])) != CLI_EXIT_OK)
		return status;
	t.seller = a->value[OPT_SELLER];
	t.buyer = a->value[OPT_BUYER];
	t.amount = amount;
	t.date = a->value[OPT_DATE];
	t.voucher = a->value[OPT_VOUCHER];
	if (ds_registry_trade_add(&id, reg, &t) < 0) {
		status = cli_library_error(CMD);
		goto done;
	}
	printf("%lld\n", (long long)id);
done:
	ds_decimal_free(amount);
	return status;
}

static int do_recognition(ds_registry *reg, const cli_values *a)
{
	ds_recognition_request r = DS_RECOGNITION_REQUEST_INIT;
	ds_decimal *amount = NULL;
	int64_t id;
	int status = CLI_EXIT_OK;

	if (a->operand_count != 2 || strcmp(a->operands[1], "add") != 0)
		return cli_usage_error(CMD, _("recognition needs add"));
	if (need(a, OPT_REGISTRATION, "registration") || need(a, OPT_DATE, "date") || need(a, OPT_AMOUNT, "amount") ||
	    need(a, OPT_FILING, "filing") || need(a, OPT_PROVIDER, "provider") || need(a, OPT_FOUNDED, "founded"))
		return CLI_EXIT_USAGE;
	if (cli_parse_id(a->value[OPT_REGISTRATION], &r.registration) < 0)
		return cli_usage_error(CMD, _("--registration must be a registration id"));
	if ((status = parse_amount(&amount, a->value[OPT_AMOUNT])) != CLI_EXIT_OK)
		return status;
	r.date = a->value[OPT_DATE];
	r.amount = amount;
	r.filing = a->value[OPT_FILING];
	r.provider = a->value[OPT_PROVIDER];
	r.provider_founded = a->value[OPT_FOUNDED];
	r.provider_approved = a->value[OPT_APPROVED] != NULL;
	r.provider_independent = a->value[OPT_INDEPENDENT] != NULL;
	r.provider_clean = a->value[OPT_CLEAN] != NULL;
	r.provider_qualifications = a->value[OPT_QUALIFICATIONS];
	if (ds_registry_recognition_add(&id, reg, &r) < 0) {
		status = cli_library_error(CMD);
		goto done;
	}
	printf("%lld\n", (long long)id);
done:
	ds_decimal_free(amount);
	return status;
}

static int do_export(ds_registry *reg, const cli_values *a)
{
	char from[11], *to, *xml = NULL;
	const char *window = a->value[OPT_WINDOW];

	if (need(a, OPT_WINDOW, "window"))
		return CLI_EXIT_USAGE;
	to = strchr(window, ':');
	if (!to || to - window != 10)
		return cli_usage_error(CMD, _("--window must be FROM:TO (YYYY-MM-DD:YYYY-MM-DD), not '%s'"), window);
	memcpy(from, window, 10);
	from[10] = '\0';
	if (ds_registry_export_applications(&xml, reg, from, to + 1) < 0)
		return cli_library_error(CMD);
	fputs(xml, stdout);
	ds_free(xml);
	return CLI_EXIT_OK;
}

/* One line per difference, then the library's summary on stderr. */
static int do_audit(ds_registry *reg, const cli_values *a)
{
	ds_audit_finding *findings = NULL;
	ds_key *key = NULL;
	char *head = NULL;
	size_t count = 0, i, len;
	int rc, status = CLI_EXIT_FAILURE;

	if (a->operand_count != 1)
		return cli_usage_error(CMD, _("audit takes no operand"));
	if (a->value[OPT_KEY] && !a->value[OPT_HEAD])
		return cli_usage_error(CMD, _("--key is the key of a --head"));
	if (a->value[OPT_HEAD] && !(head = trust_read_file(CMD, a->value[OPT_HEAD], &len)))
		goto done;
	if (a->value[OPT_KEY] && !(key = trust_load_key(CMD, a->value[OPT_KEY])))
		goto done;
	rc = ds_registry_audit(&findings, &count, reg, head, key);
	if (rc < 0 && rc != DS_EVERIFY) {
		status = cli_library_error(CMD);
		goto done;
	}
	for (i = 0; i < count; i++)
		printf("%s\n", findings[i].message);
	if (rc < 0) {
		status = cli_library_error(CMD);
		goto done;
	}
	puts(_("ok: the tables, certificates and cancellation records match the signed log"));
	status = CLI_EXIT_OK;
done:
	ds_free(findings);
	ds_key_free(key);
	free(head);
	return status;
}

static int do_copy(const cli_values *a)
{
	char *report = NULL;

	if (a->operand_count != 1)
		return cli_usage_error(CMD, _("copy takes no operands, only --from A --to B"));
	if (!a->value[OPT_FROM] || !a->value[OPT_TO] || !*a->value[OPT_FROM] || !*a->value[OPT_TO])
		return cli_usage_error(CMD, _("copy needs --from A --to B (files or postgresql:// URIs)"));
	if (a->value[OPT_DB])
		return cli_usage_error(CMD, _("copy takes --from and --to, not --db"));
	if (ds_registry_copy(&report, a->value[OPT_FROM], a->value[OPT_TO]) < 0)
		return cli_library_error(CMD);
	fputs(report, stdout);
	ds_free(report);
	return CLI_EXIT_OK;
}

static int do_calendar(ds_registry *reg, const cli_values *a)
{
	size_t count = 0;

	if (a->operand_count > 2)
		return cli_usage_error(CMD, _("calendar takes at most one FILE"));
	if (ds_registry_load_calendar(&count, reg, a->operand_count == 2 ? a->operands[1] : NULL) < 0)
		return cli_library_error(CMD);
	printf(_("%zu days\n"), count);
	return CLI_EXIT_OK;
}

int cmd_registry(int argc, char **argv)
{
	cli_values a;
	ds_registry *reg = NULL;
	const char *sub;
	char *normal = NULL;
	int status;

	/* Compliance (cmd_registry_compliance.c) parses its own options. */
	if ((status = cmd_registry_compliance(argc, argv)) != CLI_NOT_MINE)
		return status;
	/* Pledges have their own options (cmd_pledge.c). */
	if (argc >= 2 && strcmp(argv[1], "pledge") == 0)
		return cmd_registry_pledge(argc - 1, argv + 1);
	if ((status = cli_read_options(&a, CMD, options, print_help, argc, argv)) == CLI_HELP)
		return CLI_EXIT_OK;
	if (status == CLI_USAGE)
		return CLI_EXIT_USAGE;
	if (a.operand_count == 0)
		return cli_usage_error(CMD, _("missing subcommand"));
	sub = a.operands[0];
	if (strcmp(sub, "init") == 0)
		return do_init(&a);
	if (strcmp(sub, "copy") == 0)
		return do_copy(&a);
	if (strcmp(sub, "check-number") == 0 || strcmp(sub, "check-code") == 0) {
		if (a.operand_count != 2)
			return cli_usage_error(CMD, _("%s needs one argument"), sub);
		if (sub[6] == 'n' ? ds_certificate_number_check(a.operands[1]) < 0 :
				    ds_uscc_normalize(&normal, a.operands[1]) < 0)
			return cli_library_error(CMD);
		puts(normal ? normal : "valid");
		ds_free(normal);
		return CLI_EXIT_OK;
	}
	if (strcmp(sub, "subject") && strcmp(sub, "apply") && strcmp(sub, "advance") && strcmp(sub, "show") &&
	    strcmp(sub, "history") && strcmp(sub, "query") && strcmp(sub, "list") && strcmp(sub, "trade") &&
	    strcmp(sub, "export-applications") && strcmp(sub, "calendar") && strcmp(sub, "entry") &&
	    strcmp(sub, "probe") && strcmp(sub, "valuation") && strcmp(sub, "pubkey") && strcmp(sub, "rotate-key") &&
	    strcmp(sub, "certificate") && strcmp(sub, "cancellation") && strcmp(sub, "recognition") &&
	    strcmp(sub, "audit"))
		return cli_usage_error(CMD, _("unknown subcommand '%s'"), sub);
	if ((status = cli_open_registry(&reg, CMD, a.value[OPT_DB], a.value[OPT_PUBLICITY_DAYS])) != CLI_EXIT_OK)
		return status;
	if (strcmp(sub, "subject") == 0)
		status = do_subject(reg, &a);
	else if (strcmp(sub, "apply") == 0)
		status = do_apply(reg, &a);
	else if (strcmp(sub, "advance") == 0)
		status = do_advance(reg, &a);
	else if (strcmp(sub, "show") == 0)
		status = do_show(reg, &a, 0);
	else if (strcmp(sub, "query") == 0)
		status = do_show(reg, &a, 1);
	else if (strcmp(sub, "history") == 0)
		status = do_history(reg, &a);
	else if (strcmp(sub, "list") == 0)
		status = do_list(reg, &a);
	else if (strcmp(sub, "trade") == 0)
		status = do_trade(reg, &a);
	else if (strcmp(sub, "calendar") == 0)
		status = do_calendar(reg, &a);
	else if (strcmp(sub, "entry") == 0 || strcmp(sub, "probe") == 0 || strcmp(sub, "valuation") == 0)
		status = do_document(reg, &a);
	else if (strcmp(sub, "pubkey") == 0)
		status = do_pubkey(reg, &a);
	else if (strcmp(sub, "rotate-key") == 0)
		status = do_rotate_key(reg, &a);
	else if (strcmp(sub, "certificate") == 0 || strcmp(sub, "cancellation") == 0)
		status = do_certificate(reg, &a);
	else if (strcmp(sub, "recognition") == 0)
		status = do_recognition(reg, &a);
	else if (strcmp(sub, "audit") == 0)
		status = do_audit(reg, &a);
	else
		status = do_export(reg, &a);
	ds_registry_free(reg);
	return status;
}
