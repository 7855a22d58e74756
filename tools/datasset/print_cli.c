/*
 * The printed documents on the command line: `datasset cert print`,
 * `datasset cert verify --qr` and `datasset ledger vouchers`.
 * SPDX-License-Identifier: MIT
 */
#define _POSIX_C_SOURCE 200809L /* strdup, posix_spawnp, pipe, waitpid */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <datasset/datasset.h>

#include "cli.h"
#include "print_cli.h"
#include "trust_cli.h"

extern char **environ;

/* Write @len bytes to a new file @path. 0, or -1 after reporting. */
static int write_file(const char *command, const char *path, const unsigned char *data, size_t len)
{
	FILE *f = fopen(path, "wb");
	int bad;

	if (!f) {
		cli_error(command, "cannot write '%s': %s", path, strerror(errno));
		return -1;
	}
	bad = fwrite(data, 1, len, f) != len;
	if (fclose(f) != 0)
		bad = 1;
	if (bad) {
		cli_error(command, "cannot write '%s'", path);
		return -1;
	}
	return 0;
}

int cert_print(const char *path, const char *out_path)
{
	ds_certificate *cert = NULL;
	unsigned char *pdf = NULL;
	char *xml = NULL;
	size_t len = 0, pdf_len = 0;
	int status = CLI_EXIT_FAILURE;

	if (!(xml = trust_read_file("cert", path, &len)))
		goto done;
	if (ds_certificate_parse(&cert, xml, len) < 0) {
		cli_error("cert", "%s: %s", path, ds_error_last()->message);
		goto done;
	}
	if (ds_certificate_print_pdf(&pdf, &pdf_len, cert, NULL) < 0) {
		cli_error("cert", "%s: %s", path, ds_error_last()->message);
		goto done;
	}
	if (write_file("cert", out_path, pdf, pdf_len) == 0)
		status = CLI_EXIT_OK;
done:
	ds_free(pdf);
	ds_certificate_free(cert);
	free(xml);
	return status;
}

/* The QR code of image @path decoded by zbarimg (zbar-tools), run with a fixed
 * argument vector and no shell. NULL after reporting why (not installed, no
 * code, more than one). */
static char *decode_image(const char *path)
{
	char buf[4096], *result = NULL;
	char *argv[] = { "zbarimg", "--quiet", "--raw", "-Sdisable", "-Sqrcode.enable", NULL, NULL };
	char *safe_path = NULL;
	posix_spawn_file_actions_t actions;
	pid_t pid;
	int fds[2], rc, wstatus = 0;
	size_t used = 0;
	ssize_t n;

	/* zbarimg would read a path starting with '-' as an option. */
	if (path[0] == '-') {
		if (!(safe_path = malloc(strlen(path) + 3)))
			return NULL;
		sprintf(safe_path, "./%s", path);
	}
	argv[5] = safe_path ? safe_path : (char *)path;
	if (pipe(fds) != 0) {
		cli_error("cert", "cannot run zbarimg: %s", strerror(errno));
		free(safe_path);
		return NULL;
	}
	posix_spawn_file_actions_init(&actions);
	posix_spawn_file_actions_adddup2(&actions, fds[1], STDOUT_FILENO);
	posix_spawn_file_actions_addclose(&actions, fds[0]);
	posix_spawn_file_actions_addclose(&actions, fds[1]);
	/* zbarimg's libraries chatter on stderr (D-Bus, ImageMagick); its exit status says enough. */
	posix_spawn_file_actions_addopen(&actions, STDERR_FILENO, "/dev/null", O_WRONLY, 0);
	rc = posix_spawnp(&pid, "zbarimg", &actions, NULL, argv, environ);
	posix_spawn_file_actions_destroy(&actions);
	close(fds[1]);
	if (rc != 0) {
		close(fds[0]);
		free(safe_path);
		cli_error("cert",
			  "'%s' is a file, so it is read as an image of the QR code; that needs the program zbarimg "
			  "(Debian: zbar-tools), which could not be run (%s). Pass the payload text instead "
			  "(DSC1:...; any QR reader shows it)",
			  path, strerror(rc));
		return NULL;
	}
	while ((n = read(fds[0], buf + used, sizeof buf - 1 - used)) > 0)
		used += (size_t)n;
	/* Drain what does not fit: a payload is far shorter. */
	while (n > 0 || (n < 0 && errno == EINTR)) {
		char sink[512];
		n = read(fds[0], sink, sizeof sink);
	}
	close(fds[0]);
	while (waitpid(pid, &wstatus, 0) < 0 && errno == EINTR)
		;
	free(safe_path);
	buf[used] = '\0';
	if (!WIFEXITED(wstatus) || (WEXITSTATUS(wstatus) != 0 && WEXITSTATUS(wstatus) != 4)) {
		cli_error("cert", "zbarimg could not read '%s' as an image (exit status %d)", path,
			  WIFEXITED(wstatus) ? WEXITSTATUS(wstatus) : -1);
		return NULL;
	}
	if (used == 0) {
		cli_error("cert", "zbarimg found no QR code in '%s'", path);
		return NULL;
	}
	if (used > 0 && buf[used - 1] == '\n')
		buf[--used] = '\0';
	if (strchr(buf, '\n')) {
		cli_error("cert", "'%s' holds more than one QR code: crop it to the certificate's", path);
		return NULL;
	}
	if (!(result = strdup(buf)))
		cli_error("cert", "out of memory");
	return result;
}

/* The payload named by @qr: a file holding the payload text, an image, or the text itself. */
static char *payload_of(const char *qr)
{
	FILE *f = fopen(qr, "rb");
	char head[8] = "";
	size_t n, len = 0;

	if (!f)
		return strdup(qr);
	n = fread(head, 1, 4, f);
	fclose(f);
	if (n == 4 && memcmp(head, "DSC", 3) == 0) {
		char *text = trust_read_file("cert", qr, &len);
		return text;
	}
	return decode_image(qr);
}

int cert_verify_qr(const char *qr, const char *key_path, const char *cert_path)
{
	ds_certificate_report *report = NULL;
	ds_key *key = NULL;
	char *payload = NULL, *xml = NULL, *text = NULL;
	size_t xml_len = 0;
	int status = CLI_EXIT_FAILURE, rc;

	if (!(payload = payload_of(qr)) || !(key = trust_load_key("cert", key_path)))
		goto done;
	if (cert_path && !(xml = trust_read_file("cert", cert_path, &xml_len)))
		goto done;
	rc = ds_certificate_verify_payload(&report, payload, strlen(payload), key, xml, xml_len);
	if (rc != DS_OK && rc != DS_EVERIFY) {
		cli_library_error("cert");
		goto done;
	}
	if (ds_certificate_report_to_text(&text, report) < 0) {
		cli_library_error("cert");
		goto done;
	}
	fputs(text, stdout);
	if (rc == DS_OK) {
		status = CLI_EXIT_OK;
		if (!cert_path)
			fputs("note: without the certificate only the payload's form and key were checked; give the "
			      "certificate FILE to check the number, digest and log position\n",
			      stdout);
	} else {
		const ds_error *e = ds_error_last();
		if (e->field)
			cli_error("cert", "%s (field %s)", e->message, e->field);
		else
			cli_error("cert", "%s", e->message);
	}
done:
	ds_free(text);
	ds_certificate_report_free(report);
	ds_key_free(key);
	free(payload);
	free(xml);
	return status;
}

/* ---------------------------------------------------------------- vouchers */

enum { OPT_PERIOD = 1, OPT_OUT, OPT_PREPARER, OPT_REVIEWER };

static const cli_option voucher_options[] = { { "period", 1, OPT_PERIOD },
					      { "out", 1, OPT_OUT },
					      { "preparer", 1, OPT_PREPARER },
					      { "reviewer", 1, OPT_REVIEWER },
					      { NULL, 0, 0 } };

static void vouchers_help(void)
{
	fputs("Usage: datasset ledger vouchers FILE.xml [--period PERIOD] --out FILE.pdf\n"
	      "                [--preparer NAME] [--reviewer NAME]\n"
	      "\n"
	      "Print the journal entries of a ledger document (urn:datasset:ledger:1) for a\n"
	      "period as 记账凭证, one A4 page each: 记字第 N 号 (from 1 in each month), the\n"
	      "date, 摘要, the accounts with their debit and credit amounts, 合计 in figures\n"
	      "and in 大写, 附件张数 (0 for a month's amortisation, 1 for an entry posted from\n"
	      "a document) and the 会计主管 / 记账 / 审核 / 制单 lines.\n"
	      "  --period YYYY            a calendar year; or YYYY-MM..YYYY-MM (both months included);\n"
	      "                           default: the period the document names, if it names one\n"
	      "  --out FILE.pdf           where to write the PDF (required)\n"
	      "  --preparer NAME          the name on the 制单 line (default: a blank line)\n"
	      "  --reviewer NAME          the name on the 审核 line (default: a blank line)\n"
	      "\n"
	      "Needs a library built with PDF support (cairo, pango, libqrencode); otherwise\n"
	      "it fails saying so.\n"
	      "\n"
	      "Exit status: 0 written, 1 failure, 2 usage error.\n",
	      stdout);
}

int ledger_vouchers(int argc, char **argv)
{
	cli_args args;
	ds_pdf_options opts = DS_PDF_OPTIONS_INIT;
	ds_ledger *book = NULL;
	ds_ledger_report *report = NULL;
	unsigned char *pdf = NULL;
	size_t pdf_len = 0;
	const char *value, *period = NULL, *out = NULL, *first, *last;
	char start[16] = "", end[16] = "";
	int opt, status = CLI_EXIT_FAILURE;

	cli_args_init(&args, "ledger", voucher_options, argc, argv);
	while ((opt = cli_next(&args, &value)) != CLI_DONE) {
		switch (opt) {
		case CLI_HELP: vouchers_help(); return CLI_EXIT_OK;
		case CLI_USAGE: return CLI_EXIT_USAGE;
		case OPT_PERIOD:
			period = value;
			if (ledger_parse_period(value, start, end) < 0)
				return cli_usage_error("ledger", "--period must be YYYY or YYYY-MM..YYYY-MM, not '%s'",
						       value);
			break;
		case OPT_OUT: out = value; break;
		case OPT_PREPARER: opts.preparer = value; break;
		case OPT_REVIEWER: opts.reviewer = value; break;
		}
	}
	if (args.operand_count != 1)
		return args.operand_count ?
			       cli_usage_error("ledger", "vouchers: expected one FILE, got %d", args.operand_count) :
			       cli_usage_error("ledger", "vouchers: missing FILE");
	if (!out)
		return cli_usage_error("ledger", "vouchers needs --out FILE.pdf");
	if (!ds_pdf_supported()) {
		cli_error("ledger", "vouchers: this datasset was built without PDF support (cairo, pango, "
				    "libqrencode): reconfigure with them installed");
		return CLI_EXIT_FAILURE;
	}
	if (ds_ledger_load(&book, cli_operands(&args)[0]) < 0) {
		status = cli_library_error("ledger");
		goto done;
	}
	if (!period) {
		if (ds_ledger_period_count(book) != 1) {
			cli_error("ledger", "%s names %zu reporting periods: choose one with --period",
				  cli_operands(&args)[0], ds_ledger_period_count(book));
			goto done;
		}
		ds_ledger_period_at(&first, &last, book, 0);
		snprintf(start, sizeof start, "%s", first);
		snprintf(end, sizeof end, "%s", last);
	}
	opts.entity = ds_ledger_entity(book);
	if (ds_ledger_report_new(&report, book, start, end) < 0 ||
	    ds_ledger_write_vouchers_pdf(&pdf, &pdf_len, report, &opts) < 0) {
		status = cli_library_error("ledger");
		goto done;
	}
	if (write_file("ledger", out, pdf, pdf_len) == 0) {
		printf("%zu vouchers written to %s\n", ds_ledger_report_entry_count(report), out);
		status = CLI_EXIT_OK;
	}
done:
	ds_free(pdf);
	ds_ledger_report_free(report);
	ds_ledger_free(book);
	return status;
}
