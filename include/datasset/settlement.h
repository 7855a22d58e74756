/** @file
 * libdatasset — 公共数据授权运营收益分配: the price mechanism of 发改价格〔2025〕65号
 * (最高准许收入, the yearly ±10 % tiers, the period excess and its deduction) and
 * the settlement of agreed data-use fee pools (有偿使用费) among the parties of
 * an authorised operation, with each line's destination (国库 or retained).
 * SPDX-License-Identifier: MIT
 *
 * A ds_settlement holds the inputs (built through the API or read from a
 * settlement document, urn:datasset:settlement:1); ds_settlement_compute()
 * turns them into a ds_settlement_statement: the MAR record, each year's
 * deviation and tier, the period excess and its deduction schedule, and every
 * pool's lines — exact to the fen and summing exactly. The computation is pure:
 * no I/O, no global state (docs/settlement.md gives the rules and their sources).
 *
 * Amounts in are ds_decimal values in yuan, exact to the fen (DS_EINVAL
 * otherwise) and below 10^13 yuan (DS_ERANGE); amounts out are int64_t fen.
 * Rates, shares and weights are exact decimals. Exact values that need not be
 * money (shares, unrounded amounts) come out as text: the exact decimal when it
 * terminates, else a reduced fraction "p/q".
 *
 * Thread-safety: every function is reentrant; a handle is used by one thread
 * at a time. A statement is independent of its inputs once computed.
 */
#ifndef DATASSET_SETTLEMENT_H
#define DATASSET_SETTLEMENT_H

#include <stdint.h>

#include "common.h"
#include "decimal.h"

#ifdef __cplusplus
extern "C" {
#endif

/** The inputs of a settlement. Opaque; see ds_settlement_new(). */
typedef struct ds_settlement ds_settlement;

/** A computed settlement statement. Opaque; see ds_settlement_compute(). */
typedef struct ds_settlement_statement ds_settlement_statement;

/** The bound on the pricing authority's markup m (发改价格〔2025〕65号 §3(1): 不超过6个百分点), in percent. */
#define DS_SETTLEMENT_MAX_MARKUP_PERCENT 6

/** The most years in one evaluation period (§4: 评估周期原则上不超过3年). */
#define DS_SETTLEMENT_MAX_PERIOD_YEARS 3

/** The most years a period excess may be smoothed over (our bound). */
#define DS_SETTLEMENT_MAX_SMOOTHING_YEARS 30

/** Kind of a party, which decides where its money goes. */
typedef enum ds_settlement_kind {
	DS_SETTLEMENT_ADMIN_UNIT = 1, /**< 行政单位: use and disposal income to the treasury */
	DS_SETTLEMENT_INST_UNIT = 2, /**< 事业单位: use income as the finance bureau rules; disposal to the treasury */
	DS_SETTLEMENT_AUTHORITY = 3,	     /**< 授权主体 (its own line): to the treasury */
	DS_SETTLEMENT_PUBLIC_ENTERPRISE = 4, /**< 公用企业: retained */
	DS_SETTLEMENT_COMPANY = 5	     /**< a company (运营机构, 数据企业): retained */
} ds_settlement_kind;

/** Where a line's money goes. */
typedef enum ds_settlement_destination {
	DS_SETTLEMENT_RETAIN = 1,  /**< stays with the unit or company */
	DS_SETTLEMENT_TREASURY = 2 /**< 非税收入, remitted to the treasury (国库集中收缴) */
} ds_settlement_destination;

/** What a 事业单位 does with use income (财资〔2024〕1号: the same-level finance bureau rules). */
typedef enum ds_settlement_inst_income {
	DS_SETTLEMENT_INST_UNSET = 0, /**< not said: refused when a pool has a 事业单位 party */
	DS_SETTLEMENT_INST_REMIT = 1, /**< remitted to the treasury */
	DS_SETTLEMENT_INST_RETAIN = 2 /**< retained by the unit */
} ds_settlement_inst_income;

/** How a pool's fee F is fixed by the agreement (F5). */
typedef enum ds_settlement_pool_type {
	DS_SETTLEMENT_SHARE = 1,    /**< F = HALF_UP₂(G × k), 0 < k ≤ 1 */
	DS_SETTLEMENT_PER_CALL = 2, /**< F = Σ products HALF_UP₂(rate × chargeable calls) */
	DS_SETTLEMENT_FIXED = 3	    /**< F = the agreed amount */
} ds_settlement_pool_type;

/** What the pool's money is. */
typedef enum ds_settlement_income {
	DS_SETTLEMENT_USE = 0,	   /**< 有偿使用 income (the default) */
	DS_SETTLEMENT_DISPOSAL = 1 /**< 处置 income: 行政 and 事业单位 lines both go to the treasury */
} ds_settlement_income;

/** Why a call was free (发改价格〔2025〕65号 §1); counted, never charged. */
typedef enum ds_settlement_purpose {
	DS_SETTLEMENT_PUBLIC_GOVERNANCE = 1, /**< 公共治理 */
	DS_SETTLEMENT_PUBLIC_WELFARE = 2     /**< 公益事业 */
} ds_settlement_purpose;

/** The yearly evaluation tier (F3). */
typedef enum ds_settlement_tier {
	DS_SETTLEMENT_OPERATOR_ADJUSTS = 1, /**< |d| ≤ 10 %: the 授权主体 guides the operator to adjust its prices */
	DS_SETTLEMENT_AUTHORITY_ADJUSTS = 2 /**< |d| > 10 %: the 授权主体 adjusts the ceiling prices */
} ds_settlement_tier;

/* ===========================================================================
 * Inputs
 * ========================================================================= */

/**
 * Create an empty settlement.
 * @param out receives it; free it with ds_settlement_free().
 * @return DS_OK; DS_EINVAL for NULL; DS_ENOMEM.
 */
DS_EXTERN int ds_settlement_new(ds_settlement **out);

/** Free a settlement. @param s the settlement, or NULL (no-op). */
DS_EXTERN void ds_settlement_free(ds_settlement *s);

/**
 * Name the settlement (title and settlement period, e.g. "2025-Q3"); both copied.
 * @param title  1 to 256 bytes of UTF-8, or NULL.
 * @param period 1 to 64 bytes, or NULL.
 * @return DS_OK; DS_EINVAL naming "title" or "period"; DS_ENOMEM.
 */
DS_EXTERN int ds_settlement_set_title(ds_settlement *s, const char *title, const char *period);

/**
 * Say what 事业单位 do with use income (profile parameter inst_use_income).
 * @return DS_OK; DS_EINVAL for an unknown value.
 */
DS_EXTERN int ds_settlement_set_inst_income(ds_settlement *s, ds_settlement_inst_income rule);

/** The inputs of the maximum allowed revenue (最高准许收入, F1 and F2). Fields are only ever appended. */
typedef struct ds_settlement_mar {
	unsigned int version;	       /**< DS_SETTLEMENT_MAR_VERSION */
	ds_decimal *const *costs;      /**< 经营成本 items (surveyed, yuan, >= 0); never modified */
	const char *const *cost_names; /**< a name per item, or NULL */
	size_t cost_count;	       /**< at least 1 */
	ds_decimal *const *subsidies;  /**< government subsidies deducted from cost (>= 0), or NULL */
	size_t subsidy_count;	       /**< the number of @c subsidies */
	const ds_decimal *bond_yield;  /**< y: average 10-year government bond yield (fraction, >= 0); required */
	const char *bond_yield_source; /**< where y comes from (required: the figure is data, not a constant) */
	const ds_decimal *markup;      /**< m: 0 to 0.06 (six percentage points); required */
	const ds_decimal *taxes;       /**< T: taxes, yuan >= 0, or NULL for 0 */
} ds_settlement_mar;

/** The current layout of ::ds_settlement_mar: the value for its @c version field. */
#define DS_SETTLEMENT_MAR_VERSION 1
/** An initialiser for a ::ds_settlement_mar: the current @c version and the defaults. */
#define DS_SETTLEMENT_MAR_INIT                                                            \
	{                                                                                 \
		DS_SETTLEMENT_MAR_VERSION, NULL, NULL, 0, NULL, 0, NULL, NULL, NULL, NULL \
	}

/** Initialise @p m to the defaults. @return DS_OK, or DS_EINVAL for NULL or an unknown version. */
DS_EXTERN int ds_settlement_mar_init(ds_settlement_mar *m, unsigned int version);

/**
 * Set the MAR inputs (replacing earlier ones). C = Σ costs − Σ subsidies must be > 0.
 * @return DS_OK; DS_EINVAL naming the field ("mar/cost[2]", "mar/subsidy[1]",
 *         "mar/cost" for C <= 0, "mar/bond_yield", "mar/bond_yield_source",
 *         "mar/markup" above 0.06 or negative, "mar/taxes"); DS_ERANGE; DS_ENOMEM.
 *         Unchanged on failure.
 */
DS_EXTERN int ds_settlement_set_mar(ds_settlement *s, const ds_settlement_mar *mar);

/**
 * Add a year of the evaluation period with the operator's actual industry-use
 * income A (years strictly ascending; at most DS_SETTLEMENT_MAX_PERIOD_YEARS).
 * @param mar the year's MAR in yuan, or NULL for the one set by ds_settlement_set_mar().
 * @return DS_OK; DS_EINVAL naming "year", "actual" or "mar"; DS_ESTATE for a
 *         fourth year (the period is at most three years); DS_ERANGE; DS_ENOMEM.
 */
DS_EXTERN int ds_settlement_add_year(ds_settlement *s, int year, const ds_decimal *actual, const ds_decimal *mar);

/**
 * How the period excess E is deducted from the next period's MAR: all in its
 * first year (@p years 1, the default) or smoothed over @p years years (F4).
 * @param next_mar the next period's MAR before deduction, or NULL for the MAR
 *                 set by ds_settlement_set_mar() ("an unchanged cost base").
 * @return DS_OK; DS_EINVAL naming "deduction/years" (1 to
 *         DS_SETTLEMENT_MAX_SMOOTHING_YEARS) or "deduction/next_mar" (> 0).
 */
DS_EXTERN int ds_settlement_set_deduction(ds_settlement *s, unsigned int years, const ds_decimal *next_mar);

/** A data-use fee pool (有偿使用费) of one agreement and settlement period. Fields are only ever appended. */
typedef struct ds_settlement_pool {
	unsigned int version;		  /**< DS_SETTLEMENT_POOL_VERSION */
	const char *id;			  /**< unique in the settlement, 1 to 64 bytes; required */
	const char *product;		  /**< the product or service, or NULL */
	const char *agreement;		  /**< 授权运营协议 reference, or NULL */
	ds_settlement_pool_type type;	  /**< required */
	ds_settlement_income income_kind; /**< DS_SETTLEMENT_USE (default) or DS_SETTLEMENT_DISPOSAL */
	const ds_decimal *income;	  /**< G: tax-exclusive fee income of the period; required for SHARE */
	const ds_decimal *share;	  /**< k for SHARE: 0 < k ≤ 1 */
	const ds_decimal *amount;	  /**< F for FIXED */
} ds_settlement_pool;

/** The current layout of ::ds_settlement_pool: the value for its @c version field. */
#define DS_SETTLEMENT_POOL_VERSION 1
/** An initialiser for a ::ds_settlement_pool: the current @c version and the defaults. */
#define DS_SETTLEMENT_POOL_INIT                                                                                    \
	{                                                                                                          \
		DS_SETTLEMENT_POOL_VERSION, NULL, NULL, NULL, (ds_settlement_pool_type)0, DS_SETTLEMENT_USE, NULL, \
			NULL, NULL                                                                                 \
	}

/** Initialise @p p to the defaults. @return DS_OK, or DS_EINVAL for NULL or an unknown version. */
DS_EXTERN int ds_settlement_pool_init(ds_settlement_pool *p, unsigned int version);

/**
 * Add a pool.
 * @return DS_OK; DS_EINVAL naming the field ("pool 'P1'/share" outside (0, 1],
 *         "pool 'P1'/income" missing or negative, "pool 'P1'/amount" above the
 *         income, ...); DS_EEXISTS for an id already used; DS_ERANGE; DS_ENOMEM.
 */
DS_EXTERN int ds_settlement_add_pool(ds_settlement *s, const ds_settlement_pool *pool);

/**
 * Add a charged product to a PER_CALL pool: HALF_UP₂(@p rate × @p calls) is its part of F.
 * @param rate yuan per call, >= 0 (any precision). @param calls chargeable calls.
 * @return DS_OK; DS_ENOTFOUND for an unknown pool; DS_EINVAL for a pool of
 *         another type or a bad rate; DS_ERANGE; DS_ENOMEM.
 */
DS_EXTERN int ds_settlement_add_product(ds_settlement *s, const char *pool_id, const char *name, const ds_decimal *rate,
					uint64_t calls);

/** A party of a pool. Fields are only ever appended. */
typedef struct ds_settlement_party {
	unsigned int version;	  /**< DS_SETTLEMENT_PARTY_VERSION */
	const char *id;		  /**< unique in the pool, 1 to 64 bytes; required; orders ties */
	const char *name;	  /**< or NULL */
	const char *role;	  /**< e.g. "供数单位", "授权主体", or NULL */
	ds_settlement_kind kind;  /**< required */
	const ds_decimal *weight; /**< w >= 0 (calls, records, or an agreed ratio); required */
} ds_settlement_party;

/** The current layout of ::ds_settlement_party: the value for its @c version field. */
#define DS_SETTLEMENT_PARTY_VERSION 1
/** An initialiser for a ::ds_settlement_party: the current @c version and the defaults. */
#define DS_SETTLEMENT_PARTY_INIT                                                           \
	{                                                                                  \
		DS_SETTLEMENT_PARTY_VERSION, NULL, NULL, NULL, (ds_settlement_kind)0, NULL \
	}

/** Initialise @p p to the defaults. @return DS_OK, or DS_EINVAL for NULL or an unknown version. */
DS_EXTERN int ds_settlement_party_init(ds_settlement_party *p, unsigned int version);

/**
 * Add a party to pool @p pool_id.
 * @return DS_OK; DS_ENOTFOUND for an unknown pool; DS_EINVAL naming the field
 *         ("pool 'P1'/party 'H1'/weight" negative, ".../kind" unknown);
 *         DS_EEXISTS for an id already in the pool; DS_ENOMEM.
 */
DS_EXTERN int ds_settlement_add_party(ds_settlement *s, const char *pool_id, const ds_settlement_party *party);

/**
 * Record free calls (公共治理 / 公益事业, price 0, weight 0) in pool @p pool_id:
 * counted in the statement's usage figures, never charged or paid.
 * @return DS_OK; DS_ENOTFOUND; DS_EINVAL for an unknown purpose or empty name; DS_ENOMEM.
 */
DS_EXTERN int ds_settlement_add_free_use(ds_settlement *s, const char *pool_id, const char *user,
					 ds_settlement_purpose purpose, uint64_t calls);

/**
 * Read a settlement document (urn:datasset:settlement:1, schemas/settlement.xsd):
 * validated against the schema (DS_EPARSE with the line), then every value goes
 * through the checks of the ds_settlement_* functions, a refusal being reported
 * with the element's line and field path ("settlement/pool[2]/party[3]/@c weight").
 * @param out receives the settlement; free it with ds_settlement_free(). Unchanged on failure.
 * @return DS_OK; DS_EIO; DS_EPARSE; DS_EINVAL, DS_ESTATE, DS_EEXISTS, DS_ERANGE; DS_ENOMEM.
 */
DS_EXTERN int ds_settlement_load(ds_settlement **out, const char *path);

/** The same as ds_settlement_load() for a document in memory (@p name labels errors). */
DS_EXTERN int ds_settlement_parse(ds_settlement **out, const char *data, size_t len, const char *name);

/* ===========================================================================
 * The statement
 * ========================================================================= */

/**
 * Compute the statement of @p s: the MAR record (when set), each year's deviation
 * and tier, the period excess and its deduction schedule (when years were
 * added), and every pool's fee and lines. Every sum is checked before the
 * statement is returned: MAR = C + P + T, the deductions sum to E, Σ shares = 1,
 * the lines sum to F, F ≤ G.
 * @param out receives the statement; free it with ds_settlement_statement_free().
 * @return DS_OK; DS_EINVAL naming the field for inputs that are incomplete
 *         together (years without a MAR, a pool with no party, all weights zero,
 *         a PER_CALL pool with no product, a 事业单位 party with inst_use_income
 *         unset, a fee above the pool's income); DS_EINTERNAL if a check fails (a
 *         bug); DS_ENOMEM. *out is unchanged on failure.
 */
DS_EXTERN int ds_settlement_compute(ds_settlement_statement **out, const ds_settlement *s);

/** Free a statement. @param st the statement, or NULL (no-op). */
DS_EXTERN void ds_settlement_statement_free(ds_settlement_statement *st);

/** The MAR record (F1, F2), in fen. */
typedef struct ds_settlement_mar_figures {
	int64_t cost_items;	       /**< Σ cost items */
	int64_t subsidies;	       /**< Σ subsidies */
	int64_t cost;		       /**< C = cost_items − subsidies */
	int64_t profit;		       /**< P = HALF_UP₂(C × r) */
	int64_t taxes;		       /**< T */
	int64_t mar;		       /**< MAR = C + P + T */
	const char *rate;	       /**< r = y + m, exact (borrowed from the statement) */
	const char *bond_yield;	       /**< y, exact (borrowed) */
	const char *bond_yield_source; /**< its source (borrowed) */
	const char *markup;	       /**< m, exact (borrowed) */
} ds_settlement_mar_figures;

/**
 * Copy the MAR record into @p out.
 * @return DS_OK; DS_ENOTFOUND when the settlement had no MAR; DS_EINVAL for NULL.
 */
DS_EXTERN int ds_settlement_statement_mar(ds_settlement_mar_figures *out, const ds_settlement_statement *st);

/** One year of the evaluation period (F3). Amounts in fen. */
typedef struct ds_settlement_year {
	int year;		 /**< the year */
	int64_t actual;		 /**< A */
	int64_t mar;		 /**< the year's MAR */
	int64_t deviation;	 /**< A − MAR */
	const char *ratio;	 /**< d = (A − MAR) / MAR exact (borrowed) */
	const char *percent;	 /**< d × 100 HALF_UP to 2 places, e.g. "10.77" (borrowed) */
	ds_settlement_tier tier; /**< decided on the exact d: |d| ≤ 1/10 is the lower tier */
} ds_settlement_year;

/** The number of years of the evaluation period (0 for NULL). */
DS_EXTERN size_t ds_settlement_year_count(const ds_settlement_statement *st);

/**
 * Copy year @p index (ascending) into @p out; its strings are borrowed from @p st.
 * @return DS_OK; DS_ERANGE naming the index and the count; DS_EINVAL for NULL.
 */
DS_EXTERN int ds_settlement_year_at(ds_settlement_year *out, const ds_settlement_statement *st, size_t index);

/** The period figures (F4), in fen. */
typedef struct ds_settlement_period {
	int64_t actual;		      /**< Σ A */
	int64_t mar;		      /**< Σ MAR */
	int64_t excess;		      /**< E = max(0, Σ A − Σ MAR) */
	int64_t next_mar;	      /**< the next period's MAR before deduction */
	unsigned int smoothing_years; /**< k (1: all in the first year) */
} ds_settlement_period;

/**
 * Copy the period figures into @p out.
 * @return DS_OK; DS_ENOTFOUND when no year was given; DS_EINVAL for NULL.
 */
DS_EXTERN int ds_settlement_statement_period(ds_settlement_period *out, const ds_settlement_statement *st);

/** One year of the next period's deduction schedule. Amounts in fen. */
typedef struct ds_settlement_deduction {
	unsigned int year;  /**< 1 for the next period's first year, ... */
	int64_t scheduled;  /**< the k-year schedule: HALF_UP₂(E / k), the last year E minus the others */
	int64_t carried_in; /**< carried from the year before (a deduction above that year's MAR) */
	int64_t deducted;   /**< min(scheduled + carried_in, next MAR) */
	int64_t net_mar;    /**< next MAR − deducted */
} ds_settlement_deduction;

/** The number of deduction years (0 when E = 0 or no year was given). */
DS_EXTERN size_t ds_settlement_deduction_count(const ds_settlement_statement *st);

/**
 * Copy deduction year @p index into @p out.
 * @return DS_OK; DS_ERANGE naming the index and the count; DS_EINVAL for NULL.
 */
DS_EXTERN int ds_settlement_deduction_at(ds_settlement_deduction *out, const ds_settlement_statement *st, size_t index);

/** A pool's figures. Amounts in fen; strings borrowed from the statement. */
typedef struct ds_settlement_pool_figures {
	const char *id;			  /**< the pool's id */
	const char *product;		  /**< or NULL */
	const char *agreement;		  /**< or NULL */
	ds_settlement_pool_type type;	  /**< how the fee F is fixed */
	ds_settlement_income income_kind; /**< 有偿使用 or 处置 income */
	int has_income;			  /**< 1 when G was given */
	int64_t income;			  /**< G (0 when not given) */
	const char *share;		  /**< k, exact, for SHARE (else NULL) */
	int64_t fee;			  /**< F */
	int64_t to_treasury;		  /**< Σ treasury lines (非税收入) */
	int64_t retained;		  /**< Σ retained lines */
	int64_t operator_keeps;		  /**< G − F (0 when G was not given) */
	uint64_t charged_calls;		  /**< Σ chargeable calls of PER_CALL products */
	uint64_t free_calls;		  /**< Σ free calls (公共治理 / 公益事业) */
	size_t line_count;		  /**< the number of lines (one per party) */
} ds_settlement_pool_figures;

/** The number of pools (0 for NULL). */
DS_EXTERN size_t ds_settlement_pool_count(const ds_settlement_statement *st);

/**
 * Copy pool @p index (in the order added) into @p out.
 * @return DS_OK; DS_ERANGE naming the index and the count; DS_EINVAL for NULL.
 */
DS_EXTERN int ds_settlement_pool_at(ds_settlement_pool_figures *out, const ds_settlement_statement *st, size_t index);

/** One line of a pool: a party's part of F, in the settlement order (F7). */
typedef struct ds_settlement_line {
	const char *party;		       /**< party id (borrowed) */
	const char *name;		       /**< or NULL */
	const char *role;		       /**< or NULL */
	ds_settlement_kind kind;	       /**< the party's kind */
	ds_settlement_destination destination; /**< where the money goes */
	const char *weight;		       /**< w, exact */
	const char *share;		       /**< s = w / Σ w, exact */
	const char *exact;		       /**< F × s, exact */
	int64_t amount; /**< booked: HALF_UP₂(F × s), or F minus the other lines for the line that took the remainder */
	int64_t remainder;  /**< amount − HALF_UP₂(F × s) (non-zero only on the remainder line) */
	int took_remainder; /**< 1 on the line that took the remainder */
} ds_settlement_line;

/**
 * Copy line @p line of pool @p pool (both 0-based; lines in the settlement order)
 * into @p out; its strings are borrowed from @p st.
 * @return DS_OK; DS_ERANGE naming the index and the count of pools or lines; DS_EINVAL for NULL.
 */
DS_EXTERN int ds_settlement_line_at(ds_settlement_line *out, const ds_settlement_statement *st, size_t pool,
				    size_t line);

/** Output formats of a statement. */
typedef enum ds_settlement_format {
	DS_SETTLEMENT_FORMAT_TEXT = 0, /**< for people */
	DS_SETTLEMENT_FORMAT_CSV = 1,  /**< RFC 4180, CRLF rows, one row per record */
	DS_SETTLEMENT_FORMAT_XML = 2   /**< `<statement>` in urn:datasset:settlement:1 (schemas/settlement.xsd) */
} ds_settlement_format;

/** Flag for CSV output: start with a UTF-8 byte order mark (for Excel). */
#define DS_SETTLEMENT_BOM 0x1u

/**
 * Write a statement.
 * @param out   receives a new UTF-8 string; free it with ds_free().
 * @param flags 0 or DS_SETTLEMENT_BOM (CSV only).
 * @return DS_OK; DS_EINVAL for an unknown format or flag or NULL; DS_ENOMEM.
 */
DS_EXTERN int ds_settlement_statement_write(char **out, const ds_settlement_statement *st, ds_settlement_format format,
					    unsigned int flags);

#ifdef __cplusplus
}
#endif

#endif
