/*
 * A readable summary of a certificate (datasset cert show).
 * SPDX-License-Identifier: MIT
 */
#include "config.h"

#include <string.h>

#include "certificate_internal.h"

/* Append "label: value" for the text of @node's child @child (NULL: @node) or
 * its attribute @attr; nothing when absent. */
static void line(ds__buf *b, const char *label, xmlNodePtr node, const char *child, const char *attr)
{
	xmlNodePtr at = child ? ds__xml_child(node, child) : node;
	char *text = NULL;

	if (!at || ds__xml_text(&text, at, attr) < 0 || !text)
		return;
	ds__buf_printf(b, "%s: %s\n", label, text);
	ds__free(text);
}

/* The fields of a cancellation record (注销) before its registry. */
/* 使用限制: "use restriction: TEXT (CODE)" per restriction. */
static void use_restriction_lines(ds__buf *b, xmlNodePtr root)
{
	xmlNodePtr node;

	for (node = ds__xml_child(ds__xml_child(root, "useRestrictions"), "restriction"); node;
	     node = ds__xml_next(node, "restriction")) {
		char *code = NULL, *text = NULL;
		ds__xml_text(&code, node, "code");
		ds__xml_text(&text, node, NULL);
		ds__buf_printf(b, "use restriction: %s (%s)\n", text ? text : "", code ? code : "");
		ds__free(code);
		ds__free(text);
	}
}

static void cancellation_lines(ds__buf *b, xmlNodePtr root)
{
	xmlNodePtr node;

	ds__buf_puts(b, "document: cancellation record (注销)\n");
	line(b, "cancels", root, "cancels", NULL);
	line(b, "kind", root, "cancels", "kind");
	line(b, "registration", root, "cancels", "registration");
	node = ds__xml_child(root, "registrant");
	line(b, "registrant", node, "name", NULL);
	line(b, "credit code", node, "creditCode", NULL);
	node = ds__xml_child(root, "object");
	line(b, "object", node, "name", NULL);
	line(b, "object code", node, "code", NULL);
	line(b, "cancelled by", root, "cancelledBy", NULL);
	node = ds__xml_child(root, "dates");
	line(b, "registered", node, NULL, "registration");
	line(b, "cancelled", node, NULL, "cancellation");
	line(b, "cancelled (大写)", node, "cancellationInWords", NULL);
	line(b, "reason", root, "reason", NULL);
}

const char *ds__certificate_right_label(const char *type)
{
	static const char *const right_labels[][2] = { { "holding", "数据资源持有权" },
						       { "processing", "数据加工使用权" },
						       { "operating", "数据产品经营权" } };
	size_t i;

	for (i = 0; type && i < sizeof right_labels / sizeof right_labels[0]; i++)
		if (strcmp(type, right_labels[i][0]) == 0)
			return right_labels[i][1];
	return "";
}

int ds_certificate_summary(char **out, const ds_certificate *cert)
{
	ds__buf b = DS__BUF_INIT;
	xmlNodePtr root, node, right, object, evidence;
	xmlChar *raw;
	size_t count;
	unsigned long failures = ds__alloc_failures();

	if (!out || !cert)
		return ds__error(DS_EINVAL, "ds_certificate_summary: NULL argument");
	root = xmlDocGetRootElement(cert->doc);
	if (cert->cancellation) {
		cancellation_lines(&b, root);
		goto registry;
	}
	line(&b, "number", root, "number", NULL);
	line(&b, "kind", root, "number", "kind");
	node = ds__xml_child(root, "registrant");
	line(&b, "registrant", node, "name", NULL);
	line(&b, "credit code", node, "creditCode", NULL);
	for (right = ds__xml_child(ds__xml_child(root, "rights"), "right"); right;
	     right = ds__xml_next(right, "right")) {
		char *type = NULL, *start = NULL, *end = NULL;
		const char *label;
		ds__xml_text(&type, right, "type");
		label = ds__certificate_right_label(type);
		ds__xml_text(&start, ds__xml_child(right, "term"), "start");
		ds__xml_text(&end, ds__xml_child(right, "term"), "end");
		ds__buf_printf(&b, "right: %s (%s), %s to %s\n", label, type ? type : "", start ? start : "",
			       end ? end : "open");
		line(&b, "  scope", right, "scope", NULL);
		line(&b, "  restrictions", right, "restrictions", NULL);
		ds__free(type);
		ds__free(start);
		ds__free(end);
	}
	object = ds__xml_child(root, "object");
	line(&b, "object", object, "name", NULL);
	line(&b, "object code", object, "code", NULL);
	line(&b, "description", object, "description", NULL);
	line(&b, "source", object, "source", NULL);
	line(&b, "records", object, "scale", "records");
	line(&b, "fields", object, "scale", "fields");
	line(&b, "bytes", object, "scale", "bytes");
	line(&b, "format", object, "format", NULL);
	line(&b, "update frequency", object, "updateFrequency", NULL);
	line(&b, "coverage region", object, "coverage", "region");
	line(&b, "coverage period", object, "coverage", "period");
	line(&b, "quality", object, "quality", NULL);
	line(&b, "security class", object, "security", "class");
	line(&b, "personal information", object, "security", "personalInformation");
	line(&b, "scenarios", object, "scenarios", NULL);
	use_restriction_lines(&b, root);
	node = ds__xml_child(root, "fingerprint");
	line(&b, "metadata fingerprint", node, "metadata", NULL);
	line(&b, "data fingerprint", node, "data", NULL);
	node = ds__xml_child(root, "dates");
	line(&b, "applied", node, NULL, "application");
	line(&b, "publicity from", node, NULL, "publicityStart");
	line(&b, "publicity to", node, NULL, "publicityEnd");
	line(&b, "registered", node, NULL, "registration");
	line(&b, "registered (大写)", node, "registrationInWords", NULL);
registry:
	node = ds__xml_child(root, "registry");
	line(&b, "registry", node, NULL, "name");
	line(&b, "registry key", node, NULL, "keyId");
	line(&b, "algorithm", node, NULL, "algorithm");
	line(&b, "digest", node, NULL, "digest");
	line(&b, "supersedes", root, "supersedes", NULL);
	evidence = ds__xml_child(root, "logEvidence");
	if (evidence) {
		line(&b, "log index", evidence, NULL, "index");
		line(&b, "log tree size", evidence, NULL, "treeSize");
		line(&b, "log root", evidence, NULL, "rootHash");
		raw = xmlNodeGetContent(ds__xml_child(evidence, "checkpoint"));
		if (raw) {
			const char *nl = strchr((const char *)raw, '\n');
			ds__buf_printf(&b, "log origin: %.*s\n", nl ? (int)(nl - (const char *)raw) : 0,
				       (const char *)raw);
			xmlFree(raw);
		}
		count = ds__xml_count(ds__xml_child(evidence, "inclusionProof"), "hash");
		ds__buf_printf(&b, "inclusion proof: %zu hashes\n", count);
	} else {
		ds__buf_puts(&b, "log evidence: none\n");
	}
	node = ds__xml_child(root, "signature");
	if (node)
		line(&b, "signature", node, NULL, "algorithm");
	else
		ds__buf_puts(&b, "signature: none (unsigned)\n");
	/* A field that could not be read for want of memory would be a line
	 * missing from the summary: the summary fails instead. */
	if (ds__alloc_failures() != failures) {
		ds__buf_dispose(&b);
		return ds__enomem();
	}
	return ds__buf_detach(out, &b);
}
