/*
 * The certificate module's private declarations.
 * SPDX-License-Identifier: MIT
 */
#ifndef DS_CERTIFICATE_INTERNAL_H
#define DS_CERTIFICATE_INTERNAL_H

#include <libxml/tree.h>

#include "datasset/certificate.h"
#include "datasset/decimal.h" /* ds_date_to_words: the registration date in 大写 */
#include "internal/codes.h"
#include "internal/crypto.h"
#include "internal/xml.h"

#define DS__CERTIFICATE_NS "urn:datasset:certificate:1"

struct ds_certificate {
	xmlDocPtr doc;
	char *number;
	char *key_id;
	int cancellation; /* the document is a <cancellation> record (注销), not a <certificate> */
};

/* Writing a document: the first error is kept in @rc and later calls do nothing. */
typedef struct ds__certificate_builder {
	ds__xml_writer w;
	int rc;
} ds__certificate_builder;

/* Write <name>text</name> / name="text" after checking the text is present and
 * NFC-normalising it; errors (DS_EINVAL) name @field. */
void ds__certificate_text_element(ds__certificate_builder *b, const char *name, const char *value, const char *field);
void ds__certificate_text_attr(ds__certificate_builder *b, const char *name, const char *value, const char *field);
/* NFC of a field's value; invalid UTF-8 is DS_EINVAL naming @field. */
int ds__certificate_normalise(char **out, const char *value, const char *field);
/* Attribute values by ds_right and by ds_security_class. */
extern const char *const ds__certificate_right_names[];
extern const char *const ds__certificate_security_names[];
/* The unsigned certificate document of fields already checked (tree.c); the
 * caller validates it. DS_EINVAL naming the field for text that is missing,
 * not UTF-8 or holds characters XML does not allow; DS_ENOMEM. */
int ds__certificate_build_tree(xmlDocPtr *out, const ds_certificate_fields *f);
/* The checks ds_certificate_build() makes of @f before writing anything
 * (certificate.c): version, number, credit code, rights, dates, fingerprints. */
int ds__certificate_check_fields(const ds_certificate_fields *f);
/* Text only of characters XML 1.0 allows (tree.c); DS_EINVAL naming @field. */
int ds__certificate_xml_chars(const char *value, const char *field);
/* The log entry of the certificate ds_certificate_build() would make of @f
 * (canonical.c): the same bytes as ds_certificate_log_entry() of it, written
 * directly, with the same checks and errors, and validated against
 * certificate.xsd. *out receives @len bytes, NUL-terminated (ds__free). */
int ds__certificate_write_entry(char **out, size_t *len, const ds_certificate_fields *f);
/* Append @s as exclusive C14N writes text (@attr 0: &, <, >, CR escaped) or an
 * attribute value (@attr 1: &, <, ", TAB, LF, CR escaped) (canonical.c). */
void ds__certificate_c14n_escape(ds__buf *b, const char *s, int attr);
/* Check the use restrictions of version 2 fields (tree.c): count, codes, wording. */
int ds__certificate_check_restrictions(const ds_certificate_fields *f);
/* Parse a date "YYYY-MM-DD"; DS_EINVAL naming @field. */
int ds__certificate_check_date(ds__date *out, const char *text, const char *field);
/* "resource", "product", "asset", "ip" for a number's kind letter. */
const char *ds__certificate_kind_name(char letter);
/* Wrap a parsed, valid document (certificate or cancellation) into a handle;
 * takes @doc only on success. */
int ds__certificate_wrap(ds_certificate **out, xmlDocPtr doc);

/* A 统一社会信用代码 exactly as written (ds__uscc_validate(), lib/core/codes.c):
 * DS_OK or DS_EINVAL with the failing position as column, field "registrant/creditCode". */
int ds__credit_code_check(const char *code);
/* Exclusive C14N 1.0 of @doc without its <signature> (and <logEvidence> when asked). */
int ds__certificate_canonical(unsigned char **out, size_t *len, xmlDocPtr doc, int without_evidence);
/*
 * Seal a logged document: @entry is the log entry of a built certificate or
 * cancellation record (ds_certificate_log_entry(): its exclusive canonical
 * form, without evidence and signature, @entry_len bytes). Returns in *xml the
 * signed document with log evidence (@index, @checkpoint, @proof) — the same
 * document, byte for byte in canonical form, as ds_certificate_set_log_evidence()
 * + ds_certificate_sign() + ds_certificate_to_xml() would give, without the
 * document tree: the evidence and signature elements are written in the
 * canonical form libxml2 gives them as children of the root (exclusive C14N
 * renders a child of the root the same way in any document whose root has
 * the same name and namespace) and placed before the entry's end tag. The document is the canonical form after an XML
 * declaration. @key must be the key the document names (not checked here).
 * DS_EINVAL for bad evidence (as ds_certificate_set_log_evidence());
 * DS_EINTERNAL for an entry that is not such a document; DS_ENOMEM.
 */
int ds__certificate_seal(char **xml, const char *entry, size_t entry_len, uint64_t index, const char *checkpoint,
			 const ds_hash *proof, size_t proof_len, const ds_key *key);
/* Reports (verify.c), for ds_certificate_verify_payload() (payload.c): a new
 * empty report; a check recorded by name (1 passed, 0 failed, -1 not checked);
 * whether any check failed, the first one copied into *first. */
int ds__certificate_report_new(ds_certificate_report **out);
void ds__certificate_report_record(ds_certificate_report *r, const char *name, int passed, const char *fmt, ...)
	DS__PRINTF(4, 5);
int ds__certificate_report_failed(ds_certificate_check *first, const ds_certificate_report *r);
/* The right's name in full (数据资源持有权, 数据加工使用权, 数据产品经营权) for its
 * attribute value (holding, processing, operating); "" for another. */
const char *ds__certificate_right_label(const char *type);
/* "ed25519" or "sm2-sm3". */
const char *ds__sig_alg_name(ds_sig_alg alg);

#endif
