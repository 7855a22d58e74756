## ledger module: sources, public header, schemas, tests, CLI command, benchmark.
## Included by the top-level Makefile.am; add to its variables with +=.
libdatasset_internal_la_SOURCES += \
	lib/ledger/ledger_internal.h \
	lib/ledger/ledger_report.h \
	lib/ledger/amortise.c \
	lib/ledger/book.c \
	lib/ledger/report.c \
	lib/ledger/write.c
datassetinclude_HEADERS += include/datasset/ledger.h
