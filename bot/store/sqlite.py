"""The SQLite store (aiosqlite): one connection, WAL, migrations, every write in a transaction.

One connection owner serialises writes with a lock, so a transaction never interleaves
with another coroutine's statements. An answer is acknowledged only after its transaction
commits, so a crash loses no acknowledged answer, and the (question, user) primary key
means a retried or double-clicked answer is never counted twice.
"""

from __future__ import annotations

import asyncio
import json
import sqlite3
from collections.abc import AsyncIterator, Iterable
from contextlib import asynccontextmanager
from datetime import date, datetime
from pathlib import Path
from typing import Any

import aiosqlite

from bot import metrics
from bot.store.base import Answer, Recorded, Review, Schedule, Score, StoredQuestion
from bot.store.group_commit import GroupCommit, in_transaction
from bot.store.later import LaterWrites, Row
from bot.store.migrate import migrate, use_wal
from bot.store.rows import fetch, ranking, record_answers, stamp, to_question, to_score, unstamp
from bot.store.schema import MIGRATIONS
from bot.store.sqlite_begin import begin
from bot.store.sqlite_checkpoint import EVERY_SECONDS, Checkpoints
from bot.store.sqlite_flags import SqliteFlags
from bot.store.sqlite_installs import SqliteInstalls
from bot.store.sqlite_lease import SqliteLease
from bot.store.sqlite_seen import SqliteSeen, deliveries
from bot.store.sqlite_suggest import SqliteSuggest
from bot.store.unusable import unusable

_QUESTION_COLUMNS = (
    "id, scope, place, type, prompt, options, correct, answer, accepted, entry_id, entry_name, "
    "opened, closes, daily, private_to, closed, message_ref"
)


ONE_OPEN = "questions_one_open"
"""The unique index behind the one-open-question-per-channel rule."""

BATCH = 256
"""Most answers one group commit holds."""
LOOKUP_LINGER = 0.05
"""Seconds queued lookups wait for company before they are written (see `LaterWrites`)."""
LOOKUP_COLUMNS = 6
LOOKUPS_PER_STATEMENT = 1000
"""Rows in one INSERT (SQLite allows 32,766 values per statement)."""


class SqliteStore(SqliteFlags, SqliteSuggest, SqliteSeen, SqliteLease, SqliteInstalls):
    def __init__(self, path: str | Path, *, checkpoint_every: float | None = EVERY_SECONDS) -> None:
        """`checkpoint_every`: seconds between background WAL checkpoints (None: none; for
        tests that run `Checkpoints` themselves)."""
        self.path = str(path)
        self._checkpoint_every = checkpoint_every
        self._db: aiosqlite.Connection | None = None
        self._write = asyncio.Lock()
        self._answers = GroupCommit(in_transaction(self._transaction, record_answers), BATCH)
        self._lookups = LaterWrites(self._write_lookups, LOOKUP_LINGER)
        self._deliveries = deliveries(self._statement)
        self._checkpoints: Checkpoints | None = None

    async def open(self) -> None:
        """Open (creating or migrating) the database, and prove it can be written.

        A file that cannot serve (damaged, read-only, a directory that is a file) raises
        `StoreError` with one line naming the path and the fix, instead of failing at the
        first answer.
        """
        try:
            if self.path != ":memory:":
                Path(self.path).parent.mkdir(parents=True, exist_ok=True)
            db = await aiosqlite.connect(self.path, isolation_level=None)
        except (OSError, sqlite3.Error) as exc:
            raise unusable(self.path, exc) from None
        try:
            # The busy timeout first: another process may be switching to WAL or migrating.
            await db.execute("PRAGMA busy_timeout = 5000")
            await use_wal(db)
            await db.execute("PRAGMA synchronous = NORMAL")
            await db.execute("PRAGMA foreign_keys = ON")
            # No write waits for a checkpoint: `Checkpoints` does them on its own connection.
            await db.execute("PRAGMA wal_autocheckpoint = 0")
            version = await migrate(db, self.path, MIGRATIONS)
            # Rewriting the version is a write that changes nothing: it fails now, not later.
            await db.execute(f"PRAGMA user_version = {version}")
        except BaseException as exc:
            await db.close()
            if isinstance(exc, OSError | sqlite3.Error):
                raise unusable(self.path, exc) from None
            raise
        self._db = db
        if self.path != ":memory:" and self._checkpoint_every is not None:
            self._checkpoints = Checkpoints(self.path, self._checkpoint_every)
            await self._checkpoints.start()

    async def close(self) -> None:
        await self._lookups.settled()
        await self._answers.settled()
        await self._deliveries.settled()
        checkpoints, self._checkpoints = self._checkpoints, None
        if checkpoints is not None:
            await checkpoints.stop()
        if self._db is not None:
            db, self._db = self._db, None
            async with self._write:
                await db.close()

    @property
    def db(self) -> aiosqlite.Connection:
        if self._db is None:
            raise RuntimeError("store is not open")
        return self._db

    @asynccontextmanager
    async def _transaction(self) -> AsyncIterator[aiosqlite.Connection]:
        async with self._write:
            db = self.db
            with metrics.STORE_SECONDS.labels("write").time():
                await begin(db)
                try:
                    yield db
                except BaseException:
                    await db.execute("ROLLBACK")
                    raise
                await db.execute("COMMIT")

    @asynccontextmanager
    async def _statement(self) -> AsyncIterator[aiosqlite.Connection]:
        """The connection for writes that are one statement each, atomic without BEGIN
        and COMMIT (autocommit): one trip to aiosqlite's thread where a transaction takes
        three. Between other writers' transactions, as they hold the same lock."""
        async with self._write:
            with metrics.STORE_SECONDS.labels("write").time():
                yield self.db

    async def _all(self, sql: str, args: Iterable[Any] = ()) -> list[Any]:
        with metrics.STORE_SECONDS.labels("read").time():
            async with self.db.execute(sql, tuple(args)) as cursor:
                return list(await cursor.fetchall())

    async def _one(self, sql: str, args: Iterable[Any] = ()) -> Any:
        with metrics.STORE_SECONDS.labels("read").time():
            async with self.db.execute(sql, tuple(args)) as cursor:
                return await cursor.fetchone()

    # Questions

    async def add_question(self, question: StoredQuestion) -> bool:
        q = question.question
        try:
            async with self._transaction() as db:
                await db.execute(
                    f"INSERT INTO questions ({_QUESTION_COLUMNS}) "
                    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    (
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
                        stamp(question.opened),
                        stamp(question.closes),
                        question.daily_date.isoformat() if question.daily_date else "",
                        question.private_to,
                        stamp(question.closed) if question.closed else None,
                        question.message_ref,
                    ),
                )
        except sqlite3.IntegrityError as exc:
            if ONE_OPEN not in str(exc):
                raise
            return False
        return True

    async def question(self, question_id: str) -> StoredQuestion | None:
        row = await self._one(
            f"SELECT {_QUESTION_COLUMNS} FROM questions WHERE id = ?", (question_id,)
        )
        return to_question(row) if row else None

    async def open_question_in(self, place: str, *, daily: bool) -> StoredQuestion | None:
        row = await self._one(
            f"SELECT {_QUESTION_COLUMNS} FROM questions WHERE place = ? AND private_to = '' "
            "AND closed IS NULL AND (daily <> '') = ? ORDER BY opened DESC LIMIT 1",
            (place, daily),
        )
        return to_question(row) if row else None

    async def set_message_ref(self, question_id: str, ref: str) -> None:
        async with self._transaction() as db:
            await db.execute(
                "UPDATE questions SET message_ref = ? WHERE id = ?", (ref, question_id)
            )

    async def close_question(self, question_id: str, now: datetime) -> bool:
        async with self._transaction() as db:
            cursor = await db.execute(
                "UPDATE questions SET closed = ? WHERE id = ? AND closed IS NULL",
                (stamp(now), question_id),
            )
            return cursor.rowcount == 1

    async def due_questions(self, now: datetime) -> list[StoredQuestion]:
        rows = await self._all(
            f"SELECT {_QUESTION_COLUMNS} FROM questions "
            "WHERE closed IS NULL AND closes <= ? ORDER BY closes",
            (stamp(now),),
        )
        return [to_question(r) for r in rows]

    async def next_closing(self) -> datetime | None:
        row = await self._one("SELECT MIN(closes) FROM questions WHERE closed IS NULL")
        return unstamp(row[0]) if row and row[0] else None

    async def answers(self, question_id: str) -> list[Answer]:
        rows = await self._all(
            "SELECT a.user, COALESCE(u.name, a.user), a.choice, a.text, a.correct, a.at, a.points "
            "FROM answers a LEFT JOIN users u ON u.user = a.user "
            "WHERE a.question_id = ? ORDER BY a.at, a.user",
            (question_id,),
        )
        return [Answer(r[0], r[1], r[2], r[3], bool(r[4]), unstamp(r[5]), r[6]) for r in rows]

    async def record_answer(self, question: StoredQuestion, answer: Answer) -> Recorded:
        """Queue the answer for the next group commit and wait until it is durable.

        Concurrent answers share one transaction (group commit): each still gets its own
        outcome, and none is acknowledged before the COMMIT that holds it.
        """
        return await self._answers.submit((question, answer))

    async def end_daily(self, question: StoredQuestion, daily_date: date) -> int:
        async with self._transaction() as db:
            cursor = await db.execute(
                "UPDATE scores SET streak = 0 WHERE scope = ? AND last_daily_place = ? "
                "AND streak > 0 AND last_daily < ?",
                (question.scope, question.place, daily_date.isoformat()),
            )
            return cursor.rowcount

    # Scores

    async def score(self, scope: str, user: str) -> Score | None:
        return await self.rank(scope, user)

    async def leaderboard(
        self, scope: str, since: datetime | None = None, place: str | None = None, limit: int = 10
    ) -> list[Score]:
        sql, args = ranking(scope, since, place)
        rows = await self._all(f"{sql} ORDER BY rank, name, user LIMIT ?", (*args, limit))
        return [to_score(r) for r in rows]

    async def rank(
        self, scope: str, user: str, since: datetime | None = None, place: str | None = None
    ) -> Score | None:
        sql, args = ranking(scope, since, place)
        row = await self._one(f"SELECT * FROM ({sql}) WHERE user = ?", (*args, user))
        return to_score(row) if row else None

    # Schedules and daily posts

    async def set_schedule(self, schedule: Schedule) -> None:
        async with self._transaction() as db:
            await db.execute(
                "INSERT INTO schedules (place, scope, time, timezone, days, created_by, since) "
                "VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (place) DO UPDATE SET "
                "time = excluded.time, timezone = excluded.timezone, days = excluded.days, "
                "created_by = excluded.created_by, since = excluded.since, failures = 0",
                (
                    schedule.place,
                    schedule.scope,
                    schedule.time,
                    schedule.timezone,
                    ",".join(map(str, schedule.days)),
                    schedule.created_by,
                    stamp(schedule.since) if schedule.since else None,
                ),
            )

    async def remove_schedule(self, place: str) -> bool:
        async with self._transaction() as db:
            cursor = await db.execute("DELETE FROM schedules WHERE place = ?", (place,))
            return cursor.rowcount == 1

    async def schedules(self, scope: str | None = None) -> list[Schedule]:
        where, args = ("WHERE scope = ?", (scope,)) if scope else ("", ())
        rows = await self._all(
            "SELECT place, scope, time, timezone, days, created_by, failures, since "
            f"FROM schedules {where} ORDER BY place",
            args,
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
                since=unstamp(r[7]) if r[7] else None,
            )
            for r in rows
        ]

    async def post_result(self, place: str, ok: bool) -> int:
        async with self._transaction() as db:
            row = await fetch(
                db,
                "UPDATE schedules SET failures = CASE WHEN ? THEN 0 ELSE failures + 1 END "
                "WHERE place = ? RETURNING failures",
                (ok, place),
            )
            return int(row[0]) if row else 0

    async def claim_daily(self, place: str, local_date: date, now: datetime, by: str) -> bool:
        async with self._transaction() as db:
            row = await fetch(
                db,
                "INSERT INTO daily_posts (place, local_date, claimed_at, claimed_by) "
                "VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING RETURNING 1",
                (place, local_date.isoformat(), stamp(now), by),
            )
            return row is not None

    async def set_daily_question(self, place: str, local_date: date, question_id: str) -> None:
        async with self._transaction() as db:
            await db.execute(
                "UPDATE daily_posts SET question_id = ? WHERE place = ? AND local_date = ?",
                (question_id, place, local_date.isoformat()),
            )

    async def last_daily(self, place: str) -> StoredQuestion | None:
        row = await self._one(
            "SELECT question_id FROM daily_posts WHERE place = ? AND question_id IS NOT NULL "
            "ORDER BY local_date DESC LIMIT 1",
            (place,),
        )
        return await self.question(row[0]) if row else None

    # Lookups

    async def log_lookup(
        self, scope: str, user: str, query: str, outcome: str, entry_id: str, now: datetime
    ) -> None:
        """Queue the row and return: the reply does not wait for it (see `LaterWrites`)."""
        self._lookups.add((stamp(now), scope, user, query, outcome, entry_id))

    async def _write_lookups(self, rows: list[Row]) -> None:
        """Each chunk of rows is one INSERT: atomic alone, one trip to aiosqlite's thread."""
        marks = "(" + ", ".join("?" * LOOKUP_COLUMNS) + ")"
        for start in range(0, len(rows), LOOKUPS_PER_STATEMENT):
            chunk = rows[start : start + LOOKUPS_PER_STATEMENT]
            async with self._statement() as db:
                await db.execute(
                    "INSERT INTO lookups (at, scope, user, query, outcome, entry_id) VALUES "
                    + ", ".join([marks] * len(chunk)),
                    [value for row in chunk for value in row],
                )

    async def prune_lookups(self, before: datetime) -> int:
        await self._lookups.settled()
        async with self._transaction() as db:
            cursor = await db.execute("DELETE FROM lookups WHERE at < ?", (stamp(before),))
            return cursor.rowcount

    async def top_entries(self, scope: str | None, limit: int) -> list[tuple[str, int]]:
        await self._lookups.settled()
        where = "AND scope = ?" if scope else ""
        rows = await self._all(
            f"SELECT entry_id, COUNT(*) AS n FROM lookups WHERE outcome = 'found' {where} "
            "GROUP BY entry_id ORDER BY n DESC, entry_id LIMIT ?",
            (*([scope] if scope else []), limit),
        )
        return [(r[0], r[1]) for r in rows]

    async def top_misses(
        self, scope: str | None, limit: int, since: datetime | None = None
    ) -> list[tuple[str, int]]:
        await self._lookups.settled()
        where = ("AND scope = ? " if scope else "") + ("AND at >= ?" if since else "")
        rows = await self._all(
            f"SELECT lower(query) AS q, COUNT(*) AS n FROM lookups WHERE outcome = 'not_found' "
            f"{where} GROUP BY q ORDER BY n DESC, q LIMIT ?",
            (*([scope] if scope else []), *([stamp(since)] if since else []), limit),
        )
        return [(r[0], r[1]) for r in rows]

    # Spaced repetition

    async def reviews(self, user: str) -> dict[str, Review]:
        rows = await self._all(
            "SELECT entry_id, card, due, lapses FROM reviews WHERE user = ?", (user,)
        )
        return {r[0]: Review(r[0], r[1], unstamp(r[2]), r[3]) for r in rows}

    async def save_review(self, user: str, review: Review) -> None:
        async with self._transaction() as db:
            await db.execute(
                "INSERT INTO reviews (user, entry_id, card, due, lapses) VALUES (?, ?, ?, ?, ?) "
                "ON CONFLICT (user, entry_id) DO UPDATE SET card = excluded.card, "
                "due = excluded.due, lapses = excluded.lapses",
                (user, review.entry_id, review.card, stamp(review.due), review.lapses),
            )
