#!/usr/bin/python3
"""The cost of the Python binding (issue 16), run by ``make bench-python``.

1. Per-call overhead: one cheap library call made from Python against the
   same call made from C (``bench_call``, built like the other benches):
   ``lib.ds_decimal_add`` on existing decimals (the bare cffi call), and the
   public ``datasset.parse("1234.56")`` against ``ds_decimal_parse`` +
   ``ds_decimal_to_string`` in C. The empty Python loop is timed too and
   subtracted, so the figure is the cost of the call alone.
2. Bulk: 100,000 ten-period income valuations, P = Σ F_t / 1.12^t rounded
   HALF_UP to the fen, each with its own flows (base × (1 + k/1000), k < 1000),
   through the binding and through pure-Python :mod:`decimal` (50 digits).
   Every one of the 100,000 figures must agree to the fen, or the bench fails.
   Binding ways measured: the public ``round(present_value(flows, rate))``,
   the public ``valuation.income(flows, rate, trace=False)``, the same C calls
   one valuation at a time on flows converted to C once beforehand, and the
   batch call ``present_values`` (``ds_decimal_present_values``: one call for
   many series, rounding in C): with every amount (1,000,000 for 100,000) converted from
   Decimal inside the call, and with the 1,000 distinct series converted once
   into an ``Amounts`` table kept in C (the conversion inside the timing) and
   valued 100 times, as the pure-Python loop reuses its 1,000 Decimal series.

Times are CPU time (process_time), best of 3 runs: the machine is shared.
Usage: bench.py BENCH_CALL_EXE [valuations]   (PYTHONPATH must reach datasset)
SPDX-License-Identifier: MIT
"""

from __future__ import annotations

import decimal
import subprocess
import sys
import time
from decimal import Decimal
from typing import Callable, List

import datasset as ds
from datasset import valuation
from datasset._core import check, lib, string_out
from datasset.decimals import DecimalArray, from_c, new_decimal, to_c

BASE = ["1250000.00", "1312500.00", "1378125.00", "1447031.25", "1519382.81",
        "1595351.95", "1675119.55", "1758875.53", "1846819.31", "1939160.28"]
VARIANTS = 1000
RATE = "0.12"
CENT = Decimal("0.01")


def best(fn: Callable[[], object], runs: int = 3) -> float:
    """Best CPU time of @runs calls of @fn, in seconds."""
    times = []
    for _ in range(runs):
        start = time.process_time()
        fn()
        times.append(time.process_time() - start)
    return min(times)


def per_call(c_exe: str) -> None:
    n = 1_000_000
    out = dict(line.split(" ", 1) for line in
               subprocess.run([c_exe, str(n)], check=True, capture_output=True, text=True).stdout.splitlines())
    c_add, c_parse = float(out["add_ns"]) / 1000, float(out["parse_ns"]) / 1000

    a, b, r = to_c("1234.56"), to_c("0.01"), to_c(0)
    add = lib.ds_decimal_add
    parse = ds.parse

    def empty() -> None:
        for _ in range(n):
            pass

    def py_add() -> None:
        for _ in range(n):
            add(r, a, b)

    def py_parse() -> None:
        for _ in range(n // 5):
            parse("1234.56")

    loop = best(empty) / n * 1e6
    p_add = best(py_add) / n * 1e6 - loop
    p_parse = best(py_parse) / (n // 5) * 1e6 - loop
    if from_c(r) != Decimal("1234.57") or parse("1234.56") != Decimal(out["result"]):
        sys.exit("bench-python: the calls did not give 1234.57 and 1234.56")
    print("per-call overhead (µs per call; the empty Python loop, %.3f µs, subtracted)" % loop)
    print("  ds_decimal_add on existing decimals: C %.3f, Python %.3f, overhead %.3f µs (goal < 2)"
          % (c_add, p_add, p_add - c_add))
    print("  parse + to_string ('1234.56'):       C %.3f, datasset.parse %.3f, overhead %.3f µs (goal < 2)"
          % (c_parse, p_parse, p_parse - c_parse))


def flows() -> List[List[Decimal]]:
    ctx = decimal.Context(prec=50)
    base = [Decimal(f) for f in BASE]
    return [[ctx.multiply(f, Decimal(f"1.{k:03d}")) for f in base] for k in range(VARIANTS)]


def bulk(n: int) -> None:
    variants = flows()
    results = {}

    def pure() -> None:
        ctx = decimal.Context(prec=50)
        growth = Decimal(1) + Decimal(RATE)
        out = []
        for i in range(n):
            total, factor = Decimal(0), Decimal(1)
            for f in variants[i % VARIANTS]:
                factor = ctx.multiply(factor, growth)
                total = ctx.add(total, ctx.divide(f, factor))
            out.append(total.quantize(CENT, rounding=decimal.ROUND_HALF_UP))
        results["decimal"] = out

    def binding_pv() -> None:
        results["present_value"] = [ds.round(ds.present_value(variants[i % VARIANTS], RATE)) for i in range(n)]

    def binding_income() -> None:
        results["valuation.income"] = [ds.round(valuation.income(variants[i % VARIANTS], RATE, trace=False).value)
                                       for i in range(n)]

    arrays = [DecimalArray(v) for v in variants]
    rate = DecimalArray([RATE])

    def binding_floor() -> None:
        out = []
        pv, rnd = lib.ds_decimal_present_value, lib.ds_decimal_round
        for i in range(n):
            a = arrays[i % VARIANTS]
            d = new_decimal()
            check(pv(d, a.array, 10, rate.array, 1))
            check(rnd(d, d, 2, lib.DS_ROUND_HALF_UP))
            out.append(Decimal(string_out(lib.ds_decimal_to_string_scaled, d, 2, lib.DS_ROUND_HALF_UP, 0)))
        results["C calls, flows pre-converted"] = out

    def batch_convert() -> None:
        results["present_values, every amount converted"] = ds.present_values(
            [variants[i % VARIANTS] for i in range(n)], RATE)

    def batch_table() -> None:
        table = ds.Amounts([f for v in variants for f in v])
        out: List[Decimal] = []
        for start in range(0, n, VARIANTS):
            series = min(VARIANTS, n - start)
            out += ds.present_values(table, RATE, periods=len(BASE)) if series == VARIANTS else \
                ds.present_values(variants[:series], RATE)
        results["present_values on Amounts kept in C"] = out

    t_pure = best(pure)
    print(f"bulk: {n} ten-period valuations at {RATE}, rounded HALF_UP to the fen (µs per valuation)")
    print("  pure-Python decimal (prec 50):%s%7.2f" % (" " * 26, t_pure / n * 1e6))
    for name, fn in (("present_value", binding_pv), ("valuation.income", binding_income),
                     ("C calls, flows pre-converted", binding_floor),
                     ("present_values, every amount converted", batch_convert),
                     ("present_values on Amounts kept in C", batch_table)):
        t = best(fn)
        print("  binding, %-46s %7.2f   pure Python / binding = %.2f× (goal ≥ 10×)"
              % (name + ":", t / n * 1e6, t_pure / t))
    ref = results["decimal"]
    for name, got in results.items():
        bad = [i for i in range(n) if got[i] != ref[i]]
        if bad:
            i = bad[0]
            sys.exit(f"bench-python: {name} differs from decimal in {len(bad)} valuations, "
                     f"first #{i}: {got[i]} against {ref[i]}")
    print("  all %d figures agree to the fen in the %d ways (sum %s)" % (n, len(results), sum(ref)))


def main() -> None:
    if len(sys.argv) < 2:
        sys.exit("usage: bench.py BENCH_CALL_EXE [valuations]")
    per_call(sys.argv[1])
    bulk(int(sys.argv[2]) if len(sys.argv) > 2 else 100_000)


if __name__ == "__main__":
    main()
