"""Quizzes on Discord: buttons, the free-answer modal, restarts, reveals and daily posts."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import Any

from bot.content import Content
from bot.quiz.question import Question
from tests.adapters.discord.harness import (
    ALICE,
    BOB,
    CAROL,
    CHANNEL_ID,
    OWNER,
    QUIZ_CHANNEL_ID,
    Bot,
    buttons,
    message_text,
    running_bot,
)


async def ask(bot: Bot, kind: str) -> tuple[dict[str, Any], str, Question]:
    """Post a question with /quiz; return its message, id and the stored question."""
    posted = await bot.command("quiz", type=kind, by=ALICE)
    assert not posted.ephemeral
    question_id = posted.message["embeds"][0]["footer"]["text"].split()[1]
    stored = await bot.core.store.question(question_id)
    assert stored is not None
    return posted.message, question_id, stored.question


def option(message: dict[str, Any], question_id: str, index: int) -> str:
    wanted = f"answer:{question_id}:{index}"
    [found] = [b["label"] for b in buttons(message) if b["custom_id"] == wanted]
    return str(found)


async def answer_right(
    bot: Bot, message: dict[str, Any], question_id: str, question: Question
) -> Any:
    if question.is_free:
        modal = (await bot.click(message, "Answer", by=CAROL)).modal
        return await bot.submit(modal, question.answer, message=message, by=CAROL)
    return await bot.click(message, option(message, question_id, question.correct), by=CAROL)


async def test_several_users_answer_once_each_and_the_reveal_edits_the_question(
    content: Content, tmp_path: Path
) -> None:
    async with running_bot(content, tmp_path / "g.db") as bot:
        message, question_id, question = await ask(bot, "definition")
        right = option(message, question_id, question.correct)
        wrong = option(message, question_id, (question.correct + 1) % len(question.options))
        alice = await bot.click(message, right, by=ALICE)
        bob = await bot.click(message, wrong, by=BOB)
        carol = await bot.click(message, right, by=CAROL)
        again = await bot.click(message, wrong, by=ALICE)
        for answer in (alice, bob, carol, again):
            assert answer.callback_types == [4] and answer.ephemeral
        assert alice.text.startswith("Correct!") and carol.text.startswith("Correct!")
        assert bob.text.startswith("Not quite")
        assert "already answered" in again.text

        before = len(bot.fake.calls)
        await bot.clock.advance(timedelta(minutes=6))  # past the 5-minute close
        await bot.clock.settled()
        edit, reveal = bot.fake.calls[before:]
        score = await bot.command("score", by=ALICE)
        board = await bot.command("leaderboard")

    # The question is edited through /quiz's interaction (its token lasts 15 minutes).
    assert (edit.via, edit.method) == ("webhook", "PATCH")
    assert edit.path.endswith(f"/{edit.token}/messages/{message['id']}")
    closed = buttons(bot.fake.messages[int(message["id"])])
    assert all(b["disabled"] for b in closed)
    assert [b["label"] for b in closed if b["style"] == 3] == [right]  # the right one marked
    assert (reveal.method, reveal.path) == ("POST", f"/channels/{CHANNEL_ID}/messages")
    shown = message_text(reveal.json)
    assert "Right (2 of 3): Alice, Carol" in shown
    assert reveal.json["allowed_mentions"] == {"parse": []}
    assert "Points: 10" in score.text
    assert "Alice" in board.text and "Carol" in board.text and "Bob" in board.text


async def test_buttons_keep_working_after_a_restart(content: Content, tmp_path: Path) -> None:
    db = tmp_path / "g.db"
    async with running_bot(content, db) as first:
        message, question_id, question = await ask(first, "definition")
        first_client = first.client
    async with running_bot(content, db) as second:  # new client, tree, core; same database
        assert second.client is not first_client
        right = option(message, question_id, question.correct)
        answered = await second.click(message, right, by=BOB)
    assert answered.ephemeral and answered.text.startswith("Correct!")


async def test_a_free_answer_goes_through_a_modal(content: Content, tmp_path: Path) -> None:
    async with running_bot(content, tmp_path / "g.db") as bot:
        message, question_id, question = await ask(bot, "free")
        [answer_button] = buttons(message)
        assert answer_button["custom_id"] == f"free:{question_id}"
        opened = await bot.click(message, "Answer", by=BOB)
        assert opened.callback_types == [9]  # the modal is the first and only response
        modal = opened.modal
        assert modal["custom_id"] == f"freeanswer:{question_id}" and len(modal["title"]) <= 45
        right = await bot.submit(modal, question.answer, message=message, by=BOB)
        wrong = await bot.submit(modal, "pizza", message=message, by=CAROL)
        twice = await bot.submit(modal, question.answer, message=message, by=BOB)
    assert right.ephemeral and right.text.startswith("Correct!")
    assert wrong.ephemeral and wrong.text.startswith("Not quite")
    assert "already answered" in twice.text


async def test_a_free_answer_modal_submitted_after_a_restart_still_counts(
    content: Content, tmp_path: Path
) -> None:
    db = tmp_path / "g.db"
    async with running_bot(content, db) as first:
        message, _, question = await ask(first, "free")
        modal = (await first.click(message, "Answer", by=CAROL)).modal
    async with running_bot(content, db) as second:
        answered = await second.submit(modal, question.answer, message=message, by=CAROL)
    assert answered.text.startswith("Correct!")


async def test_a_daily_post_reaches_the_channel_through_the_outbox(
    content: Content, tmp_path: Path
) -> None:
    async with running_bot(content, tmp_path / "g.db") as bot:
        scheduled = await bot.command(
            "quizadmin schedule", by=OWNER, channel=QUIZ_CHANNEL_ID, time="09:30"
        )
        assert "Daily quiz scheduled" in scheduled.text
        assert bot.fake.channel_calls() == []
        await bot.clock.advance(timedelta(minutes=31))
        await bot.clock.settled()
        [post] = bot.fake.channel_calls()
        assert (post.method, post.path) == ("POST", f"/channels/{QUIZ_CHANNEL_ID}/messages")
        assert post.json["allowed_mentions"] == {"parse": []}
        daily = bot.fake.messages[post.message_id or 0]
        assert daily["embeds"][0]["title"].startswith("Daily quiz")
        stored = await bot.core.store.question(daily["embeds"][0]["footer"]["text"].split()[1])
        assert stored is not None and stored.daily
        answered = await answer_right(bot, daily, stored.id, stored.question)
        assert answered.ephemeral and "Daily streak: 1" in answered.text

        await bot.clock.advance(timedelta(days=1))  # the next post first reveals this one

        await bot.clock.settled()
        calls = [(c.method, c.path) for c in bot.fake.channel_calls()[1:]]
    assert ("PATCH", f"/channels/{QUIZ_CHANNEL_ID}/messages/{daily['id']}") in calls
    assert calls.count(("POST", f"/channels/{QUIZ_CHANNEL_ID}/messages")) == 2  # reveal, new post
    assert all(b["disabled"] for b in buttons(bot.fake.messages[int(daily["id"])]))
