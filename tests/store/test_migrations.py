"""Upgrading a database file written by an older glossbot keeps every score and streak."""

from __future__ import annotations

from pathlib import Path

import aiosqlite

from bot.store import SqliteStore
from bot.store.schema import MIGRATIONS
from tests.store.test_contract import SCOPE, question, said


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
