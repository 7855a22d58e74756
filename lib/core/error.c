/*
 * Error details, one set per thread.
 * SPDX-License-Identifier: MIT
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "internal/core.h"

#define MESSAGE_MAX 1024
#define FIELD_MAX 256

typedef struct thread_error {
	ds_error public_view;
	char message[MESSAGE_MAX];
	char field[FIELD_MAX];
	char cause_library[16];
} thread_error;

static _Thread_local thread_error current = { { DS_OK, "no error", 0, 0, "", "", 0 }, "no error", "", "" };

/* The public view points into this thread's buffers; fix the pointers each time
 * because a static initializer cannot take a thread-local address. */
static ds_error *view(void)
{
	current.public_view.message = current.message;
	current.public_view.field = current.field;
	current.public_view.cause_library = current.cause_library;
	return &current.public_view;
}

const ds_error *ds_error_last(void)
{
	return view();
}

void ds_error_clear(void)
{
	ds_error *e = view();
	e->code = DS_OK;
	e->line = 0;
	e->column = 0;
	e->cause_code = 0;
	snprintf(current.message, sizeof current.message, "no error");
	current.field[0] = '\0';
	current.cause_library[0] = '\0';
}

DS__PRINTF(5, 0)
static int set_error(int code, int line, int column, const char *field, const char *fmt, va_list ap)
{
	ds_error *e = view();
	e->code = code;
	e->line = line;
	e->column = column;
	e->cause_code = 0;
	current.cause_library[0] = '\0';
	snprintf(current.field, sizeof current.field, "%s", field ? field : "");
	vsnprintf(current.message, sizeof current.message, fmt, ap);
	return code;
}

int ds__error(int code, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	set_error(code, 0, 0, NULL, fmt, ap);
	va_end(ap);
	return code;
}

int ds__error_at(int code, int line, int column, const char *field, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	set_error(code, line, column, field, fmt, ap);
	va_end(ap);
	return code;
}

void ds__error_cause(const char *library, long code)
{
	ds_error *e = view();
	snprintf(current.cause_library, sizeof current.cause_library, "%s", library ? library : "");
	e->cause_code = code;
}

void ds__error_prefix(const char *prefix)
{
	char old[MESSAGE_MAX];
	memcpy(old, current.message, sizeof old);
	snprintf(current.message, sizeof current.message, "%s%s", prefix, old);
}

int ds__enomem(void)
{
	return ds__error(DS_ENOMEM, "out of memory");
}

const char *ds_strerror(int code)
{
	switch (code) {
	case DS_OK: return "DS_OK";
	case DS_EINVAL: return "DS_EINVAL";
	case DS_ENOMEM: return "DS_ENOMEM";
	case DS_EPARSE: return "DS_EPARSE";
	case DS_ERANGE: return "DS_ERANGE";
	case DS_EDIVZERO: return "DS_EDIVZERO";
	case DS_ENOTFOUND: return "DS_ENOTFOUND";
	case DS_EEXISTS: return "DS_EEXISTS";
	case DS_ESTATE: return "DS_ESTATE";
	case DS_EVERIFY: return "DS_EVERIFY";
	case DS_EIO: return "DS_EIO";
	case DS_EDB: return "DS_EDB";
	case DS_EUNSUPPORTED: return "DS_EUNSUPPORTED";
	case DS_EINEXACT: return "DS_EINEXACT";
	case DS_EINTERNAL: return "DS_EINTERNAL";
	case DS_EENCUMBERED: return "DS_EENCUMBERED";
	default: return "DS_EUNKNOWN";
	}
}
