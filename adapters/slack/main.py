"""`glossbot slack`: run the bot on Slack, in Socket Mode or (with `--http`) HTTP mode.

Socket Mode needs `SLACK_BOT_TOKEN` and `SLACK_APP_TOKEN`; HTTP mode `SLACK_BOT_TOKEN`
and `SLACK_SIGNING_SECRET`. Many workspaces (HTTP mode, Slack's OAuth flow) take
`SLACK_CLIENT_ID` and `SLACK_CLIENT_SECRET` instead of `SLACK_BOT_TOKEN`. A missing one
stops the bot before it starts, with one line naming the variable (exit 2, from the CLI);
so does a half-configured OAuth setup, and a token Slack refuses. SIGTERM or
SIGINT stop it gracefully: no new requests, in-flight work finished (up to 10 s), the
core's timers cancelled, the core closed.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import logging
import os
import signal
import sys
from collections.abc import Awaitable, Callable

from slack_bolt.adapter.socket_mode.async_handler import AsyncSocketModeHandler
from slack_sdk.errors import SlackApiError

from adapters import ops
from adapters.slack.app import EVENTS_PATH, Settings, SlackBot, api_url, connect, serve_http
from adapters.slack.manifest import manifest_yaml
from adapters.slack.outbox import SlackOutbox
from bot import heap
from bot.clock import SystemClock
from bot.commands import REGISTRY
from bot.config import Config, secret
from bot.core import Core
from bot.errors import ConfigError, GlossbotError
from bot.store import store_for

HELP = "run the bot on Slack (Socket Mode, or HTTP mode with --http)"
DRAIN_SECONDS = 10.0

log = logging.getLogger(__name__)

Closer = Callable[[], Awaitable[None]]


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--http",
        action="store_true",
        help="serve Slack's requests over HTTP (needs SLACK_SIGNING_SECRET) "
        "instead of Socket Mode (needs SLACK_APP_TOKEN)",
    )
    parser.add_argument("--host", default="0.0.0.0", help="HTTP mode: address to bind")
    parser.add_argument("--port", type=int, default=3000, help="HTTP mode: port (0: any free)")
    ops.add_port_argument(parser)
    parser.add_argument(
        "--manifest", action="store_true", help="print the Slack app manifest and exit"
    )
    parser.add_argument(
        "--request-url",
        default="",
        help="with --manifest: the public URL of /slack/events, for an HTTP-mode manifest",
    )


CLIENT_ID, CLIENT_SECRET, BOT_TOKEN = "SLACK_CLIENT_ID", "SLACK_CLIENT_SECRET", "SLACK_BOT_TOKEN"


def settings_from_env(config: Config, *, http: bool) -> Settings:
    """The secrets for the chosen mode; a `ConfigError` names the first one missing."""
    if os.environ.get(CLIENT_ID, "").strip() or os.environ.get(CLIENT_SECRET, "").strip():
        return _many_workspaces(config, http=http)
    bot_token = secret(BOT_TOKEN)
    if http:
        return Settings(
            bot_token, signing_secret=secret("SLACK_SIGNING_SECRET"), api_url=api_url(config)
        )
    return Settings(bot_token, app_token=secret("SLACK_APP_TOKEN"), api_url=api_url(config))


def _many_workspaces(config: Config, *, http: bool) -> Settings:
    """`SLACK_CLIENT_ID` and `SLACK_CLIENT_SECRET`, both, in HTTP mode, without a bot token."""
    client_id, client_secret = secret(CLIENT_ID), secret(CLIENT_SECRET)
    if os.environ.get(BOT_TOKEN, "").strip():
        raise ConfigError(
            "",
            f"set {BOT_TOKEN} for one workspace or {CLIENT_ID} and {CLIENT_SECRET} "
            "for many, not both",
        )
    if not http:
        raise ConfigError("", f"{CLIENT_ID} (many workspaces) needs HTTP mode: add --http")
    return Settings(
        "",
        signing_secret=secret("SLACK_SIGNING_SECRET"),
        api_url=api_url(config),
        client_id=client_id,
        client_secret=client_secret,
    )


def run(config: Config, args: argparse.Namespace) -> int:
    if args.manifest:
        sys.stdout.write(manifest_yaml(REGISTRY, request_url=args.request_url))
        return 0
    settings = settings_from_env(config, http=args.http)
    http = (args.host, args.port) if args.http else None
    ops_port = ops.port_from(config, args)
    return asyncio.run(serve(config, settings, http=http, ops_port=ops_port, settle_heap=True))


async def serve(
    config: Config,
    settings: Settings,
    *,
    http: tuple[str, int] | None,
    ops_port: int = 0,
    settle_heap: bool = False,
) -> int:
    """Run until SIGTERM or SIGINT, then shut down in order.

    A token Slack refuses, or a port that cannot be bound, raises `GlossbotError` before
    anything runs. `settle_heap` (the process's own run, not a test's): once serving,
    freeze what start-up loaded (`bot.heap`).
    """
    clock, store = SystemClock(), store_for(config)  # Core.start opens the store
    bolt = connect(settings, store, clock)
    outbox = SlackOutbox(bolt.client, bolt.tokens)
    core = await Core.start(config, clock=clock, store=store, outbox=outbox)
    try:
        bot = SlackBot(core, bolt)
        await _check_bot_token(bot)
        # HTTP mode serves the ops endpoints on its own port (`SlackBot.web_app`).
        async with ops.serving(0 if http else ops_port, bot.problem):
            await _run_until_stopped(bot, settings, http, settle_heap=settle_heap)
    finally:
        await core.close()
    log.info("Slack: stopped")
    return 0


async def _run_until_stopped(
    bot: SlackBot, settings: Settings, http: tuple[str, int] | None, *, settle_heap: bool
) -> None:
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGTERM, signal.SIGINT):  # before the bot is reachable
        loop.add_signal_handler(signum, stop.set)
    try:
        close = await _open(bot, settings, http)
        if settle_heap:  # the content, its index, bolt and the server are all built now
            heap.settle()
        background = asyncio.create_task(bot.core.run_background(), name="core")
        background.add_done_callback(lambda task: _background_ended(task, stop))
        try:
            await stop.wait()
            log.info("Slack: shutting down")
        finally:
            await close()  # no new requests
            with contextlib.suppress(TimeoutError):
                async with asyncio.timeout(DRAIN_SECONDS):
                    await bot.idle()  # answers in flight finish
            background.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await background
    finally:
        for signum in (signal.SIGTERM, signal.SIGINT):
            loop.remove_signal_handler(signum)


async def _check_bot_token(bot: SlackBot) -> None:
    if bot.tokens is not None:  # many workspaces: each request's token is checked by bolt
        bot.connected = True
        return
    try:
        await bot.client.auth_test()
    except SlackApiError as exc:
        error = exc.response.get("error", "refused")
        raise GlossbotError(f"Slack refused SLACK_BOT_TOKEN ({error})") from None
    bot.connected = True


async def _open(bot: SlackBot, settings: Settings, http: tuple[str, int] | None) -> Closer:
    """Start taking Slack's requests; return what stops it."""
    if http is not None:
        host, port = http
        try:
            runner, bound = await serve_http(bot, host, port)
        except OSError as exc:
            raise GlossbotError(f"cannot listen on {host}:{port}: {exc.strerror}") from None
        log.info("Slack HTTP mode: listening on http://%s:%d%s", host, bound, EVENTS_PATH)
        if bot.app.oauth_flow is not None:
            install = bot.app.oauth_flow.install_path
            log.info("Slack: many workspaces; install page on http://%s:%d%s", host, bound, install)
        return runner.cleanup
    handler = AsyncSocketModeHandler(bot.app, settings.app_token)
    try:  # asked here so that a bad token stops the bot instead of retrying forever
        handler.client.wss_uri = await handler.client.issue_new_wss_url()
    except SlackApiError as exc:
        error = exc.response.get("error", "refused")
        raise GlossbotError(f"Slack refused SLACK_APP_TOKEN ({error})") from None
    await handler.connect_async()  # type: ignore[no-untyped-call]
    log.info("Slack Socket Mode: connected")
    closer: Closer = handler.close_async
    return closer


def _background_ended(task: asyncio.Task[None], stop: asyncio.Event) -> None:
    """The core's timers must run as long as the bot does: if they die, stop the bot."""
    if not task.cancelled() and task.exception() is not None:
        log.error("the core's background tasks stopped", exc_info=task.exception())
        stop.set()
