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

/* The trace's templates ("%1": the period, "%2": a contributor or the precision, "%s": a name). */
static const vtmpl T_F_DIRECT = { "F_%1", "第%1期数据资产收益", "income attributable to the data asset, period %1",
				  "given (直接收益预测)" };
static const vtmpl T_F_SHARE1 = { "F_%1", "第%1期数据资产收益", "income attributable to the data asset, period %1",
				  "R_%1 × K" };
static const vtmpl T_F_SHARE = { "F_%1", "第%1期数据资产收益", "income attributable to the data asset, period %1",
				 "R_%1 × K_%1" };
static const vtmpl T_F_INCREMENTAL = { "F_%1", "第%1期数据资产收益", "income attributable to the data asset, period %1",
				       "R'_%1 − R_%1" };
static const vtmpl T_R_SHARE = { "R_%1", "第%1期业务收益", "revenue or profit using the data, period %1", "given" };
static const vtmpl T_K = { "K", "分成率", "share rate", "given" };
static const vtmpl T_K_T = { "K_%1", "第%1期分成率", "share rate, period %1", "given" };
static const vtmpl T_R_EXCESS = { "R_%1", "第%1期资产组收益", "income of the asset group, period %1", "given" };
static const vtmpl T_C = { "C_{%1,%2}", "第%1期贡献资产回报 %s", "contributory asset return %s, period %1", "given" };
static const vtmpl T_RW = { "R'_%1", "第%1期使用数据资产的收益", "income with the data asset, period %1", "given" };
static const vtmpl T_RWO = { "R_%1", "第%1期不使用数据资产的收益", "income without the data asset, period %1",
			     "given" };
static const vtmpl T_I = { "i", "折现率", "discount rate", "given" };
static const vtmpl T_I_T = { "i_%1", "第%1期折现率", "discount rate, period %1", "given" };
static const vtmpl T_D = { "d_%1", "第%1期折现系数", "discount factor, period %1 (end)", "1 / (1 + i)^%1" };
static const vtmpl T_D_T = { "d_%1", "第%1期折现系数", "discount factor, period %1 (end)", "1 / Π_{s<=%1} (1 + i_s)" };
static const vtmpl T_PV = { "PV_%1", "第%1期收益现值", "present value, period %1", "F_%1 × d_%1" };
static const vtmpl T_PV_MID = { "PV_%1", "第%1期收益现值", "present value, period %1", "F_%1 × s × d_%1" };
static const vtmpl T_PV_MID_T = { "PV_%1", "第%1期收益现值", "present value, period %1", "F_%1 × s_t × d_%1" };
static const vtmpl T_S = { "s", "期中折现调整 √(1+i)", "mid-period adjustment, period %1",
			   "√(1 + i) truncated to %2 significant digits (GMP integer square root)" };
static const vtmpl T_S_T = { "s_%1", "期中折现调整 √(1+i)", "mid-period adjustment, period %1",
			     "√(1 + i_t) truncated to %2 significant digits (GMP integer square root)" };
static const vtmpl T_TV = { "TV", "终值", "terminal value at the end of period n", "given" };
static const vtmpl T_PV_TV = { "PV_TV", "终值现值", "present value of the terminal value", "TV × d_%1" };
static const vtmpl T_METHOD = { "method", "收益预测方式", "forecast variant", "" };
static const vtmpl T_TIMING = { "timing", "折现时点", "timing", "" };
static const vtmpl T_P = { "P", "收益法评估值", "value by the income approach", "Σ PV_t" };
static const vtmpl T_P_TV = { "P", "收益法评估值", "value by the income approach", "Σ PV_t + PV_TV" };

/* Record F_t (into the consecutive slots from @fslot) and its inputs in the trace. */
static void trace_forecast(const ds_decimal *const *flows, const ds_valuation_income_params *p, vtrace *tr,
			   size_t fslot)
{
	char formula[256], name[32];
	size_t t, j;
	int len;

	if (p->method == DS_INCOME_DIRECT) {
		/* F_t given: one block of n lines. */
		static const vtmpl *const tms[1] = { &T_F_DIRECT };
		static const int scales[1] = { 2 };
		if (fslot == VT_NONE)
			return;
		for (t = 0; t < p->periods; t++)
			ds__trace_set(tr, fslot + t, flows[t]);
		ds__trace_block(tr, p->periods, 1, tms, &fslot, scales);
		return;
	}
	for (t = 0; t < p->periods; t++) {
		const vtmpl *f_tmpl = &T_F_DIRECT;
		switch (p->method) {
		case DS_INCOME_DIRECT: break;
		case DS_INCOME_SHARE:
			ds__trace_addt(tr, &T_R_SHARE, t + 1, 0, NULL, p->income[t], VT_NONE, 2);
			if (p->n_shares == 1) {
				if (t == 0)
					ds__trace_addt(tr, &T_K, 0, 0, NULL, p->shares[0], VT_NONE, 6);
				f_tmpl = &T_F_SHARE1;
			} else {
				ds__trace_addt(tr, &T_K_T, t + 1, 0, NULL, p->shares[t], VT_NONE, 6);
				f_tmpl = &T_F_SHARE;
			}
			break;
		case DS_INCOME_EXCESS:
			ds__trace_addt(tr, &T_R_EXCESS, t + 1, 0, NULL, p->income[t], VT_NONE, 2);
			len = snprintf(formula, sizeof formula, "R_%zu − (", t + 1);
			for (j = 0; j < p->n_contributors; j++) {
				const char *who = p->contributor_names ? p->contributor_names[j] : name;
				if (!p->contributor_names)
					snprintf(name, sizeof name, "C%zu", j + 1);
				ds__trace_addt(tr, &T_C, t + 1, j + 1, who, p->contributions[t * p->n_contributors + j],
					       VT_NONE, 2);
				if (len > 0 && (size_t)len < sizeof formula)
					len += snprintf(formula + len, sizeof formula - (size_t)len, "%sC_{%zu,%zu}",
							j ? " + " : "", t + 1, j + 1);
			}
			if (len > 0 && (size_t)len < sizeof formula)
				snprintf(formula + len, sizeof formula - (size_t)len, ")");
			break;
		case DS_INCOME_INCREMENTAL:
			ds__trace_addt(tr, &T_RW, t + 1, 0, NULL, p->income[t], VT_NONE, 2);
			ds__trace_addt(tr, &T_RWO, t + 1, 0, NULL, p->baseline[t], VT_NONE, 2);
			f_tmpl = &T_F_INCREMENTAL;
			break;
		}
		if (fslot == VT_NONE)
			return;
		ds__trace_set(tr, fslot + t, flows[t]);
		if (p->method == DS_INCOME_EXCESS) {
			char sym[64], zh[128], en[160];
			snprintf(sym, sizeof sym, "F_%zu", t + 1);
			snprintf(zh, sizeof zh, "第%zu期数据资产收益", t + 1);
			snprintf(en, sizeof en, "income attributable to the data asset, period %zu", t + 1);
			ds__trace_add(tr, sym, zh, en, formula, flows[t], 2);
		} else {
			ds__trace_addt(tr, f_tmpl, t + 1, 0, NULL, NULL, fslot + t, 2);
		}
	}
}

/* F_t into flows[t]: the caller's own numbers for the direct method, else
 * computed into work[t]; with the inputs in the trace (F_t in the slots from @fslot). */
static int forecast(const ds_decimal **flows, ds_decimal *const *work, const ds_valuation_income_params *p, vtrace *tr,
		    size_t fslot)
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
		trace_forecast(flows, p, tr, fslot);
	return rc;
}

/* The slots of a traced discounting, for the job that fills its factors and present values. */
enum { J_N, J_NRATES, J_AMOUNTS, J_RATES, J_TV, J_D, J_PV, J_PVTV, J_RESULT, J_COUNT };

/* The trace's discount factors d_t = 1 / Π_{s<=t}(1 + i_s), present values
 * PV_t = amount_t × d_t (and PV_TV), computed on the first read from the
 * recorded amounts and rates as the eager trace computed them; their sum is
 * checked against the result so the two can never disagree silently. */
static int discount_job(vtrace *tr, const size_t *p)
{
	ds_decimal *growth = NULL, *den = NULL, *sum = NULL;
	size_t t, n = p[J_N], n_rates = p[J_NRATES];
	int rc;

	if ((rc = ds_decimal_new(&growth)) < 0 || (rc = ds_decimal_new(&den)) < 0 || (rc = ds_decimal_new(&sum)) < 0)
		goto done;
	ds_decimal_set_int64(den, 1);
	for (t = 0; t < n; t++) {
		ds_decimal *factor = ds__trace_slot(tr, p[J_D] + t), *term = ds__trace_slot(tr, p[J_PV] + t);
		ds_decimal_set_int64(growth, 1);
		if ((rc = ds_decimal_add(growth, growth, ds__trace_slot(tr, p[J_RATES] + (n_rates == 1 ? 0 : t)))) <
			    0 ||
		    (rc = ds_decimal_mul(den, den, growth)) < 0 ||
		    (rc = ds_decimal_div(term, ds__trace_slot(tr, p[J_AMOUNTS] + t), den)) < 0)
			goto done;
		ds_decimal_set_int64(factor, 1);
		if ((rc = ds_decimal_div(factor, factor, den)) < 0 || (rc = ds_decimal_add(sum, sum, term)) < 0)
			goto done;
	}
	if (p[J_TV] != VT_NONE) {
		ds_decimal *term = ds__trace_slot(tr, p[J_PVTV]);
		if ((rc = ds_decimal_div(term, ds__trace_slot(tr, p[J_TV]), den)) < 0 ||
		    (rc = ds_decimal_add(sum, sum, term)) < 0)
			goto done;
	}
	if (ds_decimal_cmp(sum, ds__trace_slot(tr, p[J_RESULT])) != 0)
		rc = ds__error(DS_EINTERNAL, "income: the trace's sum differs from the result");
done:
	ds_decimal_free(growth);
	ds_decimal_free(den);
	ds_decimal_free(sum);
	return rc;
}

/* Record the discounting's lines: rates, and d_t, PV_t (and TV, PV_TV) left to
 * discount_job; @job receives the slots. */
static void trace_discount(const ds_decimal *const *amounts, size_t amount_slot, size_t n, ds_decimal *const *rates,
			   size_t n_rates, ds_timing timing, const ds_decimal *tv, vtrace *tr, size_t *job)
{
	size_t t, first = ds__trace_slots(tr, n_rates + 2 * n + (tv ? 2 : 0));
	const vtmpl *pv = timing == DS_TIMING_MID ? (n_rates == 1 ? &T_PV_MID : &T_PV_MID_T) : &T_PV;

	if (first == VT_NONE)
		return;
	job[J_N] = n;
	job[J_NRATES] = n_rates;
	job[J_RATES] = first;
	job[J_D] = first + n_rates;
	job[J_PV] = first + n_rates + n;
	job[J_TV] = tv ? first + n_rates + 2 * n : VT_NONE;
	job[J_PVTV] = tv ? first + n_rates + 2 * n + 1 : VT_NONE;
	if (amount_slot == VT_NONE) {
		/* Mid-period: the amounts F_t × s_t are not lines of their own. */
		if ((amount_slot = ds__trace_slots(tr, n)) == VT_NONE)
			return;
		for (t = 0; t < n; t++)
			ds__trace_set(tr, amount_slot + t, amounts[t]);
	}
	job[J_AMOUNTS] = amount_slot;
	/* Per period: [i_t,] d_t, PV_t, as one block. */
	if (n_rates == 1) {
		const vtmpl *tms[2];
		size_t bases[2];
		static const int scales[2] = { 10, 2 };
		ds__trace_set(tr, first, rates[0]);
		ds__trace_addt(tr, &T_I, 1, 0, NULL, NULL, first, 6);
		tms[0] = &T_D;
		tms[1] = pv;
		bases[0] = job[J_D];
		bases[1] = job[J_PV];
		ds__trace_block(tr, n, 2, tms, bases, scales);
	} else {
		const vtmpl *tms[3];
		size_t bases[3];
		static const int scales[3] = { 6, 10, 2 };
		for (t = 0; t < n; t++)
			ds__trace_set(tr, first + t, rates[t]);
		tms[0] = &T_I_T;
		tms[1] = &T_D_T;
		tms[2] = pv;
		bases[0] = first;
		bases[1] = job[J_D];
		bases[2] = job[J_PV];
		ds__trace_block(tr, n, 3, tms, bases, scales);
	}
	if (tv) {
		ds__trace_set(tr, job[J_TV], tv);
		ds__trace_addt(tr, &T_TV, 0, 0, NULL, NULL, job[J_TV], 2);
		ds__trace_addt(tr, &T_PV_TV, n, 0, NULL, NULL, job[J_PVTV], 2);
	}
}

/* r = Σ amounts / D_t (+ TV / D_n), amounts = F_t (end) or F_t × √(1+i_t) (mid).
 * When tracing, @fslot is the slots of F_t and @job receives the discounting's slots. */
static int discount(ds_decimal *r, const ds_decimal *const *flows, size_t n, ds_decimal *const *rates, size_t n_rates,
		    ds_timing timing, const ds_decimal *tv, ds_decimal *const *amounts, ds_decimal *const *w,
		    unsigned int precision, vtrace *tr, size_t fslot, size_t *job)
{
	const ds_decimal *const *use = flows;
	size_t t;
	int rc;

	if (timing == DS_TIMING_MID) {
		for (t = 0; t < n; t++) {
			if (t == 0 || n_rates != 1) {
				ds_decimal_set_int64(w[W_GROWTH], 1);
				if ((rc = ds_decimal_add(w[W_GROWTH], w[W_GROWTH], rates[n_rates == 1 ? 0 : t])) < 0 ||
				    (rc = ds__val_sqrt(w[W_SQRT], w[W_GROWTH], precision)) < 0)
					return rc;
				ds__trace_addt(tr, n_rates == 1 ? &T_S : &T_S_T, t + 1, precision, NULL, w[W_SQRT],
					       VT_NONE, 12);
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
		trace_discount(use, timing == DS_TIMING_MID ? VT_NONE : fslot, n, rates, n_rates, timing, tv, tr, job);
	return DS_OK;
}

int ds_valuation_income(ds_valuation *v, const ds_valuation_income_params *p, const ds_valuation_options *opts)
{
	vopts o;
	vtrace *tr;
	const ds_decimal **flows;
	size_t n, fslot, job[J_COUNT];
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
	ds__trace_notet(tr, &T_METHOD, method_zh[p->method]);
	ds__trace_notet(tr, &T_TIMING, p->timing == DS_TIMING_MID ? "期中 mid-period" : "期末 end of period");
	fslot = ds__trace_slots(tr, n);
	job[J_N] = 0;
	if ((rc = forecast(flows, v->pool, p, tr, fslot)) < 0)
		goto finish;
	if ((rc = discount(v->pending, flows, n, p->rates, p->n_rates, p->timing, p->terminal_value, v->pool + n,
			   v->pool + 2 * n, o.precision, tr, fslot, job)) < 0)
		goto finish;
	job[J_RESULT] = ds__trace_addt(tr, p->terminal_value ? &T_P_TV : &T_P, 0, 0, NULL, v->pending, VT_NONE, 2);
	if (job[J_N] && job[J_RESULT] != VT_NONE)
		ds__trace_job(tr, discount_job, job, J_COUNT);
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
	if ((rc = forecast(flows, flows_base, p, &ws->scratch, VT_NONE)) < 0)
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
					   o.precision, &ws->scratch, VT_NONE, NULL)) < 0)
				goto done;
		}
	}
	for (t = 0; t < cells; t++)
		ds_decimal_set(table[t], results[t]);
done:
	ds_valuation_free(ws);
	return rc;
}
