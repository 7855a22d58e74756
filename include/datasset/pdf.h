/*
 * libdatasset — printed documents: the registration certificate (登记凭证) with
 * its verification QR code, and the ledger's 记账凭证, as PDF.
 * SPDX-License-Identifier: MIT
 *
 * PDF support is optional at build time (configure --with-pdf: cairo, pango
 * and libqrencode). A library built without it keeps these functions and they
 * return DS_EUNSUPPORTED; ds_pdf_supported() tells which. Text is set with
 * pango through fontconfig in the families "Noto Serif CJK SC" (titles) and
 * "Noto Sans CJK SC" (everything else; Debian: fonts-noto-cjk) unless the
 * options name others. Amounts are printed from exact fen as text; only page
 * coordinates are floating point. The layouts are described in
 * docs/certificate.md ("The printed certificate") and docs/ledger.md
 * ("Printed vouchers").
 */
#ifndef DATASSET_PDF_H
#define DATASSET_PDF_H

#include <stddef.h>

#include "certificate.h"
#include "common.h"
#include "ledger.h"

#ifdef __cplusplus
extern "C" {
#endif

/**
 * Options for the printed documents. Every field's zero value (NULL) is the
 * default. Strings are UTF-8 and only read. Fields are only ever appended; set
 * @c version to DS_PDF_OPTIONS_VERSION.
 */
typedef struct ds_pdf_options {
	unsigned int version;	/**< DS_PDF_OPTIONS_VERSION */
	const char *sans_font;	/**< font family for the text; NULL: "Noto Sans CJK SC" */
	const char *serif_font; /**< font family for titles; NULL: "Noto Serif CJK SC" */
	const char *entity;	/**< vouchers: 核算单位 printed at the top of each voucher, or NULL */
	const char *preparer;	/**< vouchers: the name on the 制单 line, or NULL for a blank line */
	const char *reviewer;	/**< vouchers: the name on the 审核 line, or NULL for a blank line */
} ds_pdf_options;

/** The current layout of ::ds_pdf_options: the value for its @c version field. */
#define DS_PDF_OPTIONS_VERSION 1

/** Initialiser for ::ds_pdf_options: every field at its default. */
#define DS_PDF_OPTIONS_INIT                                          \
	{                                                            \
		DS_PDF_OPTIONS_VERSION, NULL, NULL, NULL, NULL, NULL \
	}

/**
 * Initialise @p opts to the defaults with the version set (for bindings).
 * @return DS_OK, or DS_EINVAL for NULL or an unknown version.
 * Thread-safety: reentrant.
 */
DS_EXTERN int ds_pdf_options_init(ds_pdf_options *opts, unsigned int version);

/**
 * Whether this build prints PDF (configured with cairo, pango and libqrencode).
 * @return 1 when it does, 0 when the PDF functions return DS_EUNSUPPORTED.
 * Thread-safety: reentrant.
 */
DS_EXTERN int ds_pdf_supported(void);

/**
 * Print a certificate on one A4 page: the title by kind (数据资源登记凭证,
 * 数据产品登记证书, 数据资产登记凭证, 数据知识产权登记证书), the number, the
 * registrant and its credit code, each right with its term, scope and
 * restrictions, the object (summary, source, scale, format, update frequency,
 * coverage, quality, security class, scenarios), the fingerprints, the dates
 * with the registration date in 大写, the registry and its key identifier, and
 * a QR code holding the verification payload (ds_certificate_to_payload()).
 *
 * @param out  receives a new buffer holding the PDF; free with ds_free();
 *             unchanged on failure.
 * @param len  receives its length in bytes.
 * @param cert a logged certificate (not a cancellation record or a pledge certificate).
 * @param opts NULL for the defaults.
 * @return DS_OK; DS_EUNSUPPORTED when built without PDF support; DS_EINVAL for
 *         NULL, an unknown options version, a document that is not a
 *         certificate (a cancellation record, a pledge certificate) or a
 *         certificate without log evidence; DS_EINTERNAL when cairo or
 *         libqrencode fails (the message says which); DS_ENOMEM.
 * Thread-safety: reentrant (pango's font map is per thread).
 */
DS_EXTERN int ds_certificate_print_pdf(unsigned char **out, size_t *len, const ds_certificate *cert,
				       const ds_pdf_options *opts);

/**
 * Print the journal entries of a report period as 记账凭证, one A4 page each,
 * in the order of ds_ledger_report_entry_at(): the 凭证字号 记字第 N 号 (N from
 * 1 in each calendar month, as vouchers are numbered in practice), the date,
 * the 摘要 (the event and the asset), one line per posting with its account
 * code and name and the debit or credit amount, the 合计 line in figures and in
 * 大写 (人民币大写), 附件张数 (0 for a month's amortisation, which no source
 * document evidences; 1 for every other entry, posted from its invoice,
 * contract or test report), and the 会计主管 / 记账 / 审核 / 制单 lines.
 * A period without entries gives one page saying so.
 *
 * @param out    receives a new buffer holding the PDF; free with ds_free();
 *               unchanged on failure.
 * @param len    receives its length in bytes.
 * @param report the report whose entries are printed (ds_ledger_report_new()).
 * @param opts   NULL for the defaults; @c entity, @c preparer and @c reviewer are printed.
 * @return DS_OK; DS_EUNSUPPORTED when built without PDF support; DS_EINVAL for
 *         NULL or an unknown options version; DS_EINTERNAL when cairo fails;
 *         DS_ENOMEM.
 * Thread-safety: reentrant; only reads @p report.
 */
DS_EXTERN int ds_ledger_write_vouchers_pdf(unsigned char **out, size_t *len, const ds_ledger_report *report,
					   const ds_pdf_options *opts);

#ifdef __cplusplus
}
#endif

#endif
