## probe module, data sources (lib/internal/probe_source.h): CSV/TSV and SQLite readers.
## Included by the top-level Makefile.am; add to its variables with +=.
libdatasset_internal_la_SOURCES += lib/internal/probe_source.h \
	lib/probe/source_internal.h \
	lib/probe/source.c \
	lib/probe/source_csv.c \
	lib/probe/source_sqlite.c

## A driver printing what a source reads as JSON, for the Python tests.
check_PROGRAMS += tests/probe_source_driver
tests_probe_source_driver_SOURCES = tests/probe_source_driver.c
tests_probe_source_driver_CFLAGS = $(AM_CFLAGS) $(DEP_CFLAGS)
tests_probe_source_driver_LDADD = libdatasset-internal.la $(DEP_LIBS)

## Random CSVs in five encodings against Python's csv module.
TESTS += tests/probe_source_oracle.py
EXTRA_DIST += tests/probe_source_oracle.py

if HAVE_CHECK
TESTS += tests/test_probe_source
check_PROGRAMS += tests/test_probe_source
tests_test_probe_source_SOURCES = tests/test_probe_source.c tests/testutil.h
tests_test_probe_source_CFLAGS = $(TEST_INTERNAL_CFLAGS)
tests_test_probe_source_LDADD = $(TEST_INTERNAL_LIBS)
endif

## csv-spectrum's RFC 4180 cases (npm; scripts/test-all.sh installs the package
## and sets DS_CSV_SPECTRUM; skipped without it unless CI=true).
TESTS += tests/csv_spectrum.py
EXTRA_DIST += tests/csv_spectrum.py

## The conformance corpus: other projects' CSV test files with the reading
## expected of the probe, checked against DuckDB's sniffer (README.md there).
TESTS += tests/probe_corpus.py
EXTRA_DIST += tests/probe_corpus.py tests/probe_corpus_duckdb.mjs tests/fixtures/probe-corpus

## libFuzzer harness (built by hand: fuzz/build_probe_source.sh).
EXTRA_DIST += fuzz/fuzz_probe_source.c fuzz/build_probe_source.sh
