"""Certificates: numbers, building, issuing, verification."""

from __future__ import annotations

import pytest

import datasset
from datasset import certificate as C
from datasset.translog import Key, Log, hash_data

CODE = "91350100M000100Y43"


def test_numbers():
    n = C.number_format("370100", 2025, "P", 123)
    assert n == "370100-2025-P-00000123-3"
    C.number_check(n)
    with pytest.raises(datasset.VerifyError) as ei:
        C.number_check(n[:-1] + "4")
    assert ei.value.column == 24 and ei.value.field == "number"
    with pytest.raises(datasset.ParseError) as ei:
        C.number_check("370100-2025-X")
    assert ei.value.column > 0
    with pytest.raises(datasset.ValidationError) as ei:
        C.number_format("37010", 2025, "P", 1)
    assert ei.value.field == "number"
    with pytest.raises(datasset.ValidationError):
        C.number_format("370100", 2025, "PP", 1)


def fields(key, **over):
    f = dict(
        number=C.number_format("370100", 2025, "R", 1),
        registrant_name="测试企业",
        registrant_credit_code=CODE,
        rights=[C.RightGrant("holding", "全部数据", "2025-03-18")],
        object_name="济南市公共交通客流数据",
        object_code="370100-QX-0001",
        object_description="Boardings per line and hour.",
        data_source="自有采集",
        data_format="CSV",
        update_frequency="每日",
        coverage_region="济南市",
        coverage_period="2024",
        quality_summary="良好",
        scenarios="交通规划",
        metadata_fingerprint="sha256:" + hash_data(b"entry").hex(),
        application_date="2025-03-03",
        publicity_start="2025-03-03",
        publicity_end="2025-03-17",
        registration_date="2025-03-18",
        registry_name="济南市数据资产登记平台",
        registry_key=key,
        scale_records=1000,
    )
    f.update(over)
    return f


def test_build_issue_verify():
    key = Key.generate()
    cert = C.Certificate.build(**fields(key))
    assert cert.number == "370100-2025-R-00000001-" + cert.number[-1]
    assert cert.key_id == key.id and not cert.is_cancellation
    assert "测试企业" in cert.summary()
    entry = cert.log_entry()
    assert entry.startswith(b"<")
    log = Log.memory()
    log.append(b"earlier event")
    index = cert.issue(log, "datasset-registry/370100", key, timestamp=1742288400)
    assert index == 1 and len(log) == 2
    report = cert.verify(key.public())
    assert report.ok and bool(report)
    names = [c.name for c in report]
    assert {"structure", "number", "signature", "checkpoint", "inclusion"} <= set(names)
    assert report["signature"].passed is True
    assert "signature" in report and "nope" not in report
    assert report.as_dict()["inclusion"] is True
    assert report.text.splitlines()[0].startswith(("ok", "skip"))
    report.raise_for_failure()
    assert "ok=True" in repr(report)
    # Parse the issued document back.
    again = C.Certificate.parse(cert.to_xml())
    assert again.number == cert.number and again.to_xml() == cert.to_xml()


def test_manual_steps_and_newer_head():
    key = Key.generate()
    cert = C.Certificate.build(**fields(key))
    log = Log.memory()
    index = log.append(cert.log_entry())
    note = datasset.translog.sign_checkpoint("o", 1, log.root(), "o", key)
    cert.set_log_evidence(index, note, log.inclusion_proof(index, 1))
    cert.sign(key)
    assert cert.verify(key).ok
    for i in range(4):
        log.append(bytes([i]))
    newer = datasset.translog.sign_checkpoint("o", 5, log.root(), "o", key)
    report = cert.verify(key, newer, log.consistency_proof(1, 5))
    assert report.ok and report["consistency"].passed is True
    # A forged newer head fails the consistency check, by name.
    bad = C.verify(cert.to_xml(), key, newer, [b"\0" * 32])
    assert not bad.ok and bad["consistency"].passed is False
    with pytest.raises(datasset.VerifyError):
        bad.raise_for_failure()


def test_verify_reports_failures_by_name():
    key = Key.generate()
    cert = C.Certificate.build(**fields(key))
    cert.issue(Log.memory(), "o", key)
    xml = cert.to_xml()
    # Another key: the signature check fails, and the report says which.
    report = C.verify(xml, Key.generate())
    assert not report.ok
    assert any(c.passed is False for c in report)
    assert isinstance(report.error, datasset.VerifyError)
    # A tampered document.
    tampered = xml.replace("测试企业", "别的企业")
    report = C.verify(tampered, key)
    assert report["signature"].passed is False
    # Not a certificate at all: structure fails.
    report = C.verify("<x/>", key)
    assert report["structure"].passed is False


def test_build_errors_name_the_field():
    key = Key.generate()
    with pytest.raises(datasset.ValidationError) as ei:
        C.Certificate.build(**fields(key, registrant_credit_code="91350100M000100Y44"))
    assert "creditCode" in ei.value.field or "credit" in ei.value.field.lower()
    with pytest.raises(datasset.ValidationError) as ei:
        C.Certificate.build(**fields(key, publicity_end="2025-03-01"))
    assert ei.value.field
    with pytest.raises(datasset.ValidationError):
        C.Certificate.build(**fields(key, rights=[]))
    with pytest.raises(datasset.ParseError):
        C.Certificate.parse("<certificate")


def test_cancellation_record():
    key = Key.generate()
    rec = C.Certificate.build_cancellation(
        cancels=C.number_format("370100", 2025, "R", 1),
        registration=1,
        registrant_name="测试企业",
        registrant_credit_code=CODE,
        object_name="济南市公共交通客流数据",
        object_code="370100-QX-0001",
        registration_date="2025-03-18",
        cancellation_date="2025-06-01",
        reason="主体申请注销",
        registry_name="济南市数据资产登记平台",
        registry_key=key,
    )
    assert rec.is_cancellation and rec.number.startswith("370100-2025-R-")
    rec.issue(Log.memory(), "o", key)
    report = rec.verify(key)
    assert report.ok and "fingerprint" not in report.as_dict() or report["fingerprint"].passed is not False
    assert "cancellation of" in repr(rec)
    with pytest.raises(datasset.ValidationError) as ei:
        C.Certificate.build_cancellation(
            cancels=rec.number, registration=0, registrant_name="x", registrant_credit_code=CODE,
            object_name="x", object_code="x", registration_date="2025-03-18", cancellation_date="2025-06-01",
            reason="r", registry_name="x", registry_key=key,
        )
    assert ei.value.field


def test_payload_and_pdf():
    key = Key.generate()
    cert = C.Certificate.build(**fields(key))
    with pytest.raises(datasset.ValidationError) as ei:
        cert.payload()
    assert ei.value.field == "logEvidence"
    cert.issue(Log.memory(), "o", key)
    payload = cert.payload()
    assert payload.startswith("DSC1:" + cert.number + ":")
    report = C.verify_payload(payload, key.public(), cert.to_xml())
    assert report.ok and report["payload_digest"].passed is True
    alone = C.verify_payload(payload, key.public())
    assert alone.ok and alone["payload_digest"].passed is None
    fields_ = payload.split(":")
    fields_[5] = str(int(fields_[5]) + 1)
    fields_[6] = str(int(fields_[6]) + 1)
    bad = C.verify_payload(":".join(fields_), key.public(), cert.to_xml())
    assert not bad.ok and bad["payload_index"].passed is False
    assert bad.error.field == "index"
    if C.pdf_supported():
        assert cert.print_pdf().startswith(b"%PDF-")
    else:
        with pytest.raises(datasset.UnsupportedError):
            cert.print_pdf()
