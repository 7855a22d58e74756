#!/usr/bin/env python3
"""Run bench/bench_decimal (libdatasset op by op and present_value, and when
built with it libmpdec in C at precision 28 and 50, all in one process) and
the same workload in Python's decimal (prec 50) and fractions, in the same run,
and print the ratios. Times are CPU time, best of several runs (the machine is
shared) (SPDX-License-Identifier: MIT)."""
import decimal
import subprocess
import sys
import time
from fractions import Fraction

FLOWS = ["1250000.00", "1312500.00", "1378125.00", "1447031.25", "1519382.81",
         "1595351.95", "1675119.55", "1758875.53", "1846819.31", "1939160.28"]


def with_decimal(n):
    ctx = decimal.Context(prec=50)
    flows = [decimal.Decimal(f) for f in FLOWS]
    growth, cent = decimal.Decimal("1.085"), decimal.Decimal("0.01")
    start = time.process_time()
    for _ in range(n):
        total, factor = decimal.Decimal(0), decimal.Decimal(1)
        for f in flows:
            factor = ctx.multiply(factor, growth)
            total = ctx.add(total, ctx.divide(f, factor))
        total = total.quantize(cent, rounding=decimal.ROUND_HALF_UP)
    return total, (time.process_time() - start) * 1e6 / n


def with_fractions(n, periods=10):
    flows = [Fraction(FLOWS[t % len(FLOWS)]) for t in range(periods)]
    growth = Fraction("1.085")
    start = time.process_time()
    for _ in range(n):
        total, factor = Fraction(0), Fraction(1)
        for f in flows:
            factor *= growth
            total += f / factor
        cents = total * 100
        rounded = (cents.numerator * 2 + cents.denominator) // (2 * cents.denominator)  # HALF_UP, positive
    return decimal.Decimal(rounded).scaleb(-2), (time.process_time() - start) * 1e6 / n


def main():
    exe = sys.argv[1]
    iterations = int(sys.argv[2]) if len(sys.argv) > 2 else 200000
    out = subprocess.run([exe, str(iterations)], capture_output=True, text=True, check=True).stdout
    fields = dict(line.split(" ", 1) for line in out.splitlines())
    lib_us = float(fields["us_per_valuation"])
    dec_value, dec_us = min((with_decimal(max(iterations // 10, 1000)) for _ in range(3)), key=lambda r: r[1])
    frac_value, frac_us = min((with_fractions(max(iterations // 40, 500)) for _ in range(3)), key=lambda r: r[1])
    print("workload: 10-period DCF at 8.5%, rounded HALF_UP to the fen (CPU time, best of runs)")
    pv_us = float(fields["pv_us_per_valuation"])
    print(f"libdatasset op by op (exact)  {lib_us:9.3f} us  result {fields['result']}")
    print(f"libdatasset present_value     {pv_us:9.3f} us  result {fields['pv_result']}")
    mpd = {}
    for prec in (28, 50):
        if f"mpd{prec}_us_per_valuation" in fields:
            mpd[prec] = float(fields[f"mpd{prec}_us_per_valuation"])
            print(f"libmpdec {fields['mpd_version']} C, prec {prec}     {mpd[prec]:9.3f} us  "
                  f"result {fields[f'mpd{prec}_result']}")
    print(f"python decimal (prec 50)      {dec_us:9.3f} us  result {dec_value}")
    print(f"python fractions              {frac_us:9.3f} us  result {frac_value}")
    print(f"ratio decimal/libdatasset     op by op {dec_us / lib_us:6.1f}x   present_value {dec_us / pv_us:6.1f}x")
    print(f"ratio fractions/libdatasset   op by op {frac_us / lib_us:6.1f}x   present_value {frac_us / pv_us:6.1f}x")
    for prec, us in mpd.items():
        print(f"ratio libdatasset/libmpdec prec {prec}: op by op {lib_us / us:5.2f}x the time   "
              f"present_value {pv_us / us:5.2f}x the time   (below 1: libdatasset faster)")
    if 50 in mpd:
        ratio, pv_ratio = lib_us / mpd[50], pv_us / mpd[50]
        print(f"GOAL decimal: op by op time vs libmpdec prec 50 | {ratio:.2f}x | <= 1.5x | "
              f"{'met' if ratio <= 1.5 else 'NOT met'}")
        print(f"GOAL decimal: present_value time vs libmpdec prec 50 | {pv_ratio:.2f}x | < 1x | "
              f"{'met' if pv_ratio < 1 else 'NOT met'}")
    else:
        print("GOAL decimal: op by op time vs libmpdec prec 50 | - | <= 1.5x | skipped (no libmpdec)")
    if "long_periods" in fields:
        periods = int(fields["long_periods"])
        long_value, _ = with_fractions(1, periods)
        long_us, long_pv_us = float(fields["long_us_per_valuation"]), float(fields["long_pv_us_per_valuation"])
        print(f"long horizon, {periods} periods (the exact denominator 1.085^t grows to "
              f"{len(str(1085 ** periods))} digits):")
        print(f"  libdatasset op by op (exact)  {long_us:9.3f} us  result {fields['long_result']}")
        print(f"  libdatasset present_value     {long_pv_us:9.3f} us  result {fields['long_pv_result']}")
        if "long_mpd50_us_per_valuation" in fields:
            long_mpd = float(fields["long_mpd50_us_per_valuation"])
            print(f"  libmpdec C, prec 50           {long_mpd:9.3f} us  result {fields['long_mpd50_result']}")
            print(f"  ratio libdatasset/libmpdec prec 50: op by op {long_us / long_mpd:5.2f}x the time   "
                  f"present_value {long_pv_us / long_mpd:5.2f}x the time")
            print(f"GOAL decimal: {periods} periods, op by op time vs libmpdec prec 50 | {long_us / long_mpd:.2f}x | "
                  f"<= 1.5x | {'met' if long_us / long_mpd <= 1.5 else 'NOT met'}")
        if fields["long_result"] != str(long_value) or fields["long_pv_result"] != str(long_value):
            print(f"MISMATCH: {periods} periods: libdatasset and fractions disagree ({long_value})")
            return 1
    if fields["result"] != str(frac_value) or fields["pv_result"] != str(frac_value):
        print("MISMATCH: libdatasset and fractions disagree")
        return 1
    for prec in mpd:
        if fields[f"mpd{prec}_result"] != str(frac_value):
            print(f"note: libmpdec at precision {prec} rounds to {fields[f'mpd{prec}_result']}, exact {frac_value}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
