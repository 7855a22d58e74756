"""登记凭证: registration certificates (urn:datasset:certificate:1) and
cancellation records (注销), signed with Ed25519 or SM2/SM3, carrying the
evidence of their entry in the registry's Merkle log, verifiable offline with
the registry's public key alone.

A certificate issued by a registry comes from :meth:`datasset.Registry.certificate`;
one received as a file is read with :meth:`Certificate.parse`; either is
checked with :meth:`Certificate.verify`, which returns every named check.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from typing import Any, Dict, Iterator, List, Optional, Sequence, Union

from . import errors
from ._core import (Handle, borrowed, check, data_in, ffi, last_error, lib, locked, read_list, string_out, take_bytes,
                    text_in)
from .registry_codes import Right
from .translog import Key, Log, hashes_in

__all__ = [
    "SecurityClass",
    "RightGrant",
    "Certificate",
    "Check",
    "VerificationReport",
    "number_format",
    "number_check",
]


class SecurityClass(enum.IntEnum):
    """Security classification of the data."""

    GENERAL = lib.DS_SECURITY_GENERAL  #: 一般数据
    IMPORTANT = lib.DS_SECURITY_IMPORTANT  #: 重要数据
    CORE = lib.DS_SECURITY_CORE  #: 核心数据


@dataclass(frozen=True)
class RightGrant:
    """One registered right on a certificate."""

    right: Union[Right, str, int]
    scope: str
    term_start: str
    term_end: Optional[str] = None
    restrictions: Optional[str] = None


def number_format(region: str, year: int, kind: str, sequence: int) -> str:
    """A certificate number ``RRRRRR-YYYY-K-SSSSSSSS-C`` with its check character.

    >>> number_format("370100", 2025, "P", 123)
    '370100-2025-P-00000123-3'
    """
    if not isinstance(kind, str) or len(kind) != 1:
        raise errors.ValidationError(f"kind must be one letter (R, P, A or I), not {kind!r}", code=lib.DS_EINVAL)
    if not 0 <= sequence <= 0xFFFFFFFF:
        raise errors.ValidationError(f"sequence {sequence} is out of range", code=lib.DS_EINVAL, field="number")
    return string_out(lib.ds_certificate_number_format, text_in(region), year, kind.encode("ascii"), sequence)


def number_check(number: str) -> None:
    """Check a certificate number: ParseError for the shape (``column``), VerifyError for the check character."""
    check(lib.ds_certificate_number_check(text_in(number)))


@dataclass(frozen=True)
class Check:
    """One named check of a verification. ``passed`` is None when it was not run."""

    name: str
    passed: Optional[bool]
    detail: str

    def __str__(self) -> str:
        word = {True: "ok", False: "FAIL", None: "skip"}[self.passed]
        return f"{word} {self.name}: {self.detail}"


class VerificationReport:
    """The named results of :meth:`Certificate.verify`: iterate, index by name,
    or test as a bool (true when every check passed)."""

    __slots__ = ("checks", "text", "error")

    def __init__(self, checks: List[Check], text: str, error: Optional[errors.Error]) -> None:
        self.checks = checks
        #: the report as the CLI prints it, one line per check
        self.text = text
        #: the VerifyError for the first failing check, or None
        self.error = error

    @property
    def ok(self) -> bool:
        """True when every check passed."""
        return self.error is None

    def __bool__(self) -> bool:
        return self.ok

    def __iter__(self) -> Iterator[Check]:
        return iter(self.checks)

    def __len__(self) -> int:
        return len(self.checks)

    def __getitem__(self, name: str) -> Check:
        for c in self.checks:
            if c.name == name:
                return c
        raise KeyError(name)

    def __contains__(self, name: object) -> bool:
        return any(c.name == name for c in self.checks)

    def as_dict(self) -> Dict[str, Optional[bool]]:
        """{check name: passed}."""
        return {c.name: c.passed for c in self.checks}

    def raise_for_failure(self) -> None:
        """Raise the :class:`VerifyError` of the first failing check, if any."""
        if self.error is not None:
            raise self.error

    def __repr__(self) -> str:
        failed = [c.name for c in self.checks if c.passed is False]
        return f"<VerificationReport ok={self.ok} checks={len(self.checks)} failed={failed}>"


def _report(pp: Any, rc: int) -> VerificationReport:
    err = None
    if rc != 0:
        err = last_error(rc)
        if rc != lib.DS_EVERIFY or pp[0] == ffi.NULL:
            lib.ds_certificate_report_free(pp[0])
            raise err
    rep = ffi.gc(pp[0], lib.ds_certificate_report_free)
    checks = read_list(
        lib.ds_certificate_report_count, lib.ds_certificate_report_at, "ds_certificate_check *",
        lambda c, _: Check(borrowed(c.name) or "", None if c.passed < 0 else bool(c.passed), borrowed(c.detail) or ""),
        rep)
    text = string_out(lib.ds_certificate_report_to_text, rep)
    ffi.release(rep)
    return VerificationReport(checks, text, err)


def _ascii_date(value: Any) -> Any:
    if value is None:
        return ffi.NULL
    return text_in(str(value))


class Certificate(Handle):
    """A certificate (or cancellation record) document."""

    _kind = "certificate"

    @classmethod
    def parse(cls, xml: Union[str, bytes]) -> "Certificate":
        """Parse a certificate document (validated against certificate.xsd)."""
        b = data_in(xml)
        pp = ffi.new("ds_certificate **")
        check(lib.ds_certificate_parse(pp, b, len(b)))
        return cls._own(pp[0], lib.ds_certificate_free)

    @classmethod
    def build(
        cls,
        *,
        number: str,
        registrant_name: str,
        registrant_credit_code: str,
        rights: Sequence[RightGrant],
        object_name: str,
        object_code: str,
        object_description: str,
        data_source: str,
        data_format: str,
        update_frequency: str,
        coverage_region: str,
        coverage_period: str,
        quality_summary: str,
        scenarios: str,
        metadata_fingerprint: str,
        application_date: str,
        publicity_start: str,
        publicity_end: str,
        registration_date: str,
        registry_name: str,
        registry_key: Key,
        security_class: Union[SecurityClass, int] = SecurityClass.GENERAL,
        personal_information: bool = False,
        scale_records: int = 0,
        scale_fields: int = 0,
        scale_bytes: int = 0,
        data_fingerprint: Optional[str] = None,
        supersedes: Optional[str] = None,
    ) -> "Certificate":
        """Build an unsigned certificate from its fields (ValidationError naming the field)."""
        keep: List[Any] = []

        def t(v: Optional[str]) -> Any:
            if v is None:
                return ffi.NULL
            c = ffi.new("char[]", text_in(v))
            keep.append(c)
            return c

        f = ffi.new("ds_certificate_fields *")
        check(lib.ds_certificate_fields_init(f, lib.DS_CERTIFICATE_FIELDS_VERSION))
        rs = ffi.new("ds_certificate_right[]", max(len(rights), 1))
        for i, r in enumerate(rights):
            rs[i].right = int(Right.of(r.right))
            rs[i].scope = t(r.scope)
            rs[i].term_start = t(r.term_start)
            rs[i].term_end = t(r.term_end)
            rs[i].restrictions = t(r.restrictions)
        f.number = t(number)
        f.registrant_name = t(registrant_name)
        f.registrant_credit_code = t(registrant_credit_code)
        f.rights = rs
        f.right_count = len(rights)
        f.object_name = t(object_name)
        f.object_code = t(object_code)
        f.object_description = t(object_description)
        f.data_source = t(data_source)
        f.scale_records = scale_records
        f.scale_fields = scale_fields
        f.scale_bytes = scale_bytes
        f.data_format = t(data_format)
        f.update_frequency = t(update_frequency)
        f.coverage_region = t(coverage_region)
        f.coverage_period = t(coverage_period)
        f.quality_summary = t(quality_summary)
        f.security_class = int(security_class)
        f.personal_information = int(bool(personal_information))
        f.scenarios = t(scenarios)
        f.metadata_fingerprint = t(metadata_fingerprint)
        f.data_fingerprint = t(data_fingerprint)
        f.application_date = t(application_date)
        f.publicity_start = t(publicity_start)
        f.publicity_end = t(publicity_end)
        f.registration_date = t(registration_date)
        f.registry_name = t(registry_name)
        f.supersedes = t(supersedes)
        pp = ffi.new("ds_certificate **")
        with registry_key._lock:
            f.registry_key = registry_key._p()
            check(lib.ds_certificate_build(pp, f))
        return cls._own(pp[0], lib.ds_certificate_free)

    @classmethod
    def build_cancellation(
        cls,
        *,
        cancels: str,
        registration: int,
        registrant_name: str,
        registrant_credit_code: str,
        object_name: str,
        object_code: str,
        registration_date: str,
        cancellation_date: str,
        reason: str,
        registry_name: str,
        registry_key: Key,
        cancelled_by: Optional[str] = None,
    ) -> "Certificate":
        """Build an unsigned cancellation record (注销)."""
        keep: List[Any] = []

        def t(v: Optional[str]) -> Any:
            if v is None:
                return ffi.NULL
            c = ffi.new("char[]", text_in(v))
            keep.append(c)
            return c

        f = ffi.new("ds_cancellation_fields *")
        check(lib.ds_cancellation_fields_init(f, lib.DS_CANCELLATION_FIELDS_VERSION))
        f.cancels = t(cancels)
        f.registration = registration
        f.registrant_name = t(registrant_name)
        f.registrant_credit_code = t(registrant_credit_code)
        f.object_name = t(object_name)
        f.object_code = t(object_code)
        f.cancelled_by = t(cancelled_by)
        f.registration_date = t(registration_date)
        f.cancellation_date = t(cancellation_date)
        f.reason = t(reason)
        f.registry_name = t(registry_name)
        pp = ffi.new("ds_certificate **")
        with registry_key._lock:
            f.registry_key = registry_key._p()
            check(lib.ds_certificate_build_cancellation(pp, f))
        return cls._own(pp[0], lib.ds_certificate_free)

    # ---------------------------------------------------------------- reading

    @property
    def number(self) -> str:
        """The certificate number (for a cancellation record: the cancelled certificate's)."""
        with self._lock:
            return borrowed(lib.ds_certificate_number(self._p())) or ""

    @property
    def key_id(self) -> str:
        """The identifier of the registry key the document names."""
        with self._lock:
            return borrowed(lib.ds_certificate_key_id(self._p())) or ""

    @property
    def is_cancellation(self) -> bool:
        """Whether this is a cancellation record rather than a certificate."""
        with self._lock:
            return bool(lib.ds_certificate_is_cancellation(self._p()))

    def to_xml(self) -> str:
        """The document text."""
        with self._lock:
            return string_out(lib.ds_certificate_to_xml, self._p())

    def summary(self) -> str:
        """A readable summary, one ``label: value`` line per field (verifies nothing)."""
        with self._lock:
            return string_out(lib.ds_certificate_summary, self._p())

    def log_entry(self) -> bytes:
        """The bytes to append to the registry's log (canonical form without evidence and signature)."""
        out = ffi.new("unsigned char **")
        n = ffi.new("size_t *")
        with self._lock:
            check(lib.ds_certificate_log_entry(out, n, self._p()))
        return take_bytes(out, n[0])

    # ---------------------------------------------------------------- issuing

    def set_log_evidence(self, index: int, checkpoint: str, proof: Sequence[bytes]) -> None:
        """Set the log index, the checkpoint and the inclusion proof (removes any signature)."""
        with self._lock:
            check(lib.ds_certificate_set_log_evidence(self._p(), index, text_in(checkpoint), hashes_in(proof), len(proof)))

    def sign(self, key: Key) -> None:
        """Sign with the registry's private key."""
        with locked(self, key):
            check(lib.ds_certificate_sign(self._p(), key._p()))

    def issue(self, log: Log, log_name: str, key: Key, timestamp: int = 0) -> int:
        """Append to @log, sign a checkpoint, set the evidence and sign; returns the log index."""
        idx = ffi.new("uint64_t *")
        with locked(self, log, key):
            check(lib.ds_certificate_issue(idx, self._p(), log._p(), text_in(log_name), timestamp, key._p()))
        return int(idx[0])

    # ---------------------------------------------------------------- printing

    def payload(self) -> str:
        """The QR verification payload ``DSC1:NUMBER:ALG:DIGEST:KEYID:INDEX:SIZE:ROOT`` of a logged certificate."""
        with self._lock:
            return string_out(lib.ds_certificate_to_payload, self._p())

    def print_pdf(self, *, sans_font: Optional[str] = None, serif_font: Optional[str] = None) -> bytes:
        """The certificate on one A4 page with its QR code, as PDF bytes.

        Raises UnsupportedError in a library built without PDF support (see :func:`pdf_supported`).
        """
        opts = ffi.new("ds_pdf_options *")
        check(lib.ds_pdf_options_init(opts, lib.DS_PDF_OPTIONS_VERSION))
        keep = [ffi.new("char[]", text_in(v)) if v is not None else ffi.NULL for v in (sans_font, serif_font)]
        opts.sans_font, opts.serif_font = keep
        out = ffi.new("unsigned char **")
        n = ffi.new("size_t *")
        with self._lock:
            check(lib.ds_certificate_print_pdf(out, n, self._p(), opts))
        return take_bytes(out, n[0])

    # ---------------------------------------------------------------- verifying

    def verify(
        self, key: Key, newer_checkpoint: Optional[str] = None, consistency_proof: Sequence[bytes] = ()
    ) -> VerificationReport:
        """Verify offline with the registry's public key; every check by name.

        With @newer_checkpoint (a newer signed tree head) and the
        @consistency_proof from this document's checkpoint to it, also checks
        that the history was not rewritten. Does not raise for a failing
        check: test the report (``report.ok``, ``report["signature"]``) or call
        ``report.raise_for_failure()``.
        """
        return verify(self.to_xml(), key, newer_checkpoint, consistency_proof)

    def __repr__(self) -> str:
        if self.closed:
            return "<datasset.Certificate closed>"
        what = "cancellation of" if self.is_cancellation else "certificate"
        return f"<datasset.Certificate {what} {self.number}>"


def verify(
    xml: Union[str, bytes],
    key: Key,
    newer_checkpoint: Optional[str] = None,
    consistency_proof: Sequence[bytes] = (),
) -> VerificationReport:
    """Verify a certificate document given as text (see :meth:`Certificate.verify`)."""
    b = data_in(xml)
    newer = ffi.NULL
    keep = []
    if newer_checkpoint is not None:
        cp = ffi.new("char[]", text_in(newer_checkpoint))
        proof = hashes_in(list(consistency_proof))
        keep += [cp, proof]
        newer = ffi.new("ds_certificate_newer_head *")
        newer.checkpoint = cp
        newer.consistency_proof = proof
        newer.proof_len = len(consistency_proof)
    pp = ffi.new("ds_certificate_report **")
    with key._lock:
        rc = lib.ds_certificate_verify(pp, b, len(b), key._p(), newer)
    return _report(pp, rc)


__all__.append("verify")


def verify_payload(payload: str, key: Key, xml: Optional[Union[str, bytes]] = None) -> VerificationReport:
    """Verify a printed certificate's QR payload with the registry's key and, given
    the certificate document @xml, against it (its own checks, then the payload's
    number, digest, key and log position). Does not raise for a failing check;
    a failed report's error names the payload field (``report.error.field``).
    """
    p = text_in(payload)
    b = data_in(xml) if xml is not None else None
    pp = ffi.new("ds_certificate_report **")
    with key._lock:
        rc = lib.ds_certificate_verify_payload(pp, p, len(p), key._p(), b if b is not None else ffi.NULL,
                                               len(b) if b is not None else 0)
    return _report(pp, rc)


def pdf_supported() -> bool:
    """Whether the library prints PDF (built with cairo, pango and libqrencode)."""
    return bool(lib.ds_pdf_supported())


__all__ += ["verify_payload", "pdf_supported"]
