#!/bin/sh
# make check-valgrind: run the Check test programs under valgrind memcheck, each
# in one process (CK_FORK=no), several at a time. A program fails on any memory
# error or any definitely or indirectly lost block; "possibly lost" and "still
# reachable" are reported in its log but do not fail (the programs end with
# ds_cleanup(), so what ICU and libxml2 keep for the process is released).
# Usage (from the build directory, as make runs it): valgrind.sh PROGRAM...
# Environment: top_srcdir, top_builddir (set by make), LIBTOOL (the build's
# libtool command, e.g. "/bin/sh ./libtool"), VALGRIND (default valgrind), VALGRIND_JOBS (default: the number of
# CPUs), VALGRIND_SUPP (suppressions; default tools/datasset.supp).
# Logs: tests/valgrind/NAME.log. Test programs see DS_VALGRIND=1.
set -u
: "${top_srcdir:=.}" "${top_builddir:=.}" "${LIBTOOL:=$top_builddir/libtool}" "${VALGRIND:=valgrind}"
: "${VALGRIND_SUPP:=$top_srcdir/tools/datasset.supp}"
logdir=tests/valgrind

if [ "${1:-}" = --one ]; then
	prog=$2
	log="$logdir/$(basename "$prog").log"
	start=$(date +%s)
	DS_VALGRIND=1 CK_FORK=no $LIBTOOL --mode=execute "$VALGRIND" --tool=memcheck --leak-check=full \
		--errors-for-leak-kinds=definite,indirect --error-exitcode=1 --num-callers=30 \
		--gen-suppressions=all --suppressions="$VALGRIND_SUPP" "$prog" >"$log" 2>&1
	rc=$?
	secs=$(($(date +%s) - start))
	if [ "$rc" -eq 77 ]; then
		echo "SKIP: $prog (${secs}s)"
	elif [ "$rc" -eq 0 ] && ! grep -q 'ERROR SUMMARY: [1-9]' "$log"; then
		echo "PASS: $prog (${secs}s)"
	else
		echo "FAIL: $prog (${secs}s, exit $rc; see $log)"
	fi
	exit 0
fi

if [ $# -eq 0 ]; then
	echo "check-valgrind: no test programs (configure found no Check?)" >&2
	exit 1
fi
if ! command -v "$VALGRIND" >/dev/null 2>&1; then
	echo "check-valgrind: $VALGRIND not found: install the Debian package valgrind" >&2
	exit 1
fi
[ -f "$VALGRIND_SUPP" ] || { echo "check-valgrind: no suppressions file $VALGRIND_SUPP" >&2; exit 1; }
jobs=${VALGRIND_JOBS:-$(nproc 2>/dev/null || echo 2)}
# The slow tests (a 2 GiB probe) would take hours under valgrind.
unset DS_SLOW_TESTS
export top_srcdir top_builddir LIBTOOL VALGRIND VALGRIND_SUPP
# Longest first, by the previous run's times when there is one (new programs first).
order=$(printf '%s\n' "$@" | awk -v prev="$logdir/summary" '
	BEGIN { while ((getline line < prev) > 0) { split(line, f, /[ (]+/); sub(/s.*/, "", f[3]); secs[f[2]] = f[3] } }
	{ print (($0 in secs) ? secs[$0] : 999999) " " $0 }' | sort -k1,1nr -k2 | cut -d' ' -f2)
rm -rf "$logdir" && mkdir -p "$logdir"
start=$(date +%s)
printf '%s\n' $order | xargs -n 1 -P "$jobs" "${SHELL:-/bin/sh}" "$0" --one >"$logdir/summary"
cat "$logdir/summary"
passed=$(grep -c '^PASS' "$logdir/summary")
failed=$(grep -c '^FAIL' "$logdir/summary")
for log in $(sed -n 's/^FAIL: .*see \(.*\))$/\1/p' "$logdir/summary"); do
	echo "---- $log"
	grep -v '^==[0-9]*== *\(at\|by\) ' "$log" | tail -n 40
done
echo "check-valgrind: $passed passed, $failed failed in $(($(date +%s) - start))s"
[ "$failed" -eq 0 ]
