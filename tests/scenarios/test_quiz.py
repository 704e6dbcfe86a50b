"""Playing in the console: quizzes, answers by several users, reveals, free answers, faults."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

import pytest

from adapters.console import ConsoleSession
from adapters.console.outbox import ConsoleOutbox
from adapters.console.session import CHANNEL
from bot import scheduler
from bot.core import Core
from bot.quiz.replies import question_reply
from bot.replies import Card, ErrorText, Reply, Style, Text
from tests.conftest import FakeClock

# The quiz and scheduler behave the same on both stores (tests/conftest.py).
pytestmark = pytest.mark.both_stores


def text_of(reply: Reply) -> str:
    return "\n".join(
        p.body if isinstance(p, Text | ErrorText) else f"{p.title}\n{p.body}" for p in reply.parts
    )


@pytest.fixture
def alice(core: Core) -> ConsoleSession:
    return ConsoleSession(core, "alice", admin=True)


@pytest.fixture
def bob(core: Core) -> ConsoleSession:
    return ConsoleSession(core, "bob", admin=False)


async def respond(session: ConsoleSession, question: Reply, *, right: bool) -> list[Reply]:
    """Answer a question as a user would: press an option, or type into the answer form."""
    qid = question.buttons[0].action.args[0]
    stored = await session.core.store.question(qid)
    assert stored is not None
    q = stored.question
    if q.is_free:
        await session.click(question.buttons[0])
        return await session.send(q.answer if right else "Mistral AI Company")
    choice = q.correct if right else (q.correct + 1) % len(q.options)
    return await session.click(question.buttons[choice])


async def open_quiz(session: ConsoleSession, kind: str = "definition") -> tuple[Reply, str, int]:
    [reply] = await session.send(f"/quiz {kind}")
    question_id = reply.buttons[0].action.args[0]
    stored = await session.core.store.question(question_id)
    assert stored is not None
    return reply, question_id, stored.question.correct


async def test_several_users_answer_and_the_reveal_names_who_was_right(
    alice: ConsoleSession, bob: ConsoleSession, outbox: ConsoleOutbox
) -> None:
    reply, _, correct = await open_quiz(alice)
    assert isinstance(reply.parts[0], Card)
    assert not reply.private
    assert len(reply.buttons) == 4
    [right] = await alice.send(str(correct + 1))
    assert "Correct! +10 points" in text_of(right)
    [wrong] = await bob.click(reply.buttons[(correct + 1) % 4])
    assert "Not quite" in text_of(wrong)
    [again] = await bob.click(reply.buttons[correct])
    assert "already answered" in text_of(again)
    [closed] = await alice.send("/quizadmin close")
    assert "Closed question" in text_of(closed)
    (_, ref, edited), (_, _, reveal) = outbox.posts
    assert ref == "c1"  # the console reported the posted question's message
    assert all(b.disabled for b in edited.buttons)
    assert [b.style for b in edited.buttons].count(Style.SUCCESS) == 1
    who = next(f.value for f in reveal.parts[0].fields if f.name == "Who was right")  # type: ignore[union-attr]
    assert who == "Right (1 of 2): alice."
    [late] = await bob.click(reply.buttons[correct])
    assert "This question has closed" in text_of(late)


async def test_scores_and_leaderboard_after_play(
    alice: ConsoleSession, bob: ConsoleSession
) -> None:
    question, _, correct = await open_quiz(alice)
    await alice.send(str(correct + 1))
    await bob.click(question.buttons[correct])
    [score] = await alice.send("/score")
    fields = {f.name: f.value for f in score.parts[0].fields}  # type: ignore[union-attr]
    assert fields["Points"] == "10"
    assert fields["Accuracy"] == "100%"
    assert fields["Rank"] == "#1"
    [board] = await bob.send("/leaderboard week channel")
    body = board.parts[0].body  # type: ignore[union-attr]
    assert "1. **alice**: 10 pts" in body
    assert "1. **bob**: 10 pts" in body and "← you" in body
    [theirs] = await bob.send("/score alice")
    assert "Score: alice" in text_of(theirs)
    [nobody] = await bob.send("/score carol")
    assert "haven't answered" in text_of(nobody)


async def test_caller_outside_the_top_ten_sees_their_rank(
    core: Core, alice: ConsoleSession
) -> None:
    question, _, correct = await open_quiz(alice)
    for n in range(12):
        player = ConsoleSession(core, f"p{n:02d}", admin=False)
        await player.click(question.buttons[correct])
    late = ConsoleSession(core, "zed", admin=False)
    await late.click(question.buttons[(correct + 1) % 4])
    [board] = await late.send("/leaderboard")
    lines = board.parts[0].body.splitlines()  # type: ignore[union-attr]
    assert len(lines) == 12
    assert lines[10] == "…"
    assert lines[11].startswith("13. **zed**: 0 pts") and lines[11].endswith("← you")


async def test_a_second_quiz_while_one_is_open_shows_it_again(alice: ConsoleSession) -> None:
    _, qid, _ = await open_quiz(alice)
    assert qid
    [again] = await alice.send("/quiz")
    assert "still open" in text_of(again)
    assert again.private
    assert again.buttons[0].action.args[0] == qid


async def post_daily_here(core: Core, clock: FakeClock) -> str:
    """Schedule a daily in the console's own channel and let it post; its question id."""
    [scheduled] = await ConsoleSession(core, "root").send(f"/quizadmin schedule {CHANNEL} 10:00")
    assert not scheduled.is_error, text_of(scheduled)
    await clock.set(clock.now().replace(hour=10))
    assert await scheduler.tick(core) == [f"console:local:{CHANNEL}"]
    daily = await core.store.open_question_in(f"console:local:{CHANNEL}", daily=True)
    assert daily is not None
    return daily.id


async def test_an_open_daily_does_not_lock_quiz_in_its_channel(
    alice: ConsoleSession, core: Core, clock: FakeClock
) -> None:
    daily_id = await post_daily_here(core, clock)
    reply, quiz_id, _ = await open_quiz(alice)
    assert "still open" not in text_of(reply) and quiz_id != daily_id
    [again] = await alice.send("/quiz")
    assert "still open" in text_of(again) and again.buttons[0].action.args[0] == quiz_id
    # Closing picks the quiz first, then the daily; each is named.
    [first] = await alice.send("/quizadmin close")
    assert f"Closed question {quiz_id} (the quiz)" in text_of(first)
    [second] = await alice.send("/quizadmin close")
    assert f"Closed question {daily_id} (the daily question)" in text_of(second)
    [none] = await alice.send("/quizadmin close daily")
    assert none.is_error and "no open daily question" in text_of(none)


async def test_answering_two_dailies_on_one_day_counts_one_streak_day(
    alice: ConsoleSession, core: Core, clock: FakeClock
) -> None:
    await post_daily_here(core, clock)
    [elsewhere] = await alice.send("/quizadmin schedule zz 10:30")
    assert not elsewhere.is_error
    await clock.advance(timedelta(minutes=30))
    assert await scheduler.tick(core) == ["console:local:zz"]
    for place in (CHANNEL, "zz"):
        daily = await core.store.open_question_in(f"console:local:{place}", daily=True)
        assert daily is not None
        [verdict] = await respond(alice, question_reply(daily), right=True)
        assert "Daily streak: 1." in text_of(verdict), place
    [score] = await alice.send("/score")
    fields = {f.name: f.value for f in score.parts[0].fields}  # type: ignore[union-attr]
    assert (fields["Points"], fields["Daily streak"]) == ("40", "1 (best 1)")


async def test_expired_question_is_revealed_by_the_background_close(
    alice: ConsoleSession, core: Core, clock: FakeClock
) -> None:
    await open_quiz(alice)
    await clock.advance(timedelta(minutes=5))
    from bot.quiz import engine

    assert await engine.close_due(core) == 1
    assert await engine.close_due(core) == 0
    [next_one] = await alice.send("/quiz")
    assert "still open" not in text_of(next_one)


async def test_free_answer_through_the_form(alice: ConsoleSession, bob: ConsoleSession) -> None:
    reply, qid, _ = await open_quiz(alice, "free")
    stored = await alice.core.store.question(qid)
    assert stored is not None
    [button] = reply.buttons
    assert button.label == "Answer"
    [form] = await alice.send("1")
    assert form.form is not None and form.private
    [verdict] = await alice.send(stored.question.answer.lower() + "x")  # a typo is forgiven
    assert "Correct!" in text_of(verdict)
    await bob.click(button)
    [wrong] = await bob.send("Mistral AI Company")
    assert "Not quite" in text_of(wrong)


async def test_bad_answers_change_nothing(alice: ConsoleSession, core: Core) -> None:
    _, qid, correct = await open_quiz(alice)
    ctx = alice.context()
    for action, message in [
        ("answer:deadbeef:0", "no longer exists"),
        (f"answer:{qid}:9", "not one of the options"),
        (f"answer:{qid}:x", "not one of the options"),
        ("answer", "not one of mine"),
    ]:
        reply = await core.click(ctx, action)
        assert reply.is_error and message in text_of(reply), action
    stranger = replace(ctx, workspace="elsewhere")
    reply = await core.click(stranger, f"answer:{qid}:{correct}")
    assert "another workspace" in text_of(reply)
    assert await core.store.answers(qid) == []


async def test_practice_is_private_and_never_scores(alice: ConsoleSession) -> None:
    [question] = await alice.send("/practice")
    assert question.private
    [verdict] = await respond(alice, question, right=True)
    assert verdict.private
    assert "Correct!" in text_of(verdict)
    assert verdict.buttons[0].label == "Next question"
    reviews = await alice.core.store.reviews(alice.context().user)
    assert len(reviews) == 1
    [next_question] = await alice.send("1")
    assert next_question.private and next_question.buttons
    [score] = await alice.send("/score")
    assert "haven't answered" in text_of(score)


async def test_practice_brings_back_a_missed_entry_first(
    alice: ConsoleSession, core: Core, clock: FakeClock
) -> None:
    [question] = await alice.send("/practice")
    qid = question.buttons[0].action.args[0]
    stored = await core.store.question(qid)
    assert stored is not None
    [verdict] = await respond(alice, question, right=False)
    assert "Not quite" in text_of(verdict)
    await clock.advance(timedelta(hours=1))
    [again] = await alice.send("/practice")
    again_id = again.buttons[0].action.args[0]
    repeat = await core.store.question(again_id)
    assert repeat is not None and repeat.question.entry_id == stored.question.entry_id


async def test_admin_commands_are_refused_to_members(bob: ConsoleSession) -> None:
    for line in (
        "/quizadmin schedule #general 09:00",
        "/quizadmin close",
        "/glossary status",
        "/quizadmin schedules",
    ):
        [reply] = await bob.send(line)
        assert reply.is_error and "Only admins" in text_of(reply), line


async def test_scheduling_validates_and_lists(alice: ConsoleSession) -> None:
    for line, message in [
        ("/quizadmin schedule #general 25:00", "not a time"),
        ("/quizadmin schedule #general 09:00 Mars/Olympus", "unknown time zone 'Mars/Olympus'"),
        ("/quizadmin schedule #general 09:00 Europe/Paris someday", "“someday” is not a day"),
        ("/quizadmin schedule #general 09:00 daily extra", "“extra” is not a day"),
        ("/quizadmin schedule #general 09:00 mon-", "“mon-” is a range with a missing end"),
        ("/quizadmin schedule gen@ral 09:00", "not a channel name"),
        ("/quizadmin unschedule #general", "has no daily quiz"),
    ]:
        [reply] = await alice.send(line)
        assert reply.is_error and message in text_of(reply), line
    assert await alice.core.store.schedules() == []
    [ok] = await alice.send("/quizadmin schedule #general 09:30 Europe/Paris weekdays")
    assert "#general at 09:30 Europe/Paris, weekdays" in text_of(ok).replace("<#", "#").replace(
        ">", ""
    )
    [utc] = await alice.send("/quizadmin schedule #random 18:00 weekends")
    assert "18:00 UTC, weekends" in text_of(utc)
    [lower] = await alice.send("/quizadmin schedule zz 07:15 europe/paris")
    assert "07:15 Europe/Paris, daily" in text_of(lower)
    [listing] = await alice.send("/quizadmin schedules")
    assert "general" in text_of(listing) and "random" in text_of(listing)
    [gone] = await alice.send("/quizadmin unschedule #general")
    assert "No more daily posts" in text_of(gone)


async def test_glossary_status_shows_lookups_and_misses(alice: ConsoleSession) -> None:
    for line in (
        "/define mlops",
        "/define mlops",
        "/define pizza",
        "/define Pizza",
        "/define mrkl",
    ):
        await alice.send(line)
    [status] = await alice.send("/glossary status")
    fields = {f.name: f.value for f in status.parts[0].fields}  # type: ignore[union-attr]
    assert "ML glossary, letter M: 168" in fields["Entries per source"]
    assert fields["Most looked up"] == "MLOps (2)"
    assert fields["Not found (add these?)"] == "“pizza” (2)"
    assert "warnings" in fields["Loaded"]
