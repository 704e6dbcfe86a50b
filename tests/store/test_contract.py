"""The store contract: what any store (SQLite today, PostgreSQL next) must do, value by value."""

from __future__ import annotations

import asyncio
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from bot.quiz.question import Question, QuestionType
from bot.store import (
    Accepted,
    AlreadyAnswered,
    Answer,
    Closed,
    InstallKey,
    Review,
    Schedule,
    SqliteStore,
    Store,
    StoredQuestion,
)
from bot.store.schema import MIGRATIONS

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
SCOPE = "console:local"
PLACE = "console:local:general"

pytestmark = pytest.mark.both_stores


@pytest.fixture
def any_store(store: Store) -> Store:
    """Every contract test runs on SQLite and on PostgreSQL (tests/conftest.py)."""
    return store


def question(
    qid: str = "q1", *, place: str = PLACE, daily: date | None = None, private_to: str = ""
) -> StoredQuestion:
    return StoredQuestion(
        id=qid,
        scope=SCOPE,
        place=place,
        question=Question(
            type=QuestionType.DEFINITION,
            prompt="A ____ with “quotes” and ünïcode",
            options=("Alpha", "Beta", "Gamma", "Delta"),
            correct=2,
            answer="Gamma",
            entry_id="gamma",
            entry_name="Gamma",
            accepted=("Gamma", "G"),
        ),
        opened=T0,
        closes=T0 + timedelta(minutes=5),
        daily_date=daily,
        private_to=private_to,
    )


def said(
    user: str, correct: bool, at: datetime = T0, choice: int = 0, points: int | None = None
) -> Answer:
    """An answer worth 10 points when right, unless told otherwise (the engine decides)."""
    earned = (10 if correct else 0) if points is None else points
    return Answer(f"{SCOPE}:{user}", user.title(), choice, "", correct, at, earned)


async def test_question_round_trip(any_store: Store) -> None:
    stored = question(daily=date(2026, 3, 2))
    await any_store.add_question(stored)
    assert await any_store.question("q1") == stored
    assert await any_store.question("nope") is None


async def test_open_question_is_the_public_unclosed_one(any_store: Store) -> None:
    await any_store.add_question(question("p", private_to=f"{SCOPE}:alice"))
    assert await any_store.open_question_in(PLACE, daily=False) is None
    await any_store.add_question(question("q"))
    found = await any_store.open_question_in(PLACE, daily=False)
    assert found is not None and found.id == "q"
    assert await any_store.close_question("q", T0)
    assert await any_store.open_question_in(PLACE, daily=False) is None


async def test_one_open_question_of_each_kind_per_place(any_store: Store) -> None:
    await any_store.add_question(question("day", daily=date(2026, 3, 2)))
    assert await any_store.open_question_in(PLACE, daily=False) is None
    await any_store.add_question(question("adhoc"))
    adhoc = await any_store.open_question_in(PLACE, daily=False)
    daily = await any_store.open_question_in(PLACE, daily=True)
    assert (adhoc and adhoc.id, daily and daily.id) == ("adhoc", "day")
    assert await any_store.open_question_in(f"{SCOPE}:random", daily=True) is None


async def test_close_is_won_once(any_store: Store) -> None:
    await any_store.add_question(question())
    results = await asyncio.gather(*(any_store.close_question("q1", T0) for _ in range(10)))
    assert results.count(True) == 1
    closed = await any_store.question("q1")
    assert closed is not None and closed.closed == T0


async def test_due_questions_and_next_closing(any_store: Store) -> None:
    await any_store.add_question(question("a"))
    assert await any_store.next_closing() == T0 + timedelta(minutes=5)
    assert await any_store.due_questions(T0) == []
    due = await any_store.due_questions(T0 + timedelta(minutes=5))
    assert [q.id for q in due] == ["a"]


async def test_first_answer_counts_and_scores_add_up(any_store: Store) -> None:
    q = question()
    await any_store.add_question(q)
    first = await any_store.record_answer(q, said("alice", True))
    assert first == Accepted(True, 10, 0)
    again = await any_store.record_answer(q, said("alice", False))
    assert again == AlreadyAnswered(True)
    assert await any_store.record_answer(q, said("bob", False)) == Accepted(False, 0, 0)
    alice = await any_store.score(SCOPE, f"{SCOPE}:alice")
    assert alice is not None
    assert (alice.points, alice.answered, alice.correct, alice.rank) == (10, 1, 1, 1)
    assert alice.name == "Alice"
    bob = await any_store.score(SCOPE, f"{SCOPE}:bob")
    assert bob is not None and (bob.points, bob.answered, bob.rank) == (0, 1, 2)
    names = [a.name for a in await any_store.answers("q1")]
    assert names == ["Alice", "Bob"]


async def test_answers_after_closing_are_refused(any_store: Store) -> None:
    q = question()
    await any_store.add_question(q)
    late = said("alice", True, at=q.closes)
    assert await any_store.record_answer(q, late) == Closed()
    await any_store.close_question("q1", T0)
    assert await any_store.record_answer(q, said("bob", True)) == Closed()
    assert await any_store.answers("q1") == []


async def test_practice_answers_never_score(any_store: Store) -> None:
    q = question(private_to=f"{SCOPE}:alice")
    await any_store.add_question(q)
    assert await any_store.record_answer(q, said("alice", True, points=0)) == Accepted(True, 0, 0)
    assert await any_store.score(SCOPE, f"{SCOPE}:alice") is None
    assert await any_store.leaderboard(SCOPE) == []


async def test_daily_streaks_grow_reset_on_wrong_and_on_missed(any_store: Store) -> None:
    days = [date(2026, 3, d) for d in (2, 3, 4, 5)]
    qs = [question(f"d{i}", daily=d) for i, d in enumerate(days)]
    for q, d in zip(qs[:2], days[:2], strict=True):
        await any_store.add_question(q)
        result = await any_store.record_answer(q, said("alice", True, points=20))
        assert isinstance(result, Accepted)
        await any_store.close_question(q.id, T0)
        await any_store.end_daily(q, d)
    assert result.streak == 2
    # Day 3: alice misses it; closing the daily ends her streak.
    await any_store.add_question(qs[2])
    await any_store.close_question(qs[2].id, T0)
    assert await any_store.end_daily(qs[2], days[2]) == 1
    await any_store.add_question(qs[3])
    alice = await any_store.score(SCOPE, f"{SCOPE}:alice")
    assert alice is not None and (alice.streak, alice.best_streak) == (0, 2)
    # Day 4: a wrong answer keeps it at zero.
    wrong = await any_store.record_answer(qs[3], said("alice", False))
    assert wrong == Accepted(False, 0, 0)


async def test_a_streak_counts_one_daily_per_local_day(any_store: Store) -> None:
    """Two channels' dailies of the same date: answering both extends the streak once."""
    monday, tuesday = date(2026, 3, 2), date(2026, 3, 3)
    here = question("here", daily=monday)
    there = question("there", place=f"{SCOPE}:random", daily=monday)
    wrong_there = question("wrong", place=f"{SCOPE}:third", daily=tuesday)
    for q in (here, there, wrong_there):
        assert await any_store.add_question(q)
    assert await any_store.record_answer(here, said("alice", True, points=20)) == Accepted(
        True, 20, 1
    )
    # The second daily of the day still scores its points, but the day is already counted.
    assert await any_store.record_answer(there, said("alice", True, points=20)) == Accepted(
        True, 20, 1
    )
    alice = await any_store.score(SCOPE, f"{SCOPE}:alice")
    assert alice is not None and (alice.points, alice.streak, alice.best_streak) == (40, 1, 1)
    tuesday_here = question("tue", daily=tuesday)
    await any_store.close_question(here.id, T0)  # the next daily closes the previous one
    assert await any_store.add_question(tuesday_here)
    await any_store.record_answer(tuesday_here, said("alice", True, points=20))
    # Tuesday is counted: a wrong answer to another channel's Tuesday daily takes nothing away.
    late = await any_store.record_answer(wrong_there, said("alice", False, points=0))
    assert late == Accepted(False, 0, 2)


async def test_leaderboard_ranks_ties_stably_and_filters(any_store: Store) -> None:
    other = question("q2", place=f"{SCOPE}:random")
    first = question("q1")
    for q in (first, other):
        await any_store.add_question(q)
    for user in ("carol", "alice", "bob"):
        await any_store.record_answer(first, said(user, True))
    await any_store.record_answer(
        other, said("dave", True, at=T0 + timedelta(minutes=1), points=30)
    )
    board = await any_store.leaderboard(SCOPE)
    assert [(s.name, s.rank) for s in board] == [
        ("Dave", 1),
        ("Alice", 2),
        ("Bob", 2),
        ("Carol", 2),
    ]
    channel = await any_store.leaderboard(SCOPE, place=PLACE)
    assert [s.name for s in channel] == ["Alice", "Bob", "Carol"]
    recent = await any_store.leaderboard(SCOPE, since=T0 + timedelta(seconds=30))
    assert [s.name for s in recent] == ["Dave"]
    assert [s.name for s in await any_store.leaderboard(SCOPE, limit=2)] == ["Dave", "Alice"]
    carol = await any_store.rank(SCOPE, f"{SCOPE}:carol")
    assert carol is not None and carol.rank == 2
    assert await any_store.leaderboard("discord:elsewhere") == []


async def test_schedules_replace_and_remove(any_store: Store) -> None:
    first = Schedule(PLACE, SCOPE, "09:00", "Europe/Paris", (0, 1, 2, 3, 4), "alice")
    await any_store.set_schedule(first)
    moved = Schedule(PLACE, SCOPE, "10:30", "UTC", (5, 6), "bob")
    await any_store.set_schedule(moved)
    assert await any_store.schedules() == [moved]
    since = replace(moved, since=T0 + timedelta(hours=1))
    await any_store.set_schedule(since)
    assert await any_store.schedules() == [since]
    assert await any_store.schedules("discord:other") == []
    assert await any_store.remove_schedule(PLACE)
    assert not await any_store.remove_schedule(PLACE)
    assert await any_store.schedules(SCOPE) == []


async def test_daily_claim_is_won_once_per_place_and_date(any_store: Store) -> None:
    day = date(2026, 3, 2)
    claims = await asyncio.gather(
        *(any_store.claim_daily(PLACE, day, T0, f"i{n}") for n in range(8))
    )
    assert claims.count(True) == 1
    assert await any_store.claim_daily(PLACE, day + timedelta(days=1), T0, "i0")
    assert await any_store.claim_daily(f"{SCOPE}:other", day, T0, "i0")
    q = question("daily", daily=day)
    await any_store.add_question(q)
    await any_store.set_daily_question(PLACE, day, "daily")
    last = await any_store.last_daily(PLACE)
    assert last is not None and last.id == "daily"


async def test_lookup_log_counts_hits_and_misses(any_store: Store) -> None:
    for query, outcome, entry in [
        ("mlops", "found", "mlops"),
        ("MLOps", "found", "mlops"),
        ("mae", "ambiguous", ""),
        ("Pizza", "not_found", ""),
        ("pizza", "not_found", ""),
        ("kubernetes", "not_found", ""),
    ]:
        await any_store.log_lookup(SCOPE, "u", query, outcome, entry, T0)
    assert await any_store.top_entries(SCOPE, 5) == [("mlops", 2)]
    assert await any_store.top_misses(SCOPE, 5) == [("pizza", 2), ("kubernetes", 1)]
    assert await any_store.top_misses("discord:x", 5) == []
    await any_store.log_lookup(SCOPE, "u", "old", "not_found", "", T0 - timedelta(days=200))
    assert await any_store.prune_lookups(T0 - timedelta(days=1)) == 1
    assert ("old", 1) not in await any_store.top_misses(SCOPE, 5)
    assert await any_store.top_entries(SCOPE, 5) == [("mlops", 2)]


async def test_a_closed_store_has_written_every_lookup_it_queued(any_store: Store) -> None:
    """Lookups are written after the reply (queued, then written together): closing the
    store writes what is still queued, so another connection sees every one."""
    writer = same_database(any_store)
    await writer.open()
    for n in range(30):
        await writer.log_lookup(SCOPE, f"u{n}", "pizza", "not_found", "", T0)
    await writer.close()
    assert await any_store.top_misses(SCOPE, 5) == [("pizza", 30)]


async def test_reviews_round_trip(any_store: Store) -> None:
    review = Review("mlops", '{"card_id": 1}', T0 + timedelta(days=2), 1)
    await any_store.save_review("u", review)
    assert await any_store.reviews("u") == {"mlops": review}
    await any_store.save_review("u", Review("mlops", "{}", T0, 2))
    assert (await any_store.reviews("u"))["mlops"].lapses == 2
    assert await any_store.reviews("someone else") == {}


async def test_reopening_keeps_data_and_schema_version(tmp_path: Path) -> None:
    path = tmp_path / "again.db"
    first = SqliteStore(path)
    await first.open()
    await first.add_question(question())
    await first.close()
    second = SqliteStore(path)
    await second.open()
    try:
        assert await second.question("q1") is not None
        row = await second._one("PRAGMA user_version")
        assert row[0] == len(MIGRATIONS)
        mode = await second._one("PRAGMA journal_mode")
        assert mode[0] == "wal"
    finally:
        await second.close()


async def test_one_group_commit_gives_each_answer_its_own_outcome(any_store: Store) -> None:
    """Answers arriving together share a transaction (and, in SQLite, one INSERT): each
    still gets what it would alone, in arrival order, streaks included."""
    monday, tuesday = date(2026, 3, 2), date(2026, 3, 3)
    # One open question per channel and kind: each lives in its own channel.
    open_q, closed_q = question("open"), question("closed", place=f"{SCOPE}:old")
    daily_mon = question("mon", daily=monday)
    daily_tue = question("tue", place=f"{SCOPE}:random", daily=tuesday)
    for q in (open_q, closed_q, daily_mon, daily_tue):
        assert await any_store.add_question(q)
    await any_store.close_question("closed", T0)
    assert await any_store.record_answer(open_q, said("carol", True)) == Accepted(True, 10, 0)
    together = [
        (open_q, said("alice", True)),
        (open_q, said("alice", False, choice=3)),  # her second click, in the same group
        (closed_q, said("bob", True)),
        (open_q, said("carol", False)),  # answered before this group
        (daily_mon, said("bob", True, points=20)),
        (daily_tue, said("bob", True, points=20)),
        (open_q, said("bob", False)),
    ]
    results = await asyncio.gather(*(any_store.record_answer(q, a) for q, a in together))
    assert results == [
        Accepted(True, 10, 0),
        AlreadyAnswered(True),
        Closed(),
        AlreadyAnswered(True),
        Accepted(True, 20, 1),
        Accepted(True, 20, 2),
        Accepted(False, 0, 0),
    ]
    answered = {a.user: a.choice for a in await any_store.answers("open")}
    assert answered == {f"{SCOPE}:carol": 0, f"{SCOPE}:alice": 0, f"{SCOPE}:bob": 0}
    bob = await any_store.score(SCOPE, f"{SCOPE}:bob")
    assert bob is not None and (bob.points, bob.answered, bob.streak) == (40, 3, 2)


async def test_one_open_flag_per_user_and_entry_until_resolved(any_store: Store) -> None:
    assert await any_store.add_flag(SCOPE, "mlops", "u1", "outdated", "moved on", T0)
    assert not await any_store.add_flag(SCOPE, "mlops", "u1", "wrong", "", T0 + timedelta(1))
    assert await any_store.add_flag(
        SCOPE, "mlops", "u2", "unclear", "what is it?", T0 + timedelta(2)
    )
    assert await any_store.add_flag(SCOPE, "gan", "u1", "wrong", "", T0)
    assert await any_store.add_flag("slack:T2", "mlops", "u1", "wrong", "", T0)  # another workspace
    [mlops, gan] = await any_store.open_flags(SCOPE)
    assert (mlops.entry_id, mlops.count, mlops.latest_reason) == ("mlops", 2, "unclear")
    assert mlops.latest_note == "what is it?" and mlops.latest_at == T0 + timedelta(2)
    assert (gan.entry_id, gan.count) == ("gan", 1)
    assert await any_store.resolve_flags(SCOPE, "mlops", T0 + timedelta(3)) == 2
    assert await any_store.resolve_flags(SCOPE, "mlops", T0 + timedelta(3)) == 0
    assert [f.entry_id for f in await any_store.open_flags(SCOPE)] == ["gan"]
    assert await any_store.add_flag(SCOPE, "mlops", "u1", "wrong", "again", T0 + timedelta(4))


async def test_a_delivery_is_first_once_per_window_across_callers(any_store: Store) -> None:
    window = timedelta(minutes=10)
    firsts = await asyncio.gather(
        *(any_store.first_delivery("event_id:Ev1", T0, window) for _ in range(6))
    )
    assert firsts.count(True) == 1
    assert await any_store.first_delivery("event_id:Ev2", T0, window)
    later = T0 + timedelta(minutes=9)
    assert not await any_store.first_delivery("event_id:Ev1", later, window)
    # Past its window the identity is forgotten: a new delivery with it runs.
    assert await any_store.first_delivery("event_id:Ev1", T0 + window, window)


async def test_concurrent_deliveries_each_get_their_own_answer(any_store: Store) -> None:
    """Many checks at once (one group commit on SQLite): new ones run, repeats do not."""
    window = timedelta(minutes=10)
    assert await any_store.first_delivery("trigger_id:old", T0, window)
    keys = [f"trigger_id:t{n}" for n in range(40)] + ["trigger_id:old", "trigger_id:t3"]
    firsts = await asyncio.gather(
        *(any_store.first_delivery(k, T0 + timedelta(seconds=1), window) for k in keys)
    )
    assert firsts == [True] * 40 + [False, False]
    again = await asyncio.gather(
        *(any_store.first_delivery(k, T0 + window + timedelta(seconds=2), window) for k in keys)
    )
    assert again == [True] * 40 + [True, False]  # expired: each runs once more


def same_database(store: Store) -> Store:
    """A second store on `store`'s database (another process's view, its own connection)."""
    if isinstance(store, SqliteStore):
        return SqliteStore(store.path)
    from bot.store.pg import PostgresStore

    assert isinstance(store, PostgresStore)
    return PostgresStore(store.url)


async def test_a_lease_has_one_holder_until_it_expires(any_store: Store) -> None:
    ttl = timedelta(seconds=30)
    assert await any_store.hold_lease("scheduler", "a", ttl, T0)
    assert not await any_store.hold_lease("scheduler", "b", ttl, T0 + timedelta(seconds=29))
    # Its holder renews it, and the renewal moves the expiry.
    assert await any_store.hold_lease("scheduler", "a", ttl, T0 + timedelta(seconds=20))
    assert not await any_store.hold_lease("scheduler", "b", ttl, T0 + timedelta(seconds=49))
    # Once expired, anyone may take it, and the old holder no longer has it.
    assert await any_store.hold_lease("scheduler", "b", ttl, T0 + timedelta(seconds=50))
    assert not await any_store.hold_lease("scheduler", "a", ttl, T0 + timedelta(seconds=51))
    # Names are independent.
    assert await any_store.hold_lease("discord:0-1", "a", ttl, T0 + timedelta(seconds=51))


async def test_a_released_lease_is_free_at_once_and_only_its_holder_releases(
    any_store: Store,
) -> None:
    ttl = timedelta(seconds=30)
    assert await any_store.hold_lease("scheduler", "a", ttl, T0)
    await any_store.release_lease("scheduler", "b")  # not b's: nothing changes
    assert not await any_store.hold_lease("scheduler", "b", ttl, T0)
    await any_store.release_lease("scheduler", "a")
    assert await any_store.hold_lease("scheduler", "b", ttl, T0)
    await any_store.release_lease("nothing-held", "a")  # releasing a free name is fine


async def test_of_many_instances_asking_at_once_one_holds_the_lease(any_store: Store) -> None:
    others = [same_database(any_store) for _ in range(3)]
    for other in others:
        await other.open()
    try:
        stores = [any_store, *others]
        ttl = timedelta(seconds=30)
        held = await asyncio.gather(
            *(
                s.hold_lease("scheduler", f"instance-{n}-{i}", ttl, T0)
                for n, s in enumerate(stores)
                for i in range(4)
            )
        )
        assert held.count(True) == 1
        winner = [f"instance-{n}-{i}" for n in range(len(stores)) for i in range(4)][
            held.index(True)
        ]
        # Every store sees the same holder: it renews, the others are refused.
        later = T0 + timedelta(seconds=10)
        assert await others[-1].hold_lease("scheduler", winner, ttl, later)
        assert not await any_store.hold_lease("scheduler", "late", ttl, later)
    finally:
        for other in others:
            await other.close()


BOT = InstallKey("slack", "T1")
"""A workspace's own installation record (its bot)."""


async def test_installations_are_filed_by_workspace_and_user(any_store: Store) -> None:
    await any_store.save_installation(BOT, {"bot_token": "xoxb-1", "n": [1, "ü"]}, T0)
    await any_store.save_installation(replace(BOT, user="U1"), {"user_token": "xoxp-1"}, T0)
    later = T0 + timedelta(minutes=1)
    await any_store.save_installation(replace(BOT, user="U2"), {"user_token": "xoxp-2"}, later)
    await any_store.save_installation(InstallKey("slack", "T2"), {"bot_token": "xoxb-2"}, T0)
    found = await any_store.find_installation("slack", "T1")
    assert found == {"bot_token": "xoxb-1", "n": [1, "ü"]}
    assert await any_store.find_installation("slack", "T1", user="U1") == {"user_token": "xoxp-1"}
    # user=None: the newest user's record, never the workspace's own.
    assert await any_store.find_installation("slack", "T1", user=None) == {"user_token": "xoxp-2"}
    assert await any_store.find_installation("slack", "T2") == {"bot_token": "xoxb-2"}
    assert await any_store.find_installation("discord", "T1") is None
    assert await any_store.find_installation("slack", "T3") is None
    # Saving again replaces the record (a reinstall, a rotated token).
    await any_store.save_installation(BOT, {"bot_token": "xoxb-1b"}, later)
    assert await any_store.find_installation("slack", "T1") == {"bot_token": "xoxb-1b"}


async def test_an_enterprise_narrows_a_lookup_and_none_matches_any(any_store: Store) -> None:
    await any_store.save_installation(InstallKey("slack", "T1", "E1"), {"bot_token": "a"}, T0)
    assert await any_store.find_installation("slack", "T1", enterprise="E1") == {"bot_token": "a"}
    assert await any_store.find_installation("slack", "T1") == {"bot_token": "a"}
    assert await any_store.find_installation("slack", "T1", enterprise="") is None
    assert await any_store.find_installation("slack", "T1", enterprise="E2") is None


async def test_deleting_installations_forgets_one_user_or_the_whole_workspace(
    any_store: Store,
) -> None:
    for key in (BOT, replace(BOT, user="U1"), replace(BOT, user="U2"), InstallKey("slack", "T2")):
        await any_store.save_installation(key, {"token": key.team + key.user}, T0)
    assert await any_store.delete_installations("slack", "T1", user="U1") == 1
    assert await any_store.find_installation("slack", "T1", user="U1") is None
    assert await any_store.delete_installations("slack", "T1", user="") == 1  # the bot's
    assert await any_store.find_installation("slack", "T1") is None
    assert await any_store.find_installation("slack", "T1", user="U2") == {"token": "T1U2"}
    await any_store.save_installation(BOT, {"token": "again"}, T0)
    assert await any_store.delete_installations("slack", "T1") == 2  # everything left in T1
    assert await any_store.find_installation("slack", "T1", user=None) is None
    assert await any_store.delete_installations("slack", "T1") == 0
    assert await any_store.find_installation("slack", "T2") == {"token": "T2"}  # untouched


async def test_an_install_state_is_consumed_once_and_only_before_it_expires(
    any_store: Store,
) -> None:
    ttl = timedelta(minutes=10)
    await any_store.issue_state("s1", T0, ttl)
    await any_store.issue_state("s2", T0, ttl)
    consumed = await asyncio.gather(*(any_store.consume_state("s1", T0) for _ in range(4)))
    assert consumed.count(True) == 1
    assert not await any_store.consume_state("forged", T0)
    assert not await any_store.consume_state("s2", T0 + ttl)  # expired: refused
    assert not await any_store.consume_state("s2", T0)  # and forgotten
    # Issuing forgets expired states, and keeps the live ones.
    await any_store.issue_state("s3", T0, ttl)
    await any_store.issue_state("s4", T0 + ttl, ttl)
    assert not await any_store.consume_state("s3", T0)
    await any_store.issue_state("s5", T0 + ttl, ttl)
    assert await any_store.consume_state("s4", T0 + ttl)
