#!/bin/sh
# The library exports exactly the symbols in lib/datasset.sym, and every
# function a public header marks DS_EXTERN is among them.
set -u
: "${top_srcdir:=.}" "${top_builddir:=.}" "${NM:=nm}"
lib="$top_builddir/.libs/libdatasset.so"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
failed=0

if [ ! -f "$lib" ]; then
	echo "FAIL: $lib not built"; echo "exports: 0 passed, 1 failed"; exit 1
fi
sort -u "$top_srcdir/lib/datasset.sym" >"$tmp/listed"
$NM -D --defined-only "$lib" | awk '$2 ~ /^[TDBRVWi]$/ { print $3 }' | sed 's/@.*//' | sort -u >"$tmp/exported"
# Function names declared with DS_EXTERN across the public headers.
cat "$top_srcdir"/include/datasset/*.h | tr '\n' ' ' | tr ';' '\n' | grep 'DS_EXTERN' |
	sed -E 's/.*DS_EXTERN[^(]*[ *]([a-z_][a-z0-9_]*) *\(.*/\1/' | grep '^ds_' | sort -u >"$tmp/declared"

if ! diff -u "$tmp/listed" "$tmp/exported" >"$tmp/diff1"; then
	echo "FAIL: exported symbols differ from lib/datasset.sym (- listed only, + exported only):"
	cat "$tmp/diff1"; failed=$((failed + 1))
fi
if ! diff -u "$tmp/listed" "$tmp/declared" >"$tmp/diff2"; then
	echo "FAIL: DS_EXTERN declarations differ from lib/datasset.sym (- listed only, + declared only):"
	cat "$tmp/diff2"; failed=$((failed + 1))
fi
echo "exports: $(wc -l <"$tmp/listed") symbols listed, exported and declared"
echo "exports: $((2 - failed)) passed, $failed failed"
[ "$failed" -eq 0 ]
