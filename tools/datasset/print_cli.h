/*
 * The printed documents on the command line (issue 23): `cert print`,
 * `cert verify --qr` and `ledger vouchers` (print_cli.c).
 * SPDX-License-Identifier: MIT
 */
#ifndef DS_PRINT_CLI_H
#define DS_PRINT_CLI_H

/* cert print FILE --out PDF: the certificate on one A4 page with its QR code. */
int cert_print(const char *path, const char *out_path);

/* cert verify --qr PAYLOAD_OR_IMAGE --key PUB [FILE]: the QR payload (text, a
 * file holding it, or a PNG/JPEG image decoded by zbarimg) checked against the
 * key and, when given, the certificate. */
int cert_verify_qr(const char *qr, const char *key_path, const char *cert_path);

/* ledger vouchers BOOK.xml [--period P] --out PDF [--preparer NAME] [--reviewer NAME]. */
int ledger_vouchers(int argc, char **argv);

/* --period "YYYY" or "YYYY-MM..YYYY-MM" into @start and @end (16 bytes each;
 * cmd_ledger.c). 0, or -1 when it is neither. */
int ledger_parse_period(const char *text, char *start, char *end);

#endif
