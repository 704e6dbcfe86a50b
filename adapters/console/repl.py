"""The terminal loop: read a line, send it to the session, print the replies.

Scheduled daily posts and reveals are printed into the same terminal as they happen,
because the core's background loop runs beside the input loop.
"""

from __future__ import annotations

import asyncio
import contextlib
import sys
import threading
from typing import TextIO

from adapters.console.outbox import ConsoleOutbox
from adapters.console.render import render
from adapters.console.session import ConsoleSession
from bot.replies import Reply

BANNER = (
    "glossbot console: {entries} entries loaded. Type a term (e.g. mlops) or a command:\n"
    "/define <term>, /search <words>, /quiz, /practice, /score, /leaderboard, /help.\n"
    "Numbers press buttons. Ctrl-D quits."
)


async def run_repl(
    session: ConsoleSession, stdin: TextIO = sys.stdin, stdout: TextIO = sys.stdout
) -> None:
    """Run until end of input; Ctrl-C is handled by the caller (`glossbot console`)."""

    def show(what: str, reply: Reply) -> None:
        # A posted daily question is in front of the user now: its numbers answer it.
        session.offer(reply)
        print(f"[{what}]\n{render(reply)}\n", file=stdout, flush=True)

    background = asyncio.create_task(
        session.core.run_background(ConsoleOutbox(show)), name="glossbot-background"
    )
    try:
        await _read_loop(session, stdin, stdout)
    finally:
        background.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await background


def _read_lines(stdin: TextIO) -> asyncio.Queue[str]:
    """Lines typed, delivered by a daemon thread: a blocked read never holds up exit.

    (Reading in the default executor would: on Ctrl-C, asyncio waits for that thread,
    which sits in `readline` until the user presses Enter.)
    """
    loop = asyncio.get_running_loop()
    lines: asyncio.Queue[str] = asyncio.Queue()

    def read() -> None:
        while True:
            line = stdin.readline()
            try:
                loop.call_soon_threadsafe(lines.put_nowait, line)
            except RuntimeError:  # the loop is gone: the console has exited
                return
            if not line:
                return

    threading.Thread(target=read, name="glossbot-stdin", daemon=True).start()
    return lines


async def _read_loop(session: ConsoleSession, stdin: TextIO, stdout: TextIO) -> None:
    interactive = stdin.isatty()
    print(BANNER.format(entries=len(session.core.content.glossary)), file=stdout, flush=True)
    lines = _read_lines(stdin)
    while True:
        if interactive:
            print("> ", end="", file=stdout, flush=True)
        line = await lines.get()
        if not line:
            break
        if not line.strip():
            continue
        if line.strip().lower() in ("/quit", "/exit"):
            break
        for reply in await session.send(line):
            print(render(reply), file=stdout, flush=True)
            print(file=stdout, flush=True)
    print("bye", file=stdout, flush=True)
