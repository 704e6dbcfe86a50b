"""The weekly "What should we define next?" post: when it posts, what it asks, the votes."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta

import pytest

from adapters.console import ConsoleSession
from adapters.console.outbox import ConsoleOutbox
from bot import suggest
from bot.core import Core
from bot.replies import Reply
from bot.store import SuggestSchedule
from tests.conftest import FakeClock

# Suggestions behave the same on both stores (tests/conftest.py).
pytestmark = pytest.mark.both_stores

MONDAY_9 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)  # the fake clock's start, a Monday


def weekly(since: datetime, weekday: int = 0, at: time = time(9, 0)) -> SuggestSchedule:
    return SuggestSchedule("console:local:general", "console:local", weekday, at, since)


def test_a_new_schedule_waits_for_its_next_slot_and_a_missed_one_is_caught_up_for_a_day() -> None:
    set_at = MONDAY_9 + timedelta(minutes=5)
    assert suggest.due(weekly(set_at), set_at) is None  # 09:00 today passed before it existed
    next_monday = MONDAY_9 + suggest.WEEK
    assert suggest.due(weekly(set_at), next_monday) == next_monday
    assert suggest.due(weekly(set_at), next_monday + timedelta(hours=20)) == next_monday
    assert suggest.due(weekly(set_at), next_monday + timedelta(days=2)) is None
    assert suggest.week_of(next_monday + timedelta(hours=3)) == next_monday.date()


async def misses(session: ConsoleSession, *queries: str) -> None:
    for query in queries:
        await session.send(f"/define {query}")


async def test_the_post_asks_about_last_weeks_misses_once_and_counts_votes(
    core: Core, outbox: ConsoleOutbox, clock: FakeClock
) -> None:
    admin = ConsoleSession(core, "alice")
    [set_reply] = await admin.send("/quizadmin suggest general mon 09:00")
    assert "First post: 2026-03-09 09:00 UTC" in set_reply.parts[0].body  # type: ignore[union-attr]
    await misses(admin, "kubernetes", "kubernetes", "kubernetes", "zookeeper", "zookeeper", "helm")
    assert await suggest.tick(core) == []  # not due yet
    await clock.set(MONDAY_9 + suggest.WEEK)
    assert await suggest.tick(core) == ["console:local:general"]
    assert await suggest.tick(core) == []  # claimed: never twice in a week
    [(place, ref, post)] = outbox.posts
    assert isinstance(post, Reply) and post.poll is not None
    assert post.poll.options == ("kubernetes", "zookeeper", "helm")
    assert [b.label for b in post.buttons] == ["kubernetes", "zookeeper", "helm"]
    bob = ConsoleSession(core, "bob", admin=False)
    [thanks] = await bob.click(post.buttons[1])
    assert "zookeeper" in thanks.parts[0].body  # type: ignore[union-attr]
    await bob.click(post.buttons[0])  # changing one's mind replaces the vote
    await admin.click(post.buttons[0])
    assert await suggest.poll_vote(core, place, ref, "console:local:carol", 2)  # a native poll
    assert not await suggest.poll_vote(core, place, "other-message", "console:local:carol", 2)
    assert await core.store.suggest_results("console:local") == [
        ("kubernetes", 2),
        ("helm", 1),
        ("zookeeper", 0),
    ]
    [status] = await admin.send("/glossary status")
    [field] = [f for f in status.parts[0].fields if f.name.startswith("Define next")]  # type: ignore[union-attr]
    assert field.value.splitlines()[0] == "kubernetes: 2 votes"


async def test_no_post_in_a_week_nothing_was_missed(
    core: Core, outbox: ConsoleOutbox, clock: FakeClock
) -> None:
    await core.store.set_suggest(weekly(MONDAY_9 - timedelta(days=1)))
    assert await suggest.tick(core) == []
    assert outbox.posts == []


async def test_suggest_off_and_bad_days_are_clear(core: Core) -> None:
    admin = ConsoleSession(core, "alice")
    [bad] = await admin.send("/quizadmin suggest general weekdays")
    assert bad.is_error and "one day" in bad.parts[0].body  # type: ignore[union-attr]
    await admin.send("/quizadmin suggest general fri 16:30")
    [off] = await admin.send("/quizadmin suggest general off")
    assert "will no longer get" in off.parts[0].body  # type: ignore[union-attr]
    assert await core.store.suggest_schedules() == []
    [member] = await ConsoleSession(core, "bob", admin=False).send("/quizadmin suggest general")
    assert member.is_error
