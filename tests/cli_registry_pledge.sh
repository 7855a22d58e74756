#!/bin/sh
# Pledges (质押) from the command line (docs/pledge.md), in both signature
# profiles: a registered data product (valid to 2028-03-31) pledged to a bank
# (A) and a lender (B) as in pledge.md's worked example; every operation on
# the pledged right refused with its message and nothing changed (the log's
# size and the registration's history the same); the signed 质押登记证明
# verified by `datasset cert verify` and by xmllint + openssl alone, a
# tampered one refused by both; enforcement and the distribution
# (A 2,065,000.00, B 935,000.00); the 事业单位 and due-date refusals;
# concurrency: two processes applying for the same pledge (one pledge
# contract) at once: one wins, the other gets a clear error.
# With DS_TEST_PG set the same steps run on PostgreSQL registries.
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

H=91350100M000100Y43
BANK=91370100MA00000010
LENDER=91370100MA00000023
BUYER=91370100MA3C5EJQ3J
INST=12370100MB00000017

for profile in intl gm; do
	DATASSET_DB="$work/$profile.db"
	if [ -n "${DS_TEST_PG:-}" ]; then
		DATASSET_DB="$DS_TEST_PG&registry=pledge_${profile}_$$&keys=$work"
	fi
	export DATASSET_DB
	expect 0 "$profile: init" registry init --name 济南市数据资产登记平台 --region 370100 --profile $profile
	expect 0 "$profile: calendar" registry calendar "$calendar"
	expect 0 "$profile: holder" registry subject add --code $H --name 某电力数据公司
	expect 0 "$profile: bank" registry subject add --code $BANK --name 某银行济南分行 --type enterprise
	expect 0 "$profile: lender" registry subject add --code $LENDER --name 某小额贷款公司 --type enterprise
	expect 0 "$profile: buyer" registry subject add --code $BUYER --name 买方企业 --type enterprise
	expect 0 "$profile: 事业单位" registry subject add --code $INST --name 某事业单位
	run registry pubkey
	printf '%s\n' "$out" >"$work/pub.pem"
	for who in $H $INST; do
		expect 0 "$profile: apply ($who)" registry apply --subject $who --kind product --right 经营权 --entry "$fixtures/entry.xml" --scope 全国范围内经营 --term 2024-12-20/2028-03-31 --at 2024-12-02T09:00
	done
	for id in 1 2; do
		for state in accepted review publicity; do
			expect 0 "$profile: $id: $state" registry advance $id --to $state --by 审核员 --reason ok --at 2024-12-02T10:00
		done
		expect 0 "$profile: $id: registered" registry advance $id --to registered --by 审核员 --reason ok --at 2024-12-20
	done

	# Pledges A and B.
	expect 0 "$profile: pledge add A" registry pledge add --registration 1 --pledgor $H --pledgee $BANK --pledgee-kind bank --claim-type 借款 --principal 2,000,000.00 --due 2026-03-14 --main-contract 借款合同A --pledge-contract 质押合同A --external-system 统一登记系统 --external-number ZD-A --external-time 2025-03-03T09:00 --at 2025-03-03T09:00
	report "$profile: ... prints the pledge id" $([ "$out" = 1 ] && echo yes || echo no) "$out"
	expect 0 "$profile: pledge add B" registry pledge add --registration 1 --pledgor $H --pledgee $LENDER --claim-type 借款 --principal 1500000.00 --due 2026-03-31 --main-contract 借款合同B --pledge-contract 质押合同B --external-system 统一登记系统 --external-time 2025-05-12T09:00 --at 2025-05-12T09:00
	for id in 1 2; do
		at=$([ $id = 1 ] && echo 2025-03-03T10:00 || echo 2025-05-12T10:00)
		expect 0 "$profile: pledge $id accepted" registry pledge advance $id --to accepted --by 登记员 --reason 受理 --at $at
		expect 0 "$profile: pledge $id review" registry pledge advance $id --to 审查 --by 登记员 --reason 审查 --at $at
		expect 0 "$profile: pledge $id reviewed" registry pledge review $id --by 登记员 --reason 审查通过 --at $at
		report "$profile: ... active with a Z number" $(has "$out" "active${nl}370100-2025-Z-0000000$id-") "$out"
	done
	expect 0 "$profile: status (public)" registry pledge status 1
	report "$profile: ... 有质押, ranks, no amounts" $([ "$(has "$out" "有质押")" = yes ] && [ "$(has "$out" "顺位 2")" = yes ] && [ "$(has "$out" "2000000.00")" = no ] && echo yes || echo no) "$out"
	expect 0 "$profile: status --parties" registry pledge status 1 --parties
	report "$profile: ... with the amounts" $(has "$out" "主债权 2000000.00") "$out"
	expect 0 "$profile: registry show: the encumbrance" registry show 1
	report "$profile: ... 有质押 and the pledges, no amounts" $([ "$(has "$out" "encumbrance      有质押${nl}pledge           370100-2025-Z-00000001-")" = yes ] && [ "$(has "$out" "2000000.00")" = no ] && echo yes || echo no) "$out"
	code=$(printf '%s\n' "$out" | sed -n 's/^query-code *//p')
	expect 0 "$profile: registry query CODE (the public query)" registry query "$code"
	report "$profile: ... shows the encumbrance too" $(has "$out" "encumbrance      有质押") "$out"
	expect 0 "$profile: status of the other registration" registry pledge status 2
	report "$profile: ... 无质押" $([ "$out" = 无质押 ] && echo yes || echo no) "$out"

	# Refused operations, nothing changed.
	# The log's size and root (the head's second and third lines; its timestamp is the signing time).
	run log head
	head_before=$(printf '%s\n' "$out" | sed -n 2,3p)
	run registry history 1
	history_before=$out
	expect 1 "$profile: transfer refused" registry trade add --seller $H --buyer $BUYER --product 1 --amount 5000000 --date 2025-08-01 --venue off --voucher BA-1
	report "$profile: ... with the reason" $([ "$(has "$err" "有质押")" = yes ] && [ "$(has "$err" "transfer (转移) refused without the written consent of every pledgee")" = yes ] && echo yes || echo no) "$err"
	expect 1 "$profile: 注销 refused" registry advance 1 --to cancelled --by 审核员 --reason 申请注销 --at 2025-08-01
	report "$profile: ... until released" $(has "$err" "refused until every pledge is released") "$err"
	expect 1 "$profile: 注销登记 refused" registry apply --subject $H --kind product --right 经营权 --entry "$fixtures/entry.xml" --type cancellation --changes 1 --at 2025-08-01T09:00
	expect 1 "$profile: 变更 refused" registry apply --subject $H --kind product --right 经营权 --entry "$fixtures/entry.xml" --type change --changes 1 --scope 山东省内 --at 2025-08-01T09:00
	report "$profile: ... names the change" $(has "$err" "a change (变更)") "$err"
	run log head
	report "$profile: nothing logged by the refusals" $([ "$(printf '%s\n' "$out" | sed -n 2,3p)" = "$head_before" ] && echo yes || echo no) "$out"
	run registry history 1
	report "$profile: the registration's history unchanged" $([ "$out" = "$history_before" ] && echo yes || echo no) "$out"
	expect 0 "$profile: no trade recorded" registry list --state registered

	# The 质押登记证明: datasset and the standard tools.
	expect 0 "$profile: pledge certificate 1 --out" registry pledge certificate 1 --out "$work/p.xml"
	expect 0 "$profile: cert verify the pledge certificate" cert verify "$work/p.xml" --key "$work/pub.pem"
	report "$profile: ... a pledge certificate, in the log" $([ "$(has "$out" "ok   structure: a valid pledge certificate")" = yes ] && [ "$(has "$out" "ok   inclusion")" = yes ] && echo yes || echo no) "$out"
	sed 's/2000000.00/3000000.00/' "$work/p.xml" >"$work/pt.xml"
	expect 1 "$profile: a tampered pledge certificate fails" cert verify "$work/pt.xml" --key "$work/pub.pem"
	report "$profile: ... at the signature" $(has "$out$err" "FAIL signature") "$out$err"
	if [ $profile = gm ]; then
		sm2_opts="-digest sm3 -pkeyopt distid:1234567812345678"
	else
		sm2_opts=
	fi
	if command -v xmllint >/dev/null && command -v openssl >/dev/null; then
		mkdir -p "$work/std-$profile" && cp "$work/p.xml" "$work/pt.xml" "$work/pub.pem" "$work/std-$profile/"
		(
			cd "$work/std-$profile" &&
				sed 's|<signature [^>]*>[^<]*</signature>||' p.xml >unsigned.xml &&
				xmllint --exc-c14n unsigned.xml >canonical &&
				sed -n 's|.*<signature [^>]*>\([^<]*\)</signature>.*|\1|p' p.xml | openssl base64 -d -A >signature.bin &&
				openssl pkeyutl -verify -pubin -inkey pub.pem -rawin $sm2_opts -in canonical -sigfile signature.bin
		) >"$work/std.out" 2>&1
		report "$profile: openssl verifies the pledge certificate" $([ $? = 0 ] && echo yes || echo no) "$(cat "$work/std.out")"
		(
			cd "$work/std-$profile" &&
				sed 's|<signature [^>]*>[^<]*</signature>||' pt.xml >unsigned-t.xml &&
				xmllint --exc-c14n unsigned-t.xml >canonical-t &&
				! openssl pkeyutl -verify -pubin -inkey pub.pem -rawin $sm2_opts -in canonical-t -sigfile signature.bin
		) >"$work/std.out" 2>&1
		report "$profile: openssl refuses the tampered one" $([ $? = 0 ] && echo yes || echo no) "$(cat "$work/std.out")"
	else
		echo "skip - $profile: standard tools (xmllint or openssl missing)"
	fi

	# ACTIVE → ACTIVE: a change of the due date (a new version); one after the validity is refused.
	expect 0 "$profile: change B's due date" registry pledge change 2 --due 2026-06-30 --by $LENDER --reason 展期 --at 2025-09-01T09:00
	expect 0 "$profile: ... the record's version 5 has it" registry pledge record 2 --version 5
	report "$profile: ... dueDate 2026-06-30" $(has "$out" 'dueDate="2026-06-30"') "$out"
	expect 1 "$profile: a due date after the validity" registry pledge change 2 --due 2028-06-30 --by $LENDER --reason 展期 --at 2025-09-02T09:00
	report "$profile: ... refused naming it" $(has "$err" "after the registration's validity ends on 2028-03-31") "$err"

	# Enforcement and the worked example's distribution.
	expect 0 "$profile: enforce A" registry pledge enforce 1 --claim 2,065,000.00 --by $BANK --reason 债务违约 --at 2026-04-01T09:00
	expect 0 "$profile: enforce B" registry pledge enforce 2 --claim 1,520,000.00 --by $LENDER --reason 债务违约 --at 2026-04-01T09:00
	expect 0 "$profile: distribute 3,000,000.00" registry pledge distribute --registration 1 --proceeds 3,000,000.00 --by 法院 --reason 拍卖价款分配 --at 2026-04-20T09:00
	report "$profile: ... A 2,065,000.00, B 935,000.00 (585,000.00 short), pledgor 0" $([ "$(has "$out" "1	1	370100-2025-Z-00000001-")" = yes ] && [ "$(has "$out" "2065000.00	2065000.00	0.00")" = yes ] && [ "$(has "$out" "1520000.00	935000.00	585000.00")" = yes ] && [ "$(has "$out" "pledgor				0.00")" = yes ] && echo yes || echo no) "$out"
	expect 0 "$profile: show A" registry pledge show 1
	report "$profile: ... enforced" $(has "$out" "enforced (已实现)") "$out"
	expect 0 "$profile: record of A, version 1" registry pledge record 1 --version 1
	report "$profile: ... the application" $(has "$out" 'state="submitted"') "$out"
	expect 0 "$profile: list by pledgee" registry pledge list --pledgee $LENDER
	report "$profile: ... B only" $([ "$(printf '%s\n' "$out" | wc -l)" = 1 ] && [ "$(has "$out" "$LENDER")" = yes ] && echo yes || echo no) "$out"
	expect 0 "$profile: registry show after enforcement" registry show 1
	report "$profile: ... 无质押" $(has "$out" "encumbrance      无质押") "$out"
	expect 0 "$profile: status after enforcement" registry pledge status 1
	report "$profile: ... 无质押" $([ "$out" = 无质押 ] && echo yes || echo no) "$out"
	expect 0 "$profile: the log still matches the events" log verify

	# The refusals of pledge.md: a 事业单位 pledgor (check 6) and a due date after the validity (check 3).
	expect 0 "$profile: pledge by the 事业单位" registry pledge add --registration 2 --pledgor $INST --pledgee $BANK --claim-type 借款 --principal 100 --due 2026-03-14 --main-contract M --pledge-contract P --at 2025-06-01T09:00
	inst=$out
	expect 0 "$profile: pledge due 2028-06-30" registry pledge add --registration 1 --pledgor $H --pledgee $BANK --claim-type 借款 --principal 100 --due 2028-06-30 --main-contract M --pledge-contract P --at 2026-05-01T09:00
	late=$out
	for id in $inst $late; do
		expect 0 "$profile: pledge $id accepted" registry pledge advance $id --to accepted --by 登记员 --reason 受理 --at 2026-05-01T10:00
		expect 0 "$profile: pledge $id review" registry pledge advance $id --to review --by 登记员 --reason 审查 --at 2026-05-01T10:00
		expect 0 "$profile: pledge $id reviewed" registry pledge review $id --by 登记员 --reason 审查 --at 2026-05-01T10:00
		saved=$out
		if [ $id = $inst ]; then
			report "$profile: ... 事业单位 rejected (check 6)" $([ "$(has "$saved" "rejected")" = yes ] && [ "$(has "$saved" "check 6")" = yes ] && [ "$(has "$saved" "行政事业单位")" = yes ] && echo yes || echo no) "$saved"
		else
			report "$profile: ... due after the validity rejected (check 3)" $([ "$(has "$saved" "rejected")" = yes ] && [ "$(has "$saved" "check 3: the debt is due 2028-06-30, after the registration's validity ends on 2028-03-31")" = yes ] && echo yes || echo no) "$saved"
		fi
	done
	expect 1 "$profile: no certificate for a rejected pledge" registry pledge certificate $inst
	expect 1 "$profile: an unlisted transition" registry pledge advance $inst --to submitted --by x --reason y
	report "$profile: ... says which" $(has "$err" "cannot go from rejected (不予登记) to submitted (申请)") "$err"

	# Concurrency: two processes apply for the same pledge (one pledge contract) at once.
	for k in 1 2; do
		"$prog" registry pledge add --registration 2 --pledgor $INST --pledgee $LENDER --claim-type 借款 --principal 100 --due 2026-03-14 --main-contract M --pledge-contract 同一质押合同 >"$work/c$k.out" 2>"$work/c$k.err" &
	done
	wait
	ok=0
	for k in 1 2; do
		[ -s "$work/c$k.out" ] && ok=$((ok + 1))
	done
	report "$profile: concurrent applications: exactly one wins" $([ $ok = 1 ] && echo yes || echo no) "$(cat "$work/c1.out" "$work/c1.err" "$work/c2.out" "$work/c2.err")"
	report "$profile: ... the other says why" $(has "$(cat "$work/c1.err" "$work/c2.err")" "pledge contract '同一质押合同' is already recorded for registration 2") "$(cat "$work/c1.err" "$work/c2.err")"

	# Usage errors.
	expect 2 "$profile: unknown subcommand" registry pledge frobnicate
	expect 2 "$profile: add without --principal" registry pledge add --registration 1 --pledgor $H --pledgee $BANK --claim-type x --due 2026-01-01
	expect 2 "$profile: a bad amount" registry pledge enforce 1 --claim abc --by x --reason y
	expect 2 "$profile: an unknown state" registry pledge advance 1 --to nowhere --by x --reason y
	expect 1 "$profile: an unknown pledge" registry pledge show 99
done

echo "cli_registry_pledge: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
