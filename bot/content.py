"""One loaded version of the content: the glossary plus the indexes built from it.

A `Content` is immutable and replaced whole on reload, so a lookup that started on the
old one finishes on the old one. Building it (parsing, merging, indexing) is CPU work,
so `load_content` runs it in a worker thread.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from bot.lookup import Resolver
from bot.search import SearchIndex
from knowledge import Changes, Diagnostic, Entry, Glossary, LoadResult, diff, load

if TYPE_CHECKING:
    from bot.terms import TermFinder


@dataclass(frozen=True, slots=True, eq=False)
class Content:
    glossary: Glossary
    resolver: Resolver
    search: SearchIndex
    loaded_at: datetime
    _terms: list[TermFinder] = field(default_factory=list, repr=False)

    @property
    def terms(self) -> TermFinder:
        """The "Define terms" matcher, built on first use: one-shot lookups never need it,
        and the bot builds it in its loading thread (`load_content`), off the event loop."""
        if not self._terms:
            from bot.terms import TermFinder  # here: the one-shot CLI never pays for it

            self._terms.append(TermFinder(self.glossary))
        return self._terms[0]

    def entry(self, entry_id: str) -> Entry | None:
        return self.glossary.get(entry_id)

    def source_title(self, path: str) -> str:
        return next((s.title for s in self.glossary.sources if s.file == path), "")


@dataclass(frozen=True, slots=True)
class ReloadReport:
    """What a reload did: `ok` with the changes, or the errors that kept the old content."""

    ok: bool
    changes: Changes
    errors: tuple[Diagnostic, ...]
    warnings: tuple[Diagnostic, ...]
    entries: int
    at: datetime
    """When the load was tried (the failed one's time, for /glossary status)."""


def reload_report(
    old: Content, new: Content | None, result: LoadResult, at: datetime
) -> ReloadReport:
    if new is None:
        return ReloadReport(False, Changes(), result.errors, result.warnings, len(old.glossary), at)
    changes = diff(old.glossary.entries, new.glossary.entries)
    return ReloadReport(True, changes, (), result.warnings, len(new.glossary), at)


def build_content(glossary: Glossary, now: datetime) -> Content:
    return Content(glossary, Resolver(glossary), SearchIndex(glossary), now)


def load_now(manifest: Path | None, now: datetime) -> tuple[Content | None, LoadResult]:
    """Load and index in this thread (one-shot tools); `None` content on source errors."""
    result = load(manifest)
    if result.glossary is None:
        return None, result
    return build_content(result.glossary, now), result


async def load_content(manifest: Path | None, now: datetime) -> tuple[Content | None, LoadResult]:
    """Load and index in a thread; `None` content when the sources have errors."""
    import asyncio  # here, not above: the one-shot CLI builds content without an event loop

    return await asyncio.to_thread(_load_for_the_bot, manifest, now)


def _load_for_the_bot(manifest: Path | None, now: datetime) -> tuple[Content | None, LoadResult]:
    from bot.material import eligible  # here: one-shot tools never ask a question

    content, result = load_now(manifest, now)
    if content is not None:
        content.terms  # noqa: B018 (built here, in the loading thread, not on first use)
        # Which entries are quiz material is worked out here too, off the event loop:
        # masking loads lemminflect's tables, seconds on a first /quiz. One-shot tools
        # that ask no question skip it.
        for entry in content.glossary:
            eligible(entry)
    return content, result
