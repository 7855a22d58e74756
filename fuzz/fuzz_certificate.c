/*
 * libFuzzer harness for certificate verification (ds_certificate_parse,
 * ds_certificate_verify). The input is "PEM\0XML": a public key and the
 * document; without a NUL, the whole input is the document, verified with a
 * fixed Ed25519 key. Verification must answer DS_OK or DS_EVERIFY with a
 * report, or fail with an error, never crash; a document that verifies must
 * also parse.
 * SPDX-License-Identifier: MIT
 */
#include <datasset/datasset.h>

#include "fuzz_util.h"
#include "internal/crypto.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const unsigned char seed[32] = { 17 };
	const uint8_t *nul = memchr(data, 0, size);
	const char *xml = (const char *)data;
	size_t len = size;
	ds_key *key = NULL;
	ds_certificate *cert = NULL;
	ds_certificate_report *report = NULL;
	int rc;

	if (nul) {
		if (ds_key_parse(&key, (const char *)data, (size_t)(nul - data)) != DS_OK)
			key = NULL;
		xml = (const char *)nul + 1;
		len = size - (size_t)(nul - data) - 1;
	}
	if (!key)
		FUZZ_CHECK(ds__key_ed25519_private(&key, seed) == DS_OK);
	rc = ds_certificate_verify(&report, xml, len, key, NULL);
	FUZZ_CHECK(rc != DS_OK || report);
	if (rc == DS_OK)
		FUZZ_CHECK(ds_certificate_parse(&cert, xml, len) == DS_OK);
	else if (ds_certificate_parse(&cert, xml, len) != DS_OK)
		cert = NULL;
	ds_certificate_free(cert);
	ds_certificate_report_free(report);
	ds_key_free(key);
	return 0;
}
