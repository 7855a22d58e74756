/*
 * Entries (declared flags and facts about one registration or listing) and
 * evidence lists: reading, checking, and the facts of catalogue entries and
 * probe reports.
 * SPDX-License-Identifier: MIT
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "compliance/model.h"
#include "internal/codes.h"

#define VALUE_MAX 2000

/* ---------------------------------------------------------------- entries */

static void pairs_free(pair *p, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		ds__free(p[i].name);
		ds__free(p[i].value);
	}
	ds__free(p);
}

void ds_compliance_entry_free(ds_compliance_entry *e)
{
	if (!e)
		return;
	ds__free(e->id);
	pairs_free(e->flags, e->n_flags);
	pairs_free(e->facts, e->n_facts);
	ds__free(e);
}

int ds_compliance_entry_new(ds_compliance_entry **out)
{
	if (!out)
		return ds__error(DS_EINVAL, "ds_compliance_entry_new: NULL argument");
	if (!(*out = ds__calloc(1, sizeof **out)))
		return ds__enomem();
	return DS_OK;
}

/* Set @name to a copy of @value (NULL removes it) in a pair array; the array is unchanged on failure. */
static int pair_set(pair **arr, size_t *n, size_t *cap, const char *name, const char *value)
{
	char *v = NULL, *k = NULL;
	size_t i;
	int rc;

	for (i = 0; i < *n; i++)
		if (strcmp((*arr)[i].name, name) == 0)
			break;
	if (!value) {
		if (i < *n) {
			ds__free((*arr)[i].name);
			ds__free((*arr)[i].value);
			memmove(&(*arr)[i], &(*arr)[i + 1], (*n - i - 1) * sizeof **arr);
			(*n)--;
		}
		return DS_OK;
	}
	if ((rc = ds__nfc(&v, value, strlen(value))) < 0)
		return rc == DS_EPARSE ? ds__error(DS_EINVAL, "%s: the value is not valid UTF-8", name) : rc;
	if (i < *n) {
		ds__free((*arr)[i].value);
		(*arr)[i].value = v;
		return DS_OK;
	}
	if ((rc = ds__compliance_grow(arr, cap, *n + 1, sizeof **arr)) < 0 || !(k = ds__strdup(name))) {
		ds__free(v);
		return rc < 0 ? rc : ds__enomem();
	}
	(*arr)[*n].name = k;
	(*arr)[*n].value = v;
	(*n)++;
	return DS_OK;
}

static int check_text(const char *what, const char *name, const char *value)
{
	if (strlen(name) > 200 || (value && strlen(value) > VALUE_MAX))
		return ds__error(DS_EINVAL, "%s '%.64s': longer than %d bytes", what, name, VALUE_MAX);
	return DS_OK;
}

int ds_compliance_entry_set(ds_compliance_entry *e, const char *flag, const char *value)
{
	int rc;

	if (!e || !flag)
		return ds__error(DS_EINVAL, "ds_compliance_entry_set: NULL argument");
	if ((rc = check_text("flag", flag, value)) < 0)
		return rc;
	return pair_set(&e->flags, &e->n_flags, &e->cap_flags, flag, value);
}

/* Replace every fact whose name starts with @prefix by @n new ones (names and values), all or nothing. */
static int replace_facts(ds_compliance_entry *e, const char *prefix, char **names, char **values, size_t n)
{
	pair *kept = NULL;
	size_t n_kept = 0, cap = 0, i, plen = strlen(prefix);
	int rc = DS_OK;

	for (i = 0; i < e->n_facts && rc == DS_OK; i++)
		if (strncmp(e->facts[i].name, prefix, plen) != 0)
			rc = pair_set(&kept, &n_kept, &cap, e->facts[i].name, e->facts[i].value);
	for (i = 0; i < n && rc == DS_OK; i++)
		rc = pair_set(&kept, &n_kept, &cap, names[i], values[i]);
	if (rc < 0) {
		pairs_free(kept, n_kept);
		return rc;
	}
	pairs_free(e->facts, e->n_facts);
	e->facts = kept;
	e->n_facts = n_kept;
	e->cap_facts = cap;
	return DS_OK;
}

int ds_compliance_entry_set_registrant(ds_compliance_entry *e, const char *code, const char *name, const char *kind)
{
	char normal[19], *names[3] = { "registrant.code", "registrant.name", "registrant.kind" };
	char *values[3];
	size_t n = 1;
	int rc;

	if (!e || !code)
		return ds__error(DS_EINVAL, "ds_compliance_entry_set_registrant: NULL argument");
	if ((rc = ds__uscc_normalize(normal, code)) < 0) {
		ds__error_prefix("registrant: ");
		return rc == DS_EPARSE ? DS_EINVAL : rc;
	}
	if ((rc = check_text("registrant", "name", name)) < 0 || (rc = check_text("registrant", "kind", kind)) < 0)
		return rc;
	values[0] = normal;
	if (name) {
		names[n] = "registrant.name";
		values[n++] = (char *)name;
	}
	if (kind) {
		names[n] = "registrant.kind";
		values[n++] = (char *)kind;
	}
	return replace_facts(e, "registrant.", names, values, n);
}

int ds_compliance_entry_set_resource(ds_compliance_entry *e, const ds_resource *resource)
{
	char names[DS_FIELD_COUNT][64], *name_ptrs[DS_FIELD_COUNT], *values[DS_FIELD_COUNT];
	size_t n = 0;
	int f;

	if (!e || !resource)
		return ds__error(DS_EINVAL, "ds_compliance_entry_set_resource: NULL argument");
	for (f = 0; f < DS_FIELD_COUNT; f++) {
		const char *v = ds_resource_get(resource, (ds_field)f);
		if (!v)
			continue;
		snprintf(names[n], sizeof names[n], "catalog.%s", ds_field_name((ds_field)f));
		name_ptrs[n] = names[n];
		values[n++] = (char *)v;
	}
	return replace_facts(e, "catalog.", name_ptrs, values, n);
}

int ds_compliance_entry_set_probe(ds_compliance_entry *e, const ds_probe *probe)
{
	static const ds_probe_semantic semantics[] = { DS_SEMANTIC_CREDIT_CODE, DS_SEMANTIC_ID_CARD, DS_SEMANTIC_MOBILE,
						       DS_SEMANTIC_REGION, DS_SEMANTIC_EMAIL };
	enum { N_SEM = sizeof semantics / sizeof semantics[0] };
	char sem_names[N_SEM][48], rows[32], *names[N_SEM + 3], *values[N_SEM + 3];
	int seen[N_SEM] = { 0 }, personal = 0;
	ds__buf columns = DS__BUF_INIT;
	ds_probe_source_info source;
	size_t i, k, n = 0;
	int rc;

	if (!e || !probe)
		return ds__error(DS_EINVAL, "ds_compliance_entry_set_probe: NULL argument");
	for (i = 0; i < ds_probe_column_count(probe); i++) {
		ds_probe_column_info col;
		if ((rc = ds_probe_column_at(&col, probe, i)) < 0)
			goto done;
		if (col.personal_info) {
			ds__buf_printf(&columns, "%s%s", personal ? ", " : "", col.name);
			personal = 1;
		}
		for (k = 0; k < N_SEM; k++)
			if (col.semantic == semantics[k])
				seen[k] = 1;
	}
	if ((rc = ds_probe_source(&source, probe)) < 0)
		goto done;
	snprintf(rows, sizeof rows, "%llu", (unsigned long long)source.rows);
	names[n] = "probe.personal_info";
	values[n++] = personal ? "true" : "false";
	names[n] = "probe.personal_columns";
	values[n++] = columns.data ? columns.data : "";
	names[n] = "probe.rows";
	values[n++] = rows;
	for (k = 0; k < N_SEM; k++) {
		snprintf(sem_names[k], sizeof sem_names[k], "probe.%s", ds_probe_semantic_name(semantics[k]));
		names[n] = sem_names[k];
		values[n++] = seen[k] ? "true" : "false";
	}
	if (columns.oom) {
		rc = ds__enomem();
		goto done;
	}
	rc = replace_facts(e, "probe.", names, values, n);
done:
	ds__buf_dispose(&columns);
	return rc;
}

static int read_entry(ds_compliance_entry *e, xmlNodePtr root)
{
	xmlNodePtr node;
	char *a = NULL, *b = NULL, *c = NULL;
	int rc = DS_OK;

	if ((rc = ds__xml_text(&e->id, root, "id")) < 0)
		return rc;
	if ((node = ds__xml_child(root, "registrant"))) {
		if ((rc = ds__xml_text_required(&a, node, "code")) < 0 || (rc = ds__xml_text(&b, node, "name")) < 0 ||
		    (rc = ds__xml_text(&c, node, "kind")) < 0)
			goto done;
		if ((rc = ds_compliance_entry_set_registrant(e, a, b, c)) < 0) {
			char message[512];
			snprintf(message, sizeof message, "%s", ds_error_last()->message);
			rc = ds__xml_error(rc, node, "code", "%s", message);
			goto done;
		}
		ds__free(a);
		ds__free(b);
		ds__free(c);
		a = b = c = NULL;
	}
	for (node = ds__xml_child(root, NULL); node; node = ds__xml_next(node, NULL)) {
		int is_flag = xmlStrEqual(node->name, BAD_CAST "flag");
		pair *arr = is_flag ? e->flags : e->facts;
		size_t n = is_flag ? e->n_flags : e->n_facts;
		if (!is_flag && !xmlStrEqual(node->name, BAD_CAST "fact"))
			continue;
		if ((rc = ds__xml_text_required(&a, node, "name")) < 0 ||
		    (rc = ds__xml_text_required(&b, node, "value")) < 0)
			goto done;
		for (size_t i = 0; i < n; i++)
			if (strcmp(arr[i].name, a) == 0) {
				rc = ds__xml_error(DS_EEXISTS, node, "name", "%s '%s' is given twice",
						   is_flag ? "flag" : "fact", a);
				goto done;
			}
		rc = is_flag ? pair_set(&e->flags, &e->n_flags, &e->cap_flags, a, b) :
			       pair_set(&e->facts, &e->n_facts, &e->cap_facts, a, b);
		if (rc < 0)
			goto done;
		ds__free(a);
		ds__free(b);
		a = b = NULL;
	}
done:
	ds__free(a);
	ds__free(b);
	ds__free(c);
	return rc;
}

int ds_compliance_entry_parse(ds_compliance_entry **out, const char *data, size_t len, const char *name)
{
	xmlDocPtr doc = NULL;
	ds_compliance_entry *e = NULL;
	int rc;

	if (!out || !data)
		return ds__error(DS_EINVAL, "ds_compliance_entry_parse: NULL argument");
	if ((rc = ds__compliance_load(&doc, data, len, name ? name : "entry", "entry")) < 0)
		goto done;
	if (!(e = ds__calloc(1, sizeof *e))) {
		rc = ds__enomem();
		goto done;
	}
	if ((rc = read_entry(e, xmlDocGetRootElement(doc))) < 0)
		goto done;
	*out = e;
	e = NULL;
done:
	ds_compliance_entry_free(e);
	if (doc)
		xmlFreeDoc(doc);
	return rc;
}

int ds_compliance_entry_load(ds_compliance_entry **out, const char *path)
{
	char *data = NULL;
	size_t len = 0;
	int rc;

	if (!out || !path)
		return ds__error(DS_EINVAL, "ds_compliance_entry_load: NULL argument");
	if ((rc = ds__xml_read_file(&data, &len, path, "compliance.xsd")) < 0)
		return rc;
	rc = ds_compliance_entry_parse(out, data, len, path);
	ds__free(data);
	return rc;
}

/* ---------------------------------------------------------------- evidence */

void ds_evidence_free(ds_evidence *ev)
{
	size_t i, j;

	if (!ev)
		return;
	for (i = 0; i < ev->n_records; i++) {
		evidence_rec *r = &ev->records[i];
		ds__free(r->id);
		ds__free(r->kind);
		ds__free(r->digest);
		ds__free(r->issuer);
		ds__free(r->issuer_code);
		ds__free(r->assessor);
		ds__free(r->qualification);
		ds__free(r->note);
		for (j = 0; j < r->n_items; j++)
			ds__free(r->items[j]);
		ds__free(r->items);
	}
	ds__free(ev->records);
	for (i = 0; i < ev->n_reviews; i++) {
		ds__free(ev->reviews[i].item);
		ds__free(ev->reviews[i].reviewer);
		ds__free(ev->reviews[i].reason);
	}
	ds__free(ev->reviews);
	ds__free(ev);
}

size_t ds_evidence_count(const ds_evidence *ev)
{
	return ev ? ev->n_records : 0;
}

static int split_words(char ***out, size_t *n, const char *text)
{
	const char *p = text;
	size_t count = 0;

	*out = NULL;
	*n = 0;
	for (const char *q = text; *q;) {
		while (*q == ' ')
			q++;
		if (!*q)
			break;
		count++;
		while (*q && *q != ' ')
			q++;
	}
	if (!count)
		return DS_OK;
	if (!(*out = ds__calloc(count, sizeof **out)))
		return ds__enomem();
	while (*p) {
		const char *end;
		while (*p == ' ')
			p++;
		if (!*p)
			break;
		end = p;
		while (*end && *end != ' ')
			end++;
		if (!((*out)[*n] = ds__strndup(p, (size_t)(end - p))))
			return ds__enomem();
		(*n)++;
		p = end;
	}
	return DS_OK;
}

static int read_record(evidence_rec *r, xmlNodePtr node)
{
	xmlNodePtr issuer, note;
	char *text = NULL, *finding = NULL;
	int rc;

	if ((rc = ds__xml_text_required(&r->id, node, "id")) < 0 ||
	    (rc = ds__xml_text_required(&r->kind, node, "kind")) < 0 ||
	    (rc = ds__xml_text_required(&r->digest, node, "digest")) < 0 ||
	    (rc = ds__xml_date(&r->issued, node, "issued")) < 0)
		goto done;
	if (xmlHasProp(node, BAD_CAST "expires")) {
		if ((rc = ds__xml_date(&r->expires, node, "expires")) < 0)
			goto done;
		r->has_expires = 1;
		if (ds__date_cmp(r->expires, r->issued) < 0) {
			rc = ds__xml_error(DS_EINVAL, node, "expires", "evidence '%s': expires before it was issued",
					   r->id);
			goto done;
		}
	}
	if ((rc = ds__xml_text(&text, node, "for")) < 0 ||
	    (text && (rc = split_words(&r->items, &r->n_items, text)) < 0))
		goto done;
	if ((rc = ds__xml_text(&finding, node, "finding")) < 0)
		goto done;
	r->contradicts = finding && strcmp(finding, "contradicts") == 0;
	if ((issuer = ds__xml_child(node, "issuer"))) {
		if ((rc = ds__xml_text_required(&r->issuer, issuer, "name")) < 0 ||
		    (rc = ds__xml_text(&r->issuer_code, issuer, "code")) < 0 ||
		    (rc = ds__xml_text(&r->assessor, issuer, "assessor")) < 0 ||
		    (rc = ds__xml_text(&r->qualification, issuer, "qualification")) < 0)
			goto done;
		if (r->issuer_code) {
			char normal[19];
			if ((rc = ds__uscc_normalize(normal, r->issuer_code)) < 0) {
				char message[512];
				snprintf(message, sizeof message, "%s", ds_error_last()->message);
				rc = ds__xml_error(DS_EINVAL, issuer, "code",
						   "evidence '%s': issuer 统一社会信用代码: %s", r->id, message);
				goto done;
			}
			memcpy(r->issuer_code, normal, 19);
		}
	}
	if ((note = ds__xml_child(node, "note")) && (rc = ds__xml_text(&r->note, note, NULL)) < 0)
		goto done;
done:
	ds__free(text);
	ds__free(finding);
	return rc;
}

static int read_evidence(ds_evidence *ev, xmlNodePtr root)
{
	xmlNodePtr node;
	size_t n, i;
	int rc;

	n = ds__xml_count(root, "evidence");
	if (n && !(ev->records = ds__calloc(n, sizeof *ev->records)))
		return ds__enomem();
	for (node = ds__xml_child(root, "evidence"); node; node = ds__xml_next(node, "evidence")) {
		evidence_rec *r = &ev->records[ev->n_records++];
		if ((rc = read_record(r, node)) < 0)
			return rc;
		for (i = 0; i + 1 < ev->n_records; i++)
			if (strcmp(ev->records[i].id, r->id) == 0)
				return ds__xml_error(DS_EEXISTS, node, "id", "evidence '%s' is listed twice", r->id);
	}
	n = ds__xml_count(root, "review");
	if (n && !(ev->reviews = ds__calloc(n, sizeof *ev->reviews)))
		return ds__enomem();
	for (node = ds__xml_child(root, "review"); node; node = ds__xml_next(node, "review")) {
		review_rec *r = &ev->reviews[ev->n_reviews++];
		char *status = NULL;
		if ((rc = ds__xml_text_required(&r->item, node, "item")) < 0 ||
		    (rc = ds__xml_text_required(&r->reviewer, node, "reviewer")) < 0 ||
		    (rc = ds__xml_date(&r->date, node, "date")) < 0 ||
		    (rc = ds__xml_text(&r->reason, node, NULL)) < 0 ||
		    (rc = ds__xml_text_required(&status, node, "status")) < 0)
			return rc;
		r->status = strcmp(status, "satisfied") == 0 ? DS_COMPLIANCE_SATISFIED : DS_COMPLIANCE_NOT_SATISFIED;
		ds__free(status);
		for (i = 0; i + 1 < ev->n_reviews; i++)
			if (strcmp(ev->reviews[i].item, r->item) == 0)
				return ds__xml_error(DS_EEXISTS, node, "item", "item '%s' is reviewed twice", r->item);
	}
	return DS_OK;
}

int ds_evidence_parse(ds_evidence **out, const char *data, size_t len, const char *name)
{
	xmlDocPtr doc = NULL;
	ds_evidence *ev = NULL;
	int rc;

	if (!out || !data)
		return ds__error(DS_EINVAL, "ds_evidence_parse: NULL argument");
	if ((rc = ds__compliance_load(&doc, data, len, name ? name : "evidence", "evidence-list")) < 0)
		goto done;
	if (!(ev = ds__calloc(1, sizeof *ev))) {
		rc = ds__enomem();
		goto done;
	}
	if ((rc = read_evidence(ev, xmlDocGetRootElement(doc))) < 0)
		goto done;
	*out = ev;
	ev = NULL;
done:
	ds_evidence_free(ev);
	if (doc)
		xmlFreeDoc(doc);
	return rc;
}

int ds_evidence_load(ds_evidence **out, const char *path)
{
	char *data = NULL;
	size_t len = 0;
	int rc;

	if (!out || !path)
		return ds__error(DS_EINVAL, "ds_evidence_load: NULL argument");
	if ((rc = ds__xml_read_file(&data, &len, path, "compliance.xsd")) < 0)
		return rc;
	rc = ds_evidence_parse(out, data, len, path);
	ds__free(data);
	return rc;
}
