"""奖补: subsidy policies as data, applications, and awards.

>>> from datasset import policy
>>> awards = policy.evaluate(policy.Applications.load("applications.xml"))   # jinan-2025
>>> awards.total()
Decimal('915000.00')
>>> for a in awards: print(a.applicant, a.programme, a.status.name, a.award)
"""

from __future__ import annotations

import decimal as _decimal
import enum
import os
from dataclasses import dataclass
from typing import Any, Iterator, List, Optional, Sequence, Union, overload

from ._core import Handle, PathLike, borrowed, check, data_in, ffi, lib, locked, opt_text, path_in, string_out, text_in
from .decimals import Number, from_c, from_c_opt, new_decimal

__all__ = ["Policy", "Applications", "Awards", "Award", "AwardStatus", "evaluate", "explain"]


class Policy(Handle):
    """A parsed subsidy policy (immutable; may be shared by threads)."""

    _kind = "policy"

    @classmethod
    def load(cls, path: PathLike) -> "Policy":
        """Read and check a policy document (ParseError/ValidationError name the line and field)."""
        pp = ffi.new("ds_policy **")
        check(lib.ds_policy_load(pp, path_in(path)))
        return cls._own(pp[0], lib.ds_policy_free)

    @classmethod
    def parse(cls, data: Union[str, bytes], name: Optional[str] = None) -> "Policy":
        """The same as :meth:`load` for a document in memory (@name for messages)."""
        b = data_in(data)
        pp = ffi.new("ds_policy **")
        check(lib.ds_policy_parse(pp, b, len(b), opt_text(name)))
        return cls._own(pp[0], lib.ds_policy_free)

    @classmethod
    def bundled(cls, id: str = "jinan-2025") -> "Policy":  # noqa: A002
        """A policy bundled with the library ("jinan-2025": 济数字〔2025〕6号)."""
        pp = ffi.new("ds_policy **")
        check(lib.ds_policy_bundled(pp, text_in(id)))
        return cls._own(pp[0], lib.ds_policy_free)

    @property
    def id(self) -> str:
        """The policy's identifier."""
        with self._lock:
            return borrowed(lib.ds_policy_id(self._p())) or ""

    def describe(self) -> str:
        """The rules in plain words."""
        with self._lock:
            return string_out(lib.ds_policy_describe, self._p())

    def evaluate(self, applications: "Applications") -> "Awards":
        """Evaluate every application against every programme."""
        return evaluate(applications, self)

    def explain(self, applications: "Applications", applicant: str) -> str:
        """The evaluation for one applicant in words: every condition with its
        figures and source clause, then the outcome (NotFoundError for an
        applicant not in @applications)."""
        with locked(self, applications):
            return string_out(lib.ds_policy_explain, self._p(), applications._p(), text_in(applicant, "applicant"))

    def __repr__(self) -> str:
        return "<datasset.Policy closed>" if self.closed else f"<datasset.Policy {self.id}>"


class Applications(Handle):
    """A parsed set of applications (immutable; may be shared by threads)."""

    _kind = "applications"

    @classmethod
    def load(cls, path: PathLike) -> "Applications":
        """Read and check an applications document, streaming."""
        pp = ffi.new("ds_applications **")
        check(lib.ds_applications_load(pp, path_in(path)))
        return cls._own(pp[0], lib.ds_applications_free)

    @classmethod
    def parse(cls, data: Union[str, bytes], name: Optional[str] = None) -> "Applications":
        """The same as :meth:`load` for a document in memory."""
        b = data_in(data)
        pp = ffi.new("ds_applications **")
        check(lib.ds_applications_parse(pp, b, len(b), opt_text(name)))
        return cls._own(pp[0], lib.ds_applications_free)

    def __len__(self) -> int:
        """The number of applicants."""
        with self._lock:
            return int(lib.ds_applications_count(self._p()))

    def __repr__(self) -> str:
        return "<datasset.Applications closed>" if self.closed else f"<datasset.Applications {len(self)} applicants>"


class AwardStatus(enum.IntEnum):
    """What became of one unit in one programme."""

    INELIGIBLE = lib.DS_AWARD_INELIGIBLE  #: a condition failed (see reason)
    UNRANKED = lib.DS_AWARD_UNRANKED  #: eligible, but ranked past the number of awardees
    GRANTED = lib.DS_AWARD_GRANTED  #: awarded
    DISPLACED = lib.DS_AWARD_DISPLACED  #: awarded, but another programme's higher award was kept (就高)


@dataclass(frozen=True)
class Award:
    """One line of a result (copied out of the C result)."""

    applicant: str
    applicant_name: str
    programme: str
    unit: str
    status: AwardStatus
    reason: str
    rank: int
    ranking_value: Optional[Number]
    uncapped: Optional[Number]
    caps: str
    capped: Optional[Number]
    award: Number
    displaced_by: str
    ignored_records: int
    displaces: str
    #: how a maximum ("最高 X") award was reached, or ""
    basis: str = ""
    #: who is paid when it is not the applicant (the 服务商), or ""
    payee: str = ""


def _award(a: Any, basis: str = "", payee: str = "") -> Award:
    def s(p: Any) -> str:
        return borrowed(p) or ""

    award = from_c(a.award)
    return Award(
        applicant=s(a.applicant),
        applicant_name=s(a.applicant_name),
        programme=s(a.programme),
        unit=s(a.unit),
        status=AwardStatus(a.status),
        reason=s(a.reason),
        rank=int(a.rank),
        ranking_value=from_c_opt(a.ranking_value),
        uncapped=from_c_opt(a.uncapped),
        caps=s(a.caps),
        capped=from_c_opt(a.capped),
        award=award,
        displaced_by=s(a.displaced_by),
        ignored_records=int(a.ignored_records),
        displaces=s(a.displaces),
        basis=basis,
        payee=payee,
    )


class Awards(Handle, Sequence[Award]):
    """The result of an evaluation: a sequence of :class:`Award` lines (by
    programme, then rank), totals, and the XML, CSV and text forms."""

    _kind = "awards"

    def __len__(self) -> int:
        with self._lock:
            return int(lib.ds_awards_count(self._p()))

    @overload
    def __getitem__(self, index: int) -> Award: ...

    @overload
    def __getitem__(self, index: slice) -> List[Award]: ...

    def __getitem__(self, index: Union[int, slice]) -> Union[Award, List[Award]]:
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(len(self)))]
        with self._lock:
            p = self._p()
            n = int(lib.ds_awards_count(p))
            i: int = index + n if index < 0 else index
            if not 0 <= i < n:
                raise IndexError(f"award index {index} out of range ({n} lines)")
            a = ffi.new("ds_award *")
            check(lib.ds_awards_at(a, p, i))
            text = ffi.new("char **")
            check(lib.ds_awards_basis_at(text, p, i))
            basis = borrowed(text[0]) or ""
            check(lib.ds_awards_payee_at(text, p, i))
            return _award(a, basis, borrowed(text[0]) or "")

    def __iter__(self) -> Iterator[Award]:
        for i in range(len(self)):
            yield self[i]

    def total(self, programme: Optional[str] = None) -> _decimal.Decimal:
        """The total of final awards of one programme, or of all (NotFoundError for an unknown programme)."""
        d = new_decimal()
        with self._lock:
            check(lib.ds_awards_total(d, self._p(), opt_text(programme)))
        v = from_c(d)
        assert isinstance(v, _decimal.Decimal)
        return v.quantize(_decimal.Decimal("0.01"))

    def to_xml(self) -> str:
        """The awards document (urn:datasset:awards:1)."""
        with self._lock:
            return string_out(lib.ds_awards_to_xml, self._p())

    def to_csv(self, *, bom: bool = False) -> str:
        """CSV (RFC 4180, CRLF), one row per line; ``bom`` for Excel."""
        o = ffi.new("ds_awards_csv_options *")
        check(lib.ds_awards_csv_options_init(o, lib.DS_AWARDS_CSV_OPTIONS_VERSION))
        o.bom = int(bool(bom))
        with self._lock:
            return string_out(lib.ds_awards_to_csv, self._p(), o)

    def to_text(self) -> str:
        """Readable text: per programme, the awards, the ineligible and the totals."""
        with self._lock:
            return string_out(lib.ds_awards_to_text, self._p())

    def __repr__(self) -> str:
        if self.closed:
            return "<datasset.Awards closed>"
        return f"<datasset.Awards {len(self)} lines, total {self.total()}>"


def explain(
    applications: Union[Applications, PathLike],
    applicant: str,
    policy: Union[Policy, str, "os.PathLike[str]"] = "jinan-2025",
) -> str:
    """The evaluation of one applicant in words (see :meth:`Policy.explain`)."""
    applications, policy = _inputs(applications, policy)
    return policy.explain(applications, applicant)


def _inputs(applications: Any, policy: Any) -> "tuple[Applications, Policy]":
    if not isinstance(applications, Applications):
        applications = Applications.load(applications)
    if not isinstance(policy, Policy):
        path = os.fspath(policy)
        if isinstance(path, str) and os.sep not in path and not path.endswith(".xml"):
            policy = Policy.bundled(path)
        else:
            policy = Policy.load(path)
    return applications, policy


def evaluate(
    applications: Union[Applications, PathLike],
    policy: Union[Policy, str, "os.PathLike[str]"] = "jinan-2025",
) -> Awards:
    """Evaluate @applications (an :class:`Applications` or a file) against
    @policy (a :class:`Policy`, a bundled policy's id, or a policy file)."""
    applications, policy = _inputs(applications, policy)
    pp = ffi.new("ds_awards **")
    with locked(policy, applications):
        check(lib.ds_policy_evaluate(pp, policy._p(), applications._p()))
    return Awards._own(pp[0], lib.ds_awards_free)
