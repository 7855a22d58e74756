#!/bin/sh
# pip-install the Python bindings offline against an installed libdatasset
# (found by pkg-config alone) into a scratch venv, and run the Python tests on
# the installed package. scripts/test-all.sh runs it after `make install`.
# Usage: PKG_CONFIG_PATH=PREFIX/lib/pkgconfig sh tests/python-installed.sh PREFIX
# SPDX-License-Identifier: MIT
set -eu
prefix=$1
top=$(cd "$(dirname "$0")/.." && pwd)
py=${DS_PYTHON:-/usr/bin/python3}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# pip builds in the folder it is given: give it a copy, not the source tree.
cp -R "$top/bindings/python" "$tmp/src"
rm -rf "$tmp/src/build" "$tmp/src"/*.egg-info
# Debian's interpreter is externally managed: a venv that sees its packages
# (cffi, setuptools, wheel, pytest, hypothesis) and installs offline.
"$py" -m venv --system-site-packages "$tmp/venv"
unset CFLAGS CPPFLAGS LDFLAGS DATASSET_INCLUDE_DIRS DATASSET_LIBRARY_DIRS
if ! DATASSET_RPATH=1 "$tmp/venv/bin/python" -m pip install -q --no-build-isolation --no-index "$tmp/src" \
	>"$tmp/pip.log" 2>&1; then
	cat "$tmp/pip.log"
	echo "python-installed: 0 passed, 1 failed"
	exit 1
fi
cd "$tmp"
"$tmp/venv/bin/python" -c 'import datasset, sys; v = datasset.library_version()[0]; sys.exit(0 if datasset.words("1680.32") == "人民币壹仟陆佰捌拾元零叁角贰分" else 1)'
DATASSET_TOP_SRCDIR=$top DATASSET_CLI=$prefix/bin/datasset LD_LIBRARY_PATH=$prefix/lib PYTHONDONTWRITEBYTECODE=1 \
	"$tmp/venv/bin/python" -m pytest -q -p no:cacheprovider "$top/bindings/python/tests"
echo "python-installed: 1 passed, 0 failed"
