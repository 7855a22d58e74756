#!/usr/bin/env python3
"""Ten-year public-sector books (政府会计, 行政事业单位数据资产) against an
independent reading of the rules in docs/ledger-gov.md, written from the rules'
text with Python's fractions, not from the library's code.

Each random book runs 2020-2029 for a 行政单位 or a 事业单位 (use income remitted
or retained; amortisation from the month of use or the month after) with
self-built assets (research expensed at month ends, development capitalised or
expensed at completion), purchased assets, memo rows, 有偿使用 income with and
without an agreement, remittances, and approved sales, transfers and
write-offs. For every year `datasset ledger run --what entries|figures|cards
--format csv` is compared with the oracle: every posting (date, basis, asset,
side, account, amount), every figure and every card. Then the identities of the
ten years are checked on the tool's output alone: every entry balances within
its basis; each closing balance is the sum of all entries so far; next year's
opening is this year's closing; the on-balance-sheet cards' carrying amounts
add up to 1701 − 1702; what was remitted over ten years is what was owed less
the final 2103 balance.
Run by `make check` (SPDX-License-Identifier: MIT)."""
import csv
import io
import os
import random
import subprocess
import sys
import tempfile
from collections import Counter, defaultdict
from fractions import Fraction

SEED = int(os.environ.get("DS_ORACLE_SEED", "20261206"))
BOOKS = int(os.environ.get("DS_ORACLE_BOOKS", "12"))
FIRST, LAST = 2020, 2029

CODE = {
    "bank": "1002", "authorised": "1011", "intangible": "1701", "amortisation": "1702",
    "research": "1703.01", "development": "1703.02", "payable": "2103", "business-revenue": "4101",
    "other-revenue": "4609", "business": "5001", "admin": "5101", "operating": "5201",
    "disposal": "5301", "budget-revenue": "6609", "admin-outlay": "7101", "inst-outlay": "7201",
    "funds": "8001",
}


def half_up(f):
    """四舍五入 of a non-negative Fraction to an integer."""
    return (f.numerator * 2 + f.denominator) // (2 * f.denominator)


def yuan(fen):
    return f"{fen // 100}.{fen % 100:02d}"


def month_index(y, m):
    return y * 12 + m - 1


def month_end(mi):
    y, m = divmod(mi, 12)
    m += 1
    days = [31, 29 if (y % 4 == 0 and y % 100 != 0) or y % 400 == 0 else 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
    return f"{y:04d}-{m:02d}-{days[m - 1]:02d}"


def date_text(d):
    return f"{d[0]:04d}-{d[1]:02d}-{d[2]:02d}"


def rand_date(rng, lo, hi):
    """A date between month indexes lo and hi (both included), day 1-28."""
    mi = rng.randint(lo, hi)
    return (mi // 12, mi % 12 + 1, rng.randint(1, 28))


def mi_of(d):
    return month_index(d[0], d[1])


# ---------------------------------------------------------------- generation

def gen_book(rng, n):
    unit = {"kind": rng.choice(["admin_unit", "inst_unit"])}
    if unit["kind"] == "inst_unit":
        unit["income"] = rng.choice(["remit", "retain"])
    unit["start"] = rng.choice(["same-month", "next-month"])
    assets = []
    for k in range(rng.randint(2, 6)):
        kind = rng.choice(["self", "self", "bought", "bought", "memo"])
        a = {"id": f"B{n}-A{k}", "kind": kind, "events": [],
             "expense": rng.choice(["business", "admin", "operating"])}
        lo = month_index(FIRST, 1)
        if kind == "memo":
            a["acquired"] = rand_date(rng, lo, lo + 100)
            a["reference"] = rng.randint(0, 10**9)
            assets.append(a)
            continue
        a["indefinite"] = rng.random() < 0.1
        a["life"] = rng.randint(6, 60)
        a["units"] = None
        if not a["indefinite"] and rng.random() < 0.25:
            a["units"] = [rng.randint(0, 50) for _ in range(a["life"])]
            if sum(a["units"]) == 0:
                a["units"][-1] = 7
        start = rng.randint(lo, lo + 60)
        a["acquired"] = (start // 12, start % 12 + 1, 1)
        t = start
        if kind == "self":
            for _ in range(rng.randint(0, 4)):
                t += rng.randint(0, 2)
                a["events"].append(("research", (t // 12, t % 12 + 1, rng.randint(1, 28)),
                                    rng.randint(10**5, 10**8), rng.random() < 0.3))
            ndev = rng.randint(0, 4)
            for _ in range(ndev):
                t += rng.randint(0, 2)
                a["events"].append(("development", (t // 12, t % 12 + 1, rng.randint(1, 28)),
                                    rng.randint(10**5, 10**9), rng.random() < 0.3))
            t += rng.randint(0, 3)
            formed = ndev > 0 and rng.random() < 0.85
            done = (t // 12, t % 12 + 1, 28)
            a["events"].append(("completed", done, formed))
            if not formed:
                assets.append(a)
                continue
            in_use = done
        else:
            nm = start + 1
            in_use = (nm // 12, nm % 12 + 1, 15)
            a["in_use"] = in_use
            for _ in range(rng.randint(1, 3)):
                a["events"].append(("purchase", (start // 12, start % 12 + 1, rng.randint(1, 28)),
                                    rng.randint(10**5, 10**9), rng.random() < 0.5))
        t = mi_of(in_use)
        owed = 0
        end = month_index(LAST, 12)
        disposed = False
        while t < end - 2 and not disposed:
            t += rng.randint(1, 14)
            if t > end:
                break
            d = (t // 12, t % 12 + 1, rng.randint(1, 28))
            r = rng.random()
            if r < 0.45:
                amount = rng.randint(1, 10**8)
                agreement = rng.random() < 0.8
                a["events"].append(("use-income", d, amount, agreement))
                if not (unit["kind"] == "inst_unit" and unit.get("income") == "retain"):
                    owed += amount
            elif r < 0.8 and owed > 0:
                amount = rng.randint(1, owed)
                a["events"].append(("remit", d, amount))
                owed -= amount
            elif r < 0.9:
                kind_d = rng.choice(["sale", "transfer", "write-off"])
                proceeds = 0 if kind_d == "write-off" else rng.randint(0, 10**9)
                costs = rng.choice([0, rng.randint(0, 10**7)])
                a["events"].append(("disposal", d, kind_d, proceeds, costs))
                owed += max(0, proceeds - costs)
                disposed = True
        if owed and rng.random() < 0.7:
            t = min(t + 1, end)
            a["events"].append(("remit", (t // 12, t % 12 + 1, 28), owed))
        assets.append(a)
    return unit, assets


def write_book(path, unit, assets):
    out = ['<?xml version="1.0" encoding="UTF-8"?>', '<public-sector-book xmlns="urn:datasset:ledger-gov:1">']
    attrs = f'name="某单位" kind="{unit["kind"]}" amortisation-start="{unit["start"]}"'
    if "income" in unit:
        attrs += f' inst-use-income="{unit["income"]}"'
    out.append(f"<unit {attrs}/>")
    for a in assets:
        acq = date_text(a["acquired"])
        if a["kind"] == "memo":
            out.append(f'<asset id="{a["id"]}" status="memo" formation="transferred-in" acquired="{acq}" '
                       f'reference-value="{yuan(a["reference"])}"/>')
            continue
        formation = "self-built" if a["kind"] == "self" else "purchased"
        life = "indefinite" if a["indefinite"] else f'{a["life"]}" life-basis="estimate'
        extra = f' in-use="{date_text(a["in_use"])}"' if a["kind"] == "bought" else ""
        method = ' method="units-of-output"' if a["units"] else ""
        out.append(f'<asset id="{a["id"]}" status="on-balance-sheet" formation="{formation}" acquired="{acq}"'
                   f'{extra} life="{life}"{method} expense="{a["expense"]}">')
        if a["units"]:
            out.append("<units>" + " ".join(str(u) for u in a["units"]) + "</units>")
        for e in a["events"]:
            kind, d = e[0], date_text(e[1])
            if kind in ("research", "development", "purchase"):
                funding = ' funding="bank"' if e[3] else ""
                out.append(f'<{kind} date="{d}" amount="{yuan(e[2])}"{funding}/>')
            elif kind == "completed":
                out.append(f'<completed date="{d}" formed="{"true" if e[2] else "false"}"/>')
            elif kind == "use-income":
                ag = ' agreement="AG-1"' if e[3] else ""
                out.append(f'<use-income date="{d}" amount="{yuan(e[2])}"{ag}/>')
            elif kind == "remit":
                out.append(f'<remit date="{d}" amount="{yuan(e[2])}"/>')
            else:
                val = ' valuation="评估报告"' if e[2] != "write-off" else ""
                proceeds = f' proceeds="{yuan(e[3])}"' if e[3] else ""
                out.append(f'<disposal date="{d}" kind="{e[2]}" approval="批复"{val}{proceeds} '
                           f'costs="{yuan(e[4])}"/>')
        out.append("</asset>")
    out.append("</public-sector-book>")
    with open(path, "w", encoding="utf-8") as f:
        f.write("\n".join(out) + "\n")


# ---------------------------------------------------------------- the oracle

def amortisation(cost, life, units, start, stop):
    """{month index: charge}: monthly, HALF_UP to the fen, the last month of the
    life takes the difference, nothing from the month the asset leaves on."""
    charges = {}
    done = 0
    total_units = sum(units) if units else None
    for k in range(life):
        if k == life - 1:
            c = cost - done
        elif units:
            c = half_up(Fraction(cost * units[k], total_units))
        else:
            c = half_up(Fraction(cost, life))
        c = min(c, cost - done)
        done += c
        if start + k >= stop:
            break
        charges[start + k] = c
    return charges


def oracle(unit, assets):
    """Every entry of the book's whole history: (date, basis, asset, tag, [(side, code, amount)])."""
    inst = unit["kind"] == "inst_unit"
    retain = inst and unit.get("income") == "retain"
    outlay = CODE["inst-outlay"] if inst else CODE["admin-outlay"]
    entries = []
    cards = {}

    def entry(d, basis, aid, tag, postings):
        postings = [p for p in postings if p[2]]
        if postings:
            entries.append((d, basis, aid, tag, postings))

    for a in assets:
        aid = a["id"]
        card = {"kind": a["kind"], "events": [], "cost_dates": [], "charges": {}, "disposed": None,
                "closed_at": None}
        cards[aid] = card
        if a["kind"] == "memo":
            continue
        exp = CODE[a["expense"]]
        research = defaultdict(int)
        dev = 0
        cost = 0
        in_use = a.get("in_use")
        for e in sorted(a["events"], key=lambda e: e[1]):
            kind, d = e[0], date_text(e[1])
            if kind in ("research", "development", "purchase"):
                pay = CODE["bank"] if e[3] else CODE["authorised"]
                target = {"research": "research", "development": "development", "purchase": "intangible"}[kind]
                entry(d, "F", aid, "", [("D", CODE[target], e[2]), ("C", pay, e[2])])
                entry(d, "B", aid, "", [("D", outlay, e[2]), ("C", CODE["funds"], e[2])])
                if kind == "research":
                    research[mi_of(e[1])] += e[2]
                elif kind == "development":
                    dev += e[2]
                else:
                    cost += e[2]
                    card["cost_dates"].append((mi_of(e[1]), e[2]))
            elif kind == "completed":
                if e[2]:
                    entry(d, "F", aid, "", [("D", CODE["intangible"], dev), ("C", CODE["development"], dev)])
                    cost += dev
                    card["cost_dates"].append((mi_of(e[1]), dev))
                    in_use = e[1]
                else:
                    entry(d, "F", aid, "dev-expensed", [("D", CODE["business"], dev), ("C", CODE["development"], dev)])
                    card["closed_at"] = mi_of(e[1])
                dev = 0
            elif kind == "use-income":
                if retain:
                    entry(d, "F", aid, "use", [("D", CODE["bank"], e[2]), ("C", CODE["other-revenue"], e[2])])
                    entry(d, "B", aid, "use", [("D", CODE["funds"], e[2]), ("C", CODE["budget-revenue"], e[2])])
                else:
                    entry(d, "F", aid, "use", [("D", CODE["bank"], e[2]), ("C", CODE["payable"], e[2])])
                card["events"].append((mi_of(e[1]), "use-retained" if retain else "use-treasury", e[2],
                                       bool(e[3])))
            elif kind == "remit":
                entry(d, "F", aid, "", [("D", CODE["payable"], e[2]), ("C", CODE["bank"], e[2])])
                card["events"].append((mi_of(e[1]), "remitted", e[2], True))
            elif kind == "disposal":
                card["disposed"] = e[1]
        for m, amount in research.items():
            entry(month_end(m), "F", aid, "", [("D", exp, amount), ("C", CODE["research"], amount)])
        if in_use and not a["indefinite"]:
            start = mi_of(in_use) + (1 if unit["start"] == "next-month" else 0)
            stop = mi_of(card["disposed"]) if card["disposed"] else 10**9
            card["charges"] = amortisation(cost, a["life"], a["units"], start, stop)
            for m, c in card["charges"].items():
                entry(month_end(m), "F", aid, "", [("D", exp, c), ("C", CODE["amortisation"], c)])
        if card["disposed"]:
            e = next(e for e in a["events"] if e[0] == "disposal")
            d = date_text(e[1])
            acc = sum(card["charges"].values())
            entry(d, "F", aid, "", [("D", CODE["disposal"], cost - acc), ("D", CODE["amortisation"], acc),
                                    ("C", CODE["intangible"], cost)])
            proceeds, costs = e[3], e[4]
            if costs > proceeds:
                entry(d, "F", aid, "disposal", [("D", CODE["bank"], proceeds), ("D", CODE["disposal"], costs - proceeds),
                                                ("C", CODE["bank"], costs)])
            else:
                entry(d, "F", aid, "disposal", [("D", CODE["bank"], proceeds), ("C", CODE["payable"], proceeds - costs),
                                                ("C", CODE["bank"], costs)])
            card["events"].append((mi_of(e[1]), "disposal-net", max(0, proceeds - costs), True))
            card["closed_at"] = mi_of(e[1])
        card["cost"] = cost
    return entries, cards


def figures_for(entries, cards, assets, y):
    lo, hi = month_index(y, 1), month_index(y, 12)
    bal = defaultdict(int)
    dr = defaultdict(int)
    cr = defaultdict(int)
    tagged = defaultdict(int)
    for d, basis, aid, tag, postings in entries:
        m = month_index(int(d[:4]), int(d[5:7]))
        if m > hi:
            continue
        for side, code, amount in postings:
            bal[code] += amount if side == "D" else -amount
            if m >= lo:
                (dr if side == "D" else cr)[code] += amount
                if tag == "use" and code == CODE["payable"] and side == "C":
                    tagged["use"] += amount
                if tag == "disposal" and code == CODE["payable"] and side == "C":
                    tagged["disposal"] += amount
                if tag == "dev-expensed" and code == CODE["development"] and side == "C":
                    tagged["dev"] += amount
    f = {
        "intangible": bal[CODE["intangible"]],
        "accumulated": -bal[CODE["amortisation"]],
        "development": bal[CODE["development"]],
        "research-expensed": cr[CODE["research"]],
        "development-expensed": tagged["dev"],
        "capitalised": dr[CODE["intangible"]],
        "amortisation": cr[CODE["amortisation"]],
        "use-income-treasury": tagged["use"],
        "use-income-retained": cr[CODE["other-revenue"]],
        "disposal-net": tagged["disposal"],
        "disposal-expense": dr[CODE["disposal"]],
        "remitted": dr[CODE["payable"]],
        "payable": -bal[CODE["payable"]],
        "budget-outlay": dr[CODE["admin-outlay"]] + dr[CODE["inst-outlay"]],
        "budget-revenue": cr[CODE["budget-revenue"]],
    }
    f["carrying"] = f["intangible"] - f["accumulated"]
    unsupported = 0
    for c in cards.values():
        unsupported += sum(1 for (m, k, amt, ok) in c["events"] if k.startswith("use") and lo <= m <= hi and not ok)
    f["unsupported-income-count"] = unsupported
    f["memo-count"] = sum(1 for c in cards.values() if c["kind"] == "memo")
    return f


def card_for(card, y):
    hi = month_index(y, 12)
    if card["kind"] == "memo":
        return ("memo", 0, 0, 0)
    remitted = sum(a for (m, k, a, _) in card["events"] if k == "remitted" and m <= hi)
    if card["closed_at"] is not None and card["closed_at"] <= hi:
        return ("closed", 0, 0, remitted)
    cost = sum(a for (m, a) in card["cost_dates"] if m <= hi)
    if cost == 0:
        return ("in-progress", 0, 0, remitted)
    acc = sum(c for m, c in card["charges"].items() if m <= hi)
    return ("on-balance-sheet", cost, acc, remitted)


# ---------------------------------------------------------------- the tool

def fen(text):
    neg = text.startswith("-")
    whole, _, frac = text.lstrip("-").partition(".")
    v = int(whole) * 100 + int((frac + "00")[:2])
    return -v if neg else v


def tool(prog, book, y, what):
    r = subprocess.run([prog, "ledger", "run", book, "--period", str(y), "--what", what, "--format", "csv", "--no-bom"],
                       capture_output=True)
    if r.returncode != 0:
        raise SystemExit(f"{book} {y} {what}: exit {r.returncode}: {r.stderr.decode()}")
    return list(csv.DictReader(io.StringIO(r.stdout.decode("utf-8"))))


def main():
    builddir = os.environ.get("top_builddir", ".")
    prog = os.path.join(builddir, "datasset")
    rng = random.Random(SEED)
    failures = 0
    checked = Counter()

    def fail(msg):
        nonlocal failures
        failures += 1
        if failures <= 20:
            print("FAIL", msg)

    with tempfile.TemporaryDirectory(prefix="ds-gov-oracle-") as work:
        for n in range(BOOKS):
            unit, assets = gen_book(rng, n)
            path = os.path.join(work, f"book{n}.xml")
            write_book(path, unit, assets)
            entries, cards = oracle(unit, assets)
            running = defaultdict(int)
            owed_total = remitted_total = 0
            prev = None
            for y in range(FIRST, LAST + 1):
                rows = tool(prog, path, y, "entries")
                # every posting, as a multiset
                got = Counter((r["日期"], "F" if r["会计"] == "财务会计" else "B", r["资产编号"],
                               "D" if r["借贷"] == "借" else "C", r["科目代码"], fen(r["金额"])) for r in rows)
                want = Counter()
                for d, basis, aid, tag, postings in entries:
                    if int(d[:4]) == y:
                        for side, code, amount in postings:
                            want[(d, basis, aid, side, code, amount)] += 1
                if got != want:
                    fail(f"book {n} year {y}: postings differ: tool-only {list((got - want).items())[:3]} "
                         f"oracle-only {list((want - got).items())[:3]}")
                checked["postings"] += sum(got.values())
                # identity: each entry balances within its basis (rows of one entry are consecutive)
                groups = defaultdict(int)
                key = None
                gi = 0
                for r in rows:
                    k = (r["日期"], r["会计"], r["资产编号"], r["事项"])
                    if k != key:
                        gi += 1
                        key = k
                    groups[gi] += fen(r["金额"]) if r["借贷"] == "借" else -fen(r["金额"])
                    running[(r["会计"], r["科目代码"])] += fen(r["金额"]) if r["借贷"] == "借" else -fen(r["金额"])
                if any(v != 0 for v in groups.values()):
                    fail(f"book {n} year {y}: an entry does not balance")
                checked["entries"] += len(groups)
                figs = {r["键"]: r["金额"] for r in tool(prog, path, y, "figures")}
                want_f = figures_for(entries, cards, assets, y)
                for k, v in want_f.items():
                    g = figs.get(k)
                    g = int(g) if k.endswith("count") else (fen(g) if g is not None else None)
                    if g != v:
                        fail(f"book {n} year {y}: figure {k}: tool {g} oracle {v}")
                    checked["figures"] += 1
                # identity: closing balances are the sum of every entry so far
                def closing(code):
                    return running[("财务会计", code)]
                for k, code, sign in (("intangible", "1701", 1), ("accumulated", "1702", -1),
                                      ("payable", "2103", -1), ("development", "1703.02", 1)):
                    if fen(figs[k]) != sign * closing(code):
                        fail(f"book {n} year {y}: {k} is not the sum of the entries so far")
                if closing("1703.01") != 0:
                    fail(f"book {n} year {y}: 1703.01 is not cleared at the month ends")
                # identity: the opening of this year is last year's closing
                if prev is not None:
                    moved = fen(figs["capitalised"]) - sum(
                        fen(r["金额"]) for r in rows if r["科目代码"] == "1701" and r["借贷"] == "贷")
                    if fen(figs["intangible"]) != fen(prev["intangible"]) + moved:
                        fail(f"book {n} year {y}: 1701 opening is not last year's closing")
                    if fen(figs["payable"]) != fen(prev["payable"]) + fen(figs["use-income-treasury"]) + \
                            fen(figs["disposal-net"]) - fen(figs["remitted"]):
                        fail(f"book {n} year {y}: 2103 does not roll forward")
                owed_total += fen(figs["use-income-treasury"]) + fen(figs["disposal-net"])
                remitted_total += fen(figs["remitted"])
                prev = figs
                # the asset ledger
                carrying = 0
                for r in tool(prog, path, y, "cards"):
                    want_c = card_for(cards[r["资产编号"]], y)
                    got_c = (r["状态"], fen(r["原值"]), fen(r["累计摊销"]), fen(r["已上缴国库"]))
                    if got_c != want_c:
                        fail(f"book {n} year {y} card {r['资产编号']}: tool {got_c} oracle {want_c}")
                    if fen(r["账面余额"]) != got_c[1] - got_c[2]:
                        fail(f"book {n} year {y} card {r['资产编号']}: carrying != cost - accumulated")
                    if r["状态"] == "on-balance-sheet":
                        carrying += fen(r["账面余额"])
                    checked["cards"] += 1
                if carrying != fen(figs["carrying"]):
                    fail(f"book {n} year {y}: cards' carrying amounts do not add up to 1701 - 1702")
            if remitted_total != owed_total - fen(prev["payable"]):
                fail(f"book {n}: ten years' remittances != owed - final 2103")
    print(f"ledger_gov_oracle: {BOOKS} ten-year books, {checked['postings']} postings, {checked['entries']} "
          f"entries, {checked['figures']} figures, {checked['cards']} cards; {failures} failures (seed {SEED})")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
