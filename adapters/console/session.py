"""A console chat session: the console REPL's engine and the scenario tests' backend.

`await session.send("/define mlops")` returns the replies as values, and
`await session.send("2")` presses button 2 of the last reply, exactly as a user would.
While a quiz question is in front of the user, its letter (`b`), `true`/`false` or the
text of an option answer it too.
"""

from __future__ import annotations

import dataclasses
import itertools
import re

from bot.context import Context
from bot.core import Core
from bot.replies import Button, Card, Form, Reply, Text, error

PLATFORM = "console"
WORKSPACE = "local"
CHANNEL = "terminal"
LETTERS = "abcdefgh"
BARE_COMMANDS = ("help",)
"""Words that run their command without the slash (the REPL handles `quit` and `exit`)."""
CONSOLE_TIPS = (
    "**In this console**\n"
    "- Type a term without the slash to look it up: `mlops`.\n"
    "- Type a button's number to press it: `2` for `[2]`.\n"
    "- While a question is open, its letter (`b`), `true`/`false` or an option's text "
    "answers it.\n"
    "- `quit` (or `/quit`, `exit`, Ctrl-D) leaves."
)
_LONG_OPTION = re.compile(r"^\*\*([A-H])\.\*\* (.+)$", re.MULTILINE)
"""A long option is listed in the question's text (`**B.** ...`) and its button says `B`."""


class ConsoleSession:
    def __init__(self, core: Core, user: str = "you", *, admin: bool = True) -> None:
        self.core = core
        self.user = user
        self.admin = admin
        self.buttons: tuple[Button, ...] = ()
        self.form: Form | None = None
        self.options: dict[str, Button] = {}
        """What answers the open question besides its number: letters, option texts."""
        self._refs = itertools.count(1)

    def context(self) -> Context:
        return Context(
            platform=PLATFORM,
            workspace=WORKSPACE,
            user_id=self.user,
            channel_id=CHANNEL,
            now=self.core.clock.now(),
            display_name=self.user,
            is_admin=self.admin,
        )

    async def send(self, line: str) -> list[Reply]:
        """A typed line: a /command, a button number, an answer a form asked for, or a term."""
        text = line.strip()
        if self.form is not None and not text.startswith("/"):
            form, self.form = self.form, None
            reply = await self.core.submit(self.context(), form.action.encode(), text)
            return await self._remember([reply])
        answer = self.options.get(_folded(text))
        if answer is not None:
            return await self.click(answer)
        if text.isdigit():
            return await self._press(int(text))
        if text.casefold() in BARE_COMMANDS:
            text = f"/{text.casefold()}"
        if not text.startswith("/"):
            text = f"/define {text}"
        reply = await self.core.run_line(self.context(), text)
        if text.lower() == "/help":
            reply = dataclasses.replace(reply, parts=(*reply.parts, Text(CONSOLE_TIPS)))
        return await self._remember([reply])

    async def _press(self, number: int) -> list[Reply]:
        """Button `number`; a number that is no button says so (it is not a lookup)."""
        live = [n for n, b in enumerate(self.buttons, 1) if not b.disabled]
        if number in live:
            return await self.click(self.buttons[number - 1])
        if not live:
            return [
                error(
                    f"No button {number}: nothing to press now. To look it up: `/define {number}`"
                )
            ]
        choices = f"{live[0]}-{live[-1]}" if len(live) > 1 else f"{live[0]}"
        return [error(f"No button {number}; the choices are {choices}.")]

    async def click(self, button: Button) -> list[Reply]:
        if button.disabled:
            return []
        if button.action.verb == "answer":
            self.options = {}  # answered: letters and words are lookups again
        reply = await self.core.click(self.context(), button.action.encode())
        return await self._remember([reply])

    def offer(self, reply: Reply, *, beside: bool = False) -> int:
        """Make a reply's live buttons pressable; return the number of its first button.

        A reply to what the user typed replaces the buttons. One that arrived on its own
        (`beside`: a daily question posted meanwhile) is numbered after the current ones,
        so the numbers the user is looking at keep their meaning.
        """
        if not any(not b.disabled for b in reply.buttons):
            return 1
        first = len(self.buttons) + 1 if beside else 1
        self.buttons = (*self.buttons, *reply.buttons) if beside else reply.buttons
        if any(b.action.verb == "answer" for b in reply.buttons):
            self.options = _answers(reply)  # kept until answered or another question comes
        return first

    async def _remember(self, replies: list[Reply]) -> list[Reply]:
        """Note the buttons and form to act on next, and report tracked posts to the core."""
        replies = [shown for reply in replies for shown in _with_followups(reply)]
        for reply in replies:
            self.offer(reply)
            self.form = reply.form
            if reply.track:
                ref = f"c{next(self._refs)}"
                await self.core.posted(reply.track, self.context().place, ref)
        return replies


def _with_followups(reply: Reply) -> list[Reply]:
    """A reply and the messages that follow it (the private "shared" notice), in order."""
    out = [reply]
    while out[-1].followup is not None:
        out.append(out[-1].followup)
    return out


def _folded(text: str) -> str:
    return " ".join(text.casefold().split())


def _answers(reply: Reply) -> dict[str, Button]:
    """A question's answer buttons by letter and by option text (`b`, `true`, `k-means`)."""
    buttons = [b for b in reply.buttons if b.action.verb == "answer" and not b.disabled]
    out: dict[str, Button] = {}
    for letter, button in zip(LETTERS, buttons, strict=False):
        out[letter] = button
        out[_folded(button.label)] = button
    for part in reply.parts:
        if isinstance(part, Card):
            for letter, option in _LONG_OPTION.findall(part.body):
                if letter.lower() in out:
                    out.setdefault(_folded(option), out[letter.lower()])
    return out
