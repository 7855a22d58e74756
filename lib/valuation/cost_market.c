/*
 * 成本法 (2023: P = C × δ; 2019: P = TC × (1 + R) × U) and 市场法
 * (P_i = C_i × Π coefficients, P = Σ w_i P_i / Σ w_i).
 * SPDX-License-Identifier: MIT
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "valuation_internal.h"

/* ---------------------------------------------------------------- 2023 form */

static const char *const component_zh[] = { "前期费用", "直接成本", "间接成本", "机会成本", "相关税费" };
static const char *const component_en[] = { "preliminary costs", "direct costs", "indirect costs", "opportunity cost",
					    "related taxes and fees" };

static int check_cost(const ds_valuation_cost_params *p, const vconst *c)
{
	char field[64];
	size_t k;
	int rc;

	if (!p)
		return ds__error(DS_EINVAL, "cost: NULL parameters");
	if (p->version != DS_VALUATION_COST_PARAMS_VERSION)
		return ds__error_at(DS_EINVAL, 0, 0, "version", "cost: unknown parameters version %u", p->version);
	if ((rc = ds__val_need(p->components, "components")) < 0)
		return rc;
	if (p->n_components == 0 || p->n_components > 5)
		return ds__error_at(
			DS_EINVAL, 0, 0, "components",
			"cost: %zu cost components (重置成本 has 1 to 5: 前期费用, 直接成本, 间接成本, 机会成本, 相关税费)",
			p->n_components);
	for (k = 0; k < p->n_components; k++) {
		snprintf(field, sizeof field, "components[%zu]", k + 1);
		if ((rc = ds__val_range(p->components[k], field, c->zero, 1, NULL, 0)) < 0)
			return rc;
	}
	switch (p->adjustment) {
	case DS_ADJUST_GIVEN: return ds__val_range(p->delta, "delta", c->zero, 0, c->one, 1);
	case DS_ADJUST_LIFE:
		if ((rc = ds__val_range(p->elapsed_life, "elapsed_life", c->zero, 1, NULL, 0)) < 0)
			return rc;
		return ds__val_range(p->remaining_life, "remaining_life", c->zero, 0, NULL, 0);
	case DS_ADJUST_QUALITY: return ds__val_range(p->quality, "quality", c->zero, 0, c->one, 1);
	case DS_ADJUST_DEPRECIATION: return ds__val_range(p->depreciation, "depreciation", c->zero, 1, c->one, 0);
	}
	return ds__error_at(DS_EINVAL, 0, 0, "adjustment", "cost: unknown adjustment %d", (int)p->adjustment);
}

int ds_valuation_cost(ds_valuation *v, const ds_valuation_cost_params *p, const ds_valuation_options *opts)
{
	ds_decimal *total, *delta, *tmp;
	char sym[32];
	vopts o;
	vtrace *tr;
	size_t k;
	int rc;

	if (!v)
		return ds__error(DS_EINVAL, "cost: NULL valuation");
	if ((rc = ds__val_opts(&o, opts)) < 0 || (rc = check_cost(p, &v->c)) < 0 || (rc = ds__val_pool(v, 3)) < 0)
		return rc;
	total = v->pool[0];
	delta = v->pool[1];
	tmp = v->pool[2];
	tr = ds__val_begin(v, &o);
	ds_decimal_set_int64(total, 0);
	for (k = 0; k < p->n_components; k++) {
		snprintf(sym, sizeof sym, "C_%zu", k + 1);
		ds__trace_add(tr, sym, component_zh[k], component_en[k], "given", p->components[k], 2);
		if ((rc = ds_decimal_add(total, total, p->components[k])) < 0)
			goto finish;
	}
	ds__trace_add(tr, "C", "重置成本", "replacement cost", p->n_components > 1 ? "Σ C_k" : "C_1", total, 2);
	switch (p->adjustment) {
	case DS_ADJUST_GIVEN:
		rc = ds_decimal_set(delta, p->delta);
		ds__trace_add(tr, "δ", "价值调整系数", "value adjustment coefficient", "given", delta, 6);
		break;
	case DS_ADJUST_LIFE:
		ds__trace_add(tr, "T_e", "已使用年限", "elapsed life", "given", p->elapsed_life, 4);
		ds__trace_add(tr, "T_r", "剩余经济寿命", "remaining economic life", "given", p->remaining_life, 4);
		if ((rc = ds_decimal_add(tmp, p->elapsed_life, p->remaining_life)) < 0 ||
		    (rc = ds_decimal_div(delta, p->remaining_life, tmp)) < 0)
			goto finish;
		ds__trace_add(tr, "δ", "价值调整系数 (剩余经济寿命法)", "value adjustment coefficient by life",
			      "T_r / (T_e + T_r)", delta, 6);
		break;
	case DS_ADJUST_QUALITY:
		rc = ds_decimal_set(delta, p->quality);
		ds__trace_add(tr, "δ", "价值调整系数 (质量系数)", "value adjustment coefficient from quality",
			      "Σ w_k q_k", delta, 6);
		break;
	case DS_ADJUST_DEPRECIATION:
		ds__trace_add(tr, "d", "贬值率", "depreciation rate", "given", p->depreciation, 6);
		rc = ds_decimal_sub(delta, v->c.one, p->depreciation);
		ds__trace_add(tr, "δ", "价值调整系数", "value adjustment coefficient", "1 − d", delta, 6);
		break;
	}
	if (rc < 0 || (rc = ds_decimal_mul(v->pending, total, delta)) < 0)
		goto finish;
	ds__trace_add(tr, "P", "成本法评估值", "value by the cost approach", "C × δ", v->pending, 2);
finish:
	return ds__val_finish(v, rc);
}

/* ---------------------------------------------------------------- 2019 form */

int ds_valuation_cost2019(ds_valuation *v, const ds_valuation_cost2019_params *p, const ds_valuation_options *opts)
{
	static const char *const cost_zh[] = { "建设成本", "运维成本", "管理成本" };
	static const char *const cost_en[] = { "construction cost", "operation and maintenance cost",
					       "management cost" };
	ds_decimal *total, *utility, *tmp;
	char field[32], sym[32];
	vopts o;
	vtrace *tr;
	size_t k;
	int rc;

	if (!v)
		return ds__error(DS_EINVAL, "cost2019: NULL valuation");
	if ((rc = ds__val_opts(&o, opts)) < 0)
		return rc;
	if (!p)
		return ds__error(DS_EINVAL, "cost2019: NULL parameters");
	if (p->version != DS_VALUATION_COST2019_PARAMS_VERSION)
		return ds__error_at(DS_EINVAL, 0, 0, "version", "cost2019: unknown parameters version %u", p->version);
	if ((rc = ds__val_need(p->costs, "costs")) < 0)
		return rc;
	if (p->n_costs == 0 || p->n_costs > 3)
		return ds__error_at(DS_EINVAL, 0, 0, "costs",
				    "cost2019: %zu costs (TC has 1 to 3: 建设成本, 运维成本, 管理成本)", p->n_costs);
	for (k = 0; k < p->n_costs; k++) {
		snprintf(field, sizeof field, "costs[%zu]", k + 1);
		if ((rc = ds__val_range(p->costs[k], field, v->c.zero, 1, NULL, 0)) < 0)
			return rc;
	}
	if ((rc = ds__val_range(p->return_rate, "return_rate", v->c.minus_one, 0, NULL, 0)) < 0 ||
	    (rc = ds__val_range(p->quality, "quality", v->c.zero, 0, NULL, 0)) < 0 ||
	    (rc = ds__val_range(p->circulation, "circulation", v->c.zero, 0, NULL, 0)) < 0 ||
	    (rc = ds__val_range(p->monopoly, "monopoly", v->c.minus_one, 0, NULL, 0)) < 0 ||
	    (rc = ds__val_range(p->risk, "risk", v->c.zero, 1, v->c.one, 0)) < 0)
		return rc;
	if ((rc = ds__val_pool(v, 3)) < 0)
		return rc;
	total = v->pool[0];
	utility = v->pool[1];
	tmp = v->pool[2];
	tr = ds__val_begin(v, &o);
	ds_decimal_set_int64(total, 0);
	for (k = 0; k < p->n_costs; k++) {
		snprintf(sym, sizeof sym, "TC_%zu", k + 1);
		if (p->n_costs > 1)
			ds__trace_add(tr, sym, cost_zh[k], cost_en[k], "given", p->costs[k], 2);
		if ((rc = ds_decimal_add(total, total, p->costs[k])) < 0)
			goto finish;
	}
	ds__trace_add(tr, "TC", "总成本", "total cost", p->n_costs > 1 ? "Σ TC_k" : "given", total, 2);
	ds__trace_add(tr, "R", "成本回报率", "reasonable return on cost", "given", p->return_rate, 6);
	ds__trace_add(tr, "α", "数据质量系数", "data quality coefficient", "given", p->quality, 6);
	ds__trace_add(tr, "β", "数据流通系数", "data circulation coefficient", "given", p->circulation, 6);
	ds__trace_add(tr, "l", "数据垄断系数", "data monopoly coefficient", "given", p->monopoly, 6);
	ds__trace_add(tr, "r", "数据价值实现风险系数", "value realisation risk coefficient", "given", p->risk, 6);
	if ((rc = ds_decimal_mul(utility, p->quality, p->circulation)) < 0 ||
	    (rc = ds_decimal_add(tmp, v->c.one, p->monopoly)) < 0 || (rc = ds_decimal_mul(utility, utility, tmp)) < 0 ||
	    (rc = ds_decimal_sub(tmp, v->c.one, p->risk)) < 0 || (rc = ds_decimal_mul(utility, utility, tmp)) < 0)
		goto finish;
	ds__trace_add(tr, "U", "数据效用", "data utility", "α × β × (1 + l) × (1 − r)", utility, 6);
	if ((rc = ds_decimal_add(tmp, v->c.one, p->return_rate)) < 0 ||
	    (rc = ds_decimal_mul(v->pending, total, tmp)) < 0 ||
	    (rc = ds_decimal_mul(v->pending, v->pending, utility)) < 0)
		goto finish;
	ds__trace_add(tr, "P", "成本法评估值 (2019)", "value by the cost approach, 2019 form", "TC × (1 + R) × U",
		      v->pending, 2);
finish:
	return ds__val_finish(v, rc);
}

/* ---------------------------------------------------------------- market approach */

typedef struct coefficient_kind {
	const char *id, *zh, *symbol, *ratio_en;
} coefficient_kind;

static const coefficient_kind coefficient_kinds[] = {
	{ "quality", "质量调整系数", "α", "subject quality score / comparable quality score" },
	{ "supply_demand", "供求调整系数", "β", "subject / comparable" },
	{ "date", "期日调整系数", "γ", "price index at the valuation date / index at the trade date" },
	{ "volume", "容量调整系数", "δ", "subject volume / comparable volume" },
	{ "other", "其他调整系数", "ε", "subject / comparable" },
	{ "technical", "技术修正系数", "T", "subject / comparable" },
	{ "value_density", "价值密度修正系数", "D", "subject value density / comparable value density" },
};
#define KIND_COUNT (sizeof coefficient_kinds / sizeof coefficient_kinds[0])

static const coefficient_kind *kind_of(const char *name)
{
	size_t k;

	for (k = 0; k < KIND_COUNT; k++)
		if (strcmp(name, coefficient_kinds[k].id) == 0 || strcmp(name, coefficient_kinds[k].zh) == 0)
			return &coefficient_kinds[k];
	/* The 2019 names of the shared coefficients. */
	if (strcmp(name, "期日修正系数") == 0)
		return &coefficient_kinds[2];
	if (strcmp(name, "容量修正系数") == 0)
		return &coefficient_kinds[3];
	if (strcmp(name, "其他修正系数") == 0)
		return &coefficient_kinds[4];
	return NULL;
}

static int check_market(const ds_valuation_market_params *p, const vconst *c)
{
	char field[96];
	size_t i, k, m, weighted = 0;
	int rc;

	if (!p)
		return ds__error(DS_EINVAL, "market: NULL parameters");
	if (p->version != DS_VALUATION_MARKET_PARAMS_VERSION)
		return ds__error_at(DS_EINVAL, 0, 0, "version", "market: unknown parameters version %u", p->version);
	if (!p->comparables || p->n_comparables == 0)
		return ds__error_at(DS_EINVAL, 0, 0, "comparables", "market: no comparable transactions (可比案例)");
	for (i = 0; i < p->n_comparables; i++) {
		const ds_market_comparable *cmp = &p->comparables[i];
		snprintf(field, sizeof field, "comparables[%zu]/price", i + 1);
		if ((rc = ds__val_range(cmp->price, field, c->zero, 1, NULL, 0)) < 0)
			return rc;
		if (cmp->n_coefficients && !cmp->coefficients) {
			snprintf(field, sizeof field, "comparables[%zu]/coefficients", i + 1);
			return ds__val_need(NULL, field);
		}
		for (k = 0; k < cmp->n_coefficients; k++) {
			const ds_market_coefficient *co = &cmp->coefficients[k];
			snprintf(field, sizeof field, "comparables[%zu]/coefficients[%zu]/name", i + 1, k + 1);
			if ((rc = ds__val_need(co->name, field)) < 0)
				return rc;
			if (!kind_of(co->name))
				return ds__error_at(
					DS_EINVAL, 0, 0, field,
					"%s: unknown coefficient '%s' (known: quality, supply_demand, date, "
					"volume, other, technical, value_density)",
					field, co->name);
			for (m = 0; m < k; m++)
				if (kind_of(cmp->coefficients[m].name) == kind_of(co->name))
					return ds__error_at(DS_EINVAL, 0, 0, field, "%s: coefficient '%s' given twice",
							    field, co->name);
			if (co->value) {
				snprintf(field, sizeof field, "comparables[%zu]/coefficients[%zu]/value", i + 1, k + 1);
				if ((rc = ds__val_range(co->value, field, c->zero, 0, NULL, 0)) < 0)
					return rc;
				continue;
			}
			if (!co->subject || !co->comparable) {
				snprintf(field, sizeof field, "comparables[%zu]/coefficients[%zu]", i + 1, k + 1);
				return ds__error_at(DS_EINVAL, 0, 0, field,
						    "%s: give the coefficient's value, or both subject and comparable",
						    field);
			}
			snprintf(field, sizeof field, "comparables[%zu]/coefficients[%zu]/subject", i + 1, k + 1);
			if ((rc = ds__val_range(co->subject, field, c->zero, 0, NULL, 0)) < 0)
				return rc;
			snprintf(field, sizeof field, "comparables[%zu]/coefficients[%zu]/comparable", i + 1, k + 1);
			if ((rc = ds__val_range(co->comparable, field, c->zero, 0, NULL, 0)) < 0)
				return rc;
		}
		if (cmp->weight) {
			weighted++;
			snprintf(field, sizeof field, "comparables[%zu]/weight", i + 1);
			if ((rc = ds__val_range(cmp->weight, field, c->zero, 1, NULL, 0)) < 0)
				return rc;
		}
	}
	if (weighted != 0 && weighted != p->n_comparables)
		return ds__error_at(DS_EINVAL, 0, 0, "comparables",
				    "market: weights given for %zu of %zu comparables (give all or none)", weighted,
				    p->n_comparables);
	return DS_OK;
}

int ds_valuation_market(ds_valuation *v, const ds_valuation_market_params *p, const ds_valuation_options *opts)
{
	ds_decimal *adjusted, *coefficient, *weighted_sum, *weight_sum, *term;
	char sym[64], zh[160], en[160], formula[256], label[64];
	vopts o;
	vtrace *tr;
	size_t i, k;
	int rc, len;

	if (!v)
		return ds__error(DS_EINVAL, "market: NULL valuation");
	if ((rc = ds__val_opts(&o, opts)) < 0 || (rc = check_market(p, &v->c)) < 0 || (rc = ds__val_pool(v, 5)) < 0)
		return rc;
	adjusted = v->pool[0];
	coefficient = v->pool[1];
	weighted_sum = v->pool[2];
	weight_sum = v->pool[3];
	term = v->pool[4];
	tr = ds__val_begin(v, &o);
	ds_decimal_set_int64(weighted_sum, 0);
	ds_decimal_set_int64(weight_sum, 0);
	for (i = 0; i < p->n_comparables; i++) {
		const ds_market_comparable *cmp = &p->comparables[i];
		if (cmp->label)
			snprintf(label, sizeof label, "%s", cmp->label);
		else
			snprintf(label, sizeof label, "案例%zu", i + 1);
		snprintf(sym, sizeof sym, "C_%zu", i + 1);
		snprintf(zh, sizeof zh, "可比案例交易价格 %s", label);
		snprintf(en, sizeof en, "price of comparable %zu", i + 1);
		ds__trace_add(tr, sym, zh, en, "given", cmp->price, 2);
		if ((rc = ds_decimal_set(adjusted, cmp->price)) < 0)
			goto finish;
		len = snprintf(formula, sizeof formula, "C_%zu", i + 1);
		for (k = 0; k < cmp->n_coefficients; k++) {
			const ds_market_coefficient *co = &cmp->coefficients[k];
			const coefficient_kind *kind = kind_of(co->name);
			if (co->value)
				rc = ds_decimal_set(coefficient, co->value);
			else
				rc = ds_decimal_div(coefficient, co->subject, co->comparable);
			if (rc < 0 || (rc = ds_decimal_mul(adjusted, adjusted, coefficient)) < 0)
				goto finish;
			snprintf(sym, sizeof sym, "%s_%zu", kind->symbol, i + 1);
			snprintf(zh, sizeof zh, "%s %s", kind->zh, label);
			snprintf(en, sizeof en, "%s coefficient of comparable %zu", kind->id, i + 1);
			if (co->value) {
				ds__trace_add(tr, sym, zh, en, "given", coefficient, 6);
			} else {
				char ratio[192];
				char *s_text = NULL, *c_text = NULL;
				/* Out of memory is the valuation's failure, never a "?" in its trace. */
				if ((rc = ds__val_exact_text(&s_text, co->subject)) < 0 ||
				    (rc = ds__val_exact_text(&c_text, co->comparable)) < 0) {
					ds_free(s_text);
					goto finish;
				}
				snprintf(ratio, sizeof ratio, "%s / %s (%s)", s_text, c_text, kind->ratio_en);
				ds_free(s_text);
				ds_free(c_text);
				ds__trace_add(tr, sym, zh, en, ratio, coefficient, 6);
			}
			if (len > 0 && (size_t)len < sizeof formula)
				len += snprintf(formula + len, sizeof formula - (size_t)len, " × %s", sym);
		}
		snprintf(sym, sizeof sym, "P_%zu", i + 1);
		snprintf(zh, sizeof zh, "修正后价格 %s", label);
		snprintf(en, sizeof en, "adjusted price of comparable %zu", i + 1);
		ds__trace_add(tr, sym, zh, en, formula, adjusted, 2);
		if (cmp->weight) {
			snprintf(sym, sizeof sym, "w_%zu", i + 1);
			ds__trace_add(tr, sym, "权重", "weight", "given", cmp->weight, 6);
			if ((rc = ds_decimal_mul(term, adjusted, cmp->weight)) < 0 ||
			    (rc = ds_decimal_add(weight_sum, weight_sum, cmp->weight)) < 0)
				goto finish;
		} else {
			if ((rc = ds_decimal_set(term, adjusted)) < 0 ||
			    (rc = ds_decimal_add(weight_sum, weight_sum, v->c.one)) < 0)
				goto finish;
		}
		if ((rc = ds_decimal_add(weighted_sum, weighted_sum, term)) < 0)
			goto finish;
	}
	if (ds_decimal_is_zero(weight_sum)) {
		rc = ds__error_at(DS_ERANGE, 0, 0, "comparables", "market: the weights sum to 0");
		goto finish;
	}
	if ((rc = ds_decimal_div(v->pending, weighted_sum, weight_sum)) < 0)
		goto finish;
	ds__trace_add(tr, "P", "市场法评估值", "value by the market approach",
		      p->comparables[0].weight ? "Σ w_i P_i / Σ w_i" : "Σ P_i / n (equal weights)", v->pending, 2);
finish:
	return ds__val_finish(v, rc);
}
