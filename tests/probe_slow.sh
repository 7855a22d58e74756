#!/bin/sh
# The probe in bounded memory on a generated 2 GiB CSV: peak RSS under 64 MiB.
# Slow (a minute or so), so it runs only when DS_SLOW_TESTS=1 (scripts/test-all.sh
# sets it for the gcc build only); otherwise it is skipped (exit 77).
# SPDX-License-Identifier: MIT
top_builddir=${top_builddir:-.}
if [ "${DS_SLOW_TESTS:-0}" != 1 ]; then
	echo "probe_slow: skipped (set DS_SLOW_TESTS=1 to run)"
	exit 77
fi
dir=$(mktemp -d "${TMPDIR:-/tmp}/datasset-probe-slow.XXXXXX") || exit 1
trap 'rm -rf "$dir"' EXIT
trap 'exit 1' HUP INT TERM
if "$top_builddir/tests/probe_memory_driver" "$dir/big.csv" "${DS_PROBE_SLOW_MIB:-2048}" 64; then
	echo "probe_slow: 1 passed, 0 failed"
else
	echo "probe_slow: 0 passed, 1 failed"
	exit 1
fi
