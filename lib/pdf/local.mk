## pdf module (issue 23): the printed certificate with its QR code and the
## 记账凭证, through cairo, pango and libqrencode when configure finds them
## (--with-pdf, HAVE_PDF); without them the functions return DS_EUNSUPPORTED
## (nopdf.c). Every source is compiled in both builds and guards itself, so a
## build that globs lib/*/*.c (fuzz/build-all.sh) gets one definition of each.
## Included by the top-level Makefile.am; add to its variables with +=.
libdatasset_internal_la_SOURCES += \
	lib/pdf/pdf_internal.h \
	lib/pdf/options.c \
	lib/pdf/draw.c \
	lib/pdf/certificate_pdf.c \
	lib/pdf/vouchers_pdf.c \
	lib/pdf/nopdf.c
libdatasset_internal_la_CFLAGS += $(PDF_CFLAGS)
libdatasset_internal_la_LIBADD += $(PDF_LIBS)
libdatasset_la_LIBADD += $(PDF_LIBS)
datassetinclude_HEADERS += include/datasset/pdf.h

datasset_SOURCES += tools/datasset/print_cli.c tools/datasset/print_cli.h

if HAVE_CHECK
TESTS += tests/test_pdf
check_PROGRAMS += tests/test_pdf
tests_test_pdf_SOURCES = tests/test_pdf.c tests/testutil.h
tests_test_pdf_CFLAGS = $(TEST_CFLAGS)
tests_test_pdf_LDADD = $(TEST_LIBS)
endif

TESTS += tests/cli_pdf.sh
EXTRA_DIST += tests/cli_pdf.sh tests/fixtures/lsan-pdf.supp
