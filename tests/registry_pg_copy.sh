#!/bin/sh
# `datasset registry copy` between the backends, from the command line: a
# SQLite registry with certificates copied into PostgreSQL and back into a
# new file; the certificates are the same byte for byte, `log verify` passes
# on each, their log roots at the same size are the same, the copies go on
# registering; copying onto a registry is refused and changes nothing.
# Run by tests/registry_postgresql.sh (DS_TEST_PG set).
# SPDX-License-Identifier: MIT

top_srcdir=${top_srcdir:-.}
. "$top_srcdir/tests/cli_lib.sh"
fixtures="$top_srcdir/tests/fixtures/registry"
[ -n "${DS_TEST_PG:-}" ] || { echo "registry_pg_copy: SKIP: DS_TEST_PG is not set"; exit 77; }

expect() {
	want=$1 what=$2
	shift 2
	run "$@"
	[ "$status" = "$want" ]
	report "$what" $([ $? = 0 ] && echo yes || echo no) "status $status (want $want)${nl}stdout: $out${nl}stderr: $err"
}

S=91350100M000100Y43

# register N APPLIED REGISTERED: apply and take registration N to registered.
register() {
	expect 0 "apply $1" registry apply --subject "$S" --kind product --right 经营权 --entry "$fixtures/entry.xml" --at "$2T09:00"
	for state in accepted review publicity; do
		expect 0 "advance $1 to $state" registry advance $1 --to $state --by 审核员 --reason ok --at "$2T10:00"
	done
	expect 0 "advance $1 to registered" registry advance $1 --to registered --by 审核员 --reason ok --at "$3"
}
file="$work/a.db"
pg="$DS_TEST_PG&registry=copy_$$&keys=$work"
back="$work/b.db"
DATASSET_DB=$file
export DATASSET_DB
expect 0 "init" registry init --name 济南市数据资产登记平台 --region 370100
expect 0 "subject" registry subject add --code "$S" --name 测试企业
for i in 1 2 3; do
	register $i 2025-03-03 2025-03-20
done
expect 0 "copy SQLite → PostgreSQL" registry copy --from "$file" --to "$pg"
case $out in *"certificates: 3 rows, identical"*"log: size "*) r=yes ;; *) r=no ;; esac
report "... the report names the rows and the log" $r "$out"
expect 0 "copy PostgreSQL → SQLite" registry copy --from "$pg" --to "$back"
for db in "$file" "$pg" "$back"; do
	expect 0 "log verify on ${db%%\?*}" log verify --db "$db"
done
for i in 1 2 3; do
	"$prog" registry certificate $i --db "$file" >"$work/c$i.a" 2>&1
	"$prog" registry certificate $i --db "$pg" >"$work/c$i.p" 2>&1
	"$prog" registry certificate $i --db "$back" >"$work/c$i.b" 2>&1
	cmp -s "$work/c$i.a" "$work/c$i.p" && cmp -s "$work/c$i.a" "$work/c$i.b" && [ -s "$work/c$i.a" ]
	report "certificate $i: the same bytes in the three registries" $([ $? = 0 ] && echo yes || echo no) ""
done
# The same log root at the same size: the checkpoints' size and root lines.
for db in "$file" "$pg" "$back"; do
	"$prog" log head --db "$db" 2>&1 | sed -n 2,3p
done >"$work/heads"
[ "$(sort -u "$work/heads" | wc -l)" -eq 2 ]
report "log head: the same size and root in the three registries" $([ $? = 0 ] && echo yes || echo no) "$(cat "$work/heads")"
# Onto a registry: refused, nothing changed.
cp "$back" "$work/b.before"
expect 1 "copy onto a registry is refused" registry copy --from "$file" --to "$back"
cmp -s "$back" "$work/b.before"
report "... and the file is unchanged" $([ $? = 0 ] && echo yes || echo no) ""
expect 1 "copy onto a PostgreSQL registry is refused" registry copy --from "$file" --to "$pg"
expect 2 "copy without --to" registry copy --from "$file"
expect 1 "copy with a password in the URI" registry copy --from "$file" --to "postgresql://u:pw@localhost/db"
case $err in *pw*) r=no ;; *) r=yes ;; esac
report "... the message does not repeat the password" $r "$err"
# The copies go on: the next certificate number follows on each.
for db in "$pg" "$back"; do
	DATASSET_DB=$db
	register 4 2025-04-01 2025-04-20
	case $out in *"370100-2025-P-00000004-"*) r=yes ;; *) r=no ;; esac
	report "... its number follows the copied ones" $r "$out"
done

echo "registry_pg_copy: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
