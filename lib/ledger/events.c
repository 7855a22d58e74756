/*
 * Events in an asset's life after its cost: impairments (CAS 8), inventory
 * write-downs, reversals and net realisable value tests (CAS 1), licences
 * (CAS 14) and derecognition. Each is checked against the asset's history
 * before it is kept; a refused event leaves the book as it was.
 * SPDX-License-Identifier: MIT
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "ledger_internal.h"

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
int ds__ledger_revalidate(ledger_asset *a)
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
	if ((rc = ds__ledger_revalidate(a)) < 0) {
		for (i = pos; i + 1 < a->event_count; i++)
			a->events[i] = a->events[i + 1];
		a->event_count--;
		ds__ledger_revalidate(a);
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

	if ((rc = ds__ledger_find_asset(&a, book, asset_id)) < 0)
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
	if ((rc = ds__decimal_to_fen(&e.amount, recoverable, 0, field)) < 0)
		return rc;
	if (e.amount < 0)
		return ds__error_at(DS_EINVAL, 0, 0, field,
				    "%s: a negative recoverable amount would impair more than the carrying amount",
				    field);
	if ((rc = ds__ledger_budget(book, e.amount, field)) < 0)
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

	if ((rc = ds__ledger_find_asset(&a, book, asset_id)) < 0)
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
	if ((rc = ds__decimal_to_fen(&e.amount, amount, 1, field)) < 0)
		return rc;
	if (e.amount == 0)
		return ds__error_at(DS_EINVAL, 0, 0, field, "%s: must be more than zero", field);
	if ((rc = ds__ledger_budget(book, e.amount, field)) < 0)
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

	if ((rc = ds__ledger_find_asset(&a, book, asset_id)) < 0)
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
	if ((rc = ds__decimal_to_fen(&e.amount, nrv, 1, field)) < 0)
		return rc;
	if ((rc = ds__ledger_budget(book, e.amount, field)) < 0)
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

	if ((rc = ds__ledger_find_asset(&a, book, asset_id)) < 0)
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
	if ((rc = ds__decimal_to_fen(&e.amount, fee, 1, field)) < 0)
		return rc;
	if (e.amount == 0)
		return ds__error_at(DS_EINVAL, 0, 0, field, "%s: must be more than zero", field);
	snprintf(field, sizeof field, "asset '%s'/licence/vat", a->id);
	if (vat && (rc = ds__decimal_to_fen(&e.vat, vat, 1, field)) < 0)
		return rc;
	if ((rc = ds__ledger_budget(book, e.amount + e.vat, field)) < 0)
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

	if ((rc = ds__ledger_find_asset(&a, book, asset_id)) < 0)
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
	if (proceeds && (rc = ds__decimal_to_fen(&amount, proceeds, 1, field)) < 0)
		return rc;
	snprintf(field, sizeof field, "asset '%s'/disposal/vat", a->id);
	if (vat && (rc = ds__decimal_to_fen(&tax, vat, 1, field)) < 0)
		return rc;
	if ((rc = ds__ledger_budget(book, amount + tax, field)) < 0)
		return rc;
	a->disposed = 1;
	a->disposal_date = when;
	a->disposal_kind = kind;
	a->proceeds = amount;
	a->proceeds_vat = tax;
	book->magnitude += amount + tax;
	return DS_OK;
}
