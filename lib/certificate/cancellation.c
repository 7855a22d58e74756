/*
 * 注销: the cancellation record, a signed <cancellation> document in
 * urn:datasset:certificate:1 naming the certificate it cancels. It shares the
 * certificate's canonical form, log evidence and signature (certificate.c)
 * and verification (verify.c).
 * SPDX-License-Identifier: MIT
 */
#include "config.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "certificate_internal.h"

int ds_cancellation_fields_init(ds_cancellation_fields *fields, unsigned int version)
{
	if (!fields || version != DS_CANCELLATION_FIELDS_VERSION)
		return ds__error(DS_EINVAL, "ds_cancellation_fields_init: NULL or unknown version %u", version);
	memset(fields, 0, sizeof *fields);
	fields->version = version;
	return DS_OK;
}

int ds_certificate_is_cancellation(const ds_certificate *cert)
{
	return cert ? cert->cancellation : 0;
}

static int check_fields(const ds_cancellation_fields *f, ds__date *cancelled)
{
	ds__date registration;
	int rc;

	if (f->version != DS_CANCELLATION_FIELDS_VERSION)
		return ds__error(DS_EINVAL, "cancellation fields: unknown version %u", f->version);
	if (!f->cancels)
		return ds__error_at(DS_EINVAL, 0, 0, "cancels",
				    "cancellation: the number of the cancelled certificate is required");
	if ((rc = ds__certificate_number_verify(f->cancels, DS_EINVAL, DS_EINVAL)) < 0) {
		ds__error_prefix("cancels: ");
		return rc;
	}
	if (f->registration < 1)
		return ds__error_at(DS_EINVAL, 0, 0, "cancels/@registration",
				    "cancellation: registration %" PRId64 " is not a registration identifier",
				    f->registration);
	if (f->cancelled_by && (rc = ds__certificate_number_verify(f->cancelled_by, DS_EINVAL, DS_EINVAL)) < 0) {
		ds__error_prefix("cancelledBy: ");
		return rc;
	}
	if ((rc = ds__credit_code_check(f->registrant_credit_code)) < 0)
		return rc;
	if (!f->registry_key)
		return ds__error_at(DS_EINVAL, 0, 0, "registry", "cancellation: the registry key is required");
	if ((rc = ds__certificate_check_date(&registration, f->registration_date, "dates/registration")) < 0 ||
	    (rc = ds__certificate_check_date(cancelled, f->cancellation_date, "dates/cancellation")) < 0)
		return rc;
	if (ds__date_cmp(*cancelled, registration) < 0)
		return ds__error_at(DS_EINVAL, 0, 0, "dates",
				    "cancellation: cancelled on %s, before the registration on %s",
				    f->cancellation_date, f->registration_date);
	return DS_OK;
}

static int write_document(char **out, const ds_cancellation_fields *f, ds__date cancelled)
{
	ds__certificate_builder b;
	char *key_id = NULL, *words = NULL;

	memset(&b, 0, sizeof b);
	if ((b.rc = ds_key_id(&key_id, f->registry_key)) < 0)
		return b.rc;
	if ((b.rc = ds_date_to_words(&words, cancelled.year, cancelled.month, cancelled.day)) < 0)
		goto done;
	if ((b.rc = ds__xmlw_begin(&b.w, "cancellation", DS__CERTIFICATE_NS)) < 0)
		goto done;
	ds__xmlw_attr(&b.w, "version", "1");
	ds__xmlw_start(&b.w, "cancels");
	ds__xmlw_attr(&b.w, "kind", ds__certificate_kind_name(f->cancels[12]));
	ds__xmlw_attrf(&b.w, "registration", "%" PRId64, f->registration);
	ds__xmlw_text(&b.w, f->cancels);
	ds__xmlw_end(&b.w);
	ds__xmlw_start(&b.w, "registrant");
	ds__certificate_text_element(&b, "name", f->registrant_name, "registrant/name");
	ds__xmlw_element(&b.w, "creditCode", f->registrant_credit_code);
	ds__xmlw_end(&b.w);
	ds__xmlw_start(&b.w, "object");
	ds__certificate_text_element(&b, "name", f->object_name, "object/name");
	ds__certificate_text_element(&b, "code", f->object_code, "object/code");
	ds__xmlw_end(&b.w);
	if (f->cancelled_by)
		ds__xmlw_element(&b.w, "cancelledBy", f->cancelled_by);
	ds__xmlw_start(&b.w, "dates");
	ds__xmlw_attr(&b.w, "registration", f->registration_date);
	ds__xmlw_attr(&b.w, "cancellation", f->cancellation_date);
	ds__xmlw_element(&b.w, "cancellationInWords", words);
	ds__xmlw_end(&b.w);
	ds__certificate_text_element(&b, "reason", f->reason, "reason");
	ds__xmlw_start(&b.w, "registry");
	ds__certificate_text_attr(&b, "name", f->registry_name, "registry/name");
	ds__xmlw_attr(&b.w, "keyId", key_id);
	ds__xmlw_attr(&b.w, "algorithm", ds__sig_alg_name(ds_key_alg(f->registry_key)));
	ds__xmlw_attr(&b.w, "digest", ds_key_hash_alg(f->registry_key) == DS_HASH_SM3 ? "sm3" : "sha256");
	ds__xmlw_end(&b.w);
	if (b.rc == DS_OK)
		b.rc = ds__xmlw_finish(out, &b.w);
done:
	ds__xmlw_dispose(&b.w);
	ds__free(key_id);
	ds__free(words);
	return b.rc;
}

int ds_certificate_build_cancellation(ds_certificate **out, const ds_cancellation_fields *fields)
{
	char *text = NULL;
	xmlDocPtr doc = NULL;
	ds__date cancelled;
	int rc;

	if (!out || !fields)
		return ds__error(DS_EINVAL, "ds_certificate_build_cancellation: NULL argument");
	if ((rc = check_fields(fields, &cancelled)) < 0 || (rc = write_document(&text, fields, cancelled)) < 0)
		goto done;
	/* The writer's output must be a valid record: the schema is checked on the way out too. */
	if ((rc = ds__xml_load_memory(&doc, text, strlen(text), "cancellation", "certificate.xsd")) < 0)
		goto done;
	if ((rc = ds__certificate_wrap(out, doc)) == DS_OK)
		doc = NULL;
done:
	xmlFreeDoc(doc);
	ds__free(text);
	return rc;
}
