"""Daily posts: parsing, DST, catch-up after downtime, and exactly-once across processes."""

from __future__ import annotations

import asyncio
import random
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from adapters.console.outbox import ConsoleOutbox
from bot import scheduler
from bot.config import Config, QuizConfig
from bot.content import Content
from bot.context import Context
from bot.core import Core
from bot.errors import UsageError
from bot.quiz import engine
from bot.replies import Reply
from bot.store import Schedule, SqliteStore, Store
from tests.conftest import FakeClock

# The quiz and scheduler behave the same on both stores (tests/conftest.py).
pytestmark = pytest.mark.both_stores

PARIS = "console:local:paris"


def paris_at(hhmm: str = "09:00", days: tuple[int, ...] = scheduler.EVERY_DAY) -> Schedule:
    return Schedule(PARIS, "console:local", hhmm, "Europe/Paris", days)


@pytest.mark.parametrize(
    ("text", "days"),
    [
        ("daily", (0, 1, 2, 3, 4, 5, 6)),
        ("weekdays", (0, 1, 2, 3, 4)),
        ("Weekends", (5, 6)),
        ("mon-fri", (0, 1, 2, 3, 4)),
        ("fri-mon", (0, 4, 5, 6)),
        ("mon,wed,fri", (0, 2, 4)),
        ("Tuesday", (1,)),
    ],
)
def test_days_parse(text: str, days: tuple[int, ...]) -> None:
    assert scheduler.parse_days(text) == days


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: scheduler.parse_time("25:00"), "not a time"),
        (lambda: scheduler.parse_time("9am"), "HH:MM"),
        (
            lambda: scheduler.parse_zone("Mars/Olympus"),
            "unknown time zone 'Mars/Olympus' (e.g. Europe/Paris, America/New_York, UTC)",
        ),
        (lambda: scheduler.parse_zone("../etc/passwd"), "unknown time zone"),
        (lambda: scheduler.parse_days("someday"), "“someday” is not a day"),
        (lambda: scheduler.parse_days("monkey"), "“monkey” is not a day"),
        (lambda: scheduler.parse_days(","), "Say which days"),
    ],
)
def test_bad_schedule_input_is_explained(call: object, message: str) -> None:
    with pytest.raises(UsageError) as caught:
        call()  # type: ignore[operator]
    assert message in caught.value.message


@pytest.mark.parametrize(
    ("zone", "days", "expected"),
    [
        ("UTC", "", ("UTC", scheduler.EVERY_DAY)),
        ("utc", "", ("UTC", scheduler.EVERY_DAY)),
        ("europe/paris", "weekdays", ("Europe/Paris", (0, 1, 2, 3, 4))),
        ("AMERICA/NEW_YORK", "Mon,Wed", ("America/New_York", (0, 2))),
        ("weekends", "", ("UTC", (5, 6))),  # the zone left out
        ("mon,", "wed, fri", ("UTC", (0, 2, 4))),  # "mon, wed, fri" typed with spaces
        ("UTC", "tues-thurs", ("UTC", (1, 2, 3))),
    ],
)
def test_zone_and_days_read_as_typed(
    zone: str, days: str, expected: tuple[str, tuple[int, ...]]
) -> None:
    parsed, parsed_days = scheduler.parse_zone_and_days(zone, days)
    assert (parsed.key, parsed_days) == expected


@pytest.mark.parametrize(
    ("zone", "days", "message"),
    [
        (
            "Mars/Olympus",
            "",
            "unknown time zone 'Mars/Olympus' (e.g. Europe/Paris, America/New_York, UTC)",
        ),
        ("Paris", "", "Did you mean Europe/Paris?"),
        ("Europe/Pariss", "daily", "Did you mean Europe/Paris?"),
        ("daily", "extra", "“extra” is not a day"),
        ("mon-", "", "“mon-” is a range with a missing end: give both, like mon-fri."),
        ("UTC", "-fri", "“-fri” is a range with a missing end"),
        ("daily", "Europe/Paris", "Give the time zone before the days"),
        ("someday", "", "“someday” is neither a time zone"),
    ],
)
def test_wrong_zone_or_days_say_which_word_is_wrong(zone: str, days: str, message: str) -> None:
    with pytest.raises(UsageError) as caught:
        scheduler.parse_zone_and_days(zone, days)
    assert message in caught.value.message


def test_slots_follow_dst_in_local_time() -> None:
    sched = paris_at("09:00")
    before = scheduler.slot_on(sched, date(2026, 3, 28)).due
    after = scheduler.slot_on(sched, date(2026, 3, 29)).due
    assert before == datetime(2026, 3, 28, 8, 0, tzinfo=UTC)  # CET, UTC+1
    assert after == datetime(2026, 3, 29, 7, 0, tzinfo=UTC)  # CEST, UTC+2
    autumn = scheduler.slot_on(sched, date(2026, 10, 25)).due
    assert autumn == datetime(2026, 10, 25, 8, 0, tzinfo=UTC)


def test_a_skipped_wall_time_still_gets_one_slot() -> None:
    sched = paris_at("02:30")  # does not exist on 2026-03-29 in Paris
    slot = scheduler.slot_on(sched, date(2026, 3, 29))
    assert slot.due == datetime(2026, 3, 29, 1, 30, tzinfo=UTC)
    assert scheduler.next_slot(sched, slot.due).local_date == date(2026, 3, 30)


def test_due_slot_respects_days_and_time() -> None:
    weekdays = paris_at("09:00", (0, 1, 2, 3, 4))
    monday_early = datetime(2026, 3, 2, 7, 59, tzinfo=UTC)
    assert scheduler.due_slot(weekdays, monday_early) is None
    slot = scheduler.due_slot(weekdays, monday_early + timedelta(minutes=1))
    assert slot is not None and slot.local_date == date(2026, 3, 2)
    saturday = datetime(2026, 3, 7, 12, 0, tzinfo=UTC)
    assert scheduler.due_slot(weekdays, saturday) is None


@pytest.fixture
async def paris_core(core: Core) -> Core:
    await core.store.set_schedule(paris_at("09:00"))
    return core


def posts(core: Core) -> list[tuple[str, str, Reply]]:
    assert isinstance(core.outbox, ConsoleOutbox)
    return core.outbox.posts


async def test_one_post_per_local_day_across_a_dst_change(
    paris_core: Core, clock: FakeClock
) -> None:
    await clock.set(datetime(2026, 3, 27, 0, 0, tzinfo=UTC))
    posted_at: list[datetime] = []
    while clock.now() < datetime(2026, 3, 31, 0, 0, tzinfo=UTC):
        if await scheduler.tick(paris_core):
            posted_at.append(clock.now())
        await clock.advance(timedelta(minutes=15))
    assert posted_at == [
        datetime(2026, 3, 27, 8, 0, tzinfo=UTC),
        datetime(2026, 3, 28, 8, 0, tzinfo=UTC),
        datetime(2026, 3, 29, 7, 0, tzinfo=UTC),
        datetime(2026, 3, 30, 7, 0, tzinfo=UTC),
    ]


async def test_missed_post_is_made_on_start_up_the_same_day_only(
    paris_core: Core, clock: FakeClock
) -> None:
    # The bot was down at 09:00 Paris; it comes back at 15:00: the post is made, once.
    await clock.set(datetime(2026, 3, 2, 14, 0, tzinfo=UTC))
    assert await scheduler.tick(paris_core) == [PARIS]
    assert await scheduler.tick(paris_core) == []
    # Down the whole next day, back just after midnight Paris: no post for the lost day.
    await clock.set(datetime(2026, 3, 3, 23, 30, tzinfo=UTC))
    assert await scheduler.tick(paris_core) == []
    assert len([p for p in posts(paris_core) if p[0] == PARIS]) == 1


async def test_next_daily_closes_and_reveals_the_previous(
    paris_core: Core, clock: FakeClock
) -> None:
    await clock.set(datetime(2026, 3, 2, 8, 0, tzinfo=UTC))
    await scheduler.tick(paris_core)
    first = await paris_core.store.last_daily(PARIS)
    assert first is not None and first.daily_date == date(2026, 3, 2)
    await clock.set(datetime(2026, 3, 3, 8, 0, tzinfo=UTC))
    await scheduler.tick(paris_core)
    closed = await paris_core.store.question(first.id)
    assert closed is not None and closed.closed is not None
    bodies = [type(p[2]).__name__ for p in posts(paris_core)]
    assert len(bodies) == 4  # question 1, its edit (revealed), the reveal, question 2


async def test_two_processes_on_one_database_post_once(
    content: Content, tmp_path: Path, clock: FakeClock
) -> None:
    path = tmp_path / "shared.db"
    cores: list[Core] = []
    for n in range(2):
        store = SqliteStore(path)
        await store.open()
        core = Core(
            Config(), content, store, clock=clock, rng=random.Random(n), outbox=ConsoleOutbox()
        )
        cores.append(core)
    try:
        await cores[0].store.set_schedule(paris_at("09:00"))
        await clock.set(datetime(2026, 3, 2, 8, 0, tzinfo=UTC))
        for _ in range(3):
            results = await asyncio.gather(*(scheduler.tick(c) for c in cores))
            assert sum(len(r) for r in results) <= 1
        total = sum(len(posts(c)) for c in cores)
        assert total == 1
    finally:
        for core in cores:
            await core.close()


async def test_background_loop_posts_when_the_clock_reaches_the_slot(
    core: Core, outbox: ConsoleOutbox, clock: FakeClock
) -> None:
    await core.store.set_schedule(paris_at("09:00"))
    await clock.set(datetime(2026, 3, 2, 7, 0, tzinfo=UTC))
    task = asyncio.create_task(core.run_background())
    try:
        await clock.someone_asleep()  # the loop looked at 07:00, found nothing due, and naps
        assert outbox.posts == []
        await clock.set(datetime(2026, 3, 2, 8, 0, tzinfo=UTC))
        what, place, _ = await asyncio.wait_for(outbox.notices.get(), timeout=10)
        assert (what, place) == ("posted", PARIS)
        assert [p[0] for p in outbox.posts] == [PARIS]
    finally:
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task


class BrokenOutbox(ConsoleOutbox):
    """A channel the bot cannot post to, until someone fixes its permissions (`broken`)."""

    def __init__(self) -> None:
        super().__init__()
        self.broken = True

    async def post(self, place: str, reply: Reply) -> str:
        if self.broken:
            raise PermissionError("403 Forbidden: Missing Access")
        return await super().post(place, reply)


async def test_a_channel_that_keeps_failing_is_paused_then_resumed(
    content: Content, store: Store, clock: FakeClock
) -> None:
    outbox = BrokenOutbox()
    core = Core(Config(), content, store, clock=clock, rng=random.Random(7), outbox=outbox)
    await core.store.set_schedule(paris_at("09:00"))
    await clock.set(datetime(2026, 3, 2, 8, 0, tzinfo=UTC))
    for _ in range(scheduler.PAUSE_AFTER + 2):
        assert await scheduler.tick(core) == []
        await clock.advance(timedelta(days=1))
    [paused] = await core.store.schedules()
    assert paused.failures == scheduler.PAUSE_AFTER  # no attempts once paused
    listing = await core.run(admin_context(core), "quizadmin schedules")
    assert "paused after 3 failed posts" in listing.parts[0].body  # type: ignore[union-attr]
    outbox.broken = False
    await core.store.set_schedule(paris_at("09:00"))
    assert await scheduler.tick(core) == [PARIS]
    [resumed] = await core.store.schedules()
    assert resumed.failures == 0


def admin_context(core: Core) -> Context:
    return Context("console", "local", "root", "paris", core.clock.now(), is_admin=True)


def reply_text(reply: Reply) -> str:
    return "\n".join(getattr(p, "body", "") for p in reply.parts)


async def test_a_schedule_set_after_its_time_starts_at_its_next_slot(
    core: Core, clock: FakeClock
) -> None:
    await clock.set(datetime(2026, 12, 1, 18, 20, tzinfo=UTC))
    reply = await core.run(admin_context(core), "quizadmin schedule", channel="zz", time="00:01")
    assert "Next post: 2026-12-02 00:01 UTC" in reply_text(reply)
    for _ in range(3):
        assert await scheduler.tick(core) == []
        await clock.advance(timedelta(minutes=1))
    await clock.set(datetime(2026, 12, 2, 0, 1, tzinfo=UTC))
    assert await scheduler.tick(core) == ["console:local:zz"]


async def test_a_post_missed_while_down_is_caught_up_once_the_schedule_existed(
    core: Core, clock: FakeClock
) -> None:
    await clock.set(datetime(2026, 3, 2, 6, 0, tzinfo=UTC))
    await core.run(
        admin_context(core),
        "quizadmin schedule",
        channel="paris",
        time="09:00",
        timezone="Europe/Paris",
    )
    await clock.set(datetime(2026, 3, 2, 14, 0, tzinfo=UTC))  # down from 07:00 to 15:00 Paris
    assert await scheduler.tick(core) == [PARIS]


async def test_changing_a_schedule_after_todays_post_says_and_does_tomorrow(
    paris_core: Core, clock: FakeClock
) -> None:
    await clock.set(datetime(2026, 3, 2, 8, 0, tzinfo=UTC))
    assert await scheduler.tick(paris_core) == [PARIS]
    await clock.set(datetime(2026, 3, 2, 9, 0, tzinfo=UTC))
    later = await paris_core.run(
        admin_context(paris_core),
        "quizadmin schedule",
        channel="paris",
        time="18:00",
        timezone="Europe/Paris",
    )
    assert "Next post: 2026-03-03 17:00 UTC" in reply_text(later)
    listing = await paris_core.run(admin_context(paris_core), "quizadmin schedules")
    assert "next 2026-03-03 17:00 UTC" in reply_text(listing)
    await clock.set(datetime(2026, 3, 2, 17, 0, tzinfo=UTC))
    assert await scheduler.tick(paris_core) == []  # one post per local day, even when moved
    await clock.set(datetime(2026, 3, 3, 17, 0, tzinfo=UTC))
    assert await scheduler.tick(paris_core) == [PARIS]


@pytest.mark.parametrize(
    ("hours", "closes"),
    [
        (12, datetime(2026, 3, 2, 20, 0, tzinfo=UTC)),  # daily_close_hours after posting
        (36, datetime(2026, 3, 3, 8, 0, tzinfo=UTC)),  # the next daily comes first
    ],
)
async def test_a_daily_closes_after_its_hours_or_at_the_next_daily(
    content: Content, store: SqliteStore, clock: FakeClock, hours: int, closes: datetime
) -> None:
    config = Config(quiz=QuizConfig(daily_close_hours=hours))
    core = Core(config, content, store, clock=clock, rng=random.Random(3), outbox=ConsoleOutbox())
    await store.set_schedule(paris_at("09:00"))
    await clock.set(datetime(2026, 3, 2, 8, 0, tzinfo=UTC))
    await scheduler.tick(core)
    daily = await store.last_daily(PARIS)
    assert daily is not None and daily.closes == closes
    await clock.set(closes)
    await engine.close_due(core)
    assert await store.open_question_in(PARIS, daily=True) is None
