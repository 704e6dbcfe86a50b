"""One loaded version of the content: the glossary plus the indexes built from it.

A `Content` is immutable and replaced whole on reload, so a lookup that started on the
old one finishes on the old one. Building it (parsing, merging, indexing) is CPU work,
so `load_content` runs it in a worker thread.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from bot.lookup import Resolver
from bot.search import SearchIndex
from bot.terms import TermFinder
from knowledge import Changes, Diagnostic, Entry, Glossary, LoadResult, diff, load


@dataclass(frozen=True, slots=True, eq=False)
class Content:
    glossary: Glossary
    resolver: Resolver
    search: SearchIndex
    terms: TermFinder
    loaded_at: datetime

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
    return Content(glossary, Resolver(glossary), SearchIndex(glossary), TermFinder(glossary), now)


def load_now(manifest: Path | None, now: datetime) -> tuple[Content | None, LoadResult]:
    """Load and index in this thread (one-shot tools); `None` content on source errors."""
    result = load(manifest)
    if result.glossary is None:
        return None, result
    return build_content(result.glossary, now), result


async def load_content(manifest: Path | None, now: datetime) -> tuple[Content | None, LoadResult]:
    """Load and index in a thread; `None` content when the sources have errors."""
    import asyncio  # here, not above: the one-shot CLI builds content without an event loop

    return await asyncio.to_thread(load_now, manifest, now)
