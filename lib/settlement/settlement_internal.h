/*
 * The settlement module's internals: the inputs (settlement.c), the statement
 * (compute.c) and the fen and decimal helpers they share. Never installed.
 * SPDX-License-Identifier: MIT
 */
#ifndef DS_SETTLEMENT_INTERNAL_H
#define DS_SETTLEMENT_INTERNAL_H

#include <stdint.h>

#include "datasset/settlement.h"
#include "internal/core.h"
#include "internal/decimal.h"

/* Every input amount is below 10^13 yuan; a settlement refuses inputs whose
 * magnitudes add up past 2 × 10^16 yuan, so no sum it forms overflows. */
#define ST_AMOUNT_MAX DS__FEN_MAX		   /* 10^13 yuan in fen (internal/decimal.h) */
#define ST_BUDGET_MAX INT64_C(2000000000000000000) /* 2 × 10^16 yuan in fen */
#define ST_MAX_DEDUCTION_YEARS 1200

typedef struct st_party {
	char *id, *name, *role;
	ds_settlement_kind kind;
	ds_decimal *weight;
} st_party;

typedef struct st_product {
	char *name;
	ds_decimal *rate;
	uint64_t calls;
} st_product;

typedef struct st_free {
	char *user;
	ds_settlement_purpose purpose;
	uint64_t calls;
} st_free;

typedef struct st_pool {
	char *id, *product, *agreement;
	ds_settlement_pool_type type;
	ds_settlement_income income_kind;
	int has_income;
	int64_t income; /* G, fen */
	ds_decimal *share;
	int64_t amount; /* F of a FIXED pool, fen */
	st_party *parties;
	size_t party_count;
	st_product *products;
	size_t product_count;
	st_free *frees;
	size_t free_count;
} st_pool;

typedef struct st_year {
	int year;
	int64_t actual;
	int has_mar;
	int64_t mar;
} st_year;

struct ds_settlement {
	char *title, *period;
	ds_settlement_inst_income inst;
	int has_mar;
	int64_t *costs; /* fen */
	char **cost_names;
	size_t cost_count;
	int64_t *subsidies;
	size_t subsidy_count;
	ds_decimal *bond_yield, *markup;
	char *bond_yield_source;
	int64_t taxes;
	st_year years[DS_SETTLEMENT_MAX_PERIOD_YEARS];
	size_t year_count;
	unsigned int deduction_years;
	int has_next_mar;
	int64_t next_mar;
	st_pool *pools;
	size_t pool_count;
	int64_t magnitude; /* Σ |input amounts| */
};

/* A decimal's exact text: its decimal form when it terminates, else "p/q" (new string, ds_free). */
int ds__settlement_exact_text(char **out, const ds_decimal *x);
/* HALF_UP to the fen of @x yuan (DS_ERANGE past the bound, naming @field). */
int ds__settlement_round_fen(int64_t *out, const ds_decimal *x, const char *field);
/* Set @r to @fen yuan. */
int ds__settlement_yuan(ds_decimal *r, int64_t fen);
/* Names of the enums in documents and outputs. */
const char *ds__settlement_kind_name(ds_settlement_kind kind);
const char *ds__settlement_type_name(ds_settlement_pool_type type);
const char *ds__settlement_tier_name(ds_settlement_tier tier);
const char *ds__settlement_purpose_name(ds_settlement_purpose purpose);

/* ---- the statement (compute.c), read by write.c ---- */
typedef struct st_line_out {
	ds_settlement_line line;
	char *party, *name, *role, *weight, *share, *exact;
} st_line_out;

typedef struct st_pool_out {
	ds_settlement_pool_figures figures;
	char *id, *product, *agreement, *share;
	st_line_out *lines;
	st_product *products; /* copies: name, rate (decimal), calls */
	int64_t *product_fees;
	size_t product_count;
	st_free *frees;
	size_t free_count;
} st_pool_out;

typedef struct st_year_out {
	ds_settlement_year year;
	char *ratio, *percent;
} st_year_out;

struct ds_settlement_statement {
	char *title, *period;
	int has_mar;
	ds_settlement_mar_figures mar;
	char *rate, *bond_yield, *bond_yield_source, *markup;
	int64_t *costs;
	char **cost_names;
	size_t cost_count;
	int64_t *subsidies;
	size_t subsidy_count;
	st_year_out *years;
	size_t year_count;
	int has_period;
	ds_settlement_period pf; /* the period figures */
	ds_settlement_deduction *deductions;
	size_t deduction_count;
	st_pool_out *pools;
	size_t pool_count;
};

#endif
