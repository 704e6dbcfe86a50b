"""A loopback Slack Web API for tests: canned answers per method, every call recorded.

`MockSlackApi` answers `/api/<method>` like Slack (failures on demand with `fail_next`),
`oauth.v2.access` for the codes `grant` hands out (each workspace its own bot token),
`/respond/<n>` like an interaction's `response_url`, and `apps.connections.open` plus a
WebSocket for Socket Mode. `wait_for` and `wait_until` wait on a condition the server
notifies, never by sleeping.
"""

from __future__ import annotations

import asyncio
import itertools
import json
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qsl

import aiohttp
from aiohttp import web

TEAM = "T0TEAM"
WAIT = 5.0


@dataclass(frozen=True, slots=True)
class Call:
    """One request the bot made: a Web API method, or `respond` for a response_url."""

    method: str
    params: dict[str, Any]
    token: str = ""
    answer: dict[str, Any] = field(default_factory=dict)
    """What the mock answered: `answer["ts"]` is a posted message's ts."""
    peer: int = 0
    """The client's port: calls on one kept-alive connection share it."""

    def text(self) -> str:
        """Every string in the call, joined: what could ever reach a Slack client."""
        return "\n".join(strings(self.params))


def strings(value: object) -> list[str]:
    if isinstance(value, str):
        try:
            decoded = json.loads(value)
        except ValueError:
            return [value]
        return strings(decoded) if isinstance(decoded, dict | list) else [value]
    if isinstance(value, dict):
        return [s for v in value.values() for s in strings(v)]
    if isinstance(value, list):
        return [s for v in value for s in strings(v)]
    return []


@dataclass
class MockSlackApi:
    admins: set[str] = field(default_factory=set)
    calls: list[Call] = field(default_factory=list)
    url: str = ""
    _failures: dict[str, list[tuple[int, dict[str, Any], dict[str, str]]]] = field(
        default_factory=dict
    )
    _changed: asyncio.Condition = field(default_factory=asyncio.Condition)
    _ts: itertools.count[int] = field(default_factory=lambda: itertools.count(1))
    _ids: itertools.count[int] = field(default_factory=lambda: itertools.count(1))
    teams: dict[str, str] = field(default_factory=dict)
    """Bot token -> its workspace, for tokens `oauth.v2.access` issued."""
    _codes: dict[str, str] = field(default_factory=dict)
    rotating: bool = False
    """`oauth.v2.access` issues rotating tokens: a refresh token, and an hour to live (inside
    bolt's two-hour margin, so each use refreshes it first)."""
    drop_replies: int = 0
    """This many posts to response_urls have their connection closed, unanswered."""
    replying: asyncio.Event = field(default_factory=asyncio.Event)
    """Cleared: posts to response_urls wait (unanswered, recorded only as "held") until
    it is set."""
    sockets: list[web.WebSocketResponse] = field(default_factory=list)
    socket_messages: list[dict[str, Any]] = field(default_factory=list)

    @property
    def api_url(self) -> str:
        return f"{self.url}api/"

    def response_url(self) -> str:
        return f"{self.url}respond/{next(self._ids)}"

    def fail_next(
        self,
        method: str,
        body: dict[str, Any],
        *,
        status: int = 200,
        headers: dict[str, str] | None = None,
    ) -> None:
        self._failures.setdefault(method, []).append((status, body, headers or {}))

    def grant(self, team: str) -> str:
        """The code Slack would send back to the redirect URL after `team`'s admin approved."""
        code = f"code-{team}-{next(self._ids)}"
        self._codes[code] = team
        return code

    def of(self, method: str) -> list[Call]:
        return [c for c in self.calls if c.method == method]

    async def wait_for(self, method: str, count: int = 1) -> list[Call]:
        """Wait until `count` calls of `method` have arrived; fail after a few seconds."""
        async with asyncio.timeout(WAIT), self._changed:
            await self._changed.wait_for(lambda: len(self.of(method)) >= count)
        return self.of(method)

    async def _record(self, call: Call) -> None:
        async with self._changed:
            self.calls.append(call)
            self._changed.notify_all()

    async def _api(self, request: web.Request) -> web.Response:
        method = request.match_info["method"]
        params: dict[str, Any] = dict(request.query)
        if request.content_type == "application/json":
            params.update(await request.json())
        elif request.can_read_body:
            params.update(parse_qsl(await request.text()))
        token = request.headers.get("Authorization", "").removeprefix("Bearer ")
        status, body, headers = 200, self._canned(method, params, token), dict[str, str]()
        if self._failures.get(method):
            status, body, headers = self._failures[method].pop(0)
        await self._record(Call(method, params, token, body))
        return web.json_response(body, status=status, headers=headers)

    def _canned(self, method: str, params: dict[str, Any], token: str) -> dict[str, Any]:
        ts = f"1700000000.{next(self._ts):06d}"
        match method:
            case "auth.test":
                team = self.teams.get(token, TEAM)
                return {"ok": True, "team_id": team, "user_id": "U0BOT", "bot_id": "B0BOT"}
            case "oauth.v2.access":
                return self._access(params)
            case "chat.postMessage":
                return {"ok": True, "channel": params.get("channel"), "ts": ts}
            case "chat.postEphemeral":
                return {"ok": True, "message_ts": ts}
            case "chat.update":
                return {"ok": True, "channel": params.get("channel"), "ts": params.get("ts")}
            case "users.info":
                user = str(params.get("user"))
                return {"ok": True, "user": {"id": user, "is_admin": user in self.admins}}
            case "views.open" | "views.update" | "views.publish":
                return {"ok": True, "view": {"id": f"V{next(self._ids)}"}}
            case "apps.connections.open":
                return {"ok": True, "url": self.url.replace("http", "ws", 1) + "socket"}
        return {"ok": True}

    def _access(self, params: dict[str, Any]) -> dict[str, Any]:
        """`oauth.v2.access`: a code (once) or a refresh token, for a new bot token."""
        if params.get("grant_type") == "refresh_token":
            team = str(params.get("refresh_token", "")).removeprefix("xoxe-")
        else:
            team = self._codes.pop(str(params.get("code")), "")
        if not team:
            return {"ok": False, "error": "invalid_code"}
        token = f"xoxb-{team}-{next(self._ids)}"
        self.teams[token] = team
        answer: dict[str, Any] = {
            "ok": True,
            "app_id": "A0APP",
            "access_token": token,
            "token_type": "bot",
            "scope": "commands,chat:write",
            "bot_user_id": f"U0BOT{team}",
            "team": {"id": team, "name": f"Team {team}"},
            "enterprise": None,
            "is_enterprise_install": False,
            "authed_user": {"id": "U0ADMIN"},
        }
        if self.rotating:
            answer |= {"refresh_token": f"xoxe-{team}", "expires_in": 3600}
        return answer

    async def _respond(self, request: web.Request) -> web.Response:
        if not self.replying.is_set():
            await self._record(Call("held", {}))
            await self.replying.wait()
        body = await request.json()
        if self.drop_replies and request.transport is not None:
            self.drop_replies -= 1
            await self._record(Call("dropped", body))
            request.transport.close()  # the client sees the server disconnect
            return web.Response(text="never sent")
        peer = request.transport.get_extra_info("peername") if request.transport else None
        call = Call("respond", {**body, "url": str(request.url)}, peer=peer[1] if peer else 0)
        await self._record(call)
        return web.Response(text="ok")

    async def _socket(self, request: web.Request) -> web.WebSocketResponse:
        ws = web.WebSocketResponse()
        await ws.prepare(request)
        async with self._changed:
            self.sockets.append(ws)
            self._changed.notify_all()
        async for message in ws:
            if message.type == aiohttp.WSMsgType.TEXT:
                async with self._changed:
                    self.socket_messages.append(json.loads(message.data))
                    self._changed.notify_all()
        return ws

    async def wait_until(self, ready: Callable[[], bool]) -> None:
        async with asyncio.timeout(WAIT), self._changed:
            await self._changed.wait_for(ready)

    @asynccontextmanager
    async def running(self) -> AsyncIterator[MockSlackApi]:
        app = web.Application()
        app.router.add_route("*", "/api/{method}", self._api)
        app.router.add_post("/respond/{n}", self._respond)
        app.router.add_get("/socket", self._socket)
        runner = web.AppRunner(app, access_log=None)
        await runner.setup()
        await web.TCPSite(runner, "127.0.0.1", 0).start()
        self.url = f"http://127.0.0.1:{runner.addresses[0][1]}/"
        self.replying.set()
        try:
            yield self
        finally:
            for ws in self.sockets:
                await ws.close()
            await runner.cleanup()
