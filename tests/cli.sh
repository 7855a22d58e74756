#!/bin/sh
# The datasset command-line tool: output, diagnostics and exit status.
# Run by automake with top_builddir and top_srcdir set; runnable by hand too:
#   top_builddir=. sh tests/cli.sh
# SPDX-License-Identifier: MIT

top_srcdir=${top_srcdir:-.}
. "$top_srcdir/tests/cli_lib.sh"

# ---- the tool
ok "datasset 1.0.0" --version
help "Usage: datasset [--version | --help] <command> [options]" --help
help "Usage: datasset [--version | --help] <command> [options]" -h
check 2 "" "datasset: unknown command 'frobnicate'${nl}Try 'datasset --help'." frobnicate
check 2 "" "datasset: no command given${nl}Try 'datasset --help'."
check 2 "" "datasset: unknown option '--bogus'${nl}Try 'datasset --help'." --bogus

# ---- calc
help "Usage: datasset calc [--scale N [--round MODE]] [--] EXPR..." calc --help
help "Usage: datasset calc [--scale N [--round MODE]] [--] EXPR..." calc 1+2 -h
ok 3 calc 1+2
ok 3 calc 1 + 2
ok 2.5 calc 5/2
ok 0.125 calc 1/8
ok -3 calc 1-4
ok 512 calc '2^3^2'
ok -4 calc -- '-2^2'
ok 0.33 calc --scale 2 1/3
ok 0.33 calc --scale=2 1/3
ok 0.34 calc --scale 2 --round up 1/3
ok 0.34 calc --scale 2 --round=up 1/3
ok -3 calc --scale 0 -- -2.5
ok -2 calc --scale 0 --round half-even -- -2.5
ok -5 calc -- '-(2+3)'
ok 0.751315 calc '1.1^-3' --scale 6
ok 1.00 calc --scale 2 1
ok 0 calc --scale 0 0.4
fails "the result 1/3 has no finite decimal expansion; pass --scale N to round it" calc 1/3
fails "position 6: unexpected ')'" calc '(1+2))'
fails "position 2: division by zero" calc 1/0
fails "position 2: exponent must be an integer" calc '2^0.5'
fails "position 1: empty expression" calc ""
usage "unknown option '--bogus'" calc --bogus 1
usage "unknown option '-2' (put '--' before an operand that starts with '-')" calc -2
usage "missing EXPR" calc
usage "missing EXPR" calc --scale 2
usage "unknown rounding mode 'sideways' (valid: half-up, half-even, half-down, up, down, ceiling, floor)" \
	calc --scale 2 --round sideways 1/3
usage "--round needs --scale" calc --round up 1/3
usage "--scale must be an integer from 0 to 1000, not '1001'" calc --scale 1001 1
usage "--scale must be an integer from 0 to 1000, not '-1'" calc --scale -1 1
usage "--scale must be an integer from 0 to 1000, not 'two'" calc --scale two 1
usage "option '--scale' needs a value" calc 1 --scale

# ---- words
help "Usage: datasset words [options] [--] AMOUNT" words --help
ok 人民币壹仟陆佰捌拾元零叁角贰分 words 1680.32
ok 人民币负贰仟伍佰元整 words -- -2500
ok 人民币壹仟贰佰叁拾肆元伍角整 words --zheng-after-jiao 1,234.50
ok 壹拾贰圆正 words --zheng=正 --yuan=圆 --no-prefix 12
ok 107000.53 words --parse 人民币壹拾万零柒仟元伍角叁分
ok 贰零贰伍年叁月零壹拾日 words --date 2025-03-10
ok 贰零贰伍年叁月零壹拾日 words --date=2025-03-10
fails "date '2025-3-10' is not in the form YYYY-MM-DD" words --date 2025-3-10
fails "date '2025/03/10' is not in the form YYYY-MM-DD" words --date 2025/03/10
fails "'12a' is not an amount: position 3: unexpected 'a', expected a digit or the end of the number" words 12a
usage "missing AMOUNT" words
usage "expected one AMOUNT, got 2 arguments" words 1 2
usage "--zheng must be 整 or 正, not 'x'" words --zheng=x 1
usage "--yuan must be 元 or 圆, not 'x'" words --yuan x 1
usage "--parse and --date cannot be used together" words --parse 壹元整 --date 2025-03-10
usage "--no-prefix applies only when writing an amount" words --no-prefix --date 2025-03-10
usage "option '--no-prefix' takes no value" words --no-prefix=1 2
usage "unknown option '--bogus'" words --bogus 1

# A date the library refuses fails with status 1 and its message, which names the day.
run words --date 2025-02-30
case "$status:$out:$err" in
"1::datasset words: "*day*) result=yes ;;
*) result=no ;;
esac
report "$(label words --date 2025-02-30)" $result "status $status${nl}stdout: $out${nl}stderr: $err"

echo "cli: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
