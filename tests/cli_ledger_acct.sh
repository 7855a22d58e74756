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

# 科目汇总表 of the fixture book, both periods: debits = credits, and each account's sums equal
# those of the journal entries (CSV of both, summed here by /usr/bin/python3).
fixture="$top_srcdir/tests/fixtures/ledger/book.xml"
for period in 2024 2025; do
	"$prog" ledger run "$fixture" --period $period --what trial-balance --format csv >"$work/tb.csv" 2>"$work/err"
	"$prog" ledger run "$fixture" --period $period --what entries --format csv >"$work/je.csv" 2>>"$work/err"
	if /usr/bin/python3 - "$work/tb.csv" "$work/je.csv" >"$work/py" 2>&1 <<'PY'; then
import csv, sys
from fractions import Fraction
tb = list(csv.reader(open(sys.argv[1], encoding="utf-8-sig", newline="")))
je = list(csv.reader(open(sys.argv[2], encoding="utf-8-sig", newline="")))
assert tb[0] == ["科目编码", "科目名称", "借方金额", "贷方金额"], tb[0]
F = lambda t: Fraction(t) if t else Fraction(0)
sums = {}
for row in je[1:]:
    if not row[4]:  # a voucher's 合计 line
        continue
    d = sums.setdefault((row[4], row[5]), [Fraction(0), Fraction(0)])
    d[0] += F(row[6]); d[1] += F(row[7])
lines = {(r[0], r[1]): [F(r[2]), F(r[3])] for r in tb[1:-1]}
assert lines == sums, (lines, sums)
total = tb[-1]
assert total[0] == "合计" and F(total[2]) == F(total[3]) == sum(v[0] for v in sums.values()) == sum(v[1] for v in sums.values()), total
PY
		report "ledger run --period $period --what trial-balance balances and ties to the entries" yes
	else
		report "ledger run --period $period --what trial-balance balances and ties to the entries" no "$(cat "$work/py" "$work/err")"
	fi
done
run ledger run "$fixture" --period 2024 --what trial-balance
if [ "$status" = 0 ] && printf '%s\n' "$out" | head -1 | grep -qx "科目汇总表  2024-01 至 2024-12" &&
	printf '%s\n' "$out" | grep -q "^2221      应交税费—应交增值税（进项税额）"; then
	report "ledger run --what trial-balance (text)" yes
else
	report "ledger run --what trial-balance (text)" no "status $status${nl}$out${nl}$err"
fi
if command -v xmllint >/dev/null 2>&1; then
	"$prog" ledger run "$fixture" --period 2025 --what trial-balance --format xml >"$work/tb.xml" 2>"$work/err"
	if xmllint --noout --schema "$top_srcdir/schemas/ledger.xsd" "$work/tb.xml" 2>"$work/lint"; then
		report "run --what trial-balance --format xml is valid" yes
	else
		report "run --what trial-balance --format xml is valid" no "$(cat "$work/lint" "$work/err")"
	fi
fi
usage "--what trial-balance is for an enterprise book (urn:datasset:ledger:1)" \
	ledger run "$top_srcdir/examples/data/public-sector-book.xml" --what trial-balance

echo "cli_ledger_acct: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
