## probe module (自动探查): analysis, report, change report, CLI command, benchmark.
## Included by the top-level Makefile.am; add to its variables with +=.
libdatasset_internal_la_SOURCES += \
	lib/probe/probe_internal.h \
	lib/probe/classify.c \
	lib/probe/stats.c \
	lib/probe/probe.c \
	lib/probe/query.c \
	lib/probe/report.c \
	lib/probe/diff.c \
	lib/probe/catalog.c
datassetinclude_HEADERS += include/datasset/probe.h
dist_schemas_DATA += schemas/probe.xsd

datasset_SOURCES += tools/datasset/cmd_probe.c

TESTS += tests/cli_probe.sh tests/probe_oracle.py tests/probe_slow.sh
check_PROGRAMS += tests/probe_memory_driver
tests_probe_memory_driver_SOURCES = tests/probe_memory_driver.c tests/probe_gen.h
tests_probe_memory_driver_LDADD = libdatasset.la
EXTRA_DIST += tests/cli_probe.sh tests/probe_oracle.py tests/probe_slow.sh bench/probe_ref.py fuzz/fuzz_probe.c fuzz/build_probe.sh

if HAVE_CHECK
TESTS += tests/test_probe
check_PROGRAMS += tests/test_probe
tests_test_probe_SOURCES = tests/test_probe.c tests/testutil.h
tests_test_probe_CFLAGS = $(TEST_INTERNAL_CFLAGS)
tests_test_probe_LDADD = $(TEST_INTERNAL_LIBS)
endif

EXTRA_PROGRAMS += bench/bench_probe
bench_bench_probe_SOURCES = bench/bench_probe.c tests/probe_gen.h
bench_bench_probe_LDADD = libdatasset.la -lpthread
BENCH_TARGETS += bench-probe
## PROBE_BENCH_MB (make command line or environment; not set here) is the big file's size in
## MiB: 256 when unset so that the run stays minutes, PROBE_BENCH_MB=1024 for the 1 GB file.
## PROBE_BENCH_ROUNDS (likewise) is how many runs of each program a cell of the DuckDB
## comparison takes, their medians compared: 5 when unset.
## DuckDB (the comparison) is taken from DS_DUCKDB_NODE or _build/npm-duckdb/node_modules.
EXTRA_DIST += bench/probe_duckdb.mjs
bench-probe: bench/bench_probe$(EXEEXT)
	$(PYTHON) $(srcdir)/bench/probe_ref.py $(builddir)/bench/bench_probe$(EXEEXT) "$(PROBE_BENCH_MB)" "$(PROBE_BENCH_ROUNDS)"
