"""Markdown glossaries kept as tables or definition lists rather than headings.

Tables: any pipe table whose header names a term column and one more known column (see
`fields`: Term/Name, Definition/Description, Aliases, See also, Links), read by
markdown-it-py; a cell's links become the entry's links and its markup is dropped.
Definition lists (PHP Markdown Extra, pandoc, MkDocs `def_list`): one or more term lines,
then lines opening with `:` and spaces, continued by indented lines.
"""

from __future__ import annotations

import re

from markdown_it import MarkdownIt
from markdown_it.token import Token

from knowledge.model import Diagnostic, Entry, Level, Link, ParseResult
from knowledge.parse.body import split_lines
from knowledge.parse.fields import Field, field_of, to_entry
from knowledge.parse.jekyll import clean_line, md_links

_BREAK = re.compile(r"<br\s*/?>", re.IGNORECASE)
_BLANKS = re.compile(r"\n{3,}")
_DEFINITION = re.compile(r"^:[ \t]+(.*)$")


def _cell(text: str) -> tuple[str, list[Link]]:
    links = [Link(url, clean_line(shown)) for _, _, shown, url in md_links(text) if url]
    lines = [clean_line(part).replace("**", "").replace("__", "") for part in _BREAK.split(text)]
    return "\n".join(line.strip() for line in lines if line.strip()), links


def _tables(tokens: list[Token], path: str, diagnostics: list[Diagnostic]) -> list[Entry]:
    entries: list[Entry] = []
    columns: list[Field | None] | None = None
    row: list[str] | None = None
    line = 0
    for token in tokens:
        if token.type == "tr_open" and token.map is not None:
            row, line = [], token.map[0] + 1
        elif token.type == "inline" and row is not None:
            row.append(token.content)
        elif token.type == "tr_close" and row is not None:
            cells, row = row, None
            if columns is None:
                fields = [field_of(cell) for cell in cells]
                known = [f for f in fields if f is not None]
                if Field.TERM in known and len(known) >= 2:
                    columns = fields
                continue
            values: dict[Field, list[str]] = {}
            links: list[Link] = []
            for cell, column in zip(cells, columns, strict=False):
                text, found = _cell(cell)
                links.extend(found)
                if column is not None:
                    values.setdefault(column, []).append(text)
            values.setdefault(Field.LINKS, []).extend(f"{k.label} {k.url}" for k in links)
            if (entry := to_entry(values, path, line)) is not None:
                entries.append(entry)
            else:
                diagnostics.append(Diagnostic(path, line, Level.WARNING, "row without a term"))
        elif token.type == "table_close":
            columns = None
    return entries


def _definition_lists(lines: list[str], path: str) -> list[Entry]:
    entries: list[Entry] = []
    i = 0
    while i < len(lines):
        if not _DEFINITION.match(lines[i]):
            i += 1
            continue
        # Terms are the non-blank, unindented lines just above (one blank line may separate).
        top = i - 1 if i and lines[i - 1].strip() else i - 2
        terms: list[int] = []
        while top >= 0 and lines[top].strip() and not lines[top][:1].isspace():
            if _DEFINITION.match(lines[top]):
                break
            terms.insert(0, top)
            top -= 1
        body: list[str] = []
        while i < len(lines):
            line = lines[i]
            if match := _DEFINITION.match(line):
                body.extend(["", match.group(1)] if body else [match.group(1)])
            elif line[:1].isspace() or not line.strip():
                body.append(line.strip())
            else:
                break
            i += 1
        if terms:
            names = [clean_line(lines[t]) for t in terms]
            text = _BLANKS.sub("\n\n", "\n".join(clean_line(b) if b else "" for b in body)).strip()
            values = {Field.TERM: names[:1], Field.ALIASES: names[1:], Field.DEFINITION: [text]}
            if (entry := to_entry(values, path, terms[0] + 1)) is not None:
                entries.append(entry)
    return entries


def parse(text: str, path: str) -> ParseResult:
    """Read the term tables and definition lists of a Markdown page, in page order."""
    lines = split_lines(text)
    diagnostics: list[Diagnostic] = []
    try:
        tokens = MarkdownIt("commonmark").enable("table").parse("\n".join(lines))
    except Exception as error:  # a third-party parser; a bad file must not stop a reload
        message = f"markdown could not be parsed: {type(error).__name__}"
        return ParseResult((), (Diagnostic(path, 1, Level.ERROR, message),))
    entries = _tables(tokens, path, diagnostics) + _definition_lists(lines, path)
    entries.sort(key=lambda e: e.sources[0].line)
    return ParseResult(tuple(entries), tuple(diagnostics))
