"""Replies as terminal text: cards as blocks, buttons numbered, light Markdown as styles.

The core writes light Markdown (bold, italics, code) line by line. markdown-it parses each
line's inline markup and rich lays it out: bold and italics are styles when the output is
a terminal (`styled`), plain text otherwise, and every line is wrapped to the width.
Everything shown is passed through `printable` first, so nothing from the glossary or a
user name can move the cursor, recolour the terminal or reorder the text (bidi overrides).
"""

from __future__ import annotations

import dataclasses
import io
import os
import re
from collections.abc import Callable
from typing import TextIO

from markdown_it import MarkdownIt
from rich.console import Console
from rich.text import Text as Styled

from bot.actions import Action
from bot.replies import Button, Card, ErrorText, Field, Reply, Style, Text
from bot.text import cut_point
from knowledge.check import UNSAFE_CHARACTERS

WIDTH = 88
"""The width when the output is not a terminal (a pipe, a file, a test)."""
MAX_ROWS = 12
"""A definition longer than this many rows is cut, with a button for the rest."""
READ_MORE = "Read the rest"

_MD = MarkdownIt("zero").enable(["emphasis", "backticks", "escape", "strikethrough"])
_OPEN = {"strong_open": "bold", "em_open": "italic", "s_open": "strike"}
_CLOSE = {"strong_close", "em_close", "s_close"}
_CODE = "cyan"
_CHANNEL = re.compile(r"<#([^>|]+)(?:\|[^>]*)?>")
_SEQUENCE = re.compile(r"\x1b(?:\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(?:\x07|\x1b\\)?|[@-_])?")
"""A terminal escape sequence: CSI (`ESC [ 31 m`), OSC (`ESC ] ... BEL`) or a 2-byte one."""
_LIST_ITEM = re.compile(r"^\s*(?:[-*•]|\d+[.)]|\*\*[A-H]\.\*\*)\s+")


def terminal_width(stream: TextIO) -> int:
    """The terminal's width when `stream` is one, else `WIDTH`."""
    try:
        return max(os.get_terminal_size(stream.fileno()).columns, 40) if stream.isatty() else WIDTH
    except (OSError, ValueError):  # not a real file descriptor (a test's StringIO)
        return WIDTH


def printable(text: str) -> str:
    """`text` without escape sequences, control characters (but newline) or bidi controls."""
    text = _SEQUENCE.sub("", text).replace("\t", "    ")
    return UNSAFE_CHARACTERS.sub("", text)


def markdown(line: str, style: str = "") -> Styled:
    """One line of the core's light Markdown as styled text; escapes are resolved."""
    out = Styled(style=style)
    styles: list[str] = []
    tokens = _MD.parseInline(_CHANNEL.sub(r"#\1", line))
    for token in tokens[0].children or () if tokens else ():
        # Made printable after parsing: an escape sequence may hide behind a Markdown
        # escape (`ESC \[31m`) until the parser resolves it.
        if token.type in _OPEN:
            styles.append(_OPEN[token.type])
        elif token.type in _CLOSE:
            styles.pop() if styles else None
        elif token.type == "code_inline":
            out.append(printable(token.content), style=" ".join([*styles, _CODE]))
        elif token.type in ("softbreak", "hardbreak"):
            out.append(" ")
        else:
            out.append(printable(token.content), style=" ".join(styles))
    return out


class _Layout:
    """Lines of styled text, each wrapped to the width as it is added."""

    def __init__(self, width: int) -> None:
        self.width = width
        self.lines: list[Styled] = []
        self._console = Console(width=width, file=io.StringIO(), highlight=False)

    def blank(self) -> None:
        if self.lines and self.lines[-1].plain:
            self.lines.append(Styled())

    def add(self, text: Styled, indent: int = 0, hanging: int = 0) -> None:
        """Wrap `text`, its first line indented by `indent`, the rest by `indent + hanging`."""
        if not text.plain.strip():
            self.lines.append(Styled())
            return
        first = text.wrap(self._console, max(self.width - indent, 20))[0]
        self.lines.append(Styled(" " * indent) + _trimmed(first))
        rest = _drop(text, len(first.plain))
        if rest.plain:
            room = max(self.width - indent - hanging, 20)
            for line in rest.wrap(self._console, room):
                self.lines.append(Styled(" " * (indent + hanging)) + _trimmed(line))

    def markdown(self, body: str, indent: int = 0) -> None:
        for line in body.splitlines():
            item = _LIST_ITEM.match(line)
            hanging = len(item.group(0)) if item else 2  # a wrapped line reads as one
            self.add(markdown(line), indent, hanging)

    def verbatim(self, block: str, indent: int) -> None:
        """Code: kept as written; a line too long for the width goes on in the next row."""
        room = max(self.width - indent, 20)
        for line in printable(block).splitlines():
            for start in range(0, max(len(line), 1), room):
                self.lines.append(Styled(" " * indent + line[start : start + room], style=_CODE))


def _trimmed(line: Styled) -> Styled:
    line.rstrip()
    return line


def _drop(text: Styled, count: int) -> Styled:
    """`text` without its first `count` characters (and the spaces after them)."""
    rest = text[count:]
    return rest[len(rest.plain) - len(rest.plain.lstrip()) :]


def _card(out: _Layout, card: Card) -> None:
    out.add(markdown(f"== {card.title} ==", style="bold"))
    if card.footer:
        out.add(markdown(f"({card.footer})", style="dim"))
    if card.summary:
        out.blank()
        out.markdown(card.summary)
    if card.body:
        out.blank()
        out.markdown(card.body)
    for block in card.code:
        out.blank()
        out.verbatim(block, 4)
    inline = [f for f in card.fields if f.inline]
    if inline:
        out.blank()
        row = Styled(" · ").join(_joined(_field_name(f), markdown(f.value)) for f in inline)
        out.add(row)
    blocks = [f for f in card.fields if not f.inline]
    if blocks:
        out.blank()
    for field in blocks:
        values = field.value.splitlines()
        if len(values) == 1:
            out.add(_joined(_field_name(field), markdown(values[0])), hanging=2)
        else:
            out.add(_field_name(field))
            for value in values:
                out.add(markdown(value), indent=2, hanging=2)
    if card.links:
        out.blank()
        out.add(Styled("More at:", style="bold"))
        for label, url in card.links:
            out.add(Styled(printable(f"{label} - {url}" if label != url else url)), 2, 2)


def _joined(*parts: Styled) -> Styled:
    """The parts one after another, each keeping its own style (`+` would spread the
    first part's style over the rest)."""
    out = Styled()
    for part in parts:
        out.append_text(part)
    return out


def _field_name(field: Field) -> Styled:
    return Styled(printable(f"{field.name}: "), style="bold")


def render(reply: Reply, *, width: int = WIDTH, styled: bool = False, first: int = 1) -> str:
    """One reply as text; button n is shown as `[n] label` (from `first`), and typing n
    presses it.

    `styled` adds terminal styles (bold, italics, colours); without it the text is plain.
    """
    out = _Layout(width)
    for part in reply.parts:
        out.blank()
        match part:
            case Card():
                _card(out, part)
            case ErrorText(body=body):
                out.markdown(f"! {body}")
            case Text(body=body):
                out.markdown(body)
    if reply.buttons:
        out.blank()
        for n, button in enumerate(reply.buttons, first):
            out.add(_button(n, button), indent=2, hanging=4)
    if reply.form is not None:
        out.blank()
        out.add(markdown(f"{reply.form.label} (type it on the next line)"))
    return _text(out.lines, width, styled)


def _text(lines: list[Styled], width: int, styled: bool) -> str:
    buffer = io.StringIO()
    console = Console(
        file=buffer,
        width=width,
        force_terminal=styled,
        color_system="standard" if styled else None,
        highlight=False,
        markup=False,
        emoji=False,
        soft_wrap=True,
    )
    for line in lines:
        console.print(line)
    return buffer.getvalue().rstrip("\n")


def _button(number: int, button: Button) -> Styled:
    if button.disabled:
        mark = " ✓" if button.style is Style.SUCCESS else ""
        return markdown(f"[-] {button.label}{mark}", style="dim")
    return _joined(Styled(f"[{number}] ", style="bold"), markdown(button.label))


def _rows(width: int) -> Callable[[str], int]:
    """How many terminal rows a text takes at `width` (never shrinks as the text grows)."""

    def rows(text: str) -> int:
        return sum(max(1, -(-len(line) // width)) for line in text.split("\n"))

    return rows


def fit(reply: Reply, *, width: int = WIDTH, rows: int = MAX_ROWS) -> Reply:
    """The reply as the console shows it: a long definition cut, with a button for the rest.

    (The core's `more:<entry>:<offset>` action serves the rest, as on Discord and Slack.)
    """
    extra: list[Button] = []
    parts = []
    for part in reply.parts:
        if isinstance(part, Card) and part.entry_id and part.body:
            measure = _rows(width)
            if measure(part.body) > rows:
                cut = cut_point(part.body, rows, measure)
                part = dataclasses.replace(part, body=part.body[:cut].rstrip() + " …")
                extra.append(Button(READ_MORE, Action.of("more", part.entry_id, cut)))
        parts.append(part)
    if not extra:
        return reply
    return dataclasses.replace(reply, parts=tuple(parts), buttons=(*reply.buttons, *extra))
