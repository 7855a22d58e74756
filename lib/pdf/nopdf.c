/*
 * The PDF functions of a library built without cairo, pango or libqrencode:
 * each says so (DS_EUNSUPPORTED) and changes nothing.
 * SPDX-License-Identifier: MIT
 */
#include "config.h"

#ifndef HAVE_PDF /* else draw.c, certificate_pdf.c, vouchers_pdf.c */

#include "datasset/pdf.h"
#include "internal/core.h"

#define NO_PDF                                                                                               \
	"built without PDF support: configure found no cairo, pango or libqrencode (Debian: libcairo2-dev, " \
	"libpango1.0-dev, libqrencode-dev)"

int ds_pdf_supported(void)
{
	return 0;
}

int ds_certificate_print_pdf(unsigned char **out, size_t *len, const ds_certificate *cert, const ds_pdf_options *opts)
{
	(void)out;
	(void)len;
	(void)cert;
	(void)opts;
	return ds__error(DS_EUNSUPPORTED, "ds_certificate_print_pdf: " NO_PDF);
}

int ds_ledger_write_vouchers_pdf(unsigned char **out, size_t *len, const ds_ledger_report *report,
				 const ds_pdf_options *opts)
{
	(void)out;
	(void)len;
	(void)report;
	(void)opts;
	return ds__error(DS_EUNSUPPORTED, "ds_ledger_write_vouchers_pdf: " NO_PDF);
}

#endif /* !HAVE_PDF */
