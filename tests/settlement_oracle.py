#!/usr/bin/env python3
"""Differential test of the settlement module against an independent reading of
revenue-sharing.md (F1-F8), computed with Python's fractions: random
settlements (MAR surveys, evaluation periods at and around the 10 % boundary,
deduction smoothed over k years with the cap-and-carry rule, fee pools of the
three agreement types with random weights, zero weights, shares and party
kinds), each statement checked field by field, the lines summing exactly to the
pool and the remainder on the line the spec names; and random bad inputs
(negative weights, all-zero weights, shares above 1, pools above their income,
markups above six points) refused with the field named.
Run by `make check` (SPDX-License-Identifier: MIT)."""
import os
import random
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET
from fractions import Fraction

SEED = int(os.environ.get("DS_ORACLE_SEED", "20261201"))
COUNT = int(os.environ.get("DS_ORACLE_COUNT", "1500"))
NS = "{urn:datasset:settlement:1}"


def half_up(f):
    """四舍五入 to an integer, ties away from zero (amounts.md HALF_UP)."""
    f = Fraction(f)
    n = (abs(f.numerator) * 2 + f.denominator) // (2 * f.denominator)
    return n if f >= 0 else -n


def fen_round(yuan_value):
    """HALF_UP₂ of a value in yuan, as fen."""
    return half_up(Fraction(yuan_value) * 100)


def yuan(fen):
    sign = "-" if fen < 0 else ""
    fen = abs(fen)
    return f"{sign}{fen // 100}.{fen % 100:02d}"


def exact(text):
    return Fraction(text)


def dec(f):
    """Exact decimal text of a terminating Fraction."""
    f = Fraction(f)
    sign = "-" if f < 0 else ""
    f = abs(f)
    scale = 0
    while (f * 10**scale).denominator != 1:
        scale += 1
        assert scale < 40
    n = int(f * 10**scale)
    if scale == 0:
        return f"{sign}{n}"
    s = str(n).rjust(scale + 1, "0")
    return f"{sign}{s[:-scale]}.{s[-scale:]}"


# ---------------------------------------------------------------- the model, from the spec's words

def model(case):
    """The statement revenue-sharing.md describes, or ('ERROR', field)."""
    out = {}
    if "mar" in case:
        m = case["mar"]
        if m["markup"] < 0 or m["markup"] > Fraction(6, 100):  # F1: 0 <= m <= 0.06, else refuse
            return ("ERROR", "mar/markup")
        c = sum(m["costs"]) - sum(m["subsidies"])  # F2: C = Σ cost items − subsidies (fen)
        r = m["y"] + m["markup"]
        p = fen_round(Fraction(c, 100) * r)  # P = HALF_UP₂(C × r)
        out["mar"] = dict(cost=c, rate=r, profit=p, taxes=m["taxes"], mar=c + p + m["taxes"])
    if case.get("years"):
        years = []
        for (y, a, own) in case["years"]:
            mar = own if own is not None else out["mar"]["mar"]
            d = Fraction(a - mar, mar)  # F3, exact
            tier = "operator_adjusts_price" if abs(d) <= Fraction(1, 10) else "authority_adjusts_ceiling"
            years.append(dict(year=y, actual=a, mar=mar, ratio=d, percent=half_up(d * 10000), tier=tier))
        out["years"] = years
        total_a = sum(y["actual"] for y in years)
        total_m = sum(y["mar"] for y in years)
        e = max(0, total_a - total_m)  # F4
        k = case["k"]
        nxt = case["next_mar"] if case["next_mar"] is not None else (
            out["mar"]["mar"] if "mar" in out else years[-1]["mar"])
        sched = [half_up(Fraction(e, k))] * (k - 1)
        sched.append(e - sum(sched))  # the last takes E minus the others
        rows = []
        carry = 0
        i = 0
        while e and (i < k or carry):
            s = sched[i] if i < k else 0
            total = s + carry
            ded = min(total, nxt)  # capped at that year's MAR, rest carried (our rule)
            rows.append(dict(year=i + 1, scheduled=s, carried=carry, deducted=ded, net=nxt - ded))
            carry = total - ded
            i += 1
        out["period"] = dict(actual=total_a, mar=total_m, excess=e, next=nxt, rows=rows)
    pools = []
    for p in case["pools"]:
        if p["type"] == "share":
            if not (0 < p["share"] <= 1):
                return ("ERROR", f"pool '{p['id']}'/share")
            fee = fen_round(Fraction(p["income"], 100) * p["share"])  # F5 share
        elif p["type"] == "per_call":
            fee = sum(fen_round(rate * calls) for (rate, calls) in p["products"])  # F5 per_call
        else:
            if p["income"] is not None and p["amount"] > p["income"]:
                return ("ERROR", f"pool '{p['id']}'/amount")
            fee = p["amount"]
        for party in p["parties"]:
            if party["weight"] < 0:
                return ("ERROR", f"pool '{p['id']}'/party '{party['id']}'/weight")
        if p["income"] is not None and fee > p["income"]:  # checks: F <= G
            return ("ERROR", f"pool '{p['id']}'/income")
        total_w = sum(party["weight"] for party in p["parties"])
        if total_w == 0:  # F6: not all zero
            return ("ERROR", f"pool '{p['id']}'/party")
        lines = []
        for party in p["parties"]:
            kind = party["kind"]
            # F8 destinations
            if kind in ("admin_unit", "authority"):
                dest = "treasury"
            elif kind == "inst_unit":
                if p["income_kind"] == "disposal":
                    dest = "treasury"
                else:
                    dest = "treasury" if case["inst"] == "remit" else "retain"
            else:
                dest = "retain"
            share = party["weight"] / total_w
            lines.append(dict(party=party["id"], dest=dest, share=share, exact=Fraction(fee, 100) * share,
                              weight=party["weight"]))
        # F7: retain first, then treasury; by exact amount descending, then party id ascending
        lines.sort(key=lambda l: (0 if l["dest"] == "retain" else 1, -l["exact"], l["party"]))
        # the remainder goes to the last line whose share is above zero (docs/settlement.md)
        taker = max(i for i, l in enumerate(lines) if l["share"] > 0)
        others = 0
        for i, l in enumerate(lines):
            l["rounded"] = fen_round(l["exact"])
            if i != taker:
                l["amount"] = l["rounded"]
                others += l["amount"]
        lines[taker]["amount"] = fee - others
        for i, l in enumerate(lines):
            l["took"] = i == taker
            l["remainder"] = l["amount"] - l["rounded"] if i == taker else 0
        assert sum(l["amount"] for l in lines) == fee
        assert sum(l["share"] for l in lines) == 1
        pools.append(dict(id=p["id"], fee=fee, lines=lines,
                          treasury=sum(l["amount"] for l in lines if l["dest"] == "treasury")))
    out["pools"] = pools
    return out


# ---------------------------------------------------------------- random cases and their documents

KINDS = ["admin_unit", "inst_unit", "authority", "public_enterprise", "company"]


def weight(rng):
    r = rng.random()
    if r < 0.12:
        return Fraction(0)
    if r < 0.6:
        return Fraction(rng.randint(1, 100000))
    if r < 0.8:
        return Fraction(rng.randint(1, 10**6), 10 ** rng.randint(1, 4))
    return Fraction(rng.choice([1, 1, 2, 3, 5, 7]))  # ties


def gen_case(rng, bad=None):
    case = {"inst": rng.choice(["remit", "retain"]), "pools": [], "years": [], "k": 1, "next_mar": None}
    if rng.random() < 0.6:
        costs = [rng.randint(1, 10**9) for _ in range(rng.randint(1, 4))]
        subs = [rng.randint(0, sum(costs) // 4) for _ in range(rng.randint(0, 2))]
        case["mar"] = dict(costs=costs, subsidies=subs, y=Fraction(rng.randint(0, 500), 10000),
                           markup=Fraction(rng.randint(0, 600), 10000), taxes=rng.randint(0, 10**7))
        if bad == "markup":
            case["mar"]["markup"] = Fraction(rng.randint(601, 2000), 10000)
        mar = None
        if bad != "markup":
            c = sum(costs) - sum(subs)
            mar = c + fen_round(Fraction(c, 100) * (case["mar"]["y"] + case["mar"]["markup"])) + case["mar"]["taxes"]
        n = rng.randint(0, 3)
        y0 = rng.randint(2024, 2030)
        for i in range(n):
            own = None if rng.random() < 0.7 or mar is None else rng.randint(1, 10**9)
            base = own if own is not None else mar
            if base is None:
                base = 10**8
                own = base
            choice = rng.random()
            if choice < 0.25 and (base % 10 == 0):  # exactly ±10 %
                a = base + rng.choice([1, -1]) * base // 10
            elif choice < 0.4 and base % 10 == 0:  # one fen past the boundary
                a = base + rng.choice([1, -1]) * (base // 10 + 1)
            else:
                a = max(0, base + rng.randint(-base // 4, base // 4))
            case["years"].append((y0 + i, a, own))
        case["k"] = rng.randint(1, 6)
        if rng.random() < 0.3:
            case["next_mar"] = rng.randint(1, 10**8)
    for pi in range(rng.randint(0 if case.get("mar") else 1, 3)):
        t = rng.choice(["share", "per_call", "fixed"])
        p = dict(id=f"P{pi}", type=t, income=None, share=None, amount=None, products=[], parties=[],
                 income_kind=rng.choice(["use", "use", "disposal"]))
        if t == "share":
            p["income"] = rng.randint(0, 10**10)
            p["share"] = Fraction(rng.randint(1, 10000), 10000)
        elif t == "per_call":
            p["products"] = [(Fraction(rng.randint(0, 10**6), 10**rng.randint(2, 6)), rng.randint(0, 10**6))
                             for _ in range(rng.randint(1, 3))]
            fee = sum(fen_round(r * c) for r, c in p["products"])
            if rng.random() < 0.5:
                p["income"] = fee + rng.randint(0, 10**6)
        else:
            p["amount"] = rng.randint(0, 10**9)
            if rng.random() < 0.5:
                p["income"] = p["amount"] + rng.randint(0, 10**6)
        ids = rng.sample(range(1000), rng.randint(1, 9))
        for i in ids:
            p["parties"].append(dict(id=f"U{i:03d}", kind=rng.choice(KINDS), weight=weight(rng)))
        if all(party["weight"] == 0 for party in p["parties"]):
            p["parties"][0]["weight"] = Fraction(1)
        case["pools"].append(p)
    if bad and bad != "markup":
        if not case["pools"]:
            case["pools"].append(dict(id="PX", type="fixed", income=None, share=None, amount=100, products=[],
                                      income_kind="use",
                                      parties=[dict(id="A", kind="company", weight=Fraction(1))]))
        p = rng.choice(case["pools"])
        if bad == "negative":
            rng.choice(p["parties"])["weight"] = -Fraction(rng.randint(1, 100))
        elif bad == "zero":
            for party in p["parties"]:
                party["weight"] = Fraction(0)
        elif bad == "share":
            p.update(type="share", income=rng.randint(0, 10**8), amount=None, products=[],
                     share=1 + Fraction(rng.randint(1, 1000), 1000))
        elif bad == "above":
            p.update(type="fixed", products=[], share=None, income=rng.randint(0, 10**8))
            p["amount"] = p["income"] + rng.randint(1, 10**4)
    return case


def document(case):
    out = ['<?xml version="1.0" encoding="UTF-8"?>',
           f'<settlement xmlns="urn:datasset:settlement:1" inst-use-income="{case["inst"]}">']
    if "mar" in case:
        m = case["mar"]
        out.append("<mar>")
        out += [f'<cost amount="{yuan(c)}"/>' for c in m["costs"]]
        out += [f'<subsidy amount="{yuan(s)}"/>' for s in m["subsidies"]]
        out.append(f'<bond-yield rate="{dec(m["y"] * 100)}%" source="oracle"/>')
        out.append(f'<markup rate="{dec(m["markup"])}"/>')
        out.append(f'<taxes amount="{yuan(m["taxes"])}"/></mar>')
    if case["years"]:
        out.append("<evaluation>")
        for (y, a, own) in case["years"]:
            extra = f' mar="{yuan(own)}"' if own is not None else ""
            out.append(f'<year year="{y}" actual="{yuan(a)}"{extra}/>')
        nm = f' next-mar="{yuan(case["next_mar"])}"' if case["next_mar"] is not None else ""
        out.append(f'<deduction years="{case["k"]}"{nm}/></evaluation>')
    for p in case["pools"]:
        attrs = f'id="{p["id"]}" type="{p["type"]}" income-kind="{p["income_kind"]}"'
        if p["income"] is not None:
            attrs += f' income="{yuan(p["income"])}"'
        if p["share"] is not None:
            attrs += f' share="{dec(p["share"])}"'
        if p["amount"] is not None:
            attrs += f' amount="{yuan(p["amount"])}"'
        out.append(f"<pool {attrs}>")
        out += [f'<product rate="{dec(r)}" calls="{c}"/>' for r, c in p["products"]]
        out += [f'<party id="{q["id"]}" kind="{q["kind"]}" weight="{dec(q["weight"])}"/>' for q in p["parties"]]
        out.append("</pool>")
    out.append("</settlement>")
    return "\n".join(out) + "\n"


def fen_of(text):
    return half_up(Fraction(text) * 100) if text is not None else None


def compare(want, got_text):
    if isinstance(want, tuple):
        if not got_text.startswith("ERROR"):
            return f"expected a refusal naming {want[1]}, got a statement"
        # the document path (with its line) or the API field, and the field the spec's check names
        return None if want[1] in got_text else f"refusal does not name {want[1]}: {got_text}"
    if got_text.startswith("ERROR"):
        return f"refused: {got_text}"
    root = ET.fromstring(got_text)
    if "mar" in want:
        m = root.find(NS + "mar")
        w = want["mar"]
        for key, attr in (("cost", "cost"), ("profit", "profit"), ("taxes", "taxes"), ("mar", "mar")):
            if fen_of(m.get(attr)) != w[key]:
                return f"mar/{attr}: {m.get(attr)} != {yuan(w[key])}"
        if exact(m.get("rate")) != w["rate"]:
            return f"rate {m.get('rate')} != {w['rate']}"
    if "years" in want:
        ys = root.findall(NS + "year")
        if len(ys) != len(want["years"]):
            return "year count"
        for y, w in zip(ys, want["years"]):
            if (int(y.get("year")) != w["year"] or fen_of(y.get("mar")) != w["mar"] or exact(y.get("ratio")) != w["ratio"]
                    or fen_of(y.get("percent")) != w["percent"] or y.get("tier") != w["tier"]):
                return f"year {w['year']}: {y.attrib} vs {w}"
        p = root.find(NS + "period")
        w = want["period"]
        if fen_of(p.get("excess")) != w["excess"] or fen_of(p.get("next-mar")) != w["next"]:
            return f"period {p.attrib} vs {w}"
        rows = p.findall(NS + "deduction")
        if len(rows) != len(w["rows"]):
            return f"deduction rows {len(rows)} != {len(w['rows'])}"
        for r, wr in zip(rows, w["rows"]):
            if (fen_of(r.get("scheduled")), fen_of(r.get("carried-in")), fen_of(r.get("deducted")),
                    fen_of(r.get("net-mar"))) != (wr["scheduled"], wr["carried"], wr["deducted"], wr["net"]):
                return f"deduction {r.attrib} vs {wr}"
        if sum(fen_of(r.get("deducted")) for r in rows) != w["excess"]:
            return "deductions do not sum to E"
    pools = root.findall(NS + "pool")
    if len(pools) != len(want["pools"]):
        return "pool count"
    for p, w in zip(pools, want["pools"]):
        if fen_of(p.get("fee")) != w["fee"] or fen_of(p.get("to-treasury")) != w["treasury"]:
            return f"pool {w['id']}: fee {p.get('fee')} treasury {p.get('to-treasury')} vs {yuan(w['fee'])} {yuan(w['treasury'])}"
        lines = p.findall(NS + "line")
        if [l.get("party") for l in lines] != [l["party"] for l in w["lines"]]:
            return f"pool {w['id']}: order {[l.get('party') for l in lines]} != {[l['party'] for l in w['lines']]}"
        if sum(fen_of(l.get("amount")) for l in lines) != w["fee"]:
            return f"pool {w['id']}: lines do not sum to the fee"
        for l, wl in zip(lines, w["lines"]):
            if (fen_of(l.get("amount")) != wl["amount"] or l.get("destination") != wl["dest"]
                    or exact(l.get("share")) != wl["share"] or exact(l.get("exact")) != wl["exact"]
                    or (l.get("took-remainder") == "true") != wl["took"]
                    or fen_of(l.get("remainder")) != wl["remainder"]):
                return f"pool {w['id']} line {wl['party']}: {l.attrib} vs {wl}"
    return None


def main():
    driver = os.path.join(os.environ.get("top_builddir", "."), "tests", "settlement_driver")
    rng = random.Random(SEED)
    failures = 0
    kinds = {}
    with tempfile.TemporaryDirectory() as tmp:
        cases, paths = [], []
        for i in range(COUNT):
            bad = None
            if rng.random() < 0.2:
                bad = rng.choice(["negative", "zero", "share", "above", "markup"])
            case = gen_case(rng, bad)
            path = os.path.join(tmp, f"s{i}.xml")
            with open(path, "w", encoding="utf-8") as f:
                f.write(document(case))
            cases.append((case, bad))
            paths.append(path)
        outputs = {}
        for start in range(0, len(paths), 500):
            chunk = paths[start:start + 500]
            res = subprocess.run([driver] + chunk, capture_output=True, text=True, check=True)
            current = None
            for line in res.stdout.splitlines(keepends=True):
                if line.startswith("=== "):
                    current = line[4:].strip()
                    outputs[current] = ""
                else:
                    outputs[current] += line
        lines_checked = 0
        for (case, bad), path in zip(cases, paths):
            want = model(case)
            kinds[bad or "good"] = kinds.get(bad or "good", 0) + 1
            problem = compare(want, outputs[path].strip())
            if problem:
                failures += 1
                if failures <= 10:
                    print(f"FAIL {path} ({bad or 'good'}): {problem}\n{document(case)}")
            elif not isinstance(want, tuple):
                lines_checked += sum(len(p["lines"]) for p in want["pools"])
    print(f"{COUNT} settlements (seed {SEED}): {kinds}; {lines_checked} lines checked; {failures} failures")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
