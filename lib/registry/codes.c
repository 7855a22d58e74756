/*
 * Registry code lists and identifiers: enumeration names, the 统一社会信用代码
 * (GB 32100-2015) and certificate numbers.
 * SPDX-License-Identifier: MIT
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "registry_internal.h"

typedef struct code_names {
	const char *const *english;
	const char *const *chinese;
	const char *const *aliases; /* further accepted names, parallel to english (NULL entries: none) */
	int count;
	const char *what;
} code_names;

static const char *const kind_en[] = { "resource", "product", "asset", "ip" };
static const char *const kind_zh[] = { "数据资源", "数据产品", "数据资产", "数据知识产权" };
static const char *const right_en[] = { "holding", "processing", "operating" };
static const char *const right_zh[] = { "持有权", "加工使用权", "经营权" };
static const char *const right_alias[] = { "数据资源持有权", "数据加工使用权", "数据产品经营权" };
static const char *const type_en[] = { "first", "change", "correction", "cancellation" };
static const char *const type_zh[] = { "首次登记", "变更登记", "更正登记", "注销登记" };
static const char *const type_alias[] = { "首次", "变更", "更正", "注销" };
static const char *const state_en[] = { "draft",      "submitted", "accepted",	"review",  "publicity", "objection",
					"registered", "rejected",  "withdrawn", "changed", "corrected", "cancelled" };
static const char *const state_zh[] = { "草稿", "申请",	    "受理", "形式审查", "公示",	  "异议",
					"登记", "不予登记", "撤回", "已变更",	"已更正", "注销" };
static const char *const state_alias[] = { NULL,     NULL, NULL, "审查", NULL,	 NULL,
					   "已登记", NULL, NULL, "变更", "更正", "已注销" };
static const char *const subject_en[] = { "unspecified", "agency", "institution", "enterprise", "other" };
static const char *const subject_zh[] = { "未指定", "党政机关", "事业单位", "企业", "其他" };

#define N(a) ((int)(sizeof a / sizeof a[0]))

static const code_names tables[] = {
	{ kind_en, kind_zh, NULL, N(kind_en), "kind" },
	{ right_en, right_zh, right_alias, N(right_en), "right" },
	{ type_en, type_zh, type_alias, N(type_en), "registration type" },
	{ state_en, state_zh, state_alias, N(state_en), "state" },
	{ subject_en, subject_zh, NULL, N(subject_en), "registrant type" },
};

static const code_names *table_of(ds_registry_code code)
{
	if ((int)code < 0 || (int)code >= N(tables))
		return NULL;
	return &tables[code];
}

const char *ds_registry_code_name(ds_registry_code code, int value)
{
	const code_names *t = table_of(code);

	return t && value >= 0 && value < t->count ? t->english[value] : NULL;
}

const char *ds_registry_code_label(ds_registry_code code, int value)
{
	const code_names *t = table_of(code);

	return t && value >= 0 && value < t->count ? t->chinese[value] : NULL;
}

int ds_registry_code_parse(int *value, ds_registry_code code, const char *text)
{
	const code_names *t = table_of(code);
	ds__buf list = DS__BUF_INIT;
	int i, first = code == DS_CODE_SUBJECT_TYPE ? 1 : 0, rc;

	if (!value || !text || !t)
		return ds__error(DS_EINVAL, "registry: a code list and a name are required");
	for (i = first; i < t->count; i++) {
		if (strcmp(text, t->english[i]) == 0 || strcmp(text, t->chinese[i]) == 0 ||
		    (t->aliases && t->aliases[i] && strcmp(text, t->aliases[i]) == 0)) {
			*value = i;
			return DS_OK;
		}
	}
	for (i = first; i < t->count; i++)
		ds__buf_printf(&list, "%s%s", i > first ? ", " : "", t->english[i]);
	rc = ds__error_at(DS_EINVAL, 0, 0, t->what, "unknown %s '%s' (valid: %s, or the Chinese names)", t->what, text,
			  list.data ? list.data : "");
	ds__buf_dispose(&list);
	return rc;
}

/* ---------------------------------------------------------------- 统一社会信用代码 */

static int alphabet_value(char c)
{
	const char *p = c ? strchr(DS__USCC_ALPHABET, c) : NULL;

	return p ? (int)(p - DS__USCC_ALPHABET) : -1;
}

/* Weights 3^(k−1) mod 31 for positions k = 1, 2, ... */
static int weight(int position)
{
	int w = 1, k;

	for (k = 1; k < position; k++)
		w = w * 3 % 31;
	return w;
}

static char check_character(const int *values, int n)
{
	int sum = 0, k, check;

	for (k = 0; k < n; k++)
		sum += values[k] * weight(k + 1);
	check = 31 - sum % 31;
	return DS__USCC_ALPHABET[check == 31 ? 0 : check];
}

int ds_uscc_normalize(char **out, const char *code)
{
	char normal[19];
	int values[17], length = 0, k;
	size_t i = 0, n, step;
	unsigned int cp;
	char expected, *copy;

	if (!code)
		return ds__error(DS_EINVAL, "统一社会信用代码: a code is required");
	n = strlen(code);
	while (i < n) {
		if (!(step = ds__utf8_decode(code + i, n - i, &cp)))
			return ds__error_at(DS_EPARSE, 0, length + 1, "code",
					    "统一社会信用代码: invalid UTF-8 at byte %zu", i + 1);
		i += step;
		if (cp == ' ' || cp == 0x3000)
			continue;
		if (cp >= 0xFF01 && cp <= 0xFF5E) /* full-width ASCII (NFKC) */
			cp -= 0xFEE0;
		if (cp >= 'a' && cp <= 'z')
			cp -= 'a' - 'A';
		if (length >= 18)
			return ds__error_at(DS_EINVAL, 0, 19, "code",
					    "统一社会信用代码: more than 18 characters (position 19 is extra)");
		if (cp > 0x7F || alphabet_value((char)cp) < 0)
			return ds__error_at(DS_EINVAL, 0, length + 1, "code",
					    "统一社会信用代码: position %d: character not allowed (valid: %s)",
					    length + 1, DS__USCC_ALPHABET);
		normal[length++] = (char)cp;
	}
	normal[length] = '\0';
	if (length < 18)
		return ds__error_at(DS_EINVAL, 0, length + 1, "code",
				    "统一社会信用代码: %d characters, expected 18 (position %d is missing)", length,
				    length + 1);
	for (k = 2; k < 8; k++)
		if (normal[k] < '0' || normal[k] > '9')
			return ds__error_at(
				DS_EINVAL, 0, k + 1, "code",
				"统一社会信用代码: position %d: the region code (positions 3-8) must be digits", k + 1);
	for (k = 0; k < 17; k++)
		values[k] = alphabet_value(normal[k]);
	expected = check_character(values, 17);
	if (normal[17] != expected)
		return ds__error_at(DS_EINVAL, 0, 18, "code",
				    "统一社会信用代码: position 18: check character is '%c', expected '%c'", normal[17],
				    expected);
	if (out) {
		if (!(copy = ds__strdup(normal)))
			return ds__enomem();
		*out = copy;
	}
	return DS_OK;
}

/* ---------------------------------------------------------------- certificate numbers */

/* RRRRRR-YYYY-K-NNNNNNNN-C: the check character over the 19 characters without hyphens. */
static char certificate_check(const char *number)
{
	int values[19], n = 0, i;

	for (i = 0; i < 22 && number[i]; i++) {
		char c = number[i];
		if (c == '-')
			continue;
		values[n++] = c >= '0' && c <= '9' ? c - '0' : 10 + (c - 'A');
	}
	return check_character(values, n);
}

static const char kind_letters[] = "RPAI";

int ds__certificate_number(char out[25], const char *region, int year, int kind, int64_t sequence)
{
	int written;

	if (kind < 0 || kind > 3 || sequence < 1 || sequence > 99999999 || year < 1 || year > 9999)
		return ds__error(DS_ERANGE, "certificate number: sequence %lld out of range for year %d",
				 (long long)sequence, year);
	written = snprintf(out, 25, "%.6s-%04d-%c-%08lld-", region, year, kind_letters[kind], (long long)sequence);
	if (written != 23)
		return ds__error(DS_EINTERNAL, "certificate number: unexpected length");
	out[23] = certificate_check(out);
	out[24] = '\0';
	return DS_OK;
}

int ds_certificate_number_check(const char *number)
{
	/* Pattern: D = digit, K = kind letter, C = check character, '-' literal. */
	static const char pattern[] = "DDDDDD-DDDD-K-DDDDDDDD-C";
	size_t i, n;
	char expected;

	if (!number)
		return ds__error(DS_EINVAL, "certificate number: a number is required");
	n = strlen(number);
	for (i = 0; i < sizeof pattern - 1; i++) {
		char c = i < n ? number[i] : '\0', p = pattern[i];
		int ok = (p == 'D' && c >= '0' && c <= '9') || (p == '-' && c == '-') ||
			 (p == 'K' && c && strchr(kind_letters, c)) || (p == 'C' && alphabet_value(c) >= 0);
		if (!ok)
			return ds__error_at(DS_EPARSE, 0, (int)i + 1, "certificate",
					    "certificate number: position %zu: expected %s", i + 1,
					    p == 'D' ? "a digit" :
					    p == '-' ? "'-'" :
					    p == 'K' ? "a kind letter (R, P, A or I)" :
						       "a check character");
	}
	if (n != sizeof pattern - 1)
		return ds__error_at(DS_EPARSE, 0, (int)sizeof pattern, "certificate",
				    "certificate number: %zu characters, expected %zu", n, sizeof pattern - 1);
	expected = certificate_check(number);
	if (number[23] != expected)
		return ds__error_at(DS_EVERIFY, 0, 24, "certificate",
				    "certificate number: check character is '%c', expected '%c'", number[23], expected);
	return DS_OK;
}
