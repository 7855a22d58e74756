## valuation module: sources, public header, schemas, tests, CLI command, benchmark.
## Included by the top-level Makefile.am; add to its variables with +=.
libdatasset_internal_la_SOURCES += \
	lib/valuation/valuation_internal.h \
	lib/valuation/valuation.c \
	lib/valuation/income.c \
	lib/valuation/cost_market.c \
	lib/valuation/quality.c \
	lib/valuation/valuation_document.h \
	lib/valuation/document.c \
	lib/valuation/report.c
dist_schemas_DATA += schemas/valuation.xsd
datassetinclude_HEADERS += include/datasset/valuation.h

if HAVE_CHECK
TESTS += tests/test_valuation
check_PROGRAMS += tests/test_valuation
tests_test_valuation_SOURCES = tests/test_valuation.c tests/testutil.h
tests_test_valuation_CFLAGS = $(TEST_CFLAGS)
tests_test_valuation_LDADD = $(TEST_LIBS)
endif

TESTS += tests/valuation_oracle.py
check_PROGRAMS += tests/valuation_driver
tests_valuation_driver_SOURCES = tests/valuation_driver.c
tests_valuation_driver_LDADD = libdatasset.la
EXTRA_DIST += tests/valuation_oracle.py tests/fixtures/valuation

datasset_SOURCES += tools/datasset/cmd_value.c
TESTS += tests/cli_valuation.sh tests/cli_valuation_trace.sh
EXTRA_DIST += tests/cli_valuation.sh tests/cli_valuation_trace.sh

EXTRA_PROGRAMS += bench/bench_valuation
bench_bench_valuation_SOURCES = bench/bench_valuation.c
bench_bench_valuation_LDADD = libdatasset.la
EXTRA_DIST += bench/valuation_ref.py
BENCH_TARGETS += bench-valuation
bench-valuation: bench/bench_valuation$(EXEEXT)
	$(PYTHON) $(srcdir)/bench/valuation_ref.py $(builddir)/bench/bench_valuation$(EXEEXT)
