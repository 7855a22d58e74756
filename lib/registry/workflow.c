/*
 * Registrations: applications, the workflow state machine, certificate
 * numbers, query codes, and reading registrations back.
 * SPDX-License-Identifier: MIT
 */
#include "config.h"

#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>

#include "datasset/catalog.h"
#include "datasset/probe.h"
#include "datasset/valuation.h"
#include "internal/catalog.h"
#include "internal/xml.h"
#include "registry_internal.h"

#define PROBE_NS "urn:datasset:probe:1"
#define VALUATION_NS "urn:datasset:valuation:1"

int ds_registration_request_init(ds_registration_request *req, unsigned int version)
{
	ds_registration_request defaults = DS_REGISTRATION_REQUEST_INIT;

	if (!req || version < 1 || version > DS_REGISTRATION_REQUEST_VERSION)
		return ds__error(DS_EINVAL, "registration request: unknown version %u", version);
	/* A version 1 struct ends before the fields version 2 appended. */
	memcpy(req, &defaults, version == 1 ? offsetof(ds_registration_request, entry) : sizeof defaults);
	req->version = version;
	return DS_OK;
}

int ds_transition_request_init(ds_transition_request *t, unsigned int version)
{
	ds_transition_request defaults = DS_TRANSITION_REQUEST_INIT;

	if (!t || version < 1 || version > DS_TRANSITION_REQUEST_VERSION)
		return ds__error(DS_EINVAL, "transition request: unknown version %u", version);
	memcpy(t, &defaults, version == 1 ? offsetof(ds_transition_request, time) : sizeof defaults);
	t->version = version;
	return DS_OK;
}

/* When a request happens: ISO 8601 @time, or Unix seconds @at, or now. */
static int request_time(int64_t *out, const char *time, int64_t at)
{
	if (time && at)
		return ds__error_at(DS_EINVAL, 0, 0, "time", "give the time once: as text (time) or as seconds (at)");
	if (time)
		return ds_time_parse(out, time);
	if (at < 0)
		return ds__error_at(DS_EINVAL, 0, 0, "at", "a time before 1970 (%lld)", (long long)at);
	*out = at ? at : ds__registry_now();
	return DS_OK;
}

/* ---------------------------------------------------------------- the state machine */

/* registration.md: the diagram, and nothing else. */
static int legal(ds_reg_state from, ds_reg_state to)
{
	switch (from) {
	case DS_STATE_DRAFT: return to == DS_STATE_SUBMITTED;
	case DS_STATE_SUBMITTED:
	case DS_STATE_ACCEPTED:
		return to == DS_STATE_WITHDRAWN ||
		       (from == DS_STATE_SUBMITTED ? to == DS_STATE_ACCEPTED : to == DS_STATE_REVIEW);
	case DS_STATE_REVIEW: return to == DS_STATE_PUBLICITY || to == DS_STATE_REJECTED;
	case DS_STATE_PUBLICITY: return to == DS_STATE_REGISTERED || to == DS_STATE_OBJECTION;
	case DS_STATE_OBJECTION: return to == DS_STATE_REVIEW || to == DS_STATE_REJECTED;
	case DS_STATE_REGISTERED: return to == DS_STATE_CHANGED || to == DS_STATE_CORRECTED || to == DS_STATE_CANCELLED;
	default: return 0;
	}
}

static const char *state_name(int state)
{
	const char *name = ds_registry_code_name(DS_CODE_STATE, state);
	return name ? name : "?";
}

static const char *state_label(int state)
{
	const char *name = ds_registry_code_label(DS_CODE_STATE, state);
	return name ? name : "?";
}

/* ---------------------------------------------------------------- documents */

/* Read a document from @path or take @text, bounded in size, and parse it with
 * the shared XML layer. *data receives the text verbatim; *doc the DOM. */
static int load_document(char **data, xmlDocPtr *doc, const char *path, const char *text, const char *field,
			 const char *what)
{
	const char *name = path ? path : field;
	ds__buf b = DS__BUF_INIT;
	size_t len;
	int rc;

	if (path) {
		FILE *f = fopen(path, "rb");
		char chunk[8192];
		size_t n;
		if (!f)
			return ds__error_at(DS_EIO, 0, 0, field, "%s '%s' cannot be read", what, path);
		while ((n = fread(chunk, 1, sizeof chunk, f)) > 0 && b.len <= DS__REG_MAX_ENTRY_BYTES)
			ds__buf_put(&b, chunk, n);
		rc = ferror(f);
		fclose(f);
		if (rc) {
			ds__buf_dispose(&b);
			return ds__error_at(DS_EIO, 0, 0, field, "%s '%s' cannot be read", what, path);
		}
	} else {
		ds__buf_puts(&b, text);
	}
	if (b.oom || (!b.data && ds__buf_puts(&b, "") < 0)) {
		ds__buf_dispose(&b);
		return ds__enomem();
	}
	len = b.len;
	if (len > DS__REG_MAX_ENTRY_BYTES) {
		ds__buf_dispose(&b);
		return ds__error_at(DS_ERANGE, 0, 0, field, "%s '%s' is larger than %u bytes", what, name,
				    DS__REG_MAX_ENTRY_BYTES);
	}
	if ((rc = ds__xml_load_memory(doc, b.data, len, name, NULL)) < 0) {
		ds__buf_dispose(&b);
		return rc;
	}
	*data = b.data;
	return DS_OK;
}

/* The entry is read and validated by the catalogue module (the same schema and
 * rules as a <resource> of a catalogue document, so its errors carry line and
 * field path); the registry keeps only the identifier and title, and stores
 * the text verbatim so a registration stays self-contained. The document is
 * parsed once. */
static int read_entry(char **xml, char **identifier, char **title, const ds_registration_request *req)
{
	xmlDocPtr doc = NULL;
	ds_resource *resource = NULL;
	const char *value;
	char *data = NULL;
	const char *name = req->entry_path ? req->entry_path : "entry";
	int rc;

	const ds_resource *object = req->version >= 2 ? req->entry : NULL;
	char *written = NULL;

	if ((req->entry_path != NULL) + (req->entry_xml != NULL) + (object != NULL) > 1)
		return ds__error_at(DS_EINVAL, 0, 0, "entry",
				    "give the catalogue entry once: a file, its text or the object");
	if (!req->entry_path && !req->entry_xml && !object)
		return ds__error_at(DS_EINVAL, 0, 0, "entry", "a catalogue entry is required");
	if (object && (rc = ds_resource_to_xml(&written, object)) < 0)
		return rc;
	rc = load_document(&data, &doc, req->entry_path, object ? written : req->entry_xml, "entry", "catalogue entry");
	ds_free(written);
	if (rc < 0)
		return rc;
	if ((rc = ds__catalog_resource_from_doc(&resource, doc, name)) < 0)
		goto done;
	if (!(value = ds_resource_get(resource, DS_FIELD_TITLE)) || !*value) {
		rc = ds__xml_error(DS_EPARSE, xmlDocGetRootElement(doc), NULL,
				   "catalogue entry: missing <title> (信息资源名称)");
		goto done;
	}
	if (!(*title = ds__strdup(value))) {
		rc = ds__enomem();
		goto done;
	}
	if (!req->entry_id) {
		if (!(value = ds_resource_get(resource, DS_FIELD_IDENTIFIER)) || !*value) {
			rc = ds__xml_error(DS_EPARSE, xmlDocGetRootElement(doc), NULL,
					   "catalogue entry: missing <identifier> (信息资源标识符)");
			goto done;
		}
		if (!(*identifier = ds__strdup(value))) {
			rc = ds__enomem();
			goto done;
		}
	}
	*xml = data;
	data = NULL;
done:
	if (rc < 0) {
		ds__free(*title);
		ds__free(*identifier);
		*title = *identifier = NULL;
	}
	ds_resource_free(resource);
	xmlFreeDoc(doc);
	ds__free(data);
	return rc;
}

/* An optional probe report or valuation result: any document in the module's
 * namespace, stored verbatim (integration point with issues 4 and 5). */
static int read_attachment(char **xml, const char *path, const char *text, const char *field, const char *ns,
			   const char *what)
{
	xmlDocPtr doc = NULL;
	xmlNodePtr root;
	char *data = NULL;
	int rc;

	if (!path && !text)
		return DS_OK;
	if ((rc = load_document(&data, &doc, path, text, field, what)) < 0)
		return rc;
	root = xmlDocGetRootElement(doc);
	if (!root->ns || strcmp((const char *)root->ns->href, ns) != 0) {
		rc = ds__xml_error(DS_EPARSE, root, NULL, "%s is not a %s: expected a document in %s",
				   path ? path : field, what, ns);
		ds__free(data);
	} else {
		*xml = data;
	}
	xmlFreeDoc(doc);
	return rc;
}

/* ---------------------------------------------------------------- transitions */

typedef ds__registration_state current_state;

/* Keep @cur as registration @id's workflow facts (just written or read). */
static void keep_state(ds_registry *reg, int64_t id, const current_state *cur)
{
	ds__registry_cache *cache = ds__registry_cache_get(reg);

	if (cache) {
		cache->state_id = id;
		cache->state = *cur;
	}
}

/* The kept facts of registration @id, or NULL. */
static current_state *kept_state(ds_registry *reg, int64_t id)
{
	ds__registry_cache *cache = ds__registry_cache_get(reg);

	return cache && cache->state_id == id ? &cache->state : NULL;
}

static int new_query_code(char out[20]);

/* Record a transition, move the registration to @to and emit the event. A
 * transition into PUBLICITY passes the period (@publicity_end not NULL), set
 * in the same UPDATE; so does REGISTERED its certificate @number (not NULL),
 * with the registration date and a new query code written into @query (one
 * UPDATE of the row, not two). The creation (@from < 0) has its state from
 * the INSERT. */
static int record_transition(ds_registry *reg, int64_t id, int from, int to, const char *actor, const char *utc,
			     const char *date, const char *reason, const char *evidence, const char *publicity_end,
			     const char *number, char query[20])
{
	ds__stmt *stmt = NULL;
	ds__registry_field fields[6];
	size_t n = 0;
	int rc, attempt;

	if ((rc = ds__store_prepare(
		     &stmt, reg->store,
		     "INSERT INTO transitions (registration, from_state, to_state, actor, at, date, reason,"
		     " evidence) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) < 0)
		return rc;
	if ((rc = ds__stmt_bind_int(stmt, 1, id)) < 0 ||
	    (rc = from < 0 ? ds__stmt_bind_null(stmt, 2) : ds__stmt_bind_int(stmt, 2, from)) < 0 ||
	    (rc = ds__stmt_bind_int(stmt, 3, to)) < 0 || (rc = ds__stmt_bind_text_static(stmt, 4, actor)) < 0 ||
	    (rc = ds__stmt_bind_text_static(stmt, 5, utc)) < 0 || (rc = ds__stmt_bind_text_static(stmt, 6, date)) < 0 ||
	    (rc = ds__stmt_bind_text_static(stmt, 7, reason)) < 0 ||
	    (rc = ds__stmt_bind_text_static(stmt, 8, evidence)) < 0 || (rc = ds__stmt_step(stmt)) < 0)
		goto done;
	ds__stmt_finalize(stmt);
	stmt = NULL;
	for (attempt = 0; from >= 0; attempt++) {
		if (number && (rc = new_query_code(query)) < 0)
			goto done;
		if ((rc = ds__store_prepare(
			     &stmt, reg->store,
			     publicity_end ? "UPDATE registrations SET state = ?1, updated = ?2, publicity_start = ?4,"
					     " publicity_end = ?5 WHERE id = ?3" :
			     number	   ? "UPDATE registrations SET state = ?1, updated = ?2, registered = ?4,"
					     " certificate = ?5, query_code = ?6 WHERE id = ?3" :
					     "UPDATE registrations SET state = ?1, updated = ?2 WHERE id = ?3")) < 0 ||
		    (rc = ds__stmt_bind_int(stmt, 1, to)) < 0 || (rc = ds__stmt_bind_text_static(stmt, 2, utc)) < 0 ||
		    (rc = ds__stmt_bind_int(stmt, 3, id)) < 0 ||
		    (publicity_end && ((rc = ds__stmt_bind_text_static(stmt, 4, date)) < 0 ||
				       (rc = ds__stmt_bind_text_static(stmt, 5, publicity_end)) < 0)) ||
		    (number && ((rc = ds__stmt_bind_text_static(stmt, 4, date)) < 0 ||
				(rc = ds__stmt_bind_text_static(stmt, 5, number)) < 0 ||
				(rc = ds__stmt_bind_text_static(stmt, 6, query)) < 0)))
			goto done;
		if ((rc = ds__stmt_step(stmt)) >= 0)
			break;
		/* A query code taken already (31^16 codes: astronomically rare, but never a failure). */
		if (!number || !ds__stmt_constraint(stmt) || attempt == 3)
			goto done;
		ds__stmt_finalize(stmt);
		stmt = NULL;
	}
	{
		current_state *kept = kept_state(reg, id);
		if (kept && from >= 0) {
			kept->state = to;
			snprintf(kept->updated, sizeof kept->updated, "%s", utc);
			if (publicity_end)
				snprintf(kept->publicity_end, sizeof kept->publicity_end, "%s", publicity_end);
			if (number)
				snprintf(kept->certificate, sizeof kept->certificate, "%s", number);
		}
	}
	if (from >= 0)
		fields[n++] = (ds__registry_field){ "from", state_name(from), 0 };
	fields[n++] = (ds__registry_field){ "to", state_name(to), 0 };
	fields[n++] = (ds__registry_field){ "actor", actor, 0 };
	fields[n++] = (ds__registry_field){ "date", date, 0 };
	fields[n++] = (ds__registry_field){ "reason", reason, 0 };
	if (evidence)
		fields[n++] = (ds__registry_field){ "evidence", evidence, 0 };
	rc = ds__registry_emit_event(reg, "transition", id, utc, fields, n);
done:
	ds__stmt_finalize(stmt);
	return rc < 0 ? rc : DS_OK;
}

/* ---------------------------------------------------------------- applying */

/* The probe report and valuation result, each from one of a file, its text or
 * the library's object (version 2), as the text stored with the registration. */
static int read_objects(char **probe, char **valuation, const ds_registration_request *req, const char *title,
			const char *code, const char *date)
{
	static const char *const right_names[] = { "holding", "processing", "operation" };
	const char *probe_text = req->version >= 2 ? req->probe_xml : NULL,
		   *valuation_text = req->version >= 2 ? req->valuation_xml : NULL;
	const ds_probe *probe_object = req->version >= 2 ? req->probe : NULL;
	const ds_valuation *valuation_object = req->version >= 2 ? req->valuation : NULL;
	char *written = NULL;
	int rc;

	if ((req->probe_path != NULL) + (probe_text != NULL) + (probe_object != NULL) > 1)
		return ds__error_at(DS_EINVAL, 0, 0, "probe",
				    "give the probe report once: a file, its text or the object");
	if ((req->valuation_path != NULL) + (valuation_text != NULL) + (valuation_object != NULL) > 1)
		return ds__error_at(DS_EINVAL, 0, 0, "valuation",
				    "give the valuation once: a file, its text or the object");
	if (probe_object && (rc = ds_probe_to_xml(&written, probe_object)) < 0)
		return rc;
	rc = read_attachment(probe, req->probe_path, probe_object ? written : probe_text, "probe", PROBE_NS,
			     "probe report");
	ds_free(written);
	written = NULL;
	if (rc < 0)
		return rc;
	if (valuation_object) {
		ds_valuation_subject defaults = DS_VALUATION_SUBJECT_INIT;
		const ds_valuation_subject *subject = req->valuation_subject;
		if (!subject) {
			/* What the registration says, and the application date as 评估基准日. */
			defaults.name = title;
			defaults.code = code;
			defaults.right = right_names[req->right];
			defaults.base_date = date;
			defaults.kind = "income";
			subject = &defaults;
		}
		if ((rc = ds_valuation_to_xml(&written, valuation_object, subject)) < 0)
			goto fail;
	}
	rc = read_attachment(valuation, req->valuation_path, valuation_object ? written : valuation_text, "valuation",
			     VALUATION_NS, "valuation result");
	ds_free(written);
	if (rc >= 0)
		return DS_OK;
fail:
	ds__free(*probe);
	*probe = NULL;
	return rc;
}

static int subject_exists(ds_registry *reg, const char *code)
{
	ds__registry_cache *cache = ds__registry_cache_get(reg);
	ds__stmt *stmt = NULL;
	int rc;

	/* Subjects are never deleted: one found in this transaction is still there. */
	if (cache && strcmp(cache->subject, code) == 0)
		return DS_OK;
	if ((rc = ds__store_prepare(&stmt, reg->store, "SELECT 1 FROM subjects WHERE code = ?")) < 0)
		return rc;
	if ((rc = ds__stmt_bind_text(stmt, 1, code)) == DS_OK && (rc = ds__stmt_step(stmt)) == 0)
		rc = ds__error_at(DS_ENOTFOUND, 0, 0, "subject", "登记主体 %s is not registered", code);
	ds__stmt_finalize(stmt);
	if (rc > 0 && cache && strlen(code) < sizeof cache->subject)
		snprintf(cache->subject, sizeof cache->subject, "%s", code);
	return rc < 0 ? rc : DS_OK;
}

int ds_registry_apply(int64_t *id, ds_registry *reg, const ds_registration_request *req)
{
	char *subject = NULL, *entry = NULL, *probe = NULL, *valuation = NULL, *identifier = NULL, *title = NULL,
	     *scope = NULL, *term = NULL, *restrictions = NULL, *actor = NULL, *entry_id = NULL, *region = NULL,
	     *quality = NULL, utc[21], date[11];
	const char *final_id;
	ds__stmt *stmt = NULL;
	ds__registry_field fields[8];
	int64_t new_id = 0, when = 0;
	int rc, in_tx = 0, state, v2;

	if (!id || !reg || !req)
		return ds__error(DS_EINVAL, "registry: a result, a handle and a request are required");
	if (req->version < 1 || req->version > DS_REGISTRATION_REQUEST_VERSION)
		return ds__error(DS_EINVAL, "registration request: unknown version %u", req->version);
	v2 = req->version >= 2;
	if ((rc = ds_uscc_normalize(&subject, req->subject)) < 0)
		goto done;
	if ((unsigned)req->kind > DS_REG_IP || (unsigned)req->right > DS_RIGHT_OPERATING ||
	    (unsigned)req->type > DS_REG_CANCELLATION) {
		rc = ds__error_at(DS_EINVAL, 0, 0,
				  (unsigned)req->kind > DS_REG_IP	    ? "kind" :
				  (unsigned)req->right > DS_RIGHT_OPERATING ? "right" :
									      "type",
				  "registration: kind, right or type out of range");
		goto done;
	}
	if ((req->type == DS_REG_FIRST) != (req->changes == 0)) {
		rc = ds__error_at(DS_EINVAL, 0, 0, "changes",
				  req->type == DS_REG_FIRST ?
					  "a first registration (首次登记) changes no other registration" :
					  "a change, correction or cancellation names the registration it concerns");
		goto done;
	}
	if ((rc = ds__registry_text(&scope, req->scope, "scope", DS__REG_MAX_TEXT, 0, 1)) < 0 ||
	    (rc = ds__registry_text(&term, req->term, "term", DS__REG_MAX_NAME, 0, 0)) < 0 ||
	    (rc = ds__registry_text(&restrictions, req->restrictions, "restrictions", DS__REG_MAX_TEXT, 0, 1)) < 0 ||
	    (rc = ds__registry_text(&actor, req->actor ? req->actor : subject, "actor", DS__REG_MAX_NAME, 1, 0)) < 0 ||
	    (rc = ds__registry_text(&entry_id, req->entry_id, "entry_id", DS__REG_MAX_NAME, 0, 0)) < 0)
		goto done;
	if ((rc = request_time(&when, v2 ? req->time : NULL, req->at)) < 0)
		goto done;
	ds__registry_time(utc, date, when);
	if ((rc = read_entry(&entry, &identifier, &title, req)) < 0)
		goto done;
	final_id = entry_id ? entry_id : identifier;
	if ((rc = read_objects(&probe, &valuation, req, title, final_id, date)) < 0 ||
	    (rc = ds__registry_check_declared(req, probe)) < 0 ||
	    (v2 &&
	     ((rc = ds__registry_text(&region, req->coverage_region, "coverage_region", DS__REG_MAX_NAME, 0, 0)) < 0 ||
	      (rc = ds__registry_text(&quality, req->quality_summary, "quality_summary", DS__REG_MAX_TEXT, 0, 1)) < 0)))
		goto done;
	if ((rc = ds__store_begin(reg->store)) < 0)
		goto done;
	in_tx = 1;
	ds__registry_log_prefetch(reg);
	if ((rc = subject_exists(reg, subject)) < 0)
		goto done;
	if (req->changes) {
		if ((rc = ds__store_prepare(&stmt, reg->store,
					    "SELECT state, subject FROM registrations WHERE id = ?")) < 0 ||
		    (rc = ds__stmt_bind_int(stmt, 1, req->changes)) < 0 || (rc = ds__stmt_step(stmt)) < 0)
			goto done;
		if (rc == 0) {
			rc = ds__error_at(DS_ENOTFOUND, 0, 0, "changes", "registration %lld does not exist",
					  (long long)req->changes);
			goto done;
		}
		if (ds__stmt_int(stmt, 0) != DS_STATE_REGISTERED) {
			rc = ds__error_at(DS_ESTATE, 0, 0, "changes", "registration %lld is %s (%s), not registered",
					  (long long)req->changes, state_name((int)ds__stmt_int(stmt, 0)),
					  state_label((int)ds__stmt_int(stmt, 0)));
			goto done;
		}
		if (strcmp(ds__stmt_text(stmt, 1), subject) != 0) {
			rc = ds__error_at(DS_EINVAL, 0, 0, "changes", "registration %lld belongs to another registrant",
					  (long long)req->changes);
			goto done;
		}
		ds__stmt_finalize(stmt);
		stmt = NULL;
		/* A pledged right (pledge.md): no 注销 until released; a change only with every pledgee's consent. */
		if (req->type != DS_REG_CORRECTION &&
		    (rc = ds__registry_pledge_check(reg, req->changes,
						    req->type == DS_REG_CANCELLATION ? -1 : DS_PLEDGE_ACTION_CHANGE,
						    NULL)) < 0)
			goto done;
	}
	state = req->draft ? DS_STATE_DRAFT : DS_STATE_SUBMITTED;
	if ((rc = ds__store_prepare(&stmt, reg->store,
				    "INSERT INTO registrations (subject, kind, right_, type, changes, state, entry_id,"
				    " entry_title, entry_xml, scope, term, restrictions, applied, updated, probe_xml,"
				    " valuation_xml, scale_records, scale_fields, scale_bytes, coverage_region,"
				    " coverage_period, quality_summary)"
				    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) < 0)
		goto done;
	{
		/* Declared figures: NULL when not declared (0), and SQLite integers are signed. */
		const uint64_t figures[3] = { v2 ? req->scale_records : 0, v2 ? req->scale_fields : 0,
					      v2 ? req->scale_bytes : 0 };
		int k;
		for (k = 0; k < 3; k++)
			if (figures[k] > (uint64_t)INT64_MAX) {
				rc = ds__error_at(DS_EINVAL, 0, 0,
						  k == 0 ? "scale_records" :
						  k == 1 ? "scale_fields" :
							   "scale_bytes",
						  "declared scale is larger than %lld", (long long)INT64_MAX);
				goto done;
			}
		for (k = 0; k < 3 && rc >= 0; k++)
			rc = figures[k] ? ds__stmt_bind_int(stmt, 17 + k, (int64_t)figures[k]) :
					  ds__stmt_bind_null(stmt, 17 + k);
		if (rc < 0 || (rc = ds__stmt_bind_text(stmt, 20, region)) < 0 ||
		    (rc = ds__stmt_bind_text(stmt, 21, v2 ? req->coverage_period : NULL)) < 0 ||
		    (rc = ds__stmt_bind_text(stmt, 22, quality)) < 0)
			goto done;
	}
	if ((rc = ds__stmt_bind_text(stmt, 1, subject)) < 0 || (rc = ds__stmt_bind_int(stmt, 2, req->kind)) < 0 ||
	    (rc = ds__stmt_bind_int(stmt, 3, req->right)) < 0 || (rc = ds__stmt_bind_int(stmt, 4, req->type)) < 0 ||
	    (rc = req->changes ? ds__stmt_bind_int(stmt, 5, req->changes) : ds__stmt_bind_null(stmt, 5)) < 0 ||
	    (rc = ds__stmt_bind_int(stmt, 6, state)) < 0 || (rc = ds__stmt_bind_text(stmt, 7, final_id)) < 0 ||
	    (rc = ds__stmt_bind_text(stmt, 8, title)) < 0 || (rc = ds__stmt_bind_text_static(stmt, 9, entry)) < 0 ||
	    (rc = ds__stmt_bind_text(stmt, 10, scope)) < 0 || (rc = ds__stmt_bind_text(stmt, 11, term)) < 0 ||
	    (rc = ds__stmt_bind_text(stmt, 12, restrictions)) < 0 || (rc = ds__stmt_bind_text(stmt, 13, date)) < 0 ||
	    (rc = ds__stmt_bind_text(stmt, 14, utc)) < 0 || (rc = ds__stmt_bind_text_static(stmt, 15, probe)) < 0 ||
	    (rc = ds__stmt_bind_text_static(stmt, 16, valuation)) < 0 || (rc = ds__stmt_step(stmt)) < 0)
		goto done;
	ds__stmt_finalize(stmt);
	stmt = NULL;
	new_id = ds__store_last_id(reg->store);
	{
		current_state fresh;
		memset(&fresh, 0, sizeof fresh);
		fresh.state = state;
		fresh.kind = req->kind;
		fresh.type = req->type;
		fresh.changes = req->changes;
		snprintf(fresh.updated, sizeof fresh.updated, "%s", utc);
		keep_state(reg, new_id, &fresh);
	}
	fields[0] = (ds__registry_field){ "subject", subject, 0 };
	fields[1] = (ds__registry_field){ "kind", ds_registry_code_name(DS_CODE_KIND, req->kind), 0 };
	fields[2] = (ds__registry_field){ "right", ds_registry_code_name(DS_CODE_RIGHT, req->right), 0 };
	fields[3] = (ds__registry_field){ "type", ds_registry_code_name(DS_CODE_TYPE, req->type), 0 };
	fields[4] = (ds__registry_field){ "entry_id", final_id, 0 };
	fields[5] = (ds__registry_field){ "entry_title", title, 0 };
	fields[6] = (ds__registry_field){ "changes", NULL, req->changes };
	if ((rc = ds__registry_emit_event(reg, "application", new_id, utc, fields, 7)) < 0)
		goto done;
	if ((rc = record_transition(reg, new_id, -1, state, actor, utc, date, "application (申请)", NULL, NULL, NULL,
				    NULL)) < 0)
		goto done;
	in_tx = 0;
	if ((rc = ds__store_commit(reg->store)) < 0)
		goto done;
	*id = new_id;
done:
	ds__stmt_finalize(stmt);
	if (in_tx)
		ds__store_rollback(reg->store);
	ds__free(subject);
	ds__free(entry);
	ds__free(probe);
	ds__free(valuation);
	ds__free(identifier);
	ds__free(title);
	ds__free(scope);
	ds__free(term);
	ds__free(restrictions);
	ds__free(actor);
	ds__free(entry_id);
	ds__free(region);
	ds__free(quality);
	return rc;
}

/* ---------------------------------------------------------------- registering */

/* A query code: 16 characters of the credit code alphabet from the system's
 * random source, written in four groups. */
static int new_query_code(char out[20])
{
	unsigned char bytes[64];
	size_t used = 0;
	int n = 0;

	while (n < 16) {
		if (used == 0 || used == sizeof bytes) {
			if (getentropy(bytes, sizeof bytes) != 0)
				return ds__error(DS_EINTERNAL, "query code: the system's random source failed");
			used = 0;
		}
		/* 248 = 8 × 31: reject the rest so every character is equally likely. */
		if (bytes[used] < 248) {
			if (n && n % 4 == 0)
				*out++ = '-';
			*out++ = DS__USCC_ALPHABET[bytes[used] % 31];
			n++;
		}
		used++;
	}
	*out = '\0';
	return DS_OK;
}

/* Allocate the next certificate number for (year, kind) inside the caller's
 * IMMEDIATE transaction: the write lock makes it gap-free and duplicate-free
 * across processes, and a rollback returns the number. The counter row is
 * incremented by an UPDATE, and made by an INSERT the first time (nothing can
 * come between the two: the write lock is held). Not an upsert: on
 * PostgreSQL, INSERT ... ON CONFLICT DO UPDATE in a savepoint (each call of
 * a batch) locks the row before updating it, and PostgreSQL records lock and
 * update in a MultiXact on every version of the row, read again by each later
 * upsert: a tenth of the server's time in a batch of 1,000
 * (docs/performance.md, "Registry on PostgreSQL"). */
static int allocate_certificate(ds_registry *reg, int year, int kind, char number[25])
{
	ds__stmt *stmt = NULL;
	int64_t sequence = 0;
	int rc;

	if ((rc = ds__store_prepare(&stmt, reg->store,
				    "UPDATE certificate_sequences SET last = last + 1 WHERE year = ? AND kind = ?"
				    " RETURNING last")) < 0)
		return rc;
	if ((rc = ds__stmt_bind_int(stmt, 1, year)) < 0 || (rc = ds__stmt_bind_int(stmt, 2, kind)) < 0 ||
	    (rc = ds__stmt_step(stmt)) < 0)
		goto done;
	if (rc > 0) {
		sequence = ds__stmt_int(stmt, 0);
		while (ds__stmt_step(stmt) > 0)
			;
	} else {
		ds__stmt_finalize(stmt);
		stmt = NULL;
		if ((rc = ds__store_prepare(&stmt, reg->store,
					    "INSERT INTO certificate_sequences (year, kind, last) VALUES (?, ?, 1)")) <
		    0)
			return rc;
		if ((rc = ds__stmt_bind_int(stmt, 1, year)) < 0 || (rc = ds__stmt_bind_int(stmt, 2, kind)) < 0 ||
		    (rc = ds__stmt_step(stmt)) < 0)
			goto done;
		sequence = 1;
	}
	rc = ds__certificate_number(number, reg->region, year, kind, sequence);
done:
	ds__stmt_finalize(stmt);
	return rc;
}

static int load_state(ds_registry *reg, int64_t id, current_state *cur)
{
	ds__stmt *stmt = NULL;
	const current_state *kept = kept_state(reg, id);
	const char *text;
	int rc;

	/* A batch's transitions read back the row the previous call wrote. */
	if (kept) {
		*cur = *kept;
		return DS_OK;
	}
	if ((rc = ds__store_prepare(&stmt, reg->store,
				    "SELECT state, kind, type, changes, updated, publicity_end, certificate"
				    " FROM registrations WHERE id = ?")) < 0)
		return rc;
	if ((rc = ds__stmt_bind_int(stmt, 1, id)) < 0 || (rc = ds__stmt_step(stmt)) < 0)
		goto done;
	if (rc == 0) {
		rc = ds__error(DS_ENOTFOUND, "registration %lld does not exist", (long long)id);
		goto done;
	}
	memset(cur, 0, sizeof *cur);
	cur->state = (int)ds__stmt_int(stmt, 0);
	cur->kind = (int)ds__stmt_int(stmt, 1);
	cur->type = (int)ds__stmt_int(stmt, 2);
	cur->changes = ds__stmt_int(stmt, 3);
	snprintf(cur->updated, sizeof cur->updated, "%s", ds__stmt_text(stmt, 4));
	if ((text = ds__stmt_text(stmt, 5)))
		snprintf(cur->publicity_end, sizeof cur->publicity_end, "%s", text);
	if ((text = ds__stmt_text(stmt, 6)))
		snprintf(cur->certificate, sizeof cur->certificate, "%s", text);
	keep_state(reg, id, cur);
	rc = DS_OK;
done:
	ds__stmt_finalize(stmt);
	return rc;
}

/* After the transition to REGISTERED, which wrote certificate @number (allocated
 * in this transaction) and the query code into the row. */
static int do_register(ds_registry *reg, int64_t id, current_state *cur, const char *actor, const char *utc,
		       const char *date, int64_t at, const char *why, const char *number)
{
	static const int superseded[] = { 0, DS_STATE_CHANGED, DS_STATE_CORRECTED, DS_STATE_CANCELLED };
	char reason[128];
	ds__registry_field fields[3];
	current_state old;
	int rc;

	fields[0] = (ds__registry_field){ "certificate", number, 0 };
	fields[1] = (ds__registry_field){ "kind", ds_registry_code_name(DS_CODE_KIND, cur->kind), 0 };
	fields[2] = (ds__registry_field){ "date", date, 0 };
	if ((rc = ds__registry_emit_event(reg, "certificate", id, utc, fields, 3)) < 0)
		return rc;
	/* 注销 ends the rights: a certificate would present them as registered.
	 * The registration it cancels gets a signed cancellation record instead (below). */
	if (cur->type != DS_REG_CANCELLATION && (rc = ds__registry_issue_certificate(reg, id, utc, at)) < 0)
		return rc;
	if (cur->type == DS_REG_FIRST)
		return DS_OK;
	/* A change, correction or cancellation, once registered, supersedes the registration it concerns. */
	if ((rc = load_state(reg, cur->changes, &old)) < 0)
		return rc;
	if (old.state != DS_STATE_REGISTERED)
		return ds__error(DS_ESTATE, "registration %lld, which this one %s, is %s (%s), no longer registered",
				 (long long)cur->changes, cur->type == DS_REG_CANCELLATION ? "cancels" : "changes",
				 state_name(old.state), state_label(old.state));
	/* Pledged meanwhile (pledge.md): checked again, the consents used, the pledges moved to the new registration. */
	if (cur->type != DS_REG_CORRECTION &&
	    (rc = ds__registry_pledge_check(
		     reg, cur->changes, cur->type == DS_REG_CANCELLATION ? -1 : DS_PLEDGE_ACTION_CHANGE, number)) < 0)
		return rc;
	if (cur->type != DS_REG_CANCELLATION && (rc = ds__registry_pledge_follow(reg, cur->changes, id)) < 0)
		return rc;
	snprintf(reason, sizeof reason, "superseded by registration %lld (certificate %s)", (long long)id, number);
	if ((rc = record_transition(reg, cur->changes, DS_STATE_REGISTERED, superseded[cur->type], actor, utc, date,
				    reason, NULL, NULL, NULL, NULL)) < 0)
		return rc;
	if (cur->type == DS_REG_CANCELLATION)
		return ds__registry_issue_cancellation(reg, cur->changes, id, number, utc, date, at, why);
	return DS_OK;
}

int ds_registry_advance(ds_registry *reg, int64_t id, ds_reg_state to, const ds_transition_request *t)
{
	char *actor = NULL, *reason = NULL, *evidence = NULL, utc[21], date[11], end[11], number[25], query[20];
	current_state cur;
	int64_t at;
	int rc, in_tx = 0;

	if (!reg || !t)
		return ds__error(DS_EINVAL, "registry: a handle and a transition are required");
	if (t->version < 1 || t->version > DS_TRANSITION_REQUEST_VERSION)
		return ds__error(DS_EINVAL, "transition request: unknown version %u", t->version);
	if ((unsigned)to > DS_STATE_CANCELLED)
		return ds__error_at(DS_EINVAL, 0, 0, "to", "state %d is not a workflow state", (int)to);
	if ((rc = ds__registry_text(&actor, t->actor, "actor", DS__REG_MAX_NAME, 1, 0)) < 0 ||
	    (rc = ds__registry_text(&reason, t->reason, "reason", DS__REG_MAX_TEXT, 1, 1)) < 0 ||
	    (rc = ds__registry_text(&evidence, t->evidence, "evidence", DS__REG_MAX_TEXT, 0, 1)) < 0)
		goto done;
	if ((rc = request_time(&at, t->version >= 2 ? t->time : NULL, t->at)) < 0)
		goto done;
	ds__registry_time(utc, date, at);
	/* A transition that signs reads the key file before taking the write lock. */
	if ((to == DS_STATE_REGISTERED || to == DS_STATE_CANCELLED) && (rc = ds__registry_signing_key_prepare(reg)) < 0)
		goto done;
	if ((rc = ds__registry_issue_settle(reg)) < 0 || (rc = ds__store_begin(reg->store)) < 0)
		goto done;
	in_tx = 1;
	ds__registry_log_prefetch(reg);
	if (to == DS_STATE_REGISTERED || to == DS_STATE_CANCELLED)
		ds__registry_signing_key_ahead(reg);
	if ((rc = load_state(reg, id, &cur)) < 0)
		goto done;
	if (!legal((ds_reg_state)cur.state, to)) {
		rc = ds__error_at(DS_ESTATE, 0, 0, "to", "registration %lld: cannot go from %s (%s) to %s (%s)",
				  (long long)id, state_name(cur.state), state_label(cur.state), state_name(to),
				  state_label(to));
		goto done;
	}
	if (strcmp(utc, cur.updated) < 0) {
		rc = ds__error_at(DS_ESTATE, 0, 0, "at", "registration %lld: %s is before its last transition at %s",
				  (long long)id, utc, cur.updated);
		goto done;
	}
	if (to == DS_STATE_PUBLICITY && (rc = ds__registry_add_working_days(reg, date, reg->publicity_days, end)) < 0)
		goto done;
	/* Compliance (compliance.c): the assessment on file decides whether 公示 may start. */
	if (to == DS_STATE_PUBLICITY && (rc = ds__registry_compliance_gate(reg, id, cur.kind)) < 0)
		goto done;
	/* 注销 of a pledged right is refused until every pledge is released (pledge.md). */
	if (to == DS_STATE_CANCELLED && (rc = ds__registry_pledge_check(reg, id, -1, NULL)) < 0)
		goto done;
	if (to == DS_STATE_REGISTERED && strcmp(date, cur.publicity_end) <= 0) {
		rc = ds__error_at(DS_ESTATE, 0, 0, "at",
				  "registration %lld: 公示 (publicity) runs until %s; register after it", (long long)id,
				  cur.publicity_end);
		goto done;
	}
	/* The certificate number, gap-free: a rollback of this transaction returns it. */
	if (to == DS_STATE_REGISTERED && (rc = allocate_certificate(reg, atoi(date), cur.kind, number)) < 0)
		goto done;
	if ((rc = record_transition(reg, id, cur.state, to, actor, utc, date, reason, evidence,
				    to == DS_STATE_PUBLICITY ? end : NULL, to == DS_STATE_REGISTERED ? number : NULL,
				    query)) < 0)
		goto done;
	if (to == DS_STATE_REGISTERED && (rc = do_register(reg, id, &cur, actor, utc, date, at, reason, number)) < 0)
		goto done;
	/* 注销 directly (REGISTERED → CANCELLED): the signed cancellation record, in this transaction. */
	if (to == DS_STATE_CANCELLED &&
	    (rc = ds__registry_issue_cancellation(reg, id, 0, NULL, utc, date, at, reason)) < 0)
		goto done;
	in_tx = 0;
	rc = ds__store_commit(reg->store);
done:
	if (in_tx)
		ds__store_rollback(reg->store);
	ds__free(actor);
	ds__free(reason);
	ds__free(evidence);
	return rc;
}
