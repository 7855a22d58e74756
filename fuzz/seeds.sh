#!/bin/sh
# Seed corpora for the fuzz harnesses, from the test fixtures, the bundled
# schemas' data and documents the built CLI makes (a DCAT export, a signed
# certificate with its key, a signed checkpoint, key files).
#   sh fuzz/seeds.sh BUILD-DIR CORPUS-DIR   (CORPUS-DIR/NAME/ per harness)
# SPDX-License-Identifier: MIT
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
build=$(cd "$1" && pwd)
corpus=$2
cli="$build/datasset"
f="$top/tests/fixtures"
seed() { # HARNESS FILE...
	name=$1
	shift
	mkdir -p "$corpus/$name"
	for file in "$@"; do
		[ -f "$file" ] && cp "$file" "$corpus/$name/$(basename "$file")"
	done
	return 0
}
text() { # HARNESS NAME TEXT: a seed from text (printf format)
	mkdir -p "$corpus/$1"
	printf -- "$3" >"$corpus/$1/$2"
}
text fuzz_decimal a '\0011,234.567'
text fuzz_decimal b '\002-1.5e-3'
text fuzz_decimal c '\004-22/7'
text fuzz_decimal d '\0070.000000000000000000000000001'
text fuzz_expr a '(1 + 2) * 3 / 7'
text fuzz_expr b '1,000.50 * 8.5%% - 2^10'
text fuzz_expr c '-(3/4)^-2'
text fuzz_words a '壹佰贰拾叁元肆角伍分'
text fuzz_words b '人民币壹亿零伍万元整'
text fuzz_words c '负零元伍角'
seed fuzz_valuation "$f"/valuation/*.xml "$f/registry/valuation.xml"
seed fuzz_ledger "$f"/ledger/*.xml
seed fuzz_ledger_gov "$top"/examples/data/public-sector-book.xml
seed fuzz_policy "$top"/schemas/policies/*.xml "$f"/policy/*.xml
seed fuzz_compliance "$top"/schemas/compliance/*.xml "$f"/compliance/*.xml
seed fuzz_catalog "$f/catalog/valid.xml" "$f/catalog/bad-title-max-length.xml" "$f/catalog/bad-item-items-min.xml"
seed fuzz_profile "$top"/schemas/profiles/*.xml
seed fuzz_entry "$f/registry/entry.xml" "$f/registry/not-entry.xml"
seed fuzz_calendar "$f"/registry/calendar-*.xml "$top"/schemas/calendars/*.xml
seed fuzz_probe "$f/registry/probe.xml"
text fuzz_probe_source a '\001a,b,c\r\n1,"x,y",3\r\n'
text fuzz_probe_source b '\102name;amount\n\xd5\xc5\xc8\xfd;12\n'
text fuzz_probe_source c '\003\xef\xbb\xbfid\tvalue\n1\t\xe4\xb8\x80\n'

text fuzz_payload good 'DSC1:370100-2025-P-00000123-3:SHA256:0BDCFB7E9D8930420F22BE5F22FEBD7A0C52E42839BE273B204A927A65676674:2E7B7104DFB4FF7BF0E85DFBB55780FADB5F630E84F85710AB14CE7FF8367175:5:6:F88240D4F0B7CC944C664A40356E7B883A138B678A0BDBF2C18C4DDE4B0297FC'
text fuzz_payload sm3 'DSC1:370100-2025-R-00000001-2:SM3:0bdcfb7e9d8930420f22be5f22febd7a0c52e42839be273b204a927a65676674:2e7b7104dfb4ff7bf0e85dfbb55780fadb5f630e84f85710ab14ce7ff8367175:0:1:f88240d4f0b7cc944c664a40356e7b883a138b678a0bdbf2c18c4dde4b0297fc\n'

# Documents the CLI makes: DCAT, a certificate with its key, a checkpoint, keys.
work=$(mktemp -d "${TMPDIR:-/tmp}/datasset-seeds.XXXXXX")
trap 'rm -rf "$work"' EXIT
mkdir -p "$corpus/fuzz_dcat" "$corpus/fuzz_catalog" "$corpus/fuzz_certificate" "$corpus/fuzz_checkpoint" "$corpus/fuzz_key"
"$cli" catalog export "$f/catalog/valid.xml" --format dcat >"$corpus/fuzz_dcat/valid.rdf"
cp "$corpus/fuzz_dcat/valid.rdf" "$corpus/fuzz_catalog/valid.rdf"
export DATASSET_DB="$work/r.db"
S=91350100M000100Y43
{
	"$cli" registry init --name 种子 --region 370100
	"$cli" registry calendar "$top/schemas/calendars/cn-2024-2025-sample.xml"
	"$cli" registry subject add --code "$S" --name 种子企业
	"$cli" registry apply --subject "$S" --kind product --right 经营权 --entry "$f/registry/entry.xml" --at 2025-01-20T09:00
	for step in accepted:2025-01-21 review:2025-01-22 publicity:2025-01-23 registered:2025-02-13; do
		"$cli" registry advance 1 --to "${step%%:*}" --by clerk --reason ok --at "${step#*:}"
	done
} >/dev/null
{ "$cli" registry pubkey && printf '\000' && "$cli" registry certificate 1; } >"$corpus/fuzz_certificate/registered"
"$cli" registry certificate 1 >"$corpus/fuzz_certificate/document-only"
{ "$cli" registry pubkey && printf '\000' && "$cli" log head; } >"$corpus/fuzz_checkpoint/head"
cp "$work"/r.db.*.pem "$corpus/fuzz_key/"
echo "fuzz: seeds in $corpus"
