#!/bin/sh
# Build fuzz/fuzz_probe with clang's libFuzzer and ASan, compiling the library's
# sources into it so that the fuzzer sees their coverage. Needs a configured
# build directory for config.h, version.h and the embedded resources (default _build).
# SPDX-License-Identifier: MIT
set -eu
cd "$(dirname "$0")/.."
build=${1:-_build}
make -C "$build" lib/core/resources.c >/dev/null
clang -g -O1 -std=c11 -fsanitize=fuzzer,address,undefined -DDS_BUILDING_LIBRARY -DDS_DATA_DIR="\"/usr/local/share/datasset\"" \
	-I"$build" -I"$build/include" -Iinclude -Ilib \
	$(pkg-config --cflags libxml-2.0 icu-uc icu-i18n gmp sqlite3 libcrypto 2>/dev/null ||
		pkg-config --cflags libxml-2.0 icu-uc icu-i18n sqlite3 libcrypto) \
	fuzz/fuzz_probe.c lib/core/*.c lib/decimal/*.c lib/catalog/*.c lib/crypto/*.c lib/probe/*.c \
	"$build/lib/core/resources.c" \
	$(pkg-config --libs libxml-2.0 icu-uc icu-i18n sqlite3 libcrypto) -lgmp -lpthread -o fuzz/fuzz_probe
echo "built fuzz/fuzz_probe; run: mkdir -p /tmp/probe-corpus && ./fuzz/fuzz_probe -max_total_time=60 /tmp/probe-corpus"
