"""The weekly-suggestion half of the SQLite store (`SuggestStore`), inherited by SqliteStore."""

from __future__ import annotations

import json
from datetime import date, time
from typing import Any

from bot.store.base import SuggestPost, SuggestSchedule
from bot.store.rows import stamp, unstamp
from bot.store.sqlite_flags import _Sql

_POST = "SELECT id, scope, place, options, posted, message_ref FROM suggest_posts"


def _post(row: Any) -> SuggestPost:
    return SuggestPost(row[0], row[1], row[2], tuple(json.loads(row[3])), unstamp(row[4]), row[5])


class SqliteSuggest:
    async def set_suggest(self: _Sql, schedule: SuggestSchedule) -> None:
        async with self._transaction() as db:
            await db.execute(
                "INSERT INTO suggest_schedules (place, scope, weekday, at, since) "
                "VALUES (?, ?, ?, ?, ?) ON CONFLICT (place) DO UPDATE SET "
                "weekday = excluded.weekday, at = excluded.at, since = excluded.since",
                (
                    schedule.place,
                    schedule.scope,
                    schedule.weekday,
                    schedule.at.isoformat("minutes"),
                    stamp(schedule.since),
                ),
            )

    async def remove_suggest(self: _Sql, place: str) -> bool:
        async with self._transaction() as db:
            cursor = await db.execute("DELETE FROM suggest_schedules WHERE place = ?", (place,))
            return cursor.rowcount == 1

    async def suggest_schedules(self: _Sql, scope: str | None = None) -> list[SuggestSchedule]:
        where = "WHERE scope = ?" if scope else ""
        rows = await self._all(
            f"SELECT place, scope, weekday, at, since FROM suggest_schedules {where} "
            "ORDER BY place",
            [scope] if scope else [],
        )
        return [
            SuggestSchedule(r[0], r[1], r[2], time.fromisoformat(r[3]), unstamp(r[4])) for r in rows
        ]

    async def claim_suggest(self: _Sql, place: str, week: date) -> bool:
        async with self._transaction() as db:
            cursor = await db.execute(
                "UPDATE suggest_schedules SET last_week = ? WHERE place = ? "
                "AND (last_week IS NULL OR last_week < ?)",
                (week.isoformat(), place, week.isoformat()),
            )
            return cursor.rowcount == 1

    async def add_suggest_post(self: _Sql, post: SuggestPost) -> None:
        async with self._transaction() as db:
            await db.execute(
                "INSERT INTO suggest_posts (id, scope, place, options, posted) "
                "VALUES (?, ?, ?, ?, ?)",
                (post.id, post.scope, post.place, json.dumps(post.options), stamp(post.posted)),
            )

    async def suggest_post(self: _Sql, post_id: str) -> SuggestPost | None:
        row = await self._one(f"{_POST} WHERE id = ?", (post_id,))
        return _post(row) if row else None

    async def suggest_post_at(self: _Sql, place: str, ref: str) -> SuggestPost | None:
        row = await self._one(f"{_POST} WHERE place = ? AND message_ref = ?", (place, ref))
        return _post(row) if row else None

    async def set_suggest_ref(self: _Sql, post_id: str, ref: str) -> None:
        async with self._transaction() as db:
            await db.execute(
                "UPDATE suggest_posts SET message_ref = ? WHERE id = ?", (ref, post_id)
            )

    async def vote(self: _Sql, post_id: str, user: str, choice: int | None) -> None:
        async with self._transaction() as db:
            if choice is None:
                await db.execute(
                    "DELETE FROM suggest_votes WHERE post_id = ? AND user = ?", (post_id, user)
                )
                return
            await db.execute(
                "INSERT INTO suggest_votes (post_id, user, choice) VALUES (?, ?, ?) "
                "ON CONFLICT (post_id, user) DO UPDATE SET choice = excluded.choice",
                (post_id, user, choice),
            )

    async def suggest_results(self: _Sql, scope: str) -> list[tuple[str, int]]:
        row = await self._one(f"{_POST} WHERE scope = ? ORDER BY posted DESC LIMIT 1", (scope,))
        if row is None:
            return []
        post = _post(row)
        counts = dict(
            await self._all(
                "SELECT choice, COUNT(*) FROM suggest_votes WHERE post_id = ? GROUP BY choice",
                (post.id,),
            )
        )
        results = [(option, counts.get(n, 0)) for n, option in enumerate(post.options)]
        return sorted(results, key=lambda r: -r[1])
