/*
 * 入表 filings: an enterprise's recognition of a registered data asset in its
 * accounts, with the third-party service provider it used — the facts of the
 * subsidy programme 6 (数据要素券) that the applications export carries.
 * SPDX-License-Identifier: MIT
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "internal/xml.h"
#include "registry_internal.h"

/* 服务商 staff qualifications, as the policy's conditions name them. */
static const char *const qualification_tags[] = { "appraiser", "cpa", "data_governance", "lawyer" };
#define QUALIFICATIONS 4

int ds_recognition_request_init(ds_recognition_request *r, unsigned int version)
{
	ds_recognition_request defaults = DS_RECOGNITION_REQUEST_INIT;

	if (!r || version != DS_RECOGNITION_REQUEST_VERSION)
		return ds__error(DS_EINVAL, "recognition request: unknown version %u", version);
	*r = defaults;
	return DS_OK;
}

/* "cpa, lawyer" or "cpa lawyer" → "cpa lawyer" in a fixed order, each once. */
static int qualifications(char out[64], const char *text)
{
	int seen[QUALIFICATIONS] = { 0 }, i;
	const char *p = text ? text : "";
	size_t n = 0;

	while (*p) {
		size_t len;
		if (*p == ' ' || *p == ',') {
			p++;
			continue;
		}
		len = strcspn(p, " ,");
		for (i = 0; i < QUALIFICATIONS; i++)
			if (strlen(qualification_tags[i]) == len && strncmp(p, qualification_tags[i], len) == 0)
				break;
		if (i == QUALIFICATIONS)
			return ds__error_at(DS_EINVAL, 0, 0, "provider_qualifications",
					    "服务商 qualification '%.*s' is not one of cpa (注册会计师), appraiser "
					    "(注册资产评估师), data_governance (数据治理工程师), lawyer (律师)",
					    (int)(len > 64 ? 64 : len), p);
		seen[i] = 1;
		p += len;
	}
	out[0] = '\0';
	for (i = 0; i < QUALIFICATIONS; i++)
		if (seen[i])
			n += (size_t)snprintf(out + n, 64 - n, "%s%s", n ? " " : "", qualification_tags[i]);
	return DS_OK;
}

/* The filing number becomes the export's recognition id: letters, digits, '_', '.', '-'. */
static int check_filing(const char *filing)
{
	size_t i, len = filing ? strlen(filing) : 0;

	if (len == 0 || len > 64)
		return ds__error_at(DS_EINVAL, 0, 0, "filing",
				    "入表备案号 (filing number) must have 1 to 64 characters");
	for (i = 0; i < len; i++) {
		char c = filing[i];
		int ok = (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
			 (i > 0 && (c == '_' || c == '.' || c == '-'));
		if (!ok)
			return ds__error_at(DS_EINVAL, 0, (int)i + 1, "filing",
					    "入表备案号 (filing number) '%s': character %zu is not a letter, digit, "
					    "'_', '.' or '-' (nor may it start one)",
					    filing, i + 1);
	}
	return DS_OK;
}

static int check_date(char out[11], const char *text, const char *field)
{
	ds__date date;

	if (!text || ds__date_parse(&date, text) < 0)
		return ds__error_at(DS_EINVAL, 0, 0, field, "%s '%s' is not a date YYYY-MM-DD", field,
				    text ? text : "");
	ds__date_format(out, date);
	return DS_OK;
}

int ds_registry_recognition_add(int64_t *id, ds_registry *reg, const ds_recognition_request *r)
{
	char *provider = NULL, *amount = NULL, date[11], founded[11], quals[64], utc[21], local[11], subject[32];
	ds__stmt *stmt = NULL;
	ds__registry_field fields[11];
	int64_t new_id;
	int rc, in_tx = 0;

	if (!reg || !r)
		return ds__error(DS_EINVAL, "registry: a handle and a recognition are required");
	if (r->version != DS_RECOGNITION_REQUEST_VERSION)
		return ds__error(DS_EINVAL, "recognition request: unknown version %u", r->version);
	if ((rc = ds_uscc_normalize(&provider, r->provider)) < 0) {
		ds__error_prefix("provider: ");
		goto done;
	}
	if ((rc = check_filing(r->filing)) < 0 || (rc = ds__registry_amount(&amount, r->amount)) < 0 ||
	    (rc = check_date(date, r->date, "date")) < 0 ||
	    (rc = check_date(founded, r->provider_founded, "provider_founded")) < 0 ||
	    (rc = qualifications(quals, r->provider_qualifications)) < 0)
		goto done;
	if (strcmp(founded, date) > 0) {
		rc = ds__error_at(DS_EINVAL, 0, 0, "provider_founded",
				  "服务商 founded on %s, after the recognition on %s", founded, date);
		goto done;
	}
	ds__registry_time(utc, local, ds__registry_now());
	if ((rc = ds__store_begin(reg->store)) < 0)
		goto done;
	in_tx = 1;
	if ((rc = ds__store_prepare(&stmt, reg->store,
				    "SELECT (SELECT COUNT(*) FROM subjects WHERE code = ?1), r.state, r.kind, r.subject"
				    " FROM (SELECT 1) AS one LEFT JOIN registrations r ON r.id = ?2")) < 0 ||
	    (rc = ds__stmt_bind_text(stmt, 1, provider)) < 0 ||
	    (rc = ds__stmt_bind_int(stmt, 2, r->registration)) < 0 || (rc = ds__stmt_step(stmt)) < 0)
		goto done;
	if (ds__stmt_int(stmt, 0) == 0) {
		rc = ds__error_at(DS_ENOTFOUND, 0, 0, "provider", "provider: 服务商 %s is not a registered 登记主体",
				  provider);
		goto done;
	}
	if (ds__stmt_is_null(stmt, 1)) {
		rc = ds__error_at(DS_ENOTFOUND, 0, 0, "registration", "registration %lld does not exist",
				  (long long)r->registration);
		goto done;
	}
	if (ds__stmt_int(stmt, 2) != DS_REG_ASSET) {
		rc = ds__error_at(DS_EINVAL, 0, 0, "registration",
				  "registration %lld is not a data asset (数据资产) registration",
				  (long long)r->registration);
		goto done;
	}
	if (ds__stmt_int(stmt, 1) != DS_STATE_REGISTERED) {
		rc = ds__error_at(DS_ESTATE, 0, 0, "registration",
				  "registration %lld is %s, not registered: 入表 is filed against a 登记凭证",
				  (long long)r->registration,
				  ds_registry_code_name(DS_CODE_STATE, (int)ds__stmt_int(stmt, 1)));
		goto done;
	}
	snprintf(subject, sizeof subject, "%s", ds__stmt_text(stmt, 3));
	if (strcmp(subject, provider) == 0) {
		rc = ds__error_at(DS_EINVAL, 0, 0, "provider",
				  "provider: the 服务商 must be a third party, not the registrant %s", provider);
		goto done;
	}
	ds__stmt_finalize(stmt);
	stmt = NULL;
	if ((rc = ds__store_prepare(&stmt, reg->store,
				    "INSERT INTO recognitions (registration, subject, date, amount, provider, founded,"
				    " approved, independent, clean, qualifications, filing, created)"
				    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) < 0 ||
	    (rc = ds__stmt_bind_int(stmt, 1, r->registration)) < 0 || (rc = ds__stmt_bind_text(stmt, 2, subject)) < 0 ||
	    (rc = ds__stmt_bind_text(stmt, 3, date)) < 0 || (rc = ds__stmt_bind_text(stmt, 4, amount)) < 0 ||
	    (rc = ds__stmt_bind_text(stmt, 5, provider)) < 0 || (rc = ds__stmt_bind_text(stmt, 6, founded)) < 0 ||
	    (rc = ds__stmt_bind_int(stmt, 7, r->provider_approved != 0)) < 0 ||
	    (rc = ds__stmt_bind_int(stmt, 8, r->provider_independent != 0)) < 0 ||
	    (rc = ds__stmt_bind_int(stmt, 9, r->provider_clean != 0)) < 0 ||
	    (rc = ds__stmt_bind_text(stmt, 10, quals)) < 0 || (rc = ds__stmt_bind_text(stmt, 11, r->filing)) < 0 ||
	    (rc = ds__stmt_bind_text(stmt, 12, utc)) < 0)
		goto done;
	if ((rc = ds__stmt_step(stmt)) < 0) {
		if (ds__stmt_constraint(stmt))
			rc = ds__error_at(DS_EEXISTS, 0, 0, "filing", "入表备案号 %s is already recorded", r->filing);
		goto done;
	}
	ds__stmt_finalize(stmt);
	stmt = NULL;
	new_id = ds__store_last_id(reg->store);
	fields[0] = (ds__registry_field){ "subject", subject, 0 };
	fields[1] = (ds__registry_field){ "date", date, 0 };
	fields[2] = (ds__registry_field){ "amount", amount, 0 };
	fields[3] = (ds__registry_field){ "provider", provider, 0 };
	fields[4] = (ds__registry_field){ "founded", founded, 0 };
	fields[5] = (ds__registry_field){ "approved", NULL, r->provider_approved != 0 };
	fields[6] = (ds__registry_field){ "independent", NULL, r->provider_independent != 0 };
	fields[7] = (ds__registry_field){ "clean", NULL, r->provider_clean != 0 };
	fields[8] = (ds__registry_field){ "qualifications", quals, 0 };
	fields[9] = (ds__registry_field){ "filing", r->filing, 0 };
	fields[10] = (ds__registry_field){ "recognition", NULL, new_id };
	if ((rc = ds__registry_emit_event(reg, "recognition", r->registration, utc, fields, 11)) < 0)
		goto done;
	in_tx = 0;
	if ((rc = ds__store_commit(reg->store)) < 0)
		goto done;
	if (id)
		*id = new_id;
done:
	ds__stmt_finalize(stmt);
	if (in_tx)
		ds__store_rollback(reg->store);
	ds__free(provider);
	ds_free(amount);
	return rc;
}

/* The applicant's 入表 filings dated in the window (applications-1.xsd <recognition>):
 * registered="true" while the asset registration is still REGISTERED (its
 * 登记凭证 stands; a changed, corrected or cancelled one no longer does). */
int ds__registry_write_recognitions(ds__xml_writer *w, ds_registry *reg, const char *code, const char *from,
				    const char *to)
{
	ds__stmt *stmt = NULL;
	int rc;

	if ((rc = ds__store_prepare(
		     &stmt, reg->store,
		     "SELECT c.filing, c.date, c.amount, r.state = ?4, c.provider, s.name, c.founded,"
		     " c.approved, c.independent, c.clean, c.qualifications FROM recognitions c"
		     " JOIN registrations r ON r.id = c.registration JOIN subjects s ON s.code = c.provider"
		     " WHERE c.subject = ?1 AND c.date >= ?2 AND c.date <= ?3 ORDER BY c.date, c.id")) < 0)
		return rc;
	if ((rc = ds__stmt_bind_text(stmt, 1, code)) < 0 || (rc = ds__stmt_bind_text(stmt, 2, from)) < 0 ||
	    (rc = ds__stmt_bind_text(stmt, 3, to)) < 0 || (rc = ds__stmt_bind_int(stmt, 4, DS_STATE_REGISTERED)) < 0)
		goto done;
	while ((rc = ds__stmt_step(stmt)) > 0) {
		ds__xmlw_start(w, "recognition");
		ds__xmlw_attr(w, "id", ds__stmt_text(stmt, 0));
		ds__xmlw_attr(w, "date", ds__stmt_text(stmt, 1));
		ds__xmlw_attr(w, "amount", ds__stmt_text(stmt, 2));
		ds__xmlw_attr(w, "registered", ds__stmt_int(stmt, 3) ? "true" : "false");
		ds__xmlw_start(w, "provider");
		ds__xmlw_attr(w, "id", ds__stmt_text(stmt, 4));
		ds__xmlw_attr(w, "name", ds__stmt_text(stmt, 5));
		ds__xmlw_attr(w, "founded", ds__stmt_text(stmt, 6));
		ds__xmlw_attr(w, "approved", ds__stmt_int(stmt, 7) ? "true" : "false");
		ds__xmlw_attr(w, "independent", ds__stmt_int(stmt, 8) ? "true" : "false");
		ds__xmlw_attr(w, "clean", ds__stmt_int(stmt, 9) ? "true" : "false");
		ds__xmlw_attr(w, "qualifications", ds__stmt_text(stmt, 10));
		ds__xmlw_end(w);
		ds__xmlw_end(w);
	}
done:
	ds__stmt_finalize(stmt);
	return rc < 0 ? rc : DS_OK;
}
