"""Probing: inference, statistics, quality, reports, change reports; the CLI
agreeing with Python."""

from __future__ import annotations

import sqlite3
import subprocess
from fractions import Fraction

import pytest

import datasset
from datasset import probe as P

from conftest import TOP_SRCDIR

GJJ = TOP_SRCDIR / "examples" / "data" / "gjj-deposits.csv"

V1 = "id,name,amount,day\n1,张三,10.50,2025-01-01\n2,李四,20.25,2025-01-02\n3,,30,2025-01-03\n"
V2 = "id,full_name,amount,day,extra\n1,张三,10.50,2025-01-01,x\n2,李四,abc,2025-01-02,y\n"


def test_memory_probe():
    p = P.Probe.memory(V1, "v1.csv")
    s = p.source
    assert (s.kind, s.location, s.encoding, s.delimiter, s.header, s.rows, s.columns) == (
        "csv", "v1.csv", "UTF-8", ",", True, 3, 4)
    cols = {c.name: c for c in p.columns}
    assert cols["id"].type is P.ProbeType.INTEGER and cols["id"].unique
    assert cols["amount"].type is P.ProbeType.DECIMAL and cols["amount"].scale == 2
    assert cols["day"].type is P.ProbeType.DATE and cols["day"].format == "YYYY-MM-DD"
    assert cols["day"].min == "2025-01-01" and cols["day"].max == "2025-01-03"
    assert cols["name"].nulls == 1 and cols["name"].nullable
    assert ("张三", 1) in cols["name"].top
    assert P.ProbeType.DECIMAL.stable_name == "decimal"
    r = p.records
    assert r.rows == 3 and r.complete == 2 and r.duplicates == 0
    assert p.quality("completeness", "name") == Fraction(200, 3)
    assert p.quality_fraction(P.Dimension.COMPLETENESS, 1) == (2, 3)
    assert p.quality(P.Dimension.CONFORMANCE) == 100
    assert p.quality("timeliness") is None  # not assessed without a cycle and a date
    assert P.Dimension.COMPLETENESS.label == "完整性"
    schema, content = p.fingerprint
    assert len(schema) == 64 and len(content) == 64
    assert p.problems == {}
    assert "rows=3" in repr(p)
    with pytest.raises(datasset.NotFoundError):
        p.quality("completeness", "nope")


def test_options_and_problems():
    p = P.Probe.memory("a;b\n1;2\n3;4;5\n", "x.csv", delimiter=";", update_cycle="每日", as_of="2025-07-01",
                       top_k=3)
    assert p.source.delimiter == ";"
    probs = p.problems
    assert "ragged-row" in probs and probs["ragged-row"].count == 1
    line, column, message = probs["ragged-row"].samples[0]
    assert line == 3 and message
    assert p.records.update_cycle == "每日"
    q = P.Probe.memory("1,2\n3,4\n", "n.csv", header=False)
    assert [c.name for c in q.columns] == ["column_1", "column_2"]
    # a title line before the header: detected and warned, or skipped as told
    titled = "Report 2024\nid,n\n1,2\n3,4\n"
    q = P.Probe.memory(titled, "t.csv")
    assert [c.name for c in q.columns] == ["id", "n"]
    q = P.Probe.memory(titled, "t.csv", skip=0)
    assert [c.name for c in q.columns] == ["Report 2024"]
    q = P.Probe.memory(titled, "t.csv", skip=1)
    assert [c.name for c in q.columns] == ["id", "n"]
    with pytest.raises(datasset.ValidationError) as ei:
        P.Probe.memory(titled, "t.csv", skip=-5)
    assert ei.value.field == "skip"
    # threads: the same probe whatever the number; a bad number refused naming the field
    many = "id,note,n\n" + "".join(f'{i},"line {i}\nnext, ""q""",{i % 7}\n' for i in range(40000))
    one = P.Probe.memory(many, "m.csv", threads=1).to_xml()
    assert "ragged-row" not in one
    for n in (2, 4):
        assert P.Probe.memory(many, "m.csv", threads=n).to_xml() == one
    for bad in (0, -1, 65, 2.5, "2"):
        with pytest.raises(datasset.ValidationError) as ei:
            P.Probe.memory(titled, "t.csv", threads=bad)
        assert ei.value.field == "threads", bad
    with pytest.raises(datasset.ValidationError) as ei:
        P.Probe.memory(V1, "v.csv", update_cycle="hourly")
    assert ei.value.field == "update_cycle"
    with pytest.raises(datasset.ValidationError) as ei:
        P.Probe.memory(V1, "v.csv", as_of="2025/07/01")
    assert ei.value.field == "as_of"
    with pytest.raises(datasset.ValidationError):
        P.Probe.memory(V1, "v.csv", encoding="ebcdic")
    with pytest.raises(datasset.ValidationError):
        P.Probe.memory(V1, "v.csv", delimiter=";;")


def test_file_probe_with_progress_and_cli(cli, tmp_path):
    calls = []
    p = P.Probe.file(GJJ, update_cycle="每月", as_of="2025-01-31", progress=lambda d, t: calls.append((d, t)))
    assert calls and calls[-1][0] == calls[-1][1] > 0
    assert p.source.encoding == "GB18030" and p.source.rows > 40000
    cols = p.columns
    assert any(c.semantic is P.Semantic.ID_CARD and c.personal_info for c in cols)
    assert any(c.semantic is P.Semantic.CREDIT_CODE for c in cols)
    assert P.Semantic.ID_CARD.stable_name == "id-card"
    xml = p.to_xml()
    again = P.Probe.parse(xml, "report.xml")
    assert again.to_xml() == xml
    (tmp_path / "r.xml").write_text(xml, encoding="utf-8")
    assert P.Probe.load(tmp_path / "r.xml").fingerprint == p.fingerprint
    out = subprocess.run([cli, "probe", str(GJJ), "--update-cycle", "每月", "--as-of", "2025-01-31",
                          "--format", "xml"], capture_output=True)
    if out.returncode == 2:  # an older CLI without those options
        pytest.skip(out.stderr.decode())
    assert out.returncode == 0, out.stderr.decode()
    assert out.stdout.decode().rstrip("\n") == xml.rstrip("\n")


def test_progress_exception_is_raised():
    def boom(done, total):
        raise KeyError("stop")

    with pytest.raises(KeyError):
        P.Probe.file(GJJ, progress=boom)


def test_sqlite_probe(tmp_path):
    db = tmp_path / "t.db"
    con = sqlite3.connect(db)
    con.execute("create table t (id integer, v text)")
    con.executemany("insert into t values (?, ?)", [(i, f"v{i % 3}") for i in range(10)] + [(10, None)])
    con.commit()
    con.close()
    p = P.Probe.sqlite(db, "t")
    assert p.source.kind == "sqlite" and p.source.location.endswith("#t") and p.source.rows == 11
    assert {c.name: c.nulls for c in p.columns} == {"id": 0, "v": 1}
    with pytest.raises(datasset.NotFoundError):
        P.Probe.sqlite(db, "missing")
    with pytest.raises(datasset.FileError):
        P.Probe.sqlite(GJJ, "t")


def test_diff():
    old = P.Probe.memory(V1, "v.csv")
    new = P.Probe.memory(V2, "v.csv")
    d = old.diff(new)
    kinds = [(e.change, e.column) for e in d.events]
    assert (P.Change.RENAME, "full_name") in kinds
    assert (P.Change.ADD, "extra") in kinds
    assert any(e.change is P.Change.TYPE_WIDEN and e.column == "amount" for e in d.events)
    assert d.catalog_stale and d.same_source and len(d) == len(d.events)
    assert any(e.severity is P.Severity.BREAKING for e in d.events)
    other = old.diff(P.Probe.memory(V1, "w.csv"))
    assert not other.same_source and other.events[0].change is P.Change.SOURCE
    assert "events" in repr(d)
    assert P.Change.TYPE_WIDEN.stable_name == "TYPE_WIDEN" and P.Severity.BREAKING.stable_name == "breaking"


def test_errors(tmp_path):
    with pytest.raises(datasset.FileError):
        P.Probe.file(tmp_path / "none.csv")
    (tmp_path / "empty.csv").write_bytes(b"")
    with pytest.raises(datasset.ValidationError):
        P.Probe.file(tmp_path / "empty.csv")
    with pytest.raises(datasset.ParseError) as ei:
        P.Probe.parse('<probe xmlns="urn:datasset:probe:1">\n<x/></probe>', "bad.xml")
    assert ei.value.line >= 1


def test_probe_function_and_indicators():
    r = P.probe(GJJ, as_of="2025-01-31")
    assert isinstance(r, P.ProbeReport) and r.columns
    ind = r.indicators
    assert set(ind) == set(P.Dimension)
    for d, v in ind.items():
        assert v == r.quality(d)
        assert v is None or 0 <= v <= 100
    assert any(v is not None for v in ind.values())
