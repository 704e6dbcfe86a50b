"""The core's `Outbox` on Slack: daily posts with `chat.postMessage`, reveals with `chat.update`.

`place` is `slack:<team_id>:<channel_id>`; the ref returned is the message `ts`. The bot
must be in the channel, or have `chat:write.public` for a public one. With many
workspaces, each call carries the token of the place's workspace (`tokens`).
"""

from __future__ import annotations

from typing import Any, Protocol

from slack_sdk.web.async_client import AsyncWebClient

from adapters.slack.blocks import render
from adapters.slack.payloads import PLATFORM
from bot.replies import Reply


class Tokens(Protocol):
    async def bot_token(self, team_id: str) -> str: ...


def split_place(place: str) -> tuple[str, str]:
    """`slack:T1:C1` -> `("T1", "C1")`; anything else is a bug in the caller."""
    platform, _, rest = place.partition(":")
    team, _, channel = rest.partition(":")
    if platform != PLATFORM or not channel:
        raise ValueError(f"not a Slack place: {place!r}")
    return team, channel


class SlackOutbox:
    """Implements `bot.outbox.Outbox` with the app's Web API client (`Bolt.client`): its
    bot token for one workspace, or each workspace's own from `tokens`."""

    def __init__(self, client: AsyncWebClient, tokens: Tokens | None = None) -> None:
        self._client = client
        self._tokens = tokens

    async def _auth(self, team: str) -> dict[str, Any]:
        """No token argument (the client's own), or the workspace's."""
        return {} if self._tokens is None else {"token": await self._tokens.bot_token(team)}

    async def post(self, place: str, reply: Reply) -> str:
        team, channel = split_place(place)
        response = await self._client.chat_postMessage(
            channel=channel, **await self._auth(team), **render(reply)
        )
        return str(response["ts"])

    async def edit(self, place: str, ref: str, reply: Reply) -> None:
        team, channel = split_place(place)
        await self._client.chat_update(
            channel=channel, ts=ref, **await self._auth(team), **render(reply)
        )
