"""The source formats glossbot reads, each a pure `parse(text, path) -> ParseResult`."""

from __future__ import annotations

from collections.abc import Callable

from knowledge.model import ParseResult
from knowledge.parse import (
    anki,
    canonical,
    flashcards,
    hashline,
    jekyll,
    markdown,
    mdtable,
    notes,
    page,
    records,
    rst,
    tabular,
)

Parser = Callable[[str, str], ParseResult]

FORMATS: dict[str, Parser] = {
    "hashline": hashline.parse,
    "jekyll": jekyll.parse,
    "notes": notes.parse,
    "flashcards": flashcards.parse,
    "canonical": canonical.parse,
    "markdown": markdown.parse,
    "mdtable": mdtable.parse,
    "page": page.parse,
    "csv": tabular.parse,
    "json": records.parse,
    "yaml": records.parse,
    "rst": rst.parse,
    "anki": anki.parse,
}

__all__ = ["FORMATS", "Parser"]
