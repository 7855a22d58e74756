/*
 * Certificate issuance (登记凭证): when a registration reaches REGISTERED the
 * registry builds its certificate from what the registration stores, appends
 * the certificate's log entry to the transparency log, attaches the log
 * evidence under a checkpoint signed with the current key, signs the
 * certificate and keeps the document, all in the transaction of the
 * transition (docs/registry.md, "Certificates"). The last three steps wait
 * for the transaction's end, so that every document issued in one batch
 * hangs under one signed checkpoint.
 * SPDX-License-Identifier: MIT
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "datasset/catalog.h"
#include "datasset/certificate.h"
#include "internal/catalog.h"
#include "internal/crypto.h"
#include "internal/translog.h"
#include "certificate/certificate_internal.h"
#include "internal/xml.h"
#include "registry_internal.h"

/* The value written where the certificate schema requires a field that
 * nothing in the registration declares: a statement of absence, never a guess. */
#define NOT_DECLARED "未申报 (not declared in the registration)"

/* The registration's stored facts, read inside the transition's transaction. */
typedef struct stored_registration {
	char *subject, *subject_name, *entry_id, *entry_title, *entry_xml, *scope, *term, *restrictions, *applied,
		*publicity_start, *publicity_end, *registered, *certificate, *supersedes;
	int kind, right, type;
} stored_registration;

static void stored_dispose(stored_registration *s)
{
	ds__free(s->subject);
	ds__free(s->subject_name);
	ds__free(s->entry_id);
	ds__free(s->entry_title);
	ds__free(s->entry_xml);
	ds__free(s->scope);
	ds__free(s->term);
	ds__free(s->restrictions);
	ds__free(s->applied);
	ds__free(s->publicity_start);
	ds__free(s->publicity_end);
	ds__free(s->registered);
	ds__free(s->certificate);
	ds__free(s->supersedes);
}

static int copy_column(char **out, ds__stmt *stmt, int column)
{
	const char *text = ds__stmt_text(stmt, column);

	if (!text)
		return DS_OK;
	return (*out = ds__strdup(text)) ? DS_OK : ds__enomem();
}

static int load_stored(stored_registration *s, ds_registry *reg, int64_t id)
{
	ds__stmt *stmt = NULL;
	int rc, i;

	if ((rc = ds__store_prepare(
		     &stmt, reg->store,
		     "SELECT r.subject, s.name, r.entry_id, r.entry_title, r.entry_xml, r.scope, r.term,"
		     " r.restrictions, r.applied, r.publicity_start, r.publicity_end, r.registered,"
		     " r.certificate, o.certificate, r.kind, r.right_, r.type FROM registrations r"
		     " JOIN subjects s ON s.code = r.subject LEFT JOIN registrations o ON o.id = r.changes"
		     " WHERE r.id = ?")) < 0)
		return rc;
	if ((rc = ds__stmt_bind_int(stmt, 1, id)) < 0 || (rc = ds__stmt_step(stmt)) < 0)
		goto done;
	if (rc == 0) {
		rc = ds__error(DS_ENOTFOUND, "registration %lld does not exist", (long long)id);
		goto done;
	}
	{
		char **columns[] = { &s->subject,     &s->subject_name,	   &s->entry_id,      &s->entry_title,
				     &s->entry_xml,   &s->scope,	   &s->term,	      &s->restrictions,
				     &s->applied,     &s->publicity_start, &s->publicity_end, &s->registered,
				     &s->certificate, &s->supersedes };
		for (i = 0; i < (int)(sizeof columns / sizeof columns[0]); i++)
			if ((rc = copy_column(columns[i], stmt, i)) < 0)
				goto done;
	}
	s->kind = (int)ds__stmt_int(stmt, 14);
	s->right = (int)ds__stmt_int(stmt, 15);
	s->type = (int)ds__stmt_int(stmt, 16);
	rc = DS_OK;
done:
	ds__stmt_finalize(stmt);
	return rc;
}

static int is_date(const char *text, size_t len)
{
	static const char shape[] = "dddd-dd-dd";
	size_t i;

	if (len != 10)
		return 0;
	for (i = 0; i < 10; i++)
		if (shape[i] == 'd' ? (text[i] < '0' || text[i] > '9') : text[i] != '-')
			return 0;
	return 1;
}

/* 期限 (term) is free text in the registry. "START/END" or "START/" with
 * dates becomes the certificate's term; anything else starts the term on the
 * registration date with no end, and the text as written is kept in the
 * restrictions so nothing stored is lost. */
static void split_term(const char *term, const char *registered, char start[11], char end[11], int *kept)
{
	const char *slash = term ? strchr(term, '/') : NULL;

	snprintf(start, 11, "%s", registered);
	end[0] = '\0';
	*kept = 0;
	if (!term)
		return;
	if (slash && is_date(term, (size_t)(slash - term)) && (!slash[1] || is_date(slash + 1, strlen(slash + 1)))) {
		snprintf(start, 11, "%.10s", term);
		if (slash[1])
			snprintf(end, 11, "%s", slash + 1);
		return;
	}
	*kept = 1;
}

static const char *declared(const ds_resource *resource, ds_field field)
{
	const char *value = ds_resource_get(resource, field);
	return value && *value ? value : NOT_DECLARED;
}

/* 分类分级: the catalogue's security class; data not identified as important
 * or core data is general data (数据安全法 article 21), so an entry that does
 * not declare a class is 一般数据. */
static ds_security_class security_class(const ds_resource *resource)
{
	const char *value = ds_resource_get(resource, DS_FIELD_SECURITY_CLASS);

	if (value && strstr(value, "核心"))
		return DS_SECURITY_CORE;
	if (value && strstr(value, "重要"))
		return DS_SECURITY_IMPORTANT;
	return DS_SECURITY_GENERAL;
}

static int fingerprint(char **out, const char *data, ds_hash_alg alg)
{
	ds__buf b = DS__BUF_INIT;
	ds_hash digest;
	char *hex = NULL;
	int rc;

	if ((rc = ds_hash_data(&digest, alg, data, strlen(data))) < 0 || (rc = ds_hash_to_hex(&hex, &digest)) < 0)
		return rc;
	ds__buf_printf(&b, "%s:%s", alg == DS_HASH_SM3 ? "sm3" : "sha256", hex);
	ds__free(hex);
	if (ds__buf_detach(out, &b) < 0) {
		ds__buf_dispose(&b);
		return ds__enomem();
	}
	return DS_OK;
}

/* The current signing key (borrowed from @reg), which must exist and match
 * the log's digest: a registered right (or its cancellation) without a
 * verifiable signed document is worth nothing to a bank or an auditor, so the
 * transition is refused with DS_ESTATE (the caller's transaction rolls back:
 * nothing changes). The key is loaded from its file once and kept in @reg
 * while it stays the current key (another process may rotate it: the id in
 * the database is read every time). */
static int signing_key(const ds_key **out, ds_registry *reg, int64_t id, const char *what)
{
	ds__stmt *stmt = NULL;
	ds_key *key = NULL;
	int rc, same = 0;

	if ((rc = ds__store_prepare(&stmt, reg->store, "SELECT id FROM keys WHERE current = 1")) < 0)
		return rc;
	if ((rc = ds__stmt_step(stmt)) > 0)
		same = reg->signing_key && strcmp(ds__stmt_text(stmt, 0), reg->signing_key->id) == 0;
	ds__stmt_finalize(stmt);
	if (rc < 0)
		return rc;
	if (rc == 0)
		return ds__error_at(DS_ESTATE, 0, 0, "key",
				    "registration %lld: the registry has no signing key, so it cannot issue the %s; "
				    "generate one first (ds_registry_key_generate, 'datasset registry rotate-key')",
				    (long long)id, what);
	if (!same) {
		if ((rc = ds_registry_key_load(&key, reg, NULL)) < 0)
			return rc;
		if (reg->signing_key && reg->pending_count > 0) {
			/* Pending documents name the old key and are signed with it. */
			ds_key **grown = ds__realloc(reg->retired, (reg->retired_count + 1) * sizeof *grown);
			if (!grown) {
				ds_key_free(key);
				return ds__enomem();
			}
			reg->retired = grown;
			reg->retired[reg->retired_count++] = reg->signing_key;
		} else {
			ds_key_free(reg->signing_key);
		}
		reg->signing_key = key;
	}
	key = reg->signing_key;
	/* The log evidence is checked with the key's digest: a key of the other
	 * profile than the log's (rotate-key --profile gm on a SHA-256 log) cannot
	 * make a verifiable document. */
	if (ds_key_hash_alg(key) != ds_translog_hash_alg(reg->log))
		return ds__error_at(DS_ESTATE, 0, 0, "key",
				    "registration %lld: the registry's current signing key is %s, whose digest is "
				    "not the log's (%s), so it cannot issue the %s; rotate to a key of the log's "
				    "profile (%s)",
				    (long long)id, ds_key_alg(key) == DS_SIG_SM2_SM3 ? "SM2/SM3" : "Ed25519",
				    ds_translog_hash_alg(reg->log) == DS_HASH_SM3 ? "SM3" : "SHA-256", what,
				    ds_translog_hash_alg(reg->log) == DS_HASH_SM3 ? "gm" : "intl");
	*out = key;
	return DS_OK;
}

/* Insert (registration, number, log index, xml) with @sql, and @cancelled_by
 * as parameter 5 unless it is negative (0 binds NULL). */
static int store_document(ds_registry *reg, const char *sql, int64_t id, const char *number, uint64_t index,
			  const char *xml, int64_t cancelled_by)
{
	ds__stmt *stmt = NULL;
	int rc;

	if ((rc = ds__store_prepare(&stmt, reg->store, sql)) < 0)
		return rc;
	if ((rc = ds__stmt_bind_int(stmt, 1, id)) >= 0 && (rc = ds__stmt_bind_text(stmt, 2, number)) >= 0 &&
	    (rc = ds__stmt_bind_int(stmt, 3, (int64_t)index)) >= 0 &&
	    (rc = ds__stmt_bind_text_static(stmt, 4, xml)) >= 0 &&
	    (cancelled_by < 0 ||
	     (rc = cancelled_by ? ds__stmt_bind_int(stmt, 5, cancelled_by) : ds__stmt_bind_null(stmt, 5)) >= 0) &&
	    (rc = ds__stmt_step(stmt)) >= 0)
		rc = DS_OK;
	ds__stmt_finalize(stmt);
	return rc;
}

/* A document built and logged in the open transaction, to be signed at its end. */
typedef struct ds__pending_document {
	char *entry;	      /* its log entry (canonical form without evidence and signature) */
	size_t entry_len;     /* its bytes */
	const ds_key *key;    /* the key it names: reg->signing_key or a retired one */
	int64_t registration; /* the registration it is stored under */
	int64_t cancelled_by; /* a cancellation record: 注销登记 id or 0; a certificate: -1 */
	char *number;	      /* its certificate number (a cancellation: the cancelled one) */
	uint64_t index;	      /* its log entry */
	int64_t at;	      /* the transition's time */
	int depth;	      /* the store level that issued it */
} ds__pending_document;

static void pending_dispose(ds__pending_document *p)
{
	ds__free(p->entry);
	ds__free(p->number);
}

/* Append @cert's log entry as event @type of registration @id and keep the
 * entry until the transaction ends (ds__certificate_seal makes the signed
 * document of it then); takes @cert. */
static int log_document(ds_registry *reg, ds_certificate *cert, const char *type, int64_t id, const char *number,
			int64_t cancelled_by, const char *utc, int64_t at, const ds_key *key)
{
	ds__pending_document *p;
	size_t entry_len = 0;
	unsigned char *entry = NULL;
	char *entry_text = NULL, *copy = NULL;
	int rc;

	if (reg->pending_count == reg->pending_cap) {
		size_t cap = reg->pending_cap ? reg->pending_cap * 2 : 16;
		ds__pending_document *grown = ds__realloc(reg->pending, cap * sizeof *grown);
		if (!grown) {
			rc = ds__enomem();
			goto done;
		}
		reg->pending = grown;
		reg->pending_cap = cap;
	}
	if ((rc = ds_certificate_log_entry(&entry, &entry_len, cert)) < 0)
		goto done;
	/* The log entry is an event row like every other, so the log stays the
	 * events table in seq order (ds_registry_log_verify recomputes it). */
	if (!(entry_text = ds__malloc(entry_len + 1)) || !(copy = ds__strdup(number))) {
		rc = ds__enomem();
		goto done;
	}
	memcpy(entry_text, entry, entry_len);
	entry_text[entry_len] = '\0'; /* the events table holds text: the entry is UTF-8 XML without NUL */
	if (reg->pending_count == 0)
		ds__registry_log_window(reg, 1); /* its proof will read what is appended from here on */
	if ((rc = ds__registry_append_event(reg, type, id, utc, entry_text, entry_len)) < 0)
		goto done;
	p = &reg->pending[reg->pending_count++];
	*p = (ds__pending_document){ .entry = entry_text,
				     .entry_len = entry_len,
				     .key = key,
				     .registration = id,
				     .cancelled_by = cancelled_by,
				     .number = copy,
				     .index = ds_translog_size(reg->log) - 1,
				     .at = at,
				     .depth = ds__store_depth(reg->store) };
	entry_text = NULL;
	copy = NULL;
done:
	if (rc < 0 && reg->pending_count == 0)
		ds__registry_log_window(reg, 0);
	ds_certificate_free(cert);
	ds__free(entry);
	ds__free(entry_text);
	ds__free(copy);
	return rc;
}

/* Nothing pending any more: the keys retired meanwhile and the window go. */
static void pending_done(ds_registry *reg)
{
	size_t i;

	ds__registry_log_window(reg, 0);

	for (i = 0; i < reg->retired_count; i++)
		ds_key_free(reg->retired[i]);
	ds__free(reg->retired);
	reg->retired = NULL;
	reg->retired_count = 0;
}

/* Drop the pending documents from @from on. */
static void drop_pending(ds_registry *reg, size_t from)
{
	while (reg->pending_count > from)
		pending_dispose(&reg->pending[--reg->pending_count]);
	if (reg->pending_count == 0)
		pending_done(reg);
}

/* A checkpoint of the tree as it stands, signed with @key: the newest time of
 * the pending documents it covers is its time. */
static int sign_checkpoint(char **checkpoint, ds_registry *reg, const ds_key *key, uint64_t size, int64_t at)
{
	ds_hash root;
	char *origin = NULL;
	int rc;

	if ((rc = ds_translog_root(&root, reg->log, size)) >= 0 && (rc = ds_registry_log_origin(&origin, reg)) >= 0)
		rc = ds_checkpoint_sign(checkpoint, origin, size, &root, at, origin, key);
	ds__free(origin);
	return rc;
}

/* Attach @p's evidence under @checkpoint (of a tree of @size entries), sign
 * it with its key and store it. */
static int finish_document(ds_registry *reg, ds__pending_document *p, const char *checkpoint, uint64_t size)
{
	ds_hash *proof = NULL;
	size_t proof_len = 0;
	char *xml = NULL;
	int rc;

	if ((rc = ds_translog_inclusion_proof(&proof, &proof_len, reg->log, p->index, size)) >= 0 &&
	    (rc = ds__certificate_seal(&xml, p->entry, p->entry_len, p->index, checkpoint, proof, proof_len, p->key)) >=
		    0)
		rc = p->cancelled_by < 0 ? store_document(reg,
							  "INSERT INTO certificates (registration, number, log_index,"
							  " xml) VALUES (?, ?, ?, ?)",
							  p->registration, p->number, p->index, xml, -1) :
					   store_document(reg,
							  "INSERT INTO cancellations (registration, cancels, log_index,"
							  " xml, cancelled_by) VALUES (?, ?, ?, ?, ?)",
							  p->registration, p->number, p->index, xml, p->cancelled_by);
	ds__free(proof);
	ds__free(xml);
	return rc;
}

int ds__registry_issue_pending(ds_registry *reg)
{
	const ds_key *signed_with = NULL;
	char *checkpoint = NULL;
	uint64_t size;
	int64_t at = 0;
	size_t i, done = 0;
	int rc = DS_OK;

	if (reg->pending_count == 0)
		return DS_OK;
	if (ds__store_broken(reg->store))
		return ds__error(DS_ESTATE, "registry: a call failed earlier in this bulk batch, whose changes cannot "
					    "be undone alone: roll the batch back");
	size = ds_translog_size(reg->log);
	for (i = 0; i < reg->pending_count; i++)
		if (reg->pending[i].at > at)
			at = reg->pending[i].at;
	/* One checkpoint per key (a key rotated inside the batch: two). */
	for (i = 0; i < reg->pending_count; i++) {
		ds__pending_document *p = &reg->pending[i];
		if (p->key != signed_with) {
			ds__free(checkpoint);
			checkpoint = NULL;
			if ((rc = sign_checkpoint(&checkpoint, reg, p->key, size, at)) < 0)
				break;
			signed_with = p->key;
		}
		if ((rc = finish_document(reg, p, checkpoint, size)) < 0)
			break;
		done = i + 1;
	}
	ds__free(checkpoint);
	/* What was stored is done; the rest stays pending (the caller's rollback drops it). */
	for (i = 0; i < done; i++)
		pending_dispose(&reg->pending[i]);
	memmove(reg->pending, reg->pending + done, (reg->pending_count - done) * sizeof *reg->pending);
	reg->pending_count -= done;
	if (reg->pending_count == 0)
		pending_done(reg);
	return rc;
}

int ds__registry_issue_settle(ds_registry *reg)
{
	/* A broken bulk batch signs nothing: the state change is refused next. */
	if (reg->pending_count < DS__PENDING_SETTLE || ds__store_depth(reg->store) != 1 || ds__store_broken(reg->store))
		return DS_OK;
	return ds__registry_issue_pending(reg);
}

/* The store's observer: a level that ends hands its documents to the level
 * below (committed) or forgets them (rolled back). */
static void pending_level_end(void *ctx, int depth, int committed)
{
	ds_registry *reg = ctx;
	size_t i;

	if (depth <= 1) {
		/* The transaction ended: its commit signed them, or it was rolled back. */
		drop_pending(reg, 0);
		return;
	}
	/* Depths never decrease along the list: the level's documents are its tail. */
	for (i = reg->pending_count; i > 0 && reg->pending[i - 1].depth >= depth; i--)
		if (committed)
			reg->pending[i - 1].depth = depth - 1;
	if (!committed)
		drop_pending(reg, i);
}

static int pending_before_commit(void *ctx)
{
	return ds__registry_issue_pending(ctx);
}

static int pending_sync(void *ctx)
{
	return ds__registry_log_sync(ctx);
}

void ds__registry_pending_attach(ds_registry *reg)
{
	const ds__store_observer observer = { pending_before_commit, pending_sync, pending_level_end, reg };

	ds__store_set_observer(reg->store, &observer);
}

void ds__registry_pending_forget(ds_registry *reg)
{
	drop_pending(reg, 0);
	ds__free(reg->pending);
	reg->pending = NULL;
	reg->pending_cap = 0;
}

int ds__registry_issue_certificate(ds_registry *reg, int64_t id, const char *utc, int64_t at)
{
	stored_registration s;
	xmlDocPtr doc = NULL;
	ds_resource *resource = NULL;
	const ds_key *key = NULL;
	ds_certificate *cert = NULL;
	ds_certificate_fields f;
	ds_certificate_right right;
	char *metadata = NULL, *restrictions = NULL, term_start[11], term_end[11], *source = NULL;
	const char *provider_code;
	int rc, kept_term;

	memset(&s, 0, sizeof s);
	if ((rc = signing_key(&key, reg, id, "certificate (登记凭证)")) < 0)
		goto done;
	if ((rc = load_stored(&s, reg, id)) < 0)
		goto done;
	if ((rc = ds__xml_load_memory(&doc, s.entry_xml, strlen(s.entry_xml), "entry", NULL)) < 0 ||
	    (rc = ds__catalog_resource_from_doc(&resource, doc, "entry")) < 0)
		goto done;
	if ((rc = fingerprint(&metadata, s.entry_xml, ds_key_hash_alg(key))) < 0)
		goto done;
	split_term(s.term, s.registered, term_start, term_end, &kept_term);
	if (kept_term) {
		ds__buf b = DS__BUF_INIT;
		ds__buf_printf(&b, "期限 (term): %s", s.term);
		if (s.restrictions)
			ds__buf_printf(&b, "\n%s", s.restrictions);
		if (ds__buf_detach(&restrictions, &b) < 0) {
			ds__buf_dispose(&b);
			rc = ds__enomem();
			goto done;
		}
	}
	right = (ds_certificate_right){ (ds_reg_right)s.right, s.scope ? s.scope : NOT_DECLARED, term_start,
					term_end[0] ? term_end : NULL, kept_term ? restrictions : s.restrictions };
	provider_code = ds_resource_get(resource, DS_FIELD_PROVIDER_CODE);
	{
		/* Built whole (a catalogue's provider name has no length limit here). */
		ds__buf b = DS__BUF_INIT;
		ds__buf_puts(&b, declared(resource, DS_FIELD_PROVIDER_NAME));
		if (provider_code && *provider_code)
			ds__buf_printf(&b, " (%s)", provider_code);
		if (ds__buf_detach(&source, &b) < 0) {
			ds__buf_dispose(&b);
			rc = ds__enomem();
			goto done;
		}
	}
	ds_certificate_fields_init(&f, DS_CERTIFICATE_FIELDS_VERSION);
	f.number = s.certificate;
	f.registrant_name = s.subject_name;
	f.registrant_credit_code = s.subject;
	f.rights = &right;
	f.right_count = 1;
	f.object_name = s.entry_title;
	f.object_code = s.entry_id;
	f.object_description = declared(resource, DS_FIELD_ABSTRACT);
	f.data_source = source;
	/* Scale is not part of a catalogue entry: 0 records, fields and bytes
	 * means "not declared" (docs/registry.md). */
	f.data_format = declared(resource, DS_FIELD_FORMAT);
	f.update_frequency = declared(resource, DS_FIELD_UPDATE_CYCLE);
	f.coverage_region = NOT_DECLARED;
	f.coverage_period = NOT_DECLARED;
	f.quality_summary = NOT_DECLARED;
	f.security_class = security_class(resource);
	f.personal_information = ds_resource_get(resource, DS_FIELD_PERSONAL_INFO) &&
				 strcmp(ds_resource_get(resource, DS_FIELD_PERSONAL_INFO), "true") == 0;
	f.scenarios = declared(resource, DS_FIELD_SHARE_TYPE);
	f.metadata_fingerprint = metadata;
	f.application_date = s.applied;
	f.publicity_start = s.publicity_start;
	f.publicity_end = s.publicity_end;
	f.registration_date = s.registered;
	f.registry_name = reg->name;
	f.registry_key = key;
	/* 变更 / 更正: the new certificate supersedes the one of the registration it changes. */
	f.supersedes = s.type == DS_REG_FIRST ? NULL : s.supersedes;
	if ((rc = ds_certificate_build(&cert, &f)) < 0)
		goto done;
	rc = log_document(reg, cert, "certificate_document", id, s.certificate, -1, utc, at, key);
	cert = NULL;
done:
	stored_dispose(&s);
	ds_resource_free(resource);
	xmlFreeDoc(doc);
	ds_certificate_free(cert);
	ds__free(metadata);
	ds__free(restrictions);
	ds__free(source);
	return rc;
}

int ds__registry_issue_cancellation(ds_registry *reg, int64_t id, int64_t cancelled_by, const char *by_number,
				    const char *utc, const char *date, int64_t at, const char *reason)
{
	stored_registration s;
	const ds_key *key = NULL;
	ds_certificate *cert = NULL;
	ds_cancellation_fields f;
	int rc;

	memset(&s, 0, sizeof s);
	if ((rc = signing_key(&key, reg, cancelled_by ? cancelled_by : id, "cancellation record (注销)")) < 0 ||
	    (rc = load_stored(&s, reg, id)) < 0)
		goto done;
	ds_cancellation_fields_init(&f, DS_CANCELLATION_FIELDS_VERSION);
	f.cancels = s.certificate;
	f.registration = id;
	f.registrant_name = s.subject_name;
	f.registrant_credit_code = s.subject;
	f.object_name = s.entry_title;
	f.object_code = s.entry_id;
	f.cancelled_by = by_number;
	f.registration_date = s.registered;
	f.cancellation_date = date;
	f.reason = reason;
	f.registry_name = reg->name;
	f.registry_key = key;
	if ((rc = ds_certificate_build_cancellation(&cert, &f)) < 0)
		goto done;
	rc = log_document(reg, cert, "cancellation_document", id, s.certificate, cancelled_by, utc, at, key);
	cert = NULL;
done:
	stored_dispose(&s);
	ds_certificate_free(cert);
	return rc;
}

/* The stored document that @sql (one parameter, the registration id) selects;
 * @missing words the DS_ENOTFOUND error. */
static int stored_document(char **xml, ds_registry *reg, int64_t registration_id, const char *sql, const char *missing)
{
	ds__stmt *stmt = NULL;
	int rc;

	/* Inside a batch, what it issued is signed now (under a checkpoint of the tree as it stands). */
	if ((rc = ds__registry_issue_pending(reg)) < 0 || (rc = ds__store_prepare(&stmt, reg->store, sql)) < 0)
		return rc;
	if ((rc = ds__stmt_bind_int(stmt, 1, registration_id)) < 0 || (rc = ds__stmt_step(stmt)) < 0)
		goto done;
	if (rc == 0) {
		rc = ds__error_at(DS_ENOTFOUND, 0, 0, "id", "registration %lld has no %s", (long long)registration_id,
				  missing);
		goto done;
	}
	rc = (*xml = ds__strdup(ds__stmt_text(stmt, 0))) ? DS_OK : ds__enomem();
done:
	ds__stmt_finalize(stmt);
	return rc;
}

int ds_registry_certificate(char **xml, ds_registry *reg, int64_t registration_id)
{
	if (!xml || !reg)
		return ds__error(DS_EINVAL, "ds_registry_certificate: NULL argument");
	return stored_document(xml, reg, registration_id, "SELECT xml FROM certificates WHERE registration = ?",
			       "certificate (not registered, a 注销登记, or registered before the registry "
			       "issued certificates)");
}

int ds_registry_cancellation(char **xml, ds_registry *reg, int64_t registration_id)
{
	if (!xml || !reg)
		return ds__error(DS_EINVAL, "ds_registry_cancellation: NULL argument");
	return stored_document(xml, reg, registration_id,
			       "SELECT xml FROM cancellations WHERE registration = ?1 OR cancelled_by = ?1",
			       "cancellation record (it is not cancelled, nor a registered 注销登记)");
}
