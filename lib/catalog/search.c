/*
 * Chinese-aware search and sort: NFKC case-folded substrings, pinyin (full and
 * initials) through ICU's Han-Latin transliterator, and ICU "zh" collation.
 * Keys are built once per entry and cached until the entry changes.
 * SPDX-License-Identifier: MIT
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <unicode/ucol.h>
#include <unicode/unorm2.h>
#include <unicode/ustring.h>
#include <unicode/utrans.h>

#include "catalog/catalog_internal.h"

/* The tools every key needs, opened once per search or sort, not per entry. */
/* CJK Unified Ideographs, the block nearly every title's characters are in. */
#define HAN_FIRST 0x4E00
#define HAN_LAST 0x9FFF

typedef struct key_tools {
	const UNormalizer2 *fold;
	UTransliterator *pinyin;
	UCollator *collator;
	/* The pinyin of each ideograph, transliterated on first use: titles share
	 * their characters, and one transliteration per title costs ~100 us. */
	char **han;
} key_tools;

static int icu_failed(UErrorCode status, const char *what)
{
	ds__error(DS_EINTERNAL, "ICU %s failed: %s", what, u_errorName(status));
	ds__error_cause("icu", (long)status);
	return DS_EINTERNAL;
}

static void tools_close(key_tools *t)
{
	size_t i;

	if (t->han) {
		for (i = 0; i <= HAN_LAST - HAN_FIRST; i++)
			ds__free(t->han[i]);
		ds__free(t->han);
	}
	if (t->pinyin)
		utrans_close(t->pinyin);
	if (t->collator)
		ucol_close(t->collator);
	memset(t, 0, sizeof *t);
}

static int tools_open(key_tools *t)
{
	static const UChar id[] = { 'H', 'a', 'n', '-', 'L', 'a', 't', 'i', 'n', ';', ' ', 'L', 'a', 't', 'i',
				    'n', '-', 'A', 'S', 'C', 'I', 'I', ';', ' ', 'L', 'o', 'w', 'e', 'r', 0 };
	UErrorCode status = U_ZERO_ERROR;
	int rc;

	memset(t, 0, sizeof *t);
	if ((rc = ds__init()) < 0)
		return rc;
	t->fold = unorm2_getNFKCCasefoldInstance(&status);
	if (U_FAILURE(status))
		return icu_failed(status, "NFKC_Casefold");
	t->pinyin = utrans_openU(id, -1, UTRANS_FORWARD, NULL, 0, NULL, &status);
	if (U_FAILURE(status)) {
		tools_close(t);
		return icu_failed(status, "transliterator Han-Latin");
	}
	t->collator = ucol_open("zh", &status);
	if (U_FAILURE(status)) {
		tools_close(t);
		return icu_failed(status, "collator zh");
	}
	if (!(t->han = ds__calloc(HAN_LAST - HAN_FIRST + 1, sizeof *t->han))) {
		tools_close(t);
		return ds__enomem();
	}
	return DS_OK;
}

/* UTF-8 to a new UTF-16 buffer with room for @extra more units. */
static int to_utf16(UChar **out, int32_t *len, const char *text, int32_t extra)
{
	UErrorCode status = U_ZERO_ERROR;
	int32_t n = 0;

	u_strFromUTF8(NULL, 0, &n, text, -1, &status);
	if (status != U_BUFFER_OVERFLOW_ERROR && U_FAILURE(status))
		return ds__error(DS_EPARSE, "invalid UTF-8 in search text");
	status = U_ZERO_ERROR;
	if (!(*out = ds__malloc(((size_t)n + (size_t)extra + 1) * sizeof(UChar))))
		return ds__enomem();
	u_strFromUTF8(*out, n + extra + 1, len, text, -1, &status);
	if (U_FAILURE(status)) {
		ds__free(*out);
		*out = NULL;
		return ds__error(DS_EPARSE, "invalid UTF-8 in search text");
	}
	return DS_OK;
}

static int to_utf8(char **out, const UChar *text, int32_t len)
{
	UErrorCode status = U_ZERO_ERROR;
	int32_t n = 0;

	u_strToUTF8(NULL, 0, &n, text, len, &status);
	status = U_ZERO_ERROR;
	if (!(*out = ds__malloc((size_t)n + 1)))
		return ds__enomem();
	u_strToUTF8(*out, n + 1, NULL, text, len, &status);
	if (U_FAILURE(status)) {
		ds__free(*out);
		*out = NULL;
		return icu_failed(status, "UTF-16 to UTF-8");
	}
	return DS_OK;
}

/* NFKC + case folding: full-width and half-width forms and cases match. */
static int fold(char **out, const key_tools *t, const char *text)
{
	UErrorCode status = U_ZERO_ERROR;
	UChar *src = NULL, *dst = NULL;
	int32_t len, n;
	int rc;

	*out = NULL;
	if ((rc = to_utf16(&src, &len, text ? text : "", 0)) < 0)
		return rc;
	n = unorm2_normalize(t->fold, src, len, NULL, 0, &status);
	status = U_ZERO_ERROR;
	if (!(dst = ds__malloc(((size_t)n + 1) * sizeof(UChar)))) {
		rc = ds__enomem();
		goto done;
	}
	unorm2_normalize(t->fold, src, len, dst, n + 1, &status);
	if (U_FAILURE(status)) {
		rc = icu_failed(status, "NFKC_Casefold");
		goto done;
	}
	rc = to_utf8(out, dst, n);
done:
	ds__free(src);
	ds__free(dst);
	return rc;
}

/* Pinyin of @text, lower case ASCII, syllables separated by spaces. */
static int pinyin(char **out, const key_tools *t, const char *text)
{
	UErrorCode status = U_ZERO_ERROR;
	UChar *buf = NULL;
	int32_t len, cap, limit;
	int rc;

	*out = NULL;
	if ((rc = to_utf16(&buf, &len, text, 0)) < 0)
		return rc;
	/* Han-Latin writes up to six letters and a space for each character. */
	cap = len * 8 + 16;
	{
		UChar *grown = ds__realloc(buf, (size_t)cap * sizeof(UChar));
		if (!grown) {
			ds__free(buf);
			return ds__enomem();
		}
		buf = grown;
	}
	limit = len;
	utrans_transUChars(t->pinyin, buf, &len, cap, 0, &limit, &status);
	if (status == U_BUFFER_OVERFLOW_ERROR) {
		/* Unusually long expansions (ligatures, enclosed forms): start again with room for all. */
		int32_t original_len = 0;
		UChar *again = NULL;
		ds__free(buf);
		buf = NULL;
		status = U_ZERO_ERROR;
		if ((rc = to_utf16(&again, &original_len, text, 0)) < 0)
			return rc;
		cap = original_len * 32 + 64;
		if (!(buf = ds__realloc(again, (size_t)cap * sizeof(UChar)))) {
			ds__free(again);
			return ds__enomem();
		}
		len = limit = original_len;
		utrans_transUChars(t->pinyin, buf, &len, cap, 0, &limit, &status);
	}
	if (U_FAILURE(status))
		rc = icu_failed(status, "transliteration Han-Latin");
	else
		rc = to_utf8(out, buf, len);
	ds__free(buf);
	return rc;
}

static int is_alnum(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
}

/* Append the letters and digits of @syllables to @full, and the first of each
 * run of them to @initials. */
static void add_syllables(ds__buf *full, ds__buf *initials, const char *syllables)
{
	int start = 1;

	for (; *syllables; syllables++) {
		if (is_alnum(*syllables)) {
			ds__buf_putc(full, *syllables);
			if (start)
				ds__buf_putc(initials, *syllables);
			start = 0;
		} else {
			start = 1;
		}
	}
}

/* A run of text that is not ideographs: ASCII only needs lower case, anything
 * else goes through the transliterator (Latin-ASCII folds accents and forms). */
static int add_run(ds__buf *full, ds__buf *initials, key_tools *t, ds__buf *run)
{
	char *syllables = NULL;
	size_t i;
	int rc, ascii = 1;

	for (i = 0; i < run->len; i++)
		if ((unsigned char)run->data[i] >= 0x80)
			ascii = 0;
	if (ascii) {
		for (i = 0; i < run->len; i++)
			if (run->data[i] >= 'A' && run->data[i] <= 'Z')
				run->data[i] = (char)(run->data[i] - 'A' + 'a');
		add_syllables(full, initials, run->data);
		ds__buf_clear(run);
		return DS_OK;
	}
	if ((rc = pinyin(&syllables, t, run->data)) == DS_OK)
		add_syllables(full, initials, syllables);
	ds__free(syllables);
	ds__buf_clear(run);
	return rc;
}

/* The pinyin keys of @title: each ideograph is one syllable (cached per tools);
 * other runs of text go through the transliterator whole (Latin-ASCII, lower case). */
static int title_keys(char **full_out, char **initials_out, key_tools *t, const char *title)
{
	ds__buf full = DS__BUF_INIT, initials = DS__BUF_INIT, run = DS__BUF_INIT;
	const char *s = title;
	int rc = DS_OK;

	while (*s && rc == DS_OK) {
		unsigned int cp = 0;
		size_t step = ds__utf8_decode(s, strlen(s), &cp);
		if (step == 0)
			return ds__error(DS_EPARSE, "invalid UTF-8 in a title");
		if (cp >= HAN_FIRST && cp <= HAN_LAST) {
			char **cached = &t->han[cp - HAN_FIRST];
			if (run.len && (rc = add_run(&full, &initials, t, &run)) < 0)
				break;
			if (!*cached) {
				char one[8];
				memcpy(one, s, step);
				one[step] = '\0';
				if ((rc = pinyin(cached, t, one)) < 0)
					break;
			}
			add_syllables(&full, &initials, *cached);
		} else {
			ds__buf_put(&run, s, step);
		}
		s += step;
	}
	if (rc == DS_OK && run.len)
		rc = add_run(&full, &initials, t, &run);
	ds__buf_dispose(&run);
	ds__buf_puts(&full, "");
	ds__buf_puts(&initials, "");
	if (rc == DS_OK && (full.oom || initials.oom || run.oom))
		rc = ds__enomem();
	if (rc == DS_OK && (rc = ds__buf_detach(full_out, &full)) == DS_OK &&
	    (rc = ds__buf_detach(initials_out, &initials)) < 0) {
		ds__free(*full_out);
		*full_out = NULL;
	}
	ds__buf_dispose(&full);
	ds__buf_dispose(&initials);
	return rc;
}

void cat__keys_free(cat_keys *k)
{
	if (!k)
		return;
	ds__free(k->folded);
	ds__free(k->pinyin);
	ds__free(k->initials);
	ds__free(k->provider);
	ds__free(k->category);
	ds__free(k->sort_key);
	ds__free(k);
}

static int build_keys(ds_resource *r, key_tools *t)
{
	ds__buf text = DS__BUF_INIT;
	cat_keys *k;
	UChar *title16 = NULL;
	int32_t title_len, key_len;
	size_t i;
	int rc;

	if (r->keys)
		return DS_OK;
	if (!(k = ds__calloc(1, sizeof *k)))
		return ds__enomem();
	/* One string for the substring search; U+0001 cannot occur in a field
	 * (cat__text refuses control characters), so no match spans two parts. */
	ds__buf_puts(&text, r->fields[DS_FIELD_TITLE] ? r->fields[DS_FIELD_TITLE] : "");
	ds__buf_putc(&text, '\x01');
	ds__buf_puts(&text, r->fields[DS_FIELD_ABSTRACT] ? r->fields[DS_FIELD_ABSTRACT] : "");
	for (i = 0; i < r->lists[DS_LIST_KEYWORDS].count; i++) {
		ds__buf_putc(&text, '\x01');
		ds__buf_puts(&text, r->lists[DS_LIST_KEYWORDS].values[i]);
	}
	if (text.oom) {
		rc = ds__enomem();
		goto done;
	}
	if ((rc = fold(&k->folded, t, text.data)) < 0 ||
	    (rc = fold(&k->provider, t, r->fields[DS_FIELD_PROVIDER_NAME])) < 0 ||
	    (rc = fold(&k->category, t, r->fields[DS_FIELD_CATEGORY_NAME])) < 0)
		goto done;
	if ((rc = title_keys(&k->pinyin, &k->initials, t, r->fields[DS_FIELD_TITLE] ? r->fields[DS_FIELD_TITLE] : "")) <
	    0)
		goto done;
	if ((rc = to_utf16(&title16, &title_len, r->fields[DS_FIELD_TITLE] ? r->fields[DS_FIELD_TITLE] : "", 0)) < 0)
		goto done;
	key_len = ucol_getSortKey(t->collator, title16, title_len, NULL, 0);
	if (!(k->sort_key = ds__malloc((size_t)key_len + 1))) {
		rc = ds__enomem();
		goto done;
	}
	ucol_getSortKey(t->collator, title16, title_len, k->sort_key, key_len + 1);
	k->sort_key_len = (size_t)key_len;
	r->keys = k;
	k = NULL;
done:
	cat__keys_free(k);
	ds__free(title16);
	ds__buf_dispose(&text);
	return rc;
}

static int build_all(ds_catalog *c, key_tools *t)
{
	size_t i;
	int rc = DS_OK;

	for (i = 0; i < c->count && rc == DS_OK; i++)
		rc = build_keys(c->entries[i], t);
	return rc;
}

int ds_text_pinyin(char **out, const char *text)
{
	key_tools t;
	int rc;

	if (!out || !text)
		return ds__error(DS_EINVAL, "ds_text_pinyin: NULL argument");
	if ((rc = tools_open(&t)) < 0)
		return rc;
	rc = pinyin(out, &t, text);
	tools_close(&t);
	return rc;
}

/* ---------------------------------------------------------------- search */

int ds_search_options_init(ds_search_options *opts, unsigned int version)
{
	static const ds_search_options defaults = DS_SEARCH_OPTIONS_INIT;

	if (!opts || version != DS_SEARCH_OPTIONS_VERSION)
		return ds__error(DS_EINVAL, "ds_search_options_init: NULL options or unknown version %u", version);
	*opts = defaults;
	return DS_OK;
}

/* A prepared query: folded text and its letters without spaces (for pinyin). */
typedef struct query {
	char *text;
	char *letters;
	char *provider;
	char *category;
} query;

static void query_dispose(query *q)
{
	ds__free(q->text);
	ds__free(q->letters);
	ds__free(q->provider);
	ds__free(q->category);
}

static int query_prepare(query *q, const key_tools *t, const ds_search_options *o)
{
	int rc;

	memset(q, 0, sizeof *q);
	if (o->text && (rc = fold(&q->text, t, o->text)) < 0)
		return rc;
	if (o->provider && (rc = fold(&q->provider, t, o->provider)) < 0)
		return rc;
	if (o->category && (rc = fold(&q->category, t, o->category)) < 0)
		return rc;
	if (q->text) {
		const char *s;
		size_t n = 0;
		int letters_only = 1;
		if (!(q->letters = ds__malloc(strlen(q->text) + 1)))
			return ds__enomem();
		for (s = q->text; *s; s++) {
			if (*s == ' ')
				continue;
			if (!is_alnum(*s))
				letters_only = 0;
			q->letters[n++] = *s;
		}
		q->letters[n] = '\0';
		if (!letters_only || !n) {
			ds__free(q->letters);
			q->letters = NULL;
		}
	}
	return DS_OK;
}

static int same_text(const char *value, const char *wanted)
{
	return value && strcmp(value, wanted) == 0;
}

static int matches(const ds_resource *r, const query *q, const ds_search_options *o)
{
	const cat_keys *k = r->keys;

	if (q->text && !strstr(k->folded, q->text) &&
	    !(q->letters && (strstr(k->initials, q->letters) || strstr(k->pinyin, q->letters))))
		return 0;
	if (q->provider && !strstr(k->provider, q->provider) &&
	    !same_text(r->fields[DS_FIELD_PROVIDER_CODE], o->provider))
		return 0;
	if (q->category && !strstr(k->category, q->category) &&
	    !(r->fields[DS_FIELD_CATEGORY_CODE] &&
	      strncmp(r->fields[DS_FIELD_CATEGORY_CODE], o->category, strlen(o->category)) == 0))
		return 0;
	if (o->share_type && !same_text(r->fields[DS_FIELD_SHARE_TYPE], o->share_type))
		return 0;
	if (o->open_type && !same_text(r->fields[DS_FIELD_OPEN_TYPE], o->open_type))
		return 0;
	if (o->update_cycle && !same_text(r->fields[DS_FIELD_UPDATE_CYCLE], o->update_cycle))
		return 0;
	return 1;
}

int ds_catalog_search(size_t **out, size_t *count, ds_catalog *c, const ds_search_options *opts)
{
	static const ds_search_options everything = DS_SEARCH_OPTIONS_INIT;
	key_tools t;
	query q;
	size_t *hits = NULL, n = 0, i;
	int rc;

	if (!out || !count || !c)
		return ds__error(DS_EINVAL, "ds_catalog_search: NULL argument");
	if (!opts)
		opts = &everything;
	if (opts->version != DS_SEARCH_OPTIONS_VERSION)
		return ds__error(DS_EINVAL, "ds_catalog_search: unknown options version %u", opts->version);
	memset(&q, 0, sizeof q);
	if ((rc = tools_open(&t)) < 0)
		return rc;
	if ((rc = query_prepare(&q, &t, opts)) < 0 || (rc = build_all(c, &t)) < 0)
		goto done;
	for (i = 0; i < c->count; i++) {
		if (!matches(c->entries[i], &q, opts))
			continue;
		if (!hits && !(hits = ds__malloc(c->count * sizeof *hits))) {
			rc = ds__enomem();
			goto done;
		}
		hits[n++] = i;
	}
	*out = hits;
	*count = n;
	hits = NULL;
done:
	ds__free(hits);
	query_dispose(&q);
	tools_close(&t);
	return rc;
}

typedef struct search_run {
	key_tools *tools;
	query *q;
	const ds_search_options *opts;
	ds_resource_callback callback;
	void *context;
} search_run;

static int search_entry(ds_resource *r, size_t index, void *context)
{
	search_run *s = context;
	int rc;

	if ((rc = build_keys(r, s->tools)) < 0)
		return rc;
	return matches(r, s->q, s->opts) ? s->callback(r, index, s->context) : DS_OK;
}

int ds_catalog_search_file(const char *path, const ds_search_options *opts, ds_resource_callback callback,
			   void *context)
{
	static const ds_search_options everything = DS_SEARCH_OPTIONS_INIT;
	search_run s = { NULL, NULL, NULL, callback, context };
	cat_ids *ids = NULL;
	key_tools t;
	query q;
	size_t count;
	int rc;

	if (!path || !callback)
		return ds__error(DS_EINVAL, "ds_catalog_search_file: NULL argument");
	if (!opts)
		opts = &everything;
	if (opts->version != DS_SEARCH_OPTIONS_VERSION)
		return ds__error(DS_EINVAL, "ds_catalog_search_file: unknown options version %u", opts->version);
	memset(&q, 0, sizeof q);
	if ((rc = tools_open(&t)) < 0)
		return rc;
	if ((rc = cat__ids_open(&ids)) < 0)
		goto done;
	s.tools = &t;
	s.q = &q;
	s.opts = opts;
	if ((rc = query_prepare(&q, &t, opts)) < 0) {
		/* a document that cannot be read is reported first, as ds_catalog_load() then
		 * ds_catalog_search() would; then the criterion again */
		query_dispose(&q);
		memset(&q, 0, sizeof q);
		if ((rc = cat__stream(&count, path, ids, NULL, NULL)) == DS_OK)
			rc = query_prepare(&q, &t, opts);
		goto done;
	}
	rc = cat__stream(&count, path, ids, search_entry, &s);
done:
	cat__ids_free(ids);
	query_dispose(&q);
	tools_close(&t);
	return rc;
}

/* ---------------------------------------------------------------- sort */

typedef struct sort_row {
	ds_resource *entry;
	size_t position; /* makes the sort stable */
} sort_row;

static int compare_ids(const char *a, const char *b)
{
	if (!a || !b)
		return a ? -1 : (b ? 1 : 0);
	return strcmp(a, b);
}

static int by_identifier(const void *pa, const void *pb)
{
	const sort_row *a = pa, *b = pb;
	int c = compare_ids(a->entry->fields[DS_FIELD_IDENTIFIER], b->entry->fields[DS_FIELD_IDENTIFIER]);

	return c ? c : (a->position > b->position) - (a->position < b->position);
}

static int by_pinyin(const void *pa, const void *pb)
{
	const sort_row *a = pa, *b = pb;
	const cat_keys *ka = a->entry->keys, *kb = b->entry->keys;
	size_t n = ka->sort_key_len < kb->sort_key_len ? ka->sort_key_len : kb->sort_key_len;
	int c = memcmp(ka->sort_key, kb->sort_key, n);

	if (!c)
		c = (ka->sort_key_len > kb->sort_key_len) - (ka->sort_key_len < kb->sort_key_len);
	if (!c)
		c = compare_ids(a->entry->fields[DS_FIELD_IDENTIFIER], b->entry->fields[DS_FIELD_IDENTIFIER]);
	return c ? c : (a->position > b->position) - (a->position < b->position);
}

int ds_catalog_sort(ds_catalog *c, ds_sort order)
{
	key_tools t;
	sort_row *rows = NULL;
	size_t i;
	int rc = DS_OK;

	if (!c || ((int)order != DS_SORT_IDENTIFIER && order != DS_SORT_PINYIN))
		return ds__error(DS_EINVAL, "ds_catalog_sort: NULL catalogue or unknown order");
	if (c->count < 2)
		return DS_OK;
	if (order == DS_SORT_PINYIN) {
		if ((rc = tools_open(&t)) < 0)
			return rc;
		rc = build_all(c, &t);
		tools_close(&t);
		if (rc < 0)
			return rc;
	}
	if (!(rows = ds__malloc(c->count * sizeof *rows)))
		return ds__enomem();
	for (i = 0; i < c->count; i++) {
		rows[i].entry = c->entries[i];
		rows[i].position = i;
	}
	qsort(rows, c->count, sizeof *rows, order == DS_SORT_PINYIN ? by_pinyin : by_identifier);
	for (i = 0; i < c->count; i++)
		c->entries[i] = rows[i].entry;
	if ((rc = cat__reindex(c)) < 0) {
		/* Put the entries back so that the index stays true. */
		for (i = 0; i < c->count; i++)
			c->entries[rows[i].position] = rows[i].entry;
	}
	ds__free(rows);
	return rc;
}
