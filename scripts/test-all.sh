#!/bin/sh
# The whole test suite, as CI runs it (README command 2):
#   1. gcc, -Werror: build, make check (with the slow tests: DS_SLOW_TESTS=1);
#      make docs (the API reference; an undocumented declaration or a bad @param fails)
#   2. install into a scratch prefix; a program builds against it with pkg-config alone,
#      and the Python bindings pip-install offline against it and pass their tests;
#      then every fuzz harness for 20 s (make fuzz-check)
#   3. the ABI against abi/libdatasset.abi (make check-abi, libabigail's abidiff)
#   4. valgrind memcheck over the gcc build's Check programs (make check-valgrind:
#      memory errors and definitely/indirectly lost blocks fail; ~4 min on 2 idle cores)
#   5. clang, -Werror: build, make check
#   6. gcc with AddressSanitizer + UndefinedBehaviorSanitizer: make check (leaks fail)
#   7. make distcheck (the tarball is complete and builds out of tree)
#   8. formatting matches .clang-format
# Also installs csv-spectrum from npm into _build/npm for the CSV source tests, and
# @duckdb/node-api into _build/npm-duckdb for the probe's conformance corpus, and
# rdf-validate-shacl into _build/npm-shacl for the DCAT-AP SHACL check.
# Installs the Debian packages it needs first. Builds happen in _build/, so the
# source tree must not be configured in place (run 'make distclean' there first).
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
jobs=${JOBS:-$(nproc 2>/dev/null || echo 2)}

sh scripts/install-deps.sh
if [ -f config.status ]; then
	echo "test-all: the source tree is configured in place; run 'make distclean' first" >&2
	exit 2
fi
[ -x configure ] || ./autogen.sh >/dev/null 2>&1

step() { printf '\n==== %s\n' "$*"; }

# npm_tool DIR PACKAGE VERSION: install PACKAGE@VERSION (pinned) once into
# _build/DIR (each tool its own folder: a --no-save install prunes what it did
# not install), unless that version is there already.
npm_tool() {
	if ! grep -q "\"version\": \"$3\"" "$top/_build/$1/node_modules/$2/package.json" 2>/dev/null; then
		step "npm: $2@$3"
		mkdir -p "$top/_build/$1"
		npm install --prefix "$top/_build/$1" --no-save --no-audit --no-fund --loglevel=error "$2@$3" >/dev/null
	fi
}
# csv-spectrum: RFC 4180 edge cases with their expected parse, for tests/csv_spectrum.py.
npm_tool npm csv-spectrum 2.0.0
DS_CSV_SPECTRUM="$top/_build/npm/node_modules/csv-spectrum"
# @duckdb/node-api: DuckDB's CSV sniffer, the independent reading the probe's
# conformance corpus (tests/probe_corpus.py) is checked against.
npm_tool npm-duckdb @duckdb/node-api 1.5.6-r.1
DS_DUCKDB_NODE="$top/_build/npm-duckdb/node_modules"
# rdf-validate-shacl: the independent SHACL engine that checks the DCAT export
# against the DCAT-AP shapes (tests/dcat_shacl.py).
npm_tool npm-shacl rdf-validate-shacl 0.6.5
DS_SHACL_NODE="$top/_build/npm-shacl/node_modules"
export DS_CSV_SPECTRUM DS_DUCKDB_NODE DS_SHACL_NODE
passed=0
# Count the test programs that passed in a build, and show each Check suite's tally.
tally() {
	for trs in "_build/$1"/tests/*.trs; do
		grep -q '^:test-result: PASS' "$trs" && passed=$((passed + 1))
	done
	grep -h '^[0-9]*%: Checks:' "_build/$1"/tests/*.log 2>/dev/null | sed "s/^/  $1: /" || :
}
build() { # build DIR CONFIGURE-ARGS...
	dir=$1; shift
	rm -rf "_build/$dir" && mkdir -p "_build/$dir"
	(cd "_build/$dir" && "$top/configure" -q "$@" && make -s -j"$jobs" && make -s -j"$jobs" check) || {
		for log in "_build/$dir"/tests/*.log; do
			[ -f "$log" ] && grep -qE '^(FAIL|ERROR)' "${log%.log}.trs" 2>/dev/null && { echo "---- $log"; tail -n 60 "$log"; }
		done
		return 1
	}
}

prefix="$top/_build/prefix"
step "gcc -Werror: build and make check"
# The slow tests (the probe on a 2 GiB file) run once, in this build only.
(DS_SLOW_TESTS=1 && export DS_SLOW_TESTS && build gcc CC=gcc CFLAGS="-O2 -g -Werror" --prefix="$prefix")
tally gcc

step "API reference: make docs (doxygen; a warning fails it)"
(cd _build/gcc && make -s docs)
passed=$((passed + 1))

step "install, then build a program with pkg-config alone"
rm -rf "$prefix"
(cd _build/gcc && make -s install >/dev/null)
PKG_CONFIG_PATH="$prefix/lib/pkgconfig" sh tests/installed.sh "$prefix"
passed=$((passed + 1))

step "pip install the Python bindings offline against it, and test the installed package"
PKG_CONFIG_PATH="$prefix/lib/pkgconfig" sh tests/python-installed.sh "$prefix"
passed=$((passed + 1))

step "fuzz: every harness for 20 s (clang libFuzzer, ASan, UBSan; make fuzz-nightly runs 600 s each)"
(cd _build/gcc && make -s fuzz-check)
passed=$((passed + 1))

step "ABI: make check-abi against abi/libdatasset.abi"
(cd _build/gcc && make -s check-abi)
passed=$((passed + 1))

step "valgrind memcheck: make check-valgrind"
# Prints the failing programs' logs itself (tests/valgrind/NAME.log).
(cd _build/gcc && make -s check-valgrind VALGRIND_JOBS="$jobs")
passed=$((passed + 1))

step "clang -Werror: build and make check"
build clang CC=clang CFLAGS="-O2 -g -Werror"
tally clang

step "AddressSanitizer + UndefinedBehaviorSanitizer: make check"
# Sanitized code runs 2-5x slower: Check's per-test timeouts are tripled for this build.
CK_TIMEOUT_MULTIPLIER=3 ASAN_OPTIONS=detect_leaks=1:abort_on_error=0 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
	build asan CC=gcc CFLAGS="-O1 -g -fno-omit-frame-pointer -fsanitize=address,undefined -fno-sanitize-recover=all" \
	LDFLAGS="-fsanitize=address,undefined"
tally asan

step "make distcheck"
(cd _build/gcc && make -s -j"$jobs" distcheck >/dev/null)
echo "distcheck: passed"
passed=$((passed + 1))

step "formatting"
sh scripts/check-format.sh
passed=$((passed + 1))

printf '\nall tests passed\n'
echo "test-all: $passed passed, 0 failed"
