"""The loaded glossary: an immutable set of entries, indexed by id, with what it was built from."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

from knowledge.model import Diagnostic, Entry


@dataclass(frozen=True, slots=True)
class SourceInfo:
    """A manifest source as loaded: how many parsed entries it gave."""

    file: str
    format: str
    title: str
    entries: int


@dataclass(frozen=True, slots=True, eq=False)
class Glossary:
    """Never changed after it is built; a reload builds a new one and swaps the reference."""

    entries: tuple[Entry, ...]
    sources: tuple[SourceInfo, ...] = ()
    diagnostics: tuple[Diagnostic, ...] = ()
    _by_id: Mapping[str, Entry] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_by_id", MappingProxyType({e.id: e for e in self.entries}))

    def get(self, entry_id: str) -> Entry | None:
        return self._by_id.get(entry_id)

    def __len__(self) -> int:
        return len(self.entries)

    def __iter__(self) -> Iterator[Entry]:
        return iter(self.entries)
