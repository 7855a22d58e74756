/*
 * The public-sector book (政府会计, 行政事业单位数据资产): reading a document in
 * urn:datasset:ledger-gov:1, checking each asset's events against its history
 * in date order, and computing a period's entries (financial and budget, 平行记账),
 * asset ledger and figures. The rules and their sources are in docs/ledger-gov.md.
 * SPDX-License-Identifier: MIT
 */
#include "config.h"

#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gov_internal.h"
#include "internal/codes.h"

#define SCHEMA "ledger-gov.xsd"

static const char *const account_roles[] = { "bank",
					     "authorised",
					     "intangible",
					     "amortisation",
					     "research",
					     "development",
					     "payable",
					     "business-revenue",
					     "other-revenue",
					     "business-expense",
					     "admin-expense",
					     "operating-expense",
					     "disposal-expense",
					     "budget-revenue",
					     "admin-outlay",
					     "inst-outlay",
					     "funds",
					     NULL };
static const char *const default_codes[GA_COUNT] = { "1002", "1011", "1701", "1702", "1703.01", "1703.02",
						     "2103", "4101", "4609", "5001", "5101",	"5201",
						     "5301", "6609", "7101", "7201", "8001" };
static const char *const default_names[GA_COUNT] = {
	"银行存款",	     "零余额账户用款额度", "无形资产—数据资产", "无形资产累计摊销—数据资产",
	"研发支出—研究支出", "研发支出—开发支出",  "应缴财政款",	"事业收入",
	"其他收入",	     "业务活动费用",	   "单位管理费用",	"经营费用",
	"资产处置费用",	     "其他预算收入",	   "行政支出",		"事业支出",
	"资金结存"
};

const char *const ds__gov_card_fields[GT_COUNT] = { "catalogue",   "custodian",	 "rights",    "registration",
						    "certificate", "compliance", "source",    "security",
						    "use-mode",	   "operator",	 "agreement", "life-reference",
						    "reference" };
const char *const ds__gov_card_labels[GT_COUNT] = { "目录标识", "保管部门及责任人", "持有权利",	    "登记结果查询码",
						    "证书编号", "合规评估",	    "数据来源",	    "安全等级",
						    "使用方式", "运营机构",	    "授权运营协议", "使用年限依据文件",
						    "参考评估" };

static const char *const formations[] = { "", "self-built", "purchased", "transferred-in", "donated", "other", NULL };
static const char *const disposals[] = { "", "sale", "transfer", "write-off", NULL };
static const char *const expenses[] = { "business", "admin", "operating", NULL };

/* ================================================================ reading */

static void asset_clear(gov_asset *a)
{
	size_t i;

	ds__free(a->id);
	ds__free(a->name);
	for (i = 0; i < GT_COUNT; i++)
		ds__free(a->text[i]);
	for (i = 0; i < a->unit_count; i++)
		ds_decimal_free(a->units[i]);
	ds__free(a->units);
	for (i = 0; i < a->event_count; i++) {
		ds__free(a->events[i].ref);
		ds__free(a->events[i].valuation);
	}
	ds__free(a->events);
	ds__free(a->lines);
}

void ds_ledger_gov_free(ds_ledger_gov *book)
{
	size_t i;

	if (!book)
		return;
	ds__free(book->unit);
	ds__free(book->credit_code);
	for (i = 0; i < GA_COUNT; i++) {
		ds__free(book->accounts[i].code);
		ds__free(book->accounts[i].name);
	}
	ds__free(book->periods);
	for (i = 0; i < book->count; i++)
		asset_clear(&book->assets[i]);
	ds__free(book->assets);
	ds__free(book);
}

/* An amount attribute in fen (0 when absent and optional). */
static int fen_attr(int64_t *out, xmlNodePtr node, const char *name, int required)
{
	ds_decimal *d = NULL;
	int rc;

	*out = 0;
	if ((rc = ds__xml_amount_attr(&d, node, name, DS__AMOUNT_NONNEGATIVE | DS__AMOUNT_FEN)) < 0)
		return rc;
	if (!d)
		return required ? ds__xml_error(DS_EINVAL, node, name, "missing amount") : DS_OK;
	rc = ds__decimal_to_fen(out, d, 1, name);
	ds_decimal_free(d);
	return rc < 0 ? ds__xml_relocate(rc, node, name) : DS_OK;
}

static int date_attr(ds__date *out, xmlNodePtr node, const char *name)
{
	return ds__xml_date(out, node, name);
}

static int month_of(ds__date d)
{
	return ds__ledger_month(d);
}

static const char *const event_names[] = { "",		 "research", "development", "purchase", "completed",
					   "use-income", "remit",    "disposal",    NULL };

/* Read one event element (not yet checked against the history). */
static int read_event(gov_event *e, xmlNodePtr node)
{
	char *text = NULL;
	int rc;

	memset(e, 0, sizeof *e);
	e->kind = (gov_event_kind)ds__xml_lookup((const char *)node->name, event_names);
	if ((rc = date_attr(&e->date, node, "date")) < 0)
		return rc;
	switch (e->kind) {
	case GE_RESEARCH:
	case GE_DEVELOPMENT:
	case GE_PURCHASE:
		if ((rc = fen_attr(&e->amount, node, "amount", 1)) < 0 ||
		    (rc = ds__xml_text(&text, node, "funding")) < 0)
			return rc;
		e->flag = text && strcmp(text, "bank") == 0;
		break;
	case GE_COMPLETED:
		if ((rc = ds__xml_text_required(&text, node, "formed")) < 0)
			return rc;
		e->flag = strcmp(text, "true") == 0 || strcmp(text, "1") == 0;
		break;
	case GE_USE_INCOME:
		if ((rc = fen_attr(&e->amount, node, "amount", 1)) < 0 ||
		    (rc = ds__xml_text(&e->ref, node, "agreement")) < 0)
			return rc;
		break;
	case GE_REMIT:
		if ((rc = fen_attr(&e->amount, node, "amount", 1)) < 0)
			return rc;
		break;
	case GE_DISPOSAL:
		if ((rc = ds__xml_text_required(&text, node, "kind")) < 0 ||
		    (rc = ds__xml_text(&e->ref, node, "approval")) < 0 ||
		    (rc = ds__xml_text(&e->valuation, node, "valuation")) < 0 ||
		    (rc = fen_attr(&e->amount, node, "proceeds", 0)) < 0 ||
		    (rc = fen_attr(&e->costs, node, "costs", 0)) < 0)
			break;
		e->disposal = (gov_disposal)ds__xml_lookup(text, disposals);
		if ((int)e->disposal <= 0)
			rc = ds__xml_error(DS_EINVAL, node, "kind", "unknown disposal kind '%s'", text);
		break;
	default: rc = ds__xml_error(DS_EPARSE, node, NULL, "unknown event");
	}
	ds__free(text);
	return rc;
}

static int64_t development_total(const gov_asset *a, size_t upto)
{
	int64_t sum = 0;
	size_t i;

	for (i = 0; i < upto; i++)
		if (a->events[i].kind == GE_DEVELOPMENT)
			sum += a->events[i].amount;
	return sum;
}

/* Check event @i of @a against the history before it (events are in date order). */
static int check_event(const ds_ledger_gov *book, gov_asset *a, size_t i, xmlNodePtr node)
{
	gov_event *e = &a->events[i];
	int self = a->formation == GF_SELF_BUILT, bought = a->formation == GF_PURCHASED;
	char when[11];

	ds__date_format(when, e->date);
	if (a->memo)
		return ds__xml_error(DS_EINVAL, node, NULL,
				     "asset '%s' is a memo row (台账 only): a memo row never produces journal entries; "
				     "recognise it (status on-balance-sheet) to record events",
				     a->id);
	if (ds__date_cmp(e->date, a->acquired) < 0)
		return ds__xml_error(DS_EINVAL, node, "date", "the event (%s) is before the asset was acquired", when);
	if (a->disposed && e->kind != GE_REMIT)
		return ds__xml_error(DS_ESTATE, node, NULL, "asset '%s' was disposed of: only remittances may follow",
				     a->id);
	switch (e->kind) {
	case GE_RESEARCH:
	case GE_DEVELOPMENT:
		if (!self)
			return ds__xml_error(DS_EINVAL, node, NULL,
					     "research and development spending belongs to a self-built asset");
		if (a->completed) {
			char done[11];
			ds__date_format(done, a->completed_on);
			return ds__xml_error(DS_ESTATE, node, "date",
					     "spending on %s comes after the development was completed (%s)", when,
					     done);
		}
		break;
	case GE_COMPLETED:
		if (!self)
			return ds__xml_error(DS_EINVAL, node, NULL, "only a self-built asset is completed");
		if (a->completed)
			return ds__xml_error(DS_ESTATE, node, NULL, "the development is completed twice");
		if (e->flag && development_total(a, i) == 0)
			return ds__xml_error(DS_EINVAL, node, "formed",
					     "no development spending to capitalise (research is expensed)");
		a->completed = 1;
		a->formed = e->flag;
		a->completed_on = e->date;
		if (e->flag) {
			a->has_in_use = 1;
			a->in_use = e->date;
		}
		break;
	case GE_PURCHASE:
		if (!bought)
			return ds__xml_error(DS_EINVAL, node, NULL, "a purchase belongs to a purchased asset");
		if (ds__date_cmp(e->date, a->in_use) > 0)
			return ds__xml_error(DS_EINVAL, node, "date",
					     "spending after the asset is in use is not part of its cost");
		break;
	case GE_USE_INCOME: break; /* without an agreement it is flagged in the report, not refused */
	case GE_REMIT: {
		int64_t due = a->owed;
		if (e->amount == 0 || e->amount > due) {
			char amount[DS__FEN_TEXT], have[DS__FEN_TEXT];
			ds__fen_text(amount, e->amount, 1);
			ds__fen_text(have, due, 1);
			return ds__xml_error(DS_ESTATE, node, "amount",
					     "remitting %s but %s is owed to the treasury for asset '%s' on %s", amount,
					     have, a->id, when);
		}
		break;
	}
	case GE_DISPOSAL: {
		if ((self && !a->formed) || (bought && ds__date_cmp(e->date, a->in_use) < 0))
			return ds__xml_error(DS_ESTATE, node, NULL, "asset '%s' is not on the books on %s", a->id,
					     when);
		if (!e->ref || !*e->ref)
			return ds__xml_error(
				DS_EINVAL, node, "approval",
				"a disposal needs the approval document (行政事业性国有资产管理条例 arts. 19, 35)");
		if ((e->disposal == GD_SALE || e->disposal == GD_TRANSFER) && (!e->valuation || !*e->valuation))
			return ds__xml_error(
				DS_EINVAL, node, "valuation",
				"a sale or transfer needs an asset valuation (行政事业性国有资产管理条例 art. 36)");
		if (e->disposal == GD_WRITE_OFF && e->amount)
			return ds__xml_error(DS_EINVAL, node, "proceeds", "a write-off (报损核销) has no proceeds");
		if (month_of(e->date) < month_of(a->in_use))
			return ds__xml_error(DS_EINVAL, node, "date", "disposed of before it was in use");
		a->disposed = 1;
		a->disposed_on = e->date;
		break;
	}
	}
	/* what the asset owes the treasury after this event (income of a retaining 事业单位 stays) */
	if (e->kind == GE_USE_INCOME && !(book->inst && book->retain))
		a->owed += e->amount;
	else if (e->kind == GE_DISPOSAL && e->amount > e->costs)
		a->owed += e->amount - e->costs;
	else if (e->kind == GE_REMIT)
		a->owed -= e->amount;
	return DS_OK;
}

/* The asset's amortisation lines (after all events are read). */
static int amortise(const ds_ledger_gov *book, gov_asset *a, xmlNodePtr node)
{
	ds__ledger_amortisation am;
	char field[96];
	size_t i;
	int rc;

	if (a->memo || !a->has_in_use || a->indefinite)
		return DS_OK;
	memset(&am, 0, sizeof am);
	for (i = 0; i < a->event_count; i++)
		if (a->events[i].kind == GE_PURCHASE || a->events[i].kind == GE_DEVELOPMENT)
			am.cost += a->events[i].amount;
	if (a->formation == GF_SELF_BUILT && !a->formed)
		return DS_OK;
	snprintf(field, sizeof field, "asset '%s'", a->id);
	am.start = month_of(a->in_use) + (book->next_month ? 1 : 0);
	am.months = a->life;
	am.method = a->method;
	am.units = a->units;
	am.stop = a->disposed ? month_of(a->disposed_on) : INT_MAX;
	am.field = field;
	if (a->method == DS_LEDGER_UNITS_OF_BENEFIT &&
	    (rc = ds__ledger_check_units(a->units, a->unit_count, a->life, "units")) < 0)
		return ds__xml_relocate(rc, node, NULL);
	if (am.stop < am.start)
		am.stop = am.start; /* disposed of in the month it was ready, with next-month start: no charge */
	if ((rc = ds__ledger_amortise(&a->lines, &a->line_count, &am)) < 0)
		return ds__xml_relocate(rc, node, NULL);
	return DS_OK;
}

static int text_copy(char **out, xmlNodePtr node, const char *name)
{
	return ds__xml_text(out, node, name);
}

static int read_asset(ds_ledger_gov *book, gov_asset *a, xmlNodePtr node)
{
	char *status = NULL, *formation = NULL, *life = NULL, *basis = NULL, *method = NULL, *expense = NULL;
	xmlNodePtr child, *events = NULL;
	size_t n = 0, i, j;
	int rc;

	if ((rc = ds__xml_text_required(&a->id, node, "id")) < 0 || (rc = text_copy(&a->name, node, "name")) < 0 ||
	    (rc = ds__xml_text_required(&status, node, "status")) < 0 ||
	    (rc = ds__xml_text_required(&formation, node, "formation")) < 0 ||
	    (rc = date_attr(&a->acquired, node, "acquired")) < 0 || (rc = ds__xml_text(&life, node, "life")) < 0 ||
	    (rc = ds__xml_text(&basis, node, "life-basis")) < 0 || (rc = ds__xml_text(&method, node, "method")) < 0 ||
	    (rc = ds__xml_text(&expense, node, "expense")) < 0 ||
	    (rc = fen_attr(&a->reference_value, node, "reference-value", 0)) < 0)
		goto done;
	for (i = 0; i < GT_COUNT; i++)
		if ((rc = text_copy(&a->text[i], node, ds__gov_card_fields[i])) < 0)
			goto done;
	a->memo = strcmp(status, "memo") == 0;
	a->formation = (gov_formation)ds__xml_lookup(formation, formations);
	if ((int)a->formation <= 0) {
		rc = ds__xml_error(DS_EINVAL, node, "formation", "unknown formation '%s'", formation);
		goto done;
	}
	if ((child = ds__xml_child(node, "pledge"))) {
		rc = ds__xml_error(DS_EINVAL, child, NULL,
				   "a 行政事业单位 may not use a data asset as security (不得利用数据资产进行担保, "
				   "财资〔2024〕1号; 财资〔2024〕167号)");
		goto done;
	}
	if (a->reference_value && !a->memo) {
		rc = ds__xml_error(DS_EINVAL, node, "reference-value",
				   "a reference valuation belongs to a memo row (行政事业性国有资产管理条例 art. 32)");
		goto done;
	}
	if (!a->memo && a->formation != GF_SELF_BUILT && a->formation != GF_PURCHASED) {
		rc = ds__xml_error(
			DS_EINVAL, node, "formation",
			"this library books self-built and purchased data assets; record a '%s' asset as a memo "
			"row",
			formation);
		goto done;
	}
	a->expense = GA_BUSINESS_EXPENSE;
	if (expense) {
		int k = ds__xml_lookup(expense, expenses);
		if (k < 0) {
			rc = ds__xml_error(DS_EINVAL, node, "expense", "unknown expense account '%s'", expense);
			goto done;
		}
		a->expense = (gov_account)(GA_BUSINESS_EXPENSE + k);
	}
	a->method =
		method && strcmp(method, "units-of-output") == 0 ? DS_LEDGER_UNITS_OF_BENEFIT : DS_LEDGER_STRAIGHT_LINE;
	if (!a->memo) {
		if (!life) {
			rc = ds__xml_error(
				DS_EINVAL, node, "life",
				"the useful life is set on acquisition (政府会计准则第4号 art. 15): months or "
				"'indefinite'");
			goto done;
		}
		if (strcmp(life, "indefinite") == 0) {
			a->indefinite = 1;
		} else {
			char *end = NULL;
			a->life = strtol(life, &end, 10);
			if (*end || a->life < 1 || a->life > DS__LEDGER_MAX_MONTHS) {
				rc = ds__xml_error(DS_EINVAL, node, "life",
						   "'%s' is not 1 to %d months or 'indefinite'", life,
						   DS__LEDGER_MAX_MONTHS);
				goto done;
			}
			if (!basis) {
				rc = ds__xml_error(DS_EINVAL, node, "life-basis",
						   "a finite life states its basis: law, contract or estimate "
						   "(政府会计准则第4号 art. 17)");
				goto done;
			}
		}
	}
	if (basis) {
		if (strcmp(basis, "registration") == 0) {
			rc = ds__xml_error(DS_EINVAL, node, "life-basis",
					   "a registration's validity is not a useful life: it can be renewed "
					   "(公共数据资源登记管理暂行办法 art. 15)");
			goto done;
		}
		a->life_basis = strcmp(basis, "law") == 0      ? "law" :
				strcmp(basis, "contract") == 0 ? "contract" :
								 "estimate";
		if (strcmp(a->life_basis, "contract") == 0 && a->text[GT_USE_MODE] &&
		    strcmp(a->text[GT_USE_MODE], "authorised-operation") == 0 && a->life > 60) {
			rc = ds__xml_error(
				DS_EINVAL, node, "life",
				"an authorised-operation agreement runs at most 5 years (公共数据资源授权运营"
				"实施规范（试行） art. 14(2)): a life of %ld months cannot rest on it",
				a->life);
			goto done;
		}
	}
	if (a->formation == GF_PURCHASED && !a->memo) {
		if (!xmlHasProp(node, (const xmlChar *)"in-use")) {
			rc = ds__xml_error(DS_EINVAL, node, "in-use", "a purchased asset states the date it is in use");
			goto done;
		}
		if ((rc = date_attr(&a->in_use, node, "in-use")) < 0)
			goto done;
		a->has_in_use = 1;
		if (ds__date_cmp(a->in_use, a->acquired) < 0) {
			rc = ds__xml_error(DS_EINVAL, node, "in-use", "in use before it was acquired");
			goto done;
		}
	} else if (xmlHasProp(node, (const xmlChar *)"in-use")) {
		rc = ds__xml_error(DS_EINVAL, node, "in-use",
				   "a self-built asset is in use from its <completed formed=\"true\"> date");
		goto done;
	}
	if ((child = ds__xml_child(node, "units"))) {
		char *text = NULL, *p, *tok;
		if ((rc = ds__xml_text_required(&text, child, NULL)) < 0)
			goto done;
		for (p = strtok(text, " \t\r\n"); p && rc == DS_OK; p = strtok(NULL, " \t\r\n")) {
			ds_decimal **grown = ds__realloc(a->units, (a->unit_count + 1) * sizeof *grown);
			if (!grown) {
				rc = ds__enomem();
				break;
			}
			a->units = grown;
			a->units[a->unit_count] = NULL;
			if ((rc = ds_decimal_new(&a->units[a->unit_count])) < 0)
				break;
			a->unit_count++;
			tok = p;
			if ((rc = ds_decimal_parse(a->units[a->unit_count - 1], tok, 0)) < 0)
				rc = ds__xml_error(rc, child, NULL, "'%s' is not a number", tok);
		}
		ds__free(text);
		if (rc < 0)
			goto done;
	}
	if (a->method == DS_LEDGER_UNITS_OF_BENEFIT && !a->unit_count) {
		rc = ds__xml_error(DS_EINVAL, node, "method",
				   "units-of-output needs <units> (one per month of the life)");
		goto done;
	}
	/* Events, in date order (stable: equal dates keep document order). */
	for (child = ds__xml_child(node, NULL); child; child = ds__xml_next(child, NULL))
		n += ds__xml_lookup((const char *)child->name, event_names) > 0;
	if (n && (!(events = ds__calloc(n, sizeof *events)) || !(a->events = ds__calloc(n, sizeof *a->events)))) {
		rc = ds__enomem();
		goto done;
	}
	for (child = ds__xml_child(node, NULL), n = 0; child; child = ds__xml_next(child, NULL)) {
		gov_event e;
		if (ds__xml_lookup((const char *)child->name, event_names) <= 0)
			continue;
		if ((rc = read_event(&e, child)) < 0) {
			ds__free(e.ref);
			ds__free(e.valuation);
			goto done;
		}
		for (j = n; j > 0 && ds__date_cmp(a->events[j - 1].date, e.date) > 0; j--) {
			a->events[j] = a->events[j - 1];
			events[j] = events[j - 1];
		}
		a->events[j] = e;
		events[j] = child;
		a->event_count = ++n;
		book->magnitude += e.amount + e.costs; /* each below 10^15 fen: no overflow before the check */
		if (book->magnitude > DS__LEDGER_BOOK_MAX) {
			rc = ds__xml_error(
				DS_ERANGE, child, NULL,
				"the book's amounts add up past 2 × 10^16 yuan: refused so that no sum overflows");
			goto done;
		}
	}
	for (i = 0; i < n; i++)
		if ((rc = check_event(book, a, i, events[i])) < 0)
			goto done;
	if (a->formation == GF_PURCHASED && !a->memo) {
		int64_t cost = 0;
		for (i = 0; i < n; i++)
			if (a->events[i].kind == GE_PURCHASE)
				cost += a->events[i].amount;
		if (!cost) {
			rc = ds__xml_error(DS_EINVAL, node, NULL, "purchased asset '%s' has no <purchase>", a->id);
			goto done;
		}
	}
	if (a->method == DS_LEDGER_UNITS_OF_BENEFIT && (a->indefinite || (long)a->unit_count != a->life)) {
		rc = ds__xml_error(DS_EINVAL, node, "units", "%zu units of output for a life of %ld months",
				   a->unit_count, a->life);
		goto done;
	}
	rc = amortise(book, a, node);
done:
	ds__free(events);
	ds__free(status);
	ds__free(formation);
	ds__free(life);
	ds__free(basis);
	ds__free(method);
	ds__free(expense);
	return rc;
}

/* Asset ids are unique: (id, position) pairs sorted, equal neighbours refused at
 * the earliest later occurrence in document order (O(n log n) for many assets). */
typedef struct id_position {
	const char *id;
	size_t position;
} id_position;

static int position_cmp(const void *pa, const void *pb)
{
	const id_position *a = pa, *b = pb;
	int c = strcmp(a->id, b->id);

	return c ? c : (a->position < b->position ? -1 : a->position > b->position);
}

static int check_unique(const ds_ledger_gov *book, xmlNodePtr *nodes)
{
	id_position *order;
	size_t i, worst = SIZE_MAX;

	if (book->count < 2)
		return DS_OK;
	if (!(order = ds__calloc(book->count, sizeof *order)))
		return ds__enomem();
	for (i = 0; i < book->count; i++) {
		order[i].id = book->assets[i].id;
		order[i].position = i;
	}
	qsort(order, book->count, sizeof *order, position_cmp);
	for (i = 1; i < book->count; i++)
		if (strcmp(order[i].id, order[i - 1].id) == 0 && order[i].position < worst)
			worst = order[i].position;
	ds__free(order);
	if (worst == SIZE_MAX)
		return DS_OK;
	return ds__xml_error(DS_EEXISTS, nodes[worst], "id", "asset '%s' is listed twice", book->assets[worst].id);
}

/* Card numbers: credit code, year of acquisition, a sequence per year in
 * document order, and the GB 32100 check character over every symbol before it
 * (hyphens excluded), the scheme of certificate numbers. */
static int number_cards(ds_ledger_gov *book, xmlNodePtr *nodes)
{
	unsigned int *sequence = ds__calloc(10000, sizeof *sequence);
	size_t i, k;

	if (!sequence)
		return ds__enomem();
	for (i = 0; i < book->count; i++) {
		gov_asset *a = &book->assets[i];
		int values[40];
		size_t n = 0;
		char body[36];
		int year = a->acquired.year;
		if (year < 0 || year > 9999 || ++sequence[year] > 999999) {
			ds__free(sequence);
			return ds__xml_error(DS_ERANGE, nodes[i], "acquired",
					     "more than 999,999 cards acquired in %d: the card number has 6 digits",
					     year);
		}
		snprintf(body, sizeof body, "%s-%04d-%06u", book->credit_code, year, sequence[year]);
		for (k = 0; body[k]; k++)
			if (body[k] != '-')
				values[n++] = ds__uscc_value(body[k]);
		snprintf(a->number, sizeof a->number, "%s-%c", body, ds__uscc_check_character(values, n));
	}
	ds__free(sequence);
	return DS_OK;
}

static int read_book(ds_ledger_gov *book, xmlNodePtr root)
{
	xmlNodePtr node, unit, *nodes = NULL;
	char *kind = NULL, *income = NULL, *start = NULL, *account = NULL;
	size_t n;
	int rc;

	if (!root || strcmp((const char *)root->name, "public-sector-book") != 0)
		return ds__xml_error(DS_EPARSE, root, NULL,
				     "not a public-sector book (the root element must be 'public-sector-book')");
	unit = ds__xml_child(root, "unit");
	if ((rc = ds__xml_text_required(&book->unit, unit, "name")) < 0 ||
	    (rc = ds__xml_text(&book->credit_code, unit, "credit-code")) < 0 ||
	    (rc = ds__xml_text_required(&kind, unit, "kind")) < 0 ||
	    (rc = ds__xml_text(&income, unit, "inst-use-income")) < 0 ||
	    (rc = ds__xml_text(&start, unit, "amortisation-start")) < 0 ||
	    (rc = ds__xml_text(&account, unit, "retained-income")) < 0)
		goto done;
	if (book->credit_code) {
		char code[19];
		if ((rc = ds__uscc_normalize(code, book->credit_code)) < 0) {
			rc = ds__xml_relocate(rc, unit, "credit-code");
			goto done;
		}
		memcpy(book->credit_code, code, 19); /* normalised: never longer than the text entered */
	}
	book->inst = strcmp(kind, "inst_unit") == 0;
	if (income && !book->inst) {
		rc = ds__xml_error(
			DS_EINVAL, unit, "inst-use-income",
			"a 行政单位's use income is 非税收入 remitted to the treasury (财资〔2024〕1号): the "
			"option is for a 事业单位");
		goto done;
	}
	if (book->inst && !income) {
		rc = ds__xml_error(
			DS_EINVAL, unit, "inst-use-income",
			"a 事业单位's use income is remitted or retained as the same-level finance bureau rules "
			"(财资〔2024〕1号): say which (remit or retain); no default is right");
		goto done;
	}
	book->retain = income && strcmp(income, "retain") == 0;
	book->next_month = start && strcmp(start, "next-month") == 0;
	book->retain_account = account && strcmp(account, "business") == 0 ? GA_BUSINESS_REVENUE : GA_OTHER_REVENUE;
	for (n = 0; n < GA_COUNT; n++)
		if (!(book->accounts[n].code = ds__strdup(default_codes[n])) ||
		    !(book->accounts[n].name = ds__strdup(default_names[n]))) {
			rc = ds__enomem();
			goto done;
		}
	for (node = ds__xml_child(ds__xml_child(root, "accounts"), "account"); node;
	     node = ds__xml_next(node, "account")) {
		char *role = NULL, *code = NULL, *name = NULL;
		int k;
		if ((rc = ds__xml_text_required(&role, node, "role")) == DS_OK &&
		    (rc = ds__xml_text_required(&code, node, "code")) == DS_OK &&
		    (rc = ds__xml_text_required(&name, node, "name")) == DS_OK) {
			if ((k = ds__xml_lookup(role, account_roles)) < 0) {
				rc = ds__xml_error(DS_EINVAL, node, "role", "unknown account role '%s'", role);
			} else {
				ds__free(book->accounts[k].code);
				ds__free(book->accounts[k].name);
				book->accounts[k].code = code;
				book->accounts[k].name = name;
				code = name = NULL;
			}
		}
		ds__free(role);
		ds__free(code);
		ds__free(name);
		if (rc < 0)
			goto done;
	}
	if ((n = ds__xml_count(root, "period")) && !(book->periods = ds__calloc(n, sizeof *book->periods))) {
		rc = ds__enomem();
		goto done;
	}
	for (node = ds__xml_child(root, "period"); node; node = ds__xml_next(node, "period")) {
		char *s = NULL, *e = NULL;
		if ((rc = ds__xml_text_required(&s, node, "start")) == DS_OK &&
		    (rc = ds__xml_text_required(&e, node, "end")) == DS_OK) {
			if (strcmp(e, s) < 0)
				rc = ds__xml_error(DS_EINVAL, node, "end", "the period ends (%s) before it starts (%s)",
						   e, s);
			snprintf(book->periods[book->period_count][0], 8, "%s", s);
			snprintf(book->periods[book->period_count][1], 8, "%s", e);
			book->period_count++;
		}
		ds__free(s);
		ds__free(e);
		if (rc < 0)
			goto done;
	}
	if ((n = ds__xml_count(root, "asset")) && !(book->assets = ds__calloc(n, sizeof *book->assets))) {
		rc = ds__enomem();
		goto done;
	}
	if (n && !(nodes = ds__calloc(n, sizeof *nodes))) {
		rc = ds__enomem();
		goto done;
	}
	for (node = ds__xml_child(root, "asset"); node; node = ds__xml_next(node, "asset")) {
		nodes[book->count] = node;
		rc = read_asset(book, &book->assets[book->count], node);
		book->count++; /* cleared by ds_ledger_gov_free either way */
		if (rc < 0)
			goto done;
	}
	if ((rc = check_unique(book, nodes)) == DS_OK && book->credit_code)
		rc = number_cards(book, nodes);
done:
	ds__free(nodes);
	ds__free(kind);
	ds__free(income);
	ds__free(start);
	ds__free(account);
	return rc;
}

static int from_doc(ds_ledger_gov **out, xmlDocPtr doc)
{
	ds_ledger_gov *book = ds__calloc(1, sizeof *book);
	int rc;

	if (!book)
		rc = ds__enomem();
	else if ((rc = read_book(book, xmlDocGetRootElement(doc))) == DS_OK) {
		*out = book;
		book = NULL;
	}
	ds_ledger_gov_free(book);
	xmlFreeDoc(doc);
	return rc;
}

int ds_ledger_gov_load(ds_ledger_gov **out, const char *path)
{
	xmlDocPtr doc = NULL;
	int rc;

	if (!out || !path)
		return ds__error(DS_EINVAL, "ds_ledger_gov_load: NULL argument");
	if ((rc = ds__xml_load_file(&doc, path, SCHEMA)) < 0)
		return rc;
	return from_doc(out, doc);
}

int ds_ledger_gov_parse(ds_ledger_gov **out, const char *data, size_t len, const char *name)
{
	xmlDocPtr doc = NULL;
	int rc;

	if (!out || !data)
		return ds__error(DS_EINVAL, "ds_ledger_gov_parse: NULL argument");
	if ((rc = ds__xml_load_memory(&doc, data, len, name ? name : "public-sector-book.xml", SCHEMA)) < 0)
		return rc;
	return from_doc(out, doc);
}

const char *ds_ledger_gov_unit(const ds_ledger_gov *book)
{
	return book ? book->unit : NULL;
}

size_t ds_ledger_gov_period_count(const ds_ledger_gov *book)
{
	return book ? book->period_count : 0;
}

int ds_ledger_gov_period_at(const char **start, const char **end, const ds_ledger_gov *book, size_t index)
{
	if (!start || !end || !book)
		return ds__error(DS_EINVAL, "ds_ledger_gov_period_at: NULL argument");
	if (index >= book->period_count)
		return ds__error(DS_ERANGE,
				 "ds_ledger_gov_period_at: index %zu is out of range; the document names %zu periods",
				 index, book->period_count);
	*start = book->periods[index][0];
	*end = book->periods[index][1];
	return DS_OK;
}

/* ================================================================ entries */

/* An entry being built: postings by role, then copied into the report. */
typedef struct raw_posting {
	gov_account account;
	int debit;
	int64_t amount;
} raw_posting;

typedef struct raw_entry {
	ds__date date;
	ds_ledger_gov_basis basis;
	size_t asset;
	const char *event;
	gov_tag tag;
	size_t first, count; /* into the postings */
	size_t seq;
} raw_entry;

typedef struct journal {
	raw_entry *entries;
	size_t count, cap;
	raw_posting *postings;
	size_t posting_count, posting_cap;
	int rc;
} journal;

static raw_entry *entry_open(journal *j, ds__date date, ds_ledger_gov_basis basis, size_t asset, const char *event,
			     gov_tag tag)
{
	raw_entry *e;

	if (j->rc < 0)
		return NULL;
	if (j->count == j->cap) {
		size_t cap = j->cap ? j->cap * 2 : 64;
		raw_entry *grown = ds__realloc(j->entries, cap * sizeof *grown);
		if (!grown) {
			j->rc = ds__enomem();
			return NULL;
		}
		j->entries = grown;
		j->cap = cap;
	}
	e = &j->entries[j->count];
	e->date = date;
	e->basis = basis;
	e->asset = asset;
	e->event = event;
	e->tag = tag;
	e->first = j->posting_count;
	e->count = 0;
	e->seq = j->count++;
	return e;
}

static void post(journal *j, raw_entry *e, gov_account account, int debit, int64_t amount)
{
	if (!e || j->rc < 0 || amount == 0)
		return;
	if (j->posting_count == j->posting_cap) {
		size_t cap = j->posting_cap ? j->posting_cap * 2 : 256;
		raw_posting *grown = ds__realloc(j->postings, cap * sizeof *grown);
		if (!grown) {
			j->rc = ds__enomem();
			return;
		}
		j->postings = grown;
		j->posting_cap = cap;
	}
	j->postings[j->posting_count].account = account;
	j->postings[j->posting_count].debit = debit;
	j->postings[j->posting_count].amount = amount;
	j->posting_count++;
	e->count++;
}

/* Post a two-line entry Dr @dr / Cr @cr. */
static void simple(journal *j, ds__date date, ds_ledger_gov_basis basis, size_t asset, const char *event, gov_tag tag,
		   gov_account dr, gov_account cr, int64_t amount)
{
	raw_entry *e;

	if (!amount)
		return;
	e = entry_open(j, date, basis, asset, event, tag);
	post(j, e, dr, 1, amount);
	post(j, e, cr, 0, amount);
}

static ds__date month_end(int month_index)
{
	ds__date d;

	d.year = month_index / 12;
	d.month = month_index % 12 + 1;
	d.day = ds__days_in_month(d.year, d.month);
	return d;
}

/* Every entry of the asset's whole history. */
static void journal_asset(journal *j, const ds_ledger_gov *book, const gov_asset *a, size_t index)
{
	gov_account outlay = book->inst ? GA_INST_OUTLAY : GA_ADMIN_OUTLAY;
	int64_t research_month = 0, development = 0, cost = 0, accumulated = 0;
	int research_at = -1;
	size_t i;

	if (a->memo)
		return;
	for (i = 0; i < a->event_count; i++) {
		const gov_event *e = &a->events[i];
		gov_account pay = e->flag ? GA_BANK : GA_AUTHORISED;
		int m = month_of(e->date);
		/* research is transferred to expense at each month end */
		if (research_at >= 0 && m != research_at) {
			simple(j, month_end(research_at), DS_LEDGER_GOV_FINANCIAL, index, "研究支出转费用", GTAG_NONE,
			       a->expense, GA_RESEARCH, research_month);
			research_month = 0;
			research_at = -1;
		}
		switch (e->kind) {
		case GE_RESEARCH:
			simple(j, e->date, DS_LEDGER_GOV_FINANCIAL, index, "研究支出", GTAG_NONE, GA_RESEARCH, pay,
			       e->amount);
			simple(j, e->date, DS_LEDGER_GOV_BUDGET, index, "研究支出", GTAG_NONE, outlay, GA_FUNDS,
			       e->amount);
			research_month += e->amount;
			research_at = m;
			break;
		case GE_DEVELOPMENT:
			simple(j, e->date, DS_LEDGER_GOV_FINANCIAL, index, "开发支出", GTAG_NONE, GA_DEVELOPMENT, pay,
			       e->amount);
			simple(j, e->date, DS_LEDGER_GOV_BUDGET, index, "开发支出", GTAG_NONE, outlay, GA_FUNDS,
			       e->amount);
			development += e->amount;
			break;
		case GE_PURCHASE:
			simple(j, e->date, DS_LEDGER_GOV_FINANCIAL, index, "购入", GTAG_NONE, GA_INTANGIBLE, pay,
			       e->amount);
			simple(j, e->date, DS_LEDGER_GOV_BUDGET, index, "购入", GTAG_NONE, outlay, GA_FUNDS, e->amount);
			cost += e->amount;
			break;
		case GE_COMPLETED:
			if (e->flag) {
				simple(j, e->date, DS_LEDGER_GOV_FINANCIAL, index, "开发完成形成资产", GTAG_NONE,
				       GA_INTANGIBLE, GA_DEVELOPMENT, development);
				cost += development;
			} else {
				simple(j, e->date, DS_LEDGER_GOV_FINANCIAL, index, "开发完成未形成资产",
				       GTAG_DEV_EXPENSED, GA_BUSINESS_EXPENSE, GA_DEVELOPMENT, development);
			}
			development = 0;
			break;
		case GE_USE_INCOME:
			if (book->inst && book->retain) {
				simple(j, e->date, DS_LEDGER_GOV_FINANCIAL, index, "有偿使用收入", GTAG_USE_INCOME,
				       GA_BANK, (gov_account)book->retain_account, e->amount);
				simple(j, e->date, DS_LEDGER_GOV_BUDGET, index, "有偿使用收入", GTAG_USE_INCOME,
				       GA_FUNDS, GA_BUDGET_REVENUE, e->amount);
			} else {
				simple(j, e->date, DS_LEDGER_GOV_FINANCIAL, index, "有偿使用收入", GTAG_USE_INCOME,
				       GA_BANK, GA_PAYABLE, e->amount);
			}
			break;
		case GE_REMIT:
			simple(j, e->date, DS_LEDGER_GOV_FINANCIAL, index, "上缴国库", GTAG_NONE, GA_PAYABLE, GA_BANK,
			       e->amount);
			break;
		case GE_DISPOSAL: {
			size_t k;
			raw_entry *x;
			accumulated = 0;
			for (k = 0; k < a->line_count; k++)
				accumulated += a->lines[k].charge;
			x = entry_open(j, e->date, DS_LEDGER_GOV_FINANCIAL, index, "处置", GTAG_NONE);
			post(j, x, GA_DISPOSAL_EXPENSE, 1, cost - accumulated);
			post(j, x, GA_AMORTISATION, 1, accumulated);
			post(j, x, GA_INTANGIBLE, 0, cost);
			if (e->amount || e->costs) {
				x = entry_open(j, e->date, DS_LEDGER_GOV_FINANCIAL, index, "处置收入", GTAG_DISPOSAL);
				post(j, x, GA_BANK, 1, e->amount);
				if (e->costs > e->amount)
					post(j, x, GA_DISPOSAL_EXPENSE, 1, e->costs - e->amount);
				else
					post(j, x, GA_PAYABLE, 0, e->amount - e->costs);
				post(j, x, GA_BANK, 0, e->costs);
			}
			break;
		}
		}
	}
	if (research_at >= 0)
		simple(j, month_end(research_at), DS_LEDGER_GOV_FINANCIAL, index, "研究支出转费用", GTAG_NONE,
		       a->expense, GA_RESEARCH, research_month);
	for (i = 0; i < a->line_count; i++) {
		const ds_ledger_schedule_line *l = &a->lines[i];
		simple(j, month_end(l->year * 12 + l->month - 1), DS_LEDGER_GOV_FINANCIAL, index, "摊销", GTAG_NONE,
		       a->expense, GA_AMORTISATION, l->charge);
	}
}

static int entry_cmp(const void *pa, const void *pb)
{
	const raw_entry *a = pa, *b = pb;
	int c = ds__date_cmp(a->date, b->date);

	if (c)
		return c;
	return a->seq < b->seq ? -1 : a->seq > b->seq;
}

/* ================================================================ report */

void ds_ledger_gov_report_free(ds_ledger_gov_report *r)
{
	size_t i, k;

	if (!r)
		return;
	ds__free(r->unit);
	ds__free(r->credit_code);
	for (i = 0; i < GA_COUNT; i++) {
		ds__free(r->accounts[i].code);
		ds__free(r->accounts[i].name);
	}
	ds__free(r->entries);
	ds__free(r->postings);
	for (i = 0; i < r->card_count; i++) {
		gov_card_data *c = &r->cards[i];
		ds__free((char *)c->card.id);
		ds__free((char *)c->card.number);
		ds__free((char *)c->card.name);
		ds__free((char *)c->card.approval);
		for (k = 0; k < GT_COUNT; k++)
			ds__free(c->text[k]);
		ds__free(c->formation);
		ds__free(c->in_use);
		ds__free(c->life);
		ds__free(c->method);
		ds__free(c->expense);
	}
	ds__free(r->cards);
	ds__free(r->strings);
	ds__free(r);
}

static char *dup_or_null(const char *s, int *failed)
{
	char *c;

	if (!s)
		return NULL;
	if (!(c = ds__strdup(s)))
		*failed = 1;
	return c;
}

static int fail_internal(const char *what)
{
	return ds__error(DS_EINTERNAL, "public-sector report: identity failed: %s", what);
}

/* The card of asset @a at the end of month @end. */
static int card_at_end(gov_card_data *c, const ds_ledger_gov *book, const gov_asset *a, int end)
{
	static const char *const formation_names[] = { "", "自行开发", "外购", "无偿调入", "捐赠", "其他" };
	static const char *const expense_names[] = { "5001", "5101", "5201" };
	ds_ledger_gov_card *k = &c->card;
	int failed = 0, disposed = a->disposed && month_of(a->disposed_on) <= end;
	size_t i;
	char buf[64];

	(void)book;
	k->id = dup_or_null(a->id, &failed);
	k->number = a->number[0] ? dup_or_null(a->number, &failed) : NULL;
	k->name = dup_or_null(a->name, &failed);
	for (i = 0; i < GT_COUNT; i++)
		c->text[i] = dup_or_null(a->text[i], &failed);
	c->formation = dup_or_null(formation_names[a->formation], &failed);
	if (a->has_in_use) {
		ds__date_format(buf, a->in_use);
		c->in_use = dup_or_null(buf, &failed);
	}
	if (!a->memo) {
		if (a->indefinite)
			snprintf(buf, sizeof buf, "indefinite");
		else
			snprintf(buf, sizeof buf, "%ld (%s)", a->life, a->life_basis ? a->life_basis : "");
		c->life = dup_or_null(buf, &failed);
		c->method = dup_or_null(a->method == DS_LEDGER_UNITS_OF_BENEFIT ? "工作量法" : "年限平均法", &failed);
		c->expense = dup_or_null(expense_names[a->expense - GA_BUSINESS_EXPENSE], &failed);
	}
	k->reference_value = a->memo ? a->reference_value : 0;
	k->remaining_months = a->indefinite ? -1 : a->life;
	if (a->memo) {
		k->status = DS_LEDGER_GOV_MEMO;
		k->remaining_months = 0;
		return failed ? ds__enomem() : DS_OK;
	}
	for (i = 0; i < a->event_count; i++) {
		const gov_event *e = &a->events[i];
		if (month_of(e->date) > end)
			break;
		if (e->kind == GE_PURCHASE)
			k->cost += e->amount;
		else if (e->kind == GE_DEVELOPMENT && a->formed && month_of(a->completed_on) <= end)
			k->cost += e->amount;
		else if (e->kind == GE_USE_INCOME && book->inst && book->retain)
			k->use_income_retained += e->amount;
		else if (e->kind == GE_USE_INCOME)
			k->use_income_treasury += e->amount;
		else if (e->kind == GE_REMIT)
			k->remitted += e->amount;
		else if (e->kind == GE_DISPOSAL) {
			k->disposal_net += e->amount > e->costs ? e->amount - e->costs : 0;
			k->approval = dup_or_null(e->ref, &failed);
		}
	}
	for (i = 0; i < a->line_count; i++) {
		const ds_ledger_schedule_line *l = &a->lines[i];
		if (l->year * 12 + l->month - 1 > end)
			break;
		k->accumulated += l->charge;
		if (!a->indefinite)
			k->remaining_months--;
	}
	if (a->line_count && a->method == DS_LEDGER_STRAIGHT_LINE)
		k->monthly = a->lines[0].charge;
	if (disposed || (a->completed && !a->formed && month_of(a->completed_on) <= end)) {
		k->status = DS_LEDGER_GOV_CLOSED;
		k->cost = k->accumulated = 0;
		k->remaining_months = 0;
	} else if (k->cost > 0) {
		k->status = DS_LEDGER_GOV_ON_BOOKS;
	} else {
		k->status = DS_LEDGER_GOV_IN_PROGRESS;
		k->accumulated = 0;
	}
	k->carrying = k->cost - k->accumulated;
	return failed ? ds__enomem() : DS_OK;
}

int ds_ledger_gov_report_new(ds_ledger_gov_report **out, const ds_ledger_gov *book, const char *start, const char *end)
{
	ds_ledger_gov_report *r = NULL;
	journal j;
	ds__date s, e;
	size_t i, k;
	int rc, failed = 0;
	int64_t cards_carrying = 0, cards_owed = 0;

	if (!out || !book || !start || !end)
		return ds__error(DS_EINVAL, "ds_ledger_gov_report_new: NULL argument");
	if ((rc = ds__ledger_month_text(&s, start, "period")) < 0 ||
	    (rc = ds__ledger_month_text(&e, end, "period")) < 0)
		return rc;
	if (ds__ledger_month(e) < ds__ledger_month(s))
		return ds__error_at(DS_EINVAL, 0, 0, "period", "period: the end (%s) is before the start (%s)", end,
				    start);
	memset(&j, 0, sizeof j);
	if (!(r = ds__calloc(1, sizeof *r))) {
		rc = ds__enomem();
		goto done;
	}
	r->start = ds__ledger_month(s);
	r->end = ds__ledger_month(e);
	r->inst = book->inst;
	r->retain = book->retain;
	r->unit = dup_or_null(book->unit, &failed);
	r->credit_code = dup_or_null(book->credit_code, &failed);
	for (i = 0; i < GA_COUNT; i++) {
		r->accounts[i].code = dup_or_null(book->accounts[i].code, &failed);
		r->accounts[i].name = dup_or_null(book->accounts[i].name, &failed);
	}
	if (failed) {
		rc = ds__enomem();
		goto done;
	}
	for (i = 0; i < book->count; i++)
		journal_asset(&j, book, &book->assets[i], i);
	if ((rc = j.rc) < 0)
		goto done;
	if (j.count)
		qsort(j.entries, j.count, sizeof *j.entries, entry_cmp);
	/* Balances and the entries of the period. */
	for (i = 0; i < j.count; i++) {
		const raw_entry *x = &j.entries[i];
		int m = month_of(x->date), in = m >= r->start && m <= r->end;
		int64_t dr = 0, cr = 0;
		if (m > r->end)
			continue;
		for (k = 0; k < x->count; k++) {
			const raw_posting *p = &j.postings[x->first + k];
			int64_t signed_amount = p->debit ? p->amount : -p->amount;
			*(p->debit ? &dr : &cr) += p->amount;
			r->closing[p->account] += signed_amount;
			if (!in) {
				r->opening[p->account] += signed_amount;
				continue;
			}
			(p->debit ? r->debits : r->credits)[p->account] += p->amount;
			if (p->account == GA_PAYABLE && !p->debit && x->tag == GTAG_USE_INCOME)
				r->figures.use_income_treasury += p->amount;
			if (p->account == GA_PAYABLE && !p->debit && x->tag == GTAG_DISPOSAL)
				r->figures.disposal_net += p->amount;
			if (p->account == GA_DEVELOPMENT && !p->debit && x->tag == GTAG_DEV_EXPENSED)
				r->figures.development_expensed += p->amount;
		}
		if (dr != cr || x->count < 2) {
			rc = fail_internal("an entry does not balance");
			goto done;
		}
		if (in) {
			r->entry_count++;
			r->posting_count += x->count;
		}
	}
	for (i = 0; i < GA_COUNT; i++)
		if (r->closing[i] != r->opening[i] + r->debits[i] - r->credits[i]) {
			rc = fail_internal("closing = opening + debits − credits");
			goto done;
		}
	if ((r->entry_count && !(r->entries = ds__calloc(r->entry_count, sizeof *r->entries))) ||
	    (r->posting_count && !(r->postings = ds__calloc(r->posting_count, sizeof *r->postings))) ||
	    (book->count && !(r->cards = ds__calloc(book->count, sizeof *r->cards)))) {
		rc = ds__enomem();
		goto done;
	}
	for (i = 0; i < book->count; i++) {
		r->card_count++;
		if ((rc = card_at_end(&r->cards[i], book, &book->assets[i], r->end)) < 0)
			goto done;
	}
	r->entry_count = r->posting_count = 0;
	for (i = 0; i < j.count; i++) {
		const raw_entry *x = &j.entries[i];
		ds_ledger_gov_entry *o;
		int m = month_of(x->date);
		if (m < r->start || m > r->end)
			continue;
		o = &r->entries[r->entry_count++];
		o->year = x->date.year;
		o->month = x->date.month;
		o->day = x->date.day;
		o->basis = x->basis;
		o->asset_id = r->cards[x->asset].card.id;
		o->event = x->event;
		o->posting_count = x->count;
		o->postings = &r->postings[r->posting_count];
		for (k = 0; k < x->count; k++) {
			const raw_posting *p = &j.postings[x->first + k];
			ds_ledger_posting *q = &r->postings[r->posting_count++];
			q->code = r->accounts[p->account].code;
			q->name = r->accounts[p->account].name;
			q->debit = p->debit;
			q->amount = p->amount;
		}
	}
	/* Figures. */
	r->figures.intangible = r->closing[GA_INTANGIBLE];
	r->figures.accumulated = -r->closing[GA_AMORTISATION];
	r->figures.carrying = r->figures.intangible - r->figures.accumulated;
	r->figures.development = r->closing[GA_DEVELOPMENT];
	r->figures.research_expensed = r->credits[GA_RESEARCH];
	r->figures.capitalised = r->debits[GA_INTANGIBLE];
	r->figures.amortisation = r->credits[GA_AMORTISATION];
	r->figures.use_income_retained = r->credits[book->retain_account];
	r->figures.disposal_expense = r->debits[GA_DISPOSAL_EXPENSE];
	r->figures.remitted = r->debits[GA_PAYABLE];
	r->figures.payable = -r->closing[GA_PAYABLE];
	r->figures.budget_outlay = r->debits[GA_ADMIN_OUTLAY] + r->debits[GA_INST_OUTLAY];
	r->figures.budget_revenue = r->credits[GA_BUDGET_REVENUE];
	for (i = 0; i < book->count; i++) {
		const ds_ledger_gov_card *c = &r->cards[i].card;
		const gov_asset *a = &book->assets[i];
		if (c->status == DS_LEDGER_GOV_ON_BOOKS) {
			r->figures.on_books_count++;
			cards_carrying += c->carrying;
		}
		if (c->status == DS_LEDGER_GOV_MEMO)
			r->figures.memo_count++;
		cards_owed += c->use_income_treasury + c->disposal_net - c->remitted;
		for (k = 0; k < a->event_count; k++) {
			int m = month_of(a->events[k].date);
			if (a->events[k].kind == GE_USE_INCOME && m >= r->start && m <= r->end &&
			    (!a->events[k].ref || !*a->events[k].ref))
				r->figures.unsupported_income_count++;
		}
	}
	/* The checks of the asset ledger: Σ carrying of the cards on the books =
	 * 1701 − 1702; research is transferred each month end; 2103 = what the
	 * cards owe. */
	if (cards_carrying != r->figures.carrying) {
		rc = fail_internal("Σ carrying amounts of the cards = 1701 − 1702");
		goto done;
	}
	if (r->closing[GA_RESEARCH] != 0) {
		rc = fail_internal("1703.01 is cleared at each month end");
		goto done;
	}
	if (cards_owed != r->figures.payable) {
		rc = fail_internal("2103 = income and net proceeds owed − remitted");
		goto done;
	}
	*out = r;
	r = NULL;
	rc = DS_OK;
done:
	ds__free(j.entries);
	ds__free(j.postings);
	ds_ledger_gov_report_free(r);
	return rc;
}

size_t ds_ledger_gov_report_entry_count(const ds_ledger_gov_report *r)
{
	return r ? r->entry_count : 0;
}

int ds_ledger_gov_report_entry_at(ds_ledger_gov_entry *out, const ds_ledger_gov_report *r, size_t index)
{
	if (!out || !r)
		return ds__error(DS_EINVAL, "ds_ledger_gov_report_entry_at: NULL argument");
	if (index >= r->entry_count)
		return ds__error(DS_ERANGE,
				 "ds_ledger_gov_report_entry_at: index %zu is out of range; the report has %zu entries",
				 index, r->entry_count);
	*out = r->entries[index];
	return DS_OK;
}

int ds_ledger_gov_report_figures(ds_ledger_gov_figures *out, const ds_ledger_gov_report *r)
{
	if (!out || !r)
		return ds__error(DS_EINVAL, "ds_ledger_gov_report_figures: NULL argument");
	*out = r->figures;
	return DS_OK;
}

size_t ds_ledger_gov_report_card_count(const ds_ledger_gov_report *r)
{
	return r ? r->card_count : 0;
}

int ds_ledger_gov_report_card_at(ds_ledger_gov_card *out, const ds_ledger_gov_report *r, size_t index)
{
	if (!out || !r)
		return ds__error(DS_EINVAL, "ds_ledger_gov_report_card_at: NULL argument");
	if (index >= r->card_count)
		return ds__error(DS_ERANGE,
				 "ds_ledger_gov_report_card_at: index %zu is out of range; the report has %zu cards",
				 index, r->card_count);
	*out = r->cards[index].card;
	return DS_OK;
}
