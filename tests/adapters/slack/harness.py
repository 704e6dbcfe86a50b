"""Offline Slack for tests: a loopback Web API that records every call, signed requests, and
glossbot's real HTTP-mode server on a free loopback port.

The mock Web API is `mock_api.MockSlackApi`. `SlackHarness` sends signed requests to the
running server, as Slack would, and `settled()` waits until every listener has finished
its post-ack work; `FakeClock.settled()` does the same for the core's timers after a
test moves time.
"""

from __future__ import annotations

import asyncio
import itertools
import json
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

import aiohttp
from slack_sdk.signature import SignatureVerifier

from adapters.slack.app import EVENTS_PATH, Bolt, Settings, SlackBot, connect, serve_http
from bot.core import Core
from bot.store import Store
from tests.adapters.slack.mock_api import TEAM, WAIT, MockSlackApi
from tests.conftest import FakeClock

SECRET = "test-signing-secret"
BOT_TOKEN = "xoxb-test-token"
APP_TOKEN = "xapp-test-token"
CLIENT_ID, CLIENT_SECRET = "1111.2222", "test-client-secret"
GENERAL = "C0GENERAL"
FORM = "application/x-www-form-urlencoded"


@dataclass(frozen=True, slots=True)
class User:
    id: str
    name: str


ALICE = User("U0ALICE", "alice")
BOB = User("U0BOB", "bob")
CAROL = User("U0CAROL", "carol")


def signed(body: str, *, timestamp: int | None = None, secret: str = SECRET) -> dict[str, str]:
    """The headers Slack signs a request with (slack-sdk's `SignatureVerifier` format)."""
    ts = str(timestamp if timestamp is not None else int(time.time()))
    signature = SignatureVerifier(secret).generate_signature(timestamp=ts, body=body)
    assert signature is not None
    return {"X-Slack-Request-Timestamp": ts, "X-Slack-Signature": signature}


@dataclass
class Sent:
    status: int
    body: str
    headers: dict[str, str]


class SlackHarness:
    """Glossbot's HTTP-mode server, driven as Slack drives it."""

    def __init__(self, bot: SlackBot, api: MockSlackApi, url: str) -> None:
        self.bot = bot
        self.api = api
        self.url = url
        self._triggers = itertools.count(1)
        self._events = itertools.count(1)

    async def post(
        self,
        body: str,
        content_type: str = FORM,
        *,
        headers: dict[str, str] | None = None,
        timestamp: int | None = None,
        secret: str = SECRET,
    ) -> Sent:
        sent = {"Content-Type": content_type, **signed(body, timestamp=timestamp, secret=secret)}
        async with (
            aiohttp.ClientSession() as session,
            session.post(self.url + EVENTS_PATH, data=body, headers=sent | (headers or {})) as r,
        ):
            return Sent(r.status, await r.text(), dict(r.headers))

    def trigger(self) -> str:
        return f"trigger-{next(self._triggers)}"

    def slash_body(
        self,
        command: str,
        text: str = "",
        *,
        user: User = ALICE,
        channel: str = GENERAL,
        team: str = TEAM,
    ) -> str:
        return urlencode(
            {
                "command": command,
                "text": text,
                "team_id": team,
                "user_id": user.id,
                "user_name": user.name,
                "channel_id": channel,
                "response_url": self.api.response_url(),
                "trigger_id": self.trigger(),
            }
        )

    async def command(self, command: str, text: str = "", **where: Any) -> Sent:
        """Run a slash command (`where`: `slash_body`'s user, channel, team) and wait until
        the bot has finished answering it."""
        sent = await self.post(self.slash_body(command, text, **where))
        await self.settled()
        return sent

    def click_body(
        self,
        action_id: str,
        *,
        user: User = ALICE,
        channel: str = GENERAL,
        message_ts: str = "1700000000.000001",
        view: dict[str, Any] | None = None,
    ) -> str:
        payload: dict[str, Any] = {
            "type": "block_actions",
            "team": {"id": TEAM},
            "user": {"id": user.id, "username": user.name, "team_id": TEAM},
            "trigger_id": self.trigger(),
            "actions": [{"type": "button", "action_id": action_id, "value": action_id}],
        }
        if view is None:
            payload["channel"] = {"id": channel}
            payload["container"] = {"type": "message", "message_ts": message_ts}
            payload["message"] = {"ts": message_ts}
            payload["response_url"] = self.api.response_url()
        else:
            payload["container"] = {"type": "view", "view_id": view["id"]}
            payload["view"] = view
        return urlencode({"payload": json.dumps(payload)})

    async def click(self, action_id: str, **kwargs: Any) -> Sent:
        sent = await self.post(self.click_body(action_id, **kwargs))
        await self.settled()
        return sent

    async def submit(self, view: dict[str, Any], value: str, *, user: User = ALICE) -> Sent:
        """Submit a modal the bot opened (the `view` it sent to `views.open`)."""
        state = {"values": {"answer": {"text": {"type": "plain_text_input", "value": value}}}}
        payload = {
            "type": "view_submission",
            "team": {"id": TEAM},
            "user": {"id": user.id, "username": user.name, "team_id": TEAM},
            "trigger_id": self.trigger(),
            "view": {**view, "id": "V0FORM", "state": state},
        }
        sent = await self.post(urlencode({"payload": json.dumps(payload)}))
        await self.settled()
        return sent

    def event_body(self, event: dict[str, Any], event_id: str = "", *, team: str = TEAM) -> str:
        return json.dumps(
            {
                "type": "event_callback",
                "team_id": team,
                "api_app_id": "A0APP",
                "event_id": event_id or f"Ev{next(self._events)}",
                "event_time": int(time.time()),
                "event": event,
            }
        )

    async def settled(self) -> None:
        async with asyncio.timeout(WAIT):
            await self.bot.idle()


def http_bolt(api: MockSlackApi, store: Store, clock: FakeClock) -> Bolt:
    """bolt in HTTP mode, calling the mock Web API; for a core on `store` and `clock`."""
    return connect(Settings(BOT_TOKEN, signing_secret=SECRET, api_url=api.api_url), store, clock)


def oauth_bolt(api: MockSlackApi, store: Store, clock: FakeClock) -> Bolt:
    """bolt for many workspaces (Slack's OAuth flow), installations kept in `store`."""
    settings = Settings(
        "",
        signing_secret=SECRET,
        api_url=api.api_url,
        client_id=CLIENT_ID,
        client_secret=CLIENT_SECRET,
    )
    return connect(settings, store, clock)


@asynccontextmanager
async def running_bot(
    core: Core, bolt: Bolt, api: MockSlackApi, clock: FakeClock
) -> AsyncIterator[SlackHarness]:
    """The bot in HTTP mode on 127.0.0.1, port 0, with its core timers running.

    `core` posts through `SlackOutbox(bolt.client)` (the `outbox` fixture), as in `serve`.
    """
    bot = SlackBot(core, bolt)
    runner, port = await serve_http(bot, "127.0.0.1", 0)
    background = asyncio.create_task(core.run_background())
    await clock.settled()
    try:
        yield SlackHarness(bot, api, f"http://127.0.0.1:{port}")
    finally:
        background.cancel()
        await asyncio.gather(background, return_exceptions=True)
        await runner.cleanup()
