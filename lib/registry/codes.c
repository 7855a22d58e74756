/*
 * Registry code lists and identifiers: enumeration names, the 统一社会信用代码
 * (GB 32100-2015) and certificate numbers (both implemented in lib/core/codes.c).
 * SPDX-License-Identifier: MIT
 */
#include "config.h"

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

/* ---------------------------------------------------------------- identifiers (lib/core/codes.c) */

int ds_uscc_normalize(char **out, const char *code)
{
	char normal[19], *copy;
	int rc;

	if ((rc = ds__uscc_normalize(normal, code)) < 0)
		return rc;
	if (out) {
		if (!(copy = ds__strdup(normal)))
			return ds__enomem();
		*out = copy;
	}
	return DS_OK;
}

int ds__certificate_number(char out[25], const char *region, int year, int kind, int64_t sequence)
{
	char letter = kind >= 0 && kind < 4 ? DS__CERTIFICATE_KINDS[kind] : '?';

	/* An exhausted sequence is a range, not a caller's mistake. */
	return ds__certificate_number_format(out, region, year, letter, sequence, DS_ERANGE);
}
