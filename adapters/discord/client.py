"""The Discord client: intents, the command tree, buttons and modals, the core's background loop.

`GlossbotClient` asks for no privileged intent (only `guilds`, for role names and the
channel cache) and mentions nobody (`AllowedMentions.none()` on every message). In
`setup_hook` it registers the one `ActionButton` class, so buttons on old messages keep
working, and starts `Core.run_background`; `close` stops that loop after letting in-flight
answers finish. The client is built first, so that the core can be built around its
`outbox` (a `DiscordOutbox` on this connection); `attach` then hands it that core.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Mapping
from typing import Any

import discord
from discord import app_commands

from adapters.discord import respond
from adapters.discord.commands import install
from adapters.discord.components import ActionButton, submitted_text
from adapters.discord.outbox import DiscordOutbox
from adapters.discord.shards import ALL_SHARDS, ShardPlan
from adapters.discord.sync import sync_if_changed
from bot import suggest
from bot.actions import PATTERN
from bot.clock import Clock
from bot.config import Config
from bot.core import Core

log = logging.getLogger(__name__)

DRAIN_SECONDS = 10.0
"""How long a shutdown waits for answers in flight (tokens last 15 minutes; users don't)."""


def intents() -> discord.Intents:
    """`guilds` (role names and channels) and `guild_polls` (votes in the weekly suggestion
    poll); neither is privileged, and interactions need no intent at all."""
    chosen = discord.Intents.none()
    chosen.guilds = True
    chosen.guild_polls = True
    return chosen


def _background_ended(task: asyncio.Task[None]) -> None:
    if not task.cancelled() and task.exception() is not None:
        log.error("the core's background loop stopped", exc_info=task.exception())


class GlossbotTree(app_commands.CommandTree["GlossbotClient"]):
    async def on_error(
        self, interaction: discord.Interaction[GlossbotClient], error: app_commands.AppCommandError
    ) -> None:
        original = error.original if isinstance(error, app_commands.CommandInvokeError) else error
        await respond.report_failure(interaction, original)


def text_options() -> dict[str, Any]:
    """What every glossbot client is built with, for serving or for syncing commands: the
    `guilds` intent and no mentions. It never joins voice, so PyNaCl and davey are not
    needed and discord.py need not warn (it warns once per process, while these are set)."""
    discord.VoiceClient.warn_nacl = discord.VoiceClient.warn_dave = False
    return {"intents": intents(), "allowed_mentions": discord.AllowedMentions.none()}


class TextClient(discord.Client):
    """A REST-only client (`--sync`): it never connects to the gateway, so needs no shards."""

    def __init__(self) -> None:
        super().__init__(**text_options())


class GlossbotClient(discord.AutoShardedClient):
    """The serving client. Sharded even when small: Discord then says how many shards the
    bot needs (one, below 2,500 servers), and `shards` runs a given set of them."""

    def __init__(self, config: Config, clock: Clock, shards: ShardPlan = ALL_SHARDS) -> None:
        """`clock` is the one the core will run on (the outbox times interaction tokens)."""
        super().__init__(**text_options(), **shards.client_options())
        self.config = config
        self.plan = shards
        self.tree = GlossbotTree(self)
        self.outbox = DiscordOutbox(self, clock)
        self.inflight: set[asyncio.Task[Any]] = set()
        self._core: Core | None = None
        self._background: asyncio.Task[None] | None = None
        install(self.tree)

    def attach(self, core: Core) -> None:
        """The core this client serves (built with `self.outbox`); before logging in."""
        self._core = core

    @property
    def core(self) -> Core:
        if self._core is None:
            raise RuntimeError("GlossbotClient.attach(core) must come before login")
        return self._core

    async def setup_hook(self) -> None:
        self.add_dynamic_items(ActionButton)
        if self._background is None:  # setup_hook runs once per login; be sure anyway
            self._background = asyncio.create_task(
                self.core.run_background(), name="glossbot-background"
            )
            self._background.add_done_callback(_background_ended)
        if self.plan.syncs_commands:  # one process per bot: the one with shard 0
            try:
                await sync_if_changed(self.tree)
            except discord.HTTPException as exc:  # serve anyway; `--sync` says more
                log.warning("could not check the registered slash commands: %s", exc)

    async def on_ready(self) -> None:
        # Never sync here: on_ready fires on every reconnect (`glossbot discord --sync`).
        running = ShardPlan(self.shard_count, self.plan.ids)  # the count Discord chose, if it did
        log.info(
            "connected as %s to %d servers on %s", self.user, len(self.guilds), running.describe()
        )

    async def on_shard_disconnect(self, shard_id: int) -> None:
        log.warning("shard %d disconnected; discord.py reconnects it", shard_id)

    async def on_shard_resumed(self, shard_id: int) -> None:
        log.info("shard %d resumed", shard_id)

    def gateway_problem(self) -> str:
        """Why this client cannot take interactions ("" when every shard can), for /readyz.
        `is_ready` stays true when one shard of several drops, so each is checked too."""
        if self.is_closed() or not self.is_ready():
            return "discord: not connected to the gateway"
        down = sorted(i for i, shard in self.shards.items() if shard.is_closed())
        if down:
            return "discord: shard " + ",".join(map(str, down)) + " disconnected"
        return ""

    async def on_interaction(self, interaction: discord.Interaction[Any]) -> None:
        """Modal submissions: read statelessly from the payload (see `AnswerModal`)."""
        if interaction.type is not discord.InteractionType.modal_submit:
            return
        data: Mapping[str, Any] = interaction.data if isinstance(interaction.data, dict) else {}
        action_id = str(data.get("custom_id", ""))
        if not PATTERN.fullmatch(action_id):
            return
        try:
            await respond.submit(interaction, action_id, submitted_text(data))
        except Exception as exc:
            await self.handle_failure(interaction, exc)

    async def on_raw_poll_vote_add(self, payload: discord.RawPollVoteActionEvent) -> None:
        await self._poll_vote(payload, payload.answer_id - 1)

    async def on_raw_poll_vote_remove(self, payload: discord.RawPollVoteActionEvent) -> None:
        await self._poll_vote(payload, None)

    async def _poll_vote(self, payload: discord.RawPollVoteActionEvent, choice: int | None) -> None:
        """A vote in the weekly suggestion poll (answer ids count from 1)."""
        if payload.guild_id is None:
            return
        prefix = f"discord:{payload.guild_id}"
        try:
            await suggest.poll_vote(
                self.core,
                f"{prefix}:{payload.channel_id}",
                str(payload.message_id),
                f"{prefix}:{payload.user_id}",
                choice,
            )
        except Exception:
            log.exception("could not record a poll vote on message %s", payload.message_id)

    async def handle_click(self, interaction: discord.Interaction[Any], action_id: str) -> None:
        await respond.click(interaction, action_id)

    async def handle_failure(self, interaction: discord.Interaction[Any], error: Exception) -> None:
        await respond.report_failure(interaction, error)

    async def drain(self, timeout: float = DRAIN_SECONDS) -> None:
        """Wait (up to `timeout`) for the answers being worked on to be sent."""
        pending = {t for t in self.inflight if not t.done()}
        if pending:
            log.info("waiting for %d answers in flight", len(pending))
            await asyncio.wait(pending, timeout=timeout)

    async def close(self) -> None:
        if self._background is not None:
            self._background.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._background
            self._background = None
        await super().close()
