/*
 * The valuation result: exact value, calculation trace, options, parameter
 * initialisers and the checks and kernels the approaches share.
 * SPDX-License-Identifier: MIT
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "internal/decimal.h"
#include "valuation_internal.h"

/* ---------------------------------------------------------------- options */

int ds_valuation_options_init(ds_valuation_options *opts, unsigned int version)
{
	ds_valuation_options defaults = DS_VALUATION_OPTIONS_INIT;

	if (!opts || version != DS_VALUATION_OPTIONS_VERSION)
		return ds__error(DS_EINVAL, "ds_valuation_options_init: NULL or unknown version %u", version);
	*opts = defaults;
	return DS_OK;
}

int ds__val_opts(vopts *out, const ds_valuation_options *opts)
{
	out->trace = 1;
	out->precision = DS_VALUATION_DEFAULT_PRECISION;
	out->accept_inconsistent = 0;
	if (!opts)
		return DS_OK;
	if (opts->version != DS_VALUATION_OPTIONS_VERSION)
		return ds__error_at(DS_EINVAL, 0, 0, "options/version", "unknown options version %u", opts->version);
	if (opts->precision != 0 &&
	    (opts->precision < DS_VALUATION_MIN_PRECISION || opts->precision > DS_VALUATION_MAX_PRECISION))
		return ds__error_at(DS_ERANGE, 0, 0, "options/precision", "precision %u is outside %d to %d",
				    opts->precision, DS_VALUATION_MIN_PRECISION, DS_VALUATION_MAX_PRECISION);
	out->trace = !opts->no_trace;
	if (opts->precision)
		out->precision = opts->precision;
	out->accept_inconsistent = opts->accept_inconsistent != 0;
	return DS_OK;
}

#define PARAMS_INIT(type, fn, ver, init)                                                          \
	int fn(type *p, unsigned int version)                                                     \
	{                                                                                         \
		type defaults = init;                                                             \
		if (!p || version != ver)                                                         \
			return ds__error(DS_EINVAL, #fn ": NULL or unknown version %u", version); \
		*p = defaults;                                                                    \
		return DS_OK;                                                                     \
	}

PARAMS_INIT(ds_valuation_income_params, ds_valuation_income_params_init, DS_VALUATION_INCOME_PARAMS_VERSION,
	    DS_VALUATION_INCOME_PARAMS_INIT)
PARAMS_INIT(ds_valuation_cost_params, ds_valuation_cost_params_init, DS_VALUATION_COST_PARAMS_VERSION,
	    DS_VALUATION_COST_PARAMS_INIT)
PARAMS_INIT(ds_valuation_cost2019_params, ds_valuation_cost2019_params_init, DS_VALUATION_COST2019_PARAMS_VERSION,
	    DS_VALUATION_COST2019_PARAMS_INIT)
PARAMS_INIT(ds_valuation_market_params, ds_valuation_market_params_init, DS_VALUATION_MARKET_PARAMS_VERSION,
	    DS_VALUATION_MARKET_PARAMS_INIT)
PARAMS_INIT(ds_valuation_quality_params, ds_valuation_quality_params_init, DS_VALUATION_QUALITY_PARAMS_VERSION,
	    DS_VALUATION_QUALITY_PARAMS_INIT)
PARAMS_INIT(ds_valuation_reconcile_params, ds_valuation_reconcile_params_init, DS_VALUATION_RECONCILE_PARAMS_VERSION,
	    DS_VALUATION_RECONCILE_PARAMS_INIT)

/* ---------------------------------------------------------------- the result object */

int ds_valuation_new(ds_valuation **out)
{
	ds_valuation *v;

	if (!out)
		return ds__error(DS_EINVAL, "ds_valuation_new: NULL argument");
	if (!(v = ds__calloc(1, sizeof *v)))
		return ds__enomem();
	if (ds_decimal_new(&v->value) < 0 || ds_decimal_new(&v->pending) < 0 || ds__val_consts(&v->c) < 0) {
		ds_valuation_free(v);
		return ds__enomem();
	}
	*out = v;
	return DS_OK;
}

void ds_valuation_free(ds_valuation *v)
{
	size_t i;

	if (!v)
		return;
	ds_decimal_free(v->value);
	ds_decimal_free(v->pending);
	ds__trace_dispose(&v->trace);
	ds__trace_dispose(&v->scratch);
	for (i = 0; i < v->pool_size; i++)
		ds_decimal_free(v->pool[i]);
	ds__free(v->pool);
	ds__free(v->ptrs);
	ds__val_consts_free(&v->c);
	ds__free(v);
}

const ds_decimal *ds_valuation_value(const ds_valuation *v)
{
	return v ? v->value : NULL;
}

int ds__val_pool(ds_valuation *v, size_t n)
{
	ds_decimal **pool;
	const ds_decimal **ptrs;

	if (n <= v->pool_size)
		return DS_OK;
	if (!(ptrs = ds__realloc(v->ptrs, n * sizeof *ptrs)))
		return ds__enomem();
	v->ptrs = ptrs;
	if (!(pool = ds__realloc(v->pool, n * sizeof *pool)))
		return ds__enomem();
	v->pool = pool;
	while (v->pool_size < n) {
		if (ds_decimal_new(&v->pool[v->pool_size]) < 0)
			return ds__enomem();
		v->pool_size++;
	}
	return DS_OK;
}

vtrace *ds__val_begin(ds_valuation *v, const vopts *o)
{
	ds__trace_reset(&v->scratch, !o->trace);
	return &v->scratch;
}

int ds__val_finish(ds_valuation *v, int rc)
{
	vtrace t;
	ds_decimal *d;

	if (rc == DS_OK && v->scratch.oom)
		rc = ds__enomem();
	if (rc < 0)
		return rc;
	if (v->scratch.off)
		v->scratch.count = 0;
	t = v->trace;
	v->trace = v->scratch;
	v->scratch = t;
	d = v->value;
	v->value = v->pending;
	v->pending = d;
	return DS_OK;
}

/* ---------------------------------------------------------------- the trace */

int ds__val_exact_text(char **out, const ds_decimal *x)
{
	if (ds_decimal_terminates(x))
		return ds_decimal_to_string(out, x, 0);
	return ds_decimal_to_fraction(out, x);
}

void ds__trace_reset(vtrace *t, int off)
{
	ds__buf_clear(&t->rtext);
	t->rtext.oom = 0;
	ds__buf_clear(&t->text);
	t->text.oom = 0;
	t->count = 0;
	t->nrecs = 0;
	t->nvals = 0;
	t->njobs = 0;
	t->formatted = 0;
	t->oom = 0;
	t->off = off;
}

void ds__trace_dispose(vtrace *t)
{
	size_t i;

	ds__buf_dispose(&t->rtext);
	ds__buf_dispose(&t->text);
	for (i = 0; i < t->vals_cap; i++)
		ds_decimal_free(t->vals[i]);
	ds__free(t->vals);
	ds__free(t->recs);
	ds__free(t->jobs);
	ds__free(t->lines);
	memset(t, 0, sizeof *t);
}

/* Copy @s (with its NUL) into the recorded strings; its offset. */
static size_t put_rtext(vtrace *t, const char *s)
{
	size_t at = t->rtext.len;

	if (ds__buf_put(&t->rtext, s, strlen(s) + 1) < 0)
		t->oom = 1;
	return at;
}

size_t ds__trace_slots(vtrace *t, size_t n)
{
	size_t first = t->nvals;

	if (t->off || t->oom)
		return VT_NONE;
	if (t->nvals + n > t->vals_cap) {
		size_t cap = t->vals_cap ? 2 * t->vals_cap : 64;
		ds_decimal **vals;
		while (cap < t->nvals + n)
			cap *= 2;
		if (!(vals = ds__realloc(t->vals, cap * sizeof *vals))) {
			t->oom = 1;
			return VT_NONE;
		}
		t->vals = vals;
		/* vals_cap counts the decimals created: they are kept for the next computation. */
		while (t->vals_cap < cap) {
			if (ds_decimal_new(&t->vals[t->vals_cap]) < 0) {
				t->oom = 1;
				return VT_NONE;
			}
			t->vals_cap++;
		}
	}
	t->nvals += n;
	return first;
}

static inline int z_is_one(const mpz_t z)
{
	return mpz_size(z) == 1 && mpz_sgn(z) > 0 && mpz_getlimbn(z, 0) == 1;
}

void ds__trace_set(vtrace *t, size_t slot, const ds_decimal *value)
{
	ds_decimal *d;

	if (slot == VT_NONE || t->off || t->oom)
		return;
	/* ds_decimal_set without its checks, and without copying a denominator of 1
	 * over another (every terminating value): the trace's hot path. */
	d = t->vals[slot];
	mpz_set(d->num, value->num);
	if (!z_is_one(value->den) || !z_is_one(d->den))
		mpz_set(d->den, value->den);
	d->exp = value->exp;
}

ds_decimal *ds__trace_slot(vtrace *t, size_t slot)
{
	return t->vals[slot];
}

/* A new line record, or NULL (off or out of memory). */
static vrec *new_rec(vtrace *t)
{
	if (t->off || t->oom)
		return NULL;
	if (t->nrecs == t->cap) {
		size_t cap = t->cap ? 2 * t->cap : 32;
		vrec *recs = ds__realloc(t->recs, cap * sizeof *recs);
		if (!recs) {
			t->oom = 1;
			return NULL;
		}
		t->recs = recs;
		t->cap = cap;
	}
	t->recs[t->nrecs].n = 0;
	return &t->recs[t->nrecs];
}

/* Count the record new_rec() gave and its @lines lines. */
static void keep_rec(vtrace *t, size_t lines)
{
	t->nrecs++;
	t->count += lines;
}

size_t ds__trace_add(vtrace *t, const char *symbol, const char *name_zh, const char *name_en, const char *formula,
		     const ds_decimal *value, int display_scale)
{
	vrec *r = new_rec(t);
	size_t slot;

	if (!r || (slot = ds__trace_slots(t, 1)) == VT_NONE)
		return VT_NONE;
	ds__trace_set(t, slot, value);
	r->tmpl = NULL;
	r->off[0] = put_rtext(t, symbol);
	r->off[1] = put_rtext(t, name_zh);
	r->off[2] = put_rtext(t, name_en);
	r->off[3] = put_rtext(t, formula ? formula : "");
	r->str = VT_NONE;
	r->val = slot;
	r->scale = display_scale;
	if (t->oom)
		return VT_NONE;
	keep_rec(t, 1);
	return slot;
}

size_t ds__trace_addt(vtrace *t, const vtmpl *tm, size_t a, size_t b, const char *s, const ds_decimal *value,
		      size_t slot, int display_scale)
{
	vrec *r = new_rec(t);

	if (!r)
		return VT_NONE;
	if (value) {
		if ((slot = ds__trace_slots(t, 1)) == VT_NONE)
			return VT_NONE;
		ds__trace_set(t, slot, value);
	} else if (slot == VT_NONE) {
		return VT_NONE;
	}
	r->tmpl = tm;
	r->a = a;
	r->b = b;
	r->str = s ? put_rtext(t, s) : VT_NONE;
	r->val = slot;
	r->scale = display_scale;
	if (t->oom)
		return VT_NONE;
	keep_rec(t, 1);
	return slot;
}

void ds__trace_note(vtrace *t, const char *symbol, const char *name_zh, const char *name_en, const char *text)
{
	vrec *r = new_rec(t);

	if (!r)
		return;
	r->tmpl = NULL;
	r->off[0] = put_rtext(t, symbol);
	r->off[1] = put_rtext(t, name_zh);
	r->off[2] = put_rtext(t, name_en);
	r->off[3] = put_rtext(t, "");
	r->note = put_rtext(t, text);
	r->note_static = NULL;
	r->str = VT_NONE;
	r->val = VT_NONE;
	if (!t->oom)
		keep_rec(t, 1);
}

void ds__trace_notet(vtrace *t, const vtmpl *tm, const char *text)
{
	vrec *r = new_rec(t);

	if (!r)
		return;
	r->tmpl = tm;
	r->note_static = text;
	r->str = VT_NONE;
	r->val = VT_NONE;
	keep_rec(t, 1);
}

void ds__trace_block(vtrace *t, size_t n, size_t m, const vtmpl *const *tms, const size_t *bases, const int *scales)
{
	vrec *r = new_rec(t);
	size_t j;

	if (!r || n == 0)
		return;
	for (j = 0; j < m; j++) {
		if (bases[j] == VT_NONE)
			return;
		r->tms[j] = tms[j];
		r->bases[j] = bases[j];
		r->scales[j] = scales[j];
	}
	r->tmpl = tms[0];
	r->str = VT_NONE;
	r->val = VT_NONE;
	r->m = m;
	r->n = n;
	keep_rec(t, n * m);
}

void ds__trace_job(vtrace *t, vjob_fn run, const size_t *p, size_t n)
{
	if (t->off || t->oom)
		return;
	if (t->njobs == t->jobs_cap) {
		size_t cap = t->jobs_cap ? 2 * t->jobs_cap : 4;
		vjob *jobs = ds__realloc(t->jobs, cap * sizeof *jobs);
		if (!jobs) {
			t->oom = 1;
			return;
		}
		t->jobs = jobs;
		t->jobs_cap = cap;
	}
	t->jobs[t->njobs].run = run;
	memcpy(t->jobs[t->njobs].p, p, n * sizeof *p);
	t->njobs++;
}

/* Write @x in decimal ending just before @end (with a NUL); its first character. */
static const char *put_number(char *end, size_t x)
{
	char *p = end - 1;

	*p = '\0';
	do {
		*--p = (char)('0' + x % 10);
		x /= 10;
	} while (x);
	return p;
}

/* Append template @tm expanded with the record's numbers and string, and a NUL; its offset. */
static size_t expand(vtrace *t, const char *tm, const vrec *r)
{
	size_t at = t->text.len;
	const char *run = tm, *c;
	char number[32];

	for (c = tm; *c; c++) {
		const char *insert;
		if (*c != '%' || c[1] == '\0') /* a '%' at the very end is copied as it is */
			continue;
		ds__buf_put(&t->text, run, (size_t)(c - run));
		switch (c[1]) {
		case '1': insert = put_number(number + sizeof number, r->a); break;
		case '2': insert = put_number(number + sizeof number, r->b); break;
		case 's': insert = r->str == VT_NONE ? "" : t->rtext.data + r->str; break;
		default: insert = "%"; break;
		}
		ds__buf_puts(&t->text, insert);
		c++;
		run = c + 1;
	}
	ds__buf_put(&t->text, run, strlen(run) + 1);
	return at;
}

static size_t put_text(vtrace *t, const char *s)
{
	size_t at = t->text.len;

	ds__buf_put(&t->text, s, strlen(s) + 1);
	return at;
}

/* Format one line of record @r: its texts from @tm (NULL: the record's copied
 * strings), its value from slot @val (VT_NONE: the record's note). */
static int format_line(vtrace *t, vtrace_line *line, const vrec *r, const vtmpl *tm, size_t val, int scale)
{
	char *exact = NULL, *display = NULL;
	int rc;

	if (tm) {
		line->symbol = expand(t, tm->symbol, r);
		line->name_zh = expand(t, tm->name_zh, r);
		line->name_en = expand(t, tm->name_en, r);
		line->formula = expand(t, tm->formula, r);
	} else {
		line->symbol = put_text(t, t->rtext.data + r->off[0]);
		line->name_zh = put_text(t, t->rtext.data + r->off[1]);
		line->name_en = put_text(t, t->rtext.data + r->off[2]);
		line->formula = put_text(t, t->rtext.data + r->off[3]);
	}
	if (val == VT_NONE) {
		line->exact = line->display = put_text(t, r->note_static ? r->note_static : t->rtext.data + r->note);
		return DS_OK;
	}
	if ((rc = ds__val_exact_text(&exact, t->vals[val])) < 0 ||
	    (rc = ds_decimal_to_string_scaled(&display, t->vals[val], scale, DS_ROUND_HALF_UP, DS_DECIMAL_GROUPED)) <
		    0) {
		ds_free(exact);
		return rc;
	}
	line->exact = put_text(t, exact);
	line->display = put_text(t, display);
	ds_free(exact);
	ds_free(display);
	return DS_OK;
}

int ds__trace_format(vtrace *t)
{
	size_t i, li, j, k;
	int rc;

	if (t->formatted)
		return DS_OK;
	if (t->oom)
		return ds__enomem();
	for (i = 0; i < t->njobs; i++)
		if ((rc = t->jobs[i].run(t, t->jobs[i].p)) < 0)
			return rc;
	if (t->count > t->lines_cap) {
		vtrace_line *lines = ds__realloc(t->lines, t->count * sizeof *lines);
		if (!lines)
			return ds__enomem();
		t->lines = lines;
		t->lines_cap = t->count;
	}
	ds__buf_clear(&t->text);
	t->text.oom = 0;
	for (i = 0, li = 0; i < t->nrecs; i++) {
		const vrec *r = &t->recs[i];
		if (r->n == 0) {
			if ((rc = format_line(t, &t->lines[li++], r, r->tmpl, r->val, r->scale)) < 0)
				return rc;
			continue;
		}
		for (k = 1; k <= r->n; k++) {
			vrec period = *r;
			period.a = k;
			for (j = 0; j < r->m; j++)
				if ((rc = format_line(t, &t->lines[li++], &period, r->tms[j], r->bases[j] + k - 1,
						      r->scales[j])) < 0)
					return rc;
		}
	}
	if (t->text.oom)
		return ds__enomem();
	t->formatted = 1;
	return DS_OK;
}

size_t ds_valuation_trace_count(const ds_valuation *v)
{
	return v ? v->trace.count : 0;
}

/* The trace of @v formatted (on the first read; a ds_valuation is used by one
 * thread at a time, so the const object's cache may be filled here). */
static int formatted(const ds_valuation *v)
{
	return ds__trace_format((vtrace *)&v->trace);
}

int ds_valuation_trace_at(ds_trace_entry *out, const ds_valuation *v, size_t index)
{
	const vtrace_line *line;
	const char *base;
	int rc;

	if (!out || !v)
		return ds__error(DS_EINVAL, "ds_valuation_trace_at: NULL argument");
	if (index >= v->trace.count)
		return ds__error(DS_ERANGE, "ds_valuation_trace_at: index %zu is out of range; the trace has %zu lines",
				 index, v->trace.count);
	if ((rc = formatted(v)) < 0)
		return rc;
	line = &v->trace.lines[index];
	base = v->trace.text.data;
	out->symbol = base + line->symbol;
	out->name_zh = base + line->name_zh;
	out->name_en = base + line->name_en;
	out->formula = base + line->formula;
	out->exact = base + line->exact;
	out->display = base + line->display;
	return DS_OK;
}

int ds_valuation_trace_to_text(char **out, const ds_valuation *v)
{
	ds__buf b = DS__BUF_INIT;
	ds_trace_entry e;
	size_t i;
	int rc;

	if (!out || !v)
		return ds__error(DS_EINVAL, "ds_valuation_trace_to_text: NULL argument");
	if ((rc = formatted(v)) < 0)
		return rc;
	ds__buf_puts(&b, "");
	for (i = 0; i < v->trace.count; i++) {
		ds_valuation_trace_at(&e, v, i);
		/* "%s  %s (%s)[ = formula] = exact[ ≈ display]\n" */
		ds__buf_puts(&b, e.symbol);
		ds__buf_puts(&b, "  ");
		ds__buf_puts(&b, e.name_zh);
		ds__buf_puts(&b, " (");
		ds__buf_puts(&b, e.name_en);
		ds__buf_puts(&b, ")");
		if (e.formula[0]) {
			ds__buf_puts(&b, " = ");
			ds__buf_puts(&b, e.formula);
		}
		ds__buf_puts(&b, " = ");
		ds__buf_puts(&b, e.exact);
		if (strcmp(e.exact, e.display) != 0) {
			ds__buf_puts(&b, " ≈ ");
			ds__buf_puts(&b, e.display);
		}
		ds__buf_puts(&b, "\n");
	}
	return ds__buf_detach(out, &b);
}

/* ---------------------------------------------------------------- checks */

int ds__val_need(const void *p, const char *field)
{
	if (p)
		return DS_OK;
	return ds__error_at(DS_EINVAL, 0, 0, field, "%s: missing", field);
}

int ds__val_range(const ds_decimal *x, const char *field, const ds_decimal *lo, int lo_inclusive, const ds_decimal *hi,
		  int hi_inclusive)
{
	char *text = NULL, *lo_text = NULL, *hi_text = NULL;
	int bad = 0;

	if (!x)
		return ds__val_need(x, field);
	if (lo) {
		int c = ds_decimal_cmp(x, lo);
		bad |= lo_inclusive ? c < 0 : c <= 0;
	}
	if (hi) {
		int c = ds_decimal_cmp(x, hi);
		bad |= hi_inclusive ? c > 0 : c >= 0;
	}
	if (!bad)
		return DS_OK;
	ds__val_exact_text(&text, x);
	if (lo)
		ds__val_exact_text(&lo_text, lo);
	if (hi)
		ds__val_exact_text(&hi_text, hi);
	ds__error_at(DS_ERANGE, 0, 0, field, "%s: %s is outside %s%s, %s%s", field, text ? text : "?",
		     lo ? (lo_inclusive ? "[" : "(") : "(", lo_text ? lo_text : "-∞", hi_text ? hi_text : "+∞",
		     hi ? (hi_inclusive ? "]" : ")") : ")");
	ds_free(text);
	ds_free(lo_text);
	ds_free(hi_text);
	return DS_ERANGE;
}

int ds__val_consts(vconst *c)
{
	memset(c, 0, sizeof *c);
	if (ds_decimal_new(&c->zero) < 0 || ds_decimal_new(&c->one) < 0 || ds_decimal_new(&c->minus_one) < 0 ||
	    ds_decimal_new(&c->hundred) < 0) {
		ds__val_consts_free(c);
		return ds__enomem();
	}
	ds_decimal_set_int64(c->one, 1);
	ds_decimal_set_int64(c->minus_one, -1);
	ds_decimal_set_int64(c->hundred, 100);
	return DS_OK;
}

void ds__val_consts_free(vconst *c)
{
	ds_decimal_free(c->zero);
	ds_decimal_free(c->one);
	ds_decimal_free(c->minus_one);
	ds_decimal_free(c->hundred);
	memset(c, 0, sizeof *c);
}

/* ---------------------------------------------------------------- square root */

static size_t digit_count(const mpz_t z, mpz_t scratch)
{
	size_t digits = mpz_sizeinbase(z, 10);

	if (digits <= 1)
		return 1;
	mpz_ui_pow_ui(scratch, 10, digits - 1);
	if (mpz_cmpabs(z, scratch) < 0)
		digits--;
	return digits;
}

int ds__val_sqrt(ds_decimal *r, const ds_decimal *g, unsigned int digits)
{
	mpz_t n, d, m, t;
	unsigned long k = digits;
	size_t have;

	if (ds_decimal_sign(g) <= 0)
		return ds__error(DS_ERANGE, "square root of a value that is not positive");
	mpz_inits(n, d, m, t, NULL);
	ds__decimal_as_fraction(n, d, g);
	/* floor(√(n/d) × 10^k) = isqrt(floor(n × 10^2k / d)). */
	for (;;) {
		ds__mpz_mul_pow10(t, n, 2 * k);
		mpz_fdiv_q(t, t, d);
		mpz_sqrt(m, t);
		have = mpz_sgn(m) ? digit_count(m, t) : 0;
		if (have >= digits)
			break;
		k += digits - have;
	}
	/* Exactly @digits digits: floor(floor(x) / 10^e) = floor(x / 10^e). */
	if (have > digits) {
		mpz_ui_pow_ui(t, 10, have - digits);
		mpz_fdiv_q(m, m, t);
	}
	mpz_swap(r->num, m);
	mpz_set_ui(r->den, 1);
	r->exp = (long)(have - digits) - (long)k;
	mpz_clears(n, d, m, t, NULL);
	return DS_OK;
}
