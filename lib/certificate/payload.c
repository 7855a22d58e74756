/*
 * The QR verification payload of a printed 登记凭证: its compact text
 * (format DSC1, docs/certificate.md "The QR verification payload"), its parser
 * and its verification against the registry's key and the certificate.
 * SPDX-License-Identifier: MIT
 */
#include "config.h"

#include <ctype.h>
#include <inttypes.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "certificate_internal.h"

#define PAYLOAD_MAGIC "DSC"
#define PAYLOAD_FIELDS 8 /* DSC1, number, alg, digest, key id, index, tree size, root */
#define PAYLOAD_MAX 512	 /* far above the 246 characters of a version 1 payload */

/* The payload's field names, as the parser reports them (ds_error_last()->field). */
static const char *const field_names[PAYLOAD_FIELDS] = { "version", "number", "digestAlgorithm", "digest",
							 "keyId",   "index",  "treeSize",	 "rootHash" };

/* Upper-case copy of the lower-case hex text @hex (64 digits). */
static void upper(char *out, const char *hex)
{
	size_t i;

	for (i = 0; hex[i]; i++)
		out[i] = (char)toupper((unsigned char)hex[i]);
	out[i] = '\0';
}

int ds_certificate_to_payload(char **out, const ds_certificate *cert)
{
	xmlNodePtr root, evidence, registry;
	char *index = NULL, *size = NULL, *root_hash = NULL, *key_id = NULL, *digest_name = NULL, *leaf_hex = NULL;
	char root_up[65], key_up[65], leaf_up[65];
	unsigned char *entry = NULL;
	size_t entry_len = 0;
	ds_hash leaf;
	ds_hash_alg alg;
	ds__buf b = DS__BUF_INIT;
	int rc;

	if (!out || !cert)
		return ds__error(DS_EINVAL, "ds_certificate_to_payload: NULL argument");
	root = xmlDocGetRootElement(cert->doc);
	if (cert->cancellation || !xmlStrEqual(root->name, BAD_CAST "certificate"))
		return ds__error_at(DS_EINVAL, 0, 0, (const char *)root->name,
				    "a %s document has no verification payload: only a certificate (登记凭证) does",
				    (const char *)root->name);
	evidence = ds__xml_child(root, "logEvidence");
	registry = ds__xml_child(root, "registry");
	if (!evidence)
		return ds__error_at(DS_EINVAL, 0, 0, "logEvidence",
				    "certificate %s has no log evidence: only a logged certificate has a payload",
				    cert->number);
	if ((rc = ds__xml_text_required(&index, evidence, "index")) < 0 ||
	    (rc = ds__xml_text_required(&size, evidence, "treeSize")) < 0 ||
	    (rc = ds__xml_text_required(&root_hash, evidence, "rootHash")) < 0 ||
	    (rc = ds__xml_text_required(&key_id, registry, "keyId")) < 0 ||
	    (rc = ds__xml_text_required(&digest_name, registry, "digest")) < 0)
		goto done;
	alg = strcmp(digest_name, "sm3") == 0 ? DS_HASH_SM3 : DS_HASH_SHA256;
	if ((rc = ds__certificate_canonical(&entry, &entry_len, cert->doc, 1)) < 0 ||
	    (rc = ds_merkle_leaf_hash(&leaf, alg, entry, entry_len)) < 0 || (rc = ds_hash_to_hex(&leaf_hex, &leaf)) < 0)
		goto done;
	if (strlen(root_hash) != 64 || strlen(key_id) != 64 || strlen(leaf_hex) != 64) {
		rc = ds__error(DS_EINTERNAL, "certificate %s: a digest of unexpected length", cert->number);
		goto done;
	}
	upper(root_up, root_hash);
	upper(key_up, key_id);
	upper(leaf_up, leaf_hex);
	ds__buf_printf(&b, PAYLOAD_MAGIC "%d:%s:%s:%s:%s:%s:%s:%s", DS_CERTIFICATE_PAYLOAD_VERSION, cert->number,
		       alg == DS_HASH_SM3 ? "SM3" : "SHA256", leaf_up, key_up, index, size, root_up);
	rc = ds__buf_detach(out, &b);
done:
	ds__buf_dispose(&b);
	ds__free(index);
	ds__free(size);
	ds__free(root_hash);
	ds__free(key_id);
	ds__free(digest_name);
	ds__free(leaf_hex);
	ds__free(entry);
	return rc;
}

/* A decimal field: digits only, no leading zero, at most 2^63 − 1. */
static int parse_u63(uint64_t *out, const char *text, size_t len, const char *label, int field, size_t column)
{
	uint64_t value = 0;
	size_t i;

	if (len == 0)
		return ds__error_at(DS_EPARSE, 1, (int)column, field_names[field], "%s: %s is empty", label,
				    field_names[field]);
	if (len > 1 && text[0] == '0')
		return ds__error_at(DS_EPARSE, 1, (int)column, field_names[field], "%s: %s '%.*s' has a leading zero",
				    label, field_names[field], (int)len, text);
	for (i = 0; i < len; i++) {
		if (text[i] < '0' || text[i] > '9')
			return ds__error_at(DS_EPARSE, 1, (int)(column + i), field_names[field],
					    "%s: %s '%.*s' is not a decimal number (character %zu)", label,
					    field_names[field], (int)len, text, i + 1);
		if (value > ((uint64_t)INT64_MAX - (uint64_t)(text[i] - '0')) / 10)
			return ds__error_at(DS_EPARSE, 1, (int)column, field_names[field],
					    "%s: %s '%.*s' is past 2^63 - 1", label, field_names[field], (int)len,
					    text);
		value = value * 10 + (uint64_t)(text[i] - '0');
	}
	*out = value;
	return DS_OK;
}

/* A 64-digit hexadecimal field into @out (lower case, NUL-terminated). */
static int parse_hex64(char *out, const char *text, size_t len, const char *label, int field, size_t column)
{
	size_t i;

	for (i = 0; i < len && i < 64; i++) {
		if (!isxdigit((unsigned char)text[i]))
			return ds__error_at(DS_EPARSE, 1, (int)(column + i), field_names[field],
					    "%s: %s has '%c' at its character %zu: 64 hexadecimal digits expected",
					    label, field_names[field], isprint((unsigned char)text[i]) ? text[i] : '?',
					    i + 1);
		out[i] = (char)tolower((unsigned char)text[i]);
	}
	if (len != 64)
		return ds__error_at(DS_EPARSE, 1, (int)column, field_names[field],
				    "%s: %s has %zu characters: 64 hexadecimal digits expected", label,
				    field_names[field], len);
	out[64] = '\0';
	return DS_OK;
}

int ds_certificate_payload_parse(ds_certificate_payload *out, const char *text, size_t len, const char *name)
{
	ds_certificate_payload p;
	const char *start[PAYLOAD_FIELDS];
	size_t length[PAYLOAD_FIELDS], column[PAYLOAD_FIELDS], i, count = 0, at;
	const char *label = name ? name : "payload";
	int rc;

	if (!out || !text)
		return ds__error(DS_EINVAL, "ds_certificate_payload_parse: NULL argument");
	memset(&p, 0, sizeof p);
	if (len > 0 && text[len - 1] == '\n')
		len--;
	if (len > 0 && text[len - 1] == '\r')
		len--;
	if (len == 0)
		return ds__error_at(DS_EPARSE, 1, 1, "version", "%s is empty: a payload starts with 'DSC1:'", label);
	if (len > PAYLOAD_MAX)
		return ds__error_at(DS_EPARSE, 1, PAYLOAD_MAX + 1, "version",
				    "%s is %zu bytes long: a payload has at most %d", label, len, PAYLOAD_MAX);
	for (i = 0; i < len; i++)
		if (text[i] == '\0' || (unsigned char)text[i] < 0x20 || (unsigned char)text[i] >= 0x7f)
			return ds__error_at(DS_EPARSE, 1, (int)i + 1, NULL,
					    "%s: byte 0x%02x at column %zu: a payload is printable ASCII", label,
					    (unsigned char)text[i], i + 1);
	/* Split on ':' into exactly PAYLOAD_FIELDS fields. */
	for (at = 0;;) {
		const char *colon = memchr(text + at, ':', len - at);
		size_t end = colon ? (size_t)(colon - text) : len;
		if (count == PAYLOAD_FIELDS)
			return ds__error_at(DS_EPARSE, 1, (int)at, NULL,
					    "%s has more than %d fields (an extra ':' at column %zu)", label,
					    PAYLOAD_FIELDS, at);
		start[count] = text + at;
		length[count] = end - at;
		column[count] = at + 1;
		count++;
		if (!colon)
			break;
		at = end + 1;
	}
	/* The version first: a later version may have other fields. */
	if (length[0] < 4 || memcmp(start[0], PAYLOAD_MAGIC, 3) != 0)
		return ds__error_at(DS_EPARSE, 1, 1, "version",
				    "%s does not start with 'DSC1:' (a datasset certificate payload)", label);
	if ((rc = parse_u63(&p.tree_size, start[0] + 3, length[0] - 3, label, 0, 4)) < 0)
		return rc;
	if (p.tree_size != DS_CERTIFICATE_PAYLOAD_VERSION)
		return ds__error_at(DS_EUNSUPPORTED, 1, 4, "version",
				    "%s is of format version %" PRIu64 "; this library reads version %d", label,
				    p.tree_size, DS_CERTIFICATE_PAYLOAD_VERSION);
	p.version = DS_CERTIFICATE_PAYLOAD_VERSION;
	if (count < PAYLOAD_FIELDS)
		return ds__error_at(DS_EPARSE, 1, (int)len + 1, field_names[count],
				    "%s has %zu fields, %d expected: %s is missing", label, count, PAYLOAD_FIELDS,
				    field_names[count]);
	/* number */
	if (length[1] >= sizeof p.number)
		return ds__error_at(DS_EPARSE, 1, (int)column[1], "number",
				    "%s: number has %zu characters: a certificate number has 24", label, length[1]);
	memcpy(p.number, start[1], length[1]);
	p.number[length[1]] = '\0';
	if ((rc = ds_certificate_number_check(p.number)) < 0) {
		const ds_error *e = ds_error_last();
		int col = (int)column[1] + (e->column > 0 ? e->column - 1 : 0);
		char message[256];
		snprintf(message, sizeof message, "%s", e->message);
		return ds__error_at(DS_EPARSE, 1, col, "number", "%s: number '%s': %s", label, p.number, message);
	}
	/* digest algorithm and digest */
	if (length[2] == 6 && strncasecmp(start[2], "SHA256", 6) == 0)
		p.digest_alg = DS_HASH_SHA256;
	else if (length[2] == 3 && strncasecmp(start[2], "SM3", 3) == 0)
		p.digest_alg = DS_HASH_SM3;
	else
		return ds__error_at(DS_EPARSE, 1, (int)column[2], "digestAlgorithm",
				    "%s: digest algorithm '%.*s' is not SHA256 or SM3", label, (int)length[2],
				    start[2]);
	if ((rc = parse_hex64(p.digest, start[3], length[3], label, 3, column[3])) < 0 ||
	    (rc = parse_hex64(p.key_id, start[4], length[4], label, 4, column[4])) < 0 ||
	    (rc = parse_u63(&p.index, start[5], length[5], label, 5, column[5])) < 0 ||
	    (rc = parse_u63(&p.tree_size, start[6], length[6], label, 6, column[6])) < 0 ||
	    (rc = parse_hex64(p.root_hash, start[7], length[7], label, 7, column[7])) < 0)
		return rc;
	if (p.index >= p.tree_size)
		return ds__error_at(DS_EPARSE, 1, (int)column[5], "index",
				    "%s: index %" PRIu64 " is not below the tree size %" PRIu64, label, p.index,
				    p.tree_size);
	*out = p;
	return DS_OK;
}

/* ------------------------------------------------------------ verification */

/* Record @name as passed when @expected equals @actual (text), naming the field. */
static void compare(ds_certificate_report *r, const char *name, const char *field, const char *payload_value,
		    const char *cert_value)
{
	if (cert_value && strcmp(payload_value, cert_value) == 0)
		ds__certificate_report_record(r, name, 1, "the payload's %s is the certificate's (%s)", field,
					      payload_value);
	else
		ds__certificate_report_record(r, name, 0,
					      "the payload's %s '%s' is not the certificate's '%s': the payload "
					      "was changed or belongs to another certificate",
					      field, payload_value, cert_value ? cert_value : "(none)");
}

/* The checks against the certificate: the five payload fields and the digest. */
static void check_against(ds_certificate_report *r, const ds_certificate_payload *p, const char *xml, size_t xml_len,
			  const ds_key *key)
{
	ds_certificate *cert = NULL;
	xmlNodePtr evidence;
	char *index = NULL, *size = NULL, *root_hash = NULL, *leaf_hex = NULL;
	unsigned char *entry = NULL;
	size_t entry_len = 0;
	ds_hash leaf;
	ds_hash_alg alg = ds_key_hash_alg(key);

	if (ds_certificate_parse(&cert, xml, xml_len) < 0) {
		ds__certificate_report_record(r, "payload_number", -1, "not checked: the certificate does not parse");
		ds__certificate_report_record(r, "payload_digest", -1, "not checked: the certificate does not parse");
		ds__certificate_report_record(r, "payload_index", -1, "not checked: the certificate does not parse");
		ds__certificate_report_record(r, "payload_tree_size", -1,
					      "not checked: the certificate does not parse");
		ds__certificate_report_record(r, "payload_root_hash", -1,
					      "not checked: the certificate does not parse");
		return;
	}
	compare(r, "payload_number", "number", p->number, cert->number);
	if (p->digest_alg != alg)
		ds__certificate_report_record(
			r, "payload_digest", 0, "the payload's digest algorithm %s is not the registry key's %s",
			p->digest_alg == DS_HASH_SM3 ? "SM3" : "SHA256", alg == DS_HASH_SM3 ? "SM3" : "SHA256");
	else if (ds__certificate_canonical(&entry, &entry_len, cert->doc, 1) < 0 ||
		 ds_merkle_leaf_hash(&leaf, alg, entry, entry_len) < 0 || ds_hash_to_hex(&leaf_hex, &leaf) < 0)
		ds__certificate_report_record(r, "payload_digest", 0, "%s", ds_error_last()->message);
	else
		compare(r, "payload_digest", "digest (leaf hash of the log entry)", p->digest, leaf_hex);
	evidence = ds__xml_child(xmlDocGetRootElement(cert->doc), "logEvidence");
	ds__xml_text(&index, evidence, "index");
	ds__xml_text(&size, evidence, "treeSize");
	ds__xml_text(&root_hash, evidence, "rootHash");
	{
		char number[24];
		snprintf(number, sizeof number, "%" PRIu64, p->index);
		compare(r, "payload_index", "log index", number, index);
		snprintf(number, sizeof number, "%" PRIu64, p->tree_size);
		compare(r, "payload_tree_size", "tree size", number, size);
	}
	if (root_hash) {
		char *c;
		for (c = root_hash; *c; c++)
			*c = (char)tolower((unsigned char)*c);
	}
	compare(r, "payload_root_hash", "root hash", p->root_hash, root_hash);
	ds__free(index);
	ds__free(size);
	ds__free(root_hash);
	ds__free(leaf_hex);
	ds__free(entry);
	ds_certificate_free(cert);
}

/* The payload field a check concerns, for ds_error_last()->field. */
static const char *field_of(const char *check)
{
	static const char *const map[][2] = {
		{ "payload_number", "number" }, { "payload_digest", "digest" },	     { "payload_key_id", "keyId" },
		{ "payload_index", "index" },	{ "payload_tree_size", "treeSize" }, { "payload_root_hash", "rootHash" }
	};
	size_t i;

	for (i = 0; i < sizeof map / sizeof map[0]; i++)
		if (strcmp(check, map[i][0]) == 0)
			return map[i][1];
	return NULL;
}

int ds_certificate_verify_payload(ds_certificate_report **report, const char *payload, size_t payload_len,
				  const ds_key *key, const char *xml, size_t xml_len)
{
	static const char *const against[] = { "payload_number", "payload_digest", "payload_index", "payload_tree_size",
					       "payload_root_hash" };
	ds_certificate_report *r = NULL, *inner = NULL;
	ds_certificate_payload p;
	ds_certificate_check check;
	char *key_id = NULL, *parse_message = NULL, *parse_field = NULL;
	int parse_column = 0, rc = DS_OK;
	size_t i;
	unsigned long failures = ds__alloc_failures();

	if (!report || !payload || !key)
		return ds__error(DS_EINVAL, "ds_certificate_verify_payload: NULL argument");
	if ((rc = ds__certificate_report_new(&r)) < 0)
		return rc;
	if (ds_certificate_payload_parse(&p, payload, payload_len, "payload") < 0) {
		const ds_error *e = ds_error_last();
		parse_message = ds__strdup(e->message);
		parse_field = e->field ? ds__strdup(e->field) : NULL;
		parse_column = e->column;
		ds__certificate_report_record(r, "payload", 0, "%s", parse_message ? parse_message : "does not parse");
		ds__certificate_report_record(r, "payload_key_id", -1, "not checked: the payload does not parse");
		goto finish;
	}
	ds__certificate_report_record(r, "payload", 1,
				      "format DSC%u, certificate %s, log entry %" PRIu64 " of %" PRIu64, p.version,
				      p.number, p.index, p.tree_size);
	if ((rc = ds_key_id(&key_id, key)) < 0)
		goto fail;
	if (strcmp(key_id, p.key_id) == 0)
		ds__certificate_report_record(r, "payload_key_id", 1,
					      "the key given is the one the payload names (%.16s…)", key_id);
	else
		ds__certificate_report_record(
			r, "payload_key_id", 0,
			"the payload's keyId %.16s… is not the key given (%.16s…): the payload was "
			"changed or is of another registry",
			p.key_id, key_id);
	if (!xml) {
		for (i = 0; i < sizeof against / sizeof against[0]; i++)
			ds__certificate_report_record(r, against[i], -1,
						      "not checked: no certificate given (a payload alone proves no "
						      "registration: verify it against the certificate)");
		goto finish;
	}
	rc = ds_certificate_verify(&inner, xml, xml_len, key, NULL);
	if (rc < 0 && rc != DS_EVERIFY)
		goto fail;
	for (i = 0; i < ds_certificate_report_count(inner); i++) {
		ds_certificate_report_at(&check, inner, i);
		ds__certificate_report_record(r, check.name, check.passed, "%s", check.detail);
	}
	check_against(r, &p, xml, xml_len, key);
finish:
	if (ds__alloc_failures() != failures) {
		rc = ds__enomem();
		goto fail;
	}
	if (ds__certificate_report_failed(&check, r)) {
		if (parse_message)
			rc = ds__error_at(DS_EVERIFY, 1, parse_column, parse_field, "payload does not verify: %s",
					  parse_message);
		else
			rc = ds__error_at(DS_EVERIFY, 0, 0, field_of(check.name), "payload does not verify: %s: %s",
					  check.name, check.detail);
	} else {
		rc = DS_OK;
	}
	*report = r;
	r = NULL;
fail:
	ds_certificate_report_free(r);
	ds_certificate_report_free(inner);
	ds__free(key_id);
	ds__free(parse_message);
	ds__free(parse_field);
	return rc;
}
