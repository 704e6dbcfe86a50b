"""The flags half of the PostgreSQL store (`FlagStore`): readers' reports on entries.

Kept apart so `store.py` stays readable; `PostgresStore` inherits these methods, which use
only its query helpers.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, Protocol

from bot.store.base import FlagSummary


class _Sql(Protocol):
    async def _fetch(self, sql: str, *args: Any) -> list[Any]: ...
    async def _execute(self, sql: str, *args: Any) -> int: ...


class PostgresFlags:
    async def add_flag(
        self: _Sql, scope: str, entry_id: str, user: str, reason: str, note: str, now: datetime
    ) -> bool:
        added = await self._execute(
            "INSERT INTO flags (scope, entry_id, user_id, reason, note, at) "
            "VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING",
            scope,
            entry_id,
            user,
            reason,
            note,
            now,
        )
        return added == 1

    async def open_flags(self: _Sql, scope: str, limit: int = 25) -> list[FlagSummary]:
        """Most flagged first; each with its latest reason and note (one query)."""
        rows = await self._fetch(
            "SELECT entry_id, count(*) AS n, max(at) AS latest, "
            "(array_agg(reason ORDER BY at DESC, id DESC))[1], "
            "(array_agg(note ORDER BY at DESC, id DESC))[1] "
            "FROM flags WHERE scope = $1 AND resolved IS NULL "
            "GROUP BY entry_id ORDER BY n DESC, latest DESC LIMIT $2",
            scope,
            limit,
        )
        return [FlagSummary(r[0], r[1], r[3], r[4], r[2]) for r in rows]

    async def resolve_flags(self: _Sql, scope: str, entry_id: str, now: datetime) -> int:
        return await self._execute(
            "UPDATE flags SET resolved = $1 WHERE scope = $2 AND entry_id = $3 "
            "AND resolved IS NULL",
            now,
            scope,
            entry_id,
        )
