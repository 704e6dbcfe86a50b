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

import asyncio
import itertools
from collections.abc import Callable
from contextlib import AbstractAsyncContextManager
from datetime import datetime, timedelta

import aiosqlite

from bot.store.rows import fetch, stamp

PRUNE_EVERY = 256
"""Forget expired identities once in this many deliveries."""
BATCH = 256
"""Most deliveries one transaction decides."""
_calls = itertools.count(1)

Transaction = Callable[[], AbstractAsyncContextManager[aiosqlite.Connection]]
_Asked = tuple[str, datetime, timedelta, "asyncio.Future[bool]"]


class Deliveries:
    """First deliveries, decided in group-committed transactions (see the module)."""

    def __init__(self, transaction: Transaction) -> None:
        self._transaction = transaction
        self._asked: list[_Asked] = []
        self._writer: asyncio.Task[None] | None = None

    async def first(self, key: str, now: datetime, window: timedelta) -> bool:
        done: asyncio.Future[bool] = asyncio.get_running_loop().create_future()
        self._asked.append((key, now, window, done))
        if self._writer is None or self._writer.done():
            self._writer = asyncio.create_task(self._decide())
        return await done

    async def _decide(self) -> None:
        while self._asked:
            batch, self._asked = self._asked[:BATCH], self._asked[BATCH:]
            try:
                async with self._transaction() as db:
                    firsts = await _record(db, batch)
            except Exception as exc:
                for *_, done in batch:
                    if not done.done():
                        done.set_exception(exc)
                continue
            for (*_, done), first in zip(batch, firsts, strict=True):
                if not done.done():
                    done.set_result(first)


async def _record(db: aiosqlite.Connection, batch: list[_Asked]) -> list[bool]:
    """Which of `batch` are first deliveries; those are remembered until their expiry."""
    if any(next(_calls) % PRUNE_EVERY == 0 for _ in batch):
        await db.execute("DELETE FROM seen_requests WHERE expires <= ?", (stamp(batch[-1][1]),))
    if len(batch) == 1:  # alone: one statement decides and records
        key, now, window, _ = batch[0]
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
    for key, now, window, _ in batch:
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
    _deliveries: Deliveries

    async def first_delivery(self, key: str, now: datetime, window: timedelta) -> bool:
        return await self._deliveries.first(key, now, window)
