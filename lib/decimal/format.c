/*
 * Decimal numbers to and from text (plain, grouped, exponent, p/q).
 * SPDX-License-Identifier: MIT
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "internal/core.h"
#include "internal/decimal.h"

/* ---------------------------------------------------------------- parsing */

/* Position of byte offset `at` in characters (1-based), for error messages. */
static int char_position(const char *text, size_t at)
{
	int position = 1;
	size_t i;

	for (i = 0; i < at && text[i]; i++)
		if (((unsigned char)text[i] & 0xC0) != 0x80)
			position++;
	return position;
}

static int parse_error(const char *text, size_t at, const char *what)
{
	int position = char_position(text, at);
	unsigned int cp;
	size_t len;

	if (!text[at])
		return ds__error_at(DS_EPARSE, 0, position, NULL, "position %d: unexpected end of number, %s", position,
				    what);
	len = ds__utf8_decode(text + at, strlen(text + at), &cp);
	if (len == 0)
		return ds__error_at(DS_EPARSE, 0, position, NULL, "position %d: invalid UTF-8", position);
	return ds__error_at(DS_EPARSE, 0, position, NULL, "position %d: unexpected '%.*s', %s", position, (int)len,
			    text + at, what);
}

static int is_digit(char c)
{
	return c >= '0' && c <= '9';
}

/* The digits of one literal, leading zeros dropped, collected for mpz_set_str. */
typedef struct digits {
	char text[DS_DECIMAL_MAX_LITERAL_DIGITS + 1];
	size_t count;	 /* significant digits kept */
	size_t fraction; /* digits after the point */
	int seen;	 /* any digit at all */
} digits;

static int take_digit(digits *dg, const char *text, size_t at, int in_fraction)
{
	char c = text[at];

	dg->seen = 1;
	if (in_fraction) {
		if (dg->fraction >= DS_DECIMAL_MAX_LITERAL_DIGITS)
			return ds__error_at(DS_ERANGE, 0, char_position(text, at), NULL,
					    "position %d: more than %d fractional digits", char_position(text, at),
					    DS_DECIMAL_MAX_LITERAL_DIGITS);
		dg->fraction++;
	}
	if (dg->count == 0 && c == '0')
		return DS_OK;
	if (dg->count >= DS_DECIMAL_MAX_LITERAL_DIGITS)
		return ds__error_at(DS_ERANGE, 0, char_position(text, at), NULL,
				    "position %d: more than %d significant digits", char_position(text, at),
				    DS_DECIMAL_MAX_LITERAL_DIGITS);
	dg->text[dg->count++] = c;
	return DS_OK;
}

/* An unsigned run of digits starting at *at (at least one). */
static int scan_integer(digits *dg, const char *text, size_t *at)
{
	int rc;

	if (!is_digit(text[*at]))
		return parse_error(text, *at, "expected a digit");
	while (is_digit(text[*at])) {
		if ((rc = take_digit(dg, text, *at, 0)) < 0)
			return rc;
		(*at)++;
	}
	return DS_OK;
}

/* Integer part with ',' grouping: 1-3 digits, then groups of exactly three. */
static int scan_grouped(digits *dg, const char *text, size_t *at)
{
	size_t group = 0;
	int rc, grouped = 0;

	if (!is_digit(text[*at]))
		return parse_error(text, *at, "expected a digit");
	for (;;) {
		if (is_digit(text[*at])) {
			if (grouped && group == 3)
				return parse_error(text, *at, "digit groups must have three digits");
			if ((rc = take_digit(dg, text, *at, 0)) < 0)
				return rc;
			group++;
			(*at)++;
			continue;
		}
		if (text[*at] != ',')
			break;
		/* A separator must follow 1-3 leading digits or a full group. */
		if ((!grouped && group > 3) || (grouped && group != 3) || group == 0)
			return parse_error(text, *at, "digit groups must have three digits");
		grouped = 1;
		group = 0;
		(*at)++;
		if (!is_digit(text[*at]))
			return parse_error(text, *at, "expected a digit after ','");
	}
	if (grouped && group != 3)
		return parse_error(text, *at, "digit groups must have three digits");
	return DS_OK;
}

static int scan_exponent(long *exponent, const char *text, size_t *at)
{
	int negative = 0;
	long value = 0;
	size_t start;

	if (text[*at] == '+' || text[*at] == '-') {
		negative = text[*at] == '-';
		(*at)++;
	}
	if (!is_digit(text[*at]))
		return parse_error(text, *at, "expected exponent digits");
	start = *at;
	while (is_digit(text[*at])) {
		value = value * 10 + (text[*at] - '0');
		if (value > DS_DECIMAL_MAX_LITERAL_EXPONENT)
			return ds__error_at(DS_ERANGE, 0, char_position(text, start), NULL,
					    "position %d: exponent magnitude exceeds %d", char_position(text, start),
					    DS_DECIMAL_MAX_LITERAL_EXPONENT);
		(*at)++;
	}
	*exponent = negative ? -value : value;
	return DS_OK;
}

static void digits_to_mpz(mpz_t z, const digits *dg, int negative)
{
	if (dg->count == 0) {
		mpz_set_ui(z, 0);
		return;
	}
	/* Only ASCII digits reach here, so mpz_set_str cannot fail. */
	mpz_set_str(z, dg->text, 10);
	if (negative)
		mpz_neg(z, z);
}

#define PARSE_PLAIN_FLAGS (DS_DECIMAL_GROUPED | DS_DECIMAL_EXPONENT | DS_DECIMAL_FRACTION)

static int parse_plain(ds_decimal *r, const char *text, unsigned int flags);

#define PARSE_FLAGS                                                                                              \
	(DS_DECIMAL_GROUPED | DS_DECIMAL_EXPONENT | DS_DECIMAL_FRACTION | DS_DECIMAL_PERCENT | DS_DECIMAL_RATE | \
	 DS_DECIMAL_RATE_ABOVE_1)

int ds_decimal_parse(ds_decimal *r, const char *text, unsigned int flags)
{
	ds_decimal *value = NULL, *hundred = NULL, *one = NULL;
	char *copy = NULL;
	size_t len;
	int rc, percent = 0;

	if (!r || !text)
		return ds__error(DS_EINVAL, "ds_decimal_parse: NULL argument");
	if (flags & ~PARSE_FLAGS)
		return ds__error(DS_EINVAL, "ds_decimal_parse: unknown flags 0x%x", flags);
	if (!(flags & (DS_DECIMAL_PERCENT | DS_DECIMAL_RATE)))
		return parse_plain(r, text, flags);
	/* A percentage or a rate: parse into a scratch value so that @r is
	 * unchanged on failure, then scale and check. */
	len = strlen(text);
	if (len > 0 && text[len - 1] == '%') {
		percent = 1;
		len--;
	}
	if (!(copy = ds__strndup(text, len))) {
		rc = ds__enomem();
		goto done;
	}
	if ((rc = ds_decimal_new(&value)) < 0 || (rc = parse_plain(value, copy, flags & PARSE_PLAIN_FLAGS)) < 0)
		goto done;
	if (percent) {
		if ((rc = ds_decimal_new(&hundred)) < 0 || (rc = ds_decimal_set_int64(hundred, 100)) < 0 ||
		    (rc = ds_decimal_div(value, value, hundred)) < 0)
			goto done;
	} else if ((flags & DS_DECIMAL_RATE) && !(flags & DS_DECIMAL_RATE_ABOVE_1)) {
		if ((rc = ds_decimal_new(&one)) < 0 || (rc = ds_decimal_set_int64(one, 1)) < 0)
			goto done;
		if (ds_decimal_cmp(value, one) > 0) {
			char *as_percent = NULL;
			if ((rc = ds_decimal_new(&hundred)) < 0 || (rc = ds_decimal_set_int64(hundred, 100)) < 0 ||
			    (rc = ds_decimal_mul(hundred, hundred, value)) < 0 ||
			    (rc = ds_decimal_to_string(&as_percent, hundred, 0)) < 0)
				goto done;
			rc = ds__error_at(DS_ERANGE, 0, 1, NULL,
					  "rate %s is above 1, that is %s %%; write %s%% for a percentage, "
					  "or mark a rate above 1 as intended",
					  copy, as_percent, copy);
			ds__free(as_percent);
			goto done;
		}
	}
	rc = ds_decimal_set(r, value);
done:
	ds_decimal_free(value);
	ds_decimal_free(hundred);
	ds_decimal_free(one);
	ds__free(copy);
	return rc;
}

static int parse_plain(ds_decimal *r, const char *text, unsigned int flags)
{
	digits whole = { { 0 }, 0, 0, 0 }, denominator = { { 0 }, 0, 0, 0 };
	size_t at = 0;
	int negative = 0, rc;
	long exponent = 0;

	if (!text[0])
		return ds__error_at(DS_EPARSE, 0, 1, NULL, "empty number");
	if (text[at] == '-' || text[at] == '+') {
		negative = text[at] == '-';
		at++;
	}
	rc = (flags & DS_DECIMAL_GROUPED) ? scan_grouped(&whole, text, &at) : scan_integer(&whole, text, &at);
	if (rc < 0)
		return rc;
	if (text[at] == '/' && (flags & DS_DECIMAL_FRACTION)) {
		at++;
		if ((rc = scan_integer(&denominator, text, &at)) < 0)
			return rc;
		if (text[at])
			return parse_error(text, at, "expected the end of the number");
		if (denominator.count == 0)
			return ds__error_at(DS_EDIVZERO, 0, char_position(text, at - 1), NULL,
					    "division by zero: denominator is 0");
		digits_to_mpz(r->t1, &whole, negative);
		digits_to_mpz(r->t2, &denominator, 0);
		mpz_swap(r->num, r->t1);
		mpz_swap(r->den, r->t2);
		r->exp = 0;
		if (mpz_sgn(r->num) == 0)
			mpz_set_ui(r->den, 1);
		return DS_OK;
	}
	if (text[at] == '.') {
		at++;
		if (!is_digit(text[at]))
			return parse_error(text, at, "expected a digit after '.'");
		while (is_digit(text[at])) {
			if ((rc = take_digit(&whole, text, at, 1)) < 0)
				return rc;
			at++;
		}
	}
	if ((text[at] == 'e' || text[at] == 'E') && (flags & DS_DECIMAL_EXPONENT)) {
		size_t start;
		at++;
		start = at;
		if ((rc = scan_exponent(&exponent, text, &at)) < 0)
			return rc;
		if (text[at])
			return parse_error(text, at, "expected a digit or the end of the number");
		/* Written out, the number must be a literal too (at most 1,000
		 * digits before and after the point): "5e1000" is 1,001 digits,
		 * which ds_decimal_to_string() would print and nothing could read
		 * back (the first finding of fuzz/fuzz_decimal.c). */
		if (whole.count > 0) {
			/* The value's own digits: "1.00e-999" is 1e-999 (trailing zeros
			 * of the digits written move into the exponent). */
			size_t zeros = 0;
			long scale;
			while (zeros < whole.count - 1 && whole.text[whole.count - 1 - zeros] == '0')
				zeros++;
			scale = exponent - (long)whole.fraction + (long)zeros;
			if (scale > 0 && (long)(whole.count - zeros) + scale > DS_DECIMAL_MAX_LITERAL_DIGITS)
				return ds__error_at(DS_ERANGE, 0, char_position(text, start), NULL,
						    "position %d: written out, the number has %ld digits before the "
						    "point, more than %d",
						    char_position(text, start), (long)(whole.count - zeros) + scale,
						    DS_DECIMAL_MAX_LITERAL_DIGITS);
			if (scale < -(long)DS_DECIMAL_MAX_LITERAL_DIGITS)
				return ds__error_at(DS_ERANGE, 0, char_position(text, start), NULL,
						    "position %d: written out, the number has %ld digits after the "
						    "point, more than %d",
						    char_position(text, start), -scale, DS_DECIMAL_MAX_LITERAL_DIGITS);
		}
	}
	if (text[at])
		return parse_error(text, at, "expected a digit or the end of the number");
	digits_to_mpz(r->t1, &whole, negative);
	mpz_swap(r->num, r->t1);
	mpz_set_ui(r->den, 1);
	r->exp = mpz_sgn(r->num) == 0 ? 0 : exponent - (long)whole.fraction;
	return DS_OK;
}

static int is_blank(char c)
{
	return c == ' ' || c == '\t';
}

void ds_decimal_list_free(ds_decimal **list, size_t n)
{
	size_t i;

	if (!list)
		return;
	for (i = 0; i < n; i++)
		ds_decimal_free(list[i]);
	ds__free(list);
}

/* Parse the item text[start, end) of a list; errors name the item and the
 * character position in the whole text. */
static int parse_item(ds_decimal **out, const char *text, size_t start, size_t end, size_t index, unsigned int flags)
{
	char *item = NULL;
	ds_decimal *value = NULL;
	int rc, column;

	if (!(item = ds__strndup(text + start, end - start)))
		return ds__enomem();
	if ((rc = ds_decimal_new(&value)) < 0)
		goto done;
	if ((rc = ds_decimal_parse(value, item, flags)) < 0) {
		const ds_error *e = ds_error_last();
		char message[512];
		column = char_position(text, start) - 1 + (e->column > 0 ? e->column : 1);
		snprintf(message, sizeof message, "%s", e->message);
		rc = ds__error_at(rc, 0, column, NULL, "item %zu '%s': %s%s", index + 1, item, message,
				  strchr(item, ',') ? " (items are separated by ';' or blanks; ',' only groups "
						      "digits in threes)" :
						      "");
		goto done;
	}
	*out = value;
	value = NULL;
done:
	ds_decimal_free(value);
	ds__free(item);
	return rc;
}

int ds_decimal_parse_list(ds_decimal ***out, size_t *n_out, const char *text, unsigned int flags)
{
	ds_decimal **list = NULL, **grown;
	size_t n = 0, cap = 0, at = 0, start;
	int rc = DS_OK;

	if (!out || !n_out || !text)
		return ds__error(DS_EINVAL, "ds_decimal_parse_list: NULL argument");
	if (flags & ~PARSE_FLAGS)
		return ds__error(DS_EINVAL, "ds_decimal_parse_list: unknown flags 0x%x", flags);
	for (;;) {
		while (is_blank(text[at]))
			at++;
		if (!text[at] && n == 0) {
			rc = ds__error_at(DS_EPARSE, 0, char_position(text, at), NULL, "empty list");
			goto fail;
		}
		if (!text[at] || text[at] == ';') {
			rc = ds__error_at(DS_EPARSE, 0, char_position(text, at), NULL, "position %d: item %zu is empty",
					  char_position(text, at), n + 1);
			goto fail;
		}
		start = at;
		while (text[at] && text[at] != ';' && !is_blank(text[at]))
			at++;
		if (n == DS_DECIMAL_MAX_LIST_ITEMS) {
			rc = ds__error_at(DS_ERANGE, 0, char_position(text, start), NULL, "more than %d items",
					  DS_DECIMAL_MAX_LIST_ITEMS);
			goto fail;
		}
		if (n == cap) {
			cap = cap ? 2 * cap : 8;
			if (!(grown = ds__realloc(list, cap * sizeof *grown))) {
				rc = ds__enomem();
				goto fail;
			}
			list = grown;
		}
		if ((rc = parse_item(&list[n], text, start, at, n, flags)) < 0)
			goto fail;
		n++;
		while (is_blank(text[at]))
			at++;
		if (!text[at])
			break;
		if (text[at] == ';')
			at++;
	}
	*out = list;
	*n_out = n;
	return DS_OK;
fail:
	ds_decimal_list_free(list, n);
	return rc;
}

/* ---------------------------------------------------------------- writing */

/* Free a string from mpz_get_str with GMP's own deallocator (the host may have
 * replaced GMP's allocator; we never change it, but we must respect it). */
static void gmp_string_free(char *s)
{
	void (*gmp_free)(void *, size_t);

	mp_get_memory_functions(NULL, NULL, &gmp_free);
	gmp_free(s, strlen(s) + 1);
}

/* Append sign, integer digits (grouped if asked) and `scale` fractional digits
 * of |q| / 10^scale to b. */
static void put_scaled(ds__buf *b, const mpz_t q, unsigned long scale, unsigned int flags)
{
	char small[64], *allocated = NULL;
	const char *digits_text;
	size_t len, int_len, i;

	if (mpz_size(q) <= 1) {
		/* One limb: the digits by hand (the common case; mpz_get_str is slower). */
		unsigned long magnitude = mpz_get_ui(q);
		char *at = small + sizeof small;
		*--at = '\0';
		do {
			*--at = (char)('0' + magnitude % 10);
			magnitude /= 10;
		} while (magnitude);
		if (mpz_sgn(q) < 0)
			*--at = '-';
		digits_text = at;
	} else if (mpz_sizeinbase(q, 10) + 2 <= sizeof small) {
		/* mpz_sizeinbase may overstate by one; the sign and the NUL take two more. */
		digits_text = mpz_get_str(small, 10, q);
	} else {
		digits_text = allocated = mpz_get_str(NULL, 10, q);
	}
	if (digits_text[0] == '-') {
		ds__buf_putc(b, '-');
		digits_text++;
	}
	len = strlen(digits_text);
	int_len = len > scale ? len - scale : 0;
	if (int_len == 0) {
		ds__buf_putc(b, '0');
	} else if (!(flags & DS_DECIMAL_GROUPED)) {
		ds__buf_put(b, digits_text, int_len);
	} else {
		for (i = 0; i < int_len; i++) {
			if (i > 0 && (int_len - i) % 3 == 0)
				ds__buf_putc(b, ',');
			ds__buf_putc(b, digits_text[i]);
		}
	}
	if (scale > 0) {
		ds__buf_putc(b, '.');
		for (i = len; i < scale; i++)
			ds__buf_putc(b, '0');
		ds__buf_puts(b, digits_text + int_len);
	}
	if (allocated)
		gmp_string_free(allocated);
}

static int write_scaled(char **out, const mpz_t q, unsigned long scale, unsigned int flags)
{
	ds__buf b = DS__BUF_INIT;

	put_scaled(&b, q, scale, flags);
	return ds__buf_detach(out, &b);
}

int ds_decimal_list_to_string_scaled(char **out, ds_decimal *const *list, size_t n, int scale, ds_rounding mode,
				     unsigned int flags)
{
	ds__buf b = DS__BUF_INIT;
	mpz_t q;
	size_t i;
	int rc;

	if (!out || (!list && n > 0))
		return ds__error(DS_EINVAL, "ds_decimal_list_to_string_scaled: NULL argument");
	if (flags & ~DS_DECIMAL_GROUPED)
		return ds__error_at(DS_EINVAL, 0, 0, "flags", "ds_decimal_list_to_string_scaled: unknown flags 0x%x",
				    flags & ~DS_DECIMAL_GROUPED);
	if ((rc = ds__decimal_check_scale(scale, mode)) < 0)
		return rc;
	for (i = 0; i < n; i++)
		if (!list[i])
			return ds__error(DS_EINVAL, "ds_decimal_list_to_string_scaled: item %zu is NULL", i + 1);
	if (n == 0) {
		char *empty = ds__strdup("");
		if (!empty)
			return ds__enomem();
		*out = empty;
		return DS_OK;
	}
	mpz_init(q);
	for (i = 0; i < n; i++) {
		if (i > 0)
			ds__buf_putc(&b, ';');
		ds__decimal_round_int(q, list[i], scale, mode);
		put_scaled(&b, q, (unsigned long)scale, flags);
	}
	mpz_clear(q);
	return ds__buf_detach(out, &b);
}

int ds_decimal_to_string_scaled(char **out, const ds_decimal *x, int scale, ds_rounding mode, unsigned int flags)
{
	mpz_t q;
	int rc;

	if (!out || !x)
		return ds__error(DS_EINVAL, "ds_decimal_to_string_scaled: NULL argument");
	if ((rc = ds__decimal_check_scale(scale, mode)) < 0)
		return rc;
	mpz_init(q);
	ds__decimal_round_int(q, x, scale, mode);
	rc = write_scaled(out, q, (unsigned long)scale, flags);
	mpz_clear(q);
	return rc;
}

int ds_decimal_to_string(char **out, const ds_decimal *x, unsigned int flags)
{
	mpz_t n, d;
	long exp;
	int rc;

	if (!out || !x)
		return ds__error(DS_EINVAL, "ds_decimal_to_string: NULL argument");
	mpz_inits(n, d, NULL);
	if (!ds__decimal_reduce(n, d, &exp, x)) {
		rc = ds__error(DS_EINEXACT, "the value has no finite decimal expansion; give a scale to round it");
		goto done;
	}
	if (exp > 0) {
		ds__mpz_mul_pow10(n, n, (unsigned long)exp);
		exp = 0;
	}
	rc = write_scaled(out, n, 0UL - (unsigned long)exp, flags);
done:
	mpz_clears(n, d, NULL);
	return rc;
}

size_t ds__fen_text(char *out, int64_t fen, int grouped)
{
	char figures[32];
	/* The magnitude in unsigned arithmetic, so that INT64_MIN has one too. */
	uint64_t magnitude = fen < 0 ? (uint64_t)0 - (uint64_t)fen : (uint64_t)fen;
	size_t n = 0, i, o = 0;

	/* At least three digits, so that there is always a yuan digit and two fen. */
	do {
		figures[n++] = (char)('0' + magnitude % 10);
		magnitude /= 10;
	} while (magnitude || n < 3);
	if (fen < 0)
		out[o++] = '-';
	for (i = n; i-- > 2;) {
		out[o++] = figures[i];
		if (grouped && i > 2 && (i - 2) % 3 == 0)
			out[o++] = ',';
	}
	out[o++] = '.';
	out[o++] = figures[1];
	out[o++] = figures[0];
	out[o] = '\0';
	return o;
}

int ds_decimal_fen_to_string(char **out, int64_t fen, unsigned int flags)
{
	char text[DS__FEN_TEXT];
	char *copy;

	if (!out)
		return ds__error(DS_EINVAL, "ds_decimal_fen_to_string: NULL argument");
	if (flags & ~DS_DECIMAL_GROUPED)
		return ds__error_at(DS_EINVAL, 0, 0, "flags", "ds_decimal_fen_to_string: unknown flags 0x%x",
				    flags & ~DS_DECIMAL_GROUPED);
	ds__fen_text(text, fen, (flags & DS_DECIMAL_GROUPED) != 0);
	if (!(copy = ds__strdup(text)))
		return ds__enomem();
	*out = copy;
	return DS_OK;
}

int ds_decimal_to_fraction(char **out, const ds_decimal *x)
{
	mpz_t n, d, g;
	ds__buf b = DS__BUF_INIT;
	char *text;

	if (!out || !x)
		return ds__error(DS_EINVAL, "ds_decimal_to_fraction: NULL argument");
	mpz_inits(n, d, g, NULL);
	ds__decimal_as_fraction(n, d, x);
	mpz_gcd(g, n, d);
	mpz_divexact(n, n, g);
	mpz_divexact(d, d, g);
	text = mpz_get_str(NULL, 10, n);
	ds__buf_puts(&b, text);
	gmp_string_free(text);
	if (mpz_cmp_ui(d, 1) != 0) {
		ds__buf_putc(&b, '/');
		text = mpz_get_str(NULL, 10, d);
		ds__buf_puts(&b, text);
		gmp_string_free(text);
	}
	mpz_clears(n, d, g, NULL);
	return ds__buf_detach(out, &b);
}

int ds__decimal_to_fen(int64_t *out, const ds_decimal *amount, int nonnegative, const char *field)
{
	ds_decimal *scaled = NULL, *hundred = NULL;
	int64_t fen;
	int rc;

	if (!amount)
		return ds__error_at(DS_EINVAL, 0, 0, field, "%s: missing amount", field);
	if ((rc = ds_decimal_new(&scaled)) < 0 || (rc = ds_decimal_new(&hundred)) < 0)
		goto done;
	if ((rc = ds_decimal_set_int64(hundred, 100)) < 0 || (rc = ds_decimal_mul(scaled, amount, hundred)) < 0)
		goto done;
	if (!ds_decimal_is_integer(scaled)) {
		rc = ds__error_at(DS_EINVAL, 0, 0, field,
				  "%s: an amount must be exact to the fen (at most two decimals)", field);
		goto done;
	}
	if (ds_decimal_to_int64(&fen, scaled) < 0 || fen >= DS__FEN_MAX || fen <= -DS__FEN_MAX) {
		rc = ds__error_at(DS_ERANGE, 0, 0, field, "%s: amounts must be below 10^13 yuan", field);
		goto done;
	}
	if (nonnegative && fen < 0) {
		rc = ds__error_at(DS_EINVAL, 0, 0, field, "%s: must not be negative", field);
		goto done;
	}
	*out = fen;
	rc = DS_OK;
done:
	ds_decimal_free(scaled);
	ds_decimal_free(hundred);
	return rc;
}
