"""Playing: asking questions, taking answers, closing and revealing, practising.

Everything a question needs lives in the store under its id, so any process can take an
answer to a question another process asked, before or after a restart.
"""

from __future__ import annotations

import logging
import secrets
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from bot import metrics
from bot.actions import Action
from bot.config import QuizConfig
from bot.context import Context
from bot.errors import GlossbotError, UsageError
from bot.quiz import practice
from bot.quiz.generate import check_free_answer, generate
from bot.quiz.question import Question, QuestionType
from bot.quiz.replies import feedback, question_reply, reveal_reply
from bot.replies import Button, Reply, Style, Text
from bot.services import Services
from bot.store import Accepted, AlreadyAnswered, Answer, Closed, StoredQuestion

log = logging.getLogger(__name__)


async def pose(
    services: Services,
    scope: str,
    place: str,
    question: Question,
    opened: datetime,
    closes: datetime,
    *,
    daily_date: date | None = None,
    private_to: str = "",
) -> StoredQuestion | None:
    """Store a new question under a fresh id: the one place a question is made.

    None when a public question of its kind is already open in `place` (the database's
    rule: another instance was quicker); private practice questions are never refused.
    """
    stored = StoredQuestion(
        id=secrets.token_hex(4),
        scope=scope,
        place=place,
        question=question,
        opened=opened,
        closes=closes,
        daily_date=daily_date,
        private_to=private_to,
    )
    return stored if await services.store.add_question(stored) else None


async def ask(services: Services, ctx: Context, kind: QuestionType | None) -> Reply:
    """Post a question in the caller's channel, unless one is still open there.

    The day's daily question does not count: it has its own slot, and stays open for hours.
    """
    current = await services.store.open_question_in(ctx.place, daily=False)
    if current is not None and current.closes > ctx.now:
        again = question_reply(current)
        note = Text("A question is still open in this channel. Here it is again:")
        return Reply((note, *again.parts), again.buttons, private=True)
    if current is not None:
        await close(services, current)
    question = generate(services.content.glossary, services.rng, kind)
    closes = ctx.now + timedelta(minutes=services.config.quiz.close_minutes)
    stored = await pose(services, ctx.scope, ctx.place, question, ctx.now, closes)
    if stored is None:
        # Another instance opened one in this channel a moment ago: show that one.
        return await ask(services, ctx, kind)
    return question_reply(stored)


async def practise(services: Services, ctx: Context) -> Reply:
    """A private question for the caller, chosen by spaced repetition."""
    reviews = await services.store.reviews(ctx.user)
    entry = practice.next_entry(services.content.glossary, reviews, ctx.now, services.rng)
    if entry is None:
        raise UsageError("There is nothing to practise yet: the glossary has no quiz material.")
    question = practice.question_for(services.content.glossary, entry, services.rng)
    closes = ctx.now + timedelta(hours=24)
    stored = await pose(
        services, ctx.scope, ctx.place, question, ctx.now, closes, private_to=ctx.user
    )
    assert stored is not None  # private questions are never refused
    return question_reply(stored)


async def find(services: Services, ctx: Context, question_id: str) -> StoredQuestion:
    stored = await services.store.question(question_id)
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


async def answer(
    services: Services, ctx: Context, question_id: str, choice: int, text: str = ""
) -> Reply:
    """Take a user's answer: the first one counts, later ones are told so privately."""
    stored = await find(services, ctx, question_id)
    q = stored.question
    if q.is_free:
        correct = check_free_answer(text, q, services.content.glossary)
    else:
        if not 0 <= choice < len(q.options):
            raise UsageError("That is not one of the options.")
        correct = choice == q.correct
    points = earned(stored, correct, services.config.quiz)
    record = Answer(ctx.user, ctx.name, choice, text[:200], correct, ctx.now, points)
    if stored.closed is not None or stored.closes <= ctx.now:
        outcome: object = Closed()
    else:
        outcome = await services.store.record_answer(stored, record)
    if isinstance(outcome, Accepted) and not stored.private_to:
        metrics.ANSWERS.labels(str(outcome.correct).lower()).inc()
    match outcome:
        case Closed():
            return feedback(f"This question has closed. The answer was **{q.answer}**.")
        case AlreadyAnswered(correct=was_right):
            verdict = (
                "and you got it right" if was_right else "the first answer is the one that counts"
            )
            return feedback(f"You already answered this one ({verdict}).")
        case Accepted() as accepted if stored.private_to:
            return await _practice_feedback(services, ctx, stored, accepted.correct)
        case Accepted(correct=True, points=gained, streak=streak):
            extra = f" Daily streak: {streak}." if stored.daily else ""
            return feedback(f"Correct! +{gained} points.{extra}")
        case Accepted():
            tail = " Your daily streak starts again tomorrow." if stored.daily else ""
            return feedback(f"Not quite. The answer is revealed when the question closes.{tail}")
    raise AssertionError(outcome)


async def _practice_feedback(
    services: Services, ctx: Context, stored: StoredQuestion, correct: bool
) -> Reply:
    await practice.record(services.store, ctx.user, stored.question.entry_id, correct, ctx.now)
    await services.store.close_question(stored.id, ctx.now)
    q = stored.question
    entry = services.content.entry(q.entry_id)
    summary = entry.summary if entry else ""
    verdict = "Correct!" if correct else f"Not quite: it's **{q.answer}**."
    text = verdict + (f"\n{q.entry_name}: {summary}" if summary else "")
    buttons = (
        Button("Next question", Action.of("practice"), Style.PRIMARY),
        Button(f"Open {q.entry_name}"[:80], Action.of("define", q.entry_id)),
    )
    return feedback(text, buttons=buttons)


@dataclass(frozen=True, slots=True)
class Revealed:
    """A closed question's reveal, and why it did not reach the channel, if it did not."""

    reply: Reply
    problem: str = ""


async def close(
    services: Services, stored: StoredQuestion, now: datetime | None = None
) -> Revealed | None:
    """Close and reveal: edit the question message, post the answer and who was right.

    Returns the reveal, or None when someone else closed it first. Practice questions are
    closed quietly: their answer was shown when they were answered.
    """
    when = now or services.clock.now()
    if not await services.store.close_question(stored.id, when):
        return None
    if stored.private_to:
        return None
    if stored.daily_date is not None:
        await services.store.end_daily(stored, stored.daily_date)
    answers = await services.store.answers(stored.id)
    entry = services.content.entry(stored.question.entry_id)
    reveal = reveal_reply(stored, entry.definition if entry else "", answers)
    return Revealed(reveal, await _show(services, stored, reveal))


async def _show(services: Services, stored: StoredQuestion, reveal: Reply) -> str:
    """Disable the question's buttons and post its reveal; say what went wrong, if anything."""
    outbox = services.outbox
    if outbox is None:
        return ""
    try:
        if stored.message_ref:
            await outbox.edit(
                stored.place, stored.message_ref, question_reply(stored, revealed=True)
            )
        await outbox.post(stored.place, reveal)
    except GlossbotError as exc:
        log.warning("could not reveal question %s in %s: %s", stored.id, stored.place, exc)
        return exc.message
    except Exception:
        log.exception("could not reveal question %s in %s", stored.id, stored.place)
        return "The platform refused the post; the log says why."
    return ""


async def close_due(services: Services) -> int:
    """Close every question whose time is up; returns how many this process closed."""
    closed = 0
    for stored in await services.store.due_questions(services.clock.now()):
        if await close(services, stored) is not None:
            closed += 1
    return closed


async def close_here(services: Services, ctx: Context, daily: bool | None = None) -> Reply:
    """Close one open question of this channel: `daily` picks which; by default the ad-hoc
    quiz if one is open, else the daily question."""
    kinds = (daily,) if daily is not None else (False, True)
    for kind in kinds:
        stored = await services.store.open_question_in(ctx.place, daily=kind)
        if stored is not None:
            break
    else:
        what = {None: "open question", True: "open daily question", False: "open quiz"}[daily]
        raise UsageError(f"There is no {what} in this channel.")
    revealed = await close(services, stored, ctx.now)
    if revealed is None:
        raise UsageError("That question was just closed.")
    if services.outbox is None:
        return revealed.reply
    done = f"Closed question {stored.id} ({'the daily question' if stored.daily else 'the quiz'})."
    if revealed.problem:
        # The channel did not get the reveal: the admin is the one who can fix that.
        note = Text(f"{done} Its reveal could not be posted. {revealed.problem} The reveal:")
        return Reply((note, *revealed.reply.parts), private=True)
    return Reply((Text(done),), private=True)
