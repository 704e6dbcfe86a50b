"""`glossbot terms [TEXT] [--json]`: the glossary terms a message uses, as "Define terms" shows.

With no TEXT the whole of stdin is one message (paste a thread, pipe a file).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys

from adapters.console import ConsoleSession, render
from adapters.console.render import terminal_width
from bot.config import Config
from bot.core import Core
from bot.store import SqliteStore

HELP = "define the glossary terms a message uses"
EXIT_OK, EXIT_USAGE = 0, 2


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("text", nargs="*", metavar="TEXT", help="the message; stdin when none")
    parser.add_argument("--json", action="store_true", help="one JSON object: the terms found")


def run(config: Config, args: argparse.Namespace) -> int:
    if not args.text and sys.stdin.isatty():
        print("usage: glossbot terms TEXT... [--json], or pipe a message in", file=sys.stderr)
        return EXIT_USAGE
    text = " ".join(args.text) if args.text else sys.stdin.read()
    if not text.strip():
        print("glossbot: nothing to read: give a message as TEXT or on stdin", file=sys.stderr)
        return EXIT_USAGE
    return asyncio.run(_answer(config, text, as_json=args.json))


async def _answer(config: Config, text: str, *, as_json: bool) -> int:
    core = await Core.start(config, store=SqliteStore(":memory:"))
    try:
        if as_json:
            found = core.content.terms.find(text)
            terms = [
                {
                    "name": f.entry.name,
                    "id": f.entry.id,
                    "said": f.said,
                    "start": f.span.start,
                    "end": f.span.end,
                    "summary": f.entry.summary,
                }
                for f in found
            ]
            print(json.dumps({"terms": terms}, ensure_ascii=False))
            return EXIT_OK
        session = ConsoleSession(core)
        reply = await core.run(session.context(), "terms", text=text)
        print(render(reply, width=terminal_width(sys.stdout), styled=sys.stdout.isatty()))
        return EXIT_OK
    finally:
        await core.close()
