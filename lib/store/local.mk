## store module: sources, public header, schemas, tests, CLI command, benchmark.
## Included by the top-level Makefile.am; add to its variables with +=.
libdatasset_internal_la_SOURCES += lib/internal/store.h lib/store/backend.h lib/store/store.c lib/store/sqlite.c
if HAVE_LIBPQ
libdatasset_internal_la_SOURCES += lib/store/postgresql.c
endif
