#!/usr/bin/env python3
"""DCAT at scale: validate, search, streamed DCAT export and DCAT import of
generated native catalogues through the CLI, each phase its own process so
its peak memory is its own (GNU time: CPU seconds, maximum resident set), with
rapper's parse (-c, count only) of the same DCAT file in the same run as the
reference. The issue's goals (issue 21): each phase under 64 MiB at 10^6
entries, 10x entries -> at most 11x time.

  dcat_bench.py DATASSET [N ...]     default N: 10000 100000 (make bench-dcat;
                                     DCAT_BENCH_SIZES="... 1000000" for 10^6)

Entries cycle over 8 providers that each dataset repeats (the publisher is
described once per document by the export), so the import sees 10^k datasets
with repeated publishers. A second DCAT file is written as portals publish it
(ckanext-dcat style: every dataset describes its publisher, contact point and
licence again and links to the catalogue); its import ("import-portal") is
timed against rapper's parse of it ("rapper-portal"): issue 21's case, 20,000
such datasets to import in under 2 s. SPDX-License-Identifier: MIT"""
import os
import subprocess
import sys
import tempfile

PROVIDERS = ["济南住房公积金中心", "济南市市场监督管理局", "济南市医疗保障局", "济南市交通运输局",
             "济南公共资源交易中心", "济南市行政审批服务局", "济南市大数据局", "济南市卫生健康委员会"]
CYCLES = ["实时", "每日", "每周", "每月", "每季度", "每年"]
FORMATS = ["数据库", "电子表格", "电子文件", "接口"]


def generate(path, n):
    with open(path, "w", encoding="utf-8") as f:
        f.write('<?xml version="1.0" encoding="UTF-8"?>\n<catalog xmlns="urn:datasset:catalog:1">\n'
                "<title>济南市政务信息资源目录（基准）</title>\n")
        for i in range(n):
            p = i % 8
            code = f"11370100{p:02d}4191340F"
            f.write(
                f"<resource><identifier>3{p:02d}{(i // 8) % 100:02d}/{code}-{i:07d}</identifier>"
                f"<metadata-id>JN-MD-{i:08d}</metadata-id><title>住房公积金缴存信息第{i}号</title>"
                f"<abstract>第{i}条政务信息资源：单位和个人缴存、提取、贷款等业务数据。</abstract>"
                f'<provider code="{code}" department="信息中心">{PROVIDERS[p]}</provider>'
                f'<category scheme="政务信息资源分类" code="3{p:02d}{(i // 8) % 100:02d}">部门信息资源</category>'
                f"<format>{FORMATS[i % 4]}</format><keyword>住房公积金</keyword><keyword>缴存{i % 50}</keyword>"
                f"<online-link>https://data.jinan.gov.cn/dataset/{i}</online-link>"
                "<metadata-contact>信息中心</metadata-contact><metadata-date>2025-06-30</metadata-date>"
                '<share type="有条件共享" mode="共享平台/接口">仅向有关部门共享</share><open type="不予开放">内部使用</open>'
                f"<update-cycle>{CYCLES[i % 6]}</update-cycle><published>2024-01-15</published>"
                '<security class="一般数据" personal-info="false"/>'
                '<items><item name="单位名称" type="C" length="200">缴存单位名称</item>'
                '<item name="缴存人数" type="I" length="8">在缴职工人数</item></items></resource>\n')
        f.write("</catalog>\n")


def generate_portal(path, n):
    base = "https://data.example.org/"
    with open(path, "w", encoding="utf-8") as f:
        f.write('<?xml version="1.0" encoding="utf-8"?>\n<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"'
                ' xmlns:dcat="http://www.w3.org/ns/dcat#" xmlns:dct="http://purl.org/dc/terms/"'
                ' xmlns:foaf="http://xmlns.com/foaf/0.1/" xmlns:vcard="http://www.w3.org/2006/vcard/ns#">\n'
                f'<dcat:Catalog rdf:about="{base}catalog"><dct:title xml:lang="en">Portal</dct:title></dcat:Catalog>\n')
        for i in range(n):
            p = i % 8
            f.write(
                f'<dcat:Dataset rdf:about="{base}dataset/{i}"><dct:identifier>ds-{i:07d}</dct:identifier>'
                f'<dct:isPartOf rdf:resource="{base}catalog"/>'
                f'<dct:title xml:lang="en">Dataset number {i}</dct:title>'
                f'<dct:description xml:lang="en">Records of dataset {i} kept by organisation {p}.</dct:description>'
                f'<dcat:keyword xml:lang="en">records</dcat:keyword><dcat:keyword xml:lang="en">topic {i % 50}</dcat:keyword>'
                '<dct:issued rdf:datatype="http://www.w3.org/2001/XMLSchema#date">2024-01-15</dct:issued>'
                f'<dct:publisher><foaf:Organization rdf:about="{base}org/{p}"><foaf:name xml:lang="en">Organisation {p}'
                '</foaf:name><dct:type rdf:resource="http://purl.org/adms/publishertype/LocalAuthority"/>'
                '</foaf:Organization></dct:publisher>'
                f'<dcat:contactPoint><vcard:Organization rdf:about="{base}contact/{p}"><vcard:fn>Desk {p}</vcard:fn>'
                f'<vcard:hasEmail rdf:resource="mailto:desk{p}@example.org"/></vcard:Organization></dcat:contactPoint>'
                '<dcat:theme rdf:resource="http://publications.europa.eu/resource/authority/data-theme/GOVE"/>'
                '<dct:accrualPeriodicity rdf:resource="http://publications.europa.eu/resource/authority/frequency/MONTHLY"/>'
                f'<dcat:distribution><dcat:Distribution rdf:about="{base}dataset/{i}/csv">'
                f'<dcat:accessURL rdf:resource="{base}dataset/{i}/data.csv"/>'
                '<dct:format rdf:resource="http://publications.europa.eu/resource/authority/file-type/CSV"/>'
                '<dct:license><dct:LicenseDocument rdf:about="http://creativecommons.org/licenses/by/4.0/">'
                '<dct:title>CC BY 4.0</dct:title></dct:LicenseDocument></dct:license>'
                '</dcat:Distribution></dcat:distribution></dcat:Dataset>\n'
                f'<rdf:Description rdf:about="{base}catalog"><dcat:dataset rdf:resource="{base}dataset/{i}"/>'
                '</rdf:Description>\n')
        f.write("</rdf:RDF>\n")


def timed(args, stdout=subprocess.DEVNULL, ok=(0,)):
    """(CPU seconds, peak RSS KiB): user + system time, not wall time, so a
    busy machine does not change the ratios much."""
    r = subprocess.run(["/usr/bin/time", "-f", "@@ %U %S %M"] + args, stdout=stdout, stderr=subprocess.PIPE, text=True)
    lines = r.stderr.strip().splitlines()
    user, system, kib = lines[-1].split()[1:4]
    if r.returncode not in ok:
        raise SystemExit(f"{' '.join(args)}: exit {r.returncode}: {' '.join(lines[-5:-1])}")
    return float(user) + float(system), int(kib)


def main():
    cli = sys.argv[1]
    sizes = [int(a) for a in sys.argv[2:]] or [int(s) for s in os.environ.get("DCAT_BENCH_SIZES", "10000 100000").split()]
    results = {}
    with tempfile.TemporaryDirectory() as work:
        for n in sizes:
            native, rdf = os.path.join(work, "c.xml"), os.path.join(work, "c.rdf")
            generate(native, n)
            row = {}
            row["validate"] = timed([cli, "catalog", "validate", native], ok=(0, 1))
            row["search"] = timed([cli, "catalog", "search", native, "缴存信息第7"])
            row["export"] = timed([cli, "catalog", "export", native, "--format", "dcat", "--output", rdf])
            row["rapper"] = timed(["rapper", "-q", "-i", "rdfxml", "-c", rdf])
            row["import"] = timed([cli, "catalog", "import-dcat", rdf])
            mib = os.path.getsize(rdf) / 1048576
            os.remove(rdf)
            generate_portal(rdf, n)
            row["rapper-portal"] = timed(["rapper", "-q", "-i", "rdfxml", "-c", rdf])
            row["import-portal"] = timed([cli, "catalog", "import-dcat", rdf])
            results[n] = row
            print(f"{n} entries (DCAT {mib:.0f} MiB): " + ", ".join(
                f"{k} {s:.2f} s CPU {kib / 1024:.0f} MiB" for k, (s, kib) in row.items()), flush=True)
            os.remove(native)
            os.remove(rdf)
    ns = sorted(results)
    for a, b in zip(ns, ns[1:]):
        print(f"{a} -> {b} entries ({b / a:.0f}x): time " + ", ".join(
            f"{k} {results[b][k][0] / max(results[a][k][0], 0.01):.1f}x" for k in results[b]))
    for n in ns:
        over = [k for k, (s, kib) in results[n].items() if not k.startswith("rapper") and kib > 64 * 1024]
        print(f"{n} entries: " + (f"over 64 MiB: {', '.join(over)}" if over else "every phase under 64 MiB")
              + f"; import / rapper parse: {results[n]['import'][0] / max(results[n]['rapper'][0], 0.01):.1f}x"
              + f", portal import / rapper parse: "
              f"{results[n]['import-portal'][0] / max(results[n]['rapper-portal'][0], 0.01):.1f}x")


if __name__ == "__main__":
    main()
