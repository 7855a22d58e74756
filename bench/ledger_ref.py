#!/usr/bin/env python3
"""Run bench/bench_ledger (a book of 10,000 data-resource intangibles × 120
months: full schedules, journal entries and both disclosure tables for 2025)
and the same workload in Python (exact integers in fen, Fraction rounding),
in the same run; check that both agree to the fen and print the ratio, the
peak memory and how the library's time grows with the number of assets.
SPDX-License-Identifier: MIT"""
import csv
import io
import subprocess
import sys
import time
from fractions import Fraction

PERIOD_START, PERIOD_END = 2025 * 12, 2025 * 12 + 11
IMPAIRMENT_MONTH = 2024 * 12 + 5
DISPOSAL_MONTH = 2025 * 12 + 8


def half_up(f):
    return (f.numerator * 2 + f.denominator) // (2 * f.denominator)


def workload(n):
    """Schedules, entries of 2025 and table (1) sums, as the library computes them."""
    entries = []
    table = {}
    amortisation = intangible = 0
    for i in range(n):
        month = i % 60
        start = 2020 * 12 + month
        cost = 10000000 + (i * 7919) % 90000000 + i % 100
        origin = i % 3
        life = 120
        stop = DISPOSAL_MONTH if i % 20 == 5 else None
        impair = i % 10 == 0 and month <= 53
        recoverable = cost // 4
        carrying, remaining, first = cost, cost, 0
        monthly = half_up(Fraction(cost, life))
        lines = []
        for k in range(life):
            m = start + k
            if stop is not None and m >= stop:
                break
            charge = remaining if k == life - 1 else min(monthly, remaining)
            remaining -= charge
            carrying -= charge
            loss = 0
            if impair and m == IMPAIRMENT_MONTH and recoverable <= carrying:
                loss = carrying - recoverable
                carrying = recoverable
                remaining, first = carrying, k + 1
                monthly = half_up(Fraction(carrying, life - first))
            lines.append((m, charge, loss, carrying))
        accumulated = imp_total = 0
        for m, charge, loss, closing in lines:
            if m > PERIOD_END:
                break
            accumulated += charge
            imp_total += loss
            if PERIOD_START <= m <= PERIOD_END:
                amortisation += charge
                if charge:
                    entries.append((m, f"A{i:06d}", "摊销", [("6602", 1, charge), ("1702", 0, charge)]))
        key = ("amortisation", origin)
        table[key] = table.get(key, 0) + accumulated
        if stop is not None:
            entries.append((stop, f"A{i:06d}", "处置", [("1702", 1, accumulated), ("1703", 1, imp_total),
                                                       ("1701", 0, cost),
                                                       ("6115", 1, cost - accumulated - imp_total)]))
        else:
            intangible += cost - accumulated - imp_total
    entries.sort(key=lambda e: e[0])
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["凭证号", "日期", "资产编号", "摘要", "科目编码", "借方金额", "贷方金额"])
    for number, (m, asset, event, postings) in enumerate(entries, 1):
        for code, debit, amount in postings:
            if amount:
                text = f"{amount // 100}.{amount % 100:02d}"
                writer.writerow([number, f"{m // 12}-{m % 12 + 1:02d}", asset, event, code,
                                 text if debit else "", "" if debit else text])
    return len(entries), amortisation, intangible, len(out.getvalue())


def run_library(exe, n):
    out = subprocess.run([exe, str(n)], capture_output=True, text=True, check=True).stdout
    return dict(line.split(" ", 1) for line in out.splitlines())


def main():
    exe = sys.argv[1]
    n = int(sys.argv[2]) if len(sys.argv) > 2 else 10000
    lib = run_library(exe, n)
    small = run_library(exe, n // 10)
    start = time.perf_counter()
    count, amortisation, intangible, _ = workload(n)
    py_s = time.perf_counter() - start
    lib_s = float(lib["report_s"]) + float(lib["write_s"])
    small_s = float(small["report_s"]) + float(small["write_s"])
    print(f"workload: {n} intangibles × 120 months; schedules, journal entries and disclosure tables for 2025")
    print(f"libdatasset build book (API)     {float(lib['build_s']):8.3f} s")
    print(f"libdatasset report + CSV + text  {lib_s:8.3f} s   (report {float(lib['report_s']):.3f} s, writing "
          f"{float(lib['write_s']):.3f} s; {lib['entries']} entries, {int(lib['output_bytes']) // 1024} KiB)")
    print(f"libdatasset peak memory          {int(lib['peak_rss_kb']) // 1024:8d} MiB")
    print(f"python reference                 {py_s:8.3f} s   ({count} entries)")
    print(f"ratio python/libdatasset         {py_s / lib_s:8.1f}x")
    print(f"scaling {n // 10} → {n} assets       {lib_s / small_s:8.1f}x time "
          f"(linear is 10x; {small_s:.4f} s for {n // 10})")
    agree = (int(lib["entries"]) == count and int(lib["amortisation"]) == amortisation
             and int(lib["intangible"]) == intangible)
    print(f"amortisation 2025 {amortisation / 100:,.2f}, 无形资产—其中：数据资源 {intangible / 100:,.2f}: "
          + ("library and reference agree" if agree else
             f"MISMATCH library {lib['entries']} {lib['amortisation']} {lib['intangible']}"))
    return 0 if agree else 1


if __name__ == "__main__":
    sys.exit(main())
