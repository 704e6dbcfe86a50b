"""Wiring: the bolt `AsyncApp` with glossbot's Web API client, listeners and retry guard,
and the aiohttp server HTTP mode runs (`POST /slack/events`, `GET /healthz`, and with many
workspaces bolt's `GET /slack/install` and `GET /slack/oauth_redirect`).

The Web API base URL is `SLACK_API_URL` when set, else `slack.api_url` from the config,
else Slack's: the environment wins, as it is what a deployment (or a test) controls.
Rate-limited calls (HTTP 429) are retried after `Retry-After`.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Protocol

import aiohttp
from aiohttp import web
from slack_bolt.adapter.aiohttp import to_aiohttp_response, to_bolt_request
from slack_bolt.app.async_app import AsyncApp
from slack_sdk.http_retry.builtin_async_handlers import AsyncRateLimitErrorRetryHandler
from slack_sdk.web.async_client import AsyncWebClient

from adapters import ops
from adapters.slack.admin import Admins
from adapters.slack.installations import BotTokens
from adapters.slack.listeners import Listeners
from adapters.slack.oauth import oauth_app
from adapters.slack.retries import SeenRequests
from bot.clock import Clock
from bot.config import Config
from bot.core import Core
from bot.store import DeliveryStore, InstallationStore

DEFAULT_API_URL = "https://slack.com/api/"
API_URL_ENV = "SLACK_API_URL"
EVENTS_PATH = "/slack/events"
HEALTH_PATH = "/healthz"
RATE_LIMIT_RETRIES = 2
ANSWER_ONCE_LISTENER_RETURNS = True
"""bolt's `process_before_response`: each listener acks, leaves its work to a task and
returns, and bolt answers at once instead of polling for the ack every 10 ms (`listeners`)."""
REPLY_TIMEOUT = 30.0
"""Seconds for one post to a `response_url` (slack-sdk's webhook client default)."""


@dataclass(frozen=True, slots=True)
class Settings:
    """The secrets and endpoint one run needs; never logged."""

    bot_token: str
    signing_secret: str = ""
    app_token: str = ""
    api_url: str = DEFAULT_API_URL
    client_id: str = ""
    client_secret: str = ""
    """Set (both) for many workspaces through Slack's OAuth flow, instead of `bot_token`."""

    @property
    def many_workspaces(self) -> bool:
        return bool(self.client_id)

    def __repr__(self) -> str:
        return f"Settings(api_url={self.api_url!r})"


def api_url(config: Config, environ: Mapping[str, str] = os.environ) -> str:
    url = environ.get(API_URL_ENV, "").strip() or config.slack.api_url.strip() or DEFAULT_API_URL
    return url if url.endswith("/") else url + "/"


def configure(client: AsyncWebClient, settings: Settings) -> AsyncWebClient:
    """Point bolt's own Web API client at the configured URL and retry rate-limited calls.

    bolt builds the client from the token: handing it one of ours instead makes it warn on
    every start that `SLACK_BOT_TOKEN` (which it reads too) "will be unused".
    """
    client.base_url = settings.api_url
    client.retry_handlers.append(
        AsyncRateLimitErrorRetryHandler(max_retry_count=RATE_LIMIT_RETRIES)
    )
    return client


@dataclass(frozen=True, slots=True)
class Bolt:
    """bolt's app with its Web API client and retry guard, before any listener is added.

    Built first (`connect`), so the core can be built around `SlackOutbox(bolt.client)`;
    `SlackBot(core, bolt)` then adds the listeners that answer through that core. The retry
    guard remembers requests in the store the core will use, on the core's clock.
    """

    app: AsyncApp
    seen: SeenRequests
    tokens: BotTokens | None = None
    """Each workspace's bot token, with many workspaces (None: the client's own)."""

    @property
    def client(self) -> AsyncWebClient:
        return self.app.client


class _BoltStore(DeliveryStore, InstallationStore, Protocol):
    """What bolt keeps in glossbot's store: retries seen, installations, install states."""


def connect(settings: Settings, store: _BoltStore, clock: Clock) -> Bolt:
    """bolt for these settings, its client pointed at the configured Web API URL."""
    seen = SeenRequests(store, clock)
    if settings.many_workspaces:
        app, tokens = oauth_app(
            client=configure(AsyncWebClient(), settings),
            client_id=settings.client_id,
            client_secret=settings.client_secret,
            signing_secret=settings.signing_secret,
            store=store,
            clock=clock,
            before_authorize=seen,
            process_before_response=ANSWER_ONCE_LISTENER_RETURNS,
        )
        return Bolt(app, seen, tokens)
    app = AsyncApp(
        token=settings.bot_token,
        signing_secret=settings.signing_secret,
        before_authorize=seen,
        process_before_response=ANSWER_ONCE_LISTENER_RETURNS,
    )
    configure(app.client, settings)
    return Bolt(app, seen)


class SlackBot:
    """One bot on one workspace: the bolt app and how it answers, through `core`."""

    def __init__(self, core: Core, bolt: Bolt) -> None:
        self.core = core
        self.seen = bolt.seen
        self.app = bolt.app
        self.client = bolt.client
        self.tokens = bolt.tokens
        admins = Admins(core.config.slack.admin_users)
        self.listeners = Listeners(core, admins)
        self.listeners.register(self.app)
        self.connected = False
        """Set once Slack accepted the bot token (`auth.test`) at start."""

    async def idle(self) -> None:
        """Wait until every listener has finished the work it does after its ack."""
        await self.listeners.in_flight.wait()

    def web_app(self) -> web.Application:
        app = web.Application()
        app.router.add_post(EVENTS_PATH, self._events)
        if self.app.oauth_flow is not None:
            app.router.add_get(self.app.oauth_flow.install_path, self._oauth)
            app.router.add_get(self.app.oauth_flow.redirect_uri_path, self._oauth)
        app.router.add_get(HEALTH_PATH, self._health)
        ops.add_routes(app, self.problem)
        app.on_startup.append(self._keep_alive)
        app.on_cleanup.append(self._close_replies)
        return app

    async def _keep_alive(self, app: web.Application) -> None:
        """Replies to `response_url`s share one session while the server runs."""
        timeout = aiohttp.ClientTimeout(total=REPLY_TIMEOUT)
        self.listeners.replies = aiohttp.ClientSession(timeout=timeout)

    async def _close_replies(self, app: web.Application) -> None:
        """Once the answers in flight are out (or after `REPLY_TIMEOUT`), close the session."""
        with contextlib.suppress(TimeoutError):
            async with asyncio.timeout(REPLY_TIMEOUT):
                await self.listeners.in_flight.wait()
        replies, self.listeners.replies = self.listeners.replies, None
        if replies is not None:
            await replies.close()

    async def problem(self) -> str:
        """Why this worker should not get traffic yet ("" when it should), for /readyz."""
        if not self.connected:
            return "slack: the bot token has not been checked yet"
        return await ops.store_problem(self.core.store)

    async def _events(self, request: web.Request) -> web.Response:
        response = await self.app.async_dispatch(await to_bolt_request(request))
        return await to_aiohttp_response(response)

    async def _oauth(self, request: web.Request) -> web.Response:
        """bolt's install page (a link to Slack's authorize page, with a fresh state) and
        redirect URL (the state checked, the code exchanged, the installation saved)."""
        flow = self.app.oauth_flow
        assert flow is not None
        asked = await to_bolt_request(request)
        if request.path == flow.install_path:
            return await to_aiohttp_response(await flow.handle_installation(asked))
        return await to_aiohttp_response(await flow.handle_callback(asked))

    async def _health(self, request: web.Request) -> web.Response:
        return web.json_response({"ok": True, "entries": len(self.core.content.glossary)})


async def serve_http(bot: SlackBot, host: str, port: int) -> tuple[web.AppRunner, int]:
    """Start the HTTP server; return its runner (to clean up) and the port it bound."""
    runner = web.AppRunner(bot.web_app(), access_log=None)
    await runner.setup()
    await web.TCPSite(runner, host, port).start()
    address = runner.addresses[0]
    return runner, int(address[1])
