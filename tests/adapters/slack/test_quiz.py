"""Quizzes on Slack: posted questions, answers by several users, the free-answer modal, the
reveal (`chat.update` plus a post), practice, and the daily post through the Outbox."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from bot.core import Core
from bot.store import StoredQuestion
from tests.adapters.slack.harness import ALICE, BOB, CAROL, GENERAL, SlackHarness
from tests.adapters.slack.mock_api import TEAM, MockSlackApi
from tests.adapters.slack.test_blocks import assert_within_limits
from tests.adapters.slack.test_commands import buttons_of, reply_of
from tests.conftest import FakeClock


async def posted_question(slack: SlackHarness, api: MockSlackApi, kind: str) -> StoredQuestion:
    """Run `/quiz kind` and return the stored question the posted message shows."""
    await slack.command("/quiz", kind)
    post = api.of("chat.postMessage")[-1]
    assert post.params["channel"] == GENERAL
    assert_within_limits(post.params)
    question_id = str(buttons_of(post)[0]["action_id"]).split(":")[1]
    stored = await slack.bot.core.store.question(question_id)
    assert stored is not None
    return stored


async def test_a_quiz_answered_by_several_users_then_revealed(
    slack: SlackHarness, api: MockSlackApi, core: Core, clock: FakeClock
) -> None:
    stored = await posted_question(slack, api, "definition")
    # The bot told the core which message shows the question (Core.posted) before settling.
    assert stored.message_ref == api.of("chat.postMessage")[0].answer["ts"]
    buttons = [str(b["action_id"]) for b in buttons_of(api.of("chat.postMessage")[0])]
    assert buttons == [f"answer:{stored.id}:{n}" for n in range(4)]
    right, wrong = buttons[stored.question.correct], buttons[(stored.question.correct + 1) % 4]
    at = {"message_ts": stored.message_ref}
    await slack.click(right, user=ALICE, **at)
    await slack.click(wrong, user=BOB, **at)
    await slack.click(right, user=CAROL, **at)
    await slack.click(right, user=BOB, **at)  # a second answer does not count
    feedback = api.of("respond")
    assert all(c.params["response_type"] == "ephemeral" for c in feedback)
    assert [reply_of(c).split(".")[0] for c in feedback] == [
        "Correct! +10 points",
        "Not quite",
        "Correct! +10 points",
        "You already answered this one (the first answer is the one that counts)",
    ]
    assert not api.of("chat.update")

    await clock.advance(timedelta(minutes=core.config.quiz.close_minutes))
    await clock.settled()
    [update] = api.of("chat.update")
    assert (update.params["channel"], update.params["ts"]) == (GENERAL, stored.message_ref)
    assert all(b["type"] != "actions" for b in update.params["blocks"])  # nothing to click
    assert ":white_check_mark:" in reply_of(update)
    assert_within_limits(update.params)
    reveal = api.of("chat.postMessage")[1]
    assert reveal.params["channel"] == GENERAL
    assert "Right (2 of 3): alice, carol." in reply_of(reveal)
    assert len(await core.store.answers(stored.id)) == 3


async def test_a_free_answer_is_typed_into_a_modal(
    slack: SlackHarness, api: MockSlackApi, core: Core
) -> None:
    stored = await posted_question(slack, api, "free")
    [answer] = buttons_of(api.of("chat.postMessage")[0])
    assert answer["action_id"] == f"free:{stored.id}"
    await slack.click(str(answer["action_id"]), user=BOB)
    [opened] = api.of("views.open")
    view = opened.params["view"]
    assert view["type"] == "modal" and view["callback_id"] == "glossbot:form"
    assert opened.params["trigger_id"].startswith("trigger-")
    await slack.submit(view, stored.question.answer.lower(), user=BOB)
    [verdict] = api.of("chat.postEphemeral")
    assert (verdict.params["channel"], verdict.params["user"]) == (GENERAL, BOB.id)
    assert "Correct! +10 points" in reply_of(verdict)

    await slack.click(str(answer["action_id"]), user=CAROL)
    await slack.submit(api.of("views.open")[1].params["view"], "Mistral AI Company", user=CAROL)
    assert "Not quite" in reply_of(api.of("chat.postEphemeral")[1])
    answers = await core.store.answers(stored.id)
    assert [(a.name, a.correct) for a in answers] == [("bob", True), ("carol", False)]


async def test_an_admin_closes_the_question_now(slack: SlackHarness, api: MockSlackApi) -> None:
    api.admins.add(ALICE.id)
    stored = await posted_question(slack, api, "term")
    await slack.command("/quizadmin", "close")
    [update] = api.of("chat.update")
    assert update.params["ts"] == stored.message_ref
    assert "Nobody answered this time." in reply_of(api.of("chat.postMessage")[1])
    assert f"Closed question {stored.id}" in reply_of(api.of("respond")[-1])


async def test_practice_is_private_from_question_to_feedback(
    slack: SlackHarness, api: MockSlackApi, core: Core
) -> None:
    await slack.command("/practice", user=BOB)
    [question] = api.of("respond")
    assert question.params["response_type"] == "ephemeral"
    assert not api.of("chat.postMessage")
    first = str(buttons_of(question)[0]["action_id"])
    stored = await core.store.question(first.split(":")[1])
    assert stored is not None
    await slack.click(first, user=BOB)
    if stored.question.is_free:  # the answer is typed into a modal, the verdict is private
        await slack.submit(api.of("views.open")[0].params["view"], "x", user=BOB)
        feedback = api.of("chat.postEphemeral")[0]
    else:
        feedback = api.of("respond")[-1]
        assert feedback.params["response_type"] == "ephemeral"
    assert "Next question" in reply_of(feedback)
    next_question = [b for b in buttons_of(feedback) if b["action_id"] == "practice"]
    await slack.click(str(next_question[0]["action_id"]), user=BOB)
    assert api.of("respond")[-1].params["response_type"] == "ephemeral"
    assert not api.of("chat.postMessage")


async def test_the_daily_post_reaches_its_channel_and_the_next_day_reveals_it(
    slack: SlackHarness, api: MockSlackApi, core: Core, clock: FakeClock
) -> None:
    api.admins.add(ALICE.id)
    await slack.command("/quizadmin", "schedule <#C0DAILY|daily> 09:30")
    confirm = reply_of(api.of("respond")[0])
    assert "<#C0DAILY> at 09:30 UTC, daily" in confirm  # a live channel link, no ping
    await clock.set(datetime(2026, 3, 2, 9, 30, tzinfo=UTC))
    await clock.settled()
    [daily] = api.of("chat.postMessage")
    assert daily.params["channel"] == "C0DAILY"
    assert "Daily quiz" in reply_of(daily)
    stored = await core.store.open_question_in(f"slack:{TEAM}:C0DAILY", daily=True)
    assert stored is not None and stored.daily

    await clock.set(datetime(2026, 3, 3, 9, 30, tzinfo=UTC))
    await clock.settled()
    [update] = api.of("chat.update")  # the core kept the posted message's ts
    assert (update.params["channel"], update.params["ts"]) == ("C0DAILY", daily.answer["ts"])
    posts = api.of("chat.postMessage")
    assert [p.params["channel"] for p in posts] == ["C0DAILY"] * 3
    assert "Nobody answered" in reply_of(posts[1]) and "Daily quiz" in reply_of(posts[2])


async def test_a_channel_the_bot_cannot_post_in_says_how_to_fix_it(
    slack: SlackHarness, api: MockSlackApi
) -> None:
    api.fail_next("chat.postMessage", {"ok": False, "error": "not_in_channel"})
    await slack.command("/quiz")
    [told] = api.of("respond")
    assert told.params["response_type"] == "ephemeral"
    assert "/invite @glossbot" in reply_of(told)
    # The question nobody could see was withdrawn: the next /quiz posts a new one.
    await slack.command("/quiz")
    assert len(api.of("chat.postMessage")) == 2


async def test_a_rate_limited_post_is_retried(slack: SlackHarness, api: MockSlackApi) -> None:
    api.fail_next(
        "chat.postMessage",
        {"ok": False, "error": "ratelimited"},
        status=429,
        headers={"Retry-After": "0"},
    )
    stored = await posted_question(slack, api, "acronym")
    assert len(api.of("chat.postMessage")) == 2
    assert stored.message_ref
