/*
 * libFuzzer harness for the transparency log's inputs: signed checkpoints
 * (ds_checkpoint_open; the input is "PEM\0NOTE", the key named by the note's
 * origin line, or the whole input a note checked with a fixed Ed25519 key) and inclusion and
 * consistency proofs (ds_merkle_verify_*), the proof read from the input's
 * bytes as index, size, hashes. Nothing may crash; a checkpoint that opens
 * has an origin and a 32-byte root.
 * SPDX-License-Identifier: MIT
 */
#include <datasset/datasset.h>

#include "fuzz_util.h"
#include "internal/crypto.h"

static uint64_t take64(const uint8_t *p)
{
	uint64_t v = 0;
	int i;
	for (i = 0; i < 8; i++)
		v = v << 8 | p[i];
	return v;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const unsigned char seed[32] = { 23 };
	ds_key *key = NULL;
	ds_checkpoint *cp = NULL;
	ds_hash hashes[66], root;
	size_t n, i;

	const uint8_t *nul = memchr(data, 0, size), *note = data;
	size_t note_len = size;
	char name[256] = "fuzz.example/log";

	if (nul) {
		const uint8_t *eol;
		if (ds_key_parse(&key, (const char *)data, (size_t)(nul - data)) != DS_OK)
			key = NULL;
		note = nul + 1;
		note_len = size - (size_t)(note - data);
		if ((eol = memchr(note, '\n', note_len)) && (size_t)(eol - note) < sizeof name) {
			memcpy(name, note, (size_t)(eol - note));
			name[eol - note] = '\0';
		}
	}
	if (!key)
		FUZZ_CHECK(ds__key_ed25519_private(&key, seed) == DS_OK);
	if (ds_checkpoint_open(&cp, (const char *)note, note_len, name, key) == DS_OK) {
		FUZZ_CHECK(ds_checkpoint_origin(cp) != NULL);
		FUZZ_CHECK(ds_checkpoint_root(&root, cp) == DS_OK && root.size == 32);
	}
	ds_checkpoint_free(cp);
	ds_key_free(key);
	if (size >= 17) {
		ds_hash_alg alg = data[0] & 1 ? DS_HASH_SM3 : DS_HASH_SHA256;
		uint64_t a = take64(data + 1), b = take64(data + 9);
		const uint8_t *p = data + 17;
		size_t left = size - 17;

		for (n = 0; n < sizeof hashes / sizeof hashes[0] && left > 0; n++) {
			size_t k = left < 33 ? left - 1 : 32;
			hashes[n].size = (unsigned int)(p[0] % 2 ? k : (k < 32 ? k : 32));
			memset(hashes[n].bytes, 0, sizeof hashes[n].bytes);
			memcpy(hashes[n].bytes, p + 1, k);
			p += 1 + k;
			left -= 1 + k;
		}
		if (n >= 2) {
			(void)ds_merkle_verify_inclusion(alg, a, b, &hashes[0], hashes + 2, n - 2, &hashes[1]);
			(void)ds_merkle_verify_consistency(alg, a, b, &hashes[0], &hashes[1], hashes + 2, n - 2);
		}
		for (i = 0; i < n; i++)
			FUZZ_CHECK(hashes[i].size <= DS_HASH_MAX);
	}
	return 0;
}
