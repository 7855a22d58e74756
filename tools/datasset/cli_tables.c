/*
 * Tabular output shared by the commands that have tables: see cli_tables.h.
 * SPDX-License-Identifier: MIT
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli_tables.h"

void cli_table_opts_init(cli_table_opts *o)
{
	memset(o, 0, sizeof *o);
	o->excel_text = 1;
}

int cli_table_option(const char *command, cli_table_opts *o, int opt, const char *value)
{
	switch (opt) {
	case CLI_T_OUT: o->out = value; return 1;
	case CLI_T_BOM: o->bom_given = 1; return 1;
	case CLI_T_NO_BOM: o->no_bom = 1; return 1;
	case CLI_T_TABLE: o->table = value; return 1;
	case CLI_T_ENCODING:
		if (strcmp(value, "utf-8") && strcmp(value, "UTF-8") && strcmp(value, "gbk") && strcmp(value, "GBK"))
			return cli_usage_error(command, _("--encoding must be utf-8 or gbk, not '%s'"), value);
		o->encoding = value;
		return 1;
	case CLI_T_EXCEL_TEXT:
		if (strcmp(value, "yes") && strcmp(value, "no"))
			return cli_usage_error(command, _("--excel-text must be yes or no, not '%s'"), value);
		o->excel_text = strcmp(value, "yes") == 0;
		return 1;
	}
	return 0;
}

int cli_table_opts_given(const cli_table_opts *o)
{
	return o->table || o->encoding || o->no_bom || !o->excel_text;
}

static int write_file(const char *command, const char *path, const char *text)
{
	FILE *f = fopen(path, "wb");
	size_t n = strlen(text);

	if (!f || fwrite(text, 1, n, f) != n || fclose(f) != 0) {
		if (f)
			fclose(f);
		cli_error(command, _("%s: cannot write the file"), path);
		return CLI_EXIT_FAILURE;
	}
	return CLI_EXIT_OK;
}

/* OUT with "-NAME" before its extension. */
static char *table_path(const char *out, const char *name)
{
	const char *slash = strrchr(out, '/'), *dot = strrchr(out, '.');
	size_t stem = dot && (!slash || dot > slash + 1) ? (size_t)(dot - out) : strlen(out);
	char *path = malloc(strlen(out) + strlen(name) + 2);

	if (path)
		sprintf(path, "%.*s-%s%s", (int)stem, out, name, out + stem);
	return path;
}

int cli_tables_emit(const char *command, const ds_tables *tables, int xlsx, const cli_table_opts *o)
{
	ds_csv_options csv = DS_CSV_OPTIONS_INIT;
	size_t count = ds_tables_count(tables), index, first = 0, last = count;
	const char *name;
	int status = CLI_EXIT_OK;

	if (xlsx) {
		if (!o->out)
			return cli_usage_error(command,
					       _("--format xlsx needs --out FILE (a workbook is not written to "
						 "the terminal)"));
		if (o->table || o->encoding || o->no_bom || !o->excel_text)
			return cli_usage_error(command, _("--table, --encoding, --no-bom and --excel-text are for "
							  "--format csv (a workbook has every table, one sheet each)"));
		if (!ds_tables_xlsx_supported()) {
			cli_error(command, _("--format xlsx: this datasset was built without libxlsxwriter"));
			return CLI_EXIT_FAILURE;
		}
		return ds_tables_save_xlsx(tables, o->out) < 0 ? cli_library_error(command) : CLI_EXIT_OK;
	}
	if (o->table) {
		char *end;
		unsigned long n = strtoul(o->table, &end, 10);
		if (*o->table >= '1' && *o->table <= '9' && !*end) {
			if (n > count)
				return cli_usage_error(command, _("--table %s: there are %zu tables"), o->table, count);
			index = n - 1;
		} else if (ds_tables_find(&index, tables, o->table) < 0)
			return cli_usage_error(command, _("--table: %s"), ds_error_last()->message);
		first = index, last = index + 1;
	} else if (count > 1 && !o->out) {
		char names[512] = "";
		size_t i;
		for (i = 0; i < count && ds_tables_at(&name, NULL, tables, i) == DS_OK; i++)
			snprintf(names + strlen(names), sizeof names - strlen(names), "%s%zu %s", i ? ", " : "", i + 1,
				 name);
		return cli_usage_error(command,
				       _("CSV is one table per file and there are %zu (%s): choose one with --table, "
					 "or give --out FILE for one file each"),
				       count, names);
	}
	csv.bom = !o->no_bom;
	csv.excel_text = o->excel_text;
	csv.encoding = o->encoding;
	for (index = first; index < last && status == CLI_EXIT_OK; index++) {
		char *text = NULL, *path = NULL;
		if (ds_tables_to_csv(&text, tables, index, &csv) < 0)
			return cli_library_error(command);
		ds_tables_at(&name, NULL, tables, index);
		if (!o->out)
			fputs(text, stdout);
		else if (last - first == 1)
			status = write_file(command, o->out, text);
		else if (!(path = table_path(o->out, name))) {
			cli_error(command, _("out of memory"));
			status = CLI_EXIT_FAILURE;
		} else
			status = write_file(command, path, text);
		free(path);
		ds_free(text);
	}
	return status;
}
