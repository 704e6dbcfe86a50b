"""Rows written after the fact: queued by the caller, group-committed in the background.

The lookup log feeds only /glossary status, so a reply need not wait for its row: the
row is queued and a background task writes every queued row in one transaction. Readers
call `settled()` first, so they see every row logged before them; closing the store
writes what is left, so a clean shutdown loses nothing.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from typing import Any

log = logging.getLogger(__name__)

Row = tuple[Any, ...]


class LaterWrites:
    def __init__(self, write: Callable[[list[Row]], Awaitable[None]]) -> None:
        self._write = write
        self._queued: list[Row] = []
        self._writer: asyncio.Task[None] | None = None

    def add(self, row: Row) -> None:
        self._queued.append(row)
        if self._writer is None or self._writer.done():
            self._writer = asyncio.create_task(self._drain())

    async def settled(self) -> None:
        """Wait until every row added so far is written (or its failure logged)."""
        while self._writer is not None and not self._writer.done():
            await asyncio.gather(asyncio.shield(self._writer), return_exceptions=True)

    async def _drain(self) -> None:
        while self._queued:
            rows, self._queued = self._queued, []
            try:
                await self._write(rows)
            except Exception:
                log.exception("could not write %d queued rows; they are lost", len(rows))
