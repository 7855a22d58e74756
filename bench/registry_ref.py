#!/usr/bin/env python3
"""Run bench/bench_registry (registrations from application to REGISTERED with
their signed certificates, and its own C loop of raw prepared-statement inserts
of the same rows), time
Python's sqlite3 inserting the same rows in the same run, and print the
ratios. Usage: registry_ref.py BENCH [N]  (SPDX-License-Identifier: MIT).
With DS_BENCH_REGISTRY_LARGE=1 (make bench-registry-large: N = 10^6 unless
given) the program runs the batched path and the raw loop only, then verifies
the whole log and a sample of certificates and proofs; Python's loop is left
out there (it would add minutes and no ratio the goal names)."""
import os
import random
import sqlite3
import subprocess
import sys
import tempfile
import time

ENTRY = "<resource xmlns='urn:datasset:catalog:1'><identifier>B-1</identifier><title>基准</title></resource>"
EVENT = ('{"actor":"bench","at":"2025-03-03T02:00:00Z","date":"2025-03-03","event":"transition",'
         '"from":"accepted","reason":"bench","registration":1,"to":"review"}')


def python_rows(path, n, certificate_bytes):
    """The same rows as bench_registry's raw C loop (see its header comment)."""
    document, entry = "c" * certificate_bytes, "e" * (certificate_bytes * 2 // 3)
    node = "5a0b3c1d9e8f7a6b5c4d3e2f1a0b9c8d7e6f5a4b3c2d1e0f9a8b7c6d5e4f3a2b"
    db = sqlite3.connect(path, isolation_level=None)
    db.executescript("""PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;
        CREATE TABLE registrations (id INTEGER PRIMARY KEY, subject TEXT, kind INTEGER, right_ INTEGER,
          type INTEGER, changes INTEGER, state INTEGER, entry_id TEXT, entry_title TEXT, entry_xml TEXT, scope TEXT,
          term TEXT, restrictions TEXT, applied TEXT, updated TEXT, probe_xml TEXT, valuation_xml TEXT,
          publicity_start TEXT, publicity_end TEXT, registered TEXT, certificate TEXT UNIQUE, query_code TEXT UNIQUE);
        CREATE INDEX registrations_subject ON registrations (subject);
        CREATE INDEX registrations_state ON registrations (state);
        CREATE TABLE transitions (seq INTEGER PRIMARY KEY, registration INTEGER, from_state INTEGER,
          to_state INTEGER, actor TEXT, at TEXT, date TEXT, reason TEXT, evidence TEXT);
        CREATE INDEX transitions_registration ON transitions (registration);
        CREATE TABLE events (seq INTEGER PRIMARY KEY AUTOINCREMENT, type TEXT, registration INTEGER, at TEXT,
          body TEXT);
        CREATE TABLE log_nodes (level INTEGER NOT NULL, idx INTEGER NOT NULL, hash TEXT NOT NULL,
          PRIMARY KEY (level, idx)) WITHOUT ROWID;
        CREATE TABLE certificate_sequences (year INTEGER NOT NULL, kind INTEGER NOT NULL, last INTEGER NOT NULL,
          PRIMARY KEY (year, kind));
        CREATE TABLE certificates (registration INTEGER PRIMARY KEY, number TEXT NOT NULL UNIQUE,
          log_index INTEGER NOT NULL, xml TEXT NOT NULL);""")
    leaf = 0
    # Query codes random like the registry's (its alphabet and form; a seeded
    # generator, not the system's random source), as in the C loop.
    alphabet, rng = "0123456789ABCDEFGHJKLMNPQRTUWXY", random.Random(1)
    start = time.perf_counter()
    for i in range(1, n + 1):
        if i % 1000 == 1:
            db.execute("BEGIN IMMEDIATE")
        number = f"370100-2025-P-{i:08d}-X"
        code = "".join(rng.choice(alphabet) for _ in range(16))
        code = "-".join(code[k:k + 4] for k in range(0, 16, 4))
        db.execute("INSERT INTO registrations VALUES (?, '91350100M000100Y43', 1, 2, 0, NULL, 6, 'B-1', '基准', ?,"
                   " NULL, NULL, NULL, '2025-03-03', '2025-03-19T01:00:00Z', NULL, NULL, '2025-03-03', '2025-03-17',"
                   " '2025-03-19', ?, ?)", (i, ENTRY, number, code))
        for k in range(5):
            db.execute("INSERT INTO transitions (registration, from_state, to_state, actor, at, date, reason)"
                       " VALUES (?, ?, ?, 'bench', '2025-03-03T02:00:00Z', '2025-03-03', 'bench')", (i, k, k + 1))
        for k in range(8):
            db.execute("INSERT INTO events (type, registration, at, body) VALUES ('transition', ?,"
                       " '2025-03-03T02:00:00Z', ?)", (i, entry if k == 7 else EVENT))
            level, width = 0, 1
            while level == 0 or (leaf + 1) % width == 0:
                db.execute("INSERT OR REPLACE INTO log_nodes (level, idx, hash) VALUES (?, ?, ?)",
                           (level, leaf if level == 0 else (leaf + 1) // width - 1, node))
                level, width = level + 1, width * 2
            leaf += 1
        db.execute("INSERT INTO certificate_sequences (year, kind, last) VALUES (2025, 1, 1)"
                   " ON CONFLICT (year, kind) DO UPDATE SET last = last + 1")
        db.execute("INSERT INTO certificates VALUES (?, ?, ?, ?)", (i, number, leaf - 1, document))
        if i % 1000 == 0 or i == n:
            db.execute("COMMIT")
    elapsed = time.perf_counter() - start
    db.close()
    return n / elapsed


def main():
    exe = sys.argv[1]
    large = os.environ.get("DS_BENCH_REGISTRY_LARGE") == "1"
    n = int(sys.argv[2]) if len(sys.argv) > 2 else (1000000 if large else 100000)
    with tempfile.TemporaryDirectory(dir=os.environ.get("DS_BENCH_DIR")) as work:
        out = subprocess.run([exe, str(n), work], capture_output=True, text=True, check=True).stdout
        fields = dict(line.split(" ", 1) for line in out.splitlines())
        py = None if large else python_rows(os.path.join(work, "python.db"), n, int(fields["certificate_bytes"]))
    raw, batched = float(fields["raw_per_s"]), float(fields["batched_per_s"])
    raw_cpu, batched_cpu = float(fields["raw_cpu_per_s"]), float(fields["batched_cpu_per_s"])
    db, raw_db = int(fields["batched_db_bytes"]), int(fields["raw_db_bytes"])
    print(f"workload: {n} registrations, apply -> accepted -> review -> publicity -> registered"
          " (certificate number, query code, signed Ed25519 certificate logged and stored), WAL")
    print(f"libdatasset, 1,000 per transaction, synchronous=NORMAL  {batched:10.0f} registrations/s")
    if not large:
        bulk, normal, full = float(fields["bulk_per_s"]), float(fields["single_normal_per_s"]), \
            float(fields["single_full_per_s"])
        print(f"libdatasset, bulk batch of 1,000 (no savepoint per call) {bulk:10.0f} registrations/s")
        caller, caller_cpu = float(fields["bulk_caller_per_s"]), float(fields["bulk_caller_cpu_per_s"])
        print(f"libdatasset, bulk batch, signing on the calling thread  {caller:10.0f} registrations/s"
              "  (the runs above sign on a helper thread)")
        print(f"libdatasset, 1 per transaction, synchronous=NORMAL      {normal:10.0f} registrations/s"
              f"  (sample of {fields['single_sample']})")
        print(f"libdatasset, 1 per transaction, synchronous=FULL        {full:10.0f} registrations/s"
              f"  (sample of {fields['single_sample']})")
    runs = "one run, after the batched one" if large else \
        (f"mean of {float(fields['raw_first_per_s']):.0f} after the batched run and"
         f" {float(fields['raw_last_per_s']):.0f} after the bulk run")
    print(f"raw C prepared-statement inserts of the same rows       {raw:10.0f} registrations/s"
          f"  ({runs}; certificate document {fields['certificate_bytes']} bytes; nothing hashed or signed)")
    if py is not None:
        print(f"python sqlite3 inserts of the same rows                 {py:10.0f} registrations/s")
    print(f"database per registration: libdatasset {db / n:.0f} bytes ({db / 2**20:.0f} MiB),"
          f" raw inserts {raw_db / n:.0f} bytes ({raw_db / 2**20:.0f} MiB); ratio {db / raw_db:.2f}x")
    print(f"ratio raw C / libdatasset batched                       {raw / batched:6.2f}x  (goal: within 3x)")
    if not large:
        print(f"ratio raw C / libdatasset bulk batch                    {raw / bulk:6.2f}x  (goal: within 3x)")
        print(f"ratio raw C / libdatasset bulk, one thread              {raw / caller:6.2f}x")
        bulk_cpu = float(fields["bulk_cpu_per_s"])
        print(f"by CPU time (user + system, both threads; steadier on a shared machine): raw C {raw_cpu:.0f}/s,"
              f" batched {batched_cpu:.0f}/s, bulk {bulk_cpu:.0f}/s, bulk on one thread {caller_cpu:.0f}/s")
    else:
        print(f"by CPU time (user + system, both threads; steadier on a shared machine): raw C {raw_cpu:.0f}/s,"
              f" batched {batched_cpu:.0f}/s")
    print(f"ratio raw C / libdatasset batched, CPU time             {raw_cpu / batched_cpu:6.2f}x  (goal: within 3x)")
    if not large:
        print(f"ratio raw C / libdatasset bulk batch, CPU time          {raw_cpu / bulk_cpu:6.2f}x")
        print(f"ratio raw C / libdatasset bulk, one thread, CPU time    {raw_cpu / caller_cpu:6.2f}x")
        print(f"ratio libdatasset batched / python sqlite3              {batched / py:6.2f}x")
    else:
        print(f"log verify (every entry rehashed, every stored node compared): {float(fields['log_verify_s']):.1f} s;"
              f" {fields['proofs_checked']} certificates read back and verified, each with its inclusion proof"
              f" in the final tree: {float(fields['proofs_s']):.2f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
