"""The terminal loop: read a line, send it to the session, print the replies."""

from __future__ import annotations

import asyncio
import sys
from typing import TextIO

from adapters.console.render import render
from adapters.console.session import ConsoleSession

BANNER = (
    "glossbot console: {entries} entries loaded. Type a term (e.g. mlops) or a command:\n"
    "/define <term>, /search <words>, /random, /help. Numbers press buttons. Ctrl-D quits."
)


async def run_repl(
    session: ConsoleSession, stdin: TextIO = sys.stdin, stdout: TextIO = sys.stdout
) -> None:
    """Run until end of input; Ctrl-C is handled by the caller (`glossbot console`)."""
    interactive = stdin.isatty()
    print(BANNER.format(entries=len(session.core.content.glossary)), file=stdout, flush=True)
    while True:
        if interactive:
            print("> ", end="", file=stdout, flush=True)
        line = await asyncio.to_thread(stdin.readline)
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
