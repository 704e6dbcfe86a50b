"""Where glossbot keeps state: questions, answers, scores, schedules, lookups, reviews."""

from bot.store.base import (
    Accepted,
    AlreadyAnswered,
    Answer,
    Closed,
    FlagStore,
    FlagSummary,
    LookupStore,
    QuestionStore,
    Recorded,
    Review,
    ReviewStore,
    Schedule,
    ScheduleStore,
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
    "FlagStore",
    "FlagSummary",
    "LookupStore",
    "QuestionStore",
    "Recorded",
    "Review",
    "ReviewStore",
    "Schedule",
    "ScheduleStore",
    "Score",
    "SqliteStore",
    "Store",
    "StoredQuestion",
]
