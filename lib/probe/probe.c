/*
 * The probe's analysis (自动探查): read a source once, classify every value,
 * widen each column's type on conflict, keep bounded statistics, count
 * duplicates and complete records, compute the fingerprint, and finish into
 * a ds_probe. docs/probe.md states the rules.
 * SPDX-License-Identifier: MIT
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <stddef.h>
#include <string.h>
#include <pthread.h>
#include <unistd.h>

#include "internal/crypto.h"
#include "internal/xml.h"
#include "probe_internal.h"

#define DEFAULT_DISTINCT_BOUND 65536u
#define MAX_DISTINCT_BOUND 4194304u
#define DEFAULT_TOP_K 10u
#define DEFAULT_THREADS_CAP 4u /* the default number of threads (online CPUs) is capped here */
#define MAX_TOP_K 100u
/* All columns' exact sets together stay under this (bytes at the bound, load ≤ 1/2). */
#define EXACT_BUDGET (24u * 1024u * 1024u)
/* Records checked for duplicates: the first DUP_WINDOW (16 MiB of 128-bit hashes at most). */
#define DUP_WINDOW 524288u
/* The content digest's record encoding is buffered and hashed in blocks. */
#define DIGEST_BLOCK 65536u

/* ---- the declared update cycle ---- */

static const struct {
	const char *name;
	long days;
} cycles[] = {
	/* Allowance: how old the latest date may be at the as-of date. 实时 and 每日
	 * allow one day (yesterday's data is on time today). */
	{ "实时", 1 },	  { "每日", 1 },     { "每周", 7 },   { "每月", 31 },
	{ "每季度", 92 }, { "每半年", 184 }, { "每年", 366 }, { "不定期", 0 },
};

long ds__probe_cycle_days(const char *cycle)
{
	size_t i;

	for (i = 0; i < sizeof cycles / sizeof cycles[0]; i++)
		if (strcmp(cycle, cycles[i].name) == 0)
			return cycles[i].days;
	return -1;
}

int ds_probe_options_init(ds_probe_options *opts, unsigned int version)
{
	ds_probe_options defaults = DS_PROBE_OPTIONS_INIT;

	size_t size;

	if (!opts || version < 1 || version > DS_PROBE_OPTIONS_VERSION)
		return ds__error(DS_EINVAL, "ds_probe_options_init: %s", opts ? "unknown version" : "NULL options");
	/* an older caller's struct ends before the fields added since: only its own are written */
	size = version == 1 ? offsetof(ds_probe_options, header) :
	       version == 2 ? offsetof(ds_probe_options, skip) :
	       version == 3 ? offsetof(ds_probe_options, threads) :
			      sizeof *opts;
	memcpy(opts, &defaults, size);
	opts->version = version;
	return DS_OK;
}

int ds__probe_check_options(const ds_probe_options *opts)
{
	ds__date d;

	if (!opts)
		return DS_OK;
	if (opts->version < 1 || opts->version > DS_PROBE_OPTIONS_VERSION)
		return ds__error_at(DS_EINVAL, 0, 0, "version", "probe options: unknown version %u", opts->version);
	if (opts->version >= 3 && opts->skip < DS_PROBE_SKIP_AUTO)
		return ds__error_at(DS_EINVAL, 0, 0, "skip",
				    "probe options: skip %ld is not -1 (detect a preamble) or a number of records",
				    opts->skip);
	if (opts->version >= 4 && opts->threads > DS_PROBE_MAX_THREADS)
		return ds__error_at(
			DS_EINVAL, 0, 0, "threads",
			"probe options: threads %u is above %u (0 for the default: the online CPUs, at most %u)",
			opts->threads, DS_PROBE_MAX_THREADS, DEFAULT_THREADS_CAP);
	if (opts->version >= 2 && (opts->header < DS_PROBE_HEADER_AUTO || opts->header > DS_PROBE_HEADER_NO))
		return ds__error_at(DS_EINVAL, 0, 0, "header", "probe options: header %d is not auto, yes or no",
				    (int)opts->header);
	if (opts->update_cycle && ds__probe_cycle_days(opts->update_cycle) < 0)
		return ds__error_at(
			DS_EINVAL, 0, 0, "update_cycle",
			"更新周期 (update_cycle): '%s' is not one of 实时 每日 每周 每月 每季度 每半年 每年 不定期",
			opts->update_cycle);
	if (opts->as_of && ds__date_parse(&d, opts->as_of) < 0)
		return ds__error_at(DS_EINVAL, 0, 0, "as_of", "as_of: '%s' is not a date YYYY-MM-DD", opts->as_of);
	if (opts->distinct_bound > MAX_DISTINCT_BOUND)
		return ds__error_at(DS_EINVAL, 0, 0, "distinct_bound", "distinct_bound: %llu is above %u",
				    (unsigned long long)opts->distinct_bound, MAX_DISTINCT_BOUND);
	if (opts->top_k > MAX_TOP_K)
		return ds__error_at(DS_EINVAL, 0, 0, "top_k", "top_k: %u is above %u", opts->top_k, MAX_TOP_K);
	return DS_OK;
}

/* ---- per-column analysis state ---- */

#define NUM_TEXT_MAX 72 /* sign, 64 digits, point, NUL */

/* Each distinct value classified once: a column's recent short values and how
 * they classify, by hash (direct-mapped, the text compared in full, so a hit is
 * the same value). A column whose values rarely repeat gives it up after
 * VCACHE_TRIAL values; only the first VCACHE_MAX_COLS columns have one (memory). */
#define VCACHE_SLOTS 256u
#define VCACHE_TEXT 32u
#define VCACHE_TRIAL 4096u
#define VCACHE_MAX_COLS 64u
typedef struct vcache_entry {
	uint64_t h;
	value_info vi;
	uint32_t len; /* 0: empty */
	/* the value's slot in the column's top-value table, when top_moves is the table's
	 * moves + 1 (0: not known): counted there without a lookup */
	uint32_t top_slot, top_moves;
	char text[VCACHE_TEXT];
} vcache_entry;

/* Two threads analyse neighbouring columns at the same time: each column's state
 * starts a cache line of its own (CACHE_LINE) and fills whole lines, so that
 * their writes do not pass one line between the cores. */
#define CACHE_LINE 64u
typedef struct col_state {
	_Alignas(CACHE_LINE) ds_probe_type type;
	int date_format; /* locked by the first date or datetime value */
	int int_digits, frac_digits;
	uint64_t nulls, non_empty, max_chars;
	uint64_t n_int, n_dec, n_bool, n_date, n_datetime, n_compact;
	uint64_t n_shape[PROBE_SEMANTICS], n_valid[PROBE_SEMANTICS];
	int has_num, has_date;
	char num_min[NUM_TEXT_MAX], num_max[NUM_TEXT_MAX];
	size_t num_min_len, num_max_len;
	int64_t min_m, max_m; /* the same as scaled integers when they have at most 18 digits */
	int min_f, max_f, min_ok, max_ok;
	int64_t date_min, date_max; /* keys of the locked format's values */
	hset exact;
	topk top;
	unsigned char *hll;
	vcache_entry *vc;  /* or NULL */
	uint32_t vc_tries; /* values looked up while on trial */
	uint32_t vc_hits;
	int vc_off; /* no cache (given up, or too many columns) */
} col_state;

typedef struct run_state {
	ds__source *src;
	size_t ncols;
	col_state *cols; /* [ncols], in cols_mem (aligned to CACHE_LINE) */
	void *cols_mem;
	rset dups;
	uint64_t rows, complete, dup_window, duplicates;
	int dup_exact;
	EVP_MD_CTX *content;
	unsigned char *block;
	size_t block_len;
	/* the batches and the tasks (see "batches" below) */
	struct batch *slots; /* [npool] the batches, in slots_mem (aligned to CACHE_LINE) */
	void *slots_mem;
	size_t npool;
	struct batch **ring; /* [nslots] batch i handed over is ring[i % nslots] */
	size_t nslots;	     /* batches handed over and not yet analysed, at most */
	uint64_t produced;   /* batches handed over */
	size_t ngroups;	     /* tasks: 0 the record level, g ≥ 1 the columns [lo[g - 1], lo[g]) */
	size_t *lo;
	uint64_t *next;	     /* [ngroups] the batch each task analyses next */
	unsigned char *busy; /* [ngroups] a thread runs it now */
	int finished;	     /* no more batches: the threads stop */
	int rc;		     /* a task's failure (first one), with its message */
	char errmsg[256];
	pthread_mutex_t mu;
	pthread_cond_t cond; /* a batch handed over, a task done */
	pthread_t *threads;
	size_t nthreads, want_threads;
	uint64_t *rh; /* [2 × records of a batch] the record hashes, task 0's */
	size_t rhcap;
	/* parallel parsing (see "chunks" below) */
	struct chunk_task *cq; /* [ncq] the chunks read and not yet settled, from cqhead */
	size_t ncq, cqhead, cqcount;
	int stop_chunks;    /* a failure: parse no more chunks */
	struct batch *fill; /* the batch the reading thread fills, or NULL */
} run_state;

static ds_probe_type join_type(ds_probe_type a, ds_probe_type b)
{
	if (a == b || b == DS_PROBE_EMPTY)
		return a;
	if (a == DS_PROBE_EMPTY)
		return b;
	if ((a == DS_PROBE_INTEGER && b == DS_PROBE_DECIMAL) || (a == DS_PROBE_DECIMAL && b == DS_PROBE_INTEGER))
		return DS_PROBE_DECIMAL;
	return DS_PROBE_TEXT;
}

/* Exact comparison of a value with the kept minimum or maximum: integers of up to
 * 18 digits compare as scaled integers, anything longer as digit strings. */
static int num_cmp(const value_info *vi, const char *s, size_t n, const char *kept, size_t kept_len, int64_t kept_m,
		   int kept_f, int kept_ok)
{
	if (vi->mantissa_ok && kept_ok) {
		if (vi->frac_digits == kept_f) /* the same scale (a column's usual case): no call */
			return (vi->mantissa > kept_m) - (vi->mantissa < kept_m);
		return ds__probe_mantissa_cmp(vi->mantissa, vi->frac_digits, kept_m, kept_f);
	}
	return ds__probe_numcmp(s, n, kept, kept_len);
}

static void keep_number(col_state *c, const value_info *vi, const char *s, size_t n)
{
	if (n >= NUM_TEXT_MAX)
		return; /* cannot happen: the classifier caps numbers at 64 digits */
	if (!c->has_num || num_cmp(vi, s, n, c->num_min, c->num_min_len, c->min_m, c->min_f, c->min_ok) < 0) {
		memcpy(c->num_min, s, n);
		c->num_min[n] = '\0';
		c->num_min_len = n;
		c->min_m = vi->mantissa;
		c->min_f = vi->frac_digits;
		c->min_ok = vi->mantissa_ok;
	}
	if (!c->has_num || num_cmp(vi, s, n, c->num_max, c->num_max_len, c->max_m, c->max_f, c->max_ok) > 0) {
		memcpy(c->num_max, s, n);
		c->num_max[n] = '\0';
		c->num_max_len = n;
		c->max_m = vi->mantissa;
		c->max_f = vi->frac_digits;
		c->max_ok = vi->mantissa_ok;
	}
	c->has_num = 1;
}

/* What @s[@n] (hash @h) classifies as, from the column's cache when it holds the value.
 * The value's cache entry (it holds the value after the call), or NULL. On a hit (*@hit
 * set) the classification is e->vi, not copied to @vi. */
static vcache_entry *classify_cached(col_state *c, value_info *vi, const char *s, size_t n, uint64_t h, int *hit)
{
	vcache_entry *e;

	if (c->vc_off || n > VCACHE_TEXT) {
		ds__probe_classify(vi, s, n);
		return NULL;
	}
	if (!c->vc && !(c->vc = ds__calloc(VCACHE_SLOTS, sizeof *c->vc))) {
		c->vc_off = 1; /* no memory for it: classify each value, as without */
		ds__probe_classify(vi, s, n);
		return NULL;
	}
	e = &c->vc[(h ^ (h >> 29)) & (VCACHE_SLOTS - 1)];
	if (c->vc_tries < VCACHE_TRIAL && ++c->vc_tries == VCACHE_TRIAL && c->vc_hits < VCACHE_TRIAL / 4) {
		ds__free(c->vc); /* the values rarely repeat */
		c->vc = NULL;
		c->vc_off = 1;
		ds__probe_classify(vi, s, n);
		return NULL;
	}
	if (e->len == n && e->h == h && ds__probe_same(e->text, s, n)) {
		c->vc_hits++;
		*hit = 1;
		return e;
	}
	ds__probe_classify(vi, s, n);
	e->h = h;
	e->len = (uint32_t)n;
	e->top_moves = 0;
	memcpy(e->text, s, n);
	e->vi = *vi;
	return e;
}

/* The counts a value adds to its column: its shapes, and its type's (a date only in the
 * format the column's first date locked: the first date locks it here, so a value found
 * in the column's cache, a date seen before, finds the lock already set). The same for a
 * value classified now and one found in the cache. */
static inline void count_value(col_state *c, const value_info *v)
{
	unsigned int bits;
	int k;

	for (bits = v->shape; bits; bits &= bits - 1) {
		k = __builtin_ctz(bits);
		c->n_shape[k]++;
		c->n_valid[k] += (v->valid >> k) & 1u;
	}
	if (v->flags & VAL_INT) {
		c->n_int++;
		c->n_compact += (v->flags & VAL_COMPACT) != 0;
	} else if (v->flags & VAL_DEC) {
		c->n_dec++;
	} else if (v->flags & VAL_BOOL) {
		c->n_bool++;
	} else if (v->flags & (VAL_DATE | VAL_DATETIME)) {
		if (c->date_format == FMT_NONE)
			c->date_format = v->format;
		if (v->format == c->date_format) {
			if (v->flags & VAL_DATE)
				c->n_date++;
			else
				c->n_datetime++;
		}
	}
}

/* The value into the column's type evidence; its cache entry (see classify_cached) or NULL. */
static vcache_entry *observe(col_state *c, const char *s, size_t n, int truncated, uint64_t h)
{
	value_info vi;
	vcache_entry *e;
	ds_probe_type vt;
	int hit = 0;

	if (truncated) {
		c->type = DS_PROBE_TEXT;
		return NULL;
	}
	e = classify_cached(c, &vi, s, n, h, &hit);
	if (hit) {
		/* The same text went through this column before (it filled the entry): the
		 * minimum and maximum, the digits, the date format's lock and the type (a
		 * join, which gives the same type again for a value already joined) are as
		 * it left them, so only the counts change. */
		count_value(c, &e->vi);
		return e;
	}
	count_value(c, &vi);
	if (vi.flags & (VAL_INT | VAL_DEC)) {
		vt = vi.flags & VAL_INT ? DS_PROBE_INTEGER : DS_PROBE_DECIMAL;
		/* a text column stays text (a join with text is text), and its report has no
		 * digits, minimum or maximum: the ID number column's values are not compared */
		if (c->type != DS_PROBE_TEXT) {
			if (vi.int_digits > c->int_digits)
				c->int_digits = vi.int_digits;
			if (vi.frac_digits > c->frac_digits)
				c->frac_digits = vi.frac_digits;
			keep_number(c, &vi, s, n);
		}
	} else if (vi.flags & VAL_BOOL) {
		vt = DS_PROBE_BOOLEAN;
	} else if (vi.flags & (VAL_DATE | VAL_DATETIME)) {
		/* count_value locked the column's format on its first date; a date in
		 * another format is text here */
		if (vi.format == c->date_format) {
			vt = vi.flags & VAL_DATE ? DS_PROBE_DATE : DS_PROBE_DATETIME;
			if (c->type != DS_PROBE_TEXT) { /* (as for numbers above) */
				if (!c->has_date || vi.date_key < c->date_min)
					c->date_min = vi.date_key;
				if (!c->has_date || vi.date_key > c->date_max)
					c->date_max = vi.date_key;
				c->has_date = 1;
			}
		} else {
			vt = DS_PROBE_TEXT;
		}
	} else {
		vt = DS_PROBE_TEXT;
	}
	c->type = join_type(c->type, vt);
	return e;
}

/* Distinct values, one structure per value at a time: while a column has few distinct
 * values the top-value table counts them (exactly, by value); past it, the set of
 * 64-bit hashes; past its bound, HyperLogLog. Each hands its contents to the next when
 * it gives up (HLL registers do not depend on how often a value was added), so the
 * result is as if every value had gone through every structure. */
static int set_add(col_state *c, uint64_t h)
{
	size_t i;
	int rc;

	if (c->exact.overflow) {
		ds__hll_add(c->hll, h);
		return DS_OK;
	}
	rc = ds__hset_add(&c->exact, h);
	if (rc != -1)
		return rc < 0 ? rc : DS_OK;
	if (!(c->hll = ds__calloc(HLL_M, 1)))
		return ds__enomem();
	for (i = 0; i < c->exact.cap; i++)
		if (c->exact.slots[i])
			ds__hll_add(c->hll, c->exact.slots[i]);
	if (c->exact.has_zero)
		ds__hll_add(c->hll, 0);
	ds__hset_dispose(&c->exact);
	c->exact.overflow = 1;
	ds__hll_add(c->hll, h);
	return DS_OK;
}

/* @e (or NULL): the value's entry in the column's classification cache, which may know
 * its slot in the top-value table. */
static int distinct_add(col_state *c, uint64_t h, const char *s, size_t n, vcache_entry *e)
{
	size_t i, slot = 0;
	uint32_t moves;
	int rc;

	if (c->exact.overflow) { /* past both (a column of mostly unique values): no call */
		ds__hll_add(c->hll, h);
		return DS_OK;
	}
	if (!c->top.overflow) {
		if (e && e->top_moves == c->top.moves + 1) {
			/* the slot holds this value (the table has not moved since): what
			 * ds__topk_add would find, without the lookup */
			c->top.slots[e->top_slot].count++;
			return DS_OK;
		}
		moves = c->top.moves;
		rc = ds__topk_add(&c->top, h, s, n, e ? &slot : NULL);
		if (rc >= 0 && e && c->top.moves == moves) { /* (slot is stale when the call moved the table) */
			e->top_slot = (uint32_t)slot;
			e->top_moves = c->top.moves + 1;
		}
		if (rc != -1)
			return rc < 0 ? rc : DS_OK;
		for (i = 0; i < c->top.cap; i++)
			if (c->top.slots[i].count && (rc = set_add(c, c->top.slots[i].hash)) < 0)
				return rc;
		ds__topk_release(&c->top);
	}
	return set_add(c, h);
}

static inline uint64_t lane(uint64_t x, uint64_t k)
{
	x ^= x >> 33;
	x *= k;
	x ^= x >> 29;
	return x;
}

static int digest_flush_put(run_state *st, const void *data, size_t len)
{
	const unsigned char *p = data;

	while (len > 0) {
		size_t take = DIGEST_BLOCK - st->block_len;
		if (take > len)
			take = len;
		memcpy(st->block + st->block_len, p, take);
		st->block_len += take;
		p += take;
		len -= take;
		if (st->block_len == DIGEST_BLOCK) {
			if (EVP_DigestUpdate(st->content, st->block, st->block_len) != 1)
				return ds__openssl_error(DS_EINTERNAL, "content digest: SHA-256 update failed");
			st->block_len = 0;
		}
	}
	return DS_OK;
}

/* Append to the digest's block; hashed when the block is full. */
static inline int digest_put(run_state *st, const void *data, size_t len)
{
	if (st->block_len + len < DIGEST_BLOCK) {
		memcpy(st->block + st->block_len, data, len);
		st->block_len += len;
		return DS_OK;
	}
	return digest_flush_put(st, data, len);
}

/* Copy @n bytes, short values without a call: two overlapping moves of 16, 8 or 4 bytes. */
static inline void small_copy(unsigned char *d, const char *s, size_t n)
{
	size_t i;

	if (n > 16 && n <= 32) {
		memcpy(d, s, 16);
		memcpy(d + n - 16, s + n - 16, 16);
	} else if (n >= 8 && n <= 16) {
		memcpy(d, s, 8);
		memcpy(d + n - 8, s + n - 8, 8);
	} else if (n >= 4 && n < 8) {
		memcpy(d, s, 4);
		memcpy(d + n - 4, s + n - 4, 4);
	} else if (n < 4) {
		for (i = 0; i < n; i++)
			d[i] = (unsigned char)s[i];
	} else {
		memcpy(d, s, n);
	}
}

/* @v little-endian at @b (one store where the machine is little-endian). */
static inline void put_u32(unsigned char *b, uint32_t v)
{
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
	memcpy(b, &v, 4);
#else
	b[0] = (unsigned char)v;
	b[1] = (unsigned char)(v >> 8);
	b[2] = (unsigned char)(v >> 16);
	b[3] = (unsigned char)(v >> 24);
#endif
}

/* ---- batches: the records handed from the reader to the analysis ---- */

/*
 * The reader (the calling thread) copies records into batches; the analysis of a
 * batch is split into tasks: task 0 is the record level (the content digest, the
 * record hashes for duplicates, complete records, rows) and each further task one
 * group of columns. A task sees the batches in order, one at a time, and a column
 * belongs to one task: every column's state and the record level see exactly the
 * sequence of values that one thread reading the file would give them, so the
 * probe is the same byte for byte whatever the number of threads (docs/probe.md,
 * "Threads"). With one thread the reader runs every task itself after each batch.
 */
#define BATCH_TEXT (256u * 1024u) /* a batch is handed over before its text passes this */
#define BATCH_FIELDS 16384u	  /* ... or its fields do */
/* The batch limits in use: the tests lower them to send small inputs through many
 * batches and threads. */
size_t ds__probe_batch_text = BATCH_TEXT, ds__probe_batch_fields = BATCH_FIELDS;
#define MAX_BATCHES 5u
#define MAX_COLUMN_TASKS 64u /* column groups: enough to balance the threads' work */

enum { BF_NULL = 1, BF_SQLNULL = 2, BF_TRUNC = 4, BF_FULL = 8 };

/* A field in a batch: 24 bytes (the column tasks read one per value). */
typedef struct bfield {
	uint64_t h;	       /* the value's hash (distinct values, record hash) */
	uint32_t off;	       /* text in the batch's text (after its u32 length; not NUL-terminated) */
	unsigned int len : 24; /* at most DS__SOURCE_MAX_FIELD */
	unsigned int flags : 8;
	uint32_t chars; /* size in characters (not BF_TRUNC: at most len) */
	uint32_t cut;	/* BF_TRUNC: index in the batch's cut */
} bfield;
_Static_assert(DS__SOURCE_MAX_FIELD < (1u << 24), "a field's length fits bfield.len");

/* A field the source cut: its full size in characters and, with BF_FULL, the
 * SHA-256 of its full bytes. */
typedef struct cutfield {
	unsigned char sha[32];
	uint64_t chars;
} cutfield;

typedef struct batch {
	/* a line of its own: one thread fills a batch (its counts change with each
	 * record) while others read their neighbours' */
	_Alignas(CACHE_LINE) size_t nrec;
	size_t reccap;
	size_t *start; /* [nrec + 1]: record r's fields are f[start[r] .. start[r + 1]) */
	bfield *f;
	size_t nfld, fldcap;
	/* the records' frames of the content digest (records_task), back to back: u32
	 * field count, then per field u32 length (0xFFFFFFFF for SQL NULL) and its bytes;
	 * a cut field has its length and the bytes kept, its frame is then built apart */
	char *text;
	size_t tlen, tcap;
	cutfield *cut;
	size_t ncut, cutcap;
	int held;	  /* chunks: being filled (or parsed into) */
	uint64_t ring_at; /* chunks: 1 + its number when handed over, else 0 */
} batch;

static void batch_dispose(batch *b)
{
	ds__free(b->start);
	ds__free(b->f);
	ds__free(b->text);
	ds__free(b->cut);
	memset(b, 0, sizeof *b);
}

static int grow(void **p, size_t *cap, size_t need, size_t size, size_t first)
{
	size_t n = *cap ? *cap : first;
	void *q;

	if (need <= *cap)
		return DS_OK;
	while (n < need)
		n *= 2;
	if (!(q = ds__realloc(*p, n * size)))
		return ds__enomem();
	*p = q;
	*cap = n;
	return DS_OK;
}

static void batch_clear(batch *b)
{
	b->nrec = b->nfld = b->tlen = b->ncut = 0;
	/* a batch that held one huge record gives its memory back */
	if (b->tcap > 2 * ds__probe_batch_text) {
		ds__free(b->text);
		b->text = NULL;
		b->tcap = 0;
	}
	if (b->fldcap > 2 * ds__probe_batch_fields) {
		ds__free(b->f);
		b->f = NULL;
		b->fldcap = 0;
	}
}

/* The bytes a record takes in a batch's text: its frame (the field count, and each
 * field's length and bytes). */
static size_t frame_size(const ds__record *rec)
{
	size_t i, text = 4;

	for (i = 0; i < rec->nfields; i++)
		text += 4 + rec->len[i];
	return text;
}

/* Copy one record into the batch as its frame, with each field's hash and null flag. */
static int batch_add(batch *b, const ds__record *rec)
{
	size_t i, n = rec->nfields, text = 4, ncut = 0;
	/* the record's arrays in locals: the byte stores below may alias the record's
	 * pointers (as char), which would have them loaded again for each field */
	const char *const *texts = rec->text;
	const size_t *lens = rec->len;
	const uint64_t *bytes = rec->bytes, *chars = rec->chars;
	const unsigned char *truncated = rec->truncated;
	int rc;

	for (i = 0; i < n; i++)
		text += 4 + lens[i];
	if (truncated)
		for (i = 0; i < n; i++)
			ncut += truncated[i] != 0;
	if ((rc = grow((void **)&b->start, &b->reccap, b->nrec + 2, sizeof *b->start, 1024)) < 0 ||
	    (rc = grow((void **)&b->f, &b->fldcap, b->nfld + n, sizeof *b->f, ds__probe_batch_fields)) < 0 ||
	    (rc = grow((void **)&b->text, &b->tcap, b->tlen + text, 1, ds__probe_batch_text)) < 0 ||
	    (ncut && (rc = grow((void **)&b->cut, &b->cutcap, b->ncut + ncut, sizeof *b->cut, 16)) < 0))
		return rc;
	b->start[b->nrec] = b->nfld;
	if (!rec->null && ncut == 0 && !rec->empty_value) {
		/* the usual record (every CSV record but one with a cut field): no SQL
		 * NULL, no cut field, no empty value; the same fields as the loop below
		 * gives, with fewer tests */
		unsigned char *base = (unsigned char *)b->text, *t = base + b->tlen;
		bfield *f = &b->f[b->nfld];
		put_u32(t, (uint32_t)n);
		t += 4;
		for (i = 0; i < n; i++, f++) {
			const char *s = texts[i];
			size_t len = lens[i];
			int is_null = (bytes ? bytes[i] : len) == 0;
			/* the entry built whole and stored at once (its line is cold: storing
			 * the length and flags bit-fields one by one would read it first) */
			bfield e = { is_null ? 0x656d707479ull : ds__probe_hash_inline(s, len),
				     (uint32_t)(t + 4 - base),
				     (unsigned int)len,
				     is_null ? BF_NULL : 0,
				     (uint32_t)(chars ? chars[i] : len),
				     0 };
			*f = e;
			put_u32(t, (uint32_t)len);
			small_copy(t + 4, s, len);
			t += 4 + len;
		}
		b->tlen = (size_t)(t - base);
		b->nfld += n;
		b->nrec++;
		b->start[b->nrec] = b->nfld;
		return DS_OK;
	}
	put_u32((unsigned char *)b->text + b->tlen, (uint32_t)n);
	b->tlen += 4;
	for (i = 0; i < n; i++) {
		bfield e, *f = &e; /* built here, stored whole below */
		const char *s = rec->text[i];
		size_t len = rec->len[i];
		int sqlnull = rec->null && rec->null[i];
		/* empty by its full size: a field cut to nothing (past the record's
		 * limit) is a value, and so is an empty BLOB (empty_value) */
		int is_null = sqlnull ||
			      ((rec->bytes ? rec->bytes[i] : len) == 0 && !(rec->empty_value && rec->empty_value[i]));
		const unsigned char *full = NULL;

		if (rec->truncated && rec->truncated[i] && rec->full_sha256)
			full = rec->full_sha256[i];
		f->flags = (unsigned char)((is_null ? BF_NULL : 0) | (sqlnull ? BF_SQLNULL : 0) |
					   (rec->truncated && rec->truncated[i] ? BF_TRUNC : 0) | (full ? BF_FULL : 0));
		put_u32((unsigned char *)b->text + b->tlen, sqlnull ? 0xFFFFFFFFu : (uint32_t)len);
		b->tlen += 4;
		f->off = (uint32_t)b->tlen;
		f->len = (uint32_t)len;
		f->chars = (uint32_t)(rec->chars ? rec->chars[i] : len);
		f->cut = 0;
		if (rec->truncated && rec->truncated[i]) {
			cutfield *cf = &b->cut[b->ncut];
			f->chars = 0;
			f->cut = (uint32_t)b->ncut++;
			cf->chars = rec->chars ? rec->chars[i] : len;
			if (full)
				memcpy(cf->sha, full, 32);
			else
				memset(cf->sha, 0, 32);
		}
		memcpy(b->text + b->tlen, s, len);
		b->tlen += len;
		if (is_null)
			f->h = sqlnull ? 0x6e756c6cull : 0x656d707479ull;
		else if (full) /* a cut field is told apart by all its bytes */
			f->h = ds__probe_hash(full, 32) ^ 0x637574ull;
		else
			f->h = ds__probe_hash_inline(s, len);
		b->f[b->nfld + i] = e;
	}
	b->nfld += n;
	b->nrec++;
	b->start[b->nrec] = b->nfld;
	return DS_OK;
}

/* Task 0, the record level of a batch. Canonical record encoding for the content
 * digest: u32 field count, then per field u32 length (0xFFFFFFFF for SQL NULL)
 * and the bytes (little-endian lengths); a field the source cut (longer than
 * DS__SOURCE_MAX_FIELD) is 0xFFFFFFFE and the SHA-256 of its full bytes instead,
 * so the whole field counts. */
static int records_task(run_state *st, const batch *b)
{
	size_t r, i;
	int rc;
	/* The batch's text is its records' frames back to back (batch_add): hashed as it
	 * is, after what the block holds, unless a cut field's frame differs from it. */
	int framed = b->ncut == 0;

	if (!st->dups.full && (rc = grow((void **)&st->rh, &st->rhcap, 2 * b->nrec, sizeof *st->rh, 2048)) < 0)
		return rc;
	/* The duplicates' set sized once from the first batch's bytes per record and the
	 * input's size (at most its bound, which is what it can grow to anyway): no
	 * rehashing while it doubles, and never the old and new tables at once. */
	if (!st->dups.cap && !st->dups.full && st->src->bytes_total && b->nrec) {
		/* the bytes per record: the values and one byte per field (the frames'
		 * field counts and lengths left out) */
		size_t per = (b->tlen - 4 * b->nrec - 3 * b->nfld) / b->nrec;
		if (per && (rc = ds__rset_reserve(&st->dups, (size_t)(st->src->bytes_total / per))) < 0)
			return rc;
	}
	if (framed && b->tlen) {
		if (st->block_len) {
			if (EVP_DigestUpdate(st->content, st->block, st->block_len) != 1)
				return ds__openssl_error(DS_EINTERNAL, "content digest: SHA-256 update failed");
			st->block_len = 0;
		}
		if (EVP_DigestUpdate(st->content, b->text, b->tlen) != 1)
			return ds__openssl_error(DS_EINTERNAL, "content digest: SHA-256 update failed");
	}

	for (r = 0; r < b->nrec && framed; r++) {
		const bfield *fs = b->f + b->start[r];
		size_t n = b->start[r + 1] - b->start[r];
		uint64_t ra = 0x9e3779b97f4a7c15ull ^ n, rb = 0xc2b2ae3d27d4eb4full + n;
		int complete = n >= st->ncols;

		if (st->dups.full) { /* past the duplicates' window: no record hash */
			for (i = 0; i < n && i < st->ncols; i++)
				if (fs[i].flags & BF_NULL)
					complete = 0;
		} else {
			for (i = 0; i < n; i++) {
				uint64_t h = fs[i].h;
				/* the record hash's two lanes, as below */
				ra = ((ra ^ h) << 23 | (ra ^ h) >> 41) * 0xff51afd7ed558ccdull;
				rb = (rb + (h ^ i)) * 0xc4ceb9fe1a85ec53ull;
				if (i < st->ncols && (fs[i].flags & BF_NULL))
					complete = 0;
			}
			st->rh[2 * r] = lane(ra, 0x9e3779b97f4a7c15ull);
			st->rh[2 * r + 1] = lane(rb, 0xff51afd7ed558ccdull);
		}
		st->rows++;
		st->complete += complete;
	}
	for (r = 0; r < b->nrec && !framed; r++) {
		const bfield *fs = b->f + b->start[r];
		size_t n = b->start[r + 1] - b->start[r];
		uint64_t ra = 0x9e3779b97f4a7c15ull ^ n, rb = 0xc2b2ae3d27d4eb4full + n;
		int complete = n >= st->ncols;
		unsigned char len4[4], *d = NULL;
		/* The record's bytes in the batch (its fields are consecutive there) bound its
		 * frame: when that fits the digest's block, the frame is written in place. */
		size_t span = n ? fs[n - 1].off + (size_t)fs[n - 1].len - fs[0].off : 0;

		if (st->block_len + 4 + 36 * n + span < DIGEST_BLOCK) {
			d = st->block + st->block_len;
			put_u32(d, (uint32_t)n);
			d += 4;
		} else {
			put_u32(len4, (uint32_t)n);
			if ((rc = digest_put(st, len4, 4)) < 0)
				return rc;
		}
		for (i = 0; i < n; i++) {
			const bfield *f = &fs[i];
			uint64_t h = f->h;

			if (d) {
				if (f->flags & BF_FULL) {
					put_u32(d, 0xFFFFFFFEu);
					memcpy(d + 4, b->cut[f->cut].sha, 32);
					d += 36;
				} else {
					put_u32(d, f->flags & BF_SQLNULL ? 0xFFFFFFFFu : f->len);
					small_copy(d + 4, b->text + f->off, f->len);
					d += 4 + (size_t)f->len;
				}
			} else if (f->flags & BF_FULL) {
				put_u32(len4, 0xFFFFFFFEu);
				if ((rc = digest_put(st, len4, 4)) < 0 ||
				    (rc = digest_put(st, b->cut[f->cut].sha, 32)) < 0)
					return rc;
			} else {
				put_u32(len4, f->flags & BF_SQLNULL ? 0xFFFFFFFFu : f->len);
				if ((rc = digest_put(st, len4, 4)) < 0 ||
				    (f->len && (rc = digest_put(st, b->text + f->off, f->len)) < 0))
					return rc;
			}
			/* Two independent order-dependent lanes (a 128-bit record hash), mixed once per record below. */
			ra = ((ra ^ h) << 23 | (ra ^ h) >> 41) * 0xff51afd7ed558ccdull;
			rb = (rb + (h ^ i)) * 0xc4ceb9fe1a85ec53ull;
			if (i < st->ncols && (f->flags & BF_NULL))
				complete = 0;
		}
		if (d)
			st->block_len = (size_t)(d - st->block);
		st->rows++;
		st->complete += complete;
		if (!st->dups.full) {
			st->rh[2 * r] = lane(ra, 0x9e3779b97f4a7c15ull);
			st->rh[2 * r + 1] = lane(rb, 0xff51afd7ed558ccdull);
		}
	}
	/* The record hashes into the duplicates' set, in order, each slot fetched from
	 * memory a few records ahead (the set is bigger than the caches). */
	for (r = 0; r < b->nrec && !st->dups.full; r++) {
		if (r + 8 < b->nrec && st->dups.cap)
			__builtin_prefetch(&st->dups.slots[2 * ((size_t)st->rh[2 * (r + 8)] & (st->dups.cap - 1))], 1);
		rc = ds__rset_add(&st->dups, st->rh[2 * r], st->rh[2 * r + 1]);
		if (rc < -1)
			return rc;
		if (rc >= 0) {
			st->dup_window++;
			st->duplicates += rc == 0;
		}
	}
	return DS_OK;
}

/* A column task: columns [lo, hi) of a batch, each through all its records. Columns
 * missing from a short row are nulls; a ragged row's extra fields count in the
 * record level only. */
static int columns_task(run_state *st, const batch *b, size_t lo, size_t hi)
{
	/* the batch's header read once: the stores to the column's state below could
	 * alias it, and would have it read again for each value */
	const bfield *bf = b->f;
	const size_t *start = b->start;
	const char *text = b->text;
	const cutfield *cut = b->cut;
	size_t nrec = b->nrec, c, r;
	int rc;

	for (c = lo; c < hi; c++) {
		col_state *cs = &st->cols[c];
		for (r = 0; r < nrec; r++) {
			const bfield *f;
			const char *s;
			vcache_entry *e;
			/* the exact set is bigger than the caches, and the HyperLogLog registers of
			 * all the columns together are: the slot or register fetched a few values ahead */
			if (cs->top.overflow && r + 8 < nrec && start[r + 8] + c < start[r + 9]) {
				uint64_t ah = bf[start[r + 8] + c].h;
				if (!cs->exact.overflow && cs->exact.cap)
					__builtin_prefetch(&cs->exact.slots[(size_t)ah & (cs->exact.cap - 1)]);
				else if (cs->exact.overflow)
					__builtin_prefetch(&cs->hll[ah >> (64 - HLL_P)]);
			}
			if (start[r] + c >= start[r + 1]) {
				cs->nulls++;
				continue;
			}
			f = &bf[start[r] + c];
			if (f->flags & BF_NULL) {
				cs->nulls++;
				continue;
			}
			s = text + f->off;
			cs->non_empty++;
			if (f->chars > cs->max_chars)
				cs->max_chars = f->chars;
			if ((f->flags & BF_TRUNC) && cut[f->cut].chars > cs->max_chars)
				cs->max_chars = cut[f->cut].chars;
			e = observe(cs, s, f->len, (f->flags & BF_TRUNC) != 0, f->h);
			if ((rc = distinct_add(cs, f->h, s, f->len, e)) < 0)
				return rc;
		}
	}
	return DS_OK;
}

/* ---- finishing: from the run state to the probe ---- */

static int set_str(char **dst, const char *s)
{
	if (!s) {
		*dst = NULL;
		return DS_OK;
	}
	if (!(*dst = ds__strdup(s)))
		return ds__enomem();
	return DS_OK;
}

static void format_key(char *buf, size_t size, int64_t key, int datetime)
{
	if (datetime) {
		int64_t d = key / 1000000, t = key % 1000000;
		snprintf(buf, size, "%04d-%02d-%02dT%02d:%02d:%02d", (int)(d / 10000), (int)(d / 100 % 100),
			 (int)(d % 100), (int)(t / 10000), (int)(t / 100 % 100), (int)(t % 100));
	} else {
		snprintf(buf, size, "%04d-%02d-%02d", (int)(key / 10000), (int)(key / 100 % 100), (int)(key % 100));
	}
}

typedef struct top_ref {
	const char *value;
	uint64_t count;
} top_ref;

static int top_order(const void *a, const void *b)
{
	const top_ref *x = a, *y = b;

	if (x->count != y->count)
		return x->count > y->count ? -1 : 1;
	return strcmp(x->value, y->value);
}

/* Pick the semantic type: among recognisers whose shape covers ≥ 90 % of the non-empty
 * values and whose check passes for ≥ 50 % of those, the one with the most valid values. */
static ds_probe_semantic pick_semantic(const col_state *c)
{
	ds_probe_semantic best = DS_SEMANTIC_NONE;
	int k;

	for (k = 1; k < PROBE_SEMANTICS; k++) {
		if (c->non_empty == 0 || c->n_shape[k] * 10 < c->non_empty * 9 || c->n_valid[k] * 2 < c->n_shape[k])
			continue;
		if (best == DS_SEMANTIC_NONE || c->n_valid[k] > c->n_valid[best])
			best = (ds_probe_semantic)k;
	}
	return best;
}

/*
 * Whether a column's name says it holds codes, not quantities: 邮编 250001 or
 * 单位编码 1001 are identifiers even when no value has a leading zero (a
 * leading zero alone already keeps a column text). Matched at the end of the
 * name: …编码 …代码 …邮编 …号码 …编号 …账号 …帐号 …卡号 …证号 …电话, and
 * ASCII …code / …zip in any case.
 */
static int named_as_code(const char *name)
{
	static const char *const words[] = { "编码", "代码", "邮编", "号码", "编号", "账号",
					     "帐号", "卡号", "证号", "电话", "code", "zip" };
	size_t n = name ? strlen(name) : 0, k, w, i;

	for (k = 0; k < sizeof words / sizeof words[0]; k++) {
		w = strlen(words[k]);
		if (n < w)
			continue;
		for (i = 0; i < w; i++) {
			char a = name[n - w + i];
			if (a >= 'A' && a <= 'Z')
				a = (char)(a - 'A' + 'a');
			if (a != words[k][i])
				break;
		}
		if (i == w)
			return 1;
	}
	return 0;
}

static int finish_column(probe_column *pc, col_state *c, unsigned int top_k, char **latest, char *latest_buf)
{
	char buf[32];
	int rc;

	pc->nulls = c->nulls;
	pc->non_empty = c->non_empty;
	pc->nullable = c->nulls > 0;
	pc->max_length = c->max_chars;
	pc->type = c->type;
	pc->format = FMT_NONE;
	/* YYYYMMDD: an integer column whose every value is such a date. */
	if (pc->type == DS_PROBE_INTEGER && c->n_compact == c->non_empty && c->date_format == FMT_NONE) {
		pc->type = DS_PROBE_DATE;
		pc->format = FMT_COMPACT;
	} else if (pc->type == DS_PROBE_DATE || pc->type == DS_PROBE_DATETIME) {
		pc->format = c->date_format;
	}
	if (pc->type == DS_PROBE_INTEGER && named_as_code(pc->name))
		pc->type = DS_PROBE_TEXT; /* a code column: its values stay text (the dominant parse says integer) */
	pc->semantic = pick_semantic(c);
	pc->personal_info = pc->semantic == DS_SEMANTIC_ID_CARD || pc->semantic == DS_SEMANTIC_MOBILE ||
			    pc->semantic == DS_SEMANTIC_EMAIL;
	if (pc->semantic != DS_SEMANTIC_NONE) {
		pc->type = DS_PROBE_TEXT; /* identifiers are codes, not numbers */
		pc->semantic_shape = c->n_shape[pc->semantic];
		pc->semantic_valid = c->n_valid[pc->semantic];
	}
	/* Dominant parse of a text column (narrowest on ties). */
	pc->dominant = DS_PROBE_EMPTY;
	pc->dominant_count = 0;
	if (pc->type == DS_PROBE_TEXT && pc->semantic == DS_SEMANTIC_NONE) {
		const struct {
			ds_probe_type t;
			uint64_t n;
		} cand[] = {
			{ DS_PROBE_BOOLEAN, c->n_bool },	   { DS_PROBE_INTEGER, c->n_int },
			{ DS_PROBE_DECIMAL, c->n_int + c->n_dec }, { DS_PROBE_DATE, c->n_date },
			{ DS_PROBE_DATETIME, c->n_datetime },
		};
		size_t k;
		/* Reported only when it is a majority: "mostly dates" means more than half. */
		for (k = 0; k < sizeof cand / sizeof cand[0]; k++)
			if (cand[k].n > pc->dominant_count && cand[k].n * 2 > c->non_empty) {
				pc->dominant = cand[k].t;
				pc->dominant_count = cand[k].n;
			}
	}
	/* 规范性: recognised identifiers count their valid values; a text column that is
	 * mostly (≥ 90 %) one type counts the values of that type; every other column's
	 * values all conform to its (guaranteed) type. */
	if (pc->semantic != DS_SEMANTIC_NONE)
		pc->conforming = pc->semantic_valid;
	else if (pc->dominant != DS_PROBE_EMPTY && pc->dominant_count * 10 >= pc->non_empty * 9)
		pc->conforming = pc->dominant_count;
	else
		pc->conforming = pc->non_empty;
	if (pc->type == DS_PROBE_DECIMAL || pc->type == DS_PROBE_INTEGER) {
		pc->scale = pc->type == DS_PROBE_DECIMAL ? c->frac_digits : 0;
		pc->precision = c->int_digits + pc->scale;
		if (pc->precision == 0)
			pc->precision = 1;
	}
	/* Min and max of ordered types. */
	if ((pc->type == DS_PROBE_INTEGER || pc->type == DS_PROBE_DECIMAL) && c->has_num) {
		if ((rc = set_str(&pc->min, c->num_min)) < 0 || (rc = set_str(&pc->max, c->num_max)) < 0)
			return rc;
	} else if (pc->type == DS_PROBE_DATE && pc->format == FMT_COMPACT && c->has_num) {
		format_key(buf, sizeof buf, strtoll(c->num_min, NULL, 10), 0);
		if ((rc = set_str(&pc->min, buf)) < 0)
			return rc;
		format_key(buf, sizeof buf, strtoll(c->num_max, NULL, 10), 0);
		if ((rc = set_str(&pc->max, buf)) < 0)
			return rc;
		if (!*latest || strcmp(buf, latest_buf) > 0) {
			strcpy(latest_buf, buf);
			*latest = latest_buf;
		}
	} else if ((pc->type == DS_PROBE_DATE || pc->type == DS_PROBE_DATETIME) && c->has_date) {
		int dt = pc->type == DS_PROBE_DATETIME;
		format_key(buf, sizeof buf, c->date_min, dt);
		if ((rc = set_str(&pc->min, buf)) < 0)
			return rc;
		format_key(buf, sizeof buf, c->date_max, dt);
		if ((rc = set_str(&pc->max, buf)) < 0)
			return rc;
		buf[10] = '\0';
		if (!*latest || strcmp(buf, latest_buf) > 0) {
			strcpy(latest_buf, buf);
			*latest = latest_buf;
		}
	}
	/* Distinct values. */
	if (!c->top.overflow) {
		pc->distinct = c->top.count;
		pc->distinct_exact = 1;
	} else if (!c->exact.overflow) {
		pc->distinct = c->exact.count;
		pc->distinct_exact = 1;
	} else {
		pc->distinct = ds__hll_estimate(c->hll);
		pc->distinct_exact = 0;
		/* an estimate is never above the number of values it counts */
		if (pc->distinct > c->non_empty)
			pc->distinct = c->non_empty;
	}
	pc->unique = pc->distinct_exact && c->nulls == 0 && c->non_empty > 0 && pc->distinct == c->non_empty;
	/* Top values while exact. */
	if (!c->top.overflow && c->top.count > 0) {
		top_ref *refs = ds__calloc(c->top.count, sizeof *refs);
		size_t i, n = 0;
		if (!refs)
			return ds__enomem();
		for (i = 0; i < c->top.cap; i++)
			if (c->top.slots[i].count) {
				refs[n].value = c->top.arena + c->top.slots[i].offset;
				refs[n].count = c->top.slots[i].count;
				n++;
			}
		qsort(refs, n, sizeof *refs, top_order);
		if (n > top_k)
			n = top_k;
		pc->top_values = ds__calloc(n ? n : 1, sizeof *pc->top_values);
		pc->top_counts = ds__calloc(n ? n : 1, sizeof *pc->top_counts);
		if (!pc->top_values || !pc->top_counts) {
			ds__free(refs);
			return ds__enomem();
		}
		for (i = 0; i < n; i++) {
			if (!(pc->top_values[i] = ds__strdup(refs[i].value))) {
				ds__free(refs);
				return ds__enomem();
			}
			pc->top_counts[i] = refs[i].count;
			pc->ntop = i + 1;
		}
		ds__free(refs);
	}
	return DS_OK;
}

/* SHA-256 over the canonical schema: per column, the name, NUL, the base type name, NUL. */
static int schema_digest(ds_probe *p)
{
	ds__hasher h = { 0 };
	ds__buf b = DS__BUF_INIT;
	unsigned char md[64];
	size_t i;
	int rc;

	for (i = 0; i < p->ncolumns; i++) {
		ds__buf_put(&b, p->columns[i].name, strlen(p->columns[i].name) + 1);
		ds__buf_puts(&b, ds_probe_type_name(p->columns[i].type));
		ds__buf_putc(&b, '\0');
	}
	if (b.oom) {
		rc = ds__enomem();
		goto done;
	}
	if ((rc = ds__hasher_init(&h, DS_HASH_SHA256)) < 0)
		goto done;
	if ((rc = ds__hasher_digest(&h, md, -1, b.data ? b.data : "", b.len, NULL, 0)) < 0)
		goto done;
	ds__hex_encode(p->schema_digest, md, 32);
done:
	ds__hasher_dispose(&h);
	ds__buf_dispose(&b);
	return rc;
}

int ds__probe_alloc(ds_probe **out, size_t ncolumns)
{
	ds_probe *p = ds__calloc(1, sizeof *p);

	if (!p)
		return ds__enomem();
	if (ncolumns && !(p->columns = ds__calloc(ncolumns, sizeof *p->columns))) {
		ds__free(p);
		return ds__enomem();
	}
	p->ncolumns = ncolumns;
	*out = p;
	return DS_OK;
}

/* Copy text for the report: what XML 1.0 cannot carry — C0 controls other than tab,
 * LF and CR, the noncharacters U+FFFE and U+FFFF, and bytes that are not UTF-8 (a
 * reader's message cut in the middle of a character) — becomes U+FFFD. */
static char *xml_copy(const char *s)
{
	ds__buf b = DS__BUF_INIT;
	size_t n = strlen(s), i = 0;
	char *out = NULL;

	while (i < n) {
		unsigned int cp = 0;
		size_t len = ds__utf8_decode(s + i, n - i, &cp);
		if (len == 0 || (cp < 0x20 && cp != '\t' && cp != '\n' && cp != '\r') || cp == 0xFFFE || cp == 0xFFFF) {
			ds__buf_puts(&b, "\xEF\xBF\xBD");
			i += len ? len : 1;
		} else {
			ds__buf_put(&b, s + i, len);
			i += len;
		}
	}
	if (!b.data)
		ds__buf_puts(&b, "");
	if (ds__buf_detach(&out, &b) < 0)
		return NULL;
	return out;
}

/* Names are unique as the reader gives them, but two names that differ only in
 * characters XML cannot carry are equal once those become U+FFFD: the later one gets
 * a suffix _2, _3, ... as the reader does for repeated names (one not taken by any
 * column). A hash index of the names and, per repeated name, the next suffix to try
 * keep this linear in the number of columns. */
static int unique_names(ds_probe *p)
{
	name_index taken = { NULL, 0, 0 };
	unsigned char *repeated = NULL;
	unsigned long *next = NULL;
	ds__buf b = DS__BUF_INIT;
	size_t i;
	int rc = DS_OK, any = 0;

	if (p->ncolumns < 2)
		return DS_OK;
	if (!(repeated = ds__calloc(p->ncolumns, 1))) {
		rc = ds__enomem();
		goto done;
	}
	for (i = 0; i < p->ncolumns; i++) {
		if ((rc = ds__names_put(&taken, p->columns[i].name, i, NULL)) < 0)
			goto done;
		repeated[i] = rc == 0;
		any |= rc == 0;
	}
	rc = DS_OK;
	if (!any)
		goto done;
	if (!(next = ds__calloc(p->ncolumns, sizeof *next))) {
		rc = ds__enomem();
		goto done;
	}
	for (i = 0; i < p->ncolumns; i++) {
		size_t first;
		unsigned long k;
		if (!repeated[i])
			continue;
		first = ds__names_get(&taken, p->columns[i].name); /* never renamed itself */
		for (k = next[first] ? next[first] : 2;; k++) {
			ds__buf_clear(&b);
			ds__buf_printf(&b, "%s_%lu", p->columns[i].name, k);
			if (b.oom) {
				rc = ds__enomem();
				goto done;
			}
			if (ds__names_get(&taken, b.data) == (size_t)-1)
				break;
		}
		next[first] = k + 1;
		ds__free(p->columns[i].name);
		p->columns[i].name = NULL;
		if (ds__buf_detach(&p->columns[i].name, &b) < 0) {
			rc = ds__enomem();
			goto done;
		}
		if ((rc = ds__names_put(&taken, p->columns[i].name, i, NULL)) < 0)
			goto done;
		rc = DS_OK;
	}
done:
	ds__buf_dispose(&b);
	ds__names_dispose(&taken);
	ds__free(repeated);
	ds__free(next);
	return rc;
}

static int finish(ds_probe **out, run_state *st, const ds_probe_options *opts)
{
	ds_probe *p = NULL;
	ds__source *src = st->src;
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned int mdlen = 0;
	char latest_buf[32], *latest = NULL;
	size_t i, k;
	int rc;

	if ((rc = ds__probe_alloc(&p, st->ncols)) < 0)
		return rc;
	if ((rc = set_str(&p->kind, src->kind)) < 0 || (rc = set_str(&p->encoding, src->encoding)) < 0)
		goto done;
	if (!(p->location = xml_copy(src->location ? src->location : ""))) {
		rc = ds__enomem();
		goto done;
	}
	p->delimiter = src->delimiter;
	p->header = src->header;
	p->bom = src->bom;
	p->detection = 1;
	p->encoding_detected = src->encoding_detected;
	p->encoding_confidence = src->encoding_confidence;
	p->runner_up_confidence = src->runner_up_confidence;
	p->delimiter_detected = src->delimiter_detected;
	p->header_detected = src->header_detected;
	if (src->runner_up[0] && (rc = set_str(&p->runner_up, src->runner_up)) < 0)
		goto done;
	for (i = 0; i < src->nwarnings; i++) {
		if (!(p->warning_kind[i] = xml_copy(src->warnings[i].kind)) ||
		    !(p->warning_message[i] = xml_copy(src->warnings[i].message))) {
			p->nwarnings = i + 1;
			rc = ds__enomem();
			goto done;
		}
	}
	p->nwarnings = src->nwarnings;
	p->bytes = src->bytes_total ? src->bytes_total : src->bytes_done;
	p->rows = st->rows;
	p->complete = st->complete;
	p->duplicate_window = st->dup_window;
	p->duplicates = st->duplicates;
	p->duplicates_exact = st->dup_window == st->rows;
	p->distinct_bound = opts && opts->distinct_bound ? opts->distinct_bound : DEFAULT_DISTINCT_BOUND;
	p->top_k = opts && opts->top_k ? opts->top_k : DEFAULT_TOP_K;
	if (opts &&
	    ((rc = set_str(&p->update_cycle, opts->update_cycle)) < 0 || (rc = set_str(&p->as_of, opts->as_of)) < 0))
		goto done;
	for (i = 0; i < st->ncols; i++) {
		if (!(p->columns[i].name = xml_copy(src->names[i]))) {
			rc = ds__enomem();
			goto done;
		}
		if ((rc = finish_column(&p->columns[i], &st->cols[i], p->top_k, &latest, latest_buf)) < 0)
			goto done;
	}
	if ((rc = unique_names(p)) < 0 || (rc = set_str(&p->latest_date, latest)) < 0)
		goto done;
	for (k = 0; k < DS_PROBLEM_KINDS && k < DS__SRC_PROBLEM_KINDS; k++) {
		p->problem_count[k] = src->problems.count[k];
		p->nsamples[k] = src->problems.nsamples[k];
		for (i = 0; i < p->nsamples[k]; i++) {
			const ds__source_sample *sm = &src->problems.samples[k][i];
			p->samples[k][i].line = sm->line;
			p->samples[k][i].column = sm->column;
			if (!(p->samples[k][i].message = xml_copy(sm->message))) {
				rc = ds__enomem();
				goto done;
			}
		}
	}
	if (st->block_len && EVP_DigestUpdate(st->content, st->block, st->block_len) != 1) {
		rc = ds__openssl_error(DS_EINTERNAL, "content digest: SHA-256 update failed");
		goto done;
	}
	st->block_len = 0;
	if (EVP_DigestFinal_ex(st->content, md, &mdlen) != 1) {
		rc = ds__openssl_error(DS_EINTERNAL, "content digest: SHA-256 final failed");
		goto done;
	}
	ds__hex_encode(p->content_digest, md, mdlen);
	if ((rc = schema_digest(p)) < 0)
		goto done;
	*out = p;
	p = NULL;
done:
	ds_probe_free(p);
	return rc;
}

static void run_dispose(run_state *st)
{
	size_t i;

	if (st->cols) {
		for (i = 0; i < st->ncols; i++) {
			ds__hset_dispose(&st->cols[i].exact);
			ds__topk_dispose(&st->cols[i].top);
			ds__free(st->cols[i].hll);
			ds__free(st->cols[i].vc);
		}
		ds__free(st->cols_mem);
	}
	if (st->slots) {
		for (i = 0; i < st->npool; i++)
			batch_dispose(&st->slots[i]);
	}
	ds__free(st->slots_mem);
	ds__free(st->ring);
	ds__free(st->cq);
	ds__free(st->lo);
	ds__free(st->next);
	ds__free(st->busy);
	ds__free(st->threads);
	ds__free(st->rh);
	ds__rset_dispose(&st->dups);
	EVP_MD_CTX_free(st->content);
	ds__free(st->block);
}

/* ---- the tasks' scheduling (one mutex; a task is a whole batch for a group) ---- */

/* The task to run next (the group furthest behind whose batch is ready), or -1. Locked. */
static long claim(run_state *st)
{
	long best = -1;
	size_t g;

	for (g = 0; g < st->ngroups; g++)
		if (!st->busy[g] && st->next[g] < st->produced && (best < 0 || st->next[g] < st->next[best]))
			best = (long)g;
	return best;
}

/* Run group @g's next batch; called and returns with the lock held. */
static void run_claimed(run_state *st, size_t g)
{
	batch *b = st->ring[st->next[g] % st->nslots];
	int rc, skip;

	st->busy[g] = 1;
	skip = st->rc < 0; /* failed elsewhere: only pass the batch */
	pthread_mutex_unlock(&st->mu);
	if (skip)
		rc = DS_OK;
	else if (g == 0)
		rc = records_task(st, b);
	else
		rc = columns_task(st, b, st->lo[g - 1], st->lo[g]);
	pthread_mutex_lock(&st->mu);
	if (rc < 0 && st->rc >= 0) {
		st->rc = rc;
		snprintf(st->errmsg, sizeof st->errmsg, "%s", ds_error_last()->message);
	}
	st->busy[g] = 0;
	st->next[g]++;
	pthread_cond_broadcast(&st->cond);
}

/* The batches every task is done with: none is in use when it equals produced. Locked. */
static uint64_t done_upto(const run_state *st)
{
	uint64_t m = st->produced;
	size_t g;

	for (g = 0; g < st->ngroups; g++)
		if (st->next[g] < m)
			m = st->next[g];
	return m;
}

static long claim_chunk(run_state *st);
static void run_chunk(run_state *st, size_t k);

static void *worker(void *arg)
{
	run_state *st = arg;
	long g;

	pthread_mutex_lock(&st->mu);
	for (;;) {
		if ((g = claim(st)) >= 0)
			run_claimed(st, (size_t)g);
		else if ((g = claim_chunk(st)) >= 0)
			run_chunk(st, (size_t)g);
		else if (st->finished)
			break;
		else
			pthread_cond_wait(&st->cond, &st->mu);
	}
	pthread_mutex_unlock(&st->mu);
	return NULL;
}

/* The reader waits, running tasks itself meanwhile, until fewer than @limit batches
 * are in use (1: until every batch handed over is analysed). */
static void wait_room(run_state *st, uint64_t limit)
{
	long g;

	pthread_mutex_lock(&st->mu);
	while (st->produced - done_upto(st) >= limit) {
		if ((g = claim(st)) >= 0)
			run_claimed(st, (size_t)g);
		else
			pthread_cond_wait(&st->cond, &st->mu);
	}
	pthread_mutex_unlock(&st->mu);
}

/* Hand the batch being filled to the tasks; start the threads on the first full
 * one (a small input is analysed on the calling thread alone). A task's failure. */
static int publish(run_state *st, int full)
{
	size_t i;
	int rc;

	if (st->ring[st->produced % st->nslots]->nrec) {
		pthread_mutex_lock(&st->mu);
		st->produced++;
		pthread_cond_broadcast(&st->cond);
		pthread_mutex_unlock(&st->mu);
		if (full && st->want_threads > 1 && !st->threads) {
			if (!(st->threads = ds__calloc(st->want_threads - 1, sizeof *st->threads)))
				return ds__enomem();
			for (i = 0; i + 1 < st->want_threads; i++) {
				if (pthread_create(&st->threads[i], NULL, worker, st) != 0)
					break; /* fewer threads: the same result, later */
				st->nthreads++;
			}
		}
		if (st->nthreads == 0)
			wait_room(st, 1); /* alone: run the batch's tasks now */
	}
	pthread_mutex_lock(&st->mu);
	rc = st->rc;
	pthread_mutex_unlock(&st->mu);
	return rc < 0 ? rc : DS_OK;
}

/* The slot to fill next, once free. */
static batch *fill_slot(run_state *st)
{
	batch *b;

	wait_room(st, st->nslots);
	b = st->ring[st->produced % st->nslots];
	batch_clear(b);
	return b;
}

/* ---- chunks: the CSV parsed on the threads (sources with chunks_begin) ---- */

/*
 * The reading thread cuts the input into chunks (ds__source_ops.chunks_begin)
 * and queues each with a batch of its own; any thread parses a queued chunk
 * into its batch (on the guess that it starts a record), and the reading thread
 * settles the chunks in order: a chunk whose guess the source confirms has its
 * batch handed over as it is; for any other the source's own reader delivers
 * the records, which go into the batch being filled as without chunks. Every
 * task still sees every record once, in the file's order, so the probe is the
 * same byte for byte. At most MAX_CHUNKS chunks are read ahead.
 */
#define MAX_CHUNKS 6u /* with 4 threads and more: memory (the 64 MiB bound) */
/* A chunk's batch past this many fields is not used (its records are read again
 * into batches of the usual size): bounds a batch of tiny fields. */
#define CHUNK_MAX_FIELDS 65536u

enum { CHUNK_QUEUED = 0, CHUNK_RUNNING, CHUNK_PARSED };

typedef struct chunk_task {
	ds__chunk *c;
	batch *b;
	int state;
	int rc;
	char errmsg[256];
} chunk_task;

/* A chunk's records into its batch (from chunk_parse, on any thread). */
static int chunk_emit(void *ctx, const ds__record *rec)
{
	batch *b = ctx;

	if (b->nfld + rec->nfields > CHUNK_MAX_FIELDS)
		return 1;
	return batch_add(b, rec);
}

/* The oldest chunk waiting to be parsed, or -1. Locked. */
static long claim_chunk(run_state *st)
{
	size_t i;

	if (st->stop_chunks)
		return -1;
	for (i = 0; i < st->cqcount; i++) {
		size_t k = (st->cqhead + i) % st->ncq;
		if (st->cq[k].state == CHUNK_QUEUED)
			return (long)k;
	}
	return -1;
}

/* Parse chunk task @k; called and returns with the lock held. */
static void run_chunk(run_state *st, size_t k)
{
	chunk_task *t = &st->cq[k];
	int rc;

	t->state = CHUNK_RUNNING;
	pthread_mutex_unlock(&st->mu);
	batch_clear(t->b);
	rc = st->src->ops->chunk_parse(t->c, chunk_emit, t->b);
	if (rc < 0)
		snprintf(t->errmsg, sizeof t->errmsg, "%s", ds_error_last()->message);
	pthread_mutex_lock(&st->mu);
	t->rc = rc;
	t->state = CHUNK_PARSED;
	pthread_cond_broadcast(&st->cond);
}

/* A batch no one uses (waiting, running tasks meanwhile, until one is), held. */
static batch *take_batch(run_state *st)
{
	batch *b = NULL;
	size_t i;
	long g;

	pthread_mutex_lock(&st->mu);
	for (;;) {
		uint64_t done = done_upto(st);
		for (i = 0; i < st->npool && !b; i++)
			if (!st->slots[i].held && (st->slots[i].ring_at == 0 || st->slots[i].ring_at - 1 < done))
				b = &st->slots[i];
		if (b)
			break;
		if ((g = claim(st)) >= 0)
			run_claimed(st, (size_t)g);
		else if ((g = claim_chunk(st)) >= 0)
			run_chunk(st, (size_t)g);
		else
			pthread_cond_wait(&st->cond, &st->mu);
	}
	b->held = 1;
	b->ring_at = 0;
	pthread_mutex_unlock(&st->mu);
	batch_clear(b);
	return b;
}

/* Hand @b over to the analysis (once the ring has room). A task's failure. */
static int hand_over(run_state *st, batch *b)
{
	int rc;

	wait_room(st, st->nslots);
	pthread_mutex_lock(&st->mu);
	st->ring[st->produced % st->nslots] = b;
	b->held = 0;
	b->ring_at = st->produced + 1;
	st->produced++;
	pthread_cond_broadcast(&st->cond);
	rc = st->rc;
	pthread_mutex_unlock(&st->mu);
	return rc < 0 ? rc : DS_OK;
}

/* A record the source's reader delivered (settling a chunk, or after the last
 * one) into the batch being filled, cut as without chunks. */
static int fill_emit(void *ctx, const ds__record *rec)
{
	run_state *st = ctx;
	size_t text = frame_size(rec);
	int rc, alone;

	if (st->fill && st->fill->nrec &&
	    (st->fill->tlen + text > ds__probe_batch_text || st->fill->nfld + rec->nfields > ds__probe_batch_fields)) {
		rc = hand_over(st, st->fill);
		st->fill = NULL;
		if (rc < 0)
			return rc;
	}
	/* a huge record goes alone, when no other batch is in use */
	alone = text > ds__probe_batch_text || rec->nfields > ds__probe_batch_fields;
	if (alone)
		wait_room(st, 1);
	if (!st->fill)
		st->fill = take_batch(st);
	if ((rc = batch_add(st->fill, rec)) < 0)
		return rc;
	if (alone) {
		rc = hand_over(st, st->fill);
		st->fill = NULL;
		if (rc < 0)
			return rc;
		wait_room(st, 1);
	}
	return DS_OK;
}

/* Hand over the batch being filled, if it holds records. */
static int flush_fill(run_state *st)
{
	batch *b = st->fill;

	if (!b)
		return DS_OK;
	st->fill = NULL;
	if (b->nrec)
		return hand_over(st, b);
	pthread_mutex_lock(&st->mu);
	b->held = 0;
	pthread_mutex_unlock(&st->mu);
	return DS_OK;
}

/* The whole input in chunks, with the threads started. */
static int run_chunks(run_state *st, size_t inflight, const ds_probe_options *opts, uint64_t *next_progress,
		      uint64_t step)
{
	ds__source *src = st->src;
	ds__record rec;
	int rc = DS_OK, eof = 0;
	long g;

	for (;;) {
		/* read ahead */
		while (!eof && st->cqcount < inflight) {
			ds__chunk *c;
			batch *b = take_batch(st);
			chunk_task *t;
			if ((rc = src->ops->chunk_read(src, &c)) <= 0) {
				pthread_mutex_lock(&st->mu);
				b->held = 0;
				pthread_mutex_unlock(&st->mu);
				if (rc < 0)
					return rc;
				eof = 1;
				break;
			}
			pthread_mutex_lock(&st->mu);
			t = &st->cq[(st->cqhead + st->cqcount) % st->ncq];
			t->c = c;
			t->b = b;
			t->state = CHUNK_QUEUED;
			t->rc = 0;
			st->cqcount++;
			pthread_cond_broadcast(&st->cond);
			pthread_mutex_unlock(&st->mu);
		}
		if (st->cqcount == 0)
			break;
		/* the oldest chunk, parsed (here if no thread took it yet) */
		{
			chunk_task *t = &st->cq[st->cqhead];
			pthread_mutex_lock(&st->mu);
			while (t->state != CHUNK_PARSED) {
				if (t->state == CHUNK_QUEUED)
					run_chunk(st, st->cqhead);
				else if ((g = claim(st)) >= 0)
					run_claimed(st, (size_t)g);
				else if ((g = claim_chunk(st)) >= 0)
					run_chunk(st, (size_t)g);
				else
					pthread_cond_wait(&st->cond, &st->mu);
			}
			pthread_mutex_unlock(&st->mu);
			if (t->rc < 0)
				return ds__error(t->rc, "%s", t->errmsg);
			rc = src->ops->chunk_settle(src, t->c, fill_emit, st);
			pthread_mutex_lock(&st->mu);
			st->cqhead = (st->cqhead + 1) % st->ncq;
			st->cqcount--;
			pthread_mutex_unlock(&st->mu);
			if (rc < 0)
				return rc;
			if (rc == 1) { /* the chunk's batch stands, after what the reader delivered */
				if ((rc = flush_fill(st)) < 0 || (rc = hand_over(st, t->b)) < 0)
					return rc;
			} else {
				pthread_mutex_lock(&st->mu);
				t->b->held = 0;
				pthread_mutex_unlock(&st->mu);
			}
		}
		if (opts && opts->progress && src->bytes_total && src->bytes_done >= *next_progress &&
		    src->bytes_done < src->bytes_total) {
			opts->progress(src->bytes_done, src->bytes_total, opts->progress_context);
			*next_progress = (src->bytes_done / step + 1) * step;
		}
	}
	/* what the chunks left */
	while ((rc = ds__source_next(src, &rec)) > 0)
		if ((rc = fill_emit(st, &rec)) < 0)
			return rc;
	if (rc < 0)
		return rc;
	return flush_fill(st);
}

/* Start the threads (fewer when some cannot start: the same result, later). */
static int start_threads(run_state *st)
{
	size_t i;

	if (st->want_threads < 2 || st->threads)
		return DS_OK;
	if (!(st->threads = ds__calloc(st->want_threads - 1, sizeof *st->threads)))
		return ds__enomem();
	for (i = 0; i + 1 < st->want_threads; i++) {
		if (pthread_create(&st->threads[i], NULL, worker, st) != 0)
			break;
		st->nthreads++;
	}
	return DS_OK;
}

/* The number of threads: the option (version 4), else the online CPUs capped. */
static size_t threads_wanted(const ds_probe_options *opts)
{
	long n;

	if (opts && opts->version >= 4 && opts->threads > 0)
		return opts->threads;
	n = sysconf(_SC_NPROCESSORS_ONLN);
	if (n < 1)
		n = 1;
	return n > (long)DEFAULT_THREADS_CAP ? DEFAULT_THREADS_CAP : (size_t)n;
}

int ds__probe_run(ds_probe **out, ds__source *src, const ds_probe_options *opts)
{
	run_state st;
	ds__record rec = { 0 };
	uint64_t bound = opts && opts->distinct_bound ? opts->distinct_bound : DEFAULT_DISTINCT_BOUND;
	uint64_t next_progress = 0, step;
	size_t i, ncg, inflight = 0;
	batch *b;
	int rc, sync = 0;

	memset(&st, 0, sizeof st);
	st.src = src;
	st.ncols = src->ncolumns;
	/* Keep all exact sets within the budget: at the bound a set holds 2^k ≥ 2 × bound slots of 8 bytes. */
	if (st.ncols && bound > EXACT_BUDGET / 16 / st.ncols)
		bound = EXACT_BUDGET / 16 / st.ncols;
	if (bound == 0)
		bound = 1;
	if (st.ncols) {
		if (st.ncols > SIZE_MAX / sizeof *st.cols - 1 ||
		    !(st.cols_mem = ds__calloc(st.ncols + 1, sizeof *st.cols))) {
			rc = ds__enomem();
			goto done;
		}
		st.cols =
			(col_state *)(void *)(((uintptr_t)st.cols_mem + CACHE_LINE - 1) & ~(uintptr_t)(CACHE_LINE - 1));
	}
	for (i = 0; i < st.ncols; i++) {
		st.cols[i].exact.bound = (size_t)bound;
		/* All top-value tables share TOPK_BUDGET: a column whose values pass its
		 * share gives its table up (many columns, long values). */
		st.cols[i].top.budget = TOPK_BUDGET / st.ncols;
		st.cols[i].vc_off = i >= VCACHE_MAX_COLS;
	}
	st.dups.bound = DUP_WINDOW;
	/* The tasks: the record level, then the columns in up to MAX_COLUMN_TASKS groups. */
	st.want_threads = threads_wanted(opts);
	ncg = st.ncols < MAX_COLUMN_TASKS ? st.ncols : MAX_COLUMN_TASKS;
	st.ngroups = 1 + ncg;
	/* batches in memory: one being filled and one per thread, at most MAX_BATCHES (a
	 * batch's tasks run on several threads at once: more would only take memory) */
	st.nslots = st.want_threads > 1 ? st.want_threads + 1 : 1;
	if (st.nslots > MAX_BATCHES)
		st.nslots = MAX_BATCHES;
	/* several threads parse the input in chunks when the source can: a few
	 * chunks per thread read ahead, each with its batch, and the one filled */
	if (st.want_threads > 1 && src->ops->chunks_begin) {
		inflight = 2 * st.want_threads < MAX_CHUNKS ? 2 * st.want_threads : MAX_CHUNKS;
		if ((rc = src->ops->chunks_begin(src, inflight)) < 0)
			goto done;
		if (rc == 0)
			inflight = 0;
	}
	st.npool = inflight ? st.nslots + inflight + 1 : st.nslots;
	st.ncq = inflight;
	if (!(st.block = ds__malloc(DIGEST_BLOCK)) || !(st.lo = ds__calloc(ncg + 1, sizeof *st.lo)) ||
	    !(st.next = ds__calloc(st.ngroups, sizeof *st.next)) || !(st.busy = ds__calloc(st.ngroups, 1)) ||
	    !(st.slots_mem = ds__calloc(st.npool + 1, sizeof *st.slots)) ||
	    !(st.ring = ds__calloc(st.nslots, sizeof *st.ring)) ||
	    (inflight && !(st.cq = ds__calloc(inflight, sizeof *st.cq)))) {
		rc = ds__enomem();
		goto done;
	}
	st.slots = (batch *)(void *)(((uintptr_t)st.slots_mem + CACHE_LINE - 1) & ~(uintptr_t)(CACHE_LINE - 1));
	for (i = 0; i < st.nslots; i++)
		st.ring[i] = &st.slots[i];
	for (i = 0; i <= ncg; i++)
		st.lo[i] = ncg ? st.ncols * i / ncg : 0;
	if (!(st.content = EVP_MD_CTX_new()) || EVP_DigestInit_ex(st.content, ds__md(DS_HASH_SHA256), NULL) != 1) {
		rc = ds__openssl_error(DS_EINTERNAL, "content digest: cannot start SHA-256");
		goto done;
	}
	pthread_mutex_init(&st.mu, NULL);
	pthread_cond_init(&st.cond, NULL);
	sync = 1;
	step = src->bytes_total / 100;
	if (step == 0)
		step = 1;
	next_progress = step;
	if (inflight) {
		if ((rc = start_threads(&st)) >= 0)
			rc = run_chunks(&st, inflight, opts, &next_progress, step);
		if (rc < 0) {
			pthread_mutex_lock(&st.mu);
			st.stop_chunks = 1;
			pthread_mutex_unlock(&st.mu);
		}
		goto analysed;
	}
	b = fill_slot(&st);
	while ((rc = ds__source_next(src, &rec)) > 0) {
		size_t text = 0;
		int alone;
		for (i = 0; i < rec.nfields; i++)
			text += rec.len[i] + 1;
		if (b->nrec &&
		    (b->tlen + text > ds__probe_batch_text || b->nfld + rec.nfields > ds__probe_batch_fields)) {
			if ((rc = publish(&st, 1)) < 0)
				break;
			b = fill_slot(&st);
		}
		/* A huge record goes alone, when no other batch is in use: a run of them never
		 * holds more than one in memory. */
		alone = text > ds__probe_batch_text || rec.nfields > ds__probe_batch_fields;
		if (alone)
			wait_room(&st, 1);
		if ((rc = batch_add(b, &rec)) < 0)
			break;
		if (alone) {
			if ((rc = publish(&st, 1)) < 0)
				break;
			wait_room(&st, 1);
			b = fill_slot(&st);
		}
		if (opts && opts->progress && src->bytes_total && src->bytes_done >= next_progress &&
		    src->bytes_done < src->bytes_total) {
			opts->progress(src->bytes_done, src->bytes_total, opts->progress_context);
			next_progress = (src->bytes_done / step + 1) * step;
		}
	}
	if (rc >= 0)
		rc = publish(&st, 0);
analysed:
	/* Whatever happened, the batches handed over are analysed and the threads stop. */
	wait_room(&st, 1);
	pthread_mutex_lock(&st.mu);
	st.finished = 1;
	pthread_cond_broadcast(&st.cond);
	pthread_mutex_unlock(&st.mu);
	for (i = 0; i < st.nthreads; i++)
		pthread_join(st.threads[i], NULL);
	if (st.rc < 0)
		rc = ds__error(st.rc, "%s", st.errmsg);
	if (rc < 0)
		goto done;
	if (opts && opts->progress)
		opts->progress(src->bytes_total ? src->bytes_total : src->bytes_done,
			       src->bytes_total ? src->bytes_total : src->bytes_done, opts->progress_context);
	rc = finish(out, &st, opts);
done:
	if (sync) {
		pthread_cond_destroy(&st.cond);
		pthread_mutex_destroy(&st.mu);
	}
	run_dispose(&st);
	return rc;
}

/* ---- public entry points ---- */

/* The CSV reader's options from the probe's (defaults without). */
static ds__csv_options csv_options(const ds_probe_options *opts)
{
	ds__csv_options co = { NULL, 0, DS__CSV_HEADER_AUTO, 0, 0 };

	if (opts) {
		co.encoding = opts->encoding;
		co.delimiter = opts->delimiter;
		/* version 1 had no detection: the first record was the header */
		co.header = opts->version >= 2 ? (int)opts->header : DS__CSV_HEADER_YES;
		if (opts->no_header)
			co.header = DS__CSV_HEADER_NO;
		/* before version 3: a preamble detected */
		if (opts->version >= 3 && opts->skip != DS_PROBE_SKIP_AUTO) {
			co.skip_given = 1;
			co.skip = opts->skip;
		}
	}
	return co;
}

int ds_probe_file(ds_probe **out, const char *path, const ds_probe_options *opts)
{
	ds__source *src = NULL;
	ds__csv_options co = csv_options(opts);
	int rc;

	if (!out || !path)
		return ds__error(DS_EINVAL, "ds_probe_file: NULL argument");
	if ((rc = ds__probe_check_options(opts)) < 0)
		return rc;
	if ((rc = ds__source_open_csv(&src, path, &co)) < 0)
		return rc;
	rc = ds__probe_run(out, src, opts);
	ds__source_close(src);
	return rc;
}

int ds_probe_memory(ds_probe **out, const char *data, size_t len, const char *name, const ds_probe_options *opts)
{
	ds__source *src = NULL;
	ds__csv_options co = csv_options(opts);
	int rc;

	if (!out || (!data && len))
		return ds__error(DS_EINVAL, "ds_probe_memory: NULL argument");
	if ((rc = ds__probe_check_options(opts)) < 0)
		return rc;
	if ((rc = ds__source_open_csv_memory(&src, data ? data : "", len, name ? name : "memory", &co)) < 0)
		return rc;
	rc = ds__probe_run(out, src, opts);
	ds__source_close(src);
	return rc;
}

int ds_probe_sqlite(ds_probe **out, const char *path, const char *table, const ds_probe_options *opts)
{
	ds__source *src = NULL;
	int rc;

	if (!out || !path || !table)
		return ds__error(DS_EINVAL, "ds_probe_sqlite: NULL argument");
	if ((rc = ds__probe_check_options(opts)) < 0)
		return rc;
	if ((rc = ds__source_open_sqlite(&src, path, table)) < 0)
		return rc;
	rc = ds__probe_run(out, src, opts);
	ds__source_close(src);
	return rc;
}

void ds_probe_free(ds_probe *p)
{
	size_t i, k;

	if (!p)
		return;
	for (i = 0; i < p->ncolumns; i++) {
		probe_column *c = &p->columns[i];
		ds__free(c->name);
		ds__free(c->min);
		ds__free(c->max);
		for (k = 0; k < c->ntop; k++)
			ds__free(c->top_values[k]);
		ds__free(c->top_values);
		ds__free(c->top_counts);
	}
	ds__free(p->columns);
	for (k = 0; k < DS_PROBLEM_KINDS; k++)
		for (i = 0; i < p->nsamples[k]; i++)
			ds__free(p->samples[k][i].message);
	ds__free(p->kind);
	ds__free(p->location);
	ds__free(p->encoding);
	ds__free(p->runner_up);
	for (k = 0; k < p->nwarnings; k++) {
		ds__free(p->warning_kind[k]);
		ds__free(p->warning_message[k]);
	}
	ds__free(p->latest_date);
	ds__free(p->update_cycle);
	ds__free(p->as_of);
	ds__free(p);
}
