"""入表: accounting for data resources under 财会〔2023〕11号 (CAS 6, 1, 8, 14):
amortisation schedules, a book of data resources with cost items,
impairments, write-downs, licences and disposals, and for a reporting period
the journal entries, disclosure tables (1) and (2) and balance-sheet lines.

Amounts go in as exact amounts in yuan (Decimal, int, Fraction or str; at
most two decimals) and come out as :class:`~decimal.Decimal` yuan to the fen
(the library counts fen exactly).

>>> s = ledger.schedule("1000000", "2024-03", 36)
>>> s[-1].charge, s[-1].true_up
(Decimal('27777.70'), True)
>>> book = ledger.Ledger.load("book.xml"); book.report("2024-01", "2024-12").table(1)
"""

from __future__ import annotations

import decimal as _decimal
import enum
from dataclasses import dataclass
from typing import Any, Dict, List, Optional, Sequence, Tuple, Type, Union

from . import errors
from ._core import (Handle, PathLike, borrowed, check, data_in, enum_value, ffi, lib, opt_text, path_in, read_item,
                    read_list, string_out, take_bytes, text_in)
from .decimals import Amount, DecimalArray, to_c

__all__ = [
    "Method",
    "AssetClass",
    "Origin",
    "Use",
    "Category",
    "Phase",
    "Disposal",
    "Account",
    "Part",
    "Format",
    "Row1",
    "Row2",
    "Schedule",
    "ScheduleLine",
    "Ledger",
    "Book",
    "Report",
    "Figures",
    "AssetFigures",
    "JournalEntry",
    "Posting",
    "schedule",
    "Column",
    "COLUMNS",
]


def yuan(fen: int) -> _decimal.Decimal:
    """A count of fen as yuan: 12345 → Decimal('123.45')."""
    return _decimal.Decimal(int(fen)).scaleb(-2)


class _Named(enum.IntEnum):
    @classmethod
    def of(cls, value: Any) -> int:
        return enum_value(cls, value)


class Method(_Named):
    STRAIGHT_LINE = lib.DS_LEDGER_STRAIGHT_LINE  #: 直线法
    UNITS_OF_BENEFIT = lib.DS_LEDGER_UNITS_OF_BENEFIT  #: 工作量法


class AssetClass(_Named):
    INTANGIBLE = lib.DS_LEDGER_INTANGIBLE  #: 无形资产
    INVENTORY = lib.DS_LEDGER_INVENTORY  #: 存货


class Origin(_Named):
    PURCHASED = lib.DS_LEDGER_PURCHASED  #: 外购
    SELF_BUILT = lib.DS_LEDGER_SELF_BUILT  #: 自行开发 / 自行加工
    OTHER = lib.DS_LEDGER_OTHER  #: 其他方式取得


class Use(_Named):
    ADMIN = lib.DS_LEDGER_USE_ADMIN  #: 管理费用
    MAIN_COST = lib.DS_LEDGER_USE_MAIN_COST  #: 主营业务成本
    OTHER_COST = lib.DS_LEDGER_USE_OTHER_COST  #: 其他业务成本
    SELLING = lib.DS_LEDGER_USE_SELLING  #: 销售费用


class Category(_Named):
    PRICE = lib.DS_LEDGER_COST_PRICE
    TAX = lib.DS_LEDGER_COST_TAX
    COLLECT = lib.DS_LEDGER_COST_COLLECT
    DESENSITISE = lib.DS_LEDGER_COST_DESENSITISE
    CLEAN = lib.DS_LEDGER_COST_CLEAN
    LABEL = lib.DS_LEDGER_COST_LABEL
    INTEGRATE = lib.DS_LEDGER_COST_INTEGRATE
    ANALYSE = lib.DS_LEDGER_COST_ANALYSE
    VISUALISE = lib.DS_LEDGER_COST_VISUALISE
    RIGHTS = lib.DS_LEDGER_COST_RIGHTS
    QUALITY = lib.DS_LEDGER_COST_QUALITY
    REGISTRATION = lib.DS_LEDGER_COST_REGISTRATION
    SECURITY = lib.DS_LEDGER_COST_SECURITY
    INSURANCE = lib.DS_LEDGER_COST_INSURANCE
    SERVICE = lib.DS_LEDGER_COST_SERVICE
    RD = lib.DS_LEDGER_COST_RD
    OTHER = lib.DS_LEDGER_COST_OTHER


class Phase(_Named):
    NONE = lib.DS_LEDGER_PHASE_NONE
    RESEARCH = lib.DS_LEDGER_PHASE_RESEARCH  #: 研究阶段
    DEVELOPMENT = lib.DS_LEDGER_PHASE_DEVELOPMENT  #: 开发阶段
    UNSPLIT = lib.DS_LEDGER_PHASE_UNSPLIT


class Disposal(_Named):
    SALE = lib.DS_LEDGER_DISPOSE_SALE  #: 处置 / 出售
    EXPIRY = lib.DS_LEDGER_DISPOSE_EXPIRY  #: 失效且终止确认
    OTHER = lib.DS_LEDGER_DISPOSE_OTHER  #: 其他减少


# Enums whose members come from the header (functional API, typed as _Named).
_make_named: Any = _Named
Account: Type[_Named] = _make_named(
    "Account",
    {n[len("DS_LEDGER_ACC_"):]: getattr(lib, n) for n in dir(lib)
     if n.startswith("DS_LEDGER_ACC_") and n != "DS_LEDGER_ACC_COUNT"},
)
Account.__doc__ = "Accounts the book posts to (each with a default code and name)."
Row1: Type[_Named] = _make_named(
    "Row1", {n[len("DS_LEDGER_R1_"):]: getattr(lib, n) for n in dir(lib)
             if n.startswith("DS_LEDGER_R1_") and n != "DS_LEDGER_R1_COUNT"},
)
Row1.__doc__ = "Rows of disclosure table (1), 确认为无形资产的数据资源."
Row2: Type[_Named] = _make_named(
    "Row2", {n[len("DS_LEDGER_R2_"):]: getattr(lib, n) for n in dir(lib)
             if n.startswith("DS_LEDGER_R2_") and n != "DS_LEDGER_R2_COUNT"},
)
Row2.__doc__ = "Rows of disclosure table (2), 确认为存货的数据资源."


class Part(_Named):
    SCHEDULE = lib.DS_LEDGER_PART_SCHEDULE
    ENTRIES = lib.DS_LEDGER_PART_ENTRIES
    DISCLOSURE = lib.DS_LEDGER_PART_DISCLOSURE
    BALANCE = lib.DS_LEDGER_PART_BALANCE


class Format(_Named):
    TEXT = lib.DS_LEDGER_FORMAT_TEXT
    CSV = lib.DS_LEDGER_FORMAT_CSV
    XML = lib.DS_LEDGER_FORMAT_XML


class Column(_Named):
    """Columns of both disclosure tables."""

    PURCHASED = lib.DS_LEDGER_COL_PURCHASED  #: 外购的
    SELF_BUILT = lib.DS_LEDGER_COL_SELF_BUILT  #: 自行开发的 / 自行加工的
    OTHER = lib.DS_LEDGER_COL_OTHER  #: 其他方式取得的
    TOTAL = lib.DS_LEDGER_COL_TOTAL  #: 合计


#: Column names of both tables, in order: 外购, 自行开发/加工, 其他方式, 合计.
COLUMNS = tuple(m.name.lower() for m in Column)


class _Keep:
    def __init__(self) -> None:
        self.items: List[Any] = []

    def text(self, v: Optional[str], what: str = "text") -> Any:
        if v is None:
            return ffi.NULL
        c = ffi.new("char[]", text_in(str(v), what))
        self.items.append(c)
        return c

    def dec(self, v: Optional[Amount], what: str) -> Any:
        if v is None:
            return ffi.NULL
        d = to_c(v, what)
        self.items.append(d)
        return d


# ------------------------------------------------------------ schedules


@dataclass(frozen=True)
class ScheduleLine:
    """One month of a schedule, in yuan."""

    year: int
    month: int
    opening: _decimal.Decimal
    charge: _decimal.Decimal
    accumulated: _decimal.Decimal
    impairment: _decimal.Decimal
    closing: _decimal.Decimal
    true_up: bool

    @property
    def period(self) -> str:
        return f"{self.year:04d}-{self.month:02d}"


def _fmt(format: Union[Format, str], bom: bool) -> Tuple[int, int]:  # noqa: A002
    f = Format.of(format)
    return f, (lib.DS_LEDGER_BOM if bom else 0)


def _schedule_line(line: Any, _: int) -> ScheduleLine:
    return ScheduleLine(
        line.year, line.month, yuan(line.opening), yuan(line.charge), yuan(line.accumulated),
        yuan(line.impairment), yuan(line.closing), bool(line.true_up),
    )


class Schedule(Handle):
    """A monthly amortisation schedule: a sequence of :class:`ScheduleLine`."""

    _kind = "schedule"

    def __len__(self) -> int:
        with self._lock:
            return int(lib.ds_ledger_schedule_count(self._p()))

    def __getitem__(self, index: int) -> ScheduleLine:
        with self._lock:
            return read_item(lib.ds_ledger_schedule_count, lib.ds_ledger_schedule_at, "ds_ledger_schedule_line *",
                             _schedule_line, index, "line", self._p())

    @property
    def lines(self) -> List[ScheduleLine]:
        with self._lock:
            return read_list(lib.ds_ledger_schedule_count, lib.ds_ledger_schedule_at, "ds_ledger_schedule_line *",
                             _schedule_line, self._p())

    def __iter__(self):  # type: ignore[no-untyped-def]
        return iter(self.lines)

    @property
    def total(self) -> _decimal.Decimal:
        """The sum of the charges."""
        return sum((x.charge for x in self.lines), _decimal.Decimal("0.00"))

    def write(self, format: Union[Format, str] = "text", *, bom: bool = False) -> str:  # noqa: A002
        """The schedule as text, CSV or XML."""
        f, flags = _fmt(format, bom)
        with self._lock:
            return string_out(lib.ds_ledger_schedule_write, self._p(), f, flags)

    def __repr__(self) -> str:
        return "<datasset.ledger.Schedule closed>" if self.closed else f"<datasset.ledger.Schedule {len(self)} months>"


def schedule(
    cost: Amount,
    start: str,
    months: int,
    *,
    residual: Optional[Amount] = None,
    method: Union[Method, str] = Method.STRAIGHT_LINE,
    units: Optional[Sequence[Amount]] = None,
    derecognised: Optional[str] = None,
) -> Schedule:
    """The monthly amortisation schedule of @cost over @months from month @start ("YYYY-MM")."""
    keep = _Keep()
    o = ffi.new("ds_ledger_schedule_options *")
    check(lib.ds_ledger_schedule_options_init(o, lib.DS_LEDGER_SCHEDULE_OPTIONS_VERSION))
    o.residual = keep.dec(residual, "residual")
    o.method = Method.of(method)
    if units is not None:
        arr = DecimalArray(units, "units")
        keep.items.append(arr)
        o.units, o.unit_count = arr.array, len(arr)
    o.derecognised = keep.text(derecognised, "derecognised")
    pp = ffi.new("ds_ledger_schedule **")
    check(lib.ds_ledger_schedule_new(pp, to_c(cost, "cost"), text_in(start, "start"), months, o))
    return Schedule._own(pp[0], lib.ds_ledger_schedule_free)


# ------------------------------------------------------------ reports


@dataclass(frozen=True)
class Figures:
    """The period's figures besides the tables (yuan)."""

    inventory: _decimal.Decimal
    intangible: _decimal.Decimal
    development: _decimal.Decimal
    rd_expensed: _decimal.Decimal
    rd_capitalised: _decimal.Decimal
    amortisation: _decimal.Decimal
    licence_revenue: _decimal.Decimal
    restricted_count: int
    indefinite_count: int
    material_count: int


@dataclass(frozen=True)
class AssetFigures:
    """One asset at the end of the period (yuan)."""

    id: str
    name: Optional[str]
    asset_class: AssetClass
    on_books: bool
    cost: _decimal.Decimal
    accumulated: _decimal.Decimal
    allowance: _decimal.Decimal
    carrying: _decimal.Decimal
    remaining_months: int
    restricted: Optional[str]
    material: bool


@dataclass(frozen=True)
class Posting:
    """One line of a journal entry: 借 (debit) or 贷 (credit)."""

    code: str
    name: str
    debit: bool
    amount: _decimal.Decimal


@dataclass(frozen=True)
class JournalEntry:
    """A balanced journal entry."""

    date: str
    asset_id: str
    event: str
    postings: List[Posting]


class Report(Handle):
    """The figures, journal entries and tables of one reporting period
    (independent of its book once made)."""

    _kind = "ledger report"

    def cell(self, table: int, row: Union[int, str], column: Union[int, str]) -> _decimal.Decimal:
        """One cell of table 1 or 2: row a :class:`Row1`/:class:`Row2` (or its name),
        column 0..3 or a name of :data:`COLUMNS`."""
        if table not in (lib.DS_LEDGER_TABLE_1, lib.DS_LEDGER_TABLE_2):
            raise errors.ValidationError(f"table must be 1 or 2, not {table!r}", code=lib.DS_EINVAL, field="table")
        rows = Row1 if table == 1 else Row2
        r = rows.of(row) if isinstance(row, str) else int(row)
        c = Column.of(column) if isinstance(column, str) else int(column)
        out = ffi.new("int64_t *")
        with self._lock:
            check(lib.ds_ledger_report_cell(out, self._p(), table, r, c))
        return yuan(out[0])

    def table(self, table: int) -> Dict[str, Dict[str, _decimal.Decimal]]:
        """Table 1 or 2: {row name: {column name: amount}}."""
        rows = Row1 if table == 1 else Row2
        return {m.name.lower(): {col: self.cell(table, int(m), i) for i, col in enumerate(COLUMNS)} for m in rows}

    @property
    def figures(self) -> Figures:
        f = ffi.new("ds_ledger_figures *")
        with self._lock:
            check(lib.ds_ledger_report_figures(f, self._p()))
        return Figures(
            yuan(f.inventory), yuan(f.intangible), yuan(f.development), yuan(f.rd_expensed),
            yuan(f.rd_capitalised), yuan(f.amortisation), yuan(f.licence_revenue),
            int(f.restricted_count), int(f.indefinite_count), int(f.material_count),
        )

    @property
    def assets(self) -> List[AssetFigures]:
        """Every asset of the book at the end of the period, in the book's order."""
        with self._lock:
            return read_list(
                lib.ds_ledger_report_asset_count, lib.ds_ledger_report_asset_at, "ds_ledger_asset_figures *",
                lambda a, _: AssetFigures(
                    borrowed(a.id) or "", borrowed(a.name), AssetClass(a.asset_class), bool(a.on_books),
                    yuan(a.cost), yuan(a.accumulated), yuan(a.allowance), yuan(a.carrying),
                    int(a.remaining_months), borrowed(a.restricted), bool(a.material),
                ),
                self._p())

    @property
    def entries(self) -> List[JournalEntry]:
        """The journal entries of the period, in date order."""
        def entry(e: Any, _: int) -> JournalEntry:
            postings = [
                Posting(borrowed(x.code) or "", borrowed(x.name) or "", bool(x.debit), yuan(x.amount))
                for x in (e.postings[j] for j in range(e.posting_count))
            ]
            return JournalEntry(f"{e.year:04d}-{e.month:02d}-{e.day:02d}", borrowed(e.asset_id) or "",
                                borrowed(e.event) or "", postings)

        with self._lock:
            return read_list(lib.ds_ledger_report_entry_count, lib.ds_ledger_report_entry_at, "ds_ledger_entry *",
                             entry, self._p())

    def vouchers_pdf(self, *, entity: Optional[str] = None, preparer: Optional[str] = None,
                     reviewer: Optional[str] = None) -> bytes:
        """The period's journal entries as 记账凭证, one A4 page each, as PDF bytes.

        Raises UnsupportedError in a library built without PDF support.
        """
        opts = ffi.new("ds_pdf_options *")
        check(lib.ds_pdf_options_init(opts, lib.DS_PDF_OPTIONS_VERSION))
        keep = [ffi.new("char[]", text_in(v)) if v is not None else ffi.NULL for v in (entity, preparer, reviewer)]
        opts.entity, opts.preparer, opts.reviewer = keep
        out = ffi.new("unsigned char **")
        n = ffi.new("size_t *")
        with self._lock:
            check(lib.ds_ledger_write_vouchers_pdf(out, n, self._p(), opts))
        return take_bytes(out, n[0])

    def write(self, part: Union[Part, str] = "disclosure", format: Union[Format, str] = "text",  # noqa: A002
              *, bom: bool = False) -> str:
        """A part of the report ("schedule", "entries", "disclosure", "balance") as text, CSV or XML."""
        f, flags = _fmt(format, bom)
        with self._lock:
            return string_out(lib.ds_ledger_report_write, self._p(), Part.of(part), f, flags)

    def __repr__(self) -> str:
        if self.closed:
            return "<datasset.ledger.Report closed>"
        return f"<datasset.ledger.Report {len(self.entries)} entries>"


# ------------------------------------------------------------ the book


class Ledger(Handle):
    """A book of data resources. ``Ledger()`` is empty; :meth:`load` reads a ledger document."""

    _kind = "ledger"

    def __init__(self) -> None:
        pp = ffi.new("ds_ledger **")
        check(lib.ds_ledger_new(pp))
        self._setup(pp[0], lib.ds_ledger_free)

    @classmethod
    def load(cls, path: PathLike) -> "Ledger":
        """Read a ledger document (errors name the line and field path)."""
        pp = ffi.new("ds_ledger **")
        check(lib.ds_ledger_load(pp, path_in(path)))
        return cls._own(pp[0], lib.ds_ledger_free)

    @classmethod
    def parse(cls, data: Union[str, bytes], name: Optional[str] = None) -> "Ledger":
        b = data_in(data)
        pp = ffi.new("ds_ledger **")
        check(lib.ds_ledger_parse(pp, b, len(b), opt_text(name)))
        return cls._own(pp[0], lib.ds_ledger_free)

    @property
    def entity(self) -> Optional[str]:
        """The 会计主体 the document named (None for a book built in Python)."""
        with self._lock:
            return borrowed(lib.ds_ledger_entity(self._p()))

    @property
    def periods(self) -> List[Tuple[str, str]]:
        """The reporting periods the document named: (first month, last month)."""
        s, e = ffi.new("char **"), ffi.new("char **")
        out = []
        with self._lock:
            p = self._p()
            for i in range(lib.ds_ledger_period_count(p)):
                check(lib.ds_ledger_period_at(s, e, p, i))
                out.append((borrowed(s[0]) or "", borrowed(e[0]) or ""))
        return out

    def __len__(self) -> int:
        with self._lock:
            return int(lib.ds_ledger_count(self._p()))

    def set_account(self, account: Union[str, int], code: str, name: str) -> None:
        """Map an account to the enterprise's own chart."""
        with self._lock:
            check(lib.ds_ledger_set_account(self._p(), Account.of(account), text_in(code), text_in(name)))

    def set_materiality(self, threshold: Optional[Amount]) -> None:
        """Assets carried at or above @threshold are listed as material (None removes it)."""
        d = ffi.NULL if threshold is None else to_c(threshold, "materiality")
        with self._lock:
            check(lib.ds_ledger_set_materiality(self._p(), d))

    def add_asset(
        self,
        id: str,  # noqa: A002
        *,
        asset_class: Union[AssetClass, str],
        origin: Union[Origin, str],
        acquired: str,
        name: Optional[str] = None,
        available: Optional[str] = None,
        useful_life_months: int = 0,
        indefinite_life: bool = False,
        method: Union[Method, str] = Method.STRAIGHT_LINE,
        units: Optional[Sequence[Amount]] = None,
        residual: Optional[Amount] = None,
        use: Union[Use, str] = Use.ADMIN,
        conditions_met: Optional[str] = None,
        restricted: Optional[str] = None,
        conditions_evidence: Optional[Sequence[Optional[str]]] = None,
    ) -> None:
        """Add an asset (ValidationError naming the field)."""
        keep = _Keep()
        a = ffi.new("ds_ledger_asset *")
        check(lib.ds_ledger_asset_init(a, lib.DS_LEDGER_ASSET_VERSION))
        a.id = keep.text(id, "id")
        a.name = keep.text(name, "name")
        a.asset_class = AssetClass.of(asset_class)
        a.origin = Origin.of(origin)
        a.acquired = keep.text(acquired, "acquired")
        a.available = keep.text(available, "available")
        a.useful_life_months = useful_life_months
        a.indefinite_life = int(bool(indefinite_life))
        a.method = Method.of(method)
        if units is not None:
            arr = DecimalArray(units, "units")
            keep.items.append(arr)
            a.units, a.unit_count = arr.array, len(arr)
        a.residual = keep.dec(residual, "residual")
        a.use = Use.of(use)
        a.conditions_met = keep.text(conditions_met, "conditions_met")
        a.restricted = keep.text(restricted, "restricted")
        if conditions_evidence is not None:
            if len(conditions_evidence) > lib.DS_LEDGER_CONDITIONS:
                raise errors.ValidationError("conditions_evidence: at most 5", code=lib.DS_EINVAL,
                                             field="conditions_evidence")
            for i, ev in enumerate(conditions_evidence):
                a.conditions_evidence[i] = keep.text(ev, "conditions_evidence")
        with self._lock:
            check(lib.ds_ledger_add_asset(self._p(), a))

    def add_cost(
        self,
        asset_id: str,
        *,
        date: str,
        category: Union[Category, str],
        amount: Amount,
        phase: Union[Phase, str] = Phase.NONE,
        vat: Optional[Amount] = None,
        evidence: Optional[str] = None,
    ) -> None:
        """Add a cost item; the capitalisation engine decides at once (see :meth:`cost_rule`)."""
        keep = _Keep()
        c = ffi.new("ds_ledger_cost *")
        check(lib.ds_ledger_cost_init(c, lib.DS_LEDGER_COST_VERSION))
        c.date = keep.text(date, "date")
        c.category = Category.of(category)
        c.phase = Phase.of(phase)
        c.amount = keep.dec(amount, "amount")
        c.vat = keep.dec(vat, "vat")
        c.evidence = keep.text(evidence, "evidence")
        with self._lock:
            check(lib.ds_ledger_add_cost(self._p(), text_in(asset_id, "asset_id"), c))

    def add_impairment(self, asset_id: str, date: str, recoverable: Amount) -> None:
        """An impairment test (CAS 8): written down to @recoverable."""
        with self._lock:
            check(lib.ds_ledger_add_impairment(self._p(), text_in(asset_id), text_in(date),
                                               to_c(recoverable, "recoverable")))

    def add_writedown(self, asset_id: str, date: str, amount: Amount, *, reversal: bool = False) -> None:
        """An inventory write-down (or its reversal)."""
        with self._lock:
            check(lib.ds_ledger_add_writedown(self._p(), text_in(asset_id), text_in(date), to_c(amount, "amount"),
                                              int(bool(reversal))))

    def add_nrv_test(self, asset_id: str, date: str, nrv: Amount) -> None:
        """A net realisable value test of inventory (CAS 1)."""
        with self._lock:
            check(lib.ds_ledger_add_nrv_test(self._p(), text_in(asset_id), text_in(date), to_c(nrv, "nrv")))

    def add_licence(self, asset_id: str, date: str, fee: Amount, vat: Optional[Amount] = None) -> None:
        """A licence (授权使用) of an intangible: revenue under CAS 14."""
        v = ffi.NULL if vat is None else to_c(vat, "vat")
        with self._lock:
            check(lib.ds_ledger_add_licence(self._p(), text_in(asset_id), text_in(date), to_c(fee, "fee"), v))

    def dispose(
        self,
        asset_id: str,
        date: str,
        kind: Union[Disposal, str] = Disposal.SALE,
        proceeds: Optional[Amount] = None,
        vat: Optional[Amount] = None,
    ) -> None:
        """Take an asset off the books."""
        p_ = ffi.NULL if proceeds is None else to_c(proceeds, "proceeds")
        v = ffi.NULL if vat is None else to_c(vat, "vat")
        with self._lock:
            check(lib.ds_ledger_dispose(self._p(), text_in(asset_id), text_in(date), Disposal.of(kind), p_, v))

    def cost_rule(self, asset_id: str, index: int) -> Tuple[bool, str]:
        """(capitalised, the rule that decided) for cost item @index of an asset."""
        cap = ffi.new("int *")
        rule = ffi.new("char **")
        with self._lock:
            check(lib.ds_ledger_cost_rule(cap, rule, self._p(), text_in(asset_id), index))
        return bool(cap[0]), borrowed(rule[0]) or ""

    def condition(self, asset_id: str, condition: int) -> Optional[str]:
        """The evidence recorded for CAS 6 capitalisation condition 1..5, or None."""
        ev = ffi.new("char **")
        with self._lock:
            check(lib.ds_ledger_asset_condition(ev, self._p(), text_in(asset_id), condition))
        return borrowed(ev[0])

    def asset_cost(self, asset_id: str) -> _decimal.Decimal:
        """The capitalised cost of an asset."""
        out = ffi.new("int64_t *")
        with self._lock:
            check(lib.ds_ledger_asset_cost(out, self._p(), text_in(asset_id)))
        return yuan(out[0])

    def asset_schedule(self, asset_id: str) -> Schedule:
        """The whole amortisation schedule of an intangible."""
        pp = ffi.new("ds_ledger_schedule **")
        with self._lock:
            check(lib.ds_ledger_asset_schedule(pp, self._p(), text_in(asset_id)))
        return Schedule._own(pp[0], lib.ds_ledger_schedule_free)

    def report(self, start: str, end: Optional[str] = None) -> Report:
        """The report for the months @start to @end ("YYYY-MM"; a year "2024" means all of it)."""
        if end is None and len(start) == 4:
            start, end = f"{start}-01", f"{start}-12"
        pp = ffi.new("ds_ledger_report **")
        with self._lock:
            check(lib.ds_ledger_report_new(pp, self._p(), text_in(start, "start"), text_in(end or start, "end")))
        return Report._own(pp[0], lib.ds_ledger_report_free)

    def __repr__(self) -> str:
        if self.closed:
            return "<datasset.ledger.Ledger closed>"
        return f"<datasset.ledger.Ledger {self.entity or ''} {len(self)} assets>"


#: The book of data assets (数据资源入表): the name the issue and README use for :class:`Ledger`.
Book = Ledger
