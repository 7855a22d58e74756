/*
 * datasset probe: automatic discovery (自动探查) of a CSV/TSV file or a SQLite
 * table, the change report between two stored probes, and a catalogue entry
 * draft from a probe.
 * SPDX-License-Identifier: MIT
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sys/stat.h>

#include <datasset/datasset.h>

#include "cli.h"

enum {
	OPT_ENCODING = 1,
	OPT_DELIMITER,
	OPT_NO_HEADER,
	OPT_HEADER,
	OPT_SKIP,
	OPT_THREADS,
	OPT_UPDATE_CYCLE,
	OPT_AS_OF,
	OPT_OUT,
	OPT_FORMAT,
	OPT_CHECK
};

static const cli_option probe_options[] = { { "encoding", 1, OPT_ENCODING },
					    { "delimiter", 1, OPT_DELIMITER },
					    { "no-header", 0, OPT_NO_HEADER },
					    { "header", 1, OPT_HEADER },
					    { "skip", 1, OPT_SKIP },
					    { "threads", 1, OPT_THREADS },
					    { "update-cycle", 1, OPT_UPDATE_CYCLE },
					    { "as-of", 1, OPT_AS_OF },
					    { "out", 1, OPT_OUT },
					    { "format", 1, OPT_FORMAT },
					    { "check", 0, OPT_CHECK },
					    { NULL, 0, 0 } };

static void print_help(void)
{
	fputs(_("Usage: datasset probe FILE.csv [--encoding auto|utf-8|gb18030|utf-16|NAME] [--delimiter ,]\n"
		"                      [--header auto|yes|no] [--skip N] [--update-cycle 每月] [--as-of YYYY-MM-DD]\n"
		"                      [--threads N] [--out REPORT.xml | --format text|xml]\n"
		"       datasset probe sqlite:PATH#TABLE [--update-cycle ...] [--as-of ...] [--out REPORT.xml]\n"
		"       datasset probe diff OLD.xml NEW.xml [--check]\n"
		"       datasset probe to-catalog REPORT.xml\n"
		"\n"
		"Probe a source once, streaming, in bounded memory: the inferred type of every\n"
		"column with its evidence, statistics, recognised identifiers (统一社会信用代码,\n"
		"居民身份证号, mobile numbers, 行政区划代码, e-mail; 个人信息 flagged), GB/T 36344\n"
		"quality indicators, a fingerprint and the reader's problems. Without --out a\n"
		"summary is printed; with --out the probe report (urn:datasset:probe:1) is written.\n"
		"A file literally named 'diff' or 'to-catalog' is probed as ./diff.\n"
		"The encoding, delimiter and header are detected unless given; an uncertain\n"
		"choice is printed as a warning on stderr (and kept in the report), binary input\n"
		"(zip/xlsx, xls, ...) is refused naming its format; gzip-compressed CSV is read\n"
		"through zlib when built with it.\n"
		"\n"
		"diff: compare two stored probes of one source and print one line per event\n"
		"(severity, kind, column, old -> new; '*' marks events that put the catalogue\n"
		"entry out of date), or 'no changes'.\n"
		"to-catalog: print a catalogue entry draft (urn:datasset:catalog:1) with one 信息项 per column.\n"
		"\n"
		"Options:\n"
		"  --encoding NAME       auto (default), utf-8, gb18030 (gbk), utf-16, utf-16le, utf-16be,\n"
		"                        or another name ICU knows (latin1, windows-1252, shift_jis, ...)\n"
		"  --delimiter C         the field delimiter: one character, or 'tab' (default: detected)\n"
		"  --header auto|yes|no  whether the first record is the header (default: detected from\n"
		"                        the types of the first records); without, columns are column_1 ...\n"
		"  --no-header           the same as --header no\n"
		"  --skip N              records (non-empty lines) before the header to skip (default:\n"
		"                        a preamble of titles, notes or comments is detected and warned)\n"
		"  --threads N           threads parsing and analysing the records, 1 to 64 (default:\n"
		"                        the online CPUs, at most 4); the report is the same whatever\n"
		"                        the number\n"
		"  --update-cycle CYCLE  更新周期 declared for the source: 实时 每日 每周 每月 每季度 每半年 每年 不定期\n"
		"  --as-of DATE          judge 时效性 at this date (with --update-cycle)\n"
		"  --out FILE            write the probe report to FILE\n"
		"  --format text|xml     print the summary (default) or the report on stdout\n"
		"  --check               diff: exit 1 when the catalogue entry is out of date\n"
		"  -h, --help            show this help\n"
		"\n"
		"A progress bar is shown on stderr when it is a terminal.\n"
		"Exit status: 0 success (diff: the comparison ran, whatever it found, unless --check),\n"
		"1 failure (or, with --check, a stale catalogue entry), 2 usage error.\n"
		"\n"
		"Examples (the two extracts of one source are in examples/data/):\n"
		"  datasset probe gjj-deposits.csv --out old.xml\n"
		"  datasset probe gjj-deposits-2025.csv --out new.xml\n"
		"  datasset probe diff old.xml new.xml\n"
		"  datasset probe to-catalog new.xml > entry.xml\n"),
	      stdout);
}

static void progress(uint64_t done, uint64_t total, void *context)
{
	int *shown = context;
	unsigned percent = total ? (unsigned)(done * 100 / total) : 100;
	char bar[41];
	unsigned i;

	for (i = 0; i < 40; i++)
		bar[i] = i < percent * 40 / 100 ? '#' : '.';
	bar[40] = '\0';
	fputc('\r', stderr);
	fprintf(stderr, _("probe [%s] %3u%% %llu/%llu MB"), bar, percent, (unsigned long long)(done >> 20),
		(unsigned long long)(total >> 20));
	if (done >= total)
		fputc('\n', stderr);
	fflush(stderr);
	*shown = 1;
}

static int write_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "wb");
	int ok;

	if (!f) {
		cli_error("probe", _("cannot write %s"), path);
		return -1;
	}
	ok = fputs(text, f) >= 0;
	ok = (fclose(f) == 0) && ok;
	if (!ok) {
		cli_error("probe", _("cannot write %s"), path);
		return -1;
	}
	return 0;
}

static void print_quality(const ds_probe *probe, size_t column)
{
	ds_decimal *score = NULL;
	int k;

	if (ds_decimal_new(&score) < 0)
		return;
	for (k = 0; k < 4; k++) {
		char *text = NULL;
		if (ds_probe_quality(score, probe, (ds_probe_dimension)k, column) < 0) {
			if (column == (size_t)-1)
				printf("  %s -", ds_probe_dimension_name((ds_probe_dimension)k));
			continue;
		}
		if (ds_decimal_to_string_scaled(&text, score, 2, DS_ROUND_HALF_UP, 0) == DS_OK)
			printf("  %s %s", ds_probe_dimension_name((ds_probe_dimension)k), text);
		ds_free(text);
	}
	ds_decimal_free(score);
}

static void print_summary(const ds_probe *probe)
{
	ds_probe_detection_info det;
	ds_probe_source_info src;
	ds_probe_records rec;
	const char *schema, *content;
	size_t i, k;

	ds_probe_source(&src, probe);
	ds_probe_record_stats(&rec, probe);
	ds_probe_fingerprint(&schema, &content, probe);
	printf(_("source: %s %s (%s"), src.kind, src.location, src.encoding);
	if (src.delimiter == '\t')
		fputs(_(", delimiter tab"), stdout);
	else if (src.delimiter)
		printf(_(", delimiter '%c'"), src.delimiter);
	/* TRANSLATORS: ends the "source: ..." line: header or not, BOM or not, and the
	   parenthesis that "source: %s %s (%s" opened. */
	printf(_("%s%s)\n"), src.header ? _(", header") : _(", no header"), src.bom ? ", BOM" : "");
	if (ds_probe_detection(&det, probe) == DS_OK && strcmp(src.kind, "csv") == 0) {
		const char *detected = _("detected"), *given = _("given");
		printf(_("read: encoding %s"), det.encoding_detected ? detected : given);
		if (det.encoding_detected)
			printf(_(" (confidence %u"), det.encoding_confidence);
		if (det.encoding_detected && det.runner_up)
			printf(_(", next %s %u"), det.runner_up, det.runner_up_confidence);
		/* TRANSLATORS: closes the parenthesis that " (confidence %u" opened. */
		const char *close = det.encoding_detected ? _(")") : "";
		printf(_("%s, delimiter %s, header %s\n"), close, det.delimiter_detected ? detected : given,
		       det.header_detected ? detected : given);
	}
	for (k = 0; k < ds_probe_warning_count(probe); k++) {
		const char *kind, *message;
		ds_probe_warning_at(&kind, &message, probe, k);
		printf(_("warning (%s): %s\n"), kind, message);
	}
	printf(_("rows: %llu  columns: %zu  complete records: %llu  duplicates: %llu of %llu%s\n"),
	       (unsigned long long)rec.rows, src.columns, (unsigned long long)rec.complete,
	       (unsigned long long)rec.duplicates, (unsigned long long)rec.duplicate_window,
	       rec.duplicates_exact ? "" : _(" (first records only)"));
	if (rec.latest_date)
		printf(_("latest date: %s\n"), rec.latest_date);
	printf(_("schema digest: %s\ncontent digest: %s\n"), schema, content);
	fputs(_("quality (0-100):"), stdout);
	print_quality(probe, (size_t)-1);
	printf("\n");
	for (i = 0; i < src.columns; i++) {
		ds_probe_column_info c;
		ds_probe_column_at(&c, probe, i);
		printf("%zu. %s: %s", i + 1, c.name, ds_probe_type_name(c.type));
		if (c.type == DS_PROBE_DECIMAL)
			printf("(%d,%d)", c.precision, c.scale);
		if (c.format)
			printf(" %s", c.format);
		if (c.semantic)
			printf(" [%s%s]", ds_probe_semantic_name(c.semantic), c.personal_info ? ", 个人信息" : "");
		if (c.dominant)
			printf(_(" (mostly %s: %llu of %llu)"), ds_probe_type_name(c.dominant),
			       (unsigned long long)c.dominant_count, (unsigned long long)c.non_empty);
		printf(_("; nulls %llu, distinct %s%llu, max length %llu"), (unsigned long long)c.nulls,
		       c.distinct_exact ? "" : "~", (unsigned long long)c.distinct, (unsigned long long)c.max_length);
		if (c.unique)
			fputs(_(", unique"), stdout);
		if (c.min)
			printf(_(", min %s, max %s"), c.min, c.max);
		fputs(_("\n   quality:"), stdout);
		print_quality(probe, i);
		printf("\n");
		if (c.top_count) {
			fputs(_("   top:"), stdout);
			for (k = 0; k < c.top_count && k < 5; k++) {
				const char *value;
				uint64_t count;
				ds_probe_top_at(&value, &count, probe, i, k);
				printf(" %s (%llu)%s", value, (unsigned long long)count,
				       k + 1 < c.top_count && k + 1 < 5 ? "," : "");
			}
			printf("\n");
		}
	}
	for (k = 0; k < DS_PROBLEM_KINDS; k++) {
		uint64_t count;
		size_t samples, j;
		ds_probe_problem(&count, &samples, probe, (ds_probe_problem_kind)k);
		if (!count)
			continue;
		printf(_("problem %s: %llu\n"), ds_probe_problem_name((ds_probe_problem_kind)k),
		       (unsigned long long)count);
		for (j = 0; j < samples; j++) {
			const char *message;
			ds_probe_problem_sample_at(NULL, NULL, &message, probe, (ds_probe_problem_kind)k, j);
			printf("   %s\n", message);
		}
	}
}

static int run_probe(const char *target, const ds_probe_options *opts, const char *out_path, int xml)
{
	ds_probe *probe = NULL;
	char *text = NULL;
	size_t i;
	int rc, status = CLI_EXIT_FAILURE;

	if (strncmp(target, "sqlite:", 7) == 0) {
		/* PATH#TABLE: the path ends at the first '#' before which an
		 * existing file stands, so a table name may hold '#' (and so may
		 * a path, when no shorter prefix is a file) */
		const char *spec = target + 7, *hash = strchr(spec, '#');
		char *path = NULL;
		struct stat st;

		if (!hash)
			return cli_usage_error("probe", _("a SQLite source is sqlite:PATH#TABLE"));
		if (!(path = malloc(strlen(spec) + 1))) {
			cli_error("probe", _("out of memory"));
			return CLI_EXIT_FAILURE;
		}
		for (; hash; hash = strchr(hash + 1, '#')) {
			memcpy(path, spec, (size_t)(hash - spec));
			path[hash - spec] = '\0';
			if (hash > spec && stat(path, &st) == 0 && S_ISREG(st.st_mode))
				break;
		}
		if (!hash) {
			hash = strchr(spec, '#');
			cli_error("probe",
				  _("%s: no database file: neither '%.*s' nor a longer path before a later '#' exists"),
				  target, (int)(hash - spec), spec);
			free(path);
			return CLI_EXIT_FAILURE;
		}
		if (!hash[1]) {
			free(path);
			return cli_usage_error("probe", _("a SQLite source is sqlite:PATH#TABLE"));
		}
		rc = ds_probe_sqlite(&probe, path, hash + 1, opts);
		free(path);
	} else {
		rc = ds_probe_file(&probe, target, opts);
	}
	if (rc < 0) {
		cli_library_error("probe");
		goto done;
	}
	/* a guess is never silent: on stderr whatever goes to stdout */
	for (i = 0; i < ds_probe_warning_count(probe); i++) {
		const char *kind, *message;
		ds_probe_warning_at(&kind, &message, probe, i);
		fprintf(stderr, _("datasset probe: warning (%s): %s\n"), kind, message);
	}
	if (out_path || xml) {
		if (ds_probe_to_xml(&text, probe) < 0) {
			cli_library_error("probe");
			goto done;
		}
		if (out_path) {
			if (write_file(out_path, text) < 0)
				goto done;
		} else {
			fputs(text, stdout);
		}
	}
	if (!xml)
		print_summary(probe);
	status = CLI_EXIT_OK;
done:
	ds_free(text);
	ds_probe_free(probe);
	return status;
}

static int run_diff(const char *old_path, const char *new_path, int check)
{
	ds_probe *a = NULL, *b = NULL;
	ds_probe_diff *diff = NULL;
	size_t i, n;
	int status = CLI_EXIT_FAILURE;

	if (ds_probe_load(&a, old_path) < 0 || ds_probe_load(&b, new_path) < 0 ||
	    ds_probe_diff_new(&diff, a, b, NULL) < 0) {
		cli_library_error("probe");
		goto done;
	}
	n = ds_probe_diff_count(diff);
	if (n == 0)
		fputs(_("no changes\n"), stdout);
	for (i = 0; i < n; i++) {
		ds_probe_event e;
		ds_probe_diff_at(&e, diff, i);
		printf("%s%-8s %s", e.catalog_stale ? "*" : " ", ds_probe_severity_name(e.severity),
		       ds_probe_change_name(e.change));
		if (e.column)
			printf(" %s", e.column);
		if (e.old_value || e.new_value)
			printf(": %s -> %s", e.old_value ? e.old_value : "-", e.new_value ? e.new_value : "-");
		printf("\n");
	}
	if (ds_probe_diff_catalog_stale(diff))
		fputs(_("the catalogue entry is out of date\n"), stdout);
	status = check && ds_probe_diff_catalog_stale(diff) ? CLI_EXIT_FAILURE : CLI_EXIT_OK;
done:
	ds_probe_diff_free(diff);
	ds_probe_free(a);
	ds_probe_free(b);
	return status;
}

static int run_to_catalog(const char *path)
{
	ds_probe *probe = NULL;
	ds_resource *entry = NULL;
	ds_catalog *catalog = NULL;
	char *text = NULL;
	int status = CLI_EXIT_FAILURE;

	if (ds_probe_load(&probe, path) < 0 || ds_probe_to_resource(&entry, probe) < 0 ||
	    ds_catalog_new(&catalog) < 0 || ds_catalog_add(catalog, entry) < 0) {
		cli_library_error("probe");
		goto done;
	}
	entry = NULL; /* the catalogue owns it */
	if (ds_catalog_to_xml(&text, catalog) < 0) {
		cli_library_error("probe");
		goto done;
	}
	fputs(text, stdout);
	status = CLI_EXIT_OK;
done:
	ds_free(text);
	ds_resource_free(entry);
	ds_catalog_free(catalog);
	ds_probe_free(probe);
	return status;
}

int cmd_probe(int argc, char **argv)
{
	ds_probe_options opts = DS_PROBE_OPTIONS_INIT;
	cli_args args;
	const char *value, *out_path = NULL, *format = NULL;
	char **operands;
	int opt, check = 0, probe_opts = 0, shown = 0, xml = 0;

	cli_args_init(&args, "probe", probe_options, argc, argv);
	while ((opt = cli_next(&args, &value)) != CLI_DONE) {
		switch (opt) {
		case CLI_HELP: print_help(); return CLI_EXIT_OK;
		case CLI_USAGE: return CLI_EXIT_USAGE;
		case OPT_ENCODING:
			opts.encoding = value;
			probe_opts = 1;
			break;
		case OPT_DELIMITER:
			if (strcmp(value, "tab") == 0 || strcmp(value, "\\t") == 0)
				opts.delimiter = '\t';
			else if (strlen(value) == 1 && value[0] != '"' && value[0] != '\n' && value[0] != '\r')
				opts.delimiter = value[0];
			else
				return cli_usage_error("probe", _("--delimiter takes one character or 'tab'"));
			probe_opts = 1;
			break;
		case OPT_NO_HEADER:
			opts.header = DS_PROBE_HEADER_NO;
			probe_opts = 1;
			break;
		case OPT_HEADER:
			if (strcmp(value, "auto") == 0)
				opts.header = DS_PROBE_HEADER_AUTO;
			else if (strcmp(value, "yes") == 0)
				opts.header = DS_PROBE_HEADER_YES;
			else if (strcmp(value, "no") == 0)
				opts.header = DS_PROBE_HEADER_NO;
			else
				return cli_usage_error("probe", _("--header is auto, yes or no"));
			probe_opts = 1;
			break;
		case OPT_SKIP: {
			char *endp = NULL;
			long n;
			errno = 0;
			n = strtol(value, &endp, 10);
			if (!value[0] || *endp || errno || n < 0 || n > 1000000)
				return cli_usage_error("probe", _("--skip takes a number of records, 0 to 1000000"));
			opts.skip = n;
			probe_opts = 1;
			break;
		}
		case OPT_THREADS: {
			char *endp = NULL;
			long n;
			errno = 0;
			n = strtol(value, &endp, 10);
			if (!value[0] || *endp || errno || n < 1 || n > (long)DS_PROBE_MAX_THREADS)
				return cli_usage_error("probe", _("--threads takes a number of threads, 1 to 64"));
			opts.threads = (unsigned)n;
			probe_opts = 1;
			break;
		}
		case OPT_UPDATE_CYCLE:
			opts.update_cycle = value;
			probe_opts = 1;
			break;
		case OPT_AS_OF:
			opts.as_of = value;
			probe_opts = 1;
			break;
		case OPT_OUT:
			out_path = value;
			probe_opts = 1;
			break;
		case OPT_FORMAT:
			format = value;
			probe_opts = 1;
			break;
		case OPT_CHECK: check = 1; break;
		}
	}
	operands = cli_operands(&args);
	if (args.operand_count == 0)
		return cli_usage_error("probe", _("missing FILE, sqlite:PATH#TABLE, diff or to-catalog"));
	if (strcmp(operands[0], "diff") == 0) {
		if (args.operand_count != 3 || probe_opts)
			return cli_usage_error("probe", _("diff takes OLD.xml NEW.xml and only --check"));
		return run_diff(operands[1], operands[2], check);
	}
	if (strcmp(operands[0], "to-catalog") == 0) {
		if (args.operand_count != 2 || probe_opts || check)
			return cli_usage_error("probe", _("to-catalog takes one REPORT.xml and no options"));
		return run_to_catalog(operands[1]);
	}
	if (args.operand_count != 1)
		return cli_usage_error("probe", _("one source at a time"));
	if (check)
		return cli_usage_error("probe", _("--check goes with diff"));
	if (format) {
		if (strcmp(format, "xml") == 0)
			xml = 1;
		else if (strcmp(format, "text") != 0)
			return cli_usage_error("probe", _("--format is text or xml"));
		if (xml && out_path)
			return cli_usage_error("probe", _("--out and --format xml both choose where the report goes"));
	}
	if (opts.as_of && !opts.update_cycle)
		return cli_usage_error("probe", _("--as-of needs --update-cycle"));
	if (isatty(STDERR_FILENO)) {
		opts.progress = progress;
		opts.progress_context = &shown;
	}
	return run_probe(operands[0], &opts, out_path, xml);
}
