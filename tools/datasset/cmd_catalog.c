/*
 * datasset catalog: validate, list, search, export and diff metadata catalogues.
 * SPDX-License-Identifier: MIT
 */
#define _POSIX_C_SOURCE 200809L /* mkstemp */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <datasset/datasset.h>

#include "cli.h"

enum {
	OPT_PROFILE = 1,
	OPT_SORT,
	OPT_FORMAT,
	OPT_BOM,
	OPT_PROVIDER,
	OPT_CATEGORY,
	OPT_SHARE_TYPE,
	OPT_OPEN_TYPE,
	OPT_UPDATE_CYCLE,
	OPT_BASE,
	OPT_REMOVE_MISSING,
	OPT_OUTPUT,
	OPT_DESCRIPTION,
	OPT_PUBLISHER
};

/* Each subcommand: its name, operand count, usage line, and the options it takes. */
typedef struct subcommand {
	const char *name;
	const char *command; /* for messages: "catalog validate" */
	int min_operands, max_operands;
	const char *usage;
	const cli_option *options;
} subcommand;

static const cli_option validate_options[] = { { "profile", 1, OPT_PROFILE }, { NULL, 0, 0 } };
static const cli_option list_options[] = { { "sort", 1, OPT_SORT }, { NULL, 0, 0 } };
static const cli_option search_options[] = { { "provider", 1, OPT_PROVIDER },
					     { "category", 1, OPT_CATEGORY },
					     { "share-type", 1, OPT_SHARE_TYPE },
					     { "open-type", 1, OPT_OPEN_TYPE },
					     { "update-cycle", 1, OPT_UPDATE_CYCLE },
					     { "sort", 1, OPT_SORT },
					     { NULL, 0, 0 } };
static const cli_option export_options[] = { { "format", 1, OPT_FORMAT },
					     { "bom", 0, OPT_BOM },
					     { "base", 1, OPT_BASE },
					     { "output", 1, OPT_OUTPUT },
					     { "description", 1, OPT_DESCRIPTION },
					     { "publisher", 1, OPT_PUBLISHER },
					     { NULL, 0, 0 } };
static const cli_option diff_options[] = { { NULL, 0, 0 } };
static const cli_option import_options[] = { { "output", 1, OPT_OUTPUT }, { NULL, 0, 0 } };
static const cli_option merge_options[] = { { "remove-missing", 0, OPT_REMOVE_MISSING }, { NULL, 0, 0 } };

static const subcommand subcommands[] = {
	{ "validate", "catalog validate", 1, 1, "datasset catalog validate FILE [--profile jinan|gbt21063|FILE]",
	  validate_options },
	{ "list", "catalog list", 1, 1, "datasset catalog list FILE [--sort pinyin|id]", list_options },
	{ "search", "catalog search", 1, 2,
	  "datasset catalog search FILE [QUERY] [--provider X] [--category X] [--share-type X] [--open-type X] "
	  "[--update-cycle X] [--sort pinyin|id]",
	  search_options },
	{ "export", "catalog export", 1, 1,
	  "datasset catalog export FILE --format xml|csv|dcat|turtle|ntriples [--bom] [--base URI] "
	  "[--description TEXT] [--publisher NAME] [--output OUT]",
	  export_options },
	{ "import-dcat", "catalog import-dcat", 1, 1, "datasset catalog import-dcat FILE [--output OUT]",
	  import_options },
	{ "diff", "catalog diff", 2, 2, "datasset catalog diff OLD NEW", diff_options },
	{ "merge", "catalog merge", 2, 2, "datasset catalog merge BASE UPDATE [--remove-missing]", merge_options },
	{ NULL, NULL, 0, 0, NULL, NULL }
};

static void print_help(void)
{
	fputs(_("Usage: datasset catalog <subcommand> [options]\n"
		"\n"
		"Work with 政务元数据 catalogues in the native XML format (urn:datasset:catalog:1).\n"
		"\n"
		"Subcommands:\n"
		"  validate FILE [--profile P]  check every entry against a profile and print every problem,\n"
		"                               one a line: FIELD-PATH: error|warning [RULE] IDENTIFIER: MESSAGE;\n"
		"                               P is jinan (default), gbt21063 or a profile file.\n"
		"                               Exit status 1 when there are errors (warnings alone: 0).\n"
		"  list FILE [--sort pinyin|id] print IDENTIFIER<TAB>TITLE<TAB>PROVIDER for each entry\n"
		"  search FILE [QUERY] [...]    print the entries that match, as list does. QUERY matches a\n"
		"                               substring of the title, abstract or keywords (full-width and\n"
		"                               case-insensitive), or the title's pinyin or initials (zfgjj).\n"
		"                               --provider X (name substring or code), --category X (code\n"
		"                               prefix or name substring), --share-type X, --open-type X,\n"
		"                               --update-cycle X (exact values), --sort pinyin|id\n"
		"  export FILE --format F       write the catalogue as native XML (xml), CSV (csv; --bom starts\n"
		"                               it with a UTF-8 byte order mark for Excel) or DCAT-AP 3 as\n"
		"                               RDF/XML (dcat), Turtle (turtle) or N-Triples (ntriples);\n"
		"                               --base URI is the prefix of the URIs it mints, --description\n"
		"                               and --publisher describe the dcat:Catalog (default: its title),\n"
		"                               --output OUT writes DCAT entry by entry to OUT (bounded memory)\n"
		"  import-dcat FILE             read DCAT (RDF/XML, Turtle or N-Triples, as export writes it or\n"
		"                               as a portal publishes it) and write the native XML, entry by\n"
		"                               entry (bounded memory; --output OUT writes it to OUT)\n"
		"  diff OLD NEW                 print the entries added (+), removed (-) and changed (~, with\n"
		"                               the fields that differ), matched by identifier\n"
		"  merge BASE UPDATE            apply UPDATE to BASE (new entries appended, changed ones\n"
		"                               replaced in place; --remove-missing: UPDATE is a full snapshot,\n"
		"                               entries it lacks are removed) and write the native XML\n"
		"\n"
		"Run 'datasset catalog <subcommand> --help' for its usage line.\n"
		"\n"
		"Examples (catalog-jinan.xml is in examples/data/):\n"
		"  datasset catalog validate catalog-jinan.xml --profile jinan\n"
		"  datasset catalog search catalog-jinan.xml zfgjj\n"
		"  datasset catalog export catalog-jinan.xml --format csv --bom > catalog.csv\n"
		"  datasset catalog export catalog-jinan.xml --format turtle --base https://data.jinan.gov.cn/ > catalog.ttl\n"),
	      stdout);
}

static int load(ds_catalog **out, const char *command, const char *path)
{
	if (ds_catalog_load(out, path) < 0)
		return cli_library_error(command);
	return CLI_EXIT_OK;
}

static int print_problem(const ds_catalog_problem *problem, void *context)
{
	(void)context;
	printf("%s: %s [%s] %s: %s\n", problem->field, problem->severity == DS_SEVERITY_ERROR ? "error" : "warning",
	       problem->rule, problem->identifier[0] ? problem->identifier : "(no identifier)", problem->message);
	return DS_OK;
}

static int ignore_entry(const ds_resource *resource, size_t index, void *context)
{
	(void)resource;
	(void)index;
	(void)context;
	return DS_OK;
}

/* The file is validated entry by entry (memory does not grow with it); the output is what
 * loading it whole and validating the catalogue gives. */
static int validate(char **operands, const char *profile_name)
{
	ds_profile *profile = NULL;
	size_t entries = 0, errors = 0, warnings = 0;
	int status;

	if (ds_profile_load(&profile, profile_name ? profile_name : "jinan") < 0) {
		/* a document that cannot be read is reported first, as when it is loaded before the profile */
		if (ds_catalog_search_file(operands[0], NULL, ignore_entry, NULL) == DS_OK)
			ds_profile_load(&profile, profile_name ? profile_name : "jinan");
		status = cli_library_error("catalog validate");
		goto done;
	}
	if (ds_catalog_validate_file(&entries, &errors, &warnings, operands[0], profile, print_problem, NULL) < 0) {
		status = cli_library_error("catalog validate");
		goto done;
	}
	printf(_("%s: %zu entries, %zu errors, %zu warnings (profile %s)\n"), operands[0], entries, errors, warnings,
	       ds_profile_name(profile));
	status = errors ? CLI_EXIT_FAILURE : CLI_EXIT_OK;
done:
	ds_profile_free(profile);
	return status;
}

static const char *or_empty(const char *s)
{
	return s ? s : "";
}

static void print_entry(const ds_resource *r)
{
	printf("%s\t%s\t%s\n", or_empty(ds_resource_get(r, DS_FIELD_IDENTIFIER)),
	       or_empty(ds_resource_get(r, DS_FIELD_TITLE)), or_empty(ds_resource_get(r, DS_FIELD_PROVIDER_NAME)));
}

static int sort_of(ds_sort *out, const char *command, const char *name)
{
	if (!name || strcmp(name, "id") == 0)
		*out = DS_SORT_IDENTIFIER;
	else if (strcmp(name, "pinyin") == 0)
		*out = DS_SORT_PINYIN;
	else
		return cli_usage_error(command, _("--sort must be pinyin or id, not '%s'"), name);
	return CLI_EXIT_OK;
}

/* A match of a search of a file: its line goes to a temporary file (printed once the whole
 * file was read, as nothing is printed for a document that cannot be read); with --sort,
 * what the line and the sort need goes to a catalogue of matches. */
typedef struct matches {
	FILE *lines;
	ds_catalog *kept;
} matches;

static int keep_match(const ds_resource *resource, size_t index, void *context)
{
	static const ds_field kept[] = { DS_FIELD_IDENTIFIER, DS_FIELD_TITLE, DS_FIELD_PROVIDER_NAME };
	matches *m = context;
	ds_resource *copy = NULL;
	size_t i;
	int rc;

	(void)index;
	if (m->lines) {
		fprintf(m->lines, "%s\t%s\t%s\n", or_empty(ds_resource_get(resource, DS_FIELD_IDENTIFIER)),
			or_empty(ds_resource_get(resource, DS_FIELD_TITLE)),
			or_empty(ds_resource_get(resource, DS_FIELD_PROVIDER_NAME)));
		return ferror(m->lines) ? DS_EIO : DS_OK;
	}
	if ((rc = ds_resource_new(&copy)) < 0)
		return rc;
	for (i = 0; i < sizeof kept / sizeof kept[0] && rc == DS_OK; i++)
		if (ds_resource_get(resource, kept[i]))
			rc = ds_resource_set(copy, kept[i], ds_resource_get(resource, kept[i]));
	if (rc == DS_OK)
		rc = ds_catalog_add(m->kept, copy);
	if (rc < 0)
		ds_resource_free(copy);
	return rc;
}

static int search_file(const subcommand *sub, const char *path, const char *sort_name, ds_sort order,
		       ds_search_options *criteria)
{
	matches m = { NULL, NULL };
	char chunk[65536];
	size_t i, n;
	int status = CLI_EXIT_OK;

	if (!sort_name && !(m.lines = tmpfile())) {
		cli_error(sub->command, _("cannot create a temporary file: %s"), strerror(errno));
		return CLI_EXIT_FAILURE;
	}
	if ((sort_name && ds_catalog_new(&m.kept) < 0) || ds_catalog_search_file(path, criteria, keep_match, &m) < 0 ||
	    (sort_name && ds_catalog_sort(m.kept, order) < 0)) {
		status = cli_library_error(sub->command);
		goto done;
	}
	if (m.lines) {
		rewind(m.lines);
		while ((n = fread(chunk, 1, sizeof chunk, m.lines)) > 0)
			fwrite(chunk, 1, n, stdout);
	}
	for (i = 0; i < ds_catalog_count(m.kept); i++) {
		const ds_resource *entry;
		if (ds_catalog_at(&entry, m.kept, i) < 0) {
			status = cli_library_error(sub->command);
			goto done;
		}
		print_entry(entry);
	}
done:
	if (m.lines)
		fclose(m.lines);
	ds_catalog_free(m.kept);
	return status;
}

static int list_or_search(const subcommand *sub, char **operands, int operand_count, const char *sort_name,
			  ds_search_options *criteria)
{
	ds_catalog *catalog = NULL;
	size_t *hits = NULL, count = 0, i;
	ds_sort order = DS_SORT_IDENTIFIER;
	int status;

	if ((status = sort_of(&order, sub->command, sort_name)) != CLI_EXIT_OK)
		return status;
	if (operand_count > 1)
		criteria->text = operands[1];
	if (strcmp(sub->name, "search") == 0) /* entry by entry: memory does not grow with the file */
		return search_file(sub, operands[0], sort_name, order, criteria);
	if ((status = load(&catalog, sub->command, operands[0])) != CLI_EXIT_OK)
		goto done;
	if ((sort_name && ds_catalog_sort(catalog, order) < 0) ||
	    ds_catalog_search(&hits, &count, catalog, criteria) < 0) {
		status = cli_library_error(sub->command);
		goto done;
	}
	for (i = 0; i < count; i++) {
		const ds_resource *entry;
		if (ds_catalog_at(&entry, catalog, hits[i]) < 0) {
			status = cli_library_error(sub->command);
			goto done;
		}
		print_entry(entry);
	}
done:
	ds_free(hits);
	ds_catalog_free(catalog);
	return status;
}

static int export(char **operands, const char *format, int bom, const char *base, const char *output,
		  const char *description, const char *publisher)
{
	ds_dcat_options dcat = DS_DCAT_OPTIONS_INIT;
	ds_catalog *catalog = NULL;
	char *text = NULL;
	int status, rc, is_dcat;

	if (!format)
		return cli_usage_error("catalog export", _("missing --format (xml, csv, dcat, turtle or ntriples)"));
	is_dcat = strcmp(format, "dcat") == 0 || strcmp(format, "turtle") == 0 || strcmp(format, "ntriples") == 0;
	if (strcmp(format, "xml") != 0 && strcmp(format, "csv") != 0 && !is_dcat)
		return cli_usage_error("catalog export",
				       _("--format must be xml, csv, dcat, turtle or ntriples, not '%s'"), format);
	if (bom && strcmp(format, "csv") != 0)
		return cli_usage_error("catalog export", _("--bom applies only to --format csv"));
	if ((base || output || description || publisher) && !is_dcat)
		return cli_usage_error("catalog export",
				       _("--base, --output, --description and --publisher apply only to DCAT formats"));
	dcat.base_uri = base;
	dcat.description = description;
	dcat.publisher = publisher;
	dcat.syntax = strcmp(format, "turtle") == 0   ? DS_DCAT_TURTLE :
		      strcmp(format, "ntriples") == 0 ? DS_DCAT_NTRIPLES :
							DS_DCAT_RDFXML;
	if (output) {
		if (ds_catalog_stream_dcat(NULL, output, operands[0], &dcat) < 0)
			return cli_library_error("catalog export");
		return CLI_EXIT_OK;
	}
	if ((status = load(&catalog, "catalog export", operands[0])) != CLI_EXIT_OK)
		goto done;
	if (strcmp(format, "xml") == 0)
		rc = ds_catalog_to_xml(&text, catalog);
	else if (strcmp(format, "csv") == 0)
		rc = ds_catalog_to_csv(&text, catalog, bom);
	else
		rc = ds_catalog_to_dcat(&text, NULL, catalog, &dcat);
	if (rc < 0) {
		status = cli_library_error("catalog export");
		goto done;
	}
	fputs(text, stdout);
done:
	ds_free(text);
	ds_catalog_free(catalog);
	return status;
}

/* Import through ds_catalog_import_dcat_file() (memory bounded whatever the number of
 * datasets): into OUT, or into a private temporary file copied to standard output. */
static int import_dcat(char **operands, const char *output)
{
	char path[4096], chunk[65536];
	const char *dir = getenv("TMPDIR");
	int status = CLI_EXIT_OK, fd;
	size_t n;
	FILE *f;

	if (output) {
		if (ds_catalog_import_dcat_file(NULL, output, operands[0]) < 0)
			return cli_library_error("catalog import-dcat");
		return CLI_EXIT_OK;
	}
	if (!dir || !*dir)
		dir = "/tmp";
	if ((size_t)snprintf(path, sizeof path, "%s/datasset-import-XXXXXX", dir) >= sizeof path) {
		cli_error("catalog import-dcat", _("the temporary directory name '%s' is too long"), dir);
		return CLI_EXIT_FAILURE;
	}
	if ((fd = mkstemp(path)) < 0) {
		cli_error("catalog import-dcat", _("cannot create a temporary file in '%s': %s"), dir, strerror(errno));
		return CLI_EXIT_FAILURE;
	}
	close(fd);
	if (ds_catalog_import_dcat_file(NULL, path, operands[0]) < 0) {
		status = cli_library_error("catalog import-dcat");
	} else if (!(f = fopen(path, "rb"))) {
		cli_error("catalog import-dcat", _("cannot read '%s': %s"), path, strerror(errno));
		status = CLI_EXIT_FAILURE;
	} else {
		while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
			fwrite(chunk, 1, n, stdout);
		fclose(f);
	}
	remove(path);
	return status;
}

static int diff(char **operands)
{
	static const char marks[] = { '+', '-', '~' };
	ds_catalog *old_catalog = NULL, *new_catalog = NULL;
	ds_catalog_diff *changes = NULL;
	ds_catalog_change change;
	size_t i;
	int status;

	if ((status = load(&old_catalog, "catalog diff", operands[0])) != CLI_EXIT_OK ||
	    (status = load(&new_catalog, "catalog diff", operands[1])) != CLI_EXIT_OK)
		goto done;
	if (ds_catalog_diff_new(&changes, old_catalog, new_catalog) < 0) {
		status = cli_library_error("catalog diff");
		goto done;
	}
	for (i = 0; i < ds_catalog_diff_count(changes); i++) {
		if (ds_catalog_diff_at(&change, changes, i) < 0) {
			status = cli_library_error("catalog diff");
			goto done;
		}
		if (change.kind == DS_CHANGE_CHANGED)
			printf("%c %s: %s\n", marks[change.kind], change.identifier, change.fields);
		else
			printf("%c %s\n", marks[change.kind], change.identifier);
	}
done:
	ds_catalog_diff_free(changes);
	ds_catalog_free(new_catalog);
	ds_catalog_free(old_catalog);
	return status;
}

static int merge(char **operands, int remove_missing)
{
	ds_catalog *base = NULL, *update = NULL;
	char *text = NULL;
	int status;

	if ((status = load(&base, "catalog merge", operands[0])) != CLI_EXIT_OK ||
	    (status = load(&update, "catalog merge", operands[1])) != CLI_EXIT_OK)
		goto done;
	if (ds_catalog_merge(NULL, base, update, remove_missing ? DS_MERGE_REMOVE_MISSING : 0) < 0 ||
	    ds_catalog_to_xml(&text, base) < 0) {
		status = cli_library_error("catalog merge");
		goto done;
	}
	fputs(text, stdout);
done:
	ds_free(text);
	ds_catalog_free(update);
	ds_catalog_free(base);
	return status;
}

int cmd_catalog(int argc, char **argv)
{
	const subcommand *sub;
	ds_search_options criteria = DS_SEARCH_OPTIONS_INIT;
	const char *value, *profile = NULL, *sort = NULL, *format = NULL, *base = NULL, *output = NULL;
	const char *description = NULL, *publisher = NULL;
	cli_args args;
	int opt, bom = 0, remove_missing = 0;

	if (argc < 2)
		return cli_usage_error(
			"catalog", _("missing subcommand (validate, list, search, export, import-dcat, diff, merge)"));
	if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
		print_help();
		return CLI_EXIT_OK;
	}
	for (sub = subcommands; sub->name && strcmp(sub->name, argv[1]) != 0; sub++)
		;
	if (!sub->name)
		return cli_usage_error(
			"catalog",
			_("unknown subcommand '%s' (valid: validate, list, search, export, import-dcat, diff, merge)"),
			argv[1]);
	cli_args_init(&args, sub->command, sub->options, argc - 1, argv + 1);
	while ((opt = cli_next(&args, &value)) != CLI_DONE) {
		switch (opt) {
		case CLI_HELP:
			printf(_("Usage: %s\n\nRun 'datasset catalog --help' for what it does.\n"), sub->usage);
			return CLI_EXIT_OK;
		case CLI_USAGE: return CLI_EXIT_USAGE;
		case OPT_PROFILE: profile = value; break;
		case OPT_SORT: sort = value; break;
		case OPT_FORMAT: format = value; break;
		case OPT_BOM: bom = 1; break;
		case OPT_BASE: base = value; break;
		case OPT_REMOVE_MISSING: remove_missing = 1; break;
		case OPT_OUTPUT: output = value; break;
		case OPT_DESCRIPTION: description = value; break;
		case OPT_PUBLISHER: publisher = value; break;
		case OPT_PROVIDER: criteria.provider = value; break;
		case OPT_CATEGORY: criteria.category = value; break;
		case OPT_SHARE_TYPE: criteria.share_type = value; break;
		case OPT_OPEN_TYPE: criteria.open_type = value; break;
		case OPT_UPDATE_CYCLE: criteria.update_cycle = value; break;
		}
	}
	if (args.operand_count < sub->min_operands)
		return cli_usage_error(sub->command, _("missing %s"),
				       sub->min_operands < 2 ?
					       "FILE" :
					       (strcmp(sub->name, "merge") == 0 ? "BASE and UPDATE" : "OLD and NEW"));
	if (args.operand_count > sub->max_operands)
		return cli_usage_error(sub->command, _("too many operands (usage: %s)"), sub->usage);
	if (strcmp(sub->name, "validate") == 0)
		return validate(cli_operands(&args), profile);
	if (strcmp(sub->name, "export") == 0)
		return export(cli_operands(&args), format, bom, base, output, description, publisher);
	if (strcmp(sub->name, "import-dcat") == 0)
		return import_dcat(cli_operands(&args), output);
	if (strcmp(sub->name, "diff") == 0)
		return diff(cli_operands(&args));
	if (strcmp(sub->name, "merge") == 0)
		return merge(cli_operands(&args), remove_missing);
	return list_or_search(sub, cli_operands(&args), args.operand_count, sort, &criteria);
}
