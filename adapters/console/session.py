"""A console chat session: the console REPL's engine and the scenario tests' backend.

`await session.send("/define mlops")` returns the replies as values, and
`await session.send("2")` presses button 2 of the last reply, exactly as a user would.
"""

from __future__ import annotations

from bot.context import Context
from bot.core import Core
from bot.replies import Button, Reply

PLATFORM = "console"
WORKSPACE = "local"
CHANNEL = "terminal"


class ConsoleSession:
    def __init__(self, core: Core, user: str = "you", *, admin: bool = True) -> None:
        self.core = core
        self.user = user
        self.admin = admin
        self.buttons: tuple[Button, ...] = ()

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
        """A typed line: a /command, a button number, or a bare term to define."""
        text = line.strip()
        if text.isdigit() and self.buttons:
            number = int(text)
            if 1 <= number <= len(self.buttons):
                return await self.click(self.buttons[number - 1])
        if not text.startswith("/"):
            text = f"/define {text}"
        return self._remember([await self.core.run_line(self.context(), text)])

    async def click(self, button: Button) -> list[Reply]:
        reply = await self.core.click(self.context(), button.action.encode())
        return self._remember([reply])

    def _remember(self, replies: list[Reply]) -> list[Reply]:
        for reply in replies:
            if reply.buttons:
                self.buttons = reply.buttons
        return replies
