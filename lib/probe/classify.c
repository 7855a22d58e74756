/*
 * What one value can be read as (自动探查): number, boolean, date, datetime,
 * and the shapes of the recognised identifiers. One pass over the value's
 * bytes for the common cases, no allocation: this runs once per field.
 * SPDX-License-Identifier: MIT
 */
#include "config.h"

#include <string.h>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "internal/codes.h"
#include "internal/decimal.h"
#include "internal/xml.h"
#include "probe_internal.h"

static const char *const format_names[FMT_COUNT] = {
	NULL,	    "YYYY-MM-DD",	   "YYYY/MM/DD",	  "YYYY.MM.DD",		 "YYYY年MM月DD日",
	"YYYYMMDD", "YYYY-MM-DD HH:MM:SS", "YYYY-MM-DDTHH:MM:SS", "YYYY/MM/DD HH:MM:SS", "YYYY/MM/DDTHH:MM:SS",
};

const char *ds__probe_format_name(int format)
{
	return format > 0 && format < FMT_COUNT ? format_names[format] : NULL;
}

int ds__probe_format_from_name(const char *name)
{
	int i;

	for (i = 1; i < FMT_COUNT; i++)
		if (strcmp(name, format_names[i]) == 0)
			return i;
	return -1;
}

static int is_digit(unsigned char c)
{
	return c >= '0' && c <= '9';
}

static int all_digits(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (!is_digit((unsigned char)s[i]))
			return 0;
	return 1;
}

/* all_digits(s, 4) in one word: each byte 0x30..0x39 (its high nibble 3, and still 3
 * with 6 added; no byte carries into the next once every high nibble is 3). */
static inline int four_digits(const char *s)
{
	uint32_t v;

	memcpy(&v, s, 4);
	return (v & 0xF0F0F0F0u) == 0x30303030u && ((v + 0x06060606u) & 0xF0F0F0F0u) == 0x30303030u;
}

/* Read 1 or 2 digits at s[*i]; -1 when none. */
static int read_1_2(const char *s, size_t n, size_t *i)
{
	int v;

	if (*i >= n || !is_digit((unsigned char)s[*i]))
		return -1;
	v = s[(*i)++] - '0';
	if (*i < n && is_digit((unsigned char)s[*i]))
		v = v * 10 + (s[(*i)++] - '0');
	return v;
}

/* Exactly 2 digits. */
static int read_2(const char *s, size_t n, size_t *i)
{
	int v;

	if (*i + 2 > n || !is_digit((unsigned char)s[*i]) || !is_digit((unsigned char)s[*i + 1]))
		return -1;
	v = (s[*i] - '0') * 10 + (s[*i + 1] - '0');
	*i += 2;
	return v;
}

/* ds__uscc_value(c) >= 0: @c is in the credit code's alphabet (DS__USCC_ALPHABET). */
static inline int uscc_char(unsigned char c)
{
	/* the capitals without I, O, S, V and Z, by bit (bit k: 'A' + k) */
	const uint32_t letters = ((1u << 26) - 1) & ~((1u << ('I' - 'A')) | (1u << ('O' - 'A')) | (1u << ('S' - 'A')) |
						      (1u << ('V' - 'A')) | (1u << ('Z' - 'A')));

	if (c >= '0' && c <= '9')
		return 1;
	return c >= 'A' && c <= 'Z' && ((letters >> (c - 'A')) & 1u);
}

/* GB/T 2260 province-level prefixes (the first two digits of a region code). */
static int province_prefix(int p)
{
	switch (p) {
	case 11:
	case 12:
	case 13:
	case 14:
	case 15:
	case 21:
	case 22:
	case 23:
	case 31:
	case 32:
	case 33:
	case 34:
	case 35:
	case 36:
	case 37:
	case 41:
	case 42:
	case 43:
	case 44:
	case 45:
	case 46:
	case 50:
	case 51:
	case 52:
	case 53:
	case 54:
	case 61:
	case 62:
	case 63:
	case 64:
	case 65:
	case 71:
	case 81:
	case 82: return 1;
	default: return 0;
	}
}

/* GB 11643-1999: ISO 7064 MOD 11-2, weights 2^(17−i) mod 11, check "10X98765432"[Σ mod 11]. */
static const unsigned char id18_weights[17] = { 7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2 };
/* GB 32100-2015 §5: weights 3^(k−1) mod 31 (as ds__uscc_check_character). */
static const unsigned char uscc_weights[17] = { 1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28 };

/* The rest of the ID number check once the first 17 characters are known to be digits
 * and @sum is their weighted sum: check digit, province, birth date (1800–2099). */
static int id18_rest(const char *s, unsigned int sum)
{
	static const char checks[] = "10X98765432";
	char last = s[17] == 'x' ? 'X' : s[17];

	if (checks[sum % 11] != last)
		return 0;
	return province_prefix((s[0] - '0') * 10 + (s[1] - '0')) &&
	       ds__date_valid((s[6] - '0') * 1000 + (s[7] - '0') * 100 + (s[8] - '0') * 10 + (s[9] - '0'),
			      (s[10] - '0') * 10 + (s[11] - '0'), (s[12] - '0') * 10 + (s[13] - '0')) &&
	       s[6] >= '1' && (s[6] - '0') * 10 + (s[7] - '0') >= 18 && (s[6] - '0') * 10 + (s[7] - '0') <= 20;
}

int ds__probe_id18_valid(const char *s)
{
	unsigned int sum = 0;
	int i;

	for (i = 0; i < 17; i++) {
		if (!is_digit((unsigned char)s[i]))
			return 0;
		sum += (unsigned int)(s[i] - '0') * id18_weights[i];
	}
	return id18_rest(s, sum);
}

int ds__probe_id15_valid(const char *s)
{
	/* The pre-1999 15-digit form: region (6), birth date 19YYMMDD as YYMMDD, sequence (3). */
	if (!all_digits(s, 15))
		return 0;
	return province_prefix((s[0] - '0') * 10 + (s[1] - '0')) &&
	       ds__date_valid(1900 + (s[6] - '0') * 10 + (s[7] - '0'), (s[8] - '0') * 10 + (s[9] - '0'),
			      (s[10] - '0') * 10 + (s[11] - '0'));
}

/* Identifiers made of digits only: region codes, mobile numbers, 15/18-digit ID numbers,
 * credit codes that happen to be all digits. */
static void digit_shapes(value_info *vi, const char *s, size_t n)
{
	if (n == 6) {
		int p = (s[0] - '0') * 10 + (s[1] - '0');
		if (province_prefix(p)) {
			vi->shape |= 1u << DS_SEMANTIC_REGION;
			vi->valid |= 1u << DS_SEMANTIC_REGION;
		}
	} else if (n == 11) {
		if (s[0] == '1' && s[1] >= '3' && s[1] <= '9') {
			vi->shape |= 1u << DS_SEMANTIC_MOBILE;
			vi->valid |= 1u << DS_SEMANTIC_MOBILE;
		}
	} else if (n == 15) {
		vi->shape |= 1u << DS_SEMANTIC_ID_CARD;
		if (ds__probe_id15_valid(s))
			vi->valid |= 1u << DS_SEMANTIC_ID_CARD;
	}
}

/* An 18-character value: 居民身份证号 (17 digits + digit or X) and/or 统一社会信用代码.
 * 1 when the 18 characters are all digits. */
static int shapes_18(value_info *vi, const char *s)
{
	char code[19];
	unsigned int i, bad = 0, id_sum = 0, uscc_sum = 0;
	int uscc_shape = 1;

	/* One pass over the first 17 characters: whether they are digits, and both
	 * weighted sums (the ID number column's common case, kept cheap). The sums are
	 * used only when all 17 are digits. */
#if defined(__SSE2__)
	{
		/* the first 16 at once: a byte minus '0' above 9 (unsigned) is not a digit;
		 * the sums by 16-bit multiply-adds against the weights */
		const __m128i zero = _mm_setzero_si128();
		const __m128i id_lo = _mm_setr_epi16(7, 9, 10, 5, 8, 4, 2, 1),
			      id_hi = _mm_setr_epi16(6, 3, 7, 9, 10, 5, 8, 4);
		const __m128i uscc_lo = _mm_setr_epi16(1, 3, 9, 27, 19, 26, 16, 17);
		const __m128i uscc_hi = _mm_setr_epi16(20, 29, 25, 13, 8, 24, 10, 30);
		__m128i d = _mm_sub_epi8(_mm_loadu_si128((const __m128i *)(const void *)s), _mm_set1_epi8('0'));
		__m128i lo = _mm_unpacklo_epi8(d, zero), hi = _mm_unpackhi_epi8(d, zero);
		__m128i a = _mm_add_epi32(_mm_madd_epi16(lo, id_lo), _mm_madd_epi16(hi, id_hi));
		__m128i b = _mm_add_epi32(_mm_madd_epi16(lo, uscc_lo), _mm_madd_epi16(hi, uscc_hi));
		/* both sums' four lanes added: a in the low half, b in the high half */
		__m128i ab = _mm_add_epi32(_mm_unpacklo_epi64(a, b), _mm_unpackhi_epi64(a, b));
		ab = _mm_add_epi32(ab, _mm_shuffle_epi32(ab, _MM_SHUFFLE(2, 3, 0, 1)));
		bad = _mm_movemask_epi8(_mm_cmpeq_epi8(_mm_subs_epu8(d, _mm_set1_epi8(9)), zero)) != 0xFFFF;
		id_sum = (unsigned int)_mm_cvtsi128_si32(ab);
		uscc_sum = (unsigned int)_mm_cvtsi128_si32(_mm_unpackhi_epi64(ab, ab));
		i = 16;
	}
#else
	i = 0;
#endif
	for (; i < 17; i++) {
		unsigned int d = (unsigned int)(unsigned char)s[i] - '0';
		bad |= d > 9;
		id_sum += d * id18_weights[i];
		uscc_sum += d * uscc_weights[i];
	}
	if (!bad && (is_digit((unsigned char)s[17]) || s[17] == 'X' || s[17] == 'x')) {
		vi->shape |= 1u << DS_SEMANTIC_ID_CARD;
		if (id18_rest(s, id_sum))
			vi->valid |= 1u << DS_SEMANTIC_ID_CARD;
		if (s[17] != 'x') {
			/* 17 digits and a digit or X: every character is in the credit code's
			 * alphabet and positions 3–8 are digits, so only the check character
			 * is left to test (as ds__uscc_check_character computes it). */
			unsigned int check = 31 - uscc_sum % 31;
			vi->shape |= 1u << DS_SEMANTIC_CREDIT_CODE;
			if (DS__USCC_ALPHABET[check == 31 ? 0 : check] == s[17])
				vi->valid |= 1u << DS_SEMANTIC_CREDIT_CODE;
		}
		return is_digit((unsigned char)s[17]);
	}
	for (i = 0; i < 18; i++) {
		if (!uscc_char((unsigned char)s[i]) || (i >= 2 && i < 8 && !is_digit((unsigned char)s[i]))) {
			uscc_shape = 0;
			break;
		}
	}
	if (uscc_shape) {
		vi->shape |= 1u << DS_SEMANTIC_CREDIT_CODE;
		memcpy(code, s, 18);
		code[18] = '\0';
		if (ds__uscc_validate(code, NULL, NULL) == DS__USCC_VALID)
			vi->valid |= 1u << DS_SEMANTIC_CREDIT_CODE;
	}
	return 0;
}

/* The characters of an e-mail address, by byte: EMAIL_LOCAL before the '@' (letters,
 * digits, . _ % + -), EMAIL_DOMAIN after it (letters, digits, -); none above 0x7F. */
enum { EMAIL_LOCAL = 1, EMAIL_DOMAIN = 2 };
static const unsigned char email_chars[256] = {
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 1, 0, 3, 1, 0, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 0, 0, 0, 0, 0, 0,
	0, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 0, 0, 0, 0, 1,
	0, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 0, 0, 0, 0, 0,
};

static int email_local_char(unsigned char c)
{
	return email_chars[c] & EMAIL_LOCAL;
}

static int email_domain_char(unsigned char c)
{
	return email_chars[c] & EMAIL_DOMAIN;
}

/* local@label.label...tld: ASCII only; labels not empty, not starting or ending with '-';
 * the last label 2+ letters. Deliberately simple: it recognises, it does not validate RFC 5322. */
static int is_email(const char *s, size_t n)
{
	size_t at, i, label_start, dots = 0;

	for (at = 0; at < n && s[at] != '@'; at++)
		if (!email_local_char((unsigned char)s[at]))
			return 0;
	if (at == 0 || at >= n - 1 || at > 64)
		return 0;
	label_start = at + 1;
	for (i = at + 1; i < n; i++) {
		if (email_domain_char((unsigned char)s[i]))
			continue; /* the usual character: one test */
		if (s[i] != '.')
			return 0;
		if (i == label_start || s[label_start] == '-' || s[i - 1] == '-')
			return 0; /* an empty label, or one starting or ending with '-' */
		dots++;
		label_start = i + 1;
	}
	/* the last label: not empty, not starting or ending with '-', 2+ letters */
	if (n == label_start || s[label_start] == '-' || s[n - 1] == '-' || dots == 0 || n - label_start < 2)
		return 0;
	for (i = label_start; i < n; i++)
		if (is_digit((unsigned char)s[i]) || s[i] == '-')
			return 0;
	return 1;
}

/* A time of day after a date: H{1,2}:MM[:SS[.f+]]. Returns hhmmss or -1. */
static int64_t parse_time(const char *s, size_t n, size_t i)
{
	int h, m, sec = 0;

	if ((h = read_1_2(s, n, &i)) < 0 || h > 23 || i >= n || s[i++] != ':')
		return -1;
	if ((m = read_2(s, n, &i)) < 0 || m > 59)
		return -1;
	if (i < n) {
		if (s[i++] != ':' || (sec = read_2(s, n, &i)) < 0 || sec > 59)
			return -1;
		if (i < n) {
			if (s[i++] != '.' || i >= n)
				return -1;
			for (; i < n; i++)
				if (!is_digit((unsigned char)s[i]))
					return -1;
		}
	}
	return (int64_t)h * 10000 + m * 100 + sec;
}

/* Dates and datetimes starting with a 4-digit year at s[0..3] and a separator at s[4]. */
static void classify_date(value_info *vi, const char *s, size_t n)
{
	size_t i = 5;
	int year, month, day, cjk = 0;
	char sep = s[4];

	year = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0');
	/* The usual shapes, YYYY-MM-DD and YYYY-MM-DD HH:MM:SS (or with '/', or 'T'),
	 * read at their fixed places when they are whole and valid; anything else (or an
	 * invalid one) takes the general path below, which gives these the same result. */
	if ((sep == '-' || sep == '/') && (n == 10 || n == 19) && s[7] == sep && is_digit((unsigned char)s[5]) &&
	    is_digit((unsigned char)s[6]) && is_digit((unsigned char)s[8]) && is_digit((unsigned char)s[9])) {
		month = (s[5] - '0') * 10 + (s[6] - '0');
		day = (s[8] - '0') * 10 + (s[9] - '0');
		if (n == 10) {
			if (year >= 1 && ds__date_valid(year, month, day)) {
				vi->date_key = (int64_t)year * 10000 + month * 100 + day;
				vi->flags |= VAL_DATE;
				vi->format = sep == '-' ? FMT_DASH : FMT_SLASH;
				return;
			}
		} else if ((s[10] == ' ' || s[10] == 'T') && s[13] == ':' && s[16] == ':' &&
			   is_digit((unsigned char)s[11]) && is_digit((unsigned char)s[12]) &&
			   is_digit((unsigned char)s[14]) && is_digit((unsigned char)s[15]) &&
			   is_digit((unsigned char)s[17]) && is_digit((unsigned char)s[18])) {
			int h = (s[11] - '0') * 10 + (s[12] - '0'), m = (s[14] - '0') * 10 + (s[15] - '0');
			int sec = (s[17] - '0') * 10 + (s[18] - '0');
			if (h <= 23 && m <= 59 && sec <= 59 && year >= 1 && ds__date_valid(year, month, day)) {
				vi->date_key = ((int64_t)year * 10000 + month * 100 + day) * 1000000 +
					       ((int64_t)h * 10000 + m * 100 + sec);
				vi->flags |= VAL_DATETIME;
				vi->format = sep == '-' ? (s[10] == ' ' ? FMT_DASH_SPACE : FMT_DASH_T) :
							  (s[10] == ' ' ? FMT_SLASH_SPACE : FMT_SLASH_T);
				return;
			}
		}
	}
	if (sep == '\xE5') { /* 年 is E5 B9 B4 */
		if (n < 7 || s[5] != '\xB9' || s[6] != '\xB4')
			return;
		cjk = 1;
		i = 7;
	} else if (sep != '-' && sep != '/' && sep != '.') {
		return;
	}
	if ((month = read_1_2(s, n, &i)) < 0)
		return;
	if (cjk) { /* 月 E6 9C 88 */
		if (i + 3 > n || memcmp(s + i, "\xE6\x9C\x88", 3) != 0)
			return;
		i += 3;
	} else if (i >= n || s[i++] != sep) {
		return;
	}
	if ((day = read_1_2(s, n, &i)) < 0)
		return;
	if (cjk) { /* 日 E6 97 A5 */
		if (i + 3 > n || memcmp(s + i, "\xE6\x97\xA5", 3) != 0)
			return;
		i += 3;
	}
	if (year < 1 || !ds__date_valid(year, month, day))
		return;
	vi->date_key = (int64_t)year * 10000 + month * 100 + day;
	if (i == n) {
		vi->flags |= VAL_DATE;
		vi->format = cjk ? FMT_CJK : sep == '-' ? FMT_DASH : sep == '/' ? FMT_SLASH : FMT_DOT;
		return;
	}
	if ((sep == '-' || sep == '/') && (s[i] == ' ' || s[i] == 'T')) {
		int64_t t = parse_time(s, n, i + 1);
		if (t < 0)
			return;
		vi->flags |= VAL_DATETIME;
		vi->date_key = vi->date_key * 1000000 + t;
		vi->format = sep == '-' ? (s[i] == ' ' ? FMT_DASH_SPACE : FMT_DASH_T) :
					  (s[i] == ' ' ? FMT_SLASH_SPACE : FMT_SLASH_T);
	}
}

/* The longest number the classifier reads as one (sign, 64 digits, point). */
#define NUMBER_MAX_DIGITS 64

/* When the 8 bytes at @s are ASCII digits: @m becomes m·10^8 plus their value, and 1.
 * Else 0 and @m is left. Long digit runs (ID, mobile and account numbers) read 8 at a
 * time (the usual SWAR test and multiply; the bytes in memory order, little-endian). */
static inline int eight_digits(const char *s, uint64_t *m)
{
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
	uint64_t v;

	memcpy(&v, s, 8);
	if ((v & 0xF0F0F0F0F0F0F0F0ull) != 0x3030303030303030ull ||
	    ((v + 0x0606060606060606ull) & 0xF0F0F0F0F0F0F0F0ull) != 0x3030303030303030ull)
		return 0;
	v -= 0x3030303030303030ull;
	v = v * 10 + (v >> 8); /* pairs of digits in bytes 0, 2, 4, 6 */
	v = (((v & 0x000000FF000000FFull) * (100 + (1000000ull << 32))) +
	     (((v >> 16) & 0x000000FF000000FFull) * (1 + (10000ull << 32)))) >>
	    32;
	*m = *m * 100000000u + (uint32_t)v;
	return 1;
#else
	(void)s;
	(void)m;
	return 0;
#endif
}

static void classify_number(value_info *vi, const char *s, size_t n)
{
	size_t i = 0, start, int_len, frac_len = 0;
	uint64_t m = 0; /* the digits as an integer while there are at most 18 */

	if (s[0] == '-' || s[0] == '+')
		i = 1;
	start = i;
	while (n - i >= 8 && eight_digits(s + i, &m))
		i += 8;
	while (i < n && is_digit((unsigned char)s[i])) {
		m = m * 10 + (uint64_t)(s[i] - '0');
		i++;
	}
	int_len = i - start;
	if (int_len == 0 || int_len > NUMBER_MAX_DIGITS)
		return;
	/* A leading zero makes a code (050000), not a number; "0" and "0.5" are numbers. */
	if (s[start] == '0' && int_len > 1)
		return;
	if (i < n) {
		if (s[i] != '.')
			return;
		i++;
		while (i < n && is_digit((unsigned char)s[i])) {
			m = m * 10 + (uint64_t)(s[i] - '0');
			i++;
		}
		frac_len = i - start - int_len - 1;
		if (i < n || frac_len == 0 || int_len + frac_len > NUMBER_MAX_DIGITS)
			return;
		vi->flags |= VAL_DEC;
	} else {
		vi->flags |= VAL_INT;
	}
	vi->int_digits = (s[start] == '0') ? 0 : (int)int_len;
	vi->frac_digits = (int)frac_len;
#if defined(__SIZEOF_INT128__)
	/* m wrapped harmlessly past 18 digits; it is used only up to 18. */
	if (int_len + frac_len <= 18) {
		vi->mantissa = s[0] == '-' ? -(int64_t)m : (int64_t)m;
		vi->mantissa_ok = 1;
	}
#endif
	if (start == 0) {
		/* Digits only: the digit-made identifiers, and YYYYMMDD. */
		if (n == 8 && !frac_len) {
			int y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0');
			int mo = (s[4] - '0') * 10 + (s[5] - '0'), d = (s[6] - '0') * 10 + (s[7] - '0');
			if (y >= 1900 && y <= 2099 && ds__date_valid(y, mo, d)) {
				vi->flags |= VAL_COMPACT;
				vi->date_key = (int64_t)y * 10000 + mo * 100 + d;
			}
		} else if (!frac_len) {
			digit_shapes(vi, s, n);
		}
	}
}

static int ascii_ieq(const char *s, size_t n, const char *word)
{
	size_t i;

	if (strlen(word) != n)
		return 0;
	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c >= 'A' && c <= 'Z')
			c = (unsigned char)(c + 32);
		if (c != (unsigned char)word[i])
			return 0;
	}
	return 1;
}

void ds__probe_classify(value_info *vi, const char *s, size_t n)
{
	unsigned char c = (unsigned char)s[0];

	vi->flags = 0;
	vi->format = FMT_NONE;
	vi->shape = vi->valid = 0;
	vi->int_digits = vi->frac_digits = 0;
	vi->date_key = 0;
	vi->mantissa = 0;
	vi->mantissa_ok = 0;

	if (is_digit(c)) {
		/* Digits first: a date (4-digit year and a separator), else a number or an identifier. */
		if (n >= 8 && four_digits(s) && !is_digit((unsigned char)s[4])) {
			classify_date(vi, s, n);
			if (vi->flags)
				return;
		}
		/* An 18-character value may be an ID or credit code and is also tried as a
		 * number (18 digits, or e.g. the coordinate 116.39748311234567). */
		if (n == 18 && shapes_18(vi, s)) {
			/* 18 digits (the ID number column's usual value): what classify_number
			 * gives them, without its loops; nothing below applies to them */
			uint64_t m = 0;
			int i;
			if (s[0] == '0')
				return; /* a leading zero: a code, not a number */
			vi->flags |= VAL_INT;
			vi->int_digits = 18;
#if defined(__SIZEOF_INT128__)
			if (eight_digits(s, &m) && eight_digits(s + 8, &m)) {
				m = m * 100 + (uint64_t)(s[16] - '0') * 10 + (uint64_t)(s[17] - '0');
			} else {
				m = 0;
				for (i = 0; i < 18; i++)
					m = m * 10 + (uint64_t)(s[i] - '0');
			}
			vi->mantissa = (int64_t)m;
			vi->mantissa_ok = 1;
#else
			(void)m;
			(void)i;
#endif
			return;
		}
		classify_number(vi, s, n);
		if (!(vi->flags & (VAL_INT | VAL_DEC)) && n == 15 && all_digits(s, 15))
			digit_shapes(vi, s, n); /* 15-digit ID with a leading zero is impossible; kept simple */
		if (!vi->flags && !vi->shape && memchr(s, '@', n) && is_email(s, n)) {
			vi->shape |= 1u << DS_SEMANTIC_EMAIL;
			vi->valid |= 1u << DS_SEMANTIC_EMAIL;
		}
		return;
	}
	switch (c) {
	case '-':
	case '+':
		if (c == '+' && n >= 14 && s[1] == '8' && s[2] == '6') {
			/* +86 13812345678, +86-138..., +8613812345678 */
			size_t i = 3;
			if (s[i] == ' ' || s[i] == '-')
				i++;
			if (n - i == 11 && all_digits(s + i, 11) && s[i] == '1' && s[i + 1] >= '3' && s[i + 1] <= '9') {
				vi->shape |= 1u << DS_SEMANTIC_MOBILE;
				vi->valid |= 1u << DS_SEMANTIC_MOBILE;
				return;
			}
		}
		if (n > 1)
			classify_number(vi, s, n);
		return;
	case 't':
	case 'T':
	case 'f':
	case 'F':
		if (ascii_ieq(s, n, "true") || ascii_ieq(s, n, "false")) {
			vi->flags |= VAL_BOOL;
			return;
		}
		break;
	case 'Y':
	case 'N':
	case 'y':
	case 'n':
		if (n == 1) {
			vi->flags |= VAL_BOOL;
			return;
		}
		break;
	case 0xE6: /* 是 E6 98 AF */
		if (n == 3 && (unsigned char)s[1] == 0x98 && (unsigned char)s[2] == 0xAF) {
			vi->flags |= VAL_BOOL;
			return;
		}
		break;
	case 0xE5: /* 否 E5 90 A6 */
		if (n == 3 && (unsigned char)s[1] == 0x90 && (unsigned char)s[2] == 0xA6) {
			vi->flags |= VAL_BOOL;
			return;
		}
		break;
	default: break;
	}
	/* a first character outside the credit code's alphabet (an e-mail address's
	 * letter) rules out both shapes: shapes_18 would find nothing */
	if (n == 18 && uscc_char(c)) {
		shapes_18(vi, s);
		if (vi->shape)
			return;
	}
	if (c < 0x80 && is_email(s, n)) { /* (it looks for the '@' itself) */
		vi->shape |= 1u << DS_SEMANTIC_EMAIL;
		vi->valid |= 1u << DS_SEMANTIC_EMAIL;
	}
}

int ds__probe_mantissa_cmp(int64_t m1, int f1, int64_t m2, int f2)
{
#if defined(__SIZEOF_INT128__)
	/* Bring both to the larger scale: |m| < 10^18 times 10^18 fits in 128 bits. */
	__extension__ typedef __int128 i128;
	i128 a = (i128)m1 * (f1 < f2 ? ds__pow10_i64[f2 - f1] : 1);
	i128 b = (i128)m2 * (f2 < f1 ? ds__pow10_i64[f1 - f2] : 1);

	return a < b ? -1 : a > b;
#else
	/* Never called: without 128-bit integers the classifier sets no mantissa. */
	(void)m1;
	(void)f1;
	(void)m2;
	(void)f2;
	return 0;
#endif
}

/* Split a plain number into sign, integer digits (without leading zeros) and fraction
 * digits (without trailing zeros). */
static void num_parts(const char *s, size_t n, int *neg, const char **ip, size_t *il, const char **fp, size_t *fl)
{
	size_t i = 0, k;

	*neg = 0;
	if (s[0] == '-' || s[0] == '+') {
		*neg = s[0] == '-';
		i = 1;
	}
	while (i < n && s[i] == '0')
		i++;
	*ip = s + i;
	for (k = i; k < n && s[k] != '.'; k++)
		;
	*il = k - i;
	if (k < n) {
		*fp = s + k + 1;
		*fl = n - k - 1;
		while (*fl > 0 && (*fp)[*fl - 1] == '0')
			(*fl)--;
	} else {
		*fp = s + n;
		*fl = 0;
	}
}

int ds__probe_numcmp(const char *a, size_t an, const char *b, size_t bn)
{
	int aneg, bneg, mag;
	const char *ai, *af, *bi, *bf;
	size_t ail, afl, bil, bfl, k;

	num_parts(a, an, &aneg, &ai, &ail, &af, &afl);
	num_parts(b, bn, &bneg, &bi, &bil, &bf, &bfl);
	if (ail == 0 && afl == 0)
		aneg = 0; /* -0 == 0 */
	if (bil == 0 && bfl == 0)
		bneg = 0;
	if (aneg != bneg)
		return aneg ? -1 : 1;
	/* Magnitudes: longer integer part is larger; then digit by digit. */
	if (ail != bil) {
		mag = ail < bil ? -1 : 1;
	} else {
		int c = memcmp(ai, bi, ail);
		mag = 0;
		if (c != 0) {
			mag = c < 0 ? -1 : 1;
		} else {
			for (k = 0; k < afl || k < bfl; k++) {
				char x = k < afl ? af[k] : '0', y = k < bfl ? bf[k] : '0';
				if (x != y) {
					mag = x < y ? -1 : 1;
					break;
				}
			}
		}
	}
	return aneg ? -mag : mag;
}
