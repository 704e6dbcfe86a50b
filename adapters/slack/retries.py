"""Slack retries and replays never run twice: the first delivery runs, copies are acked.

Slack retries an event it thinks went unanswered (`X-Slack-Retry-Num`), and a signed
request can be replayed within the 300 s timestamp window; bolt does nothing about
either. Each request has an identity that a retry repeats: the event's `event_id`, or
the interaction's `trigger_id`. This middleware remembers identities for ten minutes
(Slack's last retry comes after five) in the store, so every worker behind one app
shares the memory (a retry that lands on another worker is still a repeat), and answers
a repeat with an empty 200 and `X-Slack-No-Retry: 1` before authorisation or any
listener runs. It sits after the signature check, so a forged request cannot poison the
memory.

A first delivery that arrives only as a retry (the original never reached us) still
runs; the core's idempotency (one answer per user per question) is the second line of
defence.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from datetime import timedelta

from slack_bolt.middleware.async_middleware import AsyncMiddleware
from slack_bolt.request.async_request import AsyncBoltRequest
from slack_bolt.response import BoltResponse

from bot.clock import Clock
from bot.store import DeliveryStore

WINDOW = timedelta(minutes=10)
RETRY_HEADER = "x-slack-retry-num"

log = logging.getLogger(__name__)


def identity(body: dict[str, object]) -> str:
    """What a retry of this request repeats: `event_id` or `trigger_id`; "" for neither."""
    for key in ("event_id", "trigger_id"):
        value = body.get(key)
        if isinstance(value, str) and value:
            return f"{key}:{value}"
    return ""


class SeenRequests(AsyncMiddleware):
    """bolt middleware (`before_authorize`): the first delivery runs, repeats are acked."""

    def __init__(self, store: DeliveryStore, clock: Clock) -> None:
        self._store = store
        self._clock = clock
        self.ignored = 0

    async def first_time(self, key: str) -> bool:
        """Record `key`; False when any worker saw it within the window."""
        return await self._store.first_delivery(key, self._clock.now(), WINDOW)

    async def async_process(
        self,
        *,
        req: AsyncBoltRequest,
        resp: BoltResponse,
        next: Callable[[], Awaitable[BoltResponse]],
    ) -> BoltResponse | None:
        key = identity(req.body)
        if key and not await self.first_time(key):
            self.ignored += 1
            retry = req.headers.get(RETRY_HEADER, ["-"])[0]
            log.info("ignored a repeated request %s (retry %s)", key, retry)
            return BoltResponse(status=200, body="", headers={"x-slack-no-retry": "1"})
        return await next()
