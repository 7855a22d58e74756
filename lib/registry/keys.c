/*
 * The registry's signing keys (schema version 4, table keys): generated as PEM
 * files next to the database (private key mode 0600), identified by the digest
 * of the public key, one of them current; older keys stay for verification.
 * SPDX-License-Identifier: MIT
 */
#include "config.h"

#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "registry_internal.h"

/* @dir of the database + "/" + @base, or @base alone when the path has no directory. */
static char *beside_db(const ds_registry *reg, const char *base)
{
	const char *slash = strrchr(reg->path, '/');
	ds__buf b = DS__BUF_INIT;
	char *out = NULL;

	if (slash)
		ds__buf_put(&b, reg->path, (size_t)(slash - reg->path + 1));
	ds__buf_puts(&b, base);
	if (ds__buf_detach(&out, &b) < 0) {
		ds__buf_dispose(&b);
		return NULL;
	}
	return out;
}

static const char *alg_name(ds_sig_alg alg)
{
	return alg == DS_SIG_SM2_SM3 ? "sm2-sm3" : "ed25519";
}

static int write_public(const char *path, const char *pem)
{
	FILE *f;
	size_t len = strlen(pem);

	if (access(path, F_OK) == 0)
		return ds__error(DS_EEXISTS, "%s: exists already", path);
	if (!(f = fopen(path, "wx")))
		return ds__error(DS_EIO, "%s: cannot create the public key file", path);
	if (fwrite(pem, 1, len, f) != len || fclose(f) != 0) {
		remove(path);
		return ds__error(DS_EIO, "%s: cannot write the public key file", path);
	}
	return DS_OK;
}

int ds_registry_key_generate(char **key_id, ds_registry *reg, ds_sig_alg alg)
{
	ds_key *key = NULL;
	ds__stmt *stmt = NULL;
	char *id = NULL, *pem = NULL, *priv_path = NULL, *pub_path = NULL, base[80], utc[21], date[11];
	int rc, began = 0, written = 0;
	ds__registry_field fields[2];

	if (!reg)
		return ds__error(DS_EINVAL, "ds_registry_key_generate: NULL argument");
	if (alg != DS_SIG_ED25519 && alg != DS_SIG_SM2_SM3)
		return ds__error_at(DS_EINVAL, 0, 0, "alg", "registry key: unknown signature algorithm %d", (int)alg);
	if ((rc = ds_key_generate(&key, alg)) < 0 || (rc = ds_key_id(&id, key)) < 0 ||
	    (rc = ds_key_public_pem(&pem, key)) < 0)
		goto done;
	snprintf(base, sizeof base, "%s.%.16s.key.pem",
		 strrchr(reg->path, '/') ? strrchr(reg->path, '/') + 1 : reg->path, id);
	if (!(priv_path = beside_db(reg, base))) {
		rc = ds__enomem();
		goto done;
	}
	snprintf(base + strlen(base) - strlen("key.pem"), sizeof base - (strlen(base) - strlen("key.pem")), "pub.pem");
	if (!(pub_path = beside_db(reg, base))) {
		rc = ds__enomem();
		goto done;
	}
	ds__registry_time(utc, date, ds__registry_now());
	if ((rc = ds__store_begin(reg->store)) < 0)
		goto done;
	began = 1;
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
	if ((rc = ds_key_save_private(key, priv_path)) < 0)
		goto done;
	written = 1;
	if ((rc = write_public(pub_path, pem)) < 0)
		goto done;
	written = 2;
	began = 0;
	rc = ds__store_commit(reg->store);
done:
	ds__stmt_finalize(stmt);
	if (began)
		ds__store_rollback(reg->store);
	if (rc < 0 && written >= 1)
		remove(priv_path);
	if (rc < 0 && written >= 2)
		remove(pub_path);
	if (rc == DS_OK && key_id) {
		*key_id = id;
		id = NULL;
	}
	ds__free(id);
	ds__free(pem);
	ds__free(priv_path);
	ds__free(pub_path);
	ds_key_free(key);
	return rc;
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
	char *id = NULL, *pem = NULL, *path = NULL, *loaded_id = NULL, base[80];
	ds_key *key = NULL;
	int rc;

	if (!out || !reg)
		return ds__error(DS_EINVAL, "ds_registry_key_load: NULL argument");
	if ((rc = find_key(reg, key_id, &id, &pem)) < 0)
		return rc;
	snprintf(base, sizeof base, "%s.%.16s.key.pem",
		 strrchr(reg->path, '/') ? strrchr(reg->path, '/') + 1 : reg->path, id);
	if (!(path = beside_db(reg, base))) {
		rc = ds__enomem();
		goto done;
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
