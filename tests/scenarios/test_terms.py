"""/terms in the console, and `glossbot terms` on the command line: "Define terms" as text."""

from __future__ import annotations

import json

from adapters.console import ConsoleSession
from bot.replies import ErrorText, Text
from tests.adapters.test_cli import glossbot


async def test_terms_lists_each_term_privately_with_a_button_to_its_card(
    session: ConsoleSession,
) -> None:
    [reply] = await session.send("/terms Our MLOps team runs machine learning jobs in HTML")
    assert reply.private
    body = reply.parts[0].body  # type: ignore[union-attr]
    assert "**MLOps**" in body and "**Machine Learning (ML)**" in body
    assert [b.label for b in reply.buttons] == ["MLOps", "Machine Learning (ML)"]
    [card] = await session.click(reply.buttons[0])
    assert card.parts[0].title == "MLOps"  # type: ignore[union-attr]


async def test_terms_says_so_when_a_message_has_none(session: ConsoleSession) -> None:
    [reply] = await session.send("/terms lunch is at noon, bring snacks")
    assert reply.parts == (Text("No glossary terms found in that message."),)
    assert reply.buttons == ()


async def test_terms_without_text_is_a_usage_error(session: ConsoleSession) -> None:
    [reply] = await session.send("/terms")
    assert isinstance(reply.parts[0], ErrorText)
    assert "/terms <text>" in reply.parts[0].body


async def test_mentions_in_the_message_stay_inert(session: ConsoleSession) -> None:
    [reply] = await session.send("/terms @everyone the mlops thing <@U123>")
    body = reply.parts[0].body  # type: ignore[union-attr]
    assert "@everyone" not in body and "<@U123>" not in body


def test_cli_terms_reads_stdin_and_prints_json() -> None:
    done = glossbot("terms", "--json", stdin="We shipped MLOps.\nSee `ML` and https://x.y/ML\n")
    assert done.returncode == 0, done.stderr
    terms = json.loads(done.stdout)["terms"]
    assert [t["name"] for t in terms] == ["MLOps"]
    assert terms[0]["said"] == "MLOps" and terms[0]["start"] == 11


def test_cli_terms_with_nothing_to_read_exits_2() -> None:
    done = glossbot("terms", stdin="  \n")
    assert done.returncode == 2
    assert "nothing to read" in done.stderr
