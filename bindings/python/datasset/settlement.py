"""公共数据授权运营收益分配: the price mechanism of 发改价格〔2025〕65号 (最高准许收入,
the yearly ±10 % tiers, the period excess and its deduction) and the settlement
of agreed data-use fee pools among the parties of an authorised operation,
each line with its destination (国库 or retained), exact to the fen.

>>> s = settlement.Settlement.load("settlement-share.xml")
>>> st = s.compute()
>>> [(l.party, l.amount, l.destination.name) for l in st.pools[0].lines]
>>> print(st.to_text())

Amounts go in as Decimal, int or str yuan exact to the fen (never float) and
come out as :class:`~decimal.Decimal` yuan to the fen; exact shares and ratios
come out as :class:`~decimal.Decimal` or :class:`~fractions.Fraction`.
"""

from __future__ import annotations

import decimal as _decimal
import enum
from dataclasses import dataclass
from fractions import Fraction
from typing import Any, List, Optional, Sequence, Union

from ._core import (
    Handle,
    PathLike,
    borrowed,
    check,
    data_in,
    enum_value,
    ffi,
    lib,
    opt_text,
    path_in,
    read_item,
    read_list,
    string_out,
    text_in,
)
from .decimals import Amount, Amounts, Number, to_c
from .ledger import yuan

__all__ = [
    "Kind",
    "Destination",
    "InstIncome",
    "PoolType",
    "IncomeKind",
    "Purpose",
    "Tier",
    "Format",
    "Settlement",
    "Statement",
    "MarFigures",
    "Year",
    "Period",
    "Deduction",
    "Pool",
    "Line",
    "MAX_MARKUP_PERCENT",
    "MAX_PERIOD_YEARS",
    "MAX_SMOOTHING_YEARS",
]

MAX_MARKUP_PERCENT: int = lib.DS_SETTLEMENT_MAX_MARKUP_PERCENT
MAX_PERIOD_YEARS: int = lib.DS_SETTLEMENT_MAX_PERIOD_YEARS
MAX_SMOOTHING_YEARS: int = lib.DS_SETTLEMENT_MAX_SMOOTHING_YEARS


class Kind(enum.IntEnum):
    """Kind of a party, which decides where its money goes."""

    ADMIN_UNIT = lib.DS_SETTLEMENT_ADMIN_UNIT  #: 行政单位: to the treasury
    INST_UNIT = lib.DS_SETTLEMENT_INST_UNIT  #: 事业单位: use income as the finance bureau rules
    AUTHORITY = lib.DS_SETTLEMENT_AUTHORITY  #: 授权主体: to the treasury
    PUBLIC_ENTERPRISE = lib.DS_SETTLEMENT_PUBLIC_ENTERPRISE  #: 公用企业: retained
    COMPANY = lib.DS_SETTLEMENT_COMPANY  #: 运营机构, 数据企业: retained


class Destination(enum.IntEnum):
    """Where a line's money goes."""

    RETAIN = lib.DS_SETTLEMENT_RETAIN
    TREASURY = lib.DS_SETTLEMENT_TREASURY  #: 非税收入, 国库集中收缴


class InstIncome(enum.IntEnum):
    """What a 事业单位 does with use income (财资〔2024〕1号)."""

    UNSET = lib.DS_SETTLEMENT_INST_UNSET
    REMIT = lib.DS_SETTLEMENT_INST_REMIT
    RETAIN = lib.DS_SETTLEMENT_INST_RETAIN


class PoolType(enum.IntEnum):
    """How a pool's fee F is fixed by the agreement."""

    SHARE = lib.DS_SETTLEMENT_SHARE  #: F = HALF_UP₂(G × k)
    PER_CALL = lib.DS_SETTLEMENT_PER_CALL  #: F = Σ HALF_UP₂(rate × calls)
    FIXED = lib.DS_SETTLEMENT_FIXED  #: F = the agreed amount


class IncomeKind(enum.IntEnum):
    """What the pool's money is."""

    USE = lib.DS_SETTLEMENT_USE  #: 有偿使用 income
    DISPOSAL = lib.DS_SETTLEMENT_DISPOSAL  #: 处置 income


class Purpose(enum.IntEnum):
    """Why a call was free (counted, never charged)."""

    PUBLIC_GOVERNANCE = lib.DS_SETTLEMENT_PUBLIC_GOVERNANCE  #: 公共治理
    PUBLIC_WELFARE = lib.DS_SETTLEMENT_PUBLIC_WELFARE  #: 公益事业


class Tier(enum.IntEnum):
    """The yearly evaluation tier."""

    OPERATOR_ADJUSTS = lib.DS_SETTLEMENT_OPERATOR_ADJUSTS  #: |d| ≤ 10 %
    AUTHORITY_ADJUSTS = lib.DS_SETTLEMENT_AUTHORITY_ADJUSTS  #: |d| > 10 %


class Format(enum.IntEnum):
    """Output formats of a statement."""

    TEXT = lib.DS_SETTLEMENT_FORMAT_TEXT
    CSV = lib.DS_SETTLEMENT_FORMAT_CSV
    XML = lib.DS_SETTLEMENT_FORMAT_XML


def _exact(p: Any) -> Optional[Number]:
    """An exact value the library writes as text ("0.25", "181/2144"), or None for NULL."""
    text = borrowed(p)
    if text is None:
        return None
    if "/" in text:
        return Fraction(text)
    return _decimal.Decimal(text)


def _exact0(p: Any) -> Number:
    value = _exact(p)
    return _decimal.Decimal(0) if value is None else value


@dataclass(frozen=True)
class MarFigures:
    """The maximum allowed revenue (最高准许收入): MAR = C + P + T, in yuan."""

    cost_items: _decimal.Decimal
    subsidies: _decimal.Decimal
    cost: _decimal.Decimal  #: C = cost_items − subsidies
    profit: _decimal.Decimal  #: P = HALF_UP₂(C × r)
    taxes: _decimal.Decimal
    mar: _decimal.Decimal
    rate: Number  #: r = y + m
    bond_yield: Number
    bond_yield_source: str
    markup: Number


@dataclass(frozen=True)
class Year:
    """One year of the evaluation period: actual income against the MAR."""

    year: int
    actual: _decimal.Decimal
    mar: _decimal.Decimal
    deviation: _decimal.Decimal  #: A − MAR
    ratio: Number  #: d = (A − MAR) / MAR, exact
    percent: _decimal.Decimal  #: d × 100 HALF_UP to two places
    tier: Tier


@dataclass(frozen=True)
class Period:
    """The period figures: E = max(0, Σ A − Σ MAR)."""

    actual: _decimal.Decimal
    mar: _decimal.Decimal
    excess: _decimal.Decimal
    next_mar: _decimal.Decimal
    smoothing_years: int


@dataclass(frozen=True)
class Deduction:
    """One year of the next period's deduction schedule."""

    year: int
    scheduled: _decimal.Decimal
    carried_in: _decimal.Decimal
    deducted: _decimal.Decimal
    net_mar: _decimal.Decimal


@dataclass(frozen=True)
class Line:
    """A party's part of a pool's fee, in the settlement order."""

    party: str
    name: Optional[str]
    role: Optional[str]
    kind: Kind
    destination: Destination
    weight: Number
    share: Number  #: w / Σ w, exact
    exact: Number  #: F × share, exact
    amount: _decimal.Decimal  #: booked, to the fen
    remainder: _decimal.Decimal  #: non-zero only on the line that took the remainder
    took_remainder: bool


@dataclass(frozen=True)
class Pool:
    """A pool's figures and its lines (summing exactly to the fee)."""

    id: str
    product: Optional[str]
    agreement: Optional[str]
    type: PoolType
    income_kind: IncomeKind
    income: Optional[_decimal.Decimal]  #: G, None when not given
    share: Optional[Number]  #: k for SHARE
    fee: _decimal.Decimal  #: F
    to_treasury: _decimal.Decimal
    retained: _decimal.Decimal
    operator_keeps: _decimal.Decimal  #: G − F
    charged_calls: int
    free_calls: int
    lines: List[Line]


def _mar(m: Any, _: int) -> MarFigures:
    return MarFigures(yuan(m.cost_items), yuan(m.subsidies), yuan(m.cost), yuan(m.profit), yuan(m.taxes),
                      yuan(m.mar), _exact0(m.rate), _exact0(m.bond_yield), borrowed(m.bond_yield_source) or "",
                      _exact0(m.markup))


def _year(y: Any, _: int) -> Year:
    return Year(int(y.year), yuan(y.actual), yuan(y.mar), yuan(y.deviation), _exact0(y.ratio),
                _decimal.Decimal(borrowed(y.percent) or "0"), Tier(y.tier))


def _deduction(d: Any, _: int) -> Deduction:
    return Deduction(int(d.year), yuan(d.scheduled), yuan(d.carried_in), yuan(d.deducted), yuan(d.net_mar))


def _line(x: Any, _: int) -> Line:
    return Line(borrowed(x.party) or "", borrowed(x.name), borrowed(x.role), Kind(x.kind), Destination(x.destination),
                _exact0(x.weight), _exact0(x.share), _exact0(x.exact), yuan(x.amount), yuan(x.remainder),
                bool(x.took_remainder))


class Statement(Handle):
    """A computed settlement statement (independent of its inputs)."""

    _kind = "settlement statement"

    def _single(self, fn: Any, ctype: str, make: Any) -> Any:
        out = ffi.new(ctype)
        with self._lock:
            rc = fn(out, self._p())
            if rc == lib.DS_ENOTFOUND:
                lib.ds_error_clear()
                return None
            check(rc)
            return make(out, 0)

    @property
    def mar(self) -> Optional[MarFigures]:
        """The MAR record, or None when the settlement had no MAR."""
        value: Optional[MarFigures] = self._single(lib.ds_settlement_statement_mar, "ds_settlement_mar_figures *",
                                                   _mar)
        return value

    @property
    def years(self) -> List[Year]:
        """Each year of the evaluation period, ascending."""
        with self._lock:
            return read_list(lib.ds_settlement_year_count, lib.ds_settlement_year_at, "ds_settlement_year *", _year,
                             self._p())

    @property
    def period(self) -> Optional[Period]:
        """The period figures, or None when no year was given."""
        value: Optional[Period] = self._single(
            lib.ds_settlement_statement_period, "ds_settlement_period *",
            lambda p, _: Period(yuan(p.actual), yuan(p.mar), yuan(p.excess), yuan(p.next_mar),
                                int(p.smoothing_years)))
        return value

    @property
    def deductions(self) -> List[Deduction]:
        """The next period's deduction schedule (empty when E = 0)."""
        with self._lock:
            return read_list(lib.ds_settlement_deduction_count, lib.ds_settlement_deduction_at,
                             "ds_settlement_deduction *", _deduction, self._p())

    def _pool(self, f: Any, index: int) -> Pool:
        p = self._ptr
        lines = read_list(lambda *_: int(f.line_count), lib.ds_settlement_line_at, "ds_settlement_line *", _line, p,
                          index) if f.line_count else []
        return Pool(
            borrowed(f.id) or "", borrowed(f.product), borrowed(f.agreement), PoolType(f.type),
            IncomeKind(f.income_kind), yuan(f.income) if f.has_income else None, _exact(f.share), yuan(f.fee),
            yuan(f.to_treasury), yuan(f.retained), yuan(f.operator_keeps), int(f.charged_calls), int(f.free_calls),
            lines,
        )

    @property
    def pools(self) -> List[Pool]:
        """Every pool with its lines, in the order added."""
        with self._lock:
            return read_list(lib.ds_settlement_pool_count, lib.ds_settlement_pool_at, "ds_settlement_pool_figures *",
                             self._pool, self._p())

    def pool(self, key: Union[int, str]) -> Pool:
        """A pool by index or id (KeyError for an unknown id)."""
        if isinstance(key, str):
            for p in self.pools:
                if p.id == key:
                    return p
            raise KeyError(key)
        with self._lock:
            return read_item(lib.ds_settlement_pool_count, lib.ds_settlement_pool_at, "ds_settlement_pool_figures *",
                             self._pool, key, "pool", self._p())

    def write(self, format: Union[Format, str] = Format.TEXT, *, bom: bool = False) -> str:  # noqa: A002
        """The statement as text, CSV (RFC 4180; ``bom`` for Excel) or XML."""
        flags = lib.DS_SETTLEMENT_BOM if bom else 0
        with self._lock:
            return string_out(lib.ds_settlement_statement_write, self._p(), enum_value(Format, format), flags)

    def to_text(self) -> str:
        return self.write(Format.TEXT)

    def to_csv(self, *, bom: bool = False) -> str:
        return self.write(Format.CSV, bom=bom)

    def to_xml(self) -> str:
        return self.write(Format.XML)

    def __str__(self) -> str:
        return self.to_text()

    def __repr__(self) -> str:
        if self.closed:
            return "<datasset.settlement.Statement closed>"
        mar = self.mar
        return (f"<datasset.settlement.Statement mar={mar.mar if mar else None} years={len(self.years)} "
                f"pools={len(self.pools)}>")


def _amounts(values: Optional[Sequence[Amount]], what: str) -> Amounts:
    if values is None:
        return Amounts([])
    if isinstance(values, (str, bytes)):
        raise TypeError(f"{what} must be a sequence of amounts, not a str")
    return Amounts(list(values), what)


class Settlement(Handle):
    """The inputs of a settlement: the MAR survey, the evaluation years, the
    deduction rule and the fee pools with their parties. Build it with the
    methods below or read a document (:meth:`load`, :meth:`parse`); every input
    is checked when given (a refused call changes nothing), then :meth:`compute`."""

    _kind = "settlement"

    def __init__(self) -> None:
        pp = ffi.new("ds_settlement **")
        check(lib.ds_settlement_new(pp))
        self._setup(pp[0], lib.ds_settlement_free)

    @classmethod
    def load(cls, path: PathLike) -> "Settlement":
        """Read a settlement document (urn:datasset:settlement:1): ParseError with
        the line, or the refusal of a value with its line and field path."""
        pp = ffi.new("ds_settlement **")
        check(lib.ds_settlement_load(pp, path_in(path)))
        return cls._own(pp[0], lib.ds_settlement_free)

    @classmethod
    def parse(cls, data: Union[str, bytes], name: str = "<string>") -> "Settlement":
        """The same as :meth:`load` for a document in memory."""
        raw = data_in(data)
        pp = ffi.new("ds_settlement **")
        check(lib.ds_settlement_parse(pp, raw, len(raw), text_in(name, "name")))
        return cls._own(pp[0], lib.ds_settlement_free)

    def set_title(self, title: Optional[str] = None, period: Optional[str] = None) -> None:
        """Name the settlement and its period ("2025-Q3")."""
        with self._lock:
            check(lib.ds_settlement_set_title(self._p(), opt_text(title, "title"), opt_text(period, "period")))

    def set_inst_income(self, rule: Union[InstIncome, str]) -> None:
        """What 事业单位 do with use income (needed when a pool has one)."""
        with self._lock:
            check(lib.ds_settlement_set_inst_income(self._p(), enum_value(InstIncome, rule)))

    def set_mar(
        self,
        costs: Sequence[Amount],
        *,
        bond_yield: Amount,
        bond_yield_source: str,
        markup: Amount,
        cost_names: Optional[Sequence[str]] = None,
        subsidies: Optional[Sequence[Amount]] = None,
        taxes: Optional[Amount] = None,
    ) -> None:
        """The MAR inputs: 经营成本 items, subsidies, the bond yield y (with its
        source), the markup m (0 to 0.06) and taxes T."""
        c = _amounts(costs, "mar/cost")
        sub = _amounts(subsidies, "mar/subsidy")
        names = None
        keep: List[Any] = []
        if cost_names is not None:
            keep = [ffi.new("char[]", text_in(n, "cost_names")) for n in cost_names]
            if len(keep) != len(c):
                from .errors import ValidationError

                raise ValidationError(f"{len(keep)} cost names for {len(c)} costs", code=lib.DS_EINVAL,
                                      field="mar/cost_names")
            names = ffi.new("char *[]", keep)
        m = ffi.new("ds_settlement_mar *")
        check(lib.ds_settlement_mar_init(m, lib.DS_SETTLEMENT_MAR_VERSION))
        y, mk = to_c(bond_yield, "mar/bond_yield"), to_c(markup, "mar/markup")
        t = to_c(taxes, "mar/taxes") if taxes is not None else ffi.NULL
        src = ffi.new("char[]", text_in(bond_yield_source, "bond_yield_source"))
        m.costs, m.cost_count = c._array, len(c)
        m.cost_names = names if names is not None else ffi.NULL
        m.subsidies, m.subsidy_count = sub._array, len(sub)
        m.bond_yield, m.bond_yield_source, m.markup, m.taxes = y, src, mk, t
        with self._lock:
            check(lib.ds_settlement_set_mar(self._p(), m))

    def add_year(self, year: int, actual: Amount, mar: Optional[Amount] = None) -> None:
        """A year of the evaluation period with the operator's actual income A
        (its own MAR, or the one of :meth:`set_mar`)."""
        a = to_c(actual, "actual")
        mr = to_c(mar, "mar") if mar is not None else ffi.NULL
        with self._lock:
            check(lib.ds_settlement_add_year(self._p(), year, a, mr))

    def set_deduction(self, years: int = 1, next_mar: Optional[Amount] = None) -> None:
        """Deduct the period excess in the next period's first year (1) or over @years."""
        n = to_c(next_mar, "deduction/next_mar") if next_mar is not None else ffi.NULL
        with self._lock:
            check(lib.ds_settlement_set_deduction(self._p(), years, n))

    def add_pool(
        self,
        id: str,  # noqa: A002
        type: Union[PoolType, str],  # noqa: A002
        *,
        income: Optional[Amount] = None,
        share: Optional[Amount] = None,
        amount: Optional[Amount] = None,
        income_kind: Union[IncomeKind, str] = IncomeKind.USE,
        product: Optional[str] = None,
        agreement: Optional[str] = None,
    ) -> None:
        """A fee pool: SHARE (``income`` G and ``share`` k), PER_CALL (products
        added with :meth:`add_product`) or FIXED (``amount``)."""
        p = ffi.new("ds_settlement_pool *")
        check(lib.ds_settlement_pool_init(p, lib.DS_SETTLEMENT_POOL_VERSION))
        keep = [ffi.new("char[]", text_in(id, "id"))]
        p.id = keep[0]
        if product is not None:
            keep.append(ffi.new("char[]", text_in(product, "product")))
            p.product = keep[-1]
        if agreement is not None:
            keep.append(ffi.new("char[]", text_in(agreement, "agreement")))
            p.agreement = keep[-1]
        p.type = enum_value(PoolType, type)
        p.income_kind = enum_value(IncomeKind, income_kind)
        decs = [to_c(v, f"pool '{id}'/{w}") if v is not None else ffi.NULL
                for v, w in ((income, "income"), (share, "share"), (amount, "amount"))]
        p.income, p.share, p.amount = decs
        with self._lock:
            check(lib.ds_settlement_add_pool(self._p(), p))

    def add_product(self, pool_id: str, name: str, rate: Amount, calls: int) -> None:
        """A charged product of a PER_CALL pool: HALF_UP₂(rate × calls) of its fee."""
        r = to_c(rate, "rate")
        with self._lock:
            check(lib.ds_settlement_add_product(self._p(), text_in(pool_id, "pool_id"), text_in(name, "name"), r,
                                                _calls(calls)))

    def add_party(
        self,
        pool_id: str,
        id: str,  # noqa: A002
        kind: Union[Kind, str],
        weight: Amount,
        *,
        name: Optional[str] = None,
        role: Optional[str] = None,
    ) -> None:
        """A party of pool @pool_id with its weight (calls, records or an agreed ratio)."""
        p = ffi.new("ds_settlement_party *")
        check(lib.ds_settlement_party_init(p, lib.DS_SETTLEMENT_PARTY_VERSION))
        keep = [ffi.new("char[]", text_in(id, "id"))]
        p.id = keep[0]
        if name is not None:
            keep.append(ffi.new("char[]", text_in(name, "name")))
            p.name = keep[-1]
        if role is not None:
            keep.append(ffi.new("char[]", text_in(role, "role")))
            p.role = keep[-1]
        p.kind = enum_value(Kind, kind)
        w = to_c(weight, f"pool '{pool_id}'/party '{id}'/weight")
        p.weight = w
        with self._lock:
            check(lib.ds_settlement_add_party(self._p(), text_in(pool_id, "pool_id"), p))

    def add_free_use(self, pool_id: str, user: str, purpose: Union[Purpose, str], calls: int) -> None:
        """Free calls (公共治理 / 公益事业): counted in the statement, never charged."""
        with self._lock:
            check(lib.ds_settlement_add_free_use(self._p(), text_in(pool_id, "pool_id"), text_in(user, "user"),
                                                 enum_value(Purpose, purpose), _calls(calls)))

    def compute(self) -> Statement:
        """The statement, every sum checked (ValidationError naming the field for
        inputs incomplete together)."""
        pp = ffi.new("ds_settlement_statement **")
        with self._lock:
            check(lib.ds_settlement_compute(pp, self._p()))
        return Statement._own(pp[0], lib.ds_settlement_statement_free)

    def __repr__(self) -> str:
        return "<datasset.settlement.Settlement closed>" if self.closed else "<datasset.settlement.Settlement>"


def _calls(calls: int) -> int:
    if isinstance(calls, bool) or not isinstance(calls, int):
        raise TypeError(f"calls must be an int, not {type(calls).__name__}")
    if not 0 <= calls < 2**64:
        from .errors import RangeError

        raise RangeError(f"calls {calls} is outside 0..2^64-1", code=lib.DS_ERANGE, field="calls")
    return calls
