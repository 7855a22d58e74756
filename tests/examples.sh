#!/bin/sh
# The integrator's kit against an installed libdatasset: examples/erp and
# examples/accountant built with nothing but pkg-config, run on the bundled
# data, and their key figures checked against what Python (/usr/bin/python3)
# computes on its own from the inputs: the valuation's fen, the extract's rows,
# columns and dates, the publicity period over 清明, the vouchers balancing and
# adding up to the cost and the amortisation, the disclosure tables.
# Run by tests/installed.sh. Usage: PKG_CONFIG_PATH=PREFIX/lib/pkgconfig examples.sh PREFIX
# SPDX-License-Identifier: MIT
set -eu
prefix=$1
top=$(cd "$(dirname "$0")/.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
py=/usr/bin/python3
[ -x "$py" ] || py=python3
passed=0
failed=0
ok() { passed=$((passed + 1)); }
bad() { echo "examples: FAIL: $*"; failed=$((failed + 1)); }

for prog in erp accountant; do
	cc ${CFLAGS:-} -std=c11 -Werror -Wall -Wextra -o "$tmp/$prog" "$top/examples/$prog/$prog.c" \
		$(pkg-config --cflags --libs datasset)
done
run() { LD_LIBRARY_PATH="$prefix/lib" "$@"; }

# ---- erp: the chain, then the figures against Python
mkdir "$tmp/work"
if run "$tmp/erp" "$top/examples/data" "$tmp/work" >"$tmp/erp.out" 2>"$tmp/erp.err"; then ok; else
	bad "erp exited $?: $(cat "$tmp/erp.err")"
fi
if "$py" - "$top/examples/data" "$tmp/erp.out" "$tmp/work/vouchers.csv" <<'EOF'; then ok; else bad "erp's figures (above)"; fi
import csv, datetime, decimal, sys
from fractions import Fraction
data, out_path, vouchers = sys.argv[1:]
out = open(out_path, encoding="utf-8").read()
lines = dict(l.split(": ", 1) for l in out.splitlines() if ": " in l)
problems = []
def expect(cond, what):
    if not cond:
        problems.append(what)

# The valuation: the five flows of the program at 8.5 %, end of year, to the fen (half up).
flows = ["1250000.00", "1312500.00", "1378125.00", "1447031.25", "1519382.81"]
pv = sum(Fraction(decimal.Decimal(f)) / Fraction(1085, 1000) ** t for t, f in enumerate(flows, 1))
fen = decimal.Decimal(pv.numerator) / decimal.Decimal(pv.denominator)
fen = fen.quantize(decimal.Decimal("0.01"), rounding=decimal.ROUND_HALF_UP, context=decimal.Context(prec=60))
expect(lines.get("valuation") == f"income approach at 8.5 %: {fen:,} yuan", f"valuation {lines.get('valuation')!r}, Python {fen:,}")

# The extract: rows and columns as Python's csv reads the GB18030 file, and its date range.
with open(f"{data}/gjj-deposits.csv", encoding="gb18030", newline="") as f:
    rows = list(csv.reader(f))
header, body = rows[0], rows[1:]
expect(lines.get("probe") == f"{len(body)} rows, {len(header)} columns, GB18030", f"probe {lines.get('probe')!r}")
expect(lines.get("records") == str(len(body)) and lines.get("fields") == str(len(header)), "certificate scale")
dates = [r[header.index("缴存日期")] for r in body if r[header.index("缴存日期")]]
expect(lines.get("coverage period") == f"{min(dates)}/{max(dates)} (探查报告 (probe report))", f"coverage {lines.get('coverage period')!r}")
expect(lines.get("coverage region") == "济南市", "coverage region")
expect(lines.get("quality", "").startswith("GB/T 36344-2018 (探查报告): 规范性 "), "quality from the probe report")

# Publicity: 10 working days after 2025-03-28 (the start day not counted); 清明 2025-04-04 to 06 off
# (国办发明电〔2024〕12号), no 调休 around it; registered the next working day.
off = {datetime.date(2025, 4, 4)}
day, n = datetime.date(2025, 3, 28), 0
while n < 10:
    day += datetime.timedelta(days=1)
    if day.weekday() < 5 and day not in off:
        n += 1
nxt = day + datetime.timedelta(days=1)
while nxt.weekday() >= 5 or nxt in off:
    nxt += datetime.timedelta(days=1)
reg = lines.get("registration", "")
expect(f"publicity 2025-03-28 to {day}, registered {nxt}, certificate 370100-2025-A-" in reg, f"registration {reg!r}")
expect(lines.get("certificate", "").startswith("verified, ") and "passed" in lines["certificate"], "certificate verified")

# The vouchers: the import layout, every voucher balanced, the totals the program printed,
# the capitalised cost (Σ costs of the program) and 9 months (April to December) of 630,000 / 36.
raw = open(vouchers, "rb").read()
expect(raw.startswith(b"\xef\xbb\xbf") and b"\r\n" in raw and b"\n" not in raw.replace(b"\r\n", b""), "BOM and CRLF")
with open(vouchers, encoding="utf-8-sig", newline="") as f:
    table = list(csv.reader(f))
expect(table[0] == ["凭证日期", "凭证字", "凭证号", "摘要", "科目编码", "科目名称", "借方金额", "贷方金额", "附件数"], f"header {table[0]}")
D = lambda s: decimal.Decimal(s) if s else decimal.Decimal(0)
by_voucher = {}
for r in table[1:]:
    expect(len(r) == 9 and r[1] == "记" and (bool(r[6]) != bool(r[7])), f"row {r}")
    key = (r[0][:7], r[2])
    d, c = by_voucher.get(key, (0, 0))
    by_voucher[key] = (d + D(r[6]), c + D(r[7]))
expect(all(d == c for d, c in by_voucher.values()), "a voucher does not balance")
debit = sum(D(r[6]) for r in table[1:])
expect(lines.get("vouchers") == f"{len(by_voucher)} vouchers, {len(table) - 1} rows, debits {debit:,}, credits {debit:,}", f"vouchers {lines.get('vouchers')!r}")
cost = sum(D(r[6]) for r in table[1:] if r[4] == "1701")
expect(cost == decimal.Decimal("630000.00"), f"1701 debits {cost}")
amort = sum(D(r[7]) for r in table[1:] if r[4] == "1702")
expect(amort == 9 * decimal.Decimal("630000.00") / 36, f"1702 credits {amort}")
expect(f"amortisation 2025-03 to 2025-12 {amort:,}, carrying amount at 2025-12-31 {cost - amort:,}, 27 months left" in lines.get("ledger", ""), f"ledger {lines.get('ledger')!r}")
for p in problems:
    print("  " + p)
sys.exit(1 if problems else 0)
EOF
[ -s "$tmp/work/certificate.xml" ] && ok || bad "no certificate.xml"
# A data folder without the catalogue: a clear message, exit 1.
mkdir "$tmp/empty" "$tmp/work2"
if run "$tmp/erp" "$tmp/empty" "$tmp/work2" >/dev/null 2>"$tmp/err"; then bad "erp ran without data"; else
	grep -q 'catalog-jinan.xml' "$tmp/err" && ok || bad "erp's error does not name the file: $(cat "$tmp/err")"
fi

# ---- accountant: both periods of the bundled book, every table tied out
book="$top/examples/data/ledger-book.xml"
if run "$tmp/accountant" "$book" >"$tmp/acc.out" 2>"$tmp/acc.err"; then ok; else
	bad "accountant exited $?: $(cat "$tmp/acc.err")"
fi
[ "$(grep -c '^table ([12]): ties out$' "$tmp/acc.out")" = 4 ] && ok || bad "accountant: not 4 tables tied out"
if "$py" - "$tmp/acc.out" "$prefix/bin/datasset" "$book" "$prefix/lib" <<'EOF'; then ok; else bad "accountant's figures (above)"; fi
import csv, io, os, re, subprocess, sys
out, ds, book, lib = sys.argv[1:]
text = open(out, encoding="utf-8").read()
problems = []
# D1 of accounting.md's worked example: 1,248,000.00 over 60 months from 2024-03, 20,800.00 a month.
d1 = [l.split() for l in text.split("== 2025")[0].splitlines() if l.startswith("D1 ")]
if [l[1] for l in d1] != [f"2024-{m:02d}" for m in range(3, 13)] or any(l[3] != "20,800.00" for l in d1) or d1[-1][4] != "208,000.00":
    problems.append(f"D1's 2024 schedule: {d1}")
# Every cell of both tables against the CLI's CSV of the same period (the library's other writer).
amount = r"-?[\d,]+\.\d\d"
for year in ("2024", "2025"):
    cli = []
    for number in ("1", "2"):  # one table per CSV file; a section heading row has no figures
        csv_text = subprocess.run([ds, "ledger", "run", book, "--period", year, "--what", "disclosure", "--format", "csv",
                                   "--table", number, "--no-bom"],
                                  capture_output=True, text=True, check=True, env=dict(os.environ, LD_LIBRARY_PATH=lib)).stdout
        cli += [(f"({number})", r[-4:]) for r in list(csv.reader(io.StringIO(csv_text)))[1:] if r and r[1]]
    section = text.split(f"== {year}-01 to {year}-12")[1].split("\n== ")[0]
    ours, table = [], None
    for line in section.splitlines():
        if line.startswith(("(1) ", "(2) ")):
            table = line[:3]
        elif line.startswith("table "):
            table = None
        elif table:
            cells = re.findall(amount, line)
            if len(cells) == 4:
                ours.append((table, [c.replace(",", "") for c in cells]))
    if len(ours) != 49 or ours != cli:
        problems.append(f"{year}: {len(ours)} rows printed, {len(cli)} in the CLI's CSV, or a cell differs")
for p in problems:
    print("  " + p)
sys.exit(1 if problems else 0)
EOF
printf '<ledger xmlns="urn:datasset:ledger:1"><entity name="x"/><asset id="A" class="intangible"/></ledger>\n' >"$tmp/bad.xml"
if run "$tmp/accountant" "$tmp/bad.xml" >/dev/null 2>"$tmp/err"; then bad "accountant read a broken book"; else
	grep -q 'bad.xml' "$tmp/err" && ok || bad "accountant's error does not name the file: $(cat "$tmp/err")"
fi

echo "examples: $passed passed, $failed failed"
[ "$failed" = 0 ]
