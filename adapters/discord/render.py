"""Pure rendering of a core `Reply` as a Discord message: content, embeds and a button view.

`render(reply) -> Rendered` enforces every Discord limit (content 2000; embed title 256,
description 4096, 25 fields of 256/1024, footer 2048, 6000 per message; 25 buttons, 5 per
row, labels 80, custom ids 100). A definition too long for its embed is cut at a sentence
and gets a "Read the rest" button carrying the core action `more:<entry>:<offset>`.
Everything shown passes through `escape_mentions` on top of the core's `inert`, so no
reply can ping anyone even if the client's `AllowedMentions.none()` were lost.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

import discord

from adapters.discord.components import ActionButton, ActionView
from bot.actions import Action
from bot.replies import Button, Card, ErrorText, Poll, Reply, Style, Text
from bot.text import cut_point, shorten

CONTENT = 2000
TITLE = 256
DESCRIPTION = 4096
FIELDS = 25
FIELD_NAME = 256
FIELD_VALUE = 1024
FOOTER = 2048
TOTAL = 6000
EMBEDS = 10
BUTTONS = 25
PER_ROW = 5
LABEL = 80
MIN_DESCRIPTION = 600
"""Fields give way (links first) before the description is squeezed below this."""

READ_MORE = "Read the rest"
_STYLES = {
    Style.PRIMARY: discord.ButtonStyle.primary,
    Style.SECONDARY: discord.ButtonStyle.secondary,
    Style.SUCCESS: discord.ButtonStyle.success,
    Style.DANGER: discord.ButtonStyle.danger,
}


@dataclass(frozen=True, slots=True)
class Rendered:
    content: str | None
    embeds: list[discord.Embed] = field(default_factory=list)
    view: ActionView | None = None
    poll: discord.Poll | None = None

    def send_kwargs(self) -> dict[str, Any]:
        """Arguments for `send_message`, `followup.send` and `channel.send`."""
        kwargs: dict[str, Any] = {"content": self.content, "embeds": self.embeds}
        if self.view is not None:
            kwargs["view"] = self.view
        if self.poll is not None:
            kwargs["poll"] = self.poll
        return kwargs

    def edit_kwargs(self) -> dict[str, Any]:
        """Arguments for an edit: whatever the new reply lacks is removed from the message."""
        return {"content": self.content, "embeds": self.embeds, "view": self.view}


def render(reply: Reply) -> Rendered:
    texts: list[str] = []
    embeds: list[discord.Embed] = []
    extra: list[Button] = []
    budget = TOTAL
    for part in reply.parts:
        match part:
            case Card() if len(embeds) < EMBEDS and budget > MIN_DESCRIPTION:
                embed, more = render_card(part, budget)
                budget -= len(embed)
                embeds.append(embed)
                extra += more
            case Card():
                texts.append(f"**{part.title}**")
            case Text(body=body) | ErrorText(body=body):
                texts.append(body)
    content = cut_lines(discord.utils.escape_mentions("\n\n".join(texts)), CONTENT) or None
    if content is None and not embeds:
        content = "…"
    if reply.poll is not None:  # a native poll stands in for the vote buttons
        return Rendered(content, embeds, render_buttons(tuple(extra)), render_poll(reply.poll))
    return Rendered(content, embeds, render_buttons((*reply.buttons, *extra)))


POLL_QUESTION, POLL_ANSWER, POLL_ANSWERS, POLL_HOURS = 300, 55, 10, 768


def render_poll(poll: Poll) -> discord.Poll:
    """Discord's own poll: question 300, answers 55 characters, at most 10, 1-768 hours."""
    hours = min(max(poll.hours, 1), POLL_HOURS)
    native = discord.Poll(shorten(_safe(poll.question), POLL_QUESTION), timedelta(hours=hours))
    for option in poll.options[:POLL_ANSWERS]:
        native.add_answer(text=shorten(_safe(option), POLL_ANSWER))
    return native


def render_card(card: Card, budget: int = TOTAL) -> tuple[discord.Embed, list[Button]]:
    """One card as an embed within `budget` characters, and a read-more button if cut."""
    title = shorten(_safe(card.title), TITLE)
    footer = shorten(_safe(card.footer), min(FOOTER, budget // 4))
    fields = [
        (shorten(_safe(f.name), FIELD_NAME) or "·", _value(f.value), f.inline) for f in card.fields
    ]
    fields += [("Code", _code(block), False) for block in card.code if block.strip()]
    if card.links:
        fields.append(("More at", _links(card.links), False))
    fields = fields[:FIELDS]
    summary, body = _safe(card.summary).strip(), card.body.strip()
    wanted = min(len(summary) + len(body) + 6, DESCRIPTION)

    def used() -> int:
        return len(title) + len(footer) + sum(len(n) + len(v) for n, v, _ in fields)

    while fields and used() + min(wanted, MIN_DESCRIPTION) > budget:
        fields.pop()  # links, then code, then the card's own fields
    description, cut = _describe(summary, card.body, min(DESCRIPTION, budget - used()))
    embed = discord.Embed(title=title or None, description=description or None)
    for name, value, inline in fields:
        embed.add_field(name=name, value=value, inline=inline)
    if footer:
        embed.set_footer(text=footer)
    more: list[Button] = []
    if cut is not None and card.entry_id:
        more.append(Button(READ_MORE, Action.of("more", card.entry_id, cut), Style.PRIMARY))
    return embed, more


def render_buttons(buttons: tuple[Button, ...]) -> ActionView | None:
    """Up to 25 distinct buttons, 5 per row; a duplicate custom_id would be refused by Discord."""
    view = ActionView()
    seen: set[str] = set()
    for button in buttons:
        action_id = button.action.encode()
        if action_id in seen:
            continue
        if len(seen) == BUTTONS:
            break
        label = shorten(" ".join(button.label.split()), LABEL) or "…"
        item = ActionButton(
            action_id,
            label=label,
            style=_STYLES[button.style],
            disabled=button.disabled,
            row=len(seen) // PER_ROW,
        )
        view.add_item(item)
        seen.add(action_id)
    return view if seen else None


def cut_lines(text: str, limit: int) -> str:
    """Text within `limit`, cut after a whole line when possible, marked with an ellipsis."""
    if len(text) <= limit:
        return text
    window = text[: limit - 2]
    line = window.rfind("\n")
    return (window[:line] if line > limit // 2 else window).rstrip() + "\n…"


def _describe(summary: str, body: str, room: int) -> tuple[str, int | None]:
    """The embed description and, when `body` had to be cut, the offset its rest starts at.

    Offsets index the card's raw `body` (the entry's definition), as `more:` expects.
    """
    shown = _safe(body).strip()
    if not shown:
        return shorten(summary, room), None
    lead = summary if len(summary) + len(shown) + 6 <= room else shorten(summary, room // 4)
    intro = (f"*{lead}*" if "*" not in lead else lead) + "\n\n" if lead else ""
    if len(intro) + len(shown) <= room:
        return intro + shown, None
    space = room - len(intro) - 2  # the " …" marking the cut
    while True:
        cut = cut_point(body, max(space, 0))
        shown = _safe(body[:cut]).strip()
        if len(shown) <= room - len(intro) - 2:
            return f"{intro}{shown} …", cut
        space -= len(shown) - (room - len(intro) - 2)  # escaping lengthened it


def _safe(text: str) -> str:
    return discord.utils.escape_mentions(text)


def _value(text: str) -> str:
    return cut_lines(_safe(text).strip(), FIELD_VALUE) or "—"


def _code(block: str) -> str:
    text = block.replace("```", "`\u200b``").rstrip()
    room = FIELD_VALUE - len("```\n\n```")
    if len(text) > room:
        text = text[: room - 2].rsplit("\n", 1)[0] + "\n…"
    return f"```\n{text}\n```"


def _links(links: tuple[tuple[str, str], ...]) -> str:
    lines: list[str] = []
    size = 0
    for n, (label, url) in enumerate(links):
        shown = label.replace("[", "(").replace("]", ")")
        target = url.replace("(", "%28").replace(")", "%29")
        line = f"- [{shorten(shown, 80)}]({target})" if label != url else f"- {url}"
        rest = len(links) - n
        tail = len(f"\n… and {rest} more") if rest > 1 else 0
        if size + len(line) + 1 + tail > FIELD_VALUE:
            lines.append(f"… and {rest} more")
            break
        lines.append(line)
        size += len(line) + 1
    return "\n".join(lines) or "—"
