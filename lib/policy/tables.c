/*
 * A subsidy award list's tables (include/datasset/table.h): "奖补名单", every
 * line in the order of ds_awards_at(), and "奖补汇总", the total per programme
 * and overall. The CSV and xlsx writers both read these.
 * SPDX-License-Identifier: MIT
 */
#include "config.h"

#include <string.h>

#include "internal/decimal.h"
#include "internal/table.h"
#include "model.h"

static const char *const status_words[] = { "不符合条件", "未入围", "获得奖补", "就高未采用" };

/* An exact figure: a number when it has a short decimal expansion (a
 * spreadsheet keeps it exactly to its digits), else its exact text (p/q). */
static int exact_cell(ds__table *t, size_t row, size_t col, const ds_decimal *x)
{
	char *text = NULL;
	int rc;

	if (!x)
		return DS_OK;
	rc = ds_decimal_to_string(&text, x, 0);
	if (rc == DS_EINEXACT)
		rc = ds_decimal_to_fraction(&text, x);
	else if (rc == DS_OK && strlen(text) <= 15 && (!strchr(text, '.') || strlen(strchr(text, '.')) <= 7)) {
		ds__table_number(t, row, col, text);
		ds_free(text);
		return DS_OK;
	}
	if (rc < 0)
		return rc;
	ds__table_text(t, row, col, text, 0);
	ds_free(text);
	return DS_OK;
}

static int fen_cell(ds__table *t, size_t row, size_t col, const ds_decimal *x, int64_t *sum)
{
	int64_t fen;
	int rc;

	if (!x)
		return DS_OK;
	if ((rc = ds__decimal_to_fen(&fen, x, 0, "award")) < 0)
		return rc;
	ds__table_amount(t, row, col, fen);
	if (sum)
		*sum += fen;
	return DS_OK;
}

int ds_awards_tables(ds_tables **out, const ds_awards *aw)
{
	static const char *const headers[] = {
		"项目", "排名",	      "统一社会信用代码", "申请人",   "对象", "结果",	"排名指标", "测算金额",
		"封顶", "封顶后金额", "奖补金额",	  "就高采用", "依据", "收款方", "原因"
	};
	enum { N = sizeof headers / sizeof headers[0] };
	ds_tables *ts;
	ds__table *list, *summary;
	size_t i, g, c;
	int64_t *totals = NULL, overall = 0;
	int rc = DS_OK;

	if (!out || !aw)
		return ds__error(DS_EINVAL, "ds_awards_tables: NULL argument");
	if (!(ts = ds__tables_new()))
		return DS_ENOMEM;
	if (!(totals = ds__calloc(aw->n_programmes + 1, sizeof *totals))) {
		ds_tables_free(ts);
		return ds__enomem();
	}
	list = ds__tables_add(ts, "奖补名单", "奖补名单", N);
	summary = list ? ds__tables_add(ts, "奖补汇总", "奖补汇总", 4) : NULL;
	if (!summary)
		goto done;
	for (c = 0; c < N; c++)
		ds__table_column(list, c, headers[c], c == 7 || c == 9 || c == 10);
	for (i = 0; i < aw->n_lines && rc == DS_OK; i++) {
		const ds_award *a = &aw->lines[i].pub;
		size_t row = ds__table_row(list);
		ds__table_text(list, row, 0, a->programme, 0);
		if (a->rank)
			ds__table_count(list, row, 1, (int64_t)a->rank);
		ds__table_text(list, row, 2, a->applicant, 0);
		ds__table_text(list, row, 3, a->applicant_name, 0);
		ds__table_text(list, row, 4, a->unit, 0);
		ds__table_text(list, row, 5, status_words[a->status], 0);
		if ((rc = exact_cell(list, row, 6, a->ranking_value)) < 0 ||
		    (rc = exact_cell(list, row, 7, a->uncapped)) < 0)
			break;
		ds__table_text(list, row, 8, a->caps, 0);
		if ((rc = fen_cell(list, row, 9, a->capped, NULL)) < 0 ||
		    (rc = fen_cell(list, row, 10, a->award, &totals[aw->lines[i].programme])) < 0)
			break;
		ds__table_text(list, row, 11, a->displaced_by, 0);
		ds__table_text(list, row, 12, arena_str(aw, aw->lines[i].basis_at), 0);
		ds__table_text(list, row, 13, arena_str(aw, aw->lines[i].payee_at), 0);
		ds__table_text(list, row, 14, a->reason, 0);
	}
	if (rc < 0)
		goto done;
	ds__table_column(summary, 0, "项目", 0);
	ds__table_column(summary, 1, "项目名称", 0);
	ds__table_column(summary, 2, "获得奖补（个）", 1);
	ds__table_column(summary, 3, "奖补金额", 1);
	for (g = 0; g < aw->n_programmes; g++) {
		size_t row = ds__table_row(summary);
		int64_t fen;
		/* The library's own total of the programme must be the sum of its lines. */
		if ((rc = ds__decimal_to_fen(&fen, aw->totals[g], 0, "total")) < 0)
			goto done;
		if (fen != totals[g]) {
			rc = ds__error(DS_EINTERNAL, "programme %s: the total is not the sum of its awards",
				       arena_str(aw, aw->programme_id_at[g]));
			goto done;
		}
		ds__table_text(summary, row, 0, arena_str(aw, aw->programme_id_at[g]), 0);
		ds__table_text(summary, row, 1, arena_str(aw, aw->programme_title_at[g]), 0);
		ds__table_count(summary, row, 2, (int64_t)aw->granted[g]);
		ds__table_amount(summary, row, 3, fen);
		overall += fen;
	}
	if (aw->n_programmes) {
		size_t row = ds__table_row(summary);
		ds__table_bold(summary, row);
		ds__table_text(summary, row, 0, "合计", 0);
		ds__table_sum(summary, row, 3, overall, 0, 3, row - 1, 3);
	}
done:
	ds__free(totals);
	if (rc < 0) {
		ds_tables_free(ts);
		return rc;
	}
	return ds__tables_finish(out, ts);
}
