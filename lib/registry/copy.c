/*
 * Copying a registry between stores (SQLite file ↔ PostgreSQL) and proving
 * the copy: ds_registry_copy(). Every table row for row, ids kept, in one
 * transaction of the destination read from one snapshot of the source; then
 * each table compared row for row (inside that transaction: a difference
 * rolls it back), the key files copied, and after the commit the copy's log
 * recomputed from its events and compared with the source's root and size.
 * SPDX-License-Identifier: MIT
 */
#define _POSIX_C_SOURCE 200809L
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sys/stat.h>

#include "registry_internal.h"

/* The registry's tables (schema 10), in an order foreign keys accept, with
 * their columns and key. log_state is not here: its row exists in a new
 * store and is updated. */
static const struct copy_table {
	const char *name;
	const char *columns;
	int count;
	const char *order;
} tables[] = {
	{ "registry", "id, name, region, created, weekends_only", 5, "id" },
	{ "subjects", "code, name, type, region, created", 5, "code" },
	{ "registrations",
	  "id, subject, kind, right_, type, changes, state, entry_id, entry_title, entry_xml, scope, term,"
	  " restrictions, applied, updated, probe_xml, valuation_xml, publicity_start, publicity_end, registered,"
	  " certificate, query_code, scale_records, scale_fields, scale_bytes, coverage_region, coverage_period,"
	  " quality_summary",
	  28, "id" },
	{ "transitions", "seq, registration, from_state, to_state, actor, at, date, reason, evidence", 9, "seq" },
	{ "certificate_sequences", "year, kind, last", 3, "year, kind" },
	{ "calendar", "date, working, name", 3, "date" },
	{ "calendar_years", "year, source", 2, "year" },
	{ "events", "seq, type, registration, at, body", 5, "seq" },
	{ "trades", "id, seller, buyer, registration, amount, date, venue, voucher, created", 9, "id" },
	{ "log_nodes", "level, idx, hash", 3, "level, idx" },
	{ "log_state", "id, hash, size, last_seq", 4, "id" },
	{ "keys", "id, alg, public_pem, created, current", 5, "id" },
	{ "certificates", "registration, number, log_index, xml", 4, "registration" },
	{ "cancellations", "registration, cancels, log_index, xml, cancelled_by", 5, "registration" },
	{ "recognitions",
	  "id, registration, subject, date, amount, provider, founded, approved, independent, clean,"
	  " qualifications, filing, created",
	  13, "id" },
	{ "pledge_policy", "id, statutory_self, allow_subsequent", 3, "id" },
	{ "pledges",
	  "id, number, registration, version, state, pledgor, pledgee, pledgee_kind, debtor, claim_type, principal,"
	  " maximum, scope, debt_start, due_date, main_contract, pledge_contract, external_system, external_number,"
	  " external_time, perfected, claim, paid, paid_rank, reasons, applied, registered, updated",
	  28, "id" },
	{ "pledge_versions", "pledge, version, from_state, to_state, actor, at, date, reason, evidence, record", 10,
	  "pledge, version" },
	{ "pledge_consents", "id, pledge, action, actor, at, evidence, used_by", 7, "id" },
	{ "pledge_certificates", "pledge, number, log_index, xml", 4, "pledge" },
	{ "compliance_requirements", "kind, purpose, checklist, actor, created", 5, "kind" },
	{ "assessments",
	  "id, registration, checklist, checklist_version, checklist_digest, purpose, outcome, workflow, restrictions,"
	  " reasons, flags, xml, digest, assessed, evaluated, evaluator, actor, recorded, log_index, stale, stale_at",
	  21, "id" },
};
#define TABLE_COUNT (sizeof tables / sizeof tables[0])

/* A row's digest: its fields, each with its length (NULL distinct from ''). */
static int row_digest(ds_hash *out, ds__stmt *stmt, int columns)
{
	ds__buf b = DS__BUF_INIT;
	int i, rc;

	for (i = 0; i < columns; i++) {
		const char *text = ds__stmt_is_null(stmt, i) ? NULL : ds__stmt_text(stmt, i);
		if (!text)
			ds__buf_puts(&b, "N;");
		else
			ds__buf_printf(&b, "%zu:%s;", strlen(text), text);
	}
	if (b.oom) {
		ds__buf_dispose(&b);
		return ds__enomem();
	}
	rc = ds_hash_data(out, DS_HASH_SHA256, b.data ? b.data : "", b.len);
	ds__buf_dispose(&b);
	return rc;
}

static int compare_digest(const void *a, const void *b)
{
	return memcmp(((const ds_hash *)a)->bytes, ((const ds_hash *)b)->bytes, 32);
}

/* Every row of @t in @store as sorted digests (order-independent: the two
 * databases may sort text differently). *out is a new array (ds_free). */
static int table_digests(ds_hash **out, size_t *count, ds__store *store, const struct copy_table *t)
{
	ds__stmt *stmt = NULL;
	ds_hash *rows = NULL, *grown;
	size_t n = 0, cap = 0;
	char sql[600];
	int rc;

	snprintf(sql, sizeof sql, "SELECT %s FROM %s", t->columns, t->name);
	if ((rc = ds__store_prepare(&stmt, store, sql)) < 0)
		return rc;
	while ((rc = ds__stmt_step(stmt)) > 0) {
		if (n == cap) {
			cap = cap ? cap * 2 : 64;
			if (!(grown = ds__realloc(rows, cap * sizeof *rows))) {
				rc = ds__enomem();
				break;
			}
			rows = grown;
		}
		if ((rc = row_digest(&rows[n++], stmt, t->count)) < 0)
			break;
	}
	ds__stmt_finalize(stmt);
	if (rc < 0) {
		ds__free(rows);
		return rc;
	}
	if (n > 1)
		qsort(rows, n, sizeof *rows, compare_digest);
	*out = rows;
	*count = n;
	return DS_OK;
}

/* Copy the rows of @t from @from into @to (inside @to's transaction). */
static int copy_rows(ds__store *to, ds__store *from, const struct copy_table *t, size_t *copied)
{
	ds__stmt *get = NULL, *put = NULL;
	char select[700], insert[1200];
	size_t used;
	int rc, i;

	snprintf(select, sizeof select, "SELECT %s FROM %s ORDER BY %s", t->columns, t->name, t->order);
	if (strcmp(t->name, "log_state") == 0) {
		/* A new store has the row (size 0): set it. */
		snprintf(insert, sizeof insert,
			 "UPDATE log_state SET hash = ?2, size = ?3, last_seq = ?4 WHERE id = ?1");
	} else {
		used = (size_t)snprintf(insert, sizeof insert, "INSERT INTO %s (%s) VALUES (", t->name, t->columns);
		for (i = 0; i < t->count && used < sizeof insert; i++)
			used += (size_t)snprintf(insert + used, sizeof insert - used, "%s?", i ? ", " : "");
		if (used < sizeof insert)
			snprintf(insert + used, sizeof insert - used, ")");
	}
	*copied = 0;
	if ((rc = ds__store_prepare(&get, from, select)) < 0)
		return rc;
	while ((rc = ds__stmt_step(get)) > 0) {
		if ((rc = ds__store_prepare(&put, to, insert)) < 0)
			break;
		for (i = 0; i < t->count && rc >= 0; i++)
			rc = ds__stmt_is_null(get, i) ? ds__stmt_bind_null(put, i + 1) :
							ds__stmt_bind_text(put, i + 1, ds__stmt_text(get, i));
		if (rc >= 0)
			rc = ds__stmt_step(put);
		ds__stmt_finalize(put);
		put = NULL;
		if (rc < 0)
			break;
		(*copied)++;
	}
	ds__stmt_finalize(get);
	return rc < 0 ? rc : DS_OK;
}

/* Compare @t in both stores, row for row. */
static int compare_table(ds__store *a, ds__store *b, const struct copy_table *t)
{
	ds_hash *ra = NULL, *rb = NULL;
	size_t na = 0, nb = 0, i;
	int rc;

	if ((rc = table_digests(&ra, &na, a, t)) < 0 || (rc = table_digests(&rb, &nb, b, t)) < 0)
		goto done;
	if (na != nb) {
		rc = ds__error(DS_EVERIFY, "registry copy: table %s has %zu rows in the copy, %zu in the source",
			       t->name, nb, na);
		goto done;
	}
	for (i = 0; i < na; i++)
		if (memcmp(ra[i].bytes, rb[i].bytes, 32) != 0) {
			rc = ds__error(DS_EVERIFY, "registry copy: table %s differs from the source", t->name);
			goto done;
		}
done:
	ds__free(ra);
	ds__free(rb);
	return rc;
}

/* Copy one file to @to (which must not exist) with @mode. */
static int copy_file(const char *to, const char *from, mode_t mode)
{
	char buf[65536];
	ssize_t n;
	int in, out, rc = DS_OK;

	if ((in = open(from, O_RDONLY | O_NOFOLLOW)) < 0) {
		if (errno == ENOENT)
			return 1; /* not there: nothing to copy */
		return ds__error(DS_EIO, "registry copy: %s: %s", from, strerror(errno));
	}
	if ((out = open(to, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW, mode)) < 0) {
		rc = ds__error(errno == EEXIST ? DS_EEXISTS : DS_EIO, "registry copy: %s: %s", to, strerror(errno));
		close(in);
		return rc;
	}
	while ((n = read(in, buf, sizeof buf)) > 0)
		if (write(out, buf, (size_t)n) != n) {
			n = -1;
			break;
		}
	if (n < 0 || fchmod(out, mode) != 0 || fsync(out) != 0)
		rc = ds__error(DS_EIO, "registry copy: writing %s: %s", to, strerror(errno));
	close(in);
	if (close(out) != 0 && rc == DS_OK)
		rc = ds__error(DS_EIO, "registry copy: writing %s: %s", to, strerror(errno));
	return rc;
}

/* The key files copied so far, removed again if the copy fails. */
typedef struct copied_files {
	char **paths;
	size_t count;
} copied_files;

static void remove_files(copied_files *made, int unlink_them)
{
	size_t i;

	for (i = 0; i < made->count; i++) {
		if (unlink_them)
			(void)unlink(made->paths[i]);
		ds__free(made->paths[i]);
	}
	ds__free(made->paths);
	made->paths = NULL;
	made->count = 0;
}

/* The key files of every recorded key, from beside @from's store to beside
 * @to's: "BASE.ID16.key.pem" (0600) and "BASE.ID16.pub.pem" (0644). */
static int copy_key_files(copied_files *made, ds__store *to, ds__store *from)
{
	ds__stmt *stmt = NULL;
	char src[1200], dst[1200];
	int rc, kind;

	if ((rc = ds__store_prepare(&stmt, from, "SELECT id FROM keys ORDER BY id")) < 0)
		return rc;
	while ((rc = ds__stmt_step(stmt)) > 0) {
		const char *id = ds__stmt_text(stmt, 0);
		for (kind = 0; kind < 2 && rc >= 0; kind++) {
			const char *suffix = kind ? "pub" : "key";
			snprintf(src, sizeof src, "%s.%.16s.%s.pem", ds__store_files(from), id, suffix);
			snprintf(dst, sizeof dst, "%s.%.16s.%s.pem", ds__store_files(to), id, suffix);
			rc = copy_file(dst, src, kind ? 0644 : 0600);
			if (rc == DS_OK) {
				char **grown = ds__realloc(made->paths, (made->count + 1) * sizeof *grown);
				if (!grown || !(grown[made->count] = ds__strdup(dst))) {
					if (grown)
						made->paths = grown;
					(void)unlink(dst);
					rc = ds__enomem();
				} else {
					made->paths = grown;
					made->count++;
				}
			}
		}
		if (rc < 0)
			break;
	}
	ds__stmt_finalize(stmt);
	return rc < 0 ? rc : DS_OK;
}

int ds_registry_copy(char **report, const char *from, const char *to)
{
	ds__store_config config = { 1, 0, DS__STORE_SYNC_FULL, "registry" };
	ds_registry *src = NULL, *dst = NULL;
	ds__store *out = NULL;
	ds_translog *src_log = NULL, *dst_log = NULL;
	ds_hash src_root, dst_root;
	size_t counts[TABLE_COUNT], files = 0, i;
	copied_files made = { NULL, 0 };
	char *hex = NULL;
	uint64_t size = 0;
	int rc, reading = 0, writing = 0, new_file = 0;
	struct stat st;

	if (report)
		*report = NULL;
	if (!from || !to || !*from || !*to)
		return ds__error(DS_EINVAL, "registry copy: --from and --to are required");
	if (strcmp(from, to) == 0)
		return ds__error(DS_EINVAL, "registry copy: the source and the destination are the same");
	if ((rc = ds_registry_open(&src, from, NULL)) < 0)
		return rc;
	/* Only a registry whose log verifies is copied (and proven). */
	if ((rc = ds_registry_log_verify(NULL, src)) < 0)
		goto done;
	new_file = !ds__store_is_uri(to) && stat(to, &st) != 0 && errno == ENOENT;
	if ((rc = ds__store_open(&out, to, &config, ds__registry_migrations, ds__registry_migration_count)) < 0)
		goto done;
	if ((rc = ds__store_begin_read(src->store)) < 0)
		goto done;
	reading = 1;
	if ((rc = ds__store_begin(out)) < 0)
		goto done;
	writing = 1;
	{
		ds__stmt *stmt = NULL;
		if ((rc = ds__store_prepare(&stmt, out, "SELECT COUNT(*) FROM registry")) < 0)
			goto done;
		rc = ds__stmt_step(stmt);
		if (rc > 0 && ds__stmt_int(stmt, 0) != 0)
			rc = ds__error(DS_EEXISTS, "registry copy: '%s' already holds a registry: nothing was copied",
				       to);
		ds__stmt_finalize(stmt);
		if (rc < 0)
			goto done;
	}
	for (i = 0; i < TABLE_COUNT; i++)
		if ((rc = copy_rows(out, src->store, &tables[i], &counts[i])) < 0)
			goto done;
	for (i = 0; i < TABLE_COUNT; i++)
		if ((rc = compare_table(src->store, out, &tables[i])) < 0)
			goto done;
	if ((rc = copy_key_files(&made, out, src->store)) < 0)
		goto done;
	files = made.count;
	if ((rc = ds__store_commit(out)) < 0) {
		writing = 0;
		goto done;
	}
	writing = 0;
	new_file = 0;
	remove_files(&made, 0); /* committed: they stay */
	/* The proof of the log: the copy recomputes every node from its events,
	 * and its root at its size is the source's. */
	if ((rc = ds_registry_open(&dst, to, NULL)) < 0 || (rc = ds_registry_log_verify(NULL, dst)) < 0 ||
	    (rc = ds_registry_log(&src_log, src)) < 0 || (rc = ds_registry_log(&dst_log, dst)) < 0)
		goto done;
	size = ds_translog_size(src_log);
	if (ds_translog_size(dst_log) != size) {
		rc = ds__error(DS_EVERIFY, "registry copy: the copy's log has %llu entries, the source's %llu",
			       (unsigned long long)ds_translog_size(dst_log), (unsigned long long)size);
		goto done;
	}
	if (size > 0) {
		if ((rc = ds_translog_root(&src_root, src_log, size)) < 0 ||
		    (rc = ds_translog_root(&dst_root, dst_log, size)) < 0)
			goto done;
		if (!ds_hash_equal(&src_root, &dst_root)) {
			rc = ds__error(DS_EVERIFY, "registry copy: the copy's log root differs from the source's");
			goto done;
		}
		if ((rc = ds_hash_to_hex(&hex, &src_root)) < 0)
			goto done;
	}
	if (report) {
		ds__buf b = DS__BUF_INIT;
		ds__buf_printf(&b, "copied %s (%s) from %s\n", ds_registry_name(src), ds_registry_region(src), from);
		for (i = 0; i < TABLE_COUNT; i++)
			ds__buf_printf(&b, "%s: %zu rows, identical\n", tables[i].name, counts[i]);
		ds__buf_printf(&b, "key files: %zu copied\n", files);
		ds__buf_printf(&b, "log: size %llu, root %s, the same in both, every node recomputed in the copy\n",
			       (unsigned long long)size, hex ? hex : "(empty)");
		if (ds__buf_detach(report, &b) < 0) {
			ds__buf_dispose(&b);
			rc = ds__enomem();
			goto done;
		}
	}
	rc = DS_OK;
done:
	if (writing)
		ds__store_rollback(out);
	remove_files(&made, 1);
	if (reading)
		ds__store_rollback(src->store);
	ds__free(hex);
	ds__store_close(out);
	if (new_file) {
		/* The file this call made holds nothing: remove it. */
		char side[1200];
		(void)unlink(to);
		snprintf(side, sizeof side, "%s-wal", to);
		(void)unlink(side);
		snprintf(side, sizeof side, "%s-shm", to);
		(void)unlink(side);
	}
	ds_registry_free(dst);
	ds_registry_free(src);
	return rc;
}
