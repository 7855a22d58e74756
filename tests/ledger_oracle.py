#!/usr/bin/env python3
"""Differential test: the library's amortisation schedules against an
independent computation with Python's fractions, on thousands of random
assets: straight-line and units of benefit, residual values, derecognition
mid-life (当月减少当月不再摊销) and impairments with prospective recomputation
(and refused reversals); and disclosure table (1) of random books over random
periods, every cell recomputed from the assets' histories, with their 科目汇总表
(trial balance by account) rebuilt from accounting.md's journal entries.
Run by `make check` (SPDX-License-Identifier: MIT)."""
import os
import random
import subprocess
import sys
from fractions import Fraction

SEED = int(os.environ.get("DS_ORACLE_SEED", "20261123"))
COUNT = int(os.environ.get("DS_ORACLE_COUNT", "3000"))
BOOKS = int(os.environ.get("DS_ORACLE_BOOKS", "500"))


class Reversal(Exception):
    pass


def half_up(f):
    """四舍五入 of a non-negative Fraction to an integer."""
    return (f.numerator * 2 + f.denominator) // (2 * f.denominator)


def yuan(fen):
    return f"{fen // 100}.{fen % 100:02d}"


def month_text(m):
    return f"{m // 12:04d}-{m % 12 + 1:02d}"


def schedule(cost, residual, start, months, units, stop, impairments):
    """Charges, losses by line and true-up lines, in fen, per accounting.md:
    monthly HALF_UP, last month of the life takes the difference, no month from
    derecognition on, impairment at the end of its month, then the rest of the
    life re-spread from the new carrying amount; CAS 8 forbids reversals."""
    carrying, res, impaired = cost, residual, False
    last = start + months - 1
    if stop is not None:
        last = min(last, stop - 1)
    imps = sorted(impairments, key=lambda x: x[0])  # stable: same month keeps input order

    events = []

    def impair(recoverable):
        nonlocal carrying, res, impaired
        if recoverable > carrying:
            if impaired:
                raise Reversal()
            return 0
        loss = carrying - recoverable
        carrying = recoverable
        impaired = impaired or loss > 0
        res = min(res, carrying)
        return loss

    base = carrying - res
    remaining, first = base, 0
    total = sum(units) if units is not None else None
    charges, losses, true_ups = [], [], []
    j = 0
    for k in range(0, last - start + 1):
        month = start + k
        if k == months - 1:
            charge = remaining
            true_ups.append(k)
        else:
            if units is None:
                charge = half_up(Fraction(base, months - first))
            else:
                charge = 0 if total == 0 else half_up(base * units[k] / total)
            charge = min(charge, remaining)
        remaining -= charge
        carrying -= charge
        charges.append(charge)
        loss = 0
        while j < len(imps) and imps[j][0] == month:
            step = impair(imps[j][1])
            events.append((month, step))
            loss += step
            j += 1
            if step:  # a test that finds no loss changes nothing
                base = carrying - res
                remaining, first = base, k + 1
                total = sum(units[first:]) if units is not None else None
        if loss:
            losses.append((k, loss))
    while j < len(imps):
        events.append((imps[j][0], impair(imps[j][1])))
        j += 1
    schedule.events = events  # every impairment's (month, loss), for the book mode
    return charges, losses, true_ups


def random_asset(rng):
    """One asset: its seven-field line and its parameters."""
    kind = rng.random()
    if kind < 0.1:
        cost = rng.randint(0, 500)
    elif kind < 0.2:
        cost = rng.choice([100000000, 124800000, 99999999, 1])
    else:
        cost = rng.randint(0, 10 ** rng.randint(4, 13))
    months = rng.choice([1, 2, 3, 12, 36, 60, 120]) if rng.random() < 0.4 else rng.randint(1, 240)
    residual = 0 if rng.random() < 0.7 else rng.randint(0, cost)
    start = rng.randint(2000, 2030) * 12 + rng.randint(0, 11)
    units = None
    unit_texts = "-"
    if rng.random() < 0.3:
        texts = [rng.choice(["0", "1", "2", "3", "0.5", "1.25", "10", "7", "0.01"]) for _ in range(months)]
        if all(t == "0" for t in texts):
            texts[rng.randrange(months)] = "1"
        units = [Fraction(t) for t in texts]
        unit_texts = ",".join(texts)
    stop = None
    if rng.random() < 0.3:
        stop = start + rng.randint(0, months + 5)
    imps = []
    horizon = (stop - 1) if stop is not None else start + months + 6
    if horizon >= start:
        for _ in range(rng.choice([0, 0, 1, 1, 2, 3])):
            month = rng.randint(start, horizon)
            rec = rng.randint(0, cost + cost // 5 + 1)
            imps.append((month, rec))
    # In date order, as a book receives them: each addition is then checked
    # against the history so far, which is a prefix of the whole history.
    imps.sort(key=lambda x: x[0])
    line = " ".join([
        yuan(cost), month_text(start), str(months), yuan(residual),
        month_text(stop) if stop is not None else "-", unit_texts,
        ",".join(f"{month_text(m)}-28:{yuan(r)}" for m, r in imps) or "-",
    ])
    return line, (cost, residual, start, months, units, stop, imps)


def random_case(rng):
    line, params = random_asset(rng)
    try:
        charges, losses, true_ups = schedule(*params)
    except Reversal:
        return line, "ERR DS_ESTATE"
    expected = ",".join(map(str, charges)) + "|" + ",".join(f"{k}:{v}" for k, v in losses) + "|" + \
        ",".join(map(str, true_ups))
    return line, expected


# Rows of disclosure table (1), as ds_ledger_row1 numbers them.
COST_OPENING, COST_INCREASE, COST_DECREASE, COST_CLOSING = 0, 1, 5, 9
AMORT_OPENING, AMORT_INCREASE, AMORT_CHARGED, AMORT_DECREASE, AMORT_CLOSING = 10, 11, 12, 13, 17
IMP_OPENING, IMP_INCREASE, IMP_CHARGED, IMP_DECREASE, IMP_CLOSING = 18, 19, 20, 21, 25
CARRYING_CLOSING, CARRYING_OPENING = 26, 27
INCREASE_ROW = {1: 2, 2: 3, 3: 4}                      # 购入, 内部研发, 其他增加 by origin
DECREASE_ROWS = {1: (6, 14, 22), 2: (7, 15, 23), 3: (8, 16, 24)}  # 处置, 失效且终止确认, 其他减少


def table_one(assets, p0, p1):
    """Table (1) of the months p0..p1 from each asset's history, by accounting.md."""
    t = [[0] * 4 for _ in range(28)]
    amortisation = 0

    def add(row, col, value):
        t[row][col] += value
        t[row][3] += value

    for origin, kind, (cost, residual, start, months, units, stop, imps), charges, events in assets:
        col = origin - 1

        def flow(month, value, opening, row, parent):
            if month < p0:
                add(opening, col, value)
            elif month <= p1:
                add(row, col, value)
                add(parent, col, value)

        flow(start, cost, COST_OPENING, INCREASE_ROW[origin], COST_INCREASE)
        for k, charge in enumerate(charges):
            flow(start + k, charge, AMORT_OPENING, AMORT_CHARGED, AMORT_INCREASE)
            if p0 <= start + k <= p1:
                amortisation += charge
        for month, loss in events:
            flow(month, loss, IMP_OPENING, IMP_CHARGED, IMP_INCREASE)
        gone = stop is not None and stop <= p1
        if stop is not None:
            rows = DECREASE_ROWS[kind]
            for value, opening, row, parent in ((cost, COST_OPENING, rows[0], COST_DECREASE),
                                                (sum(charges), AMORT_OPENING, rows[1], AMORT_DECREASE),
                                                (sum(l for _, l in events), IMP_OPENING, rows[2], IMP_DECREASE)):
                if stop < p0:
                    add(opening, col, -value)
                else:
                    flow(stop, value, opening, row, parent)
        # Closing balances straight from the history, not from the flows.
        if not gone:
            add(COST_CLOSING, col, cost if start <= p1 else 0)
            add(AMORT_CLOSING, col, sum(c for k, c in enumerate(charges) if start + k <= p1))
            add(IMP_CLOSING, col, sum(l for m, l in events if m <= p1))
    for col in range(4):
        t[CARRYING_CLOSING][col] = t[COST_CLOSING][col] - t[AMORT_CLOSING][col] - t[IMP_CLOSING][col]
        t[CARRYING_OPENING][col] = t[COST_OPENING][col] - t[AMORT_OPENING][col] - t[IMP_OPENING][col]
    return t, amortisation


# The default chart (accounting.md's journal entries; docs/ledger.md's table of events).
BANK, INTANGIBLE, AMORT, IMP_RESERVE = "1002 银行存款", "1701 无形资产—数据资源", "1702 累计摊销—数据资源", "1703 无形资产减值准备—数据资源"
RD_CAP, ADMIN, IMP_LOSS = "5301 研发支出—资本化支出—数据资源", "6602 管理费用", "6701 资产减值损失"
DISPOSAL_LOSS = {1: "6115 资产处置损益", 2: "6711 营业外支出", 3: "6711 营业外支出"}  # sale; expiry, other


def trial_balance(assets, p0, p1):
    """科目汇总表 of p0..p1 from accounting.md's entries, event by event, without the library:
    {account: [debit, credit]} in fen (accounts with postings only), and the 合计."""
    tb = {}

    def post(month, debit, credit, amount):
        if p0 <= month <= p1 and amount:
            tb.setdefault(debit, [0, 0])[0] += amount
            tb.setdefault(credit, [0, 0])[1] += amount

    for origin, kind, (cost, residual, start, months, units, stop, imps), charges, events in assets:
        if origin == 2:  # 自行开发: capitalised development spending, then ready for use the same day
            post(start, RD_CAP, BANK, cost)
            post(start, INTANGIBLE, RD_CAP, cost)
        else:  # 外购 / 其他: 购入
            post(start, INTANGIBLE, BANK, cost)
        for k, charge in enumerate(charges):  # 摊销 to 管理费用 (the default use)
            post(start + k, ADMIN, AMORT, charge)
        for month, loss in events:  # 减值
            post(month, IMP_LOSS, IMP_RESERVE, loss)
        if stop is not None:  # derecognised without proceeds: the carrying amount is a loss
            amort, imp = sum(charges), sum(l for _, l in events)
            post(stop, AMORT, INTANGIBLE, amort)
            post(stop, IMP_RESERVE, INTANGIBLE, imp)
            post(stop, DISPOSAL_LOSS[kind], INTANGIBLE, cost - amort - imp)
    debit = sum(d for d, _ in tb.values())
    credit = sum(c for _, c in tb.values())
    assert debit == credit, "the oracle's own entries do not balance"
    lines = ";".join(f"{a} {d} {c}" for a, (d, c) in sorted(tb.items(), key=lambda kv: kv[0].encode()))
    return f"|{lines}|{debit} {credit}|entries {debit} {credit}"


def random_book(rng):
    """A book of up to 25 assets of the three origins, and a period of 1 to 36 months."""
    assets, lines = [], []
    for _ in range(rng.randint(1, 25)):
        while True:
            line, params = random_asset(rng)
            try:
                charges, _, _ = schedule(*params)
                break
            except Reversal:
                continue
        origin, kind = rng.randint(1, 3), rng.randint(1, 3)
        assets.append((origin, kind, params, charges, schedule.events))
        lines.append(f"{origin} {kind} {line}")
    p0 = rng.randint(2000, 2035) * 12 + rng.randint(0, 11)
    p1 = p0 + rng.randint(0, 35)
    table, amortisation = table_one(assets, p0, p1)
    text = f"BOOK {month_text(p0)} {month_text(p1)} {len(lines)}\n" + "\n".join(lines)
    expected = ",".join(str(v) for row in table for v in row) + f"|{amortisation}|{table[CARRYING_CLOSING][3]}"
    expected += trial_balance(assets, p0, p1)
    return text, expected


def main():
    exe = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.environ.get("top_builddir", "."), "tests", "ledger_driver")
    rng = random.Random(SEED)
    cases = [random_case(rng) for _ in range(COUNT)]
    books = [random_book(rng) for _ in range(BOOKS)]
    # Fixed cases from accounting.md.
    cases.append(("1000000.00 2024-03 36 0.00 - - -", ",".join(["2777778"] * 35 + ["2777770"]) + "||35"))
    cases.append(("1248000.00 2024-03 60 0.00 - - -", ",".join(["2080000"] * 60) + "||59"))
    cases += books
    proc = subprocess.run([exe], input="\n".join(c[0] for c in cases) + "\n", capture_output=True, text=True)
    got = proc.stdout.splitlines()
    if proc.returncode != 0 or len(got) != len(cases):
        print(f"driver failed: exit {proc.returncode}, {len(got)} answers for {len(cases)} cases\n{proc.stderr}")
        print("0 passed, 1 failed")
        return 1
    failed = 0
    for (line, expected), answer in zip(cases, got):
        if answer != expected:
            failed += 1
            if failed <= 10:
                print(f"MISMATCH {line[:200]!r}:\n  library {answer[:300]!r}\n  oracle  {expected[:300]!r}")
    schedules = cases[:len(cases) - len(books)]
    kinds = {
        "impairments": sum(1 for c in schedules if not c[0].endswith(" -")),
        "refused reversals": sum(1 for c in schedules if c[1] == "ERR DS_ESTATE"),
        "units of benefit": sum(1 for c in schedules if c[0].split(" ")[5] != "-"),
        "derecognised": sum(1 for c in schedules if c[0].split(" ")[4] != "-"),
    }
    print(f"ledger oracle: seed {SEED}, {len(cases) - len(books)} random schedules compared with fractions: "
          + ", ".join(f"{v} {k}" for k, v in kinds.items()))
    print(f"ledger oracle: {len(books)} random books of 1 to 25 assets: disclosure table (1) of a random period "
          f"(112 cells), its amortisation and 无形资产—其中：数据资源, recomputed from each asset's history; "
          f"the 科目汇总表 (every account's debits and credits, 合计 balanced and equal to the journal "
          f"entries' totals) from accounting.md's entries")
    print(f"{len(cases) - failed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
