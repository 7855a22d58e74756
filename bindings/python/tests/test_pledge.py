"""Pledges (质押) of registered rights: pledge.md's worked example through the
bindings, the refusal of a transfer (EncumberedError), the review's
rejection of a 事业单位 pledgor, and the pledge certificate verified."""

from __future__ import annotations

from decimal import Decimal

import pytest

import datasset
from datasset.certificate import verify
from datasset.registry import PledgeAction, PledgeState

from conftest import BUYER, FIXTURES, SELLER, at

BANK = "91370100MA00000010"
LENDER = "91370100MA00000023"
INSTITUTION = "12370100MB00000017"


def product(reg, holder=SELLER) -> int:
    rid = reg.apply(holder, entry_path=FIXTURES / "registry" / "entry.xml", kind="product", right="operating",
                    term="2025-03-18/2028-03-31", at=at(2025, 3, 3, 9))
    who = dict(actor="审核员", reason="材料齐全")
    for state in ("accepted", "review", "publicity"):
        reg.advance(rid, state, at=at(2025, 3, 3, 10), **who)
    reg.advance(rid, "registered", at=at(2025, 3, 18, 9), **who)
    return rid


def pledge(reg, rid, pledgee, principal, due, perfected, contract, when, pledgor=SELLER) -> tuple[int, bool]:
    pid = reg.pledge_add(registration=rid, pledgor=pledgor, pledgee=pledgee, claim_type="借款", principal=principal,
                         due_date=due, main_contract="借款合同", pledge_contract=contract,
                         external_system="统一登记系统" if perfected else None, external_time=perfected, at=when)
    who = dict(actor="登记员", reason="依申请")
    reg.pledge_advance(pid, "accepted", at=when + 60, **who)
    reg.pledge_advance(pid, PledgeState.REVIEW, at=when + 60, **who)
    return pid, reg.pledge_review(pid, at=when + 120, **who)


def test_worked_example(registry):
    reg = registry
    reg.add_subject(BANK, "某银行", "企业")
    reg.add_subject(LENDER, "某贷款公司", "企业")
    rid = product(reg)
    a, ok_a = pledge(reg, rid, BANK, "2000000.00", "2026-03-14", "2025-03-20T09:00", "A", at(2025, 3, 20))
    b, ok_b = pledge(reg, rid, LENDER, Decimal("1500000.00"), "2026-03-31", "2025-05-12T09:00", "B",
                     at(2025, 5, 12))
    assert ok_a and ok_b
    p = reg.pledge(a)
    assert p.state is PledgeState.ACTIVE and p.rank == 1 and p.pledge_no.startswith("370100-2025-Z-00000001-")
    assert "有质押" in reg.encumbrance(rid) and "2000000.00" not in reg.encumbrance(rid)
    with pytest.raises(datasset.EncumberedError, match="有质押"):
        reg.trade(seller=SELLER, buyer=BUYER, registration=rid, amount="1", date="2025-08-01", voucher="V")
    reg.pledge_consent(a, PledgeAction.TRANSFER, actor=BANK, reason="同意", at=at(2025, 8, 1))
    with pytest.raises(datasset.EncumberedError, match=LENDER):
        reg.trade(seller=SELLER, buyer=BUYER, registration=rid, amount="1", date="2025-08-01", voucher="V")
    reg.pledge_change(b, due_date="2026-06-30", actor=LENDER, reason="展期", at=at(2025, 9, 1))
    assert reg.pledge(b).due_date == "2026-06-30"
    with pytest.raises(datasset.ValidationError, match="validity"):
        reg.pledge_change(b, due_date="2028-06-30", actor=LENDER, reason="展期", at=at(2025, 9, 2))
    reg.pledge_enforce(a, "2065000.00", actor=BANK, reason="违约", at=at(2026, 4, 1))
    reg.pledge_enforce(b, "1520000.00", actor=LENDER, reason="违约", at=at(2026, 4, 1))
    shares, left = reg.pledge_distribute(rid, "3000000.00", actor="法院", reason="分配", at=at(2026, 4, 20))
    assert [(s.pledge, s.rank, s.paid, s.shortfall) for s in shares] == [
        (a, 1, "2065000.00", "0.00"), (b, 2, "935000.00", "585000.00")]
    assert left == 0
    assert [x.id for x in reg.pledges(pledgee=LENDER)] == [b]
    assert 'state="enforced"' in reg.pledge_record(b)
    assert 'state="submitted"' in reg.pledge_record(b, 1)
    key = reg.load_key()
    cert = reg.pledge_certificate_xml(a)
    assert "<pledgeCertificate" in cert
    report = verify(cert, key)
    assert report.ok and report["signature"].passed
    bad = verify(cert.replace("2000000.00", "3000000.00"), key)
    assert not bad.ok and not bad["signature"].passed


def test_institution_rejected(registry):
    reg = registry
    reg.add_subject(INSTITUTION, "某事业单位")
    reg.add_subject(BANK, "某银行", "企业")
    rid = product(reg, INSTITUTION)
    pid, ok = pledge(reg, rid, BANK, "100", "2026-01-01", None, "X", at(2025, 4, 1), pledgor=INSTITUTION)
    assert not ok
    p = reg.pledge(pid)
    assert p.state is PledgeState.REJECTED and "check 6" in (p.reasons or "")
    with pytest.raises(datasset.NotFoundError):
        reg.pledge_certificate_xml(pid)
    with pytest.raises(datasset.StateError):
        reg.pledge_advance(pid, "released", actor="x", reason="y")
    assert PledgeState.of("登记") is PledgeState.ACTIVE and PledgeAction.of("许可") is PledgeAction.LICENCE
