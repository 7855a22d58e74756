## rdf layer (internal): RDF/XML, Turtle and N-Triples over raptor2, used by catalog.
## Included by the top-level Makefile.am; add to its variables with +=.
libdatasset_internal_la_SOURCES += \
	lib/internal/rdf.h \
	lib/rdf/rdf.c \
	lib/rdf/split.c

## The parse in parts against the one parser (internals: linked with the internal library).
if HAVE_CHECK
TESTS += tests/test_rdf_split
check_PROGRAMS += tests/test_rdf_split
tests_test_rdf_split_SOURCES = tests/test_rdf_split.c tests/testutil.h
tests_test_rdf_split_CFLAGS = $(TEST_INTERNAL_CFLAGS)
tests_test_rdf_split_LDADD = $(TEST_INTERNAL_LIBS)
endif
