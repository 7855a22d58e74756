/*
 * The EU controlled vocabularies DCAT-AP 3 requires (Publications Office
 * authority tables: frequency, access-right, file-type, language) mapped to
 * and from the GB/T 21063 / 2017 guide code lists (metadata.md). Export maps
 * each Chinese term to one EU concept; import maps every EU concept that has a
 * Chinese counterpart (several to one), and the exact EU concept is kept on
 * the entry so that it is exported unchanged (docs/catalog.md, "DCAT-AP 3").
 * SPDX-License-Identifier: MIT
 */
#include "config.h"

#include <string.h>
#include <strings.h>

#include "catalog/dcat_internal.h"

#define FREQ DCAT_EU "frequency/"
#define ACCESS DCAT_EU "access-right/"
#define FILETYPE DCAT_EU "file-type/"
#define LANGUAGE DCAT_EU "language/"

typedef struct pair {
	const char *term, *code;
} pair;

/* 更新周期: the first row of each term is what export writes. */
static const pair frequencies[] = {
	{ "实时", "UPDATE_CONT" },  { "实时", "CONT" },		{ "实时", "1MIN" },	  { "实时", "5MIN" },
	{ "实时", "10MIN" },	    { "实时", "15MIN" },	{ "实时", "30MIN" },	  { "实时", "HOURLY" },
	{ "实时", "BIHOURLY" },	    { "实时", "TRIHOURLY" },	{ "实时", "12HRS" },	  { "实时", "DAILY_2" },
	{ "每日", "DAILY" },	    { "每周", "WEEKLY" },	{ "每周", "WEEKLY_2" },	  { "每周", "WEEKLY_3" },
	{ "每周", "BIWEEKLY" },	    { "每月", "MONTHLY" },	{ "每月", "MONTHLY_2" },  { "每月", "MONTHLY_3" },
	{ "每月", "BIMONTHLY" },    { "每季度", "QUARTERLY" },	{ "每季度", "ANNUAL_3" }, { "每半年", "ANNUAL_2" },
	{ "每年", "ANNUAL" },	    { "不定期", "IRREG" },	{ "不定期", "UNKNOWN" },  { "不定期", "AS_NEEDED" },
	{ "其他", "OTHER" },	    { "其他", "NEVER" },	{ "其他", "BIENNIAL" },	  { "其他", "TRIENNIAL" },
	{ "其他", "QUADRENNIAL" },  { "其他", "QUINQUENNIAL" }, { "其他", "DECENNIAL" },  { "其他", "BIDECENNIAL" },
	{ "其他", "TRIDECENNIAL" }, { "其他", "NOT_PLANNED" },
};

/* Dublin Core Collection Description frequencies (http://purl.org/cld/freq/) some portals use. */
static const pair cld_frequencies[] = {
	{ "实时", "continuous" },	{ "每日", "daily" },	   { "每周", "weekly" },
	{ "每周", "semiweekly" },	{ "每周", "biweekly" },	   { "每周", "threeTimesAWeek" },
	{ "每月", "monthly" },		{ "每月", "semimonthly" }, { "每月", "bimonthly" },
	{ "每月", "threeTimesAMonth" }, { "每季度", "quarterly" }, { "每季度", "threeTimesAYear" },
	{ "每半年", "semiannual" },	{ "每年", "annual" },	   { "不定期", "irregular" },
	{ "其他", "biennial" },		{ "其他", "triennial" },
};

/* 开放属性 */
static const pair access_rights[] = {
	{ "无条件开放", "PUBLIC" },	{ "有条件开放", "RESTRICTED" }, { "不予开放", "NON_PUBLIC" },
	{ "不予开放", "CONFIDENTIAL" }, { "不予开放", "SENSITIVE" },
};

/* 信息资源格式 (2017 guide): 电子文件, 电子表格, 数据库, 图形图像, 流媒体, 自描述格式, 接口, 其他. */
static const pair file_types[] = {
	{ "电子文件", "PDF" },
	{ "电子文件", "DOC" },
	{ "电子文件", "DOCX" },
	{ "电子文件", "ODT" },
	{ "电子文件", "RTF" },
	{ "电子文件", "TXT" },
	{ "电子文件", "HTML" },
	{ "电子文件", "XHTML" },
	{ "电子文件", "EPUB" },
	{ "电子表格", "XLSX" },
	{ "电子表格", "XLS" },
	{ "电子表格", "ODS" },
	{ "电子表格", "CSV" },
	{ "电子表格", "TSV" },
	{ "数据库", "SQL" },
	{ "数据库", "MDB" },
	{ "数据库", "DBF" },
	{ "数据库", "ACCDB" },
	{ "数据库", "GDB" },
	{ "数据库", "SQLITE" },
	{ "图形图像", "PNG" },
	{ "图形图像", "JPEG" },
	{ "图形图像", "GIF" },
	{ "图形图像", "TIFF" },
	{ "图形图像", "SVG" },
	{ "图形图像", "BMP" },
	{ "图形图像", "WEBP" },
	{ "流媒体", "MP4" },
	{ "流媒体", "MPEG" },
	{ "流媒体", "MPEG4" },
	{ "流媒体", "MP3" },
	{ "流媒体", "AVI" },
	{ "流媒体", "WEBM" },
	{ "自描述格式", "XML" },
	{ "自描述格式", "JSON" },
	{ "自描述格式", "JSON_LD" },
	{ "自描述格式", "RDF_XML" },
	{ "自描述格式", "RDF_TURTLE" },
	{ "自描述格式", "RDF_N_TRIPLES" },
	{ "自描述格式", "RDF" },
	{ "自描述格式", "GEOJSON" },
	{ "自描述格式", "KML" },
	{ "自描述格式", "GML" },
	{ "接口", "REST" },
	{ "接口", "WMS_SRVC" },
	{ "接口", "WFS_SRVC" },
	{ "接口", "WCS_SRVC" },
	{ "接口", "WMTS_SRVC" },
	{ "接口", "MAP_SRVC" },
	{ "接口", "SPARQLQ" },
	{ "接口", "SOAP" },
	{ "其他", "BIN" },
	{ "其他", "OCTET" },
	{ "其他", "ZIP" },
};

/* Media types (IANA) and extensions seen as dct:format literals or IRIs. */
static const pair media_types[] = {
	{ "PDF", "application/pdf" },
	{ "CSV", "text/csv" },
	{ "TSV", "text/tab-separated-values" },
	{ "XLS", "application/vnd.ms-excel" },
	{ "XLSX", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" },
	{ "ODS", "application/vnd.oasis.opendocument.spreadsheet" },
	{ "JSON", "application/json" },
	{ "JSON_LD", "application/ld+json" },
	{ "GEOJSON", "application/geo+json" },
	{ "XML", "application/xml" },
	{ "XML", "text/xml" },
	{ "HTML", "text/html" },
	{ "TXT", "text/plain" },
	{ "RDF_XML", "application/rdf+xml" },
	{ "RDF_TURTLE", "text/turtle" },
	{ "ZIP", "application/zip" },
	{ "PNG", "image/png" },
	{ "JPEG", "image/jpeg" },
	{ "OCTET", "application/octet-stream" },
};

/* ISO 639-1 tags and the EU language table's ISO 639-3-based codes. */
static const pair languages[] = {
	{ "zh", "ZHO" }, { "en", "ENG" }, { "fr", "FRA" }, { "de", "DEU" }, { "es", "SPA" }, { "it", "ITA" },
	{ "nl", "NLD" }, { "pt", "POR" }, { "sv", "SWE" }, { "da", "DAN" }, { "fi", "FIN" }, { "no", "NOR" },
	{ "nb", "NOB" }, { "nn", "NNO" }, { "pl", "POL" }, { "cs", "CES" }, { "sk", "SLK" }, { "sl", "SLV" },
	{ "hu", "HUN" }, { "ro", "RON" }, { "bg", "BUL" }, { "el", "ELL" }, { "et", "EST" }, { "lv", "LAV" },
	{ "lt", "LIT" }, { "ga", "GLE" }, { "mt", "MLT" }, { "hr", "HRV" }, { "ca", "CAT" }, { "eu", "EUS" },
	{ "gl", "GLG" }, { "ja", "JPN" }, { "ko", "KOR" }, { "ru", "RUS" }, { "uk", "UKR" }, { "ar", "ARA" },
	{ "tr", "TUR" }, { "is", "ISL" }, { "lb", "LTZ" }, { "sr", "SRP" }, { "mk", "MKD" }, { "sq", "SQI" },
};

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

/* Full IRIs of each table's codes, built once per table lookup into a static buffer per row. */
static const char *code_after(const char *iri, const char *prefix)
{
	size_t n = strlen(prefix);

	if (iri && strncmp(iri, prefix, n) == 0)
		return iri + n;
	/* https:// and data.europa.eu variants of the authority tables */
	if (iri && strncmp(iri, "https://", 8) == 0 && strncmp(iri + 8, prefix + 7, n - 7) == 0)
		return iri + 8 + (n - 7);
	return NULL;
}

static int term_code(ds__buf *out, const pair *table, size_t n, const char *prefix, const char *term)
{
	size_t i;

	for (i = 0; term && i < n; i++)
		if (strcmp(table[i].term, term) == 0) {
			ds__buf_clear(out);
			ds__buf_puts(out, prefix);
			ds__buf_puts(out, table[i].code);
			return out->oom ? ds__enomem() : 1;
		}
	return 0;
}

static const char *code_term(const pair *table, size_t n, const char *code)
{
	size_t i;

	for (i = 0; code && i < n; i++)
		if (strcmp(table[i].code, code) == 0)
			return table[i].term;
	return NULL;
}

int dcat__frequency_iri(ds__buf *out, const char *cycle)
{
	return term_code(out, frequencies, COUNT(frequencies), FREQ, cycle);
}

const char *dcat__frequency_term(const char *iri)
{
	const char *code = code_after(iri, FREQ);
	size_t i;

	if (code)
		return code_term(frequencies, COUNT(frequencies), code);
	if ((code = code_after(iri, "http://purl.org/cld/freq/")) == NULL)
		code = iri && !strchr(iri, ':') ? iri : NULL; /* a bare literal ("daily", "DAILY") */
	for (i = 0; code && i < COUNT(cld_frequencies); i++)
		if (strcasecmp(cld_frequencies[i].code, code) == 0)
			return cld_frequencies[i].term;
	for (i = 0; code && i < COUNT(frequencies); i++)
		if (strcasecmp(frequencies[i].code, code) == 0)
			return frequencies[i].term;
	return NULL;
}

int dcat__access_iri(ds__buf *out, const char *open_type)
{
	return term_code(out, access_rights, COUNT(access_rights), ACCESS, open_type);
}

const char *dcat__access_term(const char *iri)
{
	return code_term(access_rights, COUNT(access_rights), code_after(iri, ACCESS));
}

int dcat__file_type_iri(ds__buf *out, const char *format)
{
	return term_code(out, file_types, COUNT(file_types), FILETYPE, format);
}

const char *dcat__file_type_term(const char *value)
{
	const char *code = code_after(value, FILETYPE), *slash;
	size_t i;

	if (code)
		return code_term(file_types, COUNT(file_types), code);
	if (!value)
		return NULL;
	/* an IANA media type IRI or literal, or a bare extension ("CSV", ".csv") */
	if ((code = strstr(value, "/media-types/")) != NULL)
		value = code + 13;
	for (i = 0; i < COUNT(media_types); i++)
		if (strcasecmp(media_types[i].code, value) == 0)
			return code_term(file_types, COUNT(file_types), media_types[i].term);
	if (strchr(value, ':') || ((slash = strchr(value, '/')) != NULL && slash != value))
		return NULL;
	if (*value == '.')
		value++;
	for (i = 0; i < COUNT(file_types); i++)
		if (strcasecmp(file_types[i].code, value) == 0)
			return file_types[i].term;
	return NULL;
}

int dcat__language_iri(ds__buf *out, const char *tag)
{
	size_t i, n;

	if (!tag)
		return 0;
	n = strcspn(tag, "-");
	for (i = 0; i < COUNT(languages); i++)
		if (strlen(languages[i].term) == n && strncasecmp(languages[i].term, tag, n) == 0) {
			ds__buf_clear(out);
			ds__buf_puts(out, LANGUAGE);
			ds__buf_puts(out, languages[i].code);
			return out->oom ? ds__enomem() : 1;
		}
	return 0;
}

const char *dcat__language_tag(const char *iri)
{
	return code_term(languages, COUNT(languages), code_after(iri, LANGUAGE));
}
