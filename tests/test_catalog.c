/*
 * The metadata catalogue: entries, catalogues, profiles and validation, native
 * XML import/export, search, pinyin sort and diff. The random differential test
 * against an independent Python implementation is tests/catalog_oracle.py.
 * SPDX-License-Identifier: MIT
 */
#define _POSIX_C_SOURCE 200809L
#include <stdint.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <dirent.h>
#include <time.h>
#include <unistd.h>

#include "testutil.h"

/* Peak-RSS checks mean nothing under AddressSanitizer, which keeps freed memory in quarantine. */
#if defined(__SANITIZE_ADDRESS__)
#define UNDER_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define UNDER_ASAN 1
#endif
#endif

#ifndef FIXTURES
#define FIXTURES "tests/fixtures/catalog"
#endif
#ifndef EXAMPLE
#define EXAMPLE "examples/data/catalog-jinan.xml"
#endif

/* A new entry with an identifier and a title. */
static ds_resource *entry(const char *identifier, const char *title)
{
	ds_resource *r = NULL;

	ck_assert_ds_ok(ds_resource_new(&r));
	if (identifier)
		ck_assert_ds_ok(ds_resource_set(r, DS_FIELD_IDENTIFIER, identifier));
	if (title)
		ck_assert_ds_ok(ds_resource_set(r, DS_FIELD_TITLE, title));
	return r;
}

/* The entry at @index of @c, which must exist. */
static const ds_resource *entry_at(const ds_catalog *c, size_t index)
{
	const ds_resource *r = NULL;

	ck_assert_ds_ok(ds_catalog_at(&r, c, index));
	return r;
}

static ds_catalog *parse(const char *xml)
{
	ds_catalog *c = NULL;

	ck_assert_ds_ok(ds_catalog_parse(&c, xml, strlen(xml), "test.xml"));
	return c;
}

/* ---------------------------------------------------------------- fields */

START_TEST(field_names_round_trip)
{
	ds_field f, back;

	for (f = 0; f < DS_FIELD_COUNT; f++) {
		ck_assert_ptr_nonnull(ds_field_name(f));
		ck_assert_ds_ok(ds_field_from_name(&back, ds_field_name(f)));
		ck_assert_int_eq(back, f);
	}
	ck_assert_ptr_null(ds_field_name(DS_FIELD_COUNT));
	ck_assert_ptr_null(ds_field_name((ds_field)-1));
	back = DS_FIELD_TITLE;
	ck_assert_ds_err(ds_field_from_name(&back, "titel"), DS_ENOTFOUND);
	ck_assert_ds_err(ds_field_from_name(&back, NULL), DS_EINVAL);
	ck_assert_int_eq(back, DS_FIELD_TITLE);
	ck_assert_str_eq(ds_field_name(DS_FIELD_SHARE_TYPE), "share_type");
}
END_TEST

START_TEST(set_get_normalises_and_clears)
{
	ds_resource *r = entry(NULL, NULL);

	ck_assert_ptr_null(ds_resource_get(r, DS_FIELD_TITLE));
	/* e + combining acute is stored composed (NFC); surrounding XML whitespace is trimmed. */
	ck_assert_ds_ok(ds_resource_set(r, DS_FIELD_TITLE, "  Cafe\xcc\x81 数据\n"));
	ck_assert_str_eq(ds_resource_get(r, DS_FIELD_TITLE), "Caf\xc3\xa9 数据");
	ck_assert_ds_ok(ds_resource_set(r, DS_FIELD_TITLE, ""));
	ck_assert_ptr_null(ds_resource_get(r, DS_FIELD_TITLE));
	ck_assert_ds_ok(ds_resource_set(r, DS_FIELD_TITLE, "住房公积金"));
	ck_assert_ds_ok(ds_resource_set(r, DS_FIELD_ABSTRACT, " \t "));
	ck_assert_ptr_null(ds_resource_get(r, DS_FIELD_ABSTRACT));
	ck_assert_ds_ok(ds_resource_set(r, DS_FIELD_ABSTRACT, "x"));
	ck_assert_ds_ok(ds_resource_set(r, DS_FIELD_ABSTRACT, NULL));
	ck_assert_ptr_null(ds_resource_get(r, DS_FIELD_ABSTRACT));
	ck_assert_ptr_null(ds_resource_get(r, DS_FIELD_COUNT));
	ck_assert_ptr_null(ds_resource_get(NULL, DS_FIELD_TITLE));
	ds_resource_free(r);
}
END_TEST

static const struct {
	const char *value;
	int code;
} bad_text[] = {
	{ "abc\xff", DS_EPARSE },      /* invalid UTF-8 */
	{ "\xc0\xaf", DS_EPARSE },     /* overlong */
	{ "\xed\xa0\x80", DS_EPARSE }, /* surrogate */
	{ "a\x01z", DS_EPARSE },       /* control character XML cannot carry */
	{ "bell\x07", DS_EPARSE },
};

START_TEST(set_rejects_bad_text_and_changes_nothing)
{
	ds_resource *r = entry("id-1", "原名称");
	size_t i;
	ds_field f;

	for (i = 0; i < sizeof bad_text / sizeof bad_text[0]; i++) {
		for (f = 0; f < DS_FIELD_COUNT; f++) {
			int rc = ds_resource_set(r, f, bad_text[i].value);
			ck_assert_msg(rc == bad_text[i].code, "case %zu field %s: %s", i, ds_field_name(f),
				      ds_strerror(rc));
			ck_assert_str_eq(ds_error_last()->field, ds_field_name(f));
			ck_assert_ptr_nonnull(strstr(ds_error_last()->message, ds_field_name(f)));
		}
		ck_assert_str_eq(ds_resource_get(r, DS_FIELD_TITLE), "原名称");
		ck_assert_str_eq(ds_resource_get(r, DS_FIELD_IDENTIFIER), "id-1");
		ck_assert_ptr_null(ds_resource_get(r, DS_FIELD_ABSTRACT));
	}
	ck_assert_ds_err(ds_resource_set(r, DS_FIELD_COUNT, "x"), DS_EINVAL);
	ck_assert_ds_err(ds_resource_set(r, (ds_field)-1, "x"), DS_EINVAL);
	ck_assert_ds_err(ds_resource_set(NULL, DS_FIELD_TITLE, "x"), DS_EINVAL);
	ck_assert_str_eq(ds_resource_get(r, DS_FIELD_TITLE), "原名称");
	ds_resource_free(r);
}
END_TEST

/* ---------------------------------------------------------------- lists */

START_TEST(lists_add_remove)
{
	ds_resource *r = entry(NULL, NULL);
	const char *value = NULL;

	ck_assert_ds_ok(ds_resource_list_add(r, DS_LIST_KEYWORDS, "住房公积金"));
	ck_assert_ds_ok(ds_resource_list_add(r, DS_LIST_KEYWORDS, "缴存"));
	ck_assert_ds_ok(ds_resource_list_add(r, DS_LIST_KEYWORDS, "贷款"));
	ck_assert_ds_err(ds_resource_list_add(r, DS_LIST_KEYWORDS, " 缴存 "), DS_EEXISTS);
	ck_assert_ds_err(ds_resource_list_add(r, DS_LIST_KEYWORDS, ""), DS_EINVAL);
	ck_assert_ds_err(ds_resource_list_add(r, DS_LIST_KEYWORDS, NULL), DS_EINVAL);
	ck_assert_ds_err(ds_resource_list_add(r, DS_LIST_KEYWORDS, "\xff"), DS_EPARSE);
	ck_assert_ds_err(ds_resource_list_add(r, (ds_list)7, "x"), DS_EINVAL);
	ck_assert_uint_eq(ds_resource_list_count(r, DS_LIST_KEYWORDS), 3);
	ck_assert_ds_ok(ds_resource_list_remove(r, DS_LIST_KEYWORDS, 1));
	ck_assert_ds_err(ds_resource_list_remove(r, DS_LIST_KEYWORDS, 2), DS_ERANGE);
	ck_assert_ptr_nonnull(strstr(ds_error_last()->message, "index 2"));
	ck_assert_ptr_nonnull(strstr(ds_error_last()->message, "has 2"));
	ck_assert_uint_eq(ds_resource_list_count(r, DS_LIST_KEYWORDS), 2);
	ck_assert_ds_ok(ds_resource_list_at(&value, r, DS_LIST_KEYWORDS, 0));
	ck_assert_str_eq(value, "住房公积金");
	ck_assert_ds_ok(ds_resource_list_at(&value, r, DS_LIST_KEYWORDS, 1));
	ck_assert_str_eq(value, "贷款");
	ck_assert_uint_eq(ds_resource_list_count(r, DS_LIST_RELATED), 0);
	ck_assert_ds_ok(ds_resource_list_add(r, DS_LIST_RELATED, "A/1"));
	ck_assert_ds_ok(ds_resource_list_at(&value, r, DS_LIST_RELATED, 0));
	ck_assert_str_eq(value, "A/1");
	ck_assert_uint_eq(ds_resource_list_count(NULL, DS_LIST_RELATED), 0);
	ds_resource_free(r);
}
END_TEST

/* ds_resource_list_at: past the end is DS_ERANGE naming index and count; bad arguments are
 * DS_EINVAL; @out is untouched on failure. */
START_TEST(lists_at_errors)
{
	ds_resource *r = entry(NULL, NULL);
	const char *const sentinel = "unchanged";
	const char *value = sentinel;

	ck_assert_ds_ok(ds_resource_list_add(r, DS_LIST_KEYWORDS, "a"));
	ck_assert_ds_ok(ds_resource_list_add(r, DS_LIST_KEYWORDS, "b"));
	ck_assert_ds_err(ds_resource_list_at(&value, r, DS_LIST_KEYWORDS, 2), DS_ERANGE);
	ck_assert_ptr_nonnull(strstr(ds_error_last()->message, "index 2"));
	ck_assert_ptr_nonnull(strstr(ds_error_last()->message, "has 2"));
	ck_assert_ptr_eq(value, sentinel);
	ck_assert_ds_err(ds_resource_list_at(&value, r, DS_LIST_RELATED, 0), DS_ERANGE);
	ck_assert_ds_err(ds_resource_list_at(&value, r, DS_LIST_KEYWORDS, (size_t)-1), DS_ERANGE);
	ck_assert_ptr_eq(value, sentinel);
	ck_assert_ds_err(ds_resource_list_at(NULL, r, DS_LIST_KEYWORDS, 0), DS_EINVAL);
	ck_assert_ds_err(ds_resource_list_at(&value, NULL, DS_LIST_KEYWORDS, 0), DS_EINVAL);
	ck_assert_ds_err(ds_resource_list_at(&value, r, (ds_list)7, 0), DS_EINVAL);
	ck_assert_ptr_eq(value, sentinel);
	ck_assert_ds_ok(ds_resource_list_at(&value, r, DS_LIST_KEYWORDS, 1));
	ck_assert_str_eq(value, "b");
	ds_resource_free(r);
}
END_TEST

/* ---------------------------------------------------------------- 信息项 */

static void assert_item_names(const ds_resource *r, const char *expected)
{
	char joined[256] = "";
	ds_item item;
	size_t i;

	for (i = 0; i < ds_resource_item_count(r); i++) {
		ck_assert_ds_ok(ds_resource_item_at(&item, r, i));
		if (i)
			strcat(joined, ",");
		strcat(joined, item.name);
	}
	ck_assert_str_eq(joined, expected);
}

START_TEST(items_insert_remove_move)
{
	ds_resource *r = entry(NULL, NULL);
	ds_item item;

	ck_assert_ds_ok(ds_resource_item_insert(r, (size_t)-1, "b", "C", 18, "second"));
	ck_assert_ds_ok(ds_resource_item_insert(r, 0, "a", "D", 0, NULL));
	ck_assert_ds_ok(ds_resource_item_insert(r, 2, "d", NULL, 0, NULL));
	ck_assert_ds_ok(ds_resource_item_insert(r, 2, "c", "Y", 18, "金额"));
	assert_item_names(r, "a,b,c,d");
	ck_assert_ds_ok(ds_resource_item_at(&item, r, 1));
	ck_assert_str_eq(item.name, "b");
	ck_assert_str_eq(item.type, "C");
	ck_assert_int_eq(item.length, 18);
	ck_assert_str_eq(item.description, "second");
	ck_assert_ds_ok(ds_resource_item_at(&item, r, 0));
	ck_assert_ptr_null(item.description);
	ck_assert_int_eq(item.length, 0);

	/* Errors change nothing. */
	ck_assert_ds_err(ds_resource_item_insert(r, 0, "b", "C", 1, NULL), DS_EEXISTS);
	ck_assert_ds_err(ds_resource_item_insert(r, 5, "e", "C", 1, NULL), DS_ERANGE);
	ck_assert_ds_err(ds_resource_item_insert(r, 0, "e", "C", -1, NULL), DS_ERANGE);
	ck_assert_ds_err(ds_resource_item_insert(r, 0, "e", "C", 1000000001L, NULL), DS_ERANGE);
	ck_assert_ds_err(ds_resource_item_insert(r, 0, "", "C", 1, NULL), DS_EINVAL);
	ck_assert_ds_err(ds_resource_item_insert(r, 0, NULL, "C", 1, NULL), DS_EINVAL);
	ck_assert_ds_err(ds_resource_item_insert(r, 0, "e", "\xff", 1, NULL), DS_EPARSE);
	ck_assert_ds_err(ds_resource_item_insert(r, 0, "e", "C", 1, "\x02"), DS_EPARSE);
	assert_item_names(r, "a,b,c,d");

	ck_assert_ds_ok(ds_resource_item_move(r, 0, 3));
	assert_item_names(r, "b,c,d,a");
	ck_assert_ds_ok(ds_resource_item_move(r, 3, 1));
	assert_item_names(r, "b,a,c,d");
	ck_assert_ds_ok(ds_resource_item_move(r, 2, 2));
	assert_item_names(r, "b,a,c,d");
	ck_assert_ds_err(ds_resource_item_move(r, 4, 0), DS_ERANGE);
	ck_assert_ds_err(ds_resource_item_move(r, 0, 4), DS_ERANGE);
	ck_assert_ptr_nonnull(strstr(ds_error_last()->message, "has 4"));
	assert_item_names(r, "b,a,c,d");
	ck_assert_ds_ok(ds_resource_item_remove(r, 1));
	assert_item_names(r, "b,c,d");
	ck_assert_ds_err(ds_resource_item_remove(r, 3), DS_ERANGE);
	ck_assert_ptr_nonnull(strstr(ds_error_last()->message, "index 3"));
	ck_assert_ptr_nonnull(strstr(ds_error_last()->message, "has 3"));
	memset(&item, 0x5a, sizeof item);
	{
		ds_item before;
		memcpy(&before, &item, sizeof item);
		ck_assert_ds_err(ds_resource_item_at(&item, r, 3), DS_ERANGE);
		ck_assert_ptr_nonnull(strstr(ds_error_last()->message, "index 3"));
		ck_assert_int_eq(memcmp(&item, &before, sizeof item), 0);
	}
	ck_assert_ds_err(ds_resource_item_at(NULL, r, 0), DS_EINVAL);
	assert_item_names(r, "b,c,d");
	ds_resource_free(r);
}
END_TEST

/* ---------------------------------------------------------------- extensions */

START_TEST(extensions_set_replace_remove)
{
	ds_resource *r = entry(NULL, NULL);
	ds_extension ext, before;

	ck_assert_ds_ok(ds_resource_extension_set(r, "urn:jinan", "system", "公积金核心系统"));
	ck_assert_ds_ok(ds_resource_extension_set(r, "urn:jinan", "owner", "信息中心"));
	ck_assert_ds_ok(ds_resource_extension_set(r, "urn:sd", "system", "省平台"));
	ck_assert_ds_ok(ds_resource_extension_set(r, "urn:jinan", "system", "新系统"));
	ck_assert_uint_eq(ds_resource_extension_count(r), 3);
	ck_assert_str_eq(ds_resource_extension_get(r, "urn:jinan", "system"), "新系统");
	ck_assert_str_eq(ds_resource_extension_get(r, "urn:sd", "system"), "省平台");
	ck_assert_ptr_null(ds_resource_extension_get(r, "urn:sd", "owner"));
	ck_assert_ds_ok(ds_resource_extension_at(&ext, r, 0));
	ck_assert_str_eq(ext.ns, "urn:jinan");
	ck_assert_str_eq(ext.key, "system");
	ck_assert_str_eq(ext.value, "新系统");
	ck_assert_ds_ok(ds_resource_extension_at(&ext, r, 2));
	ck_assert_str_eq(ext.ns, "urn:sd");
	ck_assert_str_eq(ext.key, "system");
	ck_assert_str_eq(ext.value, "省平台");
	ck_assert_ds_ok(ds_resource_extension_set(r, "urn:jinan", "system", NULL));
	ck_assert_uint_eq(ds_resource_extension_count(r), 2);
	ck_assert_ds_ok(ds_resource_extension_at(&ext, r, 0));
	ck_assert_str_eq(ext.key, "owner");
	ck_assert_ds_ok(ds_resource_extension_set(r, "urn:none", "x", "")); /* removing nothing is fine */
	ck_assert_ds_err(ds_resource_extension_set(r, "", "x", "v"), DS_EINVAL);
	ck_assert_ds_err(ds_resource_extension_set(r, "urn:a", NULL, "v"), DS_EINVAL);
	ck_assert_ds_err(ds_resource_extension_set(r, "urn:a", "k", "\xfe"), DS_EPARSE);
	memcpy(&before, &ext, sizeof ext);
	ck_assert_ds_err(ds_resource_extension_at(&ext, r, 2), DS_ERANGE);
	ck_assert_ptr_nonnull(strstr(ds_error_last()->message, "index 2"));
	ck_assert_ptr_nonnull(strstr(ds_error_last()->message, "has 2"));
	ck_assert_int_eq(memcmp(&ext, &before, sizeof ext), 0);
	ck_assert_ds_err(ds_resource_extension_at(NULL, r, 0), DS_EINVAL);
	ck_assert_ds_err(ds_resource_extension_at(&ext, NULL, 0), DS_EINVAL);
	ck_assert_int_eq(memcmp(&ext, &before, sizeof ext), 0);
	ck_assert_uint_eq(ds_resource_extension_count(r), 2);
	ds_resource_free(r);
}
END_TEST

START_TEST(dup_and_equal)
{
	ds_resource *r = entry("A/1", "标题"), *copy = NULL;

	ck_assert_ds_ok(ds_resource_list_add(r, DS_LIST_KEYWORDS, "k"));
	ck_assert_ds_ok(ds_resource_list_add(r, DS_LIST_RELATED, "A/2"));
	ck_assert_ds_ok(ds_resource_item_insert(r, (size_t)-1, "n", "C", 5, "d"));
	ck_assert_ds_ok(ds_resource_extension_set(r, "urn:x", "k", "v"));
	ck_assert_ds_ok(ds_resource_dup(&copy, r));
	ck_assert_int_eq(ds_resource_equal(r, copy), 1);
	ck_assert_ds_ok(ds_resource_item_insert(copy, (size_t)-1, "m", "C", 5, NULL));
	ck_assert_int_eq(ds_resource_equal(r, copy), 0);
	ck_assert_ds_ok(ds_resource_item_remove(copy, 1));
	ck_assert_int_eq(ds_resource_equal(r, copy), 1);
	ck_assert_ds_ok(ds_resource_extension_set(copy, "urn:x", "k", "w"));
	ck_assert_int_eq(ds_resource_equal(r, copy), 0);
	ck_assert_int_eq(ds_resource_equal(r, NULL), 0);
	ck_assert_ds_err(ds_resource_dup(NULL, r), DS_EINVAL);
	ds_resource_free(copy);
	ds_resource_free(r);
	ds_resource_free(NULL);
}
END_TEST

/* ---------------------------------------------------------------- catalogues */

/* ds_catalog_at: the entry borrowed from the catalogue; past the end is DS_ERANGE naming
 * index and count; NULL is DS_EINVAL; @out is untouched on failure. */
START_TEST(catalog_at)
{
	ds_catalog *c = NULL;
	const ds_resource *const sentinel = (const ds_resource *)&c;
	const ds_resource *r = sentinel;

	ck_assert_ds_ok(ds_catalog_new(&c));
	ck_assert_ds_err(ds_catalog_at(&r, c, 0), DS_ERANGE);
	ck_assert_ptr_eq(r, sentinel);
	ck_assert_ds_ok(ds_catalog_add(c, entry("A/1", "一")));
	ck_assert_ds_ok(ds_catalog_add(c, entry("A/2", "二")));
	ck_assert_ds_ok(ds_catalog_at(&r, c, 1));
	ck_assert_str_eq(ds_resource_get(r, DS_FIELD_IDENTIFIER), "A/2");
	ck_assert_ds_ok(ds_catalog_at(&r, c, 0));
	ck_assert_str_eq(ds_resource_get(r, DS_FIELD_TITLE), "一");
	r = sentinel;
	ck_assert_ds_err(ds_catalog_at(&r, c, 2), DS_ERANGE);
	ck_assert_ptr_nonnull(strstr(ds_error_last()->message, "index 2"));
	ck_assert_ptr_nonnull(strstr(ds_error_last()->message, "has 2"));
	ck_assert_ds_err(ds_catalog_at(&r, c, (size_t)-1), DS_ERANGE);
	ck_assert_ds_err(ds_catalog_at(&r, NULL, 0), DS_EINVAL);
	ck_assert_ptr_eq(r, sentinel);
	ck_assert_ds_err(ds_catalog_at(NULL, c, 0), DS_EINVAL);
	ds_catalog_free(c);
}
END_TEST

START_TEST(catalog_index)
{
	ds_catalog *c = NULL;
	ds_resource *r, *dup;
	size_t index = 99, i;
	char id[32];

	ck_assert_ds_ok(ds_catalog_new(&c));
	for (i = 0; i < 1000; i++) {
		snprintf(id, sizeof id, "30%03zu/X-%05zu", i % 7, i);
		ck_assert_ds_ok(ds_catalog_add(c, entry(id, "t")));
	}
	ck_assert_ds_ok(ds_catalog_add(c, entry(NULL, "no identifier")));
	ck_assert_uint_eq(ds_catalog_count(c), 1001);
	for (i = 0; i < 1000; i += 37) {
		snprintf(id, sizeof id, "30%03zu/X-%05zu", i % 7, i);
		ck_assert_ds_ok(ds_catalog_find(&index, c, id));
		ck_assert_uint_eq(index, i);
	}
	/* A repeated identifier is refused; the caller still owns the entry. */
	dup = entry("30000/X-00000", "again");
	ck_assert_ds_err(ds_catalog_add(c, dup), DS_EEXISTS);
	ck_assert_ptr_nonnull(strstr(ds_error_last()->message, "30000/X-00000"));
	ck_assert_uint_eq(ds_catalog_count(c), 1001);
	index = 99;
	ck_assert_ds_err(ds_catalog_find(&index, c, "nope"), DS_ENOTFOUND);
	ck_assert_ds_err(ds_catalog_find(&index, c, "30000/X-\xff"), DS_EPARSE);
	ck_assert_uint_eq(index, 99);

	/* Replace: a clash with another entry is refused; the same identifier is fine. */
	ck_assert_ds_err(ds_catalog_replace(c, 1, dup), DS_EEXISTS);
	ck_assert_ds_ok(ds_catalog_replace(c, 0, dup));
	ck_assert_str_eq(ds_resource_get(entry_at(c, 0), DS_FIELD_TITLE), "again");
	r = entry("new-id", "renamed");
	ck_assert_ds_err(ds_catalog_replace(c, 1001, r), DS_ERANGE);
	ck_assert_ptr_nonnull(strstr(ds_error_last()->message, "index 1001"));
	ck_assert_ptr_nonnull(strstr(ds_error_last()->message, "has 1001"));
	ck_assert_ds_ok(ds_catalog_replace(c, 5, r));
	ck_assert_ds_ok(ds_catalog_find(&index, c, "new-id"));
	ck_assert_uint_eq(index, 5);
	ck_assert_ds_err(ds_catalog_find(&index, c, "30005/X-00005"), DS_ENOTFOUND);

	/* Remove moves later entries down and keeps the index true. */
	ck_assert_ds_ok(ds_catalog_remove(c, 0));
	ck_assert_ds_ok(ds_catalog_find(&index, c, "new-id"));
	ck_assert_uint_eq(index, 4);
	ck_assert_ds_err(ds_catalog_find(&index, c, "30000/X-00000"), DS_ENOTFOUND);
	ck_assert_ds_err(ds_catalog_remove(c, 1000), DS_ERANGE);
	ck_assert_ptr_nonnull(strstr(ds_error_last()->message, "index 1000"));
	ck_assert_uint_eq(ds_catalog_count(c), 1000);
	ck_assert_ds_err(ds_catalog_add(c, NULL), DS_EINVAL);
	ck_assert_ds_ok(ds_catalog_set_title(c, "济南市目录"));
	ck_assert_str_eq(ds_catalog_title(c), "济南市目录");
	ck_assert_ds_err(ds_catalog_set_title(c, "\xff"), DS_EPARSE);
	ck_assert_str_eq(ds_catalog_title(c), "济南市目录");
	ds_catalog_free(c);
	ds_catalog_free(NULL);
}
END_TEST

/* ---------------------------------------------------------------- profiles and validation */

/* Each bad fixture breaks exactly one jinan rule (tests/fixtures/catalog/make-fixtures.py). */
static const struct {
	const char *file;
	const char *field;
	const char *rule;
	ds_severity severity;
} bad_fixtures[] = {
	{ "identifier-required", "resource[1]/identifier", "required", DS_SEVERITY_ERROR },
	{ "identifier-pattern", "resource[1]/identifier", "pattern", DS_SEVERITY_ERROR },
	{ "metadata_id-required", "resource[1]/metadata_id", "required", DS_SEVERITY_ERROR },
	{ "metadata_id-max-length", "resource[1]/metadata_id", "max-length", DS_SEVERITY_ERROR },
	{ "title-required", "resource[1]/title", "required", DS_SEVERITY_ERROR },
	{ "title-max-length", "resource[1]/title", "max-length", DS_SEVERITY_ERROR },
	{ "abstract-required", "resource[1]/abstract", "required", DS_SEVERITY_ERROR },
	{ "abstract-max-length", "resource[1]/abstract", "max-length", DS_SEVERITY_ERROR },
	{ "provider_name-required", "resource[1]/provider_name", "required", DS_SEVERITY_ERROR },
	{ "provider_name-max-length", "resource[1]/provider_name", "max-length", DS_SEVERITY_ERROR },
	{ "provider_code-required", "resource[1]/provider_code", "required", DS_SEVERITY_ERROR },
	{ "provider_code-uscc", "resource[1]/provider_code", "uscc", DS_SEVERITY_ERROR },
	{ "category_scheme-required", "resource[1]/category_scheme", "required", DS_SEVERITY_ERROR },
	{ "category_scheme-max-length", "resource[1]/category_scheme", "max-length", DS_SEVERITY_ERROR },
	{ "category_code-required", "resource[1]/category_code", "required", DS_SEVERITY_ERROR },
	{ "category_code-pattern", "resource[1]/category_code", "pattern", DS_SEVERITY_ERROR },
	{ "category_name-required", "resource[1]/category_name", "required", DS_SEVERITY_ERROR },
	{ "category_name-max-length", "resource[1]/category_name", "max-length", DS_SEVERITY_ERROR },
	{ "format-required", "resource[1]/format", "required", DS_SEVERITY_ERROR },
	{ "format-codelist", "resource[1]/format", "codelist", DS_SEVERITY_ERROR },
	{ "online_link-uri", "resource[1]/online_link", "uri", DS_SEVERITY_ERROR },
	{ "metadata_contact-required", "resource[1]/metadata_contact", "required", DS_SEVERITY_WARNING },
	{ "metadata_date-required", "resource[1]/metadata_date", "required", DS_SEVERITY_ERROR },
	{ "metadata_date-date", "resource[1]/metadata_date", "date", DS_SEVERITY_ERROR },
	{ "share_type-required", "resource[1]/share_type", "required", DS_SEVERITY_ERROR },
	{ "share_type-codelist", "resource[1]/share_type", "codelist", DS_SEVERITY_ERROR },
	{ "share_condition-required-unless", "resource[1]/share_condition", "required-unless", DS_SEVERITY_ERROR },
	{ "share_condition-max-length", "resource[1]/share_condition", "max-length", DS_SEVERITY_ERROR },
	{ "share_mode-required-unless", "resource[1]/share_mode", "required-unless", DS_SEVERITY_ERROR },
	{ "share_mode-codelist", "resource[1]/share_mode", "codelist", DS_SEVERITY_ERROR },
	{ "open_type-required", "resource[1]/open_type", "required", DS_SEVERITY_ERROR },
	{ "open_type-codelist", "resource[1]/open_type", "codelist", DS_SEVERITY_ERROR },
	{ "open_condition-required-unless", "resource[1]/open_condition", "required-unless", DS_SEVERITY_ERROR },
	{ "open_condition-max-length", "resource[1]/open_condition", "max-length", DS_SEVERITY_ERROR },
	{ "update_cycle-required", "resource[1]/update_cycle", "required", DS_SEVERITY_ERROR },
	{ "update_cycle-codelist", "resource[1]/update_cycle", "codelist", DS_SEVERITY_ERROR },
	{ "published-required", "resource[1]/published", "required", DS_SEVERITY_ERROR },
	{ "published-date", "resource[1]/published", "date", DS_SEVERITY_ERROR },
	{ "security_class-required", "resource[1]/security_class", "required", DS_SEVERITY_ERROR },
	{ "security_class-codelist", "resource[1]/security_class", "codelist", DS_SEVERITY_ERROR },
	{ "personal_info-required", "resource[1]/personal_info", "required", DS_SEVERITY_ERROR },
	{ "personal_info-codelist", "resource[1]/personal_info", "codelist", DS_SEVERITY_ERROR },
	{ "keyword-keywords-min", "resource[1]/keyword", "keywords-min", DS_SEVERITY_WARNING },
	{ "related-related-exists", "resource[1]/related[1]", "related-exists", DS_SEVERITY_ERROR },
	{ "item-items-min", "resource[1]/item", "items-min", DS_SEVERITY_ERROR },
	{ "item-type-required", "resource[1]/item[1]/type", "required", DS_SEVERITY_ERROR },
	{ "item-type-codelist", "resource[1]/item[1]/type", "codelist", DS_SEVERITY_ERROR },
	{ "item-length-item-length", "resource[1]/item[1]/length", "item-length", DS_SEVERITY_ERROR },
	{ "item-name-max-length", "resource[1]/item[1]/name", "max-length", DS_SEVERITY_ERROR },
};

static ds_catalog_report *validate_file(const char *path, const char *profile_name)
{
	ds_catalog *c = NULL;
	ds_profile *p = NULL;
	ds_catalog_report *report = NULL;

	ck_assert_msg(ds_catalog_load(&c, path) == DS_OK, "%s: %s", path, ds_error_last()->message);
	ck_assert_ds_ok(ds_profile_load(&p, profile_name));
	ck_assert_ds_ok(ds_catalog_validate(&report, c, p));
	ds_profile_free(p);
	ds_catalog_free(c);
	return report;
}

START_TEST(valid_documents_pass)
{
	static const char *const profiles[] = { "jinan", "gbt21063" };
	ds_catalog_report *report;
	size_t i;

	for (i = 0; i < 2; i++) {
		report = validate_file(EXAMPLE, profiles[i]);
		ck_assert_msg(ds_catalog_report_count(report) == 0, "example with %s: %zu problems", profiles[i],
			      ds_catalog_report_count(report));
		ds_catalog_report_free(report);
		report = validate_file(FIXTURES "/valid.xml", profiles[i]);
		ck_assert_uint_eq(ds_catalog_report_count(report), 0);
		ds_catalog_report_free(report);
	}
}
END_TEST

START_TEST(each_bad_fixture_breaks_its_rule)
{
	char path[512];
	ds_catalog_report *report;
	ds_catalog_problem problem;
	size_t i = (size_t)_i;

	snprintf(path, sizeof path, "%s/bad-%s.xml", FIXTURES, bad_fixtures[i].file);
	report = validate_file(path, "jinan");
	ck_assert_msg(ds_catalog_report_count(report) == 1, "%s: %zu problems", path, ds_catalog_report_count(report));
	ck_assert_ds_ok(ds_catalog_report_at(&problem, report, 0));
	ck_assert_str_eq(problem.field, bad_fixtures[i].field);
	ck_assert_str_eq(problem.rule, bad_fixtures[i].rule);
	ck_assert_int_eq(problem.severity, bad_fixtures[i].severity);
	ck_assert_uint_eq(problem.entry, 0);
	ck_assert_uint_eq(ds_catalog_report_errors(report), bad_fixtures[i].severity == DS_SEVERITY_ERROR ? 1 : 0);
	/* The message names the field by its English name. */
	{
		const char *slash = strrchr(bad_fixtures[i].field, '/') + 1;
		char name[64];
		snprintf(name, sizeof name, "%.*s", (int)strcspn(slash, "["), slash);
		ck_assert_msg(strstr(problem.message, name) != NULL, "message '%s' does not name %s", problem.message,
			      name);
	}
	{
		/* a byte pattern (padding included, so memory checkers see it defined) that a failed call must leave */
		ds_catalog_problem before;
		memset(&problem, 0xa5, sizeof problem);
		memset(&before, 0xa5, sizeof before);
		ck_assert_ds_err(ds_catalog_report_at(&problem, report, 1), DS_ERANGE);
		ck_assert_ptr_nonnull(strstr(ds_error_last()->message, "index 1"));
		ck_assert_ptr_nonnull(strstr(ds_error_last()->message, "has 1"));
		ck_assert_int_eq(memcmp(&problem, &before, sizeof problem), 0);
		ck_assert_ds_err(ds_catalog_report_at(NULL, report, 0), DS_EINVAL);
	}
	ds_catalog_report_free(report);
}
END_TEST

/* The national core is lax where jinan is strict: only core elements are mandatory. */
START_TEST(gbt21063_is_the_core)
{
	static const char *const jinan_only[] = { "format-required", "share_type-required", "published-required",
						  "item-items-min",  "provider_code-uscc",  "identifier-pattern" };
	char path[512];
	ds_catalog_report *report;
	size_t i;

	for (i = 0; i < sizeof jinan_only / sizeof jinan_only[0]; i++) {
		snprintf(path, sizeof path, "%s/bad-%s.xml", FIXTURES, jinan_only[i]);
		report = validate_file(path, "gbt21063");
		ck_assert_msg(ds_catalog_report_count(report) == 0, "%s under gbt21063: %zu problems", path,
			      ds_catalog_report_count(report));
		ds_catalog_report_free(report);
	}
	report = validate_file(FIXTURES "/bad-title-required.xml", "gbt21063");
	ck_assert_uint_eq(ds_catalog_report_errors(report), 1);
	ds_catalog_report_free(report);
}
END_TEST

/* Every problem of every entry at once, in catalogue order. */
/* 在线资源链接地址 must be an absolute URI (RFC 3986 §4.3: a scheme, ':', and
 * no spaces, controls or the characters RFC 3986 §2 never allows). */
START_TEST(online_link_is_an_absolute_uri)
{
	static const struct {
		const char *link;
		int valid;
	} links[] = {
		{ "https://data.jinan.gov.cn/a?b=c#d", 1 },
		{ "urn:uuid:6e8bc430-9c3a-11d9-9669-0800200c9a66", 1 },
		{ "a+b-c.d:x", 1 },
		{ "1http://x", 0 },
		{ "http:", 0 },
		{ "http//x", 0 },
		{ "ht_tp://x", 0 },
		{ "http://x y", 0 },
		{ "http://x\"y", 0 },
		{ "http://x<y>", 0 },
		{ "http://x\\y", 0 },
		{ "http://x^y", 0 },
		{ "http://x`y", 0 },
		{ "http://x{y}", 0 },
		{ "http://x|y", 0 },
		{ "http://x\x7fy", 0 },
		{ "数据://x", 0 },
	};
	size_t i, k;

	for (i = 0; i < sizeof links / sizeof links[0]; i++) {
		ds_catalog *c = NULL;
		ds_resource *r = NULL;
		ds_profile *p = NULL;
		ds_catalog_report *report = NULL;
		ds_catalog_problem problem;
		int found = 0;
		ck_assert_ds_ok(ds_catalog_new(&c));
		ck_assert_ds_ok(ds_resource_new(&r));
		ck_assert_ds_ok(ds_resource_set(r, DS_FIELD_IDENTIFIER, "A"));
		ck_assert_ds_ok(ds_resource_set(r, DS_FIELD_ONLINE_LINK, links[i].link));
		ck_assert_ds_ok(ds_catalog_add(c, r));
		ck_assert_ds_ok(ds_profile_load(&p, "gbt21063"));
		ck_assert_ds_ok(ds_catalog_validate(&report, c, p));
		for (k = 0; k < ds_catalog_report_count(report); k++) {
			ck_assert_ds_ok(ds_catalog_report_at(&problem, report, k));
			if (strcmp(problem.rule, "uri") == 0) {
				found = 1;
				ck_assert_str_eq(problem.field, "resource[1]/online_link");
				ck_assert_ptr_nonnull(strstr(problem.message, "is not an absolute URI"));
				ck_assert_int_eq(problem.severity, DS_SEVERITY_ERROR);
			}
		}
		ck_assert_msg(found == !links[i].valid, "'%s': %s", links[i].link, found ? "refused" : "accepted");
		ds_catalog_report_free(report);
		ds_profile_free(p);
		ds_catalog_free(c);
	}
}
END_TEST

START_TEST(validation_reports_everything)
{
	ds_catalog *c = parse("<catalog xmlns='urn:datasset:catalog:1'>"
			      "<resource><identifier>A</identifier><share type='共享'/></resource>"
			      "<resource><title>t</title><related>A</related><related>B</related>"
			      "<items><item name='x' type='Q'/><item name='y'/></items></resource>"
			      "</catalog>");
	ds_profile *p = NULL;
	ds_catalog_report *report = NULL;
	ds_catalog_problem problem;
	size_t i, count;

	ck_assert_ds_ok(ds_profile_load(&p, "jinan"));
	ck_assert_ds_ok(ds_catalog_validate(&report, c, p));
	count = ds_catalog_report_count(report);
	ck_assert_uint_ge(count, 30);
	for (i = 1; i < count; i++) {
		ds_catalog_problem previous;
		ck_assert_ds_ok(ds_catalog_report_at(&previous, report, i - 1));
		ck_assert_ds_ok(ds_catalog_report_at(&problem, report, i));
		ck_assert_uint_ge(problem.entry, previous.entry);
	}
	/* Entry 2: related B does not exist (A does), item x has a bad type, y none. */
	for (i = 0; i < count; i++) {
		ck_assert_ds_ok(ds_catalog_report_at(&problem, report, i));
		if (problem.entry == 1 && strcmp(problem.rule, "related-exists") == 0)
			ck_assert_str_eq(problem.field, "resource[2]/related[2]");
		if (problem.entry == 0 && strcmp(problem.field, "resource[1]/share_type") == 0)
			ck_assert_str_eq(problem.rule, "codelist");
	}
	ck_assert_ds_err(ds_catalog_validate(NULL, c, p), DS_EINVAL);
	ds_catalog_report_free(report);
	ds_profile_free(p);
	ds_catalog_free(c);
}
END_TEST

static const struct {
	const char *xml;
	int code;
	int line;
	const char *field;
} bad_profiles[] = {
	{ "<profile xmlns='urn:datasset:profile:1' name='p'>\n<field name='titel' required='true'/></profile>",
	  DS_EINVAL, 2, "profile/field/@name" },
	{ "<profile xmlns='urn:datasset:profile:1' name='p'>\n\n<field name='title' codelist='nope'/></profile>",
	  DS_EINVAL, 3, "profile/field/@codelist" },
	{ "<profile xmlns='urn:datasset:profile:1' name='p'>\n<field name='title' pattern='[a-'/></profile>", DS_EINVAL,
	  2, "profile/field/@pattern" },
	{ "<profile xmlns='urn:datasset:profile:1' name='p'><codelist name='a'><code value='x'/></codelist>\n"
	  "<codelist name='a'><code value='y'/></codelist></profile>",
	  DS_EINVAL, 2, "profile/codelist[2]/@name" },
	{ "<profile xmlns='urn:datasset:profile:1' name='p'>\n<field name='title' required-unless='share_type'/></profile>",
	  DS_EINVAL, 2, "profile/field/@required-unless" },
	{ "<profile xmlns='urn:datasset:profile:1' name='p'>\n<field name='title' max-length='-1'/></profile>",
	  DS_EPARSE, 2, NULL },
	{ "<profile xmlns='urn:datasset:profile:1'>\n</profile>", DS_EPARSE, 1, NULL },
	{ "<profile xmlns='urn:datasset:profile:1' name='p'>\n<field name='title'>", DS_EPARSE, 2, NULL },
};

START_TEST(bad_profiles_are_refused)
{
	char path[] = "/tmp/ds-profile-XXXXXX";
	size_t i;
	int fd;

	for (i = 0; i < sizeof bad_profiles / sizeof bad_profiles[0]; i++) {
		ds_profile *p = (ds_profile *)&fd; /* must stay untouched */
		FILE *f;
		int rc;

		strcpy(path, "/tmp/ds-profile-XXXXXX");
		ck_assert_int_ge(fd = mkstemp(path), 0);
		ck_assert_ptr_nonnull(f = fdopen(fd, "w"));
		fputs(bad_profiles[i].xml, f);
		fclose(f);
		rc = ds_profile_load(&p, path);
		ck_assert_msg(rc == bad_profiles[i].code, "case %zu: %s (%s)", i, ds_strerror(rc),
			      ds_error_last()->message);
		ck_assert_msg(ds_error_last()->line == bad_profiles[i].line, "case %zu: line %d (%s)", i,
			      ds_error_last()->line, ds_error_last()->message);
		if (bad_profiles[i].field)
			ck_assert_str_eq(ds_error_last()->field, bad_profiles[i].field);
		ck_assert_ptr_eq(p, (ds_profile *)&fd);
		remove(path);
	}
	{
		ds_profile *p = NULL;
		ck_assert_ds_err(ds_profile_load(&p, "shandong"), DS_ENOTFOUND);
		ck_assert_ds_err(ds_profile_load(&p, "/nonexistent/profile.xml"), DS_EIO);
		ck_assert_ds_err(ds_profile_load(NULL, "jinan"), DS_EINVAL);
		ck_assert_ptr_null(p);
		ck_assert_ds_ok(ds_profile_load(&p, "gbt21063"));
		ck_assert_str_eq(ds_profile_name(p), "gbt21063");
		ds_profile_free(p);
		ds_profile_free(NULL);
	}
}
END_TEST

/* ---------------------------------------------------------------- documents */

static const struct {
	const char *xml;
	int code;
	int line;
	const char *field; /* prefix of the error's field path, or NULL */
} bad_documents[] = {
	/* not well-formed */
	{ "<catalog xmlns='urn:datasset:catalog:1'>\n<resource>\n<title>x</titel>\n</resource></catalog>", DS_EPARSE, 3,
	  NULL },
	/* fails the schema: unknown element, wrong order, bad length, wrong namespace */
	{ "<catalog xmlns='urn:datasset:catalog:1'>\n<resource>\n<colour>red</colour></resource></catalog>", DS_EPARSE,
	  3, NULL },
	{ "<catalog xmlns='urn:datasset:catalog:1'>\n<resource><title>t</title>\n<identifier>a</identifier></resource></catalog>",
	  DS_EPARSE, 3, NULL },
	{ "<catalog xmlns='urn:datasset:catalog:1'><resource>\n<items>\n<item name='a' length='ten'/></items></resource></catalog>",
	  DS_EPARSE, 3, NULL },
	{ "<catalog xmlns='urn:other'><resource/></catalog>", DS_EPARSE, 1, NULL },
	/* DOCTYPE and entities are refused (XXE) */
	{ "<?xml version='1.0'?>\n<!DOCTYPE catalog [<!ENTITY x SYSTEM 'file:///etc/passwd'>]>\n"
	  "<catalog xmlns='urn:datasset:catalog:1'><title>&x;</title></catalog>",
	  DS_EPARSE, 0, NULL },
	/* a repeated identifier, item name, keyword or extension */
	{ "<catalog xmlns='urn:datasset:catalog:1'>\n<resource><identifier>A</identifier></resource>\n"
	  "<resource>\n<identifier>A</identifier></resource></catalog>",
	  DS_EEXISTS, 4, "catalog/resource[2]/identifier" },
	{ "<catalog xmlns='urn:datasset:catalog:1'><resource><items>\n<item name='a'/>\n<item name='a'/></items></resource></catalog>",
	  DS_EEXISTS, 3, "catalog/resource[1]/items/item[2]" },
	{ "<catalog xmlns='urn:datasset:catalog:1'><resource>\n<keyword>k</keyword>\n<keyword> k</keyword></resource></catalog>",
	  DS_EEXISTS, 3, "catalog/resource[1]/keyword[2]" },
	{ "<catalog xmlns='urn:datasset:catalog:1'><resource>\n<extension ns='urn:a' key='k'>1</extension>\n"
	  "<extension ns='urn:a' key='k'>2</extension></resource></catalog>",
	  DS_EEXISTS, 3, "catalog/resource[1]/extension[2]" },
	/* text XML cannot carry as a value / that is not UTF-8 */
	{ "<catalog xmlns='urn:datasset:catalog:1'><resource>\n<keyword>   </keyword></resource></catalog>", DS_EPARSE,
	  2, "catalog/resource[1]/keyword" },
	{ "<catalog xmlns='urn:datasset:catalog:1'><resource><items>\n<item name='  '/></items></resource></catalog>",
	  DS_EPARSE, 2, "catalog/resource[1]/items/item/@name" },
	{ "<catalog xmlns='urn:datasset:catalog:1'><resource>\n<title>a&#1;b</title></resource></catalog>", DS_EPARSE,
	  2, NULL },
	{ "<catalog xmlns='urn:datasset:catalog:1'><resource>\n<title>\xff</title></resource></catalog>", DS_EPARSE, 2,
	  NULL },
};

START_TEST(bad_documents_name_line_and_field)
{
	size_t i;

	for (i = 0; i < sizeof bad_documents / sizeof bad_documents[0]; i++) {
		ds_catalog *c = (ds_catalog *)&i;
		int rc = ds_catalog_parse(&c, bad_documents[i].xml, strlen(bad_documents[i].xml), "bad.xml");
		ck_assert_msg(rc == bad_documents[i].code, "case %zu: %s, expected %s (%s)", i, ds_strerror(rc),
			      ds_strerror(bad_documents[i].code), ds_error_last()->message);
		if (bad_documents[i].line)
			ck_assert_msg(ds_error_last()->line == bad_documents[i].line,
				      "case %zu: line %d, expected %d (%s)", i, ds_error_last()->line,
				      bad_documents[i].line, ds_error_last()->message);
		if (bad_documents[i].field)
			ck_assert_msg(strncmp(ds_error_last()->field, bad_documents[i].field,
					      strlen(bad_documents[i].field)) == 0,
				      "case %zu: field '%s', expected '%s'", i, ds_error_last()->field,
				      bad_documents[i].field);
		ck_assert_ptr_eq(c, (ds_catalog *)&i);
	}
	{
		ds_catalog *c = NULL;
		ck_assert_ds_err(ds_catalog_load(&c, "/nonexistent/catalog.xml"), DS_EIO);
		ck_assert_ds_err(ds_catalog_load(&c, NULL), DS_EINVAL);
		ck_assert_ptr_null(c);
	}
}
END_TEST

/* import → export → import gives an equal catalogue, and export is a fixed point. */
static void assert_round_trip(const char *path)
{
	ds_catalog *a = NULL, *b = NULL;
	char *first = NULL, *second = NULL;
	size_t i;

	ck_assert_msg(ds_catalog_load(&a, path) == DS_OK, "%s: %s", path, ds_error_last()->message);
	ck_assert_ds_ok(ds_catalog_to_xml(&first, a));
	ck_assert_ds_ok(ds_catalog_parse(&b, first, strlen(first), "exported"));
	ck_assert_uint_eq(ds_catalog_count(a), ds_catalog_count(b));
	for (i = 0; i < ds_catalog_count(a); i++)
		ck_assert_msg(ds_resource_equal(entry_at(a, i), entry_at(b, i)), "%s: entry %zu differs", path, i + 1);
	if (ds_catalog_title(a))
		ck_assert_str_eq(ds_catalog_title(a), ds_catalog_title(b));
	else
		ck_assert_ptr_null(ds_catalog_title(b));
	ck_assert_ds_ok(ds_catalog_to_xml(&second, b));
	ck_assert_str_eq(first, second);
	ds_free(first);
	ds_free(second);
	ds_catalog_free(a);
	ds_catalog_free(b);
}

START_TEST(round_trip_fixtures)
{
	char path[512];
	size_t i;

	assert_round_trip(EXAMPLE);
	assert_round_trip(FIXTURES "/valid.xml");
	for (i = 0; i < sizeof bad_fixtures / sizeof bad_fixtures[0]; i++) {
		snprintf(path, sizeof path, "%s/bad-%s.xml", FIXTURES, bad_fixtures[i].file);
		assert_round_trip(path);
	}
}
END_TEST

/* Everything the API can hold survives export and import: every field, markup
 * characters, lists, items with and without attributes, extensions. */
START_TEST(round_trip_api_built)
{
	ds_catalog *a = NULL, *b = NULL;
	ds_resource *r = entry("A/1", "<标题> & \"引号\" 'x'");
	char *xml = NULL;
	ds_field f;

	for (f = 0; f < DS_FIELD_COUNT; f++)
		if (f != DS_FIELD_IDENTIFIER && f != DS_FIELD_TITLE)
			ck_assert_ds_ok(ds_resource_set(r, f, ds_field_name(f)));
	ck_assert_ds_ok(ds_resource_set(r, DS_FIELD_ABSTRACT, "多行\n摘要\t制表"));
	ck_assert_ds_ok(ds_resource_list_add(r, DS_LIST_KEYWORDS, "a&b"));
	ck_assert_ds_ok(ds_resource_list_add(r, DS_LIST_RELATED, "A/2"));
	ck_assert_ds_ok(ds_resource_item_insert(r, (size_t)-1, "名称", "C", 200, "说明 <b>"));
	ck_assert_ds_ok(ds_resource_item_insert(r, (size_t)-1, "备注", NULL, 0, NULL));
	ck_assert_ds_ok(ds_resource_extension_set(r, "urn:jinan:catalog:1", "source-system", "核心系统"));
	ck_assert_ds_ok(ds_catalog_new(&a));
	ck_assert_ds_ok(ds_catalog_set_title(a, "目录"));
	ck_assert_ds_ok(ds_catalog_add(a, r));
	ck_assert_ds_ok(ds_catalog_add(a, entry("A/2", NULL)));
	ck_assert_ds_ok(ds_catalog_add(a, entry(NULL, NULL)));
	ck_assert_ds_ok(ds_catalog_to_xml(&xml, a));
	ck_assert_ds_ok(ds_catalog_parse(&b, xml, strlen(xml), NULL));
	ck_assert_uint_eq(ds_catalog_count(b), 3);
	ck_assert_int_eq(ds_resource_equal(entry_at(a, 0), entry_at(b, 0)), 1);
	ck_assert_int_eq(ds_resource_equal(entry_at(a, 1), entry_at(b, 1)), 1);
	ck_assert_int_eq(ds_resource_equal(entry_at(a, 2), entry_at(b, 2)), 1);
	ck_assert_str_eq(ds_catalog_title(b), "目录");
	ds_free(xml);
	ds_catalog_free(a);
	ds_catalog_free(b);
}
END_TEST

START_TEST(csv_export)
{
	ds_catalog *c = parse("<catalog xmlns='urn:datasset:catalog:1'><resource><identifier>A</identifier>"
			      "<title>含,逗号 \"引号\"</title><keyword>k1</keyword><keyword>k2</keyword>"
			      "<items><item name='x'/><item name='y'/></items></resource></catalog>");
	char *csv = NULL;
	const char *row;

	ck_assert_ds_ok(ds_catalog_to_csv(&csv, c, 1));
	ck_assert_int_eq(strncmp(csv, "\xEF\xBB\xBFidentifier,metadata_id,title,", 32), 0);
	ck_assert_ptr_nonnull(row = strstr(csv, "\r\nA,,\"含,逗号 \"\"引号\"\"\","));
	ck_assert_ptr_nonnull(strstr(row, ",k1;k2,,x;y\r\n"));
	ds_free(csv);
	ck_assert_ds_ok(ds_catalog_to_csv(&csv, c, 0));
	ck_assert_int_eq(strncmp(csv, "identifier,", 11), 0);
	ds_free(csv);
	ds_catalog_free(c);
}
END_TEST

static int count_entries(const ds_resource *r, size_t index, void *context)
{
	size_t *seen = context;

	if (index != *seen || !ds_resource_get(r, DS_FIELD_IDENTIFIER))
		return -100;
	(*seen)++;
	return DS_OK;
}

static int stop_at_three(const ds_resource *r, size_t index, void *context)
{
	(void)r;
	(void)context;
	return index == 3 ? DS_ESTATE : DS_OK;
}

static int count_matches(const ds_resource *r, size_t index, void *context)
{
	(void)r;
	(void)index;
	++*(size_t *)context;
	return DS_OK;
}

static int count_problem(const ds_catalog_problem *problem, void *context)
{
	(void)problem;
	++*(size_t *)context;
	return DS_OK;
}

static int stop_problem(const ds_catalog_problem *problem, void *context)
{
	(void)problem;
	(void)context;
	return DS_ESTATE;
}

typedef struct problem_log {
	size_t count;
	char *text;
} problem_log;

/* Keep every problem's message, one a line. */
static int log_problem(const ds_catalog_problem *problem, void *context)
{
	problem_log *log = context;
	size_t had = log->text ? strlen(log->text) : 0;
	char *grown = realloc(log->text, had + strlen(problem->message) + 2);

	ck_assert_ptr_nonnull(grown);
	sprintf(grown + had, "%s\n", problem->message);
	log->text = grown;
	log->count++;
	return DS_OK;
}

static long max_rss_kib(void)
{
	struct rusage usage;
	getrusage(RUSAGE_SELF, &usage);
	return usage.ru_maxrss;
}

/* 100,000 generated entries stream through with bounded memory. */
START_TEST(stream_large_catalogue)
{
	char path[] = "/tmp/ds-catalog-XXXXXX";
	size_t seen = 0, i;
	char *title = NULL;
	long before, after;
	FILE *f;
	int fd;

	ck_assert_int_ge(fd = mkstemp(path), 0);
	ck_assert_ptr_nonnull(f = fdopen(fd, "w"));
	fputs("<catalog xmlns='urn:datasset:catalog:1'><title>大目录</title>\n", f);
	for (i = 0; i < 100000; i++)
		fprintf(f,
			"<resource><identifier>30%03zu/11370100004191340F-%05zu</identifier>"
			"<title>数据资源%zu</title><abstract>第%zu条信息资源的摘要，用于测试流式读取的内存占用。</abstract>"
			"<provider code='11370100004191340F'>济南住房公积金中心</provider><keyword>测试</keyword>"
			"<share type='无条件共享'/><items><item name='字段一' type='C' length='18'>说明</item>"
			"<item name='字段二' type='D'/></items></resource>\n",
			i % 1000, i % 100000, i, i);
	fputs("</catalog>\n", f);
	fclose(f);
	before = max_rss_kib();
	ck_assert_ds_ok(ds_catalog_load_each(&title, path, count_entries, &seen));
	after = max_rss_kib();
	ck_assert_uint_eq(seen, 100000);
	ck_assert_str_eq(title, "大目录");
	ds_free(title);
#ifndef UNDER_ASAN
	/* The file is ~45 MB and the entries as a catalogue would take far more;
	 * streaming keeps the growth to the reader's buffers. */
	if (!tu_under_valgrind())
		ck_assert_msg(after - before < 16 * 1024, "streaming grew the peak RSS by %ld KiB", after - before);
#else
	(void)before;
	(void)after;
#endif
	ck_assert_ds_err(ds_catalog_load_each(NULL, path, stop_at_three, NULL), DS_ESTATE);
	/* The title is set only on success. */
	title = path;
	ck_assert_ds_err(ds_catalog_load_each(&title, path, stop_at_three, NULL), DS_ESTATE);
	ck_assert_ptr_eq(title, path);
	ck_assert_ds_err(ds_catalog_load_each(&title, NULL, count_entries, &seen), DS_EINVAL);
	ck_assert_ds_err(ds_catalog_load_each(&title, path, NULL, NULL), DS_EINVAL);
	ck_assert_ptr_eq(title, path);
	/* validation and search of the file entry by entry: bounded memory as well (not under
	 * sanitizers or valgrind, where the peak means nothing and three more readings of 100,000
	 * entries take minutes; validate_and_search_files covers the same code there) */
	if (!tu_sanitized() && !tu_under_valgrind()) {
		ds_profile *profile = NULL;
		ds_search_options opts = DS_SEARCH_OPTIONS_INIT;
		size_t entries = 0, errors = 0, warnings = 0, problems = 0, matched = 0;
		ck_assert_ds_ok(ds_profile_load(&profile, "gbt21063"));
		opts.text = "数据资源99999";
		before = max_rss_kib();
		ck_assert_ds_ok(ds_catalog_validate_file(&entries, &errors, &warnings, path, profile, count_problem,
							 &problems));
		ck_assert_ds_ok(ds_catalog_search_file(path, &opts, count_matches, &matched));
		after = max_rss_kib();
		ck_assert_uint_eq(entries, 100000);
		ck_assert_uint_eq(problems, errors + warnings);
		ck_assert_uint_gt(problems, 100000); /* the test identifiers' provider code is not a valid USCC */
		ck_assert_uint_eq(matched, 1);
		ck_assert_msg(after - before < 24 * 1024, "validating and searching grew the peak RSS by %ld KiB",
			      after - before);
		ds_profile_free(profile);
	}
	remove(path);
}
END_TEST

/* The file read entry by entry reports what the catalogue loaded whole does: a related code
 * naming a later entry, itself or nothing; a repeated identifier (the same error). */
START_TEST(validate_and_search_files)
{
	static const char *const doc =
		"<catalog xmlns='urn:datasset:catalog:1'>"
		"<resource><identifier>a</identifier><title>甲</title><related>c</related><related>a</related>"
		"<related>x</related></resource>"
		"<resource><title>乙</title></resource>"
		"<resource><identifier>c</identifier><title>丙</title><related>a</related></resource></catalog>";
	char path[] = "/tmp/ds-catalog-XXXXXX", *text = NULL;
	ds_catalog *c = NULL;
	ds_profile *profile = NULL;
	ds_catalog_report *report = NULL;
	ds_catalog_problem want;
	size_t entries = 0, errors = 0, warnings = 0, i, n = 0;
	problem_log log = { 0 };
	ds_error loaded;
	int fd;
	FILE *f;

	ck_assert_ds_ok(ds_profile_load(&profile, "jinan"));
	ck_assert_int_ge(fd = mkstemp(path), 0);
	ck_assert_ptr_nonnull(f = fdopen(fd, "w"));
	fputs(doc, f);
	fclose(f);
	ck_assert_ds_ok(ds_catalog_load(&c, path));
	ck_assert_ds_ok(ds_catalog_validate(&report, c, profile));
	ck_assert_ds_ok(ds_catalog_validate_file(&entries, &errors, &warnings, path, profile, log_problem, &log));
	ck_assert_uint_eq(entries, 3);
	ck_assert_uint_eq(errors, ds_catalog_report_errors(report));
	ck_assert_uint_eq(warnings, ds_catalog_report_count(report) - errors);
	ck_assert_uint_eq(log.count, ds_catalog_report_count(report));
	for (i = 0; i < log.count; i++) {
		ck_assert_ds_ok(ds_catalog_report_at(&want, report, i));
		ck_assert_msg(strstr(log.text, want.message) != NULL, "missing: %s", want.message);
		if (strcmp(want.rule, "related-exists") == 0)
			n++;
	}
	ck_assert_uint_eq(n, 2); /* "a" names itself, "x" nothing; "c" comes later and exists */
	ck_assert_ptr_null(strstr(log.text, "'c' is not another entry"));
	/* a callback's code stops the run */
	ck_assert_ds_err(ds_catalog_validate_file(NULL, NULL, NULL, path, profile, stop_problem, NULL), DS_ESTATE);
	n = 0;
	ck_assert_ds_ok(ds_catalog_search_file(path, NULL, count_matches, &n));
	ck_assert_uint_eq(n, 3);
	ck_assert_ds_err(ds_catalog_validate_file(NULL, NULL, NULL, NULL, profile, log_problem, &log), DS_EINVAL);
	ck_assert_ds_err(ds_catalog_validate_file(NULL, NULL, NULL, path, NULL, log_problem, &log), DS_EINVAL);
	ck_assert_ds_err(ds_catalog_validate_file(NULL, NULL, NULL, path, profile, NULL, NULL), DS_EINVAL);
	ck_assert_ds_err(ds_catalog_search_file(NULL, NULL, count_matches, &n), DS_EINVAL);
	ck_assert_ds_err(ds_catalog_search_file(path, NULL, NULL, NULL), DS_EINVAL);
	ds_catalog_report_free(report);
	ds_catalog_free(c);
	free(log.text);

	/* a repeated identifier: ds_catalog_load()'s error, word for word, and nothing reported */
	ck_assert_ptr_nonnull(f = fopen(path, "w"));
	fputs("<catalog xmlns='urn:datasset:catalog:1'><resource><identifier>a</identifier></resource>"
	      "<resource><identifier>b</identifier></resource>\n<resource><identifier>a</identifier></resource>"
	      "</catalog>",
	      f);
	fclose(f);
	c = NULL;
	ck_assert_ds_err(ds_catalog_load(&c, path), DS_EEXISTS);
	loaded = *ds_error_last();
	ck_assert_ptr_nonnull(text = strdup(loaded.message));
	memset(&log, 0, sizeof log);
	entries = 7;
	ck_assert_ds_err(ds_catalog_validate_file(&entries, NULL, NULL, path, profile, log_problem, &log), DS_EEXISTS);
	ck_assert_str_eq(ds_error_last()->message, text);
	ck_assert_int_eq(ds_error_last()->line, loaded.line);
	ck_assert_uint_eq(log.count, 0);
	ck_assert_uint_eq(entries, 7); /* set only on success */
	ck_assert_ds_err(ds_catalog_search_file(path, NULL, count_matches, &n), DS_EEXISTS);
	ck_assert_str_eq(ds_error_last()->message, text);
	ck_assert_str_eq(ds_error_last()->field, "catalog/resource[3]/identifier");
	free(text);

	/* far into a large file (the streaming reader has freed the earlier entries): the
	   path names the entry's real position, in every reader */
	ck_assert_ptr_nonnull(f = fopen(path, "w"));
	fputs("<catalog xmlns='urn:datasset:catalog:1'>\n", f);
	for (i = 0; i < 2000; i++)
		fprintf(f, "<resource><identifier>id-%zu</identifier><title>条目 %zu</title></resource>\n",
			i == 900 ? (size_t)7 : i, i);
	fputs("</catalog>\n", f);
	fclose(f);
	c = NULL;
	ck_assert_ds_err(ds_catalog_load(&c, path), DS_EEXISTS);
	ck_assert_str_eq(ds_error_last()->field, "catalog/resource[901]/identifier");
	ck_assert_ptr_nonnull(strstr(ds_error_last()->message, "catalog/resource[901]/identifier"));
	ck_assert_ptr_nonnull(text = strdup(ds_error_last()->message));
	ck_assert_ds_err(ds_catalog_validate_file(NULL, NULL, NULL, path, profile, log_problem, &log), DS_EEXISTS);
	ck_assert_str_eq(ds_error_last()->field, "catalog/resource[901]/identifier");
	ck_assert_str_eq(ds_error_last()->message, text);
	ck_assert_ds_err(ds_catalog_search_file(path, NULL, count_matches, &n), DS_EEXISTS);
	ck_assert_str_eq(ds_error_last()->field, "catalog/resource[901]/identifier");
	ck_assert_str_eq(ds_error_last()->message, text);
	free(text);
	ds_profile_free(profile);
	remove(path);
}
END_TEST

/* ---------------------------------------------------------------- DCAT */

/* The streamed import (ds_catalog_import_dcat_file) against the in-memory one on the file
 * @path: the same document byte for byte, or the same error code and message. */
static void assert_streamed_as_in_memory(const char *path)
{
	char out[] = "/tmp/ds-dcat-out-XXXXXX", *text = NULL, *streamed = NULL, message[1024];
	ds_catalog *c = NULL;
	size_t entries = 0, len = 0;
	int fd, a, b;
	FILE *f;

	ck_assert_int_ge(fd = mkstemp(out), 0);
	close(fd);
	remove(out); /* a name nobody uses */
	a = ds_catalog_load_dcat(&c, path);
	if (a == DS_OK)
		ck_assert_ds_ok(ds_catalog_to_xml(&text, c));
	snprintf(message, sizeof message, "%s", a < 0 ? ds_error_last()->message : "");
	b = ds_catalog_import_dcat_file(&entries, out, path);
	ck_assert_msg(a == b, "%s: in memory %s, streamed %s (%s)", path, ds_strerror(a), ds_strerror(b),
		      ds_error_last()->message);
	if (a == DS_OK) {
		ck_assert_ptr_nonnull(f = fopen(out, "rb"));
		ck_assert_ptr_nonnull(streamed = malloc(strlen(text) + 2));
		len = fread(streamed, 1, strlen(text) + 1, f);
		fclose(f);
		streamed[len] = '\0';
		ck_assert_msg(strcmp(text, streamed) == 0, "%s: the streamed import differs", path);
		ck_assert_uint_eq(entries, ds_catalog_count(c));
	} else {
		ck_assert_str_eq(ds_error_last()->message, message);
		ck_assert_msg(access(out, F_OK) != 0 || a == DS_EIO, "%s: a failed import left its output", path);
	}
	remove(out);
	free(streamed);
	ds_free(text);
	ds_catalog_free(c);
}

/* Every DCAT document these tests import (up to 1 MiB: the large generated ones are compared in
 * dcat_stream_bounded_memory) is also imported streamed from a file, which must give the same. */
static int parse_dcat_and_stream(ds_catalog **out, const char *data, size_t len, const char *name)
{
	char in[] = "/tmp/ds-dcat-in-XXXXXX";
	int fd;
	FILE *f;

	if (data && len <= 1024 * 1024) {
		ck_assert_int_ge(fd = mkstemp(in), 0);
		ck_assert_ptr_nonnull(f = fdopen(fd, "wb"));
		ck_assert_uint_eq(fwrite(data, 1, len, f), len);
		ck_assert_int_eq(fclose(f), 0);
		assert_streamed_as_in_memory(in);
		remove(in);
	}
	return ds_catalog_parse_dcat(out, data, len, name);
}
#define ds_catalog_parse_dcat parse_dcat_and_stream

static int by_text(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* A copy of @r with its keywords in byte order: RDF has no order, so import sorts them. */
static ds_resource *sorted_keywords(const ds_resource *r)
{
	ds_resource *copy = NULL;
	const char *words[64];
	size_t n = ds_resource_list_count(r, DS_LIST_KEYWORDS), i;

	ck_assert_uint_le(n, 64);
	ck_assert_ds_ok(ds_resource_dup(&copy, r));
	for (i = 0; i < n; i++)
		ck_assert_ds_ok(ds_resource_list_at(&words[i], r, DS_LIST_KEYWORDS, i));
	qsort(words, n, sizeof *words, by_text);
	while (ds_resource_list_count(copy, DS_LIST_KEYWORDS))
		ck_assert_ds_ok(ds_resource_list_remove(copy, DS_LIST_KEYWORDS, 0));
	for (i = 0; i < n; i++)
		ck_assert_ds_ok(ds_resource_list_add(copy, DS_LIST_KEYWORDS, words[i]));
	return copy;
}

/* DCAT export, then import: the same entries in the same order (keywords sorted). */
static void assert_dcat_round_trip(ds_catalog *a, const char *base)
{
	ds_dcat_options opts = DS_DCAT_OPTIONS_INIT;
	ds_catalog *b = NULL;
	char *rdf = NULL;
	size_t i, triples = 0;

	opts.base_uri = base;
	ck_assert_ds_ok(ds_catalog_to_dcat(&rdf, &triples, a, &opts));
	ck_assert_uint_gt(triples, 10);
	ck_assert_ds_ok(ds_catalog_parse_dcat(&b, rdf, strlen(rdf), "export.rdf"));
	ck_assert_uint_eq(ds_catalog_count(a), ds_catalog_count(b));
	for (i = 0; i < ds_catalog_count(a); i++) {
		ds_resource *sorted = sorted_keywords(entry_at(a, i));
		ck_assert_msg(ds_resource_equal(sorted, entry_at(b, i)), "entry %zu differs", i + 1);
		ds_resource_free(sorted);
	}
	ck_assert_str_eq(ds_catalog_title(a), ds_catalog_title(b));
	ds_free(rdf);
	ds_catalog_free(b);
}

START_TEST(dcat_round_trip)
{
	ds_catalog *c = NULL;
	ds_resource *r = entry("A/1", "全部字段");
	ds_dcat_options opts;

	ck_assert_ds_ok(ds_catalog_load(&c, EXAMPLE));
	assert_dcat_round_trip(c, NULL);
	assert_dcat_round_trip(c, "https://data.jinan.gov.cn/catalog/");
	ds_catalog_free(c);

	/* Every field, valid, survives; so do extensions and related links. */
	ck_assert_ds_ok(ds_catalog_new(&c));
	ck_assert_ds_ok(ds_catalog_set_title(c, "目录"));
	ck_assert_ds_ok(ds_resource_set(r, DS_FIELD_METADATA_ID, "M1"));
	ck_assert_ds_ok(ds_resource_set(r, DS_FIELD_ABSTRACT, "摘要 & <标记>"));
	ck_assert_ds_ok(ds_resource_set(r, DS_FIELD_PROVIDER_NAME, "济南市大数据局"));
	ck_assert_ds_ok(ds_resource_set(r, DS_FIELD_PROVIDER_CODE, "11370100MB1E28330Y"));
	ck_assert_ds_ok(ds_resource_set(r, DS_FIELD_PROVIDER_DEPARTMENT, "数据资源处"));
	ck_assert_ds_ok(ds_resource_set(r, DS_FIELD_CATEGORY_SCHEME, "政务信息资源分类"));
	ck_assert_ds_ok(ds_resource_set(r, DS_FIELD_CATEGORY_CODE, "30101"));
	ck_assert_ds_ok(ds_resource_set(r, DS_FIELD_CATEGORY_NAME, "部门信息资源/大数据"));
	ck_assert_ds_ok(ds_resource_set(r, DS_FIELD_FORMAT, "接口"));
	ck_assert_ds_ok(ds_resource_set(r, DS_FIELD_ONLINE_LINK, "https://data.jinan.gov.cn/a?b=1&c=2"));
	ck_assert_ds_ok(ds_resource_set(r, DS_FIELD_SERVICE_ADDRESS, "https://api.jinan.gov.cn/v1"));
	ck_assert_ds_ok(ds_resource_set(r, DS_FIELD_SERVICE_TYPE, "REST"));
	ck_assert_ds_ok(ds_resource_set(r, DS_FIELD_METADATA_CONTACT, "数据资源处"));
	ck_assert_ds_ok(ds_resource_set(r, DS_FIELD_METADATA_DATE, "2025-06-30"));
	ck_assert_ds_ok(ds_resource_set(r, DS_FIELD_SHARE_TYPE, "有条件共享"));
	ck_assert_ds_ok(ds_resource_set(r, DS_FIELD_SHARE_CONDITION, "仅限政府部门"));
	ck_assert_ds_ok(ds_resource_set(r, DS_FIELD_SHARE_MODE, "共享平台/接口"));
	ck_assert_ds_ok(ds_resource_set(r, DS_FIELD_OPEN_TYPE, "有条件开放"));
	ck_assert_ds_ok(ds_resource_set(r, DS_FIELD_OPEN_CONDITION, "签订协议"));
	ck_assert_ds_ok(ds_resource_set(r, DS_FIELD_UPDATE_CYCLE, "每半年"));
	ck_assert_ds_ok(ds_resource_set(r, DS_FIELD_PUBLISHED, "2024-02-29"));
	ck_assert_ds_ok(ds_resource_set(r, DS_FIELD_SECURITY_CLASS, "重要数据"));
	ck_assert_ds_ok(ds_resource_set(r, DS_FIELD_PERSONAL_INFO, "true"));
	ck_assert_ds_ok(ds_resource_list_add(r, DS_LIST_KEYWORDS, "数据"));
	ck_assert_ds_ok(ds_resource_list_add(r, DS_LIST_RELATED, "B/2"));
	ck_assert_ds_ok(ds_resource_item_insert(r, (size_t)-1, "名称", "C", 200, "说明"));
	ck_assert_ds_ok(ds_resource_item_insert(r, (size_t)-1, "日期", "D", 0, NULL));
	ck_assert_ds_ok(ds_resource_item_insert(r, (size_t)-1, "无类型", NULL, 0, NULL));
	ck_assert_ds_ok(ds_resource_extension_set(r, "urn:jinan:catalog:1", "source-system", "核心系统"));
	ck_assert_ds_ok(ds_catalog_add(c, r));
	ck_assert_ds_ok(ds_catalog_add(c, entry("B/2", "另一个")));
	assert_dcat_round_trip(c, "http://example.org/c/");
	ck_assert_ds_ok(ds_dcat_options_init(&opts, DS_DCAT_OPTIONS_VERSION));
	opts.base_uri = "not a uri";
	{
		char *rdf = NULL;
		ck_assert_ds_err(ds_catalog_to_dcat(&rdf, NULL, c, &opts), DS_EINVAL);
		ck_assert_str_eq(ds_error_last()->field, "base_uri");
		opts.version = 7;
		ck_assert_ds_err(ds_catalog_to_dcat(&rdf, NULL, c, &opts), DS_EINVAL);
		ck_assert_ptr_null(rdf);
	}
	ck_assert_ds_err(ds_dcat_options_init(&opts, 3), DS_EINVAL);
	ds_catalog_free(c);
}
END_TEST

/* A catalogue as a CKAN-style portal publishes it: rdf:Description with rdf:type, EU
 * vocabularies, a dateTime, literals in several languages, blank nodes by nodeID. */
static const char ckan[] =
	"<?xml version='1.0' encoding='utf-8'?>\n"
	"<rdf:RDF xmlns:rdf='http://www.w3.org/1999/02/22-rdf-syntax-ns#' xmlns:dcat='http://www.w3.org/ns/dcat#'\n"
	"  xmlns:dct='http://purl.org/dc/terms/' xmlns:foaf='http://xmlns.com/foaf/0.1/'>\n"
	"<dcat:Catalog rdf:about='https://portal.example.org/catalog'><dct:title xml:lang='en'>Open data</dct:title>\n"
	"  <dct:title xml:lang='zh'>开放数据</dct:title><dcat:dataset rdf:resource='https://portal.example.org/dataset/air'/>\n"
	"</dcat:Catalog>\n"
	"<rdf:Description rdf:about='https://portal.example.org/dataset/air'>\n"
	"  <rdf:type rdf:resource='http://www.w3.org/ns/dcat#Dataset'/>\n"
	"  <dct:identifier>air-quality</dct:identifier>\n"
	"  <dct:title xml:lang='en'>Air quality</dct:title><dct:title xml:lang='zh-CN'>空气质量</dct:title>\n"
	"  <dct:description>Hourly PM2.5</dct:description>\n"
	"  <dct:publisher rdf:nodeID='pub'/>\n"
	"  <dcat:keyword>air</dcat:keyword><dcat:keyword>空气</dcat:keyword><dcat:keyword>air</dcat:keyword>\n"
	"  <dct:issued rdf:datatype='http://www.w3.org/2001/XMLSchema#dateTime'>2024-03-01T08:00:00</dct:issued>\n"
	"  <dct:accrualPeriodicity rdf:resource='http://publications.europa.eu/resource/authority/frequency/DAILY'/>\n"
	"  <dct:accessRights rdf:resource='http://publications.europa.eu/resource/authority/access-right/PUBLIC'/>\n"
	"  <dcat:landingPage rdf:resource='https://portal.example.org/dataset/air.html'/>\n"
	"  <dcat:distribution><dcat:Distribution>\n"
	"    <dct:format>CSV</dct:format><dcat:accessURL rdf:resource='https://portal.example.org/air.csv'/>\n"
	"  </dcat:Distribution></dcat:distribution>\n"
	"</rdf:Description>\n"
	"<foaf:Organization rdf:nodeID='pub' foaf:name='Environment Bureau'/>\n"
	"<dcat:Dataset rdf:about='https://portal.example.org/dataset/noid'><dct:title>No identifier</dct:title></dcat:Dataset>\n"
	"</rdf:RDF>\n";

START_TEST(dcat_import_ckan_style)
{
	ds_catalog *c = NULL;
	const ds_resource *r;

	ck_assert_ds_ok(ds_catalog_parse_dcat(&c, ckan, strlen(ckan), "ckan.rdf"));
	ck_assert_uint_eq(ds_catalog_count(c), 2);
	ck_assert_str_eq(ds_catalog_title(c), "开放数据");
	r = entry_at(c, 0);
	ck_assert_str_eq(ds_resource_get(r, DS_FIELD_IDENTIFIER), "air-quality");
	ck_assert_str_eq(ds_resource_get(r, DS_FIELD_TITLE), "空气质量");
	ck_assert_str_eq(ds_resource_get(r, DS_FIELD_ABSTRACT), "Hourly PM2.5");
	ck_assert_str_eq(ds_resource_get(r, DS_FIELD_PROVIDER_NAME), "Environment Bureau");
	ck_assert_str_eq(ds_resource_get(r, DS_FIELD_PUBLISHED), "2024-03-01");
	ck_assert_str_eq(ds_resource_get(r, DS_FIELD_UPDATE_CYCLE), "每日");
	ck_assert_str_eq(ds_resource_get(r, DS_FIELD_OPEN_TYPE), "无条件开放");
	ck_assert_str_eq(ds_resource_get(r, DS_FIELD_FORMAT), "电子表格"); /* "CSV" in the EU file types */
	ck_assert_str_eq(ds_resource_get(r, DS_FIELD_ONLINE_LINK), "https://portal.example.org/dataset/air.html");
	ck_assert_uint_eq(ds_resource_list_count(r, DS_LIST_KEYWORDS), 2);
	/* without dct:identifier, the dataset's URI identifies it */
	ck_assert_str_eq(ds_resource_get(entry_at(c, 1), DS_FIELD_IDENTIFIER),
			 "https://portal.example.org/dataset/noid");
	ds_catalog_free(c);
}
END_TEST

/* A portal's DCAT as ckanext-dcat writes it: every dataset describes its publisher,
 * contact point and licence again (8 of each, shared by all), links to the catalogue
 * (a node with a triple per dataset) and has a blank-node distribution. */
static char *portal_dcat(size_t *len, size_t n)
{
	char *text = NULL;
	FILE *f = open_memstream(&text, len);
	size_t i;

	ck_assert_ptr_nonnull(f);
	fputs("<rdf:RDF xmlns:rdf='http://www.w3.org/1999/02/22-rdf-syntax-ns#' xmlns:dcat='http://www.w3.org/ns/dcat#'"
	      " xmlns:dct='http://purl.org/dc/terms/' xmlns:foaf='http://xmlns.com/foaf/0.1/'"
	      " xmlns:vcard='http://www.w3.org/2006/vcard/ns#'>\n"
	      "<dcat:Catalog rdf:about='https://p.example/catalog'><dct:title>Portal</dct:title></dcat:Catalog>\n",
	      f);
	for (i = 0; i < n; i++)
		fprintf(f,
			"<dcat:Dataset rdf:about='https://p.example/dataset/%zu'><dct:identifier>ds-%zu</dct:identifier>"
			"<dct:title xml:lang='en'>Dataset %zu</dct:title><dcat:keyword>k%zu</dcat:keyword>"
			"<dct:isPartOf rdf:resource='https://p.example/catalog'/>"
			"<dct:publisher><foaf:Organization rdf:about='https://p.example/org/%zu'>"
			"<foaf:name xml:lang='en'>Organisation %zu</foaf:name></foaf:Organization></dct:publisher>"
			"<dcat:contactPoint><vcard:Organization rdf:about='https://p.example/contact/%zu'>"
			"<vcard:fn>Desk %zu</vcard:fn></vcard:Organization></dcat:contactPoint>"
			"<dcat:distribution><dcat:Distribution><dcat:accessURL rdf:resource='https://p.example/d/%zu.csv'/>"
			"<dct:license><dct:LicenseDocument rdf:about='https://p.example/licence/%zu'><dct:title>L%zu</dct:title>"
			"</dct:LicenseDocument></dct:license></dcat:Distribution></dcat:distribution></dcat:Dataset>\n"
			"<rdf:Description rdf:about='https://p.example/catalog'>"
			"<dcat:dataset rdf:resource='https://p.example/dataset/%zu'/></rdf:Description>\n",
			i, i, i, i % 50, i % 8, i % 8, i % 8, i % 8, i, i % 8, i % 8, i);
	fputs("</rdf:RDF>\n", f);
	ck_assert_int_eq(fclose(f), 0);
	return text;
}

static double cpu_seconds(void)
{
	struct timespec t;

	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

/* Import time is linear in the datasets when they repeat shared nodes (it was quadratic:
 * each description held every repetition of the publisher, then each link to the
 * catalogue scanned the catalogue's triples). CPU time of 10x the datasets, bounded
 * generously (a quadratic import takes about 100x; linear about 10x). */
START_TEST(dcat_import_is_linear)
{
	int slow = tu_sanitized() || tu_under_valgrind();
	size_t sizes[2] = { slow ? 200 : 2000, slow ? 2000 : 20000 }, k, len;
	double seconds[2];
	char link[64];

	for (k = 0; k < 2; k++) {
		char *text = portal_dcat(&len, sizes[k]);
		ds_catalog *c = NULL;
		const ds_resource *r;
		double start = cpu_seconds();
		ck_assert_ds_ok(ds_catalog_parse_dcat(&c, text, len, "portal.rdf"));
		seconds[k] = cpu_seconds() - start;
		ck_assert_uint_eq(ds_catalog_count(c), sizes[k]);
		r = entry_at(c, sizes[k] - 1);
		ck_assert_str_eq(ds_resource_get(r, DS_FIELD_PROVIDER_NAME), "Organisation 7");
		snprintf(link, sizeof link, "https://p.example/d/%zu.csv", sizes[k] - 1);
		ck_assert_str_eq(ds_resource_get(r, DS_FIELD_ONLINE_LINK), link);
		ds_catalog_free(c);
		free(text);
	}
	if (!slow)
		ck_assert_msg(seconds[1] < 25 * seconds[0] + 0.5,
			      "10x the datasets took %.2f s instead of %.2f s (%.1fx): import is not linear",
			      seconds[1], seconds[0], seconds[1] / seconds[0]);
}
END_TEST

static const struct {
	const char *xml;
	int code;
} bad_dcat[] = {
	{ "<catalog xmlns='urn:datasset:catalog:1'/>", DS_EPARSE },
	{ "<rdf:RDF xmlns:rdf='http://www.w3.org/1999/02/22-rdf-syntax-ns#'><rdf:Description>", DS_EPARSE },
	{ "<!DOCTYPE x [<!ENTITY e SYSTEM 'file:///etc/passwd'>]><rdf:RDF "
	  "xmlns:rdf='http://www.w3.org/1999/02/22-rdf-syntax-ns#'>&e;</rdf:RDF>",
	  DS_EPARSE },
	{ "{\"@context\": {}, \"@type\": \"dcat:Dataset\"}", DS_EUNSUPPORTED },
	{ "@prefix dcat: <http://www.w3.org/ns/dcat#> .\n<x:1> a dcat:Dataset ;\n dcat:title \"unterminated .\n",
	  DS_EPARSE },
};

START_TEST(dcat_import_errors)
{
	size_t i;

	for (i = 0; i < sizeof bad_dcat / sizeof bad_dcat[0]; i++) {
		ds_catalog *c = (ds_catalog *)&i;
		int rc = ds_catalog_parse_dcat(&c, bad_dcat[i].xml, strlen(bad_dcat[i].xml), "bad.rdf");
		ck_assert_msg(rc == bad_dcat[i].code, "case %zu: %s (%s)", i, ds_strerror(rc),
			      ds_error_last()->message);
		ck_assert_ptr_eq(c, (ds_catalog *)&i);
	}
	{
		ds_catalog *c = NULL;
		ck_assert_ds_err(ds_catalog_load_dcat(&c, "/nonexistent.rdf"), DS_EIO);
		ck_assert_ds_err(ds_catalog_parse_dcat(&c, NULL, 0, NULL), DS_EINVAL);
		ck_assert_ptr_null(c);
	}
}
END_TEST

/* Terms no IRI or language tag may be (raptor's RDF/XML parser passes them on) are
 * refused at import, naming the term; an RDF/XML nodeID N-Triples could not write
 * as it is (ending in '.') survives import and export. Found by fuzz_catalog: such
 * a datatype made the kept triples unreadable at export. */
#define RDF_HEAD                                                                                                    \
	"<rdf:RDF xmlns:rdf='http://www.w3.org/1999/02/22-rdf-syntax-ns#' xmlns:dcat='http://www.w3.org/ns/dcat#' " \
	"xmlns:dct='http://purl.org/dc/terms/' xmlns:ex='http://example.org/'>"                                     \
	"<dcat:Dataset rdf:about='http://example.org/d1'><dct:identifier>d1</dct:identifier>"                       \
	"<dct:title xml:lang='zh'>数据</dct:title>"

/* What import keeps beyond the fields comes back on export (docs/catalog.md, "Nothing is
 * lost"): an untagged keyword stays untagged, two nodes with one dct:identifier are one entry
 * (mapped from the smaller IRI, whatever the order) with the other node's triples kept under
 * its IRI, a series a dataset is in, a cycle of blank nodes it reaches, a blank-node dataset
 * stays a blank node, and a landing page alone makes no distribution. */
#define KEEP_HEAD                                                                                  \
	"@prefix dcat: <http://www.w3.org/ns/dcat#> . @prefix dct: <http://purl.org/dc/terms/> . " \
	"@prefix ex: <http://example.org/> .\n"
#define KEEP_B "ex:b a dcat:Dataset ; dct:identifier \"d1\" ; dct:title \"Second\"@en ; dcat:keyword \"two\"@en .\n"
#define KEEP_A                                                                                                      \
	"ex:a a dcat:Dataset ; dct:identifier \"d1\" ; dct:title \"First\"@en ; dcat:keyword \"AU\", \"one\"@en ; " \
	"dcat:landingPage <http://example.org/page> ; dcat:inSeries ex:s .\n"                                       \
	"ex:s a dcat:DatasetSeries ; dct:title \"Series\"@en .\n"                                                   \
	"ex:a ex:part _:x . _:x ex:next _:y ; ex:v \"x\" . _:y ex:next _:x ; ex:v \"y\" .\n"
#define KEEP_BLANK "[] a dcat:Dataset ; dct:title \"Blank\"@en ; dct:relation ex:a .\n"

START_TEST(dcat_import_keeps_graph)
{
	static const char *const docs[] = { KEEP_HEAD KEEP_B KEEP_A KEEP_BLANK, KEEP_HEAD KEEP_BLANK KEEP_A KEEP_B };
	static const char *const present[] = {
		"<http://example.org/a> <http://www.w3.org/ns/dcat#keyword> \"AU\" .",
		"<http://example.org/a> <http://www.w3.org/ns/dcat#keyword> \"one\"@en .",
		"<http://example.org/b> <http://purl.org/dc/terms/title> \"Second\"@en .",
		"<http://example.org/b> <http://www.w3.org/ns/dcat#keyword> \"two\"@en .",
		"<http://example.org/b> <http://purl.org/dc/terms/identifier> \"d1\" .",
		"<http://example.org/a> <http://www.w3.org/ns/dcat#inSeries> <http://example.org/s> .",
		"<http://example.org/s> <http://purl.org/dc/terms/title> \"Series\"@en .",
		"<http://purl.org/dc/terms/title> \"Blank\"@en .",
		"<http://purl.org/dc/terms/relation> <http://example.org/a> .",
		"<http://example.org/v> \"x\" .",
		"<http://example.org/v> \"y\" .",
	};
	static const char *const absent[] = {
		"\"AU\"@en",
		"<http://example.org/a> <http://www.w3.org/ns/dcat#keyword> \"two\"@en",
		"<http://example.org/b> <http://purl.org/dc/terms/title> \"First\"@en",
		"dcat#distribution>",
		"<urn:datasset:catalog:dataset/",
	};
	static const char series[] = KEEP_HEAD "ex:a a dcat:Dataset ; dcat:inSeries ex:s .\n"
					       "ex:b a dcat:Dataset ; dcat:inSeries ex:s .\nex:c a dcat:Dataset .\n"
					       "ex:s a dcat:DatasetSeries ; dct:hasPart ex:a, ex:b, ex:c .\n";
	ds_dcat_options opts = DS_DCAT_OPTIONS_INIT;
	ds_catalog *c[2] = { NULL, NULL }, *again = NULL;
	char *nt = NULL;
	const char *line;
	size_t i, k;

	opts.syntax = DS_DCAT_NTRIPLES;
	for (k = 0; k < 2; k++) {
		ck_assert_ds_ok(ds_catalog_parse_dcat(&c[k], docs[k], strlen(docs[k]), "keep.ttl"));
		ck_assert_uint_eq(ds_catalog_count(c[k]), 2);
	}
	/* the same graph in another order: the same entries (the blank dataset first, now) */
	ck_assert(ds_resource_equal(entry_at(c[0], 0), entry_at(c[1], 1)));
	ck_assert(ds_resource_equal(entry_at(c[0], 1), entry_at(c[1], 0)));
	ck_assert_str_eq(ds_resource_get(entry_at(c[0], 0), DS_FIELD_IDENTIFIER), "d1");
	ck_assert_str_eq(ds_resource_get(entry_at(c[0], 0), DS_FIELD_TITLE), "First");
	ck_assert_uint_eq(ds_resource_list_count(entry_at(c[0], 0), DS_LIST_KEYWORDS), 2);
	ck_assert_str_eq(ds_resource_extension_get(entry_at(c[0], 0), "urn:datasset:dcat:1", "untagged-keywords"),
			 "AU");
	ck_assert_ds_ok(ds_catalog_to_dcat(&nt, NULL, c[0], &opts));
	for (i = 0; i < sizeof present / sizeof present[0]; i++)
		ck_assert_msg(strstr(nt, present[i]) != NULL, "missing: %s\n%s", present[i], nt);
	for (i = 0; i < sizeof absent / sizeof absent[0]; i++)
		ck_assert_msg(strstr(nt, absent[i]) == NULL, "unexpected: %s\n%s", absent[i], nt);
	/* the blank-node cycle the dataset reaches: both nodes, both links */
	for (i = 0, line = nt; (line = strstr(line, "<http://example.org/next> _:")) != NULL; line++)
		i++;
	ck_assert_uint_eq(i, 2);
	/* the blank dataset is a blank node, named the same as subject and as the catalogue's member */
	line = strstr(nt, " <http://purl.org/dc/terms/title> \"Blank\"@en .");
	while (line > nt && line[-1] != '\n')
		line--;
	ck_assert_msg(strncmp(line, "_:ds", 4) == 0, "%s", nt);
	ck_assert_ptr_nonnull(strstr(nt, "<http://www.w3.org/ns/dcat#dataset> _:ds"));
	/* and the export imports to the same entries */
	ck_assert_ds_ok(ds_catalog_parse_dcat(&again, nt, strlen(nt), "export.nt"));
	ck_assert_uint_eq(ds_catalog_count(again), 2);
	for (i = 0; i < 2; i++)
		ck_assert_msg(ds_resource_equal(entry_at(c[0], i), entry_at(again, i)), "entry %zu differs", i + 1);
	ds_free(nt);
	ds_catalog_free(again);
	ds_catalog_free(c[0]);
	ds_catalog_free(c[1]);
	/* a series listing its members: each member keeps the series and the link to itself, not
	 * the links to the other members that are in it (ex:c is not: it stays with both) */
	ck_assert_ds_ok(ds_catalog_parse_dcat(&c[0], series, strlen(series), "series.ttl"));
	ck_assert_uint_eq(ds_catalog_count(c[0]), 3);
	line = ds_resource_extension_get(entry_at(c[0], 0), "urn:datasset:dcat:1", "triples");
	ck_assert_ptr_nonnull(strstr(line, "<http://purl.org/dc/terms/hasPart> <http://example.org/a> ."));
	ck_assert_ptr_nonnull(strstr(line, "<http://purl.org/dc/terms/hasPart> <http://example.org/c> ."));
	ck_assert_ptr_null(strstr(line, "<http://purl.org/dc/terms/hasPart> <http://example.org/b> ."));
	ck_assert_ds_ok(ds_catalog_to_dcat(&nt, NULL, c[0], &opts));
	for (i = 0, line = nt; (line = strstr(line, "<http://purl.org/dc/terms/hasPart> <http://example.org/")) != NULL;
	     line++)
		i++;
	ck_assert_uint_eq(i, 3);
	ds_free(nt);
	ds_catalog_free(c[0]);
}
END_TEST

/* The whole file at @path as a string; free() it. */
static char *read_text(const char *path)
{
	FILE *f = fopen(path, "rb");
	char *text;
	long size;

	ck_assert_ptr_nonnull(f);
	ck_assert_int_eq(fseek(f, 0, SEEK_END), 0);
	ck_assert_int_ge(size = ftell(f), 0);
	rewind(f);
	ck_assert_ptr_nonnull(text = malloc((size_t)size + 1));
	ck_assert_uint_eq(fread(text, 1, (size_t)size, f), (size_t)size);
	text[size] = '\0';
	fclose(f);
	return text;
}

/* A blank-node dataset related to an IRI one and back, and a relation to a code that names
 * no entry: the streamed export writes the same nodes as the in-memory one, byte for byte. */
START_TEST(dcat_stream_relations_as_in_memory)
{
	static const char doc[] = KEEP_HEAD "ex:a a dcat:Dataset ; dct:identifier \"a\" ; dct:title \"A\"@en ; "
					    "dct:relation _:b .\n"
					    "_:b a dcat:Dataset ; dct:identifier \"b\" ; dct:title \"B\"@en ; "
					    "dct:relation ex:a .\n";
	char xml_path[] = "/tmp/ds-dcat-rel-XXXXXX", out_path[] = "/tmp/ds-dcat-out-XXXXXX";
	ds_dcat_options opts = DS_DCAT_OPTIONS_INIT;
	ds_catalog *c = NULL;
	ds_resource *edited = NULL;
	char *xml = NULL, *nt = NULL, *streamed;
	size_t triples = 0, streamed_triples = 0;
	const char *label;
	int fd;
	FILE *f;

	opts.syntax = DS_DCAT_NTRIPLES;
	ck_assert_ds_ok(ds_catalog_parse_dcat(&c, doc, strlen(doc), "relations.ttl"));
	ck_assert_uint_eq(ds_catalog_count(c), 2);
	label = ds_resource_extension_get(entry_at(c, 1), "urn:datasset:dcat:1", "iri");
	ck_assert_ptr_nonnull(label);
	ck_assert_int_eq(strncmp(label, "_:ds", 4), 0);
	/* a relation to a code no entry has: left out by both exports */
	ck_assert_ds_ok(ds_resource_dup(&edited, entry_at(c, 0)));
	ck_assert_ds_ok(ds_resource_list_add(edited, DS_LIST_RELATED, "nobody"));
	ck_assert_ds_ok(ds_catalog_replace(c, 0, edited));
	ck_assert_ds_ok(ds_catalog_to_dcat(&nt, &triples, c, &opts));
	ck_assert_ds_ok(ds_catalog_to_xml(&xml, c));
	ck_assert_int_ge(fd = mkstemp(xml_path), 0);
	ck_assert_ptr_nonnull(f = fdopen(fd, "w"));
	fputs(xml, f);
	fclose(f);
	ck_assert_int_ge(fd = mkstemp(out_path), 0);
	ck_assert_ptr_nonnull(f = fdopen(fd, "w"));
	fclose(f);
	ck_assert_ds_ok(ds_catalog_stream_dcat(&streamed_triples, out_path, xml_path, &opts));
	streamed = read_text(out_path);
	ck_assert_msg(strcmp(streamed, nt) == 0, "the streamed export differs from the in-memory one");
	ck_assert_uint_eq(streamed_triples, triples);
	/* the IRI dataset names the blank one by its label */
	ck_assert_ptr_nonnull(strstr(nt, "<http://example.org/a> <http://purl.org/dc/terms/relation> _:ds"));
	ck_assert_ptr_null(strstr(nt, "nobody"));
	free(streamed);
	ds_free(nt);
	ds_free(xml);
	ds_catalog_free(c);
	remove(xml_path);
	remove(out_path);
}
END_TEST

/* The external fixtures (tests/fixtures/dcat: ckanext-dcat, SEMIC, W3C), every one imported
 * streamed and in memory: the same document or the same refusal. */
static size_t stream_fixtures_in(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	struct stat st;
	size_t n = 0;
	char path[4096];

	ck_assert_msg(d != NULL, "%s: cannot open", dir);
	while ((e = readdir(d)) != NULL) {
		if (e->d_name[0] == '.' || strcmp(e->d_name, "README") == 0 || strcmp(e->d_name, "LICENCE") == 0 ||
		    strcmp(e->d_name, "expected.tsv") == 0)
			continue;
		snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
		ck_assert_int_eq(stat(path, &st), 0);
		if (S_ISDIR(st.st_mode)) {
			n += stream_fixtures_in(path);
		} else {
			assert_streamed_as_in_memory(path);
			n++;
		}
	}
	closedir(d);
	return n;
}

START_TEST(dcat_stream_fixtures)
{
	ck_assert_uint_eq(stream_fixtures_in(FIXTURES "/../dcat"), 54);
}
END_TEST

/* What the streamed import must decide as the in-memory one does: a dataset described twice
 * (two nodes, one identifier: merged, the smaller IRI its node), blank-node datasets (one
 * without an identifier), catalogue records, a relation to a blank dataset, a dataset linked
 * from another's series, and an identifier that two nodes spell differently but the native
 * field holds alike (the second refused as a duplicate naming the first). */
/* Portal documents describe their publishers, contact points and licences again in every
 * dataset: the streamed import stores a run that repeats what is stored of its subject once,
 * and maps entries on two threads. Runs that repeat all, some or none of what came before (in
 * another order, with a new statement, a node described again later, a statement repeated in
 * one run), over more entries than the threads keep waiting: the same document as in memory. */
START_TEST(dcat_stream_repeated_runs)
{
	char in[] = "/tmp/ds-dcat-rep-XXXXXX";
	size_t i;
	FILE *f;
	int fd;

	ck_assert_int_ge(fd = mkstemp(in), 0);
	ck_assert_ptr_nonnull(f = fdopen(fd, "w"));
	fputs("<rdf:RDF xmlns:rdf='http://www.w3.org/1999/02/22-rdf-syntax-ns#' xmlns:dcat='http://www.w3.org/ns/dcat#'"
	      " xmlns:dct='http://purl.org/dc/terms/' xmlns:foaf='http://xmlns.com/foaf/0.1/'"
	      " xmlns:vcard='http://www.w3.org/2006/vcard/ns#'>\n"
	      "<dcat:Catalog rdf:about='https://p.example/catalog'><dct:title xml:lang='en'>Portal</dct:title>"
	      "</dcat:Catalog>\n",
	      f);
	for (i = 0; i < 300; i++) {
		fprintf(f,
			"<dcat:Dataset rdf:about='https://p.example/d/%zu'><dct:identifier>ds-%06zu</dct:identifier>"
			"<dct:title xml:lang='en'>Dataset %zu</dct:title><dct:publisher><foaf:Organization "
			"rdf:about='https://p.example/org/%zu'>",
			i, i, i, i % 7);
		if (i % 5 == 1) /* the same statements in another order */
			fprintf(f,
				"<dct:type rdf:resource='http://purl.org/adms/publishertype/LocalAuthority'/>"
				"<foaf:name xml:lang='en'>Organisation %zu</foaf:name>",
				i % 7);
		else
			fprintf(f,
				"<foaf:name xml:lang='en'>Organisation %zu</foaf:name>"
				"<dct:type rdf:resource='http://purl.org/adms/publishertype/LocalAuthority'/>",
				i % 7);
		if (i % 11 == 3) /* a statement not stated before */
			fprintf(f, "<foaf:homepage rdf:resource='https://p.example/org/%zu/home%zu'/>", i % 7, i);
		if (i % 13 == 4) /* a name in another language, stated twice in one run */
			fprintf(f,
				"<foaf:name xml:lang='zh'>机构%zu</foaf:name><foaf:name xml:lang='zh'>机构%zu</foaf:name>",
				i % 7, i % 7);
		fprintf(f,
			"</foaf:Organization></dct:publisher><dcat:contactPoint><vcard:Organization "
			"rdf:about='https://p.example/contact/%zu'><vcard:fn>Desk %zu</vcard:fn></vcard:Organization>"
			"</dcat:contactPoint><dcat:distribution><dcat:Distribution rdf:about='https://p.example/d/%zu/csv'>"
			"<dcat:accessURL rdf:resource='https://p.example/d/%zu.csv'/><dct:license><dct:LicenseDocument "
			"rdf:about='http://creativecommons.org/licenses/by/4.0/'><dct:title>CC BY 4.0</dct:title>"
			"</dct:LicenseDocument></dct:license></dcat:Distribution></dcat:distribution></dcat:Dataset>\n"
			"<rdf:Description rdf:about='https://p.example/catalog'><dcat:dataset "
			"rdf:resource='https://p.example/d/%zu'/></rdf:Description>\n",
			i % 3, i % 3, i, i, i);
		if (i % 17 == 9) /* an earlier dataset described again, with a new keyword and an old title */
			fprintf(f,
				"<rdf:Description rdf:about='https://p.example/d/%zu'><dcat:keyword xml:lang='en'>again %zu"
				"</dcat:keyword><dct:title xml:lang='en'>Dataset %zu</dct:title></rdf:Description>\n",
				i / 2, i, i / 2);
	}
	fputs("</rdf:RDF>\n", f);
	ck_assert_int_eq(fclose(f), 0);
	assert_streamed_as_in_memory(in);
	remove(in);
}
END_TEST

START_TEST(dcat_stream_decisions)
{
	static const char *const docs[] = {
		("@prefix dcat: <http://www.w3.org/ns/dcat#> . @prefix dct: <http://purl.org/dc/terms/> .\n"
		 "@prefix foaf: <http://xmlns.com/foaf/0.1/> .\n"
		 "<http://c/catalog> a dcat:Catalog ; dct:title \"目录\"@zh , \"Catalogue\"@en ; dcat:dataset <http://d/b>, "
		 "<http://d/a> ; dcat:record <http://r/1> .\n"
		 "<http://d/b> a dcat:Dataset ; dct:identifier \"X\" ; dct:title \"B\"@en ; dct:relation _:blank .\n"
		 "<http://d/a> a dcat:Dataset ; dct:identifier \"X\" ; dct:title \"A\"@en ; dcat:inSeries <http://s/1> .\n"
		 "<http://r/1> a dcat:CatalogRecord ; foaf:primaryTopic <http://d/b> ; dct:modified \"2024-01-02\" .\n"
		 "<http://s/1> a dcat:DatasetSeries ; dct:title \"Series\" .\n"
		 "_:blank a dcat:Dataset ; dct:title \"无标识\"@zh ; dcat:distribution [ dcat:accessURL <http://x/1> ] .\n"
		 "_:other a dcat:Dataset ; dct:identifier \"Y\" ; dct:relation <http://d/a> , _:blank .\n"),
		("@prefix dcat: <http://www.w3.org/ns/dcat#> . @prefix dct: <http://purl.org/dc/terms/> .\n"
		 "<http://d/1> a dcat:Dataset ; dct:identifier \"dup\" ; dct:title \"one\" .\n"
		 "<http://d/2> a dcat:Dataset ; dct:identifier \" dup\" ; dct:title \"two\" .\n"),
		("@prefix dcat: <http://www.w3.org/ns/dcat#> . @prefix dct: <http://purl.org/dc/terms/> .\n"
		 "<http://c/catalog> a dcat:Catalog ; dct:title \"空目录\" .\n"),
		("@prefix dct: <http://purl.org/dc/terms/> .\n<http://x> dct:title \"nothing\" .\n"),
	};
	size_t i;

	for (i = 0; i < sizeof docs / sizeof docs[0]; i++) {
		ds_catalog *c = NULL;
		int rc = ds_catalog_parse_dcat(&c, docs[i], strlen(docs[i]), "decisions.ttl");
		ck_assert_int_eq(rc, i == 0 || i == 2 ? DS_OK : i == 1 ? DS_EEXISTS : DS_EPARSE);
		if (i == 0)
			ck_assert_uint_eq(ds_catalog_count(c), 3);
		ds_catalog_free(c);
	}
}
END_TEST

/* 100,000 datasets (an RDF/XML file of ~80 MB written as portals publish: each dataset describes
 * its publisher again, links to the catalogue, has a blank distribution and a catalogue record)
 * imported streamed with bounded memory: the graph alone would take several hundred MiB. (RDF/XML:
 * raptor's Turtle parser keeps the whole text of a Turtle document, docs/catalog.md.) */
START_TEST(dcat_stream_bounded_memory)
{
	char in[] = "/tmp/ds-dcat-big-XXXXXX", out[] = "/tmp/ds-dcat-big-out-XXXXXX", line[4096], want[80],
	     last_provider[4096] = "";
	size_t i, n = 100000, entries = 0, len;
	long before, after;
	FILE *f;
	int fd;

	if (tu_sanitized() || tu_under_valgrind())
		return; /* minutes there, and the peak means nothing; dcat_stream_fixtures covers the code */
	ck_assert_int_ge(fd = mkstemp(in), 0);
	ck_assert_ptr_nonnull(f = fdopen(fd, "w"));
	fputs("<rdf:RDF xmlns:rdf='http://www.w3.org/1999/02/22-rdf-syntax-ns#' xmlns:dcat='http://www.w3.org/ns/dcat#'"
	      " xmlns:dct='http://purl.org/dc/terms/' xmlns:foaf='http://xmlns.com/foaf/0.1/'>\n"
	      "<dcat:Catalog rdf:about='https://p.example/catalog'><dct:title xml:lang='zh'>大目录</dct:title>"
	      "</dcat:Catalog>\n",
	      f);
	for (i = 0; i < n; i++)
		fprintf(f,
			"<dcat:Dataset rdf:about='https://p.example/d/%zu'><dct:identifier>ds-%06zu</dct:identifier>"
			"<dct:title xml:lang='zh'>数据集%zu</dct:title><dct:description xml:lang='zh'>第%zu个数据集"
			"</dct:description><dcat:keyword xml:lang='zh'>k%zu</dcat:keyword>"
			"<dct:isPartOf rdf:resource='https://p.example/catalog'/><dct:publisher><foaf:Organization "
			"rdf:about='https://p.example/org/%zu'><foaf:name xml:lang='zh'>机构%zu</foaf:name>"
			"</foaf:Organization></dct:publisher><dcat:distribution rdf:parseType='Resource'>"
			"<dcat:accessURL rdf:resource='https://p.example/d/%zu.csv'/></dcat:distribution></dcat:Dataset>\n"
			"<rdf:Description rdf:about='https://p.example/catalog'><dcat:dataset "
			"rdf:resource='https://p.example/d/%zu'/></rdf:Description>\n"
			"<dcat:CatalogRecord rdf:about='https://p.example/r/%zu'><foaf:primaryTopic "
			"rdf:resource='https://p.example/d/%zu'/><dct:modified>2025-06-30</dct:modified></dcat:CatalogRecord>\n",
			i, i, i, i, i % 50, i % 8, i % 8, i, i, i, i);
	fputs("</rdf:RDF>\n", f);
	ck_assert_int_eq(fclose(f), 0);
	ck_assert_int_ge(fd = mkstemp(out), 0);
	close(fd);
	before = max_rss_kib();
	ck_assert_ds_ok(ds_catalog_import_dcat_file(&entries, out, in));
	after = max_rss_kib();
	ck_assert_uint_eq(entries, n);
	/* every dataset an entry, in order, the last with its publisher's name */
	ck_assert_ptr_nonnull(f = fopen(out, "rb"));
	len = 0;
	while (fgets(line, sizeof line, f)) {
		if (strstr(line, "<identifier>")) {
			snprintf(want, sizeof want, "    <identifier>ds-%06zu</identifier>\n", len++);
			ck_assert_str_eq(line, want);
		}
		if (strstr(line, "<provider"))
			snprintf(last_provider, sizeof last_provider, "%s", line);
	}
	fclose(f);
	ck_assert_uint_eq(len, n);
	ck_assert_ptr_nonnull(strstr(last_provider, ">机构7</provider>"));
	ck_assert_msg(after - before < 48 * 1024, "the streamed import grew the peak RSS by %ld KiB", after - before);
	remove(in);
	remove(out);
}
END_TEST

START_TEST(dcat_import_terms)
{
	static const struct {
		const char *xml, *needle;
	} bad[] = {
		{ RDF_HEAD "<ex:flag rdf:datatype='http://www.w3.org/2001/XML>Schema#boolean'>false</ex:flag>"
			   "</dcat:Dataset></rdf:RDF>",
		  "datatype <http://www.w3.org/2001/XML>Schema#boolean> is not an IRI (it holds byte 0x3E" },
		{ RDF_HEAD "<ex:note xml:lang='zh cn'>x</ex:note></dcat:Dataset></rdf:RDF>",
		  "language tag \"zh cn\" is not a BCP 47 tag" },
		{ RDF_HEAD "<ex:see rdf:resource='http://example.org/a b'/></dcat:Dataset></rdf:RDF>",
		  "<http://example.org/a b> is not an IRI (it holds byte 0x20" },
	};
	const char *ok = RDF_HEAD "<ex:part rdf:nodeID='n.'/><ex:other rdf:nodeID='n_2E'/></dcat:Dataset>"
				  "<rdf:Description rdf:nodeID='n.'><ex:v>one</ex:v></rdf:Description>"
				  "<rdf:Description rdf:nodeID='n_2E'><ex:v>two</ex:v></rdf:Description></rdf:RDF>";
	ds_catalog *c, *again = NULL;
	char *rdf = NULL;
	size_t i;

	for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		c = (ds_catalog *)&i;
		ck_assert_ds_err(ds_catalog_parse_dcat(&c, bad[i].xml, strlen(bad[i].xml), "bad.rdf"), DS_EPARSE);
		ck_assert_msg(strstr(ds_error_last()->message, bad[i].needle) != NULL, "case %zu: %s", i,
			      ds_error_last()->message);
		ck_assert_ptr_eq(c, (ds_catalog *)&i);
	}
	c = NULL;
	ck_assert_ds_ok(ds_catalog_parse_dcat(&c, ok, strlen(ok), "ok.rdf"));
	ck_assert_ds_ok(ds_catalog_to_dcat(&rdf, NULL, c, NULL));
	ck_assert_ds_ok(ds_catalog_parse_dcat(&again, rdf, strlen(rdf), "export.rdf"));
	/* the two blank nodes stay two, each with its own value: each is named once, so
	 * the serialiser nests it (one node named twice would need an rdf:nodeID) */
	ck_assert_ptr_nonnull(strstr(rdf, "one"));
	ck_assert_ptr_nonnull(strstr(rdf, "two"));
	ck_assert_ptr_null(strstr(rdf, "rdf:nodeID"));
	ck_assert_uint_eq(ds_catalog_count(again), 1);
	ds_free(rdf);
	ds_catalog_free(again);
	ds_catalog_free(c);
}
END_TEST

/* ---------------------------------------------------------------- search and sort */

static const char *const cities[] = {
	"天津市数据", "上海市数据", "北京市数据", "济南市数据", "重庆市数据", "广州市数据"
};

START_TEST(pinyin_sort_order)
{
	static const char *const expected[] = { "北京市数据", "重庆市数据", "广州市数据",
						"济南市数据", "上海市数据", "天津市数据" };
	ds_catalog *c = NULL;
	char id[16];
	size_t i;

	ck_assert_ds_ok(ds_catalog_new(&c));
	for (i = 0; i < 6; i++) {
		snprintf(id, sizeof id, "Z%zu", 9 - i);
		ck_assert_ds_ok(ds_catalog_add(c, entry(id, cities[i])));
	}
	ck_assert_ds_ok(ds_catalog_sort(c, DS_SORT_PINYIN));
	for (i = 0; i < 6; i++)
		ck_assert_str_eq(ds_resource_get(entry_at(c, i), DS_FIELD_TITLE), expected[i]);
	/* the index follows the entries */
	ck_assert_ds_ok(ds_catalog_find(&i, c, "Z7"));
	ck_assert_str_eq(ds_resource_get(entry_at(c, i), DS_FIELD_TITLE), "北京市数据");
	ck_assert_ds_ok(ds_catalog_sort(c, DS_SORT_IDENTIFIER));
	ck_assert_str_eq(ds_resource_get(entry_at(c, 0), DS_FIELD_IDENTIFIER), "Z4");
	ck_assert_str_eq(ds_resource_get(entry_at(c, 5), DS_FIELD_IDENTIFIER), "Z9");
	ck_assert_ds_err(ds_catalog_sort(c, (ds_sort)5), DS_EINVAL);
	ds_catalog_free(c);
}
END_TEST

START_TEST(pinyin_text)
{
	char *p = NULL;

	ck_assert_ds_ok(ds_text_pinyin(&p, "住房公积金"));
	ck_assert_str_eq(p, "zhu fang gong ji jin");
	ds_free(p);
	ck_assert_ds_ok(ds_text_pinyin(&p, "济南"));
	ck_assert_str_eq(p, "ji nan");
	ds_free(p);
	/* Forms that expand a lot still transliterate. */
	ck_assert_ds_ok(ds_text_pinyin(&p, "\xef\xb7\xba\xef\xb7\xba㍿①ﬃ㈱"));
	ck_assert_ptr_nonnull(strstr(p, "zhu shi hui she"));
	ds_free(p);
	ck_assert_ds_err(ds_text_pinyin(&p, "\xff"), DS_EPARSE);
	ck_assert_ds_err(ds_text_pinyin(NULL, "x"), DS_EINVAL);
}
END_TEST

/* Run a search and return the matching identifiers joined with ','. */
static char *search_ids(ds_catalog *c, const ds_search_options *opts)
{
	static char joined[2048];
	size_t *hits = NULL, count = 99, i;

	joined[0] = '\0';
	ck_assert_ds_ok(ds_catalog_search(&hits, &count, c, opts));
	for (i = 0; i < count; i++) {
		if (i)
			strcat(joined, ",");
		strcat(joined, ds_resource_get(entry_at(c, hits[i]), DS_FIELD_IDENTIFIER));
	}
	if (!count)
		ck_assert_ptr_null(hits);
	ds_free(hits);
	return joined;
}

static const struct {
	const char *text, *provider, *category, *share_type, *update_cycle;
	const char *expected;
} searches[] = {
	{ "zfgjj", NULL, NULL, NULL, NULL, "A,B" },
	{ "ZFGJJ", NULL, NULL, NULL, NULL, "A,B" },
	{ "zhufang gongjijin", NULL, NULL, NULL, NULL, "A,B" },
	{ "zhu fang", NULL, NULL, NULL, NULL, "A,B" },
	{ "公积金", NULL, NULL, NULL, NULL, "A,B" },
	{ "ＰＭ２．５", NULL, NULL, NULL, NULL, "C" }, /* full-width finds half-width */
	{ "pm2.5", NULL, NULL, NULL, NULL, "C" },      /* case-insensitive */
	{ "贷款", NULL, NULL, NULL, NULL, "B" },       /* a keyword */
	{ "空气", NULL, NULL, NULL, NULL, "C" },       /* the abstract */
	{ "kqzl", NULL, NULL, NULL, NULL, "C" },
	{ NULL, "公积金", NULL, NULL, NULL, "A,B" },
	{ NULL, "11370100004193660X", NULL, NULL, NULL, "C" },
	{ NULL, NULL, "302", NULL, NULL, "A,B" },
	{ NULL, NULL, "30201", NULL, NULL, "A" },
	{ NULL, NULL, "生态", NULL, NULL, "C" },
	{ NULL, NULL, NULL, "有条件共享", NULL, "B" },
	{ NULL, NULL, NULL, NULL, "实时", "C" },
	{ "zfgjj", NULL, NULL, "无条件共享", NULL, "A" },
	{ "zfgjj", NULL, NULL, NULL, "实时", "" },
	{ "不存在的资源", NULL, NULL, NULL, NULL, "" },
	{ NULL, NULL, NULL, NULL, NULL, "A,B,C" },
};

START_TEST(search_criteria)
{
	ds_catalog *c = parse(
		"<catalog xmlns='urn:datasset:catalog:1'>"
		"<resource><identifier>A</identifier><title>住房公积金缴存信息</title><abstract>缴存单位</abstract>"
		"<provider code='11370100004191340F'>济南住房公积金中心</provider>"
		"<category code='30201'>部门信息资源/住房公积金</category><share type='无条件共享'/>"
		"<update-cycle>每日</update-cycle></resource>"
		"<resource><identifier>B</identifier><title>住房公积金贷款发放</title><abstract>个人贷款</abstract>"
		"<provider>济南住房公积金中心</provider><category code='30203'>部门信息资源/住房公积金</category>"
		"<keyword>贷款</keyword><share type='有条件共享'/><update-cycle>每日</update-cycle></resource>"
		"<resource><identifier>C</identifier><title>空气质量 PM2.5 监测</title><abstract>空气质量小时数据</abstract>"
		"<provider code='11370100004193660X'>济南市生态环境局</provider>"
		"<category code='31001'>部门信息资源/生态环境</category><update-cycle>实时</update-cycle></resource>"
		"</catalog>");
	ds_search_options opts;
	size_t i, *hits = NULL, count = 0;

	for (i = 0; i < sizeof searches / sizeof searches[0]; i++) {
		ck_assert_ds_ok(ds_search_options_init(&opts, DS_SEARCH_OPTIONS_VERSION));
		opts.text = searches[i].text;
		opts.provider = searches[i].provider;
		opts.category = searches[i].category;
		opts.share_type = searches[i].share_type;
		opts.update_cycle = searches[i].update_cycle;
		ck_assert_msg(strcmp(search_ids(c, &opts), searches[i].expected) == 0,
			      "search %zu: got '%s', want '%s'", i, search_ids(c, &opts), searches[i].expected);
	}
	ck_assert_str_eq(search_ids(c, NULL), "A,B,C");
	opts.text = "\xff";
	ck_assert_ds_err(ds_catalog_search(&hits, &count, c, &opts), DS_EPARSE);
	opts.text = NULL;
	opts.version = 99;
	ck_assert_ds_err(ds_catalog_search(&hits, &count, c, &opts), DS_EINVAL);
	ck_assert_ds_err(ds_search_options_init(&opts, 2), DS_EINVAL);
	ck_assert_ds_err(ds_catalog_search(NULL, &count, c, NULL), DS_EINVAL);
	ds_catalog_free(c);
}
END_TEST

/* Keys are rebuilt when an entry is replaced. */
START_TEST(search_after_replace)
{
	ds_catalog *c = NULL;
	ds_search_options opts = DS_SEARCH_OPTIONS_INIT;
	ds_resource *copy = NULL;

	ck_assert_ds_ok(ds_catalog_new(&c));
	ck_assert_ds_ok(ds_catalog_add(c, entry("A", "住房公积金")));
	opts.text = "zfgjj";
	ck_assert_str_eq(search_ids(c, &opts), "A");
	ck_assert_ds_ok(ds_resource_dup(&copy, entry_at(c, 0)));
	ck_assert_ds_ok(ds_resource_set(copy, DS_FIELD_TITLE, "医疗保险"));
	ck_assert_ds_ok(ds_catalog_replace(c, 0, copy));
	ck_assert_str_eq(search_ids(c, &opts), "");
	opts.text = "ylbx";
	ck_assert_str_eq(search_ids(c, &opts), "A");
	/* Runs of digits and letters are syllables of their own; accents fold. */
	ck_assert_ds_ok(ds_catalog_add(c, entry("B", "12345热线工单统计")));
	ck_assert_ds_ok(ds_catalog_add(c, entry("C", "Café数据")));
	opts.text = "1rxgdtj";
	ck_assert_str_eq(search_ids(c, &opts), "B");
	opts.text = "rexian";
	ck_assert_str_eq(search_ids(c, &opts), "B");
	opts.text = "csj";
	ck_assert_str_eq(search_ids(c, &opts), "C");
	opts.text = "cafeshuju";
	ck_assert_str_eq(search_ids(c, &opts), "C");
	ds_catalog_free(c);
}
END_TEST

/* ---------------------------------------------------------------- diff */

START_TEST(diff_catalogues)
{
	ds_catalog *old_c = parse("<catalog xmlns='urn:datasset:catalog:1'>"
				  "<resource><identifier>A</identifier><title>a</title></resource>"
				  "<resource><identifier>B</identifier><title>b</title><keyword>k</keyword></resource>"
				  "<resource><identifier>C</identifier><title>c</title></resource>"
				  "<resource><title>no id</title></resource></catalog>");
	ds_catalog *new_c = parse("<catalog xmlns='urn:datasset:catalog:1'>"
				  "<resource><identifier>D</identifier><title>d</title></resource>"
				  "<resource><identifier>C</identifier><title>c</title></resource>"
				  "<resource><identifier>B</identifier><title>b2</title><share type='无条件共享'/>"
				  "<items><item name='x'/></items></resource></catalog>");
	ds_catalog_diff *d = NULL;
	ds_catalog_change change, before;

	ck_assert_ds_ok(ds_catalog_diff_new(&d, old_c, new_c));
	ck_assert_uint_eq(ds_catalog_diff_count(d), 3);
	ck_assert_ds_ok(ds_catalog_diff_at(&change, d, 0));
	ck_assert_int_eq(change.kind, DS_CHANGE_REMOVED);
	ck_assert_str_eq(change.identifier, "A");
	ck_assert_str_eq(change.fields, "");
	ck_assert_ds_ok(ds_catalog_diff_at(&change, d, 1));
	ck_assert_int_eq(change.kind, DS_CHANGE_CHANGED);
	ck_assert_str_eq(change.identifier, "B");
	ck_assert_str_eq(change.fields, "title,share_type,keywords,items");
	ck_assert_ds_ok(ds_catalog_diff_at(&change, d, 2));
	ck_assert_int_eq(change.kind, DS_CHANGE_ADDED);
	ck_assert_str_eq(change.identifier, "D");
	ck_assert_str_eq(change.fields, "");
	/* Past the end: DS_ERANGE naming index and count, @out untouched; NULL: DS_EINVAL. */
	memset(&change, 0xa5, sizeof change); /* a defined pattern, padding included, that failures must leave */
	memset(&before, 0xa5, sizeof before);
	ck_assert_ds_err(ds_catalog_diff_at(&change, d, 3), DS_ERANGE);
	ck_assert_ptr_nonnull(strstr(ds_error_last()->message, "index 3"));
	ck_assert_ptr_nonnull(strstr(ds_error_last()->message, "has 3"));
	ck_assert_ds_err(ds_catalog_diff_at(&change, d, (size_t)-1), DS_ERANGE);
	ck_assert_ds_err(ds_catalog_diff_at(&change, NULL, 0), DS_EINVAL);
	ck_assert_int_eq(memcmp(&change, &before, sizeof change), 0);
	ck_assert_ds_err(ds_catalog_diff_at(NULL, d, 0), DS_EINVAL);
	ds_catalog_diff_free(d);
	ck_assert_ds_ok(ds_catalog_diff_new(&d, old_c, old_c));
	ck_assert_uint_eq(ds_catalog_diff_count(d), 0);
	ds_catalog_diff_free(d);
	ck_assert_ds_err(ds_catalog_diff_new(&d, NULL, old_c), DS_EINVAL);
	ds_catalog_diff_free(NULL);
	ds_catalog_free(old_c);
	ds_catalog_free(new_c);
}
END_TEST

START_TEST(merge_updates)
{
	ds_catalog *target = parse("<catalog xmlns='urn:datasset:catalog:1'><title>旧</title>"
				   "<resource><identifier>A</identifier><title>a</title></resource>"
				   "<resource><identifier>B</identifier><title>b</title></resource>"
				   "<resource><title>no id</title></resource>"
				   "<resource><identifier>C</identifier><title>c</title></resource></catalog>");
	ds_catalog *update = parse("<catalog xmlns='urn:datasset:catalog:1'><title>新</title>"
				   "<resource><identifier>D</identifier><title>d</title></resource>"
				   "<resource><identifier>B</identifier><title>b2</title></resource>"
				   "<resource><title>ignored</title></resource>"
				   "<resource><identifier>A</identifier><title>a</title></resource></catalog>");
	ds_catalog *snapshot = NULL;
	ds_catalog_diff *d = NULL;
	ds_catalog_change change;
	size_t index;

	/* A partial update: B changes in place, D is appended, C stays. */
	ck_assert_ds_ok(ds_catalog_merge(&d, target, update, 0));
	ck_assert_uint_eq(ds_catalog_count(target), 5);
	ck_assert_str_eq(ds_resource_get(entry_at(target, 1), DS_FIELD_TITLE), "b2");
	ck_assert_str_eq(ds_resource_get(entry_at(target, 2), DS_FIELD_TITLE), "no id");
	ck_assert_str_eq(ds_resource_get(entry_at(target, 4), DS_FIELD_IDENTIFIER), "D");
	ck_assert_ds_ok(ds_catalog_find(&index, target, "D"));
	ck_assert_uint_eq(index, 4);
	ck_assert_str_eq(ds_catalog_title(target), "旧");
	ck_assert_uint_eq(ds_catalog_diff_count(d), 2);
	ck_assert_ds_ok(ds_catalog_diff_at(&change, d, 0));
	ck_assert_int_eq(change.kind, DS_CHANGE_CHANGED);
	ck_assert_str_eq(change.identifier, "B");
	ck_assert_str_eq(change.fields, "title");
	ck_assert_ds_ok(ds_catalog_diff_at(&change, d, 1));
	ck_assert_int_eq(change.kind, DS_CHANGE_ADDED);
	ck_assert_str_eq(change.identifier, "D");
	ds_catalog_diff_free(d);

	/* A full snapshot: C goes; merging the same snapshot again changes nothing. */
	ck_assert_ds_ok(ds_catalog_merge(&d, target, update, DS_MERGE_REMOVE_MISSING));
	ck_assert_uint_eq(ds_catalog_diff_count(d), 1);
	ck_assert_ds_ok(ds_catalog_diff_at(&change, d, 0));
	ck_assert_int_eq(change.kind, DS_CHANGE_REMOVED);
	ck_assert_str_eq(change.identifier, "C");
	ds_catalog_diff_free(d);
	ck_assert_uint_eq(ds_catalog_count(target), 4);
	ck_assert_ds_err(ds_catalog_find(&index, target, "C"), DS_ENOTFOUND);
	ck_assert_ds_ok(ds_catalog_merge(&d, target, update, DS_MERGE_REMOVE_MISSING));
	ck_assert_uint_eq(ds_catalog_diff_count(d), 0);
	ds_catalog_diff_free(d);
	d = (ds_catalog_diff *)&index;
	ck_assert_ds_err(ds_catalog_merge(&d, target, update, 0x4), DS_EINVAL);
	ck_assert_ptr_eq(d, (ds_catalog_diff *)&index);
	ck_assert_ds_err(ds_catalog_merge(NULL, NULL, update, 0), DS_EINVAL);
	ck_assert_ds_err(ds_catalog_merge(NULL, target, NULL, 0), DS_EINVAL);
	ck_assert_uint_eq(ds_catalog_count(target), 4);

	/* The update is copied: freeing it leaves the merged entries intact. */
	ck_assert_ds_ok(ds_catalog_new(&snapshot));
	ck_assert_ds_ok(ds_catalog_merge(NULL, snapshot, update, 0));
	ds_catalog_free(update);
	ck_assert_uint_eq(ds_catalog_count(snapshot), 3);
	ck_assert_str_eq(ds_resource_get(entry_at(snapshot, 1), DS_FIELD_TITLE), "b2");
	ds_catalog_free(snapshot);
	ds_catalog_free(target);
}
END_TEST

static Suite *catalog_suite(void)
{
	Suite *s = suite_create("catalog");
	TCase *tc = tcase_create("entries");

	tcase_add_test(tc, field_names_round_trip);
	tcase_add_test(tc, set_get_normalises_and_clears);
	tcase_add_test(tc, set_rejects_bad_text_and_changes_nothing);
	tcase_add_test(tc, lists_add_remove);
	tcase_add_test(tc, lists_at_errors);
	tcase_add_test(tc, items_insert_remove_move);
	tcase_add_test(tc, extensions_set_replace_remove);
	tcase_add_test(tc, dup_and_equal);
	tcase_add_test(tc, catalog_index);
	tcase_add_test(tc, catalog_at);
	suite_add_tcase(s, tc);

	tc = tcase_create("validation");
	tcase_add_test(tc, valid_documents_pass);
	tcase_add_loop_test(tc, each_bad_fixture_breaks_its_rule, 0,
			    (int)(sizeof bad_fixtures / sizeof bad_fixtures[0]));
	tcase_add_test(tc, gbt21063_is_the_core);
	tcase_add_test(tc, validation_reports_everything);
	tcase_add_test(tc, online_link_is_an_absolute_uri);
	tcase_add_test(tc, bad_profiles_are_refused);
	suite_add_tcase(s, tc);

	tc = tcase_create("documents");
	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, bad_documents_name_line_and_field);
	tcase_add_test(tc, round_trip_fixtures);
	tcase_add_test(tc, round_trip_api_built);
	tcase_add_test(tc, csv_export);
	tcase_add_test(tc, stream_large_catalogue);
	tcase_add_test(tc, validate_and_search_files);
	tcase_add_test(tc, dcat_round_trip);
	tcase_add_test(tc, dcat_import_ckan_style);
	tcase_add_test(tc, dcat_import_is_linear);
	tcase_add_test(tc, dcat_import_errors);
	tcase_add_test(tc, dcat_import_terms);
	tcase_add_test(tc, dcat_import_keeps_graph);
	tcase_add_test(tc, dcat_stream_relations_as_in_memory);
	tcase_add_test(tc, dcat_stream_fixtures);
	tcase_add_test(tc, dcat_stream_decisions);
	tcase_add_test(tc, dcat_stream_repeated_runs);
	tcase_add_test(tc, dcat_stream_bounded_memory);
	suite_add_tcase(s, tc);

	tc = tcase_create("search");
	tcase_add_test(tc, pinyin_sort_order);
	tcase_add_test(tc, pinyin_text);
	tcase_add_test(tc, search_criteria);
	tcase_add_test(tc, search_after_replace);
	tcase_add_test(tc, diff_catalogues);
	tcase_add_test(tc, merge_updates);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return tu_run(catalog_suite());
}
