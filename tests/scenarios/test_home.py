"""The caller's standing at a glance (the `home` action behind Slack's App Home)."""

from __future__ import annotations

from datetime import timedelta

from adapters.console import ConsoleSession
from bot.commands.home import term_of_the_day
from bot.core import Core
from bot.replies import Card
from tests.conftest import FakeClock


def fields(reply: object) -> dict[str, str]:
    card = reply.parts[0]  # type: ignore[attr-defined]
    assert isinstance(card, Card)
    return {f.name: f.value for f in card.fields}


async def test_home_before_and_after_playing(session: ConsoleSession, core: Core) -> None:
    before = await core.click(session.context(), "home")
    assert before.private
    assert fields(before)["Your score"].startswith("No quiz answers yet")
    assert fields(before)["Due for practice"].startswith("0 due")
    [question] = await session.send("/quiz definition")
    stored = await core.store.question(question.buttons[0].action.args[0])
    assert stored is not None
    await session.click(question.buttons[stored.question.correct])
    after = await core.click(session.context(), "home")
    assert fields(after)["Your score"] == "10 points, 1/1 right (100%), rank #1"
    assert after.buttons[0].label == "Practice now"


async def test_term_of_the_day_is_shared_all_day_and_changes(
    session: ConsoleSession, core: Core, clock: FakeClock
) -> None:
    glossary = core.content.glossary
    today = term_of_the_day(glossary, "console:local", clock.now().date())
    assert today is not None
    alice = await core.click(session.context(), "home")
    bob = await core.click(ConsoleSession(core, "bob").context(), "home")
    assert alice.parts[1].title == bob.parts[1].title == today.name  # type: ignore[union-attr]
    days = {
        term_of_the_day(glossary, "console:local", clock.now().date() + timedelta(days=n))
        for n in range(7)
    }
    assert len(days) > 1


async def test_a_question_that_could_not_be_posted_is_withdrawn(
    session: ConsoleSession, core: Core
) -> None:
    [question] = await session.send("/quiz")
    assert question.track
    await core.post_failed(question.track, session.context().place)
    [fresh] = await session.send("/quiz")
    assert fresh.track and fresh.track != question.track
    assert await core.store.answers(question.buttons[0].action.args[0]) == []
