#!/bin/sh
# The registry's transparency log from the command line: registry keys,
# `log head`, `log proof`, `log consistency` and `log verify` against a real
# registry database; the proofs checked with `log verify-*` and with an
# independent Python (hashlib) computation of the leaf hashes; rewritten
# history (an edited event row, an edited node, a replayed old head) detected.
# Both profiles (Ed25519/SHA-256 and SM2/SM3). Run by automake.
# SPDX-License-Identifier: MIT

top_srcdir=${top_srcdir:-.}
. "$top_srcdir/tests/cli_lib.sh"
fixtures="$top_srcdir/tests/fixtures/registry"
calendar="$top_srcdir/schemas/calendars/cn-2024-2025-sample.xml"
PYTHON=${PYTHON:-python3}

# expect STATUS DESCRIPTION ARGS...: the exit status only; output kept in $out/$err.
expect() {
	want=$1 what=$2
	shift 2
	run "$@"
	[ "$status" = "$want" ]
	report "$what" $([ $? = 0 ] && echo yes || echo no) "status $status (want $want)${nl}stdout: $out${nl}stderr: $err"
}
# The RFC 9162 leaf hash of event SEQ's body, computed from the file by Python.
leaf_of() {
	"$PYTHON" - "$1" "$2" "$3" <<'PY'
import hashlib, sqlite3, sys
db, seq, alg = sys.argv[1], int(sys.argv[2]), sys.argv[3]
body = sqlite3.connect(db).execute("SELECT body FROM events WHERE seq = ?", (seq,)).fetchone()[0]
h = hashlib.new("sha256" if alg == "sha256" else "sm3")
h.update(b"\x00" + body.encode("utf-8"))
print(h.hexdigest())
PY
}
sql() {
	"$PYTHON" - "$1" "$2" <<'PY'
import sqlite3, sys
c = sqlite3.connect(sys.argv[1])
c.execute(sys.argv[2])
c.commit()
PY
}

S=91350100M000100Y43

for profile in intl gm; do
	db="$work/$profile.db"
	DATASSET_DB=$db
	export DATASSET_DB
	if [ $profile = gm ]; then alg=sm3; else alg=sha256; fi
	if [ $alg = sm3 ] && ! "$PYTHON" -c 'import hashlib; hashlib.new("sm3")' 2>/dev/null; then
		report "# SKIP $profile: this Python's hashlib has no SM3" yes
		continue
	fi
	expect 0 "$profile: registry init" registry init --name 济南市数据资产登记平台 --region 370100 --profile $profile
	expect 0 "$profile: calendar" registry calendar "$calendar"
	expect 0 "$profile: subject" registry subject add --code "$S" --name 测试企业
	run registry pubkey
	printf '%s\n' "$out" >"$work/pub.pem"
	expect 0 "$profile: apply" registry apply --subject "$S" --kind product --right 经营权 --entry "$fixtures/entry.xml" --at 2025-03-03T09:00
	for state in accepted review publicity; do
		expect 0 "$profile: advance to $state" registry advance 1 --to $state --by 审核员 --reason ok --at 2025-03-03T10:00
	done
	expect 0 "$profile: log head" log head
	printf '%s\n' "$out" >"$work/h1"
	size1=$(sed -n 2p "$work/h1")
	expect 0 "$profile: the head verifies with the public key" log verify-checkpoint "$work/h1" --key "$work/pub.pem"
	[ "$(printf '%s\n' "$out" | sed -n 2p)" = "size $size1" ] && [ "$size1" -ge 8 ]
	report "$profile: the head's size ($size1) counts every event" $([ $? = 0 ] && echo yes || echo no) "$out"

	expect 0 "$profile: advance to registered" registry advance 1 --to registered --by 审核员 --reason ok --at 2025-03-20
	expect 0 "$profile: log head again" log head
	printf '%s\n' "$out" >"$work/h2"
	size2=$(sed -n 2p "$work/h2")

	# Inclusion of every entry: the log's leaf equals Python's hash of the stored event.
	bad=""
	i=0
	while [ $i -lt "$size2" ]; do
		"$prog" log proof $i >"$work/p" 2>"$work/err" || bad="$bad proof-$i"
		leaf=$(sed -n 's/^leaf //p' "$work/p")
		[ "$leaf" = "$(leaf_of "$db" $((i + 1)) $alg)" ] || bad="$bad leaf-$i"
		sed 1d "$work/p" >"$work/proof"
		"$prog" log verify-inclusion --key "$work/pub.pem" --checkpoint "$work/h2" --index $i --leaf-hash "$leaf" --proof "$work/proof" >/dev/null 2>&1 || bad="$bad verify-$i"
		i=$((i + 1))
	done
	[ -z "$bad" ]
	report "$profile: all $size2 entries: leaf = hashlib of the event row, proof verifies against the signed head" $([ $? = 0 ] && echo yes || echo no) "$bad"

	# An inclusion proof against an older size, and one for the wrong index.
	expect 0 "$profile: log proof 2 --size $size1" log proof 2 --size "$size1"
	printf '%s\n' "$out" | sed 1d >"$work/proof"
	leaf=$(printf '%s\n' "$out" | sed -n 's/^leaf //p')
	expect 0 "$profile: verify-inclusion against the older head" log verify-inclusion --key "$work/pub.pem" --checkpoint "$work/h1" --index 2 --leaf-hash "$leaf" --proof "$work/proof"
	expect 1 "$profile: the same proof for index 3 fails" log verify-inclusion --key "$work/pub.pem" --checkpoint "$work/h1" --index 3 --leaf-hash "$leaf" --proof "$work/proof"
	expect 1 "$profile: ... and against the newer head (wrong size) fails" log verify-inclusion --key "$work/pub.pem" --checkpoint "$work/h2" --index 2 --leaf-hash "$leaf" --proof "$work/proof"
	expect 1 "$profile: log proof past the end" log proof "$size2"
	[ "$err" = "datasset log: log index $size2 is past the end (size $size2)" ]
	report "$profile: ... names the index and size" $([ $? = 0 ] && echo yes || echo no) "$err"
	expect 2 "$profile: log proof -1 is a usage error" log proof -1

	# Consistency: the newer head extends the older one; a replayed old head does not pass for new.
	expect 0 "$profile: log consistency $size1 $size2" log consistency "$size1" "$size2"
	printf '%s\n' "$out" >"$work/cproof"
	expect 0 "$profile: verify-consistency old -> new" log verify-consistency --key "$work/pub.pem" --old "$work/h1" --new "$work/h2" --proof "$work/cproof"
	expect 1 "$profile: a replayed old head as the new one fails" log verify-consistency --key "$work/pub.pem" --old "$work/h2" --new "$work/h1" --proof "$work/cproof"

	expect 0 "$profile: log verify on untouched history" log verify
	[ "$out" = "ok: $size2 entries match the registry's events" ]
	report "$profile: ... reports the entry count" $([ $? = 0 ] && echo yes || echo no) "$out"

	# Rewrite history in the file: the transition to publicity (event 10, entry 9; event 2 is the
	# official calendar a new mainland registry loads) says objection instead.
	cp "$db" "$work/saved.db"
	sql "$db" "UPDATE events SET body = replace(body, '\"to\":\"publicity\"', '\"to\":\"objection\"') WHERE seq = 10"
	expect 1 "$profile: log verify after editing event 10" log verify
	[ "$err" = "datasset log: log entry 9 (event 10): the stored leaf hash does not match the event" ]
	report "$profile: ... names log entry 9 and event 10" $([ $? = 0 ] && echo yes || echo no) "$err"
	# Rewrite the stored nodes too (the leaf and every node above it) with the forged
	# event's hashes: the log then agrees with itself, but its new root cannot be
	# proved consistent with the head signed before the forgery.
	"$PYTHON" - "$db" $alg <<'PY'
import hashlib, sqlite3, sys
db, alg = sys.argv[1], sys.argv[2]
H = lambda b: hashlib.new("sha256" if alg == "sha256" else "sm3", b).digest()
c = sqlite3.connect(db)
leaves = [H(b"\x00" + r[0].encode()) for r in c.execute("SELECT body FROM events ORDER BY seq")]
level, nodes = 0, leaves
while nodes:
    for i, h in enumerate(nodes):
        c.execute("UPDATE log_nodes SET hash = ? WHERE level = ? AND idx = ?", (h.hex(), level, i))
    nodes = [H(b"\x01" + nodes[i] + nodes[i + 1]) for i in range(0, len(nodes) - 1, 2)]
    level += 1
c.commit()
PY
	expect 0 "$profile: a fully rewritten log agrees with the rewritten events" log verify
	expect 0 "$profile: log head over the rewritten history" log head
	printf '%s\n' "$out" >"$work/h3"
	expect 0 "$profile: log consistency $size1 $size2 (rewritten)" log consistency "$size1" "$size2"
	printf '%s\n' "$out" >"$work/cproof"
	expect 1 "$profile: the head signed before the rewrite is not consistent with the rewritten log" log verify-consistency --key "$work/pub.pem" --old "$work/h1" --new "$work/h3" --proof "$work/cproof"
	cp "$work/saved.db" "$db"
	sql "$db" "UPDATE log_nodes SET hash = (CASE WHEN substr(hash, 1, 2) = '00' THEN 'ff' ELSE '00' END) || substr(hash, 3) WHERE level = 1 AND idx = 1"
	expect 1 "$profile: log verify after editing a stored node" log verify
	[ "$err" = "datasset log: log node (level 1, index 1, entries 2-3) does not match its leaves" ]
	report "$profile: ... names the node and its entries" $([ $? = 0 ] && echo yes || echo no) "$err"
	cp "$work/saved.db" "$db"
	sql "$db" "DELETE FROM events WHERE seq = $size2"
	expect 1 "$profile: log verify after deleting the last event" log verify
done

# A row inserted at the end of `events` with SQLite directly is never logged:
# log verify names it and fails, log head signs nothing, writes are refused,
# reads that do not need the log still work, and none of this writes to the file.
DATASSET_DB="$work/forged.db"
export DATASSET_DB
expect 0 "forged: registry init" registry init --name 济南市数据资产登记平台 --region 370100
expect 0 "forged: calendar" registry calendar "$calendar"
expect 0 "forged: subject" registry subject add --code "$S" --name 测试企业
expect 0 "forged: apply" registry apply --subject "$S" --kind product --right 经营权 --entry "$fixtures/entry.xml" --at 2025-03-03T09:00
expect 0 "forged: log head before" log head
size=$(printf '%s\n' "$out" | sed -n 2p)
sql "$DATASSET_DB" "INSERT INTO events (type, at, body) VALUES ('subject', '2025-03-20T00:00:00Z', '{\"code\":\"91110000FORGED0000\",\"event\":\"subject\"}')"
forged=$((size + 1))
sum_before=$(cksum <"$DATASSET_DB")
expect 0 "forged: registry show 1 still works" registry show 1
expect 0 "forged: registry subject show still works" registry subject show "$S"
expect 1 "forged: log verify fails" log verify
case $err in *"event $forged "*) r=yes ;; *) r=no ;; esac
report "forged: ... naming event $forged" $r "$err"
expect 1 "forged: log head signs nothing" log head
case $err in *"event $forged "*) r=yes ;; *) r=no ;; esac
[ -z "$out" ] && [ $r = yes ]
report "forged: ... and says why" $([ $? = 0 ] && echo yes || echo no) "$out${nl}$err"
expect 1 "forged: no inclusion proof for the forged row" log proof "$size"
expect 1 "forged: registering a subject is refused" registry subject add --code 91110000600037341L --name 另一企业
case $err in *"event $forged "*) r=yes ;; *) r=no ;; esac
report "forged: ... naming event $forged" $r "$err"
expect 1 "forged: advancing is refused" registry advance 1 --to accepted --by 审核员 --reason ok --at 2025-03-21T10:00
expect 1 "forged: log verify still fails" log verify
[ "$(cksum <"$DATASSET_DB")" = "$sum_before" ] && [ ! -s "$DATASSET_DB-wal" ]
report "forged: nothing was written to the database" $([ $? = 0 ] && echo yes || echo no) "$(ls -l "$work")"
# Recovery (docs/registry.md): the row removed and the events' sequence set back.
sql "$DATASSET_DB" "DELETE FROM events WHERE seq = $forged"
sql "$DATASSET_DB" "UPDATE sqlite_sequence SET seq = $size WHERE name = 'events'"
expect 0 "forged: log verify after the row is removed" log verify
expect 0 "forged: writes go on" registry subject add --code 91110000600037341L --name 另一企业
expect 0 "forged: log verify after a write" log verify

# A private key file others can read is refused when the head is signed.
DATASSET_DB="$work/intl.db"
export DATASSET_DB
chmod 644 "$work"/intl.db.*.key.pem
expect 1 "a group/other-readable private key is refused" log head
case $err in *"accessible by group or others"*) r=yes ;; *) r=no ;; esac
report "... with a message saying why" $r "$err"

echo "cli_registry_log: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
