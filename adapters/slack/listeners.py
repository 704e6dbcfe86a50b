"""The bolt listeners: each acks first, then asks the core, then delivers the reply.

`ack()` is the first await of every listener, and everything after it runs in a task of
its own (`InFlight.start`), so the listener returns at once. bolt runs with
`process_before_response` (`app.connect`): it sends the HTTP answer as soon as the listener
returns, so Slack gets its ack before the lookup, database or `users.info` call starts.
(In bolt's other mode the listener runs in a task and bolt polls for the ack every 10 ms,
so each ack waited ~10 ms: 12 ms at the median under load, 2 ms now.) Every slash command
is parsed once (`parse_command`) and reaches `Core.run`, every button `Core.click`, every
form `Core.submit`, and the "Define terms" message shortcut `Core.run(ctx, "terms", ...)`.

Errors are reported in one way (`report`, by `bot.errors.explain`): a `GlossbotError` is
shown to the user privately, anything else is logged with its traceback and shown as
"Something went wrong (ref ...)". The work after the ack catches its own failures
(`reporting`); `app.error` reports what fails anywhere else.
"""

from __future__ import annotations

import asyncio
import logging
import re
from collections.abc import AsyncIterator, Awaitable, Callable, Coroutine
from contextlib import asynccontextmanager
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
    """The work listeners left running after their ack, so shutdown and tests can wait."""

    def __init__(self) -> None:
        self._tasks: set[asyncio.Task[None]] = set()
        self._idle = asyncio.Event()
        self._idle.set()

    def start(self, work: Coroutine[Any, Any, None]) -> None:
        """Run `work` in a task of its own, counted (and kept) until it ends."""
        task = asyncio.get_running_loop().create_task(work)
        self._tasks.add(task)
        self._idle.clear()
        task.add_done_callback(self._ended)

    def _ended(self, task: asyncio.Task[None]) -> None:
        self._tasks.discard(task)
        if not self._tasks:
            self._idle.set()
        if not task.cancelled() and task.exception() is not None:  # `reporting` missed it
            log.error("a Slack listener's work failed", exc_info=task.exception())

    async def wait(self) -> None:
        """Return once nothing is in flight (re-checked, so a handover is not missed)."""
        while self._tasks:
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
        await ack()
        self.in_flight.start(self._command(body, respond, client))

    async def _command(self, body: Body, respond: AsyncRespond, client: AsyncWebClient) -> None:
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
        await ack()
        self.in_flight.start(self._click(body, respond, client))

    async def _click(self, body: Body, respond: AsyncRespond, client: AsyncWebClient) -> None:
        origin = from_interaction(body)
        async with self.reporting(origin, respond, client):
            ctx = origin.context(self.core.clock.now())
            reply = await self.core.click(ctx, clicked(body))
            await self.delivery(client).send(reply, origin, respond)

    async def on_form(self, ack: AsyncAck, body: Body, client: AsyncWebClient) -> None:
        await ack()  # closes the modal; the verdict comes as a message
        self.in_flight.start(self._form(body, client))

    async def _form(self, body: Body, client: AsyncWebClient) -> None:
        origin = from_interaction(body)
        async with self.reporting(origin, None, client):
            action, text = submitted(body)
            reply = await self.core.submit(origin.context(self.core.clock.now()), action, text)
            await self.delivery(client).send(reply, origin, None)

    async def on_define_terms(
        self, ack: AsyncAck, body: Body, respond: AsyncRespond, client: AsyncWebClient
    ) -> None:
        """The "Define terms" message shortcut: the payload carries the message's text."""
        await ack()
        self.in_flight.start(self._define_terms(body, respond, client))

    async def _define_terms(
        self, body: Body, respond: AsyncRespond, client: AsyncWebClient
    ) -> None:
        origin = from_interaction(body)
        async with self.reporting(origin, respond, client):
            text = str((body.get("message") or {}).get("text", ""))
            ctx = origin.context(self.core.clock.now())
            reply = await self.core.run(ctx, "terms", text=text)
            await self.delivery(client).send(reply, origin, respond)

    # Events: bolt acks them once the listener returns (at once: the work is a task).

    async def on_home_opened(self, body: Body, client: AsyncWebClient) -> None:
        if (body.get("event") or {}).get("tab") == "home":
            self.in_flight.start(self._publish_home(body, client))

    async def _publish_home(self, body: Body, client: AsyncWebClient) -> None:
        origin = from_event(body)
        async with self.reporting(None, None, client):
            view = await build_home(self.core, origin.context(self.core.clock.now()))
            await client.views_publish(user_id=origin.user_id, view=view)

    async def on_uninstalled(self, body: Body, context: AsyncBoltContext) -> None:
        self.in_flight.start(self._uninstalled(body, context))

    async def _uninstalled(self, body: Body, context: AsyncBoltContext) -> None:
        """The app left a workspace: forget its tokens, stop its schedules."""
        async with self.reporting(None, None, None):
            if self._forget is not None:
                await self._forget(context=context)
            origin = from_event(body)
            scope = origin.context(self.core.clock.now()).scope
            stopped = await stop_schedules(self.core.store, scope)
            log.info("Slack: uninstalled from %s; %d schedules stopped", scope, stopped)

    async def on_tokens_revoked(self, event: Body, context: AsyncBoltContext) -> None:
        self.in_flight.start(self._tokens_revoked(event, context))

    async def _tokens_revoked(self, event: Body, context: AsyncBoltContext) -> None:
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
        self.in_flight.start(self.report(error, origin_of(body), respond, client))

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
