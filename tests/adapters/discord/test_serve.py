"""`glossbot discord` for real: gateway, an interaction in flight, SIGTERM, a clean exit.

The gateway is the loopback one (`tests/adapters/discord/gateway.py`); REST and the
interaction webhooks are the `FakeDiscord` seams. Nothing leaves the machine.
"""

from __future__ import annotations

import asyncio
import contextlib
import gc
import os
import signal
from collections.abc import Callable
from pathlib import Path

import aiohttp
import discord
import pytest
import yarl
from discord.gateway import DiscordWebSocket
from discord.webhook.async_ import async_context

from adapters.discord.client import GlossbotClient
from adapters.discord.main import serve
from adapters.discord.shards import plan
from bot.clock import SystemClock
from bot.config import Config
from tests.adapters.discord.fake_discord import FakeDiscord
from tests.adapters.discord.gateway import Gateway, free_port, loopback
from tests.adapters.discord.harness import OWNER, interaction


def faked(monkeypatch: pytest.MonkeyPatch) -> tuple[FakeDiscord, Gateway]:
    """Discord's REST (every client's) and a loopback gateway, for one `serve`."""
    fake = FakeDiscord()
    monkeypatch.setattr(discord.http.HTTPClient, "request", fake.every_client())
    return fake, Gateway()


def serving(
    fake: FakeDiscord, url: str, tmp_path: Path, *, settle_heap: bool = False
) -> asyncio.Task[int]:
    """`serve` on the fakes: the gateway at `url`, interaction webhooks through `fake`."""
    fake.gateway = url  # Discord says where, and how many shards: one
    async_context.set(fake.webhook_adapter())
    config = Config(data_dir=str(tmp_path))
    return asyncio.create_task(serve(config, "fake-token", settle_heap=settle_heap))


async def test_serve_answers_what_it_received_then_exits_cleanly_on_sigterm(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fake, gateway = faked(monkeypatch)
    async with loopback(gateway) as url:
        running = serving(fake, url, tmp_path)
        await asyncio.wait_for(gateway.identified.wait(), 10)

        # /glossary reload reads every source in a thread: still in flight at SIGTERM.
        data = {
            "id": "1",
            "type": 1,
            "name": "glossary",
            "options": [{"type": 1, "name": "reload"}],
        }
        payload = interaction(970000000000000001, 2, data, by=OWNER)
        await gateway.outgoing.put({"t": "INTERACTION_CREATE", "d": payload})
        await asyncio.wait_for(fake.called(lambda c: c.callback_type == 5), 10)
        os.kill(os.getpid(), signal.SIGTERM)
        assert await asyncio.wait_for(running, 20) == 0

    answers = [c for c in fake.calls if c.token == payload["token"]]
    assert answers[0].callback_type == 5
    assert answers[-1].json["content"].startswith("Reloaded:")  # answered before exiting
    assert not [t for t in asyncio.all_tasks() if t.get_name() == "glossbot-background"]
    assert (tmp_path / "glossbot.db").exists()


async def test_the_bots_own_run_settles_its_heap_once_the_gateway_is_ready(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # `glossbot discord` (its `run`) passes settle_heap, as `glossbot slack` does: the
    # loaded content then sits in the permanent generation, out of every collection.
    fake, gateway = faked(monkeypatch)
    assert gc.get_freeze_count() == 0
    try:
        async with loopback(gateway) as url:
            running = serving(fake, url, tmp_path, settle_heap=True)
            async with asyncio.timeout(20):
                while not gc.get_freeze_count():
                    await asyncio.sleep(0.01)
            os.kill(os.getpid(), signal.SIGTERM)
            assert await asyncio.wait_for(running, 20) == 0
    finally:
        gc.unfreeze()


async def test_a_client_logged_in_before_its_core_is_attached_says_what_is_missing() -> None:
    # serve builds the client, then the core on its outbox, then attaches the core
    client = GlossbotClient(Config(), SystemClock())
    client.http.request = FakeDiscord().rest  # type: ignore[method-assign]
    try:
        with pytest.raises(RuntimeError, match=r"attach\(core\) must come before login"):
            await client.login("fake-token")
    finally:
        await client.close()


async def readyz_when(port: int, done: Callable[[str], bool]) -> str:
    """/readyz's answer, once `done` with it (20 s at most)."""
    async with asyncio.timeout(20), aiohttp.ClientSession() as session:
        while True:
            async with session.get(f"http://127.0.0.1:{port}/readyz") as response:
                text = await response.text()
            if done(text):
                return text
            await asyncio.sleep(0.05)


def ready(text: str) -> bool:
    return text == "ready\n"


async def test_readyz_says_which_shard_dropped_while_it_reconnects(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fake = FakeDiscord()

    async def at_once(client: discord.Client, shard_id: int, *, initial: bool = False) -> None:
        pass  # Discord's 5 s between IDENTIFYs; this gateway does not rate-limit

    monkeypatch.setattr(discord.http.HTTPClient, "request", fake.every_client())
    monkeypatch.setattr(discord.Client, "before_identify_hook", at_once)
    gateway = Gateway()
    port = free_port()
    async with loopback(gateway) as url:
        monkeypatch.setattr(DiscordWebSocket, "DEFAULT_GATEWAY", yarl.URL(url))
        running = asyncio.create_task(
            serve(Config(data_dir=str(tmp_path)), "fake-token", ops_port=port, shards=plan(2, None))
        )
        try:
            assert sorted(await gateway.identifies(2)) == [(0, 2), (1, 2)]
            await readyz_when(port, ready)
            await gateway.drop(1)  # discord.py still says is_ready(): shard 1 is down
            down = await readyz_when(port, lambda text: not ready(text))
            assert down == "not ready: discord: shard 1 disconnected\n"
            gateway.accepting.set()  # it reconnects (RESUME)
            await readyz_when(port, ready)
        finally:
            running.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await running
