"""At login the process holding shard 0, and only it, brings the registered commands up to
date: one PUT for N processes, none when they already are."""

from __future__ import annotations

from pathlib import Path

import pytest

from adapters.discord.shards import plan
from bot.content import Content
from tests.adapters.discord.fake_discord import APP_ID, FakeDiscord
from tests.adapters.discord.harness import running_bot

GLOBAL = f"/applications/{APP_ID}/commands"


def puts(fake: FakeDiscord) -> list[str]:
    return [c.path for c in fake.calls if c.method == "PUT"]


async def test_of_the_processes_sharing_a_bot_only_the_one_with_shard_0_syncs(
    content: Content, tmp_path: Path
) -> None:
    fake = FakeDiscord()
    async with (
        running_bot(content, tmp_path / "a.db", fake=fake, shards=plan(3, "1,2")),
        running_bot(content, tmp_path / "b.db", fake=fake, shards=plan(3, "0")) as first,
    ):
        assert puts(fake) == [GLOBAL]
        names = sorted(c["name"] for c in fake.registered[GLOBAL])
        assert names == sorted(c.name for c in first.client.tree.get_commands())
        assert "define" in names and "Define terms" in names


async def test_a_restart_with_the_same_commands_registers_nothing_a_changed_one_syncs(
    content: Content, tmp_path: Path
) -> None:
    fake = FakeDiscord()
    async with running_bot(content, tmp_path / "a.db", fake=fake):
        pass
    async with running_bot(content, tmp_path / "a.db", fake=fake):
        pass
    assert puts(fake) == [GLOBAL]  # the second start found them up to date
    assert len([c for c in fake.calls if c.method == "GET" and c.path == GLOBAL]) == 2

    described = fake.registered[GLOBAL][0]  # a description edited since (an older release)
    described["description"] = "An older description"
    async with running_bot(content, tmp_path / "a.db", fake=fake):
        pass
    assert puts(fake) == [GLOBAL, GLOBAL]
    assert fake.registered[GLOBAL][0]["description"] != "An older description"


async def test_a_failed_check_is_logged_and_the_bot_serves_anyway(
    content: Content, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    fake = FakeDiscord()
    fake.fail_next(r"/applications/\d+/commands$")
    async with running_bot(content, tmp_path / "a.db", fake=fake) as bot:
        assert puts(fake) == []
        assert "could not check the registered slash commands" in caplog.text
        done = await bot.command("define", term="mlops")
        assert done.callback_types == [4]
