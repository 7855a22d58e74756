/*
 * Building a certificate document as a tree (ds_certificate_build's writer).
 * SPDX-License-Identifier: MIT
 */
#include "config.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include <libxml/chvalid.h>

#include "certificate_internal.h"

/* A certificate is built as a tree directly (libxml2's tree API) rather than
 * written as text and parsed back: parsing was a quarter of issuing one. The
 * tree is the one the parser would make of ds__xml_writer's indented output
 * (two spaces per level, a text node of whitespace before each child element
 * and before the end tag of an element with element children), so the
 * serialised document and its canonical form stay what they were. It is
 * still validated against certificate.xsd before anyone sees it. */
typedef struct dom_builder {
	xmlDocPtr doc;
	xmlNsPtr ns;
	xmlNodePtr node; /* the open element */
	int depth;	 /* of the open element: 0 for the root */
	int rc;
} dom_builder;

static void dom_fail(dom_builder *b)
{
	if (b->rc == DS_OK)
		b->rc = ds__enomem();
}

/* Whitespace: a newline and two spaces per level. */
static void dom_indent(dom_builder *b, int depth)
{
	char space[2 + 2 * 32];
	xmlNodePtr text;
	int i;

	if (b->rc < 0)
		return;
	if (depth > 32) {
		b->rc = ds__error(DS_EINTERNAL, "certificate: nesting too deep");
		return;
	}
	space[0] = '\n';
	for (i = 0; i < 2 * depth; i++)
		space[1 + i] = ' ';
	space[1 + 2 * depth] = '\0';
	if (!(text = xmlNewDocText(b->doc, BAD_CAST space)) || !xmlAddChild(b->node, text)) {
		xmlFreeNode(text);
		dom_fail(b);
	}
}

static void dom_start(dom_builder *b, const char *name)
{
	xmlNodePtr child;

	dom_indent(b, b->depth + 1);
	if (b->rc < 0)
		return;
	if (!(child = xmlNewChild(b->node, b->ns, BAD_CAST name, NULL))) {
		dom_fail(b);
		return;
	}
	b->node = child;
	b->depth++;
}

/* Close the open element: whitespace before its end tag when it holds elements. */
static void dom_end(dom_builder *b)
{
	xmlNodePtr child;

	if (b->rc < 0)
		return;
	for (child = b->node->children; child; child = child->next)
		if (child->type == XML_ELEMENT_NODE) {
			dom_indent(b, b->depth);
			break;
		}
	b->node = b->node->parent;
	b->depth--;
}

/* The characters XML 1.0 allows (libxml2's table): text with others could
 * not be read back, so it is refused naming @field. */
int ds__certificate_xml_chars(const char *value, const char *field)
{
	size_t i, n = strlen(value), step;
	unsigned int cp;

	for (i = 0; i < n; i += step) {
		if ((unsigned char)value[i] >= 0x20 && (unsigned char)value[i] < 0x80) {
			step = 1;
			continue;
		}
		if (!(step = ds__utf8_decode(value + i, n - i, &cp)))
			return ds__error_at(DS_EINVAL, 0, 0, field, "certificate: %s: invalid UTF-8", field);
		if (!xmlIsCharQ(cp))
			return ds__error_at(DS_EINVAL, 0, 0, field,
					    "certificate: %s: U+%04X is not a character XML allows", field, cp);
	}
	return DS_OK;
}

/* Text of an element or attribute: present, NFC, characters XML allows. */
static int dom_checked(char **nfc, dom_builder *b, const char *value, const char *field)
{
	if (b->rc < 0)
		return b->rc;
	if (!value || !*value)
		return b->rc = ds__error_at(DS_EINVAL, 0, 0, field, "certificate: %s is required", field);
	if ((b->rc = ds__certificate_normalise(nfc, value, field)) < 0)
		return b->rc;
	if ((b->rc = ds__certificate_xml_chars(*nfc, field)) < 0) {
		ds__free(*nfc);
		*nfc = NULL;
	}
	return b->rc;
}

/* Text in the open element (the parser makes no text node of an empty one). */
static void dom_text(dom_builder *b, const char *value)
{
	xmlNodePtr text;

	if (b->rc < 0 || !*value)
		return;
	if (!(text = xmlNewDocText(b->doc, BAD_CAST value)) || !xmlAddChild(b->node, text)) {
		xmlFreeNode(text);
		dom_fail(b);
	}
}

/* Close an element that holds only text: no whitespace before its end tag. */
static void dom_close_inline(dom_builder *b)
{
	if (b->rc < 0)
		return;
	b->node = b->node->parent;
	b->depth--;
}

/* <name>value</name>, @value already checked (or produced here). */
static void dom_element(dom_builder *b, const char *name, const char *value)
{
	dom_start(b, name);
	dom_text(b, value);
	dom_close_inline(b);
}

static void dom_attr(dom_builder *b, const char *name, const char *value)
{
	if (b->rc == DS_OK && !xmlNewProp(b->node, BAD_CAST name, BAD_CAST value))
		dom_fail(b);
}

static void dom_text_element(dom_builder *b, const char *name, const char *value, const char *field)
{
	char *nfc = NULL;

	if (dom_checked(&nfc, b, value, field) < 0)
		return;
	dom_element(b, name, nfc);
	ds__free(nfc);
}

static void dom_text_attr(dom_builder *b, const char *name, const char *value, const char *field)
{
	char *nfc = NULL;

	if (dom_checked(&nfc, b, value, field) < 0)
		return;
	dom_attr(b, name, nfc);
	ds__free(nfc);
}

static void dom_attr_u64(dom_builder *b, const char *name, uint64_t value)
{
	char text[24];

	snprintf(text, sizeof text, "%" PRIu64, value);
	dom_attr(b, name, text);
}

/* ---- use restrictions (使用限制), fields version 2 ---- */

int ds__certificate_check_restrictions(const ds_certificate_fields *f)
{
	size_t i, k;

	if (f->version < 2 || !f->use_restriction_count)
		return DS_OK;
	if (!f->use_restrictions || f->use_restriction_count > 32)
		return ds__error_at(DS_EINVAL, 0, 0, "useRestrictions", "certificate: %zu use restrictions %s",
				    f->use_restriction_count, f->use_restrictions ? "(at most 32)" : "without a list");
	for (i = 0; i < f->use_restriction_count; i++) {
		const char *code = f->use_restrictions[i].code, *text = f->use_restrictions[i].text;
		size_t n = code ? strlen(code) : 0;
		if (!n || n > 64)
			return ds__error_at(DS_EINVAL, 0, 0, "useRestrictions/restriction/code",
					    "certificate: use restriction %zu: a code of 1 to 64 characters", i + 1);
		for (k = 0; k < n; k++) {
			char c = code[k];
			if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' ||
			      c == '_' || c == '-'))
				return ds__error_at(DS_EINVAL, 0, 0, "useRestrictions/restriction/code",
						    "certificate: use restriction code '%s': character %zu is not a"
						    " letter, digit, '.', '_' or '-'",
						    code, k + 1);
		}
		if (!text || !*text || strlen(text) > 6000)
			return ds__error_at(DS_EINVAL, 0, 0, "useRestrictions/restriction",
					    "certificate: use restriction '%s' needs its wording", code);
		if (ds__certificate_xml_chars(text, "useRestrictions/restriction") < 0)
			return DS_EINVAL;
	}
	return DS_OK;
}

/* <useRestrictions> after the object: what the registered data may not be used for. */
static void dom_use_restrictions(dom_builder *b, const ds_certificate_fields *f)
{
	size_t i;

	if (f->version < 2 || !f->use_restriction_count)
		return;
	dom_start(b, "useRestrictions");
	for (i = 0; i < f->use_restriction_count; i++) {
		dom_start(b, "restriction");
		dom_attr(b, "code", f->use_restrictions[i].code);
		dom_text(b, f->use_restrictions[i].text);
		dom_close_inline(b);
	}
	dom_end(b);
}

int ds__certificate_build_tree(xmlDocPtr *out, const ds_certificate_fields *f)
{
	dom_builder b;
	char *key_id = NULL, *words = NULL;
	ds__date registration;
	xmlNodePtr root;
	size_t i;

	memset(&b, 0, sizeof b);
	if ((b.rc = ds__init()) < 0 || (b.rc = ds_key_id(&key_id, f->registry_key)) < 0)
		return b.rc;
	ds__date_parse(&registration, f->registration_date);
	if ((b.rc = ds_date_to_words(&words, registration.year, registration.month, registration.day)) < 0)
		goto done;
	if (!(b.doc = xmlNewDoc(BAD_CAST "1.0")) || !(b.doc->encoding = xmlStrdup(BAD_CAST "UTF-8")) ||
	    !(root = xmlNewDocNode(b.doc, NULL, BAD_CAST "certificate", NULL))) {
		dom_fail(&b);
		goto done;
	}
	xmlDocSetRootElement(b.doc, root);
	if (!(b.ns = xmlNewNs(root, BAD_CAST DS__CERTIFICATE_NS, NULL))) {
		dom_fail(&b);
		goto done;
	}
	xmlSetNs(root, b.ns);
	b.node = root;
	dom_attr(&b, "version", "1");
	dom_start(&b, "number");
	dom_attr(&b, "kind", ds__certificate_kind_name(f->number[12]));
	dom_text(&b, f->number);
	dom_close_inline(&b);
	dom_start(&b, "registrant");
	dom_text_element(&b, "name", f->registrant_name, "registrant/name");
	dom_element(&b, "creditCode", f->registrant_credit_code);
	dom_end(&b);
	dom_start(&b, "rights");
	for (i = 0; i < f->right_count; i++) {
		const ds_certificate_right *r = &f->rights[i];
		dom_start(&b, "right");
		dom_attr(&b, "type", ds__certificate_right_names[r->right]);
		dom_text_element(&b, "scope", r->scope, "rights/right/scope");
		dom_start(&b, "term");
		dom_attr(&b, "start", r->term_start);
		if (r->term_end)
			dom_attr(&b, "end", r->term_end);
		dom_end(&b);
		if (r->restrictions)
			dom_text_element(&b, "restrictions", r->restrictions, "rights/right/restrictions");
		dom_end(&b);
	}
	dom_end(&b);
	dom_start(&b, "object");
	dom_text_element(&b, "name", f->object_name, "object/name");
	dom_text_element(&b, "code", f->object_code, "object/code");
	dom_text_element(&b, "description", f->object_description, "object/description");
	dom_text_element(&b, "source", f->data_source, "object/source");
	dom_start(&b, "scale");
	dom_attr_u64(&b, "records", f->scale_records);
	dom_attr_u64(&b, "fields", f->scale_fields);
	dom_attr_u64(&b, "bytes", f->scale_bytes);
	dom_end(&b);
	dom_text_element(&b, "format", f->data_format, "object/format");
	dom_text_element(&b, "updateFrequency", f->update_frequency, "object/updateFrequency");
	dom_start(&b, "coverage");
	dom_text_attr(&b, "region", f->coverage_region, "object/coverage/region");
	dom_text_attr(&b, "period", f->coverage_period, "object/coverage/period");
	dom_end(&b);
	dom_text_element(&b, "quality", f->quality_summary, "object/quality");
	dom_start(&b, "security");
	dom_attr(&b, "class", ds__certificate_security_names[f->security_class]);
	dom_attr(&b, "personalInformation", f->personal_information ? "true" : "false");
	dom_end(&b);
	dom_text_element(&b, "scenarios", f->scenarios, "object/scenarios");
	dom_end(&b);
	dom_use_restrictions(&b, f);
	dom_start(&b, "fingerprint");
	dom_element(&b, "metadata", f->metadata_fingerprint);
	if (f->data_fingerprint)
		dom_element(&b, "data", f->data_fingerprint);
	dom_end(&b);
	dom_start(&b, "dates");
	dom_attr(&b, "application", f->application_date);
	dom_attr(&b, "publicityStart", f->publicity_start);
	dom_attr(&b, "publicityEnd", f->publicity_end);
	dom_attr(&b, "registration", f->registration_date);
	dom_element(&b, "registrationInWords", words);
	dom_end(&b);
	dom_start(&b, "registry");
	dom_text_attr(&b, "name", f->registry_name, "registry/name");
	dom_attr(&b, "keyId", key_id);
	dom_attr(&b, "algorithm", ds__sig_alg_name(ds_key_alg(f->registry_key)));
	dom_attr(&b, "digest", ds_key_hash_alg(f->registry_key) == DS_HASH_SM3 ? "sm3" : "sha256");
	dom_end(&b);
	if (f->supersedes)
		dom_element(&b, "supersedes", f->supersedes);
	dom_indent(&b, 0);
	if (b.rc == DS_OK) {
		*out = b.doc;
		b.doc = NULL;
	}
done:
	xmlFreeDoc(b.doc);
	ds__free(key_id);
	ds__free(words);
	return b.rc;
}
