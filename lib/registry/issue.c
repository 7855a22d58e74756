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
#define _POSIX_C_SOURCE 200809L /* pthread_sigmask */
#include "config.h"

#include <pthread.h>
#include <signal.h>
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
		*publicity_start, *publicity_end, *registered, *certificate, *supersedes, *probe_xml, *coverage_region,
		*coverage_period, *quality_summary;
	int kind, right, type;
	uint64_t scale_records, scale_fields, scale_bytes; /* declared; 0: not */
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
	ds__free(s->probe_xml);
	ds__free(s->coverage_region);
	ds__free(s->coverage_period);
	ds__free(s->quality_summary);
}

static int copy_column(char **out, ds__stmt *stmt, int column)
{
	const char *text = ds__stmt_text(stmt, column);

	if (!text)
		return DS_OK;
	return (*out = ds__strdup(text)) ? DS_OK : ds__enomem();
}

/* Prepare and bind the read of registration @id's stored facts, and send it
 * ahead (ds__stmt_send: on PostgreSQL it travels with the next read). */
static int stored_send(ds__stmt **stmt, ds_registry *reg, int64_t id)
{
	int rc;

	if ((rc = ds__store_prepare(
		     stmt, reg->store,
		     "SELECT r.subject, s.name, r.entry_id, r.entry_title, r.entry_xml, r.scope, r.term,"
		     " r.restrictions, r.applied, r.publicity_start, r.publicity_end, r.registered,"
		     " r.certificate, o.certificate, r.kind, r.right_, r.type, r.probe_xml, r.coverage_region,"
		     " r.coverage_period, r.quality_summary, r.scale_records, r.scale_fields, r.scale_bytes"
		     " FROM registrations r"
		     " JOIN subjects s ON s.code = r.subject LEFT JOIN registrations o ON o.id = r.changes"
		     " WHERE r.id = ?")) < 0)
		return rc;
	if ((rc = ds__stmt_bind_int(*stmt, 1, id)) < 0 || (rc = ds__stmt_send(*stmt)) < 0) {
		ds__stmt_finalize(*stmt);
		*stmt = NULL;
	}
	return rc;
}

/* Read what stored_send() sent into @s; finalizes @stmt. */
static int stored_read(stored_registration *s, ds__stmt *stmt, int64_t id)
{
	int rc, i;

	if ((rc = ds__stmt_step(stmt)) < 0)
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
	{
		char **more[] = { &s->probe_xml, &s->coverage_region, &s->coverage_period, &s->quality_summary };
		for (i = 0; i < 4; i++)
			if ((rc = copy_column(more[i], stmt, 17 + i)) < 0)
				goto done;
	}
	s->scale_records = (uint64_t)ds__stmt_int(stmt, 21);
	s->scale_fields = (uint64_t)ds__stmt_int(stmt, 22);
	s->scale_bytes = (uint64_t)ds__stmt_int(stmt, 23);
	rc = DS_OK;
done:
	ds__stmt_finalize(stmt);
	return rc;
}

static int load_stored(stored_registration *s, ds_registry *reg, int64_t id)
{
	ds__stmt *stmt = NULL;
	int rc = stored_send(&stmt, reg, id);

	return rc < 0 ? rc : stored_read(s, stmt, id);
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

/* "sha256:HEX" or "sm3:HEX" of @p data: the form a certificate's metadata
 * fingerprint and a pledge's take. */
int ds__registry_fingerprint(char **out, const char *data, ds_hash_alg alg)
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
/* Make @key (taken over, freed on failure) @reg's signing key. */
static int install_key(ds_registry *reg, ds_key *key)
{
	if (reg->signing_key && (reg->pending_count > 0 || reg->sealing)) {
		/* Pending documents (or those being sealed) name the old key and are signed with it. */
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
	return DS_OK;
}

int ds__registry_signing_key_prepare(ds_registry *reg)
{
	ds__stmt *stmt = NULL;
	ds_key *key = NULL;
	int rc, same = 0;

	/* In a transaction the write lock may be held already: nothing to gain. */
	if (ds__store_depth(reg->store) > 0)
		return DS_OK;
	if ((rc = ds__store_prepare(&stmt, reg->store, "SELECT id FROM keys WHERE current = 1")) < 0)
		return rc;
	if ((rc = ds__stmt_step(stmt)) > 0)
		same = reg->signing_key && strcmp(ds__stmt_text(stmt, 0), reg->signing_key->id) == 0;
	ds__stmt_finalize(stmt);
	if (rc <= 0 || same)
		return rc < 0 ? rc : DS_OK;
	if ((rc = ds_registry_key_load(&key, reg, NULL)) < 0)
		return rc;
	return install_key(reg, key);
}

static void key_ahead_drop(ds_registry *reg)
{
	ds__stmt_finalize(reg->key_ahead);
	reg->key_ahead = NULL;
}

void ds__registry_signing_key_ahead(ds_registry *reg)
{
	key_ahead_drop(reg);
	if (!ds__store_remote(reg->store) || ds__store_depth(reg->store) != 1)
		return;
	/* A failure here is met again by signing_key's own read. */
	if (ds__store_prepare(&reg->key_ahead, reg->store, "SELECT id FROM keys WHERE current = 1") < 0)
		return;
	if (ds__stmt_send(reg->key_ahead) < 0) {
		key_ahead_drop(reg);
		return;
	}
	reg->key_ahead_generation = ds__store_generation(reg->store);
}

static int signing_key(const ds_key **out, ds_registry *reg, int64_t id, const char *what)
{
	ds__registry_cache *cache = ds__registry_cache_get(reg);
	ds__stmt *stmt = NULL;
	ds_key *key = NULL;
	int rc, same = 0;

	/* The current key's id read earlier in this transaction (adding a key
	 * drops it: keys.c), and still the key in memory: no SELECT. */
	if (cache && cache->key_id[0] && reg->signing_key && strcmp(cache->key_id, reg->signing_key->id) == 0) {
		rc = 1;
		same = 1;
		goto checked;
	}
	/* Sent ahead in this transaction (after the lock: as fresh as a read here). */
	if (reg->key_ahead && ds__store_depth(reg->store) > 0 &&
	    reg->key_ahead_generation == ds__store_generation(reg->store)) {
		stmt = reg->key_ahead;
		reg->key_ahead = NULL;
	} else {
		key_ahead_drop(reg);
		if ((rc = ds__store_prepare(&stmt, reg->store, "SELECT id FROM keys WHERE current = 1")) < 0)
			return rc;
	}
	if ((rc = ds__stmt_step(stmt)) > 0) {
		const char *current = ds__stmt_text(stmt, 0);
		same = reg->signing_key && strcmp(current, reg->signing_key->id) == 0;
		if (cache && current && strlen(current) < sizeof cache->key_id)
			snprintf(cache->key_id, sizeof cache->key_id, "%s", current);
	}
	ds__stmt_finalize(stmt);
	if (rc < 0)
		return rc;
checked:
	if (rc == 0)
		return ds__error_at(DS_ESTATE, 0, 0, "key",
				    "registration %lld: the registry has no signing key, so it cannot issue the %s; "
				    "generate one first (ds_registry_key_generate, 'datasset registry rotate-key')",
				    (long long)id, what);
	if (!same) {
		if ((rc = ds_registry_key_load(&key, reg, NULL)) < 0 || (rc = install_key(reg, key)) < 0)
			return rc;
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
	int64_t cancelled_by; /* a cancellation record: 注销登记 id or 0; a certificate: -1; a pledge certificate: -2 */
	char *number;	      /* its certificate number (a cancellation: the cancelled one) */
	uint64_t index;	      /* its log entry */
	int64_t at;	      /* the transition's time */
	int depth;	      /* the store level that issued it */
	ds_hash *proof;	      /* sealing: its inclusion proof in the tree the checkpoint signs */
	size_t proof_len;
	char *xml; /* sealed: the signed document, to be stored */
} ds__pending_document;

/* A slice of documents being sealed on a helper thread (see "Sealing" below). */
struct ds__seal_job {
	ds__pending_document *docs; /* taken from reg->pending, in order */
	size_t count;
	ds_key **retired; /* keys replaced before the slice was handed over: the job's now */
	size_t retired_count;
	char *origin;  /* the log's origin line */
	uint64_t size; /* the tree the checkpoint signs */
	ds_hash root;
	int64_t at; /* the checkpoint's time */
	/* Step 2, shared: a checkpoint per distinct key, signed first; then the
	 * documents are claimed one at a time (next) by the helper and, if the
	 * caller comes for the slice before the helper is done, by the caller. */
	const ds_key **keys;
	char **checkpoints; /* for keys[k] */
	size_t key_count;
	int signed_keys;       /* the checkpoints are signed, or that failed */
	size_t next;	       /* the first document nobody claimed */
	pthread_mutex_t *lock; /* the helper's, while the helper has the job; NULL: one thread */
	pthread_cond_t *cond;  /* the helper's: signed_keys set, or next reached count */
	int hold;	       /* tests: the helper leaves the documents to the caller */
	size_t by_caller;      /* documents the caller sealed, helping */
	int rc;		       /* the first failure, with its error's message */
	char message[512];
};

/* The helper thread of a batch: started by its first slice, stopped when the
 * transaction ends. It seals one slice at a time (todo), then waits. */
struct ds__sealer {
	pthread_t thread;
	pthread_mutex_t lock;
	pthread_cond_t cond; /* todo or quit changed */
	int running;
	int quit;
	struct ds__seal_job *todo; /* the slice it is sealing, or NULL */
};

static void pending_dispose(ds__pending_document *p)
{
	ds__free(p->entry);
	ds__free(p->number);
	ds__free(p->proof);
	ds__free(p->xml);
}

/* Forget @p's sealing (a slice handed back for another try). */
static void pending_unseal(ds__pending_document *p)
{
	ds__free(p->proof);
	ds__free(p->xml);
	p->proof = NULL;
	p->proof_len = 0;
	p->xml = NULL;
}

/* Append @entry (@entry_len bytes of a certificate document's log entry,
 * NUL-terminated, ds__malloc'd) as event @type of registration @id and keep
 * it until the transaction ends (ds__certificate_seal makes the signed
 * document of it then); takes @entry. */
static int log_entry(ds_registry *reg, char *entry, size_t entry_len, const char *type, int64_t id, const char *number,
		     int64_t cancelled_by, const char *utc, int64_t at, const ds_key *key)
{
	ds__pending_document *p;
	char *copy = NULL;
	int rc = DS_OK;

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
	if (!(copy = ds__strdup(number))) {
		rc = ds__enomem();
		goto done;
	}
	/* The log entry is an event row like every other, so the log stays the
	 * events table in seq order (ds_registry_log_verify recomputes it). */
	if (reg->pending_count == 0)
		ds__registry_log_window(reg, 1); /* its proof will read what is appended from here on */
	if ((rc = ds__registry_append_event(reg, type, id, utc, entry, entry_len)) < 0)
		goto done;
	p = &reg->pending[reg->pending_count++];
	*p = (ds__pending_document){ .entry = entry,
				     .entry_len = entry_len,
				     .key = key,
				     .registration = id,
				     .cancelled_by = cancelled_by,
				     .number = copy,
				     .index = ds_translog_size(reg->log) - 1,
				     .at = at,
				     .depth = ds__store_depth(reg->store) };
	entry = NULL;
	copy = NULL;
done:
	if (rc < 0 && reg->pending_count == 0)
		ds__registry_log_window(reg, 0);
	ds__free(entry);
	ds__free(copy);
	return rc;
}

/* log_entry() of @cert's log entry; takes @cert. */
static int log_document(ds_registry *reg, ds_certificate *cert, const char *type, int64_t id, const char *number,
			int64_t cancelled_by, const char *utc, int64_t at, const ds_key *key)
{
	size_t entry_len = 0;
	unsigned char *entry = NULL;
	char *entry_text = NULL;
	int rc;

	if ((rc = ds_certificate_log_entry(&entry, &entry_len, cert)) < 0)
		goto done;
	if (!(entry_text = ds__malloc(entry_len + 1))) {
		rc = ds__enomem();
		goto done;
	}
	memcpy(entry_text, entry, entry_len);
	entry_text[entry_len] = '\0'; /* the events table holds text: the entry is UTF-8 XML without NUL */
	rc = log_entry(reg, entry_text, entry_len, type, id, number, cancelled_by, utc, at, key);
done:
	ds_certificate_free(cert);
	ds__free(entry);
	return rc;
}

static void free_keys(ds_key **keys, size_t count)
{
	size_t i;

	for (i = 0; i < count; i++)
		ds_key_free(keys[i]);
	ds__free(keys);
}

/* Nothing pending any more: the window goes, and so do the keys retired
 * meanwhile, unless a slice being sealed may still name one of them. */
static void pending_done(ds_registry *reg)
{
	ds__registry_log_window(reg, 0);
	if (reg->sealing)
		return;
	free_keys(reg->retired, reg->retired_count);
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

/* ---------------------------------------------------------------- sealing
 * A slice of waiting documents is sealed in three steps. (1) Its inclusion
 * proofs and the root of the tree as it stands are read from the log, which
 * lives in the store: the caller's thread. (2) A checkpoint of that tree is
 * signed per key and each document is sealed (ds__certificate_seal): this
 * touches neither the store nor the registry, so it may run on any thread.
 * (3) The documents are stored: the caller's thread again.
 * Inside a batch, a slice settled once DS__PENDING_SETTLE documents wait has
 * step 2 run on a helper thread while the caller goes on registering
 * (DS_REGISTRY_SIGN_BACKGROUND); the caller stores the slice when it next
 * settles, reads a document or commits, and drops it on a rollback. */

/* Step 1 for @docs: the tree's size, root and origin, each document's proof,
 * the distinct keys they name, and the checkpoint's time (the newest of the
 * documents'). */
static int seal_prepare(ds_registry *reg, ds__pending_document *docs, size_t count, struct ds__seal_job *job)
{
	size_t i, k;
	int rc;

	job->docs = docs;
	job->count = count;
	job->size = ds_translog_size(reg->log);
	job->at = 0;
	if (!(job->keys = ds__calloc(count, sizeof *job->keys)) ||
	    !(job->checkpoints = ds__calloc(count, sizeof *job->checkpoints)))
		return ds__enomem();
	for (i = 0; i < count; i++) {
		if (docs[i].at > job->at)
			job->at = docs[i].at;
		for (k = 0; k < job->key_count && job->keys[k] != docs[i].key; k++)
			;
		if (k == job->key_count)
			job->keys[job->key_count++] = docs[i].key;
	}
	if ((rc = ds_translog_root(&job->root, reg->log, job->size)) < 0 ||
	    (rc = ds_registry_log_origin(&job->origin, reg)) < 0)
		return rc;
	for (i = 0; i < count && rc >= 0; i++)
		rc = ds_translog_inclusion_proof(&docs[i].proof, &docs[i].proof_len, reg->log, docs[i].index,
						 job->size);
	return rc < 0 ? rc : DS_OK;
}

/* What step 1 allocated, but the documents. */
static void job_dispose(struct ds__seal_job *job)
{
	size_t k;

	for (k = 0; k < job->key_count; k++)
		ds__free(job->checkpoints[k]);
	ds__free(job->checkpoints);
	ds__free(job->keys);
	ds__free(job->origin);
}

static void job_lock(struct ds__seal_job *job)
{
	if (job->lock)
		pthread_mutex_lock(job->lock);
}

static void job_unlock(struct ds__seal_job *job)
{
	if (job->lock)
		pthread_mutex_unlock(job->lock);
}

/* Record the calling thread's error as the slice's (the first one is kept).
 * Called with the job locked. */
static void job_fail(struct ds__seal_job *job, int rc)
{
	if (job->rc < 0)
		return;
	job->rc = rc;
	snprintf(job->message, sizeof job->message, "%s", ds_error_last()->message);
	if (job->cond)
		pthread_cond_broadcast(job->cond); /* a held helper stops waiting */
}

/* Claim and seal documents until none is left or the slice failed: each
 * under the checkpoint of the key it names. @caller: the caller's thread,
 * helping the helper. */
static void seal_claimed(struct ds__seal_job *job, int caller)
{
	for (;;) {
		ds__pending_document *p;
		size_t i, k;
		int rc;

		job_lock(job);
		if (job->rc < 0 || job->next >= job->count) {
			job_unlock(job);
			return;
		}
		i = job->next++;
		job->by_caller += caller != 0;
		if (job->next == job->count && job->cond)
			pthread_cond_broadcast(job->cond);
		job_unlock(job);
		p = &job->docs[i];
		for (k = 0; job->keys[k] != p->key; k++)
			;
		if ((rc = ds__certificate_seal(&p->xml, p->entry, p->entry_len, p->index, job->checkpoints[k], p->proof,
					       p->proof_len, p->key)) < 0) {
			job_lock(job);
			job_fail(job, rc);
			job_unlock(job);
			return;
		}
	}
}

/* Step 2: a checkpoint per key (a key rotated inside the batch: two), then
 * the documents. Once the checkpoints are signed, the caller (waiting on
 * job->cond) may help with the documents. */
static void seal_run(struct ds__seal_job *job)
{
	size_t k;
	int rc = DS_OK;

	for (k = 0; k < job->key_count && rc >= 0; k++)
		rc = ds_checkpoint_sign(&job->checkpoints[k], job->origin, job->size, &job->root, job->at, job->origin,
					job->keys[k]);
	job_lock(job);
	if (rc < 0)
		job_fail(job, rc);
	job->signed_keys = 1;
	if (job->cond) {
		pthread_cond_broadcast(job->cond);
		while (job->hold && job->rc >= 0 && job->next < job->count)
			pthread_cond_wait(job->cond, job->lock);
	}
	job_unlock(job);
	seal_claimed(job, 0);
}

/* Step 3 for one sealed document. */
static int store_sealed(ds_registry *reg, const ds__pending_document *p)
{
	if (p->cancelled_by == -2) /* a 质押登记证明, under its pledge (pledge.c) */
		return store_document(
			reg, "INSERT INTO pledge_certificates (pledge, number, log_index, xml) VALUES (?, ?, ?, ?)",
			p->registration, p->number, p->index, p->xml, -1);
	if (p->cancelled_by < 0)
		return store_document(
			reg, "INSERT INTO certificates (registration, number, log_index, xml) VALUES (?, ?, ?, ?)",
			p->registration, p->number, p->index, p->xml, -1);
	return store_document(reg,
			      "INSERT INTO cancellations (registration, cancels, log_index, xml, cancelled_by)"
			      " VALUES (?, ?, ?, ?, ?)",
			      p->registration, p->number, p->index, p->xml, p->cancelled_by);
}

/* The three steps for everything pending, on this thread. What was stored is
 * done; the rest stays pending (the caller's rollback drops it). */
static int seal_now(ds_registry *reg)
{
	struct ds__seal_job slice = { 0 };
	size_t i, done = 0;
	int rc;

	if ((rc = seal_prepare(reg, reg->pending, reg->pending_count, &slice)) >= 0) {
		seal_run(&slice);
		/* On a failure the error is still this thread's own. */
		if ((rc = slice.rc) >= 0)
			for (; done < reg->pending_count && (rc = store_sealed(reg, &reg->pending[done])) >= 0; done++)
				;
	}
	job_dispose(&slice);
	for (i = 0; i < done; i++)
		pending_dispose(&reg->pending[i]);
	for (i = done; i < reg->pending_count; i++)
		pending_unseal(&reg->pending[i]);
	memmove(reg->pending, reg->pending + done, (reg->pending_count - done) * sizeof *reg->pending);
	reg->pending_count -= done;
	if (reg->pending_count == 0)
		pending_done(reg);
	return rc < 0 ? rc : DS_OK;
}

static void *sealer_main(void *arg)
{
	struct ds__sealer *sealer = arg;

	pthread_mutex_lock(&sealer->lock);
	for (;;) {
		while (!sealer->todo && !sealer->quit)
			pthread_cond_wait(&sealer->cond, &sealer->lock);
		if (!sealer->todo)
			break;
		pthread_mutex_unlock(&sealer->lock);
		seal_run(sealer->todo);
		pthread_mutex_lock(&sealer->lock);
		sealer->todo = NULL;
		pthread_cond_broadcast(&sealer->cond);
	}
	pthread_mutex_unlock(&sealer->lock);
	return NULL;
}

/* Give @job to the batch's helper thread, starting it if need be; without
 * one (it cannot be started), seal @job here. */
static void sealer_give(ds_registry *reg, struct ds__seal_job *job)
{
	struct ds__sealer *sealer = reg->sealer;

	if (!sealer && (sealer = ds__calloc(1, sizeof *sealer))) {
		if (pthread_mutex_init(&sealer->lock, NULL) != 0) {
			ds__free(sealer);
			sealer = NULL;
		} else if (pthread_cond_init(&sealer->cond, NULL) != 0) {
			pthread_mutex_destroy(&sealer->lock);
			ds__free(sealer);
			sealer = NULL;
		}
		reg->sealer = sealer;
	}
	if (sealer && !sealer->running) {
		/* The thread blocks every signal: the host's handlers run on its own threads. */
		sigset_t all, old;
		sigfillset(&all);
		pthread_sigmask(SIG_SETMASK, &all, &old);
		sealer->running = pthread_create(&sealer->thread, NULL, sealer_main, sealer) == 0;
		pthread_sigmask(SIG_SETMASK, &old, NULL);
	}
	if (!sealer || !sealer->running) {
		seal_run(job);
		return;
	}
	job->lock = &sealer->lock;
	job->cond = &sealer->cond;
	job->hold = reg->seal_hold;
	pthread_mutex_lock(&sealer->lock);
	sealer->todo = job;
	pthread_cond_broadcast(&sealer->cond);
	pthread_mutex_unlock(&sealer->lock);
}

/* Wait until @job is sealed. If the helper thread is still at it and @help,
 * seal here the documents it has not claimed yet, once its checkpoints are
 * signed. */
static void sealer_wait(ds_registry *reg, struct ds__seal_job *job, int help)
{
	struct ds__sealer *sealer = reg->sealer;

	if (!job->lock)
		return; /* sealed on this thread */
	pthread_mutex_lock(&sealer->lock);
	if (!help) {
		job->hold = 0;
		pthread_cond_broadcast(&sealer->cond);
	}
	while (help && sealer->todo == job && !job->signed_keys)
		pthread_cond_wait(&sealer->cond, &sealer->lock);
	if (help && sealer->todo == job) {
		pthread_mutex_unlock(&sealer->lock);
		seal_claimed(job, 1);
		pthread_mutex_lock(&sealer->lock);
	}
	while (sealer->todo == job)
		pthread_cond_wait(&sealer->cond, &sealer->lock);
	pthread_mutex_unlock(&sealer->lock);
}

/* Stop the helper thread (it has nothing to do: every slice was waited for). */
static void sealer_stop(ds_registry *reg)
{
	struct ds__sealer *sealer = reg->sealer;

	if (!sealer || !sealer->running)
		return;
	pthread_mutex_lock(&sealer->lock);
	sealer->quit = 1;
	pthread_cond_broadcast(&sealer->cond);
	pthread_mutex_unlock(&sealer->lock);
	pthread_join(sealer->thread, NULL);
	sealer->running = 0;
	sealer->quit = 0;
}

/* Free @job with the documents it still holds. */
static void job_free(struct ds__seal_job *job)
{
	size_t i;

	for (i = 0; i < job->count; i++)
		pending_dispose(&job->docs[i]);
	ds__free(job->docs);
	free_keys(job->retired, job->retired_count);
	job_dispose(job);
	ds__free(job);
}

/* Put the documents of @job from @from on back in front of those pending,
 * with the keys they may name. */
static int hand_back(ds_registry *reg, struct ds__seal_job *job, size_t from)
{
	size_t n = job->count - from, i;
	ds__pending_document *grown;
	ds_key **keys;

	if (!(grown = ds__realloc(reg->pending, (reg->pending_count + n) * sizeof *grown)))
		return ds__enomem();
	reg->pending = grown;
	reg->pending_cap = reg->pending_count + n;
	if (!(keys = ds__realloc(reg->retired, (reg->retired_count + job->retired_count) * sizeof *keys)))
		return ds__enomem();
	reg->retired = keys;
	if (job->retired_count)
		memcpy(reg->retired + reg->retired_count, job->retired, job->retired_count * sizeof *keys);
	reg->retired_count += job->retired_count;
	job->retired_count = 0;
	memmove(reg->pending + n, reg->pending, reg->pending_count * sizeof *reg->pending);
	for (i = 0; i < n; i++) {
		reg->pending[i] = job->docs[from + i];
		pending_unseal(&reg->pending[i]);
	}
	reg->pending_count += n;
	job->count = from;
	return DS_OK;
}

/* Wait for the slice being sealed, then store it (@keep) or drop it. When it
 * could not be sealed or stored, the documents not stored wait again, first
 * in line, and the failure is returned; if even that fails, the transaction
 * can only be rolled back (seal_lost). */
static int seal_join(ds_registry *reg, int keep)
{
	struct ds__seal_job *job = reg->sealing;
	size_t done = 0;
	int rc;

	if (!job)
		return DS_OK;
	sealer_wait(reg, job, keep);
	reg->sealing = NULL;
	reg->sealed_by_caller += job->by_caller;
	/* Dropped (the transaction ended without a commit): nothing to report. */
	rc = keep && job->rc < 0 ? ds__error(job->rc, "registry: sealing %zu documents on the signing thread: %s",
					     job->count, job->message) :
				   DS_OK;
	if (keep && rc >= 0)
		for (; done < job->count && (rc = store_sealed(reg, &job->docs[done])) >= 0; done++)
			;
	/* The documents not stored wait again; those stored are done (job_free). */
	if (keep && rc < 0 && hand_back(reg, job, done) < 0)
		reg->seal_lost = 1;
	job_free(job);
	if (reg->pending_count == 0)
		pending_done(reg);
	return rc;
}

/* Hand everything pending to a helper thread (step 1 here). Without a
 * thread, step 2 runs here and the slice is stored all the same. */
static int seal_start(ds_registry *reg)
{
	struct ds__seal_job *job = ds__calloc(1, sizeof *job);
	size_t i;
	int rc;

	if (!job)
		return ds__enomem();
	if ((rc = seal_prepare(reg, reg->pending, reg->pending_count, job)) < 0) {
		for (i = 0; i < reg->pending_count; i++)
			pending_unseal(&reg->pending[i]);
		job_dispose(job);
		ds__free(job);
		return rc;
	}
	job->retired = reg->retired;
	job->retired_count = reg->retired_count;
	reg->pending = NULL;
	reg->pending_count = reg->pending_cap = 0;
	reg->retired = NULL;
	reg->retired_count = 0;
	reg->sealing = job;
	pending_done(reg);
	sealer_give(reg, job);
	return DS_OK;
}

int ds__registry_issue_pending(ds_registry *reg)
{
	int rc;

	if (reg->seal_lost)
		return ds__error(DS_ESTATE, "registry: documents issued in this transaction could not be kept after "
					    "their sealing failed: roll the transaction back");
	if (!reg->sealing && reg->pending_count == 0)
		return DS_OK;
	if (ds__store_broken(reg->store))
		return ds__error(DS_ESTATE, "registry: a call failed earlier in this bulk batch, whose changes cannot "
					    "be undone alone: roll the batch back");
	if ((rc = seal_join(reg, 1)) < 0)
		return rc;
	return reg->pending_count ? seal_now(reg) : DS_OK;
}

size_t ds__registry_sealing_count(const ds_registry *reg)
{
	return reg->sealing ? reg->sealing->count : 0;
}

int ds__registry_issue_settle(ds_registry *reg)
{
	int rc;

	/* A broken bulk batch signs nothing: the state change is refused next. */
	if (reg->pending_count < DS__PENDING_SETTLE || ds__store_depth(reg->store) != 1 || ds__store_broken(reg->store))
		return DS_OK;
	if (!reg->seal_in_background)
		return ds__registry_issue_pending(reg);
	if ((rc = seal_join(reg, 1)) < 0)
		return rc;
	return seal_start(reg);
}

/* The store's observer: a level that ends hands its documents to the level
 * below (committed) or forgets them (rolled back), and a savepoint rolled
 * back gives the log the size it had when it opened. */
static void pending_level_end(void *ctx, int depth, int committed)
{
	ds_registry *reg = ctx;
	size_t i;

	ds__registry_log_level_end(reg, depth, committed);
	if (depth <= 1) {
		/* The transaction ended: its commit stored them, or it was rolled back. */
		seal_join(reg, 0);
		sealer_stop(reg);
		drop_pending(reg, 0);
		reg->seal_lost = 0;
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

static int pending_level_begin(void *ctx, int depth)
{
	return ds__registry_log_level_begin(ctx, depth);
}

void ds__registry_pending_attach(ds_registry *reg)
{
	const ds__store_observer observer = { pending_before_commit, pending_sync, pending_level_begin,
					      pending_level_end, reg };

	ds__store_set_observer(reg->store, &observer);
}

void ds__registry_pending_forget(ds_registry *reg)
{
	key_ahead_drop(reg);
	seal_join(reg, 0);
	sealer_stop(reg);
	if (reg->sealer) {
		pthread_mutex_destroy(&reg->sealer->lock);
		pthread_cond_destroy(&reg->sealer->cond);
		ds__free(reg->sealer);
		reg->sealer = NULL;
	}
	drop_pending(reg, 0);
	ds__free(reg->pending);
	reg->pending = NULL;
	reg->pending_cap = 0;
}

/* 权利限制 (pledge.md): a certificate issued while pledges are ACTIVE on the
 * registration or on the one it supersedes lists them after the
 * restrictions (*text: the restrictions written so far, or NULL for the
 * stored ones; replaced when there is a line to add). */
static int pledge_restrictions(char **text, ds_registry *reg, int64_t id, const stored_registration *s, int kept)
{
	ds__buf b = DS__BUF_INIT;
	char *line = NULL;
	const char *before = kept ? *text : s->restrictions;
	int64_t changes = 0;
	int rc;

	/* A first registration has no pledge to list: a pledge becomes ACTIVE
	 * only at its review, which refuses it unless the registration is
	 * REGISTERED (pledge.c, check 2), ENFORCING only from ACTIVE, and a
	 * registration enters REGISTERED once (the state machine has no way
	 * back to it), in the call that issues this certificate. So the read
	 * is made for a change or correction only, whose certificate lists the
	 * pledges on the registration it supersedes too. */
	if (s->type == DS_REG_FIRST)
		return DS_OK;
	{
		ds__stmt *stmt = NULL;
		if ((rc = ds__store_prepare(&stmt, reg->store, "SELECT changes FROM registrations WHERE id = ?")) < 0)
			return rc;
		if ((rc = ds__stmt_bind_int(stmt, 1, id)) >= 0 && (rc = ds__stmt_step(stmt)) > 0)
			changes = ds__stmt_int(stmt, 0);
		ds__stmt_finalize(stmt);
		if (rc < 0)
			return rc;
	}
	if ((rc = ds__registry_pledge_restrictions(&line, reg, id, changes)) < 0 || !line)
		return rc;
	if (before)
		ds__buf_printf(&b, "%s\n", before);
	ds__buf_puts(&b, line);
	ds__free(line);
	ds__free(*text);
	*text = NULL;
	if (ds__buf_detach(text, &b) < 0) {
		ds__buf_dispose(&b);
		return ds__enomem();
	}
	return DS_OK;
}

int ds__registry_pledge_key(const ds_key **key, ds_registry *reg, int64_t pledge)
{
	return signing_key(key, reg, pledge, "pledge certificate (质押登记证明)");
}

int ds__registry_issue_pledge_document(ds_registry *reg, ds_certificate *cert, int64_t registration, int64_t pledge,
				       const char *number, const char *utc, int64_t at, const ds_key *key)
{
	int rc = log_document(reg, cert, "pledge_document", registration, number, -2, utc, at, key);

	if (rc >= 0)
		reg->pending[reg->pending_count - 1].registration = pledge;
	return rc;
}

int ds__registry_issue_certificate(ds_registry *reg, int64_t id, const char *utc, int64_t at)
{
	stored_registration s;
	xmlDocPtr doc = NULL;
	ds_resource *resource = NULL;
	const ds_key *key = NULL;
	ds_certificate_fields f;
	ds_certificate_right right;
	ds__registry_figures measured;
	char *metadata = NULL, *restrictions = NULL, term_start[11], term_end[11], *source = NULL, *period = NULL,
	     *quality = NULL;
	const char *provider_code;
	ds_certificate_restriction *use = NULL;
	char *use_text = NULL, *entry = NULL;
	size_t entry_len = 0, use_count = 0;
	ds__stmt *stored = NULL;
	int rc, kept_term;

	memset(&s, 0, sizeof s);
	memset(&measured, 0, sizeof measured);
	/* The three reads go out together (on PostgreSQL one round trip with
	 * the registry's lock held, not three): the stored facts sent ahead,
	 * then the key's id (itself sent ahead with the lock by
	 * ds_registry_advance) and the conditions of a compliance assessment
	 * (使用限制, compliance.c), whose read brings the stored facts' rows. */
	if ((rc = stored_send(&stored, reg, id)) < 0 ||
	    (rc = signing_key(&key, reg, id, "certificate (登记凭证)")) < 0 ||
	    (rc = ds__registry_compliance_restrictions(&use, &use_count, &use_text, reg, id)) < 0)
		goto done;
	rc = stored_read(&s, stored, id);
	stored = NULL;
	if (rc < 0)
		goto done;
	if ((rc = ds__xml_load_memory(&doc, s.entry_xml, strlen(s.entry_xml), "entry", NULL)) < 0 ||
	    (rc = ds__catalog_resource_from_doc(&resource, doc, "entry")) < 0)
		goto done;
	if ((rc = ds__registry_fingerprint(&metadata, s.entry_xml, ds_key_hash_alg(key))) < 0)
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
	if ((rc = pledge_restrictions(&restrictions, reg, id, &s, kept_term)) < 0)
		goto done;
	right = (ds_certificate_right){ (ds_right)s.right, s.scope ? s.scope : NOT_DECLARED, term_start,
					term_end[0] ? term_end : NULL, restrictions ? restrictions : s.restrictions };
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
	/* Scale, time coverage and quality: measured by the attached probe report
	 * (checked against what was declared when the application was made), else
	 * as declared ("申报"); what neither gives stays 未申报 (0: not declared). */
	if (s.probe_xml && (rc = ds__registry_probe_figures(&measured, s.probe_xml)) < 0)
		goto done;
	f.scale_records = s.probe_xml ? measured.records : s.scale_records;
	f.scale_fields = s.probe_xml ? measured.fields : s.scale_fields;
	f.scale_bytes = s.probe_xml && measured.bytes ? measured.bytes : s.scale_bytes;
	f.data_format = declared(resource, DS_FIELD_FORMAT);
	f.update_frequency = declared(resource, DS_FIELD_UPDATE_CYCLE);
	f.coverage_region = s.coverage_region ? s.coverage_region : NOT_DECLARED;
	if (measured.period || s.coverage_period) {
		ds__buf b = DS__BUF_INIT;
		ds__buf_printf(&b, "%s (%s)", measured.period ? measured.period : s.coverage_period,
			       measured.period ? "探查报告 (probe report)" : "申报 (declared)");
		if (ds__buf_detach(&period, &b) < 0) {
			ds__buf_dispose(&b);
			rc = ds__enomem();
			goto done;
		}
	}
	f.coverage_period = period ? period : NOT_DECLARED;
	if (!measured.quality && s.quality_summary) {
		ds__buf b = DS__BUF_INIT;
		ds__buf_printf(&b, "%s (申报 (declared))", s.quality_summary);
		if (ds__buf_detach(&quality, &b) < 0) {
			ds__buf_dispose(&b);
			rc = ds__enomem();
			goto done;
		}
	}
	f.quality_summary = measured.quality ? measured.quality : quality ? quality : NOT_DECLARED;
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
	/* 使用限制 of a conditional compliance assessment (compliance.c, read above). */
	f.use_restriction_count = use_count;
	f.use_restrictions = use;
	/* Its log entry written directly (the bytes ds_certificate_build() and
	 * ds_certificate_log_entry() would give, validated the same way). */
	if ((rc = ds__certificate_write_entry(&entry, &entry_len, &f)) < 0)
		goto done;
	rc = log_entry(reg, entry, entry_len, "certificate_document", id, s.certificate, -1, utc, at, key);
	entry = NULL;
done:
	ds__stmt_finalize(stored);
	stored_dispose(&s);
	ds_resource_free(resource);
	xmlFreeDoc(doc);
	ds__free(entry);
	ds__free(metadata);
	ds__free(restrictions);
	ds__free(source);
	ds__free(period);
	ds__free(quality);
	ds__free(use);
	ds__free(use_text);
	ds__registry_figures_dispose(&measured);
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
