"""The weekly-suggestion half of the PostgreSQL store (`SuggestStore`), inherited by
PostgresStore; it uses only the store's query helpers."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from bot.store.base import SuggestPost, SuggestSchedule
from bot.store.pg.flags import _Sql

_POST = "SELECT id, scope, place, options, posted, message_ref FROM suggest_posts"


def _post(row: Any) -> SuggestPost:
    return SuggestPost(row[0], row[1], row[2], tuple(json.loads(row[3])), row[4], row[5])


class PostgresSuggest:
    async def set_suggest(self: _Sql, schedule: SuggestSchedule) -> None:
        await self._execute(
            "INSERT INTO suggest_schedules (place, scope, weekday, at, since) "
            "VALUES ($1, $2, $3, $4, $5) ON CONFLICT (place) DO UPDATE SET "
            "weekday = excluded.weekday, at = excluded.at, since = excluded.since",
            schedule.place,
            schedule.scope,
            schedule.weekday,
            schedule.at.replace(second=0, microsecond=0),
            schedule.since,
        )

    async def remove_suggest(self: _Sql, place: str) -> bool:
        return await self._execute("DELETE FROM suggest_schedules WHERE place = $1", place) == 1

    async def suggest_schedules(self: _Sql, scope: str | None = None) -> list[SuggestSchedule]:
        where = "WHERE scope = $1" if scope else ""
        rows = await self._fetch(
            f"SELECT place, scope, weekday, at, since FROM suggest_schedules {where} "
            'ORDER BY place COLLATE "C"',
            *([scope] if scope else []),
        )
        return [SuggestSchedule(r[0], r[1], r[2], r[3], r[4]) for r in rows]

    async def claim_suggest(self: _Sql, place: str, week: date) -> bool:
        claimed = await self._execute(
            "UPDATE suggest_schedules SET last_week = $1 WHERE place = $2 "
            "AND (last_week IS NULL OR last_week < $1)",
            week,
            place,
        )
        return claimed == 1

    async def add_suggest_post(self: _Sql, post: SuggestPost) -> None:
        await self._execute(
            "INSERT INTO suggest_posts (id, scope, place, options, posted) "
            "VALUES ($1, $2, $3, $4, $5)",
            post.id,
            post.scope,
            post.place,
            json.dumps(post.options),
            post.posted,
        )

    async def suggest_post(self: _Sql, post_id: str) -> SuggestPost | None:
        rows = await self._fetch(f"{_POST} WHERE id = $1", post_id)
        return _post(rows[0]) if rows else None

    async def suggest_post_at(self: _Sql, place: str, ref: str) -> SuggestPost | None:
        rows = await self._fetch(f"{_POST} WHERE place = $1 AND message_ref = $2", place, ref)
        return _post(rows[0]) if rows else None

    async def set_suggest_ref(self: _Sql, post_id: str, ref: str) -> None:
        await self._execute("UPDATE suggest_posts SET message_ref = $1 WHERE id = $2", ref, post_id)

    async def vote(self: _Sql, post_id: str, user: str, choice: int | None) -> None:
        if choice is None:
            await self._execute(
                "DELETE FROM suggest_votes WHERE post_id = $1 AND user_id = $2", post_id, user
            )
            return
        await self._execute(
            "INSERT INTO suggest_votes (post_id, user_id, choice) VALUES ($1, $2, $3) "
            "ON CONFLICT (post_id, user_id) DO UPDATE SET choice = excluded.choice",
            post_id,
            user,
            choice,
        )

    async def suggest_results(self: _Sql, scope: str) -> list[tuple[str, int]]:
        rows = await self._fetch(f"{_POST} WHERE scope = $1 ORDER BY posted DESC LIMIT 1", scope)
        if not rows:
            return []
        post = _post(rows[0])
        votes = await self._fetch(
            "SELECT choice, count(*) FROM suggest_votes WHERE post_id = $1 GROUP BY choice",
            post.id,
        )
        counts = {r[0]: r[1] for r in votes}
        results = [(option, counts.get(n, 0)) for n, option in enumerate(post.options)]
        return sorted(results, key=lambda r: -r[1])
