"""The delivery half of the PostgreSQL store (`DeliveryStore`): request identities already
handled, so every instance acks a Slack retry instead of running it twice."""

from __future__ import annotations

import itertools
from datetime import datetime, timedelta

from bot.store.pg.flags import _Sql

PRUNE_EVERY = 256
"""Forget expired identities once in this many deliveries."""
_calls = itertools.count(1)


class PostgresSeen:
    async def first_delivery(self: _Sql, key: str, now: datetime, window: timedelta) -> bool:
        if next(_calls) % PRUNE_EVERY == 0:
            await self._execute("DELETE FROM seen_requests WHERE expires <= $1", now)
        first = await self._fetch(
            "INSERT INTO seen_requests (key, expires) VALUES ($1, $2) ON CONFLICT (key) "
            "DO UPDATE SET expires = excluded.expires WHERE seen_requests.expires <= $3 "
            "RETURNING 1",
            key,
            now + window,
            now,
        )
        return bool(first)
