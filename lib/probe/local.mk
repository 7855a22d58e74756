## probe module (自动探查): analysis, report, change report, CLI command, benchmark.
## Included by the top-level Makefile.am; add to its variables with +=.
