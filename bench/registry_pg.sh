#!/bin/sh
# The registry benchmark's PostgreSQL figures (make bench-registry runs it
# after bench/registry_ref.py's SQLite ones): a throwaway server
# (tests/pg_server.sh, default settings: fsync on), N registrations 1,000 per
# transaction and in bulk batches against raw libpq prepared inserts of the
# same rows in the same run (bench/bench_registry_pg.c), then 1, 2, 4 and 8
# concurrent writer processes on one registry, each registration's calls
# their own transactions (tests/registry_writers.c), and as many writers each
# on a registry of its own. Prints the figures and
# ratios, and each phase's client and server CPU (DS_BENCH_PG_STATEMENTS=1:
# also the server's top statements of each phase from pg_stat_statements);
# for the writers of one registry, their CPU per registration and how much of
# their time they spent waiting for the registry's lock.
# Usage: registry_pg.sh [N [WRITER_TOTAL]]  (defaults 10000, 800)
# SPDX-License-Identifier: MIT

top_srcdir=${top_srcdir:-.}
top_builddir=${top_builddir:-.}
n=${1:-10000}
total=${2:-800}
. "$top_srcdir/tests/pg_server.sh"
trap 'pg_server_stop; rm -rf "$keys"' EXIT
trap 'exit 1' INT TERM HUP
keys=$(mktemp -d "${TMPDIR:-/tmp}/datasset-bench-keys.XXXXXX") || exit 1
# pg_stat_statements (in Debian's postgresql package) ranks the server's
# statements per phase; without it the figures come all the same.
pg_server_options="-c shared_preload_libraries=pg_stat_statements"
if ! pg_server_start; then
	pg_server_stop
	pg_server_options=
	if ! pg_server_start; then
		echo "bench registry (PostgreSQL): skipped: $pg_server_why"
		exit 0
	fi
fi
out=$("$top_builddir/bench/bench_registry_pg" "$DS_TEST_PG" "$n" "$keys") || exit 1
get() { printf '%s\n' "$out" | sed -n "s/^$1 //p"; }
raw=$(get pg_raw_per_s)
batched=$(get pg_batched_per_s)
bulk=$(get pg_bulk_per_s)
echo "PostgreSQL ($("$pg_bin/postgres" --version | sed 's/.* //'), Unix socket, synchronous_commit off as synchronous=NORMAL), $n registrations:"
echo "libdatasset, 1,000 per transaction                      $batched registrations/s"
echo "libdatasset, bulk batches of 1,000                      $bulk registrations/s"
echo "raw libpq prepared inserts of the same rows             $raw registrations/s (mean of $(get pg_raw_first_per_s) and $(get pg_raw_last_per_s))"
awk -v r="$raw" -v b="$batched" -v u="$bulk" 'BEGIN {
	printf "ratio raw libpq / libdatasset batched                   %.2fx  (goal: within 3x)\n", r / b
	printf "ratio raw libpq / libdatasset bulk batch                %.2fx\n", r / u }'
# Where the time went: CPU seconds of this client (building, hashing and
# signing: the same work as on SQLite) and of the server's processes, per
# 1,000 registrations.
echo "CPU seconds per 1,000 registrations (client / server / wall):"
for phase in batched raw_first bulk raw_last; do
	awk -v n="$n" -v c="$(get "pg_${phase}_client_cpu_s")" -v s="$(get "pg_${phase}_server_cpu_s")" \
		-v w="$(get "pg_${phase}_wall_s")" -v p="$phase" \
		'BEGIN { printf "  %-10s %6.2f / %6.2f / %6.2f\n", p, c * 1000 / n, s * 1000 / n, w * 1000 / n }'
done
if [ -n "${DS_BENCH_PG_STATEMENTS:-}" ]; then
	printf '%s\n' "$out" | grep '^# '
fi
export top_srcdir
# Where the writers' time goes: CPU seconds of the clients (this shell's
# children: the `times` builtin) and of the server (every process of the
# throwaway server, and the backends it has reaped, from /proc), and the time
# the writers spent in the registry's lock statement, i.e. waiting for the
# lock (pg_stat_statements, when the server loaded it and psql is there).
ticks=$(getconf CLK_TCK 2>/dev/null || echo 100)
pm=$(head -1 "$pg_dir/data/postmaster.pid" 2>/dev/null)
server_cpu() {
	[ -n "$pm" ] && [ -r "/proc/$pm/stat" ] || { echo 0; return; }
	# After "pid (comm) ": state, ppid, ..., utime (12th), stime, cutime, cstime.
	cat /proc/[0-9]*/stat 2>/dev/null | awk -v pm="$pm" -v hz="$ticks" '{
		pid = $1; sub(/^.*\) /, "")
		if (pid == pm) t += $12 + $13 + $14 + $15; else if ($2 == pm) t += $12 + $13 }
		END { printf "%.2f\n", t / hz }'
}
# `times` run by this shell (not in a subshell) into a file: the children's
# user and system time, its second line.
client_cpu() {
	sed -n 2p "$1" | awk '{ gsub(/s/, "", $1); gsub(/s/, "", $2); split($1, u, "m"); split($2, s, "m")
		printf "%.2f\n", u[1] * 60 + u[2] + s[1] * 60 + s[2] }'
}
stats() { [ -x "$pg_bin/psql" ] && "$pg_bin/psql" "$DS_TEST_PG" -XAtq -c "$1" 2>/dev/null; }
stats "SET client_min_messages = warning; CREATE EXTENSION IF NOT EXISTS pg_stat_statements" >/dev/null
for w in 1 2 4 8; do
	mkdir -p "$keys/w$w"
	stats "SELECT pg_stat_statements_reset()" >/dev/null
	times >"$keys/times0"
	s0=$(server_cpu)
	line=$("$top_builddir/tests/registry_writers" "$DS_TEST_PG&registry=bench_writers_$w&keys=$keys/w$w" $w $((total / w)) "$keys/w$w" 1) || exit 1
	times >"$keys/times1"
	s1=$(server_cpu)
	c0=$(client_cpu "$keys/times0")
	c1=$(client_cpu "$keys/times1")
	waited=$(stats "SELECT round(sum(total_exec_time)::numeric / 1000, 2) FROM pg_stat_statements
		WHERE query LIKE '%datasset.writers%FOR UPDATE%' AND query NOT LIKE '%INSERT%'")
	echo "$w concurrent writer(s), one transaction per call: $(printf '%s\n' "$line" | sed -n 's/^writers: .*; //p')"
	printf '%s\n' "$line" | sed -n 's/^writers: .*; \([0-9.]*\) s,.*/\1/p' | awk -v w="$w" -v n="$(((total / w) * w))" \
		-v c="$(echo "$c0 $c1" | awk '{ print $2 - $1 }')" -v s="$(echo "$s0 $s1" | awk '{ print $2 - $1 }')" \
		-v lock="$waited" '{
		printf "  CPU per registration (writers and their checks) client %.2f ms, server %.2f ms", c * 1000 / n, s * 1000 / n
		if (lock != "")
			printf "; waited for the lock %.1f s of the writers'\'' %.1f s (%.0f%%)", lock, w * $1, 100 * lock / (w * $1)
		printf "\n" }'
	# The writers' own clocks (tests/registry_writers.c): BEGIN to the lock's
	# result, and from there to the transaction's end.
	printf '%s\n' "$line" | sed -n 's/^lock: /  lock: /p'
done
# The same writers, each on a registry of its own in the same database (a
# provincial platform serving several cities), started together: writers of
# different registries do not wait for each other's lock. The rate is all
# their registrations over the longest writer's time (registry_writers times
# its writers only, not the registry's creation or the checks after).
for w in 1 2 4 8; do
	pids=
	i=0
	while [ $i -lt $w ]; do
		mkdir -p "$keys/r$w-$i"
		"$top_builddir/tests/registry_writers" "$DS_TEST_PG&registry=bench_own_${w}_$i&keys=$keys/r$w-$i" 1 $((total / w)) \
			"$keys/r$w-$i" 1 >"$keys/r$w-$i/out" &
		pids="$pids $!"
		i=$((i + 1))
	done
	for p in $pids; do
		wait "$p" || exit 1
	done
	grep -h '^writers: ' "$keys"/r$w-*/out | sed 's/.*; \([0-9.]*\) s,.*/\1/' | awk -v w="$w" -v n="$(((total / w) * w))" '
		$1 > max { max = $1 }
		END { printf "%d writer(s), one registry each, one transaction per call: %.1f s, %.0f registrations/s\n", w, max, n / max }'
done
