/*
 * Writing a valuation report: the <valuationResult> document and the readable
 * text report (Chinese labels, grouped amounts, the conclusion in 大写).
 * SPDX-License-Identifier: MIT
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "internal/decimal_xml.h"
#include "valuation_document.h"

static const char *right_zh(const char *right)
{
	if (right && strcmp(right, "holding") == 0)
		return "数据资源持有权";
	if (right && strcmp(right, "processing") == 0)
		return "数据加工使用权";
	if (right && strcmp(right, "operation") == 0)
		return "数据产品经营权";
	return right ? right : "";
}

static const char *kind_zh(const char *kind)
{
	if (strcmp(kind, "income") == 0)
		return "收益法";
	if (strcmp(kind, "cost") == 0)
		return "成本法";
	if (strcmp(kind, "cost2019") == 0)
		return "成本法 (2019)";
	if (strcmp(kind, "market") == 0)
		return "市场法";
	return "质量系数";
}

/* The conclusion's figures: to the fen, in 万元 to 2 places, in 大写. */
typedef struct figures {
	char *fen, *fen_grouped, *wan, *words, *exact;
} figures;

static void figures_free(figures *f)
{
	ds_free(f->fen);
	ds_free(f->fen_grouped);
	ds_free(f->wan);
	ds_free(f->words);
	ds_free(f->exact);
	memset(f, 0, sizeof *f);
}

static int figures_of(figures *f, const ds_decimal *value)
{
	ds_decimal *wan = NULL, *ten_thousand = NULL;
	int rc;

	memset(f, 0, sizeof *f);
	if ((rc = ds_decimal_new(&wan)) < 0 || (rc = ds_decimal_new(&ten_thousand)) < 0 ||
	    (rc = ds_decimal_set_int64(ten_thousand, 10000)) < 0 ||
	    (rc = ds_decimal_div(wan, value, ten_thousand)) < 0 ||
	    (rc = ds_decimal_to_string_scaled(&f->fen, value, 2, DS_ROUND_HALF_UP, 0)) < 0 ||
	    (rc = ds_decimal_to_string_scaled(&f->fen_grouped, value, 2, DS_ROUND_HALF_UP, DS_DECIMAL_GROUPED)) < 0 ||
	    (rc = ds_decimal_to_string_scaled(&f->wan, wan, 2, DS_ROUND_HALF_UP, 0)) < 0 ||
	    (rc = ds__val_exact_text(&f->exact, value)) < 0 ||
	    (rc = ds_decimal_to_rmb_words(&f->words, value, NULL)) < 0)
		figures_free(f);
	ds_decimal_free(wan);
	ds_decimal_free(ten_thousand);
	return rc;
}

/* The trace's lines; it is formatted on its first read, which may fail (out of memory). */
static int write_trace(ds__xml_writer *w, const ds_valuation *v)
{
	ds_trace_entry e;
	size_t i;
	int rc;

	for (i = 0; i < ds_valuation_trace_count(v); i++) {
		if ((rc = ds_valuation_trace_at(&e, v, i)) < 0)
			return rc;
		ds__xmlw_start(w, "trace");
		ds__xmlw_attr(w, "symbol", e.symbol);
		ds__xmlw_attr(w, "nameZh", e.name_zh);
		ds__xmlw_attr(w, "nameEn", e.name_en);
		ds__xmlw_attr(w, "formula", e.formula);
		ds__xmlw_attr(w, "exact", e.exact);
		ds__xmlw_attr(w, "display", e.display);
		ds__xmlw_end(w);
	}
	return DS_OK;
}

/* Value attributes: the exact value and the value to the fen. */
static int write_value(ds__xml_writer *w, const ds_decimal *value)
{
	char *exact = NULL, *fen = NULL;
	int rc;

	if ((rc = ds__val_exact_text(&exact, value)) == DS_OK &&
	    (rc = ds_decimal_to_string_scaled(&fen, value, 2, DS_ROUND_HALF_UP, 0)) == DS_OK) {
		ds__xmlw_attr(w, "exact", exact);
		ds__xmlw_attr(w, "value", fen);
	}
	ds_free(exact);
	ds_free(fen);
	return rc;
}

int ds_valuation_report_to_xml(char **out, const ds_valuation_report *r)
{
	ds__xml_writer w;
	figures f;
	size_t i, j;
	int rc;

	if (!out || !r)
		return ds__error(DS_EINVAL, "ds_valuation_report_to_xml: NULL argument");
	if ((rc = figures_of(&f, ds_valuation_value(r->conclusion))) < 0)
		return rc;
	if ((rc = ds__xmlw_begin(&w, "valuationResult", "urn:datasset:valuation:1")) < 0)
		goto done;
	ds__xmlw_attr(&w, "version", "1");
	ds__xmlw_start(&w, "subject");
	ds__xmlw_attr(&w, "name", r->name);
	ds__xmlw_attr(&w, "holder", r->holder);
	ds__xmlw_attr(&w, "code", r->code);
	ds__xmlw_end(&w);
	ds__xmlw_element(&w, "right", r->right);
	ds__xmlw_element(&w, "baseDate", r->base_date);
	for (i = 0; i < r->count && rc == DS_OK; i++) {
		ds__xmlw_start(&w, "approach");
		ds__xmlw_attr(&w, "id", r->items[i].id);
		ds__xmlw_attr(&w, "kind", r->items[i].kind);
		if ((rc = write_value(&w, ds_valuation_value(r->items[i].v))) == DS_OK)
			rc = write_trace(&w, r->items[i].v);
		ds__xmlw_end(&w);
	}
	ds__xmlw_start(&w, "conclusion");
	ds__xmlw_attr(&w, "exact", f.exact);
	ds__xmlw_attr(&w, "value", f.fen);
	ds__xmlw_attr(&w, "valueWan", f.wan);
	ds__xmlw_attr(&w, "words", f.words);
	if (rc == DS_OK)
		rc = write_trace(&w, r->conclusion);
	ds__xmlw_end(&w);
	if (r->sensitivity_id) {
		ds__xml_writer *wp = &w;
		ds__xmlw_start(wp, "sensitivity");
		ds__xmlw_attr(wp, "approach", r->sensitivity_id);
		for (i = 0; i < r->rate_changes.n && rc == DS_OK; i++)
			for (j = 0; j < r->income_changes.n && rc == DS_OK; j++) {
				ds__xmlw_start(wp, "cell");
				ds__xmlw_attr_decimal(wp, "rateChange", r->rate_changes.d[i]);
				ds__xmlw_attr_decimal(wp, "incomeChange", r->income_changes.d[j]);
				rc = write_value(wp, r->table.d[i * r->income_changes.n + j]);
				ds__xmlw_end(wp);
			}
		ds__xmlw_end(wp);
	}
	if (rc < 0) {
		ds__xmlw_dispose(&w);
		goto done;
	}
	rc = ds__xmlw_finish(out, &w);
done:
	figures_free(&f);
	return rc;
}

int ds_valuation_subject_init(ds_valuation_subject *subject, unsigned int version)
{
	ds_valuation_subject defaults = DS_VALUATION_SUBJECT_INIT;

	if (!subject || version != DS_VALUATION_SUBJECT_VERSION)
		return ds__error(DS_EINVAL, "valuation subject: unknown version %u", version);
	*subject = defaults;
	return DS_OK;
}

static int one_of(const char *value, const char *const *names)
{
	for (; *names; names++)
		if (value && strcmp(value, *names) == 0)
			return 1;
	return 0;
}

/* A computed valuation as the one-approach <valuationResult> a <valuation>
 * document with that approach alone would give: the approach, and the
 * conclusion equal to it (with the approach's trace). */
int ds_valuation_to_xml(char **out, const ds_valuation *v, const ds_valuation_subject *subject)
{
	static const char *const kinds[] = { "income", "cost", "cost2019", "market", NULL };
	static const char *const rights[] = { "holding", "processing", "operation", NULL };
	ds__xml_writer w;
	xmlDocPtr doc = NULL;
	char *text = NULL;
	const char *id;
	figures f;
	ds__date date;
	int rc;

	if (!out || !v || !subject)
		return ds__error(DS_EINVAL, "ds_valuation_to_xml: NULL argument");
	if (subject->version != DS_VALUATION_SUBJECT_VERSION)
		return ds__error(DS_EINVAL, "valuation subject: unknown version %u", subject->version);
	if (!subject->name || !*subject->name)
		return ds__error_at(DS_EINVAL, 0, 0, "name", "valuation subject: a name (数据资产名称) is required");
	if ((rc = ds__text_refuse_bidi(subject->name, "name")) < 0 ||
	    (rc = ds__text_refuse_bidi(subject->code, "code")) < 0 ||
	    (rc = ds__text_refuse_bidi(subject->id, "id")) < 0)
		return rc;
	if (!one_of(subject->kind, kinds))
		return ds__error_at(DS_EINVAL, 0, 0, "kind",
				    "valuation subject: kind '%s' is not income, cost, cost2019 or market",
				    subject->kind ? subject->kind : "");
	if (!one_of(subject->right, rights))
		return ds__error_at(DS_EINVAL, 0, 0, "right",
				    "valuation subject: right '%s' is not holding, processing or operation",
				    subject->right ? subject->right : "");
	if (!subject->base_date || ds__date_parse(&date, subject->base_date) < 0)
		return ds__error_at(DS_EINVAL, 0, 0, "base_date",
				    "valuation subject: base date '%s' is not a date YYYY-MM-DD (评估基准日)",
				    subject->base_date ? subject->base_date : "");
	if (ds_valuation_trace_count(v) == 0)
		return ds__error_at(DS_EINVAL, 0, 0, "trace",
				    "valuation: no trace (computed with no_trace, or never computed): the result "
				    "document shows how the value was reached");
	id = subject->id && *subject->id ? subject->id : subject->kind;
	if ((rc = figures_of(&f, ds_valuation_value(v))) < 0)
		return rc;
	if ((rc = ds__xmlw_begin(&w, "valuationResult", "urn:datasset:valuation:1")) < 0)
		goto done;
	ds__xmlw_attr(&w, "version", "1");
	ds__xmlw_start(&w, "subject");
	ds__xmlw_attr(&w, "name", subject->name);
	if (subject->holder)
		ds__xmlw_attr(&w, "holder", subject->holder);
	if (subject->code)
		ds__xmlw_attr(&w, "code", subject->code);
	ds__xmlw_end(&w);
	ds__xmlw_element(&w, "right", subject->right);
	ds__xmlw_element(&w, "baseDate", subject->base_date);
	ds__xmlw_start(&w, "approach");
	ds__xmlw_attr(&w, "id", id);
	ds__xmlw_attr(&w, "kind", subject->kind);
	if ((rc = write_value(&w, ds_valuation_value(v))) < 0) {
		ds__xmlw_dispose(&w);
		goto done;
	}
	if ((rc = write_trace(&w, v)) < 0) {
		ds__xmlw_dispose(&w);
		goto done;
	}
	ds__xmlw_end(&w);
	ds__xmlw_start(&w, "conclusion");
	ds__xmlw_attr(&w, "exact", f.exact);
	ds__xmlw_attr(&w, "value", f.fen);
	ds__xmlw_attr(&w, "valueWan", f.wan);
	ds__xmlw_attr(&w, "words", f.words);
	(void)write_trace(&w, v); /* formatted above: cannot fail now */
	ds__xmlw_end(&w);
	if ((rc = ds__xmlw_finish(&text, &w)) < 0)
		goto done;
	/* What the registry stores and a reader checks: valid against the schema, or not returned. */
	if ((rc = ds__xml_load_memory(&doc, text, strlen(text), "valuationResult", "valuation.xsd")) < 0)
		goto done;
	*out = text;
	text = NULL;
done:
	if (doc)
		xmlFreeDoc(doc);
	ds_free(text);
	figures_free(&f);
	return rc;
}

/* A change as a signed percentage for the table's labels ("+1%", "-10%", "0").
 * A failure (out of memory) is the report's failure, not a "?" label. */
static int percent_label(char *buf, size_t size, const ds_decimal *change)
{
	ds_decimal *p = NULL, *hundred = NULL;
	char *text = NULL;
	int rc;

	if ((rc = ds_decimal_new(&p)) == DS_OK && (rc = ds_decimal_new(&hundred)) == DS_OK &&
	    (rc = ds_decimal_set_int64(hundred, 100)) == DS_OK && (rc = ds_decimal_mul(p, change, hundred)) == DS_OK &&
	    (rc = ds__val_exact_text(&text, p)) == DS_OK)
		snprintf(buf, size, "%s%s%s", ds_decimal_sign(p) > 0 ? "+" : "", text,
			 ds_decimal_is_zero(p) ? "" : "%");
	ds_free(text);
	ds_decimal_free(p);
	ds_decimal_free(hundred);
	return rc;
}

int ds_valuation_report_to_text(char **out, const ds_valuation_report *r)
{
	ds__buf b = DS__BUF_INIT;
	figures f;
	char *trace = NULL, *cell = NULL, label[64];
	size_t i, j;
	int rc;

	if (!out || !r)
		return ds__error(DS_EINVAL, "ds_valuation_report_to_text: NULL argument");
	if ((rc = figures_of(&f, ds_valuation_value(r->conclusion))) < 0)
		return rc;
	ds__buf_printf(&b, "数据资产评估报告 (data asset valuation)\n");
	ds__buf_printf(&b, "评估对象 (subject):     %s\n", r->name);
	if (r->holder)
		ds__buf_printf(&b, "持有主体 (holder):      %s\n", r->holder);
	if (r->code)
		ds__buf_printf(&b, "编号 (code):            %s\n", r->code);
	ds__buf_printf(&b, "评估权利 (right):       %s (%s)\n", right_zh(r->right), r->right ? r->right : "");
	ds__buf_printf(&b, "评估基准日 (base date): %s\n", r->base_date ? r->base_date : "");
	for (i = 0; i < r->count; i++) {
		char *value = NULL;
		if ((rc = ds_valuation_trace_to_text(&trace, r->items[i].v)) < 0 ||
		    (rc = ds_decimal_to_string_scaled(&value, ds_valuation_value(r->items[i].v),
						      strcmp(r->items[i].kind, "quality") == 0 ? 6 : 2,
						      DS_ROUND_HALF_UP, DS_DECIMAL_GROUPED)) < 0)
			goto done;
		ds__buf_printf(&b, "\n== %s [%s]: %s\n%s", kind_zh(r->items[i].kind), r->items[i].id, value, trace);
		ds_free(value);
		ds_free(trace);
		trace = NULL;
	}
	if ((rc = ds_valuation_trace_to_text(&trace, r->conclusion)) < 0)
		goto done;
	ds__buf_printf(&b, "\n== 评估结论 (conclusion)\n%s", trace);
	ds__buf_printf(&b, "\n评估值 (value):  %s 元\n", f.fen_grouped);
	ds__buf_printf(&b, "               %s 万元\n", f.wan);
	ds__buf_printf(&b, "大写 (in words): %s\n", f.words);
	if (r->sensitivity_id) {
		ds__buf_printf(
			&b, "\n== 敏感性分析 (sensitivity of [%s]: rows discount rate change, columns income change)\n",
			r->sensitivity_id);
		ds__buf_printf(&b, "%-8s", "Δi \\ ΔF");
		for (j = 0; j < r->income_changes.n; j++) {
			if ((rc = percent_label(label, sizeof label, r->income_changes.d[j])) < 0)
				goto done;
			ds__buf_printf(&b, " %20s", label);
		}
		ds__buf_putc(&b, '\n');
		for (i = 0; i < r->rate_changes.n; i++) {
			if ((rc = percent_label(label, sizeof label, r->rate_changes.d[i])) < 0)
				goto done;
			ds__buf_printf(&b, "%-8s", label);
			for (j = 0; j < r->income_changes.n; j++) {
				if ((rc = ds_decimal_to_string_scaled(&cell, r->table.d[i * r->income_changes.n + j], 2,
								      DS_ROUND_HALF_UP, DS_DECIMAL_GROUPED)) < 0)
					goto done;
				ds__buf_printf(&b, " %20s", cell);
				ds_free(cell);
				cell = NULL;
			}
			ds__buf_putc(&b, '\n');
		}
	}
	rc = ds__buf_detach(out, &b);
done:
	ds__buf_dispose(&b);
	ds_free(trace);
	figures_free(&f);
	return rc;
}
