## registry module: sources, public header, schemas, tests, CLI command, benchmark.
## Included by the top-level Makefile.am; add to its variables with +=.
libdatasset_internal_la_SOURCES += \
	lib/registry/registry_internal.h \
	lib/registry/codes.c \
	lib/registry/registry.c \
	lib/registry/schema_pg.c \
	lib/registry/copy.c \
	lib/registry/calendar.c \
	lib/registry/figures.c \
	lib/registry/workflow.c \
	lib/registry/trade.c \
	lib/registry/query.c \
	lib/registry/log.c \
	lib/registry/keys.c \
	lib/registry/issue.c \
	lib/registry/recognition.c \
	lib/registry/compliance.c \
	lib/registry/settlement.c \
	lib/registry/pledge.c \
	lib/registry/audit.c
datassetinclude_HEADERS += include/datasset/registry.h
dist_schemas_DATA += schemas/registry.xsd schemas/pledge.xsd
## Working-day calendars (data, not code). The official one (the State
## Council's notices from 2020 on) is installed and embedded: a new mainland
## registry loads it. The 2024-2025 sample is installed only.
calendarsdir = $(datassetdatadir)/calendars
dist_calendars_DATA = schemas/calendars/cn-2024-2025-sample.xml schemas/calendars/cn-official.xml
RESOURCE_FILES += schemas/calendars/cn-official.xml

datasset_SOURCES += tools/datasset/cmd_registry.c tools/datasset/cmd_registry_compliance.c tools/datasset/cmd_pledge.c

TESTS += tests/cli_registry.sh tests/registry_oracle.py tests/calendar_notices.py tests/pledge_oracle.py
check_PROGRAMS += tests/registry_driver
tests_registry_driver_SOURCES = tests/registry_driver.c
tests_registry_driver_LDADD = libdatasset.la
EXTRA_DIST += tests/cli_registry.sh tests/registry_oracle.py tests/calendar_notices.py tests/pledge_oracle.py tests/fixtures/calendars bench/registry_ref.py tests/fixtures/registry

if HAVE_CHECK
TESTS += tests/test_registry tests/test_pledge
check_PROGRAMS += tests/test_registry tests/test_pledge
tests_test_pledge_SOURCES = tests/test_pledge.c tests/testutil.h
tests_test_pledge_CFLAGS = $(TEST_INTERNAL_CFLAGS)
tests_test_pledge_LDADD = $(TEST_INTERNAL_LIBS)
tests_test_registry_SOURCES = tests/test_registry.c tests/testutil.h
tests_test_registry_CFLAGS = $(TEST_INTERNAL_CFLAGS)
tests_test_registry_LDADD = $(TEST_INTERNAL_LIBS)
TESTS += tests/test_registry_compliance
check_PROGRAMS += tests/test_registry_compliance
tests_test_registry_compliance_SOURCES = tests/test_registry_compliance.c tests/testutil.h
tests_test_registry_compliance_CFLAGS = $(TEST_INTERNAL_CFLAGS)
tests_test_registry_compliance_LDADD = $(TEST_INTERNAL_LIBS)
endif

EXTRA_PROGRAMS += bench/bench_registry
bench_bench_registry_SOURCES = bench/bench_registry.c
bench_bench_registry_CFLAGS = $(AM_CFLAGS) $(SQLITE_CFLAGS)
bench_bench_registry_LDADD = libdatasset.la $(SQLITE_LIBS)
BENCH_TARGETS += bench-registry
bench-registry: bench/bench_registry$(EXEEXT) $(BENCH_REGISTRY_PG)
	$(PYTHON) $(srcdir)/bench/registry_ref.py $(builddir)/bench/bench_registry$(EXEEXT)
	top_srcdir=$(abs_top_srcdir) top_builddir=$(abs_top_builddir) $(SHELL) $(srcdir)/bench/registry_pg.sh
## A province's year: 10^6 registrations batched by 1,000 against raw inserts,
## then a full log verify and a sample of certificates and proofs (several
## minutes; the databases take ~5 GB in DS_BENCH_DIR or the temporary
## directory); not part of `make bench`.
bench-registry-large: bench/bench_registry$(EXEEXT)
	DS_BENCH_REGISTRY_LARGE=1 $(PYTHON) $(srcdir)/bench/registry_ref.py $(builddir)/bench/bench_registry$(EXEEXT)
.PHONY: bench-registry-large

## The PostgreSQL figures (bench/registry_pg.sh: a throwaway server, the
## library against raw libpq inserts, and 1, 2, 4, 8 concurrent writers).
EXTRA_DIST += bench/registry_pg.sh tests/pg_server.sh tests/registry_pg_writers.sh
if HAVE_LIBPQ
EXTRA_PROGRAMS += bench/bench_registry_pg
bench_bench_registry_pg_SOURCES = bench/bench_registry_pg.c
bench_bench_registry_pg_CFLAGS = $(AM_CFLAGS) $(PQ_CFLAGS)
bench_bench_registry_pg_LDADD = libdatasset.la $(PQ_LIBS)
BENCH_REGISTRY_PG = bench/bench_registry_pg$(EXEEXT)
endif

TESTS += tests/cli_registry_log.sh
EXTRA_DIST += tests/cli_registry_log.sh

TESTS += tests/cli_registry_certificate.sh tests/cli_registry_audit.sh tests/cli_registry_compliance.sh tests/cli_registry_pledge.sh
EXTRA_DIST += tests/cli_registry_certificate.sh tests/cli_registry_audit.sh tests/cli_registry_compliance.sh tests/cli_registry_pledge.sh

## The PostgreSQL half: a throwaway server, the suite above against it, and
## the PostgreSQL-only tests (skipped without libpq or a server).
if HAVE_CHECK
TESTS += tests/registry_postgresql.sh
check_PROGRAMS += tests/registry_writers
tests_registry_writers_SOURCES = tests/registry_writers.c
tests_registry_writers_CFLAGS = $(TEST_INTERNAL_CFLAGS)
tests_registry_writers_LDADD = $(TEST_INTERNAL_LIBS)
endif
EXTRA_DIST += tests/registry_postgresql.sh tests/registry_pg_copy.sh
