#!/usr/bin/env python3
"""Differential test of the bundled jinan-2025 policy.

The library evaluates applications through `datasset policy evaluate --format
machine-csv`; this file evaluates the same applications with its own reading of the
rules, written from the published rules (济数字〔2025〕6号, as summarised
programme by programme in the project's domain notes) and from the wording
quoted in issue #19, never from schemas/policies/jinan-2025.xml. Amounts are
exact (fractions). Two kinds of population are compared line by line:

- hand-made boundary cases (BOUNDARY), each with the award written down by
  hand from the rules: every threshold a fen below / at / a fen above, both
  edges of the window, the two 就高 pairs of the issue, a case listed twice, a
  shared case, the half-fen 5 % case, the rank bands;
- seeded random populations rich in boundary values, ties and window edges
  (DS_ORACLE_SEED, DS_POLICY_ORACLE_POPULATIONS).

Run by `make check`. Also importable: bench/policy_ref.py uses load() and
evaluate(). (SPDX-License-Identifier: MIT)"""
import csv
import datetime
import io
import os
import random
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET
from fractions import Fraction

SEED = int(os.environ.get("DS_ORACLE_SEED", "20251101"))
POPULATIONS = int(os.environ.get("DS_POLICY_ORACLE_POPULATIONS", "12"))

CODE_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"
CODE_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]
D = datetime.date

# ------------------------------------------------------------------ the rules (济数字〔2025〕6号)

# "Assessment window for programmes 1-3 and 6: 2024-11-01 to 2025-10-31 inclusive."
WINDOW = (D(2024, 11, 1), D(2025, 10, 31))
# Programme 4: won or selected "in 2025" (the year of the competition or publication).
CASE_YEAR = 2025
# The four national lists of programme 4.
CASE_LISTS = {"data_x_final", "data_x_excellent", "annotation_excellent", "computing_network_excellent"}
FINAL = "data_x_final"  # the 数据要素× national final: only an entry that won (获奖) counts
# Programme 6: 注册会计师, 注册资产评估师, 数据治理工程师, 律师.
QUALIFICATIONS = {"cpa", "appraiser", "data_governance", "lawyer"}
PROGRAMMES = ["p1", "p2", "p3", "p4", "p5", "p6"]
# 就高: "按照不重复奖补的原则，对同时符合本细则多项奖补政策的，按照'就高'原则实施奖补" -- any of the six.
HIGHEST = PROGRAMMES

P1_THRESHOLD, P1_TOP, P1_MAX, P1_ENTERPRISE = Fraction(100000), 50, Fraction(10000), Fraction(50000)
P2_THRESHOLD, P2_TOP, P2_RATE = Fraction(1000000), 20, Fraction(5, 100)
P2_BANDS = [(1, 5, Fraction(150000)), (6, 10, Fraction(100000)), (11, 20, Fraction(75000))]
P3_THRESHOLD, P3_TOP, P3_MAX = Fraction(5000000), 10, Fraction(30000)
P4_MAX = Fraction(200000)  # 单个案例奖补金额不高于20万元
P5_PARTIES, P5_TOTAL, P5_PARTNERS, P5_TOP, P5_MAX = 2, Fraction(500000), 1, 3, Fraction(200000)
P6_AMOUNT, P6_VOUCHER, P6_YEARS = Fraction(100000), Fraction(50000), 3

FAR = D(9999, 12, 31)


def credit_code(n):
    body = "91370100MA" + format(n, "07d")
    total = sum(CODE_CHARS.index(c) * w for c, w in zip(body, CODE_WEIGHTS))
    return body + CODE_CHARS[(31 - total % 31) % 31]


def to_fen(f, down):
    """To the fen: toward zero for a 不高于 amount (never above its bound), else half up (f >= 0)."""
    cents = f * 100
    if down:
        q = cents.numerator // cents.denominator
    else:
        q = (cents.numerator * 2 + cents.denominator) // (2 * cents.denominator)
    return Fraction(q, 100)


def money(f):
    """Text with two decimals, half up (f >= 0)."""
    q = to_fen(f, False) * 100
    q = q.numerator
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
    return sign + (s if digits == 0 else s[:-digits] + "." + s[-digits:])


def in_window(d):
    return d is not None and WINDOW[0] <= d <= WINDOW[1]


def full_years(a, b):
    return b.year - a.year - ((b.month, b.day) < (a.month, a.day))


def first_listing(a):
    return min((p["first_listed"] for p in a["products"]), default=FAR)


def approval(a, prog, unit):
    for ap in a["approvals"]:
        if ap["programme"] == prog and ap["unit"] == unit:
            return ap["amount"]
    return None


def up_to(maximum, a, prog, unit):
    """"最高 X": X, unless the application carries an approved amount below X."""
    approved = approval(a, prog, unit)
    return maximum if approved is None else min(approved, maximum)


def evaluate(apps):
    """{(programme, applicant, unit): [line, ...]}: a unit listed twice has two lines.
    A line: status, rank, award, capped, ignored."""
    lines = {}

    def line(prog, a, unit, ignored=0):
        e = {"status": "ineligible", "rank": 0, "award": Fraction(0), "capped": None, "ignored": ignored,
             "applicant": a["id"], "prog": prog}
        lines.setdefault((prog, a["id"], unit), []).append(e)
        return e

    def award(prog, cands, top, amount, per_unit=None, per_enterprise=None, one_each=False):
        """cands: (figure, tie date, applicant, unit, line) in document order. Ranked by the
        figure (highest first); ties: the earlier first listing, then the credit code, then the
        unit, then the order of the document (the rules are silent; the library documents this).
        Caps in rank order: per unit identifier across applicants, per enterprise."""
        cands = [c if len(c) == 6 else c + (None,) for c in cands]
        cands = sorted(enumerate(cands), key=lambda c: (-c[1][0], c[1][1], c[1][2]["id"], c[1][3], c[0]))
        unit_paid, enterprise_paid, enterprise_count = {}, {}, {}
        for r, (_, (figure, _, a, unit, e, obj)) in enumerate(cands, 1):
            e["rank"] = r
            if top and r > top:
                e["status"] = "unranked"
                continue
            if one_each and enterprise_count.get(a["id"]):
                e["status"] = "unranked"
                continue
            enterprise_count[a["id"]] = 1
            amt = amount(figure, r, a, unit, obj)
            if per_unit is not None:
                amt = min(amt, per_unit - unit_paid.get(unit, 0))
                unit_paid[unit] = unit_paid.get(unit, 0) + amt
            if per_enterprise is not None:
                amt = min(amt, per_enterprise - enterprise_paid.get(a["id"], 0))
                enterprise_paid[a["id"]] = enterprise_paid.get(a["id"], 0) + amt
            e["status"], e["capped"], e["award"] = "granted", amt, amt

    # Programme 1 -- 数据产品开发奖补: products first listed (首次登记上架) in the window, with a
    # 数据产品登记证书 and a 数据交易凭证, whose cumulative 场内 amount (whenever traded) is at least
    # 100,000; ranked by the 场内 amount in the window; top 50, up to 10,000 each; 50,000 per enterprise.
    cands = []
    for a in apps:
        if not a["products"]:
            line("p1", a, "")
        for p in a["products"]:
            trades = [t for t in a["trades"] if t["product"] == p["id"]]
            cumulative = sum((t["amount"] for t in trades), Fraction(0))
            in_win = sum((t["amount"] for t in trades if in_window(t["date"])), Fraction(0))
            e = line("p1", a, p["id"], ignored=sum(1 for t in trades if not in_window(t["date"])))
            if in_window(p["first_listed"]) and p["certificate"] and p["voucher"] and cumulative >= P1_THRESHOLD:
                cands.append((in_win, p["first_listed"], a, p["id"], e))
    award("p1", cands, P1_TOP, lambda f, r, a, u, o: to_fen(up_to(P1_MAX, a, "p1", u), True),
          per_enterprise=P1_ENTERPRISE)

    # Programme 2 -- 场内交易奖补: providers registered and verified, with products listed on the
    # platform and the 数据交易凭证, 场内 total in the window at least 1,000,000; top 20; at most 5 %
    # of the total (to the fen, toward zero), capped 150,000 / 100,000 / 75,000 by rank band.
    def p2_amount(total, r, a, u, o):
        amt = to_fen(total * P2_RATE, True)
        for lo, hi, cap in P2_BANDS:
            if lo <= r <= hi:
                amt = min(amt, cap)
        return amt

    cands = []
    for a in apps:
        total = sum((t["amount"] for t in a["trades"] if in_window(t["date"])), Fraction(0))
        e = line("p2", a, "", ignored=sum(1 for t in a["trades"] if not in_window(t["date"])))
        listed = any(p["first_listed"] <= WINDOW[1] for p in a["products"])
        if a["verified"] and listed and "trade" in a["vouchers"] and total >= P2_THRESHOLD:
            cands.append((total, first_listing(a), a, "", e))
    award("p2", cands, P2_TOP, p2_amount)

    # Programme 3 -- 场外交易备案奖补: the 数据交易备案凭证; filings made in the window (the filing
    # date, not the trade's), as provider and as buyer, at least 5,000,000; top 10, up to 30,000.
    cands = []
    for a in apps:
        total = sum((f["amount"] for f in a["filings"] if in_window(f["filed"])), Fraction(0))
        e = line("p3", a, "", ignored=sum(1 for f in a["filings"] if not in_window(f["filed"])))
        if "filing" in a["vouchers"] and total >= P3_THRESHOLD:
            cands.append((total, first_listing(a), a, "", e))
    award("p3", cands, P3_TOP, lambda f, r, a, u, o: to_fen(up_to(P3_MAX, a, "p3", u), True))

    # Programme 4 -- 优秀数据要素场景案例奖补: a case that won (获奖) at the 2025 数据要素× national
    # final, or was selected (入选) in 2025 in one of the three published excellent-case lists;
    # up to 200,000 per case, paid at most once in all; a case several applicants list is paid
    # by the shares they state (an input), and not at all without them.
    holders = {}
    for a in apps:
        for k in a["cases"]:
            holders.setdefault(k["id"], set()).add(a["id"])
    cands = []
    for a in apps:
        if not a["cases"]:
            line("p4", a, "")
        for k in a["cases"]:
            e = line("p4", a, k["id"])
            shared = len(holders[k["id"]]) > 1
            outcome_ok = k["outcome"] == "won" if k["list"] == FINAL else k["outcome"] in ("won", "selected")
            if (k["year"] == CASE_YEAR and k["list"] in CASE_LISTS and outcome_ok
                    and (not shared or k["share"] is not None)):
                cands.append((0, k["date"] or FAR, a, k["id"], e, k))

    def p4_amount(f, r, a, unit, k):
        share = k["share"] if k["share"] is not None else 1
        return to_fen(up_to(P4_MAX * share, a, "p4", unit), True)

    award("p4", cands, None, p4_amount, per_unit=P4_MAX)

    # Programme 5 -- 数据标注实践基地奖补: 数据标注 contracts with at least 2 enterprises totalling
    # at least 500,000; a talent-training system; at least 1 university or research institute
    # (高校院所); after the 综合评审 (the score is an input), the top 3, up to 200,000 each.
    cands = []
    for a in apps:
        with_enterprises = [k for k in a["contracts"] if k["enterprise"]]
        parties = len({k["counterparty"] for k in with_enterprises})
        total = sum((k["amount"] for k in with_enterprises), Fraction(0))
        research = sum(1 for p in a["partners"] if p["research"])
        e = line("p5", a, "")
        if (parties >= P5_PARTIES and total >= P5_TOTAL and a["training"] and research >= P5_PARTNERS
                and a["review"] is not None):
            cands.append((a["review"], first_listing(a), a, "", e))
    award("p5", cands, P5_TOP, lambda f, r, a, u, o: to_fen(up_to(P5_MAX, a, "p5", u), True))

    # Programme 6 -- 企业数据资产入表奖补, one 数据要素券 of 50,000 per enterprise, paid to the
    # 服务商: 入表 in the window, at least 100,000, 数据资源（资产）登记凭证; the enterprise applied to
    # be a voucher user and claimed the voucher; the 服务商 is approved in the voucher zone, an
    # independent legal person, licensed (证照齐全), operating normally for 3 full years at the
    # claim date, without bad record, with qualified staff. Which recognition carries the one
    # voucher is the library's documented choice (the highest amount, then the earliest date).
    cands = []
    for a in apps:
        if not a["recognitions"]:
            line("p6", a, "")
        for r in a["recognitions"]:
            p = r["provider"]
            e = line("p6", a, r["id"])
            if (in_window(r["date"]) and r["amount"] >= P6_AMOUNT and r["registered"] and r["voucher_user"]
                    and r["claimed"] is not None and p["approved"] and p["independent"] and p["licensed"]
                    and full_years(p["founded"], r["claimed"]) >= P6_YEARS and p["clean"]
                    and QUALIFICATIONS & set(p["qualifications"])):
                cands.append((r["amount"], r["date"], a, r["id"], e))
    award("p6", cands, None, lambda f, r, a, u, o: P6_VOUCHER, one_each=True)

    # 就高 across the six: an applicant awarded in several programmes keeps the programme that
    # gives it the most (ties: the earlier programme); the others are displaced.
    per = {}
    for (prog, aid, unit), es in lines.items():
        for e in es:
            if e["status"] == "granted" and e["capped"]:
                per.setdefault(aid, {}).setdefault(prog, Fraction(0))
                per[aid][prog] += e["capped"]
    for aid, sums in per.items():
        if len(sums) < 2:
            continue
        best = max(HIGHEST, key=lambda p: (sums.get(p, Fraction(-1)), -HIGHEST.index(p)))
        displaces = "; ".join(f"{p} {money(sums[p])}" for p in HIGHEST if p in sums and p != best)
        for (prog, a2, unit), es in lines.items():
            for e in es:
                if a2 != aid or e["status"] != "granted" or not e["capped"]:
                    continue
                if prog == best:
                    e["displaces"] = displaces
                else:
                    e["status"], e["award"], e["displaced_by"] = "displaced", Fraction(0), best
    return lines


# ------------------------------------------------------------------ applications: model, XML

def applicant(n, name=None, verified=True):
    return {"id": credit_code(n), "name": name or f"企业{n}", "verified": verified, "products": [], "trades": [],
            "filings": [], "vouchers": [], "cases": [], "contracts": [], "partners": [], "training": None,
            "review": None, "recognitions": [], "approvals": []}


def provider(founded, **kw):
    p = {"id": "91370100MA0000005C", "name": "服务商", "founded": founded, "approved": True, "independent": True,
         "clean": True, "licensed": True, "qualifications": ["cpa"]}
    p.update(kw)
    return p


def to_xml(apps, version=2):
    """The applications document: version 2 states every fact above; version 1 only what it can."""
    b = lambda v: "true" if v else "false"  # noqa: E731
    out = ['<?xml version="1.0" encoding="UTF-8"?>\n'
           f'<applications xmlns="urn:datasset:applications:{version}">\n']
    for a in apps:
        out.append(f'<applicant id="{a["id"]}" name="{a["name"]}" verified="{b(a["verified"])}">')
        for p in a["products"]:
            dates = (f'listed="{p["first_listed"]}"' if version == 1 else
                     f'first-listed="{p["first_listed"]}"' + (f' listed="{p["listed"]}"' if p.get("listed") else ""))
            out.append(f'<product id="{p["id"]}" {dates} certificate="{b(p["certificate"])}" '
                       f'trade-voucher="{b(p["voucher"])}"/>')
        for t in a["trades"]:
            out.append(f'<trade product="{t["product"]}" date="{t["date"]}" amount="{money(t["amount"])}"/>')
        for f in a["filings"]:
            dates = (f'date="{f["filed"]}"' if version == 1 else
                     f'filed="{f["filed"]}"' + (f' traded="{f["traded"]}"' if f.get("traded") else ""))
            out.append(f'<filing role="{f["role"]}" {dates} amount="{money(f["amount"])}"/>')
        for v in a["vouchers"]:
            out.append(f'<voucher kind="{v}"/>')
        for k in a["cases"]:
            if version == 1:
                out.append(f'<case id="{k["id"]}" list="{k["list"]}" date="{k["date"]}"/>')
                continue
            extra = (f' share="{k["share"].numerator}/{k["share"].denominator}"' if k["share"] is not None else "") + (
                f' date="{k["date"]}"' if k["date"] else "")
            out.append(f'<case id="{k["id"]}" list="{k["list"]}" year="{k["year"]}" outcome="{k["outcome"]}"{extra}/>')
        for k in a["contracts"]:
            enterprise = "" if version == 1 else f' enterprise="{b(k["enterprise"])}"'
            out.append(f'<contract counterparty="{k["counterparty"]}"{enterprise} date="{k["date"]}" '
                       f'amount="{money(k["amount"])}"/>')
        for p in a["partners"]:
            research = "" if version == 1 else f' research="{b(p["research"])}"'
            out.append(f'<partner name="{p["name"]}"{research}/>')
        if a["training"] and version == 2:
            out.append(f'<training evidence="{a["training"]}"/>')
        if a["review"] is not None:
            out.append(f'<review score="{exact_text(a["review"])}"/>')
        for r in a["recognitions"]:
            p = r["provider"]
            v2 = "" if version == 1 else f' voucher-user="{b(r["voucher_user"])}"' + (
                f' claimed="{r["claimed"]}"' if r["claimed"] else "")
            licensed = "" if version == 1 else f' licensed="{b(p["licensed"])}"'
            out.append(f'<recognition id="{r["id"]}" date="{r["date"]}" amount="{money(r["amount"])}" '
                       f'registered="{b(r["registered"])}"{v2}><provider id="{p["id"]}" name="{p["name"]}" '
                       f'founded="{p["founded"]}" approved="{b(p["approved"])}" '
                       f'independent="{b(p["independent"])}" clean="{b(p["clean"])}"{licensed} '
                       f'qualifications="{" ".join(p["qualifications"])}"/></recognition>')
        if version == 2:
            for ap in a["approvals"]:
                unit = f' unit="{ap["unit"]}"' if ap["unit"] else ""
                out.append(f'<approval programme="{ap["programme"]}"{unit} amount="{money(ap["amount"])}" '
                           f'by="{ap["by"]}"/>')
        out.append("</applicant>\n")
    out.append("</applications>\n")
    return "".join(out)


def as_version_1(apps):
    """What a version 1 document of @apps states: the facts only version 2 can state are absent
    (year 0, no outcome, no share, counterparties not known to be enterprises, no training system,
    no voucher application or claim, licences not known, no approvals); a version 1 partner is a
    university or research institute by that version's definition."""
    for a in apps:
        for p in a["products"]:
            p["listed"] = None
        for f in a["filings"]:
            f["traded"] = None
        for k in a["cases"]:
            k.update(year=0, outcome=None, share=None, date=k["date"] or D(2025, 1, 1))  # version 1 needs a date
        for k in a["contracts"]:
            k["enterprise"] = False
        for p in a["partners"]:
            p["research"] = True
        a["training"] = None
        a["approvals"] = []
        for r in a["recognitions"]:
            r.update(voucher_user=False, claimed=None)
            r["provider"]["licensed"] = False
    return apps


def load(path):
    """An applications file (version 1 or 2), streamed, into the model."""
    day = datetime.date.fromisoformat
    opt = lambda text: day(text) if text else None  # noqa: E731
    apps, ns, version = [], None, 2
    for event, el in ET.iterparse(path, events=("start", "end")):
        if ns is None:
            ns = el.tag[:el.tag.index("}") + 1]
            version = 1 if ns == "{urn:datasset:applications:1}" else 2
        if event != "end" or el.tag != ns + "applicant":
            continue
        a = applicant(0, el.get("name"), el.get("verified") in ("true", "1"))
        a["id"] = el.get("id")
        for c in el:
            tag = c.tag[len(ns):]
            flag = lambda name: c.get(name) in ("true", "1")  # noqa: E731
            if tag == "product":
                a["products"].append({"id": c.get("id"), "certificate": flag("certificate"),
                                      "first_listed": day(c.get("listed" if version == 1 else "first-listed")),
                                      "voucher": flag("trade-voucher"), "listed": opt(c.get("listed"))})
            elif tag == "trade":
                a["trades"].append({"product": c.get("product"), "date": day(c.get("date")),
                                    "amount": Fraction(c.get("amount"))})
            elif tag == "filing":
                a["filings"].append({"role": c.get("role"), "filed": day(c.get("date" if version == 1 else "filed")),
                                     "traded": opt(c.get("traded")), "amount": Fraction(c.get("amount"))})
            elif tag == "voucher":
                a["vouchers"].append(c.get("kind"))
            elif tag == "case":
                a["cases"].append({"id": c.get("id"), "list": c.get("list"), "date": opt(c.get("date")),
                                   "year": int(c.get("year") or 0), "outcome": c.get("outcome"),
                                   "share": Fraction(c.get("share")) if c.get("share") else None})
            elif tag == "contract":
                a["contracts"].append({"counterparty": c.get("counterparty"), "date": day(c.get("date")),
                                       "amount": Fraction(c.get("amount")), "enterprise": flag("enterprise")})
            elif tag == "partner":
                a["partners"].append({"name": c.get("name"), "research": version == 1 or flag("research")})
            elif tag == "training":
                a["training"] = c.get("evidence")
            elif tag == "review":
                a["review"] = Fraction(c.get("score"))
            elif tag == "recognition":
                p = c.find(ns + "provider")
                a["recognitions"].append({
                    "id": c.get("id"), "date": day(c.get("date")), "amount": Fraction(c.get("amount")),
                    "registered": flag("registered"), "voucher_user": flag("voucher-user"),
                    "claimed": opt(c.get("claimed")),
                    "provider": {"id": p.get("id"), "name": p.get("name"), "founded": day(p.get("founded")),
                                 "approved": p.get("approved") == "true", "licensed": p.get("licensed") == "true",
                                 "independent": p.get("independent") == "true", "clean": p.get("clean") == "true",
                                 "qualifications": (p.get("qualifications") or "").split()}})
            elif tag == "approval":
                a["approvals"].append({"programme": c.get("programme"), "unit": c.get("unit") or "",
                                       "amount": Fraction(c.get("amount")), "by": c.get("by")})
        apps.append(a)
        el.clear()
    return apps


# ------------------------------------------------------------------ hand-made boundary cases

def boundary():
    """(applications, {(programme, applicant number, unit): [award, ...]}): every award written
    down by hand from the rules. Lines not listed must award 0.00."""
    apps, want = [], {}
    n = 0

    def new(**kw):
        nonlocal n
        n += 1
        a = applicant(n, **kw)
        apps.append(a)
        return a, n

    def expect(prog, num, unit, *awards):
        want[(prog, credit_code(num), unit)] = [Fraction(x) for x in awards]

    def product(a, pid, first_listed, *trades, certificate=True, voucher=True):
        a["products"].append({"id": pid, "first_listed": first_listed, "certificate": certificate,
                              "voucher": voucher})
        for date, amount in trades:
            a["trades"].append({"product": pid, "date": date, "amount": Fraction(amount)})

    mid = D(2025, 5, 1)
    # Programme 1: cumulative 场内 amount a fen below / at / a fen above 100,000; first listing
    # on both window edges and a day outside each; no certificate.
    for pid, listed, amount, award in [("B1", mid, "99999.99", 0), ("B2", mid, "100000", 10000),
                                       ("B3", mid, "100000.01", 10000), ("B4", D(2024, 10, 31), "500000", 0),
                                       ("B5", D(2024, 11, 1), "500000", 10000),
                                       ("B6", D(2025, 10, 31), "500000", 10000),
                                       ("B7", D(2025, 11, 1), "500000", 0)]:
        a, num = new(verified=False)
        product(a, pid, listed, (max(listed, mid) if listed <= WINDOW[1] else listed, amount))
        expect("p1", num, pid, award)
    # The cumulative amount counts trades after the window: 60,000 in it and 40,000 after.
    a, num = new(verified=False)
    product(a, "B8", mid, (mid, "60000"), (D(2025, 11, 15), "40000"))
    expect("p1", num, "B8", 10000)
    a, num = new(verified=False)
    product(a, "B9", mid, (mid, "500000"), certificate=False)
    expect("p1", num, "B9", 0)
    # Seven products of one enterprise: 50,000 at most.
    a, num = new(verified=False)
    for i in range(7):
        product(a, f"E{i}", mid, (mid, 200000 - i))
    for i in range(7):
        expect("p1", num, f"E{i}", 10000 if i < 5 else 0)

    # Programme 2: 场内 total a fen below / at / a fen above 1,000,000 (trades on both window
    # edges count, a day outside does not); the half-fen case.
    def provider_with(total_parts, outside=None):
        a, num = new()
        a["vouchers"].append("trade")
        product(a, "P", D(2024, 6, 1), *[(d, x) for d, x in total_parts])
        if outside:
            a["trades"].append({"product": "P", "date": outside, "amount": Fraction(9000000)})
        return a, num

    _, num = provider_with([(D(2024, 11, 1), "499999.99"), (D(2025, 10, 31), "500000")],
                           outside=D(2024, 10, 31))
    expect("p2", num, "", 0)
    # exactly 1,000,000: 50,000; the product (listed before the window) is not in p1.
    _, num = provider_with([(D(2024, 11, 1), "500000"), (D(2025, 10, 31), "500000")], outside=D(2025, 11, 1))
    expect("p2", num, "", 50000)
    _, num = provider_with([(mid, "1000000.01")])  # 50,000.0005 -> 50,000.00
    expect("p2", num, "", 50000)
    _, num = provider_with([(mid, "1000000.10")])  # 50,000.005 -> 50,000.00, never 50,000.01
    expect("p2", num, "", 50000)
    _, num = provider_with([(mid, "1000000.19")])  # 50,000.0095 -> 50,000.00
    expect("p2", num, "", 50000)
    _, num = provider_with([(mid, "1000000.20")])  # 50,000.01 exactly
    expect("p2", num, "", "50000.01")

    # 就高, the issue's first pair: programme 2's 150,000 (3,500,000 ranks first: 175,000 capped
    # to 150,000) and a 200,000 case under programme 4: 200,000 in all.
    a, num = provider_with([(mid, "3500000")])
    a["cases"].append({"id": "K-PAIR", "list": "data_x_excellent", "year": 2025, "outcome": "selected",
                       "share": None, "date": D(2025, 6, 30)})
    expect("p2", num, "", 0)
    expect("p4", num, "K-PAIR", 200000)

    # Programme 3: filings a fen below / at / a fen above 5,000,000 (as provider and as buyer;
    # filing dates on both edges); outside the window not counted.
    def filer(parts):
        a, num = new(verified=False)
        a["vouchers"].append("filing")
        for role, filed, amount in parts:
            a["filings"].append({"role": role, "filed": filed, "amount": Fraction(amount), "traded": None})
        return a, num

    _, num = filer([("provider", D(2024, 11, 1), "2000000"), ("buyer", D(2025, 10, 31), "2999999.99"),
                    ("buyer", D(2025, 11, 1), "9000000"), ("provider", D(2024, 10, 31), "9000000")])
    expect("p3", num, "", 0)
    _, num = filer([("provider", D(2024, 11, 1), "2000000"), ("buyer", D(2025, 10, 31), "3000000")])
    expect("p3", num, "", 30000)
    _, num = filer([("buyer", mid, "5000000.01")])
    expect("p3", num, "", 30000)
    # 就高, the issue's second pair: programme 3's 30,000 and a programme 5 base's 200,000.
    a, num = filer([("provider", mid, "6000000")])
    a["contracts"] += [{"counterparty": "E1", "enterprise": True, "date": mid, "amount": Fraction(250000)},
                       {"counterparty": "E2", "enterprise": True, "date": mid, "amount": Fraction(250000)}]
    a["partners"].append({"name": "山东大学", "research": True})
    a["training"] = "人才培养方案"
    a["review"] = Fraction(90)
    expect("p3", num, "", 0)
    expect("p5", num, "", 200000)

    # Programme 5: a fen below / above 500,000; one enterprise only.
    def base(amounts, score, parties=("E1", "E2")):
        a, num = new(verified=False)
        for party, amount in zip(parties, amounts):
            a["contracts"].append({"counterparty": party, "enterprise": True, "date": mid,
                                   "amount": Fraction(amount)})
        a["partners"].append({"name": "山东大学", "research": True})
        a["training"] = "人才培养方案"
        a["review"] = Fraction(score)
        return a, num

    _, num = base(["250000", "249999.99"], 99)
    expect("p5", num, "", 0)
    _, num = base(["250000", "250000.01"], 80)
    expect("p5", num, "", 200000)
    _, num = base(["400000", "400000"], 99, parties=("E1", "E1"))
    expect("p5", num, "", 0)
    _, num = base(["250000", "250000"], 70)  # rank 4 of 4 eligible bases (scores 90, 80, 75, 70)
    expect("p5", num, "", 0)
    _, num = base(["250000", "250000"], 75)
    expect("p5", num, "", 200000)

    # Programme 4: a case listed twice by one applicant (a final entry that is also a published
    # excellent case) is paid once; the year is the competition's; an entry on another list no.
    a, num = new(verified=False)
    a["cases"] += [{"id": "K-TWICE", "list": "data_x_final", "year": 2025, "outcome": "won", "share": None,
                    "date": D(2025, 3, 1)},
                   {"id": "K-TWICE", "list": "data_x_excellent", "year": 2025, "outcome": "selected",
                    "share": None, "date": D(2025, 3, 1)},
                   {"id": "K-2024", "list": "data_x_excellent", "year": 2024, "outcome": "selected",
                    "share": None, "date": D(2024, 12, 31)},
                   {"id": "K-PROV", "list": "provincial", "year": 2025, "outcome": "selected", "share": None,
                    "date": D(2025, 6, 1)}]
    expect("p4", num, "K-TWICE", 200000, 0)
    expect("p4", num, "K-2024", 0)
    expect("p4", num, "K-PROV", 0)

    # A case shared by co-applicants: paid by the shares they state (1/2 each; 1/3 each, toward
    # zero); without shares, not paid (the split is an input, never invented).
    for cid, shares in (("K-HALF", [Fraction(1, 2)] * 2), ("K-NONE", [None, None]), ("K-THIRDS", [Fraction(1, 3)] * 3)):
        for share in shares:
            a, num = new(verified=False)
            a["cases"].append({"id": cid, "list": "annotation_excellent", "year": 2025, "outcome": "selected",
                               "share": share, "date": None})
            expect("p4", num, cid, {"K-HALF": 100000, "K-NONE": 0, "K-THIRDS": "66666.66"}[cid])
    # The national final: reaching it is not winning.
    a, num = new(verified=False)
    a["cases"].append({"id": "K-REACHED", "list": "data_x_final", "year": 2025, "outcome": "reached",
                       "share": None, "date": D(2025, 9, 1)})
    expect("p4", num, "K-REACHED", 0)
    # 最高 with an approved amount: below the maximum it is paid; above it, the maximum.
    a, num = filer([("provider", mid, "7000000")])
    a["approvals"].append({"programme": "p3", "unit": "", "amount": Fraction(20000), "by": "评审委员会"})
    expect("p3", num, "", 20000)
    a, num = new(verified=False)
    product(a, "AP", mid, (mid, "300000"))
    a["approvals"].append({"programme": "p1", "unit": "AP", "amount": Fraction(12000), "by": "评审委员会"})
    expect("p1", num, "AP", 10000)
    # Programme 5: the second counterparty not an enterprise.
    a, num = base(["250000", "250000"], 99)
    a["contracts"][1]["enterprise"] = False
    expect("p5", num, "", 0)

    # Programme 6: 入表 amount a fen below / at the threshold; the 服务商 a day short of three
    # years at the claim date; recognition dates on both edges; one voucher per enterprise.
    def recognition(a, rid, date, amount, founded, claimed=WINDOW[1], **kw):
        a["recognitions"].append({"id": rid, "date": date, "amount": Fraction(amount), "registered": True,
                                  "voucher_user": True, "claimed": claimed, "provider": provider(founded, **kw)})

    a, num = new(verified=False)
    recognition(a, "R-LOW", mid, "99999.99", D(2015, 1, 1))
    expect("p6", num, "R-LOW", 0)
    a, num = new(verified=False)
    recognition(a, "R-AT", D(2024, 11, 1), "100000", D(2022, 10, 31))  # 3 full years at 2025-10-31
    recognition(a, "R-SECOND", D(2025, 10, 31), "100000.01", D(2015, 1, 1))  # ranks first: the one voucher
    expect("p6", num, "R-AT", 0)
    expect("p6", num, "R-SECOND", 50000)
    a, num = new(verified=False)
    recognition(a, "R-YOUNG", mid, "500000", D(2022, 11, 1))  # 2 years 364 days
    recognition(a, "R-LATE", D(2025, 11, 1), "500000", D(2015, 1, 1))
    recognition(a, "R-EARLY", D(2024, 10, 31), "500000", D(2015, 1, 1))
    recognition(a, "R-UNQUAL", mid, "500000", D(2015, 1, 1), qualifications=["engineer"])
    for rid in ("R-YOUNG", "R-LATE", "R-EARLY", "R-UNQUAL"):
        expect("p6", num, rid, 0)
    # Three years to the day at the claim date, and a day short; no claim; licences not complete.
    a, num = new(verified=False)
    recognition(a, "R-CLAIM", mid, "200000", D(2022, 6, 1), claimed=D(2025, 6, 1))
    expect("p6", num, "R-CLAIM", 50000)
    a, num = new(verified=False)
    recognition(a, "R-SHORT", mid, "200000", D(2022, 6, 1), claimed=D(2025, 5, 31))
    recognition(a, "R-NOCLAIM", mid, "200000", D(2015, 1, 1), claimed=None)
    recognition(a, "R-UNLICENSED", mid, "200000", D(2015, 1, 1), licensed=False)
    for rid in ("R-SHORT", "R-NOCLAIM", "R-UNLICENSED"):
        expect("p6", num, rid, 0)

    return apps, want


def bands():
    """Programme 2's rank bands: 21 providers whose 5 % is above every cap, and one at exactly
    1,000,000 ranked 22nd."""
    apps, want = [], {}
    for i in range(22):
        a = applicant(i + 1)
        a["vouchers"].append("trade")
        a["products"].append({"id": "P", "first_listed": D(2024, 6, 1), "certificate": True, "voucher": True})
        amount = Fraction(4000000 - i) if i < 21 else Fraction(1000000)
        a["trades"].append({"product": "P", "date": D(2025, 5, 1), "amount": amount})
        apps.append(a)
        award = 150000 if i < 5 else 100000 if i < 10 else 75000 if i < 20 else 0
        want[("p2", a["id"], "")] = [Fraction(award)]
    return apps, want


def check_boundary(lines, got, want):
    """Each hand-written award against the oracle and the library; 0.00 for the others."""
    failed = 0
    for key, es in lines.items():
        mine = sorted(e["award"] for e in es)
        theirs = sorted(Fraction(r["award"]) for r in got.get(key, []))
        expected = sorted(want.get(key, [Fraction(0)] * len(es)))
        if mine != expected or theirs != expected:
            failed += 1
            print(f"BOUNDARY {key}: by hand {[money(x) for x in expected]}, oracle {[money(x) for x in mine]}, "
                  f"library {[money(x) for x in theirs]}")
    missing = set(want) - set(lines)
    for key in sorted(missing):
        failed += 1
        print(f"BOUNDARY {key}: no such line")
    return failed


# ------------------------------------------------------------------ random populations

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
    """A population: a list of applicants in the model above."""
    edges = [WINDOW[0] - datetime.timedelta(days=1), WINDOW[0], WINDOW[1], WINDOW[1] + datetime.timedelta(days=1)]
    lo, hi = D(2024, 9, 1), D(2025, 12, 31)
    shared_pool = max(2, n // 15)
    apps = []
    for i in range(1, n + 1):
        a = applicant(i, verified=rng.random() < 0.8)
        for p in range(rng.choice([0, 1, 1, 2, 3])):
            first = rand_date(rng, edges, lo, hi)
            a["products"].append({"id": f"P{p}", "first_listed": first, "certificate": rng.random() < 0.8,
                                  "voucher": rng.random() < 0.8,
                                  "listed": first + datetime.timedelta(days=rng.randint(1, 300))
                                  if rng.random() < 0.2 else None})
        for p in a["products"]:
            for _ in range(trades_per_product or rng.randint(0, 4)):
                amount = rand_amount(rng, [100000, 1000000, 50000, 333333]) / (
                    trades_per_product or rng.choice([1, 1, 2]))
                a["trades"].append({"product": p["id"], "date": rand_date(rng, edges, lo, hi),
                                    "amount": Fraction(round(amount * 100), 100)})
        if rng.random() < 0.7:
            a["vouchers"].append("trade")
        if rng.random() < 0.5:
            a["vouchers"].append("filing")
            for _ in range(rng.randint(1, 3)):
                a["filings"].append({"role": rng.choice(["provider", "buyer"]), "filed": rand_date(rng, edges, lo, hi),
                                     "traded": rand_date(rng, edges, lo, hi) if rng.random() < 0.5 else None,
                                     "amount": to_fen(rand_amount(rng, [5000000, 2500000, 1666666.67]), False)})
        if rng.random() < 0.2:
            for k in range(rng.randint(1, 2)):
                date = rand_date(rng, [D(2024, 12, 31), D(2025, 1, 1), D(2025, 12, 31)], lo, hi)
                shared = rng.random() < 0.3
                # A case shared with other applicants (from a small pool), or the same case twice.
                cid = (f"S{rng.randint(1, shared_pool)}" if shared else
                       f"K{i}-{k}" if k == 0 or rng.random() < 0.7 else f"K{i}-0")
                share = (rng.choice([Fraction(1, 2), Fraction(1, 3), Fraction(3, 5), Fraction(1)])
                         if shared and rng.random() < 0.6 else None)
                a["cases"].append({"id": cid, "list": rng.choice(sorted(CASE_LISTS) + ["provincial"]),
                                   "year": date.year if rng.random() < 0.8 else rng.choice([2024, 2025]),
                                   "outcome": rng.choice(["won", "won", "selected", "selected", "reached"]),
                                   "share": share, "date": date if rng.random() < 0.8 else None})
        if rng.random() < 0.2:
            for k in range(rng.randint(1, 3)):
                a["contracts"].append({"counterparty": rng.choice(["E1", "E2", "E3"]),
                                       "enterprise": rng.random() < 0.85, "date": rand_date(rng, edges, lo, hi),
                                       "amount": to_fen(rand_amount(rng, [250000, 500000, 166666.67]), False)})
            for _ in range(rng.choice([0, 1, 2])):
                a["partners"].append({"name": "山东大学", "research": rng.random() < 0.8})
            a["training"] = "人才培养方案" if rng.random() < 0.85 else None
            if rng.random() < 0.8:
                a["review"] = Fraction(rng.choice([60, 75, 80, 90, 95]) * 10 + rng.choice([0, 5]), 10)
        if rng.random() < 0.25:
            for k in range(rng.randint(1, 2)):
                founded = rng.choice([D(2022, 10, 31), D(2022, 11, 1), D(2022, 6, 1), D(2015, 5, 5)])
                claimed = rng.choice([None, WINDOW[1], D(2025, 5, 31), D(2025, 6, 1), D(2025, 10, 30),
                                      rand_date(rng, edges, D(2025, 1, 1), hi)])
                a["recognitions"].append({
                    "id": f"R{k}", "date": rand_date(rng, edges, lo, hi),
                    "amount": to_fen(rand_amount(rng, [100000, 250000]), False), "registered": rng.random() < 0.9,
                    "voucher_user": rng.random() < 0.9, "claimed": claimed,
                    "provider": provider(founded, approved=rng.random() < 0.9, independent=rng.random() < 0.95,
                                         clean=rng.random() < 0.95, licensed=rng.random() < 0.9,
                                         qualifications=rng.sample(sorted(QUALIFICATIONS) + ["engineer"],
                                                                   rng.randint(0, 2)))})
        if rng.random() < 0.15:
            targets = ([("p1", p["id"], P1_MAX) for p in a["products"]] + [("p3", "", P3_MAX), ("p5", "", P5_MAX)]
                       + [("p4", k["id"], P4_MAX) for k in a["cases"]])
            prog, unit, maximum = rng.choice(targets)
            if all(ap["programme"] != prog or ap["unit"] != unit for ap in a["approvals"]):
                amount = rng.choice([maximum - Fraction(1, 100), maximum, maximum + 1, maximum / 2,
                                     Fraction(rng.randint(0, int(maximum) * 100), 100)])
                a["approvals"].append({"programme": prog, "unit": unit, "amount": amount, "by": "评审委员会"})
        apps.append(a)
    return apps


# ------------------------------------------------------------------ comparison

STREAM_CHECKS = [0, 0]  # outputs compared with --stream, and how many differed


def run_library(exe, xml_text):
    with tempfile.NamedTemporaryFile("w", suffix=".xml", delete=False, encoding="utf-8") as f:
        f.write(xml_text)
        path = f.name
    try:
        proc = subprocess.run([exe, "policy", "evaluate", "--format", "machine-csv", path], capture_output=True, text=True)
        # The streaming evaluation must write the same bytes as the in-memory one, in every format.
        for fmt in ("machine-csv", "xml", "text"):
            memory = subprocess.run([exe, "policy", "evaluate", "--format", fmt, path], capture_output=True)
            stream = subprocess.run([exe, "policy", "evaluate", "--stream", "--format", fmt, path],
                                    capture_output=True)
            STREAM_CHECKS[0] += 1
            if (memory.returncode, memory.stdout, memory.stderr) != (stream.returncode, stream.stdout, stream.stderr):
                STREAM_CHECKS[1] += 1
                print(f"MISMATCH --stream --format {fmt}: exit {stream.returncode} vs {memory.returncode}, "
                      f"{len(stream.stdout)} vs {len(memory.stdout)} bytes")
    finally:
        os.unlink(path)
    return proc


def library_lines(exe, apps, label, version=2):
    proc = run_library(exe, to_xml(apps, version))
    if proc.returncode != 0:
        print(f"{label}: datasset failed: {proc.stderr}")
        return None
    got = {}
    for r in csv.DictReader(io.StringIO(proc.stdout)):
        got.setdefault((r["programme"], r["applicant"], r["unit"]), []).append(r)
    return got


def compare(label, expected, got):
    """Line by line (a unit listed twice: its lines compared as a sorted list). Returns (compared, failed)."""
    compared = failed = 0
    if set(got) != set(expected):
        print(f"{label}: lines differ: library only {sorted(set(got) - set(expected))[:5]}, "
              f"oracle only {sorted(set(expected) - set(got))[:5]}")
        return 1, 1
    total = Fraction(0)
    for key, es in expected.items():
        rows = got[key]
        compared += len(es)
        mine = sorted((r["status"], int(r["rank"] or 0), r["award"], r["capped"], int(r["ignored_records"]),
                       r["displaced_by"], r["displaces"]) for r in rows)
        want = sorted((e["status"], e["rank"] if e["status"] != "ineligible" else 0, money(e["award"]),
                       money(e["capped"]) if e["capped"] is not None else "", e["ignored"],
                       e.get("displaced_by", ""), e.get("displaces", "")) for e in es)
        ok = mine == want and all(r["reason"] for r in rows if r["status"] == "ineligible")
        total += sum((Fraction(r["award"]) for r in rows), Fraction(0))
        if not ok:
            failed += 1
            if failed <= 20:
                print(f"MISMATCH {label} {key}: library {mine}, oracle {want}")
    if total != sum((e["award"] for es in expected.values() for e in es), Fraction(0)):
        failed += 1
        print(f"{label}: totals differ")
    return compared, failed


def main():
    exe = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.environ.get("top_builddir", "."), "datasset")
    compared = failed = 0

    hand = written = 0
    for label, (apps, want) in (("boundary", boundary()), ("rank bands", bands())):
        expected = evaluate(apps)
        got = library_lines(exe, apps, label)
        if got is None:
            return 1
        c, f = compare(label, expected, got)
        h = check_boundary(expected, got, want)
        compared, failed, hand, written = compared + c, failed + f + h, hand + h, written + len(want)
    print(f"policy oracle: {written} hand-made boundary lines, {hand} differ from the awards written by hand")

    rng = random.Random(SEED)
    for population in range(POPULATIONS):
        apps = generate(rng, rng.choice([40, 120, 250]))
        # Every fourth population is written as a version 1 document, which is still read.
        version = 1 if population % 4 == 3 else 2
        if version == 1:
            apps = as_version_1(apps)
        got = library_lines(exe, apps, f"population {population}", version)
        if got is None:
            return 1
        c, f = compare(f"population {population} (version {version})", evaluate(apps), got)
        compared, failed = compared + c, failed + f
    print(f"policy oracle: seed {SEED}, {POPULATIONS} populations and the boundary set, "
          f"{compared} award lines compared with fractions")
    print(f"policy oracle: {STREAM_CHECKS[0]} outputs of --stream compared byte for byte with the in-memory "
          f"evaluation, {STREAM_CHECKS[1]} differ")
    print(f"{compared - failed} passed, {failed} failed")
    return 1 if failed or STREAM_CHECKS[1] else 0


if __name__ == "__main__":
    sys.exit(main())
