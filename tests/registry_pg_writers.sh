#!/bin/sh
# Concurrency on PostgreSQL (tests/registry_writers.c): 8 processes × 500
# registrations into one registry, each call its own transaction: 4,000
# certificate numbers 1..4000, none repeated, the log verifies, every
# acknowledged registration is there. Then a writer killed in the middle
# (its open transaction rolled back by the server) and connections ended by
# the server in the middle (their writers connect again and go on): nothing
# acknowledged is lost, the numbers stay gap-free. Run by
# tests/registry_postgresql.sh (DS_TEST_PG set).
# SPDX-License-Identifier: MIT

top_srcdir=${top_srcdir:-.}
top_builddir=${top_builddir:-.}
[ -n "${DS_TEST_PG:-}" ] || { echo "registry_pg_writers: SKIP: DS_TEST_PG is not set"; exit 77; }
work=$(mktemp -d "${TMPDIR:-/tmp}/datasset-writers.XXXXXX") || exit 1
trap 'rm -rf "$work"' EXIT
export top_srcdir
writers="$top_builddir/tests/registry_writers"
status=0

run() {
	name=$1
	shift
	mkdir "$work/$name"
	if "$writers" "$DS_TEST_PG&registry=writers_${name}_$$&keys=$work/$name" "$@"; then
		echo "ok - $name"
	else
		echo "FAIL - $name"
		status=1
	fi
}

# The full 8 × 500 once per test command (the build with DS_SLOW_TESTS=1: it takes
# minutes on 2 cores); the other builds (clang, sanitizers, distcheck) run 4 × 50.
if [ "${DS_SLOW_TESTS:-}" = 1 ]; then
	run many 8 500 "$work/many" 1
else
	run many 4 50 "$work/many" 1
fi
run killed 4 100 "$work/killed" 1 kill
run terminated 4 100 "$work/terminated" 1 terminate
exit $status
