#!/bin/sh
# Build examples/hello.c against an installed libdatasset with nothing but
# pkg-config, and run it. Usage: PKG_CONFIG_PATH=PREFIX/lib/pkgconfig installed.sh PREFIX
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
"$prefix/bin/datasset" --version >/dev/null 2>&1 || LD_LIBRARY_PATH="$prefix/lib" "$prefix/bin/datasset" --version >/dev/null
echo "installed: 1 passed, 0 failed"
