/** @file
 * libdatasset — 登记凭证: data registration certificates in the document
 * format urn:datasset:certificate:1 (schemas/certificate.xsd, docs/certificate.md),
 * signed with Ed25519 (default) or SM2/SM3 (国密), carrying the evidence of
 * their entry in the registry's Merkle log, and verifiable offline with the
 * registry's public key alone.
 * SPDX-License-Identifier: MIT
 *
 * Issuing a certificate, step by step (the registry does this when a
 * registration reaches REGISTERED):
 *   1. ds_certificate_build()       from the registration's fields;
 *   2. ds_certificate_log_entry()   the bytes to append to the log (the
 *                                   canonical content without evidence or signature);
 *   3. append them, sign a checkpoint, make the inclusion proof against it;
 *   4. ds_certificate_set_log_evidence();
 *   5. ds_certificate_sign()        with the registry's private key;
 *   6. ds_certificate_to_xml().
 * ds_certificate_issue() does 2–6 over a ds_translog in one call.
 *
 * Canonical form: Exclusive XML Canonicalization 1.0 (without comments) of the
 * certificate document with its `<signature>` element removed. The log entry is
 * the same with `<logEvidence>` removed too.
 *
 * Thread-safety: every function is reentrant; a ds_certificate and a report
 * are used by one thread at a time.
 */
#ifndef DATASSET_CERTIFICATE_H
#define DATASSET_CERTIFICATE_H

#include <stdint.h>

#include "common.h"
#include "translog.h"

#ifdef __cplusplus
extern "C" {
#endif

/** The three rights (三权分置). The certificate module owns them; registry.h
 *  uses them for registrations. */
typedef enum ds_right {
	DS_RIGHT_HOLDING = 0,	 /**< 数据资源持有权 */
	DS_RIGHT_PROCESSING = 1, /**< 数据加工使用权 */
	DS_RIGHT_OPERATING = 2	 /**< 数据产品经营权 */
} ds_right;

/** Security classification. */
typedef enum ds_security_class {
	DS_SECURITY_GENERAL = 1,   /**< 一般数据 */
	DS_SECURITY_IMPORTANT = 2, /**< 重要数据 */
	DS_SECURITY_CORE = 3	   /**< 核心数据 */
} ds_security_class;

/** One registered right. Strings are UTF-8 and only read. */
typedef struct ds_certificate_right {
	ds_right right;		  /**< DS_RIGHT_HOLDING, DS_RIGHT_PROCESSING, DS_RIGHT_OPERATING */
	const char *scope;	  /**< 范围; required */
	const char *term_start;	  /**< "YYYY-MM-DD"; required */
	const char *term_end;	  /**< "YYYY-MM-DD", or NULL for no end */
	const char *restrictions; /**< 限制, or NULL */
} ds_certificate_right;

/**
 * The content of a certificate. Every string is UTF-8 (normalised to NFC on
 * the way in) and only read; the caller keeps ownership. Fields are only ever
 * appended; set @c version to DS_CERTIFICATE_FIELDS_VERSION.
 */
typedef struct ds_certificate_fields {
	unsigned int version;	     /**< DS_CERTIFICATE_FIELDS_VERSION */
	const char *number;	     /**< from ds_certificate_number_format(); its check character is verified */
	const char *registrant_name; /**< 登记主体 (the registrant) as registered */
	const char *
		registrant_credit_code; /**< 统一社会信用代码 as written: 18 characters, region digits and check character verified */
	const ds_certificate_right *rights; /**< 1 to 3 rights */
	size_t right_count;		    /**< the number of @c rights */
	const char *object_name;	    /**< 数据名称: the catalogue entry's title */
	const char *object_code;	    /**< the catalogue identifier */
	const char *object_description;	    /**< 数据描述: what the data is */
	const char *data_source;	    /**< source and the legality of its collection */
	uint64_t scale_records;		    /**< 数据规模: records (rows) */
	uint64_t scale_fields;		    /**< 数据规模: fields (columns) */
	uint64_t scale_bytes;		    /**< 数据规模: bytes */
	const char *data_format;	    /**< 数据格式, e.g. "CSV" */
	const char *update_frequency;	    /**< 更新频率, e.g. "每月" */
	const char *coverage_region;	    /**< 覆盖地域, e.g. "济南市" */
	const char *coverage_period;	    /**< 时间覆盖 "YYYY-MM-DD/YYYY-MM-DD" */
	const char *quality_summary;	    /**< e.g. scores by the six GB/T 36344 dimensions */
	ds_security_class security_class;   /**< 安全级别 (data security grade) */
	int personal_information;	    /**< 1 when personal information is involved */
	const char *scenarios;		    /**< application scenarios */
	/** Content fingerprints "sha256:<64 hex>" or "sm3:<64 hex>", with the digest
	 *  of the registry key's profile; @c data_fingerprint may be NULL. */
	const char *metadata_fingerprint;
	const char *data_fingerprint; /**< the data's fingerprint (see @c metadata_fingerprint), or NULL */
	const char *
		application_date; /**< dates "YYYY-MM-DD", in order: application <= publicity start <= end <= registration */
	const char *publicity_start;   /**< 公示 start date */
	const char *publicity_end;     /**< 公示 end date */
	const char *registration_date; /**< 登记日期 */
	const char *registry_name;     /**< the registration body (登记机构) */
	const ds_key *registry_key;    /**< its identifier and algorithm go into the certificate; public is enough */
	const char *supersedes;	       /**< the previous certificate's number (变更/更正), or NULL */
	/* ---- version 2: use restrictions (使用限制) ---- */
	/** Restrictions on the use of the registered data, each a code and its
	 *  wording (e.g. "no_outbound", "限境内使用，不得向境外提供": the wording
	 *  comes from the compliance checklist's data): written as
	 *  `<useRestrictions><restriction code>text</restriction>…` after the object.
	 *  NULL with a count of 0 for none. */
	const struct ds_certificate_restriction *use_restrictions;
	size_t use_restriction_count; /**< the number of @c use_restrictions (at most 32) */
} ds_certificate_fields;

/** One use restriction of a certificate (ds_certificate_fields version 2). Strings are only read. */
typedef struct ds_certificate_restriction {
	const char *code; /**< the restriction's code: 1–64 of [A-Za-z0-9._-], e.g. "no_outbound" */
	const char *text; /**< its wording, printed on the certificate (1–2000 characters) */
} ds_certificate_restriction;

/** The current layout of ::ds_certificate_fields: the value for its @c version field
 *  (2 appends @c use_restrictions; a version 1 struct is still accepted). */
#define DS_CERTIFICATE_FIELDS_VERSION 2

/**
 * Initialise @p fields to zero with the version set (for bindings).
 * @return DS_OK, or DS_EINVAL for NULL or an unknown version.
 */
DS_EXTERN int ds_certificate_fields_init(ds_certificate_fields *fields, unsigned int version);

/**
 * Write a certificate number "RRRRRR-YYYY-K-SSSSSSSS-C": region code (6 digits,
 * GB/T 2260), year, kind letter (R resource, P product, A asset, I data
 * intellectual property), 8-digit sequence, and a check character C.
 *
 * The check character is computed like the credit code's (GB 32100), the one
 * convention of the library (the registry's numbers use it too): each of the
 * 19 characters without hyphens takes its value in the credit code's alphabet
 * "0123456789ABCDEFGHJKLMNPQRTUWXY" (digits 0–9; A=10 … H=17, J=18, K=19 …
 * P=23, R=25 … Y=30); the kind letter I, which is not in that alphabet, counts
 * 18, its place after H. With weights 3^(k−1) mod 31 for k = 1..19,
 * C = 31 − (Σ value × weight mod 31), 31 written as 0, written in the same
 * alphabet. Example: 370100-2025-P-00000123-3.
 *
 * @param out      receives a new string; free with ds_free(); unchanged on failure.
 * @param region   6 digits; not NULL.
 * @param year     1000 to 9999.
 * @param kind     'R', 'P', 'A' or 'I'.
 * @param sequence 1 to 99999999.
 * @return DS_OK; DS_EINVAL naming the part that is wrong (field "number"); DS_ENOMEM.
 */
DS_EXTERN int ds_certificate_number_format(char **out, const char *region, int year, char kind, uint32_t sequence);

/**
 * Check a certificate number's shape and check character (the convention of
 * ds_certificate_number_format()).
 *
 * @param number the number; not NULL.
 * @return DS_OK; DS_EPARSE when it is not of the form RRRRRR-YYYY-K-NNNNNNNN-C
 *         (ds_error_last()->column: the 1-based position that failed, 25 for
 *         a number longer than 24 characters); DS_EVERIFY when only the check
 *         character is wrong (column 24); DS_EINVAL for NULL. The field is "number".
 */
DS_EXTERN int ds_certificate_number_check(const char *number);

/** A certificate document. Opaque. */
typedef struct ds_certificate ds_certificate;

/**
 * Build an unsigned certificate from @p fields.
 * @param out receives the certificate; free with ds_certificate_free(); unchanged on failure.
 * @return DS_OK; DS_EINVAL naming the field (ds_error_last()->field) for a missing
 *         or malformed value, a bad check character, dates out of order, or a
 *         fingerprint whose digest does not match the key's profile; DS_ENOMEM.
 */
DS_EXTERN int ds_certificate_build(ds_certificate **out, const ds_certificate_fields *fields);

/* ------------------------------------------------------ cancellation records */

/**
 * The content of a cancellation record (注销): the signed document the
 * registry issues when a registration reaches CANCELLED, naming the
 * certificate it cancels. It is a `<cancellation>` document in
 * urn:datasset:certificate:1 (certificate.xsd) and is handled by the same
 * calls as a certificate: ds_certificate_log_entry(),
 * ds_certificate_set_log_evidence(), ds_certificate_sign(),
 * ds_certificate_issue(), ds_certificate_to_xml(), ds_certificate_summary(),
 * ds_certificate_verify(). Strings are UTF-8 (normalised to NFC) and only
 * read. Fields are only ever appended; set @c version to
 * DS_CANCELLATION_FIELDS_VERSION.
 */
typedef struct ds_cancellation_fields {
	unsigned int version;		    /**< DS_CANCELLATION_FIELDS_VERSION */
	const char *cancels;		    /**< the cancelled certificate's number; its check character is verified */
	int64_t registration;		    /**< the registry's identifier of the cancelled registration, >= 1 */
	const char *registrant_name;	    /**< the registrant, as on the cancelled certificate */
	const char *registrant_credit_code; /**< 统一社会信用代码, checked as in a certificate */
	const char *object_name;	    /**< the data's name, as on the cancelled certificate */
	const char *object_code;	    /**< the catalogue identifier, as on the cancelled certificate */
	const char *cancelled_by;	    /**< the number of the 注销登记 that cancelled it, or NULL */
	const char *registration_date;	    /**< the cancelled certificate's registration date "YYYY-MM-DD" */
	const char *cancellation_date;	    /**< "YYYY-MM-DD", on or after @c registration_date */
	const char *reason;		    /**< why (the transition's reason); required */
	const char *registry_name;	    /**< the registration body (登记机构) */
	const ds_key *registry_key;	    /**< its identifier and algorithm go into the record; public is enough */
} ds_cancellation_fields;

/** The current layout of ::ds_cancellation_fields: the value for its @c version field. */
#define DS_CANCELLATION_FIELDS_VERSION 1

/**
 * Initialise @p fields to zero with the version set (for bindings).
 * @return DS_OK, or DS_EINVAL for NULL or an unknown version.
 */
DS_EXTERN int ds_cancellation_fields_init(ds_cancellation_fields *fields, unsigned int version);

/**
 * Build an unsigned cancellation record from @p fields.
 * @param out receives the record; free with ds_certificate_free(); unchanged on failure.
 * @return DS_OK; DS_EINVAL naming the field (ds_error_last()->field: "cancels",
 *         "cancels/@c registration", "cancelledBy", "registrant/creditCode",
 *         "dates", "reason", ...) for a missing or malformed value, a bad check
 *         character or a cancellation dated before the registration; DS_ENOMEM.
 */
DS_EXTERN int ds_certificate_build_cancellation(ds_certificate **out, const ds_cancellation_fields *fields);

/**
 * Whether @p cert is a cancellation record (a `<cancellation>` document) rather
 * than a certificate. For a cancellation record ds_certificate_number()
 * gives the number of the certificate it cancels.
 * @return 1 for a cancellation record, 0 for a certificate or NULL.
 */
DS_EXTERN int ds_certificate_is_cancellation(const ds_certificate *cert);

/**
 * Parse a certificate document (validated against certificate.xsd).
 * @return DS_OK; DS_EPARSE with line and field for a document that is not a
 *         well-formed, valid certificate; DS_ERANGE for one too large.
 */
DS_EXTERN int ds_certificate_parse(ds_certificate **out, const char *xml, size_t len);

/** Free a certificate. @param cert the certificate, or NULL (no-op). */
DS_EXTERN void ds_certificate_free(ds_certificate *cert);

/**
 * The log entry of the certificate: its canonical form without `<logEvidence>`
 * and `<signature>`. Append exactly these bytes to the registry's log.
 * @param out receives a new buffer (free with ds_free()); @param len its length.
 * @return DS_OK, DS_EINTERNAL when canonicalisation fails, DS_ENOMEM.
 */
DS_EXTERN int ds_certificate_log_entry(unsigned char **out, size_t *len, const ds_certificate *cert);

/**
 * Set the log evidence: the entry's index, the signed checkpoint (note text,
 * verbatim) the proof was made against, and the inclusion proof for that
 * checkpoint's tree size. Replaces earlier evidence and removes any signature.
 * @return DS_OK; DS_EINVAL for a checkpoint that does not parse, an index not
 *         below its tree size, or proof hashes that are not 32 bytes; DS_ENOMEM.
 */
DS_EXTERN int ds_certificate_set_log_evidence(ds_certificate *cert, uint64_t index, const char *checkpoint,
					      const ds_hash *proof, size_t proof_len);

/**
 * Sign the certificate with the registry's private key (the key whose
 * identifier the certificate names). Replaces an earlier signature.
 * @return DS_OK; DS_EINVAL for a public key or a key that is not the one named
 *         in the certificate; DS_EINTERNAL.
 */
DS_EXTERN int ds_certificate_sign(ds_certificate *cert, const ds_key *key);

/**
 * Steps 2–6 of issuing in one call: append the certificate's log entry to
 * @p log, sign a checkpoint of the new tree with @p key under the origin and key
 * name @p log_name (no spaces or '+'), prove inclusion, set the evidence and
 * sign the certificate.
 * @param index receives the log index; may be NULL.
 * @param timestamp seconds since 1970 UTC for the checkpoint, or 0.
 * @return as the steps; on failure after the append the log keeps the entry.
 */
DS_EXTERN int ds_certificate_issue(uint64_t *index, ds_certificate *cert, ds_translog *log, const char *log_name,
				   int64_t timestamp, const ds_key *key);

/**
 * The document text (UTF-8 XML).
 * @param out receives a new string; free with ds_free().
 * @return DS_OK or DS_ENOMEM.
 */
DS_EXTERN int ds_certificate_to_xml(char **out, const ds_certificate *cert);

/**
 * The certificate number (borrowed; valid until the certificate changes or is
 * freed); for a cancellation record, the number of the certificate it cancels.
 * @return the number, or NULL for NULL.
 */
DS_EXTERN const char *ds_certificate_number(const ds_certificate *cert);

/**
 * The identifier of the registry key the certificate names (registry/@c keyId,
 * 64 hex digits; borrowed, valid until the certificate is freed). A registry
 * that rotates keys keeps every old public key: parse the certificate, pick
 * the key with this identifier (ds_key_id()), then ds_certificate_verify().
 * @return the identifier, or NULL for NULL.
 */
DS_EXTERN const char *ds_certificate_key_id(const ds_certificate *cert);

/**
 * A readable summary of the certificate, one "label: value" line per field
 * in document order (number, registrant, each right, the object, fingerprints,
 * dates, registry, supersedes, log evidence, signature), for `datasset cert show`.
 * It does not verify anything: use ds_certificate_verify() for that.
 * @param out receives a new UTF-8 string; free with ds_free().
 * @return DS_OK, DS_EINVAL for NULL, DS_ENOMEM.
 */
DS_EXTERN int ds_certificate_summary(char **out, const ds_certificate *cert);

/* ------------------------------------------------- QR verification payload */

/**
 * The format version of the verification payload ds_certificate_to_payload()
 * writes and ds_certificate_payload_parse() reads: "DSC1".
 */
#define DS_CERTIFICATE_PAYLOAD_VERSION 1

/**
 * A verification payload as ds_certificate_payload_parse() reads it: the text
 * a printed certificate's QR code holds (docs/certificate.md, "The QR
 * verification payload"). Hexadecimal fields are written here in lower case.
 * This struct does not grow: a later format version comes with new functions.
 */
typedef struct ds_certificate_payload {
	unsigned int version;	/**< the payload's format version (1) */
	char number[32];	/**< the certificate number, "370100-2025-P-00000123-3" */
	ds_hash_alg digest_alg; /**< the log's hash: DS_HASH_SHA256 or DS_HASH_SM3 */
	char digest[65];	/**< RFC 9162 leaf hash of the certificate's log entry, 64 hex */
	char key_id[65];	/**< the registry key's identifier (ds_key_id()), 64 hex */
	uint64_t index;		/**< the entry's index in the registry's log */
	uint64_t tree_size;	/**< the size of the signed tree head in the certificate's evidence */
	char root_hash[65];	/**< that tree head's root hash, 64 hex */
} ds_certificate_payload;

/**
 * The compact verification payload of a logged certificate, for a QR code:
 * "DSC1:NUMBER:ALG:DIGEST:KEYID:INDEX:TREESIZE:ROOT" — ALG "SHA256" or "SM3"
 * (the log's hash), DIGEST the RFC 9162 leaf hash H(0x00 ‖ log entry) of the
 * certificate's log entry (ds_certificate_log_entry()), KEYID the registry
 * key's identifier, INDEX and TREESIZE decimal, ROOT the tree head's root, all
 * hexadecimal in upper case (so a QR code stores it in alphanumeric mode).
 *
 * @param out  receives a new string; free with ds_free(); unchanged on failure.
 * @param cert a certificate with log evidence (as the registry issues it);
 *             not a cancellation record or a pledge certificate.
 * @return DS_OK; DS_EINVAL for NULL, a document that is not a `<certificate>`
 *         (the field names its root element) or a certificate without log
 *         evidence (field "logEvidence"); DS_EINTERNAL when
 *         canonicalisation fails; DS_ENOMEM.
 * Thread-safety: reentrant; only reads @p cert.
 */
DS_EXTERN int ds_certificate_to_payload(char **out, const ds_certificate *cert);

/**
 * Parse a verification payload (the format of ds_certificate_to_payload();
 * hexadecimal in either case; one trailing newline is ignored). Only its form
 * is checked here, and the number's check character: ds_certificate_verify_payload()
 * checks it against a key and a certificate.
 *
 * @param out  receives the fields; unchanged on failure.
 * @param text the payload, @p len bytes (NUL not needed).
 * @param name labels errors (e.g. "QR code"), or NULL for "payload".
 * @return DS_OK; DS_EPARSE naming the field (ds_error_last()->field: "version",
 *         "number", "digestAlgorithm", "digest", "keyId", "index", "treeSize",
 *         "rootHash"; none for an extra field or a byte that is not printable
 *         ASCII) and its 1-based column, for a wrong prefix or version, a
 *         missing or extra field, a field of the wrong length or alphabet, a number whose check
 *         character is wrong, a decimal with a sign or leading zero or past
 *         2^63 − 1, or an index not below the tree size; DS_EUNSUPPORTED for a
 *         later format version ("DSC2:..."); DS_EINVAL for NULL @p out or @p text.
 * Thread-safety: reentrant.
 */
DS_EXTERN int ds_certificate_payload_parse(ds_certificate_payload *out, const char *text, size_t len, const char *name);

/* ------------------------------------------------------------ verification */

/**
 * The result of one named check, as ds_certificate_report_at() copies it. The strings are
 * borrowed from the report. This struct does not grow.
 */
typedef struct ds_certificate_check {
	const char *name;   /**< "structure", "number", "credit_code", "fingerprint", "dates",
				 "registry_key", "signature", "checkpoint", "inclusion", "consistency" */
	int passed;	    /**< 1 passed, 0 failed, -1 not checked (a check it depends on failed) */
	const char *detail; /**< what matched or what did not; never NULL */
} ds_certificate_check;

/** The named results of a verification. Opaque. */
typedef struct ds_certificate_report ds_certificate_report;

/** The number of checks in @p report (0 for NULL). */
DS_EXTERN size_t ds_certificate_report_count(const ds_certificate_report *report);

/**
 * The check at @p index, in the order the checks ran.
 * @param out    receives a copy of the check; its strings are borrowed: valid until the
 *               report is freed. Unchanged on failure.
 * @param report the report.
 * @param index  0-based, below ds_certificate_report_count().
 * @return DS_OK; DS_ERANGE for an index past the end (the message names the index and the
 *         count); DS_EINVAL for a NULL @p out or @p report.
 * Thread-safety: reentrant; only reads @p report.
 */
DS_EXTERN int ds_certificate_report_at(ds_certificate_check *out, const ds_certificate_report *report, size_t index);

/**
 * The report as text, one line per check ("ok   signature: ...",
 * "FAIL inclusion: ...", "skip ..."). @param out receives a new string; free with ds_free().
 */
DS_EXTERN int ds_certificate_report_to_text(char **out, const ds_certificate_report *report);

/** Free a report. @param report the report, or NULL (no-op). */
DS_EXTERN void ds_certificate_report_free(ds_certificate_report *report);

/**
 * A newer signed tree head and the consistency proof from the certificate's
 * checkpoint to it (the registry publishes both), to detect a rewritten history.
 */
typedef struct ds_certificate_newer_head {
	const char *checkpoint;		  /**< note text, NUL-terminated */
	const ds_hash *consistency_proof; /**< from the certificate's tree to the newer one */
	size_t proof_len;		  /**< hashes in @c consistency_proof */
} ds_certificate_newer_head;

/**
 * Verify a certificate document offline with the registry's public key:
 * structure (XSD), the number's and credit code's check characters, the
 * fingerprints' format and digest, date order, that the key is the one named,
 * the signature over the canonical form, the checkpoint's signature, the
 * inclusion of the certificate's log entry under the checkpoint's root and,
 * when @p newer is given, the newer checkpoint's signature and the consistency
 * of the two trees. Every check is recorded by name in the report.
 *
 * A cancellation record (注销, see ds_certificate_build_cancellation()) is
 * verified by the same call with the same checks except "fingerprint" (it has
 * none): "structure" names the certificate it cancels, "number" checks the
 * cancelled number (and the cancelling 注销登记's, when present), "dates"
 * that it is cancelled on or after its registration and the date in words.
 *
 * @param report receives the report (free with ds_certificate_report_free());
 *               set on DS_OK and on DS_EVERIFY.
 * @param xml    the document, @p len bytes.
 * @param key    the registry's public (or private) key.
 * @param newer  NULL, or a newer tree head with its consistency proof.
 * @return DS_OK when every check passed; DS_EVERIFY when any failed (ds_error_last()
 *         names the first); DS_EINVAL for NULL arguments; DS_ENOMEM.
 */
DS_EXTERN int ds_certificate_verify(ds_certificate_report **report, const char *xml, size_t len, const ds_key *key,
				    const ds_certificate_newer_head *newer);

/**
 * Verify a QR verification payload (ds_certificate_to_payload()) with the
 * registry's public key and, when given, against the certificate it was printed
 * from. Checks, each named in the report:
 * "payload" (its form: ds_certificate_payload_parse()), "payload_key_id" (the
 * key given is the one the payload names); with @p xml, every check of
 * ds_certificate_verify() on the certificate (without a newer head), then
 * "payload_number", "payload_digest" (the log's hash and the leaf hash of the
 * certificate's log entry), "payload_index", "payload_tree_size" and
 * "payload_root_hash" against the certificate's own. Without @p xml those five
 * are recorded as not checked (−1): a payload alone proves nothing about a
 * registration; the certificate does.
 *
 * @param report  receives the report (free with ds_certificate_report_free());
 *                set on DS_OK and on DS_EVERIFY.
 * @param payload the payload text, @p payload_len bytes.
 * @param key     the registry's public (or private) key.
 * @param xml     the certificate document, @p xml_len bytes, or NULL.
 * @return DS_OK when every check that ran passed; DS_EVERIFY when any failed
 *         (ds_error_last(): the message names the first failed check, and its
 *         field is the payload field concerned: "number", "digest", "keyId",
 *         "index", "treeSize", "rootHash", or the field the parser named);
 *         DS_EINVAL for NULL @p report, @p payload or @p key; DS_ENOMEM.
 * Thread-safety: reentrant.
 */
DS_EXTERN int ds_certificate_verify_payload(ds_certificate_report **report, const char *payload, size_t payload_len,
					    const ds_key *key, const char *xml, size_t xml_len);

#ifdef __cplusplus
}
#endif

#endif
