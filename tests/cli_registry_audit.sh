#!/bin/sh
# `datasset registry audit` (issue 17): the tables and the stored documents
# are rebuilt from the signed log and compared. Every kind of tampering the
# issue lists is made with SQL on a copy of a real registry and must be
# reported with its row and its event, exit status 1, and the file left as
# it was; a removed tail or an older file restored is found against a head
# published earlier. Run by automake.
# SPDX-License-Identifier: MIT

top_srcdir=${top_srcdir:-.}
. "$top_srcdir/tests/cli_lib.sh"
fixtures="$top_srcdir/tests/fixtures/registry"
calendar="$top_srcdir/schemas/calendars/cn-2024-2025-sample.xml"
PYTHON=${PYTHON:-/usr/bin/python3}

expect() {
	want=$1 what=$2
	shift 2
	run "$@"
	[ "$status" = "$want" ]
	report "$what" $([ $? = 0 ] && echo yes || echo no) "status $status (want $want)${nl}stdout: $out${nl}stderr: $err"
}
sql() {
	"$PYTHON" - "$1" "$2" <<'PY'
import sqlite3, sys
c = sqlite3.connect(sys.argv[1])
c.executescript(sys.argv[2])
c.commit()
PY
}
# audit_finds DESCRIPTION PATTERN...: the audit fails (status 1), each
# PATTERN (a fixed string) is in its report, and the database is unchanged.
audit_finds() {
	what=$1
	shift
	before=$(cksum <"$db")
	run registry audit $audit_args
	ok=yes
	[ "$status" = 1 ] || ok=no
	for p in "$@"; do
		case $out in *"$p"*) ;; *) ok=no ;; esac
	done
	[ "$(cksum <"$db")" = "$before" ] || ok=no
	report "$what" $ok "status $status (want 1), wanted: $*${nl}stdout: $out${nl}stderr: $err"
}
reset() { cp "$work/clean.db" "$db"; }

S=91350100M000100Y43
B=91110000600037341L
db="$work/reg.db"
DATASSET_DB=$db
export DATASSET_DB

expect 0 "init" registry init --name 济南市数据资产登记平台 --region 370100
expect 0 "calendar" registry calendar "$calendar"
expect 0 "registrant" registry subject add --code "$S" --name 测试企业
expect 0 "buyer" registry subject add --code "$B" --name 买方企业
for id in 1 2; do
	expect 0 "apply $id" registry apply --subject "$S" --kind product --right 经营权 --entry "$fixtures/entry.xml" --entry-id "urn:test:$id" --at 2025-03-03T09:00
	for state in accepted review publicity; do
		expect 0 "$id: advance to $state" registry advance $id --to $state --by 审核员 --reason ok --at 2025-03-04
	done
	expect 0 "$id: advance to registered" registry advance $id --to registered --by 审核员 --reason ok --at 2025-04-10
done
expect 0 "trade" registry trade add --seller "$S" --buyer "$B" --product 1 --amount 1000.00 --date 2025-04-11 --venue on --voucher V-1
run registry pubkey
printf '%s\n' "$out" >"$work/pub.pem"

audit_args=
expect 0 "a registry as the library wrote it passes the audit" registry audit
case $out in ok:*) r=yes ;; *) r=no ;; esac
report "the audit says ok" $r "$out"
cp "$db" "$work/clean.db"
seq_of() { "$PYTHON" -c "import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute(sys.argv[2]).fetchone()[0])" "$db" "$1"; }
subject_event=$(seq_of "SELECT seq FROM events WHERE type = 'subject' ORDER BY seq LIMIT 1")
last=$(seq_of "SELECT MAX(seq) FROM events")
last_transition=$(seq_of "SELECT MAX(seq) FROM events WHERE type = 'transition'")

# A forged event row: never logged, reported with its seq; the forged rows
# it would explain are extra rows nobody logged.
sql "$db" "INSERT INTO events (type, at, body) VALUES ('subject', '2025-03-20T00:00:00Z', '{\"code\":\"91110000FORGED0000\",\"event\":\"subject\"}');
INSERT INTO subjects VALUES ('91110000FORGED0000', '伪造', 3, '110000', '2025-03-20T00:00:00Z');"
audit_finds "a forged event row is found with its seq" "event $((last + 1)) is in the events table but not in the log" "subjects 91110000FORGED0000: the table holds this row but no event in the log creates it"
reset

sql "$db" "UPDATE subjects SET name = '另一家企业' WHERE code = '$S'"
audit_finds "an edited registrant name is found with its row and event" "subjects $S: name is '另一家企业' in the table but '测试企业' by event $subject_event"
reset

sql "$db" "UPDATE registrations SET state = 11 WHERE id = 2"
audit_finds "an edited state is found" "registrations 2: state is '11' in the table but '6' by event $last_transition"
reset

sql "$db" "UPDATE registrations SET certificate = '370100-2025-2-00000009-X' WHERE id = 1"
audit_finds "an edited certificate number is found" "registrations 1: certificate is '370100-2025-2-00000009-X' in the table"
reset

sql "$db" "UPDATE transitions SET actor = '局长' WHERE seq = 3"
audit_finds "an edited transition actor is found" "transitions 3: actor is '局长' in the table but '审核员' by event"
reset

sql "$db" "UPDATE trades SET amount = '1.00' WHERE id = 1"
audit_finds "an edited trade amount is found" "trades 1: amount is '1.00' in the table but '1000.00' by event"
reset

sql "$db" "DELETE FROM transitions WHERE seq = (SELECT MAX(seq) FROM transitions)"
audit_finds "a deleted transition is found" "transitions 10: event $last_transition creates this row but the table does not hold it"
reset

# Registration 1's certificate copied into registration 2's row.
sql "$db" "UPDATE certificates SET xml = (SELECT xml FROM certificates WHERE registration = 1) WHERE registration = 2"
audit_finds "a certificate copied into another registration's row is found" "certificates 2: the stored document is not the one logged as event"
reset

# A restored older file and a removed tail: consistent in themselves, found
# only against a head published before.
cp "$db" "$work/older.db"
expect 0 "a third registrant" registry subject add --code 91310000MA1FL4QX20 --name 第三家
expect 0 "publish a head with log head --out" log head --out "$work/head"
[ -z "$out" ] && [ -s "$work/head" ] && [ ! -e "$work/head.tmp" ] && "$prog" log verify-checkpoint "$work/head" --key "$work/pub.pem" >/dev/null
report "log head --out writes a checkpoint that verifies, and no temporary file" $([ $? = 0 ] && echo yes || echo no) "$out"
expect 2 "--out is for head only" log verify --out "$work/x"
audit_args="--head $work/head --key $work/pub.pem"
expect 0 "the audit against the published head passes" registry audit $audit_args
cp "$work/older.db" "$db"
expect 0 "the older file alone passes log verify (consistent in itself)" log verify
audit_finds "the older file restored is found against the published head" "the log has $last entries but a published head has $((last + 1))"
# The tail rewritten: the older file with another event at the same size.
expect 0 "a different third registrant on the older file" registry subject add --code 91310000MA1FL4QX20 --name 第三家改
audit_finds "a rewritten tail is found against the published head" "do not have the published head's root hash"
# A head signed by another key.
cp "$work/clean.db" "$db"
"$prog" registry init --db "$work/other.db" --name 其他 --region 110000 >/dev/null 2>&1
"$prog" registry pubkey --db "$work/other.db" >"$work/other.pem"
audit_args="--head $work/head --key $work/other.pem"
audit_finds "a head not signed by the given key is found" "the published head is not a checkpoint of this registry's log signed by the given key"
printf 'not a checkpoint\n' >"$work/bad"
expect 1 "a head that is not a checkpoint is refused" registry audit --head "$work/bad"
expect 2 "--key without --head is a usage error" registry audit --key "$work/pub.pem"
expect 2 "audit takes no operand" registry audit 1

echo "cli_registry_audit: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
