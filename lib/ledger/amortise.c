/*
 * The amortisation engine: monthly charges rounded HALF_UP to the fen, the
 * last month of the life taking the difference, recomputed prospectively
 * after an impairment; and the stand-alone schedule API built on it.
 * SPDX-License-Identifier: MIT
 */
#include "config.h"

#include <limits.h>
#include <stdio.h>
#include <string.h>

#include "ledger_internal.h"

/* Re-set the error a date parser left, naming @field. */
static int date_error(int rc, const char *field)
{
	char message[256];

	snprintf(message, sizeof message, "%s", ds_error_last()->message);
	return ds__error_at(rc, 0, 0, field, "%s: %s", field, message);
}

int ds__ledger_date(ds__date *out, const char *text, const char *field)
{
	ds__date d;
	int rc;

	if (!text)
		return ds__error_at(DS_EINVAL, 0, 0, field, "%s: missing date", field);
	if ((rc = ds__date_parse(&d, text)) < 0)
		return date_error(rc, field);
	*out = d;
	return DS_OK;
}

int ds__ledger_month_text(ds__date *out, const char *text, const char *field)
{
	ds__date d;
	int rc;

	if (!text)
		return ds__error_at(DS_EINVAL, 0, 0, field, "%s: missing month", field);
	if ((rc = ds__month_parse(&d, text)) < 0)
		return date_error(rc, field);
	*out = d;
	return DS_OK;
}

void ds__ledger_put_fen(ds__buf *b, int64_t fen, int grouped)
{
	char text[DS__FEN_TEXT];

	ds__buf_put(b, text, ds__fen_text(text, fen, grouped));
}

/* Round a / b HALF_UP (四舍五入) for a >= 0, b > 0. */
static int64_t div_half_up(int64_t a, int64_t b)
{
	return a / b + ((a % b) * 2 >= b ? 1 : 0);
}

/* The state of one amortisation segment: from a month to the end of the life. */
typedef struct segment {
	int64_t base;		 /* amount to spread over the segment */
	int64_t remaining;	 /* not yet charged */
	int64_t monthly;	 /* straight-line monthly charge */
	long first;		 /* 0-based month of the life where the segment starts */
	ds_decimal *units_total; /* units of benefit: Σ units over the segment */
} segment;

/* Start a segment at 0-based life month @first that spreads @base. */
static int segment_start(segment *s, const ds__ledger_amortisation *a, long first, int64_t base)
{
	long k;
	int rc = DS_OK;

	s->base = s->remaining = base;
	s->first = first;
	s->monthly = 0;
	if (first >= a->months)
		return DS_OK;
	if (a->method == DS_LEDGER_STRAIGHT_LINE) {
		s->monthly = div_half_up(base, a->months - first);
		return DS_OK;
	}
	if ((rc = ds_decimal_set_int64(s->units_total, 0)) < 0)
		return rc;
	for (k = first; k < a->months; k++)
		if ((rc = ds_decimal_add(s->units_total, s->units_total, a->units[k])) < 0)
			return rc;
	return DS_OK;
}

/* The charge of 0-based life month @k (not the last) before capping. */
static int segment_charge(int64_t *charge, segment *s, const ds__ledger_amortisation *a, long k, ds_decimal *t)
{
	int rc;

	if (a->method == DS_LEDGER_STRAIGHT_LINE) {
		*charge = s->monthly;
		return DS_OK;
	}
	if (ds_decimal_is_zero(s->units_total)) {
		*charge = 0;
		return DS_OK;
	}
	/* base × units[k] / Σ units, rounded HALF_UP to the fen. */
	if ((rc = ds_decimal_set_int64(t, s->base)) < 0 || (rc = ds_decimal_mul(t, t, a->units[k])) < 0 ||
	    (rc = ds_decimal_div(t, t, s->units_total)) < 0 || (rc = ds_decimal_round(t, t, 0, DS_ROUND_HALF_UP)) < 0)
		return rc;
	return ds_decimal_to_int64(charge, t);
}

/* Apply impairment @imp to the carrying amount; DS_ESTATE for a reversal. */
static int impair(ds__ledger_impairment *imp, size_t index, int64_t *carrying, int64_t *residual, int *impaired,
		  const char *field)
{
	if (imp->recoverable > *carrying) {
		if (*impaired)
			return ds__error_at(
				DS_ESTATE, 0, 0, field,
				"%s/impairment[%zu]: recoverable amount above the carrying amount after an "
				"impairment would reverse it, which CAS 8 does not allow for intangible assets",
				field, index + 1);
		imp->loss = 0;
		return DS_OK;
	}
	imp->loss = *carrying - imp->recoverable;
	*carrying = imp->recoverable;
	if (imp->loss > 0)
		*impaired = 1;
	/* The residual value cannot exceed what is left to recover. */
	if (*residual > *carrying)
		*residual = *carrying;
	return DS_OK;
}

int ds__ledger_amortise(ds_ledger_schedule_line **out, size_t *out_count, ds__ledger_amortisation *a)
{
	ds_ledger_schedule_line *lines = NULL;
	ds_decimal *scratch = NULL;
	segment seg = { 0, 0, 0, 0, NULL };
	int64_t carrying = a->cost, residual = a->residual, accumulated = 0;
	size_t count = 0, next = 0;
	long k, last_month;
	int impaired = 0, rc = DS_OK;

	if (a->months > 0 && (long)a->start + a->months - 1 > DS__YEAR_MAX * 12L + 11)
		return ds__error_at(
			DS_ERANGE, 0, 0, a->field,
			"%s: %ld months from %04d-%02d run past %d-12 (dates are bounded to years %d to %d)", a->field,
			(long)a->months, a->start / 12, a->start % 12 + 1, DS__YEAR_MAX, DS__YEAR_MIN, DS__YEAR_MAX);
	if (a->method == DS_LEDGER_UNITS_OF_BENEFIT && a->months > 0) {
		if ((rc = ds_decimal_new(&seg.units_total)) < 0 || (rc = ds_decimal_new(&scratch)) < 0)
			goto done;
	}
	/* Months charged: from start to the end of the life, but not from the month
	 * of derecognition on (当月减少当月不再摊销). */
	last_month = a->months > 0 ? a->start + a->months - 1 : (long)a->start - 1;
	if (last_month >= (long)a->stop)
		last_month = (long)a->stop - 1;
	if (last_month >= a->start) {
		lines = ds__calloc((size_t)(last_month - a->start + 1), sizeof *lines);
		if (!lines) {
			rc = ds__enomem();
			goto done;
		}
	}
	/* Impairments tested before the first charge reduce what is spread. */
	while (next < a->impairment_count && a->impairments[next].month < a->start) {
		if ((rc = impair(&a->impairments[next], next, &carrying, &residual, &impaired, a->field)) < 0)
			goto done;
		next++;
	}
	if ((rc = segment_start(&seg, a, 0, carrying - residual)) < 0)
		goto done;
	for (k = 0; a->start + k <= last_month; k++) {
		ds_ledger_schedule_line *line = &lines[count++];
		int month = a->start + (int)k;
		int64_t charge;

		line->year = month / 12;
		line->month = month % 12 + 1;
		line->opening = carrying;
		if (k == a->months - 1) {
			/* The last month of the life takes the difference: the total is exact. */
			charge = seg.remaining;
			line->true_up = 1;
		} else {
			if ((rc = segment_charge(&charge, &seg, a, k, scratch)) < 0)
				goto done;
			if (charge > seg.remaining)
				charge = seg.remaining;
		}
		seg.remaining -= charge;
		carrying -= charge;
		accumulated += charge;
		line->charge = charge;
		line->accumulated = accumulated;
		while (next < a->impairment_count && a->impairments[next].month == month) {
			int64_t before = carrying;
			if ((rc = impair(&a->impairments[next], next, &carrying, &residual, &impaired, a->field)) < 0)
				goto done;
			line->impairment += before - carrying;
			next++;
			/* Recomputed prospectively over the remaining life from the new carrying
			 * amount; a test that found no loss changes nothing. */
			if (carrying != before && (rc = segment_start(&seg, a, k + 1, carrying - residual)) < 0)
				goto done;
		}
		line->closing = carrying;
	}
	/* Tests after the last charge (fully amortised, indefinite life). */
	for (; next < a->impairment_count; next++)
		if ((rc = impair(&a->impairments[next], next, &carrying, &residual, &impaired, a->field)) < 0)
			goto done;
	*out = lines;
	*out_count = count;
	lines = NULL;
done:
	ds__free(lines);
	ds_decimal_free(seg.units_total);
	ds_decimal_free(scratch);
	return rc;
}

/* ---------------------------------------------------------------- public schedule API */

int ds_ledger_schedule_options_init(ds_ledger_schedule_options *opts, unsigned int version)
{
	ds_ledger_schedule_options defaults = DS_LEDGER_SCHEDULE_OPTIONS_INIT;

	if (!opts || version != DS_LEDGER_SCHEDULE_OPTIONS_VERSION)
		return ds__error(DS_EINVAL, "ds_ledger_schedule_options_init: unknown version %u", version);
	*opts = defaults;
	return DS_OK;
}

/* Check units of benefit: @count of them, each >= 0, sum > 0. */
int ds__ledger_check_units(ds_decimal *const *units, size_t count, long months, const char *field)
{
	size_t i;
	int positive = 0;

	if (!units || count != (size_t)months)
		return ds__error_at(DS_EINVAL, 0, 0, field,
				    "%s: units of benefit need one value per month (%ld), got %zu", field, months,
				    units ? count : 0);
	for (i = 0; i < count; i++) {
		if (!units[i] || ds_decimal_sign(units[i]) < 0)
			return ds__error_at(DS_EINVAL, 0, 0, field, "%s[%zu]: expected benefit must be 0 or more",
					    field, i + 1);
		if (ds_decimal_sign(units[i]) > 0)
			positive = 1;
	}
	if (!positive)
		return ds__error_at(DS_EINVAL, 0, 0, field, "%s: the expected benefit adds up to zero", field);
	return DS_OK;
}

int ds_ledger_schedule_new(ds_ledger_schedule **out, const ds_decimal *cost, const char *start, long months,
			   const ds_ledger_schedule_options *opts)
{
	ds_ledger_schedule_options defaults = DS_LEDGER_SCHEDULE_OPTIONS_INIT;
	ds__ledger_amortisation a;
	ds_ledger_schedule *s = NULL;
	ds__date start_month, stop_month;
	int rc;

	if (!out)
		return ds__error(DS_EINVAL, "ds_ledger_schedule_new: out is NULL");
	if (!opts)
		opts = &defaults;
	if (opts->version != DS_LEDGER_SCHEDULE_OPTIONS_VERSION)
		return ds__error(DS_EINVAL, "ds_ledger_schedule_new: unknown options version %u", opts->version);
	memset(&a, 0, sizeof a);
	a.field = "schedule";
	a.stop = INT_MAX;
	if ((rc = ds__decimal_to_fen(&a.cost, cost, 1, "cost")) < 0)
		return rc;
	if ((rc = ds__ledger_month_text(&start_month, start, "start")) < 0)
		return rc;
	if (months < 1 || months > DS__LEDGER_MAX_MONTHS)
		return ds__error_at(DS_EINVAL, 0, 0, "months", "months: useful life must be 1 to %d months, not %ld",
				    DS__LEDGER_MAX_MONTHS, months);
	if (opts->residual && (rc = ds__decimal_to_fen(&a.residual, opts->residual, 1, "residual")) < 0)
		return rc;
	if (a.residual > a.cost)
		return ds__error_at(DS_EINVAL, 0, 0, "residual", "residual: residual value above the cost");
	if (opts->method != DS_LEDGER_STRAIGHT_LINE && opts->method != DS_LEDGER_UNITS_OF_BENEFIT)
		return ds__error_at(DS_EINVAL, 0, 0, "method", "method: unknown amortisation method %d",
				    (int)opts->method);
	if (opts->method == DS_LEDGER_UNITS_OF_BENEFIT &&
	    (rc = ds__ledger_check_units(opts->units, opts->unit_count, months, "units")) < 0)
		return rc;
	a.start = ds__ledger_month(start_month);
	if (opts->derecognised) {
		if ((rc = ds__ledger_month_text(&stop_month, opts->derecognised, "derecognised")) < 0)
			return rc;
		if (ds__ledger_month(stop_month) < a.start)
			return ds__error_at(DS_EINVAL, 0, 0, "derecognised",
					    "derecognised: %s is before the first month %s", opts->derecognised, start);
		a.stop = ds__ledger_month(stop_month);
	}
	a.months = months;
	a.method = opts->method;
	a.units = (ds_decimal *const *)opts->units;
	if (!(s = ds__calloc(1, sizeof *s)))
		return ds__enomem();
	if ((rc = ds__ledger_amortise(&s->lines, &s->count, &a)) < 0) {
		ds__free(s);
		return rc;
	}
	*out = s;
	return DS_OK;
}

void ds_ledger_schedule_free(ds_ledger_schedule *s)
{
	if (!s)
		return;
	ds__free(s->lines);
	ds__free(s);
}

size_t ds_ledger_schedule_count(const ds_ledger_schedule *s)
{
	return s ? s->count : 0;
}

int ds_ledger_schedule_at(ds_ledger_schedule_line *out, const ds_ledger_schedule *s, size_t index)
{
	if (!out || !s)
		return ds__error(DS_EINVAL, "ds_ledger_schedule_at: NULL argument");
	if (index >= s->count)
		return ds__error(DS_ERANGE,
				 "ds_ledger_schedule_at: index %zu is out of range; the schedule has %zu lines", index,
				 s->count);
	*out = s->lines[index];
	return DS_OK;
}
