/*
 * Registry internals shared by the files of lib/registry.
 * SPDX-License-Identifier: MIT
 */
#ifndef DS_REGISTRY_INTERNAL_H
#define DS_REGISTRY_INTERNAL_H

#include <stdint.h>

#include "datasset/registry.h"
#include "datasset/translog.h"
#include "internal/codes.h"
#include "internal/core.h"
#include "internal/store.h"

/* Limits on text fields, in characters. */
#define DS__REG_MAX_NAME 200
#define DS__REG_MAX_TEXT 2000
#define DS__REG_MAX_ENTRY_BYTES (16u * 1024u * 1024u)

/* A registration's workflow facts, as a transition reads them (workflow.c). */
typedef struct ds__registration_state {
	int state, kind, type;
	int64_t changes;
	char updated[21], publicity_end[11], certificate[25];
} ds__registration_state;

/*
 * What a batch would otherwise read back from the database once per call: rows
 * this connection wrote or read in the open transaction (the store's contract,
 * ds__store_generation: valid while the depth is above 0 and the generation is
 * the one they were kept under; a rollback, of a savepoint too, moves it, and
 * under the write lock no other connection writes). Every write of what is kept
 * here goes through the code that keeps it, or drops it (ds__registry_cache_drop):
 * the workflow facts of the registration last written or read (workflow.c, the
 * only writer of those columns), a subject known to exist (subjects are never
 * deleted), the current key id checked against the key in memory (keys.c drops
 * it when a key is added), the last working-day sum (calendar.c drops it when
 * a calendar is loaded), the compliance requirement per kind (compliance.c
 * drops it when one is set) and the registration the 公示 gate found without
 * use restrictions (compliance.c forgets it when an assessment is written)
 * and the highest registration id any assessment names (the same).
 */
typedef struct ds__registry_cache {
	uint64_t generation; /* 0: nothing kept */
	int64_t state_id;    /* 0: no registration kept */
	ds__registration_state state;
	char subject[32];    /* "": none */
	char key_id[65];     /* the current key's id as last read: "": not read */
	char days_start[11]; /* "": no sum kept */
	int days;
	char days_end[11];
	struct {
		int known, found;
		char purpose[65], checklist[65];
	} requirement[4]; /* by kind */
	/* A registration whose latest assessment, as the 公示 gate read it, puts no
	 * use restriction on its certificate (none recorded, or none to print):
	 * 0 for none; compliance.c, the only writer of assessments, resets it. */
	int64_t unrestricted_id;
	/* The highest registration id an assessment names (0: none), as read in
	 * this transaction: a registration above it has none, so the 公示 gate
	 * reads nothing for it. compliance.c, the only writer of assessments,
	 * forgets it (assessed_known 0) when it inserts one. */
	int assessed_known;
	int64_t assessed_max;
} ds__registry_cache;

/* The cache, emptied first when the transaction moved on since it was
 * filled; NULL outside a transaction (nothing may be kept there). */
ds__registry_cache *ds__registry_cache_get(ds_registry *reg);
/* Forget everything kept (a write of a kept row elsewhere). */
void ds__registry_cache_drop(ds_registry *reg);

struct ds_registry {
	ds__store *store;
	ds__registry_cache cache;		  /* see ds__registry_cache */
	char *path;				  /* the database file, as opened (keys live beside it) */
	ds_translog *log;			  /* the transparency log over the events table (log.c) */
	int64_t last_event;			  /* the seq of the last event this handle appended */
	struct ds__registry_log_store *log_store; /* its node store (log.c); owned by log */
	char *name;
	char *region;
	int publicity_days;
	int weekends_only; /* created with DS_REGISTRY_CALENDAR_WEEKENDS_ONLY: no calendar consulted */
	int batch;	   /* a caller's batch (ds_registry_begin) is open */
	/* The current signing key as last loaded from its file (issue.c): loading
	 * and decoding a PEM key costs more than the rest of a registration, so
	 * it is kept while the current key's id in the database stays the same. */
	ds_key *signing_key;
	ds__stmt *key_ahead; /* the current key's id, read sent ahead (ds__registry_signing_key_ahead) */
	uint64_t key_ahead_generation;
	/* Documents issued in the open transaction and not yet signed (issue.c):
	 * they are signed at its commit under one checkpoint, or when read. */
	struct ds__pending_document *pending;
	size_t pending_count, pending_cap;
	/* Keys replaced while documents built with them were pending. */
	ds_key **retired;
	size_t retired_count;
	/* A slice of documents being sealed on a helper thread (issue.c), and
	 * whether batches seal that way (ds_registry_options.signing). */
	struct ds__seal_job *sealing;
	struct ds__sealer *sealer; /* the helper thread (issue.c) */
	int seal_in_background;
	/* Tests: the helper signs a slice's checkpoints and leaves its documents
	 * to the caller (seal_hold); how many documents the caller sealed, helping. */
	int seal_hold;
	size_t sealed_by_caller;
	/* Documents of the open transaction were lost after a failed sealing:
	 * its commit is refused (issue.c). */
	int seal_lost;
};

/* The schema's migrations, oldest first (registry.c); exposed for the migration test. */
extern const ds__store_migration ds__registry_migrations[];
/* schema_pg.c: the migrations' PostgreSQL forms. */
extern const char ds__registry_pg_v1[], ds__registry_pg_v2[], ds__registry_pg_v3[], ds__registry_pg_v4[],
	ds__registry_pg_v5[], ds__registry_pg_v6[], ds__registry_pg_v7[], ds__registry_pg_v8[], ds__registry_pg_v9[],
	ds__registry_pg_v10[];
extern const int ds__registry_migration_count;

/* Compliance (compliance.c), inside the caller's transaction. The gate of
 * REVIEW → PUBLICITY for registration @id of @kind (rule 5 of the checklist's
 * outcome rules): DS_ESTATE naming what is missing, stale, held or failed;
 * on a conditional outcome with restrictions only, writes their codes into
 * the registration's restrictions. And the use restrictions its certificate
 * prints: *out (ds__free) points into *storage (ds__free); none: NULL, 0. */
int ds__registry_compliance_gate(ds_registry *reg, int64_t id, int kind);
int ds__registry_fingerprint(char **out, const char *data, ds_hash_alg alg);
int ds__registry_compliance_restrictions(ds_certificate_restriction **out, size_t *count, char **storage,
					 ds_registry *reg, int64_t id);

/* Load a calendar document (calendar.c) in the caller's transaction or its
 * own: the bundled official one when @doc is NULL. */
int ds__registry_calendar_load(size_t *count, ds_registry *reg, const char *path);
/* Whether @region (six digits) is in mainland China (GB/T 2260 11xxxx to 65xxxx). */
int ds__registry_region_mainland(const char *region);

/* The certificate's figures from a probe report (figures.c): records, fields,
 * bytes (0: unknown), time coverage "FROM/TO" (NULL: no dates) and the GB/T
 * 36344 indicators as text. */
typedef struct ds__registry_figures {
	uint64_t records, fields, bytes;
	char *period, *quality;
} ds__registry_figures;
int ds__registry_probe_figures(ds__registry_figures *out, const char *probe_xml);
void ds__registry_figures_dispose(ds__registry_figures *f);
/* Check an application's declared figures (version 2) for form and against
 * the attached report @probe_xml (may be NULL): DS_EINVAL naming the field. */
int ds__registry_check_declared(const ds_registration_request *req, const char *probe_xml);

/* Timestamps: "YYYY-MM-DDTHH:MM:SSZ" (21 bytes) and the local (UTC+8) date (11 bytes). */
void ds__registry_time(char utc[21], char date[11], int64_t at);
int64_t ds__registry_now(void);

/* Validate a text field: valid UTF-8 (normalised to NFC), no control characters
 * (newline and tab allowed when @multiline; when not, no bidirectional control
 * character either: single-line fields are names and identifiers), at most @max characters, not empty
 * when @required. *out is NULL for an absent optional field. Errors name @field. */
int ds__registry_text(char **out, const char *text, const char *field, size_t max, int required, int multiline);

/* One field of an event: a string (text != NULL) or an integer. */
typedef struct ds__registry_field {
	const char *key;
	const char *text;
	int64_t number;
} ds__registry_field;

/*
 * THE place where a registry event is produced. Called inside the transaction
 * of every state change, it serialises the event canonically (RFC 8785 JSON:
 * keys sorted, no whitespace, strings and integers only) and appends it to the
 * `events` table, whose `seq` grows by one per event. The transparency log
 * (issue 7) appends these rows, in seq order, as its entries. On failure the
 * caller must roll its transaction (or savepoint) back: the event row may
 * already be written (no savepoint of its own inside a transaction).
 */
int ds__registry_emit_event(ds_registry *reg, const char *type, int64_t registration, const char *at,
			    const ds__registry_field *fields, size_t count);

/* Append an event whose body is already serialised (a certificate's log
 * entry, issue.c) to `events` and to the log, as ds__registry_emit_event does.
 * @body is NUL-terminated text of @len bytes (the column is TEXT). */
int ds__registry_append_event(ds_registry *reg, const char *type, int64_t registration, const char *at,
			      const char *body, size_t len);

/* Issue the certificate of registration @id, which has just reached
 * REGISTERED in the caller's transaction (issue.c): built, its log entry
 * appended, signed and stored when the transaction ends (above); @utc and @at
 * are the transition's time. DS_ESTATE when the registry has no current signing
 * key, or one whose digest is not the log's. */
int ds__registry_issue_certificate(ds_registry *reg, int64_t id, const char *utc, int64_t at);
/* Issue the cancellation record (注销) of registration @id (as above),
 * which has just reached CANCELLED in the caller's transaction: by the
 * registration of 注销登记 @cancelled_by (certificate number @by_number), or
 * directly (0, NULL). @date and @reason are the transition's. DS_ESTATE as
 * ds__registry_issue_certificate() without a usable key. */
int ds__registry_issue_cancellation(ds_registry *reg, int64_t id, int64_t cancelled_by, const char *by_number,
				    const char *utc, const char *date, int64_t at, const char *reason);

/* Certificates and cancellation records are built, numbered and logged in
 * the transaction of their transition, and signed at its end: the log
 * evidence of every document issued in a transaction hangs under one
 * checkpoint of the tree as it stands then, so a batch of 1,000 registrations
 * signs one checkpoint instead of 1,000 (issue.c). issue_pending signs and
 * stores what is pending (the store calls it before COMMIT; readers of the
 * documents call it first); pending_level_end follows the store's levels so
 * that what a rolled-back level issued is forgotten. attach installs both on
 * @reg's store; forget drops everything (ds_registry_free). */
int ds__registry_issue_pending(ds_registry *reg);
/* Called by a state change before it opens its level: inside a batch (the
 * store at depth 1), once DS__PENDING_SETTLE documents wait, they are signed
 * now, so that a large batch keeps a bounded number of documents in memory
 * (and signs one checkpoint per DS__PENDING_SETTLE documents): on a helper
 * thread while the batch goes on (stored at the next settle, read or commit),
 * or here with DS_REGISTRY_SIGN_CALLER. */
#define DS__PENDING_SETTLE 32
int ds__registry_issue_settle(ds_registry *reg);

/* Signing keys (keys.c). Inside a write transaction the caller opened: generate
 * a key, write its files as NAME.tmp (removing .tmp files a dead process left),
 * record it as current and log its event; *key_id receives its identifier
 * (ds_free). After the outermost commit, ds__registry_key_settle() renames the
 * files into place (a crash before is repaired by the next load or sweep). */
int ds__registry_key_add(char **key_id, ds_registry *reg, ds_sig_alg alg);
int ds__registry_key_settle(ds_registry *reg, const char *id);
/* Outside any transaction: load the current signing key from its file into
 * @reg before a transition that signs takes the write lock, so that a key
 * file that cannot be read fails before the lock is held. DS_OK when the
 * registry has no key (the transition reports that itself). */
int ds__registry_signing_key_prepare(ds_registry *reg);
/* The documents handed to the helper thread and not yet stored. */
size_t ds__registry_sealing_count(const ds_registry *reg);
void ds__registry_pending_attach(ds_registry *reg);
void ds__registry_pending_forget(ds_registry *reg);

/* The transparency log (log.c). open: attach reg->log to the store; it
 * writes nothing. event: append event @seq's canonical body; called by
 * ds__registry_emit_event inside its transaction, so the event and its log
 * entry commit together; DS_EVERIFY, naming the first event the log does not
 * hold, when @seq is not the log's next entry (entry i is event i + 1): rows
 * added to `events` past the registry are never logged, and every write
 * fails until they are removed. Each append reads and writes O(log n) nodes.
 * migrate: the apply of the migration to version 3, in its transaction: the
 * events already there logged, in seq order; the only other way an event is
 * logged. check: whether the log (log_state as stored) holds exactly the
 * events table's rows: DS_EVERIFY naming the first event past it (its entry
 * index in *@bad when not NULL), or the mismatch; reads only. */
int ds__registry_log_open(ds_registry *reg);
int ds__registry_log_event(ds_registry *reg, int64_t seq, const char *body, size_t len);
int ds__registry_log_migrate(ds__store *store);
int ds__registry_log_check(ds_registry *reg, uint64_t *bad);
/* Write the log's size (and last event logged) kept in memory since the last
 * write: the store's observer calls it at commit (log.c). level_begin notes
 * what is kept when a savepoint opens, level_end gives it back when that
 * savepoint is rolled back (the store's observer calls both). */
int ds__registry_log_sync(ds_registry *reg);
int ds__registry_log_level_begin(ds_registry *reg, int depth);
void ds__registry_log_level_end(ds_registry *reg, int depth, int committed);
/* Start (1) or stop (0) keeping the nodes the transaction writes, for the
 * proofs of the documents it issues (log.c); either way what was kept goes. */
void ds__registry_log_window(ds_registry *reg, int on);
/* Recompute the whole log from the events table (in a read snapshot) and
 * compare every stored node: DS_EVERIFY naming the first entry or node that
 * differs (its first entry index in *@bad when not NULL). O(n). */
int ds__registry_log_verify(ds_registry *reg, uint64_t *bad);
/* The log's size as stored (or kept in the open transaction), with errors:
 * ds_translog_size() reads a size it cannot read as 0. */
int ds__registry_log_size(ds_registry *reg, uint64_t *size);
/* Right after a state change's write transaction began (depth 1): on
 * PostgreSQL, send the read of the log's size and right edge ahead, so that
 * it travels with the registry's lock and the call's first read in one round
 * trip (log.c, read_edge; ds__stmt_send). Nothing elsewhere; never fails
 * (the read that needs the size meets any failure again). */
void ds__registry_log_prefetch(ds_registry *reg);
/* On PostgreSQL inside a transaction, when the events table ends where the
 * log ends (the event of the log's size there and none after it, read with
 * the log's size under the registry's lock): 1 and the
 * seq of the next event in *@seq, which the caller inserts itself. 0 when
 * not known that way (SQLite; rows past the log; after a savepoint was
 * rolled back): the table's default numbers the event. */
int ds__registry_log_next_seq(ds_registry *reg, int64_t *seq);
/* Right after the write transaction of a state change that signs began
 * (depth 1): on PostgreSQL, send the read of the current key's id ahead, to
 * travel with the lock (issue.c, signing_key). Nothing elsewhere; never fails. */
void ds__registry_signing_key_ahead(ds_registry *reg);

/* Certificate number RRRRRR-YYYY-K-NNNNNNNN-C for a sequence (codes.c); DS_ERANGE when a
 * part is out of range (an exhausted sequence). */
int ds__certificate_number(char out[25], const char *region, int year, int kind, int64_t sequence);

/* An amount in yuan, positive and exact to the fen, as stored text "N.NN" (trade.c). */
int ds__registry_amount(char **text, const ds_decimal *amount);

/* The applicant @code's 入表 filings dated in [@from, @to] as <recognition>
 * elements of the applications document (recognition.c). */
struct ds__xml_writer;
int ds__registry_write_recognitions(struct ds__xml_writer *w, ds_registry *reg, const char *code, const char *from,
				    const char *to);

/* Working days (calendar.c): the date @days working days after @start. */
int ds__registry_add_working_days(ds_registry *reg, const char *start, int days, char out[11]);

/* Result blocks: an array of structs and their strings in one allocation. */
typedef struct ds__records {
	char *items;
	size_t item_size, count, cap;
	const size_t *string_fields; /* offsets of the const char * fields in the struct */
	size_t string_count;
	size_t *offsets; /* count * string_count offsets into pool, or SIZE_MAX for NULL */
	ds__buf pool;
	int oom;
} ds__records;
void ds__records_init(ds__records *r, size_t item_size, const size_t *string_fields, size_t string_count);
/* A new zeroed item, or NULL when memory ran out (remembered). */
void *ds__records_add(ds__records *r);
/* Set string field @index of the last item added (NULL stays NULL). */
void ds__records_string(ds__records *r, size_t index, const char *text);
/* Hand the block to the caller (NULL with count 0 when empty). */
int ds__records_finish(void **out, size_t *count, ds__records *r);
void ds__records_dispose(ds__records *r);

/* Pledges (pledge.c). */
/* Whether @registration may undergo @action (a ds_pledge_action, or -1 for
 * 注销, which no consent allows): DS_OK when no ACTIVE or ENFORCING pledge is
 * on it, or (not for -1) every such pledge has an unused consent to
 * @action, which @use_by (not NULL) marks used; else DS_EENCUMBERED naming
 * the pledges and what is missing. Inside the caller's transaction. */
int ds__registry_pledge_check(ds_registry *reg, int64_t registration, int action, const char *use_by);
/* A consented change of @from registered as @to: the pledges on @from move to @to. */
int ds__registry_pledge_follow(ds_registry *reg, int64_t from, int64_t to);
/* The 权利限制 line of a certificate issued for @registration: the ACTIVE
 * pledges on the registration it supersedes (@changes, 0: none) and on itself,
 * or *line NULL when there are none (ds_free). */
int ds__registry_pledge_restrictions(char **line, ds_registry *reg, int64_t registration, int64_t changes);
/* Whether @type is an event type of pledge.c (the audit skips them). */
int ds__registry_pledge_event(const char *type);
/* issue.c: the current signing key for a pledge certificate (as for a
 * certificate), and logging a built one (taken) as event "pledge_document"
 * of @registration, stored in pledge_certificates under @pledge at the
 * transaction's end. */
struct ds_certificate;
int ds__registry_pledge_key(const ds_key **key, ds_registry *reg, int64_t pledge);
int ds__registry_issue_pledge_document(ds_registry *reg, struct ds_certificate *cert, int64_t registration,
				       int64_t pledge, const char *number, const char *utc, int64_t at,
				       const ds_key *key);

#endif
