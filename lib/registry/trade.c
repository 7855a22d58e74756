/*
 * Trade records (场内交易) and filings (场外备案), and the applications
 * document they feed to the subsidy engine.
 * SPDX-License-Identifier: MIT
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "internal/xml.h"
#include "registry_internal.h"

#define REGISTRY_NS "urn:datasset:registry:1"

int ds_trade_request_init(ds_trade_request *t, unsigned int version)
{
	ds_trade_request defaults = DS_TRADE_REQUEST_INIT;

	if (!t || version != DS_TRADE_REQUEST_VERSION)
		return ds__error(DS_EINVAL, "trade request: unknown version %u", version);
	*t = defaults;
	return DS_OK;
}

/* An amount in yuan: positive and exact to the fen. */
static int check_amount(char **text, const ds_decimal *amount)
{
	ds_decimal *fen = NULL;
	int rc;

	if (!amount)
		return ds__error_at(DS_EINVAL, 0, 0, "amount", "amount is required");
	if (ds_decimal_sign(amount) <= 0)
		return ds__error_at(DS_EINVAL, 0, 0, "amount", "amount must be positive");
	if ((rc = ds_decimal_new(&fen)) < 0 || (rc = ds_decimal_round(fen, amount, 2, DS_ROUND_HALF_UP)) < 0)
		goto done;
	if (ds_decimal_cmp(fen, amount) != 0) {
		rc = ds__error_at(DS_EINVAL, 0, 0, "amount",
				  "amount must be exact to the fen (at most 2 decimal places)");
		goto done;
	}
	rc = ds_decimal_to_string_scaled(text, amount, 2, DS_ROUND_HALF_UP, 0);
done:
	ds_decimal_free(fen);
	return rc;
}

int ds_registry_trade_add(int64_t *id, ds_registry *reg, const ds_trade_request *t)
{
	char *seller = NULL, *buyer = NULL, *voucher = NULL, *amount = NULL, utc[21], local[11], date_text[11];
	const char *registered, *owner;
	ds__stmt *stmt = NULL;
	ds__registry_field fields[7];
	ds__date date;
	int64_t new_id;
	int rc, in_tx = 0;

	if (!reg || !t)
		return ds__error(DS_EINVAL, "registry: a handle and a trade are required");
	if (t->version != DS_TRADE_REQUEST_VERSION)
		return ds__error(DS_EINVAL, "trade request: unknown version %u", t->version);
	if ((rc = ds_uscc_normalize(&seller, t->seller)) < 0) {
		ds__error_prefix("seller: ");
		goto done;
	}
	if ((rc = ds_uscc_normalize(&buyer, t->buyer)) < 0) {
		ds__error_prefix("buyer: ");
		goto done;
	}
	if (strcmp(seller, buyer) == 0) {
		rc = ds__error_at(DS_EINVAL, 0, 0, "buyer", "buyer and seller are the same registrant %s", seller);
		goto done;
	}
	if ((unsigned)t->venue > DS_VENUE_OFF) {
		rc = ds__error_at(DS_EINVAL, 0, 0, "venue", "venue %d is neither on (场内) nor off (场外)",
				  (int)t->venue);
		goto done;
	}
	if ((rc = ds__registry_text(&voucher, t->voucher, "voucher", 64, 1, 0)) < 0 ||
	    (rc = check_amount(&amount, t->amount)) < 0)
		goto done;
	if (!t->date || (rc = ds__date_parse(&date, t->date)) < 0) {
		rc = ds__error_at(DS_EINVAL, 0, 0, "date", "date '%s' is not a date YYYY-MM-DD",
				  t->date ? t->date : "");
		goto done;
	}
	ds__date_format(date_text, date);
	ds__registry_time(utc, local, ds__registry_now());
	if ((rc = ds__store_begin(reg->store)) < 0)
		goto done;
	in_tx = 1;
	if ((rc = ds__store_prepare(&stmt, reg->store,
				    "SELECT (SELECT COUNT(*) FROM subjects WHERE code = ?1),"
				    " (SELECT COUNT(*) FROM subjects WHERE code = ?2), r.state, r.registered, r.subject"
				    " FROM (SELECT 1) LEFT JOIN registrations r ON r.id = ?3")) < 0 ||
	    (rc = ds__stmt_bind_text(stmt, 1, seller)) < 0 || (rc = ds__stmt_bind_text(stmt, 2, buyer)) < 0 ||
	    (rc = ds__stmt_bind_int(stmt, 3, t->registration)) < 0 || (rc = ds__stmt_step(stmt)) < 0)
		goto done;
	if (ds__stmt_int(stmt, 0) == 0 || ds__stmt_int(stmt, 1) == 0) {
		int seller_missing = ds__stmt_int(stmt, 0) == 0;
		rc = ds__error_at(DS_ENOTFOUND, 0, 0, seller_missing ? "seller" : "buyer",
				  "%s: 登记主体 %s is not registered", seller_missing ? "seller" : "buyer",
				  seller_missing ? seller : buyer);
		goto done;
	}
	if (ds__stmt_is_null(stmt, 2)) {
		rc = ds__error_at(DS_ENOTFOUND, 0, 0, "product", "registration %lld does not exist",
				  (long long)t->registration);
		goto done;
	}
	registered = ds__stmt_text(stmt, 3);
	owner = ds__stmt_text(stmt, 4);
	if (ds__stmt_int(stmt, 2) != DS_STATE_REGISTERED) {
		rc = ds__error_at(DS_ESTATE, 0, 0, "product", "registration %lld is %s, not registered",
				  (long long)t->registration,
				  ds_registry_code_name(DS_CODE_STATE, (int)ds__stmt_int(stmt, 2)));
		goto done;
	}
	if (strcmp(owner, seller) != 0) {
		rc = ds__error_at(DS_EINVAL, 0, 0, "seller",
				  "seller %s is not the registrant of registration %lld (%s)", seller,
				  (long long)t->registration, owner);
		goto done;
	}
	if (strcmp(date_text, registered) < 0) {
		rc = ds__error_at(DS_ESTATE, 0, 0, "date", "trade date %s is before the registration date %s",
				  date_text, registered);
		goto done;
	}
	ds__stmt_finalize(stmt);
	stmt = NULL;
	if ((rc = ds__store_prepare(
		     &stmt, reg->store,
		     "INSERT INTO trades (seller, buyer, registration, amount, date, venue, voucher, created)"
		     " VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) < 0)
		goto done;
	if ((rc = ds__stmt_bind_text(stmt, 1, seller)) < 0 || (rc = ds__stmt_bind_text(stmt, 2, buyer)) < 0 ||
	    (rc = ds__stmt_bind_int(stmt, 3, t->registration)) < 0 || (rc = ds__stmt_bind_text(stmt, 4, amount)) < 0 ||
	    (rc = ds__stmt_bind_text(stmt, 5, date_text)) < 0 || (rc = ds__stmt_bind_int(stmt, 6, t->venue)) < 0 ||
	    (rc = ds__stmt_bind_text(stmt, 7, voucher)) < 0 || (rc = ds__stmt_bind_text(stmt, 8, utc)) < 0)
		goto done;
	if ((rc = ds__stmt_step(stmt)) < 0) {
		if (ds__stmt_constraint(stmt))
			rc = ds__error_at(DS_EEXISTS, 0, 0, "voucher", "voucher %s is already recorded (%s)", voucher,
					  t->venue == DS_VENUE_ON ? "场内" : "场外");
		goto done;
	}
	ds__stmt_finalize(stmt);
	stmt = NULL;
	new_id = ds__store_last_id(reg->store);
	fields[0] = (ds__registry_field){ "seller", seller, 0 };
	fields[1] = (ds__registry_field){ "buyer", buyer, 0 };
	fields[2] = (ds__registry_field){ "amount", amount, 0 };
	fields[3] = (ds__registry_field){ "date", date_text, 0 };
	fields[4] = (ds__registry_field){ "venue", t->venue == DS_VENUE_ON ? "on" : "off", 0 };
	fields[5] = (ds__registry_field){ "voucher", voucher, 0 };
	fields[6] = (ds__registry_field){ "trade", NULL, new_id };
	if ((rc = ds__registry_emit_event(reg, "trade", t->registration, utc, fields, 7)) < 0)
		goto done;
	in_tx = 0;
	if ((rc = ds__store_commit(reg->store)) < 0)
		goto done;
	if (id)
		*id = new_id;
done:
	ds__stmt_finalize(stmt);
	if (in_tx)
		ds__store_rollback(reg->store);
	ds__free(seller);
	ds__free(buyer);
	ds__free(voucher);
	ds_free(amount);
	return rc;
}

/* ---------------------------------------------------------------- applications document */

/* Add @text (an exact amount) to @sum. */
static int add_amount(ds_decimal *sum, ds_decimal *scratch, const char *text)
{
	int rc = ds_decimal_parse(scratch, text, 0);
	return rc < 0 ? rc : ds_decimal_add(sum, sum, scratch);
}

static void amount_attr(ds__xml_writer *w, const char *name, const ds_decimal *value)
{
	char *text = NULL;

	if (ds_decimal_to_string_scaled(&text, value, 2, DS_ROUND_HALF_UP, 0) == DS_OK)
		ds__xmlw_attr(w, name, text);
	else
		w->failed = 1;
	ds_free(text);
}

/* Totals grouped by @group_sql (rows: key columns..., amount), summed exactly. */
static int write_trades(ds__xml_writer *w, ds_registry *reg, const char *from, const char *to)
{
	ds__stmt *stmt = NULL;
	int rc;

	if ((rc = ds__store_prepare(
		     &stmt, reg->store,
		     "SELECT t.id, t.venue, t.voucher, t.date, t.amount, t.seller, t.buyer, t.registration,"
		     " r.certificate, r.entry_title, r.kind FROM trades t JOIN registrations r ON r.id = t.registration"
		     " WHERE t.date >= ? AND t.date <= ? ORDER BY t.date, t.id")) < 0 ||
	    (rc = ds__stmt_bind_text(stmt, 1, from)) < 0 || (rc = ds__stmt_bind_text(stmt, 2, to)) < 0)
		goto done;
	while ((rc = ds__stmt_step(stmt)) > 0) {
		ds__xmlw_start(w, "trade");
		ds__xmlw_attrf(w, "id", "%lld", (long long)ds__stmt_int(stmt, 0));
		ds__xmlw_attr(w, "venue", ds__stmt_int(stmt, 1) == DS_VENUE_ON ? "on" : "off");
		ds__xmlw_attr(w, "voucher", ds__stmt_text(stmt, 2));
		ds__xmlw_attr(w, "date", ds__stmt_text(stmt, 3));
		ds__xmlw_attr(w, "amount", ds__stmt_text(stmt, 4));
		ds__xmlw_attr(w, "seller", ds__stmt_text(stmt, 5));
		ds__xmlw_attr(w, "buyer", ds__stmt_text(stmt, 6));
		ds__xmlw_attrf(w, "registration", "%lld", (long long)ds__stmt_int(stmt, 7));
		ds__xmlw_attr(w, "certificate", ds__stmt_text(stmt, 8));
		ds__xmlw_attr(w, "kind", ds_registry_code_name(DS_CODE_KIND, (int)ds__stmt_int(stmt, 10)));
		ds__xmlw_attr(w, "product", ds__stmt_text(stmt, 9));
		ds__xmlw_end(w);
	}
done:
	ds__stmt_finalize(stmt);
	return rc < 0 ? rc : DS_OK;
}

static int write_products(ds__xml_writer *w, ds_registry *reg, const char *from, const char *to)
{
	ds__stmt *stmt = NULL;
	ds_decimal *on = NULL, *off = NULL, *scratch = NULL;
	int64_t current = 0, trades = 0;
	int rc;

	if ((rc = ds_decimal_new(&on)) < 0 || (rc = ds_decimal_new(&off)) < 0 || (rc = ds_decimal_new(&scratch)) < 0)
		goto done;
	if ((rc = ds__store_prepare(
		     &stmt, reg->store,
		     "SELECT r.id, r.certificate, r.registered, r.subject, r.entry_id, r.entry_title, t.venue,"
		     " t.amount FROM trades t JOIN registrations r ON r.id = t.registration"
		     " WHERE t.date >= ? AND t.date <= ? ORDER BY r.id, t.id")) < 0 ||
	    (rc = ds__stmt_bind_text(stmt, 1, from)) < 0 || (rc = ds__stmt_bind_text(stmt, 2, to)) < 0)
		goto done;
	while ((rc = ds__stmt_step(stmt)) >= 0) {
		int64_t id = rc > 0 ? ds__stmt_int(stmt, 0) : 0;
		if (current && id != current) {
			amount_attr(w, "on-venue", on);
			amount_attr(w, "off-venue", off);
			ds__xmlw_attrf(w, "trades", "%lld", (long long)trades);
			ds__xmlw_end(w);
		}
		if (rc == 0)
			break;
		if (id != current) {
			current = id;
			trades = 0;
			ds_decimal_set_int64(on, 0);
			ds_decimal_set_int64(off, 0);
			ds__xmlw_start(w, "product");
			ds__xmlw_attrf(w, "registration", "%lld", (long long)id);
			ds__xmlw_attr(w, "certificate", ds__stmt_text(stmt, 1));
			ds__xmlw_attr(w, "registered", ds__stmt_text(stmt, 2));
			ds__xmlw_attr(w, "subject", ds__stmt_text(stmt, 3));
			ds__xmlw_attr(w, "entry-id", ds__stmt_text(stmt, 4));
			ds__xmlw_attr(w, "title", ds__stmt_text(stmt, 5));
		}
		trades++;
		if ((rc = add_amount(ds__stmt_int(stmt, 6) == DS_VENUE_ON ? on : off, scratch,
				     ds__stmt_text(stmt, 7))) < 0)
			goto done;
	}
done:
	ds__stmt_finalize(stmt);
	ds_decimal_free(on);
	ds_decimal_free(off);
	ds_decimal_free(scratch);
	return rc < 0 ? rc : DS_OK;
}

/* Per registrant: sales and purchases on and off the exchange. */
static int write_subjects(ds__xml_writer *w, ds_registry *reg, const char *from, const char *to)
{
	ds__stmt *stmt = NULL;
	ds_decimal *sums[4] = { NULL, NULL, NULL, NULL }, *scratch = NULL;
	static const char *const names[4] = { "sold-on-venue", "sold-off-venue", "bought-on-venue",
					      "bought-off-venue" };
	char current[19] = "";
	int rc, i;

	for (i = 0; i < 4; i++)
		if ((rc = ds_decimal_new(&sums[i])) < 0)
			goto done;
	if ((rc = ds_decimal_new(&scratch)) < 0)
		goto done;
	if ((rc = ds__store_prepare(&stmt, reg->store,
				    "SELECT code, name, type, role, venue, amount FROM ("
				    " SELECT s.code, s.name, s.type, 0 AS role, t.venue, t.amount, t.id FROM trades t"
				    " JOIN subjects s ON s.code = t.seller WHERE t.date >= ?1 AND t.date <= ?2"
				    " UNION ALL SELECT s.code, s.name, s.type, 1, t.venue, t.amount, t.id FROM trades t"
				    " JOIN subjects s ON s.code = t.buyer WHERE t.date >= ?1 AND t.date <= ?2)"
				    " ORDER BY code, id, role")) < 0 ||
	    (rc = ds__stmt_bind_text(stmt, 1, from)) < 0 || (rc = ds__stmt_bind_text(stmt, 2, to)) < 0)
		goto done;
	while ((rc = ds__stmt_step(stmt)) >= 0) {
		const char *code = rc > 0 ? ds__stmt_text(stmt, 0) : "";
		if (*current && strcmp(code, current) != 0) {
			for (i = 0; i < 4; i++)
				amount_attr(w, names[i], sums[i]);
			ds__xmlw_end(w);
		}
		if (rc == 0)
			break;
		if (strcmp(code, current) != 0) {
			snprintf(current, sizeof current, "%s", code);
			for (i = 0; i < 4; i++)
				ds_decimal_set_int64(sums[i], 0);
			ds__xmlw_start(w, "subject");
			ds__xmlw_attr(w, "code", code);
			ds__xmlw_attr(w, "name", ds__stmt_text(stmt, 1));
			ds__xmlw_attr(w, "type",
				      ds_registry_code_name(DS_CODE_SUBJECT_TYPE, (int)ds__stmt_int(stmt, 2)));
		}
		if ((rc = add_amount(sums[ds__stmt_int(stmt, 3) * 2 + ds__stmt_int(stmt, 4)], scratch,
				     ds__stmt_text(stmt, 5))) < 0)
			goto done;
	}
done:
	ds__stmt_finalize(stmt);
	for (i = 0; i < 4; i++)
		ds_decimal_free(sums[i]);
	ds_decimal_free(scratch);
	return rc < 0 ? rc : DS_OK;
}

int ds_registry_export_applications(char **out, ds_registry *reg, const char *from, const char *to)
{
	ds__xml_writer w;
	ds__date a, b;
	char from_text[11], to_text[11], *text = NULL;
	xmlDocPtr doc = NULL;
	int rc;

	memset(&w, 0, sizeof w);
	if (!out || !reg || !from || !to)
		return ds__error(DS_EINVAL, "export: a result, a registry and a window are required");
	if ((rc = ds__date_parse(&a, from)) < 0 || (rc = ds__date_parse(&b, to)) < 0) {
		ds__error_prefix("window: ");
		return rc;
	}
	if (ds__date_cmp(a, b) > 0)
		return ds__error_at(DS_EINVAL, 0, 0, "window", "window: %s is after %s", from, to);
	ds__date_format(from_text, a);
	ds__date_format(to_text, b);
	/* The store gives one consistent snapshot of all three sections. */
	if ((rc = ds__store_begin_read(reg->store)) < 0)
		return rc;
	if ((rc = ds__xmlw_begin(&w, "applications", REGISTRY_NS)) < 0)
		goto done;
	ds__xmlw_attr(&w, "registry", reg->name);
	ds__xmlw_attr(&w, "region", reg->region);
	ds__xmlw_attr(&w, "from", from_text);
	ds__xmlw_attr(&w, "to", to_text);
	if ((rc = write_trades(&w, reg, from_text, to_text)) < 0 ||
	    (rc = write_products(&w, reg, from_text, to_text)) < 0 ||
	    (rc = write_subjects(&w, reg, from_text, to_text)) < 0)
		goto done;
	if ((rc = ds__xmlw_finish(&text, &w)) < 0)
		goto done;
	/* What we write must be what the schema promises. */
	if ((rc = ds__xml_load_memory(&doc, text, strlen(text), "applications.xml", "registry.xsd")) < 0)
		goto done;
	*out = text;
	text = NULL;
done:
	ds__xmlw_dispose(&w);
	ds__store_rollback(reg->store);
	if (doc)
		xmlFreeDoc(doc);
	ds_free(text);
	return rc;
}
