"""Rows written after the fact: queued by the caller, group-committed in the background.

The lookup log feeds only /glossary status, so a reply need not wait for its row: the
row is queued and a background task writes the queued rows together. It lingers a moment
(`linger` seconds) before each write, so that under load one write carries the rows of
many requests instead of one or two (each write is a trip to the database, whatever it
carries). Readers call `settled()` first, which cuts the linger short, so they see every
row logged before them; closing the store does the same, so a clean shutdown loses nothing.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable
from typing import Any

log = logging.getLogger(__name__)

Row = tuple[Any, ...]


class LaterWrites:
    def __init__(self, write: Callable[[list[Row]], Awaitable[None]], linger: float = 0.0) -> None:
        self._write = write
        self._linger = linger
        self._queued: list[Row] = []
        self._writer: asyncio.Task[None] | None = None
        self._now = asyncio.Event()
        """Set: write what is queued without lingering (someone is waiting for it)."""

    def add(self, row: Row) -> None:
        self._queued.append(row)
        if self._writer is None or self._writer.done():
            self._writer = asyncio.create_task(self._drain())

    async def settled(self) -> None:
        """Wait until every row added so far is written (or its failure logged)."""
        while self._writer is not None and not self._writer.done():
            self._now.set()
            await asyncio.gather(asyncio.shield(self._writer), return_exceptions=True)

    async def _drain(self) -> None:
        while self._queued:
            if self._linger and not self._now.is_set():
                with contextlib.suppress(TimeoutError):
                    async with asyncio.timeout(self._linger):
                        await self._now.wait()
            rows, self._queued = self._queued, []
            try:
                await self._write(rows)
            except Exception:
                log.exception("could not write %d queued rows; they are lost", len(rows))
        self._now.clear()
