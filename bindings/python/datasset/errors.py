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

from ._native import lib

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
    "EncumberedError",
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

    code: int = lib.DS_EINTERNAL
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

    code = lib.DS_EINVAL
    name = "DS_EINVAL"

    def __init__(self, message: str, *, problems: Optional[List[Problem]] = None, **kw: object) -> None:
        super().__init__(message, **kw)  # type: ignore[arg-type]
        if problems is None:
            problems = [Problem(message, self.field, self.line, self.column)]
        self.problems: List[Problem] = list(problems)


class OutOfMemoryError(Error, MemoryError):
    """``DS_ENOMEM``: memory could not be allocated."""

    code = lib.DS_ENOMEM
    name = "DS_ENOMEM"


class ParseError(Error, ValueError):
    """``DS_EPARSE``: text or a document could not be parsed (see ``line``/``column``)."""

    code = lib.DS_EPARSE
    name = "DS_EPARSE"


class RangeError(Error, ValueError):
    """``DS_ERANGE``: a value, result or index is outside the supported range."""

    code = lib.DS_ERANGE
    name = "DS_ERANGE"


class DivisionByZeroError(Error, ZeroDivisionError):
    """``DS_EDIVZERO``: division by zero."""

    code = lib.DS_EDIVZERO
    name = "DS_EDIVZERO"


class NotFoundError(Error, LookupError):
    """``DS_ENOTFOUND``: the object asked for does not exist."""

    code = lib.DS_ENOTFOUND
    name = "DS_ENOTFOUND"


class ExistsError(Error):
    """``DS_EEXISTS``: the object to create exists already."""

    code = lib.DS_EEXISTS
    name = "DS_EEXISTS"


class StateError(Error):
    """``DS_ESTATE``: not allowed in the object's current state (also: a closed handle)."""

    code = lib.DS_ESTATE
    name = "DS_ESTATE"


class VerifyError(Error):
    """``DS_EVERIFY``: a signature, proof or check value did not verify."""

    code = lib.DS_EVERIFY
    name = "DS_EVERIFY"


class FileError(Error, OSError):
    """``DS_EIO``: reading or writing a file failed."""

    code = lib.DS_EIO
    name = "DS_EIO"


class DatabaseError(Error):
    """``DS_EDB``: the database reported an error (``cause_code``: SQLite's extended code)."""

    code = lib.DS_EDB
    name = "DS_EDB"


class UnsupportedError(Error):
    """``DS_EUNSUPPORTED``: the input asks for something this build does not support."""

    code = lib.DS_EUNSUPPORTED
    name = "DS_EUNSUPPORTED"


class InexactError(Error, ArithmeticError):
    """``DS_EINEXACT``: the exact result cannot be represented as asked."""

    code = lib.DS_EINEXACT
    name = "DS_EINEXACT"


class InternalError(Error):
    """``DS_EINTERNAL``: a dependency failed in a way the library cannot explain."""

    code = lib.DS_EINTERNAL
    name = "DS_EINTERNAL"


class EncumberedError(Error):
    """``DS_EENCUMBERED``: the registered right is pledged (质押); cancellation, transfer,
    licence or change refused until the pledges are released or every pledgee consented."""

    code = lib.DS_EENCUMBERED
    name = "DS_EENCUMBERED"


#: The exception class for each status code, from the list of classes
#: above (``__all__``): the one place the mapping is written; the package
#: re-exports the same list.
BY_CODE: Dict[int, Type[Error]] = {
    cls.code: cls
    for cls in (globals()[name] for name in __all__)
    if isinstance(cls, type) and issubclass(cls, Error) and cls is not Error
}


def error_class(code: int) -> Type[Error]:
    """The exception class for a ``DS_E...`` code (:class:`Error` for an unknown code)."""
    return BY_CODE.get(code, Error)
