/*
 * The probe report document (urn:datasset:probe:1, schemas/probe.xsd):
 * writing with the shared XML writer and reading back with schema validation,
 * so that a stored probe can be compared with a later one. Quality indicators
 * are derived from the counts: they are written for readers and checked on
 * reading, never trusted.
 * SPDX-License-Identifier: MIT
 */
#include "config.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/tree.h>

#include "internal/xml.h"
#include "probe_internal.h"

#define PROBE_NS "urn:datasset:probe:1"

static const char *yes_no(int v)
{
	return v ? "true" : "false";
}

static void attr_u64(ds__xml_writer *w, const char *name, uint64_t v)
{
	ds__xmlw_attrf(w, name, "%llu", (unsigned long long)v);
}

/* 100 × n / d to 2 places, HALF_UP, into buf. */
static int score_text(char *buf, size_t size, uint64_t n, uint64_t d)
{
	ds_decimal *a = NULL, *b = NULL;
	char *s = NULL;
	int rc;

	if ((rc = ds_decimal_new(&a)) < 0 || (rc = ds_decimal_new(&b)) < 0)
		goto done;
	if (n > (uint64_t)INT64_MAX / 100 || d > (uint64_t)INT64_MAX) {
		rc = ds__error(DS_ERANGE, "quality: counts too large");
		goto done;
	}
	if ((rc = ds_decimal_set_int64(a, (int64_t)(n * 100))) < 0 || (rc = ds_decimal_set_int64(b, (int64_t)d)) < 0 ||
	    (rc = ds_decimal_div(a, a, b)) < 0 || (rc = ds_decimal_to_string_scaled(&s, a, 2, DS_ROUND_HALF_UP, 0)) < 0)
		goto done;
	snprintf(buf, size, "%s", s);
done:
	ds_free(s);
	ds_decimal_free(a);
	ds_decimal_free(b);
	return rc;
}

static int write_indicator(ds__xml_writer *w, const ds_probe *p, ds_probe_dimension dim, size_t column)
{
	uint64_t n, d;
	char score[32];
	int rc = ds_probe_quality_fraction(&n, &d, p, dim, column);

	if (rc == DS_ENOTFOUND)
		return DS_OK;
	if (rc < 0 || (rc = score_text(score, sizeof score, n, d)) < 0)
		return rc;
	ds__xmlw_start(w, "indicator");
	ds__xmlw_attr(w, "dimension", ds_probe_dimension_name(dim));
	if (column != (size_t)-1)
		ds__xmlw_attr(w, "column", p->columns[column].name);
	attr_u64(w, "numerator", n);
	attr_u64(w, "denominator", d);
	ds__xmlw_attr(w, "score", score);
	ds__xmlw_end(w);
	return DS_OK;
}

int ds_probe_to_xml(char **out, const ds_probe *p)
{
	ds__xml_writer w;
	size_t i, k;
	int rc;

	if (!out || !p)
		return ds__error(DS_EINVAL, "ds_probe_to_xml: NULL argument");
	if ((rc = ds__xmlw_begin(&w, "probe", PROBE_NS)) < 0)
		return rc;
	ds__xmlw_attr(&w, "version", p->detection ? "2" : "1");

	ds__xmlw_start(&w, "source");
	ds__xmlw_attr(&w, "kind", p->kind);
	ds__xmlw_attr(&w, "location", p->location);
	ds__xmlw_attr(&w, "encoding", p->encoding);
	if (p->delimiter) {
		char d[2] = { p->delimiter, '\0' };
		ds__xmlw_attr(&w, "delimiter", d);
	}
	ds__xmlw_attr(&w, "header", yes_no(p->header));
	ds__xmlw_attr(&w, "bom", yes_no(p->bom));
	attr_u64(&w, "bytes", p->bytes);
	ds__xmlw_end(&w);

	if (p->detection) {
		ds__xmlw_start(&w, "detection");
		ds__xmlw_attr(&w, "encoding", p->encoding_detected ? "detected" : "given");
		ds__xmlw_attrf(&w, "confidence", "%u", p->encoding_confidence);
		if (p->runner_up) {
			ds__xmlw_attr(&w, "runner-up", p->runner_up);
			ds__xmlw_attrf(&w, "runner-up-confidence", "%u", p->runner_up_confidence);
		}
		ds__xmlw_attr(&w, "delimiter", p->delimiter_detected ? "detected" : "given");
		ds__xmlw_attr(&w, "header", p->header_detected ? "detected" : "given");
		for (i = 0; i < p->nwarnings; i++) {
			ds__xmlw_start(&w, "warning");
			ds__xmlw_attr(&w, "kind", p->warning_kind[i]);
			ds__xmlw_attr(&w, "message", p->warning_message[i]);
			ds__xmlw_end(&w);
		}
		ds__xmlw_end(&w);
	}

	ds__xmlw_start(&w, "settings");
	attr_u64(&w, "distinct-bound", p->distinct_bound);
	ds__xmlw_attrf(&w, "top-k", "%u", p->top_k);
	if (p->update_cycle)
		ds__xmlw_attr(&w, "update-cycle", p->update_cycle);
	if (p->as_of)
		ds__xmlw_attr(&w, "as-of", p->as_of);
	ds__xmlw_end(&w);

	ds__xmlw_start(&w, "records");
	attr_u64(&w, "rows", p->rows);
	attr_u64(&w, "complete", p->complete);
	attr_u64(&w, "duplicate-window", p->duplicate_window);
	attr_u64(&w, "duplicates", p->duplicates);
	ds__xmlw_attr(&w, "duplicates-exact", yes_no(p->duplicates_exact));
	if (p->latest_date)
		ds__xmlw_attr(&w, "latest-date", p->latest_date);
	ds__xmlw_end(&w);

	ds__xmlw_start(&w, "fingerprint");
	ds__xmlw_attr(&w, "schema", p->schema_digest);
	ds__xmlw_attr(&w, "content", p->content_digest);
	ds__xmlw_end(&w);

	ds__xmlw_start(&w, "columns");
	for (i = 0; i < p->ncolumns; i++) {
		const probe_column *c = &p->columns[i];
		ds__xmlw_start(&w, "column");
		ds__xmlw_attr(&w, "name", c->name);
		ds__xmlw_attr(&w, "type", ds_probe_type_name(c->type));
		if (c->type == DS_PROBE_INTEGER || c->type == DS_PROBE_DECIMAL) {
			ds__xmlw_attrf(&w, "precision", "%d", c->precision);
			ds__xmlw_attrf(&w, "scale", "%d", c->scale);
		}
		if (c->format)
			ds__xmlw_attr(&w, "format", ds__probe_format_name(c->format));
		if (c->semantic)
			ds__xmlw_attr(&w, "semantic", ds_probe_semantic_name(c->semantic));
		ds__xmlw_attr(&w, "personal-info", yes_no(c->personal_info));
		if (c->semantic) {
			attr_u64(&w, "semantic-shape", c->semantic_shape);
			attr_u64(&w, "semantic-valid", c->semantic_valid);
		}
		ds__xmlw_attr(&w, "nullable", yes_no(c->nullable));
		attr_u64(&w, "nulls", c->nulls);
		attr_u64(&w, "non-empty", c->non_empty);
		attr_u64(&w, "conforming", c->conforming);
		if (c->dominant) {
			ds__xmlw_attr(&w, "dominant", ds_probe_type_name(c->dominant));
			attr_u64(&w, "dominant-count", c->dominant_count);
		}
		attr_u64(&w, "max-length", c->max_length);
		attr_u64(&w, "distinct", c->distinct);
		ds__xmlw_attr(&w, "distinct-exact", yes_no(c->distinct_exact));
		ds__xmlw_attr(&w, "unique", yes_no(c->unique));
		if (c->min)
			ds__xmlw_attr(&w, "min", c->min);
		if (c->max)
			ds__xmlw_attr(&w, "max", c->max);
		for (k = 0; k < c->ntop; k++) {
			ds__xmlw_start(&w, "top");
			ds__xmlw_attr(&w, "value", c->top_values[k]);
			attr_u64(&w, "count", c->top_counts[k]);
			ds__xmlw_end(&w);
		}
		ds__xmlw_end(&w);
	}
	ds__xmlw_end(&w);

	ds__xmlw_start(&w, "quality");
	{
		static const ds_probe_dimension dims[] = { DS_QUALITY_CONFORMANCE, DS_QUALITY_COMPLETENESS,
							   DS_QUALITY_ACCURACY, DS_QUALITY_TIMELINESS };
		for (k = 0; k < 4; k++)
			if ((rc = write_indicator(&w, p, dims[k], (size_t)-1)) < 0)
				goto fail;
		for (i = 0; i < p->ncolumns; i++)
			for (k = 0; k < 2; k++)
				if ((rc = write_indicator(&w, p, dims[k], i)) < 0)
					goto fail;
	}
	ds__xmlw_end(&w);

	ds__xmlw_start(&w, "problems");
	for (k = 0; k < DS_PROBLEM_KINDS; k++) {
		if (!p->problem_count[k])
			continue;
		ds__xmlw_start(&w, "problem");
		ds__xmlw_attr(&w, "kind", ds_probe_problem_name((ds_probe_problem_kind)k));
		attr_u64(&w, "count", p->problem_count[k]);
		for (i = 0; i < p->nsamples[k]; i++) {
			ds__xmlw_start(&w, "sample");
			ds__xmlw_attrf(&w, "line", "%ld", p->samples[k][i].line);
			ds__xmlw_attrf(&w, "column", "%ld", p->samples[k][i].column);
			ds__xmlw_attr(&w, "message", p->samples[k][i].message);
			ds__xmlw_end(&w);
		}
		ds__xmlw_end(&w);
	}
	ds__xmlw_end(&w);
	return ds__xmlw_finish(out, &w);
fail:
	ds__xmlw_dispose(&w);
	return rc;
}

/* ---- reading ---- */

/* An error at a node of the report, named like the schema's errors:
 * "FILE: line N, probe/columns/column/@name: ...". */
static int report_error(int code, xmlNodePtr node, const char *attr, const char *fmt, ...) DS__PRINTF(4, 5);
static int report_error(int code, xmlNodePtr node, const char *attr, const char *fmt, ...)
{
	char path[256], message[768];
	const char *file = node && node->doc && node->doc->URL ? (const char *)node->doc->URL : "probe report";
	int line = node ? (int)xmlGetLineNo(node) : 0;
	va_list ap;

	ds__xml_path(path, sizeof path, node, attr);
	va_start(ap, fmt);
	vsnprintf(message, sizeof message, fmt, ap);
	va_end(ap);
	if (line > 0)
		return ds__error_at(code, line, 0, path, "%s: line %d, %s: %s", file, line, path, message);
	return ds__error_at(code, 0, 0, path, "%s: %s: %s", file, path, message);
}

/* An attribute's raw value (no trimming, no normalisation: values round-trip byte for byte)
 * as a new string (ds_free), or NULL when absent. */
static int raw_attr(char **out, xmlNodePtr node, const char *name)
{
	xmlChar *v = xmlGetProp(node, (const xmlChar *)name);

	*out = NULL;
	if (!v)
		return DS_OK;
	*out = ds__strdup((const char *)v);
	xmlFree(v);
	return *out ? DS_OK : ds__enomem();
}

static int attr_count(uint64_t *out, xmlNodePtr node, const char *name, int required)
{
	char *v = NULL, *end;
	unsigned long long n;
	int rc;

	if ((rc = raw_attr(&v, node, name)) < 0)
		return rc;
	if (!v) {
		*out = 0;
		return required ? report_error(DS_EPARSE, node, name, "missing attribute '%s'", name) : DS_OK;
	}
	errno = 0;
	n = strtoull(v, &end, 10);
	if (errno || *end || end == v || v[0] == '-') {
		ds__free(v);
		return report_error(DS_EPARSE, node, name, "'%s' is not a count", name);
	}
	ds__free(v);
	*out = n;
	return DS_OK;
}

static int attr_bool(int *out, xmlNodePtr node, const char *name)
{
	char *v = NULL;
	int rc;

	if ((rc = raw_attr(&v, node, name)) < 0)
		return rc;
	*out = v && (strcmp(v, "true") == 0 || strcmp(v, "1") == 0);
	ds__free(v);
	return DS_OK;
}

static int inconsistent(xmlNodePtr node, const char *attr, const char *what)
{
	return report_error(DS_EINVAL, node, attr, "inconsistent report: %s", what);
}

/* "YYYY-MM-DDTHH:MM:SS" with a real date and time. */
static int is_iso_datetime(const char *s)
{
	static const char shape[] = "dddd-dd-ddTdd:dd:dd";
	char day[11];
	ds__date d;
	size_t i;

	if (strlen(s) != sizeof shape - 1)
		return 0;
	for (i = 0; shape[i]; i++)
		if (shape[i] == 'd' ? !(s[i] >= '0' && s[i] <= '9') : s[i] != shape[i])
			return 0;
	memcpy(day, s, 10);
	day[10] = '\0';
	return ds__date_parse(&d, day) == 0 && (s[11] - '0') * 10 + (s[12] - '0') < 24 &&
	       (s[14] - '0') * 10 + (s[15] - '0') < 60 && (s[17] - '0') * 10 + (s[18] - '0') < 60;
}

/* min or max reads as a value of the column's type. */
static int bound_fits(const probe_column *c, const char *v)
{
	value_info vi;
	ds__date d;

	switch (c->type) {
	case DS_PROBE_INTEGER:
	case DS_PROBE_DECIMAL:
		ds__probe_classify(&vi, v, strlen(v));
		return (vi.flags & VAL_INT) || (c->type == DS_PROBE_DECIMAL && (vi.flags & VAL_DEC));
	case DS_PROBE_DATE: return ds__date_parse(&d, v) == 0;
	case DS_PROBE_DATETIME: return is_iso_datetime(v);
	default: return 0;
	}
}

/* The type's attributes agree: an integer has scale 0 and a decimal's scale fits its
 * precision; min and max are there together, only for ordered types, read as the type
 * and min <= max. */
static int check_type(const probe_column *c, xmlNodePtr node)
{
	int cmp;

	if (c->type == DS_PROBE_INTEGER && c->scale != 0)
		return inconsistent(node, "scale", "an integer column has scale 0");
	if (c->type == DS_PROBE_DECIMAL && c->scale > c->precision)
		return inconsistent(node, "scale", "the scale is more than the precision");
	if (!c->min != !c->max)
		return inconsistent(node, c->min ? "max" : "min", "min and max go together");
	if (!c->min)
		return DS_OK;
	if (!bound_fits(c, c->min))
		return report_error(DS_EINVAL, node, "min", "inconsistent report: '%s' does not read as %s", c->min,
				    ds_probe_type_name(c->type));
	if (!bound_fits(c, c->max))
		return report_error(DS_EINVAL, node, "max", "inconsistent report: '%s' does not read as %s", c->max,
				    ds_probe_type_name(c->type));
	if (c->type == DS_PROBE_INTEGER || c->type == DS_PROBE_DECIMAL)
		cmp = ds__probe_numcmp(c->min, strlen(c->min), c->max, strlen(c->max));
	else
		cmp = strcmp(c->min, c->max);
	if (cmp > 0)
		return inconsistent(node, "min", "min is above max");
	return DS_OK;
}

static int read_column(probe_column *c, xmlNodePtr node, uint64_t rows, unsigned int top_k)
{
	char *v = NULL;
	uint64_t u;
	xmlNodePtr t;
	size_t n;
	int rc, k;

	if ((rc = raw_attr(&c->name, node, "name")) < 0)
		return rc;
	if ((rc = raw_attr(&v, node, "type")) < 0)
		return rc;
	c->type = (ds_probe_type)ds__probe_type_from_name(v);
	ds__free(v);
	if ((rc = attr_count(&u, node, "precision", 0)) < 0)
		return rc;
	c->precision = (int)(u > 1000 ? 1000 : u);
	if ((rc = attr_count(&u, node, "scale", 0)) < 0)
		return rc;
	c->scale = (int)(u > 1000 ? 1000 : u);
	if ((rc = raw_attr(&v, node, "format")) < 0)
		return rc;
	c->format = v ? ds__probe_format_from_name(v) : FMT_NONE;
	ds__free(v);
	if ((rc = raw_attr(&v, node, "semantic")) < 0)
		return rc;
	k = v ? ds__probe_semantic_from_name(v) : 0;
	ds__free(v);
	c->semantic = (ds_probe_semantic)(k < 0 ? 0 : k);
	if ((rc = raw_attr(&v, node, "dominant")) < 0)
		return rc;
	k = v ? ds__probe_type_from_name(v) : 0;
	ds__free(v);
	c->dominant = (ds_probe_type)(k < 0 ? 0 : k);
	if ((rc = attr_bool(&c->personal_info, node, "personal-info")) < 0 ||
	    (rc = attr_bool(&c->nullable, node, "nullable")) < 0 ||
	    (rc = attr_bool(&c->distinct_exact, node, "distinct-exact")) < 0 ||
	    (rc = attr_bool(&c->unique, node, "unique")) < 0 ||
	    (rc = attr_count(&c->semantic_shape, node, "semantic-shape", 0)) < 0 ||
	    (rc = attr_count(&c->semantic_valid, node, "semantic-valid", 0)) < 0 ||
	    (rc = attr_count(&c->nulls, node, "nulls", 1)) < 0 ||
	    (rc = attr_count(&c->non_empty, node, "non-empty", 1)) < 0 ||
	    (rc = attr_count(&c->conforming, node, "conforming", 1)) < 0 ||
	    (rc = attr_count(&c->dominant_count, node, "dominant-count", 0)) < 0 ||
	    (rc = attr_count(&c->max_length, node, "max-length", 1)) < 0 ||
	    (rc = attr_count(&c->distinct, node, "distinct", 1)) < 0 || (rc = raw_attr(&c->min, node, "min")) < 0 ||
	    (rc = raw_attr(&c->max, node, "max")) < 0)
		return rc;
	if (c->nulls > rows || c->non_empty != rows - c->nulls)
		return inconsistent(node, "nulls", "nulls + non-empty must equal the rows");
	if (c->conforming > c->non_empty)
		return inconsistent(node, "conforming", "more conforming values than non-empty ones");
	if (c->semantic_valid > c->semantic_shape || c->semantic_shape > c->non_empty)
		return inconsistent(node, "semantic-valid", "semantic counts exceed the values");
	if (c->nullable != (c->nulls > 0))
		return inconsistent(node, "nullable", "nullable must say whether there are nulls");
	if (c->distinct > c->non_empty)
		return inconsistent(node, "distinct", "more distinct values than non-empty ones");
	if (c->unique != (c->distinct_exact && c->nulls == 0 && c->non_empty > 0 && c->distinct == c->non_empty))
		return inconsistent(node, "unique",
				    "unique must say whether every value is distinct (exactly, with no nulls)");
	if ((rc = check_type(c, node)) < 0)
		return rc;
	n = ds__xml_count(node, "top");
	if (n > top_k)
		return inconsistent(node, NULL, "more top values than top-k");
	if (n) {
		uint64_t left = c->non_empty; /* the top counts together are at most the values */
		if (!(c->top_values = ds__calloc(n, sizeof *c->top_values)) ||
		    !(c->top_counts = ds__calloc(n, sizeof *c->top_counts)))
			return ds__enomem();
		for (t = ds__xml_child(node, "top"); t; t = ds__xml_next(t, "top")) {
			if ((rc = raw_attr(&c->top_values[c->ntop], t, "value")) < 0)
				return rc;
			c->ntop++;
			if ((rc = attr_count(&c->top_counts[c->ntop - 1], t, "count", 1)) < 0)
				return rc;
			if (c->top_counts[c->ntop - 1] > left)
				return inconsistent(t, "count",
						    "the top values are counted more often than the column's values");
			left -= c->top_counts[c->ntop - 1];
		}
	}
	return DS_OK;
}

static int check_indicators(const ds_probe *p, const name_index *names, xmlNodePtr quality)
{
	xmlNodePtr ind;
	int rc;

	for (ind = ds__xml_child(quality, "indicator"); ind; ind = ds__xml_next(ind, "indicator")) {
		char *dim = NULL, *col = NULL;
		uint64_t n, d, en, ed;
		size_t column = (size_t)-1;
		int k, found = -1;

		if ((rc = raw_attr(&dim, ind, "dimension")) < 0)
			return rc;
		for (k = 0; k < 4; k++)
			if (dim && strcmp(dim, ds_probe_dimension_name((ds_probe_dimension)k)) == 0)
				found = k;
		ds__free(dim);
		if ((rc = raw_attr(&col, ind, "column")) < 0)
			return rc;
		if (col) {
			column = ds__names_get(names, col);
			ds__free(col);
			if (column == (size_t)-1)
				return inconsistent(ind, "column",
						    "an indicator for a column the report does not have");
		}
		if ((rc = attr_count(&n, ind, "numerator", 1)) < 0 || (rc = attr_count(&d, ind, "denominator", 1)) < 0)
			return rc;
		rc = ds_probe_quality_fraction(&en, &ed, p, (ds_probe_dimension)found, column);
		if (rc < 0 || en != n || ed != d)
			return inconsistent(ind, "numerator", "the indicator does not follow from the counts");
	}
	return DS_OK;
}

/* How the source was read: required in version 2, absent from version 1. */
static int read_detection(ds_probe *p, xmlNodePtr root)
{
	xmlNodePtr node = ds__xml_child(root, "detection"), w;
	char *version = NULL, *v = NULL;
	uint64_t u;
	int rc, is_v2;

	if ((rc = raw_attr(&version, root, "version")) < 0)
		return rc;
	is_v2 = version && strcmp(version, "2") == 0;
	ds__free(version);
	if (!node)
		return is_v2 ? inconsistent(root, NULL, "a version 2 report has a detection element") : DS_OK;
	if (!is_v2)
		return inconsistent(node, NULL, "a version 1 report has no detection element");
	p->detection = 1;
	if ((rc = raw_attr(&v, node, "encoding")) < 0)
		return rc;
	p->encoding_detected = strcmp(v, "detected") == 0;
	ds__free(v);
	if ((rc = raw_attr(&v, node, "delimiter")) < 0)
		return rc;
	p->delimiter_detected = strcmp(v, "detected") == 0;
	ds__free(v);
	if ((rc = raw_attr(&v, node, "header")) < 0)
		return rc;
	p->header_detected = strcmp(v, "detected") == 0;
	ds__free(v);
	if ((rc = attr_count(&u, node, "confidence", 1)) < 0)
		return rc;
	p->encoding_confidence = (unsigned)u;
	if ((rc = raw_attr(&p->runner_up, node, "runner-up")) < 0 ||
	    (rc = attr_count(&u, node, "runner-up-confidence", 0)) < 0)
		return rc;
	p->runner_up_confidence = p->runner_up ? (unsigned)u : 0;
	if (!p->runner_up != !xmlHasProp(node, (const xmlChar *)"runner-up-confidence"))
		return inconsistent(node, "runner-up-confidence", "runner-up and its confidence go together");
	for (w = ds__xml_child(node, "warning"); w; w = ds__xml_next(w, "warning")) {
		size_t i = p->nwarnings;
		if (i >= DS__SOURCE_MAX_WARNINGS)
			return inconsistent(w, NULL, "too many warnings");
		p->nwarnings++;
		if ((rc = raw_attr(&p->warning_kind[i], w, "kind")) < 0 ||
		    (rc = raw_attr(&p->warning_message[i], w, "message")) < 0)
			return rc;
	}
	return DS_OK;
}

static int read_doc(ds_probe **out, xmlDocPtr doc)
{
	xmlNodePtr root = xmlDocGetRootElement(doc), node, col, pr;
	ds_probe *p = NULL;
	name_index names = { NULL, 0, 0 };
	char *v = NULL;
	uint64_t u;
	size_t i;
	int rc;

	if ((rc = ds__probe_alloc(&p, ds__xml_count(ds__xml_child(root, "columns"), "column"))) < 0)
		return rc;
	node = ds__xml_child(root, "source");
	if ((rc = raw_attr(&p->kind, node, "kind")) < 0 || (rc = raw_attr(&p->location, node, "location")) < 0 ||
	    (rc = raw_attr(&p->encoding, node, "encoding")) < 0 || (rc = raw_attr(&v, node, "delimiter")) < 0 ||
	    (rc = attr_bool(&p->header, node, "header")) < 0 || (rc = attr_bool(&p->bom, node, "bom")) < 0 ||
	    (rc = attr_count(&p->bytes, node, "bytes", 1)) < 0)
		goto done;
	p->delimiter = v ? v[0] : 0;
	ds__free(v);
	v = NULL;
	if ((unsigned char)p->delimiter >= 0x80) {
		rc = inconsistent(node, "delimiter", "the delimiter must be one ASCII character");
		goto done;
	}

	if ((rc = read_detection(p, root)) < 0)
		goto done;

	node = ds__xml_child(root, "settings");
	if ((rc = attr_count(&p->distinct_bound, node, "distinct-bound", 1)) < 0 ||
	    (rc = attr_count(&u, node, "top-k", 1)) < 0 ||
	    (rc = raw_attr(&p->update_cycle, node, "update-cycle")) < 0 ||
	    (rc = raw_attr(&p->as_of, node, "as-of")) < 0)
		goto done;
	if (u > 100) {
		rc = inconsistent(node, "top-k", "top-k is at most 100");
		goto done;
	}
	p->top_k = (unsigned int)u;
	if (p->as_of) {
		ds__date d;
		if (ds__date_parse(&d, p->as_of) < 0) {
			rc = report_error(DS_EINVAL, node, "as-of", "'%s' is not a real date", p->as_of);
			goto done;
		}
	}

	node = ds__xml_child(root, "records");
	if ((rc = attr_count(&p->rows, node, "rows", 1)) < 0 ||
	    (rc = attr_count(&p->complete, node, "complete", 1)) < 0 ||
	    (rc = attr_count(&p->duplicate_window, node, "duplicate-window", 1)) < 0 ||
	    (rc = attr_count(&p->duplicates, node, "duplicates", 1)) < 0 ||
	    (rc = attr_bool(&p->duplicates_exact, node, "duplicates-exact")) < 0 ||
	    (rc = raw_attr(&p->latest_date, node, "latest-date")) < 0)
		goto done;
	if (p->complete > p->rows || p->duplicate_window > p->rows || p->duplicates > p->duplicate_window ||
	    p->duplicates_exact != (p->duplicate_window == p->rows)) {
		rc = inconsistent(node, NULL, "complete, duplicate-window and duplicates must fit the rows");
		goto done;
	}
	if (p->latest_date) {
		ds__date d;
		if (ds__date_parse(&d, p->latest_date) < 0) {
			rc = report_error(DS_EINVAL, node, "latest-date", "'%s' is not a real date", p->latest_date);
			goto done;
		}
	}

	node = ds__xml_child(root, "fingerprint");
	if ((rc = raw_attr(&v, node, "schema")) < 0)
		goto done;
	snprintf(p->schema_digest, sizeof p->schema_digest, "%s", v);
	ds__free(v);
	if ((rc = raw_attr(&v, node, "content")) < 0)
		goto done;
	snprintf(p->content_digest, sizeof p->content_digest, "%s", v);
	ds__free(v);
	v = NULL;

	/* Sums over the cells (completeness: rows × columns) must fit 64 bits. */
	if (p->ncolumns && p->rows > UINT64_MAX / p->ncolumns) {
		rc = inconsistent(ds__xml_child(root, "records"), "rows", "rows × columns do not fit 64 bits");
		goto done;
	}
	for (i = 0, col = ds__xml_child(ds__xml_child(root, "columns"), "column"); col;
	     col = ds__xml_next(col, "column"), i++) {
		if ((rc = read_column(&p->columns[i], col, p->rows, p->top_k)) < 0)
			goto done;
		if ((rc = ds__names_put(&names, p->columns[i].name, i, NULL)) < 0)
			goto done;
		if (rc == 0) {
			rc = report_error(DS_EINVAL, col, "name", "column name '%s' repeated", p->columns[i].name);
			goto done;
		}
	}

	for (pr = ds__xml_child(ds__xml_child(root, "problems"), "problem"); pr; pr = ds__xml_next(pr, "problem")) {
		xmlNodePtr sm;
		int kind = -1, k;
		if ((rc = raw_attr(&v, pr, "kind")) < 0)
			goto done;
		for (k = 0; k < DS_PROBLEM_KINDS; k++)
			if (strcmp(v, ds_probe_problem_name((ds_probe_problem_kind)k)) == 0)
				kind = k;
		ds__free(v);
		v = NULL;
		if (kind < 0 || p->problem_count[kind]) {
			rc = inconsistent(pr, "kind", "a problem kind repeated");
			goto done;
		}
		if ((rc = attr_count(&p->problem_count[kind], pr, "count", 1)) < 0)
			goto done;
		for (sm = ds__xml_child(pr, "sample"); sm; sm = ds__xml_next(sm, "sample")) {
			probe_sample *s = &p->samples[kind][p->nsamples[kind]];
			uint64_t line, column;
			if (p->nsamples[kind] >= p->problem_count[kind]) {
				rc = inconsistent(sm, NULL, "more samples than the problem's count");
				goto done;
			}
			if ((rc = attr_count(&line, sm, "line", 1)) < 0 ||
			    (rc = attr_count(&column, sm, "column", 1)) < 0 ||
			    (rc = raw_attr(&s->message, sm, "message")) < 0)
				goto done;
			p->nsamples[kind]++;
			s->line = (long)line;
			s->column = (long)column;
		}
	}
	if ((rc = check_indicators(p, &names, ds__xml_child(root, "quality"))) < 0)
		goto done;
	*out = p;
	p = NULL;
done:
	ds__names_dispose(&names);
	ds__free(v);
	ds_probe_free(p);
	return rc;
}

int ds_probe_parse(ds_probe **out, const char *data, size_t len, const char *name)
{
	xmlDocPtr doc = NULL;
	int rc;

	if (!out || !data)
		return ds__error(DS_EINVAL, "ds_probe_parse: NULL argument");
	if ((rc = ds__xml_load_memory(&doc, data, len, name ? name : "probe", "probe.xsd")) < 0)
		return rc;
	rc = read_doc(out, doc);
	xmlFreeDoc(doc);
	return rc;
}

int ds_probe_load(ds_probe **out, const char *path)
{
	xmlDocPtr doc = NULL;
	int rc;

	if (!out || !path)
		return ds__error(DS_EINVAL, "ds_probe_load: NULL argument");
	if ((rc = ds__xml_load_file(&doc, path, "probe.xsd")) < 0)
		return rc;
	rc = read_doc(out, doc);
	xmlFreeDoc(doc);
	return rc;
}
