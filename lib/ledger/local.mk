## ledger module: sources, public header, schemas, tests, CLI command, benchmark.
## Included by the top-level Makefile.am; add to its variables with +=.
libdatasset_internal_la_SOURCES += \
	lib/ledger/ledger_internal.h \
	lib/ledger/ledger_report.h \
	lib/ledger/amortise.c \
	lib/ledger/book.c \
	lib/ledger/capitalise.c \
	lib/ledger/events.c \
	lib/ledger/report.c \
	lib/ledger/write.c \
	lib/ledger/trial.c \
	lib/ledger/tables.c \
	lib/ledger/load.c \
	lib/ledger/gov_internal.h \
	lib/ledger/gov.c \
	lib/ledger/gov_write.c
datassetinclude_HEADERS += include/datasset/ledger.h
dist_schemas_DATA += schemas/ledger.xsd schemas/ledger-gov.xsd

if HAVE_CHECK
TESTS += tests/test_ledger
check_PROGRAMS += tests/test_ledger
tests_test_ledger_SOURCES = tests/test_ledger.c tests/testutil.h
tests_test_ledger_CFLAGS = $(TEST_INTERNAL_CFLAGS)
tests_test_ledger_LDADD = $(TEST_INTERNAL_LIBS)
endif

TESTS += tests/ledger_oracle.py
check_PROGRAMS += tests/ledger_driver
tests_ledger_driver_SOURCES = tests/ledger_driver.c
tests_ledger_driver_LDADD = libdatasset.la
EXTRA_DIST += tests/ledger_oracle.py
EXTRA_DIST += tests/fixtures/ledger

datasset_SOURCES += tools/datasset/cmd_ledger.c
TESTS += tests/cli_ledger.sh tests/cli_ledger_acct.sh
EXTRA_DIST += tests/cli_ledger.sh tests/cli_ledger_acct.sh

EXTRA_PROGRAMS += bench/bench_ledger
bench_bench_ledger_SOURCES = bench/bench_ledger.c
bench_bench_ledger_LDADD = libdatasset.la
BENCH_TARGETS += bench-ledger
EXTRA_DIST += bench/ledger_ref.py
bench-ledger: bench/bench_ledger$(EXEEXT)
	$(PYTHON) $(srcdir)/bench/ledger_ref.py $(builddir)/bench/bench_ledger$(EXEEXT)

## the public-sector book (政府会计)
if HAVE_CHECK
TESTS += tests/test_ledger_gov
check_PROGRAMS += tests/test_ledger_gov
tests_test_ledger_gov_SOURCES = tests/test_ledger_gov.c tests/testutil.h
tests_test_ledger_gov_CFLAGS = $(TEST_CFLAGS)
tests_test_ledger_gov_LDADD = $(TEST_LIBS)
endif
TESTS += tests/ledger_gov_oracle.py
EXTRA_DIST += tests/ledger_gov_oracle.py

## tables for spreadsheets (include/datasset/table.h): CSV and xlsx read back
TESTS += tests/cli_tables.sh
EXTRA_DIST += tests/cli_tables.sh tests/tables_check.py
if HAVE_CHECK
TESTS += tests/test_tables
check_PROGRAMS += tests/test_tables
tests_test_tables_SOURCES = tests/test_tables.c tests/testutil.h
tests_test_tables_CFLAGS = $(TEST_CFLAGS)
tests_test_tables_LDADD = $(TEST_LIBS)
endif
