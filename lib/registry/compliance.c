/*
 * Compliance (数据合规) in the registry: which registration kinds need an
 * assessment on file (registry configuration, kept in the store and logged),
 * assessments recorded against registrations (stored, digested, logged), the
 * workflow effect of their outcome (compliance.md, outcome rule 5), the
 * restrictions a conditional outcome puts on the registration and its
 * certificate, and stale assessments (a later probe finding personal
 * information the assessment did not declare).
 * SPDX-License-Identifier: MIT
 */
#include "config.h"

#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>
#include <libxml/tree.h>

#include "datasset/compliance.h"
#include "internal/crypto.h"
#include "registry_internal.h"

/* ---------------------------------------------------------------- helpers */

/* A purpose or checklist id: 1–64 of [A-Za-z0-9._-]. */
static int check_token(const char *text, const char *field)
{
	size_t i, n;

	if (!text || !*text)
		return ds__error_at(DS_EINVAL, 0, 0, field, "%s is required", field);
	n = strlen(text);
	if (n > 64)
		return ds__error_at(DS_EINVAL, 0, 0, field, "%s: %zu characters, at most 64", field, n);
	for (i = 0; i < n; i++) {
		char c = text[i];
		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' ||
		      c == '_' || c == '-'))
			return ds__error_at(DS_EINVAL, 0, 0, field,
					    "%s '%s': character %zu is not a letter, digit, '.', '_' or '-'", field,
					    text, i + 1);
	}
	return DS_OK;
}

static const char *kind_name(int kind)
{
	const char *n = ds_registry_code_name(DS_CODE_KIND, kind);
	return n ? n : "?";
}

static const char *kind_label(int kind)
{
	const char *n = ds_registry_code_label(DS_CODE_KIND, kind);
	return n ? n : "?";
}

/* When: ISO 8601 @time, or Unix seconds @at, or now (as ds_registry_advance()). */
static int when(int64_t *out, const ds_transition_request *t)
{
	const char *time = t->version >= 2 ? t->time : NULL;
	if (time && t->at)
		return ds__error_at(DS_EINVAL, 0, 0, "time", "give the time once: as text (time) or as seconds (at)");
	if (time)
		return ds_time_parse(out, time);
	if (t->at < 0)
		return ds__error_at(DS_EINVAL, 0, 0, "at", "a time before 1970 (%lld)", (long long)t->at);
	*out = t->at ? t->at : ds__registry_now();
	return DS_OK;
}

/* The requirement for @kind: *found 0 when none; @purpose/@checklist filled (64+1 bytes). */
static int requirement(int *found, char purpose[65], char checklist[65], ds_registry *reg, int kind)
{
	ds__stmt *stmt = NULL;
	int rc;

	ds__registry_cache *cache = ds__registry_cache_get(reg);

	*found = 0;
	/* Read once per kind in a transaction (setting one drops what is kept). */
	if (cache && kind >= 0 && kind < 4 && cache->requirement[kind].known) {
		*found = cache->requirement[kind].found;
		memcpy(purpose, cache->requirement[kind].purpose, 65);
		memcpy(checklist, cache->requirement[kind].checklist, 65);
		return DS_OK;
	}
	if ((rc = ds__store_prepare(&stmt, reg->store,
				    "SELECT purpose, checklist FROM compliance_requirements WHERE kind = ?")) < 0)
		return rc;
	if ((rc = ds__stmt_bind_int(stmt, 1, kind)) < 0 || (rc = ds__stmt_step(stmt)) < 0)
		goto done;
	if (rc > 0) {
		*found = 1;
		snprintf(purpose, 65, "%s", ds__stmt_text(stmt, 0));
		snprintf(checklist, 65, "%s", ds__stmt_text(stmt, 1));
	}
	if (cache && kind >= 0 && kind < 4) {
		cache->requirement[kind].known = 1;
		cache->requirement[kind].found = *found;
		memcpy(cache->requirement[kind].purpose, *found ? purpose : "", *found ? 65 : 1);
		memcpy(cache->requirement[kind].checklist, *found ? checklist : "", *found ? 65 : 1);
	}
	rc = DS_OK;
done:
	ds__stmt_finalize(stmt);
	return rc;
}

/* ---------------------------------------------------------------- requirements */

int ds_registry_compliance_require(ds_registry *reg, ds_reg_kind kind, const char *purpose, const char *checklist,
				   const char *actor)
{
	ds__registry_field fields[4];
	ds__stmt *stmt = NULL;
	char utc[21], date[11], *who = NULL;
	int rc, in_tx = 0;

	if (!reg)
		return ds__error(DS_EINVAL, "registry: a handle is required");
	if ((unsigned)kind > DS_REG_IP)
		return ds__error_at(DS_EINVAL, 0, 0, "kind", "kind %d is not a registration kind", (int)kind);
	if (purpose && ((rc = check_token(purpose, "purpose")) < 0 || (rc = check_token(checklist, "checklist")) < 0))
		return rc;
	if ((rc = ds__registry_text(&who, actor, "actor", DS__REG_MAX_NAME, 1, 0)) < 0)
		return rc;
	ds__registry_time(utc, date, ds__registry_now());
	if ((rc = ds__registry_issue_settle(reg)) < 0 || (rc = ds__store_begin(reg->store)) < 0)
		goto done;
	in_tx = 1;
	ds__registry_cache_drop(reg); /* the requirement of @kind changes */
	if ((rc = ds__store_prepare(
		     &stmt, reg->store,
		     purpose ? "INSERT INTO compliance_requirements (kind, purpose, checklist, actor, created)"
			       " VALUES (?, ?, ?, ?, ?) ON CONFLICT (kind) DO UPDATE SET"
			       " purpose = excluded.purpose, checklist = excluded.checklist,"
			       " actor = excluded.actor, created = excluded.created" :
			       "DELETE FROM compliance_requirements WHERE kind = ?")) < 0 ||
	    (rc = ds__stmt_bind_int(stmt, 1, kind)) < 0)
		goto done;
	if (purpose &&
	    ((rc = ds__stmt_bind_text(stmt, 2, purpose)) < 0 || (rc = ds__stmt_bind_text(stmt, 3, checklist)) < 0 ||
	     (rc = ds__stmt_bind_text(stmt, 4, who)) < 0 || (rc = ds__stmt_bind_text(stmt, 5, utc)) < 0))
		goto done;
	if ((rc = ds__stmt_step(stmt)) < 0)
		goto done;
	ds__stmt_finalize(stmt);
	stmt = NULL;
	fields[0] = (ds__registry_field){ "kind", kind_name(kind), 0 };
	fields[1] = (ds__registry_field){ "purpose", purpose ? purpose : "none", 0 };
	fields[2] = (ds__registry_field){ "checklist", purpose ? checklist : "none", 0 };
	fields[3] = (ds__registry_field){ "actor", who, 0 };
	if ((rc = ds__registry_emit_event(reg, "compliance_requirement", 0, utc, fields, 4)) < 0)
		goto done;
	in_tx = 0;
	rc = ds__store_commit(reg->store);
done:
	ds__stmt_finalize(stmt);
	if (in_tx)
		ds__store_rollback(reg->store);
	ds__free(who);
	return rc;
}

int ds_registry_compliance_requirement(char **purpose, char **checklist, ds_registry *reg, ds_reg_kind kind)
{
	char p[65], c[65], *pc = NULL, *cc = NULL;
	int found = 0, rc;

	if (!reg)
		return ds__error(DS_EINVAL, "registry: a handle is required");
	if ((unsigned)kind > DS_REG_IP)
		return ds__error_at(DS_EINVAL, 0, 0, "kind", "kind %d is not a registration kind", (int)kind);
	if ((rc = requirement(&found, p, c, reg, kind)) < 0)
		return rc;
	if (!found)
		return ds__error_at(DS_ENOTFOUND, 0, 0, "kind",
				    "%s (%s) registrations need no compliance assessment in this registry",
				    kind_name(kind), kind_label(kind));
	if ((purpose && !(pc = ds__strdup(p))) || (checklist && !(cc = ds__strdup(c)))) {
		ds__free(pc);
		return ds__enomem();
	}
	if (purpose)
		*purpose = pc;
	if (checklist)
		*checklist = cc;
	return DS_OK;
}

/* ---------------------------------------------------------------- recording */

/* What is recorded of one assessment, read from the result. */
typedef struct summary {
	ds__buf restrictions; /* "code\ttext\n" */
	ds__buf codes;	      /* "code code" */
	ds__buf reasons;      /* failing items (fail) or conditions (hold), one per line "ID 名称 STATUS" */
	ds__buf flags;	      /* "name\tvalue\torigin\n" */
	char *purpose;
	char *checklist, *version, *checklist_digest, *assessed, *evaluated, *evaluator;
} summary;

static void summary_dispose(summary *s)
{
	ds__buf_dispose(&s->restrictions);
	ds__buf_dispose(&s->codes);
	ds__buf_dispose(&s->reasons);
	ds__buf_dispose(&s->flags);
	ds__free(s->purpose);
	ds__free(s->checklist);
	ds__free(s->version);
	ds__free(s->checklist_digest);
	ds__free(s->assessed);
	ds__free(s->evaluated);
	ds__free(s->evaluator);
}

static char *attr_copy(xmlNodePtr node, const char *name)
{
	xmlChar *v = xmlGetProp(node, BAD_CAST name);
	char *copy = ds__strdup(v ? (const char *)v : "");
	xmlFree(v);
	return copy;
}

/* The checklist's id, version and digest and the date, time and evaluator from the result's XML. */
static int summary_from_xml(summary *s, const char *xml)
{
	xmlDocPtr doc = xmlReadMemory(xml, (int)strlen(xml), "assessment.xml", NULL, XML_PARSE_NONET);
	xmlNodePtr root, n;

	if (!doc || !(root = xmlDocGetRootElement(doc))) {
		xmlFreeDoc(doc);
		return ds__error(DS_EINTERNAL, "registry: the assessment's XML does not parse");
	}
	s->assessed = attr_copy(root, "date");
	s->evaluated = attr_copy(root, "time");
	s->evaluator = attr_copy(root, "evaluator");
	for (n = root->children; n; n = n->next)
		if (n->type == XML_ELEMENT_NODE && xmlStrcmp(n->name, BAD_CAST "checklist") == 0) {
			s->checklist = attr_copy(n, "id");
			s->version = attr_copy(n, "version");
			s->checklist_digest = attr_copy(n, "digest");
			break;
		}
	xmlFreeDoc(doc);
	if (!s->assessed || !s->evaluated || !s->evaluator || !s->checklist || !s->version || !s->checklist_digest)
		return s->checklist ? ds__enomem() :
				      ds__error(DS_EINTERNAL, "registry: the assessment names no checklist");
	return DS_OK;
}

static int summarise(summary *s, const ds_assessment *a, const char *xml)
{
	ds_compliance_workflow wf = ds_assessment_workflow(a);
	size_t i, n;
	int rc;

	memset(s, 0, sizeof *s);
	if ((rc = summary_from_xml(s, xml)) < 0)
		return rc;
	n = ds_assessment_flag_count(a);
	for (i = 0; i < n; i++) {
		const char *name = NULL, *value = NULL, *origin = NULL;
		if (ds_assessment_flag_at(&name, &value, &origin, a, i) < 0)
			continue;
		ds__buf_printf(&s->flags, "%s\t%s\t%s\n", name, value, origin);
		if (strcmp(name, "purpose") == 0 && !s->purpose && !(s->purpose = ds__strdup(value)))
			return ds__enomem();
	}
	if (!s->purpose && !(s->purpose = ds__strdup("")))
		return ds__enomem();
	n = ds_assessment_restriction_count(a);
	for (i = 0; i < n; i++) {
		const char *code = NULL, *text = NULL;
		if (ds_assessment_restriction_at(&code, &text, a, i) < 0)
			continue;
		ds__buf_printf(&s->restrictions, "%s\t%s\n", code, text);
		ds__buf_printf(&s->codes, "%s%s", i ? " " : "", code);
	}
	/* Rule 5: a failure lists the failing items; a hold lists every
	 * condition at once (blocking items missing, warnings not satisfied). */
	n = ds_assessment_item_count(a);
	for (i = 0; i < n; i++) {
		ds_compliance_item it;
		int listed;
		if (ds_assessment_item_at(&it, a, i) < 0)
			continue;
		if (wf == DS_COMPLIANCE_REJECT)
			listed = it.status == DS_COMPLIANCE_NOT_SATISFIED && it.severity == DS_COMPLIANCE_BLOCKING &&
				 strcmp(it.on_unmet, "fail") == 0;
		else if (wf == DS_COMPLIANCE_HOLD)
			listed = (it.severity == DS_COMPLIANCE_BLOCKING && it.status == DS_COMPLIANCE_MISSING &&
				  strncmp(it.on_unmet, "restrict:", 9) != 0) ||
				 (it.severity == DS_COMPLIANCE_WARNING && it.status == DS_COMPLIANCE_NOT_SATISFIED);
		else
			listed = 0;
		if (listed)
			ds__buf_printf(&s->reasons, "%s %s %s\n", it.id, it.name, ds_compliance_status_name(it.status));
	}
	ds__buf_putc(&s->restrictions, '\0');
	ds__buf_putc(&s->codes, '\0');
	ds__buf_putc(&s->reasons, '\0');
	ds__buf_putc(&s->flags, '\0');
	if (s->restrictions.oom || s->codes.oom || s->reasons.oom || s->flags.oom)
		return ds__enomem();
	return DS_OK;
}

/* The reasons as one line: "R03 授权链完整 NOT_SATISFIED; P02 …". *out is new (ds__free). */
static int one_line(char **out, const char *lines)
{
	char *copy = ds__strdup(lines), *p;
	size_t n;

	if (!copy)
		return ds__enomem();
	n = strlen(copy);
	while (n && copy[n - 1] == '\n')
		copy[--n] = '\0';
	for (p = copy; (p = strchr(p, '\n'));)
		*p = ';';
	*out = copy;
	return DS_OK;
}

/* Remember (@id > 0) or forget (0) the registration the gate found without use restrictions. */
static void keep_unrestricted(ds_registry *reg, int64_t id)
{
	ds__registry_cache *cache = ds__registry_cache_get(reg);

	if (cache)
		cache->unrestricted_id = id;
}

/* An assessment is about to be inserted: what was kept of them goes. */
static void forget_assessments(ds_registry *reg)
{
	ds__registry_cache *cache = ds__registry_cache_get(reg);

	if (cache) {
		cache->unrestricted_id = 0;
		cache->assessed_known = 0;
	}
}

int ds_registry_assessment_add(int64_t *assessment_id, ds_compliance_workflow *effect, ds_registry *reg,
			       int64_t registration, const ds_assessment *assessment, const ds_transition_request *t)
{
	static const char *const outcomes[] = { "pass", "conditional", "fail" };
	static const char *const workflows[] = { "proceed", "hold", "reject" };
	ds__registry_field fields[16];
	ds__stmt *stmt = NULL;
	summary s;
	char *xml = NULL, *actor = NULL, utc[21], date[11], digest[72], purpose[65], checklist[65];
	char reason[2200], *line = NULL;
	unsigned char sha[32];
	ds_hash h;
	uint64_t size = 0;
	int64_t at, new_id;
	int rc, in_tx = 0, state, kind, found = 0;
	ds_compliance_workflow wf;

	memset(&s, 0, sizeof s);
	if (!reg || !assessment || !t)
		return ds__error(DS_EINVAL, "registry: a handle, an assessment and a transition are required");
	if (t->version < 1 || t->version > DS_TRANSITION_REQUEST_VERSION)
		return ds__error(DS_EINVAL, "transition request: unknown version %u", t->version);
	if ((rc = ds__registry_text(&actor, t->actor, "actor", DS__REG_MAX_NAME, 1, 0)) < 0 || (rc = when(&at, t)) < 0)
		goto done;
	ds__registry_time(utc, date, at);
	if ((rc = ds_assessment_write(&xml, assessment, DS_COMPLIANCE_XML)) < 0 ||
	    (rc = summarise(&s, assessment, xml)) < 0)
		goto done;
	if ((rc = ds_hash_data(&h, DS_HASH_SHA256, xml, strlen(xml))) < 0)
		goto done;
	memcpy(sha, h.bytes, 32);
	memcpy(digest, "sha256:", 7);
	ds__hex_encode(digest + 7, sha, 32);
	wf = ds_assessment_workflow(assessment);
	if ((rc = ds__registry_issue_settle(reg)) < 0 || (rc = ds__store_begin(reg->store)) < 0)
		goto done;
	in_tx = 1;
	if ((rc = ds__store_prepare(&stmt, reg->store, "SELECT state, kind FROM registrations WHERE id = ?")) < 0 ||
	    (rc = ds__stmt_bind_int(stmt, 1, registration)) < 0 || (rc = ds__stmt_step(stmt)) < 0)
		goto done;
	if (rc == 0) {
		rc = ds__error_at(DS_ENOTFOUND, 0, 0, "registration", "registration %lld does not exist",
				  (long long)registration);
		goto done;
	}
	state = (int)ds__stmt_int(stmt, 0);
	kind = (int)ds__stmt_int(stmt, 1);
	ds__stmt_finalize(stmt);
	stmt = NULL;
	if (state != DS_STATE_DRAFT && state != DS_STATE_SUBMITTED && state != DS_STATE_ACCEPTED &&
	    state != DS_STATE_REVIEW && state != DS_STATE_OBJECTION) {
		rc = ds__error_at(DS_ESTATE, 0, 0, "registration",
				  "registration %lld is %s (%s): an assessment is recorded before 公示, while the"
				  " application is open (draft to review, or objection)",
				  (long long)registration, ds_registry_code_name(DS_CODE_STATE, state),
				  ds_registry_code_label(DS_CODE_STATE, state));
		goto done;
	}
	if ((rc = requirement(&found, purpose, checklist, reg, kind)) < 0)
		goto done;
	if (found && strcmp(purpose, s.purpose) != 0) {
		rc = ds__error_at(DS_EINVAL, 0, 0, "purpose",
				  "registration %lld: %s (%s) registrations need an assessment for purpose '%s'; this"
				  " one is for '%s'",
				  (long long)registration, kind_name(kind), kind_label(kind), purpose, s.purpose);
		goto done;
	}
	if (found && strcmp(checklist, s.checklist) != 0) {
		rc = ds__error_at(DS_EINVAL, 0, 0, "checklist",
				  "registration %lld: %s (%s) registrations are assessed with checklist '%s'; this"
				  " assessment used '%s'",
				  (long long)registration, kind_name(kind), kind_label(kind), checklist, s.checklist);
		goto done;
	}
	forget_assessments(reg);
	if ((rc = ds__store_prepare(&stmt, reg->store,
				    "INSERT INTO assessments (registration, checklist, checklist_version,"
				    " checklist_digest, purpose, outcome, workflow, restrictions, reasons, flags, xml,"
				    " digest, assessed, evaluated, evaluator, actor, recorded, log_index)"
				    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, -1)")) < 0 ||
	    (rc = ds__stmt_bind_int(stmt, 1, registration)) < 0 ||
	    (rc = ds__stmt_bind_text(stmt, 2, s.checklist)) < 0 || (rc = ds__stmt_bind_text(stmt, 3, s.version)) < 0 ||
	    (rc = ds__stmt_bind_text(stmt, 4, s.checklist_digest)) < 0 ||
	    (rc = ds__stmt_bind_text(stmt, 5, s.purpose)) < 0 ||
	    (rc = ds__stmt_bind_int(stmt, 6, ds_assessment_outcome(assessment))) < 0 ||
	    (rc = ds__stmt_bind_int(stmt, 7, wf)) < 0 || (rc = ds__stmt_bind_text(stmt, 8, s.restrictions.data)) < 0 ||
	    (rc = ds__stmt_bind_text(stmt, 9, s.reasons.data)) < 0 ||
	    (rc = ds__stmt_bind_text(stmt, 10, s.flags.data)) < 0 || (rc = ds__stmt_bind_text(stmt, 11, xml)) < 0 ||
	    (rc = ds__stmt_bind_text(stmt, 12, digest)) < 0 || (rc = ds__stmt_bind_text(stmt, 13, s.assessed)) < 0 ||
	    (rc = ds__stmt_bind_text(stmt, 14, s.evaluated)) < 0 ||
	    (rc = ds__stmt_bind_text(stmt, 15, s.evaluator)) < 0 || (rc = ds__stmt_bind_text(stmt, 16, actor)) < 0 ||
	    (rc = ds__stmt_bind_text(stmt, 17, utc)) < 0 || (rc = ds__stmt_step(stmt)) < 0)
		goto done;
	ds__stmt_finalize(stmt);
	stmt = NULL;
	new_id = ds__store_last_id(reg->store);
	fields[0] = (ds__registry_field){ "assessment", NULL, new_id };
	fields[1] = (ds__registry_field){ "checklist", s.checklist, 0 };
	fields[2] = (ds__registry_field){ "checklist_version", s.version, 0 };
	fields[3] = (ds__registry_field){ "checklist_digest", s.checklist_digest, 0 };
	fields[4] = (ds__registry_field){ "purpose", s.purpose, 0 };
	fields[5] = (ds__registry_field){ "outcome", outcomes[ds_assessment_outcome(assessment)], 0 };
	fields[6] = (ds__registry_field){ "workflow", workflows[wf], 0 };
	fields[7] = (ds__registry_field){ "restrictions", s.codes.data, 0 };
	fields[8] = (ds__registry_field){ "reasons", s.reasons.data, 0 };
	fields[9] = (ds__registry_field){ "digest", digest, 0 };
	fields[10] = (ds__registry_field){ "assessed", s.assessed, 0 };
	fields[11] = (ds__registry_field){ "evaluated", s.evaluated, 0 };
	fields[12] = (ds__registry_field){ "evaluator", s.evaluator, 0 };
	fields[13] = (ds__registry_field){ "actor", actor, 0 };
	if ((rc = ds__registry_emit_event(reg, "assessment", registration, utc, fields, 14)) < 0 ||
	    (rc = ds__registry_log_size(reg, &size)) < 0)
		goto done;
	if ((rc = ds__store_prepare(&stmt, reg->store, "UPDATE assessments SET log_index = ? WHERE id = ?")) < 0 ||
	    (rc = ds__stmt_bind_int(stmt, 1, (int64_t)size - 1)) < 0 || (rc = ds__stmt_bind_int(stmt, 2, new_id)) < 0 ||
	    (rc = ds__stmt_step(stmt)) < 0)
		goto done;
	ds__stmt_finalize(stmt);
	stmt = NULL;
	/* Rule 5 in the same transaction, for a registration in 形式审查. */
	if (state == DS_STATE_REVIEW && wf != DS_COMPLIANCE_HOLD) {
		ds_transition_request next = *t;
		if (wf == DS_COMPLIANCE_PROCEED && s.codes.data[0])
			snprintf(reason, sizeof reason, "合规评估 %lld: %s, restrictions %s", (long long)new_id,
				 outcomes[ds_assessment_outcome(assessment)], s.codes.data);
		else if (wf == DS_COMPLIANCE_PROCEED)
			snprintf(reason, sizeof reason, "合规评估 %lld: %s", (long long)new_id,
				 outcomes[ds_assessment_outcome(assessment)]);
		else {
			if ((rc = one_line(&line, s.reasons.data)) < 0)
				goto done;
			snprintf(reason, sizeof reason, "合规评估 %lld 不通过 (fail), 不予登记: %s", (long long)new_id,
				 line);
		}
		next.reason = reason;
		if (!next.evidence)
			next.evidence = digest;
		if ((rc = ds_registry_advance(reg, registration,
					      wf == DS_COMPLIANCE_PROCEED ? DS_STATE_PUBLICITY : DS_STATE_REJECTED,
					      &next)) < 0)
			goto done;
	}
	in_tx = 0;
	if ((rc = ds__store_commit(reg->store)) < 0)
		goto done;
	if (assessment_id)
		*assessment_id = new_id;
	if (effect)
		*effect = wf;
done:
	ds__stmt_finalize(stmt);
	if (in_tx)
		ds__store_rollback(reg->store);
	summary_dispose(&s);
	ds_free(xml);
	ds__free(actor);
	ds__free(line);
	return rc;
}

/* ---------------------------------------------------------------- reading */

#define ASSESSMENT_COLUMNS                                                                                            \
	"id, registration, checklist, checklist_version, checklist_digest, purpose, outcome, workflow, restrictions," \
	" reasons, digest, assessed, evaluated, evaluator, actor, recorded, log_index, stale, stale_at FROM assessments"

static const size_t assessment_strings[] = {
	offsetof(ds_assessment_record, checklist),
	offsetof(ds_assessment_record, checklist_version),
	offsetof(ds_assessment_record, checklist_digest),
	offsetof(ds_assessment_record, purpose),
	offsetof(ds_assessment_record, restrictions),
	offsetof(ds_assessment_record, reasons),
	offsetof(ds_assessment_record, digest),
	offsetof(ds_assessment_record, assessed),
	offsetof(ds_assessment_record, evaluated),
	offsetof(ds_assessment_record, evaluator),
	offsetof(ds_assessment_record, actor),
	offsetof(ds_assessment_record, recorded),
	offsetof(ds_assessment_record, stale),
	offsetof(ds_assessment_record, stale_at),
};
static const int assessment_string_columns[] = { 2, 3, 4, 5, 8, 9, 10, 11, 12, 13, 14, 15, 17, 18 };
#define ASSESSMENT_STRINGS (sizeof assessment_strings / sizeof assessment_strings[0])

int ds_registry_assessment_list(ds_assessment_record **out, size_t *count, ds_registry *reg, int64_t registration)
{
	ds__records records;
	ds_assessment_record *r;
	ds__stmt *stmt = NULL;
	size_t k;
	int rc;

	if (!out || !count || !reg)
		return ds__error(DS_EINVAL, "registry: results and a handle are required");
	if ((rc = ds__store_prepare(&stmt, reg->store, "SELECT COUNT(*) FROM registrations WHERE id = ?")) < 0 ||
	    (rc = ds__stmt_bind_int(stmt, 1, registration)) < 0 || (rc = ds__stmt_step(stmt)) < 0)
		goto done;
	if (ds__stmt_int(stmt, 0) == 0) {
		rc = ds__error_at(DS_ENOTFOUND, 0, 0, "registration", "registration %lld does not exist",
				  (long long)registration);
		goto done;
	}
	ds__stmt_finalize(stmt);
	stmt = NULL;
	if ((rc = ds__store_prepare(&stmt, reg->store,
				    "SELECT " ASSESSMENT_COLUMNS " WHERE registration = ? ORDER BY id")) < 0 ||
	    (rc = ds__stmt_bind_int(stmt, 1, registration)) < 0)
		goto done;
	ds__records_init(&records, sizeof(ds_assessment_record), assessment_strings, ASSESSMENT_STRINGS);
	while ((rc = ds__stmt_step(stmt)) > 0) {
		if (!(r = ds__records_add(&records)))
			break;
		r->id = ds__stmt_int(stmt, 0);
		r->registration = ds__stmt_int(stmt, 1);
		r->outcome = (ds_compliance_outcome)ds__stmt_int(stmt, 6);
		r->workflow = (ds_compliance_workflow)ds__stmt_int(stmt, 7);
		r->log_index = ds__stmt_int(stmt, 16);
		for (k = 0; k < ASSESSMENT_STRINGS; k++)
			ds__records_string(&records, k,
					   ds__stmt_is_null(stmt, assessment_string_columns[k]) ?
						   NULL :
						   ds__stmt_text(stmt, assessment_string_columns[k]));
	}
	if (rc < 0)
		ds__records_dispose(&records);
	else
		rc = ds__records_finish((void **)out, count, &records);
done:
	ds__stmt_finalize(stmt);
	return rc;
}

/* ---------------------------------------------------------------- the gate (rule 5) */

/* The latest assessment of @id: *found 0 when none. */
typedef struct latest {
	int found;
	int64_t id;
	int workflow;
	char purpose[65], checklist[65];
	char *restrictions, *reasons, *stale, *flags, *checklist_digest, *assessed;
} latest;

static void latest_dispose(latest *l)
{
	ds__free(l->restrictions);
	ds__free(l->reasons);
	ds__free(l->stale);
	ds__free(l->flags);
	ds__free(l->checklist_digest);
	ds__free(l->assessed);
}

static int dup_column(char **out, ds__stmt *stmt, int column)
{
	if (ds__stmt_is_null(stmt, column)) {
		*out = NULL;
		return DS_OK;
	}
	return (*out = ds__strdup(ds__stmt_text(stmt, column))) ? DS_OK : ds__enomem();
}

/* Whether registration @id may have an assessment: not when it is above the
 * highest registration id any assessment names, read once per transaction
 * (a batch's new registrations have none; reading the table for each cost a
 * statement of a batched registration's 49). */
static int may_be_assessed(int *may, ds_registry *reg, int64_t id)
{
	ds__registry_cache *cache = ds__registry_cache_get(reg);
	ds__stmt *stmt = NULL;
	int rc;

	*may = 1;
	if (!cache)
		return DS_OK;
	if (!cache->assessed_known) {
		if ((rc = ds__store_prepare(&stmt, reg->store,
					    "SELECT coalesce(max(registration), 0) FROM assessments")) < 0)
			return rc;
		if ((rc = ds__stmt_step(stmt)) > 0) {
			cache->assessed_max = ds__stmt_int(stmt, 0);
			cache->assessed_known = 1;
		}
		ds__stmt_finalize(stmt);
		if (rc < 0)
			return rc;
	}
	*may = !cache->assessed_known || id <= cache->assessed_max;
	return DS_OK;
}

static int latest_load(latest *l, ds_registry *reg, int64_t id)
{
	ds__stmt *stmt = NULL;
	int rc, may = 1;

	memset(l, 0, sizeof *l);
	if ((rc = may_be_assessed(&may, reg, id)) < 0 || !may)
		return rc;
	if ((rc = ds__store_prepare(&stmt, reg->store,
				    "SELECT id, workflow, purpose, checklist, restrictions, reasons, stale, flags,"
				    " checklist_digest, assessed FROM assessments WHERE registration = ?"
				    " ORDER BY id DESC LIMIT 1")) < 0 ||
	    (rc = ds__stmt_bind_int(stmt, 1, id)) < 0 || (rc = ds__stmt_step(stmt)) < 0)
		goto done;
	if (rc > 0) {
		l->found = 1;
		l->id = ds__stmt_int(stmt, 0);
		l->workflow = (int)ds__stmt_int(stmt, 1);
		snprintf(l->purpose, sizeof l->purpose, "%s", ds__stmt_text(stmt, 2));
		snprintf(l->checklist, sizeof l->checklist, "%s", ds__stmt_text(stmt, 3));
		if ((rc = dup_column(&l->restrictions, stmt, 4)) < 0 || (rc = dup_column(&l->reasons, stmt, 5)) < 0 ||
		    (rc = dup_column(&l->stale, stmt, 6)) < 0 || (rc = dup_column(&l->flags, stmt, 7)) < 0 ||
		    (rc = dup_column(&l->checklist_digest, stmt, 8)) < 0 ||
		    (rc = dup_column(&l->assessed, stmt, 9)) < 0)
			goto done;
	}
	rc = DS_OK;
done:
	ds__stmt_finalize(stmt);
	return rc;
}

/* Write the restrictions ("code\ttext" lines) into the registration's
 * restrictions, one line "code: text" each, unless already there. */
static int write_restrictions(ds_registry *reg, int64_t id, const char *restrictions)
{
	ds__stmt *stmt = NULL;
	ds__buf b = DS__BUF_INIT;
	const char *p, *old;
	int rc, changed = 0;

	if ((rc = ds__store_prepare(&stmt, reg->store, "SELECT restrictions FROM registrations WHERE id = ?")) < 0 ||
	    (rc = ds__stmt_bind_int(stmt, 1, id)) < 0 || (rc = ds__stmt_step(stmt)) < 0)
		goto done;
	old = rc > 0 && !ds__stmt_is_null(stmt, 0) ? ds__stmt_text(stmt, 0) : NULL;
	if (old)
		ds__buf_puts(&b, old);
	for (p = restrictions; *p;) {
		const char *tab = strchr(p, '\t'), *nl = strchr(p, '\n');
		char line[1200];
		if (!tab || !nl || tab > nl)
			break;
		snprintf(line, sizeof line, "%.*s: %.*s", (int)(tab - p), p, (int)(nl - tab - 1), tab + 1);
		if (!old || !strstr(old, line)) {
			if (b.len)
				ds__buf_putc(&b, '\n');
			ds__buf_puts(&b, line);
			changed = 1;
		}
		p = nl + 1;
	}
	ds__buf_putc(&b, '\0');
	if (b.oom) {
		rc = ds__enomem();
		goto done;
	}
	ds__stmt_finalize(stmt);
	stmt = NULL;
	rc = DS_OK;
	if (!changed)
		goto done;
	if ((rc = ds__store_prepare(&stmt, reg->store, "UPDATE registrations SET restrictions = ? WHERE id = ?")) < 0 ||
	    (rc = ds__stmt_bind_text(stmt, 1, b.data)) < 0 || (rc = ds__stmt_bind_int(stmt, 2, id)) < 0 ||
	    (rc = ds__stmt_step(stmt)) < 0)
		goto done;
	rc = DS_OK;
done:
	ds__stmt_finalize(stmt);
	ds__buf_dispose(&b);
	return rc;
}

int ds__registry_compliance_gate(ds_registry *reg, int64_t id, int kind)
{
	char purpose[65], checklist[65], *line = NULL;
	latest l;
	int found = 0, rc;

	if ((rc = requirement(&found, purpose, checklist, reg, kind)) < 0)
		return rc;
	if ((rc = latest_load(&l, reg, id)) < 0)
		goto done;
	if (!l.found) {
		if (found)
			rc = ds__error_at(
				DS_ESTATE, 0, 0, "assessment",
				"registration %lld: a %s (%s) registration needs a compliance assessment"
				" (purpose '%s', checklist %s) with outcome pass or conditional on file before"
				" 公示; none is recorded",
				(long long)id, kind_name(kind), kind_label(kind), purpose, checklist);
		goto done;
	}
	if (l.stale) {
		rc = ds__error_at(DS_ESTATE, 0, 0, "assessment",
				  "registration %lld: compliance assessment %lld is stale (%s); re-assess before 公示",
				  (long long)id, (long long)l.id, l.stale);
		goto done;
	}
	if (found && (strcmp(purpose, l.purpose) != 0 || strcmp(checklist, l.checklist) != 0)) {
		rc = ds__error_at(DS_ESTATE, 0, 0, "assessment",
				  "registration %lld: compliance assessment %lld is for purpose '%s' with checklist %s;"
				  " %s (%s) registrations need purpose '%s' with checklist %s",
				  (long long)id, (long long)l.id, l.purpose, l.checklist, kind_name(kind),
				  kind_label(kind), purpose, checklist);
		goto done;
	}
	if (l.workflow != DS_COMPLIANCE_PROCEED) {
		if ((rc = one_line(&line, l.reasons ? l.reasons : "")) < 0)
			goto done;
		if (l.workflow == DS_COMPLIANCE_HOLD)
			rc = ds__error_at(DS_ESTATE, 0, 0, "assessment",
					  "registration %lld: compliance assessment %lld is conditional; 补正 (supply)"
					  " every item before 公示, then re-assess: %s",
					  (long long)id, (long long)l.id, line);
		else
			rc = ds__error_at(DS_ESTATE, 0, 0, "assessment",
					  "registration %lld: compliance assessment %lld failed (%s): 不予登记, move it"
					  " to rejected",
					  (long long)id, (long long)l.id, line);
		goto done;
	}
	rc = l.restrictions && *l.restrictions ? write_restrictions(reg, id, l.restrictions) : DS_OK;
done:
	/* Passed with nothing for the certificate to print: REGISTERED, in the
	 * same batch, need not read the assessment again. */
	keep_unrestricted(reg, rc == DS_OK && (!l.restrictions || !*l.restrictions) ? id : 0);
	latest_dispose(&l);
	ds__free(line);
	return rc;
}

int ds__registry_compliance_restrictions(ds_certificate_restriction **out, size_t *count, char **storage,
					 ds_registry *reg, int64_t id)
{
	ds_certificate_restriction *list = NULL;
	size_t n = 0, i = 0;
	char *p;
	latest l;
	int rc;

	*out = NULL;
	*count = 0;
	*storage = NULL;
	{
		const ds__registry_cache *cache = ds__registry_cache_get(reg);
		if (cache && cache->unrestricted_id == id)
			return DS_OK;
	}
	if ((rc = latest_load(&l, reg, id)) < 0)
		goto done;
	if (!l.found || l.stale || l.workflow != DS_COMPLIANCE_PROCEED || !l.restrictions || !*l.restrictions)
		goto done;
	for (p = l.restrictions; *p; p++)
		n += *p == '\n';
	if (!(list = ds__calloc(n ? n : 1, sizeof *list))) {
		rc = ds__enomem();
		goto done;
	}
	for (p = l.restrictions; *p && i < n;) {
		char *tab = strchr(p, '\t'), *nl = strchr(p, '\n');
		if (!tab || !nl || tab > nl)
			break;
		*tab = '\0';
		*nl = '\0';
		list[i].code = p;
		list[i].text = tab + 1;
		i++;
		p = nl + 1;
	}
	*out = list;
	*count = i;
	*storage = l.restrictions;
	l.restrictions = NULL;
done:
	latest_dispose(&l);
	return rc;
}

/* ---------------------------------------------------------------- stale assessments */

int ds_registry_assessment_check_probe(int *stale, ds_registry *reg, int64_t registration, const ds_probe *probe,
				       const ds_checklist *checklist, const ds_transition_request *t)
{
	ds_compliance_options opts = DS_COMPLIANCE_OPTIONS_INIT;
	ds_compliance_entry *entry = NULL;
	ds_checklist *bundled = NULL;
	ds_assessment *again = NULL;
	ds__buf why = DS__BUF_INIT;
	ds__registry_field fields[5];
	ds__stmt *stmt = NULL;
	const char *schema_fp = NULL, *content_fp = NULL;
	char *actor = NULL, utc[21], date[11], *p;
	size_t i, n, changes = 0;
	int64_t at;
	latest l;
	int rc, in_tx = 0;

	memset(&l, 0, sizeof l);
	if (!stale || !reg || !probe || !t)
		return ds__error(DS_EINVAL,
				 "registry: a result, a handle, a probe report and a transition are required");
	if (t->version < 1 || t->version > DS_TRANSITION_REQUEST_VERSION)
		return ds__error(DS_EINVAL, "transition request: unknown version %u", t->version);
	if ((rc = ds__registry_text(&actor, t->actor, "actor", DS__REG_MAX_NAME, 1, 0)) < 0 || (rc = when(&at, t)) < 0)
		goto done;
	ds__registry_time(utc, date, at);
	if ((rc = latest_load(&l, reg, registration)) < 0)
		goto done;
	if (!l.found) {
		rc = ds__error_at(DS_ENOTFOUND, 0, 0, "assessment", "registration %lld has no compliance assessment",
				  (long long)registration);
		goto done;
	}
	if (l.stale) {
		*stale = 1;
		rc = DS_OK;
		goto done;
	}
	if (!checklist) {
		if ((rc = ds_checklist_bundled(&bundled, l.checklist)) < 0) {
			ds__error_prefix("the assessment's checklist: ");
			goto done;
		}
		checklist = bundled;
	}
	if (strcmp(ds_checklist_digest(checklist), l.checklist_digest) != 0) {
		rc = ds__error_at(DS_EINVAL, 0, 0, "checklist",
				  "checklist %s (%s) is not the one assessment %lld used (%s %s)",
				  ds_checklist_id(checklist), ds_checklist_digest(checklist), (long long)l.id,
				  l.checklist, l.checklist_digest);
		goto done;
	}
	/* The assessment's own inputs, declared, plus the probe's facts: a flag
	 * the facts raise (the checklist says which) is what it did not declare. */
	if ((rc = ds_compliance_entry_new(&entry)) < 0)
		goto done;
	for (p = l.flags; p && *p;) {
		char *tab1 = strchr(p, '\t'), *tab2 = tab1 ? strchr(tab1 + 1, '\t') : NULL, *nl = strchr(p, '\n');
		if (!tab1 || !tab2 || !nl || tab2 > nl)
			break;
		*tab1 = *tab2 = *nl = '\0';
		if (strcmp(tab2 + 1, "derived") != 0 && (rc = ds_compliance_entry_set(entry, p, tab1 + 1)) < 0)
			goto done;
		*tab1 = *tab2 = '\t';
		*nl = '\n';
		p = nl + 1;
	}
	if ((rc = ds_compliance_entry_set_probe(entry, probe)) < 0)
		goto done;
	opts.date = l.assessed;
	opts.time = "2000-01-01T00:00:00Z";
	if ((rc = ds_compliance_assess(&again, checklist, entry, NULL, &opts)) < 0)
		goto done;
	n = ds_assessment_flag_count(again);
	for (i = 0; i < n; i++) {
		const char *name = NULL, *value = NULL, *origin = NULL, *q;
		char key[200];
		size_t klen;
		if (ds_assessment_flag_at(&name, &value, &origin, again, i) < 0 || strcmp(origin, "derived") == 0)
			continue;
		snprintf(key, sizeof key, "%s\t", name);
		klen = strlen(key);
		for (q = l.flags; q && (q = strstr(q, key)); q++)
			if (q == l.flags || q[-1] == '\n')
				break;
		if (q) {
			const char *v = q + klen, *end = strchr(v, '\t');
			if (end && (size_t)(end - v) == strlen(value) && strncmp(v, value, strlen(value)) == 0)
				continue;
			ds__buf_printf(&why, "%s%s %.*s → %s", changes ? "; " : "", name, end ? (int)(end - v) : 0, v,
				       value);
			changes++;
		}
	}
	if (!changes) {
		*stale = 0;
		rc = DS_OK;
		goto done;
	}
	n = ds_probe_column_count(probe);
	for (i = 0, changes = 0; i < n; i++) {
		ds_probe_column_info c;
		if (ds_probe_column_at(&c, probe, i) < 0 || !c.personal_info)
			continue;
		ds__buf_printf(&why, "%s%s (%s)", changes++ ? ", " : "; personal information in column ", c.name,
			       ds_probe_semantic_name(c.semantic));
	}
	ds__buf_putc(&why, '\0');
	if (why.oom) {
		rc = ds__enomem();
		goto done;
	}
	ds_probe_fingerprint(&schema_fp, &content_fp, probe);
	if ((rc = ds__registry_issue_settle(reg)) < 0 || (rc = ds__store_begin(reg->store)) < 0)
		goto done;
	in_tx = 1;
	keep_unrestricted(reg, 0);
	if ((rc = ds__store_prepare(&stmt, reg->store,
				    "UPDATE assessments SET stale = ?, stale_at = ? WHERE id = ? AND stale IS NULL")) <
		    0 ||
	    (rc = ds__stmt_bind_text(stmt, 1, why.data)) < 0 || (rc = ds__stmt_bind_text(stmt, 2, utc)) < 0 ||
	    (rc = ds__stmt_bind_int(stmt, 3, l.id)) < 0 || (rc = ds__stmt_step(stmt)) < 0)
		goto done;
	fields[0] = (ds__registry_field){ "assessment", NULL, l.id };
	fields[1] = (ds__registry_field){ "stale", why.data, 0 };
	fields[2] = (ds__registry_field){ "probe", content_fp ? content_fp : "", 0 };
	fields[3] = (ds__registry_field){ "actor", actor, 0 };
	if ((rc = ds__registry_emit_event(reg, "assessment_stale", registration, utc, fields, 4)) < 0)
		goto done;
	in_tx = 0;
	if ((rc = ds__store_commit(reg->store)) < 0)
		goto done;
	*stale = 1;
done:
	ds__stmt_finalize(stmt);
	if (in_tx)
		ds__store_rollback(reg->store);
	latest_dispose(&l);
	ds_assessment_free(again);
	ds_compliance_entry_free(entry);
	ds_checklist_free(bundled);
	ds__buf_dispose(&why);
	ds__free(actor);
	return rc;
}
