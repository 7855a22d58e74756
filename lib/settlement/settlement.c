/*
 * The inputs of a settlement: the MAR survey, the years of an evaluation
 * period, the deduction rule and the data-use fee pools with their parties.
 * Every value is checked when it is added; a refused call changes nothing.
 * SPDX-License-Identifier: MIT
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "internal/xml.h"
#include "settlement_internal.h"

/* ---------------------------------------------------------------- helpers */

int ds__settlement_exact_text(char **out, const ds_decimal *x)
{
	if (ds_decimal_terminates(x))
		return ds_decimal_to_string(out, x, 0);
	return ds_decimal_to_fraction(out, x);
}

int ds__settlement_yuan(ds_decimal *r, int64_t fen)
{
	ds_decimal *hundred = NULL;
	int rc;

	if ((rc = ds_decimal_new(&hundred)) < 0)
		return rc;
	if ((rc = ds_decimal_set_int64(hundred, 100)) == DS_OK && (rc = ds_decimal_set_int64(r, fen)) == DS_OK)
		rc = ds_decimal_div(r, r, hundred);
	ds_decimal_free(hundred);
	return rc;
}

int ds__settlement_round_fen(int64_t *out, const ds_decimal *x, const char *field)
{
	ds_decimal *scaled = NULL, *hundred = NULL;
	int64_t fen;
	int rc;

	if ((rc = ds_decimal_new(&scaled)) < 0 || (rc = ds_decimal_new(&hundred)) < 0)
		goto done;
	if ((rc = ds_decimal_set_int64(hundred, 100)) < 0 || (rc = ds_decimal_mul(scaled, x, hundred)) < 0 ||
	    (rc = ds_decimal_round(scaled, scaled, 0, DS_ROUND_HALF_UP)) < 0)
		goto done;
	if (ds_decimal_to_int64(&fen, scaled) < 0 || fen >= ST_AMOUNT_MAX || fen <= -ST_AMOUNT_MAX) {
		rc = ds__error_at(DS_ERANGE, 0, 0, field, "%s: amounts must be below 10^13 yuan", field);
		goto done;
	}
	*out = fen;
done:
	ds_decimal_free(scaled);
	ds_decimal_free(hundred);
	return rc;
}

const char *ds__settlement_kind_name(ds_settlement_kind kind)
{
	switch (kind) {
	case DS_SETTLEMENT_ADMIN_UNIT: return "admin_unit";
	case DS_SETTLEMENT_INST_UNIT: return "inst_unit";
	case DS_SETTLEMENT_AUTHORITY: return "authority";
	case DS_SETTLEMENT_PUBLIC_ENTERPRISE: return "public_enterprise";
	case DS_SETTLEMENT_COMPANY: return "company";
	}
	return "?";
}

const char *ds__settlement_type_name(ds_settlement_pool_type type)
{
	switch (type) {
	case DS_SETTLEMENT_SHARE: return "share";
	case DS_SETTLEMENT_PER_CALL: return "per_call";
	case DS_SETTLEMENT_FIXED: return "fixed";
	}
	return "?";
}

const char *ds__settlement_tier_name(ds_settlement_tier tier)
{
	return tier == DS_SETTLEMENT_OPERATOR_ADJUSTS ? "operator_adjusts_price" : "authority_adjusts_ceiling";
}

const char *ds__settlement_purpose_name(ds_settlement_purpose purpose)
{
	return purpose == DS_SETTLEMENT_PUBLIC_GOVERNANCE ? "public_governance" : "public_welfare";
}

/* 1..max bytes of valid UTF-8 without control characters. */
static int text_ok(const char *s, size_t max)
{
	size_t n, i, step;
	unsigned int cp;

	if (!s || !*s || (n = strlen(s)) > max)
		return 0;
	for (i = 0; i < n; i += step)
		if (!(step = ds__utf8_decode(s + i, n - i, &cp)) || cp < 0x20)
			return 0;
	return 1;
}

/* An NFC copy of optional text @s (NULL stays NULL), refused naming @field when not 1..max bytes. */
static int copy_text(char **out, const char *s, size_t max, int required, const char *field)
{
	*out = NULL;
	if (!s) {
		if (required)
			return ds__error_at(DS_EINVAL, 0, 0, field, "%s: required", field);
		return DS_OK;
	}
	if (!text_ok(s, max))
		return ds__error_at(DS_EINVAL, 0, 0, field,
				    "%s: must be 1 to %zu bytes of UTF-8 without control characters", field, max);
	return ds__nfc(out, s, strlen(s));
}

/* Add @fen to the settlement's magnitude, refusing past the bound. */
static int budget(ds_settlement *s, int64_t extra, const char *field)
{
	int64_t m = extra < 0 ? -extra : extra;

	if (s->magnitude > ST_BUDGET_MAX - m)
		return ds__error_at(DS_ERANGE, 0, 0, field, "%s: the settlement's amounts add up past 2 × 10^16 yuan",
				    field);
	s->magnitude += m;
	return DS_OK;
}

/* ---------------------------------------------------------------- the settlement */

int ds_settlement_new(ds_settlement **out)
{
	ds_settlement *s;

	if (!out)
		return ds__error(DS_EINVAL, "settlement: NULL output");
	if (!(s = ds__calloc(1, sizeof *s)))
		return ds__enomem();
	s->deduction_years = 1;
	*out = s;
	return DS_OK;
}

static void free_mar(ds_settlement *s)
{
	size_t i;

	for (i = 0; i < s->cost_count; i++)
		ds__free(s->cost_names ? s->cost_names[i] : NULL);
	ds__free(s->cost_names);
	ds__free(s->costs);
	ds__free(s->subsidies);
	ds_decimal_free(s->bond_yield);
	ds_decimal_free(s->markup);
	ds__free(s->bond_yield_source);
}

static void free_pool(st_pool *p)
{
	size_t i;

	for (i = 0; i < p->party_count; i++) {
		ds__free(p->parties[i].id);
		ds__free(p->parties[i].name);
		ds__free(p->parties[i].role);
		ds_decimal_free(p->parties[i].weight);
	}
	for (i = 0; i < p->product_count; i++) {
		ds__free(p->products[i].name);
		ds_decimal_free(p->products[i].rate);
	}
	for (i = 0; i < p->free_count; i++)
		ds__free(p->frees[i].user);
	ds__free(p->parties);
	ds__free(p->products);
	ds__free(p->frees);
	ds__free(p->id);
	ds__free(p->product);
	ds__free(p->agreement);
	ds_decimal_free(p->share);
}

void ds_settlement_free(ds_settlement *s)
{
	size_t i;

	if (!s)
		return;
	free_mar(s);
	for (i = 0; i < s->pool_count; i++)
		free_pool(&s->pools[i]);
	ds__free(s->pools);
	ds__free(s->title);
	ds__free(s->period);
	ds__free(s);
}

int ds_settlement_set_title(ds_settlement *s, const char *title, const char *period)
{
	char *t = NULL, *p = NULL;
	int rc;

	if (!s)
		return ds__error(DS_EINVAL, "settlement: NULL settlement");
	if ((rc = copy_text(&t, title, 256, 0, "title")) < 0 || (rc = copy_text(&p, period, 64, 0, "period")) < 0) {
		ds__free(t);
		return rc;
	}
	ds__free(s->title);
	ds__free(s->period);
	s->title = t;
	s->period = p;
	return DS_OK;
}

int ds_settlement_set_inst_income(ds_settlement *s, ds_settlement_inst_income rule)
{
	if (!s)
		return ds__error(DS_EINVAL, "settlement: NULL settlement");
	if (rule != DS_SETTLEMENT_INST_REMIT && rule != DS_SETTLEMENT_INST_RETAIN && rule != DS_SETTLEMENT_INST_UNSET)
		return ds__error_at(DS_EINVAL, 0, 0, "inst_use_income", "inst_use_income: must be remit or retain");
	s->inst = rule;
	return DS_OK;
}

int ds_settlement_mar_init(ds_settlement_mar *m, unsigned int version)
{
	static const ds_settlement_mar init = DS_SETTLEMENT_MAR_INIT;

	if (!m || version != DS_SETTLEMENT_MAR_VERSION)
		return ds__error(DS_EINVAL, "settlement: NULL MAR or unknown version %u", version);
	*m = init;
	return DS_OK;
}

int ds_settlement_pool_init(ds_settlement_pool *p, unsigned int version)
{
	static const ds_settlement_pool init = DS_SETTLEMENT_POOL_INIT;

	if (!p || version != DS_SETTLEMENT_POOL_VERSION)
		return ds__error(DS_EINVAL, "settlement: NULL pool or unknown version %u", version);
	*p = init;
	return DS_OK;
}

int ds_settlement_party_init(ds_settlement_party *p, unsigned int version)
{
	static const ds_settlement_party init = DS_SETTLEMENT_PARTY_INIT;

	if (!p || version != DS_SETTLEMENT_PARTY_VERSION)
		return ds__error(DS_EINVAL, "settlement: NULL party or unknown version %u", version);
	*p = init;
	return DS_OK;
}

int ds_settlement_set_mar(ds_settlement *s, const ds_settlement_mar *mar)
{
	ds_settlement next;
	ds_decimal *limit = NULL;
	char field[64];
	int64_t sum_cost = 0, sum_sub = 0;
	size_t i;
	int rc;

	if (!s || !mar)
		return ds__error(DS_EINVAL, "settlement: NULL settlement or MAR");
	if (mar->version != DS_SETTLEMENT_MAR_VERSION)
		return ds__error_at(DS_EINVAL, 0, 0, "mar/version", "mar: unknown version %u", mar->version);
	memset(&next, 0, sizeof next);
	if (mar->cost_count == 0 || !mar->costs) {
		rc = ds__error_at(DS_EINVAL, 0, 0, "mar/cost", "mar/cost: at least one cost item is required");
		goto fail;
	}
	if (mar->subsidy_count && !mar->subsidies) {
		rc = ds__error_at(DS_EINVAL, 0, 0, "mar/subsidy", "mar/subsidy: NULL array with a count");
		goto fail;
	}
	if (!(next.costs = ds__calloc(mar->cost_count, sizeof *next.costs)) ||
	    !(next.cost_names = ds__calloc(mar->cost_count, sizeof *next.cost_names)) ||
	    (mar->subsidy_count && !(next.subsidies = ds__calloc(mar->subsidy_count, sizeof *next.subsidies)))) {
		rc = ds__enomem();
		goto fail;
	}
	next.cost_count = mar->cost_count;
	next.subsidy_count = mar->subsidy_count;
	for (i = 0; i < mar->cost_count; i++) {
		snprintf(field, sizeof field, "mar/cost[%zu]", i + 1);
		if ((rc = ds__decimal_to_fen(&next.costs[i], mar->costs[i], 1, field)) < 0 ||
		    (rc = copy_text(&next.cost_names[i], mar->cost_names ? mar->cost_names[i] : NULL, 256, 0, field)) <
			    0)
			goto fail;
		sum_cost += next.costs[i];
	}
	for (i = 0; i < mar->subsidy_count; i++) {
		snprintf(field, sizeof field, "mar/subsidy[%zu]", i + 1);
		if ((rc = ds__decimal_to_fen(&next.subsidies[i], mar->subsidies[i], 1, field)) < 0)
			goto fail;
		sum_sub += next.subsidies[i];
	}
	if (sum_cost > ST_BUDGET_MAX / 2 || sum_sub > ST_BUDGET_MAX / 2) {
		rc = ds__error_at(DS_ERANGE, 0, 0, "mar/cost", "mar/cost: the items add up past 10^16 yuan");
		goto fail;
	}
	/* 经营成本 is net of government subsidies (发改价格〔2025〕65号 §3(1)); C > 0. */
	if (sum_cost - sum_sub <= 0) {
		rc = ds__error_at(DS_EINVAL, 0, 0, "mar/cost",
				  "mar/cost: the operating cost net of subsidies must be above zero");
		goto fail;
	}
	if (!mar->bond_yield || ds_decimal_sign(mar->bond_yield) < 0) {
		rc = ds__error_at(DS_EINVAL, 0, 0, "mar/bond_yield", "mar/bond_yield: required, >= 0");
		goto fail;
	}
	if ((rc = copy_text(&next.bond_yield_source, mar->bond_yield_source, 256, 1, "mar/bond_yield_source")) < 0)
		goto fail;
	if ((rc = ds_decimal_new(&limit)) < 0 ||
	    (rc = ds_decimal_set_int64(limit, DS_SETTLEMENT_MAX_MARKUP_PERCENT)) < 0)
		goto fail;
	{
		ds_decimal *hundred = NULL;
		if ((rc = ds_decimal_new(&hundred)) < 0)
			goto fail;
		ds_decimal_set_int64(hundred, 100);
		rc = ds_decimal_div(limit, limit, hundred);
		ds_decimal_free(hundred);
		if (rc < 0)
			goto fail;
	}
	/* 准许利润率 = y + 不超过6个百分点 (§3(1)): 0 ≤ m ≤ 0.06. */
	if (!mar->markup || ds_decimal_sign(mar->markup) < 0 || ds_decimal_cmp(mar->markup, limit) > 0) {
		char *text = NULL;
		if (mar->markup)
			ds__settlement_exact_text(&text, mar->markup);
		rc = ds__error_at(
			DS_EINVAL, 0, 0, "mar/markup",
			"mar/markup: %s%s is outside 0 to 0.06 (发改价格〔2025〕65号 §3(1): the markup on the bond "
			"yield is at most 6 percentage points)",
			text ? text : "missing", text ? "" : " value");
		ds__free(text);
		goto fail;
	}
	if (mar->taxes && (rc = ds__decimal_to_fen(&next.taxes, mar->taxes, 1, "mar/taxes")) < 0)
		goto fail;
	if ((rc = ds_decimal_dup(&next.bond_yield, mar->bond_yield)) < 0 ||
	    (rc = ds_decimal_dup(&next.markup, mar->markup)) < 0)
		goto fail;
	if ((rc = budget(s, sum_cost + sum_sub + next.taxes, "mar")) < 0)
		goto fail;
	free_mar(s);
	s->costs = next.costs;
	s->cost_names = next.cost_names;
	s->cost_count = next.cost_count;
	s->subsidies = next.subsidies;
	s->subsidy_count = next.subsidy_count;
	s->bond_yield = next.bond_yield;
	s->markup = next.markup;
	s->bond_yield_source = next.bond_yield_source;
	s->taxes = next.taxes;
	s->has_mar = 1;
	ds_decimal_free(limit);
	return DS_OK;
fail:
	ds_decimal_free(limit);
	free_mar(&next);
	return rc;
}

int ds_settlement_add_year(ds_settlement *s, int year, const ds_decimal *actual, const ds_decimal *mar)
{
	st_year y;
	int rc;

	if (!s)
		return ds__error(DS_EINVAL, "settlement: NULL settlement");
	memset(&y, 0, sizeof y);
	if (year < 1 || year > 9999)
		return ds__error_at(DS_EINVAL, 0, 0, "year", "year: %d is not a year (1 to 9999)", year);
	if (s->year_count && year <= s->years[s->year_count - 1].year)
		return ds__error_at(DS_EINVAL, 0, 0, "year", "year: %d does not follow %d (years ascend)", year,
				    s->years[s->year_count - 1].year);
	if (s->year_count && year != s->years[s->year_count - 1].year + 1)
		return ds__error_at(DS_EINVAL, 0, 0, "year",
				    "year: %d leaves a gap after %d (a period is consecutive years)", year,
				    s->years[s->year_count - 1].year);
	if (s->year_count == DS_SETTLEMENT_MAX_PERIOD_YEARS)
		return ds__error_at(DS_ESTATE, 0, 0, "year",
				    "year: an evaluation period is at most %d years (发改价格〔2025〕65号 §4)",
				    DS_SETTLEMENT_MAX_PERIOD_YEARS);
	y.year = year;
	if ((rc = ds__decimal_to_fen(&y.actual, actual, 1, "actual")) < 0)
		return rc;
	if (mar) {
		if ((rc = ds__decimal_to_fen(&y.mar, mar, 1, "mar")) < 0)
			return rc;
		if (y.mar == 0)
			return ds__error_at(DS_EINVAL, 0, 0, "mar", "mar: a year's MAR must be above zero");
		y.has_mar = 1;
	}
	if ((rc = budget(s, y.actual + y.mar, "actual")) < 0)
		return rc;
	s->years[s->year_count++] = y;
	return DS_OK;
}

int ds_settlement_set_deduction(ds_settlement *s, unsigned int years, const ds_decimal *next_mar)
{
	int64_t fen = 0;
	int rc;

	if (!s)
		return ds__error(DS_EINVAL, "settlement: NULL settlement");
	if (years < 1 || years > DS_SETTLEMENT_MAX_SMOOTHING_YEARS)
		return ds__error_at(DS_EINVAL, 0, 0, "deduction/years", "deduction/years: %u is outside 1 to %d", years,
				    DS_SETTLEMENT_MAX_SMOOTHING_YEARS);
	if (next_mar) {
		if ((rc = ds__decimal_to_fen(&fen, next_mar, 1, "deduction/next_mar")) < 0)
			return rc;
		if (fen == 0)
			return ds__error_at(DS_EINVAL, 0, 0, "deduction/next_mar",
					    "deduction/next_mar: must be above zero");
		if ((rc = budget(s, fen, "deduction/next_mar")) < 0)
			return rc;
	}
	s->deduction_years = years;
	s->has_next_mar = next_mar != NULL;
	s->next_mar = fen;
	return DS_OK;
}

/* The pool @id (NFC-normalised) in *@out, or NULL when there is none; an
 * error only when normalising fails (out of memory is not "no such pool"). */
static int find_pool(st_pool **out, const ds_settlement *s, const char *id)
{
	char *normal = NULL;
	size_t i;
	int rc;

	*out = NULL;
	if ((rc = ds__nfc(&normal, id, strlen(id))) < 0)
		return rc;
	for (i = 0; i < s->pool_count; i++)
		if (strcmp(s->pools[i].id, normal) == 0)
			*out = &s->pools[i];
	ds__free(normal);
	return DS_OK;
}

static int pool_lookup(st_pool **out, ds_settlement *s, const char *pool_id)
{
	int rc;

	if (!s || !pool_id)
		return ds__error(DS_EINVAL, "settlement: NULL settlement or pool id");
	if ((rc = find_pool(out, s, pool_id)) < 0)
		return rc;
	if (!*out)
		return ds__error_at(DS_ENOTFOUND, 0, 0, "pool", "pool '%s' is not in the settlement", pool_id);
	return DS_OK;
}

int ds_settlement_add_pool(ds_settlement *s, const ds_settlement_pool *pool)
{
	st_pool p, *grown;
	char field[128];
	int64_t magnitude = 0;
	int rc;

	if (!s || !pool)
		return ds__error(DS_EINVAL, "settlement: NULL settlement or pool");
	if (pool->version != DS_SETTLEMENT_POOL_VERSION)
		return ds__error_at(DS_EINVAL, 0, 0, "pool/version", "pool: unknown version %u", pool->version);
	memset(&p, 0, sizeof p);
	if ((rc = copy_text(&p.id, pool->id, 64, 1, "pool/id")) < 0)
		goto fail;
	{
		st_pool *existing;
		if ((rc = find_pool(&existing, s, p.id)) < 0)
			goto fail;
		if (existing) {
			rc = ds__error_at(DS_EEXISTS, 0, 0, "pool/id", "pool '%s' is already in the settlement", p.id);
			goto fail;
		}
	}
	snprintf(field, sizeof field, "pool '%s'/product", p.id);
	if ((rc = copy_text(&p.product, pool->product, 256, 0, field)) < 0)
		goto fail;
	snprintf(field, sizeof field, "pool '%s'/agreement", p.id);
	if ((rc = copy_text(&p.agreement, pool->agreement, 128, 0, field)) < 0)
		goto fail;
	p.type = pool->type;
	p.income_kind = pool->income_kind;
	if (p.type != DS_SETTLEMENT_SHARE && p.type != DS_SETTLEMENT_PER_CALL && p.type != DS_SETTLEMENT_FIXED) {
		snprintf(field, sizeof field, "pool '%s'/type", p.id);
		rc = ds__error_at(DS_EINVAL, 0, 0, field, "%s: must be share, per_call or fixed", field);
		goto fail;
	}
	if (p.income_kind != DS_SETTLEMENT_USE && p.income_kind != DS_SETTLEMENT_DISPOSAL) {
		snprintf(field, sizeof field, "pool '%s'/income_kind", p.id);
		rc = ds__error_at(DS_EINVAL, 0, 0, field, "%s: must be use or disposal", field);
		goto fail;
	}
	snprintf(field, sizeof field, "pool '%s'/income", p.id);
	if (pool->income) {
		if ((rc = ds__decimal_to_fen(&p.income, pool->income, 1, field)) < 0)
			goto fail;
		p.has_income = 1;
		magnitude += p.income;
	} else if (p.type == DS_SETTLEMENT_SHARE) {
		rc = ds__error_at(DS_EINVAL, 0, 0, field, "%s: a share pool needs the period's fee income G", field);
		goto fail;
	}
	snprintf(field, sizeof field, "pool '%s'/share", p.id);
	if (p.type == DS_SETTLEMENT_SHARE) {
		ds_decimal *one = NULL;
		int above;
		if (!pool->share) {
			rc = ds__error_at(DS_EINVAL, 0, 0, field, "%s: a share pool needs k", field);
			goto fail;
		}
		if ((rc = ds_decimal_new(&one)) < 0)
			goto fail;
		ds_decimal_set_int64(one, 1);
		above = ds_decimal_cmp(pool->share, one) > 0;
		ds_decimal_free(one);
		if (ds_decimal_sign(pool->share) <= 0 || above) {
			rc = ds__error_at(DS_EINVAL, 0, 0, field, "%s: k must be above 0 and at most 1", field);
			goto fail;
		}
		if ((rc = ds_decimal_dup(&p.share, pool->share)) < 0)
			goto fail;
	} else if (pool->share) {
		rc = ds__error_at(DS_EINVAL, 0, 0, field, "%s: only a share pool has k", field);
		goto fail;
	}
	snprintf(field, sizeof field, "pool '%s'/amount", p.id);
	if (p.type == DS_SETTLEMENT_FIXED) {
		if ((rc = ds__decimal_to_fen(&p.amount, pool->amount, 1, field)) < 0)
			goto fail;
		/* F ≤ G: a pool cannot take more than the income it comes from. */
		if (p.has_income && p.amount > p.income) {
			rc = ds__error_at(DS_EINVAL, 0, 0, field, "%s: the fee is above the pool's income", field);
			goto fail;
		}
		magnitude += p.amount;
	} else if (pool->amount) {
		rc = ds__error_at(DS_EINVAL, 0, 0, field, "%s: only a fixed pool has an agreed amount", field);
		goto fail;
	}
	if ((rc = budget(s, magnitude, "pool")) < 0)
		goto fail;
	if (!(grown = ds__realloc(s->pools, (s->pool_count + 1) * sizeof *grown))) {
		s->magnitude -= magnitude;
		rc = ds__enomem();
		goto fail;
	}
	s->pools = grown;
	s->pools[s->pool_count++] = p;
	return DS_OK;
fail:
	free_pool(&p);
	return rc;
}

int ds_settlement_add_product(ds_settlement *s, const char *pool_id, const char *name, const ds_decimal *rate,
			      uint64_t calls)
{
	st_pool *p;
	st_product item, *grown;
	char field[128];
	int rc;

	if ((rc = pool_lookup(&p, s, pool_id)) < 0)
		return rc;
	memset(&item, 0, sizeof item);
	snprintf(field, sizeof field, "pool '%s'/product[%zu]", p->id, p->product_count + 1);
	if (p->type != DS_SETTLEMENT_PER_CALL)
		return ds__error_at(DS_EINVAL, 0, 0, field, "%s: only a per_call pool has charged products", field);
	if (!rate || ds_decimal_sign(rate) < 0)
		return ds__error_at(DS_EINVAL, 0, 0, field, "%s: the rate per call must be given and >= 0", field);
	if (calls > UINT64_C(1000000000000000))
		return ds__error_at(DS_ERANGE, 0, 0, field, "%s: more than 10^15 calls", field);
	if ((rc = copy_text(&item.name, name, 256, 0, field)) < 0)
		return rc;
	if ((rc = ds_decimal_dup(&item.rate, rate)) < 0)
		goto fail;
	item.calls = calls;
	if (!(grown = ds__realloc(p->products, (p->product_count + 1) * sizeof *grown))) {
		rc = ds__enomem();
		goto fail;
	}
	p->products = grown;
	p->products[p->product_count++] = item;
	return DS_OK;
fail:
	ds__free(item.name);
	ds_decimal_free(item.rate);
	return rc;
}

int ds_settlement_add_party(ds_settlement *s, const char *pool_id, const ds_settlement_party *party)
{
	st_pool *p;
	st_party item, *grown;
	char field[192];
	size_t i;
	int rc;

	if ((rc = pool_lookup(&p, s, pool_id)) < 0)
		return rc;
	if (!party)
		return ds__error(DS_EINVAL, "settlement: NULL party");
	memset(&item, 0, sizeof item);
	snprintf(field, sizeof field, "pool '%s'/party/id", p->id);
	if (party->version != DS_SETTLEMENT_PARTY_VERSION)
		return ds__error_at(DS_EINVAL, 0, 0, field, "pool '%s'/party: unknown version %u", p->id,
				    party->version);
	if ((rc = copy_text(&item.id, party->id, 64, 1, field)) < 0)
		return rc;
	for (i = 0; i < p->party_count; i++)
		if (strcmp(p->parties[i].id, item.id) == 0) {
			rc = ds__error_at(DS_EEXISTS, 0, 0, field, "pool '%s': party '%s' is already in the pool",
					  p->id, item.id);
			goto fail;
		}
	snprintf(field, sizeof field, "pool '%s'/party '%s'/name", p->id, item.id);
	if ((rc = copy_text(&item.name, party->name, 256, 0, field)) < 0)
		goto fail;
	snprintf(field, sizeof field, "pool '%s'/party '%s'/role", p->id, item.id);
	if ((rc = copy_text(&item.role, party->role, 64, 0, field)) < 0)
		goto fail;
	item.kind = party->kind;
	if (item.kind < DS_SETTLEMENT_ADMIN_UNIT || item.kind > DS_SETTLEMENT_COMPANY) {
		snprintf(field, sizeof field, "pool '%s'/party '%s'/kind", p->id, item.id);
		rc = ds__error_at(DS_EINVAL, 0, 0, field,
				  "%s: must be admin_unit, inst_unit, authority, public_enterprise or company", field);
		goto fail;
	}
	snprintf(field, sizeof field, "pool '%s'/party '%s'/weight", p->id, item.id);
	if (!party->weight || ds_decimal_sign(party->weight) < 0) {
		rc = ds__error_at(DS_EINVAL, 0, 0, field, "%s: a weight must be given and not negative", field);
		goto fail;
	}
	if ((rc = ds_decimal_dup(&item.weight, party->weight)) < 0)
		goto fail;
	if (!(grown = ds__realloc(p->parties, (p->party_count + 1) * sizeof *grown))) {
		rc = ds__enomem();
		goto fail;
	}
	p->parties = grown;
	p->parties[p->party_count++] = item;
	return DS_OK;
fail:
	ds__free(item.id);
	ds__free(item.name);
	ds__free(item.role);
	ds_decimal_free(item.weight);
	return rc;
}

int ds_settlement_add_free_use(ds_settlement *s, const char *pool_id, const char *user, ds_settlement_purpose purpose,
			       uint64_t calls)
{
	st_pool *p;
	st_free item, *grown;
	char field[128];
	int rc;

	if ((rc = pool_lookup(&p, s, pool_id)) < 0)
		return rc;
	snprintf(field, sizeof field, "pool '%s'/free[%zu]", p->id, p->free_count + 1);
	if (purpose != DS_SETTLEMENT_PUBLIC_GOVERNANCE && purpose != DS_SETTLEMENT_PUBLIC_WELFARE)
		return ds__error_at(DS_EINVAL, 0, 0, field, "%s: purpose must be public_governance or public_welfare",
				    field);
	if (calls > UINT64_C(1000000000000000))
		return ds__error_at(DS_ERANGE, 0, 0, field, "%s: more than 10^15 calls", field);
	memset(&item, 0, sizeof item);
	if ((rc = copy_text(&item.user, user, 256, 1, field)) < 0)
		return rc;
	item.purpose = purpose;
	item.calls = calls;
	if (!(grown = ds__realloc(p->frees, (p->free_count + 1) * sizeof *grown))) {
		ds__free(item.user);
		return ds__enomem();
	}
	p->frees = grown;
	p->frees[p->free_count++] = item;
	return DS_OK;
}
