#!/usr/bin/env python3
"""Differential test: the library's amortisation schedules against an
independent computation with Python's fractions, on thousands of random
assets: straight-line and units of benefit, residual values, derecognition
mid-life (当月减少当月不再摊销) and impairments with prospective recomputation
(and refused reversals). Run by `make check` (SPDX-License-Identifier: MIT)."""
import os
import random
import subprocess
import sys
from fractions import Fraction

SEED = int(os.environ.get("DS_ORACLE_SEED", "20261123"))
COUNT = int(os.environ.get("DS_ORACLE_COUNT", "3000"))


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
            loss += impair(imps[j][1])
            j += 1
            base = carrying - res
            remaining, first = base, k + 1
            total = sum(units[first:]) if units is not None else None
        if loss:
            losses.append((k, loss))
    while j < len(imps):
        impair(imps[j][1])
        j += 1
    return charges, losses, true_ups


def random_case(rng):
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
    line = " ".join([
        yuan(cost), month_text(start), str(months), yuan(residual),
        month_text(stop) if stop is not None else "-", unit_texts,
        ",".join(f"{month_text(m)}-28:{yuan(r)}" for m, r in imps) or "-",
    ])
    try:
        charges, losses, true_ups = schedule(cost, residual, start, months, units, stop, imps)
    except Reversal:
        return line, "ERR DS_ESTATE"
    expected = ",".join(map(str, charges)) + "|" + ",".join(f"{k}:{v}" for k, v in losses) + "|" + \
        ",".join(map(str, true_ups))
    return line, expected


def main():
    exe = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.environ.get("top_builddir", "."), "tests", "ledger_driver")
    rng = random.Random(SEED)
    cases = [random_case(rng) for _ in range(COUNT)]
    # Fixed cases from accounting.md.
    cases.append(("1000000.00 2024-03 36 0.00 - - -", ",".join(["2777778"] * 35 + ["2777770"]) + "||35"))
    cases.append(("1248000.00 2024-03 60 0.00 - - -", ",".join(["2080000"] * 60) + "||59"))
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
    kinds = {
        "impairments": sum(1 for c in cases if not c[0].endswith(" -")),
        "refused reversals": sum(1 for c in cases if c[1] == "ERR DS_ESTATE"),
        "units of benefit": sum(1 for c in cases if c[0].split(" ")[5] != "-"),
        "derecognised": sum(1 for c in cases if c[0].split(" ")[4] != "-"),
    }
    print(f"ledger oracle: seed {SEED}, {len(cases)} random schedules compared with fractions: "
          + ", ".join(f"{v} {k}" for k, v in kinds.items()))
    print(f"{len(cases) - failed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
