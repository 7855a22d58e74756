/*
 * Writing a settlement statement: text for people, CSV (RFC 4180, one row per
 * record) and XML (<statement>, urn:datasset:settlement:1).
 * SPDX-License-Identifier: MIT
 */
#include "config.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "internal/decimal_xml.h"
#include "internal/xml.h"
#include "settlement_internal.h"

#define NS "urn:datasset:settlement:1"

static const char *fen(char *buf, int64_t amount, int grouped)
{
	ds__fen_text(buf, amount, grouped);
	return buf;
}

static const char *destination_name(ds_settlement_destination d)
{
	return d == DS_SETTLEMENT_TREASURY ? "treasury" : "retain";
}

static const char *income_kind_name(ds_settlement_income k)
{
	return k == DS_SETTLEMENT_DISPOSAL ? "disposal" : "use";
}

/* ---------------------------------------------------------------- text */

static void text_mar(ds__buf *b, const ds_settlement_statement *st)
{
	char f1[DS__FEN_TEXT];
	size_t i;

	ds__buf_puts(b, "最高准许收入 (maximum allowed revenue, 发改价格〔2025〕65号 §3)\n");
	for (i = 0; i < st->cost_count; i++)
		ds__buf_printf(b, "  经营成本项目 %-30s %20s\n", st->cost_names[i] ? st->cost_names[i] : "",
			       fen(f1, st->costs[i], 1));
	for (i = 0; i < st->subsidy_count; i++)
		ds__buf_printf(b, "  减：政府补贴 %-30s %20s\n", "", fen(f1, -st->subsidies[i], 1));
	ds__buf_printf(b, "  经营成本 C %43s\n", fen(f1, st->mar.cost, 1));
	ds__buf_printf(b, "  准许利润率 r = y + m = %s + %s = %s (y: %s)\n", st->bond_yield, st->markup, st->rate,
		       st->bond_yield_source);
	ds__buf_printf(b, "  准许利润 P = HALF_UP(C × r) %27s\n", fen(f1, st->mar.profit, 1));
	ds__buf_printf(b, "  税金 T %47s\n", fen(f1, st->mar.taxes, 1));
	ds__buf_printf(b, "  最高准许收入 MAR %37s\n\n", fen(f1, st->mar.mar, 1));
}

static void text_years(ds__buf *b, const ds_settlement_statement *st)
{
	char f1[DS__FEN_TEXT], f2[DS__FEN_TEXT], f3[DS__FEN_TEXT];
	size_t i;

	ds__buf_puts(b, "年度评估 (yearly evaluation, §4)\n");
	ds__buf_printf(b, "  %-6s %18s %18s %18s %9s  %s\n", "year", "actual A", "MAR", "A − MAR", "d %", "tier");
	for (i = 0; i < st->year_count; i++) {
		const ds_settlement_year *y = &st->years[i].year;
		ds__buf_printf(b, "  %-6d %18s %18s %18s %9s  %s\n", y->year, fen(f1, y->actual, 1), fen(f2, y->mar, 1),
			       fen(f3, y->deviation, 1), y->percent,
			       y->tier == DS_SETTLEMENT_OPERATOR_ADJUSTS ? "operator adjusts its prices (≤ 10%)" :
									   "授权主体 adjusts the ceilings (> 10%)");
	}
	ds__buf_printf(b, "  period: Σ A %s, Σ MAR %s, excess E %s\n", fen(f1, st->pf.actual, 1),
		       fen(f2, st->pf.mar, 1), fen(f3, st->pf.excess, 1));
	if (st->deduction_count) {
		ds__buf_printf(b, "  deduction from the next period's MAR %s (%u year%s):\n",
			       fen(f1, st->pf.next_mar, 1), st->pf.smoothing_years,
			       st->pf.smoothing_years == 1 ? "" : "s");
		for (i = 0; i < st->deduction_count; i++) {
			const ds_settlement_deduction *d = &st->deductions[i];
			ds__buf_printf(b, "    year %-3u deducted %18s  net MAR %18s", d->year, fen(f1, d->deducted, 1),
				       fen(f2, d->net_mar, 1));
			if (d->carried_in)
				ds__buf_printf(b, "  (carried in %s)", fen(f3, d->carried_in, 1));
			ds__buf_puts(b, "\n");
		}
	}
	ds__buf_puts(b, "\n");
}

static void text_pool(ds__buf *b, const st_pool_out *po)
{
	const ds_settlement_pool_figures *f = &po->figures;
	char f1[DS__FEN_TEXT], f2[DS__FEN_TEXT];
	size_t i;

	ds__buf_printf(b, "有偿使用费 pool %s%s%s%s (%s, %s income)\n", f->id, f->product ? " " : "",
		       f->product ? f->product : "", f->agreement ? "" : "", ds__settlement_type_name(f->type),
		       income_kind_name(f->income_kind));
	if (f->agreement)
		ds__buf_printf(b, "  agreement %s\n", f->agreement);
	if (f->has_income)
		ds__buf_printf(b, "  income G %45s\n", fen(f1, f->income, 1));
	if (f->share)
		ds__buf_printf(b, "  share k %46s\n", f->share);
	for (i = 0; i < po->product_count; i++) {
		char *rate = NULL;
		ds__settlement_exact_text(&rate, po->products[i].rate);
		ds__buf_printf(b, "  product %s: %" PRIu64 " calls × %s = %s\n",
			       po->products[i].name ? po->products[i].name : "", po->products[i].calls,
			       rate ? rate : "?", fen(f1, po->product_fees[i], 1));
		ds__free(rate);
	}
	for (i = 0; i < po->free_count; i++)
		ds__buf_printf(b, "  free calls (%s) by %s: %" PRIu64 "\n",
			       ds__settlement_purpose_name(po->frees[i].purpose), po->frees[i].user,
			       po->frees[i].calls);
	ds__buf_printf(b, "  fee F %48s\n", fen(f1, f->fee, 1));
	ds__buf_printf(b, "  %-5s %-20s %-18s %-9s %-14s %-26s %16s\n", "order", "party", "kind", "dest.", "weight",
		       "exact amount", "booked");
	for (i = 0; i < f->line_count; i++) {
		const ds_settlement_line *l = &po->lines[i].line;
		char exact[27];
		snprintf(exact, sizeof exact, "%s", l->exact);
		if (strlen(l->exact) > 26)
			memcpy(exact + 22, "...", 4);
		ds__buf_printf(b, "  %-5zu %-20s %-18s %-9s %-14s %-26s %16s", i + 1, l->name ? l->name : l->party,
			       ds__settlement_kind_name(l->kind), destination_name(l->destination), l->weight, exact,
			       fen(f1, l->amount, 1));
		if (l->took_remainder)
			ds__buf_printf(b, "  (took remainder %s)", fen(f2, l->remainder, 1));
		ds__buf_puts(b, "\n");
	}
	ds__buf_printf(b, "  to the treasury (非税收入) %28s\n", fen(f1, f->to_treasury, 1));
	ds__buf_printf(b, "  retained %45s\n", fen(f1, f->retained, 1));
	/* Each public-sector party books its line in its own public-sector book
	 * (docs/ledger-gov.md): a treasury line as 应缴财政款 then remitted, a
	 * 事业单位's retained line as 其他收入 with its budget entry. */
	for (i = 0; i < f->line_count; i++) {
		const ds_settlement_line *l = &po->lines[i].line;
		const char *who = l->name ? l->name : l->party;
		if (l->amount <= 0 || (l->kind != DS_SETTLEMENT_ADMIN_UNIT && l->kind != DS_SETTLEMENT_INST_UNIT &&
				       l->kind != DS_SETTLEMENT_AUTHORITY))
			continue;
		fen(f1, l->amount, 1);
		if (l->destination == DS_SETTLEMENT_TREASURY)
			ds__buf_printf(b,
				       "  entries of %s: Dr 1002 银行存款 / Cr 2103 应缴财政款 %s; remitted Dr 2103 / "
				       "Cr 1002 %s\n",
				       who, f1, f1);
		else
			ds__buf_printf(
				b,
				"  entries of %s: Dr 1002 银行存款 / Cr 4609 其他收入 %s; budget Dr 8001 资金结存 / "
				"Cr 6609 其他预算收入 %s\n",
				who, f1, f1);
	}
	if (f->has_income)
		ds__buf_printf(b, "  operator keeps G − F %33s\n", fen(f1, f->operator_keeps, 1));
	if (f->free_calls || f->charged_calls)
		ds__buf_printf(b, "  calls: %" PRIu64 " charged, %" PRIu64 " free\n", f->charged_calls, f->free_calls);
	ds__buf_puts(b, "\n");
}

static void write_text(ds__buf *b, const ds_settlement_statement *st)
{
	size_t i;

	ds__buf_printf(b, "结算单 settlement statement%s%s%s%s\n\n", st->title ? ": " : "", st->title ? st->title : "",
		       st->period ? " — " : "", st->period ? st->period : "");
	if (st->has_mar)
		text_mar(b, st);
	if (st->has_period)
		text_years(b, st);
	for (i = 0; i < st->pool_count; i++)
		text_pool(b, &st->pools[i]);
}

/* ---------------------------------------------------------------- CSV */

/* Columns: 部分,池,序号,项目,当事方,类型,去向,权重,份额,精确值,金额,尾差,说明 */
static void csv_row(ds__buf *b, const char *const *cells)
{
	size_t i;

	for (i = 0; i < 13; i++)
		ds__csv_field(b, cells[i] ? cells[i] : "", i == 0);
	ds__csv_end_row(b);
}

static void write_csv(ds__buf *b, const ds_settlement_statement *st)
{
	static const char *const header[13] = { "部分", "池",	"序号",	  "项目", "当事方", "类型", "去向",
						"权重", "份额", "精确值", "金额", "尾差",   "说明" };
	char f1[DS__FEN_TEXT], f2[DS__FEN_TEXT], n[32];
	size_t i, j;

	csv_row(b, header);
	if (st->has_mar) {
		for (i = 0; i < st->cost_count; i++) {
			const char *row[13] = { "MAR",
						NULL,
						NULL,
						"cost_item",
						NULL,
						NULL,
						NULL,
						NULL,
						NULL,
						NULL,
						fen(f1, st->costs[i], 0),
						NULL,
						st->cost_names[i] };
			csv_row(b, row);
		}
		for (i = 0; i < st->subsidy_count; i++) {
			const char *row[13] = { "MAR",
						NULL,
						NULL,
						"subsidy",
						NULL,
						NULL,
						NULL,
						NULL,
						NULL,
						NULL,
						fen(f1, st->subsidies[i], 0),
						NULL,
						NULL };
			csv_row(b, row);
		}
		{
			const char *rows[][13] = {
				{ "MAR", NULL, NULL, "cost", NULL, NULL, NULL, NULL, NULL, NULL,
				  fen(f1, st->mar.cost, 0), NULL, NULL },
				{ "MAR", NULL, NULL, "bond_yield", NULL, NULL, NULL, NULL, NULL, st->bond_yield, NULL,
				  NULL, st->bond_yield_source },
				{ "MAR", NULL, NULL, "markup", NULL, NULL, NULL, NULL, NULL, st->markup, NULL, NULL,
				  NULL },
				{ "MAR", NULL, NULL, "rate", NULL, NULL, NULL, NULL, NULL, st->rate, NULL, NULL, NULL },
			};
			for (i = 0; i < sizeof rows / sizeof rows[0]; i++)
				csv_row(b, rows[i]);
		}
		{
			const char *row[13] = { "MAR",
						NULL,
						NULL,
						"profit",
						NULL,
						NULL,
						NULL,
						NULL,
						NULL,
						NULL,
						fen(f1, st->mar.profit, 0),
						NULL,
						NULL };
			csv_row(b, row);
		}
		{
			const char *row[13] = { "MAR",
						NULL,
						NULL,
						"taxes",
						NULL,
						NULL,
						NULL,
						NULL,
						NULL,
						NULL,
						fen(f1, st->mar.taxes, 0),
						NULL,
						NULL };
			csv_row(b, row);
		}
		{
			const char *row[13] = {
				"MAR", NULL, NULL, "mar", NULL, NULL, NULL, NULL, NULL, NULL, fen(f1, st->mar.mar, 0),
				NULL,  NULL
			};
			csv_row(b, row);
		}
	}
	for (i = 0; i < st->year_count; i++) {
		const ds_settlement_year *y = &st->years[i].year;
		char year[16], note[160];
		snprintf(year, sizeof year, "%d", y->year);
		snprintf(note, sizeof note, "actual=%s mar=%s percent=%s", fen(f1, y->actual, 0), fen(f2, y->mar, 0),
			 y->percent);
		{
			char dev[DS__FEN_TEXT];
			const char *row[13] = {
				"year", NULL, year,	ds__settlement_tier_name(y->tier), NULL, NULL, NULL,
				NULL,	NULL, y->ratio, fen(dev, y->deviation, 0),	   NULL, note
			};
			csv_row(b, row);
		}
	}
	if (st->has_period) {
		const char *row[13] = {
			"period", NULL, NULL, "excess", NULL, NULL, NULL, NULL, NULL, NULL, fen(f1, st->pf.excess, 0),
			NULL,	  NULL
		};
		csv_row(b, row);
	}
	for (i = 0; i < st->deduction_count; i++) {
		const ds_settlement_deduction *d = &st->deductions[i];
		char note[96];
		snprintf(n, sizeof n, "%u", d->year);
		snprintf(note, sizeof note, "net_mar=%s", fen(f2, d->net_mar, 0));
		{
			const char *row[13] = { "deduction",
						NULL,
						n,
						"deducted",
						NULL,
						NULL,
						NULL,
						NULL,
						NULL,
						NULL,
						fen(f1, d->deducted, 0),
						NULL,
						note };
			csv_row(b, row);
		}
	}
	for (i = 0; i < st->pool_count; i++) {
		const st_pool_out *po = &st->pools[i];
		const ds_settlement_pool_figures *f = &po->figures;
		{
			const char *row[13] = { "pool",
						f->id,
						NULL,
						"fee",
						NULL,
						ds__settlement_type_name(f->type),
						NULL,
						NULL,
						f->share,
						NULL,
						fen(f1, f->fee, 0),
						NULL,
						f->product };
			csv_row(b, row);
		}
		for (j = 0; j < f->line_count; j++) {
			const ds_settlement_line *l = &po->lines[j].line;
			snprintf(n, sizeof n, "%zu", j + 1);
			{
				const char *row[13] = { "line",
							f->id,
							n,
							l->name,
							l->party,
							ds__settlement_kind_name(l->kind),
							destination_name(l->destination),
							l->weight,
							l->share,
							l->exact,
							fen(f1, l->amount, 0),
							l->took_remainder ? fen(f2, l->remainder, 0) : NULL,
							l->took_remainder ? "took_remainder" : NULL };
				csv_row(b, row);
			}
		}
	}
}

/* ---------------------------------------------------------------- XML */

static void attr_fen(ds__xml_writer *w, const char *name, int64_t amount)
{
	char buf[DS__FEN_TEXT];

	ds__xmlw_attr(w, name, fen(buf, amount, 0));
}

static void write_xml(ds__xml_writer *w, const ds_settlement_statement *st)
{
	size_t i, j;

	if (st->title)
		ds__xmlw_attr(w, "title", st->title);
	if (st->period)
		ds__xmlw_attr(w, "period", st->period);
	if (st->has_mar) {
		ds__xmlw_start(w, "mar");
		attr_fen(w, "cost-items", st->mar.cost_items);
		attr_fen(w, "subsidies", st->mar.subsidies);
		attr_fen(w, "cost", st->mar.cost);
		ds__xmlw_attr(w, "bond-yield", st->bond_yield);
		ds__xmlw_attr(w, "bond-yield-source", st->bond_yield_source);
		ds__xmlw_attr(w, "markup", st->markup);
		ds__xmlw_attr(w, "rate", st->rate);
		attr_fen(w, "profit", st->mar.profit);
		attr_fen(w, "taxes", st->mar.taxes);
		attr_fen(w, "mar", st->mar.mar);
		for (i = 0; i < st->cost_count; i++) {
			ds__xmlw_start(w, "cost");
			if (st->cost_names[i])
				ds__xmlw_attr(w, "item", st->cost_names[i]);
			attr_fen(w, "amount", st->costs[i]);
			ds__xmlw_end(w);
		}
		for (i = 0; i < st->subsidy_count; i++) {
			ds__xmlw_start(w, "subsidy");
			attr_fen(w, "amount", st->subsidies[i]);
			ds__xmlw_end(w);
		}
		ds__xmlw_end(w);
	}
	for (i = 0; i < st->year_count; i++) {
		const ds_settlement_year *y = &st->years[i].year;
		ds__xmlw_start(w, "year");
		ds__xmlw_attrf(w, "year", "%d", y->year);
		attr_fen(w, "actual", y->actual);
		attr_fen(w, "mar", y->mar);
		attr_fen(w, "deviation", y->deviation);
		ds__xmlw_attr(w, "ratio", y->ratio);
		ds__xmlw_attr(w, "percent", y->percent);
		ds__xmlw_attr(w, "tier", ds__settlement_tier_name(y->tier));
		ds__xmlw_end(w);
	}
	if (st->has_period) {
		ds__xmlw_start(w, "period");
		attr_fen(w, "actual", st->pf.actual);
		attr_fen(w, "mar", st->pf.mar);
		attr_fen(w, "excess", st->pf.excess);
		attr_fen(w, "next-mar", st->pf.next_mar);
		ds__xmlw_attrf(w, "years", "%u", st->pf.smoothing_years);
		for (i = 0; i < st->deduction_count; i++) {
			const ds_settlement_deduction *d = &st->deductions[i];
			ds__xmlw_start(w, "deduction");
			ds__xmlw_attrf(w, "year", "%u", d->year);
			attr_fen(w, "scheduled", d->scheduled);
			attr_fen(w, "carried-in", d->carried_in);
			attr_fen(w, "deducted", d->deducted);
			attr_fen(w, "net-mar", d->net_mar);
			ds__xmlw_end(w);
		}
		ds__xmlw_end(w);
	}
	for (i = 0; i < st->pool_count; i++) {
		const st_pool_out *po = &st->pools[i];
		const ds_settlement_pool_figures *f = &po->figures;
		ds__xmlw_start(w, "pool");
		ds__xmlw_attr(w, "id", f->id);
		if (f->product)
			ds__xmlw_attr(w, "product", f->product);
		if (f->agreement)
			ds__xmlw_attr(w, "agreement", f->agreement);
		ds__xmlw_attr(w, "type", ds__settlement_type_name(f->type));
		ds__xmlw_attr(w, "income-kind", income_kind_name(f->income_kind));
		if (f->has_income)
			attr_fen(w, "income", f->income);
		if (f->share)
			ds__xmlw_attr(w, "share", f->share);
		attr_fen(w, "fee", f->fee);
		attr_fen(w, "to-treasury", f->to_treasury);
		attr_fen(w, "retained", f->retained);
		if (f->has_income)
			attr_fen(w, "operator-keeps", f->operator_keeps);
		ds__xmlw_attrf(w, "charged-calls", "%" PRIu64, f->charged_calls);
		ds__xmlw_attrf(w, "free-calls", "%" PRIu64, f->free_calls);
		for (j = 0; j < po->product_count; j++) {
			ds__xmlw_start(w, "product");
			if (po->products[j].name)
				ds__xmlw_attr(w, "name", po->products[j].name);
			ds__xmlw_attr_decimal(w, "rate", po->products[j].rate);
			ds__xmlw_attrf(w, "calls", "%" PRIu64, po->products[j].calls);
			attr_fen(w, "fee", po->product_fees[j]);
			ds__xmlw_end(w);
		}
		for (j = 0; j < po->free_count; j++) {
			ds__xmlw_start(w, "free");
			ds__xmlw_attr(w, "user", po->frees[j].user);
			ds__xmlw_attr(w, "purpose", ds__settlement_purpose_name(po->frees[j].purpose));
			ds__xmlw_attrf(w, "calls", "%" PRIu64, po->frees[j].calls);
			ds__xmlw_end(w);
		}
		for (j = 0; j < f->line_count; j++) {
			const ds_settlement_line *l = &po->lines[j].line;
			ds__xmlw_start(w, "line");
			ds__xmlw_attrf(w, "order", "%zu", j + 1);
			ds__xmlw_attr(w, "party", l->party);
			if (l->name)
				ds__xmlw_attr(w, "name", l->name);
			if (l->role)
				ds__xmlw_attr(w, "role", l->role);
			ds__xmlw_attr(w, "kind", ds__settlement_kind_name(l->kind));
			ds__xmlw_attr(w, "destination", destination_name(l->destination));
			ds__xmlw_attr(w, "weight", l->weight);
			ds__xmlw_attr(w, "share", l->share);
			ds__xmlw_attr(w, "exact", l->exact);
			attr_fen(w, "amount", l->amount);
			attr_fen(w, "remainder", l->remainder);
			ds__xmlw_attr(w, "took-remainder", l->took_remainder ? "true" : "false");
			ds__xmlw_end(w);
		}
		ds__xmlw_end(w);
	}
}

int ds_settlement_statement_write(char **out, const ds_settlement_statement *st, ds_settlement_format format,
				  unsigned int flags)
{
	ds__buf b = DS__BUF_INIT;
	int rc;

	if (!out || !st)
		return ds__error(DS_EINVAL, "settlement: NULL output or statement");
	if (flags & ~DS_SETTLEMENT_BOM)
		return ds__error_at(DS_EINVAL, 0, 0, "flags", "settlement: unknown flag 0x%x", flags);
	if ((flags & DS_SETTLEMENT_BOM) && format != DS_SETTLEMENT_FORMAT_CSV)
		return ds__error_at(DS_EINVAL, 0, 0, "flags", "settlement: a byte order mark applies to CSV only");
	switch (format) {
	case DS_SETTLEMENT_FORMAT_TEXT: write_text(&b, st); break;
	case DS_SETTLEMENT_FORMAT_CSV:
		if (flags & DS_SETTLEMENT_BOM)
			ds__buf_puts(&b, DS__CSV_BOM);
		write_csv(&b, st);
		break;
	case DS_SETTLEMENT_FORMAT_XML: {
		ds__xml_writer w;
		if ((rc = ds__init()) < 0 || (rc = ds__xmlw_begin(&w, "statement", NS)) < 0)
			return rc;
		write_xml(&w, st);
		return ds__xmlw_finish(out, &w);
	}
	default: return ds__error_at(DS_EINVAL, 0, 0, "format", "settlement: unknown format %d", (int)format);
	}
	if ((rc = ds__buf_detach(out, &b)) < 0)
		ds__buf_dispose(&b);
	return rc;
}
