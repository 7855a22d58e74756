"""The catalogue: entries, documents, validation with every problem, search,
sort, diff and merge; entries are copies, so no pointer outlives a change."""

from __future__ import annotations

import gc
import subprocess

import pytest

import datasset
from datasset import catalog as C

from conftest import FIXTURES, TOP_SRCDIR

EXAMPLE = TOP_SRCDIR / "examples" / "data" / "catalog-jinan.xml"
BAD = FIXTURES / "catalog"


def test_fields_and_names():
    assert C.FIELDS[0] == "identifier" and "share_type" in C.FIELDS
    assert C.field_name(C.field_from_name("title")) == "title"
    with pytest.raises(datasset.NotFoundError):
        C.field_from_name("colour")
    with pytest.raises(datasset.ValidationError):
        C.field_name(999)
    assert C.pinyin("住房公积金") == "zhu fang gong ji jin"


def test_resource():
    r = C.Resource(identifier="X-1", title="  住房公积金  ")
    assert r["title"] == "住房公积金" and r["abstract"] is None
    assert r.get("abstract", "-") == "-"
    r["abstract"] = "摘要"
    del r["abstract"]
    assert r["abstract"] is None
    assert r.fields == {"identifier": "X-1", "title": "住房公积金"}
    r.add("keywords", "公积金")
    r.add("keywords", "住房")
    with pytest.raises(datasset.ExistsError):
        r.add("keywords", "公积金")
    r.remove("keywords", 0)
    assert r.keywords == ["住房"] and r.related == []
    with pytest.raises(datasset.ValidationError):
        r.add("tags", "x")
    r.insert_item("单位名称", "C", 100, "缴存单位")
    r.insert_item("单位代码", "C", 18, position=0)
    r.move_item(0, 1)
    assert [i.name for i in r.items] == ["单位名称", "单位代码"]
    assert r.items[0] == C.Item("单位名称", "C", 100, "缴存单位")
    r.remove_item(1)
    with pytest.raises(datasset.ExistsError):
        r.insert_item("单位名称")
    r.set_extension("urn:jinan", "k", "v")
    assert r.extension("urn:jinan", "k") == "v" and r.extensions == {("urn:jinan", "k"): "v"}
    r.set_extension("urn:jinan", "k", None)
    assert r.extensions == {}
    with pytest.raises(datasset.ParseError) as ei:
        r["title"] = "bad\x01"
    assert ei.value.field == "title"
    c = r.copy()
    assert c == r and c is not r
    c["title"] = "别的"
    assert c != r
    assert "X-1" in repr(r)


def test_catalog_documents(tmp_path):
    cat = C.Catalog.load(EXAMPLE)
    assert len(cat) == 61 and cat.title == "济南市政务信息资源目录（示例）"
    first = cat[0]
    assert first["identifier"] == "30101/11370100MB1E28330Y-00001"
    assert first.extensions[("urn:jinan:catalog:1", "source-system")] == "济南市大数据局业务系统"
    assert cat[-1] == cat[60]
    assert "30101/11370100MB1E28330Y-00001" in cat and "nope" not in cat and 3 not in cat
    assert cat["30101/11370100MB1E28330Y-00001"] == first
    with pytest.raises(IndexError):
        cat[61]
    with pytest.raises(datasset.NotFoundError):
        cat["nope"]
    xml = cat.to_xml()
    again = C.Catalog.parse(xml, "again.xml")
    assert again.to_xml() == xml and list(again) == list(cat)
    csv = cat.to_csv(bom=True)
    assert csv.startswith("\ufeffidentifier") and len(csv.splitlines()) == 62
    rdf, triples = cat.to_dcat("https://data.jinan.gov.cn/catalog/")
    assert triples > 1000 and "dcat" in rdf
    back = C.Catalog.parse_dcat(rdf, "a.rdf")
    assert len(back) == 61
    (tmp_path / "a.rdf").write_text(rdf, encoding="utf-8")
    assert len(C.Catalog.load_dcat(tmp_path / "a.rdf")) == 61
    # the streamed import writes what the in-memory one gives; a refused file leaves no output
    assert C.Catalog.import_dcat_file(tmp_path / "a.xml", tmp_path / "a.rdf") == 61
    assert (tmp_path / "a.xml").read_text(encoding="utf-8") == C.Catalog.load_dcat(tmp_path / "a.rdf").to_xml()
    (tmp_path / "bad.rdf").write_text("<rdf:RDF xmlns:rdf='http://www.w3.org/1999/02/22-rdf-syntax-ns#'>",
                                      encoding="utf-8")
    with pytest.raises(datasset.Error):
        C.Catalog.import_dcat_file(tmp_path / "b.xml", tmp_path / "bad.rdf")
    assert not (tmp_path / "b.xml").exists()
    with pytest.raises(datasset.ValidationError):
        cat.to_dcat("not a uri")
    assert "61 entries" in repr(cat)


def test_load_each_streams():
    seen = []
    title = C.Catalog.load_each(EXAMPLE, lambda r, i: seen.append((i, r["identifier"])))
    assert title == "济南市政务信息资源目录（示例）" and len(seen) == 61 and seen[0][0] == 0

    def stop(r, i):
        if i == 3:
            raise StopIteration("enough")

    with pytest.raises(StopIteration):
        C.Catalog.load_each(EXAMPLE, stop)


def test_parse_errors_name_the_place(tmp_path):
    bad = tmp_path / "broken.xml"
    bad.write_text('<catalog xmlns="urn:datasset:catalog:1">\n<resource>\n<title>x</title>\n</catalog>\n')
    with pytest.raises(datasset.ParseError) as ei:
        C.Catalog.load(bad)
    assert ei.value.line >= 3
    with pytest.raises(datasset.FileError):
        C.Catalog.load(tmp_path / "none.xml")


def test_validation_reports_every_problem():
    assert C.Catalog.load(EXAMPLE).validate("jinan").ok
    assert C.Catalog.load(EXAMPLE).validate(C.Profile.load("gbt21063")).ok
    profile = C.Profile.load(TOP_SRCDIR / "schemas" / "profiles" / "jinan.xml")
    assert profile.name and "Profile" in repr(profile)
    with pytest.raises(datasset.NotFoundError):
        C.Profile.load("shandong")
    rep = C.Catalog.load(BAD / "bad-share_condition-required-unless.xml").validate("jinan")
    assert not rep and len(rep.errors) == 1 == rep.error_count
    p = rep.errors[0]
    assert p.field == "resource[1]/share_condition" and p.rule == "required-unless"
    assert p.identifier == "30201/11370100004191340F-00001" and p.entry == 0
    assert "共享条件 (share_condition) is required" in p.message
    with pytest.raises(datasset.ValidationError) as ei:
        rep.raise_for_errors()
    assert ei.value.problems == rep.errors and ei.value.field == "resource[1]/share_condition"
    warn = C.Catalog.load(BAD / "bad-keyword-keywords-min.xml").validate("jinan")
    assert warn.ok and warn.warnings[0].rule == "keywords-min"
    warn.raise_for_errors()
    # Many faults at once: every one is reported.
    many = C.Catalog()
    for path in sorted(BAD.glob("bad-*.xml"))[:8]:
        try:
            for r in C.Catalog.load(path):
                r["identifier"] = f"{path.stem}"
                many.add(r)
        except datasset.Error:
            continue
    report = many.validate("jinan")
    assert len(report.errors) >= 5
    with pytest.raises(datasset.ValidationError) as ei:
        report.raise_for_errors()
    assert len(ei.value.problems) == len(report.errors)


def test_search_sort_and_cli(cli):
    cat = C.Catalog.load(EXAMPLE)
    hits = cat.search("zfgjj")
    assert hits and all("公积金" in cat[i]["title"] for i in hits)
    assert [cat[i]["identifier"] for i in cat.search(update_cycle="实时", category="306")] == \
        ["30603/113701000041928706-00003"]
    assert [cat[i]["title"] for i in cat.search("ＰＭ２．５")] == ["环境空气质量实时监测数据"]
    assert cat.search("没有这样的资源") == []
    out = subprocess.run([cli, "catalog", "search", str(EXAMPLE), "--provider", "医疗保障", "--share-type",
                          "无条件共享"], check=True, capture_output=True).stdout.decode().splitlines()
    ours = [cat[i] for i in cat.search(provider="医疗保障", share_type="无条件共享")]
    assert [line.split("\t")[0] for line in out] == [r["identifier"] for r in ours]
    cat.sort("pinyin")
    cli_sorted = subprocess.run([cli, "catalog", "list", str(EXAMPLE), "--sort", "pinyin"], check=True,
                                capture_output=True).stdout.decode().splitlines()
    assert [line.split("\t")[0] for line in cli_sorted if "\t" in line] == [r["identifier"] for r in cat]
    cat.sort("identifier")
    ids = [r["identifier"] for r in cat]
    assert ids == sorted(ids, key=lambda s: s.encode())
    with pytest.raises(datasset.ValidationError):
        cat.sort("colour")


def test_changes_diff_and_merge():
    old = C.Catalog.load(EXAMPLE)
    new = C.Catalog.load(EXAMPLE)
    r = new[0]
    r["title"] = "改过的标题"
    new[0] = r
    del new[1]
    extra = C.Resource(identifier="NEW-1", title="新资源")
    new.add(extra)
    with pytest.raises(datasset.ExistsError):
        new.add(extra)
    assert len(new) == 61
    changes = old.diff(new)
    kinds = {(c.change, c.identifier) for c in changes}
    assert (C.Change.CHANGED, r["identifier"]) in kinds
    assert (C.Change.ADDED, "NEW-1") in kinds
    assert any(c.change is C.Change.REMOVED for c in changes)
    assert next(c for c in changes if c.change is C.Change.CHANGED).fields == ["title"]
    merged = old.merge(new, remove_missing=True)
    assert {(c.change, c.identifier) for c in merged} == kinds
    assert old.to_xml() == new.to_xml() or len(old) == len(new)
    new.remove("NEW-1")
    assert "NEW-1" not in new
    with pytest.raises(IndexError):
        new.remove(99)


def test_entries_are_copies_and_outlive_the_catalogue():
    cat = C.Catalog.load(EXAMPLE)
    entry = cat[5]
    title = entry["title"]
    cat.sort("pinyin")
    del cat[0]
    cat.close()
    gc.collect()
    assert entry["title"] == title
    with pytest.raises(datasset.StateError):
        len(cat)
    # Adding copies: the caller's entry stays the caller's.
    c2 = C.Catalog("t", [entry])
    entry["title"] = "changed"
    assert c2[0]["title"] == title
    del c2
    gc.collect()
    assert entry["title"] == "changed"


def test_probe_to_resource():
    from datasset.probe import Probe

    r = Probe.memory("id,name\n1,张三\n", "people.csv", update_cycle="每日").to_resource()
    assert isinstance(r, C.Resource)
    assert [i.name for i in r.items] == ["id", "name"] and r["update_cycle"] == "每日"
    cat = C.Catalog(entries=[r]) if r["identifier"] else None
    assert cat is None or len(cat) == 1


def test_resources_lists_the_entries():
    cat = C.Catalog.load(EXAMPLE)
    res = cat.resources
    assert len(res) == len(cat) and [r['identifier'] for r in res] == [r['identifier'] for r in cat]
