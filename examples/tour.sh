#!/bin/sh
# A tour of the datasset CLI over examples/data/: the whole chain a city
# platform runs, from a department's extract to a signed certificate, the
# books and the subsidy, on bundled data in a temporary directory. Every date
# is fixed (--at, --as-of, periods), so the output is the same on any day.
# Set DATASSET to the program (default: datasset on PATH).
# tests/tour.sh runs it and checks its key figures.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
data=$here/data
ds=${DATASSET:-datasset}
case $ds in */*) ds=$(cd "$(dirname "$ds")" && pwd)/$(basename "$ds") ;; esac
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"

say() { printf '\n$ datasset %s\n' "$*"; "$ds" "$@"; }
# Show a command and the first N lines of its output.
head_of() {
	n=$1
	shift
	printf '\n$ datasset %s | head -n %s\n' "$*" "$n"
	"$ds" "$@" >out.txt || { cat out.txt; return 1; }
	head -n "$n" out.txt
}
section() { printf '\n== %s\n' "$*"; }

"$ds" --version

section "Exact arithmetic and 人民币大写"
say calc 0.1 + 0.2
say calc --scale 10 1/3
say calc 1.5E+6 '*' 2e-3
say words 107000.53

ENTRY=30201/11370100004191340F-00001
OPERATOR=91370100MA3QUANC26
section "1. 自动探查: probe the department's 住房公积金 extract (GB18030, detected)"
printf '\n$ datasset probe gjj-deposits.csv --update-cycle 每月 --as-of 2025-01-20 --out 2024.xml | head -n 7\n'
"$ds" probe "$data/gjj-deposits.csv" --update-cycle 每月 --as-of 2025-01-20 --out 2024.xml | head -n 7

section "2. 编目: the catalogue entry draft from the report, and the profile's verdict on it"
head_of 8 probe to-catalog 2024.xml
"$ds" probe to-catalog 2024.xml >draft.xml
printf '\n$ datasset catalog validate draft.xml --profile jinan | head -n 6   (what the steward must add)\n'
"$ds" catalog validate draft.xml --profile jinan >out.txt 2>&1 || :
head -n 6 out.txt
echo "The published entry $ENTRY in the city's catalogue passes:"
say catalog validate "$data/catalog-jinan.xml" --profile jinan

section "3. 价值评估: the operating right valued by income, cost and market, reconciled"
printf '\n$ datasset value valuation-gjj.xml | grep -E "^== |^评估值|^大写"\n'
"$ds" value "$data/valuation-gjj.xml" | grep -E '^== |^评估值|^大写'
"$ds" value --format xml "$data/valuation-gjj.xml" >valuation-result.xml

section "4. 登记: two registries (international Ed25519 and 国密 SM2/SM3), the operator, the application"
export DATASSET_DB="$work/registry.db"
say registry init --name 济南市数据资产登记中心 --region 370100
DATASSET_DB="$work/gm.db" "$ds" registry init --name 济南市数据资产登记中心（国密） --region 370100 --profile gm >/dev/null
printf '\n$ datasset registry init ... --profile gm --db gm.db\n(SM2/SM3 key %s)\n' "$(ls gm.db.*.pub.pem)"
say registry subject add --code $OPERATOR --name 济南泉城公共数据运营有限公司
"$ds" registry subject add --code 91370100MA3C3GJX73 --name 济南历下金融科技有限公司 >/dev/null   # a buyer, for step 7
apply="apply --subject $OPERATOR --kind product --right 经营权 --catalog $data/catalog-jinan.xml --entry-id $ENTRY --probe 2024.xml --valuation valuation-result.xml --coverage-region 济南市 --at 2025-03-26T09:00"
printf '\n$ datasset registry apply --subject %s --kind product --right 经营权 \\\n    --catalog catalog-jinan.xml --entry-id %s \\\n    --probe 2024.xml --valuation valuation-result.xml --coverage-region 济南市 --at 2025-03-26T09:00\n' $OPERATOR $ENTRY
# shellcheck disable=SC2086
"$ds" registry $apply
say registry advance 1 --to accepted --by 审核员 --reason 材料齐全 --at 2025-03-26T10:00
say registry advance 1 --to review --by 审核员 --reason 形式审查 --at 2025-03-27T09:00
say registry advance 1 --to publicity --by 审核员 --reason 审查通过 --at 2025-03-28T09:00

section "5. 公示: 10 working days on the bundled State Council calendar (清明 2025-04-04 is off)"
"$ds" registry show 1 | grep -E '^publicity'
printf '\n$ datasset registry advance 1 --to registered ... --at 2025-04-14T09:00   (too early)\n'
"$ds" registry advance 1 --to registered --by 审核员 --reason 公示期满 --at 2025-04-14T09:00 2>&1 || :
say registry advance 1 --to registered --by 审核员 --reason 公示期满无异议 --at 2025-04-15T09:00
number=$("$ds" registry show 1 | sed -n 's/^certificate  *//p')

section "6. 登记凭证: the signed certificate, its scale, coverage and quality from the probe report"
"$ds" registry certificate 1 --out cert.xml
"$ds" registry pubkey >pub.pem
printf '\n$ datasset cert show cert.xml | grep -E "^(number|records|fields|coverage|quality|registered|log index)"\n'
"$ds" cert show cert.xml | grep -E '^(number|records|fields|coverage|quality|registered|log index)'
say cert verify cert.xml --key pub.pem
echo
if command -v xmllint >/dev/null && command -v openssl >/dev/null; then
	echo "The same signature checked with xmllint and openssl alone (exclusive C14N of the document"
	echo "without its <signature>, Ed25519):"
	sed 's|<signature [^>]*>[^<]*</signature>||' cert.xml >unsigned.xml
	xmllint --exc-c14n unsigned.xml >canonical.xml
	sed -n 's|.*<signature [^>]*>\([^<]*\)</signature>.*|\1|p' cert.xml | openssl base64 -d -A >signature.bin
	printf '$ openssl pkeyutl -verify -pubin -inkey pub.pem -rawin -in canonical.xml -sigfile signature.bin\n'
	openssl pkeyutl -verify -pubin -inkey pub.pem -rawin -in canonical.xml -sigfile signature.bin
else
	echo "(xmllint or openssl is not installed: the standard-tool check is skipped)"
fi
echo
echo "A tampered copy (one record more) fails:"
sed 's/records="48031"/records="48032"/' cert.xml >tampered.xml
printf '$ datasset cert verify tampered.xml --key pub.pem\n'
"$ds" cert verify tampered.xml --key pub.pem 2>&1 | grep -E 'FAIL' || :
if command -v xmllint >/dev/null && command -v openssl >/dev/null; then
	sed 's|<signature [^>]*>[^<]*</signature>||' tampered.xml | xmllint --exc-c14n - >tampered-canonical.xml
	printf '$ openssl pkeyutl -verify ... -in tampered-canonical.xml\n'
	openssl pkeyutl -verify -pubin -inkey pub.pem -rawin -in tampered-canonical.xml -sigfile signature.bin 2>&1 | head -n 1 || :
fi

section "7. 透明日志: inclusion of the certificate, then consistency after more events"
index=$("$ds" cert show cert.xml | sed -n 's/^log index: //p')
size=$("$ds" cert show cert.xml | sed -n 's/^log tree size: //p')
"$ds" log head >head-old.txt
printf '\n$ datasset log proof %s --size %s > proof.txt\n' "$index" "$size"
"$ds" log proof "$index" --size "$size" >proof.txt
leaf=$(sed -n 's/^leaf //p' proof.txt)
sed '/^leaf /d' proof.txt >path.txt
say log verify-inclusion --key pub.pem --checkpoint head-old.txt --index "$index" --leaf-hash "$leaf" --proof path.txt
say registry trade add --seller $OPERATOR --buyer 91370100MA3C3GJX73 --product 1 --amount 360,000.00 --date 2025-05-20 --venue on --voucher JNDEX-2025-0520-001
"$ds" log head >head-new.txt
old=$(sed -n 2p head-old.txt)
new=$(sed -n 2p head-new.txt)
printf '\n$ datasset log consistency %s %s > consistency.txt\n' "$old" "$new"
"$ds" log consistency "$old" "$new" >consistency.txt
say log verify-consistency --key pub.pem --old head-old.txt --new head-new.txt --proof consistency.txt

section "8. 入表: the right on the operator's books (intangible, 36 months from registration)"
cat >book.xml <<EOF
<?xml version="1.0" encoding="UTF-8"?>
<ledger xmlns="urn:datasset:ledger:1">
  <entity name="济南泉城公共数据运营有限公司" credit-code="$OPERATOR"/>
  <period start="2025-01" end="2025-12"/>
  <asset id="GJJ-30201" name="住房公积金缴存单位登记信息经营权 (登记证书 $number)" class="intangible" origin="purchased"
         acquired="2025-03-03" available="2025-04-15" life="36" use="main-cost">
    <cost date="2025-03-03" category="price" amount="600000.00" vat="36000.00" evidence="授权运营协议 JNSJ-2025-017"/>
    <cost date="2025-03-17" category="rights" amount="15000.00" vat="900.00"/>
    <cost date="2025-03-24" category="quality" amount="12000.00" vat="720.00"/>
    <cost date="2025-04-15" category="registration" amount="3000.00"/>
  </asset>
  <asset id="S1" name="公积金缴存统计月报数据集" class="inventory" origin="self-built" acquired="2025-05-06">
    <cost date="2025-05-06" category="collect" amount="80000.00"/>
    <cost date="2025-05-20" category="clean" amount="40000.00"/>
    <cost date="2025-06-30" category="label" amount="30000.00"/>
    <nrv date="2025-12-31" value="135000.00"/>
  </asset>
</ledger>
EOF
head_of 4 ledger run book.xml --what schedule
head_of 12 ledger run book.xml --what entries
printf '\n$ datasset ledger run book.xml --what disclosure | sed "/^(3)/,$ d"   (tables (1) and (2))\n'
"$ds" ledger run book.xml --what disclosure | sed '/^(3)/,$ d'

section "9. 奖补: the Jinan 2025 rules on the applications exported from the same registry"
printf '\n$ datasset registry export-applications --window 2024-11-01:2025-10-31 > applications.xml\n'
"$ds" registry export-applications --window 2024-11-01:2025-10-31 >applications.xml
printf '\n$ datasset policy evaluate applications.xml --format csv\n'
"$ds" policy evaluate applications.xml --format csv

section "10. 变更: next year's extract (UTF-8, changed schema) marks the catalogue entry stale"
"$ds" probe "$data/gjj-deposits-2025.csv" --update-cycle 每月 --as-of 2026-01-20 --out 2025.xml >/dev/null
printf '\n$ datasset probe diff 2024.xml 2025.xml --check\n'
"$ds" probe diff 2024.xml 2025.xml --check || echo "(exit $?: the catalogue entry must be updated: '*' lines)"
