/** @file
 * libdatasset — the metadata catalogue (政务元数据): catalogue entries
 * (信息资源) with their 信息项, catalogues with a unique identifier index,
 * profiles (validation rules as data), native XML import and export, CSV
 * export, search, Chinese (pinyin) sort and diff.
 * SPDX-License-Identifier: MIT
 *
 * Text: every string stored in an entry is valid UTF-8 normalised to NFC and
 * trimmed of leading and trailing XML whitespace (space, tab, CR, LF); setters
 * validate and normalise their input. Invalid UTF-8 and the control characters
 * XML 1.0 cannot carry (U+0001 to U+001F except tab, LF, CR) are DS_EPARSE, so
 * that every value survives export and import.
 * An empty string and an absent value are the same thing: setting "" or NULL
 * clears a field, and getters return NULL for a field that is not set.
 *
 * Setters do not apply profile rules (mandatory fields, code lists, lengths,
 * patterns): an entry may hold any text, so that a catalogue with many faults
 * can be loaded and ds_catalog_validate() can report them all at once.
 *
 * Thread-safety: every function is reentrant. A ds_resource, ds_catalog,
 * ds_profile, ds_catalog_report or ds_catalog_diff is used by one thread at a time
 * (searching and sorting build cached keys inside the catalogue). A ds_profile
 * is only read after it is loaded and may be shared by threads that only
 * validate with it.
 */
#ifndef DATASSET_CATALOG_H
#define DATASSET_CATALOG_H

#include "common.h"

#ifdef __cplusplus
extern "C" {
#endif

/** One catalogue entry (信息资源) with its 信息项. Opaque; ds_resource_new(). */
typedef struct ds_resource ds_resource;
/** A set of entries with a unique identifier index. Opaque; ds_catalog_new(). */
typedef struct ds_catalog ds_catalog;
/** Validation rules loaded from a profile document. Opaque; ds_profile_load(). */
typedef struct ds_profile ds_profile;
/** The problems ds_catalog_validate() found. Opaque. */
typedef struct ds_catalog_report ds_catalog_report;
/** The differences between two catalogues. Opaque; ds_catalog_diff_new() or ds_catalog_merge(). */
typedef struct ds_catalog_diff ds_catalog_diff;

/**
 * The single-valued text fields of an entry (metadata.md, "The catalogue entry").
 * The values are part of the ABI; new fields are only appended before DS_FIELD_COUNT.
 * ds_field_name() gives the name used in documents, field paths and profiles.
 */
typedef enum ds_field {
	DS_FIELD_IDENTIFIER = 0,      /**< "identifier": 信息资源代码, unique in a catalogue */
	DS_FIELD_METADATA_ID,	      /**< "metadata_id": 元数据标识符 */
	DS_FIELD_TITLE,		      /**< "title": 信息资源名称 */
	DS_FIELD_ABSTRACT,	      /**< "abstract": 信息资源摘要 */
	DS_FIELD_PROVIDER_NAME,	      /**< "provider_name": 信息资源提供方 */
	DS_FIELD_PROVIDER_CODE,	      /**< "provider_code": 统一社会信用代码 or government unit code */
	DS_FIELD_PROVIDER_DEPARTMENT, /**< "provider_department": the provider's internal department */
	DS_FIELD_CATEGORY_SCHEME,     /**< "category_scheme": 分类方式 (e.g. 主题分类) */
	DS_FIELD_CATEGORY_CODE,	      /**< "category_code": 类/项/目/细目 code */
	DS_FIELD_CATEGORY_NAME,	      /**< "category_name": the class's name */
	DS_FIELD_FORMAT,	      /**< "format": 信息资源格式 (电子表格, 数据库, 接口, ...) */
	DS_FIELD_ONLINE_LINK,	      /**< "online_link": 在线资源链接地址 (a URI) */
	DS_FIELD_SERVICE_ADDRESS,     /**< "service_address": 服务地址 */
	DS_FIELD_SERVICE_TYPE,	      /**< "service_type": 服务类型 */
	DS_FIELD_METADATA_CONTACT,    /**< "metadata_contact": 元数据维护方 */
	DS_FIELD_METADATA_DATE,	      /**< "metadata_date": 元数据更新日期, YYYY-MM-DD */
	DS_FIELD_SHARE_TYPE,	  /**< "share_type": 共享类型 (无条件共享 / 有条件共享 / 不予共享) */
	DS_FIELD_SHARE_CONDITION, /**< "share_condition": 共享条件 */
	DS_FIELD_SHARE_MODE,	  /**< "share_mode": 共享方式 */
	DS_FIELD_OPEN_TYPE,	  /**< "open_type": 开放属性 (无条件开放 / 有条件开放 / 不予开放) */
	DS_FIELD_OPEN_CONDITION,  /**< "open_condition": 开放条件 */
	DS_FIELD_UPDATE_CYCLE,	  /**< "update_cycle": 更新周期 */
	DS_FIELD_PUBLISHED,	  /**< "published": 发布日期, YYYY-MM-DD */
	DS_FIELD_SECURITY_CLASS,  /**< "security_class": 分类分级 (一般数据 / 重要数据 / 核心数据) */
	DS_FIELD_PERSONAL_INFO,	  /**< "personal_info": 是否含个人信息 ("true" / "false") */
	DS_FIELD_COUNT		  /**< the number of fields; not a field */
} ds_field;

/**
 * The name of a field ("share_type").
 * @return a static string, or NULL for a value that is not a field.
 * Thread-safety: reentrant.
 */
DS_EXTERN const char *ds_field_name(ds_field field);

/**
 * The field with the name @p name.
 * @param out  receives the field; unchanged on failure.
 * @return DS_OK; DS_ENOTFOUND for an unknown name; DS_EINVAL for NULL.
 */
DS_EXTERN int ds_field_from_name(ds_field *out, const char *name);

/* ------------------------------------------------------------------ entries */

/**
 * Create an empty entry (every field unset, no 信息项).
 * @param out receives the entry; free it with ds_resource_free().
 * @return DS_OK, DS_EINVAL for NULL, or DS_ENOMEM.
 */
DS_EXTERN int ds_resource_new(ds_resource **out);

/**
 * Create a deep copy of @p resource (fields, keywords, related codes, 信息项, extensions).
 * @param out receives the copy; free it with ds_resource_free().
 * @return DS_OK, DS_EINVAL for NULL, or DS_ENOMEM.
 */
DS_EXTERN int ds_resource_dup(ds_resource **out, const ds_resource *resource);

/** Free an entry. @param resource the entry, or NULL (no-op). Never free an entry a catalogue owns. */
DS_EXTERN void ds_resource_free(ds_resource *resource);

/**
 * Set, replace or clear a text field.
 * @param resource the entry; not owned by a catalogue (catalogue entries are read-only).
 * @param field    the field.
 * @param value    UTF-8 text, stored NFC-normalised; NULL or "" clears the field.
 * @return DS_OK; DS_EPARSE for invalid UTF-8 or a control character (the message names the
 *         field and the byte; ds_error_last()->field is the field's name);
 *         DS_EINVAL for a NULL entry or an unknown field; DS_ENOMEM. On failure the
 *         entry is unchanged.
 */
DS_EXTERN int ds_resource_set(ds_resource *resource, ds_field field, const char *value);

/**
 * A text field's value.
 * @return the NFC text, borrowed: valid until the field changes or the entry is
 *         freed; NULL when the field is not set, the entry is NULL or the field unknown.
 */
DS_EXTERN const char *ds_resource_get(const ds_resource *resource, ds_field field);

/**
 * Multi-valued fields: keywords (关键字) and related resource codes (关联资源代码).
 * Values keep the order they were added in; duplicates are refused.
 */
typedef enum ds_list {
	DS_LIST_KEYWORDS = 0, /**< "keyword" */
	DS_LIST_RELATED = 1   /**< "related": identifiers of other entries in the same catalogue */
} ds_list;

/**
 * Append a value to a list.
 * @param value UTF-8 text, not empty; stored NFC-normalised.
 * @return DS_OK; DS_EEXISTS when the list holds the value already; DS_EPARSE for
 *         invalid UTF-8; DS_EINVAL for NULL, "" or an unknown list; DS_ENOMEM.
 *         On failure the entry is unchanged.
 */
DS_EXTERN int ds_resource_list_add(ds_resource *resource, ds_list list, const char *value);

/**
 * Remove the value at @p index from a list (later values move down by one).
 * @return DS_OK; DS_ERANGE for an index past the end (the message names the index and the
 *         count; the list is unchanged); DS_EINVAL for NULL or an unknown list.
 */
DS_EXTERN int ds_resource_list_remove(ds_resource *resource, ds_list list, size_t index);

/** The number of values in a list (0 for NULL or an unknown list). */
DS_EXTERN size_t ds_resource_list_count(const ds_resource *resource, ds_list list);

/**
 * The value at @p index in a list (values keep the order they were added in).
 * @param out      receives the value, borrowed: valid until the list changes or the entry
 *                 is freed; unchanged on failure.
 * @param resource the entry.
 * @param list     DS_LIST_KEYWORDS or DS_LIST_RELATED.
 * @param index    0-based, below ds_resource_list_count().
 * @return DS_OK; DS_ERANGE for an index past the end (the message names the index and the
 *         count); DS_EINVAL for a NULL @p out or @p resource or an unknown list.
 * Thread-safety: reentrant; only reads @p resource.
 */
DS_EXTERN int ds_resource_list_at(const char **out, const ds_resource *resource, ds_list list, size_t index);

/** One 信息项 (data item) of an entry, as ds_resource_item_at() shows it. */
typedef struct ds_item {
	const char *name;	 /**< 信息项名称; never NULL */
	const char *type;	 /**< data type code (C, N, Y, D, T, L, M, G, B, I, F by default); NULL when unset */
	long length;		 /**< 数据长度; 0 when unset */
	const char *description; /**< 描述; NULL when unset */
} ds_item;

/**
 * Insert a 信息项.
 * @param position    index it takes (0 = first); (size_t)-1 or the count appends.
 * @param name        its name, not empty; NFC-normalised.
 * @param type        its data type code, or NULL.
 * @param length      its length, 0 to 1,000,000,000 (0 = unset).
 * @param description its description, or NULL.
 * @return DS_OK; DS_EEXISTS when the entry has an item with that name; DS_ERANGE for a
 *         negative or too large length or a position past the end; DS_EPARSE for invalid
 *         UTF-8; DS_EINVAL for NULL or an empty name; DS_ENOMEM. On failure nothing changes.
 */
DS_EXTERN int ds_resource_item_insert(ds_resource *resource, size_t position, const char *name, const char *type,
				      long length, const char *description);

/**
 * Remove the 信息项 at @p index.
 * @return DS_OK; DS_ERANGE for an index past the end (the message names the index and the
 *         count; nothing changes); DS_EINVAL for NULL.
 */
DS_EXTERN int ds_resource_item_remove(ds_resource *resource, size_t index);

/**
 * Move the 信息项 at @p from so that it ends at index @p to (the others keep their order).
 * @return DS_OK; DS_ERANGE when @p from or @p to is past the end (the message names both and
 *         the count; nothing changes); DS_EINVAL for NULL.
 */
DS_EXTERN int ds_resource_item_move(ds_resource *resource, size_t from, size_t to);

/** The number of 信息项 (0 for NULL). */
DS_EXTERN size_t ds_resource_item_count(const ds_resource *resource);

/**
 * A view of the 信息项 at @p index.
 * @param out receives borrowed pointers valid until the entry's items change or it is freed;
 *            unchanged on failure.
 * @return DS_OK; DS_ERANGE for an index past the end (the message names the index and the
 *         count); DS_EINVAL for NULL.
 */
DS_EXTERN int ds_resource_item_at(ds_item *out, const ds_resource *resource, size_t index);

/**
 * Set, replace or remove an extension field: a namespaced key/value that lets a
 * province add fields without a release. Extensions keep the order they were first set in.
 * @param ns    a namespace URI (e.g. "urn:jinan:catalog"), not empty.
 * @param key   the key, not empty.
 * @param value the value; NULL or "" removes the extension.
 * @return DS_OK; DS_EPARSE for invalid UTF-8; DS_EINVAL for NULL or empty ns/key; DS_ENOMEM.
 */
DS_EXTERN int ds_resource_extension_set(ds_resource *resource, const char *ns, const char *key, const char *value);

/** An extension's value (borrowed, valid until it changes), or NULL when it is not set. */
DS_EXTERN const char *ds_resource_extension_get(const ds_resource *resource, const char *ns, const char *key);

/** The number of extensions (0 for NULL). */
DS_EXTERN size_t ds_resource_extension_count(const ds_resource *resource);

/**
 * One extension of an entry, as ds_resource_extension_at() copies it. The strings are
 * borrowed from the entry. This struct does not grow.
 */
typedef struct ds_extension {
	const char *ns;	   /**< the namespace URI; never NULL */
	const char *key;   /**< the key; never NULL */
	const char *value; /**< the value; never NULL */
} ds_extension;

/**
 * The extension at @p index (extensions keep the order they were first set in).
 * @param out      receives a copy of the extension; its strings are borrowed: valid until
 *                 the entry's extensions change or the entry is freed. Unchanged on failure.
 * @param resource the entry.
 * @param index    0-based, below ds_resource_extension_count().
 * @return DS_OK; DS_ERANGE for an index past the end (the message names the index and the
 *         count); DS_EINVAL for a NULL @p out or @p resource.
 * Thread-safety: reentrant; only reads @p resource.
 */
DS_EXTERN int ds_resource_extension_at(ds_extension *out, const ds_resource *resource, size_t index);

/**
 * Compare two entries field by field (text fields, lists in order, 信息项 in order,
 * extensions in order).
 * @return 1 when equal, 0 otherwise (or when either is NULL).
 */
DS_EXTERN int ds_resource_equal(const ds_resource *a, const ds_resource *b);

/* ------------------------------------------------------------------ catalogues */

/**
 * Create an empty catalogue.
 * @param out receives the catalogue; free it with ds_catalog_free().
 * @return DS_OK, DS_EINVAL for NULL, or DS_ENOMEM.
 */
DS_EXTERN int ds_catalog_new(ds_catalog **out);

/** Free a catalogue and every entry it owns. @param catalog the catalogue, or NULL. */
DS_EXTERN void ds_catalog_free(ds_catalog *catalog);

/**
 * Set or clear the catalogue's own title (目录名称); NULL or "" clears it.
 * @return DS_OK; DS_EPARSE for invalid UTF-8; DS_EINVAL for NULL; DS_ENOMEM.
 */
DS_EXTERN int ds_catalog_set_title(ds_catalog *catalog, const char *title);

/** The catalogue's title (borrowed), or NULL when unset. */
DS_EXTERN const char *ds_catalog_title(const ds_catalog *catalog);

/**
 * Append an entry; the catalogue takes ownership of it on success.
 * An entry with an identifier is indexed by it; an entry without one is kept (so that
 * validation can report it) but cannot be found by identifier.
 * @return DS_OK; DS_EEXISTS when another entry has the same identifier (the message
 *         names it); DS_EINVAL for NULL; DS_ENOMEM. On failure the caller still owns @p resource.
 */
DS_EXTERN int ds_catalog_add(ds_catalog *catalog, ds_resource *resource);

/**
 * Replace the entry at @p index with @p resource (the old entry is freed); the catalogue
 * takes ownership of @p resource on success. To edit an entry: ds_resource_dup() it,
 * change the copy, replace.
 * @return DS_OK; DS_ERANGE for an index past the end (the message names the index and the
 *         count); DS_EEXISTS when another entry has @p resource's identifier; DS_EINVAL for
 *         NULL; DS_ENOMEM. On failure nothing changes and the caller still owns @p resource.
 */
DS_EXTERN int ds_catalog_replace(ds_catalog *catalog, size_t index, ds_resource *resource);

/**
 * Remove and free the entry at @p index (later entries move down by one).
 * @return DS_OK; DS_ERANGE for an index past the end (the message names the index and the
 *         count; nothing changes); DS_EINVAL for NULL; DS_ENOMEM.
 */
DS_EXTERN int ds_catalog_remove(ds_catalog *catalog, size_t index);

/** The number of entries (0 for NULL). */
DS_EXTERN size_t ds_catalog_count(const ds_catalog *catalog);

/**
 * The entry at @p index, in catalogue order.
 * @param out     receives the entry, read-only and borrowed from the catalogue: valid until
 *                the catalogue changes or is freed (never free it). Unchanged on failure.
 * @param catalog the catalogue.
 * @param index   0-based, below ds_catalog_count().
 * @return DS_OK; DS_ERANGE for an index past the end (the message names the index and the
 *         count); DS_EINVAL for a NULL @p out or @p catalog.
 * Thread-safety: reentrant; only reads @p catalog.
 */
DS_EXTERN int ds_catalog_at(const ds_resource **out, const ds_catalog *catalog, size_t index);

/**
 * Find an entry by identifier (exact match after NFC normalisation), in constant time.
 * @param index receives the entry's index; unchanged on failure.
 * @return DS_OK; DS_ENOTFOUND (the message names the identifier); DS_EPARSE for an
 *         identifier that is not valid UTF-8; DS_EINVAL for NULL.
 */
DS_EXTERN int ds_catalog_find(size_t *index, const ds_catalog *catalog, const char *identifier);

/* ------------------------------------------------------------------ documents */

/**
 * Read a native catalogue document (namespace urn:datasset:catalog:1, schemas/catalog.xsd).
 * The document is read with a streaming reader, one entry at a time, and checked against
 * the XSD as it goes; the file must not contain a DOCTYPE. Profile rules are not applied
 * (see ds_catalog_validate()).
 * @param out  receives a new catalogue; free it with ds_catalog_free(). Unchanged on failure.
 * @param path the file.
 * @return DS_OK; DS_EIO when the file cannot be read; DS_EPARSE for XML that is not
 *         well-formed, holds a DOCTYPE, fails the schema or holds text that is not valid
 *         UTF-8 or a control character, or an empty keyword or related code; DS_EEXISTS
 *         for a repeated identifier (or a 信息项 name, keyword, related code or extension
 *         repeated in one entry); DS_ERANGE past the size/depth limits.
 *         ds_error_last() gives the line, column and field path of the fault.
 */
DS_EXTERN int ds_catalog_load(ds_catalog **out, const char *path);

/**
 * As ds_catalog_load() for a document held in memory.
 * @param name the name used in messages (e.g. a file name); may be NULL.
 */
DS_EXTERN int ds_catalog_parse(ds_catalog **out, const char *data, size_t len, const char *name);

/**
 * Called by ds_catalog_load_each() for every entry, in document order.
 * @param resource the entry, owned by the reader: valid only during the call
 *                 (ds_resource_dup() it to keep it).
 * @param index    its 0-based position in the document.
 * @param context  the caller's pointer.
 * @return DS_OK to continue; any negative code stops the reading and becomes
 *         ds_catalog_load_each()'s result.
 */
typedef int (*ds_resource_callback)(const ds_resource *resource, size_t index, void *context);

/**
 * Stream a native catalogue document entry by entry without keeping the entries: memory
 * does not grow with the number of entries (for importing into a store).
 * Identifiers are not checked for uniqueness (a store does that).
 * @param title    receives the catalogue's title, caller-owned (free with ds_free()), or NULL
 *                 when it has none; set only on success. May be NULL when the title is not wanted.
 * @param path     the file.
 * @param callback called for every entry, in document order.
 * @param context  passed to @p callback.
 * @return DS_OK; the errors of ds_catalog_load(); DS_EINVAL for a NULL @p path or @p callback;
 *         or @p callback's code.
 * Thread-safety: reentrant.
 */
DS_EXTERN int ds_catalog_load_each(char **title, const char *path, ds_resource_callback callback, void *context);

/**
 * Write the catalogue as a native document (UTF-8, indented). Importing the result
 * gives back an equal catalogue (ds_resource_equal() entry by entry, same order).
 * @param out receives the document text; free it with ds_free().
 * @return DS_OK; DS_EINVAL for NULL; DS_ENOMEM; DS_EINTERNAL when libxml2's writer fails.
 */
DS_EXTERN int ds_catalog_to_xml(char **out, const ds_catalog *catalog);

/**
 * One entry as a catalogue entry document: a root `<resource>` in
 * urn:datasset:catalog:1, the element a catalogue document holds for it (the
 * form ds_registry_apply() and `datasset registry apply --entry` read).
 * Reading it back (as the one `<resource>` of a catalogue) gives an equal
 * resource (ds_resource_equal()).
 * @param out receives a new UTF-8 string; free it with ds_free(); unchanged on failure.
 * @return DS_OK; DS_EINVAL for NULL; DS_ENOMEM.
 * Thread-safety: reentrant; @p resource is only read.
 */
DS_EXTERN int ds_resource_to_xml(char **out, const ds_resource *resource);

/**
 * The entry with identifier @p identifier of @p catalog as a catalogue entry
 * document (ds_resource_to_xml()): how an integrator takes one entry of a
 * catalogue to the registry without cutting the catalogue's text.
 * @param out receives a new UTF-8 string; free it with ds_free(); unchanged on failure.
 * @return DS_OK; DS_ENOTFOUND when no entry has that identifier (as
 *         ds_catalog_find()); DS_EINVAL for NULL; DS_ENOMEM.
 */
DS_EXTERN int ds_catalog_entry_xml(char **out, const ds_catalog *catalog, const char *identifier);

/**
 * Write the catalogue as CSV (RFC 4180, CRLF line ends), one row per entry: a header
 * row with the field names, every text field, then "keywords" and "related" (joined
 * with ';') and "items" (the 信息项 names joined with ';').
 * @param bom 1: start with a UTF-8 byte order mark (for Excel).
 * @param out receives the text; free it with ds_free().
 * @return DS_OK; DS_EINVAL for NULL; DS_ENOMEM.
 */
DS_EXTERN int ds_catalog_to_csv(char **out, const ds_catalog *catalog, int bom);

/* ------------------------------------------------------------------ DCAT-AP 3 interchange */

/** The RDF syntax of a DCAT document. */
typedef enum ds_dcat_syntax {
	DS_DCAT_RDFXML = 0,  /**< RDF/XML (the default) */
	DS_DCAT_TURTLE = 1,  /**< Turtle */
	DS_DCAT_NTRIPLES = 2 /**< N-Triples: one triple a line */
} ds_dcat_syntax;

/** Options for ds_catalog_to_dcat() and ds_catalog_stream_dcat(). */
typedef struct ds_dcat_options {
	unsigned int version; /**< DS_DCAT_OPTIONS_VERSION (1 is still accepted: the fields up to base_uri) */
	const char *base_uri; /**< the prefix of every URI the export mints ("https://data.jinan.gov.cn/catalog/");
				   NULL for "urn:datasset:catalog:" */
	/* version 2 */
	ds_dcat_syntax syntax;	 /**< the syntax written; DS_DCAT_RDFXML by default */
	const char *description; /**< the catalogue's dct:description (DCAT-AP mandatory); NULL: its title */
	const char *publisher;	 /**< the name of the catalogue's publisher (DCAT-AP mandatory); NULL: its title */
} ds_dcat_options;

/** The current layout of ::ds_dcat_options: the value for its @c version field. */
#define DS_DCAT_OPTIONS_VERSION 2
/** An initialiser for a ::ds_dcat_options: the current @c version and the defaults. */
#define DS_DCAT_OPTIONS_INIT                                              \
	{                                                                 \
		DS_DCAT_OPTIONS_VERSION, NULL, DS_DCAT_RDFXML, NULL, NULL \
	}

/**
 * Initialise @p opts to the defaults.
 * @param version DS_DCAT_OPTIONS_VERSION (or 1, which sets only the version 1 fields).
 * @return DS_OK, or DS_EINVAL for NULL or an unknown version.
 */
DS_EXTERN int ds_dcat_options_init(ds_dcat_options *opts, unsigned int version);

/**
 * Write the catalogue as DCAT-AP 3 (mapping, URI rules and the vocabularies in
 * docs/catalog.md): a dcat:Catalog with its title, description and publisher; each entry
 * with an identifier a dcat:Dataset (its original IRI when it was imported from DCAT, else
 * base + "dataset/" + the percent-encoded identifier) with its publisher (foaf:Agent), theme
 * (skos:Concept of the catalogue's dcat:themeTaxonomy), language, a dcat:Distribution (EU
 * file type), a dcat:DataService when it has a service address, its 信息项 as a
 * csvw:Schema, and a dcat:CatalogRecord when it has a metadata date. Update cycle and open
 * type map to the EU frequency and access-right vocabularies, the Chinese terms kept as ds:
 * literals; text literals carry the entry's primary language ("zh" unless it was imported
 * with another). What an imported entry held beyond the native fields (its
 * "urn:datasset:dcat:1" "triples" extension) is written back. Entries without an
 * identifier, links that are not absolute URIs and dates that are not YYYY-MM-DD are left out.
 * The output conforms to the DCAT-AP 3.0.1 SHACL shapes when the entries have the fields
 * the shapes require (title, abstract; a link or service address for the distribution).
 * @param out     receives the document; free it with ds_free().
 * @param triples receives the number of RDF triples written; may be NULL.
 * @param opts    options, or NULL for the defaults.
 * @return DS_OK; DS_EINVAL for NULL, a bad options version, syntax or a base URI that is not
 *         absolute; DS_EPARSE for a "triples" extension that is not N-Triples; DS_ENOMEM.
 */
DS_EXTERN int ds_catalog_to_dcat(char **out, size_t *triples, const ds_catalog *catalog, const ds_dcat_options *opts);

/**
 * ds_catalog_to_dcat() from a native catalogue file to a DCAT file, entry by entry: memory
 * does not grow with the number of entries. The file is read twice: first into a private
 * temporary index of identifiers (with each entry's original IRI or blank-node label), so that
 * a related entry is written as the same node ds_catalog_to_dcat() writes, and a related code
 * naming no entry is left out as it is there; the output is the same document.
 * @param triples      receives the number of triples written; may be NULL.
 * @param dcat_path    the file written (replaced; removed again on failure).
 * @param catalog_path the native catalogue document read.
 * @return DS_OK; the errors of ds_catalog_load() (a repeated identifier included) and
 *         ds_catalog_to_dcat(); DS_EIO when the output or the temporary index cannot be
 *         written.
 * Thread-safety: reentrant.
 */
DS_EXTERN int ds_catalog_stream_dcat(size_t *triples, const char *dcat_path, const char *catalog_path,
				     const ds_dcat_options *opts);

/**
 * Read a catalogue from DCAT (RDF/XML, Turtle or N-Triples, told apart by their first
 * characters; JSON-LD is DS_EUNSUPPORTED) through raptor2, with no network or file access.
 * The whole RDF/XML grammar applies (xml:base, rdf:ID, parseType, containers, blank nodes).
 * Each distinct dcat:Dataset node becomes one entry, in the order of first mention; a
 * dataset described several times (or two nodes with the same dct:identifier) merges into
 * one. Identifier: dct:identifier, else the dataset's IRI, else "_:" and a digest of its
 * description. Mapping and language rules are in docs/catalog.md: the entry's primary
 * language is the one of its title (zh first, then its dct:language, then the language most
 * of its text is in, then untagged, then the smallest tag), so that two serialisations of
 * the same graph give the same entry; every literal in another language, every further
 * theme or distribution and every property the native fields cannot hold is kept in the
 * "urn:datasset:dcat:1" "triples" extension (N-Triples) and written back by export, as are
 * the original IRIs and EU vocabulary concepts.
 * @param out  receives a new catalogue; free it with ds_catalog_free(). Unchanged on failure.
 * @param name the name used in messages; may be NULL.
 * @return DS_OK; DS_EPARSE for a syntax error (with the line); DS_EUNSUPPORTED for JSON;
 *         DS_ERANGE past the document size limit; DS_EINVAL for NULL; DS_ENOMEM.
 */
DS_EXTERN int ds_catalog_parse_dcat(ds_catalog **out, const char *data, size_t len, const char *name);

/** As ds_catalog_parse_dcat() for a file (relative IRIs resolve against file://PATH); DS_EIO
 * when it cannot be read. */
DS_EXTERN int ds_catalog_load_dcat(ds_catalog **out, const char *path);

/**
 * ds_catalog_load_dcat() and ds_catalog_to_xml() in one pass that does not hold the graph or
 * the catalogue: the DCAT file is read into a private temporary store of its statements
 * grouped by subject (an SQLite database on disk, deleted when done), and each entry is mapped
 * from the statements its description reaches and written to @p catalog_path at once, so
 * memory does not grow with the number of datasets (docs/catalog.md "Large catalogues"). The
 * file written is the same bytes as ds_catalog_to_xml() of ds_catalog_load_dcat()'s catalogue,
 * and every refusal is the same: a dataset described more than once merges, a repeated
 * identifier is DS_EEXISTS naming the entry that has it. RDF/XML is read as it streams; raptor's
 * Turtle parser (Turtle and N-Triples) holds the whole text of a document before it produces
 * statements, so for those memory grows with the file's size.
 * @param entries      receives the number of entries written; may be NULL; set only on success.
 * @param catalog_path the native catalogue document written: replaced once the DCAT file has
 *                     been read, and removed again on a later failure (a DCAT file refused
 *                     while it is read leaves it as it was).
 * @param dcat_path    the DCAT file read (RDF/XML, Turtle or N-Triples; relative IRIs resolve
 *                     against file://PATH).
 * @return DS_OK; the errors of ds_catalog_load_dcat() and ds_catalog_add(); DS_EIO when the
 *         input cannot be read, or the output or the temporary store cannot be written;
 *         DS_EINVAL for NULL.
 * Thread-safety: reentrant (the RDF parser is shared under a lock).
 */
DS_EXTERN int ds_catalog_import_dcat_file(size_t *entries, const char *catalog_path, const char *dcat_path);

/* ------------------------------------------------------------------ profiles and validation */

/**
 * Load a profile: the rules an entry must follow (mandatory fields, code lists, length
 * limits, identifier pattern, conditional requirements, 信息项 rules).
 * @param name_or_path "gbt21063" (GB/T 21063.3 national core) or "jinan" (the core plus
 *        the 2017 guide's fields mandatory), which are bundled with the library, or the
 *        path of a profile document (namespace urn:datasset:profile:1, schemas/profile.xsd).
 * @param out receives the profile; free it with ds_profile_free(). Unchanged on failure.
 * @return DS_OK; DS_ENOTFOUND for a name that is not a bundled profile; DS_EIO for a file
 *         that cannot be read; DS_EPARSE for a document that is not well-formed or fails
 *         the schema; DS_EINVAL for one that names an unknown field or code list, defines a
 *         code list twice or holds a bad pattern (line and field path in ds_error_last());
 *         DS_ENOMEM.
 */
DS_EXTERN int ds_profile_load(ds_profile **out, const char *name_or_path);

/** Free a profile. @param profile the profile, or NULL (no-op). */
DS_EXTERN void ds_profile_free(ds_profile *profile);

/** The profile's name (borrowed, valid while the profile lives). */
DS_EXTERN const char *ds_profile_name(const ds_profile *profile);

/** Severity of a problem. */
typedef enum ds_severity {
	DS_SEVERITY_ERROR = 0,	/**< the entry does not conform */
	DS_SEVERITY_WARNING = 1 /**< the entry conforms but should be improved */
} ds_severity;

/** One problem found by validation, as ds_catalog_report_at() shows it. All strings borrowed from the report. */
typedef struct ds_catalog_problem {
	ds_severity severity;	/**< an error (does not conform) or a warning */
	size_t entry;		/**< 0-based index of the entry in the catalogue */
	const char *identifier; /**< the entry's identifier, or "" when it has none */
	const char *field;   /**< the field path: "resource[3]/share_condition", "resource[3]/item[2]/type" (1-based) */
	const char *rule;    /**< the rule broken: "required", "required-unless", "max-length", "codelist",
				  "pattern", "uscc", "date", "uri", "keywords-min", "items-min", "item-length",
				  "related-exists" */
	const char *message; /**< a readable message in English with the Chinese field name */
} ds_catalog_problem;

/**
 * Check every entry against @p profile and report every problem at once (not just the first).
 * Beyond the profile's own rules, dates must be real YYYY-MM-DD dates, links must be
 * absolute URIs and every related code must name another entry of the catalogue.
 * @param out receives the report (even when it is empty); free it with ds_catalog_report_free().
 * @return DS_OK whether or not problems were found (see ds_catalog_report_errors());
 *         DS_EINVAL for NULL; DS_ENOMEM.
 */
DS_EXTERN int ds_catalog_validate(ds_catalog_report **out, const ds_catalog *catalog, const ds_profile *profile);

/** Free a report. @param report the report, or NULL (no-op). */
DS_EXTERN void ds_catalog_report_free(ds_catalog_report *report);

/** The number of problems (errors and warnings) in the report (0 for NULL). */
DS_EXTERN size_t ds_catalog_report_count(const ds_catalog_report *report);

/** The number of problems with severity DS_SEVERITY_ERROR (0 for NULL). */
DS_EXTERN size_t ds_catalog_report_errors(const ds_catalog_report *report);

/**
 * The problem at @p index, in catalogue order (entry by entry, fields in ds_field order).
 * @param out receives borrowed strings valid until the report is freed; unchanged on failure.
 * @return DS_OK; DS_ERANGE for an index past the end (the message names the index and the
 *         count); DS_EINVAL for NULL.
 */
DS_EXTERN int ds_catalog_report_at(ds_catalog_problem *out, const ds_catalog_report *report, size_t index);

/**
 * Called by ds_catalog_validate_file() for every problem, in catalogue order.
 * @param problem the problem; it and its strings are borrowed: valid only during the call.
 * @param context the caller's pointer.
 * @return DS_OK to continue; any negative code stops the validation and becomes its result.
 */
typedef int (*ds_problem_callback)(const ds_catalog_problem *problem, void *context);

/**
 * ds_catalog_load() then ds_catalog_validate() of a native catalogue file, entry by entry:
 * memory does not grow with the number of entries or problems (a catalogue of 10^6 entries
 * validates in a few tens of MiB). The same problems come in the same order, with the same
 * entry indexes, and a document ds_catalog_load() refuses gives the same error. The file is
 * read twice: first as ds_catalog_load() reads it, its identifiers going to a temporary
 * on-disk index (a private SQLite database, deleted at the end) that finds a repeated
 * identifier and checks related codes exactly; then entry by entry against @p profile. So
 * @p callback is called only for a document that can be read whole.
 * @param entries  receives the number of entries; may be NULL. Set only on success.
 * @param errors   receives the number of problems with severity DS_SEVERITY_ERROR; may be NULL.
 * @param warnings receives the number of warnings; may be NULL.
 * @param path     the native catalogue document.
 * @param profile  the rules (ds_profile_load()); only read.
 * @param callback called for every problem, in catalogue order (entry by entry, fields in
 *                 ds_field order).
 * @param context  passed to @p callback.
 * @return DS_OK whether or not problems were found; the errors of ds_catalog_load(); DS_EINVAL
 *         for a NULL @p path, @p profile or @p callback; DS_EIO when the temporary index cannot
 *         be written; DS_EINTERNAL when ICU fails; DS_ENOMEM; or @p callback's code.
 * Thread-safety: reentrant; @p profile may be shared.
 */
DS_EXTERN int ds_catalog_validate_file(size_t *entries, size_t *errors, size_t *warnings, const char *path,
				       const ds_profile *profile, ds_problem_callback callback, void *context);

/* ------------------------------------------------------------------ search and sort */

/**
 * What to search for. Every criterion that is set must match (AND); NULL criteria are
 * ignored. Text criteria are compared after NFKC normalisation and case folding, so
 * full-width and half-width forms and upper and lower case match each other.
 */
typedef struct ds_search_options {
	unsigned int version; /**< DS_SEARCH_OPTIONS_VERSION */
	const char *text;     /**< substring of the title, abstract or a keyword; or the pinyin
				       initials ("zfgjj" finds 住房公积金) or full pinyin ("zhufang",
				       spaces ignored) of the title */
	const char *provider; /**< substring of the provider's name, or its exact code */
	const char *category; /**< a category code prefix (类 finds its 项, 目, 细目) or a substring of its name */
	const char *share_type;	  /**< exact 共享类型 */
	const char *open_type;	  /**< exact 开放属性 */
	const char *update_cycle; /**< exact 更新周期 */
} ds_search_options;

/** The current layout of ::ds_search_options: the value for its @c version field. */
#define DS_SEARCH_OPTIONS_VERSION 1
/** An initialiser for a ::ds_search_options: the current @c version and the defaults. */
#define DS_SEARCH_OPTIONS_INIT                                                \
	{                                                                     \
		DS_SEARCH_OPTIONS_VERSION, NULL, NULL, NULL, NULL, NULL, NULL \
	}

/**
 * Initialise @p opts to "match everything".
 * @param version DS_SEARCH_OPTIONS_VERSION.
 * @return DS_OK, or DS_EINVAL for NULL or an unknown version.
 */
DS_EXTERN int ds_search_options_init(ds_search_options *opts, unsigned int version);

/**
 * Find the entries that match @p opts. Search keys (folded text, pinyin) are built once
 * per entry, on the first search, and kept until the entry changes.
 * @param out   receives a new array of matching entry indexes in catalogue order, or
 *              NULL when nothing matches; free it with ds_free().
 * @param count receives the number of matches.
 * @param opts  the criteria; NULL matches every entry.
 * @return DS_OK; DS_EPARSE for invalid UTF-8 in a criterion; DS_EINVAL for NULL or a
 *         bad options version; DS_EINTERNAL when ICU fails; DS_ENOMEM.
 */
DS_EXTERN int ds_catalog_search(size_t **out, size_t *count, ds_catalog *catalog, const ds_search_options *opts);

/**
 * ds_catalog_load() then ds_catalog_search() of a native catalogue file, entry by entry:
 * memory does not grow with the number of entries. The file is read as ds_catalog_load()
 * reads it (the same errors; a repeated identifier is found with a temporary on-disk index,
 * a private SQLite database deleted at the end). An error can come after matches were
 * handed over: a caller that must show nothing for a bad document keeps the matches until
 * the call returns (the CLI does).
 * @param path     the native catalogue document.
 * @param opts     the criteria; NULL matches every entry.
 * @param callback called for every matching entry in document order, with its 0-based
 *                 position in the document; the entry is borrowed: valid only during the call
 *                 (ds_resource_dup() it to keep it).
 * @param context  passed to @p callback.
 * @return DS_OK; the errors of ds_catalog_load() and ds_catalog_search() (a document that
 *         cannot be read is reported before a bad criterion, as when loading first); DS_EINVAL
 *         for a NULL @p path or @p callback or a bad options version; DS_EIO when the temporary
 *         index cannot be written; or @p callback's code.
 * Thread-safety: reentrant.
 */
DS_EXTERN int ds_catalog_search_file(const char *path, const ds_search_options *opts, ds_resource_callback callback,
				     void *context);

/** Sort orders for ds_catalog_sort(). */
typedef enum ds_sort {
	DS_SORT_IDENTIFIER = 0, /**< by identifier, byte order (entries without one last) */
	DS_SORT_PINYIN =
		1 /**< by title in Chinese collation (ICU "zh", pinyin order: 北京 < 济南 < 上海 < 天津), then identifier */
} ds_sort;

/**
 * Reorder the catalogue's entries. The sort is stable.
 * @return DS_OK; DS_EINVAL for NULL or an unknown order; DS_EINTERNAL when ICU fails;
 *         DS_ENOMEM (the order is then unchanged).
 */
DS_EXTERN int ds_catalog_sort(ds_catalog *catalog, ds_sort order);

/**
 * The pinyin of @p text (ICU Han-Latin, tone marks removed, lower case, syllables separated
 * by spaces): "住房公积金" gives "zhu fang gong ji jin".
 * @param out receives the text; free it with ds_free().
 * @return DS_OK; DS_EPARSE for invalid UTF-8; DS_EINVAL for NULL; DS_EINTERNAL; DS_ENOMEM.
 */
DS_EXTERN int ds_text_pinyin(char **out, const char *text);

/* ------------------------------------------------------------------ diff */

/** What happened to an entry between two catalogues. */
typedef enum ds_change {
	DS_CHANGE_ADDED = 0,   /**< only in the new catalogue */
	DS_CHANGE_REMOVED = 1, /**< only in the old catalogue */
	DS_CHANGE_CHANGED = 2  /**< in both, with different content */
} ds_change;

/**
 * Compare two catalogues entry by entry, matching entries by identifier (entries without
 * an identifier are ignored). Changes are listed removed and changed entries in the old
 * catalogue's order, then added entries in the new catalogue's order.
 * @param out receives the diff; free it with ds_catalog_diff_free().
 * @return DS_OK; DS_EINVAL for NULL; DS_ENOMEM.
 */
DS_EXTERN int ds_catalog_diff_new(ds_catalog_diff **out, const ds_catalog *old_catalog, const ds_catalog *new_catalog);

/** Free a diff. @param diff the diff, or NULL (no-op). */
DS_EXTERN void ds_catalog_diff_free(ds_catalog_diff *diff);

/** The number of changed entries (0 for NULL). */
DS_EXTERN size_t ds_catalog_diff_count(const ds_catalog_diff *diff);

/**
 * One change of a diff, as ds_catalog_diff_at() copies it. The strings are borrowed from
 * the diff. This struct does not grow.
 */
typedef struct ds_catalog_change {
	ds_change kind;		/**< what happened to the entry */
	const char *identifier; /**< the entry's identifier; never NULL */
	const char *fields;	/**< for DS_CHANGE_CHANGED, the names of the parts that differ in ds_field
				     order separated by ',' (field names, then "keywords", "related",
				     "items", "extensions"); "" otherwise; never NULL */
} ds_catalog_change;

/**
 * The change at @p index, in the order ds_catalog_diff_new() describes.
 * @param out   receives a copy of the change; its strings are borrowed: valid until the diff
 *              is freed. Unchanged on failure.
 * @param diff  the diff.
 * @param index 0-based, below ds_catalog_diff_count().
 * @return DS_OK; DS_ERANGE for an index past the end (the message names the index and the
 *         count); DS_EINVAL for a NULL @p out or @p diff.
 * Thread-safety: reentrant; only reads @p diff.
 */
DS_EXTERN int ds_catalog_diff_at(ds_catalog_change *out, const ds_catalog_diff *diff, size_t index);

/** Flags for ds_catalog_merge(). */
#define DS_MERGE_REMOVE_MISSING 0x1u /**< the update is a full snapshot: remove entries it does not have */

/**
 * Apply a periodic update to a catalogue: entries of @p update whose identifier is new are
 * appended (in @p update's order), entries whose identifier exists replace the old entry in
 * place (when they differ), and with DS_MERGE_REMOVE_MISSING entries of @p target that
 * @p update does not have are removed. Entries without an identifier in @p update are ignored;
 * those in @p target are kept. The merge happens whole or not at all. The title stays @p target's.
 * @param diff   receives a new diff of what changed, as ds_catalog_diff_new(@p target before,
 *               @p target after) would report it; free it with ds_catalog_diff_free(). Set only
 *               on success. May be NULL when the diff is not wanted.
 * @param target the catalogue to change; entries borrowed from it before the call are
 *               invalid after a successful merge.
 * @param update the update, copied (not taken).
 * @param flags  0 or DS_MERGE_REMOVE_MISSING.
 * @return DS_OK; DS_EINVAL for a NULL @p target or @p update or unknown flags; DS_ENOMEM
 *         (@p target is then unchanged).
 * Thread-safety: reentrant; @p target and @p update must not be used by another thread meanwhile.
 */
DS_EXTERN int ds_catalog_merge(ds_catalog_diff **diff, ds_catalog *target, const ds_catalog *update,
			       unsigned int flags);

#ifdef __cplusplus
}
#endif

#endif
