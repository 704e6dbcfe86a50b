"""A console chat session: the console REPL's engine and the scenario tests' backend.

`await session.send("/define mlops")` returns the replies as values, and
`await session.send("2")` presses button 2 of the last reply, exactly as a user would.
"""

from __future__ import annotations

import itertools

from bot.context import Context
from bot.core import Core
from bot.replies import Button, Form, Reply

PLATFORM = "console"
WORKSPACE = "local"
CHANNEL = "terminal"


class ConsoleSession:
    def __init__(self, core: Core, user: str = "you", *, admin: bool = True) -> None:
        self.core = core
        self.user = user
        self.admin = admin
        self.buttons: tuple[Button, ...] = ()
        self.form: Form | None = None
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
        if text.isdigit() and self.buttons:
            number = int(text)
            if 1 <= number <= len(self.buttons):
                return await self.click(self.buttons[number - 1])
        if not text.startswith("/"):
            text = f"/define {text}"
        return await self._remember([await self.core.run_line(self.context(), text)])

    async def click(self, button: Button) -> list[Reply]:
        if button.disabled:
            return []
        reply = await self.core.click(self.context(), button.action.encode())
        return await self._remember([reply])

    def offer(self, reply: Reply) -> None:
        """Make a reply's live buttons the ones typed numbers press."""
        if any(not b.disabled for b in reply.buttons):
            self.buttons = reply.buttons

    async def _remember(self, replies: list[Reply]) -> list[Reply]:
        """Note the buttons and form to act on next, and report tracked posts to the core."""
        for reply in replies:
            self.offer(reply)
            self.form = reply.form
            if reply.track:
                ref = f"c{next(self._refs)}"
                await self.core.posted(reply.track, self.context().place, ref)
        return replies
