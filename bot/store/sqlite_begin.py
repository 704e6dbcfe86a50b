"""Starting a SQLite write transaction so that a cancelled caller cannot leave it open."""

from __future__ import annotations

import asyncio
import contextlib
import sqlite3

import aiosqlite


async def begin(db: aiosqlite.Connection) -> None:
    """`BEGIN IMMEDIATE`, rolled back when the caller is cancelled while it waits.

    aiosqlite's thread runs the BEGIN all the same (a timer stopped at shutdown, say); a
    transaction left open would make every later write on the connection fail ("cannot
    start a transaction within a transaction"), so its lookups and answers would be lost.
    """
    started = asyncio.ensure_future(db.execute("BEGIN IMMEDIATE"))
    try:
        await asyncio.shield(started)
    except asyncio.CancelledError:
        with contextlib.suppress(sqlite3.Error):
            await started
            await db.execute("ROLLBACK")
        raise
