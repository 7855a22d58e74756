## settlement module: 公共数据授权运营 price mechanism and revenue settlement.
## Included by the top-level Makefile.am; add to its variables with +=.
libdatasset_internal_la_SOURCES += \
	lib/settlement/settlement_internal.h \
	lib/settlement/settlement.c \
	lib/settlement/compute.c \
	lib/settlement/load.c \
	lib/settlement/write.c
datassetinclude_HEADERS += include/datasset/settlement.h
dist_schemas_DATA += schemas/settlement.xsd
datasset_SOURCES += tools/datasset/cmd_settle.c

if HAVE_CHECK
TESTS += tests/test_settlement
check_PROGRAMS += tests/test_settlement
tests_test_settlement_SOURCES = tests/test_settlement.c tests/testutil.h
tests_test_settlement_CFLAGS = $(TEST_CFLAGS)
tests_test_settlement_LDADD = $(TEST_LIBS)
endif

TESTS += tests/settlement_oracle.py tests/cli_settlement.sh
check_PROGRAMS += tests/settlement_driver
tests_settlement_driver_SOURCES = tests/settlement_driver.c
tests_settlement_driver_LDADD = libdatasset.la
EXTRA_DIST += tests/settlement_oracle.py tests/cli_settlement.sh
