"""What a command handler may use: the one seam between commands and the core.

Handlers take `(services: Services, ctx: Context, ...)`. `bot.core.Core` satisfies this
protocol, but command modules, the quiz engine and the scheduler import only this file,
so `bot.core` can import them without an import circle, and a test can hand a handler
anything that has these members.
"""

from __future__ import annotations

import random
from typing import TYPE_CHECKING, Protocol

from bot.broadcast import Everywhere
from bot.clock import Clock
from bot.config import Config
from bot.content import Content, ReloadReport
from bot.outbox import Outbox
from bot.store import Store

if TYPE_CHECKING:
    # Only a type here: bot.commands imports the handlers, which import this module.
    from bot.commands.registry import Registry


class Services(Protocol):
    @property
    def config(self) -> Config: ...

    @property
    def content(self) -> Content:
        """The glossary and its indexes as of now; replaced whole by `reload`."""
        ...

    @property
    def store(self) -> Store: ...

    @property
    def clock(self) -> Clock: ...

    @property
    def rng(self) -> random.Random: ...

    @property
    def outbox(self) -> Outbox | None:
        """How to post unprompted (reveals, daily posts); None where nothing can be posted."""
        ...

    @property
    def commands(self) -> Registry: ...

    @property
    def last_reload(self) -> ReloadReport | None:
        """The outcome of the latest load (start-up or `/glossary reload`)."""
        ...

    @property
    def last_everywhere(self) -> Everywhere | None:
        """The latest `/glossary reload` run here: this instance's report and the others'."""
        ...

    async def reload(self) -> ReloadReport:
        """Re-read every source; keep the current content when the new one has errors."""
        ...

    async def reload_everywhere(self) -> Everywhere:
        """Reload here and ask every other instance sharing the database to reload too."""
        ...
