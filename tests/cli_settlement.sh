#!/bin/sh
# datasset settle: the bundled worked examples of revenue-sharing.md, output
# formats, schema validity, diagnostics and exit status.
# Run by automake with top_builddir and top_srcdir set; runnable by hand too:
#   top_builddir=. sh tests/cli_settlement.sh
# SPDX-License-Identifier: MIT

top_srcdir=${top_srcdir:-.}
. "$top_srcdir/tests/cli_lib.sh"

# has PATTERN ARGS...: success, nothing on stderr, a line of stdout matching the grep pattern.
has() {
	want=$1
	shift
	run "$@"
	if [ "$status" = 0 ] && [ -z "$err" ] && printf '%s\n' "$out" | grep -q -- "$want"; then
		report "$(label "$@") has '$want'" yes
	else
		report "$(label "$@") has '$want'" no "status $status${nl}stdout: $out${nl}stderr: $err"
	fi
}

# fails_with PATTERN ARGS...: exit 1, nothing on stdout, stderr matching the grep pattern.
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

data="$top_srcdir/examples/data"
mar="$data/settlement-mar.xml"
share="$data/settlement-share.xml"
remit="$data/settlement-share-remit.xml"

help "Usage: datasset settle FILE.xml [--format text|csv|xml] [--no-bom] [--registry DB]" settle --help
usage "missing FILE" settle
usage "expected one FILE, got 2" settle "$mar" "$share"
usage "--format must be text, csv or xml, not 'pdf'" settle "$mar" --format pdf
usage "--bom applies to --format csv only" settle "$mar" --bom
usage "--no-bom applies to --format csv only" settle "$mar" --no-bom

# ---- worked example 1: MAR 8,576,000.00; tiers; E = 672,000.00 over three years
has "最高准许收入 MAR  *8,576,000.00" settle "$mar"
has "2025  *9,300,000.00  *8,576,000.00  *724,000.00  *8.44  operator adjusts" settle "$mar"
has "2026 .* 10.77  授权主体 adjusts the ceilings" settle "$mar"
has "2027 .* -11.38  授权主体 adjusts the ceilings" settle "$mar"
has "excess E 672,000.00" settle "$mar"
has "year 3 *deducted *224,000.00  net MAR *8,352,000.00" settle "$mar"
has '<year year="2025" actual="9300000.00" mar="8576000.00" deviation="724000.00" ratio="181/2144" percent="8.44" tier="operator_adjusts_price"/>' settle "$mar" --format xml
has '^year,,2026,authority_adjusts_ceiling,' settle "$mar" --format csv

# ---- worked example 2, both remainder orders
has "1 .*某市属医院.*retain .*16,460.91$" settle "$share"
has "3 .*市卫健委.*treasury .*49,382.71  (took remainder -0.01)" settle "$share"
has "to the treasury (非税收入) *131,687.24" settle "$share"
has "entries of 市公安局: Dr 1002 银行存款 / Cr 2103 应缴财政款 82,304.53; remitted Dr 2103 / Cr 1002 82,304.53" settle "$share"
has "entries of 某市属医院: Dr 1002 银行存款 / Cr 4609 其他收入 16,460.91; budget Dr 8001 资金结存 / Cr 6609 其他预算收入 16,460.91" settle "$share"
has "operator keeps G − F *1,086,419.74" settle "$share"
has "1 .*市公安局.*treasury .*82,304.53$" settle "$remit"
has "2 .*市卫健委.*treasury .*49,382.72$" settle "$remit"
has "3 .*某市属医院.*treasury .*16,460.90  (took remainder -0.01)" settle "$remit"
has '^line,YB-2025Q3,3,市卫健委,G02,admin_unit,treasury,3000,1/3,2962963/60,49382.71,-0.01,took_remainder' settle "$share" --format csv

for opt in "" --bom; do
	run settle "$share" --format csv $opt
	if [ "$(printf '%s' "$out" | head -c 3 | od -An -tx1 | tr -d ' ')" = efbbbf ]; then
		report "CSV${opt:+ $opt} starts with a byte order mark (the default, for Excel)" yes
	else
		report "CSV${opt:+ $opt} starts with a byte order mark (the default, for Excel)" no "$(printf '%s' "$out" | head -c 16 | od -c)"
	fi
done
run settle "$share" --format csv --no-bom
if [ "$status" = 0 ] && [ -n "$out" ] && [ "$(printf '%s' "$out" | head -c 3 | od -An -tx1 | tr -d ' ')" != efbbbf ]; then
	report "CSV --no-bom has no byte order mark" yes
else
	report "CSV --no-bom has no byte order mark" no "status $status: $(printf '%s' "$out" | head -c 16 | od -c)"
fi

# ---- XML output and the bundled inputs validate against the schema (when xmllint is there)
if command -v xmllint >/dev/null 2>&1; then
	for f in "$mar" "$share" "$remit"; do
		"$prog" settle "$f" --format xml >"$work/statement.xml"
		if xmllint --noout --schema "$top_srcdir/schemas/settlement.xsd" "$work/statement.xml" 2>"$work/lint" &&
			xmllint --noout --schema "$top_srcdir/schemas/settlement.xsd" "$f" 2>>"$work/lint"; then
			report "$(basename "$f") and its statement validate" yes
		else
			report "$(basename "$f") and its statement validate" no "$(cat "$work/lint")"
		fi
	done
fi

# ---- refusals name the line and the field
cat >"$work/weight.xml" <<'XML'
<settlement xmlns="urn:datasset:settlement:1">
  <pool id="P" type="fixed" amount="10.00">
    <party id="A" kind="company" weight="1"/>
    <party id="B" kind="admin_unit" weight="-2"/>
  </pool>
</settlement>
XML
fails_with "line 4, settlement/pool/party\[2\]/@weight: pool 'P'/party 'B'/weight" settle "$work/weight.xml"
sed 's/weight="-2"/weight="0"/; s/weight="1"/weight="0"/' "$work/weight.xml" >"$work/zero.xml"
fails_with "pool 'P'/party: the weights are all zero" settle "$work/zero.xml"
sed "s/$(printf '%s' 'share="12%"')/share=\"1.2\"/" "$share" >"$work/share.xml"
fails_with "line 6, settlement/pool/@share: pool 'YB-2025Q3'/share: k must be above 0 and at most 1" settle "$work/share.xml"
sed 's/type="fixed" amount="10.00"/type="fixed" income="9.99" amount="10.00"/' "$work/weight.xml" >"$work/above.xml"
fails_with "line 2, settlement/pool/@amount: pool 'P'/amount: the fee is above the pool's income" settle "$work/above.xml"
sed 's/rate="4.00%"/rate="6.01%"/' "$mar" >"$work/markup.xml"
fails_with "settlement/mar/markup/@rate: mar/markup: 0.0601 is outside 0 to 0.06" settle "$work/markup.xml"
sed 's/inst-use-income="retain"//' "$share" >"$work/inst.xml"
fails_with "inst_use_income: pool 'YB-2025Q3' has 事业单位 party 'H01'" settle "$work/inst.xml"
fails_with "no-such.xml" settle "$work/no-such.xml"

# ---- --registry appends the statement to the registry's transparency log: the
# entry is the log's next one (its size before, from the signed checkpoint's second line)
"$prog" registry init --db "$work/r.db" --name 测试登记平台 --region 370100 >/dev/null 2>&1
size=$("$prog" log head --db "$work/r.db" | sed -n 2p)
run settle "$share" --registry "$work/r.db" --format csv
if [ "$status" = 0 ] && [ "$err" = "datasset settle: logged as entry $size of $work/r.db" ] && [ -n "$out" ]; then
	report "settle --registry logs the statement as entry $size" yes
else
	report "settle --registry logs the statement as entry $size" no "status $status${nl}stderr: $err"
fi
run settle "$share" --registry "$work/r.db"
if [ "$status" = 0 ] && [ "$err" = "datasset settle: logged as entry $((size + 1)) of $work/r.db" ] &&
	[ "$("$prog" log head --db "$work/r.db" | sed -n 2p)" = $((size + 2)) ]; then
	report "a second statement is the next entry" yes
else
	report "a second statement is the next entry" no "status $status${nl}stderr: $err"
fi
fails_with "registry" settle "$share" --registry "$work/none/r.db"

echo "cli_settlement: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
