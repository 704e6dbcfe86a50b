"""Share and Flag, the two buttons on a term card, and `/glossary flags` for curators.

Share posts a private card for the whole channel and tells the clicker so privately.
Flag asks what is wrong (one line: a reason word, then a note), keeps one open flag per
user and entry, and lists them for admins, who resolve them with a button.
"""

from __future__ import annotations

import dataclasses

from bot.actions import Action
from bot.cards import term_card
from bot.commands.registry import REGISTRY as registry
from bot.context import Context
from bot.errors import UsageError
from bot.replies import Button, Form, Reply, Style, Text, text
from bot.safety import inert
from bot.services import Services
from bot.text import shorten
from knowledge import Entry

REASONS = ("wrong", "outdated", "unclear")
NOTE = 300
SHOWN_FLAGS = 10


def _entry(services: Services, entry_id: str) -> Entry:
    entry = services.content.entry(entry_id)
    if entry is None:
        raise UsageError("That entry is no longer in the glossary (it may have been renamed).")
    return entry


@registry.action("share")
async def share(services: Services, ctx: Context, entry_id: str) -> Reply:
    """Post the card for everyone in the channel; tell the clicker privately."""
    entry = _entry(services, entry_id)
    shared = term_card(services.content, entry, private=False)
    notice = text(f"Shared **{entry.name}** in this channel.", private=True)
    return dataclasses.replace(shared, followup=notice)


@registry.action("flag")
async def flag(services: Services, ctx: Context, entry_id: str) -> Reply:
    """Ask what is wrong with the entry."""
    entry = _entry(services, entry_id)
    form = Form(
        title=shorten(f"Flag: {entry.name}", 45),
        label="wrong, outdated or unclear, then a note",
        action=Action.of("flagged", entry.id),
        placeholder="outdated: the 2024 version changed this",
        max_length=NOTE,
    )
    return Reply((Text(f"What is wrong with **{entry.name}**?"),), form=form, private=True)


def parse_flag(typed: str) -> tuple[str, str]:
    """'outdated: since v2' -> ('outdated', 'since v2'); a bare note is reason 'note'."""
    words = " ".join(typed.split())
    head, _, rest = words.partition(" ")
    reason = head.rstrip(":,.;-").lower()
    if reason in REASONS:
        return reason, rest.lstrip(":,.;- ")
    return "note", words


@registry.action("flagged")
async def flag_submitted(services: Services, ctx: Context, entry_id: str, text: str = "") -> Reply:
    entry = _entry(services, entry_id)
    if not text.strip():
        raise UsageError("Say what is wrong: `wrong`, `outdated`, `unclear`, or a short note.")
    reason, note = parse_flag(text[:NOTE])
    added = await services.store.add_flag(ctx.scope, entry.id, ctx.user, reason, note, ctx.now)
    if not added:
        return Reply(
            (Text(f"You have already flagged **{entry.name}**; a curator will look at it."),),
            private=True,
        )
    return Reply((Text(f"Thanks: **{entry.name}** is flagged as {reason}."),), private=True)


async def flag_lines(services: Services, ctx: Context, limit: int) -> list[str]:
    """One line per flagged entry, the most flagged first; for status and `/glossary flags`."""
    lines = []
    for summary in await services.store.open_flags(ctx.scope, limit):
        entry = services.content.entry(summary.entry_id)
        name = entry.name if entry else f"{summary.entry_id} (no longer in the glossary)"
        note = f": “{inert(shorten(summary.latest_note, 80))}”" if summary.latest_note else ""
        times = "1 flag" if summary.count == 1 else f"{summary.count} flags"
        lines.append(f"- **{name}**, {times}, latest {summary.latest_reason}{note}")
    return lines


@registry.command("glossary flags", admin=True)
async def glossary_flags(services: Services, ctx: Context) -> Reply:
    """Entries readers flagged as wrong, outdated or unclear, to resolve."""
    summaries = await services.store.open_flags(ctx.scope, SHOWN_FLAGS)
    if not summaries:
        return text("No open flags. Readers flag a card with its Flag button.", private=True)
    lines = ["Flagged entries (resolve one once its source is fixed and reloaded):"]
    lines += await flag_lines(services, ctx, SHOWN_FLAGS)
    names = {
        s.entry_id: (e.name if (e := services.content.entry(s.entry_id)) else s.entry_id)
        for s in summaries
    }
    buttons = tuple(
        Button(
            shorten(f"Resolve {names[s.entry_id]}", 80),
            Action.of("unflag", s.entry_id),
            Style.SUCCESS,
        )
        for s in summaries
    )
    return Reply((Text("\n".join(lines)),), buttons=buttons, private=True)


@registry.action("unflag")
async def resolve(services: Services, ctx: Context, entry_id: str) -> Reply:
    if not ctx.is_admin:
        raise UsageError("Only admins can resolve flags.")
    closed = await services.store.resolve_flags(ctx.scope, entry_id, ctx.now)
    entry = services.content.entry(entry_id)
    name = entry.name if entry else entry_id
    if not closed:
        return text(f"**{name}** had no open flags.", private=True)
    return text(f"Resolved {closed} flag{'s' if closed > 1 else ''} on **{name}**.", private=True)
