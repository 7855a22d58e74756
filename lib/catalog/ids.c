/*
 * The identifiers of a catalogue read entry by entry (validation and search of
 * a file, docs/catalog.md "Large catalogues"): a private temporary SQLite
 * database, so that a repeated identifier and a related code are checked
 * exactly while memory stays bounded (a page cache of a few MiB) whatever the
 * number of entries. SQLite deletes the file when the connection closes.
 * SPDX-License-Identifier: MIT
 */
#include "config.h"

#include <sqlite3.h>
#include <string.h>

#include "catalog/catalog_internal.h"

struct cat_ids {
	sqlite3 *db;
	sqlite3_stmt *insert, *find, *set_iri, *find_iri;
};

static int ids_error(cat_ids *ids, int rc, const char *what)
{
	if (rc == SQLITE_NOMEM)
		return ds__enomem();
	return ds__error(DS_EIO, "the temporary index of identifiers: %s: %s", what,
			 ids && ids->db ? sqlite3_errmsg(ids->db) : sqlite3_errstr(rc));
}

static int ids_exec(cat_ids *ids, const char *sql)
{
	int rc = sqlite3_exec(ids->db, sql, NULL, NULL, NULL);

	return rc == SQLITE_OK ? DS_OK : ids_error(ids, rc, sql);
}

void cat__ids_free(cat_ids *ids)
{
	if (!ids)
		return;
	sqlite3_finalize(ids->insert);
	sqlite3_finalize(ids->find);
	sqlite3_finalize(ids->set_iri);
	sqlite3_finalize(ids->find_iri);
	sqlite3_close(ids->db);
	ds__free(ids);
}

int cat__ids_open(cat_ids **out)
{
	cat_ids *ids = ds__calloc(1, sizeof *ids);
	int rc;

	if (!ids)
		return ds__enomem();
	/* "": a private on-disk database, deleted when closed */
	if ((rc = sqlite3_open_v2("", &ids->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL)) != SQLITE_OK) {
		rc = ids_error(ids, rc, "open");
		goto fail;
	}
	/* nothing to recover after a crash: no journal, no sync; 4 MiB of page cache; one
	 * transaction for the whole run (never committed) */
	if ((rc = ids_exec(ids, "PRAGMA journal_mode = OFF")) < 0 ||
	    (rc = ids_exec(ids, "PRAGMA synchronous = OFF")) < 0 ||
	    (rc = ids_exec(ids, "PRAGMA cache_size = -4096")) < 0 ||
	    (rc = ids_exec(ids, "PRAGMA temp_store = FILE")) < 0 ||
	    (rc = ids_exec(ids,
			   "CREATE TABLE ids (id TEXT PRIMARY KEY, entry INTEGER NOT NULL, iri TEXT) WITHOUT ROWID")) <
		    0 ||
	    (rc = ids_exec(ids, "BEGIN")) < 0)
		goto fail;
	if ((rc = sqlite3_prepare_v2(ids->db, "INSERT INTO ids (id, entry) VALUES (?1, ?2) ON CONFLICT DO NOTHING", -1,
				     &ids->insert, NULL)) != SQLITE_OK ||
	    (rc = sqlite3_prepare_v2(ids->db, "SELECT entry FROM ids WHERE id = ?1", -1, &ids->find, NULL)) !=
		    SQLITE_OK ||
	    (rc = sqlite3_prepare_v2(ids->db, "UPDATE ids SET iri = ?2 WHERE id = ?1", -1, &ids->set_iri, NULL)) !=
		    SQLITE_OK ||
	    (rc = sqlite3_prepare_v2(ids->db, "SELECT entry, iri FROM ids WHERE id = ?1", -1, &ids->find_iri, NULL)) !=
		    SQLITE_OK) {
		rc = ids_error(ids, rc, "prepare");
		goto fail;
	}
	*out = ids;
	return DS_OK;
fail:
	cat__ids_free(ids);
	return rc;
}

int cat__ids_find(size_t *index, cat_ids *ids, const char *id)
{
	int rc;

	*index = (size_t)-1;
	sqlite3_reset(ids->find);
	if ((rc = sqlite3_bind_text(ids->find, 1, id, -1, SQLITE_STATIC)) != SQLITE_OK)
		return ids_error(ids, rc, "find");
	rc = sqlite3_step(ids->find);
	if (rc == SQLITE_ROW)
		*index = (size_t)sqlite3_column_int64(ids->find, 0);
	else if (rc != SQLITE_DONE)
		rc = ids_error(ids, rc, "find");
	sqlite3_reset(ids->find);
	return rc < 0 ? rc : DS_OK;
}

int cat__ids_add(size_t *first, cat_ids *ids, const char *id, size_t index)
{
	int rc;

	*first = (size_t)-1;
	sqlite3_reset(ids->insert);
	if ((rc = sqlite3_bind_text(ids->insert, 1, id, -1, SQLITE_STATIC)) != SQLITE_OK ||
	    (rc = sqlite3_bind_int64(ids->insert, 2, (sqlite3_int64)index)) != SQLITE_OK)
		return ids_error(ids, rc, "insert");
	rc = sqlite3_step(ids->insert);
	sqlite3_reset(ids->insert);
	if (rc != SQLITE_DONE)
		return ids_error(ids, rc, "insert");
	if (sqlite3_changes(ids->db) == 1)
		return DS_OK;
	if ((rc = cat__ids_find(first, ids, id)) < 0)
		return rc;
	return DS_EEXISTS;
}

int cat__ids_set_iri(cat_ids *ids, const char *id, const char *iri)
{
	int rc;

	sqlite3_reset(ids->set_iri);
	if ((rc = sqlite3_bind_text(ids->set_iri, 1, id, -1, SQLITE_STATIC)) != SQLITE_OK ||
	    (rc = sqlite3_bind_text(ids->set_iri, 2, iri, -1, SQLITE_STATIC)) != SQLITE_OK)
		return ids_error(ids, rc, "update");
	rc = sqlite3_step(ids->set_iri);
	sqlite3_reset(ids->set_iri);
	return rc == SQLITE_DONE ? DS_OK : ids_error(ids, rc, "update");
}

int cat__ids_find_iri(size_t *index, ds__buf *iri, cat_ids *ids, const char *id)
{
	const unsigned char *text;
	int rc;

	*index = (size_t)-1;
	ds__buf_clear(iri);
	sqlite3_reset(ids->find_iri);
	if ((rc = sqlite3_bind_text(ids->find_iri, 1, id, -1, SQLITE_STATIC)) != SQLITE_OK)
		return ids_error(ids, rc, "find");
	rc = sqlite3_step(ids->find_iri);
	if (rc == SQLITE_ROW) {
		*index = (size_t)sqlite3_column_int64(ids->find_iri, 0);
		if ((text = sqlite3_column_text(ids->find_iri, 1)) != NULL)
			ds__buf_puts(iri, (const char *)text);
		rc = iri->oom ? ds__enomem() : DS_OK;
	} else if (rc != SQLITE_DONE) {
		rc = ids_error(ids, rc, "find");
	}
	sqlite3_reset(ids->find_iri);
	return rc < 0 ? rc : DS_OK;
}
