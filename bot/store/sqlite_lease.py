"""The lease half of the SQLite store (`LeaseStore`): one holder of a name at a time among
the processes on one file, until its expiry."""

from __future__ import annotations

from datetime import datetime, timedelta

from bot.store.rows import fetch, stamp
from bot.store.sqlite_flags import _Sql


class SqliteLease:
    async def hold_lease(self: _Sql, name: str, holder: str, ttl: timedelta, now: datetime) -> bool:
        async with self._transaction() as db:
            row = await fetch(
                db,
                "INSERT INTO leases (name, holder, expires) VALUES (?, ?, ?) "
                "ON CONFLICT (name) DO UPDATE SET holder = excluded.holder, "
                "expires = excluded.expires "
                "WHERE leases.holder = excluded.holder OR leases.expires <= ? RETURNING 1",
                (name, holder, stamp(now + ttl), stamp(now)),
            )
            return row is not None

    async def release_lease(self: _Sql, name: str, holder: str) -> None:
        async with self._transaction() as db:
            await db.execute("DELETE FROM leases WHERE name = ? AND holder = ?", (name, holder))
