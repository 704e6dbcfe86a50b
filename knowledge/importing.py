"""Turning one document into entries with a chosen or detected parser, and judging the result.

An import that finds nothing, or lumps most of a sizeable file into one entry, is almost
always the wrong parser; rather than pass it on, the other formats are tried and the one
that reads the file best is named, so the user can rerun with `--format`.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from knowledge.detect import Guess, oversized, rank
from knowledge.gcpause import paused_gc
from knowledge.model import Entry, Kind, Level, ParseResult
from knowledge.parse import FORMATS, markdown, page
from knowledge.parse.snippets import Include

EMPTY = "the file is empty"
_FOLDER_SURE = 80  # below this, a page in a folder is read as one term with front matter


@dataclass(frozen=True, slots=True)
class Imported:
    """What an import did: the parser, its result, the other candidates and any doubt."""

    format: str
    result: ParseResult
    guesses: tuple[Guess, ...]
    forced: bool = False
    problem: str = ""
    suggestion: str = ""

    @property
    def chosen(self) -> Guess | None:
        return next((g for g in self.guesses if g.format == self.format), None)

    @property
    def runner_up(self) -> Guess | None:
        return next((g for g in self.guesses if g.format != self.format), None)

    @property
    def failed(self) -> bool:
        errors = any(d.level is Level.ERROR for d in self.result.diagnostics)
        return bool(self.problem) or errors


def kind_counts(entries: tuple[Entry, ...]) -> dict[Kind, int]:
    """Entries per kind, in the order kinds are declared."""
    counted = Counter(e.kind for e in entries)
    return {kind: counted[kind] for kind in Kind if counted[kind]}


def _problem(result: ParseResult, text: str) -> str:
    if not result.entries:
        return "no entries found"
    if (big := oversized(result, text)) is not None:
        return f"one entry, {big.name!r}, holds most of the file"
    return ""


def _best_other(text: str, path: str, tried: str, guesses: tuple[Guess, ...]) -> str:
    """The likeliest other format that reads the text without a problem, if any does."""
    for guess in guesses:
        if guess.format == tried:
            continue
        try:
            result = FORMATS[guess.format](text, path)
        except Exception:  # a parser bug must not hide the advice; the chosen one ran fine
            continue
        if not _problem(result, text):
            return guess.format
    return ""


def parse_source(
    fmt: str, text: str, path: str, include: Include | None = None, links: str = ""
) -> ParseResult:
    """Parse with `fmt`; a Markdown page also gets its snippets and the links file."""
    if fmt == "markdown":
        return markdown.parse(text, path, include, links)
    return FORMATS[fmt](text, path)


def detected(text: str, path: str) -> str:
    guesses = rank(text, path)
    return guesses[0].format if guesses else "notes"


def folder_format(text: str, path: str) -> str:
    """A folder's page: a whole glossary page when the detector is sure, else one term."""
    guesses = rank(text, path)
    sure = guesses and guesses[0].score >= _FOLDER_SURE and guesses[0].format != "page"
    return guesses[0].format if sure else "page"


def import_folder(
    pages: list[tuple[str, str]], links: str = "", include: Include | None = None
) -> ParseResult:
    """A folder's (path, text) pages together, see-also and redirects by slug resolved;
    `include` reads a glossary page's snippets relative to the folder."""
    results = [parse_source(folder_format(t, p), t, p, include, links) for p, t in pages]
    return page.link_folder(results)


def import_text(
    text: str,
    path: str,
    fmt: str | None = None,
    include: Include | None = None,
    links: str = "",
) -> Imported:
    """Parse `text` with `fmt`, or the detected format, and say whether the result is sound."""
    with paused_gc():
        return _import_text(text, path, fmt, include, links)


def _import_text(
    text: str, path: str, fmt: str | None, include: Include | None, links: str
) -> Imported:
    guesses = rank(text, path)
    chosen = fmt or (guesses[0].format if guesses else "notes")
    result = parse_source(chosen, text, path, include, links)
    problem = _problem(result, text) if text.strip() else EMPTY
    suggestion = _best_other(text, path, chosen, guesses) if problem and text.strip() else ""
    return Imported(chosen, result, guesses, fmt is not None, problem, suggestion)
