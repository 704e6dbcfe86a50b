"""SQL and row conversions for the PostgreSQL store: ranking and decoding rows."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from bot.store.base import Score, StoredQuestion
from bot.store.rows import question_of

QUESTION_COLUMNS = (
    "id, scope, place, type, prompt, options, correct, answer, accepted, entry_id, entry_name, "
    "opened, closes, daily, private_to, closed, message_ref"
)


def ranking(scope: str, since: datetime | None, place: str | None) -> tuple[str, list[Any]]:
    """Points per user from their answers, ranked; ties share a rank (as in SQLite)."""
    filters, args = ["a.scope = $1", "NOT a.practice"], list[Any]([scope])
    if since is not None:
        args.append(since)
        filters.append(f"a.at >= ${len(args)}")
    if place is not None:
        args.append(place)
        filters.append(f"a.place = ${len(args)}")
    sql = (
        "SELECT a.user_id, COALESCE(u.name, a.user_id) AS name, sum(a.points) AS points, "
        "count(*) AS answered, sum(a.correct::int) AS correct, "
        "COALESCE(max(s.streak), 0) AS streak, COALESCE(max(s.best_streak), 0) AS best_streak, "
        "rank() OVER (ORDER BY sum(a.points) DESC, sum(a.correct::int) DESC) AS rank "
        "FROM answers a LEFT JOIN users u ON u.user_id = a.user_id "
        "LEFT JOIN scores s ON s.scope = a.scope AND s.user_id = a.user_id "
        f"WHERE {' AND '.join(filters)} GROUP BY a.user_id, u.name"
    )
    return sql, args


def to_score(row: Any) -> Score:
    return Score(*(row[i] for i in range(8)))


def to_question(row: Any) -> StoredQuestion:
    """As SQLite's, but PostgreSQL hands back real timestamps and dates."""
    question = question_of(row)
    return StoredQuestion(
        id=row[0],
        scope=row[1],
        place=row[2],
        question=question,
        opened=row[11],
        closes=row[12],
        daily_date=row[13],
        private_to=row[14],
        closed=row[15],
        message_ref=row[16],
    )
