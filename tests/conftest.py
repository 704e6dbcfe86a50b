"""Shared fixtures: the bundled content (loaded once), a core with a fake clock, a session."""

from __future__ import annotations

import asyncio
import atexit
import os
import random
import shutil
import tempfile
from collections.abc import AsyncIterator, Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from adapters.console import ConsoleSession
from adapters.console.outbox import ConsoleOutbox
from bot.config import Config
from bot.content import Content, build_content
from bot.core import Core
from bot.outbox import Outbox
from bot.store import SqliteStore, Store
from knowledge import Glossary, load
from tests.store import pg_server

ROOT = Path(__file__).resolve().parents[1]
SOURCES = ROOT / "knowledge" / "sources"


# One-shot runs cache the parsed glossary (`knowledge.cache`): in a folder of the test run's
# own, never the user's ~/.cache; the test processes the tests spawn inherit it.
os.environ.setdefault("GLOSSBOT_CACHE_DIR", tempfile.mkdtemp(prefix="glossbot-test-cache-"))
atexit.register(shutil.rmtree, os.environ["GLOSSBOT_CACHE_DIR"], ignore_errors=True)

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


# Both stores: tests marked `both_stores` run once on SQLite and once on PostgreSQL. The
# PostgreSQL half uses $GLOSSBOT_TEST_DATABASE_URL, or a temporary server when PostgreSQL is
# installed; without either it is skipped (and said so at the end), except under CI=...,
# where it fails, so CI can never pass without it.
TEST_DATABASE_URL = "GLOSSBOT_TEST_DATABASE_URL"
_postgres_skipped: list[str] = []


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    if "store_kind" in metafunc.fixturenames and metafunc.definition.get_closest_marker(
        "both_stores"
    ):
        metafunc.parametrize("store_kind", ["sqlite", "postgres"], indirect=True)


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    if _postgres_skipped:
        terminalreporter.write_line(
            f"PostgreSQL half of the suite SKIPPED: {_postgres_skipped[0]}. "
            f"Install PostgreSQL (apt-get install postgresql) or set {TEST_DATABASE_URL}.",
            yellow=True,
        )


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str]:
    """A PostgreSQL server for the session (the caller's, or a temporary one)."""
    given = os.environ.get(TEST_DATABASE_URL, "")
    if given:
        yield given
        return
    try:
        server = pg_server.start_temp_postgres()
    except RuntimeError as exc:
        if os.environ.get("CI"):
            pytest.fail(f"CI must run the PostgreSQL half: {exc}")
        _postgres_skipped.append(str(exc))
        pytest.skip(f"PostgreSQL half skipped: {exc}")
    yield server.url
    pg_server.remove(server)


@pytest.fixture
def store_kind(request: pytest.FixtureRequest) -> str:
    kind: str = getattr(request, "param", "sqlite")
    return kind


async def open_store(request: pytest.FixtureRequest, kind: str, tmp_path: Path) -> Store:
    """A fresh, open store of `kind`: a new SQLite file, or a new PostgreSQL schema."""
    opened: Store
    if kind == "postgres":
        from bot.store.pg import PostgresStore

        server = request.getfixturevalue("postgres_url")
        opened = PostgresStore(await pg_server.fresh_schema(server))
    else:
        opened = SqliteStore(tmp_path / "glossbot.db")
    await opened.open()
    return opened


@pytest.fixture
async def store(
    request: pytest.FixtureRequest, store_kind: str, tmp_path: Path
) -> AsyncIterator[Store]:
    opened = await open_store(request, store_kind, tmp_path)
    yield opened
    await opened.close()


@pytest.fixture
def outbox() -> Outbox:
    """Where the `core` fixture posts: the console's (tests read `posts`); Slack's tests
    override it with the bot's own."""
    return ConsoleOutbox()


@pytest.fixture
def core(content: Content, store: Store, clock: FakeClock, outbox: Outbox) -> Core:
    return Core(Config(), content, store, clock=clock, rng=random.Random(7), outbox=outbox)


@pytest.fixture
def session(core: Core) -> ConsoleSession:
    return ConsoleSession(core, "alice", admin=True)
