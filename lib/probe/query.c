/*
 * Reading a finished probe: source, columns, top values, record statistics,
 * GB/T 36344 quality indicators as exact fractions, fingerprint, problems.
 * SPDX-License-Identifier: MIT
 */
#include "config.h"

#include <stdint.h>
#include <string.h>

#include "internal/xml.h"
#include "probe_internal.h"

static const char *const type_names[] = { "empty", "boolean", "integer", "decimal", "date", "datetime", "text" };
static const char *const semantic_names[] = { "", "credit-code", "id-card", "mobile", "region", "email" };
static const char *const problem_names[] = { "invalid-bytes", "nul-byte",   "ragged-row",    "unterminated-quote",
					     "stray-quote",   "long-field", "duplicate-name" };
static const char *const dimension_names[] = { "规范性", "完整性", "准确性", "时效性" };

const char *ds_probe_type_name(ds_probe_type type)
{
	return (unsigned)type < sizeof type_names / sizeof type_names[0] ? type_names[type] : NULL;
}

const char *ds_probe_semantic_name(ds_probe_semantic semantic)
{
	return (unsigned)semantic < sizeof semantic_names / sizeof semantic_names[0] ? semantic_names[semantic] : NULL;
}

const char *ds_probe_problem_name(ds_probe_problem_kind kind)
{
	return (unsigned)kind < DS_PROBLEM_KINDS ? problem_names[kind] : NULL;
}

const char *ds_probe_dimension_name(ds_probe_dimension dimension)
{
	return (unsigned)dimension < sizeof dimension_names / sizeof dimension_names[0] ? dimension_names[dimension] :
											  NULL;
}

int ds__probe_type_from_name(const char *name)
{
	size_t i;

	for (i = 0; i < sizeof type_names / sizeof type_names[0]; i++)
		if (strcmp(name, type_names[i]) == 0)
			return (int)i;
	return -1;
}

int ds__probe_semantic_from_name(const char *name)
{
	size_t i;

	for (i = 0; i < sizeof semantic_names / sizeof semantic_names[0]; i++)
		if (strcmp(name, semantic_names[i]) == 0)
			return (int)i;
	return -1;
}

int ds_probe_source(ds_probe_source_info *out, const ds_probe *p)
{
	if (!out || !p)
		return ds__error(DS_EINVAL, "ds_probe_source: NULL argument");
	out->kind = p->kind;
	out->location = p->location;
	out->encoding = p->encoding;
	out->delimiter = p->delimiter;
	out->header = p->header;
	out->bom = p->bom;
	out->bytes = p->bytes;
	out->rows = p->rows;
	out->columns = p->ncolumns;
	return DS_OK;
}

size_t ds_probe_column_count(const ds_probe *p)
{
	return p ? p->ncolumns : 0;
}

int ds_probe_column_at(ds_probe_column_info *out, const ds_probe *p, size_t index)
{
	const probe_column *c;

	if (!out || !p)
		return ds__error(DS_EINVAL, "ds_probe_column_at: NULL argument");
	if (index >= p->ncolumns)
		return ds__error(DS_ERANGE, "ds_probe_column_at: index %zu is out of range; the probe has %zu columns",
				 index, p->ncolumns);
	c = &p->columns[index];
	memset(out, 0, sizeof *out);
	out->name = c->name;
	out->type = c->type;
	out->precision = c->precision;
	out->scale = c->scale;
	out->format = ds__probe_format_name(c->format);
	out->semantic = c->semantic;
	out->personal_info = c->personal_info;
	out->nullable = c->nullable;
	out->nulls = c->nulls;
	out->non_empty = c->non_empty;
	out->conforming = c->conforming;
	out->dominant = c->dominant;
	out->dominant_count = c->dominant_count;
	out->semantic_shape = c->semantic_shape;
	out->semantic_valid = c->semantic_valid;
	out->max_length = c->max_length;
	out->distinct = c->distinct;
	out->distinct_exact = c->distinct_exact;
	out->unique = c->unique;
	out->min = c->min;
	out->max = c->max;
	out->top_count = c->ntop;
	return DS_OK;
}

int ds_probe_top_at(const char **value, uint64_t *count, const ds_probe *p, size_t column, size_t rank)
{
	const probe_column *c;

	if (!p)
		return ds__error(DS_EINVAL, "ds_probe_top_at: NULL probe");
	if (column >= p->ncolumns)
		return ds__error(DS_ERANGE,
				 "ds_probe_top_at: column index %zu is out of range; the probe has %zu columns", column,
				 p->ncolumns);
	c = &p->columns[column];
	if (rank >= c->ntop)
		return ds__error(DS_ERANGE, "ds_probe_top_at: rank %zu is out of range; column '%s' has %zu top values",
				 rank, c->name, c->ntop);
	if (value)
		*value = c->top_values[rank];
	if (count)
		*count = c->top_counts[rank];
	return DS_OK;
}

int ds_probe_detection(ds_probe_detection_info *out, const ds_probe *p)
{
	if (!out || !p)
		return ds__error(DS_EINVAL, "ds_probe_detection: NULL argument");
	if (!p->detection)
		return ds__error(DS_ENOTFOUND, "the probe report (version 1) does not record how the source was read");
	out->encoding_detected = p->encoding_detected;
	out->encoding_confidence = p->encoding_confidence;
	out->runner_up = p->runner_up;
	out->runner_up_confidence = p->runner_up_confidence;
	out->delimiter_detected = p->delimiter_detected;
	out->header_detected = p->header_detected;
	return DS_OK;
}

size_t ds_probe_warning_count(const ds_probe *p)
{
	return p ? p->nwarnings : 0;
}

int ds_probe_warning_at(const char **kind, const char **message, const ds_probe *p, size_t index)
{
	if (!p)
		return ds__error(DS_EINVAL, "ds_probe_warning_at: NULL probe");
	if (index >= p->nwarnings)
		return ds__error(DS_ERANGE,
				 "ds_probe_warning_at: index %zu is out of range; the probe has %zu warnings", index,
				 p->nwarnings);
	if (kind)
		*kind = p->warning_kind[index];
	if (message)
		*message = p->warning_message[index];
	return DS_OK;
}

int ds_probe_record_stats(ds_probe_records *out, const ds_probe *p)
{
	if (!out || !p)
		return ds__error(DS_EINVAL, "ds_probe_record_stats: NULL argument");
	out->rows = p->rows;
	out->complete = p->complete;
	out->duplicate_window = p->duplicate_window;
	out->duplicates = p->duplicates;
	out->duplicates_exact = p->duplicates_exact;
	out->latest_date = p->latest_date;
	out->update_cycle = p->update_cycle;
	out->as_of = p->as_of;
	return DS_OK;
}

static int not_assessed(const char *what, const char *why)
{
	return ds__error(DS_ENOTFOUND, "%s is not assessed: %s", what, why);
}

static int too_many(const char *what)
{
	return ds__error(DS_ERANGE, "%s: the counts do not fit 64 bits", what);
}

int ds_probe_quality_fraction(uint64_t *num, uint64_t *den, const ds_probe *p, ds_probe_dimension dim, size_t column)
{
	const char *name = ds_probe_dimension_name(dim);
	int overall = column == (size_t)-1;
	uint64_t n = 0, d = 0;
	size_t i;

	if (!num || !den || !p || !name)
		return ds__error(DS_EINVAL, "ds_probe_quality_fraction: NULL argument or unknown dimension");
	if (!overall && column >= p->ncolumns)
		return ds__error(
			DS_ERANGE,
			"ds_probe_quality_fraction: column index %zu is out of range; the probe has %zu columns",
			column, p->ncolumns);
	switch (dim) {
	case DS_QUALITY_CONFORMANCE:
		/* Checked sums: a loaded report's counts are checked against the rows, and
		 * rows × columns against 64 bits, but stay safe whatever the counts. One
		 * column is read directly: asked once per column, a loop over all of
		 * them would make a report quadratic in its columns. */
		if (!overall) {
			n = p->columns[column].conforming;
			d = p->columns[column].non_empty;
		}
		for (i = 0; overall && i < p->ncolumns; i++) {
			if (n > UINT64_MAX - p->columns[i].conforming || d > UINT64_MAX - p->columns[i].non_empty)
				return too_many(name);
			n += p->columns[i].conforming;
			d += p->columns[i].non_empty;
		}
		if (d == 0)
			return not_assessed(name, "no non-empty value");
		break;
	case DS_QUALITY_COMPLETENESS:
		if (p->rows == 0)
			return not_assessed(name, "no records");
		/* Element completeness (GB/T 36344 数据元素完整性): the share of cells
		 * that hold a value, over one column or over the whole table. Record
		 * completeness (complete records / rows) is ds_probe_records().complete;
		 * as the overall score it would let one optional 备注 column sink a
		 * table that is otherwise full. */
		if (!overall)
			n = p->columns[column].non_empty;
		for (i = 0; overall && i < p->ncolumns; i++) {
			if (n > UINT64_MAX - p->columns[i].non_empty)
				return too_many(name);
			n += p->columns[i].non_empty;
		}
		if (overall && p->ncolumns && p->rows > UINT64_MAX / p->ncolumns)
			return too_many(name);
		d = p->rows * (overall ? p->ncolumns : 1);
		if (d == 0)
			return not_assessed(name, "no cells");
		break;
	case DS_QUALITY_ACCURACY:
		if (!overall)
			return not_assessed(name, "the duplicate rate is a property of records, not columns");
		if (p->duplicate_window == 0)
			return not_assessed(name, "no records");
		n = p->duplicate_window - p->duplicates;
		d = p->duplicate_window;
		break;
	case DS_QUALITY_TIMELINESS: {
		ds__date as_of, latest;
		long allowance, lag;
		if (!overall)
			return not_assessed(name, "时效性 is assessed for the whole source");
		if (!p->update_cycle || !p->as_of)
			return not_assessed(name, "no declared update cycle and as-of date");
		if (!p->latest_date)
			return not_assessed(name, "no date column");
		allowance = ds__probe_cycle_days(p->update_cycle);
		if (allowance <= 0)
			return not_assessed(name, "更新周期 不定期 has no deadline");
		if (ds__date_parse(&as_of, p->as_of) < 0 || ds__date_parse(&latest, p->latest_date) < 0)
			return ds__error(DS_EINVAL, "时效性: bad as-of or latest date");
		lag = ds__date_to_days(as_of) - ds__date_to_days(latest);
		/* On time: score 1; late: allowance / lag (twice the allowance late scores 1/2). */
		if (lag <= allowance) {
			n = d = 1;
		} else {
			n = (uint64_t)allowance;
			d = (uint64_t)lag;
		}
		break;
	}
	default: return ds__error(DS_EINVAL, "unknown quality dimension %d", (int)dim);
	}
	*num = n;
	*den = d;
	return DS_OK;
}

int ds_probe_quality(ds_decimal *score, const ds_probe *p, ds_probe_dimension dim, size_t column)
{
	uint64_t n, d;
	ds_decimal *a = NULL, *b = NULL;
	int rc;

	if (!score)
		return ds__error(DS_EINVAL, "ds_probe_quality: NULL score");
	if ((rc = ds_probe_quality_fraction(&n, &d, p, dim, column)) < 0)
		return rc;
	if (n > (uint64_t)INT64_MAX / 100 || d > (uint64_t)INT64_MAX)
		return ds__error(DS_ERANGE, "quality: counts too large");
	if ((rc = ds_decimal_new(&a)) < 0 || (rc = ds_decimal_new(&b)) < 0)
		goto done;
	if ((rc = ds_decimal_set_int64(a, (int64_t)(n * 100))) < 0 || (rc = ds_decimal_set_int64(b, (int64_t)d)) < 0)
		goto done;
	rc = ds_decimal_div(score, a, b);
done:
	ds_decimal_free(a);
	ds_decimal_free(b);
	return rc;
}

int ds_probe_fingerprint(const char **schema, const char **content, const ds_probe *p)
{
	if (!p)
		return ds__error(DS_EINVAL, "ds_probe_fingerprint: NULL probe");
	if (schema)
		*schema = p->schema_digest;
	if (content)
		*content = p->content_digest;
	return DS_OK;
}

int ds_probe_problem(uint64_t *count, size_t *samples, const ds_probe *p, ds_probe_problem_kind kind)
{
	if (!p || (unsigned)kind >= DS_PROBLEM_KINDS)
		return ds__error(DS_EINVAL, "ds_probe_problem: NULL probe or unknown kind");
	if (count)
		*count = p->problem_count[kind];
	if (samples)
		*samples = p->nsamples[kind];
	return DS_OK;
}

int ds_probe_problem_sample_at(long *line, long *column, const char **message, const ds_probe *p,
			       ds_probe_problem_kind kind, size_t index)
{
	if (!p || (unsigned)kind >= DS_PROBLEM_KINDS)
		return ds__error(DS_EINVAL, "ds_probe_problem_sample_at: NULL probe or unknown kind");
	if (index >= p->nsamples[kind])
		return ds__error(DS_ERANGE,
				 "ds_probe_problem_sample_at: index %zu is out of range; %zu %s samples are kept",
				 index, p->nsamples[kind], problem_names[kind]);
	if (line)
		*line = p->samples[kind][index].line;
	if (column)
		*column = p->samples[kind][index].column;
	if (message)
		*message = p->samples[kind][index].message;
	return DS_OK;
}
