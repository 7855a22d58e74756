/*
 * The probe module's shared internals (自动探查): the finished probe, the
 * per-value classifier, the per-column sketches and the analysis driver.
 * SPDX-License-Identifier: MIT
 */
#ifndef DS_PROBE_INTERNAL_H
#define DS_PROBE_INTERNAL_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "datasset/probe.h"
#include "internal/core.h"
#include "internal/probe_source.h"

/* ---- the finished probe (what the report holds) ---- */

#define PROBE_SEMANTICS 6 /* DS_SEMANTIC_NONE .. DS_SEMANTIC_EMAIL */

/* Date/datetime formats a column can lock to (0: none). */
enum {
	FMT_NONE = 0,
	FMT_DASH,	 /* 2024-01-31 */
	FMT_SLASH,	 /* 2024/1/31 */
	FMT_DOT,	 /* 2024.01.31 */
	FMT_CJK,	 /* 2024年1月31日 */
	FMT_COMPACT,	 /* 20240131 */
	FMT_DASH_SPACE,	 /* 2024-01-31 08:00[:00] */
	FMT_DASH_T,	 /* 2024-01-31T08:00[:00] */
	FMT_SLASH_SPACE, /* 2024/01/31 08:00[:00] */
	FMT_SLASH_T,	 /* 2024/01/31T08:00[:00] */
	FMT_COUNT
};
/* "YYYY-MM-DD" ...; NULL for FMT_NONE. */
const char *ds__probe_format_name(int format);
/* The format with that name, or -1. */
int ds__probe_format_from_name(const char *name);

typedef struct probe_sample {
	long line, column;
	char *message;
} probe_sample;

typedef struct probe_column {
	char *name;
	ds_probe_type type;
	int precision, scale;
	int format;
	ds_probe_semantic semantic;
	int personal_info;
	int nullable;
	uint64_t nulls, non_empty, conforming;
	ds_probe_type dominant;
	uint64_t dominant_count;
	uint64_t semantic_shape, semantic_valid;
	uint64_t max_length;
	uint64_t distinct;
	int distinct_exact;
	int unique;
	char *min, *max;
	size_t ntop;
	char **top_values;
	uint64_t *top_counts;
} probe_column;

struct ds_probe {
	char *kind, *location, *encoding;
	char delimiter;
	int header, bom;
	uint64_t bytes;
	uint64_t rows;
	size_t ncolumns;
	probe_column *columns;
	uint64_t complete;
	uint64_t duplicate_window, duplicates;
	int duplicates_exact;
	char *latest_date; /* YYYY-MM-DD or NULL */
	char *update_cycle, *as_of;
	uint64_t distinct_bound;
	unsigned int top_k;
	char schema_digest[65], content_digest[65];
	uint64_t problem_count[DS_PROBLEM_KINDS];
	size_t nsamples[DS_PROBLEM_KINDS];
	probe_sample samples[DS_PROBLEM_KINDS][DS__SOURCE_MAX_SAMPLES];
	/* how the source was read (report version 2; absent from version 1) */
	int detection; /* 1 when known */
	int encoding_detected, delimiter_detected, header_detected;
	unsigned encoding_confidence, runner_up_confidence;
	char *runner_up; /* or NULL */
	size_t nwarnings;
	char *warning_kind[DS__SOURCE_MAX_WARNINGS];
	char *warning_message[DS__SOURCE_MAX_WARNINGS];
};

int ds__probe_alloc(ds_probe **out, size_t ncolumns);

/* ---- update cycles (probe.c) ---- */
/* The allowance in days for a declared 更新周期 (0 for 不定期: not assessed), or -1 when unknown. */
long ds__probe_cycle_days(const char *cycle);

/* ---- the per-value classifier (classify.c) ---- */

/* Flags of what a value can be read as. */
#define VAL_INT 0x01u	   /* integer without leading zero */
#define VAL_DEC 0x02u	   /* decimal with a point */
#define VAL_BOOL 0x04u	   /* 是/否, true/false, Y/N */
#define VAL_DATE 0x08u	   /* a date (format in vi.format) */
#define VAL_DATETIME 0x10u /* a datetime (format in vi.format) */
#define VAL_COMPACT 0x20u  /* 8 digits that are a date YYYYMMDD (1900..2099) */

typedef struct value_info {
	unsigned int flags;
	int format;	    /* FMT_* for VAL_DATE / VAL_DATETIME */
	int int_digits;	    /* numbers: significant integer digits */
	int frac_digits;    /* numbers: fractional digits */
	int64_t date_key;   /* dates: YYYYMMDD; datetimes: YYYYMMDDhhmmss */
	int64_t mantissa;   /* numbers of at most 18 digits: the digits as an integer (signed) */
	int mantissa_ok;    /* 1 when mantissa holds the number: value = mantissa / 10^frac_digits */
	unsigned int shape; /* bit s: the shape of semantic type s */
	unsigned int valid; /* bit s: shape and check character/digit right */
} value_info;

/* Classify one value (UTF-8, @n bytes, n > 0). One pass; no allocation. */
void ds__probe_classify(value_info *vi, const char *s, size_t n);

/* Compare m1/10^f1 with m2/10^f2 exactly (f1, f2 <= 18): <0, 0, >0. */
int ds__probe_mantissa_cmp(int64_t m1, int f1, int64_t m2, int f2);
/* Compare two plain numbers (as VAL_INT / VAL_DEC accept them) exactly: <0, 0, >0. */
int ds__probe_numcmp(const char *a, size_t an, const char *b, size_t bn);

/* GB 11643 check: 18-character ID number with the right check digit and a real birth date. */
int ds__probe_id18_valid(const char *s);
/* 15-digit old form with a real birth date (19YYMMDD). */
int ds__probe_id15_valid(const char *s);

/* ---- sketches (stats.c) ---- */

/* The value hash: wyhash-style 64×64→128 multiply-fold (public-domain design by
 * Wang Yi), inline here for the per-field loop. */

#define DS__PH_P0 0xa0761d6478bd642full
#define DS__PH_P1 0xe7037ed1a0b428dbull
#define DS__PH_P2 0x8ebc6af09c88c6e3ull
#define DS__PH_P3 0x589965cc75374cc3ull

static inline uint64_t ds__ph_fold(uint64_t a, uint64_t b)
{
#if defined(__SIZEOF_INT128__)
	__extension__ unsigned __int128 r = (unsigned __int128)a * b;
	return (uint64_t)r ^ (uint64_t)(r >> 64);
#else
	/* Portable 64×64→128 via 32-bit halves. */
	uint64_t ah = a >> 32, al = (uint32_t)a, bh = b >> 32, bl = (uint32_t)b;
	uint64_t ll = al * bl, lh = al * bh, hl = ah * bl, hh = ah * bh;
	uint64_t mid = (ll >> 32) + (uint32_t)lh + (uint32_t)hl;
	uint64_t lo = (mid << 32) | (uint32_t)ll;
	uint64_t hi = hh + (lh >> 32) + (hl >> 32) + (mid >> 32);
	return lo ^ hi;
#endif
}

/* Unaligned loads for the hash and ds__probe_same(). */
static inline uint64_t ds__probe_ld64(const unsigned char *p)
{
	uint64_t v;
	memcpy(&v, p, 8);
	return v;
}

static inline uint64_t ds__probe_ld32(const unsigned char *p)
{
	uint32_t v;
	memcpy(&v, p, 4);
	return v;
}

static inline uint64_t ds__probe_hash_inline(const void *data, size_t len)
{
	const unsigned char *p = data;
	uint64_t seed = DS__PH_P0 ^ (uint64_t)len, a, b;

	if (len <= 16) {
		if (len >= 4) {
			a = (ds__probe_ld32(p) << 32) | ds__probe_ld32(p + ((len >> 3) << 2));
			b = (ds__probe_ld32(p + len - 4) << 32) | ds__probe_ld32(p + len - 4 - ((len >> 3) << 2));
		} else if (len > 0) {
			a = ((uint64_t)p[0] << 16) | ((uint64_t)p[len >> 1] << 8) | p[len - 1];
			b = 0;
		} else {
			a = b = 0;
		}
	} else {
		size_t i = len;
		while (i > 16) {
			seed = ds__ph_fold(ds__probe_ld64(p) ^ DS__PH_P1, ds__probe_ld64(p + 8) ^ seed);
			p += 16;
			i -= 16;
		}
		a = ds__probe_ld64(p + i - 16);
		b = ds__probe_ld64(p + i - 8);
	}
	return ds__ph_fold(DS__PH_P1 ^ (uint64_t)len, ds__ph_fold(a ^ DS__PH_P1, b ^ seed) ^ DS__PH_P2) ^ DS__PH_P3;
}

/* A fast 64-bit non-cryptographic hash (wyhash-style multiply-mix): the same as
 * ds__probe_hash_inline, out of line. */
uint64_t ds__probe_hash(const void *data, size_t len);

/* 1 when @a[@n] and @b[@n] are the same bytes. For the tables' checks of a value
 * whose hash and length matched (nearly always equal): values of up to 32 bytes
 * compared with a few overlapping word loads instead of a call to memcmp. */
static inline int ds__probe_same(const void *a, const void *b, size_t n)
{
	const unsigned char *x = a, *y = b;

	if (n > 32)
		return memcmp(a, b, n) == 0;
	if (n > 16) {
		if ((ds__probe_ld64(x) ^ ds__probe_ld64(y)) | (ds__probe_ld64(x + 8) ^ ds__probe_ld64(y + 8)))
			return 0;
		x += n - 16;
		y += n - 16;
		n = 16;
	}
	if (n >= 8)
		return ((ds__probe_ld64(x) ^ ds__probe_ld64(y)) |
			(ds__probe_ld64(x + n - 8) ^ ds__probe_ld64(y + n - 8))) == 0;
	if (n >= 4)
		return ((ds__probe_ld32(x) ^ ds__probe_ld32(y)) |
			(ds__probe_ld32(x + n - 4) ^ ds__probe_ld32(y + n - 4))) == 0;
	while (n--)
		if (*x++ != *y++)
			return 0;
	return 1;
}

#define HLL_P 14
#define HLL_M (1u << HLL_P)
/* Record a hash in HyperLogLog registers (HLL_M bytes). */
static inline void ds__hll_add(unsigned char *reg, uint64_t h)
{
	uint32_t index = (uint32_t)(h >> (64 - HLL_P));
	uint64_t w = (h << HLL_P) | ((uint64_t)1 << (HLL_P - 1));
	unsigned char rank = (unsigned char)(__builtin_clzll(w) + 1);

	if (rank > reg[index])
		reg[index] = rank;
}
/* The estimate (rounded to an integer): HLL with linear counting while the raw
 * estimate is at most 2.5·m and a register is zero (Flajolet et al. 2007). */
uint64_t ds__hll_estimate(const unsigned char *reg);

/* A set of 64-bit hashes with a bound; open addressing, grows by doubling. */
typedef struct hset {
	uint64_t *slots; /* 0 marks empty; the hash 0 is kept in has_zero */
	size_t cap, count;
	int has_zero;
	size_t bound;
	int overflow; /* more than bound distinct: the set is released */
} hset;
/* 1 when newly added, 0 when present, -1 when adding would pass the bound (not added:
 * the set is left for the caller to move into an estimate), DS_ENOMEM. */
int ds__hset_add(hset *s, uint64_t h);
void ds__hset_dispose(hset *s);

/* Exact counts of up to TOPK_MAX_DISTINCT values of up to TOPK_MAX_BYTES. */
#define TOPK_MAX_DISTINCT 1000
#define TOPK_MAX_BYTES 64
typedef struct topk_entry {
	uint64_t hash;
	uint64_t count;
	uint32_t offset, len;
} topk_entry;
typedef struct topk {
	topk_entry *slots;
	size_t cap, count;
	char *arena;
	size_t arena_len, arena_cap;
	size_t budget; /* bytes the slots and the arena may take together; 0: no limit */
	int overflow;
	uint32_t moves; /* times the slots were rehashed: a slot index kept from before is stale */
} topk;
/* All columns' top-value tables together stay under this: each gets an equal share. */
#define TOPK_BUDGET (16u * 1024u * 1024u)
/* Bytes a table holds now (slots and arena). */
static inline size_t ds__topk_bytes(const topk *t)
{
	return t->cap * sizeof(topk_entry) + t->arena_cap;
}
/* 1 new, 0 counted, -1 when the value cannot be kept (too long, not XML-safe, too many
 * distinct, or keeping it would take the table past its budget): nothing is added and
 * the caller releases the table; DS_ENOMEM. @slot (may be NULL) receives, on 0 or 1, the
 * index of the value's slot: valid only if t->moves is the same after the call as before
 * it (the table's growth moves the slots), and until it changes. */
int ds__topk_add(topk *t, uint64_t h, const char *s, size_t n, size_t *slot);
/* Drop the table for good (overflow set). */
void ds__topk_release(topk *t);
void ds__topk_dispose(topk *t);

/* Two 64-bit hashes as one 128-bit record hash; a bounded set of them. */
typedef struct rset {
	uint64_t *slots; /* pairs; (0, 0) marks empty */
	size_t cap, count, bound;
	int full;
} rset;
/* 1 new, 0 seen, -1 set full (not added), DS_ENOMEM. */
int ds__rset_add(rset *s, uint64_t a, uint64_t b);
/* Size an empty set for @n records (at most its bound) at once, so that it does not grow
 * by doubling: DS_OK (nothing done when not empty), DS_ENOMEM. Changes no answer. */
int ds__rset_reserve(rset *s, size_t n);
void ds__rset_dispose(rset *s);

/* A map from names (borrowed: they must outlive the index) to positions; open
 * addressing, grows by doubling, for lookups by column name in O(1). */
typedef struct name_entry {
	uint64_t hash;
	const char *name; /* NULL marks empty */
	size_t value;
} name_entry;
typedef struct name_index {
	name_entry *slots;
	size_t cap, count;
} name_index;
/* Add name → value unless the name is there: 1 added, 0 present (value unchanged);
 * *slot (if not NULL) then points at the name's value until the next put. DS_ENOMEM. */
int ds__names_put(name_index *x, const char *name, size_t value, size_t **slot);
/* The name's value, or (size_t)-1. */
size_t ds__names_get(const name_index *x, const char *name);
void ds__names_dispose(name_index *x);

/* ---- the analysis (probe.c) ---- */
int ds__probe_run(ds_probe **out, ds__source *src, const ds_probe_options *opts);
/* The most text (bytes) and fields a batch of records takes before it is handed to
 * the analysis tasks (a record past either goes alone); tests lower them. */
extern size_t ds__probe_batch_text, ds__probe_batch_fields;
int ds__probe_check_options(const ds_probe_options *opts);

/* ---- the report (report.c) and the catalogue (catalog.c) ---- */
/* Base type names for digests and the report. */
int ds__probe_type_from_name(const char *name);
int ds__probe_semantic_from_name(const char *name);

#endif
