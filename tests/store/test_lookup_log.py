"""The lookup log is off the reply's path: a /define never waits for its row, and a clean
shutdown writes every queued row."""

from __future__ import annotations

import asyncio
import sqlite3
from pathlib import Path

from adapters.console import ConsoleSession
from bot.config import Config
from bot.core import Core
from bot.replies import Card
from bot.store.later import LaterWrites, Row

HANG = 30  # only turns a wait into a failure; nothing here measures time


async def test_define_answers_while_another_writer_holds_the_database(tmp_path: Path) -> None:
    config = Config(data_dir=str(tmp_path))
    core = await Core.start(config)
    session = ConsoleSession(core, "alice")
    blocker = sqlite3.connect(tmp_path / "glossbot.db", isolation_level=None)
    blocker.execute("BEGIN IMMEDIATE")  # a backup, say, holding the write lock
    try:
        [reply] = await asyncio.wait_for(session.send("/define mlm"), HANG)
        assert isinstance(reply.parts[0], Card)
        assert "Masked Language Modeling" in reply.parts[0].title
    finally:
        blocker.execute("ROLLBACK")
        blocker.close()
    await core.close()
    written = sqlite3.connect(tmp_path / "glossbot.db")
    rows = written.execute("SELECT user, query, outcome FROM lookups").fetchall()
    written.close()
    assert rows == [("console:local:alice", "mlm", "found")]


async def test_a_clean_shutdown_writes_every_queued_lookup(tmp_path: Path) -> None:
    core = await Core.start(Config(data_dir=str(tmp_path)))
    session = ConsoleSession(core, "bob")
    for query in ("mlm", "pizza", "mlops") * 20:
        await session.send(f"/define {query}")
    await core.close()
    again = await Core.start(Config(data_dir=str(tmp_path)))
    try:
        assert await again.store.top_misses(None, 5) == [("pizza", 20)]
        found = dict(await again.store.top_entries(None, 5))
        assert sum(found.values()) == 40
    finally:
        await again.close()


async def test_lookups_that_arrive_while_one_waits_share_its_write() -> None:
    written: list[list[Row]] = []

    async def write(rows: list[Row]) -> None:
        written.append(rows)

    later = LaterWrites(write, linger=3600)  # settled() must cut this short
    later.add(("a",))
    await asyncio.sleep(0)  # the writer is lingering now
    later.add(("b",))
    later.add(("c",))
    await asyncio.wait_for(later.settled(), HANG)
    assert written == [[("a",), ("b",), ("c",)]]
    later.add(("d",))  # after a settle, the next rows linger again, and are written too
    await asyncio.sleep(0)
    later.add(("e",))
    await asyncio.wait_for(later.settled(), HANG)
    assert written[1:] == [[("d",), ("e",)]]
