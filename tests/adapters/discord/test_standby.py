"""A standby on the same shards: it waits on the lease, takes over when the active process
stops renewing, and an active process that lost its lease stops. On both stores, with a
clock of each process's own that the test moves (the lease's ttl is 30 s, renewed every 10)."""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
from collections.abc import AsyncIterator, Coroutine
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path
from typing import Any

import aiohttp
import discord
import pytest
import yarl
from discord.gateway import DiscordWebSocket

from adapters.discord.main import EXIT_ERRORS, serve
from adapters.discord.shards import plan
from adapters.discord.standby import TTL, ShardLease, State
from bot.config import Config
from bot.store import DATABASE_URL, SqliteStore, Store
from tests.adapters.discord.fake_discord import FakeDiscord
from tests.adapters.discord.gateway import Gateway, free_port, loopback
from tests.conftest import START, FakeClock
from tests.store import pg_server

NAME = "discord:shards:2:0,1"


def same_database(store: Store) -> Store:
    """Another process's connection to `store`'s database."""
    if isinstance(store, SqliteStore):
        return SqliteStore(store.path)
    from bot.store.pg import PostgresStore

    assert isinstance(store, PostgresStore)
    return PostgresStore(store.url)


@pytest.fixture
async def other(store: Store) -> AsyncIterator[Store]:
    second = same_database(store)
    await second.open()
    yield second
    await second.close()


async def at(seconds: float, *clocks: FakeClock) -> None:
    """Move each process's clock to START + `seconds` and let its loop do what is due."""
    for clock in clocks:
        await clock.set(START + timedelta(seconds=seconds))
        await clock.settled()


@dataclass
class Process:
    """One glossbot process's view of the lease: its own connection and its own clock."""

    lease: ShardLease
    clock: FakeClock = field(default_factory=FakeClock)
    task: asyncio.Task[None] | None = None

    @classmethod
    def on(cls, store: Store, holder: str) -> Process:
        clock = FakeClock()
        return cls(ShardLease(store, NAME, clock, holder=holder), clock)

    @property
    def state(self) -> State:
        return self.lease.state

    async def active(self) -> None:
        """Take the lease (it is free) and keep renewing it, asleep till the first renewal."""
        await self.lease.acquire()
        await self.run(self.lease.keep())

    async def waiting(self, *, standby: bool = False) -> None:
        """Ask for the lease, and be left waiting as a standby."""
        await self.run(self.lease.acquire(standby=standby))
        assert self.state is State.STANDBY

    async def run(self, work: Coroutine[Any, Any, None]) -> None:
        self.task = asyncio.create_task(work)
        await self.clock.settled()

    async def finishes_at(self, seconds: float) -> None:
        """Its clock moved to `seconds`, what it was doing returns (acquire, keep)."""
        assert self.task is not None
        await self.clock.set(START + timedelta(seconds=seconds))
        await asyncio.wait_for(self.task, 5)


@pytest.mark.both_stores
async def test_a_standby_waits_while_the_active_renews_and_takes_over_when_it_stops(
    store: Store, other: Store
) -> None:
    a, b = Process.on(store, "a"), Process.on(other, "b")
    await a.active()
    assert a.state is State.ACTIVE and a.lease.problem() == ""
    await b.waiting()
    assert b.lease.problem() == f"standby: another process holds {NAME}"

    for second in range(10, 70, 10):  # a minute of A renewing: B keeps waiting
        await at(second, a.clock, b.clock)
        assert b.state is State.STANDBY

    assert a.task is not None
    a.task.cancel()  # A dies: it renewed last at 60 s, so its lease ends at 90 s
    await at(80, b.clock)
    assert b.state is State.STANDBY
    await b.finishes_at(90)
    assert b.state is State.ACTIVE and b.lease.problem() == ""


@pytest.mark.both_stores
async def test_an_active_process_that_lost_its_lease_stops(store: Store, other: Store) -> None:
    a, b = Process.on(store, "a"), Process.on(other, "b")
    await a.active()
    await b.waiting()
    # A stalls (its clock, and so its renewals, stop): past the ttl, B takes over...
    await b.finishes_at(TTL.total_seconds())
    assert b.state is State.ACTIVE
    # ...and A, waking up, is refused the renewal: keep returns, A must disconnect.
    await a.finishes_at(10)
    assert a.state is State.LOST and a.lease.problem() == f"lost the lease {NAME}"
    await a.lease.release()  # not A's any more: B keeps it
    assert not await store.hold_lease(NAME, "c", TTL, START + TTL)


@pytest.mark.both_stores
async def test_a_clean_shutdown_hands_over_at_the_next_ask_not_after_the_ttl(
    store: Store, other: Store
) -> None:
    a, b = Process.on(store, "a"), Process.on(other, "b")
    await a.lease.acquire()
    await b.waiting()
    await a.lease.release()
    assert a.state is State.RELEASED
    await b.finishes_at(b.lease.every.total_seconds())
    assert b.state is State.ACTIVE


@pytest.mark.both_stores
async def test_started_as_standby_a_process_leaves_the_lease_to_the_active_one_for_a_ttl(
    store: Store, other: Store
) -> None:
    a, b = Process.on(store, "a"), Process.on(other, "b")
    await b.waiting(standby=True)  # although the lease is free
    await a.active()  # the active one, started at the same moment, takes it first
    await at(10, a.clock)
    await at(20, a.clock)
    await at(30, b.clock)  # B's first ask: refused
    assert b.state is State.STANDBY
    await a.lease.release()
    await b.finishes_at(40)
    assert b.state is State.ACTIVE


@pytest.mark.both_stores
async def test_when_renewals_fail_the_active_process_serves_until_its_lease_would_end(
    store: Store, other: Store
) -> None:
    a = Process.on(other, "a")
    await a.active()
    await at(10, a.clock)
    await other.close()  # A's database connection goes away: its renewals fail
    await at(20, a.clock)
    assert a.state is State.ACTIVE  # held until 40 s
    await a.finishes_at(30)  # the next try would come too late: stop now
    assert a.state is State.LOST
    # Nobody renewed it: another process takes it once it has expired.
    assert not await store.hold_lease(NAME, "b", TTL, START + timedelta(seconds=39))
    assert await store.hold_lease(NAME, "b", TTL, START + timedelta(seconds=40))


async def get(port: int, path: str) -> tuple[int, str]:
    async with (
        aiohttp.ClientSession() as session,
        session.get(f"http://127.0.0.1:{port}{path}") as response,
    ):
        return response.status, await response.text()


@pytest.mark.both_stores
async def test_two_processes_on_the_same_shards_one_serves_and_the_other_stands_by(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, request: pytest.FixtureRequest, store_kind: str
) -> None:
    fake = FakeDiscord()

    monkeypatch.setattr(discord.http.HTTPClient, "request", fake.every_client())
    monkeypatch.delenv(DATABASE_URL, raising=False)
    database = ""  # one SQLite file, two processes; or one PostgreSQL database
    if store_kind == "postgres":
        database = await pg_server.fresh_schema(request.getfixturevalue("postgres_url"))
    config = Config(data_dir=str(tmp_path), database_url=database)
    clock_a, clock_b = FakeClock(), FakeClock()
    gateway = Gateway()
    async with loopback(gateway) as url:
        fake.gateway = url
        a = asyncio.create_task(serve(config, "fake-token", clock=clock_a, holder="a"))
        assert await gateway.identifies(1) == [(0, 1)]
        port = free_port()
        b = asyncio.create_task(
            serve(config, "fake-token", clock=clock_b, ops_port=port, holder="b")
        )
        try:
            await clock_b.someone_asleep()  # B waits on the lease: nothing else runs on it
            assert await get(port, "/readyz") == (
                503,
                "not ready: standby: another process holds discord:shards:auto:all\n",
            )
            assert await get(port, "/livez") == (200, "ok\n")
            assert len(gateway.sessions) == 1  # B did not connect

            # A stalls past its lease (its clock stops): B connects in its place.
            await clock_b.set(START + TTL)
            assert len(await gateway.identifies(2)) == 2
            # A wakes up, is refused the renewal, disconnects and exits non-zero.
            await clock_a.set(START + timedelta(seconds=10))
            assert await asyncio.wait_for(a, 20) == EXIT_ERRORS
            assert not b.done()
            puts = [c for c in fake.calls if c.method == "PUT"]
            assert len(puts) == 1  # A registered the commands; B found them up to date
        finally:
            for task in (a, b):
                task.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await task


async def test_a_standby_stops_on_sigterm_at_once_never_having_connected(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fake = FakeDiscord()

    monkeypatch.setattr(discord.http.HTTPClient, "request", fake.every_client())
    held = SqliteStore(tmp_path / "glossbot.db")  # the active process, elsewhere
    await held.open()
    try:
        assert await held.hold_lease("discord:shards:2:1", "elsewhere", TTL, START)
        gateway = Gateway()
        async with loopback(gateway) as url:
            monkeypatch.setattr(DiscordWebSocket, "DEFAULT_GATEWAY", yarl.URL(url))
            clock = FakeClock()
            config = Config(data_dir=str(tmp_path))
            waiting = asyncio.create_task(
                serve(config, "fake-token", shards=plan(2, "1"), clock=clock, holder="b")
            )
            await clock.someone_asleep()
            os.kill(os.getpid(), signal.SIGTERM)
            assert await asyncio.wait_for(waiting, 10) == 0
        assert gateway.sessions == [] and fake.calls == []  # it never logged in or connected
        # It never held the lease, so it released nothing: the active one keeps it.
        assert not await held.hold_lease("discord:shards:2:1", "c", TTL, START)
    finally:
        await held.close()
