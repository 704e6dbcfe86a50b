"""Two instances on one PostgreSQL: the database, not a process, keeps answers exact."""

from __future__ import annotations

import asyncio
import subprocess
import sys
import textwrap
from pathlib import Path

from bot.store import Accepted, AlreadyAnswered
from bot.store.pg import PostgresStore
from tests.conftest import ROOT
from tests.store.pg_server import fresh_schema
from tests.store.test_contract import SCOPE, question, said

INSTANCE = textwrap.dedent(
    """
    import asyncio, sys, time
    from pathlib import Path
    from bot.store import Accepted
    from bot.store.pg import PostgresStore
    from tests.store.test_contract import question, said

    async def main():
        store = PostgresStore(sys.argv[1])
        await store.open()
        go = Path(sys.argv[2])
        while not go.exists():
            await asyncio.sleep(0.005)
        q = question()
        # The same 500 users click in both instances at once: 1,000 racing answers.
        clicks = [said(f"user{n:03d}", n % 3 == 0, choice=n % 4) for n in range(500)]
        results = await asyncio.gather(*(store.record_answer(q, a) for a in clicks))
        print(sum(isinstance(r, Accepted) for r in results))
        await store.close()

    asyncio.run(main())
    """
)


async def test_two_instances_take_1000_racing_answers_and_count_each_user_once(
    postgres_url: str, tmp_path: Path
) -> None:
    url = await fresh_schema(postgres_url)
    store = PostgresStore(url)
    await store.open()
    try:
        assert await store.add_question(question())
        go = tmp_path / "go"
        instances = [
            subprocess.Popen(
                [sys.executable, "-c", INSTANCE, url, str(go)],
                cwd=ROOT,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
            )
            for _ in range(2)
        ]
        await asyncio.sleep(1)  # both connected and waiting (not an assertion)
        go.touch()
        outputs = [i.communicate(timeout=120) for i in instances]
        assert [i.returncode for i in instances] == [0, 0], [err for _, err in outputs]
        # Every user's first answer counted once, in one instance or the other.
        assert sum(int(out) for out, _ in outputs) == 500
        board = await store.leaderboard(SCOPE, limit=1000)
        right = [n for n in range(500) if n % 3 == 0]
        assert len(board) == 500 and all(s.answered == 1 for s in board)
        assert sum(s.points for s in board) == 10 * len(right)
        assert {s.user for s in board if s.points} == {f"{SCOPE}:user{n:03d}" for n in right}
        # A retry after all that is told it already counted.
        again = await store.record_answer(question(), said("user000", False))
        assert again == AlreadyAnswered(True)
        assert isinstance(await store.record_answer(question(), said("late", True)), Accepted)
    finally:
        await store.close()
