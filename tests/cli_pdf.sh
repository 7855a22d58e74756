#!/bin/sh
# The printed documents, checked with tools nobody here wrote (poppler-utils:
# pdfinfo, pdftoppm, pdftotext; zbar-tools: zbarimg): `datasset cert print`
# for certificates of both profiles (A4, page 1 not blank, the number, the
# registrant and the 大写 date in the text, the QR code decoded by zbarimg and
# accepted by `cert verify --qr` as text and as a PNG path, a payload with one
# changed digit refused naming the field), and `datasset ledger vouchers` (one
# page per journal entry, the totals in figures and 大写 in the text).
# Skips (77) when datasset is built without PDF support or the tools are missing.
# SPDX-License-Identifier: MIT

top_builddir=${top_builddir:-.}
top_srcdir=$(cd "${top_srcdir:-.}" && pwd)
prog="$top_builddir/datasset"
driver="$top_builddir/tests/translog_driver"
PY=/usr/bin/python3
# In a sanitizer build: leaks of fontconfig and cairo themselves (the file says
# which), matched on whole stacks (the fast unwinder stops inside libraries built
# without frame pointers, short of the function names the file matches).
LSAN_OPTIONS="${LSAN_OPTIONS:+$LSAN_OPTIONS:}suppressions=$top_srcdir/tests/fixtures/lsan-pdf.supp"
ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}fast_unwind_on_malloc=0"
export LSAN_OPTIONS ASAN_OPTIONS

for tool in "$prog" "$driver"; do
	if [ ! -x "$tool" ]; then
		echo "cli_pdf: $tool is not built" >&2
		exit 1
	fi
done
work=$(mktemp -d "${TMPDIR:-/tmp}/datasset-pdf.XXXXXX") || exit 1
trap 'rm -rf "$work"' EXIT
trap 'exit 1' HUP INT TERM

mkdir -p "$work/probe"
echo "cert ed25519 $work/probe" | "$driver" >/dev/null
if "$prog" cert print "$work/probe/cert.xml" --out "$work/probe/x.pdf" 2>"$work/err"; then
	:
elif grep -q 'built without PDF support' "$work/err"; then
	echo "SKIP: datasset is built without PDF support (configure found no cairo, pango or libqrencode)"
	exit 77
else
	echo "FAIL: cert print: $(cat "$work/err")"
	exit 1
fi
for tool in pdfinfo pdftoppm pdftotext zbarimg; do
	if ! command -v $tool >/dev/null 2>&1; then
		echo "SKIP: $tool is not installed (Debian: poppler-utils, zbar-tools)"
		exit 77
	fi
done

passed=0
failed=0
report() {
	if [ "$2" = yes ]; then
		passed=$((passed + 1))
		echo "ok - $1"
	else
		failed=$((failed + 1))
		echo "FAIL - $1"
		printf '%s\n' "$3" | sed 's/^/    /'
	fi
}

# expect STATUS PATTERN NAME -- ARGS...: the exit status and a fixed string in stdout+stderr.
expect() {
	want_status=$1 pattern=$2 name=$3
	shift 4
	"$prog" "$@" >"$work/out" 2>&1
	status=$?
	if [ "$status" = "$want_status" ] && { [ -z "$pattern" ] || grep -qF -- "$pattern" "$work/out"; }; then
		report "$name" yes
	else
		report "$name" no "status $status (want $want_status), output:$(printf '\n'; cat "$work/out")
    wanted: $pattern"
	fi
}

# not_blank PNG: the share of dark pixels of a page (P6/P5 from pdftoppm) is between 0.5 % and 40 %.
not_blank() {
	$PY - "$1" <<'EOF'
import sys
data = open(sys.argv[1], 'rb').read()
# a binary PGM: P5 width height maxval, then one byte per pixel
parts = data.split(maxsplit=4)
assert parts[0] == b'P5', parts[0]
w, h = int(parts[1]), int(parts[2])
pixels = parts[4][:w * h]
dark = sum(1 for b in pixels if b < 128)
share = dark / (w * h)
print(f"{w}x{h}, {share:.2%} dark")
sys.exit(0 if 0.005 < share < 0.40 else 1)
EOF
}

for profile in ed25519 sm2; do
	d="$work/$profile"
	mkdir -p "$d"
	echo "cert $profile $d" | "$driver" >/dev/null
	expect 0 "" "$profile: cert print" -- cert print "$d/cert.xml" --out "$d/cert.pdf"
	[ -s "$d/cert.pdf" ] || report "$profile: cert print wrote the PDF" no "no $d/cert.pdf"
	info=$(pdfinfo "$d/cert.pdf" 2>&1)
	case $info in
	*"Pages:           1"*"Page size:       595.276 x 841.89 pts (A4)"*) report "$profile: one A4 page (pdfinfo)" yes ;;
	*) report "$profile: one A4 page (pdfinfo)" no "$info" ;;
	esac
	pdftoppm -r 40 -gray -f 1 -l 1 "$d/cert.pdf" "$d/page" && out=$(not_blank "$d"/page-1.pgm 2>&1)
	if [ $? -eq 0 ]; then report "$profile: page 1 is not blank ($out)" yes; else report "$profile: page 1 is not blank" no "$out"; fi

	number=$("$prog" cert show "$d/cert.xml" | sed -n 's/^number: //p')
	registrant=$("$prog" cert show "$d/cert.xml" | sed -n 's/^registrant: //p')
	words=$("$prog" cert show "$d/cert.xml" | sed -n 's/^registered (大写): //p')
	text=$(pdftotext "$d/cert.pdf" - 2>&1)
	for want in "$number" "$registrant" "$words" 数据产品登记证书 91350100M000100Y43; do
		case $text in
		*"$want"*) report "$profile: pdftotext finds '$want'" yes ;;
		*) report "$profile: pdftotext finds '$want'" no "$text" ;;
		esac
	done

	pdftoppm -r 200 -png -f 1 -l 1 "$d/cert.pdf" "$d/scan"
	payload=$(zbarimg --quiet --raw "$d/scan-1.png" 2>/dev/null)
	case $payload in
	"DSC1:$number:"*) report "$profile: zbarimg decodes the QR code" yes ;;
	*) report "$profile: zbarimg decodes the QR code" no "decoded: '$payload'" ;;
	esac
	expect 0 "ok   payload_digest" "$profile: cert verify --qr PAYLOAD" -- \
		cert verify --qr "$payload" --key "$d/pub.pem" "$d/cert.xml"
	expect 0 "ok   payload_root_hash" "$profile: cert verify --qr IMAGE.png" -- \
		cert verify --qr "$d/scan-1.png" --key "$d/pub.pem" "$d/cert.xml"
	printf '%s\n' "$payload" >"$d/payload.txt"
	expect 0 "ok   inclusion" "$profile: cert verify --qr FILE (the payload text in a file)" -- \
		cert verify --qr "$d/payload.txt" --key "$d/pub.pem" "$d/cert.xml"
	expect 0 "skip payload_digest: not checked: no certificate given" "$profile: cert verify --qr without the certificate" -- \
		cert verify --qr "$payload" --key "$d/pub.pem"

	# One changed digit in each field: refused, naming the field.
	$PY - "$payload" >"$d/changed" <<'EOF'
import sys
fields = sys.argv[1].split(':')
names = {3: 'digest', 4: 'keyId', 6: 'treeSize', 7: 'rootHash'}
for i, name in names.items():
    f = list(fields)
    c = f[i][-1]
    f[i] = f[i][:-1] + ('0' if c in '9F' else chr(ord(c) + 1))
    print(name, ':'.join(f))
f = list(fields)
f[5] = str(int(f[5]) - 1)   # still below the tree size
print('index', ':'.join(f))
f = list(fields)
n = f[1]
f[1] = n[:13] + ('0' if n[13] == '9' else chr(ord(n[13]) + 1)) + n[14:]
print('number', ':'.join(f))
EOF
	while read -r field changed; do
		expect 1 "(field $field)" "$profile: one changed digit in $field is refused naming the field" -- \
			cert verify --qr "$changed" --key "$d/pub.pem" "$d/cert.xml"
	done <"$d/changed"
done

# Bad --qr arguments: each with a clear message.
d="$work/ed25519"
expect 1 "does not start with 'DSC1:'" "not a payload" -- cert verify --qr "hello" --key "$d/pub.pem" "$d/cert.xml"
expect 1 "format version 2" "a later version" -- cert verify --qr "DSC2:x" --key "$d/pub.pem"
printf 'not an image' >"$work/junk.png"
expect 1 "zbarimg could not read" "an image zbarimg cannot read" -- cert verify --qr "$work/junk.png" --key "$d/pub.pem"
pdftoppm -r 40 -png -f 1 -l 1 "$d/cert.pdf" "$work/tiny"
mkdir -p "$work/nozbar"
ln -s "$(command -v pdftoppm)" "$work/nozbar/pdftoppm"
PATH="$work/nozbar" "$prog" cert verify --qr "$d/scan-1.png" --key "$d/pub.pem" "$d/cert.xml" >"$work/out" 2>&1
status=$?
if [ $status -eq 1 ] && grep -qF "Pass the payload text instead" "$work/out"; then
	report "an image without zbarimg on PATH: refused, asking for the payload text" yes
else
	report "an image without zbarimg on PATH: refused, asking for the payload text" no "status $status: $(cat "$work/out")"
fi
expect 2 "needs --key" "--qr without --key" -- cert verify --qr "x"
expect 2 "print takes exactly one FILE and --out" "print without --out" -- cert print "$d/cert.xml"

# Vouchers: one page per journal entry, totals and 大写 in the text.
book="$top_srcdir/examples/data/ledger-book.xml"
expect 0 "vouchers written to" "ledger vouchers" -- ledger vouchers "$book" --period 2025 --out "$work/v.pdf" \
	--preparer 张三 --reviewer 李四
entries=$("$prog" ledger run "$book" --period 2025 --what entries --format csv --no-bom | cut -d, -f1 | sort -u | grep -c '^记-[0-9]')
pages=$(pdfinfo "$work/v.pdf" | sed -n 's/^Pages: *//p')
if [ "$entries" -gt 0 ] && [ "$pages" = "$entries" ]; then
	report "one page per journal entry ($pages)" yes
else
	report "one page per journal entry" no "pages $pages, entries $entries"
fi
pdftotext -layout -f 1 -l 1 "$work/v.pdf" "$work/v1.txt"
first=$("$prog" ledger run "$book" --period 2025 --what entries --format csv --no-bom | awk -F, '$1 == "记-1" && $6 == "合计" { print $7 }' | head -1)
words=$("$prog" words "$first")
for want in "记字第 1 号" "附件 0 张" "审核：李四" "制单：张三" "$words" "济南示例数据科技有限公司"; do
	if grep -qF -- "$want" "$work/v1.txt"; then
		report "voucher 1: pdftotext finds '$want'" yes
	else
		report "voucher 1: pdftotext finds '$want'" no "$(cat "$work/v1.txt")"
	fi
done
# Every page's 合计 in figures equals the sum of its lines, and its 大写 the figure in words.
pdftotext -layout "$work/v.pdf" "$work/v.txt"
if $PY - "$work/v.txt" "$prog" <<'EOF'; then
import re, subprocess, sys
from decimal import Decimal
pages = open(sys.argv[1], encoding='utf-8').read().split('\f')
checked = 0
for page in pages:
    if '记账凭证' not in page.replace(' ', ''):
        continue
    lines = page.splitlines()
    total = [l for l in lines if '合 计' in l or '合  计' in l]
    assert len(total) == 1, page
    m = re.search(r'合\s*计：(\S+)\s+([\d,]+\.\d\d)\s+([\d,]+\.\d\d)', total[0])
    assert m, total[0]
    words, debit, credit = m.group(1), Decimal(m.group(2).replace(',', '')), Decimal(m.group(3).replace(',', ''))
    assert debit == credit, total[0]
    amounts = [Decimal(a.replace(',', '')) for l in lines if '合' not in l for a in re.findall(r'\d[\d,]*\.\d\d', l)]
    assert sum(amounts) == debit + credit, (amounts, debit)
    expected = subprocess.run([sys.argv[2], 'words', str(debit)], capture_output=True, text=True).stdout.strip()
    assert words == expected, (words, expected)
    checked += 1
print(f'{checked} vouchers: 合计 debit = credit = sum of the lines, 大写 = datasset words')
assert checked > 0
EOF
	report "every voucher's 合计 ties out in figures and 大写" yes
else
	report "every voucher's 合计 ties out in figures and 大写" no ""
fi
expect 2 "vouchers needs --out" "vouchers without --out" -- ledger vouchers "$book" --period 2025
expect 1 "reporting periods" "vouchers of a book with two periods and no --period" -- ledger vouchers "$book" --out "$work/x.pdf"

echo "cli_pdf: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
