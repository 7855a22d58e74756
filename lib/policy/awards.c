/*
 * Results: accessors and the three written forms (awards XML, CSV, text).
 * SPDX-License-Identifier: MIT
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "internal/xml.h"
#include "policy/model.h"

#define TIE_BREAK                                                                                                          \
	"Ties in ranking are broken by the earlier first-listing date (an applicant's earliest product listing; a "        \
	"product's listing; a case's or recognition's date; undated last), then by 统一社会信用代码, then by the " \
	"unit identifier, in byte order."

static const char *const status_names[] = { "ineligible", "unranked", "granted", "displaced" };

size_t ds_awards_count(const ds_awards *awards)
{
	return awards ? awards->n_lines : 0;
}

int ds_awards_at(ds_award *out, const ds_awards *awards, size_t index)
{
	if (!out || !awards)
		return ds__error(DS_EINVAL, "ds_awards_at: NULL argument");
	if (index >= awards->n_lines)
		return ds__error(DS_ERANGE, "no line at index %zu (the result has %zu)", index, awards->n_lines);
	*out = awards->lines[index].pub;
	return DS_OK;
}

static int line_at(const line **out, const ds_awards *awards, size_t index, const char *function)
{
	if (!awards)
		return ds__error(DS_EINVAL, "%s: NULL argument", function);
	if (index >= awards->n_lines)
		return ds__error(DS_ERANGE, "%s: no line at index %zu (the result has %zu)", function, index,
				 awards->n_lines);
	*out = &awards->lines[index];
	return DS_OK;
}

int ds_awards_basis_at(const char **basis, const ds_awards *awards, size_t index)
{
	const line *l = NULL;
	int rc;

	if (!basis)
		return ds__error(DS_EINVAL, "ds_awards_basis_at: NULL argument");
	if ((rc = line_at(&l, awards, index, "ds_awards_basis_at")) < 0)
		return rc;
	*basis = arena_str(awards, l->basis_at);
	return DS_OK;
}

int ds_awards_payee_at(const char **payee, const ds_awards *awards, size_t index)
{
	const line *l = NULL;
	int rc;

	if (!payee)
		return ds__error(DS_EINVAL, "ds_awards_payee_at: NULL argument");
	if ((rc = line_at(&l, awards, index, "ds_awards_payee_at")) < 0)
		return rc;
	*payee = arena_str(awards, l->payee_at);
	return DS_OK;
}

int ds_awards_total(ds_decimal *r, const ds_awards *awards, const char *programme)
{
	size_t i;

	if (!r || !awards)
		return ds__error(DS_EINVAL, "ds_awards_total: NULL argument");
	if (!programme)
		return ds_decimal_set(r, awards->totals[awards->n_programmes]);
	for (i = 0; i < awards->n_programmes; i++)
		if (strcmp(arena_str(awards, awards->programme_id_at[i]), programme) == 0)
			return ds_decimal_set(r, awards->totals[i]);
	return ds__error(DS_ENOTFOUND, "no programme '%s' in the result", programme);
}

int ds_awards_csv_options_init(ds_awards_csv_options *opts, unsigned int version)
{
	if (!opts || version != DS_AWARDS_CSV_OPTIONS_VERSION)
		return ds__error(DS_EINVAL, "ds_awards_csv_options_init: NULL options or unknown version %u", version);
	memset(opts, 0, sizeof *opts);
	opts->version = version;
	return DS_OK;
}

/* Money to the fen ("150000.00"); values are already rounded where they are awards. */
static int money(char **out, const ds_decimal *x)
{
	return ds_decimal_to_string_scaled(out, x, 2, DS_ROUND_HALF_UP, 0);
}

/* Exact: plain when it terminates, else p/q. */
static int exact(char **out, const ds_decimal *x)
{
	int rc = ds_decimal_to_string(out, x, 0);
	return rc == DS_EINEXACT ? ds_decimal_to_fraction(out, x) : rc;
}

/* ---------------------------------------------------------------- XML */

static int xml_decimal_attr(ds__xml_writer *w, const char *name, const ds_decimal *x, int as_money)
{
	char *text = NULL;
	int rc;

	if (!x)
		return DS_OK;
	if ((rc = as_money ? money(&text, x) : exact(&text, x)) < 0)
		return rc;
	ds__xmlw_attr(w, name, text);
	ds_free(text);
	return DS_OK;
}

/* The root's opening: policy, applicants, total, tie-break rule. */
int ds__awards_xml_begin(ds__xml_writer *w, const char *policy_id, size_t n_applicants, const ds_decimal *total)
{
	ds__xmlw_attr(w, "policy", policy_id);
	ds__xmlw_attrf(w, "applicants", "%zu", n_applicants);
	int rc = xml_decimal_attr(w, "total", total, 1);
	if (rc < 0)
		return rc;
	ds__xmlw_element(w, "tie-break", TIE_BREAK);
	return DS_OK;
}

/* A <programme> start with its totals (closed with ds__xmlw_end). */
int ds__awards_xml_programme(ds__xml_writer *w, const char *id, const char *title, const ds_decimal *total,
			     size_t granted, size_t ignored)
{
	int rc;

	ds__xmlw_start(w, "programme");
	ds__xmlw_attr(w, "id", id);
	ds__xmlw_attr(w, "title", title);
	if ((rc = xml_decimal_attr(w, "total", total, 1)) < 0)
		return rc;
	ds__xmlw_attrf(w, "granted", "%zu", granted);
	ds__xmlw_attrf(w, "ignored-records", "%zu", ignored);
	return DS_OK;
}

/* One <line>; @basis and @payee are "" when the line has none. */
int ds__awards_xml_line(ds__xml_writer *w, const ds_award *a, const char *basis, const char *payee)
{
	char *caps = NULL, *item, *next;
	int rc;

	ds__xmlw_start(w, "line");
	ds__xmlw_attr(w, "applicant", a->applicant);
	ds__xmlw_attr(w, "name", a->applicant_name);
	if (*a->unit)
		ds__xmlw_attr(w, "unit", a->unit);
	ds__xmlw_attr(w, "status", status_names[a->status]);
	if (a->rank)
		ds__xmlw_attrf(w, "rank", "%zu", a->rank);
	if ((rc = xml_decimal_attr(w, "ranking-value", a->ranking_value, 0)) < 0 ||
	    (rc = xml_decimal_attr(w, "uncapped", a->uncapped, 0)) < 0 ||
	    (rc = xml_decimal_attr(w, "capped", a->capped, 1)) < 0 ||
	    (rc = xml_decimal_attr(w, "award", a->award, 1)) < 0)
		return rc;
	if (*a->displaced_by)
		ds__xmlw_attr(w, "displaced-by", a->displaced_by);
	if (*a->displaces)
		ds__xmlw_attr(w, "displaces", a->displaces);
	if (a->ignored_records)
		ds__xmlw_attrf(w, "ignored-records", "%zu", a->ignored_records);
	if (*a->reason)
		ds__xmlw_element(w, "reason", a->reason);
	if (*basis)
		ds__xmlw_element(w, "basis", basis);
	if (*payee)
		ds__xmlw_element(w, "payee", payee);
	if (*a->caps) {
		if (!(caps = ds__strdup(a->caps)))
			return ds__enomem();
		for (item = caps; item; item = next) {
			if ((next = strstr(item, "; ")) != NULL) {
				*next = '\0';
				next += 2;
			}
			ds__xmlw_element(w, "cap", item);
		}
		ds__free(caps);
	}
	ds__xmlw_end(w);
	return DS_OK;
}

int ds_awards_to_xml(char **out, const ds_awards *aw)
{
	ds__xml_writer w;
	size_t i, g;
	int rc;

	if (!out || !aw)
		return ds__error(DS_EINVAL, "ds_awards_to_xml: NULL argument");
	if ((rc = ds__xmlw_begin(&w, "awards", "urn:datasset:awards:1")) < 0)
		return rc;
	if ((rc = ds__awards_xml_begin(&w, arena_str(aw, aw->policy_id_at), aw->n_applicants,
				       aw->totals[aw->n_programmes])) < 0)
		goto fail;
	for (g = 0, i = 0; g < aw->n_programmes; g++) {
		if ((rc = ds__awards_xml_programme(&w, arena_str(aw, aw->programme_id_at[g]),
						   arena_str(aw, aw->programme_title_at[g]), aw->totals[g],
						   aw->granted[g], aw->ignored[g])) < 0)
			goto fail;
		for (; i < aw->n_lines && aw->lines[i].programme == g; i++)
			if ((rc = ds__awards_xml_line(&w, &aw->lines[i].pub, arena_str(aw, aw->lines[i].basis_at),
						      arena_str(aw, aw->lines[i].payee_at))) < 0)
				goto fail;
		ds__xmlw_end(&w);
	}
	return ds__xmlw_finish(out, &w);
fail:
	ds__xmlw_dispose(&w);
	return rc;
}

/* ---------------------------------------------------------------- CSV */

static void csv_decimal(ds__buf *b, const ds_decimal *x, int as_money)
{
	char *text = NULL;

	if (!x) {
		ds__csv_field(b, "", 0);
		return;
	}
	if ((as_money ? money(&text, x) : exact(&text, x)) < 0) {
		b->oom = 1;
		return;
	}
	ds__csv_field(b, text, 0);
	ds_free(text);
}

static const char *const csv_header[] = { "applicant", "name",		"programme",	   "unit",   "status",
					  "rank",      "ranking_value", "uncapped",	   "caps",   "capped",
					  "award",     "displaced_by",	"ignored_records", "reason", "displaces",
					  "basis",     "payee" };

/* The header row (after the BOM when asked). */
void ds__awards_csv_begin(ds__buf *b, int bom)
{
	size_t i;

	if (bom)
		ds__buf_puts(b, DS__CSV_BOM);
	for (i = 0; i < sizeof csv_header / sizeof csv_header[0]; i++)
		ds__csv_field(b, csv_header[i], i == 0);
	ds__csv_end_row(b);
}

void ds__awards_csv_line(ds__buf *b, const ds_award *a, const char *basis, const char *payee)
{
	char number[32];

	ds__csv_field(b, a->applicant, 1);
	ds__csv_field(b, a->applicant_name, 0);
	ds__csv_field(b, a->programme, 0);
	ds__csv_field(b, a->unit, 0);
	ds__csv_field(b, status_names[a->status], 0);
	snprintf(number, sizeof number, "%zu", a->rank);
	ds__csv_field(b, a->rank ? number : "", 0);
	csv_decimal(b, a->ranking_value, 0);
	csv_decimal(b, a->uncapped, 0);
	ds__csv_field(b, a->caps, 0);
	csv_decimal(b, a->capped, 1);
	csv_decimal(b, a->award, 1);
	ds__csv_field(b, a->displaced_by, 0);
	snprintf(number, sizeof number, "%zu", a->ignored_records);
	ds__csv_field(b, number, 0);
	ds__csv_field(b, a->reason, 0);
	ds__csv_field(b, a->displaces, 0);
	ds__csv_field(b, basis, 0);
	ds__csv_field(b, payee, 0);
	ds__csv_end_row(b);
}

int ds_awards_to_csv(char **out, const ds_awards *aw, const ds_awards_csv_options *opts)
{
	ds__buf b = DS__BUF_INIT;
	size_t i;

	if (!out || !aw)
		return ds__error(DS_EINVAL, "ds_awards_to_csv: NULL argument");
	if (opts && opts->version != DS_AWARDS_CSV_OPTIONS_VERSION)
		return ds__error(DS_EINVAL, "ds_awards_to_csv: unknown options version %u", opts->version);
	ds__awards_csv_begin(&b, opts && opts->bom);
	for (i = 0; i < aw->n_lines; i++)
		ds__awards_csv_line(&b, &aw->lines[i].pub, arena_str(aw, aw->lines[i].basis_at),
				    arena_str(aw, aw->lines[i].payee_at));
	if (b.oom) {
		ds__buf_dispose(&b);
		return ds__enomem();
	}
	return ds__buf_detach(out, &b);
}

/* ---------------------------------------------------------------- text */

static void text_money(ds__buf *b, const ds_decimal *x)
{
	char *text = NULL;

	if (ds_decimal_to_string_scaled(&text, x, 2, DS_ROUND_HALF_UP, DS_DECIMAL_GROUPED) < 0) {
		b->oom = 1;
		return;
	}
	ds__buf_puts(b, text);
	ds_free(text);
}

void ds__awards_text_begin(ds__buf *b, const char *policy_id, size_t n_applicants)
{
	ds__buf_printf(b, "Policy %s: %zu applicants\n", policy_id, n_applicants);
}

void ds__awards_text_programme(ds__buf *b, const char *id, const char *title, const ds_decimal *total, size_t granted,
			       size_t ignored)
{
	ds__buf_printf(b, "\n%s %s — total ", id, title);
	text_money(b, total);
	ds__buf_printf(b, ", %zu granted, %zu records outside the window ignored\n", granted, ignored);
}

/* One line: the awarded and ranked in rank order come first in a programme, the
 * ineligible after them (the order of the lines). */
void ds__awards_text_line(ds__buf *b, const ds_award *a, const char *basis, const char *payee)
{
	if (a->status == DS_AWARD_INELIGIBLE) {
		ds__buf_printf(b, "  -     %s %s%s%s  not eligible: %s\n", a->applicant, a->applicant_name,
			       *a->unit ? " / " : "", a->unit, a->reason);
		return;
	}
	ds__buf_printf(b, "  #%-4zu %s %s%s%s  %s", a->rank, a->applicant, a->applicant_name, *a->unit ? " / " : "",
		       a->unit, status_names[a->status]);
	if (a->status == DS_AWARD_GRANTED || a->status == DS_AWARD_DISPLACED) {
		ds__buf_puts(b, "  award ");
		text_money(b, a->award);
		if (a->status == DS_AWARD_DISPLACED) {
			ds__buf_printf(b, " (就高: ");
			text_money(b, a->capped);
			ds__buf_printf(b, " displaced by %s)", a->displaced_by);
		}
		if (*basis)
			ds__buf_printf(b, "  [%s]", basis);
		if (*a->caps)
			ds__buf_printf(b, "  [caps: %s]", a->caps);
		if (*payee)
			ds__buf_printf(b, "  [paid to %s]", payee);
		if (*a->displaces)
			ds__buf_printf(b, "  [就高: kept over %s]", a->displaces);
	} else {
		ds__buf_printf(b, "  (%s)", a->reason);
	}
	ds__buf_puts(b, "\n");
}

void ds__awards_text_end(ds__buf *b, const ds_decimal *total)
{
	ds__buf_puts(b, "\nTotal awarded: ");
	text_money(b, total);
	ds__buf_puts(b, "\n" TIE_BREAK "\n");
}

int ds_awards_to_text(char **out, const ds_awards *aw)
{
	ds__buf b = DS__BUF_INIT;
	size_t i, g;

	if (!out || !aw)
		return ds__error(DS_EINVAL, "ds_awards_to_text: NULL argument");
	ds__awards_text_begin(&b, arena_str(aw, aw->policy_id_at), aw->n_applicants);
	for (g = 0, i = 0; g < aw->n_programmes; g++) {
		ds__awards_text_programme(&b, arena_str(aw, aw->programme_id_at[g]),
					  arena_str(aw, aw->programme_title_at[g]), aw->totals[g], aw->granted[g],
					  aw->ignored[g]);
		/* Lines are ordered ranked first, then the ineligible (rank 0). */
		for (; i < aw->n_lines && aw->lines[i].programme == g; i++)
			ds__awards_text_line(&b, &aw->lines[i].pub, arena_str(aw, aw->lines[i].basis_at),
					     arena_str(aw, aw->lines[i].payee_at));
	}
	ds__awards_text_end(&b, aw->totals[aw->n_programmes]);
	if (b.oom) {
		ds__buf_dispose(&b);
		return ds__enomem();
	}
	return ds__buf_detach(out, &b);
}
