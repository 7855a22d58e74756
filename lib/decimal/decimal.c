/*
 * Exact decimal arithmetic over GMP integers.
 * SPDX-License-Identifier: MIT
 *
 * See lib/internal/decimal.h for the representation. Every operation computes
 * into the result's scratch integers, checks the size bound, and only then
 * swaps the new value in, so that a failure leaves the result unchanged and a
 * loop that reuses its numbers does not allocate.
 */
#include "config.h"

#include <limits.h>
#include <stdint.h>
#include <stdio.h>

#include "internal/core.h"
#include "internal/decimal.h"

/* Past this many limbs a denominator is reduced by its gcd with the numerator. */
#define REDUCE_LIMBS 8

static const unsigned long pow10_small[] = {
	1UL,
	10UL,
	100UL,
	1000UL,
	10000UL,
	100000UL,
	1000000UL,
	10000000UL,
	100000000UL,
	1000000000UL,
#if ULONG_MAX > 0xFFFFFFFFUL
	10000000000UL,
	100000000000UL,
	1000000000000UL,
	10000000000000UL,
	100000000000000UL,
	1000000000000000UL,
	10000000000000000UL,
	100000000000000000UL,
	1000000000000000000UL,
	10000000000000000000UL,
#endif
};
#define POW10_SMALL_MAX (sizeof pow10_small / sizeof pow10_small[0] - 1)

const int64_t ds__pow10_i64[19] = {
	INT64_C(1),
	INT64_C(10),
	INT64_C(100),
	INT64_C(1000),
	INT64_C(10000),
	INT64_C(100000),
	INT64_C(1000000),
	INT64_C(10000000),
	INT64_C(100000000),
	INT64_C(1000000000),
	INT64_C(10000000000),
	INT64_C(100000000000),
	INT64_C(1000000000000),
	INT64_C(10000000000000),
	INT64_C(100000000000000),
	INT64_C(1000000000000000),
	INT64_C(10000000000000000),
	INT64_C(100000000000000000),
	INT64_C(1000000000000000000),
};

void ds__mpz_mul_pow10(mpz_t r, const mpz_t a, unsigned long k)
{
	mpz_t p;

	if (k <= POW10_SMALL_MAX) {
		mpz_mul_ui(r, a, pow10_small[k]);
		return;
	}
	/* A few single-limb multiplications beat building the power. */
	if (k <= 8 * POW10_SMALL_MAX) {
		mpz_mul_ui(r, a, pow10_small[POW10_SMALL_MAX]);
		for (k -= POW10_SMALL_MAX; k > POW10_SMALL_MAX; k -= POW10_SMALL_MAX)
			mpz_mul_ui(r, r, pow10_small[POW10_SMALL_MAX]);
		mpz_mul_ui(r, r, pow10_small[k]);
		return;
	}
	mpz_init(p);
	mpz_ui_pow_ui(p, 10, k);
	mpz_mul(r, a, p);
	mpz_clear(p);
}

/* Exact number of decimal digits of |z| (mpz_sizeinbase may overstate by one). */
static size_t exact_digits(const mpz_t z)
{
	size_t digits = mpz_sizeinbase(z, 10);
	mpz_t power;

	if (digits <= 1)
		return 1;
	mpz_init(power);
	mpz_ui_pow_ui(power, 10, digits - 1);
	if (mpz_cmpabs(z, power) < 0)
		digits--;
	mpz_clear(power);
	return digits;
}

/* The slow half of check_size(), for values near the bound. */
static int check_size_exactly(const mpz_t num, const mpz_t den, unsigned long magnitude)
{
	size_t digits;

	if (magnitude > DS_DECIMAL_MAX_DIGITS)
		goto too_big;
	digits = exact_digits(num) + (mpz_cmp_ui(den, 1) == 0 ? 0 : exact_digits(den)) + magnitude;
	if (digits <= DS_DECIMAL_MAX_DIGITS)
		return DS_OK;
too_big:
	return ds__error(DS_ERANGE, "result needs more than %d digits", DS_DECIMAL_MAX_DIGITS);
}

/* The measure DS_DECIMAL_MAX_DIGITS bounds: the digits of the numerator, of a
 * denominator other than 1, and the zeros the power of ten stands for. A limb
 * holds at most 20 decimal digits: the inline test settles all values but
 * those near the bound. */
static inline int check_size(const mpz_t num, const mpz_t den, long exp)
{
	unsigned long magnitude = exp < 0 ? 0UL - (unsigned long)exp : (unsigned long)exp;

	if ((mpz_size(num) + mpz_size(den)) * 20 + magnitude <= DS_DECIMAL_MAX_DIGITS)
		return DS_OK;
	return check_size_exactly(num, den, magnitude);
}

static inline int is_one(const mpz_t z)
{
	return mpz_size(z) == 1 && mpz_sgn(z) > 0 && mpz_getlimbn(z, 0) == 1;
}

/* r = a × b, skipping the multiplication when b is 1 (a denominator usually is). */
static inline void mul_by(mpz_t r, const mpz_t a, const mpz_t b)
{
	if (is_one(b))
		mpz_set(r, a);
	else if (is_one(a))
		mpz_set(r, b);
	else
		mpz_mul(r, a, b);
}

/* Reduce num/den by their gcd, in place, when the denominator has grown. */
static void maybe_reduce(mpz_t num, mpz_t den, mpz_t scratch)
{
	if (mpz_size(den) <= REDUCE_LIMBS)
		return;
	mpz_gcd(scratch, num, den);
	if (!is_one(scratch)) {
		mpz_divexact(num, num, scratch);
		mpz_divexact(den, den, scratch);
	}
}

/* Install t1/t2 as the new value of r (after the size check). */
static int commit(ds_decimal *r, long exp)
{
	int rc;

	if (mpz_sgn(r->t1) == 0) {
		mpz_set_ui(r->num, 0);
		mpz_set_ui(r->den, 1);
		r->exp = 0;
		return DS_OK;
	}
	if (!is_one(r->t2))
		maybe_reduce(r->t1, r->t2, r->t3);
	if ((rc = check_size(r->t1, r->t2, exp)) < 0)
		return rc;
	mpz_swap(r->num, r->t1);
	mpz_swap(r->den, r->t2);
	r->exp = exp;
	return DS_OK;
}

int ds_decimal_new(ds_decimal **out)
{
	ds_decimal *d;

	if (!out)
		return ds__error(DS_EINVAL, "ds_decimal_new: out is NULL");
	d = ds__malloc(sizeof *d);
	if (!d)
		return ds__enomem();
	mpz_init(d->num);
	mpz_init_set_ui(d->den, 1);
	d->exp = 0;
	mpz_init(d->t1);
	mpz_init(d->t2);
	mpz_init(d->t3);
	*out = d;
	return DS_OK;
}

void ds_decimal_free(ds_decimal *x)
{
	if (!x)
		return;
	mpz_clear(x->num);
	mpz_clear(x->den);
	mpz_clear(x->t1);
	mpz_clear(x->t2);
	mpz_clear(x->t3);
	ds__free(x);
}

int ds_decimal_set(ds_decimal *r, const ds_decimal *x)
{
	if (!r || !x)
		return ds__error(DS_EINVAL, "ds_decimal_set: NULL argument");
	if (r != x) {
		mpz_set(r->num, x->num);
		mpz_set(r->den, x->den);
		r->exp = x->exp;
	}
	return DS_OK;
}

int ds_decimal_dup(ds_decimal **out, const ds_decimal *x)
{
	ds_decimal *d = NULL;
	int rc;

	if (!out || !x)
		return ds__error(DS_EINVAL, "ds_decimal_dup: NULL argument");
	if ((rc = ds_decimal_new(&d)) < 0)
		return rc;
	ds_decimal_set(d, x);
	*out = d;
	return DS_OK;
}

int ds_decimal_set_int64(ds_decimal *r, int64_t v)
{
	uint64_t magnitude;

	if (!r)
		return ds__error(DS_EINVAL, "ds_decimal_set_int64: NULL argument");
	magnitude = v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;
	mpz_import(r->num, 1, 1, sizeof magnitude, 0, 0, &magnitude);
	if (v < 0)
		mpz_neg(r->num, r->num);
	mpz_set_ui(r->den, 1);
	r->exp = 0;
	return DS_OK;
}

/* n/d = x's value with the power of ten folded in (n and d integers, d > 0). */
void ds__decimal_as_fraction(mpz_t n, mpz_t d, const ds_decimal *x)
{
	if (x->exp >= 0) {
		ds__mpz_mul_pow10(n, x->num, (unsigned long)x->exp);
		mpz_set(d, x->den);
	} else {
		mpz_set(n, x->num);
		ds__mpz_mul_pow10(d, x->den, 0UL - (unsigned long)x->exp);
	}
}

int ds_decimal_to_int64(int64_t *out, const ds_decimal *x)
{
	mpz_t n, d;
	uint64_t magnitude = 0;
	size_t count = 0;
	int rc = DS_OK;

	if (!out || !x)
		return ds__error(DS_EINVAL, "ds_decimal_to_int64: NULL argument");
	mpz_inits(n, d, NULL);
	ds__decimal_as_fraction(n, d, x);
	if (!mpz_divisible_p(n, d)) {
		rc = ds__error(DS_EINEXACT, "value is not an integer");
		goto done;
	}
	mpz_divexact(n, n, d);
	if (mpz_sizeinbase(n, 2) > 64) {
		rc = ds__error(DS_ERANGE, "value does not fit in a 64-bit integer");
		goto done;
	}
	mpz_export(&magnitude, &count, 1, sizeof magnitude, 0, 0, n);
	if (mpz_sgn(n) >= 0 ? magnitude > (uint64_t)INT64_MAX : magnitude > (uint64_t)INT64_MAX + 1) {
		rc = ds__error(DS_ERANGE, "value does not fit in a 64-bit integer");
		goto done;
	}
	*out = mpz_sgn(n) >= 0 ? (int64_t)magnitude :
				 (magnitude == (uint64_t)INT64_MAX + 1 ? INT64_MIN : -(int64_t)magnitude);
done:
	mpz_clears(n, d, NULL);
	return rc;
}

int ds_decimal_sign(const ds_decimal *x)
{
	return x ? mpz_sgn(x->num) : 0;
}

int ds_decimal_is_zero(const ds_decimal *x)
{
	return x ? mpz_sgn(x->num) == 0 : 0;
}

int ds_decimal_is_integer(const ds_decimal *x)
{
	mpz_t n, d;
	int result;

	if (!x)
		return 0;
	if (x->exp >= 0 && is_one(x->den))
		return 1;
	mpz_inits(n, d, NULL);
	ds__decimal_as_fraction(n, d, x);
	result = mpz_divisible_p(n, d) != 0;
	mpz_clears(n, d, NULL);
	return result;
}

int ds__decimal_reduce(mpz_t n, mpz_t d, long *exp, const ds_decimal *x)
{
	mpz_t g;
	unsigned long twos, fives, shift;
	long e = x->exp;

	mpz_set(n, x->num);
	mpz_set(d, x->den);
	if (mpz_sgn(n) == 0) {
		mpz_set_ui(d, 1);
		*exp = 0;
		return 1;
	}
	if (!is_one(d)) {
		mpz_init(g);
		mpz_gcd(g, n, d);
		mpz_divexact(n, n, g);
		mpz_divexact(d, d, g);
		/* 1/(2^a·5^b) = 2^(c-a)·5^(c-b) / 10^c with c = max(a, b). */
		twos = mpz_scan1(d, 0);
		mpz_tdiv_q_2exp(d, d, twos);
		mpz_set_ui(g, 5);
		fives = mpz_remove(d, d, g);
		if (!is_one(d)) {
			/* Does not terminate: put the 2s and 5s back for the caller. */
			mpz_mul_2exp(d, d, twos);
			mpz_pow_ui(g, g, fives);
			mpz_mul(d, d, g);
			mpz_clear(g);
			*exp = e;
			return 0;
		}
		shift = twos > fives ? twos : fives;
		mpz_mul_2exp(n, n, shift - twos);
		mpz_ui_pow_ui(g, 5, shift - fives);
		mpz_mul(n, n, g);
		e -= (long)shift;
		mpz_clear(g);
	}
	/* Strip trailing zeros so that equal values have one written form. */
	{
		mpz_t ten;
		mpz_init_set_ui(ten, 10);
		e += (long)mpz_remove(n, n, ten);
		mpz_clear(ten);
	}
	*exp = e;
	return 1;
}

int ds_decimal_terminates(const ds_decimal *x)
{
	mpz_t n, d;
	long e;
	int result;

	if (!x)
		return 0;
	if (is_one(x->den))
		return 1;
	mpz_inits(n, d, NULL);
	result = ds__decimal_reduce(n, d, &e, x);
	mpz_clears(n, d, NULL);
	return result;
}

/* Scale a's numerator to exponent e (<= a->exp) into tmp, or borrow a's own. */
static mpz_srcptr aligned(mpz_ptr tmp, const ds_decimal *a, long e)
{
	if (a->exp == e)
		return a->num;
	ds__mpz_mul_pow10(tmp, a->num, (unsigned long)(a->exp - e));
	return tmp;
}

static int add_signed(ds_decimal *r, const ds_decimal *a, const ds_decimal *b, int subtract)
{
	long e;
	mpz_srcptr an, bn;

	if (!r || !a || !b)
		return ds__error(DS_EINVAL, "%s: NULL argument", subtract ? "ds_decimal_sub" : "ds_decimal_add");
	e = a->exp < b->exp ? a->exp : b->exp;
	/* At most one operand needs scaling, so one scratch integer (t3) serves. */
	an = aligned(r->t3, a, e);
	bn = aligned(r->t3, b, e);
	if (mpz_cmp(a->den, b->den) == 0) {
		if (subtract)
			mpz_sub(r->t1, an, bn);
		else
			mpz_add(r->t1, an, bn);
		mpz_set(r->t2, a->den);
	} else if (is_one(a->den) || (mpz_size(b->den) >= mpz_size(a->den) && mpz_divisible_p(b->den, a->den))) {
		/* One denominator divides the other, as when discount factors are
		 * summed: scale to the larger one and no gcd is ever needed. */
		mpz_divexact(r->t2, b->den, a->den);
		mpz_mul(r->t1, an, r->t2);
		if (subtract)
			mpz_sub(r->t1, r->t1, bn);
		else
			mpz_add(r->t1, r->t1, bn);
		mpz_set(r->t2, b->den);
	} else if (is_one(b->den) || (mpz_size(a->den) >= mpz_size(b->den) && mpz_divisible_p(a->den, b->den))) {
		mpz_divexact(r->t2, a->den, b->den);
		mpz_mul(r->t1, bn, r->t2);
		if (subtract)
			mpz_sub(r->t1, an, r->t1);
		else
			mpz_add(r->t1, an, r->t1);
		mpz_set(r->t2, a->den);
	} else {
		mpz_mul(r->t1, an, b->den);
		mpz_mul(r->t2, bn, a->den);
		if (subtract)
			mpz_sub(r->t1, r->t1, r->t2);
		else
			mpz_add(r->t1, r->t1, r->t2);
		mpz_mul(r->t2, a->den, b->den);
	}
	return commit(r, e);
}

int ds_decimal_add(ds_decimal *r, const ds_decimal *a, const ds_decimal *b)
{
	return add_signed(r, a, b, 0);
}

int ds_decimal_sub(ds_decimal *r, const ds_decimal *a, const ds_decimal *b)
{
	return add_signed(r, a, b, 1);
}

int ds_decimal_mul(ds_decimal *r, const ds_decimal *a, const ds_decimal *b)
{
	if (!r || !a || !b)
		return ds__error(DS_EINVAL, "ds_decimal_mul: NULL argument");
	mpz_mul(r->t1, a->num, b->num);
	mul_by(r->t2, a->den, b->den);
	return commit(r, a->exp + b->exp);
}

int ds_decimal_div(ds_decimal *r, const ds_decimal *a, const ds_decimal *b)
{
	long exp;

	if (!r || !a || !b)
		return ds__error(DS_EINVAL, "ds_decimal_div: NULL argument");
	if (mpz_sgn(b->num) == 0)
		return ds__error(DS_EDIVZERO, "division by zero");
	/* (na·10^ea/da) / (nb·10^eb/db) = na·db·10^(ea−eb) / (nb·da) */
	mul_by(r->t1, a->num, b->den);
	mul_by(r->t2, b->num, a->den);
	if (mpz_sgn(r->t2) < 0) {
		mpz_neg(r->t1, r->t1);
		mpz_neg(r->t2, r->t2);
	}
	exp = a->exp - b->exp;
	/* Quotients are usually summed next (discounting): keep their exponent at
	 * most that of a money amount so that the sum needs no rescaling. */
	if (exp > 0 && exp <= 8 * (long)POW10_SMALL_MAX) {
		ds__mpz_mul_pow10(r->t1, r->t1, (unsigned long)exp);
		exp = 0;
	}
	return commit(r, exp);
}

int ds_decimal_neg(ds_decimal *r, const ds_decimal *x)
{
	int rc;

	if ((rc = ds_decimal_set(r, x)) < 0)
		return rc;
	mpz_neg(r->num, r->num);
	return DS_OK;
}

int ds_decimal_abs(ds_decimal *r, const ds_decimal *x)
{
	int rc;

	if ((rc = ds_decimal_set(r, x)) < 0)
		return rc;
	mpz_abs(r->num, r->num);
	return DS_OK;
}

int ds_decimal_cmp(const ds_decimal *a, const ds_decimal *b)
{
	int sa, sb, result;
	long e;
	mpz_t left, right, scaled;

	if (!a || !b)
		return 0;
	sa = mpz_sgn(a->num);
	sb = mpz_sgn(b->num);
	if (sa != sb)
		return sa < sb ? -1 : 1;
	if (sa == 0)
		return 0;
	if (a->exp == b->exp && is_one(a->den) && is_one(b->den))
		return mpz_cmp(a->num, b->num);
	/* Cross-multiply at a common exponent: na·10^(ea−e)·db vs nb·10^(eb−e)·da. */
	e = a->exp < b->exp ? a->exp : b->exp;
	mpz_inits(left, right, scaled, NULL);
	ds__mpz_mul_pow10(scaled, a->num, (unsigned long)(a->exp - e));
	mpz_mul(left, scaled, b->den);
	ds__mpz_mul_pow10(scaled, b->num, (unsigned long)(b->exp - e));
	mpz_mul(right, scaled, a->den);
	result = mpz_cmp(left, right);
	mpz_clears(left, right, scaled, NULL);
	return result < 0 ? -1 : result > 0;
}

int ds_decimal_min(ds_decimal *r, const ds_decimal *a, const ds_decimal *b)
{
	if (!r || !a || !b)
		return ds__error(DS_EINVAL, "ds_decimal_min: NULL argument");
	return ds_decimal_set(r, ds_decimal_cmp(a, b) <= 0 ? a : b);
}

int ds_decimal_max(ds_decimal *r, const ds_decimal *a, const ds_decimal *b)
{
	if (!r || !a || !b)
		return ds__error(DS_EINVAL, "ds_decimal_max: NULL argument");
	return ds_decimal_set(r, ds_decimal_cmp(a, b) >= 0 ? a : b);
}

int ds_decimal_pow(ds_decimal *r, const ds_decimal *x, long k)
{
	unsigned long magnitude;
	size_t digits;
	long exp;

	if (!r || !x)
		return ds__error(DS_EINVAL, "ds_decimal_pow: NULL argument");
	if (k > DS_DECIMAL_MAX_POW || k < -DS_DECIMAL_MAX_POW)
		return ds__error(DS_ERANGE, "exponent %ld is outside -%d to %d", k, DS_DECIMAL_MAX_POW,
				 DS_DECIMAL_MAX_POW);
	if (k == 0) {
		mpz_set_ui(r->num, 1);
		mpz_set_ui(r->den, 1);
		r->exp = 0;
		return DS_OK;
	}
	if (mpz_sgn(x->num) == 0) {
		if (k < 0)
			return ds__error(DS_EDIVZERO, "division by zero: 0 raised to the negative power %ld", k);
		return ds_decimal_set_int64(r, 0);
	}
	magnitude = k < 0 ? 0UL - (unsigned long)k : (unsigned long)k;
	/* Refuse before computing: the result's size is about |k| times x's. A
	 * one-digit base (2, 0.5) grows by log10 of itself, not a whole digit, so
	 * the estimate uses bits for the integers. */
	digits = ((mpz_sizeinbase(x->num, 2) + mpz_sizeinbase(x->den, 2)) * 30103UL / 100000UL + 1) * magnitude;
	if (digits > DS_DECIMAL_MAX_DIGITS ||
	    (unsigned long)(x->exp < 0 ? -x->exp : x->exp) * magnitude > (unsigned long)DS_DECIMAL_MAX_DIGITS)
		return ds__error(DS_ERANGE, "power needs more than %d digits", DS_DECIMAL_MAX_DIGITS);
	mpz_pow_ui(r->t1, x->num, magnitude);
	mpz_pow_ui(r->t2, x->den, magnitude);
	exp = x->exp * (long)magnitude;
	if (k < 0) {
		mpz_swap(r->t1, r->t2);
		if (mpz_sgn(r->t2) < 0) {
			mpz_neg(r->t1, r->t1);
			mpz_neg(r->t2, r->t2);
		}
		exp = -exp;
	}
	return commit(r, exp);
}

int ds__decimal_check_scale(int scale, ds_rounding mode)
{
	if (scale < 0 || scale > DS_DECIMAL_MAX_SCALE)
		return ds__error(DS_EINVAL, "scale %d is outside 0 to %d", scale, DS_DECIMAL_MAX_SCALE);
	if ((int)mode < DS_ROUND_HALF_UP || (int)mode > DS_ROUND_FLOOR)
		return ds__error(DS_EINVAL, "unknown rounding mode %d", (int)mode);
	return DS_OK;
}

/* Whether a truncated quotient q (remainder rem ≠ 0 over divisor d > 0, value
 * sign negative when `negative`) moves one unit away from zero under mode;
 * `twice` is scratch. */
static int round_away(ds_rounding mode, int negative, const mpz_t q, const mpz_t rem, const mpz_t d, mpz_t twice)
{
	int half;

	switch (mode) {
	case DS_ROUND_UP: return 1;
	case DS_ROUND_DOWN: return 0;
	case DS_ROUND_CEILING: return !negative;
	case DS_ROUND_FLOOR: return negative;
	default: break;
	}
	mpz_mul_2exp(twice, rem, 1);
	mpz_abs(twice, twice);
	half = mpz_cmp(twice, d);
	if (half != 0)
		return half > 0;
	switch (mode) {
	case DS_ROUND_HALF_UP: return 1;
	case DS_ROUND_HALF_DOWN: return 0;
	default: /* HALF_EVEN: away only when the kept digit is odd */ return mpz_odd_p(q);
	}
}

/* ds__decimal_round_int with caller-provided scratch integers (n, d, rem, twice),
 * so that a loop of roundings allocates nothing once they have grown. */
static void round_int_with(mpz_t q, const ds_decimal *x, long scale, ds_rounding mode, mpz_t n, mpz_t d, mpz_t rem,
			   mpz_t twice)
{
	long e = x->exp + scale;

	if (e >= 0 && is_one(x->den)) {
		ds__mpz_mul_pow10(q, x->num, (unsigned long)e);
		return;
	}
	if (e >= 0) {
		ds__mpz_mul_pow10(n, x->num, (unsigned long)e);
		mpz_set(d, x->den);
	} else {
		mpz_set(n, x->num);
		ds__mpz_mul_pow10(d, x->den, 0UL - (unsigned long)e);
	}
	mpz_tdiv_qr(q, rem, n, d);
	if (mpz_sgn(rem) != 0 && round_away(mode, mpz_sgn(n) < 0, q, rem, d, twice)) {
		if (mpz_sgn(n) < 0)
			mpz_sub_ui(q, q, 1);
		else
			mpz_add_ui(q, q, 1);
	}
}

void ds__decimal_round_int(mpz_t q, const ds_decimal *x, long scale, ds_rounding mode)
{
	mpz_t n, d, rem, twice;

	if (x->exp + scale >= 0 && is_one(x->den)) {
		ds__mpz_mul_pow10(q, x->num, (unsigned long)(x->exp + scale));
		return;
	}
	mpz_inits(n, d, rem, twice, NULL);
	round_int_with(q, x, scale, mode, n, d, rem, twice);
	mpz_clears(n, d, rem, twice, NULL);
}

#if defined(__SIZEOF_INT128__) && ULONG_MAX == 0xFFFFFFFFFFFFFFFFUL
static int round_int_wide(mpz_t q, const ds_decimal *x, long scale, ds_rounding mode);
#endif

int ds_decimal_round(ds_decimal *r, const ds_decimal *x, int scale, ds_rounding mode)
{
	int rc;

	if (!r || !x)
		return ds__error(DS_EINVAL, "ds_decimal_round: NULL argument");
	if ((rc = ds__decimal_check_scale(scale, mode)) < 0)
		return rc;
	/* Already exact at this scale: nothing to do. */
	if (is_one(x->den) && x->exp >= -(long)scale)
		return ds_decimal_set(r, x);
#if defined(__SIZEOF_INT128__) && ULONG_MAX == 0xFFFFFFFFFFFFFFFFUL
	/* Integers that fit 128 bits (money and the present values of a few
	 * periods): plain division, no GMP temporaries to allocate and free. */
	if (!round_int_wide(r->t1, x, scale, mode))
#endif
		ds__decimal_round_int(r->t1, x, scale, mode);
	mpz_set_ui(r->t2, 1);
	return commit(r, -(long)scale);
}

/* The general case (some input does not terminate), with the public operations. */
static int present_value_general(ds_decimal *r, ds_decimal *const *amounts, size_t n, ds_decimal *const *rates,
				 size_t n_rates)
{
	ds_decimal *accumulated = NULL, *denominator = NULL, *growth = NULL, *minus_one = NULL;
	size_t t;
	int rc;

	if ((rc = ds_decimal_new(&accumulated)) < 0 || (rc = ds_decimal_new(&denominator)) < 0 ||
	    (rc = ds_decimal_new(&growth)) < 0 || (rc = ds_decimal_new(&minus_one)) < 0)
		goto done;
	ds_decimal_set_int64(minus_one, -1);
	ds_decimal_set_int64(denominator, 1);
	/* A_t = A_(t−1) × (1 + i_t) + F_t, D = Π (1 + i_t); then PV = A_n / D. */
	for (t = 0; t < n; t++) {
		const ds_decimal *rate = rates[n_rates == 1 ? 0 : t];
		if (ds_decimal_cmp(rate, minus_one) <= 0) {
			rc = ds__error(DS_ERANGE, "period %zu: discount rate must be greater than -1 (-100%%)", t + 1);
			goto done;
		}
		if ((rc = ds_decimal_sub(growth, rate, minus_one)) < 0 ||
		    (rc = ds_decimal_mul(accumulated, accumulated, growth)) < 0 ||
		    (rc = ds_decimal_add(accumulated, accumulated, amounts[t])) < 0 ||
		    (rc = ds_decimal_mul(denominator, denominator, growth)) < 0)
			goto done;
	}
	rc = ds_decimal_div(r, accumulated, denominator);
done:
	ds_decimal_free(accumulated);
	ds_decimal_free(denominator);
	ds_decimal_free(growth);
	ds_decimal_free(minus_one);
	return rc;
}

/* All inputs terminate: integers and powers of ten only, in r's scratch
 * (A in t1, D in t2), so a valuation allocates nothing in steady state.
 * Inputs are only read, so r may be one of them. */
static int present_value_terminating(ds_decimal *r, ds_decimal *const *amounts, size_t n, ds_decimal *const *rates,
				     size_t n_rates)
{
	mpz_t growth;
	long acc_exp = 0, den_exp = 0, growth_exp = 0, e;
	size_t t;
	int rc = DS_OK;

	mpz_init(growth);
	mpz_set_ui(r->t1, 0);
	mpz_set_ui(r->t2, 1);
	for (t = 0; t < n; t++) {
		const ds_decimal *rate = rates[n_rates == 1 ? 0 : t], *amount = amounts[t];
		if (t == 0 || n_rates != 1) {
			/* 1 + i as growth × 10^growth_exp */
			if (rate->exp <= 0) {
				mpz_set_ui(growth, 1);
				ds__mpz_mul_pow10(growth, growth, 0UL - (unsigned long)rate->exp);
				mpz_add(growth, growth, rate->num);
				growth_exp = rate->exp;
			} else {
				ds__mpz_mul_pow10(growth, rate->num, (unsigned long)rate->exp);
				mpz_add_ui(growth, growth, 1);
				growth_exp = 0;
			}
			if (mpz_sgn(growth) <= 0) {
				rc = ds__error(DS_ERANGE, "period %zu: discount rate must be greater than -1 (-100%%)",
					       t + 1);
				goto done;
			}
		}
		/* A = A × (1 + i) + F at the smaller of the two exponents. */
		mpz_mul(r->t1, r->t1, growth);
		acc_exp += growth_exp;
		e = acc_exp < amount->exp ? acc_exp : amount->exp;
		if (acc_exp > e)
			ds__mpz_mul_pow10(r->t1, r->t1, (unsigned long)(acc_exp - e));
		if (amount->exp > e) {
			ds__mpz_mul_pow10(r->t3, amount->num, (unsigned long)(amount->exp - e));
			mpz_add(r->t1, r->t1, r->t3);
		} else {
			mpz_add(r->t1, r->t1, amount->num);
		}
		acc_exp = e;
		mpz_mul(r->t2, r->t2, growth);
		den_exp += growth_exp;
		if ((rc = check_size(r->t1, r->t2, acc_exp - den_exp)) < 0)
			goto done;
	}
	/* PV = A·10^acc_exp / (D·10^den_exp) */
	rc = commit(r, acc_exp - den_exp);
done:
	mpz_clear(growth);
	return rc;
}

int ds_decimal_present_value(ds_decimal *r, ds_decimal *const *amounts, size_t n, ds_decimal *const *rates,
			     size_t n_rates)
{
	size_t t;

	if (!r || !amounts || !rates || n == 0)
		return ds__error(DS_EINVAL, "ds_decimal_present_value: no periods or a NULL argument");
	if (n_rates != 1 && n_rates != n)
		return ds__error(DS_EINVAL, "ds_decimal_present_value: %zu rates for %zu periods (give 1 or %zu)",
				 n_rates, n, n);
	for (t = 0; t < n; t++)
		if (!amounts[t] || !rates[n_rates == 1 ? 0 : t])
			return ds__error(DS_EINVAL, "ds_decimal_present_value: period %zu is NULL", t + 1);
	/* One constant rate and small terminating amounts: the integer kernel (the same exact value). */
	if (n_rates == 1 && ds__decimal_present_value_small(r, (const ds_decimal *const *)amounts, n, rates[0]))
		return DS_OK;
	for (t = 0; t < n; t++)
		if (!is_one(amounts[t]->den) || !is_one(rates[n_rates == 1 ? 0 : t]->den))
			return present_value_general(r, amounts, n, rates, n_rates);
	return present_value_terminating(r, amounts, n, rates, n_rates);
}
/* 1 when the integer z fits a long, without a call into GMP. */
static inline int z_fits_long(const mpz_t z)
{
	return mpz_size(z) == 0 || (mpz_size(z) == 1 && mpz_getlimbn(z, 0) <= (mp_limb_t)LONG_MAX);
}

#if defined(__SIZEOF_INT128__) && ULONG_MAX == 0xFFFFFFFFFFFFFFFFUL
__extension__ typedef __int128 wide;
__extension__ typedef unsigned __int128 uwide;

/* Set z to the 128-bit integer v. */
static void mpz_set_wide(mpz_t z, wide v)
{
	uwide magnitude = v < 0 ? (uwide)0 - (uwide)v : (uwide)v;
	mp_limb_t high = (mp_limb_t)(magnitude >> 64), *limbs;

	if (sizeof(mp_limb_t) != 8) { /* a build with 32-bit limbs: the portable way */
		mpz_set_ui(z, (unsigned long)(magnitude >> 64));
		mpz_mul_2exp(z, z, 64);
		mpz_add_ui(z, z, (unsigned long)magnitude);
	} else {
		limbs = mpz_limbs_write(z, 2);
		limbs[0] = (mp_limb_t)magnitude;
		limbs[1] = high;
		mpz_limbs_finish(z, high ? 2 : (limbs[0] ? 1 : 0));
	}
	if (v < 0)
		mpz_neg(z, z);
}

/* |z| as 128 bits when it fits (at most two 64-bit limbs): 1, else 0. */
static int get_uwide(uwide *out, const mpz_t z)
{
	size_t n = mpz_size(z);

	if (sizeof(mp_limb_t) != 8 || n > 2)
		return 0;
	*out = n == 0 ? 0 : n == 1 ? (uwide)mpz_getlimbn(z, 0) : ((uwide)mpz_getlimbn(z, 1) << 64) | mpz_getlimbn(z, 0);
	return 1;
}

/* a × 10^k in 128 bits when it does not overflow: 1, else 0. */
static int mul_pow10_uwide(uwide *a, unsigned long k)
{
	for (; k > 0; k -= k > 18 ? 18 : k)
		if (__builtin_mul_overflow(*a, (uwide)ds__pow10_i64[k > 18 ? 18 : k], a))
			return 0;
	return 1;
}

/* ds__decimal_round_int for a value whose integers fit 128 bits (the results of
 * the small present-value path): the same quotient by plain integer division.
 * Returns 1 with q set, 0 when the value needs the general path. */
static int round_int_wide(mpz_t q, const ds_decimal *x, long scale, ds_rounding mode)
{
	uwide n, d, quotient, rem;
	long e = x->exp + scale;
	int negative = mpz_sgn(x->num) < 0, away;
	mp_limb_t *limbs;

	if (!get_uwide(&n, x->num) || !get_uwide(&d, x->den) || d == 0 || e > 38 || e < -38)
		return 0;
	if (!(e >= 0 ? mul_pow10_uwide(&n, (unsigned long)e) : mul_pow10_uwide(&d, (unsigned long)-e)))
		return 0;
	quotient = n / d;
	rem = n % d;
	if (rem == 0) {
		away = 0;
	} else {
		switch (mode) {
		case DS_ROUND_UP: away = 1; break;
		case DS_ROUND_DOWN: away = 0; break;
		case DS_ROUND_CEILING: away = !negative; break;
		case DS_ROUND_FLOOR: away = negative; break;
		default:
			/* compare rem with d − rem: 2·rem would overflow near 2^128 */
			if (rem != d - rem)
				away = rem > d - rem;
			else
				away = mode == DS_ROUND_HALF_UP || (mode == DS_ROUND_HALF_EVEN && (quotient & 1));
			break;
		}
	}
	if (away && ++quotient == 0)
		return 0; /* 2^128: leave it to GMP */
	limbs = mpz_limbs_write(q, 2);
	limbs[0] = (mp_limb_t)quotient;
	limbs[1] = (mp_limb_t)(quotient >> 64);
	mpz_limbs_finish(q, limbs[1] ? 2 : (limbs[0] ? 1 : 0));
	if (negative)
		mpz_neg(q, q);
	return 1;
}

/* growth^n in 128 bits when it fits: 1, else 0. */
static int power_wide(wide *out, unsigned long growth, size_t n)
{
	wide p = 1;
	size_t t;

	for (t = 0; t < n; t++)
		if (__builtin_mul_overflow(p, (wide)growth, &p))
			return 0;
	*out = p;
	return 1;
}

/* The Horner sum of present_value_small() in 128-bit integers while it fits
 * (the common case: ten periods of amounts up to about 10^9 at a rate with up
 * to four decimals). Returns 1 with the sum in *out, 0 on overflow. */
static int horner_wide(wide *out, const ds_decimal *const *flows, size_t n, unsigned long growth, long growth_exp,
		       long exponent)
{
	wide sum = 0, term;
	size_t t;

	for (t = 0; t < n; t++) {
		long shift = flows[t]->exp - growth_exp * (long)(t + 1) - exponent;
		if (shift > 18 || !z_fits_long(flows[t]->num))
			return 0;
		term = (wide)mpz_get_si(flows[t]->num) * ds__pow10_i64[shift]; /* |term| < 2^63 · 10^18 < 2^127 */
		if (__builtin_mul_overflow(sum, (wide)growth, &sum) || __builtin_add_overflow(sum, term, &sum))
			return 0;
	}
	*out = sum;
	return 1;
}
#endif

/* The hot path of present values (income valuation, ds_decimal_present_values()): one constant rate whose 1 + i is a
 * one-limb integer G × 10^ge, and small terminating amounts F_t = f_t × 10^x_t.
 * Then PV = Σ F_t / (G·10^ge)^t = 10^E · Σ f_t · G^(n−t) · 10^(x_t − ge·t − E) / G^n
 * with E = min_t (x_t − ge·t): a Horner sum of single-limb multiplications,
 * the powers of ten applied to the small amounts rather than to the growing sum,
 * and one power for the denominator, all in r's own integers (no allocation
 * once they have grown). Returns 1 when it computed r, 0 when the inputs need
 * the general path (ds_decimal_present_value). The result is the same exact
 * value either way (the differential test checks it). */
int ds__decimal_present_value_small(ds_decimal *r, const ds_decimal *const *flows, size_t n, const ds_decimal *rate)
{
	static const unsigned long pow10[] = { 1UL,	 10UL,	    100UL,	1000UL,	     10000UL,
					       100000UL, 1000000UL, 10000000UL, 100000000UL, 1000000000UL };
	unsigned long growth, scale;
	long growth_exp, exponent = 0, shift, rate_num;
	size_t t, bits;

	if (n > 64 || !is_one(rate->den) || rate->exp > 0 || rate->exp < -9 || !z_fits_long(rate->num))
		return 0;
	scale = pow10[-rate->exp];
	rate_num = mpz_get_si(rate->num);
	if (rate_num <= -(long)scale || rate_num > 1000000000L)
		return 0;
	growth = (unsigned long)((long)scale + rate_num);
	growth_exp = rate->exp;
	/* The denominator G^n stays within the decimal module's reduction threshold (8 limbs). */
	for (bits = 0; growth >> bits; bits++)
		;
	if (n * bits > 8 * 64)
		return 0;
	for (t = 0; t < n; t++) {
		const ds_decimal *f = flows[t];
		long e = f->exp - growth_exp * (long)(t + 1);
		if (!is_one(f->den) || mpz_size(f->num) > 2 || f->exp > 40 || f->exp < -40)
			return 0;
		if (t == 0 || e < exponent)
			exponent = e;
	}
#if defined(__SIZEOF_INT128__) && ULONG_MAX == 0xFFFFFFFFFFFFFFFFUL
	{
		wide sum;
		if (horner_wide(&sum, flows, n, growth, growth_exp, exponent)) {
			mpz_set_wide(r->t1, sum);
			if (power_wide(&sum, growth, n))
				mpz_set_wide(r->t2, sum);
			else
				mpz_ui_pow_ui(r->t2, growth, (unsigned long)n);
			goto done;
		}
	}
#endif
	mpz_set_ui(r->t1, 0);
	for (t = 0; t < n; t++) {
		const ds_decimal *f = flows[t];
		mpz_mul_ui(r->t1, r->t1, growth);
		shift = f->exp - growth_exp * (long)(t + 1) - exponent;
		if (shift == 0) {
			mpz_add(r->t1, r->t1, f->num);
		} else if (shift < 10) {
			mpz_addmul_ui(r->t1, f->num, pow10[shift]);
		} else {
			ds__mpz_mul_pow10(r->t2, f->num, (unsigned long)shift);
			mpz_add(r->t1, r->t1, r->t2);
		}
	}
	mpz_ui_pow_ui(r->t2, growth, (unsigned long)n);
#if defined(__SIZEOF_INT128__) && ULONG_MAX == 0xFFFFFFFFFFFFFFFFUL
done:
#endif
	if (mpz_sgn(r->t1) == 0) {
		mpz_set_ui(r->num, 0);
		mpz_set_ui(r->den, 1);
		r->exp = 0;
		return 1;
	}
	mpz_swap(r->num, r->t1);
	mpz_swap(r->den, r->t2);
	r->exp = exponent;
	return 1;
}

int ds_decimal_present_values(ds_decimal *const *out, ds_decimal *const *amounts, size_t count, size_t n,
			      ds_decimal *const *rates, size_t n_rates, int scale, ds_rounding mode)
{
	ds_decimal *work = NULL;
	mpz_t q, sn, sd, rem, twice, one;
	size_t i, t, total;
	int rc;

	if (!out || !amounts || !rates)
		return ds__error(DS_EINVAL, "ds_decimal_present_values: NULL argument");
	if (count == 0 || n == 0)
		return ds__error(DS_EINVAL, "ds_decimal_present_values: %zu series of %zu periods (at least 1 of 1)",
				 count, n);
	if (count > SIZE_MAX / n)
		return ds__error(DS_ERANGE, "ds_decimal_present_values: %zu series of %zu periods is too many", count,
				 n);
	total = count * n;
	if (n_rates != 1 && n_rates != n && n_rates != total)
		return ds__error(
			DS_EINVAL,
			"ds_decimal_present_values: %zu rates for %zu series of %zu periods (give 1, %zu or %zu)",
			n_rates, count, n, n, total);
	if ((rc = ds__decimal_check_scale(scale, mode)) < 0)
		return rc;
	for (i = 0; i < count; i++)
		if (!out[i])
			return ds__error(DS_EINVAL, "ds_decimal_present_values: output %zu is NULL", i + 1);
	for (t = 0; t < total; t++)
		if (!amounts[t])
			return ds__error(DS_EINVAL, "ds_decimal_present_values: series %zu, period %zu is NULL",
					 t / n + 1, t % n + 1);
	for (t = 0; t < n_rates; t++)
		if (!rates[t])
			return ds__error(DS_EINVAL, "ds_decimal_present_values: rate %zu is NULL", t + 1);
	if ((rc = ds_decimal_new(&work)) < 0)
		return rc;
	/* Every rate above −1, checked before any output is written. */
	ds_decimal_set_int64(work, -1);
	for (t = 0; t < n_rates; t++)
		if (mpz_sgn(rates[t]->num) < 0 && ds_decimal_cmp(rates[t], work) <= 0) {
			ds_decimal_free(work);
			return ds__error(DS_ERANGE,
					 "series %zu, period %zu: discount rate must be greater than -1 (-100%%)",
					 n_rates == total ? t / n + 1 : 1, n_rates == 1 ? 1 : t % n + 1);
		}
	/* Each exact present value goes into one reused workspace and is rounded
	 * with reused scratch integers into the caller's decimal: in steady state
	 * (outputs reused from call to call) a series allocates nothing. */
	mpz_inits(q, sn, sd, rem, twice, NULL);
	mpz_init_set_ui(one, 1);
	for (i = 0; i < count; i++) {
		ds_decimal *const *flows = amounts + i * n;
		/* Rates per series and period (count × n), else shared by every series. */
		ds_decimal *const *own = n_rates == total ? rates + i * n : rates;
		size_t n_own = n_rates == total ? n : n_rates;
		ds_decimal *r = out[i];

		if (!(n_own == 1 &&
		      ds__decimal_present_value_small(work, (const ds_decimal *const *)flows, n, own[0])) &&
		    (rc = ds_decimal_present_value(work, flows, n, own, n_own)) < 0) {
			char message[512];
			snprintf(message, sizeof message, "%s", ds_error_last()->message);
			rc = ds__error(rc, "series %zu: %s", i + 1, message);
			goto done;
		}
#if defined(__SIZEOF_INT128__) && ULONG_MAX == 0xFFFFFFFFFFFFFFFFUL
		if (!round_int_wide(q, work, scale, mode))
#endif
			round_int_with(q, work, scale, mode, sn, sd, rem, twice);
		if ((rc = check_size(q, one, -(long)scale)) < 0)
			goto done;
		if (mpz_sgn(q) == 0) {
			mpz_set_ui(r->num, 0);
			r->exp = 0;
		} else {
			mpz_set(r->num, q);
			r->exp = -(long)scale;
		}
		mpz_set_ui(r->den, 1);
	}
	rc = DS_OK;
done:
	mpz_clears(q, sn, sd, rem, twice, one, NULL);
	ds_decimal_free(work);
	return rc;
}
