"""Sharding: the flags and config keys, checked, and what discord.py is asked to connect."""

from __future__ import annotations

import asyncio
import os
import sys
import textwrap
from pathlib import Path

import discord
import pytest

from adapters.discord.client import GlossbotClient
from adapters.discord.shards import ShardPlan, chosen, from_config, plan
from bot.clock import SystemClock
from bot.config import Config, DiscordConfig, from_dict
from bot.errors import ConfigError, UsageError
from tests.adapters.discord.gateway import Gateway, loopback
from tests.adapters.discord.test_main import glossbot
from tests.conftest import ROOT


def test_no_flags_run_every_shard_discord_advises_on_an_auto_sharded_client() -> None:
    shards = plan(None, None)
    assert shards == ShardPlan() and shards.client_options() == {}
    assert shards.lease_name == "discord:shards:auto:all" and shards.syncs_commands
    client = GlossbotClient(Config(), SystemClock(), shards)
    assert isinstance(client, discord.AutoShardedClient)
    assert client.shard_count is None and client.shard_ids is None


def test_a_shard_set_is_passed_to_discord_py_and_names_its_lease() -> None:
    shards = plan(4, "3, 2")
    assert shards.ids == (2, 3) and shards.describe() == "shards 2,3 of 4"
    assert shards.lease_name == "discord:shards:4:2,3"
    assert not shards.syncs_commands  # shard 0 lives elsewhere: that process syncs
    client = GlossbotClient(Config(), SystemClock(), shards)
    assert (client.shard_count, client.shard_ids) == (4, [2, 3])
    assert plan(8, "0-2,6").ids == (0, 1, 2, 6) and plan(8, "0-2,6").syncs_commands
    assert plan(4, None).describe() == "all 4 shards" and plan(4, None).ids is None


@pytest.mark.parametrize(
    ("count", "ids", "message"),
    [
        (2, "0,2", "--shard-ids: shard 2 does not exist with --shard-count 2 (shard ids go from 0"),
        (4, "0-9", "--shard-ids: shard 9 does not exist with --shard-count 4"),
        (None, "0,1", "--shard-ids needs --shard-count"),
        (0, None, "--shard-count must be a whole number from 1 to 65536, not 0"),
        (4, "one", "--shard-ids: 'one' is not a shard id; give whole numbers like 0,1"),
        (4, "0,,1", "--shard-ids: '(empty)' is not a shard id"),
        (4, "-1", "--shard-ids: '-1' is not a shard id"),
        (4, "3-1", "--shard-ids: the range 3-1 goes backwards; write 1-3"),
    ],
)  # fmt: skip
def test_wrong_shard_flags_say_what_is_wrong(
    count: int | None, ids: str | None, message: str
) -> None:
    with pytest.raises(UsageError) as raised:
        plan(count, ids)
    assert raised.value.message.startswith(message)
    assert "\n" not in raised.value.message


def test_the_config_keys_are_the_flags_defaults_and_their_errors_name_the_keys() -> None:
    config = from_dict({"discord": {"shard_count": 4, "shard_ids": [0, "2-3"], "standby": True}})
    assert config.discord.standby
    assert from_config(config.discord) == ShardPlan(4, (0, 2, 3))
    assert chosen(config.discord, None, None) == ShardPlan(4, (0, 2, 3))
    assert chosen(config.discord, 2, "1") == ShardPlan(2, (1,))  # the flags win
    with pytest.raises(
        UsageError, match=r"^discord.shard_ids: shard 4 does not exist with discord.shard_count 4"
    ):
        from_config(DiscordConfig(shard_count=4, shard_ids=("4",)))
    with pytest.raises(UsageError, match=r"^discord.shard_ids needs discord.shard_count"):
        from_config(DiscordConfig(shard_ids=("1",)))
    with pytest.raises(ConfigError, match=r"discord\.shard_count: expected a whole number from 0"):
        from_dict({"discord": {"shard_count": -1}})  # fmt: skip


def test_the_cli_refuses_wrong_shard_flags_in_one_line_before_asking_for_the_token(
    tmp_path: Path,
) -> None:
    done = glossbot("discord", "--shard-count", "2", "--shard-ids", "0,2")
    assert done.returncode == 2
    assert done.stderr == (
        "glossbot: --shard-ids: shard 2 does not exist with --shard-count 2 "
        "(shard ids go from 0 to 1)\n"
    )
    done = glossbot("discord", "--sync", "--shard-count", "2")
    assert done.returncode == 2 and "not with --sync" in done.stderr
    config = tmp_path / "glossbot.yaml"
    config.write_text("discord:\n  shard_count: 2\n  shard_ids: [5]\n")
    done = glossbot("discord", "--config", str(config))
    assert done.returncode == 2
    assert done.stderr.startswith("glossbot: discord.shard_ids: shard 5 does not exist")


RUN_SHARDS = textwrap.dedent(
    """
    import os, sys
    import discord, yarl
    from discord.gateway import DiscordWebSocket
    from adapters.cli import main
    from tests.adapters.discord.fake_discord import FakeDiscord

    fake = FakeDiscord(gateway=os.environ["GATEWAY"], shards=3)

    async def at_once(client, shard_id, *, initial=False):  # not 5 s between shards
        pass

    discord.http.HTTPClient.request = fake.every_client()
    discord.Client.before_identify_hook = at_once
    DiscordWebSocket.DEFAULT_GATEWAY = yarl.URL(os.environ["GATEWAY"])
    sys.exit(main(["discord", *sys.argv[1:]]))
    """
)


async def run_until_identified(
    tmp_path: Path, sessions: int, *args: str, config: str = ""
) -> list[tuple[int, int]]:
    """`glossbot discord ARGS` in a process of its own, against a loopback gateway: the
    sessions it opened (shard id, shard count), once it opened `sessions`; then SIGTERM."""
    (tmp_path / "glossbot.yaml").write_text(f"data_dir: {tmp_path}\n{config}")
    gateway = Gateway()
    async with loopback(gateway) as url:
        env = {k: v for k, v in os.environ.items() if k != "DISCORD_TOKEN"}
        child = await asyncio.create_subprocess_exec(
            sys.executable, "-c", RUN_SHARDS, *args,
            cwd=ROOT,
            env={**env, "GATEWAY": url, "DISCORD_TOKEN": "fake", "PYTHONPATH": str(ROOT),
                 "GLOSSBOT_CONFIG": str(tmp_path / "glossbot.yaml")},
            stderr=asyncio.subprocess.PIPE,
        )  # fmt: skip
        try:
            opened = list(await gateway.identifies(sessions))
        finally:
            child.terminate()
            _, stderr = await asyncio.wait_for(child.communicate(), 30)
    assert child.returncode == 0, stderr.decode()
    return opened


async def test_the_flags_choose_the_shards_this_process_identifies_as(tmp_path: Path) -> None:
    opened = await run_until_identified(tmp_path, 2, "--shard-count", "4", "--shard-ids", "1,3")
    assert sorted(opened) == [(1, 4), (3, 4)]


async def test_the_config_chooses_them_without_flags(tmp_path: Path) -> None:
    config = "discord:\n  shard_count: 2\n  shard_ids: [1]\n"
    assert await run_until_identified(tmp_path, 1, config=config) == [(1, 2)]


async def test_without_flags_the_process_runs_as_many_shards_as_discord_advises(
    tmp_path: Path,
) -> None:
    assert sorted(await run_until_identified(tmp_path, 3)) == [(0, 3), (1, 3), (2, 3)]
