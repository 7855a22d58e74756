## catalog module: sources, public header, schemas, tests, CLI command, benchmark.
## Included by the top-level Makefile.am; add to its variables with +=.
libdatasset_internal_la_SOURCES += \
	lib/catalog/catalog_internal.h \
	lib/catalog/resource.c \
	lib/catalog/catalog.c \
	lib/catalog/profile.c \
	lib/catalog/document.c \
	lib/catalog/search.c
datassetinclude_HEADERS += include/datasset/catalog.h
dist_schemas_DATA += schemas/catalog.xsd schemas/profile.xsd
dist_profiles_DATA += schemas/profiles/gbt21063.xml schemas/profiles/jinan.xml
datasset_SOURCES += tools/datasset/cmd_catalog.c
