#!/bin/sh
# Line and branch coverage of lib/ by the test suite (gcov + lcov, Debian's
# 'lcov' package): builds in _build/coverage with --coverage, runs make check,
# and prints lcov's summary for lib/ only (the CLI, tests and generated sources
# are left out). The HTML report goes to _build/coverage/html.
#   sh scripts/coverage.sh          (or: make coverage, from any configured build)
# Goal (issue 17): at least 90 % of lines and 80 % of branches.
# SPDX-License-Identifier: MIT
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
jobs=${JOBS:-$(nproc 2>/dev/null || echo 2)}
build="$top/_build/coverage"
[ -x configure ] || ./autogen.sh >/dev/null 2>&1
rm -rf "$build" && mkdir -p "$build"
cd "$build"
"$top/configure" -q CC=gcc CFLAGS="-O0 -g --coverage" LDFLAGS="--coverage"
make -s -j"$jobs"
make -s -j"$jobs" check || { echo "coverage: make check failed; figures below are for what ran" >&2; }
rc="--rc lcov_branch_coverage=1"
lcov -q $rc --capture --directory . --base-directory . --output-file all.info 2>/dev/null
lcov -q $rc --extract all.info "$top/lib/*" --output-file lib.info 2>/dev/null
lcov -q $rc --remove lib.info "*/resources.c" --output-file lib.info 2>/dev/null
genhtml -q $rc --output-directory html lib.info >/dev/null 2>&1 || :
echo "coverage of lib/ (gcov, lcov $(lcov --version | sed 's/.*version //')):"
lcov $rc --summary lib.info 2>&1 | sed -n 's/^ *\(lines\|functions\|branches\)\.*: /  \1: /p'
# Per directory, lowest line coverage first.
lcov $rc --list lib.info 2>/dev/null | awk -F'|' '/\.c/ { print }' | sort -t'|' -k2 -n | head -n 15 >per-file.txt || :
echo "  files with the lowest line coverage: $build/per-file.txt; HTML: $build/html/index.html"
