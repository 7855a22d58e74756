/*
 * A SQLite table as a probe source: opened read-only, columns and declared
 * types from pragma_table_xinfo (generated columns included, as SELECT *
 * returns them), rows from SELECT * with the table name quoted
 * as an identifier. Values come as text: integers and reals as SQLite prints
 * them, blobs as lower-case hex (an empty BLOB is an empty value, not a null:
 * ds__record.empty_value), SQL NULL flagged. A REAL comes as SQLite prints it
 * ("%!.15g": 1.5, 100.0, 1.0e+20); the exponent form is kept as text (no
 * floating point is done here), so such a column reads as text. TEXT values are checked as
 * UTF-8 like any other input (SQLite does not validate what it stores).
 *
 * Progress: a table's share of the file is not known without scanning it,
 * so bytes_total is 0 (unknown) and bytes_done counts the bytes of the
 * values delivered.
 * SPDX-License-Identifier: MIT
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include <sqlite3.h>

#include "probe/source_internal.h"

typedef struct sqlite_source {
	ds__source base;
	ds__recbuild rb;
	sqlite3 *db;
	sqlite3_stmt *rows;
	long number;
} sqlite_source;

static int db_error(sqlite_source *ss, int code, const char *what)
{
	int extended = ss->db ? sqlite3_extended_errcode(ss->db) : code;
	ds__error(code == SQLITE_NOTADB || code == SQLITE_CANTOPEN ? DS_EIO : DS_EDB, "%s: %s: %s", ss->base.location,
		  what, ss->db ? sqlite3_errmsg(ss->db) : sqlite3_errstr(code));
	ds__error_cause("sqlite", extended);
	return code == SQLITE_NOTADB || code == SQLITE_CANTOPEN ? DS_EIO : DS_EDB;
}

static int append_hex(ds__recbuild *rb, const unsigned char *blob, size_t n)
{
	static const char digits[] = "0123456789abcdef";
	char chunk[512];
	size_t i, k = 0;
	int rc;

	for (i = 0; i < n; i++) {
		chunk[k++] = digits[blob[i] >> 4];
		chunk[k++] = digits[blob[i] & 15];
		if (k == sizeof chunk) {
			if ((rc = ds__rb_append(rb, chunk, k, k)) < 0)
				return rc;
			k = 0;
		}
	}
	return k ? ds__rb_append(rb, chunk, k, k) : DS_OK;
}

static int sqlite_next(ds__source *s, ds__record *rec)
{
	sqlite_source *ss = (sqlite_source *)s;
	ds__recbuild *rb = &ss->rb;
	int rc, i, n, type;

	rc = sqlite3_step(ss->rows);
	if (rc == SQLITE_DONE)
		return 0;
	if (rc != SQLITE_ROW)
		return db_error(ss, rc, "reading the table failed");
	ds__rb_begin(rb, ss->number + 1);
	n = sqlite3_column_count(ss->rows);
	for (i = 0; i < n; i++) {
		if ((rc = ds__rb_field_begin(rb, 0)) < 0)
			return rc;
		type = sqlite3_column_type(ss->rows, i);
		if (type == SQLITE_NULL) {
			rb->cur_null = 1;
		} else if (type == SQLITE_BLOB) {
			const void *blob = sqlite3_column_blob(ss->rows, i);
			size_t len = (size_t)sqlite3_column_bytes(ss->rows, i);
			if (len && (rc = append_hex(rb, blob, len)) < 0)
				return rc;
			rb->cur_empty_value = len == 0; /* an empty BLOB is a value: only NULL is null */
		} else {
			const unsigned char *text = sqlite3_column_text(ss->rows, i);
			size_t len = (size_t)sqlite3_column_bytes(ss->rows, i);
			if (!text && sqlite3_errcode(ss->db) == SQLITE_NOMEM)
				return ds__enomem();
			if (text && (rc = ds__rb_append_checked(rb, (const char *)text, len, 0)) < 0)
				return rc;
		}
		ss->base.bytes_done += rb->cur_bytes;
		if ((rc = ds__rb_field_end(rb)) < 0)
			return rc;
	}
	ss->number++;
	ds__rb_deliver(rb, rec, 0, ss->number);
	return 1;
}

static void sqlite_close(ds__source *s)
{
	sqlite_source *ss = (sqlite_source *)s;

	sqlite3_finalize(ss->rows);
	sqlite3_close(ss->db);
	ds__rb_dispose(&ss->rb);
	ds__source_free_common(s);
	ds__free(ss);
}

static const ds__source_ops sqlite_ops = { .next = sqlite_next, .close = sqlite_close };

/* Columns and declared types. */
static int read_columns(sqlite_source *ss, const char *table)
{
	sqlite3_stmt *info = NULL;
	char **names = NULL, **declared = NULL;
	size_t n = 0, cap = 0, i;
	int rc;

	rc = sqlite3_prepare_v2(ss->db,
				"SELECT name, type FROM pragma_table_xinfo(?1) WHERE hidden IN (0, 2, 3) ORDER BY cid",
				-1, &info, NULL);
	if (rc != SQLITE_OK) {
		rc = db_error(ss, rc, "cannot read the table's columns");
		goto done;
	}
	sqlite3_bind_text(info, 1, table, -1, SQLITE_STATIC);
	while ((rc = sqlite3_step(info)) == SQLITE_ROW) {
		const char *name = (const char *)sqlite3_column_text(info, 0);
		const char *type = (const char *)sqlite3_column_text(info, 1);
		if (n == cap) {
			size_t ncap = cap ? 2 * cap : 16;
			char **p1 = ds__realloc(names, ncap * sizeof *names);
			char **p2 = p1 ? ds__realloc(declared, ncap * sizeof *declared) : NULL;
			if (p1)
				names = p1;
			if (!p2) {
				rc = ds__enomem();
				goto done;
			}
			declared = p2;
			cap = ncap;
		}
		names[n] = ds__strdup(name ? name : "");
		declared[n] = type && type[0] ? ds__strdup(type) : NULL;
		n++;
		if (!names[n - 1] || (type && type[0] && !declared[n - 1])) {
			rc = ds__enomem();
			goto done;
		}
	}
	if (rc != SQLITE_DONE) {
		rc = db_error(ss, rc, "cannot read the table's columns");
		goto done;
	}
	if (n == 0) {
		rc = ds__error_at(DS_ENOTFOUND, 0, 0, "table", "%s: no table or view named '%s'", ss->base.location,
				  table);
		goto done;
	}
	/* the names go first: set_names owns them from here, also on failure */
	ss->base.declared = declared;
	declared = NULL;
	rc = ds__source_set_names(&ss->base, names, n, 0);
	names = NULL;
	if (rc < 0) {
		/* set_names freed the names; the declared types follow them */
		for (i = 0; i < n; i++)
			ds__free(ss->base.declared[i]);
		ds__free(ss->base.declared);
		ss->base.declared = NULL;
	}
	n = 0;
done:
	for (i = 0; i < n; i++) {
		if (names)
			ds__free(names[i]);
		if (declared)
			ds__free(declared[i]);
	}
	ds__free(names);
	ds__free(declared);
	sqlite3_finalize(info);
	return rc < 0 ? rc : DS_OK;
}

int ds__source_open_sqlite(ds__source **out, const char *path, const char *table)
{
	sqlite_source *ss = NULL;
	ds__buf sql = DS__BUF_INIT;
	const char *q;
	int rc;

	*out = NULL;
	if (!path)
		return ds__error_at(DS_EINVAL, 0, 0, "path", "no database path given");
	if (!table || !table[0])
		return ds__error_at(DS_EINVAL, 0, 0, "table", "no table name given");
	if (!(ss = ds__calloc(1, sizeof *ss)))
		return ds__enomem();
	ss->base.ops = &sqlite_ops;
	ss->base.kind = "sqlite";
	strcpy(ss->base.encoding, "UTF-8");
	ss->base.encoding_confidence = 100;
	ds__rb_init(&ss->rb, &ss->base);
	ds__buf_printf(&sql, "%s#%s", path, table);
	if ((rc = ds__buf_detach(&ss->base.location, &sql)) < 0) {
		rc = ds__enomem();
		goto done;
	}
	rc = sqlite3_open_v2(path, &ss->db, SQLITE_OPEN_READONLY, NULL);
	if (rc != SQLITE_OK) {
		ds__error(DS_EIO, "%s: cannot open the database: %s", path,
			  ss->db ? sqlite3_errmsg(ss->db) : sqlite3_errstr(rc));
		ds__error_cause("sqlite", ss->db ? sqlite3_extended_errcode(ss->db) : rc);
		rc = DS_EIO;
		goto done;
	}
	if ((rc = read_columns(ss, table)) < 0)
		goto done;
	/* the identifier in double quotes, quotes inside doubled */
	ds__buf_puts(&sql, "SELECT * FROM \"");
	for (q = table; *q; q++) {
		if (*q == '"')
			ds__buf_putc(&sql, '"');
		ds__buf_putc(&sql, *q);
	}
	ds__buf_putc(&sql, '"');
	if (sql.oom) {
		rc = ds__enomem();
		goto done;
	}
	rc = sqlite3_prepare_v2(ss->db, sql.data, -1, &ss->rows, NULL);
	if (rc != SQLITE_OK) {
		rc = db_error(ss, rc, "cannot read the table");
		goto done;
	}
	if ((size_t)sqlite3_column_count(ss->rows) != ss->base.ncolumns) {
		rc = ds__error(DS_EDB, "%s: the table has %d result columns, its definition %zu", ss->base.location,
			       sqlite3_column_count(ss->rows), ss->base.ncolumns);
		goto done;
	}
	*out = &ss->base;
	ss = NULL;
	rc = DS_OK;
done:
	ds__buf_dispose(&sql);
	if (ss)
		sqlite_close(&ss->base);
	return rc;
}
