"""WAL checkpoints off the request path: a second connection copies the log back in the
background, so no write waits for it.

By default SQLite checkpoints inside the COMMIT that grows the write-ahead log past 1,000
pages: that write copies the pages into the database file and syncs both files, 10-80 ms
on this machine (more on a busy disk), and on the store's one connection every write queued
behind it waits too, a Slack retry check (before the ack) among them. The serving
connection turns that off (`PRAGMA wal_autocheckpoint = 0`), and `Checkpoints` runs one
each second on a connection of its own (its own aiosqlite thread):

1. a passive checkpoint copies what the log holds while writers go on appending to it
   (it waits for no one): the copying and both syncs, off every write's path;
2. once the log has grown past `RESTART_PAGES` (64 MiB of 4 KiB pages), a restart
   checkpoint copies the pages written meanwhile and holds writers off for that short
   while (they wait in SQLite's busy handler, in their own thread, not on the event
   loop), so that the next write starts the log afresh. Under a steady stream of writes
   the passive step alone never finds the log complete, and the log grows without end
   (190 MB after 20,000 retry checks, measured); restarting every second instead stalled
   every write for the length of two syncs each time (30-130 ms on this shared disk).

With several processes on one file, each runs its own; a checkpoint that finds another
running is a no-op. The last connection to close checkpoints what is left, as SQLite
always does.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import sqlite3

import aiosqlite

log = logging.getLogger(__name__)

EVERY_SECONDS = 1.0
RESTART_PAGES = 16_384
"""Restart the log once it holds this many pages (the file keeps its size for reuse)."""
BUSY_MS = 5000
"""How long the restart step waits for a writer to finish (the store's own busy timeout)."""


class Checkpoints:
    def __init__(
        self, path: str, every: float = EVERY_SECONDS, restart_pages: int = RESTART_PAGES
    ) -> None:
        self._path = path
        self._every = every
        self._restart_pages = restart_pages
        self._db: aiosqlite.Connection | None = None
        self._task: asyncio.Task[None] | None = None

    async def start(self) -> None:
        self._db = await aiosqlite.connect(self._path, isolation_level=None)
        await self._db.execute(f"PRAGMA busy_timeout = {BUSY_MS}")
        self._task = asyncio.create_task(self._run(), name="sqlite-checkpoints")

    async def once(self) -> tuple[int, int, int]:
        """One round: (busy, frames in the log, frames copied back) of its last step."""
        done = await self._checkpoint("PASSIVE")
        if done[1] < self._restart_pages:
            return done
        return await self._checkpoint("RESTART")

    async def _checkpoint(self, mode: str) -> tuple[int, int, int]:
        assert self._db is not None
        rows = await self._db.execute_fetchall(f"PRAGMA wal_checkpoint({mode})")
        busy, frames, copied = next(iter(rows))
        return int(busy), int(frames), int(copied)

    async def _run(self) -> None:
        while True:
            await asyncio.sleep(self._every)
            try:
                await self.once()
            except sqlite3.Error as exc:  # the next round tries again; the log only grows
                log.warning("WAL checkpoint of %s failed: %s", self._path, exc)

    async def stop(self) -> None:
        task, self._task = self._task, None
        if task is not None:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task
        db, self._db = self._db, None
        if db is not None:
            await db.close()
