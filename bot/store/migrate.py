"""Migrating a SQLite file: every step in one immediate transaction, so two processes that
open a fresh file at once take turns instead of both creating the tables.

`BEGIN IMMEDIATE` takes the file's write lock before reading `PRAGMA user_version`; the
second process waits for it (busy_timeout), then finds the work done. A file from a newer
glossbot (a version past our last migration) is refused, never half-understood.
"""

from __future__ import annotations

import asyncio
import sqlite3
from collections.abc import Iterator

import aiosqlite

from bot.store.errors import check_version

WAL_TRIES = 50
"""How often switching a fresh file to WAL is tried, 20-100 ms apart, before giving up."""


async def use_wal(db: aiosqlite.Connection) -> None:
    """`PRAGMA journal_mode = WAL`, tried again when another process switches it at once.

    Switching a fresh file reads it under a shared lock and then needs an exclusive one.
    When two processes do that at the same moment, SQLite sees that waiting would
    deadlock and answers SQLITE_BUSY at once, without the busy timeout ("the presence of
    a busy handler does not guarantee that it will be invoked", sqlite3_busy_handler):
    one of several instances started together would fail with "locked". The other one
    finishes in milliseconds, so trying again a little later succeeds (and finds WAL set).
    """
    for attempt in range(1, WAL_TRIES + 1):
        try:
            await db.execute("PRAGMA journal_mode = WAL")
            return
        except sqlite3.OperationalError as exc:
            busy = getattr(exc, "sqlite_errorname", "").startswith("SQLITE_BUSY")
            if not busy or attempt == WAL_TRIES:
                raise
            await asyncio.sleep(0.02 * min(attempt, 5))


def statements(script: str) -> Iterator[str]:
    """The complete SQL statements of `script`, one at a time (triggers stay whole)."""
    pending = ""
    for line in script.splitlines(keepends=True):
        pending += line
        if sqlite3.complete_statement(pending):
            yield pending.strip()
            pending = ""
    if pending.strip() and not all(
        part.strip().startswith("--") or not part.strip() for part in pending.splitlines()
    ):
        raise ValueError(f"incomplete SQL statement in a migration: {pending.strip()[:60]}")


async def migrate(db: aiosqlite.Connection, where: str, migrations: tuple[str, ...]) -> int:
    """Apply the missing migrations under the file's write lock; return the version reached."""
    await db.execute("BEGIN IMMEDIATE")
    try:
        async with db.execute("PRAGMA user_version") as cursor:
            row = await cursor.fetchone()
        found = int(row[0]) if row else 0
        check_version(where, found, len(migrations))
        for number, script in enumerate(migrations[found:], start=found + 1):
            for statement in statements(script):
                await db.execute(statement)
            await db.execute(f"PRAGMA user_version = {number}")
    except BaseException:
        await db.execute("ROLLBACK")
        raise
    await db.execute("COMMIT")
    return len(migrations)
