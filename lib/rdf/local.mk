## rdf layer (internal): RDF/XML, Turtle and N-Triples over raptor2, used by catalog.
## Included by the top-level Makefile.am; add to its variables with +=.
libdatasset_internal_la_SOURCES += \
	lib/internal/rdf.h \
	lib/rdf/rdf.c
