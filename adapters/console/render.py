"""Plain-text rendering of replies for a terminal: cards as blocks, buttons numbered."""

from __future__ import annotations

import re
import textwrap

from bot.replies import Button, Card, ErrorText, Reply, Style, Text

WIDTH = 88
_CHANNEL = re.compile(r"<#([^>|]+)(?:\|[^>]*)?>")
_ESCAPED = re.compile(r"\\([*_`~|>\\\[\]])")


def _card(card: Card) -> list[str]:
    lines = [f"== {card.title} =="]
    if card.footer:
        lines.append(f"({card.footer})")
    if card.summary:
        lines += ["", *textwrap.wrap(card.summary, WIDTH)]
    if card.body:
        lines.append("")
        for line in card.body.splitlines():
            lines += textwrap.wrap(line, WIDTH, subsequent_indent="  ") or [""]
    for block in card.code:
        lines += ["", *("    " + line for line in block.splitlines())]
    for field in card.fields:
        lines += ["", f"{field.name}:", *("  " + v for v in field.value.splitlines())]
    if card.links:
        lines += ["", "More at:"]
        lines += [f"  {label} - {url}" if label != url else f"  {url}" for label, url in card.links]
    return lines


def render(reply: Reply) -> str:
    """One reply as text; button n is shown as `[n] label`, and typing n presses it."""
    lines: list[str] = []
    for part in reply.parts:
        if lines:
            lines.append("")
        match part:
            case Card():
                lines += _card(part)
            case ErrorText(body=body):
                lines.append(f"! {body}")
            case Text(body=body):
                lines.append(body)
    if reply.buttons:
        lines.append("")
        lines += [_button(n, b) for n, b in enumerate(reply.buttons, 1)]
    if reply.form is not None:
        lines += ["", f"{reply.form.label} (type it on the next line)"]
    # A terminal shows markdown as typed, so the core's escapes would only add backslashes.
    return _ESCAPED.sub(r"\1", _CHANNEL.sub(r"#\1", "\n".join(lines)))


def _button(number: int, button: Button) -> str:
    if button.disabled:
        mark = " ✓" if button.style is Style.SUCCESS else ""
        return f"  [-] {button.label}{mark}"
    return f"  [{number}] {button.label}"
