/*
 * A valuation's tables (include/datasset/table.h): the inputs (the trace's
 * given quantities), the whole calculation trace, the sensitivity grid, and
 * for a report the value of each approach and the conclusion. The CSV and
 * xlsx writers both read these.
 * SPDX-License-Identifier: MIT
 */
#include "config.h"

#include <string.h>

#include "internal/decimal.h"
#include "internal/table.h"
#include "valuation_document.h"

/* The display value of a trace line ("1,000,000.00", "0.100000") without its
 * grouping, as a number: it is already rounded HALF_UP (money to the fen). */
static void display_cell(ds__table *t, size_t row, size_t col, const char *display)
{
	char plain[128];
	size_t n = 0;

	for (; *display && n + 1 < sizeof plain; display++)
		if (*display != ',')
			plain[n++] = *display;
	plain[n] = '\0';
	ds__table_decimal(t, row, col, plain);
}

/* Value @x rounded HALF_UP to the fen, as an amount cell. */
static int money_cell(ds__table *t, size_t row, size_t col, const ds_decimal *x)
{
	ds_decimal *fen_value = NULL;
	int64_t fen;
	int rc;

	if ((rc = ds_decimal_new(&fen_value)) < 0)
		return rc;
	if ((rc = ds_decimal_round(fen_value, x, 2, DS_ROUND_HALF_UP)) == DS_OK &&
	    (rc = ds__decimal_to_fen(&fen, fen_value, 0, "value")) == DS_OK)
		ds__table_amount(t, row, col, fen);
	ds_decimal_free(fen_value);
	return rc;
}

static void trace_rows(ds__table *inputs, ds__table *trace, const char *approach, const ds_valuation *v)
{
	size_t i, n = ds_valuation_trace_count(v);

	for (i = 0; i < n; i++) {
		ds_trace_entry e;
		size_t row;
		if (ds_valuation_trace_at(&e, v, i) < 0)
			continue;
		row = ds__table_row(trace);
		ds__table_text(trace, row, 0, approach, 0);
		ds__table_text(trace, row, 1, e.symbol, 0);
		ds__table_text(trace, row, 2, e.name_zh, 0);
		ds__table_text(trace, row, 3, e.name_en, 0);
		ds__table_text(trace, row, 4, e.formula, 0);
		ds__table_text(trace, row, 5, e.exact, 0);
		display_cell(trace, row, 6, e.display);
		if (strncmp(e.formula, "given", 5) != 0)
			continue;
		row = ds__table_row(inputs);
		ds__table_text(inputs, row, 0, approach, 0);
		ds__table_text(inputs, row, 1, e.symbol, 0);
		ds__table_text(inputs, row, 2, e.name_zh, 0);
		ds__table_decimal(inputs, row, 3, e.exact); /* text when it is p/q or too long */
	}
}

/* The inputs and trace tables, their columns named. */
static int trace_tables(ds_tables *ts, ds__table **inputs, ds__table **trace)
{
	static const char *const trace_headers[] = { "方法", "符号", "名称", "Name", "公式", "精确值", "数值" };
	static const char *const input_headers[] = { "方法", "符号", "名称", "数值" };
	static const unsigned char input_numeric[] = { 0, 0, 0, 1 };
	size_t c;

	if (!(*inputs = ds__tables_add(ts, "输入", "评估输入", 4)) ||
	    !(*trace = ds__tables_add(ts, "计算过程", "计算过程 calculation trace", 7)))
		return DS_ENOMEM;
	for (c = 0; c < 4; c++)
		ds__table_column(*inputs, c, input_headers[c], input_numeric[c]);
	for (c = 0; c < 7; c++)
		ds__table_column(*trace, c, trace_headers[c], c == 6);
	return DS_OK;
}

/* The sensitivity grid: rows the rate changes, columns the income changes,
 * values to the fen. */
static int grid_table(ds_tables *ts, ds_decimal *const *grid, ds_decimal *const *rate_changes, size_t n_rate,
		      ds_decimal *const *income_changes, size_t n_income)
{
	ds__table *t = ds__tables_add(ts, "敏感性分析", "敏感性分析（行：折现率变动；列：收益变动）", 1 + n_income);
	char *text = NULL;
	size_t r, c;
	int rc = DS_OK;

	if (!t)
		return DS_ENOMEM;
	ds__table_column(t, 0, "折现率变动 \\ 收益变动", 0);
	for (c = 0; c < n_income && rc == DS_OK; c++) {
		if ((rc = ds_decimal_to_string(&text, income_changes[c], 0)) == DS_OK)
			ds__table_column(t, 1 + c, text, 1);
		ds_free(text);
		text = NULL;
	}
	for (r = 0; r < n_rate && rc == DS_OK; r++) {
		size_t row = ds__table_row(t);
		if ((rc = ds_decimal_to_string(&text, rate_changes[r], 0)) < 0)
			break;
		ds__table_text(t, row, 0, text, 0);
		ds_free(text);
		text = NULL;
		for (c = 0; c < n_income && rc == DS_OK; c++)
			rc = money_cell(t, row, 1 + c, grid[r * n_income + c]);
	}
	return rc;
}

int ds_valuation_tables(ds_tables **out, const ds_valuation *v, ds_decimal *const *grid,
			ds_decimal *const *rate_changes, size_t n_rate_changes, ds_decimal *const *income_changes,
			size_t n_income_changes)
{
	ds_tables *ts;
	ds__table *inputs, *trace;
	int rc;

	if (!out || !v)
		return ds__error(DS_EINVAL, "ds_valuation_tables: NULL argument");
	if (grid && (!rate_changes || !income_changes || !n_rate_changes || !n_income_changes))
		return ds__error_at(DS_EINVAL, 0, 0, "grid",
				    "ds_valuation_tables: a grid needs its rate and income changes");
	if (!ds_valuation_trace_count(v))
		return ds__error_at(DS_EINVAL, 0, 0, "trace", "ds_valuation_tables: the valuation has no trace");
	if (!(ts = ds__tables_new()))
		return DS_ENOMEM;
	if ((rc = trace_tables(ts, &inputs, &trace)) == DS_OK) {
		trace_rows(inputs, trace, "", v);
		if (grid)
			rc = grid_table(ts, grid, rate_changes, n_rate_changes, income_changes, n_income_changes);
	}
	if (rc < 0) {
		ds_tables_free(ts);
		return rc;
	}
	return ds__tables_finish(out, ts);
}

int ds_valuation_report_tables(ds_tables **out, const ds_valuation_report *r)
{
	ds_tables *ts;
	ds__table *summary, *inputs, *trace;
	size_t i, row;
	int rc = DS_OK;

	if (!out || !r)
		return ds__error(DS_EINVAL, "ds_valuation_report_tables: NULL argument");
	if (!(ts = ds__tables_new()))
		return DS_ENOMEM;
	if (!(summary = ds__tables_add(ts, "评估结论", "评估结论", 4))) {
		rc = DS_ENOMEM;
		goto done;
	}
	ds__table_column(summary, 0, "方法", 0);
	ds__table_column(summary, 1, "类型", 0);
	ds__table_column(summary, 2, "评估值", 1);
	ds__table_column(summary, 3, "参与结论", 0);
	for (i = 0; i < r->count && rc == DS_OK; i++) {
		row = ds__table_row(summary);
		ds__table_text(summary, row, 0, r->items[i].id, 0);
		ds__table_text(summary, row, 1, r->items[i].kind, 0);
		if (strcmp(r->items[i].kind, "quality") == 0) {
			/* a coefficient, not money: six decimals, as the text report writes it */
			char *text = NULL;
			if ((rc = ds_decimal_to_string_scaled(&text, ds_valuation_value(r->items[i].v), 6,
							      DS_ROUND_HALF_UP, 0)) == DS_OK)
				ds__table_decimal(summary, row, 2, text);
			ds_free(text);
		} else
			rc = money_cell(summary, row, 2, ds_valuation_value(r->items[i].v));
		ds__table_text(summary, row, 3, r->items[i].counts ? "是" : "否", 0);
	}
	if (rc < 0)
		goto done;
	row = ds__table_row(summary);
	ds__table_bold(summary, row);
	ds__table_text(summary, row, 0, "评估结论", 0);
	if ((rc = money_cell(summary, row, 2, ds_valuation_value(r->conclusion))) < 0)
		goto done;
	if ((rc = trace_tables(ts, &inputs, &trace)) < 0)
		goto done;
	for (i = 0; i < r->count; i++)
		trace_rows(inputs, trace, r->items[i].id, r->items[i].v);
	trace_rows(inputs, trace, "评估结论", r->conclusion);
	if (r->sensitivity_id)
		rc = grid_table(ts, r->table.d, r->rate_changes.d, r->rate_changes.n, r->income_changes.d,
				r->income_changes.n);
done:
	if (rc < 0) {
		ds_tables_free(ts);
		return rc == DS_ENOMEM ? ds__enomem() : rc;
	}
	return ds__tables_finish(out, ts);
}
