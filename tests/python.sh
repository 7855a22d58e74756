#!/bin/sh
# The Python bindings: build the cffi extension in a scratch folder of the
# build tree against the build tree's headers and library, then run pytest on
# bindings/python/tests (which also run examples/python), and mypy --strict on
# the package and examples/python when mypy is installed. Skips (77) only when cffi or pytest is missing.
# Run by automake with top_builddir and top_srcdir set; runnable by hand too:
#   top_builddir=_build/dev top_srcdir=. sh tests/python.sh
# SPDX-License-Identifier: MIT

top_srcdir=$(cd "${top_srcdir:-.}" && pwd)
top_builddir=$(cd "${top_builddir:-.}" && pwd)
py=${DS_PYTHON:-/usr/bin/python3}
[ -x "$py" ] || py=${PYTHON:-python3}

if ! "$py" -c 'import cffi, pytest' 2>/dev/null; then
	echo "python: SKIP: $py lacks cffi or pytest (Debian: python3-cffi python3-pytest)"
	exit 77
fi
if [ ! -f "$top_builddir/.libs/libdatasset.so" ]; then
	echo "python: $top_builddir/.libs/libdatasset.so is not built" >&2
	exit 1
fi

scratch="$top_builddir/tests/python-build"
rm -rf "$scratch"
mkdir -p "$scratch" || exit 1
# The package as it is installed: the sources plus the compiled module.
cp -R "$top_srcdir/bindings/python/datasset" "$scratch/" && chmod -R u+w "$scratch" || exit 1
# The compiler flags of the C build do not apply to the extension.
unset CFLAGS CPPFLAGS LDFLAGS
if ! "$py" "$top_srcdir/bindings/python/build_ffi.py" --outdir "$scratch" \
	--include-dir "$top_srcdir/include" --include-dir "$top_builddir/include" \
	--library-dir "$top_builddir/.libs" --rpath >"$scratch/build.log" 2>&1; then
	echo "python: building the extension failed:" >&2
	cat "$scratch/build.log" >&2
	exit 1
fi

# mypy --strict on the package and on examples/python (when mypy is installed): an error fails.
if "$py" -c 'import mypy' 2>/dev/null; then
	if ! (cd "$scratch" && MYPYPATH="$scratch" "$py" -m mypy --strict --config-file "$top_srcdir/examples/python/mypy.ini" \
		--cache-dir "$scratch/mypy-cache" datasset "$top_srcdir"/examples/python/*.py) >"$scratch/mypy.log" 2>&1; then
		echo "python: mypy --strict rejects the datasset package or examples/python:" >&2
		cat "$scratch/mypy.log" >&2
		exit 1
	fi
else
	echo "python: mypy not installed (Debian: mypy): the package and examples/python not type-checked"
fi

# A library built with AddressSanitizer needs its runtime loaded first in an
# interpreter that was not: preload it (leaks of the interpreter are not ours).
if ldd "$top_builddir/.libs/libdatasset.so" 2>/dev/null | grep -q libasan; then
	asan=$(${CC:-gcc} -print-file-name=libasan.so)
	LD_PRELOAD="$asan${LD_PRELOAD:+ $LD_PRELOAD}"
	ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0"
	export LD_PRELOAD ASAN_OPTIONS
fi

DATASSET_CLI="$top_builddir/datasset"
DATASSET_TOP_SRCDIR="$top_srcdir"
PYTHONPATH="$scratch"
PYTHONDONTWRITEBYTECODE=1
export DATASSET_CLI DATASSET_TOP_SRCDIR PYTHONPATH PYTHONDONTWRITEBYTECODE

# From the scratch folder, so nothing is written into the source tree
# (pytest's cache is off; hypothesis keeps its database here).
cd "$scratch" || exit 1
exec "$py" -m pytest -q -p no:cacheprovider --rootdir="$top_srcdir/bindings/python" "$top_srcdir/bindings/python/tests"
