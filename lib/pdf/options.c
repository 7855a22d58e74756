/*
 * Options of the printed documents (built with or without PDF support).
 * SPDX-License-Identifier: MIT
 */
#include "config.h"

#include <string.h>

#include "datasset/pdf.h"
#include "internal/core.h"

int ds_pdf_options_init(ds_pdf_options *opts, unsigned int version)
{
	if (!opts)
		return ds__error(DS_EINVAL, "ds_pdf_options_init: NULL options");
	if (version != DS_PDF_OPTIONS_VERSION)
		return ds__error(DS_EINVAL, "ds_pdf_options_init: version %u, expected %d", version,
				 DS_PDF_OPTIONS_VERSION);
	memset(opts, 0, sizeof *opts);
	opts->version = version;
	return DS_OK;
}
