#!/bin/sh
# The trace printed by `datasset value` (quick forms and the two fixture
# documents, text and XML) against the output of the eager trace, kept in
# tests/fixtures/valuation/trace-eager/: the trace is now recorded cheaply and
# formatted on demand, and must read byte for byte as it did.
# SPDX-License-Identifier: MIT

top_srcdir=${top_srcdir:-.}
. "$top_srcdir/tests/cli_lib.sh"

gold="$top_srcdir/tests/fixtures/valuation/trace-eager"

# same EXPECTED-FILE ARGS...: stdout and stderr together equal the file.
same() {
	want=$1
	shift
	"$prog" "$@" >"$work/actual" 2>&1
	if cmp -s "$want" "$work/actual"; then
		report "$(label "$@")" yes
	else
		report "$(label "$@")" no "$(diff "$want" "$work/actual" | head -20)"
	fi
}

n=0
while IFS= read -r line; do
	case $line in
	"" | "#"*) continue ;;
	esac
	n=$((n + 1))
	eval "set -- $line"
	same "$gold/cli-$n.txt" value "$@"
done <"$gold/cli-commands.txt"
for doc in example all-forms; do
	same "$gold/$doc.text" value --format text "$top_srcdir/tests/fixtures/valuation/$doc.xml"
	same "$gold/$doc.xml" value --format xml "$top_srcdir/tests/fixtures/valuation/$doc.xml"
done

echo "cli_valuation_trace: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
