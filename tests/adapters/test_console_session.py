"""Typing in the console: answers by letter, word or option text, and numbers that are no
button (told so, never looked up)."""

from __future__ import annotations

from adapters.console import ConsoleSession, render
from bot.replies import ErrorText


async def open_question(session: ConsoleSession, kind: str) -> tuple[list[str], int]:
    [reply] = await session.send(f"/quiz {kind}")
    stored = await session.core.store.question(reply.buttons[0].action.args[0])
    assert stored is not None
    return list(stored.question.options), stored.question.correct


async def test_a_letter_answers_the_open_question(session: ConsoleSession) -> None:
    _, correct = await open_question(session, "definition")
    [answered] = await session.send("ABCD"[correct].lower())
    assert "Correct" in render(answered)
    [again] = await session.send("b")  # answered: a letter is a lookup again
    assert "Correct" not in render(again) and "already" not in render(again)


async def test_true_or_false_answers_a_true_false_question(session: ConsoleSession) -> None:
    options, correct = await open_question(session, "truefalse")
    assert options == ["True", "False"]
    [answered] = await session.send(" FALSE " if correct == 1 else "true")
    assert "Correct" in render(answered)


async def test_the_text_of_an_option_answers_it(session: ConsoleSession) -> None:
    options, correct = await open_question(session, "definition")
    [answered] = await session.send(options[(correct + 1) % len(options)].upper())
    assert "Not quite" in render(answered)


async def test_a_number_that_is_no_button_says_so_and_is_not_a_lookup(
    session: ConsoleSession,
) -> None:
    [reply] = await session.send("masked vision modeling")
    count = len(reply.buttons)
    [refused] = await session.send("9")
    assert isinstance(refused.parts[0], ErrorText)
    choices = f"1-{count}" if count > 1 else "1"
    assert refused.parts[0].body == f"No button 9; the choices are {choices}."
    assert session.buttons == reply.buttons  # the buttons on screen still work
    fresh = ConsoleSession(session.core, "bob")
    [nothing] = await fresh.send("3")
    assert "nothing to press" in render(nothing)
    assert await session.core.store.top_misses(None, 10) == []


async def test_help_without_the_slash_explains_the_console(session: ConsoleSession) -> None:
    [reply] = await session.send("help")
    shown = render(reply)
    for heading in ("Look things up", "Play", "Admin", "In this console"):
        assert heading in shown
    assert "button's number" in shown and "without the slash" in shown and "quit" in shown
