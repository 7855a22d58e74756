/** @file
 * libdatasset — 数据资产评估: valuation of data assets by the income, cost and
 * market approaches, quality coefficients with AHP weights, reconciliation and
 * sensitivity, every figure exact and explained by a calculation trace.
 * SPDX-License-Identifier: MIT
 *
 * Formulas follow 中评协《数据资产评估指导意见》(2023) and its 模型示例, and
 * 《资产评估专家指引第9号》(2019); docs/valuation.md states each one.
 *
 * Every computation writes into an existing ds_valuation (the first parameter),
 * which holds the exact result and its trace; a ds_valuation can be reused for
 * any number of computations, and a failed computation leaves it unchanged.
 * Nothing is rounded except where stated: the result is exact (a ds_decimal);
 * round it to the fen yourself with ds_decimal_round(r, x, 2, DS_ROUND_HALF_UP),
 * as the trace's display column does. Two quantities are irrational and are
 * computed to a stated precision, which the trace records: √(1 + i) for
 * mid-period timing and the AHP principal eigenvector.
 *
 * Input parameters are plain structs of borrowed pointers: the library reads
 * them during the call and keeps nothing. Input arrays of decimals are
 * `ds_decimal *const *`: the values are never modified; the pointees are not
 * const only so that an array `ds_decimal *a[]` passes without a cast. Each
 * struct has `version` first, an _INIT macro and an _init() function; fields
 * are only ever appended.
 *
 * Field paths in errors (ds_error_last()->field) name the parameter with
 * 1-based indexes: "rates[3]", "contributions[2][1]", "comparables[1]/coefficients[2]/name".
 *
 * Thread-safety: every function is reentrant; a ds_valuation is used by one
 * thread at a time.
 */
#ifndef DATASSET_VALUATION_H
#define DATASSET_VALUATION_H

#include <stddef.h>

#include "common.h"
#include "decimal.h"

#ifdef __cplusplus
extern "C" {
#endif

/** Most periods an income valuation accepts. */
#define DS_VALUATION_MAX_PERIODS 1000
/** Default precision (significant digits) of irrational quantities. */
#define DS_VALUATION_DEFAULT_PRECISION 40
/** Least and most precision a caller may ask for. */
#define DS_VALUATION_MIN_PRECISION 30
#define DS_VALUATION_MAX_PRECISION 1000 /**< see DS_VALUATION_MIN_PRECISION */
/** AHP: most criteria (the RI table covers 1 to 9). */
#define DS_AHP_MAX 9

/** A valuation result: the exact value and its calculation trace. Opaque. */
typedef struct ds_valuation ds_valuation;

/**
 * Options shared by every computation. Every field's zero value is the default.
 */
typedef struct ds_valuation_options {
	unsigned int version;	 /**< DS_VALUATION_OPTIONS_VERSION */
	int no_trace;		 /**< 1: record no trace (the fast path); the value is the same */
	unsigned int precision;	 /**< significant digits for √(1+i) and fractional digits for AHP
				      weights: 0 for DS_VALUATION_DEFAULT_PRECISION, else 30 to 1000 */
	int accept_inconsistent; /**< AHP: 1 accepts a matrix with CR >= 0.10 (the trace says so) */
} ds_valuation_options;

/** The current layout of ::ds_valuation_options: the value for its @c version field. */
#define DS_VALUATION_OPTIONS_VERSION 1
/** An initialiser for a ::ds_valuation_options: the current @c version and the defaults. */
#define DS_VALUATION_OPTIONS_INIT                     \
	{                                             \
		DS_VALUATION_OPTIONS_VERSION, 0, 0, 0 \
	}

/**
 * Initialise @p opts to the defaults.
 * @param version DS_VALUATION_OPTIONS_VERSION.
 * @return DS_OK, or DS_EINVAL for NULL or an unknown version.
 */
DS_EXTERN int ds_valuation_options_init(ds_valuation_options *opts, unsigned int version);

/**
 * Create an empty valuation (value 0, no trace).
 * @param out receives the new object; free it with ds_valuation_free().
 * @return DS_OK, DS_EINVAL for NULL, or DS_ENOMEM.
 */
DS_EXTERN int ds_valuation_new(ds_valuation **out);

/** Free a valuation. @param v the valuation, or NULL (no-op). */
DS_EXTERN void ds_valuation_free(ds_valuation *v);

/**
 * The exact value of the last successful computation (0 before any).
 * @return a borrowed pointer, valid until @p v next changes or is freed; NULL when @p v is NULL.
 */
DS_EXTERN const ds_decimal *ds_valuation_value(const ds_valuation *v);

/** One line of the calculation trace. Strings are UTF-8, never NULL. */
typedef struct ds_trace_entry {
	const char *symbol;  /**< the quantity's symbol: "F_2", "P", "λ_max" */
	const char *name_zh; /**< its name in Chinese: "第2期数据资产收益" */
	const char *name_en; /**< its name in English: "income attributable, period 2" */
	const char *formula; /**< how it was computed, in the symbols of the trace: "R_2 × K_2" */
	const char *exact;   /**< the exact value: plain decimal, or "p/q" when it does not terminate */
	const char *display; /**< the value rounded HALF_UP for reading (money to the fen), grouped */
} ds_trace_entry;

/** Number of trace lines (0 when the trace was switched off or @p v is NULL). */
DS_EXTERN size_t ds_valuation_trace_count(const ds_valuation *v);

/**
 * Copy trace line @p index (0-based) into @p out.
 *
 * The trace is recorded cheaply (exact values and formula templates) and
 * formatted on its first read, by this function or ds_valuation_trace_to_text();
 * the text is the same as if it had been formatted line by line.
 *
 * @param out   receives the line; its strings are borrowed: valid until @p v next
 *              changes or is freed. Unchanged on failure.
 * @return DS_OK; DS_ERANGE for @p index >= ds_valuation_trace_count() (the message
 *         names the index and the count); DS_EINVAL for NULL; DS_ENOMEM when
 *         formatting the trace runs out of memory (a later call tries again).
 */
DS_EXTERN int ds_valuation_trace_at(ds_trace_entry *out, const ds_valuation *v, size_t index);

/**
 * The trace as readable text, one line per quantity:
 * "F_1  第1期数据资产收益 (income attributable, period 1) = R_1 × K_1 = 500000 ≈ 500,000.00".
 * @param out receives a new string; free it with ds_free().
 * @return DS_OK, DS_EINVAL for NULL, DS_ENOMEM.
 */
DS_EXTERN int ds_valuation_trace_to_text(char **out, const ds_valuation *v);

/* ---------------------------------------------------------------------------
 * 收益法: the income approach, P = Σ F_t / (1 + i)^t (+ TV / (1 + i)^n)
 * ------------------------------------------------------------------------- */

/** How the income attributable to the data asset, F_t, is forecast. */
typedef enum ds_income_method {
	DS_INCOME_DIRECT = 0,	  /**< 直接收益预测: F_t = R_t */
	DS_INCOME_SHARE = 1,	  /**< 分成收益预测: F_t = R_t × K_t */
	DS_INCOME_EXCESS = 2,	  /**< 超额收益预测: F_t = R_t − Σ_j C_{t,j} */
	DS_INCOME_INCREMENTAL = 3 /**< 增量收益预测: F_t = R'_t − R_t */
} ds_income_method;

/** When in each period the income arrives. */
typedef enum ds_timing {
	DS_TIMING_END = 0, /**< end of period: factor 1/(1+i)^t, exact */
	DS_TIMING_MID = 1 /**< mid-period: factor 1/(1+i)^(t−0.5) = √(1+i_t)/Π(1+i_s), √ to the stated precision */
} ds_timing;

/**
 * Income approach parameters. Per-period rates compound: the factor of period
 * t is 1/Π_{s<=t}(1 + i_s).
 */
typedef struct ds_valuation_income_params {
	unsigned int version;	 /**< DS_VALUATION_INCOME_PARAMS_VERSION */
	ds_income_method method; /**< the forecast variant */
	size_t periods;		 /**< n, 1 to DS_VALUATION_MAX_PERIODS */
	/** n values: F_t (direct), R_t (share, excess), R'_t (incremental); never modified */
	ds_decimal *const *income;
	ds_decimal *const *shares;   /**< share: K_t in [0, 1], n_shares values; never modified */
	size_t n_shares;	     /**< share: 1 (one rate for all periods) or n */
	ds_decimal *const *baseline; /**< incremental: R_t without the data asset, n values; never modified */
	/** excess: n × n_contributors returns C_{t,j}, row by period; never modified */
	ds_decimal *const *contributions;
	const char *const *contributor_names; /**< excess: n_contributors names, or NULL ("C1", "C2", ...) */
	size_t n_contributors;		      /**< excess: at least 1 */
	ds_decimal *const *rates;	      /**< discount rates i as fractions (0.12), each > −1; never modified */
	size_t n_rates;			      /**< 1 (constant) or n */
	ds_timing timing;		      /**< DS_TIMING_END (default) or DS_TIMING_MID */
	const ds_decimal *terminal_value;     /**< NULL for none (the default for data assets); else the value
					       at the end of period n, discounted by 1/Π_{s<=n}(1+i_s) */
} ds_valuation_income_params;

/** The current layout of ::ds_valuation_income_params: the value for its @c version field. */
#define DS_VALUATION_INCOME_PARAMS_VERSION 1
/** An initialiser for a ::ds_valuation_income_params: the current @c version and the defaults. */
#define DS_VALUATION_INCOME_PARAMS_INIT                                                                               \
	{                                                                                                             \
		DS_VALUATION_INCOME_PARAMS_VERSION, DS_INCOME_DIRECT, 0, NULL, NULL, 0, NULL, NULL, NULL, 0, NULL, 0, \
			DS_TIMING_END, NULL                                                                           \
	}

/** Initialise @p p to empty defaults. @return DS_OK, or DS_EINVAL for NULL or an unknown version. */
DS_EXTERN int ds_valuation_income_params_init(ds_valuation_income_params *p, unsigned int version);

/**
 * Value by the income approach.
 *
 * The trace holds F_t (and its inputs), each period's discount factor and
 * present value, the terminal value's, the sum P, and for mid-period timing
 * √(1+i) with its precision.
 *
 * @param v    receives the value and trace; unchanged on failure.
 * @param p    the parameters.
 * @param opts options, or NULL for the defaults.
 * @return DS_OK; DS_EINVAL for NULL, a missing input (field names it), periods of 0,
 *         n_shares / n_rates not 1 or n, an unknown method or timing, n_contributors 0;
 *         DS_ERANGE for more than DS_VALUATION_MAX_PERIODS periods, a rate <= −1 (−100 %),
 *         a share rate outside [0, 1], a bad precision, or a result past the
 *         decimal limits (DS_DECIMAL_MAX_DIGITS); DS_ENOMEM.
 */
DS_EXTERN int ds_valuation_income(ds_valuation *v, const ds_valuation_income_params *p,
				  const ds_valuation_options *opts);

/**
 * Sensitivity table of the income approach: cell [r][c] (row by row) is the
 * value with every discount rate i_t replaced by i_t + rate_changes[r] and every
 * F_t (and the terminal value) by F_t × (1 + income_changes[c]). Example grid:
 * rate changes −0.02, −0.01, 0, 0.01, 0.02 and income changes −0.1, 0, 0.1.
 *
 * @param table           n_rate_changes × n_income_changes existing decimals; each
 *                        receives an exact value; all unchanged on failure.
 * @param p               the base case.
 * @param rate_changes    absolute changes of the rate (0.01 for +1 %), at least one;
 *                        never modified.
 * @param income_changes  relative changes of the income (−0.1 for −10 %), at least one;
 *                        never modified.
 * @param opts            options (precision for mid-period), or NULL.
 * @return as ds_valuation_income(), and DS_ERANGE naming "rate_changes[k]" when a
 *         changed rate is <= −1 or "income_changes[k]" when a change is <= −1.
 */
DS_EXTERN int ds_valuation_sensitivity(ds_decimal *const *table, const ds_valuation_income_params *p,
				       ds_decimal *const *rate_changes, size_t n_rate_changes,
				       ds_decimal *const *income_changes, size_t n_income_changes,
				       const ds_valuation_options *opts);

/* ---------------------------------------------------------------------------
 * 成本法: the cost approach
 * ------------------------------------------------------------------------- */

/** How the 2023 form's value adjustment coefficient δ (价值调整系数) is determined. */
typedef enum ds_cost_adjustment {
	DS_ADJUST_GIVEN = 0,	   /**< δ given by the appraiser, in (0, 1] */
	DS_ADJUST_LIFE = 1,	   /**< δ = remaining / (elapsed + remaining) */
	DS_ADJUST_QUALITY = 2,	   /**< δ = a quality coefficient Σ w_k q_k in (0, 1] (see ds_valuation_quality()) */
	DS_ADJUST_DEPRECIATION = 3 /**< δ = 1 − 贬值率, with 贬值率 in [0, 1) */
} ds_cost_adjustment;

/** 2023 form: P = C × δ, C = 前期费用 + 直接成本 + 间接成本 + 机会成本 + 相关税费. */
typedef struct ds_valuation_cost_params {
	unsigned int version;		  /**< DS_VALUATION_COST_PARAMS_VERSION */
	ds_decimal *const *components;	  /**< the cost components in that order, each >= 0; never modified */
	size_t n_components;		  /**< 1 to 5 (missing trailing components count as 0) */
	ds_cost_adjustment adjustment;	  /**< how δ is determined */
	const ds_decimal *delta;	  /**< DS_ADJUST_GIVEN: δ */
	const ds_decimal *elapsed_life;	  /**< DS_ADJUST_LIFE: elapsed life, >= 0 */
	const ds_decimal *remaining_life; /**< DS_ADJUST_LIFE: remaining life, > 0 */
	const ds_decimal *quality;	  /**< DS_ADJUST_QUALITY: the quality coefficient */
	const ds_decimal *depreciation;	  /**< DS_ADJUST_DEPRECIATION: 贬值率 */
} ds_valuation_cost_params;

/** The current layout of ::ds_valuation_cost_params: the value for its @c version field. */
#define DS_VALUATION_COST_PARAMS_VERSION 1
/** An initialiser for a ::ds_valuation_cost_params: the current @c version and the defaults. */
#define DS_VALUATION_COST_PARAMS_INIT                                                                    \
	{                                                                                                \
		DS_VALUATION_COST_PARAMS_VERSION, NULL, 0, DS_ADJUST_GIVEN, NULL, NULL, NULL, NULL, NULL \
	}

/** Initialise @p p to empty defaults. @return DS_OK, or DS_EINVAL for NULL or an unknown version. */
DS_EXTERN int ds_valuation_cost_params_init(ds_valuation_cost_params *p, unsigned int version);

/**
 * Value by the cost approach, 2023 form.
 * @param v    receives the value and trace (each component, C, δ and its inputs, P); unchanged on failure.
 * @param p    the parameters.
 * @param opts options, or NULL.
 * @return DS_OK; DS_EINVAL for NULL, a missing input, 0 or more than 5 components, an
 *         unknown adjustment; DS_ERANGE for a negative component, δ outside (0, 1], a
 *         negative elapsed life, a remaining life <= 0, 贬值率 outside [0, 1); DS_ENOMEM.
 */
DS_EXTERN int ds_valuation_cost(ds_valuation *v, const ds_valuation_cost_params *p, const ds_valuation_options *opts);

/** 2019 form: P = TC × (1 + R) × U, U = α × β × (1 + l) × (1 − r). */
typedef struct ds_valuation_cost2019_params {
	unsigned int version; /**< DS_VALUATION_COST2019_PARAMS_VERSION */
	/** TC's parts: 建设成本, 运维成本, 管理成本 (or the total alone), each >= 0; never modified */
	ds_decimal *const *costs;
	size_t n_costs;		       /**< 1 to 3 */
	const ds_decimal *return_rate; /**< R, 合理成本回报率, > −1 */
	const ds_decimal *quality;     /**< α, 数据质量系数, > 0 */
	const ds_decimal *circulation; /**< β, 数据流通系数, > 0 */
	const ds_decimal *monopoly;    /**< l, 数据垄断系数, > −1 */
	const ds_decimal *risk;	       /**< r, 数据价值实现风险系数, in [0, 1) */
} ds_valuation_cost2019_params;

/** The current layout of ::ds_valuation_cost2019_params: the value for its @c version field. */
#define DS_VALUATION_COST2019_PARAMS_VERSION 1
/** An initialiser for a ::ds_valuation_cost2019_params: the current @c version and the defaults. */
#define DS_VALUATION_COST2019_PARAMS_INIT                                                   \
	{                                                                                   \
		DS_VALUATION_COST2019_PARAMS_VERSION, NULL, 0, NULL, NULL, NULL, NULL, NULL \
	}

/** Initialise @p p to empty defaults. @return DS_OK, or DS_EINVAL for NULL or an unknown version. */
DS_EXTERN int ds_valuation_cost2019_params_init(ds_valuation_cost2019_params *p, unsigned int version);

/**
 * Value by the cost approach, 2019 form (专家指引第9号).
 * @param v    receives the value and trace (TC, U, P); unchanged on failure.
 * @return DS_OK; DS_EINVAL for NULL, a missing coefficient (field names it), 0 or more
 *         than 3 costs; DS_ERANGE for a value outside the range documented above; DS_ENOMEM.
 */
DS_EXTERN int ds_valuation_cost2019(ds_valuation *v, const ds_valuation_cost2019_params *p,
				    const ds_valuation_options *opts);

/* ---------------------------------------------------------------------------
 * 市场法: the market approach, P_i = C_i × Π coefficients, P = Σ w_i P_i / Σ w_i
 * ------------------------------------------------------------------------- */

/**
 * One multiplicative adjustment of a comparable. Names (English id or Chinese):
 * 2023: "quality" 质量调整系数, "supply_demand" 供求调整系数, "date" 期日调整系数,
 * "volume" 容量调整系数, "other" 其他调整系数; 2019: "technical" 技术修正系数,
 * "value_density" 价值密度修正系数 (with "date", "volume", "other").
 * The value is given, or computed as subject ÷ comparable: quality score ratio,
 * price index at the valuation date ÷ index at the trade date, volume ratio.
 */
typedef struct ds_market_coefficient {
	const char *name;	      /**< one of the names above */
	const ds_decimal *value;      /**< the coefficient (> 0), or NULL to compute it */
	const ds_decimal *subject;    /**< when value is NULL: the subject's score / index / volume, > 0 */
	const ds_decimal *comparable; /**< when value is NULL: the comparable's, > 0 */
} ds_market_coefficient;

/** One comparable transaction (可比案例). */
typedef struct ds_market_comparable {
	const char *label;			   /**< a name for the trace, or NULL ("案例1") */
	const ds_decimal *price;		   /**< C_i, the transaction price, >= 0 */
	const ds_market_coefficient *coefficients; /**< its adjustments; each name at most once */
	size_t n_coefficients;			   /**< 0 or more */
	const ds_decimal *weight;		   /**< w_i >= 0, or NULL for equal weights (then NULL for all) */
} ds_market_comparable;

/** The market approach's parameters (市场法): the comparable transactions. */
typedef struct ds_valuation_market_params {
	unsigned int version;			 /**< DS_VALUATION_MARKET_PARAMS_VERSION */
	const ds_market_comparable *comparables; /**< at least one */
	size_t n_comparables;			 /**< the number of @c comparables */
} ds_valuation_market_params;

/** The current layout of ::ds_valuation_market_params: the value for its @c version field. */
#define DS_VALUATION_MARKET_PARAMS_VERSION 1
/** An initialiser for a ::ds_valuation_market_params: the current @c version and the defaults. */
#define DS_VALUATION_MARKET_PARAMS_INIT                     \
	{                                                   \
		DS_VALUATION_MARKET_PARAMS_VERSION, NULL, 0 \
	}

/** Initialise @p p to empty defaults. @return DS_OK, or DS_EINVAL for NULL or an unknown version. */
DS_EXTERN int ds_valuation_market_params_init(ds_valuation_market_params *p, unsigned int version);

/**
 * Value by the market approach.
 * @param v receives the value and trace (each coefficient, each P_i, the weights, P); unchanged on failure.
 * @return DS_OK; DS_EINVAL for NULL, no comparables, an unknown or repeated coefficient
 *         name, a coefficient with neither value nor both subject and comparable, weights
 *         given for some comparables only; DS_ERANGE for a coefficient or ratio input <= 0,
 *         a negative price or weight, weights summing to 0; DS_ENOMEM.
 */
DS_EXTERN int ds_valuation_market(ds_valuation *v, const ds_valuation_market_params *p,
				  const ds_valuation_options *opts);

/* ---------------------------------------------------------------------------
 * 质量因素: the quality coefficient, with weights given or from AHP (层次分析法)
 * ------------------------------------------------------------------------- */

/** The quality coefficient's parameters: the dimensions, their scores and weights (given or by AHP). */
typedef struct ds_valuation_quality_params {
	unsigned int version;	   /**< DS_VALUATION_QUALITY_PARAMS_VERSION */
	size_t n;		   /**< dimensions, 1 to DS_AHP_MAX */
	const char *const *names;  /**< n names, or NULL: the six GB/T 36344 dimensions when n is 6
					      (规范性, 完整性, 准确性, 一致性, 时效性, 可访问性), else "D1", "D2", ... */
	ds_decimal *const *scores; /**< n scores s_k in [0, full_score] (a probe's measures fit here); never modified */
	const ds_decimal *full_score; /**< the top of the score scale (> 0): NULL for 1, or 100 */
	ds_decimal *const *weights;   /**< n weights >= 0 summing to exactly 1, or NULL to use matrix; never modified */
	/** when weights is NULL: the n × n AHP pairwise matrix, row by row; never modified */
	ds_decimal *const *matrix;
} ds_valuation_quality_params;

/** The current layout of ::ds_valuation_quality_params: the value for its @c version field. */
#define DS_VALUATION_QUALITY_PARAMS_VERSION 1
/** An initialiser for a ::ds_valuation_quality_params: the current @c version and the defaults. */
#define DS_VALUATION_QUALITY_PARAMS_INIT                                             \
	{                                                                            \
		DS_VALUATION_QUALITY_PARAMS_VERSION, 0, NULL, NULL, NULL, NULL, NULL \
	}

/** Initialise @p p to empty defaults. @return DS_OK, or DS_EINVAL for NULL or an unknown version. */
DS_EXTERN int ds_valuation_quality_params_init(ds_valuation_quality_params *p, unsigned int version);

/**
 * The quality coefficient q = Σ w_k s_k / full_score, in [0, 1].
 * With a matrix, the weights are its AHP principal eigenvector (ds_valuation_ahp_weights()),
 * and the trace records λ_max, CI, RI, CR and the precision.
 *
 * @param v    receives q and the trace; unchanged on failure.
 * @param opts options (precision, accept_inconsistent), or NULL.
 * @return DS_OK; DS_EINVAL for NULL, missing scores, n out of range, weights that do
 *         not sum to 1, a malformed matrix (as ds_valuation_ahp_weights()); DS_ERANGE for a score
 *         outside [0, full_score], a negative weight, full_score <= 0; DS_EVERIFY when
 *         CR >= 0.10 and the caller did not accept it (the message gives CR); DS_ENOMEM.
 */
DS_EXTERN int ds_valuation_quality(ds_valuation *v, const ds_valuation_quality_params *p,
				   const ds_valuation_options *opts);

/**
 * AHP (层次分析法) weights of a positive reciprocal pairwise matrix by power
 * iteration in fixed point: weights are integers scaled by 10^precision,
 * normalised by truncation each step, until no weight moves by 10^-30 or more
 * (at most 10,000 steps); the residue of truncation (at most n units in the
 * last place) goes to the largest weight so the weights sum to exactly 1.
 * Then, exactly from those weights: λ_max = (1/n) Σ_i (A w)_i / w_i,
 * CI = (λ_max − n)/(n − 1), CR = CI / RI with Saaty's RI
 * (n = 1..9: 0, 0, 0.58, 0.90, 1.12, 1.24, 1.32, 1.41, 1.45); for n <= 2, CI = CR = 0.
 *
 * @param weights     n existing decimals that receive the weights, or NULL.
 * @param lambda_max  receives λ_max, or NULL.
 * @param ci          receives CI, or NULL.
 * @param cr          receives CR, or NULL.
 * @param matrix      n × n entries row by row: a_ii = 1, a_ij > 0, a_ji = 1/a_ij exactly;
 *                    never modified.
 * @param n           1 to DS_AHP_MAX.
 * @param precision   fractional digits, 0 for DS_VALUATION_DEFAULT_PRECISION, else 30 to 1000.
 * @return DS_OK (outputs unchanged on failure); DS_EINVAL for NULL, a diagonal entry not 1, an
 *         entry <= 0, a pair that is not reciprocal (field "matrix[i][j]"); DS_ERANGE for n
 *         or precision out of range or no convergence; DS_ENOMEM.
 */
DS_EXTERN int ds_valuation_ahp_weights(ds_decimal *const *weights, ds_decimal *lambda_max, ds_decimal *ci,
				       ds_decimal *cr, ds_decimal *const *matrix, size_t n, unsigned int precision);

/* ---------------------------------------------------------------------------
 * Reconciliation: several approaches → one conclusion, with the spread
 * ------------------------------------------------------------------------- */

/** Reconciliation's parameters: the results of several approaches and how to weigh them. */
typedef struct ds_valuation_reconcile_params {
	unsigned int version;	    /**< DS_VALUATION_RECONCILE_PARAMS_VERSION */
	size_t n;		    /**< number of results, at least 1 */
	ds_decimal *const *values;  /**< n results, never modified; a const result such as
					ds_valuation_value(v) goes in as (ds_decimal *)ds_valuation_value(v) */
	const char *const *labels;  /**< n labels ("收益法"), or NULL ("P1", "P2", ...) */
	ds_decimal *const *weights; /**< n weights >= 0 with a positive sum, or NULL to choose one; never modified */
	size_t chosen;		    /**< when weights is NULL: the index of the chosen result */
} ds_valuation_reconcile_params;

/** The current layout of ::ds_valuation_reconcile_params: the value for its @c version field. */
#define DS_VALUATION_RECONCILE_PARAMS_VERSION 1
/** An initialiser for a ::ds_valuation_reconcile_params: the current @c version and the defaults. */
#define DS_VALUATION_RECONCILE_PARAMS_INIT                                    \
	{                                                                     \
		DS_VALUATION_RECONCILE_PARAMS_VERSION, 0, NULL, NULL, NULL, 0 \
	}

/** Initialise @p p to empty defaults. @return DS_OK, or DS_EINVAL for NULL or an unknown version. */
DS_EXTERN int ds_valuation_reconcile_params_init(ds_valuation_reconcile_params *p, unsigned int version);

/**
 * The conclusion: values[chosen], or Σ w_i P_i / Σ w_i. The trace records each
 * result, the rule, the conclusion, max, min, max − min and each result's
 * relative deviation (P_i − P)/P (omitted when P is 0).
 * @return DS_OK; DS_EINVAL for NULL, n of 0, chosen >= n; DS_ERANGE for a negative
 *         weight or weights summing to 0; DS_ENOMEM.
 */
DS_EXTERN int ds_valuation_reconcile(ds_valuation *v, const ds_valuation_reconcile_params *p,
				     const ds_valuation_options *opts);

/* ---------------------------------------------------------------------------
 * Documents: a full valuation read from XML (urn:datasset:valuation:1,
 * schemas/valuation.xsd), reported as XML or as readable text
 * ------------------------------------------------------------------------- */

/** A full valuation computed from a `<valuation>` document. Opaque. */
typedef struct ds_valuation_report ds_valuation_report;

/**
 * Read a `<valuation>` document, validate it against the bundled XSD and the
 * domain rules, and compute every approach, the conclusion and the sensitivity
 * table it asks for.
 *
 * @param out   receives the report; free it with ds_valuation_report_free().
 * @param data  the document's bytes (UTF-8); @p len of them.
 * @param name  the name used in messages (a file name), or NULL.
 * @param opts  options (precision; no_trace is ignored: a report always has its trace), or NULL.
 * @return DS_OK; DS_EPARSE for a document that is not well-formed or fails the
 *         schema (line and element in ds_error_last()); DS_EINVAL / DS_ERANGE /
 *         DS_EVERIFY for a domain rule, with the line and the field path of the
 *         element or attribute at fault ("valuation/income/period[2]/@c rate");
 *         DS_ENOMEM.
 */
DS_EXTERN int ds_valuation_report_parse(ds_valuation_report **out, const char *data, size_t len, const char *name,
					const ds_valuation_options *opts);

/**
 * ds_valuation_report_parse() on a file.
 * @return as ds_valuation_report_parse(), and DS_EIO when the file cannot be read.
 */
DS_EXTERN int ds_valuation_report_load(ds_valuation_report **out, const char *path, const ds_valuation_options *opts);

/** Free a report. @param r the report, or NULL (no-op). */
DS_EXTERN void ds_valuation_report_free(ds_valuation_report *r);

/**
 * The conclusion: its exact value (ds_valuation_value()) and the reconciliation
 * trace (each result, the rule, max, min, spread, deviations).
 * @return borrowed, valid until @p r is freed; NULL when @p r is NULL.
 */
DS_EXTERN const ds_valuation *ds_valuation_report_conclusion(const ds_valuation_report *r);

/**
 * Number of computed approaches (a quality coefficient behind a cost δ counts as
 * one); 0 for NULL. Indexes ds_valuation_report_approach_at().
 */
DS_EXTERN size_t ds_valuation_report_approach_count(const ds_valuation_report *r);

/**
 * Computed approach @p index (0-based, in the document's order).
 * @param out   receives the approach's result (value and trace); borrowed: valid
 *              until @p r is freed.
 * @param id    receives its id ("income", or the document's id attribute);
 *              borrowed: valid until @p r is freed; may be NULL.
 * @param kind  receives "income", "cost", "cost2019", "market" or "quality";
 *              static; may be NULL.
 * Every output is unchanged on failure.
 * @return DS_OK; DS_ERANGE for @p index >= ds_valuation_report_approach_count()
 *         (the message names the index and the count); DS_EINVAL for NULL @p out or @p r.
 */
DS_EXTERN int ds_valuation_report_approach_at(const ds_valuation **out, const char **id, const char **kind,
					      const ds_valuation_report *r, size_t index);

/**
 * The result document `<valuationResult>` (valid against schemas/valuation.xsd):
 * subject, each approach's exact value, value to the fen and trace, the
 * conclusion (to the fen, in 万元, in 大写) with its trace, the sensitivity table.
 * @param out receives a new UTF-8 string; free it with ds_free().
 * @return DS_OK, DS_EINVAL for NULL, DS_ERANGE when the conclusion is too large for 大写, DS_ENOMEM.
 */
DS_EXTERN int ds_valuation_report_to_xml(char **out, const ds_valuation_report *r);

/** What a computed valuation values, for its result document (ds_valuation_to_xml()). */
typedef struct ds_valuation_subject {
	unsigned int version;  /**< DS_VALUATION_SUBJECT_VERSION */
	const char *name;      /**< 数据资产名称; required */
	const char *holder;    /**< 持有主体, or NULL */
	const char *code;      /**< 登记编号 or internal code, or NULL */
	const char *right;     /**< "holding", "processing" or "operation" (the right valued); required */
	const char *base_date; /**< 评估基准日 "YYYY-MM-DD"; required */
	const char *kind;      /**< the approach computed: "income", "cost", "cost2019" or "market"; required */
	const char *id;	       /**< the approach's id, or NULL for @c kind */
} ds_valuation_subject;

/** The current layout of ::ds_valuation_subject: the value for its @c version field. */
#define DS_VALUATION_SUBJECT_VERSION 1
/** An initialiser for a ::ds_valuation_subject: the current @c version and the defaults. */
#define DS_VALUATION_SUBJECT_INIT                                                      \
	{                                                                              \
		DS_VALUATION_SUBJECT_VERSION, NULL, NULL, NULL, NULL, NULL, NULL, NULL \
	}

/** Set @p subject to the defaults (for bindings). @return DS_OK, or DS_EINVAL for NULL or an unknown version. */
DS_EXTERN int ds_valuation_subject_init(ds_valuation_subject *subject, unsigned int version);

/**
 * A valuation computed through the API (ds_valuation_income() and the others)
 * as the result document `<valuationResult>` (schemas/valuation.xsd): the
 * subject, one approach with its exact value, value to the fen and trace, and
 * the conclusion equal to it (to the fen, in 万元, in 大写, with the same
 * trace). This is the document ds_registry_apply() attaches
 * (ds_registration_request.valuation_xml) and `datasset value --format xml`
 * writes for a one-approach valuation. The document is validated against the
 * schema before it is returned.
 * @param out     receives a new UTF-8 string; free it with ds_free(); unchanged on failure.
 * @param v       a computed valuation with its trace (not computed with no_trace).
 * @param subject what is valued; not NULL.
 * @return DS_OK; DS_EINVAL naming the field (name, kind, right, base_date; trace
 *         for a valuation without one) or for NULL; DS_ERANGE when the value
 *         is too large for 大写; DS_ENOMEM.
 * Thread-safety: reentrant; @p v is only read.
 */
DS_EXTERN int ds_valuation_to_xml(char **out, const ds_valuation *v, const ds_valuation_subject *subject);

/**
 * A readable report in Chinese with English glosses: subject, each approach's
 * trace, the conclusion grouped to the fen, in 万元 and in 大写, the spread and
 * the sensitivity table.
 * @param out receives a new UTF-8 string; free it with ds_free().
 * @return as ds_valuation_report_to_xml().
 */
DS_EXTERN int ds_valuation_report_to_text(char **out, const ds_valuation_report *r);

#ifdef __cplusplus
}
#endif

#endif
