/** @file
 * libdatasset — 入表: accounting for data resources under 财会〔2023〕11号
 * (企业数据资源相关会计处理暂行规定), applying CAS 6 (无形资产), CAS 1 (存货),
 * CAS 8 (资产减值) and CAS 14 (收入).
 * SPDX-License-Identifier: MIT
 *
 * Two levels:
 * - ds_ledger_schedule: the monthly amortisation schedule of one amount
 *   (straight-line or units-of-benefit), needing nothing else.
 * - ds_ledger: a book of data resources (intangible or inventory) with their
 *   cost items, impairments, write-downs and disposals; a ds_ledger_report
 *   computes, for one reporting period, the amortisation lines, the journal
 *   entries, disclosure tables (1) and (2) and the balance-sheet 其中：数据资源
 *   lines, and writes them as text, CSV or XML.
 *
 * Amounts in are ds_decimal values in yuan, exact to the fen (at most two
 * fractional digits; DS_EINVAL otherwise) and below 10^13 yuan in magnitude
 * (DS_ERANGE). Amounts out are int64_t counts of fen (分): every figure of a
 * ledger is exact to the fen by construction, and integers keep a book of
 * 10,000 assets × 120 months cheap; ds_decimal_fen_to_string() writes one as
 * yuan ("1,234.50"). Dates in are text: "YYYY-MM-DD" for
 * events, "YYYY-MM" for months.
 *
 * Rounding: monthly amortisation is rounded HALF_UP (四舍五入) to the fen;
 * the last month of a schedule takes the difference so that the total is
 * exact. No other figure is rounded.
 *
 * Thread-safety: every function is reentrant. A ds_ledger, ds_ledger_schedule
 * or ds_ledger_report is used by one thread at a time; a report only reads its
 * book while it is being created, and is independent of it afterwards.
 */
#ifndef DATASSET_LEDGER_H
#define DATASSET_LEDGER_H

#include <stdint.h>

#include "common.h"
#include "decimal.h"
#include "table.h"

#ifdef __cplusplus
extern "C" {
#endif

/** How an asset's amortisation is spread. */
typedef enum ds_ledger_method {
	DS_LEDGER_STRAIGHT_LINE = 0,   /**< 直线法: equal monthly amounts (the default) */
	DS_LEDGER_UNITS_OF_BENEFIT = 1 /**< 工作量法: in proportion to expected benefit per month */
} ds_ledger_method;

/* ===========================================================================
 * Amortisation schedule of one amount
 * ========================================================================= */

/** An amortisation schedule: monthly lines. Opaque; see ds_ledger_schedule_new(). */
typedef struct ds_ledger_schedule ds_ledger_schedule;

/** One month of a schedule. Amounts in fen. */
typedef struct ds_ledger_schedule_line {
	int year;	     /**< calendar year of the month */
	int month;	     /**< 1 to 12 */
	int64_t opening;     /**< carrying amount at the start of the month */
	int64_t charge;	     /**< 摊销: the month's amortisation */
	int64_t accumulated; /**< 累计摊销 after this month's charge */
	int64_t impairment;  /**< impairment loss recognised at the end of the month (0 if none) */
	int64_t closing;     /**< carrying amount at the end of the month */
	int true_up;	     /**< 1 when this line took the rounding difference (the last line of a segment) */
} ds_ledger_schedule_line;

/** Options for ds_ledger_schedule_new(). Fields are only ever appended. */
typedef struct ds_ledger_schedule_options {
	unsigned int version;	    /**< DS_LEDGER_SCHEDULE_OPTIONS_VERSION */
	const ds_decimal *residual; /**< 残值: NULL for 0 (the usual case); 0 to cost */
	ds_ledger_method method;    /**< DS_LEDGER_STRAIGHT_LINE (default) */
	ds_decimal *const *units;   /**< units of benefit: expected benefit of each month, >= 0, sum > 0;
				       never modified */
	size_t unit_count;	    /**< units of benefit: must equal the number of months */
	const char *derecognised; /**< "YYYY-MM" the asset leaves the books (当月减少当月不再摊销), or NULL */
} ds_ledger_schedule_options;

/** The current layout of ::ds_ledger_schedule_options: the value for its @c version field. */
#define DS_LEDGER_SCHEDULE_OPTIONS_VERSION 1
/** An initialiser for a ::ds_ledger_schedule_options: the current @c version and the defaults. */
#define DS_LEDGER_SCHEDULE_OPTIONS_INIT                                                          \
	{                                                                                        \
		DS_LEDGER_SCHEDULE_OPTIONS_VERSION, NULL, DS_LEDGER_STRAIGHT_LINE, NULL, 0, NULL \
	}

/**
 * Initialise @p opts to the defaults.
 * @param version DS_LEDGER_SCHEDULE_OPTIONS_VERSION.
 * @return DS_OK, or DS_EINVAL for NULL or an unknown version.
 */
DS_EXTERN int ds_ledger_schedule_options_init(ds_ledger_schedule_options *opts, unsigned int version);

/**
 * Compute the monthly amortisation schedule of @p cost over @p months months from
 * the month @p start (当月增加当月开始摊销: the first charge is in @p start).
 *
 * Straight-line: each month is (cost − residual) / months rounded HALF_UP to
 * the fen; the last month takes the difference, so the charges add up to
 * cost − residual exactly. Units of benefit: month k is (cost − residual) ×
 * units[k] / Σ units rounded HALF_UP, the last month taking the difference.
 * A charge never takes the accumulated amortisation past the amortisable
 * amount (if rounding up would, the month charges what is left).
 * With opts->derecognised, the months from that month on are not charged.
 *
 * @param out    receives the new schedule; free it with ds_ledger_schedule_free().
 * @param cost   the amount to amortise, >= 0, exact to the fen.
 * @param start  "YYYY-MM".
 * @param months useful life in months, 1 to 1200.
 * @param opts   options, or NULL for the defaults.
 * @return DS_OK; DS_EINVAL naming the field ("cost", "start", "months",
 *         "residual", "method", "units", "derecognised") for a bad value,
 *         e.g. a residual above cost, a derecognition month before @p start, or a
 *         unit count other than @p months; DS_ERANGE for an amount of 10^13 yuan
 *         or more; DS_ENOMEM. *out is unchanged on failure.
 */
DS_EXTERN int ds_ledger_schedule_new(ds_ledger_schedule **out, const ds_decimal *cost, const char *start, long months,
				     const ds_ledger_schedule_options *opts);

/** Free a schedule. @param s the schedule, or NULL (no-op). */
DS_EXTERN void ds_ledger_schedule_free(ds_ledger_schedule *s);

/** The number of monthly lines of @p s (0 for NULL). */
DS_EXTERN size_t ds_ledger_schedule_count(const ds_ledger_schedule *s);

/**
 * Copy line @p index (0-based) of @p s into @p out.
 * @param out receives the copy; unchanged on failure.
 * @return DS_OK; DS_ERANGE for @p index >= ds_ledger_schedule_count() (the message
 *         names the index and the count); DS_EINVAL for NULL.
 */
DS_EXTERN int ds_ledger_schedule_at(ds_ledger_schedule_line *out, const ds_ledger_schedule *s, size_t index);

/* ===========================================================================
 * A book of data resources
 * ========================================================================= */

/** A book of data resources. Opaque; see ds_ledger_new(). */
typedef struct ds_ledger ds_ledger;

/** Where a data resource is recognised. */
typedef enum ds_ledger_class {
	DS_LEDGER_INTANGIBLE = 1, /**< 无形资产 (开发支出 until ready for use when developed in-house) */
	DS_LEDGER_INVENTORY = 2	  /**< 存货: held for sale in the ordinary course of business */
} ds_ledger_class;

/** How it was formed; the columns of the disclosure tables. */
typedef enum ds_ledger_origin {
	DS_LEDGER_PURCHASED = 1,  /**< 外购 */
	DS_LEDGER_SELF_BUILT = 2, /**< 自行开发 (intangible) / 自行加工 (inventory) */
	DS_LEDGER_OTHER = 3	  /**< 其他方式取得 */
} ds_ledger_origin;

/** What the amortisation of an intangible is charged to (by use). */
typedef enum ds_ledger_use {
	DS_LEDGER_USE_ADMIN = 0,      /**< 6602 管理费用 (internal use; the default) */
	DS_LEDGER_USE_MAIN_COST = 1,  /**< 6401 主营业务成本 (providing services with it) */
	DS_LEDGER_USE_OTHER_COST = 2, /**< 6402 其他业务成本 */
	DS_LEDGER_USE_SELLING = 3     /**< 6601 销售费用 */
} ds_ledger_use;

/** The number of CAS 6 capitalisation conditions (企业会计准则第6号 第九条). */
#define DS_LEDGER_CONDITIONS 5

/** An asset of the book. Fields are only ever appended. */
typedef struct ds_ledger_asset {
	unsigned int version;	     /**< DS_LEDGER_ASSET_VERSION */
	const char *id;		     /**< unique in the book, 1 to 64 bytes of UTF-8; required */
	const char *name;	     /**< 名称, or NULL */
	ds_ledger_class asset_class; /**< required */
	ds_ledger_origin origin;     /**< required */
	const char *acquired;	     /**< "YYYY-MM-DD": acquired (外购) or project started; required */
	const char *available;	     /**< intangible: "YYYY-MM-DD" ready for use (达到预定用途); NULL: the
					   acquisition date for 外购/其他, still in development for 自行开发 */
	long useful_life_months;     /**< intangible with a finite life: 1 to 1200 */
	int indefinite_life;	     /**< 1: 使用寿命不确定 (no amortisation; yearly impairment test) */
	ds_ledger_method method;     /**< DS_LEDGER_STRAIGHT_LINE (default) */
	ds_decimal *const *units;    /**< units of benefit per month (useful_life_months of them); never modified */
	size_t unit_count;	     /**< the number of @c units */
	const ds_decimal *residual;  /**< 残值, NULL for 0 */
	ds_ledger_use use;	     /**< where amortisation goes */
	const char *conditions_met;  /**< 自行开发: "YYYY-MM-DD" all five CAS 6 conditions held; NULL: not met.
				       Needs the evidence of each condition in conditions_evidence. */
	const char *restricted;	     /**< ownership or use restricted (e.g. "质押给某银行"), or NULL */
	/** Evidence that each CAS 6 capitalisation condition holds (自行开发), or NULL:
	 *  [0] technically feasible (立项及可行性研究报告); [1] the intention to complete and use
	 *  or sell it; [2] how it will produce economic benefit; [3] enough technical,
	 *  financial and other resources; [4] the spending can be measured reliably. */
	const char *conditions_evidence[DS_LEDGER_CONDITIONS];
} ds_ledger_asset;

/** The current layout of ::ds_ledger_asset: the value for its @c version field. */
#define DS_LEDGER_ASSET_VERSION 1
/** An initialiser for a ::ds_ledger_asset: the current @c version and the defaults. */
#define DS_LEDGER_ASSET_INIT                                                                                    \
	{                                                                                                       \
		DS_LEDGER_ASSET_VERSION, NULL, NULL, (ds_ledger_class)0, (ds_ledger_origin)0, NULL, NULL, 0, 0, \
			DS_LEDGER_STRAIGHT_LINE, NULL, 0, NULL, DS_LEDGER_USE_ADMIN, NULL, NULL,                \
		{                                                                                               \
			NULL, NULL, NULL, NULL, NULL                                                            \
		}                                                                                               \
	}

/** Initialise @p a to the defaults. @return DS_OK, or DS_EINVAL for NULL or an unknown version. */
DS_EXTERN int ds_ledger_asset_init(ds_ledger_asset *a, unsigned int version);

/** Categories of cost items (what the money was spent on). */
typedef enum ds_ledger_category {
	DS_LEDGER_COST_PRICE = 1,	  /**< 购买价款 */
	DS_LEDGER_COST_TAX = 2,		  /**< 相关税费 (not recoverable VAT) */
	DS_LEDGER_COST_COLLECT = 3,	  /**< 采集 */
	DS_LEDGER_COST_DESENSITISE = 4,	  /**< 脱敏 */
	DS_LEDGER_COST_CLEAN = 5,	  /**< 清洗 */
	DS_LEDGER_COST_LABEL = 6,	  /**< 标注 */
	DS_LEDGER_COST_INTEGRATE = 7,	  /**< 整合 */
	DS_LEDGER_COST_ANALYSE = 8,	  /**< 分析 */
	DS_LEDGER_COST_VISUALISE = 9,	  /**< 可视化 */
	DS_LEDGER_COST_RIGHTS = 10,	  /**< 数据权属鉴证 */
	DS_LEDGER_COST_QUALITY = 11,	  /**< 质量评估 */
	DS_LEDGER_COST_REGISTRATION = 12, /**< 登记结算 */
	DS_LEDGER_COST_SECURITY = 13,	  /**< 安全管理 */
	DS_LEDGER_COST_INSURANCE = 14,	  /**< 保险费 */
	DS_LEDGER_COST_SERVICE = 15,	  /**< 外购数据处理服务 that does not create an asset */
	DS_LEDGER_COST_RD = 16,		  /**< 研发支出 (staff, materials, services of an in-house project) */
	DS_LEDGER_COST_OTHER = 17	  /**< 其他直接归属支出 */
} ds_ledger_category;

/** Phase of a cost item of an in-house development (自行开发 intangibles only). */
typedef enum ds_ledger_phase {
	DS_LEDGER_PHASE_NONE = 0,	 /**< not an in-house development */
	DS_LEDGER_PHASE_RESEARCH = 1,	 /**< 研究阶段 */
	DS_LEDGER_PHASE_DEVELOPMENT = 2, /**< 开发阶段 */
	DS_LEDGER_PHASE_UNSPLIT = 3	 /**< cannot be split between research and development */
} ds_ledger_phase;

/** A cost item. Fields are only ever appended. */
typedef struct ds_ledger_cost {
	unsigned int version;	     /**< DS_LEDGER_COST_VERSION */
	const char *date;	     /**< "YYYY-MM-DD"; required */
	ds_ledger_category category; /**< required */
	ds_ledger_phase phase;	     /**< required for 自行开发 intangibles, else DS_LEDGER_PHASE_NONE */
	const ds_decimal *amount;    /**< excluding recoverable VAT, >= 0; required */
	const ds_decimal *vat;	     /**< recoverable input VAT (进项税额, to 应交税费), or NULL for 0 */
	const char *evidence;	     /**< reference to the evidence (invoice, contract), or NULL */
} ds_ledger_cost;

/** The current layout of ::ds_ledger_cost: the value for its @c version field. */
#define DS_LEDGER_COST_VERSION 1
/** An initialiser for a ::ds_ledger_cost: the current @c version and the defaults. */
#define DS_LEDGER_COST_INIT                                                                                 \
	{                                                                                                   \
		DS_LEDGER_COST_VERSION, NULL, (ds_ledger_category)0, DS_LEDGER_PHASE_NONE, NULL, NULL, NULL \
	}

/** Initialise @p c to the defaults. @return DS_OK, or DS_EINVAL for NULL or an unknown version. */
DS_EXTERN int ds_ledger_cost_init(ds_ledger_cost *c, unsigned int version);

/** How an asset leaves the books; the 本期减少 rows of the disclosure tables. */
typedef enum ds_ledger_disposal {
	DS_LEDGER_DISPOSE_SALE = 1,   /**< 处置 (intangible) / 出售 (inventory) */
	DS_LEDGER_DISPOSE_EXPIRY = 2, /**< 失效且终止确认 */
	DS_LEDGER_DISPOSE_OTHER = 3   /**< 其他减少 */
} ds_ledger_disposal;

/** Accounts the book posts to; each has a default code and name (accounting.md). */
typedef enum ds_ledger_account {
	DS_LEDGER_ACC_BANK = 0,		  /**< 1002 银行存款 */
	DS_LEDGER_ACC_RECEIVABLE,	  /**< 1122 应收账款 */
	DS_LEDGER_ACC_INVENTORY,	  /**< 1405 库存商品—数据资源 */
	DS_LEDGER_ACC_INVENTORY_RESERVE,  /**< 1471 存货跌价准备—数据资源 */
	DS_LEDGER_ACC_INTANGIBLE,	  /**< 1701 无形资产—数据资源 */
	DS_LEDGER_ACC_AMORTISATION,	  /**< 1702 累计摊销—数据资源 */
	DS_LEDGER_ACC_IMPAIRMENT_RESERVE, /**< 1703 无形资产减值准备—数据资源 */
	/** 2221 应交税费—应交增值税: the single VAT role of books written before the two roles
	 *  below existed. Nothing posts to it; mapping it (ds_ledger_set_account(), role "vat")
	 *  maps both DS_LEDGER_ACC_VAT_INPUT and DS_LEDGER_ACC_VAT_OUTPUT to the same account,
	 *  so such a book keeps its entries exactly. */
	DS_LEDGER_ACC_VAT,
	DS_LEDGER_ACC_PRODUCTION,      /**< 5001 生产成本—数据资源 */
	DS_LEDGER_ACC_RD_EXPENSED,     /**< 5301 研发支出—费用化支出—数据资源 */
	DS_LEDGER_ACC_RD_CAPITALISED,  /**< 5301 研发支出—资本化支出—数据资源 */
	DS_LEDGER_ACC_REVENUE,	       /**< 6001 主营业务收入 */
	DS_LEDGER_ACC_DISPOSAL_GAIN,   /**< 6115 资产处置损益 */
	DS_LEDGER_ACC_MAIN_COST,       /**< 6401 主营业务成本 */
	DS_LEDGER_ACC_OTHER_COST,      /**< 6402 其他业务成本 */
	DS_LEDGER_ACC_SELLING,	       /**< 6601 销售费用 */
	DS_LEDGER_ACC_ADMIN,	       /**< 6602 管理费用 */
	DS_LEDGER_ACC_RD_EXPENSE,      /**< 6602 管理费用—研发费用 */
	DS_LEDGER_ACC_IMPAIRMENT_LOSS, /**< 6701 资产减值损失 */
	DS_LEDGER_ACC_NONOPERATING,    /**< 6711 营业外支出 */
	DS_LEDGER_ACC_OTHER_REVENUE,   /**< 6051 其他业务收入 (licence fees) */
	/** 2221 应交税费—应交增值税（进项税额）: recoverable VAT on what the book buys (costs,
	 *  development, processing), debited (财会〔2016〕22号《增值税会计处理规定》) */
	DS_LEDGER_ACC_VAT_INPUT,
	/** 2221 应交税费—应交增值税（销项税额）: VAT on what it sells (licence fees, disposals,
	 *  inventory sales), credited (财会〔2016〕22号) */
	DS_LEDGER_ACC_VAT_OUTPUT,
	DS_LEDGER_ACC_COUNT
} ds_ledger_account;

/**
 * Create an empty book with the default chart of accounts.
 * @param out receives the book; free it with ds_ledger_free().
 * @return DS_OK, DS_EINVAL for NULL, DS_ENOMEM.
 */
DS_EXTERN int ds_ledger_new(ds_ledger **out);

/** Free a book. @param book the book, or NULL (no-op). */
DS_EXTERN void ds_ledger_free(ds_ledger *book);

/**
 * Map an account to the enterprise's own chart (明细科目 included in @p name).
 * DS_LEDGER_ACC_VAT (the single VAT role of earlier books) maps both
 * DS_LEDGER_ACC_VAT_INPUT and DS_LEDGER_ACC_VAT_OUTPUT: map it first, or map the two instead.
 * @param code 1 to 32 bytes; @param name 1 to 128 bytes of UTF-8 (copied).
 * @return DS_OK; DS_EINVAL for an unknown @p account or an empty or overlong code or name; DS_ENOMEM.
 */
DS_EXTERN int ds_ledger_set_account(ds_ledger *book, ds_ledger_account account, const char *code, const char *name);

/**
 * Set the materiality threshold of the book: assets whose carrying amount at the
 * end of a period is at least @p threshold are listed as individually material
 * (重要的单项数据资源) in the other disclosures. Without a threshold none is.
 * @param threshold > 0, exact to the fen, or NULL to remove it.
 * @return DS_OK; DS_EINVAL naming "materiality" for a bad amount; DS_ERANGE.
 */
DS_EXTERN int ds_ledger_set_materiality(ds_ledger *book, const ds_decimal *threshold);

/**
 * Add an asset.
 * @return DS_OK; DS_EINVAL naming the field for a missing or bad value
 *         (e.g. "useful_life_months" negative, "available" before "acquired",
 *         "method" unknown, "conditions_met" without the evidence of all five
 *         conditions, condition evidence on an asset that is not developed in-house); DS_EEXISTS for an id already in the book;
 *         DS_ERANGE for an amount of 10^13 yuan or more; DS_ENOMEM.
 *         The book is unchanged on failure.
 */
DS_EXTERN int ds_ledger_add_asset(ds_ledger *book, const ds_ledger_asset *asset);

/**
 * Add a cost item to the asset @p asset_id. The capitalisation engine decides at
 * once whether it is capitalised or expensed (see ds_ledger_cost_rule()).
 * @return DS_OK; DS_ENOTFOUND for an unknown asset; DS_EINVAL naming the field
 *         (a missing category, a bad date, a negative amount, a phase missing on
 *         or given to the wrong kind of asset); DS_ERANGE; DS_ENOMEM. The book is
 *         unchanged on failure.
 */
DS_EXTERN int ds_ledger_add_cost(ds_ledger *book, const char *asset_id, const ds_ledger_cost *cost);

/**
 * Record an impairment test of an intangible (CAS 8) on @p date: the carrying
 * amount is written down to @p recoverable at the end of that month, and the
 * later amortisation is recomputed over the remaining life from the new
 * carrying amount. A recoverable amount at or above the carrying amount with
 * no earlier impairment records no loss.
 * @return DS_OK; DS_ENOTFOUND; DS_EINVAL for a negative @p recoverable (a loss
 *         above the carrying amount), a bad date, a date after derecognition or
 *         an inventory asset; DS_ESTATE when @p recoverable is above the carrying
 *         amount of an asset impaired before (a reversal, not allowed under CAS 8).
 *         The book is unchanged on failure.
 */
DS_EXTERN int ds_ledger_add_impairment(ds_ledger *book, const char *asset_id, const char *date,
				       const ds_decimal *recoverable);

/**
 * Record an inventory write-down to net realisable value (计提存货跌价准备,
 * @p reversal 0) or its reversal (转回, @p reversal 1) of @p amount > 0 on @p date.
 * @return DS_OK; DS_ENOTFOUND; DS_EINVAL for an intangible asset, a bad date or
 *         amount, or a write-down above the carrying amount; DS_ESTATE for a
 *         reversal beyond the amount written down and not yet reversed.
 *         The book is unchanged on failure.
 */
DS_EXTERN int ds_ledger_add_writedown(ds_ledger *book, const char *asset_id, const char *date, const ds_decimal *amount,
				      int reversal);

/**
 * Record a net realisable value test of inventory (可变现净值, CAS 1) on @p date:
 * the provision becomes max(0, cost − @p nrv), so it is written down (计提) when it
 * grows and reversed (转回) when it shrinks — never beyond what was written down.
 * @return DS_OK; DS_ENOTFOUND; DS_EINVAL for an intangible asset, a bad date or a
 *         negative @p nrv. The book is unchanged on failure.
 */
DS_EXTERN int ds_ledger_add_nrv_test(ds_ledger *book, const char *asset_id, const char *date, const ds_decimal *nrv);

/**
 * Record a licence (授权使用) of intangible @p asset_id on @p date: the fee is revenue
 * under CAS 14 (其他业务收入) and output VAT goes to 应交税费; the asset stays on
 * the books and keeps being amortised.
 * @param fee  > 0, excluding VAT; @param vat output VAT, or NULL for 0.
 * @return DS_OK; DS_ENOTFOUND; DS_EINVAL for an inventory asset (sell it instead),
 *         a bad date (before the asset was ready for use, or not before the month it
 *         left the books) or amount. The book is unchanged on failure.
 */
DS_EXTERN int ds_ledger_add_licence(ds_ledger *book, const char *asset_id, const char *date, const ds_decimal *fee,
				    const ds_decimal *vat);

/**
 * Take an asset off the books on @p date (当月减少当月不再摊销: no amortisation
 * in that month). @p proceeds (NULL for 0) excludes output VAT @p vat (NULL for 0).
 * @return DS_OK; DS_ENOTFOUND; DS_EINVAL for a bad kind or date, a date before
 *         the asset was acquired or available; DS_ESTATE for an asset already
 *         disposed of. The book is unchanged on failure.
 */
DS_EXTERN int ds_ledger_dispose(ds_ledger *book, const char *asset_id, const char *date, ds_ledger_disposal kind,
				const ds_decimal *proceeds, const ds_decimal *vat);

/** The number of assets in @p book (0 for NULL). */
DS_EXTERN size_t ds_ledger_count(const ds_ledger *book);

/**
 * The capitalisation decision for cost item @p index (0-based, in the order added)
 * of asset @p asset_id.
 * @param capitalised receives 1 (计入成本 / 资本化) or 0 (费用化); may be NULL.
 * @param rule        receives the rule that decided, e.g. "研究阶段 → 费用化"
 *                    (static; do not free); may be NULL.
 * Both outputs are unchanged on failure.
 * @return DS_OK; DS_ENOTFOUND for an unknown asset; DS_ERANGE for @p index at or
 *         past the asset's number of cost items (the message names the index and
 *         the count); DS_EINVAL for NULL.
 */
DS_EXTERN int ds_ledger_cost_rule(int *capitalised, const char **rule, const ds_ledger *book, const char *asset_id,
				  size_t index);

/**
 * The evidence recorded for CAS 6 capitalisation condition @p condition of asset
 * @p asset_id.
 * @param evidence  receives the text (borrowed: valid until the book is freed),
 *                  or NULL when none was recorded; unchanged on failure.
 * @param condition 1 to DS_LEDGER_CONDITIONS (5), in the order of
 *                  ds_ledger_asset.conditions_evidence.
 * @return DS_OK; DS_ENOTFOUND for an unknown asset; DS_ERANGE for a condition
 *         outside 1 to 5; DS_EINVAL for NULL.
 */
DS_EXTERN int ds_ledger_asset_condition(const char **evidence, const ds_ledger *book, const char *asset_id,
					unsigned int condition);

/**
 * The capitalised cost of asset @p asset_id (Σ of the capitalised cost items), in fen.
 * @return DS_OK; DS_ENOTFOUND; DS_EINVAL for NULL.
 */
DS_EXTERN int ds_ledger_asset_cost(int64_t *out, const ds_ledger *book, const char *asset_id);

/**
 * The whole amortisation schedule of intangible @p asset_id, with its impairments
 * and derecognition (an indefinite-life asset or one not yet available has no lines).
 * @param out receives a new schedule; free it with ds_ledger_schedule_free().
 * @return DS_OK; DS_ENOTFOUND; DS_EINVAL for an inventory asset or a residual
 *         value above the capitalised cost; DS_ENOMEM.
 */
DS_EXTERN int ds_ledger_asset_schedule(ds_ledger_schedule **out, const ds_ledger *book, const char *asset_id);

/* ===========================================================================
 * The ledger document (urn:datasset:ledger:1, schemas/ledger.xsd)
 * ========================================================================= */

/**
 * Read a book from a ledger document: the entity, reporting periods, the
 * chart-of-accounts overrides and the assets with their cost items,
 * impairments, write-downs, reversals and disposals (docs/ledger.md).
 * The document is validated against schemas/ledger.xsd, then every value
 * goes through the same checks as the ds_ledger_add_* functions.
 *
 * @param out  receives the book; free it with ds_ledger_free(). Unchanged on failure.
 * @param path the file to read.
 * @return DS_OK; DS_EIO for a file that cannot be read; DS_EPARSE for a document
 *         that is not well-formed or not a valid ledger document; DS_EINVAL,
 *         DS_ESTATE, DS_EEXISTS or DS_ERANGE for a value the domain rules refuse
 *         — ds_error_last() then gives the line and the field path
 *         ("ledger/asset[2]/impairment"); DS_ENOMEM.
 */
DS_EXTERN int ds_ledger_load(ds_ledger **out, const char *path);

/**
 * The same as ds_ledger_load() for a document held in memory.
 * @param data  the document (UTF-8 XML), @p len bytes; @param name used in messages.
 */
DS_EXTERN int ds_ledger_parse(ds_ledger **out, const char *data, size_t len, const char *name);

/**
 * The entity (会计主体) named by the document the book was read from.
 * @return a string owned by the book (valid until it is freed), or NULL for a
 *         book built through the API or NULL @p book.
 */
DS_EXTERN const char *ds_ledger_entity(const ds_ledger *book);

/** The number of reporting periods the document named (0 for NULL or an API-built book). */
DS_EXTERN size_t ds_ledger_period_count(const ds_ledger *book);

/**
 * Reporting period @p index (0-based) of the document: its first and last months.
 * @param start receives the first month ("YYYY-MM"); borrowed: valid until the book is freed.
 * @param end   receives the last month, likewise.
 * Both outputs are unchanged on failure.
 * @return DS_OK; DS_ERANGE for @p index >= ds_ledger_period_count() (the message
 *         names the index and the count); DS_EINVAL for NULL.
 */
DS_EXTERN int ds_ledger_period_at(const char **start, const char **end, const ds_ledger *book, size_t index);

/* ===========================================================================
 * Reports for a period
 * ========================================================================= */

/** The figures, journal entries and tables of one reporting period. Opaque. */
typedef struct ds_ledger_report ds_ledger_report;

/** Rows of disclosure table (1), 确认为无形资产的数据资源. */
typedef enum ds_ledger_row1 {
	DS_LEDGER_R1_COST_OPENING = 0,	 /**< 一、账面原值 1.期初余额 */
	DS_LEDGER_R1_COST_INCREASE,	 /**< 2.本期增加金额 */
	DS_LEDGER_R1_COST_INC_PURCHASED, /**< 其中：购入 */
	DS_LEDGER_R1_COST_INC_DEVELOPED, /**< 内部研发 */
	DS_LEDGER_R1_COST_INC_OTHER,	 /**< 其他增加 */
	DS_LEDGER_R1_COST_DECREASE,	 /**< 3.本期减少金额 */
	DS_LEDGER_R1_COST_DEC_DISPOSED,	 /**< 其中：处置 */
	DS_LEDGER_R1_COST_DEC_EXPIRED,	 /**< 失效且终止确认的部分 */
	DS_LEDGER_R1_COST_DEC_OTHER,	 /**< 其他减少 */
	DS_LEDGER_R1_COST_CLOSING,	 /**< 4.期末余额 */
	DS_LEDGER_R1_AMORT_OPENING,	 /**< 二、累计摊销 1.期初余额 */
	DS_LEDGER_R1_AMORT_INCREASE,	 /**< 2.本期增加金额 */
	DS_LEDGER_R1_AMORT_INC_CHARGED,	 /**< 其中：计提 */
	DS_LEDGER_R1_AMORT_DECREASE,	 /**< 3.本期减少金额 */
	DS_LEDGER_R1_AMORT_DEC_DISPOSED, /**< 其中：处置 */
	DS_LEDGER_R1_AMORT_DEC_EXPIRED,	 /**< 失效且终止确认的部分 */
	DS_LEDGER_R1_AMORT_DEC_OTHER,	 /**< 其他减少 */
	DS_LEDGER_R1_AMORT_CLOSING,	 /**< 4.期末余额 */
	DS_LEDGER_R1_IMP_OPENING,	 /**< 三、减值准备 1.期初余额 */
	DS_LEDGER_R1_IMP_INCREASE,	 /**< 2.本期增加金额 */
	DS_LEDGER_R1_IMP_INC_CHARGED,	 /**< 其中：计提 */
	DS_LEDGER_R1_IMP_DECREASE,	 /**< 3.本期减少金额 */
	DS_LEDGER_R1_IMP_DEC_DISPOSED,	 /**< 其中：处置 */
	DS_LEDGER_R1_IMP_DEC_EXPIRED,	 /**< 失效且终止确认的部分 */
	DS_LEDGER_R1_IMP_DEC_OTHER,	 /**< 其他减少 */
	DS_LEDGER_R1_IMP_CLOSING,	 /**< 4.期末余额 */
	DS_LEDGER_R1_CARRYING_CLOSING,	 /**< 四、账面价值 1.期末账面价值 */
	DS_LEDGER_R1_CARRYING_OPENING,	 /**< 2.期初账面价值 */
	DS_LEDGER_R1_COUNT
} ds_ledger_row1;

/** Rows of disclosure table (2), 确认为存货的数据资源. */
typedef enum ds_ledger_row2 {
	DS_LEDGER_R2_COST_OPENING = 0,	   /**< 一、账面原值 1.期初余额 */
	DS_LEDGER_R2_COST_INCREASE,	   /**< 2.本期增加金额 */
	DS_LEDGER_R2_COST_INC_PURCHASED,   /**< 其中：购入 */
	DS_LEDGER_R2_COST_INC_PROCESSED,   /**< 采集加工 */
	DS_LEDGER_R2_COST_INC_OTHER,	   /**< 其他增加 */
	DS_LEDGER_R2_COST_DECREASE,	   /**< 3.本期减少金额 */
	DS_LEDGER_R2_COST_DEC_SOLD,	   /**< 其中：出售 */
	DS_LEDGER_R2_COST_DEC_EXPIRED,	   /**< 失效且终止确认的部分 */
	DS_LEDGER_R2_COST_DEC_OTHER,	   /**< 其他减少 */
	DS_LEDGER_R2_COST_CLOSING,	   /**< 4.期末余额 */
	DS_LEDGER_R2_PROV_OPENING,	   /**< 二、存货跌价准备 1.期初余额 */
	DS_LEDGER_R2_PROV_INCREASE,	   /**< 2.本期增加金额 */
	DS_LEDGER_R2_PROV_INC_CHARGED,	   /**< 其中：计提 */
	DS_LEDGER_R2_PROV_INC_OTHER,	   /**< 其他增加 */
	DS_LEDGER_R2_PROV_DECREASE,	   /**< 3.本期减少金额 */
	DS_LEDGER_R2_PROV_DEC_REVERSED,	   /**< 其中：转回 */
	DS_LEDGER_R2_PROV_DEC_WRITTEN_OFF, /**< 转销 */
	DS_LEDGER_R2_PROV_DEC_OTHER,	   /**< 其他减少 */
	DS_LEDGER_R2_PROV_CLOSING,	   /**< 4.期末余额 */
	DS_LEDGER_R2_CARRYING_CLOSING,	   /**< 三、账面价值 1.期末账面价值 */
	DS_LEDGER_R2_CARRYING_OPENING,	   /**< 2.期初账面价值 */
	DS_LEDGER_R2_COUNT
} ds_ledger_row2;

/** The disclosure tables of a report. */
typedef enum ds_ledger_table {
	DS_LEDGER_TABLE_1 = 1, /**< table (1), 确认为无形资产的数据资源; rows are ds_ledger_row1 */
	DS_LEDGER_TABLE_2 = 2  /**< table (2), 确认为存货的数据资源; rows are ds_ledger_row2 */
} ds_ledger_table;

/** Columns of both tables: the origin columns, then 合计. */
typedef enum ds_ledger_column {
	DS_LEDGER_COL_PURCHASED = 0,  /**< 外购的 */
	DS_LEDGER_COL_SELF_BUILT = 1, /**< 自行开发的 / 自行加工的 */
	DS_LEDGER_COL_OTHER = 2,      /**< 其他方式取得的 */
	DS_LEDGER_COL_TOTAL = 3,      /**< 合计 */
	DS_LEDGER_COL_COUNT = 4	      /**< the number of columns (not a column) */
} ds_ledger_column;

/** Figures of the period besides the tables, in fen. */
typedef struct ds_ledger_figures {
	int64_t inventory;	 /**< balance sheet 存货—其中：数据资源, at the end of the period */
	int64_t intangible;	 /**< 无形资产—其中：数据资源 */
	int64_t development;	 /**< 开发支出—其中：数据资源 (capitalised, not yet ready for use) */
	int64_t rd_expensed;	 /**< R&D on data resources expensed in the period (费用化) */
	int64_t rd_capitalised;	 /**< R&D capitalised in the period (资本化) */
	int64_t amortisation;	 /**< amortisation charged in the period */
	int64_t licence_revenue; /**< licence fees of the period (excluding VAT) */
	size_t restricted_count; /**< assets with restricted ownership or use, on the books at period end */
	size_t indefinite_count; /**< indefinite-life intangibles (annual impairment test due) */
	size_t material_count;	 /**< assets at or above the book's materiality threshold */
} ds_ledger_figures;

/** One line of a journal entry. */
typedef struct ds_ledger_posting {
	const char *code; /**< account code, e.g. "1701" */
	const char *name; /**< account name with its 明细科目, e.g. "无形资产—数据资源" */
	int debit;	  /**< 1 for 借 (debit), 0 for 贷 (credit) */
	int64_t amount;	  /**< fen, > 0 */
} ds_ledger_posting;

/** A balanced journal entry (Σ debits = Σ credits, checked before it is recorded). */
typedef struct ds_ledger_entry {
	int year;			   /**< the date of the entry: year */
	int month;			   /**< month, 1 to 12 */
	int day;			   /**< day of the month */
	const char *asset_id;		   /**< the asset it concerns */
	const char *event;		   /**< what happened: "购入", "摊销", "减值", "处置", ... */
	size_t posting_count;		   /**< at least 2 */
	const ds_ledger_posting *postings; /**< the @c posting_count postings */
} ds_ledger_entry;

/** One asset at the end of a report's period, for the other disclosures. Amounts in fen. */
typedef struct ds_ledger_asset_figures {
	const char *id;		     /**< borrowed from the report */
	const char *name;	     /**< borrowed, or NULL */
	ds_ledger_class asset_class; /**< 无形资产 or 存货 */
	int on_books;		/**< 1 when recognised (无形资产 or 存货) and not derecognised at period end */
	int64_t cost;		/**< 账面原值 at period end (0 when not on the books) */
	int64_t accumulated;	/**< 累计摊销 (intangible) */
	int64_t allowance;	/**< 减值准备 (intangible) or 存货跌价准备 (inventory) */
	int64_t carrying;	/**< 账面价值 = cost − accumulated − allowance */
	long remaining_months;	/**< months of amortisation left after the period; −1 for an indefinite life */
	const char *restricted; /**< the restriction on ownership or use (borrowed), or NULL */
	int material;		/**< 1 when carrying >= the book's materiality threshold */
} ds_ledger_asset_figures;

/**
 * Compute the report of @p book for the months @p start to @p end ("YYYY-MM", both
 * included): journal entries for every event in the period, the amortisation
 * lines that fall in it, disclosure tables (1) and (2), the balance-sheet lines
 * and other figures. Every table identity of accounting.md (期末 = 期初 + 增加 −
 * 减少; 账面价值 = 原值 − 累计摊销 − 减值准备; 合计 = Σ columns; 其中 ≤ parent) and
 * the balance of every entry are checked before the report is returned.
 *
 * @param out   receives the report; free it with ds_ledger_report_free().
 * @return DS_OK; DS_EINVAL naming "period" for a bad month or an end before
 *         the start, or naming the asset whose residual value exceeds its
 *         capitalised cost; DS_EINTERNAL if an identity or a balance fails (a bug,
 *         never the input); DS_ENOMEM.
 */
DS_EXTERN int ds_ledger_report_new(ds_ledger_report **out, const ds_ledger *book, const char *start, const char *end);

/** Free a report. @param r the report, or NULL (no-op). */
DS_EXTERN void ds_ledger_report_free(ds_ledger_report *r);

/**
 * One cell of a disclosure table, in fen.
 * @param out    receives the amount; unchanged on failure.
 * @param r      the report.
 * @param table  DS_LEDGER_TABLE_1 or DS_LEDGER_TABLE_2.
 * @param row    a ds_ledger_row1 value (table 1) or a ds_ledger_row2 value (table 2).
 * @param column a ds_ledger_column below DS_LEDGER_COL_COUNT.
 * @return DS_OK; DS_ERANGE naming the table, row or column that is out of range
 *         (the field is "table", "row" or "column"); DS_EINVAL for NULL.
 */
DS_EXTERN int ds_ledger_report_cell(int64_t *out, const ds_ledger_report *r, ds_ledger_table table, unsigned int row,
				    ds_ledger_column column);

/** Copy the period's other figures into @p out. @return DS_OK or DS_EINVAL for NULL. */
DS_EXTERN int ds_ledger_report_figures(ds_ledger_figures *out, const ds_ledger_report *r);

/**
 * The number of assets of the report: every asset the book held when the report
 * was created, in the book's order (0 for NULL). Indexes ds_ledger_report_asset_at().
 */
DS_EXTERN size_t ds_ledger_report_asset_count(const ds_ledger_report *r);

/**
 * Copy the figures of asset @p index (0-based, in the book's order) at the end of
 * the period into @p out. Its strings (id, name, restricted) are borrowed: valid
 * until the report is freed.
 * @param out receives the copy; unchanged on failure.
 * @return DS_OK; DS_ERANGE for @p index >= ds_ledger_report_asset_count() (the
 *         message names the index and the count); DS_EINVAL for NULL.
 */
DS_EXTERN int ds_ledger_report_asset_at(ds_ledger_asset_figures *out, const ds_ledger_report *r, size_t index);

/** The number of journal entries of the period (0 for NULL). Indexes ds_ledger_report_entry_at(). */
DS_EXTERN size_t ds_ledger_report_entry_count(const ds_ledger_report *r);

/**
 * Copy journal entry @p index (0-based, in date order) into @p out. The copy is
 * shallow: its strings and its postings array (entry.postings, posting_count
 * of them, with their strings) are borrowed from the report: valid until the
 * report is freed.
 * @param out receives the copy; unchanged on failure.
 * @return DS_OK; DS_ERANGE for @p index >= ds_ledger_report_entry_count() (the
 *         message names the index and the count); DS_EINVAL for NULL.
 */
DS_EXTERN int ds_ledger_report_entry_at(ds_ledger_entry *out, const ds_ledger_report *r, size_t index);

/**
 * One line of the 科目汇总表 (trial balance by account) of a period: an account
 * (code and name, so the 明细 under one code stay apart) and the sums of the
 * period's journal entries posted to it. A result struct: it never grows.
 */
typedef struct ds_ledger_trial_line {
	const char *code; /**< account code, e.g. "1701"; borrowed from the report */
	const char *name; /**< account name with its 明细科目; borrowed from the report */
	int64_t debit;	  /**< fen, Σ of the period's debits to the account (借方发生额), >= 0 */
	int64_t credit;	  /**< fen, Σ of its credits (贷方发生额), >= 0 */
} ds_ledger_trial_line;

/**
 * The number of lines of the report's 科目汇总表 (0 for NULL): one per account
 * the period's entries post to, in the order of their codes (byte order), then
 * names. Indexes ds_ledger_report_trial_at().
 */
DS_EXTERN size_t ds_ledger_report_trial_count(const ds_ledger_report *r);

/**
 * Copy line @p index (0-based) of the 科目汇总表 into @p out. Computed with the
 * report from its journal entries (ds_ledger_report_entry_at()): each line is
 * the sum of the postings to its account, and the report does not exist unless
 * Σ debits = Σ credits over the lines, equal to the entries' totals
 * (DS_EINTERNAL otherwise). Its strings are borrowed: valid until the report is freed.
 * @param out receives the copy; unchanged on failure.
 * @return DS_OK; DS_ERANGE for @p index >= ds_ledger_report_trial_count() (the
 *         message names the index and the count); DS_EINVAL for NULL.
 */
DS_EXTERN int ds_ledger_report_trial_at(ds_ledger_trial_line *out, const ds_ledger_report *r, size_t index);

/**
 * The 合计 line of the 科目汇总表: Σ debits and Σ credits of the period's
 * entries, in fen (always equal: the report checked it).
 * @param debit receives Σ debits, or NULL; @param credit receives Σ credits, or NULL.
 * @return DS_OK; DS_EINVAL for a NULL report (outputs unchanged).
 */
DS_EXTERN int ds_ledger_report_trial_totals(int64_t *debit, int64_t *credit, const ds_ledger_report *r);

/** What ds_ledger_report_write() writes. */
typedef enum ds_ledger_part {
	DS_LEDGER_PART_SCHEDULE = 0,   /**< the amortisation lines of the period, asset by asset */
	DS_LEDGER_PART_ENTRIES = 1,    /**< the journal entries */
	DS_LEDGER_PART_DISCLOSURE = 2, /**< tables (1) and (2) and the other disclosures */
	DS_LEDGER_PART_BALANCE = 3,    /**< the balance-sheet 其中：数据资源 lines */
	/** 科目汇总表: the period's entries summed by account, with the 合计 line
	 *  (text, CSV 科目编码,科目名称,借方金额,贷方金额, XML <trial-balance>) */
	DS_LEDGER_PART_TRIAL_BALANCE = 4
} ds_ledger_part;

/** Output formats. */
typedef enum ds_ledger_format {
	DS_LEDGER_FORMAT_TEXT = 0, /**< laid out like the note tables, for people */
	DS_LEDGER_FORMAT_CSV = 1,  /**< RFC 4180, Chinese column names, CRLF rows */
	DS_LEDGER_FORMAT_XML = 2   /**< urn:datasset:ledger:1 (schemas/ledger.xsd) */
} ds_ledger_format;

/** Flag for CSV output: start with a UTF-8 byte order mark (for Excel). */
#define DS_LEDGER_BOM 0x1u

/**
 * Write a part of a report.
 * @param out    receives a new UTF-8 string; free it with ds_free().
 * @param flags  0 or DS_LEDGER_BOM (CSV only).
 * @return DS_OK; DS_EINVAL for an unknown part, format or flag; DS_ENOMEM.
 */
DS_EXTERN int ds_ledger_report_write(char **out, const ds_ledger_report *r, ds_ledger_part part,
				     ds_ledger_format format, unsigned int flags);

/**
 * Write a schedule (month, opening, charge, accumulated, impairment, closing;
 * the true-up line marked) as text, CSV or XML.
 * @param out   receives a new UTF-8 string; free it with ds_free().
 * @param flags 0 or DS_LEDGER_BOM (CSV only).
 * @return DS_OK; DS_EINVAL for an unknown format or flag or NULL; DS_ENOMEM.
 */
DS_EXTERN int ds_ledger_schedule_write(char **out, const ds_ledger_schedule *s, ds_ledger_format format,
				       unsigned int flags);

/**
 * The tables of a part of a report, for CSV that opens right in Excel and for
 * .xlsx workbooks (include/datasset/table.h): DS_LEDGER_PART_SCHEDULE one table
 * "摊销明细" (with a 合计 line); DS_LEDGER_PART_ENTRIES one table "记账凭证" in
 * voucher layout (each voucher's lines, then its 合计 line); DS_LEDGER_PART_DISCLOSURE
 * four: "表1" and "表2" laid out as the note tables (a row per section,
 * 其中 rows indented, 合计 and 本期增加/减少金额 as sums), "其他披露" and "披露明细";
 * DS_LEDGER_PART_BALANCE one table "资产负债表"; DS_LEDGER_PART_TRIAL_BALANCE one
 * table "科目汇总表" (科目编码, 科目名称, 借方金额, 贷方金额, and a 合计 line of sums).
 * Every figure is the report's.
 * ds_ledger_report_write() keeps its own CSV bytes (no BOM unless DS_LEDGER_BOM,
 * one file for all disclosure sections) for existing callers.
 * @param out receives new tables; free them with ds_tables_free(). Unchanged on failure.
 * @return DS_OK; DS_EINVAL for NULL or an unknown part; DS_ENOMEM.
 * Thread-safety: reentrant; the tables are independent of the report.
 */
DS_EXTERN int ds_ledger_report_tables(ds_tables **out, const ds_ledger_report *r, ds_ledger_part part);

/**
 * The tables of a schedule: one table "摊销明细" (月份, 期初账面价值, 本月摊销,
 * 累计摊销, 减值损失, 期末账面价值, 尾差调整, and a 合计 line).
 * @param out receives new tables; free them with ds_tables_free(). Unchanged on failure.
 * @return DS_OK; DS_EINVAL for NULL; DS_ENOMEM.
 */
DS_EXTERN int ds_ledger_schedule_tables(ds_tables **out, const ds_ledger_schedule *s);

/* ===========================================================================
 * Public-sector book (政府会计, 行政事业单位数据资产)
 *
 * A 行政单位 or 事业单位 does not apply CAS: it accounts for data assets as
 * intangible assets under 政府会计准则第4号——无形资产 (财会〔2016〕12号) with
 * the chart of 政府会计制度 (财会〔2017〕25号), in two parallel bases: accrual
 * financial accounting and cash-basis budget accounting (平行记账). The book is
 * read from a public-sector document (urn:datasset:ledger-gov:1,
 * schemas/ledger-gov.xsd); docs/ledger-gov.md states every rule and its source.
 * What the book does: research spending expensed at each month end; development
 * spending accumulated in 研发支出—开发支出 and capitalised (or expensed) at
 * completion; bought-in assets at cost; monthly amortisation with no residual
 * value; 有偿使用 income to 应缴财政款 (or retained by a 事业单位 where the
 * finance bureau so rules) and its remittance; approved disposals with net
 * proceeds to the treasury; the asset card (卡片) and ledger (台账), with
 * `memo` rows that never produce entries. It refuses a data asset given as
 * security (财资〔2024〕1号), a disposal without an approval document, a sale or
 * transfer without a valuation, and a remittance beyond what is owed.
 *
 * Amounts out are fen (int64_t), like the enterprise book's. Thread-safety: as
 * for ds_ledger: one thread at a time per object; reports are independent of
 * their book once created.
 * ========================================================================= */

/** A public-sector book of data assets. Opaque; see ds_ledger_gov_load(). */
typedef struct ds_ledger_gov ds_ledger_gov;

/** A report of a public-sector book for a period. Opaque; see ds_ledger_gov_report_new(). */
typedef struct ds_ledger_gov_report ds_ledger_gov_report;

/**
 * Read a public-sector book from a document (urn:datasset:ledger-gov:1): the
 * unit, its reporting periods, chart-of-accounts overrides and the asset cards
 * with their events. The document is validated against schemas/ledger-gov.xsd,
 * then every event is checked against the asset's history in date order.
 *
 * @param out  receives the book; free it with ds_ledger_gov_free(). Unchanged on failure.
 * @param path the file to read.
 * @return DS_OK; DS_EIO for a file that cannot be read; DS_EPARSE for a document
 *         that is not well-formed or not a valid public-sector document; DS_EINVAL
 *         or DS_ESTATE for a value or an event the rules refuse (e.g. a pledge, a
 *         disposal without approval, a remittance above the amount owed) — the
 *         error then gives the line and the field path ("public-sector-book/asset[2]/pledge");
 *         DS_EEXISTS for an asset id used twice; DS_ERANGE for an amount of 10^13
 *         yuan or more; DS_ENOMEM.
 */
DS_EXTERN int ds_ledger_gov_load(ds_ledger_gov **out, const char *path);

/**
 * The same as ds_ledger_gov_load() for a document held in memory.
 * @param data the document (UTF-8 XML), @p len bytes; @param name used in messages (may be NULL).
 */
DS_EXTERN int ds_ledger_gov_parse(ds_ledger_gov **out, const char *data, size_t len, const char *name);

/** Free a public-sector book. @param book the book, or NULL (no-op). */
DS_EXTERN void ds_ledger_gov_free(ds_ledger_gov *book);

/**
 * The unit (会计主体) of the book.
 * @return borrowed: valid until the book is freed; NULL for NULL @p book.
 */
DS_EXTERN const char *ds_ledger_gov_unit(const ds_ledger_gov *book);

/** The number of reporting periods the document names (0 for NULL). */
DS_EXTERN size_t ds_ledger_gov_period_count(const ds_ledger_gov *book);

/**
 * Reporting period @p index (0-based) of the document: its first and last months.
 * @param start receives the first month ("YYYY-MM"); borrowed: valid until the book is freed.
 * @param end   receives the last month, likewise. Both unchanged on failure.
 * @return DS_OK; DS_ERANGE for @p index >= ds_ledger_gov_period_count() (the
 *         message names the index and the count); DS_EINVAL for NULL.
 */
DS_EXTERN int ds_ledger_gov_period_at(const char **start, const char **end, const ds_ledger_gov *book, size_t index);

/**
 * Compute the report of @p book for the months @p start to @p end ("YYYY-MM", both
 * included): the financial and budget entries dated in the period, the asset
 * ledger (台账) at the period's end and the period's figures. Before returning
 * it checks that every financial entry and every budget entry balances, that
 * every account's closing balance is its opening balance plus the period's
 * movements, and that the carrying amounts of the on-balance-sheet cards add up
 * to the 1701 − 1702 data-asset balances.
 *
 * @param out receives the report; free it with ds_ledger_gov_report_free().
 * @return DS_OK; DS_EINVAL naming "period" for a bad month or an end before the
 *         start; DS_EINTERNAL if an identity fails (a bug, never the input); DS_ENOMEM.
 */
DS_EXTERN int ds_ledger_gov_report_new(ds_ledger_gov_report **out, const ds_ledger_gov *book, const char *start,
				       const char *end);

/** Free a report. @param r the report, or NULL (no-op). */
DS_EXTERN void ds_ledger_gov_report_free(ds_ledger_gov_report *r);

/** The basis of a public-sector entry (平行记账). */
typedef enum ds_ledger_gov_basis {
	DS_LEDGER_GOV_FINANCIAL = 0, /**< 财务会计 (accrual) */
	DS_LEDGER_GOV_BUDGET = 1     /**< 预算会计 (cash basis) */
} ds_ledger_gov_basis;

/** A balanced public-sector entry (Σ debits = Σ credits within its basis). */
typedef struct ds_ledger_gov_entry {
	int year;		   /**< the date of the entry: year */
	int month;		   /**< month, 1 to 12 */
	int day;		   /**< day of the month */
	ds_ledger_gov_basis basis; /**< financial or budget */
	const char *asset_id;	   /**< the asset it concerns */
	const char *event;	   /**< what happened: "研究支出", "摊销", "有偿使用收入", "处置", ... */
	size_t posting_count;	   /**< at least 2 */
	const ds_ledger_posting *postings; /**< the @c posting_count postings */
} ds_ledger_gov_entry;

/** The number of entries of the period, both bases (0 for NULL). */
DS_EXTERN size_t ds_ledger_gov_report_entry_count(const ds_ledger_gov_report *r);

/**
 * Copy entry @p index (0-based, in date order; a budget entry follows the
 * financial entry of the same event) into @p out. Strings and postings are
 * borrowed: valid until the report is freed.
 * @param out receives the copy; unchanged on failure.
 * @return DS_OK; DS_ERANGE for @p index >= ds_ledger_gov_report_entry_count()
 *         (the message names the index and the count); DS_EINVAL for NULL.
 */
DS_EXTERN int ds_ledger_gov_report_entry_at(ds_ledger_gov_entry *out, const ds_ledger_gov_report *r, size_t index);

/** The figures of a public-sector report, in fen. */
typedef struct ds_ledger_gov_figures {
	int64_t intangible;	      /**< 1701 无形资产—数据资产, closing balance */
	int64_t accumulated;	      /**< 1702 无形资产累计摊销—数据资产, closing balance */
	int64_t carrying;	      /**< intangible − accumulated */
	int64_t development;	      /**< 1703.02 开发支出, closing balance */
	int64_t research_expensed;    /**< research spending expensed in the period */
	int64_t development_expensed; /**< development spending expensed (no asset formed) in the period */
	int64_t capitalised;	      /**< cost recognised in 1701 in the period */
	int64_t amortisation;	      /**< amortisation charged in the period */
	int64_t use_income_treasury;  /**< 有偿使用 income of the period owed to the treasury (2103) */
	int64_t use_income_retained;  /**< 有偿使用 income of the period retained by a 事业单位 (4609) */
	int64_t disposal_net;	      /**< net disposal proceeds of the period owed to the treasury (2103) */
	int64_t disposal_expense;     /**< 5301 资产处置费用 of the period */
	int64_t remitted;	      /**< remitted to the treasury in the period (非税收入) */
	int64_t payable;	      /**< 2103 应缴财政款, closing balance (owed, not yet remitted) */
	int64_t budget_outlay;	      /**< 7101 行政支出 / 7201 事业支出 of the period */
	int64_t budget_revenue;	      /**< 6609 其他预算收入 of the period */
	size_t on_books_count;	      /**< cards on the balance sheet at period end */
	size_t memo_count;	      /**< memo rows (台账 only) */
	size_t unsupported_income_count; /**< 有偿使用 income of the period booked without an agreement reference (flagged) */
} ds_ledger_gov_figures;

/** Copy the period's figures into @p out. @return DS_OK or DS_EINVAL for NULL. */
DS_EXTERN int ds_ledger_gov_report_figures(ds_ledger_gov_figures *out, const ds_ledger_gov_report *r);

/** The status of an asset card at a report's period end. */
typedef enum ds_ledger_gov_status {
	DS_LEDGER_GOV_ON_BOOKS = 0,    /**< on_balance_sheet: recognised in 1701 and not disposed of */
	DS_LEDGER_GOV_MEMO = 1,	       /**< memo: 台账 only, never any entry */
	DS_LEDGER_GOV_IN_PROGRESS = 2, /**< under research or development (开发支出), or not yet acquired */
	DS_LEDGER_GOV_CLOSED = 3       /**< disposed of, or development ended without an asset */
} ds_ledger_gov_status;

/** One card (卡片) of the asset ledger at a report's period end, in fen. */
typedef struct ds_ledger_gov_card {
	const char *id;	    /**< borrowed from the report */
	const char *number; /**< card number (卡片编号): the unit's 统一社会信用代码, the year of acquisition,
			       a 6-digit sequence per year in document order and a GB 32100 check character
			       ("{code}-2024-000001-K"); borrowed, or NULL when the book names no credit code */
	const char *name;   /**< borrowed, or NULL */
	ds_ledger_gov_status status; /**< where the card stands at the period's end */
	int64_t cost;		     /**< 原值 (0 unless on the books) */
	int64_t accumulated;	     /**< 累计摊销 */
	int64_t carrying;	     /**< 账面余额 = cost − accumulated */
	int64_t monthly;	     /**< the regular monthly charge (straight-line), else 0 */
	long remaining_months;	     /**< months of amortisation left; −1 for an indefinite life */
	int64_t use_income_treasury; /**< 有偿使用 income to date owed to the treasury */
	int64_t use_income_retained; /**< 有偿使用 income to date retained */
	int64_t disposal_net;	     /**< net disposal proceeds to date (to the treasury) */
	int64_t remitted;	     /**< remitted to date */
	int64_t reference_value;     /**< memo rows: the reference valuation (0 if none) */
	const char *approval;	     /**< the disposal's approval document (borrowed), or NULL */
} ds_ledger_gov_card;

/** The number of cards (every asset of the book, in document order; 0 for NULL). */
DS_EXTERN size_t ds_ledger_gov_report_card_count(const ds_ledger_gov_report *r);

/**
 * Copy card @p index (0-based, document order) at the period's end into @p out;
 * its strings are borrowed: valid until the report is freed.
 * @param out receives the copy; unchanged on failure.
 * @return DS_OK; DS_ERANGE for @p index >= ds_ledger_gov_report_card_count() (the
 *         message names the index and the count); DS_EINVAL for NULL.
 */
DS_EXTERN int ds_ledger_gov_report_card_at(ds_ledger_gov_card *out, const ds_ledger_gov_report *r, size_t index);

/** What ds_ledger_gov_report_write() writes. */
typedef enum ds_ledger_gov_part {
	DS_LEDGER_GOV_PART_ENTRIES = 0, /**< the entries of the period, both bases */
	DS_LEDGER_GOV_PART_CARDS = 1,	/**< the asset ledger (台账): every card at the period's end */
	DS_LEDGER_GOV_PART_FIGURES = 2	/**< the period's figures and the checks that held */
} ds_ledger_gov_part;

/**
 * Write a part of a public-sector report as text, CSV (Chinese column names,
 * CRLF rows) or XML (urn:datasset:ledger-gov:1).
 * @param out   receives a new UTF-8 string; free it with ds_free().
 * @param flags 0 or DS_LEDGER_BOM (CSV only).
 * @return DS_OK; DS_EINVAL for an unknown part, format or flag, or NULL; DS_ENOMEM.
 */
DS_EXTERN int ds_ledger_gov_report_write(char **out, const ds_ledger_gov_report *r, ds_ledger_gov_part part,
					 ds_ledger_format format, unsigned int flags);

#ifdef __cplusplus
}
#endif

#endif
