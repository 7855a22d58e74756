/*
 * Decimals in XML documents, on top of the core XML layer: the reading and
 * writing helpers that need ds_decimal (core knows nothing of decimals).
 * SPDX-License-Identifier: MIT
 */
#include "config.h"

#include <string.h>

#include "internal/decimal_xml.h"

int ds__xml_decimal_attr(ds_decimal **out, xmlNodePtr node, const char *name, int percent_ok)
{
	xmlChar *raw = xmlGetProp(node, (const xmlChar *)name);
	ds_decimal *d = NULL;
	int rc;

	*out = NULL;
	if (!raw)
		return DS_OK;
	xmlFree(raw);
	if ((rc = ds_decimal_new(&d)) < 0)
		return rc;
	if ((rc = ds__xml_decimal(d, node, name, percent_ok)) < 0) {
		ds_decimal_free(d);
		return rc;
	}
	*out = d;
	return DS_OK;
}

int ds__xml_decimal(ds_decimal *out, xmlNodePtr node, const char *attr, int percent_ok)
{
	char *text = NULL;
	size_t len;
	int rc, percent = 0;

	if ((rc = ds__xml_text_required(&text, node, attr)) < 0)
		return rc;
	len = strlen(text);
	if (percent_ok && len > 0 && text[len - 1] == '%') {
		text[len - 1] = '\0';
		percent = 1;
	}
	if ((rc = ds_decimal_parse(out, text, DS_DECIMAL_EXPONENT)) < 0) {
		rc = ds__xml_error(rc, node, attr, "'%s%s' is not a number (%s)", text, percent ? "%" : "",
				   ds_error_last()->message);
	} else if (percent) {
		ds_decimal *hundred = NULL;
		if ((rc = ds_decimal_new(&hundred)) == DS_OK) {
			ds_decimal_set_int64(hundred, 100);
			rc = ds_decimal_div(out, out, hundred);
			ds_decimal_free(hundred);
		}
	}
	ds__free(text);
	return rc;
}

void ds__xmlw_attr_decimal(ds__xml_writer *w, const char *name, const ds_decimal *value)
{
	char *text = NULL;

	if (w->failed)
		return;
	if (ds_decimal_to_string(&text, value, 0) < 0 && ds_decimal_to_fraction(&text, value) < 0) {
		w->failed = 1;
		return;
	}
	ds__xmlw_attr(w, name, text);
	ds__free(text);
}
