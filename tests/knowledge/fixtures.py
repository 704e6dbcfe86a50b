"""The import fixtures under tests/fixtures/, each in the shape a real export has, read as
`glossbot import` reads them (encoding, snippets next to the page, the MkDocs links file)."""

from __future__ import annotations

from knowledge.importing import Imported, import_text
from knowledge.model import Entry
from knowledge.reading import includer, read_text
from tests.conftest import ROOT

FIXTURES = ROOT / "tests" / "fixtures"

# fixture -> the format detection must pick
FORMAT_OF = {
    "sheets/ml-glossary.csv": "csv",
    "excel/metrics.txt": "csv",
    "anki/ml-deck.txt": "anki",
    "data/terms.json": "json",
    "data/glossary.yml": "yaml",
    "mkdocs/glossary.md": "markdown",
    "sphinx/glossary.rst": "rst",
    "markdown/table.md": "mdtable",
    "markdown/deflist.md": "mdtable",
    "hugo/content/glossary/token.md": "page",
}


def imported(name: str, links: str = "") -> Imported:
    path = FIXTURES / name
    text, problem = read_text(path, name)
    assert text is not None, problem
    links_text = (FIXTURES / links).read_text(encoding="utf-8") if links else ""
    return import_text(text, path.name, None, includer(path.parent), links_text)


def shape(entry: Entry) -> tuple[object, ...]:
    """What a reader sees of an entry, and the line it cites."""
    return (
        entry.name,
        entry.aliases,
        entry.definition,
        entry.see_also,
        tuple((link.url, link.label) for link in entry.links),
        entry.sources[0].line,
    )
