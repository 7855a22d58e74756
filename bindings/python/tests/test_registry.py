"""The registry: registrants, the workflow, certificates, batches, trades, the log."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

import datasset
from datasset import registry as R
from datasset.registry_codes import DocumentKind, Kind, RegType, Right, State, SubjectType, TradeVenue

from conftest import BUYER, FIXTURES, SELLER, at, register

ENTRY = FIXTURES / "registry" / "entry.xml"


def test_codes():
    assert State.of("publicity") is State.PUBLICITY
    assert State.of("公示") is State.PUBLICITY
    assert State.PUBLICITY.english == "publicity" and State.PUBLICITY.label == "公示"
    assert Kind.of("数据产品") is Kind.PRODUCT and Kind.of(2) is Kind.ASSET
    assert Right.of(Right.HOLDING) is Right.HOLDING
    assert RegType.CANCELLATION.label == "注销" or "注销" in RegType.CANCELLATION.label
    assert SubjectType.ENTERPRISE.label == "企业"
    with pytest.raises(datasset.ValidationError, match="publicty"):
        State.of("publicty")
    with pytest.raises(TypeError):
        State.of(1.0)  # type: ignore[arg-type]


def test_uscc():
    assert R.uscc_normalize(" 91350100m000100y43 ") == SELLER
    assert R.uscc_normalize("９１３５０１００Ｍ０００１００Ｙ４３") == SELLER
    with pytest.raises(datasset.ValidationError) as ei:
        R.uscc_normalize("9135")
    assert ei.value.column == 5


def test_create_open_and_subjects(tmp_path):
    path = tmp_path / "r.db"
    with datasset.Registry.create(path, "济南市数据资产登记平台", "370100", synchronous="normal") as reg:
        assert reg.name == "济南市数据资产登记平台" and reg.region == "370100"
        assert "370100" in repr(reg)
        reg.add_subject(SELLER, "测试企业")
        reg.add_subject(BUYER, "买方企业", "企业")
        with pytest.raises(datasset.ExistsError):
            reg.add_subject(SELLER, "again")
    assert repr(reg) == "<datasset.Registry closed>"
    with pytest.raises(datasset.ExistsError):
        datasset.Registry.create(path, "x", "370100")
    with datasset.Registry(path, busy_timeout_ms=500, signing="caller") as reg:
        s = reg.subject(SELLER.lower())
        assert s.code == SELLER and s.type is SubjectType.ENTERPRISE and s.region == "350100"
        assert [x.code for x in reg.subjects()] == sorted([SELLER, BUYER])
        assert len(reg.subjects(offset=1, limit=1)) == 1
        with pytest.raises(datasset.NotFoundError):
            reg.subject("91110000600037341L")
    with pytest.raises(datasset.ValidationError):
        datasset.Registry.create(tmp_path / "x.db", "x", "37010")
    with pytest.raises(datasset.ValidationError):
        datasset.Registry(path, synchronous="sometimes")
    with pytest.raises(datasset.ValidationError):
        datasset.Registry(path, signing="nobody")


def test_workflow_certificate_and_history(registry):
    rid = register(registry, scope="全部", term="三年")
    r = registry.get(rid)
    assert r.state is State.REGISTERED and r.subject == SELLER and r.subject_name == "测试企业"
    assert r.entry_id == "370100-QX-0001" and r.scope == "全部" and r.term == "三年"
    assert r.publicity_start == "2025-03-03" and r.registered == "2025-03-18"
    assert r.certificate and r.query_code
    assert registry[rid] == r
    assert registry.find(r.query_code) == r
    assert registry.find(r.query_code.lower().replace("-", "")) == r
    with pytest.raises(datasset.NotFoundError):
        registry.get(999)
    hist = registry.history(rid)
    assert [t.to for t in hist] == [State.SUBMITTED, State.ACCEPTED, State.REVIEW, State.PUBLICITY, State.REGISTERED]
    assert hist[0].from_state is None and hist[1].from_state is State.SUBMITTED
    assert hist[1].actor == "审核员 张三" and hist[1].reason == "材料齐全"
    assert "370100-QX-0001" in registry.document(rid, DocumentKind.ENTRY)
    with pytest.raises(datasset.NotFoundError):
        registry.document(rid, DocumentKind.PROBE)
    cert = registry.certificate(rid)
    assert cert.number == r.certificate
    report = cert.verify(registry.public_key())
    assert report.ok, report.text
    assert report["inclusion"].passed
    with pytest.raises(datasset.NotFoundError) as ei:
        registry.certificate(999)
    assert ei.value.field == "id"


def test_illegal_transition_is_a_state_error(registry):
    rid = registry.apply(SELLER, entry_xml=ENTRY.read_text(), draft=True, at=at(2025, 3, 3))
    assert registry.get(rid).state is State.DRAFT
    with pytest.raises(datasset.StateError, match="cannot go from"):
        registry.advance(rid, State.REGISTERED, actor="a", reason="r", at=at(2025, 3, 4))
    with pytest.raises(datasset.ValidationError):
        registry.advance(rid, "submitted", actor="", reason="r", at=at(2025, 3, 4))
    registry.advance(rid, "submitted", actor="a", reason="r", evidence="x.pdf", at=dt.datetime(2025, 3, 4, 1))
    assert registry.history(rid)[-1].evidence == "x.pdf"


def test_apply_errors(registry, tmp_path):
    with pytest.raises(TypeError):
        registry.apply(SELLER)
    with pytest.raises(datasset.NotFoundError):
        registry.apply("91110000600037341L", entry_path=ENTRY)
    with pytest.raises(datasset.ParseError) as ei:
        registry.apply(SELLER, entry_path=FIXTURES / "registry" / "not-entry.xml")
    assert ei.value.line >= 1 or ei.value.field
    with pytest.raises(datasset.FileError):
        registry.apply(SELLER, entry_path=tmp_path / "none.xml")


def test_list_filters(registry):
    a = register(registry, kind="product", right="operating")
    b = registry.apply(SELLER, entry_path=ENTRY, at=at(2025, 4, 1))
    assert [r.id for r in registry.list()] == [a, b]
    assert [r.id for r in registry.list(state="registered")] == [a]
    assert [r.id for r in registry.list(kind=Kind.PRODUCT)] == [a]
    assert [r.id for r in registry.list(right="holding")] == [b]
    assert [r.id for r in registry.list(subject=SELLER, applied_from=dt.date(2025, 3, 10))] == [b]
    assert [r.id for r in registry.list(applied_to="2025-03-10")] == [a]
    assert [r.id for r in registry.list(offset=1, limit=1)] == [b]
    assert registry.list(subject=BUYER) == []


def test_batch_commits_or_rolls_back(registry):
    with registry.batch():
        a = registry.apply(SELLER, entry_path=ENTRY, at=at(2025, 3, 3))
        b = registry.apply(SELLER, entry_path=ENTRY, at=at(2025, 3, 3))
    assert [r.id for r in registry.list()] == [a, b]
    with pytest.raises(RuntimeError):
        with registry.batch():
            registry.apply(SELLER, entry_path=ENTRY, at=at(2025, 3, 3))
            raise RuntimeError("stop")
    assert len(registry.list()) == 2
    with registry.batch(bulk=True):
        registry.apply(SELLER, entry_path=ENTRY, at=at(2025, 3, 3))
    assert len(registry.list()) == 3
    registry.begin()
    with pytest.raises(datasset.StateError):
        registry.begin()
    registry.rollback()
    with pytest.raises(datasset.StateError):
        registry.commit()
    with pytest.raises(datasset.StateError):
        registry.rollback()
    registry.begin()
    registry.apply(SELLER, entry_path=ENTRY, at=at(2025, 3, 3))
    registry.commit()
    assert len(registry.list()) == 4


def test_batch_signs_certificates(registry):
    with registry.batch():
        ids = [register(registry) for _ in range(3)]
        # Inside a batch, asking for a certificate signs what waits first.
        assert registry.certificate(ids[0]).verify(registry.public_key()).ok
    key = registry.public_key()
    for rid in ids:
        assert registry.certificate(rid).verify(key).ok


def test_keys_and_log(registry, tmp_path):
    key_id = registry.public_key().id
    private = registry.load_key()
    assert private.is_private and private.id == key_id
    assert registry.public_key(key_id).id == key_id
    with pytest.raises(datasset.NotFoundError) as ei:
        registry.public_key("0" * 64)
    assert ei.value.field == "key_id"
    new_id = registry.key_generate(datasset.SigAlg.ED25519)
    assert new_id != key_id and registry.public_key().id == new_id
    assert registry.load_key(key_id).id == key_id
    log = registry.log
    n = len(log)
    assert n > 0
    register(registry)
    assert len(log) > n
    origin = registry.log_origin()
    assert origin == "datasset-registry/370100"
    head = registry.log_head(timestamp=1742288400)
    cp = datasset.translog.Checkpoint.open(head, origin, registry.public_key())
    assert cp.size == len(log) and cp.root == log.root() and cp.timestamp == 1742288400
    datasset.translog.verify_inclusion(0, len(log), log.leaf_hash(0), log.inclusion_proof(0), log.root())
    registry.log_verify()


def test_log_verify_detects_tampering(tmp_path):
    import sqlite3

    path = tmp_path / "t.db"
    with datasset.Registry.create(path, "R", "370100") as reg:
        reg.add_subject(SELLER, "测试企业")
        reg.add_subject(BUYER, "买方企业")
    con = sqlite3.connect(path)
    tables = [r[0] for r in con.execute("select name from sqlite_master where type='table'")]
    assert "events" in tables
    cols = [r[1] for r in con.execute("pragma table_info(events)")]
    body = next(c for c in cols if c in ("body", "json", "data", "payload"))
    con.execute(f"update events set {body} = replace({body}, '买方企业', '卖方企业')")
    con.commit()
    con.close()
    with datasset.Registry(path) as reg:
        with pytest.raises(datasset.VerifyError) as ei:
            reg.log_verify()
        assert ei.value.bad_index >= 1


def test_calendar(registry, tmp_path):
    assert registry.add_working_days("2025-03-03", 10) == "2025-03-17"
    assert registry.add_working_days(dt.date(2025, 3, 3), 0) == "2025-03-03"
    with pytest.raises(datasset.ValidationError):
        registry.add_working_days("2025-02-30", 1)
    with pytest.raises(datasset.ValidationError) as ei:
        registry.load_calendar(FIXTURES / "registry" / "calendar-twice.xml")
    assert ei.value.line > 0
    with pytest.raises(datasset.FileError):
        registry.load_calendar(tmp_path / "none.xml")


def test_trades_recognitions_and_applications(registry, tmp_path):
    product = register(registry, kind="product", right="operating")
    tid = registry.trade(
        seller=SELLER, buyer=BUYER, registration=product, amount=Decimal("1200000.00"),
        date="2025-04-01", voucher="SDX-2025-0001",
    )
    assert tid >= 1
    registry.trade(
        seller=SELLER, buyer=BUYER, registration=product, amount="300,000.5", date=dt.date(2025, 5, 1),
        voucher="BA-1", venue=TradeVenue.OFF,
    )
    with pytest.raises(datasset.ExistsError):
        registry.trade(seller=SELLER, buyer=BUYER, registration=product, amount=1, date="2025-04-02",
                       voucher="SDX-2025-0001")
    with pytest.raises(datasset.ValidationError) as ei:
        registry.trade(seller=SELLER, buyer=BUYER, registration=product, amount="0.001", date="2025-04-02",
                       voucher="V2")
    assert ei.value.field
    with pytest.raises(TypeError):
        registry.trade(seller=SELLER, buyer=BUYER, registration=product, amount=1.5, date="2025-04-02",
                       voucher="V3")
    asset = register(registry, kind="asset")
    rec = registry.recognition(
        registration=asset, date="2025-06-30", amount="500000.00", filing="RB-2025-001", provider=BUYER,
        provider_founded="2020-01-01", provider_approved=True, provider_independent=True, provider_clean=True,
        provider_qualifications="cpa appraiser",
    )
    assert rec >= 1
    with pytest.raises(datasset.ValidationError) as ei:
        registry.recognition(registration=product, date="2025-06-30", amount="1", filing="RB-2",
                             provider=BUYER, provider_founded="2020-01-01")
    doc = registry.export_applications("2025-01-01", "2025-12-31")
    assert "urn:datasset:applications:1" in doc and SELLER in doc and "SDX-2025-0001" in doc
    apps = datasset.Applications.parse(doc, "export")
    assert len(apps) >= 1
    awards = datasset.policy.evaluate(apps)
    assert awards.total() >= 0
    with pytest.raises(datasset.ValidationError):
        registry.export_applications("2025-12-31", "2025-01-01")


def test_cancellation(registry):
    rid = register(registry)
    registry.advance(rid, "cancelled", actor="a", reason="主体申请注销", at=at(2025, 6, 1))
    rec = registry.cancellation(rid)
    assert rec.is_cancellation and rec.number == registry.get(rid).certificate
    assert rec.verify(registry.public_key()).ok
    assert "<cancellation" in registry.cancellation_xml(rid)
    with pytest.raises(datasset.NotFoundError):
        registry.cancellation(rid + 100)
