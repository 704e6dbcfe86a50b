"""Spreadsheet exports: CSV and TSV with a header row naming the columns, or two bare columns.

The delimiter is a tab for `.tsv` files and Excel's "Unicode text", else whatever
`csv.Sniffer` finds among `,` `;` `\\t` `|` (Excel in many locales writes `;`). The header
row is the first row when it names a term column and one more known column (see
`fields`); without one, a two-column file is read as term, definition. Each entry cites the
line its row starts on, even when a quoted cell runs over several lines.
"""

from __future__ import annotations

import csv
import io

from knowledge.model import Diagnostic, Entry, Level, ParseResult
from knowledge.parse.fields import Field, field_of, row_reader

_DELIMITERS = ",;\t|"


def _first_lines(text: str, count: int) -> list[str]:
    """`text.splitlines()[:count]` without splitting all of a big file."""
    head = text[: 4096 * count]
    lines = head.splitlines()
    return lines[:count] if len(lines) > count else text.splitlines()[:count]


def _delimiter(text: str, path: str) -> str:
    if path.lower().endswith((".tsv", ".tab")):
        return "\t"
    sample = "\n".join(_first_lines(text, 20))
    first = sample.split("\n", 1)[0]
    if "\t" in first and first.count("\t") >= first.count(","):
        return "\t"
    try:
        return csv.Sniffer().sniff(sample, delimiters=_DELIMITERS).delimiter
    except csv.Error:
        return ","


def _columns(header: list[str]) -> list[Field | None] | None:
    """Each column's field, when the row is a header: a term column and one more known one."""
    fields = [field_of(cell) for cell in header]
    known = [f for f in fields if f is not None]
    return fields if Field.TERM in known and len(known) >= 2 else None


def _rows(text: str, delimiter: str) -> list[tuple[int, list[str]]]:
    """(first line, cells) of each row, with csv's own quoting rules."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    out: list[tuple[int, list[str]]] = []
    start = 1
    for cells in reader:
        if any(map(str.strip, cells)):  # a row of blank cells is no row
            out.append((start, cells))
        start = reader.line_num + 1
    return out


def parse(text: str, path: str) -> ParseResult:
    """Read a CSV or TSV glossary; see the module docstring for the header rule."""
    try:
        rows = _rows(text.lstrip("\ufeff"), _delimiter(text, path))
    except csv.Error as exc:
        return ParseResult((), (Diagnostic(path, 1, Level.ERROR, f"not readable as CSV: {exc}"),))
    if not rows:
        return ParseResult()
    diagnostics: list[Diagnostic] = []
    columns = _columns(rows[0][1])
    if columns is not None:
        for cell, column in zip(rows[0][1], columns, strict=True):
            if column is None and cell.strip():
                message = f"column {cell.strip()!r} ignored (not a known column name)"
                diagnostics.append(Diagnostic(path, rows[0][0], Level.WARNING, message))
        rows = rows[1:]
    elif max(len(cells) for _, cells in rows) <= 2:
        columns = [Field.TERM, Field.DEFINITION]
    else:
        message = "no header row naming a 'term' and a 'definition' column"
        return ParseResult((), (Diagnostic(path, rows[0][0], Level.ERROR, message),))
    entries: list[Entry] = []
    read = row_reader(columns)
    for line, cells in rows:
        if (entry := read(cells, path, line)) is None:
            diagnostics.append(Diagnostic(path, line, Level.WARNING, "row without a term skipped"))
        else:
            entries.append(entry)
    return ParseResult(tuple(entries), tuple(diagnostics))
