"""The glossary's data vocabulary: entries, where they came from, and what parsing said."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from knowledge.summary import summarize


class _Derived(str):
    """The type of `DERIVED`, so that it is told apart from any text a source wrote."""

    __slots__ = ()


DERIVED: str = _Derived()
"""An `Entry` field left for the entry to derive from its other fields on first read."""


class Kind(StrEnum):
    """What sort of thing an entry is; decides how it is shown and whether it is quiz material."""

    TERM = "term"
    CARD = "card"
    NOTE = "note"


class Level(StrEnum):
    WARNING = "warning"
    ERROR = "error"


@dataclass(frozen=True, slots=True)
class SourceRef:
    """Where part of an entry was written: a file (relative to the manifest) and a 1-based line."""

    path: str
    line: int

    def __str__(self) -> str:
        return f"{self.path}:{self.line}"


@dataclass(frozen=True, slots=True)
class Link:
    """A "more at" link; `label` is empty when the source gave a bare URL."""

    url: str
    label: str = ""


@dataclass(frozen=True, slots=True)
class Entry:
    """One concept of the glossary.

    Parsers produce one `Entry` per concept and source; merging folds entries that name the
    same concept into one that cites every source. `id` is a stable slug of the name, so it
    can travel in button ids and database rows; `summary` is the definition's first sentence
    (`summarize`). Both are derived on first read unless given (an empty `id` counts as not
    given; an empty `summary` is kept), so an import of many rows does not pay for them
    until someone looks; see `_derive_on_first_read` below.
    """

    name: str
    kind: Kind = Kind.TERM
    aliases: tuple[str, ...] = ()
    definition: str = ""
    summary: str = DERIVED
    code: tuple[str, ...] = ()
    links: tuple[Link, ...] = ()
    see_also: tuple[str, ...] = ()
    sources: tuple[SourceRef, ...] = ()
    redirect: str = ""
    tags: tuple[str, ...] = ()
    """Labels the source gave (a spreadsheet's tags column, front matter `tags`); exported."""
    id: str = DERIVED

    @property
    def names(self) -> tuple[str, ...]:
        """The name first, then every alias."""
        return (self.name, *self.aliases)

    @property
    def has_definition(self) -> bool:
        return bool(self.definition.strip())


@dataclass(frozen=True, slots=True)
class Diagnostic:
    """A parser's or validator's remark about a source, with the file and line to fix."""

    path: str
    line: int
    level: Level
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.level}: {self.message}"


@dataclass(frozen=True, slots=True)
class ParseResult:
    entries: tuple[Entry, ...] = ()
    diagnostics: tuple[Diagnostic, ...] = ()


_NOT_ALNUM = re.compile(r"[\W_]+")
"""A run of characters that are not `str.isalnum()` (regex word characters are exactly those,
plus the underscore)."""


def slugify(name: str) -> str:
    """A lower-case, hyphenated id: 'Mean Absolute Error (MAE)' -> 'mean-absolute-error-mae'.

    Every run of other characters becomes one hyphen, and none leads or trails.
    """
    return _NOT_ALNUM.sub("-", name.lower()).strip("-")[:80] or "entry"


_SLOTS: dict[str, Any] = {}
"""The slot descriptors of `Entry`'s derived fields, before properties took their names."""


def _derive_on_first_read(field: str, derive: Callable[[Entry], str], empty_too: bool) -> None:
    """Make `Entry.<field>` a property that fills its slot with `derive(entry)` when it holds
    `DERIVED` (or, with `empty_too`, any empty text).

    The property writes through to the slot, so the dataclass's `__init__`, equality,
    hashing, `repr` and `dataclasses.replace` all see the derived value, the frozen entry
    stays frozen to everyone else, and the value is computed once.
    """
    slot = _SLOTS[field] = vars(Entry)[field]
    get, put = slot.__get__, slot.__set__

    def read(entry: Entry) -> str:
        value: str = get(entry)
        if value is DERIVED or (empty_too and not value):
            value = derive(entry)
            put(entry, value)
        return value

    setattr(Entry, field, property(read, put))


def is_derived(entry: Entry, field: str) -> bool:
    """Whether `entry.<field>` is still to be derived: it was not given and not yet read."""
    return _SLOTS[field].__get__(entry) is DERIVED


def given_id(entry: Entry) -> bool:
    """Whether the entry's id was given by its source: an id equal to the slug of its name
    counts as not given, since it is the one that would be derived anyway."""
    return not is_derived(entry, "id") and entry.id != slugify(entry.name)


_derive_on_first_read("id", lambda entry: slugify(entry.name), empty_too=True)
_derive_on_first_read("summary", lambda entry: summarize(entry.definition), empty_too=False)


def entry_to_dict(entry: Entry) -> dict[str, object]:
    """A JSON-ready view of an entry, for `glossbot define --json` and `check --json`."""
    return {
        "id": entry.id,
        "name": entry.name,
        "aliases": list(entry.aliases),
        "kind": str(entry.kind),
        "summary": entry.summary,
        "definition": entry.definition,
        "code": list(entry.code),
        "see_also": list(entry.see_also),
        "links": [{"url": link.url, "label": link.label} for link in entry.links],
        "sources": [{"file": s.path, "line": s.line} for s in entry.sources],
        "redirect": entry.redirect,
        "tags": list(entry.tags),
    }
