/*
 * The datasset tool's shared option parser, error reporting and helpers.
 * SPDX-License-Identifier: MIT
 */
#include "config.h"

#include <errno.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <datasset/datasset.h>

#include "cli.h"

/* ---------------------------------------------------------------- translations */

void cli_i18n_init(void)
{
#if ENABLE_NLS
	const char *dir = getenv("DATASSET_LOCALEDIR");

	setlocale(LC_CTYPE, "");
	setlocale(LC_MESSAGES, "");
	bindtextdomain(PACKAGE, dir && *dir ? dir : LOCALEDIR);
	bind_textdomain_codeset(PACKAGE, "UTF-8");
	textdomain(PACKAGE);
#endif
}

int cli_translated(void)
{
	/* TRANSLATORS: the code of your language (zh_CN). Translating it tells the CLI that it
	   speaks your language, so it also shows the library's status codes in it. */
	static const char marker[] = N_("en");

	return strcmp(_(marker), marker) != 0;
}

void cli_args_init(cli_args *args, const char *command, const cli_option *options, int argc, char **argv)
{
	args->command = command;
	args->options = options;
	args->argc = argc;
	args->argv = argv;
	args->next = 1;
	args->options_ended = 0;
	args->operand_count = 0;
}

char **cli_operands(const cli_args *args)
{
	return args->argv + 1;
}

static const cli_option *find_option(const cli_option *options, const char *name, size_t len)
{
	for (; options && options->name; options++)
		if (strlen(options->name) == len && strncmp(options->name, name, len) == 0)
			return options;
	return NULL;
}

/* Operands are moved down to argv[1..] in the order they came; the write
 * position never passes the read position, so nothing is overwritten unread. */
static void keep_operand(cli_args *args, char *arg)
{
	args->argv[1 + args->operand_count++] = arg;
}

int cli_next(cli_args *args, const char **value)
{
	const cli_option *option;
	const char *name, *equals;
	char *arg;
	size_t len;

	*value = NULL;
	while (args->next < args->argc) {
		arg = args->argv[args->next++];
		if (args->options_ended || arg[0] != '-' || arg[1] == '\0') {
			keep_operand(args, arg);
			continue;
		}
		if (strcmp(arg, "--") == 0) {
			args->options_ended = 1;
			continue;
		}
		if (strcmp(arg, "-h") == 0 || strcmp(arg, "--help") == 0)
			return CLI_HELP;
		if (arg[1] != '-') {
			cli_usage_error(args->command,
					_("unknown option '%s' (put '--' before an operand that starts with '-')"),
					arg);
			return CLI_USAGE;
		}
		name = arg + 2;
		equals = strchr(name, '=');
		len = equals ? (size_t)(equals - name) : strlen(name);
		if (!(option = find_option(args->options, name, len))) {
			cli_usage_error(args->command, _("unknown option '--%.*s'"), (int)len, name);
			return CLI_USAGE;
		}
		if (!option->takes_value) {
			if (equals) {
				cli_usage_error(args->command, _("option '--%s' takes no value"), option->name);
				return CLI_USAGE;
			}
			return option->id;
		}
		if (equals) {
			*value = equals + 1;
		} else if (args->next < args->argc) {
			*value = args->argv[args->next++];
		} else {
			cli_usage_error(args->command, _("option '--%s' needs a value"), option->name);
			return CLI_USAGE;
		}
		return option->id;
	}
	return CLI_DONE;
}

int cli_read_options(cli_values *v, const char *command, const cli_option *options, void (*help)(void), int argc,
		     char **argv)
{
	cli_args args;
	const char *value;
	int opt;

	memset(v, 0, sizeof *v);
	cli_args_init(&args, command, options, argc, argv);
	while ((opt = cli_next(&args, &value)) != CLI_DONE) {
		if (opt == CLI_HELP) {
			help();
			return CLI_HELP;
		}
		if (opt == CLI_USAGE)
			return CLI_USAGE;
		v->value[opt] = value ? value : "";
	}
	v->operands = cli_operands(&args);
	v->operand_count = args.operand_count;
	return 0;
}

static void verror(const char *command, const char *fmt, va_list ap) CLI_PRINTF(2, 0);

static void verror(const char *command, const char *fmt, va_list ap)
{
	if (command)
		fprintf(stderr, "datasset %s: ", command);
	else
		fputs("datasset: ", stderr);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
}

void cli_error(const char *command, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	verror(command, fmt, ap);
	va_end(ap);
}

int cli_usage_error(const char *command, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	verror(command, fmt, ap);
	va_end(ap);
	if (command)
		fprintf(stderr, _("Try 'datasset %s --help'.\n"), command);
	else
		fputs(_("Try 'datasset --help'.\n"), stderr);
	return CLI_EXIT_USAGE;
}

/* What each status code means, for the translated form of the library's errors. */
static const char *status_text(int code)
{
	switch (code) {
	case DS_EINVAL: return N_("invalid value");
	case DS_ENOMEM: return N_("out of memory");
	case DS_EPARSE: return N_("cannot be read");
	case DS_ERANGE: return N_("out of range");
	case DS_EDIVZERO: return N_("division by zero");
	case DS_ENOTFOUND: return N_("not found");
	case DS_EEXISTS: return N_("already exists");
	case DS_ESTATE: return N_("not allowed in the current state");
	case DS_EVERIFY: return N_("verification failed");
	case DS_EIO: return N_("input or output failed");
	case DS_EDB: return N_("database error");
	case DS_EUNSUPPORTED: return N_("not supported by this build");
	case DS_EINEXACT: return N_("not exactly representable");
	case DS_EINTERNAL: return N_("internal error");
	default: return N_("error");
	}
}

int cli_library_error(const char *command)
{
	const ds_error *e = ds_error_last();
	char prefix[64], message[2048];
	const char *at;
	size_t len;

	if (!cli_translated()) {
		cli_error(command, "%s", e->message);
		return CLI_EXIT_FAILURE;
	}
	/* The library's message stays as it is (stable English, with the document's own element
	 * and attribute names), except its fixed "line N, " / "line N: " prefix; the status code
	 * comes first, described in the user's language and named. */
	snprintf(message, sizeof message, "%s", e->message);
	if (e->line > 0) {
		snprintf(prefix, sizeof prefix, "line %d", e->line);
		len = strlen(prefix);
		if ((at = strstr(e->message, prefix)) && (at[len] == ',' || at[len] == ':') && at[len + 1] == ' ') {
			char translated[128];
			snprintf(translated, sizeof translated, at[len] == ',' ? _("line %d, ") : _("line %d: "),
				 e->line);
			snprintf(message, sizeof message, "%.*s%s%s", (int)(at - e->message), e->message, translated,
				 at + len + 2);
		}
	}
	cli_error(command, _("%s (%s): %s"), _(status_text(e->code)), ds_strerror(e->code), message);
	return CLI_EXIT_FAILURE;
}

int cli_parse_int(const char *text, long min, long max, long *out)
{
	char *end;
	long v;

	/* strtol alone would accept leading blanks and a '+'. */
	if (!(text[0] >= '0' && text[0] <= '9') && !(text[0] == '-' && text[1] >= '0' && text[1] <= '9'))
		return -1;
	errno = 0;
	v = strtol(text, &end, 10);
	if (errno || *end || v < min || v > max)
		return -1;
	*out = v;
	return 0;
}

char *cli_join(char *const *parts, int count)
{
	size_t total = 1, at = 0;
	char *joined;
	int i;

	for (i = 0; i < count; i++)
		total += strlen(parts[i]) + 1;
	if (!(joined = malloc(total)))
		return NULL;
	for (i = 0; i < count; i++) {
		size_t len = strlen(parts[i]);

		if (i > 0)
			joined[at++] = ' ';
		memcpy(joined + at, parts[i], len);
		at += len;
	}
	joined[at] = '\0';
	return joined;
}

int cli_one_file(const cli_args *args, const char *command)
{
	if (args->operand_count == 1)
		return CLI_EXIT_OK;
	return args->operand_count ? cli_usage_error(command, _("expected one FILE, got %d"), args->operand_count) :
				     cli_usage_error(command, _("missing FILE"));
}

int cli_index_of(const char *name, const char *const *names)
{
	int i;

	for (i = 0; names[i]; i++)
		if (strcmp(name, names[i]) == 0)
			return i;
	return -1;
}

int cli_parse_id(const char *text, int64_t *id)
{
	long value;

	if (!text || cli_parse_int(text, 1, 2147483647L, &value) < 0)
		return -1;
	*id = value;
	return 0;
}

const char *cli_db_path(const char *db)
{
	const char *env = getenv("DATASSET_DB");

	if (db)
		return db;
	return env && *env ? env : "registry.db";
}

int cli_open_registry(ds_registry **reg, const char *command, const char *db, const char *publicity_days)
{
	ds_registry_options opts = DS_REGISTRY_OPTIONS_INIT;
	long days;

	if (publicity_days) {
		if (cli_parse_int(publicity_days, 1, 366, &days) < 0)
			return cli_usage_error(command, _("--publicity-days must be an integer from 1 to 366"));
		opts.publicity_days = (int)days;
	}
	if (ds_registry_open(reg, cli_db_path(db), &opts) < 0)
		return cli_library_error(command);
	return CLI_EXIT_OK;
}

int cli_need(const char *command, const char *value, const char *name)
{
	if (!value) {
		cli_usage_error(command, _("missing --%s"), name);
		return -1;
	}
	return 0;
}
