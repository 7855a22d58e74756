"""The metadata catalogue (政务元数据): entries (信息资源) with their 信息项,
catalogues, profiles and validation, native XML, CSV and DCAT, search,
pinyin sort, diff and merge.

>>> cat = catalog.Catalog.load("catalog-jinan.xml")
>>> report = cat.validate("jinan")
>>> report.raise_for_errors()            # ValidationError listing every problem
>>> [cat[i]["title"] for i in cat.search(text="zfgjj")]

Entries read from a catalogue are copies: change one and put it back with
:meth:`Catalog.replace` (the library's catalogue entries are read-only).
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from typing import Any, Callable, Dict, Iterator, List, Optional, Sequence, Tuple, Union

from . import errors
from ._core import (
    Handle,
    PathLike,
    borrowed,
    check,
    data_in,
    ffi,
    lib,
    locked,
    opt_text,
    path_in,
    string_out,
    take_string,
    text_in,
    read_list,
    extern_python,
)

__all__ = [
    "Resource",
    "Item",
    "Catalog",
    "Profile",
    "ValidationReport",
    "CatalogProblem",
    "CatalogChange",
    "Change",
    "FIELDS",
    "field_name",
    "field_from_name",
    "pinyin",
]

FieldLike = Union[str, int]


def field_name(field: int) -> str:
    """The name of a field number ("share_type")."""
    name = borrowed(lib.ds_field_name(field))
    if name is None:
        raise errors.ValidationError(f"no field number {field}", code=lib.DS_EINVAL)
    return name


def field_from_name(name: str) -> int:
    """The field number of a name (NotFoundError for an unknown one)."""
    out = ffi.new("ds_field *")
    check(lib.ds_field_from_name(out, text_in(name, "field")))
    return int(out[0])


#: The names of the single-valued text fields, in order.
FIELDS: Tuple[str, ...] = tuple(field_name(i) for i in range(lib.DS_FIELD_COUNT))


def _field(field: FieldLike) -> int:
    if isinstance(field, str):
        try:
            return FIELDS.index(field)
        except ValueError:
            return field_from_name(field)
    if isinstance(field, bool) or not isinstance(field, int):
        raise TypeError(f"a field is a name or a number, not {type(field).__name__}")
    return field


_LISTS = {"keywords": lib.DS_LIST_KEYWORDS, "related": lib.DS_LIST_RELATED}


def pinyin(text: str) -> str:
    """The pinyin of @text: "住房公积金" gives "zhu fang gong ji jin"."""
    return string_out(lib.ds_text_pinyin, text_in(text))


@dataclass(frozen=True)
class Item:
    """One 信息项 (data item)."""

    name: str
    type: Optional[str] = None
    length: int = 0
    description: Optional[str] = None


# ------------------------------------------------------------ accessors


def _list_value(r: Any, which: int, index: int) -> str:
    out = ffi.new("char **")
    check(lib.ds_resource_list_at(out, r, which, index))
    return borrowed(out[0]) or ""


def _extension(r: Any, index: int) -> Tuple[str, str, str]:
    e = ffi.new("ds_extension *")
    check(lib.ds_resource_extension_at(e, r, index))
    return borrowed(e.ns) or "", borrowed(e.key) or "", borrowed(e.value) or ""


def _catalog_entry(c: Any, index: int) -> Any:
    out = ffi.new("ds_resource **")
    check(lib.ds_catalog_at(out, c, index))
    return out[0]


# ------------------------------------------------------------ entries


class Resource(Handle):
    """A catalogue entry (信息资源): text fields by name (``r["title"]``),
    keywords and related codes, 信息项 and extensions.

    ``Resource(identifier="...", title="...")`` makes a new entry.
    """

    _kind = "resource"

    def __init__(self, **fields: Optional[str]) -> None:
        pp = ffi.new("ds_resource **")
        check(lib.ds_resource_new(pp))
        self._setup(pp[0], lib.ds_resource_free)
        for k, v in fields.items():
            self[k] = v

    @classmethod
    def _copy_of(cls, p: Any) -> "Resource":
        pp = ffi.new("ds_resource **")
        check(lib.ds_resource_dup(pp, p))
        return cls._own(pp[0], lib.ds_resource_free)

    def copy(self) -> "Resource":
        """A deep copy."""
        with self._lock:
            return Resource._copy_of(self._p())

    # fields

    def __getitem__(self, field: FieldLike) -> Optional[str]:
        """A field's value, or None when it is not set."""
        f = _field(field)
        with self._lock:
            return borrowed(lib.ds_resource_get(self._p(), f))

    def __setitem__(self, field: FieldLike, value: Optional[str]) -> None:
        """Set a field (None or "" clears it)."""
        f = _field(field)
        with self._lock:
            check(lib.ds_resource_set(self._p(), f, opt_text(value, field_name(f))))

    def __delitem__(self, field: FieldLike) -> None:
        self[field] = None

    def get(self, field: FieldLike, default: Optional[str] = None) -> Optional[str]:
        v = self[field]
        return default if v is None else v

    @property
    def fields(self) -> Dict[str, str]:
        """Every field that is set, by name, in field order."""
        out = {}
        with self._lock:
            p = self._p()
            for i, name in enumerate(FIELDS):
                v = borrowed(lib.ds_resource_get(p, i))
                if v is not None:
                    out[name] = v
        return out

    # lists

    def _list(self, which: int) -> List[str]:
        with self._lock:
            p = self._p()
            return [_list_value(p, which, i) for i in range(lib.ds_resource_list_count(p, which))]

    @property
    def keywords(self) -> List[str]:
        """关键字, in order."""
        return self._list(lib.DS_LIST_KEYWORDS)

    @property
    def related(self) -> List[str]:
        """关联资源代码, in order."""
        return self._list(lib.DS_LIST_RELATED)

    def add(self, list_name: str, value: str) -> None:
        """Append to "keywords" or "related" (ExistsError for a duplicate)."""
        with self._lock:
            check(lib.ds_resource_list_add(self._p(), self._list_id(list_name), text_in(value)))

    def remove(self, list_name: str, index: int) -> None:
        """Remove the value at @index from "keywords" or "related"."""
        with self._lock:
            check(lib.ds_resource_list_remove(self._p(), self._list_id(list_name), index))

    @staticmethod
    def _list_id(name: str) -> int:
        try:
            return int(_LISTS[name])
        except KeyError:
            raise errors.ValidationError(f"unknown list {name!r} (keywords or related)", code=lib.DS_EINVAL) from None

    # items

    @property
    def items(self) -> List[Item]:
        """The 信息项, in order."""
        with self._lock:
            return read_list(
                lib.ds_resource_item_count, lib.ds_resource_item_at, "ds_item *",
                lambda it, _: Item(borrowed(it.name) or "", borrowed(it.type), int(it.length),
                                   borrowed(it.description)),
                self._p())

    def insert_item(
        self,
        name: str,
        type: Optional[str] = None,  # noqa: A002
        length: int = 0,
        description: Optional[str] = None,
        position: Optional[int] = None,
    ) -> None:
        """Insert a 信息项 at @position (default: append)."""
        pos = ffi.cast("size_t", -1) if position is None else position
        with self._lock:
            check(
                lib.ds_resource_item_insert(
                    self._p(), pos, text_in(name, "name"), opt_text(type), length, opt_text(description)
                )
            )

    def remove_item(self, index: int) -> None:
        with self._lock:
            check(lib.ds_resource_item_remove(self._p(), index))

    def move_item(self, from_index: int, to_index: int) -> None:
        with self._lock:
            check(lib.ds_resource_item_move(self._p(), from_index, to_index))

    # extensions

    @property
    def extensions(self) -> Dict[Tuple[str, str], str]:
        """{(namespace, key): value}, in the order first set."""
        with self._lock:
            p = self._p()
            return {(ns, k): v for ns, k, v in (_extension(p, i) for i in range(lib.ds_resource_extension_count(p)))}

    def extension(self, ns: str, key: str) -> Optional[str]:
        with self._lock:
            return borrowed(lib.ds_resource_extension_get(self._p(), text_in(ns), text_in(key)))

    def set_extension(self, ns: str, key: str, value: Optional[str]) -> None:
        """Set an extension field (None removes it)."""
        with self._lock:
            check(lib.ds_resource_extension_set(self._p(), text_in(ns), text_in(key), opt_text(value)))

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Resource):
            return NotImplemented
        with locked(self, other):
            return bool(lib.ds_resource_equal(self._p(), other._p()))

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        if self.closed:
            return "<datasset.catalog.Resource closed>"
        return f"<datasset.catalog.Resource {self['identifier']!r} {self['title']!r}>"


# ------------------------------------------------------------ profiles, validation


class Profile(Handle):
    """Validation rules: "gbt21063", "jinan" (bundled) or a profile document."""

    _kind = "profile"

    @classmethod
    def load(cls, name_or_path: Union[str, PathLike]) -> "Profile":
        pp = ffi.new("ds_profile **")
        check(lib.ds_profile_load(pp, path_in(name_or_path)))
        return cls._own(pp[0], lib.ds_profile_free)

    @property
    def name(self) -> str:
        with self._lock:
            return borrowed(lib.ds_profile_name(self._p())) or ""

    def __repr__(self) -> str:
        return "<datasset.catalog.Profile closed>" if self.closed else f"<datasset.catalog.Profile {self.name}>"


@dataclass(frozen=True)
class CatalogProblem(errors.Problem):
    """A problem found by validation: also its entry index, identifier and rule."""

    entry: int = 0
    identifier: str = ""
    rule: str = ""


class ValidationReport:
    """Every problem validation found: iterate, count, or raise them all at once."""

    def __init__(self, problems: List[CatalogProblem], error_count: Optional[int] = None) -> None:
        self.problems = problems
        #: the number of errors, as the library counted them
        self.error_count = sum(p.severity == "error" for p in problems) if error_count is None else error_count

    @property
    def errors(self) -> List[CatalogProblem]:
        return [p for p in self.problems if p.severity == "error"]

    @property
    def warnings(self) -> List[CatalogProblem]:
        return [p for p in self.problems if p.severity == "warning"]

    @property
    def ok(self) -> bool:
        """True when there is no error (warnings allowed)."""
        return not self.errors

    def __bool__(self) -> bool:
        return self.ok

    def __iter__(self) -> Iterator[CatalogProblem]:
        return iter(self.problems)

    def __len__(self) -> int:
        return len(self.problems)

    def raise_for_errors(self) -> None:
        """Raise one :class:`ValidationError` listing every error (``.problems``)."""
        errs = self.errors
        if errs:
            raise errors.ValidationError(
                f"{len(errs)} problem{'s' if len(errs) != 1 else ''}: {errs[0].field}: {errs[0].message}"
                + (" ..." if len(errs) > 1 else ""),
                code=lib.DS_EINVAL,
                field=errs[0].field,
                problems=list(errs),
            )

    def __repr__(self) -> str:
        return f"<ValidationReport {len(self.errors)} errors, {len(self.warnings)} warnings>"


# ------------------------------------------------------------ diff


class Change(enum.IntEnum):
    """What happened to an entry between two catalogues."""

    ADDED = lib.DS_CHANGE_ADDED
    REMOVED = lib.DS_CHANGE_REMOVED
    CHANGED = lib.DS_CHANGE_CHANGED


@dataclass(frozen=True)
class CatalogChange:
    """One changed entry: what happened, its identifier, the parts that differ."""

    change: Change
    identifier: str
    fields: List[str]


def _take_diff(pp: Any) -> List[CatalogChange]:
    d = ffi.gc(pp[0], lib.ds_catalog_diff_free)
    out = read_list(
        lib.ds_catalog_diff_count, lib.ds_catalog_diff_at, "ds_catalog_change *",
        lambda c, _: CatalogChange(Change(c.kind), borrowed(c.identifier) or "",
                                   [f for f in (borrowed(c.fields) or "").split(",") if f]),
        d)
    ffi.release(d)
    return out


# ------------------------------------------------------------ catalogues


class Catalog(Handle):
    """A catalogue: entries with a unique identifier index. ``len()``,
    indexing by position or identifier (copies), iteration (copies), ``in``."""

    _kind = "catalogue"

    def __init__(self, title: Optional[str] = None, entries: Sequence[Resource] = ()) -> None:
        pp = ffi.new("ds_catalog **")
        check(lib.ds_catalog_new(pp))
        self._setup(pp[0], lib.ds_catalog_free)
        if title is not None:
            self.title = title
        for r in entries:
            self.add(r)

    @classmethod
    def _wrap(cls, pp: Any) -> "Catalog":
        return cls._own(pp[0], lib.ds_catalog_free)

    @classmethod
    def load(cls, path: PathLike) -> "Catalog":
        """Read a native catalogue document (streaming; errors name line, column and field)."""
        pp = ffi.new("ds_catalog **")
        check(lib.ds_catalog_load(pp, path_in(path)))
        return cls._wrap(pp)

    @classmethod
    def parse(cls, data: Union[str, bytes], name: Optional[str] = None) -> "Catalog":
        b = data_in(data)
        pp = ffi.new("ds_catalog **")
        check(lib.ds_catalog_parse(pp, b, len(b), opt_text(name)))
        return cls._wrap(pp)

    @classmethod
    def load_dcat(cls, path: PathLike) -> "Catalog":
        """Read a catalogue from DCAT (RDF/XML)."""
        pp = ffi.new("ds_catalog **")
        check(lib.ds_catalog_load_dcat(pp, path_in(path)))
        return cls._wrap(pp)

    @staticmethod
    def import_dcat_file(catalog_path: PathLike, dcat_path: PathLike) -> int:
        """Import a DCAT file into a native catalogue file entry by entry (memory does not
        grow with the datasets): the same document as ``Catalog.load_dcat(dcat_path)``
        written with ``to_xml()``. The output is replaced, and removed again on failure.
        Returns the number of entries written."""
        entries = ffi.new("size_t *")
        check(lib.ds_catalog_import_dcat_file(entries, path_in(catalog_path), path_in(dcat_path)))
        return int(entries[0])

    @classmethod
    def parse_dcat(cls, data: Union[str, bytes], name: Optional[str] = None) -> "Catalog":
        b = data_in(data)
        pp = ffi.new("ds_catalog **")
        check(lib.ds_catalog_parse_dcat(pp, b, len(b), opt_text(name)))
        return cls._wrap(pp)

    @staticmethod
    def load_each(path: PathLike, callback: Callable[[Resource, int], Any]) -> Optional[str]:
        """Stream a catalogue document: ``callback(entry, index)`` for every entry
        (memory does not grow with the document). Returns the catalogue's title.
        An exception in the callback stops the reading and is raised."""
        state = _EachState(callback)
        handle = ffi.new_handle(state)
        title = ffi.new("char **")
        rc = lib.ds_catalog_load_each(title, path_in(path), lib._datasset_resource_cb, handle)
        t = take_string(title) if title[0] != ffi.NULL else None
        if state.error is not None:
            raise state.error
        check(rc)
        return t

    # ---------------------------------------------------------------- access

    @property
    def title(self) -> Optional[str]:
        """目录名称, or None."""
        with self._lock:
            return borrowed(lib.ds_catalog_title(self._p()))

    @title.setter
    def title(self, value: Optional[str]) -> None:
        with self._lock:
            check(lib.ds_catalog_set_title(self._p(), opt_text(value, "title")))

    def __len__(self) -> int:
        with self._lock:
            return int(lib.ds_catalog_count(self._p()))

    def _index(self, key: Union[int, str]) -> int:
        if isinstance(key, str):
            return self.find(key)
        n = len(self)
        i = key + n if key < 0 else key
        if not 0 <= i < n:
            raise IndexError(f"entry index {key} out of range ({n} entries)")
        return i

    def __getitem__(self, key: Union[int, str]) -> Resource:
        """A copy of the entry at a position or with an identifier."""
        with self._lock:
            i = self._index(key)
            return Resource._copy_of(_catalog_entry(self._p(), i))

    def __iter__(self) -> Iterator[Resource]:
        for i in range(len(self)):
            yield self[i]

    @property
    def resources(self) -> List[Resource]:
        """Every entry (目录条目), in the catalogue's order (copies: changing one
        changes the catalogue only through :meth:`add`)."""
        return list(self)

    def __contains__(self, identifier: object) -> bool:
        if not isinstance(identifier, str):
            return False
        try:
            self.find(identifier)
            return True
        except errors.NotFoundError:
            return False

    def find(self, identifier: str) -> int:
        """The index of the entry with @identifier (NotFoundError)."""
        out = ffi.new("size_t *")
        with self._lock:
            check(lib.ds_catalog_find(out, self._p(), text_in(identifier, "identifier")))
        return int(out[0])

    # ---------------------------------------------------------------- changes

    def add(self, resource: Resource) -> None:
        """Append a copy of @resource (ExistsError for a repeated identifier)."""
        copy = resource.copy()
        with self._lock:
            p = self._p()
            rc = lib.ds_catalog_add(p, copy._ptr)
            if rc == 0:
                ffi.gc(copy._ptr, None)  # the catalogue owns it now
                copy._ptr = None
        check(rc)

    def replace(self, key: Union[int, str], resource: Resource) -> None:
        """Replace the entry at a position or with an identifier by a copy of @resource."""
        copy = resource.copy()
        with self._lock:
            i = self._index(key)
            rc = lib.ds_catalog_replace(self._p(), i, copy._ptr)
            if rc == 0:
                ffi.gc(copy._ptr, None)
                copy._ptr = None
        check(rc)

    def __setitem__(self, key: Union[int, str], resource: Resource) -> None:
        self.replace(key, resource)

    def remove(self, key: Union[int, str]) -> None:
        """Remove the entry at a position or with an identifier."""
        with self._lock:
            check(lib.ds_catalog_remove(self._p(), self._index(key)))

    def __delitem__(self, key: Union[int, str]) -> None:
        self.remove(key)

    def sort(self, order: str = "identifier") -> None:
        """Reorder: "identifier" (byte order) or "pinyin" (Chinese collation of the title)."""
        orders = {"identifier": lib.DS_SORT_IDENTIFIER, "pinyin": lib.DS_SORT_PINYIN}
        if order not in orders:
            raise errors.ValidationError(f"unknown order {order!r} (identifier or pinyin)", code=lib.DS_EINVAL)
        with self._lock:
            check(lib.ds_catalog_sort(self._p(), orders[order]))

    def merge(self, update: "Catalog", *, remove_missing: bool = False) -> List[CatalogChange]:
        """Apply a periodic update (copied); returns what changed."""
        pp = ffi.new("ds_catalog_diff **")
        flags = lib.DS_MERGE_REMOVE_MISSING if remove_missing else 0
        with locked(self, update):
            check(lib.ds_catalog_merge(pp, self._p(), update._p(), flags))
        return _take_diff(pp)

    def diff(self, new: "Catalog") -> List[CatalogChange]:
        """What changed from this catalogue to @new, entry by entry."""
        pp = ffi.new("ds_catalog_diff **")
        with locked(self, new):
            check(lib.ds_catalog_diff_new(pp, self._p(), new._p()))
        return _take_diff(pp)

    # ---------------------------------------------------------------- queries

    def search(
        self,
        text: Optional[str] = None,
        *,
        provider: Optional[str] = None,
        category: Optional[str] = None,
        share_type: Optional[str] = None,
        open_type: Optional[str] = None,
        update_cycle: Optional[str] = None,
    ) -> List[int]:
        """Indexes of the entries matching every criterion given (text also
        matches pinyin initials: "zfgjj" finds 住房公积金)."""
        o = ffi.new("ds_search_options *")
        check(lib.ds_search_options_init(o, lib.DS_SEARCH_OPTIONS_VERSION))
        keep = []
        for name, v in (("text", text), ("provider", provider), ("category", category),
                        ("share_type", share_type), ("open_type", open_type), ("update_cycle", update_cycle)):
            if v is not None:
                c = ffi.new("char[]", text_in(v, name))
                keep.append(c)
                setattr(o, name, c)
        pp = ffi.new("size_t **")
        n = ffi.new("size_t *")
        with self._lock:
            check(lib.ds_catalog_search(pp, n, self._p(), o))
        try:
            return [int(pp[0][i]) for i in range(n[0])]
        finally:
            if pp[0] != ffi.NULL:
                lib.ds_free(pp[0])

    def validate(self, profile: Union[Profile, str] = "gbt21063") -> ValidationReport:
        """Check every entry against a profile and report every problem at once."""
        if not isinstance(profile, Profile):
            profile = Profile.load(profile)
        pp = ffi.new("ds_catalog_report **")
        with locked(self, profile):
            check(lib.ds_catalog_validate(pp, self._p(), profile._p()))
        rep = ffi.gc(pp[0], lib.ds_catalog_report_free)
        out = read_list(
            lib.ds_catalog_report_count, lib.ds_catalog_report_at, "ds_catalog_problem *",
            lambda pr, _: CatalogProblem(
                message=borrowed(pr.message) or "",
                field=borrowed(pr.field) or "",
                severity="error" if pr.severity == lib.DS_SEVERITY_ERROR else "warning",
                entry=int(pr.entry),
                identifier=borrowed(pr.identifier) or "",
                rule=borrowed(pr.rule) or "",
            ),
            rep)
        n_errors = int(lib.ds_catalog_report_errors(rep))
        ffi.release(rep)
        return ValidationReport(out, n_errors)

    # ---------------------------------------------------------------- writing

    def to_xml(self) -> str:
        """The native catalogue document."""
        with self._lock:
            return string_out(lib.ds_catalog_to_xml, self._p())

    def to_csv(self, *, bom: bool = False) -> str:
        """CSV, one row per entry."""
        with self._lock:
            return string_out(lib.ds_catalog_to_csv, self._p(), int(bool(bom)))

    def to_dcat(self, base_uri: Optional[str] = None) -> Tuple[str, int]:
        """DCAT v3 in RDF/XML, and the number of triples written."""
        o = ffi.new("ds_dcat_options *")
        check(lib.ds_dcat_options_init(o, lib.DS_DCAT_OPTIONS_VERSION))
        keep = ffi.new("char[]", text_in(base_uri)) if base_uri is not None else ffi.NULL
        o.base_uri = keep
        out = ffi.new("char **")
        n = ffi.new("size_t *")
        with self._lock:
            rc = lib.ds_catalog_to_dcat(out, n, self._p(), o)
        check(rc)
        return take_string(out), int(n[0])

    def __repr__(self) -> str:
        if self.closed:
            return "<datasset.catalog.Catalog closed>"
        return f"<datasset.catalog.Catalog {self.title!r} {len(self)} entries>"


class _EachState:
    def __init__(self, fn: Callable[[Resource, int], Any]) -> None:
        self.fn = fn
        self.error: Optional[BaseException] = None


@extern_python
def _datasset_resource_cb(resource: Any, index: int, context: Any) -> int:  # pragma: no cover - called from C
    state = ffi.from_handle(context)
    try:
        state.fn(Resource._copy_of(resource), int(index))
    except BaseException as exc:
        state.error = exc
        return int(lib.DS_EINVAL)
    return 0
