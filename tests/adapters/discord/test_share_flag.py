"""Share and Flag on Discord: a public card plus an ephemeral notice; a modal for the flag."""

from __future__ import annotations

from pathlib import Path

from bot.content import Content
from tests.adapters.discord.harness import ALICE, BOB, OWNER, buttons, running_bot

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
