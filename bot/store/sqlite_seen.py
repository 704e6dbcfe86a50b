"""The delivery half of the SQLite store (`DeliveryStore`): request identities already
handled, so every process on one file acks a Slack retry instead of running it twice."""

from __future__ import annotations

import itertools
from datetime import datetime, timedelta

from bot.store.rows import fetch, stamp
from bot.store.sqlite_flags import _Sql

PRUNE_EVERY = 256
"""Forget expired identities once in this many deliveries."""
_calls = itertools.count(1)


class SqliteSeen:
    async def first_delivery(self: _Sql, key: str, now: datetime, window: timedelta) -> bool:
        async with self._transaction() as db:
            if next(_calls) % PRUNE_EVERY == 0:
                await db.execute("DELETE FROM seen_requests WHERE expires <= ?", (stamp(now),))
            row = await fetch(
                db,
                "INSERT INTO seen_requests (key, expires) VALUES (?, ?) ON CONFLICT (key) "
                "DO UPDATE SET expires = excluded.expires WHERE seen_requests.expires <= ? "
                "RETURNING 1",
                (key, stamp(now + window), stamp(now)),
            )
            return row is not None
