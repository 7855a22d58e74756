/*
 * The registry under test, shared by tests/test_registry.c, tests/test_pledge.c
 * and tests/test_registry_compliance.c: a throwaway directory, the registry's
 * location in it (a SQLite file, or a registry key of the PostgreSQL server
 * tests/registry_postgresql.sh started when DS_TEST_PG is set), the registry
 * handle, and the small readers the three suites check it with.
 * SPDX-License-Identifier: MIT
 */
#ifndef DS_TEST_REGISTRY_FIXTURE_H
#define DS_TEST_REGISTRY_FIXTURE_H

#include <stddef.h>
#include <stdint.h>

#include <datasset/datasset.h>

/* The running test's directory, its registry "r" (location()) and that
 * registry, open between registry_fixture_create() and teardown(). */
extern char dir[256];
extern char db[1200];
extern ds_registry *reg;
/* NULL for SQLite files, else the postgresql:// URI (its query string begun)
 * of the throwaway server: set by registry_fixture_init() from DS_TEST_PG. */
extern const char *pg_base;

/* Read DS_TEST_PG (empty counts as unset) into pg_base: first thing in main(). */
void registry_fixture_init(void);

/* Make the test's directory ($TMPDIR/ds-@tag-XXXXXX), create the registry
 * "r" there (the 济南 platform, region 370100) into reg, with an Ed25519
 * signing key when @keyed. */
void registry_fixture_create(const char *tag, int keyed);

/* Free reg and remove the test's directory: the checked fixture's teardown. */
void teardown(void);

/* The location of the registry @name of the running test, into @out. */
void location(char *out, size_t size, const char *name);

/* tests/fixtures/registry/@name, and the sample working-day calendar
 * (schemas/calendars/cn-2024-2025-sample.xml): static buffers, valid until the
 * next call. */
const char *fixture(const char *name);
const char *sample_calendar(void);

/* The one integer @sql selects, read on the registry's own connection; the
 * rows of @table. */
int64_t query_int(const char *sql);
int64_t count_rows(const char *table);

/* Nothing changed: the event count (one per state change) is still @events. */
#define ck_assert_unchanged(events) ck_assert_int_eq(count_rows("events"), (events))

/* Unix seconds for a China Standard Time date and hour. */
int64_t at(int year, int month, int day, int hour);

#endif
