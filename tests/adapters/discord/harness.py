"""A real glossbot Discord client, logged in to a `FakeDiscord`, driven by raw gateway payloads.

`async with running_bot(content, db) as bot:` builds the real Core (SQLite at `db`) and the
real `GlossbotClient`, logs in through discord.py (`setup_hook` runs: dynamic buttons are
registered, the core's background loop starts), and offers `bot.command(...)`,
`bot.autocomplete(...)`, `bot.click(...)` and `bot.submit(...)`. Each builds an
INTERACTION_CREATE payload and feeds it to `ConnectionState.parse_interaction_create`,
exactly as the gateway would, then waits for the handlers and returns the `Exchange`:
what the bot sent Discord for that interaction. Time is the shared `FakeClock`, so the
core's timers (reveals, daily posts) fire exactly when a test moves it.
"""

from __future__ import annotations

import asyncio
import itertools
import random
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import discord
from discord.webhook.async_ import async_context

from adapters.discord.client import GlossbotClient
from adapters.discord.shards import ALL_SHARDS, ShardPlan
from bot.config import Config
from bot.content import Content
from bot.core import Core
from bot.store import SqliteStore
from tests.adapters.discord.fake_discord import APP_ID, EPHEMERAL, Call, FakeDiscord
from tests.adapters.discord.payloads import (
    ADMIN_ROLE_ID,
    ALICE,
    BOB,
    CAROL,
    CHANNEL_ID,
    DM_CHANNEL_ID,
    GUILD_ID,
    OWNER,
    QUIZ_CHANNEL_ID,
    QUIZMASTER,
    SEES_AND_POSTS,
    Person,
    button,
    buttons,
    channel_payload,
    filled,
    interaction,
    message_text,
    option_payload,
)
from tests.conftest import FakeClock

__all__ = [
    "ADMIN_ROLE_ID",
    "ALICE",
    "BOB",
    "CAROL",
    "CHANNEL_ID",
    "DM_CHANNEL_ID",
    "GUILD_ID",
    "OWNER",
    "QUIZMASTER",
    "QUIZ_CHANNEL_ID",
    "Bot",
    "Exchange",
    "Person",
    "button",
    "buttons",
    "interaction",
    "message_text",
    "running_bot",
]

BOT_PERSON = Person(APP_ID, "glossbot")
_HANDLERS = ("CommandTree-invoker", "discord-ui-", "discord.py: on_")


@dataclass
class Exchange:
    """Everything the bot sent Discord while handling one interaction."""

    calls: list[Call]
    fake: FakeDiscord

    @property
    def callback_types(self) -> list[int]:
        return [c.callback_type for c in self.calls if c.callback_type is not None]

    @property
    def message(self) -> dict[str, Any]:
        refs = [c.message_id for c in self.calls if c.message_id in self.fake.messages]
        assert refs, f"no message was sent: {self.calls}"
        return self.fake.messages[refs[-1]]  # type: ignore[index]

    @property
    def ephemeral(self) -> bool:
        return bool(self.message["flags"] & EPHEMERAL)

    @property
    def text(self) -> str:
        return message_text(self.message)

    @property
    def modal(self) -> dict[str, Any]:
        [call] = [c for c in self.calls if c.callback_type == 9]
        return dict(call.json["data"])

    @property
    def choices(self) -> list[dict[str, Any]]:
        [call] = [c for c in self.calls if c.callback_type == 8]
        return list(call.json["data"]["choices"])


@dataclass
class Bot:
    client: GlossbotClient
    core: Core
    fake: FakeDiscord
    clock: FakeClock
    _ids: itertools.count[int] = field(default_factory=lambda: itertools.count(970000000000000001))

    async def command(
        self,
        name: str,
        *,
        by: Person = ALICE,
        dm: bool = False,
        where: int = CHANNEL_ID,
        **options: Any,
    ) -> Exchange:
        """`/name option=value...`, typed by `by` in channel `where` (or in a DM)."""
        data = self._command_data(name, options)
        return await self.dispatch(self._payload(2, data, by, where, dm))

    async def autocomplete(
        self, name: str, option: str, typed: str, *, by: Person = ALICE
    ) -> Exchange:
        data = self._command_data(name, {option: typed})
        data["options"][0]["focused"] = True
        return await self.dispatch(self._payload(4, data, by, CHANNEL_ID, False))

    async def click(
        self, message: dict[str, Any], label: str = "", *, prefix: str = "", by: Person = ALICE
    ) -> Exchange:
        custom_id = button(message, label, prefix=prefix)["custom_id"]
        data = {"custom_id": custom_id, "component_type": 2}
        return await self.dispatch(self._on_message(3, data, by, message))

    async def submit(
        self, modal: dict[str, Any], text: str, *, message: dict[str, Any], by: Person = ALICE
    ) -> Exchange:
        rows = [filled(c, text) for c in modal["components"]]
        data = {"custom_id": modal["custom_id"], "components": rows}
        return await self.dispatch(self._on_message(5, data, by, message))

    async def dispatch(self, payload: dict[str, Any]) -> Exchange:
        """Feed one INTERACTION_CREATE to discord.py and wait for glossbot's handlers."""
        start = len(self.fake.calls)
        reset = async_context.set(self.fake.webhook_adapter())
        try:
            known = asyncio.all_tasks()
            self.client._connection.parse_interaction_create(payload)  # type: ignore[arg-type]
            while pending := {
                t for t in asyncio.all_tasks() - known if t.get_name().startswith(_HANDLERS)
            }:
                done, late = await asyncio.wait(pending, timeout=10)
                assert not late, f"handlers did not finish: {late}"
                for task in done:
                    task.result()
                known |= pending
        finally:
            async_context.reset(reset)
        token = payload["token"]
        return Exchange([c for c in self.fake.calls[start:] if c.token == token], self.fake)

    def add_guild(self, roles: dict[int, str], *, everyone: int = 0) -> None:
        """A GUILD_CREATE, as the `guilds` intent delivers: the guild's roles become known,
        with its channels (those in `fake.hidden` deny @everyone View Channel) and the bot's
        own member, so the bot can work out what it may do where."""
        role_list = {GUILD_ID: "@everyone", **roles}
        self.client._connection.parse_guild_create(
            {  # type: ignore[typeddict-item]
                "id": str(GUILD_ID),
                "name": "ML club",
                "owner_id": str(OWNER.id),
                "unavailable": False,
                "roles": [
                    {
                        "id": str(i),
                        "name": n,
                        "permissions": str(everyone if i == GUILD_ID else 0),
                        "position": 0 if i == GUILD_ID else 1,
                        "color": 0,
                        "hoist": False,
                        "managed": False,
                        "mentionable": False,
                    }
                    for i, n in role_list.items()
                ],
                "channels": [
                    self._guild_channel(CHANNEL_ID, "general"),
                    self._guild_channel(QUIZ_CHANNEL_ID, "quiz"),
                ],
                "members": [
                    {**BOT_PERSON.member(), "user": {**BOT_PERSON.user(), "bot": True}},
                ],
                "emojis": [],
                "stickers": [],
                "features": [],
                "member_count": 5,
            }
        )

    def _guild_channel(self, channel_id: int, name: str) -> dict[str, Any]:
        channel = channel_payload(channel_id, name)
        if channel_id in self.fake.hidden:
            deny = discord.Permissions(view_channel=True).value
            channel["permission_overwrites"] = [
                {"id": str(GUILD_ID), "type": 0, "allow": "0", "deny": str(deny)}
            ]
        return channel

    def _command_data(self, name: str, options: dict[str, Any]) -> dict[str, Any]:
        top, *sub = name.split()
        command = self.client.tree.get_command(top)
        assert command is not None, f"no Discord command /{top}"
        leaf = (
            command.get_command(sub[0])
            if sub and isinstance(command, discord.app_commands.Group)
            else command
        )
        assert isinstance(leaf, discord.app_commands.Command), f"no Discord command /{name}"
        resolved: dict[str, dict[str, Any]] = {}
        items = [option_payload(leaf, key, value, resolved) for key, value in options.items()]
        if sub:
            items = [{"type": 1, "name": sub[0], "options": items}]
        return {
            "id": "980000000000000001",
            "type": 1,
            "name": top,
            "options": items,
            "resolved": resolved,
        }

    def _payload(
        self, kind: int, data: dict[str, Any], user: Person, channel: int, dm: bool
    ) -> dict[str, Any]:
        # Discord computes the bot's permissions in the channel: none where it cannot see it.
        allowed = 0 if channel in self.fake.hidden else SEES_AND_POSTS
        payload = interaction(
            next(self._ids), kind, data, by=user, where=channel, dm=dm, app_permissions=allowed
        )
        self.fake.expect(payload["token"], DM_CHANNEL_ID if dm else channel)
        return payload

    def _on_message(
        self, kind: int, data: dict[str, Any], user: Person, message: dict[str, Any]
    ) -> dict[str, Any]:
        channel = int(message["channel_id"])
        payload = self._payload(kind, data, user, channel, channel == DM_CHANNEL_ID)
        payload["message"] = message
        self.fake.expect(payload["token"], channel, int(message["id"]))
        return payload


@asynccontextmanager
async def running_bot(
    content: Content,
    db: Path,
    *,
    config: Config | None = None,
    clock: FakeClock | None = None,
    fake: FakeDiscord | None = None,
    shards: ShardPlan = ALL_SHARDS,
) -> AsyncIterator[Bot]:
    """The real core and client on `db`, logged in to a fake Discord; closed on exit."""
    config = config or Config()
    clock = clock or FakeClock()
    fake = fake or FakeDiscord()
    store = SqliteStore(db)
    await store.open()
    client = GlossbotClient(config, clock, shards)
    core = Core(config, content, store, clock=clock, rng=random.Random(7), outbox=client.outbox)
    client.attach(core)
    client.http.request = fake.rest  # type: ignore[method-assign]
    # The background loop (reveals through an interaction's webhook) inherits this context.
    webhooks = async_context.set(fake.webhook_adapter())
    try:
        await client.login("fake-token")
        await clock.settled()  # the background loop's first round is done
        yield Bot(client, core, fake, clock)
    finally:
        await client.close()
        await core.close()
        async_context.reset(webhooks)
