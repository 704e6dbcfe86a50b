"""Answering an interaction with the core's reply: the right Slack call for its origin.

- a `Form` opens a modal (`views.open` with the interaction's trigger id);
- a click from App Home or a modal has no channel: the reply opens or updates a modal;
- a tracked public reply (a quiz question) is posted with `chat.postMessage`, because
  only that returns the message ts the core needs (`Core.posted`) to edit it later;
- otherwise the interaction's `response_url` (what bolt's `respond` posts to): ephemeral
  when the reply is private, in the channel when not, replacing the clicked message on
  `edit_original`. In HTTP mode the posts share one kept-alive HTTP session
  (`replies`); bolt's `respond` opens a new connection, and a TLS handshake, per reply;
- a modal submission has no `response_url`: `chat.postEphemeral` or `chat.postMessage`.

Rendered messages are kept for the last `RENDERED` distinct replies: most lookups are of
a few popular terms, and a reply equal to one sent before (the same card, buttons and
privacy) goes out without rendering it again (hashing a reply costs a tenth of rendering
it). The messages kept are never changed: slack-sdk builds each request body anew.
"""

from __future__ import annotations

import functools

import aiohttp
from slack_bolt.context.respond.async_respond import AsyncRespond
from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient
from slack_sdk.webhook.async_client import AsyncWebhookClient

from adapters.slack.blocks import Message, render
from adapters.slack.payloads import Origin
from adapters.slack.views import form_modal, reply_modal
from bot.actions import Action
from bot.core import Core
from bot.errors import UsageError
from bot.replies import Form, Reply

CANNOT_POST = frozenset({"not_in_channel", "channel_not_found", "is_archived"})
NOT_IN_CHANNEL = "I can't post in this channel. Invite me with `/invite @glossbot`, then try again."
RENDERED = 1024


@functools.lru_cache(maxsize=RENDERED)
def rendered(reply: Reply) -> Message:
    """`render(reply)`, kept for replies equal to this one (see the module docstring)."""
    return render(reply)


class Delivery:
    """Sends a reply the way its origin allows (see the module docstring)."""

    def __init__(
        self, core: Core, client: AsyncWebClient, replies: aiohttp.ClientSession | None = None
    ) -> None:
        self.core = core
        self.client = client
        self.replies = replies

    def render(self, reply: Reply) -> Message:
        return rendered(reply)

    async def send(self, reply: Reply, origin: Origin, respond: AsyncRespond | None) -> None:
        if reply.form is not None:
            await self.open_form(reply.form, origin)
        elif origin.view_type and not origin.response_url:
            await self._in_modal(reply, origin)
        elif reply.track is not None and not reply.private:
            await self._post_tracked(reply, reply.track, origin)
        elif origin.response_url and respond is not None:
            await self._respond(reply, origin, respond)
        else:
            await self._post(reply, origin)
        if reply.followup is not None:  # e.g. "Shared in this channel", after the shared card
            await self.send(reply.followup, origin, respond)

    async def open_form(self, form: Form, origin: Origin) -> None:
        if not origin.trigger_id:
            raise UsageError("That needs a click on the question's button.")
        await self.client.views_open(
            trigger_id=origin.trigger_id, view=form_modal(form, origin.channel_id)
        )

    async def _in_modal(self, reply: Reply, origin: Origin) -> None:
        view = reply_modal(reply)
        if origin.view_type == "modal" and origin.view_id:
            await self.client.views_update(view_id=origin.view_id, view=view)
        else:
            await self.client.views_open(trigger_id=origin.trigger_id, view=view)

    async def _post_tracked(self, reply: Reply, track: Action, origin: Origin) -> None:
        try:
            posted = await self.client.chat_postMessage(
                channel=origin.channel_id, **self.render(reply)
            )
        except SlackApiError as exc:
            # Nobody can see a question that was never posted: the core withdraws it.
            await self.core.post_failed(track, origin.place)
            if exc.response.get("error") in CANNOT_POST:
                raise UsageError(NOT_IN_CHANNEL) from exc
            raise
        await self.core.posted(track, origin.place, str(posted["ts"]))

    async def _respond(self, reply: Reply, origin: Origin, respond: AsyncRespond) -> None:
        message = self.render(reply)
        hook = AsyncWebhookClient(
            origin.response_url, session=self.replies, proxy=respond.proxy, ssl=respond.ssl
        )
        if reply.edit_original and origin.message_ts:
            await hook.send(replace_original=True, **message)
            return
        kind = "ephemeral" if reply.private else "in_channel"
        replace = False if origin.message_ts else None
        await hook.send(response_type=kind, replace_original=replace, **message)

    async def _post(self, reply: Reply, origin: Origin) -> None:
        message = self.render(reply)
        channel = origin.channel_id
        if reply.edit_original and origin.message_ts and channel:
            await self.client.chat_update(channel=channel, ts=origin.message_ts, **message)
        elif reply.private and channel:
            await self.client.chat_postEphemeral(channel=channel, user=origin.user_id, **message)
        else:  # a public reply, or nowhere else to go: the app's messages tab with the user
            await self.client.chat_postMessage(channel=channel or origin.user_id, **message)
