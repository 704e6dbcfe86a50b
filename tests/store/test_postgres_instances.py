"""Real glossbot processes on one PostgreSQL: one daily post per channel and day while two
run and after the leader is killed, and no acknowledged answer lost when one dies.

Each instance is a `python -c` child (as in test_postgres_processes.py) killed with
SIGKILL, the way a crashed host or an OOM kill ends it: no shutdown code runs, so the
lease is left to expire. The tests wait on conditions (a line printed, a row written)
with a generous timeout, never on durations.
"""

from __future__ import annotations

import asyncio
import sys
import textwrap
from collections.abc import AsyncIterator, Awaitable, Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from bot.store import Schedule
from bot.store.pg import PostgresStore
from tests.conftest import ROOT
from tests.store.pg_server import fresh_schema
from tests.store.test_contract import SCOPE, question

PATIENCE = 120.0
"""Seconds a condition may take on a loaded 2-core machine before the test gives up."""
LEASE_SECONDS = 2

SCHEDULER = textwrap.dedent(
    """
    import asyncio, logging, sys
    from bot.config import from_dict
    from bot.core import Core
    from bot.store.pg import PostgresStore

    class PrintOutbox:
        async def post(self, place, reply):
            print("posted", place, flush=True)
            return place

        async def edit(self, place, ref, reply):
            pass

    async def main():
        logging.basicConfig(level=logging.INFO, format="%(name)s: %(message)s")
        config = from_dict({"data_dir": sys.argv[2], "scheduler": {"lease_seconds": 2}})
        store = PostgresStore(sys.argv[1])
        core = await Core.start(config, store=store, outbox=PrintOutbox())
        print("started", core.leader.holder, flush=True)
        try:
            await core.run_background()
        finally:
            await core.close()

    asyncio.run(main())
    """
)

ANSWERER = textwrap.dedent(
    """
    import asyncio, sys
    from pathlib import Path
    from bot.store import Accepted
    from bot.store.pg import PostgresStore
    from tests.store.test_contract import question, said

    async def main():
        store = PostgresStore(sys.argv[1])
        await store.open()
        choice, n, last = (int(a) for a in sys.argv[2:5])  # last 0: until killed
        q = question()
        print("started", flush=True)
        go = Path(sys.argv[5])
        while not go.exists():
            await asyncio.sleep(0.005)

        async def answer(n):
            result = await store.record_answer(q, said(f"u{n:05d}", n % 3 == 0, choice=choice))
            # Printed once the answer is acknowledged (its transaction committed).
            print("A" if isinstance(result, Accepted) else "D", f"u{n:05d}", flush=True)

        while not last or n < last:
            wave = range(n, min(n + 50, last) if last else n + 50)
            await asyncio.gather(*(answer(i) for i in wave))
            n = wave.stop
        await store.close()

    asyncio.run(main())
    """
)


class Instance:
    """A glossbot child process whose output lines are collected as they come."""

    def __init__(self, process: asyncio.subprocess.Process) -> None:
        self.process = process
        self.out: list[str] = []
        self.err: list[str] = []
        self._changed = asyncio.Condition()
        assert process.stdout is not None and process.stderr is not None
        self._readers = [
            asyncio.create_task(self._read(process.stdout, self.out)),
            asyncio.create_task(self._read(process.stderr, self.err)),
        ]

    @classmethod
    async def start(cls, script: str, *args: str) -> Instance:
        process = await asyncio.create_subprocess_exec(
            sys.executable,
            "-c",
            script,
            *args,
            cwd=ROOT,
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.PIPE,
        )
        return cls(process)

    async def _read(self, stream: asyncio.StreamReader, lines: list[str]) -> None:
        async for raw in stream:
            if not raw.endswith(b"\n"):
                break  # a line cut off by SIGKILL was never written whole, so never said
            async with self._changed:
                lines.append(raw.decode().rstrip("\n"))
                self._changed.notify_all()
        async with self._changed:
            self._changed.notify_all()

    async def wait_for(self, done: Callable[[], bool]) -> None:
        """Wait until `done()` holds for this process's output (or it has exited)."""
        try:
            async with asyncio.timeout(PATIENCE), self._changed:
                await self._changed.wait_for(lambda: done() or self._exited())
        except TimeoutError:
            raise AssertionError(f"waited {PATIENCE}s; stderr: {self.err[-20:]}") from None
        assert done(), f"the instance exited early; stderr: {self.err[-20:]}"

    async def started(self) -> None:
        """Wait for its first line: it connected and is running."""
        await self.wait_for(lambda: bool(self.out))

    def _exited(self) -> bool:
        return all(reader.done() for reader in self._readers)

    def posted(self) -> list[str]:
        return [
            line.split()[1].rsplit(":", 1)[-1] for line in self.out if line.startswith("posted")
        ]

    async def kill(self) -> None:
        """SIGKILL: the process gets no chance to release anything."""
        if self.process.returncode is None:
            self.process.kill()
        await self.process.wait()
        await asyncio.gather(*self._readers)


@pytest.fixture
async def database(postgres_url: str) -> AsyncIterator[PostgresStore]:
    store = PostgresStore(await fresh_schema(postgres_url))
    await store.open()
    yield store
    await store.close()


async def eventually(check: Callable[[], Awaitable[bool]]) -> None:
    """Poll an async condition on the database until it holds (or PATIENCE runs out)."""
    async with asyncio.timeout(PATIENCE):
        while not await check():
            await asyncio.sleep(0.1)


def noon_somewhere(now: datetime) -> str:
    """A fixed-offset zone where it is about noon now, so "today" cannot end mid-test."""
    offset = 12 - now.hour
    return "UTC" if offset == 0 else f"Etc/GMT{'-' if offset > 0 else '+'}{abs(offset)}"


def missed_this_morning(channel: str, zone: str) -> Schedule:
    """A daily at 00:01 local, set yesterday: today's post is due (to be caught up)."""
    since = datetime.now(UTC) - timedelta(days=1)
    return Schedule(f"{SCOPE}:{channel}", SCOPE, "00:01", zone, tuple(range(7)), since=since)


async def dailies(store: PostgresStore) -> dict[str, int]:
    """Daily questions per channel in the database."""
    rows = await store._fetch("SELECT place, count(*) FROM questions GROUP BY place")
    return {r[0].rsplit(":", 1)[-1]: r[1] for r in rows}


async def test_one_daily_per_channel_with_two_instances_and_after_the_leader_dies(
    database: PostgresStore, tmp_path: Path
) -> None:
    zone = noon_somewhere(datetime.now(UTC))
    channels = [f"c{n}" for n in range(5)]
    instances = [await Instance.start(SCHEDULER, database.url, str(tmp_path)) for _ in range(2)]
    try:
        for instance in instances:
            await instance.started()
        for channel in channels:  # due at once, with both instances looking
            await database.set_schedule(missed_this_morning(channel, zone))
        # Both running: every channel gets its post, all from the one leader.
        await eventually(lambda: _all_posted(database, channels))
        await eventually(lambda: _printed(instances, len(channels)))
        leader = next(i for i in instances if i.posted())
        standby = next(i for i in instances if i is not leader)
        assert sorted(leader.posted()) == channels and standby.posted() == []
        assert any("scheduler lease gained" in line for line in leader.err)

        # The leader dies. A channel scheduled meanwhile (its 00:01 long past) is caught up
        # by the standby once the dead leader's lease expires; nothing is posted twice.
        await leader.kill()
        await database.set_schedule(missed_this_morning("late", zone))
        await standby.wait_for(lambda: "late" in standby.posted())
        assert any("scheduler lease gained" in line for line in standby.err)
        await eventually(lambda: _all_posted(database, [*channels, "late"]))
        assert standby.posted() == ["late"]
        assert sorted(leader.posted()) == channels
        assert await dailies(database) == dict.fromkeys([*channels, "late"], 1)
    finally:
        for instance in instances:
            await instance.kill()


async def _printed(instances: list[Instance], posts: int) -> bool:
    return sum(len(i.posted()) for i in instances) >= posts


async def _all_posted(store: PostgresStore, channels: list[str]) -> bool:
    rows = await store._fetch("SELECT place FROM daily_posts WHERE question_id IS NOT NULL")
    return sorted(r[0].rsplit(":", 1)[-1] for r in rows) == sorted(channels)


async def test_an_instance_killed_mid_burst_loses_no_acknowledged_answer(
    database: PostgresStore, tmp_path: Path
) -> None:
    users = 2000
    assert await database.add_question(question())
    # The victim (choice 1) answers users from u01000 on until it is killed; the survivor
    # (choice 2) answers u00000 to u01999, so the two race for the same users midway.
    go = tmp_path / "go"
    victim = await Instance.start(ANSWERER, database.url, "1", "1000", "0", str(go))
    survivor = await Instance.start(ANSWERER, database.url, "2", "0", str(users), str(go))
    try:
        await asyncio.gather(victim.started(), survivor.started())
        go.touch()
        await victim.wait_for(lambda: len(victim.out) > 325)
        await victim.kill()  # mid-burst: a wave of answers is always in flight
        await survivor.wait_for(lambda: len(survivor.out) == users + 1)
        assert await survivor.process.wait() == 0, survivor.err[-20:]
    finally:
        await victim.kill()
        await survivor.kill()
    rows = await database._fetch("SELECT user_id, choice, correct, points FROM answers")
    stored = {r[0].rsplit(":", 1)[-1]: r[1] for r in rows}
    accepted_by = {
        choice: {line.split()[1] for line in instance.out if line.startswith("A ")}
        for choice, instance in ((1, victim), (2, survivor))
    }
    # No acknowledged answer lost: each is stored as the instance that accepted it sent it.
    assert all(stored[user] == 1 for user in accepted_by[1])
    assert all(stored[user] == 2 for user in accepted_by[2])
    assert not accepted_by[1] & accepted_by[2]
    # Every user counted once; answers committed but never acknowledged (the victim's
    # last wave) are stored once too, at most one wave of them.
    survivors_users = {f"u{n:05d}" for n in range(users)}
    assert survivors_users <= stored.keys()
    unacknowledged = stored.keys() - accepted_by[1] - accepted_by[2]
    assert len(unacknowledged) <= 50 and all(stored[u] == 1 for u in unacknowledged)
    board = await database.leaderboard(SCOPE, limit=len(stored) + 1)
    assert len(board) == len(stored) and all(s.answered == 1 for s in board)
    assert sum(s.points for s in board) == 10 * sum(1 for r in rows if r[2])
