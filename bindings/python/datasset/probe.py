"""Automatic discovery (数据探查): schema inference, statistics, GB/T 36344
quality indicators, fingerprints and change reports between snapshots, for
CSV/TSV files (any common Chinese encoding) and SQLite tables, in bounded memory.

>>> p = probe.Probe.file("gjj.csv", update_cycle="每月", as_of="2025-07-01")
>>> [(c.name, c.type, c.distinct) for c in p.columns]
>>> p.quality("completeness")            # Decimal score 0..100, exact
>>> probe.Probe.file("old.csv").diff(p).events
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from typing import Any, Callable, Dict, List, Optional, Tuple, Union

from . import errors
from ._core import (Handle, PathLike, borrowed, check, data_in, extern_python, ffi, lib, locked, opt_text, path_in, read_list,
                    string_out, text_in)
from .decimals import Number, from_c, new_decimal

__all__ = [
    "probe",
    "ProbeReport",
    "Probe",
    "Diff",
    "Column",
    "Source",
    "Records",
    "SourceProblem",
    "Event",
    "Dimension",
    "ProbeType",
    "Semantic",
    "Change",
    "Severity",
]

Progress = Callable[[int, int], Any]


class ProbeType(enum.IntEnum):
    """An inferred column type."""

    EMPTY = lib.DS_PROBE_EMPTY
    BOOLEAN = lib.DS_PROBE_BOOLEAN
    INTEGER = lib.DS_PROBE_INTEGER
    DECIMAL = lib.DS_PROBE_DECIMAL
    DATE = lib.DS_PROBE_DATE
    DATETIME = lib.DS_PROBE_DATETIME
    TEXT = lib.DS_PROBE_TEXT

    @property
    def stable_name(self) -> str:
        return borrowed(lib.ds_probe_type_name(int(self))) or ""


class Semantic(enum.IntEnum):
    """A recognised identifier kind."""

    NONE = lib.DS_SEMANTIC_NONE
    CREDIT_CODE = lib.DS_SEMANTIC_CREDIT_CODE  #: 统一社会信用代码
    ID_CARD = lib.DS_SEMANTIC_ID_CARD  #: 居民身份证号 (个人信息)
    MOBILE = lib.DS_SEMANTIC_MOBILE  #: mobile number (个人信息)
    REGION = lib.DS_SEMANTIC_REGION  #: 行政区划代码
    EMAIL = lib.DS_SEMANTIC_EMAIL  #: e-mail (个人信息)

    @property
    def stable_name(self) -> str:
        return borrowed(lib.ds_probe_semantic_name(int(self))) or ""


class Dimension(enum.IntEnum):
    """GB/T 36344-2018 quality dimensions the probe measures."""

    CONFORMANCE = lib.DS_QUALITY_CONFORMANCE  #: 规范性
    COMPLETENESS = lib.DS_QUALITY_COMPLETENESS  #: 完整性
    ACCURACY = lib.DS_QUALITY_ACCURACY  #: 准确性 (proxy: not duplicated)
    TIMELINESS = lib.DS_QUALITY_TIMELINESS  #: 时效性

    @property
    def label(self) -> str:
        """The Chinese name ("规范性")."""
        return borrowed(lib.ds_probe_dimension_name(int(self))) or ""

    @classmethod
    def of(cls, value: Union["Dimension", str, int]) -> "Dimension":
        if isinstance(value, str):
            for m in cls:
                if value.upper() == m.name or value == m.label:
                    return m
            raise errors.ValidationError(f"unknown quality dimension {value!r}", code=lib.DS_EINVAL)
        return cls(value)


class Change(enum.IntEnum):
    """Kinds of change events."""

    ADD = lib.DS_CHANGE_ADD
    DROP = lib.DS_CHANGE_DROP
    RENAME = lib.DS_CHANGE_RENAME
    TYPE_WIDEN = lib.DS_CHANGE_TYPE_WIDEN
    TYPE_NARROW = lib.DS_CHANGE_TYPE_NARROW
    NULLABILITY = lib.DS_CHANGE_NULLABILITY
    STATS_DRIFT = lib.DS_CHANGE_STATS_DRIFT
    CONTENT = lib.DS_CHANGE_CONTENT
    QUALITY = lib.DS_CHANGE_QUALITY
    SOURCE = lib.DS_CHANGE_SOURCE

    @property
    def stable_name(self) -> str:
        """The stable name ("TYPE_WIDEN")."""
        return borrowed(lib.ds_probe_change_name(int(self))) or ""


class Severity(enum.IntEnum):
    """How much a change matters."""

    INFO = lib.DS_PROBE_INFO
    WARNING = lib.DS_PROBE_WARNING
    BREAKING = lib.DS_PROBE_BREAKING

    @property
    def stable_name(self) -> str:
        """The stable name ("breaking")."""
        return borrowed(lib.ds_probe_severity_name(int(self))) or ""


_PROBLEM_KINDS = int(lib.DS_PROBLEM_KINDS)


@dataclass(frozen=True)
class Source:
    """Where the probe's data came from."""

    kind: str
    location: str
    encoding: str
    delimiter: str
    header: bool
    bom: bool
    bytes: int
    rows: int
    columns: int


@dataclass(frozen=True)
class Column:
    """One column's inference and statistics."""

    name: str
    type: ProbeType
    precision: int
    scale: int
    format: Optional[str]
    semantic: Semantic
    personal_info: bool
    nullable: bool
    nulls: int
    non_empty: int
    conforming: int
    dominant: ProbeType
    dominant_count: int
    semantic_shape: int
    semantic_valid: int
    max_length: int
    distinct: int
    distinct_exact: bool
    unique: bool
    min: Optional[str]
    max: Optional[str]
    top: List[Tuple[str, int]] = field(default_factory=list)


@dataclass(frozen=True)
class Records:
    """Record-level statistics."""

    rows: int
    complete: int
    duplicate_window: int
    duplicates: int
    duplicates_exact: bool
    latest_date: Optional[str]
    update_cycle: Optional[str]
    as_of: Optional[str]


@dataclass(frozen=True)
class SourceProblem:
    """A kind of problem in the source: its count and samples (line, field, message)."""

    kind: str
    count: int
    samples: List[Tuple[int, int, str]]


@dataclass(frozen=True)
class Event:
    """One change between two probes."""

    change: Change
    severity: Severity
    column: Optional[str]
    old_value: Optional[str]
    new_value: Optional[str]
    catalog_stale: bool


class _ProgressState:
    def __init__(self, fn: Progress) -> None:
        self.fn = fn
        self.error: Optional[BaseException] = None


@extern_python
def _datasset_progress(done: int, total: int, context: Any) -> None:  # pragma: no cover - called from C
    state = ffi.from_handle(context)
    if state.error is not None:
        return
    try:
        state.fn(int(done), int(total))
    except BaseException as exc:  # re-raised when the probe returns
        state.error = exc


def _options(
    keep: List[Any],
    encoding: Optional[str],
    delimiter: Optional[str],
    header: Optional[bool],
    update_cycle: Optional[str],
    as_of: Optional[str],
    distinct_bound: int,
    top_k: int,
    progress: Optional[Progress],
    skip: Optional[int] = None,
    threads: Optional[int] = None,
) -> Tuple[Any, Optional[_ProgressState]]:
    o = ffi.new("ds_probe_options *")
    check(lib.ds_probe_options_init(o, lib.DS_PROBE_OPTIONS_VERSION))

    def t(v: Optional[str], what: str) -> Any:
        if v is None:
            return ffi.NULL
        c = ffi.new("char[]", text_in(v, what))
        keep.append(c)
        return c

    o.encoding = t(encoding, "encoding")
    if delimiter is not None:
        if len(delimiter.encode()) != 1:
            raise errors.ValidationError("delimiter must be one byte", code=lib.DS_EINVAL, field="delimiter")
        o.delimiter = delimiter.encode()
    # True: the first record is the header; False: none; None: detect it
    o.header = (
        lib.DS_PROBE_HEADER_AUTO if header is None else lib.DS_PROBE_HEADER_YES if header else lib.DS_PROBE_HEADER_NO
    )
    # None: detect a preamble (lines before the header); else the records to skip
    o.skip = lib.DS_PROBE_SKIP_AUTO if skip is None else skip
    # None: the default (the online CPUs, at most 4); the report is the same whatever the number
    if threads is not None and (isinstance(threads, bool) or not isinstance(threads, int) or threads < 1):
        raise errors.ValidationError(
            f"threads must be a number of threads, 1 to {lib.DS_PROBE_MAX_THREADS} (None for the default), not {threads!r}",
            code=lib.DS_EINVAL,
            field="threads",
        )
    if threads is not None and threads > lib.DS_PROBE_MAX_THREADS:
        threads = lib.DS_PROBE_MAX_THREADS + 1  # refused by the library, naming the field
    o.threads = 0 if threads is None else threads
    o.update_cycle = t(update_cycle, "update_cycle")
    o.as_of = t(str(as_of) if as_of is not None else None, "as_of")
    o.distinct_bound = distinct_bound
    o.top_k = top_k
    state = None
    if progress is not None:
        state = _ProgressState(progress)
        h = ffi.new_handle(state)
        keep.append(h)
        o.progress = lib._datasset_progress
        o.progress_context = h
    return o, state


def _finish(pp: Any, rc: int, state: Optional[_ProgressState]) -> "Probe":
    if rc != 0:
        check(rc)
    p = Probe._own(pp[0], lib.ds_probe_free)
    if state is not None and state.error is not None:
        raise state.error
    return p


class Probe(Handle):
    """The result of probing one source (a finished probe may be read by several threads)."""

    _kind = "probe"

    @classmethod
    def file(
        cls,
        path: PathLike,
        *,
        encoding: Optional[str] = None,
        delimiter: Optional[str] = None,
        header: Optional[bool] = None,
        skip: Optional[int] = None,
        update_cycle: Optional[str] = None,
        as_of: Optional[str] = None,
        distinct_bound: int = 0,
        top_k: int = 0,
        progress: Optional[Progress] = None,
        threads: Optional[int] = None,
    ) -> "Probe":
        """Probe a CSV or TSV file (encoding and delimiter detected unless given;
        ``header=None`` detects the header too; ``skip=None`` detects lines before
        the header and skips them with a ``preamble`` warning, ``skip=N`` skips N records;
        ``threads=N`` analyses on N threads, None for the online CPUs at most 4: the
        result is the same whatever N).
        ``progress(done, total)`` is called about 100 times; an exception it raises
        is raised when the probe returns."""
        keep: List[Any] = []
        o, st = _options(
            keep, encoding, delimiter, header, update_cycle, as_of, distinct_bound, top_k, progress, skip, threads
        )
        pp = ffi.new("ds_probe **")
        return _finish(pp, lib.ds_probe_file(pp, path_in(path), o), st)

    @classmethod
    def memory(
        cls,
        data: Union[str, bytes],
        name: Optional[str] = None,
        *,
        encoding: Optional[str] = None,
        delimiter: Optional[str] = None,
        header: Optional[bool] = None,
        skip: Optional[int] = None,
        update_cycle: Optional[str] = None,
        as_of: Optional[str] = None,
        distinct_bound: int = 0,
        top_k: int = 0,
        threads: Optional[int] = None,
    ) -> "Probe":
        """Probe CSV text or bytes held in memory (``threads`` as for :meth:`file`)."""
        keep: List[Any] = []
        o, st = _options(
            keep, encoding, delimiter, header, update_cycle, as_of, distinct_bound, top_k, None, skip, threads
        )
        b = data_in(data)
        pp = ffi.new("ds_probe **")
        return _finish(pp, lib.ds_probe_memory(pp, b, len(b), opt_text(name), o), st)

    @classmethod
    def sqlite(
        cls,
        path: PathLike,
        table: str,
        *,
        update_cycle: Optional[str] = None,
        as_of: Optional[str] = None,
        distinct_bound: int = 0,
        top_k: int = 0,
        progress: Optional[Progress] = None,
        threads: Optional[int] = None,
    ) -> "Probe":
        """Probe a SQLite table (opened read-only; ``threads`` as for :meth:`file`)."""
        keep: List[Any] = []
        o, st = _options(keep, None, None, True, update_cycle, as_of, distinct_bound, top_k, progress, None, threads)
        pp = ffi.new("ds_probe **")
        return _finish(pp, lib.ds_probe_sqlite(pp, path_in(path), text_in(table, "table"), o), st)

    @classmethod
    def load(cls, path: PathLike) -> "Probe":
        """Read a probe report (urn:datasset:probe:1)."""
        pp = ffi.new("ds_probe **")
        check(lib.ds_probe_load(pp, path_in(path)))
        return cls._own(pp[0], lib.ds_probe_free)

    @classmethod
    def parse(cls, data: Union[str, bytes], name: Optional[str] = None) -> "Probe":
        """Read a probe report held in memory."""
        b = data_in(data)
        pp = ffi.new("ds_probe **")
        check(lib.ds_probe_parse(pp, b, len(b), opt_text(name)))
        return cls._own(pp[0], lib.ds_probe_free)

    # ---------------------------------------------------------------- reading

    @property
    def source(self) -> Source:
        s = ffi.new("ds_probe_source_info *")
        with self._lock:
            check(lib.ds_probe_source(s, self._p()))
            d = s.delimiter
            return Source(
                borrowed(s.kind) or "",
                borrowed(s.location) or "",
                borrowed(s.encoding) or "",
                d.decode("latin-1") if d != b"\0" else "",
                bool(s.header),
                bool(s.bom),
                int(s.bytes),
                int(s.rows),
                int(s.columns),
            )

    @property
    def columns(self) -> List[Column]:
        """Every column, with its top values."""
        out = []
        c = ffi.new("ds_probe_column_info *")
        value = ffi.new("char **")
        count = ffi.new("uint64_t *")
        with self._lock:
            p = self._p()
            for i in range(lib.ds_probe_column_count(p)):
                check(lib.ds_probe_column_at(c, p, i))
                top = []
                for r in range(c.top_count):
                    check(lib.ds_probe_top_at(value, count, p, i, r))
                    top.append((borrowed(value[0]) or "", int(count[0])))
                out.append(
                    Column(
                        name=borrowed(c.name) or "",
                        type=ProbeType(c.type),
                        precision=int(c.precision),
                        scale=int(c.scale),
                        format=borrowed(c.format),
                        semantic=Semantic(c.semantic),
                        personal_info=bool(c.personal_info),
                        nullable=bool(c.nullable),
                        nulls=int(c.nulls),
                        non_empty=int(c.non_empty),
                        conforming=int(c.conforming),
                        dominant=ProbeType(c.dominant),
                        dominant_count=int(c.dominant_count),
                        semantic_shape=int(c.semantic_shape),
                        semantic_valid=int(c.semantic_valid),
                        max_length=int(c.max_length),
                        distinct=int(c.distinct),
                        distinct_exact=bool(c.distinct_exact),
                        unique=bool(c.unique),
                        min=borrowed(c.min),
                        max=borrowed(c.max),
                        top=top,
                    )
                )
        return out

    @property
    def records(self) -> Records:
        r = ffi.new("ds_probe_records *")
        with self._lock:
            check(lib.ds_probe_record_stats(r, self._p()))
            return Records(
                int(r.rows),
                int(r.complete),
                int(r.duplicate_window),
                int(r.duplicates),
                bool(r.duplicates_exact),
                borrowed(r.latest_date),
                borrowed(r.update_cycle),
                borrowed(r.as_of),
            )

    def _column_index(self, column: Union[int, str, None]) -> int:
        if column is None:
            return int(ffi.cast("size_t", -1))
        if isinstance(column, str):
            for i, c in enumerate(self.columns):
                if c.name == column:
                    return i
            raise errors.NotFoundError(f"no column {column!r}", code=lib.DS_ENOTFOUND, field="column")
        return column

    def quality_fraction(
        self, dimension: Union[Dimension, str], column: Union[int, str, None] = None
    ) -> Optional[Tuple[int, int]]:
        """An indicator as (numerator, denominator), or None when it is not assessed."""
        num = ffi.new("uint64_t *")
        den = ffi.new("uint64_t *")
        idx = self._column_index(column)
        with self._lock:
            rc = lib.ds_probe_quality_fraction(num, den, self._p(), int(Dimension.of(dimension)), idx)
        if rc == lib.DS_ENOTFOUND:
            return None
        check(rc)
        return int(num[0]), int(den[0])

    def quality(self, dimension: Union[Dimension, str], column: Union[int, str, None] = None) -> Optional[Number]:
        """A score from 0 to 100, exact (None when not assessed): fits
        :func:`datasset.valuation.quality` with ``full_score=100``."""
        d = new_decimal()
        idx = self._column_index(column)
        with self._lock:
            rc = lib.ds_probe_quality(d, self._p(), int(Dimension.of(dimension)), idx)
        if rc == lib.DS_ENOTFOUND:
            return None
        check(rc)
        return from_c(d)

    @property
    def indicators(self) -> Dict[Dimension, Optional[Number]]:
        """Every GB/T 36344 quality indicator of the whole source, by dimension:
        a score from 0 to 100, exact, or None when the dimension is not assessed."""
        return {d: self.quality(d) for d in Dimension}

    @property
    def fingerprint(self) -> Tuple[str, str]:
        """(schema digest, content digest), lower-case hex SHA-256."""
        s = ffi.new("char **")
        c = ffi.new("char **")
        with self._lock:
            check(lib.ds_probe_fingerprint(s, c, self._p()))
            return borrowed(s[0]) or "", borrowed(c[0]) or ""

    @property
    def problems(self) -> Dict[str, SourceProblem]:
        """Problems of the source by kind ("ragged-row", ...), only the kinds that occurred."""
        out = {}
        count = ffi.new("uint64_t *")
        samples = ffi.new("size_t *")
        line = ffi.new("long *")
        col = ffi.new("long *")
        msg = ffi.new("char **")
        with self._lock:
            p = self._p()
            for k in range(_PROBLEM_KINDS):
                check(lib.ds_probe_problem(count, samples, p, k))
                if count[0] == 0:
                    continue
                ss = []
                for i in range(samples[0]):
                    check(lib.ds_probe_problem_sample_at(line, col, msg, p, k, i))
                    ss.append((int(line[0]), int(col[0]), borrowed(msg[0]) or ""))
                name = borrowed(lib.ds_probe_problem_name(k)) or str(k)
                out[name] = SourceProblem(name, int(count[0]), ss)
        return out

    def to_xml(self) -> str:
        """The probe report (urn:datasset:probe:1)."""
        with self._lock:
            return string_out(lib.ds_probe_to_xml, self._p())

    def to_resource(self) -> Any:
        """A catalogue entry draft (:class:`datasset.catalog.Resource`) from the probe."""
        from .catalog import Resource

        pp = ffi.new("ds_resource **")
        with self._lock:
            check(lib.ds_probe_to_resource(pp, self._p()))
        return Resource._own(pp[0], lib.ds_resource_free)

    def diff(
        self, new: "Probe", *, null_share_points: int = 5, distinct_percent: int = 20, quality_points: int = 5
    ) -> "Diff":
        """The change report from this (old) probe to @new."""
        o = ffi.new("ds_probe_diff_options *")
        check(lib.ds_probe_diff_options_init(o, lib.DS_PROBE_DIFF_OPTIONS_VERSION))
        o.null_share_points = null_share_points
        o.distinct_percent = distinct_percent
        o.quality_points = quality_points
        pp = ffi.new("ds_probe_diff **")
        with locked(self, new):
            check(lib.ds_probe_diff_new(pp, self._p(), new._p(), o))
        return Diff._own(pp[0], lib.ds_probe_diff_free)

    def __repr__(self) -> str:
        if self.closed:
            return "<datasset.probe.Probe closed>"
        s = self.source
        return f"<datasset.probe.Probe {s.kind} {s.location} rows={s.rows} columns={s.columns}>"


class Diff(Handle):
    """A change report between two probes."""

    _kind = "probe diff"

    @property
    def events(self) -> List[Event]:
        with self._lock:
            return read_list(
                lib.ds_probe_diff_count, lib.ds_probe_diff_at, "ds_probe_event *",
                lambda e, _: Event(Change(e.change), Severity(e.severity), borrowed(e.column), borrowed(e.old_value),
                                   borrowed(e.new_value), bool(e.catalog_stale)),
                self._p())

    def __len__(self) -> int:
        with self._lock:
            return int(lib.ds_probe_diff_count(self._p()))

    @property
    def catalog_stale(self) -> bool:
        """Whether an event makes the catalogue entry out of date."""
        with self._lock:
            return bool(lib.ds_probe_diff_catalog_stale(self._p()))

    @property
    def same_source(self) -> bool:
        """Whether both probes read the same kind of source at the same location."""
        with self._lock:
            return bool(lib.ds_probe_diff_same_source(self._p()))

    def __repr__(self) -> str:
        if self.closed:
            return "<datasset.probe.Diff closed>"
        return f"<datasset.probe.Diff {len(self)} events, catalog_stale={self.catalog_stale}>"


#: The report a probe gives (the name the issue and the README use).
ProbeReport = Probe


def probe(path: PathLike, **options: Any) -> Probe:
    """Probe a CSV/TSV file (``sqlite:DB#TABLE`` sources: :meth:`Probe.sqlite`):
    the same as :meth:`Probe.file`, whose keyword options it takes. The GIL is
    released while the file is read."""
    return Probe.file(path, **options)
