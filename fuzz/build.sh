#!/bin/sh
# Build fuzz/fuzz_catalog with clang's libFuzzer and ASan, compiling the library's
# sources into it so that the fuzzer sees their coverage. Needs a configured
# build directory for config.h, version.h and the embedded resources (default _build).
# SPDX-License-Identifier: MIT
set -eu
cd "$(dirname "$0")/.."
build=${1:-_build}
make -C "$build" lib/core/resources.c >/dev/null
clang -g -O1 -std=c11 -fsanitize=fuzzer,address,undefined -DDS_BUILDING_LIBRARY -DDS_DATA_DIR="\"/usr/local/share/datasset\"" \
	-I"$build" -I"$build/include" -Iinclude -Ilib \
	$(pkg-config --cflags libxml-2.0 icu-uc icu-i18n gmp 2>/dev/null || pkg-config --cflags libxml-2.0 icu-uc icu-i18n) \
	fuzz/fuzz_catalog.c lib/core/*.c lib/decimal/*.c lib/catalog/*.c "$build/lib/core/resources.c" \
	$(pkg-config --libs libxml-2.0 icu-uc icu-i18n) -lgmp -lpthread -o fuzz/fuzz_catalog
echo "built fuzz/fuzz_catalog; run: mkdir -p /tmp/corpus && ./fuzz/fuzz_catalog -max_total_time=60 /tmp/corpus tests/fixtures/catalog"
