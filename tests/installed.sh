#!/bin/sh
# Build examples/hello.c and tests/installed_data.c against an installed
# libdatasset with nothing but pkg-config, and run them (the second loads a
# profile, a policy and a calendar from the data directory pkg-config names). Usage: PKG_CONFIG_PATH=PREFIX/lib/pkgconfig installed.sh PREFIX
set -eu
prefix=$1
top=$(cd "$(dirname "$0")/.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cc ${CFLAGS:-} -Werror -Wall -o "$tmp/hello" "$top/examples/hello.c" $(pkg-config --cflags --libs datasset)
out=$(LD_LIBRARY_PATH="$prefix/lib" "$tmp/hello")
expected="1680.32 = 人民币壹仟陆佰捌拾元零叁角贰分"
if [ "$out" != "$expected" ]; then
	echo "installed: hello printed '$out', expected '$expected'"
	echo "installed: 0 passed, 1 failed"
	exit 1
fi
for f in datasset.h common.h decimal.h version.h; do
	[ -f "$prefix/include/datasset/$f" ] || { echo "installed: missing include/datasset/$f"; exit 1; }
done
[ -x "$prefix/bin/datasset" ] || { echo "installed: missing bin/datasset"; exit 1; }

# The data directory: pkg-config, ds_data_dir() and the files installed agree.
datadir=$(pkg-config --variable=pkgdatadir datasset)
schemasdir=$(pkg-config --variable=schemasdir datasset)
[ "$datadir" = "$prefix/share/datasset" ] || { echo "installed: pkgdatadir is '$datadir'"; exit 1; }
[ "$schemasdir" = "$datadir" ] || { echo "installed: schemasdir '$schemasdir' is not pkgdatadir '$datadir'"; exit 1; }
for f in catalog.xsd profile.xsd policy.xsd registry.xsd compliance.xsd profiles/jinan.xml policies/jinan-2025.xml \
	compliance/cn-2025.xml valgrind/datasset.supp \
	calendars/cn-2024-2025-sample.xml; do
	[ -f "$datadir/$f" ] || { echo "installed: missing $datadir/$f"; exit 1; }
done
[ ! -e "$prefix/share/libdatasset" ] || { echo "installed: data also went to share/libdatasset"; exit 1; }
cc ${CFLAGS:-} -Werror -Wall -o "$tmp/installed_data" "$top/tests/installed_data.c" $(pkg-config --cflags --libs datasset)
mkdir "$tmp/work"
LD_LIBRARY_PATH="$prefix/lib" "$tmp/installed_data" "$datadir" "$tmp/work" || {
	echo "installed: 0 passed, 1 failed"
	exit 1
}
"$prefix/bin/datasset" --version >/dev/null 2>&1 || LD_LIBRARY_PATH="$prefix/lib" "$prefix/bin/datasset" --version >/dev/null
# The integrator's kit (examples/erp, examples/accountant), built the same way.
sh "$top/tests/examples.sh" "$prefix" || {
	echo "installed: 0 passed, 1 failed"
	exit 1
}
echo "installed: 1 passed, 0 failed"
