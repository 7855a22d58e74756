## pdf module (issue 23): the printed certificate with its QR code and the
## 记账凭证, through cairo, pango and libqrencode when configure finds them
## (--with-pdf); without them the functions return DS_EUNSUPPORTED.
## Included by the top-level Makefile.am; add to its variables with +=.
libdatasset_internal_la_SOURCES += lib/pdf/options.c
datassetinclude_HEADERS += include/datasset/pdf.h
if HAVE_PDF
libdatasset_internal_la_SOURCES += \
	lib/pdf/pdf_internal.h \
	lib/pdf/draw.c \
	lib/pdf/certificate_pdf.c \
	lib/pdf/vouchers_pdf.c
libdatasset_internal_la_CFLAGS += $(PDF_CFLAGS)
libdatasset_internal_la_LIBADD += $(PDF_LIBS)
libdatasset_la_LIBADD += $(PDF_LIBS)
else
libdatasset_internal_la_SOURCES += lib/pdf/nopdf.c
endif
EXTRA_DIST += lib/pdf/pdf_internal.h lib/pdf/draw.c lib/pdf/certificate_pdf.c lib/pdf/vouchers_pdf.c lib/pdf/nopdf.c

datasset_SOURCES += tools/datasset/print_cli.c tools/datasset/print_cli.h
