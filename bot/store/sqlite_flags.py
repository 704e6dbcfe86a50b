"""The flags half of the SQLite store (`FlagStore`): readers' reports on entries.

Kept apart so `sqlite.py` stays readable; `SqliteStore` inherits these methods, which use
only its transaction and query helpers.
"""

from __future__ import annotations

from collections.abc import Iterable
from contextlib import AbstractAsyncContextManager
from datetime import datetime
from typing import Any, Protocol

import aiosqlite

from bot.store.base import FlagSummary
from bot.store.rows import stamp, unstamp


class _Sql(Protocol):
    """What the store mixins use of SqliteStore: its transaction and query helpers."""

    def _transaction(self) -> AbstractAsyncContextManager[aiosqlite.Connection]: ...
    async def _all(self, sql: str, args: Iterable[Any] = ()) -> list[Any]: ...
    async def _one(self, sql: str, args: Iterable[Any] = ()) -> Any: ...


class SqliteFlags:
    async def add_flag(
        self: _Sql, scope: str, entry_id: str, user: str, reason: str, note: str, now: datetime
    ) -> bool:
        async with self._transaction() as db:
            cursor = await db.execute(
                "INSERT INTO flags (scope, entry_id, user, reason, note, at) "
                "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
                (scope, entry_id, user, reason, note, stamp(now)),
            )
            return cursor.rowcount == 1

    async def open_flags(self: _Sql, scope: str, limit: int = 25) -> list[FlagSummary]:
        rows = await self._all(
            "SELECT entry_id, COUNT(*), MAX(at) FROM flags WHERE scope = ? AND resolved IS NULL "
            "GROUP BY entry_id ORDER BY COUNT(*) DESC, MAX(at) DESC LIMIT ?",
            (scope, limit),
        )
        out: list[FlagSummary] = []
        for entry_id, count, at in rows:
            reason, note = await self._one(
                "SELECT reason, note FROM flags WHERE scope = ? AND entry_id = ? "
                "AND resolved IS NULL ORDER BY at DESC, id DESC LIMIT 1",
                (scope, entry_id),
            )
            out.append(FlagSummary(entry_id, count, reason, note, unstamp(at)))
        return out

    async def resolve_flags(self: _Sql, scope: str, entry_id: str, now: datetime) -> int:
        async with self._transaction() as db:
            cursor = await db.execute(
                "UPDATE flags SET resolved = ? WHERE scope = ? AND entry_id = ? "
                "AND resolved IS NULL",
                (stamp(now), scope, entry_id),
            )
            return cursor.rowcount
