/*
 * Decimals in XML documents: reading a decimal attribute or element and
 * writing one as an attribute (lib/decimal/xml.c). They live in the decimal
 * module, above the core XML layer (internal/xml.h), so that core never
 * reaches up into decimal. Never installed.
 * SPDX-License-Identifier: MIT
 */
#ifndef DS_INTERNAL_DECIMAL_XML_H
#define DS_INTERNAL_DECIMAL_XML_H

#include "datasset/decimal.h"
#include "internal/xml.h"

/* Parse a decimal (plain form, optional "%" suffix meaning ÷100 when @percent_ok)
 * from an attribute or content; errors name the field path and line. */
int ds__xml_decimal(ds_decimal *out, xmlNodePtr node, const char *attr, int percent_ok);
/* An optional decimal attribute: *out receives a new decimal (free with
 * ds_decimal_free()), or NULL when the attribute is absent. */
int ds__xml_decimal_attr(ds_decimal **out, xmlNodePtr node, const char *name, int percent_ok);

/* An exact decimal as an attribute: exact form when it terminates, else "p/q". */
void ds__xmlw_attr_decimal(ds__xml_writer *w, const char *name, const ds_decimal *value);

#endif
