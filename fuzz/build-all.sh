#!/bin/sh
# Build every libFuzzer harness (fuzz/fuzz_*.c) with clang, AddressSanitizer
# and UndefinedBehaviorSanitizer: the library's sources are compiled once, with
# the fuzzer's coverage instrumentation, into OUT/libds-fuzz.a and linked into
# each harness (they may use internal functions). Needs a configured build
# directory for config.h, version.h and the embedded resources.
#   sh fuzz/build-all.sh BUILD-DIR OUT-DIR
# SPDX-License-Identifier: MIT
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
build=$(cd "${1:?usage: build-all.sh BUILD-DIR OUT-DIR}" && pwd)
mkdir -p "${2:?usage: build-all.sh BUILD-DIR OUT-DIR}/obj"
out=$(cd "$2" && pwd)
jobs=${JOBS:-$(nproc 2>/dev/null || echo 2)}
CLANG=${CLANG:-clang}
make -C "$build" lib/core/resources.c >/dev/null
deps="libxml-2.0 icu-uc icu-i18n sqlite3 libcrypto raptor2"
# libpq when the build has the PostgreSQL registry backend (config.h says so)
! grep -q '^#define HAVE_LIBPQ 1' "$build/config.h" || deps="$deps libpq"
# cairo, pango and libqrencode when the build prints PDF (lib/pdf)
! grep -q '^#define HAVE_PDF 1' "$build/config.h" || deps="$deps cairo-pdf pangocairo libqrencode"
deps_cflags=$(pkg-config --cflags $deps)
deps_libs="$(pkg-config --libs $deps) -lgmp -lpthread"
sanitize="-fsanitize=address,undefined -fno-sanitize-recover=undefined"
# The installed data directory the library reports (make passes the build's).
data_dir=${DS_DATA_DIR:-/usr/local/share/datasset}
cflags="-g -O1 -std=c11 -fno-omit-frame-pointer $sanitize -DDS_BUILDING_LIBRARY -DDS_DATA_DIR=\"$data_dir\" -I$build -I$build/include -I$top/include -I$top/lib $deps_cflags"
export CLANG cflags out top
# One object per library source, named after its path (lib/core/xml.c -> core_xml.o).
{ ls "$top"/lib/*/*.c; echo "$build/lib/core/resources.c"; } | xargs -P "$jobs" -I{} sh -c '
	src={}; rel=${src#"$top"/lib/}; obj="$out/obj/$(printf %s "$rel" | tr / _ | sed "s/\.c$/.o/")"
	[ "$obj" -nt "$src" ] || $CLANG $cflags -fsanitize=fuzzer-no-link -c "$src" -o "$obj"'
rm -f "$out/libds-fuzz.a"
ar rcs "$out/libds-fuzz.a" "$out"/obj/*.o
for harness in "$top"/fuzz/fuzz_*.c; do
	name=$(basename "$harness" .c)
	$CLANG $cflags -fsanitize=fuzzer "$harness" "$out/libds-fuzz.a" $deps_libs -o "$out/$name"
done
echo "fuzz: built $(ls "$top"/fuzz/fuzz_*.c | wc -l) harnesses in $out"
