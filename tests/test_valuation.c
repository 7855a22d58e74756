/*
 * Valuation: the seven worked examples of domain/valuation.md to the fen, each
 * approach's variants and edges, AHP, reconciliation, sensitivity, the trace,
 * and every refused input (exact code, field path, nothing changed).
 * The random differential test against Python is tests/valuation_oracle.py.
 * SPDX-License-Identifier: MIT
 */
#define _POSIX_C_SOURCE 200809L
#include <stdarg.h>

#include "testutil.h"

#define MAXN 32

/* Decimals parsed from a comma-separated list, freed together. */
typedef struct dlist {
	ds_decimal *d[MAXN];
	size_t n;
} dlist;

static void dl_parse(dlist *l, const char *text)
{
	char buf[1024], *tok, *save = NULL;

	l->n = 0;
	if (!text)
		return;
	snprintf(buf, sizeof buf, "%s", text);
	for (tok = strtok_r(buf, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
		ck_assert_uint_lt(l->n, MAXN);
		l->d[l->n++] = tu_dec(tok);
	}
}

static void dl_free(dlist *l)
{
	size_t i;
	for (i = 0; i < l->n; i++)
		ds_decimal_free(l->d[i]);
	l->n = 0;
}

/* Assert @d rounds HALF_UP to @fen (plain, two places). */
#define ck_assert_fen(d, fen)                                                                      \
	do {                                                                                       \
		char *ck_t_ = NULL;                                                                \
		ck_assert_ds_ok(ds_decimal_to_string_scaled(&ck_t_, (d), 2, DS_ROUND_HALF_UP, 0)); \
		ck_assert_msg(strcmp(ck_t_, (fen)) == 0, "value %s, expected %s", ck_t_, (fen));   \
		ds_free(ck_t_);                                                                    \
	} while (0)

/* Assert a call failed with @code, naming @field, with a message. */
#define ck_assert_err_field(expr, code, fld)                                                                \
	do {                                                                                                \
		ck_assert_ds_err((expr), (code));                                                           \
		ck_assert_msg(strcmp(ds_error_last()->field, (fld)) == 0, "field '%s', expected '%s' (%s)", \
			      ds_error_last()->field, (fld), ds_error_last()->message);                     \
		ck_assert_msg(ds_error_last()->message[0] != '\0', "empty message");                        \
	} while (0)

/* The trace line with @symbol, or the test fails. */
static ds_trace_entry trace_find(const ds_valuation *v, const char *symbol)
{
	ds_trace_entry e;
	size_t i;

	for (i = 0; i < ds_valuation_trace_count(v); i++) {
		ck_assert_ds_ok(ds_valuation_trace_at(&e, v, i));
		if (strcmp(e.symbol, symbol) == 0)
			return e;
	}
	ck_abort_msg("no trace line '%s'", symbol);
	return e;
}

/* The whole file at @path (malloc'd, length in *len), or NULL. */
static char *tb_slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *data = NULL;
	long size;

	if (!f)
		return NULL;
	if (fseek(f, 0, SEEK_END) == 0 && (size = ftell(f)) >= 0 && fseek(f, 0, SEEK_SET) == 0 &&
	    (data = malloc((size_t)size + 1)) && fread(data, 1, (size_t)size, f) == (size_t)size) {
		*len = (size_t)size;
		fclose(f);
		return data;
	}
	free(data);
	fclose(f);
	return NULL;
}

/* ------------------------------------------------------------ worked examples */

enum { EX_INCOME, EX_COST2023_LIFE, EX_COST2019, EX_MARKET };

static const struct example {
	const char *name;
	int kind;
	ds_income_method method;
	const char *a, *b, *c; /* income: R (or F / R'), second list, rate; others below */
	const char *fen, *exact;
} examples[] = {
	/* TC parts; R,α,β,l,r */
	{ "cost 2019", EX_COST2019, 0, "600000,250000,150000", "0.12,0.9,0.8,0.1,0.05", NULL, "842688.00", "842688" },
	/* components; elapsed,remaining */
	{ "cost 2023", EX_COST2023_LIFE, 0, "50000,800000,100000,40000,10000", "1,4", NULL, "800000.00", "800000" },
	{ "income direct", EX_INCOME, DS_INCOME_DIRECT, "1000000,1200000,1300000", NULL, "0.10", "2877535.69",
	  "3830000000/1331" },
	{ "income share", EX_INCOME, DS_INCOME_SHARE, "10000000,11000000,12000000", "0.05", "0.12", "1311953.35",
	  "450000000/343" },
	/* contributions: one period's list, repeated */
	{ "income excess", EX_INCOME, DS_INCOME_EXCESS, "5000000,5000000,5000000", "1200000,800000,500000", "0.15",
	  "5708062.79", "69450000000/12167" },
	{ "income incremental", EX_INCOME, DS_INCOME_INCREMENTAL, "3000000,3200000", "2500000,2600000", "0.08",
	  "977366.26", "237500000/243" },
	/* price; α,β,γ,δ,ε */
	{ "market", EX_MARKET, 0, "2000000", "1.05,0.95,1.02,1.20,1.00", NULL, "2441880.00", "2441880" },
};

static void run_example(const struct example *ex, ds_valuation *v)
{
	dlist a, b, c;
	size_t t;

	dl_parse(&a, ex->a);
	dl_parse(&b, ex->b);
	dl_parse(&c, ex->c);
	switch (ex->kind) {
	case EX_INCOME: {
		ds_valuation_income_params p = DS_VALUATION_INCOME_PARAMS_INIT;
		ds_decimal *contrib[MAXN];
		p.method = ex->method;
		p.periods = a.n;
		p.income = a.d;
		p.rates = c.d;
		p.n_rates = c.n;
		if (ex->method == DS_INCOME_SHARE) {
			p.shares = b.d;
			p.n_shares = b.n;
		} else if (ex->method == DS_INCOME_INCREMENTAL) {
			p.baseline = b.d;
		} else if (ex->method == DS_INCOME_EXCESS) {
			for (t = 0; t < a.n * b.n; t++)
				contrib[t] = b.d[t % b.n];
			p.contributions = contrib;
			p.n_contributors = b.n;
		}
		ck_assert_ds_ok(ds_valuation_income(v, &p, NULL));
		break;
	}
	case EX_COST2023_LIFE: {
		ds_valuation_cost_params p = DS_VALUATION_COST_PARAMS_INIT;
		p.components = a.d;
		p.n_components = a.n;
		p.adjustment = DS_ADJUST_LIFE;
		p.elapsed_life = b.d[0];
		p.remaining_life = b.d[1];
		ck_assert_ds_ok(ds_valuation_cost(v, &p, NULL));
		break;
	}
	case EX_COST2019: {
		ds_valuation_cost2019_params p = DS_VALUATION_COST2019_PARAMS_INIT;
		p.costs = a.d;
		p.n_costs = a.n;
		p.return_rate = b.d[0];
		p.quality = b.d[1];
		p.circulation = b.d[2];
		p.monopoly = b.d[3];
		p.risk = b.d[4];
		ck_assert_ds_ok(ds_valuation_cost2019(v, &p, NULL));
		break;
	}
	case EX_MARKET: {
		static const char *const names[] = { "quality", "supply_demand", "date", "volume", "other" };
		ds_market_coefficient co[5];
		ds_market_comparable cmp = { NULL, NULL, NULL, 0, NULL };
		ds_valuation_market_params p = DS_VALUATION_MARKET_PARAMS_INIT;
		for (t = 0; t < 5; t++) {
			co[t].name = names[t];
			co[t].value = b.d[t];
			co[t].subject = co[t].comparable = NULL;
		}
		cmp.price = a.d[0];
		cmp.coefficients = co;
		cmp.n_coefficients = 5;
		p.comparables = &cmp;
		p.n_comparables = 1;
		ck_assert_ds_ok(ds_valuation_market(v, &p, NULL));
		break;
	}
	}
	dl_free(&a);
	dl_free(&b);
	dl_free(&c);
}

START_TEST(worked_examples_to_the_fen)
{
	size_t i;
	ds_valuation *v = NULL;

	ck_assert_ds_ok(ds_valuation_new(&v));
	for (i = 0; i < sizeof examples / sizeof examples[0]; i++) {
		ds_trace_entry e;
		run_example(&examples[i], v);
		ck_assert_msg(ds_valuation_trace_count(v) > 0, "%s: no trace", examples[i].name);
		ck_assert_fen(ds_valuation_value(v), examples[i].fen);
		ck_assert_dec_eq(ds_valuation_value(v), examples[i].exact);
		/* The trace's last line is the conclusion, shown to the fen and grouped. */
		ck_assert_ds_ok(ds_valuation_trace_at(&e, v, ds_valuation_trace_count(v) - 1));
		ck_assert_str_eq(e.symbol, "P");
		ck_assert_ptr_nonnull(strstr(e.display, ","));
		/* Past the end: DS_ERANGE, the line unchanged. */
		ck_assert_ds_err(ds_valuation_trace_at(&e, v, ds_valuation_trace_count(v)), DS_ERANGE);
		ck_assert_str_eq(e.symbol, "P");
	}
	ds_valuation_free(v);
}
END_TEST

/* The seven worked examples' traces, every field of every line and the text form,
 * against tests/fixtures/valuation/trace-eager/examples.txt: the output of the
 * eager trace (each line formatted as it was recorded, before the trace became
 * lazy), so the formatted-on-demand trace must match it byte for byte. On a
 * difference the actual dump is written to trace-examples.actual for diff(1). */
static void dump_trace(tu_buf *b, const char *name, const ds_valuation *v)
{
	ds_trace_entry e;
	char *text = NULL;
	size_t i;

	tu_buf_printf(b, "## %s: %zu lines\n", name, ds_valuation_trace_count(v));
	for (i = 0; i < ds_valuation_trace_count(v); i++) {
		ck_assert_ds_ok(ds_valuation_trace_at(&e, v, i));
		tu_buf_printf(b, "%s\t%s\t%s\t%s\t%s\t%s\n", e.symbol, e.name_zh, e.name_en, e.formula, e.exact,
			      e.display);
	}
	ck_assert_ds_ok(ds_valuation_trace_to_text(&text, v));
	tu_buf_printf(b, "%s", text);
	ds_free(text);
}

START_TEST(trace_matches_eager_golden)
{
	tu_buf b = { NULL, 0, 0 };
	char path[4096], *golden;
	size_t i, len = 0;
	ds_valuation *v = NULL;
	FILE *f;

	ck_assert_ds_ok(ds_valuation_new(&v));
	for (i = 0; i < sizeof examples / sizeof examples[0]; i++) {
		run_example(&examples[i], v);
		dump_trace(&b, examples[i].name, v);
		/* Read twice: the formatting is cached and must not change. */
		if (i == 0) {
			size_t first = b.len;
			dump_trace(&b, examples[i].name, v);
			ck_assert(b.len - first == first);
			ck_assert(memcmp(b.data, b.data + first, first) == 0);
			b.len = first;
		}
	}
	snprintf(path, sizeof path, "%s/tests/fixtures/valuation/trace-eager/examples.txt",
		 getenv("top_srcdir") ? getenv("top_srcdir") : ".");
	golden = tb_slurp(path, &len);
	ck_assert_msg(golden != NULL, "cannot read %s", path);
	if (len != b.len || memcmp(golden, b.data, len) != 0) {
		if ((f = fopen("trace-examples.actual", "wb"))) {
			fwrite(b.data, 1, b.len, f);
			fclose(f);
		}
		ck_abort_msg("the trace differs from %s (actual in trace-examples.actual)", path);
	}
	free(golden);
	free(b.data);
	ds_valuation_free(v);
}
END_TEST

/* The 2019 example's utility U = 0.7524 appears in the trace. */
START_TEST(cost2019_trace_has_utility)
{
	ds_valuation *v = NULL;
	ds_trace_entry e;

	ck_assert_ds_ok(ds_valuation_new(&v));
	run_example(&examples[0], v);
	e = trace_find(v, "U");
	ck_assert_str_eq(e.exact, "0.7524");
	ck_assert_str_eq(e.formula, "α × β × (1 + l) × (1 − r)");
	e = trace_find(v, "TC");
	ck_assert_str_eq(e.exact, "1000000");
	ck_assert_str_eq(e.display, "1,000,000.00");
	ds_valuation_free(v);
}
END_TEST

/* ------------------------------------------------------------ income */

/* Value a direct income stream; returns the status. */
static int income_direct(ds_valuation *v, const char *flows, const char *rates, ds_timing timing, const char *tv,
			 const ds_valuation_options *opts)
{
	ds_valuation_income_params p = DS_VALUATION_INCOME_PARAMS_INIT;
	dlist f, r;
	ds_decimal *terminal = tv ? tu_dec(tv) : NULL;
	int rc;

	dl_parse(&f, flows);
	dl_parse(&r, rates);
	p.periods = f.n;
	p.income = f.d;
	p.rates = r.d;
	p.n_rates = r.n;
	p.timing = timing;
	p.terminal_value = terminal;
	rc = ds_valuation_income(v, &p, opts);
	dl_free(&f);
	dl_free(&r);
	ds_decimal_free(terminal);
	return rc;
}

START_TEST(income_mid_period)
{
	ds_valuation *v = NULL;
	ds_trace_entry e;

	ck_assert_ds_ok(ds_valuation_new(&v));
	/* √1.21 = 1.1 exactly: 100 × 1.1 / 1.21 = 1000/11. */
	ck_assert_ds_ok(income_direct(v, "100", "0.21", DS_TIMING_MID, NULL, NULL));
	ck_assert_dec_eq(ds_valuation_value(v), "1000/11");
	/* √1.1 truncated to 40 significant digits (the default) and said so. */
	ck_assert_ds_ok(income_direct(v, "1000", "0.1", DS_TIMING_MID, NULL, NULL));
	e = trace_find(v, "s");
	ck_assert_str_eq(e.exact, "1.048808848170151546991453513679937598475");
	ck_assert_ptr_nonnull(strstr(e.formula, "40 significant digits"));
	ck_assert_fen(ds_valuation_value(v), "953.46");
	{
		ds_valuation_options o = DS_VALUATION_OPTIONS_INIT;
		o.precision = 50;
		ck_assert_ds_ok(income_direct(v, "1000", "0.1", DS_TIMING_MID, NULL, &o));
		e = trace_find(v, "s");
		ck_assert_str_eq(e.exact, "1.0488088481701515469914535136799375984752718576815");
		ck_assert_ptr_nonnull(strstr(e.formula, "50 significant digits"));
	}
	/* Mid-period equals end-of-period × √(1+i) with per-period rates too. */
	ck_assert_ds_ok(income_direct(v, "121,121", "0.21,0.21", DS_TIMING_MID, NULL, NULL));
	ck_assert_dec_eq(ds_valuation_value(v), "2210/11"); /* 121×1.1/1.21 + 121×1.1/1.4641 = 110 + 1000/11 */
	ds_valuation_free(v);
}
END_TEST

START_TEST(income_rates_and_terminal_value)
{
	ds_valuation *v = NULL;

	ck_assert_ds_ok(ds_valuation_new(&v));
	ck_assert_ds_ok(income_direct(v, "110,121", "0.1", DS_TIMING_END, NULL, NULL));
	ck_assert_dec_eq(ds_valuation_value(v), "200");
	ck_assert_ds_ok(income_direct(v, "110,121", "0.1,0.1", DS_TIMING_END, NULL, NULL));
	ck_assert_dec_eq(ds_valuation_value(v), "200");
	ck_assert_ds_ok(income_direct(v, "110,121", "0.1,0.2", DS_TIMING_END, NULL, NULL));
	ck_assert_dec_eq(ds_valuation_value(v), "575/3");
	ck_assert_fen(ds_valuation_value(v), "191.67");
	ck_assert_ds_ok(income_direct(v, "100", "0.1", DS_TIMING_END, "1000", NULL));
	ck_assert_dec_eq(ds_valuation_value(v), "1000");
	ck_assert_str_eq(trace_find(v, "PV_TV").exact, "10000/11");
	/* A negative rate above −100 % and a zero rate are allowed. */
	ck_assert_ds_ok(income_direct(v, "100,100", "0", DS_TIMING_END, NULL, NULL));
	ck_assert_dec_eq(ds_valuation_value(v), "200");
	ck_assert_ds_ok(income_direct(v, "50", "-0.5", DS_TIMING_END, NULL, NULL));
	ck_assert_dec_eq(ds_valuation_value(v), "100");
	ds_valuation_free(v);
}
END_TEST

START_TEST(income_share_per_period_and_trace)
{
	ds_valuation_income_params p = DS_VALUATION_INCOME_PARAMS_INIT;
	ds_valuation *v = NULL;
	dlist r, k, i;
	ds_trace_entry e;
	char *text = NULL;

	ck_assert_ds_ok(ds_valuation_new(&v));
	dl_parse(&r, "1000,1000");
	dl_parse(&k, "0.1,0.05");
	dl_parse(&i, "0.25");
	p.method = DS_INCOME_SHARE;
	p.periods = 2;
	p.income = r.d;
	p.shares = k.d;
	p.n_shares = 2;
	p.rates = i.d;
	p.n_rates = 1;
	ck_assert_ds_ok(ds_valuation_income(v, &p, NULL));
	ck_assert_dec_eq(ds_valuation_value(v), "112"); /* 100/1.25 + 50/1.5625 = 80 + 32 */
	e = trace_find(v, "F_2");
	ck_assert_str_eq(e.formula, "R_2 × K_2");
	ck_assert_str_eq(e.exact, "50");
	e = trace_find(v, "d_2");
	ck_assert_str_eq(e.exact, "0.64");
	e = trace_find(v, "PV_1");
	ck_assert_str_eq(e.display, "80.00");
	ck_assert_ds_ok(ds_valuation_trace_to_text(&text, v));
	ck_assert_ptr_nonnull(strstr(text, "P  收益法评估值 (value by the income approach) = Σ PV_t = 112 ≈ 112.00\n"));
	ds_free(text);
	{
		/* The result document's names and identifiers refuse bidirectional controls. */
		ds_valuation_subject s = DS_VALUATION_SUBJECT_INIT;
		char *xml = (char *)&s;
		s.name = "交通数据";
		s.right = "holding";
		s.base_date = "2025-06-30";
		s.kind = "income";
		s.code = "DA-\u202e1";
		ck_assert_ds_err(ds_valuation_to_xml(&xml, v, &s), DS_EINVAL);
		ck_assert_str_eq(ds_error_last()->field, "code");
		ck_assert_str_eq(ds_error_last()->message, "code: character 4 is a bidirectional control character "
							   "(U+202E), not allowed in a name or identifier");
		ck_assert_ptr_eq(xml, (char *)&s);
		s.code = NULL;
		s.name = "\u2068交通数据";
		ck_assert_ds_err(ds_valuation_to_xml(&xml, v, &s), DS_EINVAL);
		ck_assert_str_eq(ds_error_last()->field, "name");
		s.name = "交通数据";
		ck_assert_ds_ok(ds_valuation_to_xml(&xml, v, &s));
		ds_free(xml);
	}
	dl_free(&r);
	dl_free(&k);
	dl_free(&i);
	ds_valuation_free(v);
}
END_TEST

START_TEST(income_trace_off_same_value)
{
	ds_valuation *v = NULL, *w = NULL;
	ds_valuation_options o = DS_VALUATION_OPTIONS_INIT;
	ds_trace_entry e;

	o.no_trace = 1;
	ck_assert_ds_ok(ds_valuation_new(&v));
	ck_assert_ds_ok(ds_valuation_new(&w));
	ck_assert_ds_ok(income_direct(v, "1000000,1200000,1300000", "0.1", DS_TIMING_END, NULL, &o));
	ck_assert_uint_eq(ds_valuation_trace_count(v), 0);
	ck_assert_ds_err(ds_valuation_trace_at(&e, v, 0), DS_ERANGE);
	ck_assert_msg(strstr(ds_error_last()->message, "index 0") != NULL, "%s", ds_error_last()->message);
	ck_assert_msg(strstr(ds_error_last()->message, "0 lines") != NULL, "%s", ds_error_last()->message);
	ck_assert_ds_ok(income_direct(w, "1000000,1200000,1300000", "0.1", DS_TIMING_END, NULL, NULL));
	ck_assert_int_eq(ds_decimal_cmp(ds_valuation_value(v), ds_valuation_value(w)), 0);
	ck_assert_uint_gt(ds_valuation_trace_count(w), 10);
	/* Reuse: a second computation replaces the first, trace and all. */
	ck_assert_ds_ok(income_direct(w, "100", "0.25", DS_TIMING_END, NULL, &o));
	ck_assert_dec_eq(ds_valuation_value(w), "80");
	ck_assert_uint_eq(ds_valuation_trace_count(w), 0);
	ds_valuation_free(v);
	ds_valuation_free(w);
}
END_TEST

/* A refused input: the code, the field, and the previous result still there. */
static void assert_refused(ds_valuation *v, int rc, int code, const char *field)
{
	size_t lines = ds_valuation_trace_count(v);
	ck_assert_msg(rc == code, "got %s, expected %s (%s)", ds_strerror(rc), ds_strerror(code),
		      ds_error_last()->message);
	ck_assert_msg(strcmp(ds_error_last()->field, field) == 0, "field '%s', expected '%s' (%s)",
		      ds_error_last()->field, field, ds_error_last()->message);
	ck_assert_msg(ds_error_last()->message[0] != '\0', "empty message");
	ck_assert_dec_eq(ds_valuation_value(v), "3830000000/1331");
	ck_assert_uint_eq(ds_valuation_trace_count(v), lines);
}

START_TEST(income_refuses)
{
	ds_valuation_income_params p = DS_VALUATION_INCOME_PARAMS_INIT, q;
	ds_valuation_options o = DS_VALUATION_OPTIONS_INIT;
	ds_valuation *v = NULL;
	dlist f, r, bad, two;
	ds_decimal *holes[3];
	size_t lines;

	ck_assert_ds_ok(ds_valuation_new(&v));
	ck_assert_ds_ok(income_direct(v, "1000000,1200000,1300000", "0.1", DS_TIMING_END, NULL, NULL));
	lines = ds_valuation_trace_count(v);
	dl_parse(&f, "1000000,1200000,1300000");
	dl_parse(&r, "0.1");
	dl_parse(&bad, "-1,-1.5,1.5");
	dl_parse(&two, "0.1,0.1");
	p.periods = 3;
	p.income = f.d;
	p.rates = r.d;
	p.n_rates = 1;

	q = p;
	q.periods = 0;
	assert_refused(v, ds_valuation_income(v, &q, NULL), DS_EINVAL, "periods");
	q = p;
	q.periods = DS_VALUATION_MAX_PERIODS + 1;
	assert_refused(v, ds_valuation_income(v, &q, NULL), DS_ERANGE, "periods");
	q = p;
	q.rates = bad.d;
	assert_refused(v, ds_valuation_income(v, &q, NULL), DS_ERANGE, "rates[1]");
	ck_assert_ptr_nonnull(strstr(ds_error_last()->message, "-100%"));
	q.rates = &bad.d[1];
	assert_refused(v, ds_valuation_income(v, &q, NULL), DS_ERANGE, "rates[1]");
	q = p;
	q.rates = two.d;
	q.n_rates = 2;
	assert_refused(v, ds_valuation_income(v, &q, NULL), DS_EINVAL, "rates");
	q = p;
	q.rates = NULL;
	assert_refused(v, ds_valuation_income(v, &q, NULL), DS_EINVAL, "rates");
	q = p;
	q.income = NULL;
	assert_refused(v, ds_valuation_income(v, &q, NULL), DS_EINVAL, "income");
	holes[0] = f.d[0];
	holes[1] = NULL;
	holes[2] = f.d[2];
	q = p;
	q.income = holes;
	assert_refused(v, ds_valuation_income(v, &q, NULL), DS_EINVAL, "income[2]");
	q = p;
	q.method = DS_INCOME_SHARE;
	assert_refused(v, ds_valuation_income(v, &q, NULL), DS_EINVAL, "shares");
	q.shares = &bad.d[2];
	q.n_shares = 1;
	assert_refused(v, ds_valuation_income(v, &q, NULL), DS_ERANGE, "shares[1]");
	q.shares = two.d;
	q.n_shares = 2;
	assert_refused(v, ds_valuation_income(v, &q, NULL), DS_EINVAL, "shares");
	q = p;
	q.method = DS_INCOME_INCREMENTAL;
	assert_refused(v, ds_valuation_income(v, &q, NULL), DS_EINVAL, "baseline");
	q = p;
	q.method = DS_INCOME_EXCESS;
	assert_refused(v, ds_valuation_income(v, &q, NULL), DS_EINVAL, "contributions");
	q.contributions = f.d;
	q.n_contributors = 0;
	assert_refused(v, ds_valuation_income(v, &q, NULL), DS_EINVAL, "n_contributors");
	q.contributions = holes;
	q.n_contributors = 1;
	assert_refused(v, ds_valuation_income(v, &q, NULL), DS_EINVAL, "contributions[2][1]");
	q = p;
	q.method = (ds_income_method)7;
	assert_refused(v, ds_valuation_income(v, &q, NULL), DS_EINVAL, "method");
	q = p;
	q.timing = (ds_timing)2;
	assert_refused(v, ds_valuation_income(v, &q, NULL), DS_EINVAL, "timing");
	q = p;
	q.version = 99;
	assert_refused(v, ds_valuation_income(v, &q, NULL), DS_EINVAL, "version");
	o.precision = 29;
	assert_refused(v, ds_valuation_income(v, &p, &o), DS_ERANGE, "options/precision");
	o.precision = 1001;
	assert_refused(v, ds_valuation_income(v, &p, &o), DS_ERANGE, "options/precision");
	ck_assert_ds_err(ds_valuation_income(NULL, &p, NULL), DS_EINVAL);
	ck_assert_ds_err(ds_valuation_income(v, NULL, NULL), DS_EINVAL);
	ck_assert_uint_eq(ds_valuation_trace_count(v), lines);
	dl_free(&f);
	dl_free(&r);
	dl_free(&bad);
	dl_free(&two);
	ds_valuation_free(v);
}
END_TEST

/* ------------------------------------------------------------ sensitivity */

START_TEST(sensitivity_grid)
{
	ds_valuation_income_params p = DS_VALUATION_INCOME_PARAMS_INIT;
	dlist f, r, dr, df;
	ds_decimal *table[15];
	size_t i;

	dl_parse(&f, "1000000,1200000,1300000");
	dl_parse(&r, "0.1");
	dl_parse(&dr, "-0.02,-0.01,0,0.01,0.02");
	dl_parse(&df, "-0.1,0,0.1");
	for (i = 0; i < 15; i++)
		table[i] = tu_dec("7");
	p.periods = 3;
	p.income = f.d;
	p.rates = r.d;
	p.n_rates = 1;
	ck_assert_ds_ok(ds_valuation_sensitivity(table, &p, dr.d, 5, df.d, 3, NULL));
	ck_assert_dec_eq(table[2 * 3 + 1], "3830000000/1331"); /* the base case in the middle */
	ck_assert_fen(table[2 * 3 + 1], "2877535.69");
	/* +1 % and +10 %: 1.1 × (1000000/1.11 + 1200000/1.11^2 + 1300000/1.11^3) */
	ck_assert_fen(table[3 * 3 + 2], "3107936.28");
	ck_assert_fen(table[2 * 3 + 0], "2589782.12"); /* 0.9 × base */
	/* Refused: a change taking the rate to −100 %, an income change of −100 %; table unchanged. */
	dl_free(&dr);
	dl_parse(&dr, "-1.1");
	ck_assert_err_field(ds_valuation_sensitivity(table, &p, dr.d, 1, df.d, 3, NULL), DS_ERANGE, "rate_changes[1]");
	dl_free(&df);
	dl_parse(&df, "-1");
	dl_free(&dr);
	dl_parse(&dr, "0");
	ck_assert_err_field(ds_valuation_sensitivity(table, &p, dr.d, 1, df.d, 1, NULL), DS_ERANGE,
			    "income_changes[1]");
	ck_assert_ds_err(ds_valuation_sensitivity(table, &p, dr.d, 0, df.d, 1, NULL), DS_EINVAL);
	ck_assert_dec_eq(table[0], "5878750000/2187"); /* from the successful call */
	for (i = 0; i < 15; i++)
		ds_decimal_free(table[i]);
	dl_free(&f);
	dl_free(&r);
	dl_free(&dr);
	dl_free(&df);
}
END_TEST

/* ------------------------------------------------------------ cost */

START_TEST(cost_adjustments)
{
	ds_valuation_cost_params p = DS_VALUATION_COST_PARAMS_INIT, q;
	ds_valuation *v = NULL;
	dlist c;
	ds_decimal *x = tu_dec("0.8"), *zero = tu_dec("0"), *one = tu_dec("1"), *neg = tu_dec("-1"),
		   *d = tu_dec("0.25"), *big = tu_dec("1.0001");
	ds_decimal *six[6];

	ck_assert_ds_ok(ds_valuation_new(&v));
	dl_parse(&c, "50000,800000,100000,40000,10000");
	p.components = c.d;
	p.n_components = 5;
	p.adjustment = DS_ADJUST_GIVEN;
	p.delta = x;
	ck_assert_ds_ok(ds_valuation_cost(v, &p, NULL));
	ck_assert_dec_eq(ds_valuation_value(v), "800000");
	ck_assert_str_eq(trace_find(v, "C_1").name_zh, "前期费用");
	ck_assert_str_eq(trace_find(v, "C_5").name_zh, "相关税费");
	q = p;
	q.adjustment = DS_ADJUST_DEPRECIATION;
	q.depreciation = d;
	ck_assert_ds_ok(ds_valuation_cost(v, &q, NULL));
	ck_assert_dec_eq(ds_valuation_value(v), "750000");
	ck_assert_str_eq(trace_find(v, "δ").formula, "1 − d");
	q = p;
	q.adjustment = DS_ADJUST_QUALITY;
	q.quality = d;
	ck_assert_ds_ok(ds_valuation_cost(v, &q, NULL));
	ck_assert_dec_eq(ds_valuation_value(v), "250000");
	q = p;
	q.n_components = 2; /* trailing components absent */
	ck_assert_ds_ok(ds_valuation_cost(v, &q, NULL));
	ck_assert_dec_eq(ds_valuation_value(v), "680000");

	/* Refused, nothing changed. */
	q = p;
	q.delta = zero;
	ck_assert_err_field(ds_valuation_cost(v, &q, NULL), DS_ERANGE, "delta");
	q.delta = big;
	ck_assert_err_field(ds_valuation_cost(v, &q, NULL), DS_ERANGE, "delta");
	q.delta = NULL;
	ck_assert_err_field(ds_valuation_cost(v, &q, NULL), DS_EINVAL, "delta");
	q = p;
	q.adjustment = DS_ADJUST_LIFE;
	q.elapsed_life = neg;
	q.remaining_life = one;
	ck_assert_err_field(ds_valuation_cost(v, &q, NULL), DS_ERANGE, "elapsed_life");
	q.elapsed_life = one;
	q.remaining_life = zero;
	ck_assert_err_field(ds_valuation_cost(v, &q, NULL), DS_ERANGE, "remaining_life");
	q.remaining_life = NULL;
	ck_assert_err_field(ds_valuation_cost(v, &q, NULL), DS_EINVAL, "remaining_life");
	q = p;
	q.adjustment = DS_ADJUST_DEPRECIATION;
	q.depreciation = one;
	ck_assert_err_field(ds_valuation_cost(v, &q, NULL), DS_ERANGE, "depreciation");
	q = p;
	q.adjustment = (ds_cost_adjustment)9;
	ck_assert_err_field(ds_valuation_cost(v, &q, NULL), DS_EINVAL, "adjustment");
	q = p;
	q.n_components = 6;
	memcpy(six, c.d, 5 * sizeof six[0]);
	six[5] = one;
	q.components = six;
	ck_assert_err_field(ds_valuation_cost(v, &q, NULL), DS_EINVAL, "components");
	q.n_components = 0;
	ck_assert_err_field(ds_valuation_cost(v, &q, NULL), DS_EINVAL, "components");
	six[1] = neg;
	q.n_components = 2;
	ck_assert_err_field(ds_valuation_cost(v, &q, NULL), DS_ERANGE, "components[2]");
	ck_assert_dec_eq(ds_valuation_value(v), "680000");
	dl_free(&c);
	ds_decimal_free(x);
	ds_decimal_free(zero);
	ds_decimal_free(one);
	ds_decimal_free(neg);
	ds_decimal_free(d);
	ds_decimal_free(big);
	ds_valuation_free(v);
}
END_TEST

START_TEST(cost2019_refuses)
{
	ds_valuation_cost2019_params p = DS_VALUATION_COST2019_PARAMS_INIT, q;
	ds_valuation *v = NULL;
	dlist c, k;
	ds_decimal *one = tu_dec("1"), *zero = tu_dec("0"), *neg = tu_dec("-1");

	ck_assert_ds_ok(ds_valuation_new(&v));
	dl_parse(&c, "1000000");
	dl_parse(&k, "0.12,0.9,0.8,0.1,0.05");
	p.costs = c.d;
	p.n_costs = 1;
	p.return_rate = k.d[0];
	p.quality = k.d[1];
	p.circulation = k.d[2];
	p.monopoly = k.d[3];
	p.risk = k.d[4];
	ck_assert_ds_ok(ds_valuation_cost2019(v, &p, NULL));
	ck_assert_dec_eq(ds_valuation_value(v), "842688");
	q = p;
	q.risk = NULL;
	ck_assert_err_field(ds_valuation_cost2019(v, &q, NULL), DS_EINVAL, "risk");
	q.risk = one;
	ck_assert_err_field(ds_valuation_cost2019(v, &q, NULL), DS_ERANGE, "risk");
	q = p;
	q.quality = zero;
	ck_assert_err_field(ds_valuation_cost2019(v, &q, NULL), DS_ERANGE, "quality");
	q = p;
	q.circulation = NULL;
	ck_assert_err_field(ds_valuation_cost2019(v, &q, NULL), DS_EINVAL, "circulation");
	q = p;
	q.return_rate = neg;
	ck_assert_err_field(ds_valuation_cost2019(v, &q, NULL), DS_ERANGE, "return_rate");
	q = p;
	q.monopoly = neg;
	ck_assert_err_field(ds_valuation_cost2019(v, &q, NULL), DS_ERANGE, "monopoly");
	q = p;
	q.n_costs = 4;
	ck_assert_err_field(ds_valuation_cost2019(v, &q, NULL), DS_EINVAL, "costs");
	q = p;
	q.costs = &neg;
	ck_assert_err_field(ds_valuation_cost2019(v, &q, NULL), DS_ERANGE, "costs[1]");
	ck_assert_dec_eq(ds_valuation_value(v), "842688");
	dl_free(&c);
	dl_free(&k);
	ds_decimal_free(one);
	ds_decimal_free(zero);
	ds_decimal_free(neg);
	ds_valuation_free(v);
}
END_TEST

/* ------------------------------------------------------------ market */

START_TEST(market_computed_coefficients_and_weights)
{
	ds_decimal *price1 = tu_dec("1000000"), *price2 = tu_dec("1200000"), *s = tu_dec("90"), *c = tu_dec("80"),
		   *i1 = tu_dec("105"), *i0 = tu_dec("100"), *k = tu_dec("0.95"), *w1 = tu_dec("3"), *w2 = tu_dec("1"),
		   *zero = tu_dec("0");
	ds_market_coefficient co1[3] = { { "quality", NULL, s, c },
					 { "期日调整系数", NULL, i1, i0 },
					 { "supply_demand", k, NULL, NULL } };
	ds_market_coefficient co2[2] = { { "technical", k, NULL, NULL }, { "期日修正系数", NULL, i1, i0 } };
	ds_market_comparable cmp[2] = { { "甲", price1, co1, 3, NULL }, { NULL, price2, co2, 2, NULL } };
	ds_valuation_market_params p = DS_VALUATION_MARKET_PARAMS_INIT;
	ds_valuation *v = NULL;

	ck_assert_ds_ok(ds_valuation_new(&v));
	p.comparables = cmp;
	p.n_comparables = 2;
	/* P1 = 1e6 × 9/8 × 1.05 × 0.95 = 1122187.5; P2 = 1.2e6 × 0.95 × 1.05 = 1197000 */
	ck_assert_ds_ok(ds_valuation_market(v, &p, NULL));
	ck_assert_str_eq(trace_find(v, "α_1").exact, "1.125");
	ck_assert_str_eq(trace_find(v, "P_1").exact, "1122187.5");
	ck_assert_str_eq(trace_find(v, "P_2").exact, "1197000");
	ck_assert_dec_eq(ds_valuation_value(v), "4638375/4");
	cmp[0].weight = w1;
	cmp[1].weight = w2;
	ck_assert_ds_ok(ds_valuation_market(v, &p, NULL));
	ck_assert_dec_eq(ds_valuation_value(v), "9127125/8"); /* (3 P1 + P2) / 4 */

	/* Refused, nothing changed. */
	cmp[1].weight = NULL;
	ck_assert_err_field(ds_valuation_market(v, &p, NULL), DS_EINVAL, "comparables");
	cmp[1].weight = w2;
	co1[1].name = "colour";
	ck_assert_err_field(ds_valuation_market(v, &p, NULL), DS_EINVAL, "comparables[1]/coefficients[2]/name");
	ck_assert_ptr_nonnull(strstr(ds_error_last()->message, "colour"));
	co1[1].name = "quality";
	ck_assert_err_field(ds_valuation_market(v, &p, NULL), DS_EINVAL, "comparables[1]/coefficients[2]/name");
	co1[1].name = "date";
	co1[1].comparable = NULL;
	ck_assert_err_field(ds_valuation_market(v, &p, NULL), DS_EINVAL, "comparables[1]/coefficients[2]");
	co1[1].comparable = zero;
	ck_assert_err_field(ds_valuation_market(v, &p, NULL), DS_ERANGE, "comparables[1]/coefficients[2]/comparable");
	co1[1].comparable = i0;
	co2[0].value = zero;
	ck_assert_err_field(ds_valuation_market(v, &p, NULL), DS_ERANGE, "comparables[2]/coefficients[1]/value");
	co2[0].value = k;
	cmp[0].weight = zero;
	cmp[1].weight = zero;
	ck_assert_err_field(ds_valuation_market(v, &p, NULL), DS_ERANGE, "comparables");
	cmp[0].weight = w1;
	cmp[1].weight = w2;
	cmp[1].price = NULL;
	ck_assert_err_field(ds_valuation_market(v, &p, NULL), DS_EINVAL, "comparables[2]/price");
	cmp[1].price = price2;
	p.n_comparables = 0;
	ck_assert_err_field(ds_valuation_market(v, &p, NULL), DS_EINVAL, "comparables");
	ck_assert_dec_eq(ds_valuation_value(v), "9127125/8");
	ds_decimal_free(price1);
	ds_decimal_free(price2);
	ds_decimal_free(s);
	ds_decimal_free(c);
	ds_decimal_free(i1);
	ds_decimal_free(i0);
	ds_decimal_free(k);
	ds_decimal_free(w1);
	ds_decimal_free(w2);
	ds_decimal_free(zero);
	ds_valuation_free(v);
}
END_TEST

/* ------------------------------------------------------------ quality and AHP */

START_TEST(quality_given_weights)
{
	ds_valuation_quality_params p = DS_VALUATION_QUALITY_PARAMS_INIT;
	ds_valuation *v = NULL;
	dlist s, w, bad;
	ds_decimal *hundred = tu_dec("100");

	ck_assert_ds_ok(ds_valuation_new(&v));
	dl_parse(&s, "90,80,85,95,70,100");
	dl_parse(&w, "0.2,0.2,0.2,0.15,0.15,0.1");
	p.n = 6;
	p.scores = s.d;
	p.weights = w.d;
	p.full_score = hundred;
	ck_assert_ds_ok(ds_valuation_quality(v, &p, NULL));
	ck_assert_dec_eq(ds_valuation_value(v), "343/400"); /* 0.8575 */
	ck_assert_str_eq(trace_find(v, "w_6").name_zh, "可访问性权重");
	dl_parse(&bad, "0.2,0.2,0.2,0.15,0.15,0.2");
	p.weights = bad.d;
	ck_assert_err_field(ds_valuation_quality(v, &p, NULL), DS_EINVAL, "weights");
	ck_assert_ptr_nonnull(strstr(ds_error_last()->message, "1.1"));
	p.weights = w.d;
	p.full_score = NULL; /* scores above 1 on a 0–1 scale */
	ck_assert_err_field(ds_valuation_quality(v, &p, NULL), DS_ERANGE, "scores[1]");
	p.n = 10;
	ck_assert_err_field(ds_valuation_quality(v, &p, NULL), DS_EINVAL, "n");
	p.n = 6;
	p.weights = NULL;
	p.full_score = hundred;
	ck_assert_err_field(ds_valuation_quality(v, &p, NULL), DS_EINVAL, "weights");
	ck_assert_dec_eq(ds_valuation_value(v), "343/400");
	dl_free(&s);
	dl_free(&w);
	dl_free(&bad);
	ds_decimal_free(hundred);
	ds_valuation_free(v);
}
END_TEST

START_TEST(ahp_consistent_matrix)
{
	dlist m, w;
	ds_decimal *lambda = tu_dec("0"), *ci = tu_dec("0"), *cr = tu_dec("1");

	dl_parse(&m, "1,2,2,1/2,1,1,1/2,1,1");
	dl_parse(&w, "0,0,0");
	ck_assert_ds_ok(ds_valuation_ahp_weights(w.d, lambda, ci, cr, m.d, 3, 0));
	ck_assert_dec_eq(w.d[0], "1/2");
	ck_assert_dec_eq(w.d[1], "1/4");
	ck_assert_dec_eq(w.d[2], "1/4");
	ck_assert_dec_eq(lambda, "3");
	ck_assert_dec_eq(ci, "0");
	ck_assert_dec_eq(cr, "0");
	dl_free(&m);
	dl_free(&w);
	ds_decimal_free(lambda);
	ds_decimal_free(ci);
	ds_decimal_free(cr);
}
END_TEST

/* Saaty's textbook 3 × 3 example: weights 0.6370, 0.2583, 0.1047; λ_max 3.0385; CR 0.0332. */
START_TEST(ahp_textbook_matrix)
{
	static const char *const expect[] = { "0.6370", "0.2583", "0.1047" };
	dlist m, w;
	ds_decimal *lambda = tu_dec("0"), *cr = tu_dec("0"), *sum = tu_dec("0");
	char *text = NULL;
	int i;

	dl_parse(&m, "1,3,5,1/3,1,3,1/5,1/3,1");
	dl_parse(&w, "0,0,0");
	ck_assert_ds_ok(ds_valuation_ahp_weights(w.d, lambda, NULL, cr, m.d, 3, 0));
	for (i = 0; i < 3; i++) {
		ck_assert_ds_ok(ds_decimal_to_string_scaled(&text, w.d[i], 4, DS_ROUND_HALF_UP, 0));
		ck_assert_str_eq(text, expect[i]);
		ds_free(text);
		ck_assert_ds_ok(ds_decimal_add(sum, sum, w.d[i]));
	}
	ck_assert_dec_eq(sum, "1"); /* exactly */
	ck_assert_ds_ok(ds_decimal_to_string_scaled(&text, lambda, 4, DS_ROUND_HALF_UP, 0));
	ck_assert_str_eq(text, "3.0385");
	ds_free(text);
	ck_assert_ds_ok(ds_decimal_to_string_scaled(&text, cr, 4, DS_ROUND_HALF_UP, 0));
	ck_assert_str_eq(text, "0.0332");
	ds_free(text);
	dl_free(&m);
	dl_free(&w);
	ds_decimal_free(lambda);
	ds_decimal_free(cr);
	ds_decimal_free(sum);
}
END_TEST

START_TEST(ahp_inconsistent_refused_unless_accepted)
{
	ds_valuation_quality_params p = DS_VALUATION_QUALITY_PARAMS_INIT;
	ds_valuation_options o = DS_VALUATION_OPTIONS_INIT;
	ds_valuation *v = NULL;
	dlist m, s, good;

	ck_assert_ds_ok(ds_valuation_new(&v));
	dl_parse(&good, "1,2,2,1/2,1,1,1/2,1,1");
	dl_parse(&m, "1,9,1/9,1/9,1,9,9,1/9,1");
	dl_parse(&s, "0.8,0.6,1");
	p.n = 3;
	p.scores = s.d;
	p.matrix = good.d;
	ck_assert_ds_ok(ds_valuation_quality(v, &p, NULL));
	ck_assert_dec_eq(ds_valuation_value(v), "4/5"); /* 0.4 + 0.15 + 0.25 */
	ck_assert_str_eq(trace_find(v, "CR").exact, "0");
	ck_assert_str_eq(trace_find(v, "RI").exact, "0.58");
	ck_assert_ptr_nonnull(strstr(trace_find(v, "method").exact, "40 fractional digits"));
	p.matrix = m.d;
	ck_assert_err_field(ds_valuation_quality(v, &p, NULL), DS_EVERIFY, "matrix");
	ck_assert_ptr_nonnull(strstr(ds_error_last()->message, "CR = "));
	ck_assert_dec_eq(ds_valuation_value(v), "4/5");
	o.accept_inconsistent = 1;
	ck_assert_ds_ok(ds_valuation_quality(v, &p, &o));
	ck_assert_ptr_nonnull(strstr(trace_find(v, "check").exact, "accepted by the caller"));
	dl_free(&m);
	dl_free(&s);
	dl_free(&good);
	ds_valuation_free(v);
}
END_TEST

START_TEST(ahp_ri_table_and_bad_matrices)
{
	static const char *const ri[] = { "0", "0", "0", "0.58", "0.9", "1.12", "1.24", "1.32", "1.41", "1.45" };
	ds_valuation_quality_params p = DS_VALUATION_QUALITY_PARAMS_INIT;
	ds_valuation *v = NULL;
	ds_decimal *m[100], *s[10];
	ds_decimal *one = tu_dec("1"), *two = tu_dec("2"), *half = tu_dec("0.5"), *third = tu_dec("1/3"),
		   *neg = tu_dec("-2"), *w[10];
	size_t n, i;

	ck_assert_ds_ok(ds_valuation_new(&v));
	for (i = 0; i < 100; i++)
		m[i] = one;
	for (i = 0; i < 10; i++) {
		s[i] = one;
		w[i] = tu_dec("0");
	}
	p.scores = s;
	p.matrix = m;
	for (n = 1; n <= 9; n++) {
		p.n = n;
		ck_assert_ds_ok(ds_valuation_quality(v, &p, NULL));
		ck_assert_dec_eq(ds_valuation_value(v), "1");
		ck_assert_str_eq(trace_find(v, "RI").exact, ri[n]);
	}
	ck_assert_err_field(ds_valuation_ahp_weights(w, NULL, NULL, NULL, m, 10, 0), DS_ERANGE, "matrix");
	ck_assert_err_field(ds_valuation_ahp_weights(w, NULL, NULL, NULL, m, 0, 0), DS_ERANGE, "matrix");
	ck_assert_err_field(ds_valuation_ahp_weights(w, NULL, NULL, NULL, m, 3, 20), DS_ERANGE, "precision");
	m[1] = two; /* a_12 = 2 but a_21 = 1 */
	ck_assert_err_field(ds_valuation_ahp_weights(w, NULL, NULL, NULL, m, 3, 0), DS_EINVAL, "matrix[2][1]");
	m[3] = half;
	ck_assert_ds_ok(ds_valuation_ahp_weights(w, NULL, NULL, NULL, m, 3, 0));
	m[4] = two;
	ck_assert_err_field(ds_valuation_ahp_weights(w, NULL, NULL, NULL, m, 3, 0), DS_EINVAL, "matrix[2][2]");
	m[4] = one;
	m[2] = neg;
	ck_assert_err_field(ds_valuation_ahp_weights(w, NULL, NULL, NULL, m, 3, 0), DS_EINVAL, "matrix[1][3]");
	m[2] = third;
	ck_assert_err_field(ds_valuation_ahp_weights(w, NULL, NULL, NULL, m, 3, 0), DS_EINVAL, "matrix[3][1]");
	m[2] = NULL;
	ck_assert_err_field(ds_valuation_ahp_weights(w, NULL, NULL, NULL, m, 3, 0), DS_EINVAL, "matrix[1][3]");
	ck_assert_err_field(ds_valuation_ahp_weights(w, NULL, NULL, NULL, NULL, 3, 0), DS_EINVAL, "matrix");
	ds_decimal_free(one);
	ds_decimal_free(two);
	ds_decimal_free(half);
	ds_decimal_free(third);
	ds_decimal_free(neg);
	for (i = 0; i < 10; i++)
		ds_decimal_free(w[i]);
	ds_valuation_free(v);
}
END_TEST

/* ------------------------------------------------------------ reconciliation */

START_TEST(reconcile_chosen_and_weighted)
{
	ds_valuation_reconcile_params p = DS_VALUATION_RECONCILE_PARAMS_INIT;
	static const char *const labels[] = { "收益法", "成本法", "市场法" };
	ds_valuation *v = NULL;
	dlist x, w, bad;

	ck_assert_ds_ok(ds_valuation_new(&v));
	dl_parse(&x, "2877535.69,800000,2441880");
	dl_parse(&w, "0.5,0.2,0.3");
	p.n = 3;
	p.values = x.d;
	p.labels = labels;
	p.chosen = 0;
	ck_assert_ds_ok(ds_valuation_reconcile(v, &p, NULL));
	ck_assert_dec_eq(ds_valuation_value(v), "287753569/100");
	ck_assert_str_eq(trace_find(v, "spread").exact, "2077535.69");
	ck_assert_str_eq(trace_find(v, "max").exact, "2877535.69");
	ck_assert_str_eq(trace_find(v, "min").exact, "800000");
	ck_assert_str_eq(trace_find(v, "dev_1").exact, "0");
	ck_assert_ptr_nonnull(strstr(trace_find(v, "rule").exact, "收益法"));
	p.weights = w.d;
	ck_assert_ds_ok(ds_valuation_reconcile(v, &p, NULL));
	ck_assert_dec_eq(ds_valuation_value(v), "466266369/200"); /* 1438767.845 + 160000 + 732564 */
	dl_parse(&bad, "0,0,0");
	p.weights = bad.d;
	ck_assert_err_field(ds_valuation_reconcile(v, &p, NULL), DS_ERANGE, "weights");
	ds_decimal_set_int64(bad.d[1], -1);
	ck_assert_err_field(ds_valuation_reconcile(v, &p, NULL), DS_ERANGE, "weights[2]");
	p.weights = NULL;
	p.chosen = 3;
	ck_assert_err_field(ds_valuation_reconcile(v, &p, NULL), DS_EINVAL, "chosen");
	p.n = 0;
	ck_assert_err_field(ds_valuation_reconcile(v, &p, NULL), DS_EINVAL, "values");
	ck_assert_dec_eq(ds_valuation_value(v), "466266369/200");
	dl_free(&x);
	dl_free(&w);
	dl_free(&bad);
	ds_valuation_free(v);
}
END_TEST

/* ------------------------------------------------------------ object and options */

START_TEST(object_and_options)
{
	ds_valuation_options o;
	ds_valuation_income_params ip;
	ds_valuation_cost_params cp;
	ds_valuation_cost2019_params c19;
	ds_valuation_market_params mp;
	ds_valuation_quality_params qp;
	ds_valuation_reconcile_params rp;
	ds_valuation *v = NULL;
	ds_trace_entry e;
	char *text = NULL;

	ck_assert_ds_ok(ds_valuation_options_init(&o, DS_VALUATION_OPTIONS_VERSION));
	ck_assert_int_eq(o.no_trace, 0);
	ck_assert_ds_err(ds_valuation_options_init(&o, 2), DS_EINVAL);
	ck_assert_ds_err(ds_valuation_options_init(NULL, 1), DS_EINVAL);
	ck_assert_ds_ok(ds_valuation_income_params_init(&ip, DS_VALUATION_INCOME_PARAMS_VERSION));
	ck_assert_ds_ok(ds_valuation_cost_params_init(&cp, DS_VALUATION_COST_PARAMS_VERSION));
	ck_assert_ds_ok(ds_valuation_cost2019_params_init(&c19, DS_VALUATION_COST2019_PARAMS_VERSION));
	ck_assert_ds_ok(ds_valuation_market_params_init(&mp, DS_VALUATION_MARKET_PARAMS_VERSION));
	ck_assert_ds_ok(ds_valuation_quality_params_init(&qp, DS_VALUATION_QUALITY_PARAMS_VERSION));
	ck_assert_ds_ok(ds_valuation_reconcile_params_init(&rp, DS_VALUATION_RECONCILE_PARAMS_VERSION));
	ck_assert_ds_err(ds_valuation_income_params_init(&ip, 0), DS_EINVAL);
	ck_assert_ds_err(ds_valuation_reconcile_params_init(NULL, 1), DS_EINVAL);
	ck_assert_uint_eq(ip.periods, 0);
	ck_assert_ptr_null(ip.terminal_value);
	ck_assert_ds_err(ds_valuation_new(NULL), DS_EINVAL);
	ck_assert_ds_ok(ds_valuation_new(&v));
	ck_assert_dec_eq(ds_valuation_value(v), "0");
	ck_assert_uint_eq(ds_valuation_trace_count(v), 0);
	ck_assert_ds_ok(ds_valuation_trace_to_text(&text, v));
	ck_assert_str_eq(text, "");
	ds_free(text);
	ck_assert_ds_err(ds_valuation_trace_to_text(NULL, v), DS_EINVAL);
	ck_assert_ds_err(ds_valuation_trace_at(NULL, v, 0), DS_EINVAL);
	ck_assert_ds_err(ds_valuation_trace_at(&e, NULL, 0), DS_EINVAL);
	ck_assert_ptr_null(ds_valuation_value(NULL));
	ck_assert_uint_eq(ds_valuation_trace_count(NULL), 0);
	ds_valuation_free(v);
	ds_valuation_free(NULL);
}
END_TEST

/* ------------------------------------------------------------ documents */

static char *fixture(const char *name)
{
	static char path[1024];
	const char *top = getenv("top_srcdir");
	snprintf(path, sizeof path, "%s/tests/fixtures/valuation/%s", top ? top : "..", name);
	return path;
}

START_TEST(document_example)
{
	ds_valuation_report *r = NULL;
	const ds_valuation *a;
	const char *id, *kind;
	char *xml = NULL, *text = NULL;

	ck_assert_ds_ok(ds_valuation_report_load(&r, fixture("example.xml"), NULL));
	ck_assert_uint_eq(ds_valuation_report_approach_count(r), 3);
	ck_assert_ds_ok(ds_valuation_report_approach_at(&a, &id, &kind, r, 0));
	ck_assert_str_eq(id, "income");
	ck_assert_str_eq(kind, "income");
	ck_assert_dec_eq(ds_valuation_value(a), "3830000000/1331");
	ck_assert_ds_ok(ds_valuation_report_approach_at(&a, NULL, NULL, r, 2));
	ck_assert_ptr_nonnull(a);
	{
		/* Past the end: DS_ERANGE naming index and count, every output unchanged. */
		const ds_valuation *before = a;
		const char *id_before = id, *kind_before = kind;
		ck_assert_ds_err(ds_valuation_report_approach_at(&a, &id, &kind, r, 3), DS_ERANGE);
		ck_assert_msg(strstr(ds_error_last()->message, "index 3") != NULL, "%s", ds_error_last()->message);
		ck_assert_msg(strstr(ds_error_last()->message, "3 approaches") != NULL, "%s", ds_error_last()->message);
		ck_assert_ptr_eq(a, before);
		ck_assert_ptr_eq(id, id_before);
		ck_assert_ptr_eq(kind, kind_before);
		ck_assert_ds_err(ds_valuation_report_approach_at(&a, NULL, NULL, r, SIZE_MAX), DS_ERANGE);
		ck_assert_ptr_eq(a, before);
		ck_assert_ds_err(ds_valuation_report_approach_at(NULL, &id, &kind, r, 0), DS_EINVAL);
		ck_assert_ds_err(ds_valuation_report_approach_at(&a, &id, &kind, NULL, 0), DS_EINVAL);
		ck_assert_ptr_eq(id, id_before);
		ck_assert_uint_eq(ds_valuation_report_approach_count(NULL), 0);
	}
	ck_assert_dec_eq(ds_valuation_value(ds_valuation_report_conclusion(r)), "3103002684/1331");
	ck_assert_ds_ok(ds_valuation_report_to_xml(&xml, r));
	ck_assert_ptr_nonnull(strstr(xml,
				     "<conclusion exact=\"3103002684/1331\" value=\"2331331.84\" valueWan=\"233.13\" "
				     "words=\"人民币贰佰叁拾叁万壹仟叁佰叁拾壹元捌角肆分\">"));
	ck_assert_ptr_nonnull(strstr(xml, "<cell rateChange=\"0.01\" incomeChange=\"0.1\""));
	ck_assert_ds_ok(ds_valuation_report_to_text(&text, r));
	ck_assert_ptr_nonnull(strstr(text, "评估值 (value):  2,331,331.84 元\n               233.13 万元\n"));
	ck_assert_ptr_nonnull(
		strstr(text, "+1%              2,542,856.95         2,825,396.62         3,107,936.28\n"));
	ds_free(xml);
	ds_free(text);
	ds_valuation_report_free(r);
	ds_valuation_report_free(NULL);
}
END_TEST

START_TEST(document_all_forms)
{
	static const struct {
		const char *id, *exact;
	} expect[] = {
		{ "share", "450000000/343" }, { "excess", "69450000000/12167" }, { "incremental", "237500000/243" },
		{ "mid", "13210/11" },	      { "cost2019", "842688" },		 { "quality-cost-quality", "4/5" },
		{ "quality-cost", "800000" }, { "market", "9127125/8" },
	};
	ds_valuation_report *r = NULL;
	const char *id;
	size_t i;

	ck_assert_ds_ok(ds_valuation_report_load(&r, fixture("all-forms.xml"), NULL));
	ck_assert_uint_eq(ds_valuation_report_approach_count(r), 8);
	for (i = 0; i < 8; i++) {
		const ds_valuation *a = NULL;
		ck_assert_ds_ok(ds_valuation_report_approach_at(&a, &id, NULL, r, i));
		ck_assert_str_eq(id, expect[i].id);
		ck_assert_dec_eq(ds_valuation_value(a), expect[i].exact);
	}
	{
		const ds_valuation *mid = NULL;
		ck_assert_ds_ok(ds_valuation_report_approach_at(&mid, NULL, NULL, r, 3));
		ck_assert_str_eq(trace_find(mid, "s").exact, "1.1");
	}
	ck_assert_dec_eq(ds_valuation_value(ds_valuation_report_conclusion(r)), "450000000/343");
	ds_valuation_report_free(r);
}
END_TEST

#define DOC_HEAD                                                                                                  \
	"<valuation xmlns=\"urn:datasset:valuation:1\" version=\"1\"><subject name=\"x\"/><right>holding</right>" \
	"<baseDate>2025-01-01</baseDate>\n"
#define DOC_TAIL "\n</valuation>\n"
#define INCOME_OK "<income method=\"direct\" rate=\"10%\"><period income=\"1\"/></income>"

/* Refused documents: the code, the line, the field path. */
static const struct {
	const char *body;
	int code, line;
	const char *field;
} bad_documents[] = {
	{ "<income method=\"direct\" rate=\"10%\"><period income=\"abc\"/></income>", DS_EPARSE, 2, NULL },
	{ "<barter/>", DS_EPARSE, 2, NULL },
	{ "<income method=\"direct\"><period income=\"1\" rate=\"1%\"/>\n<period income=\"1\" rate=\"-100%\"/></income>",
	  DS_ERANGE, 3, "valuation/income/period[2]/@rate" },
	{ "<income method=\"direct\" rate=\"-1.5\"><period income=\"1\"/></income>", DS_ERANGE, 2,
	  "valuation/income/@rate" },
	{ "<income method=\"direct\"><period income=\"1\"/></income>", DS_EINVAL, 2, "valuation/income/period/@rate" },
	{ "<income method=\"direct\" rate=\"1%\"><period income=\"1\" rate=\"2%\"/></income>", DS_EINVAL, 2,
	  "valuation/income/period/@rate" },
	{ "<income method=\"share\" rate=\"1%\" share=\"150%\"><period income=\"1\"/></income>", DS_ERANGE, 2,
	  "valuation/income/@share" },
	{ "<income method=\"share\" rate=\"1%\">\n<period income=\"1\"/></income>", DS_EINVAL, 3,
	  "valuation/income/period/@share" },
	{ "<income method=\"direct\" rate=\"1%\"><period income=\"1\" baseline=\"1\"/></income>", DS_EINVAL, 2,
	  "valuation/income/period/@baseline" },
	{ "<income method=\"excess\" rate=\"1%\"><period income=\"1\"><contribution name=\"a\" amount=\"1\"/></period>\n"
	  "<period income=\"1\"><contribution name=\"b\" amount=\"1\"/></period></income>",
	  DS_EINVAL, 3, "valuation/income/period[2]/contribution/@name" },
	{ "<income method=\"excess\" rate=\"1%\"><period income=\"1\"/></income>", DS_EINVAL, 2,
	  "valuation/income/period" },
	{ "<cost><component kind=\"direct\" amount=\"1\"/><delta value=\"0\"/></cost>", DS_ERANGE, 2,
	  "valuation/cost/delta/@value" },
	{ "<cost><component kind=\"direct\" amount=\"-1\"/><delta value=\"1\"/></cost>", DS_ERANGE, 2,
	  "valuation/cost/component/@amount" },
	{ "<cost><component kind=\"direct\" amount=\"1\"/><component kind=\"direct\" amount=\"1\"/><delta value=\"1\"/></cost>",
	  DS_EINVAL, 2, "valuation/cost/component[2]/@kind" },
	{ "<cost><component kind=\"direct\" amount=\"1\"/><life elapsed=\"1\" remaining=\"0\"/></cost>", DS_ERANGE, 2,
	  "valuation/cost/life/@remaining" },
	{ "<cost2019 return=\"0\" quality=\"1\" circulation=\"1\" monopoly=\"0\" risk=\"100%\"><cost kind=\"operation\" "
	  "amount=\"1\"/></cost2019>",
	  DS_ERANGE, 2, "valuation/cost2019/@risk" },
	{ "<market><comparable price=\"1\"><coefficient name=\"quality\" value=\"1\"/>\n<coefficient name=\"colour\" "
	  "value=\"1\"/></comparable></market>",
	  DS_EINVAL, 3, "valuation/market/comparable/coefficient[2]/@name" },
	{ "<market><comparable price=\"1\"/><comparable price=\"1\"><coefficient name=\"date\" subject=\"0\" "
	  "comparable=\"1\"/></comparable></market>",
	  DS_ERANGE, 2, "valuation/market/comparable[2]/coefficient/@subject" },
	{ "<market><comparable price=\"1\"><coefficient name=\"date\" subject=\"1\"/></comparable></market>", DS_EINVAL,
	  2, "valuation/market/comparable/coefficient/@comparable" },
	{ "<cost><component kind=\"direct\" amount=\"1\"/><quality><dimension name=\"a\" score=\"1\"/><dimension "
	  "name=\"b\" score=\"1\"/><dimension name=\"c\" score=\"1\"/>\n<ahp><row>1 9 1/9</row><row>1/9 1 9</row><row>9 "
	  "1/9 1</row></ahp></quality></cost>",
	  DS_EVERIFY, 3, "valuation/cost/quality/ahp" },
	{ "<cost><component kind=\"direct\" amount=\"1\"/><quality><dimension name=\"a\" score=\"1\"/><dimension "
	  "name=\"b\" score=\"1\"/>\n<ahp><row>1 2</row><row>1 1</row></ahp></quality></cost>",
	  DS_EINVAL, 3, "valuation/cost/quality/ahp/row[2]" },
	{ "<cost><component kind=\"direct\" amount=\"1\"/><quality><dimension name=\"a\" score=\"0.5\" "
	  "weight=\"0.5\"/>\n<dimension name=\"b\" score=\"0.5\" weight=\"0.4\"/></quality></cost>",
	  DS_EINVAL, 2, "valuation/cost/quality" },
	{ INCOME_OK "\n" INCOME_OK, DS_EINVAL, 3, "valuation/income[2]/@id" },
	{ INCOME_OK "<income id=\"b\" method=\"direct\" rate=\"10%\"><period income=\"1\"/></income>", DS_EINVAL, 1,
	  "valuation" },
	{ INCOME_OK "<conclusion>\n<weight approach=\"nope\" value=\"1\"/></conclusion>", DS_EINVAL, 3,
	  "valuation/conclusion/weight/@approach" },
	{ INCOME_OK "<conclusion approach=\"nope\"/>", DS_EINVAL, 2, "valuation/conclusion/@approach" },
	{ "<cost><component kind=\"direct\" amount=\"1\"/><delta value=\"1\"/></cost>\n<sensitivity rateChanges=\"1%\" "
	  "incomeChanges=\"0\"/>",
	  DS_EINVAL, 3, "valuation/sensitivity" },
	{ INCOME_OK "\n<sensitivity rateChanges=\"-200%\" incomeChanges=\"0\"/>", DS_ERANGE, 3,
	  "valuation/sensitivity" },
	/* A conclusion the result document cannot write in 大写 (10^16 元 and over), with and
	 * without a <conclusion> element (fuzz_valuation). */
	{ "<income method=\"direct\" rate=\"10%\"><period income=\"11000000000000000\"/></income>", DS_ERANGE, 1,
	  "valuation" },
	{ "<income id=\"a\" method=\"direct\" rate=\"10%\"><period income=\"11000000000000000\"/></income>\n"
	  "<conclusion approach=\"a\"/>",
	  DS_ERANGE, 3, "valuation/conclusion" },
};

START_TEST(document_refused)
{
	char doc[4096];
	size_t i;
	ds_valuation_report *r = NULL;

	for (i = 0; i < sizeof bad_documents / sizeof bad_documents[0]; i++) {
		int rc;
		snprintf(doc, sizeof doc, "%s%s%s", DOC_HEAD, bad_documents[i].body, DOC_TAIL);
		rc = ds_valuation_report_parse(&r, doc, strlen(doc), "bad.xml", NULL);
		ck_assert_msg(rc == bad_documents[i].code, "document %zu: got %s, expected %s (%s)", i, ds_strerror(rc),
			      ds_strerror(bad_documents[i].code), ds_error_last()->message);
		ck_assert_msg(ds_error_last()->line == bad_documents[i].line, "document %zu: line %d, expected %d (%s)",
			      i, ds_error_last()->line, bad_documents[i].line, ds_error_last()->message);
		if (bad_documents[i].field)
			ck_assert_msg(strcmp(ds_error_last()->field, bad_documents[i].field) == 0,
				      "document %zu: field '%s', expected '%s' (%s)", i, ds_error_last()->field,
				      bad_documents[i].field, ds_error_last()->message);
		ck_assert_ptr_null(r);
	}
	ck_assert_ds_err(ds_valuation_report_parse(&r, "<valuation", 10, NULL, NULL), DS_EPARSE);
	ck_assert_ds_err(ds_valuation_report_parse(NULL, doc, strlen(doc), NULL, NULL), DS_EINVAL);
	ck_assert_ds_err(ds_valuation_report_load(&r, "/nonexistent/valuation.xml", NULL), DS_EIO);
	ck_assert_ptr_null(r);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("valuation");
	TCase *tc = tcase_create("valuation");

	tcase_add_test(tc, worked_examples_to_the_fen);
	tcase_add_test(tc, trace_matches_eager_golden);
	tcase_add_test(tc, cost2019_trace_has_utility);
	tcase_add_test(tc, income_mid_period);
	tcase_add_test(tc, income_rates_and_terminal_value);
	tcase_add_test(tc, income_share_per_period_and_trace);
	tcase_add_test(tc, income_trace_off_same_value);
	tcase_add_test(tc, income_refuses);
	tcase_add_test(tc, sensitivity_grid);
	tcase_add_test(tc, cost_adjustments);
	tcase_add_test(tc, cost2019_refuses);
	tcase_add_test(tc, market_computed_coefficients_and_weights);
	tcase_add_test(tc, quality_given_weights);
	tcase_add_test(tc, ahp_consistent_matrix);
	tcase_add_test(tc, ahp_textbook_matrix);
	tcase_add_test(tc, ahp_inconsistent_refused_unless_accepted);
	tcase_add_test(tc, ahp_ri_table_and_bad_matrices);
	tcase_add_test(tc, reconcile_chosen_and_weighted);
	tcase_add_test(tc, object_and_options);
	tcase_add_test(tc, document_example);
	tcase_add_test(tc, document_all_forms);
	tcase_add_test(tc, document_refused);
	suite_add_tcase(s, tc);
	return tu_run(s);
}
