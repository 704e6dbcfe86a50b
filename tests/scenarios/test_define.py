"""/define as a console user sees it: cards, did-you-mean, not-found, buttons, bad input."""

from __future__ import annotations

from adapters.console import ConsoleSession
from bot.replies import Card, ErrorText, Text


async def test_acronym_gives_the_term_card(session: ConsoleSession) -> None:
    [reply] = await session.send("/define mlm")
    [card] = reply.parts
    assert isinstance(card, Card)
    assert card.title == "Masked Language Modeling (MLM)"
    assert "[MASK]" in card.body + "".join(card.code)
    sources = next(f.value for f in card.fields if f.name == "Sources")
    assert "000_b4c5ef14848505af.txt:172" in sources
    assert "001_a171e23aa927abb3.txt:175" in sources
    assert not reply.private


async def test_see_also_we_do_not_hold_is_listed_not_a_button(session: ConsoleSession) -> None:
    [reply] = await session.send("/define mlm")
    labels = [b.label for b in reply.buttons]
    assert "Self-Supervised Learning" not in labels
    card = reply.parts[0]
    assert isinstance(card, Card)
    missing = next(f.value for f in card.fields if f.name.startswith("See also"))
    assert "BERT Model" in missing


async def test_held_see_also_becomes_a_button(session: ConsoleSession) -> None:
    [reply] = await session.send("/define masked vision modeling")
    labels = [b.label for b in reply.buttons]
    assert "Masked Language Modeling (MLM)" in labels
    number = labels.index("Masked Language Modeling (MLM)") + 1
    [opened] = await session.send(str(number))
    card = opened.parts[0]
    assert isinstance(card, Card)
    assert card.title == "Masked Language Modeling (MLM)"


async def test_unclear_query_offers_choices_that_open(session: ConsoleSession) -> None:
    [reply] = await session.send("/define markov")
    assert isinstance(reply.parts[0], Text)
    assert "Did you mean" in reply.parts[0].body
    labels = [b.label for b in reply.buttons]
    assert 2 <= len(labels) <= 5
    assert all("Markov" in label for label in labels)
    [opened] = await session.send("1")
    card = opened.parts[0]
    assert isinstance(card, Card)
    assert card.title == labels[0]


async def test_unknown_term_says_so_and_never_answers_another(session: ConsoleSession) -> None:
    [reply] = await session.send("/define pizza")
    assert not any(isinstance(p, Card) for p in reply.parts)
    assert "couldn't find “pizza”" in reply.parts[0].body  # type: ignore[union-attr]
    assert reply.private


async def test_bare_text_is_a_lookup(session: ConsoleSession) -> None:
    [reply] = await session.send("what is mlops?")
    card = reply.parts[0]
    assert isinstance(card, Card)
    assert card.title == "MLOps"


async def test_mentions_in_a_query_are_inert(session: ConsoleSession) -> None:
    [reply] = await session.send("/define @everyone")
    body = reply.parts[0].body  # type: ignore[union-attr]
    assert "@everyone" not in body
    assert "@\u200beveryone" in body


async def test_bad_input_gets_a_friendly_error(session: ConsoleSession) -> None:
    for line, message in (
        ("/define", "Missing <term>"),
        ("/define " + "x" * 5000, "5,000 characters"),
        ("/nope", "I don't know `/nope`"),
    ):
        [reply] = await session.send(line)
        assert reply.private
        assert isinstance(reply.parts[0], ErrorText)
        assert message in reply.parts[0].body


async def test_private_flag_makes_the_card_private(session: ConsoleSession) -> None:
    [reply] = await session.send("/define mlops private")
    assert reply.private
    assert isinstance(reply.parts[0], Card)


async def test_redirect_is_an_alias_of_its_target(session: ConsoleSession) -> None:
    [reply] = await session.send("/define model fusion")
    card = reply.parts[0]
    assert isinstance(card, Card)
    assert card.title == "Model Merging"


async def test_stub_entry_points_at_the_defined_one(session: ConsoleSession) -> None:
    [reply] = await session.send("/define multimodal alignment")
    card = reply.parts[0]
    assert isinstance(card, Card)
    assert "no definition yet" in card.body
    assert "Multimodal Learning" in [b.label for b in reply.buttons]


async def test_stale_button_is_explained(session: ConsoleSession) -> None:
    reply = await session.core.click(session.context(), "define:no-such-entry")
    assert reply.is_error
    assert "no longer in the glossary" in reply.parts[0].body  # type: ignore[union-attr]
    forged = await session.core.click(session.context(), "launch:missiles")
    assert "not one of mine" in forged.parts[0].body  # type: ignore[union-attr]
