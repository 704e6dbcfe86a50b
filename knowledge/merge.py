"""Deciding which parsed entries are one concept, and saying why, so a curator can veto it.

Entries join (a union-find over the parsers' entries, in manifest order) when
1. their names, or multi-word aliases, agree once normalised and folded singular: the same
   term in two files, 'Max-Pooling Layer' and 'Max Pooling Layer', 'Model' and the notes'
   'Models' section (a notes section joins on its name alone);
2. their names agree but for a compatible type suffix ('Milvus Database', 'Milvus Vector
   Database'), between groups that share no source file: a source names each concept
   once, so 000's 'Machine Learning Framework' stays apart from its 'Machine Learning';
   an empty stub is the exception, since it is only a name ('Mean Absolute Error' in the
   file that also defines 'Mean Absolute Error Loss Function');
3. they share an acronym and a link or a sentence: 'Mixture-Of-Experts (MOE) Architecture'
   and 'Mixture Of Local Experts (MoE)' cite the same paper with the same paragraph, while
   the two 'M-RAG' systems share only the acronym and stay two.
Every join that brings two different names together is reported as a `Merge`; a manifest's
`no_merge:` pairs are never joined. 'See X' redirects then fold into X as aliases.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Iterable, Iterator, Sequence
from dataclasses import dataclass

from knowledge import names
from knowledge.fold import fold, unique
from knowledge.model import Diagnostic, Entry, Kind, Level, given_id

_SENTENCE_END = re.compile(r"(?<=[.!?])\s+|\n+")
_OVERLAP_WORDS = 8
"""A shared sentence this long (in words) means two definitions copy each other."""


@dataclass(frozen=True, slots=True)
class Merge:
    """Two names that became one entry, and the rule that joined them."""

    first: str
    second: str
    reason: str

    def __str__(self) -> str:
        return f"merged: {self.first} + {self.second} ({self.reason})"


@dataclass(frozen=True, slots=True)
class Merged:
    """What merging made: the entries, warnings about the sources, and the merges done."""

    entries: tuple[Entry, ...]
    diagnostics: tuple[Diagnostic, ...] = ()
    merges: tuple[Merge, ...] = ()


def veto_key(name: str) -> str:
    """How a `no_merge:` name is matched: normalised, but 'Model' is not 'Models'."""
    return names.normalize(name)


class _Groups:
    """Union-find over entry indexes that records each join and honours vetoes."""

    def __init__(self, entries: Sequence[Entry], vetoes: Collection[frozenset[str]]) -> None:
        self.entries = entries
        self.parent = list(range(len(entries)))
        self.files = [{_file(e)} for e in entries]
        # The names of each group, to honour vetoes: none to keep when there are none.
        self.names = [{veto_key(e.name)} for e in entries] if vetoes else []
        self.stub = [_is_stub(e) for e in entries]
        self.vetoes = vetoes
        self.merges: list[Merge] = []

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def vetoed(self, a: int, b: int) -> bool:
        if not self.vetoes:
            return False
        left, right = self.names[self.find(a)], self.names[self.find(b)]
        return any(frozenset((x, y)) in self.vetoes for x in left for y in right)

    def join(self, a: int, b: int, reason: str) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra == rb or self.vetoed(a, b):
            return
        low, high = min(ra, rb), max(ra, rb)
        self.parent[high] = low
        self.files[low] |= self.files[high]
        if self.vetoes:
            self.names[low] |= self.names[high]
        self.stub[low] = self.stub[low] and self.stub[high]
        first, second = self.entries[min(a, b)].name, self.entries[max(a, b)].name
        if veto_key(first) != veto_key(second):
            self.merges.append(Merge(first, second, reason))

    def is_stub(self, i: int) -> bool:
        """Whether every part of i's group is only a name."""
        return self.stub[self.find(i)]

    def share_a_file(self, a: int, b: int) -> bool:
        return bool(self.files[self.find(a)] & self.files[self.find(b)])

    def members(self) -> dict[int, list[int]]:
        out: dict[int, list[int]] = {}
        for i in range(len(self.parent)):
            out.setdefault(self.find(i), []).append(i)
        return out


def _exact(text: str) -> str:
    return names.normalize(text).replace(" ", "")


def _name_keys(entries: Sequence[Entry]) -> Iterator[tuple[str, ...]]:
    """Each entry's name as `_exact` and as `names.compact` gives it, each once, none empty
    (asked for all names at once: a big glossary has a hundred thousand)."""
    given = [e.name for e in entries]
    exact = (n.replace(" ", "") for n in names.normals(given))
    compact = (k.replace(" ", "") for k in names.keys(given))
    for a, b in zip(exact, compact, strict=True):
        yield (a,) if a == b else tuple(k for k in (a, b) if k)


def _alias_keys(entry: Entry) -> list[tuple[str, str]]:
    """(alias, key) for multi-word aliases only: a bare acronym like 'MAE' may name several
    concepts."""
    multi_word = [a for a in entry.aliases if " " in a.strip()]
    return [(a, k) for a in multi_word for k in (_exact(a), names.compact(a)) if k]


def _file(entry: Entry) -> str:
    return entry.sources[0].path if entry.sources else ""


def _name_reason(a: Entry, b: Entry) -> str:
    if _exact(a.name) == _exact(b.name):
        return "same name spelt differently"
    return "singular and plural"


def _join_on_keys(entries: Sequence[Entry], groups: _Groups) -> None:
    """Names join any two entries (a repeated name is a duplicate); aliases join only across
    files, since two entries of one file that share an alias ('M-RAG System') are two concepts.
    """
    seen: dict[str, int] = {}
    for i, (entry, keys) in enumerate(zip(entries, _name_keys(entries), strict=True)):
        for k in keys:
            first = seen.setdefault(k, i)
            if first != i:
                groups.join(first, i, _name_reason(entries[first], entry))
    for i, entry in enumerate(entries):
        for alias, k in _alias_keys(entry):
            first = seen.setdefault(k, i)
            if first != i and not groups.share_a_file(first, i):
                groups.join(first, i, f"both answer to {alias!r}")


def _suffixes_agree(a: str, b: str) -> bool:
    a, b = a.lower(), b.lower()
    return not a or not b or a.endswith(b) or b.endswith(a)


def _is_stub(entry: Entry) -> bool:
    return not entry.has_definition and not entry.code and not entry.links and not entry.redirect


def _join_on_base_names(entries: Sequence[Entry], groups: _Groups) -> None:
    splits = [names.base_and_suffix(entry.name) for entry in entries]
    by_base: dict[str, list[int]] = {}
    for i, entry in enumerate(entries):
        base = splits[i][0]
        # 'Model' alone is a type word, not the base of 'Model Benchmark'.
        if entry.kind is not Kind.NOTE and not names.is_type_suffix(base):
            by_base.setdefault(names.compact(base), []).append(i)
    for indexes in by_base.values():
        if len(indexes) < 2:
            continue
        for a in indexes:
            for b in indexes:
                if a >= b or groups.find(a) == groups.find(b):
                    continue
                if not _suffixes_agree(splits[a][1], splits[b][1]):
                    continue
                if not groups.share_a_file(a, b):
                    groups.join(a, b, "same name but for the type suffix")
                elif _stub_of(a, b, indexes, groups):
                    groups.join(a, b, "empty stub")


def _stub_of(a: int, b: int, indexes: list[int], groups: _Groups) -> bool:
    """Whether one of a, b is an empty stub whose only possible partner is the other."""
    if groups.is_stub(a) == groups.is_stub(b):
        return False
    stub = a if groups.is_stub(a) else b
    partners = {groups.find(i) for i in indexes} - {groups.find(stub)}
    return len(partners) == 1


def _acronyms(entry: Entry) -> set[str]:
    """Its acronym-like names: one word of 2 to 12 characters with two or more capitals."""
    return {
        names.key(n)
        for n in entry.names
        if " " not in n and 2 <= len(n) <= 12 and sum(ch.isupper() for ch in n) >= 2
    }


def _sentences(entry: Entry) -> set[str]:
    parts = (names.normalize(s) for s in _SENTENCE_END.split(entry.definition))
    return {s for s in parts if len(s.split()) >= _OVERLAP_WORDS}


def _overlap(a: Entry, b: Entry) -> str:
    """What two definitions share ('the same link', 'the same sentence'), or ''."""
    if {link.url.rstrip("/") for link in a.links} & {link.url.rstrip("/") for link in b.links}:
        return "the same link"
    if _sentences(a) & _sentences(b):
        return "the same sentence"
    return ""


def _join_on_acronyms(entries: Sequence[Entry], groups: _Groups) -> None:
    by_acronym: dict[str, list[int]] = {}
    for i, entry in enumerate(entries):
        for acronym in _acronyms(entry):
            by_acronym.setdefault(acronym, []).append(i)
    for acronym, indexes in by_acronym.items():
        for a in indexes:
            for b in indexes:
                if a >= b or groups.find(a) == groups.find(b):
                    continue
                shared = _overlap(entries[a], entries[b])
                if shared:
                    groups.join(a, b, f"same acronym {acronym.upper()} and {shared}")


def _duplicates(entries: Sequence[Entry], members: Sequence[int]) -> list[Diagnostic]:
    """A warning for each name that one file gives to two entries."""
    out: list[Diagnostic] = []
    first: dict[tuple[str, str], Entry] = {}
    for i in members:
        entry = entries[i]
        where = (_file(entry), names.key(entry.name))
        if where in first:
            line = entry.sources[0].line if entry.sources else 0
            original = first[where].sources[0].line if first[where].sources else 0
            message = f"duplicate name {entry.name!r} (first at line {original}); merged"
            out.append(Diagnostic(where[0], line, Level.WARNING, message))
        else:
            first[where] = entry
    return out


def _resolve_redirects(entries: list[Entry], merges: list[Merge]) -> list[Entry]:
    """Fold 'See X' entries into X as aliases; keep them visible when X is not there."""
    if not any(entry.redirect for entry in entries):
        return entries
    index: dict[str, int] = {}
    for i, entry in enumerate(entries):
        for n in entry.names:
            index.setdefault(names.key(n), i)
    absorbed: set[int] = set()
    for i, entry in enumerate(entries):
        target = index.get(names.key(entry.redirect)) if entry.redirect else None
        if target is None or target == i or target in absorbed:
            continue
        host = entries[target]
        entries[target] = _replace(
            host,
            aliases=unique((*host.aliases, *entry.names), exclude=[host.name]),
            sources=(*host.sources, *(s for s in entry.sources if s not in host.sources)),
        )
        merges.append(Merge(host.name, entry.name, f"'See {entry.redirect}'"))
        absorbed.add(i)
    return [e for i, e in enumerate(entries) if i not in absorbed]


def _replace(entry: Entry, **changes: object) -> Entry:
    return Entry(**{**{f: getattr(entry, f) for f in entry.__slots__}, **changes})


def _with_unique_ids(entries: Sequence[Entry]) -> tuple[Entry, ...]:
    """Every entry under an id of its own. An id a source gave is claimed first, so that an
    entry renamed with its old id keeps it even when another name's slug is the same; an
    id taken already gets '-2', '-3'..."""
    given = [given_id(e) for e in entries]
    taken = {e.id for e, g in zip(entries, given, strict=True) if g}
    seen: set[str] = set()
    out: list[Entry] = []
    for entry, was_given in zip(entries, given, strict=True):
        entry_id, n = entry.id, 2
        while entry_id in seen or (not was_given and entry_id in taken):
            entry_id, n = f"{entry.id}-{n}", n + 1
        seen.add(entry_id)
        out.append(entry if entry_id == entry.id else _replace(entry, id=entry_id))
    return tuple(out)


_RULES: tuple[Callable[[Sequence[Entry], _Groups], None], ...] = (
    _join_on_keys,
    _join_on_base_names,
    _join_on_acronyms,
)


def merge(entries: Sequence[Entry], no_merge: Iterable[Iterable[str]] = ()) -> Merged:
    """Merge parsed entries (in manifest order) into one entry per concept.

    `no_merge` lists groups of names a curator keeps apart: no two of them are joined.
    """
    vetoes = {
        frozenset((veto_key(a), veto_key(b)))
        for group in map(list, no_merge)
        for a in group
        for b in group
        if veto_key(a) != veto_key(b)
    }
    groups = _Groups(entries, vetoes)
    for rule in _RULES:
        rule(entries, groups)
    diagnostics: list[Diagnostic] = []
    folded: list[Entry] = []
    for members in sorted(groups.members().values()):
        if len(members) > 1:  # one entry alone cannot repeat a name
            diagnostics.extend(_duplicates(entries, members))
        folded.append(fold([entries[i] for i in members]))
    merges = list(groups.merges)
    resolved = _resolve_redirects(folded, merges)
    return Merged(_with_unique_ids(resolved), tuple(diagnostics), tuple(merges))
