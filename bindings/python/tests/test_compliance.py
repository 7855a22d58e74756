"""Compliance assessments: the worked examples, flags, errors, and the CLI agreeing with Python."""

from __future__ import annotations

import subprocess

import pytest

import datasset
from datasset import compliance as C

from conftest import FIXTURES, TOP_SRCDIR

FX = FIXTURES / "compliance"
AT = "2025-06-01"
TIME = "2025-06-01T09:00:00+08:00"


def test_checklist():
    c = C.Checklist.bundled()
    assert c.id == "cn-2025" and c.version == "1" and c.digest.startswith("sha256:")
    assert repr(c) == "<datasset.Checklist cn-2025 1>"
    assert "X01 出境路径 — blocking / restrict:no_outbound" in c.describe()
    assert C.Checklist.load(TOP_SRCDIR / "schemas" / "compliance" / "cn-2025.xml").digest == c.digest
    with pytest.raises(datasset.NotFoundError):
        C.Checklist.bundled("cn-2030")


def test_worked_examples():
    e1 = C.assess(FX / "e1-entry.xml", FX / "e1-evidence.xml", date=AT, time=TIME)
    assert e1.outcome is C.Outcome.PASS and e1.workflow is C.Workflow.PROCEED
    assert e1.item("S02").status is C.Status.MISSING and e1.item("S02").severity is C.Severity.WARNING
    e2 = C.assess(C.Entry.load(FX / "e2-entry.xml"), C.Evidence.load(FX / "e2-evidence.xml"), "cn-2025", date=AT)
    assert e2.outcome is C.Outcome.CONDITIONAL and e2.workflow is C.Workflow.PROCEED
    assert e2.restrictions == [("no_outbound", "限境内使用，不得向境外提供")]
    assert [i.id for i in e2 if i.status is C.Status.NOT_SATISFIED] == ["X01", "X02", "X03"]
    assert e2.flags["xb_path"] == ("assessment", "derived")
    e3 = C.assess(FX / "e3-entry.xml", FX / "e3-evidence.xml", date=AT)
    assert e3.outcome is C.Outcome.FAIL and e3.workflow is C.Workflow.REJECT
    assert {i.id for i in e3 if i.status is C.Status.NOT_SATISFIED} == {"R03", "P01", "P02"}
    assert len(e3) == 34 and e3[-1].id == "T04" and [i.id for i in e3[:2]] == ["S01", "S02"]
    with pytest.raises(IndexError):
        e3[34]


@pytest.mark.parametrize("persons, path", [(99_999, "exempt"), (100_000, "contract_or_cert"),
                                           (999_999, "contract_or_cert"), (1_000_000, "assessment")])
def test_entry_in_python(persons, path):
    entry = C.Entry({"purpose": "register", "grade": "一般", "pi": "pi", "cross_border": True,
                     "xb_pi_ytd": persons, "source": ["self_generated"]})
    entry.set_registrant("91350100M000100Y43", "某公司", "enterprise")
    result = C.assess(entry, date=AT)
    assert result.flags["xb_path"][0] == path
    assert result.item("X01").status is C.Status.NOT_SATISFIED


def test_errors():
    entry = C.Entry({"purpose": "sell"})
    entry.set_registrant("91350100M000100Y43", kind="enterprise")
    with pytest.raises(datasset.ValidationError) as e:
        C.assess(entry, date=AT)
    assert "flag 'purpose' (declared): 'sell' is not one of its values (register, list)" in str(e.value)
    with pytest.raises(datasset.ValidationError):
        entry.set_registrant("91350100M000100Y44")
    with pytest.raises(datasset.ParseError):
        C.Evidence.parse("<evidence-list xmlns='urn:datasset:compliance:1'><x/></evidence-list>")


def test_cli_agrees():
    cli = __import__("os").environ.get("DATASSET_CLI")
    if not cli:
        pytest.skip("DATASSET_CLI not set")
    r = C.assess(FX / "e2-entry.xml", FX / "e2-evidence.xml", date=AT, time=TIME)
    out = subprocess.run([cli, "compliance", "assess", str(FX / "e2-entry.xml"), "--evidence",
                          str(FX / "e2-evidence.xml"), "--at", AT, "--time", TIME, "--format", "xml"],
                         capture_output=True, text=True, check=True).stdout
    assert out == r.to_xml()
    assert r.to_csv().startswith("id,name,status,")
    assert "Outcome: conditional" in r.to_text()
