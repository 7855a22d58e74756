/*
 * datasset cert: verify a 登记凭证 offline with the registry's public key.
 * SPDX-License-Identifier: MIT
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <datasset/datasset.h>

#include "cli.h"
#include "print_cli.h"
#include "trust_cli.h"

enum { OPT_KEY = 1, OPT_CHECKPOINT, OPT_PROOF, OPT_DB, OPT_OUT, OPT_QR };

static const cli_option cert_options[] = { { "key", 1, OPT_KEY },
					   { "checkpoint", 1, OPT_CHECKPOINT },
					   { "proof", 1, OPT_PROOF },
					   { "db", 1, OPT_DB },
					   { "out", 1, OPT_OUT },
					   { "qr", 1, OPT_QR },
					   { NULL, 0, 0 } };

static void print_help(void)
{
	fputs(_("Usage: datasset cert verify FILE --key PUB.pem [--checkpoint NEWER --proof PROOF]\n"
		"       datasset cert verify --qr PAYLOAD_OR_IMAGE --key PUB.pem [FILE]\n"
		"       datasset cert print FILE --out FILE.pdf\n"
		"       datasset cert show FILE\n"
		"       datasset cert issue ID [--out FILE] [--db PATH]\n"
		"       datasset cert cancellation ID [--out FILE] [--db PATH]\n"
		"\n"
		"issue: write the signed certificate (登记凭证) of registration ID, which the\n"
		"registry issued, logged and signed when ID reached 'registered' (the same\n"
		"document as 'datasset registry certificate ID'), to stdout or FILE.\n"
		"\n"
		"cancellation: write the signed cancellation record (注销) of registration ID,\n"
		"issued when it was cancelled (ID may also be the 注销登记 that cancelled it).\n"
		"--db defaults to $DATASSET_DB, else ./registry.db.\n"
		"\n"
		"print: the certificate on one A4 page (PDF): title by kind, number,\n"
		"registrant, rights, object, dates in 大写, registry and key, and a QR code\n"
		"holding the verification payload DSC1:NUMBER:ALG:DIGEST:KEYID:INDEX:SIZE:ROOT.\n"
		"Needs a build with PDF support (cairo, pango, libqrencode).\n"
		"\n"
		"verify --qr: check a printed certificate's QR payload with the registry's key\n"
		"and, given FILE, against the certificate (every check of verify, then the\n"
		"payload's number, digest, key and log position). PAYLOAD_OR_IMAGE is the\n"
		"payload text, a file holding it, or an image of the code, which is decoded\n"
		"by running zbarimg (Debian: zbar-tools) when it is on PATH; without it, pass\n"
		"the text (any QR reader shows it).\n"
		"\n"
		"show: print the certificate's fields, one per line (it checks the structure\n"
		"against the schema but verifies nothing else: use verify for that).\n"
		"\n"
		"verify: "
		"check a certificate (urn:datasset:certificate:1) offline with the registry's\n"
		"public key: structure, number and credit-code check characters, fingerprints,\n"
		"dates, the key named, the signature over the exclusive-C14N form, the signed\n"
		"checkpoint and the inclusion proof of the certificate's log entry (a\n"
		"cancellation record: the same, without fingerprints). With a newer\n"
		"checkpoint and the consistency proof from the certificate's tree to it, also\n"
		"that the log was only appended to since. Prints one line per check.\n"
		"\n"
		"Options:\n"
		"  --key PUB.pem       the registry's public key (PEM)\n"
		"  --checkpoint FILE   a newer signed tree head (C2SP checkpoint)\n"
		"  --proof FILE        its consistency proof: one hex hash per line\n"
		"  --qr PAYLOAD        verify: the QR payload, a file holding it, or its image\n"
		"  --out FILE          issue, cancellation: write the document to FILE;\n"
		"                      print: the PDF to write (required)\n"
		"  --db PATH           issue, cancellation: the registry database\n"
		"  -h, --help          show this help\n"
		"\n"
		"Exit status: 0 every check passed, 1 a check failed or a file is unreadable,\n"
		"2 usage error.\n"
		"\n"
		"Examples (certificate.xml and registry.pub.pem as the examples of\n"
		"'datasset registry --help' write them):\n"
		"  datasset cert show certificate.xml\n"
		"  datasset cert verify certificate.xml --key registry.pub.pem\n"
		"  datasset cert issue 1 --out certificate-1.xml\n"),
	      stdout);
}

static int verify(const char *path, const char *key_path, const char *checkpoint_path, const char *proof_path)
{
	ds_certificate_newer_head newer = { NULL, NULL, 0 };
	ds_certificate_report *report = NULL;
	ds_hash *proof = NULL;
	ds_key *key = NULL;
	char *xml = NULL, *checkpoint = NULL, *text = NULL;
	size_t len = 0, checkpoint_len = 0;
	int status = CLI_EXIT_FAILURE, rc;

	if (!(xml = trust_read_file("cert", path, &len)) || !(key = trust_load_key("cert", key_path)))
		goto done;
	if (checkpoint_path) {
		if (!(checkpoint = trust_read_file("cert", checkpoint_path, &checkpoint_len)) ||
		    trust_read_proof("cert", proof_path, &proof, &newer.proof_len) < 0)
			goto done;
		newer.checkpoint = checkpoint;
		newer.consistency_proof = proof;
	}
	rc = ds_certificate_verify(&report, xml, len, key, checkpoint_path ? &newer : NULL);
	if (rc != DS_OK && rc != DS_EVERIFY) {
		cli_library_error("cert");
		goto done;
	}
	if (ds_certificate_report_to_text(&text, report) < 0) {
		cli_library_error("cert");
		goto done;
	}
	fputs(text, stdout);
	if (rc == DS_OK)
		status = CLI_EXIT_OK;
	else
		cli_error("cert", "%s: %s", path, ds_error_last()->message);
done:
	ds_free(text);
	ds_certificate_report_free(report);
	ds_key_free(key);
	free(xml);
	free(checkpoint);
	free(proof);
	return status;
}

static int show(const char *path)
{
	ds_certificate *cert = NULL;
	char *xml = NULL, *text = NULL;
	size_t len = 0;
	int status = CLI_EXIT_FAILURE;

	if (!(xml = trust_read_file("cert", path, &len)))
		goto done;
	if (ds_certificate_parse(&cert, xml, len) < 0 || ds_certificate_summary(&text, cert) < 0) {
		cli_error("cert", "%s: %s", path, ds_error_last()->message);
		goto done;
	}
	fputs(text, stdout);
	status = CLI_EXIT_OK;
done:
	ds_free(text);
	ds_certificate_free(cert);
	free(xml);
	return status;
}

/* issue / cancellation: the registry's signed document of registration @id_text. */
static int fetch(const char *sub, const char *id_text, const char *db, const char *out_path)
{
	const char *path = cli_db_path(db);
	ds_registry *reg = NULL;
	char *xml = NULL, *end = NULL;
	FILE *out = stdout;
	long long id;
	int status = CLI_EXIT_FAILURE, cancellation = strcmp(sub, "cancellation") == 0;

	id = strtoll(id_text, &end, 10);
	if (!*id_text || *end || id < 1)
		return cli_usage_error("cert", _("%s: '%s' is not a registration ID"), sub, id_text);
	if (ds_registry_open(&reg, path, NULL) < 0 ||
	    (cancellation ? ds_registry_cancellation(&xml, reg, id) : ds_registry_certificate(&xml, reg, id)) < 0) {
		cli_library_error("cert");
		goto done;
	}
	if (out_path && !(out = fopen(out_path, "wb"))) {
		cli_error("cert", _("cannot write '%s'"), out_path);
		goto done;
	}
	fputs(xml, out);
	if (out != stdout && fclose(out) != 0)
		cli_error("cert", _("cannot write '%s'"), out_path);
	else
		status = CLI_EXIT_OK;
done:
	ds_free(xml);
	ds_registry_free(reg);
	return status;
}

int cmd_cert(int argc, char **argv)
{
	cli_args args;
	const char *value, *key = NULL, *checkpoint = NULL, *proof = NULL, *db = NULL, *out = NULL, *qr = NULL;
	char **operands;
	int opt;

	cli_args_init(&args, "cert", cert_options, argc, argv);
	while ((opt = cli_next(&args, &value)) != CLI_DONE) {
		switch (opt) {
		case CLI_HELP: print_help(); return CLI_EXIT_OK;
		case CLI_USAGE: return CLI_EXIT_USAGE;
		case OPT_KEY: key = value; break;
		case OPT_CHECKPOINT: checkpoint = value; break;
		case OPT_PROOF: proof = value; break;
		case OPT_DB: db = value; break;
		case OPT_OUT: out = value; break;
		case OPT_QR: qr = value; break;
		}
	}
	operands = cli_operands(&args);
	if (args.operand_count == 0)
		return cli_usage_error("cert", _("missing subcommand (verify, print, show, issue, cancellation)"));
	if (strcmp(operands[0], "issue") == 0 || strcmp(operands[0], "cancellation") == 0) {
		if (args.operand_count != 2 || key || checkpoint || proof || qr)
			return cli_usage_error("cert", _("%s takes one registration ID and only --out, --db"),
					       operands[0]);
		return fetch(operands[0], operands[1], db, out);
	}
	if (strcmp(operands[0], "print") == 0) {
		if (args.operand_count != 2 || !out || key || checkpoint || proof || db || qr)
			return cli_usage_error("cert", _("print takes exactly one FILE and --out FILE.pdf"));
		return cert_print(operands[1], out);
	}
	if (db || out)
		return cli_usage_error("cert", _("--db and --out go with issue, cancellation and print"));
	if (strcmp(operands[0], "show") == 0) {
		if (args.operand_count != 2 || key || checkpoint || proof || qr)
			return cli_usage_error("cert", _("show takes exactly one FILE and no options"));
		return show(operands[1]);
	}
	if (strcmp(operands[0], "verify") != 0)
		return cli_usage_error("cert", _("unknown subcommand '%s' (verify, print, show, issue, cancellation)"),
				       operands[0]);
	if (qr) {
		if (args.operand_count > 2 || !key || checkpoint || proof)
			return cli_usage_error("cert", _("verify --qr needs --key PUB.pem and at most one FILE"));
		return cert_verify_qr(qr, key, args.operand_count == 2 ? operands[1] : NULL);
	}
	if (args.operand_count != 2)
		return cli_usage_error("cert", _("verify needs exactly one FILE"));
	if (!key)
		return cli_usage_error("cert", _("verify needs --key PUB.pem"));
	if ((checkpoint != NULL) != (proof != NULL))
		return cli_usage_error("cert", _("--checkpoint and --proof go together"));
	return verify(operands[1], key, checkpoint, proof);
}
