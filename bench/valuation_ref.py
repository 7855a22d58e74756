#!/usr/bin/env python3
"""Run bench/bench_valuation and the same workload in Python's decimal
(prec 50): 10-period income valuations at 12 %, each with its own flows
(base × (1 + k/1000)), rounded HALF_UP to the fen. Prints valuations per
second, the ratio to Python, and the cost of the full trace (recorded, and
recorded and read as text). Both sides are
timed in CPU time, best of several runs (the machine is shared)
(SPDX-License-Identifier: MIT)."""
import decimal
import subprocess
import sys
import time

BASE = ["1250000.00", "1312500.00", "1378125.00", "1447031.25", "1519382.81",
        "1595351.95", "1675119.55", "1758875.53", "1846819.31", "1939160.28"]
VARIANTS = 1000


def flows(ctx):
    base = [decimal.Decimal(f) for f in BASE]
    return [[ctx.multiply(f, decimal.Decimal(f"1.{k:03d}")) for f in base] for k in range(VARIANTS)]


def with_decimal(n):
    """P = Σ F_t / (1 + i)^t in decimal at 50 digits, rounded to the fen."""
    ctx = decimal.Context(prec=50)
    variants = flows(ctx)
    growth, cent = decimal.Decimal("1.12"), decimal.Decimal("0.01")
    checksum = decimal.Decimal(0)
    start = time.process_time()
    for i in range(n):
        total, factor = decimal.Decimal(0), decimal.Decimal(1)
        for f in variants[i % VARIANTS]:
            factor = ctx.multiply(factor, growth)
            total = ctx.add(total, ctx.divide(f, factor))
        checksum += total.quantize(cent, rounding=decimal.ROUND_HALF_UP)
    return checksum, (time.process_time() - start) / n


def main():
    exe = sys.argv[1]
    iterations = int(sys.argv[2]) if len(sys.argv) > 2 else 100000
    out = subprocess.run([exe, str(iterations)], capture_output=True, text=True, check=True).stdout
    fields = dict(line.split(" ", 1) for line in out.splitlines())
    lib_s = float(fields["us_per_valuation"]) / 1e6
    trace_s = float(fields["trace_us_per_valuation"]) / 1e6
    text_s = float(fields["text_us_per_valuation"]) / 1e6
    py_n = max(iterations // 10, 1000)
    runs = [with_decimal(py_n) for _ in range(3)]  # the best of 3, as the library reports its best of 5
    py_checksum, py_s = min(runs, key=lambda run: run[1])
    print(f"workload: income approach, 10 periods at 12%, exact, HALF_UP to the fen (CPU time); "
          f"library {iterations} valuations, trace {fields['trace_iterations']}, python {py_n}")
    print(f"libdatasset, no trace       {lib_s * 1e6:9.3f} us/valuation  {1 / lib_s:12,.0f} valuations/s")
    print(f"libdatasset, full trace     {trace_s * 1e6:9.3f} us/valuation  {1 / trace_s:12,.0f} valuations/s"
          f"  (trace recorded: {trace_s / lib_s:.1f}x the no-trace path; goal <= 3x)")
    print(f"  ... and read as text      {text_s * 1e6:9.3f} us/valuation  {1 / text_s:12,.0f} valuations/s"
          f"  (recorded and formatted: {text_s / lib_s:.1f}x; {fields['text_iterations']} valuations)")
    print(f"python decimal (prec 50)    {py_s * 1e6:9.3f} us/valuation  {1 / py_s:12,.0f} valuations/s")
    print(f"ratio python decimal / libdatasset: no trace {py_s / lib_s:6.1f}x   full trace {py_s / trace_s:6.1f}x"
          f"   trace read as text {py_s / text_s:6.2f}x   (goals >= 20x without trace, >= 7x with the full trace)")
    # One line per goal for `make bench`'s summary (bench/summary.py).
    print(f"GOAL valuation: no trace vs python decimal | {py_s / lib_s:.1f}x | >= 20x | "
          f"{'met' if py_s / lib_s >= 20 else 'NOT met'}")
    print(f"GOAL valuation: full trace, cost vs no trace | {trace_s / lib_s:.2f}x | <= 3x | "
          f"{'met' if trace_s / lib_s <= 3 else 'NOT met'}")
    print(f"GOAL valuation: full trace vs python decimal | {py_s / trace_s:.1f}x | >= 7x | "
          f"{'met' if py_s / trace_s >= 7 else 'NOT met'}")
    # Same inputs, same rounding: the first valuations of the trace run are the
    # ones Python did, and the flows repeat every VARIANTS valuations.
    if int(fields["trace_iterations"]) == py_n and decimal.Decimal(fields["trace_checksum"]) != py_checksum:
        print(f"MISMATCH: library checksum {fields['trace_checksum']}, python {py_checksum}")
        return 1
    if iterations % py_n == 0 and py_n % VARIANTS == 0 and \
            decimal.Decimal(fields["checksum"]) != py_checksum * (iterations // py_n):
        print(f"MISMATCH: library checksum {fields['checksum']}, python {py_checksum * (iterations // py_n)}")
        return 1
    print(f"checksums of the rounded values agree with python: {fields['checksum']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
