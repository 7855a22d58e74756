#!/usr/bin/env python3
"""DCAT written by others (tests/fixtures/dcat/*/: ckanext-dcat's examples, the
SEMIC DCAT-AP 3.0.1 examples, the W3C DCAT 3 specification's examples; each
folder has its README and LICENCE) through `datasset catalog import-dcat`
and back through `datasset catalog export --format ntriples`.

For every file:
  1. the number of entries import makes equals the expected count in
     tests/fixtures/dcat/expected.tsv, and so do the datasets, distributions,
     keywords, themes, publishers and contact points the re-export holds;
  2. the same counts are recomputed here from the source graph, read by
     rapper (raptor2-utils) as N-Triples and counted by this script's own
     rules below (not libdatasset's mapping): the table cannot drift from
     the files;
  3. every source triple is in the re-export (the import loses nothing), with
     blank nodes compared by a canonical label (a digest of what each node
     says, refined until stable) instead of their parser-local names.

Counting rules (the graph, not the syntax):
  datasets       distinct nodes typed dcat:Dataset; the import merges nodes
                 that share a dct:identifier, so entries = the number of groups
                 of dataset nodes connected by a shared identifier value;
  distributions  dcat:distribution triples from a dataset;
  keywords       dcat:keyword triples from a dataset;
  themes         dcat:theme triples from a dataset;
  publishers     dct:publisher triples from a dataset;
  contacts       dcat:contactPoint triples from a dataset.
  outside        triples outside what the import keeps (in_scope below):
                 ontology headers, catalogue descriptions, unrelated nodes.
The expected table was printed by these rules (DS_DCAT_EXPECTED=print) and
checked by hand against the files (a Turtle `a dcat:Dataset` / RDF/XML
`<dcat:Dataset>` per dataset); "refused LINE" marks a file that is not valid
RDF (an undeclared prefix, a '/' in a prefixed name): rapper and the import
must both refuse it, the import naming file and line. A file with no dataset
and no catalogue must be refused too. Every difference found is either fixed
or listed in KNOWN with its reason and exact symptoms.

Without rapper the test is skipped (77). Run by `make check`
(SPDX-License-Identifier: MIT)."""
import hashlib
import os
import re
import shutil
import subprocess
import sys
import tempfile

SRC = os.environ.get("top_srcdir", ".")
BUILD = os.environ.get("top_builddir", ".")
CLI = os.path.join(BUILD, "datasset")
FIXTURES = os.path.join(SRC, "tests", "fixtures", "dcat")

RDF_TYPE = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>"
DCAT = "http://www.w3.org/ns/dcat#"
DCT = "http://purl.org/dc/terms/"
DATASET = "<" + DCAT + "Dataset>"
COUNTED = {
    "distributions": "<" + DCAT + "distribution>",
    "keywords": "<" + DCAT + "keyword>",
    "themes": "<" + DCAT + "theme>",
    "publishers": "<" + DCT + "publisher>",
    "contacts": "<" + DCAT + "contactPoint>",
}
# Known defects (issue 21, open): file -> (why, the exact problems the test sees).
# The test fails when the problems change, fixed or not, so this table follows the code.
KNOWN = {
}
COLUMNS = ["entries", "datasets"] + list(COUNTED) + ["outside"]

# One N-Triples line: subject, predicate, object (IRI, blank node or literal).
TERM = r'(<[^>]*>|_:\S+|"(?:[^"\\]|\\.)*"(?:@[A-Za-z0-9-]+|\^\^<[^>]*>)?)'
UESC = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")
LINE = re.compile(r"^" + TERM + r"\s+" + TERM + r"\s+" + TERM + r"\s*\.\s*$")


def ntriples(text, what):
    out = []
    for n, line in enumerate(text.splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        m = LINE.match(line)
        if not m:
            raise SystemExit(f"{what}:{n}: not an N-Triples line: {line!r}")
        # \uXXXX / \UXXXXXXXX and raw UTF-8 are the same character (rapper
        # escapes, libdatasset writes UTF-8): compared decoded.
        out.append(tuple(UESC.sub(lambda e: chr(int(e.group(1) or e.group(2), 16)), t) for t in m.groups()))
    return out


def canonical(triples):
    """Blank nodes renamed by what they say: a digest of their outgoing and
    incoming edges, refined over the neighbours' digests until the partition
    is stable; returns the renaming. Isomorphic graphs get the same labels (for the tree-shaped blank
    nodes DCAT uses; a symmetric pattern would only make more nodes equal)."""
    blanks = {t for tr in triples for t in (tr[0], tr[2]) if t.startswith("_:")}
    label = {b: "" for b in blanks}

    def name(t):
        return "_:" + label[t] if t in label else t

    for _ in range(len(blanks) + 1):
        sig = {b: [] for b in blanks}
        for s, p, o in triples:
            if s in sig:
                sig[s].append("out " + p + " " + name(o))
            if o in sig:
                sig[o].append("in " + name(s) + " " + p)
        new = {b: hashlib.sha256("\n".join(sorted(v)).encode()).hexdigest()[:24] for b, v in sig.items()}
        stable = len(set(new.values())) == len(set(label.values())) and _ > 0
        label = new
        if stable:
            break
    return name


def counts(triples):
    datasets = sorted({s for s, p, o in triples if p == RDF_TYPE and o == DATASET})
    ids = {}
    for s, p, o in triples:
        if s in datasets and p == "<" + DCT + "identifier>":
            ids.setdefault(o, []).append(s)
    parent = {d: d for d in datasets}

    def find(d):
        while parent[d] != d:
            d = parent[d]
        return d

    for group in ids.values():
        for d in group[1:]:
            parent[find(d)] = find(group[0])
    c = {"entries": len({find(d) for d in datasets}), "datasets": len(datasets)}
    c["outside"] = len(set(triples) - in_scope(triples))
    ds = set(datasets)
    for key, pred in COUNTED.items():
        c[key] = sum(1 for s, p, o in triples if p == pred and s in ds)
    return c


def in_scope(triples):
    """The part of the graph the import keeps (docs/catalog.md): each
    dataset's triples, those of every node it reaches through blank nodes and
    IRIs that are not datasets, catalogues or concept schemes, and its
    catalogue records (foaf:primaryTopic) with what they reach."""
    typed = {}
    for s, p, o in triples:
        if p == RDF_TYPE:
            typed.setdefault(s, set()).add(o)
    stop = {"<" + DCAT + "Dataset>", "<" + DCAT + "Catalog>", "<http://www.w3.org/2004/02/skos/core#ConceptScheme>"}
    by_subject = {}
    for t in triples:
        by_subject.setdefault(t[0], []).append(t)
    datasets = [s for s, ts in typed.items() if DATASET in ts]
    todo = list(datasets)
    todo += [s for s, p, o in triples if p == "<http://xmlns.com/foaf/0.1/primaryTopic>" and o in datasets]
    seen = set(todo)
    keep = set()
    while todo:
        node = todo.pop()
        for t in by_subject.get(node, []):
            keep.add(t)
            o = t[2]
            if o in seen or o.startswith('"') or typed.get(o, set()) & stop:
                continue
            seen.add(o)
            todo.append(o)
    return keep


def lost_triples(source, scope, back, strict):
    """The triples of @scope missing from @back. Strict: blank nodes by
    canonical label (the graphs must agree on every blank node's whole
    description). Otherwise (export adds triples to blank nodes, e.g. a
    publisher's foaf:Agent type, which changes their label): ground triples
    exactly, triples with a blank node by their count per predicate."""
    if strict:
        name, back_name = canonical(source), canonical(back)
        return {tuple(map(name, t)) for t in scope} - {tuple(map(back_name, t)) for t in back}
    lost = {t for t in scope if not t[0].startswith("_:") and not t[2].startswith("_:")} - set(back)
    want, have = {}, {}
    for t in scope:
        if t[0].startswith("_:") or t[2].startswith("_:"):
            want[t[1]] = want.get(t[1], 0) + 1
    for t in back:
        if t[0].startswith("_:") or t[2].startswith("_:"):
            have[t[1]] = have.get(t[1], 0) + 1
    for p, n in want.items():
        if have.get(p, 0) < n:
            lost.add(("_:*", p, f"{n - have.get(p, 0)} of {n} with a blank node"))
    return lost


def literal_forms(triples):
    """(subject, predicate, lexical value) -> the set of forms (language tag or
    datatype) its literals take there."""
    forms = {}
    for s, p, o in triples:
        if o.startswith('"'):
            end = o.rindex('"')
            forms.setdefault((s, p, o[:end + 1]), set()).add(o[end + 1:])
    return forms


def twice_in_two_forms(source, back):
    """A literal the re-export writes twice for one subject and predicate in two
    forms (e.g. "2020-01-01" and "2020-01-01"^^xsd:date: the mapped field and the
    residual source triple), where no subject of the source has that value in
    two forms: export must write the source literal's form once."""
    in_source = {(p, v) for (s, p, v), f in literal_forms(source).items() if len(f) > 1}
    return sorted(f"literal exported twice: {p} {v} as {' and '.join(sorted(f or {''}))}"
                  for (s, p, v), f in literal_forms(back).items() if len(f) > 1 and (p, v) not in in_source)


def run(args, **kw):
    return subprocess.run(args, capture_output=True, text=True, **kw)


def read_expected():
    table = {}
    with open(os.path.join(FIXTURES, "expected.tsv"), encoding="utf-8") as f:
        head = f.readline().split()
        if head != ["file"] + COLUMNS:
            raise SystemExit(f"expected.tsv: header {head} is not {['file'] + COLUMNS}")
        for line in f:
            if line.strip():
                cells = line.split()
                if cells[1] == "refused":
                    table[cells[0]] = {"refused": int(cells[2])}
                else:
                    table[cells[0]] = dict(zip(COLUMNS, map(int, cells[1:])))
    return table


def main():
    if not shutil.which("rapper"):
        print("SKIP: rapper (raptor2-utils) not installed")
        return 77
    regen = os.environ.get("DS_DCAT_EXPECTED") == "print"
    expected = {} if regen else read_expected()
    files = sorted(
        os.path.join(d, f)
        for d in os.listdir(FIXTURES)
        if os.path.isdir(os.path.join(FIXTURES, d))
        for f in os.listdir(os.path.join(FIXTURES, d))
        if f.endswith((".rdf", ".ttl"))
    )
    failures = 0
    total = {k: 0 for k in COLUMNS}
    if regen:
        print("file\t" + "\t".join(COLUMNS))
    seen = set()
    with tempfile.TemporaryDirectory() as work:
        for rel in files:
            seen.add(rel)
            path = os.path.join(FIXTURES, rel)
            syntax = "rdfxml" if rel.endswith(".rdf") else "turtle"
            r = run(["rapper", "-q", "-i", syntax, "-o", "ntriples", path, "http://example.invalid/base"])
            refused = expected.get(rel, {}).get("refused")
            if refused is not None or r.returncode != 0:
                # Not RDF: the import must refuse it too, naming file and line.
                imp = run([CLI, "catalog", "import-dcat", path])
                where = f"{path}:{refused}: "
                if r.returncode == 0 or imp.returncode != 1 or where not in imp.stderr or imp.stdout:
                    print(f"FAIL {rel}: expected refused at line {refused} by rapper and import;"
                          f" rapper exit {r.returncode}, import exit {imp.returncode}: {imp.stderr.strip()}")
                    failures += 1
                else:
                    print(f"ok {rel}: not RDF, refused: {imp.stderr.strip()}")
                continue
            source = ntriples(r.stdout, rel + " (rapper)")
            want = counts(source)
            if regen:
                print(rel + "\t" + "\t".join(str(want[k]) for k in COLUMNS))
                continue
            native = os.path.join(work, "native.xml")
            r = run([CLI, "catalog", "import-dcat", path])
            if want["datasets"] == 0 and not any(p == RDF_TYPE and o == "<" + DCAT + "Catalog>" for s, p, o in source):
                # Nothing to import: refused, naming the file.
                if r.returncode == 1 and f"{path}: no dcat:Dataset or dcat:Catalog" in r.stderr:
                    print(f"ok {rel}: no dataset nor catalogue, refused: {r.stderr.strip()}")
                else:
                    print(f"FAIL {rel}: no dataset nor catalogue, expected a refusal: exit {r.returncode} {r.stderr.strip()}")
                    failures += 1
                continue
            if r.returncode != 0:
                print(f"FAIL {rel}: import-dcat exit {r.returncode}: {r.stderr.strip()}")
                failures += 1
                continue
            with open(native, "w", encoding="utf-8") as f:
                f.write(r.stdout)
            entries = len(re.findall(r"<resource[ >]", r.stdout))
            r = run([CLI, "catalog", "export", native, "--format", "ntriples"])
            if r.returncode != 0:
                print(f"FAIL {rel}: export exit {r.returncode}: {r.stderr.strip()}")
                failures += 1
                continue
            back = ntriples(r.stdout, rel + " (re-export)")
            got = counts(back)
            got["entries"] = entries
            table = expected.get(rel)
            problems = []
            if table is None:
                problems.append("no line in expected.tsv")
            else:
                for k in COLUMNS:
                    if want[k] != table[k]:
                        problems.append(f"{k}: the source has {want[k]}, expected.tsv says {table[k]}")
                    if k != "outside" and got[k] != table[k]:
                        problems.append(f"{k}: import/re-export has {got[k]}, expected {table[k]}")
            # Outside the import's scope nothing is promised (the "outside"
            # column counts it), except for the file the issue names.
            scope = set(source) if rel == "ckanext-dcat/dataset.rdf" else in_scope(source)
            lost = lost_triples(source, scope, back, strict=rel == "ckanext-dcat/dataset.rdf")
            if lost:
                problems.append(f"{len(lost)} of {len(source)} triples lost")
            problems += twice_in_two_forms(source, back)
            for k in COLUMNS:
                total[k] += want[k]
            known = KNOWN.get(rel, (None, []))
            if problems != known[1]:
                failures += 1
                print(f"FAIL {rel}:" + (f" (known: {known[1]})" if known[0] else ""))
                for p in problems:
                    print("  " + p)
                for t in sorted(lost)[:5]:
                    print("  lost: " + " ".join(t))
            elif problems:
                print(f"known {rel}: {'; '.join(problems)} ({known[0]})")
            else:
                print(f"ok {rel}: " + ", ".join(f"{k} {want[k]}" for k in COLUMNS) + f"; {len(source)} triples kept")
    if regen:
        return 0
    for rel in sorted(set(expected) - seen):
        print(f"FAIL {rel}: in expected.tsv but not among the fixtures")
        failures += 1
    print(f"{len(files)} files: " + ", ".join(f"{k} {v}" for k, v in total.items()) + f"; {failures} failed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
