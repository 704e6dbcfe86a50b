"""Block Kit rendering of the core's replies: `render(reply) -> {"text", "blocks"}`, pure.

It owns Slack's message limits: 50 blocks, 3,000 characters per section, 2,000 per
field, 10 context elements, 150 per header, 75 per button label, 255 per action id,
and a total budget under the undocumented ~13k-character cap (`msg_blocks_too_long`).
A term card is a header, the summary and definition in sections, code, links, aliases
and sources in context, then one button per see-also or did-you-mean entry. A definition
too long for the budget is cut at a sentence with a "Read the rest" button carrying the
core action `more:<entry_id>:<offset>`.

Slack buttons cannot be disabled. A button the core marks `disabled` (a revealed
quiz question) is shown as text instead of a button, the correct option (`Style.SUCCESS`)
ticked, so a closed question offers nothing to click.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, TypedDict

from adapters.slack.mrkdwn import (
    ELLIPSIS,
    ESCAPED,
    MRKDWN,
    PLAIN,
    Render,
    clip,
    escape,
    split,
    take_sentences,
)
from bot.actions import Action
from bot.replies import Button, Card, ErrorText, Field, Reply, Style, Text

Block = dict[str, Any]

MAX_BLOCKS = 50
SECTION_TEXT = 3000
FIELD_TEXT = 2000
FIELDS_PER_SECTION = 10
CONTEXT_ELEMENTS = 10
CONTEXT_TEXT = 2000
HEADER_TEXT = 150
BUTTON_TEXT = 75
BUTTONS_PER_BLOCK = 25
ACTION_ID = 255
FALLBACK_TEXT = 300
MESSAGE_BUDGET = 11_000
"""Characters of text over all blocks; Slack rejects messages near 13k (bolt-js#2509)."""
DEFINITION_BUDGET = 4_000
CODE_TEXT = 1_200
MAX_CODE_BLOCKS = 3
MAX_LINKS = 10
MAX_CLOSED_OPTIONS = 10
READ_MORE = "Read the rest"
WARNING = MRKDWN.around(":warning: ")


class Message(TypedDict):
    text: str
    blocks: list[Block]


def render(reply: Reply) -> Message:
    """The reply as a message: a notification `text` and at most 50 blocks within budget."""
    blocks: list[Block] = []
    extra: list[Button] = []
    for part in reply.parts:
        match part:
            case Card():
                card_blocks, more = _card(part)
                blocks += card_blocks
                extra += more
            case ErrorText(body=body):
                blocks += [section(chunk) for chunk in split(body, SECTION_TEXT, WARNING)]
            case Text(body=body):
                blocks += [section(chunk) for chunk in split(body, SECTION_TEXT, MRKDWN)]
    buttons = [*extra, *reply.buttons]
    tail = [*_button_blocks(b for b in buttons if not b.disabled)]
    closed = [b for b in buttons if b.disabled]
    if closed:
        tail.insert(0, context([_closed_options(closed)]))
    return Message(text=fallback(reply), blocks=_fit(blocks, tail))


def fallback(reply: Reply) -> str:
    """The notification text: the first part in one line."""
    if not reply.parts:
        return "glossbot"
    part = reply.parts[0]
    if isinstance(part, Card):
        line = f"{part.title}: {part.summary}" if part.summary else part.title
    else:
        line = part.body.replace("**", "")
    return clip(" ".join(line.split()), FALLBACK_TEXT, PLAIN)


def section(mrkdwn: str) -> Block:
    return {"type": "section", "text": {"type": "mrkdwn", "text": mrkdwn, "verbatim": True}}


def context(elements: list[str]) -> Block:
    return {
        "type": "context",
        "elements": [{"type": "mrkdwn", "text": e, "verbatim": True} for e in elements],
    }


def header(title: str) -> Block:
    return {"type": "header", "text": plain(title, HEADER_TEXT)}


def plain(text: str, limit: int) -> dict[str, Any]:
    return {"type": "plain_text", "text": clip(text, limit, PLAIN), "emoji": True}


def button(label: str, action: Action, style: Style = Style.SECONDARY) -> Block:
    action_id = action.encode()
    assert len(action_id) <= ACTION_ID
    element: Block = {
        "type": "button",
        "text": plain(label, BUTTON_TEXT),
        "action_id": action_id,
        "value": action_id,
    }
    if style in (Style.PRIMARY, Style.SUCCESS):
        element["style"] = "primary"
    elif style is Style.DANGER:
        element["style"] = "danger"
    return element


def _closed_options(buttons: list[Button]) -> str:
    """The options of a closed question as one line, the right one ticked."""
    shown = []
    for b in buttons[:MAX_CLOSED_OPTIONS]:
        label = clip(b.label, BUTTON_TEXT, PLAIN)
        shown.append(f":white_check_mark: *{label}*" if b.style is Style.SUCCESS else label)
    return "  ·  ".join(shown)


def _button_blocks(buttons: Iterable[Button]) -> Iterable[Block]:
    seen: set[str] = set()
    row: list[Block] = []
    for b in buttons:
        action_id = b.action.encode()
        if action_id in seen:  # Slack rejects two elements with one action_id
            continue
        seen.add(action_id)
        row.append(button(b.label, b.action, b.style))
        if len(row) == BUTTONS_PER_BLOCK:
            yield {"type": "actions", "elements": row}
            row = []
    if row:
        yield {"type": "actions", "elements": row}


def _card(card: Card) -> tuple[list[Block], list[Button]]:
    blocks: list[Block] = [header(card.title)]
    if card.summary:
        blocks.append(section(clip(card.summary, SECTION_TEXT, ESCAPED.around("_", "_"))))
    shown = take_sentences(card.body, DEFINITION_BUDGET, MRKDWN)
    blocks += [section(chunk) for chunk in split(card.body[:shown], SECTION_TEXT, MRKDWN)]
    more: list[Button] = []
    if shown < len(card.body):
        if card.entry_id:
            more.append(Button(READ_MORE, Action.of("more", card.entry_id, shown), Style.PRIMARY))
        else:
            blocks.append(context([ELLIPSIS + " (cut for Slack)"]))
    blocks += [_code(code) for code in card.code[:MAX_CODE_BLOCKS]]
    inline = [f for f in card.fields if f.inline]
    for start in range(0, len(inline), FIELDS_PER_SECTION):
        blocks.append(_fields(inline[start : start + FIELDS_PER_SECTION]))
    notes = [_note(f) for f in card.fields if not f.inline]
    if card.links:
        notes.append(_links(card.links))
    if card.footer:
        notes.append(clip(card.footer, CONTEXT_TEXT))
    for start in range(0, len(notes), CONTEXT_ELEMENTS):
        blocks.append(context(notes[start : start + CONTEXT_ELEMENTS]))
    return blocks, more


def _code(code: str) -> Block:
    return section(clip(code, CODE_TEXT, ESCAPED.around("```", "```")))


def _fields(fields: list[Field]) -> Block:
    return {
        "type": "section",
        "fields": [
            {
                "type": "mrkdwn",
                "text": clip(f.value, FIELD_TEXT, _labelled(f.name)),
                "verbatim": True,
            }
            for f in fields
        ],
    }


def _labelled(name: str) -> Render:
    return MRKDWN.around(f"*{escape(name)}*\n")


def _note(f: Field) -> str:
    return clip(" ".join(f.value.split("\n")), CONTEXT_TEXT, _inline(f.name))


def _inline(name: str) -> Render:
    return MRKDWN.around(f"*{escape(name)}:* ")


def _links(links: tuple[tuple[str, str], ...]) -> str:
    """Up to ten links in one line that fits a context element, then how many are left."""
    line = "*More at:*"
    for n, (label, url) in enumerate(links):
        link = _link(label, url)
        if n == MAX_LINKS or len(line) + len(link) + 40 > CONTEXT_TEXT:
            return f"{line}  ·  and {len(links) - n} more"
        line += ("  ·  " if n else " ") + link
    return line


def _link(label: str, url: str) -> str:
    if not url.startswith(("https://", "http://")) or any(c in url for c in "|<> \n"):
        return escape(label if label == url else f"{label} ({url})")
    name = clip(label.replace("|", "/"), 80)
    return f"<{escape(url)}|{name}>"


def _size(block: Block) -> int:
    """Characters of text in a block, as Slack counts them toward the message cap."""
    total = 0
    stack: list[Any] = [block]
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            total += len(item["text"]) if isinstance(item.get("text"), str) else 0
            stack += [v for v in item.values() if isinstance(v, dict | list)]
        elif isinstance(item, list):
            stack += item
    return total


def _fit(blocks: list[Block], tail: list[Block]) -> list[Block]:
    """Drop trailing body blocks until the blocks and the budget fit; buttons stay."""
    tail = tail[: MAX_BLOCKS - 1]
    budget = MESSAGE_BUDGET - sum(_size(b) for b in tail)
    kept: list[Block] = []
    for block in blocks:
        size = _size(block)
        if len(kept) + len(tail) + 1 >= MAX_BLOCKS or size > budget:
            kept.append(context([ELLIPSIS + " (more than Slack shows in one message)"]))
            break
        kept.append(block)
        budget -= size
    return [*kept, *tail] or [section(ELLIPSIS)]
