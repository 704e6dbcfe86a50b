"""The bundled seed files, read and parsed once per test run, and entries by exact name."""

from __future__ import annotations

from functools import cache

from knowledge.model import Entry, ParseResult
from knowledge.parse import FORMATS
from tests.conftest import SOURCES

HASHLINE = "000_b4c5ef14848505af.txt"
JEKYLL = "001_a171e23aa927abb3.txt"
NOTES = "002_ed67e73b6c3398ec.txt"
FLASHCARDS = "003_363dab5323913602.txt"
FORMAT_OF = {HASHLINE: "hashline", JEKYLL: "jekyll", NOTES: "notes", FLASHCARDS: "flashcards"}


@cache
def text(name: str) -> str:
    return (SOURCES / name).read_text(encoding="utf-8")


@cache
def parsed(name: str) -> ParseResult:
    return FORMATS[FORMAT_OF[name]](text(name), name)


def only(name: str, entry_name: str) -> Entry:
    """The one entry of that seed with exactly that name."""
    found = [e for e in parsed(name).entries if e.name == entry_name]
    assert len(found) == 1, f"{entry_name!r}: {len(found)} entries"
    return found[0]


def assert_well_formed(result: ParseResult, text: str, *, name_on_its_line: bool = False) -> None:
    """What any parse of any text must hold: trimmed names, and lines that exist."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    for e in result.entries:
        assert e.name and e.name == e.name.strip()
        assert e.name not in e.aliases
        assert 1 <= e.sources[0].line <= len(lines)
        if name_on_its_line:
            assert e.name in lines[e.sources[0].line - 1]
    for d in result.diagnostics:
        assert 1 <= d.line <= len(lines)
