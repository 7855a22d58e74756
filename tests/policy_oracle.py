#!/usr/bin/env python3
"""Differential test: the bundled jinan-2025 policy evaluated by the library
(through `datasset policy evaluate --format csv`) against an independent Python
implementation of domain/subsidy.md with fractions, on seeded random
populations rich in boundary values, ties and window edges. Run by
`make check`. Also importable: bench/policy_ref.py uses generate() and
evaluate(). (SPDX-License-Identifier: MIT)"""
import csv
import datetime
import io
import os
import random
import subprocess
import sys
import tempfile
from fractions import Fraction

SEED = int(os.environ.get("DS_ORACLE_SEED", "20251101"))
POPULATIONS = int(os.environ.get("DS_POLICY_ORACLE_POPULATIONS", "12"))

CODE_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"
CODE_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]
WINDOW = (datetime.date(2024, 11, 1), datetime.date(2025, 10, 31))
CASE_WINDOW = (datetime.date(2025, 1, 1), datetime.date(2025, 12, 31))
CASE_LISTS = {"data_x_final", "data_x_excellent", "annotation_excellent", "computing_network_excellent"}
QUALIFICATIONS = {"cpa", "appraiser", "data_governance", "lawyer"}
GROUP = ["p1", "p2", "p3", "p4", "p5", "p6"]  # 就高 across all six programmes
PROGRAMMES = ["p1", "p2", "p3", "p4", "p5", "p6"]


def credit_code(n):
    body = "91370100MA" + format(n, "07d")
    total = sum(CODE_CHARS.index(c) * w for c, w in zip(body, CODE_WEIGHTS))
    return body + CODE_CHARS[(31 - total % 31) % 31]


def money(f):
    """HALF_UP to the fen, as text with two decimals (f >= 0)."""
    cents = f * 100
    q = (cents.numerator * 2 + cents.denominator) // (2 * cents.denominator)
    return f"{q // 100}.{q % 100:02d}"


def money_down(f):
    """Toward zero to the fen (f >= 0): a 不高于 amount never passes its bound."""
    cents = f * 100
    q = cents.numerator // cents.denominator
    return f"{q // 100}.{q % 100:02d}"


def exact_text(f):
    """The library's exact form: plain decimal when it terminates, else p/q."""
    d = f.denominator
    for p in (2, 5):
        while d % p == 0:
            d //= p
    if d != 1:
        return f"{f.numerator}/{f.denominator}"
    digits = 0
    while (f * 10 ** digits).denominator != 1:
        digits += 1
    n = f * 10 ** digits
    sign = "-" if n < 0 else ""
    s = str(abs(n.numerator)).rjust(digits + 1, "0")
    text = s if digits == 0 else s[:-digits] + "." + s[-digits:]
    return sign + text


# ------------------------------------------------------------------ generation

def rand_date(rng, edges, lo, hi):
    if rng.random() < 0.35:
        return rng.choice(edges)
    return lo + datetime.timedelta(days=rng.randint(0, (hi - lo).days))


def rand_amount(rng, near):
    r = rng.random()
    if r < 0.3:
        return Fraction(rng.choice(near)) + rng.choice([Fraction(0), Fraction(-1, 100), Fraction(1, 100)])
    if r < 0.5:
        return Fraction(rng.choice([50000, 250000, 1000000, 2000000]))  # ties
    return Fraction(rng.randint(0, 6_000_000_00), 100)


def generate(rng, n, trades_per_product=None):
    """A population: a list of applicant dicts (figures the XML carries)."""
    edges = [WINDOW[0] - datetime.timedelta(days=1), WINDOW[0], WINDOW[1], WINDOW[1] + datetime.timedelta(days=1)]
    lo, hi = datetime.date(2024, 9, 1), datetime.date(2025, 12, 31)
    apps = []
    for i in range(1, n + 1):
        a = {"id": credit_code(i), "name": f"企业{i}", "verified": rng.random() < 0.8,
             "products": [], "trades": [], "filings": [], "vouchers": [], "cases": [],
             "contracts": [], "partners": 0, "review": None, "recognitions": []}
        for p in range(rng.choice([0, 1, 1, 2, 3])):
            a["products"].append({"id": f"P{p}", "listed": rand_date(rng, edges, lo, hi),
                                  "certificate": rng.random() < 0.8, "voucher": rng.random() < 0.8})
        for p in a["products"]:
            for _ in range(trades_per_product or rng.randint(0, 4)):
                amount = rand_amount(rng, [100000, 1000000, 50000, 333333]) / (trades_per_product or rng.choice([1, 1, 2]))
                a["trades"].append({"product": p["id"], "date": rand_date(rng, edges, lo, hi),
                                    "amount": Fraction(round(amount * 100), 100)})
        if rng.random() < 0.7:
            a["vouchers"].append("trade")
        if rng.random() < 0.5:
            a["vouchers"].append("filing")
            for _ in range(rng.randint(1, 3)):
                a["filings"].append({"role": rng.choice(["provider", "buyer"]), "date": rand_date(rng, edges, lo, hi),
                                     "amount": rand_amount(rng, [5000000, 2500000, 1666666.67])})
        if rng.random() < 0.15:
            for k in range(rng.randint(1, 2)):
                a["cases"].append({"id": f"K{i}-{k}", "list": rng.choice(sorted(CASE_LISTS) + ["provincial"]),
                                   "date": rand_date(rng, [datetime.date(2024, 12, 31), datetime.date(2025, 1, 1),
                                                           datetime.date(2025, 12, 31)], lo, hi)})
        if rng.random() < 0.2:
            for k in range(rng.randint(1, 3)):
                a["contracts"].append({"counterparty": rng.choice(["E1", "E2", "E3"]),
                                       "date": rand_date(rng, edges, lo, hi),
                                       "amount": rand_amount(rng, [250000, 500000, 166666.67])})
            a["partners"] = rng.choice([0, 1, 2])
            if rng.random() < 0.8:
                a["review"] = Fraction(rng.choice([60, 75, 80, 90, 95]) * 10 + rng.choice([0, 5]), 10)
        if rng.random() < 0.25:
            for k in range(rng.randint(1, 2)):
                founded = datetime.date(2022, rng.choice([10, 11]), rng.choice([1, 31 if False else 30]))
                a["recognitions"].append({
                    "id": f"R{k}", "date": rand_date(rng, edges, lo, hi),
                    "amount": rand_amount(rng, [100000, 250000]), "registered": rng.random() < 0.9,
                    "founded": rng.choice([founded, datetime.date(2022, 10, 31), datetime.date(2022, 11, 1),
                                           datetime.date(2015, 5, 5)]),
                    "approved": rng.random() < 0.9, "independent": rng.random() < 0.95, "clean": rng.random() < 0.95,
                    "qualifications": rng.sample(sorted(QUALIFICATIONS) + ["engineer"], rng.randint(0, 2))})
        apps.append(a)
    return apps


def to_xml(apps):
    out = ['<?xml version="1.0" encoding="UTF-8"?>\n<applications xmlns="urn:datasset:applications:1">\n']
    b = lambda v: "true" if v else "false"  # noqa: E731
    for a in apps:
        out.append(f'<applicant id="{a["id"]}" name="{a["name"]}" verified="{b(a["verified"])}">')
        for p in a["products"]:
            out.append(f'<product id="{p["id"]}" listed="{p["listed"]}" certificate="{b(p["certificate"])}" '
                       f'trade-voucher="{b(p["voucher"])}"/>')
        for t in a["trades"]:
            out.append(f'<trade product="{t["product"]}" date="{t["date"]}" amount="{money(t["amount"])}"/>')
        for f in a["filings"]:
            out.append(f'<filing role="{f["role"]}" date="{f["date"]}" amount="{money(f["amount"])}"/>')
        for v in a["vouchers"]:
            out.append(f'<voucher kind="{v}"/>')
        for k in a["cases"]:
            out.append(f'<case id="{k["id"]}" list="{k["list"]}" date="{k["date"]}"/>')
        for k in a["contracts"]:
            out.append(f'<contract counterparty="{k["counterparty"]}" date="{k["date"]}" amount="{money(k["amount"])}"/>')
        for _ in range(a["partners"]):
            out.append('<partner name="山东大学"/>')
        if a["review"] is not None:
            out.append(f'<review score="{exact_text(a["review"])}"/>')
        for r in a["recognitions"]:
            out.append(f'<recognition id="{r["id"]}" date="{r["date"]}" amount="{money(r["amount"])}" '
                       f'registered="{b(r["registered"])}"><provider id="P" name="服务商" founded="{r["founded"]}" '
                       f'approved="{b(r["approved"])}" independent="{b(r["independent"])}" clean="{b(r["clean"])}" '
                       f'qualifications="{" ".join(r["qualifications"])}"/></recognition>')
        out.append("</applicant>\n")
    out.append("</applications>\n")
    return "".join(out)


# ------------------------------------------------------------------ the rules, independently

def money_of(a):
    return Fraction(round(a * 100), 100)


def in_window(d, w=WINDOW):
    return w[0] <= d <= w[1]


def full_years(a, b):
    return b.year - a.year - ((b.month, b.day) < (a.month, a.day))


FAR = datetime.date(9999, 12, 31)


def evaluate(apps):
    """{(programme, applicant, unit): line} with status, rank, award, capped, ignored, reason_label."""
    lines = {}

    def line(prog, a, unit, **kw):
        entry = {"status": "ineligible", "rank": 0, "award": Fraction(0), "capped": None, "ignored": 0, "reason": ""}
        entry.update(kw)
        lines[(prog, a["id"], unit)] = entry
        return entry

    def rank_and_award(prog, cands, limit, amount_of, per_applicant_cap=None, per_applicant_count=None):
        # cands: (key, tie_date, applicant, unit, ...) with key sorted descending.
        cands.sort(key=lambda c: (-c[0], c[1], c[2]["id"], c[3]))
        spent, count = {}, {}
        for r, (key, _, a, unit) in enumerate(cands, 1):
            e = lines[(prog, a["id"], unit)]
            e["rank"] = r
            if limit and r > limit:
                e["status"] = "unranked"
                continue
            if per_applicant_count and count.get(a["id"], 0) >= per_applicant_count:
                e["status"] = "unranked"
                continue
            count[a["id"]] = count.get(a["id"], 0) + 1
            amt = Fraction(money_down(amount_of(key, r)))
            if per_applicant_cap is not None:
                room = per_applicant_cap - spent.get(a["id"], 0)
                amt = min(amt, room)
                spent[a["id"]] = spent.get(a["id"], 0) + amt
            e["status"], e["capped"], e["award"] = "granted", amt, amt

    # p1 — products
    cands = []
    for a in apps:
        if not a["products"]:
            line("p1", a, "", reason="no product")
        for p in a["products"]:
            trades = [t for t in a["trades"] if t["product"] == p["id"]]
            total = sum((t["amount"] for t in trades if in_window(t["date"])), Fraction(0))
            ignored = sum(1 for t in trades if not in_window(t["date"]))
            failed = ("首次登记上架" if not in_window(p["listed"]) else "数据产品登记证书" if not p["certificate"]
                      else "数据交易凭证" if not p["voucher"] else "场内 trade amount of the product" if total < 100000 else "")
            line("p1", a, p["id"], ignored=ignored, reason=failed)
            if not failed:
                cands.append((total, p["listed"], a, p["id"]))
    rank_and_award("p1", cands, 50, lambda k, r: Fraction(10000), per_applicant_cap=Fraction(50000))

    def first_listed(a):
        return min((p["listed"] for p in a["products"]), default=FAR)

    # p2 — providers
    bands = [(1, 5, 150000), (6, 10, 100000), (11, 20, 75000)]

    def p2_amount(total, r):
        amt = total * Fraction(5, 100)
        for lo, hi, cap in bands:
            if lo <= r <= hi:
                amt = min(amt, Fraction(cap))
        return amt

    cands = []
    for a in apps:
        total = sum((t["amount"] for t in a["trades"] if in_window(t["date"])), Fraction(0))
        ignored = sum(1 for t in a["trades"] if not in_window(t["date"]))
        listed = sum(1 for p in a["products"] if p["listed"] <= WINDOW[1])
        failed = ("数据提供方 注册认证" if not a["verified"] else "products listed" if listed < 1
                  else "数据交易凭证" if "trade" not in a["vouchers"] else "cumulative 场内" if total < 1000000 else "")
        line("p2", a, "", ignored=ignored, reason=failed)
        if not failed:
            cands.append((total, first_listed(a), a, ""))
    rank_and_award("p2", cands, 20, p2_amount)

    # p3 — filings, as provider and as buyer
    cands = []
    for a in apps:
        total = sum((f["amount"] for f in a["filings"] if in_window(f["date"])), Fraction(0))
        ignored = sum(1 for f in a["filings"] if not in_window(f["date"]))
        failed = "数据交易备案凭证" if "filing" not in a["vouchers"] else "场外 filings" if total < 5000000 else ""
        line("p3", a, "", ignored=ignored, reason=failed)
        if not failed:
            cands.append((total, first_listed(a), a, ""))
    rank_and_award("p3", cands, 10, lambda k, r: Fraction(30000))

    # p4 — cases, 200,000 each, no ranking limit (ranked by date, applicant, case)
    cands = []
    for a in apps:
        if not a["cases"]:
            line("p4", a, "", reason="no case")
        for k in a["cases"]:
            failed = ("won or selected in 2025" if not in_window(k["date"], CASE_WINDOW)
                      else "数据要素×" if k["list"] not in CASE_LISTS else "")
            line("p4", a, k["id"], reason=failed)
            if not failed:
                cands.append((0, k["date"], a, k["id"]))
    rank_and_award("p4", cands, None, lambda k, r: Fraction(200000))

    # p5 — annotation bases: no window; top 3 by review score
    cands = []
    for a in apps:
        parties = len({k["counterparty"] for k in a["contracts"]})
        total = sum((k["amount"] for k in a["contracts"]), Fraction(0))
        failed = ("at least 2 enterprises" if parties < 2 else "contracts totalling" if total < 500000
                  else "talent training" if a["partners"] < 1 else "综合评审" if a["review"] is None else "")
        line("p5", a, "", reason=failed)
        if not failed:
            cands.append((a["review"], first_listed(a), a, ""))
    rank_and_award("p5", cands, 3, lambda k, r: Fraction(200000))

    # p6 — 数据要素券, one per enterprise, highest recognised amount first
    cands = []
    for a in apps:
        if not a["recognitions"]:
            line("p6", a, "", reason="no recognition")
        for r in a["recognitions"]:
            failed = ("入表 within the window" if not in_window(r["date"]) else "recognised data-asset amount"
                      if r["amount"] < 100000 else "数据资源" if not r["registered"] else "voucher zone"
                      if not r["approved"] else "independent legal person" if not r["independent"]
                      else "at least 3 years" if full_years(r["founded"], WINDOW[1]) < 3
                      else "bad credit" if not r["clean"]
                      else "staff hold" if not QUALIFICATIONS & set(r["qualifications"]) else "")
            line("p6", a, r["id"], reason=failed)
            if not failed:
                cands.append((r["amount"], r["date"], a, r["id"]))
    rank_and_award("p6", cands, None, lambda k, r: Fraction(50000), per_applicant_count=1)

    # 就高 among p1, p2, p3, p6: per applicant, the highest programme total wins (ties: earlier programme).
    sums = {}
    for (prog, aid, unit), e in lines.items():
        if prog in GROUP and e["status"] == "granted" and e["capped"]:
            sums.setdefault(aid, {}).setdefault(prog, Fraction(0))
            sums[aid][prog] += e["capped"]
    for aid, per in sums.items():
        if len(per) < 2:
            continue
        best = max(GROUP, key=lambda p: (per.get(p, Fraction(-1)), -GROUP.index(p)))
        displaces = "; ".join(f"{p} {money(per[p])}" for p in GROUP if p in per and p != best)
        for (prog, a2, unit), e in lines.items():
            if a2 != aid or prog not in per or e["status"] != "granted" or not e["capped"]:
                continue
            if prog == best:
                e["displaces"] = displaces
            else:
                e["status"], e["award"], e["displaced_by"] = "displaced", Fraction(0), best
    return lines


# ------------------------------------------------------------------ comparison

def run_library(exe, xml_text):
    with tempfile.NamedTemporaryFile("w", suffix=".xml", delete=False, encoding="utf-8") as f:
        f.write(xml_text)
        path = f.name
    try:
        proc = subprocess.run([exe, "policy", "evaluate", "--format", "csv", path], capture_output=True, text=True)
    finally:
        os.unlink(path)
    return proc


def main():
    exe = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.environ.get("top_builddir", "."), "datasset")
    rng = random.Random(SEED)
    compared = failed = 0
    for population in range(POPULATIONS):
        apps = generate(rng, rng.choice([40, 120, 250]))
        expected = evaluate(apps)
        proc = run_library(exe, to_xml(apps))
        if proc.returncode != 0:
            print(f"population {population}: datasset failed: {proc.stderr}")
            return 1
        rows = list(csv.DictReader(io.StringIO(proc.stdout)))
        got = {(r["programme"], r["applicant"], r["unit"]): r for r in rows}
        if set(got) != set(expected):
            print(f"population {population}: lines differ: library only {sorted(set(got) - set(expected))[:5]}, "
                  f"oracle only {sorted(set(expected) - set(got))[:5]}")
            return 1
        total = Fraction(0)
        for key, e in expected.items():
            r = got[key]
            compared += 1
            mine = (r["status"], int(r["rank"] or 0), r["award"], r["capped"], int(r["ignored_records"]),
                    r["displaced_by"], r["displaces"])
            want = (e["status"], e["rank"] if e["status"] != "ineligible" else 0, money(e["award"]),
                    money(e["capped"]) if e["capped"] is not None else "", e["ignored"], e.get("displaced_by", ""),
                    e.get("displaces", ""))
            ok = mine == want and (e["status"] != "ineligible" or e["reason"] in r["reason"])
            total += Fraction(r["award"])
            if not ok:
                failed += 1
                if failed <= 20:
                    print(f"MISMATCH population {population} {key}: library {mine} {r['reason']!r}, "
                          f"oracle {want} {e['reason']!r}")
        if total != sum((e["award"] for e in expected.values()), Fraction(0)):
            failed += 1
            print(f"population {population}: totals differ")
    print(f"policy oracle: seed {SEED}, {POPULATIONS} populations, {compared} award lines compared with fractions")
    print(f"{compared - failed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
