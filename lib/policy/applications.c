/*
 * Applications: streamed from a document one applicant at a time and checked
 * (统一社会信用代码, duplicates, product references, amounts in whole fen).
 * SPDX-License-Identifier: MIT
 *
 * The document is read as events (ds__xml_events_run): no tree is built and no
 * schema is attached. Everything schemas/applications.xsd (version 2) and
 * schemas/applications-1.xsd (version 1) say is checked here, from the tables
 * below: which element may appear where, which attributes each element has and
 * which are required, and each attribute's type (patterns, dates, booleans,
 * years, lengths, the enumeration). A refusal names the document, the line,
 * the element and the attribute as libxml2's validator did. tests/test_policy.c
 * (applications_match_schema) runs both on fixtures and mutated documents and
 * asserts they accept and refuse the same ones.
 */
#include "config.h"

#include <limits.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal/codes.h"
#include "internal/decimal_xml.h"
#include "policy/model.h"

/* ---------------------------------------------------------------- the schemas as tables */

enum kind {
	K_APPLICATIONS,
	K_APPLICANT,
	K_PRODUCT,
	K_TRADE,
	K_FILING,
	K_VOUCHER,
	K_CASE,
	K_CONTRACT,
	K_PARTNER,
	K_TRAINING,
	K_REVIEW,
	K_RECOGNITION,
	K_PROVIDER,
	K_APPROVAL,
	K_COUNT
};

/* Attribute types: xs:string; the patterns ref, programme, tag, the decimal of
 * score (and of version 1's amount), share; a:tagList; a:text (1 to 1000
 * characters); xs:date, xs:boolean, xs:gYear; the role enumeration. Version 2's
 * amount is xs:string: the library reads it (ds__amount_check). */
enum type {
	T_STRING,
	T_REF,
	T_PROGRAMME,
	T_TAG,
	T_DECIMAL,
	T_SHARE,
	T_TAGLIST,
	T_TEXT,
	T_DATE,
	T_BOOLEAN,
	T_GYEAR,
	T_ROLE
};

#define MAX_ATTRS 8
typedef struct attr_def {
	const char *name;
	unsigned char type;
	unsigned char required;
} attr_def;

typedef struct element_def {
	const char *name;
	attr_def attrs[MAX_ATTRS];
} element_def;

#define REQ 1
static const element_def schema_2[K_COUNT] = {
	[K_APPLICATIONS] = { "applications", { { NULL, 0, 0 } } },
	[K_APPLICANT] = { "applicant",
			  { { "id", T_STRING, REQ }, { "name", T_STRING, REQ }, { "verified", T_BOOLEAN, 0 } } },
	[K_PRODUCT] = { "product",
			{ { "id", T_REF, REQ },
			  { "first-listed", T_DATE, REQ },
			  { "listed", T_DATE, 0 },
			  { "certificate", T_BOOLEAN, 0 },
			  { "trade-voucher", T_BOOLEAN, 0 } } },
	[K_TRADE] = { "trade", { { "product", T_REF, REQ }, { "date", T_DATE, REQ }, { "amount", T_STRING, REQ } } },
	[K_FILING] = { "filing",
		       { { "role", T_ROLE, REQ },
			 { "filed", T_DATE, REQ },
			 { "traded", T_DATE, 0 },
			 { "amount", T_STRING, REQ } } },
	[K_VOUCHER] = { "voucher", { { "kind", T_TAG, REQ }, { "number", T_STRING, 0 } } },
	[K_CASE] = { "case",
		     { { "id", T_REF, REQ },
		       { "list", T_TAG, REQ },
		       { "year", T_GYEAR, REQ },
		       { "outcome", T_TAG, REQ },
		       { "share", T_SHARE, 0 },
		       { "date", T_DATE, 0 },
		       { "title", T_STRING, 0 } } },
	[K_CONTRACT] = { "contract",
			 { { "counterparty", T_STRING, REQ },
			   { "enterprise", T_BOOLEAN, 0 },
			   { "date", T_DATE, REQ },
			   { "amount", T_STRING, REQ } } },
	[K_PARTNER] = { "partner", { { "name", T_STRING, REQ }, { "research", T_BOOLEAN, 0 } } },
	[K_TRAINING] = { "training", { { "evidence", T_TEXT, REQ }, { "assessed-by", T_STRING, 0 } } },
	[K_REVIEW] = { "review", { { "score", T_DECIMAL, REQ } } },
	[K_RECOGNITION] = { "recognition",
			    { { "id", T_REF, REQ },
			      { "date", T_DATE, REQ },
			      { "amount", T_STRING, REQ },
			      { "registered", T_BOOLEAN, 0 },
			      { "voucher-user", T_BOOLEAN, 0 },
			      { "claimed", T_DATE, 0 } } },
	[K_PROVIDER] = { "provider",
			 { { "id", T_STRING, REQ },
			   { "name", T_STRING, REQ },
			   { "founded", T_DATE, REQ },
			   { "approved", T_BOOLEAN, 0 },
			   { "independent", T_BOOLEAN, 0 },
			   { "clean", T_BOOLEAN, 0 },
			   { "licensed", T_BOOLEAN, 0 },
			   { "qualifications", T_TAGLIST, 0 } } },
	[K_APPROVAL] = { "approval",
			 { { "programme", T_PROGRAMME, REQ },
			   { "unit", T_REF, 0 },
			   { "amount", T_STRING, REQ },
			   { "by", T_TEXT, REQ },
			   { "date", T_DATE, 0 } } },
};

/* Version 1: no training or approval; trade, filing and contract extend a:dated
 * (date, amount) and its amount is a decimal pattern. */
static const element_def schema_1[K_COUNT] = {
	[K_APPLICATIONS] = { "applications", { { NULL, 0, 0 } } },
	[K_APPLICANT] = { "applicant",
			  { { "id", T_STRING, REQ }, { "name", T_STRING, REQ }, { "verified", T_BOOLEAN, 0 } } },
	[K_PRODUCT] = { "product",
			{ { "id", T_REF, REQ },
			  { "listed", T_DATE, REQ },
			  { "certificate", T_BOOLEAN, 0 },
			  { "trade-voucher", T_BOOLEAN, 0 } } },
	[K_TRADE] = { "trade", { { "date", T_DATE, REQ }, { "amount", T_DECIMAL, REQ }, { "product", T_REF, REQ } } },
	[K_FILING] = { "filing", { { "date", T_DATE, REQ }, { "amount", T_DECIMAL, REQ }, { "role", T_ROLE, REQ } } },
	[K_VOUCHER] = { "voucher", { { "kind", T_TAG, REQ }, { "number", T_STRING, 0 } } },
	[K_CASE] = { "case",
		     { { "id", T_REF, REQ },
		       { "list", T_TAG, REQ },
		       { "date", T_DATE, REQ },
		       { "title", T_STRING, 0 } } },
	[K_CONTRACT] = { "contract",
			 { { "date", T_DATE, REQ }, { "amount", T_DECIMAL, REQ }, { "counterparty", T_STRING, REQ } } },
	[K_PARTNER] = { "partner", { { "name", T_STRING, REQ } } },
	[K_TRAINING] = { NULL, { { NULL, 0, 0 } } },
	[K_REVIEW] = { "review", { { "score", T_DECIMAL, REQ } } },
	[K_RECOGNITION] = { "recognition",
			    { { "id", T_REF, REQ },
			      { "date", T_DATE, REQ },
			      { "amount", T_DECIMAL, REQ },
			      { "registered", T_BOOLEAN, 0 } } },
	[K_PROVIDER] = { "provider",
			 { { "id", T_STRING, REQ },
			   { "name", T_STRING, REQ },
			   { "founded", T_DATE, REQ },
			   { "approved", T_BOOLEAN, 0 },
			   { "independent", T_BOOLEAN, 0 },
			   { "clean", T_BOOLEAN, 0 },
			   { "qualifications", T_TAGLIST, 0 } } },
	[K_APPROVAL] = { NULL, { { NULL, 0, 0 } } },
};

static const char *const namespaces[] = { "urn:datasset:applications:1", "urn:datasset:applications:2" };
#define XSI_NS "http://www.w3.org/2001/XMLSchema-instance"

/* The kind of an applicant's child named @local in version @schema, or K_COUNT. */
static int child_kind(const element_def *schema, const char *local)
{
	int k;

	for (k = K_PRODUCT; k < K_COUNT; k++)
		if (k != K_PROVIDER && schema[k].name && schema[k].name[0] == local[0] &&
		    strcmp(schema[k].name, local) == 0)
			return k;
	return K_COUNT;
}

/* ---------------------------------------------------------------- attribute types */

static int is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

static int in_class(char c, const char *ranges)
{
	for (; *ranges; ranges += 2)
		if (c >= ranges[0] && c <= ranges[1])
			return 1;
	return 0;
}

/* [first][rest]{0,63}: the patterns ref, programme and tag. */
static int name_pattern(const char *v, size_t len, const char *first, const char *rest)
{
	size_t i;

	if (len < 1 || len > 64 || !in_class(v[0], first))
		return 0;
	for (i = 1; i < len; i++)
		if (!in_class(v[i], rest))
			return 0;
	return 1;
}

static const char REF_FIRST[] = "AZaz09", REF_REST[] = "AZaz09__..--";
static const char PROGRAMME_FIRST[] = "AZaz", PROGRAMME_REST[] = "AZaz09__--";
static const char TAG_FIRST[] = "az", TAG_REST[] = "az09__";

/* [0-9]{1,20} at *i; whether it matched. */
static int digits_1_20(const char *v, size_t len, size_t *i)
{
	size_t start = *i;

	while (*i < len && v[*i] >= '0' && v[*i] <= '9')
		(*i)++;
	return *i > start && *i - start <= 20;
}

/* -?[0-9]{1,20}(\.[0-9]{1,20})? (score; version 1's amount), or with @share
 * [0-9]{1,20}(\.[0-9]{1,20})?(/[0-9]{1,20})?. */
static int decimal_pattern(const char *v, size_t len, int share)
{
	size_t i = 0;

	if (!share && i < len && v[i] == '-')
		i++;
	if (!digits_1_20(v, len, &i))
		return 0;
	if (i < len && v[i] == '.' && (i++, !digits_1_20(v, len, &i)))
		return 0;
	if (share && i < len && v[i] == '/' && (i++, !digits_1_20(v, len, &i)))
		return 0;
	return i == len;
}

static int two_digits(const char *v, int *out)
{
	if (v[0] < '0' || v[0] > '9' || v[1] < '0' || v[1] > '9')
		return 0;
	*out = (v[0] - '0') * 10 + (v[1] - '0');
	return 1;
}

/* -?YYYY with more digits only without a leading zero, not year 0 (XSD 1.0);
 * the year's digits end at *i. */
static int xsd_year(const char *v, size_t len, size_t *i, long *year)
{
	size_t start;

	*year = 0;
	if (*i < len && v[*i] == '-')
		(*i)++;
	start = *i;
	while (*i < len && v[*i] >= '0' && v[*i] <= '9') {
		if (*year < 100000000L)
			*year = *year * 10 + (v[*i] - '0');
		(*i)++;
	}
	if (*i - start < 4 || (*i - start > 4 && v[start] == '0'))
		return 0;
	return *year != 0;
}

/* An optional timezone at i: Z or (+|-)hh:mm, hh:mm at most 14:00. */
static int xsd_timezone(const char *v, size_t len, size_t i)
{
	int hh, mm;

	if (i == len)
		return 1;
	if (v[i] == 'Z')
		return i + 1 == len;
	if ((v[i] != '+' && v[i] != '-') || len - i != 6 || !two_digits(v + i + 1, &hh) || v[i + 3] != ':' ||
	    !two_digits(v + i + 4, &mm))
		return 0;
	return mm <= 59 && hh * 60 + mm <= 14 * 60;
}

static int xsd_date(const char *v, size_t len)
{
	static const int days[12] = { 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	size_t i = 0;
	long year;
	int month, day, leap;

	if (!xsd_year(v, len, &i, &year) || len - i < 6 || v[i] != '-' || !two_digits(v + i + 1, &month) ||
	    v[i + 3] != '-' || !two_digits(v + i + 4, &day))
		return 0;
	if (v[0] == '-')
		year = -year;
	/* XSD 1.0 has no year 0: the year before 1 is -1, so leap years before it are -1, -5, ... */
	leap = year > 0 ? (year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)) :
			  ((-year - 1) % 4 == 0 && ((-year - 1) % 100 != 0 || (-year - 1) % 400 == 0));
	if (month < 1 || month > 12 || day < 1 || day > days[month - 1] || (month == 2 && day == 29 && !leap))
		return 0;
	return xsd_timezone(v, len, i + 6);
}

static int xsd_gyear(const char *v, size_t len)
{
	size_t i = 0;
	long year;

	return xsd_year(v, len, &i, &year) && xsd_timezone(v, len, i);
}

/* Characters of UTF-8 text (the parser has checked the encoding). */
static size_t utf8_chars(const char *v, size_t len)
{
	size_t i, n = 0;

	for (i = 0; i < len; i++)
		n += ((unsigned char)v[i] & 0xC0) != 0x80;
	return n;
}

/* a:tagList: whitespace-separated tags (xs:list collapses whitespace); empty is a list of none. */
static int tag_list(const char *v, size_t len)
{
	size_t i = 0, start;

	for (;;) {
		while (i < len && is_space(v[i]))
			i++;
		if (i == len)
			return 1;
		start = i;
		while (i < len && !is_space(v[i]))
			i++;
		if (!name_pattern(v + start, i - start, TAG_FIRST, TAG_REST))
			return 0;
	}
}

/* DS_OK, or the schema's refusal of @value (@len bytes) written into @why. */
static int check_type(int type, const char *v, size_t len, char *why, size_t size)
{
	const char *atomic = NULL, *pattern = NULL;
	size_t n;

	switch (type) {
	case T_STRING: return DS_OK;
	case T_REF:
		if (name_pattern(v, len, REF_FIRST, REF_REST))
			return DS_OK;
		pattern = "[A-Za-z0-9][A-Za-z0-9_.\\-]{0,63}";
		break;
	case T_PROGRAMME:
		if (name_pattern(v, len, PROGRAMME_FIRST, PROGRAMME_REST))
			return DS_OK;
		pattern = "[A-Za-z][A-Za-z0-9_\\-]{0,63}";
		break;
	case T_TAG:
		if (name_pattern(v, len, TAG_FIRST, TAG_REST))
			return DS_OK;
		pattern = "[a-z][a-z0-9_]{0,63}";
		break;
	case T_DECIMAL:
		if (decimal_pattern(v, len, 0))
			return DS_OK;
		pattern = "-?[0-9]{1,20}(\\.[0-9]{1,20})?";
		break;
	case T_SHARE:
		if (decimal_pattern(v, len, 1))
			return DS_OK;
		pattern = "[0-9]{1,20}(\\.[0-9]{1,20})?(/[0-9]{1,20})?";
		break;
	case T_TAGLIST:
		if (tag_list(v, len))
			return DS_OK;
		snprintf(why, size,
			 "'%.*s' is not a valid value of the list type 'tagList': each item is a tag "
			 "[a-z][a-z0-9_]{0,63}.",
			 (int)len, v);
		return DS_EPARSE;
	case T_TEXT:
		n = utf8_chars(v, len);
		if (n < 1) {
			snprintf(
				why, size,
				"[facet 'minLength'] The value '%.*s' has a length of '%zu'; this underruns the allowed "
				"minimum length of '1'.",
				(int)len, v, n);
			return DS_EPARSE;
		}
		if (n > 1000) {
			snprintf(
				why, size,
				"[facet 'maxLength'] The value has a length of '%zu'; this exceeds the allowed maximum "
				"length of '1000'.",
				n);
			return DS_EPARSE;
		}
		return DS_OK;
	case T_DATE:
		if (xsd_date(v, len))
			return DS_OK;
		atomic = "xs:date";
		break;
	case T_BOOLEAN:
		if ((len == 4 && memcmp(v, "true", 4) == 0) || (len == 5 && memcmp(v, "false", 5) == 0) ||
		    (len == 1 && (v[0] == '1' || v[0] == '0')))
			return DS_OK;
		atomic = "xs:boolean";
		break;
	case T_GYEAR:
		if (xsd_gyear(v, len))
			return DS_OK;
		atomic = "xs:gYear";
		break;
	default: /* T_ROLE */
		if ((len == 8 && memcmp(v, "provider", 8) == 0) || (len == 5 && memcmp(v, "buyer", 5) == 0))
			return DS_OK;
		snprintf(why, size,
			 "[facet 'enumeration'] The value '%.*s' is not an element of the set {'provider', 'buyer'}.",
			 (int)len, v);
		return DS_EPARSE;
	}
	if (atomic)
		snprintf(why, size, "'%.*s' is not a valid value of the atomic type '%s'.", (int)len, v, atomic);
	else
		snprintf(why, size, "[facet 'pattern'] The value '%.*s' is not accepted by the pattern '%s'.", (int)len,
			 v, pattern);
	return DS_EPARSE;
}

/* ---------------------------------------------------------------- one applicant, collected */

/* An element of the applicant being read: its attributes' values are in the
 * collection's arena (NUL-terminated), by the slot of the schema table. */
typedef struct el {
	const struct coll *c;
	unsigned char kind;
	int line;
	size_t index;		   /* among its siblings of the same name, from 1 */
	size_t parent;		   /* a provider: the index of its recognition in c->els */
	uint32_t value[MAX_ATTRS]; /* offset + 1 in the arena; 0: absent */
} el;

typedef struct coll {
	const element_def *schema;
	const char *ns;
	el *els; /* els[0] is the applicant */
	size_t n, cap;
	char *arena;
	size_t used, arena_cap;
	size_t same[K_COUNT]; /* the applicant's children by kind */
	size_t number;	      /* the applicant's position in the document, from 1 */
	int several;	      /* the document has more than one applicant: paths give the position */
} coll;

static void coll_reset(coll *c)
{
	c->n = 0;
	c->used = 0;
	memset(c->same, 0, sizeof c->same);
}

static void coll_dispose(coll *c)
{
	ds__free(c->els);
	ds__free(c->arena);
}

static const char *value_of(const el *e, const char *attr)
{
	const attr_def *defs = e->c->schema[e->kind].attrs;
	size_t i;

	/* The callers' literals are usually the tables' own (merged): a pointer first. */
	for (i = 0; i < MAX_ATTRS && defs[i].name; i++)
		if (defs[i].name == attr)
			return e->value[i] ? e->c->arena + e->value[i] - 1 : NULL;
	for (i = 0; i < MAX_ATTRS && defs[i].name; i++)
		if (defs[i].name[0] == attr[0] && strcmp(defs[i].name, attr) == 0)
			return e->value[i] ? e->c->arena + e->value[i] - 1 : NULL;
	return NULL;
}

static int has(const el *e, const char *attr)
{
	return value_of(e, attr) != NULL;
}

/* The field path, as ds__xml_path gives it for a tree: applications/applicant[2]/trade[3]/@amount. */
static void el_path(char *buf, size_t size, const el *e, const char *attr)
{
	const coll *c = e->c;
	int at;

	if (c->several)
		at = snprintf(buf, size, "applications/applicant[%zu]", c->number);
	else
		at = snprintf(buf, size, "applications/applicant");
	if (at < 0 || (size_t)at >= size)
		return;
	if (e->kind == K_PROVIDER) {
		const el *r = &c->els[e->parent];
		if (c->same[K_RECOGNITION] > 1)
			at += snprintf(buf + at, size - (size_t)at, "/recognition[%zu]/provider", r->index);
		else
			at += snprintf(buf + at, size - (size_t)at, "/recognition/provider");
	} else if (e->kind != K_APPLICANT) {
		if (c->same[e->kind] > 1)
			at += snprintf(buf + at, size - (size_t)at, "/%s[%zu]", c->schema[e->kind].name, e->index);
		else
			at += snprintf(buf + at, size - (size_t)at, "/%s", c->schema[e->kind].name);
	}
	if (attr && at >= 0 && (size_t)at < size)
		snprintf(buf + at, size - (size_t)at, "/@%s", attr);
}

/* As ds__xml_error: "line N, path: message". */
static int el_error(int code, const el *e, const char *attr, const char *fmt, ...) DS__PRINTF(4, 5);
static int el_error(int code, const el *e, const char *attr, const char *fmt, ...)
{
	char path[256], message[768];
	va_list ap;

	el_path(path, sizeof path, e, attr);
	va_start(ap, fmt);
	vsnprintf(message, sizeof message, fmt, ap);
	va_end(ap);
	if (e->line > 0)
		return ds__error_at(code, e->line, 0, path, "line %d, %s: %s", e->line, path, message);
	return ds__error_at(code, 0, 0, path, "%s: %s", path, message);
}

/* As ds__xml_text: the value without surrounding XML whitespace, in NFC; NULL when absent. */
static int el_text(char **out, const el *e, const char *attr)
{
	const char *raw = value_of(e, attr), *end;
	int rc;

	*out = NULL;
	if (!raw)
		return DS_OK;
	end = raw + strlen(raw);
	while (raw < end && is_space(*raw))
		raw++;
	while (end > raw && is_space(end[-1]))
		end--;
	if ((rc = ds__nfc(out, raw, (size_t)(end - raw))) < 0)
		return el_error(rc, e, attr, "%s", ds_error_last()->message);
	return DS_OK;
}

static int el_text_required(char **out, const el *e, const char *attr)
{
	int rc = el_text(out, e, attr);

	if (rc < 0)
		return rc;
	if (!*out)
		return el_error(DS_EINVAL, e, attr, "missing attribute '%s'", attr);
	return DS_OK;
}

/* As ds__xml_name: text without bidirectional controls. */
static int el_name(char **out, const el *e, const char *attr, int required)
{
	char message[160];
	size_t position = 0;
	unsigned int cp = 0;
	int rc = required ? el_text_required(out, e, attr) : el_text(out, e, attr);

	if (rc < 0 || !ds__text_find_bidi(*out, &position, &cp))
		return rc;
	ds__free(*out);
	*out = NULL;
	ds__xml_name_refusal(message, sizeof message, position, cp);
	return el_error(DS_EINVAL, e, attr, "%s", message);
}

/* As ds__xml_long. */
static int el_long(long *out, const el *e, const char *attr, long min, long max)
{
	char *text = NULL;
	int rc;

	if ((rc = el_text_required(&text, e, attr)) < 0)
		return rc;
	if ((rc = ds__long_parse(out, text, min, max)) < 0) {
		char message[768]; /* as ds__xml_error's, so that a long value is cut where it was */
		rc = el_error(ds__xml_long_refusal(message, sizeof message, rc, text, min, max), e, attr, "%s",
			      message);
	}
	ds__free(text);
	return rc;
}

static int is_digit(char c)
{
	return c >= '0' && c <= '9';
}

/* A date as days; the schema check has made it an xs:date without whitespace,
 * so the value is what ds__xml_date would have parsed. */
static int read_days(long *out, const el *e, const char *attr)
{
	const char *raw = value_of(e, attr);
	ds__date d;

	if (!raw)
		return el_error(DS_EINVAL, e, attr, "missing attribute '%s'", attr);
	/* The usual form, YYYY-MM-DD with a year from 1000 (each byte checked in turn, so
	 * nothing past the end is read), read here: ds__date_parse gives the same date and
	 * is left the other forms and the refusals. */
	if (is_digit(raw[0]) && raw[0] != '0' && is_digit(raw[1]) && is_digit(raw[2]) && is_digit(raw[3]) &&
	    raw[4] == '-' && is_digit(raw[5]) && is_digit(raw[6]) && raw[7] == '-' && is_digit(raw[8]) &&
	    is_digit(raw[9]) && raw[10] == '\0') {
		d.year = (raw[0] - '0') * 1000 + (raw[1] - '0') * 100 + (raw[2] - '0') * 10 + (raw[3] - '0');
		d.month = (raw[5] - '0') * 10 + (raw[6] - '0');
		d.day = (raw[8] - '0') * 10 + (raw[9] - '0');
		if (ds__date_valid(d.year, d.month, d.day)) {
			*out = ds__date_to_days(d);
			return DS_OK;
		}
	}
	if (ds__date_parse(&d, raw) < 0)
		return el_error(ds_error_last()->code, e, attr, "%s", ds_error_last()->message);
	*out = ds__date_to_days(d);
	return DS_OK;
}

/* An optional date: LONG_MIN when absent. */
static int read_optional_days(long *out, const el *e, const char *attr)
{
	*out = LONG_MIN;
	return has(e, attr) ? read_days(out, e, attr) : DS_OK;
}

/* An amount in whole fen, in the forms of DS_DECIMAL_AMOUNT ("800000.00",
 * "800,000.00"), not negative, at most 15 digits of yuan. The common plain form
 * (0|[1-9][0-9]{0,14})(.[0-9]{1,2})? is read directly; any other goes through
 * ds__amount_check, which gives the same value or the refusal. */
static int read_fen(int64_t *out, const el *e, const char *attr)
{
	const char *raw = value_of(e, attr), *p;
	ds_decimal *d = NULL, *hundred = NULL;
	char *text = NULL, message[768];
	int64_t whole = 0, cents = 0;
	int n = 0, rc;

	if (raw) {
		for (p = raw; *p >= '0' && *p <= '9' && n <= 15; p++, n++)
			whole = whole * 10 + (*p - '0');
		if (n >= 1 && n <= 15 && (n == 1 || raw[0] != '0')) {
			if (*p == '.' && p[1] >= '0' && p[1] <= '9') {
				cents = (p[1] - '0') * 10;
				if (p[2] >= '0' && p[2] <= '9')
					cents += p[2] - '0', p++;
				p += 2;
			}
			if (*p == '\0') {
				*out = whole * 100 + cents;
				return DS_OK;
			}
		}
	}
	if ((rc = el_text_required(&text, e, attr)) < 0)
		return rc;
	if ((rc = ds_decimal_new(&d)) < 0 || (rc = ds_decimal_new(&hundred)) < 0)
		goto done;
	/* Checked: whole fen below 10^15 yuan, so × 100 is an integer an int64_t holds. */
	if ((rc = ds__amount_check(d, text, DS__AMOUNT_NONNEGATIVE | DS__AMOUNT_FEN | DS__AMOUNT_15_DIGITS, message,
				   sizeof message)) < 0) {
		if (message[0])
			rc = el_error(rc, e, attr, "%s", message);
		goto done;
	}
	if ((rc = ds_decimal_set_int64(hundred, 100)) == DS_OK && (rc = ds_decimal_mul(d, d, hundred)) == DS_OK)
		rc = ds_decimal_to_int64(out, d);
done:
	ds_decimal_free(hundred);
	ds_decimal_free(d);
	ds__free(text);
	return rc;
}

/* xs:boolean: "true"/"1" or "false"/"0"; absent is false. */
static int read_flag(int *out, const el *e, const char *attr)
{
	const char *raw = value_of(e, attr), *end;

	*out = 0;
	if (!raw)
		return DS_OK;
	end = raw + strlen(raw);
	while (raw < end && is_space(*raw))
		raw++;
	while (end > raw && is_space(end[-1]))
		end--;
	*out = (end - raw == 4 && memcmp(raw, "true", 4) == 0) || (end - raw == 1 && *raw == '1');
	return DS_OK;
}

/* As ds__xml_decimal without the percent form. */
static int el_decimal(ds_decimal *out, const el *e, const char *attr)
{
	char *text = NULL;
	int rc;

	if ((rc = el_text_required(&text, e, attr)) < 0)
		return rc;
	if ((rc = ds_decimal_parse(out, text, DS_DECIMAL_EXPONENT)) < 0)
		rc = el_error(rc, e, attr, "'%s' is not a number (%s)", text, ds_error_last()->message);
	ds__free(text);
	return rc;
}

/* ---------------------------------------------------------------- the applicant into the model */

/* 统一社会信用代码 (GB 32100-2015) exactly as written: lib/core/codes.c. */
static int check_credit_code(const el *e, const char *code)
{
	char expected = 0;
	int position = 0;

	switch (ds__uscc_validate(code, &position, &expected)) {
	case DS__USCC_VALID: return DS_OK;
	case DS__USCC_LENGTH:
		return el_error(DS_EINVAL, e, "id", "统一社会信用代码 '%s' must have 18 characters, not %zu", code,
				strlen(code));
	case DS__USCC_CHARACTER:
		return el_error(DS_EINVAL, e, "id",
				"统一社会信用代码 '%s': character %d is not one of 0-9 and A-Y without I, O, S, V, Z",
				code, position);
	case DS__USCC_REGION:
		return el_error(DS_EINVAL, e, "id",
				"统一社会信用代码 '%s': character %d: the region code (characters 3-8) must be digits",
				code, position);
	case DS__USCC_CHECK: break;
	}
	return el_error(DS_EINVAL, e, "id", "统一社会信用代码 '%s': check character should be '%c'", code, expected);
}

void ds__policy_applicant_dispose(applicant *a)
{
	size_t i;

	ds__free(a->id);
	ds__free(a->name);
	for (i = 0; i < a->n_products; i++)
		ds__free(a->products[i].id);
	ds__free(a->products);
	ds__free(a->trades);
	ds__free(a->filings);
	for (i = 0; i < a->n_vouchers; i++)
		ds__free(a->vouchers[i]);
	ds__free(a->vouchers);
	for (i = 0; i < a->n_cases; i++) {
		ds__free(a->cases[i].id);
		ds__free(a->cases[i].list);
		ds__free(a->cases[i].outcome);
		ds_decimal_free(a->cases[i].share);
	}
	for (i = 0; i < a->n_approvals; i++) {
		ds__free(a->approvals[i].programme);
		ds__free(a->approvals[i].unit);
		ds__free(a->approvals[i].by);
	}
	ds__free(a->approvals);
	ds__free(a->training);
	ds__free(a->training_by);
	ds__free(a->cases);
	for (i = 0; i < a->n_contracts; i++)
		ds__free(a->contracts[i].counterparty);
	ds__free(a->contracts);
	for (i = 0; i < a->n_recognitions; i++) {
		app_recognition *r = &a->recognitions[i];
		ds__free(r->id);
		ds__free(r->provider_id);
		ds__free(r->provider_name);
		ds__free(r->qualifications);
	}
	ds__free(a->recognitions);
	ds_decimal_free(a->review_score);
}

void ds_applications_free(ds_applications *apps)
{
	size_t i;

	if (!apps)
		return;
	for (i = 0; i < apps->n; i++)
		ds__policy_applicant_dispose(&apps->applicants[i]);
	ds__free(apps->applicants);
	ds__free(apps);
}

size_t ds_applications_count(const ds_applications *apps)
{
	return apps ? apps->n : 0;
}

static int find_product(const applicant *a, const char *id, size_t *index)
{
	size_t i;

	/* Compared here: a call to strcmp per product and trade was 3 % of the reading. */
	for (i = 0; i < a->n_products; i++) {
		const char *p = a->products[i].id, *q = id;
		while (*p && *p == *q)
			p++, q++;
		if (*p == *q) {
			*index = i;
			return 1;
		}
	}
	return 0;
}

/* An empty list with room for exactly @n elements. */
static int reserve(void *array, size_t *cap, size_t n, size_t size)
{
	void **slot = array;

	if (n == 0)
		return DS_OK;
	if (!(*slot = ds__malloc(n * size)))
		return ds__enomem();
	*cap = n;
	return DS_OK;
}

/* Products first, so that trades may come before the product they name.
 * Version 1 has one date, listed, taken as the first listing; version 2 says
 * first-listed (首次登记上架) apart from a later listing. */
static int read_products(applicant *a, const coll *col, int version)
{
	size_t cap = 0, other, i;
	int rc;

	if ((rc = reserve(&a->products, &cap, col->same[K_PRODUCT], sizeof *a->products)) < 0)
		return rc;
	for (i = 1; i < col->n; i++) {
		const el *c = &col->els[i];
		app_product *p;
		if (c->kind != K_PRODUCT)
			continue;
		if ((rc = ds__policy_grow(&a->products, &cap, a->n_products + 1, sizeof *a->products)) < 0)
			return rc;
		p = &a->products[a->n_products];
		memset(p, 0, sizeof *p);
		if ((rc = el_name(&p->id, c, "id", 1)) < 0)
			return rc;
		a->n_products++;
		if ((rc = read_days(&p->listed, c, version == 1 ? "listed" : "first-listed")) < 0 ||
		    (rc = read_flag(&p->certificate, c, "certificate")) < 0 ||
		    (rc = read_flag(&p->trade_voucher, c, "trade-voucher")) < 0)
			return rc;
		a->n_products--;
		if (find_product(a, p->id, &other)) {
			rc = el_error(DS_EEXISTS, c, "id", "product '%s' appears twice for applicant %s", p->id, a->id);
			a->n_products++;
			return rc;
		}
		a->n_products++;
		if (p->listed < a->first_listed)
			a->first_listed = p->listed;
	}
	return DS_OK;
}

/* @provider: the recognition's <provider>, or NULL. */
static int read_recognition(app_recognition *r, const el *c, const el *provider, int version)
{
	int rc;

	if ((rc = el_name(&r->id, c, "id", 1)) < 0 || (rc = read_days(&r->date, c, "date")) < 0 ||
	    (rc = read_fen(&r->fen, c, "amount")) < 0 || (rc = read_flag(&r->registered, c, "registered")) < 0)
		return rc;
	if (!provider)
		return el_error(DS_EINVAL, c, NULL, "recognition '%s' has no <provider> (服务商)", r->id);
	if ((rc = el_name(&r->provider_id, provider, "id", 1)) < 0 ||
	    (rc = el_name(&r->provider_name, provider, "name", 1)) < 0 ||
	    (rc = read_days(&r->provider_founded, provider, "founded")) < 0 ||
	    (rc = read_flag(&r->approved, provider, "approved")) < 0 ||
	    (rc = read_flag(&r->independent, provider, "independent")) < 0 ||
	    (rc = read_flag(&r->clean, provider, "clean")) < 0 ||
	    (rc = el_text(&r->qualifications, provider, "qualifications")) < 0)
		return rc;
	/* Version 1 cannot say these: they stay unknown (0, no claim). */
	r->claimed = LONG_MIN;
	if (version >= 2 && ((rc = read_flag(&r->voucher_user, c, "voucher-user")) < 0 ||
			     (rc = read_optional_days(&r->claimed, c, "claimed")) < 0 ||
			     (rc = read_flag(&r->licensed, provider, "licensed")) < 0))
		return rc;
	if (r->claimed != LONG_MIN && r->claimed < r->provider_founded)
		return el_error(DS_EINVAL, c, "claimed",
				"recognition '%s': the voucher is claimed before its 服务商 was founded", r->id);
	return DS_OK;
}

/* <case>: version 2 states the year and the outcome, and a share when several applicants
 * list the case; version 1 has only a date and a list (year 0, outcome unknown). */
static int read_case(app_case *k, const el *c, int version)
{
	int rc;

	k->date = LONG_MIN;
	if ((rc = el_name(&k->id, c, "id", 1)) < 0 || (rc = el_text_required(&k->list, c, "list")) < 0)
		return rc;
	if (version == 1)
		return read_days(&k->date, c, "date");
	if ((rc = read_optional_days(&k->date, c, "date")) < 0 || (rc = el_long(&k->year, c, "year", 1, 9999)) < 0 ||
	    (rc = el_text_required(&k->outcome, c, "outcome")) < 0)
		return rc;
	if (has(c, "share")) {
		char *text = NULL;
		ds_decimal *one = NULL;
		if ((rc = ds_decimal_new(&k->share)) < 0 || (rc = ds_decimal_new(&one)) < 0 ||
		    (rc = ds_decimal_set_int64(one, 1)) < 0 || (rc = el_text_required(&text, c, "share")) < 0) {
			ds_decimal_free(one);
			return rc;
		}
		rc = ds_decimal_parse(k->share, text, DS_DECIMAL_FRACTION);
		if (rc == DS_OK && (ds_decimal_sign(k->share) <= 0 || ds_decimal_cmp(k->share, one) > 0))
			rc = DS_EINVAL;
		ds_decimal_free(one);
		if (rc < 0 && rc != DS_ENOMEM)
			rc = el_error(DS_EINVAL, c, "share", "share '%s' of case '%s' is not above 0 and at most 1",
				      text, k->id);
		ds__free(text);
	}
	return rc;
}

static int read_approval(applicant *a, app_approval *ap, const el *c)
{
	size_t i;
	int rc;

	ap->date = LONG_MIN;
	if ((rc = el_text_required(&ap->programme, c, "programme")) < 0 || (rc = el_text(&ap->unit, c, "unit")) < 0 ||
	    (rc = el_text_required(&ap->by, c, "by")) < 0 || (rc = read_fen(&ap->fen, c, "amount")) < 0 ||
	    (rc = read_optional_days(&ap->date, c, "date")) < 0)
		return rc;
	if (!ap->unit && !(ap->unit = ds__strdup("")))
		return ds__enomem();
	for (i = 0; i + 1 < a->n_approvals; i++)
		if (strcmp(a->approvals[i].programme, ap->programme) == 0 &&
		    strcmp(a->approvals[i].unit, ap->unit) == 0)
			return el_error(DS_EEXISTS, c, "unit", "a second approval of programme %s%s%s for applicant %s",
					ap->programme, *ap->unit ? ", unit " : "", ap->unit, a->id);
	return DS_OK;
}

static int read_applicant(applicant *a, const coll *col, int version)
{
	size_t cap_trades = 0, cap_filings = 0, cap_vouchers = 0, cap_cases = 0, cap_contracts = 0, cap_recs = 0,
	       cap_approvals = 0, i;
	const el *node = &col->els[0];
	int rc = DS_OK;

	a->first_listed = LONG_MAX;
	/* The collected applicant says how many of each there are: each list is allocated once, to size. */
	if ((rc = reserve(&a->trades, &cap_trades, col->same[K_TRADE], sizeof *a->trades)) < 0 ||
	    (rc = reserve(&a->filings, &cap_filings, col->same[K_FILING], sizeof *a->filings)) < 0 ||
	    (rc = reserve(&a->vouchers, &cap_vouchers, col->same[K_VOUCHER], sizeof *a->vouchers)) < 0 ||
	    (rc = reserve(&a->cases, &cap_cases, col->same[K_CASE], sizeof *a->cases)) < 0 ||
	    (rc = reserve(&a->contracts, &cap_contracts, col->same[K_CONTRACT], sizeof *a->contracts)) < 0 ||
	    (rc = reserve(&a->recognitions, &cap_recs, col->same[K_RECOGNITION], sizeof *a->recognitions)) < 0 ||
	    (rc = reserve(&a->approvals, &cap_approvals, col->same[K_APPROVAL], sizeof *a->approvals)) < 0)
		return rc;
	if ((rc = el_name(&a->id, node, "id", 1)) < 0 || (rc = el_name(&a->name, node, "name", 1)) < 0 ||
	    (rc = read_flag(&a->verified, node, "verified")) < 0)
		return rc;
	if ((rc = check_credit_code(node, a->id)) < 0 || (rc = read_products(a, col, version)) < 0)
		return rc;
	for (i = 1; i < col->n && rc == DS_OK; i++) {
		const el *c = &col->els[i];
		switch (c->kind) {
		case K_TRADE: {
			const char *product;
			app_trade *t;
			if ((rc = ds__policy_grow(&a->trades, &cap_trades, a->n_trades + 1, sizeof *a->trades)) < 0)
				break;
			t = &a->trades[a->n_trades];
			/* The schema check has made it a ref ([A-Za-z0-9][A-Za-z0-9_.-]{0,63}): ASCII
			 * without whitespace, which trimming and NFC (el_text) leave as it is, so the
			 * value is compared where it lies, without a copy per trade. */
			if (!(product = value_of(c, "product"))) {
				rc = el_error(DS_EINVAL, c, "product", "missing attribute 'product'");
				break;
			}
			if (!find_product(a, product, &t->product)) {
				rc = el_error(DS_EINVAL, c, "product",
					      "trade names product '%s', which applicant %s does not list", product,
					      a->id);
				break;
			}
			if ((rc = read_days(&t->date, c, "date")) < 0 || (rc = read_fen(&t->fen, c, "amount")) < 0)
				break;
			a->n_trades++;
			break;
		}
		case K_FILING: {
			app_filing *f;
			const char *role;
			if ((rc = ds__policy_grow(&a->filings, &cap_filings, a->n_filings + 1, sizeof *a->filings)) < 0)
				break;
			f = &a->filings[a->n_filings];
			if (!(role = value_of(c, "role"))) {
				rc = el_error(DS_EINVAL, c, "role", "missing attribute 'role'");
				break;
			}
			f->as_buyer =
				strcmp(role, "buyer") == 0; /* the schema check allows exactly provider or buyer */
			f->traded = LONG_MIN;
			if ((rc = read_days(&f->date, c, version == 1 ? "date" : "filed")) < 0 ||
			    (rc = read_fen(&f->fen, c, "amount")) < 0)
				break;
			if (version >= 2 && (rc = read_optional_days(&f->traded, c, "traded")) < 0)
				break;
			a->n_filings++;
			break;
		}
		case K_VOUCHER:
			if ((rc = ds__policy_grow(&a->vouchers, &cap_vouchers, a->n_vouchers + 1,
						  sizeof *a->vouchers)) < 0)
				break;
			if ((rc = el_text_required(&a->vouchers[a->n_vouchers], c, "kind")) < 0)
				break;
			a->n_vouchers++;
			break;
		case K_CASE: {
			app_case *k;
			if ((rc = ds__policy_grow(&a->cases, &cap_cases, a->n_cases + 1, sizeof *a->cases)) < 0)
				break;
			k = &a->cases[a->n_cases];
			memset(k, 0, sizeof *k);
			a->n_cases++;
			rc = read_case(k, c, version);
			break;
		}
		case K_CONTRACT: {
			app_contract *k;
			if ((rc = ds__policy_grow(&a->contracts, &cap_contracts, a->n_contracts + 1,
						  sizeof *a->contracts)) < 0)
				break;
			k = &a->contracts[a->n_contracts];
			memset(k, 0, sizeof *k);
			a->n_contracts++;
			if ((rc = el_text_required(&k->counterparty, c, "counterparty")) < 0 ||
			    (rc = read_days(&k->date, c, "date")) < 0 || (rc = read_fen(&k->fen, c, "amount")) < 0)
				break;
			/* Version 1 cannot say whether the counterparty is an enterprise. */
			if (version >= 2)
				rc = read_flag(&k->enterprise, c, "enterprise");
			break;
		}
		case K_PARTNER: {
			/* Version 1 defined every partner as a university or research institute. */
			int research = 1;
			if (version >= 2 && (rc = read_flag(&research, c, "research")) < 0)
				break;
			a->research_partners += (size_t)research;
			break;
		}
		case K_TRAINING:
			if (a->training) {
				rc = el_error(DS_EINVAL, c, NULL, "a second <training> for applicant %s", a->id);
				break;
			}
			if ((rc = el_text_required(&a->training, c, "evidence")) < 0)
				break;
			rc = el_text(&a->training_by, c, "assessed-by");
			break;
		case K_APPROVAL: {
			app_approval *ap;
			if ((rc = ds__policy_grow(&a->approvals, &cap_approvals, a->n_approvals + 1,
						  sizeof *a->approvals)) < 0)
				break;
			ap = &a->approvals[a->n_approvals];
			memset(ap, 0, sizeof *ap);
			a->n_approvals++;
			rc = read_approval(a, ap, c);
			break;
		}
		case K_REVIEW:
			if (a->review_score) {
				rc = el_error(DS_EINVAL, c, NULL, "a second <review> for applicant %s", a->id);
				break;
			}
			if ((rc = ds_decimal_new(&a->review_score)) < 0)
				break;
			rc = el_decimal(a->review_score, c, "score");
			break;
		case K_RECOGNITION: {
			app_recognition *r;
			const el *provider =
				i + 1 < col->n && col->els[i + 1].kind == K_PROVIDER ? &col->els[i + 1] : NULL;
			if ((rc = ds__policy_grow(&a->recognitions, &cap_recs, a->n_recognitions + 1,
						  sizeof *a->recognitions)) < 0)
				break;
			r = &a->recognitions[a->n_recognitions];
			memset(r, 0, sizeof *r);
			a->n_recognitions++;
			rc = read_recognition(r, c, provider, version);
			break;
		}
		default: break; /* products, read first; providers, with their recognition */
		}
	}
	/* Trades are most of an application's memory: give back what doubling reserved. */
	if (rc == DS_OK && a->n_trades && a->n_trades < cap_trades) {
		app_trade *fitted = ds__realloc(a->trades, a->n_trades * sizeof *a->trades);
		if (fitted)
			a->trades = fitted;
	}
	return rc;
}

/* ---------------------------------------------------------------- reading the document as events */

typedef struct reader {
	const char *name; /* the document, for messages */
	int version;	  /* 0 until the root is read */
	const element_def *schema;
	const char *ns;
	const char *ns_seen;			   /* the parser's copy of @ns, once seen */
	const char *attr_seen[K_COUNT][MAX_ATTRS]; /* the parser's copies of the attribute names, once seen */
	const char *kind_seen[K_COUNT];		   /* and of the element names */
	int depth;				   /* elements open */
	unsigned char open[4];			   /* their kinds, by depth (the content model is 4 deep) */
	size_t children;			   /* the open recognition's children so far */
	int child_line;				   /* the line of the open child of the applicant */
	coll cols[2], *building, *pending; /* an applicant is read when the next one starts (or the document ends),
					      so that its path says whether it has siblings */
	size_t applicants;
	size_t index; /* applicants handed to @each */
	ds__policy_applicant_fn each;
	void *ctx;
} reader;

/* A refusal of the schema's: DS_EPARSE, "name: line N: Element '{ns}local'[, attribute 'a']: why",
 * the message libxml2's validator gave; the field is the element's path. */
static int schema_error(reader *r, int lineno, const char *uri, const char *local, const char *attr, const char *fmt,
			...) DS__PRINTF(6, 7);
static int schema_error(reader *r, int lineno, const char *uri, const char *local, const char *attr, const char *fmt,
			...)
{
	char why[1200], element[300], field[256];
	va_list ap;
	int d, at = 0;

	va_start(ap, fmt);
	vsnprintf(why, sizeof why, fmt, ap);
	va_end(ap);
	if (uri && *uri)
		snprintf(element, sizeof element, "{%s}%s", uri, local);
	else
		snprintf(element, sizeof element, "%s", local);
	field[0] = '\0';
	for (d = 0; d < r->depth && d < 4 && at >= 0 && (size_t)at < sizeof field; d++) {
		if (r->open[d] == K_APPLICANT)
			at += snprintf(field + at, sizeof field - (size_t)at, "/applicant[%zu]", r->applicants);
		else
			at += snprintf(field + at, sizeof field - (size_t)at, "%s%s", d ? "/" : "",
				       r->schema ? r->schema[r->open[d]].name : "applications");
	}
	if (at >= 0 && (size_t)at < sizeof field && r->depth == 1 && strcmp(local, "applicant") == 0)
		snprintf(field + at, sizeof field - (size_t)at, "/applicant[%zu]%s%s", r->applicants, attr ? "/@" : "",
			 attr ? attr : "");
	else if (at >= 0 && (size_t)at < sizeof field)
		snprintf(field + at, sizeof field - (size_t)at, "%s%s%s%s", at ? "/" : "", local, attr ? "/@" : "",
			 attr ? attr : "");
	if (attr)
		return ds__error_at(DS_EPARSE, lineno, 0, field, "%s: line %d: Element '%s', attribute '%s': %s",
				    r->name, lineno, element, attr, why);
	return ds__error_at(DS_EPARSE, lineno, 0, field, "%s: line %d: Element '%s': %s", r->name, lineno, element,
			    why);
}

/* Hand the pending applicant to @each. */
static int flush_pending(reader *r, int several)
{
	coll *c = r->pending;
	applicant a;
	int rc;

	if (!c)
		return DS_OK;
	r->pending = NULL;
	c->several = several;
	memset(&a, 0, sizeof a);
	if ((rc = read_applicant(&a, c, r->version)) < 0) {
		ds__policy_applicant_dispose(&a);
		return rc;
	}
	return r->each(r->ctx, &a, r->index++);
}

static int arena_put(coll *c, const char *value, size_t len, uint32_t *slot)
{
	if (len > UINT32_MAX - 2 - c->used)
		return ds__error(DS_ERANGE, "an applicant's attributes are too long");
	if (c->used + len + 1 > c->arena_cap) {
		size_t cap = c->arena_cap ? c->arena_cap : 1024;
		char *grown;
		while (cap < c->used + len + 1)
			cap *= 2;
		if (!(grown = ds__realloc(c->arena, cap)))
			return ds__enomem();
		c->arena = grown;
		c->arena_cap = cap;
	}
	memcpy(c->arena + c->used, value, len);
	c->arena[c->used + len] = '\0';
	*slot = (uint32_t)(c->used + 1);
	c->used += len + 1;
	return DS_OK;
}

/* Check @attrs against the element's declaration; keep the values when @e is given. */
static int check_attrs(reader *r, int kind, const char *local, const char *uri, int lineno, const ds__xml_attr *attrs,
		       size_t n, el *e)
{
	const attr_def *defs = r->schema[kind].attrs;
	uint32_t seen = 0;
	char why[1100], qualified[300];
	size_t i, j;
	int rc;

	for (i = 0; i < n; i++) {
		const ds__xml_attr *at = &attrs[i];
		if (at->uri) {
			/* xsi:schemaLocation and xsi:noNamespaceSchemaLocation are hints a
			 * validator may ignore; no other qualified attribute is declared. */
			if (strcmp(at->uri, XSI_NS) == 0 && (strcmp(at->local, "schemaLocation") == 0 ||
							     strcmp(at->local, "noNamespaceSchemaLocation") == 0))
				continue;
			snprintf(qualified, sizeof qualified, "{%s}%s", at->uri, at->local);
			return schema_error(r, lineno, uri, local, qualified, "The attribute '%s' is not allowed.",
					    qualified);
		}
		/* libxml2 interns names: the pointer seen last time for this slot, else by text. */
		for (j = 0; j < MAX_ATTRS && defs[j].name && r->attr_seen[kind][j] != at->local; j++)
			;
		if (j == MAX_ATTRS || !defs[j].name) {
			for (j = 0; j < MAX_ATTRS && defs[j].name &&
				    (defs[j].name[0] != at->local[0] || strcmp(defs[j].name, at->local) != 0);
			     j++)
				;
			if (j < MAX_ATTRS && defs[j].name)
				r->attr_seen[kind][j] = at->local;
		}
		if (j == MAX_ATTRS || !defs[j].name)
			return schema_error(r, lineno, uri, local, at->local, "The attribute '%s' is not allowed.",
					    at->local);
		if (check_type(defs[j].type, at->value, at->len, why, sizeof why) < 0)
			return schema_error(r, lineno, uri, local, at->local, "%s", why);
		seen |= 1u << j;
		if (e && (rc = arena_put(r->building, at->value, at->len, &e->value[j])) < 0)
			return rc;
	}
	for (j = 0; j < MAX_ATTRS && defs[j].name; j++)
		if (defs[j].required && !(seen & (1u << j)))
			return schema_error(r, lineno, uri, local, NULL, "The attribute '%s' is required but missing.",
					    defs[j].name);
	return DS_OK;
}

static el *add_el(reader *r, int kind, int lineno)
{
	coll *c = r->building;
	el *e;

	if (c->n == c->cap) {
		size_t cap = c->cap ? 2 * c->cap : 64;
		el *grown = ds__realloc(c->els, cap * sizeof *grown);
		if (!grown)
			return NULL;
		c->els = grown;
		c->cap = cap;
	}
	e = &c->els[c->n++];
	memset(e, 0, sizeof *e);
	e->c = c;
	e->kind = (unsigned char)kind;
	e->line = lineno;
	return e;
}

static int on_start(void *ctx, const char *local, const char *uri, int lineno, const ds__xml_attr *attrs, size_t n)
{
	reader *r = ctx;
	int kind, in_ns, rc;
	el *e;

	if (r->depth == 0) {
		/* The root chooses the version: urn:datasset:applications:2 (schemas/applications.xsd)
		 * or :1 (schemas/applications-1.xsd). */
		if (strcmp(local, "applications") == 0 && strcmp(uri, namespaces[0]) == 0)
			r->version = 1;
		else if (strcmp(local, "applications") == 0 && strcmp(uri, namespaces[1]) == 0)
			r->version = 2;
		else
			return schema_error(r, lineno, uri, local, NULL,
					    "No matching global declaration available for the validation root.");
		r->schema = r->version == 1 ? schema_1 : schema_2;
		r->ns = namespaces[r->version - 1];
		if ((rc = check_attrs(r, K_APPLICATIONS, local, uri, lineno, attrs, n, NULL)) < 0)
			return rc;
		r->open[r->depth++] = K_APPLICATIONS;
		return DS_OK;
	}
	/* libxml2 interns names and URIs: most elements compare one pointer. */
	in_ns = uri == r->ns_seen || strcmp(uri, r->ns) == 0;
	if (in_ns)
		r->ns_seen = uri;
	switch (r->depth) {
	case 1:
		if (!in_ns || strcmp(local, "applicant") != 0)
			return schema_error(r, lineno, uri, local, NULL,
					    "This element is not expected. Expected is ( {%s}applicant ).", r->ns);
		/* The previous applicant has a sibling: read it now, before this one's errors. */
		if ((rc = flush_pending(r, 1)) < 0)
			return rc;
		r->applicants++;
		r->building = r->building == &r->cols[0] ? &r->cols[1] : &r->cols[0];
		coll_reset(r->building);
		r->building->schema = r->schema;
		r->building->ns = r->ns;
		r->building->number = r->applicants;
		if (!(e = add_el(r, K_APPLICANT, lineno)))
			return ds__enomem();
		if ((rc = check_attrs(r, K_APPLICANT, local, uri, lineno, attrs, n, e)) < 0)
			return rc;
		r->open[r->depth++] = K_APPLICANT;
		return DS_OK;
	case 2:
		for (kind = K_PRODUCT; kind < K_COUNT && r->kind_seen[kind] != local; kind++)
			;
		if (kind == K_COUNT && (kind = child_kind(r->schema, local)) < K_COUNT)
			r->kind_seen[kind] = local;
		if (r->open[1] != K_APPLICANT || !in_ns || kind == K_COUNT)
			return schema_error(r, lineno, uri, local, NULL,
					    "This element is not expected. Expected is one of the children of an "
					    "applicant (docs/policy.md, schemas/applications%s.xsd).",
					    r->version == 1 ? "-1" : "");
		r->children = 0;
		r->child_line = lineno;
		if (!(e = add_el(r, kind, lineno)))
			return ds__enomem();
		e->index = ++r->building->same[kind];
		if ((rc = check_attrs(r, kind, local, uri, lineno, attrs, n, e)) < 0)
			return rc;
		r->open[r->depth++] = (unsigned char)kind;
		return DS_OK;
	default:
		if (r->depth != 3 || r->open[2] != K_RECOGNITION || r->children > 0 || !in_ns ||
		    strcmp(local, "provider") != 0)
			return schema_error(r, lineno, uri, local, NULL, "This element is not expected.");
		r->children++;
		if (!(e = add_el(r, K_PROVIDER, lineno)))
			return ds__enomem();
		e->index = 1;
		e->parent = r->building->n - 2;
		if ((rc = check_attrs(r, K_PROVIDER, local, uri, lineno, attrs, n, e)) < 0)
			return rc;
		r->open[r->depth++] = K_PROVIDER;
		return DS_OK;
	}
}

static int on_end(void *ctx, const char *local, int lineno)
{
	reader *r = ctx;
	int kind = r->open[--r->depth];

	(void)lineno;
	if (kind == K_RECOGNITION && r->children == 0)
		return schema_error(r, r->child_line, r->ns, local, NULL,
				    "Missing child element(s). Expected is ( {%s}provider ).", r->ns);
	if (kind == K_APPLICANT) {
		r->pending = r->building;
	} else if (kind == K_APPLICATIONS) {
		return flush_pending(r, r->applicants > 1);
	}
	return DS_OK;
}

static int on_text(void *ctx, const char *text, size_t len, int lineno)
{
	reader *r = ctx;
	int kind = r->open[r->depth - 1], rc;
	size_t i;

	if (kind == K_APPLICATIONS || kind == K_APPLICANT || kind == K_RECOGNITION) {
		for (i = 0; i < len && is_space(text[i]); i++)
			;
		if (i == len)
			return DS_OK;
	}
	r->depth--; /* the path ends with the element itself */
	rc = schema_error(r, lineno, r->ns, r->schema[kind].name, NULL, "%s",
			  kind == K_APPLICATIONS || kind == K_APPLICANT || kind == K_RECOGNITION ?
				  "Character content other than whitespace is not allowed because the content type "
				  "is 'element-only'." :
				  "Character content is not allowed, because the content type is empty.");
	r->depth++;
	return rc;
}

static const ds__xml_events events = { on_start, on_end, on_text };

/* Read the applicants one at a time, handing each to @each (which owns it from then on). */
static int each_applicant(int *version, const char *data, size_t len, const char *name, const char *path,
			  ds__policy_applicant_fn each, void *ctx)
{
	reader r;
	int rc;

	memset(&r, 0, sizeof r);
	r.name = path ? path : (name ? name : "applications");
	r.each = each;
	r.ctx = ctx;
	r.building = &r.cols[0];
	rc = ds__xml_events_run(data, len, name ? name : "applications", path, "applications.xsd", &events, &r);
	if (rc == DS_OK && !r.version)
		rc = ds__error(DS_EPARSE, "%s: the document has no root element", r.name);
	*version = r.version;
	coll_dispose(&r.cols[0]);
	coll_dispose(&r.cols[1]);
	return rc;
}

static int compare_ids(const void *x, const void *y)
{
	const applicant *const *a = x, *const *b = y;
	return strcmp((*a)->id, (*b)->id);
}

typedef struct case_ref {
	const char *id;
	size_t applicant;
	app_case *k;
} case_ref;

static int compare_case_refs(const void *x, const void *y)
{
	const case_ref *a = x, *b = y;
	int c = strcmp(a->id, b->id);
	return c ? c : (a->applicant < b->applicant ? -1 : a->applicant > b->applicant);
}

/* case.applicants: how many distinct applicants list each case id (O(n log n) in cases). */
static int count_case_holders(ds_applications *apps)
{
	case_ref *refs;
	size_t n = 0, i, j, k, holders;

	for (i = 0; i < apps->n; i++)
		n += apps->applicants[i].n_cases;
	if (n == 0)
		return DS_OK;
	if (!(refs = ds__malloc(n * sizeof *refs)))
		return ds__enomem();
	for (i = 0, n = 0; i < apps->n; i++)
		for (k = 0; k < apps->applicants[i].n_cases; k++) {
			refs[n].id = apps->applicants[i].cases[k].id;
			refs[n].applicant = i;
			refs[n++].k = &apps->applicants[i].cases[k];
		}
	qsort(refs, n, sizeof *refs, compare_case_refs);
	for (i = 0; i < n; i = j) {
		holders = 0;
		for (j = i; j < n && strcmp(refs[j].id, refs[i].id) == 0; j++)
			if (j == i || refs[j].applicant != refs[j - 1].applicant)
				holders++;
		for (k = i; k < j; k++)
			refs[k].k->holders = holders;
	}
	ds__free(refs);
	return DS_OK;
}

static int append_applicant(void *ctx, applicant *a, size_t index)
{
	ds_applications *apps = ctx;
	int rc;

	(void)index;
	if ((rc = ds__policy_grow(&apps->applicants, &apps->cap, apps->n + 1, sizeof *apps->applicants)) < 0) {
		ds__policy_applicant_dispose(a);
		return rc;
	}
	apps->applicants[apps->n++] = *a;
	return DS_OK;
}

static int read_document(ds_applications *apps, const char *data, size_t len, const char *name, const char *path)
{
	size_t i;
	applicant **sorted = NULL;
	int rc;

	if ((rc = each_applicant(&apps->version, data, len, name, path, append_applicant, apps)) < 0 ||
	    (rc = count_case_holders(apps)) < 0)
		return rc;
	/* Duplicates: sort pointers by credit code, compare neighbours (O(n log n)). */
	if (apps->n > 1) {
		if (!(sorted = ds__malloc(apps->n * sizeof *sorted)))
			return ds__enomem();
		for (i = 0; i < apps->n; i++)
			sorted[i] = &apps->applicants[i];
		qsort(sorted, apps->n, sizeof *sorted, compare_ids);
		for (i = 1; i < apps->n; i++)
			if (strcmp(sorted[i]->id, sorted[i - 1]->id) == 0) {
				size_t first = (size_t)(sorted[i - 1] < sorted[i] ? sorted[i - 1] : sorted[i]) -
					       (size_t)apps->applicants,
				       second = (size_t)(sorted[i - 1] < sorted[i] ? sorted[i] : sorted[i - 1]) -
						(size_t)apps->applicants;
				char field[64];
				first /= sizeof *apps->applicants;
				second /= sizeof *apps->applicants;
				snprintf(field, sizeof field, "applications/applicant[%zu]/@id", second + 1);
				rc = ds__error_at(DS_EEXISTS, 0, 0, field,
						  "applicant %s appears twice (applicant[%zu] and applicant[%zu])",
						  sorted[i]->id, first + 1, second + 1);
				break;
			}
		ds__free(sorted);
	}
	return rc;
}

static int parse(ds_applications **out, const char *data, size_t len, const char *name, const char *path)
{
	ds_applications *apps = NULL;
	int rc;

	if (!out || (!data && !path))
		return ds__error(DS_EINVAL, "applications: NULL argument");
	if (!(apps = ds__calloc(1, sizeof *apps)))
		return ds__enomem();
	if ((rc = read_document(apps, data, len, name, path)) < 0) {
		ds_applications_free(apps);
		return rc;
	}
	*out = apps;
	return DS_OK;
}

int ds__policy_applications_each(const char *data, size_t len, const char *name, const char *path,
				 ds__policy_applicant_fn each, void *ctx)
{
	int version;

	return each_applicant(&version, data, len, name, path, each, ctx);
}

int ds_applications_parse(ds_applications **out, const char *data, size_t len, const char *name)
{
	return parse(out, data, len, name, NULL);
}

int ds_applications_load(ds_applications **out, const char *path)
{
	return parse(out, NULL, 0, NULL, path);
}
