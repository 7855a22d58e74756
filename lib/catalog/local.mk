## catalog module: sources, public header, schemas, tests, CLI command, benchmark.
## Included by the top-level Makefile.am; add to its variables with +=.
libdatasset_internal_la_SOURCES += \
	lib/catalog/catalog_internal.h \
	lib/internal/catalog.h \
	lib/catalog/resource.c \
	lib/catalog/catalog.c \
	lib/catalog/ids.c \
	lib/catalog/profile.c \
	lib/catalog/document.c \
	lib/catalog/search.c \
	lib/catalog/dcat_internal.h \
	lib/catalog/dcat.c \
	lib/catalog/dcat_vocab.c \
	lib/catalog/dcat_import.c
datassetinclude_HEADERS += include/datasset/catalog.h
dist_schemas_DATA += schemas/catalog.xsd schemas/profile.xsd
dist_profiles_DATA += schemas/profiles/gbt21063.xml schemas/profiles/jinan.xml
datasset_SOURCES += tools/datasset/cmd_catalog.c
TESTS += tests/cli_catalog.sh tests/dcat_fixtures.py tests/dcat_shacl.py tests/dcat_split.sh
EXTRA_DIST += tests/cli_catalog.sh tests/dcat_split.sh tests/dcat_fixtures.py tests/fixtures/dcat tests/dcat_shacl.py tests/dcat_shacl.mjs tests/fixtures/shacl tests/catalog_oracle.py bench/catalog_ref.py fuzz/fuzz_catalog.c fuzz/build.sh tests/fixtures/catalog

if HAVE_CHECK
TESTS += tests/test_catalog
check_PROGRAMS += tests/test_catalog
tests_test_catalog_SOURCES = tests/test_catalog.c tests/testutil.h
tests_test_catalog_CPPFLAGS = $(AM_CPPFLAGS) -DFIXTURES='"$(abs_top_srcdir)/tests/fixtures/catalog"' \
	-DEXAMPLE='"$(abs_top_srcdir)/examples/data/catalog-jinan.xml"'
tests_test_catalog_CFLAGS = $(TEST_CFLAGS)
tests_test_catalog_LDADD = $(TEST_LIBS)
endif

## The differential test against an independent Python implementation.
TESTS += tests/catalog_oracle.py
check_PROGRAMS += tests/catalog_driver
tests_catalog_driver_SOURCES = tests/catalog_driver.c
tests_catalog_driver_LDADD = libdatasset.la

## Benchmark: import/export of a 100,000-entry catalogue against a bare libxml2 reader loop.
EXTRA_PROGRAMS += bench/bench_catalog
bench_bench_catalog_SOURCES = bench/bench_catalog.c
bench_bench_catalog_CFLAGS = $(AM_CFLAGS) $(XML_CFLAGS)
bench_bench_catalog_LDADD = libdatasset.la $(XML_LIBS)
BENCH_TARGETS += bench-catalog
bench-catalog: bench/bench_catalog$(EXEEXT)
	$(PYTHON) $(srcdir)/bench/catalog_ref.py $(builddir)/bench/bench_catalog$(EXEEXT) $(srcdir)/schemas/catalog.xsd
## DCAT at scale (validate, search, streamed export, import; rapper as the reference):
## DCAT_BENCH_SIZES="10000 100000 1000000" for 10^6 (issue 21's goals).
BENCH_TARGETS += bench-dcat
EXTRA_DIST += bench/dcat_bench.py
bench-dcat: datasset$(EXEEXT)
	$(PYTHON) $(srcdir)/bench/dcat_bench.py $(builddir)/datasset$(EXEEXT)
