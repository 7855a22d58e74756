/*
 * The valuation module's private helpers: the result object with its trace,
 * parameter checks and the numeric kernels shared by the approaches.
 * SPDX-License-Identifier: MIT
 */
#ifndef DS_VALUATION_INTERNAL_H
#define DS_VALUATION_INTERNAL_H

#include "datasset/valuation.h"
#include "internal/core.h"

/* One trace line: offsets into the trace's text buffer. */
typedef struct vtrace_line {
	size_t symbol, name_zh, name_en, formula, exact, display;
} vtrace_line;

/* A trace under construction or a finished one. When @off is set every
 * recording call is a no-op (the fast path). Failures are remembered (oom). */
typedef struct vtrace {
	ds__buf text;
	vtrace_line *lines;
	size_t count, cap;
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

/* Record one line. @display_scale: fractional digits shown (2 for money). */
void ds__trace_add(vtrace *t, const char *symbol, const char *name_zh, const char *name_en, const char *formula,
		   const ds_decimal *value, int display_scale);
/* A line whose value is text (a rule, a choice) rather than a number. */
void ds__trace_note(vtrace *t, const char *symbol, const char *name_zh, const char *name_en, const char *text);
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
