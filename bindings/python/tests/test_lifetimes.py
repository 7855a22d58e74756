"""Lifetimes: closing a parent before its child, exceptions mid-iteration,
collection in any order, use after close; no crash and no leak."""

from __future__ import annotations

import gc
import os
import random
import weakref

import pytest

import datasset
from datasset import policy as P
from datasset.translog import Key, Log

from conftest import FIXTURES, register

EXAMPLE = FIXTURES / "policy" / "worked-example.xml"
UNDER_ASAN = "libasan" in os.environ.get("LD_PRELOAD", "")


def test_close_is_idempotent_and_use_after_close_raises():
    key = Key.generate()
    key.close()
    key.close()
    assert key.closed and repr(key) == "<datasset.Key closed>"
    with pytest.raises(datasset.StateError, match="the key is closed"):
        key.sign(b"x")
    with Log.memory() as log:
        log.append(b"x")
    with pytest.raises(datasset.StateError):
        len(log)
    with pytest.raises(datasset.StateError):
        with log:
            pass


def test_registry_closed_before_its_log(registry):
    log = registry.log
    assert len(log) > 0
    registry.close()
    assert log.closed
    with pytest.raises(datasset.StateError, match="registry this log belongs to is closed"):
        len(log)
    with pytest.raises(datasset.StateError):
        log.root()
    with pytest.raises(datasset.StateError):
        registry.get(1)
    assert repr(log) == "<datasset.Log closed>"
    log.close()  # a borrowed handle: closing it frees nothing


def test_log_keeps_its_registry_alive(tmp_path):
    reg = datasset.Registry.create(tmp_path / "r.db", "R", "370100")
    reg.add_subject("91350100M000100Y43", "测试企业")
    ref = weakref.ref(reg)
    log = reg.log
    size = len(log)
    del reg
    gc.collect()
    assert ref() is not None  # the child holds its parent
    assert len(log) == size and log.root()
    del log
    gc.collect()
    assert ref() is None


def test_registry_context_manager_closes_on_exception(tmp_path):
    with pytest.raises(RuntimeError):
        with datasset.Registry.create(tmp_path / "r.db", "R", "370100") as reg:
            raise RuntimeError("boom")
    assert reg.closed
    # The file is usable again at once.
    with datasset.Registry(tmp_path / "r.db") as again:
        assert again.region == "370100"


def test_batch_open_when_registry_collected(tmp_path):
    reg = datasset.Registry.create(tmp_path / "r.db", "R", "370100")
    reg.begin()
    reg.add_subject("91350100M000100Y43", "测试企业")
    del reg  # ds_registry_free rolls the open batch back
    gc.collect()
    with datasset.Registry(tmp_path / "r.db") as reg:
        assert reg.subjects() == []


def test_close_inside_a_batch_block(tmp_path):
    reg = datasset.Registry.create(tmp_path / "r.db", "R", "370100")
    with pytest.raises(datasset.StateError):
        with reg.batch():
            reg.add_subject("91350100M000100Y43", "测试企业")
            reg.close()
    with datasset.Registry(tmp_path / "r.db") as reg:
        assert reg.subjects() == []


def test_exception_mid_iteration_and_close_while_iterating():
    awards = P.evaluate(EXAMPLE)
    n = len(awards)
    with pytest.raises(RuntimeError):
        for i, _ in enumerate(awards):
            if i == 2:
                raise RuntimeError("stop")
    assert len(list(awards)) == n  # still whole
    it = iter(awards)
    first = next(it)
    awards.close()
    with pytest.raises(datasset.StateError):
        next(it)
    assert first.applicant  # copied out: still valid
    del it
    gc.collect()


def test_inputs_closed_after_evaluation():
    pol = P.Policy.bundled()
    apps = P.Applications.load(EXAMPLE)
    awards = pol.evaluate(apps)
    pol.close()
    apps.close()
    gc.collect()
    assert awards.total() > 0 and len(awards.to_xml()) > 0
    with pytest.raises(datasset.StateError):
        P.evaluate(apps, pol)


def test_certificate_outlives_its_key():
    from test_certificate import fields

    key = Key.generate()
    cert = datasset.Certificate.build(**fields(key))
    public = key.public()
    log = Log.memory()
    cert.issue(log, "o", key)
    key.close()
    log.close()
    gc.collect()
    assert cert.verify(public).ok
    with pytest.raises(datasset.StateError):
        cert.sign(key)


def test_collection_in_any_order(tmp_path):
    rng = random.Random(7)
    for round_ in range(3):
        reg = datasset.Registry.create(tmp_path / f"r{round_}.db", "R", "370100", synchronous="normal")
        reg.key_generate()
        reg.load_calendar(FIXTURES / "registry" / "calendar-test.xml")
        reg.add_subject("91350100M000100Y43", "测试企业")
        rid = register(reg)
        objects = [
            reg,
            reg.log,
            reg.log,
            reg.certificate(rid),
            reg.public_key(),
            reg.load_key(),
            P.Policy.bundled(),
            P.Applications.load(EXAMPLE),
            P.evaluate(EXAMPLE),
            Log.memory(),
        ]
        report = objects[3].verify(objects[4])
        assert report.ok
        rng.shuffle(objects)
        while objects:
            obj = objects.pop()
            if rng.random() < 0.5:
                obj.close()
            del obj
            if rng.random() < 0.5:
                gc.collect()
        gc.collect()


def rss_kib() -> int:
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") // 1024


@pytest.mark.skipif(UNDER_ASAN or not os.path.exists("/proc/self/statm"), reason="needs /proc and no ASan quarantine")
def test_no_leak_over_many_objects():
    def work():
        awards = P.evaluate(EXAMPLE)
        list(awards)
        awards.to_csv()
        k = Key.generate()
        k.sign(b"x")
        log = Log.memory()
        for i in range(50):
            log.append(bytes([i]))
        log.inclusion_proof(3)
        datasset.words("1234.56")
        datasset.calc("1/3 + 1.1^-3")
        with pytest.raises(datasset.ParseError):
            datasset.calc("(")

    for _ in range(50):
        work()
    gc.collect()
    before = rss_kib()
    for _ in range(400):
        work()
    gc.collect()
    grown = rss_kib() - before
    assert grown < 4096, f"memory grew by {grown} KiB over 400 rounds"
