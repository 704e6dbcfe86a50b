"""Answers under load and across a crash: each counted once, none lost."""

from __future__ import annotations

import asyncio
import subprocess
import sys
import textwrap
from datetime import UTC, datetime
from pathlib import Path

from bot.store import Accepted, AlreadyAnswered, SqliteStore
from tests.conftest import ROOT
from tests.store.test_contract import SCOPE, question, said


async def test_1000_concurrent_answers_from_500_users(tmp_path: Path) -> None:
    store = SqliteStore(tmp_path / "load.db")
    await store.open()
    try:
        q = question()
        await store.add_question(q)
        users = [f"user{n:03d}" for n in range(500)]
        # Every user clicks twice, the second click racing the first.
        clicks = [said(u, n % 3 == 0, choice=n % 4) for n, u in enumerate(users)] * 2
        results = await asyncio.gather(*(store.record_answer(q, a) for a in clicks))
        assert sum(isinstance(r, Accepted) for r in results) == 500
        assert sum(isinstance(r, AlreadyAnswered) for r in results) == 500
        answers = await store.answers(q.id)
        assert len(answers) == 500
        board = await store.leaderboard(SCOPE, limit=1000)
        assert len(board) == 500
        right = [u for n, u in enumerate(users) if n % 3 == 0]
        assert sum(s.points for s in board) == 10 * len(right)
        assert all(s.answered == 1 for s in board)
        assert {s.user for s in board if s.points == 10} == {f"{SCOPE}:{u}" for u in right}
    finally:
        await store.close()


CRASHING_PLAYER = textwrap.dedent(
    """
    import asyncio, os, sys
    from bot.store import SqliteStore
    from tests.store.test_contract import question, said

    async def main():
        store = SqliteStore(sys.argv[1])
        await store.open()
        q = question()
        await store.add_question(q)
        for n in range(40):
            await store.record_answer(q, said(f"user{n}", n % 2 == 0))
            print(n, flush=True)  # acknowledged to the user only after the commit
        os._exit(9)  # killed mid-quiz: no close, no cleanup

    asyncio.run(main())
    """
)


async def test_a_killed_process_loses_no_acknowledged_answer(tmp_path: Path) -> None:
    path = tmp_path / "crash.db"
    done = subprocess.run(
        [sys.executable, "-c", CRASHING_PLAYER, str(path)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 9, done.stderr
    acknowledged = [int(line) for line in done.stdout.split()]
    assert acknowledged == list(range(40))
    store = SqliteStore(path)
    await store.open()
    try:
        q = question()
        assert len(await store.answers(q.id)) == 40
        # Clients retry after the crash: nothing is counted twice.
        retries = [await store.record_answer(q, said(f"user{n}", True)) for n in range(40)]
        assert all(isinstance(r, AlreadyAnswered) for r in retries)
        board = await store.leaderboard(SCOPE, limit=100)
        assert sum(s.points for s in board) == 10 * 20
        assert sum(s.answered for s in board) == 40
    finally:
        await store.close()


async def test_a_write_cancelled_as_it_begins_leaves_no_transaction_open(tmp_path: Path) -> None:
    """aiosqlite's thread runs a BEGIN whose caller was cancelled (a timer stopped at
    shutdown, say); left open, that transaction would refuse every later write."""
    store = SqliteStore(tmp_path / "glossbot.db")
    await store.open()
    try:
        now = datetime(2026, 3, 2, tzinfo=UTC)
        cancelled = asyncio.create_task(store.add_flag("s", "gan", "u1", "wrong", "", now))
        await asyncio.sleep(0)  # it holds the write lock and waits on its BEGIN
        cancelled.cancel()
        await asyncio.gather(cancelled, return_exceptions=True)
        assert await store.add_flag("s", "mlops", "u2", "wrong", "", now)
        assert [f.entry_id for f in await store.open_flags("s")] == ["mlops"]
    finally:
        await store.close()
