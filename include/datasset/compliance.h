/*
 * libdatasset — 数据合规: compliance checklists as data, and assessments.
 * SPDX-License-Identifier: MIT
 *
 * A checklist (urn:datasset:compliance:1, schemas/compliance.xsd, root
 * <checklist>) declares the flags an assessment reads (their type, values,
 * default and which facts of the catalogue entry, probe report or registrant
 * set them), derived flags computed from them, restriction codes, and items:
 * when each applies, which evidence kinds satisfy it, its legal basis, its
 * severity (blocking, warning, gate) and what an unmet item does (fail, or
 * restrict:CODE). Every rule of law lives in the checklist file: the library
 * only evaluates it. The bundled checklist "cn-2025" is the project's review
 * before registration and listing (docs/compliance.md).
 *
 * An entry (root <entry>) gives the registrant, declared flag values and
 * facts; ds_compliance_entry_set_resource() and ds_compliance_entry_set_probe()
 * add the facts of a catalogue entry and of a probe report. An evidence list
 * (root <evidence-list>) holds evidence records (kind, digest, issuer, issue
 * date, expiry, the items it is offered for, whether it supports or
 * contradicts) and reviewers' decisions on items.
 *
 * ds_compliance_assess() gives every item its status (SATISFIED,
 * NOT_SATISFIED, MISSING, NOT_APPLICABLE) with the evidence that decided it,
 * and the outcome (pass, conditional with restriction codes, fail), checking
 * evidence expiry at the assessment date. The result writes itself as XML
 * (root <assessment>), CSV or text.
 *
 * Thread-safety: every function is reentrant. Checklists and evidence lists
 * are immutable once created and may be shared by threads; an entry or an
 * assessment belongs to one thread at a time.
 */
#ifndef DATASSET_COMPLIANCE_H
#define DATASSET_COMPLIANCE_H

#include <stddef.h>

#include "catalog.h"
#include "common.h"
#include "probe.h"

#ifdef __cplusplus
extern "C" {
#endif

/** A parsed checklist. Opaque; immutable after creation. */
typedef struct ds_checklist ds_checklist;
/** What an assessment reads about one registration or listing. Opaque. */
typedef struct ds_compliance_entry ds_compliance_entry;
/** A parsed evidence list. Opaque; immutable after creation. */
typedef struct ds_evidence ds_evidence;
/** The result of an assessment. Opaque. */
typedef struct ds_assessment ds_assessment;

/* ------------------------------------------------------------------ checklists */

/**
 * Read a checklist from a file and check it: against schemas/compliance.xsd
 * (root <checklist>), then its rules: distinct flag, value, item and
 * restriction names; every expression compiles and names only known flags
 * ("flag" for bool and integer flags, "flag.value" for the others, and
 * "ITEM.satisfied" for a gate item, read only by derived flags); defaults and
 * fact mappings that name declared values; every restrict:CODE declared.
 *
 * @param out  receives the checklist; free it with ds_checklist_free(). Unchanged on failure.
 * @param path the file; not NULL.
 * @return DS_OK; DS_EIO when it cannot be read; DS_EPARSE when it is not
 *         well-formed or not valid against the schema; DS_EINVAL when it breaks a
 *         rule above; DS_EEXISTS for a name defined twice (ds_error_last() names
 *         the line and field, and for expressions the column); DS_ERANGE for an
 *         oversized document; DS_ENOMEM.
 */
DS_EXTERN int ds_checklist_load(ds_checklist **out, const char *path);

/**
 * The same as ds_checklist_load() for a document in memory.
 * @param data the document (need not be NUL-terminated); @param len its size in bytes;
 * @param name a name for messages, or NULL for "checklist".
 */
DS_EXTERN int ds_checklist_parse(ds_checklist **out, const char *data, size_t len, const char *name);

/**
 * Load a checklist bundled with the library ("cn-2025") from the copy embedded
 * in it; the same file is installed as $(datadir)/datasset/compliance/ID.xml.
 * @return DS_OK; DS_ENOTFOUND for an unknown @id; DS_EINVAL for NULL; otherwise as ds_checklist_parse().
 */
DS_EXTERN int ds_checklist_bundled(ds_checklist **out, const char *id);

/** Free a checklist. @param checklist the checklist, or NULL (no-op). */
DS_EXTERN void ds_checklist_free(ds_checklist *checklist);

/** The checklist's identifier ("cn-2025"; borrowed: valid until ds_checklist_free()). */
DS_EXTERN const char *ds_checklist_id(const ds_checklist *checklist);
/** The checklist's version (borrowed: valid until ds_checklist_free()). */
DS_EXTERN const char *ds_checklist_version(const ds_checklist *checklist);
/** "sha256:" and the SHA-256 of the document's bytes, in hex (borrowed: valid until ds_checklist_free()). */
DS_EXTERN const char *ds_checklist_digest(const ds_checklist *checklist);

/**
 * The checklist in plain words: sources, flags with their values and facts,
 * derived flags, restrictions, then every item (applies when, evidence kinds,
 * basis, severity, on unmet). What `datasset compliance show` prints.
 * @param out receives a new UTF-8 string; free it with ds_free(). Unchanged on failure.
 * @return DS_OK, DS_EINVAL for NULL, DS_ENOMEM.
 */
DS_EXTERN int ds_checklist_describe(char **out, const ds_checklist *checklist);

/* ------------------------------------------------------------------ entries */

/**
 * Create an empty entry (no registrant, no flags, no facts).
 * @param out receives the entry; free it with ds_compliance_entry_free().
 * @return DS_OK, DS_EINVAL for NULL, DS_ENOMEM.
 */
DS_EXTERN int ds_compliance_entry_new(ds_compliance_entry **out);

/**
 * Read an entry document (root <entry>): an optional <registrant code name
 * kind>, declared <flag name value> and <fact name value> elements. The
 * registrant's 统一社会信用代码 is normalised and checked (GB 32100-2015);
 * a flag or fact given twice is refused. Flag values are checked against a
 * checklist only when assessed.
 *
 * @param out receives the entry; free it with ds_compliance_entry_free(). Unchanged on failure.
 * @return DS_OK; DS_EIO; DS_EPARSE (not well-formed or not valid against the
 *         schema); DS_EINVAL (a bad credit code); DS_EEXISTS (a flag or fact
 *         given twice), each naming the line and field; DS_ENOMEM.
 */
DS_EXTERN int ds_compliance_entry_load(ds_compliance_entry **out, const char *path);

/** The same as ds_compliance_entry_load() for a document in memory (@name for messages, or NULL). */
DS_EXTERN int ds_compliance_entry_parse(ds_compliance_entry **out, const char *data, size_t len, const char *name);

/** Free an entry. @param entry the entry, or NULL (no-op). */
DS_EXTERN void ds_compliance_entry_free(ds_compliance_entry *entry);

/**
 * Declare a flag's value ("pi", "sensitive"; a set flag takes its values
 * separated by spaces), replacing an earlier declaration; NULL removes it.
 * @return DS_OK; DS_EINVAL for NULL @entry or @flag, or a name or value that is
 *         not valid UTF-8 or longer than 2000 bytes; DS_ENOMEM. On failure the entry is unchanged.
 */
DS_EXTERN int ds_compliance_entry_set(ds_compliance_entry *entry, const char *flag, const char *value);

/**
 * Set the registrant. Its kind becomes the fact "registrant.kind", its code
 * "registrant.code" and its name "registrant.name".
 * @param code 统一社会信用代码 (normalised: full-width, lower case and spaces allowed); not NULL.
 * @param name the registrant's name, or NULL. @param kind its kind as the checklist names it, or NULL.
 * @return DS_OK; DS_EINVAL for NULL or a bad code (the message names the failing position); DS_ENOMEM.
 *         On failure the entry is unchanged.
 */
DS_EXTERN int ds_compliance_entry_set_registrant(ds_compliance_entry *entry, const char *code, const char *name,
						 const char *kind);

/**
 * Record the facts of a catalogue entry: "catalog.FIELD" for every field set
 * on @resource (ds_field_name(): "catalog.security_class",
 * "catalog.personal_info", ...), replacing earlier catalogue facts.
 * @return DS_OK; DS_EINVAL for NULL; DS_ENOMEM (the entry unchanged).
 */
DS_EXTERN int ds_compliance_entry_set_resource(ds_compliance_entry *entry, const ds_resource *resource);

/**
 * Record the facts of a probe report, replacing earlier probe facts:
 * "probe.personal_info" ("true" when a column holds 个人信息, else "false"),
 * "probe.personal_columns" (their names, separated by ", "), "probe.SEMANTIC"
 * ("true"/"false" for each recognised identifier kind: "probe.id-card",
 * "probe.mobile", "probe.email", "probe.credit-code", "probe.region") and
 * "probe.rows".
 * @return DS_OK; DS_EINVAL for NULL; DS_ENOMEM (the entry unchanged).
 */
DS_EXTERN int ds_compliance_entry_set_probe(ds_compliance_entry *entry, const ds_probe *probe);

/* ------------------------------------------------------------------ evidence */

/**
 * Read an evidence list (root <evidence-list>): <evidence id kind digest issued
 * expires for finding> records with an optional <issuer name code assessor
 * qualification> and <note>, and <review item status reviewer date> decisions.
 * Checked: distinct evidence ids; an expiry not before the issue date; real
 * dates; an issuer's credit code (GB 32100-2015) when given; at most one review
 * per item.
 *
 * @param out receives the list; free it with ds_evidence_free(). Unchanged on failure.
 * @return DS_OK; DS_EIO; DS_EPARSE (not well-formed or not valid against the
 *         schema); DS_EINVAL (a bad date, credit code or expiry before issue);
 *         DS_EEXISTS (an evidence id or a reviewed item twice), each naming the
 *         line and field; DS_ENOMEM.
 */
DS_EXTERN int ds_evidence_load(ds_evidence **out, const char *path);

/** The same as ds_evidence_load() for a document in memory (@name for messages, or NULL). */
DS_EXTERN int ds_evidence_parse(ds_evidence **out, const char *data, size_t len, const char *name);

/** Free an evidence list. @param evidence the list, or NULL (no-op). */
DS_EXTERN void ds_evidence_free(ds_evidence *evidence);

/** The number of evidence records in @evidence (reviews not counted; 0 for NULL). */
DS_EXTERN size_t ds_evidence_count(const ds_evidence *evidence);

/* ------------------------------------------------------------------ assessment */

/** Options for ds_compliance_assess(). */
typedef struct ds_compliance_options {
	unsigned int version;  /**< DS_COMPLIANCE_OPTIONS_VERSION */
	const char *date;      /**< the assessment date "YYYY-MM-DD" at which expiry is checked;
				    NULL: the date (China Standard Time) of @time */
	const char *time;      /**< the evaluation time recorded (ISO 8601, ds_time_parse());
				    NULL: now */
	const char *evaluator; /**< who evaluated, recorded; NULL: "datasset" */
} ds_compliance_options;

#define DS_COMPLIANCE_OPTIONS_VERSION 1
#define DS_COMPLIANCE_OPTIONS_INIT                              \
	{                                                       \
		DS_COMPLIANCE_OPTIONS_VERSION, NULL, NULL, NULL \
	}

/**
 * Initialise @opts to the defaults.
 * @return DS_OK, or DS_EINVAL for NULL or an unknown @version.
 */
DS_EXTERN int ds_compliance_options_init(ds_compliance_options *opts, unsigned int version);

/**
 * Assess @entry with @evidence against @checklist.
 *
 * Flags: a declared value, else the facts the checklist maps to the flag, else
 * its default; a "level" flag takes the highest of its declaration and its
 * facts (a probe that finds personal information raises it). Derived flags
 * follow in the checklist's order. Items: NOT_APPLICABLE when "applies" is
 * false; otherwise a reviewer's decision, else NOT_SATISFIED when
 * "unmet-when" holds, else NOT_SATISFIED when valid evidence of an accepted
 * kind contradicts it, else SATISFIED when valid evidence of an accepted kind
 * supports it, else MISSING (or the item's "absent" status). Evidence counts
 * from its issue date to its expiry (inclusive) and, for an item with
 * valid-months N, for N months after issue; evidence issued after the
 * assessment date does not count. Outcome: fail when a blocking item with
 * on-unmet fail is NOT_SATISFIED; else conditional when a blocking item is
 * MISSING, an item with restrict:CODE is not SATISFIED (CODE is attached), or
 * a warning item is NOT_SATISFIED; else pass (warning items MISSING are
 * observations). Gate items never count.
 *
 * The result is a pure function of the checklist, the entry, the evidence and
 * the assessment date (the time and evaluator are only recorded).
 *
 * @param out      receives the result; free it with ds_assessment_free(). Unchanged on failure.
 * @param evidence the evidence, or NULL for none.
 * @param opts     options, or NULL for the defaults.
 * @return DS_OK; DS_EINVAL for NULL, a bad option, a flag the checklist does
 *         not declare, a value outside a flag's values, a negative or
 *         non-integer count, a required flag with no value (each naming the
 *         flag), or a review of an item the checklist does not have; DS_ENOMEM.
 */
DS_EXTERN int ds_compliance_assess(ds_assessment **out, const ds_checklist *checklist, const ds_compliance_entry *entry,
				   const ds_evidence *evidence, const ds_compliance_options *opts);

/** Free a result. @param assessment the result, or NULL (no-op). */
DS_EXTERN void ds_assessment_free(ds_assessment *assessment);

/** The outcome of an assessment. */
typedef enum ds_compliance_outcome {
	DS_COMPLIANCE_PASS = 0,	       /**< pass */
	DS_COMPLIANCE_CONDITIONAL = 1, /**< conditional: conditions and/or restrictions */
	DS_COMPLIANCE_FAIL = 2	       /**< fail (不予登记) */
} ds_compliance_outcome;

/** What the outcome does to a registration in REVIEW. */
typedef enum ds_compliance_workflow {
	DS_COMPLIANCE_PROCEED = 0, /**< pass, or conditional with restrictions only: on to PUBLICITY */
	DS_COMPLIANCE_HOLD = 1,	   /**< other conditional: stays in REVIEW (补正) */
	DS_COMPLIANCE_REJECT = 2   /**< fail: REVIEW → REJECTED */
} ds_compliance_workflow;

/** An item's status. */
typedef enum ds_compliance_status {
	DS_COMPLIANCE_SATISFIED = 0,
	DS_COMPLIANCE_NOT_SATISFIED = 1, /**< evidence, a flag or a reviewer shows non-compliance */
	DS_COMPLIANCE_MISSING = 2,	 /**< no acceptable evidence yet */
	DS_COMPLIANCE_NOT_APPLICABLE = 3
} ds_compliance_status;

/** An item's severity in this assessment (R05-style items depend on flags). */
typedef enum ds_compliance_severity {
	DS_COMPLIANCE_BLOCKING = 0,
	DS_COMPLIANCE_WARNING = 1,
	DS_COMPLIANCE_GATE = 2 /**< only switches a derived flag; never counts in the outcome */
} ds_compliance_severity;

/** The stable name of an outcome ("pass", "conditional", "fail"), or NULL for another value. */
DS_EXTERN const char *ds_compliance_outcome_name(ds_compliance_outcome outcome);
/** The stable name of a status ("SATISFIED", "NOT_SATISFIED", "MISSING", "NOT_APPLICABLE"), or NULL. */
DS_EXTERN const char *ds_compliance_status_name(ds_compliance_status status);

/** The outcome of @assessment (DS_COMPLIANCE_FAIL for NULL). */
DS_EXTERN ds_compliance_outcome ds_assessment_outcome(const ds_assessment *assessment);
/** What the outcome does to a registration in REVIEW (DS_COMPLIANCE_REJECT for NULL). */
DS_EXTERN ds_compliance_workflow ds_assessment_workflow(const ds_assessment *assessment);

/**
 * One item of a result, as ds_assessment_item_at() copies it. Every pointer is
 * borrowed from the ds_assessment (valid until ds_assessment_free()); strings
 * are never NULL ("" when empty). This struct does not grow.
 */
typedef struct ds_compliance_item {
	const char *id;			 /**< "S01" */
	const char *name;		 /**< "主体资格" */
	ds_compliance_status status;	 /**< the status */
	ds_compliance_severity severity; /**< the severity that applied */
	const char *on_unmet;		 /**< "fail", "restrict:CODE", or "" for warnings and gates */
	const char *decided_by;		 /**< what decided it: "evidence e1 (sha256:…)", "review by X on D: reason",
					      "flags: grade.core", "" when nothing did (MISSING, NOT_APPLICABLE) */
	const char *note;		 /**< evidence that did not count and why (expired, not yet issued), or "" */
	const char *basis;		 /**< the legal basis */
} ds_compliance_item;

/** The number of items in @assessment (every item of the checklist, in its order; 0 for NULL). */
DS_EXTERN size_t ds_assessment_item_count(const ds_assessment *assessment);

/**
 * Item @index of @assessment.
 * @param out receives a copy; its strings are borrowed (valid until ds_assessment_free()). Unchanged on failure.
 * @return DS_OK; DS_ERANGE for @index >= ds_assessment_item_count() (the message
 *         names the index and the count); DS_EINVAL for NULL.
 */
DS_EXTERN int ds_assessment_item_at(ds_compliance_item *out, const ds_assessment *assessment, size_t index);

/** The number of restrictions attached (0 for NULL). */
DS_EXTERN size_t ds_assessment_restriction_count(const ds_assessment *assessment);

/**
 * Restriction @index, in checklist order of the items that attached it, each code once.
 * @param code receives the code ("no_outbound"; borrowed); may be NULL.
 * @param text receives its wording for the certificate (borrowed); may be NULL.
 * @return DS_OK; DS_ERANGE for an index past the end (outputs unchanged); DS_EINVAL for NULL @assessment.
 */
DS_EXTERN int ds_assessment_restriction_at(const char **code, const char **text, const ds_assessment *assessment,
					   size_t index);

/** The number of flags recorded: inputs then derived flags, in checklist order (0 for NULL). */
DS_EXTERN size_t ds_assessment_flag_count(const ds_assessment *assessment);

/**
 * Flag @index as the assessment used it.
 * @param name   receives the flag's name (borrowed); may be NULL.
 * @param value  receives its value ("true"/"false", a number, a value id, or
 *               set members separated by spaces; borrowed); may be NULL.
 * @param origin receives where it came from ("declared", "default", "fact
 *               catalog.security_class", "declared+fact probe.personal_info",
 *               "derived"; borrowed); may be NULL.
 * @return DS_OK; DS_ERANGE for an index past the end (outputs unchanged); DS_EINVAL for NULL @assessment.
 */
DS_EXTERN int ds_assessment_flag_at(const char **name, const char **value, const char **origin,
				    const ds_assessment *assessment, size_t index);

/** Output formats of ds_assessment_write(). */
typedef enum ds_compliance_format {
	DS_COMPLIANCE_TEXT = 0, /**< readable text */
	DS_COMPLIANCE_XML = 1,	/**< urn:datasset:compliance:1, root <assessment> */
	DS_COMPLIANCE_CSV = 2	/**< RFC 4180, one row per item */
} ds_compliance_format;

/**
 * Write the result. XML records the checklist id, version and digest, the
 * flags with their origin, every item with its status, the evidence that
 * decided it (with digests) and its basis, the outcome with its reasons
 * (failures, conditions, restrictions, observations) and restrictions, the
 * assessment date, evaluation time (UTC) and evaluator. CSV has a header row
 * then one row per item: id, name, status, severity, on_unmet, decided_by,
 * note, basis. Text lists the items that apply, then the outcome.
 *
 * @param out receives a new UTF-8 string; free it with ds_free(). Unchanged on failure.
 * @return DS_OK; DS_EINVAL for NULL or an unknown format; DS_ENOMEM.
 */
DS_EXTERN int ds_assessment_write(char **out, const ds_assessment *assessment, ds_compliance_format format);

#ifdef __cplusplus
}
#endif

#endif
