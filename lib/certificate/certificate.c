/*
 * 登记凭证: building, parsing, canonicalising, log evidence and signing of
 * urn:datasset:certificate:1 documents. Verification is in verify.c.
 * SPDX-License-Identifier: MIT
 */
#include "config.h"

#include <inttypes.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include <libxml/c14n.h>

#include "certificate_internal.h"
#include "internal/translog.h"

int ds__credit_code_check(const char *code)
{
	char expected = 0;
	int position = 0;

	switch (ds__uscc_validate(code, &position, &expected)) {
	case DS__USCC_VALID: return DS_OK;
	case DS__USCC_LENGTH:
		return ds__error_at(DS_EINVAL, 0, position, "registrant/creditCode",
				    "统一社会信用代码 (credit code) must have 18 characters, not %zu",
				    code ? strlen(code) : 0);
	case DS__USCC_CHARACTER:
		return ds__error_at(DS_EINVAL, 0, position, "registrant/creditCode",
				    "统一社会信用代码 (credit code) '%s': character %d is not in the code's alphabet",
				    code, position);
	case DS__USCC_REGION:
		return ds__error_at(
			DS_EINVAL, 0, position, "registrant/creditCode",
			"统一社会信用代码 (credit code) '%s': character %d: the region code (characters 3-8) "
			"must be digits",
			code, position);
	case DS__USCC_CHECK: break;
	}
	return ds__error_at(DS_EINVAL, 0, 18, "registrant/creditCode",
			    "统一社会信用代码 (credit code) '%s': check character is '%c', expected '%c'", code,
			    code[17], expected);
}

int ds_certificate_number_format(char **out, const char *region, int year, char kind, uint32_t sequence)
{
	char number[DS__CERTIFICATE_NUMBER_SIZE];
	int rc;

	if (!out || !region)
		return ds__error(DS_EINVAL, "ds_certificate_number_format: NULL argument");
	if ((rc = ds__certificate_number_format(number, region, year, kind, sequence, DS_EINVAL)) < 0)
		return rc;
	if (!(*out = ds__strdup(number)))
		return ds__enomem();
	return DS_OK;
}

int ds_certificate_number_check(const char *number)
{
	return ds__certificate_number_verify(number, DS_EPARSE, DS_EVERIFY);
}

int ds_certificate_fields_init(ds_certificate_fields *fields, unsigned int version)
{
	if (!fields || version < 1 || version > DS_CERTIFICATE_FIELDS_VERSION)
		return ds__error(DS_EINVAL, "ds_certificate_fields_init: NULL or unknown version %u", version);
	/* A version 1 struct ends before the fields version 2 appended. */
	memset(fields, 0, version == 1 ? offsetof(ds_certificate_fields, use_restrictions) : sizeof *fields);
	fields->version = version;
	return DS_OK;
}

void ds_certificate_free(ds_certificate *cert)
{
	if (!cert)
		return;
	xmlFreeDoc(cert->doc);
	ds__free(cert->number);
	ds__free(cert->key_id);
	ds__free(cert);
}

const char *ds_certificate_number(const ds_certificate *cert)
{
	return cert ? cert->number : NULL;
}

const char *ds_certificate_key_id(const ds_certificate *cert)
{
	return cert ? cert->key_id : NULL;
}

/* ---------------------------------------------------------------- building */

/* NFC of a field's value; invalid UTF-8 in a field is DS_EINVAL naming the field. */
int ds__certificate_normalise(char **out, const char *value, const char *field)
{
	char reason[256];
	int rc = ds__nfc(out, value, strlen(value));

	if (rc == DS_EPARSE) {
		snprintf(reason, sizeof reason, "%s", ds_error_last()->message);
		return ds__error_at(DS_EINVAL, 0, 0, field, "certificate: %s: %s", field, reason);
	}
	return rc;
}

/* Write <name>text</name> after checking the text is present and NFC-normalising it. */
void ds__certificate_text_element(ds__certificate_builder *b, const char *name, const char *value, const char *field)
{
	char *nfc = NULL;

	if (b->rc < 0)
		return;
	if (!value || !*value) {
		b->rc = ds__error_at(DS_EINVAL, 0, 0, field, "certificate: %s is required", field);
		return;
	}
	if ((b->rc = ds__certificate_normalise(&nfc, value, field)) < 0)
		return;
	ds__xmlw_element(&b->w, name, nfc);
	ds__free(nfc);
}

void ds__certificate_text_attr(ds__certificate_builder *b, const char *name, const char *value, const char *field)
{
	char *nfc = NULL;

	if (b->rc < 0)
		return;
	if (!value || !*value) {
		b->rc = ds__error_at(DS_EINVAL, 0, 0, field, "certificate: %s is required", field);
		return;
	}
	if ((b->rc = ds__certificate_normalise(&nfc, value, field)) < 0)
		return;
	ds__xmlw_attr(&b->w, name, nfc);
	ds__free(nfc);
}

int ds__certificate_check_date(ds__date *out, const char *text, const char *field)
{
	if (!text || ds__date_parse(out, text) < 0)
		return ds__error_at(DS_EINVAL, 0, 0, field, "certificate: %s '%s' is not a date YYYY-MM-DD", field,
				    text ? text : "(missing)");
	return DS_OK;
}

static int check_fingerprint(const char *value, ds_hash_alg alg, const char *field)
{
	const char *prefix = alg == DS_HASH_SM3 ? "sm3:" : "sha256:";
	size_t n = strlen(prefix), i;

	if (strncmp(value, prefix, n) != 0 || strlen(value) != n + 64)
		return ds__error_at(DS_EINVAL, 0, 0, field,
				    "certificate: %s must be '%s' and 64 lower-case hex digits (the key's profile)",
				    field, prefix);
	for (i = n; i < n + 64; i++)
		if (!((value[i] >= '0' && value[i] <= '9') || (value[i] >= 'a' && value[i] <= 'f')))
			return ds__error_at(DS_EINVAL, 0, (int)i + 1, field,
					    "certificate: %s: character %zu is not a lower-case hex digit", field,
					    i + 1);
	return DS_OK;
}

const char *ds__certificate_kind_name(char letter)
{
	switch (letter) {
	case 'R': return "resource";
	case 'P': return "product";
	case 'A': return "asset";
	default: return "ip";
	}
}

const char *const ds__certificate_right_names[] = { "holding", "processing", "operating" }; /* by ds_right */
const char *const ds__certificate_security_names[] = { "", "general", "important", "core" };

const char *ds__sig_alg_name(ds_sig_alg alg)
{
	return alg == DS_SIG_SM2_SM3 ? "sm2-sm3" : "ed25519";
}

int ds__certificate_check_fields(const ds_certificate_fields *f)
{
	ds__date application, start, end, registration, term_start, term_end;
	size_t i;
	int rc;

	if (f->version < 1 || f->version > DS_CERTIFICATE_FIELDS_VERSION)
		return ds__error(DS_EINVAL, "certificate fields: unknown version %u", f->version);
	if ((rc = ds__certificate_check_restrictions(f)) < 0)
		return rc;
	if (!f->number)
		return ds__error_at(DS_EINVAL, 0, 0, "number", "certificate: number is required");
	/* A bad number is a bad field here: DS_EINVAL, as for every other field. */
	if ((rc = ds__certificate_number_verify(f->number, DS_EINVAL, DS_EINVAL)) < 0)
		return rc;
	if (f->supersedes && (rc = ds__certificate_number_verify(f->supersedes, DS_EINVAL, DS_EINVAL)) < 0) {
		ds__error_prefix("supersedes: ");
		return rc;
	}
	if ((rc = ds__credit_code_check(f->registrant_credit_code)) < 0)
		return rc;
	if (!f->rights || f->right_count < 1 || f->right_count > 3)
		return ds__error_at(DS_EINVAL, 0, 0, "rights", "certificate: 1 to 3 rights, not %zu", f->right_count);
	for (i = 0; i < f->right_count; i++) {
		const ds_certificate_right *r = &f->rights[i];
		char field[64];
		snprintf(field, sizeof field, "rights/right[%zu]", i + 1);
		if ((int)r->right < (int)DS_RIGHT_HOLDING || (int)r->right > (int)DS_RIGHT_OPERATING)
			return ds__error_at(DS_EINVAL, 0, 0, field, "certificate: %s: unknown right %d", field,
					    (int)r->right);
		if ((rc = ds__certificate_check_date(&term_start, r->term_start, field)) < 0)
			return rc;
		if (r->term_end) {
			if ((rc = ds__certificate_check_date(&term_end, r->term_end, field)) < 0)
				return rc;
			if (ds__date_cmp(term_end, term_start) < 0)
				return ds__error_at(DS_EINVAL, 0, 0, field,
						    "certificate: %s: the term ends before it starts", field);
		}
	}
	if (f->security_class < DS_SECURITY_GENERAL || f->security_class > DS_SECURITY_CORE)
		return ds__error_at(DS_EINVAL, 0, 0, "object/security", "certificate: unknown security class %d",
				    (int)f->security_class);
	if (!f->registry_key)
		return ds__error_at(DS_EINVAL, 0, 0, "registry", "certificate: the registry key is required");
	if (!f->metadata_fingerprint)
		return ds__error_at(DS_EINVAL, 0, 0, "fingerprint/metadata",
				    "certificate: the metadata fingerprint is required");
	if ((rc = check_fingerprint(f->metadata_fingerprint, ds_key_hash_alg(f->registry_key),
				    "fingerprint/metadata")) < 0 ||
	    (f->data_fingerprint &&
	     (rc = check_fingerprint(f->data_fingerprint, ds_key_hash_alg(f->registry_key), "fingerprint/data")) < 0))
		return rc;
	if ((rc = ds__certificate_check_date(&application, f->application_date, "dates/application")) < 0 ||
	    (rc = ds__certificate_check_date(&start, f->publicity_start, "dates/publicityStart")) < 0 ||
	    (rc = ds__certificate_check_date(&end, f->publicity_end, "dates/publicityEnd")) < 0 ||
	    (rc = ds__certificate_check_date(&registration, f->registration_date, "dates/registration")) < 0)
		return rc;
	/* 申请 → 公示 → 登记: each step on or after the one before. */
	if (ds__date_cmp(start, application) < 0 || ds__date_cmp(end, start) < 0 || ds__date_cmp(registration, end) < 0)
		return ds__error_at(
			DS_EINVAL, 0, 0, "dates",
			"certificate: dates out of order (application %s, publicity %s to %s, registration %s)",
			f->application_date, f->publicity_start, f->publicity_end, f->registration_date);
	return DS_OK;
}

int ds__certificate_wrap(ds_certificate **out, xmlDocPtr doc)
{
	ds_certificate *cert;
	xmlNodePtr root = xmlDocGetRootElement(doc);
	char *number = NULL, *key_id = NULL;
	int rc;

	int cancellation = xmlStrEqual(root->name, BAD_CAST "cancellation");
	int pledge = xmlStrEqual(root->name, BAD_CAST "pledgeCertificate");

	/* A cancellation record's number is the number of the certificate it
	 * cancels; a pledge certificate's is its pledge number. */
	if ((rc = ds__xml_text_required(&number,
					ds__xml_child(root, cancellation ? "cancels" :
							    pledge	 ? "pledgeNo" :
									   "number"),
					NULL)) < 0 ||
	    (rc = ds__xml_text_required(&key_id, ds__xml_child(root, "registry"), "keyId")) < 0)
		goto done;
	if (!(cert = ds__calloc(1, sizeof *cert))) {
		rc = ds__enomem();
		goto done;
	}
	cert->doc = doc;
	cert->number = number;
	cert->key_id = key_id;
	cert->cancellation = cancellation;
	number = key_id = NULL;
	*out = cert;
done:
	ds__free(number);
	ds__free(key_id);
	return rc;
}

int ds_certificate_build(ds_certificate **out, const ds_certificate_fields *fields)
{
	xmlDocPtr doc = NULL;
	int rc;

	if (!out || !fields)
		return ds__error(DS_EINVAL, "ds_certificate_build: NULL argument");
	if ((rc = ds__certificate_check_fields(fields)) < 0 || (rc = ds__certificate_build_tree(&doc, fields)) < 0)
		goto done;
	/* What was built must be a valid certificate: the schema is checked on the way out too. */
	if ((rc = ds__xml_validate(doc, "certificate.xsd", "certificate")) < 0)
		goto done;
	if ((rc = ds__certificate_wrap(out, doc)) == DS_OK)
		doc = NULL;
done:
	xmlFreeDoc(doc);
	return rc;
}

int ds_certificate_parse(ds_certificate **out, const char *xml, size_t len)
{
	xmlDocPtr doc = NULL;
	int rc;

	if (!out || !xml)
		return ds__error(DS_EINVAL, "ds_certificate_parse: NULL argument");
	if ((rc = ds__xml_load_memory(&doc, xml, len, "certificate", "certificate.xsd")) < 0)
		return rc;
	if ((rc = ds__certificate_wrap(out, doc)) < 0)
		xmlFreeDoc(doc);
	return rc;
}

/* ---------------------------------------------------------------- canonical form */

int ds__certificate_canonical(unsigned char **out, size_t *len, xmlDocPtr doc, int without_evidence)
{
	xmlDocPtr copy = NULL;
	xmlNodePtr root, child, next;
	xmlChar *c14n = NULL;
	int n, rc = DS_OK, removes = 0;

	/* Copy the document only when there is something to leave out (issuing
	 * canonicalises twice before anything is attached or signed). */
	root = xmlDocGetRootElement(doc);
	for (child = root ? root->children : NULL; child; child = child->next)
		if (child->type == XML_ELEMENT_NODE &&
		    (xmlStrEqual(child->name, BAD_CAST "signature") ||
		     (without_evidence && xmlStrEqual(child->name, BAD_CAST "logEvidence"))))
			removes = 1;
	if (!removes) {
		if ((n = xmlC14NDocDumpMemory(doc, NULL, XML_C14N_EXCLUSIVE_1_0, NULL, 0, &c14n)) < 0)
			return ds__error(DS_EINTERNAL, "certificate: canonicalisation (exclusive C14N) failed");
		goto copy_out;
	}
	if (!(copy = xmlCopyDoc(doc, 1)))
		return ds__enomem();
	root = xmlDocGetRootElement(copy);
	for (child = root ? root->children : NULL; child; child = next) {
		next = child->next;
		if (child->type == XML_ELEMENT_NODE &&
		    (xmlStrEqual(child->name, BAD_CAST "signature") ||
		     (without_evidence && xmlStrEqual(child->name, BAD_CAST "logEvidence")))) {
			xmlUnlinkNode(child);
			xmlFreeNode(child);
		}
	}
	/* Exclusive XML Canonicalization 1.0, without comments. */
	if ((n = xmlC14NDocDumpMemory(copy, NULL, XML_C14N_EXCLUSIVE_1_0, NULL, 0, &c14n)) < 0) {
		rc = ds__error(DS_EINTERNAL, "certificate: canonicalisation (exclusive C14N) failed");
		goto done;
	}
copy_out:
	if (!(*out = ds__malloc((size_t)n ? (size_t)n : 1))) {
		rc = ds__enomem();
		goto done;
	}
	memcpy(*out, c14n, (size_t)n);
	*len = (size_t)n;
done:
	xmlFree(c14n);
	xmlFreeDoc(copy);
	return rc;
}

int ds_certificate_log_entry(unsigned char **out, size_t *len, const ds_certificate *cert)
{
	if (!out || !len || !cert)
		return ds__error(DS_EINVAL, "ds_certificate_log_entry: NULL argument");
	return ds__certificate_canonical(out, len, cert->doc, 1);
}

/* Remove the root's child element @name (only the element: the canonical form
 * is defined as the document without the element, so nothing else may change). */
static void remove_child(xmlNodePtr root, const char *name)
{
	xmlNodePtr node = ds__xml_child(root, name);

	if (node) {
		xmlUnlinkNode(node);
		xmlFreeNode(node);
	}
}

/* Append an element as the root's last child, with no whitespace around it:
 * removing it again restores the document byte for byte (see remove_child). */
static xmlNodePtr append_child(xmlNodePtr root, const char *name)
{
	return xmlNewChild(root, root->ns, BAD_CAST name, NULL);
}

/* Check log evidence before it is attached: a checkpoint that parses (*cp),
 * an index below its tree size, 32-byte proof hashes. */
static int check_evidence(ds_checkpoint **cp, uint64_t index, const char *checkpoint, const ds_hash *proof,
			  size_t proof_len)
{
	size_t i;
	int rc;

	if ((rc = ds__checkpoint_parse(cp, checkpoint, strlen(checkpoint), NULL, NULL)) < 0) {
		char reason[512];
		if (rc == DS_ENOMEM)
			return rc; /* not a fault of the evidence */
		snprintf(reason, sizeof reason, "%s", ds_error_last()->message);
		return ds__error_at(DS_EINVAL, 0, 0, "logEvidence/checkpoint", "log evidence: %s", reason);
	}
	if (index >= ds_checkpoint_size(*cp)) {
		rc = ds__error_at(DS_EINVAL, 0, 0, "logEvidence",
				  "log evidence: index %" PRIu64 " is not below the checkpoint's tree size %" PRIu64,
				  index, ds_checkpoint_size(*cp));
		goto fail;
	}
	for (i = 0; i < proof_len; i++)
		if (proof[i].size != 32) {
			rc = ds__error_at(DS_EINVAL, 0, 0, "logEvidence/inclusionProof",
					  "log evidence: proof hash %zu has %u bytes, not 32", i + 1, proof[i].size);
			goto fail;
		}
	return DS_OK;
fail:
	ds_checkpoint_free(*cp);
	*cp = NULL;
	return rc;
}

/* Append the <logEvidence> element (checked by check_evidence) to @root. */
static int add_evidence(xmlNodePtr root, uint64_t index, const ds_checkpoint *cp, const char *checkpoint,
			const ds_hash *proof, size_t proof_len)
{
	xmlNodePtr evidence, list;
	char number[32], *hex = NULL;
	ds_hash root_hash;
	size_t i;
	int rc = DS_OK;

	ds_checkpoint_root(&root_hash, cp);
	if (!(evidence = append_child(root, "logEvidence")))
		return ds__enomem();
	snprintf(number, sizeof number, "%" PRIu64, index);
	xmlNewProp(evidence, BAD_CAST "index", BAD_CAST number);
	snprintf(number, sizeof number, "%" PRIu64, ds_checkpoint_size(cp));
	xmlNewProp(evidence, BAD_CAST "treeSize", BAD_CAST number);
	if ((rc = ds_hash_to_hex(&hex, &root_hash)) < 0)
		return rc;
	xmlNewProp(evidence, BAD_CAST "rootHash", BAD_CAST hex);
	ds__free(hex);
	hex = NULL;
	xmlAddChild(evidence, xmlNewText(BAD_CAST "\n    "));
	xmlNewTextChild(evidence, root->ns, BAD_CAST "checkpoint", BAD_CAST checkpoint);
	xmlAddChild(evidence, xmlNewText(BAD_CAST "\n    "));
	list = xmlNewChild(evidence, root->ns, BAD_CAST "inclusionProof", NULL);
	for (i = 0; list && i < proof_len; i++) {
		if ((rc = ds_hash_to_hex(&hex, &proof[i])) < 0)
			return rc;
		xmlAddChild(list, xmlNewText(BAD_CAST "\n      "));
		xmlNewChild(list, root->ns, BAD_CAST "hash", BAD_CAST hex);
		ds__free(hex);
		hex = NULL;
	}
	if (list && proof_len)
		xmlAddChild(list, xmlNewText(BAD_CAST "\n    "));
	xmlAddChild(evidence, xmlNewText(BAD_CAST "\n  "));
	return list ? DS_OK : ds__enomem();
}

int ds_certificate_set_log_evidence(ds_certificate *cert, uint64_t index, const char *checkpoint, const ds_hash *proof,
				    size_t proof_len)
{
	ds_checkpoint *cp = NULL;
	xmlNodePtr root;
	int rc;

	if (!cert || !checkpoint || (!proof && proof_len))
		return ds__error(DS_EINVAL, "ds_certificate_set_log_evidence: NULL argument");
	if ((rc = check_evidence(&cp, index, checkpoint, proof, proof_len)) < 0)
		return rc;
	root = xmlDocGetRootElement(cert->doc);
	remove_child(root, "signature");
	remove_child(root, "logEvidence");
	rc = add_evidence(root, index, cp, checkpoint, proof, proof_len);
	ds_checkpoint_free(cp);
	return rc;
}

/* Append the <signature> element: @sig in base64, the algorithm of @key. */
static int add_signature(xmlNodePtr root, const ds_key *key, const unsigned char *sig, size_t sig_len)
{
	xmlNodePtr signature;
	char *b64;

	if (!(b64 = ds__malloc(ds__base64_len(sig_len) + 1)))
		return ds__enomem();
	ds__base64_encode(b64, sig, sig_len);
	if (!(signature = append_child(root, "signature"))) {
		ds__free(b64);
		return ds__enomem();
	}
	xmlNewProp(signature, BAD_CAST "algorithm", BAD_CAST ds__sig_alg_name(ds_key_alg(key)));
	xmlNodeAddContent(signature, BAD_CAST b64);
	ds__free(b64);
	return DS_OK;
}

int ds_certificate_sign(ds_certificate *cert, const ds_key *key)
{
	xmlNodePtr root, registry;
	unsigned char *canonical = NULL, *sig = NULL;
	size_t canonical_len = 0, sig_len = 0;
	char *key_id = NULL, *named = NULL;
	int rc;

	if (!cert || !key)
		return ds__error(DS_EINVAL, "ds_certificate_sign: NULL argument");
	if (!ds_key_is_private(key))
		return ds__error(DS_EINVAL, "signing a certificate needs the registry's private key");
	root = xmlDocGetRootElement(cert->doc);
	registry = ds__xml_child(root, "registry");
	if ((rc = ds_key_id(&key_id, key)) < 0 || (rc = ds__xml_text_required(&named, registry, "keyId")) < 0)
		goto done;
	if (strcmp(key_id, named) != 0) {
		rc = ds__error_at(DS_EINVAL, 0, 0, "registry/@keyId",
				  "certificate names registry key %.16s…, but the signing key is %.16s…", named,
				  key_id);
		goto done;
	}
	remove_child(root, "signature");
	if ((rc = ds__certificate_canonical(&canonical, &canonical_len, cert->doc, 0)) < 0 ||
	    (rc = ds_key_sign(&sig, &sig_len, key, canonical, canonical_len)) < 0)
		goto done;
	rc = add_signature(root, key, sig, sig_len);
done:
	ds__free(canonical);
	ds__free(sig);
	ds__free(key_id);
	ds__free(named);
	return rc;
}

/* ---------------------------------------------------------------- sealing a logged entry */

/* The exclusive C14N of the <logEvidence> element add_evidence() appends to
 * the root (no whitespace around it; its attributes in name order; the
 * checkpoint as text), written directly: in any document whose root has the
 * certificate namespace as default, a child of the root renders so. */
static void put_evidence(ds__buf *b, uint64_t index, const ds_checkpoint *cp, const char *checkpoint,
			 const ds_hash *proof, size_t proof_len)
{
	char hex[2 * DS_HASH_MAX + 1];
	ds_hash root_hash;
	size_t i;

	ds_checkpoint_root(&root_hash, cp);
	ds__hex_encode(hex, root_hash.bytes, root_hash.size);
	ds__buf_printf(b, "<logEvidence index=\"%" PRIu64 "\" rootHash=\"%s\" treeSize=\"%" PRIu64 "\">", index, hex,
		       ds_checkpoint_size(cp));
	ds__buf_puts(b, "\n    <checkpoint>");
	ds__certificate_c14n_escape(b, checkpoint, 0);
	ds__buf_puts(b, "</checkpoint>\n    <inclusionProof>");
	for (i = 0; i < proof_len; i++) {
		ds__hex_encode(hex, proof[i].bytes, proof[i].size);
		ds__buf_printf(b, "\n      <hash>%s</hash>", hex);
	}
	if (proof_len)
		ds__buf_puts(b, "\n    ");
	ds__buf_puts(b, "</inclusionProof>\n  </logEvidence>");
}

int ds__certificate_seal(char **xml, const char *entry, size_t entry_len, uint64_t index, const char *checkpoint,
			 const ds_hash *proof, size_t proof_len, const ds_key *key)
{
	ds__buf signed_bytes = DS__BUF_INIT, doc = DS__BUF_INIT;
	ds_checkpoint *cp = NULL;
	unsigned char *sig = NULL;
	size_t sig_len = 0, name_len = 0, body_len;
	char name[24], close[32], *b64 = NULL;
	int rc;

	if ((rc = check_evidence(&cp, index, checkpoint, proof, proof_len)) < 0)
		return rc;
	/* The entry is "<NAME xmlns=...>...</NAME>" for NAME certificate or cancellation. */
	while (1 + name_len < entry_len && name_len < sizeof name && entry[1 + name_len] != ' ' &&
	       entry[1 + name_len] != '>')
		name_len++;
	if (entry_len < 2 || entry[0] != '<' || name_len >= sizeof name) {
		rc = ds__error(DS_EINTERNAL, "certificate: a log entry that is not a certificate document");
		goto done;
	}
	memcpy(name, entry + 1, name_len);
	name[name_len] = '\0';
	snprintf(close, sizeof close, "</%s>", name);
	if ((strcmp(name, "certificate") != 0 && strcmp(name, "cancellation") != 0 &&
	     strcmp(name, "pledgeCertificate") != 0) ||
	    entry_len < strlen(close) || memcmp(entry + entry_len - strlen(close), close, strlen(close)) != 0) {
		rc = ds__error(DS_EINTERNAL, "certificate: a log entry that is not a certificate document");
		goto done;
	}
	body_len = entry_len - strlen(close);
	/* The signed bytes: the entry with the evidence before its end tag. */
	ds__buf_put(&signed_bytes, entry, body_len);
	put_evidence(&signed_bytes, index, cp, checkpoint, proof, proof_len);
	ds__buf_puts(&signed_bytes, close);
	if (signed_bytes.oom) {
		rc = ds__enomem();
		goto done;
	}
	if ((rc = ds_key_sign(&sig, &sig_len, key, signed_bytes.data, signed_bytes.len)) < 0)
		goto done;
	if (!(b64 = ds__malloc(ds__base64_len(sig_len) + 1))) {
		rc = ds__enomem();
		goto done;
	}
	ds__base64_encode(b64, sig, sig_len);
	/* The document: the signed bytes with the signature (add_signature's
	 * element, canonical: base64 needs no escaping) before the end tag, as
	 * xmlDocDump starts and ends one. */
	ds__buf_puts(&doc, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
	ds__buf_put(&doc, signed_bytes.data, signed_bytes.len - strlen(close));
	ds__buf_printf(&doc, "<signature algorithm=\"%s\">%s</signature>", ds__sig_alg_name(ds_key_alg(key)), b64);
	ds__buf_puts(&doc, close);
	ds__buf_puts(&doc, "\n");
	if (ds__buf_detach(xml, &doc) < 0)
		rc = ds__enomem();
done:
	ds__buf_dispose(&signed_bytes);
	ds__buf_dispose(&doc);
	ds_checkpoint_free(cp);
	ds__free(sig);
	ds__free(b64);
	return rc;
}

int ds_certificate_issue(uint64_t *index, ds_certificate *cert, ds_translog *log, const char *log_name,
			 int64_t timestamp, const ds_key *key)
{
	unsigned char *entry = NULL;
	size_t entry_len = 0, proof_len = 0;
	ds_hash root, *proof = NULL;
	char *checkpoint = NULL;
	uint64_t at = 0, size;
	int rc;

	if (!cert || !log || !log_name || !key)
		return ds__error(DS_EINVAL, "ds_certificate_issue: NULL argument");
	if (ds_translog_hash_alg(log) != ds_key_hash_alg(key))
		return ds__error(DS_EINVAL, "the log's digest does not match the key's profile");
	if ((rc = ds_certificate_log_entry(&entry, &entry_len, cert)) < 0 ||
	    (rc = ds_translog_append(&at, log, entry, entry_len)) < 0)
		goto done;
	size = ds_translog_size(log);
	if ((rc = ds_translog_root(&root, log, size)) < 0 ||
	    (rc = ds_checkpoint_sign(&checkpoint, log_name, size, &root, timestamp, log_name, key)) < 0 ||
	    (rc = ds_translog_inclusion_proof(&proof, &proof_len, log, at, size)) < 0 ||
	    (rc = ds_certificate_set_log_evidence(cert, at, checkpoint, proof, proof_len)) < 0 ||
	    (rc = ds_certificate_sign(cert, key)) < 0)
		goto done;
	if (index)
		*index = at;
done:
	ds__free(entry);
	ds__free(proof);
	ds__free(checkpoint);
	return rc;
}

int ds_certificate_to_xml(char **out, const ds_certificate *cert)
{
	xmlChar *mem = NULL;
	int size = 0;

	if (!out || !cert)
		return ds__error(DS_EINVAL, "ds_certificate_to_xml: NULL argument");
	xmlDocDumpMemoryEnc(cert->doc, &mem, &size, "UTF-8");
	if (!mem)
		return ds__enomem();
	*out = ds__strndup((const char *)mem, (size_t)size);
	xmlFree(mem);
	return *out ? DS_OK : ds__enomem();
}
