/*
 * 人民币大写: amounts and dates in uppercase Chinese numerals, and amounts read
 * back. The rules are those of shared/domain/amounts.md (after 中国人民银行
 * 《正确填写票据和结算凭证的基本规定》); "rule N" below is its numbered list.
 *
 * ICU spells every number from 0 to 9999 with our own RBNF rule set; this file
 * only joins those four-digit sections with 万 and 亿 and writes the 零 that
 * stand between sections, 元角分 and 整. Parsing reads the text into a
 * candidate amount, then accepts the text only when it is one of the
 * spellings the formatter produces for that amount (every optional 零 of
 * rule 4 written or not), so what we read and what we write cannot drift
 * apart.
 *
 * SPDX-License-Identifier: MIT
 */
#include "config.h"

#include <pthread.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <unicode/parseerr.h>
#include <unicode/unum.h>
#include <unicode/ustring.h>

#include "datasset/decimal.h"
#include "internal/core.h"

/*
 * One four-digit section, 1 to 9999 (and 0 as 零, for the lone 零 of 零元整 and
 * for dates). Every 拾 carries its digit, 壹拾 included (rule 6 requires it in
 * the highest place; we write it everywhere: 110 → 壹佰壹拾). Inside a
 * section a run of zeros between non-zero digits is one 零 and trailing zeros
 * are silent (rule 3): 1005 → 壹仟零伍, 1050 → 壹仟零伍拾.
 */
static const char section_rules[] = "%section:\n"
				    "0: 零;\n1: 壹;\n2: 贰;\n3: 叁;\n4: 肆;\n5: 伍;\n6: 陆;\n7: 柒;\n8: 捌;\n9: 玖;\n"
				    "10: 壹拾[>>];\n"
				    "20: <<拾[>>];\n"
				    "100: <<佰[>%%after-hundreds>];\n"
				    "1000: <<仟[>%%after-thousands>];\n"
				    "%%after-hundreds:\n"
				    "1: 零=%section=;\n"
				    "10: =%section=;\n"
				    "%%after-thousands:\n"
				    "1: 零=%section=;\n"
				    "100: =%section=;\n";

/* Room for the longest spelled section, 玖仟玖佰玖拾玖 (21 bytes), and more. */
#define WORD_MAX 64
/* The longest text an amount can have is about 50 characters. */
#define TEXT_MAX_CHARS 128

#define PREFIX "人民币"
#define NEGATIVE "负"

/* ------------------------------------------------------------------ ICU */

static int icu_error(const char *what, UErrorCode status)
{
	ds__error(DS_EINTERNAL, "ICU failed %s: %s", what, u_errorName(status));
	ds__error_cause("icu", (long)status);
	return DS_EINTERNAL;
}

static int speller_open(UNumberFormat **out)
{
	UChar rules[sizeof section_rules];
	int32_t rules_len = 0;
	UParseError rule_error;
	UErrorCode status = U_ZERO_ERROR;
	UNumberFormat *fmt;
	int rc;

	if ((rc = ds__init()) < 0)
		return rc;
	u_strFromUTF8(rules, (int32_t)(sizeof rules / sizeof rules[0]), &rules_len, section_rules, -1, &status);
	if (U_FAILURE(status))
		return icu_error("converting the spelling rules", status);
	fmt = unum_open(UNUM_PATTERN_RULEBASED, rules, rules_len, "zh", &rule_error, &status);
	if (U_FAILURE(status)) {
		unum_close(fmt);
		return icu_error("opening the rule-based number format", status);
	}
	*out = fmt;
	return DS_OK;
}

/* Spell 0 to 9999 into @out (UTF-8, NUL-terminated). */
static int spell(UNumberFormat *fmt, unsigned int n, char out[WORD_MAX])
{
	UChar utf16[WORD_MAX];
	int32_t len;
	UErrorCode status = U_ZERO_ERROR;

	len = unum_formatInt64(fmt, (int64_t)n, utf16, WORD_MAX, NULL, &status);
	if (U_FAILURE(status) || status == U_STRING_NOT_TERMINATED_WARNING)
		return icu_error("spelling a number", U_FAILURE(status) ? status : U_BUFFER_OVERFLOW_ERROR);
	u_strToUTF8(out, WORD_MAX, NULL, utf16, len, &status);
	if (U_FAILURE(status) || status == U_STRING_NOT_TERMINATED_WARNING)
		return icu_error("converting a spelled number to UTF-8",
				 U_FAILURE(status) ? status : U_BUFFER_OVERFLOW_ERROR);
	return DS_OK;
}

/* ------------------------------------------------------------ amounts */

/* An amount rounded to the fen, as digits. */
typedef struct rmb_amount {
	int negative;
	uint64_t yuan; /* below 10^16 */
	unsigned int jiao, fen;
} rmb_amount;

/* The words ICU spelled for one amount. */
typedef struct rmb_words {
	unsigned int section[4];	/* 0: units, 1: 万, 2: 亿, 3: 万亿 */
	char section_word[4][WORD_MAX]; /* "" for an all-zero section */
	char zero[WORD_MAX];		/* 零 */
	char jiao[WORD_MAX], fen[WORD_MAX];
} rmb_words;

/* How the spelled amount ends; rule 2 decides what may follow. */
enum rmb_end { END_YUAN, END_JIAO, END_FEN };

/*
 * Which optional 零 of rule 4 to write: bit i (0 to 2) for the one in front of
 * section i when the digit just above it is 0 and its own 千 digit is not
 * (the 万 digit, 亿 digit or 万亿 digit being 0); ZERO_BEFORE_JIAO for the
 * one between 元 and 角.
 */
#define ZERO_BEFORE_JIAO (1u << 3)
#define ZERO_VARIANTS 16u

static int spell_amount(rmb_words *w, UNumberFormat *fmt, const rmb_amount *a)
{
	uint64_t rest = a->yuan;
	int i, rc;

	memset(w, 0, sizeof *w);
	for (i = 0; i < 4; i++) {
		w->section[i] = (unsigned int)(rest % 10000);
		rest /= 10000;
		if (w->section[i] && (rc = spell(fmt, w->section[i], w->section_word[i])) < 0)
			return rc;
	}
	if ((rc = spell(fmt, 0, w->zero)) < 0)
		return rc;
	if (a->jiao && (rc = spell(fmt, a->jiao, w->jiao)) < 0)
		return rc;
	if (a->fen && (rc = spell(fmt, a->fen, w->fen)) < 0)
		return rc;
	return DS_OK;
}

/*
 * Write the amount without 人民币, 负 or 整: the integer part with its 元, and
 * 角 and 分. @zeros chooses the optional 零 (see ZERO_BEFORE_JIAO).
 */
static enum rmb_end put_body(ds__buf *b, const rmb_words *w, const rmb_amount *a, unsigned int zeros, const char *yuan)
{
	static const char *const section_unit[4] = { "", "万", "亿", "万" };
	int higher = 0; /* a non-zero digit stands above the current section */
	int i;

	if (a->yuan == 0) {
		/* An integer part of zero writes no 元 unless it is the whole amount. */
		if (a->jiao == 0 && a->fen == 0) {
			ds__buf_puts(b, w->zero);
			ds__buf_puts(b, yuan);
			return END_YUAN;
		}
		if (a->jiao) {
			ds__buf_puts(b, w->jiao);
			ds__buf_puts(b, "角");
		}
		if (a->fen) {
			ds__buf_puts(b, w->fen);
			ds__buf_puts(b, "分");
			return END_FEN;
		}
		return END_JIAO;
	}

	for (i = 3; i >= 0; i--) {
		if (w->section[i] == 0)
			continue;
		if (higher) {
			/* The lowest digit of the part above; 0 when whole sections were skipped. */
			unsigned int digit_above = w->section[i + 1] % 10;

			if (w->section[i] < 1000)
				/* Rule 3: the zeros run from the part above into this
				 * section, between non-zero digits (1,000,700 → 壹佰万零柒佰;
				 * 100,000,001 → 壹亿零壹). */
				ds__buf_puts(b, w->zero);
			else if (digit_above == 0 && (zeros & (1u << i)))
				/* Rule 4: the zeros end on the 万 (亿, 万亿) digit and the
				 * 千 digit is not 0; this 零 may be written or omitted. */
				ds__buf_puts(b, w->zero);
		}
		ds__buf_puts(b, w->section_word[i]);
		ds__buf_puts(b, section_unit[i]);
		/* 壹万亿: the 万亿 section closes with 亿 itself when the 亿 section is empty. */
		if (i == 3 && w->section[2] == 0)
			ds__buf_puts(b, "亿");
		higher = 1;
	}
	ds__buf_puts(b, yuan);

	if (a->jiao) {
		/* Rule 4: 元 digit 0, 角 digit not 0: the 零 is optional (written by default). */
		if (a->yuan % 10 == 0 && (zeros & ZERO_BEFORE_JIAO))
			ds__buf_puts(b, w->zero);
		ds__buf_puts(b, w->jiao);
		ds__buf_puts(b, "角");
	} else if (a->fen) {
		/* Rule 5: 角 digit 0 and 分 digit not 0: 零 must follow 元. */
		ds__buf_puts(b, w->zero);
	}
	if (a->fen) {
		ds__buf_puts(b, w->fen);
		ds__buf_puts(b, "分");
		return END_FEN;
	}
	return a->jiao ? END_JIAO : END_YUAN;
}

/* Round to the fen (HALF_UP) and split into digits; DS_ERANGE from 10^16 on. */
static int amount_from_decimal(rmb_amount *a, const ds_decimal *amount)
{
	ds_decimal *rounded = NULL, *magnitude = NULL, *limit = NULL;
	char *digits = NULL;
	const char *p;
	int rc;

	if ((rc = ds_decimal_new(&rounded)) < 0 || (rc = ds_decimal_new(&magnitude)) < 0 ||
	    (rc = ds_decimal_new(&limit)) < 0)
		goto done;
	if ((rc = ds_decimal_round(rounded, amount, 2, DS_ROUND_HALF_UP)) < 0)
		goto done;
	if ((rc = ds_decimal_abs(magnitude, rounded)) < 0 ||
	    (rc = ds_decimal_set_int64(limit, INT64_C(10000000000000000))) < 0)
		goto done;
	if (ds_decimal_cmp(magnitude, limit) >= 0) {
		rc = ds__error(DS_ERANGE, "人民币大写: the amount rounded to the fen must be below 10^16 元");
		goto done;
	}
	/* Exact already (scale 2), so this only writes the digits; zero has no sign. */
	if ((rc = ds_decimal_to_string_scaled(&digits, rounded, 2, DS_ROUND_HALF_UP, 0)) < 0)
		goto done;

	p = digits;
	a->negative = (*p == '-');
	if (a->negative)
		p++;
	a->yuan = 0;
	for (; *p >= '0' && *p <= '9'; p++)
		a->yuan = a->yuan * 10 + (uint64_t)(*p - '0');
	if (p[0] != '.' || !(p[1] >= '0' && p[1] <= '9') || !(p[2] >= '0' && p[2] <= '9') || p[3] != '\0') {
		rc = ds__error(DS_EINTERNAL, "人民币大写: unexpected decimal text '%s'", digits);
		goto done;
	}
	a->jiao = (unsigned int)(p[1] - '0');
	a->fen = (unsigned int)(p[2] - '0');
	rc = DS_OK;
done:
	ds_free(digits);
	ds_decimal_free(limit);
	ds_decimal_free(magnitude);
	ds_decimal_free(rounded);
	return rc;
}

int ds_rmb_options_init(ds_rmb_options *opts, unsigned int version)
{
	ds_rmb_options defaults = DS_RMB_OPTIONS_INIT;

	if (!opts)
		return ds__error(DS_EINVAL, "ds_rmb_options_init: opts is NULL");
	if (version != DS_RMB_OPTIONS_VERSION)
		return ds__error(DS_EINVAL, "ds_rmb_options_init: unknown options version %u (this library has %u)",
				 version, (unsigned int)DS_RMB_OPTIONS_VERSION);
	*opts = defaults;
	return DS_OK;
}

int ds_decimal_to_rmb_words(char **out, const ds_decimal *amount, const ds_rmb_options *opts)
{
	ds_rmb_options defaults = DS_RMB_OPTIONS_INIT;
	UNumberFormat *fmt = NULL;
	ds__buf b = DS__BUF_INIT;
	rmb_amount a;
	rmb_words w;
	unsigned int zeros;
	enum rmb_end end;
	int rc;

	if (!out || !amount) {
		rc = ds__error(DS_EINVAL, "ds_decimal_to_rmb_words: %s is NULL", out ? "amount" : "out");
		goto done;
	}
	if (!opts) {
		opts = &defaults;
	} else if (opts->version != DS_RMB_OPTIONS_VERSION) {
		rc = ds__error(DS_EINVAL, "ds_decimal_to_rmb_words: unknown options version %u (this library has %u)",
			       opts->version, (unsigned int)DS_RMB_OPTIONS_VERSION);
		goto done;
	}
	if ((rc = amount_from_decimal(&a, amount)) < 0)
		goto done;
	if ((rc = speller_open(&fmt)) < 0)
		goto done;
	if ((rc = spell_amount(&w, fmt, &a)) < 0)
		goto done;

	/* Our canonical form omits the optional 零 of rule 4 inside the integer
	 * part (壹拾万柒仟) and writes the one between 元 and 角 (元零伍角). */
	zeros = opts->omit_optional_zero ? 0 : ZERO_BEFORE_JIAO;
	if (!opts->omit_prefix)
		ds__buf_puts(&b, PREFIX); /* rule 1 */
	if (a.negative)
		ds__buf_puts(&b, NEGATIVE);
	end = put_body(&b, &w, &a, zeros, opts->use_yuan_alt ? "圆" : "元");
	/* Rule 2: 整 after 元; after 角 only when asked (invoices); never after 分. */
	if (end == END_YUAN || (end == END_JIAO && opts->zheng_after_jiao))
		ds__buf_puts(&b, opts->use_zheng_alt ? "正" : "整");
	rc = ds__buf_detach(out, &b);
done:
	ds__buf_dispose(&b);
	unum_close(fmt);
	return rc;
}

/* ------------------------------------------------------------ parsing */

enum tok_kind {
	T_DIGIT,  /* 零 to 玖; value 0 to 9 */
	T_UNIT,	  /* 拾 佰 仟; value 10, 100, 1000 */
	T_WAN,	  /* 万 */
	T_YI,	  /* 亿 */
	T_YUAN,	  /* 元 or 圆 */
	T_JIAO,	  /* 角 */
	T_FEN,	  /* 分 */
	T_ZHENG,  /* 整 or 正 */
	T_NEG,	  /* 负 */
	T_PREFIX, /* 人, 民 or 币 */
	T_OTHER
};

typedef struct token {
	enum tok_kind kind;
	unsigned int value;
	const char *bytes; /* into the caller's text */
	int len;	   /* bytes */
	int column;	   /* 1-based character position */
} token;

/*
 * The characters an amount may contain, for recognising them only: which
 * spellings are accepted is decided by comparing with what ICU spells.
 */
static const struct {
	const char *text;
	enum tok_kind kind;
	unsigned int value;
} lexicon[] = {
	{ "零", T_DIGIT, 0 },	{ "壹", T_DIGIT, 1 }, { "贰", T_DIGIT, 2 },  { "叁", T_DIGIT, 3 },
	{ "肆", T_DIGIT, 4 },	{ "伍", T_DIGIT, 5 }, { "陆", T_DIGIT, 6 },  { "柒", T_DIGIT, 7 },
	{ "捌", T_DIGIT, 8 },	{ "玖", T_DIGIT, 9 }, { "拾", T_UNIT, 10 },  { "佰", T_UNIT, 100 },
	{ "仟", T_UNIT, 1000 }, { "万", T_WAN, 0 },   { "亿", T_YI, 0 },     { "元", T_YUAN, 0 },
	{ "圆", T_YUAN, 0 },	{ "角", T_JIAO, 0 },  { "分", T_FEN, 0 },    { "整", T_ZHENG, 0 },
	{ "正", T_ZHENG, 0 },	{ "负", T_NEG, 0 },   { "人", T_PREFIX, 0 }, { "民", T_PREFIX, 0 },
	{ "币", T_PREFIX, 0 },
};

static int parse_error(int column, const char *fmt, ...) DS__PRINTF(2, 3);

/* DS_EPARSE at a 1-based character position, the message starting "position N: ". */
static int parse_error(int column, const char *fmt, ...)
{
	char message[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(message, sizeof message, fmt, ap);
	va_end(ap);
	return ds__error_at(DS_EPARSE, 0, column, NULL, "position %d: %s", column, message);
}

static int tokenize(token *toks, int *count, const char *text)
{
	size_t remaining = strlen(text), i;
	const char *p = text;
	unsigned int cp;
	int n = 0;

	if (remaining == 0)
		return parse_error(1, "the text is empty; expected an amount in 人民币大写");
	while (remaining > 0) {
		size_t len;

		if (n == TEXT_MAX_CHARS)
			return parse_error(n + 1,
					   "the text is too long for an amount in 人民币大写 (more than %d characters)",
					   TEXT_MAX_CHARS);
		len = ds__utf8_decode(p, remaining, &cp);
		if (len == 0)
			return parse_error(n + 1, "invalid UTF-8");
		toks[n].kind = T_OTHER;
		toks[n].value = 0;
		toks[n].bytes = p;
		toks[n].len = (int)len;
		toks[n].column = n + 1;
		for (i = 0; i < sizeof lexicon / sizeof lexicon[0]; i++) {
			if (strlen(lexicon[i].text) == len && memcmp(lexicon[i].text, p, len) == 0) {
				toks[n].kind = lexicon[i].kind;
				toks[n].value = lexicon[i].value;
				break;
			}
		}
		n++;
		p += len;
		remaining -= len;
	}
	*count = n;
	return DS_OK;
}

/* The state of reading an integer part: value = high + mid + section + digit. */
typedef struct int_reader {
	uint64_t high;	  /* closed by 亿 */
	uint64_t mid;	  /* closed by 万, in the current 亿 group */
	uint64_t section; /* below 10^4 */
	int digit;	  /* a digit waiting for its unit, or -1 */
	const token *digit_tok;
	const token *zero_tok; /* a 零 waiting for its digit, or NULL */
	const token *unit_tok; /* the last 拾佰仟 in this section, or NULL */
	int seen_wan, seen_yi, seen_digit;
} int_reader;

/* The section's value so far; a 万 or 亿 closes it. */
static int close_section(int_reader *st, const token *t, uint64_t *value)
{
	if (st->zero_tok)
		return parse_error(t->column, "'%.*s' cannot follow '零'", t->len, t->bytes);
	*value = st->section + (st->digit > 0 ? (uint64_t)st->digit : 0);
	st->section = 0;
	st->digit = -1;
	st->unit_tok = NULL;
	return DS_OK;
}

/* Read the integer part toks[0..n), which ends before 元. */
static int read_integer(uint64_t *out, const token *toks, int n)
{
	int_reader st;
	uint64_t value = 0;
	int i, rc;

	memset(&st, 0, sizeof st);
	st.digit = -1;
	if (n == 1 && toks[0].kind == T_DIGIT && toks[0].value == 0) {
		*out = 0; /* 零元整 */
		return DS_OK;
	}
	for (i = 0; i < n; i++) {
		const token *t = &toks[i];

		switch (t->kind) {
		case T_DIGIT:
			if (st.digit >= 0)
				return parse_error(t->column,
						   "'%.*s' cannot follow the digit '%.*s' without a unit between",
						   t->len, t->bytes, st.digit_tok->len, st.digit_tok->bytes);
			if (t->value == 0) {
				if (st.zero_tok)
					return parse_error(
						t->column,
						"doubled '零': a run of zeros is written as one 零 (rule 3)");
				if (!st.seen_digit)
					return parse_error(t->column, "an amount does not start with '零'");
				st.zero_tok = t;
			} else {
				st.digit = (int)t->value;
				st.digit_tok = t;
				st.zero_tok = NULL;
				st.seen_digit = 1;
			}
			break;
		case T_UNIT:
			if (st.zero_tok)
				return parse_error(t->column, "'%.*s' cannot follow '零'", t->len, t->bytes);
			if (st.digit < 0) {
				if (!st.seen_digit)
					return parse_error(
						t->column,
						"'%.*s' must be preceded by a digit (壹%.*s) in the highest place (rule 6)",
						t->len, t->bytes, t->len, t->bytes);
				return parse_error(t->column, "'%.*s' must be preceded by a digit (壹%.*s)", t->len,
						   t->bytes, t->len, t->bytes);
			}
			if (st.unit_tok && st.unit_tok->value <= t->value)
				return parse_error(t->column, "'%.*s' cannot follow '%.*s': units must decrease",
						   t->len, t->bytes, st.unit_tok->len, st.unit_tok->bytes);
			st.section += (uint64_t)st.digit * t->value;
			st.digit = -1;
			st.unit_tok = t;
			break;
		case T_WAN:
			if (st.seen_wan)
				return parse_error(t->column, "'万' cannot follow '万' without '亿' between");
			if ((rc = close_section(&st, t, &value)) < 0)
				return rc;
			if (value == 0)
				return parse_error(t->column, "'万' must be preceded by a number");
			st.mid = value * 10000;
			st.seen_wan = 1;
			break;
		case T_YI:
			if (st.seen_yi)
				return parse_error(t->column, "'亿' appears more than once");
			if ((rc = close_section(&st, t, &value)) < 0)
				return rc;
			value += st.mid;
			if (value == 0)
				return parse_error(t->column, "'亿' must be preceded by a number");
			st.high = value * UINT64_C(100000000);
			st.mid = 0;
			st.seen_wan = 0;
			st.seen_yi = 1;
			break;
		default: return parse_error(t->column, "'%.*s' cannot appear before '元'", t->len, t->bytes);
		}
	}
	if (st.zero_tok)
		return parse_error(st.zero_tok->column,
				   "'零' must be followed by a non-zero digit (trailing zeros are not written)");
	*out = st.high + st.mid + st.section + (st.digit > 0 ? (uint64_t)st.digit : 0);
	return DS_OK;
}

/*
 * Read 角 and 分: [零] [digit 角] [digit 分]. @after_yuan says whether 元 came
 * before, for the messages. @zero_tok receives the leading 零, if any.
 */
static int read_fraction(unsigned int *jiao, unsigned int *fen, const token **zero_tok, const token *toks, int n,
			 int after_yuan)
{
	int i = 0;

	*jiao = *fen = 0;
	*zero_tok = NULL;
	if (i < n && toks[i].kind == T_DIGIT && toks[i].value == 0) {
		*zero_tok = &toks[i];
		i++;
		if (i < n && toks[i].kind == T_DIGIT && toks[i].value == 0)
			return parse_error(toks[i].column,
					   "doubled '零': a run of zeros is written as one 零 (rule 3)");
		if (i == n || toks[i].kind != T_DIGIT)
			return parse_error(toks[i - 1].column, "'零' must be followed by a non-zero digit");
	}
	if (i < n && toks[i].kind == T_DIGIT) {
		if (i + 1 < n && toks[i + 1].kind == T_JIAO) {
			*jiao = toks[i].value;
			i += 2;
		} else if (i + 1 < n && toks[i + 1].kind == T_FEN) {
			*fen = toks[i].value;
			i += 2;
		} else if (!after_yuan && i + 1 < n && toks[i + 1].kind != T_DIGIT) {
			return parse_error(toks[i + 1].column,
					   "'%.*s' belongs to an integer part, which must end with '元'",
					   toks[i + 1].len, toks[i + 1].bytes);
		} else {
			return parse_error(i + 1 < n ? toks[i + 1].column : toks[i].column + 1,
					   "'%.*s' must be followed by '角' or '分'", toks[i].len, toks[i].bytes);
		}
		if (*jiao && i < n && toks[i].kind == T_DIGIT && toks[i].value != 0) {
			if (i + 1 < n && toks[i + 1].kind == T_FEN) {
				*fen = toks[i].value;
				i += 2;
			} else {
				return parse_error(i + 1 < n ? toks[i + 1].column : toks[i].column + 1,
						   "'%.*s' must be followed by '分'", toks[i].len, toks[i].bytes);
			}
		}
	}
	if (i < n) {
		const token *t = &toks[i];

		if (t->kind == T_DIGIT && t->value == 0)
			return parse_error(t->column, "'零' is not written here: a zero 角 or 分 is omitted");
		if (t->kind == T_JIAO || t->kind == T_FEN)
			return parse_error(t->column, "'%.*s' must be preceded by a non-zero digit", t->len, t->bytes);
		if (t->kind == T_YUAN || !after_yuan)
			return parse_error(t->column, "'%.*s' is out of place: 元 comes before 角 and 分", t->len,
					   t->bytes);
		if (*fen)
			return parse_error(t->column, "'%.*s' cannot follow 分", t->len, t->bytes);
		return parse_error(t->column, "'%.*s' cannot follow %s", t->len, t->bytes, *jiao ? "角" : "元");
	}
	return DS_OK;
}

/* The number of leading characters that UTF-8 strings @a (@alen bytes) and @b share. */
static int common_chars(const char *a, size_t alen, const char *b, size_t blen, size_t *bytes)
{
	size_t i = 0;
	unsigned int ca, cb;
	int chars = 0;

	while (i < alen && i < blen) {
		size_t len = ds__utf8_decode(a + i, alen - i, &ca);

		if (len == 0 || ds__utf8_decode(b + i, blen - i, &cb) != len || ca != cb)
			break;
		i += len;
		chars++;
	}
	*bytes = i;
	return chars;
}

/*
 * Accept the body toks[0..n) only when it is one of the spellings the
 * formatter produces for @a, with each optional 零 written or not.
 */
static int match_spelling(const rmb_amount *a, const token *toks, int n, const char *yuan)
{
	UNumberFormat *fmt = NULL;
	ds__buf b = DS__BUF_INIT;
	rmb_words w;
	const char *body = toks[0].bytes;
	size_t body_len = (size_t)(toks[n - 1].bytes + toks[n - 1].len - body);
	size_t bytes;
	char expected[8] = "";
	unsigned int zeros;
	int best = -1, chars, column;
	int rc;

	if ((rc = speller_open(&fmt)) < 0)
		goto done;
	if ((rc = spell_amount(&w, fmt, a)) < 0)
		goto done;
	for (zeros = 0; zeros < ZERO_VARIANTS; zeros++) {
		ds__buf_clear(&b);
		put_body(&b, &w, a, zeros, yuan);
		if (b.oom) {
			rc = ds__enomem();
			goto done;
		}
		if (b.len == body_len && memcmp(b.data, body, body_len) == 0) {
			rc = DS_OK;
			goto done;
		}
		chars = common_chars(body, body_len, b.data, b.len, &bytes);
		if (chars > best) {
			unsigned int cp;
			size_t len = ds__utf8_decode(b.data + bytes, b.len - bytes, &cp);

			best = chars;
			memcpy(expected, b.data + bytes, len);
			expected[len] = '\0';
		}
	}

	column = toks[0].column + best;
	if (best >= n) {
		rc = parse_error(column, "the amount is incomplete: '%s' is missing", expected);
	} else if (strcmp(expected, w.zero) == 0) {
		const token *t = &toks[best];

		if (best > 0 && toks[best - 1].kind == T_YUAN && a->jiao == 0)
			rc = parse_error(column, "'零' is required after '元' when the 角 digit is 0 (rule 5)");
		else
			rc = parse_error(
				column,
				"'零' is required before '%.*s': a 0 between non-zero digits is written 零 (rule 3)",
				t->len, t->bytes);
	} else if (toks[best].kind == T_DIGIT && toks[best].value == 0) {
		rc = parse_error(column, "'零' is not written here: no zero stands between non-zero digits");
	} else if (expected[0] == '\0') {
		rc = parse_error(column, "'%.*s' is not expected after the end of the amount", toks[best].len,
				 toks[best].bytes);
	} else {
		rc = parse_error(column, "'%.*s' is not allowed here; expected '%s'", toks[best].len, toks[best].bytes,
				 expected);
	}
done:
	ds__buf_dispose(&b);
	unum_close(fmt);
	return rc;
}

int ds_decimal_parse_rmb_words(ds_decimal *r, const char *text)
{
	token toks[TEXT_MAX_CHARS];
	const token *zero_tok = NULL, *yuan_tok = NULL, *neg_tok = NULL, *zheng_tok = NULL;
	rmb_amount a;
	char plain[64], yuan[8] = "元";
	int n = 0, first = 0, last, i, rc;

	if (!r || !text)
		return ds__error(DS_EINVAL, "ds_decimal_parse_rmb_words: %s is NULL", r ? "text" : "r");
	if ((rc = tokenize(toks, &n, text)) < 0)
		return rc;

	/* Rule 1: 人民币 first, if at all; then 负 for a negative amount. */
	if (n >= 3 && strncmp(text, PREFIX, strlen(PREFIX)) == 0)
		first = 3;
	if (first < n && toks[first].kind == T_NEG)
		neg_tok = &toks[first++];
	last = n;
	/* Rule 2: 整 (or 正) ends the amount. */
	if (last > first && toks[last - 1].kind == T_ZHENG)
		zheng_tok = &toks[--last];
	if (first == last)
		return parse_error(first < n ? toks[first].column : n + 1, "an amount is missing%s",
				   first > 0 ? " after the prefix" : "");

	/* A foreign character is the first thing to report, wherever it is. */
	for (i = first; i < n; i++)
		if (toks[i].kind == T_OTHER)
			return parse_error(toks[i].column, "'%.*s' is not a character of 人民币大写", toks[i].len,
					   toks[i].bytes);
	for (i = first; i < last; i++) {
		const token *t = &toks[i];

		switch (t->kind) {
		case T_PREFIX:
			return parse_error(t->column, "'%.*s' is out of place: 人民币 may only start the amount",
					   t->len, t->bytes);
		case T_NEG:
			return parse_error(t->column, "'负' must come right after 人民币 (or first, without 人民币)");
		case T_ZHENG: return parse_error(t->column, "'%.*s' may only end the amount", t->len, t->bytes);
		case T_YUAN:
			if (yuan_tok)
				return parse_error(t->column, "'%.*s' appears more than once", t->len, t->bytes);
			yuan_tok = t;
			break;
		default: break;
		}
	}

	memset(&a, 0, sizeof a);
	a.negative = neg_tok != NULL;
	if (yuan_tok) {
		int yuan_index = (int)(yuan_tok - toks);

		if (yuan_index == first)
			return parse_error(yuan_tok->column, "'%.*s' must be preceded by an amount", yuan_tok->len,
					   yuan_tok->bytes);
		if ((rc = read_integer(&a.yuan, toks + first, yuan_index - first)) < 0)
			return rc;
		if ((rc = read_fraction(&a.jiao, &a.fen, &zero_tok, toks + yuan_index + 1, last - yuan_index - 1, 1)) <
		    0)
			return rc;
		if (a.yuan == 0 && (a.jiao || a.fen))
			return parse_error(toks[first].column,
					   "an integer part of zero writes no 元: begin with the 角 or 分 digit");
		if (zero_tok && a.jiao == 0 && a.fen == 0)
			return parse_error(zero_tok->column, "'零' must be followed by a non-zero digit");
	} else {
		int has_fraction_unit = 0;

		for (i = first; i < last; i++)
			has_fraction_unit |= toks[i].kind == T_JIAO || toks[i].kind == T_FEN;
		if (!has_fraction_unit)
			return parse_error(toks[last - 1].column + 1, "'元' is missing after the integer part");
		if ((rc = read_fraction(&a.jiao, &a.fen, &zero_tok, toks + first, last - first, 0)) < 0)
			return rc;
		if (zero_tok)
			return parse_error(zero_tok->column, "an amount below one 元 does not start with '零'");
	}

	if (zheng_tok && a.fen)
		return parse_error(zheng_tok->column, "'%.*s' is never written after 分 (rule 2)", zheng_tok->len,
				   zheng_tok->bytes);
	if (neg_tok && a.yuan == 0 && a.jiao == 0 && a.fen == 0)
		return parse_error(neg_tok->column, "'负' before an amount of zero");

	/* Compare with 元 or 圆, whichever the text wrote. */
	if (yuan_tok)
		snprintf(yuan, sizeof yuan, "%.*s", yuan_tok->len, yuan_tok->bytes);
	if ((rc = match_spelling(&a, toks + first, last - first, yuan)) < 0)
		return rc;
	snprintf(plain, sizeof plain, "%s%llu.%u%u", a.negative ? "-" : "", (unsigned long long)a.yuan, a.jiao, a.fen);
	return ds_decimal_parse(r, plain, 0);
}

/* --------------------------------------------------------------- dates */

static int is_leap_year(int year)
{
	return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
}

static int days_in_month(int year, int month)
{
	static const int days[12] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };

	return month == 2 && is_leap_year(year) ? 29 : days[month - 1];
}

/* The words a date is made of are the numbers 0 to 31. Opening the rule-based
 * formatter costs as much as a whole certificate's XML, so ICU spells them
 * once per process into an immutable table (a registry writes one date in
 * words per certificate). */
static pthread_once_t date_words_once = PTHREAD_ONCE_INIT;
static char date_words[32][WORD_MAX];
static int date_words_rc = DS_EINTERNAL;
static char date_words_error[256];

static void date_words_init(void)
{
	UNumberFormat *fmt = NULL;
	unsigned int n;
	int rc;

	if ((rc = speller_open(&fmt)) == DS_OK)
		for (n = 0; n < 32 && rc == DS_OK; n++)
			rc = spell(fmt, n, date_words[n]);
	unum_close(fmt);
	if (rc < 0)
		snprintf(date_words_error, sizeof date_words_error, "%s", ds_error_last()->message);
	date_words_rc = rc;
}

static int date_words_ready(void)
{
	if (pthread_once(&date_words_once, date_words_init) != 0)
		return ds__error(DS_EINTERNAL, "date words: one-time initialisation failed");
	if (date_words_rc < 0)
		return ds__error(date_words_rc, "%s", date_words_error);
	return DS_OK;
}

int ds_date_to_words(char **out, int year, int month, int day)
{
	ds__buf b = DS__BUF_INIT;
	char year_digits[8];
	const char *p, *zero;
	int rc;

	if (!out) {
		rc = ds__error(DS_EINVAL, "ds_date_to_words: out is NULL");
		goto done;
	}
	if (year < 1 || year > 9999) {
		rc = ds__error_at(DS_EINVAL, 0, 0, "year", "year: %d is not 1 to 9999", year);
		goto done;
	}
	if (month < 1 || month > 12) {
		rc = ds__error_at(DS_EINVAL, 0, 0, "month", "month: %d is not 1 to 12", month);
		goto done;
	}
	if (day < 1 || day > days_in_month(year, month)) {
		rc = ds__error_at(DS_EINVAL, 0, 0, "day", "day: %d is not 1 to %d (%04d-%02d)", day,
				  days_in_month(year, month), year, month);
		goto done;
	}
	if ((rc = date_words_ready()) < 0)
		goto done;
	zero = date_words[0];

	/* The year digit by digit: 2025 → 贰零贰伍. */
	snprintf(year_digits, sizeof year_digits, "%d", year);
	for (p = year_digits; *p; p++)
		ds__buf_puts(&b, date_words[*p - '0']);
	ds__buf_puts(&b, "年");

	/* Months 1, 2 and 10 take a leading 零 so that nothing can be written
	 * in front of them (零壹月, 零贰月, 零壹拾月). */
	if (month <= 2 || month == 10)
		ds__buf_puts(&b, zero);
	ds__buf_puts(&b, date_words[month]);
	ds__buf_puts(&b, "月");

	/* Days 1 to 10, 20 and 30 take a leading 零 for the same reason. */
	if (day <= 10 || day % 10 == 0)
		ds__buf_puts(&b, zero);
	ds__buf_puts(&b, date_words[day]);
	ds__buf_puts(&b, "日");
	rc = ds__buf_detach(out, &b);
done:
	ds__buf_dispose(&b);
	return rc;
}
