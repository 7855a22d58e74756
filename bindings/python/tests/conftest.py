"""Shared fixtures for the datasset tests.

Run through tests/python.sh (make check), which builds the extension against
the build tree and sets DATASSET_CLI and DATASSET_TOP_SRCDIR; or against an
installed package with DATASSET_TOP_SRCDIR pointing at the source tree.
"""

from __future__ import annotations

import datetime as dt
import os
import pathlib
import shutil

import pytest
from hypothesis import HealthCheck, settings

# Sanitizer builds are slow: no deadlines; the same examples on every run.
settings.register_profile(
    "datasset", deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow]
)
settings.load_profile("datasset")

TOP_SRCDIR = pathlib.Path(os.environ.get("DATASSET_TOP_SRCDIR") or pathlib.Path(__file__).resolve().parents[3])
FIXTURES = TOP_SRCDIR / "tests" / "fixtures"

SELLER = "91350100M000100Y43"
BUYER = "91370100MA3C5EJQ3J"
CST = dt.timezone(dt.timedelta(hours=8))


def at(year: int, month: int, day: int, hour: int = 9) -> int:
    """Unix seconds of a China Standard Time date and hour."""
    return int(dt.datetime(year, month, day, hour, tzinfo=CST).timestamp())


@pytest.fixture
def top_srcdir() -> pathlib.Path:
    return TOP_SRCDIR


@pytest.fixture
def fixtures() -> pathlib.Path:
    return FIXTURES


@pytest.fixture
def cli() -> str:
    path = os.environ.get("DATASSET_CLI")
    if not path:
        for cand in (TOP_SRCDIR / "_build" / "dev" / "datasset",):
            if cand.exists():
                path = str(cand)
        path = path or shutil.which("datasset")
    if not path or not os.path.exists(path):
        pytest.skip("the datasset CLI is not available (set DATASSET_CLI)")
    return path


@pytest.fixture
def registry(tmp_path):
    """A registry with a signing key, the test calendar and two registrants."""
    import datasset

    reg = datasset.Registry.create(tmp_path / "r.db", "济南市数据资产登记平台", "370100")
    reg.key_generate()
    reg.load_calendar(FIXTURES / "registry" / "calendar-test.xml")
    reg.add_subject(SELLER, "测试企业")
    reg.add_subject(BUYER, "买方企业", datasset.SubjectType.ENTERPRISE)
    yield reg
    reg.close()


def register(reg, kind="resource", right="holding", **kw) -> int:
    """Apply on 2025-03-03 and take the registration to REGISTERED."""
    rid = reg.apply(
        SELLER, entry_path=FIXTURES / "registry" / "entry.xml", kind=kind, right=right, at=at(2025, 3, 3, 9), **kw
    )
    who = dict(actor="审核员 张三", reason="材料齐全")
    reg.advance(rid, "accepted", at=at(2025, 3, 3, 10), **who)
    reg.advance(rid, "review", at=at(2025, 3, 3, 11), **who)
    reg.advance(rid, "publicity", at=at(2025, 3, 3, 12), **who)
    reg.advance(rid, "registered", at=at(2025, 3, 18, 9), **who)
    return rid
