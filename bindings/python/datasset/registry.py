"""The registry (产权登记): registrants, registrations of the three data
rights and their workflow, certificates, trades, 入表 filings, the signing
keys and the transparency log, in one SQLite file.

>>> with Registry.create("r.db", "济南市数据资产登记平台", "370100") as reg:
...     reg.key_generate()
...     reg.add_subject("91350100M000100Y43", "测试企业")
...     rid = reg.apply("91350100M000100Y43", entry_path="entry.xml")
...     reg.advance(rid, "accepted", actor="审核员", reason="材料齐全")

Every call that changes state is one transaction. :meth:`Registry.batch`
groups many into one (committed when the block ends, rolled back when it raises).
"""

from __future__ import annotations

import contextlib
import datetime as _dt
import enum
from dataclasses import dataclass
from typing import Any, Callable, Iterator, List, Optional, Tuple, TypeVar, Union

from . import errors
from ._core import (
    Handle,
    PathLike,
    borrowed,
    check,
    ffi,
    last_error,
    lib,
    opt_text,
    path_in,
    string_out,
    take_string,
    text_in,
)
from .certificate import Certificate
from .compliance import Assessment, Checklist, Outcome, Workflow
from .probe import Probe
from .decimals import Amount, Number, from_c, new_decimal, to_c
from .registry_codes import DocumentKind, Kind, RegType, Right, State, SubjectType, TradeVenue
from .translog import HashAlg, Key, Log, SigAlg

__all__ = [
    "Registry",
    "Subject",
    "Registration",
    "Transition",
    "AssessmentRecord",
    "uscc_normalize",
    "Kind",
    "Right",
    "RegType",
    "State",
    "SubjectType",
    "TradeVenue",
    "DocumentKind",
    "PledgeState",
    "PledgeAction",
    "Pledge",
    "PledgeShare",
]

DateLike = Union[str, _dt.date]
TimeLike = Union[int, _dt.datetime, None]


def uscc_normalize(code: str) -> str:
    """Validate and normalise a 统一社会信用代码 (GB 32100-2015): full-width to
    ASCII, upper case, spaces dropped, check character verified.
    ValidationError names the 1-based position that failed (``column``)."""
    return string_out(lib.ds_uscc_normalize, text_in(code, "credit code"))


def _date(value: Optional[DateLike], what: str) -> Any:
    if value is None:
        return ffi.NULL
    if isinstance(value, _dt.date):
        value = value.isoformat()
    return text_in(value, what)


def _time(value: TimeLike) -> int:
    """Unix seconds: an int, an aware datetime (naive means UTC), or None for now."""
    if value is None:
        return 0
    if isinstance(value, _dt.datetime):
        if value.tzinfo is None:
            value = value.replace(tzinfo=_dt.timezone.utc)
        return int(value.timestamp())
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"a time must be Unix seconds or a datetime, not {type(value).__name__}")
    return value


def _s(p: Any) -> Optional[str]:
    return borrowed(p)


@dataclass(frozen=True)
class Subject:
    """A registrant (登记主体)."""

    code: str
    name: str
    type: SubjectType
    region: str
    created: str


@dataclass(frozen=True)
class Registration:
    """A registration as stored (optional fields are None when not applicable)."""

    id: int
    subject: str
    subject_name: str
    kind: Kind
    right: Right
    type: RegType
    changes: int
    state: State
    entry_id: str
    entry_title: str
    scope: Optional[str]
    term: Optional[str]
    restrictions: Optional[str]
    applied: str
    updated: str
    publicity_start: Optional[str]
    publicity_end: Optional[str]
    registered: Optional[str]
    certificate: Optional[str]
    query_code: Optional[str]


@dataclass(frozen=True)
class Transition:
    """One recorded transition; ``from_state`` is None for the creation."""

    seq: int
    from_state: Optional[State]
    to: State
    actor: str
    at: str
    date: str
    reason: str
    evidence: Optional[str]


def _subject(s: Any) -> Subject:
    return Subject(_s(s.code) or "", _s(s.name) or "", SubjectType(s.type), _s(s.region) or "", _s(s.created) or "")


def _registration(r: Any) -> Registration:
    return Registration(
        id=int(r.id),
        subject=_s(r.subject) or "",
        subject_name=_s(r.subject_name) or "",
        kind=Kind(r.kind),
        right=Right(r.right),
        type=RegType(r.type),
        changes=int(r.changes),
        state=State(r.state),
        entry_id=_s(r.entry_id) or "",
        entry_title=_s(r.entry_title) or "",
        scope=_s(r.scope),
        term=_s(r.term),
        restrictions=_s(r.restrictions),
        applied=_s(r.applied) or "",
        updated=_s(r.updated) or "",
        publicity_start=_s(r.publicity_start),
        publicity_end=_s(r.publicity_end),
        registered=_s(r.registered),
        certificate=_s(r.certificate),
        query_code=_s(r.query_code),
    )


@dataclass(frozen=True)
class AssessmentRecord:
    """A compliance assessment recorded against a registration (:meth:`Registry.record_assessment`)."""

    id: int
    registration: int
    checklist: str
    checklist_version: str
    checklist_digest: str
    purpose: str  #: the purpose it was made for ("register", "list")
    outcome: Outcome
    workflow: Workflow
    restrictions: List[Tuple[str, str]]  #: (code, wording) pairs
    reasons: List[str]  #: failing items (reject) or items to supply (hold): "ID 名称 STATUS"
    digest: str  #: "sha256:…" of the stored document
    assessed: str
    evaluated: str
    evaluator: str
    actor: str
    recorded: str
    log_index: int
    stale: Optional[str]  #: why it is stale, or None
    stale_at: Optional[str]


def _assessment_record(r: Any) -> AssessmentRecord:
    restrictions = [
        (line.partition("\t")[0], line.partition("\t")[2])
        for line in (_s(r.restrictions) or "").splitlines()
        if "\t" in line
    ]
    return AssessmentRecord(
        id=int(r.id),
        registration=int(r.registration),
        checklist=_s(r.checklist) or "",
        checklist_version=_s(r.checklist_version) or "",
        checklist_digest=_s(r.checklist_digest) or "",
        purpose=_s(r.purpose) or "",
        outcome=Outcome(r.outcome),
        workflow=Workflow(r.workflow),
        restrictions=restrictions,
        reasons=(_s(r.reasons) or "").splitlines(),
        digest=_s(r.digest) or "",
        assessed=_s(r.assessed) or "",
        evaluated=_s(r.evaluated) or "",
        evaluator=_s(r.evaluator) or "",
        actor=_s(r.actor) or "",
        recorded=_s(r.recorded) or "",
        log_index=int(r.log_index),
        stale=_s(r.stale),
        stale_at=_s(r.stale_at),
    )


def _transition(t: Any) -> Transition:
    return Transition(
        seq=int(t.seq),
        from_state=None if getattr(t, "from") < 0 else State(getattr(t, "from")),
        to=State(t.to),
        actor=_s(t.actor) or "",
        at=_s(t.at) or "",
        date=_s(t.date) or "",
        reason=_s(t.reason) or "",
        evidence=_s(t.evidence),
    )


class PledgeState(enum.IntEnum):
    """Pledge workflow states (质押, docs/pledge.md)."""

    DRAFT = lib.DS_PLEDGE_DRAFT  #: 草稿
    SUBMITTED = lib.DS_PLEDGE_SUBMITTED  #: 申请
    ACCEPTED = lib.DS_PLEDGE_ACCEPTED  #: 受理
    REVIEW = lib.DS_PLEDGE_REVIEW  #: 审查
    ACTIVE = lib.DS_PLEDGE_ACTIVE  #: 登记
    REJECTED = lib.DS_PLEDGE_REJECTED  #: 不予登记
    WITHDRAWN = lib.DS_PLEDGE_WITHDRAWN  #: 撤回
    ENFORCING = lib.DS_PLEDGE_ENFORCING  #: 实现
    ENFORCED = lib.DS_PLEDGE_ENFORCED  #: 已实现
    RELEASED = lib.DS_PLEDGE_RELEASED  #: 注销
    LAPSED = lib.DS_PLEDGE_LAPSED  #: 失效

    @classmethod
    def of(cls, value: Union["PledgeState", str, int]) -> "PledgeState":
        """A state from a member, an int, or its English or Chinese name."""
        if isinstance(value, cls):
            return value
        if isinstance(value, str):
            out = ffi.new("ds_pledge_state *")
            check(lib.ds_pledge_state_parse(out, text_in(value)))
            return cls(int(out[0]))
        return cls(value)


class PledgeAction(enum.IntEnum):
    """What a pledgee consents to on the pledged registration."""

    TRANSFER = lib.DS_PLEDGE_ACTION_TRANSFER  #: 转移
    LICENCE = lib.DS_PLEDGE_ACTION_LICENCE  #: 许可
    CHANGE = lib.DS_PLEDGE_ACTION_CHANGE  #: 变更

    @classmethod
    def of(cls, value: Union["PledgeAction", str, int]) -> "PledgeAction":
        """An action from a member, an int, or its name (transfer, 转移, ...)."""
        if isinstance(value, cls):
            return value
        if isinstance(value, str):
            out = ffi.new("ds_pledge_action *")
            check(lib.ds_pledge_action_parse(out, text_in(value)))
            return cls(int(out[0]))
        return cls(value)


@dataclass(frozen=True)
class Pledge:
    """A pledge as the registry holds it (its current version)."""

    id: int
    pledge_no: Optional[str]
    registration: int
    certificate: Optional[str]
    version: int
    state: PledgeState
    pledgor: str
    pledgor_name: str
    pledgee: str
    pledgee_name: str
    principal: str
    due_date: str
    registered: Optional[str]
    perfection: Optional[str]
    rank: int
    reasons: Optional[str]


@dataclass(frozen=True)
class PledgeShare:
    """One line of a distribution of proceeds (amounts as "N.NN")."""

    pledge: int
    pledge_no: str
    rank: int
    perfection: Optional[str]
    claim: str
    paid: str
    shortfall: str


def _pledge(p: Any) -> Pledge:
    return Pledge(
        id=int(p.id),
        pledge_no=_s(p.pledge_no),
        registration=int(p.registration),
        certificate=_s(p.certificate),
        version=int(p.version),
        state=PledgeState(int(p.state)),
        pledgor=_s(p.pledgor) or "",
        pledgor_name=_s(p.pledgor_name) or "",
        pledgee=_s(p.pledgee) or "",
        pledgee_name=_s(p.pledgee_name) or "",
        principal=_s(p.principal) or "",
        due_date=_s(p.due_date) or "",
        registered=_s(p.registered),
        perfection=_s(p.perfection),
        rank=int(p.rank),
        reasons=_s(p.reasons),
    )


def _share(x: Any) -> PledgeShare:
    return PledgeShare(
        pledge=int(x.pledge),
        pledge_no=_s(x.pledge_no) or "",
        rank=int(x.rank),
        perfection=_s(x.perfection),
        claim=_s(x.claim) or "",
        paid=_s(x.paid) or "",
        shortfall=_s(x.shortfall) or "",
    )


T = TypeVar("T")


def _take_array(pp: Any, count: int, convert: Callable[[Any], T]) -> List[T]:
    """Convert and free a query result block (one ds_free)."""
    p = pp[0]
    try:
        return [convert(p[i]) for i in range(count)]
    finally:
        if p != ffi.NULL:
            lib.ds_free(p)


class Registry(Handle):
    """A registry in one database file. ``Registry(path)`` opens an existing
    one; :meth:`create` makes a new one. Use it as a context manager, or call
    :meth:`close`. One thread at a time (calls are serialised by a lock)."""

    _kind = "registry"

    def __init__(
        self,
        path: PathLike,
        *,
        busy_timeout_ms: int = 0,
        synchronous: str = "full",
        publicity_days: int = 0,
        signing: str = "background",
    ) -> None:
        opts = self._options(busy_timeout_ms, synchronous, publicity_days, None, signing)
        pp = ffi.new("ds_registry **")
        check(lib.ds_registry_open(pp, path_in(path), opts))
        self._setup(pp[0], lib.ds_registry_free)

    @staticmethod
    def _options(busy: int, sync: str, days: int, log_hash: Optional[HashAlg], signing: str) -> Any:
        o = ffi.new("ds_registry_options *")
        check(lib.ds_registry_options_init(o, lib.DS_REGISTRY_OPTIONS_VERSION))
        o.busy_timeout_ms = busy
        syncs = {"full": lib.DS_REGISTRY_SYNC_FULL, "normal": lib.DS_REGISTRY_SYNC_NORMAL}
        signs = {"background": lib.DS_REGISTRY_SIGN_BACKGROUND, "caller": lib.DS_REGISTRY_SIGN_CALLER}
        if sync not in syncs:
            raise errors.ValidationError(f"synchronous must be 'full' or 'normal', not {sync!r}", code=lib.DS_EINVAL)
        if signing not in signs:
            raise errors.ValidationError(
                f"signing must be 'background' or 'caller', not {signing!r}", code=lib.DS_EINVAL
            )
        o.synchronous = syncs[sync]
        o.publicity_days = days
        o.log_hash = 0 if log_hash is None else int(log_hash)
        o.signing = signs[signing]
        return o

    @classmethod
    def create(
        cls,
        path: PathLike,
        name: str,
        region: str,
        *,
        log_hash: Optional[HashAlg] = None,
        busy_timeout_ms: int = 0,
        synchronous: str = "full",
        publicity_days: int = 0,
        signing: str = "background",
    ) -> "Registry":
        """Create a new registry (登记机构 @name, six-digit @region code) in the file at @path.
        ``log_hash=HashAlg.SM3`` makes a 国密 registry (use an SM2 key)."""
        opts = cls._options(busy_timeout_ms, synchronous, publicity_days, log_hash, signing)
        pp = ffi.new("ds_registry **")
        check(lib.ds_registry_create(pp, path_in(path), text_in(name, "name"), text_in(region, "region"), opts))
        self = cls.__new__(cls)
        self._setup(pp[0], lib.ds_registry_free)
        return self

    @property
    def name(self) -> str:
        with self._lock:
            return borrowed(lib.ds_registry_name(self._p())) or ""

    @property
    def region(self) -> str:
        with self._lock:
            return borrowed(lib.ds_registry_region(self._p())) or ""

    def __repr__(self) -> str:
        if self.closed:
            return "<datasset.Registry closed>"
        return f"<datasset.Registry {self.name} ({self.region})>"

    # ---------------------------------------------------------------- batches

    @contextlib.contextmanager
    def batch(self, *, bulk: bool = False) -> Iterator["Registry"]:
        """Group the calls in the block into one transaction: committed when the
        block ends, rolled back when it raises. ``bulk=True`` takes no
        savepoint per call (faster; a call that fails after writing breaks
        the whole batch, and the commit raises StateError)."""
        with self._lock:
            check((lib.ds_registry_begin_bulk if bulk else lib.ds_registry_begin)(self._p()))
        try:
            yield self
        except BaseException:
            with self._lock:
                if not self.closed:
                    lib.ds_registry_rollback(self._ptr)
            raise
        with self._lock:
            check(lib.ds_registry_commit(self._p()))

    def begin(self, *, bulk: bool = False) -> None:
        """Open a batch by hand (prefer :meth:`batch`)."""
        with self._lock:
            check((lib.ds_registry_begin_bulk if bulk else lib.ds_registry_begin)(self._p()))

    def commit(self) -> None:
        """Commit the open batch."""
        with self._lock:
            check(lib.ds_registry_commit(self._p()))

    def rollback(self) -> None:
        """Undo the open batch."""
        with self._lock:
            check(lib.ds_registry_rollback(self._p()))

    # ---------------------------------------------------------------- keys

    def key_generate(self, alg: Union[SigAlg, int] = SigAlg.ED25519) -> str:
        """Generate a new signing key beside the database and make it current; returns its id."""
        out = ffi.new("char **")
        with self._lock:
            rc = lib.ds_registry_key_generate(out, self._p(), int(alg))
        check(rc)
        return take_string(out)

    def public_key(self, key_id: Optional[str] = None) -> Key:
        """The public key @key_id (default: the current one)."""
        with self._lock:
            pem = string_out(lib.ds_registry_public_key, self._p(), opt_text(key_id))
        return Key.parse(pem)

    def load_key(self, key_id: Optional[str] = None) -> Key:
        """The private signing key @key_id (default: the current one) from its file."""
        pp = ffi.new("ds_key **")
        with self._lock:
            check(lib.ds_registry_key_load(pp, self._p(), opt_text(key_id)))
        return Key._own(pp[0], lib.ds_key_free)

    # ---------------------------------------------------------------- log

    @property
    def log(self) -> Log:
        """The registry's transparency log (borrowed: unusable once the registry is closed)."""
        pp = ffi.new("ds_translog **")
        with self._lock:
            check(lib.ds_registry_log(pp, self._p()))
        return Log._borrow(pp[0], self)

    def log_origin(self) -> str:
        """The log's origin line and checkpoint key name ("datasset-registry/REGION")."""
        with self._lock:
            return string_out(lib.ds_registry_log_origin, self._p())

    def log_head(self, timestamp: int = 0) -> str:
        """A checkpoint of the log as it is now, signed with the current key."""
        with self._lock:
            return string_out(lib.ds_registry_log_head, self._p(), timestamp)

    def log_verify(self) -> None:
        """Recompute the whole log and compare: VerifyError (with ``bad_index``) when it differs."""
        bad = ffi.new("uint64_t *")
        with self._lock:
            rc = lib.ds_registry_log_verify(bad, self._p())
        if rc != 0:
            exc = last_error(rc)
            exc.bad_index = int(bad[0])  # type: ignore[attr-defined]
            raise exc

    # ---------------------------------------------------------------- calendar

    def load_calendar(self, path: PathLike) -> int:
        """Load a working-day calendar (holidays and 调休); returns the number of days."""
        n = ffi.new("size_t *")
        with self._lock:
            check(lib.ds_registry_load_calendar(n, self._p(), path_in(path)))
        return int(n[0])

    def add_working_days(self, date: DateLike, days: int) -> str:
        """The date @days working days after @date by the registry's calendar."""
        out = ffi.new("char[11]")
        with self._lock:
            check(lib.ds_registry_add_working_days(out, self._p(), _date(date, "date"), days))
        return str(ffi.string(out).decode())

    # ---------------------------------------------------------------- registrants

    def add_subject(
        self, code: str, name: str, type: Union[SubjectType, str, int] = SubjectType.UNSPECIFIED  # noqa: A002
    ) -> None:
        """Add a registrant (type derived from the credit code by default)."""
        with self._lock:
            check(
                lib.ds_registry_subject_add(
                    self._p(), text_in(code, "code"), text_in(name, "name"), int(SubjectType.of(type))
                )
            )

    def _rows(self, ctype: str, convert: Callable[[Any], T], fn: Any, *args: Any) -> List[T]:
        """Call a registry query ``fn(out, count, registry, *args)`` that returns one
        allocated array of @ctype; convert its rows and free it."""
        pp = ffi.new(ctype + " **")
        n = ffi.new("size_t *")
        with self._lock:
            check(fn(pp, n, self._p(), *args))
        return _take_array(pp, n[0], convert)

    def _row(self, ctype: str, convert: Callable[[Any], T], fn: Any, *args: Any) -> T:
        """Call a registry lookup ``fn(out, registry, *args)`` that returns one
        allocated @ctype; convert it and free it."""
        pp = ffi.new(ctype + " **")
        with self._lock:
            check(fn(pp, self._p(), *args))
        return _take_array(pp, 1, convert)[0]

    def subject(self, code: str) -> Subject:
        """A registrant by credit code (NotFoundError when absent)."""
        return self._row("ds_subject", _subject, lib.ds_registry_subject_get, text_in(code, "code"))

    def subjects(self, offset: int = 0, limit: int = 0) -> List[Subject]:
        """Registrants in code order, a page at a time (limit 0: all)."""
        return self._rows("ds_subject", _subject, lib.ds_registry_subject_list, offset, limit)

    # ---------------------------------------------------------------- registrations

    def apply(
        self,
        subject: str,
        *,
        entry_path: Optional[PathLike] = None,
        entry_xml: Optional[str] = None,
        kind: Union[Kind, str, int] = Kind.RESOURCE,
        right: Union[Right, str, int] = Right.HOLDING,
        type: Union[RegType, str, int] = RegType.FIRST,  # noqa: A002
        changes: int = 0,
        entry_id: Optional[str] = None,
        scope: Optional[str] = None,
        term: Optional[str] = None,
        restrictions: Optional[str] = None,
        draft: bool = False,
        actor: Optional[str] = None,
        at: TimeLike = None,
        probe_path: Optional[PathLike] = None,
        valuation_path: Optional[PathLike] = None,
    ) -> int:
        """Apply for a registration of the catalogue entry (a file or its XML);
        returns the new registration's id."""
        if (entry_path is None) == (entry_xml is None):
            raise TypeError("apply() needs exactly one of entry_path and entry_xml")
        keep: List[Any] = []

        def c(b: Optional[bytes]) -> Any:
            if b is None:
                return ffi.NULL
            p = ffi.new("char[]", b)
            keep.append(p)
            return p

        req = ffi.new("ds_registration_request *")
        check(lib.ds_registration_request_init(req, lib.DS_REGISTRATION_REQUEST_VERSION))
        req.subject = c(text_in(subject, "subject"))
        req.kind = int(Kind.of(kind))
        req.right = int(Right.of(right))
        req.type = int(RegType.of(type))
        req.changes = changes
        req.entry_path = c(None if entry_path is None else path_in(entry_path))
        req.entry_xml = c(None if entry_xml is None else text_in(entry_xml, "entry_xml"))
        req.entry_id = c(None if entry_id is None else text_in(entry_id))
        req.scope = c(None if scope is None else text_in(scope))
        req.term = c(None if term is None else text_in(term))
        req.restrictions = c(None if restrictions is None else text_in(restrictions))
        req.draft = int(bool(draft))
        req.actor = c(None if actor is None else text_in(actor))
        req.at = _time(at)
        req.probe_path = c(None if probe_path is None else path_in(probe_path))
        req.valuation_path = c(None if valuation_path is None else path_in(valuation_path))
        out = ffi.new("int64_t *")
        with self._lock:
            check(lib.ds_registry_apply(out, self._p(), req))
        return int(out[0])

    def advance(
        self,
        id: int,  # noqa: A002
        to: Union[State, str, int],
        *,
        actor: str,
        reason: str,
        evidence: Optional[str] = None,
        at: TimeLike = None,
    ) -> None:
        """Move registration @id to state @to (StateError for a transition the workflow does not allow)."""
        a, r = ffi.new("char[]", text_in(actor, "actor")), ffi.new("char[]", text_in(reason, "reason"))
        e = ffi.NULL if evidence is None else ffi.new("char[]", text_in(evidence, "evidence"))
        t = ffi.new("ds_transition_request *")
        check(lib.ds_transition_request_init(t, lib.DS_TRANSITION_REQUEST_VERSION))
        t.actor, t.reason, t.evidence, t.at = a, r, e, _time(at)
        with self._lock:
            check(lib.ds_registry_advance(self._p(), id, int(State.of(to)), t))

    def get(self, id: int) -> Registration:  # noqa: A002
        """One registration by id (NotFoundError when absent)."""
        return self._row("ds_registration", _registration, lib.ds_registry_get, id)

    def __getitem__(self, id: int) -> Registration:  # noqa: A002
        return self.get(id)

    def find(self, query_code: str) -> Registration:
        """The registration a 登记结果查询码 belongs to."""
        code = text_in(query_code, "query code")
        return self._row("ds_registration", _registration, lib.ds_registry_find_query_code, code)

    def list(
        self,
        *,
        subject: Optional[str] = None,
        state: Union[State, str, int, None] = None,
        kind: Union[Kind, str, int, None] = None,
        right: Union[Right, str, int, None] = None,
        applied_from: Optional[DateLike] = None,
        applied_to: Optional[DateLike] = None,
        offset: int = 0,
        limit: int = 0,
    ) -> List[Registration]:
        """Registrations matching every filter given, in id order."""
        q = ffi.new("ds_registry_query *")
        check(lib.ds_registry_query_init(q, lib.DS_REGISTRY_QUERY_VERSION))
        keep = []
        if subject is not None:
            keep.append(ffi.new("char[]", text_in(subject, "subject")))
            q.subject = keep[-1]
        q.state = -1 if state is None else int(State.of(state))
        q.kind = -1 if kind is None else int(Kind.of(kind))
        q.right = -1 if right is None else int(Right.of(right))
        if applied_from is not None:
            keep.append(ffi.new("char[]", _date(applied_from, "from")))
            setattr(q, "from", keep[-1])
        if applied_to is not None:
            keep.append(ffi.new("char[]", _date(applied_to, "to")))
            q.to = keep[-1]
        q.offset = offset
        q.limit = limit
        return self._rows("ds_registration", _registration, lib.ds_registry_list, q)

    def history(self, id: int) -> List[Transition]:  # noqa: A002
        """The transitions of registration @id, oldest first."""
        return self._rows("ds_transition", _transition, lib.ds_registry_history, id)

    def document(self, id: int, kind: Union[DocumentKind, int] = DocumentKind.ENTRY) -> str:  # noqa: A002
        """A document stored with a registration, verbatim (NotFoundError when not attached)."""
        with self._lock:
            return string_out(lib.ds_registry_document, self._p(), id, int(kind))

    # ---------------------------------------------------------------- compliance (数据合规)

    def require_assessment(
        self, kind: Union[Kind, str, int], purpose: Optional[str], checklist: str = "cn-2025", *, actor: str
    ) -> None:
        """Registrations of @kind need an assessment for @purpose ("register", "list") with
        @checklist on file before publicity; @purpose None removes the requirement."""
        with self._lock:
            check(
                lib.ds_registry_compliance_require(
                    self._p(), int(Kind.of(kind)), opt_text(purpose, "purpose"),
                    text_in(checklist, "checklist"), text_in(actor, "actor")
                )
            )

    def assessment_requirement(self, kind: Union[Kind, str, int]) -> Optional[Tuple[str, str]]:
        """(purpose, checklist) registrations of @kind need, or None."""
        p, c = ffi.new("char **"), ffi.new("char **")
        with self._lock:
            rc = lib.ds_registry_compliance_requirement(p, c, self._p(), int(Kind.of(kind)))
        if rc == lib.DS_ENOTFOUND:
            return None
        check(rc)
        return (take_string(p), take_string(c))

    def record_assessment(
        self,
        id: int,  # noqa: A002
        assessment: Assessment,
        *,
        actor: str,
        reason: Optional[str] = None,
        at: TimeLike = None,
    ) -> Tuple[int, Workflow]:
        """Record @assessment against registration @id and apply its outcome (in review:
        proceed → publicity, reject → rejected, hold stays). Returns (assessment id, Workflow)."""
        a = ffi.new("char[]", text_in(actor, "actor"))
        r = ffi.NULL if reason is None else ffi.new("char[]", text_in(reason, "reason"))
        t = ffi.new("ds_transition_request *")
        check(lib.ds_transition_request_init(t, lib.DS_TRANSITION_REQUEST_VERSION))
        t.actor, t.reason, t.at = a, r, _time(at)
        out, effect = ffi.new("int64_t *"), ffi.new("ds_compliance_workflow *")
        with self._lock, assessment._lock:
            check(lib.ds_registry_assessment_add(out, effect, self._p(), id, assessment._p(), t))
        return (int(out[0]), Workflow(effect[0]))

    def assessments(self, id: int) -> List[AssessmentRecord]:  # noqa: A002
        """The assessments recorded against registration @id, oldest first (the last is on file)."""
        return self._rows("ds_assessment_record", _assessment_record, lib.ds_registry_assessment_list, id)

    def check_probe(
        self,
        id: int,  # noqa: A002
        probe: Probe,
        *,
        actor: str,
        checklist: Optional[Checklist] = None,
        at: TimeLike = None,
    ) -> bool:
        """Check the assessment on file against a later probe report: True when it is (now) stale."""
        a = ffi.new("char[]", text_in(actor, "actor"))
        t = ffi.new("ds_transition_request *")
        check(lib.ds_transition_request_init(t, lib.DS_TRANSITION_REQUEST_VERSION))
        t.actor, t.at = a, _time(at)
        stale = ffi.new("int *")
        with self._lock, probe._lock:
            if checklist is None:
                check(lib.ds_registry_assessment_check_probe(stale, self._p(), id, probe._p(), ffi.NULL, t))
            else:
                with checklist._lock:
                    check(lib.ds_registry_assessment_check_probe(stale, self._p(), id, probe._p(), checklist._p(), t))
        return bool(stale[0])

    # ---------------------------------------------------------------- certificates

    def certificate_xml(self, id: int) -> str:  # noqa: A002
        """The signed certificate document of registration @id, as issued."""
        with self._lock:
            return string_out(lib.ds_registry_certificate, self._p(), id)

    def certificate(self, id: int) -> Certificate:  # noqa: A002
        """The signed certificate of registration @id (NotFoundError when it has none)."""
        return Certificate.parse(self.certificate_xml(id))

    def cancellation_xml(self, id: int) -> str:  # noqa: A002
        """The signed cancellation record document of a cancelled registration."""
        with self._lock:
            return string_out(lib.ds_registry_cancellation, self._p(), id)

    def cancellation(self, id: int) -> Certificate:  # noqa: A002
        """The signed cancellation record (注销) of a cancelled registration."""
        return Certificate.parse(self.cancellation_xml(id))

    # ---------------------------------------------------------------- trades and filings

    def trade(
        self,
        *,
        seller: str,
        buyer: str,
        registration: int,
        amount: Amount,
        date: DateLike,
        voucher: str,
        venue: Union[TradeVenue, int] = TradeVenue.ON,
    ) -> int:
        """Record a trade (场内) or a filing (场外备案); returns its id."""
        keep = [
            ffi.new("char[]", text_in(seller, "seller")),
            ffi.new("char[]", text_in(buyer, "buyer")),
            ffi.new("char[]", _date(date, "date")),
            ffi.new("char[]", text_in(voucher, "voucher")),
        ]
        amt = to_c(amount, "amount")
        t = ffi.new("ds_trade_request *")
        check(lib.ds_trade_request_init(t, lib.DS_TRADE_REQUEST_VERSION))
        t.seller, t.buyer, t.date, t.voucher = keep
        t.registration = registration
        t.amount = amt
        t.venue = int(venue)
        out = ffi.new("int64_t *")
        with self._lock:
            check(lib.ds_registry_trade_add(out, self._p(), t))
        return int(out[0])

    def recognition(
        self,
        *,
        registration: int,
        date: DateLike,
        amount: Amount,
        filing: str,
        provider: str,
        provider_founded: DateLike,
        provider_approved: bool = False,
        provider_independent: bool = False,
        provider_clean: bool = False,
        provider_qualifications: Optional[str] = None,
    ) -> int:
        """Record a 入表 filing of a registered data asset; returns its id."""
        keep = [
            ffi.new("char[]", _date(date, "date")),
            ffi.new("char[]", text_in(filing, "filing")),
            ffi.new("char[]", text_in(provider, "provider")),
            ffi.new("char[]", _date(provider_founded, "provider_founded")),
        ]
        quals = ffi.NULL
        if provider_qualifications is not None:
            quals = ffi.new("char[]", text_in(provider_qualifications))
        amt = to_c(amount, "amount")
        r = ffi.new("ds_recognition_request *")
        check(lib.ds_recognition_request_init(r, lib.DS_RECOGNITION_REQUEST_VERSION))
        r.registration = registration
        r.date, r.filing, r.provider, r.provider_founded = keep
        r.amount = amt
        r.provider_approved = int(bool(provider_approved))
        r.provider_independent = int(bool(provider_independent))
        r.provider_clean = int(bool(provider_clean))
        r.provider_qualifications = quals
        out = ffi.new("int64_t *")
        with self._lock:
            check(lib.ds_registry_recognition_add(out, self._p(), r))
        return int(out[0])

    def export_applications(self, date_from: DateLike, date_to: DateLike) -> str:
        """The applications document (urn:datasset:applications:1) for the subsidy
        engine, for the window [date_from, date_to] (see :mod:`datasset.policy`)."""
        with self._lock:
            return string_out(
                lib.ds_registry_export_applications, self._p(), _date(date_from, "from"), _date(date_to, "to")
            )

    # ---------------------------------------------------------------- pledges (质押)

    @staticmethod
    def _transition(actor: str, reason: str, evidence: Optional[str], at: TimeLike, keep: List[Any]) -> Any:
        keep.append(ffi.new("char[]", text_in(actor, "actor")))
        keep.append(ffi.new("char[]", text_in(reason, "reason")))
        keep.append(ffi.NULL if evidence is None else ffi.new("char[]", text_in(evidence, "evidence")))
        t = ffi.new("ds_transition_request *")
        check(lib.ds_transition_request_init(t, lib.DS_TRANSITION_REQUEST_VERSION))
        t.actor, t.reason, t.evidence = keep[-3], keep[-2], keep[-1]
        t.at = _time(at)
        return t

    def _pledge_step(
        self, call: Callable[[Any], Any], actor: str, reason: str, evidence: Optional[str], at: TimeLike
    ) -> None:
        """A pledge's transition: ``call(t)`` with the ds_transition_request of the
        arguments, under the lock."""
        keep: List[Any] = []
        t = self._transition(actor, reason, evidence, at, keep)
        with self._lock:
            check(call(t))

    def pledge_add(
        self,
        *,
        registration: int,
        pledgor: str,
        pledgee: str,
        claim_type: str,
        principal: Amount,
        due_date: DateLike,
        pledgee_kind: Optional[str] = None,
        debtor: Optional[str] = None,
        maximum: Optional[Amount] = None,
        scope: Optional[str] = None,
        debt_start: Optional[DateLike] = None,
        main_contract: Optional[str] = None,
        pledge_contract: Optional[str] = None,
        external_system: Optional[str] = None,
        external_number: Optional[str] = None,
        external_time: Optional[str] = None,
        actor: Optional[str] = None,
        at: TimeLike = None,
        draft: bool = False,
    ) -> int:
        """Apply for a pledge of a registered right (PLEDGE_SUBMITTED); returns its id."""
        keep: List[Any] = []

        def c(value: Optional[str], what: str) -> Any:
            if value is None:
                return ffi.NULL
            keep.append(ffi.new("char[]", text_in(value, what)))
            return keep[-1]

        req = ffi.new("ds_pledge_request *")
        check(lib.ds_pledge_request_init(req, lib.DS_PLEDGE_REQUEST_VERSION))
        req.registration = registration
        req.pledgor = c(pledgor, "pledgor")
        req.pledgee = c(pledgee, "pledgee")
        req.pledgee_kind = c(pledgee_kind, "pledgee_kind")
        req.debtor = c(debtor, "debtor")
        req.claim_type = c(claim_type, "claim_type")
        amounts = [to_c(principal, "principal")]
        req.principal = amounts[0]
        if maximum is not None:
            amounts.append(to_c(maximum, "maximum"))
            req.maximum = amounts[-1]
        req.scope = c(scope, "scope")
        if debt_start is not None:
            keep.append(ffi.new("char[]", _date(debt_start, "debt_start")))
            req.debt_start = keep[-1]
        keep.append(ffi.new("char[]", _date(due_date, "due_date")))
        req.due_date = keep[-1]
        req.main_contract = c(main_contract, "main_contract")
        req.pledge_contract = c(pledge_contract, "pledge_contract")
        req.external_system = c(external_system, "external_system")
        req.external_number = c(external_number, "external_number")
        req.external_time = c(external_time, "external_time")
        req.actor = c(actor, "actor")
        req.at = _time(at)
        req.draft = int(bool(draft))
        out = ffi.new("int64_t *")
        with self._lock:
            check(lib.ds_registry_pledge_add(out, self._p(), req))
        return int(out[0])

    def pledge_advance(
        self,
        id: int,  # noqa: A002
        to: Union[PledgeState, str, int],
        *,
        actor: str,
        reason: str,
        evidence: Optional[str] = None,
        at: TimeLike = None,
    ) -> None:
        """Move pledge @id along its workflow (StateError for a transition it does not list)."""
        self._pledge_step(
            lambda t: lib.ds_registry_pledge_advance(self._p(), id, int(PledgeState.of(to)), t),
            actor,
            reason,
            evidence,
            at,
        )

    def pledge_review(
        self, id: int, *, actor: str, reason: str, evidence: Optional[str] = None, at: TimeLike = None  # noqa: A002
    ) -> bool:
        """Review pledge @id: True when it became ACTIVE, False when REJECTED (reasons recorded)."""
        out = ffi.new("int *")
        self._pledge_step(lambda t: lib.ds_registry_pledge_review(out, self._p(), id, t), actor, reason, evidence, at)
        return bool(out[0])

    def pledge_change(
        self,
        id: int,  # noqa: A002
        *,
        actor: str,
        reason: str,
        principal: Optional[Amount] = None,
        maximum: Optional[Amount] = None,
        due_date: Optional[DateLike] = None,
        pledgee: Optional[str] = None,
        pledgee_kind: Optional[str] = None,
        evidence: Optional[str] = None,
        at: TimeLike = None,
    ) -> None:
        """Change an ACTIVE pledge (principal, maximum, due date, or the pledgee of an assigned claim)."""
        keep: List[Any] = []
        t = self._transition(actor, reason, evidence, at, keep)
        ch = ffi.new("ds_pledge_request *")
        check(lib.ds_pledge_request_init(ch, lib.DS_PLEDGE_REQUEST_VERSION))
        if principal is not None:
            keep.append(to_c(principal, "principal"))
            ch.principal = keep[-1]
        if maximum is not None:
            keep.append(to_c(maximum, "maximum"))
            ch.maximum = keep[-1]
        if due_date is not None:
            keep.append(ffi.new("char[]", _date(due_date, "due_date")))
            ch.due_date = keep[-1]
        if pledgee is not None:
            keep.append(ffi.new("char[]", text_in(pledgee, "pledgee")))
            ch.pledgee = keep[-1]
        if pledgee_kind is not None:
            keep.append(ffi.new("char[]", text_in(pledgee_kind, "pledgee_kind")))
            ch.pledgee_kind = keep[-1]
        with self._lock:
            check(lib.ds_registry_pledge_change(self._p(), id, ch, t))

    def pledge_consent(
        self,
        id: int,  # noqa: A002
        action: Union[PledgeAction, str, int],
        *,
        actor: str,
        reason: str,
        evidence: Optional[str] = None,
        at: TimeLike = None,
    ) -> None:
        """Record the pledgee's consent to one transfer, licence or change of the pledged right."""
        self._pledge_step(
            lambda t: lib.ds_registry_pledge_consent(self._p(), id, int(PledgeAction.of(action)), t),
            actor,
            reason,
            evidence,
            at,
        )

    def pledge_enforce(
        self, id: int, claim: Amount, *, actor: str, reason: str, at: TimeLike = None  # noqa: A002
    ) -> None:
        """Start enforcement (实现) of an ACTIVE pledge, fixing its claim."""
        self._pledge_step(
            lambda t: lib.ds_registry_pledge_enforce(self._p(), id, to_c(claim, "claim"), t), actor, reason, None, at
        )

    def pledge_distribute(
        self, registration: int, proceeds: Amount, *, actor: str, reason: str, at: TimeLike = None
    ) -> Tuple[List[PledgeShare], Number]:
        """Distribute net proceeds among the pledges on @registration by priority; returns the
        lines and what goes back to the pledgor."""
        keep: List[Any] = []
        t = self._transition(actor, reason, None, at, keep)
        amt = to_c(proceeds, "proceeds")
        left = new_decimal()
        pp = ffi.new("ds_pledge_share **")
        n = ffi.new("size_t *")
        with self._lock:
            check(lib.ds_registry_pledge_distribute(pp, n, left, self._p(), registration, amt, t))
        return _take_array(pp, n[0], _share), from_c(left)

    def pledge(self, id: int) -> Pledge:  # noqa: A002
        """One pledge by id (NotFoundError when absent)."""
        return self._row("ds_pledge", _pledge, lib.ds_registry_pledge_get, id)

    def pledges(self, *, registration: int = 0, pledgee: Optional[str] = None) -> List[Pledge]:
        """Pledges on a registration and/or of a pledgee, in id order."""
        who = ffi.NULL if pledgee is None else ffi.new("char[]", text_in(pledgee, "pledgee"))
        return self._rows("ds_pledge", _pledge, lib.ds_registry_pledge_list, registration, who)

    def pledge_record(self, id: int, version: int = 0) -> str:  # noqa: A002
        """A version of a pledge's record (urn:datasset:pledge:1); 0: the current one."""
        with self._lock:
            return string_out(lib.ds_registry_pledge_record, self._p(), id, version)

    def pledge_certificate_xml(self, id: int) -> str:  # noqa: A002
        """The signed 质押登记证明 of an ACTIVE (or later) pledge."""
        with self._lock:
            return string_out(lib.ds_registry_pledge_certificate, self._p(), id)

    def encumbrance(self, registration: int, *, parties: bool = False) -> str:
        """有质押/无质押 and the pledges on a registration (amounts only for the parties)."""
        with self._lock:
            return string_out(lib.ds_registry_encumbrance, self._p(), registration, int(bool(parties)))

    def pledge_policy(self, *, statutory_self: bool = False, allow_subsequent: bool = True) -> None:
        """Set the registry's pledge policy (statutory_registry = self; further pledges allowed)."""
        with self._lock:
            check(lib.ds_registry_pledge_policy(self._p(), int(statutory_self), int(allow_subsequent)))
