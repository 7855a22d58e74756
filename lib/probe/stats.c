/*
 * The probe's bounded sketches: a fast 64-bit hash per value, an exact set of
 * hashes up to a bound, HyperLogLog after it, exact top-value counts for
 * low-cardinality columns, and a bounded set of 128-bit record hashes.
 * SPDX-License-Identifier: MIT
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include "probe_internal.h"

/* ---- hash: wyhash-style 64×64→128 multiply-fold (public-domain design by Wang Yi) ---- */

static const uint64_t P0 = 0xa0761d6478bd642full, P1 = 0xe7037ed1a0b428dbull, P2 = 0x8ebc6af09c88c6e3ull,
		      P3 = 0x589965cc75374cc3ull;

static inline uint64_t fold(uint64_t a, uint64_t b)
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

static inline uint64_t rd64(const unsigned char *p)
{
	uint64_t v;
	memcpy(&v, p, 8);
	return v;
}

static inline uint64_t rd32(const unsigned char *p)
{
	uint32_t v;
	memcpy(&v, p, 4);
	return v;
}

uint64_t ds__probe_hash(const void *data, size_t len)
{
	const unsigned char *p = data;
	uint64_t seed = P0 ^ (uint64_t)len, a, b;

	if (len <= 16) {
		if (len >= 4) {
			a = (rd32(p) << 32) | rd32(p + ((len >> 3) << 2));
			b = (rd32(p + len - 4) << 32) | rd32(p + len - 4 - ((len >> 3) << 2));
		} else if (len > 0) {
			a = ((uint64_t)p[0] << 16) | ((uint64_t)p[len >> 1] << 8) | p[len - 1];
			b = 0;
		} else {
			a = b = 0;
		}
	} else {
		size_t i = len;
		while (i > 16) {
			seed = fold(rd64(p) ^ P1, rd64(p + 8) ^ seed);
			p += 16;
			i -= 16;
		}
		a = rd64(p + i - 16);
		b = rd64(p + i - 8);
	}
	return fold(P1 ^ (uint64_t)len, fold(a ^ P1, b ^ seed) ^ P2) ^ P3;
}

/* ---- HyperLogLog ---- */

uint64_t ds__hll_estimate(const unsigned char *reg)
{
	/* Harmonic mean of 2^-register; alpha_m for m >= 128. The estimate is a
	 * statistic, not a measured quantity: a floating-point sum is fine here,
	 * and the result is reported as an integer, labelled an estimate. */
	double sum = 0.0, m = (double)HLL_M, alpha = 0.7213 / (1.0 + 1.079 / m), e;
	size_t zeros = 0, i;

	for (i = 0; i < HLL_M; i++) {
		sum += ldexp(1.0, -(int)reg[i]);
		zeros += reg[i] == 0;
	}
	e = alpha * m * m / sum;
	/* Small range: linear counting while it is the better estimator (threshold for p = 14). */
	if (zeros > 0) {
		double lc = m * log(m / (double)zeros);
		if (lc <= 11500.0)
			e = lc;
	}
	return (uint64_t)(e + 0.5);
}

/* ---- exact set of 64-bit hashes ---- */

static int hset_grow(hset *s)
{
	size_t cap = s->cap ? s->cap * 2 : 1024, i;
	uint64_t *slots = ds__calloc(cap, sizeof *slots);

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

static int topk_grow(topk *t)
{
	size_t cap = t->cap ? t->cap * 2 : 64, i;
	topk_entry *slots = ds__calloc(cap, sizeof *slots);

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

/* A value that XML 1.0 cannot carry (C0 controls other than tab, LF, CR) is not kept as a
 * top value: the column's top values are then not reported. */
static int xml_safe(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c < 0x20 && c != '\t' && c != '\n' && c != '\r')
			return 0;
	}
	return 1;
}

int ds__topk_add(topk *t, uint64_t h, const char *s, size_t n)
{
	size_t j;
	int rc;

	if (t->overflow)
		return -1;
	if (t->cap == 0 && (rc = topk_grow(t)) < 0)
		return rc;
	j = (size_t)h & (t->cap - 1);
	while (t->slots[j].count) {
		topk_entry *e = &t->slots[j];
		if (e->hash == h && e->len == n && memcmp(t->arena + e->offset, s, n) == 0) {
			e->count++;
			return 0;
		}
		j = (j + 1) & (t->cap - 1);
	}
	if (n > TOPK_MAX_BYTES || t->count >= TOPK_MAX_DISTINCT || !xml_safe(s, n))
		return -1; /* not added: the caller moves the table's hashes to the exact set */
	if (t->arena_len + n + 1 > t->arena_cap) {
		size_t cap = t->arena_cap ? t->arena_cap * 2 : 1024;
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
	if (t->count * 2 > t->cap && (rc = topk_grow(t)) < 0)
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
	uint64_t *slots = ds__calloc(cap * 2, sizeof *slots);

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
