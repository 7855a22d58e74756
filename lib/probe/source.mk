## probe module, data sources (lib/internal/probe_source.h): CSV/TSV and SQLite readers.
## Included by the top-level Makefile.am; add to its variables with +=.
libdatasset_internal_la_SOURCES += lib/internal/probe_source.h
