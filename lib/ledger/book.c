/*
 * The book: the chart of accounts, assets and their cost items, and what is
 * derived from an asset's history (capitalised cost, amortisation lines).
 * Every change is validated whole before it is made, so a refused call leaves
 * the book as it was. Events are in events.c, the capitalisation rules in
 * capitalise.c.
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
	{ "2221", "应交税费—应交增值税（进项税额）" },
	{ "2221", "应交税费—应交增值税（销项税额）" },
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
char *ds__ledger_nfc_copy(const char *s)
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
	if (!ascii_only(id) && !(id = normal = ds__ledger_nfc_copy(id)))
		return NULL;
	slot = *index_slot(book->index, book->index_cap, book->assets, id);
	found = slot ? &book->assets[slot - 1] : NULL;
	ds__free(normal);
	return found;
}

int ds__ledger_find_asset(ledger_asset **out, ds_ledger *book, const char *id)
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

int ds__ledger_text_ok(const char *s, size_t max)
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

static void set_one(ds_ledger *book, ds_ledger_account account, char *code, char *name)
{
	ds__free(book->accounts[account].code);
	ds__free(book->accounts[account].name);
	book->accounts[account].code = code;
	book->accounts[account].name = name;
}

int ds_ledger_set_account(ds_ledger *book, ds_ledger_account account, const char *code, const char *name)
{
	char *c, *n;
	int rc;

	if (!book)
		return ds__error(DS_EINVAL, "ds_ledger_set_account: book is NULL");
	if ((int)account < 0 || account >= DS_LEDGER_ACC_COUNT)
		return ds__error_at(DS_EINVAL, 0, 0, "account", "account: unknown account %d", (int)account);
	if (!ds__ledger_text_ok(code, CODE_MAX))
		return ds__error_at(DS_EINVAL, 0, 0, "code", "code: an account code is 1 to %d bytes of UTF-8",
				    CODE_MAX);
	if (!ds__ledger_text_ok(name, NAME_MAX_BYTES))
		return ds__error_at(DS_EINVAL, 0, 0, "name", "name: an account name is 1 to %d bytes of UTF-8",
				    NAME_MAX_BYTES);
	if ((rc = ds__text_refuse_bidi(code, "code")) < 0 || (rc = ds__text_refuse_bidi(name, "name")) < 0)
		return rc;
	c = ds__ledger_nfc_copy(code);
	n = ds__ledger_nfc_copy(name);
	if (!c || !n) {
		ds__free(c);
		ds__free(n);
		return ds__enomem();
	}
	if (account == DS_LEDGER_ACC_VAT) {
		/* The single VAT role of earlier books: both columns, so their entries stay as they were. */
		char *c2 = ds__strdup(c), *n2 = ds__strdup(n), *c3 = ds__strdup(c), *n3 = ds__strdup(n);
		if (!c2 || !n2 || !c3 || !n3) {
			ds__free(c);
			ds__free(n);
			ds__free(c2);
			ds__free(n2);
			ds__free(c3);
			ds__free(n3);
			return ds__enomem();
		}
		set_one(book, DS_LEDGER_ACC_VAT_INPUT, c2, n2);
		set_one(book, DS_LEDGER_ACC_VAT_OUTPUT, c3, n3);
	}
	set_one(book, account, c, n);
	return DS_OK;
}

int ds_ledger_set_materiality(ds_ledger *book, const ds_decimal *threshold)
{
	int64_t fen = 0;
	int rc;

	if (!book)
		return ds__error(DS_EINVAL, "ds_ledger_set_materiality: book is NULL");
	if (threshold) {
		if ((rc = ds__decimal_to_fen(&fen, threshold, 1, "materiality")) < 0)
			return rc;
		if (fen == 0)
			return ds__error_at(DS_EINVAL, 0, 0, "materiality",
					    "materiality: the threshold must be more than zero");
	}
	book->materiality = fen;
	return DS_OK;
}

/* Count an input amount against the book's bound. */
int ds__ledger_budget(ds_ledger *book, int64_t extra, const char *field)
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
	if (!ds__ledger_text_ok(spec->id, ID_MAX))
		return ds__error_at(DS_EINVAL, 0, 0, "id", "id: an asset id is 1 to %d bytes of UTF-8", ID_MAX);
	if ((rc = ds__text_refuse_bidi(spec->id, "id")) < 0)
		return rc;
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
			if ((rc = ds__decimal_to_fen(&a.residual, spec->residual, 1, path)) < 0)
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
			if (!ds__ledger_text_ok(spec->conditions_evidence[k], 1024))
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
	if (spec->name && !ds__ledger_text_ok(spec->name, 1024))
		FAIL(DS_EINVAL, "name", "%s/name: a name is 1 to 1024 bytes of UTF-8", field);
	if (spec->name && (rc = ds__text_refuse_bidi(spec->name, "name")) < 0) {
		char message[512];
		snprintf(message, sizeof message, "%s", ds_error_last()->message);
		FAIL(DS_EINVAL, "name", "%s/%s", field, message);
	}
	if (spec->restricted && !ds__ledger_text_ok(spec->restricted, 1024))
		FAIL(DS_EINVAL, "restricted", "%s/restricted: 1 to 1024 bytes of UTF-8", field);
	if ((rc = ds__ledger_budget(book, a.residual, field)) < 0)
		return rc;
#undef FAIL
	a.asset_class = spec->asset_class;
	a.origin = spec->origin;
	a.use = spec->use;
	a.method = spec->method;
	a.indefinite = spec->indefinite_life != 0;
	a.life = spec->useful_life_months;
	if (!(a.id = ds__ledger_nfc_copy(spec->id)))
		goto fail;
	if (spec->name && !(a.name = ds__ledger_nfc_copy(spec->name)))
		goto fail;
	if (spec->restricted && !(a.restricted = ds__ledger_nfc_copy(spec->restricted)))
		goto fail;
	for (i = 0; i < DS_LEDGER_CONDITIONS; i++)
		if (spec->conditions_evidence[i] &&
		    !(a.evidence[i] = ds__ledger_nfc_copy(spec->conditions_evidence[i])))
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

	if ((rc = ds__ledger_find_asset(&a, book, asset_id)) < 0)
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
	if ((rc = ds__decimal_to_fen(&item.amount, cost->amount, 1, field)) < 0)
		return rc;
	snprintf(field, sizeof field, "asset '%s'/cost[%zu]/vat", a->id, a->cost_count + 1);
	if (cost->vat && (rc = ds__decimal_to_fen(&item.vat, cost->vat, 1, field)) < 0)
		return rc;
	snprintf(field, sizeof field, "asset '%s'/cost[%zu]/date", a->id, a->cost_count + 1);
	if (a->disposed && ds__date_cmp(item.date, a->disposal_date) > 0)
		return ds__error_at(DS_EINVAL, 0, 0, field, "%s: after the asset left the books", field);
	snprintf(field, sizeof field, "asset '%s'/cost[%zu]/evidence", a->id, a->cost_count + 1);
	if (cost->evidence && !ds__ledger_text_ok(cost->evidence, 1024))
		return ds__error_at(DS_EINVAL, 0, 0, field, "%s: 1 to 1024 bytes of UTF-8", field);
	if ((rc = ds__ledger_budget(book, item.amount + item.vat, field)) < 0)
		return rc;
	item.category = cost->category;
	item.phase = cost->phase;
	ds__ledger_classify(&item, a);
	if (cost->evidence && !(item.evidence = ds__ledger_nfc_copy(cost->evidence)))
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
	if (a->event_count && (rc = ds__ledger_revalidate(a)) < 0) {
		a->cost_count--;
		ds__free(item.evidence);
		ds__ledger_revalidate(a);
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
		return ds__error(DS_ERANGE,
				 "ds_ledger_cost_rule: index %zu is out of range; asset '%s' has %zu cost items", index,
				 asset_id, a->cost_count);
	if (capitalised)
		*capitalised = a->costs[index].capitalised;
	if (rule)
		*rule = a->costs[index].rule;
	return DS_OK;
}

int ds_ledger_asset_condition(const char **evidence, const ds_ledger *book, const char *asset_id,
			      unsigned int condition)
{
	const ledger_asset *a;

	if (!evidence || !book || !asset_id)
		return ds__error(DS_EINVAL, "ds_ledger_asset_condition: NULL argument");
	if (condition < 1 || condition > DS_LEDGER_CONDITIONS)
		return ds__error_at(DS_ERANGE, 0, 0, "condition", "condition: must be 1 to %d, not %u",
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
	if ((rc = ds__ledger_find_asset(&a, (ds_ledger *)book, asset_id)) < 0)
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
