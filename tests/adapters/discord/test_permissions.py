"""A channel the bot's role cannot see: quizzes still reveal, and people are told up front."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from bot.config import Config, QuizConfig
from bot.content import Content
from tests.adapters.discord.harness import (
    ALICE,
    BOB,
    CHANNEL_ID,
    EPHEMERAL,
    OWNER,
    QUIZ_CHANNEL_ID,
    buttons,
    message_text,
    running_bot,
)


def question_id(message: dict[str, object]) -> str:
    return str(message["embeds"][0]["footer"]["text"]).split()[1]  # type: ignore[index]


async def test_a_quiz_in_a_channel_the_bot_cannot_see_is_still_revealed(
    content: Content, tmp_path: Path
) -> None:
    async with running_bot(content, tmp_path / "g.db") as bot:
        bot.fake.hidden.add(CHANNEL_ID)
        asked = await bot.command("quiz", type="definition", by=ALICE)
        question = next(m for m in bot.fake.messages.values() if m.get("embeds"))
        [warning] = [c for c in asked.calls if c.message_data and "Heads-up" in str(c.json)]
        assert warning.json["flags"] & EPHEMERAL
        assert "lacks View Channel, Send Messages, Embed Links" in warning.json["content"]
        await bot.click(question, buttons(question)[0]["label"], by=BOB)
        stored = await bot.core.store.question(question_id(question))
        assert stored is not None
        closed = await bot.command("quizadmin close", by=OWNER)
        assert f"Closed question {stored.id} (the quiz)." in closed.text
    # Discord refuses the channel API (403), yet the buttons are disabled and the reveal is
    # in the channel, both through /quiz's interaction.
    assert all(b["disabled"] for b in buttons(bot.fake.messages[int(question["id"])]))
    [reveal] = [
        m
        for m in bot.fake.messages.values()
        if f"The answer: {stored.question.answer}" in message_text(m)
    ]
    assert reveal["channel_id"] == str(CHANNEL_ID) and not reveal["flags"] & EPHEMERAL
    refused = [c for c in bot.fake.calls if c.path.startswith(f"/channels/{CHANNEL_ID}/")]
    assert [c.method for c in refused] == ["POST"]  # the reveal tried the channel first


async def test_the_admin_is_told_when_a_reveal_cannot_be_posted(
    content: Content, tmp_path: Path
) -> None:
    config = Config(quiz=QuizConfig(close_minutes=60))
    async with running_bot(content, tmp_path / "g.db", config=config) as bot:
        bot.fake.hidden.add(CHANNEL_ID)
        await bot.command("quiz", type="definition", by=ALICE)
        await bot.clock.advance(timedelta(minutes=20))  # /quiz's token has expired
        await bot.clock.settled()
        closed = await bot.command("quizadmin close", by=OWNER)
    assert closed.ephemeral
    assert "Its reveal could not be posted" in closed.text
    assert f"Discord refused my post in <#{CHANNEL_ID}>" in closed.text
    assert "View Channel, Send Messages, Embed Links" in closed.text


async def test_scheduling_a_daily_where_the_bot_cannot_post_warns_up_front(
    content: Content, tmp_path: Path
) -> None:
    everyone = 0x400 | 0x800 | 0x4000  # View Channel, Send Messages, Embed Links
    async with running_bot(content, tmp_path / "g.db") as bot:
        bot.fake.hidden.add(QUIZ_CHANNEL_ID)
        bot.add_guild({}, everyone=everyone)
        hidden = await bot.command(
            "quizadmin schedule", by=OWNER, channel=QUIZ_CHANNEL_ID, time="09:30"
        )
        seen = await bot.command("quizadmin schedule", by=OWNER, channel=CHANNEL_ID, time="09:30")
    texts = [message_text(c.json) for c in hidden.calls if c.message_data]
    assert any("Daily quiz scheduled" in t for t in texts)
    [warning] = [t for t in texts if "Heads-up" in t]
    assert f"lacks View Channel, Send Messages, Embed Links in <#{QUIZ_CHANNEL_ID}>" in warning
    assert "daily posts will fail" in warning
    assert not any("Heads-up" in message_text(c.json) for c in seen.calls if c.message_data)
