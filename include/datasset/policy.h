/** @file
 * libdatasset — 奖补: subsidy policies as data, applications, and awards.
 * SPDX-License-Identifier: MIT
 *
 * A policy (urn:datasset:policy:1, schemas/policy.xsd) is a list of
 * programmes. Each programme names the unit it awards (an applicant, or one
 * of its products, cases or 入表 recognitions), an optional assessment window,
 * eligibility conditions, a ranking with a number of awardees, an award
 * formula and caps. Conditions and formulas are exact expressions over named
 * figures (docs/policy.md lists them), so a new year's or a new city's rules are
 * a new file. The bundled policy "jinan-2025" encodes 济数字〔2025〕6号.
 *
 * Applications (urn:datasset:applications:1, schemas/applications.xsd) list the
 * applicants with dated records: products and their 场内 trades, 场外 filings,
 * vouchers, cases, annotation contracts, research partners, review scores and
 * 入表 recognitions with their service providers.
 *
 * ds_policy_evaluate() gives, for every applicant and programme, one line per
 * unit: eligible or not (and which condition failed, with its figures), the
 * rank, the uncapped amount, the caps applied in order, the amount after caps,
 * the 就高 outcome and the final award, with totals per programme and overall.
 * The result writes itself as XML (urn:datasset:awards:1), CSV or text.
 *
 * Thread-safety: every function is reentrant. A policy and an application set
 * are never modified after they are created and may be shared by threads;
 * each ds_awards belongs to one thread at a time.
 */
#ifndef DATASSET_POLICY_H
#define DATASSET_POLICY_H

#include <stddef.h>

#include "common.h"
#include "decimal.h"
#include "table.h"

#ifdef __cplusplus
extern "C" {
#endif

/** A parsed subsidy policy. Opaque; immutable after creation. */
typedef struct ds_policy ds_policy;
/** A parsed set of applications. Opaque; immutable after creation. */
typedef struct ds_applications ds_applications;
/** The result of an evaluation. Opaque. */
typedef struct ds_awards ds_awards;

/**
 * Read a policy document from a file and check it: against schemas/policy.xsd,
 * then its rules (every figure name known for the programme's unit, windows
 * that do not end before they start, rank bands inside the number of awardees
 * and not overlapping, distinct programme identifiers, cross-programme groups
 * that name existing programmes).
 *
 * @param out  receives the policy; free it with ds_policy_free(). Unchanged on failure.
 * @param path the file; not NULL.
 * @return DS_OK; DS_EIO when the file cannot be read; DS_EPARSE when it is not
 *         well-formed or not valid against the schema; DS_EINVAL when it breaks a
 *         rule above; DS_EEXISTS for a programme defined twice
 *         (ds_error_last() names the line, the field path and, for expressions,
 *         the column); DS_ERANGE for oversized documents; DS_ENOMEM.
 */
DS_EXTERN int ds_policy_load(ds_policy **out, const char *path);

/**
 * The same as ds_policy_load() for a document in memory.
 * @param data the document (need not be NUL-terminated); @param len its size in bytes;
 * @param name a name for messages, or NULL for "policy".
 */
DS_EXTERN int ds_policy_parse(ds_policy **out, const char *data, size_t len, const char *name);

/**
 * Load a policy bundled with the library ("jinan-2025") from the copy embedded in
 * it; the same file is installed as $(datadir)/datasset/policies/ID.xml, under
 * ds_data_dir().
 *
 * @return DS_OK; DS_ENOTFOUND for an unknown @p id; otherwise as ds_policy_parse().
 */
DS_EXTERN int ds_policy_bundled(ds_policy **out, const char *id);

/** Free a policy. @param policy the policy, or NULL (no-op). */
DS_EXTERN void ds_policy_free(ds_policy *policy);

/** The policy's identifier (borrowed; valid until ds_policy_free()). */
DS_EXTERN const char *ds_policy_id(const ds_policy *policy);

/**
 * The rules in plain words, one programme after another, with the Chinese
 * titles kept: window, unit, conditions, ranking and tie-breaks, formula, caps,
 * and the cross-programme rule.
 *
 * @param out receives a new UTF-8 string; free it with ds_free().
 * @return DS_OK, DS_EINVAL for NULL, DS_ENOMEM.
 */
DS_EXTERN int ds_policy_describe(char **out, const ds_policy *policy);

/**
 * Read an applications document from a file, streaming (memory grows with the
 * number of records, not with the size of the text), and check it: against
 * schemas/applications.xsd, then 统一社会信用代码 (18 characters, digits in
 * positions 3–8, the GB 32100-2015 check character), distinct applicants and product identifiers,
 * trades that name a product of their applicant, and amounts that are not
 * negative and are whole fen (at most two decimals, below 10^15 yuan).
 *
 * @param out  receives the applications; free with ds_applications_free(). Unchanged on failure.
 * @param path the file; not NULL.
 * @return DS_OK; DS_EIO; DS_EPARSE (not well-formed or not valid against the
 *         schema); DS_EINVAL (a bad credit code, negative amount, unknown
 *         product, more than two decimals), DS_EEXISTS (a duplicate applicant
 *         or product), each naming the line and field; DS_ENOMEM.
 */
DS_EXTERN int ds_applications_load(ds_applications **out, const char *path);

/** The same as ds_applications_load() for a document in memory (@p name for messages, or NULL). */
DS_EXTERN int ds_applications_parse(ds_applications **out, const char *data, size_t len, const char *name);

/** Free an application set. @param apps the set, or NULL (no-op). */
DS_EXTERN void ds_applications_free(ds_applications *apps);

/** The number of applicants in @p apps. */
DS_EXTERN size_t ds_applications_count(const ds_applications *apps);

/**
 * Evaluate every application against every programme of @p policy.
 *
 * For each programme, units are ranked by the programme's ranking figure
 * (descending unless the policy says ascending); ties are broken by the
 * earlier first-listing date (an applicant's earliest product listing; a
 * product's own listing; a case's or recognition's date; a unit with no date
 * comes after every dated one), then by the applicant's credit code, then by
 * the unit's identifier, in byte order. The per-applicant limits (count and
 * total) are applied in rank order. Amounts are exact; each award is rounded
 * to the fen (HALF_UP) after the per-award and rank-band caps and before the
 * per-applicant total, so awards always add up to the totals reported.
 * Dated records outside a programme's window are ignored and counted.
 *
 * Evaluating the same inputs always gives the same result. The time is
 * O(n log n) in the number of units and linear in the number of records.
 *
 * @param out    receives the result; free it with ds_awards_free(). Unchanged on failure.
 * @param policy the policy; not NULL.
 * @param apps   the applications; not NULL.
 * @return DS_OK; DS_EINVAL for NULL; DS_EDIVZERO, DS_ERANGE or DS_EINVAL when a
 *         formula fails for some unit (the message names the programme, the
 *         applicant and the expression's column); DS_ENOMEM.
 */
DS_EXTERN int ds_policy_evaluate(ds_awards **out, const ds_policy *policy, const ds_applications *apps);

/**
 * Explain the evaluation for one applicant, in words: for every programme, its
 * window, and for every unit of the applicant every condition — met or not, the
 * figures it reads with their values, and the clause of the source it comes from
 * (the policy's clause="...") — then the outcome: rank, formula, basis (maximum
 * or approved amount), caps, 就高 and the award; then the 就高 rule and the
 * applicant's total. Ranks are among all applicants of @p apps. What
 * `datasset policy explain` prints.
 *
 * @param out       receives a new UTF-8 string; free it with ds_free(). Unchanged on failure.
 * @param applicant the applicant's 统一社会信用代码.
 * @return DS_OK; DS_EINVAL for NULL; DS_ENOTFOUND when @p applicant is not in @p apps;
 *         as ds_policy_evaluate() otherwise.
 */
DS_EXTERN int ds_policy_explain(char **out, const ds_policy *policy, const ds_applications *apps,
				const char *applicant);

/** Free a result. @param awards the result, or NULL (no-op). */
DS_EXTERN void ds_awards_free(ds_awards *awards);

/** What became of one unit in one programme. */
typedef enum ds_award_status {
	DS_AWARD_INELIGIBLE = 0, /**< a condition failed (see reason) */
	DS_AWARD_UNRANKED = 1,	 /**< eligible, but ranked past the number of awardees or past a per-applicant count */
	DS_AWARD_GRANTED = 2,	 /**< awarded (the amount may still be 0 after a per-applicant cap) */
	DS_AWARD_DISPLACED = 3	 /**< awarded, but another programme's higher award was kept (就高) */
} ds_award_status;

/**
 * One line of a result, as ds_awards_at() copies it. Every pointer is borrowed
 * from the ds_awards and stays valid until ds_awards_free(); strings are never
 * NULL ("" when empty). This struct does not grow: a new figure comes through
 * a new accessor.
 */
typedef struct ds_award {
	const char *applicant;	    /**< 统一社会信用代码 */
	const char *applicant_name; /**< the applicant's name */
	const char *programme;	    /**< the programme's identifier */
	const char *unit;	    /**< the product, case or recognition identifier; "" for an applicant programme */
	ds_award_status status;	    /**< the outcome */
	const char *reason;	    /**< why not eligible or not ranked, with the figures; "" otherwise */
	size_t rank;		    /**< 1-based rank among the eligible units, or 0 when not eligible */
	const ds_decimal
		*ranking_value;	    /**< the ranking figure, or NULL when not eligible or the programme does not rank */
	const ds_decimal *uncapped; /**< the formula's exact value; NULL unless granted or displaced */
	const char *caps;	    /**< the caps that reduced the amount, in order ("rank band 1-5: 150000"), or "" */
	const ds_decimal *capped;   /**< after caps and rounding to the fen; NULL unless granted or displaced */
	const ds_decimal *award;    /**< the final award: capped, or 0 when displaced or not granted; never NULL */
	const char *displaced_by;   /**< for DS_AWARD_DISPLACED, the programme whose award was kept; else "" */
	size_t ignored_records;	    /**< dated records of this unit outside the programme's window */
	/** For a kept award in a 就高 group: the applicant's totals in the programmes it displaced
	 * ("p1 10000.00; p3 30000.00"); else "". */
	const char *displaces;
} ds_award;

/** The number of lines in @p awards. */
DS_EXTERN size_t ds_awards_count(const ds_awards *awards);

/**
 * The line at @p index of @p awards: ordered by programme (policy order), then
 * rank (unranked lines after ranked ones), then applicant and unit.
 * @param out    receives a copy of the line; its strings and decimals are borrowed:
 *               valid until ds_awards_free(). Unchanged on failure.
 * @param awards the result.
 * @param index  0-based, below ds_awards_count().
 * @return DS_OK; DS_ERANGE for an index past the end (the message names the index
 *         and the count); DS_EINVAL for a NULL @p out or @p awards.
 * Thread-safety: reentrant; only reads @p awards.
 */
DS_EXTERN int ds_awards_at(ds_award *out, const ds_awards *awards, size_t index);

/**
 * How line @p index was reached, for a programme whose award is a maximum
 * ("最高 X", `<award maximum="true">`): "maximum 10000 paid: no approved amount in
 * the application", or "approved 8000 by 济南市大数据局 on 2025-09-01, below the
 * maximum 10000" (that amount is paid), or an approval not below the maximum
 * (the maximum is paid). "" for other lines and for lines not awarded.
 *
 * @param basis receives the text (borrowed: valid until ds_awards_free()); unchanged on failure.
 * @return DS_OK; DS_EINVAL for NULL; DS_ERANGE when @p index >= ds_awards_count().
 */
DS_EXTERN int ds_awards_basis_at(const char **basis, const ds_awards *awards, size_t index);

/**
 * Who line @p index is paid to when it is not the applicant: for a programme
 * with `<award payee="provider">`, the recognition's 服务商 ("CREDIT-CODE NAME
 * (服务商)"), who redeems the 数据要素券. "" otherwise.
 *
 * @param payee receives the text (borrowed: valid until ds_awards_free()); unchanged on failure.
 * @return DS_OK; DS_EINVAL for NULL; DS_ERANGE when @p index >= ds_awards_count().
 */
DS_EXTERN int ds_awards_payee_at(const char **payee, const ds_awards *awards, size_t index);

/**
 * The total of final awards of one programme, or of all programmes.
 *
 * @param r         receives the total; unchanged on failure.
 * @param programme a programme identifier, or NULL for the overall total.
 * @return DS_OK; DS_ENOTFOUND for an unknown programme; DS_EINVAL for NULL; DS_ENOMEM.
 */
DS_EXTERN int ds_awards_total(ds_decimal *r, const ds_awards *awards, const char *programme);

/**
 * Write the result as an awards document (urn:datasset:awards:1,
 * schemas/awards.xsd): every line with its evidence (figures that failed,
 * rank, uncapped amount, caps in order, 就高), totals per programme and overall,
 * and the tie-break rule. Amounts are exact and written to the fen.
 *
 * @param out receives a new UTF-8 string; free it with ds_free().
 * @return DS_OK, DS_EINVAL for NULL, DS_ENOMEM.
 */
DS_EXTERN int ds_awards_to_xml(char **out, const ds_awards *awards);

/**
 * The award list as tables for CSV that opens right in Excel and for .xlsx
 * workbooks (include/datasset/table.h): "奖补名单", one row per line in the order
 * of ds_awards_at() (项目, 排名, 统一社会信用代码, 申请人, 对象, 结果, 排名指标,
 * 测算金额, 封顶, 封顶后金额, 奖补金额, 就高采用, 依据, 收款方, 原因; amounts to
 * the fen, exact figures as numbers when they have at most six decimals, else
 * as their exact text), and "奖补汇总", the total of each programme and the
 * overall 合计 (a sum). ds_awards_to_csv() keeps its machine layout.
 * @param out receives new tables; free them with ds_tables_free(). Unchanged on failure.
 * @return DS_OK; DS_EINVAL for NULL; DS_ENOMEM.
 * Thread-safety: reentrant; the tables are independent of @p awards.
 */
DS_EXTERN int ds_awards_tables(ds_tables **out, const ds_awards *awards);

/** Options for ds_awards_to_csv(). */
typedef struct ds_awards_csv_options {
	unsigned int version; /**< DS_AWARDS_CSV_OPTIONS_VERSION */
	int bom;	      /**< 1: start with a UTF-8 byte order mark, for Excel */
} ds_awards_csv_options;

/** The current layout of ::ds_awards_csv_options: the value for its @c version field. */
#define DS_AWARDS_CSV_OPTIONS_VERSION 1
/** An initialiser for a ::ds_awards_csv_options: the current @c version and the defaults. */
#define DS_AWARDS_CSV_OPTIONS_INIT               \
	{                                        \
		DS_AWARDS_CSV_OPTIONS_VERSION, 0 \
	}

/**
 * Initialise @p opts to the defaults (no BOM).
 * @return DS_OK, or DS_EINVAL for NULL or an unknown @p version.
 */
DS_EXTERN int ds_awards_csv_options_init(ds_awards_csv_options *opts, unsigned int version);

/**
 * Write the result as CSV (RFC 4180, CRLF): a header row, then one row per
 * line in the order of ds_awards_at(): applicant, name, programme, unit,
 * status, rank, ranking value, uncapped, caps, capped, award, displaced_by,
 * ignored_records, reason, displaces, basis (ds_awards_basis_at()), payee
 * (ds_awards_payee_at()).
 *
 * @param out  receives a new UTF-8 string; free it with ds_free().
 * @param opts options, or NULL for the defaults.
 * @return DS_OK, DS_EINVAL for NULL or a bad options version, DS_ENOMEM.
 */
DS_EXTERN int ds_awards_to_csv(char **out, const ds_awards *awards, const ds_awards_csv_options *opts);

/**
 * Write the result as readable text: per programme, the awards in rank order,
 * then the ineligible with their reasons, then the totals.
 *
 * @param out receives a new UTF-8 string; free it with ds_free().
 * @return DS_OK, DS_EINVAL for NULL, DS_ENOMEM.
 */
DS_EXTERN int ds_awards_to_text(char **out, const ds_awards *awards);

/** The written forms of a result, for ds_policy_evaluate_stream(). */
typedef enum ds_awards_format {
	DS_AWARDS_FORMAT_TEXT = 0, /**< as ds_awards_to_text() */
	DS_AWARDS_FORMAT_CSV = 1,  /**< as ds_awards_to_csv() */
	DS_AWARDS_FORMAT_XML = 2   /**< as ds_awards_to_xml() (urn:datasset:awards:1) */
} ds_awards_format;

/** Options for ds_policy_evaluate_stream(). */
typedef struct ds_awards_stream_options {
	unsigned int version;	 /**< DS_AWARDS_STREAM_OPTIONS_VERSION */
	ds_awards_format format; /**< the written form (default text) */
	int bom;		 /**< with DS_AWARDS_FORMAT_CSV, 1: start with a UTF-8 byte order mark */
} ds_awards_stream_options;

/** The current layout of ::ds_awards_stream_options: the value for its @c version field. */
#define DS_AWARDS_STREAM_OPTIONS_VERSION 1
/** An initialiser for a ::ds_awards_stream_options: the current @c version and the defaults. */
#define DS_AWARDS_STREAM_OPTIONS_INIT                                      \
	{                                                                  \
		DS_AWARDS_STREAM_OPTIONS_VERSION, DS_AWARDS_FORMAT_TEXT, 0 \
	}

/**
 * Initialise @p opts to the defaults (text, no BOM).
 * @return DS_OK, or DS_EINVAL for NULL or an unknown @p version.
 */
DS_EXTERN int ds_awards_stream_options_init(ds_awards_stream_options *opts, unsigned int version);

/**
 * Where ds_policy_evaluate_stream() writes: @p len bytes at @p data (not
 * NUL-terminated; borrowed for the call only). Return 0 to go on, anything else
 * to stop the evaluation (it then fails with DS_EIO).
 */
typedef int (*ds_awards_write_callback)(const char *data, size_t len, void *context);

/**
 * Evaluate the applications document at @p path against @p policy and write the
 * result as it goes, without holding the document or the result in memory: the
 * same bytes as ds_applications_load(), ds_policy_evaluate() and then
 * ds_awards_to_text(), _to_csv() or _to_xml() give, for a document of any size.
 *
 * The document is read once (twice when a programme reads `case.applicants`,
 * which needs every applicant's cases first), one applicant at a time; each unit
 * is evaluated as it comes. What ranking, caps and 就高 need of an eligible unit
 * stays in memory (tens of bytes); the line of an ineligible unit goes to a
 * temporary file (tmpfile(), removed when the call returns) and is read back in
 * the order of the result. Memory grows with the number of applicants (their
 * codes and names) and of eligible units, not with their records; the time is
 * that of the load and the evaluation.
 *
 * Nothing is written before the whole document has been read, checked and
 * evaluated: a document that ds_applications_load() refuses, or an evaluation
 * that ds_policy_evaluate() would refuse, fails with the same code and message,
 * and @p write is never called. A failure of @p write or out of memory while
 * writing leaves the output incomplete.
 *
 * @param policy  the policy; not NULL.
 * @param path    the applications document (urn:datasset:applications:1 or :2); not NULL.
 * @param opts    options, or NULL for the defaults (text).
 * @param write   called with the output, in order, in pieces of up to 64 KiB or so; not NULL.
 * @param context passed to @p write.
 * @return DS_OK; DS_EINVAL for NULL or bad options; as ds_applications_load() and
 *         ds_policy_evaluate() otherwise; DS_EIO when the temporary file cannot be
 *         written or read, or when @p write fails; DS_ERANGE past 2^32 − 1 applicants.
 * Thread-safety: reentrant; @p policy may be shared with other threads.
 */
DS_EXTERN int ds_policy_evaluate_stream(const ds_policy *policy, const char *path, const ds_awards_stream_options *opts,
					ds_awards_write_callback write, void *context);

#ifdef __cplusplus
}
#endif

#endif
