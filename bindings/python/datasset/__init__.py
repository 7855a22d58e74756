"""Python bindings of libdatasset: data-asset registration and valuation in
China's data-element system (数据资产登记、估值、入表、奖补).

Built with cffi in API mode on the public C API (``include/datasset/*.h``).

* exact amounts: :func:`calc`, :func:`round`, :func:`format`, :func:`words`,
  :func:`parse_words`, :func:`words_date` (module :mod:`datasset.decimals`);
* errors: :class:`Error` and one subclass per ``DS_E...`` code (:mod:`datasset.errors`);
* trust: keys, digests, the Merkle log and checkpoints (:mod:`datasset.translog`);
* certificates (登记凭证) and their verification (:mod:`datasset.certificate`);
* the registry (产权登记): :class:`Registry` (:mod:`datasset.registry`);
* subsidy policies (奖补): :mod:`datasset.policy`;
* 公共数据授权运营 settlements (最高准许收入, fee pools to the fen): :mod:`datasset.settlement`;
* compliance checklists and assessments (数据合规): :mod:`datasset.compliance`;
* ISO 8601 times as the library reads them (:mod:`datasset.time`);
  :func:`data_dir` and :func:`cleanup`.
"""

from __future__ import annotations

from typing import Tuple

from . import errors
from ._core import ffi as _ffi, lib as _lib
from .decimals import (
    Amount,
    Amounts,
    Number,
    Rounding,
    calc,
    format,
    parse,
    parse_words,
    present_value,
    present_values,
    round,
    to_fraction,
    words,
    words_date,
)
from .errors import *  # noqa: F401,F403  (every exception class; errors.__all__ lists them)

from . import (
    catalog,
    certificate,
    compliance,
    ledger,
    policy,
    probe,
    registry,
    settlement,
    time,
    translog,
    valuation,
)
from .certificate import Certificate, VerificationReport
from .policy import Applications, Awards, Policy
from .registry import Registry, uscc_normalize
from .registry_codes import Kind, RegType, Right, State, SubjectType
from .translog import HashAlg, Key, Log, SigAlg

__version__ = "1.0.0"


def library_version() -> Tuple[str, Tuple[int, int, int]]:
    """The version of the C library that is running: ``("1.0.0", (1, 0, 0))``."""
    v = _ffi.new("int[3]")
    s = _lib.ds_version(v, v + 1, v + 2)
    return _ffi.string(s).decode(), (v[0], v[1], v[2])


def data_dir() -> str:
    """The directory the library's data files were installed to (``/usr/share/datasset``):
    schemas, profiles, policies, the sample calendar. The library itself never reads it
    (its bundled files are embedded); it exists only once the library is installed."""
    return str(_ffi.string(_lib.ds_data_dir()).decode())


def cleanup() -> None:
    """Release what the library, ICU and libxml2 keep for the whole process (ds_cleanup),
    e.g. before checking for leaks. Optional. Call it only when no other thread is in the
    library (nor enters it until this returns: the GIL is released during the call) and
    every handle (registry, catalogue, policy, report, ...) is closed or collected; the
    library may be used again afterwards (it initialises itself anew)."""
    _lib.ds_cleanup()


def strerror(code: int) -> str:
    """The name of a status code (``"DS_EPARSE"``; ``"DS_EUNKNOWN"`` for an unknown one)."""
    return str(_ffi.string(_lib.ds_strerror(code)).decode())


def last_error() -> Error:
    """The calling thread's last library error as an exception object (not raised).

    The bindings raise these themselves; this is for diagnostics.
    """
    from ._core import last_error as _le

    return _le(_lib.ds_error_last().code)


def clear_error() -> None:
    """Reset the calling thread's last library error (``ds_error_clear``)."""
    _lib.ds_error_clear()


__all__ = [
    "catalog",
    "certificate",
    "compliance",
    "ledger",
    "policy",
    "probe",
    "registry",
    "settlement",
    "time",
    "translog",
    "valuation",
    "Certificate",
    "VerificationReport",
    "Applications",
    "Awards",
    "Policy",
    "Registry",
    "uscc_normalize",
    "Kind",
    "RegType",
    "Right",
    "State",
    "SubjectType",
    "HashAlg",
    "Key",
    "Log",
    "SigAlg",
    "Amount",
    "Number",
    "Rounding",
    "calc",
    "format",
    "parse",
    "parse_words",
    "present_value",
    "present_values",
    "Amounts",
    "round",
    "to_fraction",
    "words",
    "words_date",
    "library_version",
    "data_dir",
    "cleanup",
    "strerror",
    "last_error",
    "clear_error",
    "errors",
]
__all__ += errors.__all__
