"""No user ever sees "This interaction failed": failures become a friendly private message."""

from __future__ import annotations

import logging
from pathlib import Path

import discord
import pytest
from discord import app_commands

from adapters.discord import respond
from bot.content import Content
from tests.adapters.discord.harness import ALICE, running_bot

EPHEMERAL = 64


async def test_a_command_that_raises_gets_a_friendly_private_answer(
    content: Content, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    @app_commands.command(name="boom", description="fails")
    async def boom(interaction: discord.Interaction) -> None:
        raise RuntimeError("secret internals")

    async with running_bot(content, tmp_path / "g.db") as bot:
        bot.client.tree.add_command(boom)
        with caplog.at_level(logging.ERROR):
            done = await bot.command("boom")
    assert done.callback_types == [4] and done.ephemeral
    assert done.text.startswith("Something went wrong (ref ")
    assert "secret internals" not in done.text
    assert any(r.exc_info and "secret internals" in str(r.exc_info[1]) for r in caplog.records)


async def test_discord_refusing_the_answer_still_leaves_the_user_an_explanation(
    content: Content, tmp_path: Path
) -> None:
    async with running_bot(content, tmp_path / "g.db") as bot:
        bot.fake.fail_next(r"/callback$", 400)
        done = await bot.command("define", term="mlops")
    assert done.callback_types == [4, 4]  # the refused answer, then the apology
    assert done.ephemeral and "Something went wrong" in done.text


async def test_a_failing_click_is_answered_too(content: Content, tmp_path: Path) -> None:
    async with running_bot(content, tmp_path / "g.db") as bot:
        asked = await bot.command("define", term="mrkl")
        bot.fake.fail_next(r"/callback$", 400)
        clicked = await bot.click(
            asked.message, "Modular Reasoning Knowledge and Language (MRKL) System", by=ALICE
        )
    assert clicked.callback_types == [4, 4]
    assert clicked.ephemeral and "Something went wrong" in clicked.text


async def test_a_stale_command_is_explained(content: Content, tmp_path: Path) -> None:
    async with running_bot(content, tmp_path / "g.db") as bot:
        payload = bot._payload(2, {"id": "1", "type": 1, "name": "frobnicate"}, ALICE, 1, False)
        done = await bot.dispatch(payload)
    assert done.ephemeral and "changed since Discord showed it" in done.text


async def test_a_slow_click_defers_before_the_deadline_and_follows_up(
    content: Content, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    async with running_bot(content, tmp_path / "g.db") as bot:
        question = (await bot.command("quiz", type="definition")).message
        monkeypatch.setattr(respond, "CLICK_DEADLINE", 0)  # every store access is "slow"
        clicked = await bot.click(question, prefix="answer:", by=ALICE)
    assert clicked.callback_types == [6]  # acknowledged (invisibly) before any answer
    [followup] = [c for c in clicked.calls if c.callback_type is None]
    assert followup.json["flags"] & EPHEMERAL
    assert clicked.text.startswith(("Correct!", "Not quite"))


async def test_a_form_that_came_too_late_asks_to_press_again(
    content: Content, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    async with running_bot(content, tmp_path / "g.db") as bot:
        question = (await bot.command("quiz", type="free")).message
        monkeypatch.setattr(respond, "CLICK_DEADLINE", 0)
        clicked = await bot.click(question, "Answer", by=ALICE)
    assert clicked.callback_types == [6]
    assert clicked.ephemeral and "press the button again" in clicked.text


async def test_a_failure_after_a_public_deferral_is_still_told_privately(
    content: Content, tmp_path: Path
) -> None:
    async with running_bot(content, tmp_path / "g.db") as bot:
        bot.fake.fail_next(r"^/webhooks/\d+/[^/]+$", 400)  # the question's follow-up is refused
        done = await bot.command("quiz")
    assert done.callback_types == [5]
    assert [c.method for c in done.calls] == ["POST", "POST", "DELETE", "POST"]
    assert done.ephemeral and "Something went wrong" in done.text


async def test_a_question_that_could_not_be_posted_is_withdrawn(
    content: Content, tmp_path: Path
) -> None:
    async with running_bot(content, tmp_path / "g.db") as bot:
        bot.fake.fail_next(r"^/webhooks/\d+/[^/]+$", 400)
        await bot.command("quiz")
        again = await bot.command("quiz")
    assert not again.ephemeral  # a fresh public question, not "one is still open"
    assert "still open" not in again.text
