/*
 * 质押: pledges of registered data rights (docs/pledge.md). The pledge record
 * and its versions, the workflow, the review checks, the effect on the
 * pledged registration (ds__registry_pledge_check, called by the workflow
 * and trades), consent, enforcement, the distribution of proceeds by
 * priority (民法典 arts. 414, 438), and the signed 质押登记证明.
 * SPDX-License-Identifier: MIT
 */
#include "config.h"

#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "certificate/certificate_internal.h"
#include "internal/xml.h"
#include "registry_internal.h"

#define PLEDGE_NS "urn:datasset:pledge:1"
/* The certificate_sequences kind of pledge numbers (the letter Z). */
#define PLEDGE_SEQUENCE_KIND 90
/* 民法典 art. 389: the scope when the parties agreed no other. */
#define DEFAULT_SCOPE "主债权及利息、违约金、损害赔偿金和保管质押财产、实现质权的费用（民法典第三百八十九条）"
#define STATEMENT_SELF "质权自登记之日起设立"
#define STATEMENT_EXTERNAL "本登记为登记机构记载事项，质权的物权效力以法定登记机构登记为准"

static const char *const state_en[] = { "draft",     "submitted", "accepted", "review",	  "active", "rejected",
					"withdrawn", "enforcing", "enforced", "released", "lapsed" };
static const char *const state_zh[] = { "草稿", "申请", "受理",	  "审查", "登记", "不予登记",
					"撤回", "实现", "已实现", "注销", "失效" };
static const char *const action_en[] = { "transfer", "licence", "change" };
static const char *const action_zh[] = { "转移", "许可", "变更" };
#define N_STATES ((int)(sizeof state_en / sizeof state_en[0]))

const char *ds_pledge_state_name(ds_pledge_state state)
{
	return (int)state >= 0 && (int)state < N_STATES ? state_en[state] : NULL;
}

const char *ds_pledge_state_label(ds_pledge_state state)
{
	return (int)state >= 0 && (int)state < N_STATES ? state_zh[state] : NULL;
}

int ds_pledge_state_parse(ds_pledge_state *out, const char *text)
{
	int i;

	if (!out || !text)
		return ds__error(DS_EINVAL, "pledge state: a name is required");
	for (i = 0; i < N_STATES; i++)
		if (strcmp(text, state_en[i]) == 0 || strcmp(text, state_zh[i]) == 0) {
			*out = (ds_pledge_state)i;
			return DS_OK;
		}
	return ds__error_at(
		DS_EINVAL, 0, 0, "state",
		"unknown pledge state '%s' (valid: draft submitted accepted review active rejected withdrawn "
		"enforcing enforced released lapsed, or the Chinese names)",
		text);
}

int ds_pledge_action_parse(ds_pledge_action *out, const char *text)
{
	int i;

	if (!out || !text)
		return ds__error(DS_EINVAL, "pledge action: a name is required");
	for (i = 0; i < 3; i++)
		if (strcmp(text, action_en[i]) == 0 || strcmp(text, action_zh[i]) == 0) {
			*out = (ds_pledge_action)i;
			return DS_OK;
		}
	return ds__error_at(DS_EINVAL, 0, 0, "action",
			    "unknown action '%s' (valid: transfer licence change, or 转移 许可 变更)", text);
}

int ds_pledge_request_init(ds_pledge_request *req, unsigned int version)
{
	ds_pledge_request defaults = DS_PLEDGE_REQUEST_INIT;

	if (!req || version != DS_PLEDGE_REQUEST_VERSION)
		return ds__error(DS_EINVAL, "pledge request: unknown version %u", version);
	*req = defaults;
	return DS_OK;
}

int ds__registry_pledge_event(const char *type)
{
	return strncmp(type, "PLEDGE_", 7) == 0 || strcmp(type, "CONSENT_RECORDED") == 0 ||
	       strcmp(type, "PROCEEDS_APPLIED") == 0 || strcmp(type, "ENFORCEMENT_STARTED") == 0 ||
	       strcmp(type, "pledge_document") == 0;
}

/* ---------------------------------------------------------------- helpers */

/* When a request happens (as workflow.c's): ISO 8601 @time, or @at, or now. */
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

static int check_date(const char *text, const char *field, int required)
{
	ds__date d;

	if (!text) {
		if (required)
			return ds__error_at(DS_EINVAL, 0, 0, field, "%s is required (YYYY-MM-DD)", field);
		return DS_OK;
	}
	if (strlen(text) != 10 || ds__date_parse(&d, text) < 0)
		return ds__error_at(DS_EINVAL, 0, 0, field, "%s: '%s' is not a date YYYY-MM-DD", field, text);
	return DS_OK;
}

static int copy_text(char **out, ds__stmt *stmt, int column)
{
	const char *text = ds__stmt_text(stmt, column);

	*out = NULL;
	if (!text)
		return DS_OK;
	return (*out = ds__strdup(text)) ? DS_OK : ds__enomem();
}

/* The pledge row's facts, read inside a transaction. */
typedef struct pledge_row {
	int64_t id, registration;
	int version, state, paid_rank;
	char *number, *pledgor, *pledgee, *pledgee_kind, *debtor, *claim_type, *principal, *maximum, *scope,
		*debt_start, *due_date, *main_contract, *pledge_contract, *external_system, *external_number,
		*external_time, *perfected, *claim, *paid, *reasons, *applied, *registered, *updated;
} pledge_row;

#define PLEDGE_COLUMNS                                                                                             \
	"id, registration, version, state, paid_rank, number, pledgor, pledgee, pledgee_kind, debtor, claim_type," \
	" principal, maximum, scope, debt_start, due_date, main_contract, pledge_contract, external_system,"       \
	" external_number, external_time, perfected, claim, paid, reasons, applied, registered, updated"

/* The row's text fields, in the order of the SELECT (row_read) and of disposal. */
#define ROW_TEXTS 23
static void row_texts(char **texts[ROW_TEXTS], pledge_row *p)
{
	char **all[] = { &p->number,
			 &p->pledgor,
			 &p->pledgee,
			 &p->pledgee_kind,
			 &p->debtor,
			 &p->claim_type,
			 &p->principal,
			 &p->maximum,
			 &p->scope,
			 &p->debt_start,
			 &p->due_date,
			 &p->main_contract,
			 &p->pledge_contract,
			 &p->external_system,
			 &p->external_number,
			 &p->external_time,
			 &p->perfected,
			 &p->claim,
			 &p->paid,
			 &p->reasons,
			 &p->applied,
			 &p->registered,
			 &p->updated };
	_Static_assert(sizeof all == sizeof(char **) * ROW_TEXTS, "ROW_TEXTS counts the fields");
	memcpy(texts, all, sizeof all);
}

static void row_dispose(pledge_row *p)
{
	char **texts[ROW_TEXTS];
	size_t i;

	row_texts(texts, p);
	for (i = 0; i < sizeof texts / sizeof texts[0]; i++)
		ds__free(*texts[i]);
	memset(p, 0, sizeof *p);
}

static int row_read(pledge_row *p, ds__stmt *stmt)
{
	char **texts[ROW_TEXTS];
	size_t i;
	int rc;

	memset(p, 0, sizeof *p);
	p->id = ds__stmt_int(stmt, 0);
	p->registration = ds__stmt_int(stmt, 1);
	p->version = (int)ds__stmt_int(stmt, 2);
	p->state = (int)ds__stmt_int(stmt, 3);
	p->paid_rank = (int)ds__stmt_int(stmt, 4);
	row_texts(texts, p);
	for (i = 0; i < sizeof texts / sizeof texts[0]; i++)
		if ((rc = copy_text(texts[i], stmt, (int)i + 5)) < 0) {
			row_dispose(p);
			return rc;
		}
	return DS_OK;
}

static int load_pledge(pledge_row *p, ds_registry *reg, int64_t id)
{
	ds__stmt *stmt = NULL;
	int rc;

	if ((rc = ds__store_prepare(&stmt, reg->store, "SELECT " PLEDGE_COLUMNS " FROM pledges WHERE id = ?")) < 0)
		return rc;
	if ((rc = ds__stmt_bind_int(stmt, 1, id)) < 0 || (rc = ds__stmt_step(stmt)) < 0)
		goto done;
	if (rc == 0) {
		rc = ds__error_at(DS_ENOTFOUND, 0, 0, "id", "pledge %lld does not exist", (long long)id);
		goto done;
	}
	rc = row_read(p, stmt);
done:
	ds__stmt_finalize(stmt);
	return rc;
}

/* The pledged registration's facts. */
typedef struct reg_facts {
	int state, right, kind;
	char *subject, *subject_name, *entry_id, *entry_title, *entry_xml, *scope, *term, *restrictions, *certificate;
	int subject_type;
} reg_facts;

static void facts_dispose(reg_facts *f)
{
	ds__free(f->subject);
	ds__free(f->subject_name);
	ds__free(f->entry_id);
	ds__free(f->entry_title);
	ds__free(f->entry_xml);
	ds__free(f->scope);
	ds__free(f->term);
	ds__free(f->restrictions);
	ds__free(f->certificate);
	memset(f, 0, sizeof *f);
}

static int load_facts(reg_facts *f, ds_registry *reg, int64_t id)
{
	ds__stmt *stmt = NULL;
	int rc;

	memset(f, 0, sizeof *f);
	if ((rc = ds__store_prepare(&stmt, reg->store,
				    "SELECT r.state, r.right_, r.kind, r.subject, s.name, r.entry_id, r.entry_title,"
				    " r.entry_xml, r.scope, r.term, r.restrictions, r.certificate, s.type"
				    " FROM registrations r JOIN subjects s ON s.code = r.subject WHERE r.id = ?")) < 0)
		return rc;
	if ((rc = ds__stmt_bind_int(stmt, 1, id)) < 0 || (rc = ds__stmt_step(stmt)) < 0)
		goto done;
	if (rc == 0) {
		rc = ds__error_at(DS_ENOTFOUND, 0, 0, "registration", "registration %lld does not exist",
				  (long long)id);
		goto done;
	}
	f->state = (int)ds__stmt_int(stmt, 0);
	f->right = (int)ds__stmt_int(stmt, 1);
	f->kind = (int)ds__stmt_int(stmt, 2);
	f->subject_type = (int)ds__stmt_int(stmt, 12);
	if ((rc = copy_text(&f->subject, stmt, 3)) < 0 || (rc = copy_text(&f->subject_name, stmt, 4)) < 0 ||
	    (rc = copy_text(&f->entry_id, stmt, 5)) < 0 || (rc = copy_text(&f->entry_title, stmt, 6)) < 0 ||
	    (rc = copy_text(&f->entry_xml, stmt, 7)) < 0 || (rc = copy_text(&f->scope, stmt, 8)) < 0 ||
	    (rc = copy_text(&f->term, stmt, 9)) < 0 || (rc = copy_text(&f->restrictions, stmt, 10)) < 0 ||
	    (rc = copy_text(&f->certificate, stmt, 11)) < 0)
		goto done;
	rc = DS_OK;
done:
	ds__stmt_finalize(stmt);
	if (rc < 0)
		facts_dispose(f);
	return rc;
}

/* A subject's name and type (1) or DS_ENOTFOUND naming @field. */
static int subject_facts(char **name, int *type, ds_registry *reg, const char *code, const char *field)
{
	ds__stmt *stmt = NULL;
	int rc;

	if ((rc = ds__store_prepare(&stmt, reg->store, "SELECT name, type FROM subjects WHERE code = ?")) < 0)
		return rc;
	if ((rc = ds__stmt_bind_text(stmt, 1, code)) < 0 || (rc = ds__stmt_step(stmt)) < 0)
		goto done;
	if (rc == 0) {
		rc = ds__error_at(DS_ENOTFOUND, 0, 0, field, "%s: 登记主体 %s is not registered", field, code);
		goto done;
	}
	if (type)
		*type = (int)ds__stmt_int(stmt, 1);
	rc = name ? copy_text(name, stmt, 0) : DS_OK;
done:
	ds__stmt_finalize(stmt);
	return rc;
}

static int policy(ds_registry *reg, int *statutory_self, int *allow_subsequent)
{
	ds__stmt *stmt = NULL;
	int rc;

	*statutory_self = 0;
	*allow_subsequent = 1;
	if ((rc = ds__store_prepare(&stmt, reg->store,
				    "SELECT statutory_self, allow_subsequent FROM pledge_policy WHERE id = 1")) < 0)
		return rc;
	if ((rc = ds__stmt_step(stmt)) > 0) {
		*statutory_self = (int)ds__stmt_int(stmt, 0);
		*allow_subsequent = (int)ds__stmt_int(stmt, 1);
	}
	ds__stmt_finalize(stmt);
	return rc < 0 ? rc : DS_OK;
}

/* ---------------------------------------------------------------- the record */

static void party(ds__xml_writer *w, const char *element, const char *name, const char *code, const char *kind)
{
	ds__xmlw_start(w, element);
	if (kind)
		ds__xmlw_attr(w, "kind", kind);
	ds__xmlw_element(w, "name", name);
	ds__xmlw_element(w, "creditCode", code);
	ds__xmlw_end(w);
}

/* The record (urn:datasset:pledge:1) of pledge @p as it stands, validated. */
static int write_record(char **out, ds_registry *reg, const pledge_row *p)
{
	static const char *const rights[] = { "holding", "processing", "operating" };
	static const char *const subject_kinds[] = { "unspecified", "agency", "institution", "enterprise", "other" };
	ds__xml_writer w;
	reg_facts f;
	ds__stmt *stmt = NULL;
	char *pledgee_name = NULL, *debtor_name = NULL, *text = NULL;
	int rc, type = 0;
	xmlDocPtr doc = NULL;

	memset(&w, 0, sizeof w);
	if ((rc = load_facts(&f, reg, p->registration)) < 0)
		return rc;
	if ((rc = subject_facts(&pledgee_name, NULL, reg, p->pledgee, "pledgee")) < 0 ||
	    (p->debtor && (rc = subject_facts(&debtor_name, NULL, reg, p->debtor, "debtor")) < 0))
		goto done;
	if ((rc = subject_facts(NULL, &type, reg, p->pledgor, "pledgor")) < 0)
		goto done;
	if ((rc = ds__xmlw_begin(&w, "pledge", PLEDGE_NS)) < 0)
		goto done;
	ds__xmlw_attrf(&w, "version", "%d", p->version);
	ds__xmlw_attrf(&w, "id", "%lld", (long long)p->id);
	ds__xmlw_attr(&w, "state", state_en[p->state]);
	ds__xmlw_attr(&w, "updated", p->updated);
	if (p->number)
		ds__xmlw_element(&w, "pledgeNo", p->number);
	ds__xmlw_start(&w, "registration");
	ds__xmlw_attrf(&w, "id", "%lld", (long long)p->registration);
	ds__xmlw_attr(&w, "right", rights[f.right]);
	if (f.certificate)
		ds__xmlw_element(&w, "certificate", f.certificate);
	ds__xmlw_element(&w, "objectName", f.entry_title);
	ds__xmlw_element(&w, "objectCode", f.entry_id);
	if (f.scope)
		ds__xmlw_element(&w, "scope", f.scope);
	ds__xmlw_end(&w);
	{
		/* The pledgor's name: a registrant's. */
		char *pledgor_name = NULL;
		if ((rc = subject_facts(&pledgor_name, NULL, reg, p->pledgor, "pledgor")) < 0)
			goto done;
		party(&w, "pledgor", pledgor_name, p->pledgor, subject_kinds[type >= 0 && type <= 4 ? type : 0]);
		ds__free(pledgor_name);
	}
	party(&w, "pledgee", pledgee_name, p->pledgee, p->pledgee_kind);
	if (p->debtor)
		party(&w, "debtor", debtor_name, p->debtor, NULL);
	ds__xmlw_start(&w, "claim");
	ds__xmlw_attr(&w, "principal", p->principal);
	if (p->maximum)
		ds__xmlw_attr(&w, "maximum", p->maximum);
	if (p->claim)
		ds__xmlw_attr(&w, "enforced", p->claim);
	ds__xmlw_element(&w, "type", p->claim_type);
	ds__xmlw_element(&w, "scope", p->scope);
	ds__xmlw_end(&w);
	ds__xmlw_start(&w, "terms");
	if (p->debt_start)
		ds__xmlw_attr(&w, "debtStart", p->debt_start);
	ds__xmlw_attr(&w, "dueDate", p->due_date);
	ds__xmlw_end(&w);
	if (p->main_contract || p->pledge_contract) {
		ds__xmlw_start(&w, "contracts");
		if (p->main_contract)
			ds__xmlw_attr(&w, "main", p->main_contract);
		if (p->pledge_contract)
			ds__xmlw_attr(&w, "pledge", p->pledge_contract);
		ds__xmlw_end(&w);
	}
	if (p->external_system) {
		ds__xmlw_start(&w, "externalRegistration");
		ds__xmlw_attr(&w, "system", p->external_system);
		if (p->external_number)
			ds__xmlw_attr(&w, "number", p->external_number);
		if (p->external_time)
			ds__xmlw_attr(&w, "time", p->external_time);
		ds__xmlw_end(&w);
	}
	if (p->perfected)
		ds__xmlw_element(&w, "perfectionTime", p->perfected);
	if ((rc = ds__store_prepare(
		     &stmt, reg->store,
		     "SELECT action, at, actor, used_by FROM pledge_consents WHERE pledge = ? ORDER BY id")) < 0 ||
	    (rc = ds__stmt_bind_int(stmt, 1, p->id)) < 0)
		goto done;
	while ((rc = ds__stmt_step(stmt)) > 0) {
		int action = (int)ds__stmt_int(stmt, 0);
		ds__xmlw_start(&w, "consent");
		ds__xmlw_attr(&w, "action", action >= 0 && action < 3 ? action_en[action] : "?");
		ds__xmlw_attr(&w, "at", ds__stmt_text(stmt, 1));
		ds__xmlw_attr(&w, "by", ds__stmt_text(stmt, 2));
		if (ds__stmt_text(stmt, 3))
			ds__xmlw_attr(&w, "used", ds__stmt_text(stmt, 3));
		ds__xmlw_end(&w);
	}
	if (rc < 0)
		goto done;
	if (p->paid) {
		ds_decimal *claim = NULL, *paid = NULL;
		char *shortfall = NULL;
		if ((rc = ds_decimal_new(&claim)) >= 0 && (rc = ds_decimal_new(&paid)) >= 0 &&
		    (rc = ds_decimal_parse(claim, p->claim, 0)) >= 0 &&
		    (rc = ds_decimal_parse(paid, p->paid, 0)) >= 0 && (rc = ds_decimal_sub(claim, claim, paid)) >= 0)
			rc = ds_decimal_to_string_scaled(&shortfall, claim, 2, DS_ROUND_HALF_UP, 0);
		ds_decimal_free(claim);
		ds_decimal_free(paid);
		if (rc < 0)
			goto done;
		ds__xmlw_start(&w, "proceeds");
		ds__xmlw_attr(&w, "paid", p->paid);
		ds__xmlw_attr(&w, "shortfall", shortfall);
		ds__xmlw_attrf(&w, "rank", "%d", p->paid_rank);
		ds__xmlw_end(&w);
		ds__free(shortfall);
	}
	if (p->reasons)
		ds__xmlw_element(&w, "reasons", p->reasons);
	if ((rc = ds__xmlw_finish(&text, &w)) < 0)
		goto done;
	/* What was written must be a valid record. */
	if ((rc = ds__xml_load_memory(&doc, text, strlen(text), "pledge", "pledge.xsd")) < 0)
		goto done;
	*out = text;
	text = NULL;
done:
	xmlFreeDoc(doc);
	ds__stmt_finalize(stmt);
	ds__xmlw_dispose(&w);
	facts_dispose(&f);
	ds__free(pledgee_name);
	ds__free(debtor_name);
	ds__free(text);
	return rc;
}

/* Record version @p->version + 1 (the transition @from → @to, -1: the
 * creation) after the row was updated to @to: the record, the version row,
 * the version counter, the event @type. */
static int record_version(ds_registry *reg, int64_t id, int from, int to, const char *type, const char *actor,
			  const char *utc, const char *date, const char *reason, const char *evidence,
			  const ds__registry_field *extra, size_t extra_count)
{
	pledge_row p;
	ds__stmt *stmt = NULL;
	ds__registry_field fields[16];
	char *record = NULL;
	size_t n = 0, i;
	int rc;

	if ((rc = load_pledge(&p, reg, id)) < 0)
		return rc;
	p.version = from < 0 ? 1 : p.version + 1;
	if ((rc = write_record(&record, reg, &p)) < 0)
		goto done;
	if ((rc = ds__store_prepare(
		     &stmt, reg->store,
		     "INSERT INTO pledge_versions (pledge, version, from_state, to_state, actor, at, date,"
		     " reason, evidence, record) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) < 0 ||
	    (rc = ds__stmt_bind_int(stmt, 1, id)) < 0 || (rc = ds__stmt_bind_int(stmt, 2, p.version)) < 0 ||
	    (rc = from < 0 ? ds__stmt_bind_null(stmt, 3) : ds__stmt_bind_int(stmt, 3, from)) < 0 ||
	    (rc = ds__stmt_bind_int(stmt, 4, to)) < 0 || (rc = ds__stmt_bind_text(stmt, 5, actor)) < 0 ||
	    (rc = ds__stmt_bind_text(stmt, 6, utc)) < 0 || (rc = ds__stmt_bind_text(stmt, 7, date)) < 0 ||
	    (rc = ds__stmt_bind_text(stmt, 8, reason)) < 0 || (rc = ds__stmt_bind_text(stmt, 9, evidence)) < 0 ||
	    (rc = ds__stmt_bind_text(stmt, 10, record)) < 0 || (rc = ds__stmt_step(stmt)) < 0)
		goto done;
	ds__stmt_finalize(stmt);
	stmt = NULL;
	if ((rc = ds__store_prepare(&stmt, reg->store, "UPDATE pledges SET version = ? WHERE id = ?")) < 0 ||
	    (rc = ds__stmt_bind_int(stmt, 1, p.version)) < 0 || (rc = ds__stmt_bind_int(stmt, 2, id)) < 0 ||
	    (rc = ds__stmt_step(stmt)) < 0)
		goto done;
	fields[n++] = (ds__registry_field){ "pledge", NULL, id };
	fields[n++] = (ds__registry_field){ "version", NULL, p.version };
	if (from >= 0)
		fields[n++] = (ds__registry_field){ "from", state_en[from], 0 };
	fields[n++] = (ds__registry_field){ "to", state_en[to], 0 };
	fields[n++] = (ds__registry_field){ "actor", actor, 0 };
	fields[n++] = (ds__registry_field){ "date", date, 0 };
	fields[n++] = (ds__registry_field){ "reason", reason, 0 };
	if (evidence)
		fields[n++] = (ds__registry_field){ "evidence", evidence, 0 };
	if (p.number)
		fields[n++] = (ds__registry_field){ "pledge_no", p.number, 0 };
	for (i = 0; i < extra_count && n < sizeof fields / sizeof fields[0]; i++)
		fields[n++] = extra[i];
	rc = ds__registry_emit_event(reg, type, p.registration, utc, fields, n);
done:
	ds__stmt_finalize(stmt);
	ds__free(record);
	row_dispose(&p);
	return rc;
}

/* ---------------------------------------------------------------- applying */

static int amount_text(char **out, const ds_decimal *amount, const char *field)
{
	int rc;

	if ((rc = ds__registry_amount(out, amount)) < 0) {
		char prefix[64];
		snprintf(prefix, sizeof prefix, "%s: ", field);
		ds_error_last(); /* the message names "amount": say which */
		ds__error_prefix(prefix);
	}
	return rc;
}

int ds_registry_pledge_add(int64_t *id, ds_registry *reg, const ds_pledge_request *req)
{
	char *pledgor = NULL, *pledgee = NULL, *debtor = NULL, *claim_type = NULL, *principal = NULL, *maximum = NULL,
	     *scope = NULL, *main_contract = NULL, *pledge_contract = NULL, *ext_system = NULL, *ext_number = NULL,
	     *actor = NULL, utc[21], date[11], ext_utc[21], ext_date[11];
	const char *kind;
	ds__stmt *stmt = NULL;
	int64_t when = 0, ext_at = 0, new_id = 0;
	int rc, in_tx = 0, state;

	if (!reg || !req)
		return ds__error(DS_EINVAL, "registry: a handle and a pledge request are required");
	if (req->version != DS_PLEDGE_REQUEST_VERSION)
		return ds__error(DS_EINVAL, "pledge request: unknown version %u", req->version);
	if (req->registration < 1)
		return ds__error_at(DS_EINVAL, 0, 0, "registration", "the pledged registration is required");
	if ((rc = ds_uscc_normalize(&pledgor, req->pledgor)) < 0) {
		ds__error_prefix("pledgor: ");
		goto done;
	}
	if ((rc = ds_uscc_normalize(&pledgee, req->pledgee)) < 0) {
		ds__error_prefix("pledgee: ");
		goto done;
	}
	if (strcmp(pledgor, pledgee) == 0) {
		rc = ds__error_at(DS_EINVAL, 0, 0, "pledgee", "pledgee and pledgor are the same registrant %s",
				  pledgor);
		goto done;
	}
	if (req->debtor && (rc = ds_uscc_normalize(&debtor, req->debtor)) < 0) {
		ds__error_prefix("debtor: ");
		goto done;
	}
	kind = req->pledgee_kind ? req->pledgee_kind : "lender";
	if (strcmp(kind, "bank") != 0 && strcmp(kind, "lender") != 0) {
		rc = ds__error_at(DS_EINVAL, 0, 0, "pledgee_kind", "pledgee kind '%s' is neither bank nor lender",
				  kind);
		goto done;
	}
	if ((rc = ds__registry_text(&claim_type, req->claim_type, "claim_type", DS__REG_MAX_NAME, 1, 0)) < 0 ||
	    (rc = amount_text(&principal, req->principal, "principal")) < 0 ||
	    (req->maximum && (rc = amount_text(&maximum, req->maximum, "maximum")) < 0) ||
	    (rc = ds__registry_text(&scope, req->scope ? req->scope : DEFAULT_SCOPE, "scope", DS__REG_MAX_TEXT, 1, 1)) <
		    0 ||
	    (rc = check_date(req->debt_start, "debt_start", 0)) < 0 ||
	    (rc = check_date(req->due_date, "due_date", 1)) < 0 ||
	    (rc = ds__registry_text(&main_contract, req->main_contract, "main_contract", DS__REG_MAX_NAME, 0, 0)) < 0 ||
	    (rc = ds__registry_text(&pledge_contract, req->pledge_contract, "pledge_contract", DS__REG_MAX_NAME, 0,
				    0)) < 0 ||
	    (rc = ds__registry_text(&ext_system, req->external_system, "external_system", DS__REG_MAX_NAME, 0, 0)) <
		    0 ||
	    (rc = ds__registry_text(&ext_number, req->external_number, "external_number", DS__REG_MAX_NAME, 0, 0)) <
		    0 ||
	    (rc = ds__registry_text(&actor, req->actor ? req->actor : pledgor, "actor", DS__REG_MAX_NAME, 1, 0)) < 0)
		goto done;
	if (req->debt_start && strcmp(req->debt_start, req->due_date) > 0) {
		rc = ds__error_at(DS_EINVAL, 0, 0, "due_date", "due date %s is before the debt's start %s",
				  req->due_date, req->debt_start);
		goto done;
	}
	if (maximum && req->principal && ds_decimal_cmp(req->principal, req->maximum) > 0) {
		rc = ds__error_at(DS_EINVAL, 0, 0, "maximum", "principal %s is above the maximum amount %s", principal,
				  maximum);
		goto done;
	}
	if ((ext_number || req->external_time) && !ext_system) {
		rc = ds__error_at(DS_EINVAL, 0, 0, "external_system",
				  "an external registration number or time needs its system (e.g. 统一登记系统)");
		goto done;
	}
	if (req->external_time) {
		if ((rc = ds_time_parse(&ext_at, req->external_time)) < 0) {
			ds__error_prefix("external_time: ");
			goto done;
		}
		ds__registry_time(ext_utc, ext_date, ext_at);
	}
	if ((rc = request_time(&when, req->time, req->at)) < 0)
		goto done;
	ds__registry_time(utc, date, when);
	if ((rc = ds__store_begin(reg->store)) < 0)
		goto done;
	in_tx = 1;
	{
		reg_facts f;
		if ((rc = load_facts(&f, reg, req->registration)) < 0)
			goto done;
		facts_dispose(&f);
	}
	if ((rc = subject_facts(NULL, NULL, reg, pledgor, "pledgor")) < 0 ||
	    (rc = subject_facts(NULL, NULL, reg, pledgee, "pledgee")) < 0 ||
	    (debtor && (rc = subject_facts(NULL, NULL, reg, debtor, "debtor")) < 0))
		goto done;
	state = req->draft ? DS_PLEDGE_DRAFT : DS_PLEDGE_SUBMITTED;
	if ((rc = ds__store_prepare(
		     &stmt, reg->store,
		     "INSERT INTO pledges (registration, version, state, pledgor, pledgee, pledgee_kind,"
		     " debtor, claim_type, principal, maximum, scope, debt_start, due_date, main_contract,"
		     " pledge_contract, external_system, external_number, external_time, applied, updated)"
		     " VALUES (?, 0, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) < 0)
		goto done;
	if ((rc = ds__stmt_bind_int(stmt, 1, req->registration)) < 0 || (rc = ds__stmt_bind_int(stmt, 2, state)) < 0 ||
	    (rc = ds__stmt_bind_text(stmt, 3, pledgor)) < 0 || (rc = ds__stmt_bind_text(stmt, 4, pledgee)) < 0 ||
	    (rc = ds__stmt_bind_text(stmt, 5, kind)) < 0 || (rc = ds__stmt_bind_text(stmt, 6, debtor)) < 0 ||
	    (rc = ds__stmt_bind_text(stmt, 7, claim_type)) < 0 || (rc = ds__stmt_bind_text(stmt, 8, principal)) < 0 ||
	    (rc = ds__stmt_bind_text(stmt, 9, maximum)) < 0 || (rc = ds__stmt_bind_text(stmt, 10, scope)) < 0 ||
	    (rc = ds__stmt_bind_text(stmt, 11, req->debt_start)) < 0 ||
	    (rc = ds__stmt_bind_text(stmt, 12, req->due_date)) < 0 ||
	    (rc = ds__stmt_bind_text(stmt, 13, main_contract)) < 0 ||
	    (rc = ds__stmt_bind_text(stmt, 14, pledge_contract)) < 0 ||
	    (rc = ds__stmt_bind_text(stmt, 15, ext_system)) < 0 ||
	    (rc = ds__stmt_bind_text(stmt, 16, ext_number)) < 0 ||
	    (rc = ds__stmt_bind_text(stmt, 17, req->external_time ? ext_utc : NULL)) < 0 ||
	    (rc = ds__stmt_bind_text(stmt, 18, date)) < 0 || (rc = ds__stmt_bind_text(stmt, 19, utc)) < 0)
		goto done;
	if ((rc = ds__stmt_step(stmt)) < 0) {
		if (ds__stmt_constraint(stmt))
			rc = ds__error_at(
				DS_EEXISTS, 0, 0, "pledge_contract",
				"pledge contract '%s' is already recorded for registration %lld: the right was "
				"pledged under it by another application",
				pledge_contract ? pledge_contract : "", (long long)req->registration);
		goto done;
	}
	new_id = ds__store_last_id(reg->store);
	ds__stmt_finalize(stmt);
	stmt = NULL;
	{
		ds__registry_field extra[3] = { { "pledgor", pledgor, 0 },
						{ "pledgee", pledgee, 0 },
						{ "principal", principal, 0 } };
		if ((rc = record_version(reg, new_id, -1, state, "PLEDGE_SUBMITTED", actor, utc, date,
					 "application (申请)", NULL, extra, 3)) < 0)
			goto done;
	}
	in_tx = 0;
	if ((rc = ds__store_commit(reg->store)) < 0)
		goto done;
	if (id)
		*id = new_id;
done:
	ds__stmt_finalize(stmt);
	if (in_tx)
		ds__store_rollback(reg->store);
	ds__free(pledgor);
	ds__free(pledgee);
	ds__free(debtor);
	ds__free(claim_type);
	ds__free(principal);
	ds__free(maximum);
	ds__free(scope);
	ds__free(main_contract);
	ds__free(pledge_contract);
	ds__free(ext_system);
	ds__free(ext_number);
	ds__free(actor);
	return rc;
}

/* ---------------------------------------------------------------- transitions */

/* pledge.md, "Workflow"; ACTIVE, REJECTED, ENFORCING and ENFORCED have their own calls. */
static int legal(int from, int to)
{
	switch (from) {
	case DS_PLEDGE_DRAFT: return to == DS_PLEDGE_SUBMITTED;
	case DS_PLEDGE_SUBMITTED: return to == DS_PLEDGE_ACCEPTED || to == DS_PLEDGE_WITHDRAWN;
	case DS_PLEDGE_ACCEPTED: return to == DS_PLEDGE_REVIEW || to == DS_PLEDGE_WITHDRAWN;
	case DS_PLEDGE_REVIEW: return to == DS_PLEDGE_ACTIVE || to == DS_PLEDGE_REJECTED || to == DS_PLEDGE_WITHDRAWN;
	case DS_PLEDGE_ACTIVE:
		return to == DS_PLEDGE_ENFORCING || to == DS_PLEDGE_RELEASED || to == DS_PLEDGE_LAPSED ||
		       to == DS_PLEDGE_ACTIVE;
	case DS_PLEDGE_ENFORCING: return to == DS_PLEDGE_ENFORCED || to == DS_PLEDGE_RELEASED;
	default: return 0;
	}
}

static const char *event_of(int to)
{
	switch (to) {
	case DS_PLEDGE_SUBMITTED: return "PLEDGE_SUBMITTED";
	case DS_PLEDGE_WITHDRAWN: return "PLEDGE_WITHDRAWN";
	case DS_PLEDGE_REJECTED: return "PLEDGE_REJECTED";
	case DS_PLEDGE_ACTIVE: return "PLEDGE_REGISTERED";
	case DS_PLEDGE_ENFORCING: return "ENFORCEMENT_STARTED";
	case DS_PLEDGE_RELEASED: return "PLEDGE_RELEASED";
	case DS_PLEDGE_LAPSED: return "PLEDGE_LAPSED";
	case DS_PLEDGE_ENFORCED: return "PROCEEDS_APPLIED";
	default: return "PLEDGE_CHANGED"; /* accepted, review: steps of the workflow */
	}
}

/* The transition request's clean fields and time. */
typedef struct trans {
	char *actor, *reason, *evidence;
	char utc[21], date[11];
	int64_t at;
} trans;

static void trans_dispose(trans *t)
{
	ds__free(t->actor);
	ds__free(t->reason);
	ds__free(t->evidence);
}

static int trans_read(trans *out, const ds_transition_request *t)
{
	int rc;

	memset(out, 0, sizeof *out);
	if (!t)
		return ds__error(DS_EINVAL, "registry: a transition is required");
	if (t->version < 1 || t->version > DS_TRANSITION_REQUEST_VERSION)
		return ds__error(DS_EINVAL, "transition request: unknown version %u", t->version);
	if ((rc = ds__registry_text(&out->actor, t->actor, "actor", DS__REG_MAX_NAME, 1, 0)) < 0 ||
	    (rc = ds__registry_text(&out->reason, t->reason, "reason", DS__REG_MAX_TEXT, 1, 1)) < 0 ||
	    (rc = ds__registry_text(&out->evidence, t->evidence, "evidence", DS__REG_MAX_TEXT, 0, 1)) < 0 ||
	    (rc = request_time(&out->at, t->version >= 2 ? t->time : NULL, t->at)) < 0) {
		trans_dispose(out);
		return rc;
	}
	ds__registry_time(out->utc, out->date, out->at);
	return DS_OK;
}

/* Set the pledge's state (and @sql_extra's columns: "col = ?" binds @a, @b). */
static int set_state(ds_registry *reg, int64_t id, int to, const char *utc, const char *sql_extra, const char *a,
		     const char *b)
{
	ds__stmt *stmt = NULL;
	char sql[512];
	int rc, k = 3;

	snprintf(sql, sizeof sql, "UPDATE pledges SET state = ?, updated = ?%s%s WHERE id = ?", sql_extra ? ", " : "",
		 sql_extra ? sql_extra : "");
	if ((rc = ds__store_prepare(&stmt, reg->store, sql)) < 0)
		return rc;
	if ((rc = ds__stmt_bind_int(stmt, 1, to)) < 0 || (rc = ds__stmt_bind_text(stmt, 2, utc)) < 0)
		goto done;
	if (sql_extra && (rc = ds__stmt_bind_text(stmt, k++, a)) < 0)
		goto done;
	if (sql_extra && strchr(strchr(sql_extra, '?') + 1, '?') && (rc = ds__stmt_bind_text(stmt, k++, b)) < 0)
		goto done;
	if ((rc = ds__stmt_bind_int(stmt, k, id)) < 0 || (rc = ds__stmt_step(stmt)) < 0)
		goto done;
	rc = DS_OK;
done:
	ds__stmt_finalize(stmt);
	return rc;
}

/* Open the transaction, load the pledge and check the transition. */
static int begin_transition(pledge_row *p, ds_registry *reg, int64_t id, int to, const trans *t)
{
	int rc;

	if ((rc = ds__registry_issue_settle(reg)) < 0 || (rc = ds__store_begin(reg->store)) < 0)
		return rc;
	if ((rc = load_pledge(p, reg, id)) < 0)
		goto fail;
	if (!legal(p->state, to)) {
		rc = ds__error_at(DS_ESTATE, 0, 0, "to", "pledge %lld: cannot go from %s (%s) to %s (%s)",
				  (long long)id, state_en[p->state], state_zh[p->state], state_en[to], state_zh[to]);
		goto fail;
	}
	if (strcmp(t->utc, p->updated) < 0) {
		rc = ds__error_at(DS_ESTATE, 0, 0, "at", "pledge %lld: %s is before its last transition at %s",
				  (long long)id, t->utc, p->updated);
		goto fail;
	}
	return DS_OK;
fail:
	row_dispose(p);
	ds__store_rollback(reg->store);
	return rc;
}

int ds_registry_pledge_advance(ds_registry *reg, int64_t id, ds_pledge_state to, const ds_transition_request *t)
{
	pledge_row p;
	trans tr;
	int rc;

	if (!reg)
		return ds__error(DS_EINVAL, "registry: a handle is required");
	if ((int)to < 0 || (int)to >= N_STATES)
		return ds__error_at(DS_EINVAL, 0, 0, "to", "state %d is not a pledge state", (int)to);
	if ((rc = trans_read(&tr, t)) < 0)
		return rc;
	if (to == DS_PLEDGE_ACTIVE || to == DS_PLEDGE_REJECTED || to == DS_PLEDGE_ENFORCING ||
	    to == DS_PLEDGE_ENFORCED) {
		rc = ds__error_at(DS_ESTATE, 0, 0, "to", "pledge %lld: %s (%s) is reached by %s, not by advancing",
				  (long long)id, state_en[to], state_zh[to],
				  to == DS_PLEDGE_ENFORCING ? "ds_registry_pledge_enforce (pledge enforce)" :
				  to == DS_PLEDGE_ENFORCED  ? "ds_registry_pledge_distribute (pledge distribute)" :
							      "ds_registry_pledge_review (pledge review)");
		goto out;
	}
	if ((rc = begin_transition(&p, reg, id, to, &tr)) < 0)
		goto out;
	/* pledge.md, "Release": the pledgor alone only with a judgment or notarised proof of extinction. */
	if (to == DS_PLEDGE_RELEASED && strcmp(tr.actor, p.pledgor) == 0 && !tr.evidence) {
		rc = ds__error_at(DS_EINVAL, 0, 0, "evidence",
				  "pledge %lld: the pledgor alone applies for release only with a court judgment or "
				  "notarised proof that the claim is extinguished (give it as evidence)",
				  (long long)id);
		goto fail;
	}
	if ((rc = set_state(reg, id, to, tr.utc, NULL, NULL, NULL)) < 0 ||
	    (rc = record_version(reg, id, p.state, to, event_of(to), tr.actor, tr.utc, tr.date, tr.reason, tr.evidence,
				 NULL, 0)) < 0)
		goto fail;
	rc = ds__store_commit(reg->store);
	row_dispose(&p);
	goto out;
fail:
	row_dispose(&p);
	ds__store_rollback(reg->store);
out:
	trans_dispose(&tr);
	return rc;
}

/* ---------------------------------------------------------------- review */

/* The validity end of a registration's term "START/END" (or NULL). */
static int term_end(char end[11], const char *term)
{
	const char *slash = term ? strchr(term, '/') : NULL;
	ds__date d;

	end[0] = '\0';
	if (!slash || strlen(slash + 1) != 10 || ds__date_parse(&d, slash + 1) < 0)
		return 0;
	memcpy(end, slash + 1, 11);
	return 1;
}

static int count_sql(int64_t *n, ds_registry *reg, const char *sql, int64_t a, int64_t b)
{
	ds__stmt *stmt = NULL;
	int rc;

	if ((rc = ds__store_prepare(&stmt, reg->store, sql)) < 0)
		return rc;
	if ((rc = ds__stmt_bind_int(stmt, 1, a)) >= 0 && (rc = ds__stmt_bind_int(stmt, 2, b)) >= 0 &&
	    (rc = ds__stmt_step(stmt)) > 0) {
		*n = ds__stmt_int(stmt, 0);
		rc = DS_OK;
	}
	ds__stmt_finalize(stmt);
	return rc < 0 ? rc : DS_OK;
}

/* pledge.md "Checks at review": every failing check appended to @why. */
static int review_checks(ds__buf *why, ds_registry *reg, const pledge_row *p, const char *today)
{
	reg_facts f;
	char end[11];
	int64_t n = 0;
	int rc, statutory_self, allow_subsequent, type = 0;

	if ((rc = load_facts(&f, reg, p->registration)) < 0)
		return rc;
	if ((rc = policy(reg, &statutory_self, &allow_subsequent)) < 0 ||
	    (rc = subject_facts(NULL, &type, reg, p->pledgor, "pledgor")) < 0)
		goto done;
	/* 1: 著作权质权登记办法 art. 12(1); 专利权质押登记办法 refusal (1). */
	if (strcmp(f.subject, p->pledgor) != 0)
		ds__buf_printf(why,
			       "check 1: the pledgor %s is not the holder of the pledged right (registration %lld is "
			       "held by %s)\n",
			       p->pledgor, (long long)p->registration, f.subject);
	/* 2: the registration is REGISTERED and its term not ended. */
	if (f.state != DS_STATE_REGISTERED)
		ds__buf_printf(why, "check 2: registration %lld is %s (%s), not registered\n",
			       (long long)p->registration, ds_registry_code_name(DS_CODE_STATE, f.state),
			       ds_registry_code_label(DS_CODE_STATE, f.state));
	else if (term_end(end, f.term) && strcmp(end, today) < 0)
		ds__buf_printf(why, "check 2: the right lapsed: registration %lld's term ended on %s\n",
			       (long long)p->registration, end);
	/* 3: the debt's due date within the registration's validity. */
	if (term_end(end, f.term) && strcmp(p->due_date, end) > 0)
		ds__buf_printf(why,
			       "check 3: the debt is due %s, after the registration's validity ends on %s (renew "
			       "the registration first)\n",
			       p->due_date, end);
	/* 4: an open 异议 on it (a change or cancellation of it in OBJECTION). */
	if ((rc = count_sql(&n, reg, "SELECT COUNT(*) FROM registrations WHERE changes = ? AND state = ?",
			    p->registration, DS_STATE_OBJECTION)) < 0)
		goto done;
	if (n)
		ds__buf_printf(why, "check 4: an objection (异议) on registration %lld is open\n",
			       (long long)p->registration);
	/* 6: 财资〔2024〕1号, 财资〔2024〕167号. */
	if (type == DS_SUBJECT_AGENCY || type == DS_SUBJECT_INSTITUTION)
		ds__buf_printf(why,
			       "check 6: the pledgor %s is a %s: 行政事业单位 may not use data assets as security "
			       "(财资〔2024〕1号, 财资〔2024〕167号)\n",
			       p->pledgor, ds_registry_code_label(DS_CODE_SUBJECT_TYPE, type));
	/* 8: a right restricted against transfer cannot be pledged (民法典 arts. 426, 440). */
	if (f.restrictions && (strstr(f.restrictions, "不得转让") || strstr(f.restrictions, "禁止转让")))
		ds__buf_printf(why,
			       "check 8: the right may not be transferred under its registration's restrictions "
			       "(%s), so it cannot be pledged\n",
			       f.restrictions);
	/* 9: 民法典 art. 427: the contract's identifiers. */
	if (!p->main_contract || !p->pledge_contract)
		ds__buf_printf(why, "check 9: the %s contract is not identified (民法典 art. 427)\n",
			       !p->main_contract ? "main" : "pledge");
	/* 11: a further pledge when the policy refuses one. */
	if (!allow_subsequent) {
		if ((rc = count_sql(&n, reg,
				    "SELECT COUNT(*) FROM pledges WHERE registration = ? AND state IN (4, 7)"
				    " AND id <> ?",
				    p->registration, p->id)) < 0)
			goto done;
		if (n)
			ds__buf_printf(why,
				       "check 11: registration %lld is already pledged and the policy refuses a "
				       "further pledge\n",
				       (long long)p->registration);
	}
	rc = why->oom ? ds__enomem() : DS_OK;
done:
	facts_dispose(&f);
	return rc;
}

/* Build the 质押登记证明 of pledge @p (number allocated, ACTIVE) and log it. */
static int issue_certificate(ds_registry *reg, const pledge_row *p, const trans *t, int statutory_self)
{
	static const char *const rights[] = { "holding", "processing", "operating" };
	const ds_key *key = NULL;
	ds__certificate_builder b;
	reg_facts f;
	char *pledgor_name = NULL, *pledgee_name = NULL, *debtor_name = NULL, *fingerprint = NULL, *key_id = NULL,
	     *words = NULL, *text = NULL;
	ds_certificate *cert = NULL;
	xmlDocPtr doc = NULL;
	ds__date d;
	int rc;

	memset(&b, 0, sizeof b);
	if ((rc = ds__registry_pledge_key(&key, reg, p->id)) < 0)
		return rc;
	if ((rc = load_facts(&f, reg, p->registration)) < 0)
		return rc;
	if ((rc = subject_facts(&pledgor_name, NULL, reg, p->pledgor, "pledgor")) < 0 ||
	    (rc = subject_facts(&pledgee_name, NULL, reg, p->pledgee, "pledgee")) < 0 ||
	    (p->debtor && (rc = subject_facts(&debtor_name, NULL, reg, p->debtor, "debtor")) < 0) ||
	    (rc = ds__registry_fingerprint(&fingerprint, f.entry_xml, ds_key_hash_alg(key))) < 0 ||
	    (rc = ds_key_id(&key_id, key)) < 0 || (rc = ds__date_parse(&d, t->date)) < 0 ||
	    (rc = ds_date_to_words(&words, d.year, d.month, d.day)) < 0)
		goto done;
	if (!f.certificate) {
		rc = ds__error(DS_ESTATE, "registration %lld has no certificate number", (long long)p->registration);
		goto done;
	}
	if ((b.rc = ds__xmlw_begin(&b.w, "pledgeCertificate", DS__CERTIFICATE_NS)) < 0) {
		rc = b.rc;
		goto done;
	}
	ds__xmlw_attr(&b.w, "version", "1");
	ds__xmlw_element(&b.w, "pledgeNo", p->number);
	ds__xmlw_start(&b.w, "pledgor");
	ds__certificate_text_element(&b, "name", pledgor_name, "pledgor/name");
	ds__xmlw_element(&b.w, "creditCode", p->pledgor);
	ds__xmlw_end(&b.w);
	ds__xmlw_start(&b.w, "pledgee");
	ds__xmlw_attr(&b.w, "kind", p->pledgee_kind);
	ds__certificate_text_element(&b, "name", pledgee_name, "pledgee/name");
	ds__xmlw_element(&b.w, "creditCode", p->pledgee);
	ds__xmlw_end(&b.w);
	if (p->debtor) {
		ds__xmlw_start(&b.w, "debtor");
		ds__certificate_text_element(&b, "name", debtor_name, "debtor/name");
		ds__xmlw_element(&b.w, "creditCode", p->debtor);
		ds__xmlw_end(&b.w);
	}
	ds__xmlw_start(&b.w, "pledged");
	ds__xmlw_attr(&b.w, "right", rights[f.right]);
	ds__xmlw_attrf(&b.w, "registration", "%lld", (long long)p->registration);
	ds__xmlw_element(&b.w, "certificate", f.certificate);
	ds__certificate_text_element(&b, "objectName", f.entry_title, "pledged/objectName");
	ds__certificate_text_element(&b, "objectCode", f.entry_id, "pledged/objectCode");
	ds__xmlw_element(&b.w, "fingerprint", fingerprint);
	ds__xmlw_end(&b.w);
	ds__xmlw_start(&b.w, "claim");
	ds__xmlw_attr(&b.w, "principal", p->principal);
	ds__xmlw_attr(&b.w, "currency", "CNY");
	ds__xmlw_attr(&b.w, "dueDate", p->due_date);
	ds__certificate_text_element(&b, "type", p->claim_type, "claim/type");
	ds__certificate_text_element(&b, "scope", p->scope, "claim/scope");
	ds__xmlw_end(&b.w);
	if (p->external_system) {
		ds__xmlw_start(&b.w, "externalRegistration");
		ds__xmlw_attr(&b.w, "system", p->external_system);
		if (p->external_time)
			ds__xmlw_attr(&b.w, "time", p->external_time);
		ds__xmlw_text(&b.w, p->external_number ? p->external_number : "未提供 (no number given)");
		ds__xmlw_end(&b.w);
	}
	ds__xmlw_start(&b.w, "dates");
	ds__xmlw_attr(&b.w, "registration", t->date);
	ds__xmlw_element(&b.w, "registrationInWords", words);
	ds__xmlw_end(&b.w);
	/* 担保制度解释 art. 63: the legal effect stated honestly. */
	ds__xmlw_element(&b.w, "statement", statutory_self ? STATEMENT_SELF : STATEMENT_EXTERNAL);
	ds__xmlw_start(&b.w, "registry");
	ds__certificate_text_attr(&b, "name", reg->name, "registry/name");
	ds__xmlw_attr(&b.w, "keyId", key_id);
	ds__xmlw_attr(&b.w, "algorithm", ds__sig_alg_name(ds_key_alg(key)));
	ds__xmlw_attr(&b.w, "digest", ds_key_hash_alg(key) == DS_HASH_SM3 ? "sm3" : "sha256");
	ds__xmlw_end(&b.w);
	if (b.rc == DS_OK)
		b.rc = ds__xmlw_finish(&text, &b.w);
	if ((rc = b.rc) < 0)
		goto done;
	if ((rc = ds__xml_load_memory(&doc, text, strlen(text), "pledgeCertificate", "certificate.xsd")) < 0)
		goto done;
	if ((rc = ds__certificate_wrap(&cert, doc)) < 0)
		goto done;
	doc = NULL;
	rc = ds__registry_issue_pledge_document(reg, cert, p->registration, p->id, p->number, t->utc, t->at, key);
	cert = NULL;
done:
	ds__xmlw_dispose(&b.w);
	xmlFreeDoc(doc);
	ds_certificate_free(cert);
	facts_dispose(&f);
	ds__free(pledgor_name);
	ds__free(pledgee_name);
	ds__free(debtor_name);
	ds__free(fingerprint);
	ds__free(key_id);
	ds__free(words);
	ds__free(text);
	return rc;
}

int ds_registry_pledge_review(int *passed, ds_registry *reg, int64_t id, const ds_transition_request *t)
{
	ds__buf why = DS__BUF_INIT;
	pledge_row p;
	trans tr;
	int rc, statutory_self = 0, allow_subsequent = 1;

	if (!reg)
		return ds__error(DS_EINVAL, "registry: a handle is required");
	if ((rc = trans_read(&tr, t)) < 0)
		return rc;
	/* The pledge certificate is signed: the key file is read before the lock. */
	if ((rc = ds__registry_signing_key_prepare(reg)) < 0)
		goto out;
	if ((rc = begin_transition(&p, reg, id, DS_PLEDGE_ACTIVE, &tr)) < 0)
		goto out;
	if (p.state != DS_PLEDGE_REVIEW) {
		rc = ds__error_at(DS_ESTATE, 0, 0, "id",
				  "pledge %lld is %s (%s): only a pledge in review (审查) is reviewed", (long long)id,
				  state_en[p.state], state_zh[p.state]);
		goto fail;
	}
	if ((rc = review_checks(&why, reg, &p, tr.date)) < 0 ||
	    (rc = policy(reg, &statutory_self, &allow_subsequent)) < 0)
		goto fail;
	if (why.len) {
		/* Any failure: REJECTED with every reason. */
		why.data[--why.len] = '\0';
		if ((rc = set_state(reg, id, DS_PLEDGE_REJECTED, tr.utc, "reasons = ?", why.data, NULL)) < 0 ||
		    (rc = record_version(reg, id, p.state, DS_PLEDGE_REJECTED, "PLEDGE_REJECTED", tr.actor, tr.utc,
					 tr.date, why.data, tr.evidence, NULL, 0)) < 0)
			goto fail;
	} else {
		ds__stmt *stmt = NULL;
		char number[25];
		int64_t sequence = 0;
		/* The number: gap-free per (year, Z) under the write lock, as certificate numbers. */
		if ((rc = ds__store_prepare(
			     &stmt, reg->store,
			     "INSERT INTO certificate_sequences (year, kind, last) VALUES (?, ?, 1)"
			     " ON CONFLICT (year, kind) DO UPDATE SET last = certificate_sequences.last + 1"
			     " RETURNING last")) < 0)
			goto fail;
		if ((rc = ds__stmt_bind_int(stmt, 1, atoi(tr.date))) >= 0 &&
		    (rc = ds__stmt_bind_int(stmt, 2, PLEDGE_SEQUENCE_KIND)) >= 0 && (rc = ds__stmt_step(stmt)) >= 0) {
			sequence = ds__stmt_int(stmt, 0);
			while (ds__stmt_step(stmt) > 0)
				;
		}
		ds__stmt_finalize(stmt);
		if (rc < 0 || (rc = ds__pledge_number_format(number, reg->region, atoi(tr.date), sequence)) < 0)
			goto fail;
		/* perfection_time: the statutory registration's, or the registry's own under statutory_registry = self. */
		if ((rc = set_state(reg, id, DS_PLEDGE_ACTIVE, tr.utc, "number = ?, registered = ?", number, tr.date)) <
			    0 ||
		    (rc = set_state(reg, id, DS_PLEDGE_ACTIVE, tr.utc, "perfected = ?",
				    statutory_self ? tr.utc : p.external_time, NULL)) < 0)
			goto fail;
		ds__free(p.number);
		p.number = ds__strdup(number);
		ds__free(p.perfected);
		p.perfected = NULL;
		if (!p.number) {
			rc = ds__enomem();
			goto fail;
		}
		if ((rc = record_version(reg, id, p.state, DS_PLEDGE_ACTIVE, "PLEDGE_REGISTERED", tr.actor, tr.utc,
					 tr.date, tr.reason, tr.evidence, NULL, 0)) < 0 ||
		    (rc = issue_certificate(reg, &p, &tr, statutory_self)) < 0)
			goto fail;
	}
	if ((rc = ds__store_commit(reg->store)) < 0)
		goto freed;
	if (passed)
		*passed = why.len == 0;
	goto freed;
fail:
	ds__store_rollback(reg->store);
freed:
	row_dispose(&p);
out:
	ds__buf_dispose(&why);
	trans_dispose(&tr);
	return rc;
}

/* ---------------------------------------------------------------- changes */

int ds_registry_pledge_change(ds_registry *reg, int64_t id, const ds_pledge_request *changes,
			      const ds_transition_request *t)
{
	char *principal = NULL, *maximum = NULL, *pledgee = NULL, end[11];
	const char *kind = NULL;
	ds__buf what = DS__BUF_INIT;
	pledge_row p;
	reg_facts f;
	trans tr;
	int rc;

	if (!reg || !changes)
		return ds__error(DS_EINVAL, "registry: a handle and the changes are required");
	if (changes->version != DS_PLEDGE_REQUEST_VERSION)
		return ds__error(DS_EINVAL, "pledge request: unknown version %u", changes->version);
	if (changes->registration || changes->pledgor || changes->debtor || changes->claim_type || changes->scope ||
	    changes->debt_start || changes->main_contract || changes->pledge_contract || changes->external_system ||
	    changes->external_number || changes->external_time || changes->draft || changes->actor || changes->time ||
	    changes->at)
		return ds__error_at(DS_EINVAL, 0, 0, "changes",
				    "a pledge change sets only principal, maximum, due_date and pledgee "
				    "(with pledgee_kind); the time and actor come with the transition");
	if (!changes->principal && !changes->maximum && !changes->due_date && !changes->pledgee)
		return ds__error_at(DS_EINVAL, 0, 0, "changes", "a pledge change changes something");
	if (changes->pledgee_kind && !changes->pledgee)
		return ds__error_at(DS_EINVAL, 0, 0, "pledgee_kind", "pledgee_kind changes with the pledgee");
	if ((changes->principal && (rc = amount_text(&principal, changes->principal, "principal")) < 0) ||
	    (changes->maximum && (rc = amount_text(&maximum, changes->maximum, "maximum")) < 0) ||
	    (changes->due_date && (rc = check_date(changes->due_date, "due_date", 1)) < 0))
		goto early;
	if (changes->pledgee) {
		if ((rc = ds_uscc_normalize(&pledgee, changes->pledgee)) < 0) {
			ds__error_prefix("pledgee: ");
			goto early;
		}
		kind = changes->pledgee_kind ? changes->pledgee_kind : "lender";
		if (strcmp(kind, "bank") != 0 && strcmp(kind, "lender") != 0) {
			rc = ds__error_at(DS_EINVAL, 0, 0, "pledgee_kind",
					  "pledgee kind '%s' is neither bank nor lender", kind);
			goto early;
		}
	}
	if ((rc = trans_read(&tr, t)) < 0)
		goto early;
	if ((rc = begin_transition(&p, reg, id, DS_PLEDGE_ACTIVE, &tr)) < 0)
		goto out;
	if (p.state != DS_PLEDGE_ACTIVE) {
		rc = ds__error_at(DS_ESTATE, 0, 0, "id", "pledge %lld is %s (%s): only an active pledge changes",
				  (long long)id, state_en[p.state], state_zh[p.state]);
		goto fail;
	}
	if (pledgee && ((rc = subject_facts(NULL, NULL, reg, pledgee, "pledgee")) < 0))
		goto fail;
	if (pledgee && strcmp(pledgee, p.pledgor) == 0) {
		rc = ds__error_at(DS_EINVAL, 0, 0, "pledgee", "pledgee and pledgor are the same registrant %s",
				  pledgee);
		goto fail;
	}
	{
		const char *max = maximum ? maximum : p.maximum, *prin = principal ? principal : p.principal;
		if (max) {
			ds_decimal *a = NULL, *b = NULL;
			int over = 0;
			if ((rc = ds_decimal_new(&a)) >= 0 && (rc = ds_decimal_new(&b)) >= 0 &&
			    (rc = ds_decimal_parse(a, prin, 0)) >= 0 && (rc = ds_decimal_parse(b, max, 0)) >= 0)
				over = ds_decimal_cmp(a, b) > 0;
			ds_decimal_free(a);
			ds_decimal_free(b);
			if (rc < 0)
				goto fail;
			if (over) {
				rc = ds__error_at(DS_EINVAL, 0, 0, "principal",
						  "principal %s is above the maximum amount %s", prin, max);
				goto fail;
			}
		}
	}
	if (changes->due_date) {
		if ((rc = load_facts(&f, reg, p.registration)) < 0)
			goto fail;
		if (term_end(end, f.term) && strcmp(changes->due_date, end) > 0) {
			rc = ds__error_at(DS_EINVAL, 0, 0, "due_date",
					  "the debt would be due %s, after the registration's validity ends on %s",
					  changes->due_date, end);
			facts_dispose(&f);
			goto fail;
		}
		facts_dispose(&f);
	}
	{
		ds__stmt *stmt = NULL;
		if ((rc = ds__store_prepare(
			     &stmt, reg->store,
			     "UPDATE pledges SET updated = ?1, principal = COALESCE(?2, principal),"
			     " maximum = COALESCE(?3, maximum), due_date = COALESCE(?4, due_date),"
			     " pledgee = COALESCE(?5, pledgee), pledgee_kind = COALESCE(?6, pledgee_kind)"
			     " WHERE id = ?7")) < 0)
			goto fail;
		if ((rc = ds__stmt_bind_text(stmt, 1, tr.utc)) >= 0 &&
		    (rc = ds__stmt_bind_text(stmt, 2, principal)) >= 0 &&
		    (rc = ds__stmt_bind_text(stmt, 3, maximum)) >= 0 &&
		    (rc = ds__stmt_bind_text(stmt, 4, changes->due_date)) >= 0 &&
		    (rc = ds__stmt_bind_text(stmt, 5, pledgee)) >= 0 && (rc = ds__stmt_bind_text(stmt, 6, kind)) >= 0 &&
		    (rc = ds__stmt_bind_int(stmt, 7, id)) >= 0)
			rc = ds__stmt_step(stmt);
		ds__stmt_finalize(stmt);
		if (rc < 0)
			goto fail;
	}
	if (principal)
		ds__buf_printf(&what, "principal %s → %s; ", p.principal, principal);
	if (maximum)
		ds__buf_printf(&what, "maximum %s → %s; ", p.maximum ? p.maximum : "none", maximum);
	if (changes->due_date)
		ds__buf_printf(&what, "due date %s → %s; ", p.due_date, changes->due_date);
	if (pledgee)
		ds__buf_printf(&what, "pledgee %s → %s (claim assigned, 民法典 art. 547); ", p.pledgee, pledgee);
	if (what.oom) {
		rc = ds__enomem();
		goto fail;
	}
	what.data[what.len -= 2] = '\0';
	{
		ds__registry_field extra[1] = { { "changes", what.data, 0 } };
		if ((rc = record_version(reg, id, p.state, DS_PLEDGE_ACTIVE, "PLEDGE_CHANGED", tr.actor, tr.utc,
					 tr.date, tr.reason, tr.evidence, extra, 1)) < 0)
			goto fail;
	}
	rc = ds__store_commit(reg->store);
	row_dispose(&p);
	goto out;
fail:
	row_dispose(&p);
	ds__store_rollback(reg->store);
out:
	trans_dispose(&tr);
early:
	ds__buf_dispose(&what);
	ds__free(principal);
	ds__free(maximum);
	ds__free(pledgee);
	return rc;
}

/* ---------------------------------------------------------------- consent and enforcement */

int ds_registry_pledge_consent(ds_registry *reg, int64_t id, ds_pledge_action action, const ds_transition_request *t)
{
	ds__stmt *stmt = NULL;
	pledge_row p;
	trans tr;
	int rc;

	if (!reg)
		return ds__error(DS_EINVAL, "registry: a handle is required");
	if ((unsigned)action > DS_PLEDGE_ACTION_CHANGE)
		return ds__error_at(DS_EINVAL, 0, 0, "action", "action %d is not transfer, licence or change",
				    (int)action);
	if ((rc = trans_read(&tr, t)) < 0)
		return rc;
	if ((rc = ds__store_begin(reg->store)) < 0)
		goto out;
	if ((rc = load_pledge(&p, reg, id)) < 0) {
		ds__store_rollback(reg->store);
		goto out;
	}
	if (p.state != DS_PLEDGE_ACTIVE && p.state != DS_PLEDGE_ENFORCING) {
		rc = ds__error_at(DS_ESTATE, 0, 0, "id",
				  "pledge %lld is %s (%s): only an ACTIVE or ENFORCING pledge's "
				  "pledgee consents",
				  (long long)id, state_en[p.state], state_zh[p.state]);
		goto fail;
	}
	if ((rc = ds__store_prepare(
		     &stmt, reg->store,
		     "INSERT INTO pledge_consents (pledge, action, actor, at, evidence) VALUES (?, ?, ?, ?, ?)")) < 0 ||
	    (rc = ds__stmt_bind_int(stmt, 1, id)) < 0 || (rc = ds__stmt_bind_int(stmt, 2, action)) < 0 ||
	    (rc = ds__stmt_bind_text(stmt, 3, tr.actor)) < 0 || (rc = ds__stmt_bind_text(stmt, 4, tr.utc)) < 0 ||
	    (rc = ds__stmt_bind_text(stmt, 5, tr.evidence)) < 0 || (rc = ds__stmt_step(stmt)) < 0)
		goto fail;
	ds__stmt_finalize(stmt);
	stmt = NULL;
	{
		ds__registry_field extra[1] = { { "action", action_en[action], 0 } };
		if ((rc = record_version(reg, id, p.state, p.state, "CONSENT_RECORDED", tr.actor, tr.utc, tr.date,
					 tr.reason, tr.evidence, extra, 1)) < 0)
			goto fail;
	}
	rc = ds__store_commit(reg->store);
	row_dispose(&p);
	goto out;
fail:
	ds__stmt_finalize(stmt);
	row_dispose(&p);
	ds__store_rollback(reg->store);
out:
	trans_dispose(&tr);
	return rc;
}

int ds_registry_pledge_enforce(ds_registry *reg, int64_t id, const ds_decimal *claim, const ds_transition_request *t)
{
	pledge_row p;
	trans tr;
	char *text = NULL;
	int rc;

	if (!reg)
		return ds__error(DS_EINVAL, "registry: a handle is required");
	if ((rc = amount_text(&text, claim, "claim")) < 0)
		return rc;
	if ((rc = trans_read(&tr, t)) < 0) {
		ds__free(text);
		return rc;
	}
	if ((rc = begin_transition(&p, reg, id, DS_PLEDGE_ENFORCING, &tr)) < 0)
		goto out;
	if (p.state != DS_PLEDGE_ACTIVE) {
		rc = ds__error_at(DS_ESTATE, 0, 0, "to", "pledge %lld is %s (%s): enforcement starts from active",
				  (long long)id, state_en[p.state], state_zh[p.state]);
		goto fail;
	}
	if (p.maximum) {
		ds_decimal *max = NULL;
		int over;
		if ((rc = ds_decimal_new(&max)) < 0 || (rc = ds_decimal_parse(max, p.maximum, 0)) < 0) {
			ds_decimal_free(max);
			goto fail;
		}
		over = ds_decimal_cmp(claim, max) > 0;
		ds_decimal_free(max);
		if (over) {
			rc = ds__error_at(
				DS_EINVAL, 0, 0, "claim",
				"claim %s is above the maximum amount %s of this 最高额 pledge (民法典 art. 439)", text,
				p.maximum);
			goto fail;
		}
	}
	if ((rc = set_state(reg, id, DS_PLEDGE_ENFORCING, tr.utc, "claim = ?", text, NULL)) < 0)
		goto fail;
	{
		ds__registry_field extra[1] = { { "claim", text, 0 } };
		if ((rc = record_version(reg, id, p.state, DS_PLEDGE_ENFORCING, "ENFORCEMENT_STARTED", tr.actor, tr.utc,
					 tr.date, tr.reason, tr.evidence, extra, 1)) < 0)
			goto fail;
	}
	rc = ds__store_commit(reg->store);
	row_dispose(&p);
	goto out;
fail:
	row_dispose(&p);
	ds__store_rollback(reg->store);
out:
	ds__free(text);
	trans_dispose(&tr);
	return rc;
}

/* ---------------------------------------------------------------- priority */

typedef struct ranked {
	pledge_row p;
	int rank;
	ds_decimal *claim, *paid;
} ranked;

static int by_priority(const void *a, const void *b)
{
	const ranked *x = a, *y = b;

	/* Perfected by ascending perfection time; the unperfected after them; then by id. */
	if (!x->p.perfected != !y->p.perfected)
		return x->p.perfected ? -1 : 1;
	if (x->p.perfected) {
		int c = strcmp(x->p.perfected, y->p.perfected);
		if (c)
			return c;
	}
	return x->p.id < y->p.id ? -1 : x->p.id > y->p.id;
}

/* Inside a rank: claim descending, then pledge number (amounts.md's line order). */
static int by_claim(const void *a, const void *b)
{
	const ranked *x = a, *y = b;
	int c = ds_decimal_cmp(y->claim, x->claim);

	if (c)
		return c;
	return strcmp(x->p.number ? x->p.number : "", y->p.number ? y->p.number : "");
}

/* The ACTIVE and ENFORCING pledges on @registration in priority order, ranked. */
static int load_ranked(ranked **out, size_t *count, ds_registry *reg, int64_t registration)
{
	ds__stmt *stmt = NULL;
	ranked *list = NULL;
	size_t n = 0, cap = 0, i;
	int rc;

	*out = NULL;
	*count = 0;
	if ((rc = ds__store_prepare(&stmt, reg->store,
				    "SELECT " PLEDGE_COLUMNS
				    " FROM pledges WHERE registration = ? AND state IN (4, 7)")) < 0 ||
	    (rc = ds__stmt_bind_int(stmt, 1, registration)) < 0)
		goto done;
	while ((rc = ds__stmt_step(stmt)) > 0) {
		if (n == cap) {
			ranked *grown = ds__realloc(list, (cap = cap ? cap * 2 : 8) * sizeof *list);
			if (!grown) {
				rc = ds__enomem();
				goto done;
			}
			list = grown;
		}
		memset(&list[n], 0, sizeof list[n]);
		if ((rc = row_read(&list[n].p, stmt)) < 0)
			goto done;
		n++;
	}
	if (rc < 0)
		goto done;
	if (n)
		qsort(list, n, sizeof *list, by_priority);
	for (i = 0; i < n; i++) {
		/* Equal perfection times share a rank; the unperfected are one last rank. */
		if (i == 0)
			list[i].rank = 1;
		else if ((!list[i].p.perfected && !list[i - 1].p.perfected) ||
			 (list[i].p.perfected && list[i - 1].p.perfected &&
			  strcmp(list[i].p.perfected, list[i - 1].p.perfected) == 0))
			list[i].rank = list[i - 1].rank;
		else
			list[i].rank = list[i - 1].rank + 1;
	}
	*out = list;
	*count = n;
	list = NULL;
	n = 0;
	rc = DS_OK;
done:
	ds__stmt_finalize(stmt);
	for (i = 0; i < n; i++)
		row_dispose(&list[i].p);
	ds__free(list);
	return rc;
}

static void ranked_free(ranked *list, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		row_dispose(&list[i].p);
		ds_decimal_free(list[i].claim);
		ds_decimal_free(list[i].paid);
	}
	ds__free(list);
}

/* pledge.md "Priority", step 2: @list (ranked, in rank order) gets its
 * shares (paid) of @remaining, which keeps what is left. */
static int split(ranked *list, size_t n, ds_decimal *remaining)
{
	ds_decimal *total = NULL, *give = NULL, *sum = NULL, *x = NULL;
	size_t i, j, k;
	int rc;

	if ((rc = ds_decimal_new(&total)) < 0 || (rc = ds_decimal_new(&give)) < 0 || (rc = ds_decimal_new(&sum)) < 0 ||
	    (rc = ds_decimal_new(&x)) < 0)
		goto done;
	for (i = 0; i < n; i = j) {
		for (j = i; j < n && list[j].rank == list[i].rank; j++)
			;
		qsort(list + i, j - i, sizeof *list, by_claim);
		if ((rc = ds_decimal_set_int64(total, 0)) < 0)
			goto done;
		for (k = i; k < j; k++)
			if ((rc = ds_decimal_add(total, total, list[k].claim)) < 0)
				goto done;
		/* The rank receives min(remaining, its claims). */
		if ((rc = ds_decimal_min(give, remaining, total)) < 0 || (rc = ds_decimal_set_int64(sum, 0)) < 0)
			goto done;
		for (k = i; k < j; k++) {
			if ((rc = ds_decimal_new(&list[k].paid)) < 0)
				goto done;
			if (k + 1 == j) {
				/* The last line takes the remainder. */
				rc = ds_decimal_sub(list[k].paid, give, sum);
			} else if (ds_decimal_is_zero(total)) {
				rc = ds_decimal_set_int64(list[k].paid, 0);
			} else {
				/* Pro rata to the claims, HALF_UP to the fen. */
				if ((rc = ds_decimal_mul(x, give, list[k].claim)) < 0 ||
				    (rc = ds_decimal_div(x, x, total)) < 0 ||
				    (rc = ds_decimal_round(list[k].paid, x, 2, DS_ROUND_HALF_UP)) < 0)
					goto done;
			}
			if (rc < 0 || (rc = ds_decimal_add(sum, sum, list[k].paid)) < 0)
				goto done;
		}
		if ((rc = ds_decimal_sub(remaining, remaining, give)) < 0)
			goto done;
	}
	rc = DS_OK;
done:
	ds_decimal_free(total);
	ds_decimal_free(give);
	ds_decimal_free(sum);
	ds_decimal_free(x);
	return rc;
}

static const size_t share_strings[] = { offsetof(ds_pledge_share, pledge_no), offsetof(ds_pledge_share, perfection),
					offsetof(ds_pledge_share, claim), offsetof(ds_pledge_share, paid),
					offsetof(ds_pledge_share, shortfall) };

int ds_registry_pledge_distribute(ds_pledge_share **out, size_t *count, ds_decimal *leftover, ds_registry *reg,
				  int64_t registration, const ds_decimal *proceeds, const ds_transition_request *t)
{
	ds__records records;
	ranked *list = NULL;
	size_t n = 0, i;
	ds_decimal *remaining = NULL, *shortfall = NULL;
	char *paid_text = NULL, *short_text = NULL, *proceeds_text = NULL;
	trans tr;
	int rc, in_tx = 0;

	if (!out || !count || !reg || !proceeds)
		return ds__error(DS_EINVAL, "ds_registry_pledge_distribute: NULL argument");
	ds__records_init(&records, sizeof(ds_pledge_share), share_strings, 5);
	if (ds_decimal_sign(proceeds) < 0) {
		ds__records_dispose(&records);
		return ds__error_at(DS_EINVAL, 0, 0, "proceeds", "proceeds must not be negative");
	}
	if (!ds_decimal_is_zero(proceeds) && (rc = amount_text(&proceeds_text, proceeds, "proceeds")) < 0) {
		ds__records_dispose(&records);
		return rc;
	}
	if ((rc = trans_read(&tr, t)) < 0) {
		ds__free(proceeds_text);
		ds__records_dispose(&records);
		return rc;
	}
	if ((rc = ds__store_begin(reg->store)) < 0)
		goto done;
	in_tx = 1;
	{
		reg_facts f;
		if ((rc = load_facts(&f, reg, registration)) < 0)
			goto done;
		facts_dispose(&f);
	}
	if ((rc = load_ranked(&list, &n, reg, registration)) < 0)
		goto done;
	if (n == 0) {
		rc = ds__error_at(DS_ESTATE, 0, 0, "registration",
				  "registration %lld has no active or enforcing pledge to pay",
				  (long long)registration);
		goto done;
	}
	for (i = 0; i < n; i++) {
		if (list[i].p.state != DS_PLEDGE_ENFORCING || !list[i].p.claim) {
			rc = ds__error_at(DS_ESTATE, 0, 0, "registration",
					  "pledge %lld (%s) is %s: start its enforcement with its claim first "
					  "(every pledge on the right shares in the proceeds)",
					  (long long)list[i].p.id, list[i].p.number ? list[i].p.number : "?",
					  state_en[list[i].p.state]);
			goto done;
		}
		if (strcmp(tr.utc, list[i].p.updated) < 0) {
			rc = ds__error_at(DS_ESTATE, 0, 0, "at", "pledge %lld: %s is before its last transition at %s",
					  (long long)list[i].p.id, tr.utc, list[i].p.updated);
			goto done;
		}
		if ((rc = ds_decimal_new(&list[i].claim)) < 0 ||
		    (rc = ds_decimal_parse(list[i].claim, list[i].p.claim, 0)) < 0)
			goto done;
	}
	if ((rc = ds_decimal_dup(&remaining, proceeds)) < 0 || (rc = ds_decimal_new(&shortfall)) < 0 ||
	    (rc = split(list, n, remaining)) < 0)
		goto done;
	for (i = 0; i < n; i++) {
		ds_pledge_share *s;
		if ((rc = ds_decimal_sub(shortfall, list[i].claim, list[i].paid)) < 0 ||
		    (rc = ds_decimal_to_string_scaled(&paid_text, list[i].paid, 2, DS_ROUND_HALF_UP, 0)) < 0 ||
		    (rc = ds_decimal_to_string_scaled(&short_text, shortfall, 2, DS_ROUND_HALF_UP, 0)) < 0)
			goto done;
		{
			char rank_text[16];
			ds__stmt *stmt = NULL;
			snprintf(rank_text, sizeof rank_text, "%d", list[i].rank);
			if ((rc = ds__store_prepare(&stmt, reg->store,
						    "UPDATE pledges SET state = ?, updated = ?, paid = ?, paid_rank = ?"
						    " WHERE id = ?")) < 0)
				goto done;
			if ((rc = ds__stmt_bind_int(stmt, 1, DS_PLEDGE_ENFORCED)) >= 0 &&
			    (rc = ds__stmt_bind_text(stmt, 2, tr.utc)) >= 0 &&
			    (rc = ds__stmt_bind_text(stmt, 3, paid_text)) >= 0 &&
			    (rc = ds__stmt_bind_int(stmt, 4, list[i].rank)) >= 0 &&
			    (rc = ds__stmt_bind_int(stmt, 5, list[i].p.id)) >= 0)
				rc = ds__stmt_step(stmt);
			ds__stmt_finalize(stmt);
			if (rc < 0)
				goto done;
		}
		{
			ds__registry_field extra[5] = { { "claim", list[i].p.claim, 0 },
							{ "paid", paid_text, 0 },
							{ "shortfall", short_text, 0 },
							{ "rank", NULL, list[i].rank },
							{ "proceeds", proceeds_text ? proceeds_text : "0.00", 0 } };
			if ((rc = record_version(reg, list[i].p.id, DS_PLEDGE_ENFORCING, DS_PLEDGE_ENFORCED,
						 "PROCEEDS_APPLIED", tr.actor, tr.utc, tr.date, tr.reason, tr.evidence,
						 extra, 5)) < 0)
				goto done;
		}
		if (!(s = ds__records_add(&records))) {
			rc = ds__enomem();
			goto done;
		}
		s->pledge = list[i].p.id;
		s->rank = list[i].rank;
		ds__records_string(&records, 0, list[i].p.number);
		ds__records_string(&records, 1, list[i].p.perfected);
		ds__records_string(&records, 2, list[i].p.claim);
		ds__records_string(&records, 3, paid_text);
		ds__records_string(&records, 4, short_text);
		ds__free(paid_text);
		ds__free(short_text);
		paid_text = short_text = NULL;
	}
	in_tx = 0;
	if ((rc = ds__store_commit(reg->store)) < 0)
		goto done;
	if (leftover && (rc = ds_decimal_set(leftover, remaining)) < 0)
		goto done;
	rc = ds__records_finish((void **)out, count, &records);
done:
	if (in_tx)
		ds__store_rollback(reg->store);
	ds__records_dispose(&records);
	ranked_free(list, n);
	ds_decimal_free(remaining);
	ds_decimal_free(shortfall);
	ds__free(paid_text);
	ds__free(short_text);
	ds__free(proceeds_text);
	trans_dispose(&tr);
	return rc;
}

/* ---------------------------------------------------------------- effect on the registration */

int ds__registry_pledge_check(ds_registry *reg, int64_t registration, int action, const char *use_by)
{
	ds__stmt *stmt = NULL;
	ds__buf missing = DS__BUF_INIT;
	int rc, blocked = 0;

	if ((rc = ds__store_prepare(&stmt, reg->store,
				    "SELECT p.id, p.number, p.pledgee, (SELECT MIN(c.id) FROM pledge_consents c"
				    " WHERE c.pledge = p.id AND c.action = ? AND c.used_by IS NULL)"
				    " FROM pledges p WHERE p.registration = ? AND p.state IN (4, 7) ORDER BY p.id")) <
	    0)
		return rc;
	if ((rc = ds__stmt_bind_int(stmt, 1, action)) < 0 || (rc = ds__stmt_bind_int(stmt, 2, registration)) < 0)
		goto done;
	while ((rc = ds__stmt_step(stmt)) > 0) {
		if (action >= 0 && !ds__stmt_is_null(stmt, 3))
			continue;
		ds__buf_printf(&missing, "%s%s (质权人 %s)", blocked ? ", " : "", ds__stmt_text(stmt, 1),
			       ds__stmt_text(stmt, 2));
		blocked++;
	}
	if (rc < 0)
		goto done;
	if (blocked) {
		rc = action < 0 ?
			     ds__error_at(
				     DS_EENCUMBERED, 0, 0, "registration",
				     "registration %lld is pledged (有质押): 注销 (cancellation) is refused until every "
				     "pledge is released; active: %s",
				     (long long)registration, missing.data) :
			     ds__error_at(
				     DS_EENCUMBERED, 0, 0, "registration",
				     "registration %lld is pledged (有质押): %s refused without the written consent of "
				     "every pledgee (民法典 art. 444); no consent recorded for %s",
				     (long long)registration,
				     action == 0 ? "transfer (转移)" :
				     action == 1 ? "licence (许可)" :
						   "a change (变更) of the right, its scope or term",
				     missing.data);
		goto done;
	}
	rc = DS_OK;
	if (use_by && action >= 0) {
		ds__stmt_finalize(stmt);
		stmt = NULL;
		/* Each consent serves one action: the oldest unused of each pledge is used now. */
		if ((rc = ds__store_prepare(
			     &stmt, reg->store,
			     "UPDATE pledge_consents SET used_by = ? WHERE id IN (SELECT MIN(c.id)"
			     " FROM pledge_consents c JOIN pledges p ON p.id = c.pledge WHERE p.registration = ?"
			     " AND p.state IN (4, 7) AND c.action = ? AND c.used_by IS NULL GROUP BY c.pledge)")) < 0 ||
		    (rc = ds__stmt_bind_text(stmt, 1, use_by)) < 0 ||
		    (rc = ds__stmt_bind_int(stmt, 2, registration)) < 0 ||
		    (rc = ds__stmt_bind_int(stmt, 3, action)) < 0 || (rc = ds__stmt_step(stmt)) < 0)
			goto done;
		rc = DS_OK;
	}
done:
	ds__stmt_finalize(stmt);
	ds__buf_dispose(&missing);
	return rc;
}

int ds__registry_pledge_follow(ds_registry *reg, int64_t from, int64_t to)
{
	ds__stmt *stmt = NULL;
	int rc;

	if ((rc = ds__store_prepare(&stmt, reg->store,
				    "UPDATE pledges SET registration = ? WHERE registration = ? AND state IN (4, 7)")) <
	    0)
		return rc;
	if ((rc = ds__stmt_bind_int(stmt, 1, to)) >= 0 && (rc = ds__stmt_bind_int(stmt, 2, from)) >= 0 &&
	    (rc = ds__stmt_step(stmt)) >= 0)
		rc = DS_OK;
	ds__stmt_finalize(stmt);
	return rc;
}

int ds__registry_pledge_restrictions(char **line, ds_registry *reg, int64_t registration, int64_t changes)
{
	ds__stmt *stmt = NULL;
	ds__buf b = DS__BUF_INIT;
	int rc, n = 0;

	*line = NULL;
	if ((rc = ds__store_prepare(&stmt, reg->store,
				    "SELECT p.number, p.pledgee, s.name, p.registered FROM pledges p JOIN subjects s"
				    " ON s.code = p.pledgee WHERE p.registration IN (?, ?) AND p.state IN (4, 7)"
				    " ORDER BY p.id")) < 0)
		return rc;
	if ((rc = ds__stmt_bind_int(stmt, 1, registration)) < 0 || (rc = ds__stmt_bind_int(stmt, 2, changes)) < 0)
		goto done;
	while ((rc = ds__stmt_step(stmt)) > 0)
		ds__buf_printf(&b, "%s质押 %s，质权人 %s（%s），登记日期 %s",
			       n++ ? "；" : "权利限制: ", ds__stmt_text(stmt, 0), ds__stmt_text(stmt, 2),
			       ds__stmt_text(stmt, 1), ds__stmt_text(stmt, 3));
	if (rc < 0)
		goto done;
	rc = DS_OK;
	if (n && ds__buf_detach(line, &b) < 0)
		rc = ds__enomem();
done:
	ds__stmt_finalize(stmt);
	ds__buf_dispose(&b);
	return rc;
}

/* ---------------------------------------------------------------- reading */

static const size_t pledge_strings[] = {
	offsetof(ds_pledge, pledge_no),	   offsetof(ds_pledge, certificate), offsetof(ds_pledge, pledgor),
	offsetof(ds_pledge, pledgor_name), offsetof(ds_pledge, pledgee),     offsetof(ds_pledge, pledgee_name),
	offsetof(ds_pledge, principal),	   offsetof(ds_pledge, due_date),    offsetof(ds_pledge, registered),
	offsetof(ds_pledge, perfection),   offsetof(ds_pledge, reasons),
};

/* The rank of pledge @id among those on its registration (0: not ranked). */
static int rank_of(int *rank, ds_registry *reg, int64_t registration, int64_t id)
{
	ranked *list = NULL;
	size_t n = 0, i;
	int rc;

	*rank = 0;
	if ((rc = load_ranked(&list, &n, reg, registration)) < 0)
		return rc;
	for (i = 0; i < n; i++)
		if (list[i].p.id == id)
			*rank = list[i].rank;
	ranked_free(list, n);
	return DS_OK;
}

static int pledge_rows(ds_pledge **out, size_t *count, ds_registry *reg, int64_t registration, const char *pledgee,
		       int64_t id)
{
	ds__records records;
	ds__stmt *stmt = NULL;
	size_t n = 0, i;
	int rc;

	ds__records_init(&records, sizeof(ds_pledge), pledge_strings, 11);
	if ((rc = ds__store_begin_read(reg->store)) < 0)
		return rc;
	if ((rc = ds__store_prepare(
		     &stmt, reg->store,
		     "SELECT p.id, p.registration, p.version, p.state, p.number, r.certificate, p.pledgor,"
		     " a.name, p.pledgee, b.name, p.principal, p.due_date, p.registered, p.perfected,"
		     " p.reasons FROM pledges p JOIN registrations r ON r.id = p.registration"
		     " JOIN subjects a ON a.code = p.pledgor JOIN subjects b ON b.code = p.pledgee"
		     " WHERE (?1 = 0 OR p.id = ?1) AND (?2 = 0 OR p.registration = ?2)"
		     " AND (?3 IS NULL OR p.pledgee = ?3) ORDER BY p.id")) < 0 ||
	    (rc = ds__stmt_bind_int(stmt, 1, id)) < 0 || (rc = ds__stmt_bind_int(stmt, 2, registration)) < 0 ||
	    (rc = ds__stmt_bind_text(stmt, 3, pledgee)) < 0)
		goto done;
	while ((rc = ds__stmt_step(stmt)) > 0) {
		ds_pledge *p = ds__records_add(&records);
		size_t k;
		if (!p)
			break;
		p->id = ds__stmt_int(stmt, 0);
		p->registration = ds__stmt_int(stmt, 1);
		p->version = (int)ds__stmt_int(stmt, 2);
		p->state = (ds_pledge_state)ds__stmt_int(stmt, 3);
		for (k = 0; k < 11; k++)
			ds__records_string(&records, k, ds__stmt_text(stmt, (int)k + 4));
	}
	if (rc < 0)
		goto done;
	ds__stmt_finalize(stmt);
	stmt = NULL;
	/* Ranks: among the encumbering pledges of each registration. */
	n = records.count;
	for (i = 0; i < n && !records.oom; i++) {
		ds_pledge *p = (ds_pledge *)(records.items + i * records.item_size);
		int rank = 0;
		if ((p->state == DS_PLEDGE_ACTIVE || p->state == DS_PLEDGE_ENFORCING) &&
		    (rc = rank_of(&rank, reg, p->registration, p->id)) < 0)
			goto done;
		p->rank = rank;
	}
	ds__store_rollback(reg->store);
	return ds__records_finish((void **)out, count, &records);
done:
	ds__stmt_finalize(stmt);
	ds__store_rollback(reg->store);
	ds__records_dispose(&records);
	return rc;
}

int ds_registry_pledge_get(ds_pledge **out, ds_registry *reg, int64_t id)
{
	ds_pledge *found = NULL;
	size_t count = 0;
	int rc;

	if (!out || !reg)
		return ds__error(DS_EINVAL, "ds_registry_pledge_get: NULL argument");
	if (id < 1)
		return ds__error_at(DS_ENOTFOUND, 0, 0, "id", "pledge %lld does not exist", (long long)id);
	if ((rc = pledge_rows(&found, &count, reg, 0, NULL, id)) < 0)
		return rc;
	if (count == 0)
		return ds__error_at(DS_ENOTFOUND, 0, 0, "id", "pledge %lld does not exist", (long long)id);
	*out = found;
	return DS_OK;
}

int ds_registry_pledge_list(ds_pledge **out, size_t *count, ds_registry *reg, int64_t registration, const char *pledgee)
{
	char *normal = NULL;
	int rc;

	if (!out || !count || !reg)
		return ds__error(DS_EINVAL, "ds_registry_pledge_list: NULL argument");
	if (pledgee && (rc = ds_uscc_normalize(&normal, pledgee)) < 0) {
		ds__error_prefix("pledgee: ");
		return rc;
	}
	rc = pledge_rows(out, count, reg, registration > 0 ? registration : 0, normal, 0);
	ds__free(normal);
	return rc;
}

static int one_text(char **out, ds_registry *reg, const char *sql, int64_t a, int64_t b, const char *missing)
{
	ds__stmt *stmt = NULL;
	int rc;

	if ((rc = ds__registry_issue_pending(reg)) < 0 || (rc = ds__store_prepare(&stmt, reg->store, sql)) < 0)
		return rc;
	if ((rc = ds__stmt_bind_int(stmt, 1, a)) < 0 || (rc = ds__stmt_bind_int(stmt, 2, b)) < 0 ||
	    (rc = ds__stmt_step(stmt)) < 0)
		goto done;
	if (rc == 0) {
		rc = ds__error_at(DS_ENOTFOUND, 0, 0, "id", "pledge %lld has no %s", (long long)a, missing);
		goto done;
	}
	rc = (*out = ds__strdup(ds__stmt_text(stmt, 0))) ? DS_OK : ds__enomem();
done:
	ds__stmt_finalize(stmt);
	return rc;
}

int ds_registry_pledge_record(char **xml, ds_registry *reg, int64_t id, int version)
{
	if (!xml || !reg)
		return ds__error(DS_EINVAL, "ds_registry_pledge_record: NULL argument");
	if (version < 0)
		return ds__error_at(DS_EINVAL, 0, 0, "version", "version %d is not a version number", version);
	return one_text(
		xml, reg,
		"SELECT v.record FROM pledge_versions v WHERE v.pledge = ?1 AND v.version ="
		" CASE WHEN ?2 = 0 THEN (SELECT MAX(version) FROM pledge_versions WHERE pledge = ?1) ELSE ?2 END",
		id, version, version ? "such version (or no such pledge)" : "record (no such pledge)");
}

int ds_registry_pledge_certificate(char **xml, ds_registry *reg, int64_t id)
{
	if (!xml || !reg)
		return ds__error(DS_EINVAL, "ds_registry_pledge_certificate: NULL argument");
	return one_text(xml, reg, "SELECT xml FROM pledge_certificates WHERE pledge = ?1 AND ?2 = 0", id, 0,
			"质押登记证明 (it does not exist or never became active)");
}

int ds_registry_encumbrance(char **text, ds_registry *reg, int64_t registration, int parties)
{
	ranked *list = NULL;
	ds__buf b = DS__BUF_INIT;
	size_t n = 0, i;
	int rc;

	if (!text || !reg)
		return ds__error(DS_EINVAL, "ds_registry_encumbrance: NULL argument");
	if ((rc = ds__store_begin_read(reg->store)) < 0)
		return rc;
	{
		reg_facts f;
		if ((rc = load_facts(&f, reg, registration)) < 0)
			goto done;
		facts_dispose(&f);
	}
	if ((rc = load_ranked(&list, &n, reg, registration)) < 0)
		goto done;
	ds__buf_printf(&b, "%s\n", n ? "有质押" : "无质押");
	for (i = 0; i < n; i++) {
		char *pledgor = NULL, *pledgee = NULL;
		if ((rc = subject_facts(&pledgor, NULL, reg, list[i].p.pledgor, "pledgor")) < 0 ||
		    (rc = subject_facts(&pledgee, NULL, reg, list[i].p.pledgee, "pledgee")) < 0) {
			ds__free(pledgor);
			goto done;
		}
		ds__buf_printf(&b, "%s\t出质人 %s (%s)\t质权人 %s (%s)\t登记日期 %s\t顺位 %d", list[i].p.number,
			       pledgor, list[i].p.pledgor, pledgee, list[i].p.pledgee, list[i].p.registered,
			       list[i].rank);
		if (parties)
			ds__buf_printf(&b, "\t主债权 %s\t到期 %s", list[i].p.principal, list[i].p.due_date);
		ds__buf_putc(&b, '\n');
		ds__free(pledgor);
		ds__free(pledgee);
	}
	rc = ds__buf_detach(text, &b) < 0 ? ds__enomem() : DS_OK;
done:
	ds__store_rollback(reg->store);
	ds__buf_dispose(&b);
	ranked_free(list, n);
	return rc;
}

int ds_registry_pledge_policy(ds_registry *reg, int statutory_self, int allow_subsequent)
{
	ds__stmt *stmt = NULL;
	ds__registry_field fields[2];
	char utc[21], date[11];
	int rc;

	if (!reg)
		return ds__error(DS_EINVAL, "registry: a handle is required");
	if ((statutory_self != 0 && statutory_self != 1) || (allow_subsequent != 0 && allow_subsequent != 1))
		return ds__error_at(DS_EINVAL, 0, 0, "policy", "pledge policy values are 0 or 1");
	ds__registry_time(utc, date, ds__registry_now());
	if ((rc = ds__store_begin(reg->store)) < 0)
		return rc;
	if ((rc = ds__store_prepare(&stmt, reg->store,
				    "INSERT INTO pledge_policy (id, statutory_self, allow_subsequent) VALUES (1, ?, ?)"
				    " ON CONFLICT (id) DO UPDATE SET statutory_self = excluded.statutory_self,"
				    " allow_subsequent = excluded.allow_subsequent")) < 0 ||
	    (rc = ds__stmt_bind_int(stmt, 1, statutory_self)) < 0 ||
	    (rc = ds__stmt_bind_int(stmt, 2, allow_subsequent)) < 0 || (rc = ds__stmt_step(stmt)) < 0)
		goto fail;
	ds__stmt_finalize(stmt);
	stmt = NULL;
	fields[0] = (ds__registry_field){ "statutory_registry", statutory_self ? "self" : "external", 0 };
	fields[1] = (ds__registry_field){ "allow_subsequent_pledge", NULL, allow_subsequent };
	if ((rc = ds__registry_emit_event(reg, "PLEDGE_POLICY", 0, utc, fields, 2)) < 0)
		goto fail;
	return ds__store_commit(reg->store);
fail:
	ds__stmt_finalize(stmt);
	ds__store_rollback(reg->store);
	return rc;
}
