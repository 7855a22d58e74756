/*
 * The certificate's scale (数据规模), time coverage and quality, from the
 * probe report attached to a registration or as the applicant declared them
 * (docs/registry.md, "Certificates"). The probe report is the evidence: a
 * declared figure that contradicts it is refused when the application is made.
 * SPDX-License-Identifier: MIT
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "datasset/probe.h"
#include "internal/xml.h"
#include "registry_internal.h"

void ds__registry_figures_dispose(ds__registry_figures *f)
{
	ds__free(f->period);
	ds__free(f->quality);
	memset(f, 0, sizeof *f);
}

/* "规范性 99.50" for one GB/T 36344 dimension, or "规范性 未评估" when the
 * report does not assess it. */
static int dimension_text(ds__buf *b, const ds_probe *probe, ds_probe_dimension dimension)
{
	ds_decimal *score = NULL, *rounded = NULL;
	char *text = NULL;
	int rc;

	if ((rc = ds_decimal_new(&score)) < 0 || (rc = ds_decimal_new(&rounded)) < 0)
		goto done;
	rc = ds_probe_quality(score, probe, dimension, (size_t)-1);
	if (rc == DS_ENOTFOUND) {
		ds_error_clear();
		ds__buf_printf(b, "%s 未评估", ds_probe_dimension_name(dimension));
		rc = DS_OK;
		goto done;
	}
	if (rc < 0 || (rc = ds_decimal_to_string_scaled(&text, score, 2, DS_ROUND_HALF_UP, 0)) < 0)
		goto done;
	ds__buf_printf(b, "%s %s", ds_probe_dimension_name(dimension), text);
done:
	ds_free(text);
	ds_decimal_free(score);
	ds_decimal_free(rounded);
	return rc;
}

int ds__registry_probe_figures(ds__registry_figures *out, const char *probe_xml)
{
	static const ds_probe_dimension dimensions[] = { DS_QUALITY_CONFORMANCE, DS_QUALITY_COMPLETENESS,
							 DS_QUALITY_ACCURACY, DS_QUALITY_TIMELINESS };
	ds_probe *probe = NULL;
	ds_probe_source_info source;
	ds_probe_column_info column;
	ds__registry_figures f;
	ds__buf b = DS__BUF_INIT;
	char first[11] = "", last[11] = "";
	size_t i;
	int rc;

	memset(&f, 0, sizeof f);
	if ((rc = ds_probe_parse(&probe, probe_xml, strlen(probe_xml), "probe")) < 0 ||
	    (rc = ds_probe_source(&source, probe)) < 0)
		goto done;
	f.records = source.rows;
	f.fields = source.columns;
	f.bytes = source.bytes;
	/* 时间覆盖: from the earliest to the latest value of the date and datetime columns. */
	for (i = 0; i < ds_probe_column_count(probe); i++) {
		if ((rc = ds_probe_column_at(&column, probe, i)) < 0)
			goto done;
		if ((column.type != DS_PROBE_DATE && column.type != DS_PROBE_DATETIME) || !column.min || !column.max)
			continue;
		if (!first[0] || strncmp(column.min, first, 10) < 0)
			snprintf(first, sizeof first, "%.10s", column.min);
		if (!last[0] || strncmp(column.max, last, 10) > 0)
			snprintf(last, sizeof last, "%.10s", column.max);
	}
	if (first[0]) {
		ds__buf_printf(&b, "%s/%s", first, last);
		if ((rc = ds__buf_detach(&f.period, &b)) < 0)
			goto done;
	}
	/* The four GB/T 36344-2018 indicators the probe measures, as scores out of 100. */
	ds__buf_puts(&b, "GB/T 36344-2018 (探查报告): ");
	for (i = 0; i < sizeof dimensions / sizeof dimensions[0]; i++) {
		if (i)
			ds__buf_puts(&b, ", ");
		if ((rc = dimension_text(&b, probe, dimensions[i])) < 0)
			goto done;
	}
	ds__buf_printf(&b, " (%llu 条记录)", (unsigned long long)source.rows);
	if ((rc = ds__buf_detach(&f.quality, &b)) < 0)
		goto done;
	*out = f;
	memset(&f, 0, sizeof f);
	rc = DS_OK;
done:
	if (rc == DS_ENOMEM || b.oom)
		rc = ds__enomem();
	ds__buf_dispose(&b);
	ds__registry_figures_dispose(&f);
	ds_probe_free(probe);
	return rc;
}

/* A declared count against the report's: equal, or refused naming both. */
static int same_count(uint64_t declared, uint64_t measured, const char *field, const char *what)
{
	if (declared == 0 || declared == measured)
		return DS_OK;
	return ds__error_at(DS_EINVAL, 0, 0, field,
			    "declared %s %llu contradicts the attached probe report, which counted %llu", what,
			    (unsigned long long)declared, (unsigned long long)measured);
}

int ds__registry_check_declared(const ds_registration_request *req, const char *probe_xml)
{
	ds__registry_figures f;
	int rc;

	if (req->version < 2)
		return DS_OK;
	if (req->coverage_period) {
		const char *slash = strchr(req->coverage_period, '/');
		ds__date a, b;
		char start[11];
		if (!slash || slash - req->coverage_period != 10 || strlen(slash + 1) != 10)
			return ds__error_at(DS_EINVAL, 0, 0, "coverage_period",
					    "coverage period '%s' is not YYYY-MM-DD/YYYY-MM-DD", req->coverage_period);
		memcpy(start, req->coverage_period, 10);
		start[10] = '\0';
		if (ds__date_parse(&a, start) < 0 || ds__date_parse(&b, slash + 1) < 0 || ds__date_cmp(a, b) > 0)
			return ds__error_at(DS_EINVAL, 0, 0, "coverage_period",
					    "coverage period '%s' is not two dates in order", req->coverage_period);
	}
	if (!probe_xml)
		return DS_OK;
	if ((rc = ds__registry_probe_figures(&f, probe_xml)) < 0)
		return rc;
	if ((rc = same_count(req->scale_records, f.records, "scale_records", "record count (记录数)")) < 0 ||
	    (rc = same_count(req->scale_fields, f.fields, "scale_fields", "field count (字段数)")) < 0 ||
	    (f.bytes && (rc = same_count(req->scale_bytes, f.bytes, "scale_bytes", "size in bytes")) < 0))
		goto done;
	if (req->coverage_period && (!f.period || strcmp(req->coverage_period, f.period) != 0)) {
		rc = ds__error_at(DS_EINVAL, 0, 0, "coverage_period",
				  "declared time coverage %s contradicts the attached probe report (%s)",
				  req->coverage_period, f.period ? f.period : "no dates in it");
		goto done;
	}
	if (req->quality_summary) {
		rc = ds__error_at(DS_EINVAL, 0, 0, "quality_summary",
				  "a probe report is attached: the certificate states its GB/T 36344 indicators, "
				  "not a declared quality summary");
		goto done;
	}
	rc = DS_OK;
done:
	ds__registry_figures_dispose(&f);
	return rc;
}
