"""SQL and row conversions for the SQLite store: recording an answer, ranking, decoding rows."""

from __future__ import annotations

import json
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


async def record(db: aiosqlite.Connection, question: StoredQuestion, answer: Answer) -> Recorded:
    """One answer inside the caller's transaction, with the points the engine gave it.

    Rankings sum the answers themselves; the answers trigger keeps a user's name and their
    scores row, which holds only what answers cannot: the daily streak.
    """
    practice = bool(question.private_to)
    cursor = await db.execute(
        "INSERT INTO answers (question_id, user, name, choice, text, correct, points, practice,"
        " scope, place, at) SELECT ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ? WHERE EXISTS (SELECT 1 FROM"
        " questions WHERE id = ? AND closed IS NULL AND closes > ?) ON CONFLICT DO NOTHING",
        (
            question.id,
            answer.user,
            answer.name or answer.user,
            answer.choice,
            answer.text,
            int(answer.correct),
            answer.points,
            int(practice),
            question.scope,
            question.place,
            stamp(answer.at),
            question.id,
            stamp(answer.at),
        ),
    )
    if cursor.rowcount != 1:
        earlier = await fetch(
            db,
            "SELECT correct FROM answers WHERE question_id = ? AND user = ?",
            (question.id, answer.user),
        )
        return AlreadyAnswered(bool(earlier[0])) if earlier else Closed()
    daily_date = question.daily_date
    if daily_date is None or practice:
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


def to_question(row: Any) -> StoredQuestion:
    question = Question(
        type=QuestionType(row[3]),
        prompt=row[4],
        options=tuple(json.loads(row[5])),
        correct=row[6],
        answer=row[7],
        accepted=tuple(json.loads(row[8])),
        entry_id=row[9],
        entry_name=row[10],
    )
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
