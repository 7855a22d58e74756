/*
 * Profiles (validation rules as data: schemas/profiles/) and catalogue
 * validation that reports every problem at once.
 * SPDX-License-Identifier: MIT
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include <unicode/uregex.h>
#include <unicode/ustring.h>

#include "catalog/catalog_internal.h"
#include "internal/codes.h"
#include "internal/xml.h"

/* The Chinese names of the fields, for messages (metadata.md). */
static const char *const field_labels[DS_FIELD_COUNT] = {
	"信息资源代码",	  "元数据标识符",     "信息资源名称", "信息资源摘要",	  "信息资源提供方",
	"提供方代码",	  "提供方内设机构",   "分类方式",     "信息资源分类代码", "信息资源分类名称",
	"信息资源格式",	  "在线资源链接地址", "服务地址",     "服务类型",	  "元数据维护方",
	"元数据更新日期", "共享类型",	      "共享条件",     "共享方式",	  "开放属性",
	"开放条件",	  "更新周期",	      "发布日期",     "分类分级",	  "是否含个人信息",
};

typedef struct codelist {
	char *name;
	char **values;
	size_t count;
} codelist;

typedef struct field_rule {
	int required;
	size_t max_length; /* characters; 0: no limit */
	int codelist;	   /* index into profile->lists, or -1 */
	char *pattern;	   /* ICU regular expression the whole value must match, or NULL */
	UChar *upattern;
	int check_uscc;	      /* 统一社会信用代码 check character (GB 32100-2015) */
	int unless_field;     /* required unless this field ... (-1: no such rule) */
	char **unless_values; /* ... holds one of these values */
	size_t unless_count;
	ds_severity severity;
} field_rule;

struct ds_profile {
	char *name;
	codelist *lists;
	size_t list_count;
	field_rule fields[DS_FIELD_COUNT];
	size_t keywords_min;
	ds_severity keywords_severity;
	size_t items_min;
	int item_types; /* code list of 信息项 data types, or -1 */
	size_t item_name_max;
	char **length_types; /* item types that need a length */
	size_t length_type_count;
	ds_severity items_severity;
};

static void strings_free(char **values, size_t count)
{
	size_t i;

	if (!values)
		return;
	for (i = 0; i < count; i++)
		ds__free(values[i]);
	ds__free(values);
}

void ds_profile_free(ds_profile *p)
{
	size_t i;

	if (!p)
		return;
	ds__free(p->name);
	for (i = 0; i < p->list_count; i++) {
		ds__free(p->lists[i].name);
		strings_free(p->lists[i].values, p->lists[i].count);
	}
	ds__free(p->lists);
	for (i = 0; i < DS_FIELD_COUNT; i++) {
		ds__free(p->fields[i].pattern);
		ds__free(p->fields[i].upattern);
		strings_free(p->fields[i].unless_values, p->fields[i].unless_count);
	}
	strings_free(p->length_types, p->length_type_count);
	ds__free(p);
}

const char *ds_profile_name(const ds_profile *p)
{
	return p ? p->name : NULL;
}

/* ---------------------------------------------------------------- loading */

static int find_list(const ds_profile *p, const char *name)
{
	size_t i;

	for (i = 0; i < p->list_count; i++)
		if (strcmp(p->lists[i].name, name) == 0)
			return (int)i;
	return -1;
}

/* Split a space-separated attribute into a string array. */
static int split_words(char ***out, size_t *count, const char *text)
{
	char **words = NULL;
	size_t n = 0, cap = 0;
	const char *s = text;

	while (*s) {
		const char *start;
		while (*s == ' ')
			s++;
		if (!*s)
			break;
		start = s;
		while (*s && *s != ' ')
			s++;
		if (n == cap) {
			char **grown = ds__realloc(words, (cap = cap ? cap * 2 : 4) * sizeof *grown);
			if (!grown)
				goto nomem;
			words = grown;
		}
		if (!(words[n] = ds__strndup(start, (size_t)(s - start))))
			goto nomem;
		n++;
	}
	*out = words;
	*count = n;
	return DS_OK;
nomem:
	strings_free(words, n);
	return ds__enomem();
}

static int read_codelist(ds_profile *p, xmlNodePtr node)
{
	codelist *lists, *list;
	xmlNodePtr code;
	char *name = NULL;
	int rc;

	if ((rc = ds__xml_text_required(&name, node, "name")) < 0)
		return rc;
	if (find_list(p, name) >= 0) {
		rc = ds__xml_error(DS_EINVAL, node, "name", "code list '%s' is defined twice", name);
		ds__free(name);
		return rc;
	}
	if (!(lists = ds__realloc(p->lists, (p->list_count + 1) * sizeof *lists))) {
		ds__free(name);
		return ds__enomem();
	}
	p->lists = lists;
	list = &p->lists[p->list_count++];
	list->name = name;
	list->count = 0;
	if (!(list->values = ds__calloc(ds__xml_count(node, "code") + 1, sizeof(char *))))
		return ds__enomem();
	for (code = ds__xml_child(node, "code"); code; code = ds__xml_next(code, "code")) {
		if ((rc = ds__xml_text_required(&list->values[list->count], code, "value")) < 0)
			return rc;
		list->count++;
	}
	return DS_OK;
}

static int parse_severity(ds_severity *out, xmlNodePtr node)
{
	char *text = NULL;
	int rc;

	*out = DS_SEVERITY_ERROR;
	if ((rc = ds__xml_text(&text, node, "severity")) < 0 || !text)
		return rc;
	if (strcmp(text, "warning") == 0)
		*out = DS_SEVERITY_WARNING;
	ds__free(text);
	return DS_OK;
}

static int read_field_rule(ds_profile *p, xmlNodePtr node)
{
	char *name = NULL, *text = NULL;
	ds_field field;
	field_rule *rule;
	long number;
	int rc;

	if ((rc = ds__xml_text_required(&name, node, "name")) < 0)
		goto done;
	if (ds_field_from_name(&field, name) < 0) {
		rc = ds__xml_error(DS_EINVAL, node, "name", "unknown field '%s'", name);
		goto done;
	}
	rule = &p->fields[field];
	if ((rc = parse_severity(&rule->severity, node)) < 0)
		goto done;
	if ((rc = ds__xml_text(&text, node, "required")) < 0)
		goto done;
	rule->required = text && strcmp(text, "true") == 0;
	ds__free(text);
	text = NULL;
	if (xmlHasProp(node, (const xmlChar *)"max-length")) {
		if ((rc = ds__xml_long(&number, node, "max-length", 1, 1000000)) < 0)
			goto done;
		rule->max_length = (size_t)number;
	}
	if ((rc = ds__xml_text(&text, node, "codelist")) < 0)
		goto done;
	if (text && (rule->codelist = find_list(p, text)) < 0) {
		rc = ds__xml_error(DS_EINVAL, node, "codelist", "unknown code list '%s' (define it before use)", text);
		goto done;
	}
	ds__free(text);
	text = NULL;
	if ((rc = ds__xml_text(&text, node, "check")) < 0)
		goto done;
	if (text) {
		if (strcmp(text, "uscc") != 0) {
			rc = ds__xml_error(DS_EINVAL, node, "check", "unknown check '%s' (known: uscc)", text);
			goto done;
		}
		rule->check_uscc = 1;
	}
	ds__free(text);
	text = NULL;
	if ((rc = ds__xml_text(&rule->pattern, node, "pattern")) < 0)
		goto done;
	if (rule->pattern) {
		URegularExpression *re;
		UErrorCode status = U_ZERO_ERROR;
		int32_t ulen = 0;
		u_strFromUTF8(NULL, 0, &ulen, rule->pattern, -1, &status);
		status = U_ZERO_ERROR;
		if (!(rule->upattern = ds__malloc(((size_t)ulen + 1) * sizeof(UChar)))) {
			rc = ds__enomem();
			goto done;
		}
		u_strFromUTF8(rule->upattern, ulen + 1, NULL, rule->pattern, -1, &status);
		re = uregex_open(rule->upattern, -1, 0, NULL, &status);
		if (U_FAILURE(status)) {
			rc = ds__xml_error(DS_EINVAL, node, "pattern", "bad regular expression '%s': %s", rule->pattern,
					   u_errorName(status));
			ds__error_cause("icu", (long)status);
			goto done;
		}
		uregex_close(re);
	}
	if ((rc = ds__xml_text(&text, node, "required-unless")) < 0)
		goto done;
	if (text) {
		/* "share_type=无条件共享" or "share_type=a|b" */
		char *eq = strchr(text, '='), *v;
		ds_field other;
		if (!eq) {
			rc = ds__xml_error(DS_EINVAL, node, "required-unless",
					   "expected FIELD=VALUE[|VALUE...], not '%s'", text);
			goto done;
		}
		*eq = '\0';
		if (ds_field_from_name(&other, text) < 0) {
			rc = ds__xml_error(DS_EINVAL, node, "required-unless", "unknown field '%s'", text);
			goto done;
		}
		for (v = eq + 1; *v; v++)
			if (*v == '|')
				*v = ' ';
		rule->unless_field = (int)other;
		if ((rc = split_words(&rule->unless_values, &rule->unless_count, eq + 1)) < 0)
			goto done;
	}
done:
	ds__free(text);
	ds__free(name);
	return rc;
}

static int read_items_rule(ds_profile *p, xmlNodePtr node)
{
	char *text = NULL;
	long number;
	int rc;

	if ((rc = parse_severity(&p->items_severity, node)) < 0)
		return rc;
	if (xmlHasProp(node, (const xmlChar *)"min")) {
		if ((rc = ds__xml_long(&number, node, "min", 0, 100000)) < 0)
			return rc;
		p->items_min = (size_t)number;
	}
	if (xmlHasProp(node, (const xmlChar *)"name-max-length")) {
		if ((rc = ds__xml_long(&number, node, "name-max-length", 1, 100000)) < 0)
			return rc;
		p->item_name_max = (size_t)number;
	}
	if ((rc = ds__xml_text(&text, node, "type-codelist")) < 0)
		return rc;
	if (text && (p->item_types = find_list(p, text)) < 0)
		rc = ds__xml_error(DS_EINVAL, node, "type-codelist", "unknown code list '%s'", text);
	ds__free(text);
	text = NULL;
	if (rc < 0)
		return rc;
	if ((rc = ds__xml_text(&text, node, "length-required-for")) < 0)
		return rc;
	if (text)
		rc = split_words(&p->length_types, &p->length_type_count, text);
	ds__free(text);
	return rc;
}

static int read_profile(ds_profile **out, xmlDocPtr doc)
{
	xmlNodePtr root = xmlDocGetRootElement(doc), node;
	ds_profile *p;
	long number;
	int i, rc;

	if (!(p = ds__calloc(1, sizeof *p)))
		return ds__enomem();
	p->item_types = -1;
	for (i = 0; i < DS_FIELD_COUNT; i++) {
		p->fields[i].codelist = -1;
		p->fields[i].unless_field = -1;
	}
	if ((rc = ds__xml_text_required(&p->name, root, "name")) < 0)
		goto done;
	for (node = ds__xml_child(root, NULL); node; node = ds__xml_next(node, NULL)) {
		const char *tag = (const char *)node->name;
		if (strcmp(tag, "codelist") == 0)
			rc = read_codelist(p, node);
		else if (strcmp(tag, "field") == 0)
			rc = read_field_rule(p, node);
		else if (strcmp(tag, "items") == 0)
			rc = read_items_rule(p, node);
		else if (strcmp(tag, "keywords") == 0) {
			if ((rc = parse_severity(&p->keywords_severity, node)) == DS_OK &&
			    (rc = ds__xml_long(&number, node, "min", 0, 100000)) == DS_OK)
				p->keywords_min = (size_t)number;
		}
		if (rc < 0)
			goto done;
	}
done:
	if (rc < 0) {
		ds_profile_free(p);
		return rc;
	}
	*out = p;
	return DS_OK;
}

int ds_profile_load(ds_profile **out, const char *name_or_path)
{
	char resource[128];
	const char *data;
	size_t len;
	xmlDocPtr doc = NULL;
	int rc;

	if (!out || !name_or_path)
		return ds__error(DS_EINVAL, "ds_profile_load: NULL argument");
	if ((rc = ds__init()) < 0)
		return rc;
	if (!strchr(name_or_path, '/') && !strchr(name_or_path, '.') && strlen(name_or_path) < 64) {
		snprintf(resource, sizeof resource, "profiles/%s.xml", name_or_path);
		if (ds__resource(resource, &data, &len) < 0)
			return ds__error(DS_ENOTFOUND,
					 "no bundled profile '%s' (bundled: gbt21063, jinan; or give a file path)",
					 name_or_path);
		rc = ds__xml_load_memory(&doc, data, len, resource, "profile.xsd");
	} else {
		rc = ds__xml_load_file(&doc, name_or_path, "profile.xsd");
	}
	if (rc == DS_OK)
		rc = read_profile(out, doc);
	xmlFreeDoc(doc);
	return rc;
}

/* ---------------------------------------------------------------- the report */

typedef struct problem {
	ds_severity severity;
	size_t entry;
	char *identifier;
	char *field;
	const char *rule; /* static */
	char *message;
} problem;

struct ds_catalog_report {
	problem *problems;
	size_t count, cap, errors;
};

void ds_catalog_report_free(ds_catalog_report *r)
{
	size_t i;

	if (!r)
		return;
	for (i = 0; i < r->count; i++) {
		ds__free(r->problems[i].identifier);
		ds__free(r->problems[i].field);
		ds__free(r->problems[i].message);
	}
	ds__free(r->problems);
	ds__free(r);
}

size_t ds_catalog_report_count(const ds_catalog_report *r)
{
	return r ? r->count : 0;
}

size_t ds_catalog_report_errors(const ds_catalog_report *r)
{
	return r ? r->errors : 0;
}

int ds_catalog_report_at(ds_catalog_problem *out, const ds_catalog_report *r, size_t index)
{
	const problem *p;

	if (!out || !r)
		return ds__error(DS_EINVAL, "ds_catalog_report_at: NULL argument");
	if (index >= r->count)
		return ds__error(DS_ERANGE, "no problem at index %zu (the report has %zu)", index, r->count);
	p = &r->problems[index];
	out->severity = p->severity;
	out->entry = p->entry;
	out->identifier = p->identifier;
	out->field = p->field;
	out->rule = p->rule;
	out->message = p->message;
	return DS_OK;
}

/* The state of one validation run. */
typedef struct validation {
	ds_catalog_report *report;
	const ds_catalog *catalog;
	const ds_profile *profile;
	URegularExpression *patterns[DS_FIELD_COUNT];
	size_t entry;
	const char *identifier;
	int failed; /* out of memory */
	/* a file read entry by entry (ds_catalog_validate_file): identifiers in @ids, problems
	 * handed to @sink as found instead of kept in @report */
	cat_ids *ids;
	ds_problem_callback sink;
	void *sink_context;
	size_t count, errors;
	int rc; /* the first error of @ids or @sink */
} validation;

static void add_problem(validation *v, ds_severity severity, const char *rule, const char *field_fmt, size_t item,
			const char *fmt, ...) DS__PRINTF(6, 7);

/* Record a problem at "resource[N]/<field>", where @field_fmt may hold "%zu" for @item. */
static void add_problem(validation *v, ds_severity severity, const char *rule, const char *field_fmt, size_t item,
			const char *fmt, ...)
{
	ds_catalog_report *r = v->report;
	ds__buf path = DS__BUF_INIT, message = DS__BUF_INIT;
	char part[128];
	problem p = { severity, v->entry, NULL, NULL, rule, NULL };
	va_list ap;

	if (v->failed)
		return;
#if defined(__GNUC__)
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
#endif
	snprintf(part, sizeof part, field_fmt, item);
#if defined(__GNUC__)
#pragma GCC diagnostic pop
#endif
	ds__buf_printf(&path, "resource[%zu]/%s", v->entry + 1, part);
	va_start(ap, fmt);
	if (ds__buf_grow(&message, 256) == DS_OK) {
		int n = vsnprintf(message.data, message.cap, fmt, ap);
		if (n >= 0 && (size_t)n < message.cap)
			message.len = (size_t)n;
		else if (n >= 0) {
			va_end(ap);
			va_start(ap, fmt);
			if (ds__buf_grow(&message, (size_t)n + 1) == DS_OK)
				message.len = (size_t)vsnprintf(message.data, message.cap, fmt, ap);
		}
	}
	va_end(ap);
	if (ds__buf_detach(&p.field, &path) < 0 || ds__buf_detach(&p.message, &message) < 0 ||
	    !(p.identifier = ds__strdup(v->identifier ? v->identifier : "")))
		goto nomem;
	if (v->sink) {
		ds_catalog_problem view = { p.severity, p.entry, p.identifier, p.field, p.rule, p.message };
		v->count++;
		if (severity == DS_SEVERITY_ERROR)
			v->errors++;
		if (v->rc == DS_OK)
			v->rc = v->sink(&view, v->sink_context);
		ds__free(p.field);
		ds__free(p.message);
		ds__free(p.identifier);
		return;
	}
	if (r->count == r->cap) {
		size_t cap = r->cap ? r->cap * 2 : 32;
		problem *list = ds__realloc(r->problems, cap * sizeof *list);
		if (!list)
			goto nomem;
		r->problems = list;
		r->cap = cap;
	}
	r->problems[r->count++] = p;
	if (severity == DS_SEVERITY_ERROR)
		r->errors++;
	return;
nomem:
	ds__buf_dispose(&path);
	ds__buf_dispose(&message);
	ds__free(p.field);
	ds__free(p.message);
	ds__free(p.identifier);
	v->failed = 1;
}

static int in_list(const codelist *list, const char *value)
{
	size_t i;

	for (i = 0; i < list->count; i++)
		if (strcmp(list->values[i], value) == 0)
			return 1;
	return 0;
}

static int in_words(char **words, size_t count, const char *value)
{
	size_t i;

	for (i = 0; i < count; i++)
		if (strcmp(words[i], value) == 0)
			return 1;
	return 0;
}

/* An absolute URI: scheme ":" then at least one character, no spaces or controls. */
static int uri_valid(const char *text)
{
	const char *s = text;

	if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z')))
		return 0;
	while ((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') || (*s >= '0' && *s <= '9') || *s == '+' ||
	       *s == '-' || *s == '.')
		s++;
	if (*s != ':' || !s[1])
		return 0;
	for (s++; *s; s++)
		if ((unsigned char)*s <= ' ' || *s == '"' || *s == '<' || *s == '>' || *s == '\\' || *s == '^' ||
		    *s == '`' || *s == '{' || *s == '|' || *s == '}' || (unsigned char)*s == 0x7f)
			return 0;
	return 1;
}

static int pattern_matches(validation *v, ds_field f, const char *value)
{
	URegularExpression *re = v->patterns[f];
	UErrorCode status = U_ZERO_ERROR;
	UChar stack[256], *text = stack;
	int32_t len = 0;
	UBool matched;

	u_strFromUTF8(NULL, 0, &len, value, -1, &status);
	status = U_ZERO_ERROR;
	if (len >= 256 && !(text = ds__malloc(((size_t)len + 1) * sizeof(UChar)))) {
		v->failed = 1;
		return 1;
	}
	u_strFromUTF8(text, len + 1, NULL, value, -1, &status);
	uregex_setText(re, text, len, &status);
	matched = uregex_matches(re, 0, &status);
	uregex_setText(re, stack, 0, &status);
	if (text != stack)
		ds__free(text);
	return U_SUCCESS(status) && matched;
}

static void check_field(validation *v, const ds_resource *r, ds_field f)
{
	const field_rule *rule = &v->profile->fields[f];
	const char *value = r->fields[f], *name = ds_field_name(f), *label = field_labels[f];
	ds_severity sev = rule->severity;

	if (!value) {
		if (rule->required)
			add_problem(v, sev, "required", name, 0, "%s (%s) is required", label, name);
		else if (rule->unless_field >= 0 && r->fields[rule->unless_field] &&
			 !in_words(rule->unless_values, rule->unless_count, r->fields[rule->unless_field]))
			add_problem(v, sev, "required-unless", name, 0, "%s (%s) is required when %s (%s) is '%s'",
				    label, name, field_labels[rule->unless_field],
				    ds_field_name((ds_field)rule->unless_field), r->fields[rule->unless_field]);
		return;
	}
	if (rule->max_length && cat__utf8_length(value) > rule->max_length)
		add_problem(v, sev, "max-length", name, 0, "%s (%s) has %zu characters; the limit is %zu", label, name,
			    cat__utf8_length(value), rule->max_length);
	if (rule->codelist >= 0 && !in_list(&v->profile->lists[rule->codelist], value))
		add_problem(v, sev, "codelist", name, 0, "%s (%s): '%s' is not in the code list '%s'", label, name,
			    value, v->profile->lists[rule->codelist].name);
	if (v->patterns[f] && !pattern_matches(v, f, value))
		add_problem(v, sev, "pattern", name, 0, "%s (%s): '%s' does not match the pattern %s", label, name,
			    value, rule->pattern);
	if (rule->check_uscc && ds__uscc_validate(value, NULL, NULL) != DS__USCC_VALID)
		add_problem(
			v, sev, "uscc", name, 0,
			"%s (%s): '%s' is not a valid 统一社会信用代码 (18 characters, region digits, a correct check character)",
			label, name, value);
	if (f == DS_FIELD_METADATA_DATE || f == DS_FIELD_PUBLISHED) {
		ds__date date;
		if (ds__date_parse(&date, value) < 0)
			add_problem(v, DS_SEVERITY_ERROR, "date", name, 0, "%s (%s): '%s' is not a date YYYY-MM-DD",
				    label, name, value);
	}
	if (f == DS_FIELD_ONLINE_LINK && !uri_valid(value))
		add_problem(v, DS_SEVERITY_ERROR, "uri", name, 0, "%s (%s): '%s' is not an absolute URI", label, name,
			    value);
}

static void check_entry(validation *v, const ds_resource *r)
{
	const ds_profile *p = v->profile;
	size_t i, found;
	int f;

	for (f = 0; f < DS_FIELD_COUNT; f++)
		check_field(v, r, (ds_field)f);
	if (r->lists[DS_LIST_KEYWORDS].count < p->keywords_min)
		add_problem(v, p->keywords_severity, "keywords-min", "keyword", 0,
			    "关键字 (keyword): %zu given; at least %zu expected", r->lists[DS_LIST_KEYWORDS].count,
			    p->keywords_min);
	for (i = 0; i < r->lists[DS_LIST_RELATED].count; i++) {
		const char *code = r->lists[DS_LIST_RELATED].values[i];
		found = (size_t)-1;
		if (!v->ids)
			found = cat__lookup(v->catalog, code);
		else if (v->rc == DS_OK)
			v->rc = cat__ids_find(&found, v->ids, code);
		if (found == (size_t)-1 || found == v->entry)
			add_problem(v, DS_SEVERITY_ERROR, "related-exists", "related[%zu]", i + 1,
				    "关联资源代码 (related): '%s' is not another entry of this catalogue", code);
	}
	if (r->item_count < p->items_min)
		add_problem(v, p->items_severity, "items-min", "item", 0,
			    "信息项 (item): %zu given; at least %zu required", r->item_count, p->items_min);
	for (i = 0; i < r->item_count; i++) {
		const cat_item *item = &r->items[i];
		if (p->item_name_max && cat__utf8_length(item->name) > p->item_name_max)
			add_problem(v, p->items_severity, "max-length", "item[%zu]/name", i + 1,
				    "信息项名称 (item name) '%s' has %zu characters; the limit is %zu", item->name,
				    cat__utf8_length(item->name), p->item_name_max);
		if (p->item_types >= 0) {
			const codelist *types = &p->lists[p->item_types];
			if (!item->type)
				add_problem(v, p->items_severity, "required", "item[%zu]/type", i + 1,
					    "信息项 '%s': 数据类型 (type) is required", item->name);
			else if (!in_list(types, item->type))
				add_problem(v, p->items_severity, "codelist", "item[%zu]/type", i + 1,
					    "信息项 '%s': 数据类型 (type) '%s' is not in the code list '%s'",
					    item->name, item->type, types->name);
		}
		if (item->type && !item->length && in_words(p->length_types, p->length_type_count, item->type))
			add_problem(v, p->items_severity, "item-length", "item[%zu]/length", i + 1,
				    "信息项 '%s': 数据长度 (length) is required for type %s", item->name, item->type);
	}
}

/* A profile may be shared by threads: each validation opens its own matchers. */
static int patterns_open(validation *v)
{
	int f;

	for (f = 0; f < DS_FIELD_COUNT; f++) {
		UErrorCode status = U_ZERO_ERROR;
		if (!v->profile->fields[f].upattern)
			continue;
		v->patterns[f] = uregex_open(v->profile->fields[f].upattern, -1, 0, NULL, &status);
		if (U_FAILURE(status)) {
			int rc = ds__error(DS_EINTERNAL, "ICU regular expression: %s", u_errorName(status));
			ds__error_cause("icu", (long)status);
			return rc;
		}
	}
	return DS_OK;
}

static void patterns_close(validation *v)
{
	int f;

	for (f = 0; f < DS_FIELD_COUNT; f++)
		if (v->patterns[f])
			uregex_close(v->patterns[f]);
}

static int check_streamed(ds_resource *r, size_t index, void *context)
{
	validation *v = context;

	v->entry = index;
	v->identifier = r->fields[DS_FIELD_IDENTIFIER];
	check_entry(v, r);
	return v->failed ? ds__enomem() : v->rc;
}

int ds_catalog_validate_file(size_t *entries, size_t *errors, size_t *warnings, const char *path,
			     const ds_profile *profile, ds_problem_callback callback, void *context)
{
	validation v;
	size_t count = 0;
	int rc;

	if (!path || !profile || !callback)
		return ds__error(DS_EINVAL, "ds_catalog_validate_file: NULL argument");
	memset(&v, 0, sizeof v);
	v.profile = profile;
	v.sink = callback;
	v.sink_context = context;
	/* first the document as ds_catalog_load() reads it (its errors, repeated identifiers),
	 * so that nothing is reported for a document that cannot be read; then each entry */
	if ((rc = cat__ids_open(&v.ids)) == DS_OK && (rc = cat__stream(&count, path, v.ids, NULL, NULL)) == DS_OK &&
	    (rc = patterns_open(&v)) == DS_OK)
		rc = cat__stream(&count, path, NULL, check_streamed, &v);
	patterns_close(&v);
	cat__ids_free(v.ids);
	if (rc < 0)
		return rc;
	if (entries)
		*entries = count;
	if (errors)
		*errors = v.errors;
	if (warnings)
		*warnings = v.count - v.errors;
	return DS_OK;
}

int ds_catalog_validate(ds_catalog_report **out, const ds_catalog *catalog, const ds_profile *profile)
{
	validation v;
	size_t i;
	int rc = DS_OK;

	if (!out || !catalog || !profile)
		return ds__error(DS_EINVAL, "ds_catalog_validate: NULL argument");
	memset(&v, 0, sizeof v);
	v.catalog = catalog;
	v.profile = profile;
	if (!(v.report = ds__calloc(1, sizeof *v.report)))
		return ds__enomem();
	if ((rc = patterns_open(&v)) < 0)
		goto done;
	for (i = 0; i < catalog->count && !v.failed; i++) {
		v.entry = i;
		v.identifier = catalog->entries[i]->fields[DS_FIELD_IDENTIFIER];
		check_entry(&v, catalog->entries[i]);
	}
	if (v.failed)
		rc = ds__enomem();
done:
	patterns_close(&v);
	if (rc < 0) {
		ds_catalog_report_free(v.report);
		return rc;
	}
	*out = v.report;
	return DS_OK;
}
