"""Plumbing shared by the modules: the compiled extension, status checks,
strings in and out, and the base class of handle wrappers.

Not public: the modules built on it (numbers, registry, ...) are.
"""

from __future__ import annotations

import os
import threading
import enum
from typing import Any, Callable, List, Optional, Type, TypeVar, Union

from . import errors
from ._native import ffi, lib

__all__ = [
    "ffi",
    "lib",
    "check",
    "last_error",
    "raise_last",
    "text_in",
    "opt_text",
    "path_in",
    "data_in",
    "take_string",
    "take_bytes",
    "string_out",
    "borrowed",
    "Handle",
    "locked",
    "read_list",
    "read_item",
    "enum_value",
    "extern_python",
]

PathLike = Union[str, bytes, "os.PathLike[str]", "os.PathLike[bytes]"]


def _str(p: Any) -> str:
    return str(ffi.string(p).decode("utf-8", "replace")) if p != ffi.NULL else ""


def last_error(code: int) -> errors.Error:
    """The exception for a failed call that returned @code, with the calling thread's details."""
    e = lib.ds_error_last()
    # The details belong to the call that failed only if it set them.
    same = e.code == code
    message = _str(e.message) if same else ""
    if not message:
        message = f"{_str(lib.ds_strerror(code))}"
    cls = errors.error_class(code)
    exc = cls(
        message,
        code=code,
        line=e.line if same else 0,
        column=e.column if same else 0,
        field=_str(e.field) if same else "",
        cause_library=_str(e.cause_library) if same else "",
        cause_code=int(e.cause_code) if same else 0,
    )
    if cls is errors.Error:
        exc.name = _str(lib.ds_strerror(code))
    return exc


def raise_last(code: int) -> None:
    raise last_error(code)


def check(rc: int) -> None:
    """Raise the exception for a status code other than DS_OK."""
    if rc != 0:
        raise last_error(rc)


def text_in(value: Union[str, bytes], what: str = "text") -> bytes:
    """A str as NUL-terminated UTF-8 (embedded NULs refused rather than truncated)."""
    if isinstance(value, str):
        data = value.encode("utf-8", "surrogatepass")
    elif isinstance(value, (bytes, bytearray, memoryview)):
        data = bytes(value)
    else:
        raise TypeError(f"{what} must be str, not {type(value).__name__}")
    if b"\0" in data:
        raise errors.ValidationError(f"{what} contains a NUL character")
    return data


def opt_text(value: Optional[Union[str, bytes]], what: str = "text") -> Any:
    """text_in, or NULL for None."""
    return ffi.NULL if value is None else text_in(value, what)


def path_in(path: PathLike) -> bytes:
    """A file name in the file system's encoding."""
    data = os.fsencode(path)
    if b"\0" in data:
        raise errors.ValidationError("path contains a NUL character")
    return data


def data_in(value: Union[str, bytes, bytearray, memoryview]) -> bytes:
    """A document in memory: str is encoded as UTF-8; bytes pass as they are."""
    if isinstance(value, str):
        return value.encode("utf-8", "surrogatepass")
    if isinstance(value, (bytes, bytearray, memoryview)):
        return bytes(value)
    raise TypeError(f"a document must be str or bytes, not {type(value).__name__}")


def take_string(pp: Any) -> str:
    """Decode and free a caller-owned ``char *`` the library wrote into ``*pp``."""
    p = pp[0]
    if p == ffi.NULL:
        return ""
    try:
        return str(ffi.string(p).decode("utf-8"))
    finally:
        lib.ds_free(p)
        pp[0] = ffi.NULL


def take_bytes(pp: Any, n: int) -> bytes:
    """Copy and free a caller-owned buffer of @n bytes."""
    p = pp[0]
    if p == ffi.NULL:
        return b""
    try:
        return bytes(ffi.buffer(p, n))
    finally:
        lib.ds_free(p)
        pp[0] = ffi.NULL


def string_out(fn: Callable[..., int], *args: Any) -> str:
    """Call ``fn(char **out, *args)`` and return the string it wrote."""
    pp = ffi.new("char **")
    rc = fn(pp, *args)
    if rc != 0:
        if pp[0] != ffi.NULL:
            lib.ds_free(pp[0])
        raise_last(rc)
    return take_string(pp)


def borrowed(p: Any) -> Optional[str]:
    """A borrowed ``const char *`` copied into a str (None for NULL)."""
    return None if p == ffi.NULL else ffi.string(p).decode("utf-8")


H = TypeVar("H", bound="Handle")


class Handle:
    """Base of the wrappers of opaque C handles.

    The pointer is owned through ``ffi.gc`` with the type's ``ds_*_free``, so
    it is freed when the wrapper is collected, in any order; :meth:`close`
    frees it at once. A wrapper of a handle borrowed from another keeps a
    reference to that parent (so the parent outlives it) and refuses to work
    once the parent is closed. Calls on one handle are serialised by a lock:
    the C library wants one thread at a time per handle, and a concurrent
    :meth:`close` must not free a handle another thread is using.
    """

    __slots__ = ("_ptr", "_parent", "_lock", "_owned", "__weakref__")
    _kind = "handle"

    def _setup(self, ptr: Any, free: Optional[Callable[[Any], None]], parent: Any = None) -> None:
        """Take @ptr: owned (freed with @free) or, when @free is None, borrowed from @parent."""
        if free is not None:
            self._ptr = ffi.gc(ptr, free)
            self._lock = threading.RLock()
        else:
            self._ptr = ptr
            self._lock = parent._lock
        self._owned = free is not None
        self._parent = parent

    @classmethod
    def _own(cls: Type[H], ptr: Any, free: Callable[[Any], None], parent: Any = None) -> H:
        self = cls.__new__(cls)
        Handle._setup(self, ptr, free, parent)
        return self

    @classmethod
    def _borrow(cls: Type[H], ptr: Any, parent: "Handle") -> H:
        self = cls.__new__(cls)
        Handle._setup(self, ptr, None, parent)
        return self

    def _p(self) -> Any:
        """The live pointer; StateError when this handle or its parent is closed."""
        if self._ptr is None:
            raise errors.StateError(f"the {self._kind} is closed", code=lib.DS_ESTATE)
        parent = self._parent
        if isinstance(parent, Handle) and parent.closed:
            raise errors.StateError(
                f"the {parent._kind} this {self._kind} belongs to is closed", code=lib.DS_ESTATE
            )
        return self._ptr

    @property
    def closed(self) -> bool:
        """True once :meth:`close` was called (or the parent was closed)."""
        if self._ptr is None:
            return True
        parent = self._parent
        return isinstance(parent, Handle) and parent.closed

    def close(self) -> None:
        """Free the C object now (idempotent). Later use raises :class:`StateError`."""
        with self._lock:
            p, self._ptr = self._ptr, None
            if p is not None and self._owned:
                ffi.release(p)

    def __enter__(self: H) -> H:
        self._p()
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


class locked:
    """Hold the locks of several handles, taken in one global order (by id),
    so two threads locking the same handles in different roles cannot deadlock."""

    __slots__ = ("_locks",)

    def __init__(self, *handles: Handle) -> None:
        seen = {}
        for h in handles:
            seen[id(h._lock)] = h._lock
        self._locks = [seen[k] for k in sorted(seen)]

    def __enter__(self) -> None:
        for lk in self._locks:
            lk.acquire()

    def __exit__(self, *exc: object) -> None:
        for lk in reversed(self._locks):
            lk.release()


T = TypeVar("T")


def read_list(count: Callable[..., int], at: Callable[..., int], ctype: str, make: Callable[[Any, int], T],
              *args: Any) -> List[T]:
    """Every element of a list in a handle (API rule 3: ``count(*args)`` elements,
    ``at(out, *args, i)`` copies element i into ``out``, a new @ctype), each turned
    into a Python object by ``make(out, i)`` while its borrowed strings are valid.
    The caller holds the handle's lock."""
    out = ffi.new(ctype)
    result: List[T] = []
    for i in range(count(*args)):
        check(at(out, *args, i))
        result.append(make(out, i))
    return result


def read_item(count: Callable[..., int], at: Callable[..., int], ctype: str, make: Callable[[Any, int], T],
              index: int, what: str, *args: Any) -> T:
    """Element @index of such a list (negative counts from the end; IndexError
    naming @what and the count when outside it)."""
    if isinstance(index, bool) or not isinstance(index, int):
        raise TypeError(f"{what} indices must be int, not {type(index).__name__}")
    n = int(count(*args))
    i = index + n if index < 0 else index
    if not 0 <= i < n:
        raise IndexError(f"{what} {index} out of range ({n} in all)")
    out = ffi.new(ctype)
    check(at(out, *args, i))
    return make(out, i)


F = TypeVar("F", bound=Callable[..., Any])


def extern_python(fn: F) -> F:
    """``@ffi.def_extern()`` with its type kept: registers @fn as the
    ``extern "Python"`` callback of the same name declared in the cdef."""
    registered: F = ffi.def_extern()(fn)
    return registered


E = TypeVar("E", bound=enum.IntEnum)


def enum_value(cls: Type[E], value: Union[E, str, int]) -> int:
    """The C value of an enum member given as a member, its name (any case) or its value;
    ValidationError naming the valid names for an unknown one."""
    if isinstance(value, str):
        try:
            return int(cls[value.upper()])
        except KeyError:
            raise errors.ValidationError(
                f"unknown {cls.__name__} {value!r} (valid: {', '.join(m.name.lower() for m in cls)})",
                code=lib.DS_EINVAL,
            ) from None
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"{cls.__name__} must be a name or a member, not {type(value).__name__}")
    try:
        return int(cls(value))
    except ValueError:
        raise errors.ValidationError(f"{value} is not a {cls.__name__}", code=lib.DS_EINVAL) from None
