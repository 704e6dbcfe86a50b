"""Answering an interaction with the core's reply: the right Slack call for its origin.

- a `Form` opens a modal (`views.open` with the interaction's trigger id);
- a click from App Home or a modal has no channel: the reply opens or updates a modal;
- a tracked public reply (a quiz question) is posted with `chat.postMessage`, because
  only that returns the message ts the core needs (`Core.posted`) to edit it later;
- otherwise the interaction's `response_url` (what bolt's `respond` posts to): ephemeral
  when the reply is private, in the channel when not, replacing the clicked message on
  `edit_original`. In HTTP mode the posts share one kept-alive HTTP session
  (`replies`); bolt's `respond` opens a new connection, and a TLS handshake, per reply.
  There the body is posted as JSON encoded once per distinct reply (`encoded`), as
  slack-sdk's webhook client would build it, and a dropped connection is retried as that
  client's default retry handler does: building a webhook client and its body for every
  reply cost ~80 us of the ~1.3 ms of CPU a `/define` takes;
- a modal submission has no `response_url`: `chat.postEphemeral` or `chat.postMessage`.

Rendered messages (and their encoded `response_url` bodies) are kept for the last
`RENDERED` distinct replies: most lookups are of a few popular terms, and a reply equal to
one sent before (the same card, buttons and privacy) goes out without rendering or
encoding it again (hashing a reply costs a tenth of rendering it). The messages kept are
never changed: slack-sdk builds each Web API request body anew.
"""

from __future__ import annotations

import functools
import json

import aiohttp
from slack_bolt.context.respond.async_respond import AsyncRespond
from slack_sdk.errors import SlackApiError
from slack_sdk.http_retry.builtin_async_handlers import AsyncConnectionErrorRetryHandler
from slack_sdk.http_retry.request import HttpRequest
from slack_sdk.http_retry.state import RetryState
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
JSON_HEADERS = {"Content-Type": "application/json;charset=utf-8"}
"""The content type slack-sdk's webhook client posts to a `response_url` with."""
RECONNECT = AsyncConnectionErrorRetryHandler()
"""slack-sdk's default for webhooks: one more try when the connection was dropped."""


@functools.lru_cache(maxsize=RENDERED)
def rendered(reply: Reply) -> Message:
    """`render(reply)`, kept for replies equal to this one (see the module docstring)."""
    return render(reply)


@functools.lru_cache(maxsize=RENDERED)
def encoded(reply: Reply, response_type: str | None, replace_original: bool | None) -> bytes:
    """The JSON body of a `response_url` post of `reply`, kept as `rendered` is: the
    message and the options given, the ones left at None left out (as slack-sdk does)."""
    options = {"response_type": response_type, "replace_original": replace_original}
    body = {**rendered(reply), **{k: v for k, v in options.items() if v is not None}}
    return json.dumps(body).encode()


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
        kind: str | None = "ephemeral" if reply.private else "in_channel"
        replace = False if origin.message_ts else None
        if reply.edit_original and origin.message_ts:
            kind, replace = None, True
        if self.replies is None:  # Socket Mode: slack-sdk's webhook client, a session each
            hook = AsyncWebhookClient(origin.response_url, proxy=respond.proxy, ssl=respond.ssl)
            await hook.send(response_type=kind, replace_original=replace, **self.render(reply))
            return
        body = encoded(reply, kind, replace)
        await self._post_json(origin.response_url, body, respond, self.replies)

    async def _post_json(
        self, url: str, body: bytes, respond: AsyncRespond, session: aiohttp.ClientSession
    ) -> None:
        """POST `body` on the kept-alive session; a dropped connection is tried again."""
        state = RetryState()
        while True:
            try:
                async with session.post(
                    url,
                    data=body,
                    headers=JSON_HEADERS,
                    proxy=respond.proxy,  # bolt's, from the environment (`HTTPS_PROXY`...)
                    ssl=True if respond.ssl is None else respond.ssl,
                ) as answer:
                    await answer.read()
                return
            except aiohttp.ClientError as exc:
                asked = HttpRequest(method="POST", url=url, headers={}, data=body)
                if not await RECONNECT.can_retry_async(state=state, request=asked, error=exc):
                    raise
                await RECONNECT.prepare_for_next_attempt_async(
                    state=state, request=asked, error=exc
                )

    async def _post(self, reply: Reply, origin: Origin) -> None:
        message = self.render(reply)
        channel = origin.channel_id
        if reply.edit_original and origin.message_ts and channel:
            await self.client.chat_update(channel=channel, ts=origin.message_ts, **message)
        elif reply.private and channel:
            await self.client.chat_postEphemeral(channel=channel, user=origin.user_id, **message)
        else:  # a public reply, or nowhere else to go: the app's messages tab with the user
            await self.client.chat_postMessage(channel=channel or origin.user_id, **message)
