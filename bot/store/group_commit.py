"""Group commit: callers that write while one transaction runs share the next.

Each caller still gets its own result, and none before the COMMIT that holds its write:
`submit` queues an item and waits; one writer task takes a batch (`take`, by default the
first `batch` items), commits it with `commit(items) -> results` (one result per item, in
order), and hands each caller its result, or the commit's exception. SQLite answers, SQLite
Slack delivery checks and PostgreSQL answers all use it; `in_transaction` makes the commit
of a SQLite write.
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
Queued = list[tuple[Item, asyncio.Future[Result]]]
Take = Callable[[Queued[Item, Result], int], tuple[Queued[Item, Result], Queued[Item, Result]]]


def first_items(
    queued: Queued[Item, Result], limit: int
) -> tuple[Queued[Item, Result], Queued[Item, Result]]:
    return queued[:limit], queued[limit:]


def in_transaction(
    transaction: Transaction,
    write: Callable[[aiosqlite.Connection, list[Item]], Awaitable[list[Result]]],
) -> Callable[[list[Item]], Awaitable[list[Result]]]:
    """A commit that runs `write` on the connection `transaction()` lends: inside one
    SQLite transaction, or (the store's `_statement`) under its write lock alone."""

    async def commit(items: list[Item]) -> list[Result]:
        async with transaction() as db:
            return await write(db, items)

    return commit


class GroupCommit(Generic[Item, Result]):
    def __init__(
        self,
        commit: Callable[[list[Item]], Awaitable[list[Result]]],
        batch: int,
        take: Take[Item, Result] = first_items,
    ) -> None:
        self._commit = commit
        self._batch = batch
        self._take = take
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
            batch, self._queued = self._take(self._queued, self._batch)
            try:
                results = await self._commit([item for item, _ in batch])
            except Exception as exc:
                for _, done in batch:
                    if not done.done():
                        done.set_exception(exc)
                continue
            for (_, done), result in zip(batch, results, strict=True):
                if not done.done():
                    done.set_result(result)
