"""DS_E... codes to exceptions, with every detail the library gives."""

from __future__ import annotations

import pytest

import datasset
from datasset import errors

CODES = {
    -1: (datasset.ValidationError, ValueError),
    -2: (datasset.OutOfMemoryError, MemoryError),
    -3: (datasset.ParseError, ValueError),
    -4: (datasset.RangeError, ValueError),
    -5: (datasset.DivisionByZeroError, ZeroDivisionError),
    -6: (datasset.NotFoundError, LookupError),
    -7: (datasset.ExistsError, datasset.Error),
    -8: (datasset.StateError, datasset.Error),
    -9: (datasset.VerifyError, datasset.Error),
    -10: (datasset.FileError, OSError),
    -11: (datasset.DatabaseError, datasset.Error),
    -12: (datasset.UnsupportedError, datasset.Error),
    -13: (datasset.InexactError, ArithmeticError),
    -14: (datasset.InternalError, datasset.Error),
    -15: (datasset.EncumberedError, datasset.Error),
}


@pytest.mark.parametrize("code", sorted(CODES))
def test_every_code_has_a_class(code):
    cls, builtin = CODES[code]
    assert errors.error_class(code) is cls
    assert issubclass(cls, datasset.Error) and issubclass(cls, builtin)
    assert cls.code == code
    assert cls.name == datasset.strerror(code)
    e = cls("m", line=3, column=4, field="a/b", cause_library="sqlite", cause_code=5)
    assert (e.code, e.message, e.line, e.column, e.field, e.cause_library, e.cause_code) == (
        code, "m", 3, 4, "a/b", "sqlite", 5)
    assert "line 3" in str(e) and "a/b" in str(e) and "sqlite" in str(e)
    assert cls.__name__ in repr(e)


def test_unknown_code():
    assert errors.error_class(-99) is datasset.Error
    assert datasset.strerror(-99) == "DS_EUNKNOWN"
    assert datasset.strerror(0) == "DS_OK"


def test_last_error_and_clear():
    with pytest.raises(datasset.ParseError):
        datasset.calc("(")
    e = datasset.last_error()
    assert isinstance(e, datasset.ParseError) and e.column == 2
    datasset.clear_error()
    assert type(datasset.last_error()) is datasset.Error
    assert datasset.last_error().message == "no error"


def test_validation_error_lists_problems():
    with pytest.raises(datasset.ValidationError) as ei:
        datasset.uscc_normalize("91350100M000100Y44")
    e = ei.value
    assert e.column == 18
    assert len(e.problems) == 1
    assert e.problems[0].message == e.message and e.problems[0].column == 18
    assert "column 18" in str(e.problems[0])
    p = errors.Problem("bad", field="x", line=2)
    e2 = datasset.ValidationError("two problems", problems=[p, p])
    assert e2.problems == [p, p]


def test_policy_error_has_line_and_field(tmp_path):
    doc = tmp_path / "policy.xml"
    doc.write_text(
        '<policy xmlns="urn:datasset:policy:1" id="bad" title="Bad">\n'
        '  <programme id="x" title="X" unit="applicant">\n'
        '    <window from="2025-01-01" to="2024-01-01"/>\n'
        '    <award formula="1"/>\n'
        "  </programme>\n"
        "</policy>\n"
    )
    with pytest.raises(datasset.ValidationError) as ei:
        datasset.Policy.load(doc)
    e = ei.value
    assert e.line == 3
    assert e.field == "policy/programme/window/@to"
    assert "ends (2024-01-01) before it starts (2025-01-01)" in e.message


def test_applications_error_has_line_and_field():
    doc = (
        '<applications xmlns="urn:datasset:applications:1">\n'
        '  <applicant id="91370100MA00000010" name="A">\n'
        '    <product id="P" listed="2025-01-01"/>\n'
        '    <trade product="P" date="2025-01-01" amount="-100"/>\n'
        "  </applicant>\n"
        "</applications>\n"
    )
    with pytest.raises(datasset.ValidationError) as ei:
        datasset.Applications.parse(doc, "neg.xml")
    assert ei.value.line == 4
    assert ei.value.field == "applications/applicant/trade/@amount"
    assert "negative amount '-100'" in ei.value.message
    with pytest.raises(datasset.ParseError) as ei2:
        datasset.Applications.parse("<applications", "broken.xml")
    assert ei2.value.line >= 1


def test_file_and_not_found_errors(tmp_path):
    with pytest.raises(datasset.FileError) as ei:
        datasset.Policy.load(tmp_path / "none.xml")
    assert isinstance(ei.value, OSError)
    assert "none.xml" in ei.value.message
    with pytest.raises(datasset.NotFoundError):
        datasset.Policy.bundled("shanghai-2025")
    with pytest.raises(datasset.NotFoundError):
        datasset.Registry(tmp_path / "none.db")


def test_the_map_covers_every_status_code_of_the_header():
    from datasset._core import lib
    from datasset.errors import BY_CODE

    codes = {getattr(lib, n): n for n in dir(lib) if n.startswith("DS_E") and isinstance(getattr(lib, n), int)}
    codes.pop(lib.DS_OK, None)
    assert set(BY_CODE) == set(codes)
    for code, cls in BY_CODE.items():
        assert cls.name == codes[code] == datasset.strerror(code)
        assert getattr(datasset, cls.__name__) is cls and cls.__name__ in datasset.__all__
