"""The column and key names that spreadsheets and data files use for a glossary's fields.

Sheets, Excel, Notion and Airtable exports, and JSON or YAML glossaries, name the same few
things in many ways: `Term`, `Name`, `glossary-term`; `Definition`, `Description`,
`Meaning`. Names are compared case-insensitively with `-` and `_` read as spaces, and a
name whose last word is a known one (`glossary-term`) counts as that word.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from enum import StrEnum

from knowledge.model import Entry, Kind, Link, SourceRef
from knowledge.summary import summarize


class Field(StrEnum):
    TERM = "term"
    DEFINITION = "definition"
    ALIASES = "aliases"
    SEE_ALSO = "see also"
    LINKS = "links"
    TAGS = "tags"
    KIND = "kind"


_NAMES: dict[str, Field] = {
    **dict.fromkeys(("term", "name", "title", "word", "concept", "front", "entry"), Field.TERM),
    **dict.fromkeys(
        ("definition", "description", "meaning", "body", "back", "explanation", "desc", "text"),
        Field.DEFINITION,
    ),
    **dict.fromkeys(
        ("aliases", "alias", "synonyms", "synonym", "acronym", "acronyms", "abbreviation", "aka"),
        Field.ALIASES,
    ),
    **dict.fromkeys(
        ("see also", "seealso", "related", "related terms", "related term", "see"), Field.SEE_ALSO
    ),
    **dict.fromkeys(
        ("links", "link", "url", "urls", "source", "sources", "reference", "references"),
        Field.LINKS,
    ),
    **dict.fromkeys(("tags", "tag", "category", "categories"), Field.TAGS),
    **dict.fromkeys(("kind", "type"), Field.KIND),
}
_KINDS = {k.value: k for k in Kind}
_SEPARATOR = re.compile(r"\s*[;|\n]\s*")
_COMMA = re.compile(r"\s*,\s*")
_URL = re.compile(r"https?://\S+")


def field_of(name: str) -> Field | None:
    """The field a column or key name stands for, if any."""
    words = " ".join(name.strip().lower().replace("_", " ").replace("-", " ").split())
    return _NAMES.get(words) or _NAMES.get(words.rsplit(" ", 1)[-1])


def split_list(value: str) -> list[str]:
    """Items of a list cell, separated by ';' or '|' (or lines)."""
    out: list[str] = []
    for item in _SEPARATOR.split(value.strip()):
        if item and item not in out:
            out.append(item)
    return out


def split_tags(value: str) -> list[str]:
    """Items of a tags cell: like a list cell, and commas separate too ('nlp, vision')."""
    return [t for item in split_list(value) for t in _COMMA.split(item) if t]


def to_link(item: str) -> Link | None:
    """'label https://...' / 'https://...' / '[label](https://...)' as a link, else None."""
    if (match := _URL.search(item)) is None:
        return None
    url = match.group(0).rstrip(".,;")
    while url.endswith(")") and url.count(")") > url.count("("):
        url = url[:-1]
    label = item[: match.start()].strip(" -:([").removesuffix("]").strip()
    return Link(url, label)


def _lines(text: str) -> str:
    """Spreadsheet cells keep Windows line ends inside quotes; definitions use '\\n'."""
    return text.replace("\r\n", "\n").replace("\r", "\n") if "\r" in text else text


# Each field's member, looked up once: reading `Field.TERM` is a descriptor call (Python
# 3.11), and `to_entry` reads seven per row of a spreadsheet.
_TERM, _DEFINITION, _ALIASES = Field.TERM, Field.DEFINITION, Field.ALIASES
_SEE_ALSO, _LINKS, _TAGS, _KIND = Field.SEE_ALSO, Field.LINKS, Field.TAGS, Field.KIND


def to_entry(
    values: Mapping[Field, list[str]], path: str, line: int, kind: Kind = Kind.TERM
) -> Entry | None:
    """An entry from field values (each field's values in order); None without a term."""
    name = next((v.strip() for v in values.get(_TERM, ()) if v.strip()), "")
    if not name:
        return None
    definition = "\n".join(
        _lines(v).strip() for v in values.get(_DEFINITION, ()) if v and not v.isspace()
    )
    links = [link for i in _items(values.get(_LINKS)) if (link := to_link(i))]
    tags = [t for v in values.get(_TAGS, ()) if v for t in split_tags(v)]
    written = " ".join(values.get(_KIND, ())).strip().lower()
    return Entry(
        name=name,
        kind=_KINDS.get(written, kind),
        aliases=_others(values.get(_ALIASES), name),
        definition=definition,
        summary=summarize(definition),
        links=tuple(dict.fromkeys(links)),
        see_also=_others(values.get(_SEE_ALSO), name),
        sources=(SourceRef(path, line),),
        tags=tuple(dict.fromkeys(tags)),
    )


def _items(cells: list[str] | None) -> list[str]:
    """The items of a field's list cells, in order (most rows leave such columns empty)."""
    if not cells or not any(cells):
        return []
    return [item for cell in cells if cell for item in split_list(cell)]


def _others(cells: list[str] | None, name: str) -> tuple[str, ...]:
    """The items of list cells, each once, leaving out the entry's own name."""
    return tuple(dict.fromkeys(item for item in _items(cells) if item != name))
