## crypto module: sources, public header, schemas, tests, CLI command, benchmark.
## Included by the top-level Makefile.am; add to its variables with +=.
libdatasset_internal_la_SOURCES += \
	lib/internal/crypto.h \
	lib/crypto/digest.c \
	lib/crypto/encode.c \
	lib/crypto/key.c
