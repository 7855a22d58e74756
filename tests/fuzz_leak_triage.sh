#!/bin/sh
# fuzz/raptor-leak.sh decides which leak reports make fuzz-check lets pass as
# raptor's own (allocated and lost inside raptor's parser): only a report whose
# every block is, never one with a block of ours. Canned reports in
# tests/fixtures/lsan/ (one taken from raptor 2.0.15's N-Triples parser).
# SPDX-License-Identifier: MIT
top_srcdir=${top_srcdir:-.}
dir="$top_srcdir/tests/fixtures/lsan"
failed=0
expect() { # FIXTURE STATUS
	if sh "$top_srcdir/fuzz/raptor-leak.sh" <"$dir/$1.txt"; then got=0; else got=1; fi
	if [ "$got" = "$2" ]; then echo "ok   $1"; else echo "FAIL $1: status $got, expected $2"; failed=1; fi
}
expect raptor-own 0
expect ours-under-handler 1
expect ours-direct 1
expect none 1
exit $failed
