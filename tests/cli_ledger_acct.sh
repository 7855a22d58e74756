#!/bin/sh
# datasset ledger and settle: amounts in documents read as the CLI reads --cost (grouped,
# plain, exponent); a wrong amount is named by element, attribute and line; the trial balance.
# Run by automake with top_builddir and top_srcdir set; runnable by hand too:
#   top_builddir=. sh tests/cli_ledger_acct.sh
# SPDX-License-Identifier: MIT

top_srcdir=${top_srcdir:-.}
. "$top_srcdir/tests/cli_lib.sh"

# same_output ARGS_A -- ARGS_B: both succeed with identical stdout.
same_output() {
	a=""
	while [ "$1" != -- ]; do
		a="$a $1"
		shift
	done
	shift
	# shellcheck disable=SC2086
	"$prog" $a >"$work/a" 2>"$work/ae"
	sa=$?
	"$prog" "$@" >"$work/b" 2>"$work/be"
	sb=$?
	if [ "$sa" = 0 ] && [ "$sb" = 0 ] && [ -s "$work/a" ] && cmp -s "$work/a" "$work/b"; then
		report "datasset$a = $(label "$@")" yes
	else
		report "datasset$a = $(label "$@")" no "status $sa/$sb${nl}$(diff "$work/a" "$work/b" | head -5)$(cat "$work/ae" "$work/be")"
	fi
}

# refused PATTERN ARGS...: exit 1, nothing on stdout, stderr matching PATTERN, no schema pattern text.
refused() {
	pattern=$1
	shift
	run "$@"
	if [ "$status" = 1 ] && [ -z "$out" ] && printf '%s\n' "$err" | grep -q -- "$pattern" &&
		! printf '%s\n' "$err" | grep -q "pattern"; then
		report "$(label "$@") refused" yes
	else
		report "$(label "$@") refused" no "status $status${nl}stdout: $out${nl}stderr: $err${nl}  want: $pattern"
	fi
}

book() { # book FILE COST VAT
	cat >"$1" <<XML
<ledger xmlns="urn:datasset:ledger:1">
  <entity name="测试"/>
  <period start="2024-01" end="2024-12"/>
  <asset id="D1" name="数据集" class="intangible" origin="purchased" acquired="2024-03-15" life="60">
    <cost date="2024-03-15" category="price" amount="$2" vat="$3"/>
  </asset>
</ledger>
XML
}

book "$work/plain.xml" 800000.00 48000
book "$work/grouped.xml" 800,000.00 48,000.00
book "$work/exp.xml" 8e5 4.8e4
for what in entries disclosure; do
	same_output ledger run "$work/plain.xml" --what $what -- ledger run "$work/grouped.xml" --what $what
	same_output ledger run "$work/plain.xml" --what $what -- ledger run "$work/exp.xml" --what $what
done
same_output ledger schedule --cost 800000 --months 60 --start 2024-03 -- ledger schedule --cost 800,000.00 --months 60 --start 2024-03

book "$work/bad1.xml" 800,00.00 0
refused "^datasset ledger: line 5, ledger/asset/cost/@amount: '800,00.00' is not an amount in yuan (write it as 800000.00 or 800,000.00)" \
	ledger run "$work/bad1.xml"
book "$work/bad2.xml" 1 "48 000"
refused "^datasset ledger: line 5, ledger/asset/cost/@vat: '48 000' is not an amount in yuan" ledger run "$work/bad2.xml"
book "$work/bad3.xml" 100.005 0
refused "^datasset ledger: line 5, ledger/asset/cost/@amount: amount '100.005' is not in whole fen" ledger run "$work/bad3.xml"
book "$work/bad4.xml" "" 0
refused "^datasset ledger: line 5, ledger/asset/cost/@amount: " ledger run "$work/bad4.xml"

# Settlement: the bundled 最高准许收入 example with grouped amounts gives the same statement.
mar="$top_srcdir/examples/data/settlement-mar.xml"
sed -e 's/amount="7400000.00"/amount="7,400,000.00"/' -e 's/amount="600000.00"/amount="600,000.00"/' \
	-e 's/amount="120000.00"/amount="120,000.00"/' "$mar" >"$work/mar-grouped.xml"
if cmp -s "$mar" "$work/mar-grouped.xml"; then
	report "settlement example has the amounts this test groups" no
else
	same_output settle "$mar" -- settle "$work/mar-grouped.xml"
fi
sed -e 's/amount="7400000.00"/amount="7,4000,000"/' "$mar" >"$work/mar-bad.xml"
refused "^datasset settle: line [0-9]*, settlement/mar/cost\[1\]/@amount: '7,4000,000' is not an amount in yuan" settle "$work/mar-bad.xml"
sed -e 's/amount="120000.00"/amount="-120000.00"/' "$mar" >"$work/mar-neg.xml"
refused "^datasset settle: line [0-9]*, settlement/.*taxes/@amount: negative amount '-120000.00'" settle "$work/mar-neg.xml"

echo "cli_ledger_acct: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
