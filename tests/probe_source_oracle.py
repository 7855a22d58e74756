#!/usr/bin/env python3
"""Differential test of the probe's CSV source against Python's csv module.

Random CSV files -- quoted and unquoted fields, doubled quotes, quotes inside
unquoted fields, text after a closing quote, CR / LF / CRLF inside and between
records, the four delimiters, CJK and 4-byte characters, fields long enough to
cross the 256 KiB read buffer and some past the 1 MiB field limit, ragged rows
-- written in UTF-8 (with and without BOM), GB18030, UTF-16LE/BE (with and
without BOM), read by tests/probe_source_driver from a file and from memory,
and compared with csv.reader over the same text: every field, its full size in
bytes and characters, truncation at a character boundary, record numbers, the
ragged-row count and the progress counters.
Run by `make check` (SPDX-License-Identifier: MIT)."""
import csv
import io
import json
import os
import random
import subprocess
import sys
import tempfile
from collections import Counter

SEED = int(os.environ.get("DS_ORACLE_SEED", "20261123"))
COUNT = int(os.environ.get("DS_PROBE_SOURCE_CASES", "80"))
MAX_FIELD = 1 << 20

STATS = Counter()
BUILD = os.environ.get("top_builddir", ".")
DRIVER = os.path.join(BUILD, "tests", "probe_source_driver")

ALPHABET = (
    list("abcdefghijklmnopqrstuvwxyz0123456789 .-_:/")
    + list("中文数据资产登记统一社会信用代码居民身份证")
    + ["é", "ß", "ʤ", "€", "😀", "𠀀"]
)
SPECIAL = [",", ";", "|", "\t", "\n", "\r", "\r\n", '"']
ENCODINGS = [
    # (Python codec, BOM bytes, driver --encoding or None for detection)
    ("utf-8", b"", None),
    ("utf-8", b"\xef\xbb\xbf", None),
    ("utf-8", b"", "utf-8"),
    ("gb18030", b"", "gb18030"),
    ("utf-16-le", b"\xff\xfe", None),
    ("utf-16-be", b"\xfe\xff", None),
    ("utf-16-le", b"", "utf-16le"),
    ("utf-16-be", b"", "utf-16be"),
]


def random_text(rng, n, specials):
    if n > 5000:  # long fields: a random piece repeated, mutated at random places
        piece = random_text(rng, 4096, specials)
        out = list((piece * (n // 4096 + 1))[:n])
        for _ in range(64):
            out[rng.randrange(n)] = rng.choice(ALPHABET)
        return "".join(out)
    out = []
    for _ in range(n):
        if specials and rng.random() < 0.12:
            out.append(rng.choice(SPECIAL))
        else:
            out.append(rng.choice(ALPHABET))
    return "".join(out)


def random_field(rng, delim, size_class):
    """The raw text of one field as written in the file."""
    if size_class == "huge":
        n = rng.choice([300_000, 700_000, MAX_FIELD // 3 + 5, 400_000])
    elif size_class == "big":
        n = rng.randint(1000, 40_000)
    else:
        n = rng.choice([0, 0, 1, 2, 3, 5, 8, 13, 30])
    kind = rng.random()
    if kind < 0.45 or n == 0 and kind < 0.6:
        # unquoted: nothing that ends the field; a quote only past the start
        text = "".join(c for c in random_text(rng, n, False) if c not in (delim,))
        if n > 2 and rng.random() < 0.05:
            pos = rng.randint(1, len(text))
            text = text[:pos] + '"' + text[pos:]
        return text
    value = random_text(rng, n, True)
    text = '"' + value.replace('"', '""') + '"'
    if rng.random() < 0.03:
        text += "x" + random_text(rng, 2, False).replace(delim, "")  # text after the closing quote
    return text


def random_csv(rng):
    delim = rng.choice([",", ",", "\t", ";", "|"])
    terminator = rng.choice(["\n", "\r\n", "\r"])
    ncols = rng.randint(1, 8)
    nrows = rng.randint(0, 400)
    big = rng.random() < 0.25
    rows = []
    for r in range(nrows):
        cols = ncols if rng.random() > 0.05 else rng.randint(1, ncols + 2)
        fields = []
        for _ in range(cols):
            size = "small"
            if big and rng.random() < 0.01:
                size = "huge"
            elif rng.random() < 0.02:
                size = "big"
            fields.append(random_field(rng, delim, size))
        line = delim.join(fields)
        if rng.random() < 0.02:
            rows.append("")  # an empty line
        rows.append(line)
    text = terminator.join(rows)
    if rows and rng.random() < 0.7:
        text += terminator
    return text, delim


def python_records(text, delim):
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delim)
    return [row for row in reader if row != []]


def run_driver(path, args):
    proc = subprocess.run([DRIVER] + args + [path], capture_output=True)
    if proc.returncode != 0:
        return None, proc.stderr.decode("utf-8", "replace")
    return json.loads(proc.stdout.decode("utf-8")), None


def check_case(index, rng, tmpdir):
    text, delim = random_csv(rng)
    codec, bom, given = rng.choice(ENCODINGS)
    try:
        data = bom + text.encode(codec)
    except UnicodeEncodeError:
        return []
    expected = python_records(text, delim)
    path = os.path.join(tmpdir, f"case{index}.csv")
    with open(path, "wb") as f:
        f.write(data)
    args = ["--no-header"]
    if rng.random() < 0.5 or not expected:
        args += ["--delimiter", "tab" if delim == "\t" else delim]
    if given:
        args += ["--encoding", given]
    if rng.random() < 0.3:
        args.append("--memory")
    where = f"case {index} ({codec}{' BOM' if bom else ''}, delimiter {delim!r}, {len(data)} bytes, {' '.join(args)})"
    got, err = run_driver(path, args)
    errors = []
    if not data or not expected:
        STATS["empty"] += 1
        if got is not None and expected:
            errors.append(f"{where}: opened, expected failure")
        if got is None and "empty file" not in err:
            errors.append(f"{where}: {err.strip()}")
        return errors
    if got is None:
        return [f"{where}: driver failed: {err.strip()}"]
    if got["delimiter"] != delim:
        # detection is heuristic: only check the records when it guessed right
        if "--delimiter" in args:
            errors.append(f"{where}: delimiter {got['delimiter']!r}")
        STATS["misdetected delimiter"] += 1
        return errors
    STATS["compared"] += 1
    STATS["records"] += len(expected)
    STATS["cut fields"] += sum(1 for row in expected for v in row if len(v.encode("utf-8")) >= MAX_FIELD)
    STATS[codec + (" BOM" if bom else "")] += 1
    want_encoding = {"utf-8": "UTF-8", "gb18030": "GB18030", "utf-16-le": "UTF-16LE", "utf-16-be": "UTF-16BE"}[codec]
    if got["encoding"] != want_encoding:
        errors.append(f"{where}: encoding {got['encoding']}, expected {want_encoding}")
        return errors
    if got["bom"] != (1 if bom else 0):
        errors.append(f"{where}: bom {got['bom']}")
    records = got["records"]
    if len(records) != len(expected):
        errors.append(f"{where}: {len(records)} records, Python {len(expected)}")
    ragged = 0
    for i, (rec, row) in enumerate(zip(records, expected)):
        if rec["number"] != i + 1:
            errors.append(f"{where}: record {i + 1} numbered {rec['number']}")
        if len(row) != len(expected[0]):
            ragged += 1
        if len(rec["fields"]) != len(row):
            errors.append(f"{where}: record {i + 1}: {len(rec['fields'])} fields, Python {len(row)}")
            break
        for j, (field, want) in enumerate(zip(rec["fields"], row)):
            raw = want.encode("utf-8")
            if rec["bytes"][j] != len(raw) or rec["chars"][j] != len(want):
                errors.append(
                    f"{where}: record {i + 1} field {j + 1}: size {rec['bytes'][j]}/{rec['chars'][j]}, "
                    f"expected {len(raw)}/{len(want)}"
                )
            if len(raw) < MAX_FIELD:
                if field != want or rec["truncated"][j]:
                    errors.append(f"{where}: record {i + 1} field {j + 1}: {field[:60]!r} != {want[:60]!r}")
            else:
                kept = field.encode("utf-8")
                if not rec["truncated"][j] or len(kept) >= MAX_FIELD or len(kept) < MAX_FIELD - 4:
                    errors.append(f"{where}: record {i + 1} field {j + 1}: cut at {len(kept)}")
                elif not want.startswith(field):
                    errors.append(f"{where}: record {i + 1} field {j + 1}: cut text differs")
        if len(errors) > 5:
            break
    if got["problems"]["ragged-row"] != ragged:
        errors.append(f"{where}: ragged rows {got['problems']['ragged-row']}, expected {ragged}")
    long_fields = sum(1 for row in expected for v in row if len(v.encode("utf-8")) >= MAX_FIELD)
    if got["problems"]["long-field"] != long_fields:
        errors.append(f"{where}: long fields {got['problems']['long-field']}, expected {long_fields}")
    for kind in ("invalid-bytes", "nul-byte", "unterminated-quote"):
        if got["problems"][kind]:
            errors.append(f"{where}: {got['problems'][kind]} {kind} problems in valid input")
    if got["bytes_done"] != len(data) or got["bytes_total"] != len(data):
        errors.append(f"{where}: progress {got['bytes_done']}/{got['bytes_total']}, size {len(data)}")
    return errors


def main():
    if not os.path.exists(DRIVER):
        print(f"probe_source_oracle: {DRIVER} not built", file=sys.stderr)
        return 1
    csv.field_size_limit(sys.maxsize)
    rng = random.Random(SEED)
    failures = []
    with tempfile.TemporaryDirectory() as tmpdir:
        for i in range(COUNT):
            failures += check_case(i, rng, tmpdir)
            if len(failures) > 20:
                break
    for f in failures:
        print("FAIL", f)
    print("probe_source_oracle:", ", ".join(f"{k} {v}" for k, v in sorted(STATS.items())))
    print(f"probe_source_oracle: {COUNT} cases (seed {SEED}), {len(failures)} failures")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
