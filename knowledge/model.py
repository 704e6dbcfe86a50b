"""The glossary's data vocabulary: entries, where they came from, and what parsing said."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from enum import StrEnum


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
    can travel in button ids and database rows.
    """

    name: str
    kind: Kind = Kind.TERM
    aliases: tuple[str, ...] = ()
    definition: str = ""
    summary: str = ""
    code: tuple[str, ...] = ()
    links: tuple[Link, ...] = ()
    see_also: tuple[str, ...] = ()
    sources: tuple[SourceRef, ...] = ()
    redirect: str = ""
    tags: tuple[str, ...] = ()
    """Labels the source gave (a spreadsheet's tags column, front matter `tags`); exported."""
    id: str = field(default="")

    def __post_init__(self) -> None:
        if not self.id:
            object.__setattr__(self, "id", slugify(self.name))

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
