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
    """A clock that moves only when told; `sleep_until` waits until the test moves it."""

    def __init__(self, start: datetime | None = None) -> None:
        self._now = start or datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
        self._moved = asyncio.Condition()
        self._sleepers = 0

    def now(self) -> datetime:
        return self._now

    async def advance(self, delta: timedelta) -> None:
        await self.set(self._now + delta)

    async def set(self, when: datetime) -> None:
        async with self._moved:
            self._now = when
            self._moved.notify_all()

    async def sleep_until(self, when: datetime) -> None:
        async with self._moved:
            self._sleepers += 1
            self._moved.notify_all()
            try:
                await self._moved.wait_for(lambda: self._now >= when)
            finally:
                self._sleepers -= 1

    async def someone_asleep(self) -> None:
        """Wait until a loop is sleeping on this clock, so moving it wakes that loop."""
        async with self._moved:
            await self._moved.wait_for(lambda: self._sleepers > 0)


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
