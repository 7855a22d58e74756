#!/usr/bin/python3
"""The probe's conformance corpus (issue 20): CSV/TSV files from other
projects' test suites (tests/fixtures/probe-corpus/*, with their licences;
README.md there), each probed with `datasset probe --format xml` and its
reading -- encoding, delimiter, header, columns, rows, warning kinds, or the
refusal -- compared with expected.tsv. expected.tsv's readings are DuckDB's
sniffer's (duckdb.tsv, written by probe_corpus_duckdb.mjs from npm
@duckdb/node-api) where the probe agrees; every line where it does not names
a documented reason (README.md "Differences"). The test fails when:
- the probe's reading of a file differs from expected.tsv (a change of
  behaviour: look, then update expected.tsv with --write and say why);
- a line marked '=' differs from DuckDB's reading in duckdb.tsv;
- a difference is not one of the documented reasons, is documented as open
  (not resolved), or one documented as warned comes without a warning;
- with DS_DUCKDB_NODE set (a node_modules with @duckdb/node-api), DuckDB's
  reading today differs from duckdb.tsv.
Usage: probe_corpus.py [--write]   (top_srcdir and top_builddir from the environment)
SPDX-License-Identifier: MIT
"""
import os
import re
import subprocess
import sys
import xml.etree.ElementTree as ET

top = os.environ.get("top_srcdir", ".")
build = os.environ.get("top_builddir", ".")
corpus = os.path.join(top, "tests", "fixtures", "probe-corpus")
datasset = os.path.join(build, "datasset")
NS = "{urn:datasset:probe:1}"
FIELDS = ["file", "encoding", "delimiter", "header", "columns", "rows", "warnings", "note"]


def reasons():
    """The documented reasons: '- `code` (warned|refused|deliberate): ...' in README.md."""
    out = {}
    with open(os.path.join(corpus, "README.md"), encoding="utf-8") as f:
        for m in re.finditer(r"^- `([a-z0-9-]+)` \((warned|refused|deliberate|open)\)", f.read(), re.M):
            out[m.group(1)] = m.group(2)
    return out


def delim_name(d):
    return {"\t": "TAB", " ": "SPACE"}.get(d, d)


def probe(rel):
    path = os.path.join(corpus, rel)
    r = subprocess.run([datasset, "probe", path, "--format", "xml"], capture_output=True)
    if r.returncode != 0:
        msg = r.stderr.decode("utf-8", "replace").strip().splitlines()[0]
        kind = "binary" if "not CSV text" in msg else "empty" if "empty file" in msg else "error"
        return {"file": rel, "encoding": "-", "delimiter": "-", "header": "-", "columns": "-",
                "rows": "-", "warnings": kind, "note": ""}
    root = ET.fromstring(r.stdout)
    src = root.find(NS + "source")
    det = root.find(NS + "detection")
    warns = sorted({w.get("kind") for w in det.findall(NS + "warning")}) if det is not None else []
    return {"file": rel, "encoding": src.get("encoding"), "delimiter": delim_name(src.get("delimiter", "")),
            "header": src.get("header"), "columns": str(len(root.find(NS + "columns"))),
            "rows": root.find(NS + "records").get("rows"), "warnings": ",".join(warns) or "-", "note": ""}


def read_tsv(name, fields):
    rows = {}
    with open(os.path.join(corpus, name), encoding="utf-8") as f:
        for line in f:
            if line.startswith("#") or not line.strip():
                continue
            parts = line.rstrip("\n").split("\t")
            rows[parts[0]] = dict(zip(fields, parts))
    return rows


def main():
    files = sorted(os.path.relpath(os.path.join(d, f), corpus)
                   for d, _, fs in os.walk(corpus) for f in fs
                   if not re.match(r"(LICENSE|COPYING|UNLICENSE|README|SOURCES|expected|duckdb)", f))
    got = {f: probe(f) for f in files}
    if "--write" in sys.argv:
        old = read_tsv("expected.tsv", FIELDS) if os.path.exists(os.path.join(corpus, "expected.tsv")) else {}
        duck = read_tsv("duckdb.tsv", ["file", "status", "delimiter", "header", "columns", "rows"])
        with open(os.path.join(corpus, "expected.tsv"), "w", encoding="utf-8") as f:
            f.write("# " + "\t".join(FIELDS) + "\n")
            for rel in files:
                g = got[rel]
                d = duck.get(rel, {})
                same = (d.get("status") == "ok" and g["header"] == d["header"] and g["columns"] == d["columns"]
                        and g["rows"] == d["rows"]
                        and (g["delimiter"] == d["delimiter"] or g["columns"] == "1"))
                g["note"] = "=" if same else old.get(rel, {}).get("note", "?")
                if g["note"] == "=" and not same:
                    g["note"] = "?"
                f.write("\t".join(g[k] for k in FIELDS) + "\n")
        return 0
    expected = read_tsv("expected.tsv", FIELDS)
    duck = read_tsv("duckdb.tsv", ["file", "status", "delimiter", "header", "columns", "rows"])
    why = reasons()
    failed = 0
    for rel in files:
        g, e, d = got[rel], expected.get(rel), duck.get(rel, {})
        problems = []
        if e is None:
            problems.append("not in expected.tsv")
        else:
            for k in FIELDS[1:-1]:
                if g[k] != e[k]:
                    problems.append(f"{k} {g[k]!r}, expected {e[k]!r}")
            note = e["note"]
            if note == "=":
                if d.get("status") != "ok":
                    problems.append("marked '=' but DuckDB refused it")
                else:
                    for k in ("header", "columns", "rows"):
                        if e[k] != d[k]:
                            problems.append(f"marked '=' but DuckDB reads {k} {d[k]}")
                    if e["columns"] != "1" and e["delimiter"] != d["delimiter"]:
                        problems.append(f"marked '=' but DuckDB's delimiter is {d['delimiter']}")
            else:
                codes = note.split(",")
                for c in codes:
                    if c not in why:
                        problems.append(f"difference '{c}' is not documented in README.md")
                if any(why.get(c) == "open" for c in codes):
                    problems.append("an open difference: fix it or document it as a deliberate or warned choice")
                if any(why.get(c) == "warned" for c in codes) and e["warnings"] in ("-", "binary", "empty", "error"):
                    problems.append("a difference documented as warned has no warning")
                if any(why.get(c) == "refused" for c in codes) and e["warnings"] not in ("binary", "empty"):
                    problems.append("a difference documented as refused is read")
        if problems:
            failed += 1
            print(f"FAIL {rel}: " + "; ".join(problems))
    node = os.environ.get("DS_DUCKDB_NODE")
    if node:
        r = subprocess.run(["node", os.path.join(top, "tests", "probe_corpus_duckdb.mjs"), node] +
                           [os.path.join(corpus, f) for f in files], capture_output=True, text=True, check=True)
        for line in r.stdout.splitlines():
            parts = line.split("\t")
            rel = os.path.relpath(parts[0], corpus)
            kept = duck.get(rel)
            now = dict(zip(["file", "status", "delimiter", "header", "columns", "rows"], [rel] + parts[1:]))
            if kept is None or (kept["status"] == "ok") != (now["status"] == "ok") or (
                    now["status"] == "ok" and any(kept[k] != now[k] for k in ("delimiter", "header", "columns", "rows"))):
                failed += 1
                print(f"FAIL {rel}: DuckDB now reads {now}, duckdb.tsv has {kept}")
    same = sum(1 for e in expected.values() if e["note"] == "=")
    print(f"probe_corpus: {len(files)} files, {same} read as DuckDB reads them, "
          f"{len(files) - same} documented differences, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
