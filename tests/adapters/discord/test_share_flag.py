"""Share and Flag on Discord (a public card plus an ephemeral notice; a modal for the flag),
and the weekly suggestion as a native poll."""

from __future__ import annotations

import asyncio
from datetime import timedelta
from pathlib import Path

from bot.content import Content
from tests.adapters.discord.harness import (
    ALICE,
    BOB,
    GUILD_ID,
    OWNER,
    QUIZ_CHANNEL_ID,
    buttons,
    running_bot,
)

CHANNEL_MESSAGE = 4


async def test_share_posts_the_card_publicly_then_tells_the_clicker_privately(
    content: Content, tmp_path: Path
) -> None:
    async with running_bot(content, tmp_path / "g.db") as bot:
        asked = await bot.command("define", term="mlops", private=True)
        assert [b["label"] for b in buttons(asked.message)][-2:] == ["Share", "Flag"]
        shared = await bot.click(asked.message, "Share", by=ALICE)
    assert shared.callback_types == [CHANNEL_MESSAGE]
    card, notice = (shared.fake.messages[c.message_id] for c in shared.calls if c.message_id)
    assert not card["flags"] & 64 and card["embeds"][0]["title"] == "MLOps"
    assert "Share" not in [b["label"] for b in buttons(card)]
    assert notice["flags"] & 64 and notice["content"] == "Shared **MLOps** in this channel."


async def test_flag_opens_a_modal_and_the_admin_sees_it(content: Content, tmp_path: Path) -> None:
    async with running_bot(content, tmp_path / "g.db") as bot:
        asked = await bot.command("define", term="mlops")
        opened = await bot.click(asked.message, "Flag", by=BOB)
        assert opened.callback_types == [9]
        modal = opened.modal
        assert len(modal["title"]) <= 45
        thanks = await bot.submit(modal, "outdated: see v2", message=asked.message, by=BOB)
        listed = await bot.command("glossary flags", by=OWNER)
    assert thanks.ephemeral and thanks.text == "Thanks: **MLOps** is flagged as outdated."
    assert "**MLOps**, 1 flag, latest outdated" in listed.text


async def test_the_weekly_suggestion_is_a_native_poll_whose_votes_are_counted(
    content: Content, tmp_path: Path
) -> None:
    async with running_bot(content, tmp_path / "g.db") as bot:
        set_up = await bot.command(
            "quizadmin suggest", by=OWNER, channel=QUIZ_CHANNEL_ID, day="tue", time="09:00"
        )
        assert "Every tue at 09:00 UTC" in set_up.text
        for query in ("kubernetes", "kubernetes", "zookeeper"):
            await bot.command("define", term=query, by=BOB)
        await bot.clock.advance(timedelta(days=1))
        await bot.clock.settled()
        [post] = bot.fake.channel_calls()
        poll = post.json["poll"]
        assert poll["question"]["text"] == "What should we define next?"
        assert [a["poll_media"]["text"] for a in poll["answers"]] == ["kubernetes", "zookeeper"]
        assert not post.json.get("components")  # the poll replaces the vote buttons
        bot.client._connection.parse_message_poll_vote_add(
            {
                "user_id": str(BOB.id),
                "channel_id": str(QUIZ_CHANNEL_ID),
                "message_id": str(post.message_id),
                "guild_id": str(GUILD_ID),
                "answer_id": 2,
            }
        )
        voting = {t for t in asyncio.all_tasks() if "on_raw_poll_vote_add" in t.get_name()}
        assert voting, "discord.py dispatched no raw_poll_vote_add handler"
        await asyncio.wait(voting, timeout=10)
        results = await bot.core.store.suggest_results(f"discord:{GUILD_ID}")
    assert results == [("zookeeper", 1), ("kubernetes", 0)]
