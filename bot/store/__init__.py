"""Where glossbot keeps state: questions, answers, scores, schedules, lookups, reviews."""

from bot.store.base import (
    Accepted,
    AlreadyAnswered,
    Answer,
    Closed,
    Recorded,
    Review,
    Schedule,
    Score,
    Store,
    StoredQuestion,
)
from bot.store.sqlite import SqliteStore

__all__ = [
    "Accepted",
    "AlreadyAnswered",
    "Answer",
    "Closed",
    "Recorded",
    "Review",
    "Schedule",
    "Score",
    "SqliteStore",
    "Store",
    "StoredQuestion",
]
