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

echo "cli_harden: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
