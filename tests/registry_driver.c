/*
 * Driver for tests/registry_oracle.py: reads commands on stdin, one per line,
 * fields separated by tabs, and answers each on stdout through the public API.
 *   uscc CODE                      → "ok NORMAL" or "err CODE COLUMN"
 *   check NUMBER                   → "ok" or "err CODE COLUMN"
 *   open DB CALENDAR               → "ok" (create a registry, load the calendar)
 *   wd DATE N                      → "ok DATE" or "err CODE"
 *   subject CODE NAME              → "ok"
 *   product SUBJECT DATE           → "ok ID CERTIFICATE" (applied and registered that day, publicity waived to 1 day)
 *   trade SELLER BUYER ID AMOUNT DATE VENUE VOUCHER → "ok ID" or "err CODE"
 *   export FROM TO                 → the document, then a line "."
 * SPDX-License-Identifier: MIT
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <datasset/datasset.h>

#define MAX_FIELDS 10

static ds_registry *reg;

static int64_t unix_days(const char *date)
{
	int y, m, d;
	long era, yoe, doy, doe;
	if (sscanf(date, "%d-%d-%d", &y, &m, &d) != 3)
		return 0;
	y -= m <= 2;
	era = y / 400;
	yoe = y - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

static void err(int rc)
{
	printf("err %s %d\n", ds_strerror(rc), ds_error_last()->column);
}

static int product(const char *subject, const char *date)
{
	ds_registration_request req = DS_REGISTRATION_REQUEST_INIT;
	ds_transition_request t = DS_TRANSITION_REQUEST_INIT;
	static const ds_reg_state steps[] = { DS_STATE_ACCEPTED, DS_STATE_REVIEW, DS_STATE_PUBLICITY };
	ds_registration *r = NULL;
	int64_t id, day = unix_days(date) * 86400 - 8 * 3600;
	size_t i;
	int rc;
	req.subject = subject;
	req.kind = DS_REG_PRODUCT;
	req.right = DS_RIGHT_OPERATING;
	req.entry_xml =
		"<resource xmlns='urn:datasset:catalog:1'><identifier>P</identifier><title>产品</title></resource>";
	req.at = day - 86400 * 30;
	if ((rc = ds_registry_apply(&id, reg, &req)) < 0)
		return rc;
	t.actor = "oracle";
	t.reason = "oracle";
	t.at = req.at;
	for (i = 0; i < 3; i++)
		if ((rc = ds_registry_advance(reg, id, steps[i], &t)) < 0)
			return rc;
	t.at = day + 12 * 3600;
	if ((rc = ds_registry_advance(reg, id, DS_STATE_REGISTERED, &t)) < 0 || (rc = ds_registry_get(&r, reg, id)) < 0)
		return rc;
	printf("ok %lld %s\n", (long long)id, r->certificate);
	ds_free(r);
	return DS_OK;
}

int main(void)
{
	char line[4096], *fields[MAX_FIELDS], *p, *normal = NULL, *xml = NULL;
	ds_registry_options opts = DS_REGISTRY_OPTIONS_INIT;
	int n, rc;

	opts.synchronous = DS_REGISTRY_SYNC_NORMAL;
	opts.publicity_days = 1;
	while (fgets(line, sizeof line, stdin)) {
		line[strcspn(line, "\n")] = '\0';
		for (n = 0, p = line; n < MAX_FIELDS; n++) {
			fields[n] = p;
			if (!(p = strchr(p, '\t'))) {
				n++;
				break;
			}
			*p++ = '\0';
		}
		if (strcmp(fields[0], "uscc") == 0 && n == 2) {
			if ((rc = ds_uscc_normalize(&normal, fields[1])) < 0)
				err(rc);
			else
				printf("ok %s\n", normal);
			ds_free(normal);
			normal = NULL;
		} else if (strcmp(fields[0], "check") == 0 && n == 2) {
			if ((rc = ds_certificate_number_check(fields[1])) < 0)
				err(rc);
			else
				puts("ok");
		} else if (strcmp(fields[0], "open") == 0 && n == 3) {
			/* A signing key: registering issues a signed certificate, and is refused without one. */
			if ((rc = ds_registry_create(&reg, fields[1], "oracle", "370100", &opts)) < 0 ||
			    (rc = ds_registry_key_generate(NULL, reg, DS_SIG_ED25519)) < 0 ||
			    (rc = ds_registry_load_calendar(NULL, reg, fields[2])) < 0) {
				fprintf(stderr, "registry_driver: %s\n", ds_error_last()->message);
				return 1;
			}
			puts("ok");
		} else if (strcmp(fields[0], "wd") == 0 && n == 3) {
			char out[11];
			if ((rc = ds_registry_add_working_days(out, reg, fields[1], atoi(fields[2]))) < 0)
				err(rc);
			else
				printf("ok %s\n", out);
		} else if (strcmp(fields[0], "subject") == 0 && n == 3) {
			if ((rc = ds_registry_subject_add(reg, fields[1], fields[2], DS_SUBJECT_UNSPECIFIED)) < 0)
				err(rc);
			else
				puts("ok");
		} else if (strcmp(fields[0], "product") == 0 && n == 3) {
			if ((rc = product(fields[1], fields[2])) < 0)
				err(rc);
		} else if (strcmp(fields[0], "trade") == 0 && n == 8) {
			ds_trade_request t = DS_TRADE_REQUEST_INIT;
			ds_decimal *amount = NULL;
			int64_t id = 0;
			if ((rc = ds_decimal_new(&amount)) == DS_OK &&
			    (rc = ds_decimal_parse(amount, fields[4], 0)) == DS_OK) {
				t.seller = fields[1];
				t.buyer = fields[2];
				t.registration = atoll(fields[3]);
				t.amount = amount;
				t.date = fields[5];
				t.venue = strcmp(fields[6], "on") == 0 ? DS_VENUE_ON : DS_VENUE_OFF;
				t.voucher = fields[7];
				rc = ds_registry_trade_add(&id, reg, &t);
			}
			if (rc < 0)
				err(rc);
			else
				printf("ok %lld\n", (long long)id);
			ds_decimal_free(amount);
		} else if (strcmp(fields[0], "export") == 0 && n == 3) {
			if ((rc = ds_registry_export_applications(&xml, reg, fields[1], fields[2])) < 0)
				err(rc);
			else
				printf("%s.\n", xml);
			ds_free(xml);
			xml = NULL;
		} else {
			fprintf(stderr, "registry_driver: bad command '%s'\n", fields[0]);
			return 2;
		}
		fflush(stdout);
	}
	ds_registry_free(reg);
	return 0;
}
