"""WAL checkpoints happen off the write path: no write copies the log back, the background
connection does, and the log then starts afresh instead of growing."""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta
from pathlib import Path

from bot.store.sqlite import SqliteStore
from bot.store.sqlite_checkpoint import Checkpoints

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
WINDOW = timedelta(minutes=10)
HANG = 30  # only turns a wait into a failure; nothing here measures time
AUTOCHECKPOINT_PAGES = 1000
"""SQLite's default: a COMMIT that grows the log past this many pages checkpoints it."""


async def test_writes_leave_checkpoints_to_the_background_connection(tmp_path: Path) -> None:
    store = SqliteStore(tmp_path / "glossbot.db", checkpoint_every=None)
    await store.open()
    checkpoints = Checkpoints(store.path, restart_pages=AUTOCHECKPOINT_PAGES)
    await checkpoints.start()
    try:
        for n in range(AUTOCHECKPOINT_PAGES):  # each a commit of a page or more
            assert await store.first_delivery(f"trigger_id:t{n}", T0, WINDOW)
        busy, frames, copied = await checkpoints.once()
        # No commit checkpointed on the way (that restarts the log near 1,000 pages) ...
        assert frames > AUTOCHECKPOINT_PAGES
        # ... the background one copied every page back, and the next write starts afresh.
        assert (busy, copied) == (0, frames)
        assert await store.first_delivery("trigger_id:after", T0, WINDOW)
        _, frames_now, _ = await checkpoints.once()
        assert frames_now < AUTOCHECKPOINT_PAGES // 10
        assert not await store.first_delivery("trigger_id:t0", T0, WINDOW)  # nothing lost
    finally:
        await checkpoints.stop()
        await store.close()


async def test_a_closed_store_leaves_no_connection_thread_behind(tmp_path: Path) -> None:
    before = set(threading.enumerate())
    store = SqliteStore(tmp_path / "glossbot.db")
    await store.open()
    try:
        started = set(threading.enumerate()) - before
    finally:
        await store.close()
    assert len(started) == 2  # the store's connection and its checkpoints'
    for thread in started:
        thread.join(HANG)  # a closed connection's thread ends once its queue is done
        assert not thread.is_alive()
