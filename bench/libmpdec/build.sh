#!/bin/sh
# Build libmpdec (the C library under Python's decimal) as a static library for
# bench/bench_decimal only; it is never linked into libdatasset.
#   sh bench/libmpdec/build.sh SRC OUT CC [CFLAGS...]
# SRC is a libmpdec source directory: CPython's Modules/_decimal/libmpdec, or
# the libmpdec directory of an mpdecimal release (mpdecimal.h is then made from
# mpdecimal.h.in for a 64-bit build). OUT receives libmpdec.a and mpdecimal.h.
# Compiled as upstream builds it for x86-64: -O2 -DNDEBUG -DCONFIG_64 -DASM
# (elsewhere -DCONFIG_64 -DANSI -DHAVE_UINT128_T). See bench/libmpdec/README.md.
# SPDX-License-Identifier: MIT
set -e
src=$1
out=$2
cc=${3:-cc}
if [ ! -f "$src/mpdecimal.c" ]; then
	echo "libmpdec: no source at '$src' (set MPDEC_SRC; see bench/libmpdec/README.md)" >&2
	exit 1
fi
mkdir -p "$out/obj"
if [ -f "$src/mpdecimal.h" ]; then
	cp "$src/mpdecimal.h" "$out/mpdecimal.h"
else
	sed 's|^@MPD_HEADER_CONFIG@$|#define MPD_CONFIG_64 1|' "$src/mpdecimal.h.in" >"$out/mpdecimal.h"
fi
case $(uname -m) in
x86_64 | amd64) config="-DCONFIG_64 -DASM" ;;
*) config="-DCONFIG_64 -DANSI -DHAVE_UINT128_T" ;;
esac
objs=
for f in basearith constants context convolute crt difradix2 fnt fourstep io mpalloc mpdecimal numbertheory \
	sixstep transpose; do
	# shellcheck disable=SC2086
	$cc -O2 -DNDEBUG $config -I"$out" -I"$src" -w -c "$src/$f.c" -o "$out/obj/$f.o"
	objs="$objs $out/obj/$f.o"
done
rm -f "$out/libmpdec.a"
# shellcheck disable=SC2086
ar rcs "$out/libmpdec.a" $objs
echo "libmpdec: built $out/libmpdec.a from $src"
