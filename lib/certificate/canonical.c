/*
 * Writing a certificate's log entry (its exclusive canonical form) directly.
 * SPDX-License-Identifier: MIT
 */
#include "config.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "certificate_internal.h"

/* The registry needs of a new certificate only its log entry: the exclusive
 * XML canonicalisation 1.0 (without comments) of the unsigned document
 * tree.c builds. Building that tree and canonicalising it through libxml2 was
 * a tenth of a registration's time, so the entry is written here directly,
 * byte for byte what xmlC14NDocDumpMemory() makes of the tree:
 * - the root's start tag carries the namespace declaration, and no other
 *   element does (exclusive C14N renders it where first used; every element
 *   is in the same default namespace);
 * - attributes (all without a namespace) in the order of their names' bytes;
 * - every element as a start and an end tag, none empty-tag form;
 * - text with &, <, > and CR escaped; attribute values with &, <, ", TAB, LF
 *   and CR escaped (C14N 1.0, section 2.3 and 5.2);
 * - the whitespace tree.c puts between elements: a newline and two spaces
 *   per level before each child element, and before the end tag of an
 *   element holding elements.
 * The same checks as tree.c (text present, NFC, characters XML allows)
 * apply in the same order, so the same input fails with the same error.
 * tests/test_certificate.c compares the two on random certificates and
 * validates what this writes against certificate.xsd; the writer itself does
 * not validate its output (see the end of ds__certificate_write_entry). */

typedef struct canon_writer {
	ds__buf out;
	int depth;    /* of the open element: 0 for the root */
	int too_long; /* a text over certificate.xsd's 4,000 characters was written */
	int rc;
} canon_writer;

/* certificate.xsd's nonEmptyText: at most 4,000 characters (code points, as
 * XML Schema counts a string's length), counted in the text as written. */
#define TEXT_MAX_CHARS 4000

static void count_chars(canon_writer *w, const char *text)
{
	size_t chars = 0;

	if (!text || w->too_long)
		return;
	for (; *text; text++)
		if (((unsigned char)*text & 0xC0) != 0x80 && ++chars > TEXT_MAX_CHARS) {
			w->too_long = 1;
			return;
		}
}

/* An attribute being collected for the open start tag (at most 4 per element). */
typedef struct canon_attr {
	const char *name;
	const char *value;
} canon_attr;

void ds__certificate_c14n_escape(ds__buf *b, const char *s, int attr)
{
	const char *run = s;

	for (; *s; s++) {
		const char *rep = NULL;
		switch (*s) {
		case '&': rep = "&amp;"; break;
		case '<': rep = "&lt;"; break;
		case '>': rep = attr ? NULL : "&gt;"; break;
		case '"': rep = attr ? "&quot;" : NULL; break;
		case '\t': rep = attr ? "&#x9;" : NULL; break;
		case '\n': rep = attr ? "&#xA;" : NULL; break;
		case '\r': rep = "&#xD;"; break;
		default: break;
		}
		if (rep) {
			ds__buf_put(b, run, (size_t)(s - run));
			ds__buf_puts(b, rep);
			run = s + 1;
		}
	}
	ds__buf_put(b, run, (size_t)(s - run));
}

static void indent(canon_writer *w, int depth)
{
	static const char spaces[] = "\n                                                                ";

	if (w->rc < 0)
		return;
	if (depth > 32) {
		w->rc = ds__error(DS_EINTERNAL, "certificate: nesting too deep");
		return;
	}
	ds__buf_put(&w->out, spaces, 1 + 2 * (size_t)depth);
}

static int attr_cmp(const void *a, const void *b)
{
	return strcmp(((const canon_attr *)a)->name, ((const canon_attr *)b)->name);
}

/* A start tag with @n attributes (NULL values left out), sorted by name. */
static void start_tag(canon_writer *w, const char *name, canon_attr *attrs, size_t n)
{
	size_t i, k = 0;
	canon_attr sorted[4];

	if (w->rc < 0)
		return;
	for (i = 0; i < n && k < 4; i++)
		if (attrs[i].value)
			sorted[k++] = attrs[i];
	qsort(sorted, k, sizeof *sorted, attr_cmp);
	ds__buf_putc(&w->out, '<');
	ds__buf_puts(&w->out, name);
	for (i = 0; i < k; i++) {
		ds__buf_putc(&w->out, ' ');
		ds__buf_puts(&w->out, sorted[i].name);
		ds__buf_puts(&w->out, "=\"");
		ds__certificate_c14n_escape(&w->out, sorted[i].value, 1);
		ds__buf_putc(&w->out, '"');
	}
	ds__buf_putc(&w->out, '>');
}

static void end_tag(canon_writer *w, const char *name)
{
	if (w->rc < 0)
		return;
	ds__buf_puts(&w->out, "</");
	ds__buf_puts(&w->out, name);
	ds__buf_putc(&w->out, '>');
}

/* A child element of the open one, holding elements (closed with close()). */
static void open_el(canon_writer *w, const char *name, canon_attr *attrs, size_t n)
{
	indent(w, w->depth + 1);
	start_tag(w, name, attrs, n);
	w->depth++;
}

static void close_el(canon_writer *w, const char *name)
{
	indent(w, w->depth);
	end_tag(w, name);
	w->depth--;
}

/* A child element holding only @text (or nothing: NULL or ""). */
static void leaf(canon_writer *w, const char *name, canon_attr *attrs, size_t n, const char *text)
{
	indent(w, w->depth + 1);
	start_tag(w, name, attrs, n);
	if (w->rc == DS_OK && text)
		ds__certificate_c14n_escape(&w->out, text, 0);
	end_tag(w, name);
}

/* tree.c's checks of a text value: present, NFC, characters XML allows. */
static char *checked(canon_writer *w, const char *value, const char *field)
{
	char *nfc = NULL;

	if (w->rc < 0)
		return NULL;
	if (!value || !*value) {
		w->rc = ds__error_at(DS_EINVAL, 0, 0, field, "certificate: %s is required", field);
		return NULL;
	}
	if ((w->rc = ds__certificate_normalise(&nfc, value, field)) < 0)
		return NULL;
	if ((w->rc = ds__certificate_xml_chars(nfc, field)) < 0) {
		ds__free(nfc);
		return NULL;
	}
	count_chars(w, nfc);
	return nfc;
}

static void text_leaf(canon_writer *w, const char *name, const char *value, const char *field)
{
	char *nfc = checked(w, value, field);

	if (nfc)
		leaf(w, name, NULL, 0, nfc);
	ds__free(nfc);
}

int ds__certificate_write_entry(char **out, size_t *len, const ds_certificate_fields *f)
{
	canon_writer w;
	char *key_id = NULL, *words = NULL, *v1 = NULL, *v2 = NULL, records[24], fields[24], bytes[24];
	ds__date registration;
	size_t i;

	memset(&w, 0, sizeof w);
	if ((w.rc = ds__init()) < 0 || (w.rc = ds__certificate_check_fields(f)) < 0 ||
	    (w.rc = ds_key_id(&key_id, f->registry_key)) < 0)
		return w.rc;
	ds__date_parse(&registration, f->registration_date);
	if ((w.rc = ds_date_to_words(&words, registration.year, registration.month, registration.day)) < 0)
		goto done;
	ds__buf_puts(&w.out, "<certificate xmlns=\"" DS__CERTIFICATE_NS "\" version=\"1\">");
	{
		canon_attr a[] = { { "kind", ds__certificate_kind_name(f->number[12]) } };
		leaf(&w, "number", a, 1, f->number);
	}
	open_el(&w, "registrant", NULL, 0);
	text_leaf(&w, "name", f->registrant_name, "registrant/name");
	leaf(&w, "creditCode", NULL, 0, f->registrant_credit_code);
	close_el(&w, "registrant");
	open_el(&w, "rights", NULL, 0);
	for (i = 0; i < f->right_count; i++) {
		const ds_certificate_right *r = &f->rights[i];
		canon_attr type[] = { { "type", ds__certificate_right_names[r->right] } };
		canon_attr term[] = { { "start", r->term_start }, { "end", r->term_end } };
		open_el(&w, "right", type, 1);
		text_leaf(&w, "scope", r->scope, "rights/right/scope");
		leaf(&w, "term", term, 2, NULL);
		if (r->restrictions)
			text_leaf(&w, "restrictions", r->restrictions, "rights/right/restrictions");
		close_el(&w, "right");
	}
	close_el(&w, "rights");
	open_el(&w, "object", NULL, 0);
	text_leaf(&w, "name", f->object_name, "object/name");
	text_leaf(&w, "code", f->object_code, "object/code");
	text_leaf(&w, "description", f->object_description, "object/description");
	text_leaf(&w, "source", f->data_source, "object/source");
	snprintf(records, sizeof records, "%" PRIu64, f->scale_records);
	snprintf(fields, sizeof fields, "%" PRIu64, f->scale_fields);
	snprintf(bytes, sizeof bytes, "%" PRIu64, f->scale_bytes);
	{
		canon_attr a[] = { { "records", records }, { "fields", fields }, { "bytes", bytes } };
		leaf(&w, "scale", a, 3, NULL);
	}
	text_leaf(&w, "format", f->data_format, "object/format");
	text_leaf(&w, "updateFrequency", f->update_frequency, "object/updateFrequency");
	if ((v1 = checked(&w, f->coverage_region, "object/coverage/region")) &&
	    (v2 = checked(&w, f->coverage_period, "object/coverage/period"))) {
		canon_attr a[] = { { "region", v1 }, { "period", v2 } };
		leaf(&w, "coverage", a, 2, NULL);
	}
	ds__free(v1);
	ds__free(v2);
	v1 = v2 = NULL;
	text_leaf(&w, "quality", f->quality_summary, "object/quality");
	{
		canon_attr a[] = { { "class", ds__certificate_security_names[f->security_class] },
				   { "personalInformation", f->personal_information ? "true" : "false" } };
		leaf(&w, "security", a, 2, NULL);
	}
	text_leaf(&w, "scenarios", f->scenarios, "object/scenarios");
	close_el(&w, "object");
	if (f->version >= 2 && f->use_restriction_count) {
		open_el(&w, "useRestrictions", NULL, 0);
		for (i = 0; i < f->use_restriction_count; i++) {
			canon_attr a[] = { { "code", f->use_restrictions[i].code } };
			count_chars(&w, f->use_restrictions[i].text);
			leaf(&w, "restriction", a, 1, f->use_restrictions[i].text);
		}
		close_el(&w, "useRestrictions");
	}
	open_el(&w, "fingerprint", NULL, 0);
	leaf(&w, "metadata", NULL, 0, f->metadata_fingerprint);
	if (f->data_fingerprint)
		leaf(&w, "data", NULL, 0, f->data_fingerprint);
	close_el(&w, "fingerprint");
	{
		canon_attr a[] = { { "application", f->application_date },
				   { "publicityStart", f->publicity_start },
				   { "publicityEnd", f->publicity_end },
				   { "registration", f->registration_date } };
		open_el(&w, "dates", a, 4);
		count_chars(&w, words);
		leaf(&w, "registrationInWords", NULL, 0, words);
		close_el(&w, "dates");
	}
	if ((v1 = checked(&w, f->registry_name, "registry/name"))) {
		canon_attr a[] = { { "name", v1 },
				   { "keyId", key_id },
				   { "algorithm", ds__sig_alg_name(ds_key_alg(f->registry_key)) },
				   { "digest", ds_key_hash_alg(f->registry_key) == DS_HASH_SM3 ? "sm3" : "sha256" } };
		leaf(&w, "registry", a, 4, NULL);
	}
	if (f->supersedes)
		leaf(&w, "supersedes", NULL, 0, f->supersedes);
	indent(&w, 0);
	end_tag(&w, "certificate");
	if (w.rc == DS_OK && w.out.oom)
		w.rc = ds__enomem();
	/* What was written is a valid certificate without validating it here: every
	 * facet of certificate.xsd that the checks above do not enforce is a
	 * text's length of at most 4,000 characters, counted as it is written (the
	 * rest — patterns of numbers, codes, fingerprints and dates, counts,
	 * enumerations, characters XML allows — is checked in C before a byte is
	 * written). tests/test_certificate.c validates the output of thousands of
	 * random and boundary field sets against certificate.xsd with libxml2 and,
	 * where a JDK is installed, with Java's own validator (docs/certificate.md,
	 * "Validation"). A text over the limit takes ds_certificate_build()'s path:
	 * the tree is built and validated, so the error is the schema's, naming
	 * the element, as before. */
	if (w.rc == DS_OK && w.too_long) {
		xmlDocPtr doc = NULL;
		int rc;
		if ((rc = ds__certificate_build_tree(&doc, f)) == DS_OK &&
		    (rc = ds__xml_validate(doc, "certificate.xsd", "certificate")) == DS_OK)
			rc = ds__error(DS_EINTERNAL,
				       "certificate: a text is over 4,000 characters, yet the tree is valid");
		w.rc = rc;
		xmlFreeDoc(doc);
	}
	if (w.rc == DS_OK) {
		*len = w.out.len;
		if (ds__buf_detach(out, &w.out) < 0)
			w.rc = ds__enomem();
	}
done:
	ds__buf_dispose(&w.out);
	ds__free(v1);
	ds__free(key_id);
	ds__free(words);
	return w.rc;
}
