/*
 * 人民币大写 and dates in 大写 (lib/decimal/words.c), against the rules and
 * worked examples of shared/domain/amounts.md.
 * SPDX-License-Identifier: MIT
 */
#include <stdint.h>

#include "testutil.h"

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

/* Every combination of the five formatting options, numbered by bit. */
#define OPTION_COMBINATIONS 32

static ds_rmb_options options_from_bits(unsigned int bits)
{
	ds_rmb_options opts = DS_RMB_OPTIONS_INIT;

	opts.use_zheng_alt = !!(bits & 1u);
	opts.zheng_after_jiao = !!(bits & 2u);
	opts.omit_optional_zero = !!(bits & 4u);
	opts.use_yuan_alt = !!(bits & 8u);
	opts.omit_prefix = !!(bits & 16u);
	return opts;
}

/* Format @amount (plain text, fractions allowed) and compare with @expected. */
static void check_words(const char *amount, const ds_rmb_options *opts, const char *expected)
{
	ds_decimal *d = tu_dec(amount);
	char *text = NULL;

	ck_assert_ds_ok(ds_decimal_to_rmb_words(&text, d, opts));
	ck_assert_msg(strcmp(text, expected) == 0, "%s: got %s, expected %s", amount, text, expected);
	ds_free(text);
	ds_decimal_free(d);
}

/* Parse @text and compare with the plain amount @expected. */
static void check_parse(const char *text, const char *expected)
{
	ds_decimal *want = tu_dec(expected);
	ds_decimal *got = tu_dec("-12345.67");
	int rc = ds_decimal_parse_rmb_words(got, text);
	char *shown = NULL;

	ck_assert_msg(rc == DS_OK, "%s: %s: %s", text, ds_strerror(rc), ds_error_last()->message);
	ck_assert_ds_ok(ds_decimal_to_string(&shown, got, 0));
	ck_assert_msg(ds_decimal_cmp(got, want) == 0, "%s: got %s, expected %s", text, shown, expected);
	ds_free(shown);
	ds_decimal_free(got);
	ds_decimal_free(want);
}

/* ---------------------------------------------------------------- formatting */

/* The worked examples of amounts.md, canonical form; each must also parse back. */
static const struct {
	const char *amount, *words;
} worked_examples[] = {
	{ "0", "人民币零元整" },
	{ "0.05", "人民币伍分" },
	{ "0.5", "人民币伍角" },
	{ "15", "人民币壹拾伍元整" },
	{ "1409.50", "人民币壹仟肆佰零玖元伍角" },
	{ "6007.14", "人民币陆仟零柒元壹角肆分" },
	{ "1680.32", "人民币壹仟陆佰捌拾元零叁角贰分" },
	{ "107000.53", "人民币壹拾万柒仟元零伍角叁分" },
	{ "16409.02", "人民币壹万陆仟肆佰零玖元零贰分" },
	{ "325.04", "人民币叁佰贰拾伍元零肆分" },
	{ "1000700", "人民币壹佰万零柒佰元整" },
	{ "100000001", "人民币壹亿零壹元整" },
	{ "-2500", "人民币负贰仟伍佰元整" },
	{ "0.53", "人民币伍角叁分" },
};

START_TEST(test_worked_examples)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(worked_examples); i++) {
		check_words(worked_examples[i].amount, NULL, worked_examples[i].words);
		check_parse(worked_examples[i].words, worked_examples[i].amount);
	}
}
END_TEST

/* More canonical forms: sections, zeros across sections, rounding, the range. */
static const struct {
	const char *amount, *words;
} canonical[] = {
	/* Inside a section (ICU with our rules): every 拾 carries its digit. */
	{ "1", "人民币壹元整" },
	{ "10", "人民币壹拾元整" },
	{ "19", "人民币壹拾玖元整" },
	{ "20", "人民币贰拾元整" },
	{ "101", "人民币壹佰零壹元整" },
	{ "110", "人民币壹佰壹拾元整" },
	{ "115", "人民币壹佰壹拾伍元整" },
	{ "1005", "人民币壹仟零伍元整" },
	{ "1050", "人民币壹仟零伍拾元整" },
	{ "1015", "人民币壹仟零壹拾伍元整" },
	{ "1100", "人民币壹仟壹佰元整" },
	{ "1901", "人民币壹仟玖佰零壹元整" },
	{ "9999", "人民币玖仟玖佰玖拾玖元整" },
	/* Sections: 万, 亿, 万亿. */
	{ "10000", "人民币壹万元整" },
	{ "10005", "人民币壹万零伍元整" },
	{ "10010", "人民币壹万零壹拾元整" },
	{ "100000", "人民币壹拾万元整" },
	{ "110000", "人民币壹拾壹万元整" },
	{ "1000000", "人民币壹佰万元整" },
	{ "100000000", "人民币壹亿元整" },
	{ "100010001.01", "人民币壹亿零壹万零壹元零壹分" },
	{ "100001000", "人民币壹亿壹仟元整" },
	{ "1010101010", "人民币壹拾亿壹仟零壹拾万壹仟零壹拾元整" },
	{ "1000000000000", "人民币壹万亿元整" },
	{ "1000000000001", "人民币壹万亿零壹元整" },
	{ "1000100000000", "人民币壹万零壹亿元整" },
	{ "1234500000000", "人民币壹万贰仟叁佰肆拾伍亿元整" },
	{ "10100000000000", "人民币壹拾万壹仟亿元整" },
	{ "101000000000000", "人民币壹佰零壹万亿元整" },
	{ "1000000000000000", "人民币壹仟万亿元整" },
	{ "1000000000000001", "人民币壹仟万亿零壹元整" },
	{ "1000000010000000", "人民币壹仟万亿壹仟万元整" },
	{ "1234567890123456", "人民币壹仟贰佰叁拾肆万伍仟陆佰柒拾捌亿玖仟零壹拾贰万叁仟肆佰伍拾陆元整" },
	{ "9999999999999999.99", "人民币玖仟玖佰玖拾玖万玖仟玖佰玖拾玖亿玖仟玖佰玖拾玖万玖仟玖佰玖拾玖元玖角玖分" },
	{ "9999999999999999.994", "人民币玖仟玖佰玖拾玖万玖仟玖佰玖拾玖亿玖仟玖佰玖拾玖万玖仟玖佰玖拾玖元玖角玖分" },
	/* 角 and 分. */
	{ "0.1", "人民币壹角" },
	{ "0.01", "人民币壹分" },
	{ "0.11", "人民币壹角壹分" },
	{ "1.5", "人民币壹元伍角" },
	{ "10.5", "人民币壹拾元零伍角" },
	{ "10.05", "人民币壹拾元零伍分" },
	{ "10.55", "人民币壹拾元零伍角伍分" },
	{ "100000000.5", "人民币壹亿元零伍角" },
	/* Rounded HALF_UP to the fen first; no negative zero. */
	{ "0.004", "人民币零元整" },
	{ "-0.004", "人民币零元整" },
	{ "0.005", "人民币壹分" },
	{ "-0.005", "人民币负壹分" },
	{ "2.345", "人民币贰元叁角伍分" },
	{ "-2.345", "人民币负贰元叁角伍分" },
	{ "9.995", "人民币壹拾元整" },
	{ "1/3", "人民币叁角叁分" },
	{ "2/3", "人民币陆角柒分" },
	{ "-1e3", "人民币负壹仟元整" },
	{ "-0.5", "人民币负伍角" },
};

START_TEST(test_canonical_forms)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(canonical); i++)
		check_words(canonical[i].amount, NULL, canonical[i].words);
}
END_TEST

static const struct {
	const char *amount;
	ds_rmb_options opts;
	const char *words;
} with_options[] = {
	/* Rule 4: the optional 零 between 元 and 角 left out. */
	{ "1680.32", { DS_RMB_OPTIONS_VERSION, 0, 0, 1, 0, 0 }, "人民币壹仟陆佰捌拾元叁角贰分" },
	{ "107000.53", { DS_RMB_OPTIONS_VERSION, 0, 0, 1, 0, 0 }, "人民币壹拾万柒仟元伍角叁分" },
	{ "10.5", { DS_RMB_OPTIONS_VERSION, 0, 0, 1, 0, 0 }, "人民币壹拾元伍角" },
	/* ... but never the 零 of rule 5 or of rule 3. */
	{ "16409.02", { DS_RMB_OPTIONS_VERSION, 0, 0, 1, 0, 0 }, "人民币壹万陆仟肆佰零玖元零贰分" },
	{ "325.04", { DS_RMB_OPTIONS_VERSION, 0, 0, 1, 0, 0 }, "人民币叁佰贰拾伍元零肆分" },
	{ "1000700", { DS_RMB_OPTIONS_VERSION, 0, 0, 1, 0, 0 }, "人民币壹佰万零柒佰元整" },
	/* 正 for 整. */
	{ "15", { DS_RMB_OPTIONS_VERSION, 1, 0, 0, 0, 0 }, "人民币壹拾伍元正" },
	{ "0", { DS_RMB_OPTIONS_VERSION, 1, 0, 0, 0, 0 }, "人民币零元正" },
	/* 整 after 角 (invoices); never after 分. */
	{ "1409.5", { DS_RMB_OPTIONS_VERSION, 0, 1, 0, 0, 0 }, "人民币壹仟肆佰零玖元伍角整" },
	{ "1409.5", { DS_RMB_OPTIONS_VERSION, 1, 1, 0, 0, 0 }, "人民币壹仟肆佰零玖元伍角正" },
	{ "0.5", { DS_RMB_OPTIONS_VERSION, 0, 1, 0, 0, 0 }, "人民币伍角整" },
	{ "6007.14", { DS_RMB_OPTIONS_VERSION, 0, 1, 0, 0, 0 }, "人民币陆仟零柒元壹角肆分" },
	{ "0.05", { DS_RMB_OPTIONS_VERSION, 0, 1, 0, 0, 0 }, "人民币伍分" },
	{ "15", { DS_RMB_OPTIONS_VERSION, 0, 1, 0, 0, 0 }, "人民币壹拾伍元整" },
	/* 圆 for 元. */
	{ "15", { DS_RMB_OPTIONS_VERSION, 0, 0, 0, 1, 0 }, "人民币壹拾伍圆整" },
	{ "0", { DS_RMB_OPTIONS_VERSION, 0, 0, 0, 1, 0 }, "人民币零圆整" },
	{ "1680.32", { DS_RMB_OPTIONS_VERSION, 0, 0, 0, 1, 0 }, "人民币壹仟陆佰捌拾圆零叁角贰分" },
	/* No prefix. */
	{ "15", { DS_RMB_OPTIONS_VERSION, 0, 0, 0, 0, 1 }, "壹拾伍元整" },
	{ "-2500", { DS_RMB_OPTIONS_VERSION, 0, 0, 0, 0, 1 }, "负贰仟伍佰元整" },
	{ "-0.004", { DS_RMB_OPTIONS_VERSION, 0, 0, 0, 0, 1 }, "零元整" },
	/* Everything at once. */
	{ "-107000.5", { DS_RMB_OPTIONS_VERSION, 1, 1, 1, 1, 1 }, "负壹拾万柒仟圆伍角正" },
	{ "-107000.5", { DS_RMB_OPTIONS_VERSION, 1, 1, 0, 1, 0 }, "人民币负壹拾万柒仟圆零伍角正" },
};

START_TEST(test_options)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(with_options); i++)
		check_words(with_options[i].amount, &with_options[i].opts, with_options[i].words);
}
END_TEST

START_TEST(test_options_init)
{
	ds_rmb_options opts, expected = DS_RMB_OPTIONS_INIT;

	memset(&opts, 0x5a, sizeof opts);
	ck_assert_ds_ok(ds_rmb_options_init(&opts, DS_RMB_OPTIONS_VERSION));
	ck_assert_int_eq(memcmp(&opts, &expected, sizeof opts), 0);
	ck_assert_uint_eq(opts.version, DS_RMB_OPTIONS_VERSION);

	memset(&opts, 0x5a, sizeof opts);
	ck_assert_ds_err(ds_rmb_options_init(&opts, 0), DS_EINVAL);
	ck_assert_ds_err(ds_rmb_options_init(&opts, DS_RMB_OPTIONS_VERSION + 1), DS_EINVAL);
	ck_assert_uint_eq(opts.version, 0x5a5a5a5au); /* untouched */
	ck_assert_ds_err(ds_rmb_options_init(NULL, DS_RMB_OPTIONS_VERSION), DS_EINVAL);
}
END_TEST

START_TEST(test_format_errors)
{
	static const char *const too_large[] = {
		"10000000000000000",	 "-10000000000000000", "9999999999999999.995",
		"-9999999999999999.995", "12345678901234567",  "1e100",
	};
	ds_rmb_options bad = DS_RMB_OPTIONS_INIT;
	ds_decimal *d = tu_dec("15");
	char sentinel[] = "unchanged";
	char *out = sentinel;
	size_t i;

	for (i = 0; i < ARRAY_SIZE(too_large); i++) {
		ds_decimal *big = tu_dec(too_large[i]);

		ck_assert_ds_err(ds_decimal_to_rmb_words(&out, big, NULL), DS_ERANGE);
		ck_assert_ptr_eq(out, sentinel);
		ck_assert_int_eq(ds_error_last()->code, DS_ERANGE);
		ds_decimal_free(big);
	}

	bad.version = 0;
	ck_assert_ds_err(ds_decimal_to_rmb_words(&out, d, &bad), DS_EINVAL);
	bad.version = DS_RMB_OPTIONS_VERSION + 1;
	ck_assert_ds_err(ds_decimal_to_rmb_words(&out, d, &bad), DS_EINVAL);
	ck_assert_ptr_eq(out, sentinel);
	ck_assert_ds_err(ds_decimal_to_rmb_words(NULL, d, NULL), DS_EINVAL);
	ck_assert_ds_err(ds_decimal_to_rmb_words(&out, NULL, NULL), DS_EINVAL);
	ck_assert_ptr_eq(out, sentinel);
	ds_decimal_free(d);
}
END_TEST

/* ------------------------------------------------------------------ parsing */

/* Every form the rules allow, and the amount it means. */
static const struct {
	const char *text, *amount;
} accepted[] = {
	/* Rule 4 both ways, the regulation's own examples. */
	{ "人民币壹仟陆佰捌拾元零叁角贰分", "1680.32" },
	{ "人民币壹仟陆佰捌拾元叁角贰分", "1680.32" },
	{ "人民币壹拾万柒仟元零伍角叁分", "107000.53" },
	{ "人民币壹拾万零柒仟元伍角叁分", "107000.53" },
	{ "人民币壹拾万柒仟元伍角叁分", "107000.53" },
	{ "人民币壹拾万零柒仟元零伍角叁分", "107000.53" },
	/* The optional 零 at the 亿 and 万亿 digits too. */
	{ "人民币壹亿壹仟元整", "100001000" },
	{ "人民币壹亿零壹仟元整", "100001000" },
	{ "人民币壹拾亿壹仟万元整", "1010000000" },
	{ "人民币壹拾亿零壹仟万元整", "1010000000" },
	{ "人民币壹拾万壹仟亿元整", "10100000000000" },
	{ "人民币壹拾万零壹仟亿元整", "10100000000000" },
	{ "人民币壹拾亿零壹仟零壹拾万零壹仟零壹拾元整", "1010101010" },
	{ "人民币壹拾亿壹仟零壹拾万零壹仟零壹拾元整", "1010101010" },
	{ "人民币壹拾元伍角", "10.5" },
	/* 整, 正 or nothing after 元 and 角; 元 or 圆; with or without 人民币. */
	{ "人民币壹拾伍元整", "15" },
	{ "人民币壹拾伍元正", "15" },
	{ "人民币壹拾伍元", "15" },
	{ "人民币壹拾伍圆整", "15" },
	{ "人民币壹拾伍圆", "15" },
	{ "壹拾伍元整", "15" },
	{ "壹拾伍圆正", "15" },
	{ "壹拾伍元", "15" },
	{ "人民币伍角整", "0.5" },
	{ "人民币伍角正", "0.5" },
	{ "伍角", "0.5" },
	{ "人民币壹仟肆佰零玖元伍角整", "1409.5" },
	{ "人民币伍分", "0.05" },
	{ "伍分", "0.05" },
	{ "人民币伍角叁分", "0.53" },
	{ "人民币零元整", "0" },
	{ "人民币零元", "0" },
	{ "零圆正", "0" },
	/* 负 after 人民币, or first without it. */
	{ "人民币负贰仟伍佰元整", "-2500" },
	{ "负贰仟伍佰元整", "-2500" },
	{ "负伍分", "-0.05" },
	{ "人民币负壹拾万柒仟圆伍角正", "-107000.5" },
	/* Zeros across sections. */
	{ "人民币壹佰万零柒佰元整", "1000700" },
	{ "人民币壹亿零壹元整", "100000001" },
	{ "人民币壹亿零壹万零壹元零壹分", "100010001.01" },
	{ "人民币壹万亿元整", "1000000000000" },
	{ "人民币壹万亿零壹元整", "1000000000001" },
	{ "人民币壹万零壹亿元整", "1000100000000" },
	{ "人民币壹仟万亿壹仟万元整", "1000000010000000" },
	{ "人民币壹仟万亿零壹仟万元整", "1000000010000000" },
	{ "人民币玖仟玖佰玖拾玖万玖仟玖佰玖拾玖亿玖仟玖佰玖拾玖万玖仟玖佰玖拾玖元玖角玖分", "9999999999999999.99" },
};

START_TEST(test_parse_accepts)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(accepted); i++)
		check_parse(accepted[i].text, accepted[i].amount);
}
END_TEST

/* Text that is not 人民币大写, where the problem is, and a word of the message. */
static const struct {
	const char *text;
	int column;
	const char *message;
} rejected[] = {
	{ "", 1, "empty" },
	{ "拾伍元", 1, "'拾' must be preceded by a digit (壹拾) in the highest place" },
	{ "人民币拾伍元整", 4, "in the highest place (rule 6)" },
	{ "人民币壹佰拾元整", 6, "'拾' must be preceded by a digit" },
	{ "人民币壹仟零零伍元整", 7, "doubled '零'" },
	{ "人民币壹拾万零零柒仟元", 8, "doubled '零'" },
	{ "人民币壹元零零伍分", 7, "doubled '零'" },
	{ "人民币壹佰壹仟元整", 7, "units must decrease" },
	{ "人民币伍拾壹拾元整", 7, "units must decrease" },
	/* Rule 3's 零 left out. */
	{ "人民币壹仟玖元整", 6, "'零' is required before '玖'" },
	{ "人民币壹仟玖元", 6, "rule 3" },
	{ "人民币壹万伍元整", 6, "rule 3" },
	{ "人民币壹佰万柒佰元整", 7, "rule 3" },
	{ "人民币壹亿壹元整", 6, "rule 3" },
	{ "人民币壹仟万壹亿元整", 7, "rule 3" },
	/* Rule 5's 零 left out. */
	{ "人民币叁佰贰拾伍元肆分", 10, "rule 5" },
	{ "人民币壹万陆仟肆佰零玖元贰分", 13, "rule 5" },
	/* 零 where no zero stands. */
	{ "人民币壹佰零壹拾元整", 6, "'零' is not written here" },
	{ "人民币壹元零伍角", 6, "'零' is not written here" },
	{ "人民币壹拾零元整", 6, "trailing zeros" },
	{ "人民币零壹元整", 4, "does not start with '零'" },
	{ "人民币零伍角", 4, "does not start with '零'" },
	{ "人民币壹元零角伍分", 6, "'零' must be followed by a non-zero digit" },
	{ "人民币壹元零", 6, "'零' must be followed by a non-zero digit" },
	{ "人民币壹拾伍元零整", 8, "'零' must be followed by a non-zero digit" },
	{ "人民币伍角零分", 6, "a zero 角 or 分 is omitted" },
	{ "人民币壹亿零万零壹元", 7, "'万' cannot follow '零'" },
	/* An integer part of zero writes no 元. */
	{ "人民币零元伍角", 4, "an integer part of zero writes no 元" },
	{ "零元伍角", 1, "an integer part of zero writes no 元" },
	{ "零圆伍分", 1, "an integer part of zero writes no 元" },
	/* Rule 2: never 整 after 分. */
	{ "人民币伍分整", 6, "never written after 分" },
	{ "人民币叁佰贰拾伍元零肆分整", 13, "never written after 分" },
	{ "人民币壹元伍角叁分正", 10, "never written after 分" },
	/* Structure. */
	{ "人民币壹万壹万元整", 7, "'万' cannot follow '万'" },
	{ "人民币壹亿壹亿元整", 7, "'亿' appears more than once" },
	{ "人民币壹万亿零壹亿元整", 9, "'亿' appears more than once" },
	{ "人民币壹贰元整", 5, "without a unit" },
	{ "人民币元整", 4, "must be preceded by an amount" },
	{ "人民币壹元元", 6, "appears more than once" },
	{ "人民币壹元圆", 6, "appears more than once" },
	{ "人民币壹拾伍", 7, "'元' is missing" },
	{ "人民币壹拾伍角", 5, "must end with '元'" },
	{ "人民币壹元伍", 7, "must be followed by '角' or '分'" },
	{ "人民币壹元伍分伍角", 8, "cannot follow 分" },
	{ "人民币壹元伍角伍", 9, "must be followed by '分'" },
	{ "人民币万元整", 4, "'万' must be preceded by a number" },
	{ "人民币亿元整", 4, "'亿' must be preceded by a number" },
	/* Prefix, sign and 整 in the wrong place. */
	{ "人民币", 4, "missing" },
	{ "人民币整", 4, "missing" },
	{ "负", 2, "missing" },
	{ "负人民币壹元整", 2, "人民币 may only start" },
	{ "人民币壹元负", 6, "'负' must come right after 人民币" },
	{ "人民币负零元整", 4, "'负' before an amount of zero" },
	{ "人民币壹元整整", 6, "may only end" },
	{ "人民币壹元整伍角", 6, "may only end" },
	{ "人民币人民币壹元整", 4, "人民币 may only start" },
	/* Not 人民币大写 at all. */
	{ "hello", 1, "not a character of 人民币大写" },
	{ "15", 1, "not a character of 人民币大写" },
	{ " 人民币壹元整", 1, "not a character" },
	{ "人民币壹拾伍元 整", 8, "not a character" },
	{ "人民币一十五元整", 4, "not a character" },
	{ "人民币壹拾伍元整\n", 9, "not a character" },
	/* Invalid UTF-8. */
	{ "\xff", 1, "invalid UTF-8" },
	{ "人民币\xe5\xa3", 4, "invalid UTF-8" },
	{ "人民币壹\xc0\x80元", 5, "invalid UTF-8" },
	{ "人民币\xed\xa0\x80", 4, "invalid UTF-8" },
};

/* Parse must fail with DS_EPARSE at @column, leaving the output untouched. */
static void check_rejected(const char *text, int column, const char *message)
{
	ds_decimal *r = tu_dec("-12345.67");
	ds_decimal *before = tu_dec("-12345.67");
	const ds_error *e;
	char position[32];

	ck_assert_ds_err(ds_decimal_parse_rmb_words(r, text), DS_EPARSE);
	e = ds_error_last();
	ck_assert_int_eq(e->code, DS_EPARSE);
	ck_assert_msg(e->column == column, "%s: column %d, expected %d (%s)", text, e->column, column, e->message);
	snprintf(position, sizeof position, "position %d: ", column);
	ck_assert_msg(strncmp(e->message, position, strlen(position)) == 0, "%s: message '%s'", text, e->message);
	if (message)
		ck_assert_msg(strstr(e->message, message) != NULL, "%s: message '%s' lacks '%s'", text, e->message,
			      message);
	ck_assert_msg(ds_decimal_cmp(r, before) == 0, "%s: the output changed", text);
	ds_decimal_free(before);
	ds_decimal_free(r);
}

START_TEST(test_parse_rejects)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(rejected); i++)
		check_rejected(rejected[i].text, rejected[i].column, rejected[i].message);
}
END_TEST

START_TEST(test_parse_too_long)
{
	char text[3 * 200 + 1];
	int i;

	for (i = 0; i < 200; i++)
		memcpy(text + 3 * i, "壹", 3);
	text[3 * 200] = '\0';
	check_rejected(text, 129, "too long");
}
END_TEST

START_TEST(test_parse_arguments)
{
	ds_decimal *r = tu_dec("1");

	ck_assert_ds_err(ds_decimal_parse_rmb_words(NULL, "人民币壹元整"), DS_EINVAL);
	ck_assert_ds_err(ds_decimal_parse_rmb_words(r, NULL), DS_EINVAL);
	ck_assert_dec_eq(r, "1");
	ds_decimal_free(r);
}
END_TEST

/* ------------------------------------------------------------------ properties */

/* xorshift64*: deterministic, so a failure always reproduces. */
static uint64_t rng_state = UINT64_C(0x9e3779b97f4a7c15);

static uint64_t rng_next(void)
{
	rng_state ^= rng_state >> 12;
	rng_state ^= rng_state << 25;
	rng_state ^= rng_state >> 27;
	return rng_state * UINT64_C(2685821657736338717);
}

static unsigned int rng_below(unsigned int n)
{
	return (unsigned int)(rng_next() % n);
}

/*
 * An amount in plain text, below 10^16 after rounding: mostly zeros, so that
 * the 零 rules between sections are exercised (100000001, 1000700, ...); 0 to 3
 * fractional digits (a third is rounded away); sometimes negative.
 */
static void random_amount(char *out, size_t size)
{
	char digits[32];
	unsigned int n_int = 1 + rng_below(16), n_frac = rng_below(4), zero_odds = 2 + rng_below(6), i;
	size_t len = 0;

	if (rng_below(5) == 0)
		digits[len++] = '-';
	for (i = 0; i < n_int; i++) {
		unsigned int d = rng_below(zero_odds) ? 0 : rng_below(10);

		if (i == 0 && d == 0)
			d = 1 + rng_below(9);
		digits[len++] = (char)('0' + d);
	}
	/* Keep 9999999999999999.995 and above (DS_ERANGE) out. */
	if (n_int == 16 && digits[len - 16] == '9')
		digits[len - 16] = '8';
	if (n_frac) {
		digits[len++] = '.';
		for (i = 0; i < n_frac; i++)
			digits[len++] = (char)('0' + (rng_below(zero_odds) ? 0 : rng_below(10)));
	}
	digits[len] = '\0';
	snprintf(out, size, "%s", digits);
}

static const char *const special_amounts[] = {
	"100000001",
	"1000700",
	"100010001.01",
	"1000000000000000",
	"1000000000000001",
	"1000000000000010",
	"1000000000010000",
	"1000000100000000",
	"1000010000000000",
	"1000100010001000.1",
	"1010101010101010",
	"101010101010101.01",
	"9999999999999999.99",
	"10000000",
	"100000000.05",
	"10.5",
	"0.5",
	"0.05",
	"0",
	"-0.01",
	"2000000000000.02",
	"1000000010000000.5",
	"110000000000.1",
	"1001000000000",
	"1000000001",
};

static void check_round_trip(const char *amount)
{
	ds_decimal *x = tu_dec(amount), *expected = NULL, *back = tu_dec("-12345.67");
	unsigned int bits;

	ck_assert_ds_ok(ds_decimal_new(&expected));
	ck_assert_ds_ok(ds_decimal_round(expected, x, 2, DS_ROUND_HALF_UP));
	for (bits = 0; bits < OPTION_COMBINATIONS; bits++) {
		ds_rmb_options opts = options_from_bits(bits);
		char *text = NULL;

		ck_assert_ds_ok(ds_decimal_to_rmb_words(&text, x, &opts));
		ck_assert_msg(ds_decimal_parse_rmb_words(back, text) == DS_OK, "%s (options %u): %s: %s", amount, bits,
			      text, ds_error_last()->message);
		ck_assert_msg(ds_decimal_cmp(back, expected) == 0, "%s (options %u): %s read back differently", amount,
			      bits, text);
		ck_assert_msg(strstr(text, "零零") == NULL, "%s: doubled 零 in %s", amount, text);
		ds_free(text);
	}
	ds_decimal_free(back);
	ds_decimal_free(expected);
	ds_decimal_free(x);
}

START_TEST(test_round_trip)
{
	char amount[40];
	size_t i;

	for (i = 0; i < ARRAY_SIZE(special_amounts); i++)
		check_round_trip(special_amounts[i]);
	rng_state = UINT64_C(0x9e3779b97f4a7c15);
	for (i = 0; i < tu_iterations(3000); i++) {
		random_amount(amount, sizeof amount);
		check_round_trip(amount);
	}
}
END_TEST

/*
 * A 零 inserted anywhere into a valid spelling either makes the text invalid
 * or is one of rule 4's optional zeros: it never changes the amount.
 */
START_TEST(test_zero_insertion)
{
	char amount[40], inserted[256];
	size_t i, at;
	int accepted_count = 0;

	rng_state = UINT64_C(0x0123456789abcdef);
	for (i = 0; i < tu_iterations(400); i++) {
		ds_decimal *x, *r = tu_dec("-12345.67"), *before = tu_dec("-12345.67");
		char *text = NULL;

		if (i < ARRAY_SIZE(special_amounts))
			snprintf(amount, sizeof amount, "%s", special_amounts[i]);
		else
			random_amount(amount, sizeof amount);
		x = tu_dec(amount);
		ck_assert_ds_ok(ds_decimal_round(x, x, 2, DS_ROUND_HALF_UP));
		ck_assert_ds_ok(ds_decimal_to_rmb_words(&text, x, NULL));
		/* Every character boundary of UTF-8 text: the start of each code point, and the end. */
		for (at = 0; at <= strlen(text); at++) {
			int rc;

			if (text[at] != '\0' && ((unsigned char)text[at] & 0xC0) == 0x80)
				continue;
			snprintf(inserted, sizeof inserted, "%.*s零%s", (int)at, text, text + at);
			rc = ds_decimal_parse_rmb_words(r, inserted);
			if (rc == DS_OK) {
				ck_assert_msg(ds_decimal_cmp(r, x) == 0, "%s changed the amount %s", inserted, amount);
				ck_assert_ds_ok(ds_decimal_set(r, before));
				accepted_count++;
			} else {
				ck_assert_msg(rc == DS_EPARSE, "%s: %s", inserted, ds_strerror(rc));
				ck_assert(ds_decimal_cmp(r, before) == 0);
			}
		}
		ds_free(text);
		ds_decimal_free(before);
		ds_decimal_free(r);
		ds_decimal_free(x);
	}
	/* Some insertions are rule 4's optional zeros (壹拾万零柒仟). */
	ck_assert_int_gt(accepted_count, 0);
}
END_TEST

/* Remove every 零 (a UTF-8 copy). */
static void strip_zeros(char *out, size_t size, const char *text)
{
	size_t len = 0;

	while (*text && len + 1 < size) {
		if (strncmp(text, "零", strlen("零")) == 0) {
			text += strlen("零");
			continue;
		}
		out[len++] = *text++;
	}
	out[len] = '\0';
}

/*
 * Mutated spellings (characters replaced, deleted, inserted or swapped): whatever
 * the parser accepts must be, up to its zeros, what the formatter writes for the
 * amount it read under some options, and must have no doubled 零.
 */
START_TEST(test_mutations)
{
	static const char *const alphabet[] = { "零", "壹", "贰", "伍", "玖", "拾", "佰", "仟", "万",
						"亿", "元", "圆", "角", "分", "整", "正", "负", "人民币" };
	char amount[40], mutated[512], stripped_text[512], stripped_format[512];
	int i, accepted_count = 0;

	rng_state = UINT64_C(0xfeedface12345678);
	for (i = 0; i < (int)tu_iterations(6000); i++) {
		ds_decimal *x, *r = tu_dec("-12345.67");
		ds_rmb_options opts = options_from_bits(rng_below(OPTION_COMBINATIONS));
		char *text = NULL;
		unsigned int starts[128], n_chars = 0, k, a, b;
		size_t pos;

		random_amount(amount, sizeof amount);
		x = tu_dec(amount);
		ck_assert_ds_ok(ds_decimal_to_rmb_words(&text, x, &opts));
		for (pos = 0; text[pos]; pos++)
			if (((unsigned char)text[pos] & 0xC0) != 0x80)
				starts[n_chars++] = (unsigned int)pos;
		starts[n_chars] = (unsigned int)strlen(text);
		a = rng_below(n_chars);
		b = rng_below(n_chars);
		k = rng_below((unsigned int)ARRAY_SIZE(alphabet));
		switch (rng_below(4)) {
		case 0: /* replace */
			snprintf(mutated, sizeof mutated, "%.*s%s%s", (int)starts[a], text, alphabet[k],
				 text + starts[a + 1]);
			break;
		case 1: /* delete */
			snprintf(mutated, sizeof mutated, "%.*s%s", (int)starts[a], text, text + starts[a + 1]);
			break;
		case 2: /* insert */
			snprintf(mutated, sizeof mutated, "%.*s%s%s", (int)starts[a], text, alphabet[k],
				 text + starts[a]);
			break;
		default: /* swap two characters */
			if (a > b) {
				unsigned int t = a;
				a = b;
				b = t;
			}
			if (a == b) {
				snprintf(mutated, sizeof mutated, "%s", text);
				break;
			}
			snprintf(mutated, sizeof mutated, "%.*s%.*s%.*s%.*s%s", (int)starts[a], text,
				 (int)(starts[b + 1] - starts[b]), text + starts[b], (int)(starts[b] - starts[a + 1]),
				 text + starts[a + 1], (int)(starts[a + 1] - starts[a]), text + starts[a],
				 text + starts[b + 1]);
			break;
		}
		if (ds_decimal_parse_rmb_words(r, mutated) == DS_OK) {
			unsigned int bits;
			int found = 0;

			accepted_count++;
			ck_assert_msg(strstr(mutated, "零零") == NULL, "accepted %s", mutated);
			strip_zeros(stripped_text, sizeof stripped_text, mutated);
			for (bits = 0; bits < OPTION_COMBINATIONS && !found; bits++) {
				ds_rmb_options o = options_from_bits(bits);
				char *again = NULL;

				ck_assert_ds_ok(ds_decimal_to_rmb_words(&again, r, &o));
				strip_zeros(stripped_format, sizeof stripped_format, again);
				found = strcmp(stripped_text, stripped_format) == 0;
				/* 整 and 正 may be left out after 元 and 角. */
				if (!found) {
					size_t len = strlen(stripped_format);

					if (len >= 3 && (strcmp(stripped_format + len - 3, "整") == 0 ||
							 strcmp(stripped_format + len - 3, "正") == 0)) {
						stripped_format[len - 3] = '\0';
						found = strcmp(stripped_text, stripped_format) == 0;
					}
				}
				ds_free(again);
			}
			ck_assert_msg(found, "accepted %s (from %s), which the formatter never writes", mutated, text);
		} else {
			ck_assert_int_eq(ds_error_last()->code, DS_EPARSE);
			ck_assert_int_gt(ds_error_last()->column, 0);
		}
		ds_free(text);
		ds_decimal_free(r);
		ds_decimal_free(x);
	}
	ck_assert_int_gt(accepted_count, 0);
}
END_TEST

/* -------------------------------------------------------------------- dates */

static void check_date(int year, int month, int day, const char *expected)
{
	char *text = NULL;

	ck_assert_ds_ok(ds_date_to_words(&text, year, month, day));
	ck_assert_msg(strcmp(text, expected) == 0, "%04d-%02d-%02d: got %s, expected %s", year, month, day, text,
		      expected);
	ds_free(text);
}

START_TEST(test_date_examples)
{
	check_date(2025, 3, 10, "贰零贰伍年叁月零壹拾日");
	check_date(2025, 1, 15, "贰零贰伍年零壹月壹拾伍日");
	check_date(2025, 10, 20, "贰零贰伍年零壹拾月零贰拾日");
	check_date(2024, 2, 29, "贰零贰肆年零贰月贰拾玖日");
	check_date(2000, 2, 29, "贰零零零年零贰月贰拾玖日");
	check_date(1999, 12, 31, "壹玖玖玖年壹拾贰月叁拾壹日");
	check_date(1, 1, 1, "壹年零壹月零壹日");
	check_date(10, 11, 11, "壹零年壹拾壹月壹拾壹日");
	check_date(9999, 12, 31, "玖玖玖玖年壹拾贰月叁拾壹日");
}
END_TEST

START_TEST(test_date_months)
{
	static const char *const months[12] = {
		"零壹月", "零贰月", "叁月", "肆月",	"伍月",	    "陆月",
		"柒月",	  "捌月",   "玖月", "零壹拾月", "壹拾壹月", "壹拾贰月",
	};
	char expected[128];
	int m;

	for (m = 1; m <= 12; m++) {
		snprintf(expected, sizeof expected, "贰零贰伍年%s壹拾伍日", months[m - 1]);
		check_date(2025, m, 15, expected);
	}
}
END_TEST

START_TEST(test_date_days)
{
	static const char *const days[31] = {
		"零壹日",   "零贰日",	"零叁日",   "零肆日",	"零伍日",   "零陆日",	"零柒日",   "零捌日",
		"零玖日",   "零壹拾日", "壹拾壹日", "壹拾贰日", "壹拾叁日", "壹拾肆日", "壹拾伍日", "壹拾陆日",
		"壹拾柒日", "壹拾捌日", "壹拾玖日", "零贰拾日", "贰拾壹日", "贰拾贰日", "贰拾叁日", "贰拾肆日",
		"贰拾伍日", "贰拾陆日", "贰拾柒日", "贰拾捌日", "贰拾玖日", "零叁拾日", "叁拾壹日",
	};
	char expected[128];
	int d;

	for (d = 1; d <= 31; d++) {
		snprintf(expected, sizeof expected, "贰零贰伍年叁月%s", days[d - 1]);
		check_date(2025, 3, d, expected);
	}
}
END_TEST

/* The last day of every month, and one day past it. */
START_TEST(test_date_month_lengths)
{
	static const int lengths[12] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	static const int years[] = { 1900, 2000, 2023, 2024, 2100, 2400 };
	size_t i;
	int m;

	for (i = 0; i < ARRAY_SIZE(years); i++) {
		int y = years[i], leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;

		for (m = 1; m <= 12; m++) {
			int last = lengths[m - 1] + (m == 2 && leap);
			char *text = NULL, *sentinel = (char *)"unchanged";

			ck_assert_ds_ok(ds_date_to_words(&text, y, m, last));
			ds_free(text);
			text = sentinel;
			ck_assert_ds_err(ds_date_to_words(&text, y, m, last + 1), DS_EINVAL);
			ck_assert_ptr_eq(text, sentinel);
			ck_assert_str_eq(ds_error_last()->field, "day");
		}
	}
}
END_TEST

START_TEST(test_date_errors)
{
	static const struct {
		int year, month, day;
		const char *field, *message;
	} bad[] = {
		{ 0, 1, 1, "year", "year: 0 is not 1 to 9999" },
		{ -1, 1, 1, "year", "year: -1 is not 1 to 9999" },
		{ 10000, 1, 1, "year", "year: 10000 is not 1 to 9999" },
		{ 2025, 0, 1, "month", "month: 0 is not 1 to 12" },
		{ 2025, 13, 1, "month", "month: 13 is not 1 to 12" },
		{ 2025, 1, 0, "day", "day: 0 is not 1 to 31" },
		{ 2025, 1, 32, "day", "day: 32 is not 1 to 31" },
		{ 2023, 2, 29, "day", "day: 29 is not 1 to 28" },
		{ 1900, 2, 29, "day", "day: 29 is not 1 to 28" },
		{ 2025, 4, 31, "day", "day: 31 is not 1 to 30" },
	};
	char *sentinel = (char *)"unchanged";
	size_t i;

	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		char *text = sentinel;

		ck_assert_ds_err(ds_date_to_words(&text, bad[i].year, bad[i].month, bad[i].day), DS_EINVAL);
		ck_assert_ptr_eq(text, sentinel);
		ck_assert_str_eq(ds_error_last()->field, bad[i].field);
		ck_assert_msg(strstr(ds_error_last()->message, bad[i].message) != NULL, "message '%s'",
			      ds_error_last()->message);
	}
	ck_assert_ds_err(ds_date_to_words(NULL, 2025, 1, 1), DS_EINVAL);
}
END_TEST

static Suite *suite(void)
{
	Suite *s = suite_create("words");
	TCase *format = tcase_create("format");
	TCase *parse = tcase_create("parse");
	TCase *properties = tcase_create("properties");
	TCase *dates = tcase_create("dates");

	tcase_add_test(format, test_worked_examples);
	tcase_add_test(format, test_canonical_forms);
	tcase_add_test(format, test_options);
	tcase_add_test(format, test_options_init);
	tcase_add_test(format, test_format_errors);
	suite_add_tcase(s, format);

	tcase_add_test(parse, test_parse_accepts);
	tcase_add_test(parse, test_parse_rejects);
	tcase_add_test(parse, test_parse_too_long);
	tcase_add_test(parse, test_parse_arguments);
	suite_add_tcase(s, parse);

	/* A few seconds each; more under sanitizers or valgrind. */
	tcase_set_timeout(properties, 300);
	tcase_add_test(properties, test_round_trip);
	tcase_add_test(properties, test_zero_insertion);
	tcase_add_test(properties, test_mutations);
	suite_add_tcase(s, properties);

	tcase_add_test(dates, test_date_examples);
	tcase_add_test(dates, test_date_months);
	tcase_add_test(dates, test_date_days);
	tcase_add_test(dates, test_date_month_lengths);
	tcase_add_test(dates, test_date_errors);
	suite_add_tcase(s, dates);
	return s;
}

int main(void)
{
	return tu_run(suite());
}
