#!/bin/sh
# The ABI guard (make check-abi): the built libdatasset.so against the stored
# baseline abi/libdatasset.abi, with libabigail's abidw and abidiff.
#   - an incompatible change (a removed or changed function or type) fails;
#   - a compatible change (an addition) fails too, until the baseline is
#     updated in the same commit: make abi-baseline, and commit abi/.
# Needs a build with debug information (-g). Usage: abi.sh LIBRARY [update]
set -u
: "${top_srcdir:=.}" "${top_builddir:=.}"
lib=$1
baseline="$top_srcdir/abi/libdatasset.abi"
for tool in abidw abidiff; do
	if ! command -v $tool >/dev/null 2>&1; then
		echo "abi: $tool not found (Debian: abigail-tools)" >&2
		exit 2
	fi
done
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# Only the public headers' types count; the locations of declarations do not.
abidw --no-show-locs --no-corpus-path --drop-private-types \
	--headers-dir "$top_srcdir/include/datasset" --header-file "$top_builddir/include/datasset/version.h" \
	--out-file "$tmp/new.abi" "$lib" || { echo "abi: abidw failed on $lib" >&2; exit 1; }
if [ "${2:-}" = update ]; then
	cp "$tmp/new.abi" "$baseline" && echo "abi: baseline written to $baseline"
	exit $?
fi
if [ ! -f "$baseline" ]; then
	echo "abi: FAIL: no baseline $baseline (make abi-baseline)"
	echo "abi: 0 passed, 1 failed"
	exit 1
fi
abidiff --no-show-locs "$baseline" "$tmp/new.abi" >"$tmp/report"
status=$?
if [ $((status & 8)) -ne 0 ]; then
	cat "$tmp/report"
	echo "abi: FAIL: incompatible ABI change against $baseline (see above)"
	echo "abi: 0 passed, 1 failed"
	exit 1
elif [ $((status & 4)) -ne 0 ]; then
	cat "$tmp/report"
	echo "abi: FAIL: a compatible ABI change that the baseline does not record;"
	echo "abi: if it is meant, run 'make abi-baseline' and commit abi/libdatasset.abi with it"
	echo "abi: 0 passed, 1 failed"
	exit 1
elif [ "$status" -ne 0 ]; then
	cat "$tmp/report"
	echo "abi: FAIL: abidiff could not compare (status $status)"
	echo "abi: 0 passed, 1 failed"
	exit 1
fi
echo "abi: 1 passed, 0 failed (no change against $baseline)"
