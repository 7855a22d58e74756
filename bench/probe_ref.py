#!/usr/bin/env python3
"""The probe's benchmark (SPDX-License-Identifier: MIT).

1. Against DuckDB, in the same run: `SUMMARIZE SELECT * FROM read_csv(FILE)`
   through npm @duckdb/node-api (bench/probe_duckdb.mjs) and ds_probe_file
   (bench_probe), each with 1 thread and with every core, on a narrow generated
   CSV (4 columns x 2,000,000 rows), a wide one (11 columns) of the same size and
   the big file (MIB, 256 by default; 1024 for the 1 GB file). Prints seconds and CPU seconds of
   both, the speed-up DuckDB time / probe time (above 1: the probe is faster) by
   wall and by CPU time, the peak RSS of both, and GOAL lines for bench/summary.py.
   Each cell is ROUNDS runs of each program (5 by default), the two alternating,
   probe first in even rounds and DuckDB first in odd ones, and compares their
   medians: this machine runs at two speeds in streaks of minutes
   (docs/performance.md, "Probe"), and one pair of runs can fall across a change.
   Each round also times a cache line's round trip between CPUs 0 and 1 (`bench_probe
   cores`, before and after its runs): on this host the slow streaks are the rounds in
   which it is 5 times longer (the two vCPUs placed far apart), and the bench prints, for
   information, the speed-up of the near rounds and of the far ones apart.
   DuckDB is looked for in $DS_DUCKDB_NODE, else _build/npm-duckdb/node_modules
   (where scripts/test-all.sh installs it); without it that part is skipped.
   The generated files are written back to the disk (sync) before the first timing, so
   that the kernel's write-back does not run during one program's measurement only.
2. On the big file, the floors and a comparable reader: `cat FILE > /dev/null`,
   a bare read(2) loop counting lines, Python's csv module counting rows; then the
   same file converted to GB18030.
Exits 1 when the row counts disagree or a probe's peak RSS reaches 64 MiB.
Usage: probe_ref.py BENCH_PROBE [MIB [ROUNDS]]"""
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


def median(values):
    v = sorted(values)
    n = len(v)
    return v[n // 2] if n % 2 else (v[n // 2 - 1] + v[n // 2]) / 2


FAR = 2.5  # a round trip this many times the bench's shortest: the host placed the cores far apart


def placement(placed, cores):
    """For information: where the host placed the two vCPUs in each round (a cache line's round
    trip between CPUs 0 and 1, `bench_probe cores`, before and after the round's two runs, the
    larger kept), and the slowest file's speed-up by medians of the near rounds and of the far
    ones apart. The GOAL lines above read every round."""
    trips = [t for _, _, _, ts in placed for t in ts if t > 0]
    if cores < 2 or not trips:
        return
    near = min(trips)
    far = [t > FAR * near for _, _, _, ts in placed for t in ts if t > 0]
    print(f"host: a cache line's round trip between the two cores {near:.0f}-{max(trips):.0f} ns; rounds with "
          f"the cores far apart (over {FAR:g}x the shortest): {sum(far)} of {len(far)}")
    for name, pick in (("near", lambda t: t <= FAR * near), ("far", lambda t: t > FAR * near)):
        worst = None
        for label, ps, ds, ts in placed:
            sel = [i for i, t in enumerate(ts) if pick(t)]
            if not sel or not ds:
                worst = None
                break
            ratio = median([ds[i]["seconds"] for i in sel]) / median([ps[i]["seconds"] for i in sel])
            worst = ratio if worst is None else min(worst, ratio)
        if worst is None:
            print(f"  {name} rounds: not every file had one")
        else:
            print(f"  {name} rounds only: slowest file {worst:.2f}x faster by medians (information, not the goal)")


def compare(exe, modules, files, cores, rounds):
    """Probe and SUMMARIZE on each file with 1 thread and every core, ROUNDS times each, the two
    programs' runs interleaved (probe first in even rounds, DuckDB first in odd ones) so that a
    slow minute of the machine falls on both; compares the medians. Returns whether a row count
    disagreed or the probe's peak RSS reached the limit."""
    print(f"\n== probe vs DuckDB SUMMARIZE SELECT * FROM read_csv(FILE) (@duckdb/node-api), {cores} cores; "
          f"{rounds} rounds per cell, the two programs alternating (probe first in even rounds); "
          f"load average at start {os.getloadavg()[0]:.1f}")
    print("speed-up = median DuckDB seconds / median probe seconds (above 1: the probe is faster); "
          "CPU = user + system seconds; 'range' = fastest-slowest run; 'fastest' = DuckDB's fastest run / "
          "the probe's fastest run (for information: the goal is read on the medians)")
    head = (f"{'file':34s} {'thr':>3s} {'probe s':>8s} {'range':>13s} {'CPU s':>7s} {'DuckDB s':>8s} {'range':>13s} "
            f"{'CPU s':>7s} {'speed-up':>8s} {'by CPU':>7s} {'fastest':>7s} {'probe RSS':>10s} {'DuckDB RSS':>10s}")
    print(head)
    bad, worst_wall, worst_cpu, peak = 0, None, None, 0
    placed = []  # every core's cells: (label, probe runs, DuckDB runs, the rounds' round trips)
    for label, path, rows in files:
        run(exe, "read", path)  # warm the page cache
        for threads in sorted({1, cores}):
            ps, ds, trips = [], [], []
            for r in range(rounds):
                trips.append(run(exe, "cores")["round_trip_ns"])
                if r % 2 == 0:
                    ps.append(run(exe, "probe", path, "-", str(threads)))
                if modules:
                    ds.append(duckdb(modules, path, threads))
                if r % 2 == 1:
                    ps.append(run(exe, "probe", path, "-", str(threads)))
                trips[-1] = max(trips[-1], run(exe, "cores")["round_trip_ns"])
            if threads == cores:
                placed.append((label, ps, ds, trips))
            for p in ps:
                peak = max(peak, p["maxrss_kib"])
                if int(p["rows"]) != rows:
                    print(f"MISMATCH: {label}: the probe read {int(p['rows'])} rows of {rows}")
                    bad = 1
            for d in ds:
                if int(d["rows"]) != rows:
                    print(f"MISMATCH: {label}: DuckDB read {int(d['rows'])} rows of {rows}")
                    bad = 1
            p_s, p_cpu = median([p["seconds"] for p in ps]), median([p["cpu_seconds"] for p in ps])
            p_range = f"{min(p['seconds'] for p in ps):.3f}-{max(p['seconds'] for p in ps):.3f}"
            p_rss = max(p["maxrss_kib"] for p in ps)
            if ds:
                d_s, d_cpu = median([d["seconds"] for d in ds]), median([d["cpu_seconds"] for d in ds])
                d_range = f"{min(d['seconds'] for d in ds):.3f}-{max(d['seconds'] for d in ds):.3f}"
                wall, cpu = d_s / p_s, d_cpu / p_cpu
                best = min(d["seconds"] for d in ds) / min(p["seconds"] for p in ps)
                if threads == cores:
                    worst_wall = wall if worst_wall is None else min(worst_wall, wall)
                    worst_cpu = cpu if worst_cpu is None else min(worst_cpu, cpu)
                print(f"{label:34s} {threads:3d} {p_s:8.3f} {p_range:>13s} {p_cpu:7.3f} {d_s:8.3f} {d_range:>13s} "
                      f"{d_cpu:7.3f} {wall:7.2f}x {cpu:6.2f}x {best:6.2f}x {p_rss / 1024:6.1f} MiB "
                      f"{max(d['maxrss_kib'] for d in ds) / 1024:6.1f} MiB")
            else:
                print(f"{label:34s} {threads:3d} {p_s:8.3f} {p_range:>13s} {p_cpu:7.3f} {'-':>8s} {'-':>13s} "
                      f"{'-':>7s} {'-':>8s} {'-':>7s} {'-':>7s} {p_rss / 1024:6.1f} MiB")
    if worst_wall is None:
        print("DuckDB comparison skipped: no node_modules with @duckdb/node-api (DS_DUCKDB_NODE, or "
              "npm install --prefix _build/npm-duckdb @duckdb/node-api@1.5.6-r.1)")
        print(f"GOAL probe vs DuckDB SUMMARIZE, {cores} threads | not measured (no DuckDB) | "
              f">= {GOAL_SPEEDUP:g}x faster | NOT met")
    else:
        print(f"GOAL probe vs DuckDB SUMMARIZE, {cores} threads, slowest file, median wall of {rounds} | "
              f"{worst_wall:.2f}x faster | >= {GOAL_SPEEDUP:g}x faster | {'met' if worst_wall >= GOAL_SPEEDUP else 'NOT met'}")
        print(f"GOAL probe vs DuckDB SUMMARIZE, {cores} threads, slowest file, median CPU time of {rounds} | "
              f"{worst_cpu:.2f}x less | >= {GOAL_SPEEDUP:g}x less | {'met' if worst_cpu >= GOAL_SPEEDUP else 'NOT met'}")
    placement(placed, cores)
    print(f"GOAL probe peak RSS (every file, every thread count, every round) | {peak / 1024:.1f} MiB | < 64 MiB | "
          f"{'met' if peak < LIMIT_KIB else 'NOT met'}")
    return bad or (peak >= LIMIT_KIB)


def main():
    exe = sys.argv[1]
    mib = int(sys.argv[2]) if len(sys.argv) > 2 and sys.argv[2] else 256
    rounds = int(sys.argv[3]) if len(sys.argv) > 3 and sys.argv[3] else 5
    if rounds < 1:
        sys.exit("probe_ref.py: ROUNDS must be 1 or more")
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
        bad = compare(exe, modules, files, cores, rounds)
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
