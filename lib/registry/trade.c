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

#define APPLICATIONS_NS "urn:datasset:applications:1"

int ds_trade_request_init(ds_trade_request *t, unsigned int version)
{
	ds_trade_request defaults = DS_TRADE_REQUEST_INIT;

	if (!t || version != DS_TRADE_REQUEST_VERSION)
		return ds__error(DS_EINVAL, "trade request: unknown version %u", version);
	*t = defaults;
	return DS_OK;
}

/* An amount in yuan: positive and exact to the fen. */
int ds__registry_amount(char **text, const ds_decimal *amount)
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
	    (rc = ds__registry_amount(&amount, t->amount)) < 0)
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
				    " FROM (SELECT 1) AS one LEFT JOIN registrations r ON r.id = ?3")) < 0 ||
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
	/* A trade transfers the pledged right: every pledgee's consent, used now (pledge.md). */
	if ((rc = ds__registry_pledge_check(reg, t->registration, DS_PLEDGE_ACTION_TRANSFER, voucher)) < 0)
		goto done;
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

/*
 * The subsidy engine's applications document (urn:datasset:applications:1,
 * schemas/applications-1.xsd, docs/policy.md: version 1, which the policy module still
 * reads; the registry does not hold the facts version 2 adds), one <applicant> per registrant
 * that has a registered data product, a 场内 sale, a 场外 filing (either side)
 * or a 入表 filing in the window (a 场内 purchase alone gives the engine nothing to count):
 * - <product id=CERTIFICATE listed=REGISTRATION-DATE certificate="true">: its
 *   registered data products (登记证书), and any registration it sold on the
 *   exchange in the window; trade-voucher when it has a 场内 trade in the window;
 * - <trade>: its 场内 sales in the window (the provider's trades);
 * - <filing role="provider"|"buyer">: 场外 filings in the window, on both sides;
 * - <voucher kind="trade"|"filing" number=...>: the vouchers of those records;
 * - <recognition>: its 入表 filings in the window, with their 服务商 (recognition.c).
 * Registrants are verified="true": the registry validated and registered them.
 */
static int bind_window(ds__stmt *stmt, const char *code, const char *from, const char *to)
{
	int rc;

	if ((rc = ds__stmt_bind_text(stmt, 1, code)) < 0 || (rc = ds__stmt_bind_text(stmt, 2, from)) < 0)
		return rc;
	return ds__stmt_bind_text(stmt, 3, to);
}

/* Rows of @sql (columns: @first's value, date, amount, voucher number) as
 * <@element @first= date= amount=/> each followed by its <voucher kind="@element">. */
static int write_with_vouchers(ds__xml_writer *w, ds_registry *reg, const char *code, const char *from, const char *to,
			       const char *sql, const char *element, const char *first)
{
	ds__stmt *stmt = NULL;
	int rc;

	if ((rc = ds__store_prepare(&stmt, reg->store, sql)) < 0 || (rc = bind_window(stmt, code, from, to)) < 0)
		goto done;
	while ((rc = ds__stmt_step(stmt)) > 0) {
		ds__xmlw_start(w, element);
		ds__xmlw_attr(w, first, ds__stmt_text(stmt, 0));
		ds__xmlw_attr(w, "date", ds__stmt_text(stmt, 1));
		ds__xmlw_attr(w, "amount", ds__stmt_text(stmt, 2));
		ds__xmlw_end(w);
		ds__xmlw_start(w, "voucher");
		ds__xmlw_attr(w, "kind", element);
		ds__xmlw_attr(w, "number", ds__stmt_text(stmt, 3));
		ds__xmlw_end(w);
	}
done:
	ds__stmt_finalize(stmt);
	return rc;
}

static int write_applicant(ds__xml_writer *w, ds_registry *reg, const char *code, const char *name, const char *from,
			   const char *to)
{
	ds__stmt *stmt = NULL;
	int rc;

	ds__xmlw_start(w, "applicant");
	ds__xmlw_attr(w, "id", code);
	ds__xmlw_attr(w, "name", name);
	ds__xmlw_attr(w, "verified", "true");
	if ((rc = ds__store_prepare(&stmt, reg->store,
				    "SELECT r.certificate, r.registered, EXISTS (SELECT 1 FROM trades t WHERE"
				    " t.registration = r.id AND t.venue = 0 AND t.date >= ?2 AND t.date <= ?3)"
				    " FROM registrations r WHERE r.subject = ?1 AND r.certificate IS NOT NULL"
				    " AND r.registered <= ?3 AND (r.kind = 1 OR EXISTS (SELECT 1 FROM trades t WHERE"
				    " t.registration = r.id AND t.venue = 0 AND t.date >= ?2 AND t.date <= ?3))"
				    " ORDER BY r.id")) < 0 ||
	    (rc = bind_window(stmt, code, from, to)) < 0)
		goto done;
	while ((rc = ds__stmt_step(stmt)) > 0) {
		ds__xmlw_start(w, "product");
		ds__xmlw_attr(w, "id", ds__stmt_text(stmt, 0));
		ds__xmlw_attr(w, "listed", ds__stmt_text(stmt, 1));
		ds__xmlw_attr(w, "certificate", "true");
		ds__xmlw_attr(w, "trade-voucher", ds__stmt_int(stmt, 2) ? "true" : "false");
		ds__xmlw_end(w);
	}
	if (rc < 0)
		goto done;
	ds__stmt_finalize(stmt);
	stmt = NULL;
	if ((rc = write_with_vouchers(
		     w, reg, code, from, to,
		     "SELECT r.certificate, t.date, t.amount, t.voucher FROM trades t JOIN registrations r"
		     " ON r.id = t.registration WHERE t.seller = ?1 AND t.venue = 0 AND t.date >= ?2"
		     " AND t.date <= ?3 ORDER BY t.date, t.id",
		     "trade", "product")) < 0 ||
	    (rc = write_with_vouchers(
		     w, reg, code, from, to,
		     "SELECT CASE WHEN seller = ?1 THEN 'provider' ELSE 'buyer' END, date, amount, voucher"
		     " FROM trades WHERE (seller = ?1 OR buyer = ?1) AND venue = 1 AND date >= ?2"
		     " AND date <= ?3 ORDER BY date, id",
		     "filing", "role")) < 0)
		goto done;
	rc = ds__registry_write_recognitions(w, reg, code, from, to);
done:
	ds__stmt_finalize(stmt);
	ds__xmlw_end(w);
	return rc < 0 ? rc : DS_OK;
}

int ds_registry_export_applications(char **out, ds_registry *reg, const char *from, const char *to)
{
	ds__xml_writer w;
	ds__stmt *stmt = NULL;
	ds__date a, b;
	char from_text[11], to_text[11], *text = NULL;
	xmlDocPtr doc = NULL;
	int rc, in_tx = 0;

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
	/* One consistent snapshot of everything the document says. */
	if ((rc = ds__store_begin_read(reg->store)) < 0)
		return rc;
	in_tx = 1;
	if ((rc = ds__xmlw_begin(&w, "applications", APPLICATIONS_NS)) < 0)
		goto done;
	if ((rc = ds__store_prepare(
		     &stmt, reg->store,
		     "SELECT s.code, s.name FROM subjects s WHERE EXISTS (SELECT 1 FROM registrations r"
		     " WHERE r.subject = s.code AND r.kind = 1 AND r.certificate IS NOT NULL AND r.registered <= ?2)"
		     " OR EXISTS (SELECT 1 FROM trades t WHERE (t.seller = s.code OR (t.buyer = s.code AND t.venue = 1))"
		     " AND t.date >= ?1 AND t.date <= ?2)"
		     " OR EXISTS (SELECT 1 FROM recognitions c WHERE c.subject = s.code AND c.date >= ?1 AND c.date <= ?2)"
		     " ORDER BY s.code")) < 0 ||
	    (rc = ds__stmt_bind_text(stmt, 1, from_text)) < 0 || (rc = ds__stmt_bind_text(stmt, 2, to_text)) < 0)
		goto done;
	while ((rc = ds__stmt_step(stmt)) > 0) {
		char *code = ds__strdup(ds__stmt_text(stmt, 0)), *name = ds__strdup(ds__stmt_text(stmt, 1));
		rc = code && name ? write_applicant(&w, reg, code, name, from_text, to_text) : ds__enomem();
		ds__free(code);
		ds__free(name);
		if (rc < 0)
			goto done;
	}
	if (rc < 0)
		goto done;
	ds__stmt_finalize(stmt);
	stmt = NULL;
	if ((rc = ds__xmlw_finish(&text, &w)) < 0)
		goto done;
	/* What we write must be what the subsidy engine's schema promises. */
	if ((rc = ds__xml_load_memory(&doc, text, strlen(text), "applications.xml", "applications-1.xsd")) < 0)
		goto done;
	*out = text;
	text = NULL;
done:
	ds__stmt_finalize(stmt);
	ds__xmlw_dispose(&w);
	if (in_tx)
		ds__store_rollback(reg->store);
	if (doc)
		xmlFreeDoc(doc);
	ds_free(text);
	return rc;
}
