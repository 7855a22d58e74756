"""Exceptions: one class per ``DS_E...`` status code of the C library.

Every exception carries the details the library reported in
``ds_error_last()``: :attr:`Error.code` (the negative status code),
:attr:`Error.name` (``"DS_EPARSE"``), :attr:`Error.message`, and where known
:attr:`Error.line`, :attr:`Error.column` (1-based; 0 when unknown),
:attr:`Error.field` (a path such as ``"resource[3]/item[2]/type"``; ``""`` when
unknown), :attr:`Error.cause_library` (``"sqlite"``, ``"openssl"``, ...) and
:attr:`Error.cause_code` (that library's own code).

Classes also derive from the matching built-in exception where one exists
(``ParseError`` is a ``ValueError``, ``NotFoundError`` a ``LookupError``, ...),
so generic handlers keep working.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Dict, List, Optional, Type

__all__ = [
    "Error",
    "ValidationError",
    "OutOfMemoryError",
    "ParseError",
    "RangeError",
    "DivisionByZeroError",
    "NotFoundError",
    "ExistsError",
    "StateError",
    "VerifyError",
    "FileError",
    "DatabaseError",
    "UnsupportedError",
    "InexactError",
    "InternalError",
    "Problem",
]


@dataclass(frozen=True)
class Problem:
    """One problem found in an input: what was wrong and where."""

    message: str
    field: str = ""
    line: int = 0
    column: int = 0
    severity: str = "error"

    def __str__(self) -> str:
        where = []
        if self.line:
            where.append(f"line {self.line}")
        if self.column:
            where.append(f"column {self.column}")
        if self.field:
            where.append(self.field)
        return f"{', '.join(where)}: {self.message}" if where else self.message


class Error(Exception):
    """Base class of every error the library reports.

    Attributes: ``code``, ``name``, ``message``, ``line``, ``column``,
    ``field``, ``cause_library``, ``cause_code``.
    """

    code: int = -14
    name: str = "DS_EUNKNOWN"

    def __init__(
        self,
        message: str,
        *,
        code: Optional[int] = None,
        line: int = 0,
        column: int = 0,
        field: str = "",
        cause_library: str = "",
        cause_code: int = 0,
    ) -> None:
        super().__init__(message)
        if code is not None:
            self.code = code
        self.message = message
        self.line = line
        self.column = column
        self.field = field
        self.cause_library = cause_library
        self.cause_code = cause_code

    def __str__(self) -> str:
        where = []
        if self.line:
            where.append(f"line {self.line}")
        if self.column:
            where.append(f"column {self.column}")
        if self.field:
            where.append(f"field {self.field}")
        text = self.message
        if where:
            text += f" ({', '.join(where)})"
        if self.cause_library:
            text += f" [{self.cause_library} {self.cause_code}]"
        return text

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.message!r}, code={self.code}, line={self.line}, column={self.column}, field={self.field!r})"


class ValidationError(Error, ValueError):
    """``DS_EINVAL``: an argument or input value is not acceptable.

    :attr:`problems` lists every problem found (a catalogue validation reports
    them all at once; a single failing call gives one).
    """

    code = -1
    name = "DS_EINVAL"

    def __init__(self, message: str, *, problems: Optional[List[Problem]] = None, **kw: object) -> None:
        super().__init__(message, **kw)  # type: ignore[arg-type]
        if problems is None:
            problems = [Problem(message, self.field, self.line, self.column)]
        self.problems: List[Problem] = list(problems)


class OutOfMemoryError(Error, MemoryError):
    """``DS_ENOMEM``: memory could not be allocated."""

    code = -2
    name = "DS_ENOMEM"


class ParseError(Error, ValueError):
    """``DS_EPARSE``: text or a document could not be parsed (see ``line``/``column``)."""

    code = -3
    name = "DS_EPARSE"


class RangeError(Error, ValueError):
    """``DS_ERANGE``: a value, result or index is outside the supported range."""

    code = -4
    name = "DS_ERANGE"


class DivisionByZeroError(Error, ZeroDivisionError):
    """``DS_EDIVZERO``: division by zero."""

    code = -5
    name = "DS_EDIVZERO"


class NotFoundError(Error, LookupError):
    """``DS_ENOTFOUND``: the object asked for does not exist."""

    code = -6
    name = "DS_ENOTFOUND"


class ExistsError(Error):
    """``DS_EEXISTS``: the object to create exists already."""

    code = -7
    name = "DS_EEXISTS"


class StateError(Error):
    """``DS_ESTATE``: not allowed in the object's current state (also: a closed handle)."""

    code = -8
    name = "DS_ESTATE"


class VerifyError(Error):
    """``DS_EVERIFY``: a signature, proof or check value did not verify."""

    code = -9
    name = "DS_EVERIFY"


class FileError(Error, OSError):
    """``DS_EIO``: reading or writing a file failed."""

    code = -10
    name = "DS_EIO"


class DatabaseError(Error):
    """``DS_EDB``: the database reported an error (``cause_code``: SQLite's extended code)."""

    code = -11
    name = "DS_EDB"


class UnsupportedError(Error):
    """``DS_EUNSUPPORTED``: the input asks for something this build does not support."""

    code = -12
    name = "DS_EUNSUPPORTED"


class InexactError(Error, ArithmeticError):
    """``DS_EINEXACT``: the exact result cannot be represented as asked."""

    code = -13
    name = "DS_EINEXACT"


class InternalError(Error):
    """``DS_EINTERNAL``: a dependency failed in a way the library cannot explain."""

    code = -14
    name = "DS_EINTERNAL"


#: The exception class for each status code.
BY_CODE: Dict[int, Type[Error]] = {
    cls.code: cls
    for cls in (
        ValidationError,
        OutOfMemoryError,
        ParseError,
        RangeError,
        DivisionByZeroError,
        NotFoundError,
        ExistsError,
        StateError,
        VerifyError,
        FileError,
        DatabaseError,
        UnsupportedError,
        InexactError,
        InternalError,
    )
}


def error_class(code: int) -> Type[Error]:
    """The exception class for a ``DS_E...`` code (:class:`Error` for an unknown code)."""
    return BY_CODE.get(code, Error)
