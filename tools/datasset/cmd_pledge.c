/*
 * datasset registry pledge: pledges (质押) of registered data rights
 * (docs/pledge.md) — apply, the workflow, review, consent, release,
 * enforcement and the distribution of proceeds, the records, the signed
 * 质押登记证明 and the registration's encumbrance.
 * SPDX-License-Identifier: MIT
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <datasset/datasset.h>

#include "cli.h"

#define CMD "registry pledge"

enum {
	OPT_DB = 1,
	OPT_REGISTRATION,
	OPT_PLEDGOR,
	OPT_PLEDGEE,
	OPT_PLEDGEE_KIND,
	OPT_DEBTOR,
	OPT_CLAIM_TYPE,
	OPT_PRINCIPAL,
	OPT_MAXIMUM,
	OPT_SCOPE,
	OPT_DEBT_START,
	OPT_DUE,
	OPT_MAIN_CONTRACT,
	OPT_PLEDGE_CONTRACT,
	OPT_EXTERNAL_SYSTEM,
	OPT_EXTERNAL_NUMBER,
	OPT_EXTERNAL_TIME,
	OPT_BY,
	OPT_REASON,
	OPT_EVIDENCE,
	OPT_AT,
	OPT_DRAFT,
	OPT_TO,
	OPT_ACTION,
	OPT_CLAIM,
	OPT_PROCEEDS,
	OPT_VERSION,
	OPT_OUT,
	OPT_PARTIES,
	OPT_STATUTORY,
	OPT_SUBSEQUENT,
	MAX_OPT
};

static const cli_option options[] = {
	{ "db", 1, OPT_DB },
	{ "registration", 1, OPT_REGISTRATION },
	{ "pledgor", 1, OPT_PLEDGOR },
	{ "pledgee", 1, OPT_PLEDGEE },
	{ "pledgee-kind", 1, OPT_PLEDGEE_KIND },
	{ "debtor", 1, OPT_DEBTOR },
	{ "claim-type", 1, OPT_CLAIM_TYPE },
	{ "principal", 1, OPT_PRINCIPAL },
	{ "maximum", 1, OPT_MAXIMUM },
	{ "scope", 1, OPT_SCOPE },
	{ "debt-start", 1, OPT_DEBT_START },
	{ "due", 1, OPT_DUE },
	{ "main-contract", 1, OPT_MAIN_CONTRACT },
	{ "pledge-contract", 1, OPT_PLEDGE_CONTRACT },
	{ "external-system", 1, OPT_EXTERNAL_SYSTEM },
	{ "external-number", 1, OPT_EXTERNAL_NUMBER },
	{ "external-time", 1, OPT_EXTERNAL_TIME },
	{ "by", 1, OPT_BY },
	{ "reason", 1, OPT_REASON },
	{ "evidence", 1, OPT_EVIDENCE },
	{ "at", 1, OPT_AT },
	{ "draft", 0, OPT_DRAFT },
	{ "to", 1, OPT_TO },
	{ "action", 1, OPT_ACTION },
	{ "claim", 1, OPT_CLAIM },
	{ "proceeds", 1, OPT_PROCEEDS },
	{ "version", 1, OPT_VERSION },
	{ "out", 1, OPT_OUT },
	{ "parties", 0, OPT_PARTIES },
	{ "statutory", 1, OPT_STATUTORY },
	{ "subsequent", 1, OPT_SUBSEQUENT },
	{ NULL, 0, 0 },
};

static void print_help(void)
{
	fputs(_("Usage: datasset registry pledge SUBCOMMAND [options] [--db PATH]\n"
		"Pledges (质押) of registered data rights (docs/pledge.md). The registry is --db,\n"
		"else $DATASSET_DB, else ./registry.db.\n"
		"\n"
		"  add --registration ID --pledgor USCC --pledgee USCC --claim-type T --principal A\n"
		"      --due D [--pledgee-kind bank|lender] [--debtor USCC] [--maximum A] [--scope S]\n"
		"      [--debt-start D] [--main-contract X] [--pledge-contract X]\n"
		"      [--external-system S [--external-number N] [--external-time T]]\n"
		"      [--by ACTOR] [--at T] [--draft]      apply (申请); prints the pledge ID\n"
		"  advance ID --to STATE --by WHO --reason WHY [--evidence E] [--at T]\n"
		"                                          submitted accepted review withdrawn released lapsed\n"
		"  review ID --by WHO --reason WHY [--at T] the review checks: active (number and signed\n"
		"                                          质押登记证明 issued) or rejected with the reasons\n"
		"  release ID --by WHO --reason WHY [--evidence E] [--at T]\n"
		"                                          注销 (the pledgor alone needs --evidence: a judgment\n"
		"                                          or notarised proof of extinction)\n"
		"  change ID [--principal A] [--maximum A] [--due D] [--pledgee USCC [--pledgee-kind K]]\n"
		"         --by WHO --reason WHY [--at T] change an active pledge (a new version; a new\n"
		"                                          pledgee when the secured claim is assigned)\n"
		"  consent ID --action transfer|licence|change --by PLEDGEE --reason WHY [--evidence E]\n"
		"  enforce ID --claim A --by WHO --reason WHY [--at T]\n"
		"                                          start enforcement (实现), fixing the claim\n"
		"  distribute --registration ID --proceeds N --by WHO --reason WHY [--at T]\n"
		"                                          distribute net proceeds by priority (民法典 art. 414)\n"
		"  show ID | list [--registration ID] [--pledgee USCC]\n"
		"  record ID [--version N] [--out FILE]    a version of the record (urn:datasset:pledge:1)\n"
		"  certificate ID [--out FILE]             the signed 质押登记证明; check it with\n"
		"                                          `datasset cert verify FILE --key PUB.pem`\n"
		"  status REGISTRATION [--parties]         有质押/无质押 and the active pledges (amounts\n"
		"                                          only with --parties)\n"
		"  policy --statutory self|external --subsequent allow|refuse\n"
		"\n"
		"Amounts are yuan exact to the fen (grouping allowed: 2,000,000.00). Operations refused\n"
		"on a pledged registration fail with DS_EENCUMBERED (exit 1).\n"
		"\n"
		"Example (pledge.md's pledge A):\n"
		"  datasset registry pledge add --registration 1 --pledgor 91350100M000100Y43 \\\n"
		"    --pledgee 91370100MA00000010 --pledgee-kind bank --claim-type 借款 \\\n"
		"    --principal 2,000,000.00 --due 2026-03-14 --main-contract 借款合同 \\\n"
		"    --pledge-contract 质押合同 --external-system 统一登记系统 --external-time 2025-03-03T09:00\n"),
	      stdout);
}

_Static_assert(MAX_OPT <= CLI_MAX_OPTIONS, "an option id past cli_values");

static int need(const cli_values *a, int opt, const char *name)
{
	return cli_need(CMD, a->value[opt], name);
}

static int id_operand(const cli_values *a, int64_t *id, const char *what)
{
	if (a->operand_count != 2 || cli_parse_id(a->operands[1], id) < 0) {
		cli_usage_error(CMD, _("%s needs one %s ID"), a->operands[0], what);
		return -1;
	}
	return 0;
}

/* An amount option as an exact decimal: NULL after saying why (usage error). */
static ds_decimal *amount(const cli_values *a, int opt, const char *name)
{
	ds_decimal *d = NULL;

	if (!a->value[opt])
		return NULL;
	if (ds_decimal_new(&d) < 0)
		return NULL;
	if (ds_decimal_parse(d, a->value[opt], DS_DECIMAL_GROUPED) < 0) {
		cli_usage_error(CMD, _("--%s '%s' is not an amount: %s"), name, a->value[opt],
				ds_error_last()->message);
		ds_decimal_free(d);
		return NULL;
	}
	return d;
}

static int transition(ds_transition_request *t, const cli_values *a)
{
	int64_t seconds;

	if (need(a, OPT_BY, "by") || need(a, OPT_REASON, "reason"))
		return -1;
	if (a->value[OPT_AT] && ds_time_parse(&seconds, a->value[OPT_AT]) < 0) {
		cli_usage_error(CMD, _("--at: %s"), ds_error_last()->message);
		return -1;
	}
	t->actor = a->value[OPT_BY];
	t->reason = a->value[OPT_REASON];
	t->evidence = a->value[OPT_EVIDENCE];
	t->time = a->value[OPT_AT];
	return 0;
}

static void field(const char *name, const char *value)
{
	if (value)
		printf("%-12s %s\n", name, value);
}

static void print_pledge(const ds_pledge *p)
{
	printf("%-12s %lld\n", "id", (long long)p->id);
	field("pledge-no", p->pledge_no);
	printf("%-12s %s (%s)\n", "state", ds_pledge_state_name(p->state), ds_pledge_state_label(p->state));
	printf("%-12s %d\n", "version", p->version);
	printf("%-12s %lld %s\n", "registration", (long long)p->registration, p->certificate ? p->certificate : "");
	printf("%-12s %s %s\n", "pledgor", p->pledgor, p->pledgor_name);
	printf("%-12s %s %s\n", "pledgee", p->pledgee, p->pledgee_name);
	field("principal", p->principal);
	field("due", p->due_date);
	field("registered", p->registered);
	field("perfection", p->perfection);
	if (p->rank)
		printf("%-12s %d\n", "rank", p->rank);
	field("reasons", p->reasons);
}

static int write_out(const cli_values *a, const char *text)
{
	FILE *out = stdout;

	if (a->value[OPT_OUT] && !(out = fopen(a->value[OPT_OUT], "wb"))) {
		cli_error(CMD, _("cannot write '%s'"), a->value[OPT_OUT]);
		return CLI_EXIT_FAILURE;
	}
	fputs(text, out);
	if (out != stdout && fclose(out) != 0) {
		cli_error(CMD, _("cannot write '%s'"), a->value[OPT_OUT]);
		return CLI_EXIT_FAILURE;
	}
	return CLI_EXIT_OK;
}

static int do_add(ds_registry *reg, const cli_values *a)
{
	ds_pledge_request req = DS_PLEDGE_REQUEST_INIT;
	ds_decimal *principal = NULL, *maximum = NULL;
	int64_t id = 0;
	int status = CLI_EXIT_USAGE;

	if (a->operand_count != 1)
		return cli_usage_error(CMD, _("add takes no operands"));
	if (need(a, OPT_REGISTRATION, "registration") || need(a, OPT_PLEDGOR, "pledgor") ||
	    need(a, OPT_PLEDGEE, "pledgee") || need(a, OPT_CLAIM_TYPE, "claim-type") ||
	    need(a, OPT_PRINCIPAL, "principal") || need(a, OPT_DUE, "due"))
		return CLI_EXIT_USAGE;
	if (cli_parse_id(a->value[OPT_REGISTRATION], &req.registration) < 0)
		return cli_usage_error(CMD, _("--registration must be a registration ID"));
	if (!(principal = amount(a, OPT_PRINCIPAL, "principal")) ||
	    (a->value[OPT_MAXIMUM] && !(maximum = amount(a, OPT_MAXIMUM, "maximum"))))
		goto done;
	req.pledgor = a->value[OPT_PLEDGOR];
	req.pledgee = a->value[OPT_PLEDGEE];
	req.pledgee_kind = a->value[OPT_PLEDGEE_KIND];
	req.debtor = a->value[OPT_DEBTOR];
	req.claim_type = a->value[OPT_CLAIM_TYPE];
	req.principal = principal;
	req.maximum = maximum;
	req.scope = a->value[OPT_SCOPE];
	req.debt_start = a->value[OPT_DEBT_START];
	req.due_date = a->value[OPT_DUE];
	req.main_contract = a->value[OPT_MAIN_CONTRACT];
	req.pledge_contract = a->value[OPT_PLEDGE_CONTRACT];
	req.external_system = a->value[OPT_EXTERNAL_SYSTEM];
	req.external_number = a->value[OPT_EXTERNAL_NUMBER];
	req.external_time = a->value[OPT_EXTERNAL_TIME];
	req.actor = a->value[OPT_BY];
	req.time = a->value[OPT_AT];
	req.draft = a->value[OPT_DRAFT] != NULL;
	if (ds_registry_pledge_add(&id, reg, &req) < 0) {
		status = cli_library_error(CMD);
		goto done;
	}
	printf("%lld\n", (long long)id);
	status = CLI_EXIT_OK;
done:
	ds_decimal_free(principal);
	ds_decimal_free(maximum);
	return status;
}

static int show_state(ds_registry *reg, int64_t id)
{
	ds_pledge *p = NULL;

	if (ds_registry_pledge_get(&p, reg, id) < 0)
		return cli_library_error(CMD);
	printf("%s\n", ds_pledge_state_name(p->state));
	if (p->pledge_no)
		printf("%s\n", p->pledge_no);
	if (p->reasons)
		printf("%s\n", p->reasons);
	ds_free(p);
	return CLI_EXIT_OK;
}

static int do_advance(ds_registry *reg, const cli_values *a, int release)
{
	ds_transition_request t = DS_TRANSITION_REQUEST_INIT;
	ds_pledge_state to = DS_PLEDGE_RELEASED;
	int64_t id;

	if (id_operand(a, &id, "pledge") < 0)
		return CLI_EXIT_USAGE;
	if (!release) {
		if (need(a, OPT_TO, "to"))
			return CLI_EXIT_USAGE;
		if (ds_pledge_state_parse(&to, a->value[OPT_TO]) < 0)
			return cli_usage_error(CMD, "%s", ds_error_last()->message);
	}
	if (transition(&t, a) < 0)
		return CLI_EXIT_USAGE;
	if (ds_registry_pledge_advance(reg, id, to, &t) < 0)
		return cli_library_error(CMD);
	return show_state(reg, id);
}

static int do_change(ds_registry *reg, const cli_values *a)
{
	ds_transition_request t = DS_TRANSITION_REQUEST_INIT;
	ds_pledge_request ch = DS_PLEDGE_REQUEST_INIT;
	ds_decimal *principal = NULL, *maximum = NULL;
	int64_t id;
	int status = CLI_EXIT_USAGE;

	if (id_operand(a, &id, "pledge") < 0 || transition(&t, a) < 0)
		return CLI_EXIT_USAGE;
	if ((a->value[OPT_PRINCIPAL] && !(principal = amount(a, OPT_PRINCIPAL, "principal"))) ||
	    (a->value[OPT_MAXIMUM] && !(maximum = amount(a, OPT_MAXIMUM, "maximum"))))
		goto done;
	ch.principal = principal;
	ch.maximum = maximum;
	ch.due_date = a->value[OPT_DUE];
	ch.pledgee = a->value[OPT_PLEDGEE];
	ch.pledgee_kind = a->value[OPT_PLEDGEE_KIND];
	if (ds_registry_pledge_change(reg, id, &ch, &t) < 0) {
		status = cli_library_error(CMD);
		goto done;
	}
	status = show_state(reg, id);
done:
	ds_decimal_free(principal);
	ds_decimal_free(maximum);
	return status;
}

static int do_review(ds_registry *reg, const cli_values *a)
{
	ds_transition_request t = DS_TRANSITION_REQUEST_INIT;
	int64_t id;
	int passed = 0;

	if (id_operand(a, &id, "pledge") < 0 || transition(&t, a) < 0)
		return CLI_EXIT_USAGE;
	if (ds_registry_pledge_review(&passed, reg, id, &t) < 0)
		return cli_library_error(CMD);
	return show_state(reg, id);
}

static int do_consent(ds_registry *reg, const cli_values *a)
{
	ds_transition_request t = DS_TRANSITION_REQUEST_INIT;
	ds_pledge_action action;
	int64_t id;

	if (id_operand(a, &id, "pledge") < 0 || need(a, OPT_ACTION, "action"))
		return CLI_EXIT_USAGE;
	if (ds_pledge_action_parse(&action, a->value[OPT_ACTION]) < 0)
		return cli_usage_error(CMD, "%s", ds_error_last()->message);
	if (transition(&t, a) < 0)
		return CLI_EXIT_USAGE;
	if (ds_registry_pledge_consent(reg, id, action, &t) < 0)
		return cli_library_error(CMD);
	puts(_("consent recorded"));
	return CLI_EXIT_OK;
}

static int do_enforce(ds_registry *reg, const cli_values *a)
{
	ds_transition_request t = DS_TRANSITION_REQUEST_INIT;
	ds_decimal *claim;
	int64_t id;
	int rc;

	if (id_operand(a, &id, "pledge") < 0 || need(a, OPT_CLAIM, "claim") || transition(&t, a) < 0)
		return CLI_EXIT_USAGE;
	if (!(claim = amount(a, OPT_CLAIM, "claim")))
		return CLI_EXIT_USAGE;
	rc = ds_registry_pledge_enforce(reg, id, claim, &t);
	ds_decimal_free(claim);
	if (rc < 0)
		return cli_library_error(CMD);
	return show_state(reg, id);
}

static int do_distribute(ds_registry *reg, const cli_values *a)
{
	ds_transition_request t = DS_TRANSITION_REQUEST_INIT;
	ds_pledge_share *shares = NULL;
	ds_decimal *proceeds, *left = NULL;
	char *left_text = NULL;
	size_t count = 0, i;
	int64_t registration;
	int rc;

	if (a->operand_count != 1)
		return cli_usage_error(CMD, _("distribute takes no operands"));
	if (need(a, OPT_REGISTRATION, "registration") || need(a, OPT_PROCEEDS, "proceeds") || transition(&t, a) < 0)
		return CLI_EXIT_USAGE;
	if (cli_parse_id(a->value[OPT_REGISTRATION], &registration) < 0)
		return cli_usage_error(CMD, _("--registration must be a registration ID"));
	if (!(proceeds = amount(a, OPT_PROCEEDS, "proceeds")))
		return CLI_EXIT_USAGE;
	if ((rc = ds_decimal_new(&left)) >= 0)
		rc = ds_registry_pledge_distribute(&shares, &count, left, reg, registration, proceeds, &t);
	if (rc >= 0)
		rc = ds_decimal_to_string_scaled(&left_text, left, 2, DS_ROUND_HALF_UP, 0);
	ds_decimal_free(proceeds);
	ds_decimal_free(left);
	if (rc < 0) {
		ds_free(shares);
		return cli_library_error(CMD);
	}
	printf("rank\tpledge\tpledge-no\tclaim\tpaid\tshortfall\n");
	for (i = 0; i < count; i++)
		printf("%d\t%lld\t%s\t%s\t%s\t%s\n", shares[i].rank, (long long)shares[i].pledge, shares[i].pledge_no,
		       shares[i].claim, shares[i].paid, shares[i].shortfall);
	printf("pledgor\t\t\t\t%s\n", left_text);
	ds_free(shares);
	ds_free(left_text);
	return CLI_EXIT_OK;
}

static int do_show(ds_registry *reg, const cli_values *a)
{
	ds_pledge *p = NULL;
	int64_t id;

	if (id_operand(a, &id, "pledge") < 0)
		return CLI_EXIT_USAGE;
	if (ds_registry_pledge_get(&p, reg, id) < 0)
		return cli_library_error(CMD);
	print_pledge(p);
	ds_free(p);
	return CLI_EXIT_OK;
}

static int do_list(ds_registry *reg, const cli_values *a)
{
	ds_pledge *list = NULL;
	size_t count = 0, i;
	int64_t registration = 0;

	if (a->operand_count != 1)
		return cli_usage_error(CMD, _("list takes no operands"));
	if (a->value[OPT_REGISTRATION] && cli_parse_id(a->value[OPT_REGISTRATION], &registration) < 0)
		return cli_usage_error(CMD, _("--registration must be a registration ID"));
	if (ds_registry_pledge_list(&list, &count, reg, registration, a->value[OPT_PLEDGEE]) < 0)
		return cli_library_error(CMD);
	for (i = 0; i < count; i++)
		printf("%lld\t%s\t%s\t%lld\t%s\t%s\t%s\t%s\t%d\n", (long long)list[i].id,
		       list[i].pledge_no ? list[i].pledge_no : "-", ds_pledge_state_name(list[i].state),
		       (long long)list[i].registration, list[i].pledgor, list[i].pledgee, list[i].principal,
		       list[i].due_date, list[i].rank);
	ds_free(list);
	return CLI_EXIT_OK;
}

static int do_document(ds_registry *reg, const cli_values *a, int certificate)
{
	char *xml = NULL;
	long version = 0;
	int64_t id;
	int status;

	if (id_operand(a, &id, "pledge") < 0)
		return CLI_EXIT_USAGE;
	if (a->value[OPT_VERSION] && cli_parse_int(a->value[OPT_VERSION], 1, 1000000, &version) < 0)
		return cli_usage_error(CMD, _("--version must be a version number (1 on)"));
	if ((certificate ? ds_registry_pledge_certificate(&xml, reg, id) :
			   ds_registry_pledge_record(&xml, reg, id, (int)version)) < 0)
		return cli_library_error(CMD);
	status = write_out(a, xml);
	ds_free(xml);
	return status;
}

static int do_status(ds_registry *reg, const cli_values *a)
{
	char *text = NULL;
	int64_t id;

	if (id_operand(a, &id, "registration") < 0)
		return CLI_EXIT_USAGE;
	if (ds_registry_encumbrance(&text, reg, id, a->value[OPT_PARTIES] != NULL) < 0)
		return cli_library_error(CMD);
	fputs(text, stdout);
	ds_free(text);
	return CLI_EXIT_OK;
}

static int do_policy(ds_registry *reg, const cli_values *a)
{
	const char *s = a->value[OPT_STATUTORY], *q = a->value[OPT_SUBSEQUENT];

	if (need(a, OPT_STATUTORY, "statutory") || need(a, OPT_SUBSEQUENT, "subsequent"))
		return CLI_EXIT_USAGE;
	if (strcmp(s, "self") != 0 && strcmp(s, "external") != 0)
		return cli_usage_error(CMD, _("--statutory is self or external"));
	if (strcmp(q, "allow") != 0 && strcmp(q, "refuse") != 0)
		return cli_usage_error(CMD, _("--subsequent is allow or refuse"));
	if (ds_registry_pledge_policy(reg, strcmp(s, "self") == 0, strcmp(q, "allow") == 0) < 0)
		return cli_library_error(CMD);
	puts(_("policy recorded"));
	return CLI_EXIT_OK;
}

int cmd_registry_pledge(int argc, char **argv)
{
	static const char *const subs[] = { "add",     "advance",     "review",	    "change", "release",
					    "consent", "enforce",     "distribute", "show",   "list",
					    "record",  "certificate", "status",	    "policy" };
	ds_registry *reg = NULL;
	const char *sub;
	cli_values a;
	size_t i;
	int status;

	if ((status = cli_read_options(&a, CMD, options, print_help, argc, argv)) == CLI_HELP)
		return CLI_EXIT_OK;
	if (status == CLI_USAGE)
		return CLI_EXIT_USAGE;
	if (a.operand_count == 0)
		return cli_usage_error(CMD, _("missing subcommand"));
	sub = a.operands[0];
	for (i = 0; i < sizeof subs / sizeof subs[0] && strcmp(sub, subs[i]) != 0; i++)
		;
	if (i == sizeof subs / sizeof subs[0])
		return cli_usage_error(CMD, _("unknown subcommand '%s'"), sub);
	if ((status = cli_open_registry(&reg, CMD, a.value[OPT_DB], NULL)) != CLI_EXIT_OK)
		return status;
	if (strcmp(sub, "add") == 0)
		status = do_add(reg, &a);
	else if (strcmp(sub, "advance") == 0 || strcmp(sub, "release") == 0)
		status = do_advance(reg, &a, sub[0] == 'r');
	else if (strcmp(sub, "review") == 0)
		status = do_review(reg, &a);
	else if (strcmp(sub, "change") == 0)
		status = do_change(reg, &a);
	else if (strcmp(sub, "consent") == 0)
		status = do_consent(reg, &a);
	else if (strcmp(sub, "enforce") == 0)
		status = do_enforce(reg, &a);
	else if (strcmp(sub, "distribute") == 0)
		status = do_distribute(reg, &a);
	else if (strcmp(sub, "show") == 0)
		status = do_show(reg, &a);
	else if (strcmp(sub, "list") == 0)
		status = do_list(reg, &a);
	else if (strcmp(sub, "record") == 0 || strcmp(sub, "certificate") == 0)
		status = do_document(reg, &a, sub[0] == 'c');
	else if (strcmp(sub, "status") == 0)
		status = do_status(reg, &a);
	else
		status = do_policy(reg, &a);
	ds_registry_free(reg);
	return status;
}
