#!/usr/bin/env python3
"""Run bench/bench_policy and, on the largest applications file evaluated in
memory, the independent Python implementation of jinan-2025
(tests/policy_oracle.py, exact with fractions): time both, check that the
totals agree and that the streaming and in-memory paths wrote the same CSV
bytes, and print peak memory, load against evaluation time and the ratios.
Usage: policy_ref.py BENCH_EXE [N...] (default 25000 100000, and 1000000 with
DS_BENCH_POLICY_LARGE=1). Times are CPU seconds (user + system) of each child
process, which a loaded machine disturbs less than wall time; wall time is
printed beside them. (SPDX-License-Identifier: MIT)"""
import os
import subprocess
import sys
import tempfile
import time
from fractions import Fraction

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tests"))
import policy_oracle  # noqa: E402

GOAL_MIB = 256


def main():
    exe = sys.argv[1]
    sizes = sys.argv[2:]
    with tempfile.TemporaryDirectory() as tmp:
        env = dict(os.environ, DS_BENCH_POLICY_KEEP="1")
        out = subprocess.run([exe, tmp] + sizes, capture_output=True, text=True, check=True, env=env).stdout
        runs = {}
        for line in out.splitlines():
            fields = line.split()
            r = dict(zip(fields[0::2], fields[1::2]))
            runs.setdefault(int(r["size"]), {})[r["mode"]] = r
        print("workload: jinan-2025 (6 programmes), 2 products and 20 场内 trades per applicant, plus filings,")
        print("          cases, contracts and 入表 recognitions for some; exact, awards to the fen")
        print("times: CPU seconds (wall in brackets); peak: ru_maxrss of the process that ran the path")
        failed = 0
        for n in sorted(runs):
            modes = runs[n]
            if "memory" in modes:
                m = modes["memory"]
                print(f"n={n:>8} in memory: load {float(m['load_cpu_s']):7.2f} s ({float(m['load_s']):.2f})"
                      f"  evaluate {float(m['evaluate_cpu_s']):6.2f} s ({float(m['evaluate_s']):.2f})"
                      f"  csv {float(m['csv_cpu_s']):5.2f} s  peak {int(m['maxrss_kb']) / 1024:7.1f} MiB"
                      f"  load/evaluate {float(m['load_cpu_s']) / float(m['evaluate_cpu_s']):.2f}")
            st, rd = modes["stream"], modes["read"]
            total, read = float(st["cpu_s"]), float(rd["cpu_s"])
            peak = int(st["maxrss_kb"]) / 1024
            print(f"n={n:>8} streaming: total {total:7.2f} s ({float(st['wall_s']):.2f})"
                  f"  of which reading {read:6.2f} s (a read-only stream), evaluating {total - read:6.2f} s"
                  f"  peak {peak:7.1f} MiB ({'under' if peak < GOAL_MIB else 'OVER'} {GOAL_MIB} MiB)"
                  f"  reading/evaluating {read / max(total - read, 1e-9):.2f}")
            print(f"GOAL policy streamed peak, n={n} | {peak:.1f} MiB | < {GOAL_MIB} MiB (at 10^6) | "
                  f"{'met' if peak < GOAL_MIB else 'NOT met'}")
            print(f"GOAL policy streamed reading / evaluating, n={n} | {read / max(total - read, 1e-9):.2f} | <= 1 | "
                  f"{'met' if read <= total - read else 'NOT met'}")
            if "memory" in modes:
                m = modes["memory"]
                ratio = float(m["load_cpu_s"]) / float(m["evaluate_cpu_s"])
                print(f"GOAL policy in-memory load / evaluate, n={n} | {ratio:.2f} | <= 1 | "
                      f"{'met' if ratio <= 1 else 'NOT met'}")
                same = (m["hash"], m["bytes"]) == (st["hash"], st["bytes"])
                memory_cpu = float(m["load_cpu_s"]) + float(m["evaluate_cpu_s"]) + float(m["csv_cpu_s"])
                print(f"             streaming / in memory: CPU {total / memory_cpu:.2f}x, peak "
                      f"{peak / (int(m['maxrss_kb']) / 1024):.2f}x; CSV {st['bytes']} bytes, "
                      f"{'identical' if same else 'DIFFERENT'}")
                print(f"GOAL policy streamed CSV = in-memory CSV, n={n} | {'identical' if same else 'different'} | "
                      f"identical | {'met' if same else 'NOT met'}")
                failed += not same
        in_memory = [n for n in sorted(runs) if "memory" in runs[n]]
        if in_memory:
            last = runs[in_memory[-1]]["memory"]
            start = time.process_time()
            apps = policy_oracle.load(last["file"])
            loaded = time.process_time()
            lines = policy_oracle.evaluate(apps)
            done = time.process_time()
            total = policy_oracle.money(sum((e["award"] for es in lines.values() for e in es), Fraction(0)))
            lib_load, lib_eval = float(last["load_cpu_s"]), float(last["evaluate_cpu_s"])
            stream = float(runs[in_memory[-1]]["stream"]["cpu_s"])
            print(f"python (fractions) n={last['size']:>8}: load {loaded - start:7.2f} s  evaluate {done - loaded:7.2f} s"
                  f" (CPU)  total {total}")
            print(f"ratio python/libdatasset   load {(loaded - start) / lib_load:5.1f}x   evaluate "
                  f"{(done - loaded) / lib_eval:5.1f}x   load+evaluate {(done - start) / (lib_load + lib_eval):5.1f}x"
                  f"   streaming {(done - start) / stream:5.1f}x")
            if len(in_memory) > 1:
                first = runs[in_memory[0]]["memory"]
                growth = float(last["evaluate_us_per_applicant"]) / float(first["evaluate_us_per_applicant"])
                print(f"scaling: {int(last['size']) // int(first['size'])}x applicants -> per-applicant evaluate"
                      f" time x{growth:.2f} (1.0 is linear; O(n log n) allows a slow rise)")
            if total != last["total"]:
                print(f"MISMATCH: libdatasset total {last['total']}, python {total}")
                failed += 1
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
