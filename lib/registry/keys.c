/*
 * The registry's signing keys (schema version 4, table keys): generated as PEM
 * files next to the database (private key mode 0600, public key 0644 whatever
 * the umask), identified by the digest of the public key, one of them
 * current; older keys stay for verification.
 *
 * Atomicity: a key's two files are first written in full (and fsynced) as
 * NAME.tmp while the store's write lock is held, the key is recorded, and
 * the files are renamed to their names after the commit. A crash therefore
 * leaves either a recorded key whose .tmp files are renamed into place when it
 * is next loaded, or unrecorded .tmp files that the next key generation (which
 * holds the write lock, so no writer of them is alive) removes. Key files
 * under their final names are never left unrecorded.
 * SPDX-License-Identifier: MIT
 */
#define _POSIX_C_SOURCE 200809L /* O_CLOEXEC, O_NOFOLLOW, fchmod, fsync */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "registry_internal.h"

#define TMP_SUFFIX ".tmp"

/* Where the key files go: the database file's path for SQLite, the URI's
 * keys= directory + "/" + the registry key for PostgreSQL. */
static const char *db_path(const ds_registry *reg)
{
	return ds__store_files(reg->store);
}

/* @dir of the database + "/" + @base, or @base alone when the path has no directory. */
static char *beside_db(const ds_registry *reg, const char *base)
{
	const char *slash = strrchr(db_path(reg), '/');
	ds__buf b = DS__BUF_INIT;
	char *out = NULL;

	if (slash)
		ds__buf_put(&b, db_path(reg), (size_t)(slash - db_path(reg) + 1));
	ds__buf_puts(&b, base);
	if (ds__buf_detach(&out, &b) < 0) {
		ds__buf_dispose(&b);
		return NULL;
	}
	return out;
}

static const char *db_base(const ds_registry *reg)
{
	const char *slash = strrchr(db_path(reg), '/');
	return slash ? slash + 1 : db_path(reg);
}

/* The database's directory, for listing and syncing it. */
static char *db_dir(const ds_registry *reg)
{
	const char *slash = strrchr(db_path(reg), '/');

	if (!slash)
		return ds__strdup(".");
	if (slash == db_path(reg))
		return ds__strdup("/");
	return ds__strndup(db_path(reg), (size_t)(slash - db_path(reg)));
}

/* The file of key @id: "DB.ID16.key.pem" (@pub 0) or "DB.ID16.pub.pem" (@pub 1),
 * with ".tmp" appended when @tmp. */
static char *key_path(const ds_registry *reg, const char *id, int pub, int tmp)
{
	char base[512];

	snprintf(base, sizeof base, "%s.%.16s.%s.pem%s", db_base(reg), id, pub ? "pub" : "key", tmp ? TMP_SUFFIX : "");
	return beside_db(reg, base);
}

static const char *alg_name(ds_sig_alg alg)
{
	return alg == DS_SIG_SM2_SM3 ? "sm2-sm3" : "ed25519";
}

/* Write @pem to the new file @path with mode exactly 0644 (the umask can only
 * remove bits, and a verifier must be able to trust that nobody else wrote it),
 * in full and synced. */
static int write_public(const char *path, const char *pem)
{
	size_t len = strlen(pem), written = 0;
	int fd, rc = DS_OK;

	if ((fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0644)) < 0)
		return ds__error(errno == EEXIST ? DS_EEXISTS : DS_EIO, "%s: cannot create the public key file: %s",
				 path, strerror(errno));
	if (fchmod(fd, 0644) < 0)
		rc = ds__error(DS_EIO, "%s: cannot set mode 0644: %s", path, strerror(errno));
	while (rc == DS_OK && written < len) {
		ssize_t n = write(fd, pem + written, len - written);
		if (n <= 0)
			rc = ds__error(DS_EIO, "%s: cannot write the public key file: %s", path,
				       n < 0 ? strerror(errno) : "nothing written");
		else
			written += (size_t)n;
	}
	if (rc == DS_OK && fsync(fd) < 0)
		rc = ds__error(DS_EIO, "%s: cannot write the public key file: %s", path, strerror(errno));
	if (close(fd) < 0 && rc == DS_OK)
		rc = ds__error(DS_EIO, "%s: cannot write the public key file: %s", path, strerror(errno));
	if (rc < 0)
		unlink(path);
	return rc;
}

/* Make the renames in the database's directory durable. */
static void sync_dir(const ds_registry *reg)
{
	char *dir = db_dir(reg);
	int fd;

	if (dir && (fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) >= 0) {
		(void)fsync(fd);
		close(fd);
	}
	ds__free(dir);
}

/* Rename key @id's .tmp files into place where the final file is absent. */
static int settle_files(ds_registry *reg, const char *id)
{
	char *tmp = NULL, *final = NULL;
	struct stat st;
	int pub, rc = DS_OK, moved = 0;

	for (pub = 0; pub < 2 && rc == DS_OK; pub++) {
		if (!(tmp = key_path(reg, id, pub, 1)) || !(final = key_path(reg, id, pub, 0))) {
			rc = ds__enomem();
		} else if (lstat(tmp, &st) == 0 && lstat(final, &st) < 0 && errno == ENOENT) {
			/* Another process settling the same key may have renamed it first. */
			if (rename(tmp, final) < 0 && errno != ENOENT)
				rc = ds__error(DS_EIO, "%s: cannot rename to %s: %s", tmp, final, strerror(errno));
			else
				moved = 1;
		}
		ds__free(tmp);
		ds__free(final);
		tmp = final = NULL;
	}
	if (moved)
		sync_dir(reg);
	return rc;
}

int ds__registry_key_settle(ds_registry *reg, const char *id)
{
	return settle_files(reg, id);
}

/* Whether the 16 hex digits at @id16 begin a recorded key's identifier: 1, 0, or an error. */
static int recorded(ds_registry *reg, const char *id16, char **full_id)
{
	ds__stmt *stmt = NULL;
	int rc;

	if ((rc = ds__store_prepare(&stmt, reg->store, "SELECT id FROM keys WHERE substr(id, 1, 16) = ?")) < 0)
		return rc;
	if ((rc = ds__stmt_bind_text(stmt, 1, id16)) >= 0 && (rc = ds__stmt_step(stmt)) > 0 &&
	    !(*full_id = ds__strdup(ds__stmt_text(stmt, 0))))
		rc = ds__enomem();
	ds__stmt_finalize(stmt);
	return rc;
}

/* Under the write lock: key files left as .tmp by a process that died. Those
 * of a recorded key are renamed into place; those of no recorded key were
 * never committed and are removed. */
static int sweep(ds_registry *reg)
{
	const char *base = db_base(reg);
	size_t base_len = strlen(base);
	char *dir_name = db_dir(reg), id16[17], *full_id = NULL, *path = NULL;
	DIR *dir = NULL;
	struct dirent *entry;
	int rc = DS_OK, found;

	if (!dir_name)
		return ds__enomem();
	if (!(dir = opendir(dir_name))) {
		rc = ds__error(DS_EIO, "%s: cannot list the directory: %s", dir_name, strerror(errno));
		goto done;
	}
	while (rc == DS_OK && (entry = readdir(dir))) {
		const char *name = entry->d_name, *rest;
		size_t len = strlen(name);

		if (len != base_len + 1 + 16 + strlen(".key.pem" TMP_SUFFIX) || strncmp(name, base, base_len) != 0 ||
		    name[base_len] != '.')
			continue;
		rest = name + base_len + 1 + 16;
		if (strcmp(rest, ".key.pem" TMP_SUFFIX) != 0 && strcmp(rest, ".pub.pem" TMP_SUFFIX) != 0)
			continue;
		memcpy(id16, name + base_len + 1, 16);
		id16[16] = '\0';
		if ((found = recorded(reg, id16, &full_id)) < 0) {
			rc = found;
		} else if (found) {
			rc = settle_files(reg, full_id);
		} else if (!(path = beside_db(reg, name))) {
			rc = ds__enomem();
		} else if (unlink(path) < 0 && errno != ENOENT) {
			rc = ds__error(DS_EIO, "%s: cannot remove an unrecorded key file: %s", path, strerror(errno));
		}
		ds__free(full_id);
		ds__free(path);
		full_id = path = NULL;
	}
done:
	if (dir)
		closedir(dir);
	ds__free(dir_name);
	return rc;
}

int ds__registry_key_add(char **key_id, ds_registry *reg, ds_sig_alg alg)
{
	ds_key *key = NULL;
	ds__stmt *stmt = NULL;
	char *id = NULL, *pem = NULL, *priv_tmp = NULL, *pub_tmp = NULL, utc[21], date[11];
	int rc, written = 0;
	ds__registry_field fields[2];

	if ((rc = ds_key_generate(&key, alg)) < 0 || (rc = ds_key_id(&id, key)) < 0 ||
	    (rc = ds_key_public_pem(&pem, key)) < 0)
		goto done;
	if (!(priv_tmp = key_path(reg, id, 0, 1)) || !(pub_tmp = key_path(reg, id, 1, 1))) {
		rc = ds__enomem();
		goto done;
	}
	if ((rc = sweep(reg)) < 0)
		goto done;
	if ((rc = ds_key_save_private(key, priv_tmp)) < 0)
		goto done;
	written = 1;
	if ((rc = write_public(pub_tmp, pem)) < 0)
		goto done;
	written = 2;
	ds__registry_time(utc, date, ds__registry_now());
	ds__registry_cache_drop(reg); /* the current key changes */
	if ((rc = ds__store_exec(reg->store, "UPDATE keys SET current = 0")) < 0)
		goto done;
	if ((rc = ds__store_prepare(
		     &stmt, reg->store,
		     "INSERT INTO keys (id, alg, public_pem, created, current) VALUES (?, ?, ?, ?, 1)")) < 0)
		goto done;
	if ((rc = ds__stmt_bind_text(stmt, 1, id)) < 0 || (rc = ds__stmt_bind_text(stmt, 2, alg_name(alg))) < 0 ||
	    (rc = ds__stmt_bind_text(stmt, 3, pem)) < 0 || (rc = ds__stmt_bind_text(stmt, 4, utc)) < 0 ||
	    (rc = ds__stmt_step(stmt)) < 0)
		goto done;
	fields[0] = (ds__registry_field){ "key_id", id, 0 };
	fields[1] = (ds__registry_field){ "alg", alg_name(alg), 0 };
	if ((rc = ds__registry_emit_event(reg, "key", 0, utc, fields, 2)) < 0)
		goto done;
	*key_id = id;
	id = NULL;
done:
	ds__stmt_finalize(stmt);
	if (rc < 0 && written >= 1)
		unlink(priv_tmp);
	if (rc < 0 && written >= 2)
		unlink(pub_tmp);
	ds__free(id);
	ds__free(pem);
	ds__free(priv_tmp);
	ds__free(pub_tmp);
	ds_key_free(key);
	return rc;
}

int ds_registry_key_generate(char **key_id, ds_registry *reg, ds_sig_alg alg)
{
	char *id = NULL;
	int rc;

	if (!reg)
		return ds__error(DS_EINVAL, "ds_registry_key_generate: NULL argument");
	if (alg != DS_SIG_ED25519 && alg != DS_SIG_SM2_SM3)
		return ds__error_at(DS_EINVAL, 0, 0, "alg", "registry key: unknown signature algorithm %d", (int)alg);
	if ((rc = ds__store_begin(reg->store)) < 0)
		return rc;
	if ((rc = ds__registry_key_add(&id, reg, alg)) < 0) {
		ds__store_rollback(reg->store);
		return rc;
	}
	if ((rc = ds__store_commit(reg->store)) < 0) {
		/* Not recorded: its .tmp files go now (or at the next sweep). */
		char *tmp;
		int pub;
		for (pub = 0; pub < 2; pub++)
			if ((tmp = key_path(reg, id, pub, 1))) {
				unlink(tmp);
				ds__free(tmp);
			}
		ds__free(id);
		return rc;
	}
	/* Inside a caller's batch the key is recorded only when the batch commits:
	 * the files keep their .tmp names until the key is next loaded or swept. */
	if (ds__store_depth(reg->store) == 0)
		(void)settle_files(reg, id); /* recorded: a failed rename is retried at the next load */
	if (key_id)
		*key_id = id;
	else
		ds__free(id);
	return DS_OK;
}

/* The row of key @key_id, or of the current key when NULL: its id and public PEM. */
static int find_key(ds_registry *reg, const char *key_id, char **id, char **pem)
{
	ds__stmt *stmt = NULL;
	int rc;

	if ((rc = ds__store_prepare(&stmt, reg->store,
				    key_id ? "SELECT id, public_pem FROM keys WHERE id = ?" :
					     "SELECT id, public_pem FROM keys WHERE current = 1")) < 0)
		return rc;
	if (key_id && (rc = ds__stmt_bind_text(stmt, 1, key_id)) < 0)
		goto done;
	if ((rc = ds__stmt_step(stmt)) < 0)
		goto done;
	if (rc == 0) {
		rc = key_id ?
			     ds__error_at(DS_ENOTFOUND, 0, 0, "key_id", "registry: no key with identifier %s", key_id) :
			     ds__error(DS_ENOTFOUND,
				       "registry: the registry holds no signing key (generate one first)");
		goto done;
	}
	*id = ds__strdup(ds__stmt_text(stmt, 0));
	*pem = ds__strdup(ds__stmt_text(stmt, 1));
	rc = *id && *pem ? DS_OK : ds__enomem();
	if (rc < 0) {
		ds__free(*id);
		ds__free(*pem);
		*id = *pem = NULL;
	}
done:
	ds__stmt_finalize(stmt);
	return rc;
}

int ds_registry_public_key(char **pem, ds_registry *reg, const char *key_id)
{
	char *id = NULL, *text = NULL;
	int rc;

	if (!pem || !reg)
		return ds__error(DS_EINVAL, "ds_registry_public_key: NULL argument");
	if ((rc = find_key(reg, key_id, &id, &text)) < 0)
		return rc;
	ds__free(id);
	*pem = text;
	return DS_OK;
}

int ds_registry_key_load(ds_key **out, ds_registry *reg, const char *key_id)
{
	char *id = NULL, *pem = NULL, *path = NULL, *loaded_id = NULL;
	ds_key *key = NULL;
	struct stat st;
	int rc;

	if (!out || !reg)
		return ds__error(DS_EINVAL, "ds_registry_key_load: NULL argument");
	if ((rc = find_key(reg, key_id, &id, &pem)) < 0)
		return rc;
	if (!(path = key_path(reg, id, 0, 0))) {
		rc = ds__enomem();
		goto done;
	}
	/* A recorded key whose files a crash left as .tmp: outside a transaction
	 * the record is committed, so they are renamed into place; inside one
	 * (a batch that generated it) the .tmp file is read as it is. */
	if (lstat(path, &st) < 0 && errno == ENOENT) {
		if (ds__store_depth(reg->store) == 0) {
			if ((rc = settle_files(reg, id)) < 0)
				goto done;
		} else {
			ds__free(path);
			if (!(path = key_path(reg, id, 0, 1))) {
				rc = ds__enomem();
				goto done;
			}
		}
	}
	if ((rc = ds_key_load(&key, path)) < 0)
		goto done;
	/* The file must hold the private half of the key the registry recorded. */
	if (!ds_key_is_private(key)) {
		rc = ds__error(DS_EPARSE, "%s: holds no private key", path);
		goto done;
	}
	if ((rc = ds_key_id(&loaded_id, key)) < 0)
		goto done;
	if (strcmp(loaded_id, id) != 0) {
		rc = ds__error(DS_EVERIFY, "%s: the key in the file (%s) is not the registry's key %s", path, loaded_id,
			       id);
		goto done;
	}
	*out = key;
	key = NULL;
done:
	ds_key_free(key);
	ds__free(loaded_id);
	ds__free(path);
	ds__free(id);
	ds__free(pem);
	return rc;
}
