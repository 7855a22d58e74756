"""数据资产评估: valuation by the income, cost and market approaches, quality
coefficients with AHP weights, reconciliation and sensitivity; every figure
exact and explained by a calculation trace.

>>> v = valuation.income(["500000", "600000", "700000"], rates="0.12")
>>> v.value                      # exact: a Fraction when it does not terminate
>>> print(v.trace_text())        # F_1 ... = R_1 ... ≈ 500,000.00

Rates, shares and coefficients are fractions (``"0.12"`` for 12 %) given as
str, Decimal, int or Fraction, never float. A whole ``<valuation>`` document
is computed by :meth:`Report.load`.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from typing import Any, List, Mapping, Optional, Sequence, Tuple, Union

from . import errors
from ._core import (Handle, PathLike, borrowed, check, data_in, enum_value, ffi, lib, opt_text, path_in, read_list,
                    string_out, text_in)
from .decimals import Amount, DecimalArray, Number, from_c, new_decimal, to_c

__all__ = [
    "Valuation",
    "TraceEntry",
    "IncomeMethod",
    "Timing",
    "CostAdjustment",
    "Coefficient",
    "Comparable",
    "AHP",
    "Report",
    "Approach",
    "income",
    "sensitivity",
    "cost",
    "cost2019",
    "market",
    "quality",
    "ahp_weights",
    "reconcile",
    "MAX_PERIODS",
]

MAX_PERIODS: int = lib.DS_VALUATION_MAX_PERIODS


class IncomeMethod(enum.IntEnum):
    """How the income attributable to the data asset is forecast."""

    DIRECT = lib.DS_INCOME_DIRECT  #: 直接收益预测: F_t = R_t
    SHARE = lib.DS_INCOME_SHARE  #: 分成收益预测: F_t = R_t × K_t
    EXCESS = lib.DS_INCOME_EXCESS  #: 超额收益预测: F_t = R_t − Σ C_{t,j}
    INCREMENTAL = lib.DS_INCOME_INCREMENTAL  #: 增量收益预测: F_t = R'_t − R_t


class Timing(enum.IntEnum):
    """When in each period the income arrives."""

    END = lib.DS_TIMING_END  #: end of period (exact)
    MID = lib.DS_TIMING_MID  #: mid-period (√(1+i) to the stated precision)


class CostAdjustment(enum.IntEnum):
    """How the cost approach's value adjustment coefficient δ is determined."""

    GIVEN = lib.DS_ADJUST_GIVEN
    LIFE = lib.DS_ADJUST_LIFE
    QUALITY = lib.DS_ADJUST_QUALITY
    DEPRECIATION = lib.DS_ADJUST_DEPRECIATION


_enum = enum_value


@dataclass(frozen=True)
class TraceEntry:
    """One line of a calculation trace."""

    symbol: str
    name_zh: str
    name_en: str
    formula: str
    exact: str
    display: str

    @property
    def value(self) -> Number:
        """The exact value as a number."""
        from .decimals import parse

        return parse(self.exact, grouped=False, exponent=False, fraction=True)


class Valuation(Handle):
    """A valuation result: the exact :attr:`value` and its :attr:`trace`."""

    _kind = "valuation"

    @classmethod
    def _new(cls) -> "Valuation":
        pp = ffi.new("ds_valuation **")
        check(lib.ds_valuation_new(pp))
        return cls._own(pp[0], lib.ds_valuation_free)

    @property
    def value(self) -> Number:
        """The exact value (Decimal, or Fraction when it does not terminate)."""
        with self._lock:
            return from_c(lib.ds_valuation_value(self._p()))

    @property
    def trace(self) -> List[TraceEntry]:
        """Every line of the calculation trace (empty when switched off)."""
        fields = ("symbol", "name_zh", "name_en", "formula", "exact", "display")
        with self._lock:
            return read_list(lib.ds_valuation_trace_count, lib.ds_valuation_trace_at, "ds_trace_entry *",
                             lambda e, _: TraceEntry(*(borrowed(getattr(e, f)) or "" for f in fields)), self._p())

    def trace_text(self) -> str:
        """The trace as readable text, one line per quantity."""
        with self._lock:
            return string_out(lib.ds_valuation_trace_to_text, self._p())

    def __getitem__(self, symbol: str) -> TraceEntry:
        """The trace line of a symbol ("P", "F_2")."""
        for e in self.trace:
            if e.symbol == symbol:
                return e
        raise KeyError(symbol)

    def __repr__(self) -> str:
        if self.closed:
            return "<datasset.Valuation closed>"
        return f"<datasset.Valuation {self.value!r}>"


def _options(trace: bool = True, precision: int = 0, accept_inconsistent: bool = False) -> Any:
    o = ffi.new("ds_valuation_options *")
    check(lib.ds_valuation_options_init(o, lib.DS_VALUATION_OPTIONS_VERSION))
    o.no_trace = int(not trace)
    o.precision = precision
    o.accept_inconsistent = int(bool(accept_inconsistent))
    return o


class _Keep:
    """Keeps the C objects a parameter struct points to alive during the call."""

    def __init__(self) -> None:
        self.items: List[Any] = []

    def dec(self, value: Optional[Amount], what: str) -> Any:
        if value is None:
            return ffi.NULL
        d = to_c(value, what)
        self.items.append(d)
        return d

    def decs(self, values: Union[Amount, Sequence[Amount], None], what: str) -> Tuple[Any, int]:
        if values is None:
            return ffi.NULL, 0
        if isinstance(values, (str, bytes)) or not isinstance(values, Sequence):
            values = [values]  # type: ignore[list-item]
        a = DecimalArray(values, what)
        self.items.append(a)
        return a.array, len(a)

    def text(self, value: Optional[str], what: str = "text") -> Any:
        if value is None:
            return ffi.NULL
        c = ffi.new("char[]", text_in(value, what))
        self.items.append(c)
        return c

    def texts(self, values: Optional[Sequence[str]], what: str) -> Any:
        if values is None:
            return ffi.NULL
        cs = [self.text(v, what) for v in values]
        arr = ffi.new("char *[]", cs)
        self.items.append(arr)
        return arr


def _income_params(
    keep: _Keep,
    income: Sequence[Amount],
    rates: Union[Amount, Sequence[Amount]],
    method: Union[IncomeMethod, str],
    shares: Union[Amount, Sequence[Amount], None],
    baseline: Optional[Sequence[Amount]],
    contributions: Optional[Sequence[Sequence[Amount]]],
    contributor_names: Optional[Sequence[str]],
    timing: Union[Timing, str],
    terminal_value: Optional[Amount],
) -> Any:
    p = ffi.new("ds_valuation_income_params *")
    check(lib.ds_valuation_income_params_init(p, lib.DS_VALUATION_INCOME_PARAMS_VERSION))
    p.method = _enum(IncomeMethod, method)
    p.income, p.periods = keep.decs(income, "income")
    p.shares, p.n_shares = keep.decs(shares, "shares")
    p.baseline, _ = keep.decs(baseline, "baseline")
    if contributions is not None:
        rows = [list(r) for r in contributions]
        width = len(rows[0]) if rows else 0
        if any(len(r) != width for r in rows):
            raise errors.ValidationError("contributions: every period needs the same number of returns",
                                         code=lib.DS_EINVAL, field="contributions")
        p.contributions, _ = keep.decs([c for r in rows for c in r], "contributions")
        p.n_contributors = width
    p.contributor_names = keep.texts(contributor_names, "contributor_names")
    p.rates, p.n_rates = keep.decs(rates, "rates")
    p.timing = _enum(Timing, timing)
    p.terminal_value = keep.dec(terminal_value, "terminal_value")
    return p


def income(
    income: Sequence[Amount],
    rates: Union[Amount, Sequence[Amount]],
    *,
    method: Union[IncomeMethod, str] = IncomeMethod.DIRECT,
    shares: Union[Amount, Sequence[Amount], None] = None,
    baseline: Optional[Sequence[Amount]] = None,
    contributions: Optional[Sequence[Sequence[Amount]]] = None,
    contributor_names: Optional[Sequence[str]] = None,
    timing: Union[Timing, str] = Timing.END,
    terminal_value: Optional[Amount] = None,
    precision: int = 0,
    trace: bool = True,
) -> Valuation:
    """收益法: P = Σ F_t / Π(1 + i_s) (+ TV discounted).

    @income holds F_t (direct), R_t (share, excess) or R'_t (incremental) per
    period; @rates one rate or one per period; @shares K_t (share); @baseline
    R_t (incremental); @contributions one row of C_{t,j} per period (excess).
    """
    keep = _Keep()
    p = _income_params(keep, income, rates, method, shares, baseline, contributions, contributor_names, timing,
                       terminal_value)
    v = Valuation._new()
    check(lib.ds_valuation_income(v._ptr, p, _options(trace, precision)))
    return v


def sensitivity(
    income: Sequence[Amount],
    rates: Union[Amount, Sequence[Amount]],
    rate_changes: Sequence[Amount],
    income_changes: Sequence[Amount],
    *,
    method: Union[IncomeMethod, str] = IncomeMethod.DIRECT,
    shares: Union[Amount, Sequence[Amount], None] = None,
    baseline: Optional[Sequence[Amount]] = None,
    contributions: Optional[Sequence[Sequence[Amount]]] = None,
    timing: Union[Timing, str] = Timing.END,
    terminal_value: Optional[Amount] = None,
    precision: int = 0,
) -> List[List[Number]]:
    """Sensitivity table of the income approach: row r, column c is the value
    with every rate moved by rate_changes[r] and every income scaled by
    (1 + income_changes[c])."""
    keep = _Keep()
    p = _income_params(keep, income, rates, method, shares, baseline, contributions, None, timing, terminal_value)
    rc, n_r = keep.decs(rate_changes, "rate_changes")
    ic, n_i = keep.decs(income_changes, "income_changes")
    cells = [new_decimal() for _ in range(n_r * n_i)]
    table = ffi.new("ds_decimal *[]", cells) if cells else ffi.NULL
    check(lib.ds_valuation_sensitivity(table, p, rc, n_r, ic, n_i, _options(True, precision)))
    return [[from_c(cells[r * n_i + c]) for c in range(n_i)] for r in range(n_r)]


def cost(
    components: Sequence[Amount],
    *,
    delta: Optional[Amount] = None,
    elapsed_life: Optional[Amount] = None,
    remaining_life: Optional[Amount] = None,
    quality: Optional[Amount] = None,
    depreciation: Optional[Amount] = None,
    adjustment: Union[CostAdjustment, str, None] = None,
    trace: bool = True,
) -> Valuation:
    """成本法 (2023): P = C × δ, C = the sum of up to five cost components
    (前期费用, 直接成本, 间接成本, 机会成本, 相关税费). δ is @delta, or from
    @elapsed_life and @remaining_life, a @quality coefficient, or 1 − @depreciation;
    @adjustment says which when it cannot be told from the arguments."""
    if adjustment is None:
        if elapsed_life is not None or remaining_life is not None:
            adjustment = CostAdjustment.LIFE
        elif quality is not None:
            adjustment = CostAdjustment.QUALITY
        elif depreciation is not None:
            adjustment = CostAdjustment.DEPRECIATION
        else:
            adjustment = CostAdjustment.GIVEN
    keep = _Keep()
    p = ffi.new("ds_valuation_cost_params *")
    check(lib.ds_valuation_cost_params_init(p, lib.DS_VALUATION_COST_PARAMS_VERSION))
    p.components, p.n_components = keep.decs(components, "components")
    p.adjustment = _enum(CostAdjustment, adjustment)
    p.delta = keep.dec(delta, "delta")
    p.elapsed_life = keep.dec(elapsed_life, "elapsed_life")
    p.remaining_life = keep.dec(remaining_life, "remaining_life")
    p.quality = keep.dec(quality, "quality")
    p.depreciation = keep.dec(depreciation, "depreciation")
    v = Valuation._new()
    check(lib.ds_valuation_cost(v._ptr, p, _options(trace)))
    return v


def cost2019(
    costs: Sequence[Amount],
    *,
    return_rate: Amount,
    quality: Amount,
    circulation: Amount,
    monopoly: Amount,
    risk: Amount,
    trace: bool = True,
) -> Valuation:
    """成本法 (2019, 专家指引第9号): P = TC × (1 + R) × α × β × (1 + l) × (1 − r)."""
    keep = _Keep()
    p = ffi.new("ds_valuation_cost2019_params *")
    check(lib.ds_valuation_cost2019_params_init(p, lib.DS_VALUATION_COST2019_PARAMS_VERSION))
    p.costs, p.n_costs = keep.decs(costs, "costs")
    p.return_rate = keep.dec(return_rate, "return_rate")
    p.quality = keep.dec(quality, "quality")
    p.circulation = keep.dec(circulation, "circulation")
    p.monopoly = keep.dec(monopoly, "monopoly")
    p.risk = keep.dec(risk, "risk")
    v = Valuation._new()
    check(lib.ds_valuation_cost2019(v._ptr, p, _options(trace)))
    return v


@dataclass(frozen=True)
class Coefficient:
    """A market adjustment: its @value, or @subject ÷ @comparable."""

    name: str
    value: Optional[Amount] = None
    subject: Optional[Amount] = None
    comparable: Optional[Amount] = None


@dataclass(frozen=True)
class Comparable:
    """A comparable transaction (可比案例): price, adjustments, optional weight."""

    price: Amount
    coefficients: Union[Sequence[Coefficient], Mapping[str, Amount]] = ()
    label: Optional[str] = None
    weight: Optional[Amount] = None


def market(comparables: Sequence[Comparable], *, trace: bool = True) -> Valuation:
    """市场法: P_i = C_i × Π coefficients, P = Σ w_i P_i / Σ w_i."""
    keep = _Keep()
    cs = ffi.new("ds_market_comparable[]", max(len(comparables), 1))
    keep.items.append(cs)
    for i, c in enumerate(comparables):
        coefs = c.coefficients
        if isinstance(coefs, Mapping):
            coefs = [Coefficient(k, v) for k, v in coefs.items()]
        arr = ffi.new("ds_market_coefficient[]", max(len(coefs), 1))
        keep.items.append(arr)
        for j, k in enumerate(coefs):
            where = f"comparables[{i + 1}]/coefficients[{j + 1}]"
            arr[j].name = keep.text(k.name, where + "/name")
            arr[j].value = keep.dec(k.value, where)
            arr[j].subject = keep.dec(k.subject, where + "/subject")
            arr[j].comparable = keep.dec(k.comparable, where + "/comparable")
        cs[i].label = keep.text(c.label)
        cs[i].price = keep.dec(c.price, f"comparables[{i + 1}]/price")
        cs[i].coefficients = arr
        cs[i].n_coefficients = len(coefs)
        cs[i].weight = keep.dec(c.weight, f"comparables[{i + 1}]/weight")
    p = ffi.new("ds_valuation_market_params *")
    check(lib.ds_valuation_market_params_init(p, lib.DS_VALUATION_MARKET_PARAMS_VERSION))
    p.comparables = cs
    p.n_comparables = len(comparables)
    v = Valuation._new()
    check(lib.ds_valuation_market(v._ptr, p, _options(trace)))
    return v


def _flat_matrix(matrix: Sequence[Sequence[Amount]]) -> Tuple[List[Amount], int]:
    rows = [list(r) for r in matrix]
    n = len(rows)
    if any(len(r) != n for r in rows):
        raise errors.ValidationError("matrix: it must be square (n rows of n entries)", code=lib.DS_EINVAL,
                                     field="matrix")
    return [x for r in rows for x in r], n


def quality(
    scores: Sequence[Amount],
    *,
    weights: Optional[Sequence[Amount]] = None,
    matrix: Optional[Sequence[Sequence[Amount]]] = None,
    names: Optional[Sequence[str]] = None,
    full_score: Optional[Amount] = None,
    precision: int = 0,
    accept_inconsistent: bool = False,
    trace: bool = True,
) -> Valuation:
    """The quality coefficient q = Σ w_k s_k / full_score, with @weights given
    or from an AHP pairwise @matrix (VerifyError when CR ≥ 0.10 unless accepted)."""
    keep = _Keep()
    p = ffi.new("ds_valuation_quality_params *")
    check(lib.ds_valuation_quality_params_init(p, lib.DS_VALUATION_QUALITY_PARAMS_VERSION))
    p.scores, p.n = keep.decs(scores, "scores")
    p.names = keep.texts(names, "names")
    p.full_score = keep.dec(full_score, "full_score")
    p.weights, _ = keep.decs(weights, "weights")
    if matrix is not None:
        p.matrix, _ = keep.decs(_flat_matrix(matrix)[0], "matrix")
    v = Valuation._new()
    check(lib.ds_valuation_quality(v._ptr, p, _options(trace, precision, accept_inconsistent)))
    return v


@dataclass(frozen=True)
class AHP:
    """AHP weights of a pairwise matrix with λ_max, CI and CR."""

    weights: List[Number]
    lambda_max: Number
    ci: Number
    cr: Number


def ahp_weights(matrix: Sequence[Sequence[Amount]], precision: int = 0) -> AHP:
    """AHP (层次分析法) weights (summing to exactly 1) and the consistency figures."""
    flat, n = _flat_matrix(matrix)
    keep = _Keep()
    m, _ = keep.decs(flat, "matrix")
    ws = [new_decimal() for _ in range(n)]
    warr = ffi.new("ds_decimal *[]", ws) if ws else ffi.NULL
    lam, ci, cr = new_decimal(), new_decimal(), new_decimal()
    check(lib.ds_valuation_ahp_weights(warr, lam, ci, cr, m, n, precision))
    return AHP([from_c(w) for w in ws], from_c(lam), from_c(ci), from_c(cr))


def reconcile(
    values: Sequence[Amount],
    *,
    labels: Optional[Sequence[str]] = None,
    weights: Optional[Sequence[Amount]] = None,
    chosen: int = 0,
    trace: bool = True,
) -> Valuation:
    """The conclusion of several approaches: values[chosen], or their weighted mean."""
    keep = _Keep()
    p = ffi.new("ds_valuation_reconcile_params *")
    check(lib.ds_valuation_reconcile_params_init(p, lib.DS_VALUATION_RECONCILE_PARAMS_VERSION))
    p.values, p.n = keep.decs(list(values), "values")
    p.labels = keep.texts(labels, "labels")
    p.weights, _ = keep.decs(weights, "weights")
    p.chosen = chosen
    v = Valuation._new()
    check(lib.ds_valuation_reconcile(v._ptr, p, _options(trace)))
    return v


@dataclass(frozen=True)
class Approach:
    """One computed approach of a report: its id, kind and result."""

    id: str
    kind: str
    result: Valuation


class Report(Handle):
    """A full valuation computed from a ``<valuation>`` document."""

    _kind = "valuation report"

    @classmethod
    def load(cls, path: PathLike, *, precision: int = 0) -> "Report":
        pp = ffi.new("ds_valuation_report **")
        check(lib.ds_valuation_report_load(pp, path_in(path), _options(True, precision)))
        return cls._own(pp[0], lib.ds_valuation_report_free)

    @classmethod
    def parse(cls, data: Union[str, bytes], name: Optional[str] = None, *, precision: int = 0) -> "Report":
        b = data_in(data)
        pp = ffi.new("ds_valuation_report **")
        check(lib.ds_valuation_report_parse(pp, b, len(b), opt_text(name), _options(True, precision)))
        return cls._own(pp[0], lib.ds_valuation_report_free)

    @property
    def conclusion(self) -> Valuation:
        """The conclusion and its reconciliation trace (borrowed from the report)."""
        with self._lock:
            return Valuation._borrow(lib.ds_valuation_report_conclusion(self._p()), self)

    @property
    def value(self) -> Number:
        """The conclusion's exact value."""
        return self.conclusion.value

    @property
    def approaches(self) -> List[Approach]:
        """Every computed approach, in document order."""
        out = []
        with self._lock:
            p = self._p()
            for i in range(lib.ds_valuation_report_approach_count(p)):
                out.append(_approach_at(self, p, i))
        return out

    def to_xml(self) -> str:
        """The result document <valuationResult>."""
        with self._lock:
            return string_out(lib.ds_valuation_report_to_xml, self._p())

    def to_text(self) -> str:
        """A readable report in Chinese with English glosses."""
        with self._lock:
            return string_out(lib.ds_valuation_report_to_text, self._p())

    def __repr__(self) -> str:
        if self.closed:
            return "<datasset.valuation.Report closed>"
        return f"<datasset.valuation.Report {len(self.approaches)} approaches, conclusion {self.value!r}>"


def _approach_at(report: Report, p: Any, i: int) -> Approach:
    out = ffi.new("ds_valuation **")
    id_ = ffi.new("char **")
    kind = ffi.new("char **")
    check(lib.ds_valuation_report_approach_at(out, id_, kind, p, i))
    return Approach(borrowed(id_[0]) or "", borrowed(kind[0]) or "", Valuation._borrow(out[0], report))
