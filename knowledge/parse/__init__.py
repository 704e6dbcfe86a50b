"""The source formats glossbot reads, each a pure `parse(text, path) -> ParseResult`."""

from __future__ import annotations

import re
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

_HASHLINE = re.compile(r"^[^#\s][^\n]*#[ \t]*$", re.MULTILINE)
_MD_HEADING = re.compile(r"^#{1,6} \S", re.MULTILINE)


def detect_format(text: str, filename: str = "") -> str:
    """Guess a document's format from its name and shape, for `glossbot import` without --format."""
    lowered = filename.lower()
    if lowered.endswith((".yaml", ".yml")) or text.lstrip().startswith(("entries:", "- name:")):
        return "canonical"
    if lowered.endswith(".md") or text.startswith("---\n") or len(_MD_HEADING.findall(text)) >= 3:
        return "jekyll"
    if len(_HASHLINE.findall(text)) >= 3:
        return "hashline"
    first = text.split("\n", 1)[0].lower()
    if "flashcard" in lowered or "flashcard" in first:
        return "flashcards"
    return "notes"


__all__ = ["FORMATS", "Parser", "detect_format"]
