/** @file
 * libdatasset — exact decimal numbers, rounding, formatting and 人民币大写.
 * SPDX-License-Identifier: MIT
 *
 * A ds_decimal is an exact rational number. Literals parse exactly ("0.1" is
 * exactly 1/10); addition, subtraction, multiplication, division and integer
 * powers are exact. Nothing is ever rounded unless the caller asks with
 * ds_decimal_round() or a scaled formatter, always with a named rounding mode.
 *
 * Arithmetic writes its result into an existing ds_decimal (the first
 * parameter), like GMP: a hot loop reuses its numbers instead of allocating one
 * per operation. The result may be the same object as any operand. When a
 * function fails, its result object is left unchanged.
 *
 * Limits that keep hostile input from exhausting memory (DS_ERANGE past any):
 * a literal has at most DS_DECIMAL_MAX_LITERAL_DIGITS significant digits and at
 * most that many fractional digits, and an exponent of magnitude at most
 * DS_DECIMAL_MAX_LITERAL_EXPONENT, and written out (exponent applied) at most
 * DS_DECIMAL_MAX_LITERAL_DIGITS digits before and after the point ("5e1000" is
 * refused), so that every value read prints as a literal that reads back;
 * an integer power has |k| <= DS_DECIMAL_MAX_POW;
 * a result needs at most DS_DECIMAL_MAX_DIGITS digits (numerator, denominator and
 * power of ten together).
 *
 * Thread-safety: every function is reentrant. A ds_decimal may be read by
 * several threads at once (all const parameters are only read); a thread that
 * writes one must be the only thread using it.
 */
#ifndef DATASSET_DECIMAL_H
#define DATASSET_DECIMAL_H

#include <stdint.h>

#include "common.h"

#ifdef __cplusplus
extern "C" {
#endif

/** An exact rational number. Opaque; create with ds_decimal_new(). */
typedef struct ds_decimal ds_decimal;

/** Rounding modes: the seven of Python's decimal module, with the same meaning. */
typedef enum ds_rounding {
	DS_ROUND_HALF_UP = 0,	/**< nearest; ties away from zero (四舍五入); the default for money */
	DS_ROUND_HALF_EVEN = 1, /**< nearest; ties to the even digit (银行家舍入) */
	DS_ROUND_HALF_DOWN = 2, /**< nearest; ties toward zero */
	DS_ROUND_UP = 3,	/**< away from zero */
	DS_ROUND_DOWN = 4,	/**< toward zero (truncate) */
	DS_ROUND_CEILING = 5,	/**< toward +infinity */
	DS_ROUND_FLOOR = 6	/**< toward -infinity */
} ds_rounding;

#define DS_DECIMAL_MAX_LITERAL_DIGITS 1000   /**< significant (and fractional) digits in a literal */
#define DS_DECIMAL_MAX_LITERAL_EXPONENT 1000 /**< magnitude of a literal's exponent */
#define DS_DECIMAL_MAX_POW 10000	     /**< magnitude of an integer power's exponent */
#define DS_DECIMAL_MAX_DIGITS 100000	     /**< digits in any result */
#define DS_DECIMAL_MAX_SCALE 1000	     /**< fractional digits when rounding or formatting */

/** Flags for parsing and formatting; combine with |. */
#define DS_DECIMAL_GROUPED 0x1u	 /**< parse: accept "1,234.5" (groups of three); format: write them */
#define DS_DECIMAL_EXPONENT 0x2u /**< parse: accept an exponent, "1.5e3", "2E-2" */
#define DS_DECIMAL_FRACTION 0x4u /**< parse: accept an integer ratio "p/q", as ds_decimal_to_fraction() writes */
#define DS_DECIMAL_PERCENT 0x8u	 /**< parse: accept a trailing '%' ("12.5%" is 0.125) */
/** parse: a rate; accepts '%' and refuses a value above 1 written without it ("10" is not 10 %) */
#define DS_DECIMAL_RATE 0x10u
#define DS_DECIMAL_RATE_ABOVE_1 0x20u /**< parse: with DS_DECIMAL_RATE, accept "10" as 1000 % */
/**
 * parse: the forms an amount of money takes wherever the project reads one — in a
 * document (ledger, public-sector book, settlement, policy, applications) and on the
 * command line (--cost, --amount): plain "1000000.00", grouped by ',' in threes
 * "1,000,000.00", or with an exponent "1e6". One definition, so the CLI and the
 * documents accept exactly the same text.
 */
#define DS_DECIMAL_AMOUNT (DS_DECIMAL_GROUPED | DS_DECIMAL_EXPONENT)
#define DS_DECIMAL_MAX_LIST_ITEMS 100000 /**< items in one list for ds_decimal_parse_list() */

/**
 * Create a decimal with the value 0.
 *
 * @param out receives the new decimal; free it with ds_decimal_free().
 * @return DS_OK or DS_ENOMEM.
 */
DS_EXTERN int ds_decimal_new(ds_decimal **out);

/**
 * Create a copy of @p x.
 *
 * @param out receives the new decimal; free it with ds_decimal_free().
 * @param x   the value to copy; not NULL.
 * @return DS_OK, DS_EINVAL for a NULL argument, or DS_ENOMEM.
 */
DS_EXTERN int ds_decimal_dup(ds_decimal **out, const ds_decimal *x);

/** Free a decimal. @param x the decimal, or NULL (no-op). */
DS_EXTERN void ds_decimal_free(ds_decimal *x);

/** Set @p r to the value of @p x. @return DS_OK, DS_EINVAL for NULL, or DS_ENOMEM. */
DS_EXTERN int ds_decimal_set(ds_decimal *r, const ds_decimal *x);

/** Set @p r to the integer @p v. @return DS_OK, DS_EINVAL for NULL, or DS_ENOMEM. */
DS_EXTERN int ds_decimal_set_int64(ds_decimal *r, int64_t v);

/**
 * Parse a number written in decimal.
 *
 * The plain form is an optional sign ('-' or '+'), one or more digits, and
 * optionally '.' followed by one or more digits: "-1234.50". Nothing else is
 * accepted (no spaces, currency signs, full-width digits or separators) unless
 * @p flags asks for it:
 * - DS_DECIMAL_GROUPED: the integer part may be grouped by ',' in threes
 *   ("1,234,567.89"); a number that mixes grouped and ungrouped digits
 *   ("12,34.5", "1234,567") is rejected.
 * - DS_DECIMAL_EXPONENT: 'e' or 'E' and a signed integer may follow ("1.5e3").
 * - DS_DECIMAL_FRACTION: an exact ratio of two integers "p/q" (q > 0) is accepted.
 * - DS_DECIMAL_PERCENT: a trailing '%' divides the number by 100 ("12.5%", "1e1%").
 * - DS_DECIMAL_RATE: the text is a rate; '%' is accepted as with
 *   DS_DECIMAL_PERCENT, and a value above 1 written without '%' is refused with
 *   DS_ERANGE ("rate 10 is above 1, that is 1000 %; ..."), because "10" for
 *   ten per cent is the usual slip. "1000%" is accepted, and so is "10" when
 *   DS_DECIMAL_RATE_ABOVE_1 is also given.
 *
 * @param r     receives the value; unchanged on failure.
 * @param text  NUL-terminated text; not NULL.
 * @param flags 0 or a combination of the DS_DECIMAL_* flags above.
 * @return DS_OK; DS_EPARSE for text that is not a number (ds_error_last()->column
 *         gives the 1-based character position); DS_ERANGE past the literal limits
 *         or for a rate above 1 (DS_DECIMAL_RATE); DS_EDIVZERO for "p/0"; DS_EINVAL
 *         for NULL or an unknown flag; DS_ENOMEM.
 */
DS_EXTERN int ds_decimal_parse(ds_decimal *r, const char *text, unsigned int flags);

/**
 * Parse a list of numbers, each as ds_decimal_parse() with @p flags.
 *
 * Items are separated by ';' or by blanks (spaces, tabs); blanks around a ';'
 * are ignored: "1;2;3", "1 2 3" and "1; 2; 3" are the same list. ',' never
 * separates items, so with DS_DECIMAL_GROUPED "1,000,000" is one amount, and
 * without it a ',' is an error, never a silent split. An empty list or an empty
 * item ("1;;2", "1;") is refused.
 *
 * @param out   receives a new array of *@p n_out new decimals; free it with
 *              ds_decimal_list_free(). Unchanged on failure.
 * @param n_out receives the number of items (at least 1).
 * @param text  NUL-terminated text; not NULL.
 * @param flags as ds_decimal_parse().
 * @return DS_OK; DS_EPARSE or DS_ERANGE as ds_decimal_parse(), the message naming
 *         the item ("item 2 '1,2': ...") and ds_error_last()->column giving the
 *         character position in @p text; DS_ERANGE for more than
 *         DS_DECIMAL_MAX_LIST_ITEMS items; DS_EINVAL; DS_ENOMEM.
 * Thread-safety: reentrant.
 */
DS_EXTERN int ds_decimal_parse_list(ds_decimal ***out, size_t *n_out, const char *text, unsigned int flags);

/** Free an array from ds_decimal_parse_list() and its @p n decimals. NULL is a no-op. */
DS_EXTERN void ds_decimal_list_free(ds_decimal **list, size_t n);

/**
 * Convert an integer value to int64_t.
 * @param out receives the value; unchanged on failure.
 * @return DS_OK; DS_EINEXACT when @p x is not an integer; DS_ERANGE when it does not fit.
 */
DS_EXTERN int ds_decimal_to_int64(int64_t *out, const ds_decimal *x);

/** Compare: negative, zero or positive as @p a is less than, equal to or greater than @p b. */
DS_EXTERN int ds_decimal_cmp(const ds_decimal *a, const ds_decimal *b);

/** The sign of @p x: -1, 0 or 1. */
DS_EXTERN int ds_decimal_sign(const ds_decimal *x);

/** 1 if @p x is zero, else 0. */
DS_EXTERN int ds_decimal_is_zero(const ds_decimal *x);

/** 1 if @p x is an integer, else 0. */
DS_EXTERN int ds_decimal_is_integer(const ds_decimal *x);

/** 1 if @p x has a finite decimal expansion (its reduced denominator is 2^a·5^b), else 0. */
DS_EXTERN int ds_decimal_terminates(const ds_decimal *x);

/**
 * @p r = @p a + @p b, exactly.
 * @return DS_OK, DS_EINVAL for NULL, DS_ERANGE past DS_DECIMAL_MAX_DIGITS, DS_ENOMEM.
 */
DS_EXTERN int ds_decimal_add(ds_decimal *r, const ds_decimal *a, const ds_decimal *b);

/** @p r = @p a - @p b, exactly. Errors as ds_decimal_add(). */
DS_EXTERN int ds_decimal_sub(ds_decimal *r, const ds_decimal *a, const ds_decimal *b);

/** @p r = @p a × @p b, exactly. Errors as ds_decimal_add(). */
DS_EXTERN int ds_decimal_mul(ds_decimal *r, const ds_decimal *a, const ds_decimal *b);

/**
 * @p r = @p a ÷ @p b, exactly (the result may not terminate in decimal: 1/3).
 * @return as ds_decimal_add(), or DS_EDIVZERO when @p b is zero.
 */
DS_EXTERN int ds_decimal_div(ds_decimal *r, const ds_decimal *a, const ds_decimal *b);

/** @p r = −@p x. @return DS_OK, DS_EINVAL for NULL, DS_ENOMEM. */
DS_EXTERN int ds_decimal_neg(ds_decimal *r, const ds_decimal *x);

/** @p r = |@p x|. @return DS_OK, DS_EINVAL for NULL, DS_ENOMEM. */
DS_EXTERN int ds_decimal_abs(ds_decimal *r, const ds_decimal *x);

/** @p r = the smaller of @p a and @p b. @return DS_OK, DS_EINVAL for NULL, DS_ENOMEM. */
DS_EXTERN int ds_decimal_min(ds_decimal *r, const ds_decimal *a, const ds_decimal *b);

/** @p r = the larger of @p a and @p b. @return DS_OK, DS_EINVAL for NULL, DS_ENOMEM. */
DS_EXTERN int ds_decimal_max(ds_decimal *r, const ds_decimal *a, const ds_decimal *b);

/**
 * @p r = @p x raised to the integer power @p k, exactly; a negative @p k gives the
 * reciprocal power (1.1^-3 = 1000/1331); x^0 is 1 for every x, including 0.
 *
 * @return DS_OK; DS_ERANGE when |k| > DS_DECIMAL_MAX_POW or the result would need
 *         more than DS_DECIMAL_MAX_DIGITS digits (checked before computing);
 *         DS_EDIVZERO for 0 raised to a negative power; DS_EINVAL; DS_ENOMEM.
 */
DS_EXTERN int ds_decimal_pow(ds_decimal *r, const ds_decimal *x, long k);

/**
 * Present value of a series of amounts, exactly:
 * @p r = Σ_{t=1..n} amounts[t−1] / Π_{s=1..t} (1 + rates[s−1]).
 *
 * The sum is formed over the common denominator Π (1 + rate) by Horner's
 * scheme (n multiplications and additions, then one division), so terminating
 * inputs cost integer arithmetic only — the hot path of income valuation and
 * of value-in-use tests.
 *
 * @param r        receives the present value; unchanged on failure.
 * @param amounts  n amounts, one per period (end of period), not NULL; only
 *                 read, never modified (ds_decimal *const * so that an array
 *                 ds_decimal *a[] passes without a cast).
 * @param n        number of periods, at least 1.
 * @param rates    the discount rate per period as a fraction (0.085 for 8.5 %):
 *                 either one rate for every period (n_rates == 1) or one per period;
 *                 only read, never modified.
 * @param n_rates  1 or n.
 * @return DS_OK; DS_EINVAL for n == 0, NULL pointers or n_rates not 1 or n;
 *         DS_ERANGE for a rate of −1 (−100 %) or less; DS_ENOMEM.
 */
DS_EXTERN int ds_decimal_present_value(ds_decimal *r, ds_decimal *const *amounts, size_t n, ds_decimal *const *rates,
				       size_t n_rates);

/**
 * Present values of many series at once, each rounded: for series i (0-based),
 * out[i] = round(Σ_t amounts[i·n + t] / Π_{s≤t} (1 + rate_s), @p scale, @p mode),
 * the exact value ds_decimal_present_value() gives, rounded as ds_decimal_round()
 * does. One call for a portfolio: bindings and batch jobs keep the amounts in
 * C (ds_decimal_parse_list() reads them in bulk), cross into the library once
 * and reuse the output decimals from call to call (no allocation per series).
 *
 * @param out      @p count existing decimals (ds_decimal_new()), caller-owned;
 *                 out[i] receives the rounded value of series i. Not an input.
 * @param amounts  @p count × @p n amounts, series after series (row-major); only read.
 * @param count    number of series, at least 1.
 * @param n        periods per series, at least 1.
 * @param rates    the discount rates as fractions, each above −1; only read: one
 *                 rate for everything (@p n_rates 1), one per period shared by every
 *                 series (@p n_rates == @p n), or one per series and period,
 *                 row-major (@p n_rates == @p count × @p n).
 * @param scale    fractional digits of the results, 0 to DS_DECIMAL_MAX_SCALE (2: to the fen).
 * @param mode     DS_ROUND_HALF_UP for money (四舍五入).
 * @return DS_OK; DS_EINVAL for NULL pointers (the message names the output, or
 *         the series and period), a count or n of 0, @p n_rates not 1, n or
 *         count × n, a bad scale or mode; DS_ERANGE for a rate of −1 or less (the
 *         message names the series and period) or a count × n that overflows —
 *         these are found before any output is written, which then are unchanged;
 *         DS_ERANGE for a result past DS_DECIMAL_MAX_DIGITS and DS_ENOMEM, naming
 *         the series: the outputs before it hold their results, the rest are unchanged.
 * Thread-safety: reentrant; the inputs may be shared by threads that only read
 * them; the outputs belong to the calling thread during the call.
 */
DS_EXTERN int ds_decimal_present_values(ds_decimal *const *out, ds_decimal *const *amounts, size_t count, size_t n,
					ds_decimal *const *rates, size_t n_rates, int scale, ds_rounding mode);

/**
 * Round @p x to @p scale fractional digits with @p mode.
 *
 * @param r     receives the rounded value; may be @p x.
 * @param x     the value to round.
 * @param scale number of digits after the point, 0 to DS_DECIMAL_MAX_SCALE.
 * @param mode  DS_ROUND_HALF_UP for money (四舍五入).
 * @return DS_OK, or DS_EINVAL for a scale or mode out of range.
 */
DS_EXTERN int ds_decimal_round(ds_decimal *r, const ds_decimal *x, int scale, ds_rounding mode);

/**
 * Write the exact value in plain decimal notation with no trailing zeros
 * ("2.5", "-3", "0.125"). Zero is "0"; there is no negative zero.
 *
 * @param out   receives a new string; free it with ds_free().
 * @param flags 0 or DS_DECIMAL_GROUPED ("-1,234.5").
 * @return DS_OK; DS_EINEXACT when the value does not terminate (round it first,
 *         or use ds_decimal_to_string_scaled()); DS_EINVAL; DS_ENOMEM.
 */
DS_EXTERN int ds_decimal_to_string(char **out, const ds_decimal *x, unsigned int flags);

/**
 * Round @p x to @p scale digits with @p mode and write it with exactly @p scale
 * fractional digits ("1234.50"). A value that rounds to zero prints without a
 * sign ("0.00").
 *
 * @param out   receives a new string; free it with ds_free().
 * @param scale 0 to DS_DECIMAL_MAX_SCALE.
 * @param flags 0 or DS_DECIMAL_GROUPED.
 * @return DS_OK, DS_EINVAL for a bad scale or mode, DS_ENOMEM.
 */
DS_EXTERN int ds_decimal_to_string_scaled(char **out, const ds_decimal *x, int scale, ds_rounding mode,
					  unsigned int flags);

/**
 * Write @n decimals as ds_decimal_to_string_scaled() writes each, separated by
 * ';' ("1234.50;-0.25;0.00"), so that ds_decimal_parse_list() reads the list
 * back (with DS_DECIMAL_GROUPED when it was written grouped).
 *
 * @param out   receives a new string ("" for @n 0); free it with ds_free().
 * @param list  @n decimals, not NULL (NULL allowed when @n is 0); only read.
 * @param scale 0 to DS_DECIMAL_MAX_SCALE. @param mode the rounding mode.
 * @param flags 0 or DS_DECIMAL_GROUPED.
 * @return DS_OK; DS_EINVAL for NULL (naming the item), a bad scale, mode or
 *         flag; DS_ENOMEM.
 * Thread-safety: reentrant.
 */
DS_EXTERN int ds_decimal_list_to_string_scaled(char **out, ds_decimal *const *list, size_t n, int scale,
					       ds_rounding mode, unsigned int flags);

/**
 * Write an amount in fen (分, as the ledger returns amounts) as yuan with
 * exactly two decimals: 123456 → "1234.56", −5 → "-0.05", 0 → "0.00". Exact
 * integer arithmetic (no ds_decimal needed); every int64_t works, INT64_MIN
 * included ("-92233720368547758.08").
 *
 * @param out   receives a new string; free it with ds_free(). Unchanged on failure.
 * @param fen   the amount in fen.
 * @param flags 0, or DS_DECIMAL_GROUPED for groups of three ("-1,234.50").
 * @return DS_OK; DS_EINVAL for NULL @p out or another flag; DS_ENOMEM.
 */
DS_EXTERN int ds_decimal_fen_to_string(char **out, int64_t fen, unsigned int flags);

/**
 * Write the value as a reduced integer ratio: "p/q" with q > 1, or "p" for an
 * integer. ds_decimal_parse() with DS_DECIMAL_FRACTION reads it back. This is
 * the lossless form for values that do not terminate (and for Python's Fraction).
 *
 * @param out receives a new string; free it with ds_free().
 * @return DS_OK, DS_EINVAL, DS_ENOMEM.
 */
DS_EXTERN int ds_decimal_to_fraction(char **out, const ds_decimal *x);

/**
 * Evaluate an arithmetic expression exactly: decimal literals (with an
 * optional exponent, "1e-3", "1.5E+6", within the literal limits above), + - * /, '^'
 * with an integer exponent, unary minus (and plus), parentheses; the usual
 * precedence, where '^' binds tighter than unary minus and is right-associative
 * (-2^2 = -4, 2^3^2 = 512, 1.1^-3 = 1000/1331). Spaces and tabs between tokens are
 * ignored. At most 10,000 characters and 200 levels of nesting.
 *
 * @param r    receives the value; unchanged on failure.
 * @param expr NUL-terminated expression.
 * @return DS_OK; DS_EPARSE with ds_error_last()->column set to the 1-based
 *         character position ("position 7: unexpected ')'"); DS_EDIVZERO;
 *         DS_ERANGE; DS_EINVAL (e.g. a non-integer exponent); DS_ENOMEM.
 */
DS_EXTERN int ds_decimal_eval(ds_decimal *r, const char *expr);

/* ---------------------------------------------------------------------------
 * 人民币大写: uppercase RMB amounts (中国人民银行《正确填写票据和结算凭证的基本规定》)
 * ------------------------------------------------------------------------- */

/**
 * Options for ds_decimal_to_rmb_words(). Every field's zero value is the
 * canonical form; fields are only ever appended.
 */
typedef struct ds_rmb_options {
	unsigned int version;	/**< DS_RMB_OPTIONS_VERSION */
	int use_zheng_alt;	/**< 1: write 正 instead of 整 */
	int zheng_after_jiao;	/**< 1: write 整 after 角 too, as invoices require (到元或者角为止的写整) */
	int omit_optional_zero; /**< 1: omit the 零 that rule 4 makes optional (元 digit 0, 角 digit not 0) */
	int use_yuan_alt;	/**< 1: write 圆 instead of 元 */
	int omit_prefix;	/**< 1: no 人民币 prefix */
} ds_rmb_options;

/** The current layout of ::ds_rmb_options: the value for its @c version field. */
#define DS_RMB_OPTIONS_VERSION 1
/** An initialiser for a ::ds_rmb_options: the current @c version and the defaults. */
#define DS_RMB_OPTIONS_INIT                           \
	{                                             \
		DS_RMB_OPTIONS_VERSION, 0, 0, 0, 0, 0 \
	}

/**
 * Initialise @p opts to the defaults (the canonical form).
 * @param version DS_RMB_OPTIONS_VERSION.
 * @return DS_OK, or DS_EINVAL for NULL or an unknown version.
 */
DS_EXTERN int ds_rmb_options_init(ds_rmb_options *opts, unsigned int version);

/**
 * Spell an amount in 人民币大写 ("人民币壹仟陆佰捌拾元零叁角贰分"). The amount is
 * rounded HALF_UP to the fen first; negative amounts write 负 after 人民币.
 *
 * @param out    receives a new UTF-8 string; free it with ds_free().
 * @param amount the amount in yuan.
 * @param opts   options, or NULL for the canonical form.
 * @return DS_OK; DS_ERANGE when |amount| after rounding is 10^16 or more;
 *         DS_EINVAL for a bad option version; DS_EINTERNAL when ICU fails; DS_ENOMEM.
 */
DS_EXTERN int ds_decimal_to_rmb_words(char **out, const ds_decimal *amount, const ds_rmb_options *opts);

/**
 * Parse an amount in 人民币大写: every form the rules allow, with or without
 * 人民币, 整 or 正, 元 or 圆, the optional 零 of rule 4, 负 for a negative amount.
 *
 * @param r    receives the amount (exact, to the fen); unchanged on failure.
 * @param text NUL-terminated UTF-8.
 * @return DS_OK; DS_EPARSE naming the character position and what was wrong;
 *         DS_EINVAL; DS_ENOMEM.
 */
DS_EXTERN int ds_decimal_parse_rmb_words(ds_decimal *r, const char *text);

/**
 * Spell a date in 大写 for certificates and payment documents:
 * 2025-03-10 → "贰零贰伍年叁月零壹拾日" (months 1, 2, 10 and days 1–10, 20, 30 take 零).
 *
 * @param out   receives a new UTF-8 string; free it with ds_free().
 * @param year  1 to 9999.
 * @param month 1 to 12.
 * @param day   1 to the last day of that month (Gregorian calendar).
 * @return DS_OK; DS_EINVAL naming the field that is out of range; DS_EINTERNAL; DS_ENOMEM.
 */
DS_EXTERN int ds_date_to_words(char **out, int year, int month, int day);

#ifdef __cplusplus
}
#endif

#endif
