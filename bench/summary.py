#!/usr/bin/env python3
"""The summary table `make bench` prints at the end: one row per goal, collected
from each bench's output (SPDX-License-Identifier: MIT).

Usage: summary.py LOG...  where each LOG is one bench target's output, named
TARGET.log, whose last line is "exit STATUS" (the Makefile writes it).

A bench states a goal either as a structured line
    GOAL <name> | <measured> | <goal> | <met or NOT met>
or, when it has no such line, in free text: any line that mentions a goal
("(goal: within 3x)") is shown as it is. A bench that failed, or stated no goal, says so.
Nothing here judges a figure: the benches do, and this only collects."""
import os
import re
import sys

FREE = re.compile(r"\bgoals?\b", re.IGNORECASE)


def rows_of(path):
    target = os.path.basename(path)[:-len(".log")] if path.endswith(".log") else os.path.basename(path)
    with open(path, encoding="utf-8", errors="replace") as f:
        lines = [line.rstrip("\n") for line in f]
    status = None
    if lines and lines[-1].startswith("exit "):
        status = lines.pop()[len("exit "):].strip()
    rows, free = [], []
    for line in lines:
        if line.startswith("GOAL "):
            parts = [p.strip() for p in line[len("GOAL "):].split("|")]
            if len(parts) == 4:
                rows.append((target, parts[0], parts[1], parts[2], parts[3]))
                continue
        if FREE.search(line):
            free.append((target, " ".join(line.split()), "", "", "(as printed)"))
    if not rows:  # a bench with structured goals says everything in them
        rows = free
    if status not in (None, "0"):
        rows.append((target, "the bench failed", "", "", f"FAILED (exit {status})"))
    elif not rows:
        rows.append((target, "(states no goal)", "", "", "ran"))
    return rows


def main(paths):
    rows = [row for path in paths for row in rows_of(path)]
    heads = ("bench", "measure", "measured", "goal", "status")
    widths = [max([len(heads[i])] + [len(r[i]) for r in rows if r[4] != "(as printed)" or i == 0]) for i in range(5)]
    widths[1] = min(widths[1], 60)
    print()
    print("== make bench: goals (CPU or wall time as each bench says; a loaded machine slows every figure)")
    print("  ".join(h.ljust(w) for h, w in zip(heads, widths)))
    for r in rows:
        if r[4] == "(as printed)":
            print(f"{r[0].ljust(widths[0])}  {r[1]}")
        else:
            print("  ".join(c.ljust(w) for c, w in zip(r, widths)).rstrip())
    failed = [r for r in rows if r[4].startswith("FAILED")]
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
