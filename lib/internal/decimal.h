/*
 * The representation of ds_decimal, shared by the decimal module's files and
 * by computation modules' hot paths. Never installed.
 * SPDX-License-Identifier: MIT
 */
#ifndef DS_INTERNAL_DECIMAL_H
#define DS_INTERNAL_DECIMAL_H

#include <stdint.h>

#include <gmp.h>

#include "datasset/decimal.h"

/*
 * value = num × 10^exp / den, with den > 0.
 *
 * A terminating value (every literal, every sum, product and power of
 * literals) has den == 1 and costs integer arithmetic only. A division
 * that does not terminate keeps a denominator, which is not reduced on every
 * operation (a gcd costs ~10 multiplications): it is reduced only when it
 * grows past a few limbs, and whenever an exact answer needs the reduced
 * form (comparison is by cross-multiplication and needs none). Zero is always
 * 0 × 10^0 / 1.
 *
 * t1..t3 are scratch space owned by the object, so that an operation writing
 * into it reuses memory instead of allocating.
 */
struct ds_decimal {
	mpz_t num;
	mpz_t den;
	long exp;
	mpz_t t1, t2, t3;
};

/* Round x × 10^scale to an integer with @mode into q (q must not alias x's fields). */
void ds__decimal_round_int(mpz_t q, const ds_decimal *x, long scale, ds_rounding mode);
/* Write x's reduced exact value as N × 10^exp with den 1, if it terminates: returns 1 and sets
 * n/exp (trailing zeros stripped), else 0 (n is then the reduced numerator, d the denominator). */
int ds__decimal_reduce(mpz_t n, mpz_t d, long *exp, const ds_decimal *x);
/* n/d = x's value with the power of ten folded in (integers, d > 0; not reduced). */
void ds__decimal_as_fraction(mpz_t n, mpz_t d, const ds_decimal *x);
/* Multiply by 10^k (k >= 0). */
void ds__mpz_mul_pow10(mpz_t r, const mpz_t a, unsigned long k);
/* Check argument validity shared by rounding entry points. */
int ds__decimal_check_scale(int scale, ds_rounding mode);
/* The present value of @flows at one constant @rate into @r through integers only
 * (the common small case); 1 when it computed r, 0 when the inputs need the general
 * path, ds_decimal_present_value() (the same exact value either way). */
int ds__decimal_present_value_small(ds_decimal *r, const ds_decimal *const *flows, size_t n, const ds_decimal *rate);

/* ---- compiled expressions with named figures (lib/decimal/expr.c) ----
 * The language of ds_decimal_eval() extended with names ([A-Za-z_][A-Za-z0-9_.]*),
 * comparisons (< <= > >= = !=, giving 1 or 0), 'and', 'or', 'not' (non-zero is
 * true), and min(a, b, ...), max(a, b, ...). Bounded like ds_decimal_eval: at most
 * 10,000 characters and 200 levels of nesting; no loops.
 *
 * @resolve maps a name to a slot (>= 0) in the values array passed to
 * ds__expr_eval, or returns a negative code for an unknown name (the compiler
 * then reports "position N: unknown name 'x'" with that code). */
typedef struct ds__expr ds__expr;
typedef int (*ds__expr_resolve)(void *ctx, const char *name, size_t len);
/* Compile @text. Errors as ds_decimal_eval (DS_EPARSE/DS_ERANGE with the column). */
int ds__expr_compile(ds__expr **out, const char *text, ds__expr_resolve resolve, void *ctx);
void ds__expr_free(ds__expr *e);
/* Decimals the caller must provide as @stack to ds__expr_eval. */
size_t ds__expr_stack_need(const ds__expr *e);
/* The source text (owned by @e). */
const char *ds__expr_text(const ds__expr *e);
/* 1 when the program reads slot @slot. */
int ds__expr_uses(const ds__expr *e, size_t slot);
/* Run @e with @vars[slot] as the value of each name; @stack holds
 * ds__expr_stack_need(e) distinct decimals (scratch). @r may be any decimal not
 * in @stack; unchanged on failure. Errors: DS_EDIVZERO, DS_EINVAL (non-integer
 * exponent), DS_ERANGE, DS_ENOMEM, with the column of the operator.
 * Reentrant: a compiled expression may be run by several threads at once, each
 * with its own stack. */
int ds__expr_eval(ds_decimal *r, const ds__expr *e, const ds_decimal *const *vars, ds_decimal *const *stack);

/* Write the amount @fen (分) as yuan with two decimals, "-1234.56" (grouped
 * "-1,234.56" when @grouped), into @out (DS__FEN_TEXT bytes; INT64_MIN included);
 * returns the length. The allocation-free core of ds_decimal_fen_to_string(),
 * for the ledger's writers. */
#define DS__FEN_TEXT 40
/* Money amounts as int64_t fen are bounded by 10^13 yuan (10^15 fen) in magnitude. */
#define DS__FEN_MAX INT64_C(1000000000000000)
/* Convert @amount (yuan, at most two fractional digits) to fen into *out.
 * Errors, set with @field as the error's field and message prefix: DS_EINVAL
 * for NULL @amount ("missing amount"), a third decimal, or a negative amount
 * when @nonnegative; DS_ERANGE for 10^13 yuan or more in magnitude; DS_ENOMEM.
 * *out is unchanged on failure. Shared by the ledger and settlement modules,
 * which keep amounts as fen. */
int ds__decimal_to_fen(int64_t *out, const ds_decimal *amount, int nonnegative, const char *field);
size_t ds__fen_text(char *out, int64_t fen, int grouped);

/* 10^0 .. 10^18, the powers of ten an int64_t holds (hot paths scaling integers). */
extern const int64_t ds__pow10_i64[19];

#endif
