"""Valuation: the worked examples of domain/valuation.md, traces, reports,
and the CLI agreeing with Python."""

from __future__ import annotations

import gc
import subprocess
from decimal import Decimal
from fractions import Fraction

import pytest

import datasset
from datasset import valuation as V

from conftest import FIXTURES, TOP_SRCDIR


def fen(x) -> Decimal:
    return datasset.round(x, 2)


def test_income_forms():
    v = V.income(["1000000", "1200000", "1300000"], "0.10")
    assert fen(v.value) == Decimal("2877535.69")
    assert isinstance(v.value, Fraction)
    assert v["P"].value == v.value and "≈" in v.trace_text()
    assert any(e.symbol == "F_1" and e.name_zh for e in v.trace)
    assert fen(V.income(["10000000", "11000000", "12000000"], "0.12", method="share", shares="0.05").value) == \
        Decimal("1311953.35")
    assert fen(V.income(["10000000", "11000000", "12000000"], "0.12", method=V.IncomeMethod.SHARE,
                        shares=["0.05", "0.05", Decimal("0.05")]).value) == Decimal("1311953.35")
    assert fen(V.income(["5000000"] * 3, "0.15", method="excess",
                        contributions=[["2500000"]] * 3, contributor_names=["流动资产"]).value) == Decimal("5708062.79")
    assert fen(V.income(["3000000", "3200000"], "0.08", method="incremental",
                        baseline=["2500000", "2600000"]).value) == Decimal("977366.26")
    assert fen(V.income(["1000"], "0.1", timing="mid").value) == Decimal("953.46")
    assert fen(V.income(["100"], "0.1", terminal_value=1000).value) == Decimal("1000.00")
    assert fen(V.income(["110", "121"], ["0.1", "0.2"]).value) == Decimal("191.67")
    fast = V.income(["1000000", "1200000", "1300000"], "0.10", trace=False)
    assert fast.trace == [] and fast.value == v.value
    mid50 = V.income(["1000"], "0.1", timing="mid", precision=50)
    assert "50 significant digits" in mid50.trace_text()


def test_income_errors():
    with pytest.raises(datasset.RangeError) as ei:
        V.income(["1"], "-1")
    assert ei.value.field == "rates[1]"
    with pytest.raises(datasset.ValidationError):
        V.income([], "0.1")
    with pytest.raises(datasset.ValidationError):
        V.income(["1"], "0.1", method="guess")
    with pytest.raises(TypeError):
        V.income([1.5], "0.1")
    with pytest.raises(datasset.RangeError):
        V.income(["1"] * (V.MAX_PERIODS + 1), "0.1")


def test_sensitivity():
    table = V.sensitivity(["1000000", "1200000", "1300000"], "0.10",
                          ["-0.02", "-0.01", "0", "0.01", "0.02"], ["-0.1", "0", "0.1"])
    assert len(table) == 5 and all(len(r) == 3 for r in table)
    assert [fen(x) for x in table[2]] == [Decimal("2589782.12"), Decimal("2877535.69"), Decimal("3165289.26")]
    with pytest.raises(datasset.RangeError) as ei:
        V.sensitivity(["1"], "0.1", ["-1.5"], ["0"])
    assert "rate_changes" in ei.value.field


def test_cost_forms():
    parts = ["50000", "800000", "100000", "40000", "10000"]
    assert fen(V.cost(parts, elapsed_life=1, remaining_life=4).value) == Decimal("800000.00")
    assert fen(V.cost(parts, delta="0.8").value) == Decimal("800000.00")
    assert fen(V.cost(["1000000"], depreciation="0.25").value) == Decimal("750000.00")
    assert fen(V.cost(["1000000"], quality="0.9").value) == Decimal("900000.00")
    with pytest.raises(datasset.RangeError):
        V.cost(["1000000"], delta="1.5")
    with pytest.raises(datasset.ValidationError):
        V.cost(["1"] * 6, delta="1")
    v = V.cost2019(["600000", "250000", "150000"], return_rate="0.12", quality="0.9", circulation="0.8",
                   monopoly="0.1", risk="0.05")
    assert fen(v.value) == Decimal("842688.00")
    assert v["U"].exact == "0.7524"
    with pytest.raises(datasset.RangeError):
        V.cost2019(["1"], return_rate="0", quality="0", circulation="1", monopoly="0", risk="0")


def test_market():
    a = V.Comparable("2000000", {"quality": "1.05", "supply_demand": "0.95", "date": "1.02", "volume": "1.20",
                                 "other": "1.00"}, label="可比案例A")
    assert fen(V.market([a]).value) == Decimal("2441880.00")
    b = V.Comparable("1800000", [V.Coefficient("other", "1.08")])
    assert fen(V.market([V.Comparable(a.price, a.coefficients, weight=1), V.Comparable(b.price, b.coefficients,
                                                                                       weight=1)]).value) == \
        Decimal("2192940.00")
    ratio = V.Comparable("100", [V.Coefficient("quality", subject="90", comparable="80")])
    assert V.market([ratio]).value == Decimal("112.5")
    with pytest.raises(datasset.ValidationError):
        V.market([])
    with pytest.raises(datasset.ValidationError) as ei:
        V.market([V.Comparable("1", [V.Coefficient("colour", "1")])])
    assert "coefficients" in ei.value.field


def test_quality_and_ahp():
    q = V.quality(["0.9", "0.8", "0.7"], weights=["0.5", "0.3", "0.2"])
    assert q.value == Decimal("0.83")
    q100 = V.quality(["90", "80", "70"], weights=["0.5", "0.3", "0.2"], full_score=100, names=["a", "b", "c"])
    assert q100.value == Decimal("0.83")
    m = [["1", "2", "4"], ["1/2" if False else Fraction(1, 2), "1", "2"], [Fraction(1, 4), Fraction(1, 2), "1"]]
    ahp = V.ahp_weights(m)
    assert sum(ahp.weights) == 1
    assert ahp.cr == 0 or abs(ahp.cr) < Decimal("0.0001")
    assert [round(float(w), 4) for w in ahp.weights] == [0.5714, 0.2857, 0.1429]
    qm = V.quality(["1", "1", "1"], matrix=m)
    assert qm.value == 1
    bad = [["1", "9", Fraction(1, 9)], [Fraction(1, 9), "1", "9"], ["9", Fraction(1, 9), "1"]]
    with pytest.raises(datasset.VerifyError):
        V.quality(["1", "1", "1"], matrix=bad)
    assert V.quality(["1", "1", "1"], matrix=bad, accept_inconsistent=True).value == 1
    with pytest.raises(datasset.ValidationError) as ei:
        V.ahp_weights([["1", "2"], ["3", "1"]])
    assert "matrix" in ei.value.field
    with pytest.raises(datasset.ValidationError):
        V.ahp_weights([["1", "2"]])


def test_reconcile():
    r = V.reconcile(["100", "200"], labels=["收益法", "成本法"], weights=["1", "3"])
    assert r.value == Decimal("175")
    assert V.reconcile(["100", "200"], chosen=1).value == 200
    with pytest.raises(datasset.ValidationError):
        V.reconcile(["100"], chosen=3)


def test_report_and_cli(cli):
    path = FIXTURES / "valuation" / "example.xml"
    rep = V.Report.load(path)
    assert fen(rep.value) == Decimal("2331331.84")
    kinds = [a.kind for a in rep.approaches]
    assert kinds and set(kinds) <= {"income", "cost", "cost2019", "market", "quality"}
    assert "评估值" in rep.to_text()
    xml = rep.to_xml()
    assert '<conclusion exact="3103002684/1331" value="2331331.84" valueWan="233.13"' in xml
    same = V.Report.parse(path.read_bytes(), "example.xml")
    assert same.to_xml() == xml
    for fmt, ours in (("xml", xml), ("text", rep.to_text())):
        theirs = subprocess.run([cli, "value", "--format", fmt, str(path)], check=True,
                                capture_output=True).stdout.decode()
        assert ours.rstrip("\n") == theirs.rstrip("\n")
    all_forms = V.Report.load(FIXTURES / "valuation" / "all-forms.xml")
    assert any(a.kind == "cost2019" and fen(a.result.value) == Decimal("842688.00") for a in all_forms.approaches)


def test_report_children_and_errors(tmp_path):
    rep = V.Report.load(TOP_SRCDIR / "examples" / "data" / "valuation.xml")
    conclusion = rep.conclusion
    approach = rep.approaches[0].result
    value = conclusion.value
    del rep
    gc.collect()
    assert conclusion.value == value and approach.trace  # the children keep the report alive
    rep2 = V.Report.load(TOP_SRCDIR / "examples" / "data" / "valuation.xml")
    c2 = rep2.conclusion
    rep2.close()
    with pytest.raises(datasset.StateError):
        c2.value
    bad = tmp_path / "bad.xml"
    bad.write_text('<valuation xmlns="urn:datasset:valuation:1" version="1">\n  <nonsense/>\n</valuation>\n')
    with pytest.raises(datasset.ParseError) as ei:
        V.Report.load(bad)
    assert ei.value.line == 2
    with pytest.raises(datasset.FileError):
        V.Report.load(tmp_path / "none.xml")
