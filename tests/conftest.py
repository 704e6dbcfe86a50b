"""Shared fixtures: the bundled content (loaded once), a core with a fake clock, a session."""

from __future__ import annotations

import asyncio
import random
from collections.abc import AsyncIterator, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from adapters.console import ConsoleSession
from bot.config import Config
from bot.content import Content, build_content
from bot.core import Core
from bot.store import SqliteStore
from knowledge import Glossary, load

ROOT = Path(__file__).resolve().parents[1]
SOURCES = ROOT / "knowledge" / "sources"


class FakeClock:
    """A clock that only moves when told; `sleep_until` returns at once after moving it."""

    def __init__(self, start: datetime | None = None) -> None:
        self._now = start or datetime(2026, 3, 2, 9, 0, tzinfo=UTC)

    def now(self) -> datetime:
        return self._now

    def advance(self, delta: timedelta) -> None:
        self._now += delta

    def set(self, when: datetime) -> None:
        self._now = when

    async def sleep_until(self, when: datetime) -> None:
        if when > self._now:
            self._now = when
        await asyncio.sleep(0)


@pytest.fixture(scope="session")
def glossary() -> Glossary:
    result = load()
    assert result.glossary is not None, [str(d) for d in result.errors]
    return result.glossary


@pytest.fixture(scope="session")
def content(glossary: Glossary) -> Iterator[Content]:
    built = build_content(glossary, datetime(2026, 3, 2, tzinfo=UTC))
    yield built
    built.search.close()


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
async def store(tmp_path: Path) -> AsyncIterator[SqliteStore]:
    opened = SqliteStore(tmp_path / "glossbot.db")
    await opened.open()
    yield opened
    await opened.close()


@pytest.fixture
def core(content: Content, store: SqliteStore, clock: FakeClock) -> Core:
    return Core(Config(), content, store, clock=clock, rng=random.Random(7))


@pytest.fixture
def session(core: Core) -> ConsoleSession:
    return ConsoleSession(core, "alice", admin=True)
