/*
 * The 统一社会信用代码 (GB 32100-2015) and certificate numbers: alphabet,
 * check character, validation, normalisation, formatting. The one
 * implementation; see lib/internal/codes.h.
 * SPDX-License-Identifier: MIT
 */
#include "config.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "internal/codes.h"
#include "internal/core.h"

int ds__uscc_value(char c)
{
	const char *p;

	/* Digits are the alphabet's first ten symbols: the common case without a search
	 * (the probe classifies every 18-character value as a possible code). */
	if (c >= '0' && c <= '9')
		return c - '0';
	p = c ? strchr(DS__USCC_ALPHABET, c) : NULL;

	return p ? (int)(p - DS__USCC_ALPHABET) : -1;
}

char ds__uscc_check_character(const int *values, size_t n)
{
	/* GB 32100-2015 §5: weights 3^(k−1) mod 31 = 1 3 9 27 19 26 16 ... A code has 17;
	 * the sum is reduced once at the end (each term is below 31 × 31), which keeps
	 * this cheap for callers that check every value of a column (the probe). */
	static const int weights[17] = { 1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28 };
	long sum = 0;
	int weight = 1, check;
	size_t k;

	for (k = 0; k < n; k++) {
		if (k < 17) {
			sum += (long)values[k] * weights[k];
		} else {
			if (k == 17)
				weight = 28 * 3 % 31;
			sum = (sum + (long)values[k] * weight) % 31;
			weight = weight * 3 % 31;
		}
	}
	check = 31 - (int)(sum % 31);
	return DS__USCC_ALPHABET[check == 31 ? 0 : check];
}

/* ---------------------------------------------------------------- 统一社会信用代码 */

/* A scan's result: the problem and its 1-based position, or invalid UTF-8 at byte @byte. */
typedef struct uscc_scan {
	int utf8_error;
	ds__uscc_problem problem;
	int position;
	size_t byte;
	int length;
	char expected;
} uscc_scan;

/* One pass over @code, characters in order, so the first failure is the one
 * reported. With @normalise, @code is UTF-8 and is folded as it is read. */
static void scan(uscc_scan *s, char normal[19], const char *code, int normalise)
{
	int values[17], k;
	size_t i = 0, n = strlen(code), step;
	unsigned int cp;

	memset(s, 0, sizeof *s);
	while (i < n) {
		if (!normalise) {
			cp = (unsigned char)code[i];
			step = 1;
		} else if (!(step = ds__utf8_decode(code + i, n - i, &cp))) {
			s->utf8_error = 1;
			s->byte = i + 1;
			s->position = s->length + 1;
			return;
		}
		i += step;
		if (normalise) {
			if (cp == ' ' || cp == 0x3000)
				continue;
			if (cp >= 0xFF01 && cp <= 0xFF5E) /* full-width ASCII (NFKC) */
				cp -= 0xFEE0;
			if (cp >= 'a' && cp <= 'z')
				cp -= 'a' - 'A';
		}
		if (s->length >= 18) {
			s->problem = DS__USCC_LENGTH;
			s->position = 19;
			return;
		}
		if (cp > 0x7F || ds__uscc_value((char)cp) < 0) {
			s->problem = DS__USCC_CHARACTER;
			s->position = s->length + 1;
			return;
		}
		normal[s->length++] = (char)cp;
	}
	normal[s->length] = '\0';
	if (s->length < 18) {
		s->problem = DS__USCC_LENGTH;
		s->position = s->length + 1;
		return;
	}
	for (k = 2; k < 8; k++) {
		if (normal[k] < '0' || normal[k] > '9') {
			s->problem = DS__USCC_REGION;
			s->position = k + 1;
			return;
		}
	}
	for (k = 0; k < 17; k++)
		values[k] = ds__uscc_value(normal[k]);
	s->expected = ds__uscc_check_character(values, 17);
	if (normal[17] != s->expected) {
		s->problem = DS__USCC_CHECK;
		s->position = 18;
	}
}

ds__uscc_problem ds__uscc_validate(const char *code, int *position, char *expected)
{
	uscc_scan s;

	if (!code) {
		s.problem = DS__USCC_LENGTH;
		s.position = 1;
		s.expected = 0;
	} else {
		char normal[19];
		scan(&s, normal, code, 0);
	}
	if (position)
		*position = s.position;
	if (expected)
		*expected = s.expected;
	return s.problem;
}

int ds__uscc_normalize(char out[19], const char *code)
{
	uscc_scan s;
	char normal[19];

	if (!code)
		return ds__error(DS_EINVAL, "统一社会信用代码: a code is required");
	scan(&s, normal, code, 1);
	if (s.utf8_error)
		return ds__error_at(DS_EPARSE, 0, s.position, "code", "统一社会信用代码: invalid UTF-8 at byte %zu",
				    s.byte);
	switch (s.problem) {
	case DS__USCC_VALID: memcpy(out, normal, 19); return DS_OK;
	case DS__USCC_LENGTH:
		if (s.position > 18)
			return ds__error_at(DS_EINVAL, 0, 19, "code",
					    "统一社会信用代码: more than 18 characters (position 19 is extra)");
		return ds__error_at(DS_EINVAL, 0, s.position, "code",
				    "统一社会信用代码: %d characters, expected 18 (position %d is missing)", s.length,
				    s.position);
	case DS__USCC_CHARACTER:
		return ds__error_at(DS_EINVAL, 0, s.position, "code",
				    "统一社会信用代码: position %d: character not allowed (valid: %s)", s.position,
				    DS__USCC_ALPHABET);
	case DS__USCC_REGION:
		return ds__error_at(DS_EINVAL, 0, s.position, "code",
				    "统一社会信用代码: position %d: the region code (positions 3-8) must be digits",
				    s.position);
	case DS__USCC_CHECK: break;
	}
	return ds__error_at(DS_EINVAL, 0, 18, "code",
			    "统一社会信用代码: position 18: check character is '%c', expected '%c'", normal[17],
			    s.expected);
}

/* ---------------------------------------------------------------- certificate numbers */

/* The check character of "RRRRRR-YYYY-K-NNNNNNNN-" (23 characters, shape
 * already checked): the credit code's rule over the 19 characters without
 * hyphens. The kind letter I is not in the credit code's alphabet and counts
 * 18, its place after H (ds_certificate_number_format() documents the convention). */
static char number_check_character(const char *number)
{
	int values[19], n = 0, i;

	for (i = 0; i < 23; i++) {
		if (number[i] == '-')
			continue;
		values[n++] = number[i] == 'I' ? 18 : ds__uscc_value(number[i]);
	}
	return ds__uscc_check_character(values, (size_t)n);
}

int ds__certificate_number_format(char out[DS__CERTIFICATE_NUMBER_SIZE], const char *region, int year, char kind,
				  int64_t sequence, int error)
{
	char text[DS__CERTIFICATE_NUMBER_SIZE + 8];

	if (!region || strlen(region) != 6 || strspn(region, "0123456789") != 6)
		return ds__error_at(error, 0, 0, "number", "certificate number: region code '%s' is not 6 digits",
				    region ? region : "");
	if (year < 1000 || year > 9999)
		return ds__error_at(error, 0, 0, "number", "certificate number: year %d is not 4 digits", year);
	if (!kind || !strchr(DS__CERTIFICATE_KINDS, kind))
		return ds__error_at(error, 0, 0, "number", "certificate number: kind must be R, P, A or I");
	if (sequence < 1 || sequence > 99999999)
		return ds__error_at(error, 0, 0, "number",
				    "certificate number: sequence %" PRId64 " is not from 1 to 99999999 (year %d)",
				    sequence, year);
	if (snprintf(text, sizeof text, "%s-%04d-%c-%08" PRId64 "-", region, year, kind, sequence) != 23)
		return ds__error(DS_EINTERNAL, "certificate number: unexpected length");
	text[23] = number_check_character(text);
	text[24] = '\0';
	memcpy(out, text, DS__CERTIFICATE_NUMBER_SIZE);
	return DS_OK;
}

int ds__certificate_number_verify(const char *number, int shape_error, int check_error)
{
	/* D a digit, K a kind letter, C a character of the credit code's alphabet, '-' itself. */
	static const char shape[] = "DDDDDD-DDDD-K-DDDDDDDD-C";
	size_t i, n;
	char expected;

	if (!number)
		return ds__error(DS_EINVAL, "certificate number: a number is required");
	n = strlen(number);
	for (i = 0; i < sizeof shape - 1; i++) {
		char c = i < n ? number[i] : '\0', p = shape[i];
		int ok = p == 'D' ? c >= '0' && c <= '9' :
			 p == '-' ? c == '-' :
			 p == 'K' ? c && strchr(DS__CERTIFICATE_KINDS, c) :
				    ds__uscc_value(c) >= 0;
		if (!ok)
			return ds__error_at(shape_error, 0, (int)i + 1, "number",
					    "certificate number: position %zu: expected %s", i + 1,
					    p == 'D' ? "a digit" :
					    p == '-' ? "'-'" :
					    p == 'K' ? "a kind letter (R, P, A or I)" :
						       "a check character (" DS__USCC_ALPHABET ")");
	}
	if (n != sizeof shape - 1)
		return ds__error_at(shape_error, 0, (int)sizeof shape, "number",
				    "certificate number: %zu characters, expected %zu", n, sizeof shape - 1);
	expected = number_check_character(number);
	if (number[23] != expected)
		return ds__error_at(check_error, 0, 24, "number",
				    "certificate number: check character is '%c', expected '%c'", number[23], expected);
	return DS_OK;
}

/* ---------------------------------------------------------------- pledge numbers */

/* "RRRRRR-YYYY-Z-NNNNNNNN-C": the certificate number's shape with the kind
 * letter Z (pledge.md). Z is not in the credit code's alphabet; like I (after
 * H) it counts by its place, after Y: 31, which is 0 modulo 31, so the check
 * character is the one of the same number with '0' in its place. */
static char pledge_check_character(const char *number)
{
	char copy[24];

	memcpy(copy, number, 23);
	copy[12] = '0';
	return number_check_character(copy);
}

int ds__pledge_number_format(char out[DS__CERTIFICATE_NUMBER_SIZE], const char *region, int year, int64_t sequence)
{
	int rc;

	/* The shape of a certificate number of kind R, then the letter and check character of Z. */
	if ((rc = ds__certificate_number_format(out, region, year, 'R', sequence, DS_ERANGE)) < 0)
		return rc;
	out[12] = 'Z';
	out[23] = pledge_check_character(out);
	return DS_OK;
}

int ds__pledge_number_verify(const char *number, int shape_error, int check_error)
{
	char copy[DS__CERTIFICATE_NUMBER_SIZE];
	char expected;

	if (!number)
		return ds__error(DS_EINVAL, "pledge number: a number is required");
	if (strlen(number) != 24 || number[12] != 'Z')
		return ds__error_at(shape_error, 0, 13, "pledgeNo",
				    "pledge number '%s': expected RRRRRR-YYYY-Z-NNNNNNNN-C (kind letter Z)", number);
	memcpy(copy, number, sizeof copy);
	copy[12] = 'R';
	copy[23] = '0';
	/* The shape (digits, hyphens, a check character of the alphabet) as a certificate number's. */
	if (ds__uscc_value(number[23]) < 0)
		return ds__error_at(shape_error, 0, 24, "pledgeNo",
				    "pledge number: position 24: expected a check character");
	{
		static const char shape[] = "DDDDDD-DDDD-K-DDDDDDDD-C";
		size_t i;
		for (i = 0; i < 23; i++)
			if (shape[i] == 'D' ? (number[i] < '0' || number[i] > '9') :
			    shape[i] == '-' ? number[i] != '-' :
					      0)
				return ds__error_at(shape_error, 0, (int)i + 1, "pledgeNo",
						    "pledge number: position %zu: expected %s", i + 1,
						    shape[i] == 'D' ? "a digit" : "'-'");
	}
	expected = pledge_check_character(number);
	if (number[23] != expected)
		return ds__error_at(check_error, 0, 24, "pledgeNo",
				    "pledge number: check character is '%c', expected '%c'", number[23], expected);
	return DS_OK;
}
