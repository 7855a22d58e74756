/*
 * Trust layer: keys (generate, PEM, file modes), signatures, Merkle hashing,
 * the append-only log against a naive recomputation, O(log n) node reads,
 * proofs and their rejection, and checkpoints (signed notes) including every
 * malformed variant. Known-answer vectors are in tests/test_trust_vectors.c;
 * the differential test against Python's hashlib is tests/translog_oracle.py.
 * SPDX-License-Identifier: MIT
 */
#define _POSIX_C_SOURCE 200809L
#include <pthread.h>
#include <stdint.h>
#include <sys/stat.h>
#include <unistd.h>

#include "testutil.h"
#include "translog/translog_internal.h"

/* ---------------------------------------------------------------- helpers */

static char workdir[256];

static void make_workdir(void)
{
	snprintf(workdir, sizeof workdir, "%s/ds-translog-XXXXXX", getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
	ck_assert_ptr_nonnull(mkdtemp(workdir));
}

static void remove_workdir(void)
{
	char cmd[300];
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", workdir);
	ck_assert_int_eq(system(cmd), 0);
}

/* A naive MTH over @n leaf hashes (RFC 9162 §2.1.1), recursively from the leaves. */
static void naive_root(ds_hash *out, ds_hash_alg alg, const ds_hash *leaves, uint64_t n)
{
	uint64_t k = 1;
	ds_hash left, right;

	if (n == 0) {
		ck_assert_ds_ok(ds_hash_data(out, alg, NULL, 0));
		return;
	}
	if (n == 1) {
		*out = leaves[0];
		return;
	}
	while (k * 2 < n)
		k *= 2;
	naive_root(&left, alg, leaves, k);
	naive_root(&right, alg, leaves + k, n - k);
	ck_assert_ds_ok(ds_merkle_node_hash(out, alg, &left, &right));
}

static ds_translog *new_log(ds_hash_alg alg)
{
	ds_translog_options opts = DS_TRANSLOG_OPTIONS_INIT;
	ds_translog *log = NULL;
	opts.hash = alg;
	ck_assert_ds_ok(ds_translog_new_memory(&log, &opts));
	return log;
}

/* ---------------------------------------------------------------- hashes */

START_TEST(hash_hex)
{
	ds_hash h, before;
	char *text = NULL;

	ck_assert_ds_ok(ds_hash_from_hex(&h, "00FFa1"));
	ck_assert_uint_eq(h.size, 3);
	ck_assert_ds_ok(ds_hash_to_hex(&text, &h));
	ck_assert_str_eq(text, "00ffa1");
	ds_free(text);
	ck_assert_ds_ok(ds_hash_from_hex(&h, ""));
	ck_assert_uint_eq(h.size, 0);
	before = h;
	ck_assert_ds_err(ds_hash_from_hex(&h, "0g"), DS_EPARSE);
	ck_assert_int_eq(ds_error_last()->column, 2);
	ck_assert_ds_err(ds_hash_from_hex(&h, "abc"), DS_EPARSE);
	ck_assert_ptr_nonnull(strstr(ds_error_last()->message, "odd"));
	{
		char longhex[2 * DS_HASH_MAX + 3];
		memset(longhex, 'a', sizeof longhex - 1);
		longhex[sizeof longhex - 1] = '\0';
		ck_assert_ds_err(ds_hash_from_hex(&h, longhex), DS_ERANGE);
	}
	ck_assert_int_eq(ds_hash_equal(&h, &before), 1); /* unchanged on failure */
	ck_assert_ds_err(ds_hash_from_hex(NULL, "00"), DS_EINVAL);
	ck_assert_int_eq(ds_hash_equal(NULL, &h), 0);
}
END_TEST

START_TEST(hash_known_answers)
{
	/* Facts stated inline (vectors README): SHA-256("abc") and SM3("abc") (GB/T 32905 A.1). */
	ds_hash h, want;

	ck_assert_ds_ok(ds_hash_data(&h, DS_HASH_SHA256, "abc", 3));
	ck_assert_ds_ok(ds_hash_from_hex(&want, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"));
	ck_assert(ds_hash_equal(&h, &want));
	ck_assert_ds_ok(ds_hash_data(&h, DS_HASH_SM3, "abc", 3));
	ck_assert_ds_ok(ds_hash_from_hex(&want, "66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0"));
	ck_assert(ds_hash_equal(&h, &want));
	/* RFC 6962: the empty tree's root is SHA-256 of nothing. */
	ck_assert_ds_ok(ds_hash_data(&h, DS_HASH_SHA256, NULL, 0));
	ck_assert_ds_ok(ds_hash_from_hex(&want, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"));
	ck_assert(ds_hash_equal(&h, &want));
	ck_assert_ds_err(ds_hash_data(&h, (ds_hash_alg)9, "x", 1), DS_EINVAL);
	ck_assert_uint_eq(ds_hash_size((ds_hash_alg)9), 0);
	/* Leaf hash of the empty entry (RFC 6962 test data). */
	ck_assert_ds_ok(ds_merkle_leaf_hash(&h, DS_HASH_SHA256, NULL, 0));
	ck_assert_ds_ok(ds_hash_from_hex(&want, "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d"));
	ck_assert(ds_hash_equal(&h, &want));
	/* Unknown algorithms and NULL arguments are DS_EINVAL, not a verification failure. */
	ck_assert_ds_err(ds_merkle_verify_inclusion((ds_hash_alg)9, 0, 1, &h, NULL, 0, &h), DS_EINVAL);
	ck_assert_ds_err(ds_merkle_verify_inclusion(DS_HASH_SHA256, 0, 1, NULL, NULL, 0, &h), DS_EINVAL);
	ck_assert_ds_err(ds_merkle_verify_inclusion(DS_HASH_SHA256, 0, 1, &h, NULL, 1, &h), DS_EINVAL);
	ck_assert_ds_err(ds_merkle_verify_consistency((ds_hash_alg)0, 1, 2, &h, &h, &h, 1), DS_EINVAL);
	ck_assert_ds_err(ds_merkle_verify_consistency(DS_HASH_SM3, 1, 2, &h, NULL, &h, 1), DS_EINVAL);
	ck_assert_ds_err(ds_merkle_leaf_hash(&h, (ds_hash_alg)3, "x", 1), DS_EINVAL);
	ck_assert_ds_err(ds_translog_options_init(NULL, DS_TRANSLOG_OPTIONS_VERSION), DS_EINVAL);
	/* A node over a child of the wrong size is refused. */
	want.size = 31;
	ck_assert_ds_err(ds_merkle_node_hash(&h, DS_HASH_SHA256, &want, &want), DS_EINVAL);
}
END_TEST

/* ---------------------------------------------------------------- keys */

static void key_round_trip(ds_sig_alg alg)
{
	ds_key *key = NULL, *loaded = NULL, *pub = NULL;
	char path[400], pub_path[400], *pem = NULL, *id = NULL, *id2 = NULL;
	unsigned char *sig = NULL;
	size_t sig_len = 0;
	struct stat st;
	FILE *f;
	const char message[] = "登记凭证 370100-2025-P-00000123";

	make_workdir();
	snprintf(path, sizeof path, "%s/registry.key", workdir);
	snprintf(pub_path, sizeof pub_path, "%s/registry.pub", workdir);
	ck_assert_ds_ok(ds_key_generate(&key, alg));
	ck_assert_int_eq(ds_key_alg(key), alg);
	ck_assert_int_eq(ds_key_is_private(key), 1);
	ck_assert_int_eq(ds_key_hash_alg(key), alg == DS_SIG_ED25519 ? DS_HASH_SHA256 : DS_HASH_SM3);
	ck_assert_ds_ok(ds_key_save_private(key, path));
	ck_assert_int_eq(stat(path, &st), 0);
	ck_assert_int_eq(st.st_mode & 0777, 0600);
	/* Never overwritten. */
	ck_assert_ds_err(ds_key_save_private(key, path), DS_EEXISTS);
	ck_assert_ds_ok(ds_key_load(&loaded, path));
	ck_assert_int_eq(ds_key_is_private(loaded), 1);
	ck_assert_ds_ok(ds_key_id(&id, key));
	ck_assert_ds_ok(ds_key_id(&id2, loaded));
	ck_assert_str_eq(id, id2);
	ck_assert_uint_eq(strlen(id), 64);
	ds_free(id2);

	/* Public PEM: parses as a public key with the same identifier, cannot sign. */
	ck_assert_ds_ok(ds_key_public_pem(&pem, key));
	ck_assert_ptr_nonnull(strstr(pem, "-----BEGIN PUBLIC KEY-----"));
	f = fopen(pub_path, "w");
	ck_assert_ptr_nonnull(f);
	fputs(pem, f);
	fclose(f);
	chmod(pub_path, 0644); /* a public key may be world-readable */
	ck_assert_ds_ok(ds_key_load(&pub, pub_path));
	ck_assert_int_eq(ds_key_is_private(pub), 0);
	ck_assert_ds_ok(ds_key_id(&id2, pub));
	ck_assert_str_eq(id, id2);
	ds_free(id2);

	/* Sign with the loaded key, verify with the public one; any change fails. */
	ck_assert_ds_ok(ds_key_sign(&sig, &sig_len, loaded, message, sizeof message - 1));
	ck_assert_ds_ok(ds_key_verify(pub, message, sizeof message - 1, sig, sig_len));
	ck_assert_ds_err(ds_key_verify(pub, message, sizeof message - 2, sig, sig_len), DS_EVERIFY);
	sig[sig_len / 2] ^= 1;
	ck_assert_ds_err(ds_key_verify(pub, message, sizeof message - 1, sig, sig_len), DS_EVERIFY);
	ds_free(sig);
	ck_assert_ds_err(ds_key_sign(&sig, &sig_len, pub, message, 3), DS_EINVAL);

	/* A group- or world-readable private key file is refused, and the message
	 * names the file and the mode but never the key. */
	chmod(path, 0640);
	ck_assert_ds_err(ds_key_load(&loaded, path), DS_ESTATE);
	ck_assert_ptr_nonnull(strstr(ds_error_last()->message, "registry.key"));
	ck_assert_ptr_nonnull(strstr(ds_error_last()->message, "0640"));
	ck_assert_ptr_null(strstr(ds_error_last()->message, "PRIVATE"));
	chmod(path, 0604);
	ck_assert_ds_err(ds_key_load(&loaded, path), DS_ESTATE);
	ck_assert_ptr_nonnull(loaded); /* unchanged on failure: still the earlier key */

	ds_free(pem);
	ds_free(id);
	ds_key_free(key);
	ds_key_free(loaded);
	ds_key_free(pub);
	remove_workdir();
}

START_TEST(keys_ed25519)
{
	key_round_trip(DS_SIG_ED25519);
}
END_TEST

START_TEST(keys_sm2)
{
	key_round_trip(DS_SIG_SM2_SM3);
}
END_TEST

START_TEST(keys_bad_input)
{
	ds_key *key = NULL, *other = NULL;
	char path[400];
	unsigned char *sig = NULL;
	size_t sig_len = 0;
	FILE *f;
	const char *garbage = "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n";
	/* An RSA public key is parsed by OpenSSL but is not a supported type. */
	const char *rsa = "-----BEGIN PUBLIC KEY-----\n"
			  "MFwwDQYJKoZIhvcNAQEBBQADSwAwSAJBAKj34GkxFhD90vcNLYLInFEX6Ppy1tPf\n"
			  "9Cnzj4p4WGeKLs1Pt8QuKUpRKfFLfRYC9AIKjbJTWit+CqvjWYzvQwECAwEAAQ==\n"
			  "-----END PUBLIC KEY-----\n";

	ck_assert_ds_err(ds_key_generate(&key, (ds_sig_alg)7), DS_EINVAL);
	ck_assert_ptr_null(key);
	ck_assert_ds_err(ds_key_parse(&key, "not a key", 9), DS_EPARSE);
	ck_assert_ds_err(ds_key_parse(&key, garbage, strlen(garbage)), DS_EPARSE);
	ck_assert_ptr_null(strstr(ds_error_last()->message, "AAAA"));
	ck_assert_str_eq(ds_error_last()->cause_library, "openssl");
	ck_assert_ds_err(ds_key_parse(&key, rsa, strlen(rsa)), DS_EUNSUPPORTED);
	ck_assert_ptr_null(key);
	ck_assert_ds_err(ds_key_load(&key, "/nonexistent/key.pem"), DS_EIO);
	ck_assert_ptr_nonnull(strstr(ds_error_last()->message, "/nonexistent/key.pem"));

	make_workdir();
	snprintf(path, sizeof path, "%s/empty.pem", workdir);
	f = fopen(path, "w");
	fclose(f);
	ck_assert_ds_err(ds_key_load(&key, path), DS_EPARSE);
	ck_assert_ds_err(ds_key_save_private(key, path), DS_EINVAL);
	/* Only a regular file, not larger than 64 KiB, is a key file; the
	 * message names the file and what it is. */
	{
		char link_path[420], big_path[420], message[600];
		char *big = malloc(70000);
		ck_assert_ptr_nonnull(big);
		snprintf(link_path, sizeof link_path, "%s/link.pem", workdir);
		ck_assert_int_eq(symlink(path, link_path), 0);
		ck_assert_ds_err(ds_key_load(&key, link_path), DS_EIO);
		snprintf(message, sizeof message, "%s: is a symbolic link; a key file must be a regular file",
			 link_path);
		ck_assert_str_eq(ds_error_last()->message, message);
		ck_assert_ds_err(ds_key_load(&key, workdir), DS_EIO);
		snprintf(message, sizeof message,
			 "%s: not a regular file (a directory); a key file must be a regular file", workdir);
		ck_assert_str_eq(ds_error_last()->message, message);
		ck_assert_ds_err(ds_key_load(&key, "/dev/null"), DS_EIO);
		ck_assert_str_eq(ds_error_last()->message,
				 "/dev/null: not a regular file (a device); a key file must be a regular file");
		memset(big, 'A', 70000);
		snprintf(big_path, sizeof big_path, "%s/big.pem", workdir);
		ck_assert_ptr_nonnull(f = fopen(big_path, "w"));
		ck_assert_uint_eq(fwrite(big, 1, 70000, f), 70000);
		fclose(f);
		ck_assert_ds_err(ds_key_load(&key, big_path), DS_ERANGE);
		snprintf(message, sizeof message, "%s: a key file of 70000 bytes is larger than the 65536 allowed",
			 big_path);
		ck_assert_str_eq(ds_error_last()->message, message);
		ck_assert_ds_err(ds_key_parse(&key, big, 70000), DS_ERANGE);
		ck_assert_ptr_null(key);
		unlink(link_path);
		unlink(big_path);
		free(big);
	}
	remove_workdir();

	/* A signature by one key fails under another of the same algorithm. */
	ck_assert_ds_ok(ds_key_generate(&key, DS_SIG_ED25519));
	ck_assert_ds_ok(ds_key_generate(&other, DS_SIG_ED25519));
	ck_assert_ds_ok(ds_key_sign(&sig, &sig_len, key, "x", 1));
	ck_assert_uint_eq(sig_len, 64);
	ck_assert_ds_err(ds_key_verify(other, "x", 1, sig, sig_len), DS_EVERIFY);
	ck_assert_ds_err(ds_key_verify(key, "x", 1, sig, sig_len - 1), DS_EVERIFY);
	ds_free(sig);
	ds_key_free(key);
	ds_key_free(other);
	ds_key_free(NULL);
}
END_TEST

/* ---------------------------------------------------------------- the log */

#define TREE_MAX 70

static void log_matches_naive(ds_hash_alg alg)
{
	ds_translog *log = new_log(alg);
	ds_hash leaves[TREE_MAX], root, expected, *proof = NULL, roots[TREE_MAX + 1];
	size_t count = 0;
	uint64_t n, m, i, index;
	char entry[32];

	ck_assert_ds_ok(ds_translog_root(&roots[0], log, 0));
	for (n = 1; n <= TREE_MAX; n++) {
		snprintf(entry, sizeof entry, "event %llu", (unsigned long long)n);
		ck_assert_ds_ok(ds_translog_append(&index, log, entry, strlen(entry)));
		ck_assert_uint_eq(index, n - 1);
		ck_assert_ds_ok(ds_merkle_leaf_hash(&leaves[n - 1], alg, entry, strlen(entry)));
		ck_assert_ds_ok(ds_translog_leaf_hash(&root, log, n - 1));
		ck_assert(ds_hash_equal(&root, &leaves[n - 1]));
		ck_assert_ds_ok(ds_translog_root(&roots[n], log, n));
		naive_root(&expected, alg, leaves, n);
		ck_assert_msg(ds_hash_equal(&roots[n], &expected), "root of size %llu", (unsigned long long)n);
	}
	/* Roots of earlier sizes stay available. */
	for (n = 0; n <= TREE_MAX; n++) {
		ck_assert_ds_ok(ds_translog_root(&root, log, n));
		ck_assert(ds_hash_equal(&root, &roots[n]));
	}
	/* Every inclusion proof verifies, and fails for the wrong index, size or leaf. */
	for (n = 1; n <= TREE_MAX; n++)
		for (i = 0; i < n; i++) {
			ck_assert_ds_ok(ds_translog_inclusion_proof(&proof, &count, log, i, n));
			ck_assert_ds_ok(ds_merkle_verify_inclusion(alg, i, n, &leaves[i], proof, count, &roots[n]));
			if (n > 1)
				ck_assert_ds_err(ds_merkle_verify_inclusion(alg, i, n, &leaves[(i + 1) % n], proof,
									    count, &roots[n]),
						 DS_EVERIFY);
			ck_assert_ds_err(ds_merkle_verify_inclusion(alg, i, n, &leaves[i], proof, count, &roots[n - 1]),
					 DS_EVERIFY);
			if (count) {
				proof[count - 1].bytes[0] ^= 0x80;
				ck_assert_ds_err(
					ds_merkle_verify_inclusion(alg, i, n, &leaves[i], proof, count, &roots[n]),
					DS_EVERIFY);
				ck_assert_ds_err(
					ds_merkle_verify_inclusion(alg, i, n, &leaves[i], proof, count - 1, &roots[n]),
					DS_EVERIFY);
			}
			ds_free(proof);
		}
	/* Every consistency proof verifies; a replayed or swapped root fails. */
	for (n = 1; n <= TREE_MAX; n++)
		for (m = 1; m <= n; m++) {
			ck_assert_ds_ok(ds_translog_consistency_proof(&proof, &count, log, m, n));
			ck_assert_msg(ds_merkle_verify_consistency(alg, m, n, &roots[m], &roots[n], proof, count) ==
					      DS_OK,
				      "consistency %llu -> %llu: %s", (unsigned long long)m, (unsigned long long)n,
				      ds_error_last()->message);
			if (m < n) {
				ck_assert_ds_err(
					ds_merkle_verify_consistency(alg, m, n, &roots[m - 1], &roots[n], proof, count),
					DS_EVERIFY);
				ck_assert_ds_err(
					ds_merkle_verify_consistency(alg, m, n, &roots[m], &roots[n - 1], proof, count),
					DS_EVERIFY);
				proof[0].bytes[31] ^= 1;
				ck_assert_ds_err(
					ds_merkle_verify_consistency(alg, m, n, &roots[m], &roots[n], proof, count),
					DS_EVERIFY);
			} else {
				ck_assert_uint_eq(count, 0);
			}
			ds_free(proof);
		}
	ds_translog_free(log);
}

/* One key signs in several threads at once (translog.h promises it): each
 * thread's signatures verify, and an Ed25519 signature is the same in every
 * thread (deterministic), so a shared signing context would show. */
typedef struct signer {
	const ds_key *key;
	unsigned char first[64];
	int ok;
} signer;

static void *sign_many(void *arg)
{
	signer *w = arg;
	static const char message[] = "登记凭证 signed in several threads";
	int i;

	w->ok = 1;
	for (i = 0; i < 200 && w->ok; i++) {
		unsigned char *sig = NULL;
		size_t len = 0;
		if (ds_key_sign(&sig, &len, w->key, message, sizeof message - 1) < 0 ||
		    ds_key_verify(w->key, message, sizeof message - 1, sig, len) < 0)
			w->ok = 0;
		else if (ds_key_alg(w->key) == DS_SIG_ED25519 && i == 0 && len == 64)
			memcpy(w->first, sig, 64);
		else if (ds_key_alg(w->key) == DS_SIG_ED25519 && (len != 64 || memcmp(w->first, sig, 64) != 0))
			w->ok = 0;
		ds_free(sig);
	}
	return NULL;
}

static void keys_in_threads(ds_sig_alg alg)
{
	pthread_t threads[4];
	signer workers[4];
	ds_key *key = NULL;
	int i;

	ck_assert_ds_ok(ds_key_generate(&key, alg));
	for (i = 0; i < 4; i++) {
		workers[i].key = key;
		ck_assert_int_eq(pthread_create(&threads[i], NULL, sign_many, &workers[i]), 0);
	}
	for (i = 0; i < 4; i++) {
		ck_assert_int_eq(pthread_join(threads[i], NULL), 0);
		ck_assert_int_eq(workers[i].ok, 1);
		if (alg == DS_SIG_ED25519 && i > 0)
			ck_assert_int_eq(memcmp(workers[i].first, workers[0].first, 64), 0);
	}
	ds_key_free(key);
}

START_TEST(keys_threads_ed25519)
{
	keys_in_threads(DS_SIG_ED25519);
}
END_TEST

START_TEST(keys_threads_sm2)
{
	keys_in_threads(DS_SIG_SM2_SM3);
}
END_TEST

START_TEST(log_sha256)
{
	log_matches_naive(DS_HASH_SHA256);
}
END_TEST

START_TEST(log_sm3)
{
	log_matches_naive(DS_HASH_SM3);
}
END_TEST

START_TEST(log_errors)
{
	ds_translog *log = new_log(DS_HASH_SHA256), *other = NULL;
	ds_translog_options opts = DS_TRANSLOG_OPTIONS_INIT;
	ds_hash h, *proof = NULL;
	size_t count = 99;
	uint64_t index = 77;

	ck_assert_ds_ok(ds_translog_options_init(&opts, DS_TRANSLOG_OPTIONS_VERSION));
	ck_assert_int_eq(opts.hash, DS_HASH_SHA256);
	ck_assert_ds_err(ds_translog_options_init(&opts, 99), DS_EINVAL);
	opts.hash = (ds_hash_alg)5;
	ck_assert_ds_err(ds_translog_new_memory(&other, &opts), DS_EINVAL);
	opts.hash = DS_HASH_SHA256;
	opts.version = 2;
	ck_assert_ds_err(ds_translog_new_memory(&other, &opts), DS_EINVAL);
	ck_assert_ptr_null(other);

	ck_assert_uint_eq(ds_translog_size(log), 0);
	ck_assert_ds_err(ds_translog_leaf_hash(&h, log, 0), DS_ERANGE);
	ck_assert_ds_err(ds_translog_root(&h, log, 1), DS_ERANGE);
	ck_assert_ds_err(ds_translog_inclusion_proof(&proof, &count, log, 0, 0), DS_ERANGE);
	ck_assert_ds_ok(ds_translog_append(&index, log, "a", 1));
	ck_assert_ds_ok(ds_translog_append(NULL, log, "b", 1));
	ck_assert_ds_err(ds_translog_append(&index, log, NULL, 1), DS_EINVAL);
	ck_assert_uint_eq(index, 0);
	ck_assert_uint_eq(ds_translog_size(log), 2);
	ck_assert_ds_err(ds_translog_inclusion_proof(&proof, &count, log, 2, 2), DS_ERANGE);
	ck_assert_ds_err(ds_translog_inclusion_proof(&proof, &count, log, 0, 3), DS_ERANGE);
	ck_assert_ds_err(ds_translog_consistency_proof(&proof, &count, log, 0, 2), DS_ERANGE);
	ck_assert_ds_err(ds_translog_consistency_proof(&proof, &count, log, 2, 1), DS_ERANGE);
	ck_assert_ds_err(ds_translog_consistency_proof(&proof, &count, log, 1, 3), DS_ERANGE);
	ck_assert_uint_eq(count, 99); /* outputs unchanged on failure */
	h.size = 20;
	ck_assert_ds_err(ds_translog_append_leaf_hash(&index, log, &h), DS_EINVAL);
	ck_assert_uint_eq(ds_translog_size(log), 2);
	ck_assert_int_eq(ds_translog_hash_alg(log), DS_HASH_SHA256);
	ds_translog_free(log);
	ds_translog_free(NULL);
}
END_TEST

/* Appending and proving read O(log n) stored nodes: never the leaves. */
START_TEST(log_reads_are_logarithmic)
{
	ds_translog *log = new_log(DS_HASH_SHA256);
	ds_hash h, *proof = NULL;
	size_t count;
	uint64_t n, before, reads, worst_append = 0;
	const uint64_t total = 1u << 17;
	const uint64_t bound = 2 * 17 + 4; /* two O(log n) walks at most */
	char entry[24];

	for (n = 0; n < total + 12345; n++) {
		snprintf(entry, sizeof entry, "%llu", (unsigned long long)n);
		before = ds__translog_node_reads(log);
		ck_assert_ds_ok(ds_translog_append(NULL, log, entry, strlen(entry)));
		reads = ds__translog_node_reads(log) - before;
		if (reads > worst_append)
			worst_append = reads;
	}
	ck_assert_uint_le(worst_append, 18);
	for (n = 1; n < total + 12345; n = n * 3 + 1) {
		before = ds__translog_node_reads(log);
		ck_assert_ds_ok(ds_translog_root(&h, log, n));
		ck_assert_uint_le(ds__translog_node_reads(log) - before, 18);
		before = ds__translog_node_reads(log);
		ck_assert_ds_ok(ds_translog_inclusion_proof(&proof, &count, log, n / 2, total + 12345));
		ck_assert_uint_le(ds__translog_node_reads(log) - before, bound);
		ds_free(proof);
		before = ds__translog_node_reads(log);
		ck_assert_ds_ok(ds_translog_consistency_proof(&proof, &count, log, n, total + 12345));
		ck_assert_uint_le(ds__translog_node_reads(log) - before, bound);
		ds_free(proof);
	}
	ds_translog_free(log);
}
END_TEST

/* ---------------------------------------------------------------- checkpoints */

static char *sign_checkpoint(const ds_key *key, const char *name, uint64_t size, int64_t timestamp)
{
	ds_hash root;
	char *note = NULL;
	ck_assert_ds_ok(ds_hash_data(&root, DS_HASH_SHA256, "root", 4));
	ck_assert_ds_ok(ds_checkpoint_sign(&note, "registry.example.cn/log", size, &root, timestamp, name, key));
	return note;
}

static void checkpoint_round_trip(ds_sig_alg alg)
{
	ds_key *key = NULL, *other = NULL;
	ds_checkpoint *cp = NULL;
	ds_hash root, want;
	char *note = NULL, *copy;
	size_t len, i;

	ck_assert_ds_ok(ds_key_generate(&key, alg));
	ck_assert_ds_ok(ds_key_generate(&other, alg));
	note = sign_checkpoint(key, "registry.example.cn", 123456, 1764000000);
	len = strlen(note);
	ck_assert_msg(strncmp(note, "registry.example.cn/log\n123456\n", 31) == 0, "%s", note);
	ck_assert_ptr_nonnull(strstr(note, "\ntimestamp 1764000000\n\n\xE2\x80\x94 registry.example.cn "));
	ck_assert_ds_ok(ds_checkpoint_open(&cp, note, len, "registry.example.cn", key));
	ck_assert_str_eq(ds_checkpoint_origin(cp), "registry.example.cn/log");
	ck_assert_uint_eq(ds_checkpoint_size(cp), 123456);
	ck_assert_int_eq(ds_checkpoint_timestamp(cp), 1764000000);
	ck_assert_ds_ok(ds_checkpoint_root(&root, cp));
	ck_assert_ds_ok(ds_hash_data(&want, DS_HASH_SHA256, "root", 4));
	ck_assert(ds_hash_equal(&root, &want));
	ds_checkpoint_free(cp);
	cp = NULL;

	/* Wrong key, wrong name: no matching signature. */
	ck_assert_ds_err(ds_checkpoint_open(&cp, note, len, "registry.example.cn", other), DS_EVERIFY);
	ck_assert_ptr_nonnull(strstr(ds_error_last()->message, "no signature"));
	ck_assert_ds_err(ds_checkpoint_open(&cp, note, len, "someone.else", key), DS_EVERIFY);
	ck_assert_ptr_null(cp);

	/* Changing any byte of the signed text fails (parse or verify). */
	copy = ds__strdup(note);
	for (i = 0; note + i < strstr(note, "\n\n") + 1; i++) {
		char saved = copy[i];
		copy[i] = saved == '1' ? '2' : saved == '\n' ? 'x' : '1';
		ck_assert_msg(ds_checkpoint_open(&cp, copy, len, "registry.example.cn", key) < 0,
			      "changed byte %zu accepted", i);
		copy[i] = saved;
	}
	ck_assert_ptr_null(cp);
	ds__free(copy);
	ds_free(note);

	/* Without a timestamp; and another signer's line is ignored. */
	note = sign_checkpoint(key, "log", 0, 0);
	ck_assert_ptr_null(strstr(note, "timestamp"));
	{
		char *second = sign_checkpoint(other, "witness.example", 0, 0);
		ds__buf b = DS__BUF_INIT;
		const char *their_sig = strstr(second, "\n\n") + 2;
		ds__buf_puts(&b, note);
		ds__buf_puts(&b, their_sig);
		ck_assert_ds_ok(ds_checkpoint_open(&cp, b.data, b.len, "log", key));
		ds_checkpoint_free(cp);
		cp = NULL;
		ck_assert_ds_ok(ds_checkpoint_open(&cp, b.data, b.len, "witness.example", other));
		ck_assert_uint_eq(ds_checkpoint_size(cp), 0);
		ds_checkpoint_free(cp);
		cp = NULL;
		ds__buf_dispose(&b);
		ds_free(second);
	}
	ds_free(note);
	ds_key_free(key);
	ds_key_free(other);
}

START_TEST(checkpoint_ed25519)
{
	checkpoint_round_trip(DS_SIG_ED25519);
}
END_TEST

START_TEST(checkpoint_sm2)
{
	checkpoint_round_trip(DS_SIG_SM2_SM3);
}
END_TEST

/* The Ed25519 checkpoint follows the signed-note spec byte for byte: key hash =
 * SHA-256(name || "\n" || 0x01 || public key)[:4] (checked independently by
 * tests/translog_oracle.py with hashlib and the openssl tool). */
START_TEST(checkpoint_note_verifier)
{
	ds_key *key = NULL;
	char *vkey = NULL, *note;
	unsigned char seed[32] = { 0 };
	const char *sig;

	ck_assert_ds_ok(ds__key_ed25519_private(&key, seed));
	ck_assert_ds_ok(ds_key_note_verifier(&vkey, key, "example.com/log"));
	/* name+hex(keyhash)+base64(0x01 || pub): the public key of the all-zero seed is RFC 8032-derived. */
	ck_assert_msg(strncmp(vkey, "example.com/log+", 16) == 0 && strlen(vkey) == 16 + 8 + 1 + 44, "%s", vkey);
	ck_assert_msg(strncmp(vkey + 25, "ATtqJ7zO", 8) == 0, "%s", vkey); /* 0x01 3b6a27bc... */
	note = sign_checkpoint(key, "example.com/log", 5, 0);
	sig = strstr(note, "\xE2\x80\x94 example.com/log ");
	ck_assert_ptr_nonnull(sig);
	ds_free(note);
	ck_assert_ds_err(ds_key_note_verifier(&vkey, key, "bad name"), DS_EINVAL);
	ck_assert_ds_err(ds_key_note_verifier(&vkey, key, "a+b"), DS_EINVAL);
	ds_free(vkey);
	ds_key_free(key);
}
END_TEST

static const struct {
	const char *label;
	const char *from; /* replace the first occurrence of this in a good note */
	const char *to;
	int code;
} malformed[] = {
	{ "no blank line", "\n\n", "\n", DS_EPARSE },
	{ "empty origin", "registry.example.cn/log\n", "\n", DS_EPARSE },
	{ "size with leading zero", "\n42\n", "\n042\n", DS_EPARSE },
	{ "size not a number", "\n42\n", "\n4x2\n", DS_EPARSE },
	{ "negative size", "\n42\n", "\n-42\n", DS_EPARSE },
	{ "size past 2^64-1", "\n42\n", "\n18446744073709551616\n", DS_EPARSE },
	{ "root not base64", "\n42\n", "\n42\n!!", DS_EPARSE },
	{ "root of 31 bytes", "\n42\n", "\n42\nAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA==\n", DS_EPARSE },
	{ "missing root line", "\n42\n", "\n42\n\n", DS_EPARSE },
	{ "control character", "registry.example.cn/log", "registry\texample", DS_EPARSE },
	{ "invalid UTF-8", "registry.example.cn/log", "registry\xC3\x28", DS_EPARSE },
	{ "signature line without em dash", "\xE2\x80\x94 ", "- ", DS_EPARSE },
	{ "signature line with hyphens", "\xE2\x80\x94 ", "-- ", DS_EPARSE },
	{ "name and signature not separated", "\xE2\x80\x94 registry.example.cn ", "\xE2\x80\x94 registry.example.cn",
	  DS_EPARSE },
	{ "empty name", "\xE2\x80\x94 registry.example.cn ", "\xE2\x80\x94  ", DS_EPARSE },
	{ "name with plus", "\xE2\x80\x94 registry.example.cn ", "\xE2\x80\x94 registry+example.cn ", DS_EPARSE },
	{ "signature not base64", "\xE2\x80\x94 registry.example.cn ", "\xE2\x80\x94 registry.example.cn *",
	  DS_EPARSE },
	{ "signature too short", NULL, "\xE2\x80\x94 registry.example.cn AAAA\n", DS_EPARSE },
	{ "timestamp not a number", "timestamp 1764000000", "timestamp 17640x0000", DS_EPARSE },
	{ "empty line inside the text", "\n42\n", "\n\n42\n", DS_EPARSE },
	{ "no signatures", NULL, "", DS_EPARSE },
	{ "wrong signer only", NULL, "\xE2\x80\x94 other.example AAAAAAAA\n", DS_EVERIFY },
};

START_TEST(checkpoint_malformed)
{
	ds_key *key = NULL;
	ds_checkpoint *cp = NULL;
	char *note, *bad;
	size_t i;

	ck_assert_ds_ok(ds_key_generate(&key, DS_SIG_ED25519));
	note = sign_checkpoint(key, "registry.example.cn", 42, 1764000000);
	for (i = 0; i < sizeof malformed / sizeof malformed[0]; i++) {
		ds__buf b = DS__BUF_INIT;
		if (malformed[i].from) {
			const char *at = strstr(note, malformed[i].from);
			ck_assert_msg(at != NULL, "%s: pattern not found", malformed[i].label);
			ds__buf_put(&b, note, (size_t)(at - note));
			ds__buf_puts(&b, malformed[i].to);
			ds__buf_puts(&b, at + strlen(malformed[i].from));
		} else {
			/* Replace all signature lines. */
			const char *sigs = strstr(note, "\n\n") + 2;
			ds__buf_put(&b, note, (size_t)(sigs - note));
			ds__buf_puts(&b, malformed[i].to);
		}
		ck_assert_msg(ds_checkpoint_open(&cp, b.data, b.len, "registry.example.cn", key) == malformed[i].code,
			      "%s: got %s (%s)", malformed[i].label, ds_strerror(ds_error_last()->code),
			      ds_error_last()->message);
		ck_assert_msg(strstr(ds_error_last()->message, "checkpoint") != NULL, "%s: %s", malformed[i].label,
			      ds_error_last()->message);
		ck_assert_ptr_null(cp);
		ds__buf_dispose(&b);
	}
	/* A truncated note (last line without newline) and over-long notes. */
	bad = ds__strndup(note, strlen(note) - 1);
	ck_assert_ds_err(ds_checkpoint_open(&cp, bad, strlen(bad), "registry.example.cn", key), DS_EPARSE);
	ck_assert_int_gt(ds_error_last()->line, 4);
	ds__free(bad);
	ck_assert_ds_err(ds_checkpoint_open(&cp, note, 2 * 1024 * 1024, "registry.example.cn", key), DS_ERANGE);
	{
		/* 101 signature lines. */
		ds__buf b = DS__BUF_INIT;
		const char *sig = strstr(note, "\n\n") + 2;
		int k;
		ds__buf_puts(&b, note);
		for (k = 0; k < 100; k++)
			ds__buf_puts(&b, sig);
		ck_assert_ds_err(ds_checkpoint_open(&cp, b.data, b.len, "registry.example.cn", key), DS_EPARSE);
		ck_assert_ptr_nonnull(strstr(ds_error_last()->message, "more than 100"));
		ds__buf_dispose(&b);
	}
	/* Signing refuses bad input. */
	{
		ds_hash root = { 32, { 0 } };
		char *out = NULL;
		ds_key *pub = NULL;
		char *pem = NULL;
		ck_assert_ds_err(ds_checkpoint_sign(&out, "", 1, &root, 0, "n", key), DS_EINVAL);
		ck_assert_ds_err(ds_checkpoint_sign(&out, "a\nb", 1, &root, 0, "n", key), DS_EINVAL);
		ck_assert_ds_err(ds_checkpoint_sign(&out, "o", 1, &root, 0, "has space", key), DS_EINVAL);
		root.size = 20;
		ck_assert_ds_err(ds_checkpoint_sign(&out, "o", 1, &root, 0, "n", key), DS_EINVAL);
		root.size = 32;
		ck_assert_ds_ok(ds_key_public_pem(&pem, key));
		ck_assert_ds_ok(ds_key_parse(&pub, pem, strlen(pem)));
		ck_assert_ds_err(ds_checkpoint_sign(&out, "o", 1, &root, 0, "n", pub), DS_EINVAL);
		ck_assert_ptr_null(out);
		ds_free(pem);
		ds_key_free(pub);
	}
	ds_free(note);
	ds_key_free(key);
}
END_TEST

static Suite *translog_suite(void)
{
	Suite *s = suite_create("translog");
	TCase *tc = tcase_create("core");

	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, hash_hex);
	tcase_add_test(tc, hash_known_answers);
	tcase_add_test(tc, keys_ed25519);
	tcase_add_test(tc, keys_sm2);
	tcase_add_test(tc, keys_bad_input);
	tcase_add_test(tc, keys_threads_ed25519);
	tcase_add_test(tc, keys_threads_sm2);
	tcase_add_test(tc, log_sha256);
	tcase_add_test(tc, log_sm3);
	tcase_add_test(tc, log_errors);
	tcase_add_test(tc, log_reads_are_logarithmic);
	tcase_add_test(tc, checkpoint_ed25519);
	tcase_add_test(tc, checkpoint_sm2);
	tcase_add_test(tc, checkpoint_note_verifier);
	tcase_add_test(tc, checkpoint_malformed);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return tu_run(translog_suite());
}
