#!/bin/sh
# The registry's PostgreSQL half: starts a throwaway PostgreSQL server
# (tests/pg_server.sh: initdb and pg_ctl from Debian's postgresql package on a
# temporary directory, Unix socket only, a random port; as "postgres" under
# root), runs the registry suites (tests/test_registry, tests/test_pledge) and the certificate
# CLI test against it, then the PostgreSQL-only tests (tests/registry_pg_*.sh:
# copying between backends, concurrent writers), and stops the server at the
# end, whatever happens. Without PostgreSQL (not installed, or the library
# built without libpq) it skips (exit 77) saying why. Run by automake.
# SPDX-License-Identifier: MIT

top_srcdir=${top_srcdir:-.}
top_builddir=${top_builddir:-.}
. "$top_srcdir/tests/pg_server.sh"

trap pg_server_stop EXIT
trap 'exit 1' INT TERM HUP
# Durability against a machine crash is not what these tests check.
pg_server_options="-c fsync=off"
if ! pg_server_start; then
	echo "registry_postgresql: SKIP: $pg_server_why"
	exit 77
fi
echo "registry_postgresql: server $pg_bin on $pg_dir, port $pg_port"

status=0
"$top_builddir/tests/test_registry" || status=1
"$top_builddir/tests/test_registry_compliance" || status=1
"$top_builddir/tests/test_pledge" || status=1
sh "$top_srcdir/tests/cli_registry_certificate.sh" || status=1
sh "$top_srcdir/tests/cli_registry_compliance.sh" || status=1
sh "$top_srcdir/tests/cli_registry_pledge.sh" || status=1
for t in "$top_srcdir"/tests/registry_pg_*.sh; do
	[ -f "$t" ] || continue
	sh "$t" || status=1
done
exit $status
