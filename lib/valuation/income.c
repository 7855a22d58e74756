/*
 * 收益法: the income approach, P = Σ F_t / Π_{s<=t}(1 + i_s) (+ TV / Π(1 + i_s)),
 * with the four forecast variants of the 模型示例, end-of-period (exact) or
 * mid-period timing, and the sensitivity table.
 * SPDX-License-Identifier: MIT
 */
#include "config.h"

#include <limits.h>
#include <stdio.h>
#include <string.h>

#include "internal/decimal.h"
#include "valuation_internal.h"

/* Working numbers of one discounting: the mid-period amounts (n) and these. */
enum { W_SQRT, W_GROWTH, W_DEN, W_FACTOR, W_TERM, W_SUM, W_EXTRA };

static const char *const method_zh[] = { "直接收益预测", "分成收益预测", "超额收益预测", "增量收益预测" };

#define RATE(p, t) ((p)->rates[(p)->n_rates == 1 ? 0 : (t)])

/* Every check before any arithmetic, so a refused input changes nothing. */
static int check_income(const ds_valuation_income_params *p, const vconst *c)
{
	char field[64];
	size_t t, j;
	int rc;

	if (!p)
		return ds__error(DS_EINVAL, "income: NULL parameters");
	if (p->version != DS_VALUATION_INCOME_PARAMS_VERSION)
		return ds__error_at(DS_EINVAL, 0, 0, "version", "income: unknown parameters version %u", p->version);
	if ((int)p->method < DS_INCOME_DIRECT || (int)p->method > DS_INCOME_INCREMENTAL)
		return ds__error_at(DS_EINVAL, 0, 0, "method", "income: unknown method %d", (int)p->method);
	if ((int)p->timing != DS_TIMING_END && (int)p->timing != DS_TIMING_MID)
		return ds__error_at(DS_EINVAL, 0, 0, "timing", "income: unknown timing %d", (int)p->timing);
	if (p->periods == 0)
		return ds__error_at(DS_EINVAL, 0, 0, "periods", "income: no periods (收益期 must be at least 1)");
	if (p->periods > DS_VALUATION_MAX_PERIODS)
		return ds__error_at(DS_ERANGE, 0, 0, "periods", "income: %zu periods, at most %d", p->periods,
				    DS_VALUATION_MAX_PERIODS);
	if ((rc = ds__val_need(p->income, "income")) < 0 || (rc = ds__val_need(p->rates, "rates")) < 0)
		return rc;
	if (p->n_rates != 1 && p->n_rates != p->periods)
		return ds__error_at(DS_EINVAL, 0, 0, "rates",
				    "income: %zu discount rates for %zu periods (give 1 or %zu)", p->n_rates,
				    p->periods, p->periods);
	for (t = 0; t < p->n_rates; t++) {
		if (p->rates[t] && ds_decimal_cmp(p->rates[t], c->minus_one) > 0)
			continue;
		snprintf(field, sizeof field, "rates[%zu]", t + 1);
		if ((rc = ds__val_range(p->rates[t], field, c->minus_one, 0, NULL, 0)) < 0) {
			ds__error_prefix("discount rate must be greater than -100%: ");
			return rc;
		}
	}
	for (t = 0; t < p->periods; t++) {
		if (p->income[t])
			continue;
		snprintf(field, sizeof field, "income[%zu]", t + 1);
		return ds__val_need(NULL, field);
	}
	switch (p->method) {
	case DS_INCOME_SHARE:
		if ((rc = ds__val_need(p->shares, "shares")) < 0)
			return rc;
		if (p->n_shares != 1 && p->n_shares != p->periods)
			return ds__error_at(DS_EINVAL, 0, 0, "shares",
					    "income: %zu share rates for %zu periods (give 1 or %zu)", p->n_shares,
					    p->periods, p->periods);
		for (t = 0; t < p->n_shares; t++) {
			snprintf(field, sizeof field, "shares[%zu]", t + 1);
			if ((rc = ds__val_range(p->shares[t], field, c->zero, 1, c->one, 1)) < 0)
				return rc;
		}
		break;
	case DS_INCOME_INCREMENTAL:
		if ((rc = ds__val_need(p->baseline, "baseline")) < 0)
			return rc;
		for (t = 0; t < p->periods; t++) {
			snprintf(field, sizeof field, "baseline[%zu]", t + 1);
			if ((rc = ds__val_need(p->baseline[t], field)) < 0)
				return rc;
		}
		break;
	case DS_INCOME_EXCESS:
		if ((rc = ds__val_need(p->contributions, "contributions")) < 0)
			return rc;
		if (p->n_contributors == 0)
			return ds__error_at(DS_EINVAL, 0, 0, "n_contributors",
					    "income: excess earnings need at least one contributory asset");
		for (t = 0; t < p->periods; t++)
			for (j = 0; j < p->n_contributors; j++) {
				snprintf(field, sizeof field, "contributions[%zu][%zu]", t + 1, j + 1);
				if ((rc = ds__val_need(p->contributions[t * p->n_contributors + j], field)) < 0)
					return rc;
			}
		if (p->contributor_names)
			for (j = 0; j < p->n_contributors; j++) {
				snprintf(field, sizeof field, "contributor_names[%zu]", j + 1);
				if ((rc = ds__val_need(p->contributor_names[j], field)) < 0)
					return rc;
			}
		break;
	default: break;
	}
	return DS_OK;
}

/* Record F_t and its inputs in the trace. */
static void trace_forecast(const ds_decimal *const *flows, const ds_valuation_income_params *p, vtrace *tr)
{
	char sym[64], zh[128], en[160], formula[256], name[32];
	size_t t, j;
	int len;

	for (t = 0; t < p->periods; t++) {
		switch (p->method) {
		case DS_INCOME_DIRECT: snprintf(formula, sizeof formula, "given (%s)", method_zh[p->method]); break;
		case DS_INCOME_SHARE:
			snprintf(sym, sizeof sym, "R_%zu", t + 1);
			snprintf(zh, sizeof zh, "第%zu期业务收益", t + 1);
			snprintf(en, sizeof en, "revenue or profit using the data, period %zu", t + 1);
			ds__trace_add(tr, sym, zh, en, "given", p->income[t], 2);
			if (p->n_shares == 1) {
				if (t == 0)
					ds__trace_add(tr, "K", "分成率", "share rate", "given", p->shares[0], 6);
				snprintf(formula, sizeof formula, "R_%zu × K", t + 1);
			} else {
				snprintf(sym, sizeof sym, "K_%zu", t + 1);
				snprintf(zh, sizeof zh, "第%zu期分成率", t + 1);
				snprintf(en, sizeof en, "share rate, period %zu", t + 1);
				ds__trace_add(tr, sym, zh, en, "given", p->shares[t], 6);
				snprintf(formula, sizeof formula, "R_%zu × K_%zu", t + 1, t + 1);
			}
			break;
		case DS_INCOME_EXCESS:
			snprintf(sym, sizeof sym, "R_%zu", t + 1);
			snprintf(zh, sizeof zh, "第%zu期资产组收益", t + 1);
			snprintf(en, sizeof en, "income of the asset group, period %zu", t + 1);
			ds__trace_add(tr, sym, zh, en, "given", p->income[t], 2);
			len = snprintf(formula, sizeof formula, "R_%zu − (", t + 1);
			for (j = 0; j < p->n_contributors; j++) {
				const char *who = p->contributor_names ? p->contributor_names[j] : name;
				if (!p->contributor_names)
					snprintf(name, sizeof name, "C%zu", j + 1);
				snprintf(sym, sizeof sym, "C_{%zu,%zu}", t + 1, j + 1);
				snprintf(zh, sizeof zh, "第%zu期贡献资产回报 %s", t + 1, who);
				snprintf(en, sizeof en, "contributory asset return %s, period %zu", who, t + 1);
				ds__trace_add(tr, sym, zh, en, "given", p->contributions[t * p->n_contributors + j], 2);
				if (len > 0 && (size_t)len < sizeof formula)
					len += snprintf(formula + len, sizeof formula - (size_t)len, "%s%s",
							j ? " + " : "", sym);
			}
			if (len > 0 && (size_t)len < sizeof formula)
				snprintf(formula + len, sizeof formula - (size_t)len, ")");
			break;
		case DS_INCOME_INCREMENTAL:
			snprintf(sym, sizeof sym, "R'_%zu", t + 1);
			snprintf(zh, sizeof zh, "第%zu期使用数据资产的收益", t + 1);
			snprintf(en, sizeof en, "income with the data asset, period %zu", t + 1);
			ds__trace_add(tr, sym, zh, en, "given", p->income[t], 2);
			snprintf(sym, sizeof sym, "R_%zu", t + 1);
			snprintf(zh, sizeof zh, "第%zu期不使用数据资产的收益", t + 1);
			snprintf(en, sizeof en, "income without the data asset, period %zu", t + 1);
			ds__trace_add(tr, sym, zh, en, "given", p->baseline[t], 2);
			snprintf(formula, sizeof formula, "R'_%zu − R_%zu", t + 1, t + 1);
			break;
		}
		snprintf(sym, sizeof sym, "F_%zu", t + 1);
		snprintf(zh, sizeof zh, "第%zu期数据资产收益", t + 1);
		snprintf(en, sizeof en, "income attributable to the data asset, period %zu", t + 1);
		ds__trace_add(tr, sym, zh, en, formula, flows[t], 2);
	}
}

/* F_t into flows[t]: the caller's own numbers for the direct method, else
 * computed into work[t]; with the inputs in the trace. */
static int forecast(const ds_decimal **flows, ds_decimal *const *work, const ds_valuation_income_params *p, vtrace *tr)
{
	size_t t, j;
	int rc = DS_OK;

	for (t = 0; t < p->periods && rc == DS_OK; t++) {
		ds_decimal *f = work[t];
		switch (p->method) {
		case DS_INCOME_DIRECT: flows[t] = p->income[t]; continue;
		case DS_INCOME_SHARE: rc = ds_decimal_mul(f, p->income[t], p->shares[p->n_shares == 1 ? 0 : t]); break;
		case DS_INCOME_EXCESS:
			rc = ds_decimal_set(f, p->income[t]);
			for (j = 0; j < p->n_contributors && rc == DS_OK; j++)
				rc = ds_decimal_sub(f, f, p->contributions[t * p->n_contributors + j]);
			break;
		case DS_INCOME_INCREMENTAL: rc = ds_decimal_sub(f, p->income[t], p->baseline[t]); break;
		}
		flows[t] = f;
	}
	if (rc == DS_OK && !tr->off)
		trace_forecast(flows, p, tr);
	return rc;
}

/* The trace of the discounting, period by period; its sum is checked against
 * the fast result so the two can never disagree silently. */
static int trace_discount(const ds_decimal *result, const ds_decimal *const *amounts, size_t n,
			  ds_decimal *const *rates, size_t n_rates, ds_timing timing, const ds_decimal *tv,
			  ds_decimal *const *w, vtrace *tr)
{
	char sym[64], zh[128], en[128], formula[256];
	size_t t;
	int rc;

	ds_decimal_set_int64(w[W_DEN], 1);
	ds_decimal_set_int64(w[W_SUM], 0);
	for (t = 0; t < n; t++) {
		const ds_decimal *rate = rates[n_rates == 1 ? 0 : t];
		ds_decimal_set_int64(w[W_GROWTH], 1);
		if ((rc = ds_decimal_add(w[W_GROWTH], w[W_GROWTH], rate)) < 0 ||
		    (rc = ds_decimal_mul(w[W_DEN], w[W_DEN], w[W_GROWTH])) < 0)
			return rc;
		if (t == 0 || n_rates != 1) {
			snprintf(sym, sizeof sym, n_rates == 1 ? "i" : "i_%zu", t + 1);
			snprintf(zh, sizeof zh, n_rates == 1 ? "折现率" : "第%zu期折现率", t + 1);
			snprintf(en, sizeof en, n_rates == 1 ? "discount rate" : "discount rate, period %zu", t + 1);
			ds__trace_add(tr, sym, zh, en, "given", rate, 6);
		}
		/* factor = (F_t × √(1+i_t))/F_t / D_t for mid-period, 1/D_t at the end. */
		if ((rc = ds_decimal_div(w[W_TERM], amounts[t], w[W_DEN])) < 0)
			return rc;
		ds_decimal_set_int64(w[W_FACTOR], 1);
		if ((rc = ds_decimal_div(w[W_FACTOR], w[W_FACTOR], w[W_DEN])) < 0)
			return rc;
		snprintf(sym, sizeof sym, "d_%zu", t + 1);
		snprintf(zh, sizeof zh, "第%zu期折现系数", t + 1);
		snprintf(en, sizeof en, "discount factor, period %zu (end)", t + 1);
		if (n_rates == 1)
			snprintf(formula, sizeof formula, "1 / (1 + i)^%zu", t + 1);
		else
			snprintf(formula, sizeof formula, "1 / Π_{s<=%zu} (1 + i_s)", t + 1);
		ds__trace_add(tr, sym, zh, en, formula, w[W_FACTOR], 10);
		snprintf(sym, sizeof sym, "PV_%zu", t + 1);
		snprintf(zh, sizeof zh, "第%zu期收益现值", t + 1);
		snprintf(en, sizeof en, "present value, period %zu", t + 1);
		if (timing == DS_TIMING_MID)
			snprintf(formula, sizeof formula, "F_%zu × %s × d_%zu", t + 1, n_rates == 1 ? "s" : "s_t",
				 t + 1);
		else
			snprintf(formula, sizeof formula, "F_%zu × d_%zu", t + 1, t + 1);
		ds__trace_add(tr, sym, zh, en, formula, w[W_TERM], 2);
		if ((rc = ds_decimal_add(w[W_SUM], w[W_SUM], w[W_TERM])) < 0)
			return rc;
	}
	if (tv) {
		if ((rc = ds_decimal_div(w[W_TERM], tv, w[W_DEN])) < 0 ||
		    (rc = ds_decimal_add(w[W_SUM], w[W_SUM], w[W_TERM])) < 0)
			return rc;
		ds__trace_add(tr, "TV", "终值", "terminal value at the end of period n", "given", tv, 2);
		snprintf(formula, sizeof formula, "TV × d_%zu", n);
		ds__trace_add(tr, "PV_TV", "终值现值", "present value of the terminal value", formula, w[W_TERM], 2);
	}
	if (ds_decimal_cmp(w[W_SUM], result) != 0)
		return ds__error(DS_EINTERNAL, "income: the trace's sum differs from the result");
	return DS_OK;
}

/* r = Σ amounts / D_t (+ TV / D_n), amounts = F_t (end) or F_t × √(1+i_t) (mid). */
static int discount(ds_decimal *r, const ds_decimal *const *flows, size_t n, ds_decimal *const *rates, size_t n_rates,
		    ds_timing timing, const ds_decimal *tv, ds_decimal *const *amounts, ds_decimal *const *w,
		    unsigned int precision, vtrace *tr)
{
	const ds_decimal *const *use = flows;
	char sym[64], zh[128], en[128], formula[256];
	size_t t;
	int rc;

	if (timing == DS_TIMING_MID) {
		for (t = 0; t < n; t++) {
			if (t == 0 || n_rates != 1) {
				ds_decimal_set_int64(w[W_GROWTH], 1);
				if ((rc = ds_decimal_add(w[W_GROWTH], w[W_GROWTH], rates[n_rates == 1 ? 0 : t])) < 0 ||
				    (rc = ds__val_sqrt(w[W_SQRT], w[W_GROWTH], precision)) < 0)
					return rc;
				snprintf(sym, sizeof sym, n_rates == 1 ? "s" : "s_%zu", t + 1);
				snprintf(zh, sizeof zh, "期中折现调整 √(1+i)");
				snprintf(en, sizeof en, "mid-period adjustment, period %zu", t + 1);
				snprintf(formula, sizeof formula,
					 "√(1 + %s) truncated to %u significant digits (GMP integer square root)",
					 n_rates == 1 ? "i" : "i_t", precision);
				ds__trace_add(tr, sym, zh, en, formula, w[W_SQRT], 12);
			}
			if ((rc = ds_decimal_mul(amounts[t], flows[t], w[W_SQRT])) < 0)
				return rc;
		}
		use = (const ds_decimal *const *)amounts;
	}
	if (!(n_rates == 1 && ds__decimal_present_value_small(r, use, n, rates[0])) &&
	    (rc = ds_decimal_present_value(r, (ds_decimal *const *)use, n, rates, n_rates)) < 0)
		return rc;
	if (tv) {
		ds_decimal_set_int64(w[W_DEN], 1);
		for (t = 0; t < n; t++) {
			ds_decimal_set_int64(w[W_GROWTH], 1);
			if ((rc = ds_decimal_add(w[W_GROWTH], w[W_GROWTH], rates[n_rates == 1 ? 0 : t])) < 0 ||
			    (rc = ds_decimal_mul(w[W_DEN], w[W_DEN], w[W_GROWTH])) < 0)
				return rc;
		}
		if ((rc = ds_decimal_div(w[W_TERM], tv, w[W_DEN])) < 0 || (rc = ds_decimal_add(r, r, w[W_TERM])) < 0)
			return rc;
	}
	if (!tr->off)
		return trace_discount(r, use, n, rates, n_rates, timing, tv, w, tr);
	return DS_OK;
}

int ds_valuation_income(ds_valuation *v, const ds_valuation_income_params *p, const ds_valuation_options *opts)
{
	vopts o;
	vtrace *tr;
	const ds_decimal **flows;
	size_t n;
	int rc;

	if (!v)
		return ds__error(DS_EINVAL, "income: NULL valuation");
	if ((rc = ds__val_opts(&o, opts)) < 0 || (rc = check_income(p, &v->c)) < 0)
		return rc;
	n = p->periods;
	if ((rc = ds__val_pool(v, 2 * n + W_EXTRA)) < 0)
		return rc;
	flows = v->ptrs;
	tr = ds__val_begin(v, &o);
	ds__trace_note(tr, "method", "收益预测方式", "forecast variant", method_zh[p->method]);
	ds__trace_note(tr, "timing", "折现时点", "timing",
		       p->timing == DS_TIMING_MID ? "期中 mid-period" : "期末 end of period");
	if ((rc = forecast(flows, v->pool, p, tr)) < 0)
		goto finish;
	if ((rc = discount(v->pending, flows, n, p->rates, p->n_rates, p->timing, p->terminal_value, v->pool + n,
			   v->pool + 2 * n, o.precision, tr)) < 0)
		goto finish;
	ds__trace_add(tr, "P", "收益法评估值", "value by the income approach",
		      p->terminal_value ? "Σ PV_t + PV_TV" : "Σ PV_t", v->pending, 2);
finish:
	return ds__val_finish(v, rc);
}

int ds_valuation_sensitivity(ds_decimal *const *table, const ds_valuation_income_params *p,
			     ds_decimal *const *rate_changes, size_t n_rate_changes, ds_decimal *const *income_changes,
			     size_t n_income_changes, const ds_valuation_options *opts)
{
	ds_valuation *ws = NULL;
	vopts o;
	char field[64];
	size_t n, r, c, t, cells;
	ds_decimal **flows_base, **amounts, **w, **rates, **scaled, *scale, *tv, **results;
	const ds_decimal **flows;
	int rc;

	if (!table || !rate_changes || !income_changes || n_rate_changes == 0 || n_income_changes == 0)
		return ds__error(DS_EINVAL, "sensitivity: NULL table or no rate or income changes");
	if (n_rate_changes > 100 || n_income_changes > 100)
		return ds__error(DS_ERANGE, "sensitivity: at most 100 rate changes and 100 income changes");
	if ((rc = ds__val_opts(&o, opts)) < 0 || (rc = ds_valuation_new(&ws)) < 0)
		return rc;
	if ((rc = check_income(p, &ws->c)) < 0)
		goto done;
	for (r = 0; r < n_rate_changes; r++) {
		snprintf(field, sizeof field, "rate_changes[%zu]", r + 1);
		if ((rc = ds__val_need(rate_changes[r], field)) < 0)
			goto done;
	}
	for (c = 0; c < n_income_changes; c++) {
		snprintf(field, sizeof field, "income_changes[%zu]", c + 1);
		if ((rc = ds__val_range(income_changes[c], field, ws->c.minus_one, 0, NULL, 0)) < 0)
			goto done;
	}
	n = p->periods;
	cells = n_rate_changes * n_income_changes;
	for (t = 0; t < cells; t++)
		if (!table[t]) {
			rc = ds__error(DS_EINVAL, "sensitivity: table cell %zu is NULL", t);
			goto done;
		}
	/* pool: F_t (n) | amounts (n) | working (W_EXTRA) | rates (n_rates) | scaled F (n) | scale, tv | results */
	if ((rc = ds__val_pool(ws, 4 * n + W_EXTRA + p->n_rates + 2 + cells)) < 0)
		goto done;
	flows_base = ws->pool;
	amounts = ws->pool + n;
	w = amounts + n;
	rates = w + W_EXTRA;
	scaled = rates + p->n_rates;
	scale = scaled[n];
	tv = scaled[n + 1];
	results = scaled + n + 2;
	flows = ws->ptrs;
	ws->scratch.off = 1;
	if ((rc = forecast(flows, flows_base, p, &ws->scratch)) < 0)
		goto done;
	for (r = 0; r < n_rate_changes; r++) {
		for (t = 0; t < p->n_rates; t++) {
			if ((rc = ds_decimal_add(rates[t], p->rates[t], rate_changes[r])) < 0)
				goto done;
			if (ds_decimal_cmp(rates[t], ws->c.minus_one) <= 0) {
				snprintf(field, sizeof field, "rate_changes[%zu]", r + 1);
				rc = ds__error_at(
					DS_ERANGE, 0, 0, field,
					"sensitivity: rate %zu changed by rate_changes[%zu] is -100%% or less", t + 1,
					r + 1);
				goto done;
			}
		}
		for (c = 0; c < n_income_changes; c++) {
			if ((rc = ds_decimal_add(scale, ws->c.one, income_changes[c])) < 0)
				goto done;
			for (t = 0; t < n; t++)
				if ((rc = ds_decimal_mul(scaled[t], flows[t], scale)) < 0)
					goto done;
			if (p->terminal_value && (rc = ds_decimal_mul(tv, p->terminal_value, scale)) < 0)
				goto done;
			if ((rc = discount(results[r * n_income_changes + c], (const ds_decimal *const *)scaled, n,
					   rates, p->n_rates, p->timing, p->terminal_value ? tv : NULL, amounts, w,
					   o.precision, &ws->scratch)) < 0)
				goto done;
		}
	}
	for (t = 0; t < cells; t++)
		ds_decimal_set(table[t], results[t]);
done:
	ds_valuation_free(ws);
	return rc;
}
