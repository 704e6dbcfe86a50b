"""The delivery half of the SQLite store (`DeliveryStore`): request identities already
handled, so every process on one file acks a Slack retry instead of running it twice.

Every Slack request asks before it is acked, so the checks are group-committed: the
deliveries that arrive while one write runs share the next, and one statement decides and
records them all, an upsert that inserts new identities and renews expired ones and
returns exactly those (`RETURNING key`). One statement is atomic on its own (SQLite holds
its write lock for it, so another process cannot decide in between) and costs one trip to
aiosqlite's thread, where BEGIN, a read, a write and COMMIT cost four. Each caller still
gets its own answer, in arrival order: of two copies in one batch, the first runs (the
second meets the row the first just wrote, which has not expired).
"""

from __future__ import annotations

import itertools
from datetime import datetime, timedelta

import aiosqlite

from bot.store.group_commit import GroupCommit, Transaction, in_transaction
from bot.store.rows import stamp

PRUNE_EVERY = 256
"""Forget expired identities once in this many deliveries."""
BATCH = 256
"""Most deliveries one statement decides."""
PRUNE = "DELETE FROM seen_requests WHERE expires <= ?"
"""Reads only the expired rows, through the index on expires (migration 11)."""
_calls = itertools.count(1)

_Asked = tuple[str, datetime, timedelta]


def deliveries(statement: Transaction) -> GroupCommit[_Asked, bool]:
    """First deliveries, decided in group-committed statements (see the module).

    `statement` lends the connection for writes outside a transaction (autocommit)."""
    return GroupCommit(in_transaction(statement, _record), BATCH)


async def _record(db: aiosqlite.Connection, batch: list[_Asked]) -> list[bool]:
    """Which of `batch` are first deliveries; those are remembered until their expiry."""
    now = stamp(max(asked for _, asked, _ in batch))
    if any(next(_calls) % PRUNE_EVERY == 0 for _ in batch):
        await db.execute(PRUNE, (now,))
    rows = await db.execute_fetchall(
        "INSERT INTO seen_requests (key, expires) VALUES "
        + ", ".join(["(?, ?)"] * len(batch))
        + " ON CONFLICT (key) DO UPDATE SET expires = excluded.expires"
        " WHERE seen_requests.expires <= ? RETURNING key",
        [value for key, asked, window in batch for value in (key, stamp(asked + window))] + [now],
    )
    fresh = {str(key) for (key,) in rows}
    firsts: list[bool] = []
    for key, *_ in batch:
        firsts.append(key in fresh)
        fresh.discard(key)  # a second copy in the batch is a repeat
    return firsts


class SqliteSeen:
    _deliveries: GroupCommit[_Asked, bool]

    async def first_delivery(self, key: str, now: datetime, window: timedelta) -> bool:
        return await self._deliveries.submit((key, now, window))
