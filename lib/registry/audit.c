/*
 * The registry audit (issue 17): replay the transparency log from its first
 * entry, rebuild what the tables must hold (the registry, registrants,
 * registrations with their states and certificate numbers, transitions,
 * trades, 入表 filings, keys, certificates and cancellation records) and
 * compare it with the tables and, byte for byte, with the log entries of the
 * stored documents. A published head, when given, binds the log itself: a
 * removed tail or an older file restored is found only that way.
 * SPDX-License-Identifier: MIT
 */
#include "config.h"

#include <inttypes.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "datasset/certificate.h"
#include "internal/crypto.h"
#include "registry_internal.h"

/* At most this many findings are listed; one more says how many were not. */
#define MAX_FINDINGS 10000
/* Values quoted in a message are cut to this many bytes (at a character boundary). */
#define QUOTE_MAX 80
#define MAX_FIELDS 32

/* ---------------------------------------------------------------- event bodies */

/* An event body: a flat JSON object of strings and integers (RFC 8785, as
 * ds__registry_emit_event writes it). Values are decoded; numbers kept as text. */
typedef struct body_field {
	char *key, *value;
	int number;
} body_field;

typedef struct event_body {
	body_field f[MAX_FIELDS];
	size_t count;
} event_body;

static void body_dispose(event_body *b)
{
	size_t i;

	for (i = 0; i < b->count; i++) {
		ds__free(b->f[i].key);
		ds__free(b->f[i].value);
	}
	b->count = 0;
}

static int hex_value(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* A JSON string at *p (on its opening quote); *p moves past it. */
static int json_string_read(char **out, const char **p)
{
	ds__buf b = DS__BUF_INIT;
	const char *s = *p + 1;

	for (;;) {
		unsigned char c = (unsigned char)*s;
		if (c == '\0' || c < 0x20) {
			ds__buf_dispose(&b);
			return -1;
		}
		if (c == '"')
			break;
		if (c != '\\') {
			ds__buf_putc(&b, (char)c);
			s++;
			continue;
		}
		s++;
		switch (*s) {
		case '"': ds__buf_putc(&b, '"'); break;
		case '\\': ds__buf_putc(&b, '\\'); break;
		case '/': ds__buf_putc(&b, '/'); break;
		case 'b': ds__buf_putc(&b, '\b'); break;
		case 'f': ds__buf_putc(&b, '\f'); break;
		case 'n': ds__buf_putc(&b, '\n'); break;
		case 'r': ds__buf_putc(&b, '\r'); break;
		case 't': ds__buf_putc(&b, '\t'); break;
		case 'u': {
			unsigned int cp = 0;
			int k, h;
			for (k = 1; k <= 4; k++) {
				if ((h = hex_value(s[k])) < 0) {
					ds__buf_dispose(&b);
					return -1;
				}
				cp = cp * 16 + (unsigned int)h;
			}
			/* The registry writes \u00XX for control characters only. */
			if (cp >= 0x80) {
				ds__buf_dispose(&b);
				return -1;
			}
			ds__buf_putc(&b, (char)cp);
			s += 4;
			break;
		}
		default: ds__buf_dispose(&b); return -1;
		}
		s++;
	}
	*p = s + 1;
	if (ds__buf_detach(out, &b) < 0) {
		ds__buf_dispose(&b);
		return ds__enomem();
	}
	if (!*out && !(*out = ds__strdup("")))
		return ds__enomem();
	return DS_OK;
}

/* Parse @text; -1 (no error set) when it is not such an object. */
static int body_parse(event_body *b, const char *text)
{
	const char *p = text;
	int rc;

	b->count = 0;
	if (*p++ != '{')
		return -1;
	if (*p == '}')
		return p[1] ? -1 : DS_OK;
	for (;;) {
		body_field *f;
		if (b->count == MAX_FIELDS || *p != '"')
			return -1;
		f = &b->f[b->count];
		*f = (body_field){ NULL, NULL, 0 };
		if ((rc = json_string_read(&f->key, &p)) < 0)
			return rc;
		b->count++;
		if (*p++ != ':')
			return -1;
		if (*p == '"') {
			if ((rc = json_string_read(&f->value, &p)) < 0)
				return rc;
		} else {
			const char *start = p;
			if (*p == '-')
				p++;
			while (*p >= '0' && *p <= '9')
				p++;
			if (p == start || (p == start + 1 && *start == '-'))
				return -1;
			if (!(f->value = ds__strndup(start, (size_t)(p - start))))
				return ds__enomem();
			f->number = 1;
		}
		if (*p == ',') {
			p++;
			continue;
		}
		if (*p == '}' && !p[1])
			return DS_OK;
		return -1;
	}
}

static const char *body_get(const event_body *b, const char *key)
{
	size_t i;

	for (i = 0; i < b->count; i++)
		if (strcmp(b->f[i].key, key) == 0)
			return b->f[i].value;
	return NULL;
}

/* ---------------------------------------------------------------- tables */

/* One row: its key as text and its columns as text (NULL: SQL NULL), with the
 * seq of the event each expected value comes from. */
typedef struct row {
	char *key;
	int64_t event; /* the event that created it */
	char **cols;
	int64_t *from;
} row;

typedef struct table {
	const char *name;
	const char *const *cols;
	size_t ncols;
	const char *sql; /* key, then the columns in order */
	row *rows;
	size_t count, cap;
} table;

/* Keys of digits compare as numbers, others as bytes. */
static int key_cmp(const char *a, const char *b)
{
	size_t la = strspn(a, "0123456789"), lb = strspn(b, "0123456789");

	if (la && lb && !a[la] && !b[lb] && la != lb)
		return la < lb ? -1 : 1;
	return strcmp(a, b);
}

static int row_cmp(const void *a, const void *b)
{
	return key_cmp(((const row *)a)->key, ((const row *)b)->key);
}

static void table_dispose(table *t)
{
	size_t i, k;

	for (i = 0; i < t->count; i++) {
		ds__free(t->rows[i].key);
		for (k = 0; k < t->ncols; k++)
			ds__free(t->rows[i].cols[k]);
		ds__free(t->rows[i].cols);
		ds__free(t->rows[i].from);
	}
	ds__free(t->rows);
	t->rows = NULL;
	t->count = t->cap = 0;
}

/* A new row keyed @key (its index in *@index). */
static int table_add(size_t *index, table *t, const char *key, int64_t event)
{
	row *r;

	if (t->count == t->cap) {
		size_t cap = t->cap ? t->cap * 2 : 16;
		row *grown = ds__realloc(t->rows, cap * sizeof *grown);
		if (!grown)
			return ds__enomem();
		t->rows = grown;
		t->cap = cap;
	}
	r = &t->rows[t->count];
	r->key = ds__strdup(key);
	r->event = event;
	r->cols = ds__calloc(t->ncols, sizeof *r->cols);
	r->from = ds__calloc(t->ncols, sizeof *r->from);
	if (!r->key || !r->cols || !r->from) {
		ds__free(r->key);
		ds__free(r->cols);
		ds__free(r->from);
		return ds__enomem();
	}
	*index = t->count++;
	return DS_OK;
}

static int table_set(table *t, size_t index, size_t col, const char *value, int64_t event)
{
	row *r = &t->rows[index];
	char *copy = NULL;

	if (value && !(copy = ds__strdup(value)))
		return ds__enomem();
	ds__free(r->cols[col]);
	r->cols[col] = copy;
	r->from[col] = event;
	return DS_OK;
}

static int table_set_int(table *t, size_t index, size_t col, int64_t value, int64_t event)
{
	char text[24];

	snprintf(text, sizeof text, "%" PRId64, value);
	return table_set(t, index, col, text, event);
}

/* The rows the tables hold. */
static int table_load(table *actual, ds__store *store)
{
	ds__stmt *stmt = NULL;
	size_t index, k;
	int rc;

	if ((rc = ds__store_prepare(&stmt, store, actual->sql)) < 0)
		return rc;
	while ((rc = ds__stmt_step(stmt)) > 0) {
		const char *key = ds__stmt_text(stmt, 0);
		if ((rc = table_add(&index, actual, key ? key : "NULL", 0)) < 0)
			break;
		for (k = 0; k < actual->ncols; k++)
			if ((rc = table_set(actual, index, k, ds__stmt_text(stmt, (int)k + 1), 0)) < 0)
				goto done;
	}
done:
	ds__stmt_finalize(stmt);
	return rc < 0 ? rc : DS_OK;
}

/* ---------------------------------------------------------------- findings */

typedef struct audit {
	ds_registry *reg;
	ds__records found;
	size_t total;
	char first[1024];
} audit;

static const size_t finding_strings[] = { offsetof(ds_audit_finding, table), offsetof(ds_audit_finding, row),
					  offsetof(ds_audit_finding, field), offsetof(ds_audit_finding, message) };

static void finding(audit *a, const char *tbl, const char *key, const char *field, int64_t event, const char *fmt, ...)
	DS__PRINTF(6, 7);

static void finding(audit *a, const char *tbl, const char *key, const char *field, int64_t event, const char *fmt, ...)
{
	char message[1024];
	ds_audit_finding *f;
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(message, sizeof message, fmt, ap);
	va_end(ap);
	if (a->total++ == 0)
		snprintf(a->first, sizeof a->first, "%s", message);
	if (a->total > MAX_FINDINGS)
		return;
	if (!(f = ds__records_add(&a->found)))
		return;
	f->event = event;
	ds__records_string(&a->found, 0, tbl);
	ds__records_string(&a->found, 1, key);
	ds__records_string(&a->found, 2, field);
	ds__records_string(&a->found, 3, message);
}

/* @value quoted for a message, cut at QUOTE_MAX bytes on a character boundary. */
static const char *quote(char buf[QUOTE_MAX + 8], const char *value)
{
	size_t n;

	if (!value)
		return "NULL";
	n = strlen(value);
	if (n <= QUOTE_MAX) {
		snprintf(buf, QUOTE_MAX + 8, "'%s'", value);
		return buf;
	}
	n = QUOTE_MAX;
	while (n > 0 && ((unsigned char)value[n] & 0xC0) == 0x80)
		n--;
	snprintf(buf, QUOTE_MAX + 8, "'%.*s…'", (int)n, value);
	return buf;
}

static int same(const char *a, const char *b)
{
	return (!a && !b) || (a && b && strcmp(a, b) == 0);
}

/* Compare the rebuilt table @want with what the database holds. */
static int table_compare(audit *a, table *want)
{
	table have = *want;
	size_t i = 0, j = 0, k;
	int rc;

	have.rows = NULL;
	have.count = have.cap = 0;
	if ((rc = table_load(&have, a->reg->store)) < 0)
		goto done;
	if (want->count > 1) /* an empty table has no array: qsort takes no NULL */
		qsort(want->rows, want->count, sizeof *want->rows, row_cmp);
	if (have.count > 1)
		qsort(have.rows, have.count, sizeof *have.rows, row_cmp);
	while (i < want->count || j < have.count) {
		int c = i == want->count ? 1 : j == have.count ? -1 : key_cmp(want->rows[i].key, have.rows[j].key);
		if (c < 0) {
			finding(a, want->name, want->rows[i].key, NULL, want->rows[i].event,
				"%s %s: event %" PRId64 " creates this row but the table does not hold it", want->name,
				want->rows[i].key, want->rows[i].event);
			i++;
		} else if (c > 0) {
			finding(a, want->name, have.rows[j].key, NULL, 0,
				"%s %s: the table holds this row but no event in the log creates it", want->name,
				have.rows[j].key);
			j++;
		} else {
			const row *w = &want->rows[i], *h = &have.rows[j];
			for (k = 0; k < want->ncols; k++) {
				char q1[QUOTE_MAX + 8], q2[QUOTE_MAX + 8];
				if (same(w->cols[k], h->cols[k]))
					continue;
				finding(a, want->name, w->key, want->cols[k], w->from[k],
					"%s %s: %s is %s in the table but %s by event %" PRId64, want->name, w->key,
					want->cols[k], quote(q1, h->cols[k]), quote(q2, w->cols[k]), w->from[k]);
			}
			i++;
			j++;
		}
	}
	rc = DS_OK;
done:
	table_dispose(&have);
	return rc;
}

/* ---------------------------------------------------------------- the replay */

static const char *const registry_cols[] = { "name", "region", "created", "weekends_only" };
static const char *const subject_cols[] = { "name", "type", "region", "created" };
enum {
	R_SUBJECT,
	R_KIND,
	R_RIGHT,
	R_TYPE,
	R_CHANGES,
	R_STATE,
	R_ENTRY_ID,
	R_ENTRY_TITLE,
	R_APPLIED,
	R_UPDATED,
	R_PUBLICITY_START,
	R_REGISTERED,
	R_CERTIFICATE,
	R_COUNT
};
static const char *const registration_cols[] = { "subject",	    "kind",	  "right_",	 "type",    "changes",
						 "state",	    "entry_id",	  "entry_title", "applied", "updated",
						 "publicity_start", "registered", "certificate" };
static const char *const transition_cols[] = { "registration", "from_state", "to_state", "actor",
					       "at",	       "date",	     "reason",	 "evidence" };
static const char *const trade_cols[] = { "seller", "buyer", "registration", "amount",
					  "date",   "venue", "voucher",	     "created" };
static const char *const recognition_cols[] = { "registration", "subject",	  "date",     "amount",
						"provider",	"founded",	  "approved", "independent",
						"clean",	"qualifications", "filing",   "created" };
static const char *const key_cols[] = { "alg", "created", "current" };
static const char *const assessment_cols[] = {
	"registration", "checklist", "checklist_version", "checklist_digest", "purpose", "outcome",  "workflow",
	"digest",	"assessed",  "evaluated",	  "evaluator",	      "actor",	 "recorded", "log_index",
	"stale",	"stale_at"
};
static const char *const document_cols[] = { "number", "log_index" };

enum {
	T_REGISTRY,
	T_SUBJECTS,
	T_REGISTRATIONS,
	T_TRANSITIONS,
	T_TRADES,
	T_RECOGNITIONS,
	T_KEYS,
	T_CERTIFICATES,
	T_CANCELLATIONS,
	T_ASSESSMENTS,
	T_COUNT
};

#define COLS(a) a, sizeof a / sizeof a[0]
static const table table_defs[T_COUNT] = {
	{ "registry", COLS(registry_cols), "SELECT id, name, region, created, weekends_only FROM registry", NULL, 0,
	  0 },
	{ "subjects", COLS(subject_cols), "SELECT code, name, type, region, created FROM subjects", NULL, 0, 0 },
	{ "registrations", COLS(registration_cols),
	  "SELECT id, subject, kind, right_, type, changes, state, entry_id, entry_title, applied, updated,"
	  " publicity_start, registered, certificate FROM registrations",
	  NULL, 0, 0 },
	{ "transitions", COLS(transition_cols),
	  "SELECT seq, registration, from_state, to_state, actor, at, date, reason, evidence FROM transitions", NULL, 0,
	  0 },
	{ "trades", COLS(trade_cols),
	  "SELECT id, seller, buyer, registration, amount, date, venue, voucher, created FROM trades", NULL, 0, 0 },
	{ "recognitions", COLS(recognition_cols),
	  "SELECT id, registration, subject, date, amount, provider, founded, approved, independent, clean,"
	  " qualifications, filing, created FROM recognitions",
	  NULL, 0, 0 },
	{ "keys", COLS(key_cols), "SELECT id, alg, created, current FROM keys", NULL, 0, 0 },
	{ "certificates", COLS(document_cols), "SELECT registration, number, log_index FROM certificates", NULL, 0, 0 },
	{ "cancellations", COLS(document_cols), "SELECT registration, cancels, log_index FROM cancellations", NULL, 0,
	  0 },
	{ "assessments", COLS(assessment_cols),
	  "SELECT id, registration, checklist, checklist_version, checklist_digest, purpose, outcome, workflow, digest,"
	  " assessed, evaluated, evaluator, actor, recorded, log_index, stale, stale_at FROM assessments",
	  NULL, 0, 0 },
};

typedef struct replay {
	audit *a;
	table t[T_COUNT];
	size_t *by_id; /* registration id → its row in t[T_REGISTRATIONS] + 1 (0: none) */
	size_t by_id_cap;
	size_t transitions;
} replay;

/* A code name from the log as its number in the table; NULL stays NULL. */
static int code_value(char out[24], ds_registry_code code, const char *name)
{
	int value;

	if (!name || ds_registry_code_parse(&value, code, name) < 0)
		return 0;
	snprintf(out, 24, "%d", value);
	return 1;
}

/* Set column @col of row @index from the code name @name (an unknown name is a finding). */
static int set_code(replay *r, size_t tbl, size_t index, size_t col, ds_registry_code code, const char *name,
		    int64_t seq)
{
	char value[24];

	if (!name)
		return table_set(&r->t[tbl], index, col, NULL, seq);
	if (!code_value(value, code, name)) {
		finding(r->a, "events", r->t[tbl].rows[index].key, r->t[tbl].cols[col], seq,
			"event %" PRId64 ": '%s' is not a known %s", seq, name, r->t[tbl].cols[col]);
		return table_set(&r->t[tbl], index, col, name, seq);
	}
	return table_set(&r->t[tbl], index, col, value, seq);
}

static size_t *registration_slot(replay *r, int64_t id)
{
	if (id <= 0 || (uint64_t)id > SIZE_MAX / 2 / sizeof(size_t))
		return NULL;
	if ((size_t)id >= r->by_id_cap) {
		size_t cap = r->by_id_cap ? r->by_id_cap : 64, *grown;
		while (cap <= (size_t)id)
			cap *= 2;
		if (!(grown = ds__realloc(r->by_id, cap * sizeof *grown)))
			return NULL;
		memset(grown + r->by_id_cap, 0, (cap - r->by_id_cap) * sizeof *grown);
		r->by_id = grown;
		r->by_id_cap = cap;
	}
	return &r->by_id[id];
}

/* The row of registration @id, or a finding when no application created it. */
static int registration_row(size_t *index, replay *r, int64_t id, int64_t seq, const char *type)
{
	size_t *slot = registration_slot(r, id);
	char key[24];

	if (slot && *slot) {
		*index = *slot - 1;
		return 1;
	}
	snprintf(key, sizeof key, "%" PRId64, id);
	finding(r->a, "events", key, "registration", seq,
		"event %" PRId64 " (%s) names registration %" PRId64 ", which no application event created", seq, type,
		id);
	return 0;
}

static int64_t number_of(const char *text)
{
	return text ? strtoll(text, NULL, 10) : 0;
}

static int replay_event(replay *r, int64_t seq, const char *type, int64_t registration, const char *at,
			const char *text)
{
	event_body b;
	const char *v;
	size_t index = 0, k;
	char key[24];
	int rc;

	/* Pledges (pledge.c) are logged and signed but not replayed here (docs/pledge.md). */
	if (ds__registry_pledge_event(type))
		return DS_OK;
	if (strcmp(type, "certificate_document") == 0 || strcmp(type, "cancellation_document") == 0) {
		table *t = &r->t[type[1] == 'e' ? T_CERTIFICATES : T_CANCELLATIONS];
		if (!registration_row(&index, r, registration, seq, type))
			return DS_OK;
		v = r->t[T_REGISTRATIONS].rows[index].cols[R_CERTIFICATE];
		snprintf(key, sizeof key, "%" PRId64, registration);
		if ((rc = table_add(&index, t, key, seq)) < 0 || (rc = table_set(t, index, 0, v, seq)) < 0 ||
		    (rc = table_set_int(t, index, 1, seq - 1, seq)) < 0)
			return rc;
		return DS_OK;
	}
	if ((rc = body_parse(&b, text)) < 0) {
		body_dispose(&b);
		if (rc != -1)
			return rc;
		snprintf(key, sizeof key, "%" PRId64, seq);
		finding(r->a, "events", key, "body", seq, "event %" PRId64 " (%s): the body is not the registry's JSON",
			seq, type);
		return DS_OK;
	}
	rc = DS_OK;
	if (strcmp(type, "registry") == 0) {
		table *t = &r->t[T_REGISTRY];
		if ((rc = table_add(&index, t, "1", seq)) < 0 ||
		    (rc = table_set(t, index, 0, body_get(&b, "name"), seq)) < 0 ||
		    (rc = table_set(t, index, 1, body_get(&b, "region"), seq)) < 0 ||
		    (rc = table_set(t, index, 2, at, seq)) < 0)
			goto done;
		v = body_get(&b, "working_days");
		rc = table_set(t, index, 3, v && strcmp(v, "weekends-only") == 0 ? "1" : "0", seq);
	} else if (strcmp(type, "subject") == 0) {
		table *t = &r->t[T_SUBJECTS];
		v = body_get(&b, "code");
		if ((rc = table_add(&index, t, v ? v : "NULL", seq)) < 0 ||
		    (rc = table_set(t, index, 0, body_get(&b, "name"), seq)) < 0 ||
		    (rc = set_code(r, T_SUBJECTS, index, 1, DS_CODE_SUBJECT_TYPE, body_get(&b, "type"), seq)) < 0 ||
		    (rc = table_set(t, index, 2, body_get(&b, "region"), seq)) < 0)
			goto done;
		rc = table_set(t, index, 3, at, seq);
	} else if (strcmp(type, "application") == 0) {
		table *t = &r->t[T_REGISTRATIONS];
		size_t *slot = registration_slot(r, registration);
		int64_t changes = number_of(body_get(&b, "changes"));
		if (!slot) {
			rc = registration > 0 ? ds__enomem() : DS_OK;
			goto done;
		}
		snprintf(key, sizeof key, "%" PRId64, registration);
		if ((rc = table_add(&index, t, key, seq)) < 0)
			goto done;
		*slot = index + 1;
		if ((rc = table_set(t, index, R_SUBJECT, body_get(&b, "subject"), seq)) < 0 ||
		    (rc = set_code(r, T_REGISTRATIONS, index, R_KIND, DS_CODE_KIND, body_get(&b, "kind"), seq)) < 0 ||
		    (rc = set_code(r, T_REGISTRATIONS, index, R_RIGHT, DS_CODE_RIGHT, body_get(&b, "right"), seq)) <
			    0 ||
		    (rc = set_code(r, T_REGISTRATIONS, index, R_TYPE, DS_CODE_TYPE, body_get(&b, "type"), seq)) < 0 ||
		    (rc = changes > 0 ? table_set_int(t, index, R_CHANGES, changes, seq) :
					table_set(t, index, R_CHANGES, NULL, seq)) < 0 ||
		    (rc = table_set(t, index, R_ENTRY_ID, body_get(&b, "entry_id"), seq)) < 0 ||
		    (rc = table_set(t, index, R_ENTRY_TITLE, body_get(&b, "entry_title"), seq)) < 0 ||
		    (rc = table_set(t, index, R_UPDATED, at, seq)) < 0)
			goto done;
		for (k = R_PUBLICITY_START; k <= R_CERTIFICATE; k++)
			if ((rc = table_set(t, index, k, NULL, seq)) < 0)
				goto done;
	} else if (strcmp(type, "transition") == 0) {
		table *t = &r->t[T_TRANSITIONS], *regs = &r->t[T_REGISTRATIONS];
		const char *from = body_get(&b, "from"), *to = body_get(&b, "to"), *date = body_get(&b, "date");
		size_t reg_index;
		snprintf(key, sizeof key, "%zu", ++r->transitions);
		if ((rc = table_add(&index, t, key, seq)) < 0 ||
		    (rc = table_set_int(t, index, 0, registration, seq)) < 0 ||
		    (rc = set_code(r, T_TRANSITIONS, index, 1, DS_CODE_STATE, from, seq)) < 0 ||
		    (rc = set_code(r, T_TRANSITIONS, index, 2, DS_CODE_STATE, to, seq)) < 0 ||
		    (rc = table_set(t, index, 3, body_get(&b, "actor"), seq)) < 0 ||
		    (rc = table_set(t, index, 4, at, seq)) < 0 || (rc = table_set(t, index, 5, date, seq)) < 0 ||
		    (rc = table_set(t, index, 6, body_get(&b, "reason"), seq)) < 0 ||
		    (rc = table_set(t, index, 7, body_get(&b, "evidence"), seq)) < 0)
			goto done;
		if (!registration_row(&reg_index, r, registration, seq, type))
			goto done;
		if ((rc = set_code(r, T_REGISTRATIONS, reg_index, R_STATE, DS_CODE_STATE, to, seq)) < 0)
			goto done;
		if (!from) {
			rc = table_set(regs, reg_index, R_APPLIED, date, seq);
		} else {
			if ((rc = table_set(regs, reg_index, R_UPDATED, at, seq)) < 0)
				goto done;
			if (to && strcmp(to, "publicity") == 0)
				rc = table_set(regs, reg_index, R_PUBLICITY_START, date, seq);
		}
	} else if (strcmp(type, "certificate") == 0) {
		table *regs = &r->t[T_REGISTRATIONS];
		if (registration_row(&index, r, registration, seq, type) &&
		    (rc = table_set(regs, index, R_REGISTERED, body_get(&b, "date"), seq)) >= 0)
			rc = table_set(regs, index, R_CERTIFICATE, body_get(&b, "certificate"), seq);
	} else if (strcmp(type, "trade") == 0) {
		table *t = &r->t[T_TRADES];
		v = body_get(&b, "trade");
		if ((rc = table_add(&index, t, v ? v : "NULL", seq)) < 0 ||
		    (rc = table_set(t, index, 0, body_get(&b, "seller"), seq)) < 0 ||
		    (rc = table_set(t, index, 1, body_get(&b, "buyer"), seq)) < 0 ||
		    (rc = table_set_int(t, index, 2, registration, seq)) < 0 ||
		    (rc = table_set(t, index, 3, body_get(&b, "amount"), seq)) < 0 ||
		    (rc = table_set(t, index, 4, body_get(&b, "date"), seq)) < 0)
			goto done;
		v = body_get(&b, "venue");
		if ((rc = table_set(t, index, 5,
				    !v			  ? NULL :
				    strcmp(v, "on") == 0  ? "0" :
				    strcmp(v, "off") == 0 ? "1" :
							    v,
				    seq)) < 0 ||
		    (rc = table_set(t, index, 6, body_get(&b, "voucher"), seq)) < 0)
			goto done;
		rc = table_set(t, index, 7, at, seq);
	} else if (strcmp(type, "recognition") == 0) {
		static const char *const from_body[] = { "subject",	   "date",     "amount",      "provider",
							 "founded",	   "approved", "independent", "clean",
							 "qualifications", "filing" };
		table *t = &r->t[T_RECOGNITIONS];
		v = body_get(&b, "recognition");
		if ((rc = table_add(&index, t, v ? v : "NULL", seq)) < 0 ||
		    (rc = table_set_int(t, index, 0, registration, seq)) < 0)
			goto done;
		for (k = 0; k < sizeof from_body / sizeof from_body[0]; k++)
			if ((rc = table_set(t, index, k + 1, body_get(&b, from_body[k]), seq)) < 0)
				goto done;
		rc = table_set(t, index, 11, at, seq);
	} else if (strcmp(type, "key") == 0) {
		table *t = &r->t[T_KEYS];
		for (k = 0; k < t->count; k++)
			if ((rc = table_set(t, k, 2, "0", seq)) < 0)
				goto done;
		v = body_get(&b, "key_id");
		if ((rc = table_add(&index, t, v ? v : "NULL", seq)) < 0 ||
		    (rc = table_set(t, index, 0, body_get(&b, "alg"), seq)) < 0 ||
		    (rc = table_set(t, index, 1, at, seq)) < 0)
			goto done;
		rc = table_set(t, index, 2, "1", seq);
	} else if (strcmp(type, "assessment") == 0) {
		/* A compliance assessment (compliance.c): the row as recorded. */
		static const char *const from_body[] = { "checklist", "checklist_version", "checklist_digest",
							 "purpose" };
		static const char *const outcomes[] = { "pass", "conditional", "fail" };
		static const char *const workflows[] = { "proceed", "hold", "reject" };
		static const char *const later[] = { "digest", "assessed", "evaluated", "evaluator", "actor" };
		table *t = &r->t[T_ASSESSMENTS];
		const char *o = body_get(&b, "outcome"), *w = body_get(&b, "workflow");
		v = body_get(&b, "assessment");
		if ((rc = table_add(&index, t, v ? v : "NULL", seq)) < 0 ||
		    (rc = table_set_int(t, index, 0, registration, seq)) < 0)
			goto done;
		for (k = 0; k < 4; k++)
			if ((rc = table_set(t, index, k + 1, body_get(&b, from_body[k]), seq)) < 0)
				goto done;
		for (k = 0; k < 3 && (!o || strcmp(o, outcomes[k]) != 0); k++)
			;
		if ((rc = k < 3 ? table_set_int(t, index, 5, (int64_t)k, seq) : table_set(t, index, 5, o, seq)) < 0)
			goto done;
		for (k = 0; k < 3 && (!w || strcmp(w, workflows[k]) != 0); k++)
			;
		if ((rc = k < 3 ? table_set_int(t, index, 6, (int64_t)k, seq) : table_set(t, index, 6, w, seq)) < 0)
			goto done;
		for (k = 0; k < 5; k++)
			if ((rc = table_set(t, index, k + 7, body_get(&b, later[k]), seq)) < 0)
				goto done;
		if ((rc = table_set(t, index, 12, at, seq)) < 0 ||
		    (rc = table_set_int(t, index, 13, seq - 1, seq)) < 0 ||
		    (rc = table_set(t, index, 14, NULL, seq)) < 0)
			goto done;
		rc = table_set(t, index, 15, NULL, seq);
	} else if (strcmp(type, "assessment_stale") == 0) {
		table *t = &r->t[T_ASSESSMENTS];
		v = body_get(&b, "assessment");
		for (k = 0; v && k < t->count && strcmp(t->rows[k].key, v) != 0; k++)
			;
		if (!v || k == t->count) {
			snprintf(key, sizeof key, "%" PRId64, seq);
			finding(r->a, "events", key, "assessment", seq,
				"event %" PRId64 " marks assessment %s stale, which no assessment event recorded", seq,
				v ? v : "(none)");
		} else if ((rc = table_set(t, k, 14, body_get(&b, "stale"), seq)) >= 0) {
			rc = table_set(t, k, 15, at, seq);
		}
	} else if (strcmp(type, "calendar") != 0 && strcmp(type, "settlement") != 0 &&
		   strcmp(type, "compliance_requirement") != 0) {
		snprintf(key, sizeof key, "%" PRId64, seq);
		finding(r->a, "events", key, "type", seq, "event %" PRId64 ": unknown event type '%s'", seq, type);
	}
done:
	body_dispose(&b);
	return rc;
}

/* The stored documents against their log entries, byte for byte. */
static int documents_compare(audit *a, table *want, const char *sql)
{
	ds__stmt *stmt = NULL, *ev = NULL;
	int rc;

	if ((rc = ds__store_prepare(&stmt, a->reg->store, sql)) < 0)
		goto done;
	while ((rc = ds__stmt_step(stmt)) > 0) {
		const char *key = ds__stmt_text(stmt, 0), *xml = ds__stmt_text(stmt, 1), *body;
		row probe = { (char *)(key ? key : "NULL"), 0, NULL, NULL };
		const row *w = bsearch(&probe, want->rows, want->count, sizeof *want->rows, row_cmp);
		ds_certificate *cert = NULL;
		unsigned char *entry = NULL;
		size_t len = 0;
		if (!w || !xml)
			continue; /* an extra row: reported by table_compare */
		if ((rc = ds__store_prepare(&ev, a->reg->store, "SELECT body FROM events WHERE seq = ?")) < 0 ||
		    (rc = ds__stmt_bind_int(ev, 1, w->event)) < 0 || (rc = ds__stmt_step(ev)) < 0)
			goto done;
		body = rc > 0 ? ds__stmt_text(ev, 0) : NULL;
		if (ds_certificate_parse(&cert, xml, strlen(xml)) < 0) {
			finding(a, want->name, probe.key, "xml", w->event,
				"%s %s: the stored document does not parse (%s)", want->name, probe.key,
				ds_error_last()->message);
		} else if ((rc = ds_certificate_log_entry(&entry, &len, cert)) < 0) {
			ds_certificate_free(cert);
			goto done;
		} else if (!body || strlen(body) != len || memcmp(body, entry, len) != 0) {
			finding(a, want->name, probe.key, "xml", w->event,
				"%s %s: the stored document is not the one logged as event %" PRId64
				" (its log entry differs)",
				want->name, probe.key, w->event);
		}
		ds_free(entry);
		ds_certificate_free(cert);
		ds__stmt_finalize(ev);
		ev = NULL;
	}
done:
	ds__stmt_finalize(ev);
	ds__stmt_finalize(stmt);
	return rc < 0 ? rc : DS_OK;
}

/* Every stored assessment document against the digest its row holds (the
 * row's digest is compared with the logged one as a column). */
static int assessment_documents(audit *a)
{
	ds__stmt *stmt = NULL;
	int rc;

	if ((rc = ds__store_prepare(&stmt, a->reg->store, "SELECT id, xml, digest FROM assessments")) < 0)
		return rc;
	while ((rc = ds__stmt_step(stmt)) > 0) {
		const char *id = ds__stmt_text(stmt, 0), *xml = ds__stmt_text(stmt, 1),
			   *digest = ds__stmt_text(stmt, 2);
		char want[7 + 65];
		ds_hash h;
		if ((rc = ds_hash_data(&h, DS_HASH_SHA256, xml ? xml : "", xml ? strlen(xml) : 0)) < 0)
			break;
		memcpy(want, "sha256:", 7);
		ds__hex_encode(want + 7, h.bytes, 32);
		if (!digest || strcmp(digest, want) != 0)
			finding(a, "assessments", id, "xml", 0,
				"assessments %s: the stored document's SHA-256 is %s, not the digest %s recorded and"
				" logged",
				id, want, digest ? digest : "(none)");
	}
	ds__stmt_finalize(stmt);
	return rc < 0 ? rc : DS_OK;
}

/* A published head against the log: the same origin, a size the log has
 * reached, and the same root at that size. */
static int head_compare(audit *a, const char *head, const ds_key *head_key)
{
	ds_checkpoint *cp = NULL;
	ds_key *key = NULL;
	ds__stmt *stmt = NULL;
	char *origin = NULL;
	uint64_t size, have;
	ds_hash want, root;
	int rc;

	if ((rc = ds_registry_log_origin(&origin, a->reg)) < 0)
		return rc;
	if (head_key) {
		rc = ds_checkpoint_open(&cp, head, strlen(head), origin, head_key);
	} else {
		/* Any key the registry recorded: a restored file without the key
		 * that signed the head fails here, which is itself a finding. */
		if ((rc = ds__store_prepare(&stmt, a->reg->store,
					    "SELECT public_pem FROM keys ORDER BY created DESC")) < 0)
			goto done;
		int step = 0;
		rc = ds__error(DS_EVERIFY, "no key recorded in the registry");
		while (!cp && (step = ds__stmt_step(stmt)) > 0) {
			const char *pem = ds__stmt_text(stmt, 0);
			int parsed = pem ? ds_key_parse(&key, pem, strlen(pem)) : DS_EPARSE;
			if (parsed == DS_ENOMEM) {
				rc = parsed;
				break;
			}
			if (parsed < 0)
				continue;
			rc = ds_checkpoint_open(&cp, head, strlen(head), origin, key);
			ds_key_free(key);
			key = NULL;
			if (rc < 0 && rc != DS_EVERIFY)
				break; /* not a checkpoint, or out of memory: no other key helps */
		}
		if (!cp && step < 0)
			rc = step;
		ds__stmt_finalize(stmt);
		stmt = NULL;
	}
	if (rc < 0) {
		if (rc != DS_EVERIFY)
			goto done; /* not a checkpoint (the caller's error), or out of memory */
		finding(a, "log", NULL, "head", 0,
			"the published head is not a checkpoint of this registry's log signed by %s: %s",
			head_key ? "the given key" : "a key the registry records", ds_error_last()->message);
		rc = DS_OK;
		goto done;
	}
	size = ds_checkpoint_size(cp);
	if ((rc = ds__registry_log_size(a->reg, &have)) < 0 || (rc = ds_checkpoint_root(&want, cp)) < 0)
		goto done;
	if (size > have) {
		finding(a, "log", NULL, "size", 0,
			"the log has %" PRIu64 " entries but a published head has %" PRIu64
			": entries were removed from its end, or an older file was restored",
			have, size);
	} else {
		if ((rc = ds_translog_root(&root, a->reg->log, size)) < 0)
			goto done;
		if (root.size != want.size || memcmp(root.bytes, want.bytes, want.size) != 0)
			finding(a, "log", NULL, "root", 0,
				"the log's first %" PRIu64 " entries do not have the published head's root hash: the "
				"history it signed was rewritten",
				size);
	}
	rc = DS_OK;
done:
	ds__stmt_finalize(stmt);
	ds_checkpoint_free(cp);
	ds__free(origin);
	return rc;
}

int ds_registry_audit(ds_audit_finding **findings, size_t *count, ds_registry *reg, const char *head,
		      const ds_key *head_key)
{
	replay r;
	audit a;
	ds__stmt *stmt = NULL;
	uint64_t bad = 0, logged = 0;
	size_t i;
	int rc, in_read = 0;

	if (!findings || !count || !reg)
		return ds__error(DS_EINVAL, "ds_registry_audit: NULL argument");
	memset(&a, 0, sizeof a);
	memset(&r, 0, sizeof r);
	a.reg = reg;
	r.a = &a;
	ds__records_init(&a.found, sizeof(ds_audit_finding), finding_strings, 4);
	for (i = 0; i < T_COUNT; i++)
		r.t[i] = table_defs[i];
	if ((rc = ds__registry_issue_pending(reg)) < 0)
		goto done;
	/* The events table against the log's stored tree first: what is replayed
	 * below is then exactly what the log commits to. */
	if ((rc = ds__registry_log_verify(reg, &bad)) < 0) {
		char key[24];
		if (rc != DS_EVERIFY)
			goto done;
		snprintf(key, sizeof key, "%" PRIu64, bad + 1);
		finding(&a, "events", key, NULL, (int64_t)bad + 1, "%s", ds_error_last()->message);
		rc = DS_OK;
	}
	if (head && (rc = head_compare(&a, head, head_key)) < 0)
		goto done;
	if ((rc = ds__store_begin_read(reg->store)) < 0)
		goto done;
	in_read = 1;
	/* The signed log is replayed: events past it (never logged) are not. */
	if ((rc = ds__store_prepare(
		     &stmt, reg->store,
		     "SELECT seq, type, registration, at, body FROM events WHERE seq <= ? ORDER BY seq")) < 0 ||
	    (rc = ds__registry_log_size(reg, &logged)) < 0 || (rc = ds__stmt_bind_int(stmt, 1, (int64_t)logged)) < 0)
		goto done;
	while ((rc = ds__stmt_step(stmt)) > 0) {
		const char *type = ds__stmt_text(stmt, 1), *at = ds__stmt_text(stmt, 3), *body = ds__stmt_text(stmt, 4);
		if ((rc = replay_event(&r, ds__stmt_int(stmt, 0), type ? type : "", ds__stmt_int(stmt, 2), at,
				       body ? body : "")) < 0)
			goto done;
	}
	if (rc < 0)
		goto done;
	ds__stmt_finalize(stmt);
	stmt = NULL;
	for (i = 0; i < T_COUNT; i++)
		if ((rc = table_compare(&a, &r.t[i])) < 0)
			goto done;
	if ((rc = documents_compare(&a, &r.t[T_CERTIFICATES], "SELECT registration, xml FROM certificates")) < 0 ||
	    (rc = documents_compare(&a, &r.t[T_CANCELLATIONS], "SELECT registration, xml FROM cancellations")) < 0 ||
	    (rc = assessment_documents(&a)) < 0)
		goto done;
	if (a.total > MAX_FINDINGS) {
		char more[96];
		snprintf(more, sizeof more, "%zu more differences are not listed", a.total - MAX_FINDINGS);
		if (ds__records_add(&a.found))
			ds__records_string(&a.found, 3, more);
	}
	ds__store_rollback(reg->store);
	in_read = 0;
	if ((rc = ds__records_finish((void **)findings, count, &a.found)) < 0)
		goto done;
	rc = a.total ? ds__error(DS_EVERIFY, "registry audit: %s (%zu difference%s)", a.first, a.total,
				 a.total == 1 ? "" : "s") :
		       DS_OK;
done:
	ds__stmt_finalize(stmt);
	if (in_read)
		ds__store_rollback(reg->store);
	for (i = 0; i < T_COUNT; i++)
		table_dispose(&r.t[i]);
	ds__free(r.by_id);
	ds__records_dispose(&a.found);
	return rc;
}
