/*
 * Text at the library's boundary: strict UTF-8, normalised to NFC (ICU).
 * SPDX-License-Identifier: MIT
 */
#include "config.h"

#include <string.h>

#include <unicode/unorm2.h>
#include <unicode/ustring.h>

#include "internal/xml.h"

static int icu_failed(UErrorCode status, const char *what)
{
	ds__error(DS_EINTERNAL, "ICU %s failed: %s", what, u_errorName(status));
	ds__error_cause("icu", (long)status);
	return DS_EINTERNAL;
}

int ds__nfc(char **out, const char *text, size_t len)
{
	const UNormalizer2 *nfc;
	UErrorCode status = U_ZERO_ERROR;
	UChar *utf16 = NULL, *normal = NULL;
	int32_t utf16_len = 0, normal_len, utf8_len = 0;
	char *result = NULL;
	size_t at = 0, step;
	unsigned int cp;
	int ascii = 1, rc = DS_OK;

	for (at = 0; at < len; at += step) {
		if ((unsigned char)text[at] < 0x80) {
			if (text[at] == '\0')
				return ds__error_at(DS_EPARSE, 0, (int)at + 1, NULL, "byte %zu: NUL in text", at + 1);
			step = 1;
			continue;
		}
		ascii = 0;
		step = ds__utf8_decode(text + at, len - at, &cp);
		if (step == 0)
			return ds__error_at(DS_EPARSE, 0, (int)at + 1, NULL, "byte %zu: invalid UTF-8", at + 1);
	}
	/* ASCII is always in NFC. */
	if (ascii) {
		*out = ds__strndup(text, len);
		return *out ? DS_OK : ds__enomem();
	}
	if (len > 0x3fffffff)
		return ds__error(DS_ERANGE, "text of %zu bytes is too long", len);
	if ((rc = ds__init()) < 0)
		return rc;
	nfc = unorm2_getNFCInstance(&status);
	if (U_FAILURE(status))
		return icu_failed(status, "NFC instance");
	u_strFromUTF8(NULL, 0, &utf16_len, text, (int32_t)len, &status);
	if (status != U_BUFFER_OVERFLOW_ERROR && U_FAILURE(status))
		return icu_failed(status, "UTF-8 conversion");
	status = U_ZERO_ERROR;
	utf16 = ds__malloc(((size_t)utf16_len + 1) * sizeof *utf16);
	if (!utf16)
		return ds__enomem();
	u_strFromUTF8(utf16, utf16_len + 1, NULL, text, (int32_t)len, &status);
	if (U_FAILURE(status)) {
		rc = icu_failed(status, "UTF-8 conversion");
		goto done;
	}
	if (unorm2_isNormalized(nfc, utf16, utf16_len, &status) && U_SUCCESS(status)) {
		*out = ds__strndup(text, len);
		rc = *out ? DS_OK : ds__enomem();
		goto done;
	}
	status = U_ZERO_ERROR;
	/* NFC never grows text by more than a factor of 3 (Unicode UAX #15). */
	normal = ds__malloc(((size_t)utf16_len * 3 + 1) * sizeof *normal);
	if (!normal) {
		rc = ds__enomem();
		goto done;
	}
	normal_len = unorm2_normalize(nfc, utf16, utf16_len, normal, utf16_len * 3 + 1, &status);
	if (U_FAILURE(status)) {
		rc = icu_failed(status, "NFC normalisation");
		goto done;
	}
	u_strToUTF8(NULL, 0, &utf8_len, normal, normal_len, &status);
	status = U_ZERO_ERROR;
	result = ds__malloc((size_t)utf8_len + 1);
	if (!result) {
		rc = ds__enomem();
		goto done;
	}
	u_strToUTF8(result, utf8_len + 1, NULL, normal, normal_len, &status);
	if (U_FAILURE(status)) {
		rc = icu_failed(status, "UTF-8 conversion");
		goto done;
	}
	*out = result;
	result = NULL;
done:
	ds__free(utf16);
	ds__free(normal);
	ds__free(result);
	return rc;
}

/* U+202A–U+202E (embeddings and overrides) and U+2066–U+2069 (isolates)
 * reorder what a reader sees without changing the stored text: in a name or
 * an identifier they make one string display as another (Trojan Source,
 * CVE-2021-42574; Unicode TR #36 §2.3), so names and identifiers refuse them. */
int ds__text_find_bidi(const char *text, size_t *position, unsigned int *cp)
{
	size_t i, n, len, chars = 0;
	unsigned int c;

	if (!text)
		return 0;
	len = strlen(text);
	for (i = 0; i < len; i += n) {
		chars++;
		if (!(n = ds__utf8_decode(text + i, len - i, &c)))
			return 0; /* invalid UTF-8 is refused by the NFC step, with its offset */
		if ((c >= 0x202A && c <= 0x202E) || (c >= 0x2066 && c <= 0x2069)) {
			*position = chars;
			*cp = c;
			return 1;
		}
	}
	return 0;
}

int ds__text_refuse_bidi(const char *text, const char *what)
{
	size_t chars = 0;
	unsigned int cp = 0;

	if (!ds__text_find_bidi(text, &chars, &cp))
		return DS_OK;
	return ds__error_at(DS_EINVAL, 0, (int)chars, what,
			    "%s: character %zu is a bidirectional control character (U+%04X), "
			    "not allowed in a name or identifier",
			    what, chars, cp);
}

int ds__text_limit(const char *text, size_t max_chars, const char *what, const char *limit)
{
	size_t i, chars = 0, len;

	if (!text)
		return DS_OK;
	len = strlen(text);
	if (len <= max_chars)
		return DS_OK; /* never more characters than bytes */
	for (i = 0; i < len; i++)
		chars += ((unsigned char)text[i] & 0xC0) != 0x80;
	if (chars > max_chars)
		return ds__error_at(DS_ERANGE, 0, 0, what, "%s: %zu characters, more than the %zu allowed (%s)", what,
				    chars, max_chars, limit);
	return DS_OK;
}
