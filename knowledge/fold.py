"""Folding the parts of one concept (one entry per source) into the single entry a user sees.

The first source in manifest order gives the name and the text, and every part adds its
names, links, see-also references and sources. Two things need more care than a union:
same-named notes sections are two jottings about one subject, so both texts are kept; and
the same code often comes from two sources, once flattened by a text export and once as
written, so a block is kept once, in its best-formatted copy.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterable, Sequence

from knowledge import names
from knowledge.model import DERIVED, Entry, Kind, Link, SourceRef, given_id, is_derived

_KIND_RANK = {Kind.TERM: 0, Kind.CARD: 1, Kind.NOTE: 2}
_SPACE = re.compile(r"\s+")
_HASHES = re.compile(r"#+")


def fold(parts: Sequence[Entry]) -> Entry:
    """One entry from the parts of a group; `parts` come in manifest order."""
    if len(parts) == 1 and _folded_already(parts[0]):
        return parts[0]
    ranked = sorted(parts, key=lambda e: _KIND_RANK[e.kind])
    head = ranked[0]
    body = next((e for e in ranked if e.has_definition), head)
    links: dict[str, Link] = {}
    for part in parts:
        for link in part.links:
            links.setdefault(link.url, link)
    sources: list[SourceRef] = []
    for part in parts:
        sources.extend(s for s in part.sources if s not in sources)
    redirect = "" if body.has_definition else next((e.redirect for e in ranked if e.redirect), "")
    definition = _definition(body, parts)
    # The body's summary; left to be derived (from the same text) when it has not been yet.
    lazy = definition == body.definition and is_derived(body, "summary")
    return Entry(
        name=head.name,
        # A term known only by name whose text comes from the notes is shown as a note.
        kind=body.kind if body.has_definition else head.kind,
        aliases=unique((n for p in parts for n in p.names), exclude=[head.name]),
        definition=definition,
        summary=DERIVED if lazy else body.summary,
        code=_code(body, ranked),
        links=tuple(links.values()),
        see_also=unique(s for p in parts for s in p.see_also),
        sources=tuple(sources),
        redirect=redirect,
        tags=unique(t for p in parts for t in p.tags),
        # An id a source gave (canonical YAML's `id:`) is kept, so scores survive a rename.
        id=next((p.id for p in ranked if given_id(p)), DERIVED),
    )


def _folded_already(entry: Entry) -> bool:
    """Whether folding `entry` alone would give it back unchanged, as most entries of a big
    glossary are (one source each): every list is already deduplicated and stripped, and the
    text needs no trimming. Checking is much cheaper than building the copy.
    """
    return (
        _is_unique(entry.aliases, entry.name)
        and _is_unique(entry.see_also)
        and _is_unique(entry.tags)
        and (entry.kind is not Kind.NOTE or entry.definition == entry.definition.strip())
        and not (entry.redirect and entry.has_definition)
        and len({link.url for link in entry.links}) == len(entry.links)
        and len(set(entry.sources)) == len(entry.sources)
        and len({code_key(c) for c in entry.code}) == len(entry.code)
    )


def _is_unique(items: tuple[str, ...], *exclude: str) -> bool:
    """Whether `unique(items, exclude)` would keep every item as it is."""
    if not items:
        return True
    if any(not item or item != item.strip() for item in items):
        return False
    if len(items) == 1 and not exclude:
        return True
    normal = {names.normalize(x) for x in exclude}
    normal.update(names.normalize(x) for x in items)
    return len(normal) == len(items) + len(exclude)


def unique(items: Iterable[str], exclude: Iterable[str] = ()) -> tuple[str, ...]:
    """Stripped, non-empty items in order, each normal form once, none of `exclude`."""
    seen = {names.normalize(x) for x in exclude}
    out: list[str] = []
    for item in items:
        k = names.normalize(item)
        if item.strip() and k not in seen:
            seen.add(k)
            out.append(item.strip())
    return tuple(out)


def _definition(body: Entry, parts: Sequence[Entry]) -> str:
    """The body's text; for a note, every same-named section's text in document order."""
    if body.kind is not Kind.NOTE:
        return body.definition
    texts: list[str] = []
    for part in parts:
        text = part.definition.strip()
        if part.kind is Kind.NOTE and text and not any(text in t for t in texts):
            texts.append(text)
    return "\n\n".join(texts)


def code_key(code: str) -> str:
    """Code compared ignoring whitespace and how many '#' open a comment."""
    return _HASHES.sub("#", _SPACE.sub("", code))


def _formatting(code: str) -> tuple[bool, int, int]:
    """Higher is better: Python that parses, then more indented lines, then more lines."""
    try:
        ast.parse(code)
        parses = True
    except (SyntaxError, ValueError):
        parses = False
    lines = code.splitlines()
    return parses, sum(1 for line in lines if line[:1] in (" ", "\t")), len(lines)


def _first_line(code: str) -> str:
    return next((" ".join(line.split()) for line in code.splitlines() if line.strip()), "")


def _code(body: Entry, ranked: Sequence[Entry]) -> tuple[str, ...]:
    """Every distinct block once, where it first appears, in its best-formatted copy.

    Another source's code joins only when the chosen text does not already show it (000
    writes MLM's example as prose where 001 fences it).
    """
    shown = " ".join(body.definition.split())
    candidates = list(body.code)
    for part in ranked:
        if part is not body:
            candidates += [c for c in part.code if _first_line(c) not in shown]
    best: dict[str, str] = {}
    for block in candidates:
        k = code_key(block)
        if k not in best or _formatting(block) > _formatting(best[k]):
            best[k] = block
    return tuple(best.values())
