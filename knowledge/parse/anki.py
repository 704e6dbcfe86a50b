"""Anki's "Notes in Plain Text" export: one note a line, fields split by a separator.

Header lines (Anki 2.1.55+) say how to read the rest: `#separator:tab` (or comma,
semicolon, pipe, space, or the character), `#html:true`, `#columns:Front<TAB>Back`, and
`#tags column:N`, `#guid column:N`, `#notetype column:N`, `#deck column:N` for columns that
are not fields (the tags column gives the card its tags, split on spaces). The first field
is the front (the card's name), the second the back. HTML
is turned into text: `<br>` and blocks into lines, other tags dropped, entities decoded;
cloze markers `{{c1::answer::hint}}` show their answer and `[sound:...]` is dropped.
"""

from __future__ import annotations

import csv
import html
import io
import re

from knowledge.model import Diagnostic, Entry, Kind, Level, ParseResult, SourceRef

_HEADER = re.compile(r"^#([\w ]+):(.*)$")
_SEPARATORS = {"tab": "\t", "comma": ",", "semicolon": ";", "pipe": "|", "space": " "}
_BLOCK = re.compile(r"<br\s*/?>|</?(?:div|p|li|tr)[^>]*>", re.IGNORECASE)
_TAG = re.compile(r"<[^>]+>")
_CLOZE = re.compile(r"\{\{c\d+::(.*?)(?:::[^}]*)?\}\}")
_SOUND = re.compile(r"\[sound:[^\]]*\]")


def _text(field: str, is_html: bool) -> str:
    field = _SOUND.sub("", _CLOZE.sub(r"\1", field))
    if is_html:
        field = html.unescape(_TAG.sub("", _BLOCK.sub("\n", field)))
    lines = [" ".join(line.split()) for line in field.split("\n")]
    return "\n".join(line for line in lines if line)


def parse(text: str, path: str) -> ParseResult:
    """Read an Anki text export; each note is a card entry citing its line."""
    lines = text.lstrip("\ufeff").split("\n")
    settings: dict[str, str] = {}
    first = 0
    while first < len(lines) and (header := _HEADER.match(lines[first].strip())):
        settings[header.group(1).strip().lower()] = header.group(2).strip()
        first += 1
    raw = settings.get("separator", "tab")
    separator = _SEPARATORS.get(raw.lower(), raw[:1] or "\t")
    is_html = settings.get("html", "false").lower() == "true"
    skipped = {
        int(value) - 1
        for name, value in settings.items()
        if name.endswith(" column") and value.isdigit()
    }
    tags_column = settings.get("tags column", "")
    tags_at = int(tags_column) - 1 if tags_column.isdigit() else -1
    reader = csv.reader(io.StringIO("\n".join(lines[first:])), delimiter=separator)
    entries: list[Entry] = []
    diagnostics: list[Diagnostic] = []
    start = first + 1
    try:
        for row in reader:
            line, start = start, first + reader.line_num + 1
            fields = [_text(f, is_html) for i, f in enumerate(row) if i not in skipped]
            if not any(fields):
                continue
            if len(fields) < 2 or not fields[0]:
                message = "note without a front and a back skipped"
                diagnostics.append(Diagnostic(path, line, Level.WARNING, message))
                continue
            front, back = fields[0].replace("\n", " "), fields[1]
            tags = row[tags_at].split() if 0 <= tags_at < len(row) else []
            entries.append(
                Entry(
                    name=front,
                    kind=Kind.CARD,
                    definition=back,
                    sources=(SourceRef(path, line),),
                    tags=tuple(dict.fromkeys(tags)),
                )
            )
    except csv.Error as error:
        diagnostics.append(Diagnostic(path, start, Level.ERROR, f"not readable: {error}"))
    return ParseResult(tuple(entries), tuple(diagnostics))
