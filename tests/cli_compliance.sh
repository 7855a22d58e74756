#!/bin/sh
# datasset compliance: show, assess in three formats (the worked examples), facts from a
# catalogue and a probe report, the XML result validated by xmllint against the schema,
# diagnostics naming the line and field, and exit statuses.
# Run by automake with top_builddir and top_srcdir set; runnable by hand too:
#   top_builddir=. top_srcdir=. sh tests/cli_compliance.sh
# SPDX-License-Identifier: MIT

top_srcdir=${top_srcdir:-.}
. "$top_srcdir/tests/cli_lib.sh"

contains() {
	case $out in
	*"$2"*) result=yes ;;
	*) result=no ;;
	esac
	[ "$status" = 0 ] && [ -z "$err" ] || result=no
	report "$1" $result "status $status${nl}stdout: $(printf '%s' "$out" | head -5)${nl}stderr: $err${nl}  want: $2"
}

# refused NAME NEEDLE: the last run failed with status 1, printed nothing on stdout and NEEDLE on stderr.
refused() {
	case $err in
	*"$2"*) result=yes ;;
	*) result=no ;;
	esac
	[ "$status" = 1 ] && [ -z "$out" ] || result=no
	report "$1" $result "status $status${nl}stdout: $out${nl}stderr: $err${nl}  want: $2"
}

fx="$top_srcdir/tests/fixtures/compliance"
at="--at 2025-06-01 --time 2025-06-01T09:00:00+08:00"

# ---- help and usage
help "Usage: datasset compliance assess ENTRY.xml [--evidence EVIDENCE.xml] [--checklist cn-2025|FILE]" compliance --help
usage "missing action (assess or show)" compliance
usage "unknown action 'check' (assess or show)" compliance check x.xml
usage "assess needs exactly one ENTRY.xml" compliance assess
usage "unknown format 'json' (valid: text, xml, csv)" compliance assess --format json x.xml
usage "--resource needs --catalog" compliance assess --resource R1 x.xml
usage "show takes at most one checklist" compliance show a b

# ---- show
run compliance show
contains "show (default cn-2025)" "X01 出境路径 — blocking / restrict:no_outbound"
run compliance show "$top_srcdir/schemas/compliance/cn-2025.xml"
contains "show FILE" "xb_path ="
fails "no bundled checklist 'cn-2030' (bundled: cn-2025)" compliance show cn-2030

# ---- the worked examples
run compliance assess "$fx/e1-entry.xml" --evidence "$fx/e1-evidence.xml" $at
contains "E1 pass" "Outcome: pass (proceed"
contains "E1 observation" "observation: S02 无重大违法记录 MISSING"
run compliance assess "$fx/e2-entry.xml" --evidence "$fx/e2-evidence.xml" $at
contains "E2 conditional" "Outcome: conditional (proceed"
contains "E2 restriction" "restriction no_outbound: 限境内使用，不得向境外提供"
contains "E2 xb_path" "xb_path = assessment (derived)"
run compliance assess "$fx/e3-entry.xml" --evidence "$fx/e3-evidence.xml" $at --format csv
contains "E3 csv R03" "R03,授权链完整,NOT_SATISFIED,blocking,fail,evidence against: k1 upstream_contract"
for e in e1 e2 e3; do
	run compliance assess "$fx/$e-entry.xml" --evidence "$fx/$e-evidence.xml" $at --format xml
	printf '%s\n' "$out" >"$work/$e.xml"
	if xmllint --noout --schema "$top_srcdir/schemas/compliance.xsd" "$work/$e.xml" 2>"$work/xmllint"; then
		report "$e xml valid (xmllint)" yes
	else
		report "$e xml valid (xmllint)" no "$(cat "$work/xmllint")"
	fi
done
run compliance assess "$fx/e3-entry.xml" --evidence "$fx/e3-evidence.xml" $at --format xml
contains "E3 xml outcome" '<outcome result="fail" workflow="reject">'
# The bundled checklist, the entry and evidence documents validate with xmllint too.
for f in "$top_srcdir/schemas/compliance/cn-2025.xml" "$fx"/*.xml; do
	if xmllint --noout --schema "$top_srcdir/schemas/compliance.xsd" "$f" 2>"$work/xmllint"; then
		report "xmllint $(basename "$f")" yes
	else
		report "xmllint $(basename "$f")" no "$(cat "$work/xmllint")"
	fi
done

# ---- expiry at the assessment date: E1's evidence a year later is still valid (no expiry);
# with the licence given an expiry, the day after it S01 is missing and the entry is held.
sed 's/kind="business_licence"/kind="business_licence" expires="2025-06-30"/' "$fx/e1-evidence.xml" >"$work/e1-expiring.xml"
run compliance assess "$fx/e1-entry.xml" --evidence "$work/e1-expiring.xml" --at 2025-06-30
contains "licence valid on its expiry date" "Outcome: pass"
run compliance assess "$fx/e1-entry.xml" --evidence "$work/e1-expiring.xml" --at 2025-07-01
contains "licence expired the day after" "Outcome: conditional (hold"
contains "expired note" "not counted: e1 expired on 2025-06-30 (counts as absent)"

# ---- facts: a probe report that finds an ID-card column raises pi above the declared none
printf 'name,id\n张三,11010519491231002X\n李四,110105198001010016\n王五,370102199005150036\n' >"$work/people.csv"
"$prog" probe "$work/people.csv" --out "$work/report.xml" >/dev/null 2>&1
run compliance assess "$fx/e1-entry.xml" --evidence "$fx/e1-evidence.xml" --probe "$work/report.xml" $at
contains "probe raises pi" "pi = pi (declared; raised by fact probe.personal_info)"
contains "probe makes P01 apply" "P01 处理的合法性基础: MISSING"

# ---- bad input: clear errors naming the line and field, nothing written
printf '<entry xmlns="urn:datasset:compliance:1">\n<flag name="pi" value="pi"/>\n<flag name="pi" value="none"/>\n</entry>\n' >"$work/dup.xml"
run compliance assess "$work/dup.xml"
refused "duplicate flag" "line 3, entry/flag[2]/@name: flag 'pi' is given twice"
printf '<entry xmlns="urn:datasset:compliance:1">\n<flag name="purpose" value="sell"/>\n</entry>\n' >"$work/sell.xml"
run compliance assess "$work/sell.xml"
refused "bad enum value" "flag 'purpose' (declared): 'sell' is not one of its values (register, list)"
printf '<evidence-list xmlns="urn:datasset:compliance:1">\n<evidence id="a" kind="k" digest="sha256:%064d" issued="2025-02-30"/>\n</evidence-list>\n' 1 >"$work/ev.xml"
run compliance assess "$fx/e1-entry.xml" --evidence "$work/ev.xml"
refused "bad date" "line 2"
run compliance assess "$fx/e1-entry.xml" --evidence "$fx/e1-entry.xml"
refused "wrong document" "the root element is <entry>, expected <evidence-list>"
run compliance assess "$fx/missing.xml"
refused "missing file" "missing.xml"
run compliance assess "$fx/e1-entry.xml" --at 2025-02-30
refused "bad --at" "options date"

echo "cli_compliance: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
