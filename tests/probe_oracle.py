#!/usr/bin/env python3
"""Differential test of `datasset probe` against Python's csv module: generate
CSV files (mixed columns, empty fields, quoted commas and quotes, CRLF, Chinese
text, leading zeros, a TSV), probe each with the CLI into a report, and compare
rows, nulls, non-empty values, exact distinct counts, min/max of numeric and
date columns (exactly, with decimal.Decimal) and the longest value in
characters with what Python computes. Stdlib only.
(SPDX-License-Identifier: MIT)"""
import csv
import datetime
import os
import random
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET
from decimal import Decimal

NS = "{urn:datasset:probe:1}"
top_builddir = os.environ.get("top_builddir", ".")
PROG = os.path.join(top_builddir, "datasset")

passed = failed = 0


def check(name, ok, detail=""):
    global passed, failed
    if ok:
        passed += 1
        print(f"ok - {name}")
    else:
        failed += 1
        print(f"FAIL - {name}\n    {detail}")


WORDS = ["张三", "李四", "王五", "住房公积金", "a,b", 'say "hi"', "x", "数据", "济南市", "O'Neil", "多行\n文本"]


def gen_rows(rng, n):
    base = datetime.date(2020, 1, 1)
    for i in range(n):
        yield [
            str(i + 1),                                                        # integer key
            "" if rng.random() < 0.1 else str(rng.randint(-5000, 5000)),      # integer with nulls
            "" if rng.random() < 0.05 else f"{rng.randint(-99999, 99999) / 100:.2f}" if rng.random() < 0.9
            else str(rng.randint(0, 9)),                                       # decimal
            (base + datetime.timedelta(days=rng.randint(0, 2000))).isoformat(),  # date
            rng.choice(WORDS) if rng.random() < 0.95 else "",                  # text
            f"{rng.randint(0, 99999):06d}",                                    # leading-zero codes
            rng.choice(["是", "否"]),                                           # boolean
        ]


HEADER = ["id", "数量", "金额", "日期", "名称", "邮编", "标志"]
NUMERIC = {"id", "数量", "金额"}
DATES = {"日期"}


def write(path, rows, delimiter=",", lineterminator="\r\n"):
    with open(path, "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, delimiter=delimiter, lineterminator=lineterminator)
        w.writerow(HEADER)
        w.writerows(rows)


def expected(path, delimiter):
    with open(path, encoding="utf-8", newline="") as f:
        r = csv.reader(f, delimiter=delimiter)
        header = next(r)
        rows = list(r)
    cols = {}
    for j, name in enumerate(header):
        values = [row[j] for row in rows]
        present = [v for v in values if v != ""]
        c = {"nulls": len(values) - len(present), "non-empty": len(present), "distinct": len(set(present)),
             "max-length": max((len(v) for v in present), default=0)}
        if name in NUMERIC and present:
            c["min"] = min(present, key=Decimal)
            c["max"] = max(present, key=Decimal)
        if name in DATES and present:
            c["min"], c["max"] = min(present), max(present)
        cols[name] = c
    return len(rows), cols


def probe(path, *args):
    out = os.path.join(os.path.dirname(path), "report.xml")
    r = subprocess.run([PROG, "probe", path, "--out", out, *args], capture_output=True, text=True)
    if r.returncode != 0:
        raise RuntimeError(r.stderr)
    return ET.parse(out).getroot()


def compare(label, path, delimiter, *args):
    rows, cols = expected(path, delimiter)
    root = probe(path, *args)
    got_rows = int(root.find(NS + "records").get("rows"))
    check(f"{label}: rows {rows}", got_rows == rows, f"probe {got_rows}")
    for col in root.find(NS + "columns"):
        name = col.get("name")
        want = cols[name]
        for key in ("nulls", "non-empty", "distinct", "max-length"):
            got = int(col.get(key))
            check(f"{label}: {name} {key} {want[key]}", got == want[key], f"probe {got}")
        check(f"{label}: {name} distinct is exact", col.get("distinct-exact") == "true")
        if "min" in want:
            same = (Decimal(col.get("min")) == Decimal(want["min"]) and Decimal(col.get("max")) == Decimal(want["max"])
                    if name in NUMERIC else col.get("min") == want["min"] and col.get("max") == want["max"])
            check(f"{label}: {name} min {want['min']} max {want['max']}", same,
                  f"probe min {col.get('min')} max {col.get('max')}")
        types = {"id": "integer", "数量": "integer", "金额": "decimal", "日期": "date", "邮编": "text",
                 "标志": "boolean", "名称": "text"}
        check(f"{label}: {name} type {types[name]}", col.get("type") == types[name], f"probe {col.get('type')}")


def main():
    with tempfile.TemporaryDirectory() as tmp:
        for seed in range(1, 5):
            rng = random.Random(seed)
            path = os.path.join(tmp, f"s{seed}.csv")
            write(path, list(gen_rows(rng, 500 * seed)), lineterminator="\r\n" if seed % 2 else "\n")
            compare(f"seed {seed}", path, ",")
        rng = random.Random(99)
        path = os.path.join(tmp, "t.tsv")
        write(path, list(gen_rows(rng, 300)), delimiter="\t")
        compare("tsv", path, "\t", "--delimiter", "tab")
    print(f"probe_oracle: {passed} passed, {failed} failed")
    return 0 if failed == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
