#!/bin/sh
# The registry's PostgreSQL half: starts a throwaway PostgreSQL server (initdb
# and pg_ctl from Debian's postgresql package, /usr/lib/postgresql/*/bin, on a
# temporary directory, Unix socket only, a random port), runs the registry
# suite (tests/test_registry) and the certificate CLI test against it, then
# the PostgreSQL-only tests (tests/registry_pg_*.sh), and stops the server at
# the end, whatever happens. Without PostgreSQL (not installed, or the
# library built without libpq) it skips (exit 77) saying why.
# Under root (CI), initdb refuses to run: the server runs as the "postgres"
# user (made by the Debian package) through runuser; otherwise as the
# current user. Run by automake.
# SPDX-License-Identifier: MIT

top_srcdir=${top_srcdir:-.}
top_builddir=${top_builddir:-.}

skip() {
	echo "registry_postgresql: SKIP: $*"
	exit 77
}

if ! grep -q '^#define HAVE_LIBPQ 1' "$top_builddir/config.h" 2>/dev/null; then
	skip "libdatasset was built without libpq (install libpq-dev: scripts/install-deps.sh)"
fi
bin=
for d in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -t/ -k4 -n); do
	[ -x "$d/initdb" ] && [ -x "$d/pg_ctl" ] && bin=$d
done
[ -n "$bin" ] || skip "no PostgreSQL server (/usr/lib/postgresql/*/bin/initdb): install the Debian package postgresql (scripts/install-deps.sh)"

as_server=
pguser=$(id -un)
if [ "$(id -u)" -eq 0 ]; then
	id postgres >/dev/null 2>&1 || skip "running as root and there is no 'postgres' user to run the server as"
	command -v runuser >/dev/null 2>&1 || skip "running as root and runuser is missing"
	as_server="runuser -u postgres --"
	pguser=postgres
fi

pgdir=$(mktemp -d "${TMPDIR:-/tmp}/datasset-pg.XXXXXX") || exit 1
[ -n "$as_server" ] && chown postgres "$pgdir"
chmod 0755 "$pgdir"
cleanup() {
	$as_server "$bin/pg_ctl" -D "$pgdir/data" -m immediate stop >/dev/null 2>&1
	rm -rf "$pgdir"
}
trap cleanup EXIT
trap 'exit 1' INT TERM HUP

$as_server "$bin/initdb" -D "$pgdir/data" -A trust -U "$pguser" -E UTF8 --no-locale >"$pgdir/initdb.log" 2>&1 ||
	{ cat "$pgdir/initdb.log"; skip "initdb failed (above)"; }
started=no
for attempt in 1 2 3 4 5; do
	port=$((20000 + $(od -An -N2 -tu2 /dev/urandom | tr -d ' ') % 40000))
	if $as_server "$bin/pg_ctl" -D "$pgdir/data" -l "$pgdir/server.log" -w -t 60 \
		-o "-k $pgdir -p $port -c listen_addresses='' -c fsync=off -c max_connections=40" start >/dev/null 2>&1; then
		started=yes
		break
	fi
done
[ $started = yes ] || { cat "$pgdir/server.log"; skip "the server did not start (log above)"; }
echo "registry_postgresql: server $bin on $pgdir, port $port"

DS_TEST_PG="postgresql:///postgres?host=$pgdir&port=$port&user=$pguser"
DS_TEST_PG_DIR=$pgdir DS_TEST_PG_BIN=$bin DS_TEST_PG_PORT=$port DS_TEST_PG_AS=$as_server
export DS_TEST_PG DS_TEST_PG_DIR DS_TEST_PG_BIN DS_TEST_PG_PORT DS_TEST_PG_AS

status=0
"$top_builddir/tests/test_registry" || status=1
sh "$top_srcdir/tests/cli_registry_certificate.sh" || status=1
for t in "$top_srcdir"/tests/registry_pg_*.sh; do
	[ -f "$t" ] || continue
	sh "$t" || status=1
done
exit $status
