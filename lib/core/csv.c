/*
 * CSV per RFC 4180: fields quoted when needed, quotes doubled, CRLF rows.
 * SPDX-License-Identifier: MIT
 */
#include "config.h"

#include <string.h>

#include "internal/xml.h"

void ds__csv_field(ds__buf *b, const char *value, int first)
{
	const char *p;

	if (!first)
		ds__buf_putc(b, ',');
	if (!value)
		return;
	if (!value[strcspn(value, ",\"\r\n")]) {
		ds__buf_puts(b, value);
		return;
	}
	ds__buf_putc(b, '"');
	for (p = value; *p; p++) {
		if (*p == '"')
			ds__buf_putc(b, '"');
		ds__buf_putc(b, *p);
	}
	ds__buf_putc(b, '"');
}

void ds__csv_end_row(ds__buf *b)
{
	ds__buf_puts(b, "\r\n");
}
