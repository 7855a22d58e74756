## translog module: sources, public header, schemas, tests, CLI command, benchmark.
## Included by the top-level Makefile.am; add to its variables with +=.
libdatasset_internal_la_SOURCES += \
	lib/internal/translog.h \
	lib/translog/translog_internal.h \
	lib/translog/merkle.c \
	lib/translog/log.c \
	lib/translog/checkpoint.c
datassetinclude_HEADERS += include/datasset/translog.h

if HAVE_CHECK
TESTS += tests/test_translog tests/test_trust_vectors
check_PROGRAMS += tests/test_translog tests/test_trust_vectors
tests_test_translog_SOURCES = tests/test_translog.c tests/testutil.h
tests_test_translog_CFLAGS = $(TEST_INTERNAL_CFLAGS)
tests_test_translog_LDADD = $(TEST_INTERNAL_LIBS)
tests_test_trust_vectors_SOURCES = tests/test_trust_vectors.c tests/testutil.h
tests_test_trust_vectors_CFLAGS = $(TEST_INTERNAL_CFLAGS)
tests_test_trust_vectors_LDADD = $(TEST_INTERNAL_LIBS)
endif

TESTS += tests/translog_oracle.py
check_PROGRAMS += tests/translog_driver
tests_translog_driver_SOURCES = tests/translog_driver.c
tests_translog_driver_LDADD = libdatasset.la
EXTRA_DIST += tests/translog_oracle.py

datasset_SOURCES += tools/datasset/cmd_log.c

EXTRA_PROGRAMS += bench/bench_translog
bench_bench_translog_SOURCES = bench/bench_translog.c
bench_bench_translog_LDADD = libdatasset.la
BENCH_TARGETS += bench-translog
EXTRA_DIST += bench/translog_ref.py
bench-translog: bench/bench_translog$(EXEEXT)
	$(PYTHON) $(srcdir)/bench/translog_ref.py $(builddir)/bench/bench_translog$(EXEEXT)
