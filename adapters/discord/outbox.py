"""The core's way to speak unprompted on Discord: post to a channel and edit a post, by id.

Daily questions, reveals and the edit that closes a question's buttons arrive here from
`Core.run_background`. Channels are addressed by id over REST (`get_partial_messageable`),
so no cache or gateway event is needed and any process can post to any channel.

A question asked with `/quiz` was sent through its interaction, which needs no channel
permission. While the interaction's token lasts (15 minutes) the outbox edits the question
through that interaction's webhook, and posts the reveal through it where the channel API
refuses, so a channel whose View Channel the bot's role lacks still gets its reveal. Past
that, or from another process, a refusal becomes `CannotPost`, a `GlossbotError` naming
the permissions to grant.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

import discord

from adapters.discord.render import render
from bot.clock import Clock
from bot.errors import GlossbotError
from bot.replies import Reply

TOKEN_LIFETIME = timedelta(minutes=14)
"""Discord's interaction tokens last 15 minutes; a minute of margin for slow requests."""
NEEDED = {
    "view_channel": "View Channel",
    "send_messages": "Send Messages",
    "embed_links": "Embed Links",
}
"""What a post to a channel (a daily question, a reveal) needs from the bot's role."""


def channel_id(place: str) -> int:
    """`discord:<guild>:<channel>` -> the channel id."""
    platform, _, rest = place.partition(":")
    _, _, channel = rest.rpartition(":")
    if platform != "discord" or not channel.isdigit():
        raise ValueError(f"not a Discord channel: {place!r}")
    return int(channel)


def missing(permissions: discord.Permissions) -> list[str]:
    """The needed permissions `permissions` lacks, as Discord's settings name them."""
    return [label for name, label in NEEDED.items() if not getattr(permissions, name)]


class CannotPost(GlossbotError):
    """Discord refused a post or an edit in a channel (403: the bot's role lacks access)."""

    def __init__(self, channel: int) -> None:
        super().__init__(
            f"Discord refused my post in <#{channel}>: my role needs "
            f"{', '.join(NEEDED.values())} there."
        )
        self.channel = channel


@dataclass(frozen=True, slots=True)
class _Live:
    interaction: discord.Interaction[Any]
    until: datetime


class DiscordOutbox:
    def __init__(self, client: discord.Client, clock: Clock) -> None:
        self._client = client
        self._clock = clock
        self._live: dict[int, _Live] = {}

    def remember(self, message_id: int, interaction: discord.Interaction[Any]) -> None:
        """`message_id` was sent through `interaction`: edit and reply through it while it lasts."""
        now = self._clock.now()
        self._live = {ref: live for ref, live in self._live.items() if live.until > now}
        self._live[message_id] = _Live(interaction, now + TOKEN_LIFETIME)

    async def post(self, place: str, reply: Reply) -> str:
        """Post in the channel; where Discord refuses, reply through a live interaction there."""
        channel = channel_id(place)
        kwargs = render(reply).send_kwargs()
        try:
            message = await self._client.get_partial_messageable(channel).send(**kwargs)
        except discord.Forbidden as exc:
            live = self._live_in(channel)
            if live is None:
                raise CannotPost(channel) from exc
            sent = await live.interaction.followup.send(**kwargs, wait=True)
            return str(sent.id)
        return str(message.id)

    async def edit(self, place: str, ref: str, reply: Reply) -> None:
        """Edit through the interaction that sent `ref` while it lasts, else in the channel."""
        channel = channel_id(place)
        kwargs = render(reply).edit_kwargs()
        live = self._live.get(int(ref))
        if live is not None and live.until > self._clock.now():
            await live.interaction.followup.edit_message(int(ref), **kwargs)
            return
        try:
            await (
                self._client.get_partial_messageable(channel)
                .get_partial_message(int(ref))
                .edit(**kwargs)
            )
        except discord.Forbidden as exc:
            raise CannotPost(channel) from exc

    def _live_in(self, channel: int) -> _Live | None:
        now = self._clock.now()
        found = [
            live
            for live in self._live.values()
            if live.until > now and live.interaction.channel_id == channel
        ]
        return max(found, key=lambda live: live.until, default=None)
