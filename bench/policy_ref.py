#!/usr/bin/env python3
"""Run bench/bench_policy and, on the same largest applications file, the
independent Python implementation of jinan-2025 (tests/policy_oracle.py, exact
with fractions): time both, check that the totals agree, print the ratio and
the library's peak memory. Usage: policy_ref.py BENCH_EXE [N...]
(default 25000 100000). (SPDX-License-Identifier: MIT)"""
import os
import subprocess
import sys
import tempfile
import time
from fractions import Fraction

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tests"))
import policy_oracle  # noqa: E402

def main():
    exe = sys.argv[1]
    sizes = sys.argv[2:] or ["25000", "100000"]
    with tempfile.TemporaryDirectory() as tmp:
        out = subprocess.run([exe, tmp] + sizes, capture_output=True, text=True, check=True).stdout
        runs, maxrss = [], None
        for line in out.splitlines():
            fields = line.split()
            if fields[0] == "maxrss_kb":
                maxrss = int(fields[1])
            else:
                runs.append(dict(zip(fields[0::2], fields[1::2])))
        print("workload: jinan-2025 (6 programmes), 2 products and 20 场内 trades per applicant, plus filings,")
        print("          cases, contracts and 入表 recognitions for some; exact, awards to the fen")
        for r in runs:
            print(f"libdatasset n={r['size']:>7}: load {float(r['load_s']):7.3f} s  evaluate {float(r['evaluate_s']):7.3f} s"
                  f"  ({float(r['evaluate_us_per_applicant']):.2f} us/applicant)  csv {float(r['csv_s']):6.3f} s"
                  f"  total {r['total']}")
        last = runs[-1]
        start = time.perf_counter()
        apps = policy_oracle.load(last["file"])
        loaded = time.perf_counter()
        lines = policy_oracle.evaluate(apps)
        done = time.perf_counter()
        total = policy_oracle.money(sum((e["award"] for es in lines.values() for e in es), Fraction(0)))
        lib_load, lib_eval = float(last["load_s"]), float(last["evaluate_s"])
        print(f"python (fractions)  n={last['size']:>7}: load {loaded - start:7.3f} s  evaluate {done - loaded:7.3f} s"
              f"  total {total}")
        print(f"ratio python/libdatasset   load {(loaded - start) / lib_load:6.1f}x   evaluate {(done - loaded) / lib_eval:6.1f}x"
              f"   load+evaluate {(done - start) / (lib_load + lib_eval):6.1f}x")
        if len(runs) > 1:
            first = runs[0]
            growth = float(last["evaluate_us_per_applicant"]) / float(first["evaluate_us_per_applicant"])
            print(f"scaling: {int(last['size']) // int(first['size'])}x applicants -> per-applicant evaluate time x{growth:.2f}"
                  " (1.0 is linear; O(n log n) allows a slow rise)")
        print(f"peak memory (ru_maxrss) of bench_policy: {maxrss / 1024:.1f} MiB")
        if total != last["total"]:
            print(f"MISMATCH: libdatasset total {last['total']}, python {total}")
            return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
