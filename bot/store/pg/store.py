"""The PostgreSQL store: the `Store` protocol over an asyncpg pool, for several instances.

Every rule that must hold across processes is the database's: the (question, user) key
takes one answer per user, a partial unique index keeps one open public question per
channel, the daily claim row is won once, and an answer's score changes in the answer's
own transaction. Answers are group-committed like the SQLite store's: concurrent answers
share one transaction, and none is acknowledged before the COMMIT that holds it.
"""

from __future__ import annotations

import json
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import date, datetime
from typing import Any

import asyncpg

from bot.quiz.question import Question
from bot.store.base import Answer, Recorded, Review, Schedule, Score, StoredQuestion
from bot.store.group_commit import GroupCommit
from bot.store.later import LaterWrites, Row
from bot.store.pg.answers import Pending, one_per_user, record_batch
from bot.store.pg.flags import PostgresFlags
from bot.store.pg.installs import PostgresInstalls
from bot.store.pg.lease import PostgresLease
from bot.store.pg.notify import PostgresBroadcast
from bot.store.pg.pool import Pool, where
from bot.store.pg.rows import QUESTION_COLUMNS, ranking, to_question, to_score
from bot.store.pg.schema import migrate
from bot.store.pg.seen import PostgresSeen
from bot.store.pg.suggest import PostgresSuggest

log = logging.getLogger(__name__)

BATCH = 256
"""Most answers one group commit holds."""
LOOKUP_LINGER = 0.05
"""Seconds queued lookups wait for company before they are written (see `LaterWrites`)."""
RETRIES = 3
"""Times a batch is retried after a deadlock or serialisation failure (it rolled back)."""


class PostgresStore(PostgresFlags, PostgresSuggest, PostgresSeen, PostgresLease, PostgresInstalls):
    def __init__(
        self, url: str, *, pool_size: int = 10, backoff: tuple[float, float] = (0.5, 30.0)
    ):
        self.url = url
        self.pool = Pool(url, size=pool_size, backoff=backoff)
        self.backoff = backoff
        self._answers: GroupCommit[Pending, Recorded] = GroupCommit(
            self._commit, BATCH, take=one_per_user
        )
        self._lookups = LaterWrites(self._write_lookups, LOOKUP_LINGER)

    async def open(self) -> None:
        await self.pool.open()
        try:
            async with self.pool.connection() as conn:
                await migrate(conn, where(self.url))
        except BaseException:
            await self.pool.close()
            raise

    def broadcast(self) -> PostgresBroadcast:
        """Reach the other instances on this database (`/glossary reload` everywhere)."""
        return PostgresBroadcast(self.url, self.pool, backoff=self.backoff)

    async def close(self) -> None:
        await self._lookups.settled()
        await self._answers.settled()
        await self.pool.close()

    async def _fetch(self, sql: str, *args: Any) -> list[Any]:
        async with self.pool.connection() as conn:
            return list(await conn.fetch(sql, *args))

    async def _row(self, sql: str, *args: Any) -> Any:
        async with self.pool.connection() as conn:
            return await conn.fetchrow(sql, *args)

    async def _execute(self, sql: str, *args: Any) -> int:
        """Run one statement (its own transaction); return the rows it touched."""
        async with self.pool.connection() as conn:
            status: str = await conn.execute(sql, *args)
        return int(status.rsplit(" ", 1)[-1]) if status[-1:].isdigit() else 0

    @asynccontextmanager
    async def _transaction(self) -> AsyncIterator[Any]:
        async with self.pool.connection() as conn, conn.transaction():
            yield conn

    # Questions

    async def add_question(self, question: StoredQuestion) -> bool:
        q = question.question
        try:
            await self._insert_question(question, q)
        except asyncpg.UniqueViolationError as exc:
            if exc.constraint_name != "questions_one_open":
                raise
            return False
        return True

    async def _insert_question(self, question: StoredQuestion, q: Question) -> None:
        await self._execute(
            f"INSERT INTO questions ({QUESTION_COLUMNS}) "
            "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17)",
            question.id,
            question.scope,
            question.place,
            str(q.type),
            q.prompt,
            json.dumps(q.options),
            q.correct,
            q.answer,
            json.dumps(q.accepted),
            q.entry_id,
            q.entry_name,
            question.opened,
            question.closes,
            question.daily_date,
            question.private_to,
            question.closed,
            question.message_ref,
        )

    async def question(self, question_id: str) -> StoredQuestion | None:
        row = await self._row(
            f"SELECT {QUESTION_COLUMNS} FROM questions WHERE id = $1", question_id
        )
        return to_question(row) if row else None

    async def open_question_in(self, place: str, *, daily: bool) -> StoredQuestion | None:
        row = await self._row(
            f"SELECT {QUESTION_COLUMNS} FROM questions WHERE place = $1 AND private_to = '' "
            "AND closed IS NULL AND (daily IS NOT NULL) = $2 ORDER BY opened DESC LIMIT 1",
            place,
            daily,
        )
        return to_question(row) if row else None

    async def set_message_ref(self, question_id: str, ref: str) -> None:
        await self._execute("UPDATE questions SET message_ref = $1 WHERE id = $2", ref, question_id)

    async def close_question(self, question_id: str, now: datetime) -> bool:
        touched = await self._execute(
            "UPDATE questions SET closed = $1 WHERE id = $2 AND closed IS NULL", now, question_id
        )
        return touched == 1

    async def due_questions(self, now: datetime) -> list[StoredQuestion]:
        rows = await self._fetch(
            f"SELECT {QUESTION_COLUMNS} FROM questions "
            "WHERE closed IS NULL AND closes <= $1 ORDER BY closes",
            now,
        )
        return [to_question(r) for r in rows]

    async def next_closing(self) -> datetime | None:
        row = await self._row("SELECT min(closes) FROM questions WHERE closed IS NULL")
        return row[0] if row else None

    async def answers(self, question_id: str) -> list[Answer]:
        rows = await self._fetch(
            "SELECT a.user_id, COALESCE(u.name, a.user_id), a.choice, a.text, a.correct, a.at "
            "FROM answers a LEFT JOIN users u ON u.user_id = a.user_id "
            'WHERE a.question_id = $1 ORDER BY a.at, a.user_id COLLATE "C"',
            question_id,
        )
        return [Answer(r[0], r[1], r[2], r[3], r[4], r[5]) for r in rows]

    async def record_answer(self, question: StoredQuestion, answer: Answer) -> Recorded:
        """Queue the answer for the next group commit and wait until it is durable."""
        return await self._answers.submit(Pending(question, answer))

    async def _commit(self, batch: list[Pending]) -> list[Recorded]:
        for attempt in range(RETRIES):
            try:
                async with self._transaction() as conn:
                    return await record_batch(conn, batch)
            except (asyncpg.DeadlockDetectedError, asyncpg.SerializationError):
                if attempt == RETRIES - 1:
                    raise
                log.info("answer batch rolled back by a conflict; retrying")
        raise AssertionError("unreachable")

    async def end_daily(self, question: StoredQuestion, daily_date: date) -> int:
        return await self._execute(
            "UPDATE scores SET streak = 0 WHERE scope = $1 AND last_daily_place = $2 "
            "AND streak > 0 AND (last_daily IS NULL OR last_daily < $3)",
            question.scope,
            question.place,
            daily_date,
        )

    # Scores

    async def score(self, scope: str, user: str) -> Score | None:
        return await self.rank(scope, user)

    async def leaderboard(
        self, scope: str, since: datetime | None = None, place: str | None = None, limit: int = 10
    ) -> list[Score]:
        sql, args = ranking(scope, since, place)
        rows = await self._fetch(
            f"SELECT * FROM ({sql}) ranked "
            f'ORDER BY rank, name COLLATE "C", user_id COLLATE "C" LIMIT ${len(args) + 1}',
            *args,
            limit,
        )
        return [to_score(r) for r in rows]

    async def rank(
        self, scope: str, user: str, since: datetime | None = None, place: str | None = None
    ) -> Score | None:
        sql, args = ranking(scope, since, place)
        row = await self._row(
            f"SELECT * FROM ({sql}) ranked WHERE user_id = ${len(args) + 1}", *args, user
        )
        return to_score(row) if row else None

    # Schedules and daily posts

    async def set_schedule(self, schedule: Schedule) -> None:
        await self._execute(
            "INSERT INTO schedules (place, scope, time, timezone, days, created_by, since) "
            "VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (place) DO UPDATE SET "
            "time = excluded.time, timezone = excluded.timezone, days = excluded.days, "
            "created_by = excluded.created_by, since = excluded.since, failures = 0",
            schedule.place,
            schedule.scope,
            schedule.time,
            schedule.timezone,
            ",".join(map(str, schedule.days)),
            schedule.created_by,
            schedule.since,
        )

    async def remove_schedule(self, place: str) -> bool:
        return await self._execute("DELETE FROM schedules WHERE place = $1", place) == 1

    async def schedules(self, scope: str | None = None) -> list[Schedule]:
        where_scope, args = ("WHERE scope = $1", [scope]) if scope else ("", [])
        rows = await self._fetch(
            "SELECT place, scope, time, timezone, days, created_by, failures, since "
            f'FROM schedules {where_scope} ORDER BY place COLLATE "C"',
            *args,
        )
        return [
            Schedule(
                place=r[0],
                scope=r[1],
                time=r[2],
                timezone=r[3],
                days=tuple(int(d) for d in r[4].split(",") if d),
                created_by=r[5],
                failures=r[6],
                since=r[7],
            )
            for r in rows
        ]

    async def post_result(self, place: str, ok: bool) -> int:
        row = await self._row(
            "UPDATE schedules SET failures = CASE WHEN $1 THEN 0 ELSE failures + 1 END "
            "WHERE place = $2 RETURNING failures",
            ok,
            place,
        )
        return int(row[0]) if row else 0

    async def claim_daily(self, place: str, local_date: date, now: datetime, by: str) -> bool:
        row = await self._row(
            "INSERT INTO daily_posts (place, local_date, claimed_at, claimed_by) "
            "VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING RETURNING 1",
            place,
            local_date,
            now,
            by,
        )
        return row is not None

    async def set_daily_question(self, place: str, local_date: date, question_id: str) -> None:
        await self._execute(
            "UPDATE daily_posts SET question_id = $1 WHERE place = $2 AND local_date = $3",
            question_id,
            place,
            local_date,
        )

    async def last_daily(self, place: str) -> StoredQuestion | None:
        row = await self._row(
            f"SELECT {', '.join('q.' + c for c in QUESTION_COLUMNS.split(', '))} "
            "FROM daily_posts d JOIN questions q ON q.id = d.question_id "
            "WHERE d.place = $1 ORDER BY d.local_date DESC LIMIT 1",
            place,
        )
        return to_question(row) if row else None

    # Lookups

    async def log_lookup(
        self, scope: str, user: str, query: str, outcome: str, entry_id: str, now: datetime
    ) -> None:
        """Queue the row and return: the reply does not wait for it (see `LaterWrites`)."""
        self._lookups.add((now, scope, user, query, outcome, entry_id))

    async def _write_lookups(self, rows: list[Row]) -> None:
        async with self._transaction() as conn:
            await conn.executemany(
                "INSERT INTO lookups (at, scope, user_id, query, outcome, entry_id) "
                "VALUES ($1, $2, $3, $4, $5, $6)",
                rows,
            )

    async def prune_lookups(self, before: datetime) -> int:
        await self._lookups.settled()
        return await self._execute("DELETE FROM lookups WHERE at < $1", before)

    async def top_entries(self, scope: str | None, limit: int) -> list[tuple[str, int]]:
        await self._lookups.settled()
        where_scope = "AND scope = $2" if scope else ""
        rows = await self._fetch(
            f"SELECT entry_id, count(*) AS n FROM lookups WHERE outcome = 'found' {where_scope} "
            'GROUP BY entry_id ORDER BY n DESC, entry_id COLLATE "C" LIMIT $1',
            limit,
            *([scope] if scope else []),
        )
        return [(r[0], r[1]) for r in rows]

    async def top_misses(
        self, scope: str | None, limit: int, since: datetime | None = None
    ) -> list[tuple[str, int]]:
        await self._lookups.settled()
        filters, args = ["outcome = 'not_found'"], list[Any]([limit])
        if scope:
            args.append(scope)
            filters.append(f"scope = ${len(args)}")
        if since:
            args.append(since)
            filters.append(f"at >= ${len(args)}")
        rows = await self._fetch(
            f"SELECT lower(query) AS q, count(*) AS n FROM lookups WHERE {' AND '.join(filters)} "
            'GROUP BY 1 ORDER BY n DESC, lower(query) COLLATE "C" LIMIT $1',
            *args,
        )
        return [(r[0], r[1]) for r in rows]

    # Spaced repetition

    async def reviews(self, user: str) -> dict[str, Review]:
        rows = await self._fetch(
            "SELECT entry_id, card, due, lapses FROM reviews WHERE user_id = $1", user
        )
        return {r[0]: Review(r[0], r[1], r[2], r[3]) for r in rows}

    async def save_review(self, user: str, review: Review) -> None:
        await self._execute(
            "INSERT INTO reviews (user_id, entry_id, card, due, lapses) "
            "VALUES ($1, $2, $3, $4, $5) ON CONFLICT (user_id, entry_id) DO UPDATE SET "
            "card = excluded.card, due = excluded.due, lapses = excluded.lapses",
            user,
            review.entry_id,
            review.card,
            review.due,
            review.lapses,
        )
