/*
 * The policy module's internal model: policies, applications, figures and
 * result lines, shared by its files. Never installed.
 * SPDX-License-Identifier: MIT
 */
#ifndef DS_POLICY_MODEL_H
#define DS_POLICY_MODEL_H

#include <stddef.h>
#include <stdint.h>

#include "datasset/policy.h"
#include "internal/core.h"
#include "internal/decimal.h"

/* What a programme awards: the applicant itself, or each of its products, cases or recognitions. */
typedef enum unit_kind { UNIT_APPLICANT, UNIT_PRODUCT, UNIT_CASE, UNIT_RECOGNITION } unit_kind;

/* Figures with fixed names. Each belongs to a unit kind; applicant figures are
 * available in every programme. The names are in figures.c. */
typedef enum figure {
	F_APPLICANT_VERIFIED,
	F_APPLICANT_LISTED_PRODUCTS,
	F_APPLICANT_TRADE_TOTAL,
	F_APPLICANT_FILED_AS_PROVIDER,
	F_APPLICANT_FILED_AS_BUYER,
	F_APPLICANT_FILED_TOTAL,
	F_APPLICANT_CONTRACT_TOTAL,
	F_APPLICANT_CONTRACT_PARTIES,
	F_APPLICANT_RESEARCH_PARTNERS,
	F_APPLICANT_CONTRACT_ENTERPRISES,
	F_APPLICANT_ENTERPRISE_CONTRACT_TOTAL,
	F_APPLICANT_TRAINING_SYSTEM,
	F_APPLICANT_REVIEWED,
	F_APPLICANT_REVIEW_SCORE,
	F_PRODUCT_TRADE_TOTAL,
	F_PRODUCT_TRADE_CUMULATIVE,
	F_PRODUCT_LISTED_IN_WINDOW,
	F_PRODUCT_CERTIFICATE,
	F_PRODUCT_TRADE_VOUCHER,
	F_CASE_IN_WINDOW,
	F_CASE_YEAR,
	F_CASE_APPLICANTS,
	F_CASE_SHARE,
	F_CASE_SHARE_DECLARED,
	F_RECOGNITION_AMOUNT,
	F_RECOGNITION_IN_WINDOW,
	F_RECOGNITION_REGISTERED,
	F_RECOGNITION_VOUCHER_USER,
	F_RECOGNITION_VOUCHER_CLAIMED,
	F_PROVIDER_APPROVED,
	F_PROVIDER_INDEPENDENT,
	F_PROVIDER_YEARS,
	F_PROVIDER_CLEAN,
	F_PROVIDER_LICENSED,
	F_FIXED_COUNT
} figure;

/* Families of figures named by a tag from the applications ("applicant.voucher.trade"). */
typedef enum tag_family { TAG_VOUCHER, TAG_CASE_LIST, TAG_QUALIFICATION, TAG_OUTCOME, TAG_FAMILIES } tag_family;

typedef struct figure_info {
	const char *name;
	unit_kind unit;
	const char *meaning;
} figure_info;
extern const figure_info ds__policy_figures[F_FIXED_COUNT];
extern const char *const ds__policy_tag_prefix[TAG_FAMILIES];
extern const unit_kind ds__policy_tag_unit[TAG_FAMILIES];
const char *ds__policy_unit_name(unit_kind unit);
const char *ds__policy_rounding_name(ds_rounding mode);

/* ---- policies ---- */
typedef struct condition {
	ds__expr *test;
	char *label;
	char *clause; /* the rule's source, or NULL */
} condition;

typedef struct rank_band {
	long first, last;
	ds_decimal *amount;
	char *clause;
} rank_band;

typedef struct prog_def {
	char *id, *title;
	/* where each rule comes from (clause="..."), or NULL */
	char *clause, *window_clause, *rank_clause, *award_clause;
	char *cap_award_clause, *cap_unit_clause, *cap_applicant_clause, *cap_count_clause;
	unit_kind unit;
	int has_window;
	long from, to; /* days since 1970-01-01, inclusive */
	condition *conditions;
	size_t n_conditions;
	ds__expr *rank_by; /* NULL: every eligible unit is awarded, in tie-break order */
	int ascending;
	long awardees; /* 0: no limit */
	ds__expr *formula;
	int maximum;	       /* the formula is a maximum (最高 X): an approved amount below it replaces it */
	int payee_provider;    /* the award is paid to the recognition's 服务商 */
	ds_rounding rounding;  /* of each award to the fen */
	ds_decimal *cap_award; /* per award, or NULL */
	ds_decimal *cap_unit;  /* total per unit identifier across applicants, or NULL */
	rank_band *bands;
	size_t n_bands;
	ds_decimal *cap_applicant; /* total per applicant within the programme, or NULL */
	long cap_applicant_count;  /* awards per applicant within the programme, 0: no limit */
	int group;		   /* index of its 就高 group, or -1 */
	unsigned char *uses;	   /* uses[slot]: some expression of the programme reads the slot */
} prog_def;

typedef struct tag {
	tag_family family;
	char *name;
} tag;

struct ds_policy {
	char *id, *title, *source;
	prog_def *programmes;
	size_t n_programmes;
	tag *tags; /* slots F_FIXED_COUNT + i */
	size_t n_tags;
	size_t n_groups;
	char **group_clauses; /* per 就高 group, or NULL entries */
	size_t stack_need;
};

static inline size_t policy_slots(const ds_policy *p)
{
	return F_FIXED_COUNT + p->n_tags;
}

/* ---- applications ----
 * Dates are days since 1970-01-01; amounts are exact whole fen. */
typedef struct app_product {
	char *id;
	long listed; /* first registered and listed (首次登记上架) */
	int certificate, trade_voucher;
} app_product;

typedef struct app_trade {
	size_t product;
	long date;
	int64_t fen;
} app_trade;

typedef struct app_filing {
	int as_buyer;
	long date;   /* filed (备案): what a window counts */
	long traded; /* the trade's own date, or LONG_MIN when not given */
	int64_t fen;
} app_filing;

typedef struct app_contract {
	char *counterparty;
	int enterprise; /* the counterparty is an enterprise */
	long date;
	int64_t fen;
} app_contract;

typedef struct app_case {
	char *id, *list;
	char *outcome;	   /* won, selected, reached, …; NULL when the document cannot say (version 1) */
	long year;	   /* of the competition or publication; 0 when unknown (version 1) */
	long date;	   /* LONG_MIN when not given */
	ds_decimal *share; /* this applicant's declared share, or NULL */
	size_t holders;	   /* distinct applicants listing this case id (set after reading) */
} app_case;

typedef struct app_approval {
	char *programme, *unit, *by; /* unit "" for an applicant programme */
	long date;		     /* LONG_MIN when not given */
	int64_t fen;
} app_approval;

typedef struct app_recognition {
	char *id;
	long date;
	int64_t fen;
	int registered;
	int voucher_user; /* applied to be a 数据券 user */
	long claimed;	  /* the date the voucher was claimed (申领), or LONG_MIN */
	char *provider_id, *provider_name;
	long provider_founded;
	int approved, independent, clean, licensed;
	char *qualifications; /* space-separated tags */
} app_recognition;

typedef struct applicant {
	char *id, *name;
	int verified;
	app_product *products;
	size_t n_products;
	app_trade *trades;
	size_t n_trades;
	app_filing *filings;
	size_t n_filings;
	char **vouchers;
	size_t n_vouchers;
	app_case *cases;
	size_t n_cases;
	app_contract *contracts;
	size_t n_contracts;
	app_recognition *recognitions;
	size_t n_recognitions;
	size_t research_partners; /* partners that are universities or research institutes (高校院所) */
	char *training;		  /* evidence of a talent-training system (人才培养体系), or NULL */
	char *training_by;	  /* who assessed it, or NULL */
	app_approval *approvals;
	size_t n_approvals;
	ds_decimal *review_score; /* NULL when not reviewed */
	long first_listed;	  /* earliest product listing, or LONG_MAX */
} applicant;

struct ds_applications {
	applicant *applicants;
	size_t n, cap;
	int version; /* 1 or 2: urn:datasset:applications:N */
};

void ds__policy_applicant_dispose(applicant *a);
/* Read and check an applications document (a file when @path is set, else @data), handing each
 * applicant to @each as soon as it is read (@each owns it: ds__policy_applicant_dispose). The
 * checks of ds_applications_load() that span applicants (duplicates, case.applicants) are the
 * caller's. Returns the first error (of reading, or of @each). */
typedef int (*ds__policy_applicant_fn)(void *ctx, applicant *a, size_t index);
int ds__policy_applications_each(const char *data, size_t len, const char *name, const char *path,
				 ds__policy_applicant_fn each, void *ctx);

/* Grow *array (of *cap elements of @size) to hold at least @need. */
int ds__policy_grow(void *array, size_t *cap, size_t need, size_t size);

/* ---- results ---- */
typedef struct line {
	ds_award pub;
	size_t applicant, programme;
	size_t seq; /* creation order: the last tie-break of the output order */
	/* string offsets into the result's arena, fixed up into pub when done */
	size_t id_at, name_at, unit_at, reason_at, caps_at, displaced_at, displaces_at, basis_at, payee_at;
} line;

struct ds_awards {
	line *lines;
	size_t n_lines, cap_lines;
	ds__buf arena; /* every string of the result, NUL-terminated; offset 0 is "" */
	ds_decimal *zero;
	size_t policy_id_at;
	size_t n_programmes;
	size_t *programme_id_at, *programme_title_at;
	ds_decimal **totals;	   /* per programme, then the overall total last */
	size_t *granted, *ignored; /* per prog_def */
	size_t n_applicants;
};

/* A string in the result's arena (valid once the result is complete). */
static inline const char *arena_str(const ds_awards *aw, size_t at)
{
	return aw->arena.data + at;
}

/* ---- the written forms, line by line (awards.c), shared by ds_awards_to_* and the
 * streaming evaluation so that both give the same bytes. @basis and @payee are "" when none. */
struct ds__xml_writer;
int ds__awards_xml_begin(struct ds__xml_writer *w, const char *policy_id, size_t n_applicants, const ds_decimal *total);
int ds__awards_xml_programme(struct ds__xml_writer *w, const char *id, const char *title, const ds_decimal *total,
			     size_t granted, size_t ignored);
int ds__awards_xml_line(struct ds__xml_writer *w, const ds_award *a, const char *basis, const char *payee);
void ds__awards_csv_begin(ds__buf *b, int bom);
void ds__awards_csv_line(ds__buf *b, const ds_award *a, const char *basis, const char *payee);
void ds__awards_text_begin(ds__buf *b, const char *policy_id, size_t n_applicants);
void ds__awards_text_programme(ds__buf *b, const char *id, const char *title, const ds_decimal *total, size_t granted,
			       size_t ignored);
void ds__awards_text_line(ds__buf *b, const ds_award *a, const char *basis, const char *payee);
void ds__awards_text_end(ds__buf *b, const ds_decimal *total);

#endif
