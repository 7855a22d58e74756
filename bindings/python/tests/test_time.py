"""datasset.time (ds_time_parse / ds_time_format), data_dir and cleanup."""

from __future__ import annotations

import datetime as dt
import threading

import pytest

import datasset
from datasset import time as dstime
from conftest import FIXTURES

UTC = dt.timezone.utc


def seconds(*args, tz=dstime.CST):
    return int(dt.datetime(*args, tzinfo=tz).timestamp())


@pytest.mark.parametrize(
    "text, expected",
    [
        ("2025-03-03T09:00:00+08:00", seconds(2025, 3, 3, 9)),
        ("2025-03-03T01:00:00Z", seconds(2025, 3, 3, 1, tz=UTC)),
        ("2025-03-03 09:00", seconds(2025, 3, 3, 9)),  # no offset: China Standard Time
        ("2025-03-03", seconds(2025, 3, 3)),  # a date: its midnight, CST
        ("2024-02-29T23:59:59-05:30", seconds(2024, 2, 29, 23, 59, 59, tz=dt.timezone(-dt.timedelta(hours=5, minutes=30)))),
        ("1970-01-01T00:00:00Z", 0),
        ("9999-12-31T23:59:59Z", 253402300799),
    ],
)
def test_parse(text, expected):
    assert dstime.parse(text) == expected
    assert dstime.parse_datetime(text) == dt.datetime.fromtimestamp(expected, UTC)
    assert dstime.parse_datetime(text).utcoffset() == dt.timedelta(0)


@pytest.mark.parametrize(
    "text, column, why",
    [("2025-13-01", 1, "not a date"), ("2025-02-30", 1, "not a date"), ("2025-03-03T24:00", 12, "not a time"),
     ("2025-03-03T09:00:60", 18, "not seconds"), ("2025/03/03", 1, "not a date"), ("", 1, "too short"),
     ("2025-03-03T09:00+8", 17, "not an offset"), ("1969-12-31T23:59:59Z", 1, "before 1970"),
     ("2025-03-03X", 11, "expected 'T'")],
)
def test_parse_rejects(text, column, why):
    with pytest.raises(datasset.ValidationError) as info:
        dstime.parse(text)
    assert info.value.column == column and why in info.value.message and repr(text) in info.value.message


def test_format():
    t = seconds(2025, 3, 3, 9)
    assert dstime.format(t) == "2025-03-03T09:00:00+08:00"
    assert dstime.format(t, 0) == "2025-03-03T01:00:00Z"
    assert dstime.format(t, -330) == "2025-03-02T19:30:00-05:30"
    assert dstime.format(dt.datetime(2025, 3, 3, 1, tzinfo=UTC)) == "2025-03-03T09:00:00+08:00"
    assert dstime.parse(dstime.format(t, 61)) == t  # round trip through any offset
    with pytest.raises(TypeError):
        dstime.format(dt.datetime(2025, 3, 3))  # naive
    with pytest.raises(TypeError):
        dstime.format(1.5)  # type: ignore[arg-type]
    for bad in ((-1, 480), (253402300800, 0), (0, 1440), (0, -1440), (2**70, 0)):
        with pytest.raises(datasset.ValidationError):
            dstime.format(*bad)


def test_data_dir():
    d = datasset.data_dir()
    assert d.endswith("/datasset") and d.startswith("/")


def test_cleanup_then_use_again():
    # Nothing of the library is alive in this thread's test; cleanup twice, then
    # the library initialises itself again: XML (libxml2) and ICU still work.
    datasset.cleanup()
    datasset.cleanup()
    awards = datasset.policy.evaluate(FIXTURES / "policy" / "worked-example.xml", "jinan-2025")
    assert awards.total() > 0
    del awards
    assert datasset.words("1680.32") == "人民币壹仟陆佰捌拾元零叁角贰分"
    done = []
    t = threading.Thread(target=lambda: done.append(dstime.parse("2025-03-03")))
    t.start()
    t.join()
    assert done == [seconds(2025, 3, 3)]
