"""Playing commands: /quiz, /practice, and the answer buttons and forms."""

from __future__ import annotations

from typing import Literal

from bot.commands.registry import REGISTRY as registry
from bot.context import Context
from bot.errors import UsageError
from bot.quiz import engine
from bot.quiz.question import QuestionType
from bot.quiz.replies import answer_form
from bot.replies import Reply
from bot.services import Services

QuizType = Literal["definition", "term", "acronym", "truefalse", "free", "flashcard"]


@registry.command(
    "quiz",
    guild_only=True,
    describe={"type": "The kind of question (default: any)"},
)
async def quiz(services: Services, ctx: Context, type: QuizType | None = None) -> Reply:
    """Post a quiz question in this channel; anyone may answer once."""
    return await engine.ask(services, ctx, QuestionType(type) if type else None)


@registry.command("practice", guild_only=True)
async def practice(services: Services, ctx: Context) -> Reply:
    """A private question for you: what you missed or haven't seen, by spaced repetition."""
    return await engine.practise(services, ctx)


@registry.action("practice")
async def practice_again(services: Services, ctx: Context) -> Reply:
    return await engine.practise(services, ctx)


@registry.action("answer")
async def answer_button(services: Services, ctx: Context, question_id: str, choice: str) -> Reply:
    if not choice.isdigit():
        raise UsageError("That is not one of the options.")
    return await engine.answer(services, ctx, question_id, int(choice))


@registry.action("free")
async def free_button(services: Services, ctx: Context, question_id: str) -> Reply:
    """The "Answer" button of a free-answer question: ask for the text."""
    stored = await engine.find(services, ctx, question_id)
    if stored.closed is not None or stored.closes <= ctx.now:
        raise UsageError(f"This question has closed. The answer was **{stored.question.answer}**.")
    return answer_form(stored)


@registry.action("freeanswer")
async def free_answer(services: Services, ctx: Context, question_id: str, text: str = "") -> Reply:
    if not text.strip():
        raise UsageError("Type the term's name to answer.")
    return await engine.answer(services, ctx, question_id, -1, text.strip())


@registry.unposted("question")
async def question_not_posted(services: Services, place: str, question_id: str) -> None:
    """Nobody can see a question that was never posted: withdraw it, with no reveal."""
    await services.store.close_question(question_id, services.clock.now())


@registry.posted("question")
async def question_posted(services: Services, place: str, ref: str, question_id: str) -> None:
    """Remember which message shows the question, so the reveal can edit it."""
    await services.store.set_message_ref(question_id, ref)
