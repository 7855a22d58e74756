/*
 * The valuation module's private helpers: the result object with its trace,
 * parameter checks and the numeric kernels shared by the approaches.
 * SPDX-License-Identifier: MIT
 */
#ifndef DS_VALUATION_INTERNAL_H
#define DS_VALUATION_INTERNAL_H

#include "datasset/valuation.h"
#include "internal/core.h"

/*
 * The calculation trace is recorded cheaply and formatted when first read
 * (issue 27: formatting every line as it was recorded cost ~120× the
 * computation). A recorded line keeps its four texts as static templates with
 * numbers to fill in (or as copied strings) and its exact value as a copy in
 * one of the trace's own decimals (a slot); a value the computation never
 * needed (a discount factor, a period's present value) is left to a job that
 * the first read runs before formatting. Reading then writes exactly what the
 * eager trace wrote: the same functions format the same exact values
 * (tests/fixtures/valuation/trace-eager holds the eager output).
 */

/* The four texts of a line as templates: "%1" and "%2" stand for the line's two
 * numbers, "%s" for its string, "%%" for '%'; anything else is copied. */
typedef struct vtmpl {
	const char *symbol, *name_zh, *name_en, *formula;
} vtmpl;

#define VT_NONE ((size_t)-1)
#define VBLOCK_MAX 3

/* One recorded line. */
typedef struct vrec {
	const vtmpl *tmpl; /* the templates, or NULL: the four texts are in rtext at off[] */
	size_t off[4];	   /* rtext offsets of symbol, name_zh, name_en, formula when tmpl is NULL */
	size_t a, b;	   /* the numbers of %1 and %2 */
	size_t str;	   /* rtext offset of the %s string, or VT_NONE */
	size_t val;	   /* the value's slot, or VT_NONE for a note (its text at rtext + note) */
	size_t note;
	const char *note_static; /* a note's text when static (never copied), else NULL */
	int scale;		 /* fractional digits of the display */
	/* A block (n > 0) stands for n × m lines: for t = 1..n, line j (j < m) of
	 * period t reads tms[j] with %1 = t, valued by slot bases[j] + t − 1. */
	size_t n, m;
	const vtmpl *tms[VBLOCK_MAX];
	size_t bases[VBLOCK_MAX];
	int scales[VBLOCK_MAX];
} vrec;

/* One formatted line: offsets into the trace's text buffer. */
typedef struct vtrace_line {
	size_t symbol, name_zh, name_en, formula, exact, display;
} vtrace_line;

struct vtrace;
/* A job fills slots left empty at recording, from other slots; run in order on first read. */
typedef int (*vjob_fn)(struct vtrace *t, const size_t *p);
#define VJOB_PARAMS 12
typedef struct vjob {
	vjob_fn run;
	size_t p[VJOB_PARAMS];
} vjob;

/* A trace under construction or a finished one. When @off is set every
 * recording call is a no-op (the fast path). Failures are remembered (oom).
 * Its memory (lines, strings, decimals) is reused from computation to computation. */
typedef struct vtrace {
	vrec *recs;
	size_t nrecs, cap;
	size_t count;	   /* lines (a block counts its n × m) */
	ds__buf rtext;	   /* strings recorded with the lines */
	ds_decimal **vals; /* slots: the trace's own decimals */
	size_t nvals, vals_cap;
	vjob *jobs;
	size_t njobs, jobs_cap;
	/* The formatted form, built on the first read. */
	ds__buf text;
	vtrace_line *lines;
	size_t lines_cap;
	int formatted; /* 0: not yet; 1: lines/text valid */
	int off;
	int oom;
} vtrace;

/* Small constants shared by the approaches. */
typedef struct vconst {
	ds_decimal *zero, *one, *minus_one, *hundred;
} vconst;
int ds__val_consts(vconst *c);
void ds__val_consts_free(vconst *c);

struct ds_valuation {
	ds_decimal *value;	 /* the live result */
	vtrace trace;		 /* its trace */
	ds_decimal *pending;	 /* the result being computed; swapped in on success */
	vtrace scratch;		 /* the trace being recorded; swapped in on success */
	ds_decimal **pool;	 /* per-period working numbers, reused across computations */
	const ds_decimal **ptrs; /* as many pointers, for arrays of operands */
	size_t pool_size;
	vconst c;
};

/* Resolved options with defaults filled in. */
typedef struct vopts {
	int trace;
	unsigned int precision;
	int accept_inconsistent;
} vopts;

int ds__val_opts(vopts *out, const ds_valuation_options *opts);
/* Start a computation into v: reset the scratch trace, honour trace on/off. */
vtrace *ds__val_begin(ds_valuation *v, const vopts *o);
/* Finish: on rc == DS_OK swap pending/scratch in (ENOMEM when the trace ran out of memory). */
int ds__val_finish(ds_valuation *v, int rc);
/* Make sure v's pool has @n decimals (and ptrs @n pointers). */
int ds__val_pool(ds_valuation *v, size_t n);

/* Record one line with copied texts and a copy of @value. @display_scale:
 * fractional digits shown (2 for money). Returns the value's slot (VT_NONE
 * when the trace is off or out of memory). */
size_t ds__trace_add(vtrace *t, const char *symbol, const char *name_zh, const char *name_en, const char *formula,
		     const ds_decimal *value, int display_scale);
/* Record one line from templates (static, never copied) with numbers @a, @b and
 * string @s (copied; NULL for none), valued by @value (copied) or, when @value is
 * NULL, by the existing slot @slot. Returns the line's slot or VT_NONE. */
size_t ds__trace_addt(vtrace *t, const vtmpl *tm, size_t a, size_t b, const char *s, const ds_decimal *value,
		      size_t slot, int display_scale);
/* Record @n × @m lines as one block (see vrec): templates @tms, value slots from
 * @bases (already filled, or by a job), display scales @scales; m <= VBLOCK_MAX. */
void ds__trace_block(vtrace *t, size_t n, size_t m, const vtmpl *const *tms, const size_t *bases, const int *scales);
/* A line whose value is text (a rule, a choice) rather than a number. */
void ds__trace_note(vtrace *t, const char *symbol, const char *name_zh, const char *name_en, const char *text);
/* A note from static templates and static text: nothing is copied. */
void ds__trace_notet(vtrace *t, const vtmpl *tm, const char *text);
/* @n new consecutive slots (values for later lines or jobs): the first one's index, or VT_NONE. */
size_t ds__trace_slots(vtrace *t, size_t n);
/* Copy @value into slot @slot (no-op for VT_NONE). */
void ds__trace_set(vtrace *t, size_t slot, const ds_decimal *value);
/* The decimal of slot @slot (for jobs). */
ds_decimal *ds__trace_slot(vtrace *t, size_t slot);
/* Queue a job with @n parameters (at most VJOB_PARAMS), run on first read. */
void ds__trace_job(vtrace *t, vjob_fn run, const size_t *p, size_t n);
/* Format the trace if not yet done: DS_OK or the error (ENOMEM, a job's). */
int ds__trace_format(vtrace *t);
void ds__trace_reset(vtrace *t, int off);
void ds__trace_dispose(vtrace *t);

/* Argument checks that set an error naming @field. */
int ds__val_need(const void *p, const char *field);
/* Error unless lo < x (or lo <= x with lo_inclusive); hi likewise; NULL bound: unbounded. */
int ds__val_range(const ds_decimal *x, const char *field, const ds_decimal *lo, int lo_inclusive, const ds_decimal *hi,
		  int hi_inclusive);

/* r = the square root of g (g > 0) truncated to exactly @digits significant
 * digits: floor(√g × 10^e) / 10^e for the e that gives @digits digits (found
 * with GMP's integer square root, never floating point). */
int ds__val_sqrt(ds_decimal *r, const ds_decimal *g, unsigned int digits);

/* Exact text of a value: plain when it terminates, else "p/q" (ds_free). */
int ds__val_exact_text(char **out, const ds_decimal *x);

#endif
