"""The console adapter: a terminal chat with the bot, and the test backend for scenarios.

`ConsoleSession` loads on first use (PEP 562): `glossbot define` renders with `render`
and must not pay for the session, which brings the whole core (store, quiz, scheduler).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from adapters.console.render import render

if TYPE_CHECKING:
    from adapters.console.session import ConsoleSession

__all__ = ["ConsoleSession", "render"]


def __getattr__(name: str) -> object:
    if name == "ConsoleSession":
        from adapters.console.session import ConsoleSession

        return ConsoleSession
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
