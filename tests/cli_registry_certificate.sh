#!/bin/sh
# Certificates issued by the registry, from the command line: init (with its
# key) → subject → apply → through publicity → registered → `registry
# certificate ID --out FILE` → `cert verify FILE --key PUB.pem` passes; a
# tampered copy fails and the report names the check. Both profiles
# (Ed25519/SHA-256 and SM2/SM3). `cert issue ID` gives the same document. 注销:
# the cancellation record (`registry cancellation ID`, `cert cancellation ID`)
# verifies, with datasset and with the standard tools of docs/certificate.md,
# and fails when tampered with. Run by automake on SQLite files; with
# DS_TEST_PG set (a postgresql:// URI with its query begun, from
# tests/registry_postgresql.sh) the same steps run on PostgreSQL registries.
# SPDX-License-Identifier: MIT

top_srcdir=${top_srcdir:-.}
PYTHON=${PYTHON:-python3}
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
	# A registry per profile: a SQLite file, or a registry key on PostgreSQL
	# (its key files in $work).
	DATASSET_DB="$work/$profile.db"
	missing="$work/none.db"
	if [ -n "${DS_TEST_PG:-}" ]; then
		DATASSET_DB="$DS_TEST_PG&registry=cert_${profile}_$$&keys=$work"
		missing="$DS_TEST_PG&registry=none_$$"
	fi
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
	# The issue's name for it: cert issue ID [--out FILE] [--db PATH], the same document.
	expect 0 "$profile: cert issue 1" cert issue 1
	[ "$out" = "$(cat "$work/c.xml")" ]
	report "$profile: cert issue 1 gives the registry's certificate" $([ $? = 0 ] && echo yes || echo no) ""
	expect 0 "$profile: cert issue 1 --db DB --out FILE" cert issue 1 --db "$DATASSET_DB" --out "$work/ci.xml"
	cmp -s "$work/ci.xml" "$work/c.xml"
	report "$profile: cert issue --out writes the same document" $([ $? = 0 ] && echo yes || echo no) ""
	report "$profile: the certificate carries the registration's number" $(has "$(cat "$work/c.xml")" ">$number</number>") "$number"
	report "$profile: ... the term as stored" $(has "$(cat "$work/c.xml")" 'end="2030-03-19" start="2025-03-20"') ""
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
	expect 1 "$profile: ... nor has cert issue" cert issue 3
	expect 0 "$profile: the log still matches the events after all three" log verify
	# 注销: the cancelled registration 2 has a signed cancellation record, found under 2 or 3.
	number2=$(sed -n 's|.*<number kind="product">\([^<]*\)</number>.*|\1|p' "$work/c2.xml")
	expect 0 "$profile: registry cancellation 2 --out x.xml" registry cancellation 2 --out "$work/x.xml"
	expect 0 "$profile: registry cancellation 3 (the 注销登记)" registry cancellation 3
	[ "$out" = "$(cat "$work/x.xml")" ]
	report "$profile: ... the same record" $([ $? = 0 ] && echo yes || echo no) "$out"
	expect 0 "$profile: cert cancellation 2 --out" cert cancellation 2 --out "$work/x2.xml"
	cmp -s "$work/x.xml" "$work/x2.xml"
	report "$profile: ... cert cancellation writes it too" $([ $? = 0 ] && echo yes || echo no) ""
	report "$profile: the record names the certificate it cancels" $(has "$(cat "$work/x.xml")" "registration=\"2\">$number2</cancels>") "$(cat "$work/x.xml")"
	expect 0 "$profile: cert verify the cancellation record" cert verify "$work/x.xml" --key "$work/pub.pem"
	report "$profile: ... a valid cancellation record of the certificate" $(has "$out" "ok   structure: a valid cancellation record (注销) of certificate $number2 (registration 2)") "$out"
	report "$profile: ... its inclusion in the log" $(has "$out" "ok   inclusion") "$out"
	expect 0 "$profile: cert show the cancellation record" cert show "$work/x.xml"
	report "$profile: ... shows what it cancels and when" $(has "$out" "cancels: $number2${nl}kind: product${nl}registration: 2") "$out"
	report "$profile: ... cancelled on the 注销登记's registration date" $(has "$out" "cancelled: 2025-05-30${nl}cancelled (大写): 贰零贰伍年伍月零叁拾日") "$out"
	sed 's/<reason>ok</<reason>no</' "$work/x.xml" >"$work/xt.xml"
	expect 1 "$profile: a tampered cancellation record fails" cert verify "$work/xt.xml" --key "$work/pub.pem"
	report "$profile: ... naming the signature" $(has "$out$err" "FAIL signature") "$out$err"
	expect 1 "$profile: registry cancellation of a registration not cancelled" registry cancellation 1
	report "$profile: ... says why" $(has "$err" "has no cancellation record") "$err"
	# Directly: a fourth registration, registered, then cancelled.
	expect 0 "$profile: apply (4)" registry apply --subject "$S" --kind resource --right 持有权 --entry "$fixtures/entry.xml" --at 2025-06-02T09:00
	for state in accepted review publicity; do
		expect 0 "$profile: 4: advance to $state" registry advance 4 --to $state --by 审核员 --reason ok --at 2025-06-02T10:00
	done
	expect 0 "$profile: 4: registered" registry advance 4 --to registered --by 审核员 --reason ok --at 2025-06-20
	expect 0 "$profile: 4: cancelled directly" registry advance 4 --to cancelled --by 审核员 --reason 权利人申请注销 --at 2025-07-01
	expect 0 "$profile: cert cancellation 4" cert cancellation 4 --out "$work/x4.xml"
	report "$profile: ... with the transition's reason, no cancelledBy" $([ "$(has "$(cat "$work/x4.xml")" "<reason>权利人申请注销</reason>")" = yes ] && [ "$(has "$(cat "$work/x4.xml")" "cancelledBy")" = no ] && echo yes || echo no) "$(cat "$work/x4.xml")"
	expect 0 "$profile: ... verifies" cert verify "$work/x4.xml" --key "$work/pub.pem"
	expect 0 "$profile: the log still matches the events after the cancellations" log verify

	# The standard-tool verification of docs/certificate.md, on the cancellation record.
	if [ $profile = gm ]; then
		sm2_opts="-digest sm3 -pkeyopt distid:1234567812345678"
		hash=sm3
	else
		sm2_opts=
		hash=sha256
	fi
	if command -v xmllint >/dev/null && command -v openssl >/dev/null; then
		mkdir -p "$work/std-$profile" && cp "$work/x.xml" "$work/std-$profile/cert.xml" && cp "$work/pub.pem" "$work/std-$profile/"
		(
			cd "$work/std-$profile" &&
				sed 's|<signature [^>]*>[^<]*</signature>||' cert.xml >unsigned.xml &&
				xmllint --exc-c14n unsigned.xml >canonical &&
				sed -n 's|.*<signature [^>]*>\([^<]*\)</signature>.*|\1|p' cert.xml | openssl base64 -d -A >signature.bin &&
				openssl pkeyutl -verify -pubin -inkey pub.pem -rawin $sm2_opts -in canonical -sigfile signature.bin
		) >"$work/std.out" 2>&1
		report "$profile: standard tools verify the cancellation record's signature" $([ $? = 0 ] && echo yes || echo no) "$(cat "$work/std.out")"
		(
			cd "$work/std-$profile" && sed 's/权利人/权力人/; s/<reason>ok</<reason>no</' canonical >changed &&
				! openssl pkeyutl -verify -pubin -inkey pub.pem -rawin $sm2_opts -in changed -sigfile signature.bin
		) >"$work/std.out" 2>&1
		report "$profile: standard tools: a changed reason fails" $([ $? = 0 ] && echo yes || echo no) "$(cat "$work/std.out")"
		(
			cd "$work/std-$profile" &&
				sed -z 's|<logEvidence.*</logEvidence>||' unsigned.xml >entry.xml &&
				xmllint --exc-c14n entry.xml >entry.c14n &&
				"$PYTHON" "$top_srcdir/tests/verify_inclusion.py" $hash cert.xml entry.c14n
		) >"$work/std.out" 2>&1
		report "$profile: standard tools: hashlib proves the record's inclusion" $([ $? = 0 ] && echo yes || echo no) "$(cat "$work/std.out")"
	else
		echo "skip - $profile: standard tools (xmllint or openssl missing)"
	fi

	expect 2 "$profile: certificate needs an ID" registry certificate
	expect 1 "$profile: certificate of an unknown registration" registry certificate 99
	expect 2 "$profile: cert issue needs an ID" cert issue
	expect 2 "$profile: cert issue with a bad ID" cert issue x1
	expect 2 "$profile: cert issue with --key" cert issue 1 --key k
	expect 1 "$profile: cert issue of an unknown registration" cert issue 99
	expect 1 "$profile: cert issue on a missing database" cert issue 1 --db "$missing"
	expect 2 "$profile: cert verify with --db" cert verify "$work/c.xml" --key "$work/pub.pem" --db x
done

echo "cli_registry_certificate: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
