/*
 * One-time, thread-safe initialisation of the dependencies that need it.
 * The caller never has to call an init function: modules call ds__init()
 * before their first use of libxml2 or ICU.
 * SPDX-License-Identifier: MIT
 */
#include "config.h"

#include <pthread.h>

#include <libxml/parser.h>
#include <unicode/uclean.h>
#include <unicode/utypes.h>

#include "internal/core.h"

static pthread_once_t once = PTHREAD_ONCE_INIT;
static UErrorCode icu_status = U_ZERO_ERROR;

static void init_once(void)
{
	/* xmlInitParser is idempotent and does not change the host's error
	 * handlers; each parse sets its own structured error callback. */
	xmlInitParser();
	u_init(&icu_status);
}

int ds__init(void)
{
	if (pthread_once(&once, init_once) != 0)
		return ds__error(DS_EINTERNAL, "one-time initialisation failed");
	if (U_FAILURE(icu_status)) {
		ds__error(DS_EINTERNAL, "ICU initialisation failed: %s", u_errorName(icu_status));
		ds__error_cause("icu", (long)icu_status);
		return DS_EINTERNAL;
	}
	return DS_OK;
}
