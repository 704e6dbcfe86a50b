"""The bolt listeners: each acks first, then asks the core, then delivers the reply.

`ack()` is the first await of every listener, so Slack gets its answer well within 3 s
whatever the lookup, database or `users.info` call costs afterwards. Every slash command
is parsed once (`parse_command`) and reaches `Core.run`, every button `Core.click`, every
form `Core.submit`, and the "Define terms" message shortcut `Core.run(ctx, "terms", ...)`.

Errors are reported in one way (`report`, by `bot.errors.explain`): a `GlossbotError` is
shown to the user privately, anything else is logged with its traceback and shown as
"Something went wrong (ref ...)". Listeners catch their own failures after the ack rather
than leaving them to bolt: when a listener fails after acking, bolt's runner resets the ack, and if
it has not yet sent the response it waits out the 3 s and answers 404 ("didn't call
ack()"), which Slack shows as a timeout. `app.error` reports what fails anywhere else.
"""

from __future__ import annotations

import asyncio
import logging
import re
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from types import TracebackType
from typing import Any

import aiohttp
from slack_bolt.app.async_app import AsyncApp
from slack_bolt.context.ack.async_ack import AsyncAck
from slack_bolt.context.async_context import AsyncBoltContext
from slack_bolt.context.respond.async_respond import AsyncRespond
from slack_sdk.web.async_client import AsyncWebClient

from adapters.slack.admin import Admins
from adapters.slack.delivery import Delivery
from adapters.slack.home import build_home
from adapters.slack.payloads import (
    DEFINE_TERMS,
    FORM_CALLBACK,
    Body,
    Origin,
    clicked,
    from_command,
    from_event,
    from_interaction,
    parse_command,
    submitted,
)
from adapters.slack.uninstall import stop_schedules
from bot.commands.registry import CommandSpec
from bot.core import Core
from bot.errors import explain
from bot.replies import error as error_reply

log = logging.getLogger(__name__)

ANY_COMMAND = re.compile(r"^/.+")
ANY_ACTION = re.compile(r".+")


class InFlight:
    """Counts listeners still working after their ack, so shutdown and tests can wait."""

    def __init__(self) -> None:
        self._count = 0
        self._idle = asyncio.Event()
        self._idle.set()

    def __enter__(self) -> None:
        self._count += 1
        self._idle.clear()

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self._count -= 1
        if not self._count:
            self._idle.set()

    async def wait(self) -> None:
        """Return once nothing is in flight (re-checked, so a handover is not missed)."""
        while self._count:
            await self._idle.wait()


class Listeners:
    """The listener functions bolt calls, bound to one core; `register` wires them.

    Each answers with the Web API client bolt gives the request (`client`), which holds
    the token of the workspace the request came from: the bot token in single-workspace
    mode, that workspace's installation in many-workspace mode.
    """

    def __init__(self, core: Core, admins: Admins) -> None:
        self.core = core
        self.admins = admins
        self.in_flight = InFlight()
        self.replies: aiohttp.ClientSession | None = None
        """The kept-alive session replies go out on (HTTP mode); None: one per reply."""
        self._forget: Callable[..., Awaitable[Any]] | None = None
        self._revoked: Callable[..., Awaitable[Any]] | None = None

    def register(self, app: AsyncApp) -> None:
        app.command(ANY_COMMAND)(self.on_command)
        app.action(ANY_ACTION)(self.on_click)
        app.view_submission(FORM_CALLBACK)(self.on_form)
        app.shortcut(DEFINE_TERMS)(self.on_define_terms)
        app.event("app_home_opened")(self.on_home_opened)
        app.event("app_uninstalled")(self.on_uninstalled)
        if app.installation_store is not None:  # bolt's own listeners forget the tokens
            self._forget = app.default_app_uninstalled_event_listener()
            self._revoked = app.default_tokens_revoked_event_listener()
            app.event("tokens_revoked")(self.on_tokens_revoked)
        app.error(self.on_error)

    def delivery(self, client: AsyncWebClient) -> Delivery:
        return Delivery(self.core, client, self.replies)

    async def on_command(
        self, ack: AsyncAck, body: Body, respond: AsyncRespond, client: AsyncWebClient
    ) -> None:
        with self.in_flight:
            await ack()
            origin = from_command(body)
            async with self.reporting(origin, respond, client):
                command, text = body.get("command", ""), body.get("text", "")
                spec, kwargs = parse_command(self.core.commands, command, text)
                is_admin = await self._is_admin(spec, origin, client)
                ctx = origin.context(self.core.clock.now(), is_admin=is_admin)
                reply = await self.core.run(ctx, spec.name, **kwargs)
                await self.delivery(client).send(reply, origin, respond)

    async def on_click(
        self, ack: AsyncAck, body: Body, respond: AsyncRespond, client: AsyncWebClient
    ) -> None:
        with self.in_flight:
            await ack()
            origin = from_interaction(body)
            async with self.reporting(origin, respond, client):
                ctx = origin.context(self.core.clock.now())
                reply = await self.core.click(ctx, clicked(body))
                await self.delivery(client).send(reply, origin, respond)

    async def on_form(self, ack: AsyncAck, body: Body, client: AsyncWebClient) -> None:
        with self.in_flight:
            await ack()  # closes the modal; the verdict comes as a message
            origin = from_interaction(body)
            async with self.reporting(origin, None, client):
                action, text = submitted(body)
                reply = await self.core.submit(origin.context(self.core.clock.now()), action, text)
                await self.delivery(client).send(reply, origin, None)

    async def on_define_terms(
        self, ack: AsyncAck, body: Body, respond: AsyncRespond, client: AsyncWebClient
    ) -> None:
        """The "Define terms" message shortcut: the payload carries the message's text."""
        with self.in_flight:
            await ack()
            origin = from_interaction(body)
            async with self.reporting(origin, respond, client):
                text = str((body.get("message") or {}).get("text", ""))
                ctx = origin.context(self.core.clock.now())
                reply = await self.core.run(ctx, "terms", text=text)
                await self.delivery(client).send(reply, origin, respond)

    async def on_home_opened(self, body: Body, client: AsyncWebClient) -> None:
        with self.in_flight:  # events are acked by bolt before this runs
            if (body.get("event") or {}).get("tab") != "home":
                return
            origin = from_event(body)
            async with self.reporting(None, None, client):
                view = await build_home(self.core, origin.context(self.core.clock.now()))
                await client.views_publish(user_id=origin.user_id, view=view)

    async def on_uninstalled(self, body: Body, context: AsyncBoltContext) -> None:
        """The app left a workspace: forget its tokens, stop its schedules."""
        with self.in_flight:
            async with self.reporting(None, None, None):
                if self._forget is not None:
                    await self._forget(context=context)
                origin = from_event(body)
                scope = origin.context(self.core.clock.now()).scope
                stopped = await stop_schedules(self.core.store, scope)
                log.info("Slack: uninstalled from %s; %d schedules stopped", scope, stopped)

    async def on_tokens_revoked(self, event: Body, context: AsyncBoltContext) -> None:
        with self.in_flight:
            async with self.reporting(None, None, None):
                if self._revoked is not None:
                    await self._revoked(event=event, context=context)
                log.info("Slack: tokens revoked in %s", context.team_id)

    async def on_error(
        self,
        error: Exception,
        body: Body,
        respond: AsyncRespond | None,
        client: AsyncWebClient | None,
    ) -> None:
        with self.in_flight:
            await self.report(error, origin_of(body), respond, client)

    @asynccontextmanager
    async def reporting(
        self, origin: Origin | None, respond: AsyncRespond | None, client: AsyncWebClient | None
    ) -> AsyncIterator[None]:
        try:
            yield
        except Exception as exc:
            await self.report(exc, origin, respond, client)

    async def report(
        self,
        error: Exception,
        origin: Origin | None,
        respond: AsyncRespond | None,
        client: AsyncWebClient | None,
    ) -> None:
        """Tell the user privately what `explain` makes of the error."""
        text = explain(error, "Slack request", log)
        if origin is None or not origin.user_id or client is None:
            return
        try:
            await self.delivery(client).send(error_reply(text), origin, respond)
        except Exception:
            log.exception("could not tell %s about an error", origin.user_id)

    async def _is_admin(self, spec: CommandSpec, origin: Origin, client: AsyncWebClient) -> bool:
        """Ask Slack only for admin commands (and /help, which lists them to admins)."""
        if not spec.admin and spec.name != "help":
            return False
        return await self.admins.is_admin(origin.team_id, origin.user_id, client)


def origin_of(body: Any) -> Origin | None:
    """Where to report an error for any payload; None when there is no one to tell."""
    if not isinstance(body, dict):
        return None
    if "command" in body:
        return from_command(body)
    if body.get("type") in ("block_actions", "view_submission", "message_action"):
        return from_interaction(body)
    return None
