/*
 * The book: assets, cost items with the capitalisation engine, impairments,
 * inventory write-downs and disposals. Every change is validated whole before
 * it is made, so a refused call leaves the book as it was.
 * SPDX-License-Identifier: MIT
 */
#include "config.h"

#include <limits.h>
#include <stdio.h>
#include <string.h>

#include "ledger_internal.h"

#define ID_MAX 64
#define CODE_MAX 32
#define NAME_MAX_BYTES 128

static const struct {
	const char *code, *name;
} default_accounts[DS_LEDGER_ACC_COUNT] = {
	{ "1002", "银行存款" },
	{ "1122", "应收账款" },
	{ "1405", "库存商品—数据资源" },
	{ "1471", "存货跌价准备—数据资源" },
	{ "1701", "无形资产—数据资源" },
	{ "1702", "累计摊销—数据资源" },
	{ "1703", "无形资产减值准备—数据资源" },
	{ "2221", "应交税费—应交增值税" },
	{ "5001", "生产成本—数据资源" },
	{ "5301", "研发支出—费用化支出—数据资源" },
	{ "5301", "研发支出—资本化支出—数据资源" },
	{ "6001", "主营业务收入" },
	{ "6115", "资产处置损益" },
	{ "6401", "主营业务成本" },
	{ "6402", "其他业务成本" },
	{ "6601", "销售费用" },
	{ "6602", "管理费用" },
	{ "6602", "管理费用—研发费用" },
	{ "6701", "资产减值损失" },
	{ "6711", "营业外支出" },
	{ "6051", "其他业务收入" },
};

/* ---------------------------------------------------------------- the id index */

static size_t hash_id(const char *id)
{
	size_t h = 14695981039346656037u & (size_t)-1;
	for (; *id; id++)
		h = (h ^ (unsigned char)*id) * (size_t)1099511628211u;
	return h;
}

static size_t *index_slot(size_t *index, size_t cap, const ledger_asset *assets, const char *id)
{
	size_t i = hash_id(id) & (cap - 1);
	while (index[i] && strcmp(assets[index[i] - 1].id, id) != 0)
		i = (i + 1) & (cap - 1);
	return &index[i];
}

static int index_grow(ds_ledger *book)
{
	size_t cap = book->index_cap ? book->index_cap * 2 : 64, i;
	size_t *index = ds__calloc(cap, sizeof *index);

	if (!index)
		return ds__enomem();
	for (i = 0; i < book->count; i++)
		*index_slot(index, cap, book->assets, book->assets[i].id) = i + 1;
	ds__free(book->index);
	book->index = index;
	book->index_cap = cap;
	return DS_OK;
}

/* Text kept by the book: validated UTF-8, normalised to NFC (DESIGN §4). */
static char *nfc_copy(const char *s)
{
	char *out = NULL;

	return ds__nfc(&out, s, strlen(s)) == DS_OK ? out : NULL;
}

static int ascii_only(const char *s)
{
	for (; *s; s++)
		if ((unsigned char)*s >= 0x80)
			return 0;
	return 1;
}

const ledger_asset *ds__ledger_find(const ds_ledger *book, const char *id)
{
	const ledger_asset *found;
	char *normal = NULL;
	size_t slot;

	if (!book || !id || !book->index_cap)
		return NULL;
	/* Ids are kept in NFC; a caller may name one in another normalisation form. */
	if (!ascii_only(id) && !(id = normal = nfc_copy(id)))
		return NULL;
	slot = *index_slot(book->index, book->index_cap, book->assets, id);
	found = slot ? &book->assets[slot - 1] : NULL;
	ds__free(normal);
	return found;
}

static int find_asset(ledger_asset **out, ds_ledger *book, const char *id)
{
	ledger_asset *a;

	if (!book || !id)
		return ds__error(DS_EINVAL, "ledger: NULL book or asset id");
	if (!(a = (ledger_asset *)ds__ledger_find(book, id)))
		return ds__error_at(DS_ENOTFOUND, 0, 0, "asset", "asset '%s' is not in the book", id);
	*out = a;
	return DS_OK;
}

/* ---------------------------------------------------------------- the book */

int ds_ledger_new(ds_ledger **out)
{
	ds_ledger *book;
	int i;

	if (!out)
		return ds__error(DS_EINVAL, "ds_ledger_new: out is NULL");
	if (!(book = ds__calloc(1, sizeof *book)))
		return ds__enomem();
	for (i = 0; i < DS_LEDGER_ACC_COUNT; i++) {
		book->accounts[i].code = ds__strdup(default_accounts[i].code);
		book->accounts[i].name = ds__strdup(default_accounts[i].name);
		if (!book->accounts[i].code || !book->accounts[i].name) {
			ds_ledger_free(book);
			return ds__enomem();
		}
	}
	*out = book;
	return DS_OK;
}

static void asset_dispose(ledger_asset *a)
{
	size_t i;

	ds__free(a->id);
	ds__free(a->name);
	ds__free(a->restricted);
	for (i = 0; i < DS_LEDGER_CONDITIONS; i++)
		ds__free(a->evidence[i]);
	for (i = 0; i < a->unit_count; i++)
		ds_decimal_free(a->units[i]);
	ds__free(a->units);
	for (i = 0; i < a->cost_count; i++)
		ds__free(a->costs[i].evidence);
	ds__free(a->costs);
	ds__free(a->events);
}

void ds_ledger_free(ds_ledger *book)
{
	size_t i;

	if (!book)
		return;
	for (i = 0; i < book->count; i++)
		asset_dispose(&book->assets[i]);
	for (i = 0; i < DS_LEDGER_ACC_COUNT; i++) {
		ds__free(book->accounts[i].code);
		ds__free(book->accounts[i].name);
	}
	ds__free(book->assets);
	ds__free(book->index);
	ds__free(book->entity);
	ds__free(book->periods);
	ds__free(book);
}

size_t ds_ledger_count(const ds_ledger *book)
{
	return book ? book->count : 0;
}

static int text_ok(const char *s, size_t max)
{
	size_t n, i, step;
	unsigned int cp;

	if (!s || !*s || (n = strlen(s)) > max)
		return 0;
	for (i = 0; i < n; i += step)
		if (!(step = ds__utf8_decode(s + i, n - i, &cp)) || cp < 0x20)
			return 0;
	return 1;
}

int ds_ledger_set_account(ds_ledger *book, ds_ledger_account account, const char *code, const char *name)
{
	char *c, *n;

	if (!book)
		return ds__error(DS_EINVAL, "ds_ledger_set_account: book is NULL");
	if ((int)account < 0 || account >= DS_LEDGER_ACC_COUNT)
		return ds__error_at(DS_EINVAL, 0, 0, "account", "account: unknown account %d", (int)account);
	if (!text_ok(code, CODE_MAX))
		return ds__error_at(DS_EINVAL, 0, 0, "code", "code: an account code is 1 to %d bytes of UTF-8",
				    CODE_MAX);
	if (!text_ok(name, NAME_MAX_BYTES))
		return ds__error_at(DS_EINVAL, 0, 0, "name", "name: an account name is 1 to %d bytes of UTF-8",
				    NAME_MAX_BYTES);
	c = nfc_copy(code);
	n = nfc_copy(name);
	if (!c || !n) {
		ds__free(c);
		ds__free(n);
		return ds__enomem();
	}
	ds__free(book->accounts[account].code);
	ds__free(book->accounts[account].name);
	book->accounts[account].code = c;
	book->accounts[account].name = n;
	return DS_OK;
}

int ds_ledger_set_materiality(ds_ledger *book, const ds_decimal *threshold)
{
	int64_t fen = 0;
	int rc;

	if (!book)
		return ds__error(DS_EINVAL, "ds_ledger_set_materiality: book is NULL");
	if (threshold) {
		if ((rc = ds__ledger_fen(&fen, threshold, 1, "materiality")) < 0)
			return rc;
		if (fen == 0)
			return ds__error_at(DS_EINVAL, 0, 0, "materiality",
					    "materiality: the threshold must be more than zero");
	}
	book->materiality = fen;
	return DS_OK;
}

/* Count an input amount against the book's bound. */
static int book_budget(ds_ledger *book, int64_t extra, const char *field)
{
	if (extra < 0)
		extra = -extra;
	if (extra > DS__LEDGER_BOOK_MAX - book->magnitude)
		return ds__error_at(DS_ERANGE, 0, 0, field, "%s: the book's amounts add up past 2×10^16 yuan", field);
	return DS_OK;
}

/* ---------------------------------------------------------------- assets */

int ds_ledger_asset_init(ds_ledger_asset *a, unsigned int version)
{
	ds_ledger_asset defaults = DS_LEDGER_ASSET_INIT;

	if (!a || version != DS_LEDGER_ASSET_VERSION)
		return ds__error(DS_EINVAL, "ds_ledger_asset_init: unknown version %u", version);
	*a = defaults;
	return DS_OK;
}

int ds_ledger_add_asset(ds_ledger *book, const ds_ledger_asset *spec)
{
	ledger_asset a;
	char field[96];
	size_t i;
	int rc;

	if (!book || !spec)
		return ds__error(DS_EINVAL, "ds_ledger_add_asset: NULL argument");
	if (spec->version != DS_LEDGER_ASSET_VERSION)
		return ds__error(DS_EINVAL, "ds_ledger_add_asset: unknown version %u", spec->version);
	if (!text_ok(spec->id, ID_MAX))
		return ds__error_at(DS_EINVAL, 0, 0, "id", "id: an asset id is 1 to %d bytes of UTF-8", ID_MAX);
	if (ds__ledger_find(book, spec->id))
		return ds__error_at(DS_EEXISTS, 0, 0, "id", "id: asset '%s' is already in the book", spec->id);
	snprintf(field, sizeof field, "asset '%s'", spec->id);
	memset(&a, 0, sizeof a);
#define FAIL(code, name, ...)                                        \
	do {                                                         \
		char path_[160];                                     \
		snprintf(path_, sizeof path_, "%s/%s", field, name); \
		return ds__error_at(code, 0, 0, path_, __VA_ARGS__); \
	} while (0)
	if (spec->asset_class != DS_LEDGER_INTANGIBLE && spec->asset_class != DS_LEDGER_INVENTORY)
		FAIL(DS_EINVAL, "class", "%s/class: must be intangible (无形资产) or inventory (存货)", field);
	if (spec->origin != DS_LEDGER_PURCHASED && spec->origin != DS_LEDGER_SELF_BUILT &&
	    spec->origin != DS_LEDGER_OTHER)
		FAIL(DS_EINVAL, "origin", "%s/origin: must be purchased (外购), self-built (自行开发/加工) or other",
		     field);
	{
		char path[160];
		snprintf(path, sizeof path, "%s/acquired", field);
		if ((rc = ds__ledger_date(&a.acquired, spec->acquired, path)) < 0)
			return rc;
		if (spec->available) {
			snprintf(path, sizeof path, "%s/available", field);
			if ((rc = ds__ledger_date(&a.available, spec->available, path)) < 0)
				return rc;
			a.has_available = 1;
			if (ds__date_cmp(a.available, a.acquired) < 0)
				FAIL(DS_EINVAL, "available", "%s/available: %s is before the acquisition on %s", field,
				     spec->available, spec->acquired);
		} else if (spec->origin != DS_LEDGER_SELF_BUILT) {
			a.available = a.acquired;
			a.has_available = 1;
		}
		if (spec->conditions_met) {
			snprintf(path, sizeof path, "%s/conditions_met", field);
			if ((rc = ds__ledger_date(&a.conditions_met, spec->conditions_met, path)) < 0)
				return rc;
			a.has_conditions = 1;
		}
	}
	if (spec->asset_class == DS_LEDGER_INTANGIBLE) {
		if (spec->indefinite_life) {
			if (spec->useful_life_months != 0)
				FAIL(DS_EINVAL, "useful_life_months",
				     "%s/useful_life_months: an indefinite life has no useful life in months", field);
		} else if (spec->useful_life_months < 1 || spec->useful_life_months > DS__LEDGER_MAX_MONTHS) {
			FAIL(DS_EINVAL, "useful_life_months", "%s/useful_life_months: must be 1 to %d months, not %ld",
			     field, DS__LEDGER_MAX_MONTHS, spec->useful_life_months);
		}
		if (spec->method != DS_LEDGER_STRAIGHT_LINE && spec->method != DS_LEDGER_UNITS_OF_BENEFIT)
			FAIL(DS_EINVAL, "method", "%s/method: unknown amortisation method %d", field,
			     (int)spec->method);
		if ((int)spec->use < DS_LEDGER_USE_ADMIN || spec->use > DS_LEDGER_USE_SELLING)
			FAIL(DS_EINVAL, "use", "%s/use: unknown use %d", field, (int)spec->use);
		if (spec->method == DS_LEDGER_UNITS_OF_BENEFIT) {
			char path[160];
			if (spec->indefinite_life)
				FAIL(DS_EINVAL, "method", "%s/method: an indefinite life is not amortised", field);
			snprintf(path, sizeof path, "%s/units", field);
			if ((rc = ds__ledger_check_units(spec->units, spec->unit_count, spec->useful_life_months,
							 path)) < 0)
				return rc;
		}
		if (spec->residual) {
			char path[160];
			snprintf(path, sizeof path, "%s/residual", field);
			if ((rc = ds__ledger_fen(&a.residual, spec->residual, 1, path)) < 0)
				return rc;
		}
	} else if (spec->indefinite_life || spec->useful_life_months || spec->residual || spec->units) {
		FAIL(DS_EINVAL, "useful_life_months", "%s/useful_life_months: inventory (存货) is not amortised",
		     field);
	}
	{
		/* CAS 6 第九条: capitalisation needs all five conditions, each with its evidence. */
		static const char *const conditions[DS_LEDGER_CONDITIONS] = { "technically feasible",
									      "intention to complete and use or sell",
									      "how it will produce economic benefit",
									      "enough resources to complete",
									      "spending measured reliably" };
		int self_developed = spec->asset_class == DS_LEDGER_INTANGIBLE && spec->origin == DS_LEDGER_SELF_BUILT;
		int k;
		for (k = 0; k < DS_LEDGER_CONDITIONS; k++) {
			char path[32];
			snprintf(path, sizeof path, "conditions_evidence[%d]", k + 1);
			if (!spec->conditions_evidence[k])
				continue;
			if (!text_ok(spec->conditions_evidence[k], 1024))
				FAIL(DS_EINVAL, path, "%s/%s: evidence is 1 to 1024 bytes of UTF-8", field, path);
			if (!self_developed)
				FAIL(DS_EINVAL, path,
				     "%s/%s: the CAS 6 conditions apply to in-house development (自行开发) only", field,
				     path);
		}
		if (spec->conditions_met && !self_developed)
			FAIL(DS_EINVAL, "conditions_met",
			     "%s/conditions_met: the CAS 6 conditions apply to in-house development (自行开发) only",
			     field);
		for (k = 0; spec->conditions_met && k < DS_LEDGER_CONDITIONS; k++)
			if (!spec->conditions_evidence[k])
				FAIL(DS_EINVAL, "conditions_met",
				     "%s/conditions_met: condition %d (%s) has no evidence; all five must hold", field,
				     k + 1, conditions[k]);
	}
	if (spec->name && !text_ok(spec->name, 1024))
		FAIL(DS_EINVAL, "name", "%s/name: a name is 1 to 1024 bytes of UTF-8", field);
	if (spec->restricted && !text_ok(spec->restricted, 1024))
		FAIL(DS_EINVAL, "restricted", "%s/restricted: 1 to 1024 bytes of UTF-8", field);
	if ((rc = book_budget(book, a.residual, field)) < 0)
		return rc;
#undef FAIL
	a.asset_class = spec->asset_class;
	a.origin = spec->origin;
	a.use = spec->use;
	a.method = spec->method;
	a.indefinite = spec->indefinite_life != 0;
	a.life = spec->useful_life_months;
	if (!(a.id = nfc_copy(spec->id)))
		goto fail;
	if (spec->name && !(a.name = nfc_copy(spec->name)))
		goto fail;
	if (spec->restricted && !(a.restricted = nfc_copy(spec->restricted)))
		goto fail;
	for (i = 0; i < DS_LEDGER_CONDITIONS; i++)
		if (spec->conditions_evidence[i] && !(a.evidence[i] = nfc_copy(spec->conditions_evidence[i])))
			goto fail;
	if (a.method == DS_LEDGER_UNITS_OF_BENEFIT) {
		if (!(a.units = ds__calloc(spec->unit_count, sizeof *a.units)))
			goto fail;
		a.unit_count = spec->unit_count;
		for (i = 0; i < spec->unit_count; i++)
			if (ds_decimal_dup(&a.units[i], spec->units[i]) < 0)
				goto fail;
	}
	if (book->count == book->cap) {
		size_t cap = book->cap ? book->cap * 2 : 16;
		ledger_asset *grown = ds__realloc(book->assets, cap * sizeof *grown);
		if (!grown)
			goto fail;
		book->assets = grown;
		book->cap = cap;
	}
	if ((book->count + 1) * 2 > book->index_cap && index_grow(book) < 0)
		goto fail;
	book->assets[book->count] = a;
	*index_slot(book->index, book->index_cap, book->assets, a.id) = book->count + 1;
	book->count++;
	book->magnitude += a.residual;
	return DS_OK;
fail:
	asset_dispose(&a);
	return ds__enomem();
}

/* ---------------------------------------------------------------- capitalisation engine */

/* Capitalised or not, and the rule that decided, for bought-in or otherwise acquired intangibles. */
static const struct {
	int capitalised;
	const char *rule;
} purchased_intangible[] = {
	{ 0, "" },
	{ 1, "外购 购买价款 → 计入成本" },
	{ 1, "外购 相关税费 → 计入成本" },
	{ 0, "外购 采集 is not a cost of a bought-in intangible → 费用化" },
	{ 1, "外购 脱敏 → 计入成本" },
	{ 1, "外购 清洗 → 计入成本" },
	{ 1, "外购 标注 → 计入成本" },
	{ 1, "外购 整合 → 计入成本" },
	{ 1, "外购 分析 → 计入成本" },
	{ 1, "外购 可视化 → 计入成本" },
	{ 1, "外购 数据权属鉴证费 → 计入成本" },
	{ 1, "外购 质量评估费 → 计入成本" },
	{ 1, "外购 登记结算费 → 计入成本" },
	{ 1, "外购 安全管理费 → 计入成本" },
	{ 0, "外购 保险费 is not a cost of a bought-in intangible → 费用化" },
	{ 0, "外购数据处理服务 that creates no intangible asset → 费用化" },
	{ 0, "研发支出 of a bought-in intangible → 费用化" },
	{ 1, "直接归属于使其达到预定用途的其他支出 → 计入成本" },
};

static const struct {
	int capitalised;
	const char *rule;
} inventory_rules[] = {
	{ 0, "" },
	{ 1, "存货 购买价款 → 计入成本" },
	{ 1, "存货 相关税费 → 计入成本" },
	{ 1, "存货 采集 (加工成本) → 计入成本" },
	{ 1, "存货 脱敏 (加工成本) → 计入成本" },
	{ 1, "存货 清洗 (加工成本) → 计入成本" },
	{ 1, "存货 标注 (加工成本) → 计入成本" },
	{ 1, "存货 整合 (加工成本) → 计入成本" },
	{ 1, "存货 分析 (加工成本) → 计入成本" },
	{ 1, "存货 可视化 (加工成本) → 计入成本" },
	{ 1, "存货 数据权属鉴证费 → 计入成本" },
	{ 1, "存货 质量评估费 → 计入成本" },
	{ 1, "存货 登记结算费 → 计入成本" },
	{ 1, "存货 安全管理费 → 计入成本" },
	{ 1, "存货 保险费 → 计入成本" },
	{ 1, "存货 外购加工服务 (加工成本) → 计入成本" },
	{ 0, "研发支出 is not a cost of inventory → 费用化" },
	{ 1, "存货 其他使其达到目前场所和状态的支出 → 计入成本" },
};

/* Decide whether @item is capitalised. The phase has been checked against the asset. */
static void classify(ledger_cost_item *item, const ledger_asset *a)
{
	if (a->asset_class == DS_LEDGER_INVENTORY) {
		item->capitalised = inventory_rules[item->category].capitalised;
		item->rule = inventory_rules[item->category].rule;
		return;
	}
	/* Spending after the asset is ready for use maintains it: CAS 6 expenses it. */
	if (a->has_available && ds__date_cmp(item->date, a->available) > 0) {
		item->capitalised = 0;
		item->rule = "达到预定用途后发生的支出 → 费用化";
		return;
	}
	if (a->origin != DS_LEDGER_SELF_BUILT) {
		item->capitalised = purchased_intangible[item->category].capitalised;
		item->rule = purchased_intangible[item->category].rule;
		return;
	}
	item->capitalised = 0;
	switch (item->phase) {
	case DS_LEDGER_PHASE_RESEARCH: item->rule = "研究阶段 → 费用化"; break;
	case DS_LEDGER_PHASE_UNSPLIT: item->rule = "无法区分研究阶段和开发阶段 → 费用化"; break;
	default:
		if (!a->has_conditions || ds__date_cmp(item->date, a->conditions_met) < 0) {
			item->rule = "开发阶段 before all five CAS 6 conditions were met → 费用化";
		} else {
			item->capitalised = 1;
			item->rule = "开发阶段 with all five CAS 6 conditions met → 资本化";
		}
	}
}

int64_t ds__ledger_capitalised(const ledger_asset *a)
{
	int64_t total = 0;
	size_t i;

	for (i = 0; i < a->cost_count; i++)
		if (a->costs[i].capitalised)
			total += a->costs[i].amount;
	return total;
}

/* ---------------------------------------------------------------- derived state */

int ds__ledger_asset_lines(ds_ledger_schedule_line **lines, size_t *count, const ledger_asset *a, int64_t *losses)
{
	ds__ledger_amortisation am;
	ds__ledger_impairment *imps = NULL;
	char field[96];
	size_t i, n = 0;
	int rc;

	*lines = NULL;
	*count = 0;
	if (a->asset_class != DS_LEDGER_INTANGIBLE)
		return DS_OK;
	memset(&am, 0, sizeof am);
	snprintf(field, sizeof field, "asset '%s'", a->id);
	am.field = field;
	am.cost = ds__ledger_capitalised(a);
	am.residual = a->residual;
	if (a->residual > am.cost && a->has_available) {
		char path[160];
		snprintf(path, sizeof path, "%s/residual", field);
		return ds__error_at(DS_EINVAL, 0, 0, path, "%s: residual value above the capitalised cost", path);
	}
	if (!a->has_available)
		return DS_OK;
	am.start = ds__ledger_month(a->available);
	am.months = a->indefinite ? 0 : a->life;
	am.method = a->method;
	am.units = a->units;
	am.stop = a->disposed ? ds__ledger_month(a->disposal_date) : INT_MAX;
	for (i = 0; i < a->event_count; i++)
		n += a->events[i].kind == EV_IMPAIRMENT;
	if (n && !(imps = ds__calloc(n, sizeof *imps)))
		return ds__enomem();
	for (i = 0, n = 0; i < a->event_count; i++)
		if (a->events[i].kind == EV_IMPAIRMENT) {
			imps[n].month = ds__ledger_month(a->events[i].date);
			imps[n++].recoverable = a->events[i].amount;
		}
	am.impairments = imps;
	am.impairment_count = n;
	if ((rc = ds__ledger_amortise(lines, count, &am)) == DS_OK && losses)
		for (i = 0, n = 0; i < a->event_count; i++)
			losses[i] = a->events[i].kind == EV_IMPAIRMENT ? imps[n++].loss : 0;
	ds__free(imps);
	return rc;
}

int ds__ledger_check_provisions(const ledger_asset *a, int64_t *deltas)
{
	int64_t provision = 0;
	size_t i, j, n = 0;

	for (i = 0; i < a->event_count; i++) {
		const ledger_event *e = &a->events[i];
		int64_t cost = 0, delta;
		char date[11];

		if (deltas)
			deltas[i] = 0;
		if (e->kind != EV_WRITEDOWN && e->kind != EV_REVERSAL && e->kind != EV_NRV)
			continue;
		n++;
		ds__date_format(date, e->date);
		for (j = 0; j < a->cost_count; j++)
			if (a->costs[j].capitalised && ds__date_cmp(a->costs[j].date, e->date) <= 0)
				cost += a->costs[j].amount;
		if (e->kind == EV_NRV) {
			/* CAS 1: lower of cost and net realisable value; the provision follows the
			 * test both ways, so a reversal never exceeds what was written down. */
			delta = (e->amount < cost ? cost - e->amount : 0) - provision;
		} else if (e->kind == EV_REVERSAL) {
			if (e->amount > provision)
				return ds__error_at(DS_ESTATE, 0, 0, "amount",
						    "asset '%s'/writedown[%zu]: reversal of %lld fen on %s exceeds the "
						    "%lld fen written down and not yet reversed",
						    a->id, n, (long long)e->amount, date, (long long)provision);
			delta = -e->amount;
		} else {
			if (e->amount > cost - provision)
				return ds__error_at(
					DS_EINVAL, 0, 0, "amount",
					"asset '%s'/writedown[%zu]: write-down of %lld fen on %s is above the "
					"carrying amount of %lld fen",
					a->id, n, (long long)e->amount, date, (long long)(cost - provision));
			delta = e->amount;
		}
		provision += delta;
		if (deltas)
			deltas[i] = delta;
	}
	return DS_OK;
}

/* Re-derive what depends on the whole history, after a tentative change. */
static int revalidate(ledger_asset *a)
{
	ds_ledger_schedule_line *lines = NULL;
	size_t count;
	int rc;

	if (a->asset_class == DS_LEDGER_INVENTORY)
		return ds__ledger_check_provisions(a, NULL);
	rc = ds__ledger_asset_lines(&lines, &count, a, NULL);
	ds__free(lines);
	return rc;
}

/* ---------------------------------------------------------------- cost items */

int ds_ledger_cost_init(ds_ledger_cost *c, unsigned int version)
{
	ds_ledger_cost defaults = DS_LEDGER_COST_INIT;

	if (!c || version != DS_LEDGER_COST_VERSION)
		return ds__error(DS_EINVAL, "ds_ledger_cost_init: unknown version %u", version);
	*c = defaults;
	return DS_OK;
}

int ds_ledger_add_cost(ds_ledger *book, const char *asset_id, const ds_ledger_cost *cost)
{
	ledger_asset *a;
	ledger_cost_item item;
	char field[160];
	int rc;

	if ((rc = find_asset(&a, book, asset_id)) < 0)
		return rc;
	if (!cost || cost->version != DS_LEDGER_COST_VERSION)
		return ds__error(DS_EINVAL, "ds_ledger_add_cost: NULL cost item or unknown version");
	memset(&item, 0, sizeof item);
	snprintf(field, sizeof field, "asset '%s'/cost[%zu]/date", a->id, a->cost_count + 1);
	if ((rc = ds__ledger_date(&item.date, cost->date, field)) < 0)
		return rc;
	snprintf(field, sizeof field, "asset '%s'/cost[%zu]/category", a->id, a->cost_count + 1);
	if (cost->category == 0)
		return ds__error_at(DS_EINVAL, 0, 0, field, "%s: missing (every cost item needs a category)", field);
	if ((int)cost->category < DS_LEDGER_COST_PRICE || cost->category > DS_LEDGER_COST_OTHER)
		return ds__error_at(DS_EINVAL, 0, 0, field, "%s: unknown category %d", field, (int)cost->category);
	snprintf(field, sizeof field, "asset '%s'/cost[%zu]/phase", a->id, a->cost_count + 1);
	if (a->asset_class == DS_LEDGER_INTANGIBLE && a->origin == DS_LEDGER_SELF_BUILT) {
		if ((int)cost->phase < DS_LEDGER_PHASE_RESEARCH || cost->phase > DS_LEDGER_PHASE_UNSPLIT)
			return ds__error_at(DS_EINVAL, 0, 0, field,
					    "%s: an in-house development needs the phase (研究阶段 or 开发阶段)",
					    field);
	} else if (cost->phase != DS_LEDGER_PHASE_NONE) {
		return ds__error_at(DS_EINVAL, 0, 0, field,
				    "%s: a phase applies only to in-house development (自行开发)", field);
	}
	snprintf(field, sizeof field, "asset '%s'/cost[%zu]/amount", a->id, a->cost_count + 1);
	if ((rc = ds__ledger_fen(&item.amount, cost->amount, 1, field)) < 0)
		return rc;
	snprintf(field, sizeof field, "asset '%s'/cost[%zu]/vat", a->id, a->cost_count + 1);
	if (cost->vat && (rc = ds__ledger_fen(&item.vat, cost->vat, 1, field)) < 0)
		return rc;
	snprintf(field, sizeof field, "asset '%s'/cost[%zu]/date", a->id, a->cost_count + 1);
	if (a->disposed && ds__date_cmp(item.date, a->disposal_date) > 0)
		return ds__error_at(DS_EINVAL, 0, 0, field, "%s: after the asset left the books", field);
	snprintf(field, sizeof field, "asset '%s'/cost[%zu]/evidence", a->id, a->cost_count + 1);
	if (cost->evidence && !text_ok(cost->evidence, 1024))
		return ds__error_at(DS_EINVAL, 0, 0, field, "%s: 1 to 1024 bytes of UTF-8", field);
	if ((rc = book_budget(book, item.amount + item.vat, field)) < 0)
		return rc;
	item.category = cost->category;
	item.phase = cost->phase;
	classify(&item, a);
	if (cost->evidence && !(item.evidence = nfc_copy(cost->evidence)))
		return ds__enomem();
	if (a->cost_count == a->cost_cap) {
		size_t cap = a->cost_cap ? a->cost_cap * 2 : 4;
		ledger_cost_item *grown = ds__realloc(a->costs, cap * sizeof *grown);
		if (!grown) {
			ds__free(item.evidence);
			return ds__enomem();
		}
		a->costs = grown;
		a->cost_cap = cap;
	}
	a->costs[a->cost_count++] = item;
	if (a->event_count && (rc = revalidate(a)) < 0) {
		a->cost_count--;
		ds__free(item.evidence);
		revalidate(a);
		return rc;
	}
	book->magnitude += item.amount + item.vat;
	return DS_OK;
}

int ds_ledger_cost_rule(int *capitalised, const char **rule, const ds_ledger *book, const char *asset_id, size_t index)
{
	const ledger_asset *a;

	if (!book || !asset_id)
		return ds__error(DS_EINVAL, "ds_ledger_cost_rule: NULL argument");
	if (!(a = ds__ledger_find(book, asset_id)))
		return ds__error_at(DS_ENOTFOUND, 0, 0, "asset", "asset '%s' is not in the book", asset_id);
	if (index >= a->cost_count)
		return ds__error(DS_ENOTFOUND, "asset '%s' has %zu cost items", asset_id, a->cost_count);
	if (capitalised)
		*capitalised = a->costs[index].capitalised;
	if (rule)
		*rule = a->costs[index].rule;
	return DS_OK;
}

int ds_ledger_asset_condition(const char **evidence, const ds_ledger *book, const char *asset_id, int condition)
{
	const ledger_asset *a;

	if (!evidence || !book || !asset_id)
		return ds__error(DS_EINVAL, "ds_ledger_asset_condition: NULL argument");
	if (condition < 1 || condition > DS_LEDGER_CONDITIONS)
		return ds__error_at(DS_EINVAL, 0, 0, "condition", "condition: must be 1 to %d, not %d",
				    DS_LEDGER_CONDITIONS, condition);
	if (!(a = ds__ledger_find(book, asset_id)))
		return ds__error_at(DS_ENOTFOUND, 0, 0, "asset", "asset '%s' is not in the book", asset_id);
	*evidence = a->evidence[condition - 1];
	return DS_OK;
}

int ds_ledger_asset_cost(int64_t *out, const ds_ledger *book, const char *asset_id)
{
	const ledger_asset *a;

	if (!out || !book || !asset_id)
		return ds__error(DS_EINVAL, "ds_ledger_asset_cost: NULL argument");
	if (!(a = ds__ledger_find(book, asset_id)))
		return ds__error_at(DS_ENOTFOUND, 0, 0, "asset", "asset '%s' is not in the book", asset_id);
	*out = ds__ledger_capitalised(a);
	return DS_OK;
}

int ds_ledger_asset_schedule(ds_ledger_schedule **out, const ds_ledger *book, const char *asset_id)
{
	ledger_asset *a;
	ds_ledger_schedule *s;
	int rc;

	if (!out)
		return ds__error(DS_EINVAL, "ds_ledger_asset_schedule: out is NULL");
	if ((rc = find_asset(&a, (ds_ledger *)book, asset_id)) < 0)
		return rc;
	if (a->asset_class != DS_LEDGER_INTANGIBLE)
		return ds__error_at(DS_EINVAL, 0, 0, "asset", "asset '%s' is inventory (存货), which is not amortised",
				    asset_id);
	if (!(s = ds__calloc(1, sizeof *s)))
		return ds__enomem();
	if ((rc = ds__ledger_asset_lines(&s->lines, &s->count, a, NULL)) < 0) {
		ds__free(s);
		return rc;
	}
	*out = s;
	return DS_OK;
}

/* ---------------------------------------------------------------- events */

/* Insert @e in date order (after events of the same date), then revalidate;
 * on failure take it out again. */
static int insert_event(ledger_asset *a, const ledger_event *e)
{
	size_t pos, i;
	int rc;

	if (a->event_count == a->event_cap) {
		size_t cap = a->event_cap ? a->event_cap * 2 : 4;
		ledger_event *grown = ds__realloc(a->events, cap * sizeof *grown);
		if (!grown)
			return ds__enomem();
		a->events = grown;
		a->event_cap = cap;
	}
	for (pos = a->event_count; pos > 0 && ds__date_cmp(a->events[pos - 1].date, e->date) > 0; pos--)
		;
	for (i = a->event_count; i > pos; i--)
		a->events[i] = a->events[i - 1];
	a->events[pos] = *e;
	a->event_count++;
	if ((rc = revalidate(a)) < 0) {
		for (i = pos; i + 1 < a->event_count; i++)
			a->events[i] = a->events[i + 1];
		a->event_count--;
		revalidate(a);
	}
	return rc;
}

/* Common checks for an event's date: parsed, not before acquisition, before derecognition. */
static int event_date(ds__date *out, const ledger_asset *a, const char *text, const char *field)
{
	int rc;

	if ((rc = ds__ledger_date(out, text, field)) < 0)
		return rc;
	if (ds__date_cmp(*out, a->acquired) < 0)
		return ds__error_at(DS_EINVAL, 0, 0, field, "%s: %s is before the asset was acquired", field, text);
	if (a->disposed && ds__ledger_month(*out) >= ds__ledger_month(a->disposal_date))
		return ds__error_at(DS_EINVAL, 0, 0, field, "%s: %s is not before the month the asset left the books",
				    field, text);
	return DS_OK;
}

int ds_ledger_add_impairment(ds_ledger *book, const char *asset_id, const char *date, const ds_decimal *recoverable)
{
	ledger_asset *a;
	ledger_event e;
	char field[160];
	int rc;

	if ((rc = find_asset(&a, book, asset_id)) < 0)
		return rc;
	memset(&e, 0, sizeof e);
	e.kind = EV_IMPAIRMENT;
	snprintf(field, sizeof field, "asset '%s'/impairment/date", a->id);
	if (a->asset_class != DS_LEDGER_INTANGIBLE)
		return ds__error_at(DS_EINVAL, 0, 0, field,
				    "asset '%s': inventory is written down to net realisable value, not impaired",
				    a->id);
	if ((rc = event_date(&e.date, a, date, field)) < 0)
		return rc;
	if (!a->has_available || ds__date_cmp(e.date, a->available) < 0)
		return ds__error_at(DS_EINVAL, 0, 0, field, "%s: %s is before the asset was ready for use", field,
				    date);
	snprintf(field, sizeof field, "asset '%s'/impairment/recoverable", a->id);
	if ((rc = ds__ledger_fen(&e.amount, recoverable, 0, field)) < 0)
		return rc;
	if (e.amount < 0)
		return ds__error_at(DS_EINVAL, 0, 0, field,
				    "%s: a negative recoverable amount would impair more than the carrying amount",
				    field);
	if ((rc = book_budget(book, e.amount, field)) < 0)
		return rc;
	if ((rc = insert_event(a, &e)) < 0)
		return rc;
	book->magnitude += e.amount;
	return DS_OK;
}

int ds_ledger_add_writedown(ds_ledger *book, const char *asset_id, const char *date, const ds_decimal *amount,
			    int reversal)
{
	ledger_asset *a;
	ledger_event e;
	char field[160];
	int rc;

	if ((rc = find_asset(&a, book, asset_id)) < 0)
		return rc;
	memset(&e, 0, sizeof e);
	e.kind = reversal ? EV_REVERSAL : EV_WRITEDOWN;
	snprintf(field, sizeof field, "asset '%s'/writedown/date", a->id);
	if (a->asset_class != DS_LEDGER_INVENTORY)
		return ds__error_at(
			DS_EINVAL, 0, 0, field,
			"asset '%s': an intangible is impaired (CAS 8), not written down to net realisable value",
			a->id);
	if ((rc = event_date(&e.date, a, date, field)) < 0)
		return rc;
	snprintf(field, sizeof field, "asset '%s'/writedown/amount", a->id);
	if ((rc = ds__ledger_fen(&e.amount, amount, 1, field)) < 0)
		return rc;
	if (e.amount == 0)
		return ds__error_at(DS_EINVAL, 0, 0, field, "%s: must be more than zero", field);
	if ((rc = book_budget(book, e.amount, field)) < 0)
		return rc;
	if ((rc = insert_event(a, &e)) < 0)
		return rc;
	book->magnitude += e.amount;
	return DS_OK;
}

int ds_ledger_add_nrv_test(ds_ledger *book, const char *asset_id, const char *date, const ds_decimal *nrv)
{
	ledger_asset *a;
	ledger_event e;
	char field[160];
	int rc;

	if ((rc = find_asset(&a, book, asset_id)) < 0)
		return rc;
	memset(&e, 0, sizeof e);
	e.kind = EV_NRV;
	snprintf(field, sizeof field, "asset '%s'/nrv/date", a->id);
	if (a->asset_class != DS_LEDGER_INVENTORY)
		return ds__error_at(
			DS_EINVAL, 0, 0, field,
			"asset '%s': an intangible is impaired (CAS 8), not measured at net realisable value", a->id);
	if ((rc = event_date(&e.date, a, date, field)) < 0)
		return rc;
	snprintf(field, sizeof field, "asset '%s'/nrv/value", a->id);
	if ((rc = ds__ledger_fen(&e.amount, nrv, 1, field)) < 0)
		return rc;
	if ((rc = book_budget(book, e.amount, field)) < 0)
		return rc;
	if ((rc = insert_event(a, &e)) < 0)
		return rc;
	book->magnitude += e.amount;
	return DS_OK;
}

int ds_ledger_add_licence(ds_ledger *book, const char *asset_id, const char *date, const ds_decimal *fee,
			  const ds_decimal *vat)
{
	ledger_asset *a;
	ledger_event e;
	char field[160];
	int rc;

	if ((rc = find_asset(&a, book, asset_id)) < 0)
		return rc;
	memset(&e, 0, sizeof e);
	e.kind = EV_LICENCE;
	snprintf(field, sizeof field, "asset '%s'/licence/date", a->id);
	if (a->asset_class != DS_LEDGER_INTANGIBLE)
		return ds__error_at(DS_EINVAL, 0, 0, field, "asset '%s': inventory is sold, not licensed", a->id);
	if ((rc = event_date(&e.date, a, date, field)) < 0)
		return rc;
	if (!a->has_available || ds__date_cmp(e.date, a->available) < 0)
		return ds__error_at(DS_EINVAL, 0, 0, field, "%s: %s is before the asset was ready for use", field,
				    date);
	snprintf(field, sizeof field, "asset '%s'/licence/fee", a->id);
	if ((rc = ds__ledger_fen(&e.amount, fee, 1, field)) < 0)
		return rc;
	if (e.amount == 0)
		return ds__error_at(DS_EINVAL, 0, 0, field, "%s: must be more than zero", field);
	snprintf(field, sizeof field, "asset '%s'/licence/vat", a->id);
	if (vat && (rc = ds__ledger_fen(&e.vat, vat, 1, field)) < 0)
		return rc;
	if ((rc = book_budget(book, e.amount + e.vat, field)) < 0)
		return rc;
	if ((rc = insert_event(a, &e)) < 0)
		return rc;
	book->magnitude += e.amount + e.vat;
	return DS_OK;
}

int ds_ledger_dispose(ds_ledger *book, const char *asset_id, const char *date, ds_ledger_disposal kind,
		      const ds_decimal *proceeds, const ds_decimal *vat)
{
	ledger_asset *a;
	ds__date when;
	int64_t amount = 0, tax = 0;
	char field[160];
	size_t i;
	int rc;

	if ((rc = find_asset(&a, book, asset_id)) < 0)
		return rc;
	snprintf(field, sizeof field, "asset '%s'/disposal", a->id);
	if (a->disposed)
		return ds__error_at(DS_ESTATE, 0, 0, field, "%s: the asset has already left the books", field);
	if (kind != DS_LEDGER_DISPOSE_SALE && kind != DS_LEDGER_DISPOSE_EXPIRY && kind != DS_LEDGER_DISPOSE_OTHER)
		return ds__error_at(DS_EINVAL, 0, 0, field, "%s/kind: unknown disposal kind %d", field, (int)kind);
	snprintf(field, sizeof field, "asset '%s'/disposal/date", a->id);
	if ((rc = event_date(&when, a, date, field)) < 0)
		return rc;
	if (a->asset_class == DS_LEDGER_INTANGIBLE && (!a->has_available || ds__date_cmp(when, a->available) < 0))
		return ds__error_at(DS_EINVAL, 0, 0, field, "%s: %s is before the asset was ready for use", field,
				    date);
	for (i = 0; i < a->event_count; i++)
		if (ds__ledger_month(a->events[i].date) >= ds__ledger_month(when))
			return ds__error_at(DS_EINVAL, 0, 0, field,
					    "%s: %s is not after the asset's impairments and write-downs", field, date);
	for (i = 0; i < a->cost_count; i++)
		if (ds__date_cmp(a->costs[i].date, when) > 0)
			return ds__error_at(DS_EINVAL, 0, 0, field, "%s: %s is before cost item %zu", field, date,
					    i + 1);
	snprintf(field, sizeof field, "asset '%s'/disposal/proceeds", a->id);
	if (proceeds && (rc = ds__ledger_fen(&amount, proceeds, 1, field)) < 0)
		return rc;
	snprintf(field, sizeof field, "asset '%s'/disposal/vat", a->id);
	if (vat && (rc = ds__ledger_fen(&tax, vat, 1, field)) < 0)
		return rc;
	if ((rc = book_budget(book, amount + tax, field)) < 0)
		return rc;
	a->disposed = 1;
	a->disposal_date = when;
	a->disposal_kind = kind;
	a->proceeds = amount;
	a->proceeds_vat = tax;
	book->magnitude += amount + tax;
	return DS_OK;
}
