#!/bin/sh
# Exponent forms in documents (#18: "exponent forms accepted wherever a decimal
# literal is"): a valuation, a ledger and a settlement document with their
# numbers written as 1.25e6, 8.5e0%, 2.6E+6, 105e-2 give exactly the output of
# the plain document; a written value that is not exact to the fen, or past the
# literal limits, is refused naming the line and field.
# SPDX-License-Identifier: MIT
. "${top_srcdir:-.}/tests/cli_lib.sh"
data="$top_srcdir/examples/data"

# same PLAIN EXP ARGS...: `datasset ARGS... PLAIN` and `... EXP` succeed with the same output.
same() {
	plain=$1 exp=$2
	shift 2
	"$prog" "$@" "$plain" >"$work/a" 2>&1
	sa=$?
	"$prog" "$@" "$exp" >"$work/b" 2>&1
	sb=$?
	if [ $sa = 0 ] && [ $sb = 0 ] && cmp -s "$work/a" "$work/b" && ! cmp -s "$plain" "$exp"; then
		report "datasset $* with exponent forms = plain ($(basename "$plain"))" yes
	else
		report "datasset $* with exponent forms = plain ($(basename "$plain"))" no "status $sa/$sb$nl$(diff "$work/a" "$work/b" | head -n 5)"
	fi
}
# refused PATTERN ARGS...: exit 1 and stderr matching PATTERN.
refused() {
	pattern=$1
	shift
	run "$@"
	if [ "$status" = 1 ] && printf '%s\n' "$err" | grep -q -- "$pattern"; then
		report "$(label "$@") refused: $pattern" yes
	else
		report "$(label "$@") refused: $pattern" no "status $status${nl}stderr: $err"
	fi
}

sed 's/income="1250000.00"/income="1.25e6"/; s/rate="8.5%"/rate="8.5e0%"/; s/amount="2600000"/amount="2.6E+6"/; s/value="1.05"/value="105e-2"/' \
	"$data/valuation-gjj.xml" >"$work/valuation.xml"
same "$data/valuation-gjj.xml" "$work/valuation.xml" value
same "$data/valuation-gjj.xml" "$work/valuation.xml" value --format xml
sed 's/income="1250000.00"/income="1e1001"/' "$data/valuation-gjj.xml" >"$work/v-big.xml"
refused "line 13.*exponent magnitude exceeds 1000" value "$work/v-big.xml"

sed 's/amount="1200000.00" vat="72000.00"/amount="1.2e6" vat="7.2E+4"/; s/value="600000.00"/value="6e5"/' \
	"$data/ledger-book.xml" >"$work/book.xml"
for period in 2024 2025; do
	same "$data/ledger-book.xml" "$work/book.xml" ledger run --period $period --what entries
	same "$data/ledger-book.xml" "$work/book.xml" ledger run --period $period --what disclosure
done
sed 's/amount="1200000.00" vat="72000.00"/amount="1.2e6" vat="7.2345E+1"/' "$data/ledger-book.xml" >"$work/b-fen.xml"
refused "line 17, ledger/asset\[1\]/cost\[1\]/@vat: amount '7.2345E+1' is not in whole fen" ledger run "$work/b-fen.xml"
sed 's/amount="1200000.00" vat="72000.00"/amount="1200000.001" vat="72000.00"/' "$data/ledger-book.xml" >"$work/b-plain.xml"
refused "line 17, ledger/asset\[1\]/cost\[1\]/@amount: amount '1200000.001' is not in whole fen" ledger run "$work/b-plain.xml"

sed 's/amount="7400000.00"/amount="7.4e6"/; s/amount="120000.00"/amount="1.2E+5"/' "$data/settlement-mar.xml" >"$work/mar.xml"
same "$data/settlement-mar.xml" "$work/mar.xml" settle
same "$data/settlement-mar.xml" "$work/mar.xml" settle --format csv
sed 's/amount="7400000.00"/amount="7.400000001e6"/' "$data/settlement-mar.xml" >"$work/m-fen.xml"
refused "line 6, settlement/mar/cost\[1\]/@amount.*exact to the fen" settle "$work/m-fen.xml"

echo "cli_exponent: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
