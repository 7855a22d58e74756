/*
 * libFuzzer harness for the QR verification payload (ds_certificate_payload_parse,
 * ds_certificate_verify_payload without a certificate). The parser must accept
 * or refuse with an error naming a field, never crash; what it accepts must be
 * well formed (lower-case hex of 64 digits, index below the tree size) and
 * verify to DS_OK or DS_EVERIFY with a report.
 * SPDX-License-Identifier: MIT
 */
#include <datasset/datasset.h>

#include "fuzz_util.h"
#include "internal/crypto.h"

static int lower_hex64(const char *s)
{
	size_t i;

	for (i = 0; i < 64; i++)
		if (!((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' && s[i] <= 'f')))
			return 0;
	return s[64] == '\0';
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const unsigned char seed[32] = { 23 };
	ds_certificate_payload p;
	ds_certificate_report *report = NULL;
	ds_key *key = NULL;
	int rc;

	rc = ds_certificate_payload_parse(&p, (const char *)data, size, NULL);
	if (rc == DS_OK) {
		FUZZ_CHECK(p.version == DS_CERTIFICATE_PAYLOAD_VERSION);
		FUZZ_CHECK(p.index < p.tree_size);
		FUZZ_CHECK(lower_hex64(p.digest) && lower_hex64(p.key_id) && lower_hex64(p.root_hash));
		FUZZ_CHECK(ds_certificate_number_check(p.number) == DS_OK);
	} else {
		FUZZ_CHECK(rc == DS_EPARSE || rc == DS_EUNSUPPORTED);
	}
	FUZZ_CHECK(ds__key_ed25519_private(&key, seed) == DS_OK);
	rc = ds_certificate_verify_payload(&report, (const char *)data, size, key, NULL, 0);
	FUZZ_CHECK(rc == DS_EVERIFY || rc == DS_ENOMEM || (rc == DS_OK && report));
	ds_certificate_report_free(report);
	ds_key_free(key);
	return 0;
}
