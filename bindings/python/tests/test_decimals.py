"""Amounts in and out, rounding, formatting, expressions, 人民币大写."""

from __future__ import annotations

import datetime as dt
import decimal
from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given, strategies as st

import datasset
from datasset import decimals as D

ROUNDINGS = {
    datasset.Rounding.HALF_UP: decimal.ROUND_HALF_UP,
    datasset.Rounding.HALF_EVEN: decimal.ROUND_HALF_EVEN,
    datasset.Rounding.HALF_DOWN: decimal.ROUND_HALF_DOWN,
    datasset.Rounding.UP: decimal.ROUND_UP,
    datasset.Rounding.DOWN: decimal.ROUND_DOWN,
    datasset.Rounding.CEILING: decimal.ROUND_CEILING,
    datasset.Rounding.FLOOR: decimal.ROUND_FLOOR,
}


# ---------------------------------------------------------------- inputs


@pytest.mark.parametrize(
    "value, expected",
    [
        (Decimal("1234.50"), Decimal("1234.5")),
        (Decimal("-0"), Decimal("0")),
        (Decimal("1.5E+3"), Decimal("1500")),
        (Decimal("2E-2"), Decimal("0.02")),
        (42, Decimal("42")),
        (-(2**70), Decimal(-(2**70))),
        (Fraction(1, 8), Decimal("0.125")),
        (Fraction(-2, 6), Fraction(-1, 3)),
        ("1,234.50", Decimal("1234.5")),
        ("-1234.50", Decimal("-1234.5")),
        ("1.5e3", Decimal("1500")),
        ("+2E-2", Decimal("0.02")),
    ],
)
def test_inputs_are_exact(value, expected):
    out = D.add(value, 0)
    assert out == expected
    assert type(out) is type(expected)


@pytest.mark.parametrize("value", [0.1, 1.0, float("nan")])
def test_float_refused_with_reason(value):
    with pytest.raises(TypeError, match="float .* refused: a binary float cannot hold"):
        datasset.round(value)
    with pytest.raises(TypeError, match="float"):
        datasset.words(value)


def test_other_types_refused():
    with pytest.raises(TypeError):
        datasset.round(True)
    with pytest.raises(TypeError):
        datasset.round(None)  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        datasset.round(b"1")  # type: ignore[arg-type]
    with pytest.raises(datasset.ValidationError, match="not a finite number"):
        datasset.round(Decimal("NaN"))
    with pytest.raises(datasset.ValidationError):
        datasset.round(Decimal("Infinity"))


def test_bad_strings_name_the_column():
    with pytest.raises(datasset.ParseError) as ei:
        datasset.parse("12,34.5")
    assert ei.value.column > 0
    assert ei.value.code == -3 and ei.value.name == "DS_EPARSE"
    with pytest.raises(datasset.ParseError):
        datasset.parse("1 000")
    with pytest.raises(datasset.ParseError):
        datasset.parse("1,234", grouped=False)
    with pytest.raises(datasset.ParseError):
        datasset.parse("1e3", exponent=False)
    with pytest.raises(datasset.ParseError):
        datasset.parse("1/3")
    assert datasset.parse("2/6", fraction=True) == Fraction(1, 3)
    with pytest.raises(datasset.RangeError):
        datasset.parse("1e99999")
    with pytest.raises(datasset.ValidationError, match="NUL"):
        datasset.parse("1\x002")


# ---------------------------------------------------------------- outputs


def test_results_terminate_or_are_fractions():
    assert datasset.calc("0.1 + 0.2") == Decimal("0.3")
    assert isinstance(datasset.calc("0.1 + 0.2"), Decimal)
    assert datasset.calc("1/3") == Fraction(1, 3)
    assert isinstance(datasset.calc("1/3"), Fraction)
    assert datasset.calc("1.1^-3") == Fraction(1000, 1331)
    assert datasset.calc("-2^2") == -4
    assert datasset.calc("2^3^2") == 512


def test_calc_errors():
    with pytest.raises(datasset.ParseError) as ei:
        datasset.calc("1 + )")
    assert ei.value.column == 5
    assert "unexpected" in ei.value.message
    with pytest.raises(datasset.DivisionByZeroError) as ei:
        datasset.calc("1/0")
    assert isinstance(ei.value, ZeroDivisionError)
    with pytest.raises(datasset.ValidationError):
        datasset.calc("2^0.5")


def test_round_defaults_to_half_up_to_the_fen():
    with decimal.localcontext() as ctx:
        ctx.rounding = decimal.ROUND_HALF_EVEN  # never used by the library
        assert datasset.round("2.345") == Decimal("2.35")
        assert datasset.round("-2.345") == Decimal("-2.35")
        assert str(datasset.round("2.5", 2)) == "2.50"
        assert datasset.round("2.5", 0, datasset.Rounding.HALF_EVEN) == 2
        assert datasset.round("2.5", 0, "ROUND_HALF_EVEN") == 2
        assert datasset.round("2.5", 0, "half_down") == 2
        assert datasset.round(Fraction(1, 3), 4) == Decimal("0.3333")
    with pytest.raises(datasset.ValidationError):
        datasset.round("1", 2, "ROUND_05UP")
    with pytest.raises(datasset.ValidationError):
        datasset.round("1", -1)
    with pytest.raises(TypeError):
        datasset.round("1", 2, 3.0)  # type: ignore[arg-type]


@given(
    st.decimals(allow_nan=False, allow_infinity=False, min_value=-(10**12), max_value=10**12, places=6),
    st.integers(0, 5),
    st.sampled_from(list(ROUNDINGS)),
)
def test_round_agrees_with_decimal_quantize(x, scale, mode):
    want = x.quantize(Decimal(1).scaleb(-scale), rounding=ROUNDINGS[mode], context=decimal.Context(prec=100))
    got = datasset.round(x, scale, mode)
    assert got == want
    assert got.as_tuple().exponent == -scale


def test_format():
    assert datasset.format("-1234.5") == "-1234.5"
    assert datasset.format("-1234.5", grouped=True) == "-1,234.5"
    assert datasset.format("-1234.5", 2, grouped=True) == "-1,234.50"
    assert datasset.format("-0.001", 2) == "0.00"
    assert datasset.format(Fraction(2, 3), 3, "DOWN") == "0.666"
    with pytest.raises(datasset.InexactError) as ei:
        datasset.format(Fraction(1, 3))
    assert isinstance(ei.value, ArithmeticError)


def test_to_fraction_and_predicates():
    assert datasset.to_fraction("0.125") == Fraction(1, 8)
    assert D.terminates("0.125") and not D.terminates(Fraction(1, 3))
    assert D.is_integer("3.000") and not D.is_integer("3.5")
    assert D.is_zero("-0.00") and not D.is_zero("0.01")
    assert D.sign("-3") == -1 and D.sign(0) == 0 and D.sign(Fraction(1, 3)) == 1
    assert D.compare("1.10", "1.1") == 0 and D.compare("1", "2") == -1 and D.compare(3, 2) == 1
    assert D.to_int("12.000") == 12
    with pytest.raises(datasset.InexactError):
        D.to_int("12.5")
    with pytest.raises(datasset.RangeError):
        D.to_int(2**64)


def test_arithmetic():
    assert D.add("0.1", "0.2") == Decimal("0.3")
    assert D.sub("0.1", "0.3") == Decimal("-0.2")
    assert D.mul("1.5", Fraction(1, 3)) == Decimal("0.5")
    assert D.div(1, 3) == Fraction(1, 3)
    assert D.div("1", "8") == Decimal("0.125")
    with pytest.raises(datasset.DivisionByZeroError):
        D.div(1, 0)
    assert D.power("1.1", 2) == Decimal("1.21")
    assert D.power("1.1", -3) == Fraction(1000, 1331)
    assert D.power(0, 0) == 1
    with pytest.raises(datasset.DivisionByZeroError):
        D.power(0, -1)
    with pytest.raises(datasset.RangeError):
        D.power(2, D.MAX_POW + 1)
    assert D.neg("1.5") == Decimal("-1.5")
    assert D.absolute("-1.5") == Decimal("1.5")
    assert D.minimum("1", Fraction(1, 3)) == Fraction(1, 3)
    assert D.maximum("1", Fraction(1, 3)) == 1


def test_present_value():
    # 100 / 1.1 + 100 / 1.21 = 21000/121
    assert datasset.present_value(["100", "100"], "0.1") == Fraction(21000, 121)
    assert datasset.present_value([Decimal(110)], [Decimal("0.1")]) == 100
    assert datasset.present_value(["100", "100"], ["0", "0"]) == 200
    with pytest.raises(datasset.ValidationError):
        datasset.present_value([], "0.1")
    with pytest.raises(datasset.ValidationError):
        datasset.present_value(["1", "2", "3"], ["0.1", "0.1"])
    with pytest.raises(datasset.RangeError):
        datasset.present_value(["1"], "-1")


# ---------------------------------------------------------------- 人民币大写


def test_words():
    assert datasset.words("1680.32") == "人民币壹仟陆佰捌拾元零叁角贰分"
    assert datasset.words(Decimal("1680.325")) == "人民币壹仟陆佰捌拾元零叁角叁分"  # HALF_UP to the fen
    assert datasset.words(100) == "人民币壹佰元整"
    assert datasset.words(100, zheng_alt=True) == "人民币壹佰元正"
    assert datasset.words(100, yuan_alt=True, prefix=False) == "壹佰圆整"
    assert datasset.words("1680.30", zheng_after_jiao=True).endswith("叁角整")
    assert "零" not in datasset.words("1680.32", omit_optional_zero=True)
    assert datasset.words("-5").startswith("人民币负")
    with pytest.raises(datasset.RangeError):
        datasset.words(10**16)


def test_parse_words():
    assert datasset.parse_words("人民币壹仟陆佰捌拾元零叁角贰分") == Decimal("1680.32")
    assert datasset.parse_words("壹佰圆正") == Decimal("100.00")
    assert str(datasset.parse_words("壹佰元整")) == "100.00"
    with pytest.raises(datasset.ParseError) as ei:
        datasset.parse_words("人民币壹仟X元")
    assert ei.value.column > 0


def test_words_date():
    assert datasset.words_date(2025, 3, 10) == "贰零贰伍年叁月零壹拾日"
    assert datasset.words_date(dt.date(2025, 3, 10)) == "贰零贰伍年叁月零壹拾日"
    with pytest.raises(datasset.ValidationError) as ei:
        datasset.words_date(2025, 2, 30)
    assert ei.value.field == "day"
    with pytest.raises(TypeError):
        datasset.words_date(2025)  # type: ignore[call-arg]
    with pytest.raises(TypeError):
        datasset.words_date(dt.date(2025, 1, 1), 2, 3)


amounts = st.decimals(
    allow_nan=False, allow_infinity=False, min_value=Decimal("-999999999999999.99"),
    max_value=Decimal("999999999999999.99"), places=4,
)


@given(amounts)
def test_words_round_trip_agrees_with_quantize_half_up(x):
    fen = x.quantize(Decimal("0.01"), rounding=decimal.ROUND_HALF_UP, context=decimal.Context(prec=50))
    text = datasset.words(x)
    assert datasset.parse_words(text) == fen
    # Every spelling option reads back the same amount.
    alt = datasset.words(x, zheng_alt=True, omit_optional_zero=True, yuan_alt=True, prefix=False)
    assert datasset.parse_words(alt) == fen


@given(st.integers(-(10**30), 10**30), st.integers(0, 30))
def test_decimal_round_trip(n, e):
    x = Decimal(n).scaleb(-e)
    assert D.add(x, 0) == x
    assert datasset.parse(str(x)) == x
    assert datasset.parse(datasset.format(x, grouped=True)) == x


@given(st.fractions(max_denominator=10**6))
def test_fraction_round_trip(f):
    out = D.add(f, 0)
    assert out == f
    assert isinstance(out, Decimal) == D.terminates(f)


def test_format_fen():
    assert D.format_fen(123456) == "1234.56"
    assert D.format_fen(-5) == "-0.05"
    assert D.format_fen(0) == "0.00"
    assert D.format_fen(-123456, grouped=True) == "-1,234.56"
    assert D.format_fen(-(2**63)) == "-92233720368547758.08"
    with pytest.raises(datasset.RangeError):
        D.format_fen(2**63)
    with pytest.raises(TypeError):
        D.format_fen(1.5)  # type: ignore[arg-type]


@given(st.integers(-(2**63), 2**63 - 1))
def test_format_fen_agrees_with_decimal(fen):
    assert Decimal(D.format_fen(fen)) == Decimal(fen).scaleb(-2)


# ---------------------------------------------------------------- batches (present_values, Amounts)


def _pure_pv(flows, rates, scale, rounding):
    """The same figure with Python's decimal alone (exact enough at 80 digits, then quantized)."""
    ctx = decimal.Context(prec=80)
    total, factor = Decimal(0), Decimal(1)
    for t, f in enumerate(flows):
        factor = ctx.multiply(factor, ctx.add(Decimal(1), Decimal(str(rates[t] if len(rates) > 1 else rates[0]))))
        total = ctx.add(total, ctx.divide(Decimal(str(f)), factor))
    return total.quantize(Decimal(1).scaleb(-scale), rounding=rounding, context=ctx)


amounts_st = st.decimals(min_value=Decimal("-1e12"), max_value=Decimal("1e12"), places=4, allow_nan=False)


@given(
    st.lists(st.lists(amounts_st, min_size=3, max_size=3), min_size=1, max_size=20),
    st.sampled_from(["0.12", "0.085", "0", "-0.3", "1.5"]),
    st.integers(0, 4),
    st.sampled_from(list(ROUNDINGS)),
)
def test_present_values_agree_with_decimal_and_one_by_one(rows, rate, scale, mode):
    got = datasset.present_values(rows, rate, scale=scale, mode=mode)
    assert got == [datasset.round(datasset.present_value(r, rate), scale, mode) for r in rows]
    assert got == [_pure_pv(r, [rate], scale, ROUNDINGS[mode]) for r in rows]
    assert all(g.as_tuple().exponent == -scale for g in got if g)


def test_present_values_rates_per_period_and_per_series():
    rows = [["110", "121"], ["100", "-100"]]
    assert datasset.present_values(rows, "0.1") == [Decimal("200.00"), Decimal("8.26")]
    assert datasset.present_values(rows, ["0.1", "0.2"]) == [
        datasset.round(datasset.present_value(r, ["0.1", "0.2"])) for r in rows]
    per = ["0.1", "0.2", Fraction(1, 3), "0.05"]
    assert datasset.present_values(rows, per) == [
        datasset.round(datasset.present_value(rows[0], per[:2])),
        datasset.round(datasset.present_value(rows[1], per[2:]))]
    table = datasset.Amounts(["110", "121", "100", "-100"])
    assert datasset.present_values(table, "0.1", periods=2, scale=0, mode="DOWN") == [Decimal(200), Decimal(8)]
    assert datasset.present_values([], "0.1") == []


def test_present_values_errors():
    with pytest.raises(TypeError, match="float"):
        datasset.present_values([[1.5]], "0.1")
    with pytest.raises(TypeError, match="float"):
        datasset.present_values([["1"]], 0.1)
    with pytest.raises(datasset.ValidationError, match=r"flows\[1\] has 2 periods") as e:
        datasset.present_values([["1"], ["2", "3"]], "0.1")
    assert e.value.field == "flows[1]"
    with pytest.raises(datasset.RangeError, match="series 2, period 1"):
        datasset.present_values([["1", "1"], ["2", "2"]], ["0.1", "0.1", "-1", "0.1"])
    with pytest.raises(datasset.ValidationError, match="3 rates for 2 series of 2 periods"):
        datasset.present_values([["1", "1"], ["2", "2"]], ["0.1", "0.1", "0.1"])
    with pytest.raises(TypeError, match="periods"):
        datasset.present_values(datasset.Amounts(["1", "2"]), "0.1")
    with pytest.raises(datasset.ValidationError, match="whole number of series"):
        datasset.present_values(datasset.Amounts(["1", "2", "3"]), "0.1", periods=2)
    with pytest.raises(datasset.ValidationError, match="scale"):
        datasset.present_values([["1"]], "0.1", scale=-1)
    with pytest.raises(datasset.ParseError):
        datasset.present_values([["1", "x"]], "0.1")


def test_amounts_convert_like_single_amounts():
    values = [Decimal("1.50"), 7, "1,234.5", "2e3", Fraction(1, 3), -(10**30)]
    a = datasset.Amounts(values)
    assert len(a) == 6
    assert list(a) == [Decimal("1.5"), Decimal(7), Decimal("1234.5"), Decimal(2000), Fraction(1, 3),
                       Decimal(-(10**30))]
    assert a[-2] == Fraction(1, 3) and a[1:3] == [Decimal(7), Decimal("1234.5")]
    assert repr(a).startswith("<datasset.Amounts 6 [1.5, 7, 1234.5")
    with pytest.raises(IndexError):
        a[6]
    # A str holding a separator is one amount (refused as one), never split into two.
    with pytest.raises(datasset.ParseError):
        datasset.Amounts(["1", "2 3"])
    with pytest.raises(datasset.ParseError):
        datasset.Amounts(["1;2"])
    with pytest.raises(TypeError, match="bool"):
        datasset.Amounts([True])
    with pytest.raises(datasset.ValidationError, match="finite"):
        datasset.Amounts([Decimal("NaN")])
    assert len(datasset.Amounts([])) == 0
    # More than one list of the C reader (100,000 items): converted in chunks, in order.
    big = datasset.Amounts(range(100_003))
    assert len(big) == 100_003 and big[99_999] == 99_999 and big[100_002] == 100_002
