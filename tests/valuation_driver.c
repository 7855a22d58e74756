/*
 * A line-oriented driver over the public valuation API, for the differential
 * test (tests/valuation_oracle.py) that recomputes every answer with Python's
 * fractions. Each input line is a command and key=value operands separated by
 * spaces; lists are comma-separated literals (p/q allowed):
 *   income method=direct|share|excess|incremental timing=end|mid prec=N rates=.. income=..
 *          [shares=..] [baseline=..] [contrib=.. ncontrib=K] [tv=X] [dr=.. df=..]
 *   cost delta=X | life=E,L | quality=X | depr=X  components=..
 *   cost2019 costs=.. k=R,α,β,l,r
 *   market [w=..] c=PRICE|name=value|name=subject@comparable ... (one c= per comparable)
 *   quality n=N full=X scores=.. (weights=.. | matrix=..) [accept=1] [prec=N]
 *   ahp n=N prec=N matrix=..
 *   reconcile values=.. (weights=.. | chosen=I)
 * The answer is the exact value as ds_decimal_to_fraction() writes it and the
 * value rounded HALF_UP to the fen ("3830000000/1331 2877535.69"); for a
 * sensitivity grid, the cells' fractions; for ahp, the weights, λ_max and CR;
 * or "ERR <code name>".
 * SPDX-License-Identifier: MIT
 */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <datasset/datasset.h>

#define MAXL 4096
#define FLAGS (DS_DECIMAL_FRACTION | DS_DECIMAL_EXPONENT)

typedef struct list {
	ds_decimal *d[MAXL];
	size_t n;
} list;

static int parse_list(list *l, const char *text)
{
	char *copy, *tok, *save = NULL;
	int rc = DS_OK;

	if (!text || !(copy = strdup(text)))
		return DS_EINVAL;

	for (tok = strtok_r(copy, ",", &save); tok && rc == DS_OK; tok = strtok_r(NULL, ",", &save)) {
		if (l->n == MAXL) {
			rc = DS_ERANGE;
			break;
		}
		if ((rc = ds_decimal_new(&l->d[l->n])) < 0)
			break;
		l->n++;
		rc = ds_decimal_parse(l->d[l->n - 1], tok, FLAGS);
	}
	free(copy);
	return rc;
}

static void free_list(list *l)
{
	size_t i;
	for (i = 0; i < l->n; i++)
		ds_decimal_free(l->d[i]);
	l->n = 0;
}

/* The value of key=... among the tokens, or NULL. */
static const char *arg(char **tokens, int count, const char *key)
{
	size_t len = strlen(key);
	int i;
	for (i = 0; i < count; i++)
		if (strncmp(tokens[i], key, len) == 0 && tokens[i][len] == '=')
			return tokens[i] + len + 1;
	return NULL;
}

static void print_value(const ds_decimal *x)
{
	char *fraction = NULL, *fen = NULL;
	if (ds_decimal_to_fraction(&fraction, x) == DS_OK &&
	    ds_decimal_to_string_scaled(&fen, x, 2, DS_ROUND_HALF_UP, 0) == DS_OK)
		printf("%s %s", fraction, fen);
	ds_free(fraction);
	ds_free(fen);
}

static int do_income(ds_valuation *v, char **tok, int count)
{
	static const char *const methods[] = { "direct", "share", "excess", "incremental" };
	ds_valuation_income_params p = DS_VALUATION_INCOME_PARAMS_INIT;
	ds_valuation_options o = DS_VALUATION_OPTIONS_INIT;
	list rates = { { 0 }, 0 }, income = { { 0 }, 0 }, shares = { { 0 }, 0 }, base = { { 0 }, 0 },
	     contrib = { { 0 }, 0 }, tv = { { 0 }, 0 }, dr = { { 0 }, 0 }, df = { { 0 }, 0 }, table = { { 0 }, 0 };
	const char *s;
	size_t i;
	int rc = DS_OK, m;

	for (m = 0; m < 4; m++)
		if ((s = arg(tok, count, "method")) && strcmp(s, methods[m]) == 0)
			p.method = (ds_income_method)m;
	p.timing = (s = arg(tok, count, "timing")) && strcmp(s, "mid") == 0 ? DS_TIMING_MID : DS_TIMING_END;
	o.precision = (s = arg(tok, count, "prec")) ? (unsigned)atoi(s) : 0;
	if ((s = arg(tok, count, "rates")) && (rc = parse_list(&rates, s)) < 0)
		goto done;
	if ((s = arg(tok, count, "income")) && (rc = parse_list(&income, s)) < 0)
		goto done;
	if ((s = arg(tok, count, "shares")) && (rc = parse_list(&shares, s)) < 0)
		goto done;
	if ((s = arg(tok, count, "baseline")) && (rc = parse_list(&base, s)) < 0)
		goto done;
	if ((s = arg(tok, count, "contrib")) && (rc = parse_list(&contrib, s)) < 0)
		goto done;
	if ((s = arg(tok, count, "tv")) && (rc = parse_list(&tv, s)) < 0)
		goto done;
	p.periods = income.n;
	p.income = income.d;
	p.rates = rates.d;
	p.n_rates = rates.n;
	p.shares = shares.n ? shares.d : NULL;
	p.n_shares = shares.n;
	p.baseline = base.n ? base.d : NULL;
	p.contributions = contrib.n ? contrib.d : NULL;
	p.n_contributors = (s = arg(tok, count, "ncontrib")) ? (size_t)atoi(s) : 0;
	p.terminal_value = tv.n ? tv.d[0] : NULL;
	if ((s = arg(tok, count, "dr"))) {
		if ((rc = parse_list(&dr, s)) < 0 || (rc = parse_list(&df, arg(tok, count, "df"))) < 0)
			goto done;
		for (i = 0; i < dr.n * df.n; i++)
			if ((rc = ds_decimal_new(&table.d[i])) < 0)
				goto done;
		table.n = dr.n * df.n;
		if ((rc = ds_valuation_sensitivity(table.d, &p, dr.d, dr.n, df.d, df.n, &o)) < 0)
			goto done;
		for (i = 0; i < table.n; i++) {
			char *f = NULL;
			ds_decimal_to_fraction(&f, table.d[i]);
			printf("%s%s", i ? " " : "", f);
			ds_free(f);
		}
		printf("\n");
		goto done;
	}
	/* Alternate trace on and off: the value must not depend on it. */
	o.no_trace = (int)(income.n & 1);
	if ((rc = ds_valuation_income(v, &p, &o)) == DS_OK) {
		print_value(ds_valuation_value(v));
		printf("\n");
	}
done:
	free_list(&rates);
	free_list(&income);
	free_list(&shares);
	free_list(&base);
	free_list(&contrib);
	free_list(&tv);
	free_list(&dr);
	free_list(&df);
	free_list(&table);
	return rc;
}

static int do_cost(ds_valuation *v, char **tok, int count)
{
	ds_valuation_cost_params p = DS_VALUATION_COST_PARAMS_INIT;
	list c = { { 0 }, 0 }, k = { { 0 }, 0 };
	const char *s;
	int rc;

	if ((rc = parse_list(&c, arg(tok, count, "components"))) < 0)
		goto done;
	p.components = c.d;
	p.n_components = c.n;
	if ((s = arg(tok, count, "delta"))) {
		p.adjustment = DS_ADJUST_GIVEN;
	} else if ((s = arg(tok, count, "life"))) {
		p.adjustment = DS_ADJUST_LIFE;
	} else if ((s = arg(tok, count, "quality"))) {
		p.adjustment = DS_ADJUST_QUALITY;
	} else {
		s = arg(tok, count, "depr");
		p.adjustment = DS_ADJUST_DEPRECIATION;
	}
	if ((rc = parse_list(&k, s)) < 0)
		goto done;
	p.delta = p.quality = p.depreciation = p.elapsed_life = k.d[0];
	p.remaining_life = k.n > 1 ? k.d[1] : NULL;
	if ((rc = ds_valuation_cost(v, &p, NULL)) == DS_OK) {
		print_value(ds_valuation_value(v));
		printf("\n");
	}
done:
	free_list(&c);
	free_list(&k);
	return rc;
}

static int do_cost2019(ds_valuation *v, char **tok, int count)
{
	ds_valuation_cost2019_params p = DS_VALUATION_COST2019_PARAMS_INIT;
	list c = { { 0 }, 0 }, k = { { 0 }, 0 };
	int rc;

	if ((rc = parse_list(&c, arg(tok, count, "costs"))) < 0 || (rc = parse_list(&k, arg(tok, count, "k"))) < 0)
		goto done;
	p.costs = c.d;
	p.n_costs = c.n;
	p.return_rate = k.d[0];
	p.quality = k.d[1];
	p.circulation = k.d[2];
	p.monopoly = k.d[3];
	p.risk = k.d[4];
	if ((rc = ds_valuation_cost2019(v, &p, NULL)) == DS_OK) {
		print_value(ds_valuation_value(v));
		printf("\n");
	}
done:
	free_list(&c);
	free_list(&k);
	return rc;
}

#define MAXC 16
#define MAXK 8

static int do_market(ds_valuation *v, char **tok, int count)
{
	ds_valuation_market_params p = DS_VALUATION_MARKET_PARAMS_INIT;
	ds_market_comparable cmp[MAXC];
	ds_market_coefficient co[MAXC][MAXK];
	char *names[MAXC][MAXK];
	list nums = { { 0 }, 0 }, w = { { 0 }, 0 };
	const char *s;
	size_t n = 0, k;
	int i, rc = DS_OK;

	memset(names, 0, sizeof names);
	if ((s = arg(tok, count, "w")) && (rc = parse_list(&w, s)) < 0)
		goto done;
	for (i = 0; i < count && rc == DS_OK; i++) {
		char *copy, *part, *save = NULL;
		if (strncmp(tok[i], "c=", 2) != 0 || n == MAXC)
			continue;
		copy = strdup(tok[i] + 2);
		part = strtok_r(copy, "|", &save);
		memset(&cmp[n], 0, sizeof cmp[n]);
		if ((rc = parse_list(&nums, part)) == DS_OK) {
			cmp[n].price = nums.d[nums.n - 1];
			cmp[n].coefficients = co[n];
			cmp[n].weight = w.n > n ? w.d[n] : NULL;
		}
		for (k = 0; rc == DS_OK && k < MAXK && (part = strtok_r(NULL, "|", &save)); k++) {
			char *eq = strchr(part, '='), *at;
			if (!eq) {
				rc = DS_EINVAL;
				break;
			}
			*eq = '\0';
			names[n][k] = strdup(part);
			co[n][k].name = names[n][k];
			co[n][k].value = co[n][k].subject = co[n][k].comparable = NULL;
			if ((at = strchr(eq + 1, '@'))) {
				*at = '\0';
				if ((rc = parse_list(&nums, eq + 1)) == DS_OK)
					co[n][k].subject = nums.d[nums.n - 1];
				if (rc == DS_OK && (rc = parse_list(&nums, at + 1)) == DS_OK)
					co[n][k].comparable = nums.d[nums.n - 1];
			} else if ((rc = parse_list(&nums, eq + 1)) == DS_OK) {
				co[n][k].value = nums.d[nums.n - 1];
			}
			cmp[n].n_coefficients = k + 1;
		}
		free(copy);
		n++;
	}
	if (rc < 0)
		goto done;
	p.comparables = cmp;
	p.n_comparables = n;
	if ((rc = ds_valuation_market(v, &p, NULL)) == DS_OK) {
		print_value(ds_valuation_value(v));
		printf("\n");
	}
done:
	for (n = 0; n < MAXC; n++)
		for (k = 0; k < MAXK; k++)
			free(names[n][k]);
	free_list(&nums);
	free_list(&w);
	return rc;
}

static int do_quality(ds_valuation *v, char **tok, int count)
{
	ds_valuation_quality_params p = DS_VALUATION_QUALITY_PARAMS_INIT;
	ds_valuation_options o = DS_VALUATION_OPTIONS_INIT;
	list scores = { { 0 }, 0 }, w = { { 0 }, 0 }, m = { { 0 }, 0 }, full = { { 0 }, 0 };
	const char *s;
	int rc;

	p.n = (size_t)atoi(arg(tok, count, "n"));
	o.accept_inconsistent = arg(tok, count, "accept") != NULL;
	o.precision = (s = arg(tok, count, "prec")) ? (unsigned)atoi(s) : 0;
	if ((rc = parse_list(&scores, arg(tok, count, "scores"))) < 0)
		goto done;
	if ((s = arg(tok, count, "full")) && (rc = parse_list(&full, s)) < 0)
		goto done;
	if ((s = arg(tok, count, "weights")) && (rc = parse_list(&w, s)) < 0)
		goto done;
	if ((s = arg(tok, count, "matrix")) && (rc = parse_list(&m, s)) < 0)
		goto done;
	p.scores = scores.d;
	p.full_score = full.n ? full.d[0] : NULL;
	p.weights = w.n ? w.d : NULL;
	p.matrix = m.n ? m.d : NULL;
	if ((rc = ds_valuation_quality(v, &p, &o)) == DS_OK) {
		print_value(ds_valuation_value(v));
		printf("\n");
	}
done:
	free_list(&scores);
	free_list(&w);
	free_list(&m);
	free_list(&full);
	return rc;
}

static int do_ahp(char **tok, int count)
{
	list m = { { 0 }, 0 }, out = { { 0 }, 0 };
	size_t n = (size_t)atoi(arg(tok, count, "n")), i;
	unsigned int prec = (unsigned)atoi(arg(tok, count, "prec"));
	int rc;

	if ((rc = parse_list(&m, arg(tok, count, "matrix"))) < 0)
		goto done;
	for (i = 0; i < n + 2; i++)
		if ((rc = ds_decimal_new(&out.d[i])) < 0)
			goto done;
	out.n = n + 2;
	if ((rc = ds_valuation_ahp_weights(out.d, out.d[n], NULL, out.d[n + 1], m.d, n, prec)) < 0)
		goto done;
	for (i = 0; i < n + 2; i++) {
		char *f = NULL;
		ds_decimal_to_fraction(&f, out.d[i]);
		printf("%s%s", i ? " " : "", f);
		ds_free(f);
	}
	printf("\n");
done:
	free_list(&m);
	free_list(&out);
	return rc;
}

static int do_reconcile(ds_valuation *v, char **tok, int count)
{
	ds_valuation_reconcile_params p = DS_VALUATION_RECONCILE_PARAMS_INIT;
	list x = { { 0 }, 0 }, w = { { 0 }, 0 };
	const char *s;
	int rc;

	if ((rc = parse_list(&x, arg(tok, count, "values"))) < 0)
		goto done;
	if ((s = arg(tok, count, "weights")) && (rc = parse_list(&w, s)) < 0)
		goto done;
	p.n = x.n;
	p.values = x.d;
	p.weights = w.n ? w.d : NULL;
	p.chosen = (s = arg(tok, count, "chosen")) ? (size_t)atoi(s) : 0;
	if ((rc = ds_valuation_reconcile(v, &p, NULL)) == DS_OK) {
		print_value(ds_valuation_value(v));
		printf("\n");
	}
done:
	free_list(&x);
	free_list(&w);
	return rc;
}

int main(void)
{
	static char line[1 << 20];
	ds_valuation *v = NULL;

	if (ds_valuation_new(&v) < 0)
		return 1;
	while (fgets(line, sizeof line, stdin)) {
		char *tok[256], *save = NULL, *t;
		int count = 0, rc;
		line[strcspn(line, "\n")] = '\0';
		for (t = strtok_r(line, " ", &save); t && count < 256; t = strtok_r(NULL, " ", &save))
			tok[count++] = t;
		if (count == 0)
			continue;
		if (strcmp(tok[0], "income") == 0)
			rc = do_income(v, tok + 1, count - 1);
		else if (strcmp(tok[0], "cost") == 0)
			rc = do_cost(v, tok + 1, count - 1);
		else if (strcmp(tok[0], "cost2019") == 0)
			rc = do_cost2019(v, tok + 1, count - 1);
		else if (strcmp(tok[0], "market") == 0)
			rc = do_market(v, tok + 1, count - 1);
		else if (strcmp(tok[0], "quality") == 0)
			rc = do_quality(v, tok + 1, count - 1);
		else if (strcmp(tok[0], "ahp") == 0)
			rc = do_ahp(tok + 1, count - 1);
		else if (strcmp(tok[0], "reconcile") == 0)
			rc = do_reconcile(v, tok + 1, count - 1);
		else
			rc = DS_EINVAL;
		if (rc < 0)
			printf("ERR %s\n", ds_strerror(rc));
		fflush(stdout);
	}
	ds_valuation_free(v);
	return 0;
}
