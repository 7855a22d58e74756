"""datasset.settlement: 公共数据授权运营 settlement statements, against the CLI
(`datasset settle`) on the bundled worked examples and against the project's
independent oracle (tests/settlement_oracle.py, Python fractions) on random
settlements."""

from __future__ import annotations

import importlib.util
import random
import subprocess
import xml.etree.ElementTree as ET
from decimal import Decimal
from fractions import Fraction

import pytest

import datasset
from datasset import settlement as S

NS = "{urn:datasset:settlement:1}"
EXAMPLES = ["settlement-mar.xml", "settlement-share.xml", "settlement-share-remit.xml"]


def _oracle(top_srcdir):
    spec = importlib.util.spec_from_file_location("settlement_oracle", top_srcdir / "tests" / "settlement_oracle.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def _yuan(text):
    return Decimal(text) if text is not None else None


def _exact(text):
    return Fraction(text)


@pytest.mark.parametrize("name", EXAMPLES)
@pytest.mark.parametrize("fmt", ["text", "csv", "xml"])
def test_statement_is_what_the_cli_writes(cli, top_srcdir, name, fmt):
    path = top_srcdir / "examples" / "data" / name
    # The CLI's CSV starts with a byte order mark for Excel unless --no-bom; the library's does not.
    extra = ["--no-bom"] if fmt == "csv" else []
    want = subprocess.run([cli, "settle", str(path), "--format", fmt, *extra], check=True,
                          capture_output=True).stdout
    st = S.Settlement.load(path).compute()
    got = st.write(fmt).encode("utf-8")
    assert got.rstrip(b"\n") == want.rstrip(b"\n")


@pytest.mark.parametrize("name", EXAMPLES)
def test_figures_match_the_cli_statement(cli, top_srcdir, name):
    path = top_srcdir / "examples" / "data" / name
    root = ET.fromstring(subprocess.run([cli, "settle", str(path), "--format", "xml"], check=True,
                                        capture_output=True).stdout)
    st = S.Settlement.load(path).compute()
    m = root.find(NS + "mar")
    if m is None:
        assert st.mar is None
    else:
        assert st.mar is not None
        for attr, got in (("cost-items", st.mar.cost_items), ("cost", st.mar.cost), ("profit", st.mar.profit),
                          ("taxes", st.mar.taxes), ("mar", st.mar.mar)):
            assert got == _yuan(m.get(attr)), attr
        assert st.mar.rate == _exact(m.get("rate")) and st.mar.markup == _exact(m.get("markup"))
        assert st.mar.bond_yield_source == m.get("bond-yield-source")
    years = root.findall(NS + "year")
    assert [y.year for y in st.years] == [int(y.get("year")) for y in years]
    for y, e in zip(st.years, years):
        assert (y.actual, y.mar, y.deviation, y.percent) == tuple(
            _yuan(e.get(a)) for a in ("actual", "mar", "deviation", "percent"))
        assert y.ratio == _exact(e.get("ratio"))
        assert y.tier is (S.Tier.OPERATOR_ADJUSTS if e.get("tier") == "operator_adjusts_price"
                          else S.Tier.AUTHORITY_ADJUSTS)
    p = root.find(NS + "period")
    if p is None:
        assert st.period is None and st.deductions == []
    else:
        assert st.period is not None
        assert (st.period.excess, st.period.next_mar, st.period.smoothing_years) == (
            _yuan(p.get("excess")), _yuan(p.get("next-mar")), int(p.get("years")))
        rows = p.findall(NS + "deduction")
        assert [(d.scheduled, d.deducted, d.net_mar) for d in st.deductions] == [
            (_yuan(r.get("scheduled")), _yuan(r.get("deducted")), _yuan(r.get("net-mar"))) for r in rows]
    pools = root.findall(NS + "pool")
    assert [x.id for x in st.pools] == [e.get("id") for e in pools]
    for pool, e in zip(st.pools, pools):
        assert (pool.fee, pool.to_treasury, pool.retained) == tuple(
            _yuan(e.get(a)) for a in ("fee", "to-treasury", "retained"))
        assert pool.free_calls == int(e.get("free-calls"))
        lines = e.findall(NS + "line")
        assert [(x.party, x.amount, x.destination.name.lower(), x.share, x.exact, x.took_remainder)
                for x in pool.lines] == [
            (l.get("party"), _yuan(l.get("amount")), l.get("destination"), _exact(l.get("share")),
             _exact(l.get("exact")), l.get("took-remainder") == "true") for l in lines]
        assert sum(x.amount for x in pool.lines) == pool.fee
        assert st.pool(pool.id) == pool


def test_worked_example_figures(top_srcdir):
    st = S.Settlement.load(top_srcdir / "examples" / "data" / "settlement-share.xml").compute()
    pool = st.pool(0)
    assert pool.fee == Decimal("148148.15") and pool.share == Decimal("0.12")
    assert [(l.party, l.amount, l.destination) for l in pool.lines] == [
        ("H01", Decimal("16460.91"), S.Destination.RETAIN),
        ("G01", Decimal("82304.53"), S.Destination.TREASURY),
        ("G02", Decimal("49382.71"), S.Destination.TREASURY),
    ]
    assert pool.lines[2].remainder == Decimal("-0.01") and pool.lines[2].took_remainder
    assert pool.lines[0].share == Fraction(1, 9)
    assert st.pool(-1) == pool
    with pytest.raises(IndexError):
        st.pool(1)
    with pytest.raises(KeyError):
        st.pool("nope")
    assert "pools=1" in repr(st)


def _build_share():
    s = S.Settlement()
    s.set_title("医保理赔核验 数据有偿使用费结算", "2025-Q3")
    s.set_inst_income("retain")
    s.add_pool("YB-2025Q3", S.PoolType.SHARE, income="1234567.89", share=Decimal("0.12"), product="医保理赔核验")
    s.add_party("YB-2025Q3", "H01", S.Kind.INST_UNIT, 1000, name="某市属医院", role="供数单位")
    s.add_party("YB-2025Q3", "G01", "admin_unit", "5000", name="市公安局", role="供数单位")
    s.add_party("YB-2025Q3", "G02", S.Kind.ADMIN_UNIT, Decimal(3000), name="市卫健委", role="供数单位")
    s.add_free_use("YB-2025Q3", "市医保局", S.Purpose.PUBLIC_GOVERNANCE, 2000)
    return s


def test_built_through_the_api_equals_the_document(top_srcdir):
    doc = S.Settlement.load(top_srcdir / "examples" / "data" / "settlement-share.xml").compute()
    assert _build_share().compute().to_xml() == doc.to_xml()
    s = S.Settlement()
    s.set_title("健康医疗数据运营机构 价格评估 (示例)", "2025-2027")
    s.set_mar(["7400000.00", "600000.00"], cost_names=["平台建设运维、数据传输汇聚存储治理、人员、期间费用",
                                                     "获取公共数据资源的相关支出 (有偿使用费)"],
              bond_yield="0.017",
              bond_yield_source="illustrative input (revenue-sharing.md example 1), not a published statistic",
              markup="0.04", taxes="120000.00")
    for year, actual in ((2025, "9300000.00"), (2026, "9500000.00"), (2027, "7600000.00")):
        s.add_year(year, actual)
    s.set_deduction(3)
    doc = S.Settlement.load(top_srcdir / "examples" / "data" / "settlement-mar.xml").compute()
    assert s.compute().to_xml() == doc.to_xml()


def test_per_call_and_fixed_pools():
    s = S.Settlement()
    s.add_pool("P", "per_call")
    s.add_product("P", "核验", "0.035", 100_001)
    s.add_product("P", "查询", Fraction(1, 8), 3)
    s.add_party("P", "C1", "company", 1)
    s.add_party("P", "A1", "authority", 2)
    s.add_pool("F", S.PoolType.FIXED, amount="100.00", income="250.00", income_kind="disposal")
    s.add_party("F", "U1", "inst_unit", 1)
    s.add_party("F", "U2", "public_enterprise", 2)
    st = s.compute()
    p, f = st.pools
    assert p.fee == Decimal("3500.04") + Decimal("0.38") and p.charged_calls == 100_004
    assert sum(l.amount for l in p.lines) == p.fee
    assert f.fee == Decimal("100.00") and f.operator_keeps == Decimal("150.00") and f.income == Decimal("250.00")
    # Disposal income of a 事业单位 goes to the treasury whatever inst_use_income says.
    dest = {l.party: l.destination for l in f.lines}
    assert dest == {"U1": S.Destination.TREASURY, "U2": S.Destination.RETAIN}
    assert st.to_csv(bom=True).startswith("\ufeff")


def test_errors_name_the_field_and_change_nothing(top_srcdir):
    s = _build_share()
    before = s.compute().to_xml()
    with pytest.raises(datasset.ValidationError) as e:
        s.add_party("YB-2025Q3", "H02", "inst_unit", "-1")
    assert "weight" in e.value.field or "weight" in str(e.value)
    with pytest.raises(datasset.NotFoundError):
        s.add_party("nope", "X", "company", 1)
    with pytest.raises(datasset.ExistsError):
        s.add_party("YB-2025Q3", "H01", "company", 1)
    with pytest.raises(datasset.ExistsError):
        s.add_pool("YB-2025Q3", "fixed", amount="1.00")
    with pytest.raises(datasset.ValidationError, match="share"):
        s.add_pool("P2", "share", income="100.00", share="1.5")
    with pytest.raises(datasset.ValidationError, match="unknown Kind"):
        s.add_party("YB-2025Q3", "H03", "alien", 1)
    with pytest.raises(TypeError, match="float"):
        s.add_party("YB-2025Q3", "H03", "company", 1.0)
    with pytest.raises(datasset.ValidationError, match="markup"):
        s.set_mar(["1.00"], bond_yield="0.02", bond_yield_source="x", markup="0.07")
    for year in (2025, 2026, 2027):
        s.add_year(year, "1.00", mar="1.00")
    with pytest.raises(datasset.StateError):
        s.add_year(2028, "1.00", mar="1.00")
    with pytest.raises(datasset.RangeError):
        s.add_free_use("YB-2025Q3", "u", "public_welfare", -1)
    s2 = _build_share()
    assert s2.compute().to_xml() == before
    with pytest.raises(datasset.ParseError) as p:
        S.Settlement.parse("<settlement xmlns='urn:datasset:settlement:1'>\n<pool", "bad.xml")
    assert p.value.line >= 1
    with pytest.raises(datasset.ValidationError) as v:
        S.Settlement.parse(
            "<settlement xmlns='urn:datasset:settlement:1'>\n"
            "  <pool id='P' type='fixed' amount='5.00'>\n"
            "    <party id='A' kind='company' weight='-2'/>\n"
            "  </pool>\n</settlement>", "neg.xml")
    assert v.value.line == 3 and "weight" in v.value.field
    empty = S.Settlement()
    empty.add_pool("P", "fixed", amount="1.00")
    with pytest.raises(datasset.ValidationError):
        empty.compute()


def test_lifetimes():
    st = _build_share().compute()
    pools = st.pools
    st.close()
    assert pools[0].fee == Decimal("148148.15")
    with pytest.raises(datasset.StateError):
        st.pools
    with _build_share() as s:
        st2 = s.compute()
    assert st2.pools[0].fee == Decimal("148148.15")  # the statement outlives its inputs


def test_against_the_oracle(top_srcdir):
    """Random settlements of the oracle's generator through the binding: the
    statement (XML) checked by the oracle, and the accessors equal to the XML."""
    oracle = _oracle(top_srcdir)
    rng = random.Random(20261206)
    checked = refused = 0
    for _ in range(150):
        bad = rng.choice(["negative", "zero", "share", "above", "markup"]) if rng.random() < 0.2 else None
        case = oracle.gen_case(rng, bad)
        want = oracle.model(case)
        try:
            st = S.Settlement.parse(oracle.document(case), "case.xml").compute()
            got = st.to_xml()
        except datasset.Error as e:
            got = f"ERROR {e.name} {e.field or '-'} {e.message}"
            refused += 1
        problem = oracle.compare(want, got)
        assert problem is None, f"{problem}\n{oracle.document(case)}"
        if not got.startswith("ERROR"):
            checked += 1
            root = ET.fromstring(got)
            for pool, e in zip(st.pools, root.findall(NS + "pool")):
                assert pool.fee == _yuan(e.get("fee"))
                assert [l.amount for l in pool.lines] == [_yuan(x.get("amount")) for x in e.findall(NS + "line")]
    assert checked > 50 and refused > 5
