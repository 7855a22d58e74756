/*
 * A line-oriented driver over the public ledger API, for the differential test
 * (tests/ledger_oracle.py) that recomputes schedules and disclosure table (1)
 * with Python's fractions.
 *
 * An asset is seven fields separated by single spaces:
 *   COST START MONTHS RESIDUAL DERECOGNISED UNITS IMPAIRMENTS
 * COST and RESIDUAL are yuan; START and DERECOGNISED are YYYY-MM ("-": none);
 * UNITS is "-" (straight-line) or comma-separated units of benefit;
 * IMPAIRMENTS is "-" or comma-separated DATE:RECOVERABLE.
 *
 * Schedule mode: a line holding one asset; the answer is its charges and
 * impairment losses in fen, "c1,c2,...|k:loss,...|true-up indexes", or
 * "ERR <code name>". Without impairments the stand-alone
 * ds_ledger_schedule_new() must agree with the book's ds_ledger_asset_schedule();
 * a disagreement prints "DIFF".
 *
 * Book mode: a line "BOOK START END N" followed by N lines "ORIGIN KIND ASSET"
 * (ORIGIN 1 外购, 2 自行开发, 3 其他; KIND the disposal kind 1-3, used when the
 * asset is derecognised). The answer is table (1) of the period START..END as
 * 28 × 4 cells in fen, row by row, then "|amortisation|intangible" — or "ERR".
 * SPDX-License-Identifier: MIT
 */
#define _POSIX_C_SOURCE 200809L
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <datasset/datasset.h>

#define MAX_UNITS 1200

static const char *const evidence[DS_LEDGER_CONDITIONS] = { "1", "2", "3", "4", "5" };

static int split(char *text, char sep, char **parts, int max)
{
	int n = 0;
	char *p = text;

	for (;;) {
		parts[n++] = p;
		if (n == max || !(p = strchr(p, sep)))
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
		ds_ledger_schedule_at(&x, a, i);
		ds_ledger_schedule_at(&y, b, i);
		if (memcmp(&x, &y, sizeof x) != 0)
			return 0;
	}
	return 1;
}

/* An asset parsed from its seven fields, with the decimals it owns. */
typedef struct asset_input {
	char *field[7];
	ds_decimal *cost, *residual, *units[MAX_UNITS];
	int unit_count;
	long months;
} asset_input;

static void input_free(asset_input *in)
{
	int i;

	for (i = 0; i < in->unit_count; i++)
		ds_decimal_free(in->units[i]);
	ds_decimal_free(in->cost);
	ds_decimal_free(in->residual);
}

static int input_parse(asset_input *in, char *text)
{
	char *unit_text[MAX_UNITS];
	int i, rc;

	memset(in, 0, sizeof *in);
	if (split(text, ' ', in->field, 7) != 7)
		return DS_EINVAL;
	if ((rc = ds_decimal_new(&in->cost)) < 0 || (rc = ds_decimal_new(&in->residual)) < 0 ||
	    (rc = ds_decimal_parse(in->cost, in->field[0], 0)) < 0 ||
	    (rc = ds_decimal_parse(in->residual, in->field[3], 0)) < 0)
		return rc;
	in->months = strtol(in->field[2], NULL, 10);
	if (strcmp(in->field[5], "-") != 0) {
		int n = split(in->field[5], ',', unit_text, MAX_UNITS);
		for (i = 0; i < n; i++) {
			if ((rc = ds_decimal_new(&in->units[i])) < 0)
				return rc;
			in->unit_count++;
			if ((rc = ds_decimal_parse(in->units[i], unit_text[i], 0)) < 0)
				return rc;
		}
	}
	return DS_OK;
}

/* Add the asset to @book as @id: available from the first day of START, one
 * capitalised cost item, then its impairments and derecognition. */
static int input_add(ds_ledger *book, const char *id, asset_input *in, ds_ledger_origin origin, ds_ledger_disposal kind)
{
	ds_ledger_asset a = DS_LEDGER_ASSET_INIT;
	ds_ledger_cost c = DS_LEDGER_COST_INIT;
	char acquired[16], stop[16], *imp_text[16];
	int imp_count = 0, i, rc;

	snprintf(acquired, sizeof acquired, "%s-01", in->field[1]);
	a.id = id;
	a.asset_class = DS_LEDGER_INTANGIBLE;
	a.origin = origin;
	a.acquired = acquired;
	a.available = acquired;
	a.useful_life_months = in->months;
	a.residual = in->residual;
	if (in->unit_count) {
		a.method = DS_LEDGER_UNITS_OF_BENEFIT;
		a.units = in->units;
		a.unit_count = (size_t)in->unit_count;
	}
	c.date = acquired;
	c.category = DS_LEDGER_COST_PRICE;
	c.amount = in->cost;
	if (origin == DS_LEDGER_SELF_BUILT) {
		a.conditions_met = acquired;
		for (i = 0; i < DS_LEDGER_CONDITIONS; i++)
			a.conditions_evidence[i] = evidence[i];
		c.category = DS_LEDGER_COST_RD;
		c.phase = DS_LEDGER_PHASE_DEVELOPMENT;
	}
	if ((rc = ds_ledger_add_asset(book, &a)) < 0 || (rc = ds_ledger_add_cost(book, id, &c)) < 0)
		return rc;
	if (strcmp(in->field[6], "-") != 0)
		imp_count = split(in->field[6], ',', imp_text, 16);
	for (i = 0; i < imp_count; i++) {
		char *colon = strchr(imp_text[i], ':');
		ds_decimal *recoverable = NULL;
		if (!colon)
			return DS_EINVAL;
		*colon = '\0';
		if ((rc = ds_decimal_new(&recoverable)) == DS_OK &&
		    (rc = ds_decimal_parse(recoverable, colon + 1, 0)) == DS_OK)
			rc = ds_ledger_add_impairment(book, id, imp_text[i], recoverable);
		ds_decimal_free(recoverable);
		if (rc < 0)
			return rc;
	}
	if (strcmp(in->field[4], "-") != 0) {
		snprintf(stop, sizeof stop, "%s-01", in->field[4]);
		if ((rc = ds_ledger_dispose(book, id, stop, kind, NULL, NULL)) < 0)
			return rc;
	}
	return DS_OK;
}

static int schedule_answer(char *line)
{
	asset_input in;
	ds_ledger *book = NULL;
	ds_ledger_schedule *s = NULL, *alone = NULL;
	ds_ledger_schedule_line l;
	int i, rc, impaired;
	size_t k;

	if ((rc = input_parse(&in, line)) < 0)
		goto done;
	impaired = strcmp(in.field[6], "-") != 0;
	if ((rc = ds_ledger_new(&book)) < 0 ||
	    (rc = input_add(book, "asset", &in, DS_LEDGER_PURCHASED, DS_LEDGER_DISPOSE_EXPIRY)) < 0 ||
	    (rc = ds_ledger_asset_schedule(&s, book, "asset")) < 0)
		goto done;
	if (!impaired) {
		ds_ledger_schedule_options opts = DS_LEDGER_SCHEDULE_OPTIONS_INIT;
		opts.residual = in.residual;
		opts.derecognised = strcmp(in.field[4], "-") != 0 ? in.field[4] : NULL;
		if (in.unit_count) {
			opts.method = DS_LEDGER_UNITS_OF_BENEFIT;
			opts.units = in.units;
			opts.unit_count = (size_t)in.unit_count;
		}
		if ((rc = ds_ledger_schedule_new(&alone, in.cost, in.field[1], in.months, &opts)) < 0)
			goto done;
		if (!same(s, alone)) {
			printf("DIFF\n");
			goto done;
		}
	}
	for (k = 0; k < ds_ledger_schedule_count(s); k++) {
		ds_ledger_schedule_at(&l, s, k);
		printf("%s%" PRId64, k ? "," : "", l.charge);
	}
	putchar('|');
	for (k = 0, i = 0; k < ds_ledger_schedule_count(s); k++) {
		ds_ledger_schedule_at(&l, s, k);
		if (l.impairment)
			printf("%s%zu:%" PRId64, i++ ? "," : "", k, l.impairment);
	}
	putchar('|');
	for (k = 0, i = 0; k < ds_ledger_schedule_count(s); k++) {
		ds_ledger_schedule_at(&l, s, k);
		if (l.true_up)
			printf("%s%zu", i++ ? "," : "", k);
	}
	putchar('\n');
	rc = DS_OK;
done:
	input_free(&in);
	ds_ledger_schedule_free(s);
	ds_ledger_schedule_free(alone);
	ds_ledger_free(book);
	return rc;
}

/* The 科目汇总表: "|code name debit credit;..." then "|Σdebit Σcredit", and
 * "|entries Σdebit Σcredit" summed here from the journal entries themselves. */
static void trial_answer(const ds_ledger_report *r)
{
	ds_ledger_trial_line l;
	ds_ledger_entry e;
	int64_t debit = -1, credit = -1, ed = 0, ec = 0;
	size_t i, j;

	putchar('|');
	for (i = 0; i < ds_ledger_report_trial_count(r); i++)
		if (ds_ledger_report_trial_at(&l, r, i) == DS_OK)
			printf("%s%s %s %" PRId64 " %" PRId64, i ? ";" : "", l.code, l.name, l.debit, l.credit);
	ds_ledger_report_trial_totals(&debit, &credit, r);
	for (i = 0; i < ds_ledger_report_entry_count(r); i++)
		if (ds_ledger_report_entry_at(&e, r, i) == DS_OK)
			for (j = 0; j < e.posting_count; j++)
				*(e.postings[j].debit ? &ed : &ec) += e.postings[j].amount;
	printf("|%" PRId64 " %" PRId64 "|entries %" PRId64 " %" PRId64, debit, credit, ed, ec);
}

/* "BOOK START END N": read N asset lines from @in, answer with table (1) and the 科目汇总表. */
static int book_answer(char *header, FILE *input, char **line, size_t *cap)
{
	char *field[4], id[32], start[16], end[16];
	ds_ledger *book = NULL;
	ds_ledger_report *r = NULL;
	ds_ledger_figures f;
	long n, i;
	int rc = DS_OK, row, col;

	if (split(header, ' ', field, 4) != 4)
		return DS_EINVAL;
	/* The header lives in the line buffer, which the next lines overwrite. */
	snprintf(start, sizeof start, "%s", field[1]);
	snprintf(end, sizeof end, "%s", field[2]);
	n = strtol(field[3], NULL, 10);
	if ((rc = ds_ledger_new(&book)) < 0)
		return rc;
	for (i = 0; i < n; i++) {
		asset_input in;
		char *parts[3];
		int add_rc;
		if (getline(line, cap, input) <= 0) {
			rc = DS_EINVAL;
			break;
		}
		(*line)[strcspn(*line, "\r\n")] = '\0';
		if (rc < 0 || split(*line, ' ', parts, 3) != 3)
			continue; /* keep reading the book's lines after a failure */
		snprintf(id, sizeof id, "A%ld", i);
		if ((add_rc = input_parse(&in, parts[2])) == DS_OK)
			add_rc = input_add(book, id, &in, (ds_ledger_origin)atoi(parts[0]),
					   (ds_ledger_disposal)atoi(parts[1]));
		input_free(&in);
		if (add_rc < 0)
			rc = add_rc;
	}
	if (rc == DS_OK && (rc = ds_ledger_report_new(&r, book, start, end)) == DS_OK) {
		for (row = 0; row < DS_LEDGER_R1_COUNT; row++)
			for (col = 0; col < DS_LEDGER_COL_COUNT; col++) {
				int64_t v;
				ds_ledger_report_cell(&v, r, DS_LEDGER_TABLE_1, (unsigned int)row,
						      (ds_ledger_column)col);
				printf("%s%" PRId64, row || col ? "," : "", v);
			}
		ds_ledger_report_figures(&f, r);
		printf("|%" PRId64 "|%" PRId64, f.amortisation, f.intangible);
		trial_answer(r);
		putchar('\n');
	}
	ds_ledger_report_free(r);
	ds_ledger_free(book);
	return rc;
}

int main(void)
{
	char *line = NULL;
	size_t cap = 0;

	while (getline(&line, &cap, stdin) > 0) {
		int rc;
		line[strcspn(line, "\r\n")] = '\0';
		if (strncmp(line, "BOOK ", 5) == 0)
			rc = book_answer(line, stdin, &line, &cap);
		else
			rc = schedule_answer(line);
		if (rc < 0)
			printf("ERR %s\n", ds_strerror(rc));
	}
	free(line);
	return 0;
}
