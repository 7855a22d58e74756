#!/bin/sh
# datasset registry: the command line end to end, exit statuses and messages,
# and two processes registering at once (certificate numbers stay gap-free
# and duplicate-free). Run by automake with top_builddir and top_srcdir set.
# SPDX-License-Identifier: MIT

top_srcdir=${top_srcdir:-.}
. "$top_srcdir/tests/cli_lib.sh"
fixtures="$top_srcdir/tests/fixtures/registry"
calendar="$top_srcdir/schemas/calendars/cn-2024-2025-sample.xml"

DATASSET_DB="$work/r.db"
export DATASSET_DB

# check STATUS STDOUT STDERR ARGS...: exact status, stdout and stderr.
check() {
	want_status=$1 want_out=$2 want_err=$3
	shift 3
	run "$@"
	if [ "$status" = "$want_status" ] && [ "$out" = "$want_out" ] && [ "$err" = "$want_err" ]; then
		report "datasset $*" yes
	else
		report "datasset $*" no "status $status (want $want_status)${nl}stdout: $out${nl}  want: $want_out${nl}stderr: $err${nl}  want: $want_err"
	fi
}
ok() {
	want=$1
	shift
	check 0 "$want" "" "$@"
}
fails() {
	message=$1
	shift
	check 1 "" "datasset registry: $message" "$@"
}
usage() {
	message=$1
	shift
	check 2 "" "datasset registry: $message${nl}Try 'datasset registry --help'." "$@"
}
# grab ARGS...: run and keep stdout in $out, failing the check when status is not 0.
grab() {
	run "$@"
	[ "$status" = 0 ] || report "datasset $*" no "status $status${nl}stderr: $err"
}

S=91350100M000100Y43
B=91370100MA3C5EJQ3J

# ---- setup
run registry --help
first=$(printf '%s\n' "$out" | sed -n 1p)
[ "$status" = 0 ] && [ "$first" = "Usage: datasset registry <subcommand> [--db PATH] [options]" ]
report "datasset registry --help" $([ $? = 0 ] && echo yes || echo no) "$first"
fails "registry database '$work/r.db' does not exist or cannot be opened" registry list
run registry init --name 济南市数据资产登记平台 --region 370100
key1=$(printf '%s\n' "$out" | sed -n 's/^key \([0-9a-f]\{64\}\)$/\1/p')
[ "$status" = 0 ] && [ "$(printf '%s\n' "$out" | sed -n 1p)" = "$work/r.db" ] && [ -n "$key1" ] && [ -z "$err" ]
report "datasset registry init: prints the database and the new key's identifier" $([ $? = 0 ] && echo yes || echo no) "$out$nl$err"
key1_16=$(printf '%.16s' "$key1")
mode=$(stat -c %a "$work/r.db.$key1_16.key.pem" 2>/dev/null)
[ "$mode" = 600 ] && [ -f "$work/r.db.$key1_16.pub.pem" ]
report "registry init: private key file mode 0600 beside the database, public key beside it" $([ $? = 0 ] && echo yes || echo no) "mode $mode"
check 0 "$(cat "$work/r.db.$key1_16.pub.pem")" "" registry pubkey
run registry pubkey
printf '%s\n' "$out" | openssl pkey -pubin -noout -text 2>/dev/null | grep -q '^ED25519 Public-Key'
report "registry pubkey: an Ed25519 public key openssl reads" $([ $? = 0 ] && echo yes || echo no) "$out"
fails "registry: no key with identifier 00" registry pubkey --key-id 00
usage "--profile must be intl or gm, not 'xx'" registry rotate-key --profile xx
run registry rotate-key --profile gm
key2=$(printf '%s\n' "$out" | sed -n 's/^key \([0-9a-f]\{64\}\)$/\1/p')
[ "$status" = 0 ] && [ -n "$key2" ] && [ "$key2" != "$key1" ]
report "registry rotate-key --profile gm: a new key" $([ $? = 0 ] && echo yes || echo no) "$out$nl$err"
run registry pubkey
printf '%s\n' "$out" | openssl pkey -pubin -noout -text 2>/dev/null | grep -q 'SM2'
report "registry pubkey after rotation: the SM2 key is current" $([ $? = 0 ] && echo yes || echo no) "$out"
check 0 "$(cat "$work/r.db.$key1_16.pub.pem")" "" registry pubkey --key-id "$key1"
fails "registry: '$work/r.db' already holds a registry" registry init --name x --region 370100
fails "region: 'abc' is not a six-digit region code (GB/T 2260)" registry init --db "$work/other.db" --name x --region abc
usage "--profile must be intl or gm, not 'rsa'" registry init --db "$work/other.db" --name x --region 370100 --profile rsa
ok "50 days" registry calendar "$calendar"
ok "$S	测试企业	enterprise	350100" registry subject add --code 91350100m000100y43 --name 测试企业
ok "$B	买方企业	enterprise	370100" registry subject add --code "$B" --name 买方企业 --type 企业
fails "登记主体 $S is already registered" registry subject add --code "$S" --name again
fails "统一社会信用代码: position 18: check character is '4', expected '3'" registry subject add --code 91350100M000100Y44 --name x
fails "统一社会信用代码: position 2: character not allowed (valid: 0123456789ABCDEFGHJKLMNPQRTUWXY)" registry subject add --code 9O350100M000100Y43 --name x
usage "unknown registrant type 'company' (valid: agency, institution, enterprise, other, or the Chinese names)" registry subject add --code 91110000600037341L --name x --type company
usage "missing --name" registry subject add --code 91110000600037341L
ok "$S	测试企业	enterprise	350100" registry subject show "$S"
ok "$S	测试企业	enterprise	350100${nl}$B	买方企业	enterprise	370100" registry subject list
ok "$B	买方企业	enterprise	370100" registry subject list --offset 1 --limit 5

# ---- the workflow
ok 1 registry apply --subject "$S" --kind product --right 经营权 --entry "$fixtures/entry.xml" --at 2025-01-20T09:00
fails "登记主体 91110000600037341L is not registered" registry apply --subject 91110000600037341L --kind product --right 经营权 --entry "$fixtures/entry.xml"
usage "unknown kind 'dataset' (valid: resource, product, asset, ip, or the Chinese names)" registry apply --subject "$S" --kind dataset --right 经营权 --entry "$fixtures/entry.xml"
usage "give the entry as --entry ENTRY.xml or --catalog FILE --entry-id ID" registry apply --subject "$S" --kind product --right 经营权
usage "--catalog needs --entry-id ID (the entry to register)" registry apply --subject "$S" --kind product --right 经营权 --catalog "$top_srcdir/examples/data/catalog-jinan.xml"
run registry apply --subject "$S" --kind product --right 经营权 --entry "$fixtures/not-entry.xml"
case "$status:$err" in
1:*"is not a catalogue entry: expected <resource> in urn:datasset:catalog:1"*) report "apply rejects a non-catalogue entry" yes ;;
*) report "apply rejects a non-catalogue entry" no "$status $err" ;;
esac
# The entry is read by the catalogue module: its schema and rules, with line and field path.
printf '<resource xmlns="urn:datasset:catalog:1">\n<title>T</title>\n<identifier>X</identifier></resource>\n' >"$work/order.xml"
printf '<resource xmlns="urn:datasset:catalog:1"><identifier>X</identifier><title>T</title>\n<keyword> </keyword></resource>\n' >"$work/keyword.xml"
run registry apply --subject "$S" --kind product --right 经营权 --entry "$work/order.xml"
case "$status:$out:$err" in
"1::datasset registry: $work/order.xml: line 3, resource/identifier: Element '{urn:datasset:catalog:1}identifier': This element is not expected."*) report "apply validates the entry against the catalogue schema" yes ;;
*) report "apply validates the entry against the catalogue schema" no "$status $out $err" ;;
esac
fails "line 2, resource/keyword: empty keyword" registry apply --subject "$S" --kind product --right 经营权 --entry "$work/keyword.xml"
# Hostile text: a NUL or invalid UTF-8 in the entry, control characters, a 10,000-character name.
printf '<resource xmlns="urn:datasset:catalog:1"><identifier>A\0B</identifier><title>T</title></resource>' >"$work/nul.xml"
printf '<resource xmlns="urn:datasset:catalog:1"><identifier>A\377B</identifier><title>T</title></resource>' >"$work/bad.xml"
for entry in nul bad; do
	run registry apply --subject "$S" --kind product --right 经营权 --entry "$work/$entry.xml"
	case "$status:$out:$err" in
	"1::datasset registry: $work/$entry.xml: line 1: "*) report "apply refuses $entry.xml" yes ;;
	*) report "apply refuses $entry.xml" no "$status $out $err" ;;
	esac
done
fails "scope: character 2 is a control character (U+0001)" registry apply --subject "$S" --kind product --right 经营权 --entry "$fixtures/entry.xml" --scope "$(printf 'a\001b')"
long=$(awk 'BEGIN { for (i = 0; i < 10000; i++) printf "名" }')
fails "name: 10000 characters, at most 200 allowed" registry subject add --code 91110000600037341L --name "$long"
ok "" registry list --state withdrawn
ok accepted registry advance 1 --to accepted --by clerk --reason 材料齐全 --at 2025-01-21
fails "registration 1: cannot go from accepted (受理) to registered (登记)" registry advance 1 --to registered --by clerk --reason x --at 2025-03-01
fails "registration 1: 2025-01-20T15:00:00Z is before its last transition at 2025-01-20T16:00:00Z" registry advance 1 --to review --by clerk --reason x --at 2025-01-20T23:00
usage "unknown state 'publicised' (valid: draft, submitted, accepted, review, publicity, objection, registered, rejected, withdrawn, changed, corrected, cancelled, or the Chinese names)" registry advance 1 --to publicised --by clerk --reason x
usage "missing --reason" registry advance 1 --to review --by clerk
usage "--at: time '2025-01-22T10': not a time HH:MM at position 12 (expected YYYY-MM-DD[THH:MM[:SS]][Z|+HH:MM|-HH:MM]; no offset means China Standard Time, +08:00)" registry advance 1 --to review --by clerk --reason x --at '2025-01-22T10'
ok review registry advance 1 --to 形式审查 --by clerk --reason ok --at 2025-01-22
ok publicity registry advance 1 --to 公示 --by clerk --reason ok --at 2025-01-23
run registry show 1
case "$out" in
*"publicity        2025-01-23${nl}publicity-end    2025-02-12"*) report "show gives the publicity period (10 working days over 春节 2025)" yes ;;
*) report "show gives the publicity period" no "$out" ;;
esac
fails "registration 1: 公示 (publicity) runs until 2025-02-12; register after it" registry advance 1 --to registered --by clerk --reason ok --at 2025-02-12T23:59
# The current key is the SM2 one of the rotation above, on a SHA-256 log: no
# verifiable certificate can be issued, so registering is refused and nothing changes.
fails "registration 1: the registry's current signing key is SM2/SM3, whose digest is not the log's (SHA-256), so it cannot issue the certificate (登记凭证); rotate to a key of the log's profile (intl)" registry advance 1 --to registered --by clerk --reason ok --at 2025-02-13
run registry show 1
case $out in
*"state            publicity"*) report "a refused registration stays in publicity" yes ;;
*) report "a refused registration stays in publicity" no "$out" ;;
esac
run registry rotate-key --profile intl
report "registry rotate-key --profile intl: back to the log's profile" $([ "$status" = 0 ] && echo yes || echo no) "$out$nl$err"
grab registry advance 1 --to registered --by clerk --reason ok --at 2025-02-13
cert=$(printf '%s\n' "$out" | sed -n 2p)
code=$(printf '%s\n' "$out" | sed -n 3p)
[ "$(printf '%s\n' "$out" | sed -n 1p)" = registered ] && [ "$cert" = 370100-2025-P-00000001-M ]
report "registered prints the certificate number" $([ $? = 0 ] && echo yes || echo no) "$out"
ok valid registry check-number "$cert"
fails "certificate number: check character is '2', expected 'M'" registry check-number 370100-2025-P-00000001-2
grab registry query "$code"
case "$out" in
*"certificate      $cert"*) report "registry query finds the registration by its query code" yes ;;
*) report "registry query finds the registration by its query code" no "$out" ;;
esac
fails "no registration has the query code AAAA-AAAA-AAAA-AAAA" registry query aaaa-aaaa-aaaa-aaaa
grab registry history 1
[ "$(printf '%s\n' "$out" | wc -l)" -eq 5 ] && [ "$(printf '%s\n' "$out" | sed -n 5p)" = "2025-02-12T16:00:00Z	2025-02-13	publicity	registered	clerk	ok" ]
report "registry history lists five transitions" $([ $? = 0 ] && echo yes || echo no) "$out"
ok "1	registered	$S	product	operating	370100-QX-0001	$cert" registry list --state 登记
ok "" registry list --state submitted
ok "" registry list --subject "$B"
fails "registration 9 does not exist" registry show 9
run registry entry 1
[ "$status" = 0 ] && [ "$out" = "$(cat "$fixtures/entry.xml")" ]
report "registry entry prints the stored entry verbatim" $([ $? = 0 ] && echo yes || echo no) "$out"

ok 2 registry apply --subject "$S" --kind asset --right 持有权 --entry "$fixtures/entry.xml" --probe "$fixtures/probe.xml" --valuation "$fixtures/valuation.xml"
run registry valuation 2
[ "$status" = 0 ] && [ "$out" = "$(cat "$fixtures/valuation.xml")" ]
report "registry valuation prints the stored valuation result" $([ $? = 0 ] && echo yes || echo no) "$out"
fails "registration 1 has no probe report" registry probe 1

# ---- trades and the applications export
ok 1 registry trade add --seller "$S" --buyer "$B" --product 1 --amount 150,000.00 --date 2025-03-01 --venue on --voucher JY-2025-0001
ok 2 registry trade add --seller "$S" --buyer "$B" --product 1 --amount 6000000 --date 2025-06-01 --venue 场外 --voucher BA-2025-0001
fails "voucher JY-2025-0001 is already recorded (场内)" registry trade add --seller "$S" --buyer "$B" --product 1 --amount 1 --date 2025-03-02 --venue on --voucher JY-2025-0001
fails "amount must be exact to the fen (at most 2 decimal places)" registry trade add --seller "$S" --buyer "$B" --product 1 --amount 1.001 --date 2025-03-02 --venue on --voucher X
usage "--venue must be on or off, not 'maybe'" registry trade add --seller "$S" --buyer "$B" --product 1 --amount 1 --date 2025-03-02 --venue maybe --voucher X
grab registry export-applications --window 2024-11-01:2025-10-31
printf '%s\n' "$out" >"$work/applications.xml"
case "$out" in
*'<product id="370100-2025-P-00000001-M" listed="2025-02-13" certificate="true" trade-voucher="true"/>'*'<trade product="370100-2025-P-00000001-M" date="2025-03-01" amount="150000.00"/>'*'<filing role="provider" date="2025-06-01" amount="6000000.00"/>'*) report "export-applications lists products, trades and filings" yes ;;
*) report "export-applications lists products, trades and filings" no "$out" ;;
esac
# The export feeds the subsidy engine as it is.
run policy evaluate --format machine-csv "$work/applications.xml"
case "$status:$out" in
0:*"$S,测试企业,p3,,"*) report "policy evaluate reads the registry's export" yes ;;
*) report "policy evaluate reads the registry's export" no "$status $out $err" ;;
esac
usage "--window must be FROM:TO (YYYY-MM-DD:YYYY-MM-DD), not '2024-11-01'" registry export-applications --window 2024-11-01
# 入表: a data asset registered, recognised in the accounts with the 服务商 B; programme 6 (50,000) then beats p3.
grab registry apply --subject "$S" --kind asset --right 持有权 --entry "$fixtures/entry.xml" --entry-id A-1 --at 2025-03-03T09:00
asset=$(printf '%s\n' "$out" | sed -n 1p)
for state in accepted review publicity; do
	grab registry advance "$asset" --to $state --by clerk --reason ok --at 2025-03-03T10:00
done
grab registry advance "$asset" --to registered --by clerk --reason ok --at 2025-03-20
rec="--date 2025-04-01 --amount 150,000 --provider $B --founded 2015-01-01 --approved --independent --clean"
fails "registration 1 is not a data asset (数据资产) registration" registry recognition add --registration 1 $rec --filing RB-1
fails "服务商 qualification 'doctor' is not one of cpa (注册会计师), appraiser (注册资产评估师), data_governance (数据治理工程师), lawyer (律师)" registry recognition add --registration "$asset" $rec --filing RB-1 --qualifications cpa,doctor
fails "provider: the 服务商 must be a third party, not the registrant $S" registry recognition add --registration "$asset" --date 2025-04-01 --amount 150000 --provider "$S" --founded 2015-01-01 --filing RB-1
usage "missing --filing" registry recognition add --registration "$asset" $rec
ok 1 registry recognition add --registration "$asset" $rec --filing RB-2025-001 --qualifications cpa,lawyer
fails "入表备案号 RB-2025-001 is already recorded" registry recognition add --registration "$asset" $rec --filing RB-2025-001
grab registry export-applications --window 2024-11-01:2025-10-31
printf '%s\n' "$out" >"$work/applications2.xml"
case "$out" in
*'<recognition id="RB-2025-001" date="2025-04-01" amount="150000.00" registered="true">'*'<provider id="'"$B"'" name="买方企业" founded="2015-01-01" approved="true" independent="true" clean="true" qualifications="cpa lawyer"/>'*) report "export-applications lists the 入表 filing" yes ;;
*) report "export-applications lists the 入表 filing" no "$out" ;;
esac
run policy evaluate --format machine-csv "$work/applications2.xml"
case "$status:$out" in
0:*"$S,测试企业,p6,"*) report "policy evaluate awards programme 6 (入表) from the registry's export" yes ;;
*) report "policy evaluate awards programme 6 (入表) from the registry's export" no "$status $out $err" ;;
esac
usage "unknown subcommand 'frobnicate'" registry frobnicate

# ---- two processes registering at once
n=12
register_many() {
	i=0
	while [ $i -lt $n ]; do
		id=$("$prog" registry apply --subject "$S" --kind resource --right 持有权 --entry "$fixtures/entry.xml" --at 2025-03-03T09:00) || return 1
		for state in accepted review publicity; do
			"$prog" registry advance "$id" --to $state --by "worker $1" --reason ok --at 2025-03-03T10:00 >/dev/null || return 1
		done
		"$prog" registry advance "$id" --to registered --by "worker $1" --reason ok --at 2025-03-20 | sed -n 2p >>"$work/numbers.$1" || return 1
		i=$((i + 1))
	done
}
register_many a &
pid_a=$!
register_many b &
pid_b=$!
wait $pid_a
status_a=$?
wait $pid_b
status_b=$?
sort "$work/numbers.a" "$work/numbers.b" >"$work/numbers"
seq 1 $((2 * n)) | while read -r k; do printf '370100-2025-R-%08d\n' "$k"; done >"$work/expected"
sed 's/-.$//' "$work/numbers" >"$work/sequences"
if [ $status_a = 0 ] && [ $status_b = 0 ] && cmp -s "$work/sequences" "$work/expected" &&
	[ "$(sort -u "$work/numbers" | wc -l)" -eq $((2 * n)) ] && [ -s "$work/numbers.a" ] && [ -s "$work/numbers.b" ]; then
	report "two concurrent processes: $((2 * n)) certificate numbers, gap-free and duplicate-free" yes
else
	report "two concurrent processes: certificate numbers gap-free and duplicate-free" no "status $status_a $status_b$nl$(cat "$work/numbers")"
fi
while read -r number; do
	"$prog" registry check-number "$number" >/dev/null || report "check-number $number" no ""
done <"$work/numbers"

# One entry of a catalogue, by identifier: the catalogue is read, the entry taken as an object.
grab registry apply --subject "$S" --kind resource --right 持有权 --catalog "$top_srcdir/examples/data/catalog-jinan.xml" --entry-id 30102/11370100MB1E28330Y-00002 --at 2025-03-03T09:00:00+08:00
cat_id=$(printf '%s\n' "$out" | sed -n 1p)
grab registry entry "$cat_id"
case "$out" in
*"<identifier>30102/11370100MB1E28330Y-00002</identifier>"*) report "apply --catalog --entry-id stores that entry" yes ;;
*) report "apply --catalog --entry-id stores that entry" no "$out$nl$err" ;;
esac
fails "no entry with identifier 'nope'" registry apply --subject "$S" --kind resource --right 持有权 --catalog "$top_srcdir/examples/data/catalog-jinan.xml" --entry-id nope

# A whole catalogue given as --entry: the message says how to take one entry of it.
cat_file="$top_srcdir/examples/data/catalog-jinan.xml"
fails "$cat_file is a catalogue of 61 entries, not one entry: register one of them with --catalog $cat_file --entry-id ID" registry apply --subject "$S" --kind resource --right 持有权 --entry "$cat_file" --entry-id 30102/11370100MB1E28330Y-00002

# Declared scale, coverage and quality: checked against an attached probe report, else certified as declared.
fails "declared record count (记录数) 5 contradicts the attached probe report, which counted 4" registry apply --subject "$S" --kind asset --right 持有权 --entry "$fixtures/entry.xml" --probe "$fixtures/probe.xml" --records 5
fails "a probe report is attached: the certificate states its GB/T 36344 indicators, not a declared quality summary" registry apply --subject "$S" --kind asset --right 持有权 --entry "$fixtures/entry.xml" --probe "$fixtures/probe.xml" --quality 优
usage "--records must be a positive integer, not '0'" registry apply --subject "$S" --kind asset --right 持有权 --entry "$fixtures/entry.xml" --records 0
usage "--bytes must be a positive integer, not '1e3'" registry apply --subject "$S" --kind asset --right 持有权 --entry "$fixtures/entry.xml" --bytes 1e3
grab registry apply --subject "$S" --kind asset --right 持有权 --entry "$fixtures/entry.xml" --records 1200 --fields 8 --coverage-region 济南市 --coverage-period 2020-01-01/2024-12-31 --quality "自评: 完整性 99%" --at 2025-06-02T09:00
decl_id=$out
for state in accepted review publicity; do
	grab registry advance "$decl_id" --to $state --by 审核员 --reason ok --at 2025-06-02T10:00
done
grab registry advance "$decl_id" --to registered --by 审核员 --reason ok --at 2025-06-20T09:00
grab registry certificate "$decl_id"
case "$out" in
*'records="1200"'*'2020-01-01/2024-12-31 (申报 (declared))'*'济南市'*'自评: 完整性 99% (申报 (declared))'*)
	report "declared figures are certified as declared" yes ;;
*) report "declared figures are certified as declared" no "$out" ;;
esac

# registry copy between two files (between the backends: tests/registry_pg_copy.sh).
run registry copy --from "$DATASSET_DB" --to "$work/copy.db"
case $status:$out in 0:*"identical"*"log: size "*) r=yes ;; *) r=no ;; esac
report "registry copy --from FILE --to NEW.db proves the copy" $r "$out$nl$err"
run log verify --db "$work/copy.db"
report "... the copy's log verifies" $([ "$status" = 0 ] && echo yes || echo no) "$out$nl$err"
fails "registry copy: '$work/copy.db' already holds a registry: nothing was copied" registry copy --from "$DATASSET_DB" --to "$work/copy.db"
usage "copy needs --from A --to B (files or postgresql:// URIs)" registry copy --from "$DATASSET_DB"
usage "copy takes no operands, only --from A --to B" registry copy x --from a --to b

echo "cli_registry: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
