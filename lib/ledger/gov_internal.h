/*
 * The public-sector book (政府会计): its representation and its report, shared
 * by gov.c (reading, checking, computing) and gov_write.c (text, CSV, XML).
 * Never installed.
 * SPDX-License-Identifier: MIT
 */
#ifndef DS_LEDGER_GOV_INTERNAL_H
#define DS_LEDGER_GOV_INTERNAL_H

#include "ledger_internal.h"

/* Account roles of the public-sector chart (政府会计制度, 财会〔2017〕25号). */
typedef enum gov_account {
	GA_BANK = 0,	      /* 1002 银行存款 */
	GA_AUTHORISED,	      /* 1011 零余额账户用款额度 */
	GA_INTANGIBLE,	      /* 1701 无形资产—数据资产 */
	GA_AMORTISATION,      /* 1702 无形资产累计摊销—数据资产 */
	GA_RESEARCH,	      /* 1703.01 研发支出—研究支出 */
	GA_DEVELOPMENT,	      /* 1703.02 研发支出—开发支出 */
	GA_PAYABLE,	      /* 2103 应缴财政款 */
	GA_BUSINESS_REVENUE,  /* 4101 事业收入 */
	GA_OTHER_REVENUE,     /* 4609 其他收入 */
	GA_BUSINESS_EXPENSE,  /* 5001 业务活动费用 */
	GA_ADMIN_EXPENSE,     /* 5101 单位管理费用 */
	GA_OPERATING_EXPENSE, /* 5201 经营费用 */
	GA_DISPOSAL_EXPENSE,  /* 5301 资产处置费用 */
	GA_BUDGET_REVENUE,    /* 6609 其他预算收入 */
	GA_ADMIN_OUTLAY,      /* 7101 行政支出 */
	GA_INST_OUTLAY,	      /* 7201 事业支出 */
	GA_FUNDS,	      /* 8001 资金结存 */
	GA_COUNT
} gov_account;

/* Text fields of a card, in the order of gov_card_fields (gov.c). */
enum {
	GT_CATALOGUE = 0,
	GT_CUSTODIAN,
	GT_RIGHTS,
	GT_REGISTRATION,
	GT_CERTIFICATE,
	GT_COMPLIANCE,
	GT_SOURCE,
	GT_SECURITY,
	GT_USE_MODE,
	GT_OPERATOR,
	GT_AGREEMENT,
	GT_LIFE_REFERENCE,
	GT_REFERENCE,
	GT_COUNT
};
extern const char *const ds__gov_card_fields[GT_COUNT];
extern const char *const ds__gov_card_labels[GT_COUNT];

typedef enum gov_event_kind {
	GE_RESEARCH = 1,
	GE_DEVELOPMENT,
	GE_PURCHASE,
	GE_COMPLETED,
	GE_USE_INCOME,
	GE_REMIT,
	GE_DISPOSAL
} gov_event_kind;

typedef enum gov_formation { GF_SELF_BUILT = 1, GF_PURCHASED, GF_TRANSFERRED_IN, GF_DONATED, GF_OTHER } gov_formation;
typedef enum gov_disposal { GD_SALE = 1, GD_TRANSFER, GD_WRITE_OFF } gov_disposal;

typedef struct gov_event {
	gov_event_kind kind;
	ds__date date;
	int64_t amount; /* spending, income, remittance, disposal proceeds */
	int64_t costs;	/* disposal costs */
	int flag;	/* payment from 1002 (research/development/purchase); formed (completion) */
	gov_disposal disposal;
	char *ref;	 /* agreement (use income) or approval document (disposal) */
	char *valuation; /* disposal: the valuation report */
} gov_event;

typedef struct gov_asset {
	char *id, *name;
	char number[40]; /* card number, or "" without a credit code */
	char *text[GT_COUNT];
	int memo;
	gov_formation formation;
	ds__date acquired;
	int has_in_use;
	ds__date in_use; /* purchased: in-use date; self-built: the completion date when an asset formed */
	long life;	 /* months; 0 with indefinite */
	int indefinite;
	const char *life_basis; /* "law", "contract", "estimate" (static) or NULL */
	ds_ledger_method method;
	ds_decimal **units;
	size_t unit_count;
	gov_account expense; /* GA_BUSINESS_EXPENSE, GA_ADMIN_EXPENSE or GA_OPERATING_EXPENSE */
	int64_t reference_value;
	gov_event *events; /* in date order */
	size_t event_count;
	/* derived when the asset is read */
	int completed, formed, disposed;
	int64_t owed; /* owed to the treasury after the events checked so far */
	ds__date completed_on, disposed_on;
	ds_ledger_schedule_line *lines; /* amortisation lines (NULL when none) */
	size_t line_count;
} gov_asset;

struct ds_ledger_gov {
	char *unit, *credit_code;
	int inst;	    /* 1: 事业单位; 0: 行政单位 */
	int retain;	    /* 事业单位 use income retained (1) or remitted (0) */
	int next_month;	    /* amortisation starts the month after the asset is ready (1) or that month (0) */
	int retain_account; /* GA_OTHER_REVENUE or GA_BUSINESS_REVENUE */
	ledger_account_name accounts[GA_COUNT];
	char (*periods)[2][8];
	size_t period_count;
	gov_asset *assets;
	size_t count;
	int64_t magnitude; /* Σ input amounts, bounded by DS__LEDGER_BOOK_MAX so no sum can overflow */
};

/* What an entry is, for the figures. */
typedef enum gov_tag { GTAG_NONE = 0, GTAG_USE_INCOME, GTAG_DISPOSAL, GTAG_DEV_EXPENSED } gov_tag;

typedef struct gov_card_data {
	ds_ledger_gov_card card;
	char *text[GT_COUNT];
	char *formation, *in_use, *life, *method, *expense; /* display texts (copies) */
} gov_card_data;

struct ds_ledger_gov_report {
	int start, end; /* month indexes, both included */
	char *unit, *credit_code;
	int inst, retain;
	ledger_account_name accounts[GA_COUNT];
	ds_ledger_gov_entry *entries;
	size_t entry_count;
	ds_ledger_posting *postings;
	size_t posting_count;
	ds_ledger_gov_figures figures;
	int64_t opening[GA_COUNT], debits[GA_COUNT], credits[GA_COUNT], closing[GA_COUNT];
	gov_card_data *cards;
	size_t card_count;
	char **strings; /* asset ids owned by the report, indexed like cards */
};

#endif
