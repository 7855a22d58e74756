#!/usr/bin/env python3
"""The probe's benchmark (SPDX-License-Identifier: MIT).

1. Against DuckDB, in the same run: `SUMMARIZE SELECT * FROM read_csv(FILE)`
   through npm @duckdb/node-api (bench/probe_duckdb.mjs) and ds_probe_file
   (bench_probe), each with 1 thread and with every core, on a narrow generated
   CSV (4 columns x 2,000,000 rows), a wide one (11 columns) of the same size and
   the big file (MIB, 256 by default; 1024 for the 1 GB file). Prints seconds and CPU seconds of
   both, the speed-up DuckDB time / probe time (above 1: the probe is faster) by
   wall and by CPU time, the peak RSS of both, and GOAL lines for bench/summary.py.
   DuckDB is looked for in $DS_DUCKDB_NODE, else _build/npm-duckdb/node_modules
   (where scripts/test-all.sh installs it); without it that part is skipped.
   The generated files are written back to the disk (sync) before the first timing, so
   that the kernel's write-back does not run during one program's measurement only.
2. On the big file, the floors and a comparable reader: `cat FILE > /dev/null`,
   a bare read(2) loop counting lines, Python's csv module counting rows; then the
   same file converted to GB18030.
Exits 1 when the row counts disagree or a probe's peak RSS reaches 64 MiB.
Usage: probe_ref.py BENCH_PROBE [MIB]"""
import csv
import os
import shutil
import subprocess
import sys
import tempfile
import time

LIMIT_KIB = 64 * 1024
NARROW_ROWS = 2_000_000
GOAL_SPEEDUP = 3.0
HERE = os.path.dirname(os.path.abspath(__file__))


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


def settle(what):
    """Write the files just generated back to the disk before anything is timed: the kernel
    would otherwise write them back (dirty_expire_centisecs, 30 s by default) during whichever
    program is measured then, on the same cores."""
    start = time.perf_counter()
    os.sync()
    print(f"{what} written back to the disk (sync, {time.perf_counter() - start:.2f} s) before timing")


def duckdb_modules():
    candidates = [os.environ.get("DS_DUCKDB_NODE", ""),
                  os.path.join(HERE, "..", "_build", "npm-duckdb", "node_modules")]
    for c in candidates:
        if c and os.path.isdir(os.path.join(c, "@duckdb", "node-api")) and shutil.which("node"):
            return os.path.abspath(c)
    return None


def duckdb(modules, path, threads):
    out = subprocess.run(["node", os.path.join(HERE, "probe_duckdb.mjs"), modules, path, str(threads)],
                         capture_output=True, text=True, check=True).stdout
    return {k: float(v) for k, v in (line.split(" ", 1) for line in out.splitlines())}


def compare(exe, modules, files, cores):
    """Probe and SUMMARIZE on each file with 1 thread and every core; returns the rows and the worst speed-ups."""
    print(f"\n== probe vs DuckDB SUMMARIZE SELECT * FROM read_csv(FILE) (@duckdb/node-api), {cores} cores; "
          f"load average at start {os.getloadavg()[0]:.1f}")
    print("speed-up = DuckDB seconds / probe seconds (above 1: the probe is faster); CPU = user + system seconds")
    head = (f"{'file':34s} {'thr':>3s} {'probe s':>8s} {'CPU s':>7s} {'DuckDB s':>8s} {'CPU s':>7s} "
            f"{'speed-up':>8s} {'by CPU':>7s} {'probe RSS':>10s} {'DuckDB RSS':>10s}")
    print(head)
    bad, worst_wall, worst_cpu, peak = 0, None, None, 0
    for label, path, rows in files:
        run(exe, "read", path)  # warm the page cache
        for threads in sorted({1, cores}):
            p = run(exe, "probe", path, "-", str(threads))
            d = duckdb(modules, path, threads) if modules else None
            peak = max(peak, p["maxrss_kib"])
            if int(p["rows"]) != rows or (d and int(d["rows"]) != rows):
                print(f"MISMATCH: {label}: probe {int(p['rows'])}, DuckDB {int(d['rows']) if d else '-'} rows of {rows}")
                bad = 1
            if d:
                wall, cpu = d["seconds"] / p["seconds"], d["cpu_seconds"] / p["cpu_seconds"]
                if threads == cores:
                    worst_wall = wall if worst_wall is None else min(worst_wall, wall)
                    worst_cpu = cpu if worst_cpu is None else min(worst_cpu, cpu)
                print(f"{label:34s} {threads:3d} {p['seconds']:8.3f} {p['cpu_seconds']:7.3f} {d['seconds']:8.3f} "
                      f"{d['cpu_seconds']:7.3f} {wall:7.2f}x {cpu:6.2f}x {p['maxrss_kib'] / 1024:6.1f} MiB "
                      f"{d['maxrss_kib'] / 1024:6.1f} MiB")
            else:
                print(f"{label:34s} {threads:3d} {p['seconds']:8.3f} {p['cpu_seconds']:7.3f} {'-':>8s} {'-':>7s} "
                      f"{'-':>8s} {'-':>7s} {p['maxrss_kib'] / 1024:6.1f} MiB")
    if worst_wall is None:
        print("DuckDB comparison skipped: no node_modules with @duckdb/node-api (DS_DUCKDB_NODE, or "
              "npm install --prefix _build/npm-duckdb @duckdb/node-api@1.5.6-r.1)")
        print(f"GOAL probe vs DuckDB SUMMARIZE, {cores} threads | not measured (no DuckDB) | "
              f">= {GOAL_SPEEDUP:g}x faster | NOT met")
    else:
        print(f"GOAL probe vs DuckDB SUMMARIZE, {cores} threads, slowest file, wall | {worst_wall:.2f}x faster | "
              f">= {GOAL_SPEEDUP:g}x faster | {'met' if worst_wall >= GOAL_SPEEDUP else 'NOT met'}")
        print(f"GOAL probe vs DuckDB SUMMARIZE, {cores} threads, slowest file, CPU time | {worst_cpu:.2f}x less | "
              f">= {GOAL_SPEEDUP:g}x less | {'met' if worst_cpu >= GOAL_SPEEDUP else 'NOT met'}")
    print(f"GOAL probe peak RSS (every file, every thread count) | {peak / 1024:.1f} MiB | < 64 MiB | "
          f"{'met' if peak < LIMIT_KIB else 'NOT met'}")
    return bad or (peak >= LIMIT_KIB)


def main():
    exe = sys.argv[1]
    mib = int(sys.argv[2]) if len(sys.argv) > 2 and sys.argv[2] else 256
    cores = os.cpu_count() or 1
    modules = duckdb_modules()
    with tempfile.TemporaryDirectory() as tmp:
        narrow = os.path.join(tmp, "narrow.csv")
        n_rows = int(run(exe, "narrow", narrow, str(NARROW_ROWS))["rows"])
        wide = os.path.join(tmp, "wide.csv")
        w_rows = int(run(exe, "generate-bytes", wide, str(os.path.getsize(narrow)))["rows"])
        path = os.path.join(tmp, "bench.csv")
        rows = int(run(exe, "generate", path, str(mib))["rows"])
        size = os.path.getsize(path)
        mb = size / 1e6
        settle("generated files")
        files = [(f"narrow 4 cols x {n_rows} ({os.path.getsize(narrow) / 1e6:.0f} MB)", narrow, n_rows),
                 (f"wide 11 cols x {w_rows} ({os.path.getsize(wide) / 1e6:.0f} MB)", wide, w_rows),
                 (f"big 11 cols x {rows} ({mb:.0f} MB)", path, rows)]
        bad = compare(exe, modules, files, cores)
        os.unlink(narrow)
        os.unlink(wide)
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
        settle("GB18030 copy")
        gb_mb = os.path.getsize(gb) / 1e6
        run(exe, "read", gb)
        gb_bare = run(exe, "read", gb)
        gb_probe = run(exe, "probe", gb, "gb18030")
    for name, got in (("probe", probe["rows"]), ("python csv", py_rows), ("probe gb18030", gb_probe["rows"])):
        if int(got) != rows:
            print(f"MISMATCH: {name} read {int(got)} rows of {rows}")
            bad = 1
    print(f"\n== floors: the big file, {rows} rows, 11 mixed columns ({mb:.0f} MB UTF-8, {gb_mb:.0f} MB GB18030); "
          f"the probe with its default threads")
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
    print(f"ratio probe / bare read: {probe['seconds'] / bare['seconds']:.1f}x slower; "
          f"probe / cat: {probe['seconds'] / cat:.1f}x")
    print(f"ratio Python csv (rows only) / probe (full analysis): {py_seconds / probe['seconds']:.2f}x")
    print(f"ratio GB18030 probe / UTF-8 probe: {gb_probe['seconds'] / probe['seconds']:.2f}x")
    print(f"probe throughput: {speed:.0f} MB/s UTF-8, {gb_mb / gb_probe['seconds']:.0f} MB/s GB18030; "
          f"per CPU second {mb / probe['cpu_seconds']:.0f} and {gb_mb / gb_probe['cpu_seconds']:.0f} MB/s "
          f"(wall time counts waiting for a busy machine's cores)")
    print(f"GOAL probe throughput, UTF-8, wall | {speed:.0f} MB/s | >= 200 MB/s | {'met' if speed >= 200 else 'NOT met'}")
    for name, rss in (("UTF-8", probe["maxrss_kib"]), ("GB18030", gb_probe["maxrss_kib"])):
        if rss >= LIMIT_KIB:
            print(f"FAIL: peak RSS {rss / 1024:.1f} MiB ({name}) is not under 64 MiB")
            bad = 1
    return bad


if __name__ == "__main__":
    sys.exit(main())
