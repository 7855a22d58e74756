"""Compliance assessments in the registry: E1/E2/E3 through the bindings, a refusal, stale."""

from __future__ import annotations

import pytest

import datasset
from datasset.compliance import Workflow, assess
from datasset.probe import Probe
from datasset.registry_codes import DocumentKind, State

from conftest import FIXTURES, SELLER, at

C = FIXTURES / "compliance"
WHO = dict(actor="审核员 张三", reason="材料齐全")


def to_review(reg, kind: str) -> int:
    rid = reg.apply(SELLER, entry_path=FIXTURES / "registry" / "entry.xml", kind=kind, right="operating",
                    at=at(2025, 6, 2, 9))
    reg.advance(rid, "accepted", at=at(2025, 6, 2, 10), **WHO)
    reg.advance(rid, "review", at=at(2025, 6, 2, 11), **WHO)
    return rid


def test_examples_drive_the_workflow(registry):
    registry.require_assessment("product", "list", actor="平台管理员")
    registry.require_assessment("resource", "register", actor="平台管理员")
    assert registry.assessment_requirement("product") == ("list", "cn-2025")
    assert registry.assessment_requirement("asset") is None
    e1, e2, e3 = to_review(registry, "resource"), to_review(registry, "product"), to_review(registry, "product")
    aid, effect = registry.record_assessment(
        e1, assess(C / "e1-entry.xml", C / "e1-evidence.xml", date="2025-06-01"), actor="审查员",
        at=at(2025, 6, 2, 12))
    assert effect is Workflow.PROCEED and registry.get(e1).state is State.PUBLICITY
    _, effect = registry.record_assessment(
        e2, assess(C / "e2-entry.xml", C / "e2-evidence.xml", date="2025-03-20"), actor="审查员",
        at=at(2025, 6, 2, 12))
    assert effect is Workflow.PROCEED
    assert registry.get(e2).restrictions == "no_outbound: 限境内使用，不得向境外提供"
    rec = registry.assessments(e2)[-1]
    assert rec.restrictions == [("no_outbound", "限境内使用，不得向境外提供")] and rec.purpose == "list"
    assert '<checklist id="cn-2025"' in registry.document(e2, DocumentKind.ASSESSMENT)
    _, effect = registry.record_assessment(
        e3, assess(C / "e3-entry.xml", C / "e3-evidence.xml", date="2025-06-01"), actor="审查员",
        at=at(2025, 6, 2, 12))
    assert effect is Workflow.REJECT and registry.get(e3).state is State.REJECTED
    assert [r.split()[0] for r in registry.assessments(e3)[-1].reasons] == ["R03", "P01", "P02"]
    registry.advance(e2, "registered", at=at(2025, 6, 20, 9), **WHO)
    assert '<restriction code="no_outbound">限境内使用，不得向境外提供</restriction>' in registry.certificate_xml(e2)


def test_refused_without_assessment_and_stale(registry):
    registry.require_assessment("resource", "register", actor="平台管理员")
    rid = to_review(registry, "resource")
    with pytest.raises(datasset.StateError, match="needs a compliance assessment"):
        registry.advance(rid, "publicity", at=at(2025, 6, 2, 12), **WHO)
    registry.record_assessment(rid, assess(C / "e1-entry.xml", C / "e1-evidence.xml", date="2025-06-01"),
                               actor="审查员", at=at(2025, 6, 2, 12))
    assert registry.check_probe(rid, Probe.file(C / "persons.csv"), actor="审查员", at=at(2025, 6, 3, 9))
    assert "身份证号" in (registry.assessments(rid)[-1].stale or "")
