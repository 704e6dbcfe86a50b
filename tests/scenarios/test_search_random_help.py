"""/search, /random and /help in the console."""

from __future__ import annotations

from adapters.console import ConsoleSession
from bot.replies import Card, ErrorText, Text


async def test_search_ranks_definitions(session: ConsoleSession) -> None:
    [reply] = await session.send("/search the thing where a model memorises its training data")
    assert isinstance(reply.parts[0], Text)
    assert reply.buttons
    assert len(reply.buttons) <= 8


async def test_search_finds_text_only_in_definitions(session: ConsoleSession) -> None:
    [reply] = await session.send("/search previously known as Facebook")
    assert reply.buttons[0].label == "Meta Company"


async def test_search_with_no_hits(session: ConsoleSession) -> None:
    [reply] = await session.send("/search zzzzqqq")
    assert isinstance(reply.parts[0], ErrorText)


async def test_random_is_a_defined_term_and_seeded(session: ConsoleSession) -> None:
    seen = set()
    for _ in range(5):
        [reply] = await session.send("/random")
        card = reply.parts[0]
        assert isinstance(card, Card)
        assert len(card.body.split()) >= 8
        seen.add(card.title)
    assert len(seen) > 1


async def test_help_lists_commands_and_explains_one(session: ConsoleSession) -> None:
    [reply] = await session.send("/help")
    body = reply.parts[0].body  # type: ignore[union-attr]
    for command in ("/define <term>", "/search <words>", "/random", "/glossary reload"):
        assert command in body
    [one] = await session.send("/help define")
    assert "/define <term> [private]" in one.parts[0].body  # type: ignore[union-attr]


async def test_help_hides_admin_commands_from_members(session: ConsoleSession) -> None:
    member = ConsoleSession(session.core, "bob", admin=False)
    [reply] = await member.send("/help")
    assert "/glossary reload" not in reply.parts[0].body  # type: ignore[union-attr]
