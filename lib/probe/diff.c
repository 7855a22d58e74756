/*
 * The change report between two probes of one source (自动探查: sensing that a
 * department's system changed): typed events with severity, and whether the
 * catalogue entry's 信息项 still describe the source.
 * SPDX-License-Identifier: MIT
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include <gmp.h>

#include "probe_internal.h"

typedef struct event {
	ds_probe_change change;
	ds_probe_severity severity;
	char *column, *old_value, *new_value;
	int catalog_stale;
} event;

struct ds_probe_diff {
	event *events;
	size_t count, cap;
	int same_source; /* the two probes read the same kind of source at the same location */
};

static const char *const change_names[] = { "ADD",	   "DROP",	  "RENAME",  "TYPE_WIDEN", "TYPE_NARROW",
					    "NULLABILITY", "STATS_DRIFT", "CONTENT", "QUALITY",	   "SOURCE" };
static const char *const severity_names[] = { "info", "warning", "breaking" };

const char *ds_probe_change_name(ds_probe_change change)
{
	return (unsigned)change < sizeof change_names / sizeof change_names[0] ? change_names[change] : NULL;
}

const char *ds_probe_severity_name(ds_probe_severity severity)
{
	return (unsigned)severity < sizeof severity_names / sizeof severity_names[0] ? severity_names[severity] : NULL;
}

int ds_probe_diff_options_init(ds_probe_diff_options *opts, unsigned int version)
{
	ds_probe_diff_options defaults = DS_PROBE_DIFF_OPTIONS_INIT;

	if (!opts || version != DS_PROBE_DIFF_OPTIONS_VERSION)
		return ds__error(DS_EINVAL, "ds_probe_diff_options_init: %s",
				 opts ? "unknown version" : "NULL options");
	*opts = defaults;
	return DS_OK;
}

static int add_event(ds_probe_diff *d, ds_probe_change change, ds_probe_severity severity, const char *column,
		     const char *old_value, const char *new_value, int stale)
{
	event *e;

	if (d->count == d->cap) {
		size_t cap = d->cap ? d->cap * 2 : 16;
		event *events = ds__realloc(d->events, cap * sizeof *events);
		if (!events)
			return ds__enomem();
		d->events = events;
		d->cap = cap;
	}
	e = &d->events[d->count];
	memset(e, 0, sizeof *e);
	e->change = change;
	e->severity = severity;
	e->catalog_stale = stale;
	if ((column && !(e->column = ds__strdup(column))) || (old_value && !(e->old_value = ds__strdup(old_value))) ||
	    (new_value && !(e->new_value = ds__strdup(new_value)))) {
		ds__free(e->column);
		ds__free(e->old_value);
		return ds__enomem();
	}
	d->count++;
	return DS_OK;
}

/* The widening order: empty below everything; integer < decimal; everything below text. */
static int widens(ds_probe_type from, ds_probe_type to)
{
	return from == DS_PROBE_EMPTY || to == DS_PROBE_TEXT || (from == DS_PROBE_INTEGER && to == DS_PROBE_DECIMAL);
}

static void u64_text(char *buf, size_t size, uint64_t v)
{
	snprintf(buf, size, "%llu", (unsigned long long)v);
}

/* Sign of a/b − c/d (b, d > 0), exactly. */
static int frac_cmp(uint64_t a, uint64_t b, uint64_t c, uint64_t d)
{
	mpz_t x, y;
	int r;

	mpz_inits(x, y, NULL);
	mpz_import(x, 1, 1, sizeof a, 0, 0, &a);
	mpz_import(y, 1, 1, sizeof d, 0, 0, &d);
	mpz_mul(x, x, y); /* a·d */
	mpz_import(y, 1, 1, sizeof c, 0, 0, &c);
	{
		mpz_t z;
		mpz_init(z);
		mpz_import(z, 1, 1, sizeof b, 0, 0, &b);
		mpz_mul(y, y, z); /* c·b */
		mpz_clear(z);
	}
	r = mpz_cmp(x, y);
	mpz_clears(x, y, NULL);
	return r < 0 ? -1 : r > 0;
}

/* |a/b − c/d| > points/100, exactly (b, d > 0): 100·|a·d − c·b| > points·b·d. */
static int share_moved(uint64_t a, uint64_t b, uint64_t c, uint64_t d, unsigned int points)
{
	mpz_t ad, cb, bd;
	int r;

	mpz_inits(ad, cb, bd, NULL);
	mpz_import(ad, 1, 1, sizeof a, 0, 0, &a);
	mpz_import(cb, 1, 1, sizeof c, 0, 0, &c);
	mpz_import(bd, 1, 1, sizeof b, 0, 0, &b);
	{
		mpz_t t;
		mpz_init(t);
		mpz_import(t, 1, 1, sizeof d, 0, 0, &d);
		mpz_mul(ad, ad, t);
		mpz_mul(cb, cb, bd);
		mpz_mul(bd, bd, t);
		mpz_clear(t);
	}
	mpz_sub(ad, ad, cb);
	mpz_abs(ad, ad);
	mpz_mul_ui(ad, ad, 100);
	mpz_mul_ui(bd, bd, points);
	r = mpz_cmp(ad, bd) > 0;
	mpz_clears(ad, cb, bd, NULL);
	return r;
}

/* A column's type as the catalogue entry shows it: "decimal(7,2)", "text[id-card, personal]". */
static void type_text(char *buf, size_t size, const probe_column *c)
{
	const char *sem = c->semantic != DS_SEMANTIC_NONE ? ds_probe_semantic_name(c->semantic) : NULL;
	int n;

	if (c->type == DS_PROBE_DECIMAL)
		n = snprintf(buf, size, "decimal(%d,%d)", c->precision, c->scale);
	else
		n = snprintf(buf, size, "%s", ds_probe_type_name(c->type));
	if (n < 0 || (size_t)n >= size)
		return;
	if (sem || c->personal_info)
		snprintf(buf + n, size - (size_t)n, "[%s%s%s]", sem ? sem : "", sem && c->personal_info ? ", " : "",
			 c->personal_info ? "personal" : "");
}

/* The 信息项 length of the catalogue draft (catalog.c): the precision of a decimal, else the
 * longest value in characters. */
static uint64_t item_length(const probe_column *c)
{
	return c->type == DS_PROBE_DECIMAL ? (uint64_t)(c->precision > 0 ? c->precision : 0) : c->max_length;
}

static int column_events(ds_probe_diff *d, const probe_column *o, const probe_column *n, uint64_t orows, uint64_t nrows,
			 const ds_probe_diff_options *opts)
{
	char a[48], b[48];
	int rc;

	if (o->type != n->type) {
		int wide = widens(o->type, n->type);
		if ((rc = add_event(d, wide ? DS_CHANGE_TYPE_WIDEN : DS_CHANGE_TYPE_NARROW, DS_PROBE_WARNING, n->name,
				    ds_probe_type_name(o->type), ds_probe_type_name(n->type), 1)) < 0)
			return rc;
	} else if (o->semantic != n->semantic || o->personal_info != n->personal_info ||
		   (o->type == DS_PROBE_DECIMAL && (o->precision != n->precision || o->scale != n->scale))) {
		/* The same base type, but what the catalogue says of it changed. Widening: a
		 * semantic type or personal-info mark lost, or a decimal whose integer digits
		 * and scale both did not shrink; anything else narrows. */
		int wide;
		if (o->semantic != n->semantic || o->personal_info != n->personal_info)
			wide = (n->semantic == DS_SEMANTIC_NONE || n->semantic == o->semantic) &&
			       (!n->personal_info || o->personal_info);
		else
			wide = n->precision - n->scale >= o->precision - o->scale && n->scale >= o->scale;
		type_text(a, sizeof a, o);
		type_text(b, sizeof b, n);
		if ((rc = add_event(d, wide ? DS_CHANGE_TYPE_WIDEN : DS_CHANGE_TYPE_NARROW, DS_PROBE_WARNING, n->name,
				    a, b, 1)) < 0)
			return rc;
	}
	/* The values outgrew the catalogue's 信息项 length (decimals: reported above). */
	if (item_length(n) > item_length(o) && !(o->type == DS_PROBE_DECIMAL && n->type == DS_PROBE_DECIMAL)) {
		snprintf(a, sizeof a, "length %llu", (unsigned long long)item_length(o));
		snprintf(b, sizeof b, "length %llu", (unsigned long long)item_length(n));
		if ((rc = add_event(d, DS_CHANGE_STATS_DRIFT, DS_PROBE_WARNING, n->name, a, b, 1)) < 0)
			return rc;
	}
	if (o->nullable != n->nullable) {
		if ((rc = add_event(d, DS_CHANGE_NULLABILITY, n->nullable ? DS_PROBE_WARNING : DS_PROBE_INFO, n->name,
				    o->nullable ? "nullable" : "not null", n->nullable ? "nullable" : "not null", 0)) <
		    0)
			return rc;
	}
	if (orows && nrows && share_moved(o->nulls, orows, n->nulls, nrows, opts->null_share_points)) {
		snprintf(a, sizeof a, "nulls %llu/%llu", (unsigned long long)o->nulls, (unsigned long long)orows);
		snprintf(b, sizeof b, "nulls %llu/%llu", (unsigned long long)n->nulls, (unsigned long long)nrows);
		if ((rc = add_event(d, DS_CHANGE_STATS_DRIFT, DS_PROBE_INFO, n->name, a, b, 0)) < 0)
			return rc;
	}
	/* Distinct count moved by more than distinct_percent of the old count. */
	if (o->distinct != n->distinct) {
		uint64_t delta = o->distinct > n->distinct ? o->distinct - n->distinct : n->distinct - o->distinct;
		if (o->distinct == 0 || share_moved(delta, o->distinct, 0, 1, opts->distinct_percent)) {
			snprintf(a, sizeof a, "distinct %s%llu", o->distinct_exact ? "" : "~",
				 (unsigned long long)o->distinct);
			snprintf(b, sizeof b, "distinct %s%llu", n->distinct_exact ? "" : "~",
				 (unsigned long long)n->distinct);
			if ((rc = add_event(d, DS_CHANGE_STATS_DRIFT, DS_PROBE_INFO, n->name, a, b, 0)) < 0)
				return rc;
		}
	}
	return DS_OK;
}

static int quality_events(ds_probe_diff *d, const ds_probe *o, const ds_probe *n, const ds_probe_diff_options *opts)
{
	int k, rc;

	for (k = 0; k < 4; k++) {
		uint64_t on, od, nn, nd;
		int ro = ds_probe_quality_fraction(&on, &od, o, (ds_probe_dimension)k, (size_t)-1);
		int rn = ds_probe_quality_fraction(&nn, &nd, n, (ds_probe_dimension)k, (size_t)-1);
		char a[48], b[48];

		if (ro < 0 || rn < 0)
			continue; /* not assessed on one side: nothing to compare */
		if (!share_moved(on, od, nn, nd, opts->quality_points))
			continue;
		snprintf(a, sizeof a, "%s %llu/%llu", ds_probe_dimension_name((ds_probe_dimension)k),
			 (unsigned long long)on, (unsigned long long)od);
		snprintf(b, sizeof b, "%s %llu/%llu", ds_probe_dimension_name((ds_probe_dimension)k),
			 (unsigned long long)nn, (unsigned long long)nd);
		/* Worse is a warning; better is news. */
		if ((rc = add_event(d, DS_CHANGE_QUALITY,
				    frac_cmp(nn, nd, on, od) < 0 ? DS_PROBE_WARNING : DS_PROBE_INFO, NULL, a, b, 0)) <
		    0)
			return rc;
	}
	return DS_OK;
}

/* Each column's position in the other probe by name ((size_t)-1: none), through a hash index. */
static int match_names(size_t *out, const ds_probe *from, const ds_probe *in)
{
	name_index x = { NULL, 0, 0 };
	size_t i;
	int rc;

	for (i = 0; i < in->ncolumns; i++)
		if ((rc = ds__names_put(&x, in->columns[i].name, i, NULL)) < 0) {
			ds__names_dispose(&x);
			return rc;
		}
	for (i = 0; i < from->ncolumns; i++)
		out[i] = ds__names_get(&x, from->columns[i].name);
	ds__names_dispose(&x);
	return DS_OK;
}

/*
 * A rename is an unmatched old column and an unmatched new column at the same
 * position with the same type and semantic type (metadata.md). "The same
 * position" is counted between the columns matched by name, not from the
 * start, so that a column dropped or added earlier in the table does not hide
 * a rename after it: within each gap between name-matched anchors, the
 * unmatched new columns, in order, take the first unmatched old column of the
 * same gap, after the last one taken, that has the same type and semantic type.
 */
static void match_renames(const ds_probe *o, const ds_probe *n, size_t *new_of_old, size_t *old_of_new)
{
	size_t i = 0, j, k;

	while (i < n->ncolumns) {
		size_t cursor, hi;

		if (old_of_new[i] != (size_t)-1) {
			i++;
			continue;
		}
		/* The gap of unmatched new columns [i, j), between the old counterparts of its anchors. */
		cursor = 0;
		for (k = i; k-- > 0;)
			if (old_of_new[k] != (size_t)-1) {
				cursor = old_of_new[k] + 1;
				break;
			}
		for (j = i; j < n->ncolumns && old_of_new[j] == (size_t)-1; j++)
			;
		hi = j < n->ncolumns ? old_of_new[j] : o->ncolumns;
		for (; i < j; i++)
			for (k = cursor; k < hi; k++) {
				const probe_column *oc = &o->columns[k], *nc = &n->columns[i];
				if (new_of_old[k] == (size_t)-1 && oc->type == nc->type &&
				    oc->semantic == nc->semantic) {
					new_of_old[k] = i;
					old_of_new[i] = k;
					cursor = k + 1;
					break;
				}
			}
	}
}

static int same_text(const char *a, const char *b)
{
	return strcmp(a ? a : "", b ? b : "") == 0;
}

/* "kind:location", e.g. "csv:data/v1.csv", "sqlite:db.sqlite#t"; NULL when out of memory. */
static char *source_text(const ds_probe *p)
{
	const char *k = p->kind ? p->kind : "", *l = p->location ? p->location : "";
	size_t size = strlen(k) + strlen(l) + 2;
	char *s = ds__malloc(size);

	if (s)
		snprintf(s, size, "%s:%s", k, l);
	return s;
}

int ds_probe_diff_new(ds_probe_diff **out, const ds_probe *o, const ds_probe *n, const ds_probe_diff_options *opts)
{
	ds_probe_diff_options defaults = DS_PROBE_DIFF_OPTIONS_INIT;
	ds_probe_diff *d = NULL;
	size_t *new_of_old = NULL, *old_of_new = NULL, i;
	char a[32], b[32];
	int rc;

	if (!out || !o || !n)
		return ds__error(DS_EINVAL, "ds_probe_diff: NULL argument");
	if (opts && opts->version != DS_PROBE_DIFF_OPTIONS_VERSION)
		return ds__error_at(DS_EINVAL, 0, 0, "version", "probe diff options: unknown version %u",
				    opts->version);
	if (!opts)
		opts = &defaults;
	if (!(d = ds__calloc(1, sizeof *d)) || !(new_of_old = ds__calloc(o->ncolumns + 1, sizeof *new_of_old)) ||
	    !(old_of_new = ds__calloc(n->ncolumns + 1, sizeof *old_of_new))) {
		rc = ds__enomem();
		goto done;
	}
	/* Two probes of different sources are still compared, but the report says so first. */
	d->same_source = same_text(o->kind, n->kind) && same_text(o->location, n->location);
	if (!d->same_source) {
		char *sa = source_text(o), *sb = source_text(n);
		int kind = !same_text(o->kind, n->kind);
		/* another kind of source is a warning (and the 资源格式 changes); another
		 * file or table of the same kind may be the next extract: news */
		rc = sa && sb ? add_event(d, DS_CHANGE_SOURCE, kind ? DS_PROBE_WARNING : DS_PROBE_INFO, NULL, sa, sb,
					  kind) :
				ds__enomem();
		ds__free(sa);
		ds__free(sb);
		if (rc < 0)
			goto done;
	}
	/* Match by name, then renames: see match_renames(). */
	if ((rc = match_names(new_of_old, o, n)) < 0 || (rc = match_names(old_of_new, n, o)) < 0)
		goto done;
	match_renames(o, n, new_of_old, old_of_new);
	for (i = 0; i < o->ncolumns; i++)
		if (new_of_old[i] == (size_t)-1 &&
		    (rc = add_event(d, DS_CHANGE_DROP, DS_PROBE_BREAKING, o->columns[i].name, o->columns[i].name, NULL,
				    1)) < 0)
			goto done;
	for (i = 0; i < n->ncolumns; i++) {
		const probe_column *nc = &n->columns[i];
		if (old_of_new[i] == (size_t)-1) {
			if ((rc = add_event(d, DS_CHANGE_ADD, DS_PROBE_INFO, nc->name, NULL, nc->name, 1)) < 0)
				goto done;
			continue;
		}
		if (strcmp(o->columns[old_of_new[i]].name, nc->name) != 0 &&
		    (rc = add_event(d, DS_CHANGE_RENAME, DS_PROBE_BREAKING, nc->name, o->columns[old_of_new[i]].name,
				    nc->name, 1)) < 0)
			goto done;
		if ((rc = column_events(d, &o->columns[old_of_new[i]], nc, o->rows, n->rows, opts)) < 0)
			goto done;
	}
	if (o->rows != n->rows) {
		u64_text(a, sizeof a, o->rows);
		u64_text(b, sizeof b, n->rows);
		if ((rc = add_event(d, DS_CHANGE_STATS_DRIFT, n->rows == 0 ? DS_PROBE_WARNING : DS_PROBE_INFO, NULL, a,
				    b, 0)) < 0)
			goto done;
	}
	if (strcmp(o->content_digest, n->content_digest) != 0 &&
	    (rc = add_event(d, DS_CHANGE_CONTENT, DS_PROBE_INFO, NULL, o->content_digest, n->content_digest, 0)) < 0)
		goto done;
	if ((rc = quality_events(d, o, n, opts)) < 0)
		goto done;
	*out = d;
	d = NULL;
	rc = DS_OK;
done:
	ds__free(new_of_old);
	ds__free(old_of_new);
	ds_probe_diff_free(d);
	return rc;
}

void ds_probe_diff_free(ds_probe_diff *d)
{
	size_t i;

	if (!d)
		return;
	for (i = 0; i < d->count; i++) {
		ds__free(d->events[i].column);
		ds__free(d->events[i].old_value);
		ds__free(d->events[i].new_value);
	}
	ds__free(d->events);
	ds__free(d);
}

size_t ds_probe_diff_count(const ds_probe_diff *d)
{
	return d ? d->count : 0;
}

int ds_probe_diff_at(ds_probe_event *out, const ds_probe_diff *d, size_t index)
{
	const event *e;

	if (!out || !d)
		return ds__error(DS_EINVAL, "ds_probe_diff_at: NULL argument");
	if (index >= d->count)
		return ds__error(DS_ERANGE, "ds_probe_diff_at: index %zu is out of range; the report has %zu events",
				 index, d->count);
	e = &d->events[index];
	out->change = e->change;
	out->severity = e->severity;
	out->column = e->column;
	out->old_value = e->old_value;
	out->new_value = e->new_value;
	out->catalog_stale = e->catalog_stale;
	return DS_OK;
}

int ds_probe_diff_catalog_stale(const ds_probe_diff *d)
{
	size_t i;

	if (!d)
		return 0;
	for (i = 0; i < d->count; i++)
		if (d->events[i].catalog_stale)
			return 1;
	return 0;
}

int ds_probe_diff_same_source(const ds_probe_diff *d)
{
	return d ? d->same_source : 0;
}
