/*
 * The registry under test, shared by the registry's test programs
 * (tests/registry_fixture.h).
 * SPDX-License-Identifier: MIT
 */
#define _POSIX_C_SOURCE 200809L
#include <stdint.h>
#include <stdlib.h>
#include <unistd.h>

#include "testutil.h"
#include "registry_fixture.h"
#include "internal/store.h"
#include "internal/xml.h"
#include "registry/registry_internal.h"

char dir[256];
char db[1200];
ds_registry *reg;
const char *pg_base;

void registry_fixture_init(void)
{
	pg_base = getenv("DS_TEST_PG");
	if (pg_base && !*pg_base)
		pg_base = NULL;
}

void location(char *out, size_t size, const char *name)
{
	if (pg_base)
		snprintf(out, size, "%s&registry=%s_%s&keys=%s", pg_base, strrchr(dir, '-') + 1, name, dir);
	else
		snprintf(out, size, "%s/%s.db", dir, name);
}

void registry_fixture_create(const char *tag, int keyed)
{
	snprintf(dir, sizeof dir, "%s/ds-%s-XXXXXX", getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp", tag);
	ck_assert_ptr_nonnull(mkdtemp(dir));
	location(db, sizeof db, "r");
	ck_assert_ds_ok(ds_registry_create(&reg, db, "济南市数据资产登记平台", "370100", NULL));
	if (keyed)
		ck_assert_ds_ok(ds_registry_key_generate(NULL, reg, DS_SIG_ED25519));
}

void teardown(void)
{
	char cmd[400];
	ds_registry_free(reg);
	reg = NULL;
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	ck_assert_int_eq(system(cmd), 0);
}

const char *fixture(const char *name)
{
	static char path[1024];
	const char *src = getenv("top_srcdir");
	snprintf(path, sizeof path, "%s/tests/fixtures/registry/%s", src ? src : ".", name);
	return path;
}

const char *sample_calendar(void)
{
	static char path[1024];
	const char *src = getenv("top_srcdir");
	snprintf(path, sizeof path, "%s/schemas/calendars/cn-2024-2025-sample.xml", src ? src : ".");
	return path;
}

int64_t query_int(const char *sql)
{
	ds__stmt *stmt = NULL;
	int64_t n;
	ck_assert_ds_ok(ds__store_prepare(&stmt, reg->store, sql));
	ck_assert_int_eq(ds__stmt_step(stmt), 1);
	n = ds__stmt_int(stmt, 0);
	ds__stmt_finalize(stmt);
	return n;
}

int64_t count_rows(const char *table)
{
	char sql[128];
	snprintf(sql, sizeof sql, "SELECT COUNT(*) FROM %s", table);
	return query_int(sql);
}

int64_t at(int year, int month, int day, int hour)
{
	ds__date d = { year, month, day };
	return (int64_t)ds__date_to_days(d) * 86400 + (hour - 8) * 3600;
}
