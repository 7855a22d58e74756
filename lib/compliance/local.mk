## compliance module (数据合规): sources, public header, schema, bundled checklist, tests, CLI command.
## Included by the top-level Makefile.am; add to its variables with +=.
libdatasset_internal_la_SOURCES += \
	lib/compliance/model.h \
	lib/compliance/checklist.c \
	lib/compliance/entry.c \
	lib/compliance/assess.c
datassetinclude_HEADERS += include/datasset/compliance.h
dist_schemas_DATA += schemas/compliance.xsd
dist_compliance_DATA += schemas/compliance/cn-2025.xml
datasset_SOURCES += tools/datasset/cmd_compliance.c
if HAVE_CHECK
TESTS += tests/test_compliance
check_PROGRAMS += tests/test_compliance
tests_test_compliance_SOURCES = tests/test_compliance.c tests/testutil.h
tests_test_compliance_CFLAGS = $(TEST_CFLAGS)
tests_test_compliance_LDADD = $(TEST_LIBS)
endif
TESTS += tests/cli_compliance.sh tests/compliance_oracle.py
EXTRA_DIST += tests/cli_compliance.sh tests/compliance_oracle.py tests/fixtures/compliance
