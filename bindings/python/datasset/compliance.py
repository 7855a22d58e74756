"""数据合规: compliance checklists as data, and assessments.

>>> from datasset import compliance as C
>>> result = C.assess("entry.xml", "evidence.xml", date="2025-06-01")   # cn-2025
>>> result.outcome, result.restrictions
(<Outcome.CONDITIONAL: 1>, [('no_outbound', '限境内使用，不得向境外提供')])
>>> [(i.id, i.status.name) for i in result if i.status is C.Status.NOT_SATISFIED]
[('X01', 'NOT_SATISFIED'), ('X02', 'NOT_SATISFIED'), ('X03', 'NOT_SATISFIED')]
"""

from __future__ import annotations

import enum
import os
from dataclasses import dataclass
from typing import Any, Dict, Iterator, List, Optional, Sequence, Tuple, Union, overload

from ._core import Handle, PathLike, borrowed, check, data_in, ffi, lib, locked, opt_text, path_in, string_out, text_in

__all__ = ["Checklist", "Entry", "Evidence", "Assessment", "Item", "Outcome", "Workflow", "Status", "Severity",
           "assess"]


class Outcome(enum.IntEnum):
    """The outcome of an assessment."""

    PASS = lib.DS_COMPLIANCE_PASS
    CONDITIONAL = lib.DS_COMPLIANCE_CONDITIONAL  #: conditions and/or restrictions
    FAIL = lib.DS_COMPLIANCE_FAIL  #: 不予登记


class Workflow(enum.IntEnum):
    """What the outcome does to a registration in REVIEW."""

    PROCEED = lib.DS_COMPLIANCE_PROCEED  #: on to PUBLICITY (restrictions on the certificate)
    HOLD = lib.DS_COMPLIANCE_HOLD  #: stays in REVIEW until the conditions are met (补正)
    REJECT = lib.DS_COMPLIANCE_REJECT  #: REVIEW → REJECTED


class Status(enum.IntEnum):
    """An item's status."""

    SATISFIED = lib.DS_COMPLIANCE_SATISFIED
    NOT_SATISFIED = lib.DS_COMPLIANCE_NOT_SATISFIED
    MISSING = lib.DS_COMPLIANCE_MISSING
    NOT_APPLICABLE = lib.DS_COMPLIANCE_NOT_APPLICABLE


class Severity(enum.IntEnum):
    """The severity an item had in the assessment."""

    BLOCKING = lib.DS_COMPLIANCE_BLOCKING
    WARNING = lib.DS_COMPLIANCE_WARNING
    GATE = lib.DS_COMPLIANCE_GATE


class Checklist(Handle):
    """A parsed checklist (immutable; may be shared by threads)."""

    _kind = "checklist"

    @classmethod
    def load(cls, path: PathLike) -> "Checklist":
        """Read and check a checklist document (errors name the line and field)."""
        pp = ffi.new("ds_checklist **")
        check(lib.ds_checklist_load(pp, path_in(path)))
        return cls._own(pp[0], lib.ds_checklist_free)

    @classmethod
    def parse(cls, data: Union[str, bytes], name: Optional[str] = None) -> "Checklist":
        """The same as :meth:`load` for a document in memory."""
        b = data_in(data)
        pp = ffi.new("ds_checklist **")
        check(lib.ds_checklist_parse(pp, b, len(b), opt_text(name)))
        return cls._own(pp[0], lib.ds_checklist_free)

    @classmethod
    def bundled(cls, id: str = "cn-2025") -> "Checklist":  # noqa: A002
        """A checklist bundled with the library ("cn-2025")."""
        pp = ffi.new("ds_checklist **")
        check(lib.ds_checklist_bundled(pp, text_in(id)))
        return cls._own(pp[0], lib.ds_checklist_free)

    @property
    def id(self) -> str:
        with self._lock:
            return borrowed(lib.ds_checklist_id(self._p())) or ""

    @property
    def version(self) -> str:
        with self._lock:
            return borrowed(lib.ds_checklist_version(self._p())) or ""

    @property
    def digest(self) -> str:
        """``sha256:`` and the SHA-256 of the document's bytes."""
        with self._lock:
            return borrowed(lib.ds_checklist_digest(self._p())) or ""

    def describe(self) -> str:
        """The checklist in plain words (what ``datasset compliance show`` prints)."""
        with self._lock:
            return string_out(lib.ds_checklist_describe, self._p())

    def __repr__(self) -> str:
        return "<datasset.Checklist closed>" if self.closed else f"<datasset.Checklist {self.id} {self.version}>"


class Entry(Handle):
    """What an assessment reads about one registration or listing: registrant, declared flags, facts."""

    _kind = "compliance entry"

    def __init__(self, flags: Optional[Dict[str, Union[str, bool, int, Sequence[str]]]] = None) -> None:
        pp = ffi.new("ds_compliance_entry **")
        check(lib.ds_compliance_entry_new(pp))
        self._setup(pp[0], lib.ds_compliance_entry_free)
        for name, value in (flags or {}).items():
            self[name] = value

    @classmethod
    def load(cls, path: PathLike) -> "Entry":
        """Read an entry document (<entry>)."""
        pp = ffi.new("ds_compliance_entry **")
        check(lib.ds_compliance_entry_load(pp, path_in(path)))
        return cls._own(pp[0], lib.ds_compliance_entry_free)

    @classmethod
    def parse(cls, data: Union[str, bytes], name: Optional[str] = None) -> "Entry":
        """The same as :meth:`load` for a document in memory."""
        b = data_in(data)
        pp = ffi.new("ds_compliance_entry **")
        check(lib.ds_compliance_entry_parse(pp, b, len(b), opt_text(name)))
        return cls._own(pp[0], lib.ds_compliance_entry_free)

    def __setitem__(self, flag: str, value: Union[str, bool, int, Sequence[str], None]) -> None:
        """Declare a flag: ``True``/``False``, an integer, a value, or a set's values."""
        if value is None:
            text = ffi.NULL
        elif isinstance(value, bool):
            text = b"true" if value else b"false"
        elif isinstance(value, int):
            text = str(value).encode()
        elif isinstance(value, (str, bytes)):
            text = text_in(value, flag)
        else:
            text = " ".join(sorted(value) if isinstance(value, (set, frozenset)) else value).encode()
        with self._lock:
            check(lib.ds_compliance_entry_set(self._p(), text_in(flag, "flag"), text))

    def __delitem__(self, flag: str) -> None:
        self[flag] = None

    def set_registrant(self, code: str, name: Optional[str] = None, kind: Optional[str] = None) -> None:
        """Set the registrant (统一社会信用代码 normalised and checked; ValidationError names the position)."""
        with self._lock:
            check(lib.ds_compliance_entry_set_registrant(self._p(), text_in(code, "code"), opt_text(name),
                                                         opt_text(kind)))

    def set_resource(self, resource: Any) -> None:
        """Add the facts of a catalogue entry (:class:`datasset.catalog.Resource`): ``catalog.FIELD``."""
        with locked(self, resource):
            check(lib.ds_compliance_entry_set_resource(self._p(), resource._p()))

    def set_probe(self, probe: Any) -> None:
        """Add the facts of a probe report (:class:`datasset.probe.Probe`): ``probe.personal_info``, ..."""
        with locked(self, probe):
            check(lib.ds_compliance_entry_set_probe(self._p(), probe._p()))

    def __repr__(self) -> str:
        return "<datasset.compliance.Entry closed>" if self.closed else "<datasset.compliance.Entry>"


class Evidence(Handle):
    """A parsed evidence list (immutable; may be shared by threads)."""

    _kind = "evidence"

    @classmethod
    def load(cls, path: PathLike) -> "Evidence":
        """Read an evidence list (<evidence-list>)."""
        pp = ffi.new("ds_evidence **")
        check(lib.ds_evidence_load(pp, path_in(path)))
        return cls._own(pp[0], lib.ds_evidence_free)

    @classmethod
    def parse(cls, data: Union[str, bytes], name: Optional[str] = None) -> "Evidence":
        """The same as :meth:`load` for a document in memory."""
        b = data_in(data)
        pp = ffi.new("ds_evidence **")
        check(lib.ds_evidence_parse(pp, b, len(b), opt_text(name)))
        return cls._own(pp[0], lib.ds_evidence_free)

    def __len__(self) -> int:
        """The number of evidence records (reviews not counted)."""
        with self._lock:
            return int(lib.ds_evidence_count(self._p()))

    def __repr__(self) -> str:
        return "<datasset.compliance.Evidence closed>" if self.closed else f"<datasset.compliance.Evidence {len(self)}>"


@dataclass(frozen=True)
class Item:
    """One item of an assessment (copied out of the C result)."""

    id: str
    name: str
    status: Status
    severity: Severity
    on_unmet: str  #: "fail", "restrict:CODE", or ""
    decided_by: str  #: the evidence (with digests), review or flags that decided it
    note: str  #: evidence that did not count and why
    basis: str  #: the legal basis


class Assessment(Handle, Sequence[Item]):
    """The result of an assessment: a sequence of :class:`Item`, the outcome, the
    restrictions, the flags, and the text, XML and CSV forms."""

    _kind = "assessment"

    @property
    def outcome(self) -> Outcome:
        with self._lock:
            return Outcome(lib.ds_assessment_outcome(self._p()))

    @property
    def workflow(self) -> Workflow:
        with self._lock:
            return Workflow(lib.ds_assessment_workflow(self._p()))

    @property
    def restrictions(self) -> List[Tuple[str, str]]:
        """(code, wording) of each restriction attached."""
        out = []
        code, text = ffi.new("char **"), ffi.new("char **")
        with self._lock:
            p = self._p()
            for i in range(lib.ds_assessment_restriction_count(p)):
                check(lib.ds_assessment_restriction_at(code, text, p, i))
                out.append((borrowed(code[0]) or "", borrowed(text[0]) or ""))
        return out

    @property
    def flags(self) -> Dict[str, Tuple[str, str]]:
        """Every flag: name -> (value, origin)."""
        out = {}
        name, value, origin = ffi.new("char **"), ffi.new("char **"), ffi.new("char **")
        with self._lock:
            p = self._p()
            for i in range(lib.ds_assessment_flag_count(p)):
                check(lib.ds_assessment_flag_at(name, value, origin, p, i))
                out[borrowed(name[0]) or ""] = (borrowed(value[0]) or "", borrowed(origin[0]) or "")
        return out

    def __len__(self) -> int:
        with self._lock:
            return int(lib.ds_assessment_item_count(self._p()))

    @overload
    def __getitem__(self, index: int) -> Item: ...

    @overload
    def __getitem__(self, index: slice) -> List[Item]: ...

    def __getitem__(self, index: Union[int, slice]) -> Union[Item, List[Item]]:
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(len(self)))]
        return self._item(index)

    def _item(self, index: int) -> Item:
        with self._lock:
            p = self._p()
            n = lib.ds_assessment_item_count(p)
            if index < 0:
                index += n
            if not 0 <= index < n:
                raise IndexError(f"item index {index} out of range ({n} items)")
            it = ffi.new("ds_compliance_item *")
            check(lib.ds_assessment_item_at(it, p, index))

            def s(q: Any) -> str:
                return borrowed(q) or ""

            return Item(id=s(it.id), name=s(it.name), status=Status(it.status), severity=Severity(it.severity),
                        on_unmet=s(it.on_unmet), decided_by=s(it.decided_by), note=s(it.note), basis=s(it.basis))

    def __iter__(self) -> Iterator[Item]:
        for i in range(len(self)):
            yield self[i]

    def item(self, id: str) -> Item:  # noqa: A002
        """The item with identifier @id (KeyError when the checklist has none)."""
        for it in self:
            if it.id == id:
                return it
        raise KeyError(id)

    def to_text(self) -> str:
        with self._lock:
            return string_out(lib.ds_assessment_write, self._p(), lib.DS_COMPLIANCE_TEXT)

    def to_xml(self) -> str:
        """The assessment document (urn:datasset:compliance:1, <assessment>)."""
        with self._lock:
            return string_out(lib.ds_assessment_write, self._p(), lib.DS_COMPLIANCE_XML)

    def to_csv(self) -> str:
        """CSV (RFC 4180, CRLF), one row per item."""
        with self._lock:
            return string_out(lib.ds_assessment_write, self._p(), lib.DS_COMPLIANCE_CSV)

    def __repr__(self) -> str:
        if self.closed:
            return "<datasset.compliance.Assessment closed>"
        return f"<datasset.compliance.Assessment {self.outcome.name.lower()}>"


def assess(
    entry: Union[Entry, PathLike],
    evidence: Union[Evidence, PathLike, None] = None,
    checklist: Union[Checklist, str, "os.PathLike[str]"] = "cn-2025",
    *,
    date: Optional[str] = None,
    time: Optional[str] = None,
    evaluator: Optional[str] = None,
) -> Assessment:
    """Assess @entry (an :class:`Entry` or a file) with @evidence against @checklist
    (a :class:`Checklist`, a bundled checklist's id, or a file). @date is the
    assessment date at which expiry is checked (default: today, China Standard Time)."""
    if not isinstance(entry, Entry):
        entry = Entry.load(entry)
    if evidence is not None and not isinstance(evidence, Evidence):
        evidence = Evidence.load(evidence)
    if not isinstance(checklist, Checklist):
        path = os.fspath(checklist)
        if isinstance(path, str) and os.sep not in path and not path.endswith(".xml"):
            checklist = Checklist.bundled(path)
        else:
            checklist = Checklist.load(path)
    opts = ffi.new("ds_compliance_options *")
    check(lib.ds_compliance_options_init(opts, lib.DS_COMPLIANCE_OPTIONS_VERSION))
    keep = [ffi.new("char[]", text_in(v)) if v is not None else ffi.NULL for v in (date, time, evaluator)]
    opts.date, opts.time, opts.evaluator = keep
    pp = ffi.new("ds_assessment **")
    handles = [checklist, entry] + ([evidence] if evidence is not None else [])
    with locked(*handles):
        check(lib.ds_compliance_assess(pp, checklist._p(), entry._p(),
                                       evidence._p() if evidence is not None else ffi.NULL, opts))
    return Assessment._own(pp[0], lib.ds_assessment_free)
