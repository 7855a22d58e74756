/*
 * 质量因素: the quality coefficient q = Σ w_k s_k, with weights given or from an
 * AHP (层次分析法) pairwise matrix with Saaty's consistency check; and the
 * reconciliation of several approaches into one conclusion.
 * SPDX-License-Identifier: MIT
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "internal/decimal.h"
#include "valuation_internal.h"

/* Saaty's random index RI for n = 1..9, in hundredths. */
static const int random_index[DS_AHP_MAX + 1] = { 0, 0, 0, 58, 90, 112, 124, 132, 141, 145 };

/* Power iteration stops once no weight moves by 10^-(precision − CONVERGENCE_SLACK) or more. */
#define CONVERGENCE_SLACK 10
#define MAX_ITERATIONS 10000

static const char *const gbt36344_zh[] = { "规范性", "完整性", "准确性", "一致性", "时效性", "可访问性" };
static const char *const gbt36344_en[] = { "conformity",  "completeness", "accuracy",
					   "consistency", "timeliness",	  "accessibility" };

static int check_matrix(const ds_decimal *const *matrix, size_t n, ds_decimal *product)
{
	char field[32];
	size_t i, j;
	int rc;

	if (!matrix)
		return ds__val_need(NULL, "matrix");
	if (n == 0 || n > DS_AHP_MAX)
		return ds__error_at(DS_ERANGE, 0, 0, "matrix", "AHP: %zu criteria; the RI table covers 1 to %d", n,
				    DS_AHP_MAX);
	for (i = 0; i < n; i++)
		for (j = 0; j < n; j++) {
			const ds_decimal *a = matrix[i * n + j];
			snprintf(field, sizeof field, "matrix[%zu][%zu]", i + 1, j + 1);
			if ((rc = ds__val_need(a, field)) < 0)
				return rc;
			if (ds_decimal_sign(a) <= 0)
				return ds__error_at(DS_EINVAL, 0, 0, field,
						    "%s: a pairwise comparison must be positive", field);
		}
	ds_decimal_set_int64(product, 1);
	for (i = 0; i < n; i++) {
		snprintf(field, sizeof field, "matrix[%zu][%zu]", i + 1, i + 1);
		if (ds_decimal_cmp(matrix[i * n + i], product) != 0)
			return ds__error_at(DS_EINVAL, 0, 0, field, "%s: a diagonal entry must be 1", field);
	}
	for (i = 0; i < n; i++)
		for (j = 0; j < i; j++) {
			snprintf(field, sizeof field, "matrix[%zu][%zu]", i + 1, j + 1);
			if ((rc = ds_decimal_mul(product, matrix[i * n + j], matrix[j * n + i])) < 0)
				return rc;
			if (ds_decimal_cmp(product, matrix[0]) != 0)
				return ds__error_at(DS_EINVAL, 0, 0, field,
						    "%s: not reciprocal (a_ij × a_ji must be exactly 1)", field);
		}
	return DS_OK;
}

/* Fixed-point power iteration: W (scaled by 10^precision) into w[0..n). */
static int power_iteration(mpz_t *W, const ds_decimal *const *matrix, size_t n, unsigned int precision)
{
	mpz_t A[DS_AHP_MAX * DS_AHP_MAX], den[DS_AHP_MAX * DS_AHP_MAX], V[DS_AHP_MAX], L, S, total, tol, diff, best;
	size_t i, j, k, largest;
	int rc = DS_OK, iteration;

	mpz_inits(L, S, total, tol, diff, best, NULL);
	for (k = 0; k < n * n; k++) {
		mpz_inits(A[k], den[k], NULL);
		ds__decimal_as_fraction(A[k], den[k], matrix[k]);
	}
	for (i = 0; i < n; i++)
		mpz_init(V[i]);
	/* A' = A × L with L the lcm of the denominators: the ratios V_i / ΣV do not depend on L. */
	mpz_set_ui(L, 1);
	for (k = 0; k < n * n; k++)
		mpz_lcm(L, L, den[k]);
	for (k = 0; k < n * n; k++) {
		mpz_mul(A[k], A[k], L);
		mpz_divexact(A[k], A[k], den[k]);
	}
	mpz_ui_pow_ui(S, 10, precision);
	mpz_ui_pow_ui(tol, 10, CONVERGENCE_SLACK);
	for (i = 0; i < n; i++)
		mpz_fdiv_q_ui(W[i], S, n);
	for (iteration = 1;; iteration++) {
		if (iteration > MAX_ITERATIONS) {
			rc = ds__error_at(DS_ERANGE, 0, 0, "matrix",
					  "AHP: the eigenvector did not converge in %d steps", MAX_ITERATIONS);
			goto done;
		}
		mpz_set_ui(total, 0);
		for (i = 0; i < n; i++) {
			mpz_set_ui(V[i], 0);
			for (j = 0; j < n; j++)
				mpz_addmul(V[i], A[i * n + j], W[j]);
			mpz_add(total, total, V[i]);
		}
		mpz_set_ui(best, 0);
		for (i = 0; i < n; i++) {
			mpz_mul(V[i], V[i], S);
			mpz_fdiv_q(V[i], V[i], total);
			mpz_sub(diff, V[i], W[i]);
			mpz_abs(diff, diff);
			if (mpz_cmp(diff, best) > 0)
				mpz_set(best, diff);
			mpz_swap(W[i], V[i]);
		}
		if (mpz_cmp(best, tol) < 0)
			break;
	}
	/* The truncation residue goes to the largest weight (the first of equals). */
	mpz_set(total, S);
	largest = 0;
	for (i = 0; i < n; i++) {
		mpz_sub(total, total, W[i]);
		if (mpz_cmp(W[i], W[largest]) > 0)
			largest = i;
	}
	mpz_add(W[largest], W[largest], total);
done:
	for (k = 0; k < n * n; k++)
		mpz_clears(A[k], den[k], NULL);
	for (i = 0; i < n; i++)
		mpz_clear(V[i]);
	mpz_clears(L, S, total, tol, diff, best, NULL);
	return rc;
}

int ds_valuation_ahp_weights(ds_decimal *const *weights, ds_decimal *lambda_max, ds_decimal *ci, ds_decimal *cr,
			     const ds_decimal *const *matrix, size_t n, unsigned int precision)
{
	mpz_t W[DS_AHP_MAX];
	ds_decimal *w[DS_AHP_MAX] = { 0 }, *lambda = NULL, *row = NULL, *t = NULL, *index = NULL, *rr = NULL;
	size_t i, j, made = 0;
	int rc;

	if (precision == 0)
		precision = DS_VALUATION_DEFAULT_PRECISION;
	if (precision < DS_VALUATION_MIN_PRECISION || precision > DS_VALUATION_MAX_PRECISION)
		return ds__error_at(DS_ERANGE, 0, 0, "precision", "AHP: precision %u is outside %d to %d", precision,
				    DS_VALUATION_MIN_PRECISION, DS_VALUATION_MAX_PRECISION);
	if ((rc = ds_decimal_new(&lambda)) < 0 || (rc = ds_decimal_new(&row)) < 0 || (rc = ds_decimal_new(&t)) < 0 ||
	    (rc = ds_decimal_new(&index)) < 0 || (rc = ds_decimal_new(&rr)) < 0)
		goto done;
	if ((rc = check_matrix(matrix, n, t)) < 0)
		goto done;
	for (i = 0; i < n; i++)
		mpz_init(W[i]);
	made = n;
	if ((rc = power_iteration(W, matrix, n, precision)) < 0)
		goto done;
	for (i = 0; i < n; i++) {
		if ((rc = ds_decimal_new(&w[i])) < 0)
			goto done;
		mpz_set(w[i]->num, W[i]);
		mpz_set_ui(w[i]->den, 1);
		w[i]->exp = -(long)precision;
		if (mpz_sgn(W[i]) == 0)
			w[i]->exp = 0;
		if (mpz_sgn(W[i]) <= 0) {
			rc = ds__error_at(DS_ERANGE, 0, 0, "matrix", "AHP: weight %zu vanished at this precision",
					  i + 1);
			goto done;
		}
	}
	/* λ_max = (1/n) Σ_i (A w)_i / w_i, exactly. */
	ds_decimal_set_int64(lambda, 0);
	for (i = 0; i < n; i++) {
		ds_decimal_set_int64(row, 0);
		for (j = 0; j < n; j++)
			if ((rc = ds_decimal_mul(t, matrix[i * n + j], w[j])) < 0 ||
			    (rc = ds_decimal_add(row, row, t)) < 0)
				goto done;
		if ((rc = ds_decimal_div(row, row, w[i])) < 0 || (rc = ds_decimal_add(lambda, lambda, row)) < 0)
			goto done;
	}
	ds_decimal_set_int64(t, (int64_t)n);
	if ((rc = ds_decimal_div(lambda, lambda, t)) < 0)
		goto done;
	if (n <= 2) {
		ds_decimal_set_int64(index, 0);
		ds_decimal_set_int64(rr, 0);
	} else {
		/* CI = (λ_max − n)/(n − 1); CR = CI / RI */
		if ((rc = ds_decimal_sub(index, lambda, t)) < 0)
			goto done;
		ds_decimal_set_int64(t, (int64_t)n - 1);
		if ((rc = ds_decimal_div(index, index, t)) < 0)
			goto done;
		ds_decimal_set_int64(t, random_index[n]);
		ds_decimal_set_int64(rr, 100);
		if ((rc = ds_decimal_div(t, t, rr)) < 0 || (rc = ds_decimal_div(rr, index, t)) < 0)
			goto done;
	}
	for (i = 0; weights && i < n; i++)
		if ((rc = ds__val_need(weights[i], "weights")) < 0)
			goto done;
	for (i = 0; weights && i < n; i++)
		ds_decimal_set(weights[i], w[i]);
	if (lambda_max)
		ds_decimal_set(lambda_max, lambda);
	if (ci)
		ds_decimal_set(ci, index);
	if (cr)
		ds_decimal_set(cr, rr);
done:
	for (i = 0; i < made; i++)
		mpz_clear(W[i]);
	for (i = 0; i < DS_AHP_MAX; i++)
		ds_decimal_free(w[i]);
	ds_decimal_free(lambda);
	ds_decimal_free(row);
	ds_decimal_free(t);
	ds_decimal_free(index);
	ds_decimal_free(rr);
	return rc;
}

/* ---------------------------------------------------------------- quality */

int ds_valuation_quality(ds_valuation *v, const ds_valuation_quality_params *p, const ds_valuation_options *opts)
{
	ds_decimal **w, *lambda, *ci, *cr, *sum, *t, *full, *threshold;
	char field[32], sym[32], zh[96], en[96], dflt[16];
	vopts o;
	vtrace *tr;
	size_t k, n;
	int rc;

	if (!v)
		return ds__error(DS_EINVAL, "quality: NULL valuation");
	if ((rc = ds__val_opts(&o, opts)) < 0)
		return rc;
	if (!p)
		return ds__error(DS_EINVAL, "quality: NULL parameters");
	if (p->version != DS_VALUATION_QUALITY_PARAMS_VERSION)
		return ds__error_at(DS_EINVAL, 0, 0, "version", "quality: unknown parameters version %u", p->version);
	n = p->n;
	if (n == 0 || n > DS_AHP_MAX)
		return ds__error_at(DS_EINVAL, 0, 0, "n", "quality: %zu dimensions (1 to %d)", n, DS_AHP_MAX);
	if ((rc = ds__val_need(p->scores, "scores")) < 0)
		return rc;
	if (p->full_score && (rc = ds__val_range(p->full_score, "full_score", v->c.zero, 0, NULL, 0)) < 0)
		return rc;
	for (k = 0; k < n; k++) {
		snprintf(field, sizeof field, "scores[%zu]", k + 1);
		if ((rc = ds__val_range(p->scores[k], field, v->c.zero, 1, p->full_score ? p->full_score : v->c.one,
					1)) < 0)
			return rc;
		if (p->names) {
			snprintf(field, sizeof field, "names[%zu]", k + 1);
			if ((rc = ds__val_need(p->names[k], field)) < 0)
				return rc;
		}
	}
	if ((rc = ds__val_pool(v, n + 7)) < 0)
		return rc;
	w = v->pool;
	lambda = v->pool[n];
	ci = v->pool[n + 1];
	cr = v->pool[n + 2];
	sum = v->pool[n + 3];
	t = v->pool[n + 4];
	full = v->pool[n + 5];
	threshold = v->pool[n + 6];
	if (p->weights) {
		ds_decimal_set_int64(sum, 0);
		for (k = 0; k < n; k++) {
			snprintf(field, sizeof field, "weights[%zu]", k + 1);
			if ((rc = ds__val_range(p->weights[k], field, v->c.zero, 1, NULL, 0)) < 0 ||
			    (rc = ds_decimal_add(sum, sum, p->weights[k])) < 0 ||
			    (rc = ds_decimal_set(w[k], p->weights[k])) < 0)
				return rc;
		}
		if (ds_decimal_cmp(sum, v->c.one) != 0) {
			char *text = NULL;
			ds__val_exact_text(&text, sum);
			ds__error_at(DS_EINVAL, 0, 0, "weights", "weights: they sum to %s, not 1", text ? text : "?");
			ds_free(text);
			return DS_EINVAL;
		}
	} else {
		if (!p->matrix)
			return ds__error_at(DS_EINVAL, 0, 0, "weights", "quality: give weights or an AHP matrix");
		if ((rc = ds_valuation_ahp_weights(w, lambda, ci, cr, p->matrix, n, o.precision)) < 0)
			return rc;
		ds_decimal_set_int64(threshold, 1);
		ds_decimal_set_int64(t, 10);
		ds_decimal_div(threshold, threshold, t);
		if (ds_decimal_cmp(cr, threshold) >= 0 && !o.accept_inconsistent) {
			char *text = NULL;
			ds_decimal_round(t, cr, 4, DS_ROUND_HALF_UP);
			ds_decimal_to_string(&text, t, 0);
			ds__error_at(DS_EVERIFY, 0, 0, "matrix",
				     "AHP: consistency ratio CR = %s is not below 0.10 (一致性检验未通过); revise the "
				     "matrix or accept it explicitly",
				     text ? text : "?");
			ds_free(text);
			return DS_EVERIFY;
		}
	}
	if (p->full_score)
		rc = ds_decimal_set(full, p->full_score);
	else
		rc = ds_decimal_set_int64(full, 1);
	if (rc < 0)
		return rc;
	tr = ds__val_begin(v, &o);
	if (!p->weights) {
		char method[160];
		snprintf(method, sizeof method,
			 "层次分析法 AHP: power iteration in fixed point, %u fractional digits, tolerance 1e-%u",
			 o.precision, o.precision - CONVERGENCE_SLACK);
		ds__trace_note(tr, "method", "权重方法", "weight method", method);
		ds__trace_add(tr, "λ_max", "最大特征根", "principal eigenvalue", "(1/n) Σ (A w)_i / w_i", lambda, 6);
		ds__trace_add(tr, "CI", "一致性指标", "consistency index", "(λ_max − n) / (n − 1)", ci, 6);
		ds_decimal_set_int64(t, random_index[n]);
		ds_decimal_set_int64(sum, 100);
		ds_decimal_div(t, t, sum);
		ds__trace_add(tr, "RI", "平均随机一致性指标", "random index (Saaty)", "table", t, 2);
		ds__trace_add(tr, "CR", "一致性比率", "consistency ratio", "CI / RI", cr, 6);
		ds__trace_note(tr, "check", "一致性检验", "consistency check",
			       ds_decimal_cmp(cr, threshold) < 0 ? "CR < 0.10: 通过 accepted" :
								   "CR >= 0.10: 未通过, accepted by the caller");
	}
	ds_decimal_set_int64(sum, 0);
	for (k = 0; k < n; k++) {
		const char *name_zh, *name_en;
		snprintf(dflt, sizeof dflt, "D%zu", k + 1);
		if (p->names) {
			name_zh = name_en = p->names[k];
		} else if (n == 6) {
			name_zh = gbt36344_zh[k];
			name_en = gbt36344_en[k];
		} else {
			name_zh = name_en = dflt;
		}
		snprintf(sym, sizeof sym, "w_%zu", k + 1);
		snprintf(zh, sizeof zh, "%s权重", name_zh);
		snprintf(en, sizeof en, "weight of %s", name_en);
		ds__trace_add(tr, sym, zh, en, p->weights ? "given" : "AHP", w[k], 6);
		snprintf(sym, sizeof sym, "s_%zu", k + 1);
		snprintf(zh, sizeof zh, "%s得分", name_zh);
		snprintf(en, sizeof en, "score of %s", name_en);
		ds__trace_add(tr, sym, zh, en, "given", p->scores[k], 4);
		if ((rc = ds_decimal_mul(t, w[k], p->scores[k])) < 0 || (rc = ds_decimal_add(sum, sum, t)) < 0)
			goto finish;
	}
	if ((rc = ds_decimal_div(v->pending, sum, full)) < 0)
		goto finish;
	ds__trace_add(tr, "q", "质量系数", "quality coefficient",
		      p->full_score ? "Σ w_k s_k / full score" : "Σ w_k s_k", v->pending, 6);
finish:
	return ds__val_finish(v, rc);
}

/* ---------------------------------------------------------------- reconciliation */

int ds_valuation_reconcile(ds_valuation *v, const ds_valuation_reconcile_params *p, const ds_valuation_options *opts)
{
	ds_decimal *sum, *weight_sum, *t, *max, *min;
	char field[32], sym[32], zh[96], en[96], label[32];
	vopts o;
	vtrace *tr;
	size_t i;
	int rc;

	if (!v)
		return ds__error(DS_EINVAL, "reconcile: NULL valuation");
	if ((rc = ds__val_opts(&o, opts)) < 0)
		return rc;
	if (!p)
		return ds__error(DS_EINVAL, "reconcile: NULL parameters");
	if (p->version != DS_VALUATION_RECONCILE_PARAMS_VERSION)
		return ds__error_at(DS_EINVAL, 0, 0, "version", "reconcile: unknown parameters version %u", p->version);
	if (p->n == 0 || !p->values)
		return ds__error_at(DS_EINVAL, 0, 0, "values", "reconcile: no results to reconcile");
	if ((rc = ds__val_pool(v, 5)) < 0)
		return rc;
	sum = v->pool[0];
	weight_sum = v->pool[1];
	t = v->pool[2];
	max = v->pool[3];
	min = v->pool[4];
	ds_decimal_set_int64(sum, 0);
	ds_decimal_set_int64(weight_sum, 0);
	for (i = 0; i < p->n; i++) {
		snprintf(field, sizeof field, "values[%zu]", i + 1);
		if ((rc = ds__val_need(p->values[i], field)) < 0)
			return rc;
		if (p->labels) {
			snprintf(field, sizeof field, "labels[%zu]", i + 1);
			if ((rc = ds__val_need(p->labels[i], field)) < 0)
				return rc;
		}
		if (p->weights) {
			snprintf(field, sizeof field, "weights[%zu]", i + 1);
			if ((rc = ds__val_range(p->weights[i], field, v->c.zero, 1, NULL, 0)) < 0 ||
			    (rc = ds_decimal_mul(t, p->values[i], p->weights[i])) < 0 ||
			    (rc = ds_decimal_add(sum, sum, t)) < 0 ||
			    (rc = ds_decimal_add(weight_sum, weight_sum, p->weights[i])) < 0)
				return rc;
		}
	}
	if (p->weights && ds_decimal_is_zero(weight_sum))
		return ds__error_at(DS_ERANGE, 0, 0, "weights", "reconcile: the weights sum to 0");
	if (!p->weights && p->chosen >= p->n)
		return ds__error_at(DS_EINVAL, 0, 0, "chosen",
				    "reconcile: chosen result %zu does not exist (%zu results)", p->chosen + 1, p->n);
	tr = ds__val_begin(v, &o);
	if (p->weights)
		rc = ds_decimal_div(v->pending, sum, weight_sum);
	else
		rc = ds_decimal_set(v->pending, p->values[p->chosen]);
	if (rc < 0)
		goto finish;
	ds_decimal_set(max, p->values[0]);
	ds_decimal_set(min, p->values[0]);
	for (i = 0; i < p->n; i++) {
		snprintf(label, sizeof label, "P%zu", i + 1);
		snprintf(sym, sizeof sym, "P_%zu", i + 1);
		snprintf(zh, sizeof zh, "%s", p->labels ? p->labels[i] : label);
		snprintf(en, sizeof en, "result %zu", i + 1);
		ds__trace_add(tr, sym, zh, en, "given", p->values[i], 2);
		if (p->weights) {
			snprintf(sym, sizeof sym, "w_%zu", i + 1);
			ds__trace_add(tr, sym, "权重", "weight", "given", p->weights[i], 6);
		}
		ds_decimal_max(max, max, p->values[i]);
		ds_decimal_min(min, min, p->values[i]);
	}
	if (p->weights) {
		ds__trace_note(tr, "rule", "结论方式", "conclusion rule", "加权 weighted: Σ w_i P_i / Σ w_i");
	} else {
		char rule[128];
		snprintf(rule, sizeof rule, "选定 chosen: P_%zu (%s)", p->chosen + 1,
			 p->labels ? p->labels[p->chosen] : "");
		ds__trace_note(tr, "rule", "结论方式", "conclusion rule", rule);
	}
	ds__trace_add(tr, "P", "评估结论", "conclusion", p->weights ? "Σ w_i P_i / Σ w_i" : "chosen", v->pending, 2);
	ds__trace_add(tr, "max", "最高值", "highest result", "max P_i", max, 2);
	ds__trace_add(tr, "min", "最低值", "lowest result", "min P_i", min, 2);
	if ((rc = ds_decimal_sub(t, max, min)) < 0)
		goto finish;
	ds__trace_add(tr, "spread", "差异", "spread", "max − min", t, 2);
	if (!ds_decimal_is_zero(v->pending))
		for (i = 0; i < p->n; i++) {
			if ((rc = ds_decimal_sub(t, p->values[i], v->pending)) < 0 ||
			    (rc = ds_decimal_div(t, t, v->pending)) < 0)
				goto finish;
			snprintf(sym, sizeof sym, "dev_%zu", i + 1);
			snprintf(label, sizeof label, "P%zu", i + 1);
			snprintf(zh, sizeof zh, "%s相对结论的偏差", p->labels ? p->labels[i] : label);
			snprintf(en, sizeof en, "deviation of result %zu from the conclusion", i + 1);
			ds__trace_add(tr, sym, zh, en, "(P_i − P) / P", t, 6);
		}
finish:
	return ds__val_finish(v, rc);
}
