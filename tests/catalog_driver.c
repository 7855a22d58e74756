/*
 * A driver over the public catalogue API for the differential test
 * (tests/catalog_oracle.py), which checks every answer against an independent
 * Python implementation of the profile rules, the text folding and the
 * document format.
 *
 *   catalog_driver validate FILE PROFILE   one line per problem:
 *                                          ENTRY<TAB>FIELD<TAB>RULE<TAB>error|warning
 *   catalog_driver search FILE             reads queries from stdin, one per line:
 *                                          TEXT<TAB>PROVIDER<TAB>SHARE_TYPE (empty = unset);
 *                                          answers with the matching 0-based indexes
 *   catalog_driver export FILE             the native XML export
 *   catalog_driver dcat FILE BASE          the DCAT RDF/XML export; "triples N" on stderr
 *   catalog_driver dcat-roundtrip FILE     export as DCAT, import that, print the native XML
 *   catalog_driver report FILE PROFILE     the whole report as `datasset catalog validate` prints it
 *                                          (identifier and message too) and the counts, from
 *                                          ds_catalog_load() and ds_catalog_validate()
 *   catalog_driver report-file FILE PROFILE  the same from ds_catalog_validate_file() (entry by entry)
 *   catalog_driver search-file FILE        as search, with ds_catalog_search_file()
 *   catalog_driver import-dcat FILE        DCAT imported in memory (ds_catalog_load_dcat), native XML
 *   catalog_driver import-dcat-file FILE OUT  the same through ds_catalog_import_dcat_file() into
 *                                          OUT, then OUT printed ("entries N" on stderr)
 * The file modes must print byte for byte what the in-memory ones print.
 * Errors: "ERR <code name> <message>" and exit status 1.
 * SPDX-License-Identifier: MIT
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <datasset/datasset.h>

static int fail(void)
{
	printf("ERR %s %s\n", ds_strerror(ds_error_last()->code), ds_error_last()->message);
	return 1;
}

/* Split @line at tabs into up to @max fields (empty field -> NULL). */
static void split(char *line, char **fields, int max)
{
	int i;

	for (i = 0; i < max; i++) {
		char *tab = line ? strchr(line, '\t') : NULL;
		fields[i] = line && *line && line != tab ? line : NULL;
		if (tab)
			*tab = '\0';
		line = tab ? tab + 1 : NULL;
	}
}

/* One problem: entry, field, rule and severity; with @full also the identifier and message. */
static void print_problem(const ds_catalog_problem *problem, int full)
{
	printf("%zu\t%s\t%s\t%s", problem->entry, problem->field, problem->rule,
	       problem->severity == DS_SEVERITY_ERROR ? "error" : "warning");
	if (full)
		printf("\t%s\t%s", problem->identifier, problem->message);
	putchar('\n');
}

/* ds_catalog_validate()'s report: "validate" prints the short lines, "report" (@full) the
 * long ones and a closing count, as report-file prints them from the streaming path. */
static int report(ds_catalog *c, const char *profile_name, int full)
{
	ds_profile *p = NULL;
	ds_catalog_report *r = NULL;
	ds_catalog_problem problem;
	size_t i;

	if (ds_profile_load(&p, profile_name) < 0 || ds_catalog_validate(&r, c, p) < 0)
		return fail();
	for (i = 0; i < ds_catalog_report_count(r); i++) {
		ds_catalog_report_at(&problem, r, i);
		print_problem(&problem, full);
	}
	if (full)
		printf("%zu entries, %zu errors, %zu warnings\n", ds_catalog_count(c), ds_catalog_report_errors(r),
		       ds_catalog_report_count(r) - ds_catalog_report_errors(r));
	ds_catalog_report_free(r);
	ds_profile_free(p);
	return 0;
}

static int on_problem(const ds_catalog_problem *problem, void *context)
{
	(void)context;
	print_problem(problem, 1);
	return DS_OK;
}

static int report_file(const char *path, const char *profile_name)
{
	ds_profile *p = NULL;
	size_t entries, errors, warnings;

	if (ds_profile_load(&p, profile_name) < 0 ||
	    ds_catalog_validate_file(&entries, &errors, &warnings, path, p, on_problem, NULL) < 0) {
		ds_profile_free(p);
		return fail();
	}
	printf("%zu entries, %zu errors, %zu warnings\n", entries, errors, warnings);
	ds_profile_free(p);
	return 0;
}

typedef struct matches {
	size_t *v, n, cap;
} matches;

static int on_match(const ds_resource *resource, size_t index, void *context)
{
	matches *m = context;

	(void)resource;
	if (m->n == m->cap) {
		size_t cap = m->cap ? 2 * m->cap : 64;
		size_t *grown = realloc(m->v, cap * sizeof *grown);
		if (!grown)
			return DS_ENOMEM;
		m->v = grown;
		m->cap = cap;
	}
	m->v[m->n++] = index;
	return DS_OK;
}

/*
 * One query per stdin line, TEXT<TAB>PROVIDER<TAB>SHARE_TYPE; prints the matching indexes.
 * Searches @c in memory, or the file @path entry by entry when @c is NULL, so that both modes
 * read their queries the same way.
 */
static int search_lines(ds_catalog *c, const char *path)
{
	char line[4096], *fields[3];
	ds_search_options opts;
	matches m = { NULL, 0, 0 };
	size_t *hits, count, i;
	int status;

	while (fgets(line, sizeof line, stdin)) {
		line[strcspn(line, "\n")] = '\0';
		split(line, fields, 3);
		ds_search_options_init(&opts, DS_SEARCH_OPTIONS_VERSION);
		opts.text = fields[0];
		opts.provider = fields[1];
		opts.share_type = fields[2];
		if (c) {
			status = ds_catalog_search(&hits, &count, c, &opts);
		} else {
			m.n = 0;
			status = ds_catalog_search_file(path, &opts, on_match, &m);
			hits = m.v;
			count = m.n;
		}
		if (status < 0) {
			free(m.v);
			return fail();
		}
		for (i = 0; i < count; i++)
			printf(i ? " %zu" : "%zu", hits[i]);
		putchar('\n');
		if (c)
			ds_free(hits);
	}
	free(m.v);
	return 0;
}

int main(int argc, char **argv)
{
	ds_catalog *c = NULL;
	char *text = NULL;
	int status;

	if (argc < 3) {
		fputs("usage: catalog_driver validate FILE PROFILE | search FILE | export FILE\n", stderr);
		return 2;
	}
	if (strcmp(argv[1], "report-file") == 0 && argc > 3)
		return report_file(argv[2], argv[3]);
	if (strcmp(argv[1], "search-file") == 0)
		return search_lines(NULL, argv[2]);
	if (strcmp(argv[1], "import-dcat") == 0) {
		status = ds_catalog_load_dcat(&c, argv[2]) < 0 || ds_catalog_to_xml(&text, c) < 0 ?
				 fail() :
				 (fputs(text, stdout), 0);
		ds_free(text);
		ds_catalog_free(c);
		return status;
	}
	if (strcmp(argv[1], "import-dcat-file") == 0 && argc > 3) {
		size_t entries = 0, n;
		char chunk[65536];
		FILE *f;
		if (ds_catalog_import_dcat_file(&entries, argv[3], argv[2]) < 0)
			return fail();
		if (!(f = fopen(argv[3], "rb")))
			return 1;
		while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
			fwrite(chunk, 1, n, stdout);
		fclose(f);
		fprintf(stderr, "entries %zu\n", entries);
		return 0;
	}
	if (ds_catalog_load(&c, argv[2]) < 0)
		return fail();
	if (strcmp(argv[1], "report") == 0 && argc > 3)
		status = report(c, argv[3], 1);
	else if (strcmp(argv[1], "validate") == 0 && argc > 3)
		status = report(c, argv[3], 0);
	else if (strcmp(argv[1], "search") == 0)
		status = search_lines(c, NULL);
	else if (strcmp(argv[1], "export") == 0) {
		status = ds_catalog_to_xml(&text, c) < 0 ? fail() : (fputs(text, stdout), 0);
		ds_free(text);
	} else if (strcmp(argv[1], "dcat") == 0 && argc > 3) {
		ds_dcat_options opts = DS_DCAT_OPTIONS_INIT;
		size_t triples = 0;
		opts.base_uri = argv[3];
		status = ds_catalog_to_dcat(&text, &triples, c, &opts) < 0 ? fail() : (fputs(text, stdout), 0);
		fprintf(stderr, "triples %zu\n", triples);
		ds_free(text);
	} else if (strcmp(argv[1], "dcat-roundtrip") == 0) {
		ds_catalog *back = NULL;
		char *rdf = NULL;
		status = ds_catalog_to_dcat(&rdf, NULL, c, NULL) < 0 ||
					 ds_catalog_parse_dcat(&back, rdf, strlen(rdf), "export") < 0 ||
					 ds_catalog_to_xml(&text, back) < 0 ?
				 fail() :
				 (fputs(text, stdout), 0);
		ds_free(rdf);
		ds_free(text);
		ds_catalog_free(back);
	} else {
		fputs("catalog_driver: unknown command\n", stderr);
		status = 2;
	}
	ds_catalog_free(c);
	return status;
}
