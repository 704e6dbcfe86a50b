"""A loopback Discord gateway: a WebSocket server (port 0) speaking just enough of the
protocol (HELLO, IDENTIFY, READY with the shard asked for, heartbeats, INTERACTION_CREATE)
for a real discord.py client to connect, shard by shard. Nothing leaves the machine."""

from __future__ import annotations

import asyncio
import json
import socket
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from aiohttp import WSMsgType, web

from tests.adapters.discord.fake_discord import APP_ID, BOT_USER


class Gateway:
    """Bot sessions: HELLO, wait for IDENTIFY, READY; then whatever the test sends."""

    def __init__(self) -> None:
        self.identified = asyncio.Event()
        self.sessions: list[tuple[int, int]] = []
        """The (shard id, shard count) of each IDENTIFY, in order."""
        self._news = asyncio.Condition()
        self.outgoing: asyncio.Queue[dict[str, Any]] = asyncio.Queue()
        self.accepting = asyncio.Event()
        """Cleared: new connections get no HELLO (Discord's gateway is out of reach)."""
        self.accepting.set()
        self._sockets: dict[int, web.WebSocketResponse] = {}

    async def drop(self, shard_id: int) -> None:
        """Close that shard's session, and keep its reconnection waiting until `accepting`."""
        self.accepting.clear()
        await self._sockets[shard_id].close()

    async def handle(self, request: web.Request) -> web.WebSocketResponse:
        socket = web.WebSocketResponse()
        await socket.prepare(request)
        await self.accepting.wait()
        await socket.send_json({"op": 10, "d": {"heartbeat_interval": 45000}})
        sender = asyncio.create_task(self._send(socket))
        try:
            async for message in socket:
                if message.type is not WSMsgType.TEXT:
                    continue
                sent = json.loads(message.data)
                if sent["op"] == 1:
                    await socket.send_json({"op": 11})
                elif sent["op"] == 2:
                    shard = sent["d"].get("shard", [0, 1])
                    self._sockets[shard[0]] = socket
                    await socket.send_json({"op": 0, "s": 1, "t": "READY", "d": ready(shard)})
                    async with self._news:
                        self.sessions.append((shard[0], shard[1]))
                        self._news.notify_all()
                    self.identified.set()
        finally:
            sender.cancel()
        return socket

    async def identifies(self, count: int) -> list[tuple[int, int]]:
        """Wait until `count` sessions have identified (10 s at most); their shards."""
        async with asyncio.timeout(10), self._news:
            await self._news.wait_for(lambda: len(self.sessions) >= count)
        return self.sessions

    async def _send(self, socket: web.WebSocketResponse) -> None:
        sequence = 2
        while True:
            event = await self.outgoing.get()
            await socket.send_json({"op": 0, "s": sequence, **event})
            sequence += 1


def ready(shard: list[int]) -> dict[str, Any]:
    return {
        "shard": shard,
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


def free_port() -> int:
    """A loopback port nobody listens on (for a server that takes its port as given)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])
