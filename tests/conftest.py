"""Shared fixtures: the bundled content (loaded once), a core with a fake clock, a session."""

from __future__ import annotations

import asyncio
import random
from collections.abc import AsyncIterator, Callable, Iterator
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


START = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
SETTLE_SECONDS = 10.0


class FakeClock:
    """The tests' one clock: it moves only when told, and says when the core is asleep.

    `set` and `advance` move time and wake whoever sleeps past it; `sleep_until` (what the
    core's background loop calls) waits for that. `someone_asleep` waits until a loop is
    sleeping at all; `settled` until the loop has done what a move made due and sleeps
    towards a time still ahead, so a test can check what that move caused.
    """

    def __init__(self, start: datetime = START) -> None:
        self._now = start
        self._moved = asyncio.Condition()
        self._wakes: list[datetime] = []

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
            self._wakes.append(when)
            self._moved.notify_all()
            try:
                await self._moved.wait_for(lambda: self._now >= when)
            finally:
                self._wakes.remove(when)
                self._moved.notify_all()

    async def someone_asleep(self) -> None:
        """Wait until a loop is sleeping on this clock, so moving it wakes that loop."""
        await self._wait(lambda: bool(self._wakes))

    async def settled(self) -> None:
        """Wait until a loop sleeps towards a time still in the future."""
        await self._wait(lambda: any(wake > self._now for wake in self._wakes))

    async def _wait(self, done: Callable[[], bool]) -> None:
        async with asyncio.timeout(SETTLE_SECONDS), self._moved:
            await self._moved.wait_for(done)


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
