/*
 * The probe's bounded sketches: a fast 64-bit hash per value, an exact set of
 * hashes up to a bound, HyperLogLog after it, exact top-value counts for
 * low-cardinality columns, and a bounded set of 128-bit record hashes.
 * SPDX-License-Identifier: MIT
 */
#include "config.h"

#include <string.h>

#include <gmp.h>

#include "probe_internal.h"

/* ---- hash (the body is ds__probe_hash_inline, in probe_internal.h) ---- */

uint64_t ds__probe_hash(const void *data, size_t len)
{
	return ds__probe_hash_inline(data, len);
}

/* ---- HyperLogLog ---- */

/* Fixed-point natural logarithm of n/d (n >= d > 0, n/d < 2.1) at scale 2^64:
 * ln x = 2 atanh(y), y = (n − d)/(n + d) <= 0.35, summed until the terms vanish. */
static void ln_small(mpz_t out, unsigned long n, unsigned long d)
{
	mpz_t y, y2, term, part;
	unsigned long k;

	mpz_inits(y, y2, term, part, NULL);
	mpz_set_ui(y, n - d);
	mpz_mul_2exp(y, y, 64);
	mpz_fdiv_q_ui(y, y, n + d); /* y · 2^64 */
	mpz_mul(y2, y, y);
	mpz_fdiv_q_2exp(y2, y2, 64); /* y² · 2^64 */
	mpz_set(term, y);
	mpz_set_ui(out, 0);
	for (k = 0; mpz_sgn(term) > 0; k++) {
		mpz_fdiv_q_ui(part, term, 2 * k + 1);
		mpz_add(out, out, part);
		mpz_mul(term, term, y2);
		mpz_fdiv_q_2exp(term, term, 64);
	}
	mpz_mul_2exp(out, out, 1);
	mpz_clears(y, y2, term, part, NULL);
}

/* Fixed-point natural logarithm of n/d (n >= d > 0, n < 2^(ULONG_BITS−1)) at scale
 * 2^64: n/d = 2^k · x with 1 <= x < 2, ln = k·ln 2 + ln x. */
static void ln_fixed(mpz_t out, unsigned long n, unsigned long d)
{
	mpz_t ln2;
	unsigned long k = 0;

	while (d <= n / 2) {
		d *= 2;
		k++;
	}
	ln_small(out, n, d);
	if (k) {
		mpz_init(ln2);
		ln_small(ln2, 2, 1);
		mpz_addmul_ui(out, ln2, k);
		mpz_clear(ln2);
	}
}

uint64_t ds__hll_estimate(const unsigned char *reg)
{
	/* Integer arithmetic only, so that the estimate is the same on every machine
	 * (a stored report must compare equal with a re-run): GMP at scale 2^64.
	 * Raw estimate E = α·m² / Σ 2^−reg, α = 0.7213 / (1 + 1.079/m) (Flajolet et al.
	 * 2007); Flajolet's small-range rule: while E <= 2.5·m and some register is
	 * zero, linear counting m·ln(m/V) replaces it (the raw estimate is biased
	 * upwards there, by up to a third around 16,000 distinct for m = 16384). */
	mpz_t sum, num, den;
	unsigned long zeros = 0;
	uint64_t result;
	size_t i;

	mpz_inits(sum, num, den, NULL);
	for (i = 0; i < HLL_M; i++) {
		mpz_set_ui(num, 1);
		mpz_mul_2exp(num, num, 64u - reg[i]);
		mpz_add(sum, sum, num);
		zeros += reg[i] == 0;
	}
	/* α = 7213·m / (10000·m + 10790) exactly as the decimal constants say */
	mpz_set_ui(num, 7213);
	mpz_mul_ui(num, num, HLL_M);
	mpz_mul_ui(num, num, HLL_M);
	mpz_mul_ui(num, num, HLL_M);
	mpz_mul_2exp(num, num, 64); /* 7213·m³·2^64 */
	mpz_set_ui(den, 10000u * HLL_M + 10790u);
	mpz_mul(den, den, sum); /* (10000·m + 10790)·Σ 2^(64−reg) */
	mpz_mul_2exp(num, num, 1);
	mpz_add(num, num, den);
	mpz_mul_2exp(den, den, 1);
	mpz_fdiv_q(num, num, den); /* round half up: (2a + b) / 2b */
	/* E <= 2.5·m  <=>  2·E <= 5·m (E is rounded; the rule is not that sharp) */
	if (zeros > 0 && mpz_cmp_ui(num, 5ul * HLL_M / 2) <= 0) {
		/* m · ln(m/V), rounded */
		ln_fixed(num, HLL_M, zeros);
		mpz_mul_ui(num, num, HLL_M);
		mpz_set_ui(den, 1);
		mpz_mul_2exp(den, den, 63);
		mpz_add(num, num, den); /* + 1/2 at scale 2^64 */
		mpz_fdiv_q_2exp(num, num, 64);
	}
	result = mpz_fits_ulong_p(num) ? (uint64_t)mpz_get_ui(num) : UINT64_MAX;
	mpz_clears(sum, num, den, NULL);
	return result;
}

/* ---- exact set of 64-bit hashes ---- */

/*
 * A zeroed hash table, each of its pages written once now. A table is probed
 * (read) before a slot is written: a fresh page read first is mapped to the
 * kernel's shared zero page, and the first write then replaces that mapping,
 * which with several threads running flushes the other cores' TLBs (an
 * inter-processor interrupt per page, a tenth of the probe's CPU on a
 * virtual machine). Written first, the page is simply allocated. Zero over
 * zero: calloc's contract is kept whatever memory it returns.
 */
static void *table_calloc(size_t count, size_t size)
{
	unsigned char *p = ds__calloc(count, size);
	size_t i, n = count * size;

	if (p && n >= 65536)
		for (i = 0; i < n; i += 4096)
			((volatile unsigned char *)p)[i] = 0;
	return p;
}

static int hset_grow(hset *s)
{
	size_t cap = s->cap ? s->cap * 2 : 1024, i;
	uint64_t *slots = table_calloc(cap, sizeof *slots);

	if (!slots)
		return ds__enomem();
	for (i = 0; i < s->cap; i++) {
		uint64_t h = s->slots[i];
		if (h) {
			size_t j = (size_t)h & (cap - 1);
			while (slots[j])
				j = (j + 1) & (cap - 1);
			slots[j] = h;
		}
	}
	ds__free(s->slots);
	s->slots = slots;
	s->cap = cap;
	return DS_OK;
}

int ds__hset_add(hset *s, uint64_t h)
{
	size_t j;
	int rc;

	if (s->overflow)
		return -1;
	if (h == 0) {
		if (s->has_zero)
			return 0;
		if (s->count >= s->bound)
			return -1;
		s->has_zero = 1;
		s->count++;
		return 1;
	}
	if (s->cap == 0 && (rc = hset_grow(s)) < 0)
		return rc;
	j = (size_t)h & (s->cap - 1);
	while (s->slots[j]) {
		if (s->slots[j] == h)
			return 0;
		j = (j + 1) & (s->cap - 1);
	}
	if (s->count >= s->bound)
		return -1; /* not added: the caller moves the set into its estimate */
	s->slots[j] = h;
	s->count++;
	if (s->count * 2 > s->cap && (rc = hset_grow(s)) < 0)
		return rc;
	return 1;
}

void ds__hset_dispose(hset *s)
{
	ds__free(s->slots);
	s->slots = NULL;
	s->cap = 0;
}

/* ---- exact top values ---- */

#define TOPK_FIRST_SLOTS 16
#define TOPK_FIRST_ARENA 256

static int topk_grow(topk *t)
{
	size_t cap = t->cap ? t->cap * 2 : TOPK_FIRST_SLOTS, i;
	topk_entry *slots = table_calloc(cap, sizeof *slots);

	if (!slots)
		return ds__enomem();
	for (i = 0; i < t->cap; i++) {
		if (t->slots[i].count) {
			size_t j = (size_t)t->slots[i].hash & (cap - 1);
			while (slots[j].count)
				j = (j + 1) & (cap - 1);
			slots[j] = t->slots[i];
		}
	}
	ds__free(t->slots);
	t->slots = slots;
	t->cap = cap;
	t->moves++;
	return DS_OK;
}

void ds__topk_release(topk *t)
{
	ds__free(t->slots);
	ds__free(t->arena);
	t->slots = NULL;
	t->arena = NULL;
	t->cap = t->count = t->arena_len = t->arena_cap = 0;
	t->overflow = 1;
}

/* A value that XML 1.0 cannot carry (C0 controls other than tab, LF, CR; the
 * noncharacters U+FFFE and U+FFFF) is not kept as a top value: the column's top values
 * are then not reported. */
static int xml_safe(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c < 0x20 && c != '\t' && c != '\n' && c != '\r')
			return 0;
		if (c == 0xEF && i + 2 < n && (unsigned char)s[i + 1] == 0xBF && (unsigned char)s[i + 2] >= 0xBE)
			return 0;
	}
	return 1;
}

int ds__topk_add(topk *t, uint64_t h, const char *s, size_t n, size_t *slot)
{
	size_t j;
	int rc;

	if (t->overflow)
		return -1;
	if (t->cap == 0) {
		if (t->budget && TOPK_FIRST_SLOTS * sizeof(topk_entry) > t->budget)
			return -1;
		if ((rc = topk_grow(t)) < 0)
			return rc;
	}
	j = (size_t)h & (t->cap - 1);
	while (t->slots[j].count) {
		topk_entry *e = &t->slots[j];
		if (e->hash == h && e->len == n && ds__probe_same(t->arena + e->offset, s, n)) {
			e->count++;
			if (slot)
				*slot = j;
			return 0;
		}
		j = (j + 1) & (t->cap - 1);
	}
	if (n > TOPK_MAX_BYTES || t->count >= TOPK_MAX_DISTINCT || !xml_safe(s, n))
		return -1; /* not added: the caller moves the table's hashes to the exact set */
	if (t->budget) {
		/* What the table would hold after this value: the slots double once the
		 * table is more than half full, the arena doubles until the value fits. */
		size_t slots = (t->count + 1) * 2 > t->cap ? t->cap * 2 : t->cap;
		size_t arena = t->arena_cap ? t->arena_cap : TOPK_FIRST_ARENA;
		while (arena < t->arena_len + n + 1)
			arena *= 2;
		if (slots * sizeof(topk_entry) + arena > t->budget)
			return -1; /* over the column's share of TOPK_BUDGET */
	}
	if (t->arena_len + n + 1 > t->arena_cap) {
		size_t cap = t->arena_cap ? t->arena_cap * 2 : TOPK_FIRST_ARENA;
		char *arena;
		while (cap < t->arena_len + n + 1)
			cap *= 2;
		if (!(arena = ds__realloc(t->arena, cap)))
			return ds__enomem();
		t->arena = arena;
		t->arena_cap = cap;
	}
	memcpy(t->arena + t->arena_len, s, n);
	t->arena[t->arena_len + n] = '\0';
	t->slots[j].hash = h;
	t->slots[j].count = 1;
	t->slots[j].offset = (uint32_t)t->arena_len;
	t->slots[j].len = (uint32_t)n;
	t->arena_len += n + 1;
	t->count++;
	if (slot)
		*slot = j;
	if (t->count * 2 > t->cap && (rc = topk_grow(t)) < 0) /* moves the slots (t->moves) */
		return rc;
	return 1;
}

void ds__topk_dispose(topk *t)
{
	ds__free(t->slots);
	ds__free(t->arena);
	t->slots = NULL;
	t->arena = NULL;
}

/* ---- bounded set of 128-bit record hashes ---- */

static int rset_grow(rset *s)
{
	size_t cap = s->cap ? s->cap * 2 : 4096, i;
	uint64_t *slots = table_calloc(cap * 2, sizeof *slots);

	if (!slots)
		return ds__enomem();
	for (i = 0; i < s->cap; i++) {
		uint64_t a = s->slots[2 * i], b = s->slots[2 * i + 1];
		if (a | b) {
			size_t j = (size_t)a & (cap - 1);
			while (slots[2 * j] | slots[2 * j + 1])
				j = (j + 1) & (cap - 1);
			slots[2 * j] = a;
			slots[2 * j + 1] = b;
		}
	}
	ds__free(s->slots);
	s->slots = slots;
	s->cap = cap;
	return DS_OK;
}

int ds__rset_reserve(rset *s, size_t n)
{
	size_t cap = 4096;

	if (s->cap || s->full)
		return DS_OK;
	if (n > s->bound)
		n = s->bound;
	while (cap < 2 * n)
		cap *= 2;
	if (!(s->slots = table_calloc(cap * 2, sizeof *s->slots)))
		return ds__enomem();
	s->cap = cap;
	return DS_OK;
}

int ds__rset_add(rset *s, uint64_t a, uint64_t b)
{
	size_t j;
	int rc;

	if (s->full)
		return -1;
	if ((a | b) == 0)
		b = 1; /* (0, 0) marks an empty slot */
	if (s->cap == 0 && (rc = rset_grow(s)) < 0)
		return rc;
	j = (size_t)a & (s->cap - 1);
	while (s->slots[2 * j] | s->slots[2 * j + 1]) {
		if (s->slots[2 * j] == a && s->slots[2 * j + 1] == b)
			return 0;
		j = (j + 1) & (s->cap - 1);
	}
	if (s->count >= s->bound) {
		s->full = 1;
		return -1;
	}
	s->slots[2 * j] = a;
	s->slots[2 * j + 1] = b;
	s->count++;
	if (s->count * 2 > s->cap && s->count < s->bound && (rc = rset_grow(s)) < 0)
		return rc;
	return 1;
}

void ds__rset_dispose(rset *s)
{
	ds__free(s->slots);
	s->slots = NULL;
	s->cap = 0;
}

/* ---- names to positions ---- */

static int names_grow(name_index *x)
{
	size_t cap = x->cap ? x->cap * 2 : 64, i;
	name_entry *slots = ds__calloc(cap, sizeof *slots);

	if (!slots)
		return ds__enomem();
	for (i = 0; i < x->cap; i++)
		if (x->slots[i].name) {
			size_t j = (size_t)x->slots[i].hash & (cap - 1);
			while (slots[j].name)
				j = (j + 1) & (cap - 1);
			slots[j] = x->slots[i];
		}
	ds__free(x->slots);
	x->slots = slots;
	x->cap = cap;
	return DS_OK;
}

static size_t names_find(const name_index *x, const char *name, uint64_t h)
{
	size_t j = (size_t)h & (x->cap - 1);

	while (x->slots[j].name && (x->slots[j].hash != h || strcmp(x->slots[j].name, name) != 0))
		j = (j + 1) & (x->cap - 1);
	return j;
}

int ds__names_put(name_index *x, const char *name, size_t value, size_t **slot)
{
	uint64_t h = ds__probe_hash(name, strlen(name));
	size_t j;
	int rc;

	if ((x->count + 1) * 2 > x->cap && (rc = names_grow(x)) < 0)
		return rc;
	j = names_find(x, name, h);
	if (slot)
		*slot = &x->slots[j].value;
	if (x->slots[j].name)
		return 0;
	x->slots[j].hash = h;
	x->slots[j].name = name;
	x->slots[j].value = value;
	x->count++;
	return 1;
}

size_t ds__names_get(const name_index *x, const char *name)
{
	size_t j;

	if (x->cap == 0)
		return (size_t)-1;
	j = names_find(x, name, ds__probe_hash(name, strlen(name)));
	return x->slots[j].name ? x->slots[j].value : (size_t)-1;
}

void ds__names_dispose(name_index *x)
{
	ds__free(x->slots);
	x->slots = NULL;
	x->cap = x->count = 0;
}
