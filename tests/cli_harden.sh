#!/bin/sh
# Hardening regressions at the command line (issue 17): key files that are
# not regular files, public key modes under any umask, and inputs every reader
# must refuse. Each check failed before its fix. Run by automake with
# top_builddir and top_srcdir set.
# SPDX-License-Identifier: MIT

top_srcdir=${top_srcdir:-.}
. "$top_srcdir/tests/cli_lib.sh"
fixtures="$top_srcdir/tests/fixtures/registry"
calendar="$top_srcdir/schemas/calendars/cn-2024-2025-sample.xml"
PY=/usr/bin/python3

ok_if() { # NAME DETAILS: report the status of the last command
	if [ $? = 0 ]; then report "$1" yes; else report "$1" no "$2"; fi
}

# ---- keys: a FIFO in the private key's place fails at once, before the write lock
S=91350100M000100Y43
DATASSET_DB="$work/r.db"
export DATASSET_DB
run registry init --name 测试登记机构 --region 370100
key=$(printf '%s\n' "$out" | sed -n 's/^key \([0-9a-f]\{64\}\)$/\1/p')
[ "$status" = 0 ] && [ -n "$key" ]
ok_if "registry init" "$status $out $err"
key16=$(printf '%.16s' "$key")
run registry calendar "$calendar"
run registry subject add --code "$S" --name 测试企业
run registry apply --subject "$S" --kind product --right 经营权 --entry "$fixtures/entry.xml" --at 2025-01-20T09:00
for step in accepted:2025-01-21 review:2025-01-22 publicity:2025-01-23; do
	run registry advance 1 --to "${step%%:*}" --by clerk --reason ok --at "${step#*:}"
done
[ "$status" = 0 ]
ok_if "registration 1 in publicity" "$status $err"
mv "$work/r.db.$key16.key.pem" "$work/key.saved"
mkfifo "$work/r.db.$key16.key.pem"
# Another process holds the write lock for 8 s: a command that took the lock
# before opening the key would wait for it (10 s busy timeout), not fail at once.
$PY - "$work/r.db" "$work/locked" <<'PYEOF' &
import sqlite3, sys, time
db = sqlite3.connect(sys.argv[1], isolation_level=None, timeout=30)
db.execute("BEGIN IMMEDIATE")
open(sys.argv[2], "w").close()
time.sleep(8)
db.execute("ROLLBACK")
PYEOF
holder=$!
i=0
while [ ! -f "$work/locked" ] && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
start=$(date +%s)
# (timeout: the bug this guards against blocked forever in open(2))
timeout 20 "$prog" registry advance 1 --to registered --by clerk --reason ok --at 2025-02-13 >"$work/out" 2>"$work/err"
status=$?
out=$(cat "$work/out")
err=$(cat "$work/err")
elapsed=$(($(date +%s) - start))
[ "$status" = 1 ] && [ "$elapsed" -le 3 ] &&
	[ "$err" = "datasset registry: $work/r.db.$key16.key.pem: not a regular file (a FIFO); a key file must be a regular file" ]
ok_if "advance --to registered with a FIFO as the key: fails at once (${elapsed}s), before the write lock" "$status $err"
wait $holder
rm -f "$work/r.db.$key16.key.pem"
ln -s "$work/key.saved" "$work/r.db.$key16.key.pem"
run registry advance 1 --to registered --by clerk --reason ok --at 2025-02-13
[ "$status" = 1 ] && [ "$err" = "datasset registry: $work/r.db.$key16.key.pem: is a symbolic link; a key file must be a regular file" ]
ok_if "advance --to registered with a symbolic link as the key: refused" "$status $err"
rm -f "$work/r.db.$key16.key.pem"
mv "$work/key.saved" "$work/r.db.$key16.key.pem"
run registry show 1
case "$out" in
*"state            publicity"*) report "the refused transitions changed nothing" yes ;;
*) report "the refused transitions changed nothing" no "$out" ;;
esac
run registry advance 1 --to registered --by clerk --reason ok --at 2025-02-13
[ "$status" = 0 ]
ok_if "with the key file back, the registration is registered" "$status $err"

# ---- keys: public key files are 0644 whatever the umask; no .tmp file is left
(umask 000 && "$prog" registry init --db "$work/u.db" --name 宽松 --region 370100 >"$work/out" 2>&1 &&
	"$prog" registry rotate-key --db "$work/u.db" --profile gm >>"$work/out" 2>&1)
modes=$(cd "$work" && for f in u.db.*.pem; do printf '%s ' "$(stat -c %a "$f")"; done)
[ "$modes" = "600 644 600 644 " ] || [ "$modes" = "600 600 644 644 " ] || [ "$(printf '%s' "$modes" | tr ' ' '\n' | sort | tr '\n' ' ')" = "600 600 644 644 " ]
ok_if "umask 000: private keys 0600, public keys 0644 ($modes)" "$(cat "$work/out")"
ls "$work" | grep -q '\.tmp$'
[ $? != 0 ]
ok_if "no .tmp key file is left after init and rotate-key" "$(ls "$work")"

# ---- readers: a NUL and garbage after the root element is refused by every DOM reader
nul() { # SRC DEST: a copy of SRC with a NUL and garbage after its root element
	cat "$1" >"$2" && printf '\000<garbage/>' >>"$2"
}
expect_nul() { # NAME ARGS...: the command fails naming the trailing content
	name=$1
	shift
	run "$@"
	case "$status:$err" in
	1:*"content after the root element at byte "*" (a NUL byte)"*) report "$name: NUL after the root refused" yes ;;
	*) report "$name: NUL after the root refused" no "$status $out $err" ;;
	esac
}
run registry certificate 1
printf '%s\n' "$out" >"$work/cert.xml"
run catalog export "$top_srcdir/tests/fixtures/catalog/valid.xml" --format dcat
printf '%s\n' "$out" >"$work/dcat.rdf"
nul "$top_srcdir/tests/fixtures/valuation/example.xml" "$work/n-valuation.xml"
nul "$top_srcdir/tests/fixtures/ledger/book.xml" "$work/n-ledger.xml"
nul "$top_srcdir/schemas/policies/jinan-2025.xml" "$work/n-policy.xml"
nul "$fixtures/probe.xml" "$work/n-probe.xml"
nul "$top_srcdir/schemas/profiles/jinan.xml" "$work/n-profile.xml"
nul "$work/dcat.rdf" "$work/n-dcat.rdf"
nul "$work/cert.xml" "$work/n-cert.xml"
nul "$top_srcdir/tests/fixtures/registry/calendar-test.xml" "$work/n-calendar.xml"
nul "$fixtures/entry.xml" "$work/n-entry.xml"
expect_nul "valuation document" value "$work/n-valuation.xml"
expect_nul "ledger" ledger run "$work/n-ledger.xml"
expect_nul "policy" policy show "$work/n-policy.xml"
expect_nul "probe report" probe diff "$work/n-probe.xml" "$fixtures/probe.xml"
expect_nul "profile" catalog validate "$top_srcdir/tests/fixtures/catalog/valid.xml" --profile "$work/n-profile.xml"
run catalog import-dcat "$work/n-dcat.rdf" # RDF: raptor's parser, refused before it starts
case "$status:$err" in
1:*"a NUL byte at byte "*"(RDF text never contains one)"*) report "DCAT: NUL after the root refused" yes ;;
*) report "DCAT: NUL after the root refused" no "$status $out $err" ;;
esac
expect_nul "certificate" cert show "$work/n-cert.xml"
expect_nul "calendar" registry calendar "$work/n-calendar.xml"
expect_nul "registry entry (stored verbatim)" registry apply --subject "$S" --kind product --right 经营权 --entry "$work/n-entry.xml"

# ---- readers: dates stay within years 1000 to 9999
run ledger schedule --cost 100 --start 9999-12 --months 1200
[ "$status" = 1 ] && [ -z "$out" ] &&
	[ "$err" = "datasset ledger: schedule: 1200 months from 9999-12 run past 9999-12 (dates are bounded to years 1000 to 9999)" ]
ok_if "ledger schedule past 9999-12 is refused (no month 10000-01)" "$status $out $err"
run ledger schedule --cost 100 --start 9999-01 --months 12
[ "$status" = 0 ] && printf '%s\n' "$out" | grep -q '^9999-12'
ok_if "ledger schedule ending in 9999-12 is accepted" "$status $err"
run ledger schedule --cost 100 --start 0999-12 --months 1
[ "$status" = 1 ] && [ "$err" = "datasset ledger: start: '0999-12': year 999 is outside 1000 to 9999 (the date range every document allows)" ]
ok_if "a date before year 1000 is refused" "$status $err"

# ---- readers: bidirectional controls in names and identifiers
$PY - "$top_srcdir/tests/fixtures/catalog/valid.xml" "$work/bidi.xml" <<'PYEOF'
import sys
v = open(sys.argv[1], "rb").read()
i = v.index(b"<identifier>") + len(b"<identifier>")
open(sys.argv[2], "wb").write(v[:i] + "\u202e".encode() + v[i:])
PYEOF
run catalog list "$work/bidi.xml"
case "$status:$err" in
1:*"identifier: character 1 is a bidirectional control character (U+202E), not allowed in a name or identifier") report "a catalogue identifier with U+202E is refused" yes ;;
*) report "a catalogue identifier with U+202E is refused" no "$status $err" ;;
esac

# ---- names and identifiers of every document type refuse bidirectional controls
# bidi SRC DST NEEDLE CP: DST is SRC with code point CP inserted after the first NEEDLE.
bidi() {
	$PY - "$1" "$2" "$3" "$4" <<'PYEOF'
import sys
v = open(sys.argv[1], "rb").read()
needle = sys.argv[3].encode()
i = v.index(needle) + len(needle)
open(sys.argv[2], "wb").write(v[:i] + chr(int(sys.argv[4], 16)).encode() + v[i:])
PYEOF
}
# expect_bidi WHAT WANT ARGS...: exit 1, nothing on stdout, stderr exactly WANT.
expect_bidi() {
	what=$1 want=$2
	shift 2
	run "$@"
	[ "$status" = 1 ] && [ -z "$out" ] && [ "$err" = "$want" ]
	ok_if "$what" "status $status${nl}stdout: $out${nl}stderr: $err${nl}wanted: $want"
}
# expect_pattern WHAT PART ARGS...: exit 1, nothing on stdout, PART in stderr
# (identifiers whose schema pattern is ASCII are refused by the schema first).
expect_pattern() {
	what=$1 want=$2
	shift 2
	run "$@"
	case $err in *"$want"*) r=0 ;; *) r=1 ;; esac
	[ "$status" = 1 ] && [ -z "$out" ] && [ $r = 0 ]
	ok_if "$what" "status $status${nl}stdout: $out${nl}stderr: $err${nl}wanted: $want"
}
rlo=$(printf '\342\200\256')
tail_msg="is a bidirectional control character (U+202E), not allowed in a name or identifier"
bidi "$top_srcdir/tests/fixtures/ledger/book.xml" "$work/b-ledger.xml" '<entity name="' 202e
expect_bidi "ledger: the entity's name with U+202E" "datasset ledger: line 6, ledger/entity/@name: character 1 $tail_msg" ledger run "$work/b-ledger.xml"
bidi "$top_srcdir/tests/fixtures/ledger/book.xml" "$work/b-ledger.xml" 'code="1002' 2066
expect_bidi "ledger: an account code with U+2066" "datasset ledger: line 11, ledger/accounts/account/@code: character 5 is a bidirectional control character (U+2066), not allowed in a name or identifier" ledger run "$work/b-ledger.xml"
bidi "$top_srcdir/tests/fixtures/ledger/book.xml" "$work/b-ledger.xml" '<asset id="D' 202e
expect_bidi "ledger: an asset id with U+202E" "datasset ledger: line 16, ledger/asset[1]: id: character 2 $tail_msg" ledger run "$work/b-ledger.xml"
bidi "$top_srcdir/tests/fixtures/ledger/book.xml" "$work/b-ledger.xml" 'name="企业' 202e
expect_bidi "ledger: an asset name with U+202E" "datasset ledger: line 16, ledger/asset[1]: asset 'D1'/name: character 3 $tail_msg" ledger run "$work/b-ledger.xml"
bidi "$top_srcdir/tests/fixtures/valuation/example.xml" "$work/b-val.xml" '<subject name="城市' 202e
expect_bidi "valuation: the subject's name with U+202E" "datasset value: line 4, valuation/subject/@name: character 3 $tail_msg" value "$work/b-val.xml"
bidi "$top_srcdir/tests/fixtures/valuation/example.xml" "$work/b-val.xml" 'code="DA' 202e
expect_bidi "valuation: the subject's code with U+202E" "datasset value: line 4, valuation/subject/@code: character 3 $tail_msg" value "$work/b-val.xml"
bidi "$top_srcdir/tests/fixtures/valuation/example.xml" "$work/b-val.xml" '<cost id="' 202e
expect_pattern "valuation: an approach id with U+202E (the schema's pattern)" "line 12, valuation/cost: Element '{urn:datasset:valuation:1}cost', attribute 'id': [facet 'pattern'] The value '${rlo}cost' is not accepted" value "$work/b-val.xml"
bidi "$top_srcdir/tests/fixtures/valuation/example.xml" "$work/b-val.xml" '<coefficient name="' 202e
expect_bidi "valuation: a coefficient name with U+202E" "datasset value: line 22, valuation/market/comparable/coefficient[1]/@name: character 1 $tail_msg" value "$work/b-val.xml"
bidi "$top_srcdir/schemas/policies/jinan-2025.xml" "$work/b-policy.xml" 'id="jinan' 202e
expect_pattern "policy: the policy id with U+202E (the schema's pattern)" "attribute 'id': [facet 'pattern'] The value 'jinan${rlo}-2025' is not accepted" policy show "$work/b-policy.xml"
bidi "$top_srcdir/schemas/policies/jinan-2025.xml" "$work/b-policy.xml" '<programme id="p1" title="' 202e
expect_bidi "policy: a programme title with U+202E" "datasset policy: line 16, policy/programme[1]/@title: character 1 $tail_msg" policy show "$work/b-policy.xml"
bidi "$top_srcdir/tests/fixtures/policy/worked-example.xml" "$work/b-apps.xml" 'name="Provider ' 202e
expect_bidi "applications: an applicant name with U+202E" "datasset policy: line 5, applications/applicant[1]/@name: character 10 $tail_msg" policy evaluate "$work/b-apps.xml"
bidi "$top_srcdir/tests/fixtures/policy/worked-example.xml" "$work/b-apps.xml" '<product id="A' 202e
expect_pattern "applications: a product id with U+202E (the schema's pattern)" "line 6: Element '{urn:datasset:applications:1}product', attribute 'id': [facet 'pattern'] The value 'A${rlo}-1' is not accepted" policy evaluate "$work/b-apps.xml"
# The registry: names, actors and ids refuse them, nothing is written; free
# text (a reason) keeps them for mixed-direction writing.
events_now() { $PY -c "import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute('SELECT COUNT(*) FROM events').fetchone()[0])" "$DATASSET_DB"; }
before=$(events_now)
expect_bidi "registry: a registrant name with U+202E" "datasset registry: name: character 3 $tail_msg" registry subject add --code 91310000MA1FL4QX20 --name "测试${rlo}企业"
expect_bidi "registry: an entry id with U+202E" "datasset registry: entry_id: character 4 $tail_msg" registry apply --subject "$S" --kind product --right 经营权 --entry "$fixtures/entry.xml" --entry-id "urn${rlo}:x"
expect_bidi "registry: a transition's actor with U+202E" "datasset registry: actor: character 6 $tail_msg" registry advance 1 --to withdrawn --by "clerk${rlo}" --reason ok
[ "$(events_now)" = "$before" ]
ok_if "registry: nothing was written" "$before $(events_now)"
run registry init --db "$work/bidi.db" --name "登记${rlo}机构" --region 370100
[ "$status" = 1 ] && [ "$err" = "datasset registry: name: character 3 $tail_msg" ] && [ ! -e "$work/bidi.db" ]
ok_if "registry: a registry name with U+202E, and no file is left" "$status $err $(ls "$work")"

# ---- readers: DCAT import applies the native format's limits
$PY - "$work/dcat.rdf" "$work/long.rdf" <<'PYEOF'
import re, sys
v = open(sys.argv[1], "rb").read()
m = re.search(rb"<dct:title[^>]*>", v)
open(sys.argv[2], "wb").write(v[:m.end()] + "题".encode() * 100001 + v[m.end():])
PYEOF
run catalog import-dcat "$work/long.rdf"
case "$status:$err" in
1:*"title: "*" characters, more than the 100000 allowed (the catalogue's text-length limit)") report "import-dcat refuses a title the native format cannot hold" yes ;;
*) report "import-dcat refuses a title the native format cannot hold" no "$status $(printf '%.300s' "$err")" ;;
esac

# ---- readers: a valuation document with 10^6 periods is refused before it is loaded
$PY - "$top_srcdir/tests/fixtures/valuation/example.xml" "$work/periods.xml" 1000000 <<'PYEOF'
import sys
v = open(sys.argv[1]).read()
a, b = v.index("<period"), v.index("</income>")
open(sys.argv[2], "w").write(v[:a] + '<period income="1000000"/>\n' * int(sys.argv[3]) + v[b:])
PYEOF
/usr/bin/time -o "$work/peak" -f '%M' "$prog" value "$work/periods.xml" >/dev/null 2>"$work/err2"
peak=$(tail -n 1 "$work/peak")
err=$(cat "$work/err2")
case "$err" in
*"bytes is more than the 16777216 a valuation document may have (its size limit)") [ "${peak:-999999}" -lt 65536 ] ;;
*) false ;;
esac
ok_if "a 27 MB valuation document is refused by its size limit (peak ${peak} KB)" "$err"
$PY - "$top_srcdir/tests/fixtures/valuation/example.xml" "$work/periods.xml" 250000 <<'PYEOF'
import sys
v = open(sys.argv[1]).read()
a, b = v.index("<period"), v.index("</income>")
open(sys.argv[2], "w").write(v[:a] + '<period income="1"/>\n' * int(sys.argv[3]) + v[b:])
PYEOF
run value "$work/periods.xml"
case "$status:$err" in
1:*"more than 200000 elements (the valuation document's element-count limit)") report "250,000 periods: the element-count limit, before a DOM" yes ;;
*) report "250,000 periods: the element-count limit" no "$status $err" ;;
esac

echo "cli_harden: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
