/*
 * A line-oriented driver over the public ledger API, for the differential test
 * (tests/ledger_oracle.py) that recomputes every schedule with Python's fractions.
 *
 * Each input line is one asset, fields separated by single spaces:
 *   COST START MONTHS RESIDUAL DERECOGNISED UNITS IMPAIRMENTS
 * COST and RESIDUAL are yuan; START and DERECOGNISED are YYYY-MM ("-": none);
 * UNITS is "-" (straight-line) or comma-separated units of benefit;
 * IMPAIRMENTS is "-" or comma-separated DATE:RECOVERABLE.
 * The answer line is the charges and impairment losses in fen,
 * "c1,c2,...|i1,i2,...|true-up indexes", or "ERR <code name>".
 * Without impairments the stand-alone ds_ledger_schedule_new() must agree
 * with the book's ds_ledger_asset_schedule(); a disagreement prints "DIFF".
 * SPDX-License-Identifier: MIT
 */
#define _POSIX_C_SOURCE 200809L
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <datasset/datasset.h>

#define MAX_UNITS 1200

static int split(char *text, char sep, char **parts, int max)
{
	int n = 0;
	char *p = text;

	while (n < max) {
		parts[n++] = p;
		if (!(p = strchr(p, sep)))
			break;
		*p++ = '\0';
	}
	return n;
}

static int same(const ds_ledger_schedule *a, const ds_ledger_schedule *b)
{
	size_t i, n = ds_ledger_schedule_count(a);
	ds_ledger_schedule_line x, y;

	if (n != ds_ledger_schedule_count(b))
		return 0;
	for (i = 0; i < n; i++) {
		ds_ledger_schedule_line_get(&x, a, i);
		ds_ledger_schedule_line_get(&y, b, i);
		if (memcmp(&x, &y, sizeof x) != 0)
			return 0;
	}
	return 1;
}

static int answer(char *line)
{
	char *field[7], *unit_text[MAX_UNITS], *imp_text[16];
	ds_decimal *cost = NULL, *residual = NULL, *units[MAX_UNITS];
	ds_ledger *book = NULL;
	ds_ledger_schedule *s = NULL, *alone = NULL;
	ds_ledger_asset a = DS_LEDGER_ASSET_INIT;
	ds_ledger_cost c = DS_LEDGER_COST_INIT;
	ds_ledger_schedule_line l;
	char acquired[16], stop[16];
	int unit_count = 0, imp_count = 0, i, rc;
	size_t k;

	if (split(line, ' ', field, 7) != 7)
		return DS_EINVAL;
	if ((rc = ds_decimal_new(&cost)) < 0 || (rc = ds_decimal_new(&residual)) < 0 ||
	    (rc = ds_decimal_parse(cost, field[0], 0)) < 0 || (rc = ds_decimal_parse(residual, field[3], 0)) < 0)
		goto done;
	if (strcmp(field[5], "-") != 0)
		unit_count = split(field[5], ',', unit_text, MAX_UNITS);
	for (i = 0; i < unit_count; i++)
		units[i] = NULL;
	for (i = 0; i < unit_count; i++)
		if ((rc = ds_decimal_new(&units[i])) < 0 || (rc = ds_decimal_parse(units[i], unit_text[i], 0)) < 0)
			goto done;
	snprintf(acquired, sizeof acquired, "%s-01", field[1]);
	a.id = "asset";
	a.asset_class = DS_LEDGER_INTANGIBLE;
	a.origin = DS_LEDGER_PURCHASED;
	a.acquired = acquired;
	a.useful_life_months = strtol(field[2], NULL, 10);
	a.residual = residual;
	if (unit_count) {
		a.method = DS_LEDGER_UNITS_OF_BENEFIT;
		a.units = (const ds_decimal *const *)units;
		a.unit_count = (size_t)unit_count;
	}
	c.date = acquired;
	c.category = DS_LEDGER_COST_PRICE;
	c.amount = cost;
	if ((rc = ds_ledger_new(&book)) < 0 || (rc = ds_ledger_add_asset(book, &a)) < 0 ||
	    (rc = ds_ledger_add_cost(book, "asset", &c)) < 0)
		goto done;
	if (strcmp(field[6], "-") != 0)
		imp_count = split(field[6], ',', imp_text, 16);
	for (i = 0; i < imp_count; i++) {
		char *colon = strchr(imp_text[i], ':');
		ds_decimal *recoverable = NULL;
		if (!colon) {
			rc = DS_EINVAL;
			goto done;
		}
		*colon = '\0';
		if ((rc = ds_decimal_new(&recoverable)) == DS_OK &&
		    (rc = ds_decimal_parse(recoverable, colon + 1, 0)) == DS_OK)
			rc = ds_ledger_add_impairment(book, "asset", imp_text[i], recoverable);
		ds_decimal_free(recoverable);
		if (rc < 0)
			goto done;
	}
	if (strcmp(field[4], "-") != 0) {
		snprintf(stop, sizeof stop, "%s-01", field[4]);
		if ((rc = ds_ledger_dispose(book, "asset", stop, DS_LEDGER_DISPOSE_EXPIRY, NULL, NULL)) < 0)
			goto done;
	}
	if ((rc = ds_ledger_asset_schedule(&s, book, "asset")) < 0)
		goto done;
	if (!imp_count) {
		ds_ledger_schedule_options opts = DS_LEDGER_SCHEDULE_OPTIONS_INIT;
		opts.residual = residual;
		opts.derecognised = strcmp(field[4], "-") != 0 ? field[4] : NULL;
		if (unit_count) {
			opts.method = DS_LEDGER_UNITS_OF_BENEFIT;
			opts.units = (const ds_decimal *const *)units;
			opts.unit_count = (size_t)unit_count;
		}
		if ((rc = ds_ledger_schedule_new(&alone, cost, field[1], a.useful_life_months, &opts)) < 0)
			goto done;
		if (!same(s, alone)) {
			printf("DIFF\n");
			goto done;
		}
	}
	for (k = 0; k < ds_ledger_schedule_count(s); k++) {
		ds_ledger_schedule_line_get(&l, s, k);
		printf("%s%" PRId64, k ? "," : "", l.charge);
	}
	putchar('|');
	for (k = 0, i = 0; k < ds_ledger_schedule_count(s); k++) {
		ds_ledger_schedule_line_get(&l, s, k);
		if (l.impairment)
			printf("%s%zu:%" PRId64, i++ ? "," : "", k, l.impairment);
	}
	putchar('|');
	for (k = 0, i = 0; k < ds_ledger_schedule_count(s); k++) {
		ds_ledger_schedule_line_get(&l, s, k);
		if (l.true_up)
			printf("%s%zu", i++ ? "," : "", k);
	}
	putchar('\n');
	rc = DS_OK;
done:
	for (i = 0; i < unit_count; i++)
		ds_decimal_free(units[i]);
	ds_ledger_schedule_free(s);
	ds_ledger_schedule_free(alone);
	ds_ledger_free(book);
	ds_decimal_free(cost);
	ds_decimal_free(residual);
	return rc;
}

int main(void)
{
	char *line = NULL;
	size_t cap = 0;

	while (getline(&line, &cap, stdin) > 0) {
		int rc;
		line[strcspn(line, "\r\n")] = '\0';
		if ((rc = answer(line)) < 0)
			printf("ERR %s\n", ds_strerror(rc));
	}
	free(line);
	return 0;
}
