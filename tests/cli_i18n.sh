#!/bin/sh
# The CLI in Chinese (issue 23): with the zh_CN catalogue (po/zh_CN.po, compiled here with
# msgfmt --check) and a zh_CN locale, usage texts, headings, the CLI's own messages, the
# status codes and the "line N" prefix of the library's errors come out in Chinese; without
# it (LC_ALL=C) everything is the English it always was. Skips (77) when built with
# --disable-nls or when msgfmt is missing.
# Run by automake with top_builddir and top_srcdir set; runnable by hand too:
#   top_builddir=. sh tests/cli_i18n.sh
# SPDX-License-Identifier: MIT

top_srcdir=${top_srcdir:-.}
. "$top_srcdir/tests/cli_lib.sh"

# In a sanitizer build: a leak of glibc's newlocale under LOCPATH, reached from p11-kit's
# constructor (the file says which), matched on whole stacks (the fast unwinder stops
# inside libraries built without frame pointers).
LSAN_OPTIONS="${LSAN_OPTIONS:+$LSAN_OPTIONS:}suppressions=$top_srcdir/tests/fixtures/lsan-i18n.supp:print_suppressions=0"
ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}fast_unwind_on_malloc=0"
export LSAN_OPTIONS ASAN_OPTIONS

if ! grep -q '^#define ENABLE_NLS 1' "${top_builddir:-.}/config.h"; then
	echo "SKIP: built with --disable-nls"
	exit 77
fi
if ! command -v msgfmt >/dev/null 2>&1; then
	echo "SKIP: msgfmt (Debian package gettext) is not installed"
	exit 77
fi

# The catalogue, as 'make install' would put it, in a directory of our own.
mkdir -p "$work/locale/zh_CN/LC_MESSAGES"
if msgfmt --check --statistics -o "$work/locale/zh_CN/LC_MESSAGES/libdatasset.mo" "$top_srcdir/po/zh_CN.po" \
	2>"$work/msgfmt"; then
	report "po/zh_CN.po compiles with msgfmt --check ($(cat "$work/msgfmt"))" yes
else
	report "po/zh_CN.po compiles with msgfmt --check" no "$(cat "$work/msgfmt")"
fi
# Every message is translated (none falls back to English) and none is fuzzy.
if /usr/bin/python3 - "$top_srcdir/po/zh_CN.po" >"$work/po-check" 2>&1 <<'PY'; then
import re, sys
text = open(sys.argv[1], encoding="utf-8").read()
entries = [e for e in text.split("\n\n") if "msgid" in e]
def field(e, name):
    m = re.search(r"^" + name + r" (\"(?:.|\n\")*?\")\s*(?=^msg|\Z)", e + "\n", re.M | re.S)
    return "".join(re.findall(r'"((?:[^"\\]|\\.)*)"', m.group(1))) if m else ""
left, count = [], 0
for e in entries:
    msgid, msgstr = field(e, "msgid"), field(e, "msgstr")
    if not msgid or e.lstrip().startswith("#~"):
        continue
    count += 1
    assert "#, fuzzy" not in e, "fuzzy: " + msgid[:60]
    if not msgstr:
        left.append(msgid[:70])
print(f"{count} messages, {len(left)} untranslated")
assert not left, left[:5]
PY
	report "po/zh_CN.po: $(cat "$work/po-check")" yes
else
	report "po/zh_CN.po translates every message" no "$(cat "$work/po-check")"
fi
# The catalogue holds every message the sources mark (po/libdatasset.pot is current).
if command -v xgettext >/dev/null 2>&1; then
	(cd "$top_srcdir" && xgettext --keyword=_ --keyword=N_ --from-code=UTF-8 --no-wrap -o - \
		--flag=cli_error:2:c-format --flag=cli_usage_error:2:c-format \
		$(grep -v '^#' po/POTFILES.in)) 2>/dev/null | msgcat --no-wrap -u - 2>/dev/null |
		grep '^msgid ' | sort -u >"$work/marked"
	grep '^msgid ' "$top_srcdir/po/zh_CN.po" | sort -u >"$work/translated"
	missing=$(comm -23 "$work/marked" "$work/translated")
	if [ -z "$missing" ]; then
		report "po/zh_CN.po has every message the sources mark" yes
	else
		report "po/zh_CN.po has every message the sources mark" no "$(printf '%s\n' "$missing" | head -5)"
	fi
fi

# A zh_CN locale: the system's, one generated here with localedef (Debian package locales),
# or else LANGUAGE=zh_CN over C.UTF-8 (gettext honours LANGUAGE in any locale but C).
zh() {
	DATASSET_LOCALEDIR="$work/locale" LANGUAGE= LC_ALL=$zh_locale LOCPATH=${zh_locpath:-} "$prog" "$@"
}
zh_locpath=
if locale -a 2>/dev/null | grep -qix 'zh_CN.utf-\{0,1\}8'; then
	zh_locale=zh_CN.UTF-8
elif command -v localedef >/dev/null 2>&1 && mkdir -p "$work/loc" &&
	localedef -i zh_CN -f UTF-8 "$work/loc/zh_CN.UTF-8" >/dev/null 2>&1; then
	zh_locale=zh_CN.UTF-8
	zh_locpath="$work/loc"
else
	zh_locale=C.UTF-8
	zh() {
		DATASSET_LOCALEDIR="$work/locale" LANGUAGE=zh_CN LC_ALL=C.UTF-8 "$prog" "$@"
	}
fi
echo "# locale: $zh_locale${zh_locpath:+ (generated in $zh_locpath)}"

# zh_has LINE-PATTERN STREAM ARGS...: under zh_CN, stdout or stderr has a line matching the pattern.
zh_has() {
	pattern=$1 stream=$2
	shift 2
	zh "$@" >"$work/out" 2>"$work/err"
	status=$?
	if grep -q -- "$pattern" "$work/$stream"; then
		report "zh_CN: $(label "$@") $stream has '$pattern'" yes
	else
		report "zh_CN: $(label "$@") $stream has '$pattern'" no "status $status${nl}$(cat "$work/out" "$work/err" | head -8)"
	fi
}

book="$top_srcdir/tests/fixtures/ledger/book.xml"
cat >"$work/bad.xml" <<'XML'
<ledger xmlns="urn:datasset:ledger:1">
  <entity name="测试"/>
  <period start="2024-01" end="2024-12"/>
  <asset id="D1" name="数据集" class="intangible" origin="purchased" acquired="2024-03-15" life="60">
    <cost date="2024-03-15" category="price" amount="800,00.00"/>
  </asset>
</ledger>
XML

zh_has "^用法：datasset" out --help
zh_has "^命令：" out --help
zh_has "^  ledger   入表：摊销计划、会计分录和附注表" out --help
zh_has "^用法：datasset ledger schedule" out ledger --help
zh_has "^         trial-balance     科目汇总表：本期分录按科目汇总，借贷合计相等" out ledger --help
zh_has "^datasset calc: 缺少表达式 EXPR$" err calc
zh_has "^请运行 'datasset calc --help' 查看帮助。$" err calc
zh_has "^datasset: 未知命令 'frobnicate'$" err frobnicate
# Registry pledges and compliance assessments, probe and policy (their help, errors and headings).
zh_has "^用法：datasset registry pledge SUBCOMMAND" out registry pledge --help
zh_has "已签名的质押登记证明" out registry pledge --help
zh_has "^用法：datasset registry require-assessment" out registry assess --help
zh_has "^登记平台中的合规评估（数据合规）" out registry assess --help
zh_has "^用法：datasset probe FILE.csv" out probe --help
zh_has "^  --skip N              跳过表头之前的若干条记录" out probe --help
zh_has "^用法：datasset policy evaluate" out policy --help
zh_has "^  --stream      evaluate：逐条读取申报" out policy --help
zh_has "^datasset policy: 缺少操作（evaluate、explain 或 show）$" err policy
zh_has "^datasset probe: --header 须为 auto、yes 或 no$" err probe --header maybe x.csv
zh_has "^datasset registry pledge: 未知子命令 'frobnicate'$" err registry pledge frobnicate
zh_has "^datasset probe: 未知选项 '--frob'$" err probe --frob x.csv
printf 'code,name,amount\n1,甲,10.00\n2,乙,20.50\n3,丙,7.25\n' >"$work/small.csv"
zh_has "^行数：3  列数：3" out probe "$work/small.csv"
zh_has "^质量（0–100）：" out probe "$work/small.csv"
zh_has "^来源：csv .*small.csv（UTF-8，分隔符 ','，有表头）$" out probe "$work/small.csv"
zh_has "^读取：编码 自动识别（置信度 [0-9]*.*），分隔符 自动识别，表头 自动识别$" out probe "$work/small.csv"
# The library's error: the status code described and named, "line N" in Chinese, the rest verbatim.
zh_has "^datasset ledger: 值无效（DS_EINVAL）：第 5 行，ledger/asset/cost/@amount: '800,00.00' is not an amount in yuan" \
	err ledger run "$work/bad.xml"
zh_has "^datasset ledger: 读写失败（DS_EIO）：" err ledger run "$work/none.xml"
# Figures and documents are the same in both languages.
zh ledger run "$book" --period 2024 --what trial-balance --format csv >"$work/zh.csv" 2>&1
LC_ALL=C "$prog" ledger run "$book" --period 2024 --what trial-balance --format csv >"$work/c.csv" 2>&1
if [ -s "$work/c.csv" ] && cmp -s "$work/zh.csv" "$work/c.csv"; then
	report "zh_CN: CSV output is the same as in C" yes
else
	report "zh_CN: CSV output is the same as in C" no "$(diff "$work/zh.csv" "$work/c.csv" | head -5)"
fi

# English stays the default: no LANGUAGE, C locale, or a locale without a catalogue.
for loc in C C.UTF-8; do
	env -u LANGUAGE DATASSET_LOCALEDIR="$work/locale" LC_ALL=$loc "$prog" --help >"$work/out" 2>&1
	if head -1 "$work/out" | grep -q '^Usage: datasset \[--version | --help\]'; then
		report "LC_ALL=$loc: --help in English" yes
	else
		report "LC_ALL=$loc: --help in English" no "$(head -3 "$work/out")"
	fi
done
for cmd in "registry pledge:registry pledge" "registry assess:registry require-assessment" probe:probe policy:policy; do
	# shellcheck disable=SC2086 # the command's words
	env -u LANGUAGE DATASSET_LOCALEDIR="$work/locale" LC_ALL=C "$prog" ${cmd%%:*} --help >"$work/out" 2>&1
	if head -1 "$work/out" | grep -q "^Usage: datasset ${cmd#*:} "; then
		report "LC_ALL=C: ${cmd%%:*} --help in English" yes
	else
		report "LC_ALL=C: ${cmd%%:*} --help in English" no "$(head -3 "$work/out")"
	fi
done
env -u LANGUAGE DATASSET_LOCALEDIR="$work/locale" LC_ALL=C "$prog" ledger run "$work/bad.xml" >"$work/out" 2>"$work/err"
if [ "$(cat "$work/err")" = "datasset ledger: line 5, ledger/asset/cost/@amount: '800,00.00' is not an amount in yuan (write it as 800000.00 or 800,000.00): position 7: unexpected '.', digit groups must have three digits" ]; then
	report "LC_ALL=C: the library's error exactly as before" yes
else
	report "LC_ALL=C: the library's error exactly as before" no "$(cat "$work/err")"
fi
env -u LANGUAGE DATASSET_LOCALEDIR="$work/locale" LC_ALL=C "$prog" calc >"$work/out" 2>"$work/err"
if [ "$(cat "$work/err")" = "datasset calc: missing EXPR${nl}Try 'datasset calc --help'." ]; then
	report "LC_ALL=C: usage errors in English" yes
else
	report "LC_ALL=C: usage errors in English" no "$(cat "$work/err")"
fi

echo "cli_i18n: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
