#!/bin/sh
# Certificates issued by the registry, from the command line: init (with its
# key) → subject → apply → through publicity → registered → `registry
# certificate ID --out FILE` → `cert verify FILE --key PUB.pem` passes; a
# tampered copy fails and the report names the check. Both profiles
# (Ed25519/SHA-256 and SM2/SM3). Run by automake.
# SPDX-License-Identifier: MIT

top_srcdir=${top_srcdir:-.}
. "$top_srcdir/tests/cli_lib.sh"
fixtures="$top_srcdir/tests/fixtures/registry"
calendar="$top_srcdir/schemas/calendars/cn-2024-2025-sample.xml"

expect() {
	want=$1 what=$2
	shift 2
	run "$@"
	[ "$status" = "$want" ]
	report "$what" $([ $? = 0 ] && echo yes || echo no) "status $status (want $want)${nl}stdout: $out${nl}stderr: $err"
}
has() {
	case $1 in *"$2"*) echo yes ;; *) echo no ;; esac
}

S=91350100M000100Y43

for profile in intl gm; do
	DATASSET_DB="$work/$profile.db"
	export DATASSET_DB
	expect 0 "$profile: registry init" registry init --name 济南市数据资产登记平台 --region 370100 --profile $profile
	expect 0 "$profile: calendar" registry calendar "$calendar"
	expect 0 "$profile: subject" registry subject add --code "$S" --name 测试企业
	run registry pubkey
	printf '%s\n' "$out" >"$work/pub.pem"
	expect 0 "$profile: apply" registry apply --subject "$S" --kind product --right 经营权 --entry "$fixtures/entry.xml" --scope 全国范围内经营 --term 2025-03-20/2030-03-19 --restrictions 不得转授权 --at 2025-03-03T09:00
	expect 1 "$profile: no certificate before registration" registry certificate 1
	report "$profile: ... says why" $(has "$err" "has no certificate") "$err"
	for state in accepted review publicity; do
		expect 0 "$profile: advance to $state" registry advance 1 --to $state --by 审核员 --reason ok --at 2025-03-03T10:00
	done
	expect 0 "$profile: advance to registered" registry advance 1 --to registered --by 审核员 --reason ok --at 2025-03-20
	number=$(printf '%s\n' "$out" | sed -n 2p)
	expect 0 "$profile: registry certificate 1 --out c.xml" registry certificate 1 --out "$work/c.xml"
	expect 0 "$profile: registry certificate 1 (stdout)" registry certificate 1
	[ "$out" = "$(cat "$work/c.xml")" ]
	report "$profile: stdout and --out give the same document" $([ $? = 0 ] && echo yes || echo no) ""
	report "$profile: the certificate carries the registration's number" $(has "$(cat "$work/c.xml")" ">$number</number>") "$number"
	report "$profile: ... the term as stored" $(has "$(cat "$work/c.xml")" 'start="2025-03-20" end="2030-03-19"') ""
	expect 0 "$profile: cert verify c.xml --key PUB.pem" cert verify "$work/c.xml" --key "$work/pub.pem"
	report "$profile: ... checks the inclusion in the log" $(has "$out" "ok   inclusion") "$out"
	expect 0 "$profile: the log still matches the events" log verify

	# Tampered: the registrant's name changed after signing.
	sed 's/测试企业/测试公司/' "$work/c.xml" >"$work/t.xml"
	expect 1 "$profile: a tampered copy fails verification" cert verify "$work/t.xml" --key "$work/pub.pem"
	report "$profile: ... naming the signature check" $(has "$out$err" "FAIL signature") "$out$err"
	# Tampered evidence: another log index.
	sed 's/<logEvidence index="[0-9]*"/<logEvidence index="0"/' "$work/c.xml" >"$work/t2.xml"
	expect 1 "$profile: a copy with another log index fails" cert verify "$work/t2.xml" --key "$work/pub.pem"
	report "$profile: ... naming the inclusion check" $(has "$out$err" "FAIL inclusion") "$out$err"
	# 变更: the new certificate supersedes the first; 注销 issues none.
	expect 0 "$profile: apply for a change" registry apply --subject "$S" --kind product --right 经营权 --entry "$fixtures/entry.xml" --type change --changes 1 --scope 山东省内经营 --at 2025-04-01T09:00
	for state in accepted review publicity; do
		expect 0 "$profile: change: advance to $state" registry advance 2 --to $state --by 审核员 --reason ok --at 2025-04-01T10:00
	done
	expect 0 "$profile: change: registered" registry advance 2 --to registered --by 审核员 --reason ok --at 2025-04-20
	expect 0 "$profile: change: registry certificate 2" registry certificate 2 --out "$work/c2.xml"
	report "$profile: ... supersedes the first certificate" $(has "$(cat "$work/c2.xml")" "<supersedes>$number</supersedes>") "$(cat "$work/c2.xml")"
	expect 0 "$profile: ... and verifies" cert verify "$work/c2.xml" --key "$work/pub.pem"
	expect 0 "$profile: the first certificate still verifies" cert verify "$work/c.xml" --key "$work/pub.pem"
	expect 0 "$profile: apply for a cancellation" registry apply --subject "$S" --kind product --right 经营权 --entry "$fixtures/entry.xml" --type cancellation --changes 2 --at 2025-05-06T09:00
	for state in accepted review publicity; do
		expect 0 "$profile: cancellation: advance to $state" registry advance 3 --to $state --by 审核员 --reason ok --at 2025-05-06T10:00
	done
	expect 0 "$profile: cancellation: registered" registry advance 3 --to registered --by 审核员 --reason ok --at 2025-05-30
	expect 1 "$profile: a cancellation has no certificate" registry certificate 3
	expect 0 "$profile: the log still matches the events after all three" log verify

	expect 2 "$profile: certificate needs an ID" registry certificate
	expect 1 "$profile: certificate of an unknown registration" registry certificate 99
done

echo "cli_registry_certificate: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
