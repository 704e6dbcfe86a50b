"""The lease half of the PostgreSQL store (`LeaseStore`): one holder of a name at a time
across every instance, until its expiry.

A lease is a row, not an advisory lock: a session lock would belong to one pooled
connection and vanish (or linger) with it, while a row with an expiry means the same on
every connection. `INSERT ... ON CONFLICT DO UPDATE ... WHERE` is one atomic statement:
of two instances asking at once, the row lock lets one in and the other sees its renewal.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from bot.store.pg.flags import _Sql


class PostgresLease:
    async def hold_lease(self: _Sql, name: str, holder: str, ttl: timedelta, now: datetime) -> bool:
        held = await self._fetch(
            "INSERT INTO leases (name, holder, expires) VALUES ($1, $2, $3) "
            "ON CONFLICT (name) DO UPDATE SET holder = excluded.holder, "
            "expires = excluded.expires "
            "WHERE leases.holder = excluded.holder OR leases.expires <= $4 RETURNING 1",
            name,
            holder,
            now + ttl,
            now,
        )
        return bool(held)

    async def release_lease(self: _Sql, name: str, holder: str) -> None:
        await self._execute("DELETE FROM leases WHERE name = $1 AND holder = $2", name, holder)
