/*
 * Initialisation of the dependencies that need it, and ds_cleanup().
 * The caller never has to call an init function: modules call ds__init()
 * before their first use of libxml2 or ICU. ds_cleanup() releases what the
 * library and its dependencies keep for the process, and makes the next
 * ds__init() initialise them again.
 * SPDX-License-Identifier: MIT
 */
#include "config.h"

#include <pthread.h>
#include <stdatomic.h>

#include <libxml/parser.h>
#include <unicode/uclean.h>
#include <unicode/utypes.h>

#include "internal/core.h"
#include "internal/xml.h"

/* 1 while libxml2 and ICU are initialised; back to 0 after ds_cleanup().
 * The fast path is one acquire load; the lock orders initialisation against
 * cleanup (a pthread_once cannot be reset). */
static atomic_int initialised;
static pthread_mutex_t init_lock = PTHREAD_MUTEX_INITIALIZER;

int ds__init(void)
{
	UErrorCode status = U_ZERO_ERROR;

	if (atomic_load_explicit(&initialised, memory_order_acquire))
		return DS_OK;
	if (pthread_mutex_lock(&init_lock) != 0)
		return ds__error(DS_EINTERNAL, "one-time initialisation failed");
	if (!atomic_load_explicit(&initialised, memory_order_relaxed)) {
		/* xmlInitParser is idempotent and does not change the host's error
		 * handlers; each parse sets its own structured error callback. */
		xmlInitParser();
		u_init(&status);
		if (U_SUCCESS(status))
			atomic_store_explicit(&initialised, 1, memory_order_release);
	}
	pthread_mutex_unlock(&init_lock);
	if (U_FAILURE(status)) {
		ds__error(DS_EINTERNAL, "ICU initialisation failed: %s", u_errorName(status));
		ds__error_cause("icu", (long)status);
		return DS_EINTERNAL;
	}
	return DS_OK;
}

void ds_cleanup(void)
{
	pthread_mutex_lock(&init_lock);
	ds__xml_cleanup();
	xmlCleanupParser();
	u_cleanup();
	atomic_store_explicit(&initialised, 0, memory_order_release);
	pthread_mutex_unlock(&init_lock);
}
