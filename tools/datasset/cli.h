/*
 * The datasset command-line tool: shared declarations.
 *
 * Every command is a function `int cmd_x(int argc, char **argv)` where argv[0]
 * is the command's name; it returns the process exit status.
 * SPDX-License-Identifier: MIT
 */
#ifndef DS_CLI_H
#define DS_CLI_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#if defined(__GNUC__)
#define CLI_PRINTF(fmt, args) __attribute__((format(printf, fmt, args)))
#else
#define CLI_PRINTF(fmt, args)
#endif

/* ---- translations (cli.c) ----
 * The CLI's own messages, headings and help are marked _("...") (N_("...") in a
 * table, translated where it is printed) and come out in the language of
 * LC_MESSAGES / LANGUAGE when a catalogue exists (po/zh_CN.po); English is the
 * default. The library's messages stay English: cli_library_error() shows them
 * with a translated status description and "line N" prefix (docs/cli.md). */
#if ENABLE_NLS
#include <libintl.h>
#define _(s) gettext(s)
#else
#define _(s) (s)
#endif
#define N_(s) (s)

/* Set the locale's character type and messages (not numbers: the library's
 * figures never depend on the locale) and bind the catalogue: LOCALEDIR, or
 * $DATASSET_LOCALEDIR when set (running from the build tree). */
void cli_i18n_init(void);

/* 1 when the CLI's messages are being translated (the locale has a catalogue). */
int cli_translated(void);

/* Exit statuses (DESIGN.md §8). */
#define CLI_EXIT_OK 0
#define CLI_EXIT_FAILURE 1
#define CLI_EXIT_USAGE 2

/* ---- option parsing (cli.c) ----
 * Long options only ("--scale 2", "--scale=2"), plus "-h" for "--help", which
 * every command accepts. Operands and options may be mixed; "--" ends the
 * options so that an operand may start with '-' ("calc -- -(2+3)"). */

typedef struct cli_option {
	const char *name; /* without the leading "--"; NULL ends a table */
	int takes_value;  /* 1: "--name VALUE" or "--name=VALUE"; 0: a flag */
	int id;		  /* returned by cli_next(); must be > 0 */
} cli_option;

/* cli_next() results besides an option id. */
#define CLI_DONE 0   /* no more options; the operands are ready */
#define CLI_HELP -1  /* --help or -h */
#define CLI_USAGE -2 /* a usage error, already reported on stderr */

typedef struct cli_args {
	const char *command;	   /* for messages: "calc" */
	const cli_option *options; /* the command's table */
	int argc;
	char **argv;
	int next;	   /* index of the next argument to read */
	int options_ended; /* "--" was seen */
	int operand_count; /* operands found so far, gathered at argv[1..] */
} cli_args;

/* Start parsing a command's arguments (argv[0] is the command name). */
void cli_args_init(cli_args *args, const char *command, const cli_option *options, int argc, char **argv);

/* Read the next option: returns its id and sets *value (NULL for a flag), or one
 * of CLI_DONE, CLI_HELP, CLI_USAGE. After CLI_DONE the operands, in order, are
 * cli_operands(args)[0 .. args->operand_count). */
int cli_next(cli_args *args, const char **value);

/* The operands gathered so far (valid after cli_next() returned CLI_DONE). */
char **cli_operands(const cli_args *args);

/* Every option of a command read at once, for commands that look them up by id
 * afterwards (registry, registry pledge, the registry's compliance subcommands):
 * value[id] is the option's value ("" for a flag given, NULL for one absent),
 * operands[0 .. operand_count) the operands (argv[0] not counted). Option ids
 * must be below CLI_MAX_OPTIONS (a command checks its largest with
 * _Static_assert). */
#define CLI_MAX_OPTIONS 64

typedef struct cli_values {
	const char *value[CLI_MAX_OPTIONS];
	char **operands;
	int operand_count;
} cli_values;

/* Read @argv (argv[0] the command's name) into @v, cleared first. Returns 0;
 * CLI_HELP after calling @help(); or CLI_USAGE, already reported. */
int cli_read_options(cli_values *v, const char *command, const cli_option *options, void (*help)(void), int argc,
		     char **argv);

/* ---- reporting (cli.c) ---- */

/* Print "datasset <command>: <message>" on stderr. */
void cli_error(const char *command, const char *fmt, ...) CLI_PRINTF(2, 3);

/* Report a usage error with a hint to run --help, and return CLI_EXIT_USAGE. */
int cli_usage_error(const char *command, const char *fmt, ...) CLI_PRINTF(2, 3);

/* Report the library's last error for @command and return CLI_EXIT_FAILURE. */
int cli_library_error(const char *command);

/* ---- small helpers (cli.c) ---- */

/* Parse a decimal integer from @min to @max with nothing around it. 0 or -1. */
int cli_parse_int(const char *text, long min, long max, long *out);

/* The one FILE operand a command takes: CLI_EXIT_OK when @args (after CLI_DONE)
 * has exactly one operand, else the usage error "missing FILE" or "expected one
 * FILE, got N" for @command. */
int cli_one_file(const cli_args *args, const char *command);

/* The index of @name in the NULL-ended list @names (a --format's names), or -1. */
int cli_index_of(const char *name, const char *const *names);

/* A registry ID (registration, pledge): a decimal from 1 to 2147483647 into *id.
 * 0, or -1 (@text NULL or not such a number; nothing reported, *id unchanged). */
int cli_parse_id(const char *text, int64_t *id);

/* The registry database to open: @db (--db) when given, else $DATASSET_DB when
 * set and not empty, else "registry.db". */
const char *cli_db_path(const char *db);

struct ds_registry;

/* Open the registry cli_db_path(@db) into *reg, its publicity period
 * @publicity_days (--publicity-days: 1 to 366; NULL for the default). Returns
 * CLI_EXIT_OK, or the exit status after reporting the usage or library error
 * for @command. */
int cli_open_registry(struct ds_registry **reg, const char *command, const char *db, const char *publicity_days);

/* A required option: 0 when @value is there, else -1 after reporting the usage
 * error "missing --@name" for @command. */
int cli_need(const char *command, const char *value, const char *name);

/* Join @count strings with single spaces into a new string (free() it), or NULL
 * when memory runs out. */
char *cli_join(char *const *parts, int count);

/* ---- commands ---- */
int cmd_calc(int argc, char **argv);
int cmd_catalog(int argc, char **argv);
int cmd_words(int argc, char **argv);
int cmd_registry(int argc, char **argv);
/* `datasset registry pledge ...` (cmd_pledge.c): argv[0] is "pledge". */
int cmd_registry_pledge(int argc, char **argv);
int cmd_policy(int argc, char **argv);
int cmd_value(int argc, char **argv);
int cmd_ledger(int argc, char **argv);
int cmd_cert(int argc, char **argv);
int cmd_log(int argc, char **argv);
int cmd_probe(int argc, char **argv);
int cmd_settle(int argc, char **argv);
int cmd_compliance(int argc, char **argv);
/* datasset registry require-assessment | assess | assessments (cmd_registry_compliance.c):
 * CLI_NOT_MINE for any other registry subcommand. */
#define CLI_NOT_MINE (-1)
int cmd_registry_compliance(int argc, char **argv);

#endif
