#!/bin/sh
# Build fuzz/fuzz_probe_source (the probe's CSV source) with clang's libFuzzer,
# ASan and UBSan, compiling the library's sources into it so that the fuzzer
# sees their coverage. Needs a configured build directory for config.h,
# version.h and the embedded resources (default _build).
# Usage: fuzz/build_probe_source.sh [BUILD-DIR [OUTPUT]]
# SPDX-License-Identifier: MIT
set -eu
cd "$(dirname "$0")/.."
build=${1:-_build}
out=${2:-fuzz/fuzz_probe_source}
make -C "$build" lib/core/resources.c >/dev/null
clang -g -O1 -std=c11 -fsanitize=fuzzer,address,undefined -DDS_BUILDING_LIBRARY -DDS_DATA_DIR="\"/usr/local/share/datasset\"" \
	-I"$build" -I"$build/include" -Iinclude -Ilib \
	$(pkg-config --cflags libxml-2.0 icu-uc icu-i18n gmp 2>/dev/null || pkg-config --cflags libxml-2.0 icu-uc icu-i18n) \
	fuzz/fuzz_probe_source.c lib/core/*.c lib/decimal/*.c lib/probe/source.c lib/probe/source_csv.c \
	"$build/lib/core/resources.c" \
	$(pkg-config --libs libxml-2.0 icu-uc icu-i18n) -lgmp -lpthread -o "$out"
echo "built $out; run: mkdir -p /tmp/corpus-csv && $out -max_total_time=60 /tmp/corpus-csv"
