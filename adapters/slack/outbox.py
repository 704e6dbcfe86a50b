"""The core's `Outbox` on Slack: daily posts with `chat.postMessage`, reveals with `chat.update`.

`place` is `slack:<team_id>:<channel_id>`; the ref returned is the message `ts`. The bot
must be in the channel, or have `chat:write.public` for a public one.
"""

from __future__ import annotations

from slack_sdk.web.async_client import AsyncWebClient

from adapters.slack.blocks import render
from adapters.slack.payloads import PLATFORM
from bot.replies import Reply


def channel_of(place: str) -> str:
    """`slack:T1:C1` -> `C1`; anything else is a bug in the caller."""
    platform, _, rest = place.partition(":")
    channel = rest.partition(":")[2]
    if platform != PLATFORM or not channel:
        raise ValueError(f"not a Slack place: {place!r}")
    return channel


class SlackOutbox:
    """Implements `bot.outbox.Outbox` with the bot token's Web API client (`Bolt.client`)."""

    def __init__(self, client: AsyncWebClient) -> None:
        self._client = client

    async def post(self, place: str, reply: Reply) -> str:
        response = await self._client.chat_postMessage(channel=channel_of(place), **render(reply))
        return str(response["ts"])

    async def edit(self, place: str, ref: str, reply: Reply) -> None:
        await self._client.chat_update(channel=channel_of(place), ts=ref, **render(reply))
