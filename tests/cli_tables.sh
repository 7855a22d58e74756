#!/bin/sh
# Tables for spreadsheets: CSV that opens right in Excel (BOM by default,
# --no-bom, GBK through iconv, a character GBK lacks refused naming its row and
# column, text Excel would reinterpret kept as text, one table per file) and
# workbooks read back with openpyxl (tests/tables_check.py): every figure the
# CSV export's, every SUM's cached value the sum of its range.
# Run by automake with top_builddir and top_srcdir set.
# SPDX-License-Identifier: MIT

top_srcdir=${top_srcdir:-.}
. "$top_srcdir/tests/cli_lib.sh"

book="$top_srcdir/examples/data/ledger-book.xml"
cr=$(printf '\r')
bom=$(printf '\357\273\277')

# has ARGS... -- a fixed line expected in the CSV on stdout.
first_bytes() { head -c 3 "$work/out" | od -An -tx1 | tr -d ' \n'; }

# ---- CSV: the byte order mark
run ledger schedule --cost 100 --months 3 --start 2024-12 --format csv
report "CSV starts with a UTF-8 BOM by default" "$([ "$status" = 0 ] && [ "$(first_bytes)" = efbbbf ] && echo yes)" "$out"
default=$out
run ledger schedule --cost 100 --months 3 --start 2024-12 --format csv --bom
report "--bom is accepted and changes nothing" "$([ "$status" = 0 ] && [ "$out" = "$default" ] && echo yes)" "$out"
run ledger schedule --cost 100 --months 3 --start 2024-12 --format csv --no-bom
report "--no-bom: no BOM" "$([ "$status" = 0 ] && [ "$(first_bytes)" != efbbbf ] && [ "$bom$out" = "$default" ] && echo yes)" "$out"

# ---- CSV: text Excel would turn into a date or a number is written ="text"
want="\"=\"\"2025-02\"\"\",33.34,33.34,100.00,0.00,0.00,是$cr"
report "a month is written =\"2025-02\" (Excel keeps it as text)" \
	"$(printf '%s\n' "$out" | grep -qxF -- "$want" && echo yes)" "$out"
run ledger run "$book" --period 2024 --what entries --format csv --no-bom
report "an account code is a plain number (1701), a date is guarded" \
	"$(printf '%s\n' "$out" | grep -q '^记-1,"=""2024-01-05""",X1,购入,1701,无形资产—数据资源,720000.00,' && echo yes)" "$out"
run ledger schedule --cost 100 --months 3 --start 2024-12 --format csv --no-bom --excel-text no
report "--excel-text no writes 2025-02 as it is" \
	"$(printf '%s\n' "$out" | grep -qxF -- "2025-02,33.34,33.34,100.00,0.00,0.00,是$cr" && echo yes)" "$out"

# ---- CSV: one table per file
run ledger run "$book" --period 2024 --format csv
report "disclosure CSV to stdout asks for --table, naming the tables" \
	"$([ "$status" = 2 ] && [ -z "$out" ] && printf '%s' "$err" | grep -q '1 表1, 2 表2, 3 其他披露, 4 披露明细' && echo yes)" "$err"
run ledger run "$book" --period 2024 --format csv --table 5
report "--table 5 of 4 is a usage error" "$([ "$status" = 2 ] && [ -z "$out" ] && echo yes)" "$err"
run ledger run "$book" --period 2024 --format csv --table 表9
report "--table 表9 names the tables" \
	"$([ "$status" = 2 ] && printf '%s' "$err" | grep -q "no table named '表9'" && echo yes)" "$err"
run ledger run "$book" --period 2024 --format csv --table 表1 --no-bom
t1=$out
run ledger run "$book" --period 2024 --format csv --table 1 --no-bom
report "--table 1 and --table 表1 are the same table" "$([ "$status" = 0 ] && [ "$out" = "$t1" ] && echo yes)"
cols=$(printf '%s\n' "$t1" | awk -F, '{ print NF }' | sort -u | tr '\n' ' ')
report "table 1 has 5 columns on every line" "$([ "$cols" = "5 " ] && echo yes)" "$cols"
run ledger run "$book" --period 2024 --format csv --out "$work/d.csv"
report "--out writes one file per table" \
	"$([ "$status" = 0 ] && [ -s "$work/d-表1.csv" ] && [ -s "$work/d-表2.csv" ] && [ -s "$work/d-其他披露.csv" ] && [ -s "$work/d-披露明细.csv" ] && echo yes)" "$err"

# ---- CSV: GBK
for what in "entries --table 1" "disclosure --table 表1" "disclosure --table 披露明细" "schedule --table 1"; do
	# shellcheck disable=SC2086
	"$prog" ledger run "$book" --period 2024 --what $what --format csv --encoding gbk >"$work/gbk.csv" 2>"$work/err"
	s1=$?
	# shellcheck disable=SC2086
	"$prog" ledger run "$book" --period 2024 --what $what --format csv --no-bom >"$work/utf8.csv"
	iconv -f GBK -t UTF-8 "$work/gbk.csv" >"$work/back.csv"
	report "--what $what --encoding gbk round-trips through iconv -f GBK -t UTF-8" \
		"$([ "$s1" = 0 ] && cmp -s "$work/back.csv" "$work/utf8.csv" && ! cmp -s "$work/gbk.csv" "$work/utf8.csv" && echo yes)"
done
sed 's/质押给济南某银行/质押给济南某银行（한국）/' "$book" >"$work/book-hangul.xml"
run ledger run "$work/book-hangul.xml" --period 2024 --format csv --table 披露明细 --encoding gbk
report "a character GBK lacks is refused, naming the line, row and column" \
	"$([ "$status" = 1 ] && [ -z "$out" ] && printf '%s' "$err" | grep -q "line 2 (row 1), column 6 (受限情况): '한' (U+D55C) has no GBK code" && echo yes)" "$err"
run ledger run "$work/book-hangul.xml" --period 2024 --format csv --table 披露明细
report "the same table in UTF-8 is written" "$([ "$status" = 0 ] && printf '%s' "$out" | grep -q '한국' && echo yes)" "$err"
run ledger run "$book" --period 2024 --format csv --table 1 --encoding latin1
report "--encoding latin1 is a usage error" "$([ "$status" = 2 ] && echo yes)" "$err"

run value income --rate 10% --flows "1,000,000;1,200,000" --format csv --no-trace
report "value --format csv --no-trace is a usage error" "$([ "$status" = 2 ] && echo yes)" "$err"
run value income --rate 10% --flows "1,000,000;1,200,000" --sensitivity --format csv --table 敏感性分析 --no-bom
report "value income --sensitivity --format csv: the grid, rate changes kept as text" \
	"$([ "$status" = 0 ] && printf '%s\n' "$out" | grep -qxF "\"=\"\"-0.02\"\"\",$(printf '%s' "$out" | sed -n 2p | cut -d, -f2-)" && printf '%s\n' "$out" | grep -q '^0,' && echo yes)" "$out"

# ---- options that belong to csv/xlsx
run ledger run "$book" --period 2024 --format text --no-bom
report "--no-bom with --format text is a usage error" "$([ "$status" = 2 ] && echo yes)" "$err"
run ledger run "$book" --period 2024 --format xlsx
report "--format xlsx without --out is a usage error" \
	"$([ "$status" = 2 ] && printf '%s' "$err" | grep -q 'needs --out FILE' && echo yes)" "$err"

# ---- workbooks
run ledger schedule --cost 100 --months 3 --start 2024-12 --format xlsx --out "$work/s.xlsx"
if [ "$status" = 1 ] && printf '%s' "$err" | grep -q 'built without libxlsxwriter'; then
	report "without libxlsxwriter, --format xlsx says so" yes
	echo "cli_tables: $passed passed, $failed failed (workbooks skipped: built without libxlsxwriter)"
	[ "$failed" -eq 0 ] || exit 1
	exit 77
fi
if ! /usr/bin/python3 -c 'import openpyxl' 2>/dev/null; then
	echo "cli_tables: $passed passed, $failed failed (workbooks skipped: no python3-openpyxl)"
	[ "$failed" -eq 0 ] || exit 1
	exit 77
fi

# check NAME ARGS...: write the part as xlsx and as CSV files, and compare them with openpyxl.
check_book() {
	name=$1
	shift
	rm -f "$work"/t*.csv "$work/t.xlsx"
	"$prog" "$@" --format xlsx --out "$work/t.xlsx" 2>"$work/err" &&
		"$prog" "$@" --format csv --out "$work/t.csv" 2>>"$work/err"
	set --
	for sheet in $name; do
		if [ -f "$work/t-$sheet.csv" ]; then set -- "$@" "$sheet=$work/t-$sheet.csv"; else set -- "$@" "$sheet=$work/t.csv"; fi
	done
	if /usr/bin/python3 "$top_srcdir/tests/tables_check.py" "$work/t.xlsx" "$@" >"$work/check" 2>&1; then
		report "workbook $name reads back as its CSV files (openpyxl): $(tail -1 "$work/check")" yes
	else
		report "workbook $name reads back as its CSV files (openpyxl)" no "$(grep -v '^ok' "$work/check")$(cat "$work/err")"
	fi
}
check_book "表1 表2 其他披露 披露明细" ledger run "$book" --period 2024 --what disclosure
check_book "表1 表2 其他披露 披露明细" ledger run "$book" --period 2025 --what disclosure
check_book "记账凭证" ledger run "$book" --period 2024 --what entries
check_book "摊销明细" ledger run "$book" --period 2024 --what schedule
check_book "资产负债表" ledger run "$book" --period 2025 --what balance
check_book "摊销明细" ledger schedule --cost 1,000,000 --months 36 --start 2024-03
check_book "奖补名单 奖补汇总" policy evaluate "$top_srcdir/tests/fixtures/policy/worked-example.xml"
check_book "奖补名单 奖补汇总" policy evaluate "$top_srcdir/examples/data/applications.xml"
check_book "评估结论 输入 计算过程 敏感性分析" value "$top_srcdir/examples/data/valuation.xml"
check_book "评估结论 输入 计算过程" value "$top_srcdir/examples/data/valuation-gjj.xml"
check_book "输入 计算过程 敏感性分析" value income --rate 10% --flows "1,000,000;1,200,000;1,300,000" --sensitivity
check_book "输入 计算过程" value cost --components "120000;300000;80000;0;6000" --delta 0.9
check_book "输入 计算过程" value market --comparable 1000000:1.1:1:1:0.95:1 --comparable 1200000:1:1.05:1:1:1

# The checker itself fails on a figure that differs (a test that can fail).
"$prog" ledger run "$book" --period 2024 --format xlsx --out "$work/d.xlsx"
sed '0,/1968000.00/s//1968000.01/' "$work/d-表1.csv" >"$work/bad.csv"
/usr/bin/python3 "$top_srcdir/tests/tables_check.py" "$work/d.xlsx" "表1=$work/bad.csv" >"$work/check" 2>&1
report "the checker refuses a CSV figure one fen off" \
	"$([ $? = 1 ] && grep -q '^FAIL - 表1: every cell' "$work/check" && echo yes)" "$(cat "$work/check")"

# A failed workbook leaves an existing file as it was.
printf 'keep' >"$work/keep.xlsx"
run ledger run "$work/missing.xml" --period 2024 --format xlsx --out "$work/keep.xlsx"
report "a failing run leaves --out untouched" "$([ "$status" = 1 ] && [ "$(cat "$work/keep.xlsx")" = keep ] && echo yes)"
run ledger run "$book" --period 2024 --format xlsx --out "$work/no/such/dir/x.xlsx"
report "an unwritable --out fails with a message" \
	"$([ "$status" = 1 ] && printf '%s' "$err" | grep -q 'cannot write the workbook' && echo yes)" "$err"

echo "cli_tables: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
