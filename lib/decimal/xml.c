/*
 * Decimals in XML documents, on top of the core XML layer: the reading and
 * writing helpers that need ds_decimal (core knows nothing of decimals).
 * SPDX-License-Identifier: MIT
 */
#include "config.h"

#include <stdio.h>
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

int ds__amount_check(ds_decimal *out, const char *text, unsigned int checks, char *message, size_t size)
{
	static const char forms[] = "write it as 800000.00 or 800,000.00";
	ds_decimal *value = NULL, *limit = NULL;
	int rc;

	message[0] = '\0';
	if ((rc = ds_decimal_new(&value)) < 0)
		goto done;
	if (ds_decimal_parse(value, text, DS_DECIMAL_AMOUNT) < 0) {
		if (ds_error_last()->code == DS_ENOMEM) {
			rc = DS_ENOMEM;
		} else {
			rc = DS_EINVAL;
			snprintf(message, size, "'%s' is not an amount in yuan (%s): %s", text, forms,
				 ds_error_last()->message);
		}
		goto done;
	}
	if ((checks & DS__AMOUNT_NONNEGATIVE) && ds_decimal_sign(value) < 0) {
		rc = DS_EINVAL;
		snprintf(message, size, "negative amount '%s'", text);
		goto done;
	}
	if ((checks & (DS__AMOUNT_FEN | DS__AMOUNT_15_DIGITS)) && (rc = ds_decimal_new(&limit)) < 0)
		goto done;
	if ((checks & DS__AMOUNT_FEN) &&
	    ((rc = ds_decimal_round(limit, value, 2, DS_ROUND_DOWN)) < 0 || ds_decimal_cmp(limit, value) != 0)) {
		if (rc < 0)
			goto done;
		rc = DS_EINVAL;
		snprintf(message, size, "amount '%s' is not in whole fen (分): at most two decimals", text);
		goto done;
	}
	if (checks & DS__AMOUNT_15_DIGITS) {
		ds_decimal *magnitude = NULL;
		int above;
		if ((rc = ds_decimal_parse(limit, "1e15", DS_DECIMAL_EXPONENT)) < 0 ||
		    (rc = ds_decimal_dup(&magnitude, value)) < 0 || (rc = ds_decimal_abs(magnitude, magnitude)) < 0) {
			ds_decimal_free(magnitude);
			goto done;
		}
		above = ds_decimal_cmp(magnitude, limit) >= 0;
		ds_decimal_free(magnitude);
		if (above) {
			rc = DS_ERANGE;
			snprintf(message, size, "amount '%s' has more than 15 digits of yuan", text);
			goto done;
		}
	}
	rc = ds_decimal_set(out, value);
done:
	ds_decimal_free(limit);
	ds_decimal_free(value);
	return rc;
}

int ds__xml_amount(ds_decimal *out, xmlNodePtr node, const char *attr, unsigned int checks)
{
	char *text = NULL, message[768];
	int rc;

	if ((rc = ds__xml_text_required(&text, node, attr)) < 0)
		return rc;
	if ((rc = ds__amount_check(out, text, checks, message, sizeof message)) < 0 && message[0])
		rc = ds__xml_error(rc, node, attr, "%s", message);
	ds__free(text);
	return rc;
}

int ds__xml_amount_attr(ds_decimal **out, xmlNodePtr node, const char *name, unsigned int checks)
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
	if ((rc = ds__xml_amount(d, node, name, checks)) < 0) {
		ds_decimal_free(d);
		return rc;
	}
	*out = d;
	return DS_OK;
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
