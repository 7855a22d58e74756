/*
 * Benchmark: importing and exporting a large native catalogue, against a bare
 * libxml2 reader loop over the same file. One phase per run, so that each
 * phase's peak memory is its own; bench/catalog_ref.py runs them all (and
 * Python's ElementTree on the same file) and prints the ratios.
 *
 *   bench_catalog generate PATH N   write a catalogue of N entries
 *   bench_catalog bare PATH         xmlTextReaderRead over the file, nothing else
 *   bench_catalog bare-xsd PATH XSD the same with the reader validating against XSD
 *   bench_catalog load PATH         ds_catalog_load (the whole catalogue in memory)
 *   bench_catalog stream PATH       ds_catalog_load_each (one entry at a time)
 *   bench_catalog export PATH       ds_catalog_load, then time ds_catalog_to_xml
 * Each prints "entries N", "seconds S" and "maxrss_kib K".
 * SPDX-License-Identifier: MIT
 */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#include <libxml/xmlreader.h>
#include <libxml/xmlschemas.h>

#include <datasset/datasset.h>

static double now_seconds(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static long maxrss_kib(void)
{
	struct rusage usage;
	getrusage(RUSAGE_SELF, &usage);
	return usage.ru_maxrss;
}

static const char *const providers[] = { "济南住房公积金中心", "济南市市场监督管理局", "济南市医疗保障局",
					 "济南市交通运输局",   "济南公共资源交易中心", "济南市行政审批服务局",
					 "济南市大数据局",     "济南市卫生健康委员会" };
static const char *const cycles[] = { "实时", "每日", "每周", "每月", "每季度", "每年" };
static const char *const shares[] = { "无条件共享", "有条件共享", "不予共享" };

static int generate(const char *path, long count)
{
	FILE *f = fopen(path, "w");
	long i;

	if (!f)
		return 1;
	fputs("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<catalog xmlns=\"urn:datasset:catalog:1\">\n"
	      "<title>济南市政务信息资源目录（基准）</title>\n",
	      f);
	for (i = 0; i < count; i++) {
		long p = i % 8;
		fprintf(f,
			"<resource><identifier>3%02ld%02ld/11370100004191340F-%05ld</identifier>"
			"<metadata-id>JN-MD-%07ld</metadata-id><title>住房公积金缴存信息第%ld号</title>"
			"<abstract>第%ld条政务信息资源：单位和个人缴存、提取、贷款等业务数据，按日更新。</abstract>"
			"<provider code=\"11370100004191340F\" department=\"信息中心\">%s</provider>"
			"<category scheme=\"政务信息资源分类\" code=\"3%02ld%02ld\">部门信息资源</category>"
			"<format>数据库</format><keyword>住房公积金</keyword><keyword>缴存</keyword>"
			"<online-link>https://data.jinan.gov.cn/dataset/%ld</online-link>"
			"<metadata-contact>信息中心</metadata-contact><metadata-date>2025-06-30</metadata-date>"
			"<share type=\"%s\" mode=\"共享平台/接口\">仅向有关部门共享</share><open type=\"不予开放\">内部使用</open>"
			"<update-cycle>%s</update-cycle><published>2024-01-15</published>"
			"<security class=\"一般数据\" personal-info=\"false\"/>"
			"<items><item name=\"单位名称\" type=\"C\" length=\"200\">缴存单位名称</item>"
			"<item name=\"统一社会信用代码\" type=\"C\" length=\"18\">18位代码</item>"
			"<item name=\"缴存人数\" type=\"I\" length=\"8\">在缴职工人数</item>"
			"<item name=\"月缴存额\" type=\"Y\" length=\"18\">元</item>"
			"<item name=\"开户日期\" type=\"D\">日期</item></items></resource>\n",
			p, (i / 8) % 100, i % 100000, i, i, i, providers[p], p, (i / 8) % 100, i, shares[i % 3],
			cycles[i % 6]);
	}
	fputs("</catalog>\n", f);
	return fclose(f) == 0 ? 0 : 1;
}

/* The reference: libxml2's streaming reader with nothing done per node but counting <resource>. */
static int bare(const char *path, const char *xsd)
{
	xmlTextReaderPtr reader = xmlReaderForFile(path, NULL, XML_PARSE_NONET);
	xmlSchemaParserCtxtPtr parser = NULL;
	xmlSchemaPtr schema = NULL;
	long entries = 0;
	double start;
	int rc;

	if (!reader)
		return 1;
	if (xsd) {
		parser = xmlSchemaNewParserCtxt(xsd);
		schema = parser ? xmlSchemaParse(parser) : NULL;
		if (!schema || xmlTextReaderSetSchema(reader, schema) != 0)
			return 1;
	}
	start = now_seconds();
	while ((rc = xmlTextReaderRead(reader)) == 1)
		if (xmlTextReaderNodeType(reader) == XML_READER_TYPE_ELEMENT && xmlTextReaderDepth(reader) == 1 &&
		    strcmp((const char *)xmlTextReaderConstLocalName(reader), "resource") == 0)
			entries++;
	printf("entries %ld\nseconds %.6f\nmaxrss_kib %ld\n", entries, now_seconds() - start, maxrss_kib());
	if (xsd && xmlTextReaderIsValid(reader) != 1)
		rc = -1;
	xmlFreeTextReader(reader);
	xmlSchemaFree(schema);
	xmlSchemaFreeParserCtxt(parser);
	return rc == 0 ? 0 : 1;
}

static int count_entry(const ds_resource *r, size_t index, void *context)
{
	(void)r;
	(void)index;
	(*(long *)context)++;
	return DS_OK;
}

static int run_library(const char *mode, const char *path)
{
	ds_catalog *catalog = NULL;
	char *text = NULL;
	long entries = 0;
	double start, seconds;

	if (strcmp(mode, "stream") == 0) {
		start = now_seconds();
		if (ds_catalog_load_each(NULL, path, count_entry, &entries) < 0)
			goto fail;
		seconds = now_seconds() - start;
	} else {
		start = now_seconds();
		if (ds_catalog_load(&catalog, path) < 0)
			goto fail;
		seconds = now_seconds() - start;
		entries = (long)ds_catalog_count(catalog);
		if (strcmp(mode, "export") == 0) {
			start = now_seconds();
			if (ds_catalog_to_xml(&text, catalog) < 0)
				goto fail;
			seconds = now_seconds() - start;
			printf("bytes %zu\n", strlen(text));
		}
	}
	printf("entries %ld\nseconds %.6f\nmaxrss_kib %ld\n", entries, seconds, maxrss_kib());
	ds_free(text);
	ds_catalog_free(catalog);
	return 0;
fail:
	fprintf(stderr, "bench_catalog: %s\n", ds_error_last()->message);
	return 1;
}

int main(int argc, char **argv)
{
	if (argc >= 4 && strcmp(argv[1], "generate") == 0)
		return generate(argv[2], atol(argv[3]));
	if (argc >= 3 && strcmp(argv[1], "bare") == 0)
		return bare(argv[2], NULL);
	if (argc >= 4 && strcmp(argv[1], "bare-xsd") == 0)
		return bare(argv[2], argv[3]);
	if (argc >= 3 &&
	    (strcmp(argv[1], "load") == 0 || strcmp(argv[1], "stream") == 0 || strcmp(argv[1], "export") == 0))
		return run_library(argv[1], argv[2]);
	fputs("usage: bench_catalog generate PATH N | bare PATH | bare-xsd PATH XSD | load|stream|export PATH\n",
	      stderr);
	return 2;
}
