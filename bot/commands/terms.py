"""/terms and "Define terms": the glossary terms inside a message, each with its summary."""

from __future__ import annotations

from bot.cards import open_button
from bot.commands.registry import REGISTRY as registry
from bot.context import Context
from bot.errors import UsageError
from bot.replies import Reply, Text
from bot.safety import inert
from bot.services import Services
from bot.terms import MAX_TEXT
from bot.text import shorten

SUMMARY = 160
NONE_FOUND = "No glossary terms found in that message."


@registry.command("terms", describe={"text": "A message to find glossary terms in"})
async def terms(services: Services, ctx: Context, text: str) -> Reply:
    """Define the glossary terms a message uses, privately."""
    if not text.strip():
        raise UsageError(
            "Give me a message to read: `/terms <text>`, e.g. `/terms our LLM uses MLOps`."
        )
    found = services.content.terms.find(text[:MAX_TEXT])
    if not found:
        return Reply((Text(NONE_FOUND),), private=True)
    lines = [f"Glossary terms in that message ({len(found)}):"]
    for term in found:
        entry = term.entry
        summary = shorten(" ".join((entry.summary or entry.definition).split()), SUMMARY)
        said = "" if term.said.lower() == entry.name.lower() else f" (“{inert(term.said)}”)"
        lines.append(f"• **{entry.name}**{said}: {summary or 'no definition yet'}")
    buttons = tuple(open_button(term.entry) for term in found)
    return Reply((Text("\n".join(lines)),), buttons=buttons, private=True)
