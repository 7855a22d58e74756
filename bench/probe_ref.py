#!/usr/bin/env python3
"""Run bench/bench_probe on a generated CSV (1024 MiB by default) and, in the
same run, the floors and a comparable profiler over the same file: `cat FILE >
/dev/null`, a bare read(2) loop counting lines, and Python's csv module
counting rows; then the same file converted to GB18030. Prints MB/s, the
ratios and the probe's peak RSS; exits 1 when the row counts disagree or the
peak RSS reaches 64 MiB. Usage: probe_ref.py BENCH_PROBE [MIB]
(SPDX-License-Identifier: MIT)"""
import csv
import os
import subprocess
import sys
import tempfile
import time

LIMIT_KIB = 64 * 1024


def run(exe, *args):
    out = subprocess.run([exe, *args], capture_output=True, text=True, check=True).stdout
    return {k: float(v) for k, v in (line.split(" ", 1) for line in out.splitlines())}


def timed_shell(command):
    start = time.perf_counter()
    subprocess.run(command, shell=True, check=True)
    return time.perf_counter() - start


def python_csv_rows(path, encoding):
    start = time.perf_counter()
    with open(path, encoding=encoding, newline="") as f:
        rows = sum(1 for _ in csv.reader(f)) - 1
    return rows, time.perf_counter() - start


def to_gb18030(src, dst):
    with open(src, encoding="utf-8", newline="") as fin, open(dst, "w", encoding="gb18030", newline="") as fout:
        while True:
            chunk = fin.read(1 << 22)
            if not chunk:
                break
            fout.write(chunk)


def main():
    exe = sys.argv[1]
    mib = int(sys.argv[2]) if len(sys.argv) > 2 else 1024
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "bench.csv")
        rows = int(run(exe, "generate", path, str(mib))["rows"])
        size = os.path.getsize(path)
        mb = size / 1e6
        run(exe, "read", path)  # warm the page cache once for every reader
        cat = timed_shell(f"cat '{path}' > /dev/null")
        bare = run(exe, "read", path)
        probe = run(exe, "probe", path)
        cpu_before = time.process_time()
        py_rows, py_seconds = python_csv_rows(path, "utf-8")
        py_cpu = time.process_time() - cpu_before
        gb = os.path.join(tmp, "bench-gb18030.csv")
        to_gb18030(path, gb)
        os.unlink(path)
        gb_mb = os.path.getsize(gb) / 1e6
        run(exe, "read", gb)
        gb_bare = run(exe, "read", gb)
        gb_probe = run(exe, "probe", gb, "gb18030")
    bad = 0
    for name, got in (("probe", probe["rows"]), ("python csv", py_rows), ("probe gb18030", gb_probe["rows"])):
        if int(got) != rows:
            print(f"MISMATCH: {name} read {int(got)} rows of {rows}")
            bad = 1
    print(f"workload: a generated CSV of {rows} rows, 11 mixed columns ({mb:.0f} MB UTF-8, {gb_mb:.0f} MB GB18030)")
    print(f"{'':36s} {'seconds':>8s} {'MB/s':>8s} {'CPU s':>8s} {'MB/CPU s':>9s} {'peak RSS':>10s}")
    table = [("cat FILE > /dev/null (floor)", cat, mb, None, None),
             ("read(2) + count lines (floor)", bare["seconds"], mb, None, None),
             ("Python csv module, count rows", py_seconds, mb, None, py_cpu),
             ("ds_probe_file, UTF-8", probe["seconds"], mb, probe["maxrss_kib"], probe["cpu_seconds"]),
             ("read(2) + count lines, GB18030", gb_bare["seconds"], gb_mb, None, None),
             ("ds_probe_file, GB18030", gb_probe["seconds"], gb_mb, gb_probe["maxrss_kib"], gb_probe["cpu_seconds"])]
    for name, seconds, size_mb, rss, cpu in table:
        rss_text = f"{rss / 1024:.1f} MiB" if rss else ""
        cpu_text = f"{cpu:8.3f} {size_mb / cpu:9.1f}" if cpu else f"{'':8s} {'':9s}"
        print(f"{name:36s} {seconds:8.3f} {size_mb / seconds:8.1f} {cpu_text} {rss_text:>10s}")
    speed = mb / probe["seconds"]
    print(f"ratio probe / bare read: {probe['seconds'] / bare['seconds']:.1f}x slower "
          f"(goal: within 5x); probe / cat: {probe['seconds'] / cat:.1f}x")
    print(f"ratio Python csv (rows only) / probe (full analysis): {py_seconds / probe['seconds']:.2f}x")
    print(f"ratio GB18030 probe / UTF-8 probe: {gb_probe['seconds'] / probe['seconds']:.2f}x")
    print(f"probe throughput: {speed:.0f} MB/s UTF-8 (goal >= 200), {gb_mb / gb_probe['seconds']:.0f} MB/s GB18030; "
          f"per CPU second {mb / probe['cpu_seconds']:.0f} and {gb_mb / gb_probe['cpu_seconds']:.0f} MB/s "
          f"(wall time counts waiting for a busy machine's cores)")
    for name, rss in (("UTF-8", probe["maxrss_kib"]), ("GB18030", gb_probe["maxrss_kib"])):
        if rss >= LIMIT_KIB:
            print(f"FAIL: peak RSS {rss / 1024:.1f} MiB ({name}) is not under 64 MiB")
            bad = 1
    return bad


if __name__ == "__main__":
    sys.exit(main())
