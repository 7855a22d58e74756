#!/bin/sh
# datasset value: quick forms of the three approaches (first line: the value to the fen).
# Run by automake with top_builddir and top_srcdir set; runnable by hand too:
#   top_builddir=. sh tests/cli_valuation.sh
# SPDX-License-Identifier: MIT

top_srcdir=${top_srcdir:-.}
. "$top_srcdir/tests/cli_lib.sh"


# first VALUE ARGS...: exit 0, nothing on stderr, the first line of stdout is VALUE
# and a trace follows (at least one more line), ending with the conclusion P.
first() {
	want=$1
	shift
	run "$@"
	line1=$(printf '%s\n' "$out" | sed -n 1p)
	lines=$(printf '%s\n' "$out" | wc -l)
	last=$(printf '%s\n' "$out" | sed -n '$p')
	case $last in
	"P  "*) has_p=yes ;;
	*) has_p=no ;;
	esac
	if [ "$status" = 0 ] && [ "$line1" = "$want" ] && [ -z "$err" ] && [ "$lines" -gt 1 ] && [ "$has_p" = yes ]; then
		report "$(label "$@")" yes
	else
		report "$(label "$@")" no "status $status${nl}first line: $line1${nl}      want: $want${nl}last line: $last${nl}stderr: $err"
	fi
}

# contains TEXT ARGS...: exit 0 and stdout contains TEXT.
contains() {
	want=$1
	shift
	run "$@"
	case $out in
	*"$want"*) result=yes ;;
	*) result=no ;;
	esac
	[ "$status" = 0 ] || result=no
	report "$(label "$@") contains '$want'" $result "status $status${nl}stdout: $out${nl}stderr: $err"
}

help "Usage: datasset value income|cost|market [options]" value --help
help "Usage: datasset value income|cost|market [options]" value income --help
help "Usage: datasset value income|cost|market [options]" value cost -h

# ---- the seven worked examples of domain/valuation.md, to the fen
first 2877535.69 value income --rate 10% --flows "1000000;1200000;1300000"
first 2877535.69 value income --rate 0.10 --flows "1000000;1200000;1300000"
first 1311953.35 value income --rate 12% --revenue "10000000;11000000;12000000" --share 5%
first 1311953.35 value income --rate 0.12 --revenue "10000000;11000000;12000000" --share "0.05;0.05;5%"
first 5708062.79 value income --rate 15% --income "5000000;5000000;5000000" --contrib "2500000;2500000;2500000"
first 977366.26 value income --rate 8% --with "3000000;3200000" --without "2500000;2600000"
first 800000.00 value cost --components "50000;800000;100000;40000;10000" --elapsed 1 --remaining 4
first 842688.00 value cost --total "600000;250000;150000" --return 12% --quality 0.9 --circulation 0.8 --monopoly 0.1 --risk 0.05
first 842688.00 value cost --total 1000000 --return 0.12 --quality 90% --circulation 80% --monopoly 10% --risk 5%
first 2441880.00 value market --comparable 2000000:1.05:0.95:1.02:1.20:1.00

# ---- more forms
first 800000.00 value cost --components "50000;800000;100000;40000;10000" --delta 0.8
first 750000.00 value cost --components 1000000 --depreciation 25%
first 953.46 value income --rate 10% --flows 1000 --timing mid
first 1000.00 value income --rate 10% --flows 100 --terminal 1000
first 191.67 value income --rate "0.1;0.2" --flows "110;121"
first 2192940.00 value market --comparable 2000000:1.05:0.95:1.02:1.20:1.00 --comparable 1800000:1:1:1:1:1.08 --weights "1;1"
ok 2877535.69 value income --rate 10% --flows "1000000;1200000;1300000" --no-trace
ok 800000.00 value cost --components 1000000 --delta 80% --no-trace
contains "s  期中折现调整 √(1+i) (mid-period adjustment, period 1) = √(1 + i) truncated to 40 significant digits" \
	value income --rate 10% --flows 1000 --timing mid
contains "truncated to 50 significant digits" value income --rate 10% --flows 1000 --timing mid --precision 50
contains "U  数据效用 (data utility) = α × β × (1 + l) × (1 − r) = 0.7524" \
	value cost --total 1000000 --return 12% --quality 0.9 --circulation 0.8 --monopoly 0.1 --risk 0.05
contains "0                2,589,782.12         2,877,535.69         3,165,289.26" \
	value income --rate 10% --flows "1000000;1200000;1300000" --sensitivity

# ---- refused input: the library's message, exit 1
fails "discount rate must be greater than -100%: rates[1]: -1 is outside (-1, +∞)" value income --rate -100% --flows 1
fails "discount rate must be greater than -100%: rates[2]: -1.5 is outside (-1, +∞)" value income --rate "0.1;-1.5" --flows "1;2"
fails "--rate: item 1 '1x': position 2: unexpected 'x', expected a digit or the end of the number" \
	value income --rate 1x --flows 1
fails "--flows: item 1 'abc': position 1: unexpected 'a', expected a digit" value income --rate 1% --flows abc
fails "--flows: item 1 '5%': position 2: unexpected '%', expected a digit or the end of the number" \
	value income --rate 1% --flows 5%
fails "shares[1]: 1.5 is outside [0, 1]" value income --rate 1% --revenue 100 --share 150%
# lists split on ';' or blanks, never on ',': a grouped amount is one amount
ok 909090.91 value income --rate 10% --flows "1,000,000" --no-trace
ok 1735537.19 value income --rate 10% --flows "1,000,000 1,000,000" --no-trace
ok 1735537.19 value income --rate "10%; 10%" --flows "1,000,000;1,000,000" --no-trace
fails "--flows: item 1 '1000000,1200000': position 8: unexpected ',', digit groups must have three digits (items are separated by ';' or blanks; ',' only groups digits in threes)" \
	value income --rate 10% --flows 1000000,1200000
fails "--flows: position 3: item 2 is empty" value income --rate 10% --flows "1;;2"
fails "--flows: position 3: item 2 is empty" value income --rate 10% --flows "1;"
fails "--flows: empty list" value income --rate 10% --flows " "
# a rate above 1 needs '%' or --allow-rate-above-1
fails "--rate: item 1 '10': rate 10 is above 1, that is 1000 %; write 10% for a percentage, or mark a rate above 1 as intended (--allow-rate-above-1)" \
	value income --rate 10 --flows 1
fails "--rate: item 2 '2.5': rate 2.5 is above 1, that is 250 %; write 2.5% for a percentage, or mark a rate above 1 as intended (--allow-rate-above-1)" \
	value income --rate "0.1;2.5" --flows "1;2"
fails "--return: item 1 '12': rate 12 is above 1, that is 1200 %; write 12% for a percentage, or mark a rate above 1 as intended (--allow-rate-above-1)" \
	value cost --total 100 --return 12 --quality 1 --circulation 1 --monopoly 0 --risk 0
ok 1.00 value income --rate 1000% --flows 11 --no-trace
ok 1.00 value income --rate 10 --allow-rate-above-1 --flows 11 --no-trace
ok 0.50 value income --rate 1 --flows 1 --no-trace
# exponent forms in options
ok 10.00 value income --rate 1E-1 --flows 1.1e1 --no-trace
ok 909090.91 value income --rate 1e1% --flows 1e6 --no-trace
fails "--flows: item 1 '1e1001': position 3: exponent magnitude exceeds 1000" value income --rate 10% --flows 1e1001
fails "--contrib has 1 values for 2 periods" value income --rate 1% --income "1;2" --contrib 1
fails "income: 2 discount rates for 3 periods (give 1 or 3)" value income --rate "1%;2%" --flows "1;2;3"
fails "delta: 0 is outside (0, 1]" value cost --components 100 --delta 0
fails "remaining_life: 0 is outside (0, +∞)" value cost --components 100 --elapsed 1 --remaining 0
fails "elapsed_life: -1 is outside [0, +∞)" value cost --components 100 --elapsed -1 --remaining 2
fails "components[2]: -5 is outside [0, +∞)" value cost --components "100;-5" --delta 1
fails "cost: 6 cost components (重置成本 has 1 to 5: 前期费用, 直接成本, 间接成本, 机会成本, 相关税费)" \
	value cost --components "1;2;3;4;5;6" --delta 1
fails "risk: 1 is outside [0, 1)" value cost --total 100 --return 0 --quality 1 --circulation 1 --monopoly 0 --risk 100%
fails "--comparable '100:1:1': expected PRICE:α:β:γ:δ:ε (6 fields), got 3" value market --comparable 100:1:1
fails "comparables[1]/coefficients[1]/value: 0 is outside (0, +∞)" value market --comparable 100:0:1:1:1:1
fails "--weights has 1 values for 2 comparables" value market --comparable 100:1:1:1:1:1 --comparable 100:1:1:1:1:1 --weights 1

# ---- usage errors: exit 2
usage "missing FILE.xml or the approach (income, cost or market)" value
fails "barter: cannot open: No such file or directory" value barter
usage "income needs --rate" value income --flows 1
usage "income needs --flows, --revenue/--share, --income/--contrib or --with/--without" value income --rate 1%
usage "the share form needs --revenue and --share" value income --rate 1% --revenue 1
usage "--share cannot be combined with --flows" value income --rate 1% --flows 1 --share 1
usage "--timing must be end or mid, not 'start'" value income --rate 1% --flows 1 --timing start
usage "--precision must be an integer from 30 to 1000, not '10'" value income --rate 1% --flows 1 --precision 10
usage "--rate given twice" value income --rate 1% --rate 2% --flows 1
usage "unknown option '--bogus'" value income --bogus
usage "unexpected argument 'x'" value income --rate 1% --flows 1 x
usage "cost needs --components (2023 form) or --total (2019 form)" value cost --delta 1
usage "give exactly one of --delta, --elapsed with --remaining, --quality or --depreciation" value cost --components 1
usage "give exactly one of --delta, --elapsed with --remaining, --quality or --depreciation" \
	value cost --components 1 --delta 1 --depreciation 0
usage "--elapsed and --remaining go together" value cost --components 1 --elapsed 1
usage "the 2019 form needs --risk" value cost --total 100 --return 0 --quality 1 --circulation 1 --monopoly 0
usage "--return, --circulation, --monopoly and --risk belong to the 2019 form, which needs --total" \
	value cost --components 1 --delta 1 --risk 0
usage "market needs at least one --comparable PRICE:α:β:γ:δ:ε" value market

# ---- documents
fixtures="${top_srcdir:-..}/tests/fixtures/valuation"
contains "大写 (in words): 人民币贰佰叁拾叁万壹仟叁佰叁拾壹元捌角肆分" value "$fixtures/example.xml"
contains "评估值 (value):  2,331,331.84 元" value --format text "$fixtures/example.xml"
contains '<conclusion exact="3103002684/1331" value="2331331.84" valueWan="233.13"' value --format xml "$fixtures/example.xml"
contains "== 成本法 (2019) [cost2019]: 842,688.00" value "$fixtures/all-forms.xml"
if command -v xmllint >/dev/null 2>&1; then
	"$prog" value --format=xml "$fixtures/all-forms.xml" >"$work/result.xml" 2>"$work/err"
	if xmllint --noout --schema "${top_srcdir:-..}/schemas/valuation.xsd" "$work/result.xml" 2>"$work/lint"; then
		report "the result document is valid against schemas/valuation.xsd" yes
	else
		report "the result document is valid against schemas/valuation.xsd" no "$(cat "$work/lint")"
	fi
fi
cat >"$work/bad.xml" <<'DOC'
<valuation xmlns="urn:datasset:valuation:1" version="1"><subject name="x"/><right>holding</right><baseDate>2025-01-01</baseDate>
<income method="direct">
  <period income="100" rate="10%"/>
  <period income="100" rate="-100%"/>
</income>
</valuation>
DOC
fails "line 4, valuation/income/period[2]/@rate: discount rate must be greater than -100%: rates[2]: -1 is outside (-1, +∞)" \
	value "$work/bad.xml"
printf '<valuation xmlns="urn:datasset:valuation:1" version="1"><subject/></valuation>\n' >"$work/invalid.xml"
run value "$work/invalid.xml"
case "$status:$out:$err" in
"1::datasset value: "*"line 1"*) result=yes ;;
*) result=no ;;
esac
report "a document that fails the XSD is refused with its line" $result "status $status${nl}stderr: $err"
usage "--format must be text, xml, csv or xlsx, not 'json'" value --format json "$fixtures/example.xml"
usage "expected one FILE.xml, got 2 arguments" value a.xml b.xml

echo "cli_valuation: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
