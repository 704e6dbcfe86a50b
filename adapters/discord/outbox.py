"""The core's way to speak unprompted on Discord: post to a channel and edit a post, by id.

Daily questions, reveals and the edit that closes a question's buttons arrive here from
`Core.run_background`. Channels are addressed by id over REST (`get_partial_messageable`),
so no cache or gateway event is needed and any process can post to any channel.
"""

from __future__ import annotations

import discord

from adapters.discord.render import render
from bot.replies import Reply


def channel_id(place: str) -> int:
    """`discord:<guild>:<channel>` -> the channel id."""
    platform, _, rest = place.partition(":")
    _, _, channel = rest.rpartition(":")
    if platform != "discord" or not channel.isdigit():
        raise ValueError(f"not a Discord channel: {place!r}")
    return int(channel)


class DiscordOutbox:
    def __init__(self, client: discord.Client) -> None:
        self._client = client

    async def post(self, place: str, reply: Reply) -> str:
        channel = self._client.get_partial_messageable(channel_id(place))
        message = await channel.send(**render(reply).send_kwargs())
        return str(message.id)

    async def edit(self, place: str, ref: str, reply: Reply) -> None:
        channel = self._client.get_partial_messageable(channel_id(place))
        await channel.get_partial_message(int(ref)).edit(**render(reply).edit_kwargs())
