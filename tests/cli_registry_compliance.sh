#!/bin/sh
# Compliance assessments in the registry, from the command line
# (docs/compliance.md, "In the registry"): require-assessment by kind; the
# worked examples E1 (proceeds), E2 (proceeds domestic-only: no_outbound in
# the registration's restrictions and on the certificate) and E3 (rejected,
# R03/P02/P01 as the reason); a required kind without an assessment refused
# with nothing changed; expired evidence at the assessment date; a stale
# assessment after a probe of a CSV with an ID-card column; and the
# certificate with its restriction verified by xmllint and openssl alone
# (docs/certificate.md), a changed restriction refused. Run by automake on
# SQLite files; with DS_TEST_PG set (tests/registry_postgresql.sh) on
# PostgreSQL registries.
# SPDX-License-Identifier: MIT

top_srcdir=${top_srcdir:-.}
. "$top_srcdir/tests/cli_lib.sh"
fixtures="$top_srcdir/tests/fixtures"
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
DATASSET_DB="$work/r.db"
[ -n "${DS_TEST_PG:-}" ] && DATASSET_DB="$DS_TEST_PG&registry=compliance_$$&keys=$work"
export DATASSET_DB

expect 0 "registry init" registry init --name 济南市数据资产登记平台 --region 370100
expect 0 "calendar" registry calendar "$calendar"
expect 0 "subject" registry subject add --code "$S" --name 测试企业
run registry pubkey
printf '%s\n' "$out" >"$work/pub.pem"
expect 0 "products need a listing (挂牌) assessment" registry require-assessment --kind product --purpose list --by 平台管理员
expect 0 "resources need a registration assessment" registry require-assessment --kind resource --purpose register --by 平台管理员
expect 2 "require-assessment without --by is a usage error" registry require-assessment --kind product --purpose list
expect 1 "a bad purpose is refused by name" registry require-assessment --kind product --purpose 'li st' --by x
report "... naming the field" $(has "$err" "purpose 'li st'") "$err"

# Application n of @kind, taken to review on 2025-06-02.
to_review() {
	expect 0 "apply $1 ($2)" registry apply --subject "$S" --kind "$1" --right 经营权 --entry "$fixtures/registry/entry.xml" --at 2025-06-02T09:00
	for state in accepted review; do
		expect 0 "$2: $state" registry advance "$3" --to $state --by 审核员 --reason ok --at 2025-06-02T10:00
	done
}
# The log's size (line 2 of a signed tree head).
events() {
	run log head
	printf '%s\n' "$out" | sed -n 2p
}

# --- a required kind without an assessment: refused, nothing changed
to_review product none 1
before=$(events)
expect 1 "no assessment on file: publicity refused" registry advance 1 --to publicity --by 审核员 --reason ok --at 2025-06-02T11:00
report "... names what is missing" $(has "$err" "needs a compliance assessment (purpose 'list', checklist cn-2025)") "$err"
[ "$(events)" = "$before" ]
report "... nothing logged" $([ $? = 0 ] && echo yes || echo no) "$before → $(events)"
run registry show 1
report "... still in review" $(has "$out" "review") "$out"

# --- E2: conditional, restriction only: proceeds domestic-only
expect 0 "E2 assessed: proceeds" registry assess 1 --entry "$fixtures/compliance/e2-entry.xml" --evidence "$fixtures/compliance/e2-evidence.xml" --date 2025-03-20 --by 合规审查员 --at 2025-06-02T12:00
report "... conditional, proceed" $(has "$out" "conditional, proceed") "$out"
report "... no_outbound" $(has "$out" "restriction no_outbound: 限境内使用，不得向境外提供") "$out"
report "... now in publicity" $(has "$out" "registration 1: publicity") "$out"
run registry show 1
report "E2: the restriction code is in the registration's restrictions" $(has "$out" "no_outbound: 限境内使用，不得向境外提供") "$out"
expect 0 "E2: registered after publicity" registry advance 1 --to registered --by 审核员 --reason 公示期满 --at 2025-06-20
expect 0 "E2: certificate" registry certificate 1 --out "$work/e2.xml"
report "E2: the certificate prints the restriction" $(has "$(cat "$work/e2.xml")" '<restriction code="no_outbound">限境内使用，不得向境外提供</restriction>') "$(cat "$work/e2.xml")"
expect 0 "E2: cert verify" cert verify "$work/e2.xml" --key "$work/pub.pem"
expect 0 "E2: cert show prints it" cert show "$work/e2.xml"
report "... as a use restriction" $(has "$out" "use restriction: 限境内使用，不得向境外提供 (no_outbound)") "$out"
if command -v xmllint >/dev/null && command -v openssl >/dev/null; then
	mkdir -p "$work/std" && cp "$work/e2.xml" "$work/std/cert.xml" && cp "$work/pub.pem" "$work/std/"
	(
		cd "$work/std" &&
			xmllint --noout --schema "$top_srcdir/schemas/certificate.xsd" cert.xml 2>/dev/null ||
			xmllint --noout --schema "$OLDPWD/$top_srcdir/schemas/certificate.xsd" cert.xml
	) >"$work/std.out" 2>&1
	report "E2: the certificate is valid against certificate.xsd (xmllint)" $([ $? = 0 ] && echo yes || echo no) "$(cat "$work/std.out")"
	(
		cd "$work/std" &&
			sed 's|<signature [^>]*>[^<]*</signature>||' cert.xml >unsigned.xml &&
			xmllint --exc-c14n unsigned.xml >canonical &&
			sed -n 's|.*<signature [^>]*>\([^<]*\)</signature>.*|\1|p' cert.xml | openssl base64 -d -A >signature.bin &&
			openssl pkeyutl -verify -pubin -inkey pub.pem -rawin -in canonical -sigfile signature.bin
	) >"$work/std.out" 2>&1
	report "E2: xmllint + openssl alone verify the certificate with its restriction" $([ $? = 0 ] && echo yes || echo no) "$(cat "$work/std.out")"
	(
		cd "$work/std" && sed 's/限境内使用，不得向境外提供/可境外使用/' canonical >changed &&
			! openssl pkeyutl -verify -pubin -inkey pub.pem -rawin -in changed -sigfile signature.bin
	) >"$work/std.out" 2>&1
	report "E2: a restriction removed from the wording fails openssl" $([ $? = 0 ] && echo yes || echo no) "$(cat "$work/std.out")"
	sed 's/限境内使用，不得向境外提供/可境外使用/' "$work/e2.xml" >"$work/e2-changed.xml"
	expect 1 "E2: datasset refuses the changed certificate" cert verify "$work/e2-changed.xml" --key "$work/pub.pem"
else
	echo "skip - standard tools (xmllint or openssl missing)"
fi

# --- E3: fail: rejected with the failing items as the reason
to_review product E3 2
expect 4 "E3 assessed: rejected (exit 4)" registry assess 2 --entry "$fixtures/compliance/e3-entry.xml" --evidence "$fixtures/compliance/e3-evidence.xml" --date 2025-06-01 --by 合规审查员 --at 2025-06-02T12:00
report "... fail, reject" $(has "$out" "fail, reject") "$out"
report "... now rejected" $(has "$out" "registration 2: rejected") "$out"
run registry history 2
report "E3: the rejection's reason names R03" $(has "$out" "R03 授权链完整 NOT_SATISFIED") "$out"
report "E3: ... P02" $(has "$out" "P02 向他人提供的单独同意 NOT_SATISFIED") "$out"
report "E3: ... P01" $(has "$out" "P01 处理的合法性基础 NOT_SATISFIED") "$out"

# --- E1: pass (a resource registration)
to_review resource E1 3
expect 0 "E1 assessed: proceeds" registry assess 3 --entry "$fixtures/compliance/e1-entry.xml" --evidence "$fixtures/compliance/e1-evidence.xml" --date 2025-06-01 --by 合规审查员 --at 2025-06-02T12:00
report "... pass, proceed" $(has "$out" "pass, proceed") "$out"
report "... now in publicity" $(has "$out" "registration 3: publicity") "$out"
expect 1 "E1 for a product is refused (made for purpose register)" registry assess 1 --entry "$fixtures/compliance/e1-entry.xml" --evidence "$fixtures/compliance/e1-evidence.xml" --date 2025-06-01 --by 合规审查员 --at 2025-06-02T12:00

# --- expired evidence at the assessment date: held, S01 to supply
sed 's|issued="2020-03-01">|issued="2020-03-01" expires="2025-05-31">|' "$fixtures/compliance/e1-evidence.xml" >"$work/e1-expiring.xml"
to_review resource expired 4
expect 3 "licence expired the day before the assessment date: held (exit 3)" registry assess 4 --entry "$fixtures/compliance/e1-entry.xml" --evidence "$work/e1-expiring.xml" --date 2025-06-01 --by 合规审查员 --at 2025-06-02T12:00
report "... supply S01" $(has "$out" "supply S01 主体资格 MISSING") "$out"
report "... still in review" $(has "$out" "registration 4: review") "$out"
expect 1 "held: publicity refused" registry advance 4 --to publicity --by 审核员 --reason ok --at 2025-06-02T13:00
report "... listing the item" $(has "$err" "S01 主体资格 MISSING") "$err"
expect 0 "assessed on its last valid day: proceeds" registry assess 4 --entry "$fixtures/compliance/e1-entry.xml" --evidence "$work/e1-expiring.xml" --date 2025-05-31 --by 合规审查员 --at 2025-06-02T14:00

# --- stale: a probe of a CSV with a 身份证号 column after E1 declared pi=none
expect 0 "apply 5" registry apply --subject "$S" --kind resource --right 经营权 --entry "$fixtures/registry/entry.xml" --at 2025-06-02T09:00
expect 0 "5: accepted" registry advance 5 --to accepted --by 审核员 --reason ok --at 2025-06-02T10:00
expect 0 "5: E1 recorded before review" registry assess 5 --entry "$fixtures/compliance/e1-entry.xml" --evidence "$fixtures/compliance/e1-evidence.xml" --date 2025-06-01 --by 合规审查员 --at 2025-06-02T10:30
report "... waits in accepted" $(has "$out" "registration 5: accepted") "$out"
expect 0 "5: review" registry advance 5 --to review --by 审核员 --reason ok --at 2025-06-02T11:00
expect 5 "the probe finds an ID-card column: stale (exit 5)" registry assess 5 --probe "$fixtures/compliance/persons.csv" --by 合规审查员 --at 2025-06-02T12:00
report "... says why" $(has "$out" "STALE since 2025-06-02T04:00:00Z: pi none → pi; personal information in column 身份证号 (id-card)") "$out"
before=$(events)
expect 1 "stale: publicity refused" registry advance 5 --to publicity --by 审核员 --reason ok --at 2025-06-02T13:00
report "... says stale" $(has "$err" "is stale") "$err"
[ "$(events)" = "$before" ]
report "... nothing logged" $([ $? = 0 ] && echo yes || echo no) "$before → $(events)"
expect 0 "assessments 5 lists it" registry assessments 5
report "... stale" $(has "$out" "STALE") "$out"
expect 0 "assessments 5 --xml: the document" registry assessments 5 --xml
report "... an <assessment>" $(has "$out" '<checklist id="cn-2025"') "$out"

expect 0 "audit agrees with the log" registry audit
expect 0 "log verify" log verify

echo "cli_registry_compliance: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
