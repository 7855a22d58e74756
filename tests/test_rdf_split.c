/*
 * The parse of an RDF/XML file in parts (lib/rdf/split.c, ds__rdf_parse_part) against the one
 * parser on the same file: the same statements in the same order (blank nodes raptor names
 * renamed in order of appearance, rdf:nodeID labels as written), the same first error with the
 * same line, and no split wherever a part could not stand on its own.
 * SPDX-License-Identifier: MIT
 */
#define _POSIX_C_SOURCE 200809L /* strdup, mkstemp */
#include "config.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "testutil.h"

#include "internal/rdf.h"

#define HEAD                                                                              \
	"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"                                    \
	"<!-- a comment naming <rdf:RDF> and </rdf:RDF> -->\n"                            \
	"<?pi before the root?>\n"                                                        \
	"<rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\"\n"            \
	"    xmlns:dct='http://purl.org/dc/terms/' xmlns:ex=\"http://example.org/ns#\"\n" \
	"    xml:base=\"http://example.org/base/\" xml:lang=\"en\">\n"

#define HEAD_ROOT \
	"<rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\" xmlns:ex=\"http://example.org/ns#\">\n"

/* The statements as N-Triples, the blank nodes raptor names ("genid...") as g1, g2, ... in order. */
typedef struct collected {
	tu_buf text;
	char **names;  /* the blank nodes renamed, in order */
	size_t *slots; /* an open-addressed set of them: index + 1, or 0 */
	size_t nnames, cap, nslots;
} collected;

static size_t name_hash(const char *s)
{
	size_t h = 14695981039346656037u;

	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211u;
	return h;
}

/* The number of blank node @label (1, 2, ... in order of first appearance). */
static size_t name_number(collected *c, const char *label)
{
	size_t i, k;

	if (2 * (c->nnames + 1) > c->nslots) {
		c->nslots = c->nslots ? 2 * c->nslots : 1024;
		free(c->slots);
		ck_assert_ptr_nonnull(c->slots = calloc(c->nslots, sizeof *c->slots));
		for (i = 0; i < c->nnames; i++) {
			for (k = name_hash(c->names[i]) & (c->nslots - 1); c->slots[k]; k = (k + 1) & (c->nslots - 1))
				;
			c->slots[k] = i + 1;
		}
	}
	for (k = name_hash(label) & (c->nslots - 1); c->slots[k]; k = (k + 1) & (c->nslots - 1))
		if (strcmp(c->names[c->slots[k] - 1], label) == 0)
			return c->slots[k];
	if (c->nnames == c->cap) {
		c->cap = c->cap ? 2 * c->cap : 256;
		ck_assert_ptr_nonnull(c->names = realloc(c->names, c->cap * sizeof *c->names));
	}
	c->names[c->nnames++] = strdup(label);
	c->slots[k] = c->nnames;
	return c->nnames;
}

static void put_term(collected *c, const ds__rdf_term *t)
{
	ds__buf b = DS__BUF_INIT;
	ds__rdf_term copy = *t;
	char label[32];

	if (t->kind == DS__RDF_BLANK && strncmp(t->value, "genid", 5) == 0) {
		snprintf(label, sizeof label, "g%zu", name_number(c, t->value));
		copy.value = label;
	}
	ds__rdf_term_nt(&b, &copy);
	tu_buf_printf(&c->text, "%.*s ", (int)b.len, b.data);
	ds__buf_dispose(&b);
}

static int collect(void *ctx, const ds__rdf_term *s, const ds__rdf_term *p, const ds__rdf_term *o)
{
	collected *c = ctx;

	put_term(c, s);
	put_term(c, p);
	put_term(c, o);
	tu_buf_printf(&c->text, ".\n");
	return DS_OK;
}

static void collected_free(collected *c)
{
	size_t i;

	for (i = 0; i < c->nnames; i++)
		free(c->names[i]);
	free(c->names);
	free(c->slots);
	free(c->text.data);
	memset(c, 0, sizeof *c);
}

static char *write_temp(const char *text, size_t len)
{
	char *path = strdup("/tmp/ds-rdf-split-XXXXXX");
	int fd;

	ck_assert_int_ge(fd = mkstemp(path), 0);
	ck_assert_int_eq(write(fd, text, len), (ssize_t)len);
	close(fd);
	return path;
}

typedef struct outcome {
	int rc, line;
	char message[1024];
	size_t nparts;
} outcome;

/* The one parser on @path. */
static void parse_whole(outcome *out, collected *c, const char *path)
{
	FILE *f = fopen(path, "rb");

	ck_assert_ptr_nonnull(f);
	memset(out, 0, sizeof *out);
	out->rc = ds__rdf_parse_stream(DS__RDF_RDFXML, f, NULL, "doc.rdf", collect, c);
	fclose(f);
	if (out->rc < 0) {
		out->line = ds_error_last()->line;
		snprintf(out->message, sizeof out->message, "%s", ds_error_last()->message);
	}
}

/* The parts of @path (@part_bytes each), one after the other, lanes 0 and 1 in turn, up to the
 * first failure, as the import runs them. */
static void parse_parts(outcome *out, collected *c, const char *path, size_t part_bytes)
{
	ds__rdf_split sp;
	size_t i;
	int fd = open(path, O_RDONLY);

	ck_assert_int_ge(fd, 0);
	memset(out, 0, sizeof *out);
	ck_assert_ds_ok(ds__rdf_split_file(&sp, fd, part_bytes));
	out->nparts = sp.nparts;
	for (i = 0; i < sp.nparts && out->rc == DS_OK; i++)
		out->rc = ds__rdf_parse_part(&sp, i, fd, (int)(i % 2), NULL, "doc.rdf", collect, c);
	if (out->rc < 0) {
		out->line = ds_error_last()->line;
		snprintf(out->message, sizeof out->message, "%s", ds_error_last()->message);
	}
	ds__rdf_split_dispose(&sp);
	close(fd);
}

/* A document of @n top-level descriptions (several lines each, the constructs a scan must step
 * over), @broken replacing the title of description @at (0: none). */
static char *document(size_t n, size_t at, const char *broken)
{
	tu_buf b = { 0 };
	size_t i;

	tu_buf_printf(&b, "%s", HEAD);
	for (i = 1; i <= n; i++) {
		tu_buf_printf(
			&b,
			"  <!-- description %zu: </ex:Thing> <ex:Thing> -->\n"
			"  <ex:Thing rdf:about=\"t%zu\" ex:attr='a &gt; b /> c' >\n"
			"    %s\n"
			"    <ex:rel rdf:nodeID=\"shared%zu\"/>\n"
			"    <ex:lit rdf:parseType=\"Literal\"><b xmlns=\"http://www.w3.org/1999/xhtml\">bold %zu</b><i "
			"xmlns=\"http://www.w3.org/1999/xhtml\"/></ex:lit>\n"
			"    <ex:blank><ex:Inner><dct:title><![CDATA[ </ex:Thing> <x> %zu ]]></dct:title></ex:Inner>"
			"</ex:blank>\n"
			"    <ex:res rdf:parseType=\"Resource\"><dct:title xml:lang=\"fr\">deux %zu</dct:title></ex:res>\n"
			"    <ex:list><rdf:Seq><rdf:li>x</rdf:li><rdf:li>y</rdf:li></rdf:Seq></ex:list>\n"
			"  </ex:Thing>\n"
			"  <rdf:Description rdf:nodeID=\"shared%zu\" dct:title=\"shared %zu\"/>\n"
			"  <ex:Empty rdf:about=\"e%zu\"/><?pi at the top level?>\n",
			i, i, i == at ? broken : "<dct:title>a title</dct:title>", i % 7, i, i, i, i % 7, i, i);
	}
	tu_buf_printf(&b, "</rdf:RDF>\n<!-- after the root -->\n");
	return b.data;
}

/* The line of description @at's title in document(). */
static int title_line(size_t at)
{
	return 6 + (int)(at - 1) * 11 + 3;
}

START_TEST(parts_give_the_same_statements)
{
	static const size_t sizes[] = { 1, 100, 700, 5000 };
	char *text = document(60, 0, NULL), *path = write_temp(text, strlen(text));
	collected whole = { 0 }, parts = { 0 };
	outcome a, b;
	size_t k;

	parse_whole(&a, &whole, path);
	ck_assert_ds_ok(a.rc);
	ck_assert_uint_gt(whole.text.len, 0);
	for (k = 0; k < sizeof sizes / sizeof *sizes; k++) {
		parse_parts(&b, &parts, path, sizes[k]);
		ck_assert_ds_ok(b.rc);
		ck_assert_msg(b.nparts >= 2, "%zu-byte parts: not split", sizes[k]);
		if (sizes[k] == 1)
			ck_assert_uint_eq(b.nparts, 3 * 60 + 1); /* every top-level element, then the end */
		ck_assert_str_eq(parts.text.data, whole.text.data);
		collected_free(&parts);
	}
	collected_free(&whole);
	remove(path);
	free(path);
	free(text);
}
END_TEST

START_TEST(errors_name_the_file_line)
{
	static const char *const broken[] = {
		"<dct:title>mismatched</dct:titel>",
		"<zz:title>an undeclared prefix</zz:title>",
		"<dct:title rdf:resource=\"http://example.org/a b\"/>",
		"<dct:title>&undefined;</dct:title>",
		"<dct:title>a &amp b</dct:title>",
		"<rdf:li>out of place</rdf:li><dct:title rdf:nodeID=\"1bad\"/>",
	};
	size_t k, at;

	for (k = 0; k < sizeof broken / sizeof *broken; k++) {
		for (at = 2; at <= 40; at += 19) {
			char *text = document(40, at, broken[k]), *path = write_temp(text, strlen(text));
			collected whole = { 0 }, parts = { 0 };
			outcome a, b;
			parse_whole(&a, &whole, path);
			parse_parts(&b, &parts, path, 1);
			ck_assert_msg(a.rc < 0, "%s: no error", broken[k]);
			ck_assert_msg(b.nparts >= 2, "%s: not split", broken[k]);
			ck_assert_msg(a.rc == b.rc && a.line == b.line && strcmp(a.message, b.message) == 0,
				      "%s at %zu: one parser %d line %d \"%s\", parts %d line %d \"%s\"", broken[k], at,
				      a.rc, a.line, a.message, b.rc, b.line, b.message);
			/* libxml2's own errors come without a line through raptor 2.0.15, from either */
			ck_assert_msg(a.line == title_line(at) ||
					      (a.line == 0 && strstr(a.message, "XML parser error")),
				      "%s at %zu: line %d, not %d", broken[k], at, a.line, title_line(at));
			if (getenv("VERBOSE"))
				fprintf(stderr, "%s\n", a.message);
			/* what came before the error, the same */
			ck_assert_str_eq(parts.text.data ? parts.text.data : "",
					 whole.text.data ? whole.text.data : "");
			collected_free(&whole);
			collected_free(&parts);
			remove(path);
			free(path);
			free(text);
		}
	}
}
END_TEST

/* Documents longer than the scan's 1 MiB window, a comment, CDATA section, processing
 * instruction, end tag or empty tag 1 to 3 bytes before its first 1 MiB ends (the scan moves
 * its window to the tag it reads near the end, so where a window ends depends on the tags
 * before): the document still split, into the same statements. */
START_TEST(constructs_across_the_window)
{
	static const char *const marks[] = { "<!--", "<![CDATA[", "<?pi", "</ex:Thing>", "<ex:Empty" };
	const long window = 1L << 20;
	char *text = document(1700, 0, NULL);
	size_t k, len = strlen(text), decl = strchr(text, '\n') - text + 1;
	long back;

	ck_assert_uint_gt(len, (size_t)window + 4096);
	for (k = 0; k < sizeof marks / sizeof *marks; k++) {
		/* under valgrind (where these 15 documents of over 1 MiB, each parsed twice, took 318 s)
		 * one distance per construct, a different one for each: the same code paths */
		long first = tu_under_valgrind() ? 1 + (long)(k % 3) : 1, last = tu_under_valgrind() ? first : 3;
		for (back = first; back <= last; back++) {
			/* pad the prolog so that the first mark after the window's end - 1000 starts back bytes
			 * before it */
			const char *m = strstr(text + window - 1000, marks[k]);
			long pad;
			char *padded, *path;
			collected whole = { 0 }, parts = { 0 };
			outcome a, b;
			ck_assert_ptr_nonnull(m);
			pad = window - back - (m - text);
			ck_assert_int_ge(pad, 0);
			ck_assert_ptr_nonnull(padded = malloc(len + (size_t)pad + 1));
			memcpy(padded, text, decl);
			memset(padded + decl, ' ', (size_t)pad);
			memcpy(padded + decl + pad, text + decl, len - decl + 1);
			ck_assert_int_eq(strncmp(padded + window - back, marks[k], strlen(marks[k])), 0);
			path = write_temp(padded, len + (size_t)pad);
			parse_whole(&a, &whole, path);
			parse_parts(&b, &parts, path, 100000);
			ck_assert_ds_ok(a.rc);
			ck_assert_ds_ok(b.rc);
			ck_assert_msg(b.nparts >= 10, "%s %ld bytes before the window's end: %zu parts", marks[k], back,
				      b.nparts);
			ck_assert_msg(strcmp(parts.text.data, whole.text.data) == 0,
				      "%s %ld bytes before: other statements", marks[k], back);
			collected_free(&whole);
			collected_free(&parts);
			remove(path);
			free(path);
			free(padded);
		}
	}
	free(text);
}
END_TEST

/* Documents whose parts could not stand alone, or that the scan does not read as it expects:
 * never split (the one parser reads them and names any fault). */
START_TEST(no_split_when_unsure)
{
	static const char *const docs[] = {
		/* a DOCTYPE: its internal subset may define entities */
		"<?xml version=\"1.0\"?>\n<!DOCTYPE rdf:RDF [<!ENTITY e \"x\">]>\n" HEAD_ROOT
		"<ex:A rdf:about=\"a\"/>\n"
		"<ex:B rdf:about=\"b\"/>\n</rdf:RDF>\n",
		/* rdf:ID values are checked once per document */
		HEAD_ROOT "<ex:A rdf:ID=\"a\"/>\n<ex:B rdf:about=\"b\"/>\n</rdf:RDF>\n",
		HEAD_ROOT
		"<ex:A rdf:about=\"a\"><ex:p rdf:bagID=\"x\">v</ex:p></ex:A>\n<ex:B rdf:about=\"b\"/>\n</rdf:RDF>\n",
		/* another encoding */
		"<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>\n" HEAD_ROOT "<ex:A rdf:about=\"a\"/>\n"
		"<ex:B rdf:about=\"b\"/>\n</rdf:RDF>\n",
		/* a root that is not rdf:RDF */
		"<ex:A xmlns:ex=\"http://example.org/ns#\" xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\" "
		"rdf:about=\"a\"><ex:p><ex:B rdf:about=\"b\"/></ex:p><ex:p><ex:B rdf:about=\"c\"/></ex:p></ex:A>\n",
		"<rdf:RDF xmlns:rdf=\"http://example.org/not-rdf#\" xmlns:ex=\"http://example.org/ns#\">\n<ex:A/>\n"
		"<ex:B/>\n</rdf:RDF>\n",
		/* a root that is not closed, or closed at once */
		HEAD_ROOT "<ex:A rdf:about=\"a\"/>\n<ex:B rdf:about=\"b\"/>\n<ex:C rdf:about=\"c\"/>\n",
		"<rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\"/>\n",
		/* lines ending in CR alone (the scan counts LF) */
		HEAD_ROOT "<ex:A rdf:about=\"a\"/>\r<ex:B rdf:about=\"b\"/>\r</rdf:RDF>\r",
		/* a tag the scan cannot read */
		HEAD_ROOT "<ex:A rdf:about=a/>\n<ex:B rdf:about=\"b\"/>\n</rdf:RDF>\n",
		HEAD_ROOT "<ex:A rdf:about=\"a\"/>\n< ex:B rdf:about=\"b\"/>\n</rdf:RDF>\n",
		HEAD_ROOT "<ex:A rdf:about=\"a\"/>\n<!-- not closed\n<ex:B rdf:about=\"b\"/>\n</rdf:RDF>\n",
	};
	size_t k;

	for (k = 0; k < sizeof docs / sizeof *docs; k++) {
		char *path = write_temp(docs[k], strlen(docs[k]));
		ds__rdf_split sp;
		int fd = open(path, O_RDONLY);
		ck_assert_int_ge(fd, 0);
		ck_assert_ds_ok(ds__rdf_split_file(&sp, fd, 1));
		ck_assert_msg(sp.nparts == 0, "document %zu was split", k);
		close(fd);
		remove(path);
		free(path);
	}
	{ /* a NUL byte anywhere */
		static const char doc[] = HEAD_ROOT "<ex:A rdf:about=\"a\"/>\n<ex:B rdf:about=\"b\"/>\n</rdf:RDF>\n";
		size_t len = sizeof doc - 1, at;
		for (at = len - 30; at < len; at += 7) {
			char *copy = malloc(len), *path;
			ds__rdf_split sp;
			int fd;
			memcpy(copy, doc, len);
			copy[at] = '\0';
			path = write_temp(copy, len);
			ck_assert_int_ge(fd = open(path, O_RDONLY), 0);
			ck_assert_ds_ok(ds__rdf_split_file(&sp, fd, 1));
			ck_assert_msg(sp.nparts == 0, "a NUL at %zu: split", at);
			close(fd);
			remove(path);
			free(path);
			free(copy);
		}
	}
	{ /* the same shape without the fault is split (the cases above fail for their fault), CRLF too */
		static const char doc[] =
			HEAD_ROOT "<ex:A rdf:about=\"a\"/>\r\n<ex:B rdf:about=\"b\"/>\r\n</rdf:RDF>\r\n";
		char *path = write_temp(doc, sizeof doc - 1);
		ds__rdf_split sp;
		int fd = open(path, O_RDONLY);
		ck_assert_int_ge(fd, 0);
		ck_assert_ds_ok(ds__rdf_split_file(&sp, fd, 1));
		ck_assert_uint_eq(sp.nparts, 3);
		ds__rdf_split_dispose(&sp);
		close(fd);
		remove(path);
		free(path);
	}
}
END_TEST

int main(void)
{
	Suite *s = suite_create("rdf_split");
	TCase *tc = tcase_create("split");
	SRunner *sr;
	int failed;

	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, parts_give_the_same_statements);
	tcase_add_test(tc, errors_name_the_file_line);
	tcase_add_test(tc, no_split_when_unsure);
	tcase_add_test(tc, constructs_across_the_window);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
