/*
 * datasset log: check signed tree heads (C2SP checkpoints), inclusion proofs
 * and consistency proofs of a transparency log offline.
 * SPDX-License-Identifier: MIT
 */
#include "config.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <datasset/datasset.h>

#include "cli.h"
#include "trust_cli.h"

enum {
	OPT_KEY = 1,
	OPT_CHECKPOINT,
	OPT_INDEX,
	OPT_ENTRY,
	OPT_LEAF_HASH,
	OPT_PROOF,
	OPT_OLD,
	OPT_NEW,
	OPT_DB,
	OPT_SIZE,
	OPT_OUT
};

static const cli_option log_options[] = { { "key", 1, OPT_KEY },
					  { "checkpoint", 1, OPT_CHECKPOINT },
					  { "index", 1, OPT_INDEX },
					  { "entry", 1, OPT_ENTRY },
					  { "leaf-hash", 1, OPT_LEAF_HASH },
					  { "proof", 1, OPT_PROOF },
					  { "old", 1, OPT_OLD },
					  { "new", 1, OPT_NEW },
					  { "db", 1, OPT_DB },
					  { "size", 1, OPT_SIZE },
					  { "out", 1, OPT_OUT },
					  { NULL, 0, 0 } };

static void print_help(void)
{
	fputs(_("Usage: datasset log head [--out FILE] [--db PATH]\n"
		"       datasset log proof INDEX [--size N] [--db PATH]\n"
		"       datasset log consistency OLD_SIZE NEW_SIZE [--db PATH]\n"
		"       datasset log verify [--db PATH]\n"
		"       datasset log verify-checkpoint FILE --key PUB.pem\n"
		"       datasset log verify-inclusion --key PUB.pem --checkpoint FILE --index N\n"
		"                                     (--entry FILE | --leaf-hash HEX) --proof FILE\n"
		"       datasset log verify-consistency --key PUB.pem --old FILE --new FILE --proof FILE\n"
		"\n"
		"Check a transparency log's evidence offline (RFC 9162 hashing with SHA-256, or\n"
		"SM3 for an SM2 key). A checkpoint is a C2SP signed note whose signature line\n"
		"carries the key name given by its origin line; proofs are one hex hash per line.\n"
		"\n"
		"  head                print a signed checkpoint of the registry's log now; --out\n"
		"                      writes it to FILE atomically (for a scheduled publisher)\n"
		"                      (--db defaults to $DATASSET_DB, else ./registry.db)\n"
		"  proof               print the leaf hash of entry INDEX, then its inclusion proof\n"
		"                      in the tree of size N (default: the current size), one\n"
		"                      hex hash per line (\"leaf HEX\" first, then the proof)\n"
		"  consistency         print the consistency proof between two tree sizes\n"
		"  verify              recompute the log from the registry's events and compare\n"
		"                      every stored node: names the first edited entry\n"
		"  verify-checkpoint   check the signature; print the origin, size and root hash\n"
		"  verify-inclusion    check that entry N (its bytes, or its leaf hash) is in the\n"
		"                      tree the checkpoint signs\n"
		"  verify-consistency  check that the NEW tree extends the OLD one (append-only)\n"
		"\n"
		"Exit status: 0 verified, 1 not verified or a file is unreadable, 2 usage error.\n"
		"\n"
		"Examples (./registry.db and registry.pub.pem as the examples of\n"
		"'datasset registry --help' write them):\n"
		"  datasset log head > checkpoint.txt\n"
		"  datasset log verify-checkpoint checkpoint.txt --key registry.pub.pem\n"
		"  datasset log proof 0\n"
		"  datasset log verify\n"),
	      stdout);
}

typedef struct log_request {
	const char *key, *checkpoint, *index, *entry, *leaf_hash, *proof, *old_head, *new_head, *db, *size, *out;
} log_request;

/* ---------------------------------------------------------------- the registry's log (--db) */

static int print_hash(const char *label, const ds_hash *hash);

static int parse_count(const char *text, const char *what, uint64_t *out)
{
	char *end;
	unsigned long long v;

	if (!text || !*text || text[0] == '-' || text[0] == '+') {
		cli_usage_error("log", _("%s must be a non-negative integer, not '%s'"), what, text ? text : "");
		return -1;
	}
	errno = 0;
	v = strtoull(text, &end, 10);
	if (*end || errno) {
		cli_usage_error("log", _("%s must be a non-negative integer, not '%s'"), what, text);
		return -1;
	}
	*out = v;
	return 0;
}

static int print_proof(const ds_hash *proof, size_t count)
{
	size_t i;
	char *hex = NULL;

	for (i = 0; i < count; i++) {
		if (ds_hash_to_hex(&hex, &proof[i]) < 0)
			return cli_library_error("log");
		printf("%s\n", hex);
		ds_free(hex);
	}
	return CLI_EXIT_OK;
}

/* @text into @path through PATH.tmp and rename(): a reader (a publisher, a
 * witness) sees the old head or the new one, never half of one. */
static int write_atomic(const char *path, const char *text)
{
	size_t n = strlen(path) + 5, len = strlen(text);
	char *tmp = malloc(n);
	FILE *f;
	int ok;

	if (!tmp) {
		cli_error("log", _("out of memory"));
		return -1;
	}
	snprintf(tmp, n, "%s.tmp", path);
	f = fopen(tmp, "w");
	ok = f && fwrite(text, 1, len, f) == len;
	if (f && fclose(f) != 0)
		ok = 0;
	if (ok && rename(tmp, path) != 0)
		ok = 0;
	if (!ok) {
		cli_error("log", _("cannot write '%s': %s"), path, strerror(errno));
		remove(tmp);
	}
	free(tmp);
	return ok ? 0 : -1;
}

static int registry_log(const char *sub, const log_request *q, char **operands, int count)
{
	const char *path = cli_db_path(q->db);
	ds_registry *reg = NULL;
	ds_translog *log = NULL;
	ds_hash *proof = NULL, leaf;
	size_t n = 0;
	uint64_t a = 0, b = 0, bad = 0;
	char *text = NULL;
	int status = CLI_EXIT_FAILURE;

	if (strcmp(sub, "head") == 0 || strcmp(sub, "verify") == 0) {
		if (count != 1)
			return cli_usage_error("log", _("%s takes no arguments"), sub);
	} else if (strcmp(sub, "proof") == 0) {
		if (count != 2)
			return cli_usage_error("log", _("proof needs exactly one INDEX"));
		if (parse_count(operands[1], "INDEX", &a) < 0 || (q->size && parse_count(q->size, "--size", &b) < 0))
			return CLI_EXIT_USAGE;
	} else {
		if (count != 3)
			return cli_usage_error("log", _("consistency needs OLD_SIZE and NEW_SIZE"));
		if (parse_count(operands[1], "OLD_SIZE", &a) < 0 || parse_count(operands[2], "NEW_SIZE", &b) < 0)
			return CLI_EXIT_USAGE;
	}
	if (ds_registry_open(&reg, path, NULL) < 0 || ds_registry_log(&log, reg) < 0) {
		cli_library_error("log");
		goto done;
	}
	if (strcmp(sub, "head") == 0) {
		if (ds_registry_log_head(&text, reg, (int64_t)time(NULL)) < 0) {
			cli_library_error("log");
			goto done;
		}
		if (q->out) {
			if (write_atomic(q->out, text) < 0)
				goto done;
		} else {
			fputs(text, stdout);
		}
		status = CLI_EXIT_OK;
	} else if (strcmp(sub, "verify") == 0) {
		if (ds_registry_log_verify(&bad, reg) < 0) {
			cli_library_error("log");
			goto done;
		}
		printf(_("ok: %" PRIu64 " entries match the registry's events\n"), ds_translog_size(log));
		status = CLI_EXIT_OK;
	} else if (strcmp(sub, "proof") == 0) {
		if (!q->size)
			b = ds_translog_size(log);
		if (ds_translog_leaf_hash(&leaf, log, a) < 0 ||
		    ds_translog_inclusion_proof(&proof, &n, log, a, b) < 0) {
			cli_library_error("log");
			goto done;
		}
		if ((status = print_hash("leaf", &leaf)) == CLI_EXIT_OK)
			status = print_proof(proof, n);
	} else {
		if (ds_translog_consistency_proof(&proof, &n, log, a, b) < 0) {
			cli_library_error("log");
			goto done;
		}
		status = print_proof(proof, n);
	}
done:
	ds_free(proof);
	ds_free(text);
	ds_registry_free(reg);
	return status;
}

/* Open a checkpoint file with @key under the name of its origin line. */
static ds_checkpoint *open_checkpoint(const char *path, const ds_key *key)
{
	ds_checkpoint *cp = NULL;
	size_t len = 0;
	char *text = trust_read_file("log", path, &len), *nl;

	if (!text)
		return NULL;
	if (!(nl = strchr(text, '\n'))) {
		cli_error("log", _("%s: not a checkpoint (no origin line)"), path);
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
		status = cli_usage_error("log", _("--index must be a non-negative integer, not '%s'"), q->index);
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
		status = cli_usage_error("log", _("--leaf-hash: %s"), ds_error_last()->message);
		goto done;
	}
	ds_checkpoint_root(&root, cp);
	if (ds_merkle_verify_inclusion(ds_key_hash_alg(key), index, ds_checkpoint_size(cp), &leaf, proof, count,
				       &root) < 0) {
		cli_library_error("log");
		goto done;
	}
	printf(_("ok: entry %llu is in the tree of size %" PRIu64 " signed by %s\n"), index, ds_checkpoint_size(cp),
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
		cli_error("log", _("the checkpoints are of different logs ('%s' and '%s')"),
			  ds_checkpoint_origin(old_cp), ds_checkpoint_origin(new_cp));
		goto done;
	}
	ds_checkpoint_root(&old_root, old_cp);
	ds_checkpoint_root(&new_root, new_cp);
	if (ds_merkle_verify_consistency(ds_key_hash_alg(key), ds_checkpoint_size(old_cp), ds_checkpoint_size(new_cp),
					 &old_root, &new_root, proof, count) < 0) {
		cli_library_error("log");
		goto done;
	}
	printf(_("ok: the tree of size %" PRIu64 " extends the tree of size %" PRIu64 "\n"), ds_checkpoint_size(new_cp),
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
		case OPT_DB: q.db = value; break;
		case OPT_SIZE: q.size = value; break;
		case OPT_OUT: q.out = value; break;
		}
	}
	operands = cli_operands(&args);
	if (args.operand_count == 0)
		return cli_usage_error(
			"log", _("missing subcommand (verify-checkpoint, verify-inclusion, verify-consistency)"));
	sub = operands[0];
	if (q.out && strcmp(sub, "head") != 0)
		return cli_usage_error("log", _("--out is for head only"));
	if (strcmp(sub, "head") == 0 || strcmp(sub, "proof") == 0 || strcmp(sub, "consistency") == 0 ||
	    strcmp(sub, "verify") == 0)
		return registry_log(sub, &q, operands, args.operand_count);
	if (!q.key)
		return cli_usage_error("log", _("%s needs --key PUB.pem"), sub);
	if (strcmp(sub, "verify-checkpoint") == 0) {
		if (args.operand_count != 2)
			return cli_usage_error("log", _("verify-checkpoint needs exactly one FILE"));
	} else if (strcmp(sub, "verify-inclusion") == 0) {
		if (args.operand_count != 1 || !q.checkpoint || !q.index || !q.proof || !q.entry == !q.leaf_hash)
			return cli_usage_error("log",
					       _("verify-inclusion needs --checkpoint, --index, --proof and one of "
						 "--entry or --leaf-hash"));
	} else if (strcmp(sub, "verify-consistency") == 0) {
		if (args.operand_count != 1 || !q.old_head || !q.new_head || !q.proof)
			return cli_usage_error("log", _("verify-consistency needs --old, --new and --proof"));
	} else {
		return cli_usage_error("log", _("unknown subcommand '%s'"), sub);
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
