/*
 * From a probe to a catalogue entry draft (信息资源 with one 信息项 per column),
 * ready for the user to complete and validate.
 * SPDX-License-Identifier: MIT
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "probe_internal.h"

/* Longer text is 备注型 (M) rather than 字符型 (C). */
#define CHAR_MAX_LENGTH 4000

static const char *item_type(const probe_column *c)
{
	switch (c->type) {
	case DS_PROBE_INTEGER: return "I";  /* 整型 */
	case DS_PROBE_DECIMAL: return "N";  /* 数值型 */
	case DS_PROBE_DATE: return "D";	    /* 日期型 */
	case DS_PROBE_DATETIME: return "T"; /* 日期时间型 */
	case DS_PROBE_BOOLEAN: return "L";  /* 逻辑型 */
	default: return c->max_length > CHAR_MAX_LENGTH ? "M" : "C";
	}
}

static const char *semantic_label(ds_probe_semantic s)
{
	switch (s) {
	case DS_SEMANTIC_CREDIT_CODE: return "统一社会信用代码";
	case DS_SEMANTIC_ID_CARD: return "居民身份证号";
	case DS_SEMANTIC_MOBILE: return "手机号码";
	case DS_SEMANTIC_REGION: return "行政区划代码";
	case DS_SEMANTIC_EMAIL: return "电子邮箱";
	default: return NULL;
	}
}

/* The title: the source's file name without directory and extension (the table for SQLite). */
static void title_of(char *buf, size_t size, const ds_probe *p)
{
	const char *loc = p->location ? p->location : "", *base = strrchr(loc, '/'), *hash, *dot;
	size_t n;

	base = base ? base + 1 : loc;
	if ((hash = strrchr(base, '#')) != NULL) {
		snprintf(buf, size, "%s", hash + 1);
		return;
	}
	dot = strrchr(base, '.');
	n = dot && dot != base ? (size_t)(dot - base) : strlen(base);
	if (n >= size)
		n = size - 1;
	memcpy(buf, base, n);
	buf[n] = '\0';
}

int ds_probe_to_resource(ds_resource **out, const ds_probe *p)
{
	ds_resource *r = NULL;
	ds__buf desc = DS__BUF_INIT;
	char title[256];
	int personal = 0, rc;
	size_t i;

	if (!out || !p)
		return ds__error(DS_EINVAL, "ds_probe_to_resource: NULL argument");
	if ((rc = ds_resource_new(&r)) < 0)
		return rc;
	title_of(title, sizeof title, p);
	if (title[0] && (rc = ds_resource_set(r, DS_FIELD_TITLE, title)) < 0)
		goto done;
	if ((rc = ds_resource_set(r, DS_FIELD_FORMAT,
				  p->kind && strcmp(p->kind, "sqlite") == 0 ? "数据库" : "电子表格")) < 0)
		goto done;
	if (p->update_cycle && (rc = ds_resource_set(r, DS_FIELD_UPDATE_CYCLE, p->update_cycle)) < 0)
		goto done;
	for (i = 0; i < p->ncolumns; i++) {
		const probe_column *c = &p->columns[i];
		const char *label = semantic_label(c->semantic);
		long length = c->type == DS_PROBE_DECIMAL ? c->precision : (long)c->max_length;

		ds__buf_clear(&desc);
		if (label)
			ds__buf_puts(&desc, label);
		if (c->personal_info) {
			ds__buf_puts(&desc, "（个人信息）");
			personal = 1;
		}
		if (c->type == DS_PROBE_DECIMAL)
			ds__buf_printf(&desc, "%sdecimal(%d,%d)", desc.len ? "; " : "", c->precision, c->scale);
		if (c->format)
			ds__buf_printf(&desc, "%s%s", desc.len ? "; " : "", ds__probe_format_name(c->format));
		if (desc.oom) {
			rc = ds__enomem();
			goto done;
		}
		if (length > 1000000000L)
			length = 1000000000L;
		rc = ds_resource_item_insert(r, (size_t)-1, c->name, item_type(c), length, desc.len ? desc.data : NULL);
		if (rc == DS_EINVAL || rc == DS_EEXISTS) {
			/* The catalogue trims names: a blank name, or two that differ only in
			 * surrounding spaces, get the position's name column_N (_2, _3 ... if taken). */
			char fallback[64];
			unsigned long k = 1;
			do {
				if (k == 1)
					snprintf(fallback, sizeof fallback, "column_%zu", i + 1);
				else
					snprintf(fallback, sizeof fallback, "column_%zu_%lu", i + 1, k);
				k++;
				rc = ds_resource_item_insert(r, (size_t)-1, fallback, item_type(c), length,
							     desc.len ? desc.data : NULL);
			} while (rc == DS_EEXISTS);
		}
		if (rc < 0)
			goto done;
	}
	if ((rc = ds_resource_set(r, DS_FIELD_PERSONAL_INFO, personal ? "true" : "false")) < 0)
		goto done;
	*out = r;
	r = NULL;
done:
	ds__buf_dispose(&desc);
	ds_resource_free(r);
	return rc;
}
