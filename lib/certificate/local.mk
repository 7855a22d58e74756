## certificate module: sources, public header, schemas, tests, CLI command, benchmark.
## Included by the top-level Makefile.am; add to its variables with +=.
libdatasset_internal_la_SOURCES += \
	lib/certificate/certificate_internal.h \
	lib/certificate/certificate.c \
	lib/certificate/tree.c \
	lib/certificate/canonical.c \
	lib/certificate/verify.c \
	lib/certificate/summary.c \
	lib/certificate/cancellation.c \
	lib/certificate/payload.c
datassetinclude_HEADERS += include/datasset/certificate.h
dist_schemas_DATA += schemas/certificate.xsd

if HAVE_CHECK
TESTS += tests/test_certificate
check_PROGRAMS += tests/test_certificate
tests_test_certificate_SOURCES = tests/test_certificate.c tests/testutil.h
tests_test_certificate_CFLAGS = $(TEST_INTERNAL_CFLAGS)
tests_test_certificate_LDADD = $(TEST_INTERNAL_LIBS)
endif
## The registry's certificate entries validated by a validator that is not
## libxml2 (the JDK's; skipped without one): see tests/certificate_xsd.sh.
TESTS += tests/certificate_xsd.sh
EXTRA_DIST += tests/certificate_xsd.sh tests/xsd_validate.java

datasset_SOURCES += tools/datasset/cmd_cert.c tools/datasset/trust_cli.c tools/datasset/trust_cli.h
TESTS += tests/cli_trust.sh
EXTRA_DIST += tests/cli_trust.sh tests/verify_inclusion.py

## bench/trust (issue 7): certificates issued and verified per second through
## the registry in both profiles against `openssl speed`, and proofs at 1M entries.
EXTRA_PROGRAMS += bench/bench_trust
bench_bench_trust_SOURCES = bench/bench_trust.c
bench_bench_trust_LDADD = libdatasset.la
BENCH_TARGETS += bench-trust
EXTRA_DIST += bench/trust_ref.py
bench-trust: bench/bench_trust$(EXEEXT)
	$(PYTHON) $(srcdir)/bench/trust_ref.py $(builddir)/bench/bench_trust$(EXEEXT)
