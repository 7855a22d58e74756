/*
 * Growable strings.
 * SPDX-License-Identifier: MIT
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "internal/core.h"

int ds__buf_grow(ds__buf *b, size_t extra)
{
	size_t need, cap;
	char *data;

	if (b->oom)
		return DS_ENOMEM;
	if (extra > ((size_t)-1) / 2 - b->len)
		goto fail;
	need = b->len + extra + 1;
	if (need <= b->cap)
		return DS_OK;
	cap = b->cap ? b->cap : 64;
	while (cap < need)
		cap *= 2;
	data = ds__realloc(b->data, cap);
	if (!data)
		goto fail;
	b->data = data;
	b->cap = cap;
	return DS_OK;
fail:
	b->oom = 1;
	return ds__enomem();
}

int ds__buf_put(ds__buf *b, const char *s, size_t n)
{
	int rc = ds__buf_grow(b, n);
	if (rc < 0)
		return rc;
	if (n)
		memcpy(b->data + b->len, s, n);
	b->len += n;
	b->data[b->len] = '\0';
	return DS_OK;
}

int ds__buf_puts(ds__buf *b, const char *s)
{
	return ds__buf_put(b, s, strlen(s));
}

int ds__buf_putc(ds__buf *b, char c)
{
	return ds__buf_put(b, &c, 1);
}

int ds__buf_printf(ds__buf *b, const char *fmt, ...)
{
	va_list ap;
	int n, rc;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0)
		return ds__error(DS_EINTERNAL, "formatting failed");
	if ((rc = ds__buf_grow(b, (size_t)n)) < 0)
		return rc;
	va_start(ap, fmt);
	vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
	va_end(ap);
	b->len += (size_t)n;
	return DS_OK;
}

int ds__buf_detach(char **out, ds__buf *b)
{
	int rc;

	if (b->oom) {
		ds__buf_dispose(b);
		return ds__enomem();
	}
	if (!b->data && (rc = ds__buf_grow(b, 0)) < 0)
		return rc;
	if (b->len == 0) /* a buffer grown but never written holds no terminator yet */
		b->data[0] = '\0';
	*out = b->data;
	b->data = NULL;
	b->len = b->cap = 0;
	return DS_OK;
}

void ds__buf_clear(ds__buf *b)
{
	b->len = 0;
	if (b->data)
		b->data[0] = '\0';
}

void ds__buf_dispose(ds__buf *b)
{
	ds__free(b->data);
	b->data = NULL;
	b->len = b->cap = 0;
	b->oom = 0;
}
