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

/* Amounts of money in a document, read as the CLI reads --cost: the forms of
 * DS_DECIMAL_AMOUNT ("800000.00", "800,000.00", "8e5"). A refusal names the
 * element, the attribute and the line, and says which forms are accepted, so a
 * document author never sees a schema pattern. */
#define DS__AMOUNT_NONNEGATIVE 0x1u /* refuse a negative amount */
#define DS__AMOUNT_FEN 0x2u	    /* refuse more than two decimals (exact to the fen) */
#define DS__AMOUNT_15_DIGITS 0x4u   /* refuse 10^15 yuan and more */
int ds__xml_amount(ds_decimal *out, xmlNodePtr node, const char *attr, unsigned int checks);
/* The same checks on @text itself: DS_OK; DS_EINVAL or DS_ERANGE with the refusal
 * written into @message (@size bytes), which names the value but no place; or
 * DS_ENOMEM with @message empty. For readers that report places themselves. */
int ds__amount_check(ds_decimal *out, const char *text, unsigned int checks, char *message, size_t size);
/* An optional amount attribute: *out receives a new decimal (free with
 * ds_decimal_free()), or NULL when the attribute is absent. */
int ds__xml_amount_attr(ds_decimal **out, xmlNodePtr node, const char *name, unsigned int checks);

/* An exact decimal as an attribute: exact form when it terminates, else "p/q". */
void ds__xmlw_attr_decimal(ds__xml_writer *w, const char *name, const ds_decimal *value);

#endif
