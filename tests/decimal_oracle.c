/*
 * A line-oriented driver over the public decimal API, for the differential test
 * (tests/oracle.py) that compares every answer with Python's fractions/decimal.
 *
 * Each input line is a command and its operands, separated by single spaces:
 *   add A B | sub A B | mul A B | div A B | cmp A B | min A B | max A B
 *   pow A K | round A SCALE MODE | fmt A SCALE MODE | str A | int A | term A
 *   eval EXPRESSION (the rest of the line)
 * Operands are literals (exponents and p/q allowed). The answer line is the
 * exact result as ds_decimal_to_fraction() writes it (or the string, or the
 * integer), or "ERR <code name>".
 * SPDX-License-Identifier: MIT
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <datasset/datasset.h>

static const char *const mode_names[] = { "half-up", "half-even", "half-down", "up", "down", "ceiling", "floor" };

static int mode_of(const char *name)
{
	int i;
	for (i = 0; i < 7; i++)
		if (strcmp(name, mode_names[i]) == 0)
			return i;
	return -1;
}

static int answer(FILE *out, const char *cmd, char *args, ds_decimal *a, ds_decimal *b, ds_decimal *r)
{
	char *op1 = strtok(args, " "), *op2 = strtok(NULL, " "), *op3 = strtok(NULL, " ");
	unsigned int flags = DS_DECIMAL_EXPONENT | DS_DECIMAL_FRACTION;
	char *text = NULL;
	int rc;

	if (!op1)
		return DS_EINVAL;
	if ((rc = ds_decimal_parse(a, op1, flags)) < 0)
		return rc;
	if (strcmp(cmd, "str") == 0 || strcmp(cmd, "fmt") == 0) {
		if (strcmp(cmd, "str") == 0)
			rc = ds_decimal_to_string(&text, a, 0);
		else if (!op2 || !op3 || mode_of(op3) < 0)
			return DS_EINVAL;
		else
			rc = ds_decimal_to_string_scaled(&text, a, atoi(op2), (ds_rounding)mode_of(op3), 0);
		if (rc == DS_OK)
			fprintf(out, "%s\n", text);
		ds_free(text);
		return rc;
	}
	if (strcmp(cmd, "int") == 0) {
		int64_t v;
		if ((rc = ds_decimal_to_int64(&v, a)) == DS_OK)
			fprintf(out, "%" PRId64 "\n", v);
		return rc;
	}
	if (strcmp(cmd, "term") == 0) {
		fprintf(out, "%d %d\n", ds_decimal_terminates(a), ds_decimal_is_integer(a));
		return DS_OK;
	}
	if (strcmp(cmd, "pow") == 0)
		rc = op2 ? ds_decimal_pow(r, a, strtol(op2, NULL, 10)) : DS_EINVAL;
	else if (strcmp(cmd, "round") == 0)
		rc = op2 && op3 && mode_of(op3) >= 0 ? ds_decimal_round(r, a, atoi(op2), (ds_rounding)mode_of(op3)) :
						       DS_EINVAL;
	else {
		if (!op2)
			return DS_EINVAL;
		if ((rc = ds_decimal_parse(b, op2, flags)) < 0)
			return rc;
		if (strcmp(cmd, "cmp") == 0) {
			fprintf(out, "%d\n", ds_decimal_cmp(a, b));
			return DS_OK;
		}
		/* Reuse r across lines and alias it with an operand on purpose:
		 * the result must not depend on what r held before. */
		if (strcmp(cmd, "add") == 0)
			rc = ds_decimal_add(r, a, b);
		else if (strcmp(cmd, "sub") == 0)
			rc = ds_decimal_sub(a, a, b), ds_decimal_set(r, a);
		else if (strcmp(cmd, "mul") == 0)
			rc = ds_decimal_mul(b, a, b), ds_decimal_set(r, b);
		else if (strcmp(cmd, "div") == 0)
			rc = ds_decimal_div(r, a, b);
		else if (strcmp(cmd, "min") == 0)
			rc = ds_decimal_min(r, a, b);
		else if (strcmp(cmd, "max") == 0)
			rc = ds_decimal_max(r, a, b);
		else
			return DS_EINVAL;
	}
	if (rc == DS_OK) {
		if ((rc = ds_decimal_to_fraction(&text, r)) == DS_OK)
			fprintf(out, "%s\n", text);
		ds_free(text);
	}
	return rc;
}

/* "pv R1,R2,... F1 F2 ...": one rate for all periods, or one per period. */
static int present_value(ds_decimal *r, char *args)
{
	ds_decimal *rates[64], *amounts[64];
	size_t n_rates = 0, n = 0, i;
	char *rate_list = strtok(args, " "), *amount, *rate;
	int rc = DS_OK;

	if (!rate_list)
		return DS_EINVAL;
	while ((amount = strtok(NULL, " ")) && n < 64) {
		if ((rc = ds_decimal_new(&amounts[n])) < 0)
			goto done;
		n++;
		if ((rc = ds_decimal_parse(amounts[n - 1], amount, DS_DECIMAL_EXPONENT | DS_DECIMAL_FRACTION)) < 0)
			goto done;
	}
	for (rate = strtok(rate_list, ","); rate && n_rates < 64; rate = strtok(NULL, ",")) {
		if ((rc = ds_decimal_new(&rates[n_rates])) < 0)
			goto done;
		n_rates++;
		if ((rc = ds_decimal_parse(rates[n_rates - 1], rate, DS_DECIMAL_EXPONENT | DS_DECIMAL_FRACTION)) < 0)
			goto done;
	}
	rc = ds_decimal_present_value(r, amounts, n, rates, n_rates);
done:
	for (i = 0; i < n; i++)
		ds_decimal_free(amounts[i]);
	for (i = 0; i < n_rates; i++)
		ds_decimal_free(rates[i]);
	return rc;
}

int main(void)
{
	static char line[1 << 16];
	ds_decimal *a = NULL, *b = NULL, *r = NULL;
	int status = EXIT_SUCCESS;

	if (ds_decimal_new(&a) || ds_decimal_new(&b) || ds_decimal_new(&r))
		return EXIT_FAILURE;
	while (fgets(line, sizeof line, stdin)) {
		char *space, *text = NULL;
		int rc;

		line[strcspn(line, "\n")] = '\0';
		space = strchr(line, ' ');
		if (!space) {
			printf("ERR DS_EINVAL\n");
			continue;
		}
		*space = '\0';
		if (strcmp(line, "pv") == 0) {
			rc = present_value(r, space + 1);
			if (rc == DS_OK && (rc = ds_decimal_to_fraction(&text, r)) == DS_OK)
				printf("%s\n", text);
			ds_free(text);
		} else if (strcmp(line, "eval") == 0) {
			rc = ds_decimal_eval(r, space + 1);
			if (rc == DS_OK && (rc = ds_decimal_to_fraction(&text, r)) == DS_OK)
				printf("%s\n", text);
			ds_free(text);
		} else {
			rc = answer(stdout, line, space + 1, a, b, r);
		}
		if (rc != DS_OK)
			printf("ERR %s\n", ds_strerror(rc));
		fflush(stdout);
	}
	ds_decimal_free(a);
	ds_decimal_free(b);
	ds_decimal_free(r);
	return status;
}
