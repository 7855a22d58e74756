#!/usr/bin/env python3
"""Run bench/bench_registry (registrations from application to REGISTERED,
and its own C loop of raw prepared-statement inserts of the same rows), time
Python's sqlite3 inserting the same rows in the same run, and print the
ratios. Usage: registry_ref.py BENCH [N]  (SPDX-License-Identifier: MIT)."""
import os
import sqlite3
import subprocess
import sys
import tempfile
import time

ENTRY = "<resource xmlns='urn:datasset:catalog:1'><identifier>B-1</identifier><title>基准</title></resource>"
EVENT = ('{"actor":"bench","at":"2025-03-03T02:00:00Z","date":"2025-03-03","event":"transition",'
         '"from":"accepted","reason":"bench","to":"review"}')


def python_rows(path, n):
    db = sqlite3.connect(path, isolation_level=None)
    db.executescript("""PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;
        CREATE TABLE registrations (id INTEGER PRIMARY KEY, subject TEXT, kind INTEGER, right_ INTEGER,
          type INTEGER, state INTEGER, entry_id TEXT, entry_title TEXT, entry_xml TEXT, applied TEXT,
          updated TEXT, publicity_start TEXT, publicity_end TEXT, registered TEXT, certificate TEXT UNIQUE,
          query_code TEXT UNIQUE);
        CREATE TABLE transitions (seq INTEGER PRIMARY KEY, registration INTEGER, from_state INTEGER,
          to_state INTEGER, actor TEXT, at TEXT, date TEXT, reason TEXT, evidence TEXT);
        CREATE INDEX transitions_registration ON transitions (registration);
        CREATE TABLE events (seq INTEGER PRIMARY KEY AUTOINCREMENT, type TEXT, registration INTEGER, at TEXT,
          body TEXT);""")
    start = time.perf_counter()
    for i in range(1, n + 1):
        if i % 1000 == 1:
            db.execute("BEGIN IMMEDIATE")
        number = f"370100-2025-P-{i:08d}-X"
        db.execute("INSERT INTO registrations VALUES (?, '91350100M000100Y43', 1, 2, 0, 6, 'B-1', '基准', ?,"
                   " '2025-03-03', '2025-03-19T01:00:00Z', '2025-03-03', '2025-03-17', '2025-03-19', ?, ?)",
                   (i, ENTRY, number, number[7:]))
        for k in range(5):
            db.execute("INSERT INTO transitions (registration, from_state, to_state, actor, at, date, reason)"
                       " VALUES (?, ?, ?, 'bench', '2025-03-03T02:00:00Z', '2025-03-03', 'bench')", (i, k, k + 1))
        for _ in range(7):
            db.execute("INSERT INTO events (type, registration, at, body) VALUES ('transition', ?,"
                       " '2025-03-03T02:00:00Z', ?)", (i, EVENT))
        if i % 1000 == 0 or i == n:
            db.execute("COMMIT")
    elapsed = time.perf_counter() - start
    db.close()
    return n / elapsed


def main():
    exe = sys.argv[1]
    n = int(sys.argv[2]) if len(sys.argv) > 2 else 100000
    with tempfile.TemporaryDirectory() as work:
        out = subprocess.run([exe, str(n), work], capture_output=True, text=True, check=True).stdout
        fields = dict(line.split(" ", 1) for line in out.splitlines())
        py = python_rows(os.path.join(work, "python.db"), n)
    raw, batched = float(fields["raw_per_s"]), float(fields["batched_per_s"])
    normal, full = float(fields["single_normal_per_s"]), float(fields["single_full_per_s"])
    print(f"workload: {n} registrations, apply -> accepted -> review -> publicity -> registered"
          " (certificate number + query code), WAL")
    print(f"libdatasset, 1,000 per transaction, synchronous=NORMAL  {batched:10.0f} registrations/s")
    print(f"libdatasset, 1 per transaction, synchronous=NORMAL      {normal:10.0f} registrations/s"
          f"  (sample of {fields['single_sample']})")
    print(f"libdatasset, 1 per transaction, synchronous=FULL        {full:10.0f} registrations/s"
          f"  (sample of {fields['single_sample']})")
    print(f"raw C prepared-statement inserts of the same rows       {raw:10.0f} registrations/s")
    print(f"python sqlite3 inserts of the same rows                 {py:10.0f} registrations/s")
    print(f"ratio raw C / libdatasset batched                       {raw / batched:6.2f}x  (goal: within 3x)")
    print(f"ratio libdatasset batched / python sqlite3              {batched / py:6.2f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
