#!/usr/bin/env python3
"""The user guide stays true to itself (issue 22): every relative link in README.md and
docs/**/*.md names a file of the source tree (and, with #anchor, a heading of that page);
no page sends the reader outside the repository (../shared); every module page has the
guide's sections; docs/README.md links every page of docs/. SPDX-License-Identifier: MIT"""
import os
import re
import sys
import unicodedata

top = os.environ.get("top_srcdir", ".")
pages = [os.path.join(top, "README.md")]
for root, _dirs, files in os.walk(os.path.join(top, "docs")):
    pages += [os.path.join(root, f) for f in sorted(files) if f.endswith(".md")]

MODULES = ["decimal", "probe", "catalog", "compliance", "registry", "certificate", "translog",
           "valuation", "ledger", "settlement", "policy"]
SECTIONS = ["## Concepts", "## A complete example", "## Errors"]
failed = passed = 0


def report(name, ok, detail=""):
    global failed, passed
    if ok:
        passed += 1
        print("ok - " + name)
    else:
        failed += 1
        print("FAIL - " + name + (": " + detail if detail else ""))


def anchors(path):
    """GitHub's anchors for the headings of a Markdown page."""
    out = set()
    in_code = False
    for line in open(path, encoding="utf-8"):
        if line.startswith("```"):
            in_code = not in_code
        if in_code or not line.startswith("#"):
            continue
        text = line.lstrip("#").strip().lower()
        text = "".join(c for c in text if c in " -_" or unicodedata.category(c)[0] in "LN")
        out.add(text.replace(" ", "-"))
    return out


LINK = re.compile(r"\]\(([^)\s]+)\)")
for page in pages:
    rel = os.path.relpath(page, top)
    text = open(page, encoding="utf-8").read()
    report(rel + " does not point outside the repository", "../shared" not in text)
    bad = []
    for target in LINK.findall(text):
        if re.match(r"[a-z]+:", target):
            continue
        path, _, anchor = target.partition("#")
        full = os.path.normpath(os.path.join(os.path.dirname(page), path)) if path else page
        if not os.path.exists(full):
            bad.append(target + " (no such file)")
        elif anchor and full.endswith(".md") and anchor not in anchors(full):
            bad.append(target + " (no such heading)")
    report(rel + ": every relative link resolves", not bad, ", ".join(bad))

for module in MODULES:
    page = os.path.join(top, "docs", module + ".md")
    text = open(page, encoding="utf-8").read()
    missing = [s for s in SECTIONS if not re.search("^" + re.escape(s) + r"\b", text, re.M)]
    report("docs/%s.md has the guide's sections" % module, not missing, "missing " + ", ".join(missing))

index = open(os.path.join(top, "docs", "README.md"), encoding="utf-8").read()
unlinked = [os.path.relpath(p, os.path.join(top, "docs")) for p in pages
            if os.path.dirname(p) != top and not p.endswith(os.sep + "docs" + os.sep + "README.md")
            and "(" + os.path.relpath(p, os.path.join(top, "docs")) not in index]
report("docs/README.md links every page of docs/", not unlinked, ", ".join(unlinked))
readme = open(os.path.join(top, "README.md"), encoding="utf-8").read()
report("README.md links docs/README.md", "(docs/README.md)" in readme)

print("docs_links: %d passed, %d failed" % (passed, failed))
sys.exit(1 if failed else 0)
