"""The registry's enumerations, with their English names and Chinese labels
(``ds_registry_code_name``/``_label``/``_parse``)."""

from __future__ import annotations

import enum
from typing import Optional, Type, TypeVar, Union

from ._core import borrowed, check, ffi, lib, text_in

__all__ = ["Kind", "Right", "RegType", "State", "SubjectType", "TradeVenue", "DocumentKind"]

E = TypeVar("E", bound="_Code")


class _Code(enum.IntEnum):
    _code_: int  # which ds_registry_code

    @classmethod
    def of(cls: Type[E], value: Union["_Code", str, int]) -> E:
        """A value from a member, an int, or a name in English or Chinese ("publicity", "公示")."""
        if isinstance(value, cls):
            return value
        if isinstance(value, str):
            out = ffi.new("int *")
            check(lib.ds_registry_code_parse(out, cls._code(), text_in(value)))
            return cls(out[0])
        if isinstance(value, bool) or not isinstance(value, int):
            raise TypeError(f"{cls.__name__} must be a {cls.__name__}, a name or an int, not {type(value).__name__}")
        return cls(value)

    @classmethod
    def _code(cls) -> int:
        raise NotImplementedError

    @property
    def english(self) -> str:
        """The English name ("publicity")."""
        return borrowed(lib.ds_registry_code_name(self._code(), int(self))) or self.name.lower()

    @property
    def label(self) -> str:
        """The Chinese name ("公示")."""
        return borrowed(lib.ds_registry_code_label(self._code(), int(self))) or ""


class Kind(_Code):
    """What a registration registers."""

    RESOURCE = lib.DS_REG_RESOURCE  #: 数据资源 (R)
    PRODUCT = lib.DS_REG_PRODUCT  #: 数据产品 (P)
    ASSET = lib.DS_REG_ASSET  #: 数据资产 (A)
    IP = lib.DS_REG_IP  #: 数据知识产权 (I)

    @classmethod
    def _code(cls) -> int:
        return int(lib.DS_CODE_KIND)


class Right(_Code):
    """The three rights (三权分置)."""

    HOLDING = lib.DS_RIGHT_HOLDING  #: 数据资源持有权
    PROCESSING = lib.DS_RIGHT_PROCESSING  #: 数据加工使用权
    OPERATING = lib.DS_RIGHT_OPERATING  #: 数据产品经营权

    @classmethod
    def _code(cls) -> int:
        return int(lib.DS_CODE_RIGHT)


class RegType(_Code):
    """Registration types."""

    FIRST = lib.DS_REG_FIRST  #: 首次登记
    CHANGE = lib.DS_REG_CHANGE  #: 变更登记
    CORRECTION = lib.DS_REG_CORRECTION  #: 更正登记
    CANCELLATION = lib.DS_REG_CANCELLATION  #: 注销登记

    @classmethod
    def _code(cls) -> int:
        return int(lib.DS_CODE_TYPE)


class State(_Code):
    """Workflow states."""

    DRAFT = lib.DS_STATE_DRAFT  #: 草稿
    SUBMITTED = lib.DS_STATE_SUBMITTED  #: 申请
    ACCEPTED = lib.DS_STATE_ACCEPTED  #: 受理
    REVIEW = lib.DS_STATE_REVIEW  #: 形式审查
    PUBLICITY = lib.DS_STATE_PUBLICITY  #: 公示
    OBJECTION = lib.DS_STATE_OBJECTION  #: 异议
    REGISTERED = lib.DS_STATE_REGISTERED  #: 登记
    REJECTED = lib.DS_STATE_REJECTED  #: 不予登记
    WITHDRAWN = lib.DS_STATE_WITHDRAWN  #: 撤回
    CHANGED = lib.DS_STATE_CHANGED  #: 已变更
    CORRECTED = lib.DS_STATE_CORRECTED  #: 已更正
    CANCELLED = lib.DS_STATE_CANCELLED  #: 注销

    @classmethod
    def _code(cls) -> int:
        return int(lib.DS_CODE_STATE)


class SubjectType(_Code):
    """Registrant types."""

    UNSPECIFIED = lib.DS_SUBJECT_UNSPECIFIED  #: on input: derive from the credit code
    AGENCY = lib.DS_SUBJECT_AGENCY  #: 党政机关
    INSTITUTION = lib.DS_SUBJECT_INSTITUTION  #: 事业单位
    ENTERPRISE = lib.DS_SUBJECT_ENTERPRISE  #: 企业
    OTHER = lib.DS_SUBJECT_OTHER  #: 其他

    @classmethod
    def _code(cls) -> int:
        return int(lib.DS_CODE_SUBJECT_TYPE)


class TradeVenue(enum.IntEnum):
    """Where a trade happened."""

    ON = lib.DS_VENUE_ON  #: 场内交易
    OFF = lib.DS_VENUE_OFF  #: 场外交易 (备案)


class DocumentKind(enum.IntEnum):
    """The documents stored with a registration."""

    ENTRY = lib.DS_DOCUMENT_ENTRY  #: the catalogue entry
    PROBE = lib.DS_DOCUMENT_PROBE  #: the probe report
    VALUATION = lib.DS_DOCUMENT_VALUATION  #: the valuation result
    ASSESSMENT = lib.DS_DOCUMENT_ASSESSMENT  #: the latest compliance assessment recorded


def _opt(e: Optional[_Code]) -> int:
    return -1 if e is None else int(e)
