"""The installations half of the SQLite store (`InstallationStore`): an app's installations
in many workspaces, filed by key with the platform's record as JSON, and the one-time
states of its install flow."""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import datetime, timedelta
from typing import Any

from bot.store.base import InstallKey
from bot.store.rows import fetch, installation_filter, stamp, unstamp
from bot.store.sqlite_flags import _Sql


def _where(
    platform: str, team: str, enterprise: str | None, user: str | None
) -> tuple[str, list[str]]:
    return installation_filter(
        platform, team, enterprise, user, user_column="user", mark=lambda _: "?"
    )


class SqliteInstalls:
    async def save_installation(
        self: _Sql, key: InstallKey, data: Mapping[str, Any], now: datetime
    ) -> None:
        async with self._transaction() as db:
            await db.execute(
                "INSERT INTO installations (platform, enterprise, team, user, data, saved) "
                "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (platform, team, enterprise, user) "
                "DO UPDATE SET data = excluded.data, saved = excluded.saved",
                (key.platform, key.enterprise, key.team, key.user, json.dumps(data), stamp(now)),
            )

    async def find_installation(
        self: _Sql,
        platform: str,
        team: str,
        *,
        enterprise: str | None = None,
        user: str | None = "",
    ) -> dict[str, Any] | None:
        where, args = _where(platform, team, enterprise, user)
        if user is None:
            where += " AND user <> ''"
        row = await self._one(
            f"SELECT data FROM installations WHERE {where} ORDER BY saved DESC LIMIT 1", args
        )
        return None if row is None else dict(json.loads(row[0]))

    async def delete_installations(
        self: _Sql,
        platform: str,
        team: str,
        *,
        enterprise: str | None = None,
        user: str | None = None,
    ) -> int:
        where, args = _where(platform, team, enterprise, user)
        async with self._transaction() as db:
            cursor = await db.execute(f"DELETE FROM installations WHERE {where}", args)
            return cursor.rowcount

    async def issue_state(self: _Sql, state: str, now: datetime, ttl: timedelta) -> None:
        async with self._transaction() as db:
            await db.execute("DELETE FROM oauth_states WHERE expires <= ?", (stamp(now),))
            await db.execute(
                "INSERT INTO oauth_states (state, expires) VALUES (?, ?)",
                (state, stamp(now + ttl)),
            )

    async def consume_state(self: _Sql, state: str, now: datetime) -> bool:
        async with self._transaction() as db:
            row = await fetch(
                db, "DELETE FROM oauth_states WHERE state = ? RETURNING expires", (state,)
            )
        return row is not None and unstamp(row[0]) > now
