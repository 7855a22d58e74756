#!/bin/sh
# A throwaway PostgreSQL server for the tests and the benchmark: sourced, not
# run. pg_server_start makes a temporary directory, runs initdb and pg_ctl from
# Debian's postgresql package (/usr/lib/postgresql/*/bin, the newest) on it,
# Unix socket only, a random free port, and sets DS_TEST_PG (a postgresql://
# URI with its query begun), DS_TEST_PG_BIN, DS_TEST_PG_DIR, DS_TEST_PG_PORT
# and DS_TEST_PG_AS (the command prefix that runs as the server's user). Under
# root, where initdb refuses to run, the server runs as the "postgres" user
# (the Debian package makes it) through runuser; otherwise as the current
# user. On failure it sets pg_server_why and returns 1. pg_server_stop stops
# it and removes the directory (call it from an EXIT trap).
# SPDX-License-Identifier: MIT

pg_server_start() {
	pg_server_why=
	if ! grep -q '^#define HAVE_LIBPQ 1' "${top_builddir:-.}/config.h" 2>/dev/null; then
		pg_server_why="libdatasset was built without libpq (install libpq-dev: scripts/install-deps.sh)"
		return 1
	fi
	pg_bin=
	for d in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -t/ -k4 -n); do
		[ -x "$d/initdb" ] && [ -x "$d/pg_ctl" ] && pg_bin=$d
	done
	if [ -z "$pg_bin" ]; then
		pg_server_why="no PostgreSQL server (/usr/lib/postgresql/*/bin/initdb): install the Debian package postgresql (scripts/install-deps.sh)"
		return 1
	fi
	pg_as=
	pg_user=$(id -un)
	if [ "$(id -u)" -eq 0 ]; then
		if ! id postgres >/dev/null 2>&1 || ! command -v runuser >/dev/null 2>&1; then
			pg_server_why="running as root, and no 'postgres' user or no runuser to run the server as"
			return 1
		fi
		pg_as="runuser -u postgres --"
		pg_user=postgres
	fi
	pg_dir=$(mktemp -d "${TMPDIR:-/tmp}/datasset-pg.XXXXXX") || return 1
	[ -n "$pg_as" ] && chown postgres "$pg_dir"
	chmod 0755 "$pg_dir"
	if ! $pg_as "$pg_bin/initdb" -D "$pg_dir/data" -A trust -U "$pg_user" -E UTF8 --no-locale >"$pg_dir/initdb.log" 2>&1; then
		pg_server_why="initdb failed: $(tail -3 "$pg_dir/initdb.log")"
		return 1
	fi
	for attempt in 1 2 3 4 5; do
		pg_port=$((20000 + $(od -An -N2 -tu2 /dev/urandom | tr -d ' ') % 40000))
		if $pg_as "$pg_bin/pg_ctl" -D "$pg_dir/data" -l "$pg_dir/server.log" -w -t 60 \
			-o "-k $pg_dir -p $pg_port -c listen_addresses='' ${pg_server_options:-} -c max_connections=40" start >/dev/null 2>&1; then
			DS_TEST_PG="postgresql:///postgres?host=$pg_dir&port=$pg_port&user=$pg_user"
			DS_TEST_PG_DIR=$pg_dir DS_TEST_PG_BIN=$pg_bin DS_TEST_PG_PORT=$pg_port DS_TEST_PG_AS=$pg_as
			export DS_TEST_PG DS_TEST_PG_DIR DS_TEST_PG_BIN DS_TEST_PG_PORT DS_TEST_PG_AS
			return 0
		fi
	done
	pg_server_why="the server did not start: $(tail -3 "$pg_dir/server.log")"
	return 1
}

pg_server_stop() {
	if [ -n "${pg_dir:-}" ]; then
		$pg_as "$pg_bin/pg_ctl" -D "$pg_dir/data" -m immediate stop >/dev/null 2>&1
		rm -rf "$pg_dir"
	fi
}
