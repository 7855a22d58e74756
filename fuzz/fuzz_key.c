/*
 * libFuzzer harness for PEM keys (ds_key_parse): a key that parses has a
 * 64-digit identifier and a public PEM that parses to the same identifier.
 * SPDX-License-Identifier: MIT
 */
#include <datasset/datasset.h>

#include "fuzz_util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	ds_key *key = NULL, *pub = NULL;
	char *id = NULL, *pem = NULL, *id2 = NULL;

	if (ds_key_parse(&key, (const char *)data, size) == DS_OK) {
		FUZZ_CHECK(ds_key_id(&id, key) == DS_OK && strlen(id) == 64);
		FUZZ_CHECK(ds_key_public_pem(&pem, key) == DS_OK);
		FUZZ_CHECK(ds_key_parse(&pub, pem, strlen(pem)) == DS_OK);
		FUZZ_CHECK(ds_key_id(&id2, pub) == DS_OK && strcmp(id, id2) == 0);
	}
	ds_free(id2);
	ds_free(pem);
	ds_free(id);
	ds_key_free(pub);
	ds_key_free(key);
	return 0;
}
