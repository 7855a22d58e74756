#!/bin/sh
# datasset policy: show, evaluate in three formats, diagnostics and exit status.
# Run by automake with top_builddir and top_srcdir set; runnable by hand too:
#   top_builddir=. top_srcdir=. sh tests/cli_policy.sh
# SPDX-License-Identifier: MIT

top_srcdir=${top_srcdir:-.}
. "$top_srcdir/tests/cli_lib.sh"


# contains NAME NEEDLE: the last run succeeded, stderr is empty and stdout contains NEEDLE.
contains() {
	case $out in
	*"$2"*) result=yes ;;
	*) result=no ;;
	esac
	[ "$status" = 0 ] && [ -z "$err" ] || result=no
	report "$1" $result "status $status${nl}stdout: $(printf '%s' "$out" | head -5)${nl}stderr: $err${nl}  want: $2"
}

top_srcdir=${top_srcdir:-.}
example="$top_srcdir/tests/fixtures/policy/worked-example.xml"

# ---- help and usage
help "Usage: datasset policy evaluate [--policy jinan-2025|FILE] [--format text|xml|csv|xlsx] [--out FILE] APPLICATIONS.xml" policy --help
usage "missing action (evaluate, explain or show)" policy
usage "unknown action 'award' (evaluate, explain or show)" policy award x.xml
usage "evaluate needs exactly one APPLICATIONS.xml" policy evaluate
usage "unknown format 'json' (valid: text, xml, csv, xlsx, machine-csv)" policy evaluate --format json x.xml
usage "--bom needs --format csv" policy evaluate --bom x.xml
usage "show takes at most one policy" policy show a b

# ---- show
run policy show
contains "policy show (default jinan-2025)" "Cap for ranks 1-5: 150,000"
run policy show jinan-2025
contains "policy show jinan-2025: programme 6" "Programme p6 — 企业数据资产入表奖补 (数据要素券)"
run policy show "$top_srcdir/schemas/policies/jinan-2025.xml"
contains "policy show FILE" "就高 (no double award, highest wins) among: p1 p2 p3 p4 p5 p6"
fails "no bundled policy 'shanghai-2025' (bundled: jinan-2025)" policy show shanghai-2025

# ---- evaluate: the worked example of domain/subsidy.md in the three formats
run policy evaluate "$example"
contains "evaluate text: A" "#1    91370100MA00000010 Provider A  granted  award 150,000.00  [caps: rank band 1-5: 150000]"
contains "evaluate text: B" "#7    91370100MA00000023 Provider B  granted  award 90,000.00"
contains "evaluate text: C" "91370100MA00000036 Provider C  not eligible: cumulative 场内 trade amount ≥ 1,000,000: not met (applicant.trade_total = 950000)"
contains "evaluate text: total" "Total awarded: 915,000.00"
run policy evaluate --format machine-csv "$example"
contains "evaluate csv: A" "91370100MA00000010,Provider A,p2,,granted,1,4200000,210000,rank band 1-5: 150000,150000.00,150000.00,,1,"
contains "evaluate csv: 就高" "91370100MA00000010,Provider A,p1,A-1,displaced,1,4200000,10000,,10000.00,0.00,p2,1,"
run policy evaluate --format csv "$example"
contains "evaluate csv (the 奖补名单 table): A" "p2,1,91370100MA00000010,Provider A,,获得奖补,4200000,210000,rank band 1-5: 150000,150000.00,150000.00,,,,"
run policy evaluate --format csv --table 奖补汇总 --no-bom "$example"
contains "evaluate csv (the 奖补汇总 table): total" "合计,,,915000.00"
run policy evaluate --format csv --bom --policy jinan-2025 "$example"
bom=$(printf '\357\273\277')
case $out in
"${bom}项目,排名,统一社会信用代码"*) result=yes ;;
*) result=no ;;
esac
report "evaluate --format csv --bom" $result "$(printf '%s' "$out" | head -1)"
for format in text machine-csv xml; do
	run policy evaluate --format $format "$example"
	memory=$out
	run policy evaluate --stream --format $format "$example"
	[ "$status" = 0 ] && [ -z "$err" ] && [ "$out" = "$memory" ] && result=yes || result=no
	report "evaluate --stream --format $format: the same output" $result "status $status${nl}stderr: $err"
done
run policy evaluate --format xml "$example"
contains "evaluate xml: totals" '<awards xmlns="urn:datasset:awards:1" policy="jinan-2025" applicants="8" total="915000.00">'
contains "evaluate xml: C" "<reason>cumulative 场内 trade amount ≥ 1,000,000: not met (applicant.trade_total = 950000)</reason>"
if command -v xmllint >/dev/null 2>&1; then
	printf '%s\n' "$out" >"$work/awards.xml"
	if xmllint --noout --schema "$top_srcdir/schemas/awards.xsd" "$work/awards.xml" 2>"$work/lint"; then
		report "awards document is valid against schemas/awards.xsd" yes
	else
		report "awards document is valid against schemas/awards.xsd" no "$(cat "$work/lint")"
	fi
fi
run policy evaluate --policy "$top_srcdir/schemas/policies/jinan-2025.xml" "$example"
contains "evaluate --policy FILE" "Total awarded: 915,000.00"

# ---- explain: one applicant, every condition with its figure and its clause
run policy explain 91370100MA00000010 "$example"
contains "explain: a condition met, with its figure" "[met] cumulative 场内 trade amount ≥ 1,000,000: applicant.trade_total = 4200000"
contains "explain: a condition not met, with its figure" "[not met] 数据交易备案凭证 held: applicant.voucher.filing = 0"
contains "explain: the clause" "source of the award: 场内交易奖补: 不高于累计交易额的5%"
contains "explain: 就高" "就高: displaced by p2"
contains "explain: total" "Total awarded to this applicant: 150,000.00"
run policy explain --policy "$top_srcdir/schemas/policies/jinan-2025.xml" 91370100MA00000023 "$example"
contains "explain --policy FILE" "outcome: granted, rank 7"
fails "no applicant 91370100MA00000049X in the applications" policy explain 91370100MA00000049X "$example"
usage "explain needs an APPLICANT and an APPLICATIONS.xml" policy explain "$example"

# ---- bad input: status 1, nothing on stdout, the library's message naming line and field
fails "$work/none.xml: cannot open: No such file or directory" policy evaluate "$work/none.xml"
cat >"$work/dup.xml" <<'XML'
<applications xmlns="urn:datasset:applications:1">
  <applicant id="91370100MA00000010" name="A"/>
  <applicant id="91370100MA00000010" name="B"/>
</applications>
XML
fails "applicant 91370100MA00000010 appears twice (applicant[1] and applicant[2])" policy evaluate "$work/dup.xml"
cat >"$work/neg.xml" <<'XML'
<applications xmlns="urn:datasset:applications:1">
  <applicant id="91370100MA00000010" name="A">
    <product id="P" listed="2025-01-01"/>
    <trade product="P" date="2025-01-01" amount="-100"/>
  </applicant>
</applications>
XML
fails "line 4, applications/applicant/trade/@amount: negative amount '-100'" policy evaluate "$work/neg.xml"
cat >"$work/policy.xml" <<'XML'
<policy xmlns="urn:datasset:policy:1" id="bad" title="Bad">
  <programme id="x" title="X" unit="applicant">
    <window from="2025-01-01" to="2024-01-01"/>
    <award formula="1"/>
  </programme>
</policy>
XML
fails "line 3, policy/programme/window/@to: the window ends (2024-01-01) before it starts (2025-01-01)" policy show "$work/policy.xml"

echo "cli_policy: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
