"""The console adapter: a terminal chat with the bot, and the test backend for scenarios."""

from adapters.console.render import render
from adapters.console.session import ConsoleSession

__all__ = ["ConsoleSession", "render"]
