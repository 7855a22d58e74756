/*
 * The certificate module's private declarations.
 * SPDX-License-Identifier: MIT
 */
#ifndef DS_CERTIFICATE_INTERNAL_H
#define DS_CERTIFICATE_INTERNAL_H

#include <libxml/tree.h>

#include "datasset/certificate.h"
#include "internal/codes.h"
#include "internal/crypto.h"
#include "internal/xml.h"

#define DS__CERTIFICATE_NS "urn:datasset:certificate:1"

struct ds_certificate {
	xmlDocPtr doc;
	char *number;
	char *key_id;
};

/* A 统一社会信用代码 exactly as written (ds__uscc_validate(), lib/core/codes.c):
 * DS_OK or DS_EINVAL with the failing position as column, field "registrant/creditCode". */
int ds__credit_code_check(const char *code);
/* Exclusive C14N 1.0 of @doc without its <signature> (and <logEvidence> when asked). */
int ds__certificate_canonical(unsigned char **out, size_t *len, xmlDocPtr doc, int without_evidence);
/* "ed25519" or "sm2-sm3". */
const char *ds__sig_alg_name(ds_sig_alg alg);

#endif
