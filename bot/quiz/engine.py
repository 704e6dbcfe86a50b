"""Playing: asking questions, taking answers, closing and revealing, practising.

Everything a question needs lives in the store under its id, so any process can take an
answer to a question another process asked, before or after a restart.
"""

from __future__ import annotations

import logging
import secrets
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from bot.actions import Action
from bot.config import QuizConfig
from bot.context import Context
from bot.errors import UsageError
from bot.quiz import practice
from bot.quiz.generate import check_free_answer, generate
from bot.quiz.question import QuestionType
from bot.quiz.render import feedback, question_reply, reveal_reply
from bot.replies import Button, Reply, Style, Text
from bot.store import Accepted, AlreadyAnswered, Answer, Closed, StoredQuestion

if TYPE_CHECKING:
    from bot.core import Core

log = logging.getLogger(__name__)


def new_id() -> str:
    return secrets.token_hex(4)


async def ask(core: Core, ctx: Context, kind: QuestionType | None) -> Reply:
    """Post a question in the caller's channel, unless one is still open there.

    The day's daily question does not count: it has its own slot, and stays open for hours.
    """
    current = await core.store.open_question_in(ctx.place, daily=False)
    if current is not None and current.closes > ctx.now:
        again = question_reply(current)
        note = Text("A question is still open in this channel. Here it is again:")
        return Reply((note, *again.parts), again.buttons, private=True)
    if current is not None:
        await close(core, current)
    question = generate(core.content.glossary, core.rng, kind)
    stored = StoredQuestion(
        id=new_id(),
        scope=ctx.scope,
        place=ctx.place,
        question=question,
        opened=ctx.now,
        closes=ctx.now + timedelta(minutes=core.config.quiz.close_minutes),
    )
    await core.store.add_question(stored)
    return question_reply(stored)


async def practise(core: Core, ctx: Context) -> Reply:
    """A private question for the caller, chosen by spaced repetition."""
    reviews = await core.store.reviews(ctx.user)
    entry = practice.next_entry(core.content.glossary, reviews, ctx.now, core.rng)
    if entry is None:
        raise UsageError("There is nothing to practise yet: the glossary has no quiz material.")
    question = practice.question_for(core.content.glossary, entry, core.rng)
    stored = StoredQuestion(
        id=new_id(),
        scope=ctx.scope,
        place=ctx.place,
        question=question,
        opened=ctx.now,
        closes=ctx.now + timedelta(hours=24),
        private_to=ctx.user,
    )
    await core.store.add_question(stored)
    return question_reply(stored)


async def find(core: Core, ctx: Context, question_id: str) -> StoredQuestion:
    stored = await core.store.question(question_id)
    if stored is None:
        raise UsageError("That question no longer exists.")
    if stored.scope != ctx.scope:
        raise UsageError("That question belongs to another workspace.")
    if stored.private_to and stored.private_to != ctx.user:
        raise UsageError("That practice question is someone else's. Try `/practice`.")
    return stored


def earned(stored: StoredQuestion, correct: bool, quiz: QuizConfig) -> int:
    """The points rule, the only one: a right answer to a daily scores more; practice nothing."""
    if not correct or stored.private_to:
        return 0
    return quiz.daily_points if stored.daily else quiz.points


async def answer(core: Core, ctx: Context, question_id: str, choice: int, text: str = "") -> Reply:
    """Take a user's answer: the first one counts, later ones are told so privately."""
    stored = await find(core, ctx, question_id)
    q = stored.question
    if q.is_free:
        correct = check_free_answer(text, q, core.content.glossary)
    else:
        if not 0 <= choice < len(q.options):
            raise UsageError("That is not one of the options.")
        correct = choice == q.correct
    points = earned(stored, correct, core.config.quiz)
    record = Answer(ctx.user, ctx.name, choice, text[:200], correct, ctx.now, points)
    if stored.closed is not None or stored.closes <= ctx.now:
        outcome: object = Closed()
    else:
        outcome = await core.store.record_answer(stored, record)
    match outcome:
        case Closed():
            return feedback(f"This question has closed. The answer was **{q.answer}**.")
        case AlreadyAnswered(correct=was_right):
            verdict = (
                "and you got it right" if was_right else "the first answer is the one that counts"
            )
            return feedback(f"You already answered this one ({verdict}).")
        case Accepted() as accepted if stored.private_to:
            return await _practice_feedback(core, ctx, stored, accepted.correct)
        case Accepted(correct=True, points=gained, streak=streak):
            extra = f" Daily streak: {streak}." if stored.daily else ""
            return feedback(f"Correct! +{gained} points.{extra}")
        case Accepted():
            tail = " Your daily streak starts again tomorrow." if stored.daily else ""
            return feedback(f"Not quite. The answer is revealed when the question closes.{tail}")
    raise AssertionError(outcome)


async def _practice_feedback(
    core: Core, ctx: Context, stored: StoredQuestion, correct: bool
) -> Reply:
    await practice.record(core.store, ctx.user, stored.question.entry_id, correct, ctx.now)
    await core.store.close_question(stored.id, ctx.now)
    q = stored.question
    entry = core.content.entry(q.entry_id)
    summary = entry.summary if entry else ""
    verdict = "Correct!" if correct else f"Not quite: it's **{q.answer}**."
    text = verdict + (f"\n{q.entry_name}: {summary}" if summary else "")
    buttons = (
        Button("Next question", Action.of("practice"), Style.PRIMARY),
        Button(f"Open {q.entry_name}"[:80], Action.of("define", q.entry_id)),
    )
    return feedback(text, buttons=buttons)


async def close(core: Core, stored: StoredQuestion, now: datetime | None = None) -> Reply | None:
    """Close and reveal: edit the question message, post the answer and who was right.

    Returns the reveal, or None when someone else closed it first. Practice questions are
    closed quietly: their answer was shown when they were answered.
    """
    when = now or core.clock.now()
    if not await core.store.close_question(stored.id, when):
        return None
    if stored.private_to:
        return None
    if stored.daily_date is not None:
        await core.store.end_daily(stored, stored.daily_date)
    answers = await core.store.answers(stored.id)
    entry = core.content.entry(stored.question.entry_id)
    reveal = reveal_reply(stored, entry.definition if entry else "", answers)
    outbox = core.outbox
    if outbox is not None:
        try:
            if stored.message_ref:
                await outbox.edit(
                    stored.place, stored.message_ref, question_reply(stored, revealed=True)
                )
            await outbox.post(stored.place, reveal)
        except Exception:
            log.exception("could not reveal question %s in %s", stored.id, stored.place)
    return reveal


async def close_due(core: Core) -> int:
    """Close every question whose time is up; returns how many this process closed."""
    closed = 0
    for stored in await core.store.due_questions(core.clock.now()):
        if await close(core, stored) is not None:
            closed += 1
    return closed


async def close_here(core: Core, ctx: Context, daily: bool | None = None) -> Reply:
    """Close one open question of this channel: `daily` picks which; by default the ad-hoc
    quiz if one is open, else the daily question."""
    kinds = (daily,) if daily is not None else (False, True)
    for kind in kinds:
        stored = await core.store.open_question_in(ctx.place, daily=kind)
        if stored is not None:
            break
    else:
        what = {None: "open question", True: "open daily question", False: "open quiz"}[daily]
        raise UsageError(f"There is no {what} in this channel.")
    reveal = await close(core, stored, ctx.now)
    if reveal is None:
        raise UsageError("That question was just closed.")
    if core.outbox is not None:
        label = "the daily question" if stored.daily else "the quiz"
        return Reply((Text(f"Closed question {stored.id} ({label})."),), private=True)
    return reveal
