#!/bin/sh
# make bench-python: build the cffi extension against this build tree (as
# tests/python.sh does) in $top_builddir/bench/python-build, then run
# bench/python/bench.py with the C side, bench/python/bench_call.
#   top_builddir=_build/dev top_srcdir=. sh bench/python/run.sh [valuations]
# SPDX-License-Identifier: MIT

top_srcdir=$(cd "${top_srcdir:-.}" && pwd)
top_builddir=$(cd "${top_builddir:-.}" && pwd)
py=${DS_PYTHON:-/usr/bin/python3}

scratch="$top_builddir/bench/python-build"
rm -rf "$scratch"
mkdir -p "$scratch" || exit 1
cp -R "$top_srcdir/bindings/python/datasset" "$scratch/" && chmod -R u+w "$scratch" || exit 1
unset CFLAGS CPPFLAGS LDFLAGS
if ! "$py" "$top_srcdir/bindings/python/build_ffi.py" --outdir "$scratch" \
	--include-dir "$top_srcdir/include" --include-dir "$top_builddir/include" \
	--library-dir "$top_builddir/.libs" --rpath >"$scratch/build.log" 2>&1; then
	echo "bench-python: building the extension failed:" >&2
	cat "$scratch/build.log" >&2
	exit 1
fi
PYTHONPATH="$scratch" PYTHONDONTWRITEBYTECODE=1 exec "$py" "$top_srcdir/bench/python/bench.py" \
	"$top_builddir/bench/python/bench_call" "$@"
