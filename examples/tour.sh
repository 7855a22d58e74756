#!/bin/sh
# A short tour of the datasset CLI over examples/data/. Set DATASSET to the
# program (default: datasset on PATH).
set -eu
here=$(cd "$(dirname "$0")" && pwd)
ds=${DATASSET:-datasset}

say() { printf '\n$ datasset %s\n' "$*"; "$ds" "$@"; }

"$ds" --version

echo
echo "== Exact arithmetic: 0.1 + 0.2 is exactly 0.3, and 1/3 never pretends to be a decimal"
say calc 0.1 + 0.2
say calc --scale 10 1/3
say calc --scale 2 --round half-even 2.345

echo
echo "== Present value of the forecast in examples/data/cash-flows.txt at 8.5 % (收益法), to the fen"
expr=$(awk '!/^#/ && NF == 2 { printf "%s%s/1.085^%s", sep, $2, $1; sep = " + " }' "$here/data/cash-flows.txt")
say calc --scale 2 "$expr"

echo
echo "== 人民币大写 for the amounts in examples/data/invoice-amounts.txt"
grep -v '^#' "$here/data/invoice-amounts.txt" | while read -r amount; do
	printf '%14s  ' "$amount"
	"$ds" words -- "$amount"
done
say words --parse 人民币壹拾万零柒仟元伍角叁分
say words --date 2025-03-10

echo
echo "== 政务元数据: validate the bundled catalogue against the Jinan profile, search by pinyin initials"
say catalog validate "$here/data/catalog-jinan.xml" --profile jinan
printf '\n$ datasset catalog search catalog-jinan.xml zfgjj   (住房公积金)\n'
"$ds" catalog search "$here/data/catalog-jinan.xml" zfgjj | head -n 3

echo
echo "== 自动探查: probe a department's 住房公积金 extract (GB18030, detected), then next year's (UTF-8, new schema)"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
printf '\n$ datasset probe gjj-deposits.csv --update-cycle 每月 --as-of 2025-01-20 --out 2024.xml | head -n 12\n'
"$ds" probe "$here/data/gjj-deposits.csv" --update-cycle 每月 --as-of 2025-01-20 --out "$work/2024.xml" | head -n 12
"$ds" probe "$here/data/gjj-deposits-2025.csv" --update-cycle 每月 --as-of 2026-01-20 --out "$work/2025.xml" >/dev/null
say probe diff "$work/2024.xml" "$work/2025.xml"
printf '\n$ datasset probe to-catalog 2025.xml | head -n 12   (the 信息项 of a catalogue entry draft)\n'
"$ds" probe to-catalog "$work/2025.xml" | head -n 12

echo
echo "== 价值评估: the valuation document in examples/data/valuation.xml (first lines of the report)"
printf '\n$ datasset value valuation.xml\n'
"$ds" value "$here/data/valuation.xml" | head -n 8

echo
echo "== 入表: a 36-month amortisation schedule (the last line takes the rounding difference)"
printf '\n$ datasset ledger schedule --cost 1000000 --months 36 --start 2024-03 | tail -n 3\n'
"$ds" ledger schedule --cost 1000000 --months 36 --start 2024-03 | tail -n 3
say ledger run "$here/data/ledger-book.xml" --period 2024 --what balance

echo
echo "== 奖补: the Jinan 2025 rules applied to examples/data/applications.xml (programme 2)"
printf '\n$ datasset policy evaluate applications.xml --format csv | head -n 4\n'
"$ds" policy evaluate "$here/data/applications.xml" --format csv | head -n 4
