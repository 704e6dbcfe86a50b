"""The console's outbox: scheduled posts and reveals are printed into the chat."""

from __future__ import annotations

import itertools
from collections.abc import Callable

from bot.replies import Reply

Show = Callable[[str, str, Reply], None]
"""(what happened, where, the message): `("posted", "console:local:general", reply)`."""


class ConsoleOutbox:
    """Posts go to `show` (the REPL prints them) and are kept in `posts` for tests."""

    def __init__(self, show: Show | None = None) -> None:
        self.posts: list[tuple[str, str, Reply]] = []
        self._show = show
        self._refs = itertools.count(1)

    async def post(self, place: str, reply: Reply) -> str:
        ref = f"m{next(self._refs)}"
        self.posts.append((place, ref, reply))
        if self._show is not None:
            self._show("posted", place, reply)
        return ref

    async def edit(self, place: str, ref: str, reply: Reply) -> None:
        self.posts.append((place, ref, reply))
        if self._show is not None:
            self._show(f"updated message {ref}", place, reply)
