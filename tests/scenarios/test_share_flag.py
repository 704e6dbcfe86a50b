"""Share and Flag on term cards, and the curators' view of flags, in the console."""

from __future__ import annotations

from adapters.console import ConsoleSession
from bot.core import Core
from bot.replies import Card, Reply, Text


def labels(reply: Reply) -> list[str]:
    return [b.label for b in reply.buttons]


async def test_a_private_card_can_be_shared_and_the_sharer_is_told_privately(
    session: ConsoleSession,
) -> None:
    [card] = await session.send("/define mlops private")
    assert card.private and labels(card)[-2:] == ["Share", "Flag"]
    shared, notice = await session.click(card.buttons[-2])
    assert not shared.private and isinstance(shared.parts[0], Card)
    assert shared.parts[0].title == "MLOps"
    assert "Share" not in labels(shared)  # a public card has no Share button
    assert notice.private and notice.parts == (Text("Shared **MLOps** in this channel."),)


async def test_public_cards_have_flag_but_no_share(session: ConsoleSession) -> None:
    [card] = await session.send("/define mlops")
    assert labels(card)[-1] == "Flag" and "Share" not in labels(card)


async def flag(session: ConsoleSession, term: str, typed: str) -> Reply:
    [card] = await session.send(f"/define {term}")
    [form] = await session.click(card.buttons[-1])
    assert form.form is not None
    [thanks] = await session.send(typed)
    return thanks


async def test_flags_are_one_per_user_listed_for_admins_and_resolved(core: Core) -> None:
    alice, bob = ConsoleSession(core, "alice"), ConsoleSession(core, "bob", admin=False)
    thanks = await flag(alice, "mlops", "outdated: DevOps moved on")
    assert thanks.parts == (Text("Thanks: **MLOps** is flagged as outdated."),)
    again = await flag(alice, "mlops", "wrong")
    assert "already flagged" in again.parts[0].body  # type: ignore[union-attr]
    await flag(bob, "mlops", "@everyone this is unclear <@U1>")
    [listing] = await alice.send("/glossary flags")
    body = listing.parts[0].body  # type: ignore[union-attr]
    assert "**MLOps**, 2 flags, latest note" in body
    assert "@everyone" not in body and "<@U1>" not in body  # the note is untrusted text
    [status] = await alice.send("/glossary status")
    [field] = [f for f in status.parts[0].fields if f.name.startswith("Open flags")]  # type: ignore[union-attr]
    assert "MLOps" in field.value
    [denied] = await bob.send("/glossary flags")
    assert denied.is_error
    [resolved] = await alice.click(listing.buttons[0])
    assert resolved.parts == (Text("Resolved 2 flags on **MLOps**."),)
    [empty] = await alice.send("/glossary flags")
    assert "No open flags" in empty.parts[0].body  # type: ignore[union-attr]


async def test_an_empty_flag_is_refused_and_changes_nothing(session: ConsoleSession) -> None:
    [card] = await session.send("/define mlops")
    [form] = await session.click(card.buttons[-1])
    assert form.form is not None
    [reply] = await session.send("   ")
    assert reply.is_error
    [listing] = await session.send("/glossary flags")
    assert "No open flags" in listing.parts[0].body  # type: ignore[union-attr]
