"""The terminal loop: read a line, send it to the session, print the replies.

Scheduled daily posts and reveals are printed into the same terminal as they happen,
because the core's background loop runs beside the input loop. They say which channel
they belong to, appear above the prompt, and their buttons are numbered after the ones
already on screen, so those keep their meaning.
"""

from __future__ import annotations

import asyncio
import contextlib
import sys
from pathlib import Path
from typing import TextIO

from adapters.console.outbox import ConsoleOutbox
from adapters.console.render import fit, render
from adapters.console.session import ConsoleSession
from adapters.console.terminal import Terminal

BANNER = (
    "glossbot console: {entries} entries loaded. Type a term to look it up (mlops),\n"
    "or a command such as /quiz or /score; help lists them all.\n"
    "Numbers press [n] buttons; quit (or Ctrl-D) leaves."
)
QUIT = ("quit", "exit", "/quit", "/exit")
HISTORY = "console_history"


async def run_repl(
    session: ConsoleSession,
    outbox: ConsoleOutbox,
    stdin: TextIO = sys.stdin,
    stdout: TextIO = sys.stdout,
) -> None:
    """Run until end of input or `quit`; Ctrl-C is handled by the caller.

    `outbox` is the one the session's core posts through: what it queues is printed here.
    """
    terminal = Terminal(stdin, stdout, Path(session.core.config.data_dir) / HISTORY)
    background = asyncio.create_task(session.core.run_background(), name="glossbot-background")
    printer = asyncio.create_task(_print_notices(session, outbox, terminal), name="glossbot-posts")
    try:
        await _read_loop(session, terminal)
    finally:
        terminal.close()
        for task in (background, printer):
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task


async def _print_notices(
    session: ConsoleSession, outbox: ConsoleOutbox, terminal: Terminal
) -> None:
    while True:
        what, place, reply = await outbox.notices.get()
        first = session.offer(reply, beside=True)
        channel = place.rsplit(":", 1)[-1]
        shown = render(reply, width=terminal.width, styled=terminal.styled, first=first)
        terminal.notice(f"[{what} in #{channel}]\n{shown}\n")


async def _read_loop(session: ConsoleSession, terminal: Terminal) -> None:
    terminal.say(BANNER.format(entries=len(session.core.content.glossary)))
    lines = terminal.lines()
    while True:
        line = await lines.get()
        if not line or line.strip().lower() in QUIT:
            break
        if line.strip():
            for reply in await session.send(line):
                shown = fit(reply, width=terminal.width)
                session.offer(shown)
                terminal.say(render(shown, width=terminal.width, styled=terminal.styled) + "\n")
        terminal.ready()
    terminal.say("bye")
