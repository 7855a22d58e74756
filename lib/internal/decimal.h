/*
 * The representation of ds_decimal, shared by the decimal module's files and
 * by computation modules' hot paths. Never installed.
 * SPDX-License-Identifier: MIT
 */
#ifndef DS_INTERNAL_DECIMAL_H
#define DS_INTERNAL_DECIMAL_H

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

#endif
