/*
 * Identifiers shared by the registry, certificate, policy and catalogue
 * modules: the 统一社会信用代码 (GB 32100-2015) and certificate numbers
 * RRRRRR-YYYY-K-NNNNNNNN-C (lib/core/codes.c). The one implementation of
 * both; the modules word their own errors where their callers expect it.
 * SPDX-License-Identifier: MIT
 */
#ifndef DS_INTERNAL_CODES_H
#define DS_INTERNAL_CODES_H

#include <stddef.h>
#include <stdint.h>

/* The credit code's 31 symbols in value order (GB 32100-2015): no I, O, S, V, Z. */
#define DS__USCC_ALPHABET "0123456789ABCDEFGHJKLMNPQRTUWXY"

/* The value of @c in DS__USCC_ALPHABET (0 to 30), or -1 for any other byte. */
int ds__uscc_value(char c);

/* The GB 32100 check character over @n values: weights 3^(k−1) mod 31 for
 * k = 1..n, check = 31 − (Σ value × weight mod 31), 31 written as 0. */
char ds__uscc_check_character(const int *values, size_t n);

/* What is wrong with a credit code; DS__USCC_VALID is 0. */
typedef enum ds__uscc_problem {
	DS__USCC_VALID = 0,
	DS__USCC_LENGTH,    /* not 18 characters; the position is the first missing or extra one */
	DS__USCC_CHARACTER, /* a character outside DS__USCC_ALPHABET */
	DS__USCC_REGION,    /* positions 3–8 (GB/T 2260 region code) are not all digits */
	DS__USCC_CHECK	    /* position 18 is not the check character */
} ds__uscc_problem;

/*
 * Validate @code exactly as given (no normalisation): 18 characters of the
 * alphabet, digits in positions 3–8, the check character in position 18.
 * Characters are examined in order, so the first failing position is the one
 * reported. Sets no error: the caller words it.
 *
 * @param position  receives the 1-based position that failed, 0 when valid; may be NULL.
 * @param expected  receives the right check character for DS__USCC_CHECK; may be NULL.
 */
ds__uscc_problem ds__uscc_validate(const char *code, int *position, char *expected);

/*
 * Normalise a credit code as entered — full-width ASCII (U+FF01–U+FF5E)
 * becomes ASCII, lower case becomes upper case, spaces (U+0020, U+3000) are
 * dropped (the NFKC + upper-case rule of registration.md) — and validate it
 * as ds__uscc_validate() does, in one pass.
 *
 * @param out   receives the 18 characters and a NUL; unchanged on failure.
 * @return DS_OK; DS_EINVAL with the 1-based failing position as the error's
 *         column (field "code"); DS_EPARSE for invalid UTF-8.
 */
int ds__uscc_normalize(char out[19], const char *code);

/* Certificate number kind letters, in ds_reg_kind order: resource, product, asset, data IP. */
#define DS__CERTIFICATE_KINDS "RPAI"
/* "RRRRRR-YYYY-K-NNNNNNNN-C" and its NUL. */
#define DS__CERTIFICATE_NUMBER_SIZE 25

/*
 * Write the certificate number for region, year, kind and sequence, with its
 * check character (the convention is documented at ds_certificate_number_format()).
 *
 * @param region  6 digits (GB/T 2260); @param year 1000 to 9999;
 * @param kind    a letter of DS__CERTIFICATE_KINDS; @param sequence 1 to 99999999.
 * @param error   the code for a part out of range: DS_EINVAL for a caller's
 *                argument, DS_ERANGE for a registry whose sequence is exhausted.
 * @return DS_OK; @error with field "number" naming the part.
 */
int ds__certificate_number_format(char out[DS__CERTIFICATE_NUMBER_SIZE], const char *region, int year, char kind,
				  int64_t sequence, int error);

/*
 * Check a certificate number's shape and check character.
 *
 * @param shape_error  the code when the shape is wrong (column: the 1-based
 *                     position; 25 for a number longer than 24 characters).
 * @param check_error  the code when only the check character is wrong (column 24).
 * @return DS_OK, DS_EINVAL for NULL, or one of the two codes with field "number".
 */
int ds__certificate_number_verify(const char *number, int shape_error, int check_error);

/* Pledge numbers (质押, pledge.md): the certificate number's shape with the
 * kind letter Z, which counts 31 (its place after Y) in the check character.
 * format: DS_ERANGE for an exhausted sequence; verify: @shape_error or
 * @check_error naming the position (field "pledgeNo"). */
int ds__pledge_number_format(char out[DS__CERTIFICATE_NUMBER_SIZE], const char *region, int year, int64_t sequence);
int ds__pledge_number_verify(const char *number, int shape_error, int check_error);

#endif
