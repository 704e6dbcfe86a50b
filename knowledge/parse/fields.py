"""The column and key names that spreadsheets and data files use for a glossary's fields.

Sheets, Excel, Notion and Airtable exports, and JSON or YAML glossaries, name the same few
things in many ways: `Term`, `Name`, `glossary-term`; `Definition`, `Description`,
`Meaning`. Names are compared case-insensitively with `-` and `_` read as spaces, and a
name whose last word is a known one (`glossary-term`) counts as that word.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Callable, Mapping, Sequence
from enum import StrEnum

from knowledge.model import Entry, Kind, Link, SourceRef


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
_SCHEMES = ("http://", "https://")


def field_of(name: str) -> Field | None:
    """The field a column or key name stands for, if any."""
    words = " ".join(name.strip().lower().replace("_", " ").replace("-", " ").split())
    return _NAMES.get(words) or _NAMES.get(words.rsplit(" ", 1)[-1])


def split_list(value: str) -> list[str]:
    """Items of a list cell, separated by ';' or '|' (or lines), each once."""
    if "|" not in value and "\n" not in value:  # most cells: one item, or items split by ';'
        if ";" not in value:
            return [item] if (item := value.strip()) else []
        return list(dict.fromkeys(filter(None, map(str.strip, value.split(";")))))
    return list(dict.fromkeys(filter(None, _SEPARATOR.split(value.strip()))))


def split_tags(value: str) -> list[str]:
    """Items of a tags cell: like a list cell, and commas separate too ('nlp, vision')."""
    return [t for item in split_list(value) for t in _COMMA.split(item) if t]


def to_link(item: str) -> Link | None:
    """'label https://...' / 'https://...' / '[label](https://...)' as a link, else None."""
    if item.startswith(_SCHEMES) and not item.endswith("://") and item.split(None, 1) == [item]:
        url, label = item, ""  # a bare URL, as most link cells hold
    elif (match := _URL.search(item)) is not None:
        url, label = match.group(0), item[: match.start()].strip(" -:([").removesuffix("]").strip()
    else:
        return None
    url = url.rstrip(".,;")
    while url.endswith(")") and url.count(")") > url.count("("):
        url = url[:-1]
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
    """An entry from field values (each field's values in order); None without a term.

    It runs once per row of a spreadsheet, so a field with no values costs a lookup and
    nothing more: most rows leave most columns empty.
    """
    get = values.get
    name = _first_text(get(_TERM))
    if not name:
        return None
    return Entry(
        name=name,
        kind=_kind(get(_KIND), kind),
        aliases=_others(get(_ALIASES), name),
        definition=_definition(get(_DEFINITION)),
        links=_links(get(_LINKS)),
        see_also=_others(get(_SEE_ALSO), name),
        sources=(SourceRef(path, line),),
        tags=_tags(get(_TAGS)),
    )


RowReader = Callable[[Sequence[str], str, int], Entry | None]
"""A table row's cells, the file and the row's line -> its entry (None without a term)."""


def row_reader(columns: Sequence[Field | None]) -> RowReader:
    """`to_entry` of a table row whose cells sit in `columns` (None: an ignored column).

    A table's header usually names each field once: then a row's fields are read straight
    from their cells, with no per-row mapping to build, as a spreadsheet of ten thousand
    rows would have to; otherwise each row's cells are gathered by field first.
    """
    at: dict[Field, list[int]] = {}
    for index, column in enumerate(columns):
        if column is not None:
            at.setdefault(column, []).append(index)
    if any(len(indices) > 1 for indices in at.values()):
        many = list(at.items())

        def gathered(cells: Sequence[str], path: str, line: int) -> Entry | None:
            values = {field: [cells[i] for i in ix if i < len(cells)] for field, ix in many}
            return to_entry(values, path, line)

        return gathered
    nowhere = [sys.maxsize]  # past the end of every row
    term, definition, aliases, see_also, links, tags, kind = (
        at.get(field, nowhere)[0]
        for field in (_TERM, _DEFINITION, _ALIASES, _SEE_ALSO, _LINKS, _TAGS, _KIND)
    )

    plain = Kind.TERM

    def read(cells: Sequence[str], path: str, line: int) -> Entry | None:
        n = len(cells)
        name = cells[term].strip() if term < n else ""
        if not name:
            return None
        text = cells[definition] if definition < n else ""
        also = cells[aliases] if aliases < n else ""
        related = cells[see_also] if see_also < n else ""
        urls = cells[links] if links < n else ""
        labels = cells[tags] if tags < n else ""
        return Entry(
            name=name,
            kind=_KINDS.get(cells[kind].strip().lower(), plain) if kind < n else plain,
            aliases=_without(split_list(also), name) if also else (),
            definition=(_lines(text) if "\r" in text else text).strip(),
            links=_links([urls]) if urls else (),
            see_also=_without(split_list(related), name) if related else (),
            sources=(SourceRef(path, line),),
            tags=_tags([labels]) if labels else (),
        )

    return read


def _first_text(cells: list[str] | None) -> str:
    for cell in cells or ():
        if text := cell.strip():
            return text
    return ""


def _definition(cells: list[str] | None) -> str:
    """The non-blank cells, one per line."""
    if not cells:
        return ""
    if len(cells) == 1:
        return _lines(cells[0]).strip()
    return "\n".join(_lines(v).strip() for v in cells if v and not v.isspace())


def _kind(cells: list[str] | None, default: Kind) -> Kind:
    return _KINDS.get(" ".join(cells).strip().lower(), default) if cells else default


def _links(cells: list[str] | None) -> tuple[Link, ...]:
    if not (items := _items(cells)):
        return ()
    if len(items) == 1:
        return (link,) if (link := to_link(items[0])) else ()
    return tuple(dict.fromkeys(link for item in items if (link := to_link(item))))


def _tags(cells: list[str] | None) -> tuple[str, ...]:
    if not cells or not any(cells):
        return ()
    return tuple(dict.fromkeys(t for v in cells if v for t in split_tags(v)))


def _items(cells: list[str] | None) -> list[str]:
    """The items of a field's list cells, in order (most rows leave such columns empty)."""
    if not cells or not any(cells):
        return []
    if len(cells) == 1:
        return split_list(cells[0])
    return [item for cell in cells if cell for item in split_list(cell)]


def _others(cells: list[str] | None, name: str) -> tuple[str, ...]:
    """The items of list cells, each once, leaving out the entry's own name."""
    if not (items := _items(cells)):
        return ()
    return tuple(dict.fromkeys(_without(items, name)))


def _without(items: list[str], name: str) -> tuple[str, ...]:
    return tuple(item for item in items if item != name) if name in items else tuple(items)
