/*
 * datasset calc: evaluate an arithmetic expression exactly.
 * SPDX-License-Identifier: MIT
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <datasset/datasset.h>

#include "cli.h"

enum { OPT_SCALE = 1, OPT_ROUND };

static const cli_option calc_options[] = { { "scale", 1, OPT_SCALE }, { "round", 1, OPT_ROUND }, { NULL, 0, 0 } };

/* Indexed by ds_rounding; the names are Python decimal's, lower-case. */
static const char *const mode_names[] = { "half-up", "half-even", "half-down", "up", "down", "ceiling", "floor" };
#define MODE_COUNT ((int)(sizeof mode_names / sizeof mode_names[0]))
#define MODE_LIST "half-up, half-even, half-down, up, down, ceiling, floor"

static void print_help(void)
{
	fputs(_("Usage: datasset calc [--scale N [--round MODE]] [--] EXPR...\n"
		"\n"
		"Evaluate EXPR exactly: decimal literals, + - * /, ^ with an integer exponent,\n"
		"unary minus and parentheses; ^ binds tighter than unary minus (-2^2 = -4)\n"
		"and is right-associative (2^3^2 = 512). Several EXPR arguments are joined\n"
		"with spaces. Put -- before an expression that starts with '-'.\n"
		"\n"
		"Without --scale the exact value is printed (2.5, -3, 0.125); a value with no\n"
		"finite decimal expansion, such as 1/3, needs --scale.\n"
		"\n"
		"Options:\n"
		"  --scale N     round to N digits after the point (0 to 1000) and print them all\n"
		"  --round MODE  rounding for --scale: half-up (default, 四舍五入), half-even,\n"
		"                half-down, up, down, ceiling, floor\n"
		"  -h, --help    show this help\n"
		"\n"
		"Examples:\n"
		"  datasset calc '1.1^-3' --scale 6\n"
		"  datasset calc --scale 2 --round half-even 2.675\n"
		"  datasset calc -- '-(2+3)'\n"),
	      stdout);
}

static int mode_of(const char *name)
{
	int i;

	for (i = 0; i < MODE_COUNT; i++)
		if (strcmp(name, mode_names[i]) == 0)
			return i;
	return -1;
}

/* Print @value exactly, or rounded to @scale digits when @scale >= 0. */
static int print_value(const ds_decimal *value, long scale, ds_rounding mode)
{
	char *text = NULL, *fraction = NULL;
	int rc, status = CLI_EXIT_OK;

	if (scale >= 0)
		rc = ds_decimal_to_string_scaled(&text, value, (int)scale, mode, 0);
	else
		rc = ds_decimal_to_string(&text, value, 0);
	if (rc == DS_EINEXACT && ds_decimal_to_fraction(&fraction, value) == DS_OK) {
		cli_error("calc", _("the result %s has no finite decimal expansion; pass --scale N to round it"),
			  fraction);
		status = CLI_EXIT_FAILURE;
		goto done;
	}
	if (rc < 0) {
		status = cli_library_error("calc");
		goto done;
	}
	puts(text);
done:
	ds_free(fraction);
	ds_free(text);
	return status;
}

int cmd_calc(int argc, char **argv)
{
	cli_args args;
	ds_decimal *value = NULL;
	const char *option_value, *round_name = NULL;
	char *expr = NULL;
	long scale = -1;
	int opt, mode = DS_ROUND_HALF_UP, status = CLI_EXIT_OK;

	cli_args_init(&args, "calc", calc_options, argc, argv);
	while ((opt = cli_next(&args, &option_value)) != CLI_DONE) {
		switch (opt) {
		case CLI_HELP: print_help(); goto done;
		case CLI_USAGE: status = CLI_EXIT_USAGE; goto done;
		case OPT_SCALE:
			if (cli_parse_int(option_value, 0, DS_DECIMAL_MAX_SCALE, &scale) < 0) {
				status = cli_usage_error("calc", _("--scale must be an integer from 0 to %d, not '%s'"),
							 DS_DECIMAL_MAX_SCALE, option_value);
				goto done;
			}
			break;
		case OPT_ROUND:
			if ((mode = mode_of(option_value)) < 0) {
				status = cli_usage_error("calc", _("unknown rounding mode '%s' (valid: %s)"),
							 option_value, MODE_LIST);
				goto done;
			}
			round_name = option_value;
			break;
		}
	}
	if (round_name && scale < 0) {
		status = cli_usage_error("calc", _("--round needs --scale"));
		goto done;
	}
	if (args.operand_count == 0) {
		status = cli_usage_error("calc", _("missing EXPR"));
		goto done;
	}
	if (!(expr = cli_join(cli_operands(&args), args.operand_count))) {
		cli_error("calc", _("out of memory"));
		status = CLI_EXIT_FAILURE;
		goto done;
	}
	if (ds_decimal_new(&value) < 0 || ds_decimal_eval(value, expr) < 0) {
		status = cli_library_error("calc");
		goto done;
	}
	status = print_value(value, scale, (ds_rounding)mode);
done:
	ds_decimal_free(value);
	free(expr);
	return status;
}
