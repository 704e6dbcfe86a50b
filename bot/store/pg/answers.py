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


# The inserted row says what the answer did: last_daily_place is set for a daily answer,
# streak is 1 for a right one.
_STREAK = (
    "CASE WHEN excluded.last_daily_place = '' THEN s.streak "
    "WHEN excluded.streak = 1 THEN s.streak + 1 ELSE 0 END"
)

RECORD = f"""
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
    INSERT INTO scores AS s (scope, user_id, streak, best_streak, last_daily, last_daily_place)
    SELECT i.scope, i.user_id,
        (i.daily IS NOT NULL AND i.correct)::int, (i.daily IS NOT NULL AND i.correct)::int,
        CASE WHEN i.correct THEN i.daily END,
        CASE WHEN i.daily IS NOT NULL THEN i.place ELSE '' END
    FROM input i JOIN ins USING (question_id, user_id)
    WHERE NOT i.practice
    ORDER BY i.scope, i.user_id
    ON CONFLICT (scope, user_id) DO UPDATE SET
        streak = {_STREAK},
        best_streak = GREATEST(s.best_streak, {_STREAK}),
        last_daily = COALESCE(excluded.last_daily, s.last_daily),
        last_daily_place = CASE WHEN excluded.last_daily_place = ''
            THEN s.last_daily_place ELSE excluded.last_daily_place END
    RETURNING user_id, streak
)
SELECT ins.user_id IS NOT NULL AS accepted, COALESCE(scored.streak, 0) AS streak
FROM input i
LEFT JOIN ins USING (question_id, user_id)
LEFT JOIN scored ON scored.user_id = i.user_id
ORDER BY i.n
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
    outcomes: list[Recorded | None] = []
    for p, row in zip(batch, rows, strict=True):
        streak = int(row["streak"]) if p.daily else 0
        accepted = Accepted(p.answer.correct, p.answer.points, streak)
        outcomes.append(accepted if row["accepted"] else None)
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
