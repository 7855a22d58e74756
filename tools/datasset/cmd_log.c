/*
 * datasset log: check signed tree heads (C2SP checkpoints), inclusion proofs
 * and consistency proofs of a transparency log offline.
 * SPDX-License-Identifier: MIT
 */
#include "config.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <datasset/datasset.h>

#include "cli.h"
#include "trust_cli.h"

enum { OPT_KEY = 1, OPT_CHECKPOINT, OPT_INDEX, OPT_ENTRY, OPT_LEAF_HASH, OPT_PROOF, OPT_OLD, OPT_NEW };

static const cli_option log_options[] = { { "key", 1, OPT_KEY },
					  { "checkpoint", 1, OPT_CHECKPOINT },
					  { "index", 1, OPT_INDEX },
					  { "entry", 1, OPT_ENTRY },
					  { "leaf-hash", 1, OPT_LEAF_HASH },
					  { "proof", 1, OPT_PROOF },
					  { "old", 1, OPT_OLD },
					  { "new", 1, OPT_NEW },
					  { NULL, 0, 0 } };

static void print_help(void)
{
	fputs("Usage: datasset log verify-checkpoint FILE --key PUB.pem\n"
	      "       datasset log verify-inclusion --key PUB.pem --checkpoint FILE --index N\n"
	      "                                     (--entry FILE | --leaf-hash HEX) --proof FILE\n"
	      "       datasset log verify-consistency --key PUB.pem --old FILE --new FILE --proof FILE\n"
	      "\n"
	      "Check a transparency log's evidence offline (RFC 9162 hashing with SHA-256, or\n"
	      "SM3 for an SM2 key). A checkpoint is a C2SP signed note whose signature line\n"
	      "carries the key name given by its origin line; proofs are one hex hash per line.\n"
	      "\n"
	      "  verify-checkpoint   check the signature; print the origin, size and root hash\n"
	      "  verify-inclusion    check that entry N (its bytes, or its leaf hash) is in the\n"
	      "                      tree the checkpoint signs\n"
	      "  verify-consistency  check that the NEW tree extends the OLD one (append-only)\n"
	      "\n"
	      "Exit status: 0 verified, 1 not verified or a file is unreadable, 2 usage error.\n",
	      stdout);
}

typedef struct log_request {
	const char *key, *checkpoint, *index, *entry, *leaf_hash, *proof, *old_head, *new_head;
} log_request;

/* Open a checkpoint file with @key under the name of its origin line. */
static ds_checkpoint *open_checkpoint(const char *path, const ds_key *key)
{
	ds_checkpoint *cp = NULL;
	size_t len = 0;
	char *text = trust_read_file("log", path, &len), *nl;

	if (!text)
		return NULL;
	if (!(nl = strchr(text, '\n'))) {
		cli_error("log", "%s: not a checkpoint (no origin line)", path);
		free(text);
		return NULL;
	}
	{
		size_t origin_len = (size_t)(nl - text);
		char *origin = malloc(origin_len + 1);
		if (origin) {
			memcpy(origin, text, origin_len);
			origin[origin_len] = '\0';
		}
		if (!origin || ds_checkpoint_open(&cp, text, len, origin, key) < 0) {
			cli_error("log", "%s: %s", path, origin ? ds_error_last()->message : "out of memory");
			cp = NULL;
		}
		free(origin);
	}
	free(text);
	return cp;
}

static int print_hash(const char *label, const ds_hash *hash)
{
	char *hex = NULL;

	if (ds_hash_to_hex(&hex, hash) < 0)
		return cli_library_error("log");
	printf("%s %s\n", label, hex);
	ds_free(hex);
	return CLI_EXIT_OK;
}

static int verify_checkpoint(const char *path, const ds_key *key)
{
	ds_checkpoint *cp = open_checkpoint(path, key);
	ds_hash root;
	int status;

	if (!cp)
		return CLI_EXIT_FAILURE;
	printf("origin %s\nsize %" PRIu64 "\n", ds_checkpoint_origin(cp), ds_checkpoint_size(cp));
	ds_checkpoint_root(&root, cp);
	status = print_hash("root", &root);
	if (ds_checkpoint_timestamp(cp))
		printf("timestamp %" PRId64 "\n", ds_checkpoint_timestamp(cp));
	ds_checkpoint_free(cp);
	return status;
}

static int verify_inclusion(const log_request *q, const ds_key *key)
{
	ds_checkpoint *cp = NULL;
	ds_hash leaf, root, *proof = NULL;
	size_t count = 0, len = 0;
	char *entry = NULL, *end;
	unsigned long long index;
	int status = CLI_EXIT_FAILURE;

	if (!(cp = open_checkpoint(q->checkpoint, key)) || trust_read_proof("log", q->proof, &proof, &count) < 0)
		goto done;
	index = strtoull(q->index, &end, 10);
	if (!*q->index || *end || q->index[0] == '-') {
		status = cli_usage_error("log", "--index must be a non-negative integer, not '%s'", q->index);
		goto done;
	}
	if (q->entry) {
		if (!(entry = trust_read_file("log", q->entry, &len)))
			goto done;
		if (ds_merkle_leaf_hash(&leaf, ds_key_hash_alg(key), entry, len) < 0) {
			cli_library_error("log");
			goto done;
		}
	} else if (ds_hash_from_hex(&leaf, q->leaf_hash) < 0) {
		status = cli_usage_error("log", "--leaf-hash: %s", ds_error_last()->message);
		goto done;
	}
	ds_checkpoint_root(&root, cp);
	if (ds_merkle_verify_inclusion(ds_key_hash_alg(key), index, ds_checkpoint_size(cp), &leaf, proof, count,
				       &root) < 0) {
		cli_library_error("log");
		goto done;
	}
	printf("ok: entry %llu is in the tree of size %" PRIu64 " signed by %s\n", index, ds_checkpoint_size(cp),
	       ds_checkpoint_origin(cp));
	status = CLI_EXIT_OK;
done:
	ds_checkpoint_free(cp);
	free(proof);
	free(entry);
	return status;
}

static int verify_consistency(const log_request *q, const ds_key *key)
{
	ds_checkpoint *old_cp = NULL, *new_cp = NULL;
	ds_hash old_root, new_root, *proof = NULL;
	size_t count = 0;
	int status = CLI_EXIT_FAILURE;

	if (!(old_cp = open_checkpoint(q->old_head, key)) || !(new_cp = open_checkpoint(q->new_head, key)) ||
	    trust_read_proof("log", q->proof, &proof, &count) < 0)
		goto done;
	if (strcmp(ds_checkpoint_origin(old_cp), ds_checkpoint_origin(new_cp)) != 0) {
		cli_error("log", "the checkpoints are of different logs ('%s' and '%s')", ds_checkpoint_origin(old_cp),
			  ds_checkpoint_origin(new_cp));
		goto done;
	}
	ds_checkpoint_root(&old_root, old_cp);
	ds_checkpoint_root(&new_root, new_cp);
	if (ds_merkle_verify_consistency(ds_key_hash_alg(key), ds_checkpoint_size(old_cp), ds_checkpoint_size(new_cp),
					 &old_root, &new_root, proof, count) < 0) {
		cli_library_error("log");
		goto done;
	}
	printf("ok: the tree of size %" PRIu64 " extends the tree of size %" PRIu64 "\n", ds_checkpoint_size(new_cp),
	       ds_checkpoint_size(old_cp));
	status = CLI_EXIT_OK;
done:
	ds_checkpoint_free(old_cp);
	ds_checkpoint_free(new_cp);
	free(proof);
	return status;
}

int cmd_log(int argc, char **argv)
{
	cli_args args;
	log_request q;
	const char *value, *sub;
	char **operands;
	ds_key *key = NULL;
	int opt, status;

	memset(&q, 0, sizeof q);
	cli_args_init(&args, "log", log_options, argc, argv);
	while ((opt = cli_next(&args, &value)) != CLI_DONE) {
		switch (opt) {
		case CLI_HELP: print_help(); return CLI_EXIT_OK;
		case CLI_USAGE: return CLI_EXIT_USAGE;
		case OPT_KEY: q.key = value; break;
		case OPT_CHECKPOINT: q.checkpoint = value; break;
		case OPT_INDEX: q.index = value; break;
		case OPT_ENTRY: q.entry = value; break;
		case OPT_LEAF_HASH: q.leaf_hash = value; break;
		case OPT_PROOF: q.proof = value; break;
		case OPT_OLD: q.old_head = value; break;
		case OPT_NEW: q.new_head = value; break;
		}
	}
	operands = cli_operands(&args);
	if (args.operand_count == 0)
		return cli_usage_error("log",
				       "missing subcommand (verify-checkpoint, verify-inclusion, verify-consistency)");
	sub = operands[0];
	if (!q.key)
		return cli_usage_error("log", "%s needs --key PUB.pem", sub);
	if (strcmp(sub, "verify-checkpoint") == 0) {
		if (args.operand_count != 2)
			return cli_usage_error("log", "verify-checkpoint needs exactly one FILE");
	} else if (strcmp(sub, "verify-inclusion") == 0) {
		if (args.operand_count != 1 || !q.checkpoint || !q.index || !q.proof || !q.entry == !q.leaf_hash)
			return cli_usage_error("log",
					       "verify-inclusion needs --checkpoint, --index, --proof and one of "
					       "--entry or --leaf-hash");
	} else if (strcmp(sub, "verify-consistency") == 0) {
		if (args.operand_count != 1 || !q.old_head || !q.new_head || !q.proof)
			return cli_usage_error("log", "verify-consistency needs --old, --new and --proof");
	} else {
		return cli_usage_error("log", "unknown subcommand '%s'", sub);
	}
	if (!(key = trust_load_key("log", q.key)))
		return CLI_EXIT_FAILURE;
	if (strcmp(sub, "verify-checkpoint") == 0)
		status = verify_checkpoint(operands[1], key);
	else if (strcmp(sub, "verify-inclusion") == 0)
		status = verify_inclusion(&q, key);
	else
		status = verify_consistency(&q, key);
	ds_key_free(key);
	return status;
}
