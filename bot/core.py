"""The platform-agnostic bot: holds the current content and runs commands and button clicks.

Adapters build a `Context`, call `run` (a parsed command: Discord, Slack), `run_line` (a
typed line: the console), `click` or `submit`, and render the `Reply`.
Every failure becomes a reply here, once, for every adapter: a `GlossbotError` shows its
message privately; anything else is logged with a reference the user can quote.
"""

from __future__ import annotations

import asyncio
import inspect
import logging
import random
import time
from collections.abc import Coroutine
from datetime import datetime, timedelta
from typing import Any

from bot import heap, logs, metrics, scheduler, suggest
from bot.actions import Action
from bot.broadcast import Broadcast, Elsewhere, Everywhere, LocalBroadcast, broadcast_for
from bot.clock import Clock, SystemClock
from bot.commands import REGISTRY
from bot.commands.registry import CommandSpec, Registry
from bot.config import Config
from bot.content import Content, ReloadReport, load_content, reload_report
from bot.context import Context
from bot.errors import GlossbotError, NotAllowed, UsageError, explain
from bot.leader import Leader
from bot.outbox import Outbox
from bot.quiz import engine
from bot.replies import Reply, error
from bot.store import Store, store_for
from knowledge import Changes

log = logging.getLogger(__name__)

LOOKUP_RETENTION = timedelta(days=180)


class Core:
    def __init__(
        self,
        config: Config,
        content: Content,
        store: Store,
        *,
        clock: Clock | None = None,
        rng: random.Random | None = None,
        commands: Registry | None = None,
        outbox: Outbox | None = None,
        broadcast: Broadcast | None = None,
    ) -> None:
        self.config = config
        self.store = store
        self.clock = clock or SystemClock()
        self.rng = rng or random.Random()
        self.commands = commands or REGISTRY
        self._outbox = outbox
        self._content = content
        self._reload_lock = asyncio.Lock()
        self.last_reload: ReloadReport | None = None
        lease = timedelta(seconds=config.scheduler.lease_seconds)
        self.leader = Leader(store, "scheduler", self.clock, lease)
        """Whether this instance makes the daily posts (`bot.leader`)."""
        self.broadcast = broadcast or LocalBroadcast()
        self.last_everywhere: Everywhere | None = None

    @classmethod
    async def start(
        cls,
        config: Config,
        *,
        clock: Clock | None = None,
        rng: random.Random | None = None,
        store: Store | None = None,
        outbox: Outbox | None = None,
    ) -> Core:
        """Load the content and open the store the config names; post through `outbox`.

        Raises `GlossbotError` listing every error when the content cannot load.
        """
        clock = clock or SystemClock()
        content, result = await load_content(config.manifest_path, clock.now())
        if content is None:
            details = "\n".join(str(d) for d in result.errors)
            raise GlossbotError(f"The glossary has errors and cannot load:\n{details}")
        store = store or store_for(config)
        await store.open()
        try:
            # The lookup log only feeds /glossary status; half a year of it is plenty.
            await store.prune_lookups(clock.now() - LOOKUP_RETENTION)
        except BaseException:
            await store.close()  # an open store's thread would keep the process alive
            raise
        core = cls(
            config,
            content,
            store,
            clock=clock,
            rng=rng,
            outbox=outbox,
            broadcast=broadcast_for(store),
        )
        core.last_reload = ReloadReport(
            True, Changes(), (), result.warnings, len(content.glossary), content.loaded_at
        )
        try:
            # Other instances' /glossary reload reaches this one from now on.
            await core.broadcast.start(lambda origin: core.reload(asked_by=origin))
        except BaseException:
            await store.close()
            raise
        return core

    @property
    def content(self) -> Content:
        return self._content

    @property
    def outbox(self) -> Outbox | None:
        """Where the core's own posts go, fixed at construction: each adapter builds its
        platform client first and hands its outbox in (None: nothing can be posted)."""
        return self._outbox

    async def run(self, ctx: Context, name: str, **kwargs: object) -> Reply:
        spec = self.commands.get(name)
        if spec is None:
            return error(f"I don't know `/{name}`. Try `/help`.")
        return await self._guarded(ctx, spec, kwargs)

    async def run_line(self, ctx: Context, line: str) -> Reply:
        """Run a typed command line such as `/define what is mlops`."""
        try:
            spec, kwargs = self.commands.parse_line(line)
        except Exception as exc:
            return error(explain(exc, "parsing a command line", log))
        return await self._guarded(ctx, spec, kwargs)

    async def click(self, ctx: Context, action_id: str) -> Reply:
        """A button press; the action id carries everything needed (no state in the UI)."""
        return await self._reply(
            f"click {action_id!r}", self._act(ctx, action_id), ctx, self._verb("click", action_id)
        )

    async def submit(self, ctx: Context, action_id: str, text: str) -> Reply:
        """Text typed into a `Form` (a modal on Discord and Slack)."""
        return await self._reply(
            f"submit {action_id!r}",
            self._act(ctx, action_id, text=text),
            ctx,
            self._verb("submit", action_id),
        )

    async def post_failed(self, track: Action, place: str) -> None:
        """An adapter could not post a tracked reply (the bot is not in that channel)."""
        handler = self.commands.unposted_handler(track.verb)
        if handler is not None:
            await handler(self, place, *track.args)

    async def _act(self, ctx: Context, action_id: str, **kwargs: str) -> Reply:
        """Run the handler of a button or form id, its arguments checked against it first."""
        action = Action.decode(action_id)
        handler = self.commands.action_handler(action.verb)
        if handler is None:
            raise UsageError("That button is not one of mine.")
        try:
            bound = inspect.signature(handler).bind(self, ctx, *action.args, **kwargs)
        except TypeError:
            raise UsageError("That button is not one of mine.") from None
        reply: Reply = await handler(*bound.args, **bound.kwargs)
        return reply

    async def posted(self, track: Action, place: str, ref: str) -> None:
        """An adapter posted a reply with `track` set, as message `ref` in `place`."""
        handler = self.commands.posted_handler(track.verb)
        if handler is not None:
            await handler(self, place, ref, *track.args)

    async def _guarded(self, ctx: Context, spec: CommandSpec, kwargs: dict[str, object]) -> Reply:
        return await self._reply(f"/{spec.name}", self._invoke(ctx, spec, kwargs), ctx, spec.name)

    async def _invoke(self, ctx: Context, spec: CommandSpec, kwargs: dict[str, object]) -> Reply:
        if spec.admin and not ctx.is_admin:
            raise NotAllowed(f"use /{spec.name}")
        if spec.guild_only and not ctx.in_guild:
            raise UsageError(f"`/{spec.name}` works in a server channel, not in DMs.")
        reply: Reply = await spec.handler(self, ctx, **kwargs)
        return reply

    async def _reply(
        self, what: str, work: Coroutine[Any, Any, Reply], ctx: Context, label: str
    ) -> Reply:
        """Every failure becomes a private reply, told by `errors.explain`; each is counted
        and timed (`bot.metrics`) and its log lines carry the request (`bot.logs`)."""
        request = {
            "platform": ctx.platform,
            "workspace": ctx.workspace,
            "channel": ctx.channel_id,
            "command": label,
        }
        token = logs.REQUEST.set(request)
        start = time.perf_counter()
        try:
            reply = await work
        except Exception as exc:
            reply = error(explain(exc, what, log))
        finally:
            logs.REQUEST.reset(token)
        metrics.COMMAND_SECONDS.labels(label).observe(time.perf_counter() - start)
        metrics.COMMANDS.labels(label, "error" if reply.is_error else "ok").inc()
        return reply

    def _verb(self, kind: str, action_id: str) -> str:
        """A metric label for a click or form: its verb, if it is one of ours."""
        verb = action_id.partition(":")[0]
        return f"{kind}:{verb if self.commands.action_handler(verb) else 'unknown'}"

    async def run_background(self) -> None:
        """Run the core's own timers (daily posts, closing questions) until cancelled.

        Adapters start this once their connection is up and cancel it on shutdown; what it
        posts goes to the outbox given at construction. Only the scheduler leader (the
        instance holding the "scheduler" lease) makes daily and weekly posts; cancelling
        releases the lease, so a standby instance takes over at once.
        """
        try:
            while True:
                await self.clock.sleep_until(await self.background_pass())
        finally:
            await self.leader.release()

    async def background_pass(self) -> datetime:
        """One look at the timers: renew the lease, post what is due if leading, close what
        is over; return when to look again (at least once per lease renewal)."""
        try:
            if await self.leader.check():
                await scheduler.tick(self, lambda: self.leader.leading)
                await suggest.tick(self)
            await engine.close_due(self)  # safe anywhere: one instance wins each close
            wake = await scheduler.next_wake(self)
        except Exception:
            log.exception("background tick failed; trying again shortly")
            wake = self.clock.now() + timedelta(seconds=30)
        return min(wake, self.clock.now() + self.leader.renew_every)

    async def close(self) -> None:
        """Release what `start` opened; safe to call twice."""
        await self.leader.release()
        await self.broadcast.close()
        await self.store.close()

    async def reload(self, *, asked_by: str = "") -> ReloadReport:
        """Re-read every source; swap in the new content only when it loads without errors.

        `asked_by` names the instance whose `/glossary reload` asked for it, for the log.
        """
        async with self._reload_lock:
            manifest = self.config.manifest_path
            content, result = await load_content(manifest, self.clock.now())
            report = reload_report(self._content, content, result, self.clock.now())
            if content is not None:
                self._content = content
                heap.refreeze()  # a server's settled heap: free the old content, settle again
            self.last_reload = report
        _log_reload(report, f" (asked by {asked_by})" if asked_by else "")
        return report

    async def reload_everywhere(self) -> Everywhere:
        """Reload here while every other instance is asked to reload too; their answers.

        A failure to reach the others never undoes or hides the reload here.
        """
        asking = asyncio.create_task(self.broadcast.reload_others(), name="glossbot-ask-reload")
        try:
            here = await self.reload()
        except BaseException:
            asking.cancel()
            raise
        try:
            elsewhere = await asking
        except Exception:
            log.exception("asking the other instances to reload failed")
            elsewhere = Elsewhere(problem="asking them failed (see the log)")
        self.last_everywhere = Everywhere(here, self.broadcast.instance, elsewhere)
        return self.last_everywhere


def _log_reload(report: ReloadReport, why: str) -> None:
    if report.ok:
        c = report.changes
        log.info(
            "reloaded%s: %d entries (+%d -%d ~%d), %d warnings",
            why,
            report.entries,
            len(c.added),
            len(c.removed),
            len(c.changed),
            len(report.warnings),
        )
    else:
        log.warning(
            "reload%s failed, still serving the previous %d entries: %d errors, first: %s",
            why,
            report.entries,
            len(report.errors),
            report.errors[0] if report.errors else "?",
        )
