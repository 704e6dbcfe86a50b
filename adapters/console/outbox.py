"""The console's outbox: scheduled posts and reveals are queued for the REPL to print.

It is built before the core (`Core.start(config, outbox=ConsoleOutbox())`) and needs
nothing from it: the REPL, which runs beside the core's background loop, reads `notices`
and prints each one into the chat as it arrives.
"""

from __future__ import annotations

import asyncio
import itertools

from bot.replies import Reply

Notice = tuple[str, str, Reply]
"""(what happened, where, the message): `("posted", "console:local:general", reply)`."""


class ConsoleOutbox:
    """Posts are queued in `notices` (the REPL prints them) and kept in `posts` for tests."""

    def __init__(self) -> None:
        self.posts: list[tuple[str, str, Reply]] = []
        self.notices: asyncio.Queue[Notice] = asyncio.Queue()
        self._refs = itertools.count(1)

    async def post(self, place: str, reply: Reply) -> str:
        ref = f"m{next(self._refs)}"
        self.posts.append((place, ref, reply))
        self.notices.put_nowait(("posted", place, reply))
        return ref

    async def edit(self, place: str, ref: str, reply: Reply) -> None:
        self.posts.append((place, ref, reply))
        self.notices.put_nowait((f"updated message {ref}", place, reply))
