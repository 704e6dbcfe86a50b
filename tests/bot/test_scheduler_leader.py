"""The scheduler leader: one instance on a database makes the daily posts, another takes
over when its lease expires, and a leader that cannot renew stops posting.

Two `Core`s on one SQLite file stand for two processes; they share the test clock, so a
lease expires when the test moves time, not when the machine is slow.
"""

from __future__ import annotations

import asyncio
import logging
import random
from collections.abc import AsyncIterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from adapters.console.outbox import ConsoleOutbox
from bot import metrics
from bot.config import Config, from_dict
from bot.content import Content
from bot.core import Core
from bot.errors import ConfigError
from bot.store import Schedule, SqliteStore
from bot.store.errors import TRY_AGAIN, StoreUnavailable
from tests.conftest import FakeClock

SCOPE = "console:local"
TTL = timedelta(seconds=30)
MORNING = datetime(2026, 3, 2, 7, 0, tzinfo=UTC)
"""Before every slot of the day below (08:00 UTC and later)."""


class FlakyStore(SqliteStore):
    """A SQLite store whose server can 'go away' for the lease (`down`), as PostgreSQL can."""

    down = False

    async def hold_lease(self, name: str, holder: str, ttl: timedelta, now: datetime) -> bool:
        if self.down:
            raise StoreUnavailable(TRY_AGAIN)
        return await super().hold_lease(name, holder, ttl, now)


def schedule(channel: str, hhmm: str) -> Schedule:
    """A daily in UTC, set long ago (so a missed slot is caught up the same day)."""
    since = datetime(2026, 1, 1, tzinfo=UTC)
    return Schedule(f"{SCOPE}:{channel}", SCOPE, hhmm, "UTC", tuple(range(7)), since=since)


@pytest.fixture
async def pair(
    content: Content, tmp_path: Path, clock: FakeClock
) -> AsyncIterator[tuple[Core, Core]]:
    """Two instances on one database file, each with its own outbox and lease holder."""
    cores = []
    for n in range(2):
        store = FlakyStore(tmp_path / "shared.db")
        await store.open()
        core = Core(
            Config(), content, store, clock=clock, rng=random.Random(n), outbox=ConsoleOutbox()
        )
        core.leader.holder = f"instance-{n}"
        cores.append(core)
    await clock.set(MORNING)
    yield cores[0], cores[1]
    for core in cores:
        await core.close()


def posted(core: Core) -> list[str]:
    assert isinstance(core.outbox, ConsoleOutbox)
    return [place.rsplit(":", 1)[-1] for place, _, _ in core.outbox.posts]


async def daily_dates(core: Core, channel: str) -> list[date]:
    rows = await core.store._all(  # type: ignore[attr-defined]
        "SELECT daily FROM questions WHERE place = ? AND daily <> ''", (f"{SCOPE}:{channel}",)
    )
    return [date.fromisoformat(r[0]) for r in rows]


async def test_one_instance_leads_and_makes_every_post(
    pair: tuple[Core, Core], clock: FakeClock
) -> None:
    first, second = pair
    for channel in ("a", "b", "c"):
        await first.store.set_schedule(schedule(channel, "08:00"))
    await clock.set(MORNING.replace(hour=8))
    for _ in range(3):
        await asyncio.gather(first.background_pass(), second.background_pass())
        await clock.advance(TTL / 3)
    leader, standby = (first, second) if first.leader.leading else (second, first)
    assert leader.leader.leading and not standby.leader.leading
    assert sorted(posted(leader)) == ["a", "b", "c"]
    assert posted(standby) == []


async def test_a_standby_takes_over_when_the_lease_expires_and_catches_up_the_day(
    pair: tuple[Core, Core], clock: FakeClock
) -> None:
    leader, standby = pair
    await leader.store.set_schedule(schedule("early", "08:00"))
    await leader.store.set_schedule(schedule("late", "12:00"))
    await clock.set(MORNING.replace(hour=8))
    await leader.background_pass()
    await standby.background_pass()
    assert posted(leader) == ["early"] and not standby.leader.leading
    # The leader dies at 08:00 (it stops renewing). Until its lease expires nobody leads.
    await clock.advance(TTL - timedelta(seconds=1))
    await standby.background_pass()
    assert not standby.leader.leading and leader.leader.leading
    # At the expiry the dead leader's own view says so too, and the standby takes over.
    await clock.advance(timedelta(seconds=1))
    assert not leader.leader.leading
    await standby.background_pass()
    assert standby.leader.leading
    await clock.set(MORNING.replace(hour=13))  # the standby was down too over noon
    await standby.background_pass()
    await standby.background_pass()
    assert posted(standby) == ["late"]  # caught up the same day; "early" not again
    assert await daily_dates(standby, "early") == [date(2026, 3, 2)]
    assert await daily_dates(standby, "late") == [date(2026, 3, 2)]
    # The old leader comes back: it finds another holder and stays quiet.
    await leader.store.set_schedule(schedule("evening", "13:00"))
    await leader.background_pass()
    assert not leader.leader.leading and posted(leader) == ["early"]


async def test_a_leader_that_cannot_renew_stops_posting_until_it_holds_the_lease_again(
    pair: tuple[Core, Core], clock: FakeClock, caplog: pytest.LogCaptureFixture
) -> None:
    core, _ = pair
    store = core.store
    assert isinstance(store, FlakyStore)
    await store.set_schedule(schedule("a", "08:00"))
    caplog.set_level(logging.INFO, logger="bot.leader")
    await core.background_pass()
    assert core.leader.leading
    store.down = True
    await clock.set(MORNING.replace(hour=9))  # a's slot came while the lease is unrenewable
    await core.background_pass()
    assert not core.leader.leading and posted(core) == []
    store.down = False
    await core.background_pass()
    assert core.leader.leading and posted(core) == ["a"]
    said = [r.getMessage() for r in caplog.records if r.levelno == logging.INFO]
    assert [m.split(":")[0] for m in said] == [
        "scheduler lease gained",
        "scheduler lease lost (the store did not answer)",
        "scheduler lease gained",
    ]
    assert "instance-0" in said[0]


async def test_a_leader_that_shuts_down_cleanly_hands_over_at_once(
    pair: tuple[Core, Core], clock: FakeClock, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="bot.leader")
    leader, standby = pair
    await leader.store.set_schedule(schedule("a", "08:00"))
    task = asyncio.create_task(leader.run_background())
    await clock.someone_asleep()
    assert leader.leader.leading
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    assert "scheduler lease released: this instance (instance-0) is stopping" in caplog.messages
    # No wait for the expiry: the lease was released.
    await clock.set(MORNING.replace(hour=8))
    await standby.background_pass()
    assert standby.leader.leading and posted(standby) == ["a"]


async def test_the_leader_gauge_says_who_leads(pair: tuple[Core, Core]) -> None:
    core, _ = pair
    await core.background_pass()
    assert b'glossbot_leader{lease="scheduler"} 1.0' in metrics.exposition()
    await core.leader.release()
    assert b'glossbot_leader{lease="scheduler"} 0.0' in metrics.exposition()


def test_the_lease_length_is_a_checked_setting() -> None:
    assert Config().scheduler.lease_seconds == 30
    assert from_dict({"scheduler": {"lease_seconds": 5}}).scheduler.lease_seconds == 5
    with pytest.raises(ConfigError) as caught:
        from_dict({"scheduler": {"lease_seconds": 1}})
    assert str(caught.value) == (
        "config: scheduler.lease_seconds: expected a whole number from 2 to 600, not 1"
    )
