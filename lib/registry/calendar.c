/*
 * Working days: weekends plus a calendar of holidays and adjusted working
 * days (调休), loaded from a data file into the registry, so that every
 * process counts 公示 periods the same way.
 * SPDX-License-Identifier: MIT
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "internal/xml.h"
#include "registry_internal.h"

#define CALENDAR_NS "urn:datasset:registry:1"
#define MAX_WORKING_DAYS 3660

typedef struct calendar_day {
	char date[11];
	int working;
} calendar_day;

/* 1970-01-01 was a Thursday: day 0 of the week is Sunday. */
static int weekday(long days)
{
	long w = (days + 4) % 7;
	return (int)(w < 0 ? w + 7 : w);
}

/* Whether every year from @first to @last is covered by a loaded calendar:
 * DS_OK, or DS_ESTATE naming the first year that is not. */
static int check_coverage(ds_registry *reg, int first, int last, const char *start, int days)
{
	ds__stmt *stmt = NULL;
	int rc = DS_OK, year;

	if (reg->weekends_only)
		return DS_OK;
	for (year = first; year <= last && rc == DS_OK; year++) {
		if ((rc = ds__store_prepare(&stmt, reg->store, "SELECT 1 FROM calendar_years WHERE year = ?")) < 0)
			return rc;
		if ((rc = ds__stmt_bind_int(stmt, 1, year)) == DS_OK && (rc = ds__stmt_step(stmt)) == 0)
			rc = ds__error_at(DS_ESTATE, 0, 0, "calendar",
					  "working days: %d working days after %s run into %d, which no loaded "
					  "calendar covers (load the State Council's holiday notice for %d with "
					  "'datasset registry calendar FILE'); the registry does not count "
					  "weekends alone unless created to (DS_REGISTRY_CALENDAR_WEEKENDS_ONLY)",
					  days, start, year, year);
		else if (rc > 0)
			rc = DS_OK;
		ds__stmt_finalize(stmt);
		stmt = NULL;
	}
	return rc;
}

int ds__registry_add_working_days(ds_registry *reg, const char *start, int days, char out[11])
{
	ds__date date;
	ds__stmt *stmt = NULL;
	calendar_day *special = NULL;
	size_t count = 0, cap = 0, next = 0;
	char last[11], current[11];
	long day, horizon;
	int rc, remaining = days;

	ds__registry_cache *cache = ds__registry_cache_get(reg);

	/* A batch's registrations mostly start 公示 on the same day: the sum
	 * made last in this transaction (loading a calendar drops it). */
	if (cache && cache->days_start[0] && cache->days == days && strcmp(cache->days_start, start) == 0) {
		memcpy(out, cache->days_end, 11);
		return DS_OK;
	}
	if ((rc = ds__date_parse(&date, start)) < 0)
		return rc;
	if (days < 0 || days > MAX_WORKING_DAYS)
		return ds__error(DS_EINVAL, "working days: %d is outside 0 to %d", days, MAX_WORKING_DAYS);
	day = ds__date_to_days(date);
	/* Even a year of holidays leaves enough working days inside this horizon. */
	horizon = day + (long)days * 3 + 400;
	ds__date_format(last, ds__date_from_days(horizon));
	if (!reg->weekends_only &&
	    ((rc = ds__store_prepare(&stmt, reg->store,
				     "SELECT date, working FROM calendar WHERE date > ? AND date <= ? ORDER BY date")) <
		     0 ||
	     (rc = ds__stmt_bind_text(stmt, 1, start)) < 0 || (rc = ds__stmt_bind_text(stmt, 2, last)) < 0))
		goto done;
	while (stmt && (rc = ds__stmt_step(stmt)) > 0) {
		if (count == cap) {
			size_t new_cap = cap ? cap * 2 : 64;
			calendar_day *grown = ds__realloc(special, new_cap * sizeof *grown);
			if (!grown) {
				rc = ds__enomem();
				goto done;
			}
			special = grown;
			cap = new_cap;
		}
		snprintf(special[count].date, sizeof special[count].date, "%s", ds__stmt_text(stmt, 0));
		special[count++].working = (int)ds__stmt_int(stmt, 1);
	}
	if (rc < 0)
		goto done;
	/* 民法典 第二百零一条: the day the period starts is not counted. */
	while (remaining > 0) {
		int working;
		day++;
		ds__date_format(current, ds__date_from_days(day));
		while (next < count && strcmp(special[next].date, current) < 0)
			next++;
		if (next < count && strcmp(special[next].date, current) == 0)
			working = special[next].working;
		else
			working = weekday(day) != 0 && weekday(day) != 6;
		if (working)
			remaining--;
	}
	/* Every day counted lies in a year the calendar covers (the day after the start to the end). */
	if (days > 0 && (rc = check_coverage(reg, ds__date_from_days(ds__date_to_days(date) + 1).year,
					     ds__date_from_days(day).year, start, days)) < 0)
		goto done;
	ds__date_format(out, ds__date_from_days(day));
	if (cache && strlen(start) < sizeof cache->days_start) {
		snprintf(cache->days_start, sizeof cache->days_start, "%s", start);
		cache->days = days;
		memcpy(cache->days_end, out, 11);
	}
	rc = DS_OK;
done:
	ds__stmt_finalize(stmt);
	ds__free(special);
	return rc;
}

int ds_registry_add_working_days(char out[11], ds_registry *reg, const char *date, int days)
{
	char result[11];
	int rc;

	if (!out || !reg || !date)
		return ds__error(DS_EINVAL, "working days: a result, a registry and a date are required");
	if ((rc = ds__registry_add_working_days(reg, date, days, result)) < 0)
		return rc;
	memcpy(out, result, sizeof result);
	return DS_OK;
}

int ds__registry_region_mainland(const char *region)
{
	int province = (region[0] - '0') * 10 + (region[1] - '0');
	/* GB/T 2260: 11 北京 … 65 新疆; 71 台湾, 81 香港, 82 澳门 have their own calendars. */
	return province >= 11 && province <= 65;
}

#define YEAR_BIT(set, y) ((set)[(y) / 8] & (1 << ((y) % 8)))
#define YEAR_SET(set, y) ((set)[(y) / 8] |= (unsigned char)(1 << ((y) % 8)))

static int load_doc(size_t *count, ds_registry *reg, xmlDocPtr doc, const char *label)
{
	xmlNodePtr root, node, other;
	ds__stmt *stmt = NULL;
	char *name = NULL, *kind = NULL, *number = NULL, years[256] = "", utc[21], local[11], text[11];
	unsigned char year_seen[10000 / 8 + 1], covered[10000 / 8 + 1];
	ds__date date;
	size_t loaded = 0;
	int rc, in_tx = 0, y, has_notices;
	ds__registry_field fields[3];

	memset(year_seen, 0, sizeof year_seen);
	memset(covered, 0, sizeof covered);
	root = xmlDocGetRootElement(doc);
	if (!root->ns || strcmp((const char *)root->ns->href, CALENDAR_NS) != 0 ||
	    strcmp((const char *)root->name, "calendar") != 0) {
		rc = ds__xml_error(DS_EPARSE, root, NULL, "not a calendar: expected <calendar> in %s", CALENDAR_NS);
		goto done;
	}
	has_notices = ds__xml_child(root, "notice") != NULL;
	for (node = ds__xml_child(root, "notice"); node; node = ds__xml_next(node, "notice")) {
		long year;
		if ((rc = ds__xml_long(&year, node, "year", 1, 9999)) < 0)
			goto done;
		YEAR_SET(covered, (int)year);
	}
	/* Domain rules: each day once; a holiday on a weekend or an adjusted working day on a weekday is a mistake. */
	for (node = ds__xml_child(root, "day"); node; node = ds__xml_next(node, "day")) {
		char *other_date = NULL;
		long days;
		int weekend, working;
		if ((rc = ds__xml_date(&date, node, "date")) < 0 ||
		    (rc = ds__xml_text_required(&kind, node, "type")) < 0)
			goto done;
		days = ds__date_to_days(date);
		weekend = weekday(days) == 0 || weekday(days) == 6;
		working = strcmp(kind, "workday") == 0;
		ds__free(kind);
		kind = NULL;
		if (working && !weekend) {
			rc = ds__xml_error(
				DS_EINVAL, node, "type",
				"%04d-%02d-%02d is a weekday: an adjusted working day (调休) must fall on a weekend",
				date.year, date.month, date.day);
			goto done;
		}
		if (!working && weekend) {
			rc = ds__xml_error(DS_EINVAL, node, "type",
					   "%04d-%02d-%02d is a weekend day: list only holidays that fall on weekdays",
					   date.year, date.month, date.day);
			goto done;
		}
		/* A notice's arrangement may begin in the year before (2023's 元旦 from 2022-12-31),
		 * but a listed weekday holiday or workday always falls in a year a notice covers. */
		if (has_notices && !YEAR_BIT(covered, date.year)) {
			rc = ds__xml_error(DS_EINVAL, node, "date",
					   "%04d-%02d-%02d is in %d, which no <notice> of this calendar covers",
					   date.year, date.month, date.day, date.year);
			goto done;
		}
		for (other = ds__xml_child(root, "day"); other != node; other = ds__xml_next(other, "day")) {
			if ((rc = ds__xml_text(&other_date, other, "date")) < 0)
				goto done;
			ds__date_format(text, date);
			if (other_date && strcmp(other_date, text) == 0) {
				ds__free(other_date);
				rc = ds__xml_error(DS_EINVAL, node, "date", "%s is listed twice", text);
				goto done;
			}
			ds__free(other_date);
		}
		YEAR_SET(year_seen, date.year);
	}
	if (!has_notices)
		memcpy(covered, year_seen, sizeof covered);
	ds__registry_time(utc, local, ds__registry_now());
	if ((rc = ds__store_begin(reg->store)) < 0)
		goto done;
	in_tx = 1;
	ds__registry_cache_drop(reg); /* working-day sums made with the old calendar */
	for (y = 1; y < 10000; y++) {
		char from[11], to[11], source[512];
		size_t used = strlen(years);
		if (!YEAR_BIT(covered, y))
			continue;
		if (used + 6 < sizeof years)
			snprintf(years + used, sizeof years - used, "%s%04d", used ? " " : "", y);
		snprintf(from, sizeof from, "%04d-01-01", y);
		snprintf(to, sizeof to, "%04d-12-31", y);
		if ((rc = ds__store_prepare(&stmt, reg->store, "DELETE FROM calendar WHERE date >= ? AND date <= ?")) <
			    0 ||
		    (rc = ds__stmt_bind_text(stmt, 1, from)) < 0 || (rc = ds__stmt_bind_text(stmt, 2, to)) < 0 ||
		    (rc = ds__stmt_step(stmt)) < 0)
			goto done;
		ds__stmt_finalize(stmt);
		stmt = NULL;
		/* The year's source: its notices' numbers, or the file's label. */
		source[0] = '\0';
		for (node = ds__xml_child(root, "notice"); node; node = ds__xml_next(node, "notice")) {
			long year;
			if ((rc = ds__xml_long(&year, node, "year", 1, 9999)) < 0 ||
			    (rc = ds__xml_text_required(&number, node, "number")) < 0)
				goto done;
			if (year == y && strlen(source) + strlen(number) + 3 < sizeof source)
				snprintf(source + strlen(source), sizeof source - strlen(source), "%s%s",
					 source[0] ? "; " : "", number);
			ds__free(number);
			number = NULL;
		}
		if ((rc = ds__store_prepare(&stmt, reg->store,
					    "INSERT INTO calendar_years (year, source) VALUES (?, ?)"
					    " ON CONFLICT (year) DO UPDATE SET source = excluded.source")) < 0 ||
		    (rc = ds__stmt_bind_int(stmt, 1, y)) < 0 ||
		    (rc = ds__stmt_bind_text(stmt, 2, source[0] ? source : label)) < 0 ||
		    (rc = ds__stmt_step(stmt)) < 0)
			goto done;
		ds__stmt_finalize(stmt);
		stmt = NULL;
	}
	for (node = ds__xml_child(root, "day"); node; node = ds__xml_next(node, "day")) {
		if ((rc = ds__xml_date(&date, node, "date")) < 0 ||
		    (rc = ds__xml_text_required(&kind, node, "type")) < 0 ||
		    (rc = ds__xml_text(&name, node, "name")) < 0)
			goto done;
		ds__date_format(text, date);
		if ((rc = ds__store_prepare(&stmt, reg->store,
					    "INSERT INTO calendar (date, working, name) VALUES (?, ?, ?)")) < 0 ||
		    (rc = ds__stmt_bind_text(stmt, 1, text)) < 0 ||
		    (rc = ds__stmt_bind_int(stmt, 2, strcmp(kind, "workday") == 0)) < 0 ||
		    (rc = ds__stmt_bind_text(stmt, 3, name ? name : "")) < 0 || (rc = ds__stmt_step(stmt)) < 0)
			goto done;
		ds__stmt_finalize(stmt);
		stmt = NULL;
		ds__free(kind);
		ds__free(name);
		kind = name = NULL;
		loaded++;
	}
	fields[0] = (ds__registry_field){ "years", years, 0 };
	fields[1] = (ds__registry_field){ "days", NULL, (int64_t)loaded };
	fields[2] = (ds__registry_field){ "source", label, 0 };
	if ((rc = ds__registry_emit_event(reg, "calendar", 0, utc, fields, 3)) < 0)
		goto done;
	in_tx = 0;
	if ((rc = ds__store_commit(reg->store)) < 0)
		goto done;
	if (count)
		*count = loaded;
done:
	ds__stmt_finalize(stmt);
	if (in_tx)
		ds__store_rollback(reg->store);
	ds__free(kind);
	ds__free(name);
	ds__free(number);
	return rc;
}

#define OFFICIAL_CALENDAR "calendars/cn-official.xml"

int ds__registry_calendar_load(size_t *count, ds_registry *reg, const char *path)
{
	xmlDocPtr doc = NULL;
	const char *data;
	size_t len;
	int rc;

	if (reg->weekends_only)
		return ds__error_at(DS_ESTATE, 0, 0, "calendar",
				    "calendar: this registry was created to count weekends only "
				    "(DS_REGISTRY_CALENDAR_WEEKENDS_ONLY) and consults no calendar");
	if (path)
		rc = ds__xml_load_file(&doc, path, "registry.xsd");
	else if ((rc = ds__resource(OFFICIAL_CALENDAR, &data, &len)) == DS_OK)
		rc = ds__xml_load_memory(&doc, data, len, OFFICIAL_CALENDAR, "registry.xsd");
	if (rc < 0)
		return rc;
	rc = load_doc(count, reg, doc, path ? path : OFFICIAL_CALENDAR);
	xmlFreeDoc(doc);
	return rc;
}

int ds_registry_load_calendar(size_t *count, ds_registry *reg, const char *path)
{
	if (!reg)
		return ds__error(DS_EINVAL, "calendar: a registry is required");
	return ds__registry_calendar_load(count, reg, path);
}
