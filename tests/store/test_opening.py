"""Opening a database: migrations under a lock, a newer schema refused, one open question."""

from __future__ import annotations

import asyncio
import sqlite3
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from bot.store import SqliteStore, Store
from bot.store.errors import NewerDatabase
from bot.store.schema import MIGRATIONS
from tests.conftest import ROOT, open_store
from tests.store.test_contract import PLACE, T0, question

RACING_OPENER = textwrap.dedent(
    """
    import asyncio, sys, time
    from pathlib import Path
    from bot.store import SqliteStore
    from tests.store.test_contract import question

    async def main():
        go = Path(sys.argv[2])
        while not go.exists():
            time.sleep(0.001)
        store = SqliteStore(sys.argv[1])
        await store.open()
        print(await store.add_question(question(f"q{sys.argv[3]}")))
        await store.close()

    asyncio.run(main())
    """
)


async def test_processes_opening_a_fresh_file_at_once_migrate_once_and_open_one_question(
    tmp_path: Path,
) -> None:
    path, go = tmp_path / "fresh.db", tmp_path / "go"
    racers = [
        subprocess.Popen(
            [sys.executable, "-c", RACING_OPENER, str(path), str(go), str(n)],
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for n in range(4)
    ]
    await asyncio.sleep(0.5)  # let them all reach the starting line (not an assertion)
    go.touch()
    outcomes = [racer.communicate(timeout=60) for racer in racers]
    assert [r.returncode for r in racers] == [0] * 4, [err for _, err in outcomes]
    # The database, not the processes, keeps one open question per channel.
    assert sorted(out.strip() for out, _ in outcomes) == ["False", "False", "False", "True"]


HOLDER = textwrap.dedent(
    """
    import sqlite3, sys, time
    db = sqlite3.connect(sys.argv[1], isolation_level=None)
    db.execute("BEGIN IMMEDIATE")  # another process in the middle of switching the file
    print("holding", flush=True)
    time.sleep(0.5)
    db.execute("COMMIT")
    """
)


async def test_a_file_another_process_is_switching_to_wal_opens_once_it_is_done(
    tmp_path: Path,
) -> None:
    """What a racer met when several instances start at once on a fresh file: SQLite
    refuses the switch to WAL at once (waiting could deadlock), before any busy timeout."""
    path = tmp_path / "fresh.db"
    sqlite3.connect(path).close()  # an empty file, still in rollback-journal mode
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(path)], stdout=subprocess.PIPE, text=True
    )
    assert holder.stdout is not None and holder.stdout.readline() == "holding\n"
    store = SqliteStore(str(path))
    await store.open()  # was: "fresh.db is locked by another process", at once
    try:
        assert await store.add_question(question("q1"))
    finally:
        await store.close()
        holder.wait(timeout=60)


@pytest.mark.both_stores
async def test_one_open_question_per_channel_and_kind(store: Store) -> None:
    results = await asyncio.gather(*(store.add_question(question(f"q{n}")) for n in range(6)))
    assert results.count(True) == 1
    opened = await store.open_question_in(PLACE, daily=False)
    assert opened is not None and f"q{results.index(True)}" == opened.id
    # A daily is another kind: it may be open beside the ad-hoc one; a second daily may not.
    assert await store.add_question(question("daily", daily=T0.date()))
    assert not await store.add_question(question("daily2", daily=T0.date()))
    # Practice questions are private: any number may be open.
    assert await store.add_question(question("p1", private_to="u1"))
    assert await store.add_question(question("p2", private_to="u1"))
    # Once closed, the channel takes a new one.
    assert await store.close_question(opened.id, T0)
    assert await store.add_question(question("next"))


async def test_a_sqlite_file_from_a_newer_glossbot_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "newer.db"
    first = SqliteStore(path)
    await first.open()
    await first.db.execute(f"PRAGMA user_version = {len(MIGRATIONS) + 1}")
    await first.close()
    with pytest.raises(NewerDatabase) as refused:
        await SqliteStore(path).open()
    assert str(path) in refused.value.message
    assert "written by a newer glossbot" in refused.value.message
    assert "\n" not in refused.value.message


async def test_a_postgres_database_from_a_newer_glossbot_is_refused(
    request: pytest.FixtureRequest, tmp_path: Path
) -> None:
    from bot.store.pg import PostgresStore
    from bot.store.pg.schema import MIGRATIONS as PG_MIGRATIONS

    first = await open_store(request, "postgres", tmp_path)
    assert isinstance(first, PostgresStore)
    async with first.pool.connection() as conn:
        await conn.execute(
            "INSERT INTO glossbot_schema (version) VALUES ($1)", len(PG_MIGRATIONS) + 1
        )
    await first.close()
    with pytest.raises(NewerDatabase) as refused:
        await PostgresStore(first.url).open()
    assert f"version {len(PG_MIGRATIONS) + 1}" in refused.value.message
    assert "glossbot-test" not in refused.value.message  # never the password


async def test_postgres_instances_starting_at_once_migrate_once(postgres_url: str) -> None:
    from bot.store.pg import PostgresStore
    from bot.store.pg.schema import MIGRATIONS as PG_MIGRATIONS
    from tests.store.pg_server import fresh_schema

    url = await fresh_schema(postgres_url)
    stores = [PostgresStore(url, pool_size=2) for _ in range(4)]
    await asyncio.gather(*(s.open() for s in stores))
    try:
        async with stores[0].pool.connection() as conn:
            versions = await conn.fetch("SELECT version FROM glossbot_schema ORDER BY version")
        assert [r[0] for r in versions] == list(range(1, len(PG_MIGRATIONS) + 1))
        assert await stores[1].add_question(question())
        assert not await stores[2].add_question(question("other"))
    finally:
        await asyncio.gather(*(s.close() for s in stores))
