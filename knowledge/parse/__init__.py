"""The source formats glossbot reads, each a pure `parse(text, path) -> ParseResult`.

`FORMATS` maps each format's name to its parser. A parser's module is imported the first
time its format is asked for: `glossbot define` reads the four bundled formats only, and
need not import the other parsers (and compile their patterns) at every start-up.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from importlib import import_module
from typing import cast

from knowledge.model import ParseResult

Parser = Callable[[str, str], ParseResult]

_MODULES: dict[str, str] = {
    "hashline": "hashline",
    "jekyll": "jekyll",
    "notes": "notes",
    "flashcards": "flashcards",
    "canonical": "canonical",
    "markdown": "markdown",
    "mdtable": "mdtable",
    "page": "page",
    "csv": "tabular",
    "json": "records",
    "yaml": "records",
    "rst": "rst",
    "anki": "anki",
}
"""format name -> module of `knowledge.parse` whose `parse` reads it."""


class _Parsers(Mapping[str, Parser]):
    """The format table, importing a parser's module when its format is first looked up."""

    def __getitem__(self, name: str) -> Parser:
        module = import_module(f"{__name__}.{_MODULES[name]}")
        return cast(Parser, module.parse)

    def __iter__(self) -> Iterator[str]:
        return iter(_MODULES)

    def __len__(self) -> int:
        return len(_MODULES)


FORMATS: Mapping[str, Parser] = _Parsers()

__all__ = ["FORMATS", "Parser"]
