"""Folding the parsers' entries into one entry per concept, citing every source.

Two passes. The first joins entries whose names (or multi-word aliases) share a key: the
same term in two files, 'Max-Pooling Layer' and 'Max Pooling Layer', 'Multimodal Model'
and the 'Multimodal models' card. The second is looser and joins 'Milvus Vector Database'
with 'Milvus Database' or 'MXNET Framework' with 'MXNET' (same name but for a compatible
type suffix), but only between groups that share no source file: a source names each
concept once, so when 001 already has 'Mean Absolute Error Loss Function' its separate
'Mean Absolute Error' entry must stay separate. Notes join other entries only on their
exact name, so a 'Models' section does not swallow the term 'Model'.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from knowledge import names
from knowledge.model import Diagnostic, Entry, Kind, Level, Link, SourceRef

_KIND_RANK = {Kind.TERM: 0, Kind.CARD: 1, Kind.NOTE: 2}


class _Groups:
    """Union-find over entry indexes."""

    def __init__(self, files: Sequence[str]) -> None:
        self.parent = list(range(len(files)))
        self.files = [{f} for f in files]

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def join(self, a: int, b: int) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            low, high = min(ra, rb), max(ra, rb)
            self.parent[high] = low
            self.files[low] |= self.files[high]

    def share_a_file(self, a: int, b: int) -> bool:
        return bool(self.files[self.find(a)] & self.files[self.find(b)])

    def members(self) -> dict[int, list[int]]:
        out: dict[int, list[int]] = {}
        for i in range(len(self.parent)):
            out.setdefault(self.find(i), []).append(i)
        return out


def _name_keys(entry: Entry, exact: bool) -> set[str]:
    form = (lambda t: names.normalize(t).replace(" ", "")) if exact else names.compact
    return {form(entry.name)} - {""}


def _alias_keys(entry: Entry, exact: bool) -> set[str]:
    """Multi-word aliases only: a bare acronym like 'MAE' may name several concepts."""
    form = (lambda t: names.normalize(t).replace(" ", "")) if exact else names.compact
    return {form(a) for a in entry.aliases if " " in a.strip()} - {""}


def _file(entry: Entry) -> str:
    return entry.sources[0].path if entry.sources else ""


def _join_on_keys(entries: Sequence[Entry], groups: _Groups) -> None:
    """Names join any two entries (a repeated name is a duplicate); aliases join only across
    files, since two entries of one file that share an alias ('M-RAG System') are two concepts.
    """
    seen: dict[str, int] = {}
    for key_of, across_files_only in ((_name_keys, False), (_alias_keys, True)):
        for i, entry in enumerate(entries):
            keys = key_of(entry, True) | (
                set() if entry.kind is Kind.NOTE else key_of(entry, False)
            )
            for k in keys:
                first = seen.setdefault(k, i)
                if first != i and not (across_files_only and groups.share_a_file(first, i)):
                    groups.join(first, i)


def _suffixes_agree(a: str, b: str) -> bool:
    a, b = a.lower(), b.lower()
    return not a or not b or a.endswith(b) or b.endswith(a)


def _join_on_base_names(entries: Sequence[Entry], groups: _Groups) -> None:
    by_base: dict[str, list[int]] = {}
    for i, entry in enumerate(entries):
        if entry.kind is Kind.NOTE:
            continue
        base, _ = names.split_suffix(names.parse_heading(entry.name).plain)
        by_base.setdefault(names.compact(base), []).append(i)
    for indexes in by_base.values():
        for a in indexes:
            for b in indexes:
                if a >= b or groups.find(a) == groups.find(b):
                    continue
                suffix_a = names.split_suffix(names.parse_heading(entries[a].name).plain)[1]
                suffix_b = names.split_suffix(names.parse_heading(entries[b].name).plain)[1]
                if not groups.share_a_file(a, b) and _suffixes_agree(suffix_a, suffix_b):
                    groups.join(a, b)


def _unique(items: Iterable[str], exclude: Iterable[str] = ()) -> tuple[str, ...]:
    seen = {names.normalize(x) for x in exclude}
    out: list[str] = []
    for item in items:
        k = names.normalize(item)
        if item.strip() and k not in seen:
            seen.add(k)
            out.append(item.strip())
    return tuple(out)


def _first_line(code: str) -> str:
    return next((" ".join(line.split()) for line in code.splitlines() if line.strip()), "")


def _fold(parts: Sequence[Entry]) -> Entry:
    """One entry from the parts of a group; `parts` come in manifest order."""
    ranked = sorted(parts, key=lambda e: _KIND_RANK[e.kind])
    head = ranked[0]
    body = next((e for e in ranked if e.has_definition), head)
    code = list(body.code)
    for part in ranked:
        # Another source's code joins only when the chosen text does not already show it
        # (000 writes MLM's example as prose where 001 fences it).
        shown = " ".join(body.definition.split())
        code += [c for c in part.code if c not in code and _first_line(c) not in shown]
    links: dict[str, Link] = {}
    for part in parts:
        for link in part.links:
            links.setdefault(link.url, link)
    sources: list[SourceRef] = []
    for part in parts:
        sources.extend(s for s in part.sources if s not in sources)
    redirect = "" if body.has_definition else next((e.redirect for e in ranked if e.redirect), "")
    return Entry(
        name=head.name,
        kind=head.kind,
        aliases=_unique((n for p in parts for n in p.names), exclude=[head.name]),
        definition=body.definition,
        summary=body.summary,
        code=tuple(code),
        links=tuple(links.values()),
        see_also=_unique(s for p in parts for s in p.see_also),
        sources=tuple(sources),
        redirect=redirect,
    )


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


def _resolve_redirects(entries: list[Entry]) -> list[Entry]:
    """Fold 'See X' entries into X as aliases; keep them visible when X is not there."""
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
        entries[target] = Entry(
            name=host.name,
            kind=host.kind,
            aliases=_unique((*host.aliases, *entry.names), exclude=[host.name]),
            definition=host.definition,
            summary=host.summary,
            code=host.code,
            links=host.links,
            see_also=host.see_also,
            sources=(*host.sources, *(s for s in entry.sources if s not in host.sources)),
            redirect=host.redirect,
            id=host.id,
        )
        absorbed.add(i)
    return [e for i, e in enumerate(entries) if i not in absorbed]


def _with_unique_ids(entries: Iterable[Entry]) -> tuple[Entry, ...]:
    seen: set[str] = set()
    out: list[Entry] = []
    for entry in entries:
        entry_id, n = entry.id, 2
        while entry_id in seen:
            entry_id, n = f"{entry.id}-{n}", n + 1
        seen.add(entry_id)
        if entry_id != entry.id:
            entry = Entry(**{**{f: getattr(entry, f) for f in entry.__slots__}, "id": entry_id})
        out.append(entry)
    return tuple(out)


def merge(entries: Sequence[Entry]) -> tuple[tuple[Entry, ...], tuple[Diagnostic, ...]]:
    """Merge parsed entries (in manifest order) into one entry per concept."""
    groups = _Groups([_file(e) for e in entries])
    _join_on_keys(entries, groups)
    _join_on_base_names(entries, groups)
    diagnostics: list[Diagnostic] = []
    folded: list[Entry] = []
    for members in sorted(groups.members().values()):
        diagnostics.extend(_duplicates(entries, members))
        folded.append(_fold([entries[i] for i in members]))
    return _with_unique_ids(_resolve_redirects(folded)), tuple(diagnostics)
