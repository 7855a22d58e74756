"""Exact amounts: conversion to and from the library's ``ds_decimal``,
rounding, formatting, expressions and 人民币大写.

Amounts go in as :class:`decimal.Decimal`, :class:`int`,
:class:`fractions.Fraction` or :class:`str` (plain ``"-1234.50"``, grouped
``"1,234.50"`` or with an exponent ``"1.5e3"``); a :class:`float` is refused
with a :class:`TypeError`, since a binary float cannot hold most decimal
amounts exactly. Results come back as :class:`~decimal.Decimal` when they
terminate in decimal and as :class:`~fractions.Fraction` when they do not
(``calc("1/3")``). Nothing is rounded unless asked, and rounding defaults to
:attr:`Rounding.HALF_UP` (四舍五入), the library's default for money, never to
the ambient :mod:`decimal` context.
"""

from __future__ import annotations

import datetime as _dt
import decimal as _decimal
import enum
import numbers as _numbers
from fractions import Fraction
import itertools
import re
import threading
from typing import Any, Iterable, Iterator, List, Optional, Sequence, Union, overload

from . import errors
from ._core import check, ffi, lib, string_out, text_in

__all__ = [
    "Amount",
    "Number",
    "Rounding",
    "parse",
    "calc",
    "round",
    "format",
    "to_fraction",
    "words",
    "parse_words",
    "words_date",
    "present_value",
    "present_values",
    "Amounts",
    "add",
    "sub",
    "mul",
    "div",
    "power",
    "neg",
    "absolute",
    "minimum",
    "maximum",
    "compare",
    "sign",
    "is_integer",
    "is_zero",
    "format_fen",
    "terminates",
    "to_int",
    "MAX_SCALE",
    "MAX_POW",
]

#: What an amount may be given as.
Amount = Union[_decimal.Decimal, int, Fraction, str]
#: What an exact result is: Decimal when it terminates, else Fraction.
Number = Union[_decimal.Decimal, Fraction]

MAX_SCALE: int = lib.DS_DECIMAL_MAX_SCALE
MAX_POW: int = lib.DS_DECIMAL_MAX_POW


class Rounding(enum.IntEnum):
    """Rounding modes, with the meaning of Python's :mod:`decimal` modes."""

    HALF_UP = lib.DS_ROUND_HALF_UP  #: nearest, ties away from zero (四舍五入); the default
    HALF_EVEN = lib.DS_ROUND_HALF_EVEN  #: nearest, ties to even (银行家舍入)
    HALF_DOWN = lib.DS_ROUND_HALF_DOWN  #: nearest, ties toward zero
    UP = lib.DS_ROUND_UP  #: away from zero
    DOWN = lib.DS_ROUND_DOWN  #: toward zero (truncate)
    CEILING = lib.DS_ROUND_CEILING  #: toward +infinity
    FLOOR = lib.DS_ROUND_FLOOR  #: toward -infinity

    @classmethod
    def of(cls, mode: Union["Rounding", str, int]) -> "Rounding":
        """A mode from a Rounding, its name ("HALF_EVEN") or a decimal constant ("ROUND_HALF_EVEN")."""
        if isinstance(mode, str):
            name = mode.upper()
            if name.startswith("ROUND_"):
                name = name[6:]
            try:
                return cls[name]
            except KeyError:
                raise errors.ValidationError(
                    f"unknown rounding mode {mode!r} (valid: {', '.join(m.name for m in cls)})",
                    code=lib.DS_EINVAL,
                ) from None
        if isinstance(mode, bool) or not isinstance(mode, int):
            raise TypeError(f"rounding mode must be a Rounding or its name, not {type(mode).__name__}")
        return cls(mode)


_PARSE_FLAGS = lib.DS_DECIMAL_GROUPED | lib.DS_DECIMAL_EXPONENT


def _float_error(value: float) -> TypeError:
    return TypeError(
        f"float {value!r} refused: a binary float cannot hold most decimal amounts exactly "
        f"({value!r} is really {_decimal.Decimal(value)}); pass a decimal.Decimal, an int, "
        "a fractions.Fraction or a str such as '0.1'"
    )


def new_decimal() -> Any:
    """A new ``ds_decimal *`` with the value 0, freed by the garbage collector."""
    pp = ffi.new("ds_decimal **")
    check(lib.ds_decimal_new(pp))
    return ffi.gc(pp[0], lib.ds_decimal_free)


def to_c(value: Amount, what: str = "amount") -> Any:
    """An amount as a new ``ds_decimal *`` (freed by the garbage collector)."""
    d = new_decimal()
    if isinstance(value, bool):
        raise TypeError(f"{what}: bool is not an amount")
    if isinstance(value, float):
        raise _float_error(value)
    if isinstance(value, int):
        if -(2**63) <= value < 2**63:
            check(lib.ds_decimal_set_int64(d, value))
        else:
            check(lib.ds_decimal_parse(d, _int_str(value).encode(), 0))
        return d
    if isinstance(value, _decimal.Decimal):
        if not value.is_finite():
            raise errors.ValidationError(f"{what}: {value} is not a finite number", code=lib.DS_EINVAL)
        check(lib.ds_decimal_parse(d, str(value).encode(), lib.DS_DECIMAL_EXPONENT))
        return d
    if isinstance(value, str):
        check(lib.ds_decimal_parse(d, text_in(value, what), _PARSE_FLAGS))
        return d
    if isinstance(value, _numbers.Rational):
        f = Fraction(value.numerator, value.denominator)
        text = f"{_int_str(f.numerator)}/{_int_str(f.denominator)}"
        check(lib.ds_decimal_parse(d, text.encode(), lib.DS_DECIMAL_FRACTION))
        return d
    if isinstance(value, _numbers.Real):
        raise _float_error(float(value))
    raise TypeError(f"{what} must be a Decimal, int, Fraction or str, not {type(value).__name__}")


# Per-thread scratch for the hot paths (parse, from_c): a decimal and a char *
# slot reused from call to call instead of allocated and garbage-collected
# each time; the per-call overhead of the binding is mostly such allocations.
_scratch = threading.local()


def _scratch_decimal() -> Any:
    d = getattr(_scratch, "decimal", None)
    if d is None:
        d = _scratch.decimal = new_decimal()
    return d


def _scratch_text() -> Any:
    pp = getattr(_scratch, "text", None)
    if pp is None:
        pp = _scratch.text = ffi.new("char **")
    return pp


def from_c(p: Any) -> Number:
    """The exact value of a ``const ds_decimal *``: Decimal when it terminates, else Fraction."""
    if lib.ds_decimal_terminates(p):
        pp = _scratch_text()
        check(lib.ds_decimal_to_string(pp, p, 0))
        text = pp[0]
        try:
            return _decimal.Decimal(ffi.string(text).decode("ascii"))
        finally:
            lib.ds_free(text)
    return _fraction_of(p)


def _fraction_of(p: Any) -> Fraction:
    num, _, den = string_out(lib.ds_decimal_to_fraction, p).partition("/")
    return Fraction(_str_int(num), _str_int(den) if den else 1)


# Python 3.11 limits int <-> str conversion to 4300 digits by default (a global
# the host program owns); results of the library may have up to 100,000. Decimal
# converts to and from int without that limit, exactly.
def _int_str(n: int) -> str:
    return str(_decimal.Decimal(n))


def _str_int(s: str) -> int:
    return int(_decimal.Decimal(s))


def from_c_opt(p: Any) -> Optional[Number]:
    """from_c, or None for NULL."""
    return None if p == ffi.NULL else from_c(p)


class DecimalArray:
    """A C array ``ds_decimal *[n]`` of converted amounts (keeps them alive)."""

    __slots__ = ("items", "array")

    def __init__(self, values: Iterable[Amount], what: str = "amount") -> None:
        self.items = [to_c(v, f"{what}[{i}]") for i, v in enumerate(values)]
        self.array = ffi.new("ds_decimal *[]", self.items) if self.items else ffi.NULL

    def __len__(self) -> int:
        return len(self.items)


# ---------------------------------------------------------------- parsing and formatting


def parse(text: str, *, grouped: bool = True, exponent: bool = True, fraction: bool = False) -> Number:
    """Parse a number exactly: ``"-1234.50"``; with ``grouped`` ``"1,234.50"``;
    with ``exponent`` ``"1.5e3"``; with ``fraction`` ``"1/3"``.

    Raises :class:`ParseError` (``column`` gives the position) or :class:`RangeError`.
    """
    flags = (
        (lib.DS_DECIMAL_GROUPED if grouped else 0)
        | (lib.DS_DECIMAL_EXPONENT if exponent else 0)
        | (lib.DS_DECIMAL_FRACTION if fraction else 0)
    )
    d = _scratch_decimal()
    check(lib.ds_decimal_parse(d, text_in(text), flags))
    return from_c(d)


def calc(expr: str) -> Number:
    """Evaluate an arithmetic expression exactly (``+ - * / ^``, parentheses).

    >>> calc("1.1^-3")
    Fraction(1000, 1331)
    >>> calc("0.1 + 0.2")
    Decimal('0.3')
    """
    d = _scratch_decimal()
    check(lib.ds_decimal_eval(d, text_in(expr, "expression")))
    return from_c(d)


def round(x: Amount, scale: int = 2, mode: Union[Rounding, str] = Rounding.HALF_UP) -> _decimal.Decimal:  # noqa: A001
    """Round to ``scale`` fractional digits (default: to the fen, HALF_UP).

    The result keeps its scale: ``round("2.5", 2)`` is ``Decimal('2.50')``.
    """
    m = Rounding.of(mode)
    d = to_c(x)
    check(lib.ds_decimal_round(d, d, _scale(scale), int(m)))
    # Already rounded: writing it with exactly @scale digits keeps the scale.
    return _decimal.Decimal(string_out(lib.ds_decimal_to_string_scaled, d, scale, int(m), 0))


def _scale(scale: int) -> int:
    if isinstance(scale, bool) or not isinstance(scale, int):
        raise TypeError(f"scale must be an int, not {type(scale).__name__}")
    if not 0 <= scale <= MAX_SCALE:
        raise errors.ValidationError(f"scale {scale} is outside 0..{MAX_SCALE}", code=lib.DS_EINVAL)
    return scale


def format(  # noqa: A001
    x: Amount,
    scale: Optional[int] = None,
    mode: Union[Rounding, str] = Rounding.HALF_UP,
    *,
    grouped: bool = False,
) -> str:
    """Write an amount: exactly (``scale=None``; :class:`InexactError` for 1/3),
    or rounded to ``scale`` digits; ``grouped`` writes ``"-1,234.50"``."""
    flags = lib.DS_DECIMAL_GROUPED if grouped else 0
    d = to_c(x)
    if scale is None:
        return string_out(lib.ds_decimal_to_string, d, flags)
    return string_out(lib.ds_decimal_to_string_scaled, d, _scale(scale), int(Rounding.of(mode)), flags)


def to_fraction(x: Amount) -> Fraction:
    """The exact value as a Fraction (through the library's ``p/q`` form)."""
    return _fraction_of(to_c(x))


# ---------------------------------------------------------------- 人民币大写


def words(
    amount: Amount,
    *,
    zheng_alt: bool = False,
    zheng_after_jiao: bool = False,
    omit_optional_zero: bool = False,
    yuan_alt: bool = False,
    prefix: bool = True,
) -> str:
    """Spell an amount in 人民币大写, rounded HALF_UP to the fen first.

    >>> words("1680.32")
    '人民币壹仟陆佰捌拾元零叁角贰分'

    Options: ``zheng_alt`` writes 正 for 整; ``zheng_after_jiao`` writes 整 after
    角 too; ``omit_optional_zero`` drops the optional 零; ``yuan_alt`` writes 圆;
    ``prefix=False`` leaves out 人民币.
    """
    opts = ffi.new("ds_rmb_options *")
    check(lib.ds_rmb_options_init(opts, lib.DS_RMB_OPTIONS_VERSION))
    opts.use_zheng_alt = int(bool(zheng_alt))
    opts.zheng_after_jiao = int(bool(zheng_after_jiao))
    opts.omit_optional_zero = int(bool(omit_optional_zero))
    opts.use_yuan_alt = int(bool(yuan_alt))
    opts.omit_prefix = int(not prefix)
    return string_out(lib.ds_decimal_to_rmb_words, to_c(amount), opts)


def parse_words(text: str) -> _decimal.Decimal:
    """Parse an amount in 人民币大写 (every form the rules allow) to a Decimal with two decimals."""
    d = new_decimal()
    check(lib.ds_decimal_parse_rmb_words(d, text_in(text)))
    value = from_c(d)
    assert isinstance(value, _decimal.Decimal)
    return value.quantize(_decimal.Decimal("0.01"))


def words_date(date: Union[_dt.date, int], month: Optional[int] = None, day: Optional[int] = None) -> str:
    """A date in 大写: ``words_date(date(2025, 3, 10))`` or ``words_date(2025, 3, 10)``
    gives ``"贰零贰伍年叁月零壹拾日"``."""
    if isinstance(date, _dt.date):
        if month is not None or day is not None:
            raise TypeError("words_date() takes a date, or a year, month and day")
        y, m, d = date.year, date.month, date.day
    else:
        if month is None or day is None:
            raise TypeError("words_date() takes a date, or a year, month and day")
        y, m, d = date, month, day
    return string_out(lib.ds_date_to_words, y, m, d)


# ---------------------------------------------------------------- arithmetic


def present_value(amounts: Sequence[Amount], rates: Union[Amount, Sequence[Amount]]) -> Number:
    """Σ amounts[t] / Π (1 + rate), exactly; ``rates`` is one rate for every
    period or one per period (``0.085`` for 8.5 % — as a str or Decimal)."""
    a = DecimalArray(amounts, "amounts")
    r = DecimalArray(_rate_list(rates), "rates")
    d = new_decimal()
    check(lib.ds_decimal_present_value(d, a.array, len(a), r.array, len(r)))
    return from_c(d)


def _rate_list(rates: Union[Amount, Sequence[Amount]]) -> List[Amount]:
    """One rate, or a sequence of them, as a list."""
    if isinstance(rates, (bytes, bytearray)):
        raise TypeError("rates must be amounts (Decimal, int, Fraction or str), not bytes")
    if isinstance(rates, str) or not isinstance(rates, Sequence):
        return [rates]
    return list(rates)


def _binary(fn: Any, a: Amount, b: Amount) -> Number:
    d = new_decimal()
    check(fn(d, to_c(a), to_c(b)))
    return from_c(d)


def add(a: Amount, b: Amount) -> Number:
    """a + b, exactly."""
    return _binary(lib.ds_decimal_add, a, b)


def sub(a: Amount, b: Amount) -> Number:
    """a − b, exactly."""
    return _binary(lib.ds_decimal_sub, a, b)


def mul(a: Amount, b: Amount) -> Number:
    """a × b, exactly."""
    return _binary(lib.ds_decimal_mul, a, b)


def div(a: Amount, b: Amount) -> Number:
    """a ÷ b, exactly (a Fraction when it does not terminate); DivisionByZeroError for b = 0."""
    return _binary(lib.ds_decimal_div, a, b)


def minimum(a: Amount, b: Amount) -> Number:
    """The smaller of a and b."""
    return _binary(lib.ds_decimal_min, a, b)


def maximum(a: Amount, b: Amount) -> Number:
    """The larger of a and b."""
    return _binary(lib.ds_decimal_max, a, b)


def power(x: Amount, k: int) -> Number:
    """x raised to the integer power k, exactly (|k| ≤ MAX_POW)."""
    if isinstance(k, bool) or not isinstance(k, int):
        raise TypeError(f"the exponent must be an int, not {type(k).__name__}")
    d = new_decimal()
    check(lib.ds_decimal_pow(d, to_c(x), k))
    return from_c(d)


def _unary(fn: Any, x: Amount) -> Number:
    d = new_decimal()
    check(fn(d, to_c(x)))
    return from_c(d)


def neg(x: Amount) -> Number:
    """−x."""
    return _unary(lib.ds_decimal_neg, x)


def absolute(x: Amount) -> Number:
    """|x|."""
    return _unary(lib.ds_decimal_abs, x)


def compare(a: Amount, b: Amount) -> int:
    """-1, 0 or 1 as a is less than, equal to or greater than b."""
    c = int(lib.ds_decimal_cmp(to_c(a), to_c(b)))
    return (c > 0) - (c < 0)


def sign(x: Amount) -> int:
    """-1, 0 or 1."""
    return int(lib.ds_decimal_sign(to_c(x)))


def is_integer(x: Amount) -> bool:
    """Whether x is an integer."""
    return bool(lib.ds_decimal_is_integer(to_c(x)))


def terminates(x: Amount) -> bool:
    """Whether x has a finite decimal expansion."""
    return bool(lib.ds_decimal_terminates(to_c(x)))


def to_int(x: Amount) -> int:
    """x as an int: InexactError when it is not an integer, RangeError past 64 bits."""
    out = ffi.new("int64_t *")
    check(lib.ds_decimal_to_int64(out, to_c(x)))
    return int(out[0])


def is_zero(x: Amount) -> bool:
    """Whether x is zero."""
    return bool(lib.ds_decimal_is_zero(to_c(x)))


def format_fen(fen: int, *, grouped: bool = False) -> str:
    """An amount in fen (分, as the ledger counts) written as yuan with two
    decimals: ``format_fen(-123456, grouped=True)`` is ``"-1,234.56"``."""
    if isinstance(fen, bool) or not isinstance(fen, int):
        raise TypeError(f"fen must be an int, not {type(fen).__name__}")
    if not -(2**63) <= fen < 2**63:
        raise errors.RangeError(f"{fen} fen does not fit 64 bits", code=lib.DS_ERANGE)
    return string_out(lib.ds_decimal_fen_to_string, fen, lib.DS_DECIMAL_GROUPED if grouped else 0)


# ---------------------------------------------------------------- amounts kept in C, batches

# The types whose str() the library's list reader takes as to_c() would take them.
_BULK_TYPES = frozenset((_decimal.Decimal, int, str))
# A str item holding a list separator would split into several items.
_SEPARATOR = re.compile(r"[;\s]")
_LIST_CHUNK = lib.DS_DECIMAL_MAX_LIST_ITEMS
_POINTER_SIZE = ffi.sizeof("ds_decimal *")


def _free_list(n: int) -> Any:
    return lambda p: lib.ds_decimal_list_free(p, n)


class Amounts:
    """Amounts converted once into the library's decimals and kept in C.

    ``Amounts(values)`` takes what every amount argument takes (Decimal, int,
    Fraction, str; never float) and converts them in bulk: Decimal, int and str
    items are written into one text and read by ``ds_decimal_parse_list`` in a
    few calls rather than one call per amount; other items, and any item the
    bulk reader refuses, go one by one through the same conversion as a single
    amount, so the errors are the same (naming ``what[i]``). Use it to pass the
    same amounts to several batch calls (:func:`present_values`) without
    converting them again. Indexing and iteration give the exact values back.
    """

    __slots__ = ("_keep", "_array", "_n", "__weakref__")

    def __init__(self, values: Iterable[Amount], what: str = "amounts") -> None:
        items = values if isinstance(values, list) else list(values)
        self._n = n = len(items)
        self._keep: List[Any] = []
        self._array: Any = ffi.NULL
        if n == 0:
            return
        if not self._bulk(items):
            converted = [to_c(v, f"{what}[{i}]") for i, v in enumerate(items)]
            self._keep = converted
            self._array = ffi.new("ds_decimal *[]", converted)

    def _bulk(self, items: List[Any]) -> bool:
        """Convert through ds_decimal_parse_list; False when the items need the one-by-one way."""
        types = set(map(type, items))
        if not types <= _BULK_TYPES:
            return False
        if str in types and any(_SEPARATOR.search(v) for v in items if type(v) is str):
            return False
        n = len(items)
        array = ffi.new("ds_decimal *[]", n)
        keep: List[Any] = [array]
        pp, count = ffi.new("ds_decimal ***"), ffi.new("size_t *")
        for start in range(0, n, _LIST_CHUNK):
            chunk = items[start:start + _LIST_CHUNK]
            try:
                text = ";".join(map(str, chunk)).encode("utf-8", "surrogatepass")
            except ValueError:  # an int past Python's str() digit limit
                return False
            if b"\0" in text:
                return False
            if lib.ds_decimal_parse_list(pp, count, text, _PARSE_FLAGS) != 0:
                lib.ds_error_clear()
                return False
            owned = ffi.gc(pp[0], _free_list(count[0]))
            keep.append(owned)
            if count[0] != len(chunk):
                return False
            ffi.memmove(array + start, owned, len(chunk) * _POINTER_SIZE)
        self._keep, self._array = keep, array
        return True

    def __len__(self) -> int:
        return self._n

    def _at(self, i: int) -> Any:
        if isinstance(i, bool) or not isinstance(i, int):
            raise TypeError(f"Amounts indices must be int, not {type(i).__name__}")
        if i < 0:
            i += self._n
        if not 0 <= i < self._n:
            raise IndexError(f"index {i} is out of range for {self._n} amounts")
        return self._array[i]

    @overload
    def __getitem__(self, i: int) -> Number: ...

    @overload
    def __getitem__(self, i: slice) -> List[Number]: ...

    def __getitem__(self, i: Union[int, slice]) -> Union[Number, List[Number]]:
        if isinstance(i, slice):
            return [from_c(self._array[k]) for k in range(*i.indices(self._n))]
        return from_c(self._at(i))

    def __iter__(self) -> Iterator[Number]:
        for k in range(self._n):
            yield from_c(self._array[k])

    def __repr__(self) -> str:
        head = ", ".join(str(x) for x in self[:3])
        return f"<datasset.Amounts {self._n} [{head}{', ...' if self._n > 3 else ''}]>"


def present_values(
    flows: Union[Amounts, Sequence[Sequence[Amount]]],
    rates: Union[Amount, Sequence[Amount], Amounts],
    *,
    periods: Optional[int] = None,
    scale: int = 2,
    mode: Union[Rounding, str] = Rounding.HALF_UP,
) -> List[_decimal.Decimal]:
    """The present values of many series in one library call
    (``ds_decimal_present_values``), each rounded to ``scale`` digits with
    ``mode`` (default: to the fen, HALF_UP) — the figure
    ``round(present_value(series, rates), scale, mode)`` gives, for each series.

    @flows is a sequence of series (all of the same length), or an
    :class:`Amounts` of series after series with @periods per series (converted
    once, reusable). @rates is one rate for everything, one per period, or one
    per series and period (row-major). The GIL is released during the call.

    >>> present_values([["100", "100"], ["50", "60"]], "0.1")
    [Decimal('173.55'), Decimal('95.04')]
    """
    m = Rounding.of(mode)
    sc = _scale(scale)
    if isinstance(flows, Amounts):
        if periods is None:
            raise TypeError("present_values(): periods= is needed with an Amounts table")
        table = flows
    else:
        if isinstance(flows, (str, bytes)):
            raise TypeError("present_values() takes a sequence of series, not a str")
        rows = [r if isinstance(r, list) else list(r) for r in flows]
        width = len(rows[0]) if rows else 0
        if any(len(r) != width for r in rows):
            bad = next(i for i, r in enumerate(rows) if len(r) != width)
            raise errors.ValidationError(
                f"flows[{bad}] has {len(rows[bad])} periods, flows[0] has {width}: every series needs the same number",
                code=lib.DS_EINVAL, field=f"flows[{bad}]")
        if periods is not None and periods != width:
            raise errors.ValidationError(f"periods={periods} but the series have {width}", code=lib.DS_EINVAL)
        if not rows:
            return []
        periods = width
        table = Amounts(list(itertools.chain.from_iterable(rows)), "flows")
    if isinstance(periods, bool) or not isinstance(periods, int) or periods <= 0:
        raise errors.ValidationError(f"periods must be a positive int, not {periods!r}", code=lib.DS_EINVAL)
    if len(table) % periods:
        raise errors.ValidationError(
            f"{len(table)} amounts are not a whole number of series of {periods} periods", code=lib.DS_EINVAL)
    count = len(table) // periods
    if count == 0:
        return []
    if isinstance(rates, Amounts):
        rate_table = rates
    else:
        rate_table = Amounts(_rate_list(rates), "rates")
    out = _outputs(count)
    check(lib.ds_decimal_present_values(out, table._array, count, periods, rate_table._array, len(rate_table), sc,
                                        int(m)))
    text = string_out(lib.ds_decimal_list_to_string_scaled, out, count, sc, int(m), 0)
    return list(map(_decimal.Decimal, text.split(";")))


_pool = threading.local()


def _outputs(count: int) -> Any:
    """At least @count output decimals for a batch call, kept per thread and
    reused from call to call (their results are read before the call returns)."""
    have: Optional[Amounts] = getattr(_pool, "outputs", None)
    if have is None or len(have) < count:
        have = Amounts(["0"] * max(count, 1024), "outputs")
        _pool.outputs = have
    return have._array
