"""Points in time as the library reads and writes them: ISO 8601 with an
explicit offset, China Standard Time (UTC+08:00) when none is given.

>>> time.parse("2025-03-03 09:00")          # seconds since 1970-01-01T00:00:00Z
1740963600
>>> time.format(1740963600)                 # '2025-03-03T09:00:00+08:00'
>>> time.format(1740963600, offset_minutes=0)   # '2025-03-03T01:00:00Z'

:func:`parse` accepts ``YYYY-MM-DDTHH:MM[:SS]`` followed by ``Z`` or
``+HH:MM``/``-HH:MM`` (a space may stand for the ``T``), or a date alone
(its midnight, China Standard Time); years 1970 to 9999. Bad text raises
:class:`~datasset.ValidationError` with the 1-based ``column`` of the fault.
"""

from __future__ import annotations

import datetime as _dt
from typing import Union

from . import errors
from ._core import check, ffi, lib, text_in

__all__ = ["CST", "parse", "parse_datetime", "format"]

#: China Standard Time, UTC+08:00: the time of the registries, and the default offset.
CST = _dt.timezone(_dt.timedelta(hours=8), "CST")


def parse(text: str) -> int:
    """The time @text as seconds since 1970-01-01T00:00:00Z (ds_time_parse)."""
    out = ffi.new("int64_t *")
    check(lib.ds_time_parse(out, text_in(text, "time")))
    return int(out[0])


def parse_datetime(text: str) -> _dt.datetime:
    """The time @text as an aware :class:`datetime.datetime` in UTC (``.astimezone(CST)``
    for China Standard Time; UTC always fits, up to 9999-12-31T23:59:59Z)."""
    return _dt.datetime.fromtimestamp(parse(text), _dt.timezone.utc)


def format(t: Union[int, _dt.datetime], offset_minutes: int = 480) -> str:  # noqa: A001
    """Write @t (Unix seconds, or an aware datetime) as ISO 8601 with the
    offset @offset_minutes east of UTC (480: ``+08:00``; 0: ``Z``) (ds_time_format)."""
    if isinstance(t, _dt.datetime):
        if t.tzinfo is None or t.utcoffset() is None:
            raise TypeError("a naive datetime has no time zone: give one with tzinfo (e.g. datasset.time.CST)")
        seconds = int(t.timestamp())
    elif isinstance(t, bool) or not isinstance(t, int):
        raise TypeError(f"a time must be Unix seconds (int) or an aware datetime, not {type(t).__name__}")
    else:
        seconds = t
    if isinstance(offset_minutes, bool) or not isinstance(offset_minutes, int):
        raise TypeError(f"offset_minutes must be an int, not {type(offset_minutes).__name__}")
    if not (-(2**63) <= seconds < 2**63 and -(2**31) <= offset_minutes < 2**31):
        raise errors.ValidationError(f"time {seconds} or offset {offset_minutes} is out of range",
                                     code=lib.DS_EINVAL)
    buf = ffi.new("char[]", lib.DS_TIME_SIZE)
    check(lib.ds_time_format(buf, seconds, offset_minutes))
    return str(ffi.string(buf).decode("ascii"))
