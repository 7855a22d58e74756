/*
 * The registry: schema and migrations, opening, batches, shared helpers
 * (time, text fields, events, result blocks) and registrants.
 * SPDX-License-Identifier: MIT
 */
#include "config.h"

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "internal/xml.h"
#include "registry_internal.h"

/* ---------------------------------------------------------------- schema */

/* Version 1: registrants, registrations, their transitions, certificate
 * sequences, the calendar and the event table. Version 2: trades and filings. */
static const char schema_v1[] =
	"CREATE TABLE registry (id INTEGER PRIMARY KEY CHECK (id = 1), name TEXT NOT NULL,"
	" region TEXT NOT NULL, created TEXT NOT NULL);"
	"CREATE TABLE subjects (code TEXT PRIMARY KEY, name TEXT NOT NULL, type INTEGER NOT NULL,"
	" region TEXT NOT NULL, created TEXT NOT NULL);"
	"CREATE TABLE registrations (id INTEGER PRIMARY KEY, subject TEXT NOT NULL REFERENCES subjects (code),"
	" kind INTEGER NOT NULL, right_ INTEGER NOT NULL, type INTEGER NOT NULL,"
	" changes INTEGER REFERENCES registrations (id), state INTEGER NOT NULL,"
	" entry_id TEXT NOT NULL, entry_title TEXT NOT NULL, entry_xml TEXT NOT NULL,"
	" scope TEXT, term TEXT, restrictions TEXT, applied TEXT NOT NULL, updated TEXT NOT NULL,"
	" probe_xml TEXT, valuation_xml TEXT,"
	" publicity_start TEXT, publicity_end TEXT, registered TEXT,"
	" certificate TEXT UNIQUE, query_code TEXT UNIQUE);"
	"CREATE INDEX registrations_subject ON registrations (subject);"
	"CREATE INDEX registrations_state ON registrations (state);"
	"CREATE TABLE transitions (seq INTEGER PRIMARY KEY, registration INTEGER NOT NULL REFERENCES registrations (id),"
	" from_state INTEGER, to_state INTEGER NOT NULL, actor TEXT NOT NULL, at TEXT NOT NULL,"
	" date TEXT NOT NULL, reason TEXT NOT NULL, evidence TEXT);"
	"CREATE INDEX transitions_registration ON transitions (registration);"
	"CREATE TABLE certificate_sequences (year INTEGER NOT NULL, kind INTEGER NOT NULL, last INTEGER NOT NULL,"
	" PRIMARY KEY (year, kind));"
	"CREATE TABLE calendar (date TEXT PRIMARY KEY, working INTEGER NOT NULL, name TEXT NOT NULL);"
	"CREATE TABLE events (seq INTEGER PRIMARY KEY AUTOINCREMENT, type TEXT NOT NULL, registration INTEGER,"
	" at TEXT NOT NULL, body TEXT NOT NULL);";

static const char schema_v2[] =
	"CREATE TABLE trades (id INTEGER PRIMARY KEY, seller TEXT NOT NULL REFERENCES subjects (code),"
	" buyer TEXT NOT NULL REFERENCES subjects (code), registration INTEGER NOT NULL REFERENCES registrations (id),"
	" amount TEXT NOT NULL, date TEXT NOT NULL, venue INTEGER NOT NULL, voucher TEXT NOT NULL,"
	" created TEXT NOT NULL, UNIQUE (venue, voucher));"
	"CREATE INDEX trades_date ON trades (date);";

/* Version 3: the transparency log over the events (log.c): the hash of every
 * complete subtree, node (level, idx) covering leaves [idx·2^level,
 * (idx+1)·2^level), as lower-case hex; the committed size, the digest and the
 * last event seq appended. Events already present (a version 2 registry) are
 * appended by the migration itself, in its transaction (log.c); never later. */
static const char schema_v3[] =
	"CREATE TABLE log_nodes (level INTEGER NOT NULL, idx INTEGER NOT NULL, hash TEXT NOT NULL,"
	" PRIMARY KEY (level, idx)) WITHOUT ROWID;"
	"CREATE TABLE log_state (id INTEGER PRIMARY KEY CHECK (id = 1), hash TEXT NOT NULL, size INTEGER NOT NULL,"
	" last_seq INTEGER NOT NULL);"
	"INSERT INTO log_state VALUES (1, 'sha256', 0, 0);";

/* Version 4: the registry's signing keys (keys.c): identifier (digest of the
 * public key), algorithm, public key PEM; exactly one current after the first. */
static const char schema_v4[] =
	"CREATE TABLE keys (id TEXT PRIMARY KEY, alg TEXT NOT NULL, public_pem TEXT NOT NULL, created TEXT NOT NULL,"
	" current INTEGER NOT NULL);"
	"CREATE UNIQUE INDEX keys_current ON keys (current) WHERE current = 1;";

/* Version 5: the signed certificates (issue.c), one per registration that
 * reached REGISTERED while the registry had a signing key, with the index of
 * their log entry. */
static const char schema_v5[] =
	"CREATE TABLE certificates (registration INTEGER PRIMARY KEY REFERENCES registrations (id),"
	" number TEXT NOT NULL UNIQUE, log_index INTEGER NOT NULL, xml TEXT NOT NULL);";

/* Version 6: the signed cancellation records (注销, issue.c), one per
 * cancelled registration, with the 注销登记 that cancelled it (NULL for a
 * direct REGISTERED → CANCELLED) and the index of their log entry. */
static const char schema_v6[] =
	"CREATE TABLE cancellations (registration INTEGER PRIMARY KEY REFERENCES registrations (id),"
	" cancels TEXT NOT NULL, log_index INTEGER NOT NULL, xml TEXT NOT NULL,"
	" cancelled_by INTEGER REFERENCES registrations (id));"
	"CREATE INDEX cancellations_by ON cancellations (cancelled_by) WHERE cancelled_by IS NOT NULL;";

/* Version 7: 入表 filings (recognition.c): an asset registration recognised in
 * the registrant's accounts, the amount, and the 服务商 with the facts the
 * subsidy programme 6 checks. */
static const char schema_v7[] =
	"CREATE TABLE recognitions (id INTEGER PRIMARY KEY, registration INTEGER NOT NULL REFERENCES registrations (id),"
	" subject TEXT NOT NULL REFERENCES subjects (code), date TEXT NOT NULL, amount TEXT NOT NULL,"
	" provider TEXT NOT NULL REFERENCES subjects (code), founded TEXT NOT NULL, approved INTEGER NOT NULL,"
	" independent INTEGER NOT NULL, clean INTEGER NOT NULL, qualifications TEXT NOT NULL,"
	" filing TEXT NOT NULL UNIQUE, created TEXT NOT NULL);"
	"CREATE INDEX recognitions_subject ON recognitions (subject, date);";

/* Version 8: the figures an application declares for its certificate, and
 * which years the working-day calendar covers (calendar.c), with
 * the notice each year's days transcribe; a registry counts no working day in
 * a year it does not cover, unless it was created to count weekends only.
 * Years a calendar was loaded for before this version are covered by what was
 * loaded then. */
static const char schema_v8[] =
	"CREATE TABLE calendar_years (year INTEGER PRIMARY KEY, source TEXT NOT NULL);"
	"INSERT INTO calendar_years (year, source) SELECT DISTINCT CAST(substr(date, 1, 4) AS INTEGER),"
	" 'loaded before schema 8' FROM calendar;"
	"ALTER TABLE registry ADD COLUMN weekends_only INTEGER NOT NULL DEFAULT 0;"
	/* The scale, coverage and quality the applicant declared (NULL: not declared). */
	"ALTER TABLE registrations ADD COLUMN scale_records INTEGER;"
	"ALTER TABLE registrations ADD COLUMN scale_fields INTEGER;"
	"ALTER TABLE registrations ADD COLUMN scale_bytes INTEGER;"
	"ALTER TABLE registrations ADD COLUMN coverage_region TEXT;"
	"ALTER TABLE registrations ADD COLUMN coverage_period TEXT;"
	"ALTER TABLE registrations ADD COLUMN quality_summary TEXT;";

/* Version 9: pledges (质押, pledge.c): the pledge (its current version's
 * facts, number from certificate_sequences kind 90 = Z), every version's
 * record with the transition that made it, pledgees' consents, the signed
 * 质押登记证明, and the registry's pledge policy. */
static const char schema_v9[] =
	"CREATE TABLE pledge_policy (id INTEGER PRIMARY KEY CHECK (id = 1), statutory_self INTEGER NOT NULL,"
	" allow_subsequent INTEGER NOT NULL);"
	"CREATE TABLE pledges (id INTEGER PRIMARY KEY, number TEXT UNIQUE,"
	" registration INTEGER NOT NULL REFERENCES registrations (id), version INTEGER NOT NULL,"
	" state INTEGER NOT NULL, pledgor TEXT NOT NULL REFERENCES subjects (code),"
	" pledgee TEXT NOT NULL REFERENCES subjects (code), pledgee_kind TEXT NOT NULL,"
	" debtor TEXT REFERENCES subjects (code), claim_type TEXT NOT NULL, principal TEXT NOT NULL,"
	" maximum TEXT, scope TEXT NOT NULL, debt_start TEXT, due_date TEXT NOT NULL, main_contract TEXT,"
	" pledge_contract TEXT, external_system TEXT, external_number TEXT, external_time TEXT, perfected TEXT,"
	" claim TEXT, paid TEXT, paid_rank INTEGER, reasons TEXT, applied TEXT NOT NULL, registered TEXT,"
	" updated TEXT NOT NULL, UNIQUE (registration, pledge_contract));"
	"CREATE INDEX pledges_registration ON pledges (registration);"
	"CREATE INDEX pledges_pledgee ON pledges (pledgee);"
	"CREATE TABLE pledge_versions (pledge INTEGER NOT NULL REFERENCES pledges (id), version INTEGER NOT NULL,"
	" from_state INTEGER, to_state INTEGER NOT NULL, actor TEXT NOT NULL, at TEXT NOT NULL, date TEXT NOT NULL,"
	" reason TEXT NOT NULL, evidence TEXT, record TEXT NOT NULL, PRIMARY KEY (pledge, version));"
	"CREATE TABLE pledge_consents (id INTEGER PRIMARY KEY, pledge INTEGER NOT NULL REFERENCES pledges (id),"
	" action INTEGER NOT NULL, actor TEXT NOT NULL, at TEXT NOT NULL, evidence TEXT, used_by TEXT);"
	"CREATE INDEX pledge_consents_pledge ON pledge_consents (pledge);"
	"CREATE TABLE pledge_certificates (pledge INTEGER PRIMARY KEY REFERENCES pledges (id),"
	" number TEXT NOT NULL UNIQUE, log_index INTEGER NOT NULL, xml TEXT NOT NULL);";
/* Version 10: compliance (数据合规, compliance.c). Which registration kinds
 * need an assessment on file before 公示, with the purpose it must be made
 * for and the checklist; and the assessments recorded against registrations:
 * the result document (urn:datasset:compliance:1 <assessment>) with its
 * digest, the checklist id/version/digest, flags, outcome, the workflow
 * effect, restrictions ("code\ttext" lines), the failing or missing items,
 * evaluation time and evaluator, the log entry, and — once a later probe
 * found personal information it did not declare — why it is stale. */
static const char schema_v10[] =
	"CREATE TABLE compliance_requirements (kind INTEGER PRIMARY KEY, purpose TEXT NOT NULL,"
	" checklist TEXT NOT NULL, actor TEXT NOT NULL, created TEXT NOT NULL);"
	"CREATE TABLE assessments (id INTEGER PRIMARY KEY, registration INTEGER NOT NULL REFERENCES registrations (id),"
	" checklist TEXT NOT NULL, checklist_version TEXT NOT NULL, checklist_digest TEXT NOT NULL,"
	" purpose TEXT NOT NULL, outcome INTEGER NOT NULL, workflow INTEGER NOT NULL, restrictions TEXT NOT NULL,"
	" reasons TEXT NOT NULL, flags TEXT NOT NULL, xml TEXT NOT NULL, digest TEXT NOT NULL,"
	" assessed TEXT NOT NULL, evaluated TEXT NOT NULL, evaluator TEXT NOT NULL, actor TEXT NOT NULL,"
	" recorded TEXT NOT NULL, log_index INTEGER NOT NULL, stale TEXT, stale_at TEXT);"
	"CREATE INDEX assessments_registration ON assessments (registration, id);";

/* The PostgreSQL forms are in schema_pg.c. */
const ds__store_migration ds__registry_migrations[] = { { 1, schema_v1, NULL, ds__registry_pg_v1 },
							{ 2, schema_v2, NULL, ds__registry_pg_v2 },
							{ 3, schema_v3, ds__registry_log_migrate, ds__registry_pg_v3 },
							{ 4, schema_v4, NULL, ds__registry_pg_v4 },
							{ 5, schema_v5, NULL, ds__registry_pg_v5 },
							{ 6, schema_v6, NULL, ds__registry_pg_v6 },
							{ 7, schema_v7, NULL, ds__registry_pg_v7 },
							{ 8, schema_v8, NULL, ds__registry_pg_v8 },
							{ 9, schema_v9, NULL, ds__registry_pg_v9 },
							{ 10, schema_v10, NULL, ds__registry_pg_v10 } };
const int ds__registry_migration_count = 10;

/* ---------------------------------------------------------------- helpers */

int64_t ds__registry_now(void)
{
	return (int64_t)time(NULL);
}

static long floor_div(int64_t a, long b)
{
	return (long)(a >= 0 ? a / b : -((-a + b - 1) / b));
}

void ds__registry_time(char utc[21], char date[11], int64_t at)
{
	long days = floor_div(at, 86400), seconds = (long)(at - (int64_t)days * 86400);
	ds__date d = ds__date_from_days(days);

	unsigned int hour = (unsigned int)seconds / 3600 % 24, minute = (unsigned int)seconds / 60 % 60,
		     second = (unsigned int)seconds % 60;

	/* "YYYY-MM-DDThh:mm:ssZ" without snprintf (several per registration). */
	ds__date_format(utc, d);
	utc[10] = 'T';
	utc[11] = (char)('0' + hour / 10);
	utc[12] = (char)('0' + hour % 10);
	utc[13] = ':';
	utc[14] = (char)('0' + minute / 10);
	utc[15] = (char)('0' + minute % 10);
	utc[16] = ':';
	utc[17] = (char)('0' + second / 10);
	utc[18] = (char)('0' + second % 10);
	utc[19] = 'Z';
	utc[20] = '\0';
	/* China Standard Time is UTC+8 all year (no daylight saving since 1991). */
	ds__date_format(date, ds__date_from_days(floor_div(at + 8 * 3600, 86400)));
}

int ds__registry_text(char **out, const char *text, const char *field, size_t max, int required, int multiline)
{
	char *normal = NULL;
	size_t i, chars = 0, n;
	unsigned int cp;
	int rc;

	*out = NULL;
	if (!text || !*text) {
		if (required)
			return ds__error_at(DS_EINVAL, 0, 0, field, "%s is required", field);
		return DS_OK;
	}
	for (i = 0; text[i] && (unsigned char)text[i] < 0x80; i++)
		;
	/* ASCII is already NFC: the common case (actors, codes) skips ICU. */
	if (!text[i]) {
		if (!(normal = ds__strdup(text)))
			return ds__enomem();
	} else if ((rc = ds__nfc(&normal, text, strlen(text))) < 0) {
		char prefix[64];
		snprintf(prefix, sizeof prefix, "%s: ", field);
		ds__error_prefix(prefix);
		return rc;
	}
	n = strlen(normal);
	for (i = 0; i < n; chars++) {
		size_t step = ds__utf8_decode(normal + i, n - i, &cp);
		if (!step)
			step = 1;
		if ((cp < 0x20 && !(multiline && (cp == '\n' || cp == '\t'))) || cp == 0x7F) {
			ds__free(normal);
			return ds__error_at(DS_EINVAL, 0, (int)chars + 1, field,
					    "%s: character %zu is a control character (U+%04X)", field, chars + 1, cp);
		}
		i += step;
	}
	if (chars > max) {
		ds__free(normal);
		return ds__error_at(DS_EINVAL, 0, 0, field, "%s: %zu characters, at most %zu allowed", field, chars,
				    max);
	}
	/* Single-line fields are names and identifiers (names, actors, ids,
	 * vouchers, a term); multi-line ones are free text, which may need the
	 * bidirectional controls for mixed-direction writing. */
	if (!multiline && (rc = ds__text_refuse_bidi(normal, field)) < 0) {
		ds__free(normal);
		return rc;
	}
	*out = normal;
	return DS_OK;
}

/* ---------------------------------------------------------------- events */

static void json_string(ds__buf *b, const char *s)
{
	static const char hex[] = "0123456789abcdef";
	const char *run = s;

	ds__buf_putc(b, '"');
	for (;; s++) {
		unsigned char c = (unsigned char)*s;
		if (c >= 0x20 && c != '"' && c != '\\')
			continue;
		ds__buf_put(b, run, (size_t)(s - run));
		run = s + 1;
		switch (c) {
		case '\0': ds__buf_putc(b, '"'); return;
		case '"': ds__buf_puts(b, "\\\""); break;
		case '\\': ds__buf_puts(b, "\\\\"); break;
		case '\b': ds__buf_puts(b, "\\b"); break;
		case '\f': ds__buf_puts(b, "\\f"); break;
		case '\n': ds__buf_puts(b, "\\n"); break;
		case '\r': ds__buf_puts(b, "\\r"); break;
		case '\t': ds__buf_puts(b, "\\t"); break;
		default:
			ds__buf_puts(b, "\\u00");
			ds__buf_putc(b, hex[c >> 4]);
			ds__buf_putc(b, hex[c & 15]);
		}
	}
}

static int field_cmp(const void *a, const void *b)
{
	return strcmp(((const ds__registry_field *)a)->key, ((const ds__registry_field *)b)->key);
}

ds__registry_cache *ds__registry_cache_get(ds_registry *reg)
{
	uint64_t generation;

	if (ds__store_depth(reg->store) == 0)
		return NULL;
	generation = ds__store_generation(reg->store);
	if (reg->cache.generation != generation) {
		memset(&reg->cache, 0, sizeof reg->cache);
		reg->cache.generation = generation;
	}
	return &reg->cache;
}

void ds__registry_cache_drop(ds_registry *reg)
{
	memset(&reg->cache, 0, sizeof reg->cache);
}

int ds__registry_emit_event(ds_registry *reg, const char *type, int64_t registration, const char *at,
			    const ds__registry_field *fields, size_t count)
{
	ds__registry_field sorted[24];
	ds__buf body = DS__BUF_INIT;
	size_t i, n = 0;
	int rc;

	if (count + 3 > sizeof sorted / sizeof sorted[0])
		return ds__error(DS_EINTERNAL, "registry event: too many fields");
	for (i = 0; i < count; i++)
		sorted[n++] = fields[i];
	sorted[n++] = (ds__registry_field){ "at", at, 0 };
	sorted[n++] = (ds__registry_field){ "event", type, 0 };
	if (registration > 0)
		sorted[n++] = (ds__registry_field){ "registration", NULL, registration };
	/* RFC 8785: members sorted by key (all keys are ASCII, so byte order is UTF-16 order). */
	qsort(sorted, n, sizeof sorted[0], field_cmp);
	ds__buf_putc(&body, '{');
	for (i = 0; i < n; i++) {
		if (i)
			ds__buf_putc(&body, ',');
		json_string(&body, sorted[i].key);
		ds__buf_putc(&body, ':');
		if (sorted[i].text)
			json_string(&body, sorted[i].text);
		else
			ds__buf_printf(&body, "%lld", (long long)sorted[i].number);
	}
	ds__buf_putc(&body, '}');
	if (body.oom) {
		rc = ds__enomem();
		goto done;
	}
	rc = ds__registry_append_event(reg, type, registration, at, body.data, body.len);
done:
	ds__buf_dispose(&body);
	return rc;
}

int ds__registry_append_event(ds_registry *reg, const char *type, int64_t registration, const char *at,
			      const char *body, size_t len)
{
	ds__stmt *stmt = NULL;
	int64_t seq = 0;
	int rc, own = 0;

	/* The event row and its log entry commit together or not at all: every
	 * state change calls this inside its own transaction (a savepoint in a
	 * caller's batch) and rolls it back on failure, which takes both back, so
	 * no savepoint of its own is needed here (it was one more pair of
	 * statements per event); only a call outside any transaction opens one. */
	if (ds__store_depth(reg->store) == 0) {
		if ((rc = ds__store_begin(reg->store)) < 0)
			return rc;
		own = 1;
	}
	/* PostgreSQL, the events table ending where the log does: the event is
	 * numbered here, size + 1, as the table's default would under the
	 * registry's lock (MAX + 1), and logged first; the INSERT then need not
	 * be waited for (no id to read back), and its primary key refuses a seq
	 * another connection took meanwhile past the lock, so nothing is
	 * written over an event the log does not hold (docs/registry.md). */
	if ((rc = ds__registry_log_next_seq(reg, &seq)) < 0)
		goto done;
	if (rc > 0) {
		if ((rc = ds__registry_log_event(reg, seq, body, len)) < 0 ||
		    (rc = ds__store_prepare(
			     &stmt, reg->store,
			     "INSERT INTO events (seq, type, registration, at, body) VALUES (?, ?, ?, ?, ?)")) < 0)
			goto done;
		ds__stmt_unchecked(stmt);
		if ((rc = ds__stmt_bind_int(stmt, 1, seq)) < 0 || (rc = ds__stmt_bind_text_static(stmt, 2, type)) < 0 ||
		    (rc = registration > 0 ? ds__stmt_bind_int(stmt, 3, registration) : ds__stmt_bind_null(stmt, 3)) <
			    0 ||
		    (rc = ds__stmt_bind_text_static(stmt, 4, at)) < 0 ||
		    (rc = ds__stmt_bind_text_static(stmt, 5, body)) < 0 || (rc = ds__stmt_step(stmt)) < 0)
			goto done;
		reg->last_event = seq;
		rc = DS_OK;
		goto done;
	}
	if ((rc = ds__store_prepare(&stmt, reg->store,
				    "INSERT INTO events (type, registration, at, body) VALUES (?, ?, ?, ?)")) < 0)
		goto done;
	if ((rc = ds__stmt_bind_text_static(stmt, 1, type)) < 0 ||
	    (rc = registration > 0 ? ds__stmt_bind_int(stmt, 2, registration) : ds__stmt_bind_null(stmt, 2)) < 0 ||
	    (rc = ds__stmt_bind_text_static(stmt, 3, at)) < 0 || (rc = ds__stmt_bind_text_static(stmt, 4, body)) < 0)
		goto done;
	if ((rc = ds__stmt_step(stmt)) < 0)
		goto done;
	reg->last_event = ds__store_last_id(reg->store);
	rc = ds__registry_log_event(reg, reg->last_event, body, len);
done:
	ds__stmt_finalize(stmt);
	if (own && rc < 0)
		ds__store_rollback(reg->store);
	else if (own)
		rc = ds__store_commit(reg->store);
	return rc;
}

/* ---------------------------------------------------------------- result blocks */

void ds__records_init(ds__records *r, size_t item_size, const size_t *string_fields, size_t string_count)
{
	memset(r, 0, sizeof *r);
	r->item_size = item_size;
	r->string_fields = string_fields;
	r->string_count = string_count;
}

void *ds__records_add(ds__records *r)
{
	size_t i;

	if (r->oom)
		return NULL;
	if (r->count == r->cap) {
		size_t cap = r->cap ? r->cap * 2 : 8;
		char *items = ds__realloc(r->items, cap * r->item_size);
		size_t *offsets;
		if (!items) {
			r->oom = 1;
			return NULL;
		}
		r->items = items;
		if (!(offsets = ds__realloc(r->offsets,
					    cap * (r->string_count ? r->string_count : 1) * sizeof *offsets))) {
			r->oom = 1;
			return NULL;
		}
		r->offsets = offsets;
		r->cap = cap;
	}
	memset(r->items + r->count * r->item_size, 0, r->item_size);
	for (i = 0; i < r->string_count; i++)
		r->offsets[r->count * r->string_count + i] = SIZE_MAX;
	return r->items + r->count++ * r->item_size;
}

void ds__records_string(ds__records *r, size_t index, const char *text)
{
	if (r->oom || !r->count || !text)
		return;
	r->offsets[(r->count - 1) * r->string_count + index] = r->pool.len;
	if (ds__buf_put(&r->pool, text, strlen(text) + 1) < 0)
		r->oom = 1;
}

int ds__records_finish(void **out, size_t *count, ds__records *r)
{
	size_t items_bytes = r->count * r->item_size, i, k;
	char *block;

	if (r->oom || r->pool.oom) {
		ds__records_dispose(r);
		return ds__enomem();
	}
	if (r->count == 0) {
		ds__records_dispose(r);
		*out = NULL;
		*count = 0;
		return DS_OK;
	}
	if (!(block = ds__malloc(items_bytes + r->pool.len + 1))) {
		ds__records_dispose(r);
		return ds__enomem();
	}
	memcpy(block, r->items, items_bytes);
	if (r->pool.len)
		memcpy(block + items_bytes, r->pool.data, r->pool.len);
	for (i = 0; i < r->count; i++) {
		for (k = 0; k < r->string_count; k++) {
			size_t offset = r->offsets[i * r->string_count + k];
			const char *value = offset == SIZE_MAX ? NULL : block + items_bytes + offset;
			memcpy(block + i * r->item_size + r->string_fields[k], &value, sizeof value);
		}
	}
	*count = r->count;
	*out = block;
	ds__records_dispose(r);
	return DS_OK;
}

void ds__records_dispose(ds__records *r)
{
	ds__free(r->items);
	ds__free(r->offsets);
	ds__buf_dispose(&r->pool);
	memset(r, 0, sizeof *r);
}

/* ---------------------------------------------------------------- opening */

int ds_registry_options_init(ds_registry_options *opts, unsigned int version)
{
	ds_registry_options defaults = DS_REGISTRY_OPTIONS_INIT;

	if (!opts || version < 1 || version > DS_REGISTRY_OPTIONS_VERSION)
		return ds__error(DS_EINVAL, "registry options: unknown version %u", version);
	/* A version 1 (2, 3) struct ends before the fields version 2 (3, 4) appended. */
	memcpy(opts, &defaults,
	       version == 1 ? offsetof(ds_registry_options, signing) :
	       version == 2 ? offsetof(ds_registry_options, calendar) :
	       version == 3 ? offsetof(ds_registry_options, key) :
			      sizeof defaults);
	opts->version = version;
	return DS_OK;
}

static int open_store(ds_registry **out, const char *path, const ds_registry_options *opts, int create)
{
	ds__store_config config = { 0, 0, DS__STORE_SYNC_FULL, "registry" };
	ds_registry *reg = NULL;
	int rc;

	if (!out || !path)
		return ds__error(DS_EINVAL, "registry: a database path is required");
	if (opts && (opts->version < 1 || opts->version > DS_REGISTRY_OPTIONS_VERSION))
		return ds__error(DS_EINVAL, "registry options: unknown version %u", opts->version);
	if (opts && opts->version >= 2 && opts->signing != DS_REGISTRY_SIGN_BACKGROUND &&
	    opts->signing != DS_REGISTRY_SIGN_CALLER)
		return ds__error_at(DS_EINVAL, 0, 0, "signing", "registry options: unknown signing mode %d",
				    (int)opts->signing);
	if (opts && opts->version >= 3 && opts->calendar != DS_REGISTRY_CALENDAR_OFFICIAL &&
	    opts->calendar != DS_REGISTRY_CALENDAR_WEEKENDS_ONLY)
		return ds__error_at(DS_EINVAL, 0, 0, "calendar", "registry options: unknown calendar mode %d",
				    (int)opts->calendar);
	if (opts && opts->log_hash != 0 && opts->log_hash != DS_HASH_SHA256 && opts->log_hash != DS_HASH_SM3)
		return ds__error_at(DS_EINVAL, 0, 0, "log_hash", "registry options: unknown log digest %d",
				    (int)opts->log_hash);
	if (opts && (opts->publicity_days < 0 || opts->publicity_days > 366 || opts->busy_timeout_ms < 0))
		return ds__error(DS_EINVAL,
				 "registry options: publicity_days must be 0 to 366 and the timeout not negative");
	if (!(reg = ds__calloc(1, sizeof *reg)))
		return ds__enomem();
	config.create = create;
	config.busy_timeout_ms = opts ? opts->busy_timeout_ms : 0;
	config.sync =
		opts && opts->synchronous == DS_REGISTRY_SYNC_NORMAL ? DS__STORE_SYNC_NORMAL : DS__STORE_SYNC_FULL;
	reg->publicity_days = opts && opts->publicity_days > 0 ? opts->publicity_days : 10;
	reg->seal_in_background = !(opts && opts->version >= 2 && opts->signing == DS_REGISTRY_SIGN_CALLER);
	if ((rc = ds__store_open(&reg->store, path, &config, ds__registry_migrations, ds__registry_migration_count)) <
	    0) {
		ds__free(reg);
		return rc;
	}
	if (!(reg->path = ds__strdup(path))) {
		ds_registry_free(reg);
		return ds__enomem();
	}
	if (create && opts && opts->log_hash == DS_HASH_SM3 &&
	    (rc = ds__store_exec(reg->store, "UPDATE log_state SET hash = 'sm3' WHERE id = 1 AND size = 0"
					     " AND NOT EXISTS (SELECT 1 FROM events)")) < 0) {
		ds_registry_free(reg);
		return rc;
	}
	ds__registry_pending_attach(reg);
	if ((rc = ds__registry_log_open(reg)) < 0) {
		ds_registry_free(reg);
		return rc;
	}
	*out = reg;
	return DS_OK;
}

static int read_identity(ds_registry *reg)
{
	ds__stmt *stmt = NULL;
	int rc;

	if ((rc = ds__store_prepare(&stmt, reg->store,
				    "SELECT name, region, weekends_only FROM registry WHERE id = 1")) < 0)
		return rc;
	if ((rc = ds__stmt_step(stmt)) == 0)
		rc = ds__error(DS_ENOTFOUND, "registry: the database holds no registry (create one first)");
	if (rc > 0) {
		ds__free(reg->name);
		ds__free(reg->region);
		reg->name = ds__strdup(ds__stmt_text(stmt, 0));
		reg->region = ds__strdup(ds__stmt_text(stmt, 1));
		reg->weekends_only = ds__stmt_int(stmt, 2) != 0;
		rc = reg->name && reg->region ? DS_OK : ds__enomem();
	}
	ds__stmt_finalize(stmt);
	return rc;
}

int ds_registry_create(ds_registry **out, const char *path, const char *name, const char *region,
		       const ds_registry_options *opts)
{
	ds_registry *reg = NULL;
	ds__stmt *stmt = NULL;
	char *clean_name = NULL, *key_id = NULL, utc[21], date[11];
	ds__registry_field fields[3];
	int rc, i, weekends_only = opts && opts->version >= 3 && opts->calendar == DS_REGISTRY_CALENDAR_WEEKENDS_ONLY;

	if (opts && opts->version >= 4 && opts->key != 0 && opts->key != DS_SIG_ED25519 && opts->key != DS_SIG_SM2_SM3)
		return ds__error_at(DS_EINVAL, 0, 0, "key", "registry options: unknown signature algorithm %d",
				    (int)opts->key);
	if ((rc = ds__registry_text(&clean_name, name, "name", DS__REG_MAX_NAME, 1, 0)) < 0)
		return rc;
	for (i = 0; region && region[i]; i++)
		if (region[i] < '0' || region[i] > '9')
			break;
	if (!region || i != 6 || region[6]) {
		ds__free(clean_name);
		return ds__error_at(DS_EINVAL, 0, 0, "region",
				    "region: '%s' is not a six-digit region code (GB/T 2260)", region ? region : "");
	}
	if ((rc = open_store(&reg, path, opts, 1)) < 0)
		goto done;
	if ((rc = ds__store_begin(reg->store)) < 0)
		goto done;
	ds__registry_time(utc, date, ds__registry_now());
	if ((rc = ds__store_prepare(
		     &stmt, reg->store,
		     "INSERT INTO registry (id, name, region, created, weekends_only) VALUES (1, ?, ?, ?, ?)")) < 0)
		goto rollback;
	if ((rc = ds__stmt_bind_text(stmt, 1, clean_name)) < 0 || (rc = ds__stmt_bind_text(stmt, 2, region)) < 0 ||
	    (rc = ds__stmt_bind_text(stmt, 3, utc)) < 0 || (rc = ds__stmt_bind_int(stmt, 4, weekends_only)) < 0)
		goto rollback;
	if ((rc = ds__stmt_step(stmt)) < 0) {
		if (ds__stmt_constraint(stmt))
			rc = ds__error(DS_EEXISTS, "registry: '%s' already holds a registry", path);
		goto rollback;
	}
	fields[0] = (ds__registry_field){ "name", clean_name, 0 };
	fields[1] = (ds__registry_field){ "region", region, 0 };
	fields[2] = (ds__registry_field){ "working_days", weekends_only ? "weekends-only" : "calendar", 0 };
	if ((rc = ds__registry_emit_event(reg, "registry", 0, utc, fields, 3)) < 0)
		goto rollback;
	ds__stmt_finalize(stmt);
	stmt = NULL;
	reg->weekends_only = weekends_only;
	/* A mainland registry counts by the State Council's notices from its first day. */
	if (!weekends_only && ds__registry_region_mainland(region) &&
	    (rc = ds__registry_calendar_load(NULL, reg, NULL)) < 0)
		goto rollback;
	if (opts && opts->version >= 4 && opts->key && (rc = ds__registry_key_add(&key_id, reg, opts->key)) < 0)
		goto rollback;
	if ((rc = ds__store_commit(reg->store)) < 0)
		goto done;
	if (key_id)
		(void)ds__registry_key_settle(reg, key_id); /* recorded: a failed rename is retried at the first load */
	if ((rc = read_identity(reg)) < 0)
		goto done;
	*out = reg;
	reg = NULL;
	goto done;
rollback:
	ds__stmt_finalize(stmt);
	stmt = NULL;
	ds__store_rollback(reg->store);
done:
	ds__stmt_finalize(stmt);
	ds_registry_free(reg);
	ds__free(clean_name);
	ds__free(key_id);
	return rc;
}

int ds_registry_open(ds_registry **out, const char *path, const ds_registry_options *opts)
{
	ds_registry *reg = NULL;
	int rc;

	if ((rc = open_store(&reg, path, opts, 0)) < 0)
		return rc;
	if ((rc = read_identity(reg)) < 0) {
		ds_registry_free(reg);
		return rc;
	}
	*out = reg;
	return DS_OK;
}

void ds_registry_free(ds_registry *reg)
{
	if (!reg)
		return;
	ds__registry_pending_forget(reg);
	ds_translog_free(reg->log);
	ds_key_free(reg->signing_key);
	ds__store_close(reg->store);
	ds__free(reg->path);
	ds__free(reg->name);
	ds__free(reg->region);
	ds__free(reg);
}

const char *ds_registry_name(const ds_registry *reg)
{
	return reg && reg->name ? reg->name : "";
}

const char *ds_registry_region(const ds_registry *reg)
{
	return reg && reg->region ? reg->region : "";
}

int ds_registry_begin(ds_registry *reg)
{
	int rc;

	if (!reg)
		return ds__error(DS_EINVAL, "registry: a handle is required");
	if (reg->batch)
		return ds__error(DS_ESTATE, "registry: a batch is already open");
	if ((rc = ds__store_begin(reg->store)) < 0)
		return rc;
	/* A batch is for writes, which an event the log does not hold refuses
	 * (ds__registry_log_event): refused at once. */
	if ((rc = ds__registry_log_check(reg, NULL)) < 0) {
		ds__store_rollback(reg->store);
		return rc;
	}
	reg->batch = 1;
	return DS_OK;
}

int ds_registry_begin_bulk(ds_registry *reg)
{
	int rc;

	if ((rc = ds_registry_begin(reg)) < 0)
		return rc;
	ds__store_set_flat(reg->store, 1);
	return DS_OK;
}

int ds_registry_commit(ds_registry *reg)
{
	int rc;

	if (!reg || !reg->batch)
		return ds__error(DS_ESTATE, "registry: no batch is open");
	reg->batch = 0;
	rc = ds__store_commit(reg->store);
	ds__store_set_flat(reg->store, 0);
	return rc;
}

int ds_registry_rollback(ds_registry *reg)
{
	if (!reg || !reg->batch)
		return ds__error(DS_ESTATE, "registry: no batch is open");
	reg->batch = 0;
	ds__store_rollback(reg->store);
	ds__store_set_flat(reg->store, 0);
	return DS_OK;
}

/* ---------------------------------------------------------------- registrants */

static ds_subject_type type_from_code(const char *code)
{
	/* GB 32100: position 1 is the registration authority, position 2 the organisation type. */
	if (code[0] == '1' && code[1] == '1')
		return DS_SUBJECT_AGENCY;
	if (code[0] == '1' && code[1] == '2')
		return DS_SUBJECT_INSTITUTION;
	if (code[0] == '9')
		return DS_SUBJECT_ENTERPRISE;
	return DS_SUBJECT_OTHER;
}

int ds_registry_subject_add(ds_registry *reg, const char *code, const char *name, ds_subject_type type)
{
	char *normal = NULL, *clean_name = NULL, region[7], utc[21], date[11];
	ds__stmt *stmt = NULL;
	ds__registry_field fields[4];
	int rc, in_tx = 0;

	if (!reg)
		return ds__error(DS_EINVAL, "registry: a handle is required");
	if ((rc = ds_uscc_normalize(&normal, code)) < 0)
		goto done;
	if ((rc = ds__registry_text(&clean_name, name, "name", DS__REG_MAX_NAME, 1, 0)) < 0)
		goto done;
	if ((int)type < 0 || (int)type > DS_SUBJECT_OTHER) {
		rc = ds__error_at(DS_EINVAL, 0, 0, "type", "registrant type %d is not valid", (int)type);
		goto done;
	}
	if (type == DS_SUBJECT_UNSPECIFIED)
		type = type_from_code(normal);
	memcpy(region, normal + 2, 6);
	region[6] = '\0';
	ds__registry_time(utc, date, ds__registry_now());
	if ((rc = ds__store_begin(reg->store)) < 0)
		goto done;
	in_tx = 1;
	if ((rc = ds__store_prepare(
		     &stmt, reg->store,
		     "INSERT INTO subjects (code, name, type, region, created) VALUES (?, ?, ?, ?, ?)")) < 0)
		goto done;
	if ((rc = ds__stmt_bind_text(stmt, 1, normal)) < 0 || (rc = ds__stmt_bind_text(stmt, 2, clean_name)) < 0 ||
	    (rc = ds__stmt_bind_int(stmt, 3, type)) < 0 || (rc = ds__stmt_bind_text(stmt, 4, region)) < 0 ||
	    (rc = ds__stmt_bind_text(stmt, 5, utc)) < 0)
		goto done;
	if ((rc = ds__stmt_step(stmt)) < 0) {
		if (ds__stmt_constraint(stmt))
			rc = ds__error_at(DS_EEXISTS, 0, 0, "code", "登记主体 %s is already registered", normal);
		goto done;
	}
	fields[0] = (ds__registry_field){ "code", normal, 0 };
	fields[1] = (ds__registry_field){ "name", clean_name, 0 };
	fields[2] = (ds__registry_field){ "type", ds_registry_code_name(DS_CODE_SUBJECT_TYPE, type), 0 };
	fields[3] = (ds__registry_field){ "region", region, 0 };
	if ((rc = ds__registry_emit_event(reg, "subject", 0, utc, fields, 4)) < 0)
		goto done;
	ds__stmt_finalize(stmt);
	stmt = NULL;
	rc = ds__store_commit(reg->store);
	in_tx = 0;
done:
	ds__stmt_finalize(stmt);
	if (in_tx)
		ds__store_rollback(reg->store);
	ds__free(normal);
	ds__free(clean_name);
	return rc;
}

static const size_t subject_strings[] = { offsetof(ds_subject, code), offsetof(ds_subject, name),
					  offsetof(ds_subject, region), offsetof(ds_subject, created) };

static int subject_rows(ds_subject **out, size_t *count, ds__stmt *stmt)
{
	ds__records records;
	ds_subject *s;
	int rc;

	ds__records_init(&records, sizeof(ds_subject), subject_strings, 4);
	while ((rc = ds__stmt_step(stmt)) > 0) {
		if (!(s = ds__records_add(&records)))
			break;
		s->type = (ds_subject_type)ds__stmt_int(stmt, 2);
		ds__records_string(&records, 0, ds__stmt_text(stmt, 0));
		ds__records_string(&records, 1, ds__stmt_text(stmt, 1));
		ds__records_string(&records, 2, ds__stmt_text(stmt, 3));
		ds__records_string(&records, 3, ds__stmt_text(stmt, 4));
	}
	if (rc < 0) {
		ds__records_dispose(&records);
		return rc;
	}
	return ds__records_finish((void **)out, count, &records);
}

int ds_registry_subject_get(ds_subject **out, ds_registry *reg, const char *code)
{
	ds__stmt *stmt = NULL;
	char *normal = NULL;
	ds_subject *found = NULL;
	size_t count = 0;
	int rc;

	if (!out || !reg)
		return ds__error(DS_EINVAL, "registry: a handle and a result are required");
	if ((rc = ds_uscc_normalize(&normal, code)) < 0)
		return rc;
	if ((rc = ds__store_prepare(&stmt, reg->store,
				    "SELECT code, name, type, region, created FROM subjects WHERE code = ?")) < 0 ||
	    (rc = ds__stmt_bind_text(stmt, 1, normal)) < 0 || (rc = subject_rows(&found, &count, stmt)) < 0)
		goto done;
	if (count == 0) {
		rc = ds__error_at(DS_ENOTFOUND, 0, 0, "code", "登记主体 %s is not registered", normal);
		goto done;
	}
	*out = found;
done:
	ds__stmt_finalize(stmt);
	ds__free(normal);
	return rc;
}

int ds_registry_subject_list(ds_subject **out, size_t *count, ds_registry *reg, size_t offset, size_t limit)
{
	ds__stmt *stmt = NULL;
	int rc;

	if (!out || !count || !reg)
		return ds__error(DS_EINVAL, "registry: a handle and results are required");
	if ((rc = ds__store_prepare(&stmt, reg->store,
				    "SELECT code, name, type, region, created FROM subjects ORDER BY code"
				    " LIMIT ? OFFSET ?")) < 0 ||
	    (rc = ds__stmt_bind_int(stmt, 1, limit ? (int64_t)limit : -1)) < 0 ||
	    (rc = ds__stmt_bind_int(stmt, 2, (int64_t)offset)) < 0)
		goto done;
	rc = subject_rows(out, count, stmt);
done:
	ds__stmt_finalize(stmt);
	return rc;
}
