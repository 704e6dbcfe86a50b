"""The points rule, decided once by the engine: right scores, a daily more, practice nothing."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from bot.context import Context
from bot.core import Core
from bot.quiz import engine
from bot.quiz.generate import generate
from bot.quiz.question import QuestionType
from bot.store import StoredQuestion
from tests.conftest import FakeClock

SCOPE = "console:local"


def ctx_of(user: str, clock: FakeClock) -> Context:
    return Context("console", "local", user, "general", clock.now(), user.title())


async def asked(core: Core, clock: FakeClock, **where: Any) -> StoredQuestion:
    """A multiple-choice question open for five minutes in #general (daily or private)."""
    question = generate(core.content.glossary, core.rng, QuestionType.DEFINITION)
    opened, closes = clock.now(), clock.now() + timedelta(minutes=5)
    return await engine.pose(core, SCOPE, f"{SCOPE}:general", question, opened, closes, **where)


async def test_a_daily_scores_more_and_a_wrong_answer_nothing(core: Core, clock: FakeClock) -> None:
    daily = await asked(core, clock, daily_date=clock.now().date())
    right = daily.question.correct
    wrong = (right + 1) % len(daily.question.options)
    said = await engine.answer(core, ctx_of("alice", clock), daily.id, right, daily.question.answer)
    assert "+20 points" in str(said)
    await engine.answer(core, ctx_of("bob", clock), daily.id, wrong, "not it")
    answers = {a.name: a.points for a in await core.store.answers(daily.id)}
    assert answers == {"Alice": 20, "Bob": 0}
    alice = await core.store.score(SCOPE, f"{SCOPE}:alice")
    assert alice is not None and (alice.points, alice.streak) == (20, 1)


async def test_practice_earns_no_points(core: Core, clock: FakeClock) -> None:
    mine = await asked(core, clock, private_to=f"{SCOPE}:alice")
    q = mine.question
    await engine.answer(core, ctx_of("alice", clock), mine.id, q.correct, q.answer)
    assert [a.points for a in await core.store.answers(mine.id)] == [0]
    assert await core.store.score(SCOPE, f"{SCOPE}:alice") is None
