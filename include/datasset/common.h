/** @file
 * libdatasset — common definitions: status codes, error details, memory, version.
 * SPDX-License-Identifier: MIT
 *
 * Conventions that hold across the whole library:
 * - Every function that can fail returns an int: DS_OK (0) or a negative DS_E... code.
 *   The details of the most recent failure in the calling thread are in ds_error_last().
 * - Results are returned through out-parameters, which come first.
 * - Strings returned to the caller are caller-owned and are freed with ds_free().
 * - All text in and out is UTF-8.
 * - Every function is reentrant; a handle is used by one thread at a time unless
 *   its header says otherwise. The library has no global state a caller must set up:
 *   libxml2 and ICU are initialised once, lazily and thread-safely, on first use;
 *   ds_cleanup() optionally releases that state again (leak checkers, dlclose).
 */
#ifndef DATASSET_COMMON_H
#define DATASSET_COMMON_H

#include <stddef.h>
#include <stdint.h>

#include "datasset/version.h"

#ifdef __cplusplus
extern "C" {
#endif

/** Marks a function exported from libdatasset. */
#if defined(_WIN32) && defined(DS_BUILDING_LIBRARY)
#define DS_EXTERN __declspec(dllexport)
#elif defined(_WIN32)
#define DS_EXTERN __declspec(dllimport)
#elif defined(__GNUC__) && __GNUC__ >= 4
#define DS_EXTERN __attribute__((visibility("default")))
#else
#define DS_EXTERN
#endif

/**
 * Status codes. DS_OK is 0; every error is negative. The values are part of the
 * ABI and are never renumbered; new codes are only ever added at the end.
 */
typedef enum ds_status {
	DS_OK = 0,	       /**< success */
	DS_EINVAL = -1,	       /**< an argument or input value is not acceptable */
	DS_ENOMEM = -2,	       /**< memory could not be allocated */
	DS_EPARSE = -3,	       /**< text or a document could not be parsed */
	DS_ERANGE = -4,	       /**< a value or a result is outside the supported range */
	DS_EDIVZERO = -5,      /**< division by zero */
	DS_ENOTFOUND = -6,     /**< the object asked for does not exist */
	DS_EEXISTS = -7,       /**< the object to create exists already */
	DS_ESTATE = -8,	       /**< the operation is not allowed in the object's current state */
	DS_EVERIFY = -9,       /**< a signature, proof or check value did not verify */
	DS_EIO = -10,	       /**< reading or writing a file failed */
	DS_EDB = -11,	       /**< the database reported an error */
	DS_EUNSUPPORTED = -12, /**< the input asks for something this build does not support */
	DS_EINEXACT = -13,     /**< the exact result cannot be represented as asked (e.g. 1/3 in decimal digits) */
	DS_EINTERNAL = -14,    /**< a dependency failed in a way the library cannot explain */
	DS_EENCUMBERED =
		-15 /**< the right is pledged (质押): cancellation, transfer, licence or change refused until released or consented (docs/pledge.md) */
} ds_status;

/**
 * Details of the most recent failure in the calling thread.
 *
 * Fields are only ever appended. Strings are owned by the library and stay
 * valid until the next call into the library from the same thread.
 */
typedef struct ds_error {
	int code;	     /**< the DS_E... code, or DS_OK when no call has failed */
	const char *message; /**< a readable message in English (domain terms in Chinese); never NULL */
	int line;	     /**< 1-based line in the input, or 0 when unknown */
	int column;	     /**< 1-based column or character position in the input, or 0 when unknown */
	const char *field;   /**< the field path (e.g. "resource[3]/item[2]/type"), or "" when unknown */
	const char
		*cause_library; /**< the dependency that failed ("sqlite", "openssl", "icu", "libxml2", "gmp"), or "" */
	long cause_code; /**< that dependency's own error code (SQLite extended code, OpenSSL ERR_get_error(), ICU UErrorCode), or 0 */
} ds_error;

/**
 * The details of the most recent failure in the calling thread.
 *
 * @return a pointer to thread-local storage owned by the library; never NULL.
 *         A successful call does not clear it; ds_error_clear() does. The pointer
 *         stays valid for the life of the thread; its contents change with the
 *         next failing call in this thread.
 * Thread-safety: each thread has its own error.
 */
DS_EXTERN const ds_error *ds_error_last(void);

/**
 * Reset the calling thread's error to DS_OK with the message "no error".
 * Thread-safety: affects only the calling thread.
 */
DS_EXTERN void ds_error_clear(void);

/**
 * A static, readable name for a status code ("DS_EPARSE").
 *
 * @param code any integer; codes the library does not know give "DS_EUNKNOWN".
 * @return a static string; never NULL; do not free.
 * Thread-safety: reentrant.
 */
DS_EXTERN const char *ds_strerror(int code);

/**
 * Free memory that the library returned to the caller (strings, buffers).
 *
 * @param ptr memory from the library, or NULL (no-op).
 * Thread-safety: reentrant.
 */
DS_EXTERN void ds_free(void *ptr);

/**
 * The version of the library that is running, which may differ from the
 * DS_VERSION_* macros the caller was compiled with.
 *
 * @param major  receives the major version; may be NULL.
 * @param minor  receives the minor version; may be NULL.
 * @param patch  receives the patch version; may be NULL.
 * @return the version string "MAJOR.MINOR.PATCH" (static; do not free).
 * Thread-safety: reentrant.
 */
DS_EXTERN const char *ds_version(int *major, int *minor, int *patch);

/**
 * Read a point in time written in ISO 8601 (the form every time the library
 * takes or returns has): "YYYY-MM-DDTHH:MM[:SS]" followed by "Z" or an offset
 * "+HH:MM" / "-HH:MM"; without an offset the time is China Standard Time
 * (UTC+08:00), the local time of the registries, as the CLI reads --at; a date
 * alone "YYYY-MM-DD" is its midnight, China Standard Time. A space may stand
 * for the "T". Seconds 00 to 59; years 1970 to 9999.
 * @param unix_seconds receives the time as seconds since 1970-01-01T00:00:00Z
 *                     (the additional, numeric form); unchanged on failure.
 * @param text         the time; not NULL.
 * @return DS_OK; DS_EINVAL for NULL or text that is not such a time (the
 *         message quotes it and ds_error_last()->column gives the 1-based position).
 * Thread-safety: reentrant.
 */
DS_EXTERN int ds_time_parse(int64_t *unix_seconds, const char *text);

/** Buffer size for ds_time_format(): "YYYY-MM-DDTHH:MM:SS+HH:MM" and the NUL. */
#define DS_TIME_SIZE 26

/**
 * Write a time as ISO 8601 with an explicit offset: "2025-03-03T09:00:00+08:00"
 * for @p offset_minutes 480 (China Standard Time), "…Z" for 0.
 * @param out            receives the text (DS_TIME_SIZE bytes, written only on success).
 * @param unix_seconds   seconds since 1970-01-01T00:00:00Z, 0 to 253402300799 (9999-12-31).
 * @param offset_minutes −1439 to 1439, whole minutes east of UTC.
 * @return DS_OK, or DS_EINVAL for NULL or a value out of range.
 */
DS_EXTERN int ds_time_format(char out[DS_TIME_SIZE], int64_t unix_seconds, int offset_minutes);

/**
 * The directory the library's data files were installed to: $(datadir)/datasset,
 * e.g. "/usr/share/datasset", the directory `pkg-config --variable=pkgdatadir datasset`
 * (and schemasdir) reports. It holds the XSD schemas (catalog.xsd, policy.xsd, ...),
 * profiles/ (gbt21063.xml, jinan.xml), policies/ (jinan-2025.xml), compliance/
 * (cn-2025.xml), calendars/ (the sample working-day calendar cn-2024-2025-sample.xml)
 * and valgrind/datasset.supp.
 *
 * The library itself never reads this directory: the bundled schemas, profiles and
 * policies are embedded in it, and ds_profile_load(), ds_policy_bundled(),
 * ds_checklist_bundled() and XSD
 * validation use the embedded copies, so a library that is not installed (or was
 * moved) works the same. A path given to a loader is used as given; a calendar is
 * always loaded by path (ds_registry_load_calendar()). No environment variable
 * changes the result.
 *
 * @return the absolute path fixed when the library was configured (static; do not
 *         free); the directory exists only once the library is installed.
 * Thread-safety: reentrant.
 */
DS_EXTERN const char *ds_data_dir(void);

/**
 * Release the memory the library and its dependencies keep for the whole process,
 * so that a leak checker (valgrind, LeakSanitizer) reports nothing the program did
 * not leak itself. Calling it is optional: the operating system reclaims all of it
 * at exit anyway.
 *
 * It frees:
 * - the library's own cache: the bundled XSD schemas compiled on first use;
 * - ICU's caches and data (u_cleanup(): locale data, collation and number-format
 *   data, converters, the character-set detector's tables);
 * - libxml2's global state (xmlCleanupParser(): the dictionary, encoding handlers,
 *   the XSD built-in types, the calling thread's libxml2 globals).
 * It does not touch OpenSSL (which frees its state in its own exit handler), SQLite
 * or GMP (which keep nothing once every handle is freed). The embedded data files,
 * the table of date words and each thread's error details (ds_error_last()) are
 * static storage: nothing to free, and they stay valid.
 *
 * When it may be called: typically once, just before the process exits or before
 * the library is unloaded with dlclose(), and only when
 * - no other thread is inside the library, nor will be until ds_cleanup() returns;
 * - every handle the library returned (an object freed with a ds_..._free()
 *   function: catalogues, profiles, policies, registries, streams, probes, ...) has
 *   been freed. Strings and arrays freed with ds_free() may outlive it, and so may
 *   ds_decimal values;
 * - nothing else in the process uses ICU or libxml2 at the same time or keeps ICU or
 *   libxml2 objects to use afterwards: their state is per process, not per library,
 *   so this ends the application's (or another library's) own use of them too;
 * - threads other than the caller that used the library have exited (libxml2 frees
 *   a thread's state when the thread exits; a thread still alive keeps its own).
 *
 * Afterwards: the library may be used again. The next call that needs libxml2 or ICU
 * initialises them again (u_init(), xmlInitParser()) and recompiles the schemas it
 * needs, which costs the same as the first use did. Calling ds_cleanup() again (or
 * twice in a row, or without any use in between) is allowed. Frequent calls only
 * cost time: this is not a way to bound memory in a long-running process.
 *
 * Thread-safety: not thread-safe with respect to any other call into the library,
 * or into ICU or libxml2, from another thread (see above).
 */
DS_EXTERN void ds_cleanup(void);

#ifdef __cplusplus
}
#endif

#endif
