/*
 * ds_decimal_eval: exact arithmetic expressions, by recursive descent.
 *
 *   expr    := term (('+' | '-') term)*
 *   term    := unary (('*' | '/') unary)*
 *   unary   := ('-' | '+')* power
 *   power   := primary ('^' unary)?
 *   primary := literal | '(' expr ')'
 *
 * '^' binds tighter than a sign and its exponent is itself a unary expression,
 * which makes it right-associative and gives the conventional readings
 * -2^2 = -(2^2) and 2^-3^2 = 2^(-(3^2)).
 *
 * Only the public decimal API is used, so every literal obeys the same limits
 * as ds_decimal_parse() and every operation the same ones as the arithmetic.
 * SPDX-License-Identifier: MIT
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "internal/core.h"
#include "datasset/decimal.h"

#define EXPR_MAX_CHARS 10000
#define EXPR_MAX_DEPTH 200

typedef struct parser {
	const char *text;
	size_t at; /* byte offset of the next unread character */
	int depth; /* open parentheses and exponents being parsed */
} parser;

static int parse_expr(parser *p, ds_decimal *out);
static int parse_unary(parser *p, ds_decimal *out);

/* 1-based character position of byte offset @at: positions count characters,
 * not bytes, so that "１+1" reports its first character as position 1. */
static int position_of(const parser *p, size_t at)
{
	int position = 1;
	size_t i;

	for (i = 0; i < at; i++)
		if (((unsigned char)p->text[i] & 0xC0) != 0x80)
			position++;
	return position;
}

static int fail_at(const parser *p, size_t at, int code, const char *fmt, ...) DS__PRINTF(4, 5);

static int fail_at(const parser *p, size_t at, int code, const char *fmt, ...)
{
	char what[512];
	int position = position_of(p, at);
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(what, sizeof what, fmt, ap);
	va_end(ap);
	return ds__error_at(code, 0, position, NULL, "position %d: %s", position, what);
}

/* Strip a "position N: " prefix from a message and return the rest. */
static const char *without_position(const char *message)
{
	const char *s = message;

	if (strncmp(s, "position ", 9) != 0)
		return message;
	s += 9;
	if (*s < '0' || *s > '9')
		return message;
	while (*s >= '0' && *s <= '9')
		s++;
	return strncmp(s, ": ", 2) == 0 ? s + 2 : message;
}

/* Put a location on an error that the decimal API reported without one (or
 * with one relative to a literal). Out-of-memory stays as it is. */
static int locate_error(const parser *p, size_t at, int code)
{
	char message[1024];

	if (code == DS_ENOMEM)
		return code;
	snprintf(message, sizeof message, "%s", without_position(ds_error_last()->message));
	return fail_at(p, at, code, "%s", message);
}

/* An error for the character at the current offset, which no rule accepts. */
static int unexpected(const parser *p, const char *expected)
{
	const char *s = p->text + p->at;
	unsigned int cp;
	size_t len;

	if (!*s)
		return expected ? fail_at(p, p->at, DS_EPARSE, "unexpected end of expression, expected %s", expected) :
				  fail_at(p, p->at, DS_EPARSE, "unexpected end of expression");
	len = ds__utf8_decode(s, strlen(s), &cp);
	if (len == 0)
		return fail_at(p, p->at, DS_EPARSE, "invalid UTF-8");
	if (cp < 0x20 || cp == 0x7F)
		return fail_at(p, p->at, DS_EPARSE, "unexpected character U+%04X", cp);
	return fail_at(p, p->at, DS_EPARSE, "unexpected '%.*s'", (int)len, s);
}

static void skip_blanks(parser *p)
{
	while (p->text[p->at] == ' ' || p->text[p->at] == '\t')
		p->at++;
}

static int is_digit(char c)
{
	return c >= '0' && c <= '9';
}

/* A literal is the longest run of digits and points; ds_decimal_parse decides
 * whether it is well formed ("1..2", "1.", ".5" are not) and within limits. */
static int parse_literal(parser *p, ds_decimal *out)
{
	size_t start = p->at, len;
	char *literal = NULL;
	int rc, column;

	while (is_digit(p->text[p->at]) || p->text[p->at] == '.')
		p->at++;
	len = p->at - start;
	if (!(literal = ds__strndup(p->text + start, len))) {
		rc = ds__enomem();
		goto done;
	}
	if ((rc = ds_decimal_parse(out, literal, 0)) < 0) {
		/* The literal is ASCII, so its columns map one to one onto characters. */
		column = ds_error_last()->column;
		rc = locate_error(p, start + (column > 0 ? (size_t)column - 1 : 0), rc);
	}
done:
	ds__free(literal);
	return rc;
}

static int enter(parser *p, size_t at)
{
	if (p->depth >= EXPR_MAX_DEPTH)
		return fail_at(p, at, DS_ERANGE, "nesting deeper than %d levels", EXPR_MAX_DEPTH);
	p->depth++;
	return DS_OK;
}

static int parse_primary(parser *p, ds_decimal *out)
{
	size_t open;
	int rc;

	skip_blanks(p);
	if (is_digit(p->text[p->at]) || p->text[p->at] == '.')
		return parse_literal(p, out);
	if (p->text[p->at] != '(')
		return unexpected(p, "a number or '('");
	open = p->at;
	if ((rc = enter(p, open)) < 0)
		return rc;
	p->at++;
	if ((rc = parse_expr(p, out)) < 0)
		return rc;
	skip_blanks(p);
	if (p->text[p->at] != ')')
		return unexpected(p, "')'");
	p->at++;
	p->depth--;
	return DS_OK;
}

/* The exponent must come out an integer: 2^(6/3) is 2^2, 2^0.5 is refused. */
static int parse_power(parser *p, ds_decimal *out)
{
	ds_decimal *exponent = NULL;
	int64_t k;
	size_t caret;
	int rc;

	if ((rc = parse_primary(p, out)) < 0)
		goto done;
	skip_blanks(p);
	if (p->text[p->at] != '^')
		goto done;
	caret = p->at;
	if ((rc = enter(p, caret)) < 0)
		goto done;
	p->at++;
	if ((rc = ds_decimal_new(&exponent)) < 0)
		goto done;
	if ((rc = parse_unary(p, exponent)) < 0)
		goto done;
	p->depth--;
	rc = ds_decimal_to_int64(&k, exponent);
	if (rc == DS_EINEXACT) {
		rc = fail_at(p, caret, DS_EINVAL, "exponent must be an integer");
		goto done;
	}
	if (rc == DS_ERANGE || (rc == DS_OK && (k > DS_DECIMAL_MAX_POW || k < -DS_DECIMAL_MAX_POW))) {
		rc = fail_at(p, caret, DS_ERANGE, "exponent is outside -%d to %d", DS_DECIMAL_MAX_POW,
			     DS_DECIMAL_MAX_POW);
		goto done;
	}
	if (rc < 0) {
		rc = locate_error(p, caret, rc);
		goto done;
	}
	if ((rc = ds_decimal_pow(out, out, (long)k)) < 0)
		rc = locate_error(p, caret, rc);
done:
	ds_decimal_free(exponent);
	return rc;
}

/* Signs are counted in a loop rather than by recursion, so "- - - 1" costs no
 * nesting; they apply after the power because '^' binds tighter. */
static int parse_unary(parser *p, ds_decimal *out)
{
	int negate = 0, rc;

	for (;;) {
		skip_blanks(p);
		if (p->text[p->at] == '-')
			negate = !negate;
		else if (p->text[p->at] != '+')
			break;
		p->at++;
	}
	if ((rc = parse_power(p, out)) < 0)
		return rc;
	if (negate)
		rc = ds_decimal_neg(out, out);
	return rc;
}

static int parse_term(parser *p, ds_decimal *out)
{
	ds_decimal *rhs = NULL;
	size_t op_at;
	char op;
	int rc;

	if ((rc = parse_unary(p, out)) < 0)
		goto done;
	for (;;) {
		skip_blanks(p);
		op = p->text[p->at];
		if (op != '*' && op != '/')
			break;
		op_at = p->at++;
		if (!rhs && (rc = ds_decimal_new(&rhs)) < 0)
			goto done;
		if ((rc = parse_unary(p, rhs)) < 0)
			goto done;
		if (op == '/' && ds_decimal_is_zero(rhs)) {
			rc = fail_at(p, op_at, DS_EDIVZERO, "division by zero");
			goto done;
		}
		rc = op == '*' ? ds_decimal_mul(out, out, rhs) : ds_decimal_div(out, out, rhs);
		if (rc < 0) {
			rc = locate_error(p, op_at, rc);
			goto done;
		}
	}
done:
	ds_decimal_free(rhs);
	return rc;
}

static int parse_expr(parser *p, ds_decimal *out)
{
	ds_decimal *rhs = NULL;
	size_t op_at;
	char op;
	int rc;

	if ((rc = parse_term(p, out)) < 0)
		goto done;
	for (;;) {
		skip_blanks(p);
		op = p->text[p->at];
		if (op != '+' && op != '-')
			break;
		op_at = p->at++;
		if (!rhs && (rc = ds_decimal_new(&rhs)) < 0)
			goto done;
		if ((rc = parse_term(p, rhs)) < 0)
			goto done;
		rc = op == '+' ? ds_decimal_add(out, out, rhs) : ds_decimal_sub(out, out, rhs);
		if (rc < 0) {
			rc = locate_error(p, op_at, rc);
			goto done;
		}
	}
done:
	ds_decimal_free(rhs);
	return rc;
}

int ds_decimal_eval(ds_decimal *r, const char *expr)
{
	parser p = { expr, 0, 0 };
	ds_decimal *value = NULL;
	size_t at, chars = 0;
	int rc;

	if (!r || !expr)
		return ds__error(DS_EINVAL, "ds_decimal_eval: NULL argument");
	/* Count characters before parsing, stopping as soon as the limit is passed. */
	for (at = 0; expr[at]; at++) {
		if (((unsigned char)expr[at] & 0xC0) == 0x80)
			continue;
		if (++chars > EXPR_MAX_CHARS)
			return fail_at(&p, at, DS_ERANGE, "expression is longer than %d characters", EXPR_MAX_CHARS);
	}
	skip_blanks(&p);
	if (!expr[p.at])
		return fail_at(&p, 0, DS_EPARSE, "empty expression");
	if ((rc = ds_decimal_new(&value)) < 0)
		goto done;
	if ((rc = parse_expr(&p, value)) < 0)
		goto done;
	skip_blanks(&p);
	if (expr[p.at]) {
		rc = unexpected(&p, NULL);
		goto done;
	}
	rc = ds_decimal_set(r, value);
done:
	ds_decimal_free(value);
	return rc;
}
