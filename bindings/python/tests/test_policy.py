"""Subsidy policies: evaluation, outputs, and the CLI agreeing with Python."""

from __future__ import annotations

import subprocess
from decimal import Decimal

import pytest

import datasset
from datasset import policy as P

from conftest import FIXTURES, TOP_SRCDIR

EXAMPLE = FIXTURES / "policy" / "worked-example.xml"
POLICY_FILE = TOP_SRCDIR / "schemas" / "policies" / "jinan-2025.xml"


def test_policy_objects():
    pol = P.Policy.bundled()
    assert pol.id == "jinan-2025" and repr(pol) == "<datasset.Policy jinan-2025>"
    text = pol.describe()
    assert "Programme p6 — 企业数据资产入表奖补 (数据要素券)" in text
    assert P.Policy.load(POLICY_FILE).id == "jinan-2025"
    assert P.Policy.parse(POLICY_FILE.read_bytes(), "jinan").id == "jinan-2025"
    apps = P.Applications.load(EXAMPLE)
    assert len(apps) == 8 and "8 applicants" in repr(apps)


def test_worked_example():
    awards = P.evaluate(P.Applications.load(EXAMPLE))
    assert awards.total() == Decimal("915000.00")
    lines = list(awards)
    assert len(lines) == len(awards) > 0
    a = next(x for x in lines if x.applicant == "91370100MA00000010" and x.programme == "p2")
    assert a.status is P.AwardStatus.GRANTED and a.rank == 1
    assert a.award == Decimal("150000") and a.uncapped == Decimal("210000")
    assert a.ranking_value == Decimal("4200000") and a.caps == "rank band 1-5: 150000"
    d = next(x for x in lines if x.programme == "p1" and x.unit == "A-1")
    assert d.status is P.AwardStatus.DISPLACED and d.displaced_by == "p2" and d.award == 0
    c = next(x for x in lines if x.applicant == "91370100MA00000036" and x.programme == "p2")
    assert c.status is P.AwardStatus.INELIGIBLE and c.rank == 0 and c.uncapped is None
    assert "not met (applicant.trade_total = 950000)" in c.reason
    assert awards.total("p2") == sum((x.award for x in lines if x.programme == "p2"), Decimal(0))
    with pytest.raises(datasset.NotFoundError):
        awards.total("p99")
    assert awards[-1] == lines[-1] and awards[1:3] == lines[1:3]
    with pytest.raises(IndexError):
        awards[len(awards)]
    assert "total 915000.00" in repr(awards)


def test_evaluate_accepts_files_and_ids():
    by_file = P.evaluate(EXAMPLE, POLICY_FILE)
    by_id = P.evaluate(str(EXAMPLE), "jinan-2025")
    by_method = P.Policy.bundled().evaluate(P.Applications.load(EXAMPLE))
    assert by_file.to_csv() == by_id.to_csv() == by_method.to_csv()


def test_outputs():
    awards = P.evaluate(EXAMPLE)
    xml = awards.to_xml()
    assert '<awards xmlns="urn:datasset:awards:1" policy="jinan-2025" applicants="8" total="915000.00">' in xml
    csv = awards.to_csv()
    assert csv.startswith("applicant,name,programme") and "\r\n" in csv
    assert awards.to_csv(bom=True).startswith("\ufeffapplicant")
    assert "Total awarded: 915,000.00" in awards.to_text()


def test_explain(cli):
    apps = P.Applications.load(EXAMPLE)
    text = P.Policy.bundled().explain(apps, "91370100MA00000010")
    assert "[met] cumulative 场内 trade amount ≥ 1,000,000: applicant.trade_total = 4200000" in text
    assert P.explain(EXAMPLE, "91370100MA00000010") == text
    theirs = run_cli(cli, "policy", "explain", "91370100MA00000010", EXAMPLE)
    assert text.rstrip("\n") == theirs.rstrip("\n")
    with pytest.raises(datasset.NotFoundError):
        P.explain(apps, "91370100MA99999999")
    lines = list(P.evaluate(apps))
    assert all(isinstance(x.basis, str) and isinstance(x.payee, str) for x in lines)


def run_cli(cli, *args):
    return subprocess.run([cli, *map(str, args)], check=True, capture_output=True).stdout.decode("utf-8")


@pytest.mark.parametrize("fmt", ["csv", "xml", "text"])
def test_cli_and_python_give_identical_figures(cli, fmt):
    """The same evaluation through the CLI and through Python: byte for byte."""
    awards = P.evaluate(P.Applications.load(EXAMPLE), P.Policy.load(POLICY_FILE))
    ours = {"csv": awards.to_csv, "xml": awards.to_xml, "text": awards.to_text}[fmt]()
    # The CLI's --format csv is the accountant's table (docs/tables.md); machine-csv is to_csv().
    theirs = run_cli(cli, "policy", "evaluate", "--format", "machine-csv" if fmt == "csv" else fmt,
                     "--policy", POLICY_FILE, EXAMPLE)
    assert ours.rstrip("\n") == theirs.rstrip("\n")


def test_cli_and_python_agree_line_by_line(cli):
    """Every figure of every CSV row from the CLI matches the Python objects."""
    import csv
    import io

    rows = list(csv.DictReader(io.StringIO(run_cli(cli, "policy", "evaluate", "--format", "machine-csv", EXAMPLE))))
    awards = list(P.evaluate(EXAMPLE))
    assert len(rows) == len(awards)

    def fig(v):
        return "" if v is None else v

    for row, a in zip(rows, awards):
        assert row["applicant"] == a.applicant and row["programme"] == a.programme and row["unit"] == a.unit
        assert row["status"] == a.status.name.lower()
        assert Decimal(row["award"]) == a.award
        assert (Decimal(row["capped"]) if row["capped"] else None) == fig(a.capped) or row["capped"] == ""
        if row["uncapped"]:
            assert Decimal(row["uncapped"]) == a.uncapped
        if row["ranking value"] if "ranking value" in row else False:
            assert Decimal(row["ranking value"]) == a.ranking_value
    total = sum((a.award for a in awards), Decimal(0))
    assert total == P.evaluate(EXAMPLE).total()


def test_evaluate_from_generated_applications(cli, tmp_path):
    """A larger generated application set: CLI and Python give the same CSV."""
    doc = tmp_path / "apps.xml"
    doc.write_text(generated_applications(300), encoding="utf-8")
    ours = P.evaluate(doc).to_csv()
    theirs = run_cli(cli, "policy", "evaluate", "--format", "machine-csv", doc)
    assert ours.rstrip("\n") == theirs.rstrip("\n")


ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"


def credit_code(n: int) -> str:
    """A valid 统一社会信用代码 91370100MA + 7 digits + check."""
    body = f"91370100MA{n:07d}"
    weights = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]
    total = sum(ALPHABET.index(c) * w for c, w in zip(body, weights))
    return body + ALPHABET[(31 - total % 31) % 31]


def generated_applications(n: int) -> str:
    parts = ['<?xml version="1.0" encoding="UTF-8"?>\n<applications xmlns="urn:datasset:applications:1">']
    for i in range(n):
        code = credit_code(i + 1)
        amount = f"{(i * 7919) % 5000000 + 100000}.{i % 100:02d}"
        parts.append(
            f'  <applicant id="{code}" name="企业{i}" verified="true">\n'
            f'    <product id="P{i}" listed="2025-01-{i % 28 + 1:02d}" certificate="true" trade-voucher="true"/>\n'
            f'    <trade product="P{i}" date="2025-03-01" amount="{amount}"/>\n'
            f'    <voucher kind="trade"/>\n'
            f"  </applicant>"
        )
    parts.append("</applications>\n")
    return "\n".join(parts)
