/** @file
 * libdatasset — the registry (产权登记): registrants, registrations of the three
 * data rights, their workflow, certificate numbers, query codes, and trade
 * records and filings, kept in one durable store.
 * SPDX-License-Identifier: MIT
 *
 * A registry lives in one database file (SQLite, WAL). Every call that changes
 * state is one transaction: it happens whole or not at all, and a failed call
 * leaves the registry exactly as it was. Several processes may use one file at
 * once; writers take turns (each waits up to the busy timeout for the lock).
 * ds_registry_begin()/ds_registry_commit() group many calls into one
 * transaction for bulk loads; a call that fails inside such a batch undoes only
 * its own changes.
 *
 * Times are ISO 8601 text with an explicit offset (ds_time_parse(): given
 * without one they are China Standard Time, UTC+08:00); the registry returns
 * them as UTC "YYYY-MM-DDTHH:MM:SSZ". Unix seconds are accepted as an
 * additional form (the @c at fields). Dates are "YYYY-MM-DD" in China Standard
 * Time, the local date of the registry; a transition records both.
 *
 * Results that describe registry objects (ds_subject, ds_registration,
 * ds_transition) come back as one block of memory holding an array of structs
 * and every string they point to: free it with one ds_free().
 *
 * Thread-safety: every function is reentrant; a ds_registry handle is used by
 * one thread at a time. Open one handle per thread or process. Inside a
 * batch a handle may run one helper thread of its own that signs documents
 * (ds_registry_options.signing); it is always stopped by the batch's commit
 * or rollback and by ds_registry_free(), so do not fork() with a batch open.
 */
#ifndef DATASSET_REGISTRY_H
#define DATASSET_REGISTRY_H

#include <stddef.h>
#include <stdint.h>

#include "common.h"
#include "catalog.h"	 /* ds_resource: the catalogue entry a registration registers */
#include "compliance.h"	 /* ds_assessment: compliance assessments recorded against registrations */
#include "certificate.h" /* ds_right, the three rights a registration registers */
#include "probe.h"	 /* ds_probe: the probe report attached to it */
#include "valuation.h"	 /* ds_valuation: the valuation attached to it */
#include "decimal.h"
#include "settlement.h" /* ds_settlement_statement, logged by ds_registry_settlement_record() */
#include "translog.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ---------------------------------------------------------------- codes and names */

/** What a registration registers. The letter is the certificate number's kind letter. */
typedef enum ds_reg_kind {
	DS_REG_RESOURCE = 0, /**< 数据资源 (R) */
	DS_REG_PRODUCT = 1,  /**< 数据产品 (P) */
	DS_REG_ASSET = 2,    /**< 数据资产, for 入表 (A) */
	DS_REG_IP = 3	     /**< 数据知识产权 (I) */
} ds_reg_kind;

/** Registration types. */
typedef enum ds_reg_type {
	DS_REG_FIRST = 0,	/**< 首次登记 */
	DS_REG_CHANGE = 1,	/**< 变更登记: supersedes a registered registration */
	DS_REG_CORRECTION = 2,	/**< 更正登记 */
	DS_REG_CANCELLATION = 3 /**< 注销登记 */
} ds_reg_type;

/** Workflow states (registration.md). */
typedef enum ds_reg_state {
	DS_STATE_DRAFT = 0,	 /**< 草稿 */
	DS_STATE_SUBMITTED = 1,	 /**< 申请 */
	DS_STATE_ACCEPTED = 2,	 /**< 受理 */
	DS_STATE_REVIEW = 3,	 /**< 形式审查 */
	DS_STATE_PUBLICITY = 4,	 /**< 公示 */
	DS_STATE_OBJECTION = 5,	 /**< 异议 */
	DS_STATE_REGISTERED = 6, /**< 登记 (certificate number and query code issued) */
	DS_STATE_REJECTED = 7,	 /**< 不予登记 */
	DS_STATE_WITHDRAWN = 8,	 /**< 撤回 */
	DS_STATE_CHANGED = 9,	 /**< 已变更 (superseded by a change registration) */
	DS_STATE_CORRECTED = 10, /**< 已更正 */
	DS_STATE_CANCELLED = 11	 /**< 注销 */
} ds_reg_state;

/** Registrant types. */
typedef enum ds_subject_type {
	DS_SUBJECT_UNSPECIFIED =
		0, /**< on input: derive from the credit code (11 → agency, 12 → institution, 9x → enterprise) */
	DS_SUBJECT_AGENCY = 1,	    /**< 党政机关 */
	DS_SUBJECT_INSTITUTION = 2, /**< 事业单位 */
	DS_SUBJECT_ENTERPRISE = 3,  /**< 企业 */
	DS_SUBJECT_OTHER = 4	    /**< 其他 */
} ds_subject_type;

/** Enumerations that ds_registry_code_name() and ds_registry_code_parse() know. */
typedef enum ds_registry_code {
	DS_CODE_KIND = 0, /**< ds_reg_kind: resource product asset ip / 数据资源 数据产品 数据资产 数据知识产权 */
	DS_CODE_RIGHT =
		1, /**< ds_right: holding processing operating / 持有权 加工使用权 经营权 (and the full names) */
	DS_CODE_TYPE = 2, /**< ds_reg_type: first change correction cancellation / 首次 变更 更正 注销 */
	DS_CODE_STATE =
		3, /**< ds_reg_state: draft submitted accepted review publicity objection registered rejected withdrawn changed corrected cancelled, or the Chinese names */
	DS_CODE_SUBJECT_TYPE =
		4 /**< ds_subject_type: agency institution enterprise other / 党政机关 事业单位 企业 其他 */
} ds_registry_code;

/**
 * The English name of a value of one of the enumerations above ("publicity").
 *
 * @param code   which enumeration.
 * @param value  the value.
 * @return a static string, or NULL for a value the enumeration does not have.
 * Thread-safety: reentrant.
 */
DS_EXTERN const char *ds_registry_code_name(ds_registry_code code, int value);

/**
 * The Chinese name of a value ("公示"), for display.
 * @return a static string, or NULL for an unknown value.
 */
DS_EXTERN const char *ds_registry_code_label(ds_registry_code code, int value);

/**
 * Parse a name (English lower case, or the Chinese name) into a value.
 *
 * @param value  receives the value; unchanged on failure.
 * @param code   which enumeration.
 * @param text   the name; not NULL.
 * @return DS_OK, or DS_EINVAL naming the text and the accepted names.
 */
DS_EXTERN int ds_registry_code_parse(int *value, ds_registry_code code, const char *text);

/* ---------------------------------------------------------------- identifiers */

/**
 * Validate and normalise a 统一社会信用代码 (GB 32100-2015).
 *
 * Full-width characters become ASCII, lower case becomes upper case and
 * spaces (ASCII and U+3000) are dropped (the NFKC + upper-case rule of
 * registration.md); then the code must have 18 characters from
 * "0123456789ABCDEFGHJKLMNPQRTUWXY", digits in positions 3–8 (region), and the
 * right check character in position 18.
 *
 * @param out   receives the normalised code (ds_free); unchanged on failure. May be NULL to only validate.
 * @param code  the code as entered; not NULL.
 * @return DS_OK; DS_EINVAL with ds_error_last()->column set to the 1-based
 *         position that failed (for a wrong length, the first missing or extra position) and the message naming
 *         it; DS_EPARSE for invalid UTF-8; DS_ENOMEM.
 */
DS_EXTERN int ds_uscc_normalize(char **out, const char *code);

/* ---------------------------------------------------------------- opening */

/** A registry handle. Opaque. */
typedef struct ds_registry ds_registry;

/** Commit durability (PRAGMA synchronous in WAL mode). */
typedef enum ds_registry_sync {
	DS_REGISTRY_SYNC_FULL = 0,  /**< every commit is on disk when it returns (default) */
	DS_REGISTRY_SYNC_NORMAL = 1 /**< commits survive a process crash; the last ones may be lost on power failure */
} ds_registry_sync;

/** Which thread signs the documents of a batch (ds_registry_begin()). */
typedef enum ds_registry_signing {
	/** Inside a batch, each slice of 32 waiting documents is signed (under
	 *  one checkpoint) on a helper thread while the caller goes on; the
	 *  caller stores the slice at its next state change, read of a document
	 *  or commit (and seals what the thread has not reached yet). The thread
	 *  is started by the batch's first slice and stopped by
	 *  ds_registry_commit(), ds_registry_rollback() or ds_registry_free():
	 *  it never outlives the batch. The documents are the same as with
	 *  DS_REGISTRY_SIGN_CALLER (default). */
	DS_REGISTRY_SIGN_BACKGROUND = 0,
	/** Everything on the calling thread: the registry starts no thread. */
	DS_REGISTRY_SIGN_CALLER = 1
} ds_registry_signing;

/** How a registry counts working days (fixed when it is created). */
typedef enum ds_registry_calendar {
	/** By the working-day calendar: Monday to Friday work, except the holidays
	 *  and adjusted working days (调休) of the loaded calendar. A registry of a
	 *  mainland China region (GB/T 2260 codes 11xxxx to 65xxxx) is created with
	 *  the bundled official calendar (the State Council's notices from 2020 on,
	 *  docs/registry.md) loaded. A period that runs into a year no loaded
	 *  calendar covers is refused (DS_ESTATE naming the year) rather than
	 *  counted over weekends alone (default). */
	DS_REGISTRY_CALENDAR_OFFICIAL = 0,
	/** Saturdays and Sundays only, explicitly: no calendar is loaded or
	 *  consulted, and every year is counted. */
	DS_REGISTRY_CALENDAR_WEEKENDS_ONLY = 1
} ds_registry_calendar;

/** Options for ds_registry_create() and ds_registry_open(). */
typedef struct ds_registry_options {
	unsigned int version;	      /**< DS_REGISTRY_OPTIONS_VERSION */
	int busy_timeout_ms;	      /**< how long a write waits for another process's lock; 0: 10000 */
	ds_registry_sync synchronous; /**< durability of commits */
	int publicity_days;	      /**< 公示 length in working days; 0: 10 (the provincial rules) */
	/** The transparency log's digest, fixed when the registry is created
	 *  (ignored when opening): 0 or DS_HASH_SHA256 (international profile),
	 *  DS_HASH_SM3 (国密 profile, to go with an SM2 key). */
	ds_hash_alg log_hash;
	/** Version 2 on: which thread signs a batch's documents (version 1: background). */
	ds_registry_signing signing;
	/** Version 3 on: how working days are counted, fixed when the registry is
	 *  created (ignored when opening; versions 1 and 2: official). */
	ds_registry_calendar calendar;
	/** Version 4 on, ds_registry_create() only: 0 for none, or DS_SIG_ED25519 /
	 *  DS_SIG_SM2_SM3 for a first signing key generated and recorded in the
	 *  registry's creating transaction (as ds_registry_key_generate() makes
	 *  one), so that a registry never exists without its key. */
	ds_sig_alg key;
} ds_registry_options;

/** The options' layout: 2 adds @c signing, 3 @c calendar, 4 @c key; versions 1 to 3 are still accepted. */
#define DS_REGISTRY_OPTIONS_VERSION 4
/** An initialiser for a ::ds_registry_options: the current @c version and the defaults. */
#define DS_REGISTRY_OPTIONS_INIT                                                                                       \
	{                                                                                                              \
		DS_REGISTRY_OPTIONS_VERSION, 0, DS_REGISTRY_SYNC_FULL, 0, (ds_hash_alg)0, DS_REGISTRY_SIGN_BACKGROUND, \
			DS_REGISTRY_CALENDAR_OFFICIAL, (ds_sig_alg)0                                                   \
	}

/**
 * Set @p opts to the defaults (for bindings that cannot use the macro).
 * @return DS_OK, or DS_EINVAL for NULL or a version this library does not know.
 */
DS_EXTERN int ds_registry_options_init(ds_registry_options *opts, unsigned int version);

/**
 * Create a new registry in the file at @p path (登记机构 name and region code).
 *
 * @param out     receives the handle; free with ds_registry_free().
 * @param path    the database file; created when absent. Not NULL. Or a
 *                PostgreSQL location, postgresql://…?registry=KEY&keys=DIR
 *                (docs/registry.md, "PostgreSQL"; needs a library built with
 *                libpq, else DS_EUNSUPPORTED): the schema is made when absent,
 *                the registry KEY must not exist; a password in the URI is
 *                refused (DS_EINVAL, field "password").
 * @param name    the registry's name, 1–200 characters of valid UTF-8 (stored NFC).
 * @param region  the six-digit administrative region code (GB/T 2260), e.g. "370100".
 * @param opts    options, or NULL for defaults; with @c key set, the first
 *                signing key is made in the same transaction (its files as
 *                ds_registry_key_generate() names them): a crash leaves either
 *                no registry or a registry with its complete key.
 * @return DS_OK; DS_EEXISTS when the file already holds a registry; DS_EINVAL
 *         for a bad name or region or an unknown @c key algorithm (field "key"); DS_EUNSUPPORTED for a file of a newer schema;
 *         DS_EIO / DS_EDB when the file cannot be used.
 */
DS_EXTERN int ds_registry_create(ds_registry **out, const char *path, const char *name, const char *region,
				 const ds_registry_options *opts);

/**
 * Open an existing registry, migrating an older schema forward.
 *
 * @param out   receives the handle; free with ds_registry_free().
 * @param path  the database file, or a postgresql:// location (as for
 *              ds_registry_create()); not NULL.
 * @param opts  options, or NULL for defaults.
 * @return DS_OK; DS_ENOTFOUND when the file does not exist or holds no registry
 *         (run ds_registry_create first), or the database has no such registry;
 *         DS_EUNSUPPORTED for a newer schema (the file is left untouched);
 *         DS_EIO when the PostgreSQL server cannot be reached; DS_EDB.
 */
DS_EXTERN int ds_registry_open(ds_registry **out, const char *path, const ds_registry_options *opts);

/** Close a registry (an open batch is rolled back). @param reg the handle, or NULL. */
DS_EXTERN void ds_registry_free(ds_registry *reg);

/**
 * The registry's name or region code.
 * @return a string owned by @p reg, valid until ds_registry_free(); never NULL.
 */
DS_EXTERN const char *ds_registry_name(const ds_registry *reg);
/**
 * The registry's region code (行政区划代码, GB/T 2260), as given at creation.
 * @return a string owned by @p reg, valid until ds_registry_free(); never NULL.
 */
DS_EXTERN const char *ds_registry_region(const ds_registry *reg);

/**
 * Group the following calls into one transaction (a batch), ended by
 * ds_registry_commit() or ds_registry_rollback(). Batches do not nest.
 * @return DS_OK; DS_ESTATE when a batch is already open; DS_EVERIFY when the
 *         events table holds an event the log does not (a row written outside
 *         the registry: nothing is written until it is removed, see
 *         ds_registry_log_verify()); DS_EDB when the lock could not be taken
 *         within the busy timeout.
 */
DS_EXTERN int ds_registry_begin(ds_registry *reg);
/**
 * Open a bulk batch: like ds_registry_begin(), but the calls inside it take no
 * savepoint of their own (about a quarter of a batched registration's cost
 * without signing). The price: a call that fails after it began writing
 * cannot undo only itself, so it breaks the batch — every later call in it
 * fails with DS_ESTATE, and ds_registry_commit() rolls the whole batch back
 * and returns DS_ESTATE. The caller must then redo the batch (without the
 * failing call). A call refused before it writes anything (bad arguments,
 * invalid text, a malformed entry) does not break the batch. For loads whose
 * input was checked beforehand; use ds_registry_begin() otherwise.
 * @return as ds_registry_begin().
 */
DS_EXTERN int ds_registry_begin_bulk(ds_registry *reg);
/** Commit the open batch, after signing the certificates and cancellation
 *  records issued in it that still wait (see ds_registry_certificate()).
 *  @return DS_OK; DS_ESTATE without a batch, or for a bulk batch in which a
 *  call failed (then everything in it is rolled back); DS_EDB, or the
 *  signing's error (DS_ENOMEM, DS_EINTERNAL): the batch is rolled back. */
DS_EXTERN int ds_registry_commit(ds_registry *reg);
/** Undo the open batch. @return DS_OK, or DS_ESTATE without a batch. */
DS_EXTERN int ds_registry_rollback(ds_registry *reg);

/* ---------------------------------------------------------------- signing keys */

/**
 * Generate a new registry signing key and make it the current one (key
 * rotation: earlier keys are kept, so what they signed stays verifiable).
 * The private key is written as PKCS #8 PEM, mode 0600, to
 * "DB.ID16.key.pem" and the public key to "DB.ID16.pub.pem" beside the
 * database file DB, where ID16 is the first 16 hex digits of the key
 * identifier (ds_key_id(): the digest of the public key); the public key file
 * has mode 0644 whatever the umask. The store records the identifier,
 * algorithm and public key, and a "key" event is logged, in one transaction;
 * on any failure nothing is recorded and no file is left. Both files are
 * written in full as NAME.tmp before the key is recorded and renamed after the
 * commit, so a crash leaves no unrecorded key file under its final name: a
 * recorded key's .tmp files are renamed when it is next loaded, an unrecorded
 * key's are removed by the next key generation.
 *
 * @param key_id receives the new key's identifier (64 hex digits; free with
 *               ds_free()), or NULL when not wanted.
 * @param reg    the registry.
 * @param alg    DS_SIG_ED25519 (the international profile) or DS_SIG_SM2_SM3 (国密).
 * @return DS_OK; DS_EINVAL (NULL, unknown @p alg, field "alg"); DS_EEXISTS /
 *         DS_EIO when a key file cannot be created; DS_EDB; DS_EINTERNAL (OpenSSL).
 * Thread-safety: as every call on one ds_registry, not concurrently on it.
 */
DS_EXTERN int ds_registry_key_generate(char **key_id, ds_registry *reg, ds_sig_alg alg);

/**
 * The public key PEM of key @p key_id, or of the current key when @p key_id is NULL.
 * @param pem receives a new string; free with ds_free(); unchanged on failure.
 * @return DS_OK; DS_EINVAL for NULL; DS_ENOTFOUND when the registry has no
 *         such key (field "key_id") or no key at all; DS_EDB.
 */
DS_EXTERN int ds_registry_public_key(char **pem, ds_registry *reg, const char *key_id);

/**
 * Load the private signing key @p key_id (or the current key when NULL) from its
 * file beside the database. The file is refused when group or others can
 * access it (ds_key_load()), and when it holds a key other than the one the
 * registry recorded.
 * @param out receives the key; free with ds_key_free(); unchanged on failure.
 * @return DS_OK; DS_EINVAL; DS_ENOTFOUND (no such key); DS_EIO (file missing
 *         or unreadable); DS_ESTATE (file mode too open); DS_EPARSE (no private
 *         key in it); DS_EVERIFY (a different key); DS_EDB.
 */
DS_EXTERN int ds_registry_key_load(ds_key **out, ds_registry *reg, const char *key_id);

/* ---------------------------------------------------------------- transparency log */

/**
 * The registry's transparency log: every event (registry, calendar, subject,
 * application, transition, certificate, trade, key, settlement) is appended, as the
 * canonical JSON body stored in the events table, in the same transaction as
 * the event. Use the ds_translog_* calls on it for its size, roots and
 * inclusion and consistency proofs (O(log n) node reads each).
 * @param out receives a handle borrowed from @p reg: valid until
 *            ds_registry_free(@p reg); never free it. Not for concurrent use
 *            with other calls on @p reg.
 * @return DS_OK or DS_EINVAL for NULL.
 */
DS_EXTERN int ds_registry_log(ds_translog **out, ds_registry *reg);

/**
 * The log's origin line (and checkpoint key name): "datasset-registry/REGION".
 * @param out receives a new string; free with ds_free().
 * @return DS_OK, DS_EINVAL, DS_ENOTFOUND (no registry in the file), DS_ENOMEM.
 */
DS_EXTERN int ds_registry_log_origin(char **out, ds_registry *reg);

/**
 * A signed tree head of the log as it is now: a C2SP checkpoint (see
 * ds_checkpoint_sign()) with the origin of ds_registry_log_origin() as origin
 * and key name, signed with the current registry key.
 * @param checkpoint receives the note text; free with ds_free().
 * @param timestamp  seconds since 1970 UTC for the timestamp line, or 0 for none.
 * @return DS_OK; DS_EINVAL (NULL, negative timestamp); DS_ENOTFOUND (no key);
 *         the errors of ds_registry_key_load(); DS_EUNSUPPORTED when the key's
 *         digest is not the log's (an SM2 key on a SHA-256 log); DS_EVERIFY
 *         when the events table holds an event the log does not (nothing is
 *         signed); DS_EDB.
 */
DS_EXTERN int ds_registry_log_head(char **checkpoint, ds_registry *reg, int64_t timestamp);

/**
 * Copy the registry at @p from into @p to and prove the copy (`datasset registry
 * copy --from A --to B`). Each is a SQLite file path or a postgresql:// URI
 * (docs/registry.md, "PostgreSQL"), so this moves a registry between
 * backends, either way. The source's log must verify; it is read in one
 * snapshot (writers may go on). @p to must not hold a registry (a new file, an
 * empty database, or a database without this registry key). Every row of
 * every table is copied with its ids in one transaction of the destination,
 * then every table is compared row for row (a difference rolls the copy
 * back), the key files are copied beside @p to (private keys 0600), and after
 * the commit the copy's log is recomputed from its events (every node
 * compared) and its root at its size must be the source's.
 * @param report when not NULL, receives a new text naming what was copied and
 *        proven (rows per table, key files, log size and root);
 *        caller-owned; free with ds_free().
 * @return DS_OK; DS_EINVAL (a missing location, or both the same);
 *         DS_ENOTFOUND (no registry at @p from); DS_EEXISTS (@p to holds a
 *         registry, or a key file is already there: nothing copied);
 *         DS_EVERIFY (the source's log does not verify, or the copy differs
 *         from it: rolled back, or — found after the commit, which a correct
 *         store never gives — the message says what differs); DS_EIO, DS_EDB.
 *         On failure nothing is left in @p to (a file this call created is
 *         removed) except after a difference found past the commit.
 * Thread-safety: as ds_registry_open(); @p from and @p to are opened on their
 * own connections.
 */
DS_EXTERN int ds_registry_copy(char **report, const char *from, const char *to);

/**
 * Recompute the whole log from the events table and compare every stored
 * node (O(n)): detects an edited, deleted or inserted event row and an edited
 * node.
 * @param bad_index when not NULL, receives the first log entry index affected.
 * @return DS_OK; DS_EVERIFY with a message naming the entry (and event seq) or
 *         the node (level, index, entry range) that differs; DS_EDB.
 */
DS_EXTERN int ds_registry_log_verify(uint64_t *bad_index, ds_registry *reg);

/**
 * One difference found by ds_registry_audit(). Strings are borrowed from the
 * result block (valid until it is freed with ds_free()).
 */
typedef struct ds_audit_finding {
	const char *table;   /**< "registry", "subjects", "registrations", "transitions", "trades",
				  "recognitions", "keys", "certificates", "cancellations", "assessments", "events" or "log" */
	const char *row;     /**< the row's key as text (id, code, key id; an event's seq), or NULL */
	const char *field;   /**< the column that differs, or NULL for a missing or extra row */
	int64_t event;	     /**< the seq of the event the expected value comes from, 0 when none */
	const char *message; /**< one English sentence naming the row, the column and the event */
} ds_audit_finding;

/**
 * Audit the registry against its signed log (docs/registry.md, "Audit"). The
 * events table is first checked against the log's stored tree
 * (ds_registry_log_verify()); the log is then replayed from its first entry,
 * rebuilding the registry row, registrants, registrations (states,
 * certificate numbers, dates), transitions, trades, 入表 filings and keys, and
 * the rebuilt rows are compared with the tables, column by column; every
 * stored certificate and cancellation record must be the document whose log
 * entry the log holds, byte for byte. An edited, inserted or deleted row, a
 * document copied into another registration's row and an event row added
 * past the log are each reported with the row and the event.
 * A removed tail (events, nodes and size removed consistently) or an older
 * file restored leaves a log that is consistent in itself: only a head
 * published earlier detects it. When @p head is given, the log must extend it:
 * the same root at the head's size.
 * Reads only (one snapshot); O(n) in the events and rows.
 * @param findings receives the differences (an array of *@p count; NULL when
 *                 none); free with ds_free(). Filled on DS_OK and DS_EVERIFY,
 *                 unchanged on other errors. At most 10,000 are listed, then
 *                 one saying how many more there were.
 * @param head     a checkpoint published earlier (ds_registry_log_head(),
 *                 `datasset log head --out`), NUL-terminated, or NULL.
 * @param head_key the public key the head is verified with, or NULL for any
 *                 key the registry records (a head none of them signed is a finding).
 * @return DS_OK when the tables, documents and head agree with the log;
 *         DS_EVERIFY when a difference was found (the message gives the first
 *         and the number); DS_EINVAL for NULL; DS_EPARSE for a @p head that is
 *         not a checkpoint; DS_EDB; DS_ENOMEM.
 * Not for concurrent use with other calls on @p reg.
 */
DS_EXTERN int ds_registry_audit(ds_audit_finding **findings, size_t *count, ds_registry *reg, const char *head,
				const ds_key *head_key);

/* ---------------------------------------------------------------- certificates */

/**
 * The signed certificate (登记凭证, urn:datasset:certificate:1, see
 * certificate.h) of registration @p registration_id. The registry issues it in
 * the transaction that moves the registration to REGISTERED, with its current
 * signing key (without one, REGISTERED is refused: see ds_registry_advance()):
 * fields from the registration and its stored catalogue entry
 * (a field the entry does not declare reads "未申报 (not declared in the
 * registration)"; scale 0 means not declared), the entry's digest as metadata
 * fingerprint, its log entry appended as a "certificate_document" event, log
 * evidence under a checkpoint signed with the current key, and the signature.
 * The evidence and signature are added when that transaction ends: every
 * document issued in one transaction (a batch) hangs under one checkpoint of
 * the tree as it stands then (in a batch, also whenever this function or
 * ds_registry_cancellation() is called, and at the start of a state change
 * once 32 documents wait: those 32 are then signed on a helper thread while
 * the batch goes on, unless ds_registry_options.signing says otherwise), so a
 * batch of 1,000 registrations signs about 32 checkpoints instead of 1,000.
 * Called inside a batch, this function first signs and stores what waits and
 * then returns the document.
 * A change or correction's certificate names the one it supersedes; a
 * cancellation (注销登记) has none: the registration it cancels gets a
 * cancellation record (ds_registry_cancellation()). Verify it offline with
 * ds_certificate_verify() and the registry's public key.
 *
 * @param xml receives the document (UTF-8 XML) as issued; free with ds_free();
 *            unchanged on failure.
 * @param reg the registry; not NULL.
 * @param registration_id the registration.
 * @return DS_OK; DS_EINVAL for NULL; DS_ENOTFOUND (field "id") when the
 *         registration has no certificate (not registered, a 注销登记, or
 *         registered by a library older than the certificates, schema < 5);
 *         DS_EDB; DS_ENOMEM; inside a batch, an error of signing what waits
 *         (DS_EINTERNAL): roll the batch back.
 */
DS_EXTERN int ds_registry_certificate(char **xml, ds_registry *reg, int64_t registration_id);

/**
 * The signed cancellation record (注销, a `<cancellation>` document in
 * urn:datasset:certificate:1, see ds_certificate_build_cancellation()) of a
 * cancelled registration. The registry issues it in the transaction that
 * moves the registration to CANCELLED, either directly (REGISTERED →
 * CANCELLED: the transition's date and reason) or by registering a 注销登记
 * (its certificate number as cancelledBy, the date and reason of its
 * registration): the cancelled certificate's number, registrant, object and
 * registration date, its log entry appended as a "cancellation_document"
 * event, log evidence under a checkpoint signed with the current key, and the
 * signature. Verify it offline with ds_certificate_verify().
 *
 * @param xml receives the document (UTF-8 XML); free with ds_free(); unchanged on failure.
 * @param reg the registry; not NULL.
 * @param registration_id the cancelled registration, or the 注销登记 that cancelled it.
 * @return DS_OK; DS_EINVAL for NULL; DS_ENOTFOUND (field "id") when there is
 *         no such record; DS_EDB; DS_ENOMEM.
 */
DS_EXTERN int ds_registry_cancellation(char **xml, ds_registry *reg, int64_t registration_id);

/* ---------------------------------------------------------------- calendar */

/**
 * Load a working-day calendar (holidays and adjusted working days, 调休) from
 * an XML file in urn:datasset:registry:1 (schema registry.xsd; docs/registry.md).
 * The years a file covers are those of its `<notice>` elements (the notices it
 * transcribes) or, in a file without any, the years its days fall in. The
 * file's days replace the registry's days for every year it covers, and those
 * years become covered; other years are kept. Days the calendar does not
 * mention are working days from Monday to Friday.
 *
 * @param count  receives the number of days loaded; may be NULL.
 * @param path   the calendar file, or NULL for the bundled official calendar
 *               of mainland China (the one a new mainland registry starts with).
 * @return DS_OK; DS_EPARSE (not a calendar, with line); DS_EINVAL for a day
 *         listed twice, a holiday on a weekend, or a day in a year the file's
 *         notices do not cover (naming the line); DS_ESTATE for a registry
 *         created to count weekends only; DS_EIO; DS_EDB.
 */
DS_EXTERN int ds_registry_load_calendar(size_t *count, ds_registry *reg, const char *path);

/**
 * The date @p days working days after @p date, by the registry's calendar. The
 * start date itself is not counted (民法典 第二百零一条: 开始的当日不计入).
 *
 * @param out   receives "YYYY-MM-DD" (11 bytes, written only on success).
 * @param date  "YYYY-MM-DD".
 * @param days  0 to 3660.
 * @return DS_OK; DS_EINVAL for a bad date or count; DS_ESTATE (field
 *         "calendar") when the count runs into a year no loaded calendar
 *         covers, naming the year (load that year's calendar; a registry
 *         created with DS_REGISTRY_CALENDAR_WEEKENDS_ONLY never refuses); DS_EDB.
 */
DS_EXTERN int ds_registry_add_working_days(char out[11], ds_registry *reg, const char *date, int days);

/* ---------------------------------------------------------------- registrants */

/** A registrant (登记主体). Strings are NUL-terminated UTF-8 inside the result block. */
typedef struct ds_subject {
	const char *code;     /**< 统一社会信用代码, normalised */
	const char *name;     /**< name (NFC) */
	ds_subject_type type; /**< never DS_SUBJECT_UNSPECIFIED */
	const char *region;   /**< positions 3–8 of the code */
	const char *created;  /**< when it was added: "YYYY-MM-DDTHH:MM:SSZ" */
} ds_subject;

/**
 * Add a registrant.
 *
 * @param code  the credit code as entered (normalised and checked as ds_uscc_normalize()).
 * @param name  1–200 characters of valid UTF-8 without control characters (stored NFC).
 * @param type  DS_SUBJECT_UNSPECIFIED to derive it from the code.
 * @return DS_OK; DS_EINVAL (bad code, with the position; bad name; bad type);
 *         DS_EPARSE for invalid UTF-8; DS_EEXISTS for a code already registered; DS_EDB.
 */
DS_EXTERN int ds_registry_subject_add(ds_registry *reg, const char *code, const char *name, ds_subject_type type);

/**
 * Look a registrant up by credit code (normalised first).
 * @param out receives one ds_subject (free with ds_free()).
 * @return DS_OK; DS_EINVAL for a malformed code; DS_ENOTFOUND; DS_EDB.
 */
DS_EXTERN int ds_registry_subject_get(ds_subject **out, ds_registry *reg, const char *code);

/**
 * Registrants in code order, a page at a time.
 * @param out    receives an array of *count subjects (free with ds_free(); NULL when *count is 0).
 * @param count  receives the number returned.
 * @param offset how many to skip.
 * @param limit  at most this many; 0 for no limit.
 * @return DS_OK or DS_EDB.
 */
DS_EXTERN int ds_registry_subject_list(ds_subject **out, size_t *count, ds_registry *reg, size_t offset, size_t limit);

/* ---------------------------------------------------------------- registrations */

/** An application (申请). */
typedef struct ds_registration_request {
	unsigned int
		version; /**< DS_REGISTRATION_REQUEST_VERSION (1 is still accepted: the fields up to @c valuation_path) */
	const char *subject; /**< the registrant's credit code; must be registered */
	ds_reg_kind kind;    /**< what is registered */
	ds_right right;	     /**< which right */
	ds_reg_type type;    /**< 首次 / 变更 / 更正 / 注销 */
	int64_t changes; /**< for a change, correction or cancellation: the REGISTERED registration it concerns, same registrant; else 0 */
	const char *entry_path; /**< the catalogue entry (urn:datasset:catalog:1 `<resource>`), a file; or NULL and: */
	const char *entry_xml;	/**< the entry's text in memory (or, version 2, @c entry) */
	const char *entry_id;	/**< overrides the entry's `<identifier>`; may be NULL */
	const char *scope;	/**< 权利范围; may be NULL */
	const char *term;	/**< 期限; may be NULL */
	const char *restrictions; /**< 限制; may be NULL */
	int draft;		  /**< 1: create in DRAFT instead of SUBMITTED */
	const char *actor;	  /**< who applies (recorded); NULL: the registrant's code */
	int64_t at;		  /**< when, as Unix seconds (the additional form; see @c time); 0: now */
	const char *probe_path;	  /**< optional probe report (urn:datasset:probe:1) to store with it, a file; or NULL */
	const char *valuation_path; /**< optional valuation result (urn:datasset:valuation:1), a file; or NULL */
	/* ---- version 2: the library's own objects, declared figures, ISO 8601 time ---- */
	/** The catalogue entry as an object (a ds_catalog_at() entry, a
	 *  ds_probe_to_resource() draft): stored as ds_resource_to_xml() writes it.
	 *  Exactly one of @c entry_path, @c entry_xml and @c entry is given. Borrowed for the call. */
	const ds_resource *entry;
	/** The probe report in memory (stored as ds_probe_to_xml() writes it), or NULL.
	 *  At most one of @c probe_path, @c probe_xml and @c probe. */
	const ds_probe *probe;
	const char *probe_xml; /**< or the report's text (urn:datasset:probe:1), or NULL */
	/** A valuation computed through the API, stored as ds_valuation_to_xml()
	 *  writes it with @c valuation_subject (NULL: the entry's title as name, the
	 *  registrant as holder, the entry id as code, the request's right, the
	 *  application's local date as base date, kind "income"; give the subject
	 *  when any of these is not so). At most one of @c valuation_path,
	 *  @c valuation_xml and @c valuation. */
	const ds_valuation *valuation;
	const ds_valuation_subject *valuation_subject; /**< how @c valuation is written (see @c valuation), or NULL */
	const char *valuation_xml;		       /**< or a `<valuationResult>` text, or NULL */
	/** When, ISO 8601 (ds_time_parse(): "2025-03-03T09:00:00+08:00", or
	 *  without an offset China Standard Time); NULL: @c at, or now. Giving
	 *  both @c time and @c at is refused. */
	const char *time;
	/** The certificate's scale (数据规模), coverage and quality as the
	 *  applicant declares them; 0 / NULL: not declared. With a probe report
	 *  attached the certificate takes rows, columns, bytes, time coverage and
	 *  the GB/T 36344 indicators from the report, and a declared figure that
	 *  contradicts it (another record or field count, size, or period) is
	 *  refused; a declared quality summary is refused too (the report's
	 *  indicators are the statement). Without a report the declared values are
	 *  certified as declared ("申报"). */
	uint64_t scale_records;
	uint64_t scale_fields;	     /**< declared 数据规模: fields (columns) */
	uint64_t scale_bytes;	     /**< declared 数据规模: bytes */
	const char *coverage_region; /**< 覆盖地域, e.g. "济南市" */
	const char *coverage_period; /**< 时间覆盖 "YYYY-MM-DD/YYYY-MM-DD" */
	const char *quality_summary; /**< 质量 statement, without a probe report */
} ds_registration_request;

/** The request's layout: 2 appends the objects, declared figures and @c time. */
#define DS_REGISTRATION_REQUEST_VERSION 2
/** An initialiser for a ::ds_registration_request: the current @c version and the defaults. */
#define DS_REGISTRATION_REQUEST_INIT                                                                                   \
	{                                                                                                              \
		DS_REGISTRATION_REQUEST_VERSION, NULL, DS_REG_RESOURCE, DS_RIGHT_HOLDING, DS_REG_FIRST, 0, NULL, NULL, \
			NULL, NULL, NULL, NULL, 0, NULL, 0, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, 0,   \
			0, 0, NULL, NULL, NULL                                                                         \
	}

/** Set @p req to the defaults. @return DS_OK, or DS_EINVAL for NULL or an unknown version. */
DS_EXTERN int ds_registration_request_init(ds_registration_request *req, unsigned int version);

/**
 * Apply for a registration. The catalogue entry is parsed (root `<resource>` in
 * urn:datasset:catalog:1 with an `<identifier>` and a `<title>`) and stored
 * verbatim with the registration, as are the optional probe report and
 * valuation result (any document in their module's namespace); given as
 * objects (version 2) they are written first (ds_resource_to_xml(),
 * ds_probe_to_xml(), ds_valuation_to_xml()). The declared scale, coverage
 * and quality are checked against the probe report and stored for the
 * certificate. The creation is the registration's first
 * transition (from nothing to SUBMITTED or DRAFT).
 *
 * @param id   receives the new registration's id (1, 2, ...).
 * @param req  the application; not NULL.
 * @return DS_OK; DS_ENOTFOUND for an unknown registrant or registration to
 *         change; DS_EPARSE for an entry that is not a catalogue entry (line and
 *         field); DS_EINVAL for bad fields (named: two entries or attachments
 *         given, a time that is not ISO 8601, a declared figure contradicting
 *         the probe report — "scale_records", "scale_fields", "scale_bytes",
 *         "coverage_period", "quality_summary"); DS_ESTATE when the
 *         registration to change is not REGISTERED; DS_EIO; DS_EDB.
 */
DS_EXTERN int ds_registry_apply(int64_t *id, ds_registry *reg, const ds_registration_request *req);

/** A transition's who, when, why and on what evidence. */
typedef struct ds_transition_request {
	unsigned int version; /**< DS_TRANSITION_REQUEST_VERSION */
	const char *actor;    /**< who; required, 1–200 characters */
	const char *reason;   /**< why; required, 1–2000 characters */
	const char *evidence; /**< the documents relied on (references, one per line); may be NULL */
	int64_t at; /**< when, as Unix seconds (the additional form); 0: @c time, or now. Not before the last transition. */
	/** Version 2 on: when, ISO 8601 (ds_time_parse(); without an offset China
	 *  Standard Time); NULL: @c at, or now. Giving both is refused. */
	const char *time;
} ds_transition_request;

/** The layout: 2 appends @c time (a version 1 struct is still accepted). */
#define DS_TRANSITION_REQUEST_VERSION 2
/** An initialiser for a ::ds_transition_request: the current @c version and the defaults. */
#define DS_TRANSITION_REQUEST_INIT                                       \
	{                                                                \
		DS_TRANSITION_REQUEST_VERSION, NULL, NULL, NULL, 0, NULL \
	}

/** Set @p t to the defaults. @return DS_OK, or DS_EINVAL for NULL or an unknown version. */
DS_EXTERN int ds_transition_request_init(ds_transition_request *t, unsigned int version);

/**
 * Move a registration to state @p to.
 *
 * Legal transitions: DRAFT→SUBMITTED; SUBMITTED→ACCEPTED|WITHDRAWN;
 * ACCEPTED→REVIEW|WITHDRAWN; REVIEW→PUBLICITY|REJECTED;
 * PUBLICITY→REGISTERED|OBJECTION; OBJECTION→REVIEW|REJECTED;
 * REGISTERED→CHANGED|CORRECTED|CANCELLED. Entering PUBLICITY fixes the
 * publicity start (the local date) and end (the publicity_days-th working day
 * after it). REGISTERED needs a local date after the publicity end; it
 * allocates the certificate number (gap-free per registry, year and kind) and
 * a query code, and when the registration is a change, correction or
 * cancellation moves the registration it concerns to CHANGED, CORRECTED or
 * CANCELLED in the same transaction. Reaching REGISTERED issues the signed
 * certificate (ds_registry_certificate()); reaching CANCELLED, directly or by a
 * registered 注销登记, issues the signed cancellation record
 * (ds_registry_cancellation()); both in the same transaction (signed as it
 * ends: see ds_registry_certificate()). Both need the
 * registry's current signing key, of the log's profile: without it the
 * transition is refused with DS_ESTATE (field "key") and nothing changes, since
 * a registered right without a verifiable certificate is worth nothing. The
 * handle reads the private key file (and checks its mode) the first time it
 * signs with that key and keeps it loaded while it stays the current key.
 *
 * @param id  the registration.
 * @param to  the new state.
 * @param t   who, why, when; not NULL.
 * @return DS_OK; DS_ENOTFOUND; DS_ESTATE for a transition not listed above, for
 *         REGISTERED during publicity, for a time before the last
 *         transition, or for REGISTERED or CANCELLED without a usable signing
 *         key (nothing changes); DS_EINVAL for a missing actor or reason;
 *         the errors of ds_registry_key_load() (key file missing or too open); DS_EDB.
 */
DS_EXTERN int ds_registry_advance(ds_registry *reg, int64_t id, ds_reg_state to, const ds_transition_request *t);

/** A registration as stored. Strings are NULL where not applicable. */
typedef struct ds_registration {
	int64_t id;		     /**< the registration's identifier */
	const char *subject;	     /**< credit code */
	const char *subject_name;    /**< registrant's name */
	ds_reg_kind kind;	     /**< what is registered */
	ds_right right;		     /**< which of the three rights */
	ds_reg_type type;	     /**< first, change, transfer, ... registration */
	int64_t changes;	     /**< the registration this one changes, or 0 */
	ds_reg_state state;	     /**< where it is in the workflow */
	const char *entry_id;	     /**< catalogue identifier */
	const char *entry_title;     /**< catalogue title */
	const char *scope;	     /**< may be NULL */
	const char *term;	     /**< may be NULL */
	const char *restrictions;    /**< may be NULL */
	const char *applied;	     /**< local date of application */
	const char *updated;	     /**< UTC time of the last transition "YYYY-MM-DDTHH:MM:SSZ" */
	const char *publicity_start; /**< local date, or NULL */
	const char *publicity_end;   /**< local date, or NULL */
	const char *registered;	     /**< local date of registration, or NULL */
	const char *certificate;     /**< certificate number, or NULL */
	const char *query_code;	     /**< 登记结果查询码, or NULL */
} ds_registration;

/**
 * One registration by id.
 * @param out receives one ds_registration (free with ds_free()).
 * @return DS_OK; DS_ENOTFOUND; DS_EDB.
 */
DS_EXTERN int ds_registry_get(ds_registration **out, ds_registry *reg, int64_t id);

/**
 * The registration a query code (登记结果查询码) belongs to; the code is
 * matched case-insensitively, hyphens optional.
 * @return DS_OK; DS_ENOTFOUND; DS_EINVAL for text that cannot be a query code; DS_EDB.
 */
DS_EXTERN int ds_registry_find_query_code(ds_registration **out, ds_registry *reg, const char *code);

/** The documents stored with a registration. */
typedef enum ds_registry_document_kind {
	DS_DOCUMENT_ENTRY = 0,	   /**< the catalogue entry (urn:datasset:catalog:1) */
	DS_DOCUMENT_PROBE = 1,	   /**< the probe report, when one was attached (urn:datasset:probe:1) */
	DS_DOCUMENT_VALUATION = 2, /**< the valuation result, when one was attached (urn:datasset:valuation:1) */
	DS_DOCUMENT_ASSESSMENT = 3 /**< the latest compliance assessment recorded (urn:datasset:compliance:1
					`<assessment>`, see ds_registry_assessment_add()) */
} ds_registry_document_kind;

/**
 * A document stored with a registration, verbatim as it was given.
 * @param out   receives the XML text (ds_free).
 * @param kind  which document.
 * @return DS_OK; DS_ENOTFOUND for an unknown registration or a document not attached; DS_EINVAL; DS_EDB.
 */
DS_EXTERN int ds_registry_document(char **out, ds_registry *reg, int64_t id, ds_registry_document_kind kind);

/** Filters for ds_registry_list(); a field left at its "any" value does not filter. */
typedef struct ds_registry_query {
	unsigned int version; /**< DS_REGISTRY_QUERY_VERSION */
	const char *subject;  /**< credit code, or NULL for any */
	int state;	      /**< a ds_reg_state, or -1 for any */
	int kind;	      /**< a ds_reg_kind, or -1 */
	int right;	      /**< a ds_right, or -1 */
	const char *from;     /**< applied on or after this local date, or NULL */
	const char *to;	      /**< applied on or before this local date, or NULL */
	size_t offset;	      /**< skip this many (in id order) */
	size_t limit;	      /**< at most this many; 0: no limit */
} ds_registry_query;

/** The current layout of ::ds_registry_query: the value for its @c version field. */
#define DS_REGISTRY_QUERY_VERSION 1
/** An initialiser for a ::ds_registry_query: the current @c version and the defaults. */
#define DS_REGISTRY_QUERY_INIT                                                \
	{                                                                     \
		DS_REGISTRY_QUERY_VERSION, NULL, -1, -1, -1, NULL, NULL, 0, 0 \
	}

/** Set @p q to the defaults (no filter). @return DS_OK, or DS_EINVAL. */
DS_EXTERN int ds_registry_query_init(ds_registry_query *q, unsigned int version);

/**
 * Registrations matching @p q, in id order.
 * @param out   receives an array of *count registrations (one ds_free(); NULL when none).
 * @param q     filters, or NULL for all.
 * @return DS_OK; DS_EINVAL for a bad filter value (named); DS_EDB.
 */
DS_EXTERN int ds_registry_list(ds_registration **out, size_t *count, ds_registry *reg, const ds_registry_query *q);

/** One recorded transition. */
typedef struct ds_transition {
	int64_t seq;	      /**< order within the registry */
	int from;	      /**< the previous ds_reg_state, or -1 for the creation */
	ds_reg_state to;      /**< the new state */
	const char *actor;    /**< who */
	const char *at;	      /**< UTC "YYYY-MM-DDTHH:MM:SSZ" */
	const char *date;     /**< local date */
	const char *reason;   /**< why */
	const char *evidence; /**< documents relied on, or NULL */
} ds_transition;

/**
 * The history of one registration, oldest first.
 * @param out receives an array of *count transitions (one ds_free()).
 * @return DS_OK; DS_ENOTFOUND; DS_EDB.
 */
DS_EXTERN int ds_registry_history(ds_transition **out, size_t *count, ds_registry *reg, int64_t id);

/* ---------------------------------------------------------------- trades */

/** Where a trade happened. */
typedef enum ds_trade_venue {
	DS_VENUE_ON = 0, /**< 场内交易, on the exchange */
	DS_VENUE_OFF = 1 /**< 场外交易, filed (备案) on the platform */
} ds_trade_venue;

/** A trade record or filing. */
typedef struct ds_trade_request {
	unsigned int version;	  /**< DS_TRADE_REQUEST_VERSION */
	const char *seller;	  /**< credit code; must be the registrant of @c registration */
	const char *buyer;	  /**< credit code; a registered registrant other than the seller */
	int64_t registration;	  /**< the traded product's registration; must be REGISTERED */
	const ds_decimal *amount; /**< exact amount in yuan: positive, at most 2 decimal places */
	const char *date;	  /**< "YYYY-MM-DD", not before the registration date */
	ds_trade_venue venue;	  /**< on or off the exchange */
	const char *voucher;	  /**< 交易凭证 / 备案凭证 number: unique per venue, 1–64 characters */
} ds_trade_request;

/** The current layout of ::ds_trade_request: the value for its @c version field. */
#define DS_TRADE_REQUEST_VERSION 1
/** An initialiser for a ::ds_trade_request: the current @c version and the defaults. */
#define DS_TRADE_REQUEST_INIT                                                          \
	{                                                                              \
		DS_TRADE_REQUEST_VERSION, NULL, NULL, 0, NULL, NULL, DS_VENUE_ON, NULL \
	}

/** Set @p t to the defaults. @return DS_OK, or DS_EINVAL. */
DS_EXTERN int ds_trade_request_init(ds_trade_request *t, unsigned int version);

/**
 * Record a trade (场内) or a filing (场外备案).
 * @param id  receives the trade's id; may be NULL.
 * @return DS_OK; DS_ENOTFOUND (registrant or registration); DS_ESTATE (the
 *         registration is not REGISTERED, or the date is before it); DS_EINVAL
 *         (named field); DS_EEXISTS (voucher already recorded); DS_EDB.
 */
DS_EXTERN int ds_registry_trade_add(int64_t *id, ds_registry *reg, const ds_trade_request *t);

/**
 * A 入表 filing: a registered data asset recognised in its registrant's
 * accounts (CAS data-resource accounting), with the third-party service
 * provider (服务商) the enterprise used — the facts of the subsidy programme
 * 企业数据资产入表奖补 (数据要素券), carried by the applications export.
 * The provider's facts are as declared by the filer and recorded as such.
 */
typedef struct ds_recognition_request {
	unsigned int version;		     /**< DS_RECOGNITION_REQUEST_VERSION */
	int64_t registration;		     /**< the data-asset (kind asset) registration; must be REGISTERED */
	const char *date;		     /**< "YYYY-MM-DD": the date the asset was recognised (入表) */
	const ds_decimal *amount;	     /**< the recognised amount in yuan: positive, at most 2 decimal places */
	const char *filing;		     /**< 入表备案号: 1–64 letters, digits, '_', '.', '-'; unique */
	const char *provider;		     /**< the 服务商's credit code: a registered registrant, not the filer */
	const char *provider_founded;	     /**< "YYYY-MM-DD" the provider was established, not after @c date */
	int provider_approved;		     /**< 1: registered and approved in the voucher zone */
	int provider_independent;	     /**< 1: an independent legal person */
	int provider_clean;		     /**< 1: no bad credit or criminal record */
	const char *provider_qualifications; /**< staff qualifications, separated by spaces or commas:
						  cpa (注册会计师), appraiser (注册资产评估师), data_governance
						  (数据治理工程师), lawyer (律师); NULL or "" for none */
} ds_recognition_request;

/** The current layout of ::ds_recognition_request: the value for its @c version field. */
#define DS_RECOGNITION_REQUEST_VERSION 1
/** An initialiser for a ::ds_recognition_request: the current @c version and the defaults. */
#define DS_RECOGNITION_REQUEST_INIT                                                            \
	{                                                                                      \
		DS_RECOGNITION_REQUEST_VERSION, 0, NULL, NULL, NULL, NULL, NULL, 0, 0, 0, NULL \
	}

/** Set @p r to the defaults. @return DS_OK, or DS_EINVAL for NULL or an unknown version. */
DS_EXTERN int ds_recognition_request_init(ds_recognition_request *r, unsigned int version);

/**
 * Record a 入表 filing (logged as a "recognition" event, in one transaction).
 * @param id  receives the filing's id; may be NULL.
 * @return DS_OK; DS_EINVAL naming the field (registration not of an asset,
 *         bad amount, date, filing number or qualification, a provider founded
 *         after the recognition, the registrant as its own provider);
 *         DS_ENOTFOUND (registration, or provider not a registrant); DS_ESTATE
 *         (the registration is not REGISTERED); DS_EEXISTS (filing number
 *         already recorded); DS_EDB. Nothing is written on failure.
 */
DS_EXTERN int ds_registry_recognition_add(int64_t *id, ds_registry *reg, const ds_recognition_request *r);

/**
 * The applications document for the subsidy engine (the policy module's
 * urn:datasset:applications:1, schemas/applications-1.xsd, version 1 of the
 * applications document, which ds_applications_parse() still reads; the
 * registry does not hold the facts version 2 adds): one applicant per registrant with a registered data product, a
 * 场内 sale or a 场外 filing dated within [@p from, @p to]; its registered products
 * (id: the certificate number; listed: the registration date), its 场内 sales,
 * its 场外 filings as provider or buyer, and their vouchers; and its 入表 filings
 * dated in the window (`<recognition id=FILING date amount registered>` with the
 * 服务商; registered is true while the asset registration is still REGISTERED).
 * Amounts are exact to the fen. The document is validated against the schema
 * before it is returned.
 *
 * @param out   receives the document text (ds_free).
 * @param from  first day of the window, "YYYY-MM-DD".
 * @param to    last day, not before @p from.
 * @return DS_OK; DS_EINVAL for a bad window; DS_EDB; DS_ENOMEM.
 */
DS_EXTERN int ds_registry_export_applications(char **out, ds_registry *reg, const char *from, const char *to);

/**
 * Append a settlement statement (settlement.h: MAR, yearly tiers, deductions
 * and fee-pool lines) to the registry's transparency log as a "settlement"
 * event, in one transaction. The event body holds the statement as
 * ds_settlement_statement_write() writes it in XML (urn:datasset:settlement:1),
 * so an inclusion proof for the entry proves every line of it.
 * @param log_index receives the log entry's index (0-based); may be NULL.
 * @param statement the computed statement; only read.
 * @return DS_OK; DS_EINVAL for NULL; DS_EDB; DS_ENOMEM. Nothing is written on failure.
 * Thread-safety: like every call on @p reg.
 */
DS_EXTERN int ds_registry_settlement_record(int64_t *log_index, ds_registry *reg,
					    const ds_settlement_statement *statement);

/* ---------------------------------------------------------------- compliance (数据合规) */

/*
 * A registry can require a compliance assessment (compliance.h) on file
 * before a registration of a given kind enters 公示: a listing (挂牌, the
 * checklist's purpose "list") or a registration ("register"). Which kinds need
 * one, for which purpose and with which checklist is the registry's
 * configuration, kept in its store and logged (ds_registry_compliance_require()),
 * not a constant of the library. Assessments are recorded against a
 * registration (ds_registry_assessment_add()): the result document, its
 * digest and summary are stored and a logged "assessment" event carries them.
 * The outcome acts on the workflow as the checklist's outcome rule 5 says
 * (docs/compliance.md): pass, or conditional with restrictions only, lets
 * REVIEW proceed to PUBLICITY (the restriction codes are written into the
 * registration's restrictions and printed on its certificate as
 * `<useRestrictions>`); any other conditional keeps it in REVIEW, naming every
 * missing item at once; fail moves REVIEW to REJECTED with the failing items
 * as the reason. A later probe report that finds personal information the
 * assessment did not declare marks it stale (ds_registry_assessment_check_probe()):
 * a stale assessment no longer lets the registration proceed until it is
 * re-assessed. Every REVIEW → PUBLICITY (ds_registry_advance()) checks the
 * latest assessment on file when there is one or the kind requires one.
 */

/**
 * Require (or stop requiring) a compliance assessment for registrations of @p kind.
 * Logged as a "compliance_requirement" event, in one transaction.
 *
 * @param reg       the registry.
 * @param kind      the registration kind.
 * @param purpose   the purpose the assessment must be made for, as the
 *                  checklist's "purpose" flag names it ("register", or "list"
 *                  for 挂牌); 1–64 of [A-Za-z0-9._-]. NULL: no assessment required
 *                  any more (an assessment already on file still counts).
 * @param checklist the checklist id the assessment must have used ("cn-2025");
 *                  required with @p purpose, ignored without.
 * @param actor     who (recorded); 1–200 characters.
 * @return DS_OK; DS_EINVAL naming the field (kind, purpose, checklist, actor); DS_EDB.
 *         Nothing is written on failure.
 * Thread-safety: like every call on @p reg.
 */
DS_EXTERN int ds_registry_compliance_require(ds_registry *reg, ds_reg_kind kind, const char *purpose,
					     const char *checklist, const char *actor);

/**
 * Whether registrations of @p kind need an assessment, and for what.
 * @param purpose   receives the purpose (caller-owned; free with ds_free()), or NULL.
 * @param checklist receives the checklist id (caller-owned; free with ds_free()), or NULL.
 * @return DS_OK; DS_ENOTFOUND (field "kind") when none is required; DS_EINVAL; DS_EDB.
 *         The outputs are unchanged on failure.
 * Thread-safety: like every call on @p reg.
 */
DS_EXTERN int ds_registry_compliance_requirement(char **purpose, char **checklist, ds_registry *reg, ds_reg_kind kind);

/**
 * Record @p assessment against registration @p registration and apply its
 * outcome. The result document (ds_assessment_write(), XML: checklist id,
 * version and digest, flags, per-item statuses with evidence digests,
 * outcome, restrictions, evaluation date, time and evaluator) is stored with
 * its SHA-256 digest, and an "assessment" event (the digest, checklist,
 * purpose, outcome, workflow effect, restriction codes, failing or missing
 * items, evaluation time, evaluator, actor) is appended to the log, in one
 * transaction. When the registration is in REVIEW, the effect follows in the
 * same transaction: proceed moves it to PUBLICITY (as ds_registry_advance()
 * does, restrictions written into the registration's), fail moves it to
 * REJECTED with the failing items as the reason, hold leaves it in REVIEW.
 * In an earlier state the effect waits for REVIEW → PUBLICITY.
 *
 * @param assessment_id receives the new assessment's id; may be NULL.
 * @param effect        receives what the outcome does (DS_COMPLIANCE_PROCEED,
 *                      _HOLD, _REJECT); may be NULL. For HOLD, the items to
 *                      supply are the record's @c reasons (ds_registry_assessment_list()).
 * @param reg           the registry.
 * @param registration  the registration; DRAFT to REVIEW, or OBJECTION.
 * @param assessment    the result (ds_compliance_assess()); only read.
 * @param t             who (@c actor, required), when (@c time or @c at; the
 *                      transition's time), an optional @c reason and @c evidence
 *                      (default: the document's digest) for the transition it makes.
 * @return DS_OK; DS_EINVAL (NULL, a missing actor, an assessment made for
 *         another purpose or with another checklist than the kind requires,
 *         naming "purpose" or "checklist"); DS_ENOTFOUND (no such
 *         registration); DS_ESTATE (a registration past REVIEW, or the
 *         transition's errors, e.g. a time before its last transition); DS_EDB;
 *         DS_ENOMEM. Nothing is written on failure.
 * Thread-safety: like every call on @p reg.
 */
DS_EXTERN int ds_registry_assessment_add(int64_t *assessment_id, ds_compliance_workflow *effect, ds_registry *reg,
					 int64_t registration, const ds_assessment *assessment,
					 const ds_transition_request *t);

/** A compliance assessment recorded in the registry. Strings are borrowed from the result block. */
typedef struct ds_assessment_record {
	int64_t id;			 /**< the assessment's id (1, 2, ... per registry) */
	int64_t registration;		 /**< the registration it was recorded against */
	const char *checklist;		 /**< checklist id ("cn-2025") */
	const char *checklist_version;	 /**< its version */
	const char *checklist_digest;	 /**< "sha256:…" of the checklist document */
	const char *purpose;		 /**< the "purpose" flag it was made for ("register", "list"), or "" */
	ds_compliance_outcome outcome;	 /**< pass, conditional or fail */
	ds_compliance_workflow workflow; /**< proceed, hold or reject */
	const char *restrictions;	 /**< "code\ttext" lines ("" when none) */
	const char *reasons;		 /**< failing items (reject) or items to supply (hold), one per line
					      "ID 名称 STATUS"; "" for proceed */
	const char *digest;		 /**< "sha256:…" of the stored result document */
	const char *assessed;		 /**< the assessment date (expiry checked at it) */
	const char *evaluated;		 /**< evaluation time, UTC */
	const char *evaluator;		 /**< who evaluated */
	const char *actor;		 /**< who recorded it */
	const char *recorded;		 /**< when it was recorded, UTC */
	int64_t log_index;		 /**< its "assessment" event's log entry index */
	const char *stale;		 /**< NULL, or why it is stale */
	const char *stale_at;		 /**< NULL, or when it was marked stale, UTC */
} ds_assessment_record;

/**
 * The assessments recorded against @p registration, oldest first (the last is
 * the one on file). The document itself: ds_registry_document() with
 * DS_DOCUMENT_ASSESSMENT.
 * @param out   receives an array of *@p count records (caller-owned; free with
 *              one ds_free(); NULL when none).
 * @return DS_OK; DS_ENOTFOUND (field "registration"); DS_EINVAL; DS_EDB.
 * Thread-safety: like every call on @p reg.
 */
DS_EXTERN int ds_registry_assessment_list(ds_assessment_record **out, size_t *count, ds_registry *reg,
					  int64_t registration);

/**
 * Check the assessment on file for @p registration against a later probe
 * report. The assessment's own inputs (its recorded flags, declared) are
 * combined with @p probe's facts as the checklist maps them (ds_compliance_entry_set_probe());
 * an input flag that changes (e.g. "pi" none → pi because a column holds ID
 * card numbers) is something the assessment did not declare: the assessment
 * is marked stale (stored, with the flags and columns as the reason) and an
 * "assessment_stale" event (with the probe's content fingerprint) is logged,
 * in one transaction. A stale assessment no longer lets the registration
 * enter 公示 until a new one is recorded.
 *
 * @param stale     receives 1 when the assessment is (now or already) stale, else 0.
 * @param probe     the probe report; only read.
 * @param checklist the checklist the assessment used, or NULL for the bundled
 *                  one of that id; its digest must be the recorded one.
 * @param t         who (@c actor, required) and when (@c time or @c at).
 * @return DS_OK; DS_ENOTFOUND (no assessment on file, field "assessment");
 *         DS_EINVAL (NULL, a missing actor, another checklist, field "checklist");
 *         the errors of ds_checklist_bundled() for a checklist not bundled; DS_EDB.
 *         Nothing is written unless the assessment becomes stale.
 * Thread-safety: like every call on @p reg.
 */
DS_EXTERN int ds_registry_assessment_check_probe(int *stale, ds_registry *reg, int64_t registration,
						 const ds_probe *probe, const ds_checklist *checklist,
						 const ds_transition_request *t);
/* ---------------------------------------------------------------- pledges (质押) */

/*
 * Pledges of registered data rights (docs/pledge.md): the pledge record with
 * its number (kind letter Z) and versions, its workflow, the review checks,
 * the effect on the pledged registration, consent, release, enforcement and
 * the distribution of proceeds by priority (民法典 arts. 414, 436-438, 444),
 * every event logged, and a signed 质押登记证明 per registered pledge.
 * Thread-safety: as every call on a ds_registry.
 */

/** Pledge workflow states (pledge.md, "Workflow"). */
typedef enum ds_pledge_state {
	DS_PLEDGE_DRAFT = 0,	 /**< 草稿 */
	DS_PLEDGE_SUBMITTED = 1, /**< 申请 (both parties) */
	DS_PLEDGE_ACCEPTED = 2,	 /**< 受理 */
	DS_PLEDGE_REVIEW = 3,	 /**< 审查 */
	DS_PLEDGE_ACTIVE = 4,	 /**< 登记: number and 质押登记证明 issued; the registration is encumbered */
	DS_PLEDGE_REJECTED = 5,	 /**< 不予登记 (a review check failed; the reasons are recorded) */
	DS_PLEDGE_WITHDRAWN = 6, /**< 撤回 */
	DS_PLEDGE_ENFORCING = 7, /**< 实现: enforcement started, the claim fixed; still encumbers */
	DS_PLEDGE_ENFORCED = 8,	 /**< proceeds distributed; the pledge is extinguished */
	DS_PLEDGE_RELEASED = 9,	 /**< 注销 (repayment, waiver, court decision) */
	DS_PLEDGE_LAPSED = 10	 /**< an agreed registration term ended without renewal */
} ds_pledge_state;

/** What a pledgee consents to on the pledged registration (民法典 art. 444 ¶2). */
typedef enum ds_pledge_action {
	DS_PLEDGE_ACTION_TRANSFER = 0, /**< 转移: a trade or filing (ds_registry_trade_add()) of the right */
	DS_PLEDGE_ACTION_LICENCE = 1,  /**< 许可 (licence) */
	DS_PLEDGE_ACTION_CHANGE = 2    /**< 变更 of the right, its scope or term (a change registration) */
} ds_pledge_action;

/** The English name of a pledge state ("active"), or NULL for an unknown value. */
DS_EXTERN const char *ds_pledge_state_name(ds_pledge_state state);
/** The Chinese name of a pledge state ("登记"), or NULL for an unknown value. */
DS_EXTERN const char *ds_pledge_state_label(ds_pledge_state state);
/**
 * Parse a pledge state name, English ("active") or Chinese ("登记").
 * @param out receives the state; unchanged on failure.
 * @return DS_OK, or DS_EINVAL naming the text and the accepted names.
 * Thread-safety: reentrant.
 */
DS_EXTERN int ds_pledge_state_parse(ds_pledge_state *out, const char *text);
/**
 * Parse an action name: "transfer", "licence", "change" or 转移 许可 变更.
 * @param out receives the action; unchanged on failure.
 * @return DS_OK, or DS_EINVAL naming the text and the accepted names.
 * Thread-safety: reentrant.
 */
DS_EXTERN int ds_pledge_action_parse(ds_pledge_action *out, const char *text);

/** An application for a pledge (申请). */
typedef struct ds_pledge_request {
	unsigned int version; /**< DS_PLEDGE_REQUEST_VERSION */
	int64_t registration; /**< the pledged registration (its current certificate) */
	const char *pledgor;  /**< 出质人: credit code of a registrant; must hold the right (checked at review) */
	const char *pledgee;  /**< 质权人: credit code of a registrant, not the pledgor */
	const char *pledgee_kind; /**< "bank" or "lender" (NULL: lender) */
	const char *debtor;	/**< 债务人 when a third party's debt is secured: a registrant; NULL: the pledgor */
	const char *claim_type; /**< e.g. 借款; required */
	const ds_decimal *principal; /**< secured principal in yuan: positive, exact to the fen; required */
	const ds_decimal *maximum;   /**< 最高额 (民法典 art. 439), or NULL */
	const char *
		scope; /**< the guarantee's scope; NULL: 民法典 art. 389 (principal, interest, 违约金, damages, costs) */
	const char *debt_start;	     /**< "YYYY-MM-DD" or NULL */
	const char *due_date;	     /**< "YYYY-MM-DD": the debtor's performance term; required */
	const char *main_contract;   /**< main contract identifier (NULL: refused at review, 民法典 art. 427) */
	const char *pledge_contract; /**< pledge contract identifier (NULL: refused at review) */
	const char *external_system; /**< statutory registration system (e.g. 统一登记系统), or NULL: none */
	const char *external_number; /**< its registration number */
	const char *external_time;   /**< its registration time, ISO 8601 (ds_time_parse()): the perfection time */
	const char *actor;	     /**< who applies; NULL: the pledgor */
	const char *time;	     /**< when, ISO 8601, or NULL for @c at */
	int64_t at;		     /**< when, Unix seconds; 0 with @c time NULL: now */
	int draft;		     /**< 1: create as DRAFT instead of SUBMITTED */
} ds_pledge_request;

/** The current layout of ::ds_pledge_request. */
#define DS_PLEDGE_REQUEST_VERSION 1
/** An initialiser for a ::ds_pledge_request. */
#define DS_PLEDGE_REQUEST_INIT                                                                                        \
	{                                                                                                             \
		DS_PLEDGE_REQUEST_VERSION, 0, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, \
			NULL, NULL, NULL, NULL, NULL, 0, 0                                                            \
	}
/** Set @p req to the defaults. @return DS_OK, or DS_EINVAL for NULL or an unknown version. */
DS_EXTERN int ds_pledge_request_init(ds_pledge_request *req, unsigned int version);

/**
 * Apply for a pledge (PLEDGE_SUBMITTED event; version 1 of its record).
 * @param id  receives the pledge's id; may be NULL.
 * @return DS_OK; DS_EINVAL naming the field (bad credit code, amount not
 *         exact to the fen, bad date, pledgee the pledgor); DS_ENOTFOUND
 *         (registration, or a party not a registrant); DS_EDB. Nothing is
 *         written on failure. The review checks run at ds_registry_pledge_review().
 */
DS_EXTERN int ds_registry_pledge_add(int64_t *id, ds_registry *reg, const ds_pledge_request *req);

/**
 * Move a pledge along its workflow: DRAFT → SUBMITTED → ACCEPTED → REVIEW;
 * SUBMITTED/ACCEPTED/REVIEW → WITHDRAWN; ACTIVE/ENFORCING → RELEASED;
 * ACTIVE → LAPSED. ACTIVE and REJECTED are reached by
 * ds_registry_pledge_review(), ENFORCING by ds_registry_pledge_enforce(),
 * ENFORCED by ds_registry_pledge_distribute(). A release (RELEASED) applied
 * for by the pledgor alone (@c t->actor is the pledgor's credit code) needs
 * @c t->evidence naming the court judgment or notarised proof of extinction.
 * Each transition makes a new version of the record and logs its event.
 * @return DS_OK; DS_ESTATE for a transition the workflow does not list, or a
 *         time before the last transition; DS_EINVAL (bad @p to, actor,
 *         reason); DS_ENOTFOUND; DS_EDB. Nothing changes on failure.
 */
DS_EXTERN int ds_registry_pledge_advance(ds_registry *reg, int64_t id, ds_pledge_state to,
					 const ds_transition_request *t);

/**
 * Review a pledge in REVIEW (审查) with the checks of pledge.md: the pledgor
 * holds the pledged right; the registration is REGISTERED and its term not
 * ended; the due date is not after the registration's validity end; no open
 * 异议 on it; the pledgor is not an 行政事业单位 (党政机关 or 事业单位,
 * 财资〔2024〕1号 / 167号); the right is not restricted against transfer; the
 * contract names the main and pledge contracts; a further pledge only when
 * the policy allows it. All pass: ACTIVE, the pledge number allocated, the
 * 质押登记证明 issued, signed and logged (PLEDGE_REGISTERED). Any fails:
 * REJECTED with every reason recorded (PLEDGE_REJECTED).
 * @param passed receives 1 (ACTIVE) or 0 (REJECTED); may be NULL.
 * @return DS_OK either way; DS_ESTATE when the pledge is not in REVIEW or the
 *         registry has no signing key; DS_ENOTFOUND; DS_EDB.
 */
DS_EXTERN int ds_registry_pledge_review(int *passed, ds_registry *reg, int64_t id, const ds_transition_request *t);

/**
 * Change an ACTIVE pledge (PLEDGE_CHANGED, a new version; pledge.md
 * "Workflow": ACTIVE → ACTIVE): the fields of @p changes that are set
 * replace the pledge's — @c principal, @c maximum, @c due_date, and
 * @c pledgee with @c pledgee_kind (the assignee of the secured claim takes
 * the pledge with it, 民法典 art. 547). Every other field of @p changes must
 * be left as DS_PLEDGE_REQUEST_INIT has it. The due date must stay within
 * the registration's validity (review check 3). The 质押登记证明 already
 * issued is not reissued; the record's versions show the change.
 * @return DS_OK; DS_EINVAL naming the field (nothing to change, a field
 *         that cannot change, bad amount or date, a due date after the
 *         validity, the pledgor as pledgee); DS_ESTATE (not ACTIVE);
 *         DS_ENOTFOUND (pledge, new pledgee). Nothing changes on failure.
 */
DS_EXTERN int ds_registry_pledge_change(ds_registry *reg, int64_t id, const ds_pledge_request *changes,
					const ds_transition_request *t);

/**
 * Record a pledgee's written consent (CONSENT_RECORDED) to one @p action on
 * the pledged registration. Each consent is used by one action: a transfer,
 * licence or change of an encumbered registration needs an unused consent
 * of every ACTIVE or ENFORCING pledge on it, and uses them.
 * @c t->actor is the pledgee; @c t->evidence the consent document.
 * @return DS_OK; DS_ESTATE (pledge not ACTIVE/ENFORCING); DS_EINVAL; DS_ENOTFOUND.
 */
DS_EXTERN int ds_registry_pledge_consent(ds_registry *reg, int64_t id, ds_pledge_action action,
					 const ds_transition_request *t);

/**
 * Start enforcement (实现) of an ACTIVE pledge, fixing the claim it secures
 * now (principal, interest, 违约金, damages and costs within the scope, and at
 * most the maximum of a 最高额 pledge): ENFORCEMENT_STARTED.
 * @param claim  positive, exact to the fen.
 * @return DS_OK; DS_ESTATE (not ACTIVE); DS_EINVAL (claim); DS_ENOTFOUND.
 */
DS_EXTERN int ds_registry_pledge_enforce(ds_registry *reg, int64_t id, const ds_decimal *claim,
					 const ds_transition_request *t);

/** One line of a distribution of proceeds. */
typedef struct ds_pledge_share {
	int64_t pledge;		/**< the pledge's id */
	const char *pledge_no;	/**< its number */
	int rank;		/**< 1 first: perfection-time order, the unperfected last */
	const char *perfection; /**< its perfection time, or NULL (unperfected) */
	const char *claim;	/**< the claim, yuan "N.NN" */
	const char *paid;	/**< what it receives, "N.NN" */
	const char *shortfall;	/**< claim − paid: still owed by the debtor (民法典 art. 438) */
} ds_pledge_share;

/**
 * Distribute net proceeds @p proceeds of the realised right of @p registration
 * among every ACTIVE or ENFORCING pledge on it (pledge.md, "Priority"): ranks
 * by ascending perfection time (equal times share a rank), the unperfected
 * last as one rank (民法典 art. 414); each rank receives min(what is left, its
 * claims); inside a rank pro rata to the claims, lines ordered by claim
 * descending then pledge number, each HALF_UP to the fen but the last, which
 * takes the remainder. Every pledge must be ENFORCING (its claim fixed). Each
 * share is logged (PROCEEDS_APPLIED) and every pledge becomes ENFORCED.
 * Exact decimal arithmetic throughout.
 * @param out       receives the lines in rank order (one ds_free()).
 * @param count     receives their number.
 * @param leftover  receives what goes back to the pledgor, if not NULL (an existing ds_decimal).
 * @param proceeds  net proceeds, positive or zero, exact to the fen.
 * @return DS_OK; DS_ESTATE (no pledge to pay, or one not ENFORCING, named);
 *         DS_EINVAL; DS_ENOTFOUND; DS_EDB. Nothing changes on failure.
 */
DS_EXTERN int ds_registry_pledge_distribute(ds_pledge_share **out, size_t *count, ds_decimal *leftover,
					    ds_registry *reg, int64_t registration, const ds_decimal *proceeds,
					    const ds_transition_request *t);

/** A pledge as the registry holds it (current version). */
typedef struct ds_pledge {
	int64_t id;		  /**< the pledge's id */
	const char *pledge_no;	  /**< its number, NULL before ACTIVE */
	int64_t registration;	  /**< the pledged registration */
	const char *certificate;  /**< its certificate number, or NULL */
	int version;		  /**< the record's current version (1 on) */
	ds_pledge_state state;	  /**< the workflow state */
	const char *pledgor;	  /**< credit code */
	const char *pledgor_name; /**< name */
	const char *pledgee;	  /**< credit code */
	const char *pledgee_name; /**< name */
	const char *principal;	  /**< "N.NN" yuan */
	const char *due_date;	  /**< "YYYY-MM-DD" */
	const char *registered;	  /**< local date it became ACTIVE, or NULL */
	const char *perfection;	  /**< perfection time (UTC), or NULL */
	int rank;	     /**< priority rank among the ACTIVE/ENFORCING pledges on the registration; 0 otherwise */
	const char *reasons; /**< the review's reasons for a REJECTED pledge, else NULL */
} ds_pledge;

/**
 * One pledge by id.
 * @param out receives one ds_pledge (one ds_free()).
 * @return DS_OK; DS_ENOTFOUND; DS_EDB.
 */
DS_EXTERN int ds_registry_pledge_get(ds_pledge **out, ds_registry *reg, int64_t id);
/**
 * Pledges on a registration (@p registration > 0) and/or of a pledgee
 * (@p pledgee a credit code, or NULL), by id.
 * @param out receives *count pledges (one ds_free(); NULL when none).
 * @return DS_OK; DS_EINVAL (bad credit code); DS_EDB.
 */
DS_EXTERN int ds_registry_pledge_list(ds_pledge **out, size_t *count, ds_registry *reg, int64_t registration,
				      const char *pledgee);
/**
 * A version of a pledge's record (urn:datasset:pledge:1, schemas/pledge.xsd).
 * @param xml      receives the document (ds_free()).
 * @param version  1 up to the current one, or 0 for the current one.
 * @return DS_OK; DS_ENOTFOUND (pledge or version); DS_EDB.
 */
DS_EXTERN int ds_registry_pledge_record(char **xml, ds_registry *reg, int64_t id, int version);
/**
 * The signed 质押登记证明 of a pledge (urn:datasset:certificate:1,
 * element \c pledgeCertificate), verifiable like a certificate (ds_certificate_verify(),
 * or xmllint and openssl alone, docs/pledge.md).
 * @param xml receives the document (ds_free()).
 * @return DS_OK; DS_ENOTFOUND (no such pledge, or it never became ACTIVE).
 */
DS_EXTERN int ds_registry_pledge_certificate(char **xml, ds_registry *reg, int64_t id);
/**
 * The encumbrance section of a registration's query answer: "有质押" or
 * "无质押", then one line per ACTIVE or ENFORCING pledge in rank order:
 * pledge number, pledgor, pledgee, registration date, rank; with
 * @p parties = 1 (the parties and authorised inquirers) also principal and
 * due date, which the public answer omits.
 * @param text receives the lines (ds_free()).
 * @return DS_OK; DS_ENOTFOUND; DS_EDB.
 */
DS_EXTERN int ds_registry_encumbrance(char **text, ds_registry *reg, int64_t registration, int parties);
/**
 * The registry's pledge policy (pledge.md): @p statutory_self 1 when the
 * registry is the statutory registry (perfection at its own registration;
 * default 0: the external registration's time); @p allow_subsequent 0 to
 * refuse a further pledge while one is ACTIVE (default 1). Logged.
 * @return DS_OK; DS_EINVAL for values other than 0 and 1; DS_EDB.
 */
DS_EXTERN int ds_registry_pledge_policy(ds_registry *reg, int statutory_self, int allow_subsequent);

#ifdef __cplusplus
}
#endif

#endif
