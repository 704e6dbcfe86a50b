"""Validation of a merged glossary and the difference between two glossaries."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import chain

from knowledge import names
from knowledge.manifest import Manifest
from knowledge.merge import veto_key
from knowledge.model import Diagnostic, Entry, Level, SourceRef, is_derived

_NOWHERE = SourceRef("", 0)
# How a line that was cut off ends: a comma or colon, or a word no sentence ends on.
_DANGLING = re.compile(
    r"(?:[,;:(\[]|\s-|\b(?:is|are|was|the|a|an|and|or|of|to|with|for|in|that|by|as))$",
    re.IGNORECASE,
)
_FENCE = re.compile(r"^\s{0,3}(`{3,}|~{3,})")
# These formats read fences with markdown-it, which reports an unclosed one itself.
_FENCED_FORMATS = frozenset({"jekyll", "markdown", "page"})
UNSAFE_CHARACTERS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
"""Control characters but tab and newline (ESC starts terminal sequences), and the bidi
overrides and isolates that make text display in another order than it reads."""


def _at(entry: Entry, message: str) -> Diagnostic:
    where = entry.sources[0] if entry.sources else _NOWHERE
    return Diagnostic(where.path, where.line, Level.WARNING, message)


def validate(entries: Sequence[Entry]) -> list[Diagnostic]:
    """Warnings a curator should see: empty definitions, dangling references."""
    known = set(names.keys([n for e in entries for n in e.names]))
    unsafe_somewhere = _maybe_unsafe(entries)
    out: list[Diagnostic] = []
    for entry in entries:
        if entry.redirect:
            if names.key(entry.redirect) not in known:
                out.append(_at(entry, f"{entry.name!r} redirects to missing {entry.redirect!r}"))
        elif not entry.has_definition:
            out.append(_at(entry, f"empty definition for {entry.name!r}"))
        for ref in entry.see_also:
            if names.key(ref) not in known:
                out.append(_at(entry, f"see-also {ref!r} of {entry.name!r} is not in the glossary"))
        if unsafe_somewhere and any(UNSAFE_CHARACTERS.search(text) for text in _texts(entry)):
            message = f"{entry.name!r} contains control characters or bidi overrides"
            out.append(_at(entry, message + " (they are removed when shown)"))
    return out


def _maybe_unsafe(entries: Sequence[Entry]) -> bool:
    """False when no entry's text can hold `UNSAFE_CHARACTERS`, as in nearly every glossary.

    Every unsafe character is unprintable, so text that is printable once its newlines and
    tabs are spaces has none; one C-level test of all the text costs far less than a
    regex search of each of a big glossary's texts.
    """
    whole = "\n".join(chain.from_iterable(map(_texts, entries)))
    return not whole.replace("\n", " ").replace("\t", " ").isprintable()


def _texts(entry: Entry) -> tuple[str, ...]:
    links = tuple(part for link in entry.links for part in (link.label, link.url))
    # A summary still to be derived comes from the definition, which is checked already.
    summary = () if is_derived(entry, "summary") else (entry.summary,)
    return (*entry.names, entry.definition, *summary, *entry.code, *entry.see_also, *links)


def file_warnings(text: str, path: str, fmt: str) -> list[Diagnostic]:
    """Signs that a source file is damaged: it stops mid-sentence, or a code fence never closes."""
    out: list[Diagnostic] = []
    end = len(text.rstrip())  # just past the last character that is not white space
    if end and not text.endswith("\n"):
        start = text.rfind("\n", 0, end) + 1
        if _DANGLING.search(text[start:end]):
            message = "the file ends mid-sentence: it may have been cut off"
            out.append(Diagnostic(path, text.count("\n", 0, start) + 1, Level.WARNING, message))
    if fmt in _FENCED_FORMATS or ("```" not in text and "~~~" not in text):
        return out
    lines = text.replace("\r\n", "\n").split("\n")
    opened: tuple[int, str] | None = None
    for number, line in enumerate(lines, start=1):
        if fence := _FENCE.match(line):
            marker = fence.group(1)
            if opened is None:
                opened = (number, marker[0] * 3)
            elif marker.startswith(opened[1]) and not line.strip().lstrip(marker[0]):
                opened = None
    if opened is not None:
        out.append(Diagnostic(path, opened[0], Level.WARNING, "code fence never closed"))
    return out


def unused_vetoes(manifest: Manifest, parsed: Sequence[Entry]) -> list[Diagnostic]:
    """A warning for each `no_merge:` name that names no entry: a typo keeps nothing apart."""
    known = {veto_key(e.name) for e in parsed}
    return [
        Diagnostic(str(manifest.path), 1, Level.WARNING, f"no_merge names {name!r}: no such entry")
        for group in manifest.no_merge
        for name in group
        if veto_key(name) not in known
    ]


@dataclass(frozen=True, slots=True)
class Changes:
    """What a reload changed, by entry name."""

    added: tuple[str, ...] = ()
    removed: tuple[str, ...] = ()
    changed: tuple[str, ...] = ()

    def __bool__(self) -> bool:
        return bool(self.added or self.removed or self.changed)


def _content(entry: Entry) -> tuple[object, ...]:
    """Everything a reader sees; source line moves alone do not count as a change."""
    return (
        entry.name,
        entry.kind,
        entry.aliases,
        entry.definition,
        entry.summary,
        entry.code,
        entry.links,
        entry.see_also,
        entry.redirect,
    )


def diff(old: Sequence[Entry], new: Sequence[Entry]) -> Changes:
    before = {e.id: e for e in old}
    after = {e.id: e for e in new}
    return Changes(
        added=tuple(sorted(after[i].name for i in after.keys() - before.keys())),
        removed=tuple(sorted(before[i].name for i in before.keys() - after.keys())),
        changed=tuple(
            sorted(
                after[i].name
                for i in after.keys() & before.keys()
                if _content(after[i]) != _content(before[i])
            )
        ),
    )
