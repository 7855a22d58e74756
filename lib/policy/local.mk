## policy module: sources, public header, schemas, tests, CLI command, benchmark.
## Included by the top-level Makefile.am; add to its variables with +=.
libdatasset_internal_la_SOURCES += \
	lib/policy/model.h \
	lib/policy/policy.c \
	lib/policy/applications.c \
	lib/policy/evaluate.c \
	lib/policy/awards.c \
	lib/policy/tables.c
datassetinclude_HEADERS += include/datasset/policy.h
dist_schemas_DATA += schemas/policy.xsd schemas/applications.xsd schemas/applications-1.xsd schemas/awards.xsd
dist_policies_DATA += schemas/policies/jinan-2025.xml
datasset_SOURCES += tools/datasset/cmd_policy.c
if HAVE_CHECK
TESTS += tests/test_policy
check_PROGRAMS += tests/test_policy
tests_test_policy_SOURCES = tests/test_policy.c tests/testutil.h
tests_test_policy_CFLAGS = $(TEST_CFLAGS)
tests_test_policy_LDADD = $(TEST_LIBS)
TESTS += tests/test_policy_internal
check_PROGRAMS += tests/test_policy_internal
tests_test_policy_internal_SOURCES = tests/test_policy_internal.c tests/testutil.h
tests_test_policy_internal_CFLAGS = $(TEST_INTERNAL_CFLAGS)
tests_test_policy_internal_LDADD = $(TEST_INTERNAL_LIBS)
endif
TESTS += tests/cli_policy.sh tests/policy_oracle.py
EXTRA_DIST += tests/cli_policy.sh tests/policy_oracle.py tests/fixtures/policy
EXTRA_PROGRAMS += bench/bench_policy
bench_bench_policy_SOURCES = bench/bench_policy.c
bench_bench_policy_LDADD = libdatasset.la
BENCH_TARGETS += bench-policy
EXTRA_DIST += bench/policy_ref.py
bench-policy: bench/bench_policy$(EXEEXT)
	$(PYTHON) $(srcdir)/bench/policy_ref.py $(builddir)/bench/bench_policy$(EXEEXT)
## 10^5 and 10^6 applicants (the latter streamed only: ~1.5 GB of XML in the temporary
## directory, several minutes); not part of `make bench`.
bench-policy-large: bench/bench_policy$(EXEEXT)
	DS_BENCH_POLICY_LARGE=1 $(PYTHON) $(srcdir)/bench/policy_ref.py $(builddir)/bench/bench_policy$(EXEEXT)
.PHONY: bench-policy-large
