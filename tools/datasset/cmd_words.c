/*
 * datasset words: 人民币大写 amounts and dates, and amounts read back from 大写.
 * SPDX-License-Identifier: MIT
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include <datasset/datasset.h>

#include "cli.h"

enum { OPT_PARSE = 1, OPT_DATE, OPT_ZHENG, OPT_ZHENG_AFTER_JIAO, OPT_OMIT_ZERO, OPT_YUAN, OPT_NO_PREFIX };

static const cli_option words_options[] = {
	{ "parse", 1, OPT_PARSE },	   { "date", 1, OPT_DATE },
	{ "zheng", 1, OPT_ZHENG },	   { "zheng-after-jiao", 0, OPT_ZHENG_AFTER_JIAO },
	{ "omit-zero", 0, OPT_OMIT_ZERO }, { "yuan", 1, OPT_YUAN },
	{ "no-prefix", 0, OPT_NO_PREFIX }, { NULL, 0, 0 }
};

static void print_help(void)
{
	fputs(_("Usage: datasset words [options] [--] AMOUNT\n"
		"       datasset words --parse TEXT\n"
		"       datasset words --date YYYY-MM-DD\n"
		"\n"
		"Write AMOUNT (in yuan, plain or grouped: 1680.32, 1,234.50) in 人民币大写,\n"
		"rounded half-up to the fen, following 《正确填写票据和结算凭证的基本规定》.\n"
		"Put -- before a negative amount: datasset words -- -2500\n"
		"\n"
		"Options:\n"
		"  --zheng=整|正        the character that ends an amount without fen (default 整)\n"
		"  --zheng-after-jiao  write 整 after 角 too, as invoices require\n"
		"  --omit-zero         omit the optional 零 when the 元 digit is 0 and 角 is not\n"
		"  --yuan=元|圆         the character for the yuan unit (default 元)\n"
		"  --no-prefix         do not write 人民币\n"
		"  --parse TEXT        read an amount in 大写 and print it to the fen (107000.53)\n"
		"  --date YYYY-MM-DD   write a date in 大写 (2025-03-10: 贰零贰伍年叁月零壹拾日)\n"
		"  -h, --help          show this help\n"
		"\n"
		"Examples:\n"
		"  datasset words 1680.32\n"
		"  datasset words --zheng=正 --no-prefix 1,234,500\n"
		"  datasset words --parse 壹拾万柒仟元伍角叁分\n"
		"  datasset words --date 2025-03-10\n"),
	      stdout);
}

/* Print a library-made string and free it, or report the library's error. */
static int print_result(int rc, char *text)
{
	if (rc < 0)
		return cli_library_error("words");
	puts(text);
	ds_free(text);
	return CLI_EXIT_OK;
}

static int two_digits(const char *s)
{
	return (s[0] - '0') * 10 + (s[1] - '0');
}

/* Exactly YYYY-MM-DD with ASCII digits; the library checks the ranges. */
static int date_words(const char *date)
{
	static const char shape[] = "dddd-dd-dd";
	char *text = NULL;
	size_t i;
	int rc;

	for (i = 0; i < sizeof shape - 1; i++)
		if (shape[i] == 'd' ? !(date[i] >= '0' && date[i] <= '9') : date[i] != shape[i])
			break;
	if (i < sizeof shape - 1 || date[i] != '\0') {
		cli_error("words", _("date '%s' is not in the form YYYY-MM-DD"), date);
		return CLI_EXIT_FAILURE;
	}
	rc = ds_date_to_words(&text, two_digits(date) * 100 + two_digits(date + 2), two_digits(date + 5),
			      two_digits(date + 8));
	return print_result(rc, text);
}

static int parse_words(const char *words)
{
	ds_decimal *amount = NULL;
	char *text = NULL;
	int rc, status;

	if (ds_decimal_new(&amount) < 0 || ds_decimal_parse_rmb_words(amount, words) < 0) {
		status = cli_library_error("words");
		goto done;
	}
	rc = ds_decimal_to_string_scaled(&text, amount, 2, DS_ROUND_HALF_UP, 0);
	status = print_result(rc, text);
done:
	ds_decimal_free(amount);
	return status;
}

static int amount_words(const char *amount_text, const ds_rmb_options *opts)
{
	ds_decimal *amount = NULL;
	char *text = NULL;
	int rc, status;

	if (ds_decimal_new(&amount) < 0) {
		status = cli_library_error("words");
		goto done;
	}
	if (ds_decimal_parse(amount, amount_text, DS_DECIMAL_GROUPED) < 0) {
		cli_error("words", _("'%s' is not an amount: %s"), amount_text, ds_error_last()->message);
		status = CLI_EXIT_FAILURE;
		goto done;
	}
	rc = ds_decimal_to_rmb_words(&text, amount, opts);
	status = print_result(rc, text);
done:
	ds_decimal_free(amount);
	return status;
}

int cmd_words(int argc, char **argv)
{
	ds_rmb_options opts = DS_RMB_OPTIONS_INIT;
	cli_args args;
	const char *value, *parse_text = NULL, *date_text = NULL, *format_option = NULL;
	int opt;

	cli_args_init(&args, "words", words_options, argc, argv);
	while ((opt = cli_next(&args, &value)) != CLI_DONE) {
		switch (opt) {
		case CLI_HELP: print_help(); return CLI_EXIT_OK;
		case CLI_USAGE: return CLI_EXIT_USAGE;
		case OPT_PARSE: parse_text = value; break;
		case OPT_DATE: date_text = value; break;
		case OPT_ZHENG:
			if (strcmp(value, "整") != 0 && strcmp(value, "正") != 0)
				return cli_usage_error("words", _("--zheng must be 整 or 正, not '%s'"), value);
			opts.use_zheng_alt = strcmp(value, "正") == 0;
			format_option = "--zheng";
			break;
		case OPT_ZHENG_AFTER_JIAO:
			opts.zheng_after_jiao = 1;
			format_option = "--zheng-after-jiao";
			break;
		case OPT_OMIT_ZERO:
			opts.omit_optional_zero = 1;
			format_option = "--omit-zero";
			break;
		case OPT_YUAN:
			if (strcmp(value, "元") != 0 && strcmp(value, "圆") != 0)
				return cli_usage_error("words", _("--yuan must be 元 or 圆, not '%s'"), value);
			opts.use_yuan_alt = strcmp(value, "圆") == 0;
			format_option = "--yuan";
			break;
		case OPT_NO_PREFIX:
			opts.omit_prefix = 1;
			format_option = "--no-prefix";
			break;
		}
	}
	if (parse_text && date_text)
		return cli_usage_error("words", _("--parse and --date cannot be used together"));
	if ((parse_text || date_text) && format_option)
		return cli_usage_error("words", _("%s applies only when writing an amount"), format_option);
	if ((parse_text || date_text) && args.operand_count > 0)
		return cli_usage_error("words", _("unexpected operand '%s'"), cli_operands(&args)[0]);
	if (parse_text)
		return parse_words(parse_text);
	if (date_text)
		return date_words(date_text);
	if (args.operand_count == 0)
		return cli_usage_error("words", _("missing AMOUNT"));
	if (args.operand_count > 1)
		return cli_usage_error("words", _("expected one AMOUNT, got %d arguments"), args.operand_count);
	return amount_words(cli_operands(&args)[0], &opts);
}
