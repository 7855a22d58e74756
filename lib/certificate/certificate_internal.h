/*
 * The certificate module's private declarations.
 * SPDX-License-Identifier: MIT
 */
#ifndef DS_CERTIFICATE_INTERNAL_H
#define DS_CERTIFICATE_INTERNAL_H

#include <libxml/tree.h>

#include "datasset/certificate.h"
#include "internal/crypto.h"
#include "internal/xml.h"

#define DS__CERTIFICATE_NS "urn:datasset:certificate:1"

struct ds_certificate {
	xmlDocPtr doc;
	char *number;
	char *key_id;
};

/* The GB 32100 check character over @n characters (credit-code alphabet; the
 * kind letter I counts 18 when @allow_i). -1 with *bad at the first character
 * outside the alphabet. */
int ds__check_character(char *check, const char *chars, size_t n, int allow_i, size_t *bad);
/* A 统一社会信用代码's alphabet and check character: DS_OK or DS_EINVAL (column set). */
int ds__credit_code_check(const char *code);
/* Exclusive C14N 1.0 of @doc without its <signature> (and <logEvidence> when asked). */
int ds__certificate_canonical(unsigned char **out, size_t *len, xmlDocPtr doc, int without_evidence);
/* "ed25519" or "sm2-sm3". */
const char *ds__sig_alg_name(ds_sig_alg alg);

#endif
