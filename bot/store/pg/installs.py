"""The installations half of the PostgreSQL store (`InstallationStore`): an app's
installations in many workspaces, filed by key with the platform's record as JSON, and the
one-time states of its install flow, shared by every instance."""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import datetime, timedelta
from typing import Any

from bot.store.base import InstallKey
from bot.store.pg.flags import _Sql
from bot.store.rows import installation_filter


def _where(
    platform: str, team: str, enterprise: str | None, user: str | None
) -> tuple[str, list[str]]:
    return installation_filter(
        platform, team, enterprise, user, user_column="user_id", mark=lambda n: f"${n}"
    )


class PostgresInstalls:
    async def save_installation(
        self: _Sql, key: InstallKey, data: Mapping[str, Any], now: datetime
    ) -> None:
        await self._execute(
            "INSERT INTO installations (platform, enterprise, team, user_id, data, saved) "
            "VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (platform, team, enterprise, user_id) "
            "DO UPDATE SET data = excluded.data, saved = excluded.saved",
            key.platform,
            key.enterprise,
            key.team,
            key.user,
            json.dumps(data),
            now,
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
            where += " AND user_id <> ''"
        rows = await self._fetch(
            f"SELECT data FROM installations WHERE {where} ORDER BY saved DESC LIMIT 1", *args
        )
        return dict(json.loads(rows[0][0])) if rows else None

    async def delete_installations(
        self: _Sql,
        platform: str,
        team: str,
        *,
        enterprise: str | None = None,
        user: str | None = None,
    ) -> int:
        where, args = _where(platform, team, enterprise, user)
        return await self._execute(f"DELETE FROM installations WHERE {where}", *args)

    async def issue_state(self: _Sql, state: str, now: datetime, ttl: timedelta) -> None:
        await self._execute("DELETE FROM oauth_states WHERE expires <= $1", now)
        await self._execute(
            "INSERT INTO oauth_states (state, expires) VALUES ($1, $2)", state, now + ttl
        )

    async def consume_state(self: _Sql, state: str, now: datetime) -> bool:
        rows = await self._fetch(
            "DELETE FROM oauth_states WHERE state = $1 RETURNING expires", state
        )
        return bool(rows) and rows[0][0] > now
