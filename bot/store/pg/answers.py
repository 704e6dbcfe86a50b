"""Recording a batch of answers in PostgreSQL: one statement per group commit.

The batch goes to the server as arrays (`unnest`), and one statement inserts the answers
the (question, user) primary key lets through, upserts the users' names and adds to
their scores and streaks, so 200 waiting answers cost a few round trips, not 600. A batch
holds at most one answer per user, so a score row is touched once per statement; rows are
written in key order, so two processes' batches never deadlock on each other.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from bot.store.base import Accepted, AlreadyAnswered, Answer, Closed, Recorded, StoredQuestion


@dataclass(frozen=True, slots=True)
class Pending:
    question: StoredQuestion
    answer: Answer

    @property
    def practice(self) -> bool:
        return bool(self.question.private_to)

    @property
    def daily(self) -> date | None:
        """The streak day this answer counts for (none for practice)."""
        return None if self.practice else self.question.daily_date


def one_per_user(queue: list[Any], limit: int) -> tuple[list[Any], list[Any]]:
    """Split a queue of (Pending, future) into a batch with one answer per user, and the rest."""
    batch: list[Any] = []
    rest: list[Any] = []
    users: set[str] = set()
    for item in queue:
        user = item[0].answer.user
        if len(batch) < limit and user not in users:
            users.add(user)
            batch.append(item)
        else:
            rest.append(item)
    return batch, rest


RECORD = """
WITH input AS (
    SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::int[], $5::text[],
        $6::bool[], $7::int[], $8::bool[], $9::text[], $10::text[], $11::timestamptz[],
        $12::date[]) WITH ORDINALITY
    AS i(question_id, user_id, name, choice, text, correct, points, practice, scope, place,
        at, daily, n)
),
ins AS (
    INSERT INTO answers (question_id, user_id, name, choice, text, correct, points, practice,
        scope, place, at)
    SELECT i.question_id, i.user_id, i.name, i.choice, i.text, i.correct, i.points,
        i.practice, i.scope, i.place, i.at
    FROM input i JOIN questions q
        ON q.id = i.question_id AND q.closed IS NULL AND q.closes > i.at
    ORDER BY i.question_id, i.user_id
    ON CONFLICT DO NOTHING
    RETURNING question_id, user_id
),
named AS (
    INSERT INTO users (user_id, name)
    SELECT i.user_id, i.name FROM input i JOIN ins USING (question_id, user_id)
    ORDER BY i.user_id
    ON CONFLICT (user_id) DO UPDATE SET name = excluded.name
),
scored AS (
    INSERT INTO scores (scope, user_id)
    SELECT i.scope, i.user_id FROM input i JOIN ins USING (question_id, user_id)
    WHERE NOT i.practice
    ORDER BY i.scope, i.user_id
    ON CONFLICT (scope, user_id) DO NOTHING
)
SELECT ins.user_id IS NOT NULL AS accepted
FROM input i
LEFT JOIN ins USING (question_id, user_id)
ORDER BY i.n
"""

# A daily answered right extends the streak; a wrong one ends it. A streak counts days, not
# posts: once a daily of this local date has counted, further ones that day leave it be.
STREAKS = """
UPDATE scores s SET
    streak = CASE WHEN d.correct THEN s.streak + 1 ELSE 0 END,
    best_streak = GREATEST(s.best_streak, CASE WHEN d.correct THEN s.streak + 1 ELSE 0 END),
    last_daily = CASE WHEN d.correct THEN d.day ELSE s.last_daily END,
    last_daily_place = d.place
FROM unnest($1::text[], $2::text[], $3::bool[], $4::date[], $5::text[])
    AS d(scope, user_id, correct, day, place)
WHERE s.scope = d.scope AND s.user_id = d.user_id AND s.last_daily IS DISTINCT FROM d.day
"""

STREAK_NOW = """
SELECT s.user_id, s.streak FROM scores s
JOIN unnest($1::text[], $2::text[]) AS k(scope, user_id) USING (scope, user_id)
"""

EARLIER = """
SELECT a.question_id, a.user_id, a.correct FROM answers a
JOIN unnest($1::text[], $2::text[]) AS k(question_id, user_id) USING (question_id, user_id)
"""


def arguments(batch: list[Pending]) -> list[list[Any]]:
    columns: list[list[Any]] = [[] for _ in range(12)]
    for p in batch:
        q, a = p.question, p.answer
        row = (
            q.id,
            a.user,
            a.name or a.user,
            a.choice,
            a.text,
            a.correct,
            a.points,
            p.practice,
            q.scope,
            q.place,
            a.at,
            p.daily,
        )
        for column, value in zip(columns, row, strict=True):
            column.append(value)
    return columns


async def record_batch(conn: Any, batch: list[Pending]) -> list[Recorded]:
    """Record every answer of `batch` inside the caller's transaction; one outcome each."""
    rows = await conn.fetch(RECORD, *arguments(batch))
    accepted = [p for p, row in zip(batch, rows, strict=True) if row["accepted"]]
    streaks = await _streaks(conn, [p for p in accepted if p.daily is not None])
    outcomes: list[Recorded | None] = [
        Accepted(p.answer.correct, p.answer.points, streaks.get(p.answer.user, 0))
        if row["accepted"]
        else None
        for p, row in zip(batch, rows, strict=True)
    ]
    refused = [p for p, o in zip(batch, outcomes, strict=True) if o is None]
    earlier: dict[tuple[str, str], bool] = {}
    if refused:
        found = await conn.fetch(
            EARLIER, [p.question.id for p in refused], [p.answer.user for p in refused]
        )
        earlier = {(r["question_id"], r["user_id"]): r["correct"] for r in found}
    results: list[Recorded] = []
    for p, outcome in zip(batch, outcomes, strict=True):
        if outcome is None:
            key = (p.question.id, p.answer.user)
            outcome = AlreadyAnswered(earlier[key]) if key in earlier else Closed()
        results.append(outcome)
    return results


async def _streaks(conn: Any, dailies: list[Pending]) -> dict[str, int]:
    """Count the daily answers into their users' streaks; each user's streak after it."""
    if not dailies:
        return {}
    scopes = [p.question.scope for p in dailies]
    users = [p.answer.user for p in dailies]
    await conn.execute(
        STREAKS,
        scopes,
        users,
        [p.answer.correct for p in dailies],
        [p.daily for p in dailies],
        [p.question.place for p in dailies],
    )
    rows = await conn.fetch(STREAK_NOW, scopes, users)
    return {r["user_id"]: int(r["streak"]) for r in rows}
