"""The source formats glossbot reads, each a pure `parse(text, path) -> ParseResult`."""

from __future__ import annotations

from collections.abc import Callable

from knowledge.model import ParseResult
from knowledge.parse import canonical, flashcards, hashline, jekyll, notes

Parser = Callable[[str, str], ParseResult]

FORMATS: dict[str, Parser] = {
    "hashline": hashline.parse,
    "jekyll": jekyll.parse,
    "notes": notes.parse,
    "flashcards": flashcards.parse,
    "canonical": canonical.parse,
}

__all__ = ["FORMATS", "Parser"]
