/*
 * Calendar dates (proleptic Gregorian), strictly parsed.
 * SPDX-License-Identifier: MIT
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "internal/xml.h"

static int digits(const char *text, int count, int *value)
{
	int i;

	*value = 0;
	for (i = 0; i < count; i++) {
		if (text[i] < '0' || text[i] > '9')
			return 0;
		*value = *value * 10 + (text[i] - '0');
	}
	return 1;
}

static int parse(ds__date *out, const char *text, int with_day)
{
	ds__date d = { 0, 0, 1 };
	const char *form = with_day ? "YYYY-MM-DD" : "YYYY-MM";
	int ok = digits(text, 4, &d.year) && text[4] == '-' && digits(text + 5, 2, &d.month);

	if (ok && with_day)
		ok = text[7] == '-' && digits(text + 8, 2, &d.day) && text[10] == '\0';
	else if (ok)
		ok = text[7] == '\0';
	if (!ok)
		return ds__error(DS_EINVAL, "'%s' is not a date in the form %s", text, form);
	if (d.year < DS__YEAR_MIN)
		return ds__error(DS_EINVAL, "'%s': year %d is outside %d to %d (the date range every document allows)",
				 text, d.year, DS__YEAR_MIN, DS__YEAR_MAX);
	if (d.month < 1 || d.month > 12)
		return ds__error(DS_EINVAL, "'%s': month %d is not 1 to 12", text, d.month);
	if (!ds__date_valid(d.year, d.month, d.day))
		return ds__error(DS_EINVAL, "'%s': %04d-%02d has no day %d", text, d.year, d.month, d.day);
	*out = d;
	return DS_OK;
}

int ds__date_parse(ds__date *out, const char *text)
{
	return parse(out, text, 1);
}

int ds__month_parse(ds__date *out, const char *text)
{
	return parse(out, text, 0);
}

/* Days from civil and back: the era-based algorithm (400-year cycles of
 * 146,097 days), exact for every year of the proleptic Gregorian calendar. */
long ds__date_to_days(ds__date d)
{
	long y = d.year - (d.month <= 2);
	long era = (y >= 0 ? y : y - 399) / 400;
	long year_of_era = y - era * 400;
	long day_of_year = (153L * (d.month + (d.month > 2 ? -3 : 9)) + 2) / 5 + d.day - 1;
	long day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
	return era * 146097 + day_of_era - 719468;
}

ds__date ds__date_from_days(long days)
{
	ds__date d;
	long z = days + 719468;
	long era = (z >= 0 ? z : z - 146096) / 146097;
	long day_of_era = z - era * 146097;
	long year_of_era = (day_of_era - day_of_era / 1460 + day_of_era / 36524 - day_of_era / 146096) / 365;
	long day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
	long mp = (5 * day_of_year + 2) / 153;

	d.day = (int)(day_of_year - (153 * mp + 2) / 5 + 1);
	d.month = (int)(mp < 10 ? mp + 3 : mp - 9);
	d.year = (int)(year_of_era + era * 400 + (d.month <= 2));
	return d;
}

int ds__date_cmp(ds__date a, ds__date b)
{
	if (a.year != b.year)
		return a.year < b.year ? -1 : 1;
	if (a.month != b.month)
		return a.month < b.month ? -1 : 1;
	if (a.day != b.day)
		return a.day < b.day ? -1 : 1;
	return 0;
}

/* Digits by hand: the registry formats several dates per registration, and
 * snprintf's format parsing cost more than the rest of the work. */
static void format_digits(char *out, unsigned int value, int width)
{
	while (width-- > 0) {
		out[width] = (char)('0' + value % 10u);
		value /= 10u;
	}
}

void ds__date_format(char *buf, ds__date d)
{
	format_digits(buf, (unsigned)d.year % 10000u, 4);
	buf[4] = '-';
	format_digits(buf + 5, (unsigned)d.month % 100u, 2);
	buf[7] = '-';
	format_digits(buf + 8, (unsigned)d.day % 100u, 2);
	buf[10] = '\0';
}

long ds__months_between(ds__date a, ds__date b)
{
	return ((long)b.year * 12 + b.month) - ((long)a.year * 12 + a.month);
}

/* ---------------------------------------------------------------- ISO 8601 times */

static int time_error(const char *text, size_t position, const char *why)
{
	return ds__error_at(DS_EINVAL, 0, (int)position + 1, "time",
			    "time '%s': %s at position %zu (expected YYYY-MM-DD[THH:MM[:SS]][Z|+HH:MM|-HH:MM]; "
			    "no offset means China Standard Time, +08:00)",
			    text, why, position + 1);
}

int ds_time_parse(int64_t *unix_seconds, const char *text)
{
	ds__date date;
	char day[11];
	int hour = 0, minute = 0, second = 0, offset = 8 * 60, oh, om;
	size_t i = 10, n;

	if (!unix_seconds || !text)
		return ds__error(DS_EINVAL, "ds_time_parse: NULL argument");
	n = strlen(text);
	if (n < 10)
		return time_error(text, n, "too short for a date");
	memcpy(day, text, 10);
	day[10] = '\0';
	if (ds__date_parse(&date, day) < 0)
		return time_error(text, 0, "not a date YYYY-MM-DD");
	if (date.year < 1970)
		return time_error(text, 0, "before 1970");
	if (n > 10) {
		if (text[10] != 'T' && text[10] != ' ')
			return time_error(text, 10, "expected 'T'");
		if (n < 16 || !digits(text + 11, 2, &hour) || text[13] != ':' || !digits(text + 14, 2, &minute) ||
		    hour > 23 || minute > 59)
			return time_error(text, 11, "not a time HH:MM");
		i = 16;
		if (i < n && text[i] == ':') {
			if (n < i + 3 || !digits(text + i + 1, 2, &second) || second > 59)
				return time_error(text, i + 1, "not seconds 00 to 59");
			i += 3;
		}
		if (i < n && text[i] == 'Z') {
			offset = 0;
			i++;
		} else if (i < n && (text[i] == '+' || text[i] == '-')) {
			if (n < i + 6 || !digits(text + i + 1, 2, &oh) || text[i + 3] != ':' ||
			    !digits(text + i + 4, 2, &om) || oh > 23 || om > 59)
				return time_error(text, i, "not an offset +HH:MM or -HH:MM");
			offset = (text[i] == '-' ? -1 : 1) * (oh * 60 + om);
			i += 6;
		}
		if (i != n)
			return time_error(text, i, "unexpected text");
	}
	*unix_seconds =
		(int64_t)ds__date_to_days(date) * 86400 + hour * 3600 + minute * 60 + second - (int64_t)offset * 60;
	return DS_OK;
}

int ds_time_format(char out[DS_TIME_SIZE], int64_t unix_seconds, int offset_minutes)
{
	int64_t local;
	long days, seconds;
	int magnitude;

	if (!out || unix_seconds < 0 || unix_seconds > INT64_C(253402300799) || offset_minutes < -1439 ||
	    offset_minutes > 1439)
		return ds__error(DS_EINVAL, "ds_time_format: time or offset out of range");
	local = unix_seconds + (int64_t)offset_minutes * 60;
	if (local < 0)
		return ds__error(DS_EINVAL, "ds_time_format: time before 1970 in that offset");
	days = (long)(local / 86400);
	seconds = (long)(local % 86400);
	ds__date_format(out, ds__date_from_days(days));
	magnitude = offset_minutes < 0 ? -offset_minutes : offset_minutes;
	snprintf(out + 10, DS_TIME_SIZE - 10, "T%02ld:%02ld:%02ld", seconds / 3600, seconds / 60 % 60, seconds % 60);
	if (offset_minutes == 0)
		snprintf(out + 19, DS_TIME_SIZE - 19, "Z");
	else
		snprintf(out + 19, DS_TIME_SIZE - 19, "%c%02d:%02d", offset_minutes < 0 ? '-' : '+', magnitude / 60,
			 magnitude % 60);
	return DS_OK;
}
