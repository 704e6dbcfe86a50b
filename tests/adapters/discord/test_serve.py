"""`glossbot discord` for real: gateway, an interaction in flight, SIGTERM, a clean exit.

The gateway is a loopback WebSocket server (port 0) speaking just enough of Discord's
protocol (HELLO, IDENTIFY, READY, INTERACTION_CREATE); REST and the interaction webhooks
are the `FakeDiscord` seams. Nothing leaves the machine.
"""

from __future__ import annotations

import asyncio
import json
import os
import signal
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import discord
import pytest
import yarl
from aiohttp import WSMsgType, web
from discord.gateway import DiscordWebSocket
from discord.webhook.async_ import async_context

from adapters.discord.client import GlossbotClient
from adapters.discord.main import serve
from bot.clock import SystemClock
from bot.config import Config
from tests.adapters.discord.fake_discord import APP_ID, BOT_USER, FakeDiscord
from tests.adapters.discord.harness import OWNER, interaction


class Gateway:
    """One bot session: HELLO, wait for IDENTIFY, READY; then whatever the test sends."""

    def __init__(self) -> None:
        self.identified = asyncio.Event()
        self.outgoing: asyncio.Queue[dict[str, Any]] = asyncio.Queue()

    async def handle(self, request: web.Request) -> web.WebSocketResponse:
        socket = web.WebSocketResponse()
        await socket.prepare(request)
        await socket.send_json({"op": 10, "d": {"heartbeat_interval": 45000}})
        sender = asyncio.create_task(self._send(socket))
        try:
            async for message in socket:
                if message.type is not WSMsgType.TEXT:
                    continue
                op = json.loads(message.data)["op"]
                if op == 1:
                    await socket.send_json({"op": 11})
                elif op == 2:
                    await socket.send_json({"op": 0, "s": 1, "t": "READY", "d": ready()})
                    self.identified.set()
        finally:
            sender.cancel()
        return socket

    async def _send(self, socket: web.WebSocketResponse) -> None:
        sequence = 2
        while True:
            event = await self.outgoing.get()
            await socket.send_json({"op": 0, "s": sequence, **event})
            sequence += 1


def ready() -> dict[str, Any]:
    return {
        "v": 10,
        "user": BOT_USER,
        "guilds": [],
        "session_id": "session",
        "resume_gateway_url": "ws://127.0.0.1:1",
        "application": {"id": str(APP_ID), "flags": 0},
    }


@asynccontextmanager
async def loopback(gateway: Gateway) -> AsyncIterator[str]:
    app = web.Application()
    app.router.add_get("/", gateway.handle)
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = runner.addresses[0][1]
    try:
        yield f"ws://127.0.0.1:{port}/"
    finally:
        await runner.cleanup()


async def test_serve_answers_what_it_received_then_exits_cleanly_on_sigterm(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fake = FakeDiscord()
    gateway = Gateway()

    async def rest(http: discord.http.HTTPClient, route: Any, **kwargs: Any) -> Any:
        return await fake.rest(route, **kwargs)

    monkeypatch.setattr(discord.http.HTTPClient, "request", rest)
    async with loopback(gateway) as url:
        monkeypatch.setattr(DiscordWebSocket, "DEFAULT_GATEWAY", yarl.URL(url))
        async_context.set(fake.webhook_adapter())
        running = asyncio.create_task(serve(Config(data_dir=str(tmp_path)), "fake-token"))
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


async def test_a_client_logged_in_before_its_core_is_attached_says_what_is_missing() -> None:
    # serve builds the client, then the core on its outbox, then attaches the core
    client = GlossbotClient(Config(), SystemClock())
    client.http.request = FakeDiscord().rest  # type: ignore[method-assign]
    try:
        with pytest.raises(RuntimeError, match=r"attach\(core\) must come before login"):
            await client.login("fake-token")
    finally:
        await client.close()
