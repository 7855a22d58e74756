/*
 * Reading registrations back: by id, by query code, lists with filters and
 * paging, histories, and the documents stored with them.
 * SPDX-License-Identifier: MIT
 */
#include "config.h"

#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "internal/xml.h"
#include "registry_internal.h"

int ds_registry_query_init(ds_registry_query *q, unsigned int version)
{
	ds_registry_query defaults = DS_REGISTRY_QUERY_INIT;

	if (!q || version != DS_REGISTRY_QUERY_VERSION)
		return ds__error(DS_EINVAL, "registry query: unknown version %u", version);
	*q = defaults;
	return DS_OK;
}

/* ---------------------------------------------------------------- reading */

#define REGISTRATION_COLUMNS                                                                                         \
	"r.id, r.subject, s.name, r.kind, r.right_, r.type, r.changes, r.state, r.entry_id, r.entry_title, r.scope," \
	" r.term, r.restrictions, r.applied, r.updated, r.publicity_start, r.publicity_end, r.registered,"           \
	" r.certificate, r.query_code FROM registrations r JOIN subjects s ON s.code = r.subject"

static const size_t registration_strings[] = {
	offsetof(ds_registration, subject),	  offsetof(ds_registration, subject_name),
	offsetof(ds_registration, entry_id),	  offsetof(ds_registration, entry_title),
	offsetof(ds_registration, scope),	  offsetof(ds_registration, term),
	offsetof(ds_registration, restrictions),  offsetof(ds_registration, applied),
	offsetof(ds_registration, updated),	  offsetof(ds_registration, publicity_start),
	offsetof(ds_registration, publicity_end), offsetof(ds_registration, registered),
	offsetof(ds_registration, certificate),	  offsetof(ds_registration, query_code),
};
/* Columns of REGISTRATION_COLUMNS for each of the strings above. */
static const int registration_string_columns[] = { 1, 2, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19 };

static int registration_rows(ds_registration **out, size_t *count, ds__stmt *stmt)
{
	ds__records records;
	ds_registration *r;
	size_t k;
	int rc;

	ds__records_init(&records, sizeof(ds_registration), registration_strings, 14);
	while ((rc = ds__stmt_step(stmt)) > 0) {
		if (!(r = ds__records_add(&records)))
			break;
		r->id = ds__stmt_int(stmt, 0);
		r->kind = (ds_reg_kind)ds__stmt_int(stmt, 3);
		r->right = (ds_right)ds__stmt_int(stmt, 4);
		r->type = (ds_reg_type)ds__stmt_int(stmt, 5);
		r->changes = ds__stmt_int(stmt, 6);
		r->state = (ds_reg_state)ds__stmt_int(stmt, 7);
		for (k = 0; k < 14; k++)
			ds__records_string(&records, k, ds__stmt_text(stmt, registration_string_columns[k]));
	}
	if (rc < 0) {
		ds__records_dispose(&records);
		return rc;
	}
	return ds__records_finish((void **)out, count, &records);
}

static int get_one(ds_registration **out, ds_registry *reg, const char *sql, int64_t id, const char *text)
{
	ds__stmt *stmt = NULL;
	ds_registration *found = NULL;
	size_t count = 0;
	int rc;

	if ((rc = ds__store_prepare(&stmt, reg->store, sql)) < 0)
		return rc;
	if ((rc = text ? ds__stmt_bind_text(stmt, 1, text) : ds__stmt_bind_int(stmt, 1, id)) < 0 ||
	    (rc = registration_rows(&found, &count, stmt)) < 0)
		goto done;
	if (count == 0) {
		rc = text ? ds__error(DS_ENOTFOUND, "no registration has the query code %s", text) :
			    ds__error(DS_ENOTFOUND, "registration %lld does not exist", (long long)id);
		goto done;
	}
	*out = found;
done:
	ds__stmt_finalize(stmt);
	return rc;
}

int ds_registry_get(ds_registration **out, ds_registry *reg, int64_t id)
{
	if (!out || !reg)
		return ds__error(DS_EINVAL, "registry: a result and a handle are required");
	return get_one(out, reg, "SELECT " REGISTRATION_COLUMNS " WHERE r.id = ?", id, NULL);
}

int ds_registry_find_query_code(ds_registration **out, ds_registry *reg, const char *code)
{
	char normal[20];
	int n = 0, i;

	if (!out || !reg || !code)
		return ds__error(DS_EINVAL, "registry: a result, a handle and a code are required");
	for (i = 0; code[i]; i++) {
		char c = code[i];
		if (c == '-' || c == ' ')
			continue;
		if (c >= 'a' && c <= 'z')
			c = (char)(c - 'a' + 'A');
		if (n == 16 || !strchr(DS__USCC_ALPHABET, c))
			return ds__error_at(DS_EINVAL, 0, i + 1, "code",
					    "query code: position %d: not a query code character", i + 1);
		if (n && n % 4 == 0)
			normal[n / 4 * 5 - 1] = '-';
		normal[n / 4 * 5 + n % 4] = c;
		n++;
	}
	if (n != 16)
		return ds__error_at(DS_EINVAL, 0, 0, "code", "query code: %d characters, expected 16", n);
	normal[19] = '\0';
	return get_one(out, reg, "SELECT " REGISTRATION_COLUMNS " WHERE r.query_code = ?", 0, normal);
}

int ds_registry_document(char **out, ds_registry *reg, int64_t id, ds_registry_document_kind kind)
{
	static const char *const sql[] = { "SELECT entry_xml FROM registrations WHERE id = ?",
					   "SELECT probe_xml FROM registrations WHERE id = ?",
					   "SELECT valuation_xml FROM registrations WHERE id = ?",
					   ("SELECT (SELECT a.xml FROM assessments a WHERE a.registration = r.id"
					    " ORDER BY a.id DESC LIMIT 1) FROM registrations r WHERE r.id = ?") };
	static const char *const what[] = { "catalogue entry", "probe report", "valuation result",
					    "compliance assessment" };
	ds__stmt *stmt = NULL;
	char *copy;
	int rc;

	if (!out || !reg)
		return ds__error(DS_EINVAL, "registry: a result and a handle are required");
	if ((unsigned)kind > DS_DOCUMENT_ASSESSMENT)
		return ds__error(DS_EINVAL, "registry: document kind %d is not known", (int)kind);
	if ((rc = ds__store_prepare(&stmt, reg->store, sql[kind])) < 0)
		return rc;
	if ((rc = ds__stmt_bind_int(stmt, 1, id)) < 0 || (rc = ds__stmt_step(stmt)) < 0)
		goto done;
	if (rc == 0) {
		rc = ds__error(DS_ENOTFOUND, "registration %lld does not exist", (long long)id);
		goto done;
	}
	if (ds__stmt_is_null(stmt, 0)) {
		rc = ds__error(DS_ENOTFOUND, "registration %lld has no %s", (long long)id, what[kind]);
		goto done;
	}
	if (!(copy = ds__strdup(ds__stmt_text(stmt, 0)))) {
		rc = ds__enomem();
		goto done;
	}
	*out = copy;
	rc = DS_OK;
done:
	ds__stmt_finalize(stmt);
	return rc;
}

int ds_registry_list(ds_registration **out, size_t *count, ds_registry *reg, const ds_registry_query *q)
{
	ds_registry_query all = DS_REGISTRY_QUERY_INIT;
	ds__stmt *stmt = NULL;
	char *subject = NULL;
	ds__date date;
	int rc;

	if (!out || !count || !reg)
		return ds__error(DS_EINVAL, "registry: results and a handle are required");
	if (!q)
		q = &all;
	if (q->version != DS_REGISTRY_QUERY_VERSION)
		return ds__error(DS_EINVAL, "registry query: unknown version %u", q->version);
	if (q->state < -1 || q->state > DS_STATE_CANCELLED || q->kind < -1 || q->kind > DS_REG_IP || q->right < -1 ||
	    q->right > DS_RIGHT_OPERATING)
		return ds__error_at(DS_EINVAL, 0, 0, "query", "registry query: state, kind or right out of range");
	if ((q->from && (rc = ds__date_parse(&date, q->from)) < 0) ||
	    (q->to && (rc = ds__date_parse(&date, q->to)) < 0))
		return rc;
	if (q->subject && (rc = ds_uscc_normalize(&subject, q->subject)) < 0)
		return rc;
	if ((rc = ds__store_prepare(
		     &stmt, reg->store,
		     "SELECT " REGISTRATION_COLUMNS " WHERE (?1 IS NULL OR r.subject = ?1)"
		     " AND (?2 < 0 OR r.state = ?2) AND (?3 < 0 OR r.kind = ?3) AND (?4 < 0 OR r.right_ = ?4)"
		     " AND (?5 IS NULL OR r.applied >= ?5) AND (?6 IS NULL OR r.applied <= ?6)"
		     " ORDER BY r.id LIMIT ?7 OFFSET ?8")) < 0)
		goto done;
	if ((rc = ds__stmt_bind_text(stmt, 1, subject)) < 0 || (rc = ds__stmt_bind_int(stmt, 2, q->state)) < 0 ||
	    (rc = ds__stmt_bind_int(stmt, 3, q->kind)) < 0 || (rc = ds__stmt_bind_int(stmt, 4, q->right)) < 0 ||
	    (rc = ds__stmt_bind_text(stmt, 5, q->from)) < 0 || (rc = ds__stmt_bind_text(stmt, 6, q->to)) < 0 ||
	    (rc = ds__stmt_bind_int(stmt, 7, q->limit ? (int64_t)q->limit : -1)) < 0 ||
	    (rc = ds__stmt_bind_int(stmt, 8, (int64_t)q->offset)) < 0)
		goto done;
	rc = registration_rows(out, count, stmt);
done:
	ds__stmt_finalize(stmt);
	ds__free(subject);
	return rc;
}

static const size_t transition_strings[] = { offsetof(ds_transition, actor), offsetof(ds_transition, at),
					     offsetof(ds_transition, date), offsetof(ds_transition, reason),
					     offsetof(ds_transition, evidence) };

int ds_registry_history(ds_transition **out, size_t *count, ds_registry *reg, int64_t id)
{
	ds__stmt *stmt = NULL;
	ds__records records;
	ds_transition *t;
	int rc;

	if (!out || !count || !reg)
		return ds__error(DS_EINVAL, "registry: results and a handle are required");
	ds__records_init(&records, sizeof(ds_transition), transition_strings, 5);
	if ((rc = ds__store_prepare(
		     &stmt, reg->store,
		     "SELECT seq, from_state, to_state, actor, at, date, reason, evidence FROM transitions"
		     " WHERE registration = ? ORDER BY seq")) < 0 ||
	    (rc = ds__stmt_bind_int(stmt, 1, id)) < 0)
		goto done;
	while ((rc = ds__stmt_step(stmt)) > 0) {
		if (!(t = ds__records_add(&records)))
			break;
		t->seq = ds__stmt_int(stmt, 0);
		t->from = ds__stmt_is_null(stmt, 1) ? -1 : (int)ds__stmt_int(stmt, 1);
		t->to = (ds_reg_state)ds__stmt_int(stmt, 2);
		ds__records_string(&records, 0, ds__stmt_text(stmt, 3));
		ds__records_string(&records, 1, ds__stmt_text(stmt, 4));
		ds__records_string(&records, 2, ds__stmt_text(stmt, 5));
		ds__records_string(&records, 3, ds__stmt_text(stmt, 6));
		ds__records_string(&records, 4, ds__stmt_text(stmt, 7));
	}
	if (rc < 0)
		goto done;
	if (records.count == 0 && !records.oom) {
		rc = ds__error(DS_ENOTFOUND, "registration %lld does not exist", (long long)id);
		goto done;
	}
	ds__stmt_finalize(stmt);
	stmt = NULL;
	return ds__records_finish((void **)out, count, &records);
done:
	ds__stmt_finalize(stmt);
	ds__records_dispose(&records);
	return rc;
}
