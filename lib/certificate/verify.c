/*
 * Offline verification of a 登记凭证 with the registry's public key, every
 * check named in a report.
 * SPDX-License-Identifier: MIT
 */
#include "config.h"

#include <inttypes.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>

#include "certificate_internal.h"
#include "internal/translog.h"

#define MAX_CHECKS 20 /* ds_certificate_verify_payload(): 2 + the 9 of a certificate + 5 */
#define DETAIL_MAX 512

struct ds_certificate_report {
	ds_certificate_check checks[MAX_CHECKS];
	char details[MAX_CHECKS][DETAIL_MAX];
	size_t count;
	int failed;
	char first_failure[DETAIL_MAX + 32];
};

DS__PRINTF(4, 5)
static void record(ds_certificate_report *r, const char *name, int passed, const char *fmt, ...)
{
	va_list ap;
	size_t i = r->count;

	if (i == MAX_CHECKS)
		return;
	va_start(ap, fmt);
	vsnprintf(r->details[i], DETAIL_MAX, fmt, ap);
	va_end(ap);
	r->checks[i].name = name;
	r->checks[i].passed = passed;
	r->checks[i].detail = r->details[i];
	r->count++;
	if (passed == 0 && !r->failed) {
		r->failed = 1;
		snprintf(r->first_failure, sizeof r->first_failure, "%s: %s", name, r->details[i]);
	}
}

int ds__certificate_report_new(ds_certificate_report **out)
{
	if (!(*out = ds__calloc(1, sizeof **out)))
		return ds__enomem();
	return DS_OK;
}

void ds__certificate_report_record(ds_certificate_report *r, const char *name, int passed, const char *fmt, ...)
{
	char detail[DETAIL_MAX];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(detail, sizeof detail, fmt, ap);
	va_end(ap);
	record(r, name, passed, "%s", detail);
}

int ds__certificate_report_failed(ds_certificate_check *first, const ds_certificate_report *r)
{
	size_t i;

	for (i = 0; i < r->count; i++)
		if (r->checks[i].passed == 0) {
			*first = r->checks[i];
			return 1;
		}
	return 0;
}

/* Record the current library error as the failure of check @name. */
static void record_error(ds_certificate_report *r, const char *name)
{
	char message[DETAIL_MAX];

	snprintf(message, sizeof message, "%s", ds_error_last()->message);
	record(r, name, 0, "%s", message);
}

size_t ds_certificate_report_count(const ds_certificate_report *report)
{
	return report ? report->count : 0;
}

int ds_certificate_report_at(ds_certificate_check *out, const ds_certificate_report *report, size_t index)
{
	if (!out || !report)
		return ds__error(DS_EINVAL, "ds_certificate_report_at: NULL argument");
	if (index >= report->count)
		return ds__error(DS_ERANGE, "no check at index %zu (the report has %zu)", index, report->count);
	*out = report->checks[index];
	return DS_OK;
}

void ds_certificate_report_free(ds_certificate_report *report)
{
	ds__free(report);
}

int ds_certificate_report_to_text(char **out, const ds_certificate_report *report)
{
	ds__buf b = DS__BUF_INIT;
	size_t i;

	if (!out || !report)
		return ds__error(DS_EINVAL, "ds_certificate_report_to_text: NULL argument");
	for (i = 0; i < report->count; i++) {
		const ds_certificate_check *c = &report->checks[i];
		ds__buf_printf(&b, "%s %s: %s\n",
			       c->passed > 0  ? "ok  " :
			       c->passed == 0 ? "FAIL" :
						"skip",
			       c->name, c->detail);
	}
	if (b.len == 0)
		ds__buf_puts(&b, "");
	return ds__buf_detach(out, &b);
}

/* Text of an element or attribute of @parent's child @child (NULL: @parent itself), or NULL. */
static char *text_of(xmlNodePtr parent, const char *child, const char *attr)
{
	xmlNodePtr node = child ? ds__xml_child(parent, child) : parent;
	char *text = NULL;

	if (!node || ds__xml_text(&text, node, attr) < 0)
		return NULL;
	return text;
}

/* The number of a certificate, or for a cancellation record the number it
 * cancels (<cancels>) and the cancelling 注销登记's (<cancelledBy>). */
static void check_number(ds_certificate_report *r, xmlNodePtr root, int cancellation)
{
	static const char *const kinds[][2] = {
		{ "R", "resource" }, { "P", "product" }, { "A", "asset" }, { "I", "ip" }
	};
	xmlNodePtr number = ds__xml_child(root, cancellation ? "cancels" : "number");
	char *text = text_of(number, NULL, NULL), *kind = text_of(number, NULL, "kind");
	char *by = cancellation ? text_of(root, "cancelledBy", NULL) : NULL;
	size_t i;

	if (!text || ds_certificate_number_check(text) < 0) {
		record_error(r, "number");
	} else if (by && ds_certificate_number_check(by) < 0) {
		ds__error_prefix("cancelledBy: ");
		record_error(r, "number");
	} else {
		for (i = 0; i < 4; i++)
			if (kind && strcmp(kind, kinds[i][1]) == 0 && text[12] == kinds[i][0][0])
				break;
		if (i == 4)
			record(r, "number", 0, "the kind '%s' does not match the number's letter '%c'",
			       kind ? kind : "", text[12]);
		else if (by)
			record(r, "number", 1, "%s and %s (cancelled by): check characters match", text, by);
		else
			record(r, "number", 1, "%s: check character matches", text);
	}
	ds__free(text);
	ds__free(kind);
	ds__free(by);
}

static void check_credit_code(ds_certificate_report *r, xmlNodePtr root)
{
	char *code = text_of(ds__xml_child(root, "registrant"), "creditCode", NULL);

	if (!code || ds__credit_code_check(code) < 0)
		record_error(r, "credit_code");
	else
		record(r, "credit_code", 1, "%s: check character matches", code);
	ds__free(code);
}

static void check_fingerprints(ds_certificate_report *r, xmlNodePtr root)
{
	xmlNodePtr fingerprint = ds__xml_child(root, "fingerprint");
	char *digest = text_of(ds__xml_child(root, "registry"), NULL, "digest");
	char *metadata = text_of(fingerprint, "metadata", NULL), *data = text_of(fingerprint, "data", NULL);
	char prefix[16];

	snprintf(prefix, sizeof prefix, "%s:", digest ? digest : "?");
	if (!metadata || strncmp(metadata, prefix, strlen(prefix)) != 0)
		record(r, "fingerprint", 0, "the metadata fingerprint does not use the registry's digest %s",
		       digest ? digest : "(none)");
	else if (data && strncmp(data, prefix, strlen(prefix)) != 0)
		record(r, "fingerprint", 0, "the data fingerprint does not use the registry's digest %s", digest);
	else
		record(r, "fingerprint", 1, "%s digest of the metadata%s", digest, data ? " and of the data file" : "");
	ds__free(digest);
	ds__free(metadata);
	ds__free(data);
}

/* The dates check's last step: @date (the @what date) written in words in
 * @dates/@element, as ds_date_to_words() writes it; passing says @passed. */
static void check_in_words(ds_certificate_report *r, xmlNodePtr dates, const char *element, const char *what,
			   ds__date date, const char *passed)
{
	char *words = text_of(dates, element, NULL), *expected = NULL;

	if (ds_date_to_words(&expected, date.year, date.month, date.day) < 0)
		record_error(r, "dates");
	else if (!words || strcmp(words, expected) != 0)
		record(r, "dates", 0, "the %s date in words is '%s', expected '%s'", what, words ? words : "",
		       expected);
	else
		record(r, "dates", 1, "%s; %s", passed, expected);
	ds__free(words);
	ds__free(expected);
}

static void check_dates(ds_certificate_report *r, xmlNodePtr root)
{
	xmlNodePtr dates = ds__xml_child(root, "dates");
	static const char *const names[] = { "application", "publicityStart", "publicityEnd", "registration" };
	ds__date d[4];
	int i;

	for (i = 0; i < 4; i++)
		if (ds__xml_date(&d[i], dates, names[i]) < 0) {
			record_error(r, "dates");
			return;
		}
	for (i = 1; i < 4; i++)
		if (ds__date_cmp(d[i], d[i - 1]) < 0) {
			record(r, "dates", 0, "%s comes before %s", names[i], names[i - 1]);
			return;
		}
	check_in_words(r, dates, "registrationInWords", "registration", d[3],
		       "application, publicity and registration in order");
}

/* A cancellation record: cancelled on or after the registration, and the date in words. */
static void check_cancellation_dates(ds_certificate_report *r, xmlNodePtr root)
{
	xmlNodePtr dates = ds__xml_child(root, "dates");
	ds__date registration, cancellation;

	if (ds__xml_date(&registration, dates, "registration") < 0 ||
	    ds__xml_date(&cancellation, dates, "cancellation") < 0) {
		record_error(r, "dates");
		return;
	}
	if (ds__date_cmp(cancellation, registration) < 0) {
		record(r, "dates", 0, "cancellation comes before registration");
		return;
	}
	check_in_words(r, dates, "cancellationInWords", "cancellation", cancellation,
		       "registration, then cancellation");
}

/* A 质押登记证明 (pledge.md): its pledge number, the pledged certificate's
 * number, both parties' credit codes, the fingerprint's digest and the
 * registration date in words. */
static void check_pledge(ds_certificate_report *r, xmlNodePtr root)
{
	xmlNodePtr pledged = ds__xml_child(root, "pledged"), dates = ds__xml_child(root, "dates");
	char *number = text_of(root, "pledgeNo", NULL), *certificate = text_of(pledged, "certificate", NULL);
	char *pledgor = text_of(ds__xml_child(root, "pledgor"), "creditCode", NULL);
	char *pledgee = text_of(ds__xml_child(root, "pledgee"), "creditCode", NULL);
	char *fingerprint = text_of(pledged, "fingerprint", NULL),
	     *digest = text_of(ds__xml_child(root, "registry"), NULL, "digest");
	ds__date registration;

	record(r, "structure", 1, "a valid pledge certificate (质押登记证明) %s of certificate %s",
	       number ? number : "?", certificate ? certificate : "?");
	if (!number || ds__pledge_number_verify(number, DS_EPARSE, DS_EVERIFY) < 0)
		record_error(r, "number");
	else if (!certificate || ds_certificate_number_check(certificate) < 0)
		record_error(r, "number");
	else
		record(r, "number", 1, "%s and %s (pledged): check characters match", number, certificate);
	if (!pledgor || ds__credit_code_check(pledgor) < 0 || !pledgee || ds__credit_code_check(pledgee) < 0)
		record_error(r, "credit_code");
	else
		record(r, "credit_code", 1, "%s (pledgor) and %s (pledgee): check characters match", pledgor, pledgee);
	if (!fingerprint || !digest || strncmp(fingerprint, digest, strlen(digest)) != 0 ||
	    fingerprint[strlen(digest)] != ':')
		record(r, "fingerprint", 0, "the pledged right's fingerprint does not use the registry's digest %s",
		       digest ? digest : "(none)");
	else
		record(r, "fingerprint", 1, "%s digest of the pledged registration's metadata", digest);
	if (ds__xml_date(&registration, dates, "registration") < 0)
		record_error(r, "dates");
	else
		check_in_words(r, dates, "registrationInWords", "registration", registration, "registration date");
	ds__free(number);
	ds__free(certificate);
	ds__free(pledgor);
	ds__free(pledgee);
	ds__free(fingerprint);
	ds__free(digest);
}

static int check_registry_key(ds_certificate_report *r, xmlNodePtr root, const ds_key *key)
{
	xmlNodePtr registry = ds__xml_child(root, "registry");
	char *named = text_of(registry, NULL, "keyId"), *alg = text_of(registry, NULL, "algorithm");
	char *digest = text_of(registry, NULL, "digest"), *key_id = NULL;
	const char *want_digest = ds_key_hash_alg(key) == DS_HASH_SM3 ? "sm3" : "sha256";
	int ok = 0;

	if (ds_key_id(&key_id, key) < 0)
		record_error(r, "registry_key");
	else if (!named || strcmp(named, key_id) != 0)
		record(r, "registry_key", 0, "the certificate names key %.16s…, the key given is %.16s…",
		       named ? named : "", key_id);
	else if (!alg || strcmp(alg, ds__sig_alg_name(ds_key_alg(key))) != 0 || !digest ||
		 strcmp(digest, want_digest) != 0)
		record(r, "registry_key", 0, "algorithm %s/%s does not match the key (%s/%s)", alg ? alg : "",
		       digest ? digest : "", ds__sig_alg_name(ds_key_alg(key)), want_digest);
	else {
		record(r, "registry_key", 1, "key %.16s… (%s, %s)", key_id, alg, digest);
		ok = 1;
	}
	ds__free(named);
	ds__free(alg);
	ds__free(digest);
	ds__free(key_id);
	return ok;
}

static void check_signature(ds_certificate_report *r, xmlDocPtr doc, const ds_key *key)
{
	xmlNodePtr signature = ds__xml_child(xmlDocGetRootElement(doc), "signature");
	char *alg = NULL, *b64 = NULL;
	unsigned char *canonical = NULL, *sig = NULL;
	size_t canonical_len = 0;
	long sig_len;

	if (!signature) {
		record(r, "signature", 0, "the certificate is not signed (no signature element)");
		return;
	}
	alg = text_of(signature, NULL, "algorithm");
	b64 = text_of(signature, NULL, NULL);
	if (!alg || strcmp(alg, ds__sig_alg_name(ds_key_alg(key))) != 0)
		record(r, "signature", 0, "signature algorithm %s does not match the key's %s", alg ? alg : "",
		       ds__sig_alg_name(ds_key_alg(key)));
	else if (!b64 || !(sig = ds__malloc(strlen(b64) / 4 * 3 + 3)) ||
		 (sig_len = ds__base64_decode(sig, b64, strlen(b64))) < 0)
		record(r, "signature", 0, "the signature is not canonical base64");
	else if (ds__certificate_canonical(&canonical, &canonical_len, doc, 0) < 0)
		record_error(r, "signature");
	else if (ds_key_verify(key, canonical, canonical_len, sig, (size_t)sig_len) < 0)
		record(r, "signature", 0,
		       "the %s signature does not match the canonical form (exclusive C14N, %zu bytes): "
		       "the signed content was changed or another key signed it",
		       alg, canonical_len);
	else
		record(r, "signature", 1, "%s over %zu bytes of exclusive C14N", alg, canonical_len);
	ds__free(alg);
	ds__free(b64);
	ds__free(sig);
	ds__free(canonical);
}

/* The checkpoint's key name is its origin line. */
static int open_checkpoint(ds_checkpoint **out, const char *text, const ds_key *key)
{
	const char *nl = strchr(text, '\n');
	char *origin;
	int rc;

	if (!nl)
		return ds__error(DS_EPARSE, "checkpoint: no origin line");
	if (!(origin = ds__strndup(text, (size_t)(nl - text))))
		return ds__enomem();
	rc = ds_checkpoint_open(out, text, strlen(text), origin, key);
	ds__free(origin);
	return rc;
}

static void check_log(ds_certificate_report *r, xmlDocPtr doc, const ds_key *key,
		      const ds_certificate_newer_head *newer)
{
	xmlNodePtr root = xmlDocGetRootElement(doc), evidence = ds__xml_child(root, "logEvidence"), node;
	ds_checkpoint *cp = NULL, *newer_cp = NULL;
	xmlChar *raw = NULL;
	ds_hash leaf, cp_root, attr_root, proof[64], newer_root;
	unsigned char *entry = NULL;
	size_t entry_len = 0, proof_len = 0;
	char *text = NULL;
	long index = -1, size = -1;
	ds_hash_alg alg = ds_key_hash_alg(key);

	if (!evidence) {
		record(r, "checkpoint", 0, "no logEvidence element: the certificate is not in the registry's log");
		record(r, "inclusion", -1, "not checked: no log evidence");
		if (newer)
			record(r, "consistency", -1, "not checked: no log evidence");
		return;
	}
	raw = xmlNodeGetContent(ds__xml_child(evidence, "checkpoint"));
	if (!raw || open_checkpoint(&cp, (const char *)raw, key) < 0) {
		record_error(r, "checkpoint");
		record(r, "inclusion", -1, "not checked: an inclusion proof counts only under a valid checkpoint");
		if (newer)
			record(r, "consistency", -1, "not checked: the certificate's checkpoint is not valid");
		goto done;
	}
	ds_checkpoint_root(&cp_root, cp);
	text = text_of(evidence, NULL, "rootHash");
	if (ds__xml_long(&index, evidence, "index", 0, LONG_MAX) < 0 ||
	    ds__xml_long(&size, evidence, "treeSize", 1, LONG_MAX) < 0 || !text ||
	    ds_hash_from_hex(&attr_root, text) < 0 || (uint64_t)size != ds_checkpoint_size(cp) ||
	    !ds_hash_equal(&attr_root, &cp_root)) {
		record(r, "checkpoint", 0,
		       "the evidence's treeSize/rootHash do not match the signed checkpoint (size %" PRIu64 ")",
		       ds_checkpoint_size(cp));
		record(r, "inclusion", -1, "not checked: inconsistent evidence");
		if (newer)
			record(r, "consistency", -1, "not checked: inconsistent evidence");
		goto done;
	}
	record(r, "checkpoint", 1, "signed tree head of '%s', size %" PRIu64, ds_checkpoint_origin(cp),
	       ds_checkpoint_size(cp));

	for (node = ds__xml_child(ds__xml_child(evidence, "inclusionProof"), "hash"); node && proof_len < 64;
	     node = ds__xml_next(node, "hash")) {
		char *hex = text_of(node, NULL, NULL);
		int bad = !hex || ds_hash_from_hex(&proof[proof_len], hex) < 0;
		ds__free(hex);
		if (bad)
			break;
		proof_len++;
	}
	if (ds__certificate_canonical(&entry, &entry_len, doc, 1) < 0 ||
	    ds_merkle_leaf_hash(&leaf, alg, entry, entry_len) < 0)
		record_error(r, "inclusion");
	else if (ds_merkle_verify_inclusion(alg, (uint64_t)index, (uint64_t)size, &leaf, proof, proof_len, &cp_root) <
		 0)
		record_error(r, "inclusion");
	else
		record(r, "inclusion", 1, "entry %ld is in the tree of size %ld (%zu proof hashes)", index, size,
		       proof_len);

	if (newer) {
		if (!newer->checkpoint || open_checkpoint(&newer_cp, newer->checkpoint, key) < 0) {
			record_error(r, "consistency");
		} else if (strcmp(ds_checkpoint_origin(newer_cp), ds_checkpoint_origin(cp)) != 0) {
			record(r, "consistency", 0, "the newer checkpoint is of another log ('%s')",
			       ds_checkpoint_origin(newer_cp));
		} else if (ds_checkpoint_size(newer_cp) < ds_checkpoint_size(cp)) {
			record(r, "consistency", 0,
			       "the newer checkpoint's size %" PRIu64 " is smaller than the certificate's %" PRIu64
			       ": an old tree head was replayed",
			       ds_checkpoint_size(newer_cp), ds_checkpoint_size(cp));
		} else {
			ds_checkpoint_root(&newer_root, newer_cp);
			if (ds_merkle_verify_consistency(alg, ds_checkpoint_size(cp), ds_checkpoint_size(newer_cp),
							 &cp_root, &newer_root, newer->consistency_proof,
							 newer->proof_len) < 0)
				record_error(r, "consistency");
			else
				record(r, "consistency", 1,
				       "the tree of size %" PRIu64 " extends the certificate's (%" PRIu64 ")",
				       ds_checkpoint_size(newer_cp), ds_checkpoint_size(cp));
		}
	}
done:
	xmlFree(raw);
	ds__free(text);
	ds__free(entry);
	ds_checkpoint_free(cp);
	ds_checkpoint_free(newer_cp);
}

int ds_certificate_verify(ds_certificate_report **report, const char *xml, size_t len, const ds_key *key,
			  const ds_certificate_newer_head *newer)
{
	static const char *const dependent[] = { "number",     "credit_code",  "fingerprint",
						 "dates",      "registry_key", "signature",
						 "checkpoint", "inclusion",    "consistency" };
	ds_certificate_report *r;
	xmlDocPtr doc = NULL;
	const char *what = "certificate";
	size_t i;
	int rc;

	unsigned long failures = ds__alloc_failures();

	if (!report || !xml || !key)
		return ds__error(DS_EINVAL, "ds_certificate_verify: NULL argument");
	if (!(r = ds__calloc(1, sizeof *r)))
		return ds__enomem();
	if (ds__xml_load_memory(&doc, xml, len, "certificate", "certificate.xsd") < 0) {
		record_error(r, "structure");
		for (i = 0; i < sizeof dependent / sizeof dependent[0]; i++)
			if (newer || strcmp(dependent[i], "consistency") != 0)
				record(r, dependent[i], -1,
				       "not checked: the document is not a valid certificate or cancellation record");
	} else {
		xmlNodePtr root = xmlDocGetRootElement(doc);
		if (xmlStrEqual(root->name, BAD_CAST "pledgeCertificate")) {
			check_pledge(r, root);
		} else if (xmlStrEqual(root->name, BAD_CAST "cancellation")) {
			char *cancels = text_of(root, "cancels", NULL);
			char *registration = text_of(root, "cancels", "registration");
			record(r, "structure", 1,
			       "a valid cancellation record (注销) of certificate %s (registration %s)",
			       cancels ? cancels : "?", registration ? registration : "?");
			ds__free(cancels);
			ds__free(registration);
			check_number(r, root, 1);
			check_credit_code(r, root);
			check_cancellation_dates(r, root);
		} else {
			record(r, "structure", 1, "a valid urn:datasset:certificate:1 document");
			check_number(r, root, 0);
			check_credit_code(r, root);
			check_fingerprints(r, root);
			check_dates(r, root);
		}
		check_registry_key(r, root, key);
		check_signature(r, doc, key);
		check_log(r, doc, key, newer);
	}
	if (doc && xmlStrEqual(xmlDocGetRootElement(doc)->name, BAD_CAST "cancellation"))
		what = "cancellation record";
	if (doc && xmlStrEqual(xmlDocGetRootElement(doc)->name, BAD_CAST "pledgeCertificate"))
		what = "pledge certificate";
	xmlFreeDoc(doc);
	/* A check that could not run for want of memory proves nothing either
	 * way: the verification fails with DS_ENOMEM, not with a finding. */
	if (ds__alloc_failures() != failures) {
		ds__free(r);
		return ds__enomem();
	}
	rc = r->failed ? ds__error(DS_EVERIFY, "%s does not verify: %s", what, r->first_failure) : DS_OK;
	*report = r;
	return rc;
}
