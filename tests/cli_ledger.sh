#!/bin/sh
# datasset ledger: schedules, documents, output formats, diagnostics and exit status.
# Run by automake with top_builddir and top_srcdir set; runnable by hand too:
#   top_builddir=. sh tests/cli_ledger.sh
# SPDX-License-Identifier: MIT

top_srcdir=${top_srcdir:-.}
. "$top_srcdir/tests/cli_lib.sh"

# contains LINE ARGS...: success, nothing on stderr, LINE among the lines of stdout.
contains() {
	want=$1
	shift
	run "$@"
	if [ "$status" = 0 ] && [ -z "$err" ] && printf '%s\n' "$out" | grep -qxF -- "$want"; then
		report "$(label "$@") has '$want'" yes
	else
		report "$(label "$@") has '$want'" no "status $status${nl}stdout: $out${nl}stderr: $err"
	fi
}

# fails_with PATTERN ARGS...: exit 1, nothing on stdout, stderr matching the grep PATTERN.
fails_with() {
	pattern=$1
	shift
	run "$@"
	if [ "$status" = 1 ] && [ -z "$out" ] && printf '%s\n' "$err" | grep -q -- "$pattern"; then
		report "$(label "$@") fails" yes
	else
		report "$(label "$@") fails" no "status $status${nl}stdout: $out${nl}stderr: $err${nl}  want: $pattern"
	fi
}

book="$top_srcdir/tests/fixtures/ledger/book.xml"
cr=$(printf '\r')

# ---- help
help "Usage: datasset ledger schedule --cost AMOUNT --months N --start YYYY-MM [options]" ledger --help
help "Usage: datasset ledger schedule --cost AMOUNT --months N --start YYYY-MM [options]" ledger schedule -h
help "Usage: datasset ledger schedule --cost AMOUNT --months N --start YYYY-MM [options]" ledger run --help

# ---- schedule: accounting.md's 36 months, the last month takes the difference
contains "2027-02,27777.70,27777.70,1000000.00,0.00,0.00,是$cr" \
	ledger schedule --cost 1000000 --months 36 --start 2024-03 --format csv
contains "2024-03,1000000.00,27777.78,27777.78,0.00,972222.22,$cr" \
	ledger schedule --cost 1,000,000 --months 36 --start 2024-03 --format=csv
run ledger schedule --cost 1000000 --months 36 --start 2024-03 --format csv
lines=$(printf '%s\n' "$out" | wc -l | tr -d ' ')
regular=$(printf '%s\n' "$out" | grep -c ',27777.78,')
report "36-month schedule: 36 lines, 35 of 27,777.78" \
	"$([ "$lines" = 37 ] && [ "$regular" = 35 ] && echo yes)" "lines $lines, regular $regular"
ok "月份,期初账面价值,本月摊销,累计摊销,减值损失,期末账面价值,尾差调整$cr
2024-12,100.00,33.33,33.33,0.00,66.67,$cr
2025-01,66.67,33.33,66.66,0.00,33.34,$cr
2025-02,33.34,33.34,100.00,0.00,0.00,是$cr" ledger schedule --cost 100 --months 3 --start 2024-12 --format csv
# 1,248,000.00 over 60 months: 20,800.00 a month, last in 2029-02.
contains "2029-02           20,800.00         20,800.00      1,248,000.00              0.00              0.00  尾差调整" \
	ledger schedule --cost 1248000 --months 60 --start 2024-03
contains "合计                             1,248,000.00                                0.00" \
	ledger schedule --cost 1248000 --months 60 --start 2024-03
# A residual value, and derecognition: no charge in the month it leaves the books.
contains "2024-03,1000.00,75.00,75.00,0.00,925.00,$cr" \
	ledger schedule --cost 1000 --residual 100 --months 12 --start 2024-03 --format csv
run ledger schedule --cost 1200 --months 12 --start 2024-01 --derecognised 2024-07 --format csv
report "derecognised 2024-07: charges January to June" \
	"$([ "$(printf '%s\n' "$out" | tail -n 1)" = "2024-06,700.00,100.00,600.00,0.00,600.00,$cr" ] && echo yes)" "$out"
run ledger schedule --cost 100 --months 3 --start 2024-12 --format csv --bom
report "--bom starts with EF BB BF" "$(printf '%s' "$out" | head -c 3 | od -An -tx1 | tr -d ' \n' | grep -qx efbbbf && echo yes)" "$out"
run ledger schedule --cost 100 --months 3 --start 2024-12 --format xml
report "schedule XML" "$(printf '%s\n' "$out" | grep -q '<line month="2025-02" opening="33.34" charge="33.34" accumulated="100.00" impairment="0.00" closing="0.00" trueUp="true"/>' && echo yes)" "$out"

fails_with "^datasset ledger: start: '2024-13': month 13 is not 1 to 12$" \
	ledger schedule --cost 1 --months 3 --start 2024-13
fails_with "^datasset ledger: cost: an amount must be exact to the fen" \
	ledger schedule --cost 1.005 --months 3 --start 2024-01
fails_with "^datasset ledger: residual: residual value above the cost$" \
	ledger schedule --cost 1 --residual 2 --months 3 --start 2024-01
fails_with "^datasset ledger: derecognised: 2023-12 is before the first month 2024-01$" \
	ledger schedule --cost 1 --months 3 --start 2024-01 --derecognised 2023-12
usage "schedule needs --cost, --months and --start" ledger schedule --cost 1 --months 3
usage "--months must be an integer from 1 to 1200, not '0'" ledger schedule --cost 1 --months 0 --start 2024-01
usage "--months must be an integer from 1 to 1200, not '-6'" ledger schedule --cost 1 --months=-6 --start 2024-01
usage "--cost must be an amount in yuan (1,000,000.00), not '1万'" ledger schedule --cost 1万 --months 3 --start 2024-01
usage "--format must be text, csv or xml, not 'pdf'" ledger schedule --cost 1 --months 3 --start 2024-01 --format pdf
usage "--bom applies to --format csv only" ledger schedule --cost 1 --months 3 --start 2024-01 --bom
usage "schedule takes no operands ('extra')" ledger schedule --cost 1 --months 3 --start 2024-01 extra
usage "missing subcommand: schedule or run" ledger
usage "unknown subcommand 'bogus' (schedule, run or vouchers)" ledger bogus
usage "unknown option '--bogus'" ledger schedule --bogus

# ---- run: the fixture book
ok "存货—其中：数据资源                                     440,000.00
无形资产—其中：数据资源                               2,390,000.00
开发支出—其中：数据资源                                       0.00" ledger run "$book" --period 2024 --what balance
ok "项目,期末余额$cr
存货—其中：数据资源,0.00$cr
无形资产—其中：数据资源,1330400.00$cr
开发支出—其中：数据资源,0.00$cr" ledger run "$book" --period 2025-01..2025-12 --what balance --format csv
contains "1.期末账面价值                                      1,520,000.00                        270,000.00                        600,000.00        2,390,000.00" \
	ledger run "$book" --period 2024
contains "本期费用化研发支出                                      150,000.00" ledger run "$book" --period 2024 --what disclosure
contains "  D1            企业征信数据集                      1,040,000.00  剩余 50 个月  质押给济南某银行" \
	ledger run "$book" --period 2024 --what disclosure
contains "重要的单项数据资源,I1,,600000.00,48,$cr" ledger run "$book" --period 2024 --what disclosure --format csv
contains "D1              2024-12        1,060,800.00         20,800.00        208,000.00              0.00      1,040,000.00" \
	ledger run "$book" --period 2024 --what schedule
contains "(1),二、累计摊销,4.期末余额,448000.00,90000.00,240000.00,778000.00$cr" \
	ledger run "$book" --period 2024 --format csv

# Every entry of the ERP import balances: Σ 借方 = Σ 贷方 per voucher.
run ledger run "$book" --period 2024 --what entries --format csv
unbalanced=$(printf '%s\n' "$out" | tr -d '\r' | awk -F, 'NR > 1 { d[$1] += $7 * 100; c[$1] += $8 * 100; n[$1] = 1 }
	END { bad = 0; count = 0; for (v in n) { count++; if (d[v] != c[v]) bad++ } print bad " " count }')
report "2024 entries balanced ($unbalanced)" "$([ "$status" = 0 ] && [ "${unbalanced%% *}" = 0 ] && [ "${unbalanced#* }" = 58 ] && echo yes)" "$unbalanced"
contains "11,2024-03-15,D1,购入,1701,无形资产—数据资源,1200000.00,$cr" ledger run "$book" --period 2024 --what entries --format csv
contains "#57  2024-12-31  I1  减值" ledger run "$book" --period 2024 --what entries
contains "19,2025-05-10,D1,授权使用收入,1122,应收账款,53000.00,$cr" ledger run "$book" --period 2025 --what entries --format csv
contains "本期授权使用收入                                         50,000.00" ledger run "$book" --period 2025

# XML output validates against the schema, when xmllint is there.
if command -v xmllint >/dev/null 2>&1; then
	for part in schedule entries disclosure balance; do
		"$prog" ledger run "$book" --period 2025 --what $part --format xml >"$work/$part.xml" 2>"$work/err"
		if xmllint --noout --schema "$top_srcdir/schemas/ledger.xsd" "$work/$part.xml" 2>"$work/lint"; then
			report "run --what $part --format xml is valid" yes
		else
			report "run --what $part --format xml is valid" no "$(cat "$work/lint" "$work/err")"
		fi
	done
	if xmllint --noout --schema "$top_srcdir/schemas/ledger.xsd" "$book" 2>"$work/lint"; then
		report "the fixture book is valid" yes
	else
		report "the fixture book is valid" no "$(cat "$work/lint")"
	fi
fi

fails "$book names 2 reporting periods: choose one with --period" ledger run "$book"
fails "/nonexistent/book.xml: cannot open: No such file or directory" ledger run /nonexistent/book.xml --period 2024
fails "period/end: the period ends (2024-01) before it starts (2024-12)" ledger run "$book" --period 2024-12..2024-01
cat >"$work/reversal.xml" <<'XML'
<ledger xmlns="urn:datasset:ledger:1">
<entity name="E"/>
<asset id="A" class="intangible" origin="purchased" acquired="2024-01-01" life="60">
<cost date="2024-01-01" category="price" amount="1200000"/>
<impairment date="2024-12-31" recoverable="600000"/>
<impairment date="2025-06-30" recoverable="900000"/>
</asset>
</ledger>
XML
fails_with "^datasset ledger: line 6, ledger/asset/impairment\[2\]: .*CAS 8 does not allow" ledger run "$work/reversal.xml" --period 2024
usage "missing FILE" ledger run --period 2024
usage "expected one FILE, got 2" ledger run a.xml b.xml
usage "--period must be YYYY or YYYY-MM..YYYY-MM, not 'last year'" ledger run "$book" --period 'last year'
usage "--what must be schedule, entries, disclosure, balance, cards or figures, not 'all'" ledger run "$book" --what all
usage "--what cards is for a public-sector book (urn:datasset:ledger-gov:1)" ledger run "$book" --period 2024 --what cards
usage "--bom applies to --format csv only" ledger run "$book" --period 2024 --format xml --bom

# ---- a public-sector book (政府会计): the worked example of docs/ledger-gov.md
gov="$top_srcdir/examples/data/public-sector-book.xml"
contains "2026-06-15,财务会计,JN-EBILL-2024-01,处置,借,5301,资产处置费用,1104000.00$cr" \
	ledger run "$gov" --period 2026 --what entries --format csv
contains "2026-06-15,财务会计,JN-EBILL-2024-01,处置收入,贷,2103,应缴财政款,992000.00$cr" \
	ledger run "$gov" --period 2026 --what entries --format csv
contains "2025-01-20,预算会计,JN-EBILL-2024-01,开发支出,借,7101,行政支出,500000.00$cr" \
	ledger run "$gov" --period 2025 --what entries --format csv
contains "数据资产账面价值 (1701 − 1702),carrying,1224000.00$cr" ledger run "$gov" --period 2025 --format csv
contains "本期研究支出转费用,research-expensed,280000.00$cr" ledger run "$gov" --period 2024 --what figures --format csv
contains "  已上缴国库 1,142,000.00" ledger run "$gov" --period 2026 --what cards
contains "  剩余摊销月数 51" ledger run "$gov" --period 2025 --what cards
contains "  卡片编号 11370100MB00000007-2024-000001-0" ledger run "$gov" --period 2025 --what cards
if command -v xmllint >/dev/null 2>&1; then
	for what in entries cards figures; do
		"$prog" ledger run "$gov" --period 2026 --what $what --format xml >"$work/gov.xml" 2>"$work/lint"
		if xmllint --noout --schema "$top_srcdir/schemas/ledger-gov.xsd" "$work/gov.xml" 2>>"$work/lint"; then
			report "the public-sector $what XML is valid" yes
		else
			report "the public-sector $what XML is valid" no "$(cat "$work/lint")"
		fi
	done
	if xmllint --noout --schema "$top_srcdir/schemas/ledger-gov.xsd" "$gov" 2>"$work/lint"; then
		report "the bundled public-sector book is valid" yes
	else
		report "the bundled public-sector book is valid" no "$(cat "$work/lint")"
	fi
fi
fails "$gov names 3 reporting periods: choose one with --period" ledger run "$gov"
usage "a public-sector book has no 'schedule' part: use --what cards (each card's monthly charge and remaining months) or entries" \
	ledger run "$gov" --period 2025 --what schedule
sed 's|<remit date="2026-06-30" amount="992000.00"/>|<remit date="2026-06-30" amount="992000.01"/>|' "$gov" >"$work/over.xml"
fails_with "^datasset ledger: line [0-9]*, public-sector-book/asset/remit\[2\]/@amount: remitting 992,000.01 but 992,000.00 is owed" \
	ledger run "$work/over.xml" --period 2026
sed 's|<remit date="2025-12-25"|<pledge creditor="某银行"/><remit date="2025-12-25"|' "$gov" >"$work/pledge.xml"
fails_with "^datasset ledger: line [0-9]*, public-sector-book/asset/pledge: a 行政事业单位 may not use a data asset as security" \
	ledger run "$work/pledge.xml" --period 2025
sed 's| approval="[^"]*"||' "$gov" >"$work/noapproval.xml"
fails_with "public-sector-book/asset/disposal/@approval: a disposal needs the approval document" \
	ledger run "$work/noapproval.xml" --period 2026

echo "cli_ledger: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
