/*
 * The report of a period: journal entries, amortisation lines, disclosure
 * tables (1) and (2), balance-sheet lines. Every table identity and the
 * balance of every entry are checked before the report is handed out.
 * SPDX-License-Identifier: MIT
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ledger_report.h"

/* ---------------------------------------------------------------- journal entries */

typedef struct entry_key {
	long day;     /* days since 1970 */
	size_t seq;   /* creation order: ties keep it */
	size_t first; /* first posting */
	size_t count;
	size_t asset;
	const char *event;
	ds__date date;
} entry_key;

typedef struct builder {
	ds_ledger_report *r;
	entry_key *keys;
	size_t key_count, key_cap;
	entry_key open; /* the entry being built */
	int64_t debits, credits;
	int64_t *effects; /* per event of the current asset: impairment loss or provision change */
	size_t effects_cap;
} builder;

static int effects_reserve(builder *b, size_t count)
{
	int64_t *grown;

	if (count <= b->effects_cap)
		return DS_OK;
	if (!(grown = ds__realloc(b->effects, count * sizeof *grown)))
		return ds__enomem();
	b->effects = grown;
	b->effects_cap = count;
	return DS_OK;
}

static void entry_begin(builder *b, ds__date date, size_t asset, const char *event)
{
	memset(&b->open, 0, sizeof b->open);
	b->open.date = date;
	b->open.day = ds__date_to_days(date);
	b->open.asset = asset;
	b->open.event = event;
	b->open.first = b->r->posting_count;
	b->debits = b->credits = 0;
}

static int entry_post(builder *b, ds_ledger_account account, int debit, int64_t amount)
{
	ds_ledger_report *r = b->r;
	ds_ledger_posting *p;

	if (amount == 0)
		return DS_OK;
	if (amount < 0) {
		/* A negative amount is the same amount on the other side. */
		amount = -amount;
		debit = !debit;
	}
	if (r->posting_count == r->posting_cap) {
		size_t cap = r->posting_cap ? r->posting_cap * 2 : 256;
		ds_ledger_posting *grown = ds__realloc(r->postings, cap * sizeof *grown);
		if (!grown)
			return ds__enomem();
		r->postings = grown;
		r->posting_cap = cap;
	}
	p = &r->postings[r->posting_count++];
	p->code = r->accounts[account].code;
	p->name = r->accounts[account].name;
	p->debit = debit;
	p->amount = amount;
	if (debit)
		b->debits += amount;
	else
		b->credits += amount;
	return DS_OK;
}

/* Close the entry: refuse an unbalanced one (a bug, never the input); drop an empty one. */
static int entry_end(builder *b)
{
	ds_ledger_report *r = b->r;

	b->open.count = r->posting_count - b->open.first;
	if (b->open.count == 0)
		return DS_OK;
	if (b->debits != b->credits || b->open.count < 2) {
		char date[11];
		ds__date_format(date, b->open.date);
		return ds__error(
			DS_EINTERNAL, "ledger: entry '%s' of asset '%s' on %s does not balance (借 %lld, 贷 %lld)",
			b->open.event, r->ids[b->open.asset], date, (long long)b->debits, (long long)b->credits);
	}
	if (b->key_count == b->key_cap) {
		size_t cap = b->key_cap ? b->key_cap * 2 : 256;
		entry_key *grown = ds__realloc(b->keys, cap * sizeof *grown);
		if (!grown)
			return ds__enomem();
		b->keys = grown;
		b->key_cap = cap;
	}
	b->open.seq = b->key_count;
	b->keys[b->key_count++] = b->open;
	return DS_OK;
}

static int key_cmp(const void *x, const void *y)
{
	const entry_key *a = x, *b = y;

	if (a->day != b->day)
		return a->day < b->day ? -1 : 1;
	return a->seq < b->seq ? -1 : a->seq > b->seq;
}

/* Sort the entries by date and make them point into the postings. */
static int entries_finish(builder *b)
{
	ds_ledger_report *r = b->r;
	size_t i;

	if (b->key_count)
		qsort(b->keys, b->key_count, sizeof *b->keys, key_cmp);
	if (b->key_count && !(r->entries = ds__calloc(b->key_count, sizeof *r->entries)))
		return ds__enomem();
	for (i = 0; i < b->key_count; i++) {
		ds_ledger_entry *e = &r->entries[i];
		const entry_key *k = &b->keys[i];
		e->year = k->date.year;
		e->month = k->date.month;
		e->day = k->date.day;
		e->asset_id = r->ids[k->asset];
		e->event = k->event;
		e->posting_count = k->count;
		e->postings = r->postings + k->first;
	}
	r->entry_count = b->key_count;
	return DS_OK;
}

/* ---------------------------------------------------------------- helpers */

static ds__date month_end(int month)
{
	ds__date d;
	d.year = month / 12;
	d.month = month % 12 + 1;
	d.day = ds__days_in_month(d.year, d.month);
	return d;
}

/* Add @amount to a flow: before the period into @opening, in it into @row and
 * its @parent, of column @col and of the total column. */
static void flow(int64_t (*t)[DS_LEDGER_COL_COUNT], const ds_ledger_report *r, int col, int month, int64_t amount,
		 int opening, int row, int parent)
{
	if (month < r->start) {
		t[opening][col] += amount;
		t[opening][DS_LEDGER_COL_TOTAL] += amount;
	} else if (month <= r->end) {
		t[row][col] += amount;
		t[parent][col] += amount;
		t[row][DS_LEDGER_COL_TOTAL] += amount;
		t[parent][DS_LEDGER_COL_TOTAL] += amount;
	}
}

/* A decrease at derecognition: before the period it reduces the opening balance. */
static void decrease(int64_t (*t)[DS_LEDGER_COL_COUNT], const ds_ledger_report *r, int col, int month, int64_t amount,
		     int opening, int row, int parent)
{
	if (month < r->start) {
		t[opening][col] -= amount;
		t[opening][DS_LEDGER_COL_TOTAL] -= amount;
	} else {
		flow(t, r, col, month, amount, opening, row, parent);
	}
}

static void closing(int64_t (*t)[DS_LEDGER_COL_COUNT], int col, int row, int64_t amount)
{
	t[row][col] += amount;
	t[row][DS_LEDGER_COL_TOTAL] += amount;
}

static int keep_line(ds_ledger_report *r, size_t asset, const ds_ledger_schedule_line *line)
{
	if (r->line_count == r->line_cap) {
		size_t cap = r->line_cap ? r->line_cap * 2 : 256;
		ds__ledger_report_line *grown = ds__realloc(r->lines, cap * sizeof *grown);
		if (!grown)
			return ds__enomem();
		r->lines = grown;
		r->line_cap = cap;
	}
	r->lines[r->line_count].asset = asset;
	r->lines[r->line_count++].line = *line;
	return DS_OK;
}

static const ds_ledger_account use_accounts[] = { DS_LEDGER_ACC_ADMIN, DS_LEDGER_ACC_MAIN_COST,
						  DS_LEDGER_ACC_OTHER_COST, DS_LEDGER_ACC_SELLING };

/* ---------------------------------------------------------------- intangible assets */

static int intangible(ds_ledger_report *r, builder *b, size_t index, const ledger_asset *a)
{
	int64_t(*t)[DS_LEDGER_COL_COUNT] = r->table1;
	ds_ledger_schedule_line *lines = NULL;
	int col = (int)a->origin - 1, inc_row, rc, in_period, has_line = 0;
	int self_built = a->origin == DS_LEDGER_SELF_BUILT;
	int dispose_month = a->disposed ? ds__ledger_month(a->disposal_date) : -1;
	int gone = a->disposed && dispose_month <= r->end;
	int64_t capitalised = ds__ledger_capitalised(a), expensed_in_period = 0;
	int64_t cost_close = 0, amort_close = 0, imp_close = 0, imp_total = 0, amort_total = 0;
	ds_ledger_schedule_line last_line;
	size_t count = 0, i;

	memset(&last_line, 0, sizeof last_line);
	inc_row = a->origin == DS_LEDGER_PURCHASED ? DS_LEDGER_R1_COST_INC_PURCHASED :
		  self_built			   ? DS_LEDGER_R1_COST_INC_DEVELOPED :
						     DS_LEDGER_R1_COST_INC_OTHER;
	if ((rc = effects_reserve(b, a->event_count)) < 0 ||
	    (rc = ds__ledger_asset_lines(&lines, &count, a, b->effects)) < 0)
		goto done;
	/* Cost items: entries in the period, and 原值 for bought-in assets as incurred. */
	for (i = 0; i < a->cost_count; i++) {
		const ledger_cost_item *c = &a->costs[i];
		int month = ds__ledger_month(c->date);
		in_period = month >= r->start && month <= r->end;
		if (!self_built && c->capitalised) {
			flow(t, r, col, month, c->amount, DS_LEDGER_R1_COST_OPENING, inc_row,
			     DS_LEDGER_R1_COST_INCREASE);
			if (month <= r->end)
				cost_close += c->amount;
		}
		if (!in_period)
			continue;
		if (self_built && c->capitalised)
			r->figures.rd_capitalised += c->amount;
		else if (self_built) {
			r->figures.rd_expensed += c->amount;
			expensed_in_period += c->amount;
		}
		entry_begin(b, c->date, index,
			    self_built ? (c->capitalised ? "研发支出—资本化" : "研发支出—费用化") :
					 (c->capitalised ? "购入" : "费用化支出"));
		if ((rc = entry_post(
			     b,
			     self_built ? (c->capitalised ? DS_LEDGER_ACC_RD_CAPITALISED : DS_LEDGER_ACC_RD_EXPENSED) :
					  (c->capitalised ? DS_LEDGER_ACC_INTANGIBLE : DS_LEDGER_ACC_ADMIN),
			     1, c->amount)) < 0 ||
		    (rc = entry_post(b, DS_LEDGER_ACC_VAT_INPUT, 1, c->vat)) < 0 ||
		    (rc = entry_post(b, DS_LEDGER_ACC_BANK, 0, c->amount + c->vat)) < 0 || (rc = entry_end(b)) < 0)
			goto done;
	}
	if (expensed_in_period) {
		/* Period end: 研发支出—费用化支出 is carried to 管理费用—研发费用. */
		entry_begin(b, month_end(r->end), index, "研发费用结转");
		if ((rc = entry_post(b, DS_LEDGER_ACC_RD_EXPENSE, 1, expensed_in_period)) < 0 ||
		    (rc = entry_post(b, DS_LEDGER_ACC_RD_EXPENSED, 0, expensed_in_period)) < 0 ||
		    (rc = entry_end(b)) < 0)
			goto done;
	}
	if (self_built && a->has_available) {
		int month = ds__ledger_month(a->available);
		flow(t, r, col, month, capitalised, DS_LEDGER_R1_COST_OPENING, inc_row, DS_LEDGER_R1_COST_INCREASE);
		if (month <= r->end)
			cost_close = capitalised;
		if (month >= r->start && month <= r->end) {
			entry_begin(b, a->available, index, "达到预定用途");
			if ((rc = entry_post(b, DS_LEDGER_ACC_INTANGIBLE, 1, capitalised)) < 0 ||
			    (rc = entry_post(b, DS_LEDGER_ACC_RD_CAPITALISED, 0, capitalised)) < 0 ||
			    (rc = entry_end(b)) < 0)
				goto done;
		}
	}
	if (self_built && !gone) {
		/* 开发支出: capitalised, not yet ready for use at the end of the period. */
		for (i = 0; i < a->cost_count; i++)
			if (a->costs[i].capitalised && ds__ledger_month(a->costs[i].date) <= r->end &&
			    (!a->has_available || ds__ledger_month(a->available) > r->end))
				r->figures.development += a->costs[i].amount;
	}
	/* Amortisation. */
	for (i = 0; i < count; i++) {
		int month = lines[i].year * 12 + lines[i].month - 1;
		amort_total += lines[i].charge;
		flow(t, r, col, month, lines[i].charge, DS_LEDGER_R1_AMORT_OPENING, DS_LEDGER_R1_AMORT_INC_CHARGED,
		     DS_LEDGER_R1_AMORT_INCREASE);
		if (month <= r->end) {
			last_line = lines[i];
			has_line = 1;
		}
		if (month < r->start || month > r->end)
			continue;
		r->figures.amortisation += lines[i].charge;
		if ((rc = keep_line(r, index, &lines[i])) < 0)
			goto done;
		entry_begin(b, month_end(month), index, "摊销");
		if ((rc = entry_post(b, use_accounts[a->use], 1, lines[i].charge)) < 0 ||
		    (rc = entry_post(b, DS_LEDGER_ACC_AMORTISATION, 0, lines[i].charge)) < 0 || (rc = entry_end(b)) < 0)
			goto done;
	}
	if (has_line)
		amort_close = last_line.accumulated;
	/* Impairment (CAS 8) and licences (CAS 14). */
	for (i = 0; i < a->event_count; i++) {
		const ledger_event *e = &a->events[i];
		int month = ds__ledger_month(e->date);
		int64_t loss = b->effects[i];
		imp_total += loss;
		flow(t, r, col, month, loss, DS_LEDGER_R1_IMP_OPENING, DS_LEDGER_R1_IMP_INC_CHARGED,
		     DS_LEDGER_R1_IMP_INCREASE);
		if (month <= r->end)
			imp_close += loss;
		if (month < r->start || month > r->end)
			continue;
		if (e->kind == EV_LICENCE) {
			/* CAS 14: the fee is revenue; the asset stays and is amortised as before. */
			r->figures.licence_revenue += e->amount;
			entry_begin(b, e->date, index, "授权使用收入");
			if ((rc = entry_post(b, DS_LEDGER_ACC_RECEIVABLE, 1, e->amount + e->vat)) < 0 ||
			    (rc = entry_post(b, DS_LEDGER_ACC_OTHER_REVENUE, 0, e->amount)) < 0 ||
			    (rc = entry_post(b, DS_LEDGER_ACC_VAT_OUTPUT, 0, e->vat)) < 0 || (rc = entry_end(b)) < 0)
				goto done;
			continue;
		}
		entry_begin(b, e->date, index, "减值");
		if ((rc = entry_post(b, DS_LEDGER_ACC_IMPAIRMENT_LOSS, 1, loss)) < 0 ||
		    (rc = entry_post(b, DS_LEDGER_ACC_IMPAIRMENT_RESERVE, 0, loss)) < 0 || (rc = entry_end(b)) < 0)
			goto done;
	}
	/* The schedule and the balances agree: the last line's closing amount is
	 * cost − 累计摊销 − 减值准备, unless a test after it changed the carrying amount. */
	if (has_line && !gone) {
		int later_test = 0;
		for (i = 0; i < a->event_count; i++) {
			int month = ds__ledger_month(a->events[i].date);
			if (a->events[i].kind == EV_IMPAIRMENT && month > last_line.year * 12 + last_line.month - 1 &&
			    month <= r->end)
				later_test = 1;
		}
		if (!later_test && last_line.closing != cost_close - amort_close - imp_close) {
			rc = ds__error(DS_EINTERNAL,
				       "ledger: asset '%s': schedule closing %lld differs from the balances %lld",
				       a->id, (long long)last_line.closing,
				       (long long)(cost_close - amort_close - imp_close));
			goto done;
		}
	}
	if (a->disposed) {
		static const int rows[3][3] = {
			{ DS_LEDGER_R1_COST_DEC_DISPOSED, DS_LEDGER_R1_AMORT_DEC_DISPOSED,
			  DS_LEDGER_R1_IMP_DEC_DISPOSED },
			{ DS_LEDGER_R1_COST_DEC_EXPIRED, DS_LEDGER_R1_AMORT_DEC_EXPIRED, DS_LEDGER_R1_IMP_DEC_EXPIRED },
			{ DS_LEDGER_R1_COST_DEC_OTHER, DS_LEDGER_R1_AMORT_DEC_OTHER, DS_LEDGER_R1_IMP_DEC_OTHER },
		};
		const int *row = rows[a->disposal_kind - 1];
		decrease(t, r, col, dispose_month, capitalised, DS_LEDGER_R1_COST_OPENING, row[0],
			 DS_LEDGER_R1_COST_DECREASE);
		decrease(t, r, col, dispose_month, amort_total, DS_LEDGER_R1_AMORT_OPENING, row[1],
			 DS_LEDGER_R1_AMORT_DECREASE);
		decrease(t, r, col, dispose_month, imp_total, DS_LEDGER_R1_IMP_OPENING, row[2],
			 DS_LEDGER_R1_IMP_DECREASE);
		if (dispose_month >= r->start && dispose_month <= r->end) {
			int64_t net = a->proceeds + amort_total + imp_total - capitalised;
			static const char *const events[] = { "处置", "失效终止确认", "其他减少" };
			entry_begin(b, a->disposal_date, index, events[a->disposal_kind - 1]);
			if ((rc = entry_post(b, DS_LEDGER_ACC_BANK, 1, a->proceeds + a->proceeds_vat)) < 0 ||
			    (rc = entry_post(b, DS_LEDGER_ACC_AMORTISATION, 1, amort_total)) < 0 ||
			    (rc = entry_post(b, DS_LEDGER_ACC_IMPAIRMENT_RESERVE, 1, imp_total)) < 0 ||
			    (rc = entry_post(b, DS_LEDGER_ACC_INTANGIBLE, 0, capitalised)) < 0 ||
			    (rc = entry_post(b, DS_LEDGER_ACC_VAT_OUTPUT, 0, a->proceeds_vat)) < 0)
				goto done;
			/* A gain is credited to 资产处置损益; a loss on a sale is debited there, a
			 * loss on expiry or other derecognition to 营业外支出. */
			if (net > 0 || a->disposal_kind == DS_LEDGER_DISPOSE_SALE)
				rc = entry_post(b, DS_LEDGER_ACC_DISPOSAL_GAIN, 0, net);
			else
				rc = entry_post(b, DS_LEDGER_ACC_NONOPERATING, 0, net);
			if (rc < 0 || (rc = entry_end(b)) < 0)
				goto done;
		}
	}
	if (gone)
		cost_close = amort_close = imp_close = 0;
	{
		ds_ledger_asset_figures *x = &r->assets[index];
		x->on_books = !gone && a->has_available && ds__ledger_month(a->available) <= r->end;
		x->cost = cost_close;
		x->accumulated = amort_close;
		x->allowance = imp_close;
		x->carrying = cost_close - amort_close - imp_close;
		x->remaining_months = a->indefinite ? -1 : 0;
		for (i = 0; !gone && !a->indefinite && i < count; i++)
			if (lines[i].year * 12 + lines[i].month - 1 > r->end)
				x->remaining_months++;
	}
	closing(t, col, DS_LEDGER_R1_COST_CLOSING, cost_close);
	closing(t, col, DS_LEDGER_R1_AMORT_CLOSING, amort_close);
	closing(t, col, DS_LEDGER_R1_IMP_CLOSING, imp_close);
	closing(t, col, DS_LEDGER_R1_CARRYING_CLOSING, cost_close - amort_close - imp_close);
	if (!gone && a->has_available && ds__ledger_month(a->available) <= r->end) {
		if (a->restricted)
			r->figures.restricted_count++;
		if (a->indefinite)
			r->figures.indefinite_count++;
	}
	rc = DS_OK;
done:
	ds__free(lines);
	return rc;
}

/* ---------------------------------------------------------------- inventory */

/* Self-built inventory is processed in 生产成本 until completion (the available date). */
static int in_production(const ledger_asset *a, const ledger_cost_item *c)
{
	return a->origin == DS_LEDGER_SELF_BUILT && (!a->has_available || ds__date_cmp(c->date, a->available) <= 0);
}

static int inventory(ds_ledger_report *r, builder *b, size_t index, const ledger_asset *a)
{
	int64_t(*t)[DS_LEDGER_COL_COUNT] = r->table2;
	int col = (int)a->origin - 1, rc;
	int inc_row = a->origin == DS_LEDGER_PURCHASED	? DS_LEDGER_R2_COST_INC_PURCHASED :
		      a->origin == DS_LEDGER_SELF_BUILT ? DS_LEDGER_R2_COST_INC_PROCESSED :
							  DS_LEDGER_R2_COST_INC_OTHER;
	int dispose_month = a->disposed ? ds__ledger_month(a->disposal_date) : -1;
	int gone = a->disposed && dispose_month <= r->end;
	int64_t cost_total = 0, cost_close = 0, provision = 0, prov_close = 0, wip = 0, completed = 0;
	size_t i;

	for (i = 0; i < a->cost_count; i++) {
		const ledger_cost_item *c = &a->costs[i];
		int month = ds__ledger_month(c->date);
		int wip_item = in_production(a, c);
		if (c->capitalised) {
			flow(t, r, col, month, c->amount, DS_LEDGER_R2_COST_OPENING, inc_row,
			     DS_LEDGER_R2_COST_INCREASE);
			cost_total += c->amount;
			if (month <= r->end)
				cost_close += c->amount;
			if (wip_item)
				wip += c->amount;
			else
				completed += c->amount;
		}
		if (month < r->start || month > r->end)
			continue;
		entry_begin(b, c->date, index, !c->capitalised ? "费用化支出" : wip_item ? "加工" : "购入");
		if ((rc = entry_post(b,
				     !c->capitalised ? DS_LEDGER_ACC_ADMIN :
				     wip_item	     ? DS_LEDGER_ACC_PRODUCTION :
						       DS_LEDGER_ACC_INVENTORY,
				     1, c->amount)) < 0 ||
		    (rc = entry_post(b, DS_LEDGER_ACC_VAT_INPUT, 1, c->vat)) < 0 ||
		    (rc = entry_post(b, DS_LEDGER_ACC_BANK, 0, c->amount + c->vat)) < 0 || (rc = entry_end(b)) < 0)
			return rc;
	}
	if (a->origin == DS_LEDGER_SELF_BUILT && a->has_available) {
		int month = ds__ledger_month(a->available);
		if (!a->disposed || ds__date_cmp(a->available, a->disposal_date) <= 0) {
			/* 完工入库: what was processed moves from 生产成本 to 库存商品. */
			if (month >= r->start && month <= r->end) {
				entry_begin(b, a->available, index, "完工入库");
				if ((rc = entry_post(b, DS_LEDGER_ACC_INVENTORY, 1, wip)) < 0 ||
				    (rc = entry_post(b, DS_LEDGER_ACC_PRODUCTION, 0, wip)) < 0 ||
				    (rc = entry_end(b)) < 0)
					return rc;
			}
			completed += wip;
			wip = 0;
		}
	}
	if ((rc = effects_reserve(b, a->event_count)) < 0 || (rc = ds__ledger_check_provisions(a, b->effects)) < 0)
		return rc;
	for (i = 0; i < a->event_count; i++) {
		const ledger_event *e = &a->events[i];
		int64_t delta = b->effects[i], amount = delta < 0 ? -delta : delta;
		int month = ds__ledger_month(e->date), reversal = delta < 0;
		if (delta == 0)
			continue;
		provision += delta;
		if (reversal)
			decrease(t, r, col, month, amount, DS_LEDGER_R2_PROV_OPENING, DS_LEDGER_R2_PROV_DEC_REVERSED,
				 DS_LEDGER_R2_PROV_DECREASE);
		else
			flow(t, r, col, month, amount, DS_LEDGER_R2_PROV_OPENING, DS_LEDGER_R2_PROV_INC_CHARGED,
			     DS_LEDGER_R2_PROV_INCREASE);
		if (month <= r->end)
			prov_close += delta;
		if (month < r->start || month > r->end)
			continue;
		entry_begin(b, e->date, index, reversal ? "跌价准备转回" : "计提跌价准备");
		/* Debits first: a reversal is Dr 存货跌价准备, Cr 资产减值损失. */
		if ((rc = entry_post(b, reversal ? DS_LEDGER_ACC_INVENTORY_RESERVE : DS_LEDGER_ACC_IMPAIRMENT_LOSS, 1,
				     amount)) < 0 ||
		    (rc = entry_post(b, reversal ? DS_LEDGER_ACC_IMPAIRMENT_LOSS : DS_LEDGER_ACC_INVENTORY_RESERVE, 0,
				     amount)) < 0 ||
		    (rc = entry_end(b)) < 0)
			return rc;
	}
	if (a->disposed) {
		static const int rows[3][2] = {
			{ DS_LEDGER_R2_COST_DEC_SOLD, DS_LEDGER_R2_PROV_DEC_WRITTEN_OFF },
			{ DS_LEDGER_R2_COST_DEC_EXPIRED, DS_LEDGER_R2_PROV_DEC_WRITTEN_OFF },
			{ DS_LEDGER_R2_COST_DEC_OTHER, DS_LEDGER_R2_PROV_DEC_OTHER },
		};
		const int *row = rows[a->disposal_kind - 1];
		decrease(t, r, col, dispose_month, cost_total, DS_LEDGER_R2_COST_OPENING, row[0],
			 DS_LEDGER_R2_COST_DECREASE);
		decrease(t, r, col, dispose_month, provision, DS_LEDGER_R2_PROV_OPENING, row[1],
			 DS_LEDGER_R2_PROV_DECREASE);
		if (dispose_month >= r->start && dispose_month <= r->end) {
			int sale = a->disposal_kind == DS_LEDGER_DISPOSE_SALE;
			if (sale) {
				/* CAS 14: revenue, then the cost to 主营业务成本 (the provision is 转销). */
				entry_begin(b, a->disposal_date, index, "出售");
				if ((rc = entry_post(b, DS_LEDGER_ACC_RECEIVABLE, 1, a->proceeds + a->proceeds_vat)) <
					    0 ||
				    (rc = entry_post(b, DS_LEDGER_ACC_REVENUE, 0, a->proceeds)) < 0 ||
				    (rc = entry_post(b, DS_LEDGER_ACC_VAT_OUTPUT, 0, a->proceeds_vat)) < 0 ||
				    (rc = entry_end(b)) < 0)
					return rc;
			}
			entry_begin(b, a->disposal_date, index, sale ? "结转成本" : "失效终止确认");
			if ((rc = entry_post(b, sale ? DS_LEDGER_ACC_MAIN_COST : DS_LEDGER_ACC_NONOPERATING, 1,
					     cost_total - provision)) < 0 ||
			    (rc = entry_post(b, DS_LEDGER_ACC_INVENTORY_RESERVE, 1, provision)) < 0 ||
			    (rc = entry_post(b, DS_LEDGER_ACC_INVENTORY, 0, completed)) < 0 ||
			    (rc = entry_post(b, DS_LEDGER_ACC_PRODUCTION, 0, wip)) < 0 || (rc = entry_end(b)) < 0)
				return rc;
		}
	}
	if (gone)
		cost_close = prov_close = 0;
	r->assets[index].on_books = cost_close > 0;
	r->assets[index].cost = cost_close;
	r->assets[index].allowance = prov_close;
	r->assets[index].carrying = cost_close - prov_close;
	closing(t, col, DS_LEDGER_R2_COST_CLOSING, cost_close);
	closing(t, col, DS_LEDGER_R2_PROV_CLOSING, prov_close);
	closing(t, col, DS_LEDGER_R2_CARRYING_CLOSING, cost_close - prov_close);
	if (!gone && a->restricted && cost_close > 0)
		r->figures.restricted_count++;
	return DS_OK;
}

/* ---------------------------------------------------------------- identities */

typedef struct section {
	int opening, increase, inc_first, inc_last, decrease, dec_first, dec_last, closing;
} section;

static const section table1_sections[] = {
	{ DS_LEDGER_R1_COST_OPENING, DS_LEDGER_R1_COST_INCREASE, DS_LEDGER_R1_COST_INC_PURCHASED,
	  DS_LEDGER_R1_COST_INC_OTHER, DS_LEDGER_R1_COST_DECREASE, DS_LEDGER_R1_COST_DEC_DISPOSED,
	  DS_LEDGER_R1_COST_DEC_OTHER, DS_LEDGER_R1_COST_CLOSING },
	{ DS_LEDGER_R1_AMORT_OPENING, DS_LEDGER_R1_AMORT_INCREASE, DS_LEDGER_R1_AMORT_INC_CHARGED,
	  DS_LEDGER_R1_AMORT_INC_CHARGED, DS_LEDGER_R1_AMORT_DECREASE, DS_LEDGER_R1_AMORT_DEC_DISPOSED,
	  DS_LEDGER_R1_AMORT_DEC_OTHER, DS_LEDGER_R1_AMORT_CLOSING },
	{ DS_LEDGER_R1_IMP_OPENING, DS_LEDGER_R1_IMP_INCREASE, DS_LEDGER_R1_IMP_INC_CHARGED,
	  DS_LEDGER_R1_IMP_INC_CHARGED, DS_LEDGER_R1_IMP_DECREASE, DS_LEDGER_R1_IMP_DEC_DISPOSED,
	  DS_LEDGER_R1_IMP_DEC_OTHER, DS_LEDGER_R1_IMP_CLOSING },
};

static const section table2_sections[] = {
	{ DS_LEDGER_R2_COST_OPENING, DS_LEDGER_R2_COST_INCREASE, DS_LEDGER_R2_COST_INC_PURCHASED,
	  DS_LEDGER_R2_COST_INC_OTHER, DS_LEDGER_R2_COST_DECREASE, DS_LEDGER_R2_COST_DEC_SOLD,
	  DS_LEDGER_R2_COST_DEC_OTHER, DS_LEDGER_R2_COST_CLOSING },
	{ DS_LEDGER_R2_PROV_OPENING, DS_LEDGER_R2_PROV_INCREASE, DS_LEDGER_R2_PROV_INC_CHARGED,
	  DS_LEDGER_R2_PROV_INC_OTHER, DS_LEDGER_R2_PROV_DECREASE, DS_LEDGER_R2_PROV_DEC_REVERSED,
	  DS_LEDGER_R2_PROV_DEC_OTHER, DS_LEDGER_R2_PROV_CLOSING },
};

#define IDENTITY(cond, ...)                                          \
	do {                                                         \
		if (!(cond))                                         \
			return ds__error(DS_EINTERNAL, __VA_ARGS__); \
	} while (0)

int ds__ledger_verify_table(int64_t (*t)[DS_LEDGER_COL_COUNT], int table, int rows, int carrying_closing,
			    int carrying_opening)
{
	const section *sections = table == 1 ? table1_sections : table2_sections;
	int nsections = table == 1 ? 3 : 2, s, row, col, k;

	for (col = 0; col < DS_LEDGER_COL_COUNT; col++) {
		int64_t carrying_close, carrying_open;
		for (row = 0; row < rows; row++) {
			IDENTITY(t[row][col] >= 0, "ledger: table (%d) row %d column %d is negative", table, row + 1,
				 col + 1);
			if (col == DS_LEDGER_COL_TOTAL)
				IDENTITY(t[row][DS_LEDGER_COL_TOTAL] == t[row][0] + t[row][1] + t[row][2],
					 "ledger: table (%d) row %d: 合计 is not the sum of the columns", table,
					 row + 1);
		}
		for (s = 0; s < nsections; s++) {
			const section *x = &sections[s];
			int64_t inc = 0, dec = 0;
			for (k = x->inc_first; k <= x->inc_last; k++) {
				IDENTITY(t[k][col] <= t[x->increase][col],
					 "ledger: table (%d) row %d exceeds its parent", table, k + 1);
				inc += t[k][col];
			}
			for (k = x->dec_first; k <= x->dec_last; k++) {
				IDENTITY(t[k][col] <= t[x->decrease][col],
					 "ledger: table (%d) row %d exceeds its parent", table, k + 1);
				dec += t[k][col];
			}
			IDENTITY(inc == t[x->increase][col] && dec == t[x->decrease][col],
				 "ledger: table (%d) section %d column %d: 其中 lines do not add up", table, s + 1,
				 col + 1);
			IDENTITY(t[x->closing][col] == t[x->opening][col] + t[x->increase][col] - t[x->decrease][col],
				 "ledger: table (%d) section %d column %d: 期末 ≠ 期初 + 本期增加 − 本期减少", table,
				 s + 1, col + 1);
		}
		carrying_close = t[sections[0].closing][col];
		carrying_open = t[sections[0].opening][col];
		for (s = 1; s < nsections; s++) {
			carrying_close -= t[sections[s].closing][col];
			carrying_open -= t[sections[s].opening][col];
		}
		IDENTITY(t[carrying_closing][col] == carrying_close,
			 "ledger: table (%d) column %d: 期末账面价值 ≠ 原值 − 摊销/准备", table, col + 1);
		IDENTITY(t[carrying_opening][col] == carrying_open,
			 "ledger: table (%d) column %d: 期初账面价值 ≠ 原值 − 摊销/准备", table, col + 1);
	}
	return DS_OK;
}

/* ---------------------------------------------------------------- the report */

int ds_ledger_report_new(ds_ledger_report **out, const ds_ledger *book, const char *start, const char *end)
{
	ds_ledger_report *r = NULL;
	builder b;
	ds__date first, last;
	size_t i;
	int rc, col;

	memset(&b, 0, sizeof b);
	if (!out || !book)
		return ds__error(DS_EINVAL, "ds_ledger_report_new: NULL argument");
	if ((rc = ds__ledger_month_text(&first, start, "period/start")) < 0 ||
	    (rc = ds__ledger_month_text(&last, end, "period/end")) < 0)
		return rc;
	if (ds__ledger_month(last) < ds__ledger_month(first))
		return ds__error_at(DS_EINVAL, 0, 0, "period/end",
				    "period/end: the period ends (%s) before it starts (%s)", end, start);
	if (!(r = ds__calloc(1, sizeof *r)))
		return ds__enomem();
	b.r = r;
	r->start = ds__ledger_month(first);
	r->end = ds__ledger_month(last);
	rc = DS_ENOMEM;
	for (i = 0; i < DS_LEDGER_ACC_COUNT; i++)
		if (!(r->accounts[i].code = ds__strdup(book->accounts[i].code)) ||
		    !(r->accounts[i].name = ds__strdup(book->accounts[i].name)))
			goto fail;
	if (book->count && !(r->ids = ds__calloc(book->count, sizeof *r->ids)))
		goto fail;
	r->id_count = book->count;
	if (book->count && (!(r->assets = ds__calloc(book->count, sizeof *r->assets)) ||
			    !(r->names = ds__calloc(book->count, sizeof *r->names)) ||
			    !(r->restrictions = ds__calloc(book->count, sizeof *r->restrictions))))
		goto fail;
	for (i = 0; i < book->count; i++) {
		const ledger_asset *a = &book->assets[i];
		if (!(r->ids[i] = ds__strdup(a->id)) || (a->name && !(r->names[i] = ds__strdup(a->name))) ||
		    (a->restricted && !(r->restrictions[i] = ds__strdup(a->restricted))))
			goto fail;
		r->assets[i].id = r->ids[i];
		r->assets[i].name = r->names[i];
		r->assets[i].restricted = r->restrictions[i];
		r->assets[i].asset_class = a->asset_class;
	}
	for (i = 0; i < book->count; i++) {
		const ledger_asset *a = &book->assets[i];
		rc = a->asset_class == DS_LEDGER_INTANGIBLE ? intangible(r, &b, i, a) : inventory(r, &b, i, a);
		if (rc < 0)
			goto fail;
	}
	/* Carrying amounts at the start of the period, from the opening balances. */
	for (col = 0; col < DS_LEDGER_COL_COUNT; col++) {
		r->table1[DS_LEDGER_R1_CARRYING_OPENING][col] = r->table1[DS_LEDGER_R1_COST_OPENING][col] -
								r->table1[DS_LEDGER_R1_AMORT_OPENING][col] -
								r->table1[DS_LEDGER_R1_IMP_OPENING][col];
		r->table2[DS_LEDGER_R2_CARRYING_OPENING][col] =
			r->table2[DS_LEDGER_R2_COST_OPENING][col] - r->table2[DS_LEDGER_R2_PROV_OPENING][col];
	}
	if ((rc = ds__ledger_verify_table(r->table1, 1, DS_LEDGER_R1_COUNT, DS_LEDGER_R1_CARRYING_CLOSING,
					  DS_LEDGER_R1_CARRYING_OPENING)) < 0 ||
	    (rc = ds__ledger_verify_table(r->table2, 2, DS_LEDGER_R2_COUNT, DS_LEDGER_R2_CARRYING_CLOSING,
					  DS_LEDGER_R2_CARRYING_OPENING)) < 0)
		goto fail;
	for (i = 0; i < book->count; i++) {
		ds_ledger_asset_figures *x = &r->assets[i];
		x->material = x->on_books && book->materiality > 0 && x->carrying >= book->materiality;
		r->figures.material_count += (size_t)x->material;
	}
	r->figures.intangible = r->table1[DS_LEDGER_R1_CARRYING_CLOSING][DS_LEDGER_COL_TOTAL];
	r->figures.inventory = r->table2[DS_LEDGER_R2_CARRYING_CLOSING][DS_LEDGER_COL_TOTAL];
	if ((rc = entries_finish(&b)) < 0 || (rc = ds__ledger_trial_build(r)) < 0)
		goto fail;
	ds__free(b.keys);
	ds__free(b.effects);
	*out = r;
	return DS_OK;
fail:
	if (rc == DS_ENOMEM)
		ds__enomem();
	ds__free(b.keys);
	ds__free(b.effects);
	ds_ledger_report_free(r);
	return rc;
}

void ds_ledger_report_free(ds_ledger_report *r)
{
	size_t i;

	if (!r)
		return;
	for (i = 0; i < DS_LEDGER_ACC_COUNT; i++) {
		ds__free(r->accounts[i].code);
		ds__free(r->accounts[i].name);
	}
	for (i = 0; i < r->id_count; i++) {
		ds__free(r->ids[i]);
		if (r->names)
			ds__free(r->names[i]);
		if (r->restrictions)
			ds__free(r->restrictions[i]);
	}
	ds__free(r->ids);
	ds__free(r->names);
	ds__free(r->restrictions);
	ds__free(r->assets);
	ds__free(r->entries);
	ds__free(r->postings);
	ds__free(r->lines);
	ds__free(r->trial);
	ds__free(r);
}

int ds_ledger_report_cell(int64_t *out, const ds_ledger_report *r, ds_ledger_table table, unsigned int row,
			  ds_ledger_column column)
{
	unsigned int rows;

	if (!out || !r)
		return ds__error(DS_EINVAL, "ds_ledger_report_cell: NULL argument");
	if (table != DS_LEDGER_TABLE_1 && table != DS_LEDGER_TABLE_2)
		return ds__error_at(DS_ERANGE, 0, 0, "table", "table: must be 1 or 2, not %d", (int)table);
	rows = table == DS_LEDGER_TABLE_1 ? DS_LEDGER_R1_COUNT : DS_LEDGER_R2_COUNT;
	if (row >= rows)
		return ds__error_at(DS_ERANGE, 0, 0, "row", "row: index %u is out of range; table (%d) has %u rows",
				    row, (int)table, rows);
	if ((unsigned int)column >= DS_LEDGER_COL_COUNT)
		return ds__error_at(DS_ERANGE, 0, 0, "column",
				    "column: index %u is out of range; the tables have %d columns",
				    (unsigned int)column, DS_LEDGER_COL_COUNT);
	*out = table == DS_LEDGER_TABLE_1 ? r->table1[row][column] : r->table2[row][column];
	return DS_OK;
}

size_t ds_ledger_report_asset_count(const ds_ledger_report *r)
{
	return r ? r->id_count : 0;
}

int ds_ledger_report_asset_at(ds_ledger_asset_figures *out, const ds_ledger_report *r, size_t index)
{
	if (!out || !r)
		return ds__error(DS_EINVAL, "ds_ledger_report_asset_at: NULL argument");
	if (index >= r->id_count)
		return ds__error(DS_ERANGE,
				 "ds_ledger_report_asset_at: index %zu is out of range; the report has %zu assets",
				 index, r->id_count);
	*out = r->assets[index];
	return DS_OK;
}

int ds_ledger_report_figures(ds_ledger_figures *out, const ds_ledger_report *r)
{
	if (!out || !r)
		return ds__error(DS_EINVAL, "ds_ledger_report_figures: NULL argument");
	*out = r->figures;
	return DS_OK;
}

size_t ds_ledger_report_entry_count(const ds_ledger_report *r)
{
	return r ? r->entry_count : 0;
}

int ds_ledger_report_entry_at(ds_ledger_entry *out, const ds_ledger_report *r, size_t index)
{
	if (!out || !r)
		return ds__error(DS_EINVAL, "ds_ledger_report_entry_at: NULL argument");
	if (index >= r->entry_count)
		return ds__error(DS_ERANGE,
				 "ds_ledger_report_entry_at: index %zu is out of range; the report has %zu entries",
				 index, r->entry_count);
	*out = r->entries[index];
	return DS_OK;
}
