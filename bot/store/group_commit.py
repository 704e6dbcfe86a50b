"""Group commit on SQLite: callers that write while one transaction runs share the next.

Each caller still gets its own result, and none before the COMMIT that holds its write:
`submit` queues an item and waits; one writer task takes up to `batch` items at a time,
writes them in one transaction with `write(db, items) -> results` (one result per item, in
order), and hands each caller its result, or the transaction's exception. Answers and
Slack delivery checks both use it.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from contextlib import AbstractAsyncContextManager
from typing import Generic, TypeVar

import aiosqlite

Item = TypeVar("Item")
Result = TypeVar("Result")
Transaction = Callable[[], AbstractAsyncContextManager[aiosqlite.Connection]]


class GroupCommit(Generic[Item, Result]):
    def __init__(
        self,
        transaction: Transaction,
        write: Callable[[aiosqlite.Connection, list[Item]], Awaitable[list[Result]]],
        batch: int,
    ) -> None:
        self._transaction = transaction
        self._write = write
        self._batch = batch
        self._queued: list[tuple[Item, asyncio.Future[Result]]] = []
        self._writer: asyncio.Task[None] | None = None

    async def submit(self, item: Item) -> Result:
        done: asyncio.Future[Result] = asyncio.get_running_loop().create_future()
        self._queued.append((item, done))
        if self._writer is None or self._writer.done():
            self._writer = asyncio.create_task(self._drain())
        return await done

    async def settled(self) -> None:
        """Wait until every queued item is written (or has failed): for a clean close."""
        if self._writer is not None:
            await asyncio.gather(self._writer, return_exceptions=True)

    async def _drain(self) -> None:
        while self._queued:
            batch = self._queued[: self._batch]
            self._queued = self._queued[self._batch :]
            try:
                async with self._transaction() as db:
                    results = await self._write(db, [item for item, _ in batch])
            except Exception as exc:
                for _, done in batch:
                    if not done.done():
                        done.set_exception(exc)
                continue
            for (_, done), result in zip(batch, results, strict=True):
                if not done.done():
                    done.set_result(result)
