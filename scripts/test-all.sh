#!/bin/sh
# The whole test suite, as CI runs it (README command 2):
#   1. gcc, -Werror: build, make check (with the slow tests: DS_SLOW_TESTS=1)
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

# csv-spectrum (npm): RFC 4180 edge cases with their expected parse, for
# tests/csv_spectrum.py. Installed once into a scratch folder, version pinned.
CSV_SPECTRUM_VERSION=2.0.0
DS_CSV_SPECTRUM="$top/_build/npm/node_modules/csv-spectrum"
if ! grep -q "\"version\": \"$CSV_SPECTRUM_VERSION\"" "$DS_CSV_SPECTRUM/package.json" 2>/dev/null; then
	step "npm: csv-spectrum@$CSV_SPECTRUM_VERSION"
	mkdir -p "$top/_build/npm"
	npm install --prefix "$top/_build/npm" --no-save --no-audit --no-fund --loglevel=error \
		"csv-spectrum@$CSV_SPECTRUM_VERSION" >/dev/null
fi
export DS_CSV_SPECTRUM
# @duckdb/node-api (npm): DuckDB's CSV sniffer, the independent reading the
# probe's conformance corpus (tests/probe_corpus.py) is checked against.
# Its own folder: a --no-save install prunes what it did not install.
DUCKDB_NODE_VERSION=1.5.6-r.1
DS_DUCKDB_NODE="$top/_build/npm-duckdb/node_modules"
if ! grep -q "\"version\": \"$DUCKDB_NODE_VERSION\"" "$DS_DUCKDB_NODE/@duckdb/node-api/package.json" 2>/dev/null; then
	step "npm: @duckdb/node-api@$DUCKDB_NODE_VERSION"
	mkdir -p "$top/_build/npm-duckdb"
	npm install --prefix "$top/_build/npm-duckdb" --no-save --no-audit --no-fund --loglevel=error \
		"@duckdb/node-api@$DUCKDB_NODE_VERSION" >/dev/null
fi
export DS_DUCKDB_NODE
# rdf-validate-shacl (npm): the independent SHACL engine that checks the DCAT
# export against the DCAT-AP shapes (tests/dcat_shacl.py). Own folder too.
SHACL_VERSION=0.6.5
DS_SHACL_NODE="$top/_build/npm-shacl/node_modules"
if ! grep -q "\"version\": \"$SHACL_VERSION\"" "$DS_SHACL_NODE/rdf-validate-shacl/package.json" 2>/dev/null; then
	step "npm: rdf-validate-shacl@$SHACL_VERSION"
	mkdir -p "$top/_build/npm-shacl"
	npm install --prefix "$top/_build/npm-shacl" --no-save --no-audit --no-fund --loglevel=error \
		"rdf-validate-shacl@$SHACL_VERSION" >/dev/null
fi
export DS_SHACL_NODE
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
ASAN_OPTIONS=detect_leaks=1:abort_on_error=0 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
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
