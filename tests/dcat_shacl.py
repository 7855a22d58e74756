#!/usr/bin/env python3
"""The DCAT export against the official DCAT-AP SHACL shapes, checked by an
independent engine (npm rdf-validate-shacl, through tests/dcat_shacl.mjs).

Shapes (tests/fixtures/shacl/, from SEMICeu/DCAT-AP, README and LICENCE
beside them): DCAT-AP 3.0.1 and 2.1.1, each shapes.ttl + range.ttl (the
mandatory shapes and the class ranges), mdr-vocabularies.shape.ttl (values
from the EU controlled vocabularies, loaded with the data from
tests/fixtures/shacl/vocabularies/) and, for the bundled catalogue,
shapes_recommended.ttl (warnings only).

Data: the export (N-Triples) of examples/data/catalog-jinan.xml and of
catalogues generated from it: 1,000 entries, and with DS_SLOW_TESTS=1 (set by
scripts/test-all.sh in one build) 10,000 entries against DCAT-AP 3.0.1 (the
engine holds the whole graph: ~4 min and ~3.4 GiB per run at 633,000 triples).
Zero violations are required; warnings are printed.

The language table is not among the fixtures (see the vocabularies' README):
dct:language values under http://publications.europa.eu/resource/authority/language/
that fail the vocabulary shape only for that reason are printed as unchecked.

The node_modules folder comes from DS_SHACL_NODE (scripts/test-all.sh installs
rdf-validate-shacl there with npm). Without it, node or rapper, the test is
skipped (77), unless CI=true, where it fails. Run by `make check`
(SPDX-License-Identifier: MIT)."""
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time

SRC = os.environ.get("top_srcdir", ".")
BUILD = os.environ.get("top_builddir", ".")
CLI = os.path.join(BUILD, "datasset")
SHACL = os.path.join(SRC, "tests", "fixtures", "shacl")
LANGUAGE = "http://publications.europa.eu/resource/authority/language/"


def generate(path, n):
    """n entries cycling over the bundled catalogue's, each with its own
    identifier and metadata identifier."""
    with open(os.path.join(SRC, "examples", "data", "catalog-jinan.xml"), encoding="utf-8") as f:
        src = f.read()
    blocks = re.findall(r"  <resource>.*?</resource>\n", src, re.S)
    out = [src[: src.index("  <resource>")]]
    for i in range(n):
        b = blocks[i % len(blocks)]
        b = re.sub(r"(<identifier>[^<]*-)\d+(</identifier>)", lambda m: f"{m.group(1)}{i:05d}{m.group(2)}", b, 1)
        b = re.sub(r"<metadata-id>[^<]*</metadata-id>", f"<metadata-id>JN-MD-{i:08d}</metadata-id>", b, 1)
        out.append(b)
    out.append("</catalog>\n")
    with open(path, "w", encoding="utf-8") as f:
        f.write("".join(out))


def main():
    modules = os.environ.get("DS_SHACL_NODE")
    missing = [w for w, ok in (("DS_SHACL_NODE", modules), ("node", shutil.which("node")),
                               ("rapper", shutil.which("rapper"))) if not ok]
    if missing:
        msg = f"{', '.join(missing)} missing: rdf-validate-shacl not run (scripts/test-all.sh installs it)"
        if os.environ.get("CI") == "true":
            print("FAIL: " + msg)
            return 1
        print("SKIP: " + msg)
        return 77
    sizes = [1000] + ([10000] if os.environ.get("DS_SLOW_TESTS") == "1" else [])
    failures = 0
    with tempfile.TemporaryDirectory() as work:
        def nt(src, syntax):
            out = os.path.join(work, os.path.basename(os.path.dirname(src)) + "-" + os.path.basename(src) + ".nt")
            with open(out, "w", encoding="utf-8") as f:
                subprocess.run(["rapper", "-q", "-i", syntax, "-o", "ntriples", src], stdout=f, check=True)
            return out

        vocab = [nt(os.path.join(SHACL, "vocabularies", v), "rdfxml")
                 for v in ("frequency.rdf", "access-right.rdf", "file-type.rdf")]
        data = {}
        inputs = [("catalog-jinan.xml", os.path.join(SRC, "examples", "data", "catalog-jinan.xml"))]
        for n in sizes:
            inputs.append((f"generated {n} entries", os.path.join(work, f"generated-{n}.xml")))
            generate(inputs[-1][1], n)
        for name, xml in inputs:
            out = os.path.join(work, f"{len(data)}.nt")
            r = subprocess.run([CLI, "catalog", "export", xml, "--format", "ntriples", "--output", out],
                               capture_output=True, text=True)
            if r.returncode != 0:
                print(f"FAIL export of {name}: {r.stderr.strip()}")
                return 1
            data[name] = out
        for version in ("dcat-ap-3.0.1", "dcat-ap-2.1.1"):
            shapes = {s: nt(os.path.join(SHACL, version, s + ".ttl"), "turtle")
                      for s in ("shapes", "range", "shapes_recommended", "mdr-vocabularies.shape")}
            for name, path in data.items():
                if name == "generated 10000 entries" and version != "dcat-ap-3.0.1":
                    continue  # 2.1.1 on the 1,000-entry one only: each 10,000 run costs minutes and GiBs
                runs = [("shapes + range", [shapes["shapes"], shapes["range"]], [path]),
                        ("mdr-vocabularies", [shapes["mdr-vocabularies.shape"]], [path] + vocab)]
                if name == "catalog-jinan.xml":
                    runs.append(("recommended", [shapes["shapes_recommended"]], [path]))
                for what, shape_files, data_files in runs:
                    t = time.monotonic()
                    r = subprocess.run(["node", os.path.join(SRC, "tests", "dcat_shacl.mjs"), modules,
                                        "--unchecked", LANGUAGE, "--shapes"] + shape_files + ["--data"] + data_files,
                                       capture_output=True, text=True)
                    verdict = "ok" if r.returncode == 0 else "FAIL"
                    failures += r.returncode != 0
                    print(f"{verdict} {version} {what}, {name} ({time.monotonic() - t:.1f} s):")
                    for line in (r.stdout + r.stderr).strip().splitlines():
                        print("  " + line)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
