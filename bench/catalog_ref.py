#!/usr/bin/env python3
"""Run bench/bench_catalog on a generated catalogue (100,000 entries by default)
and, in the same run, a bare libxml2 reader loop and Python's ElementTree
(iterparse into dicts) over the same file; print entries/s, peak memory and the
ratios. Usage: catalog_ref.py BENCH_CATALOG CATALOG_XSD [ENTRIES]
(SPDX-License-Identifier: MIT)"""
import os
import resource
import subprocess
import sys
import tempfile
import time
import xml.etree.ElementTree as ET

NS = "{urn:datasset:catalog:1}"


def run(exe, *args):
    out = subprocess.run([exe, *args], capture_output=True, text=True, check=True).stdout
    return {k: float(v) for k, v in (line.split(" ", 1) for line in out.splitlines())}


def python_iterparse(path):
    """Read every entry into a dict (text fields, attributes, items), clearing as it goes."""
    start = time.perf_counter()
    entries = 0
    for _, element in ET.iterparse(path, events=("end",)):
        if element.tag == NS + "resource":
            entry = {child.tag: (child.text, dict(child.attrib)) for child in element}
            entry["items"] = [dict(i.attrib) for i in element.iter(NS + "item")]
            entries += 1
            element.clear()
    return entries, time.perf_counter() - start


def main():
    exe, xsd = sys.argv[1], sys.argv[2]
    count = int(sys.argv[3]) if len(sys.argv) > 3 else 100000
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "catalog.xml")
        subprocess.run([exe, "generate", path, str(count)], check=True)
        size_mib = os.path.getsize(path) / 2**20
        bare = run(exe, "bare", path)
        bare_xsd = run(exe, "bare-xsd", path, xsd)
        load = run(exe, "load", path)
        stream = run(exe, "stream", path)
        export = run(exe, "export", path)
        py_entries, py_seconds = python_iterparse(path)
        py_rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    for name, r in (("bare", bare), ("bare-xsd", bare_xsd), ("load", load), ("stream", stream)):
        if int(r["entries"]) != count:
            print(f"MISMATCH: {name} read {int(r['entries'])} entries of {count}")
            return 1
    if py_entries != count:
        print(f"MISMATCH: python read {py_entries} entries of {count}")
        return 1
    print(f"workload: a generated native catalogue of {count} entries ({size_mib:.1f} MiB), 5 信息项 each")
    print(f"{'':34s} {'seconds':>8s} {'entries/s':>10s} {'peak RSS':>10s}")
    rows = [("libxml2 reader loop (bare)", bare), ("libxml2 reader loop + XSD", bare_xsd),
            ("ds_catalog_load_each (stream)", stream), ("ds_catalog_load (in memory)", load)]
    for name, r in rows:
        print(f"{name:34s} {r['seconds']:8.3f} {count / r['seconds']:10.0f} {r['maxrss_kib'] / 1024:7.1f} MiB")
    print(f"{'ds_catalog_to_xml (export)':34s} {export['seconds']:8.3f} {count / export['seconds']:10.0f} "
          f"{export['maxrss_kib'] / 1024:7.1f} MiB  ({export['bytes'] / 2**20:.1f} MiB written)")
    print(f"{'python ElementTree iterparse':34s} {py_seconds:8.3f} {count / py_seconds:10.0f} {py_rss / 1024:7.1f} MiB")
    print(f"ratio stream import / bare parse      {stream['seconds'] / bare['seconds']:5.2f}x")
    print(f"ratio stream import / bare parse+XSD  {stream['seconds'] / bare_xsd['seconds']:5.2f}x")
    print(f"ratio in-memory import / bare parse   {load['seconds'] / bare['seconds']:5.2f}x")
    print(f"ratio python iterparse / stream       {py_seconds / stream['seconds']:5.2f}x")
    per_entry = (load["maxrss_kib"] - stream["maxrss_kib"]) * 1024 / count
    print(f"in-memory catalogue: about {per_entry:.0f} bytes per entry above the streaming peak")
    return 0


if __name__ == "__main__":
    sys.exit(main())
