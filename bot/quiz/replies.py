"""Quiz questions, reveals and feedback as neutral replies (adapters/*/render.py draw them)."""

from __future__ import annotations

from collections.abc import Sequence

from bot.actions import Action
from bot.quiz.question import QuestionType
from bot.replies import Button, Card, Field, Form, Reply, Style, Text
from bot.safety import inert
from bot.store import Answer, StoredQuestion
from bot.text import shorten

LETTERS = "ABCDEFGH"
LABEL_LIMIT = 60
_TITLES = {
    QuestionType.DEFINITION: "Which term is this?",
    QuestionType.TERM: "What does this term mean?",
    QuestionType.ACRONYM: "What does this acronym stand for?",
    QuestionType.TRUE_FALSE: "Does this definition fit?",
    QuestionType.FREE: "Name the term",
    QuestionType.FLASHCARD: "Flashcard",
}


def _title(stored: StoredQuestion) -> str:
    kind = "Daily quiz" if stored.daily else "Practice" if stored.private_to else "Quiz"
    return f"{kind}: {_TITLES[stored.question.type]}"


def _short_labels(options: Sequence[str]) -> bool:
    return all(len(o) <= LABEL_LIMIT for o in options)


def question_reply(stored: StoredQuestion, *, revealed: bool = False) -> Reply:
    """The question card with one button per option (or an Answer button for free text)."""
    q = stored.question
    lines = [q.prompt]
    short = _short_labels(q.options)
    if not short:
        lines += ["", *(f"**{LETTERS[i]}.** {o}" for i, o in enumerate(q.options))]
    footer = f"Question {stored.id}"
    if revealed:
        footer += f" · closed · answer: {q.answer}"
    elif not stored.private_to:
        when = f"{stored.closes:%H:%M} UTC"
        if stored.closes.date() != stored.opened.date():
            when = f"{stored.closes:%a %d %b} {when}"
        footer += f" · closes {when} · first answer counts"
    card = Card(title=_title(stored), body="\n".join(lines), footer=footer)
    buttons: list[Button] = []
    for i, option in enumerate(q.options):
        label = option if short else LETTERS[i]
        style = Style.SUCCESS if revealed and i == q.correct else Style.SECONDARY
        action = Action.of("answer", stored.id, i)
        buttons.append(Button(label, action, style, disabled=revealed))
    if q.is_free:
        buttons.append(
            Button("Answer", Action.of("free", stored.id), Style.PRIMARY, disabled=revealed)
        )
    track = None if revealed or stored.private_to else Action.of("question", stored.id)
    return Reply((card,), tuple(buttons), private=bool(stored.private_to), track=track)


def answer_form(stored: StoredQuestion) -> Reply:
    form = Form(
        title="Your answer",
        label="Which term is it?",
        action=Action.of("freeanswer", stored.id),
        placeholder="Type the term's name",
        max_length=100,
    )
    return Reply((Text("Type your answer."),), private=True, form=form)


def reveal_reply(stored: StoredQuestion, definition: str, answers: Sequence[Answer]) -> Reply:
    """Posted when a question closes: the answer, its definition, and who was right."""
    q = stored.question
    right = [a for a in answers if a.correct]
    if not answers:
        who = "Nobody answered this time."
    elif not right:
        who = f"Nobody got it right ({len(answers)} answered)."
    else:
        names = ", ".join(inert(a.name) for a in right[:20])
        more = f" and {len(right) - 20} more" if len(right) > 20 else ""
        who = f"Right ({len(right)} of {len(answers)}): {names}{more}."
    fields = (Field("Who was right", who),)
    body = shorten(definition, 900) if definition else ""
    card = Card(
        title=f"The answer: {q.answer if q.type is not QuestionType.FREE else q.entry_name}",
        summary=f"About {q.entry_name}" if q.type is QuestionType.TRUE_FALSE else "",
        body=body,
        fields=fields,
        footer=f"Question {stored.id}",
    )
    read = Button(f"Open {q.entry_name}"[:80], Action.of("define", q.entry_id))
    return Reply((card,), (read,))


def feedback(text: str, *, buttons: tuple[Button, ...] = ()) -> Reply:
    return Reply((Text(text),), buttons, private=True)
