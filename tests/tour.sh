#!/bin/sh
# README command 1's tour (examples/tour.sh) run on the build, and its key
# figures checked against what Python (/usr/bin/python3) computes on its own
# from the bundled inputs: the valuation's conclusion to the fen, the
# extract's rows and columns, the publicity period over 清明, the certificate
# verifying and the tampered copy not, the inclusion and consistency proofs,
# both disclosure tables tying out with the amortisation of 630,000.00 over 36
# months, the award, and the stale catalogue entry.
# SPDX-License-Identifier: MIT
set -u
top_srcdir=${top_srcdir:-.}
top_builddir=${top_builddir:-.}
py=/usr/bin/python3
[ -x "$py" ] || py=${PYTHON:-python3}
out=$(mktemp)
trap 'rm -f "$out"' EXIT
start=$(date +%s)
if ! DATASSET="$top_builddir/datasset" sh "$top_srcdir/examples/tour.sh" >"$out" 2>&1; then
	tail -n 30 "$out"
	echo "tour: the tour failed"
	echo "tour: 0 passed, 1 failed"
	exit 1
fi
echo "tour: ran in $(($(date +%s) - start)) s"
exec "$py" - "$out" "$top_srcdir/examples/data" <<'EOF'
import csv, datetime, decimal, re, sys
import xml.etree.ElementTree as ET
from fractions import Fraction
out_path, data = sys.argv[1:]
text = open(out_path, encoding="utf-8").read()
checks = []
def check(name, cond, detail=""):
    checks.append((name, bool(cond), detail))

def fen(f):
    d = decimal.Decimal(f.numerator) / decimal.Decimal(f.denominator) if isinstance(f, Fraction) else f
    return d.quantize(decimal.Decimal("0.01"), rounding=decimal.ROUND_HALF_UP, context=decimal.Context(prec=80))

# The valuation: income, cost and market from valuation-gjj.xml, weighted, to the fen.
ns = {"v": "urn:datasset:valuation:1"}
doc = ET.parse(f"{data}/valuation-gjj.xml").getroot()
F = lambda s: Fraction(decimal.Decimal(s.rstrip("%"))) / (100 if s.endswith("%") else 1)
inc = doc.find("v:income", ns)
rate = F(inc.get("rate"))
income = sum(F(p.get("income")) / (1 + rate) ** t for t, p in enumerate(inc.findall("v:period", ns), 1))
cost_el = doc.find("v:cost", ns)
life = cost_el.find("v:life", ns)
delta = F(life.get("remaining")) / (F(life.get("elapsed")) + F(life.get("remaining")))
cost = sum(F(c.get("amount")) for c in cost_el.findall("v:component", ns)) * delta
comps = []
for c in doc.find("v:market", ns).findall("v:comparable", ns):
    p = F(c.get("price"))
    for k in c.findall("v:coefficient", ns):
        p *= F(k.get("value"))
    comps.append(p)
market = sum(comps) / len(comps)
weights = {w.get("approach"): F(w.get("value")) for w in doc.find("v:conclusion", ns).findall("v:weight", ns)}
conclusion = (weights["income"] * income + weights["cost"] * cost + weights["market"] * market) / sum(weights.values())
for name, value in (("收益法 [income]", income), ("成本法 [cost]", cost), ("市场法 [market]", market)):
    check(f"valuation: {name} {fen(value):,}", f"== {name}: {fen(value):,}" in text)
check(f"valuation: the conclusion {fen(conclusion):,}", f"评估值 (value):  {fen(conclusion):,} 元" in text)

# The extract: rows and columns as Python's csv reads the GB18030 file.
with open(f"{data}/gjj-deposits.csv", encoding="gb18030", newline="") as f:
    rows = list(csv.reader(f))
check(f"probe: {len(rows) - 1} rows, {len(rows[0])} columns", f"rows: {len(rows) - 1}  columns: {len(rows[0])}" in text)
check("certificate: scale from the probe report", f"records: {len(rows) - 1}\nfields: {len(rows[0])}\n" in text)
check("certificate: the declared region beside the probe report's period", "coverage region: 济南市\ncoverage period: 2023-01-05/2024-12-25 (探查报告 (probe report))" in text)
check("the draft fails the profile (identifier required)", "resource[1]/identifier: error [required]" in text)
check("the published catalogue passes", "0 errors, 0 warnings (profile jinan)" in text)

# Publicity: 10 working days after 2025-03-28; 清明 2025-04-04 off (国办发明电〔2024〕12号).
day, n = datetime.date(2025, 3, 28), 0
while n < 10:
    day += datetime.timedelta(days=1)
    if day.weekday() < 5 and day != datetime.date(2025, 4, 4):
        n += 1
check(f"publicity ends {day}", f"publicity-end    {day}" in text)
check("registering on the last day of publicity is refused", f"runs until {day}; register after it" in text)
check("registered: certificate number", re.search(r"\nregistered\n370100-2025-P-\d{8}-[0-9A-Z]\n", text))

# The certificate verifies (every check ok), with openssl too, and the tampered copy does not.
verify = text.split("$ datasset cert verify cert.xml --key pub.pem\n")[1].split("\n\n")[0].splitlines()
check("cert verify: 9 checks, all ok", len(verify) == 9 and all(l.startswith("ok   ") for l in verify), verify)
check("openssl verifies the signature", "Signature Verified Successfully" in text or "standard-tool check is skipped" in text)
check("the tampered copy fails the signature", "FAIL signature: the ed25519 signature does not match" in text)
check("openssl refuses the tampered copy", "Signature Verification Failure" in text or "standard-tool check is skipped" in text)
check("inclusion proof verified", re.search(r"ok: entry \d+ is in the tree of size \d+ signed by datasset-registry/370100", text))
check("consistency proof verified", re.search(r"ok: the tree of size \d+ extends the tree of size \d+", text))

# The disclosure tables tie out (期末 = 期初 + 增加 − 减少, 账面价值 = 原值 − 累计摊销 − 准备,
# 合计 = Σ columns), and table (1) holds 630,000.00 amortised for April to December.
def amounts(line):
    return [decimal.Decimal(a.replace(",", "")) for a in re.findall(r"-?[\d,]+\.\d\d", line)]
for table, blocks in (("(1)", 3), ("(2)", 2)):
    body = text.split(f"\n{table} ")[1].split("\n\n")[0].splitlines()
    rows = {}
    block = -1
    for line in body:
        if re.match(r"^[一二三四]、", line):
            block += 1
        m = re.match(r"^([1-4])\.", line)
        if m and len(amounts(line)) == 4:
            rows[(block, int(m.group(1)))] = amounts(line)
    ok = all(sum(v[:3]) == v[3] for v in rows.values())
    for col in range(4):
        for b in range(blocks):
            ok &= rows[(b, 1)][col] + rows[(b, 2)][col] - rows[(b, 3)][col] == rows[(b, 4)][col]
        ok &= rows[(blocks, 1)][col] == rows[(0, 4)][col] - sum(rows[(b, 4)][col] for b in range(1, blocks))
    check(f"table {table} ties out", ok and len(rows) == 4 * blocks + 2, rows)
    if table == "(1)":
        cost = decimal.Decimal("630000.00")
        check("table (1): cost 630,000.00, amortisation 9 × 630,000.00 / 36", rows[(0, 4)][3] == cost and rows[(1, 2)][3] == 9 * cost / 36)

# The award: programme 1 (one 场内 trade of 360,000 ≥ 100,000: up to 10,000 per product), no other.
awards = [r for r in csv.reader(text.split("$ datasset policy evaluate applications.xml --format csv\n")[1].split("\n\n")[0].splitlines())]
granted = [(r[0], r[10]) for r in awards[1:] if r[5] == "获得奖补"]
check("award: p1 10,000.00 and nothing else", granted == [("p1", "10000.00")], granted)

check("the changed extract marks the catalogue entry stale", "the catalogue entry is out of date" in text and "*breaking RENAME 联系电话: 经办人手机 -> 联系电话" in text)

failed = [c for c in checks if not c[1]]
for name, ok, detail in checks:
    print(("ok   " if ok else "FAIL ") + name + ("" if ok or not detail else f": {detail}"))
print(f"tour: {len(checks) - len(failed)} passed, {len(failed)} failed")
sys.exit(1 if failed else 0)
EOF
