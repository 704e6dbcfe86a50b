"""SQL and row conversions for the SQLite store: recording an answer, ranking, decoding rows."""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from datetime import UTC, date, datetime
from typing import Any

import aiosqlite

from bot.quiz.question import Question, QuestionType
from bot.store.base import (
    Accepted,
    AlreadyAnswered,
    Answer,
    Closed,
    Recorded,
    Score,
    StoredQuestion,
)


def stamp(moment: datetime) -> str:
    """UTC, fixed width, so text order is time order."""
    return moment.astimezone(UTC).isoformat(timespec="microseconds")


def unstamp(text: str) -> datetime:
    return datetime.fromisoformat(text)


async def fetch(
    db: aiosqlite.Connection, sql: str, args: tuple[Any, ...] | dict[str, Any] = ()
) -> Any:
    async with db.execute(sql, args) as cursor:
        return await cursor.fetchone()


ANSWER_COLUMNS = 11
"""Values per answer row in `record_answers`' one INSERT (SQLite allows 32,766 per statement)."""


async def record_answers(
    db: aiosqlite.Connection, batch: Sequence[tuple[StoredQuestion, Answer]]
) -> list[Recorded]:
    """A group of answers inside the caller's transaction, each with the points the engine
    gave it, in one INSERT: one round trip to SQLite's thread for the whole group.

    An answer counts only while its question is open, and only the first one per (question,
    user), also within the group. Rankings sum the answers themselves; the answers trigger
    keeps a user's name and their scores row, which holds only what answers cannot: the
    daily streak, updated after the insert, answer by answer, in the group's order.
    """
    rows = ", ".join(["(" + ", ".join("?" * ANSWER_COLUMNS) + ")"] * len(batch))
    inserted = {
        (r[0], r[1])
        for r in await _all(
            db,
            "INSERT INTO answers (question_id, user, name, choice, text, correct, points,"
            " practice, scope, place, at) SELECT * FROM (VALUES " + rows + ") AS v WHERE EXISTS"
            " (SELECT 1 FROM questions q WHERE q.id = v.column1 AND q.closed IS NULL"
            " AND q.closes > v.column11) ON CONFLICT DO NOTHING RETURNING question_id, user",
            tuple(value for question, answer in batch for value in _row(question, answer)),
        )
    }
    refused = [(q.id, a.user) for q, a in batch if (q.id, a.user) not in inserted]
    earlier = await _earlier(db, refused) if refused else {}
    results: list[Recorded] = []
    counted: set[tuple[str, str]] = set()
    for question, answer in batch:
        key = (question.id, answer.user)
        if key in inserted and key not in counted:
            counted.add(key)
            results.append(await _streak(db, question, answer))
        elif key in inserted:  # a second click in the same group as the first
            results.append(AlreadyAnswered(_first_correct(batch, key)))
        elif key in earlier:
            results.append(AlreadyAnswered(earlier[key]))
        else:
            results.append(Closed())
    return results


def _row(question: StoredQuestion, answer: Answer) -> tuple[Any, ...]:
    return (
        question.id,
        answer.user,
        answer.name or answer.user,
        answer.choice,
        answer.text,
        int(answer.correct),
        answer.points,
        int(bool(question.private_to)),
        question.scope,
        question.place,
        stamp(answer.at),
    )


def _first_correct(batch: Sequence[tuple[StoredQuestion, Answer]], key: tuple[str, str]) -> bool:
    """Whether the answer that counted for `key` (the first in the group) was right."""
    return next(a.correct for q, a in batch if (q.id, a.user) == key)


async def _earlier(db: aiosqlite.Connection, keys: list[tuple[str, str]]) -> dict[Any, bool]:
    """Whether each (question, user) that already had an answer got it right."""
    pairs = ", ".join(["(?, ?)"] * len(keys))
    found = await _all(
        db,
        f"SELECT question_id, user, correct FROM answers WHERE (question_id, user) IN "
        f"(VALUES {pairs})",
        tuple(value for key in keys for value in key),
    )
    return {(r[0], r[1]): bool(r[2]) for r in found}


async def _streak(db: aiosqlite.Connection, question: StoredQuestion, answer: Answer) -> Recorded:
    daily_date = question.daily_date
    if daily_date is None or question.private_to:
        return Accepted(answer.correct, answer.points, 0)
    # A daily answered right extends the streak; a wrong one ends it. A streak counts days,
    # not posts: once a daily of this local date has counted (another channel's, say),
    # further dailies of that date leave it as it is.
    args = {
        "correct": answer.correct,
        "day": daily_date.isoformat(),
        "place": question.place,
        "scope": question.scope,
        "user": answer.user,
    }
    row = await fetch(
        db,
        "UPDATE scores SET streak = CASE WHEN :correct THEN streak + 1 ELSE 0 END, "
        "best_streak = MAX(best_streak, CASE WHEN :correct THEN streak + 1 ELSE 0 END), "
        "last_daily = CASE WHEN :correct THEN :day ELSE last_daily END, last_daily_place = :place "
        "WHERE scope = :scope AND user = :user AND last_daily <> :day RETURNING streak",
        args,
    ) or await fetch(db, "SELECT streak FROM scores WHERE scope = :scope AND user = :user", args)
    return Accepted(answer.correct, answer.points, int(row[0]) if row else 0)


async def _all(db: aiosqlite.Connection, sql: str, args: tuple[Any, ...]) -> list[Any]:
    """Every row in one round trip to SQLite's thread (a cursor would take three)."""
    return list(await db.execute_fetchall(sql, args))


def ranking(scope: str, since: datetime | None, place: str | None) -> tuple[str, list[Any]]:
    """Points per user from their answers, ranked; ties share a rank and sort by name."""
    filters, args = ["a.scope = ?", "a.practice = 0"], [scope]
    if since is not None:
        filters.append("a.at >= ?")
        args.append(stamp(since))
    if place is not None:
        filters.append("a.place = ?")
        args.append(place)
    sql = (
        "SELECT a.user AS user, COALESCE(u.name, a.user) AS name, SUM(a.points) AS points, "
        "COUNT(*) AS answered, SUM(a.correct) AS correct, "
        "COALESCE(s.streak, 0) AS streak, COALESCE(s.best_streak, 0) AS best_streak, "
        "RANK() OVER (ORDER BY SUM(a.points) DESC, SUM(a.correct) DESC) AS rank "
        "FROM answers a LEFT JOIN users u ON u.user = a.user "
        "LEFT JOIN scores s ON s.scope = a.scope AND s.user = a.user "
        f"WHERE {' AND '.join(filters)} GROUP BY a.user"
    )
    return sql, args


def to_score(row: Any) -> Score:
    return Score(row[0], row[1], row[2], row[3], row[4], row[5], row[6], row[7])


def question_of(row: Any) -> Question:
    """The question itself from a `questions` row: the same columns on every store."""
    return Question(
        type=QuestionType(row[3]),
        prompt=row[4],
        options=tuple(json.loads(row[5])),
        correct=row[6],
        answer=row[7],
        accepted=tuple(json.loads(row[8])),
        entry_id=row[9],
        entry_name=row[10],
    )


def to_question(row: Any) -> StoredQuestion:
    question = question_of(row)
    return StoredQuestion(
        id=row[0],
        scope=row[1],
        place=row[2],
        question=question,
        opened=unstamp(row[11]),
        closes=unstamp(row[12]),
        daily_date=date.fromisoformat(row[13]) if row[13] else None,
        private_to=row[14],
        closed=unstamp(row[15]) if row[15] else None,
        message_ref=row[16],
    )


def installation_filter(
    platform: str,
    team: str,
    enterprise: str | None,
    user: str | None,
    *,
    user_column: str,
    mark: Callable[[int], str],
) -> tuple[str, list[str]]:
    """The WHERE clause that finds installations on either store; None matches anything.

    `mark(n)` writes the n-th (1-based) parameter the driver's way ('?' or '$n'), and
    `user_column` names the column (`user` is reserved in PostgreSQL)."""
    clauses, args = [f"platform = {mark(1)}", f"team = {mark(2)}"], [platform, team]
    for column, value in (("enterprise", enterprise), (user_column, user)):
        if value is not None:
            args.append(value)
            clauses.append(f"{column} = {mark(len(args))}")
    return " AND ".join(clauses), args
