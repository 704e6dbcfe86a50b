"""The delivery half of the SQLite store (`DeliveryStore`): request identities already
handled, so every process on one file acks a Slack retry instead of running it twice.

Every Slack request asks before it is acked, so the checks are group-committed: the
deliveries that arrive while one transaction runs share the next, which reads their
identities in one SELECT and records the first deliveries in one INSERT. Each caller
still gets its own answer, decided inside the transaction (which holds SQLite's write
lock, so another process cannot decide between the read and the write), in arrival order:
of two copies in one batch, the first runs.
"""

from __future__ import annotations

import itertools
from datetime import datetime, timedelta

import aiosqlite

from bot.store.group_commit import GroupCommit, Transaction, in_transaction
from bot.store.rows import fetch, stamp

PRUNE_EVERY = 256
"""Forget expired identities once in this many deliveries."""
BATCH = 256
"""Most deliveries one transaction decides."""
_calls = itertools.count(1)

_Asked = tuple[str, datetime, timedelta]


def deliveries(transaction: Transaction) -> GroupCommit[_Asked, bool]:
    """First deliveries, decided in group-committed transactions (see the module)."""
    return GroupCommit(in_transaction(transaction, _record), BATCH)


async def _record(db: aiosqlite.Connection, batch: list[_Asked]) -> list[bool]:
    """Which of `batch` are first deliveries; those are remembered until their expiry."""
    if any(next(_calls) % PRUNE_EVERY == 0 for _ in batch):
        await db.execute("DELETE FROM seen_requests WHERE expires <= ?", (stamp(batch[-1][1]),))
    if len(batch) == 1:  # alone: one statement decides and records
        key, now, window = batch[0]
        row = await fetch(
            db,
            "INSERT INTO seen_requests (key, expires) VALUES (?, ?) ON CONFLICT (key) "
            "DO UPDATE SET expires = excluded.expires WHERE seen_requests.expires <= ? "
            "RETURNING 1",
            (key, stamp(now + window), stamp(now)),
        )
        return [row is not None]
    keys = sorted({key for key, *_ in batch})
    marks = ", ".join("?" * len(keys))
    async with db.execute(
        f"SELECT key, expires FROM seen_requests WHERE key IN ({marks})", keys
    ) as cursor:
        expiry: dict[str, str] = {str(k): str(e) for k, e in await cursor.fetchall()}
    firsts: list[bool] = []
    remember: dict[str, str] = {}
    for key, now, window in batch:
        first = key not in expiry or expiry[key] <= stamp(now)
        if first:
            expiry[key] = remember[key] = stamp(now + window)
        firsts.append(first)
    if remember:
        await db.execute(
            "INSERT INTO seen_requests (key, expires) VALUES "
            + ", ".join(["(?, ?)"] * len(remember))
            + " ON CONFLICT (key) DO UPDATE SET expires = excluded.expires",
            [value for row in remember.items() for value in row],
        )
    return firsts


class SqliteSeen:
    _deliveries: GroupCommit[_Asked, bool]

    async def first_delivery(self, key: str, now: datetime, window: timedelta) -> bool:
        return await self._deliveries.submit((key, now, window))
