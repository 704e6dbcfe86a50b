"""Upgrading a database written by an older glossbot keeps every score, streak and
request identity."""

from __future__ import annotations

import sqlite3
from datetime import timedelta
from pathlib import Path

import aiosqlite
import pytest

from bot.store import SqliteStore
from bot.store.rows import stamp
from bot.store.schema import MIGRATIONS
from bot.store.sqlite_seen import PRUNE
from tests.store.test_contract import SCOPE, T0, question, said


async def test_dropping_the_score_copies_keeps_rankings_and_streaks(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    async with aiosqlite.connect(path, isolation_level=None) as db:
        for number, script in enumerate(MIGRATIONS[:2], start=1):
            await db.executescript(f"BEGIN; {script}; PRAGMA user_version = {number}; COMMIT;")
        await db.execute(
            "INSERT INTO questions (id, scope, place, type, prompt, options, correct, answer,"
            " accepted, entry_id, entry_name, opened, closes) VALUES ('old', ?, 'p', "
            "'definition', 'x', '[]', 0, 'a', '[]', 'e', 'E', '2026', '2027')",
            (SCOPE,),
        )
        await db.execute(
            "INSERT INTO answers VALUES ('old', ?, 'Alice', 0, '', 1, 20, 0, ?, 'p', '2026')",
            (f"{SCOPE}:alice", SCOPE),
        )
        await db.execute("UPDATE scores SET streak = 3, best_streak = 4")
    store = SqliteStore(path)
    await store.open()
    try:
        alice = await store.score(SCOPE, f"{SCOPE}:alice")
        assert alice is not None
        assert (alice.points, alice.answered, alice.streak, alice.best_streak) == (20, 1, 3, 4)
        columns = [row[1] for row in await store._all("PRAGMA table_info(scores)")]
        assert not {"points", "answered", "correct"} & set(columns)
        # The new trigger still opens a scores row, so a first daily answer can count a streak.
        q = question("new")
        await store.add_question(q)
        await store.record_answer(q, said("bob", True))
        bob = await store.score(SCOPE, f"{SCOPE}:bob")
        assert bob is not None and (bob.points, bob.answered, bob.correct) == (10, 1, 1)
        assert await store._one("SELECT 1 FROM scores WHERE user = ?", (f"{SCOPE}:bob",))
    finally:
        await store.close()


async def test_seen_requests_keep_their_identities_and_forget_expired_ones_by_index(
    tmp_path: Path,
) -> None:
    """Migration 11: one b-tree per identity (WITHOUT ROWID), the expired found by index."""
    path = tmp_path / "old.db"
    window = timedelta(minutes=10)
    async with aiosqlite.connect(path, isolation_level=None) as db:
        for number, script in enumerate(MIGRATIONS[:10], start=1):
            await db.executescript(f"BEGIN; {script}; PRAGMA user_version = {number}; COMMIT;")
        await db.execute(
            "INSERT INTO seen_requests VALUES ('trigger_id:kept', ?), ('trigger_id:gone', ?)",
            (stamp(T0 + window), stamp(T0)),
        )
    store = SqliteStore(path)
    await store.open()
    try:
        # A repeat of an identity seen before the upgrade is still a repeat; an expired one runs.
        assert not await store.first_delivery("trigger_id:kept", T0, window)
        assert await store.first_delivery("trigger_id:gone", T0, window)
        with pytest.raises(sqlite3.OperationalError, match="rowid"):
            await store._all("SELECT rowid FROM seen_requests")
        plan = " ".join(
            str(row[-1]) for row in await store._all(f"EXPLAIN QUERY PLAN {PRUNE}", [""])
        )
        assert "USING COVERING INDEX seen_requests_expires" in plan, plan
    finally:
        await store.close()


async def test_postgres_forgets_expired_identities_through_an_index(postgres_url: str) -> None:
    from bot.store.pg import PostgresStore
    from tests.store.pg_server import fresh_schema

    store = PostgresStore(await fresh_schema(postgres_url), pool_size=1)
    await store.open()
    try:
        async with store.pool.connection() as conn:
            await conn.execute("SET enable_seqscan = off")  # a tiny table is scanned otherwise
            plan = await conn.fetch("EXPLAIN DELETE FROM seen_requests WHERE expires <= now()")
        assert "seen_requests_expires" in " ".join(row[0] for row in plan)
    finally:
        await store.close()
