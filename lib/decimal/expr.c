/*
 * Exact expressions: ds_decimal_eval (arithmetic) and, for computation
 * modules, the extended form with named figures, comparisons, 'and', 'or',
 * 'not', min() and max() (lib/internal/decimal.h, ds__expr_*).
 *
 * One recursive-descent parser compiles either form into a short postfix
 * program, which is then run over a stack of decimals; ds_decimal_eval is
 * compile-and-run. Compiling once lets a policy evaluate the same condition
 * for 100,000 applicants without parsing it 100,000 times.
 *
 *   cond    := and ('or' and)*                        (extended only)
 *   and     := not ('and' not)*                       (extended only)
 *   not     := 'not' not | compare                    (extended only)
 *   compare := expr (('<'|'<='|'>'|'>='|'='|'!=') expr)?  (extended only)
 *   expr    := term (('+' | '-') term)*
 *   term    := unary (('*' | '/') unary)*
 *   unary   := ('-' | '+')* power
 *   power   := primary ('^' unary)?
 *   primary := literal | '(' top ')' | name | ('min'|'max') '(' top (',' top)* ')'
 *
 * where top is cond in the extended form and expr otherwise; names and
 * functions exist only in the extended form. '^' binds tighter than a sign and
 * its exponent is itself a unary expression, which makes it right-associative
 * and gives the conventional readings -2^2 = -(2^2) and 2^-3^2 = 2^(-(3^2)).
 * Comparisons and the logical operators give 1 (true) or 0 (false); 'and',
 * 'or' and 'not' treat any non-zero value as true. There are no loops,
 * assignments or user functions, so a program's run time is linear in its size.
 *
 * Only the public decimal API is used, so every literal obeys the same limits
 * as ds_decimal_parse() and every operation the same ones as the arithmetic.
 * SPDX-License-Identifier: MIT
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "internal/core.h"
#include "internal/decimal.h"

#define EXPR_MAX_CHARS 10000
#define EXPR_MAX_DEPTH 200
#define EXPR_MAX_NAME 128
#define EXPR_MAX_ARGS 64

typedef enum op_kind {
	OP_CONST, /* push consts[arg] */
	OP_VAR,	  /* push the caller's value for slot arg */
	OP_NEG,
	OP_ADD,
	OP_SUB,
	OP_MUL,
	OP_DIV,
	OP_POW,
	OP_LT,
	OP_LE,
	OP_GT,
	OP_GE,
	OP_EQ,
	OP_NE,
	OP_AND,
	OP_OR,
	OP_NOT,
	OP_MIN, /* arg operands */
	OP_MAX
} op_kind;

typedef struct expr_op {
	op_kind kind;
	size_t at;  /* byte offset of the operator in the text, for errors */
	size_t arg; /* constant index, variable slot, or argument count */
} expr_op;

struct ds__expr {
	char *text;
	expr_op *ops;
	size_t n_ops, cap_ops;
	ds_decimal **consts;
	size_t n_consts, cap_consts;
	size_t stack_need;
};

typedef struct parser {
	const char *text;
	size_t at; /* byte offset of the next unread character */
	int depth; /* open parentheses and exponents being parsed */
	int extended;
	ds__expr_resolve resolve;
	void *resolve_ctx;
	ds__expr *prog;
	size_t stack, max_stack; /* simulated run-time stack height */
} parser;

static int parse_top(parser *p);
static int parse_unary(parser *p);

/* 1-based character position of byte offset @at: positions count characters,
 * not bytes, so that "１+1" reports its first character as position 1. */
static int position_of(const char *text, size_t at)
{
	int position = 1;
	size_t i;

	for (i = 0; i < at && text[i]; i++)
		if (((unsigned char)text[i] & 0xC0) != 0x80)
			position++;
	return position;
}

static int fail_at(const char *text, size_t at, int code, const char *fmt, ...) DS__PRINTF(4, 5);

static int fail_at(const char *text, size_t at, int code, const char *fmt, ...)
{
	char what[512];
	int position = position_of(text, at);
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
static int locate_error(const char *text, size_t at, int code)
{
	char message[1024];

	if (code == DS_ENOMEM)
		return code;
	snprintf(message, sizeof message, "%s", without_position(ds_error_last()->message));
	return fail_at(text, at, code, "%s", message);
}

/* An error for the character at the current offset, which no rule accepts. */
static int unexpected(const parser *p, const char *expected)
{
	const char *s = p->text + p->at;
	unsigned int cp;
	size_t len;

	if (!*s)
		return expected ? fail_at(p->text, p->at, DS_EPARSE, "unexpected end of expression, expected %s",
					  expected) :
				  fail_at(p->text, p->at, DS_EPARSE, "unexpected end of expression");
	len = ds__utf8_decode(s, strlen(s), &cp);
	if (len == 0)
		return fail_at(p->text, p->at, DS_EPARSE, "invalid UTF-8");
	if (cp < 0x20 || cp == 0x7F)
		return fail_at(p->text, p->at, DS_EPARSE, "unexpected character U+%04X", cp);
	return fail_at(p->text, p->at, DS_EPARSE, "unexpected '%.*s'", (int)len, s);
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

static int is_name_start(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}

static int is_name_char(char c)
{
	return is_name_start(c) || is_digit(c) || c == '.';
}

/* Append an operation and track the stack height it leaves: @pops operands
 * are consumed and one result is pushed. */
static int emit(parser *p, op_kind kind, size_t at, size_t arg, size_t pops)
{
	ds__expr *e = p->prog;
	expr_op *grown;

	if (e->n_ops == e->cap_ops) {
		size_t cap = e->cap_ops ? 2 * e->cap_ops : 16;
		if (!(grown = ds__realloc(e->ops, cap * sizeof *grown)))
			return ds__enomem();
		e->ops = grown;
		e->cap_ops = cap;
	}
	e->ops[e->n_ops].kind = kind;
	e->ops[e->n_ops].at = at;
	e->ops[e->n_ops].arg = arg;
	e->n_ops++;
	p->stack = p->stack - pops + 1;
	if (p->stack > p->max_stack)
		p->max_stack = p->stack;
	return DS_OK;
}

static int add_const(parser *p, ds_decimal *value, size_t at)
{
	ds__expr *e = p->prog;
	ds_decimal **grown;
	int rc;

	if (e->n_consts == e->cap_consts) {
		size_t cap = e->cap_consts ? 2 * e->cap_consts : 8;
		if (!(grown = ds__realloc(e->consts, cap * sizeof *grown)))
			return ds__enomem();
		e->consts = grown;
		e->cap_consts = cap;
	}
	e->consts[e->n_consts++] = value;
	if ((rc = emit(p, OP_CONST, at, e->n_consts - 1, 0)) < 0)
		e->n_consts--; /* the caller still owns @value: never freed twice */
	return rc;
}

/* A literal is the longest run of digits and points, with an exponent when
 * 'e' or 'E' is followed by digits or a signed digit ("1e-3", "1.5E+6");
 * ds_decimal_parse decides whether it is well formed ("1..2", "1.", ".5" are
 * not) and within limits. */
static int parse_literal(parser *p)
{
	size_t start = p->at, len;
	char *literal = NULL;
	ds_decimal *value = NULL;
	int rc, column;

	while (is_digit(p->text[p->at]) || p->text[p->at] == '.')
		p->at++;
	if (p->text[p->at] == 'e' || p->text[p->at] == 'E') {
		size_t digit = p->at + 1;
		if (p->text[digit] == '+' || p->text[digit] == '-')
			digit++;
		if (is_digit(p->text[digit])) {
			p->at = digit;
			while (is_digit(p->text[p->at]))
				p->at++;
		}
	}
	len = p->at - start;
	if (!(literal = ds__strndup(p->text + start, len))) {
		rc = ds__enomem();
		goto done;
	}
	if ((rc = ds_decimal_new(&value)) < 0)
		goto done;
	if ((rc = ds_decimal_parse(value, literal, DS_DECIMAL_EXPONENT)) < 0) {
		/* The literal is ASCII, so its columns map one to one onto characters. */
		column = ds_error_last()->column;
		rc = locate_error(p->text, start + (column > 0 ? (size_t)column - 1 : 0), rc);
		goto done;
	}
	if ((rc = add_const(p, value, start)) < 0)
		goto done;
	value = NULL;
done:
	ds_decimal_free(value);
	ds__free(literal);
	return rc;
}

static int enter(parser *p, size_t at)
{
	if (p->depth >= EXPR_MAX_DEPTH)
		return fail_at(p->text, at, DS_ERANGE, "nesting deeper than %d levels", EXPR_MAX_DEPTH);
	p->depth++;
	return DS_OK;
}

/* Does the text at the current offset hold the word @word (not followed by a name character)? */
static int at_word(const parser *p, const char *word)
{
	size_t n = strlen(word);
	return strncmp(p->text + p->at, word, n) == 0 && !is_name_char(p->text[p->at + n]);
}

/* min(a, b, ...) / max(a, b, ...): at least two arguments. */
static int parse_function(parser *p, op_kind kind, size_t name_at)
{
	size_t args = 0;
	int rc;

	skip_blanks(p);
	if (p->text[p->at] != '(')
		return unexpected(p, "'(' after the function name");
	if ((rc = enter(p, p->at)) < 0)
		return rc;
	p->at++;
	for (;;) {
		if ((rc = parse_top(p)) < 0)
			return rc;
		if (++args > EXPR_MAX_ARGS)
			return fail_at(p->text, name_at, DS_ERANGE, "more than %d arguments", EXPR_MAX_ARGS);
		skip_blanks(p);
		if (p->text[p->at] == ',') {
			p->at++;
			continue;
		}
		if (p->text[p->at] != ')')
			return unexpected(p, "',' or ')'");
		break;
	}
	if (args < 2)
		return fail_at(p->text, name_at, DS_EPARSE, "%s() needs at least two arguments",
			       kind == OP_MIN ? "min" : "max");
	p->at++;
	p->depth--;
	return emit(p, kind, name_at, args, args);
}

static int parse_name(parser *p)
{
	size_t start = p->at, len;
	int slot;

	while (is_name_char(p->text[p->at]))
		p->at++;
	len = p->at - start;
	if (len == 3 && strncmp(p->text + start, "min", 3) == 0)
		return parse_function(p, OP_MIN, start);
	if (len == 3 && strncmp(p->text + start, "max", 3) == 0)
		return parse_function(p, OP_MAX, start);
	if ((len == 3 && (strncmp(p->text + start, "and", 3) == 0 || strncmp(p->text + start, "not", 3) == 0)) ||
	    (len == 2 && strncmp(p->text + start, "or", 2) == 0)) {
		p->at = start;
		return unexpected(p, "a number, a name or '('");
	}
	if (len > EXPR_MAX_NAME)
		return fail_at(p->text, start, DS_ERANGE, "name longer than %d characters", EXPR_MAX_NAME);
	slot = p->resolve(p->resolve_ctx, p->text + start, len);
	if (slot < 0) {
		if (slot == DS_ENOMEM)
			return slot;
		return fail_at(p->text, start, slot, "unknown name '%.*s'", (int)len, p->text + start);
	}
	return emit(p, OP_VAR, start, (size_t)slot, 0);
}

static int parse_primary(parser *p)
{
	size_t open;
	int rc;

	skip_blanks(p);
	if (is_digit(p->text[p->at]) || p->text[p->at] == '.')
		return parse_literal(p);
	if (p->extended && is_name_start(p->text[p->at]))
		return parse_name(p);
	if (p->text[p->at] != '(')
		return unexpected(p, p->extended ? "a number, a name or '('" : "a number or '('");
	open = p->at;
	if ((rc = enter(p, open)) < 0)
		return rc;
	p->at++;
	if ((rc = parse_top(p)) < 0)
		return rc;
	skip_blanks(p);
	if (p->text[p->at] != ')')
		return unexpected(p, "')'");
	p->at++;
	p->depth--;
	return DS_OK;
}

static int parse_power(parser *p)
{
	size_t caret;
	int rc;

	if ((rc = parse_primary(p)) < 0)
		return rc;
	skip_blanks(p);
	if (p->text[p->at] != '^')
		return DS_OK;
	caret = p->at;
	if ((rc = enter(p, caret)) < 0)
		return rc;
	p->at++;
	if ((rc = parse_unary(p)) < 0)
		return rc;
	p->depth--;
	return emit(p, OP_POW, caret, 0, 2);
}

/* Signs are counted in a loop rather than by recursion, so "- - - 1" costs no
 * nesting; they apply after the power because '^' binds tighter. */
static int parse_unary(parser *p)
{
	int negate = 0, rc;
	size_t sign_at = p->at;

	for (;;) {
		skip_blanks(p);
		if (p->text[p->at] == '-') {
			if (!negate)
				sign_at = p->at;
			negate = !negate;
		} else if (p->text[p->at] != '+')
			break;
		p->at++;
	}
	if ((rc = parse_power(p)) < 0)
		return rc;
	if (negate)
		rc = emit(p, OP_NEG, sign_at, 0, 1);
	return rc;
}

static int parse_term(parser *p)
{
	size_t op_at;
	char op;
	int rc;

	if ((rc = parse_unary(p)) < 0)
		return rc;
	for (;;) {
		skip_blanks(p);
		op = p->text[p->at];
		if (op != '*' && op != '/')
			return DS_OK;
		op_at = p->at++;
		if ((rc = parse_unary(p)) < 0)
			return rc;
		if ((rc = emit(p, op == '*' ? OP_MUL : OP_DIV, op_at, 0, 2)) < 0)
			return rc;
	}
}

static int parse_expr(parser *p)
{
	size_t op_at;
	char op;
	int rc;

	if ((rc = parse_term(p)) < 0)
		return rc;
	for (;;) {
		skip_blanks(p);
		op = p->text[p->at];
		if (op != '+' && op != '-')
			return DS_OK;
		op_at = p->at++;
		if ((rc = parse_term(p)) < 0)
			return rc;
		if ((rc = emit(p, op == '+' ? OP_ADD : OP_SUB, op_at, 0, 2)) < 0)
			return rc;
	}
}

static int parse_compare(parser *p)
{
	const char *s;
	size_t op_at;
	op_kind kind;
	int rc;

	if ((rc = parse_expr(p)) < 0)
		return rc;
	skip_blanks(p);
	s = p->text + p->at;
	op_at = p->at;
	if (s[0] == '<' && s[1] == '=')
		kind = OP_LE, p->at += 2;
	else if (s[0] == '>' && s[1] == '=')
		kind = OP_GE, p->at += 2;
	else if (s[0] == '!' && s[1] == '=')
		kind = OP_NE, p->at += 2;
	else if (s[0] == '<')
		kind = OP_LT, p->at += 1;
	else if (s[0] == '>')
		kind = OP_GT, p->at += 1;
	else if (s[0] == '=')
		kind = OP_EQ, p->at += 1;
	else
		return DS_OK;
	if ((rc = parse_expr(p)) < 0)
		return rc;
	return emit(p, kind, op_at, 0, 2);
}

static int parse_not(parser *p)
{
	size_t not_at;
	int rc;

	skip_blanks(p);
	if (!at_word(p, "not"))
		return parse_compare(p);
	not_at = p->at;
	if ((rc = enter(p, not_at)) < 0)
		return rc;
	p->at += 3;
	if ((rc = parse_not(p)) < 0)
		return rc;
	p->depth--;
	return emit(p, OP_NOT, not_at, 0, 1);
}

static int parse_and(parser *p)
{
	size_t op_at;
	int rc;

	if ((rc = parse_not(p)) < 0)
		return rc;
	for (;;) {
		skip_blanks(p);
		if (!at_word(p, "and"))
			return DS_OK;
		op_at = p->at;
		p->at += 3;
		if ((rc = parse_not(p)) < 0)
			return rc;
		if ((rc = emit(p, OP_AND, op_at, 0, 2)) < 0)
			return rc;
	}
}

static int parse_or(parser *p)
{
	size_t op_at;
	int rc;

	if ((rc = parse_and(p)) < 0)
		return rc;
	for (;;) {
		skip_blanks(p);
		if (!at_word(p, "or"))
			return DS_OK;
		op_at = p->at;
		p->at += 2;
		if ((rc = parse_and(p)) < 0)
			return rc;
		if ((rc = emit(p, OP_OR, op_at, 0, 2)) < 0)
			return rc;
	}
}

static int parse_top(parser *p)
{
	return p->extended ? parse_or(p) : parse_expr(p);
}

void ds__expr_free(ds__expr *e)
{
	size_t i;

	if (!e)
		return;
	for (i = 0; i < e->n_consts; i++)
		ds_decimal_free(e->consts[i]);
	ds__free(e->consts);
	ds__free(e->ops);
	ds__free(e->text);
	ds__free(e);
}

static int compile(ds__expr **out, const char *text, int extended, ds__expr_resolve resolve, void *ctx)
{
	parser p;
	ds__expr *e = NULL;
	size_t at, chars = 0;
	int rc;

	memset(&p, 0, sizeof p);
	p.text = text;
	p.extended = extended;
	p.resolve = resolve;
	p.resolve_ctx = ctx;
	/* Count characters before parsing, stopping as soon as the limit is passed. */
	for (at = 0; text[at]; at++) {
		if (((unsigned char)text[at] & 0xC0) == 0x80)
			continue;
		if (++chars > EXPR_MAX_CHARS)
			return fail_at(text, at, DS_ERANGE, "expression is longer than %d characters", EXPR_MAX_CHARS);
	}
	skip_blanks(&p);
	if (!text[p.at])
		return fail_at(text, 0, DS_EPARSE, "empty expression");
	if (!(e = ds__calloc(1, sizeof *e)) || !(e->text = ds__strdup(text))) {
		rc = ds__enomem();
		goto done;
	}
	p.prog = e;
	if ((rc = parse_top(&p)) < 0)
		goto done;
	skip_blanks(&p);
	if (text[p.at]) {
		rc = unexpected(&p, NULL);
		goto done;
	}
	e->stack_need = p.max_stack;
	*out = e;
	e = NULL;
done:
	ds__expr_free(e);
	return rc;
}

int ds__expr_compile(ds__expr **out, const char *text, ds__expr_resolve resolve, void *ctx)
{
	if (!out || !text || !resolve)
		return ds__error(DS_EINVAL, "ds__expr_compile: NULL argument");
	return compile(out, text, 1, resolve, ctx);
}

size_t ds__expr_stack_need(const ds__expr *e)
{
	return e->stack_need;
}

const char *ds__expr_text(const ds__expr *e)
{
	return e->text;
}

int ds__expr_uses(const ds__expr *e, size_t slot)
{
	size_t i;

	for (i = 0; i < e->n_ops; i++)
		if (e->ops[i].kind == OP_VAR && e->ops[i].arg == slot)
			return 1;
	return 0;
}

/* The exponent must come out an integer: 2^(6/3) is 2^2, 2^0.5 is refused. */
static int run_pow(const ds__expr *e, const expr_op *o, ds_decimal *base, const ds_decimal *exponent)
{
	int64_t k;
	int rc;

	rc = ds_decimal_to_int64(&k, exponent);
	if (rc == DS_EINEXACT)
		return fail_at(e->text, o->at, DS_EINVAL, "exponent must be an integer");
	if (rc == DS_ERANGE || (rc == DS_OK && (k > DS_DECIMAL_MAX_POW || k < -DS_DECIMAL_MAX_POW)))
		return fail_at(e->text, o->at, DS_ERANGE, "exponent is outside -%d to %d", DS_DECIMAL_MAX_POW,
			       DS_DECIMAL_MAX_POW);
	if (rc < 0)
		return locate_error(e->text, o->at, rc);
	if ((rc = ds_decimal_pow(base, base, (long)k)) < 0)
		return locate_error(e->text, o->at, rc);
	return DS_OK;
}

int ds__expr_eval(ds_decimal *r, const ds__expr *e, const ds_decimal *const *vars, ds_decimal *const *stack)
{
	size_t i, sp = 0, j;
	int rc = DS_OK, truth, c;

	for (i = 0; i < e->n_ops; i++) {
		const expr_op *o = &e->ops[i];
		ds_decimal *top = sp ? stack[sp - 1] : NULL, *below = sp > 1 ? stack[sp - 2] : NULL;

		switch (o->kind) {
		case OP_CONST: rc = ds_decimal_set(stack[sp++], e->consts[o->arg]); break;
		case OP_VAR: rc = ds_decimal_set(stack[sp++], vars[o->arg]); break;
		case OP_NEG: rc = ds_decimal_neg(top, top); break;
		case OP_NOT: rc = ds_decimal_set_int64(top, ds_decimal_is_zero(top)); break;
		case OP_ADD:
		case OP_SUB:
		case OP_MUL:
			rc = o->kind == OP_ADD ? ds_decimal_add(below, below, top) :
			     o->kind == OP_SUB ? ds_decimal_sub(below, below, top) :
						 ds_decimal_mul(below, below, top);
			if (rc < 0)
				rc = locate_error(e->text, o->at, rc);
			sp--;
			break;
		case OP_DIV:
			if (ds_decimal_is_zero(top)) {
				rc = fail_at(e->text, o->at, DS_EDIVZERO, "division by zero");
				break;
			}
			if ((rc = ds_decimal_div(below, below, top)) < 0)
				rc = locate_error(e->text, o->at, rc);
			sp--;
			break;
		case OP_POW:
			rc = run_pow(e, o, below, top);
			sp--;
			break;
		case OP_LT:
		case OP_LE:
		case OP_GT:
		case OP_GE:
		case OP_EQ:
		case OP_NE:
			c = ds_decimal_cmp(below, top);
			truth = o->kind == OP_LT ? c < 0 :
				o->kind == OP_LE ? c <= 0 :
				o->kind == OP_GT ? c > 0 :
				o->kind == OP_GE ? c >= 0 :
				o->kind == OP_EQ ? c == 0 :
						   c != 0;
			rc = ds_decimal_set_int64(below, truth);
			sp--;
			break;
		case OP_AND:
		case OP_OR:
			truth = o->kind == OP_AND ? !ds_decimal_is_zero(below) && !ds_decimal_is_zero(top) :
						    !ds_decimal_is_zero(below) || !ds_decimal_is_zero(top);
			rc = ds_decimal_set_int64(below, truth);
			sp--;
			break;
		case OP_MIN:
		case OP_MAX:
			for (j = sp - o->arg + 1; j < sp && rc == DS_OK; j++)
				rc = o->kind == OP_MIN ?
					     ds_decimal_min(stack[sp - o->arg], stack[sp - o->arg], stack[j]) :
					     ds_decimal_max(stack[sp - o->arg], stack[sp - o->arg], stack[j]);
			sp -= o->arg - 1;
			break;
		}
		if (rc < 0)
			return rc;
	}
	return ds_decimal_set(r, stack[0]);
}

static int no_names(void *ctx, const char *name, size_t len)
{
	(void)ctx;
	(void)name;
	(void)len;
	return DS_EPARSE;
}

int ds_decimal_eval(ds_decimal *r, const char *expr)
{
	ds__expr *e = NULL;
	ds_decimal **stack = NULL;
	size_t i, n = 0;
	int rc;

	if (!r || !expr)
		return ds__error(DS_EINVAL, "ds_decimal_eval: NULL argument");
	if ((rc = compile(&e, expr, 0, no_names, NULL)) < 0)
		goto done;
	if (!(stack = ds__calloc(e->stack_need, sizeof *stack))) {
		rc = ds__enomem();
		goto done;
	}
	for (n = 0; n < e->stack_need; n++)
		if ((rc = ds_decimal_new(&stack[n])) < 0)
			goto done;
	rc = ds__expr_eval(r, e, NULL, stack);
done:
	for (i = 0; i < n; i++)
		ds_decimal_free(stack[i]);
	ds__free(stack);
	ds__expr_free(e);
	return rc;
}
