"""Where glossbot keeps state: questions, answers, scores, schedules, lookups, reviews.

`store_for(config)` picks the store: PostgreSQL when $GLOSSBOT_DATABASE_URL (or the config
key `database_url`) is a `postgresql://` URL, else the default SQLite file in `data_dir`.
"""

import os
from pathlib import Path

from bot.config import Config
from bot.errors import ConfigError
from bot.store.base import (
    Accepted,
    AlreadyAnswered,
    Answer,
    Closed,
    DeliveryStore,
    FlagStore,
    FlagSummary,
    InstallationStore,
    InstallKey,
    LeaseStore,
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
    SuggestPost,
    SuggestSchedule,
    SuggestStore,
)
from bot.store.sqlite import SqliteStore

DATABASE_URL = "GLOSSBOT_DATABASE_URL"


def store_for(config: Config) -> Store:
    """The store the environment or config names (not opened yet)."""
    url = os.environ.get(DATABASE_URL, "").strip() or config.database_url.strip()
    if not url:
        return SqliteStore(Path(config.data_dir) / "glossbot.db")
    if url.startswith(("postgresql://", "postgres://")):
        from bot.store.pg import PostgresStore  # asyncpg is loaded only when it is used

        return PostgresStore(url)
    raise ConfigError(
        "database_url",
        "expected postgresql://user@host:port/database (leave it empty for SQLite in data_dir)",
    )


__all__ = [
    "Accepted",
    "AlreadyAnswered",
    "Answer",
    "Closed",
    "DeliveryStore",
    "FlagStore",
    "FlagSummary",
    "InstallKey",
    "InstallationStore",
    "LeaseStore",
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
    "SuggestPost",
    "SuggestSchedule",
    "SuggestStore",
    "store_for",
]
